/* pdf.c: draws a box_doc with libharu (fonts, boxes, links, outline, metadata) and writes it atomically. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dlfcn.h>
#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <hpdf_utils.h>
#include <zlib.h>

#include "diag.h"
#include "doc.h"
#include "lang.h"
#include "mf.h"
#include "tag.h"
#include "util.h"

#define PDF_MAX_OUTLINE_LEVEL 8
/* zlib level of every stream (libharu's own is Z_DEFAULT_COMPRESSION, 6).
 * Measured on the sample (bench/README.md): level 3 deflates in 60 % of
 * level 6's instructions for files 6 % (notat) and 2 % (Bilag 1) larger. */
#define PDF_DEFLATE_LEVEL 3

static const char *const face_file[DOC_NFACES] = {
	[DOC_REGULAR] = "LiberationSerif-Regular.ttf",
	[DOC_BOLD] = "LiberationSerif-Bold.ttf",
	[DOC_ITALIC] = "LiberationSerif-Italic.ttf",
	[DOC_BOLDITALIC] = "LiberationSerif-BoldItalic.ttf",
};

/* The first error libharu reported through the handler. */
struct pdf_err {
	unsigned long no, detail;
};

/* Drawing state of one pdf_write. */
struct pctx {
	HPDF_Doc pdf;
	const struct box_doc *bd;
	struct fontset *fs;          /* kerning, or NULL */
	const struct pdf_meta *m;
	struct tag *tag;
	struct pdf_err err;
	HPDF_Page *page;             /* [bd->npages] */
	HPDF_Image *image;           /* [bd->nimages], loaded on first use */
	HPDF_Font font[FONT_NFACES]; /* loaded on first use */
	int pg;                      /* page being drawn */
	HPDF_Page cur;               /* page[pg] */
	int in_text;                 /* inside BT/ET */
	int mc_open, mc_elem;        /* open marked content and its element */
	enum tag_art mc_art;
	HPDF_Font tf_font;           /* Tf inside the current BT */
	double tf_size;
	long fill, stroke;           /* current colours, -1 unknown */
	double lw;                   /* current line width, -1 unknown */
};

static void
pdf_on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	struct pdf_err *e = user;
	if (e->no == 0) {
		e->no = (unsigned long)no;
		e->detail = (unsigned long)detail;
	}
}

/* 3 after reporting the first libharu error, if there was one; else 0. */
static int
haru_status(struct pctx *c)
{
	if (c->err.no == 0)
		return 0;
	diag(M_PDF_LIBHARU, NULL, c->err.no, c->err.detail);
	return 3;
}

/* Reports a failed libharu call: the handler's error, else the document's. */
static int
haru_fail(struct pctx *c)
{
	if (haru_status(c) == 0)
		diag(M_PDF_LIBHARU, NULL, (unsigned long)HPDF_GetError(c->pdf),
		    (unsigned long)HPDF_GetErrorDetail(c->pdf));
	return 3;
}

const char *
pdf_lib_version(void)
{
	return HPDF_GetVersion();
}

/* ---- libharu's glyph lookup, replaced ----
 *
 * HPDF_GetFont builds a 65,536-entry CID-to-glyph map for every TrueType
 * face of every document by calling HPDF_TTFontDef_GetGlyphid once per BMP
 * code point, and libharu 2.3.0 finds the cmap segment by a linear scan (a
 * few hundred segments in Liberation Serif): 31 % of a build's instructions.
 * libharu calls the function through its PLT, so this definition in the
 * program takes its place (ELF symbol interposition). It returns exactly
 * what 2.3.0's does, for every font; only the segment search differs: for
 * the font definitions that face_font has checked to have their segment ends
 * in ascending order (as the TrueType spec requires), the whole BMP is
 * tabled on the first lookup, one walk over the segments' code points, and
 * kept until pdf_write returns; any other definition is searched linearly. Were the library linked -Bsymbolic, its own slower copy would
 * run instead, with the same results. Not thread-safe: pdf_write runs on
 * one thread.
 */

static HPDF_FontDef sorted_def[FONT_NFACES]; /* cmap end codes ascend; NULL: none */

/* Index of the first segment whose end code is >= u (seg_count if none). */
static unsigned
cmap_segment(HPDF_FontDef def, const HPDF_TTF_CmapRange *cm, unsigned seg_count, unsigned u)
{
	unsigned lo = 0, hi = seg_count;
	int sorted = 0;
	for (size_t f = 0; f < FONT_NFACES; f++)
		sorted |= def == sorted_def[f];
	if (!sorted) {
		while (lo < seg_count && u > cm->end_count[lo])
			lo++;
		return lo;
	}
	/* libharu asks in ascending order: try the last segment first */
	static unsigned last;
	if (last < seg_count && cm->end_count[last] >= u && (last == 0 || cm->end_count[last - 1] < u))
		return last;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (cm->end_count[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return last = lo;
}

/* The glyph of unicode in segment i of a format 4 cmap (seg_count if none). */
static HPDF_UINT16
segment_glyph(const HPDF_TTF_CmapRange *cm, unsigned seg_count, unsigned i, unsigned unicode)
{
	if (i == seg_count || cm->start_count[i] > unicode)
		return 0;
	if (cm->id_range_offset[i] == 0)
		return (HPDF_UINT16)(unicode + cm->id_delta[i]);
	unsigned idx = cm->id_range_offset[i] / 2u + (unicode - cm->start_count[i]) - (seg_count - i);
	if (idx > cm->glyph_id_array_count)
		return 0;
	return (HPDF_UINT16)(cm->glyph_id_array[idx] + cm->id_delta[i]);
}

/* The whole BMP of a checked face's cmap, made on its first lookup:
 * libharu asks for every code point of every face of every document. */
static HPDF_UINT16 *gid_table[FONT_NFACES];

static const HPDF_UINT16 *
face_table(HPDF_FontDef def, const HPDF_TTF_CmapRange *cm, unsigned seg_count)
{
	for (size_t f = 0; f < FONT_NFACES; f++) {
		if (def != sorted_def[f])
			continue;
		if (gid_table[f] == NULL) {
			gid_table[f] = xcalloc(65536, sizeof *gid_table[f]);
			/* the ends ascend: segment i holds the code points after
			 * segment i-1's end up to its own (those from its start on) */
			for (unsigned i = 0, from = 0; i < seg_count; from = cm->end_count[i++] + 1u)
				for (unsigned u = from > cm->start_count[i] ? from : cm->start_count[i];
				    u <= cm->end_count[i]; u++)
					gid_table[f][u] = segment_glyph(cm, seg_count, i, u);
		}
		return gid_table[f];
	}
	return NULL;
}

/* libharu 2.3.0's contract: the glyph of unicode in the font's cmap
 * (format 0 or 4), 0 if it has none. */
HPDF_UINT16
HPDF_TTFontDef_GetGlyphid(HPDF_FontDef fontdef, HPDF_UINT16 unicode)
{
	HPDF_TTFontDefAttr attr = (HPDF_TTFontDefAttr)fontdef->attr;
	const HPDF_TTF_CmapRange *cm = &attr->cmap;
	if (cm->format == 0)
		return cm->glyph_id_array[unicode & 0xFF];
	if (cm->seg_count_x2 == 0) {
		HPDF_SetError(fontdef->error, HPDF_TTF_INVALID_CMAP, 0);
		return 0;
	}
	unsigned seg_count = cm->seg_count_x2 / 2u;
	const HPDF_UINT16 *t = face_table(fontdef, cm, seg_count);
	if (t != NULL)
		return t[unicode];
	return segment_glyph(cm, seg_count, cmap_segment(fontdef, cm, seg_count, unicode), unicode);
}

/* Lets the lookup above search face's definition by bisection if its
 * segments ascend (until glyph_lookup_reset). */
static void
glyph_lookup_prepare(int face, HPDF_FontDef def)
{
	sorted_def[face] = NULL;
	free(gid_table[face]);
	gid_table[face] = NULL;
	if (def == NULL || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
		return;
	const HPDF_TTF_CmapRange *cm = &((HPDF_TTFontDefAttr)def->attr)->cmap;
	unsigned n = cm->seg_count_x2 / 2u;
	for (unsigned i = 1; i < n; i++)
		if (cm->end_count[i - 1] >= cm->end_count[i])
			return;
	sorted_def[face] = def;
}

/* Forgets the checked definitions (their memory goes with the document). */
static void
glyph_lookup_reset(void)
{
	memset(sorted_def, 0, sizeof sorted_def);
	for (size_t f = 0; f < FONT_NFACES; f++) {
		free(gid_table[f]);
		gid_table[f] = NULL;
	}
}

/* ---- libharu's deflate level ----
 *
 * libharu 2.3.0 has no setting for it: it calls deflateInit_ with
 * Z_DEFAULT_COMPRESSION through its PLT. This definition takes that call's
 * place (ELF interposition, as for the glyph lookup above) and passes
 * PDF_DEFLATE_LEVEL instead while save() writes a document, and the caller's
 * level at any other time (other zlib users in the process are unaffected).
 */

static int saving; /* save() is writing: use PDF_DEFLATE_LEVEL */

int deflateInit_(z_streamp strm, int level, const char *version, int stream_size);

int
deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	static int (*real)(z_streamp, int, const char *, int);
	if (real == NULL) {
		*(void **)&real = dlsym(RTLD_NEXT, "deflateInit_");
		if (real == NULL)
			return Z_VERSION_ERROR;
	}
	return real(strm, saving ? PDF_DEFLATE_LEVEL : level, version, stream_size);
}

/* ---- deflated streams, kept between documents ----
 *
 * libharu deflates every stream of a document when it is saved, through
 * HPDF_Stream_WriteToStreamWithDeflate (called through its PLT, so this
 * definition takes its place, as above). With pdf_keep_streams on, the
 * deflated bytes of each stream are kept with its bytes, and a stream met
 * again (equal length, equal bytes: memcmp, cheaper than a hash) (a font's CIDToGIDMap, an unchanged font subset or page)
 * is written from there. Every stream is deflated here in one call at
 * PDF_DEFLATE_LEVEL; zlib's output does not depend on how its input is cut
 * into calls, so the bytes are libharu's own. What a save did not use is
 * dropped after the next save (memory stays at about two documents' worth).
 */

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e);

struct zkept {
	unsigned char *in;       /* a stream's bytes, or NULL for a font subset */
	size_t inlen;
	char hex[MF_HEX];        /* a font subset: the SHA-256 of its key */
	unsigned char *z;        /* the stream's deflated form (the subset's bytes) */
	size_t zlen;
	HPDF_UINT length1;       /* a font subset: its /Length1 */
	unsigned gen;            /* the save that last used it */
};

static struct {
	int on;                  /* pdf_keep_streams(1) */
	unsigned gen;            /* saves so far */
	struct zkept *v;
	size_t n, cap;
} zk;

void
pdf_keep_streams(int on)
{
	for (size_t i = 0; i < zk.n; i++)
		free(zk.v[i].z), free(zk.v[i].in);
	free(zk.v);
	memset(&zk, 0, sizeof zk);
	zk.on = on;
}

/* Drops what neither this save nor the one before used (at the start of a save). */
static void
zk_age(void)
{
	zk.gen++;
	size_t k = 0;
	for (size_t i = 0; i < zk.n; i++) {
		if (zk.v[i].gen + 1 >= zk.gen)
			zk.v[k++] = zk.v[i];
		else
			free(zk.v[i].z), free(zk.v[i].in);
	}
	zk.n = k;
}

/* The kept stream of bytes p[0..n), or with p NULL the kept font subset
 * hex; marked used by this save. NULL if none. */
static struct zkept *
zk_find(const unsigned char *p, size_t n, const char *hex)
{
	for (size_t i = 0; i < zk.n; i++)
		if (p ? zk.v[i].in && zk.v[i].inlen == n && memcmp(zk.v[i].in, p, n) == 0
		      : !zk.v[i].in && memcmp(zk.v[i].hex, hex, MF_HEX) == 0) {
			zk.v[i].gen = zk.gen;
			return &zk.v[i];
		}
	return NULL;
}

/* The stream's bytes (caller frees) and their length in *n; NULL on a libharu error. */
static unsigned char *
stream_bytes(HPDF_Stream src, size_t *n)
{
	if (HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET) != HPDF_OK)
		return NULL;
	struct buf b = {0};
	unsigned char tmp[8192];
	for (;;) {
		HPDF_UINT got = sizeof tmp;
		HPDF_STATUS st = HPDF_Stream_Read(src, tmp, &got);
		buf_add(&b, (const char *)tmp, got);
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK) {
			buf_free(&b);
			return NULL;
		}
	}
	*n = b.len;
	return (unsigned char *)buf_take(&b);
}

/* Deflates p[0..n) at PDF_DEFLATE_LEVEL into a new block (*zlen bytes); NULL on a zlib error. */
static unsigned char *
deflate_all(const unsigned char *p, size_t n, size_t *zlen)
{
	z_stream s;
	memset(&s, 0, sizeof s);
	if (deflateInit(&s, PDF_DEFLATE_LEVEL) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&s, (uLong)n);
	unsigned char *z = xmalloc(cap);
	s.next_in = (Bytef *)p;
	s.avail_in = (uInt)n;
	s.next_out = z;
	s.avail_out = (uInt)cap;
	int rc = deflate(&s, Z_FINISH);
	*zlen = cap - s.avail_out;
	deflateEnd(&s);
	if (rc != Z_STREAM_END) {
		free(z);
		return NULL;
	}
	return z;
}

HPDF_STATUS
HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst, HPDF_Encrypt e)
{
	static HPDF_STATUS (*real)(HPDF_Stream, HPDF_Stream, HPDF_Encrypt);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "HPDF_Stream_WriteToStreamWithDeflate");
	if (!zk.on || e != NULL || src->size > (1u << 30))
		return real ? real(src, dst, e) : HPDF_INVALID_OPERATION;
	size_t n, zlen = 0;
	unsigned char *p = stream_bytes(src, &n);
	if (p == NULL)
		return real ? real(src, dst, e) : HPDF_INVALID_OPERATION;
	struct zkept *k = zk_find(p, n, NULL);
	if (k == NULL) {
		unsigned char *z = deflate_all(p, n, &zlen);
		if (z == NULL) {
			free(p);
			return real ? real(src, dst, e) : HPDF_INVALID_OPERATION;
		}
		xgrow(&zk.v, &zk.cap, zk.n + 1, sizeof *zk.v);
		k = &zk.v[zk.n++];
		*k = (struct zkept){.in = p, .inlen = n, .z = z, .zlen = zlen, .gen = zk.gen};
	} else {
		free(p);
	}
	return HPDF_Stream_Write(dst, k->z, (HPDF_UINT)k->zlen);
}

/* ---- TrueType subsets, kept between documents ----
 *
 * libharu writes each embedded face's subset at save time (through its PLT:
 * interposed as above), reading the font file 4 bytes at a time. With
 * pdf_keep_streams on, the subset's bytes and its /Length1 (the one field
 * the function sets) are kept by a key of everything they are made from:
 * the font's table directory (each table's checksum), its head table (the
 * whole file's checksum adjustment), its names and subset tag, and which
 * glyphs the document uses.
 */

HPDF_STATUS HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream);

static void
subset_key(const HPDF_TTFontDefAttr a, char hex[MF_HEX])
{
	struct mf_hasher *h = mf_hasher_new();
	HPDF_UINT32 v[] = {a->offset_tbl.sfnt_version, a->offset_tbl.num_tables, a->offset_tbl.search_range,
		a->offset_tbl.entry_selector, a->offset_tbl.range_shift, a->num_glyphs, a->glyph_tbl.base_offset};
	mf_hasher_update(h, "ttf-subset 1", 12);
	mf_hasher_update(h, v, sizeof v);
	mf_hasher_update(h, a->base_font, sizeof a->base_font);
	mf_hasher_update(h, a->tag_name, sizeof a->tag_name);
	mf_hasher_update(h, a->tag_name2, sizeof a->tag_name2);
	mf_hasher_update(h, &a->header, sizeof a->header);
	for (HPDF_UINT i = 0; a->offset_tbl.table && i < a->offset_tbl.num_tables; i++)
		mf_hasher_update(h, &a->offset_tbl.table[i], sizeof a->offset_tbl.table[i]);
	mf_hasher_update(h, a->glyph_tbl.flgs, a->num_glyphs);
	mf_hasher_hex(h, hex);
	mf_hasher_free(h);
}

HPDF_STATUS
HPDF_TTFontDef_SaveFontData(HPDF_FontDef fontdef, HPDF_Stream stream)
{
	static HPDF_STATUS (*real)(HPDF_FontDef, HPDF_Stream);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "HPDF_TTFontDef_SaveFontData");
	if (real == NULL)
		return HPDF_INVALID_OPERATION;
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)fontdef->attr;
	if (!zk.on || fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE || stream->size != 0 || a->glyph_tbl.flgs == NULL)
		return real(fontdef, stream);
	char hex[MF_HEX];
	subset_key(a, hex);
	struct zkept *k = zk_find(NULL, 0, hex);
	if (k != NULL) {
		a->length1 = k->length1;
		return HPDF_Stream_Write(stream, k->z, (HPDF_UINT)k->zlen);
	}
	HPDF_STATUS st = real(fontdef, stream);
	size_t n;
	unsigned char *p = st == HPDF_OK ? stream_bytes(stream, &n) : NULL;
	if (p != NULL) {
		xgrow(&zk.v, &zk.cap, zk.n + 1, sizeof *zk.v);
		zk.v[zk.n++] = (struct zkept){.z = p, .zlen = n, .length1 = a->length1, .gen = zk.gen};
		memcpy(zk.v[zk.n - 1].hex, hex, MF_HEX);
	}
	return st;
}

/* ---- libharu's byte loops ----
 *
 * libharu copies and clears memory one byte at a time (HPDF_MemCpy,
 * HPDF_MemSet: 5 % of a rebuild's instructions, most of it the 128 KiB
 * glyph map per font). The same contracts, through libc; both return the
 * end of the destination, as 2.3.0's do. An overlapping copy forward keeps
 * the byte loop, whose result memcpy does not define.
 */

HPDF_BYTE *
HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
	if (n <= 8) { /* most calls: a glyph's 2 bytes (a byte loop reads each before it is overwritten) */
		for (HPDF_UINT i = 0; i < n; i++)
			out[i] = in[i];
	} else if (out > in && out < in + n) {
		for (HPDF_UINT i = 0; i < n; i++)
			out[i] = in[i];
	} else if (n > 0) {
		memmove(out, in, n);
	}
	return out + n;
}

void *
HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
	if (n > 0)
		memset(s, c, n);
	return (HPDF_BYTE *)s + n;
}

/* ---- font files read from memory ----
 *
 * libharu reads a TrueType font through a FILE stream, 4 bytes at a time
 * (fread) and with an fseek per table, when it loads it and again when it
 * writes the subset. While face_font loads a face, HPDF_FileReader_New
 * (called through libharu's PLT: interposed as above) gives it a memory
 * stream with the whole file instead: the same bytes, read without stdio.
 * Any other file libharu opens (ICC profile, images) and a font that cannot
 * be read into memory go through libharu's own function.
 */

static int loading_font; /* face_font is in HPDF_LoadTTFontFromFile */

HPDF_Stream HPDF_FileReader_New(HPDF_MMgr mmgr, const char *fname);

HPDF_Stream
HPDF_FileReader_New(HPDF_MMgr mmgr, const char *fname)
{
	static HPDF_Stream (*real)(HPDF_MMgr, const char *);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "HPDF_FileReader_New");
	size_t n = 0;
	char *bytes = loading_font ? util_slurp(fname, &n) : NULL;
	HPDF_Stream m = bytes && n > 0 && n < (1u << 30) ? HPDF_MemStream_New(mmgr, (HPDF_UINT)n) : NULL;
	if (m != NULL && (HPDF_Stream_Write(m, (const HPDF_BYTE *)bytes, (HPDF_UINT)n) != HPDF_OK
	    || HPDF_Stream_Seek(m, 0, HPDF_SEEK_SET) != HPDF_OK)) {
		HPDF_Stream_Free(m);
		m = NULL;
	}
	free(bytes);
	if (m != NULL)
		return m;
	return real ? real(mmgr, fname) : NULL;
}

/* ---- fonts and state ---- */

static HPDF_Font
face_font(struct pctx *c, int face)
{
	if (face < 0 || face >= FONT_NFACES || (face >= DOC_NFACES && (c->fs == NULL || c->fs->face[face] == NULL))) {
		diag(M_INTERNAL, NULL, "text box with an unknown face");
		return NULL;
	}
	if (c->font[face] != NULL)
		return c->font[face];
	/* the file the text was measured with; without a fontset, font_dir's */
	char *path = c->fs && c->fs->face[face] ? xstrdup(font_path(c->fs->face[face]))
	    : xasprintf("%s/%s", c->m->font_dir ? c->m->font_dir : "fonts", face_file[face]);
	if (access(path, R_OK) != 0) {
		diag(M_TS_FONT, NULL, path, strerror(errno));
	} else {
		loading_font = 1;
		const char *name = HPDF_LoadTTFontFromFile(c->pdf, path, HPDF_TRUE);
		loading_font = 0;
		if (name != NULL)
			glyph_lookup_prepare(face, HPDF_GetFontDef(c->pdf, name));
		c->font[face] = name ? HPDF_GetFont(c->pdf, name, "UTF-8") : NULL;
		if (c->font[face] == NULL)
			diag(M_TS_FONT, NULL, path, "libharu cannot load it");
	}
	free(path);
	return c->font[face];
}

static void
set_fill(struct pctx *c, uint32_t rgb)
{
	if (c->fill == (long)rgb)
		return;
	c->fill = (long)rgb;
	HPDF_Page_SetRGBFill(c->cur, (HPDF_REAL)((rgb >> 16) & 0xFF) / 255, (HPDF_REAL)((rgb >> 8) & 0xFF) / 255,
	    (HPDF_REAL)(rgb & 0xFF) / 255);
}

static void
set_stroke(struct pctx *c, uint32_t rgb, double lw)
{
	if (c->stroke != (long)rgb) {
		c->stroke = (long)rgb;
		HPDF_Page_SetRGBStroke(c->cur, (HPDF_REAL)((rgb >> 16) & 0xFF) / 255,
		    (HPDF_REAL)((rgb >> 8) & 0xFF) / 255, (HPDF_REAL)(rgb & 0xFF) / 255);
	}
	if (c->lw != lw) {
		c->lw = lw;
		HPDF_Page_SetLineWidth(c->cur, (HPDF_REAL)lw);
	}
}

static void
begin_text(struct pctx *c)
{
	if (c->in_text)
		return;
	HPDF_Page_BeginText(c->cur);
	c->in_text = 1;
	c->tf_font = NULL;
}

static void
end_text(struct pctx *c)
{
	if (!c->in_text)
		return;
	HPDF_Page_EndText(c->cur);
	c->in_text = 0;
}

/* ---- marked content ---- */

static enum tag_art
art_kind(const struct pctx *c, const struct box *b)
{
	if (b->y < PDF_FOOTER_ZONE)
		return TAG_ART_FOOTER;
	if (b->y > c->bd->page_h - PDF_HEADER_ZONE)
		return TAG_ART_HEADER;
	return TAG_ART_PLAIN;
}

static int
close_marked(struct pctx *c)
{
	end_text(c);
	c->mc_open = 0;
	return tag_end(c->tag);
}

/* One marked-content sequence per run of boxes of the same element (or artifact kind). */
static int
mark(struct pctx *c, const struct box *b)
{
	enum tag_art art = b->elem < 0 ? art_kind(c, b) : TAG_ART_PLAIN;
	if (c->mc_open && c->mc_elem == b->elem && c->mc_art == art)
		return 0;
	int st = close_marked(c);
	if (st)
		return st;
	c->mc_open = 1;
	c->mc_elem = b->elem;
	c->mc_art = art;
	return tag_begin(c->tag, c->pg, b->elem, art);
}

/* ---- box handlers ---- */

/* Decodes s into code points with the kerning before each (font_kern, 1/1000 em). */
static size_t
decode(struct pctx *c, int face, const char *s, uint32_t *cp, double *kern)
{
	size_t n = 0, len = strlen(s);
	struct font *f = c->fs ? c->fs->face[face] : NULL;
	for (size_t i = 0; i < len;) {
		size_t l = utf8_decode(s + i, len - i, &cp[n]);
		if (l == 0)
			return (size_t)-1;
		kern[n] = n > 0 && f ? font_kern(f, cp[n - 1], cp[n]) : 0;
		n++;
		i += l;
	}
	return n;
}

/* Shows cp[0, n) at (x, y) in the current marked-content sequence. */
static int
show_at(struct pctx *c, const struct box *b, HPDF_Font font, double x, const uint32_t *cp,
    const double *kern, size_t n)
{
	begin_text(c);
	if (c->tf_font != font || c->tf_size != b->size) {
		HPDF_Page_SetFontAndSize(c->cur, font, (HPDF_REAL)b->size);
		c->tf_font = font, c->tf_size = b->size;
	}
	set_fill(c, b->rgb);
	HPDF_Page_SetTextMatrix(c->cur, 1, 0, 0, 1, (HPDF_REAL)x, (HPDF_REAL)b->y);
	return tag_show(c->tag, c->cur, font, cp, kern, n);
}

/* A text box; a hyphen added by line breaking gets its own marked-content
 * sequence with /ActualText U+00AD (soft hyphen). */
static int
show_text(struct pctx *c, const struct box *b, HPDF_Font font, const uint32_t *cp,
    const double *kern, size_t n)
{
	if (!b->hyphen || n < 2 || cp[n - 1] != '-' || b->elem < 0 || c->fs == NULL)
		return show_at(c, b, font, b->x, cp, kern, n);
	int st = show_at(c, b, font, b->x, cp, kern, n - 1);
	size_t body = strlen(b->text) - 1;
	double x = b->x + font_width(c->fs->face[b->face], b->text, body, b->size) +
	    kern[n - 1] * b->size / 1000.0;
	if (!st)
		st = close_marked(c);
	if (!st)
		st = tag_begin_actual(c->tag, c->pg, b->elem, "<FEFF00AD>");
	if (!st)
		st = show_at(c, b, font, x, cp + n - 1, kern + n - 1, 1);
	if (!st)
		st = close_marked(c);
	return st;
}

static int
draw_text(struct pctx *c, const struct box *b)
{
	HPDF_Font font = face_font(c, b->face);
	if (font == NULL)
		return 3;
	size_t len = strlen(b->text);
	uint32_t *cp = xmalloc(len * sizeof *cp);
	double *kern = xmalloc(len * sizeof *kern);
	size_t n = decode(c, b->face, b->text, cp, kern);
	int st = 0;
	if (n == (size_t)-1) {
		diag(M_INTERNAL, NULL, "invalid UTF-8 in a text box");
		st = 3;
	} else {
		st = show_text(c, b, font, cp, kern, n);
	}
	free(cp);
	free(kern);
	return st;
}

static int
draw_rect(struct pctx *c, const struct box *b)
{
	end_text(c);
	set_fill(c, b->rgb);
	HPDF_Page_Rectangle(c->cur, (HPDF_REAL)b->x, (HPDF_REAL)b->y, (HPDF_REAL)b->w, (HPDF_REAL)b->h);
	HPDF_Page_Fill(c->cur);
	return 0;
}

static int
draw_line(struct pctx *c, const struct box *b)
{
	end_text(c);
	set_stroke(c, b->rgb, b->lw);
	HPDF_Page_MoveTo(c->cur, (HPDF_REAL)b->x, (HPDF_REAL)b->y);
	HPDF_Page_LineTo(c->cur, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)(b->y + b->h));
	HPDF_Page_Stroke(c->cur);
	return 0;
}

/* /Contents of a link: the text of its element, else "Side N". Caller frees. */
static char *
link_text(const struct pctx *c, const struct box *lb)
{
	const struct box_doc *bd = c->bd;
	struct buf b = {0};
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n; i++) {
			const struct box *x = &bd->pages[p].box[i];
			if (x->kind == BOX_TEXT && x->elem == lb->elem && x->text)
				buf_puts(&b, x->text);
		}
	while (b.len > 0 && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	if (b.len == 0)
		buf_printf(&b, "%s %d", lang_cur()->page, bd->pages[lb->target_page].pagenum);
	return buf_take(&b);
}

/* A link area (x, y lower-left; w, h size) to the top of target_y on target_page. */
static int
draw_link(struct pctx *c, const struct box *b)
{
	if (b->target_page < 0 || (size_t)b->target_page >= c->bd->npages) {
		diag(M_INTERNAL, NULL, "link to a page that does not exist");
		return 3;
	}
	HPDF_Destination d = HPDF_Page_CreateDestination(c->page[b->target_page]);
	HPDF_Destination_SetXYZ(d, 0, (HPDF_REAL)b->target_y, 1);
	HPDF_Rect r = {(HPDF_REAL)b->x, (HPDF_REAL)b->y, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)(b->y + b->h)};
	HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(c->cur, r, d);
	if (a == NULL)
		return haru_fail(c);
	HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	char *txt = link_text(c, b);
	int st = tag_link(c->tag, c->pg, b->elem, a, txt);
	free(txt);
	return st;
}

/* An image box: its file loaded once per document (the bytes were checked
 * when the style was read: libharu cannot recover from a libpng error). */
static int
draw_image(struct pctx *c, const struct box *b)
{
	if (b->image < 0 || (size_t)b->image >= c->bd->nimages) {
		diag(M_INTERNAL, NULL, "image box without its image");
		return 3;
	}
	if (c->image == NULL)
		c->image = xcalloc(c->bd->nimages, sizeof *c->image);
	const struct box_image *im = &c->bd->images[b->image];
	if (c->image[b->image] == NULL)
		c->image[b->image] = im->jpeg ? HPDF_LoadJpegImageFromMem(c->pdf, im->data, (HPDF_UINT)im->len)
		    : HPDF_LoadPngImageFromMem(c->pdf, im->data, (HPDF_UINT)im->len);
	if (c->image[b->image] == NULL)
		return haru_fail(c);
	end_text(c);
	HPDF_Page_DrawImage(c->cur, c->image[b->image], (HPDF_REAL)b->x, (HPDF_REAL)b->y, (HPDF_REAL)b->w,
	    (HPDF_REAL)b->h);
	c->fill = c->stroke = -1; /* DrawImage saves and restores the graphics state */
	return 0;
}

typedef int (*draw_fn)(struct pctx *, const struct box *);

static const draw_fn draw_kind[] = {
	[BOX_TEXT] = draw_text,
	[BOX_RECT] = draw_rect,
	[BOX_LINE] = draw_line,
	[BOX_LINK] = draw_link,
	[BOX_IMAGE] = draw_image,
};

static int
draw_box(struct pctx *c, const struct box *b)
{
	if ((unsigned)b->kind >= sizeof draw_kind / sizeof *draw_kind) {
		diag(M_INTERNAL, NULL, "box of an unknown kind");
		return 3;
	}
	if (b->kind == BOX_TEXT && (b->text == NULL || b->text[0] == '\0'))
		return 0; /* nothing to show, no MCID to spend */
	if (b->kind != BOX_LINK) {
		int st = mark(c, b);
		if (st)
			return st;
	}
	return draw_kind[b->kind](c, b);
}

/* ---- pages and document ---- */

static int
setup(struct pctx *c)
{
	if (c->bd->npages == 0) {
		diag(M_INTERNAL, NULL, "a document without pages");
		return 3;
	}
	HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(c->pdf);
	HPDF_SetCurrentEncoder(c->pdf, "UTF-8");
	c->tag = tag_new(c->pdf, c->bd);
	return c->tag ? 0 : 3;
}

/* All pages first, so that links can point forward. */
static int
add_pages(struct pctx *c)
{
	c->page = xcalloc(c->bd->npages, sizeof *c->page);
	for (size_t i = 0; i < c->bd->npages; i++) {
		c->page[i] = HPDF_AddPage(c->pdf);
		if (c->page[i] == NULL)
			return haru_fail(c);
		HPDF_Page_SetWidth(c->page[i], (HPDF_REAL)c->bd->page_w);
		HPDF_Page_SetHeight(c->page[i], (HPDF_REAL)c->bd->page_h);
		int st = tag_page(c->tag, (int)i, c->page[i]);
		if (st)
			return st;
	}
	return 0;
}

static int
draw_page(struct pctx *c, size_t pg)
{
	const struct box_page *p = &c->bd->pages[pg];
	c->pg = (int)pg;
	c->cur = c->page[pg];
	c->fill = c->stroke = -1;
	c->lw = -1;
	c->mc_open = 0;
	for (size_t i = 0; i < p->n; i++) {
		int st = draw_box(c, &p->box[i]);
		if (st)
			return st;
	}
	return close_marked(c);
}

static int
draw_pages(struct pctx *c)
{
	for (size_t pg = 0; pg < c->bd->npages; pg++) {
		int st = draw_page(c, pg);
		if (st)
			return st;
	}
	return 0;
}

/* Bookmarks: each entry under the last entry of a lower level. */
static int
outline(struct pctx *c)
{
	HPDF_Outline parent[PDF_MAX_OUTLINE_LEVEL + 1] = {NULL};
	HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
	for (size_t i = 0; i < c->bd->noutline; i++) {
		const struct box_outline *o = &c->bd->outline[i];
		int lvl = o->level < 1 ? 1 : o->level > PDF_MAX_OUTLINE_LEVEL ? PDF_MAX_OUTLINE_LEVEL : o->level;
		if (o->page < 0 || (size_t)o->page >= c->bd->npages) {
			diag(M_INTERNAL, NULL, "outline entry on a page that does not exist");
			return 3;
		}
		HPDF_Outline up = NULL;
		for (int l = lvl - 1; l >= 1 && up == NULL; l--)
			up = parent[l];
		HPDF_Outline ol = HPDF_CreateOutline(c->pdf, up, o->title, enc);
		HPDF_Destination d = HPDF_Page_CreateDestination(c->page[o->page]);
		HPDF_Destination_SetXYZ(d, 0, (HPDF_REAL)o->y, 1);
		HPDF_Outline_SetDestination(ol, d);
		HPDF_Outline_SetOpened(ol, HPDF_TRUE);
		parent[lvl] = ol;
		for (int l = lvl + 1; l <= PDF_MAX_OUTLINE_LEVEL; l++)
			parent[l] = NULL;
	}
	if (c->bd->noutline > 0)
		HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	return 0;
}

/* Page labels from the printed numbers (only if every page has one). */
static int
page_labels(struct pctx *c)
{
	const struct box_doc *bd = c->bd;
	for (size_t i = 0; i < bd->npages; i++)
		if (bd->pages[i].pagenum < 1)
			return 0;
	for (size_t i = 0; i < bd->npages; i++)
		if (i == 0 || bd->pages[i].pagenum != bd->pages[i - 1].pagenum + 1)
			HPDF_AddPageLabel(c->pdf, (HPDF_UINT)i, HPDF_PAGE_NUM_STYLE_DECIMAL,
			    (HPDF_UINT)bd->pages[i].pagenum, NULL);
	return 0;
}

static int
info(struct pctx *c)
{
	const struct pdf_meta *m = c->m;
	static const HPDF_InfoType key[] = {HPDF_INFO_TITLE, HPDF_INFO_AUTHOR, HPDF_INFO_SUBJECT,
		HPDF_INFO_KEYWORDS};
	const char *val[] = {m->title, m->author, m->subject, m->keywords};
	for (size_t i = 0; i < sizeof key / sizeof *key; i++)
		if (val[i] != NULL)
			HPDF_SetInfoAttr(c->pdf, key[i], val[i]);
	HPDF_SetInfoAttr(c->pdf, HPDF_INFO_CREATOR, "notat");
	if (m->year > 0) {
		HPDF_Date d = {m->year, m->month, m->day, m->hour, m->minute, m->second, 'Z', 0, 0};
		HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, d);
	}
	return 0;
}

static int
finish(struct pctx *c)
{
	return tag_finish(c->tag, c->m);
}

/* ---- output ---- */

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes data to a temporary file beside path and renames it into place. */
static int
write_atomic(const char *path, const unsigned char *data, size_t n)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	mode_t mask = umask(022);
	umask(mask);
	int fd = mkstemp(tmp), ok = fd >= 0, err = errno;
	if (ok) {
		ok = write_all(fd, data, n) == 0 && fchmod(fd, 0666 & ~mask) == 0 && fsync(fd) == 0;
		err = errno;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(tmp, path) == 0;
		if (!ok) {
			err = errno ? errno : err;
			unlink(tmp);
		}
	}
	if (!ok)
		diag(M_IO_WRITE, NULL, path, strerror(err));
	free(tmp);
	return ok ? 0 : 3;
}

static int
save(struct pctx *c, const char *path)
{
	saving = 1;
	if (zk.on)
		zk_age();
	HPDF_STATUS saved = HPDF_SaveToStream(c->pdf);
	saving = 0;
	if (saved != HPDF_OK)
		return haru_fail(c);
	HPDF_UINT32 size = HPDF_GetStreamSize(c->pdf), got = size;
	unsigned char *buf = xmalloc(size ? size : 1);
	HPDF_STATUS st = HPDF_ReadFromStream(c->pdf, buf, &got);
	int ret;
	if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
		diag(M_PDF_LIBHARU, NULL, (unsigned long)st, 0UL);
		ret = 3;
	} else {
		ret = write_atomic(path, buf, size);
	}
	free(buf);
	return ret;
}

typedef int (*step_fn)(struct pctx *);

static const step_fn steps[] = {setup, add_pages, draw_pages, outline, page_labels, info, finish};

int
pdf_write(const struct box_doc *bd, struct fontset *fs, const struct pdf_meta *m, const char *path)
{
	struct pctx c = {0};
	c.bd = bd, c.fs = fs, c.m = m;
	c.pdf = HPDF_New(pdf_on_error, &c.err);
	if (c.pdf == NULL) {
		diag(M_PDF_LIBHARU, NULL, 0UL, 0UL);
		return 3;
	}
	int st = 0;
	for (size_t i = 0; i < sizeof steps / sizeof *steps && st == 0; i++) {
		st = steps[i](&c);
		if (st == 0)
			st = haru_status(&c);
	}
	if (st == 0)
		st = save(&c, path);
	tag_free(c.tag);
	free(c.page);
	free(c.image);
	HPDF_Free(c.pdf);
	glyph_lookup_reset();
	return st;
}

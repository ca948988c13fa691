/* font.c: font metrics (advances, kerning, vertical metrics) read with FreeType, with per-face caches. */
#include "font.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

/* Code points below this are cached in a direct array; the rest in a hash. */
#define DIRECT_CPS 0x2100

/* One cached glyph: FreeType index and advance (1/1000 em). */
struct glyph {
	uint32_t gid;
	float adv;
	unsigned char known; /* looked up yet */
};

/* Open-addressing hash slot for code points >= DIRECT_CPS. */
struct cp_slot {
	uint32_t cp; /* 0 = empty (never a valid key here) */
	struct glyph g;
};

/* Open-addressing hash slot for kerning pairs, keyed by glyph ids. */
struct kern_slot {
	uint64_t key; /* (left << 32 | right) + 1; 0 = empty */
	float kern;   /* 1/1000 em */
};

struct font {
	char *path;
	char *bytes;      /* the file, read once (util_slurp): FreeType reads it from memory */
	FT_Library lib;
	FT_Face face;
	double scale;     /* font units -> 1/1000 em */
	int has_kern;
	double asc, desc, cap; /* 1/1000 em */
	struct glyph direct[DIRECT_CPS];
	struct cp_slot *cps;   /* hash for other code points */
	size_t ncps, capcps;   /* entries, slots (power of two) */
	struct kern_slot *kerns;
	size_t nkerns, capkerns;
};

/* Cap height: OS/2 sCapHeight when present, else the top of "H", else 70 %. */
static double
read_capheight(struct font *f)
{
	TT_OS2 *os2 = FT_Get_Sfnt_Table(f->face, FT_SFNT_OS2);
	if (os2 != NULL && os2->version >= 2 && os2->sCapHeight > 0)
		return os2->sCapHeight * f->scale;
	FT_UInt gid = FT_Get_Char_Index(f->face, 'H');
	if (gid != 0 && FT_Load_Glyph(f->face, gid, FT_LOAD_NO_SCALE) == 0)
		return f->face->glyph->metrics.horiBearingY * f->scale;
	return 700.0;
}

struct font *
font_load(const char *path)
{
	struct font *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	size_t len = 0;
	f->bytes = util_slurp(path, &len); /* a regular file only: a FIFO never blocks */
	if (f->bytes == NULL) {
		diag(M_TS_FONT, NULL, path, util_strerror(errno));
		font_free(f);
		return NULL;
	}
	int err = FT_Init_FreeType(&f->lib);
	if (err == 0 && len > LONG_MAX)
		err = FT_Err_Invalid_Stream_Operation;
	if (err == 0)
		err = FT_New_Memory_Face(f->lib, (const FT_Byte *)f->bytes, (FT_Long)len, 0, &f->face);
	if (err != 0 || f->face->units_per_EM == 0) {
		char why[48];
		snprintf(why, sizeof why, "FreeType error %d", err);
		diag(M_TS_FONT, NULL, path, why);
		font_free(f);
		return NULL;
	}
	f->scale = 1000.0 / f->face->units_per_EM;
	f->has_kern = FT_HAS_KERNING(f->face) != 0;
	f->asc = f->face->ascender * f->scale;
	f->desc = f->face->descender * f->scale;
	f->cap = read_capheight(f);
	return f;
}

void
font_free(struct font *f)
{
	if (f == NULL)
		return;
	if (f->face)
		FT_Done_Face(f->face);
	if (f->lib)
		FT_Done_FreeType(f->lib);
	free(f->cps);
	free(f->kerns);
	free(f->bytes);
	free(f->path);
	free(f);
}

const char *
font_path(const struct font *f)
{
	return f->path;
}

/* Fills g with the glyph index and advance of cp. */
static void
glyph_lookup(struct font *f, uint32_t cp, struct glyph *g)
{
	FT_Fixed adv = 0;
	g->gid = FT_Get_Char_Index(f->face, cp);
	if (FT_Get_Advance(f->face, g->gid, FT_LOAD_NO_SCALE, &adv) != 0)
		adv = 0;
	/* Truncated to whole 1/1000 em, as libharu writes the PDF /W widths
	 * (advance * 1000 / unitsPerEm in integers): text is measured exactly as
	 * a viewer will advance it, so justified lines end on the margin. */
	g->adv = (float)(adv >= 0 ? floor(adv * f->scale + 1e-9) : 0);
	g->known = 1;
}

static size_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* Doubles the code point hash. */
static void
cps_grow(struct font *f)
{
	size_t ncap = f->capcps ? f->capcps * 2 : 64;
	struct cp_slot *t = xcalloc(ncap, sizeof *t);
	for (size_t i = 0; i < f->capcps; i++) {
		if (f->cps[i].cp == 0)
			continue;
		size_t j = mix64(f->cps[i].cp) & (ncap - 1);
		while (t[j].cp != 0)
			j = (j + 1) & (ncap - 1);
		t[j] = f->cps[i];
	}
	free(f->cps);
	f->cps = t;
	f->capcps = ncap;
}

/* The cached glyph of cp (looked up on first use). */
static const struct glyph *
glyph_of(struct font *f, uint32_t cp)
{
	if (cp < DIRECT_CPS) {
		struct glyph *g = &f->direct[cp];
		if (!g->known)
			glyph_lookup(f, cp, g);
		return g;
	}
	if (2 * (f->ncps + 1) > f->capcps)
		cps_grow(f);
	size_t j = mix64(cp) & (f->capcps - 1);
	while (f->cps[j].cp != 0 && f->cps[j].cp != cp)
		j = (j + 1) & (f->capcps - 1);
	if (f->cps[j].cp == 0) {
		f->cps[j].cp = cp;
		glyph_lookup(f, cp, &f->cps[j].g);
		f->ncps++;
	}
	return &f->cps[j].g;
}

double
font_advance(struct font *f, uint32_t cp)
{
	return glyph_of(f, cp)->adv;
}

int
font_has_glyph(struct font *f, uint32_t cp)
{
	return glyph_of(f, cp)->gid != 0;
}

/* Doubles the kerning hash. */
static void
kerns_grow(struct font *f)
{
	size_t ncap = f->capkerns ? f->capkerns * 2 : 256;
	struct kern_slot *t = xcalloc(ncap, sizeof *t);
	for (size_t i = 0; i < f->capkerns; i++) {
		if (f->kerns[i].key == 0)
			continue;
		size_t j = mix64(f->kerns[i].key) & (ncap - 1);
		while (t[j].key != 0)
			j = (j + 1) & (ncap - 1);
		t[j] = f->kerns[i];
	}
	free(f->kerns);
	f->kerns = t;
	f->capkerns = ncap;
}

/* Kerning between two glyph ids, 1/1000 em, cached. */
static double
kern_gids(struct font *f, uint32_t l, uint32_t r)
{
	if (!f->has_kern || l == 0 || r == 0)
		return 0;
	if (2 * (f->nkerns + 1) > f->capkerns)
		kerns_grow(f);
	uint64_t key = ((uint64_t)l << 32 | r) + 1;
	size_t j = mix64(key) & (f->capkerns - 1);
	while (f->kerns[j].key != 0 && f->kerns[j].key != key)
		j = (j + 1) & (f->capkerns - 1);
	if (f->kerns[j].key == 0) {
		FT_Vector v = {0, 0};
		if (FT_Get_Kerning(f->face, l, r, FT_KERNING_UNSCALED, &v) != 0)
			v.x = 0;
		f->kerns[j].key = key;
		f->kerns[j].kern = (float)(v.x * f->scale);
		f->nkerns++;
	}
	return f->kerns[j].kern;
}

double
font_kern(struct font *f, uint32_t left, uint32_t right)
{
	return kern_gids(f, glyph_of(f, left)->gid, glyph_of(f, right)->gid);
}

double
font_width(struct font *f, const char *s, size_t n, double size)
{
	double em = 0;
	uint32_t prev = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0) { /* invalid byte: skip it, measure nothing */
			i++;
			continue;
		}
		const struct glyph *g = glyph_of(f, cp);
		em += g->adv + kern_gids(f, prev, g->gid);
		prev = g->gid;
		i += l;
	}
	return em * size / 1000.0;
}

double
font_ascender(const struct font *f)
{
	return f->asc;
}

double
font_descender(const struct font *f)
{
	return f->desc;
}

double
font_capheight(const struct font *f)
{
	return f->cap;
}

/* FreeType's version, e.g. "2.12.1" (for the build manifest). Not yet in
 * font.h: build.c uses it, so it is declared here until the header has it. */
const char *
font_lib_version(void)
{
	static char v[32];
	FT_Library lib;
	FT_Int a = 0, b = 0, c = 0;
	if (v[0] == '\0' && FT_Init_FreeType(&lib) == 0) {
		FT_Library_Version(lib, &a, &b, &c);
		FT_Done_FreeType(lib);
		snprintf(v, sizeof v, "%d.%d.%d", a, b, c);
	}
	return v;
}

/* File names in enum doc_face order: regular, bold, italic, bold italic. */
static const char *const face_file[4] = {
	"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
	"LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
};

char *
fontset_default_file(const char *dir, int f)
{
	return xasprintf("%s/%s", dir, face_file[f >= 0 && f < 4 ? f : 0]);
}

struct fontset *
fontset_load_files(const char *const file[FONT_NFACES])
{
	struct fontset *fs = xcalloc(1, sizeof *fs);
	for (int i = 0; i < FONT_NFACES; i++) {
		if (file[i] == NULL && i == FONT_HEADING)
			continue;
		fs->face[i] = file[i] ? font_load(file[i]) : NULL;
		if (fs->face[i] == NULL) {
			fontset_free(fs);
			return NULL;
		}
	}
	return fs;
}

struct fontset *
fontset_load(const char *dir)
{
	char *file[FONT_NFACES] = {NULL};
	for (int i = 0; i < 4; i++)
		file[i] = fontset_default_file(dir, i);
	struct fontset *fs = fontset_load_files((const char *const *)file);
	for (int i = 0; i < 4; i++)
		free(file[i]);
	return fs;
}

void
fontset_free(struct fontset *fs)
{
	if (fs == NULL)
		return;
	for (int i = 0; i < FONT_NFACES; i++)
		font_free(fs->face[i]);
	free(fs);
}

/* The face to use for an enum doc_face value or FONT_HEADING (regular if
 * out of range; bold for a heading face the style does not have). */
static struct font *
fs_face(void *ctx, int face)
{
	struct fontset *fs = ctx;
	if (face == FONT_HEADING && fs->face[FONT_HEADING] == NULL)
		face = 1; /* DOC_BOLD */
	return fs->face[face >= 0 && face < FONT_NFACES ? face : 0];
}

static double
fs_width(void *ctx, int face, double size, const char *s, size_t n)
{
	return font_width(fs_face(ctx, face), s, n, size);
}

static int
fs_has_glyph(void *ctx, int face, uint32_t cp)
{
	return font_has_glyph(fs_face(ctx, face), cp);
}

struct measure
fontset_measure(struct fontset *fs)
{
	struct measure m = {fs, fs_width, fs_has_glyph};
	return m;
}

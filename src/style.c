/* style.c: reads and checks a house style file (see style.h for the contract). */
#include "style.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "doc.h"
#include "layout.h"
#include "res.h"
#include "srcin.h"

#define FONT_MAX_BYTES ((size_t)64 << 20)  /* bytes: far above any text face */
#define LOGO_MAX_BYTES ((size_t)16 << 20)  /* bytes of a logo file */
#define LOGO_MAX_PX 10000                  /* pixels either way */
#define MIN_TEXT_W 80.0                    /* mm: the narrowest text area margins may leave */
#define MIN_TEXT_H 120.0                   /* mm: the lowest */
#define WHY_MAX 160                        /* bytes of a logo's "why it is refused" text */

/* The defaults: the constants of the typesetter before style files. */
#define DEF_BODY 10.5
#define DEF_BODY_LEAD 14.0
#define DEF_MARK 6.8          /* footnote marker digits in the text */
#define DEF_MARK_RISE 3.8
#define DEF_NOTE_MARK 5.8     /* footnote number digits at the foot */
#define DEF_HEADING 13.0
#define DEF_TITLE 16.0
#define DEF_CAPTION 10.0
#define DEF_CAPTION_LEAD 12.5
#define DEF_NOTE 8.5
#define DEF_NOTE_LEAD 10.5
#define DEF_TABLE 9.0
#define DEF_TABLE_LEAD 11.5
#define DEF_MARGIN 25.0       /* mm: left, right, top */
#define DEF_BOTTOM 30.0       /* mm */
#define FOOTER_BELOW 13.0     /* mm: footer baseline below the text area */
#define DEF_LOGO_W 35.0       /* mm */
#define MAX_KEYS 32           /* room for the keys of the table below */

static const struct paper {
	const char *name;
	double w, h;              /* pt */
} papers[] = {
	{"a4", 595.276, 841.890}, /* the values of box.h's BOX_A4_W/H */
	{"letter", 612.0, 792.0},
};

/* The file being read and what has been set. */
struct sp {
	struct style *s;
	const char *dir;          /* the style file's directory with a trailing '/', or "" */
	double mm[4];             /* margins left, right, top, bottom, mm */
	int paper;                /* index into papers */
	int first[MAX_KEYS];      /* line a key was first given on, by key index; 0 none */
	struct pos key_at[MAX_KEYS]; /* where it was given */
};

typedef void (*key_fn)(struct sp *, int k, const char *v, struct pos at);

/* One key: its handler and what it sets. */
struct key {
	const char *name;
	key_fn fn;
	int arg;                  /* handler argument: margin index, face, size slot */
};

/* ---- values ---- */

/* A number of at most 4 digits, optionally with up to 3 decimals after '.'; -1 if v is not one. */
static double
number(const char *v)
{
	size_t i = 0, d = 0;
	while (v[i] >= '0' && v[i] <= '9')
		i++;
	if (i == 0 || i > 4)
		return -1;
	if (v[i] == '.') {
		while (v[i + 1 + d] >= '0' && v[i + 1 + d] <= '9')
			d++;
		if (d == 0 || d > 3)
			return -1;
		i += 1 + d;
	}
	return v[i] == '\0' ? strtod(v, NULL) : -1;
}

/* The number v of unit within [lo, hi], or -1 after an error at at. */
static double
ranged(const char *key, const char *v, struct pos at, const char *unit, double lo, double hi)
{
	double x = number(v);
	if (x < lo || x > hi) {
		diag(M_STYLE_NUMBER, &at, key, unit, lo, hi, v);
		return -1;
	}
	return x;
}

/* path relative to the style file's directory (absolute paths as they are). Caller frees. */
static char *
rel_path(const struct sp *p, const char *v)
{
	return v[0] == '/' ? xstrdup(v) : xasprintf("%s%s", p->dir, v);
}

/* Reads at most max bytes of the regular file path; NULL after an error at at. */
static unsigned char *
read_file(const char *what, const char *path, size_t max, size_t *len, struct pos at)
{
	int fd = util_open_input(path);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		diag(M_STYLE_FILE, &at, what, path, util_strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		char *why = xasprintf("larger than %zu MiB", max >> 20);
		diag(M_STYLE_FILE, &at, what, path, why);
		free(why);
		close(fd);
		return NULL;
	}
	unsigned char *b = xmalloc((size_t)st.st_size + 1);
	size_t n = 0;
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, b + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n == 0) {
		diag(M_STYLE_FILE, &at, what, path, "the file is empty");
		free(b);
		return NULL;
	}
	*len = n;
	return b;
}

/* ---- fonts ---- */

/* The table tag of font data f (n bytes, n >= 12), or NULL; *tlen gets its length. */
static const unsigned char *
sfnt_table(const unsigned char *f, size_t n, const char *tag, size_t *tlen)
{
	unsigned nt = util_be16(f + 4);
	for (unsigned i = 0; i < nt && 12 + 16 * (size_t)(i + 1) <= n; i++) {
		const unsigned char *e = f + 12 + 16 * (size_t)i;
		unsigned long off = util_be32(e + 8), len = util_be32(e + 12);
		if (memcmp(e, tag, 4) == 0)
			return off <= n && len <= n - off ? (*tlen = len, f + off) : NULL;
	}
	return NULL;
}

/* Why libharu 2.3.0 could not embed font data f (n bytes), or NULL: it
 * embeds TrueType outlines only, needs these tables, and refuses a font
 * whose OS/2 fsType restricts embedding (bits 0x0002, 0x0100, 0x0200). */
static const char *
font_defect(const unsigned char *f, size_t n)
{
	static const char *const need[] = {"head", "hhea", "hmtx", "maxp", "cmap", "loca", "glyf", "OS/2", "name", "post"};
	if (n < 12)
		return "is not a TrueType or OpenType font";
	if (memcmp(f, "OTTO", 4) == 0)
		return "has CFF (PostScript) outlines, which libharu 2.3.0 cannot embed: use a TrueType-outline (.ttf) version of the font";
	if (memcmp(f, "ttcf", 4) == 0)
		return "is a font collection (.ttc): give a single TrueType font";
	if (util_be32(f) != 0x00010000UL && memcmp(f, "true", 4) != 0)
		return "is not a TrueType or OpenType font";
	for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
		size_t tl = 0;
		if (sfnt_table(f, n, need[i], &tl) == NULL)
			return strcmp(need[i], "glyf") == 0 ? "has no TrueType outlines (no glyf table)"
			    : "lacks a table every TrueType font has (head, hhea, hmtx, maxp, cmap, loca, glyf, OS/2, name, post)";
	}
	size_t tl = 0;
	const unsigned char *os2 = sfnt_table(f, n, "OS/2", &tl);
	if (tl < 10)
		return "has a truncated OS/2 table";
	if (util_be16(os2 + 8) & (0x0002 | 0x0100 | 0x0200))
		return "does not allow embedding (OS/2 fsType): a PDF must embed its fonts";
	return NULL;
}

/* ---- the table of keys ---- */

static void k_paper(struct sp *p, int k, const char *v, struct pos at);
static void k_margin(struct sp *p, int k, const char *v, struct pos at);
static void k_size(struct sp *p, int k, const char *v, struct pos at);
static void k_colour(struct sp *p, int k, const char *v, struct pos at);
static void k_face(struct sp *p, int k, const char *v, struct pos at);
static void k_logo(struct sp *p, int k, const char *v, struct pos at);
static void k_logo_width(struct sp *p, int k, const char *v, struct pos at);
static void k_logo_alt(struct sp *p, int k, const char *v, struct pos at);

enum { SZ_BODY, SZ_HEADING, SZ_TITLE, SZ_CAPTION, SZ_NOTE, SZ_TABLE };

static const struct key keys[] = {
	{"paper", k_paper, 0},
	{"margin-left", k_margin, 0}, {"margin-right", k_margin, 1},
	{"margin-top", k_margin, 2}, {"margin-bottom", k_margin, 3},
	{"font-regular", k_face, DOC_REGULAR}, {"font-bold", k_face, DOC_BOLD},
	{"font-italic", k_face, DOC_ITALIC}, {"font-bolditalic", k_face, DOC_BOLDITALIC},
	{"font-heading", k_face, FONT_HEADING},
	{"size-body", k_size, SZ_BODY}, {"size-heading", k_size, SZ_HEADING},
	{"size-title", k_size, SZ_TITLE}, {"size-caption", k_size, SZ_CAPTION},
	{"size-note", k_size, SZ_NOTE}, {"size-table", k_size, SZ_TABLE},
	{"colour-accent", k_colour, 0}, {"colour-palette", k_colour, 1},
	{"logo", k_logo, 0}, {"logo-width", k_logo_width, 0}, {"logo-alt", k_logo_alt, 0},
};
#define NKEYS (sizeof keys / sizeof *keys)
_Static_assert(sizeof keys / sizeof *keys <= MAX_KEYS, "MAX_KEYS is too small");

/* A size key: its range and the fields it sets (the leading keeps its ratio to the size). */
static const struct size_slot {
	double lo, hi, def, def_lead;
	size_t size_off, lead_off;   /* offsets into struct style; lead_off 0: none */
} sizes[] = {
	[SZ_BODY] = {6, 16, DEF_BODY, DEF_BODY_LEAD, offsetof(struct style, body), offsetof(struct style, body_lead)},
	[SZ_HEADING] = {6, 36, DEF_HEADING, 0, offsetof(struct style, heading), 0},
	[SZ_TITLE] = {8, 48, DEF_TITLE, 0, offsetof(struct style, title), 0},
	[SZ_CAPTION] = {6, 18, DEF_CAPTION, DEF_CAPTION_LEAD, offsetof(struct style, caption), offsetof(struct style, caption_lead)},
	[SZ_NOTE] = {5, 14, DEF_NOTE, DEF_NOTE_LEAD, offsetof(struct style, note), offsetof(struct style, note_lead)},
	[SZ_TABLE] = {5, 14, DEF_TABLE, DEF_TABLE_LEAD, offsetof(struct style, table), offsetof(struct style, table_lead)},
};

static void
k_paper(struct sp *p, int k, const char *v, struct pos at)
{
	(void)k;
	for (size_t i = 0; i < sizeof papers / sizeof *papers; i++)
		if (strcmp(v, papers[i].name) == 0) {
			p->paper = (int)i;
			return;
		}
	diag(M_STYLE_PAPER, &at, v);
}

static void
k_margin(struct sp *p, int k, const char *v, struct pos at)
{
	double mm = ranged(keys[k].name, v, at, "mm", 5, 80);
	if (mm >= 0)
		p->mm[keys[k].arg] = mm;
}

static void
k_size(struct sp *p, int k, const char *v, struct pos at)
{
	const struct size_slot *z = &sizes[keys[k].arg];
	double pt = ranged(keys[k].name, v, at, "pt", z->lo, z->hi);
	if (pt < 0)
		return;
	*(double *)((char *)p->s + z->size_off) = pt;
	if (z->lead_off) /* exact for the default: def_lead * def / def */
		*(double *)((char *)p->s + z->lead_off) = z->def_lead * pt / z->def;
	if (keys[k].arg == SZ_BODY) /* the footnote markers keep their proportion */
		p->s->mark = DEF_MARK * pt / DEF_BODY, p->s->mark_rise = DEF_MARK_RISE * pt / DEF_BODY;
	if (keys[k].arg == SZ_NOTE)
		p->s->note_mark = DEF_NOTE_MARK * pt / DEF_NOTE;
}

static void
k_colour(struct sp *p, int k, const char *v, struct pos at)
{
	size_t n = strspn(v + (v[0] == '#'), "0123456789abcdefABCDEF");
	if (v[0] != '#' || n != 6 || v[7] != '\0') {
		diag(M_STYLE_COLOUR, &at, v);
		return;
	}
	uint32_t c = (uint32_t)strtoul(v + 1, NULL, 16);
	if (keys[k].arg == 0) {
		p->s->accent = c;
	} else {
		p->s->palette = c;
		p->s->has_palette = 1;
	}
}

/* A font's file: relative to the style file, or, for a bare file name
 * that is not there, the one of that name in notat's own fonts/ (res.h:
 * Liberation Serif and Sans are shipped). Caller frees. */
static char *
font_path_of(const struct sp *p, const char *v)
{
	char *path = rel_path(p, v);
	if (strchr(v, '/') != NULL || access(path, F_OK) == 0)
		return path;
	char *share = res_share_dir_quiet();
	if (share == NULL)
		return path;
	char *own = xasprintf("%s/fonts/%s", share, v);
	free(share);
	if (access(own, F_OK) != 0) {
		free(own);
		return path;
	}
	free(path);
	return own;
}

static void
k_face(struct sp *p, int k, const char *v, struct pos at)
{
	char *path = font_path_of(p, v);
	size_t n = 0;
	unsigned char *f = read_file("font file", path, FONT_MAX_BYTES, &n, at);
	const char *bad = f ? font_defect(f, n) : NULL;
	if (bad)
		diag(M_STYLE_FONT, &at, path, bad);
	free(f);
	if (f == NULL || bad) {
		free(path);
		return;
	}
	int face = keys[k].arg;
	free(p->s->font[face]);
	p->s->font[face] = path;
}

/* ---- logos ---- */

/* libpng reports an error here: back to png_check's setjmp. */
static void
png_fail(png_structp png, png_const_charp msg)
{
	char *why = png_get_error_ptr(png);
	snprintf(why, WHY_MAX, "%s", msg);
	png_longjmp(png, 1);
}

static void
png_quiet(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg;
}

/* Reads from memory for libpng. */
struct membuf {
	const unsigned char *p;
	size_t n, at;
};

static void
png_mem_read(png_structp png, png_bytep out, png_size_t n)
{
	struct membuf *m = png_get_io_ptr(png);
	if (n > m->n - m->at)
		png_error(png, "the file ends inside the image (truncated)");
	memcpy(out, m->p + m->at, n);
	m->at += n;
}

/* Decodes the whole PNG (so that libharu, which cannot recover from a
 * libpng error, never meets one); 0 with its size, or -1 with why. */
static int
png_check(const unsigned char *data, size_t len, unsigned *w, unsigned *h, int *alpha, char *why)
{
	struct membuf m = {data, len, 0};
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, why, png_fail, png_quiet);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	unsigned char *volatile row = NULL;
	volatile int ok = 0;
	if (info != NULL && setjmp(png_jmpbuf(png)) == 0) {
		png_set_user_limits(png, LOGO_MAX_PX, LOGO_MAX_PX);
		png_set_read_fn(png, &m, png_mem_read);
		png_read_info(png, info);
		int passes = png_set_interlace_handling(png);
		png_read_update_info(png, info);
		*w = png_get_image_width(png, info);
		*h = png_get_image_height(png, info);
		*alpha = (png_get_color_type(png, info) & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
		row = xmalloc(png_get_rowbytes(png, info));
		for (int pass = 0; pass < passes; pass++)
			for (unsigned y = 0; y < *h; y++)
				png_read_row(png, row, NULL);
		png_read_end(png, NULL);
		ok = 1;
	}
	free(row);
	png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
	return ok ? 0 : -1;
}

/* Walks the markers of a JPEG up to its first scan: a baseline, extended or
 * progressive frame (what libharu embeds) of 1, 3 or 4 components; 0 with
 * its size, or -1 with why. */
static int
jpeg_check(const unsigned char *d, size_t n, unsigned *w, unsigned *h, char *why)
{
	size_t i = 2;
	int frame = 0;
	while (i + 4 <= n && d[i] == 0xFF) {
		unsigned mk = d[i + 1], len = util_be16(d + i + 2);
		if (mk == 0xD8 || (mk >= 0xD0 && mk <= 0xD7) || mk == 0x01 || mk == 0xFF) {
			i += mk == 0xFF ? 1 : 2;
			continue;
		}
		if (len < 2 || i + 2 + len > n)
			break;
		if (mk == 0xDA) {
			if (!frame)
				break;
			if (n < 2 || d[n - 2] != 0xFF || d[n - 1] != 0xD9) {
				snprintf(why, WHY_MAX, "the JPEG does not end with its end marker (truncated)");
				return -1;
			}
			return 0;
		}
		if (mk >= 0xC3 && mk <= 0xCF && mk != 0xC4 && mk != 0xC8 && mk != 0xCC) {
			snprintf(why, WHY_MAX, "a lossless, hierarchical or arithmetic-coded JPEG, which PDF viewers cannot show: save it as a baseline JPEG");
			return -1;
		}
		if (mk >= 0xC0 && mk <= 0xC2) {
			if (len < 8 || (d[i + 9] != 1 && d[i + 9] != 3 && d[i + 9] != 4))
				break;
			*h = util_be16(d + i + 5), *w = util_be16(d + i + 7);
			if (*w == 0 || *h == 0 || *w > LOGO_MAX_PX || *h > LOGO_MAX_PX)
				break;
			frame = 1;
		}
		i += 2 + len;
	}
	snprintf(why, WHY_MAX, "not a readable JPEG (no frame of 1, 3 or 4 components before the image data)");
	return -1;
}

static void
k_logo(struct sp *p, int k, const char *v, struct pos at)
{
	(void)k;
	struct style_logo *lg = &p->s->logo;
	char *path = rel_path(p, v);
	size_t n = 0;
	unsigned char *d = read_file("logo", path, LOGO_MAX_BYTES, &n, at);
	char why[WHY_MAX] = "";
	int st = -1;
	enum style_image kind = 0;
	if (d != NULL && n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		kind = STYLE_PNG, st = png_check(d, n, &lg->px_w, &lg->px_h, &lg->alpha, why);
	else if (d != NULL && n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		kind = STYLE_JPEG, st = jpeg_check(d, n, &lg->px_w, &lg->px_h, why);
	else if (d != NULL)
		snprintf(why, sizeof why, "neither a PNG nor a JPEG file");
	if (d != NULL && st != 0)
		diag(M_STYLE_IMAGE, &at, path, why);
	if (st != 0) {
		free(d);
		free(path);
		return;
	}
	free(lg->path);
	free(lg->data);
	lg->path = path, lg->data = d, lg->len = n, lg->kind = kind, lg->at = at;
}

static void
k_logo_width(struct sp *p, int k, const char *v, struct pos at)
{
	double mm = ranged(keys[k].name, v, at, "mm", 5, 150);
	if (mm >= 0)
		p->s->logo.width = MM(mm);
}

static void
k_logo_alt(struct sp *p, int k, const char *v, struct pos at)
{
	(void)k, (void)at;
	free(p->s->logo.alt);
	p->s->logo.alt = xstrdup(v);
}

/* ---- lines ---- */

static int
blank(int c)
{
	return c == ' ' || c == '\t';
}

/* An unknown key: the nearest key as a suggestion, else the list. */
static void
unknown_key(const char *w, size_t n, struct pos at)
{
	const char *names[NKEYS];
	for (size_t k = 0; k < NKEYS; k++)
		names[k] = keys[k].name;
	const char *near = lay_suggest(w, n, names, NKEYS);
	struct buf b = {0};
	if (near) {
		buf_printf(&b, "; did you mean \"%s\"?", near);
	} else {
		buf_puts(&b, " (one of");
		for (size_t k = 0; k < NKEYS; k++)
			buf_printf(&b, "%s %s", k ? "," : "", keys[k].name);
		buf_puts(&b, ")");
	}
	char *word = xstrndup(w, n);
	diag(M_STYLE_UNKNOWN_KEY, &at, word, b.s);
	free(word);
	buf_free(&b);
}

/* One `key value` line (i: 0-based line number). */
static void
parse_line(struct sp *p, const struct srcin *in, size_t i)
{
	const char *l = in->line[i], *s = l;
	while (blank(*s))
		s++;
	if (*s == '\0' || *s == '#')
		return;
	struct pos at = {in->path, (int)i + 1, 1 + (int)utf8_len(l, (size_t)(s - l))};
	size_t n = 0;
	while (s[n] && !blank(s[n]))
		n++;
	size_t k = 0;
	while (k < NKEYS && (strlen(keys[k].name) != n || strncmp(keys[k].name, s, n) != 0))
		k++;
	if (k == NKEYS) {
		unknown_key(s, n, at);
		return;
	}
	if (p->first[k]) {
		diag(M_STYLE_DUP_KEY, &at, keys[k].name, p->first[k]);
		return;
	}
	p->first[k] = (int)i + 1;
	p->key_at[k] = at;
	const char *v = s + n;
	while (blank(*v))
		v++;
	size_t vn = strlen(v);
	while (vn > 0 && blank(v[vn - 1]))
		vn--;
	if (vn == 0) {
		diag(M_STYLE_NO_VALUE, &at, keys[k].name);
		return;
	}
	char *val = xstrndup(v, vn);
	struct pos vat = {in->path, (int)i + 1, 1 + (int)utf8_len(l, (size_t)(v - l))};
	keys[k].fn(p, (int)k, val, vat);
	free(val);
}

static size_t
key_index(const char *name)
{
	size_t k = 0;
	while (k < NKEYS && strcmp(keys[k].name, name) != 0)
		k++;
	return k;
}

/* Paper and margins into the page geometry; the text area must stay usable. */
static void
geometry(struct sp *p)
{
	struct style *s = p->s;
	s->page_w = papers[p->paper].w, s->page_h = papers[p->paper].h;
	s->left = MM(p->mm[0]), s->right = MM(p->mm[1]);
	s->top = s->page_h - MM(p->mm[2]);
	s->bottom = MM(p->mm[3]);
	s->text_w = s->page_w - (s->left + s->right);
	s->footer_y = MM(p->mm[3] - FOOTER_BELOW);
	double tw = s->text_w / PT_PER_MM, th = (s->top - s->bottom) / PT_PER_MM;
	if (tw >= MIN_TEXT_W && th >= MIN_TEXT_H)
		return;
	struct pos at = {s->path, 0, 0};
	for (size_t k = key_index("paper"); k <= key_index("margin-bottom"); k++)
		if (p->first[k] && p->key_at[k].line > at.line)
			at = p->key_at[k];
	diag(M_STYLE_AREA, &at, tw, th, (int)MIN_TEXT_W, (int)MIN_TEXT_H);
}

/* Checks that hold between keys: the logo's extras need a logo and fit the text area. */
static void
logo_rules(struct sp *p)
{
	struct style_logo *lg = &p->s->logo;
	static const char *const extra[] = {"logo-width", "logo-alt"};
	for (size_t i = 0; i < 2; i++) {
		size_t k = key_index(extra[i]);
		if (p->first[k] && !p->first[key_index("logo")])
			diag(M_STYLE_LOGO_ONLY, &p->key_at[k], extra[i]);
	}
	if (lg->path && lg->width > p->s->text_w)
		diag(M_STYLE_LOGO_WIDE, &p->key_at[key_index(p->first[key_index("logo-width")] ? "logo-width" : "logo")],
		    lg->width / PT_PER_MM, p->s->text_w / PT_PER_MM);
}

/* ---- the object ---- */

static void
defaults(struct style *s)
{
	s->body = DEF_BODY, s->body_lead = DEF_BODY_LEAD;
	s->mark = DEF_MARK, s->mark_rise = DEF_MARK_RISE, s->note_mark = DEF_NOTE_MARK;
	s->heading = DEF_HEADING, s->title = DEF_TITLE;
	s->caption = DEF_CAPTION, s->caption_lead = DEF_CAPTION_LEAD;
	s->note = DEF_NOTE, s->note_lead = DEF_NOTE_LEAD;
	s->table = DEF_TABLE, s->table_lead = DEF_TABLE_LEAD;
	s->accent = 0x000000u;
	s->logo.width = MM(DEF_LOGO_W);
}

struct style *
style_new(void)
{
	struct style *s = xcalloc(1, sizeof *s);
	struct sp p = {s, "", {DEF_MARGIN, DEF_MARGIN, DEF_MARGIN, DEF_BOTTOM}, 0, {0}, {{0}}};
	defaults(s);
	geometry(&p);
	return s;
}

struct style *
style_load(const char *path, const struct pos *from)
{
	struct srcin *in = srcin_read(path, from);
	if (in == NULL)
		return NULL;
	int errors = diag_errors();
	struct style *s = xcalloc(1, sizeof *s);
	s->path = in->path;
	defaults(s);
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
	struct sp p = {s, dir, {DEF_MARGIN, DEF_MARGIN, DEF_MARGIN, DEF_BOTTOM}, 0, {0}, {{0}}};
	for (size_t i = 0; i < in->nline; i++)
		parse_line(&p, in, i);
	geometry(&p);
	logo_rules(&p);
	free(dir);
	srcin_free(in);
	if (diag_errors() > errors) {
		style_free(s);
		return NULL;
	}
	return s;
}

void
style_free(struct style *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < FONT_NFACES; i++)
		free(s->font[i]);
	free(s->logo.path);
	free(s->logo.data);
	free(s->logo.alt);
	free(s);
}

int
style_check_pdfa(const struct style *s)
{
	if (s == NULL || s->logo.path == NULL || !s->logo.alpha)
		return 0;
	diag(M_STYLE_PDFA_ALPHA, &s->logo.at, s->logo.path);
	return 1;
}

size_t
style_nfiles(const struct style *s)
{
	size_t n = s->logo.path != NULL;
	for (int i = 0; i < FONT_NFACES; i++)
		n += s->font[i] != NULL;
	return n;
}

const char *
style_file(const struct style *s, size_t i, const char **role)
{
	for (int f = 0; f < FONT_NFACES; f++)
		if (s->font[f] != NULL && i-- == 0) {
			*role = "font";
			return s->font[f];
		}
	*role = "logo";
	return i == 0 ? s->logo.path : NULL;
}

/* font.h: font metrics (advance widths, kerning, vertical metrics) read with FreeType.
 *
 * Contract: loads TrueType files from fonts/ (never system fonts). All metrics
 * are in 1/1000 em as doubles; multiply by size/1000 for points. No libharu
 * here: the layout stage measures text through this module (or a stand-in
 * struct measure in tests), and the pdf stage uses font_kern to place glyphs
 * exactly as they were measured.
 */
#ifndef NOTAT_FONT_H
#define NOTAT_FONT_H

#include <stddef.h>
#include <stdint.h>

struct font;

/* Loads a TTF file. Returns NULL after diag(M_TS_FONT). Free with font_free. */
struct font *font_load(const char *path);
void font_free(struct font *f);
const char *font_path(const struct font *f);

/* Advance width of cp, 1/1000 em; the .notdef width if the glyph is missing. */
double font_advance(struct font *f, uint32_t cp);
/* Kerning adjustment between left and right (from the `kern` table), 1/1000 em, 0 if none. */
double font_kern(struct font *f, uint32_t left, uint32_t right);
/* Nonzero if the font has a glyph for cp. */
int font_has_glyph(struct font *f, uint32_t cp);
/* Width of UTF-8 text (n bytes) in pt at size, kerning included. */
double font_width(struct font *f, const char *s, size_t n, double size);
/* Ascender, descender (negative) and cap height, 1/1000 em. */
double font_ascender(const struct font *f);
double font_descender(const struct font *f);
double font_capheight(const struct font *f);

/* FreeType's version, e.g. "2.12.1" (for the manifest). */
const char *font_lib_version(void);

/* The measuring interface of the layout stage. */
struct measure {
	void *ctx;
	/* Width in pt of UTF-8 text s (n bytes) in face (enum doc_face) at size pt, kerning included. */
	double (*width)(void *ctx, int face, double size, const char *s, size_t n);
	/* Nonzero if face has a glyph for cp (missing glyphs are build errors). */
	int (*has_glyph)(void *ctx, int face, uint32_t cp);
};

/* The faces of the publication: enum doc_face's four, and a heading face
 * that only a house style (style.h) with `font-heading` has. */
#define FONT_HEADING 4
#define FONT_NFACES 5

/* The faces, indexed by enum doc_face or FONT_HEADING (NULL when the style
 * has no heading font: measuring it measures the bold face). */
struct fontset {
	struct font *face[FONT_NFACES];
};
/* Loads dir/LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf. NULL on failure;
 * the caller frees the set with fontset_free (accepts NULL). */
struct fontset *fontset_load(const char *dir);
/* Loads file[f] for each face f; file[FONT_HEADING] may be NULL. NULL on failure;
 * the caller frees the set with fontset_free. The paths are copied. */
struct fontset *fontset_load_files(const char *const file[FONT_NFACES]);
/* The default file of face f (0..3) in dir, newly allocated (caller frees). */
char *fontset_default_file(const char *dir, int f);
void fontset_free(struct fontset *fs);
/* A struct measure backed by fs. */
struct measure fontset_measure(struct fontset *fs);

#endif

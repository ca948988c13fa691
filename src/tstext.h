/* tstext.h: the text primitives the page builder (typeset.c, tstable.c) and the
 * charts (chart*.c) share: measuring, greedy wrapping, drawing text boxes with
 * the author's emphasis, the "Anm.:" prefixes, and the check for missing glyphs.
 *
 * Contract: text is measured only through struct measure (font.h), so these
 * run with a fake font in tests; sizes and coordinates are pt, colours
 * 0xRRGGBB. A missing glyph is reported (M_TS_NO_GLYPH) at the position
 * ts_drawing_at last set. No state but that position.
 */
#ifndef NOTAT_TSTEXT_H
#define NOTAT_TSTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "box.h"
#include "font.h"
#include "util.h"

/* Width of s without trailing spaces, pt. */
double ts_width_of(const struct measure *m, int face, double size, const char *s);
/* Greedy line breaking of plain text s (one face and size) into lines no
 * wider than w pt (a single word wider than w stands alone). Stores a new
 * array of new strings in *lines (caller frees each and the array); returns
 * the number of lines (0 for an empty s). */
size_t ts_wrap(const struct measure *m, int face, double size, const char *s, double w,
    char ***lines);
/* Frees an array returned by ts_wrap. */
void ts_wrap_free(char **lines, size_t n);
/* Appends a text box of s at baseline (x, y) to page pg and returns its
 * measured width in pt. Reports M_TS_NO_GLYPH for code points the face lacks. */
double ts_text(struct box_doc *bd, int pg, const struct measure *m, int face, double size,
    double x, double y, const char *s, int elem, uint32_t rgb);
/* "prefix text" ("Anm.: ..."), or a copy of text if it already starts with
 * the prefix's word. Caller frees. */
char *ts_prefixed(const char *prefix, const char *text);
/* The faces (doc_text_faces) of ts_prefixed(prefix, text) given text's
 * faces: the prefix regular. NULL when faces is NULL. Caller frees. */
char *ts_prefixed_faces(const char *prefix, const char *text, const char *faces);
/* The faces of s after n regular bytes ("Figur 1. " + caption); NULL when
 * faces is NULL. Caller frees. */
char *ts_faces_after(size_t n, const char *faces);
/* Draws line, a line ts_wrap made of s (it may end in one added space), at
 * baseline (x, y): each character in face | its face in faces (the author's
 * emphasis; a word space takes the face before it), one text box per run of
 * one face. *from is the offset in s where the line starts and is moved past
 * it (start at 0 for the first line). bd NULL: only measures. Returns the
 * width, pt. */
double ts_text_faced(struct box_doc *bd, int pg, const struct measure *m, int face, double size,
    double x, double y, const char *line, const char *s, const char *faces, size_t *from,
    int elem, uint32_t rgb);
/* Nonzero (after reporting M_TS_NO_GLYPH) if face lacks a glyph of s. The
 * message names the position set by ts_drawing_at, if any. */
int ts_check_glyphs(const struct measure *m, int face, const char *s);
/* The layout position of the figure or table being drawn ({0}: none), for
 * ts_check_glyphs. */
void ts_drawing_at(struct pos at);

#endif

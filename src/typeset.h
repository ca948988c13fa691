/* typeset.h: the page builder: turns a doc (doc.h) into laid-out pages (box.h).
 *
 * Contract: measures text only through struct measure and breaks paragraphs
 * with para_set, so it runs with a fake font in tests (hyph may be NULL).
 * Page design: the house style's (style.h); by default A4, 25 mm side and
 * top margins, 30 mm bottom margin with a "Side x af y" footer; body 10.5 pt
 * on 14 pt leading. Structure elements are
 * created in logical order while walking the doc; furniture is elem -1.
 */
#ifndef NOTAT_TYPESET_H
#define NOTAT_TYPESET_H

#include <stddef.h>
#include <stdint.h>

#include "box.h"
#include "doc.h"
#include "font.h"

struct hyph;
struct style;

struct ts_opts {
	const struct measure *m;  /* text widths */
	struct hyph *hyph;        /* Danish hyphenation, or NULL for none */
	int combined;             /* notat followed by Bilag 1 in one document */
	const struct style *style; /* the house style (style.h), borrowed; NULL: the defaults */
};

/* Lays out the notat (title block, body, footnotes, figures) and, when
 * o->combined, Bilag 1 after it with every "tabel N" reference made a link.
 * Returns a new box_doc (free with box_doc_free), or NULL after reporting
 * errors (a missing glyph, a figure without alt text). */
struct box_doc *ts_notat(const struct doc *d, const struct ts_opts *o);
/* Lays out Bilag 1 (the appendix tables) alone; NULL after reporting errors. */
struct box_doc *ts_appendix(const struct doc *d, const struct ts_opts *o);

/* Helpers shared with chart.c. */

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

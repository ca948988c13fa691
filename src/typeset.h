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

#endif

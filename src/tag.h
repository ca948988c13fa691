/* tag.h: tagged PDF over libharu 2.3.0 internals: marked content, structure tree, ToUnicode, XMP.
 *
 * Contract: the only module that touches libharu's internal headers (all by
 * field name, compiled against the installed headers). Included by pdf.c
 * and tag.c only (it includes hpdf.h). The structure tree is built from
 * bd->elems in tag_finish; drawing only opens and closes marked content
 * (tag_begin/tag_end) around every piece of content, and shows text through
 * tag_show. Every function returns 0 or a diag() status (1 build error,
 * 3 fatal) unless stated otherwise.
 */
#ifndef NOTAT_TAG_H
#define NOTAT_TAG_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "box.h"
#include "pdf.h"

/* What an artifact is (elem -1 boxes). */
enum tag_art {
	TAG_ART_PLAIN,  /* /Artifact BMC: rules, separators */
	TAG_ART_HEADER, /* /Artifact <</Type /Pagination /Subtype /Header>> BDC */
	TAG_ART_FOOTER  /* /Artifact <</Type /Pagination /Subtype /Footer>> BDC */
};

struct tag;

/* New tagging state for drawing bd into pdf; free with tag_free (accepts NULL).
 * Reports M_PDF_TAG and returns NULL if bd's elements are malformed
 * (elems[0] not the root, a parent that does not precede its child). */
struct tag *tag_new(HPDF_Doc pdf, const struct box_doc *bd);
void tag_free(struct tag *t);

/* Registers page pg (0-based, each once) right after HPDF_AddPage:
 * /StructParents pg and /Tabs /S. */
int tag_page(struct tag *t, int pg, HPDF_Page page);

/* Opens marked content on page pg: elem >= 0 gets the next MCID of the page
 * (BDC), elem -1 an artifact of kind art. Only outside BT/ET and paths. */
int tag_begin(struct tag *t, int pg, int elem, enum tag_art art);
/* Closes the open marked content (EMC); nothing open is fine. Refuses to
 * close in another graphics mode than it was opened in. */
int tag_end(struct tag *t);
/* Like tag_begin for element elem, but the sequence carries /ActualText
 * actual (a PDF string, e.g. "<FEFF00AD>"): for a hyphen added by line
 * breaking, which ISO 32000-1 14.8.2.2.3 represents as a soft hyphen. */
int tag_begin_actual(struct tag *t, int pg, int elem, const char *actual);

/* Nonzero if font has a glyph for cp (a BMP code point other than U+0000). */
int tag_has_glyph(HPDF_Font font, uint32_t cp);
/* Shows n code points in the current font (inside BT, after Tf) as one TJ;
 * kern[i] (1/1000 em, font_kern's sign: negative moves cp[i] left) is
 * applied before cp[i] (kern[0] is ignored). Marks the glyphs for
 * subsetting and records the code points for the ToUnicode CMap. Reports
 * M_TS_NO_GLYPH (returns 1) for a code point the font lacks. */
int tag_show(struct tag *t, HPDF_Page page, HPDF_Font font, const uint32_t *cp,
    const double *kern, size_t n);

/* Tags link annotation a on page pg as a kid (OBJR) of elem at the current
 * point of the drawing order; contents (UTF-8) becomes its /Contents. */
int tag_link(struct tag *t, int pg, int elem, HPDF_Annotation a, const char *contents);

/* After drawing, before saving: structure tree, ParentTree, catalog
 * (/Lang, /MarkInfo, /ViewerPreferences, /Metadata), ToUnicode CMaps, XMP,
 * trailer /ID, PDF 1.7 and, with m->pdfa, the OutputIntent and CIDSets. */
int tag_finish(struct tag *t, const struct pdf_meta *m);

#endif

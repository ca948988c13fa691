/* docsig.h: a fingerprint of what Bilag 1 and the tables are made from.
 *
 * Contract: docsig_bilag feeds a hasher every part of an evaluated doc that
 * Bilag 1 (ts_appendix), its workbook (xlsx_write_bilag) and the table CSVs
 * read, so two docs with equal fingerprints give those files equal bytes
 * (with equal fonts, options and program). The notat's own prose (body
 * paragraphs, headings and figures, footnotes the appendix does not refer
 * to) and every layout position stay out, so a prose edit leaves the
 * fingerprint alone. A new field of a doc structure must be added here:
 * docsig.c checks the structure sizes at compile time for that reason.
 */
#ifndef NOTAT_DOCSIG_H
#define NOTAT_DOCSIG_H

#include "doc.h"
#include "mf.h"

/* Feeds h the fingerprint of d's appendix, tables and document fields. */
void docsig_bilag(struct mf_hasher *h, const struct doc *d);

#endif

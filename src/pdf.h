/* pdf.h: the pdf stage: draws a box_doc with libharu into a tagged, reproducible PDF.
 *
 * Contract: pdf_write draws every box exactly as given (text with the
 * kerning of font_kern, so glyphs land where the layout measured them) and
 * adds fonts, tagging (tag.h), outline, links and metadata. It reads no
 * clock and no environment: equal inputs give byte-identical files (with the
 * same zlib build). Only pdf.c and tag.c include libharu's headers.
 *
 * Furniture (elem -1) is tagged /Artifact; an artifact box that lies within
 * PDF_FOOTER_ZONE of the bottom edge is a pagination footer, within
 * PDF_HEADER_ZONE of the top edge a pagination header.
 */
#ifndef NOTAT_PDF_H
#define NOTAT_PDF_H

#include "box.h"
#include "font.h"
#include "util.h"

#define PDF_FOOTER_ZONE MM(25) /* pt from the bottom edge */
#define PDF_HEADER_ZONE MM(20) /* pt from the top edge */

struct pdf_meta {
	const char *title, *author, *subject, *keywords; /* UTF-8; NULL for none */
	const char *lang;            /* "da-DK" (NULL: "da-DK") */
	int year, month, day;        /* UTC; CreationDate/ModDate (year 0: no dates) */
	int hour, minute, second;    /* UTC */
	unsigned char id[16];        /* trailer /ID (both entries): a hash of the inputs */
	int pdfa;                    /* --pdfa: PDF/A-1b claim, OutputIntent, CIDSet */
	const char *font_dir;        /* LiberationSerif-{Regular,Bold,Italic,BoldItalic}.ttf */
	const char *icc_path;        /* --pdfa: sRGB profile; NULL: font_dir/sRGB.icc */
};

/* Writes bd to path through a temporary file in the same directory that is
 * renamed into place, so a failure leaves no (partial) output. fs supplies
 * the kerning (NULL: no kerning). Returns 0, 1 after a build error
 * (M_TS_NO_GLYPH: a code point the font lacks) or 3 after a fatal one
 * (M_PDF_LIBHARU, M_PDF_TAG, M_IO_WRITE, M_IO_OPEN, M_TS_FONT). */
int pdf_write(const struct box_doc *bd, struct fontset *fs, const struct pdf_meta *m,
    const char *path);

/* With on != 0, pdf_write keeps the deflated form of each stream it writes
 * until the next pdf_write has not used it, and writes a stream met again
 * from there (same bytes, less work: for a process that writes similar
 * documents again and again, notat watch). pdf_keep_streams(0) frees what is
 * kept. Process-wide, not thread-safe (pdf_write runs on one thread). */
void pdf_keep_streams(int on);

/* libharu's version string ("2.3.0"), for the manifest. Cannot fail. */
const char *pdf_lib_version(void);

#endif

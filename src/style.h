/* style.h: the house style: paper, margins, fonts, type sizes, colours and a
 * logo, read from a style file (layouts/README.md, "House style").
 *
 * Contract: style_new gives the defaults, which are the look notat had
 * before style files existed (A4, Liberation Serif, 10.5 pt body ...): a
 * build without a style writes the same bytes as before. style_load reads a
 * style file of `key value` lines over those defaults; every value is
 * checked where it is written (FILE:LINE:COL errors, an unknown key with the
 * nearest key as a suggestion). Font and logo files are named relative to
 * the style file, must be regular files, and are checked when the style is
 * read: a font must have TrueType outlines that libharu can embed (a CFF
 * OpenType font is an error naming the file), a logo must be a PNG that
 * decodes completely or a baseline/progressive JPEG. The logo's bytes are
 * kept in memory, so the PDF embeds exactly what was checked (and hashed).
 * All lengths below are in pt; the file gives them in mm (margins, logo
 * width) and pt (sizes).
 */
#ifndef NOTAT_STYLE_H
#define NOTAT_STYLE_H

#include <stddef.h>
#include <stdint.h>

#include "font.h"
#include "util.h"

enum style_image { STYLE_PNG = 1, STYLE_JPEG = 2 };

/* A logo placed on the notat's title block. */
struct style_logo {
	char *path;                /* the file (NULL: no logo) */
	unsigned char *data;       /* its bytes, as checked */
	size_t len;
	enum style_image kind;
	unsigned px_w, px_h;       /* pixels */
	double width;              /* pt, as drawn; the height keeps the aspect ratio */
	char *alt;                 /* alt text: a Figure; NULL: decorative, an Artifact */
	int alpha;                 /* a PNG with an alpha channel or tRNS (transparency) */
	struct pos at;             /* where the style file names it */
};

struct style {
	const char *path;          /* the style file (interned), NULL for the defaults */
	double page_w, page_h;     /* pt */
	double left, right;        /* pt, side margins */
	double top, bottom;        /* pt, from the page's lower edge: top and bottom of the text area */
	double text_w;             /* pt, page_w - left - right */
	double footer_y;           /* pt, baseline of "Side x af y": 13 mm below the text area */
	double body, body_lead;    /* pt, body text and its leading */
	double mark, mark_rise;    /* pt, footnote markers in the body: size and rise (scale with body) */
	double heading;            /* pt, section headings (level 2 and below: 11/13 of it) */
	double title;              /* pt, the document title and the appendix title */
	double caption, caption_lead; /* pt, table captions */
	double note, note_lead;    /* pt, footnotes */
	double note_mark;          /* pt, the footnote's number at the foot (scales with note) */
	double table, table_lead;  /* pt, table cells */
	uint32_t accent;           /* 0xRRGGBB: title, headings and the agency rule */
	uint32_t palette;          /* 0xRRGGBB: the chart palette's base colour */
	int has_palette;           /* palette was given (else the charts' own blue and orange) */
	char *font[FONT_NFACES];   /* font files by face (font.h); NULL: the default file */
	struct style_logo logo;
};

/* The default style (see the contract). Owned by the caller: style_free. */
struct style *style_new(void);
/* Reads the style file path over the defaults. A file that cannot be opened
 * is reported at *from (the layout's `style` line) or, when from is NULL
 * (--style), at the file itself. Returns NULL after reporting errors. */
struct style *style_load(const char *path, const struct pos *from);
/* Frees s; accepts NULL. */
void style_free(struct style *s);
/* For --pdfa: 0, or 1 after an error at the logo when it has transparency,
 * which PDF/A-1 forbids. */
int style_check_pdfa(const struct style *s);
/* The number of files the style names (fonts, logo) and the i-th of them
 * with its manifest role ("font" or "logo"); for the manifest and for
 * notat watch. The path and role are owned by s and the program (not freed
 * by the caller); NULL for i >= style_nfiles(s). */
size_t style_nfiles(const struct style *s);
const char *style_file(const struct style *s, size_t i, const char **role);

#endif

/* box.h: laid-out pages, handed from the typesetter to the pdf stage.
 *
 * Contract: a box list is final geometry: the pdf stage draws every box as
 * given, in order, and adds nothing but fonts, metadata and tagging. The
 * structure tree (elems) is in logical reading order; each content box names
 * the element it belongs to, furniture boxes are artifacts (elem -1).
 * Coordinates are PDF points from the page's lower-left corner; every page
 * has the box_doc's size.
 */
#ifndef NOTAT_BOX_H
#define NOTAT_BOX_H

#include <stddef.h>
#include <stdint.h>

#define BOX_A4_W 595.276 /* pt */
#define BOX_A4_H 841.890 /* pt */

enum box_kind {
	BOX_TEXT, /* a word or text segment; kerning inside it comes from font_kern */
	BOX_RECT, /* a filled rectangle */
	BOX_LINE, /* a stroked line from (x,y) to (x+w,y+h) */
	BOX_LINK, /* an invisible link area to a page and height */
	BOX_IMAGE /* an image (box_doc.images[image]) scaled into the rectangle x, y, w, h */
};

struct box {
	enum box_kind kind;
	double x, y;       /* pt; text: start of baseline; rect: lower-left corner; line: start */
	double w, h;       /* pt; rect: size; line: delta to the end point; link: size; text: width (measured) */
	int face;          /* text: enum doc_face */
	double size;       /* text: font size, pt */
	char *text;        /* text: UTF-8, owned; ends in " " where a word space follows */
	int hyphen;        /* text: ends in a hyphen added by line breaking (not in the source) */
	uint32_t rgb;      /* fill colour (text, rect) or stroke colour (line), 0xRRGGBB */
	double lw;         /* line: width, pt */
	int elem;          /* index into box_doc.elems, or -1 for an artifact */
	int target_page;   /* link: 0-based page index in the same box_doc */
	double target_y;   /* link: pt, top of the target */
	int image;         /* image: index into box_doc.images */
};

/* An image's file bytes, borrowed from their owner (the house style, which
 * outlives the box_doc). */
struct box_image {
	const unsigned char *data; /* the file's bytes */
	size_t len;        /* bytes */
	int jpeg;          /* 1: JPEG, 0: PNG */
};

struct box_page {
	struct box *box;
	size_t n, cap;
	int pagenum;       /* printed page number */
};

/* A structure element (PDF tag). */
struct box_elem {
	int parent;        /* index of the parent element, -1 for the root (Document) */
	char *type;        /* "Document", "H1", "H2", "P", "Note", "Reference", "Figure", "Caption",
	                      "Table", "TR", "TH", "TD", "Link", "Lbl", "Span" */
	char *alt;         /* Figure: alt text (mandatory); else NULL */
	char *id;          /* Note: unique ID ("note3"); else NULL */
	char *scope;       /* TH: "Column" or "Row"; else NULL */
	int colspan;       /* TH/TD: columns the cell spans (0 or 1: one) */
	int rowspan;       /* TH/TD: rows the cell spans (0 or 1: one) */
};

struct box_outline {
	int level;         /* 1, 2 ... */
	char *title;       /* UTF-8 */
	int page;          /* 0-based page index */
	double y;          /* pt, top of the heading */
};

struct box_doc {
	struct box_page *pages;
	size_t npages, capp;
	struct box_elem *elems;   /* elems[0] is the Document root */
	size_t nelems, cape;
	struct box_outline *outline;
	size_t noutline, capo;
	double page_w, page_h;    /* pt, every page's size (box_doc_new: A4) */
	struct box_image *images; /* [nimages], drawn by BOX_IMAGE boxes */
	size_t nimages, capi;
};

/* New empty box_doc with the Document root element; free with box_doc_free (accepts NULL). */
struct box_doc *box_doc_new(void);
void box_doc_free(struct box_doc *bd);
/* Appends a page and returns its index. */
int box_page_add(struct box_doc *bd, int pagenum);
/* Appends a copy of b to page pg (text is copied) and returns the stored box. */
struct box *box_add(struct box_doc *bd, int pg, const struct box *b);
/* Appends an element and returns its index; strings are copied (may be NULL). */
int box_elem_add(struct box_doc *bd, int parent, const char *type, const char *alt,
    const char *id, const char *scope);
/* Appends an image (its bytes borrowed, see struct box_image); returns its index. */
int box_image_add(struct box_doc *bd, const unsigned char *data, size_t len, int jpeg);
/* Appends an outline entry (title copied). */
void box_outline_add(struct box_doc *bd, int level, const char *title, int page, double y);
/* Writes the stable text dump (--dump=boxes): pages, boxes with rounded
 * coordinates (0.01 pt), elements and outline. */
void box_dump(const struct box_doc *bd, void *file);

#endif

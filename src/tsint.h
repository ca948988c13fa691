/* tsint.h: internals shared by the page builder (typeset.c) and its table setter (tstable.c). */
#ifndef NOTAT_TSINT_H
#define NOTAT_TSINT_H

#include <stddef.h>

#include "box.h"
#include "doc.h"
#include "para.h"
#include "style.h"
#include "tstext.h"
#include "typeset.h"
#include "util.h"

/* Page geometry and the type sizes a house style sets, pt: each reads the
 * style of the page builder `ts` in scope (style.h; its defaults are A4,
 * margins 25 mm and 30 mm below, body 10.5 pt on 14 pt ...). */
#define PAGE_W (ts->sty->page_w)
#define PAGE_H (ts->sty->page_h)
#define LEFT (ts->sty->left)           /* left margin */
#define TEXT_W (ts->sty->text_w)       /* text width */
#define TOP (ts->sty->top)             /* top of the text area */
#define BOTTOM (ts->sty->bottom)       /* bottom of the text area */
#define FOOTER_Y (ts->sty->footer_y)   /* baseline of "Side x af y" */
#define BODY_SIZE (ts->sty->body)
#define BODY_LEAD (ts->sty->body_lead)
#define NOTE_SIZE (ts->sty->note)
#define NOTE_LEAD (ts->sty->note_lead)
#define MARK_SIZE (ts->sty->mark)      /* footnote marker digits in the text */
#define MARK_RISE (ts->sty->mark_rise)
#define NOTE_MARK (ts->sty->note_mark) /* footnote number digits at the foot */
#define TAB_SIZE (ts->sty->table)
#define TAB_LEAD (ts->sty->table_lead)
#define CAP_SIZE (ts->sty->caption)    /* table caption */
#define CAP_LEAD (ts->sty->caption_lead)
#define HEAD_FACE (ts->sty->font[FONT_HEADING] ? FONT_HEADING : DOC_BOLD) /* titles and headings */
#define ACCENT (ts->sty->accent)       /* colour of titles, headings and the agency rule */
#define PALETTE (ts->sty->has_palette ? &ts->sty->palette : NULL) /* charts' base colour */

/* Type sizes and spaces, pt. */
#define PARA_GAP 6.0
#define NOTE_HANG 10.0     /* footnote text indent after its number */
#define NOTE_GAP 1.5       /* between footnotes */
#define NOTE_RULE_W MM(45) /* the short footnote rule */
#define NOTE_SEP_ABOVE 9.0 /* text to footnote rule */
#define NOTE_SEP_BELOW 3.5 /* footnote rule to the first footnote */
#define FIG_GAP 14.0
#define NARROW 0.45        /* width of a narrow figure, share of TEXT_W */
#define GUTTER 14.0        /* text to narrow figure */
#define SMALL_SIZE 8.5
#define SMALL_LEAD 10.5
#define TAB_PAD 6.0        /* before the second number column of a group */
#define TAB_GPAD 12.0      /* before the first number column of a group */
#define TAB_GAP 22.0       /* between tables */
#define GAP_FLEX 2.0       /* how far a gap may stretch or shrink to fill a page */
#define INK 0x000000u
#define GREY 0x404040u

/* Structure elements of a piece of text and the Link elements of its runs. */
struct welems {
	int elem;          /* the block element (P, H1, Note ...) */
	int *link;         /* Link elems of the RUN_LINK runs, in order */
	size_t nlink, caplink;
	size_t cur;        /* link runs met so far while placing */
	int prev_link;     /* the previous word was a link word */
	int prev_target;   /* its target */
	uint32_t rgb;      /* colour of its words, 0xRRGGBB (0: INK, black) */
};

/* Footnote lines [from, to) waiting for the foot of the current page. */
struct qnote {
	int note;
	size_t from, to;
};

/* A figure waiting for the top of a page. */
struct qfloat {
	const struct doc_figure *f;
	int ecap, efig, enote, esrc; /* its elements: caption, figure, note (and key), source */
};

/* A link area of a line, resolved to its table when the appendix is laid out. */
struct link {
	int page;
	double x0, x1, base, size; /* pt */
	int elem, target;
};

struct tabpos {
	int page;          /* -1: not laid out */
	double y;          /* pt, top of the caption */
};

/* A vertical gap between two items of the flow, where a page may stretch or shrink. */
struct vgap {
	double y;          /* pt, top of the gap */
	double flex;       /* pt, how far it may change either way */
};

/* The page builder's state. */
struct ts {
	const struct doc *d;
	const struct style *sty;  /* the house style (the opts' or sty_own) */
	struct style *sty_own;    /* the defaults, when the opts name no style */
	const struct measure *m;
	struct hyph *hy;
	int combined;
	struct box_doc *bd;
	int pg;             /* current page, -1 before the first */
	double cy;          /* pt, top of the free space */
	double gap;         /* pt, pending vertical space (dropped at a page top) */
	double last_gap;    /* pt, the space the cursor last moved down by */
	double foot;        /* pt, reserved for footnotes at the page foot */
	int fresh;          /* nothing placed on this page yet */
	double wrap_bottom; /* pt, a narrow figure stands right of the text down to here; 0 none */
	double wrap_w;      /* pt, text width beside it */
	int wrap_pg;        /* page of the last narrow figure, -1 once its notes are checked */
	int wrap_el[2];     /* its note and source elements (-1 for none) */
	double wrap_x;      /* pt, its left edge */
	int level;          /* outline level of the last heading */
	int hlevel_off;     /* added to heading levels (appendix) */
	int tag_off;        /* added to a heading level for its structure type: 1 below a title H1 */
	size_t nnotes;      /* highest footnote number */
	struct para **npara;    /* [nnotes+1] set footnotes */
	struct welems *nwe;     /* [nnotes+1] their elements */
	int *nref;              /* [nnotes+1] Reference elems, -1 before the marker */
	int *nqueued;           /* [nnotes+1] queued on a page */
	struct qnote *qn, *carry;
	size_t nqn, capqn, ncarry, capcarry;
	struct qfloat *qf;
	size_t nqf, capqf;
	struct link *ln;
	size_t nln, capln;
	struct tabpos *tab;     /* [ntab] by table number */
	size_t ntab;
	struct vgap *vg;        /* this page's stretchable gaps, top to bottom */
	size_t nvg, capvg;
	double gap_flex;        /* pt, how far the pending gap may stretch or shrink */
	double allow;           /* pt, how far the flow may run below the floor (shrunk back at the page end) */
	int midflow;            /* this page ends inside a paragraph */
	int justify;            /* record gaps (off in the title block) */
	int errors;             /* diag_errors() at the start */
	struct {                /* a paragraph set ahead (keep-with-next), reused when placed */
		const struct doc_text *t;
		double size, full;  /* pt: the style size and width it was set to */
		struct para *p;
	} peek;
};

/* Line widths: the first nnarrow lines beside a narrow figure, then full. */
struct wctx {
	double full, narrow;  /* pt */
	size_t nnarrow;
};

/* ---- helpers of typeset.c used by tstable.c ---- */

/* A one-run doc_text over s (not copied; valid while s and *r live). */
struct doc_text ts_text_of(struct doc_run *r, enum doc_face face, const char *s);
/* Sets t with widths w (hyphenating if st says so). Caller frees with para_free. */
struct para *ts_set_text(struct ts *ts, const struct doc_text *t, const struct para_style *st,
    struct wctx *w);
/* A ragged, unhyphenated style (titles, headings, captions). */
struct para_style ts_ragged_style(double size, double lead, int face);
/* Appends a structure element of type under parent; returns its index. */
int ts_elem(struct ts *ts, int parent, const char *type);
/* Starts/ends the element bookkeeping of a piece of text (ts_we_free frees the links). */
void ts_we_init(struct welems *we, int e);
void ts_we_free(struct welems *we);
/* Places lines [from, to) of p at x (leading lead) from the cursor down, queueing footnotes. */
void ts_place_lines(struct ts *ts, const struct para *p, size_t from, size_t to, double x,
    double lead, struct welems *we);
/* Baseline of a line whose slot (height lead) starts at top. */
double ts_base_of(double top, double lead);
/* Draws a horizontal rule (an artifact) on the current page. */
void ts_rule(struct ts *ts, double x, double y, double w, double lw);
/* Finishes the page and starts the next one; the space below top floats is applied. */
void ts_next_page(struct ts *ts);
/* Requests vertical space before the next item (the largest request wins). */
void ts_space(struct ts *ts, double h);
/* Moves the cursor down by the pending space (none at a page top). */
void ts_apply_gap(struct ts *ts);
/* Free height above the footnotes, pt. */
double ts_room(const struct ts *ts);
/* Ends text wrapping around a narrow figure: the cursor moves below it. */
void ts_end_wrap(struct ts *ts);

/* ---- tstable.c ---- */

/* Places table t at the cursor (caption, header, rows across pages with the
 * header repeated, note and source), recording its page for links. */
void ts_place_table(struct ts *ts, const struct doc_table *t);
/* Height table t needs to start on a page (gap, caption, header, first rows). */
double ts_table_need(struct ts *ts, const struct doc_table *t);

#endif

/* typeset.c: the page builder: title block, headings, paragraphs, footnotes, figures, tables, footers. */
#include "typeset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "diag.h"
#include "para.h"
#include "util.h"

/* Page geometry, pt. */
#define PAGE_W BOX_A4_W
#define PAGE_H BOX_A4_H
#define LEFT MM(25)                    /* left margin */
#define TEXT_W (PAGE_W - 2 * MM(25))   /* text width */
#define TOP (PAGE_H - MM(25))          /* top of the text area */
#define BOTTOM MM(30)                  /* bottom of the text area */
#define FOOTER_Y MM(17)                /* baseline of "Side x af y" */

/* Type sizes and spaces, pt. */
#define BODY_SIZE 10.5
#define BODY_LEAD 14.0
#define PARA_GAP 6.0
#define MARK_SIZE 6.8      /* footnote marker digits in the text */
#define MARK_RISE 3.8
#define NOTE_SIZE 8.5
#define NOTE_LEAD 10.5
#define NOTE_MARK 5.8      /* footnote number digits at the foot */
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
#define TAB_SIZE 9.0
#define TAB_LEAD 11.5
#define TAB_PAD 6.0        /* before the second number column of a group */
#define TAB_GPAD 12.0      /* before the first number column of a group */
#define TAB_GAP 22.0       /* between tables */
#define CAP_SIZE 10.0      /* table caption */
#define CAP_LEAD 12.5
#define INK 0x000000u
#define GREY 0x404040u

/* Heading styles by level (1, 2; deeper levels use 2). */
static const struct hstyle {
	double size, lead, before, after; /* pt */
} hstyle[3] = {
	{0, 0, 0, 0},
	{13.0, 16.0, 22.0, 7.0},
	{11.0, 14.0, 15.0, 4.0},
};

/* Structure elements of a piece of text and the Link elements of its runs. */
struct welems {
	int elem;          /* the block element (P, H1, Note ...) */
	int *link;         /* Link elems of the RUN_LINK runs, in order */
	size_t nlink, caplink;
	size_t cur;        /* link runs met so far while placing */
	int prev_link;     /* the previous word was a link word */
	int prev_target;   /* its target */
};

/* Footnote lines [from, to) waiting for the foot of the current page. */
struct qnote {
	int note;
	size_t from, to;
};

/* A figure waiting for the top of a page. */
struct qfloat {
	const struct doc_figure *f;
	int ecap, efig, enote; /* its elements */
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

/* The page builder's state. */
struct ts {
	const struct doc *d;
	const struct measure *m;
	struct hyph *hy;
	int combined;
	struct box_doc *bd;
	int pg;             /* current page, -1 before the first */
	double cy;          /* pt, top of the free space */
	double gap;         /* pt, pending vertical space (dropped at a page top) */
	double foot;        /* pt, reserved for footnotes at the page foot */
	int fresh;          /* nothing placed on this page yet */
	double wrap_bottom; /* pt, a narrow figure stands right of the text down to here; 0 none */
	double wrap_w;      /* pt, text width beside it */
	int level;          /* outline level of the last heading */
	int hlevel_off;     /* added to heading levels (appendix) */
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
	int errors;             /* diag_errors() at the start */
	struct {                /* a paragraph set ahead (keep-with-next), reused when placed */
		const struct doc_text *t;
		double size, full;  /* pt: the style size and width it was set to */
		struct para *p;
	} peek;
};

/* ---- small helpers ---- */

int
ts_check_glyphs(const struct measure *m, int face, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0)
			return 1;
		if (cp > ' ' && !m->has_glyph(m->ctx, face, cp)) {
			diag(M_TS_NO_GLYPH, NULL, (unsigned)cp);
			return 1;
		}
		i += l;
	}
	return 0;
}

static double
width_of(const struct measure *m, int face, double size, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return m->width(m->ctx, face, size, s, n);
}

double
ts_text(struct box_doc *bd, int pg, const struct measure *m, int face, double size,
    double x, double y, const char *s, int elem, uint32_t rgb)
{
	ts_check_glyphs(m, face, s);
	struct box b = {.kind = BOX_TEXT, .x = x, .y = y, .face = face, .size = size,
	    .text = (char *)s, .rgb = rgb, .elem = elem};
	b.w = width_of(m, face, size, s);
	box_add(bd, pg, &b);
	return b.w;
}

static void
push_line(char ***lines, size_t *n, size_t *cap, struct buf *cur)
{
	xgrow(lines, cap, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = buf_take(cur);
}

/* Greedy line breaking of s at width w (see ts_wrap). */
static size_t
greedy(const struct measure *m, int face, double size, const char *s, double w, char ***lines)
{
	size_t n = 0, cap = 0;
	struct buf cur = {0};
	*lines = NULL;
	while (*s) {
		size_t l = strcspn(s, " ");
		if (l > 0 && cur.len > 0) {
			char *try = xasprintf("%s %.*s", cur.s, (int)l, s);
			if (width_of(m, face, size, try) > w)
				push_line(lines, &n, &cap, &cur);
			free(try);
		}
		if (l > 0) {
			if (cur.len > 0)
				buf_putc(&cur, ' ');
			buf_add(&cur, s, l);
		}
		s += l;
		s += strspn(s, " ");
	}
	if (cur.len > 0)
		push_line(lines, &n, &cap, &cur);
	buf_free(&cur);
	return n;
}

size_t
ts_wrap(const struct measure *m, int face, double size, const char *s, double w, char ***lines)
{
	size_t n = greedy(m, face, size, s, w, lines);
	/* A last line of one word: try a slightly narrower measure that keeps the line count. */
	for (int i = 1; i <= 12 && n >= 2 && strchr((*lines)[n - 1], ' ') == NULL; i++) {
		char **alt;
		size_t k = greedy(m, face, size, s, w * (1 - 0.025 * i), &alt);
		if (k == n && strchr(alt[k - 1], ' ') != NULL) {
			ts_wrap_free(*lines, n);
			*lines = alt;
			break;
		}
		ts_wrap_free(alt, k);
	}
	return n;
}

void
ts_wrap_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

char *
ts_prefixed(const char *prefix, const char *text)
{
	size_t n = strcspn(prefix, ":");
	if (strncmp(text, prefix, n) == 0)
		return xstrdup(text);
	return xasprintf("%s %s", prefix, text);
}

/* A one-run doc_text over s (not copied; valid while s and r live). */
static struct doc_text
text_of(struct doc_run *r, enum doc_face face, const char *s)
{
	memset(r, 0, sizeof *r);
	r->kind = RUN_TEXT;
	r->face = face;
	r->text = (char *)s;
	return (struct doc_text){r, 1, 1};
}

/* Plain text of t without footnote markers (outline titles). Caller frees. */
static char *
plain_text(const struct doc_text *t)
{
	struct buf b = {0};
	for (size_t i = 0; i < t->n; i++)
		if (t->runs[i].kind != RUN_NOTE)
			buf_puts(&b, t->runs[i].text);
	char *s = buf_take(&b);
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* UTF-8 upper case for ASCII and Latin-1 letters (æøå). Caller frees. */
static char *
upper(const char *s)
{
	char *u = xstrdup(s);
	for (unsigned char *p = (unsigned char *)u; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p -= 32;
		else if (*p == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7)
			p[1] -= 0x20, p++;
	}
	return u;
}

/* ---- width functions for para_set ---- */

/* Line widths: the first nnarrow lines beside a narrow figure, then full. */
struct wctx {
	double full, narrow;  /* pt */
	size_t nnarrow;
};

static double
width_at(void *ctx, size_t line)
{
	const struct wctx *w = ctx;
	return line < w->nnarrow ? w->narrow : w->full;
}

static struct para *
set_text(struct ts *ts, const struct doc_text *t, const struct para_style *st, struct wctx *w)
{
	return para_set(t, st, width_at, w, ts->m, st->hyphenate ? ts->hy : NULL);
}

/* Sets t, reusing the paragraph set ahead by peek_text if it matches (set
 * once, so missing glyphs are reported once). Caller frees. */
static struct para *
set_once(struct ts *ts, const struct doc_text *t, const struct para_style *st, struct wctx *w)
{
	if (ts->peek.p && ts->peek.t == t && ts->peek.size == st->size && w->nnarrow == 0 &&
	    ts->peek.full == w->full) {
		struct para *p = ts->peek.p;
		ts->peek.p = NULL, ts->peek.t = NULL;
		return p;
	}
	return set_text(ts, t, st, w);
}

/* Sets t ahead of placing it (full width); the result stays owned by ts. */
static const struct para *
peek_text(struct ts *ts, const struct doc_text *t, const struct para_style *st, double full)
{
	if (ts->peek.p && ts->peek.t == t && ts->peek.size == st->size && ts->peek.full == full)
		return ts->peek.p;
	para_free(ts->peek.p);
	struct wctx w = {full, full, 0};
	ts->peek.p = set_text(ts, t, st, &w);
	ts->peek.t = t, ts->peek.size = st->size, ts->peek.full = full;
	return ts->peek.p;
}

static struct para_style
body_style(void)
{
	return (struct para_style){BODY_SIZE, BODY_LEAD, DOC_REGULAR, 1, 0, 1.6, 1, MARK_SIZE, MARK_RISE};
}

static struct para_style
note_style(void)
{
	return (struct para_style){NOTE_SIZE, NOTE_LEAD, DOC_REGULAR, 1, 0, 2.0, 1, NOTE_MARK, 2.8};
}

/* A ragged, unhyphenated style (titles, headings, captions). */
static struct para_style
ragged_style(double size, double lead, int face)
{
	return (struct para_style){size, lead, face, 0, 0, 3.0, 0, size * 0.65, size * 0.36};
}

/* ---- elements ---- */

static int
elem(struct ts *ts, int parent, const char *type)
{
	return box_elem_add(ts->bd, parent, type, NULL, NULL, NULL);
}

static void
we_init(struct welems *we, int e)
{
	memset(we, 0, sizeof *we);
	we->elem = e;
}

static void
we_free(struct welems *we)
{
	free(we->link);
}

/* Creates the Link elems of t's RUN_LINK runs under we->elem (combined mode). */
static void
link_elems(struct ts *ts, const struct doc_text *t, size_t i, struct welems *we)
{
	if (!ts->combined || t->runs[i].kind != RUN_LINK)
		return;
	xgrow(&we->link, &we->caplink, we->nlink + 1, sizeof *we->link);
	we->link[we->nlink++] = elem(ts, we->elem, "Link");
}

static void note_elems(struct ts *ts, int parent, int n);

/* Creates the children of a block's element in run order: Link, and
 * Reference followed by its Note (with the Note's own Links). */
static void
text_elems(struct ts *ts, const struct doc_text *t, struct welems *we)
{
	for (size_t i = 0; i < t->n; i++) {
		link_elems(ts, t, i, we);
		if (t->runs[i].kind == RUN_NOTE)
			note_elems(ts, we->elem, t->runs[i].note);
	}
}

static void
note_elems(struct ts *ts, int parent, int n)
{
	if (n < 1 || (size_t)n > ts->nnotes || ts->nref[n] >= 0 || ts->npara[n] == NULL)
		return;
	ts->nref[n] = elem(ts, parent, "Reference");
	char id[32];
	snprintf(id, sizeof id, "note%d", n);
	int e = box_elem_add(ts->bd, parent, "Note", NULL, id, NULL);
	we_init(&ts->nwe[n], e);
	const struct doc_note *dn = NULL;
	for (size_t i = 0; i < ts->d->nnotes; i++)
		if (ts->d->notes[i].number == n)
			dn = &ts->d->notes[i];
	for (size_t i = 0; dn && i < dn->text.n; i++)
		link_elems(ts, &dn->text, i, &ts->nwe[n]);
}

/* The element a word belongs to. */
static int
word_elem(struct ts *ts, struct welems *we, const struct para_word *w)
{
	if (w->kind == RUN_NOTE && w->note >= 1 && (size_t)w->note <= ts->nnotes && ts->nref[w->note] >= 0) {
		we->prev_link = 0;
		return ts->nref[w->note];
	}
	if (w->kind != RUN_LINK) {
		we->prev_link = 0;
		return we->elem;
	}
	if (!we->prev_link || w->target != we->prev_target)
		we->cur++;
	we->prev_link = 1, we->prev_target = w->target;
	return we->cur - 1 < we->nlink ? we->link[we->cur - 1] : we->elem;
}

/* ---- lines and links ---- */

static void
add_link(struct ts *ts, const struct link *l)
{
	xgrow(&ts->ln, &ts->capln, ts->nln + 1, sizeof *ts->ln);
	ts->ln[ts->nln++] = *l;
}

/* Extends the open link area *cur with word box b, or closes it and opens a new one. */
static void
track_link(struct ts *ts, struct link *cur, const struct box *b, const struct para_word *w)
{
	int is_link = w->kind == RUN_LINK && b->elem >= 0 && strcmp(ts->bd->elems[b->elem].type, "Link") == 0;
	if (cur->elem >= 0 && (!is_link || cur->elem != b->elem)) {
		add_link(ts, cur);
		cur->elem = -1;
	}
	if (!is_link)
		return;
	if (cur->elem < 0)
		*cur = (struct link){ts->pg, b->x, b->x + b->w, b->y - w->rise, b->size, b->elem, w->target};
	cur->x1 = b->x + b->w;
}

/* Whether a word space follows line l (for text extraction): not after the
 * last line, a hyphen or an explicit "-". */
static int
line_space(const struct para_line *l)
{
	if (l->last || l->hyphen || l->n == 0)
		return 0;
	const char *t = l->w[l->n - 1].text;
	size_t n = strlen(t);
	return n == 0 || t[n - 1] != '-';
}

/* Draws the words of line l with its left edge at x and baseline base. */
static void
place_words(struct ts *ts, const struct para_line *l, double x, double base, struct welems *we)
{
	struct link cur = {.elem = -1};
	for (size_t i = 0; i < l->n; i++) {
		const struct para_word *w = &l->w[i];
		char *t = w->space_after || (i + 1 == l->n && line_space(l)) ? xasprintf("%s ", w->text) :
		    xstrdup(w->text);
		struct box b = {.kind = BOX_TEXT, .x = x + w->x, .y = base + w->rise, .w = w->w,
		    .face = w->face, .size = w->size, .text = t, .rgb = INK, .elem = word_elem(ts, we, w)};
		box_add(ts->bd, ts->pg, &b);
		track_link(ts, &cur, &b, w);
		free(t);
	}
	if (cur.elem >= 0)
		add_link(ts, &cur);
}

/* Baseline of a line whose slot (height lead) starts at top. */
static double
base_of(double top, double lead)
{
	return top - lead * 0.75;
}

/* ---- footnotes ---- */

/* Height a footnote's lines [from, to) add to the page foot. */
static double
note_cost(size_t from, size_t to, int first)
{
	return (first ? NOTE_SEP_ABOVE + NOTE_SEP_BELOW : NOTE_GAP) + (double)(to - from) * NOTE_LEAD;
}

/* Footnote height that line l adds (its markers' notes not yet queued); *nq counts notes on the page. */
static double
line_note_cost(const struct ts *ts, const struct para_line *l, size_t *nq)
{
	double h = 0;
	for (size_t i = 0; i < l->n; i++) {
		int n = l->w[i].note;
		if (l->w[i].kind != RUN_NOTE || n < 1 || (size_t)n > ts->nnotes || ts->npara[n] == NULL ||
		    ts->nqueued[n])
			continue;
		h += note_cost(0, ts->npara[n]->n, *nq == 0);
		(*nq)++;
	}
	return h;
}

static void
qnote_add(struct qnote **q, size_t *n, size_t *cap, int note, size_t from, size_t to)
{
	xgrow(q, cap, *n + 1, sizeof **q);
	(*q)[(*n)++] = (struct qnote){note, from, to};
}

/* Queues footnote lines [from, end) for this page's foot; what does not fit is carried over. */
static void
queue_note(struct ts *ts, int n, size_t from)
{
	size_t end = ts->npara[n]->n, to = end;
	double base = note_cost(from, from, ts->nqn == 0);
	double avail = ts->cy - BOTTOM - ts->foot - base;
	if (avail < (double)(end - from) * NOTE_LEAD) {
		size_t fit = avail > 0 ? (size_t)(avail / NOTE_LEAD) : 0;
		to = from + (fit > 0 ? fit : 1);
		if (to > end)
			to = end;
	}
	ts->foot += note_cost(from, to, ts->nqn == 0);
	qnote_add(&ts->qn, &ts->nqn, &ts->capqn, n, from, to);
	if (to < end)
		qnote_add(&ts->carry, &ts->ncarry, &ts->capcarry, n, to, end);
	ts->nqueued[n] = 1;
}

static void
queue_line_notes(struct ts *ts, const struct para_line *l)
{
	for (size_t i = 0; i < l->n; i++) {
		int n = l->w[i].note;
		if (l->w[i].kind == RUN_NOTE && n >= 1 && (size_t)n <= ts->nnotes && ts->npara[n] &&
		    !ts->nqueued[n])
			queue_note(ts, n, 0);
	}
}

static void
rule(struct ts *ts, double x, double y, double w, double lw)
{
	struct box b = {.kind = BOX_LINE, .x = x, .y = y, .w = w, .h = 0, .lw = lw, .rgb = INK, .elem = -1};
	box_add(ts->bd, ts->pg, &b);
}

/* Draws one queued footnote from top; returns the height used. */
static double
draw_note(struct ts *ts, const struct qnote *q, double top)
{
	struct para *p = ts->npara[q->note];
	struct welems *we = &ts->nwe[q->note];
	for (size_t i = q->from; i < q->to; i++) {
		double base = base_of(top - (double)(i - q->from) * NOTE_LEAD, NOTE_LEAD);
		if (i == 0) {
			char num[16];
			snprintf(num, sizeof num, "%d ", q->note);
			double nw = width_of(ts->m, DOC_REGULAR, NOTE_MARK, num);
			ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, NOTE_MARK, LEFT + NOTE_HANG - 2.5 - nw,
			    base + 3.0, num, we->elem, INK);
		}
		place_words(ts, &p->line[i], LEFT + NOTE_HANG, base, we);
	}
	return (double)(q->to - q->from) * NOTE_LEAD;
}

/* Draws this page's footnotes at its foot, below a short rule. */
static void
flush_notes(struct ts *ts)
{
	if (ts->nqn == 0)
		return;
	double y = BOTTOM + ts->foot - NOTE_SEP_ABOVE;
	rule(ts, LEFT, y, NOTE_RULE_W, 0.4);
	y -= NOTE_SEP_BELOW;
	for (size_t i = 0; i < ts->nqn; i++) {
		if (i > 0)
			y -= NOTE_GAP;
		y -= draw_note(ts, &ts->qn[i], y);
	}
	ts->nqn = 0;
	ts->foot = 0;
}

/* ---- pages ---- */

static void place_floats(struct ts *ts);

static void
requeue_carried(struct ts *ts)
{
	size_t n = ts->ncarry;
	struct qnote *c = ts->carry;
	ts->carry = NULL, ts->ncarry = 0, ts->capcarry = 0;
	for (size_t i = 0; i < n; i++)
		queue_note(ts, c[i].note, c[i].from);
	free(c);
}

/* Finishes the current page (footnotes) and starts a new one. */
static void
page_new(struct ts *ts)
{
	if (ts->pg >= 0)
		flush_notes(ts);
	ts->pg = box_page_add(ts->bd, (int)ts->bd->npages + 1);
	ts->cy = TOP;
	ts->gap = 0;
	ts->foot = 0;
	ts->fresh = 1;
	ts->wrap_bottom = 0;
	requeue_carried(ts);
	place_floats(ts);
}

static void apply_gap(struct ts *ts);

/* A new page in the middle of placing something: the space below any
 * figures put at its top is applied at once. */
static void
next_page(struct ts *ts)
{
	page_new(ts);
	apply_gap(ts);
}

/* Requests vertical space before the next item (the largest request wins). */
static void
space(struct ts *ts, double h)
{
	ts->gap = fmax(ts->gap, h);
}

static void
apply_gap(struct ts *ts)
{
	if (!ts->fresh)
		ts->cy -= ts->gap;
	ts->gap = 0;
}

/* Free height above the footnotes, pt. */
static double
room(const struct ts *ts)
{
	return ts->cy - BOTTOM - ts->foot;
}

/* Ends text wrapping around a narrow figure: the cursor moves below it. */
static void
end_wrap(struct ts *ts)
{
	if (ts->wrap_bottom > 0 && ts->cy > ts->wrap_bottom)
		ts->cy = ts->wrap_bottom;
	ts->wrap_bottom = 0;
}

static void
footers(struct ts *ts)
{
	size_t n = ts->bd->npages;
	for (size_t p = 0; p < n; p++) {
		char *s = xasprintf("Side %zu af %zu", p + 1, n);
		double w = width_of(ts->m, DOC_REGULAR, SMALL_SIZE, s);
		ts_text(ts->bd, (int)p, ts->m, DOC_REGULAR, SMALL_SIZE, (PAGE_W - w) / 2, FOOTER_Y, s, -1, GREY);
		free(s);
	}
}

/* ---- paragraphs ---- */

/* Number of lines of p from `from` that fit on this page with their footnotes. */
static size_t
lines_fitting(const struct ts *ts, const struct para *p, size_t from, double lead)
{
	double y = ts->cy, foot = ts->foot;
	size_t nq = ts->nqn, i;
	for (i = from; i < p->n; i++) {
		double add = line_note_cost(ts, &p->line[i], &nq);
		if (y - lead < BOTTOM + foot + add - 0.01)
			break;
		y -= lead;
		foot += add;
	}
	return i - from;
}

/* Lines to put on this page so that neither end of the break has a single line. */
static size_t
break_at(size_t fit, size_t rem, int fresh)
{
	size_t k = fit;
	if (k >= rem)
		return rem;
	if (rem - k < 2)
		k = rem >= 2 ? rem - 2 : 0;
	if (k < 2)
		k = 0;
	if (k == 0 && fresh)
		k = fit > 0 ? fit : 1; /* nothing fits better on any page */
	return k;
}

/* Places lines [from, to) of p at x, queueing their footnotes. */
static void
place_lines(struct ts *ts, const struct para *p, size_t from, size_t to, double x,
    double lead, struct welems *we)
{
	for (size_t i = from; i < to; i++) {
		place_words(ts, &p->line[i], x, base_of(ts->cy, lead), we);
		ts->cy -= lead;
		ts->fresh = 0;
		queue_line_notes(ts, &p->line[i]);
	}
	if (ts->wrap_bottom > 0 && ts->cy <= ts->wrap_bottom)
		ts->wrap_bottom = 0;
}

/* Widths for a body paragraph starting at the cursor (narrow beside a figure). */
static struct wctx
body_widths(const struct ts *ts)
{
	struct wctx w = {TEXT_W, TEXT_W, 0};
	if (ts->wrap_bottom > 0 && ts->cy > ts->wrap_bottom) {
		w.narrow = ts->wrap_w;
		w.nnarrow = (size_t)ceil((ts->cy - ts->wrap_bottom) / BODY_LEAD - 0.05);
	}
	return w;
}

/* Places set lines across pages with widow and orphan control. */
static void
flow_para(struct ts *ts, const struct para *p, double x, double lead, struct welems *we)
{
	size_t i = 0;
	while (i < p->n) {
		size_t k = break_at(lines_fitting(ts, p, i, lead), p->n - i, ts->fresh);
		place_lines(ts, p, i, i + k, x, lead, we);
		i += k;
		if (i < p->n)
			next_page(ts);
	}
}

static void
place_para(struct ts *ts, const struct doc_text *t, int parent)
{
	if (t->n == 0)
		return;
	struct welems we;
	we_init(&we, elem(ts, parent, "P"));
	text_elems(ts, t, &we);
	space(ts, PARA_GAP);
	apply_gap(ts);
	struct para_style st = body_style();
	struct wctx w = body_widths(ts);
	struct para *p = set_once(ts, t, &st, &w);
	flow_para(ts, p, LEFT, BODY_LEAD, &we);
	para_free(p);
	we_free(&we);
	space(ts, PARA_GAP);
}

/* ---- headings ---- */

static const struct hstyle *
hs_of(int level)
{
	return &hstyle[level <= 1 ? 1 : 2];
}

static double
number_width(struct ts *ts, const struct doc_block *b, double size)
{
	if (b->number == NULL || *b->number == '\0')
		return 0;
	return width_of(ts->m, DOC_BOLD, size, b->number) + size * 0.9;
}

/* Width of a heading's text beside its number. */
static double
heading_width(struct ts *ts, const struct doc_block *b, int level)
{
	return TEXT_W - number_width(ts, b, hs_of(level)->size);
}

/* Headings are bold: para_set adds the style's face to each run's face. */
static struct para_style
heading_style(int level)
{
	return ragged_style(hs_of(level)->size, hs_of(level)->lead, DOC_BOLD);
}

static double
heading_height(struct ts *ts, const struct doc_block *b, int level)
{
	struct para_style st = heading_style(level);
	const struct para *p = peek_text(ts, &b->text, &st, heading_width(ts, b, level));
	return (double)p->n * hs_of(level)->lead + hs_of(level)->after;
}

static double block_need(struct ts *ts, const struct doc_block *b, const struct doc_block *next);

/* Height the first two lines of a paragraph need, with their footnotes. */
static double
para_need(struct ts *ts, const struct doc_block *b)
{
	struct para_style st = body_style();
	const struct para *p = peek_text(ts, &b->text, &st, TEXT_W);
	size_t nq = ts->nqn;
	double h = 0;
	for (size_t i = 0; i < p->n && i < 2; i++)
		h += BODY_LEAD + line_note_cost(ts, &p->line[i], &nq);
	return h;
}

static void
heading_elems(struct ts *ts, const struct doc_block *b, int level, struct welems *we)
{
	we_init(we, elem(ts, 0, level <= 1 ? "H1" : "H2"));
	text_elems(ts, &b->text, we);
	char *pt = plain_text(&b->text);
	char *title = b->number && *b->number ? xasprintf("%s %s", b->number, pt) : xstrdup(pt);
	box_outline_add(ts->bd, level, title, ts->pg, ts->cy);
	free(title);
	free(pt);
}

/* Places heading b, moving to a new page unless the next block's start fits below it. */
static void
place_heading(struct ts *ts, const struct doc_block *b, const struct doc_block *next, const struct doc_block *next2)
{
	int level = b->level + ts->hlevel_off;
	const struct hstyle *hs = hs_of(level);
	end_wrap(ts);
	space(ts, hs->before);
	apply_gap(ts);
	struct para_style st = heading_style(level);
	struct wctx w = {heading_width(ts, b, level), heading_width(ts, b, level), 0};
	struct para *p = set_once(ts, &b->text, &st, &w);
	double need = (double)p->n * hs->lead + hs->after + block_need(ts, next, next2);
	if (!ts->fresh && room(ts) < need)
		next_page(ts);
	struct welems we;
	heading_elems(ts, b, level, &we);
	ts->level = level;
	if (b->number && *b->number) {
		char *num = xasprintf("%s ", b->number);
		ts_text(ts->bd, ts->pg, ts->m, DOC_BOLD, hs->size, LEFT, base_of(ts->cy, hs->lead), num, we.elem, INK);
		free(num);
	}
	place_lines(ts, p, 0, p->n, LEFT + number_width(ts, b, hs->size), hs->lead, &we);
	para_free(p);
	we_free(&we);
	ts->gap = hs->after;
}

/* ---- figures ---- */

static double
fig_height(struct ts *ts, const struct doc_figure *f, double w)
{
	return chart_figure_height(f, ts->m, w);
}

static void
draw_figure(struct ts *ts, const struct qfloat *q, double x, double w)
{
	struct chart_place pl = {ts->bd, ts->pg, x, ts->cy, w, q->ecap, q->efig, q->enote};
	chart_figure(q->f, ts->m, &pl);
	char *t = xasprintf("Figur %d. %s", q->f->number, q->f->caption ? q->f->caption : "");
	box_outline_add(ts->bd, ts->level + 1, t, ts->pg, ts->cy);
	free(t);
}

/* Places a full-width figure at the cursor. */
static void
figure_here(struct ts *ts, const struct qfloat *q)
{
	double h = fig_height(ts, q->f, TEXT_W);
	draw_figure(ts, q, LEFT, TEXT_W);
	ts->cy -= h;
	ts->fresh = 0;
	space(ts, FIG_GAP);
}

/* Places waiting figures at the top of a new page: the first always, more while
 * they leave room for some text. */
static void
place_floats(struct ts *ts)
{
	size_t i = 0;
	for (; i < ts->nqf; i++) {
		double h = fig_height(ts, ts->qf[i].f, TEXT_W);
		if (i > 0 && room(ts) - ts->gap < h + FIG_GAP + 6 * BODY_LEAD)
			break;
		apply_gap(ts);
		figure_here(ts, &ts->qf[i]);
	}
	memmove(ts->qf, ts->qf + i, (ts->nqf - i) * sizeof *ts->qf);
	ts->nqf -= i;
}

/* Stands a narrow figure right of the text if the next block is a paragraph and it fits. */
static int
figure_narrow(struct ts *ts, const struct qfloat *q, const struct doc_block *next)
{
	if (!q->f->narrow || next == NULL || next->kind != BLK_PARA || ts->nqf > 0 || ts->wrap_bottom > 0)
		return 0;
	double fw = NARROW * TEXT_W, h = fig_height(ts, q->f, fw);
	double gap = ts->fresh ? 0 : fmax(ts->gap, PARA_GAP);
	if (room(ts) - gap < h + 2 * BODY_LEAD)
		return 0;
	space(ts, PARA_GAP);
	apply_gap(ts);
	struct chart_place pl = {ts->bd, ts->pg, LEFT + TEXT_W - fw, ts->cy - 1.5, fw, q->ecap, q->efig, q->enote};
	chart_figure(q->f, ts->m, &pl);
	char *t = xasprintf("Figur %d. %s", q->f->number, q->f->caption ? q->f->caption : "");
	box_outline_add(ts->bd, ts->level + 1, t, ts->pg, ts->cy);
	free(t);
	ts->wrap_bottom = ts->cy - 1.5 - h - 8;
	ts->wrap_w = TEXT_W - fw - GUTTER;
	ts->fresh = 0;
	return 1;
}

static int
figure_elems(struct ts *ts, const struct doc_figure *f, struct qfloat *q)
{
	if (f->alt == NULL || *f->alt == '\0') {
		diag(M_LAY_NO_ALT, &f->pos, f->label ? f->label : (f->caption ? f->caption : ""));
		return -1;
	}
	q->f = f;
	q->ecap = elem(ts, 0, "Caption");
	q->efig = box_elem_add(ts->bd, 0, "Figure", f->alt, NULL, NULL);
	q->enote = (f->note && *f->note) || (f->source && *f->source) ? elem(ts, 0, "P") : -1;
	return 0;
}

/* Places figure f here if it fits below the text (and any narrow figure),
 * else queues it for the top of the next page; the text goes on meanwhile. */
static void
place_figure(struct ts *ts, const struct doc_figure *f, const struct doc_block *next)
{
	struct qfloat q;
	if (figure_elems(ts, f, &q) != 0 || figure_narrow(ts, &q, next))
		return;
	double h = fig_height(ts, f, TEXT_W);
	double top = ts->wrap_bottom > 0 ? fmin(ts->cy, ts->wrap_bottom) : ts->cy;
	double gap = ts->fresh ? 0 : fmax(ts->gap, FIG_GAP);
	if (ts->nqf == 0 && (ts->fresh || top - gap - h >= BOTTOM + ts->foot)) {
		end_wrap(ts);
		space(ts, FIG_GAP);
		apply_gap(ts);
		figure_here(ts, &q);
		return;
	}
	xgrow(&ts->qf, &ts->capqf, ts->nqf + 1, sizeof *ts->qf);
	ts->qf[ts->nqf++] = q;
}

/* ---- tables ---- */

/* A table's column geometry and wrapped row labels. */
struct tlay {
	const struct doc_table *t;
	size_t nc;          /* number columns: 2 * ngroups */
	double lw;          /* pt, label column */
	double tw;          /* pt, table width (narrower than the text for few columns) */
	double *cw;         /* [nc] pt, column widths (TAB_PAD included) */
	double *aft;        /* [nc] pt, widest part from the decimal comma on */
	char ***lab;        /* [nrows] wrapped labels */
	size_t *nlab;
	double *rh;         /* [nrows] pt, row heights */
	struct para *cap;   /* the caption */
	double cap_h, head_h, tail_h; /* pt */
};

static const char *
cell(const struct doc_table *t, size_t r, size_t k)
{
	const char *s = t->rows[r].cell ? t->rows[r].cell[k] : NULL;
	return s ? s : "";
}

/* Width of s from its decimal comma on (0 without one). */
static double
after_comma(struct ts *ts, const char *s)
{
	const char *c = strchr(s, ',');
	return c ? width_of(ts->m, DOC_REGULAR, TAB_SIZE, c) : 0;
}

/* Space before number column k: wider between groups than inside one. */
static double
col_pad(size_t k)
{
	return k % 2 ? TAB_PAD : TAB_GPAD;
}

static void
tlay_columns(struct ts *ts, struct tlay *tl)
{
	const struct doc_table *t = tl->t;
	for (size_t k = 0; k < tl->nc; k++) {
		const char *sub = t->sub[k % 2] ? t->sub[k % 2] : "";
		double w = width_of(ts->m, DOC_REGULAR, TAB_SIZE, sub), before = 0;
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = cell(t, r, k);
			double a = after_comma(ts, s);
			tl->aft[k] = fmax(tl->aft[k], a);
			before = fmax(before, width_of(ts->m, DOC_REGULAR, TAB_SIZE, s) - a);
		}
		tl->cw[k] = fmax(w, before + tl->aft[k]) + col_pad(k);
	}
	for (size_t g = 0; g < t->ngroups; g++) {
		double gw = width_of(ts->m, DOC_REGULAR, TAB_SIZE, t->group[g]) + 4;
		double have = tl->cw[2 * g] + tl->cw[2 * g + 1] - TAB_GPAD;
		if (gw > have)
			tl->cw[2 * g] += (gw - have) / 2, tl->cw[2 * g + 1] += (gw - have) / 2;
	}
	double cols = 0, nat = 0;
	for (size_t k = 0; k < tl->nc; k++)
		cols += tl->cw[k];
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rows[r].kind != ROW_HEAD && t->rows[r].label)
			nat = fmax(nat, width_of(ts->m, DOC_REGULAR, TAB_SIZE, t->rows[r].label) + 12);
	tl->lw = fmin(TEXT_W - cols, fmax(nat, 0.4 * TEXT_W));
	tl->tw = tl->lw + cols;
}

/* Width the note and source lines below a table wrap to. */
static double
tail_width(const struct tlay *tl)
{
	return fmax(tl->tw, 0.7 * TEXT_W);
}

static void
tlay_rows(struct ts *ts, struct tlay *tl)
{
	const struct doc_table *t = tl->t;
	for (size_t r = 0; r < t->nrows; r++) {
		const struct doc_trow *row = &t->rows[r];
		double w = row->kind == ROW_HEAD ? tl->tw : tl->lw - 8;
		int face = row->kind == ROW_HEAD ? DOC_ITALIC : DOC_REGULAR;
		tl->nlab[r] = ts_wrap(ts->m, face, TAB_SIZE, row->label ? row->label : "", w, &tl->lab[r]);
		size_t nl = tl->nlab[r] ? tl->nlab[r] : 1;
		tl->rh[r] = (double)nl * TAB_LEAD + (row->kind == ROW_N ? 4 : 0) + (row->kind == ROW_HEAD ? 4 : 0);
	}
}

/* Height of the note and source lines below a table. */
static double
tail_height(struct ts *ts, const struct tlay *tl)
{
	const struct doc_table *t = tl->t;
	double h = 0;
	const char *parts[2] = {t->note, t->source}, *prefix[2] = {"Anm.:", "Kilde:"};
	for (int i = 0; i < 2; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		char **ln, *pt = ts_prefixed(prefix[i], parts[i]);
		size_t n = ts_wrap(ts->m, DOC_REGULAR, SMALL_SIZE, pt, tail_width(tl), &ln);
		h += (double)n * SMALL_LEAD;
		ts_wrap_free(ln, n);
		free(pt);
	}
	return 4 + (h > 0 ? h + 3 : 0);
}

static struct para *
set_caption(struct ts *ts, const struct doc_table *t)
{
	struct doc_run r[2];
	char *lbl = xasprintf("Tabel %d.", t->number);
	char *title = xasprintf(" %s", t->title ? t->title : "");
	struct doc_text txt = text_of(&r[0], DOC_BOLD, lbl);
	text_of(&r[1], DOC_REGULAR, title);
	txt.n = txt.cap = 2;
	struct para_style st = ragged_style(CAP_SIZE, CAP_LEAD, DOC_REGULAR);
	struct wctx w = {TEXT_W, TEXT_W, 0};
	struct para *p = set_text(ts, &txt, &st, &w);
	free(lbl);
	free(title);
	return p;
}

/* Caption height estimated without para_set (lookahead; reports nothing). */
static double
caption_estimate(struct ts *ts, const struct doc_table *t)
{
	char *s = xasprintf("Tabel %d. %s", t->number, t->title ? t->title : "");
	char **ln;
	size_t n = ts_wrap(ts->m, DOC_REGULAR, CAP_SIZE, s, TEXT_W, &ln);
	ts_wrap_free(ln, n);
	free(s);
	return (double)n * CAP_LEAD + 4;
}

/* The table's geometry; with_caption 0 only estimates the caption (lookahead). */
static struct tlay *
tlay_new(struct ts *ts, const struct doc_table *t, int with_caption)
{
	struct tlay *tl = xcalloc(1, sizeof *tl);
	tl->t = t;
	tl->nc = 2 * t->ngroups;
	tl->cw = xcalloc(tl->nc + 1, sizeof *tl->cw);
	tl->aft = xcalloc(tl->nc + 1, sizeof *tl->aft);
	tl->lab = xcalloc(t->nrows + 1, sizeof *tl->lab);
	tl->nlab = xcalloc(t->nrows + 1, sizeof *tl->nlab);
	tl->rh = xcalloc(t->nrows + 1, sizeof *tl->rh);
	tlay_columns(ts, tl);
	tlay_rows(ts, tl);
	tl->cap = with_caption ? set_caption(ts, t) : NULL;
	tl->cap_h = tl->cap ? (double)tl->cap->n * CAP_LEAD + 4 : caption_estimate(ts, t);
	tl->head_h = 3 + 2 * TAB_LEAD + 3 + 3;
	tl->tail_h = tail_height(ts, tl);
	return tl;
}

static void
tlay_free(struct tlay *tl)
{
	if (tl == NULL)
		return;
	for (size_t r = 0; r < tl->t->nrows; r++)
		ts_wrap_free(tl->lab[r], tl->nlab[r]);
	free(tl->lab);
	free(tl->nlab);
	free(tl->rh);
	free(tl->cw);
	free(tl->aft);
	para_free(tl->cap);
	free(tl);
}

/* Left edge of number column k. */
static double
col_x(const struct tlay *tl, size_t k)
{
	double x = LEFT + tl->lw;
	for (size_t j = 0; j < k; j++)
		x += tl->cw[j];
	return x;
}

/* Draws s right-aligned at x (its decimal comma aligned with the column's). */
static void
num_text(struct ts *ts, const struct tlay *tl, size_t k, double base, const char *s, int e)
{
	if (*s == '\0')
		return;
	double right = col_x(tl, k) + tl->cw[k] - (tl->aft[k] - after_comma(ts, s));
	double w = width_of(ts->m, DOC_REGULAR, TAB_SIZE, s);
	ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, TAB_SIZE, right - w, base, s, e, INK);
}

/* The header rows (group names with short rules, then sub-columns); artifacts when repeated. */
static void
draw_head(struct ts *ts, const struct tlay *tl, int tab)
{
	const struct doc_table *t = tl->t;
	rule(ts, LEFT, ts->cy - 0.4, tl->tw, 0.8);
	ts->cy -= 3;
	double base = base_of(ts->cy, TAB_LEAD);
	int tr = tab >= 0 ? elem(ts, tab, "TR") : -1;
	for (size_t g = 0; g < t->ngroups; g++) {
		int e = tr >= 0 ? box_elem_add(ts->bd, tr, "TH", NULL, NULL, "Column") : -1;
		double x0 = col_x(tl, 2 * g) + TAB_GPAD, x1 = col_x(tl, 2 * g + 2);
		double w = width_of(ts->m, DOC_REGULAR, TAB_SIZE, t->group[g]);
		ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, TAB_SIZE, (x0 + x1 - w) / 2, base, t->group[g], e, INK);
		rule(ts, x0, base - 3.2, x1 - x0, 0.4);
	}
	ts->cy -= TAB_LEAD;
	base = base_of(ts->cy, TAB_LEAD) - 1;
	tr = tab >= 0 ? elem(ts, tab, "TR") : -1;
	for (size_t k = 0; k < tl->nc; k++) {
		int e = tr >= 0 ? box_elem_add(ts->bd, tr, "TH", NULL, NULL, "Column") : -1;
		const char *s = t->sub[k % 2] ? t->sub[k % 2] : "";
		double w = width_of(ts->m, DOC_REGULAR, TAB_SIZE, s);
		ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, TAB_SIZE, col_x(tl, k) + tl->cw[k] - w, base, s, e, INK);
	}
	ts->cy -= TAB_LEAD + 3;
	rule(ts, LEFT, ts->cy, tl->tw, 0.5);
	ts->cy -= 3;
	ts->fresh = 0;
}

static void
row_label(struct ts *ts, const struct tlay *tl, size_t r, double base, int e)
{
	int face = tl->t->rows[r].kind == ROW_HEAD ? DOC_ITALIC : DOC_REGULAR;
	for (size_t j = 0; j < tl->nlab[r]; j++) {
		char *s = j + 1 < tl->nlab[r] ? xasprintf("%s ", tl->lab[r][j]) : xstrdup(tl->lab[r][j]);
		ts_text(ts->bd, ts->pg, ts->m, face, TAB_SIZE, LEFT, base - (double)j * TAB_LEAD, s, e, INK);
		free(s);
	}
}

static void
draw_row(struct ts *ts, const struct tlay *tl, size_t r, int tab)
{
	const struct doc_trow *row = &tl->t->rows[r];
	double top = ts->cy;
	if (row->kind == ROW_N) {
		rule(ts, LEFT, top - 1.5, tl->tw, 0.4);
		top -= 4;
	} else if (row->kind == ROW_HEAD) {
		top -= 4;
	}
	double base = base_of(top, TAB_LEAD);
	int tr = elem(ts, tab, "TR");
	row_label(ts, tl, r, base, box_elem_add(ts->bd, tr, "TH", NULL, NULL, "Row"));
	for (size_t k = 0; row->kind != ROW_HEAD && k < tl->nc; k++)
		num_text(ts, tl, k, base, cell(tl->t, r, k), elem(ts, tr, "TD"));
	ts->cy -= tl->rh[r];
}

/* Rows from r that fit between y and the page foot (the last one with the table's tail). */
static size_t
rows_fitting(const struct ts *ts, const struct tlay *tl, size_t r, double y)
{
	size_t n = tl->t->nrows, i;
	for (i = r; i < n; i++) {
		double h = tl->rh[i] + (i + 1 == n ? tl->tail_h : 0);
		if (y - h < BOTTOM + ts->foot - 0.01)
			break;
		y -= tl->rh[i];
	}
	return i - r;
}

/* Rows to put on this page: never one alone on either side, no sub-heading or n row stranded. */
static size_t
rows_break(const struct tlay *tl, size_t r, size_t fit, int fresh)
{
	size_t rem = tl->t->nrows - r, k = fit;
	if (k >= rem)
		return rem;
	if (rem - k < 3 && rem >= 6)
		k = rem - 3;
	else if (rem - k < 2 && rem >= 3)
		k = rem - 2;
	while (k > 1 && tl->t->rows[r + k - 1].kind == ROW_HEAD)
		k--;
	if (k > 1 && tl->t->rows[r + k].kind == ROW_N && rem - k == 1)
		k--;
	if (k == 0 && fresh)
		k = 1;
	return k;
}

static void
table_tail(struct ts *ts, const struct tlay *tl)
{
	const struct doc_table *t = tl->t;
	rule(ts, LEFT, ts->cy - 2, tl->tw, 0.8);
	ts->cy -= 6;
	const char *parts[2] = {t->note, t->source}, *prefix[2] = {"Anm.:", "Kilde:"};
	for (int i = 0; i < 2; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		int e = elem(ts, 0, "P");
		char **ln, *pt = ts_prefixed(prefix[i], parts[i]);
		size_t n = ts_wrap(ts->m, DOC_REGULAR, SMALL_SIZE, pt, tail_width(tl), &ln);
		free(pt);
		for (size_t j = 0; j < n; j++) {
			char *s = j + 1 < n ? xasprintf("%s ", ln[j]) : xstrdup(ln[j]);
			ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, SMALL_SIZE, LEFT, base_of(ts->cy, SMALL_LEAD), s, e, INK);
			free(s);
			ts->cy -= SMALL_LEAD;
		}
		ts_wrap_free(ln, n);
	}
}

/* Starts a continuation page of table t: "Tabel N (fortsat)" and the header again. */
static void
table_continue(struct ts *ts, const struct tlay *tl)
{
	rule(ts, LEFT, ts->cy - 2, tl->tw, 0.5);
	next_page(ts);
	char *s = xasprintf("Tabel %d (fortsat)", tl->t->number);
	ts_text(ts->bd, ts->pg, ts->m, DOC_ITALIC, TAB_SIZE, LEFT, base_of(ts->cy, CAP_LEAD), s, -1, INK);
	free(s);
	ts->cy -= CAP_LEAD + 2;
	draw_head(ts, tl, -1);
}

static void
record_table(struct ts *ts, const struct doc_table *t)
{
	if (t->number < 1)
		return;
	size_t n = (size_t)t->number;
	if (n >= ts->ntab) {
		ts->tab = xrealloc(ts->tab, (n + 1) * sizeof *ts->tab);
		for (size_t i = ts->ntab; i <= n; i++)
			ts->tab[i].page = -1;
		ts->ntab = n + 1;
	}
	ts->tab[n] = (struct tabpos){ts->pg, ts->cy};
	char *title = xasprintf("Tabel %d. %s", t->number, t->title ? t->title : "");
	box_outline_add(ts->bd, ts->level + 1, title, ts->pg, ts->cy);
	free(title);
}

/* Height a table needs to start on this page: caption, header and three rows. */
static double
table_need(const struct tlay *tl)
{
	double h = tl->cap_h + tl->head_h;
	size_t n = tl->t->nrows;
	for (size_t i = 0; i < n && i < 3; i++)
		h += tl->rh[i];
	return h + (n <= 3 ? tl->tail_h : 0);
}

/* Whether table tl should start on the next page: it does not start well
 * here, or it would split into a stub although it fits a page of its own. */
static int
table_moves(const struct ts *ts, const struct tlay *tl)
{
	if (ts->fresh)
		return 0;
	if (room(ts) < table_need(tl))
		return 1;
	double total = tl->cap_h + tl->head_h + tl->tail_h;
	for (size_t i = 0; i < tl->t->nrows; i++)
		total += tl->rh[i];
	if (room(ts) >= total || total > TOP - BOTTOM)
		return 0;
	size_t fit = rows_fitting(ts, tl, 0, ts->cy - tl->cap_h - tl->head_h);
	size_t least = room(ts) > 0.3 * (TOP - BOTTOM) ? 3 : 5; /* a big hole is worse than a split */
	size_t n = tl->t->nrows, k = fit < n - least ? fit : n - least;
	return n < 2 * least || k < least;
}

static void
table_caption(struct ts *ts, const struct tlay *tl, int tab)
{
	record_table(ts, tl->t);
	struct welems we;
	we_init(&we, elem(ts, tab, "Caption"));
	place_lines(ts, tl->cap, 0, tl->cap->n, LEFT, CAP_LEAD, &we);
	we_free(&we);
	ts->cy -= 4;
}

static void
place_table(struct ts *ts, const struct doc_table *t)
{
	struct tlay *tl = tlay_new(ts, t, 1);
	end_wrap(ts);
	space(ts, TAB_GAP);
	apply_gap(ts);
	if (table_moves(ts, tl))
		next_page(ts);
	int tab = elem(ts, 0, "Table");
	table_caption(ts, tl, tab);
	draw_head(ts, tl, tab);
	for (size_t r = 0; r < t->nrows;) {
		size_t k = rows_break(tl, r, rows_fitting(ts, tl, r, ts->cy), 0);
		for (size_t i = 0; i < k; i++)
			draw_row(ts, tl, r + i, tab);
		r += k;
		if (r < t->nrows)
			table_continue(ts, tl);
	}
	table_tail(ts, tl);
	tlay_free(tl);
	space(ts, TAB_GAP);
}

/* ---- the walk over the blocks ---- */

static double
block_need(struct ts *ts, const struct doc_block *b, const struct doc_block *next)
{
	if (b == NULL)
		return 0;
	switch (b->kind) {
	case BLK_PARA:
		return para_need(ts, b);
	case BLK_HEADING:
		return hs_of(b->level + ts->hlevel_off)->before +
		    heading_height(ts, b, b->level + ts->hlevel_off) + (next && next->kind == BLK_PARA ? para_need(ts, next) : 2 * BODY_LEAD);
	case BLK_TABLE: {
		struct tlay *tl = tlay_new(ts, b->tab, 0);
		double h = TAB_GAP + table_need(tl);
		tlay_free(tl);
		return h;
	}
	default:
		return 2 * BODY_LEAD;
	}
}

static void
place_blocks(struct ts *ts, const struct doc_block *blk, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct doc_block *b = &blk[i];
		const struct doc_block *next = i + 1 < n ? &blk[i + 1] : NULL;
		const struct doc_block *next2 = i + 2 < n ? &blk[i + 2] : NULL;
		switch (b->kind) {
		case BLK_HEADING: place_heading(ts, b, next, next2); break;
		case BLK_PARA: place_para(ts, &b->text, 0); break;
		case BLK_FIGURE: if (b->fig) place_figure(ts, b->fig, next); break;
		case BLK_TABLE: if (b->tab) place_table(ts, b->tab); break;
		case BLK_PAGEBREAK:
			if (!ts->fresh)
				page_new(ts);
			break;
		}
	}
	end_wrap(ts);
	while (ts->nqf > 0)
		page_new(ts);
}

/* ---- title blocks ---- */

/* Places a one-line or wrapped plain text in its own element; returns nothing. */
static void
place_plain(struct ts *ts, const char *type, const char *s, int face, double size, double lead,
    double x, double w)
{
	struct doc_run r;
	struct doc_text t = text_of(&r, face, s);
	struct para_style st = ragged_style(size, lead, face);
	struct wctx wc = {w, w, 0};
	struct para *p = set_text(ts, &t, &st, &wc);
	struct welems we;
	we_init(&we, elem(ts, 0, type));
	apply_gap(ts);
	place_lines(ts, p, 0, p->n, x, lead, &we);
	we_free(&we);
	para_free(p);
}

/* The key/value rows of the title block ("Dato:  11. juni 2024"). */
static void
meta_rows(struct ts *ts)
{
	const struct doc *d = ts->d;
	double kw = 0;
	for (size_t i = 0; i < d->nmeta; i++) {
		char *k = xasprintf("%s:", d->meta[i].key);
		kw = fmax(kw, width_of(ts->m, DOC_REGULAR, BODY_SIZE, k));
		free(k);
	}
	kw += 14;
	for (size_t i = 0; i < d->nmeta; i++) {
		char *k = xasprintf("%s: ", d->meta[i].key);
		int e = elem(ts, 0, "P");
		ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, BODY_SIZE, LEFT, base_of(ts->cy, 13.5), k, e, INK);
		free(k);
		char **ln;
		size_t n = ts_wrap(ts->m, DOC_REGULAR, BODY_SIZE, d->meta[i].value ? d->meta[i].value : "", TEXT_W - kw, &ln);
		for (size_t j = 0; j < n; j++, ts->cy -= 13.5)
			ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, BODY_SIZE, LEFT + kw, base_of(ts->cy, 13.5), ln[j], e, INK);
		if (n == 0)
			ts->cy -= 13.5;
		ts_wrap_free(ln, n);
	}
}

static void
agency_line(struct ts *ts)
{
	if (ts->d->agency == NULL || *ts->d->agency == '\0')
		return;
	place_plain(ts, "P", ts->d->agency, DOC_REGULAR, 9.5, 12, LEFT, TEXT_W);
	rule(ts, LEFT, ts->cy - 2, TEXT_W, 0.5);
	space(ts, 22);
}

static void
title_block(struct ts *ts)
{
	const struct doc *d = ts->d;
	agency_line(ts);
	char *kind = upper(d->kind && *d->kind ? d->kind : "Notat");
	place_plain(ts, "P", kind, DOC_BOLD, 22, 26, LEFT, TEXT_W);
	free(kind);
	ts->cy -= 6;
	meta_rows(ts);
	space(ts, 16);
	if (d->title && *d->title)
		place_plain(ts, "H1", d->title, DOC_BOLD, 16, 19.5, LEFT, TEXT_W);
	if (d->colophon && *d->colophon) {
		space(ts, 4);
		place_plain(ts, "P", d->colophon, DOC_ITALIC, SMALL_SIZE, SMALL_LEAD, LEFT, TEXT_W);
	}
	ts->gap = 0;
	space(ts, 12);
}

/* The appendix title ("Bilag 1: Tabeller") with the notat's title below it. */
static void
appendix_title(struct ts *ts)
{
	const struct doc *d = ts->d;
	const char *t = d->appendix_title && *d->appendix_title ? d->appendix_title : "Bilag 1";
	if (!ts->combined && d->agency && *d->agency)
		agency_line(ts);
	box_outline_add(ts->bd, 1, t, ts->pg, ts->cy);
	place_plain(ts, "H1", t, DOC_BOLD, 16, 19.5, LEFT, TEXT_W);
	if (d->title && *d->title) {
		space(ts, 3);
		place_plain(ts, "P", d->title, DOC_ITALIC, 11, 14, LEFT, TEXT_W);
	}
	space(ts, 6);
	ts->level = 1;
	ts->hlevel_off = 1;
}

/* ---- setup and results ---- */

static void
set_notes(struct ts *ts)
{
	const struct doc *d = ts->d;
	for (size_t i = 0; i < d->nnotes; i++)
		if (d->notes[i].number > 0 && (size_t)d->notes[i].number > ts->nnotes)
			ts->nnotes = (size_t)d->notes[i].number;
	ts->npara = xcalloc(ts->nnotes + 1, sizeof *ts->npara);
	ts->nwe = xcalloc(ts->nnotes + 1, sizeof *ts->nwe);
	ts->nref = xcalloc(ts->nnotes + 1, sizeof *ts->nref);
	ts->nqueued = xcalloc(ts->nnotes + 1, sizeof *ts->nqueued);
	struct para_style st = note_style();
	struct wctx w = {TEXT_W - NOTE_HANG, TEXT_W - NOTE_HANG, 0};
	for (size_t n = 0; n <= ts->nnotes; n++)
		ts->nref[n] = -1;
	for (size_t i = 0; i < d->nnotes; i++) {
		int n = d->notes[i].number;
		if (n > 0 && ts->npara[n] == NULL)
			ts->npara[n] = set_text(ts, &d->notes[i].text, &st, &w);
	}
}

static struct ts *
ts_new(const struct doc *d, const struct ts_opts *o)
{
	struct ts *ts = xcalloc(1, sizeof *ts);
	ts->d = d;
	ts->m = o->m;
	ts->hy = o->hyph;
	ts->combined = o->combined;
	ts->errors = diag_errors();
	ts->bd = box_doc_new();
	ts->pg = -1;
	set_notes(ts);
	return ts;
}

/* Adds the link areas whose table was laid out. */
static void
resolve_links(struct ts *ts)
{
	for (size_t i = 0; i < ts->nln; i++) {
		const struct link *l = &ts->ln[i];
		if (l->target < 1 || (size_t)l->target >= ts->ntab || ts->tab[l->target].page < 0)
			continue;
		struct box b = {.kind = BOX_LINK, .x = l->x0, .y = l->base - 0.25 * l->size,
		    .w = l->x1 - l->x0, .h = 1.1 * l->size, .elem = l->elem,
		    .target_page = ts->tab[l->target].page, .target_y = ts->tab[l->target].y};
		box_add(ts->bd, l->page, &b);
	}
}

/* Frees ts; returns its box_doc, or NULL (freed) if errors were reported. */
static struct box_doc *
ts_finish(struct ts *ts)
{
	flush_notes(ts);
	resolve_links(ts);
	footers(ts);
	struct box_doc *bd = ts->bd;
	if (diag_errors() > ts->errors) {
		box_doc_free(bd);
		bd = NULL;
	}
	for (size_t n = 0; n <= ts->nnotes; n++) {
		para_free(ts->npara[n]);
		we_free(&ts->nwe[n]);
	}
	free(ts->npara);
	free(ts->nwe);
	free(ts->nref);
	free(ts->nqueued);
	free(ts->qn);
	free(ts->carry);
	free(ts->qf);
	free(ts->ln);
	free(ts->tab);
	para_free(ts->peek.p);
	free(ts);
	return bd;
}

static void
appendix(struct ts *ts)
{
	if (ts->pg < 0 || !ts->fresh)
		page_new(ts);
	appendix_title(ts);
	place_blocks(ts, ts->d->appendix, ts->d->nappendix);
}

struct box_doc *
ts_notat(const struct doc *d, const struct ts_opts *o)
{
	struct ts *ts = ts_new(d, o);
	page_new(ts);
	title_block(ts);
	place_blocks(ts, d->body, d->nbody);
	if (o->combined)
		appendix(ts);
	return ts_finish(ts);
}

struct box_doc *
ts_appendix(const struct doc *d, const struct ts_opts *o)
{
	struct ts_opts ao = *o;
	ao.combined = 0;
	struct ts *ts = ts_new(d, &ao);
	appendix(ts);
	return ts_finish(ts);
}

/* typeset.c: the page builder: title block, headings, paragraphs, footnotes, figures, footers. */
#include "typeset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chart.h"
#include "diag.h"
#include "lang.h"
#include "para.h"
#include "tsint.h"
#include "util.h"

/* Liberation Serif's ascender and descender, em: a link area covers its line's text height. */
#define LINK_ASC 0.891
#define LINK_DESC 0.216

/* Heading styles by level (1, 2; deeper levels use 2) at the default
 * heading size; hs_of scales size and leading to the style's. */
#define HEADING_SIZE 13.0
static const struct hstyle {
	double size, lead, before, after; /* pt */
} hstyle[3] = {
	{0, 0, 0, 0},
	{13.0, 16.0, 22.0, 7.0},
	{11.0, 14.0, 15.0, 4.0},
};
/* The title's size and leading at the default title size (16 pt), and the
 * kind line's ("NOTAT") above it; scaled to the style's title size. */
#define TITLE_SIZE 16.0
#define TITLE_LEAD 19.5
#define KIND_SIZE 22.0
#define KIND_LEAD 26.0

/* Body lines narrower than this (em of the body size) are set ragged right
 * (issue 13 defect 7: the column beside a narrow figure, 22 em, justified
 * with word spaces of 1.8 to 4.2 pt and 5 hyphens in 9 lines). A justified
 * line of under 30 em (about 60 characters) has too few spaces to even out;
 * the full measure (43 em) stays justified. */
#define RAGGED_BELOW_EM 30.0

/* ---- small helpers ---- */

/* A one-run doc_text over s (not copied; valid while s and r live). */
struct doc_text
ts_text_of(struct doc_run *r, enum doc_face face, const char *s)
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

static double
width_at(void *ctx, size_t line)
{
	const struct wctx *w = ctx;
	return line < w->nnarrow ? w->narrow : w->full;
}

struct para *
ts_set_text(struct ts *ts, const struct doc_text *t, const struct para_style *st, struct wctx *w)
{
	return para_set(t, st, width_at, w, w->nnarrow, ts->m, st->hyphenate ? ts->hy : NULL);
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
	return ts_set_text(ts, t, st, w);
}

/* Sets t ahead of placing it (full width); the result stays owned by ts. */
static const struct para *
peek_text(struct ts *ts, const struct doc_text *t, const struct para_style *st, double full)
{
	if (ts->peek.p && ts->peek.t == t && ts->peek.size == st->size && ts->peek.full == full)
		return ts->peek.p;
	para_free(ts->peek.p);
	struct wctx w = {full, full, 0};
	ts->peek.p = ts_set_text(ts, t, st, &w);
	ts->peek.t = t, ts->peek.size = st->size, ts->peek.full = full;
	return ts->peek.p;
}

static struct para_style
body_style(const struct ts *ts)
{
	return (struct para_style){BODY_SIZE, BODY_LEAD, DOC_REGULAR, 1, 0, 1.6, 1, MARK_SIZE, MARK_RISE,
	    RAGGED_BELOW_EM * BODY_SIZE};
}

static struct para_style
note_style(const struct ts *ts)
{
	return (struct para_style){NOTE_SIZE, NOTE_LEAD, DOC_REGULAR, 1, 0, 2.0, 1, NOTE_MARK, 2.8, 0};
}

/* A ragged, unhyphenated style (titles, headings, captions). */
struct para_style
ts_ragged_style(double size, double lead, int face)
{
	return (struct para_style){size, lead, face, 0, 0, 3.0, 0, size * 0.65, size * 0.36, 0};
}

/* ---- elements ---- */

int
ts_elem(struct ts *ts, int parent, const char *type)
{
	return box_elem_add(ts->bd, parent, type, NULL, NULL, NULL);
}

void
ts_we_init(struct welems *we, int e)
{
	memset(we, 0, sizeof *we);
	we->elem = e;
}

void
ts_we_free(struct welems *we)
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
	we->link[we->nlink++] = ts_elem(ts, we->elem, "Link");
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
	ts->nref[n] = ts_elem(ts, parent, "Reference");
	char id[32];
	snprintf(id, sizeof id, "note%d", n);
	int e = box_elem_add(ts->bd, parent, "Note", NULL, id, NULL);
	ts_we_init(&ts->nwe[n], e);
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

/* Nonzero if w is the word "tabel" or "tabellerne" (the language's) that names the link after it. */
static int
ref_word(const struct para_word *w)
{
	const char *const words[] = {lang_cur()->table, lang_cur()->tables, lang_cur()->ref_plural[1]};
	size_t n = strlen(w->text);
	while (n > 0 && w->text[n - 1] == ' ')
		n--;
	for (size_t i = 0; w->kind == RUN_TEXT && i < sizeof words / sizeof *words; i++)
		if (n == strlen(words[i]) && strncasecmp(w->text, words[i], n) == 0)
			return 1;
	return 0;
}

/* Size of the largest word of line l, pt (the line's type size). */
static double
line_size(const struct para_line *l)
{
	double s = 0;
	for (size_t i = 0; i < l->n; i++)
		s = fmax(s, l->w[i].size);
	return s;
}

/* Extends the open link area *cur with word i of line l (drawn as box b,
 * the line's left edge at x), or closes it and opens a new one; a new area
 * takes in a "tabel" right before it on the line. */
static void
track_link(struct ts *ts, struct link *cur, const struct box *b, const struct para_line *l,
    size_t i, double x)
{
	const struct para_word *w = &l->w[i];
	int is_link = w->kind == RUN_LINK && b->elem >= 0 && strcmp(ts->bd->elems[b->elem].type, "Link") == 0;
	if (cur->elem >= 0 && (!is_link || cur->elem != b->elem)) {
		add_link(ts, cur);
		cur->elem = -1;
	}
	if (!is_link)
		return;
	if (cur->elem < 0) {
		double x0 = i > 0 && ref_word(&l->w[i - 1]) ? x + l->w[i - 1].x : b->x;
		*cur = (struct link){ts->pg, x0, b->x + b->w, b->y - w->rise, line_size(l), b->elem, w->target};
	}
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
		    .face = w->face, .size = w->size, .text = t, .rgb = we->rgb, .elem = word_elem(ts, we, w),
		    .hyphen = l->hyphen && i + 1 == l->n};
		box_add(ts->bd, ts->pg, &b);
		track_link(ts, &cur, &b, l, i, x);
		free(t);
	}
	if (cur.elem >= 0)
		add_link(ts, &cur);
}

/* Baseline of a line whose slot (height lead) starts at top. */
double
ts_base_of(double top, double lead)
{
	return top - lead * 0.75;
}

/* ---- footnotes ---- */

/* Height a footnote's lines [from, to) add to the page foot. */
static double
note_cost(const struct ts *ts, size_t from, size_t to, int first)
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
		h += note_cost(ts, 0, ts->npara[n]->n, *nq == 0);
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
	double base = note_cost(ts, from, from, ts->nqn == 0);
	double avail = ts->cy - BOTTOM - ts->foot - base + ts->allow;
	if (avail < (double)(end - from) * NOTE_LEAD) {
		size_t fit = avail > 0 ? (size_t)(avail / NOTE_LEAD) : 0;
		to = from + (fit > 0 ? fit : 1);
		if (to > end)
			to = end;
	}
	ts->foot += note_cost(ts, from, to, ts->nqn == 0);
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

void
ts_rule(struct ts *ts, double x, double y, double w, double lw)
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
		double base = ts_base_of(top - (double)(i - q->from) * NOTE_LEAD, NOTE_LEAD);
		if (i == 0) {
			char num[16];
			snprintf(num, sizeof num, "%d ", q->note);
			double nw = ts_width_of(ts->m, DOC_REGULAR, NOTE_MARK, num);
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
	ts_rule(ts, LEFT, y, NOTE_RULE_W, 0.4);
	y -= NOTE_SEP_BELOW;
	for (size_t i = 0; i < ts->nqn; i++) {
		if (i > 0)
			y -= NOTE_GAP;
		y -= draw_note(ts, &ts->qn[i], y);
	}
	ts->nqn = 0;
	ts->foot = 0;
}

/* ---- vertical justification ---- */

/* How far the recorded gaps of this page may change together, pt. */
static double
page_flex(const struct ts *ts)
{
	double f = 0;
	for (size_t i = 0; i < ts->nvg; i++)
		f += ts->vg[i].flex;
	return f;
}

/* How far something at height y moves when every gap i grows by d * flex_i. */
static double
shift_at(const struct ts *ts, double y, double d)
{
	double s = 0;
	for (size_t i = 0; i < ts->nvg; i++)
		if (y < ts->vg[i].y - 0.01)
			s += d * ts->vg[i].flex;
	return s;
}

/* Moves everything of the current page's flow (boxes, link areas, outline
 * entries, table positions) down by the growth d * flex of the gaps above it. */
static void
shift_page(struct ts *ts, double d)
{
	struct box_page *pg = &ts->bd->pages[ts->pg];
	for (size_t i = 0; i < pg->n; i++)
		pg->box[i].y -= shift_at(ts, pg->box[i].y + (pg->box[i].kind == BOX_LINE ? fmax(pg->box[i].h, 0) : 0), d);
	for (size_t i = 0; i < ts->nln; i++)
		if (ts->ln[i].page == ts->pg)
			ts->ln[i].base -= shift_at(ts, ts->ln[i].base, d);
	for (size_t i = 0; i < ts->bd->noutline; i++)
		if (ts->bd->outline[i].page == ts->pg)
			ts->bd->outline[i].y -= shift_at(ts, ts->bd->outline[i].y - 0.02, d);
	for (size_t i = 0; i < ts->ntab; i++)
		if (ts->tab[i].page == ts->pg)
			ts->tab[i].y -= shift_at(ts, ts->tab[i].y - 0.02, d);
}

/* Makes the last line of a full page sit on the floor above the footnotes:
 * shrinks the gaps when the flow ran into its allowance, stretches them
 * (each by at most its flex) when the page ends inside a paragraph. */
static void
justify_page(struct ts *ts)
{
	double flex = page_flex(ts);
	if (ts->pg < 0 || flex <= 0 || ts->wrap_bottom > 0)
		return;
	double s = ts->cy - (BOTTOM + ts->foot); /* > 0: short; < 0: overfull */
	if (s < -0.005 || (ts->midflow && s > 0.005 && s <= flex + 0.005))
		shift_page(ts, fmax(-1, fmin(1, s / flex)));
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

/* Nonzero if box b belongs to element e1 or e2 (-1: none). */
static int
box_of(const struct box *b, const int el[2])
{
	return b->elem >= 0 && (b->elem == el[0] || b->elem == el[1]);
}

/* Whether the narrow figure's note lines, moved down by d, keep off every
 * text line of the page: a line of the column beside it at least NOTE_APART
 * from each note baseline (else text extraction merges the two), a line
 * below the figure clear of them. */
#define NOTE_APART 6.0 /* pt between baselines of the two columns (pdftotext merges closer ones) */
static int
notes_clear(const struct ts *ts, const struct box_page *pg, const int el[2], double x_fig, double d)
{
	for (size_t i = 0; i < pg->n; i++) {
		const struct box *n = &pg->box[i];
		if (n->kind != BOX_TEXT || !box_of(n, el))
			continue;
		for (size_t j = 0; j < pg->n; j++) {
			const struct box *b = &pg->box[j];
			if (b->kind != BOX_TEXT || box_of(b, el) || b->elem < 0)
				continue;
			double dy = fabs(n->y - d - b->y);
			if (b->x + b->w <= x_fig && dy < NOTE_APART)
				return 0;
			if (b->x + b->w > x_fig && b->x < x_fig + TEXT_W && dy < b->size + 1)
				return 0;
		}
	}
	return 1;
}

/* Moves the last narrow figure's note and "Kilde:" lines a little (down
 * first, at most 8 pt; up at most 4 pt) so that none shares a baseline with
 * a line of the text beside it (issue 13 defect 7). */
static void
narrow_notes_apart(struct ts *ts)
{
	if (ts->wrap_pg != ts->pg || ts->pg < 0)
		return;
	ts->wrap_pg = -1;
	struct box_page *pg = &ts->bd->pages[ts->pg];
	for (int k = 0; k <= 32; k++) {
		double d = k % 2 ? -0.5 * (k + 1) / 2 : 0.5 * k / 2;
		if (d > 8 || d < -4 || !notes_clear(ts, pg, ts->wrap_el, ts->wrap_x, d))
			continue;
		for (size_t i = 0; i < pg->n; i++)
			if (pg->box[i].kind == BOX_TEXT && box_of(&pg->box[i], ts->wrap_el))
				pg->box[i].y -= d;
		return;
	}
}

/* Finishes the current page: evens out its gaps, then draws its footnotes. */
static void
page_end(struct ts *ts)
{
	justify_page(ts);
	narrow_notes_apart(ts);
	flush_notes(ts);
	ts->nvg = 0;
	ts->allow = 0;
	ts->midflow = 0;
}

/* Finishes the current page (footnotes) and starts a new one. */
static void
page_new(struct ts *ts)
{
	if (ts->pg >= 0)
		page_end(ts);
	ts->pg = box_page_add(ts->bd, (int)ts->bd->npages + 1);
	ts->cy = TOP;
	ts->gap = 0;
	ts->foot = 0;
	ts->fresh = 1;
	ts->wrap_bottom = 0;
	requeue_carried(ts);
	place_floats(ts);
}

/* A new page in the middle of placing something: the space below any
 * figures put at its top is applied at once. */
void
ts_next_page(struct ts *ts)
{
	page_new(ts);
	ts_apply_gap(ts);
}

/* Requests vertical space before the next item (the largest request wins). */
void
ts_space(struct ts *ts, double h)
{
	ts->gap = fmax(ts->gap, h);
}

void
ts_apply_gap(struct ts *ts)
{
	if (!ts->fresh && ts->gap > 0 && ts->justify && ts->wrap_bottom <= 0) {
		xgrow(&ts->vg, &ts->capvg, ts->nvg + 1, sizeof *ts->vg);
		ts->vg[ts->nvg++] = (struct vgap){ts->cy, fmin(ts->gap_flex, ts->gap / 3)};
	}
	ts->last_gap = ts->fresh ? 0 : ts->gap;
	ts->cy -= ts->last_gap;
	ts->gap = 0;
	ts->gap_flex = GAP_FLEX;
}

/* Free height above the footnotes, pt. */
double
ts_room(const struct ts *ts)
{
	return ts->cy - BOTTOM - ts->foot;
}

/* Ends text wrapping around a narrow figure: the cursor moves below it. */
void
ts_end_wrap(struct ts *ts)
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
		char *s = lang_page_of(lang_cur(), p + 1, n);
		double w = ts_width_of(ts->m, DOC_REGULAR, SMALL_SIZE, s);
		ts_text(ts->bd, (int)p, ts->m, DOC_REGULAR, SMALL_SIZE, (PAGE_W - w) / 2, FOOTER_Y, s, -1, GREY);
		free(s);
	}
}

/* ---- paragraphs ---- */

/* Number of lines of p from `from` that fit on this page with their
 * footnotes, the flow running at most extra pt below the floor. */
static size_t
lines_fitting(const struct ts *ts, const struct para *p, size_t from, double lead, double extra)
{
	double y = ts->cy, foot = ts->foot;
	size_t nq = ts->nqn, i;
	for (i = from; i < p->n; i++) {
		double add = line_note_cost(ts, &p->line[i], &nq);
		if (y - lead < BOTTOM + foot + add - extra - 0.01)
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
void
ts_place_lines(struct ts *ts, const struct para *p, size_t from, size_t to, double x,
    double lead, struct welems *we)
{
	for (size_t i = from; i < to; i++) {
		place_words(ts, &p->line[i], x, ts_base_of(ts->cy, lead), we);
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

/* Lines of p from i to put on this page. When widow and orphan control
 * would leave the page a line short, the page's gaps may shrink to take
 * the line(s) after all (ts->allow; justify_page evens it out). */
static size_t
lines_here(struct ts *ts, const struct para *p, size_t i, double lead)
{
	size_t rem = p->n - i, fit = lines_fitting(ts, p, i, lead, ts->allow);
	size_t k = break_at(fit, rem, ts->fresh);
	if (k >= rem || ts->fresh || (k == fit && k > 0))
		return k;
	double slack = page_flex(ts);
	size_t k1 = break_at(lines_fitting(ts, p, i, lead, slack), rem, 0);
	if (k1 <= k)
		return k;
	ts->allow = slack;
	return k1;
}

/* Takes back the last gap when nothing follows it on this page. */
static void
drop_last_gap(struct ts *ts)
{
	ts->cy += ts->last_gap;
	if (ts->nvg > 0 && fabs(ts->vg[ts->nvg - 1].y - ts->cy) < 0.01)
		ts->nvg--;
	ts->last_gap = 0;
}

/* Places set lines across pages with widow and orphan control. */
static void
flow_para(struct ts *ts, const struct para *p, double x, double lead, struct welems *we)
{
	size_t i = 0;
	while (i < p->n) {
		size_t k = lines_here(ts, p, i, lead);
		if (k == 0 && !ts->fresh)
			drop_last_gap(ts);
		ts_place_lines(ts, p, i, i + k, x, lead, we);
		i += k;
		if (i < p->n) {
			ts->midflow = 1;
			ts_next_page(ts);
		}
	}
}

static void
place_para(struct ts *ts, const struct doc_text *t, int parent)
{
	if (t->n == 0)
		return;
	struct welems we;
	ts_we_init(&we, ts_elem(ts, parent, "P"));
	text_elems(ts, t, &we);
	ts_space(ts, PARA_GAP);
	ts_apply_gap(ts);
	struct para_style st = body_style(ts);
	struct wctx w = body_widths(ts);
	struct para *p = set_once(ts, t, &st, &w);
	flow_para(ts, p, LEFT, BODY_LEAD, &we);
	para_free(p);
	ts_we_free(&we);
	ts_space(ts, PARA_GAP);
}

/* ---- headings ---- */

/* The heading style of a level at the house style's heading size (the
 * table's values, exactly, at the default size). */
static struct hstyle
hs_of(const struct ts *ts, int level)
{
	struct hstyle h = hstyle[level <= 1 ? 1 : 2];
	h.lead = h.lead * ts->sty->heading / HEADING_SIZE;
	h.size = h.size * ts->sty->heading / HEADING_SIZE;
	return h;
}

static double
number_width(struct ts *ts, const struct doc_block *b, double size)
{
	if (b->number == NULL || *b->number == '\0')
		return 0;
	return ts_width_of(ts->m, HEAD_FACE, size, b->number) + size * 0.9;
}

/* Width of a heading's text beside its number. */
static double
heading_width(struct ts *ts, const struct doc_block *b, int level)
{
	return TEXT_W - number_width(ts, b, hs_of(ts, level).size);
}

/* Headings are bold: para_set adds the style's face to each run's face. */
static struct para_style
heading_style(const struct ts *ts, int level)
{
	return ts_ragged_style(hs_of(ts, level).size, hs_of(ts, level).lead, HEAD_FACE);
}

static double
heading_height(struct ts *ts, const struct doc_block *b, int level)
{
	struct para_style st = heading_style(ts, level);
	const struct para *p = peek_text(ts, &b->text, &st, heading_width(ts, b, level));
	return (double)p->n * hs_of(ts, level).lead + hs_of(ts, level).after;
}

static double block_need(struct ts *ts, const struct doc_block *b, const struct doc_block *next);

/* Height the first two lines of a paragraph need, with their footnotes. */
static double
para_need(struct ts *ts, const struct doc_block *b)
{
	struct para_style st = body_style(ts);
	const struct para *p = peek_text(ts, &b->text, &st, TEXT_W);
	size_t nq = ts->nqn;
	double h = 0;
	size_t n = p->n <= 3 ? p->n : 2; /* three lines never split */
	for (size_t i = 0; i < n; i++)
		h += BODY_LEAD + line_note_cost(ts, &p->line[i], &nq);
	return h;
}

static void
heading_elems(struct ts *ts, const struct doc_block *b, int level, struct welems *we)
{
	char type[8];
	snprintf(type, sizeof type, "H%d", level + ts->tag_off < 1 ? 1 : level + ts->tag_off > 6 ? 6 : level + ts->tag_off);
	ts_we_init(we, ts_elem(ts, 0, type));
	we->rgb = ACCENT;
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
	const struct hstyle hsv = hs_of(ts, level), *hs = &hsv;
	ts_end_wrap(ts);
	ts_space(ts, hs->before);
	ts_apply_gap(ts);
	struct para_style st = heading_style(ts, level);
	struct wctx w = {heading_width(ts, b, level), heading_width(ts, b, level), 0};
	struct para *p = set_once(ts, &b->text, &st, &w);
	double need = (double)p->n * hs->lead + hs->after + block_need(ts, next, next2);
	if (!ts->fresh && ts_room(ts) < need) {
		if (ts_room(ts) + page_flex(ts) >= need) {
			ts->allow = page_flex(ts); /* squeezed in: the page's gaps shrink a little */
		} else {
			drop_last_gap(ts);
			ts_next_page(ts);
		}
	}
	struct welems we;
	heading_elems(ts, b, level, &we);
	ts->level = level;
	if (b->number && *b->number) {
		char *num = xasprintf("%s ", b->number);
		ts_text(ts->bd, ts->pg, ts->m, HEAD_FACE, hs->size, LEFT, ts_base_of(ts->cy, hs->lead), num, we.elem, ACCENT);
		free(num);
	}
	ts_place_lines(ts, p, 0, p->n, LEFT + number_width(ts, b, hs->size), hs->lead, &we);
	para_free(p);
	ts_we_free(&we);
	ts->gap = hs->after;
	ts->gap_flex = 0.5; /* a heading stays close to its text */
}

/* ---- figures ---- */

static double
fig_height(struct ts *ts, const struct doc_figure *f, double w)
{
	return chart_figure_height(f, ts->m, w, ts->hy);
}

static void
draw_figure(struct ts *ts, const struct qfloat *q, double x, double w)
{
	struct chart_place pl = {ts->bd, ts->pg, x, ts->cy, w, q->ecap, q->efig, q->enote, q->esrc, PALETTE, ts->hy};
	ts_drawing_at(q->f->pos);
	chart_figure(q->f, ts->m, &pl);
	ts_drawing_at((struct pos){0});
	char *t = xasprintf("%s %d. %s", lang_cur()->figure, q->f->number, q->f->caption ? q->f->caption : "");
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
	ts_space(ts, FIG_GAP);
}

/* Drops the first i waiting figures (placed). */
static void
floats_done(struct ts *ts, size_t i)
{
	if (i == 0)
		return;
	memmove(ts->qf, ts->qf + i, (ts->nqf - i) * sizeof *ts->qf);
	ts->nqf -= i;
}

/* Places waiting figures at the top of a new page, in their order: the first
 * always, more while they fit (issue 13 defect 9). Each was written after
 * the text ahead of it, which is on an earlier page, so no figure comes
 * before the paragraph written above it. Keeping room for text below the
 * first figure instead (as before) sent the next one on to a later page,
 * and when the text ran out first that page was left mostly empty. */
static void
place_floats(struct ts *ts)
{
	size_t i = 0;
	for (; i < ts->nqf; i++) {
		double h = fig_height(ts, ts->qf[i].f, TEXT_W);
		if (i > 0 && ts_room(ts) - ts->gap < h)
			break;
		ts_apply_gap(ts);
		figure_here(ts, &ts->qf[i]);
	}
	floats_done(ts, i);
}

/* Places the figures still waiting when the text has ended (issue 13 defect
 * 9): below the last text while the next one fits there, then as many as fit
 * at the top of each new page; they keep their order. Before, each went to a
 * new page, leaving the text page short. */
static void
flush_floats(struct ts *ts)
{
	while (ts->nqf > 0) {
		double h = fig_height(ts, ts->qf[0].f, TEXT_W);
		if (!ts->fresh && ts_room(ts) - fmax(ts->gap, FIG_GAP) < h) {
			page_new(ts);
			continue;
		}
		ts_space(ts, FIG_GAP);
		ts_apply_gap(ts);
		figure_here(ts, &ts->qf[0]);
		floats_done(ts, 1);
	}
}

/* Stands a narrow figure right of the text if the next block is a paragraph and it fits. */
static int
figure_narrow(struct ts *ts, const struct qfloat *q, const struct doc_block *next)
{
	if (!q->f->narrow || next == NULL || next->kind != BLK_PARA || ts->nqf > 0 || ts->wrap_bottom > 0)
		return 0;
	double fw = NARROW * TEXT_W, h = fig_height(ts, q->f, fw);
	double gap = ts->fresh ? 0 : fmax(ts->gap, PARA_GAP);
	if (ts_room(ts) - gap < h + 2 * BODY_LEAD)
		return 0;
	ts_space(ts, PARA_GAP);
	ts_apply_gap(ts);
	struct chart_place pl = {ts->bd, ts->pg, LEFT + TEXT_W - fw, ts->cy - 1.5, fw, q->ecap, q->efig, q->enote, q->esrc,
	    PALETTE, ts->hy};
	chart_figure(q->f, ts->m, &pl);
	char *t = xasprintf("%s %d. %s", lang_cur()->figure, q->f->number, q->f->caption ? q->f->caption : "");
	box_outline_add(ts->bd, ts->level + 1, t, ts->pg, ts->cy);
	free(t);
	ts->wrap_bottom = ts->cy - 1.5 - h - 8;
	ts->wrap_w = TEXT_W - fw - GUTTER;
	ts->wrap_pg = ts->pg;
	ts->wrap_el[0] = q->enote, ts->wrap_el[1] = q->esrc;
	ts->wrap_x = LEFT + TEXT_W - fw;
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
	q->ecap = ts_elem(ts, 0, "Caption");
	q->efig = box_elem_add(ts->bd, 0, "Figure", f->alt, NULL, NULL);
	char *key = chart_key(f, ts->m, TEXT_W), *nkey = f->narrow ? chart_key(f, ts->m, NARROW * TEXT_W) : NULL;
	q->enote = (f->note && *f->note) || key || nkey ? ts_elem(ts, 0, "P") : -1; /* the note and the key */
	free(key);
	free(nkey);
	q->esrc = f->source && *f->source ? ts_elem(ts, 0, "P") : -1;
	return 0;
}

/* Places figure f here if it fits below the text (and any narrow figure),
 * else queues it for the top of the next page; the text goes on meanwhile. */
static void
place_figure(struct ts *ts, const struct doc_figure *f, const struct doc_block *next)
{
	struct qfloat q;
	ts_drawing_at(f->pos); /* measuring checks the labels' glyphs */
	int done = figure_elems(ts, f, &q) != 0 || figure_narrow(ts, &q, next);
	double h = done ? 0 : fig_height(ts, f, TEXT_W);
	ts_drawing_at((struct pos){0});
	if (done)
		return;
	if (h > TOP - BOTTOM) { /* it would run off every page */
		diag(M_TS_FIG_TALL, &f->pos, f->number, h, TOP - BOTTOM);
		return;
	}
	double top = ts->wrap_bottom > 0 ? fmin(ts->cy, ts->wrap_bottom) : ts->cy;
	double gap = ts->fresh ? 0 : fmax(ts->gap, FIG_GAP);
	if (ts->nqf == 0 && (ts->fresh || top - gap - h >= BOTTOM + ts->foot)) {
		ts_end_wrap(ts);
		ts_space(ts, FIG_GAP);
		ts_apply_gap(ts);
		figure_here(ts, &q);
		return;
	}
	xgrow(&ts->qf, &ts->capqf, ts->nqf + 1, sizeof *ts->qf);
	ts->qf[ts->nqf++] = q;
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
		return hs_of(ts, b->level + ts->hlevel_off).before +
		    heading_height(ts, b, b->level + ts->hlevel_off) + (next && next->kind == BLK_PARA ? para_need(ts, next) : 2 * BODY_LEAD);
	case BLK_TABLE:
		return ts_table_need(ts, b->tab);
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
		case BLK_TABLE: if (b->tab) ts_place_table(ts, b->tab); break;
		case BLK_PAGEBREAK:
			if (!ts->fresh)
				page_new(ts);
			break;
		}
	}
	ts_end_wrap(ts);
	flush_floats(ts);
}

/* ---- title blocks ---- */

/* Places a one-line or wrapped plain text in its own element, in colour rgb. */
static void
place_plain(struct ts *ts, const char *type, const char *s, struct pos at, int face, double size,
    double lead, double x, double w, uint32_t rgb)
{
	struct doc_run r;
	struct doc_text t = ts_text_of(&r, face, s);
	r.pos = at; /* a missing glyph is reported where the layout gave the text */
	struct para_style st = ts_ragged_style(size, lead, face);
	struct wctx wc = {w, w, 0};
	struct para *p = ts_set_text(ts, &t, &st, &wc);
	struct welems we;
	ts_we_init(&we, ts_elem(ts, 0, type));
	we.rgb = rgb;
	ts_apply_gap(ts);
	ts_place_lines(ts, p, 0, p->n, x, lead, &we);
	ts_we_free(&we);
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
		kw = fmax(kw, ts_width_of(ts->m, DOC_REGULAR, BODY_SIZE, k));
		free(k);
	}
	kw += 14;
	for (size_t i = 0; i < d->nmeta; i++) {
		char *k = xasprintf("%s: ", d->meta[i].key);
		int e = ts_elem(ts, 0, "P");
		ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, BODY_SIZE, LEFT, ts_base_of(ts->cy, 13.5), k, e, INK);
		free(k);
		char **ln;
		size_t n = ts_wrap(ts->m, DOC_REGULAR, BODY_SIZE, d->meta[i].value ? d->meta[i].value : "", TEXT_W - kw, &ln);
		for (size_t j = 0; j < n; j++, ts->cy -= 13.5)
			ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, BODY_SIZE, LEFT + kw, ts_base_of(ts->cy, 13.5), ln[j], e, INK);
		if (n == 0)
			ts->cy -= 13.5;
		ts_wrap_free(ln, n);
	}
}

#define LOGO_MAX_H MM(30) /* pt: a taller logo is scaled down to this height */
#define LOGO_GAP MM(5)    /* pt: between the logo and the text beside or below it */

/* The house style's logo at the top right of the text area, as a Figure
 * with the style's alt text, or an artifact when it has none (decorative:
 * the agency line names the agency in text). Returns its height (0: none)
 * and its width in *w. */
static double
place_logo(struct ts *ts, double *w)
{
	const struct style_logo *lg = &ts->sty->logo;
	*w = 0;
	if (lg->data == NULL || lg->px_w == 0 || lg->px_h == 0)
		return 0;
	double lw = lg->width, lh = lw * lg->px_h / lg->px_w;
	if (lh > LOGO_MAX_H)
		lw *= LOGO_MAX_H / lh, lh = LOGO_MAX_H;
	int e = lg->alt ? box_elem_add(ts->bd, 0, "Figure", lg->alt, NULL, NULL) : -1;
	struct box b = {.kind = BOX_IMAGE, .x = LEFT + TEXT_W - lw, .y = ts->cy - lh, .w = lw, .h = lh,
	    .elem = e, .image = box_image_add(ts->bd, lg->data, lg->len, lg->kind == STYLE_JPEG)};
	box_add(ts->bd, ts->pg, &b);
	*w = lw;
	return lh;
}

/* The agency line with its rule (in the accent colour) below; with_logo:
 * the style's logo stands right of it, and the rule runs below both. */
static void
agency_line(struct ts *ts, int with_logo)
{
	double lw = 0, top = ts->cy, lh = with_logo ? place_logo(ts, &lw) : 0;
	if (ts->d->agency == NULL || *ts->d->agency == '\0') {
		if (lh > 0)
			ts->cy = top - lh - LOGO_GAP, ts->fresh = 0;
		return;
	}
	place_plain(ts, "P", ts->d->agency, ts->d->agency_pos, DOC_REGULAR, 9.5, 12, LEFT,
	    lh > 0 ? TEXT_W - lw - LOGO_GAP : TEXT_W, INK);
	if (lh > 0 && ts->cy > top - lh)
		ts->cy = top - lh;
	struct box b = {.kind = BOX_LINE, .x = LEFT, .y = ts->cy - 2, .w = TEXT_W, .h = 0, .lw = 0.5,
	    .rgb = ACCENT, .elem = -1};
	box_add(ts->bd, ts->pg, &b);
	ts_space(ts, 22);
}

static void
title_block(struct ts *ts)
{
	const struct doc *d = ts->d;
	agency_line(ts, 1);
	char *kind = upper(d->kind && *d->kind ? d->kind : lang_cur()->kind);
	double t = ts->sty->title; /* the kind line and the title scale with it */
	place_plain(ts, "P", kind, d->kind_pos, HEAD_FACE, KIND_SIZE * t / TITLE_SIZE, KIND_LEAD * t / TITLE_SIZE,
	    LEFT, TEXT_W, ACCENT);
	free(kind);
	ts->cy -= 6;
	meta_rows(ts);
	ts_space(ts, 16);
	ts->tag_off = 0;
	if (d->title && *d->title) {
		place_plain(ts, "H1", d->title, d->title_pos, HEAD_FACE, t, TITLE_LEAD * t / TITLE_SIZE, LEFT, TEXT_W, ACCENT);
		ts->tag_off = 1; /* sections are H2 below the title */
	}
	if (d->colophon && *d->colophon) {
		ts_space(ts, 4);
		place_plain(ts, "P", d->colophon, d->colophon_pos, DOC_ITALIC, SMALL_SIZE, SMALL_LEAD, LEFT, TEXT_W, INK);
	}
	ts->gap = 0;
	ts_space(ts, 12);
}

/* The appendix title ("Bilag 1: Tabeller") with the notat's title below it. */
static void
appendix_title(struct ts *ts)
{
	const struct doc *d = ts->d;
	const char *t = d->appendix_title && *d->appendix_title ? d->appendix_title : lang_cur()->appendix;
	if (!ts->combined && d->agency && *d->agency)
		agency_line(ts, 0);
	box_outline_add(ts->bd, 1, t, ts->pg, ts->cy);
	/* a document of its own: the appendix title is H1 and its headings (level 2
	 * with hlevel_off) H2; appended to the notat it is a section like the others */
	char type[16];
	snprintf(type, sizeof type, "H%d", ts->combined ? 1 + ts->tag_off : 1);
	double tsz = ts->sty->title;
	place_plain(ts, type, t, d->appendix_pos, HEAD_FACE, tsz, TITLE_LEAD * tsz / TITLE_SIZE, LEFT, TEXT_W, ACCENT);
	if (!ts->combined)
		ts->tag_off = -1;
	if (d->title && *d->title) {
		ts_space(ts, 3);
		place_plain(ts, "P", d->title, d->title_pos, DOC_ITALIC, 11, 14, LEFT, TEXT_W, INK);
	}
	ts_space(ts, 6);
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
	struct para_style st = note_style(ts);
	struct wctx w = {TEXT_W - NOTE_HANG, TEXT_W - NOTE_HANG, 0};
	for (size_t n = 0; n <= ts->nnotes; n++)
		ts->nref[n] = -1;
	for (size_t i = 0; i < d->nnotes; i++) {
		int n = d->notes[i].number;
		if (n > 0 && ts->npara[n] == NULL)
			ts->npara[n] = ts_set_text(ts, &d->notes[i].text, &st, &w);
	}
}

static struct ts *
ts_new(const struct doc *d, const struct ts_opts *o)
{
	struct ts *ts = xcalloc(1, sizeof *ts);
	ts->d = d;
	ts->sty = o->style;
	if (ts->sty == NULL)
		ts->sty = ts->sty_own = style_new();
	ts->m = o->m;
	ts->hy = o->hyph;
	ts->combined = o->combined;
	ts->errors = diag_errors();
	ts->bd = box_doc_new();
	ts->bd->page_w = PAGE_W, ts->bd->page_h = PAGE_H;
	ts->pg = -1;
	ts->wrap_pg = -1;
	ts->gap_flex = GAP_FLEX;
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
		struct box b = {.kind = BOX_LINK, .x = l->x0, .y = l->base - LINK_DESC * l->size,
		    .w = l->x1 - l->x0, .h = (LINK_ASC + LINK_DESC) * l->size, .elem = l->elem,
		    .target_page = ts->tab[l->target].page, .target_y = ts->tab[l->target].y};
		box_add(ts->bd, l->page, &b);
	}
}

/* Frees ts; returns its box_doc, or NULL (freed) if errors were reported. */
static struct box_doc *
ts_finish(struct ts *ts)
{
	page_end(ts);
	resolve_links(ts);
	footers(ts);
	struct box_doc *bd = ts->bd;
	if (diag_errors() > ts->errors) {
		box_doc_free(bd);
		bd = NULL;
	}
	for (size_t n = 0; n <= ts->nnotes; n++) {
		para_free(ts->npara[n]);
		ts_we_free(&ts->nwe[n]);
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
	free(ts->vg);
	para_free(ts->peek.p);
	style_free(ts->sty_own);
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
	ts->justify = 1;
	place_blocks(ts, d->body, d->nbody);
	ts->justify = 0;
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

/* tstable.c: the appendix tables: column widths, header, rows across pages, note and source. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "para.h"
#include "tsint.h"
#include "util.h"


#define MIN_LABEL_W 60.0 /* pt, the narrowest row-label column (below it labels overprint numbers) */

/* A table's column geometry and wrapped row labels. */
struct tlay {
	const struct doc_table *t;
	size_t nc;          /* number columns: 2 * ngroups */
	double lw;          /* pt, label column */
	double tw;          /* pt, table width (narrower than the text for few columns) */
	double *cw;         /* [nc] pt, column widths (TAB_PAD included) */
	double *aft;        /* [nc] pt, widest part from the decimal comma on */
	double *markw;      /* [nc] pt, widest significance mark after a number (it hangs right of the numbers) */
	char ***lab;        /* [nrows] wrapped labels */
	size_t *nlab;
	double *rh;         /* [nrows] pt, row heights */
	int short_heads;    /* the groups print their short labels (long ones do not fit) */
	size_t head_lines;  /* lines of the longest group heading (wrapped) */
	double room, need;  /* pt, left for the row labels beside the numbers, and the least they need */
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
	return c ? ts_width_of(ts->m, DOC_REGULAR, TAB_SIZE, c) : 0;
}

/* Space before number column k: wider between groups than inside one. */
static double
col_pad(size_t k)
{
	return k % 2 ? TAB_PAD : TAB_GPAD;
}

/* Nonzero when t has nothing to head: no group label and no column head
 * (a list of open answers under the groups' headings). */
static int
headless(const struct doc_table *t)
{
	for (size_t g = 0; g < t->ngroups; g++)
		if (t->group[g] && *t->group[g])
			return 0;
	return !(t->sub[0] && *t->sub[0]) && !(t->sub[1] && *t->sub[1]);
}

/* The heading of group g: its short label when the table uses short ones. */
static const char *
group_head(const struct tlay *tl, size_t g)
{
	const struct doc_table *t = tl->t;
	if (tl->short_heads && t->group_short && t->group_short[g])
		return t->group_short[g];
	return t->group[g];
}

/* Width a group heading may take: its column pair less the gap before it. */
static double
head_w(const struct tlay *tl, size_t g)
{
	return tl->cw[2 * g] + tl->cw[2 * g + 1] - TAB_GPAD - 2;
}

/* Widens the column pairs to their group headings, each at most cap wide
 * (a longer heading wraps, see head_lines). */
static void
tlay_fit_heads(struct ts *ts, struct tlay *tl, const double *num_w, double cap)
{
	const struct doc_table *t = tl->t;
	for (size_t g = 0; g < t->ngroups; g++) {
		tl->cw[2 * g] = num_w[2 * g], tl->cw[2 * g + 1] = num_w[2 * g + 1];
		double gw = fmin(ts_width_of(ts->m, DOC_REGULAR, TAB_SIZE, group_head(tl, g)) + 4, cap);
		double have = tl->cw[2 * g] + tl->cw[2 * g + 1] - TAB_GPAD;
		if (gw > have)
			tl->cw[2 * g] += (gw - have) / 2, tl->cw[2 * g + 1] += (gw - have) / 2;
	}
}

/* Widens the columns to the group headings: the long labels unless they
 * widen the columns so far that the label column gets less than min_lw;
 * then the short ones (where the codebook gives them). */
static void
tlay_heads(struct ts *ts, struct tlay *tl, double min_lw)
{
	double *num_w = xcalloc(tl->nc + 1, sizeof *num_w), cols = 0, nums = 0;
	memcpy(num_w, tl->cw, tl->nc * sizeof *num_w);
	tl->short_heads = 0;
	tlay_fit_heads(ts, tl, num_w, INFINITY);
	for (size_t k = 0; k < tl->nc; k++)
		cols += tl->cw[k], nums += num_w[k];
	/* the long headings widen the table beyond its numbers and the limit */
	if (cols > TEXT_W - min_lw && cols > nums + 0.5 && tl->t->group_short) {
		tl->short_heads = 1;
		tlay_fit_heads(ts, tl, num_w, INFINITY);
	}
	cols = 0;
	for (size_t k = 0; k < tl->nc; k++)
		cols += tl->cw[k];
	/* still too wide: the headings wrap within narrower groups, so the row
	 * labels keep min_lw (issue 15: labels overprinted the numbers) */
	if (cols > TEXT_W - min_lw && cols > nums + 0.5)
		tlay_fit_heads(ts, tl, num_w, (TEXT_W - min_lw) / (double)tl->t->ngroups);
	tl->head_lines = 1;
	for (size_t g = 0; g < tl->t->ngroups; g++) {
		char **ln;
		size_t n = ts_wrap(ts->m, DOC_REGULAR, TAB_SIZE, group_head(tl, g), head_w(tl, g), &ln);
		ts_wrap_free(ln, n);
		tl->head_lines = n > tl->head_lines ? n : tl->head_lines;
	}
	free(num_w);
}

/* The number of cell s without its significance mark (new string); *mark gets the mark's width. */
static char *
cell_number(struct ts *ts, const struct doc_table *t, const char *s, double *mark)
{
	size_t m = doc_cell_mark(t, s), n = strlen(s) - m;
	*mark = m ? ts_width_of(ts->m, DOC_REGULAR, TAB_SIZE, s + n) : 0;
	return xstrndup(s, n);
}

/* The face of a column or row head: the base symbol "n" is set italic (as
 * "*n* = 78" under the charts), every other head upright. */
static enum doc_face
head_face(const char *s)
{
	return strcmp(s, "n") == 0 ? DOC_ITALIC : DOC_REGULAR;
}

static void
tlay_columns(struct ts *ts, struct tlay *tl)
{
	const struct doc_table *t = tl->t;
	for (size_t k = 0; k < tl->nc; k++) {
		const char *sub = doc_table_sub(t, k);
		double w = ts_width_of(ts->m, head_face(sub), TAB_SIZE, sub), before = 0, mw;
		for (size_t r = 0; r < t->nrows; r++) {
			char *s = cell_number(ts, t, cell(t, r, k), &mw);
			double a = after_comma(ts, s);
			tl->aft[k] = fmax(tl->aft[k], a);
			tl->markw[k] = fmax(tl->markw[k], mw);
			before = fmax(before, ts_width_of(ts->m, DOC_REGULAR, TAB_SIZE, s) - a);
			free(s);
		}
		tl->cw[k] = fmax(w, before + tl->aft[k] + tl->markw[k]) + col_pad(k);
	}
	double cols = 0, nat = 0;
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rows[r].kind != ROW_HEAD && t->rows[r].label)
			nat = fmax(nat, ts_width_of(ts->m, DOC_REGULAR, TAB_SIZE, t->rows[r].label) + 12);
	tlay_heads(ts, tl, t->ngroups > 1 ? fmin(nat, 0.4 * TEXT_W) : fmin(nat + 6, 0.4 * TEXT_W));
	for (size_t k = 0; k < tl->nc; k++)
		cols += tl->cw[k];
	/* Several groups: every group as wide as the widest (when that leaves the
	 * label column room for its labels, or 0.4 of the text width) and the table the full text width,
	 * so the tables of an appendix are alike. One group (one area): a compact
	 * table of natural width. */
	if (t->ngroups > 1) {
		double pair = 0;
		for (size_t g = 0; g < t->ngroups; g++)
			pair = fmax(pair, tl->cw[2 * g] + tl->cw[2 * g + 1]);
		if (TEXT_W - pair * (double)t->ngroups >= fmin(nat, 0.4 * TEXT_W)) {
			for (size_t g = 0; g < t->ngroups; g++) {
				double add = (pair - tl->cw[2 * g] - tl->cw[2 * g + 1]) / 2;
				tl->cw[2 * g] += add, tl->cw[2 * g + 1] += add;
			}
			cols = pair * (double)t->ngroups;
		}
	}
	tl->room = TEXT_W - cols;
	tl->need = fmin(nat + 6, MIN_LABEL_W);
	tl->lw = t->ngroups > 1 ? TEXT_W - cols : fmin(TEXT_W - cols, nat + 6);
	tl->tw = tl->lw + cols;

}

/* Width the note and source lines below a table wrap to. */
static double
tail_width(const struct ts *ts, const struct tlay *tl)
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
		tl->rh[r] = (double)nl * TAB_LEAD + (row->kind == ROW_N || row->kind == ROW_SUM || row->kind == ROW_HEAD ? 4 : 0);
	}
}

/* The lines below a table, each a paragraph of its own, into out (each
 * owned): "Anm.: ...", the key to abbreviated column heads when the table
 * prints short labels that are abbreviations, "Kilde: ...". Returns how many. */
static size_t
tail_texts(const struct tlay *tl, char *out[3], char *faces[3])
{
	const struct doc_table *t = tl->t;
	const struct lang *l = lang_cur();
	size_t n = 0;
	faces[0] = faces[1] = faces[2] = NULL;
	if (t->note && *t->note) {
		faces[n] = ts_prefixed_faces(l->note_prefix, t->note, t->note_faces);
		out[n++] = ts_prefixed(l->note_prefix, t->note);
	}
	if (tl->short_heads && t->group_short) {
		char *key = lang_key_line(l, (const char *const *)t->group_short, (const char *const *)t->group, t->ngroups);
		if (key)
			out[n++] = key;
	}
	if (t->source && *t->source) {
		faces[n] = ts_prefixed_faces(l->source_prefix, t->source, t->source_faces);
		out[n++] = ts_prefixed(l->source_prefix, t->source);
	}
	return n;
}

/* Height of the note and source lines below a table. */
static double
tail_height(struct ts *ts, const struct tlay *tl)
{
	double h = 0;
	char *part[3], *faces[3];
	size_t np = tail_texts(tl, part, faces);
	for (size_t i = 0; i < np; i++) {
		char **ln;
		size_t n = ts_wrap(ts->m, DOC_REGULAR, SMALL_SIZE, part[i], tail_width(ts, tl), &ln);
		h += (double)n * SMALL_LEAD;
		ts_wrap_free(ln, n);
		free(part[i]);
		free(faces[i]);
	}
	return 4 + (h > 0 ? h + 3 : 0);
}

/* The whole caption is bold, as a figure's; the author's emphasis in the
 * title (t->title_faces) is added to it, one run per face. */
static struct para *
set_caption(struct ts *ts, const struct doc_table *t)
{
	struct doc_text txt = {0};
	struct pos nowhere = {0};
	char *lbl = xasprintf("%s %d. ", lang_cur()->table, t->number);
	doc_text_add(&txt, RUN_TEXT, DOC_BOLD, lbl, nowhere);
	const char *title = t->title ? t->title : "";
	for (size_t a = 0, n = strlen(title); a < n;) {
		int f = doc_face_at(t->title_faces, a);
		size_t b = a + 1;
		while (b < n && doc_face_at(t->title_faces, b) == f)
			b++;
		char *run = xstrndup(title + a, b - a);
		doc_text_add(&txt, RUN_TEXT, (enum doc_face)(DOC_BOLD | f), run, nowhere);
		free(run);
		a = b;
	}
	struct para_style st = ts_ragged_style(CAP_SIZE, CAP_LEAD, DOC_REGULAR);
	struct wctx w = {TEXT_W, TEXT_W, 0};
	struct para *p = ts_set_text(ts, &txt, &st, &w);
	for (size_t i = 0; i < txt.n; i++)
		free(txt.runs[i].text);
	free(txt.runs);
	free(lbl);
	return p;
}

/* Caption height estimated without para_set (lookahead; reports nothing). */
static double
caption_estimate(struct ts *ts, const struct doc_table *t)
{
	char *s = xasprintf("%s %d. %s", lang_cur()->table, t->number, t->title ? t->title : "");
	char **ln;
	size_t n = ts_wrap(ts->m, DOC_BOLD, CAP_SIZE, s, TEXT_W, &ln);
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
	tl->markw = xcalloc(tl->nc + 1, sizeof *tl->markw);
	tl->lab = xcalloc(t->nrows + 1, sizeof *tl->lab);
	tl->nlab = xcalloc(t->nrows + 1, sizeof *tl->nlab);
	tl->rh = xcalloc(t->nrows + 1, sizeof *tl->rh);
	tlay_columns(ts, tl);
	tlay_rows(ts, tl);
	tl->cap = with_caption ? set_caption(ts, t) : NULL;
	tl->cap_h = tl->cap ? (double)tl->cap->n * CAP_LEAD + 4 : caption_estimate(ts, t);
	tl->head_h = headless(t) ? 6 : 3 + (double)(tl->head_lines + 1) * TAB_LEAD + 3 + 3;
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
	free(tl->markw);
	para_free(tl->cap);
	free(tl);
}

/* Left edge of number column k. */
static double
col_x(const struct ts *ts, const struct tlay *tl, size_t k)
{
	double x = LEFT + tl->lw;
	for (size_t j = 0; j < k; j++)
		x += tl->cw[j];
	return x;
}

/* Draws s right-aligned in column k (its decimal comma aligned with the
 * column's; a significance mark hangs right of the numbers). */
static void
num_text(struct ts *ts, const struct tlay *tl, size_t k, double base, const char *s, int e)
{
	if (*s == '\0')
		return;
	double mw;
	char *num = cell_number(ts, tl->t, s, &mw);
	double right = col_x(ts, tl, k) + tl->cw[k] - tl->markw[k] - (tl->aft[k] - after_comma(ts, num));
	double w = ts_width_of(ts->m, DOC_REGULAR, TAB_SIZE, num);
	ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, TAB_SIZE, right - w, base, s, e, INK);
	free(num);
}

/* The header rows (group names with short rules, then sub-columns); artifacts when repeated. */
static void
draw_head(struct ts *ts, const struct tlay *tl, int tab)
{
	const struct doc_table *t = tl->t;
	ts_rule(ts, LEFT, ts->cy - 0.4, tl->tw, 0.8);
	ts->cy -= 3;
	if (headless(t)) { /* a list of answers: the rule alone opens it */
		ts->cy -= 3;
		ts->fresh = 0;
		return;
	}
	double base = ts_base_of(ts->cy, TAB_LEAD);
	int tr = tab >= 0 ? ts_elem(ts, tab, "TR") : -1;
	if (tr >= 0) { /* the row-label column's (empty) head, over both header rows */
		int corner = box_elem_add(ts->bd, tr, "TH", NULL, NULL, "Column"); /* may move elems */
		ts->bd->elems[corner].rowspan = 2;
	}
	for (size_t g = 0; g < t->ngroups; g++) {
		int e = tr >= 0 ? box_elem_add(ts->bd, tr, "TH", NULL, NULL, "Column") : -1;
		if (e >= 0)
			ts->bd->elems[e].colspan = 2; /* over its count and percentage columns */
		double x0 = col_x(ts, tl, 2 * g) + TAB_GPAD, x1 = col_x(ts, tl, 2 * g + 2);
		char **ln;
		size_t n = ts_wrap(ts->m, DOC_REGULAR, TAB_SIZE, group_head(tl, g), head_w(tl, g), &ln);
		double b0 = base - (double)(tl->head_lines - n) * TAB_LEAD; /* bottom-aligned */
		for (size_t j = 0; j < n; j++) {
			char *s = j + 1 < n ? xasprintf("%s ", ln[j]) : xstrdup(ln[j]);
			double w = ts_width_of(ts->m, DOC_REGULAR, TAB_SIZE, ln[j]);
			ts_text(ts->bd, ts->pg, ts->m, DOC_REGULAR, TAB_SIZE, (x0 + x1 - w) / 2, b0 + (double)j * -TAB_LEAD, s, e, INK);
			free(s);
		}
		ts_wrap_free(ln, n);
		ts_rule(ts, x0, base - (double)(tl->head_lines - 1) * TAB_LEAD - 3.2, x1 - x0, 0.4);
	}
	ts->cy -= (double)tl->head_lines * TAB_LEAD;
	base = ts_base_of(ts->cy, TAB_LEAD) - 1;
	tr = tab >= 0 ? ts_elem(ts, tab, "TR") : -1;
	for (size_t k = 0; k < tl->nc; k++) {
		int e = tr >= 0 ? box_elem_add(ts->bd, tr, "TH", NULL, NULL, "Column") : -1;
		const char *s = doc_table_sub(t, k);
		double w = ts_width_of(ts->m, head_face(s), TAB_SIZE, s);
		ts_text(ts->bd, ts->pg, ts->m, head_face(s), TAB_SIZE, col_x(ts, tl, k) + tl->cw[k] - w, base, s, e, INK);
	}
	ts->cy -= TAB_LEAD + 3;
	ts_rule(ts, LEFT, ts->cy, tl->tw, 0.5);
	ts->cy -= 3;
	ts->fresh = 0;
}

static void
row_label(struct ts *ts, const struct tlay *tl, size_t r, double base, int e)
{
	const struct doc_trow *row = &tl->t->rows[r];
	enum doc_face face = row->kind == ROW_HEAD ? DOC_ITALIC
	    : row->kind == ROW_N && tl->nlab[r] == 1 ? head_face(tl->lab[r][0]) : DOC_REGULAR;
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
	int first_sum = row->kind == ROW_SUM && (r == 0 || tl->t->rows[r - 1].kind != ROW_SUM);
	if (row->kind == ROW_N || first_sum)
		ts_rule(ts, LEFT, top - 1.5, tl->tw, 0.4);
	if (row->kind != ROW_DATA)
		top -= 4;
	double base = ts_base_of(top, TAB_LEAD);
	int tr = ts_elem(ts, tab, "TR");
	int th = box_elem_add(ts->bd, tr, "TH", NULL, NULL, "Row");
	if (row->kind == ROW_HEAD) /* a panel heading spans the table */
		ts->bd->elems[th].colspan = (int)tl->nc + 1;
	row_label(ts, tl, r, base, th);
	for (size_t k = 0; row->kind != ROW_HEAD && k < tl->nc; k++)
		num_text(ts, tl, k, base, cell(tl->t, r, k), ts_elem(ts, tr, "TD"));
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

/* Index of the panel heading (ROW_HEAD) that row i belongs to, or (size_t)-1. */
static size_t
panel_of(const struct doc_table *t, size_t i)
{
	for (size_t j = i + 1; j-- > 0;)
		if (t->rows[j].kind == ROW_HEAD)
			return j;
	return (size_t)-1;
}

/* One past the last row of the panel headed at h. */
static size_t
panel_end(const struct doc_table *t, size_t h)
{
	size_t e = h + 1;
	while (e < t->nrows && t->rows[e].kind != ROW_HEAD)
		e++;
	return e;
}

/* Where a break before row b inside the panel headed at h (ending before
 * end) goes so that at least keep rows of the panel stay on each side: too
 * few after it moves the break back within the panel; too few before it
 * moves it before the panel heading. */
static size_t
panel_cut(size_t b, size_t h, size_t end, size_t keep)
{
	if (end - b < keep)
		b = end >= h + 1 + 2 * keep ? end - keep : h;
	if (b > h && b - h - 1 < keep)
		b = h;
	return b;
}

/* A break before row r + k splitting a panel should leave PANEL_KEEP rows of
 * it (its n row included) on each side, and must leave PANEL_MIN: a single
 * answer under "Gruppe (fortsat)" cannot be read. When even PANEL_MIN moves
 * the break before the panel's heading and that heading is row r (the top of
 * what this page takes), 0 is returned at the table's start (r == 0: the table
 * moves to the next page, see table_moves); further down no page can do
 * better (the panel is taller than a page), and k stands. */
#define PANEL_KEEP 4
#define PANEL_MIN 2
static size_t
panel_break(const struct doc_table *t, size_t r, size_t k)
{
	size_t b = r + k, h = panel_of(t, b - 1);
	if (k == 0 || b >= t->nrows || h == (size_t)-1 || t->rows[b].kind == ROW_HEAD)
		return k;
	size_t end = panel_end(t, h);
	size_t c = panel_cut(b, h, end, PANEL_KEEP);
	if (c <= r)
		c = panel_cut(b, h, end, PANEL_MIN);
	if (c > r)
		return c - r;
	return r == 0 ? 0 : k;
}

/* Rows to put on this page: never one alone on either side, no sub-heading or n row
 * stranded, a panel split only with PANEL_KEEP rows on each side. */
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
	k = panel_break(tl->t, r, k);
	if (k == 0 && fresh)
		k = 1;
	return k;
}

static void
table_tail(struct ts *ts, const struct tlay *tl)
{
	ts_rule(ts, LEFT, ts->cy - 2, tl->tw, 0.8);
	ts->cy -= 6;
	char *part[3], *faces[3];
	size_t np = tail_texts(tl, part, faces);
	for (size_t i = 0; i < np; i++) {
		int e = ts_elem(ts, 0, "P");
		char **ln;
		size_t n = ts_wrap(ts->m, DOC_REGULAR, SMALL_SIZE, part[i], tail_width(ts, tl), &ln), from = 0;
		for (size_t j = 0; j < n; j++) {
			char *s = j + 1 < n ? xasprintf("%s ", ln[j]) : xstrdup(ln[j]);
			ts_text_faced(ts->bd, ts->pg, ts->m, DOC_REGULAR, SMALL_SIZE, LEFT, ts_base_of(ts->cy, SMALL_LEAD),
			    s, part[i], faces[i], &from, e, INK);
			free(s);
			ts->cy -= SMALL_LEAD;
		}
		ts_wrap_free(ln, n);
		free(part[i]);
		free(faces[i]);
	}
}

/* Starts a continuation page of table t before row r: "Tabel N (fortsat)",
 * the header again and, inside a panel, its label with "(fortsat)" (artifacts:
 * the structure has them once). */
static void
table_continue(struct ts *ts, const struct tlay *tl, size_t r)
{
	const struct lang *l = lang_cur();
	ts_rule(ts, LEFT, ts->cy - 2, tl->tw, 0.5);
	ts_next_page(ts);
	char *s = xasprintf("%s %d (%s)", l->table, tl->t->number, l->continued);
	ts_text(ts->bd, ts->pg, ts->m, DOC_ITALIC, TAB_SIZE, LEFT, ts_base_of(ts->cy, CAP_LEAD), s, -1, INK);
	free(s);
	ts->cy -= CAP_LEAD + 2;
	draw_head(ts, tl, -1);
	size_t h = panel_of(tl->t, r);
	if (h == (size_t)-1 || h == r)
		return;
	char *lab = xasprintf("%s (%s)", tl->t->rows[h].label ? tl->t->rows[h].label : "", l->continued), **ln;
	size_t n = ts_wrap(ts->m, DOC_ITALIC, TAB_SIZE, lab, tl->tw, &ln);
	ts->cy -= 4;
	for (size_t j = 0; j < n; j++) {
		ts_text(ts->bd, ts->pg, ts->m, DOC_ITALIC, TAB_SIZE, LEFT, ts_base_of(ts->cy, TAB_LEAD), ln[j], -1, INK);
		ts->cy -= TAB_LEAD;
	}
	ts_wrap_free(ln, n);
	free(lab);
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
	char *title = xasprintf("%s %d. %s", lang_cur()->table, t->number, t->title ? t->title : "");
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
	if (ts_room(ts) < table_need(tl))
		return 1;
	double total = tl->cap_h + tl->head_h + tl->tail_h;
	for (size_t i = 0; i < tl->t->nrows; i++)
		total += tl->rh[i];
	if (ts_room(ts) >= total)
		return 0;
	size_t fit = rows_fitting(ts, tl, 0, ts->cy - tl->cap_h - tl->head_h);
	size_t k = rows_break(tl, 0, fit, 0), n = tl->t->nrows;
	if (k == 0) /* its first panel cannot split well here */
		return 1;
	if (total > TOP - BOTTOM)
		return 0;
	/* a big hole is worse than a split; a short stub on either side is worse than a hole */
	size_t least = ts_room(ts) > 0.45 * (TOP - BOTTOM) ? 3 : 5;
	return k < least || n - k < least;
}

static void
table_caption(struct ts *ts, const struct tlay *tl, int tab)
{
	record_table(ts, tl->t);
	struct welems we;
	ts_we_init(&we, ts_elem(ts, tab, "Caption"));
	ts_place_lines(ts, tl->cap, 0, tl->cap->n, LEFT, CAP_LEAD, &we);
	ts_we_free(&we);
	ts->cy -= 4;
}

void
ts_place_table(struct ts *ts, const struct doc_table *t)
{
	ts_drawing_at(t->pos);
	struct tlay *tl = tlay_new(ts, t, 1);
	if (tl->room < tl->need) /* the labels would overprint the numbers */
		diag(M_TS_TAB_WIDE, &t->pos, t->number, t->ngroups, tl->room, tl->need);
	ts_end_wrap(ts);
	ts_space(ts, TAB_GAP);
	ts_apply_gap(ts);
	if (table_moves(ts, tl))
		ts_next_page(ts);
	int tab = ts_elem(ts, 0, "Table");
	table_caption(ts, tl, tab);
	draw_head(ts, tl, tab);
	for (size_t r = 0; r < t->nrows;) {
		size_t fit = rows_fitting(ts, tl, r, ts->cy);
		size_t k = rows_break(tl, r, fit, 0);
		if (k == 0) /* the table stayed (a fresh page): better a poor split than none */
			k = fit > 0 ? fit : 1;
		for (size_t i = 0; i < k; i++)
			draw_row(ts, tl, r + i, tab);
		r += k;
		if (r < t->nrows)
			table_continue(ts, tl, r);
	}
	table_tail(ts, tl);
	tlay_free(tl);
	ts_space(ts, TAB_GAP);
	ts_drawing_at((struct pos){0});
}

double
ts_table_need(struct ts *ts, const struct doc_table *t)
{
	struct tlay *tl = tlay_new(ts, t, 0);
	double h = TAB_GAP + table_need(tl);
	tlay_free(tl);
	return h;
}

/* chart.c: draws a figure as boxes: caption, the chart (charth.c: horizontal, chartv.c:
 * upright), legend, note and source lines; the series' colours by chart type. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chartint.h"
#include "lang.h"
#include "palette.h"
#include "stat.h"
#include "tstext.h"
#include "util.h"

#define NOTE_SIZE 8.0  /* pt, "Anm.:" and "Kilde:" lines */
#define NOTE_LEAD 10.0 /* pt */
#define HATCH_STEP 3.0  /* pt, between the diagonals of a hatched segment */

double
ch_text_w(const struct measure *m, int face, double size, const char *s)
{
	return m->width(m->ctx, face, size, s, strlen(s));
}

void
ch_text(const struct pen *p, int face, double size, double x, double y, const char *s,
    uint32_t rgb)
{
	if (p->bd != NULL)
		ts_text(p->bd, p->pg, p->m, face, size, x, y, s, p->elem, rgb);
}

void
ch_rect(const struct pen *p, double x, double y, double w, double h, uint32_t rgb)
{
	if (p->bd == NULL)
		return;
	struct box b = {.kind = BOX_RECT, .x = x, .y = y, .w = w, .h = h, .rgb = rgb,
	    .elem = p->elem};
	box_add(p->bd, p->pg, &b);
}

void
ch_line(const struct pen *p, double x, double y, double dx, double dy, double lw,
    uint32_t rgb)
{
	if (p->bd == NULL)
		return;
	struct box b = {.kind = BOX_LINE, .x = x, .y = y, .w = dx, .h = dy, .lw = lw,
	    .rgb = rgb, .elem = p->elem};
	box_add(p->bd, p->pg, &b);
}

double
ch_baseline(double top, double lead)
{
	return top - lead * 0.78;
}

/* Draws s wrapped to w from top, with the author's emphasis (faces, see
 * doc_text_faces; may be NULL); returns the height used. */
double
ch_wrapped(const struct pen *p, int face, double size, double lead, double x, double top,
    double w, const char *s, const char *faces)
{
	char **ln;
	size_t n = ts_wrap(p->m, face, size, s, w, &ln), from = 0;
	for (size_t i = 0; i < n; i++) {
		char *t = i + 1 < n ? xasprintf("%s ", ln[i]) : xstrdup(ln[i]);
		double y = ch_baseline(top - (double)i * lead, lead);
		if (faces != NULL && p->bd != NULL)
			ts_text_faced(p->bd, p->pg, p->m, face, size, x, y, t, s, faces, &from, p->elem, INK);
		else
			ch_text(p, face, size, x, y, t, INK);
		free(t);
	}
	ts_wrap_free(ln, n);
	return (double)n * lead;
}

const char *
ch_bar_label(const struct doc_chart *c, size_t i, int short_labels)
{
	if (short_labels && c->bar_short && c->bar_short[i])
		return c->bar_short[i];
	return c->bar_label[i];
}

int
ch_non_answer(const struct doc_chart *c, size_t i)
{
	return c->series_label[i] && lang_is_dont_know(lang_cur(), c->series_label[i]);
}

/* Series i's place among the answers (non-answers left out) in *k, their number in *n. */
static void
answer_rank(const struct doc_chart *c, size_t i, size_t *k, size_t *n)
{
	*k = *n = 0;
	for (size_t j = 0; j < c->nseries; j++)
		if (!ch_non_answer(c, j))
			*k += j < i, (*n)++;
}

/* Nonzero when the chart sets non-answers apart (white or grey with a border). */
static int
sets_apart(const struct doc_chart *c)
{
	return c->type == CHART_STACKED || c->type == CHART_DIVERGING;
}

static uint32_t
col_single(const struct pal_hues *h, const uint32_t *base, const struct doc_chart *c, size_t i)
{
	(void)h, (void)c, (void)i;
	return base ? *base : BAR_RGB;
}

static uint32_t
col_kind(const struct pal_hues *h, const struct doc_chart *c, size_t i, enum pal_kind kind)
{
	size_t k = i, n = c->nseries;
	uint32_t pal[PAL_MAX];
	if (sets_apart(c))
		answer_rank(c, i, &k, &n);
	pal_make_hued(h, kind, n, kind == PAL_DIVERGING && n % 2 ? (int)(n / 2) : -1, pal);
	return pal[k < PAL_MAX ? k : PAL_MAX - 1];
}

static uint32_t
col_seq(const struct pal_hues *h, const uint32_t *base, const struct doc_chart *c, size_t i)
{
	(void)base;
	return ch_non_answer(c, i) ? PAL_NA_FILL : col_kind(h, c, i, PAL_SEQUENTIAL);
}

/* Diverging: the answers orange .. neutral .. blue; the non-answers white, then
 * ever darker greys (PAL_MIN_DL + 2 apart) so that two of them stay apart too. */
static uint32_t
col_div(const struct pal_hues *h, const uint32_t *base, const struct doc_chart *c, size_t i)
{
	(void)base;
	if (!ch_non_answer(c, i))
		return col_kind(h, c, i, PAL_DIVERGING);
	size_t j = 0;
	for (size_t s = 0; s < i; s++)
		j += ch_non_answer(c, s);
	return j == 0 ? PAL_NA_FILL : pal_lch(100 - (PAL_MIN_DL + 2) * (double)j, 0, 0);
}

static uint32_t
col_cat(const struct pal_hues *h, const uint32_t *base, const struct doc_chart *c, size_t i)
{
	(void)base;
	return col_kind(h, c, i, PAL_CATEGORICAL);
}

static uint32_t
col_line(const struct pal_hues *h, const uint32_t *base, const struct doc_chart *c, size_t i)
{
	(void)base;
	return col_kind(h, c, i, PAL_LINE);
}

typedef uint32_t (*colour_fn)(const struct pal_hues *, const uint32_t *, const struct doc_chart *, size_t);

static const colour_fn colours[CHART_NTYPES] = {
	[CHART_STACKED] = col_seq, [CHART_BARS] = col_single, [CHART_DIVERGING] = col_div,
	[CHART_GROUPED] = col_cat, [CHART_COLUMNS] = col_single, [CHART_LINE] = col_line,
	[CHART_HISTOGRAM] = col_single,
};

/* Series i's colour in the palette computed from base (NULL: the default
 * hues; single bars then BAR_RGB, else the base colour itself). */
static uint32_t
colour_in(const uint32_t *base, const struct doc_chart *c, size_t i)
{
	struct pal_hues h = base ? pal_hues_of(*base) : pal_default_hues;
	return colours[c->type](&h, base, c, i);
}

uint32_t
chart_colour(const struct doc_chart *c, size_t i)
{
	return colour_in(NULL, c, i);
}

uint32_t
ch_colour(const struct pen *p, const struct doc_chart *c, size_t i)
{
	return colour_in(p->palette, c, i);
}

int
chart_hatched(const struct doc_chart *c, size_t i)
{
	size_t k = i, n = c->nseries;
	if (c->nseries < 2 || c->type == CHART_LINE || (sets_apart(c) && ch_non_answer(c, i)))
		return 0;
	if (sets_apart(c))
		answer_rank(c, i, &k, &n);
	return pal_hatched(n, k);
}

/* Series i's swatch (a segment or a legend key) at x, y of w by h: its
 * colour, hatched with white diagonals when the palette says so, and a
 * border for a non-answer. */
/* Diagonals across x, y, w by h, HATCH_STEP apart, in rgb. */
static void
hatch(const struct pen *p, double x, double y, double w, double h, double lw, uint32_t rgb)
{
	for (double t = -h; t < w; t += HATCH_STEP) {
		double x0 = x + t, y0 = y, x1 = x + t + h, y1 = y + h;
		if (x0 < x)
			y0 += x - x0, x0 = x;
		if (x1 > x + w)
			y1 -= x1 - (x + w), x1 = x + w;
		if (x1 > x0)
			ch_line(p, x0, y0, x1 - x0, y1 - y0, lw, rgb);
	}
}

void
ch_swatch(const struct pen *p, const struct doc_chart *c, size_t i, double x, double y, double w, double h)
{
	ch_rect(p, x, y, w, h, ch_colour(p, c, i));
	if (chart_hatched(c, i))
		hatch(p, x, y, w, h, 0.6, 0xFFFFFFu);
	if (sets_apart(c) && ch_non_answer(c, i)) {
		if (c->type == CHART_DIVERGING) /* set apart from the scale: hatched in grey */
			hatch(p, x, y, w, h, 0.3, 0xBDBDBDu);
		ch_line(p, x, y, w, 0, 0.4, PAL_NA_EDGE);
		ch_line(p, x, y + h, w, 0, 0.4, PAL_NA_EDGE);
		ch_line(p, x, y, 0, h, 0.4, PAL_NA_EDGE);
		ch_line(p, x + w, y, 0, h, 0.4, PAL_NA_EDGE);
	}
}

double
ch_nice_step(double amax, double pw, double room)
{
	static const double mant[] = {1, 2, 2.5, 5};
	for (double e = 0.01; e < 1e9; e *= 10)
		for (size_t i = 0; i < 4; i++) {
			double s = mant[i] * e;
			if (amax / s <= 10 && pw * s / amax >= room)
				return s;
		}
	return amax;
}

char *
ch_fmt_num(double v)
{
	char *s = fabs(v - round(v)) < 1e-9 ? xasprintf("%.0f", v) : xasprintf("%.1f", v);
	char *dot = strchr(s, '.');
	if (dot == NULL)
		return s;
	char *r = xasprintf("%.*s%s%s", (int)(dot - s), s, lang_cur()->decimal, dot + 1);
	free(s);
	return r;
}

double
ch_nice_top(double v, double cap)
{
	static const double mant[] = {1, 2, 5};
	double top = 1;
	for (double e = 1; v > 0 && e < 1e12; e *= 10) {
		size_t i = 0;
		while (i < 3 && v / (mant[i] * e) > 6)
			i++;
		if (i < 3) {
			top = ceil(v / (mant[i] * e) - 1e-9) * mant[i] * e;
			break;
		}
	}
	return fmin(fmax(top, 1), cap);
}

double
ch_draw_n(const struct pen *p, double x, double y, long n)
{
	if (n < 0)
		return 0;
	char *v = stat_fmt_int(n), *s = xasprintf(" = %s", v);
	double nw = ch_text_w(p->m, DOC_ITALIC, VAL_SIZE, "n"), w = nw + ch_text_w(p->m, DOC_REGULAR, VAL_SIZE, s);
	ch_text(p, DOC_ITALIC, VAL_SIZE, x, y, "n", AXIS_RGB);
	ch_text(p, DOC_REGULAR, VAL_SIZE, x + nw, y, s, AXIS_RGB);
	free(v), free(s);
	return w;
}

/* Series j's legend text: [0] its label, [1] " (" and [2] " = 78)" around an
 * italic n when the chart knows the series' n (else NULL). Caller frees all. */
static void
item_parts(const struct doc_chart *c, size_t j, char *part[3])
{
	part[0] = xstrdup(c->series_label[j]);
	part[1] = part[2] = NULL;
	if (c->series_n && c->series_n[j] >= 0) {
		char *v = stat_fmt_int(c->series_n[j]);
		part[1] = xstrdup(" (");
		part[2] = xasprintf(" = %s)", v);
		free(v);
	}
}

/* Width of series j's legend item (key, gap, text); draws it at x, y unless p is NULL. */
static double
legend_item(const struct pen *p, const struct measure *m, const struct doc_chart *c, size_t j,
    double key_w, ch_key_fn key, double x, double y)
{
	char *part[3];
	item_parts(c, j, part);
	double w = key_w + 3 + ch_text_w(m, DOC_REGULAR, LEG_SIZE, part[0]);
	if (p) {
		key(p, c, j, x, y);
		ch_text(p, DOC_REGULAR, LEG_SIZE, x + key_w + 3, y, part[0], INK);
	}
	for (int k = 1; k < 3 && part[1]; k++) {
		if (p)
			ch_text(p, DOC_REGULAR, LEG_SIZE, x + w, y, part[k], INK);
		w += ch_text_w(m, DOC_REGULAR, LEG_SIZE, part[k]);
		if (k == 1) {
			if (p)
				ch_text(p, DOC_ITALIC, LEG_SIZE, x + w, y, "n", INK);
			w += ch_text_w(m, DOC_ITALIC, LEG_SIZE, "n");
		}
	}
	free(part[0]), free(part[1]), free(part[2]);
	return w;
}

/* Draws the legend row of items [from, to) centred under cx..cx+cw, inside x..x+w. */
static void
legend_row(const struct pen *p, const struct doc_chart *c, size_t from, size_t to, double roww,
    const double span[4], double top, double key_w, ch_key_fn key)
{
	double x = fmin(span[2] + (span[3] - roww) / 2, span[0] + span[1] - roww);
	x = fmax(x, span[0]);
	double y = ch_baseline(top, LEG_LEAD);
	for (size_t j = from; j < to; j++)
		x += legend_item(p, p->m, c, j, key_w, key, x, y) + 12;
}

double
ch_legend(const struct pen *p, const struct doc_chart *c, double x, double w, double cx, double cw,
    double top, double key_w, ch_key_fn key)
{
	const double span[4] = {x, w, cx, cw};
	double h = 4, roww = 0;
	size_t from = 0;
	for (size_t j = 0; j <= c->nseries; j++) {
		double iw = j < c->nseries ? legend_item(NULL, p->m, c, j, key_w, key, 0, 0) : 0;
		if (j == c->nseries || (j > from && roww + 12 + iw > w)) {
			legend_row(p, c, from, j, roww, span, top - h, key_w, key);
			h += LEG_LEAD;
			from = j, roww = 0;
		}
		roww += (roww > 0 ? 12 : 0) + iw;
	}
	return h;
}

char *
chart_key(const struct doc_figure *f, const struct measure *m, double w)
{
	const struct doc_chart *c = &f->chart;
	int sh = chv_upright(c->type) ? chv_use_short(c, m, w) : chh_use_short(c, m, w);
	if (c->bar_short == NULL || !sh)
		return NULL;
	return lang_key_line(lang_cur(), (const char *const *)c->bar_short, (const char *const *)c->bar_label, c->nbars);
}

/* Note, key and source lines below the chart (the source in its own
 * element e_source); returns their height. */
static double
draw_notes(const struct pen *p, const struct doc_figure *f, double x, double top, double w, int e_source)
{
	double h = 0;
	const struct lang *l = lang_cur();
	char *part[3] = {f->note && *f->note ? ts_prefixed(l->note_prefix, f->note) : NULL,
		chart_key(f, p->m, w), f->source && *f->source ? ts_prefixed(l->source_prefix, f->source) : NULL};
	char *faces[3] = {part[0] ? ts_prefixed_faces(l->note_prefix, f->note, f->note_faces) : NULL, NULL,
		part[2] ? ts_prefixed_faces(l->source_prefix, f->source, f->source_faces) : NULL};
	for (int i = 0; i < 3; i++) {
		if (part[i] == NULL)
			continue;
		struct pen q = *p;
		if (i == 2 && e_source >= 0)
			q.elem = e_source;
		if (q.elem < 0 && p->bd != NULL)
			q.elem = e_source; /* no note element: the key goes with the source */
		h += ch_wrapped(&q, DOC_REGULAR, NOTE_SIZE, NOTE_LEAD, x, top - 4 - h, w, part[i], faces[i]);
		free(part[i]);
		free(faces[i]);
	}
	return h > 0 ? h + 4 : 0;
}

static double
figure(const struct doc_figure *f, const struct measure *m, const struct chart_place *pl)
{
	struct pen p = {pl->bd, pl->page, pl->e_caption, m, pl->palette, pl->hy};
	char *cap = xasprintf("%s %d. %s", lang_cur()->figure, f->number, f->caption ? f->caption : "");
	char *faces = ts_faces_after(strlen(cap) - strlen(f->caption ? f->caption : ""), f->caption_faces);
	double h = ch_wrapped(&p, DOC_BOLD, CAP_SIZE, CAP_LEAD, pl->x, pl->top, pl->w, cap, faces) + 6;
	free(cap);
	free(faces);
	p.elem = pl->e_figure;
	h += (chv_upright(f->chart.type) ? chv_draw : chh_draw)(&p, &f->chart, pl->x, pl->w, pl->top - h);
	p.elem = pl->e_note;
	h += draw_notes(&p, f, pl->x, pl->top - h, pl->w, pl->e_source);
	return h;
}

double
chart_figure(const struct doc_figure *f, const struct measure *m, const struct chart_place *pl)
{
	return figure(f, m, pl);
}

double
chart_figure_height(const struct doc_figure *f, const struct measure *m, double w, struct hyph *hy)
{
	struct chart_place pl = {NULL, 0, 0, 0, w, -1, -1, -1, -1, NULL, hy};
	return figure(f, m, &pl);
}

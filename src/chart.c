/* chart.c: draws a figure (caption, horizontal bar chart, legend, note) as boxes. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lang.h"
#include "palette.h"
#include "stat.h"
#include "typeset.h"
#include "util.h"

#define CAP_SIZE 9.5   /* pt, caption */
#define CAP_LEAD 12.0  /* pt */
#define LAB_SIZE 8.5   /* pt, category labels */
#define LAB_LEAD 10.0  /* pt */
#define VAL_SIZE 7.5   /* pt, value labels, ticks, n */
#define LEG_SIZE 8.0   /* pt, legend */
#define LEG_LEAD 12.0  /* pt */
#define NOTE_SIZE 8.0  /* pt, "Anm.:" and "Kilde:" lines */
#define NOTE_LEAD 10.0 /* pt */
#define BAR_H 11.0     /* pt, bar thickness */
#define PLOT_MAX 520.0 /* pt, bars taller than this widen the label column (geom_labels) */
#define GAP 6.0        /* pt, between label column, plot and n column */
#define VAL_PAD 1.5    /* pt, least room either side of a value label inside its segment */
#define INK 0x1A1A1Au
#define AXIS_RGB 0x4D4D4Du
#define GRID_RGB 0xD9D9D9u
#define BAR_RGB 0x2166ACu
#define HATCH_STEP 3.0  /* pt, between the diagonals of a hatched segment */

/* Where boxes go; bd == NULL measures only. */
struct pen {
	struct box_doc *bd;
	int pg;
	int elem;
	const struct measure *m;
	const uint32_t *palette; /* the house style's palette base colour, or NULL */
};

/* The chart's horizontal geometry and wrapped labels. */
struct geom {
	const struct doc_chart *c;
	double x, w;      /* pt, figure box */
	double lw;        /* pt, label column */
	double px, pw;    /* pt, plot area */
	double amax;      /* axis end (data units) */
	double step;      /* tick step (data units) */
	char ***lab;      /* [nbars] wrapped label lines */
	size_t *nlab;     /* [nbars] */
	double *pitch;    /* [nbars] pt, row height */
};

static double
text_w(const struct measure *m, int face, double size, const char *s)
{
	return m->width(m->ctx, face, size, s, strlen(s));
}

static void
pen_text(const struct pen *p, int face, double size, double x, double y, const char *s,
    uint32_t rgb)
{
	if (p->bd != NULL)
		ts_text(p->bd, p->pg, p->m, face, size, x, y, s, p->elem, rgb);
}

static void
pen_rect(const struct pen *p, double x, double y, double w, double h, uint32_t rgb)
{
	if (p->bd == NULL)
		return;
	struct box b = {.kind = BOX_RECT, .x = x, .y = y, .w = w, .h = h, .rgb = rgb,
	    .elem = p->elem};
	box_add(p->bd, p->pg, &b);
}

static void
pen_line(const struct pen *p, double x, double y, double dx, double dy, double lw,
    uint32_t rgb)
{
	if (p->bd == NULL)
		return;
	struct box b = {.kind = BOX_LINE, .x = x, .y = y, .w = dx, .h = dy, .lw = lw,
	    .rgb = rgb, .elem = p->elem};
	box_add(p->bd, p->pg, &b);
}

/* Baseline of a line of text of size `size` in a slot of height lead below top. */
static double
baseline(double top, double size, double lead)
{
	(void)size;
	return top - lead * 0.78;
}

/* Draws s wrapped to w from top, with the author's emphasis (faces, see
 * doc_text_faces; may be NULL); returns the height used. */
static double
wrapped(const struct pen *p, int face, double size, double lead, double x, double top,
    double w, const char *s, const char *faces)
{
	char **ln;
	size_t n = ts_wrap(p->m, face, size, s, w, &ln), from = 0;
	for (size_t i = 0; i < n; i++) {
		char *t = i + 1 < n ? xasprintf("%s ", ln[i]) : xstrdup(ln[i]);
		double y = baseline(top - (double)i * lead, size, lead);
		if (faces != NULL && p->bd != NULL)
			ts_text_faced(p->bd, p->pg, p->m, face, size, x, y, t, s, faces, &from, p->elem, INK);
		else
			pen_text(p, face, size, x, y, t, INK);
		free(t);
	}
	ts_wrap_free(ln, n);
	return (double)n * lead;
}

/* Nonzero for a non-answer series ("Ved ikke", "Ikke relevant", "Uoplyst": the language's). */
static int
non_answer(const char *s)
{
	return s && lang_is_dont_know(lang_cur(), s);
}

/* Series i's place among the answers (non-answers left out) in *k, their number in *n. */
static void
answer_rank(const struct doc_chart *c, size_t i, size_t *k, size_t *n)
{
	*k = *n = 0;
	for (size_t j = 0; j < c->nseries; j++)
		if (!non_answer(c->series_label[j]))
			*k += j < i, (*n)++;
}

/* Series i's colour in the palette computed from base (NULL: the default
 * hues; single bars then BAR_RGB, else the base colour itself). */
static uint32_t
colour_in(const uint32_t *base, const struct doc_chart *c, size_t i)
{
	if (c->type == CHART_BARS)
		return base ? *base : BAR_RGB;
	if (non_answer(c->series_label[i]))
		return PAL_NA_FILL;
	size_t k, n;
	uint32_t pal[PAL_MAX];
	answer_rank(c, i, &k, &n);
	struct pal_hues h = base ? pal_hues_of(*base) : pal_default_hues;
	pal_make_hued(&h, PAL_SEQUENTIAL, n, -1, pal);
	return pal[k < PAL_MAX ? k : PAL_MAX - 1];
}

uint32_t
chart_colour(const struct doc_chart *c, size_t i)
{
	return colour_in(NULL, c, i);
}

int
chart_hatched(const struct doc_chart *c, size_t i)
{
	size_t k, n;
	if (c->type == CHART_BARS || non_answer(c->series_label[i]))
		return 0;
	answer_rank(c, i, &k, &n);
	return pal_hatched(n, k);
}

/* Series i's swatch (a segment or a legend key) at x, y of w by h: its
 * colour, hatched with white diagonals when the palette says so, and a
 * border for a non-answer. */
static void
swatch(const struct pen *p, const struct doc_chart *c, size_t i, double x, double y, double w, double h)
{
	pen_rect(p, x, y, w, h, colour_in(p->palette, c, i));
	if (chart_hatched(c, i))
		for (double t = -h; t < w; t += HATCH_STEP) {
			double x0 = x + t, y0 = y, x1 = x + t + h, y1 = y + h;
			if (x0 < x)
				y0 += x - x0, x0 = x;
			if (x1 > x + w)
				y1 -= x1 - (x + w), x1 = x + w;
			if (x1 > x0)
				pen_line(p, x0, y0, x1 - x0, y1 - y0, 0.6, 0xFFFFFFu);
		}
	if (c->type != CHART_BARS && non_answer(c->series_label[i])) {
		pen_line(p, x, y, w, 0, 0.4, PAL_NA_EDGE);
		pen_line(p, x, y + h, w, 0, 0.4, PAL_NA_EDGE);
		pen_line(p, x, y, 0, h, 0.4, PAL_NA_EDGE);
		pen_line(p, x + w, y, 0, h, 0.4, PAL_NA_EDGE);
	}
}

/* A tick step giving at most ~10 ticks over [0, amax] and at least ~28 pt between them. */
static double
nice_step(double amax, double pw)
{
	static const double mant[] = {1, 2, 2.5, 5};
	for (double e = 0.01; e < 1e9; e *= 10)
		for (size_t i = 0; i < 4; i++) {
			double s = mant[i] * e;
			if (amax / s <= 10 && pw * s / amax >= 28)
				return s;
		}
	return amax;
}

static char *
fmt_num(double v)
{
	char *s = fabs(v - round(v)) < 1e-9 ? xasprintf("%.0f", v) : xasprintf("%.1f", v);
	char *dot = strchr(s, '.');
	if (dot == NULL)
		return s;
	char *r = xasprintf("%.*s%s%s", (int)(dot - s), s, lang_cur()->decimal, dot + 1);
	free(s);
	return r;
}

/* " = 78" after the italic "n" of bar i's base, or NULL. Caller frees. */
static char *
n_text(const struct doc_chart *c, size_t i)
{
	if (c->bar_n == NULL || c->bar_n[i] < 0)
		return NULL;
	char *v = stat_fmt_int(c->bar_n[i]), *s = xasprintf(" = %s", v);
	free(v);
	return s;
}

/* Width of bar i's "n = 78" (italic n), 0 without one. */
static double
n_width(const struct doc_chart *c, const struct measure *m, size_t i)
{
	char *s = n_text(c, i);
	double w = s ? text_w(m, DOC_ITALIC, VAL_SIZE, "n") + text_w(m, DOC_REGULAR, VAL_SIZE, s) : 0;
	free(s);
	return w;
}

/* Width of the column right of the plot: "n=…" labels and bar-end values. */
static double
right_col(const struct doc_chart *c, const struct measure *m)
{
	double w = 0;
	for (size_t i = 0; i < c->nbars; i++)
		if (n_width(c, m, i) > 0)
			w = fmax(w, n_width(c, m, i) + GAP);
	return w;
}

/* Room after the longest bar of a CHART_BARS for its value label. */
static double
value_room(const struct doc_chart *c, const struct measure *m)
{
	double w = 0;
	for (size_t i = 0; c->type == CHART_BARS && i < c->nbars; i++)
		if (c->value_text && c->value_text[i])
			w = fmax(w, text_w(m, DOC_REGULAR, VAL_SIZE, c->value_text[i]) + 4);
	return w;
}

/* Bar i's label: its short label when the chart uses short ones. */
static const char *
bar_label(const struct doc_chart *c, size_t i, int short_labels)
{
	if (short_labels && c->bar_short && c->bar_short[i])
		return c->bar_short[i];
	return c->bar_label[i];
}

/* Whether the chart uses its short labels: when some long label with a
 * short one needs more than two lines in the widest label column (max_w). */
static int
use_short(const struct doc_chart *c, const struct measure *m, double max_w)
{
	int sh = 0;
	for (size_t i = 0; c->bar_short && i < c->nbars && !sh; i++) {
		if (c->bar_short[i] == NULL)
			continue;
		char **lines;
		size_t n = ts_wrap(m, DOC_REGULAR, LAB_SIZE, c->bar_label[i], max_w, &lines);
		ts_wrap_free(lines, n);
		sh = n > 2;
	}
	return sh;
}

static void
geom_labels(struct geom *g, const struct measure *m)
{
	const struct doc_chart *c = g->c;
	double nat = 0, max_w = 0.34 * g->w;
	int sh = use_short(c, m, max_w);
	for (size_t i = 0; i < c->nbars; i++)
		nat = fmax(nat, text_w(m, DOC_REGULAR, LAB_SIZE, bar_label(c, i, sh)));
	g->lab = xcalloc(c->nbars + 1, sizeof *g->lab);
	g->nlab = xcalloc(c->nbars + 1, sizeof *g->nlab);
	g->pitch = xcalloc(c->nbars + 1, sizeof *g->pitch);
	/* a chart taller than PLOT_MAX widens its label column (up to half the
	 * figure) so that its labels wrap into fewer lines */
	for (double f = 0.34;; f += 0.08) {
		double h = 0;
		g->lw = fmin(nat, f * g->w);
		for (size_t i = 0; i < c->nbars; i++) {
			g->nlab[i] = ts_wrap(m, DOC_REGULAR, LAB_SIZE, bar_label(c, i, sh), g->lw, &g->lab[i]);
			g->pitch[i] = fmax(BAR_H + 7, (double)g->nlab[i] * LAB_LEAD + 5);
			h += g->pitch[i];
		}
		if (h <= PLOT_MAX || f >= 0.5 || g->lw >= nat)
			break;
		for (size_t i = 0; i < c->nbars; i++)
			ts_wrap_free(g->lab[i], g->nlab[i]);
	}
}

static void
geom_init(struct geom *g, const struct doc_chart *c, const struct measure *m, double x, double w)
{
	memset(g, 0, sizeof *g);
	g->c = c, g->x = x, g->w = w;
	geom_labels(g, m);
	double rc = right_col(c, m);
	g->px = x + g->lw + GAP;
	g->pw = w - g->lw - GAP - rc;
	g->amax = c->type == CHART_STACKED || c->axis_max <= 0 ? 100 : c->axis_max;
	if (c->type == CHART_BARS) {
		double vr = value_room(c, m);
		if (vr > rc)
			g->pw -= vr - rc;
	}
	g->step = c->type == CHART_STACKED ? (g->pw >= 220 ? 10 : 20) : nice_step(g->amax, g->pw);
}

static void
geom_free(struct geom *g)
{
	for (size_t i = 0; i < g->c->nbars; i++)
		ts_wrap_free(g->lab[i], g->nlab[i]);
	free(g->lab);
	free(g->nlab);
	free(g->pitch);
}

static double
plot_height(const struct geom *g)
{
	double h = 2;
	for (size_t i = 0; i < g->c->nbars; i++)
		h += g->pitch[i];
	return h;
}

/* Category label lines, right-aligned against the plot, centred on cy. */
static void
draw_label(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	size_t n = g->nlab[i];
	for (size_t j = 0; j < n; j++) {
		double y = cy + ((double)(n - 1) / 2 - (double)j) * LAB_LEAD - LAB_SIZE * 0.33;
		double tw = text_w(p->m, DOC_REGULAR, LAB_SIZE, g->lab[i][j]);
		char *t = j + 1 < n ? xasprintf("%s ", g->lab[i][j]) : xstrdup(g->lab[i][j]);
		pen_text(p, DOC_REGULAR, LAB_SIZE, g->px - GAP - tw, y, t, INK);
		free(t);
	}
}

static void
draw_segments(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	const struct doc_chart *c = g->c;
	double cum = 0;
	for (size_t j = 0; j < c->nseries; j++) {
		double v = c->value[i * c->nseries + j];
		if (!(v > 0))
			continue;
		double sx = g->px + fmin(cum, g->amax) / g->amax * g->pw;
		double sw = fmin(v, g->amax - cum) / g->amax * g->pw;
		cum += v;
		uint32_t col = colour_in(p->palette, c, j);
		swatch(p, c, j, sx, cy - BAR_H / 2, fmax(sw - (cum < g->amax - 0.05 ? 0.6 : 0), 0.1), BAR_H);
		const char *vt = c->value_text ? c->value_text[i * c->nseries + j] : NULL;
		if (vt == NULL || *vt == '\0')
			continue;
		double tw = text_w(p->m, DOC_REGULAR, VAL_SIZE, vt);
		if (tw + 2 * VAL_PAD <= sw - 0.6)
			pen_text(p, DOC_REGULAR, VAL_SIZE, sx + (sw - 0.6 - tw) / 2, cy - VAL_SIZE * 0.33, vt,
			    pal_lightness(col) < 55 ? 0xFFFFFFu : INK);
	}
}

static void
draw_bar(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	const struct doc_chart *c = g->c;
	double v = fmax(0, fmin(c->value[i], g->amax));
	double bw = v / g->amax * g->pw;
	if (bw > 0)
		pen_rect(p, g->px, cy - BAR_H / 2, bw, BAR_H, colour_in(p->palette, c, 0));
	const char *vt = c->value_text ? c->value_text[i] : NULL;
	if (vt && *vt)
		pen_text(p, DOC_REGULAR, VAL_SIZE, g->px + bw + 3, cy - VAL_SIZE * 0.33, vt, INK);
}

static void
draw_n(const struct pen *p, const struct geom *g, size_t i, double cy)
{
	char *s = n_text(g->c, i);
	if (s == NULL)
		return;
	double x = g->px + g->pw + GAP;
	if (g->c->type == CHART_BARS)
		x = g->x + g->w - n_width(g->c, p->m, i);
	pen_text(p, DOC_ITALIC, VAL_SIZE, x, cy - VAL_SIZE * 0.33, "n", AXIS_RGB);
	pen_text(p, DOC_REGULAR, VAL_SIZE, x + text_w(p->m, DOC_ITALIC, VAL_SIZE, "n"), cy - VAL_SIZE * 0.33, s, AXIS_RGB);
	free(s);
}

/* Vertical gridlines behind the bars, at every tick but 0. */
static void
draw_grid(const struct pen *p, const struct geom *g, double top, double yaxis)
{
	for (double t = g->step; t <= g->amax + 1e-9; t += g->step) {
		double x = g->px + t / g->amax * g->pw;
		pen_line(p, x, yaxis, 0, top - yaxis, 0.3, GRID_RGB);
	}
}

/* The x axis with ticks, tick labels and the axis label; returns its height. */
static double
draw_axis(const struct pen *p, const struct geom *g, double yaxis)
{
	pen_line(p, g->px, yaxis, g->pw, 0, 0.5, AXIS_RGB);
	for (double t = 0; t <= g->amax + 1e-9; t += g->step) {
		double x = g->px + t / g->amax * g->pw;
		pen_line(p, x, yaxis, 0, -2.5, 0.5, AXIS_RGB);
		char *s = fmt_num(t);
		double tw = text_w(p->m, DOC_REGULAR, VAL_SIZE, s);
		pen_text(p, DOC_REGULAR, VAL_SIZE, x - tw / 2, yaxis - 3.5 - VAL_SIZE * 0.8, s, INK);
		free(s);
	}
	double h = 4 + VAL_SIZE;
	const char *al = g->c->axis_label;
	if (al && *al) {
		double tw = text_w(p->m, DOC_REGULAR, VAL_SIZE, al);
		pen_text(p, DOC_REGULAR, VAL_SIZE, g->px + (g->pw - tw) / 2, yaxis - h - VAL_SIZE * 0.9, al, INK);
		h += VAL_SIZE + 3;
	}
	return h;
}

static double
legend_item_w(const struct measure *m, const char *s)
{
	return 8 + 3 + text_w(m, DOC_REGULAR, LEG_SIZE, s);
}

/* Draws the legend row of items [from, to) centred under the plot. */
static void
legend_row(const struct pen *p, const struct geom *g, size_t from, size_t to, double roww, double top)
{
	double x = fmin(g->px + (g->pw - roww) / 2, g->x + g->w - roww); /* under the plot, inside the figure */
	x = fmax(x, g->x);
	double y = baseline(top, LEG_SIZE, LEG_LEAD);
	for (size_t j = from; j < to; j++) {
		const char *s = g->c->series_label[j];
		swatch(p, g->c, j, x, y - 0.5, 8, 7);
		pen_text(p, DOC_REGULAR, LEG_SIZE, x + 11, y, s, INK);
		x += legend_item_w(p->m, s) + 12;
	}
}

/* The legend (stacked charts only), in rows that fit the width; returns its height. */
static double
draw_legend(const struct pen *p, const struct geom *g, double top)
{
	const struct doc_chart *c = g->c;
	if (c->type != CHART_STACKED || c->nseries < 2)
		return 0;
	double h = 4, roww = 0;
	size_t from = 0;
	for (size_t j = 0; j <= c->nseries; j++) {
		double iw = j < c->nseries ? legend_item_w(p->m, c->series_label[j]) : 0;
		if (j == c->nseries || (j > from && roww + 12 + iw > g->w)) {
			legend_row(p, g, from, j, roww, top - h);
			h += LEG_LEAD;
			from = j, roww = 0;
		}
		roww += (roww > 0 ? 12 : 0) + iw;
	}
	return h;
}

/* Bars, labels, axis and legend from top; returns the height. */
static double
draw_chart(const struct pen *p, const struct geom *g, double top)
{
	const struct doc_chart *c = g->c;
	double yaxis = top - plot_height(g);
	draw_grid(p, g, top, yaxis);
	double rt = top - 2;
	for (size_t i = 0; i < c->nbars; i++) {
		double cy = rt - g->pitch[i] / 2;
		draw_label(p, g, i, cy);
		if (c->type == CHART_STACKED)
			draw_segments(p, g, i, cy);
		else
			draw_bar(p, g, i, cy);
		draw_n(p, g, i, cy);
		rt -= g->pitch[i];
	}
	pen_line(p, g->px, top, 0, yaxis - top, 0.5, AXIS_RGB);
	double h = top - yaxis;
	h += draw_axis(p, g, yaxis);
	h += draw_legend(p, g, top - h);
	return h;
}

char *
chart_key(const struct doc_figure *f, const struct measure *m, double w)
{
	const struct doc_chart *c = &f->chart;
	if (c->bar_short == NULL || !use_short(c, m, 0.34 * w))
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
		h += wrapped(&q, DOC_REGULAR, NOTE_SIZE, NOTE_LEAD, x, top - 4 - h, w, part[i], faces[i]);
		free(part[i]);
		free(faces[i]);
	}
	return h > 0 ? h + 4 : 0;
}

static double
figure(const struct doc_figure *f, const struct measure *m, const struct chart_place *pl)
{
	struct pen p = {pl->bd, pl->page, pl->e_caption, m, pl->palette};
	char *cap = xasprintf("%s %d. %s", lang_cur()->figure, f->number, f->caption ? f->caption : "");
	char *faces = ts_faces_after(strlen(cap) - strlen(f->caption ? f->caption : ""), f->caption_faces);
	double h = wrapped(&p, DOC_BOLD, CAP_SIZE, CAP_LEAD, pl->x, pl->top, pl->w, cap, faces) + 6;
	free(cap);
	free(faces);
	struct geom g;
	geom_init(&g, &f->chart, m, pl->x, pl->w);
	p.elem = pl->e_figure;
	h += draw_chart(&p, &g, pl->top - h);
	geom_free(&g);
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
chart_figure_height(const struct doc_figure *f, const struct measure *m, double w)
{
	struct chart_place pl = {NULL, 0, 0, 0, w, -1, -1, -1, -1, NULL};
	return figure(f, m, &pl);
}

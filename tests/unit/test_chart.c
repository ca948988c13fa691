/* test_chart.c: unit tests for chart.c (figure drawing) with a fake monospace font. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "chart.h"
#include "doc.h"
#include "font.h"
#include "palette.h"
#include "util.h"

static double
mono_width(void *ctx, int face, double size, const char *s, size_t n)
{
	(void)ctx, (void)face;
	return 0.5 * size * (double)utf8_len(s, n);
}

static int
mono_glyph(void *ctx, int face, uint32_t cp)
{
	(void)ctx, (void)face, (void)cp;
	return 1;
}

static const struct measure mono = {NULL, mono_width, mono_glyph};

static char **
strs(size_t n, const char *const *v)
{
	char **r = xcalloc(n, sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = xstrdup(v[i]);
	return r;
}

/* A stacked figure: 3 bars x 4 series, one tiny segment per bar. */
static struct doc_figure *
stacked(void)
{
	static const char *const bars[] = {"Rådgivning", "Kurser", "Sikkerhedskonsulentordningen i kommunerne"};
	static const char *const ser[] = {"I lav grad", "I nogen grad", "I høj grad", "Ved ikke"};
	struct doc_figure *f = xcalloc(1, sizeof *f);
	f->number = 2;
	f->caption = xstrdup("Kendskab og brug");
	f->note = xstrdup("Kun respondenter, der kender SIRI.");
	f->alt = xstrdup("alt");
	struct doc_chart *c = &f->chart;
	c->type = CHART_STACKED;
	c->nbars = 3, c->nseries = 4;
	c->bar_label = strs(3, bars);
	c->series_label = strs(4, ser);
	c->bar_n = xcalloc(3, sizeof *c->bar_n);
	c->value = xcalloc(12, sizeof *c->value);
	c->value_text = xcalloc(12, sizeof *c->value_text);
	for (size_t i = 0; i < 3; i++) {
		double v[4] = {1, 39, 50, 10};
		c->bar_n[i] = 149;
		for (size_t j = 0; j < 4; j++) {
			c->value[i * 4 + j] = v[j];
			c->value_text[i * 4 + j] = xasprintf("%.0f", v[j]);
		}
	}
	c->axis_label = xstrdup("Pct.");
	c->axis_max = 100;
	return f;
}

static struct box_doc *
draw(const struct doc_figure *f, double w, double *h)
{
	struct box_doc *bd = box_doc_new();
	box_page_add(bd, 1);
	int cap = box_elem_add(bd, 0, "Caption", NULL, NULL, NULL);
	int fig = box_elem_add(bd, 0, "Figure", "alt", NULL, NULL);
	int note = box_elem_add(bd, 0, "P", NULL, NULL, NULL);
	struct chart_place pl = {bd, 0, 100, 700, w, cap, fig, note, note, NULL, NULL};
	*h = chart_figure(f, &mono, &pl);
	return bd;
}

START_TEST(height_matches_drawing)
{
	struct doc_figure *f = stacked();
	double h;
	struct box_doc *bd = draw(f, 400, &h);
	ck_assert_double_eq_tol(h, chart_figure_height(f, &mono, 400, NULL), 1e-9);
	double low = 1e9;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		double y = b->kind == BOX_TEXT ? b->y - 0.25 * b->size : b->y + (b->h < 0 ? b->h : 0);
		low = y < low ? y : low;
		ck_assert_double_le(b->x + (b->w > 0 ? b->w : 0), 500.01); /* within the width */
		ck_assert_double_ge(b->x, 99.99);
	}
	ck_assert_double_ge(low, 700 - h - 0.01);
	box_doc_free(bd);
	doc_figure_free(f);
}
END_TEST

/* The figure drawn at w: its measured height is the drawn one, every box lies
 * inside the figure's box (x 100..100+w, y below 700 and above 700 - h). */
static void
check_box(const struct doc_figure *f, double w)
{
	double h;
	struct box_doc *bd = draw(f, w, &h);
	ck_assert_double_eq_tol(h, chart_figure_height(f, &mono, w, NULL), 1e-9);
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		double lo = b->kind == BOX_TEXT ? b->y - 0.25 * b->size : b->y + (b->h < 0 ? b->h : 0);
		double hi = b->kind == BOX_TEXT ? b->y + 0.8 * b->size : b->y + (b->h > 0 ? b->h : 0);
		ck_assert_msg(lo >= 700 - h - 0.01 && hi <= 700.01, "type %d: box %zu at y %.1f..%.1f outside 700..%.1f",
		    f->chart.type, i, lo, hi, 700 - h);
		ck_assert_msg(b->x >= 99.99 && b->x + (b->w > 0 ? b->w : 0) <= 100 + w + 0.01,
		    "type %d: box %zu at x %.1f..%.1f outside the width", f->chart.type, i, b->x, b->x + b->w);
	}
	box_doc_free(bd);
}

/* Every chart type keeps the measured-height contract and its box, wide and narrow. */
START_TEST(every_type_within_its_box)
{
	static const enum doc_chart_type types[] = {CHART_STACKED, CHART_DIVERGING, CHART_GROUPED, CHART_LINE,
		CHART_BARS, CHART_COLUMNS, CHART_HISTOGRAM};
	for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
		struct doc_figure *f = stacked();
		struct doc_chart *c = &f->chart;
		c->type = types[t];
		if (c->type == CHART_BARS || c->type == CHART_COLUMNS || c->type == CHART_HISTOGRAM) {
			for (size_t i = 3; i < 12; i++)
				free(c->value_text[i]), c->value_text[i] = NULL;
			for (size_t i = 1; i < 4; i++)
				free(c->series_label[i]);
			c->nseries = 1;
		}
		if (c->type == CHART_HISTOGRAM) {
			c->edge_text = xcalloc(5, sizeof *c->edge_text);
			for (size_t k = 0; k <= 3; k++)
				c->edge_text[k] = xasprintf("1.%zu,5", 100 + 5 * k); /* wider than the margins */
			c->n_total = 12;
		}
		int upright = c->type == CHART_LINE || c->type == CHART_COLUMNS || c->type == CHART_HISTOGRAM;
		check_box(f, 400);
		check_box(f, upright ? 180 : 360); /* narrower, the long label's one word overflows a horizontal chart */
		doc_figure_free(f);
	}
}
END_TEST

/* Upright charts: the category labels under the axis never overlap, however
 * narrow the figure (wrapped, then staggered, then clipped). */
START_TEST(column_labels_never_overlap)
{
	for (double w = 120; w <= 480; w += 40) {
		struct doc_figure *f = stacked();
		f->chart.type = CHART_COLUMNS;
		double h;
		struct box_doc *bd = draw(f, w, &h);
		size_t n = bd->pages[0].n;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i + 1; j < n; j++) {
				const struct box *a = &bd->pages[0].box[i], *b = &bd->pages[0].box[j];
				if (a->kind != BOX_TEXT || b->kind != BOX_TEXT || a->size != 8.5 || b->size != 8.5 || a->elem != 2)
					continue;
				int apart = a->x + a->w <= b->x + 0.01 || b->x + b->w <= a->x + 0.01 || fabs(a->y - b->y) >= 8.5;
				ck_assert_msg(apart, "width %.0f: \"%s\" and \"%s\" overlap", w, a->text, b->text);
			}
		box_doc_free(bd);
		doc_figure_free(f);
	}
}
END_TEST

START_TEST(value_labels_inside_segments)
{
	struct doc_figure *f = stacked();
	double h;
	struct box_doc *bd = draw(f, 400, &h);
	int ones = 0, tens = 0, caps = 0, notes = 0;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->kind != BOX_TEXT)
			continue;
		ones += strcmp(b->text, "1") == 0 && b->elem == 2;
		tens += strcmp(b->text, "39") == 0;
		caps += b->elem == 1;
		notes += b->elem == 3;
		if (strcmp(b->text, "39") != 0)
			continue;
		/* the label lies inside a rect of the same bar */
		int inside = 0;
		for (size_t j = 0; j < bd->pages[0].n; j++) {
			const struct box *r = &bd->pages[0].box[j];
			if (r->kind == BOX_RECT && b->x >= r->x && b->x + b->w <= r->x + r->w && b->y > r->y && b->y < r->y + r->h) {
				inside = 1;
				ck_assert_uint_eq(b->rgb, 0x1A1A1A); /* dark text on the light segment */
			}
		}
		ck_assert(inside);
	}
	ck_assert_int_eq(ones, 0); /* the 1 % segments are too narrow for a label */
	ck_assert_int_eq(tens, 3);
	ck_assert_int_ge(caps, 1);
	ck_assert_int_ge(notes, 1);
	box_doc_free(bd);
	doc_figure_free(f);
}
END_TEST

static double
lum(uint32_t c)
{
	return 0.2126 * (c >> 16 & 255) + 0.7152 * (c >> 8 & 255) + 0.0722 * (c & 255);
}

START_TEST(palette_ordered_light_to_dark)
{
	struct doc_figure *f = stacked();
	const struct doc_chart *c = &f->chart;
	ck_assert_double_gt(lum(chart_colour(c, 0)) - lum(chart_colour(c, 1)), 25);
	ck_assert_double_gt(lum(chart_colour(c, 1)) - lum(chart_colour(c, 2)), 25);
	uint32_t na = chart_colour(c, 3); /* "Ved ikke": neutral grey */
	ck_assert_uint_eq(na >> 16 & 255, na & 255);
	for (size_t n = 1; n <= 8; n++) {
		struct doc_chart cc = *c;
		char *lab[8];
		for (size_t i = 0; i < n; i++)
			lab[i] = "x";
		cc.series_label = lab;
		cc.nseries = n;
		for (size_t i = 1; i < n; i++)
			ck_assert_double_gt(lum(chart_colour(&cc, i - 1)), lum(chart_colour(&cc, i)));
	}
	doc_figure_free(f);
}
END_TEST

/* A stacked chart of one bar with n answer series of equal share and a last "Ved ikke". */
static struct doc_figure *
stacked_n(size_t n)
{
	struct doc_figure *f = stacked();
	struct doc_chart *c = &f->chart;
	for (size_t i = 0; i < c->nseries; i++)
		free(c->series_label[i]);
	for (size_t i = 0; i < c->nbars * c->nseries; i++)
		free(c->value_text[i]);
	free(c->series_label), free(c->value), free(c->value_text);
	c->nseries = n + 1;
	c->series_label = xcalloc(n + 1, sizeof *c->series_label);
	c->value = xcalloc(c->nbars * (n + 1), sizeof *c->value);
	c->value_text = xcalloc(c->nbars * (n + 1), sizeof *c->value_text);
	for (size_t j = 0; j <= n; j++)
		c->series_label[j] = j == n ? xstrdup("Ved ikke") : xasprintf("Svar %zu", j + 1);
	for (size_t i = 0; i < c->nbars; i++)
		for (size_t j = 0; j <= n; j++)
			c->value[i * (n + 1) + j] = 100.0 / (double)(n + 1);
	return f;
}

/* Nonzero if white diagonal lines (hatching) lie over the rect r. */
static int
hatched_box(const struct box_doc *bd, const struct box *r)
{
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->kind == BOX_LINE && b->rgb == 0xFFFFFF && b->w > 0 && b->h > 0 &&
		    b->x >= r->x - 0.01 && b->x + b->w <= r->x + r->w + 0.01 && b->y >= r->y - 0.01 && b->y + b->h <= r->y + r->h + 0.01)
			return 1;
	}
	return 0;
}

/* Every chart's segments rendered in greyscale: neighbouring segments of a bar
 * differ by PAL_MIN_DL in L*, or one of the two is hatched (issue 13 defect 4). */
START_TEST(greyscale_segments_apart)
{
	double least = 1e9;
	for (size_t n = 1; n <= 12; n++) {
		struct doc_figure *f = stacked_n(n);
		double h;
		struct box_doc *bd = draw(f, 400, &h);
		const struct box *seg[64];
		size_t ns = 0;
		double top = -1;
		for (size_t i = 0; i < bd->pages[0].n && ns < 64; i++) { /* the first bar's rects, left to right */
			const struct box *b = &bd->pages[0].box[i];
			if (b->kind != BOX_RECT || b->elem != 2 || b->h < 10)
				continue;
			if (top < 0)
				top = b->y;
			if (fabs(b->y - top) < 0.01)
				seg[ns++] = b;
		}
		ck_assert_uint_eq(ns, n + 1);
		for (size_t j = 1; j < ns; j++) {
			ck_assert_double_gt(seg[j]->x, seg[j - 1]->x);
			double d = fabs(pal_lightness(pal_grey(seg[j]->rgb)) - pal_lightness(pal_grey(seg[j - 1]->rgb)));
			int hatch = hatched_box(bd, seg[j]) != hatched_box(bd, seg[j - 1]);
			ck_assert_msg(d >= PAL_MIN_DL || hatch, "%zu series: segments %zu/%zu %.1f L* apart, not hatched", n, j - 1, j, d);
			if (!hatch)
				least = fmin(least, d);
		}
		box_doc_free(bd);
		doc_figure_free(f);
	}
	fprintf(stderr, "chart: least greyscale dL* between unhatched neighbours %.1f\n", least);
}
END_TEST

START_TEST(bars_show_value_at_end)
{
	struct doc_figure *f = stacked();
	struct doc_chart *c = &f->chart;
	c->type = CHART_BARS;
	c->nseries = 1;
	c->axis_max = 60;
	c->value[0] = 50, c->value[1] = 20, c->value[2] = 5;
	free(c->value_text[0]), free(c->value_text[1]), free(c->value_text[2]);
	c->value_text[0] = xstrdup("50"), c->value_text[1] = xstrdup("20"), c->value_text[2] = xstrdup("5");
	double h;
	struct box_doc *bd = draw(f, 300, &h);
	double bar_end = 0, label_x = 0;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->kind == BOX_RECT && b->x + b->w > bar_end)
			bar_end = b->x + b->w;
		if (b->kind == BOX_TEXT && strcmp(b->text, "50") == 0 && b->x > label_x)
			label_x = b->x;
	}
	ck_assert_double_gt(label_x, bar_end);
	ck_assert_double_lt(label_x, bar_end + 6);
	c->nseries = 4; /* restore for doc_figure_free */
	box_doc_free(bd);
	doc_figure_free(f);
}
END_TEST

/* A legend row wider than the plot stays inside the figure's box. */
START_TEST(legend_inside_figure)
{
	struct doc_figure *f = stacked();
	static const char *const ser[] = {"Ja, kender men benytter ikke", "Ja, benytter sommetider",
	    "Ja, benytter ofte", "Ved ikke"};
	for (size_t j = 0; j < 4; j++) {
		free(f->chart.series_label[j]);
		f->chart.series_label[j] = xstrdup(ser[j]);
	}
	/* 4 items of ~28 chars at 8 pt: ~460 pt in one row at width 480: wider than the plot */
	struct box_doc *bd = box_doc_new();
	int pg = box_page_add(bd, 1);
	struct chart_place pl = {bd, pg, 50, 700, 480, 1, 2, 3, 3, NULL, NULL};
	chart_figure(f, &mono, &pl);
	int legend = 0;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		int is_leg = 0;
		for (size_t j = 0; j < 4; j++)
			is_leg |= b->kind == BOX_TEXT && strcmp(b->text, ser[j]) == 0;
		if (!is_leg)
			continue;
		legend++;
		ck_assert_double_ge(b->x, 50 - 0.01);
		ck_assert_double_le(b->x + b->w, 50 + 480 + 0.01);
	}
	ck_assert_int_eq(legend, 4);
	box_doc_free(bd);
	doc_figure_free(f);
}
END_TEST

Suite *chart_suite(void);
Suite *
chart_suite(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("draw");
	tcase_add_test(tc, height_matches_drawing);
	tcase_add_test(tc, every_type_within_its_box);
	tcase_add_test(tc, column_labels_never_overlap);
	tcase_add_test(tc, value_labels_inside_segments);
	tcase_add_test(tc, palette_ordered_light_to_dark);
	tcase_add_test(tc, bars_show_value_at_end);
	tcase_add_test(tc, greyscale_segments_apart);
	tcase_add_test(tc, legend_inside_figure);
	suite_add_tcase(s, tc);
	return s;
}

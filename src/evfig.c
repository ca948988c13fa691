/* evfig.c: the figure types beyond bars and stacked (layouts/README.md "Figures"):
 * their checks at registration, the shape of their data (diverging, grouped and line
 * figures reuse the stacked figure's shares; columns the bars'), and histograms of
 * number variables (bins by a documented rule, exact unweighted counts).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "evalint.h"
#include "lang.h"
#include "stat.h"

#define HIST_MAX_BINS 100 /* most bins a histogram draws */

static int
fig_err(struct pos at, char *msg)
{
	diag(M_LAY_TYPE, &at, msg);
	free(msg);
	return -1;
}

static const struct cb_var *
var_of(const struct eval *e, const struct efig *f, size_t i)
{
	return &e->cb->vars[cb_var_find(e->cb, f->vars.v[i])];
}

static int
is_excluded(const struct lay_figure *lf, const char *key)
{
	for (size_t i = 0; i < lf->nexclude; i++)
		if (strcmp(lf->exclude[i], key) == 0)
			return 1;
	return 0;
}

/* Code indices of v that a figure keeps (not excluded) into out; returns their number. */
static size_t
kept(const struct lay_figure *lf, const struct cb_var *v, size_t *out)
{
	size_t k = 0;
	for (size_t ci = 0; ci < ev_ncodes(v) && ci < v->ncodes; ci++)
		if (!is_excluded(lf, v->codes[ci].key))
			out[k++] = ci;
	return k;
}

/* Nonzero when the figure's group is the editions' variable. */
static int
by_edition(const struct eval *e, const struct efig *f)
{
	return f->group >= 0 && strcmp(e->cb->vars[f->group].name, "edition") == 0;
}

/* ---------- checks at registration ---------- */

static int
check_none(struct eval *e, struct efig *f)
{
	(void)e, (void)f;
	return 0;
}

static int
check_diverging(struct eval *e, struct efig *f)
{
	const struct cb_var *v = var_of(e, f, 0);
	const struct lay_figure *lf = f->lf;
	if (v->type != CB_SCALE)
		return fig_err(lf->show_pos, xasprintf("a diverging figure needs an ordered scale; \"%s\" is a %s "
		    "variable", v->name, cb_type_name(v->type)));
	size_t *keep = xcalloc(v->ncodes + 1, sizeof *keep), nk = kept(lf, v, keep), n = 0;
	for (size_t k = 0; k < nk; k++)
		n += !lang_is_dont_know(lang_cur(), v->codes[keep[k]].label);
	free(keep);
	if (n < 3)
		return fig_err(lf->show_pos, xasprintf("a diverging figure needs at least 3 answers besides "
		    "non-answers; \"%s\" shows %zu", v->name, n));
	return 0;
}

static int
check_line(struct eval *e, struct efig *f)
{
	const struct lay_figure *lf = f->lf;
	const struct cb_var *v = var_of(e, f, 0);
	if (!by_edition(e, f)) {
		if (lf->nshare)
			return fig_err(lf->share_pos, xstrdup("share needs a line over editions (show V by edition)"));
		if (v->type != CB_SCALE)
			return fig_err(lf->show_pos, xasprintf("a line figure's x axis is the editions (show V by "
			    "edition) or the codes of an ordered scale; \"%s\" is neither", v->name));
		return 0;
	}
	if (lf->nshare == 0 && f->vars.n > 1)
		return fig_err(lf->show_pos, xstrdup("a line over editions shows one variable, or with "
		    "\"share KEY, ...\" one line per variable"));
	for (size_t i = 0; i < lf->nshare; i++) {
		if (ev_code(e, cb_var_find(e->cb, v->name), lf->share[i], lf->share_pos) < 0)
			return -1;
		if (is_excluded(lf, lf->share[i]))
			return fig_err(lf->share_pos, xasprintf("share names \"%s\", which exclude leaves out",
			    lf->share[i]));
	}
	return 0;
}

typedef int (*check_fn)(struct eval *, struct efig *);

static const check_fn checks[LAY_CHART_N] = {
	[LAY_CHART_BARS] = check_none, [LAY_CHART_STACKED] = check_none,
	[LAY_CHART_DIVERGING] = check_diverging, [LAY_CHART_GROUPED] = check_none,
	[LAY_CHART_COLUMNS] = check_none, [LAY_CHART_LINE] = check_line,
	[LAY_CHART_HISTOGRAM] = check_none,
};

int
ev_fig_check(struct eval *e, struct efig *f)
{
	return checks[f->lf->type](e, f);
}

/* ---------- shapes ---------- */

/* Leaves out the series without answers (a group the population excludes), when
 * some series has answers. */
static void
drop_empty(struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	size_t nb = c->nbars, ns = c->nseries, k = 0;
	for (size_t s = 0; s < ns; s++)
		k += c->series_n[s] > 0;
	if (k == 0 || k == ns)
		return;
	k = 0;
	for (size_t s = 0; s < ns; s++) {
		if (c->series_n[s] <= 0) {
			free(c->series_label[s]);
			for (size_t b = 0; b < nb; b++)
				free(c->value_text[b * ns + s]);
			continue;
		}
		c->series_label[k] = c->series_label[s], c->series_n[k] = c->series_n[s];
		for (size_t b = 0; b < nb; b++) {
			size_t from = b * ns + s, to = b * ns + k; /* to <= from: compacting in place */
			c->value[to] = c->value[from], c->value_text[to] = c->value_text[from];
			f->cnt[to] = f->cnt[from], f->base[to] = f->base[from];
			f->wcnt[to] = f->wcnt[from], f->wbase[to] = f->wbase[from], f->w2base[to] = f->w2base[from];
		}
		k++;
	}
	/* the rows shrink from ns to k values: repack row by row */
	for (size_t b = 0; b < nb; b++)
		for (size_t s = 0; s < k; s++) {
			size_t from = b * ns + s, to = b * k + s;
			c->value[to] = c->value[from], c->value_text[to] = c->value_text[from];
			f->cnt[to] = f->cnt[from], f->base[to] = f->base[from];
			f->wcnt[to] = f->wcnt[from], f->wbase[to] = f->wbase[from], f->w2base[to] = f->w2base[from];
		}
	c->nseries = k;
}

/* Swaps bars and series of the computed chart (and the numbers behind it). */
static void
transpose(struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	size_t nb = c->nbars, ns = c->nseries, nv = nb * ns;
	double *val = xcalloc(nv + 1, sizeof *val);
	char **vt = xcalloc(nv + 1, sizeof *vt);
	long *cnt = xcalloc(nv + 1, sizeof *cnt), *base = xcalloc(nv + 1, sizeof *base);
	wide *wc = xcalloc(nv + 1, sizeof *wc), *wb = xcalloc(nv + 1, sizeof *wb), *w2 = xcalloc(nv + 1, sizeof *w2);
	for (size_t b = 0; b < nb; b++)
		for (size_t s = 0; s < ns; s++) {
			size_t from = b * ns + s, to = s * nb + b;
			val[to] = c->value[from], vt[to] = c->value_text[from];
			cnt[to] = f->cnt[from], base[to] = f->base[from];
			wc[to] = f->wcnt[from], wb[to] = f->wbase[from], w2[to] = f->w2base[from];
		}
	free(c->value), free(c->value_text), free(f->cnt), free(f->base), free(f->wcnt), free(f->wbase), free(f->w2base);
	c->value = val, c->value_text = vt, f->cnt = cnt, f->base = base, f->wcnt = wc, f->wbase = wb, f->w2base = w2;
	char **bl = c->bar_label;
	c->bar_label = c->series_label, c->series_label = bl;
	c->series_n = c->bar_n;
	c->bar_n = xcalloc(ns + 1, sizeof *c->bar_n);
	for (size_t s = 0; s < ns; s++)
		c->bar_n[s] = -1;
	for (size_t b = 0; b < nb; b++)
		free(c->bar_short[b]), free(f->bar_id[b]);
	free(c->bar_short), free(f->bar_id);
	c->bar_short = xcalloc(ns + 1, sizeof *c->bar_short);
	f->bar_id = xcalloc(ns + 1, sizeof *f->bar_id);
	c->nbars = ns, c->nseries = nb;
	drop_empty(f);
}

/* After transpose: the categories are the first variable's kept codes (their short
 * labels and keys), the series its groups when there is one variable. */
static void
codes_as_bars(const struct eval *e, struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	const struct cb_var *v = var_of(e, f, 0);
	size_t *keep = xcalloc(v->ncodes + 1, sizeof *keep);
	kept(f->lf, v, keep);
	for (size_t k = 0; k < c->nbars; k++) {
		const struct cb_code *cc = &v->codes[keep[k]];
		c->bar_short[k] = cc->short_label ? xstrdup(cc->short_label) : NULL;
		f->bar_id[k] = xstrdup(cc->label);
	}
	free(keep);
	if (f->group >= 0 && f->vars.n == 1) {
		const struct cb_var *g = &e->cb->vars[f->group];
		for (size_t s = 0; s < c->nseries && s < g->ncodes; s++) {
			free(c->series_label[s]);
			c->series_label[s] = xstrdup(g->codes[s].label);
		}
	}
}

static void
shape_grouped(struct eval *e, struct efig *f)
{
	transpose(f);
	codes_as_bars(e, f);
	f->df->chart.type = CHART_GROUPED;
}

static void
shape_diverging(struct eval *e, struct efig *f)
{
	(void)e;
	f->df->chart.type = CHART_DIVERGING;
}

static void
shape_columns(struct eval *e, struct efig *f)
{
	(void)e;
	f->df->chart.type = CHART_COLUMNS;
}

/* The value axis of a line: up to 100 (percentages). */
static void
line_axis(struct doc_chart *c, const char *x_label)
{
	c->type = CHART_LINE;
	c->axis_max = 100;
	free(c->x_label);
	c->x_label = x_label ? xstrdup(x_label) : NULL;
}

/* A line over editions with "share KEY, ...": one line per variable, at each edition the
 * share of the named codes (their counts summed over the bar's base). */
static void
line_shares(struct eval *e, struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	const struct lay_figure *lf = f->lf;
	const struct cb_var *v = var_of(e, f, 0), *g = &e->cb->vars[f->group];
	size_t ng = c->nbars / f->vars.n, nv = f->vars.n, ns = c->nseries;
	size_t *keep = xcalloc(v->ncodes + 1, sizeof *keep), nk = kept(lf, v, keep);
	char *pick = xcalloc(nk + 1, 1);
	for (size_t k = 0; k < nk; k++)
		for (size_t i = 0; i < lf->nshare; i++)
			pick[k] |= strcmp(v->codes[keep[k]].key, lf->share[i]) == 0;
	struct doc_chart *o = xcalloc(1, sizeof *o);
	long *cnt = xcalloc(ng * nv + 1, sizeof *cnt), *base = xcalloc(ng * nv + 1, sizeof *base);
	wide *wc = xcalloc(ng * nv + 1, sizeof *wc), *wb = xcalloc(ng * nv + 1, sizeof *wb);
	wide *w2 = xcalloc(ng * nv + 1, sizeof *w2);
	o->value = xcalloc(ng * nv + 1, sizeof *o->value);
	o->value_text = xcalloc(ng * nv + 1, sizeof *o->value_text);
	for (size_t vi = 0; vi < nv; vi++)
		for (size_t gi = 0; gi < ng; gi++) {
			size_t bar = vi * ng + gi, at = gi * nv + vi;
			for (size_t k = 0; k < nk && k < ns; k++)
				if (pick[k])
					cnt[at] += f->cnt[bar * ns + k], wc[at] += f->wcnt[bar * ns + k];
			base[at] = f->base[bar * ns], wb[at] = f->wbase[bar * ns], w2[at] = f->w2base[bar * ns];
			if (base[at] > 0 && wb[at] > 0) {
				o->value[at] = 100.0 * (double)wc[at] / (double)wb[at];
				o->value_text[at] = ev_wpct_text(wc[at], wb[at], 0);
			}
		}
	o->nbars = ng, o->nseries = nv;
	o->bar_label = xcalloc(ng + 1, sizeof *o->bar_label);
	o->bar_short = xcalloc(ng + 1, sizeof *o->bar_short);
	o->bar_n = xcalloc(ng + 1, sizeof *o->bar_n);
	char **id = xcalloc(ng + 1, sizeof *id);
	for (size_t gi = 0; gi < ng; gi++) {
		o->bar_label[gi] = xstrdup(g->codes[gi].label);
		id[gi] = xstrdup(g->codes[gi].key);
		o->bar_n[gi] = nv == 1 ? base[gi] : -1;
	}
	o->series_label = xcalloc(nv + 1, sizeof *o->series_label);
	for (size_t vi = 0; vi < nv; vi++)
		o->series_label[vi] = xstrdup(var_of(e, f, vi)->label);
	o->axis_label = c->axis_label, c->axis_label = NULL;
	for (size_t b = 0; b < c->nbars; b++)
		free(f->bar_id[b]);
	free(f->bar_id), free(f->cnt), free(f->base), free(f->wcnt), free(f->wbase), free(f->w2base);
	f->bar_id = id, f->cnt = cnt, f->base = base, f->wcnt = wc, f->wbase = wb, f->w2base = w2;
	free(pick), free(keep);
	/* the old chart's arrays */
	for (size_t b = 0; b < c->nbars; b++)
		free(c->bar_label[b]), free(c->bar_short[b]);
	free(c->bar_label), free(c->bar_short), free(c->bar_n);
	for (size_t s = 0; s < ns; s++)
		free(c->series_label[s]);
	free(c->series_label);
	for (size_t i = 0; i < c->nbars * ns; i++)
		free(c->value_text[i]);
	free(c->value), free(c->value_text);
	*c = *o;
	free(o);
	line_axis(c, lang_cur()->editions_axis);
}

static void
shape_line(struct eval *e, struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	if (by_edition(e, f) && f->lf->nshare) {
		line_shares(e, f);
		return;
	}
	if (by_edition(e, f)) { /* one variable: the bars are the editions already */
		const struct cb_var *g = &e->cb->vars[f->group];
		for (size_t b = 0; b < c->nbars && b < g->ncodes; b++) {
			free(c->bar_label[b]);
			c->bar_label[b] = xstrdup(g->codes[b].label);
			free(c->bar_short[b]);
			c->bar_short[b] = NULL;
		}
		line_axis(c, lang_cur()->editions_axis);
		return;
	}
	transpose(f);
	codes_as_bars(e, f);
	line_axis(c, var_of(e, f, 0)->label);
}

typedef void (*shape_fn)(struct eval *, struct efig *);

static const shape_fn shapes[LAY_CHART_N] = {
	[LAY_CHART_DIVERGING] = shape_diverging, [LAY_CHART_GROUPED] = shape_grouped,
	[LAY_CHART_COLUMNS] = shape_columns, [LAY_CHART_LINE] = shape_line,
};

void
ev_fig_shape(struct eval *e, struct efig *f)
{
	if (shapes[f->lf->type])
		shapes[f->lf->type](e, f);
}

/* ---------- histograms ---------- */

/* "binwidth W" in v's row units (W * 10^decimals), or 0 when W is not a whole
 * multiple of v's step. */
static long long
width_scaled(const char *w, const struct cb_var *v)
{
	long long r = 0;
	int frac = -1;
	for (const char *s = w; *s; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		if (frac >= 0 && ++frac > v->decimals) {
			if (*s != '0')
				return 0;
			continue;
		}
		r = r * 10 + (*s - '0');
	}
	for (int d = frac < 0 ? 0 : frac; d < v->decimals; d++)
		r *= 10;
	return r;
}

int
ev_hist_register(struct eval *e, struct efig *f)
{
	const struct lay_figure *lf = f->lf;
	if (ev_set_items(e, &lf->vars, NULL, &f->vars) < 0)
		return -1;
	f->group = -1;
	f->xt = xcalloc(2, sizeof *f->xt);
	if (f->vars.n != 1 || lf->by)
		return fig_err(lf->show_pos, xstrdup("a histogram shows one number variable without \"by\""));
	int v = ev_var(e, f->vars.v[0], lf->show_pos);
	if (v < 0)
		return -1;
	const struct cb_var *cv = &e->cb->vars[v];
	if (cv->type != CB_NUMBER)
		return fig_err(lf->show_pos, xasprintf("a histogram shows a number variable; \"%s\" is a %s "
		    "variable", cv->name, cb_type_name(cv->type)));
	if (lf->binwidth && width_scaled(lf->binwidth, cv) <= 0)
		return fig_err(lf->bins_pos, xasprintf("binwidth %s is not a whole multiple of the step of \"%s\" "
		    "(decimals %d)", lf->binwidth, cv->name, cv->decimals));
	int ok = 1;
	struct expr *pop = ev_parse(e, lf->pop.text, lf->pop.pos, &ok);
	ev_keep(e, pop);
	if (!ok)
		return -1;
	f->popname = ev_pop_text(e, lf->pop.text, pop);
	f->xt[0] = agg_numeric(e->agg, pop, v, -1);
	return f->xt[0] < 0 ? -1 : 0;
}

/* The width of 1, 2, 2.5 or 5 times a power of ten (a whole number of row
 * units) nearest to raw in ratio. */
static long long
nice_width(double raw)
{
	static const double mant[] = {1, 2, 2.5, 5};
	double best = 1;
	for (long long p = 1; p < 1000000000000LL; p *= 10)
		for (int i = 0; i < 4; i++) {
			double w = mant[i] * (double)p;
			if (w == floor(w) && fabs(log(w / raw)) < fabs(log(best / raw)))
				best = w;
		}
	return (long long)best;
}

/* Row value x (scaled by 10^dec) printed with pdec decimals in the language's number style. */
static char *
edge_text(long long x, int dec, int pdec)
{
	long long a = x < 0 ? -x : x, one = 1;
	for (int i = 0; i < dec; i++)
		one *= 10;
	char *ip = stat_fmt_int((long)(a / one)), *r;
	if (pdec == 0)
		r = xasprintf("%s%s", x < 0 ? lang_cur()->minus : "", ip);
	else {
		char frac[24];
		snprintf(frac, sizeof frac, "%0*lld", dec, a % one);
		frac[pdec] = '\0';
		r = xasprintf("%s%s%s%s", x < 0 ? lang_cur()->minus : "", ip, lang_cur()->decimal, frac);
	}
	free(ip);
	return r;
}

/* Decimals needed to print multiples of w (row units of a variable with dec decimals). */
static int
width_decimals(long long w, int dec)
{
	while (dec > 0 && w % 10 == 0)
		w /= 10, dec--;
	return dec;
}

static long long
floor_div(long long a, long long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Bin width in row units: binwidth as given, else an even split into at most `bins`
 * bins, else Sturges' number of bins (ceil(log2 n) + 1) rounded up to a nice width. */
static long long
hist_width(const struct lay_figure *lf, const struct cb_var *v, long lo, long hi, long n)
{
	if (lf->binwidth)
		return width_scaled(lf->binwidth, v);
	if (lf->bins)
		return ((long long)hi - lo + lf->bins) / lf->bins;
	double k = n > 1 ? ceil(log2((double)n)) + 1 : 1;
	return nice_width(fmax(1, (double)((long long)hi - lo) / k));
}

static char *
x_label_of(const struct cb_var *v)
{
	return v->unit && *v->unit ? xasprintf("%s, %s", v->label, v->unit) : xstrdup(v->label);
}

int
ev_hist_compute(struct eval *e, struct efig *f)
{
	const struct lay_figure *lf = f->lf;
	const struct cb_var *v = var_of(e, f, 0);
	size_t nb;
	const struct agg_bin *b = agg_num_bins(e->agg, f->xt[0], 0, &nb);
	long lo = nb ? b[0].value : 0, hi = nb ? b[nb - 1].value : 0, n = 0;
	for (size_t i = 0; i < nb; i++)
		n += b[i].n;
	long long w = hist_width(lf, v, lo, hi, n), start = floor_div(lo, w) * w;
	long long bins = ((long long)hi - start) / w + 1;
	if (bins > HIST_MAX_BINS) {
		char *m = xasprintf("the bins of the histogram of \"%s\" would be %lld; at most %d (a wider binwidth)",
		    v->name, bins, HIST_MAX_BINS);
		return fig_err(lf->bins ? lf->bins_pos : lf->binwidth ? lf->bins_pos : lf->show_pos, m);
	}
	struct doc_chart *c = &f->df->chart;
	ev_fig_alloc(c, (size_t)bins, 1, f);
	c->type = CHART_HISTOGRAM;
	c->series_label[0] = xstrdup(lang_cur()->respondents);
	c->axis_label = xstrdup(lf->axis ? lf->axis : lang_cur()->respondents);
	c->x_label = x_label_of(v);
	c->n_total = n;
	c->edge_text = xcalloc((size_t)bins + 2, sizeof *c->edge_text);
	int pdec = width_decimals(w, v->decimals) > width_decimals(start == 0 ? w : start, v->decimals)
	    ? width_decimals(w, v->decimals) : width_decimals(start == 0 ? w : start, v->decimals);
	for (long long k = 0; k <= bins; k++)
		c->edge_text[k] = edge_text(start + k * w, v->decimals, pdec);
	for (size_t i = 0; i < nb; i++)
		f->cnt[(b[i].value - start) / w] += b[i].n;
	for (long long k = 0; k < bins; k++) {
		c->bar_label[k] = xasprintf("%s%s%s", c->edge_text[k], lang_cur()->range_dash, c->edge_text[k + 1]);
		f->bar_id[k] = xstrdup(c->bar_label[k]);
		c->bar_n[k] = -1;
		f->base[k] = n, f->wcnt[k] = f->cnt[k], f->wbase[k] = n, f->w2base[k] = n;
		c->value[k] = (double)f->cnt[k];
		c->value_text[k] = stat_fmt_int(f->cnt[k]);
	}
	return 0;
}

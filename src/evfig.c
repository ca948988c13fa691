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
	return util_str_in(key, lf->exclude, lf->nexclude);
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

/* The values of a chart and the numbers behind them (efig's parallel arrays). */
struct nums {
	double *val;           /* the chart's values (doc_chart.value: percent or count) */
	char **vt;             /* their printed texts (doc_chart.value_text) */
	long *cnt, *base;      /* the counts behind each value (efig.cnt, base) */
	wide *wc, *wb, *w2;    /* weight sums and the base's squared-weight sums (efig.wcnt, wbase, w2base) */
};

static void
nums_alloc(struct nums *n, size_t k)
{
	n->val = xcalloc(k + 1, sizeof *n->val);
	n->vt = xcalloc(k + 1, sizeof *n->vt);
	n->cnt = xcalloc(k + 1, sizeof *n->cnt), n->base = xcalloc(k + 1, sizeof *n->base);
	n->wc = xcalloc(k + 1, sizeof *n->wc), n->wb = xcalloc(k + 1, sizeof *n->wb);
	n->w2 = xcalloc(k + 1, sizeof *n->w2);
}

/* Moves value `from` of f's chart to `to` of n (the printed text too: not copied). */
static void
nums_move(const struct efig *f, size_t from, struct nums *n, size_t to)
{
	const struct doc_chart *c = &f->df->chart;
	n->val[to] = c->value[from], n->vt[to] = c->value_text[from];
	n->cnt[to] = f->cnt[from], n->base[to] = f->base[from];
	n->wc[to] = f->wcnt[from], n->wb[to] = f->wbase[from], n->w2[to] = f->w2base[from];
}

/* Makes n f's values (the old arrays freed; their texts moved or freed before). */
static void
nums_take(struct efig *f, struct nums *n)
{
	struct doc_chart *c = &f->df->chart;
	free(c->value), free(c->value_text), free(f->cnt), free(f->base), free(f->wcnt), free(f->wbase), free(f->w2base);
	c->value = n->val, c->value_text = n->vt, f->cnt = n->cnt, f->base = n->base;
	f->wcnt = n->wc, f->wbase = n->wb, f->w2base = n->w2;
}

/* Leaves out the series without answers (a group the population excludes), when
 * some series has answers. Call after the series are labelled. */
static void
drop_empty(struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	size_t nb = c->nbars, ns = c->nseries, k = 0;
	for (size_t s = 0; s < ns; s++)
		k += c->series_n[s] > 0;
	if (k == 0 || k == ns)
		return;
	struct nums n;
	nums_alloc(&n, nb * k);
	for (size_t b = 0; b < nb; b++)
		for (size_t s = 0, j = 0; s < ns; s++)
			if (c->series_n[s] > 0)
				nums_move(f, b * ns + s, &n, b * k + j++);
			else
				free(c->value_text[b * ns + s]);
	k = 0;
	for (size_t s = 0; s < ns; s++)
		if (c->series_n[s] > 0)
			c->series_label[k] = c->series_label[s], c->series_n[k++] = c->series_n[s];
		else
			free(c->series_label[s]);
	nums_take(f, &n);
	c->nseries = k;
}

/* Swaps bars and series of the computed chart (and the numbers behind it). */
static void
transpose(struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	size_t nb = c->nbars, ns = c->nseries;
	struct nums n;
	nums_alloc(&n, nb * ns);
	for (size_t b = 0; b < nb; b++)
		for (size_t s = 0; s < ns; s++)
			nums_move(f, b * ns + s, &n, s * nb + b);
	nums_take(f, &n);
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
	drop_empty(f);
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

/* pick[k] nonzero for the kept codes of v (*nk of them) that "share" names. Caller frees. */
static char *
share_pick(const struct lay_figure *lf, const struct cb_var *v, size_t *nk)
{
	size_t *keep = xcalloc(v->ncodes + 1, sizeof *keep);
	*nk = kept(lf, v, keep);
	char *pick = xcalloc(*nk + 1, 1);
	for (size_t k = 0; k < *nk; k++)
		for (size_t i = 0; i < lf->nshare; i++)
			pick[k] |= strcmp(v->codes[keep[k]].key, lf->share[i]) == 0;
	free(keep);
	return pick;
}

/* The share of the picked codes in stacked bar `bar` (their counts over its base), into n at `at`. */
static void
share_point(const struct efig *f, const char *pick, size_t nk, size_t bar, struct nums *n, size_t at)
{
	size_t ns = f->df->chart.nseries;
	for (size_t k = 0; k < nk && k < ns; k++)
		if (pick[k])
			n->cnt[at] += f->cnt[bar * ns + k], n->wc[at] += f->wcnt[bar * ns + k];
	n->base[at] = f->base[bar * ns], n->wb[at] = f->wbase[bar * ns], n->w2[at] = f->w2base[bar * ns];
	if (n->base[at] > 0 && n->wb[at] > 0) {
		n->val[at] = 100.0 * (double)n->wc[at] / (double)n->wb[at];
		n->vt[at] = ev_wpct_text(n->wc[at], n->wb[at], 0);
	}
}

/* Relabels f's chart (values already in place) as ng editions by nv variables. */
static void
editions_by_vars(const struct eval *e, struct efig *f, size_t ng, size_t nv)
{
	struct doc_chart *c = &f->df->chart;
	const struct cb_var *g = &e->cb->vars[f->group];
	for (size_t b = 0; b < c->nbars; b++)
		free(c->bar_label[b]), free(c->bar_short[b]), free(f->bar_id[b]);
	for (size_t s = 0; s < c->nseries; s++)
		free(c->series_label[s]);
	free(c->bar_label), free(c->bar_short), free(f->bar_id), free(c->series_label), free(c->bar_n);
	c->bar_label = xcalloc(ng + 1, sizeof *c->bar_label);
	c->bar_short = xcalloc(ng + 1, sizeof *c->bar_short);
	c->bar_n = xcalloc(ng + 1, sizeof *c->bar_n);
	f->bar_id = xcalloc(ng + 1, sizeof *f->bar_id);
	for (size_t gi = 0; gi < ng; gi++) {
		c->bar_label[gi] = xstrdup(g->codes[gi].label);
		f->bar_id[gi] = xstrdup(g->codes[gi].key);
		c->bar_n[gi] = nv == 1 ? f->base[gi] : -1; /* several lines: each has its own base */
	}
	c->series_label = xcalloc(nv + 1, sizeof *c->series_label);
	for (size_t vi = 0; vi < nv; vi++)
		c->series_label[vi] = xstrdup(var_of(e, f, vi)->label);
	c->nbars = ng, c->nseries = nv;
}

/* A line over editions with "share KEY, ...": one line per variable, at each edition the
 * share of the named codes (their counts summed over the bar's base). */
static void
line_shares(struct eval *e, struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	size_t nv = f->vars.n, ng = c->nbars / nv, nk;
	char *pick = share_pick(f->lf, var_of(e, f, 0), &nk);
	struct nums n;
	nums_alloc(&n, ng * nv);
	for (size_t vi = 0; vi < nv; vi++)
		for (size_t gi = 0; gi < ng; gi++)
			share_point(f, pick, nk, vi * ng + gi, &n, gi * nv + vi);
	for (size_t i = 0; i < c->nbars * c->nseries; i++)
		free(c->value_text[i]);
	nums_take(f, &n);
	free(pick);
	editions_by_vars(e, f, ng, nv);
	line_axis(c, lang_cur()->editions_axis);
}

/* A point of a line whose base has no answers (an edition or group the
 * population leaves empty) has no value: NAN, and no printed value, so the
 * line leaves a gap there instead of a 0 that nobody answered. */
static void
line_gaps(struct efig *f)
{
	struct doc_chart *c = &f->df->chart;
	for (size_t i = 0; i < c->nbars * c->nseries; i++)
		if (f->base[i] == 0) {
			c->value[i] = NAN;
			free(c->value_text[i]);
			c->value_text[i] = NULL;
		}
}

static void
line_shape(struct eval *e, struct efig *f)
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
	line_axis(c, f->vars.n == 1 ? var_of(e, f, 0)->label : NULL);
}

static void
shape_line(struct eval *e, struct efig *f)
{
	line_shape(e, f);
	line_gaps(f);
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

/* Bin width in row units: binwidth as given, else an even split of min..max into at
 * most `bins` bins, else Sturges' number of bins (ceil(log2 n) + 1) at the nice width
 * nearest to range / bins. */
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
	long long w = hist_width(lf, v, lo, hi, n);
	long long start = lf->bins ? lo : floor_div(lo, w) * w; /* bins N: from the minimum, at most N */
	long long bins = ((long long)hi - start) / w + 1;
	if (bins > HIST_MAX_BINS) {
		char *m = xasprintf("the bins of the histogram of \"%s\" would be %lld; at most %d (a wider binwidth)",
		    v->name, bins, HIST_MAX_BINS);
		return fig_err(lf->bins || lf->binwidth ? lf->bins_pos : lf->show_pos, m);
	}
	struct doc_chart *c = &f->df->chart;
	ev_fig_alloc(c, (size_t)bins, 1, f);
	c->type = CHART_HISTOGRAM;
	c->series_label[0] = xstrdup(lang_cur()->respondents);
	c->axis_label = xstrdup(lf->axis ? lf->axis : lang_cur()->respondents);
	c->x_label = x_label_of(v);
	c->n_total = n;
	c->edge_text = xcalloc((size_t)bins + 2, sizeof *c->edge_text);
	int dw = width_decimals(w, v->decimals), ds = width_decimals(start == 0 ? w : start, v->decimals);
	int pdec = dw > ds ? dw : ds; /* decimals every edge needs */
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

/* evtab.c: figures and appendix tables of a layout: registration, computation, audit rows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "evalint.h"
#include "expr.h"
#include "collate.h"
#include "lang.h"
#include "stat.h"

/* ---------- shared helpers ---------- */

static char **
strv_copy(char *const *v, size_t n)
{
	char **r = xcalloc(n + 1, sizeof *r);
	for (size_t i = 0; i < n; i++)
		r[i] = v[i] ? xstrdup(v[i]) : NULL;
	return r;
}

static void
strv_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
coded(const struct cb_var *v)
{
	return v->type == CB_SINGLE || v->type == CB_SCALE || v->type == CB_MULTI;
}

static int
type_err(struct pos at, const char *fmt, const char *a)
{
	char *m = xasprintf(fmt, a);
	diag(M_LAY_TYPE, &at, m);
	free(m);
	return -1;
}

/* The group variable (a single variable) named by, or -1 for none; -2 after an error. */
static int
group_var(struct eval *e, const char *by, struct pos at)
{
	if (by == NULL)
		return -1;
	int g = ev_var(e, by, at);
	if (g < 0)
		return -2;
	if (e->cb->vars[g].type != CB_SINGLE)
		return type_err(at, "\"by %s\" needs a single-choice variable", by) - 1;
	return g;
}

static struct expr *
keep_parse(struct eval *e, const struct lay_src *s, int *ok)
{
	struct expr *x = ev_parse(e, s->text, s->pos, ok);
	ev_keep(e, x);
	return x;
}

/* Code indices of the keys in exclude (codes of v); -1 after an error. */
static int
excluded(const struct eval *e, int v, char *const *keys, size_t n, struct pos at, size_t **out)
{
	*out = xcalloc(n + 1, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		int ci = ev_code(e, v, keys[i], at);
		if (ci < 0)
			return -1;
		(*out)[i] = (size_t)ci;
	}
	return 0;
}

static int
in_excl(const size_t *ex, size_t n, size_t ci)
{
	for (size_t i = 0; i < n; i++)
		if (ex[i] == ci)
			return 1;
	return 0;
}

/* ---------- figures ---------- */

/* Whether a and b have the same codes: values, keys and labels in order
 * (the legend of a stacked figure is the first variable's). */
static int
same_codes(const struct cb_var *a, const struct cb_var *b)
{
	if (ev_ncodes(a) != ev_ncodes(b) || a->ncodes != b->ncodes)
		return 0;
	for (size_t i = 0; i < a->ncodes; i++)
		if (a->codes[i].value != b->codes[i].value || strcmp(a->codes[i].key, b->codes[i].key) != 0 ||
		    strcmp(a->codes[i].label, b->codes[i].label) != 0)
			return 0;
	return 1;
}

static int
fig_vars(struct eval *e, struct efig *f)
{
	const struct lay_figure *lf = f->lf;
	if (ev_set_items(e, &lf->vars, NULL, &f->vars) < 0)
		return -1;
	f->xt = xcalloc(f->vars.n + 1, sizeof *f->xt);
	const struct cb_var *first = NULL;
	for (size_t i = 0; i < f->vars.n; i++) {
		int v = ev_var(e, f->vars.v[i], lf->show_pos);
		if (v < 0)
			return -1;
		const struct cb_var *cv = &e->cb->vars[v];
		if (!coded(cv))
			return type_err(lf->show_pos, "a figure shows coded variables; \"%s\" is not", cv->name);
		if (first && !same_codes(first, cv)) {
			char *m = xasprintf("the variables of a stacked figure need one code list: \"%s\" and \"%s\" "
			    "have different codes", first->name, cv->name);
			diag(M_LAY_TYPE, &lf->show_pos, m);
			free(m);
			return -1;
		}
		first = first ? first : cv;
		f->xt[i] = v; /* variable index until registration below */
	}
	if ((lf->type == LAY_CHART_BARS || lf->type == LAY_CHART_COLUMNS) && (f->vars.n != 1 || lf->by))
		return type_err(lf->show_pos, "a %s figure shows one variable without \"by\"", lay_chart_name(lf->type));
	return 0;
}

int
ev_fig_weighted(const struct efig *f)
{
	enum lay_chart t = f->lf->type;
	return t == LAY_CHART_HISTOGRAM ? 0 : t == LAY_CHART_BARS || t == LAY_CHART_COLUMNS ? f->lf->pct : 1;
}

int
ev_fig_register(struct eval *e, const struct lay_figure *lf)
{
	struct efig *f = &e->fig[lf->number - 1];
	int ok = 1;
	f->lf = lf;
	if (lf->type == LAY_CHART_HISTOGRAM)
		return ev_hist_register(e, f);
	if (fig_vars(e, f) < 0)
		return -1;
	f->group = group_var(e, lf->by, lf->show_pos);
	struct expr *pop = keep_parse(e, &lf->pop, &ok);
	if (f->group == -2 || !ok || ev_fig_check(e, f) < 0)
		return -1;
	f->popname = ev_pop_text(e, lf->pop.text, pop);
	size_t *ex;
	int rc = excluded(e, f->xt[0], lf->exclude, lf->nexclude, lf->show_pos, &ex);
	free(ex);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < f->vars.n; i++)
		f->xt[i] = agg_xtab(e->agg, pop, f->xt[i], f->group);
	return 0;
}

/* The variable index behind figure variable i. */
static const struct cb_var *
fig_var(const struct eval *e, const struct efig *f, size_t i)
{
	return &e->cb->vars[cb_var_find(e->cb, f->vars.v[i])];
}

/* Nice axis end for bar values up to max. */
static double
axis_end(double max)
{
	static const double steps[] = {1, 2, 5};
	for (double m = 1;; m *= 10)
		for (int i = 0; i < 3; i++)
			if (steps[i] * m * 5 >= max)
				return steps[i] * m * 5;
}

void
ev_fig_alloc(struct doc_chart *c, size_t nbars, size_t nseries, struct efig *f)
{
	c->nbars = nbars;
	c->nseries = nseries;
	c->bar_label = xcalloc(nbars + 1, sizeof *c->bar_label);
	c->bar_short = xcalloc(nbars + 1, sizeof *c->bar_short);
	f->bar_id = xcalloc(nbars + 1, sizeof *f->bar_id);
	c->bar_n = xcalloc(nbars + 1, sizeof *c->bar_n);
	c->series_label = xcalloc(nseries + 1, sizeof *c->series_label);
	c->value = xcalloc(nbars * nseries + 1, sizeof *c->value);
	c->value_text = xcalloc(nbars * nseries + 1, sizeof *c->value_text);
	f->cnt = xcalloc(nbars * nseries + 1, sizeof *f->cnt);
	f->base = xcalloc(nbars * nseries + 1, sizeof *f->base);
	f->wcnt = xcalloc(nbars * nseries + 1, sizeof *f->wcnt);
	f->wbase = xcalloc(nbars * nseries + 1, sizeof *f->wbase);
	f->w2base = xcalloc(nbars * nseries + 1, sizeof *f->w2base);
}

/* Kept codes of v (not excluded); returns their number. */
static size_t
kept_codes(const struct eval *e, const struct efig *f, const struct cb_var *v, size_t *out)
{
	size_t *ex, k = 0;
	excluded(e, (int)(v - e->cb->vars), f->lf->exclude, f->lf->nexclude, f->lf->pos, &ex);
	for (size_t ci = 0; ci < ev_ncodes(v); ci++)
		if (!in_excl(ex, f->lf->nexclude, ci))
			out[k++] = ci;
	free(ex);
	return k;
}

/* 100 * cnt / base (weight sums) rounded half up to dec decimals, printed. */
char *
ev_wpct_text(wide cnt, wide base, int dec)
{
	struct rat x = ev_rat_make(cnt, base), h = ev_rat_make(100, 1);
	x = rat_mul(&x, &h);
	return ev_fmt_scaled(ev_rat_round(x, dec), dec);
}

/* The Wilson 95 % interval of a share of cnt rows of base (weighted: wc of
 * wb, w2 the base's squared weights, by Kish's n_eff) for the audit; NULL
 * for an empty base. Caller frees. */
static char *
cell_ci(const struct eval *e, long cnt, long base, wide wc, wide wb, wide w2)
{
	double x = (double)cnt, n = (double)base;
	if (agg_weighted(e->agg) && ev_kish_counts(wc, wb, w2, &x, &n) < 0)
		return NULL;
	return n > 0 ? ev_ci_text(x, n) : NULL;
}

static void
fig_bars(struct eval *e, struct efig *f, struct doc_chart *c)
{
	const struct cb_var *v = fig_var(e, f, 0);
	size_t *keep = xcalloc(ev_ncodes(v) + 1, sizeof *keep), nk = kept_codes(e, f, v, keep);
	long base = 0;
	wide wbase = 0, w2base = 0; /* the weight sums (the counts without a weight) */
	for (size_t k = 0; k < nk; k++) {
		base += agg_xtab_cell(e->agg, f->xt[0], keep[k], 0);
		wbase += agg_xtab_cell_w(e->agg, f->xt[0], keep[k], 0);
		w2base += agg_xtab_cell_w2(e->agg, f->xt[0], keep[k], 0);
	}
	ev_fig_alloc(c, nk, 1, f);
	c->type = CHART_BARS;
	c->series_label[0] = xstrdup(f->lf->pct ? lang_cur()->pct_head : lang_cur()->respondents);
	double max = 0;
	for (size_t k = 0; k < nk; k++) {
		long n = agg_xtab_cell(e->agg, f->xt[0], keep[k], 0);
		c->bar_label[k] = xstrdup(v->codes[keep[k]].label);
		c->bar_short[k] = dup_or_null(v->codes[keep[k]].short_label);
		f->bar_id[k] = xstrdup(v->codes[keep[k]].label);
		c->bar_n[k] = -1;
		f->cnt[k] = n;
		f->base[k] = base;
		f->wcnt[k] = agg_xtab_cell_w(e->agg, f->xt[0], keep[k], 0), f->wbase[k] = wbase;
		f->w2base[k] = w2base;
		if (f->lf->pct && base > 0 && wbase > 0) {
			wide wn = agg_xtab_cell_w(e->agg, f->xt[0], keep[k], 0);
			c->value[k] = 100.0 * (double)wn / (double)wbase;
			c->value_text[k] = ev_wpct_text(wn, wbase, 0);
		} else {
			c->value[k] = (double)n;
			c->value_text[k] = stat_fmt_int(n);
		}
		if (c->value[k] > max)
			max = c->value[k];
	}
	c->axis_max = f->lf->pct ? 100 : axis_end(max);
	c->axis_label = xstrdup(f->lf->axis ? f->lf->axis : f->lf->pct ? lang_cur()->pct_head : lang_cur()->respondents);
	free(keep);
}
static void
fig_bar(struct eval *e, struct efig *f, struct doc_chart *c, size_t bar, size_t vi, size_t gi,
    const size_t *keep, size_t nk)
{
	long base = 0;
	wide wbase = 0, w2base = 0; /* the weight sums (the counts without a weight) */
	for (size_t k = 0; k < nk; k++) {
		base += agg_xtab_cell(e->agg, f->xt[vi], keep[k], gi);
		wbase += agg_xtab_cell_w(e->agg, f->xt[vi], keep[k], gi);
		w2base += agg_xtab_cell_w2(e->agg, f->xt[vi], keep[k], gi);
	}
	c->bar_n[bar] = base;
	for (size_t k = 0; k < nk; k++) {
		long n = agg_xtab_cell(e->agg, f->xt[vi], keep[k], gi);
		wide wn = agg_xtab_cell_w(e->agg, f->xt[vi], keep[k], gi);
		size_t at = bar * nk + k;
		f->cnt[at] = n;
		f->base[at] = base;
		f->wcnt[at] = wn, f->wbase[at] = wbase, f->w2base[at] = w2base;
		if (base == 0 || wbase <= 0)
			continue;
		c->value[at] = 100.0 * (double)wn / (double)wbase;
		if (n > 0)
			c->value_text[at] = ev_wpct_text(wn, wbase, 0);
	}
}

static void
fig_stacked(struct eval *e, struct efig *f, struct doc_chart *c)
{
	const struct cb_var *v0 = fig_var(e, f, 0);
	const struct cb_var *g = f->group >= 0 ? &e->cb->vars[f->group] : NULL;
	size_t ng = g ? g->ncodes : 1;
	size_t *keep = xcalloc(ev_ncodes(v0) + 1, sizeof *keep), nk = kept_codes(e, f, v0, keep);
	ev_fig_alloc(c, f->vars.n * ng, nk, f);
	c->type = CHART_STACKED;
	c->axis_max = 100;
	c->axis_label = xstrdup(f->lf->axis ? f->lf->axis : lang_cur()->pct_head);
	for (size_t k = 0; k < nk; k++)
		c->series_label[k] = xstrdup(v0->codes[keep[k]].label);
	for (size_t vi = 0; vi < f->vars.n; vi++) {
		for (size_t gi = 0; gi < ng; gi++) {
			size_t bar = vi * ng + gi;
			const char *lab = fig_var(e, f, vi)->label;
			const struct cb_code *gc = g ? &g->codes[gi] : NULL;
			c->bar_label[bar] = gc ? xasprintf("%s, %s", lab, gc->label) : xstrdup(lab);
			if (gc && gc->short_label)
				c->bar_short[bar] = xasprintf("%s, %s", lab, gc->short_label);
			f->bar_id[bar] = gc ? xasprintf("%s, %s", lab, gc->key) : xstrdup(lab);
			fig_bar(e, f, c, bar, vi, gi, keep, nk);
		}
	}
	free(keep);
}

int
ev_fig_compute(struct eval *e, struct efig *f)
{
	f->df = xcalloc(1, sizeof *f->df);
	f->df->number = f->lf->number;
	f->df->narrow = f->lf->narrow;
	f->df->pos = f->lf->pos;
	f->df->label = dup_or_null(f->lf->label);
	if (f->lf->type == LAY_CHART_HISTOGRAM)
		return ev_hist_compute(e, f);
	if (f->lf->type == LAY_CHART_BARS || f->lf->type == LAY_CHART_COLUMNS)
		fig_bars(e, f, &f->df->chart);
	else
		fig_stacked(e, f, &f->df->chart);
	ev_fig_shape(e, f);
	return 0;
}

struct doc_figure *
ev_figure_copy(const struct doc_figure *f)
{
	struct doc_figure *r = xcalloc(1, sizeof *r);
	const struct doc_chart *c = &f->chart;
	size_t nv = c->nbars * c->nseries;
	*r = *f;
	r->label = dup_or_null(f->label);
	r->caption = dup_or_null(f->caption);
	r->note = dup_or_null(f->note);
	r->source = dup_or_null(f->source);
	r->alt = dup_or_null(f->alt);
	r->caption_faces = dup_or_null(f->caption_faces);
	r->note_faces = dup_or_null(f->note_faces);
	r->source_faces = dup_or_null(f->source_faces);
	r->chart.bar_label = strv_copy(c->bar_label, c->nbars);
	r->chart.bar_short = c->bar_short ? strv_copy(c->bar_short, c->nbars) : NULL;
	r->chart.bar_n = xcalloc(c->nbars + 1, sizeof *r->chart.bar_n);
	memcpy(r->chart.bar_n, c->bar_n, c->nbars * sizeof *c->bar_n);
	r->chart.series_label = strv_copy(c->series_label, c->nseries);
	r->chart.value = xcalloc(nv + 1, sizeof *r->chart.value);
	memcpy(r->chart.value, c->value, nv * sizeof *c->value);
	r->chart.value_text = strv_copy(c->value_text, nv);
	r->chart.axis_label = dup_or_null(c->axis_label);
	if (c->series_n) {
		r->chart.series_n = xcalloc(c->nseries + 1, sizeof *r->chart.series_n);
		memcpy(r->chart.series_n, c->series_n, c->nseries * sizeof *c->series_n);
	}
	r->chart.x_label = dup_or_null(c->x_label);
	r->chart.edge_text = c->edge_text ? strv_copy(c->edge_text, c->nbars + 1) : NULL;
	return r;
}

void
ev_fig_audit(struct eval *e, const struct efig *f)
{
	const struct doc_chart *c = &f->df->chart;
	for (size_t b = 0; b < c->nbars; b++) {
		for (size_t s = 0; s < c->nseries; s++) {
			size_t at = b * c->nseries + s;
			if (c->value_text[at] == NULL)
				continue;
			char *id = xasprintf("figur-%d/%s/%s", f->df->number, f->bar_id[b], c->series_label[s]);
			char *val = xasprintf("%.6f", c->value[at]);
			/* a weighted percentage rests on weight sums; the n column: the bar's rows */
			int w = e->cb->weight >= 0 && ev_fig_weighted(f);
			char *num = w ? ev_wsum_text(e, f->wcnt[at]) : xasprintf("%ld", f->cnt[at]);
			char *den = w ? ev_wsum_text(e, f->wbase[at]) : xasprintf("%ld", f->base[at]);
			ev_audit_add(e, id, c->value_text[at], val, num, den, f->popname, f->lf->pop.text, f->lf->pos);
			if (e->cb->weight >= 0) {
				char *nb = xasprintf("%ld", f->base[at]);
				ev_audit_set_n(e, nb);
				free(nb);
			}
			if (ev_fig_weighted(f)) /* a share: its interval */
				ev_audit_take_ci(e, cell_ci(e, f->cnt[at], f->base[at], f->wcnt[at], f->wbase[at], f->w2base[at]));
			free(id), free(val), free(num), free(den);
		}
	}
}

void
ev_efig_free(struct efig *f)
{
	ev_items_free(&f->vars);
	free(f->xt);
	free(f->popname);
	free(f->cnt);
	free(f->wcnt);
	free(f->wbase);
	free(f->w2base);
	free(f->base);
	if (f->df)
		strv_free(f->bar_id, f->df->chart.nbars);
	doc_figure_free(f->df);
}

/* ---------- tables: registration ---------- */

static struct erow *
row_push(struct etab *t, enum doc_row_kind kind, const char *label, const char *key)
{
	xgrow(&t->row, &t->cap, t->nrow + 1, sizeof *t->row);
	struct erow *r = &t->row[t->nrow++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->label = xstrdup(label);
	r->key = xstrdup(key);
	r->xt = r->var = -1;
	return r;
}

static int
tab_columns(struct eval *e, struct etab *t)
{
	const struct lay_table *lt = t->lt;
	t->group = group_var(e, lt->by, lt->pos);
	if (t->group == -2)
		return -1;
	const struct cb_var *g = t->group >= 0 ? &e->cb->vars[t->group] : NULL;
	size_t ng = g ? g->ncodes : 0;
	t->col = xcalloc(ng + 2, sizeof *t->col);
	for (size_t ci = 0; ci < ng; ci++) {
		int show = lt->ncolumns == 0;
		for (size_t k = 0; k < lt->ncolumns; k++)
			show |= strcmp(lt->columns[k], g->codes[ci].key) == 0;
		if (show)
			t->col[t->ncol++] = (struct ecol){ci, xstrdup(g->codes[ci].key),
			    g->codes[ci].label, g->codes[ci].short_label, NULL};
	}
	for (size_t k = 0; k < lt->ncolumns; k++)
		if (ev_code(e, t->group, lt->columns[k], lt->pos) < 0)
			return -1;
	if (lt->total || g == NULL)
		t->col[t->ncol++] = (struct ecol){ng, xstrdup(lang_cur()->total), lang_cur()->total, NULL, NULL};
	return 0;
}

static void
n_row(struct etab *t, const struct erow *like)
{
	struct erow r = *like;
	struct erow *n = row_push(t, ROW_N, "n", "n");
	char *label = n->label, *key = n->key;
	*n = r;
	n->kind = ROW_N;
	n->label = label, n->key = key;
	n->excl = r.nexcl ? xcalloc(r.nexcl, sizeof *n->excl) : NULL;
	if (r.nexcl)
		memcpy(n->excl, r.excl, r.nexcl * sizeof *r.excl);
	n->ctr = n->bctr = NULL;
	n->pop = dup_or_null(r.pop);
	if (r.bctr) {
		n->bctr = xcalloc(t->ncol, sizeof *n->bctr);
		memcpy(n->bctr, r.bctr, t->ncol * sizeof *r.bctr);
	}
}

static int
part_codes(struct eval *e, struct etab *t, const struct lay_part *pt, struct expr *pop, const char *popname)
{
	int v = ev_var(e, pt->var.text, pt->var.pos);
	if (v < 0)
		return -1;
	const struct cb_var *cv = &e->cb->vars[v];
	if (!coded(cv))
		return type_err(pt->var.pos, "\"codes\" needs a coded variable; \"%s\" is not", cv->name);
	size_t *ex;
	if (excluded(e, v, t->lt->exclude, t->lt->nexclude, t->lt->pos, &ex) < 0) {
		free(ex);
		return -1;
	}
	int xt = agg_xtab(e->agg, pop, v, t->group);
	size_t first = t->nrow;
	for (size_t ci = 0; ci < ev_ncodes(cv); ci++) {
		if (in_excl(ex, t->lt->nexclude, ci))
			continue;
		struct erow *r = row_push(t, ROW_DATA, cv->ncodes ? cv->codes[ci].label : ci ? lang_cur()->selected : lang_cur()->not_selected,
		    cv->ncodes ? cv->codes[ci].key : ci ? "1" : "0");
		r->how = CELL_XTAB, r->xt = xt, r->ci = ci, r->var = v;
		r->excl = xcalloc(t->lt->nexclude + 1, sizeof *r->excl);
		memcpy(r->excl, ex, t->lt->nexclude * sizeof *ex);
		r->nexcl = t->lt->nexclude;
		r->pop = xstrdup(popname);
	}
	free(ex);
	if (t->nrow > first)
		n_row(t, &t->row[first]);
	return 0;
}

static int
part_items(struct eval *e, struct etab *t, const struct lay_part *pt, struct expr *pop, const char *popname)
{
	struct items it = {0};
	int rc = ev_set_items(e, &pt->set, NULL, &it);
	size_t first = t->nrow;
	for (size_t i = 0; rc == 0 && i < it.n; i++) {
		int v = ev_var(e, it.v[i], pt->set.pos);
		if (v < 0 || e->cb->vars[v].type != CB_MULTI) {
			rc = v < 0 ? -1 : type_err(pt->set.pos, "\"items\" needs multi-select items; \"%s\" is not", it.v[i]);
			break;
		}
		struct erow *r = row_push(t, ROW_DATA, e->cb->vars[v].label, e->cb->vars[v].name);
		r->how = CELL_XTAB, r->var = v, r->ci = ev_selected(&e->cb->vars[v]);
		r->xt = agg_xtab(e->agg, pop, v, t->group);
		r->pop = xstrdup(popname);
	}
	ev_items_free(&it);
	if (rc == 0 && t->nrow > first)
		n_row(t, &t->row[first]);
	return rc;
}

/* Per column: the population restricted to the column's group. */
static struct expr **
col_pops(struct eval *e, struct etab *t, const struct lay_part *pt, struct expr *pop, int *ok)
{
	struct expr **cp = xcalloc(t->ncol + 1, sizeof *cp);
	const struct cb_var *g = t->group >= 0 ? &e->cb->vars[t->group] : NULL;
	for (size_t c = 0; c < t->ncol; c++) {
		if (g == NULL || t->col[c].gi == g->ncodes) {
			cp[c] = pop;
			continue;
		}
		char *txt = strcmp(pt->pop.text, "*") == 0
		    ? xasprintf("%s = %s", g->name, g->codes[t->col[c].gi].key)
		    : xasprintf("(%s) & %s = %s", pt->pop.text, g->name, g->codes[t->col[c].gi].key);
		cp[c] = ev_parse(e, txt, pt->pop.pos, ok);
		ev_keep(e, cp[c]);
		free(txt);
	}
	return cp;
}

static int
part_rows(struct eval *e, struct etab *t, const struct lay_part *pt, struct expr *pop, const char *popname)
{
	int ok = 1;
	struct expr **cp = col_pops(e, t, pt, pop, &ok);
	size_t first = t->nrow;
	for (size_t k = 0; ok && k < pt->nrow; k++) {
		struct expr *cond = keep_parse(e, &pt->row[k].cond, &ok);
		char *key = xasprintf("r%zu", k + 1);
		struct erow *r = row_push(t, pt->row[k].sum ? ROW_SUM : ROW_DATA, pt->row[k].label, key);
		free(key);
		r->how = CELL_CTR;
		r->ctr = xcalloc(t->ncol + 1, sizeof *r->ctr);
		r->bctr = xcalloc(t->ncol + 1, sizeof *r->bctr);
		for (size_t c = 0; ok && c < t->ncol; c++) {
			r->ctr[c] = agg_counter(e->agg, cp[c], cond);
			r->bctr[c] = agg_counter(e->agg, cp[c], NULL);
		}
		if (ok) { /* the whole population (shared with an "I alt" column) */
			r->tctr = agg_counter(e->agg, pop, cond);
			r->tbctr = agg_counter(e->agg, pop, NULL);
		}
		r->pop = xasprintf("%s & %s", popname, pt->row[k].cond.text);
	}
	free(cp);
	if (ok && t->nrow > first)
		n_row(t, &t->row[first]);
	return ok ? 0 : -1;
}

static int
part_index(struct eval *e, struct etab *t, const struct lay_part *pt, struct expr *pop, const char *popname)
{
	const struct lay_score *sc = ev_find_score(e, pt->score, pt->pos);
	struct items it = {0};
	int rc = sc ? ev_set_items(e, &pt->set, NULL, &it) : -1;
	for (size_t i = 0; rc == 0 && i < it.n; i++) {
		int v = ev_var(e, it.v[i], pt->set.pos);
		if (v < 0 || ev_score_check(e, sc, v, pt->pos) < 0) {
			rc = -1;
			break;
		}
		struct erow *r = row_push(t, ROW_DATA, e->cb->vars[v].label, e->cb->vars[v].name);
		r->how = CELL_INDEX, r->var = v, r->score = sc;
		r->xt = agg_xtab(e->agg, pop, v, t->group);
		r->pop = xstrdup(popname);
	}
	ev_items_free(&it);
	return rc;
}

/* summary VAR | POP: rows mean, median, lower and upper quartile (the
 * value in each column), then n (the answers). */
static int
part_summary(struct eval *e, struct etab *t, const struct lay_part *pt, struct expr *pop, const char *popname)
{
	static const struct { int label; const char *key; enum lay_fn fn; int nq; } rows[] = {
		{0, "mean", LF_NMEAN, 0}, {1, "median", LF_MEDIAN, 2},
		{2, "q1", LF_QUANTILE, 1}, {3, "q3", LF_QUANTILE, 3}, {-1, "n", LF_NUMBER, 0},
	};
	int v = ev_var(e, pt->var.text, pt->var.pos);
	if (v < 0)
		return -1;
	if (e->cb->vars[v].type != CB_NUMBER)
		return type_err(pt->var.pos, "summary needs a number variable; \"%s\" is not", e->cb->vars[v].name);
	int id = agg_numeric(e->agg, pop, v, t->group);
	for (size_t i = 0; id >= 0 && i < sizeof rows / sizeof *rows; i++) {
		char *key = xasprintf("%s.%s", e->cb->vars[v].name, rows[i].key); /* unique in the table */
		struct erow *r = row_push(t, rows[i].fn == LF_NUMBER ? ROW_N : ROW_DATA,
		    rows[i].label < 0 ? "n" : lang_cur()->summary_row[rows[i].label], key);
		free(key);
		r->how = CELL_NUM, r->var = v, r->num = id, r->nfn = rows[i].fn, r->nq = rows[i].nq;
		r->pop = xasprintf("%s%sanswered(%s)", strcmp(popname, "*") ? popname : "",
		    strcmp(popname, "*") ? " & " : "", e->cb->vars[v].name);
	}
	return id < 0 ? -1 : 0;
}

/* texts VAR | POP: a placeholder row, expanded into the answers after the
 * data pass (expand_texts). The table has one empty column: the answers
 * are grouped under headings by the table's "by" variable instead. */
static int
part_texts(struct eval *e, struct etab *t, const struct lay_part *pt, struct expr *pop, const char *popname)
{
	int v = ev_var(e, pt->var.text, pt->var.pos);
	if (v < 0)
		return -1;
	int ty = e->cb->vars[v].type;
	if (ty != CB_TEXT && !(ty == CB_MUNI && e->cb->muni_path == NULL))
		return type_err(pt->var.pos, "texts needs a text variable; \"%s\" is not", e->cb->vars[v].name);
	int id = agg_texts(e->agg, pop, v, t->group);
	if (id < 0)
		return -1;
	for (size_t c = 0; c < t->ncol; c++)
		free(t->col[c].head);
	size_t ng = t->group >= 0 ? e->cb->vars[t->group].ncodes : 0;
	t->col[0] = (struct ecol){ng, xstrdup("svar"), "", NULL, NULL};
	t->ncol = 1;
	struct erow *r = row_push(t, ROW_DATA, "", e->cb->vars[v].name);
	r->how = CELL_TEXT, r->var = v, r->num = id;
	r->pop = xstrdup(popname);
	return 0;
}

struct tx { /* an answer and its group index, for sorting */
	const char *s;
	size_t gi;
};

static int
tx_cmp(const void *a, const void *b)
{
	const struct tx *x = a, *y = b;
	if (x->gi != y->gi)
		return x->gi < y->gi ? -1 : 1;
	return coll_cmp(x->s, y->s);
}

/* Appends to rows the answers of placeholder r: per group (in code order,
 * then rows without a group) a heading and the answers sorted; a group
 * with fewer answers than the minimum base is left out, and said so. */
static void
texts_rows(struct eval *e, const struct etab *t, const struct erow *r, struct etab *out)
{
	size_t n = agg_texts_n(e->agg, r->num), hidden = 0;
	struct tx *v = xcalloc(n + 1, sizeof *v);
	for (size_t k = 0; k < n; k++)
		v[k].s = agg_text(e->agg, r->num, k, &v[k].gi);
	qsort(v, n, sizeof *v, tx_cmp);
	const struct cb_var *g = t->group >= 0 ? &e->cb->vars[t->group] : NULL;
	for (size_t a = 0, b; a < n; a = b) {
		for (b = a; b < n && v[b].gi == v[a].gi; b++)
			;
		if ((long)(b - a) < e->o.min_base) {
			hidden++;
			continue;
		}
		if (g)
			row_push(out, ROW_HEAD, v[a].gi < g->ncodes ? g->codes[v[a].gi].label : lang_cur()->no_group, "head");
		for (size_t k = a; k < b; k++)
			row_push(out, ROW_DATA, v[k].s, "svar")->how = CELL_TEXT;
	}
	if (hidden) {
		char *m = lang_fill(lang_cur()->texts_hidden, e->o.min_base);
		row_push(out, ROW_HEAD, m, "head");
		free(m);
	}
	free(v);
}

/* Replaces the placeholder rows of texts parts by their answers. */
static void
expand_texts(struct eval *e, struct etab *t)
{
	int any = 0;
	for (size_t i = 0; i < t->nrow; i++)
		any |= t->row[i].how == CELL_TEXT;
	if (!any)
		return;
	struct etab out = {0};
	for (size_t i = 0; i < t->nrow; i++) {
		struct erow *r = &t->row[i];
		if (r->how == CELL_TEXT && r->num >= 0) {
			texts_rows(e, t, r, &out);
			free(r->label), free(r->key), free(r->pop), free(r->ctr), free(r->bctr), free(r->excl);
			continue;
		}
		xgrow(&out.row, &out.cap, out.nrow + 1, sizeof *out.row);
		out.row[out.nrow++] = *r;
	}
	free(t->row);
	t->row = out.row, t->nrow = out.nrow, t->cap = out.cap;
}

/* A summary cell: the statistic of row r in group index gi, printed
 * without the unit ("–" under the minimum base); *n gets the answers. */
static char *
num_cell(struct eval *e, const struct etab *t, const struct erow *r, size_t gi, long *n)
{
	size_t nb;
	const struct agg_bin *b = agg_num_bins(e->agg, r->num, gi, &nb);
	*n = 0;
	for (size_t k = 0; k < nb; k++)
		*n += b[k].n;
	if (r->nfn == LF_NUMBER || *n < e->o.min_base)
		return xstrdup(r->nfn == LF_NUMBER ? "" : "–");
	int w = e->cb->weight;
	struct val v;
	if (ev_num_stat(&e->cb->vars[r->var], w >= 0 ? e->cb->vars[w].decimals : 0, b, nb, r->nfn,
	    ev_rat_make(r->nq, 4), &v, r->pop, t->lt->pos) < 0)
		return xstrdup("?");
	return ev_num_format(&v, 1);
}

int
ev_tab_register(struct eval *e, const struct lay_table *lt)
{
	static int (*const parts[])(struct eval *, struct etab *, const struct lay_part *, struct expr *,
	    const char *) = {[TP_CODES] = part_codes, [TP_ITEMS] = part_items, [TP_ROWS] = part_rows,
		[TP_INDEX] = part_index, [TP_SUMMARY] = part_summary, [TP_TEXTS] = part_texts};
	struct etab *t = &e->tab[lt->number - 1];
	t->lt = lt;
	if (tab_columns(e, t) < 0 || ev_tab_sig_register(e, t) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < lt->npart; i++) {
		const struct lay_part *pt = &lt->part[i];
		int ok = 1;
		e->at = pt->pos; /* where an edition's changed meaning is reported */
		struct expr *pop = keep_parse(e, &pt->pop, &ok);
		if (!ok) {
			rc = -1;
			continue;
		}
		if (pt->head)
			row_push(t, ROW_HEAD, pt->head, "head");
		char *pn = ev_pop_text(e, pt->pop.text, pop);
		if (parts[pt->kind](e, t, pt, pop, pn) < 0)
			rc = -1;
		free(pn);
	}
	return rc;
}

/* ---------- tables: computation ---------- */

/* Count and base of row r in column c. */
static void
cell_numbers(const struct eval *e, const struct etab *t, const struct erow *r, size_t c, long *cnt, long *base,
    struct rat *index)
{
	size_t gi = t->col[c].gi;
	if (r->how == CELL_CTR) {
		*cnt = r->ctr ? agg_count(e->agg, r->ctr[c]) : 0;
		*base = agg_count(e->agg, r->bctr[c]);
		return;
	}
	if (r->how == CELL_INDEX) {
		const struct cb_var *v = &e->cb->vars[r->var];
		wide s = 0;
		*base = 0;
		for (size_t ci = 0; ci < v->ncodes; ci++) {
			long w = ev_score_weight(r->score, v, ci), n = agg_xtab_cell(e->agg, r->xt, ci, gi);
			if (w != EV_NO_WEIGHT)
				s += (wide)w * n, *base += n;
		}
		*cnt = (long)s;
		*index = ev_rat_make(s, *base ? *base : 1);
		return;
	}
	*base = agg_xtab_base(e->agg, r->xt, gi);
	for (size_t k = 0; k < r->nexcl; k++)
		*base -= agg_xtab_cell(e->agg, r->xt, r->excl[k], gi);
	*cnt = r->kind == ROW_N ? *base : agg_xtab_cell(e->agg, r->xt, r->ci, gi);
}

/* The weight sums of cell_numbers' count and base (the counts themselves
 * without a weight; an index row: its weighted sum of scores and base). */
static void
cell_wnumbers(const struct eval *e, const struct etab *t, const struct erow *r, size_t c, wide *cnt, wide *base)
{
	size_t gi = t->col[c].gi;
	if (r->how == CELL_CTR) {
		*cnt = r->ctr ? agg_count_w(e->agg, r->ctr[c]) : 0;
		*base = agg_count_w(e->agg, r->bctr[c]);
		return;
	}
	if (r->how == CELL_INDEX) {
		const struct cb_var *v = &e->cb->vars[r->var];
		*cnt = *base = 0;
		for (size_t ci = 0; ci < v->ncodes; ci++) {
			long w = ev_score_weight(r->score, v, ci);
			wide n = agg_xtab_cell_w(e->agg, r->xt, ci, gi);
			if (w != EV_NO_WEIGHT)
				*cnt += (wide)w * n, *base += n;
		}
		return;
	}
	*base = agg_xtab_base_w(e->agg, r->xt, gi);
	for (size_t k = 0; k < r->nexcl; k++)
		*base -= agg_xtab_cell_w(e->agg, r->xt, r->excl[k], gi);
	*cnt = r->kind == ROW_N ? *base : agg_xtab_cell_w(e->agg, r->xt, r->ci, gi);
}

/* The squared-weight sum of cell_numbers' base (the base itself without a
 * weight; 0 for index and summary rows, which have no interval). */
static wide
cell_w2base(const struct eval *e, const struct etab *t, const struct erow *r, size_t c)
{
	size_t gi = t->col[c].gi;
	if (r->how == CELL_CTR)
		return agg_count_w2(e->agg, r->bctr[c]);
	if (r->how != CELL_XTAB)
		return 0;
	wide w2 = agg_xtab_base_w2(e->agg, r->xt, gi);
	for (size_t k = 0; k < r->nexcl; k++)
		w2 -= agg_xtab_cell_w2(e->agg, r->xt, r->excl[k], gi);
	return w2;
}

/* The numbers behind the cells fill_cells printed (doc_trow.value): NAN where a cell is not a plain number. */
static void
fill_values(const struct etab *t, size_t ri, char *const *cell, double *value)
{
	const struct erow *r = &t->row[ri];
	for (size_t c = 0; c < 2 * t->ncol; c++) {
		long cnt = t->cnt[ri * t->ncol + c / 2], base = t->base[ri * t->ncol + c / 2];
		int printed = cell[c][0] >= '0' && cell[c][0] <= '9';
		if (!printed || r->kind == ROW_HEAD || (r->how == CELL_NUM && c % 2 == 1))
			value[c] = NAN; /* a summary value is text with its decimals */
		else if (c % 2 == 0)
			value[c] = (double)(r->kind == ROW_N || r->how == CELL_INDEX ? base : cnt);
		else {
			wide wc = t->wcnt[ri * t->ncol + c / 2], wb = t->wbase[ri * t->ncol + c / 2];
			value[c] = wb ? (double)wc / (double)wb : NAN;
		}
	}
}

/* Fills the two printed cells of row ri in column c (cell[0]: count or n,
 * cell[1]: share, index or value) and records the numbers behind them. */
static void
fill_cell(struct eval *e, struct etab *t, size_t ri, size_t c, char **cell)
{
	const struct erow *r = &t->row[ri];
	size_t at = ri * t->ncol + c;
	long cnt = 0, base = 0;
	struct rat idx = ev_rat_make(0, 1);
	if (r->kind == ROW_HEAD || r->how == CELL_TEXT) {
		cell[0] = xstrdup(""), cell[1] = xstrdup("");
		return;
	}
	if (r->how == CELL_NUM) {
		cell[1] = num_cell(e, t, r, t->col[c].gi, &base);
		cell[0] = r->kind == ROW_N ? stat_fmt_int(base) : xstrdup("");
		t->cnt[at] = t->base[at] = base;
		t->wcnt[at] = t->wbase[at] = base;
		t->dashes += r->kind != ROW_N && base < e->o.min_base;
		return;
	}
	cell_numbers(e, t, r, c, &cnt, &base, &idx);
	t->cnt[at] = cnt;
	t->base[at] = base;
	wide wc, wb;
	cell_wnumbers(e, t, r, c, &wc, &wb);
	t->wcnt[at] = wc;
	t->wbase[at] = wb;
	t->w2base[at] = cell_w2base(e, t, r, c);
	int weighted = agg_weighted(e->agg) && wb > 0;
	if (weighted && r->how == CELL_INDEX)
		idx = ev_rat_make(wc, wb);
	if (r->kind == ROW_N || r->how == CELL_INDEX) {
		cell[0] = stat_fmt_int(base);
		if (r->how == CELL_INDEX && base >= e->o.min_base)
			cell[1] = ev_fmt_scaled(ev_rat_round(idx, 0), 0);
		else
			cell[1] = xstrdup(r->how == CELL_INDEX ? "–" : "");
		t->dashes += r->how == CELL_INDEX && base < e->o.min_base;
		return;
	}
	if (t->lt->suppress && cnt > 0 && cnt < e->o.min_base) {
		cell[0] = xasprintf("<%d", e->o.min_base);
		t->suppressed++;
	} else
		cell[0] = stat_fmt_int(cnt);
	if (base < e->o.min_base) {
		cell[1] = xstrdup("–");
		t->dashes++;
	} else
		cell[1] = weighted ? ev_wpct_text(wc, wb, r->kind == ROW_SUM)
		    : stat_fmt_pct((struct stat_share){cnt, base}, r->kind == ROW_SUM);
}

/* Fills row ri's printed cells (two per column) and the numbers behind them. */
static void
fill_cells(struct eval *e, struct etab *t, size_t ri, char **cell)
{
	for (size_t c = 0; c < t->ncol; c++)
		fill_cell(e, t, ri, c, cell + 2 * c);
}

int
ev_tab_compute(struct eval *e, struct etab *t)
{
	struct doc_table *d = xcalloc(1, sizeof *d);
	int index = 0, summary = 0, texts = 0;
	expand_texts(e, t);
	t->dt = d;
	d->number = t->lt->number;
	d->label = dup_or_null(t->lt->label);
	d->pos = t->lt->pos;
	d->ngroups = t->ncol + (t->chg[0] >= 0); /* and the change column */
	d->group = xcalloc(d->ngroups + 1, sizeof *d->group);
	d->group_short = xcalloc(d->ngroups + 1, sizeof *d->group_short);
	for (size_t c = 0; c < t->ncol; c++) {
		d->group[c] = xstrdup(t->col[c].label);
		d->group_short[c] = dup_or_null(t->col[c].short_label);
	}
	d->nrows = t->nrow;
	d->rows = xcalloc(t->nrow + 1, sizeof *d->rows);
	t->cnt = xcalloc(t->nrow * t->ncol + 1, sizeof *t->cnt);
	t->base = xcalloc(t->nrow * t->ncol + 1, sizeof *t->base);
	t->wcnt = xcalloc(t->nrow * t->ncol + 1, sizeof *t->wcnt);
	t->wbase = xcalloc(t->nrow * t->ncol + 1, sizeof *t->wbase);
	t->w2base = xcalloc(t->nrow * t->ncol + 1, sizeof *t->w2base);
	for (size_t i = 0; i < t->nrow; i++) {
		d->rows[i].kind = t->row[i].kind;
		d->rows[i].label = xstrdup(t->row[i].label);
		d->rows[i].cell = xcalloc(2 * d->ngroups + 1, sizeof *d->rows[i].cell);
		fill_cells(e, t, i, d->rows[i].cell);
		d->rows[i].value = xcalloc(2 * d->ngroups + 1, sizeof *d->rows[i].value);
		fill_values(t, i, d->rows[i].cell, d->rows[i].value);
		index |= t->row[i].how == CELL_INDEX;
		summary |= t->row[i].how == CELL_NUM;
		texts |= t->row[i].how == CELL_TEXT;
	}
	d->index_col = index;
	d->sub[0] = xstrdup(index || summary ? "n" : lang_cur()->count_head);
	d->sub[1] = xstrdup(summary ? lang_cur()->value_head : index ? lang_cur()->index_head : lang_cur()->pct_head);
	if (texts) /* a list of answers: no number columns to head */
		free(d->sub[0]), free(d->sub[1]), d->sub[0] = xstrdup(""), d->sub[1] = xstrdup("");
	ev_tab_sig_compute(e, t, d);
	return 0;
}

struct doc_table *
ev_table_copy(const struct doc_table *t)
{
	struct doc_table *r = xcalloc(1, sizeof *r);
	*r = *t;
	r->label = dup_or_null(t->label);
	r->title = dup_or_null(t->title);
	r->title_faces = dup_or_null(t->title_faces);
	r->note_faces = dup_or_null(t->note_faces);
	r->source_faces = dup_or_null(t->source_faces);
	r->group = strv_copy(t->group, t->ngroups);
	r->group_short = t->group_short ? strv_copy(t->group_short, t->ngroups) : NULL;
	r->sub[0] = dup_or_null(t->sub[0]);
	r->sub[1] = dup_or_null(t->sub[1]);
	r->change_sub = dup_or_null(t->change_sub);
	r->mark = dup_or_null(t->mark);
	r->change_mark = dup_or_null(t->change_mark);
	r->rows = xcalloc(t->nrows + 1, sizeof *r->rows);
	for (size_t i = 0; i < t->nrows; i++) {
		r->rows[i].kind = t->rows[i].kind;
		r->rows[i].label = xstrdup(t->rows[i].label);
		r->rows[i].cell = strv_copy(t->rows[i].cell, 2 * t->ngroups);
		if (t->rows[i].value != NULL) {
			r->rows[i].value = xcalloc(2 * t->ngroups + 1, sizeof *r->rows[i].value);
			memcpy(r->rows[i].value, t->rows[i].value, 2 * t->ngroups * sizeof *r->rows[i].value);
		}
	}
	r->note = dup_or_null(t->note);
	r->source = dup_or_null(t->source);
	return r;
}

/* The population of column c of table t, given the row's population pop:
 * "pop & edition = 2024" in a group's column, else pop. Caller frees. */
static char *
col_pop(const struct eval *e, const struct etab *t, size_t c, const char *pop)
{
	return t->group >= 0 && t->col[c].gi < e->cb->vars[t->group].ncodes
	    ? xasprintf("%s & %s = %s", pop, e->cb->vars[t->group].name, t->col[c].head)
	    : xstrdup(pop);
}

/* The audit row of the printed cell k (0: count or n; 1: share, index or
 * value) of row i in column c; nothing for an empty cell. */
static void
cell_audit(struct eval *e, const struct etab *t, size_t i, size_t c, int k)
{
	const struct doc_table *d = t->dt;
	const struct erow *r = &t->row[i];
	const char *printed = d->rows[i].cell[2 * c + k];
	if (printed[0] == '\0')
		return;
	long cnt = t->cnt[i * t->ncol + c], base = t->base[i * t->ncol + c];
	int isn = r->kind == ROW_N || (r->how == CELL_INDEX && k == 0);
	char *id = xasprintf("tabel-%d/%s/%s/%s", d->number, r->key, t->col[c].head,
	    k == 0 ? (isn ? "n" : "antal") : r->how == CELL_INDEX ? "indeks" :
	    r->how == CELL_NUM ? "vaerdi" : "pct");
	if (r->how == CELL_NUM) { /* the statistic over base answers */
		char *nb = xasprintf("%ld", base);
		char *pp = col_pop(e, t, c, r->pop);
		ev_audit_add(e, id, printed, printed, nb, "", pp, r->label, t->lt->pos);
		free(pp);
		if (e->cb->weight >= 0)
			ev_audit_set_n(e, nb);
		free(id), free(nb);
		return;
	}
	/* weighted builds: percentages and indices rest on weight sums */
	int w = k == 1 && e->cb->weight >= 0;
	wide wc = w ? t->wcnt[i * t->ncol + c] : cnt, wb = w ? t->wbase[i * t->ncol + c] : base;
	char *val = k == 0 ? xasprintf("%ld", isn ? base : cnt)
	    : xasprintf("%.6f", wb ? (r->how == CELL_INDEX ? 1.0 : 100.0) * (double)wc / (double)wb : 0.0);
	char *num = w ? ev_wsum_text(e, wc) : xasprintf("%ld", isn ? base : cnt);
	char *den = w ? ev_wsum_text(e, wb) : xasprintf("%ld", base);
	char *pop = col_pop(e, t, c, r->pop ? r->pop : "");
	ev_audit_add(e, id, printed, val, num, k == 0 && !isn ? "" : den, pop, r->label, t->lt->pos);
	if (e->cb->weight >= 0) {
		char *nb = xasprintf("%ld", base);
		ev_audit_set_n(e, nb);
		free(nb);
	}
	size_t at = i * t->ncol + c;
	if (k == 1 && !isn && r->how != CELL_INDEX && printed[0] >= '0' && printed[0] <= '9')
		ev_audit_take_ci(e, cell_ci(e, cnt, base, t->wcnt[at], t->wbase[at], t->w2base[at]));
	free(id), free(val), free(num), free(den), free(pop);
}

void
ev_tab_audit(struct eval *e, const struct etab *t)
{
	for (size_t i = 0; i < t->nrow; i++)
		for (size_t c = 0; t->row[i].kind != ROW_HEAD && c < t->ncol; c++)
			for (int k = 0; k < 2; k++)
				cell_audit(e, t, i, c, k);
}

void
ev_etab_free(struct etab *t)
{
	for (size_t c = 0; c < t->ncol; c++)
		free(t->col[c].head);
	free(t->col);
	for (size_t i = 0; i < t->nrow; i++) {
		free(t->row[i].label);
		free(t->row[i].key);
		free(t->row[i].ctr);
		free(t->row[i].bctr);
		free(t->row[i].excl);
		free(t->row[i].pop);
	}
	free(t->row);
	free(t->cnt);
	free(t->base);
	free(t->wcnt);
	free(t->wbase);
	free(t->w2base);
	free(t->mk);
	free(t->cg);
	if (t->dt) {
		struct doc_table *d = t->dt;
		for (size_t i = 0; i < d->nrows; i++) {
			free(d->rows[i].label);
			strv_free(d->rows[i].cell, 2 * d->ngroups);
			free(d->rows[i].value);
		}
		free(d->rows);
		strv_free(d->group, d->ngroups);
		strv_free(d->group_short, d->ngroups);
		free(d->label), free(d->title), free(d->sub[0]), free(d->sub[1]), free(d->note), free(d->source);
		free(d->change_sub), free(d->mark), free(d->change_mark);
		free(d);
	}
}

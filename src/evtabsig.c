/* evtabsig.c: the appendix tables' change column and significance marks (issue 14).
 *
 * `change [NEW OLD]` in a table `by edition` adds a last column group: per
 * row the change from edition OLD to NEW (without labels: the last edition
 * in layout order and the one before it) of the row's shares (percentage
 * points of the unrounded shares), indices (index points) or summary
 * statistics (the variable's unit), printed signed ("+7", "−3", "0") and,
 * for shares, followed by "†" when the two editions' shares differ at the 5 %
 * level (the test of sig(): two editions are disjoint populations).
 * `mark sig [LEVEL]` marks with "*" every share of a group column whose group
 * differs from the rest of the table's population at LEVEL (default 0.05):
 * group and rest are disjoint, so the two-sample test is valid. Both tests
 * are sig_compare's (Fisher's exact test when an expected count is under 5,
 * else the z-test with Yates' correction); a weighted build uses the z-test
 * with Kish's effective counts. A cell whose base (or the rest's) is under
 * the minimum base is not tested. Every test is an audit row; the table's
 * note states method and level (language table).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "evalint.h"
#include "lang.h"
#include "sig.h"

#define CHANGE_LEVEL 0.05 /* the level of the change column's marks, as sig() */
#define MARK "*"
#define CHANGE_MARK "\xe2\x80\xa0" /* U+2020 dagger */

static int
tab_err(struct pos at, const char *m)
{
	diag(M_LAY_TYPE, &at, m);
	return -1;
}

/* The column (index into t->col) showing the edition called label, or -1
 * after reporting. */
static int
edition_col(struct eval *e, struct etab *t, const char *label, struct pos at)
{
	int k = ev_edition_number(e, label, at);
	if (k == 0)
		return -1;
	const struct cb_code *c = cb_code_by_value(&e->cb->vars[t->group], k);
	for (size_t i = 0; c && i < t->ncol; i++)
		if (t->col[i].gi == (size_t)(c - e->cb->vars[t->group].codes))
			return (int)i;
	char *m = xasprintf("edition \"%s\" is not a column of this table (see \"columns\")", label);
	tab_err(at, m);
	free(m);
	return -1;
}

int
ev_tab_sig_register(struct eval *e, struct etab *t)
{
	const struct lay_table *lt = t->lt;
	t->chg[0] = t->chg[1] = -1;
	for (size_t i = 0; (lt->change || lt->mark > 0) && i < lt->npart; i++)
		if (lt->part[i].kind == TP_TEXTS)
			return tab_err(lt->change ? lt->change_pos : lt->mark_pos, "a table of open answers "
			    "(texts) has no numbers to compare: no \"change\" or \"mark sig\"");
	if (lt->mark > 0 && t->group < 0)
		return tab_err(lt->mark_pos, "\"mark sig\" needs a table \"by\" a group: each group's shares "
		    "are compared with the rest of the table's population");
	if (!lt->change)
		return 0;
	if (t->group < 0 || strcmp(e->cb->vars[t->group].name, "edition") != 0)
		return tab_err(lt->change_pos, "\"change\" needs a table \"by edition\" (a column per edition)");
	const struct cb_var *g = &e->cb->vars[t->group];
	if (g->ncodes < 2)
		return tab_err(lt->change_pos, "\"change\" needs two editions; the layout names one");
	if (lt->change_new == NULL) {
		int c[2] = {-1, -1}; /* the last two editions shown, newer first */
		for (size_t i = t->ncol; i-- > 0 && c[1] < 0;)
			if (t->col[i].gi < g->ncodes)
				c[c[0] < 0 ? 0 : 1] = (int)i;
		if (c[1] < 0)
			return tab_err(lt->change_pos, "\"change\" needs two editions among the table's columns");
		t->chg[0] = c[0], t->chg[1] = c[1];
		return 0;
	}
	t->chg[0] = edition_col(e, t, lt->change_new, lt->change_at[0]);
	t->chg[1] = t->chg[0] < 0 ? -1 : edition_col(e, t, lt->change_old, lt->change_at[1]);
	if (t->chg[0] >= 0 && t->chg[0] == t->chg[1])
		return tab_err(lt->change_pos, "\"change\" needs two different editions");
	return t->chg[1] < 0 ? -1 : 0;
}

/* ---------- the tests ---------- */

static int
share_row(const struct erow *r)
{
	return (r->kind == ROW_DATA || r->kind == ROW_SUM) && (r->how == CELL_XTAB || r->how == CELL_CTR);
}

/* Tests s (its c, b, wc, wb filled; w2 the bases' squared-weight sums) at level. */
static void
run_test(const struct eval *e, struct tsig *s, const wide *w2, double level)
{
	struct sig_result r = {SIG_NONE, 0, 1};
	if (s->b[0] < e->o.min_base || s->b[1] < e->o.min_base)
		return;
	s->tested = 1;
	if (agg_weighted(e->agg)) {
		int ok = ev_kish_counts(s->wc[0], s->wb[0], w2[0], &s->x[0], &s->n[0]) == 0 &&
		    ev_kish_counts(s->wc[1], s->wb[1], w2[1], &s->x[1], &s->n[1]) == 0;
		if (ok)
			sig_prop_z(s->x[0], s->n[0], s->x[1], s->n[1], &r);
	} else {
		for (int i = 0; i < 2; i++)
			s->x[i] = (double)s->c[i], s->n[i] = (double)s->b[i];
		sig_compare(s->c[0], s->b[0], s->c[1], s->b[1], &r);
	}
	s->method = (int)r.method, s->p = r.p, s->stat = r.stat;
	s->hit = r.method != SIG_NONE && r.p < level;
}

/* Count, base, their weight sums and the base's squared weights of share
 * row r over the whole population (all groups, the "I alt" column). */
static void
total_numbers(const struct eval *e, const struct etab *t, const struct erow *r, long *c, long *b, wide *wc,
    wide *wb, wide *w2)
{
	if (r->how == CELL_CTR) {
		*c = agg_count(e->agg, r->tctr), *b = agg_count(e->agg, r->tbctr);
		*wc = agg_count_w(e->agg, r->tctr), *wb = agg_count_w(e->agg, r->tbctr);
		*w2 = agg_count_w2(e->agg, r->tbctr);
		return;
	}
	size_t all = e->cb->vars[t->group].ncodes;
	*b = agg_xtab_base(e->agg, r->xt, all), *wb = agg_xtab_base_w(e->agg, r->xt, all);
	*w2 = agg_xtab_base_w2(e->agg, r->xt, all);
	for (size_t k = 0; k < r->nexcl; k++) {
		*b -= agg_xtab_cell(e->agg, r->xt, r->excl[k], all);
		*wb -= agg_xtab_cell_w(e->agg, r->xt, r->excl[k], all);
		*w2 -= agg_xtab_cell_w2(e->agg, r->xt, r->excl[k], all);
	}
	*c = agg_xtab_cell(e->agg, r->xt, r->ci, all), *wc = agg_xtab_cell_w(e->agg, r->xt, r->ci, all);
}

/* Appends mark to the printed cell *cell. */
static void
add_mark(char **cell, const char *mark)
{
	char *s = xasprintf("%s%s", *cell, mark);
	free(*cell);
	*cell = s;
}

/* `mark sig`: each group cell of share row ri against the rest. */
static void
mark_row(struct eval *e, struct etab *t, size_t ri, char **cell)
{
	const struct erow *r = &t->row[ri];
	long tc, tb;
	wide twc, twb, tw2;
	total_numbers(e, t, r, &tc, &tb, &twc, &twb, &tw2);
	for (size_t c = 0; c < t->ncol; c++) {
		size_t at = ri * t->ncol + c;
		if (t->col[c].gi >= e->cb->vars[t->group].ncodes)
			continue; /* the total is no group */
		struct tsig *s = &t->mk[at];
		s->c[0] = t->cnt[at], s->b[0] = t->base[at], s->wc[0] = t->wcnt[at], s->wb[0] = t->wbase[at];
		s->c[1] = tc - s->c[0], s->b[1] = tb - s->b[0], s->wc[1] = twc - s->wc[0], s->wb[1] = twb - s->wb[0];
		wide w2[2] = {t->w2base[at], tw2 - t->w2base[at]};
		run_test(e, s, w2, t->lt->mark);
		t->ntest[0] += s->tested;
		if (s->hit)
			add_mark(&cell[2 * c + 1], MARK);
	}
}

/* ---------- the change column ---------- */

/* d signed and rounded half away from zero to dec decimals: "+7", "−0,4", "0". */
static char *
signed_text(struct rat d, int dec, double *value)
{
	long v = ev_rat_round(d, dec);
	char *mag = ev_fmt_scaled(v < 0 ? -v : v, dec), *s;
	s = xasprintf("%s%s", v > 0 ? lang_cur()->plus : v < 0 ? lang_cur()->table_minus : "", mag);
	free(mag);
	*value = ev_rat_double(d);
	return s;
}

/* The statistic of summary row r in column c into *v; -1 when its n is under the minimum base. */
static int
num_value(struct eval *e, const struct etab *t, const struct erow *r, size_t c, struct val *v)
{
	size_t nb;
	long n = 0;
	const struct agg_bin *b = agg_num_bins(e->agg, r->num, t->col[c].gi, &nb);
	for (size_t k = 0; k < nb; k++)
		n += b[k].n;
	if (n < e->o.min_base)
		return -1;
	int w = e->cb->weight;
	return ev_num_stat(&e->cb->vars[r->var], w >= 0 ? e->cb->vars[w].decimals : 0, b, nb, r->nfn,
	    ev_rat_make(r->nq, 4), v, r->pop, t->lt->pos);
}

/* The value of row ri in column c that the change compares (a share in
 * percent, an index) with its decimals; -1 under the minimum base. */
static int
cell_value(const struct eval *e, const struct etab *t, size_t ri, size_t c, struct rat *x, int *dec)
{
	size_t at = ri * t->ncol + (size_t)c;
	const struct erow *r = &t->row[ri];
	if (t->base[at] < e->o.min_base || t->base[at] <= 0)
		return -1;
	int w = agg_weighted(e->agg) && t->wbase[at] > 0;
	struct rat v = w ? ev_rat_make(t->wcnt[at], t->wbase[at]) : ev_rat_make(t->cnt[at], t->base[at]);
	struct rat h = ev_rat_make(r->how == CELL_INDEX ? 1 : 100, 1);
	*x = rat_mul(&v, &h);
	*dec = r->kind == ROW_SUM;
	return 0;
}

/* The change cell of row ri: cell[0] empty, cell[1] the signed change. */
static void
change_row(struct eval *e, struct etab *t, size_t ri, char **cell, double *value)
{
	const struct erow *r = &t->row[ri];
	size_t cn = (size_t)t->chg[0], co = (size_t)t->chg[1];
	cell[0] = xstrdup(""), value[0] = value[1] = NAN;
	if (r->kind == ROW_HEAD || r->kind == ROW_N || r->how == CELL_TEXT) {
		cell[1] = xstrdup("");
		return;
	}
	struct rat a, b;
	int dec = 0, ok;
	if (r->how == CELL_NUM) {
		struct val va, vb;
		ok = num_value(e, t, r, cn, &va) == 0 && num_value(e, t, r, co, &vb) == 0;
		a = va.r, b = vb.r, dec = va.dec;
	} else
		ok = cell_value(e, t, ri, cn, &a, &dec) == 0 && cell_value(e, t, ri, co, &b, &dec) == 0;
	if (!ok) {
		cell[1] = xstrdup("–");
		t->dashes++;
		return;
	}
	cell[1] = signed_text(rat_sub(&a, &b), dec, &value[1]);
	if (!share_row(r))
		return;
	struct tsig *s = &t->cg[ri];
	size_t at[2] = {ri * t->ncol + cn, ri * t->ncol + co};
	for (int i = 0; i < 2; i++)
		s->c[i] = t->cnt[at[i]], s->b[i] = t->base[at[i]], s->wc[i] = t->wcnt[at[i]], s->wb[i] = t->wbase[at[i]];
	wide w2[2] = {t->w2base[at[0]], t->w2base[at[1]]};
	run_test(e, s, w2, CHANGE_LEVEL);
	t->ntest[1] += s->tested;
	if (s->hit)
		add_mark(&cell[1], CHANGE_MARK);
}

/* "Ændring 2023–2024": the change group's heading. */
static char *
change_head(const struct etab *t)
{
	const struct lang *l = lang_cur();
	return xasprintf("%s %s%s%s", l->change_head, t->col[t->chg[1]].label, l->range_dash,
	    t->col[t->chg[0]].label);
}

void
ev_tab_sig_compute(struct eval *e, struct etab *t, struct doc_table *d)
{
	int change = t->chg[0] >= 0;
	if (t->lt->mark > 0 && t->group >= 0) {
		t->mk = xcalloc(t->nrow * t->ncol + 1, sizeof *t->mk);
		d->mark = xstrdup(MARK);
	}
	for (size_t i = 0; t->mk && i < t->nrow; i++)
		if (share_row(&t->row[i]))
			mark_row(e, t, i, d->rows[i].cell);
	if (!change)
		return;
	size_t g = d->ngroups - 1;
	t->cg = xcalloc(t->nrow + 1, sizeof *t->cg);
	d->change_col = 1;
	d->change_mark = xstrdup(CHANGE_MARK);
	d->group[g] = change_head(t);
	int shares = 0;
	for (size_t i = 0; i < t->nrow; i++) {
		change_row(e, t, i, d->rows[i].cell + 2 * g, d->rows[i].value + 2 * g);
		shares |= share_row(&t->row[i]);
	}
	d->change_sub = xstrdup(shares ? lang_cur()->pp_head : lang_cur()->points_head);
}

/* ---------- audit and notes ---------- */

/* One audit row for test s: printed the mark or nothing; value as sig()'s. */
static void
audit_test(struct eval *e, const struct tsig *s, const char *id, const char *mark, double level,
    const char *pop, const char *expr, struct pos at)
{
	struct buf v = {0};
	buf_printf(&v, "%s; p=%.6g; test=%s", s->hit ? "true" : "false", s->p, sig_method_name((enum sig_method)s->method));
	if (s->method == SIG_PROP_Z)
		buf_printf(&v, "; chi2=%.6g", s->stat);
	buf_printf(&v, "; level=%g", level);
	for (int i = 0; i < 2; i++) {
		char *ci = s->n[i] > 0 ? ev_ci_text(s->x[i], s->n[i]) : NULL;
		if (ci)
			buf_printf(&v, "; ci95[%d]=%s", i + 1, ci);
		free(ci);
	}
	int w = agg_weighted(e->agg);
	char *num, *den;
	if (w) {
		char *a = ev_wsum_text(e, s->wc[0]), *b = ev_wsum_text(e, s->wc[1]);
		char *c = ev_wsum_text(e, s->wb[0]), *d = ev_wsum_text(e, s->wb[1]);
		num = xasprintf("%s; %s", a, b), den = xasprintf("%s; %s", c, d);
		free(a), free(b), free(c), free(d);
	} else
		num = xasprintf("%ld; %ld", s->c[0], s->c[1]), den = xasprintf("%ld; %ld", s->b[0], s->b[1]);
	ev_audit_add(e, id, s->hit ? mark : "", v.s, num, den, pop, expr, at);
	if (e->cb->weight >= 0) {
		char *n = xasprintf("%ld; %ld", s->b[0], s->b[1]);
		ev_audit_set_n(e, n);
		free(n);
	}
	free(num), free(den);
	buf_free(&v);
}

void
ev_tab_sig_audit(struct eval *e, const struct etab *t)
{
	const struct doc_table *d = t->dt;
	const char *gname = t->group >= 0 ? e->cb->vars[t->group].name : "";
	for (size_t i = 0; i < t->nrow; i++) {
		const struct erow *r = &t->row[i];
		for (size_t c = 0; t->mk && c < t->ncol; c++) {
			const struct tsig *s = &t->mk[i * t->ncol + c];
			if (!s->tested)
				continue;
			char *id = xasprintf("tabel-%d/%s/%s/sig", d->number, r->key, t->col[c].head);
			char *pop = xasprintf("%s & %s = %s; %s & !(%s = %s)", r->pop, gname, t->col[c].head, r->pop,
			    gname, t->col[c].head);
			audit_test(e, s, id, MARK, t->lt->mark, pop, r->label, t->lt->pos);
			free(id), free(pop);
		}
		if (t->cg == NULL || r->kind == ROW_HEAD || r->kind == ROW_N || r->how == CELL_TEXT)
			continue;
		size_t g = d->ngroups - 1;
		const char *printed = d->rows[i].cell[2 * g + 1];
		char *id = xasprintf("tabel-%d/%s/aendring", d->number, r->key);
		char *val = isnan(d->rows[i].value[2 * g + 1]) ? xstrdup("") : xasprintf("%.6f", d->rows[i].value[2 * g + 1]);
		char *pop = xasprintf("%s & %s = %s; %s & %s = %s", r->pop, gname, t->col[t->chg[0]].head, r->pop, gname,
		    t->col[t->chg[1]].head);
		ev_audit_add(e, id, printed, val, "", "", pop, r->label, t->lt->pos);
		if (t->cg[i].tested) {
			char *sid = xasprintf("%s/sig", id);
			audit_test(e, &t->cg[i], sid, CHANGE_MARK, CHANGE_LEVEL, pop, r->label, t->lt->pos);
			free(sid);
		}
		free(id), free(val), free(pop);
	}
}

/* A level as a percentage in the language's style: 0.05 -> "5", 0.001 -> "0,1". */
static char *
level_text(double level)
{
	char *s = xasprintf("%.4f", level * 100), *p = s + strlen(s);
	while (p[-1] == '0')
		*--p = '\0';
	if (p[-1] == '.')
		*--p = '\0';
	char *dot = strchr(s, '.');
	if (dot == NULL)
		return s;
	*dot = '\0';
	char *r = xasprintf("%s%s%s", s, lang_cur()->decimal, dot + 1);
	free(s);
	return r;
}

char *
ev_tab_sig_notes(const struct eval *e, const struct etab *t)
{
	const struct lang *l = lang_cur();
	const char *test = agg_weighted(e->agg) ? l->test_weighted : l->test_plain;
	struct buf b = {0};
	if (t->ntest[0] > 0) {
		char *lv = level_text(t->lt->mark);
		const char *kv[] = {"mark", MARK, "level", lv, "test", test};
		char *m = lang_subst(l->mark_note, kv, 3);
		buf_puts(&b, m);
		free(m), free(lv);
	}
	if (t->ntest[1] > 0) {
		char *lv = level_text(CHANGE_LEVEL);
		const char *kv[] = {"mark", CHANGE_MARK, "level", lv, "old", t->col[t->chg[1]].label,
			"new", t->col[t->chg[0]].label, "test", test};
		char *m = lang_subst(l->change_note, kv, 5);
		buf_printf(&b, "%s%s", b.s ? " " : "", m);
		free(m), free(lv);
	}
	return b.s ? buf_take(&b) : NULL;
}

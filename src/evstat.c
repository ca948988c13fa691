/* evstat.c: statistics of the layout: instantiation, registration, computation, formatting, audit. */
#include <limits.h>
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

/* ---------- instantiation and registration ---------- */

static struct node *inst(struct eval *e, const struct lay_stat *st, const struct env *env);

static struct node *
node_new(const struct lay_stat *st, const struct env *env)
{
	struct node *n = xcalloc(1, sizeof *n);
	n->st = st;
	n->pos = st->pos;
	n->var = n->xt = n->num = -1;
	n->ctr[0] = n->ctr[1] = n->dist[0] = n->dist[1] = -1;
	n->env = env;
	if (st->word)
		n->word = ev_subst(st->word, env);
	return n;
}

char *
ev_node_text(const struct node *n)
{
	return ev_subst_n(n->st->text ? n->st->text : "", n->st->textlen, n->env);
}

void
ev_node_free(struct node *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		ev_node_free(n->kid[i]);
	free(n->kid);
	ex_free(n->pop);
	ex_free(n->cond);
	ex_free(n->pop2);
	free(n->popname);
	free(n->word);
	for (struct env *v = n->envs, *nx; v; v = nx) {
		nx = v->next;
		free(v->val);
		free(v);
	}
	for (size_t i = 0; i < n->v.nnames; i++)
		free(n->v.names[i]);
	free(n->v.names);
	free(n);
}

static void
kid_push(struct node *n, struct node *k)
{
	n->kid = xrealloc(n->kid, (n->nkid + 1) * sizeof *n->kid);
	n->kid[n->nkid++] = k;
}

static int inst_args(struct eval *e, const struct lay_stat *st, const struct env *env, struct node *n);

/* Expands loop li of an LS_FOR argument (and the loops after it) into n's kids. */
static int
inst_for(struct eval *e, const struct lay_stat *f, size_t li, const struct env *env, struct node *n)
{
	if (li == f->nloop) {
		struct node *k = inst(e, f->arg[0], env);
		if (k == NULL)
			return -1;
		kid_push(n, k);
		return 0;
	}
	struct items it = {0};
	int rc = ev_set_items(e, &f->loop[li].set, env, &it);
	for (size_t i = 0; rc == 0 && i < it.n; i++) {
		/* kept (owned by n) for the texts of the nodes made under it */
		struct env *sub = xcalloc(1, sizeof *sub);
		*sub = (struct env){f->loop[li].var, xstrdup(it.v[i]), env, n->envs};
		n->envs = sub;
		rc = inst_for(e, f, li + 1, sub, n);
	}
	ev_items_free(&it);
	return rc;
}

static int
inst_args(struct eval *e, const struct lay_stat *st, const struct env *env, struct node *n)
{
	int rc = 0;
	for (size_t i = 0; i < st->narg; i++) {
		if (st->arg[i]->kind == LS_FOR) {
			if (inst_for(e, st->arg[i], 0, env, n) < 0)
				rc = -1;
			continue;
		}
		struct node *k = inst(e, st->arg[i], env);
		if (k == NULL)
			rc = -1;
		else
			kid_push(n, k);
	}
	return rc;
}

int
ev_edition_number(const struct eval *e, const char *label, struct pos at)
{
	size_t n = lay_neditions(e->lay);
	for (size_t i = 0; i < n && e->cb->edition; i++)
		if (strcmp(lay_edition(e->lay, i)->label, label) == 0)
			return (int)i + 1;
	struct buf b = {0};
	buf_printf(&b, "unknown edition \"%s\"", label);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : " (the editions: ", lay_edition(e->lay, i)->label);
	buf_printf(&b, "%s", n ? ")" : " (the layout's data files have no labels: data LABEL PATH)");
	diag(M_LAY_SYNTAX, &at, b.s);
	buf_free(&b);
	return 0;
}

/* `... in LABEL`: the population text t narrowed to that edition (owned),
 * or NULL after reporting. t itself parses (it was checked first). */
static char *
edition_pop(const struct eval *e, const struct lay_stat *st, const char *t)
{
	int k = ev_edition_number(e, st->edition, st->edition_pos);
	if (k == 0)
		return NULL;
	if (strcmp(t, "*") == 0)
		return xasprintf("edition = %d", k);
	return xasprintf("(%s) & edition = %d", t, k);
}

/* Parses source i of a leaf (after substitution) into *x; the population
 * (i = 1) is narrowed to the leaf's edition (`in LABEL`), if any. */
static int
leaf_expr(struct eval *e, struct node *n, int i, const struct env *env, struct expr **x)
{
	const struct lay_src *s = &n->st->src[i];
	char *t = ev_subst(s->text, env);
	int ok = 1;
	*x = ev_parse(e, t, s->pos, &ok);
	if (ok && i == 1 && n->st->edition) {
		char *t2 = edition_pop(e, n->st, t);
		ex_free(*x);
		*x = NULL;
		if (t2 == NULL) {
			free(t);
			return -1;
		}
		free(t);
		t = t2;
		*x = ev_parse(e, t, s->pos, &ok);
	}
	if (ok && i == 1)
		n->popname = ev_pop_text(e, t, *x);
	free(t);
	return ok ? 0 : -1;
}

static int
leaf_var(struct eval *e, struct node *n, const struct env *env)
{
	char *t = ev_subst(n->st->src[0].text, env);
	n->var = ev_var(e, t, n->st->src[0].pos);
	free(t);
	return n->var < 0 ? -1 : 0;
}

static int
type_error(const struct node *n, const char *fmt, const char *a, const char *b)
{
	char *m = xasprintf(fmt, a, b);
	diag(M_LAY_TYPE, &n->pos, m);
	free(m);
	return -1;
}

/* The variable must have one of the types in mask (bits of enum cb_type). */
static int
need_type(const struct eval *e, const struct node *n, unsigned mask, const char *what)
{
	const struct cb_var *v = &e->cb->vars[n->var];
	if (mask & (1u << v->type))
		return 0;
	char *m = xasprintf("%s() needs %s; \"%s\" is %s", lay_fn_name(n->st->fn), what, v->name,
	    cb_type_name(v->type));
	diag(M_LAY_TYPE, &n->pos, m);
	free(m);
	return -1;
}

#define CODED ((1u << CB_SINGLE) | (1u << CB_SCALE) | (1u << CB_MULTI))

/* The population of a cross-tab leaf as the audit shows it: the rows where
 * the variable is answered (and scored, for an index). */
static void
base_name(const struct eval *e, struct node *n)
{
	const struct cb_var *v = &e->cb->vars[n->var];
	struct buf b = {0};
	if (strcmp(n->popname, "*") != 0)
		buf_printf(&b, "%s & ", n->popname);
	if (n->score == NULL)
		buf_printf(&b, "answered(%s)", v->name);
	else {
		buf_printf(&b, "%s in {", v->name);
		for (size_t k = 0; k < n->score->n; k++)
			buf_printf(&b, "%s%s", k ? ", " : "", n->score->e[k].key);
		buf_puts(&b, "}");
	}
	free(n->popname);
	n->popname = buf_take(&b);
}

/* The types distinct() / names() accept: codes, municipalities (only with a
 * table: without one a muni variable is plain text), numbers for distinct(). */
static unsigned
distinct_types(const struct eval *e, enum lay_fn fn)
{
	unsigned m = CODED | (fn == LF_DISTINCT ? 1u << CB_NUMBER : 0);
	return e->cb->muni_path ? m | 1u << CB_MUNI : m;
}

/* number(V) of a text, number or id variable V: a counter of the rows of
 * the population that answered V. */
static int
reg_answered(struct eval *e, struct node *n)
{
	char *t = xasprintf("answered(%s)", e->cb->vars[n->var].name);
	n->cond = ex_parse(e->cb, t, n->pos, NULL, NULL);
	free(t);
	if (n->cond == NULL)
		return -1;
	n->ctr[0] = agg_counter(e->agg, n->pop, n->cond);
	base_name(e, n);
	return 0;
}

/* distinct(V) and names(V): the distinct values of V in the population (and
 * in the second one, when given). */
static int
reg_distinct(struct eval *e, struct node *n, const struct env *env)
{
	enum lay_fn fn = n->st->fn;
	if (need_type(e, n, distinct_types(e, fn), fn == LF_NAMES ?
	    "a coded variable or a muni variable with a municipality table" :
	    "a coded, number or muni variable (with a municipality table)") < 0)
		return -1;
	n->dist[0] = agg_distinct(e->agg, n->pop, n->var);
	if (n->st->src[2].text) {
		if (leaf_expr(e, n, 2, env, &n->pop2) < 0)
			return -1;
		n->dist[1] = agg_distinct(e->agg, n->pop2, n->var);
	}
	return 0;
}

/* Registers leaf n (a statistic of its population) with the engine: counters,
 * cross-tabs, distinct values or number bins by its function; -1 after reporting. */
static int
reg_leaf(struct eval *e, struct node *n, const struct env *env)
{
	enum lay_fn fn = n->st->fn;
	e->at = n->pos;
	if (leaf_expr(e, n, 1, env, &n->pop) < 0)
		return -1;
	if (fn == LF_COUNT) {
		n->ctr[0] = agg_counter(e->agg, n->pop, NULL);
		return 0;
	}
	if (fn == LF_PCT || fn == LF_PCT1) {
		if (leaf_expr(e, n, 0, env, &n->cond) < 0)
			return -1;
		n->ctr[0] = agg_counter(e->agg, n->pop, n->cond);
		n->ctr[1] = agg_counter(e->agg, n->pop, NULL);
		return 0;
	}
	if (leaf_var(e, n, env) < 0)
		return -1;
	if (ev_num_fn(fn))
		return ev_num_register(e, n);
	switch (fn) {
	case LF_SHARE:
	case LF_SHARE1:
		if (need_type(e, n, 1u << CB_MULTI, "a multi-select item") < 0)
			return -1;
		break;
	case LF_ARGMAX:
	case LF_ARGMIN:
		if (need_type(e, n, (1u << CB_SINGLE) | (1u << CB_SCALE), "a single or scale variable") < 0)
			return -1;
		break;
	case LF_INDEX:
		if (need_type(e, n, (1u << CB_SINGLE) | (1u << CB_SCALE), "a scale variable") < 0 ||
		    (n->score = ev_find_score(e, n->st->score, n->pos)) == NULL ||
		    ev_score_check(e, n->score, n->var, n->pos) < 0)
			return -1;
		break;
	case LF_NUMBER:
		if (!(CODED & (1u << e->cb->vars[n->var].type))) /* text, number, id: a counter */
			return reg_answered(e, n);
		break;
	case LF_DISTINCT:
	case LF_NAMES:
		return reg_distinct(e, n, env);
	default:
		break;
	}
	n->xt = agg_xtab(e->agg, n->pop, n->var, -1);
	base_name(e, n);
	return 0;
}

static int
is_leaf(enum lay_fn fn)
{
	return fn <= LF_ARGMIN || fn == LF_NUMBER || ev_num_fn(fn);
}

static struct node *
inst(struct eval *e, const struct lay_stat *st, const struct env *env)
{
	struct node *n = node_new(st, env);
	int rc = 0;
	if (st->kind == LS_CALL && is_leaf(st->fn))
		rc = reg_leaf(e, n, env);
	else if (st->kind == LS_FOR)
		rc = type_error(n, "\"for\" is allowed only in the arguments of a function%s%s", "", "");
	else
		rc = inst_args(e, st, env, n);
	if (rc < 0) {
		ev_node_free(n);
		return NULL;
	}
	return n;
}

struct node *
ev_inst_root(struct eval *e, const struct lay_stat *st)
{
	return st ? inst(e, st, NULL) : NULL;
}

/* ---------- computation ---------- */

static int
is_num(enum vkind k)
{
	return k == V_COUNT || k == V_SHARE || k == V_PP || k == V_INDEX || k == V_NUM;
}

static void
set_share(struct node *n, long a, long b, int dec)
{
	n->v.kind = V_SHARE;
	n->v.num = a;
	n->v.den = b;
	n->v.dec = dec;
	n->v.r = ev_rat_make((wide)100 * a, b);
}

static int empty_pop(const struct node *n);

/* A weighted build's share: the weight sums wa of wb; a, b the counts. */
static int
set_wshare(struct eval *e, struct node *n, long a, long b, wide wa, wide wb, int dec)
{
	set_share(n, a, b, dec);
	if (!agg_weighted(e->agg))
		return 0;
	if (wb <= 0)
		return empty_pop(n);
	n->v.weighted = 1;
	n->v.wnum = wa, n->v.wden = wb;
	struct rat x = ev_rat_make(wa, wb);
	struct rat h = ev_rat_make(100, 1);
	n->v.r = rat_mul(&x, &h);
	return 0;
}

static void
set_count(struct node *n, long c)
{
	n->v.kind = V_COUNT;
	n->v.num = c;
	n->v.r = ev_rat_make(c, 1);
}

/* Reports a value whose exact numerator or denominator does not fit (rat.h). */
static int
too_large(const struct node *n)
{
	char *t = ev_node_text(n);
	diag(M_AGG_TOO_LARGE, &n->pos, t, RAT_BITS);
	free(t);
	return -1;
}

static int
empty_pop(const struct node *n)
{
	char *t = n->popname ? NULL : ev_node_text(n);
	diag(M_AGG_EMPTY_POP, &n->pos, n->popname ? n->popname : t);
	free(t);
	return -1;
}

static int
c_count(struct eval *e, struct node *n)
{
	set_count(n, agg_count(e->agg, n->ctr[0]));
	return 0;
}

static int
c_pct(struct eval *e, struct node *n)
{
	long a = agg_count(e->agg, n->ctr[0]), b = agg_count(e->agg, n->ctr[1]);
	if (b == 0)
		return empty_pop(n);
	if (set_wshare(e, n, a, b, agg_count_w(e->agg, n->ctr[0]), agg_count_w(e->agg, n->ctr[1]),
	    n->st->fn == LF_PCT1) < 0)
		return -1;
	if (n->v.weighted) /* Kish's effective size of the base, for sig() */
		n->v.neff = (double)agg_count_w(e->agg, n->ctr[1]) * (double)agg_count_w(e->agg, n->ctr[1]) /
		    (double)agg_count_w2(e->agg, n->ctr[1]);
	return 0;
}

static int
c_share(struct eval *e, struct node *n)
{
	long b = agg_xtab_base(e->agg, n->xt, 0);
	if (b == 0)
		return empty_pop(n);
	size_t sel = ev_selected(&e->cb->vars[n->var]);
	long a = agg_xtab_cell(e->agg, n->xt, sel, 0);
	wide wb = agg_xtab_base_w(e->agg, n->xt, 0);
	if (set_wshare(e, n, a, b, agg_xtab_cell_w(e->agg, n->xt, sel, 0), wb, n->st->fn == LF_SHARE1) < 0)
		return -1;
	double x;
	if (n->v.weighted) /* Kish's effective size of the base, for sig() and the interval */
		ev_kish_counts(n->v.wnum, wb, agg_xtab_base_w2(e->agg, n->xt, 0), &x, &n->v.neff);
	return 0;
}

static int
c_distinct(struct eval *e, struct node *n)
{
	set_count(n, (long)agg_distinct_n(e->agg, n->dist[0]));
	return 0;
}

static int
c_number(struct eval *e, struct node *n)
{
	if (n->ctr[0] >= 0) {
		set_count(n, agg_count(e->agg, n->ctr[0]));
		return 0;
	}
	set_count(n, agg_xtab_base(e->agg, n->xt, 0));
	return 0;
}

/* The display name of value val of variable v (a municipality or a code label). */
static const char *
value_name(const struct eval *e, const struct cb_var *v, int val)
{
	if (v->type == CB_MUNI)
		return val >= 0 && (size_t)val < e->cb->nmunis ? e->cb->munis[val].name : "?";
	const struct cb_code *c = cb_code_by_value(v, val);
	return c ? c->label : "?";
}

static const struct eval *sort_e;
static int sort_order, sort_var;

static int
name_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	const struct cb_var *v = &sort_e->cb->vars[sort_var];
	int r = 0;
	if (sort_order == LAY_ORDER_NAME || sort_order == LAY_ORDER_NAME_DESC)
		r = coll_cmp(value_name(sort_e, v, x), value_name(sort_e, v, y));
	else if ((sort_order == LAY_ORDER_MENAPT || sort_order == LAY_ORDER_MENAPT_DESC) && v->type == CB_MUNI) {
		long mx = sort_e->cb->munis[x].menapt, my = sort_e->cb->munis[y].menapt;
		r = (mx > my) - (mx < my);
	}
	if (r == 0)
		r = (x > y) - (x < y);
	return sort_order == LAY_ORDER_NAME_DESC || sort_order == LAY_ORDER_MENAPT_DESC ? -r : r;
}

static int
c_names(struct eval *e, struct node *n)
{
	size_t na = agg_distinct_n(e->agg, n->dist[0]);
	const int *a = agg_distinct_values(e->agg, n->dist[0]);
	int *keep = xcalloc(na + 1, sizeof *keep);
	size_t k = 0;
	for (size_t i = 0; i < na; i++) {
		int drop = 0;
		if (n->dist[1] >= 0) {
			size_t nb = agg_distinct_n(e->agg, n->dist[1]);
			const int *b = agg_distinct_values(e->agg, n->dist[1]);
			for (size_t j = 0; j < nb && !drop; j++)
				drop = b[j] == a[i];
		}
		if (!drop)
			keep[k++] = a[i];
	}
	sort_e = e, sort_order = n->st->order, sort_var = n->var;
	qsort(keep, k, sizeof *keep, name_cmp);
	n->v.kind = V_NAMES;
	n->v.names = xcalloc(k + 1, sizeof *n->v.names);
	for (size_t i = 0; i < k; i++)
		n->v.names[i] = xstrdup(value_name(e, &e->cb->vars[n->var], keep[i]));
	n->v.nnames = k;
	n->v.num = (long)k;
	free(keep);
	return 0;
}

/* A weighted build's index: the weight sums instead of the counts. */
static int
index_weighted(struct eval *e, struct node *n, const struct cb_var *v)
{
	wide s = 0, base = 0;
	for (size_t ci = 0; ci < v->ncodes; ci++) {
		long w = ev_score_weight(n->score, v, ci);
		wide c = agg_xtab_cell_w(e->agg, n->xt, ci, 0);
		if (w != EV_NO_WEIGHT && (__builtin_mul_overflow(c, (wide)w, &c) ||
		    __builtin_add_overflow(s, c, &s) ||
		    __builtin_add_overflow(base, agg_xtab_cell_w(e->agg, n->xt, ci, 0), &base)))
			return too_large(n);
	}
	if (base <= 0)
		return empty_pop(n);
	n->v.weighted = 1;
	n->v.wnum = s, n->v.wden = base;
	n->v.r = ev_rat_make(s, base);
	return 0;
}

static int
c_index(struct eval *e, struct node *n)
{
	const struct cb_var *v = &e->cb->vars[n->var];
	/* |weights| <= LAY_MAX_WEIGHT (< 2^20) and counts < 2^63, so each product
	 * is < 2^83 in magnitude and a sum over fewer than 2^31 codes < 2^114:
	 * s cannot overflow. base counts each row at most once. */
	wide s = 0;
	long base = 0;
	for (size_t ci = 0; ci < v->ncodes; ci++) {
		long w = ev_score_weight(n->score, v, ci), c = agg_xtab_cell(e->agg, n->xt, ci, 0);
		if (w != EV_NO_WEIGHT)
			s += (wide)w * c, base += c;
	}
	if (base == 0)
		return empty_pop(n);
	if (s > LONG_MAX || s < -LONG_MAX)
		return too_large(n);
	n->v.kind = V_INDEX;
	n->v.r = ev_rat_make(s, base);
	n->v.num = (long)s;
	n->v.den = base;
	return agg_weighted(e->agg) ? index_weighted(e, n, v) : 0;
}

static int
c_argmax(struct eval *e, struct node *n)
{
	const struct cb_var *v = &e->cb->vars[n->var];
	long best = -1;
	size_t bi = 0;
	int max = n->st->fn == LF_ARGMAX;
	wide bw = -1; /* weighted builds compare weight sums */
	for (size_t ci = 0; ci < v->ncodes; ci++) {
		long c = agg_xtab_cell(e->agg, n->xt, ci, 0);
		wide cw = agg_xtab_cell_w(e->agg, n->xt, ci, 0);
		if (bw < 0 || (max ? cw > bw : cw < bw))
			best = c, bi = ci, bw = cw;
	}
	if (v->ncodes == 0 || agg_xtab_base(e->agg, n->xt, 0) == 0)
		return empty_pop(n);
	n->v.kind = V_NAME;
	n->v.key = v->codes[bi].key;
	n->v.label = v->codes[bi].label;
	n->v.num = best;
	n->v.den = agg_xtab_base(e->agg, n->xt, 0);
	return 0;
}

static int
need_num(const struct node *n, size_t lo)
{
	for (size_t i = lo; i < n->nkid; i++)
		if (!is_num(n->kid[i]->v.kind))
			return type_error(n, "%s() needs numbers, not a %s", lay_fn_name(n->st->fn),
			    n->kid[i]->v.kind == V_BOOL ? "truth value" : "name or list");
	return 0;
}

static int
need_count(const struct node *n, size_t k)
{
	if (n->nkid == k)
		return 0;
	char *m = xasprintf("%s() takes %zu argument%s, not %zu", lay_fn_name(n->st->fn), k, k == 1 ? "" : "s",
	    n->nkid);
	diag(M_LAY_TYPE, &n->pos, m);
	free(m);
	return -1;
}

static int
c_diff(struct eval *e, struct node *n)
{
	(void)e;
	if (need_count(n, 2) < 0 || need_num(n, 0) < 0)
		return -1;
	const struct val *a = &n->kid[0]->v, *b = &n->kid[1]->v;
	n->v.kind = a->kind == V_SHARE ? V_PP : a->kind;
	n->v.dec = a->dec, n->v.unit = a->unit;
	n->v.r = rat_sub(&a->r, &b->r);
	return 0;
}

static int
c_mean(struct eval *e, struct node *n)
{
	(void)e;
	if (need_num(n, 0) < 0)
		return -1;
	if (n->nkid == 0)
		return type_error(n, "mean() needs at least one value%s%s", "", "");
	struct rat s = rat_make(0, 1);
	for (size_t i = 0; i < n->nkid; i++) {
		s = rat_add(&s, &n->kid[i]->v.r);
		if (n->kid[i]->v.dec > n->v.dec)
			n->v.dec = n->kid[i]->v.dec;
	}
	n->v.kind = n->kid[0]->v.kind;
	n->v.unit = n->kid[0]->v.unit;
	n->v.r = rat_div_int(&s, (long)n->nkid);
	return 0;
}

/* Index of the smallest (max=0) or largest kid from lo on; ties: the first. */
static size_t
pick(const struct node *n, size_t lo, int max)
{
	size_t b = lo;
	for (size_t i = lo + 1; i < n->nkid; i++) {
		int c = ev_rat_cmp(n->kid[i]->v.r, n->kid[b]->v.r);
		if (max ? c > 0 : c < 0)
			b = i;
	}
	return b;
}

static int
c_minmax(struct eval *e, struct node *n)
{
	(void)e;
	if (need_num(n, 0) < 0)
		return -1;
	const struct node *k = n->kid[pick(n, 0, n->st->fn == LF_MAX)];
	n->v = k->v;
	n->v.names = NULL, n->v.nnames = 0;
	n->v.lo = k;
	return 0;
}

static int
c_range(struct eval *e, struct node *n)
{
	(void)e;
	if (need_num(n, 0) < 0)
		return -1;
	n->v.kind = V_RANGE;
	n->v.sub = n->kid[0]->v.kind;
	for (size_t i = 1; i < n->nkid; i++)
		if (n->kid[i]->v.kind != n->v.sub)
			return type_error(n, "range() needs values of one kind%s%s", "", "");
	n->v.lo = n->kid[pick(n, 0, 0)];
	n->v.hi = n->kid[pick(n, 0, 1)];
	n->v.dec = n->v.lo->v.dec;
	return 0;
}

/* The fraction p/q (q in 2..5, 0 < p < q) nearest to share r (in percent);
 * ties go to the smaller q, then the smaller p (as stat_fraction). Exact. */
static void
nearest_fraction(const struct rat *r, int *p, int *q)
{
	struct rat best = rat_make(0, 1);
	*p = 1, *q = 2;
	for (int cq = 2; cq <= 5; cq++) {
		for (int cp = 1; cp < cq; cp++) {
			struct rat f = rat_make((wide)100 * cp, cq), d = rat_sub(r, &f);
			d = rat_abs(&d);
			if ((cq == 2 && cp == 1) || rat_cmp(&d, &best) < 0)
				best = d, *p = cp, *q = cq;
		}
	}
}

static int
c_frac(struct eval *e, struct node *n)
{
	(void)e;
	for (size_t i = 0; i < n->nkid; i++) {
		if (n->kid[i]->v.kind != V_SHARE)
			return type_error(n, "frac() needs shares (pct or share)%s%s", "", "");
		int p, q;
		nearest_fraction(&n->kid[i]->v.r, &p, &q);
		if (i > 0 && (p != n->v.p || q != n->v.q)) {
			char *t = ev_node_text(n);
			char *m = xasprintf("the shares of %s are nearest to different fractions", t);
			free(t);
			diag(M_AGG_ASSERT, &n->pos, m);
			free(m);
			return -1;
		}
		n->v.p = p, n->v.q = q;
	}
	n->v.kind = V_FRAC;
	n->v.r = n->kid[0]->v.r;
	return 0;
}

static int
c_rank(struct eval *e, struct node *n)
{
	(void)e;
	if (n->nkid < 2 || need_num(n, 0) < 0)
		return n->nkid < 2 ? type_error(n, "rank() needs a value and a list%s%s", "", "") : -1;
	long r = 1;
	for (size_t i = 1; i < n->nkid; i++)
		if (ev_rat_cmp(n->kid[i]->v.r, n->kid[0]->v.r) > 0)
			r++;
	set_count(n, r);
	return 0;
}

static int
c_allany(struct eval *e, struct node *n)
{
	(void)e;
	int all = n->st->fn == LF_ALL, t = all;
	for (size_t i = 0; i < n->nkid; i++) {
		if (n->kid[i]->v.kind != V_BOOL)
			return type_error(n, "%s() needs conditions%s", lay_fn_name(n->st->fn), "");
		t = all ? t && n->kid[i]->v.truth : t || n->kid[i]->v.truth;
	}
	n->v.kind = V_BOOL;
	n->v.truth = t;
	return 0;
}

static int
c_abs(struct eval *e, struct node *n)
{
	(void)e;
	if (need_count(n, 1) < 0 || need_num(n, 0) < 0)
		return -1;
	n->v = n->kid[0]->v;
	n->v.lo = n->kid[0];
	n->v.r = rat_abs(&n->v.r);
	return 0;
}

static int (*const computers[LF__MAX])(struct eval *, struct node *) = {
	[LF_COUNT] = c_count, [LF_PCT] = c_pct, [LF_PCT1] = c_pct, [LF_SHARE] = c_share,
	[LF_SHARE1] = c_share, [LF_DISTINCT] = c_distinct, [LF_NAMES] = c_names,
	[LF_INDEX] = c_index, [LF_ARGMAX] = c_argmax, [LF_ARGMIN] = c_argmax, [LF_DIFF] = c_diff,
	[LF_MEAN] = c_mean, [LF_MIN] = c_minmax, [LF_MAX] = c_minmax, [LF_RANGE] = c_range,
	[LF_FRAC] = c_frac, [LF_RANK] = c_rank, [LF_ALL] = c_allany, [LF_ANY] = c_allany,
	[LF_ABS] = c_abs, [LF_NUMBER] = c_number,
	[LF_NMEAN] = ev_num_compute, [LF_MEDIAN] = ev_num_compute, [LF_QUANTILE] = ev_num_compute,
	[LF_NMIN] = ev_num_compute, [LF_NMAX] = ev_num_compute, [LF_SD] = ev_num_compute,
	[LF_SUM] = ev_num_compute, [LF_SIG] = ev_sig_compute, [LF_CHANGE] = ev_change_compute,
};

static int
c_compare(struct node *n, const struct val *a, const struct val *b)
{
	int c;
	if (is_num(a->kind) && is_num(b->kind))
		c = ev_rat_cmp(a->r, b->r);
	else if (a->kind == V_NAME && b->kind == V_NAME) {
		c = strcmp(a->key, b->key);
		c = (c > 0) - (c < 0);
	}
	else if (a->kind == V_BOOL && b->kind == V_BOOL)
		c = a->truth - b->truth;
	else
		return type_error(n, "cannot compare these values%s%s", "", "");
	if (a->kind == V_NAME && n->st->op != LO_EQ && n->st->op != LO_NE)
		return type_error(n, "names can only be compared with = and !=%s%s", "", "");
	static const int want[][3] = {
		[LO_EQ] = {0, 1, 0}, [LO_NE] = {1, 0, 1}, [LO_LT] = {1, 0, 0},
		[LO_LE] = {1, 1, 0}, [LO_GT] = {0, 0, 1}, [LO_GE] = {0, 1, 1},
	};
	n->v.kind = V_BOOL;
	n->v.truth = want[n->st->op][c + 1];
	return 0;
}

static int
c_op(struct node *n)
{
	const struct val *a = &n->kid[0]->v, *b = &n->kid[1]->v;
	enum lay_op op = n->st->op;
	if (op == LO_AND || op == LO_OR) {
		if (a->kind != V_BOOL || b->kind != V_BOOL)
			return type_error(n, "\"and\"/\"or\" need conditions%s%s", "", "");
		n->v.kind = V_BOOL;
		n->v.truth = op == LO_AND ? a->truth && b->truth : a->truth || b->truth;
		return 0;
	}
	if (op == LO_ADD || op == LO_SUB) {
		if (!is_num(a->kind) || !is_num(b->kind))
			return type_error(n, "+ and - need numbers%s%s", "", "");
		n->v.kind = a->kind == V_SHARE && op == LO_SUB ? V_PP : a->kind;
		n->v.r = op == LO_ADD ? rat_add(&a->r, &b->r) : rat_sub(&a->r, &b->r);
		return 0;
	}
	return c_compare(n, a, b);
}

/* Not inlined: its callees keep struct rat temporaries (about 1 KB each) in
 * their frames, which must not sit in every frame of ev_node_compute's
 * recursion (a 20000-term sum recurses 20000 deep). */
static __attribute__((noinline)) int
compute_one(struct eval *e, struct node *n)
{
	switch (n->st->kind) {
	case LS_NUM:
		set_count(n, n->st->num);
		return 0;
	case LS_WORD:
		n->v.kind = V_NAME;
		n->v.key = n->v.label = n->word;
		return 0;
	case LS_NOT:
		if (n->kid[0]->v.kind != V_BOOL)
			return type_error(n, "\"not\" needs a condition%s%s", "", "");
		n->v.kind = V_BOOL;
		n->v.truth = !n->kid[0]->v.truth;
		return 0;
	case LS_OP:
		return c_op(n);
	case LS_CALL:
		return computers[n->st->fn](e, n);
	case LS_FOR:
		break;
	}
	return -1;
}

/* Checks a computed numeric value: it is exact (not ovf) and rounds into a
 * long (shares at one decimal, the most any format asks of them; other
 * values whole), so formatting cannot fail. A count computed from
 * other values (count(A) + count(B)) gets its rounded value as its number. */
static __attribute__((noinline)) int
check_value(struct node *n)
{
	long v;
	if (!is_num(n->v.kind))
		return 0;
	if (rat_round(&n->v.r, n->v.kind == V_SHARE, &v) < 0)
		return too_large(n);
	if (n->v.kind == V_COUNT)
		rat_round(&n->v.r, 0, &n->v.num);
	return 0;
}

/* Computes the kids before their parent, with an explicit stack rather than
 * recursion: a chain of operators is a left-deep tree as deep as the chain
 * is long (up to LAY_MAX_NODES), too deep for the C stack. */
int
ev_node_compute(struct eval *e, struct node *root)
{
	struct frame {
		struct node *n;
		size_t k;              /* kids pushed so far */
	} *st = xmalloc(sizeof *st);
	size_t sn = 1, cap = 1;
	int rc = 0;
	st[0] = (struct frame){root, 0};
	while (sn > 0 && rc == 0) {
		struct frame *f = &st[sn - 1];
		if (f->k < f->n->nkid) {
			struct node *kid = f->n->kid[f->k++];
			xgrow(&st, &cap, sn + 1, sizeof *st);
			st[sn++] = (struct frame){kid, 0};
			continue;
		}
		sn--;
		if (compute_one(e, f->n) < 0 || check_value(f->n) < 0)
			rc = -1;
	}
	free(st);
	return rc;
}

/* ---------- formatting ---------- */

/* The rounded value of a numeric node, scaled by its decimals. */
static long
node_round(const struct node *n)
{
	const struct val *v = &n->v;
	return ev_rat_round(v->r, v->kind == V_SHARE ? v->dec : 0);
}

static const char *
unit_of(enum vkind k)
{
	return k == V_SHARE ? lang_cur()->unit_pct : k == V_PP ? lang_cur()->unit_pp : "";
}

static char *
fmt_number(const struct node *n, int bare)
{
	int dec = n->v.kind == V_SHARE ? n->v.dec : 0;
	char *s = ev_fmt_scaled(node_round(n), dec);
	if (bare || *unit_of(n->v.kind) == '\0')
		return s;
	char *t = xasprintf("%s%s", s, unit_of(n->v.kind));
	free(s);
	return t;
}

static char *
fmt_range(const struct node *n, const char *format)
{
	const struct node *lo = n->v.lo, *hi = n->v.hi;
	int dec = n->v.sub == V_SHARE ? n->v.dec : 0;
	long a = node_round(lo), b = node_round(hi);
	char *sa = ev_fmt_scaled(a, dec), *sb = ev_fmt_scaled(b, dec), *r;
	const char *u = unit_of(n->v.sub), *and = lang_cur()->and_word, *btw = lang_cur()->between;
	if (format && strcmp(format, "bare") == 0)
		u = "";
	if (a == b)
		r = xasprintf("%s%s", sa, u);
	else if (format && strcmp(format, "mellem") == 0 && n->v.sub == V_SHARE)
		r = xasprintf("%s %s%s %s %s%s", btw, sa, u, and, sb, u);
	else if (format && strcmp(format, "mellem") == 0)
		r = xasprintf("%s %s %s %s%s", btw, sa, and, sb, u);
	else if (format && strcmp(format, "og") == 0)
		r = xasprintf("%s %s %s%s", sa, and, sb, u);
	else
		r = xasprintf("%s%s%s%s", sa, lang_cur()->range_dash, sb, u);
	free(sa);
	free(sb);
	return r;
}

/* Distance check of share r (display units) against p/q: returns 1 when
 * |r - 100p/q| <= 3 points, and in *below whether r < 100p/q. */
static int
near_fraction(struct rat r, int p, int q, int *below)
{
	struct rat f = rat_make((wide)100 * p, q), d = rat_sub(&r, &f), three = rat_make(3, 1);
	*below = rat_sign(&d) < 0;
	d = rat_abs(&d);
	return rat_cmp(&d, &three) <= 0;
}

static char *
fmt_frac(struct eval *e, const struct node *n, const char *format, struct pos at)
{
	(void)e;
	char *phrase = stat_fmt_fraction(n->v.p, n->v.q);
	int naesten = format && strcmp(format, "næsten") == 0, cirka = format && strcmp(format, "cirka") == 0;
	for (size_t i = 0; i < n->nkid; i++) {
		int below, near = near_fraction(n->kid[i]->v.r, n->v.p, n->v.q, &below);
		char *pct = ev_fmt_scaled(ev_rat_round(n->kid[i]->v.r, 1), 1);
		if ((naesten && (!near || !below)) || (cirka && !near)) {
			char *m = xasprintf("\"%s %s\" does not hold: the share is %s pct.", format, phrase, pct);
			diag(M_AGG_ASSERT, &at, m);
			free(m);
		} else if (!near) {
			char *t = ev_node_text(n->kid[i]);
			diag(M_AGG_FRACTION_FAR, &at, t, pct, phrase);
			free(t);
		}
		free(pct);
	}
	if (!naesten && !cirka)
		return phrase;
	char *r = xasprintf("%s %s", naesten ? lang_cur()->almost : lang_cur()->about, phrase);
	free(phrase);
	return r;
}

/* Label with its first letter in lower case (ASCII and Æ, Ø, Å). */
static char *
lower_first(const char *s)
{
	char *r = xstrdup(s);
	unsigned char *u = (unsigned char *)r;
	if (u[0] >= 'A' && u[0] <= 'Z')
		u[0] = (unsigned char)(u[0] + 32);
	else if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E)
		u[1] = (unsigned char)(u[1] + 0x20);
	return r;
}

static char *
fmt_count(const struct node *n, const char *format, struct pos at)
{
	const char *const *words = lang_cur()->numword;
	long c = n->v.num;
	if (format && strcmp(format, "par") == 0) {
		if (c != 2) {
			char *m = xasprintf("\"et par\" needs exactly 2, the count is %ld", c);
			diag(M_AGG_ASSERT, &at, m);
			free(m);
		}
		return xstrdup(lang_cur()->a_couple);
	}
	if (format && strcmp(format, "words") == 0 && c >= 0 && c <= 12)
		return xstrdup(words[c]);
	return fmt_number(n, 1);
}

static int
format_ok(enum vkind k, const char *f)
{
	static const struct { enum vkind k; const char *f; } ok[] = {
		{V_COUNT, "bare"}, {V_COUNT, "words"}, {V_COUNT, "par"}, {V_SHARE, "bare"},
		{V_PP, "bare"}, {V_INDEX, "bare"}, {V_RANGE, "bare"}, {V_RANGE, "mellem"},
		{V_RANGE, "og"}, {V_FRAC, "næsten"}, {V_FRAC, "cirka"}, {V_NAME, "key"},
		{V_NAME, "label"}, {V_NAME, "lower"}, {V_NUM, "bare"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (ok[i].k == k && strcmp(ok[i].f, f) == 0)
			return 1;
	return 0;
}

char *
ev_node_format(struct eval *e, const struct node *n, const char *format, struct pos at)
{
	const struct val *v = &n->v;
	if (v->change)
		return ev_change_format(n, format, at);
	if (v->kind == V_BOOL && v->tested)
		return ev_sig_format(n, format, at);
	if (format && !format_ok(v->kind, format)) {
		char *m = xasprintf("format \"as %s\" does not apply to this value", format);
		diag(M_LAY_TYPE, &at, m);
		free(m);
		return xstrdup("?");
	}
	switch (v->kind) {
	case V_COUNT:
		return fmt_count(n, format, at);
	case V_SHARE:
	case V_PP:
	case V_INDEX:
		return fmt_number(n, format != NULL);
	case V_NUM:
		return ev_num_format(v, format != NULL);
	case V_RANGE:
		return fmt_range(n, format);
	case V_FRAC:
		return fmt_frac(e, n, format, at);
	case V_NAME:
		if (format && strcmp(format, "key") == 0)
			return xstrdup(v->key);
		if (format && strcmp(format, "label") == 0)
			return xstrdup(v->label);
		return lower_first(v->label);
	case V_NAMES:
		return stat_fmt_list((const char *const *)v->names, v->nnames);
	default:
		diag(M_LAY_TYPE, &at, "a condition prints nothing: write {assert ...}");
		return xstrdup("?");
	}
}

/* ---------- audit and dump ---------- */

struct leafv {
	const struct node **v;
	size_t n, cap;
};

/* The leaf statistics a printed value rests on. */
static void
leaves(const struct node *n, struct leafv *out)
{
	if (n->st->kind == LS_CALL && is_leaf(n->st->fn)) {
		xgrow(&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = n;
		return;
	}
	if (n->v.kind == V_RANGE) {
		leaves(n->v.lo, out);
		leaves(n->v.hi, out);
		return;
	}
	if (n->v.lo) {
		leaves(n->v.lo, out);
		return;
	}
	for (size_t i = 0; i < n->nkid; i++)
		leaves(n->kid[i], out);
}

static void
value_str(const struct node *n, struct buf *b)
{
	const struct val *v = &n->v;
	if (v->kind == V_COUNT)
		buf_printf(b, "%ld", v->num);
	else if (v->kind == V_RANGE) {
		value_str(v->lo, b);
		buf_puts(b, "; ");
		value_str(v->hi, b);
	} else if (v->kind == V_FRAC) {
		for (size_t i = 0; i < n->nkid; i++) {
			buf_puts(b, i ? "; " : "");
			value_str(n->kid[i], b);
		}
	} else if (is_num(v->kind))
		buf_printf(b, "%.6f", ev_rat_double(v->r));
	else if (v->kind == V_NAME)
		buf_puts(b, v->key);
	else if (v->kind == V_NAMES)
		buf_printf(b, "%zu", v->nnames);
	else if (v->kind == V_BOOL && v->tested)
		ev_sig_audit(n, b);
	else if (v->kind == V_BOOL)
		buf_puts(b, v->truth ? "true" : "false");
}

void
ev_node_audit(struct eval *e, const struct node *n, const char *id, const char *printed,
    const char *expr, struct pos at)
{
	struct leafv lv = {0};
	struct buf val = {0}, num = {0}, den = {0}, pop = {0}, nn = {0};
	leaves(n, &lv);
	value_str(n, &val);
	for (size_t i = 0; i < lv.n; i++) {
		const struct val *v = &lv.v[i]->v;
		const char *sep = i ? "; " : "";
		buf_printf(&nn, "%s%ld", sep, v->den > 0 ? v->den : v->num);
		if (v->weighted) { /* weight sums; the counts go to the n column */
			char *a = ev_wsum_text(e, v->wnum), *b = ev_wsum_text(e, v->wden);
			buf_printf(&num, "%s%s", sep, a);
			buf_printf(&den, "%s%s", sep, b);
			free(a), free(b);
		} else {
			buf_printf(&num, "%s%ld", sep, v->kind == V_NAMES ? (long)v->nnames : v->num);
			if (v->den > 0 || v->kind == V_SHARE)
				buf_printf(&den, "%s%ld", sep, v->den);
			else
				buf_puts(&den, sep);
		}
		buf_printf(&pop, "%s%s", sep, lv.v[i]->popname ? lv.v[i]->popname : "");
		if ((v->kind == V_SHARE || v->kind == V_INDEX) && v->den > 0 && v->den < 10)
			diag(M_AGG_SMALL_BASE, &at, v->den);
	}
	char *s[4] = {buf_take(&val), buf_take(&num), buf_take(&den), buf_take(&pop)};
	ev_audit_add(e, id, printed, s[0], s[1], s[2], s[3], expr, at);
	for (int i = 0; i < 4; i++)
		free(s[i]);
	if (e->cb->weight >= 0)
		ev_audit_set_n(e, nn.s ? nn.s : "");
	ev_audit_take_ci(e, ev_share_ci(&n->v));
	buf_free(&nn);
	free(lv.v);
}

void
ev_node_dump(const struct eval *e, const struct node *n, FILE *f, int ind)
{
	(void)e;
	struct buf b = {0};
	value_str(n, &b);
	char *v = buf_take(&b), *t = ev_node_text(n);
	fprintf(f, "%*s%s = %s", ind, "", t, v);
	free(t);
	if (n->v.den > 0)
		fprintf(f, " [%ld/%ld]", n->v.num, n->v.den);
	if (n->popname)
		fprintf(f, " pop=%s", n->popname);
	fprintf(f, " @%d:%d\n", n->pos.line, n->pos.col);
	free(v);
	for (size_t i = 0; i < n->nkid; i++)
		ev_node_dump(e, n->kid[i], f, ind + 2);
}

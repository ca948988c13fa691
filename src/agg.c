/* agg.c: the one-pass aggregation engine: counters, distinct sets and cross-tabs. */
#include "agg.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "edmap.h"
#include "csvread.h"
#include "expr.h"
#include "resp.h"
#include "rowcache.h"
#include "util.h"

#include <stddef.h>

#define ALWAYS 0                 /* expression slot of a NULL expression */
#define MAP_MAX_SPAN (1u << 16)  /* widest code range given a direct table */
#define BITS_MAX_SPAN (1u << 20) /* widest value range given a bitmap */

/* Value -> code index of one variable: idx[v - lo] for v in [lo, lo+span),
 * -1 where v is no code. idx NULL: codes too sparse, look them up. */
struct vmap {
	const struct cb_var *var;
	size_t n;        /* number of codes (ncodes_of) */
	int lo;
	unsigned span;
	int *idx;
	int built;
};

struct counter {
	int pop, cond;  /* expression slots */
	long n;
	agg_wide w;     /* with a weight: the rows' weight sum */
	agg_wide w2;    /* with a weight: the sum of the rows' squared weights
	                 * (Kish's effective n); a weight is an int row value,
	                 * its square < 2^62, so 2^60 rows fit in agg_wide */
};

struct distinct {
	int pop, var;
	int lo;          /* bitmap over [lo, lo+span) when bits != NULL */
	unsigned span;
	uint64_t *bits;
	int *vals;       /* values outside the bitmap, sorted; then the result */
	size_t n, cap;
};

struct xtab {
	int pop, var, group;
	size_t nc, ng;         /* codes of var; codes of group (0 if none) */
	long *cell;            /* nc rows of ng + 1 (the last is all groups;
	                        * during the pass: rows without a group) */
	long *base;            /* ng + 1; summed from cell after the pass */
	agg_wide *wcell, *wbase; /* with a weight: the weight sums of cell, base */
	agg_wide *w2cell, *w2base; /* with a weight: the sums of the squared weights
	                         * (Kish's effective n of a cell's base) */
	const struct vmap *vm, *gm;
	int via;               /* ungrouped: the grouped xtab over the same pop
	                        * and var whose all-groups column answers it; -1 */
	int gk;                /* index into agg.gcol of its group's column */
	int lo;                /* during the pass: off[v - lo] for value v in */
	unsigned span;         /* [lo, lo + span) is ci * (ng + 1) for its code */
	int *off;              /* index ci, or -1; NULL: look codes up (vm) */
};

_Static_assert(offsetof(struct counter, pop) == 0, "pop first");
_Static_assert(offsetof(struct distinct, pop) == 0, "pop first");
_Static_assert(offsetof(struct xtab, pop) == 0, "pop first");

/* A value histogram: open addressing on the value while streaming (cap a
 * power of two, bins with n == 0 empty), sorted by value afterwards. */
struct hist {
	struct agg_bin *bin;
	size_t n, cap;
};

struct numstat {
	int pop, var, group;
	size_t ng;             /* codes of group (0 if none) */
	struct hist *h;        /* ng + 1: per group code, then all groups */
	int gk;                /* index into agg.gcol of its group's column */
};

_Static_assert(offsetof(struct numstat, pop) == 0, "pop first");

struct textlist {
	int pop, var, group;
	size_t ng;
	const struct vmap *gm;
	int *idx;              /* per text: index + 1 into agg.texts.s */
	size_t *gi;            /* per text: group code index (ng: missing) */
	size_t n, cap, gcap;
};

/* Statistics over one population, as index ranges into the order arrays. */
struct plan {
	int pop;
	size_t c0, c1, x0, x1, d0, d1, n0, n1;
};

struct agg {
	const struct codebook *cb;
	struct ex_prog *prog;    /* every population and condition, interned */
	const struct expr **ex;  /* per prog slot: the first expression registered, or NULL */
	size_t nex, capex;       /* nex = ex_prog_size */
	struct counter *cnt;
	size_t ncnt, capcnt;
	struct distinct *dst;
	size_t ndst, capdst;
	struct xtab *xt;
	size_t nxt, capxt;
	struct numstat *num;
	size_t nnum, capnum;
	struct textlist *txt;
	size_t ntxt, captxt;
	struct resp_texts texts; /* the texts kept by the reading */
	unsigned char *want;     /* per variable: keep its texts */
	int weight;              /* the weight variable, or -1 */
	agg_wide wrow[EX_BLOCK]; /* with a weight: the weight of each row of the block */
	size_t rows;
	/* Built by agg_run. */
	struct vmap *vmaps;      /* one per codebook variable */
	struct plan *plan;
	size_t nplan;
	int *cord, *xord, *dord, *nord; /* statistic ids ordered by population */
	uint64_t *mask;          /* per prog slot: its value on each row of the block */
	int *blk;                /* the block: EX_BLOCK rows of nvars values */
	size_t nblk;             /* rows in the block */
	size_t *gcol;            /* per group variable in use (0: none) and row
	                          * of the block: gcol[k * EX_BLOCK + r] is the
	                          * cell column of row r */
	int *gvar;               /* those group variables (gvar[0] unused) */
	size_t ngvar;
	uint64_t *ans;           /* per variable: the rows of the block where it
	                          * is not missing (bit r for row r) */
	struct csv_tap tap;      /* on the response file's bytes; fn NULL: none */
	struct rowcache *cache;  /* borrowed: replayed when sealed, else filled */
	agg_watch_fn watch;    /* agg_set_watch, or NULL */
	void *watch_ctx;
};

struct agg *
agg_new(const struct codebook *cb)
{
	struct agg *a = xcalloc(1, sizeof *a);
	a->cb = cb;
	a->weight = -1;
	a->prog = ex_prog_new();
	a->nex = ex_prog_size(a->prog);
	a->ex = xcalloc(a->nex, sizeof *a->ex);
	a->capex = a->nex;
	return a;
}

static void
free_run_state(struct agg *a)
{
	if (a->vmaps != NULL)
		for (size_t i = 0; i < a->cb->nvars; i++)
			free(a->vmaps[i].idx);
	free(a->vmaps);
	free(a->plan);
	free(a->cord);
	free(a->xord);
	free(a->dord);
	free(a->nord);
	a->nord = NULL;
	free(a->mask);
	free(a->blk);
	free(a->gcol);
	free(a->gvar);
	free(a->ans);
	a->ans = NULL;
	a->gcol = NULL;
	a->gvar = NULL;
	a->vmaps = NULL;
	a->plan = NULL;
	a->cord = a->xord = a->dord = NULL;
	a->mask = NULL;
	a->blk = NULL;
}

void
agg_free(struct agg *a)
{
	if (a == NULL)
		return;
	free_run_state(a);
	for (size_t i = 0; i < a->ndst; i++) {
		free(a->dst[i].bits);
		free(a->dst[i].vals);
	}
	for (size_t i = 0; i < a->nxt; i++) {
		free(a->xt[i].cell);
		free(a->xt[i].base);
		free(a->xt[i].wcell);
		free(a->xt[i].wbase);
		free(a->xt[i].w2cell);
		free(a->xt[i].w2base);
		free(a->xt[i].off);
	}
	for (size_t i = 0; i < a->nnum; i++) {
		for (size_t g = 0; g <= a->num[i].ng; g++)
			free(a->num[i].h[g].bin);
		free(a->num[i].h);
	}
	free(a->num);
	for (size_t i = 0; i < a->ntxt; i++)
		free(a->txt[i].idx), free(a->txt[i].gi);
	free(a->txt);
	for (size_t i = 0; i < a->texts.n; i++)
		free(a->texts.s[i]);
	free(a->texts.s);
	free(a->want);
	free(a->ex);
	ex_prog_free(a->prog);
	free(a->cnt);
	free(a->dst);
	free(a->xt);
	free(a);
}

/* ---- registration ---- */

/* The prog slot of expression e (added if new; equal structure, equal
 * slot), or ALWAYS for NULL. */
static int
expr_slot(struct agg *a, const struct expr *e)
{
	int s = ex_prog_add(a->prog, e);
	size_t n = ex_prog_size(a->prog);
	xgrow(&a->ex, &a->capex, n, sizeof *a->ex);
	memset(a->ex + a->nex, 0, (n - a->nex) * sizeof *a->ex);
	a->nex = n;
	if (a->ex[s] == NULL)
		a->ex[s] = e;
	return s;
}

int
agg_counter(struct agg *a, const struct expr *pop, const struct expr *cond)
{
	if (a->watch)
		a->watch(a->watch_ctx, pop, cond, -1, -1);
	int p = expr_slot(a, pop), c = expr_slot(a, cond);
	for (size_t i = 0; i < a->ncnt; i++)
		if (a->cnt[i].pop == p && a->cnt[i].cond == c)
			return (int)i;
	xgrow(&a->cnt, &a->capcnt, a->ncnt + 1, sizeof *a->cnt);
	a->cnt[a->ncnt] = (struct counter){.pop = p, .cond = c};
	return (int)a->ncnt++;
}

static int
var_ok(const struct agg *a, int var, const char *who)
{
	if (var >= 0 && (size_t)var < a->cb->nvars)
		return 1;
	char *m = xasprintf("%s: no variable %d", who, var);
	diag(M_INTERNAL, NULL, m);
	free(m);
	return 0;
}

int
agg_distinct(struct agg *a, const struct expr *pop, int var)
{
	if (a->watch)
		a->watch(a->watch_ctx, pop, NULL, var, -1);
	if (!var_ok(a, var, "agg_distinct"))
		return -1;
	int p = expr_slot(a, pop);
	for (size_t i = 0; i < a->ndst; i++)
		if (a->dst[i].pop == p && a->dst[i].var == var)
			return (int)i;
	xgrow(&a->dst, &a->capdst, a->ndst + 1, sizeof *a->dst);
	a->dst[a->ndst] = (struct distinct){.pop = p, .var = var};
	return (int)a->ndst++;
}

/* Number of codes of v for cross-tabs: multi without listed codes has
 * the implicit 0 "ikke valgt" and 1 "valgt". 0 = cannot be tabulated. */
static size_t
ncodes_of(const struct cb_var *v)
{
	if (v->type == CB_MULTI && v->ncodes == 0)
		return 2;
	if (v->type == CB_SINGLE || v->type == CB_SCALE || v->type == CB_MULTI)
		return v->ncodes;
	return 0;
}

static int
tab_var_ok(const struct agg *a, int var, const char *role)
{
	if (!var_ok(a, var, "agg_xtab"))
		return 0;
	const struct cb_var *v = &a->cb->vars[var];
	if (ncodes_of(v) > 0)
		return 1;
	char *m = xasprintf("agg_xtab: %s \"%s\" (%s) has no codes", role,
	    v->name, cb_type_name(v->type));
	diag(M_INTERNAL, NULL, m);
	free(m);
	return 0;
}

int
agg_xtab(struct agg *a, const struct expr *pop, int var, int group)
{
	if (a->watch)
		a->watch(a->watch_ctx, pop, NULL, var, group);
	if (!tab_var_ok(a, var, "variable"))
		return -1;
	if (group != -1 && !tab_var_ok(a, group, "group"))
		return -1;
	int p = expr_slot(a, pop);
	for (size_t i = 0; i < a->nxt; i++) {
		const struct xtab *x = &a->xt[i];
		if (x->pop == p && x->var == var && x->group == group)
			return (int)i;
	}
	struct xtab x = {.pop = p, .var = var, .group = group, .via = -1};
	x.nc = ncodes_of(&a->cb->vars[var]);
	x.ng = group < 0 ? 0 : ncodes_of(&a->cb->vars[group]);
	x.cell = xcalloc(x.nc * (x.ng + 1), sizeof *x.cell);
	x.base = xcalloc(x.ng + 1, sizeof *x.base);
	xgrow(&a->xt, &a->capxt, a->nxt + 1, sizeof *a->xt);
	a->xt[a->nxt] = x;
	return (int)a->nxt++;
}

int
agg_numeric(struct agg *a, const struct expr *pop, int var, int group)
{
	if (a->watch)
		a->watch(a->watch_ctx, pop, NULL, var, group);
	if (!var_ok(a, var, "agg_numeric"))
		return -1;
	if (a->cb->vars[var].type != CB_NUMBER) {
		char *m = xasprintf("agg_numeric: \"%s\" is not a number variable", a->cb->vars[var].name);
		diag(M_INTERNAL, NULL, m);
		free(m);
		return -1;
	}
	if (group != -1 && !tab_var_ok(a, group, "group"))
		return -1;
	int p = expr_slot(a, pop);
	for (size_t i = 0; i < a->nnum; i++)
		if (a->num[i].pop == p && a->num[i].var == var && a->num[i].group == group)
			return (int)i;
	struct numstat s = {.pop = p, .var = var, .group = group};
	s.ng = group < 0 ? 0 : ncodes_of(&a->cb->vars[group]);
	s.h = xcalloc(s.ng + 1, sizeof *s.h);
	xgrow(&a->num, &a->capnum, a->nnum + 1, sizeof *a->num);
	a->num[a->nnum] = s;
	return (int)a->nnum++;
}

int
agg_texts(struct agg *a, const struct expr *pop, int var, int group)
{
	if (a->watch)
		a->watch(a->watch_ctx, pop, NULL, var, group);
	if (!var_ok(a, var, "agg_texts") || (group != -1 && !tab_var_ok(a, group, "group")))
		return -1;
	int p = expr_slot(a, pop);
	for (size_t i = 0; i < a->ntxt; i++)
		if (a->txt[i].pop == p && a->txt[i].var == var && a->txt[i].group == group)
			return (int)i;
	xgrow(&a->txt, &a->captxt, a->ntxt + 1, sizeof *a->txt);
	a->txt[a->ntxt] = (struct textlist){.pop = p, .var = var, .group = group,
		.ng = group < 0 ? 0 : ncodes_of(&a->cb->vars[group])};
	if (a->want == NULL)
		a->want = xcalloc(a->cb->nvars + 1, 1);
	a->want[var] = 1;
	return (int)a->ntxt++;
}

size_t
agg_texts_n(const struct agg *a, int id)
{
	return id >= 0 && (size_t)id < a->ntxt ? a->txt[id].n : 0;
}

const char *
agg_text(const struct agg *a, int id, size_t k, size_t *gi)
{
	if (id < 0 || (size_t)id >= a->ntxt || k >= a->txt[id].n)
		return NULL;
	const struct textlist *t = &a->txt[id];
	*gi = t->gi[k];
	size_t i = (size_t)t->idx[k] - 1;
	return i < a->texts.n ? a->texts.s[i] : "";
}

/* ---- value maps and distinct storage (built before streaming) ---- */

/* Value of code i of v (implicit 0/1 for a multi without codes). */
static int
code_value(const struct cb_var *v, size_t i)
{
	return v->ncodes == 0 ? (int)i : v->codes[i].value;
}

static void
vmap_build(struct vmap *m, const struct cb_var *v)
{
	size_t n = ncodes_of(v);
	long lo = code_value(v, 0), hi = lo;
	for (size_t i = 1; i < n; i++) {
		long c = code_value(v, i);
		lo = c < lo ? c : lo;
		hi = c > hi ? c : hi;
	}
	m->var = v;
	m->n = n;
	m->lo = (int)lo;
	m->built = 1;
	if (hi - lo + 1 > (long)MAP_MAX_SPAN)
		return;
	m->span = (unsigned)(hi - lo + 1);
	m->idx = xmalloc(m->span * sizeof *m->idx);
	for (unsigned u = 0; u < m->span; u++)
		m->idx[u] = -1;
	for (size_t i = 0; i < n; i++)
		m->idx[code_value(v, i) - lo] = (int)i;
}

/* Code index of value v, or -1 (missing, or not a code). */
static inline int
vmap_get(const struct vmap *m, int v)
{
	if (m->idx != NULL) {
		unsigned u = (unsigned)v - (unsigned)m->lo;
		return u < m->span ? m->idx[u] : -1;
	}
	const struct cb_code *c = cb_code_by_value(m->var, v);
	return c == NULL ? -1 : (int)(c - m->var->codes);
}

static const struct vmap *
vmap_for(struct agg *a, int var)
{
	struct vmap *m = &a->vmaps[var];
	if (!m->built)
		vmap_build(m, &a->cb->vars[var]);
	return m;
}

/* Chooses a bitmap range for d: municipality indices, or the code range. */
static void
distinct_prepare(struct distinct *d, const struct codebook *cb)
{
	const struct cb_var *v = &cb->vars[d->var];
	size_t n = ncodes_of(v);
	long lo = 0, hi = -1;
	if (v->type == CB_MUNI) {
		hi = (long)cb->nmunis - 1;
	} else if (n > 0) {
		lo = hi = code_value(v, 0);
		for (size_t i = 1; i < n; i++) {
			long c = code_value(v, i);
			lo = c < lo ? c : lo;
			hi = c > hi ? c : hi;
		}
	}
	d->lo = (int)lo;
	d->span = hi >= lo && hi - lo + 1 <= (long)BITS_MAX_SPAN ? (unsigned)(hi - lo + 1) : 0;
	d->bits = d->span ? xcalloc((d->span + 63) / 64, sizeof *d->bits) : NULL;
}

/* Inserts v into the sorted array of d unless present. */
static void
distinct_insert(struct distinct *d, int v)
{
	size_t lo = 0, hi = d->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->vals[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->n && d->vals[lo] == v)
		return;
	xgrow(&d->vals, &d->cap, d->n + 1, sizeof *d->vals);
	memmove(d->vals + lo + 1, d->vals + lo, (d->n - lo) * sizeof *d->vals);
	d->vals[lo] = v;
	d->n++;
}

/* After the run: merges the bitmap into the sorted value array. */
static void
distinct_finish(struct distinct *d)
{
	for (unsigned u = 0; u < d->span; u++)
		if (d->bits[u / 64] >> (u % 64) & 1)
			distinct_insert(d, (int)((long)d->lo + u));
	free(d->bits);
	d->bits = NULL;
	d->span = 0;
}

/* ---- the plan: statistics grouped by population ---- */

/* The pop slot of statistic i in an array of counters, xtabs or distincts:
 * each struct has `int pop` as its first member. */
static int
pop_of(const void *base, size_t stride, size_t i)
{
	int p;
	memcpy(&p, (const char *)base + i * stride, sizeof p);
	return p;
}

/* Orders ids 0..n-1 by pop slot (stable) into order, skipping ids for
 * which skip returns 1. start[s], start[s+1] bound the ids of slot s;
 * start has nslots + 1 entries. */
static void
order_by_pop(const void *base, size_t stride, size_t n, size_t nslots,
    int *order, size_t *start, int (*skip)(const void *, size_t))
{
	memset(start, 0, (nslots + 1) * sizeof *start);
	for (size_t i = 0; i < n; i++)
		if (skip == NULL || !skip(base, i))
			start[pop_of(base, stride, i) + 1]++;
	for (size_t s = 1; s <= nslots; s++)
		start[s] += start[s - 1];
	size_t *next = xmalloc((nslots + 1) * sizeof *next);
	memcpy(next, start, (nslots + 1) * sizeof *next);
	for (size_t i = 0; i < n; i++)
		if (skip == NULL || !skip(base, i))
			order[next[pop_of(base, stride, i)]++] = (int)i;
	free(next);
}

/* An xtab answered by another one is not counted itself. */
static int
xtab_skip(const void *base, size_t i)
{
	return ((const struct xtab *)base)[i].via >= 0;
}

static void
build_plan(struct agg *a)
{
	size_t ns = a->nex + 1;
	size_t *cs = xmalloc(ns * sizeof *cs), *xs = xmalloc(ns * sizeof *xs);
	size_t *ds = xmalloc(ns * sizeof *ds), *nu = xmalloc(ns * sizeof *nu);
	a->cord = xmalloc((a->ncnt + 1) * sizeof *a->cord);
	a->xord = xmalloc((a->nxt + 1) * sizeof *a->xord);
	a->dord = xmalloc((a->ndst + 1) * sizeof *a->dord);
	a->nord = xmalloc((a->nnum + 1) * sizeof *a->nord);
	order_by_pop(a->cnt, sizeof *a->cnt, a->ncnt, a->nex, a->cord, cs, NULL);
	order_by_pop(a->xt, sizeof *a->xt, a->nxt, a->nex, a->xord, xs, xtab_skip);
	order_by_pop(a->dst, sizeof *a->dst, a->ndst, a->nex, a->dord, ds, NULL);
	order_by_pop(a->num, sizeof *a->num, a->nnum, a->nex, a->nord, nu, NULL);
	a->plan = xmalloc(ns * sizeof *a->plan);
	a->nplan = 0;
	for (size_t s = 0; s < a->nex; s++) {
		struct plan p = {(int)s, cs[s], cs[s + 1], xs[s], xs[s + 1], ds[s], ds[s + 1],
			nu[s], nu[s + 1]};
		if (p.c0 < p.c1 || p.x0 < p.x1 || p.d0 < p.d1 || p.n0 < p.n1)
			a->plan[a->nplan++] = p;
	}
	free(cs);
	free(xs);
	free(ds);
	free(nu);
}

/* Points each ungrouped xtab at a grouped one over the same pop and var,
 * if any: its all-groups column holds the same counts. */
static void
link_xtabs(struct agg *a)
{
	for (size_t i = 0; i < a->nxt; i++) {
		struct xtab *x = &a->xt[i];
		x->via = -1;
		for (size_t j = 0; x->group < 0 && j < a->nxt; j++)
			if (a->xt[j].group >= 0 && a->xt[j].pop == x->pop && a->xt[j].var == x->var) {
				x->via = (int)j;
				break;
			}
	}
}

/* The gcol index of group variable g (added if new; 0 for none). */
static int
group_slot(struct agg *a, int g)
{
	if (g < 0)
		return 0;
	for (size_t k = 1; k < a->ngvar; k++)
		if (a->gvar[k] == g)
			return (int)k;
	a->gvar[a->ngvar] = g;
	return (int)a->ngvar++;
}

/* Builds x's value -> cell row offset table from its var's map. */
static void
xtab_offsets(struct xtab *x)
{
	free(x->off);
	x->off = NULL;
	x->lo = x->vm->lo;
	x->span = x->vm->idx != NULL ? x->vm->span : 0;
	if (x->span == 0)
		return;
	x->off = xmalloc(x->span * sizeof *x->off);
	for (unsigned u = 0; u < x->span; u++) {
		int ci = x->vm->idx[u];
		x->off[u] = ci < 0 ? -1 : ci * (int)(x->ng + 1);
	}
}

/* Zeroes every result and builds the maps, bitmaps and plan. */
static void
prepare(struct agg *a)
{
	free_run_state(a);
	a->rows = 0;
	a->vmaps = xcalloc(a->cb->nvars + 1, sizeof *a->vmaps);
	for (size_t i = 0; i < a->ncnt; i++)
		a->cnt[i].n = 0, a->cnt[i].w = 0, a->cnt[i].w2 = 0;
	link_xtabs(a);
	a->gvar = xcalloc(a->nxt + a->nnum + 1, sizeof *a->gvar);
	a->gcol = xcalloc((a->nxt + a->nnum + 1) * EX_BLOCK, sizeof *a->gcol);
	a->ngvar = 1;
	for (size_t i = 0; i < a->nxt; i++) {
		struct xtab *x = &a->xt[i];
		x->gk = group_slot(a, x->group);
		memset(x->cell, 0, x->nc * (x->ng + 1) * sizeof *x->cell);
		memset(x->base, 0, (x->ng + 1) * sizeof *x->base);
		free(x->wcell), free(x->wbase), free(x->w2cell), free(x->w2base);
		x->wcell = x->wbase = x->w2cell = x->w2base = NULL;
		if (a->weight >= 0) {
			x->wcell = xcalloc(x->nc * (x->ng + 1) + 1, sizeof *x->wcell);
			x->wbase = xcalloc(x->ng + 2, sizeof *x->wbase);
			x->w2cell = xcalloc(x->nc * (x->ng + 1) + 1, sizeof *x->w2cell);
			x->w2base = xcalloc(x->ng + 2, sizeof *x->w2base);
		}
		x->vm = vmap_for(a, x->var);
		x->gm = x->group < 0 ? NULL : vmap_for(a, x->group);
		xtab_offsets(x);
	}
	for (size_t i = 0; i < a->ndst; i++) {
		a->dst[i].n = 0;
		distinct_prepare(&a->dst[i], a->cb);
	}
	for (size_t i = 0; i < a->ntxt; i++) {
		a->txt[i].n = 0;
		a->txt[i].gm = a->txt[i].group >= 0 ? vmap_for(a, a->txt[i].group) : NULL;
	}
	for (size_t i = 0; i < a->nnum; i++) {
		struct numstat *s = &a->num[i];
		s->gk = group_slot(a, s->group);
		if (s->group >= 0)
			vmap_for(a, s->group);
		for (size_t g = 0; g <= s->ng; g++) {
			free(s->h[g].bin);
			s->h[g] = (struct hist){0};
		}
	}
	a->mask = xcalloc(a->nex + 1, sizeof *a->mask);
	a->blk = xmalloc((a->cb->nvars + 1) * EX_BLOCK * sizeof *a->blk);
	a->ans = xcalloc(a->cb->nvars + 1, sizeof *a->ans);
	a->nblk = 0;
	build_plan(a);
}

/* ---- per block of rows: no allocation, no string work ---- */

/* Sets the cell column of every group variable for each row of the block:
 * its code index, or the number of its codes when missing (the all-groups
 * column). */
static void
group_cols(struct agg *a)
{
	size_t stride = a->cb->nvars;
	for (size_t k = 1; k < a->ngvar; k++) {
		const struct vmap *m = &a->vmaps[a->gvar[k]];
		size_t *gc = a->gcol + k * EX_BLOCK;
		const int *col = a->blk + a->gvar[k];
		for (size_t r = 0; r < a->nblk; r++) {
			int g = vmap_get(m, col[r * stride]);
			gc[r] = g < 0 ? m->n : (size_t)g;
		}
	}
}

/* xtab_block for a var whose codes are too sparse for a table. */
static void
xtab_block_sparse(struct xtab *x, const int *col, size_t stride, const size_t *gc, uint64_t bits)
{
	size_t w = x->ng + 1;
	for (; bits; bits &= bits - 1) {
		unsigned r = (unsigned)__builtin_ctzll(bits);
		int ci = vmap_get(x->vm, col[r * stride]);
		if (ci >= 0)
			x->cell[(size_t)ci * w + gc[r]]++;
	}
}

/* Counts the rows of bits in their cells (code of var, group column).
 * Bases and the all-groups column are summed after the pass. */
static void
xtab_block(struct xtab *x, const int *blk, size_t stride, const size_t *gcol,
    const uint64_t *ans, uint64_t bits)
{
	const int *col = blk + x->var;
	bits &= ans[x->var]; /* a missing var is not counted */
	const size_t *gc = gcol + (size_t)x->gk * EX_BLOCK;
	if (x->off == NULL) {
		xtab_block_sparse(x, col, stride, gc, bits);
		return;
	}
	const int *off = x->off;
	unsigned lo = (unsigned)x->lo, span = x->span;
	long *cell = x->cell;
	for (; bits; bits &= bits - 1) {
		unsigned r = (unsigned)__builtin_ctzll(bits);
		unsigned u = (unsigned)col[r * stride] - lo;
		int o = u < span ? off[u] : -1;
		if (o >= 0)
			cell[(size_t)o + gc[r]]++;
	}
}

static void
distinct_row(struct distinct *d, const int *row)
{
	int v = row[d->var];
	if (v == CB_MISSING)
		return;
	unsigned u = (unsigned)v - (unsigned)d->lo;
	if (u < d->span)
		d->bits[u / 64] |= (uint64_t)1 << (u % 64);
	else
		distinct_insert(d, v);
}

static void
distinct_block(struct distinct *d, const int *blk, size_t stride, uint64_t bits)
{
	for (; bits; bits &= bits - 1)
		distinct_row(d, blk + (size_t)__builtin_ctzll(bits) * stride);
}

/* The weight of a row (its weight variable's row value; 0 when missing),
 * or 1 without weights. */
static inline agg_wide
row_weight(const struct agg *a, const int *row)
{
	if (a->weight < 0)
		return 1;
	int w = row[a->weight];
	return w == CB_MISSING ? 0 : w;
}

static void
hist_grow(struct hist *h)
{
	struct hist o = *h;
	h->cap = o.cap ? 2 * o.cap : 16;
	h->bin = xcalloc(h->cap, sizeof *h->bin);
	for (size_t k = 0; k < o.cap; k++) {
		if (o.bin[k].n == 0)
			continue;
		size_t i = ((unsigned)o.bin[k].value * 2654435761u) & (h->cap - 1);
		while (h->bin[i].n)
			i = (i + 1) & (h->cap - 1);
		h->bin[i] = o.bin[k];
	}
	free(o.bin);
}

/* Adds value v with weight w to h. */
static void
hist_add(struct hist *h, int v, agg_wide w)
{
	if (2 * (h->n + 1) > h->cap)
		hist_grow(h);
	size_t i = ((unsigned)v * 2654435761u) & (h->cap - 1);
	while (h->bin[i].n && h->bin[i].value != v)
		i = (i + 1) & (h->cap - 1);
	if (h->bin[i].n == 0)
		h->bin[i].value = v, h->n++;
	h->bin[i].n++;
	h->bin[i].nw += w != 0;
	h->bin[i].w += w;
}

static void
num_block(struct agg *a, struct numstat *s, uint64_t bits)
{
	size_t stride = a->cb->nvars;
	const size_t *gc = a->gcol + (size_t)s->gk * EX_BLOCK;
	bits &= a->ans[s->var];
	for (; bits; bits &= bits - 1) {
		unsigned r = (unsigned)__builtin_ctzll(bits);
		const int *row = a->blk + r * stride;
		agg_wide w = row_weight(a, row);
		hist_add(&s->h[s->ng], row[s->var], w);
		if (s->group >= 0 && gc[r] < s->ng)
			hist_add(&s->h[gc[r]], row[s->var], w);
	}
}

/* Records the texts of the rows of bits (where t's population holds). */
static void
text_block(struct agg *a, struct textlist *t, uint64_t bits)
{
	size_t stride = a->cb->nvars;
	for (bits &= a->ans[t->var]; bits; bits &= bits - 1) {
		unsigned r = (unsigned)__builtin_ctzll(bits);
		const int *row = a->blk + r * stride;
		xgrow(&t->idx, &t->cap, t->n + 1, sizeof *t->idx);
		xgrow(&t->gi, &t->gcap, t->n + 1, sizeof *t->gi);
		int g = t->group < 0 ? 0 : vmap_get(t->gm, row[t->group]);
		t->idx[t->n] = row[t->var];
		t->gi[t->n++] = g < 0 ? t->ng : (size_t)g;
	}
}

/* With a weight: the weight sums of the xtabs and counters of plan p over
 * the rows of bits (a second visit of the rows; the counts are done). */
static void
weights_block(struct agg *a, const struct plan *p, uint64_t bits)
{
	size_t stride = a->cb->nvars;
	for (size_t k = p->c0; k < p->c1; k++) {
		struct counter *c = &a->cnt[a->cord[k]];
		for (uint64_t b = bits & a->mask[c->cond]; b; b &= b - 1) {
			agg_wide w = a->wrow[__builtin_ctzll(b)];
			c->w += w;
			c->w2 += w * w;
		}
	}
	for (size_t k = p->x0; k < p->x1; k++) {
		struct xtab *x = &a->xt[a->xord[k]];
		const size_t *gc = a->gcol + (size_t)x->gk * EX_BLOCK;
		for (uint64_t b = bits & a->ans[x->var]; b; b &= b - 1) {
			unsigned r = (unsigned)__builtin_ctzll(b);
			int ci = vmap_get(x->vm, a->blk[r * stride + (size_t)x->var]);
			if (ci >= 0) {
				size_t at = (size_t)ci * (x->ng + 1) + gc[r];
				x->wcell[at] += a->wrow[r];
				x->w2cell[at] += a->wrow[r] * a->wrow[r];
			}
		}
	}
}

/* The statistics of plan p over the rows of bits (where p's population holds). */
static void
plan_block(struct agg *a, const struct plan *p, uint64_t bits)
{
	const uint64_t *mask = a->mask;
	size_t stride = a->cb->nvars;
	for (size_t k = p->c0; k < p->c1; k++) {
		struct counter *c = &a->cnt[a->cord[k]];
		c->n += __builtin_popcountll(bits & mask[c->cond]);
	}
	for (size_t k = p->x0; k < p->x1; k++)
		xtab_block(&a->xt[a->xord[k]], a->blk, stride, a->gcol, a->ans, bits);
	for (size_t k = p->d0; k < p->d1; k++)
		distinct_block(&a->dst[a->dord[k]], a->blk, stride, bits);
	for (size_t k = p->n0; k < p->n1; k++)
		num_block(a, &a->num[a->nord[k]], bits);
	if (a->weight >= 0)
		weights_block(a, p, bits);
}

/* Evaluates the buffered rows and counts them; empties the block. */
static void
flush(struct agg *a)
{
	if (a->nblk == 0)
		return;
	ex_prog_run_block(a->prog, a->blk, a->cb->nvars, a->nblk, a->mask);
	group_cols(a);
	for (size_t r = 0; a->weight >= 0 && r < a->nblk; r++)
		a->wrow[r] = row_weight(a, a->blk + r * a->cb->nvars);
	for (size_t i = 0; i < a->nplan; i++) {
		uint64_t bits = a->mask[a->plan[i].pop];
		if (bits)
			plan_block(a, &a->plan[i], bits);
	}
	for (size_t i = 0; i < a->ntxt; i++)
		if (a->mask[a->txt[i].pop])
			text_block(a, &a->txt[i], a->mask[a->txt[i].pop]);
	a->rows += a->nblk;
	a->nblk = 0;
	memset(a->ans, 0, a->cb->nvars * sizeof *a->ans);
}

/* Buffers the row; a full block is counted. */
static void
on_row(void *ctx, const int *row, const int *set, size_t nset, long line)
{
	struct agg *a = ctx;
	size_t nv = a->cb->nvars;
	(void)line;
	memcpy(a->blk + a->nblk * nv, row, nv * sizeof *row);
	uint64_t *ans = a->ans, bit = (uint64_t)1 << a->nblk;
	for (size_t i = 0; i < nset; i++) /* the others are missing */
		if (row[set[i]] != CB_MISSING)
			ans[set[i]] |= bit;
	if (++a->nblk == EX_BLOCK)
		flush(a);
}

/* After the run: adds the grouped counts into the all-groups column and
 * sums the bases. */
static void
xtab_finish(struct xtab *x)
{
	size_t w = x->ng + 1;
	for (size_t ci = 0; ci < x->nc; ci++) {
		long *c = x->cell + ci * w;
		for (size_t g = 0; g < x->ng; g++)
			c[x->ng] += c[g];
		for (size_t g = 0; g < w; g++)
			x->base[g] += c[g];
		if (x->wcell == NULL)
			continue;
		agg_wide *wc = x->wcell + ci * w, *w2 = x->w2cell + ci * w;
		for (size_t g = 0; g < x->ng; g++)
			wc[x->ng] += wc[g], w2[x->ng] += w2[g];
		for (size_t g = 0; g < w; g++)
			x->wbase[g] += wc[g], x->w2base[g] += w2[g];
	}
}

void
agg_set_watch(struct agg *a, agg_watch_fn fn, void *ctx)
{
	a->watch = fn;
	a->watch_ctx = ctx;
}

void
agg_set_rows(struct agg *a, struct rowcache *rows)
{
	a->cache = rows;
}

/* on_row, recording the row in the cache first. */
static void
on_row_kept(void *ctx, const int *row, const int *set, size_t nset, long line)
{
	struct agg *a = ctx;
	rowcache_add(a->cache, row, set, nset, line);
	on_row(ctx, row, set, nset, line);
}

/* Streams the n files one after another; stops at an I/O failure (3), else
 * reads them all (each reports its own errors) and returns the worst status. */
static int
stream_all(struct agg *a, const struct resp_in *in, size_t n, resp_rowset_fn fn)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc != 3; i++) {
		int r = in[i].map ? edmap_stream(in[i].map, &in[i], fn, a)
		    : resp_stream_in(a->cb, &in[i], fn, a);
		rc = r > rc ? r : rc;
	}
	return rc;
}

/* The rows: from the sealed cache, else from the files (filling the cache). */
static int
read_rows(struct agg *a, const struct resp_in *in, size_t n)
{
	if (a->ntxt > 0) /* the texts are kept by a reading of the file */
		return stream_all(a, in, n, on_row);
	if (rowcache_sealed(a->cache)) {
		rowcache_replay(a->cache, on_row, a);
		return 0;
	}
	if (a->cache == NULL)
		return stream_all(a, in, n, on_row);
	rowcache_reset(a->cache, a->cb->nvars);
	int rc = stream_all(a, in, n, on_row_kept);
	if (rc == 0)
		rowcache_seal(a->cache);
	else
		rowcache_reset(a->cache, a->cb->nvars);
	return rc;
}

void
agg_set_tap(struct agg *a, const struct csv_tap *tap)
{
	a->tap = tap ? *tap : (struct csv_tap){0};
}

static int
bin_cmp(const void *x, const void *y)
{
	int a = ((const struct agg_bin *)x)->value, b = ((const struct agg_bin *)y)->value;
	return (a > b) - (a < b);
}

/* After the run: packs the bins and sorts them by value. */
static void
hist_finish(struct hist *h)
{
	size_t k = 0;
	for (size_t i = 0; i < h->cap; i++)
		if (h->bin[i].n)
			h->bin[k++] = h->bin[i];
	h->n = k;
	if (k)
		qsort(h->bin, k, sizeof *h->bin, bin_cmp);
}

int
agg_run(struct agg *a, const struct resp_in *in)
{
	return agg_run_n(a, in, 1);
}

int
agg_run_n(struct agg *a, const struct resp_in *in, size_t n)
{
	prepare(a);
	struct resp_in *tapped = xmalloc((n + 1) * sizeof *tapped);
	for (size_t i = 0; i < a->texts.n; i++)
		free(a->texts.s[i]);
	a->texts.n = 0;
	a->texts.want = a->want;
	for (size_t i = 0; i < n; i++) {
		tapped[i] = in[i];
		if (a->tap.fn != NULL && n == 1)
			tapped[i].tap = &a->tap;
		if (a->ntxt > 0)
			tapped[i].texts = &a->texts;
	}
	int rc = read_rows(a, tapped, n);
	free(tapped);
	flush(a);
	for (size_t i = 0; i < a->ndst; i++)
		distinct_finish(&a->dst[i]);
	for (size_t i = 0; i < a->nxt; i++)
		xtab_finish(&a->xt[i]);
	for (size_t i = 0; i < a->nnum; i++)
		for (size_t g = 0; g <= a->num[i].ng; g++)
			hist_finish(&a->num[i].h[g]);
	return rc;
}

/* ---- results ---- */

long
agg_count(const struct agg *a, int counter)
{
	if (counter < 0 || (size_t)counter >= a->ncnt)
		return 0;
	return a->cnt[counter].n;
}

void
agg_set_weight(struct agg *a, int var)
{
	a->weight = var >= 0 && (size_t)var < a->cb->nvars ? var : -1;
}

int
agg_weighted(const struct agg *a)
{
	return a->weight >= 0;
}

agg_wide
agg_count_w(const struct agg *a, int counter)
{
	if (counter < 0 || (size_t)counter >= a->ncnt)
		return 0;
	return a->weight >= 0 ? a->cnt[counter].w : a->cnt[counter].n;
}

agg_wide
agg_count_w2(const struct agg *a, int counter)
{
	if (counter < 0 || (size_t)counter >= a->ncnt)
		return 0;
	return a->weight >= 0 ? a->cnt[counter].w2 : a->cnt[counter].n;
}

size_t
agg_rows(const struct agg *a)
{
	return a->rows;
}

size_t
agg_distinct_n(const struct agg *a, int id)
{
	if (id < 0 || (size_t)id >= a->ndst)
		return 0;
	return a->dst[id].n;
}

const int *
agg_distinct_values(const struct agg *a, int id)
{
	if (id < 0 || (size_t)id >= a->ndst)
		return NULL;
	return a->dst[id].vals;
}

/* The xtab holding the counts of xtab id, with *gi mapped into it; NULL
 * when id or *gi is out of range. */
static const struct xtab *
xtab_get(const struct agg *a, int id, size_t *gi)
{
	if (id < 0 || (size_t)id >= a->nxt || *gi > a->xt[id].ng)
		return NULL;
	const struct xtab *x = &a->xt[id];
	if (x->via < 0)
		return x;
	x = &a->xt[x->via];
	*gi = x->ng;
	return x;
}

long
agg_xtab_cell(const struct agg *a, int id, size_t ci, size_t gi)
{
	const struct xtab *x = xtab_get(a, id, &gi);
	if (x == NULL || ci >= x->nc)
		return 0;
	return x->cell[ci * (x->ng + 1) + gi];
}

long
agg_xtab_base(const struct agg *a, int id, size_t gi)
{
	const struct xtab *x = xtab_get(a, id, &gi);
	return x == NULL ? 0 : x->base[gi];
}

agg_wide
agg_xtab_cell_w(const struct agg *a, int id, size_t ci, size_t gi)
{
	const struct xtab *x = xtab_get(a, id, &gi);
	if (x == NULL || ci >= x->nc)
		return 0;
	return x->wcell ? x->wcell[ci * (x->ng + 1) + gi] : x->cell[ci * (x->ng + 1) + gi];
}

agg_wide
agg_xtab_base_w(const struct agg *a, int id, size_t gi)
{
	const struct xtab *x = xtab_get(a, id, &gi);
	if (x == NULL)
		return 0;
	return x->wbase ? x->wbase[gi] : x->base[gi];
}

agg_wide
agg_xtab_cell_w2(const struct agg *a, int id, size_t ci, size_t gi)
{
	const struct xtab *x = xtab_get(a, id, &gi);
	if (x == NULL || ci >= x->nc)
		return 0;
	return x->w2cell ? x->w2cell[ci * (x->ng + 1) + gi] : x->cell[ci * (x->ng + 1) + gi];
}

agg_wide
agg_xtab_base_w2(const struct agg *a, int id, size_t gi)
{
	const struct xtab *x = xtab_get(a, id, &gi);
	if (x == NULL)
		return 0;
	return x->w2base ? x->w2base[gi] : x->base[gi];
}

const struct agg_bin *
agg_num_bins(const struct agg *a, int id, size_t gi, size_t *n)
{
	*n = 0;
	if (id < 0 || (size_t)id >= a->nnum || gi > a->num[id].ng)
		return NULL;
	*n = a->num[id].h[gi].n;
	return a->num[id].h[gi].bin;
}

/* ---- dump ---- */

/* Writes " NAME=[expression]", or " NAME=*" for everybody. */
static void
dump_expr(const struct agg *a, const char *name, int slot, FILE *f)
{
	if (slot == ALWAYS) {
		fprintf(f, " %s=*", name);
		return;
	}
	struct buf b = {0};
	ex_print(a->ex[slot], a->cb, &b);
	fprintf(f, " %s=[%s]", name, b.s != NULL ? b.s : "");
	buf_free(&b);
}

/* Key of code i of variable v ("0"/"1" for an implicit multi code). */
static void
dump_code_key(const struct cb_var *v, size_t i, FILE *f)
{
	if (v->ncodes == 0)
		fprintf(f, "%zu", i);
	else
		fputs(v->codes[i].key, f);
}

static void
dump_counter(const struct agg *a, size_t i, FILE *f)
{
	const struct counter *c = &a->cnt[i];
	fprintf(f, "counter %zu n=%ld", i, c->n);
	dump_expr(a, "pop", c->pop, f);
	dump_expr(a, "cond", c->cond, f);
	fputc('\n', f);
}

static void
dump_distinct(const struct agg *a, size_t i, FILE *f)
{
	const struct distinct *d = &a->dst[i];
	const struct cb_var *v = &a->cb->vars[d->var];
	fprintf(f, "distinct %zu n=%zu var=%s", i, d->n, v->name);
	dump_expr(a, "pop", d->pop, f);
	fputc('\n', f);
	for (size_t k = 0; k < d->n; k++) {
		int x = d->vals[k];
		int muni = v->type == CB_MUNI && x >= 0 && (size_t)x < a->cb->nmunis;
		fprintf(f, "  %d%s%s\n", x, muni ? " " : "", muni ? a->cb->munis[x].name : "");
	}
}

/* One line of xtab i: counts of code ci (the base when ci is -1) per
 * group and all. */
static void
dump_xtab_line(const struct agg *a, size_t i, long ci, FILE *f)
{
	for (size_t g = 0; g <= a->xt[i].ng; g++)
		fprintf(f, " %ld", ci < 0 ? agg_xtab_base(a, (int)i, g) :
		    agg_xtab_cell(a, (int)i, (size_t)ci, g));
	fputc('\n', f);
}

static void
dump_num(const struct agg *a, size_t i, FILE *f)
{
	const struct numstat *s = &a->num[i];
	fprintf(f, "numeric %zu var=%s group=%s", i, a->cb->vars[s->var].name,
	    s->group < 0 ? "-" : a->cb->vars[s->group].name);
	dump_expr(a, "pop", s->pop, f);
	fputc('\n', f);
	for (size_t g = 0; g <= s->ng; g++) {
		fputs("  ", f);
		if (g < s->ng)
			dump_code_key(&a->cb->vars[s->group], g, f);
		else
			fputs("all", f);
		fputc(':', f);
		for (size_t k = 0; k < s->h[g].n; k++)
			fprintf(f, " %d*%ld", s->h[g].bin[k].value, s->h[g].bin[k].n);
		fputc('\n', f);
	}
}

static void
dump_xtab(const struct agg *a, size_t i, FILE *f)
{
	const struct xtab *x = &a->xt[i];
	const struct cb_var *v = &a->cb->vars[x->var];
	fprintf(f, "xtab %zu var=%s group=%s", i, v->name,
	    x->group < 0 ? "-" : a->cb->vars[x->group].name);
	dump_expr(a, "pop", x->pop, f);
	fputs("\n  columns:", f);
	for (size_t g = 0; g < x->ng; g++) {
		fputc(' ', f);
		dump_code_key(&a->cb->vars[x->group], g, f);
	}
	fputs(" all\n  base:", f);
	dump_xtab_line(a, i, -1, f);
	for (size_t c = 0; c < x->nc; c++) {
		fputs("  ", f);
		dump_code_key(v, c, f);
		fputc(':', f);
		dump_xtab_line(a, i, (long)c, f);
	}
}

void
agg_dump(const struct agg *a, void *file)
{
	FILE *f = file;
	fprintf(f, "rows %zu\n", a->rows);
	for (size_t i = 0; i < a->ncnt; i++)
		dump_counter(a, i, f);
	for (size_t i = 0; i < a->ndst; i++)
		dump_distinct(a, i, f);
	for (size_t i = 0; i < a->nxt; i++)
		dump_xtab(a, i, f);
	for (size_t i = 0; i < a->nnum; i++)
		dump_num(a, i, f);
}

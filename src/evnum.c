/* evnum.c: statistics of number variables: mean, median, quantile, min, max, sd, sum.
 *
 * Everything is computed exactly from the value histogram of agg_numeric
 * (one bin per distinct row value, with its rows n and its weight sum w):
 * sums in __int128 with overflow checks (an overflow is an error, never a
 * wrong number), results as reduced rationals in the variable's units.
 * Definitions (layouts/README.md):
 *   mean     = sum(w x) / sum(w)
 *   quantile = the smallest x whose cumulative weight exceeds P * sum(w);
 *              where the cumulative weight equals P * sum(w) exactly, the
 *              mean of that x and the next (SAS definition 5; Stata's
 *              centile for summarize); median = quantile(0.5)
 *   sd       = sqrt(sum(w (x - mean)^2) / sum(w) * n / (n - 1)), n the rows
 *              of weight other than 0: the sample standard deviation
 *              (n - 1) when unweighted
 *   sum      = sum(w x), in the weight's units
 * Without weights w is 1 per row.
 */
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "evalint.h"
#include "expr.h"
#include "lang.h"
#include "stat.h"

int
ev_num_fn(enum lay_fn fn)
{
	return fn >= LF_NMEAN && fn <= LF_SUM;
}

/* Parses P of quantile(P, ...): "0.25" (a point: the comma separates arguments), 0 <= P <= 1. */
static int
parse_p(const char *s, struct rat *p)
{
	wide n = 0, d = 1;
	int dot = 0, digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9' && d < (wide)1000000000) {
			n = n * 10 + (*s - '0');
			d *= dot ? 10 : 1;
			digits++;
		} else if (*s == '.' && !dot && digits)
			dot = 1;
		else
			return 0;
	}
	if (!digits || n > d)
		return 0;
	*p = ev_rat_make(n, d);
	return 1;
}

int
ev_num_register(struct eval *e, struct node *n)
{
	const struct cb_var *v = &e->cb->vars[n->var];
	if (v->type != CB_NUMBER) {
		char *m = xasprintf("%s() needs a number variable; \"%s\" is %s", lay_fn_name(n->st->fn),
		    v->name, cb_type_name(v->type));
		diag(M_LAY_TYPE, &n->pos, m);
		free(m);
		return -1;
	}
	if (n->st->fn == LF_QUANTILE) {
		struct rat p;
		if (n->st->score == NULL || !parse_p(n->st->score, &p)) {
			diag(M_LAY_TYPE, &n->pos, "quantile() needs P from 0 to 1, e.g. quantile(0.25, VAR | POP)");
			return -1;
		}
	}
	n->num = agg_numeric(e->agg, n->pop, n->var, -1);
	if (n->popname) { /* the audit's population: the rows the values come from */
		char *b = strcmp(n->popname, "*") == 0 ? xasprintf("answered(%s)", v->name)
		    : xasprintf("%s & answered(%s)", n->popname, v->name);
		free(n->popname);
		n->popname = b;
	}
	return n->num < 0 ? -1 : 0;
}

static wide
pow10w(int k)
{
	wide m = 1;
	while (k-- > 0)
		m *= 10;
	return m;
}

/* Checked a + b*c into *acc; 0 on overflow. */
static int
mac(wide *acc, wide b, wide c)
{
	wide t;
	return !__builtin_mul_overflow(b, c, &t) && !__builtin_add_overflow(*acc, t, acc);
}

/* floor(sqrt(x)) for x >= 0. */
static wide
isqrt(wide x)
{
	if (x < 2)
		return x;
	wide r = (wide)__builtin_sqrtl((long double)x);
	while (r > 0 && r * r > x)
		r--;
	while ((r + 1) * (r + 1) <= x)
		r++;
	return r;
}

static int
overflow(struct pos pos, const char *what)
{
	char *m = xasprintf("%s: the values are too large for exact arithmetic", what);
	diag(M_LAY_TYPE, &pos, m);
	free(m);
	return -1;
}

/* The value at cumulative weight P * W (see the file comment). */
static struct rat
quantile(const struct agg_bin *bin, size_t nbin, wide W, struct rat pr, wide scale)
{
	long pn = 0, pd = 1;
	rat_to_long(&pr, &pn, &pd); /* P was parsed from at most 9 digits */
	struct { wide n, d; } p = {pn, pd};
	wide cum = 0, target = p.n * W; /* compare cum * p.d with target */
	for (size_t i = 0; i < nbin; i++) {
		if (bin[i].w == 0)
			continue;
		cum += bin[i].w;
		if (cum * p.d < target)
			continue;
		if (cum * p.d > target)
			return ev_rat_make(bin[i].value, scale);
		for (size_t j = i + 1; j < nbin; j++)
			if (bin[j].w != 0)
				return ev_rat_make((wide)bin[i].value + bin[j].value, 2 * scale);
		return ev_rat_make(bin[i].value, scale);
	}
	return ev_rat_make(nbin ? bin[nbin - 1].value : 0, scale);
}

/* sd truncated to 6 decimals (exact below that: rounding it to at most 5
 * decimals gives the rounding of the true value). */
static int
sd_of(wide N, wide W, wide S, wide S2, wide scale, struct rat *out, struct pos pos)
{
	/* var = (W*S2 - S^2) / W^2 * N / (N - 1) / scale^2 */
	wide a, b, num, den, x;
	if (__builtin_mul_overflow(W, S2, &a) || __builtin_mul_overflow(S, S, &b) ||
	    __builtin_mul_overflow(a - b, N, &num) || __builtin_mul_overflow(W, W, &den) ||
	    __builtin_mul_overflow(den, N - 1, &den) || __builtin_mul_overflow(den, scale * scale, &den))
		return overflow(pos, "sd()");
	wide g = num, h = den; /* reduce before scaling by 10^12 */
	while (h)
		x = g % h, g = h, h = x;
	if (g > 1)
		num /= g, den /= g;
	if (__builtin_mul_overflow(num, (wide)1000000000000, &x))
		return overflow(pos, "sd()");
	*out = ev_rat_make(isqrt(x / den), 1000000);
	return 0;
}

int
ev_num_stat(const struct cb_var *v, int wdec, const struct agg_bin *bin, size_t nbin,
    enum lay_fn fn, struct rat p, struct val *out, const char *pop, struct pos pos)
{
	wide W = 0, S = 0, S2 = 0, scale = pow10w(v->decimals);
	long N = 0, NW = 0; /* rows; rows of weight other than 0 (sd's n) */
	for (size_t i = 0; i < nbin; i++) {
		N += bin[i].n;
		NW += bin[i].nw;
		if (!mac(&W, bin[i].w, 1) || !mac(&S, bin[i].w, bin[i].value) ||
		    !mac(&S2, bin[i].w * bin[i].value, bin[i].value))
			return overflow(pos, lay_fn_name(fn));
	}
	memset(out, 0, sizeof *out);
	out->kind = V_NUM;
	out->unit = v->unit;
	out->dec = v->decimals + (fn == LF_NMIN || fn == LF_NMAX || fn == LF_SUM ? 0 : 1);
	out->num = N;
	if (W <= 0) {
		diag(M_AGG_EMPTY_POP, &pos, pop);
		return -1;
	}
	switch (fn) {
	case LF_NMEAN: {
		struct rat m = ev_rat_make(S, W);
		out->r = rat_div_int(&m, (long)scale);
		break;
	}
	case LF_MEDIAN:
		out->r = quantile(bin, nbin, W, ev_rat_make(1, 2), scale);
		break;
	case LF_QUANTILE:
		out->r = quantile(bin, nbin, W, p, scale);
		break;
	case LF_NMIN:
	case LF_NMAX: {
		size_t i = 0;
		for (size_t k = 0; k < nbin; k++)
			if (bin[k].w != 0 && (i == 0 || fn == LF_NMAX))
				i = k + 1;
		out->r = ev_rat_make(bin[i - 1].value, scale);
		break;
	}
	case LF_SD:
		if (NW < 2) {
			diag(M_LAY_TYPE, &pos, "sd() needs at least two answers");
			return -1;
		}
		return sd_of(NW, W, S, S2, scale, &out->r, pos);
	default: /* LF_SUM */
		out->r = ev_rat_make(S, scale * pow10w(wdec));
		break;
	}
	return 0;
}

/* Decimals of the weight variable's row values (0 without weights). */
static int
weight_dec(const struct eval *e)
{
	int w = e->cb->weight;
	return w >= 0 ? e->cb->vars[w].decimals : 0;
}

int
ev_num_compute(struct eval *e, struct node *n)
{
	size_t nb;
	const struct agg_bin *b = agg_num_bins(e->agg, n->num, 0, &nb);
	struct rat p = rat_make(0, 1);
	if (n->st->fn == LF_QUANTILE)
		parse_p(n->st->score, &p);
	char *t = n->popname ? NULL : ev_node_text(n);
	int rc = ev_num_stat(&e->cb->vars[n->var], weight_dec(e), b, nb, n->st->fn, p, &n->v,
	    n->popname ? n->popname : t, n->pos);
	free(t);
	return rc;
}

char *
ev_num_format(const struct val *v, int bare)
{
	long m = (long)pow10w(v->dec), r;
	struct rat ms = rat_make(m, 1), x = rat_mul(&v->r, &ms);
	if (rat_round(&x, 0, &r) < 0) /* half away from zero */
		return xstrdup("?");
	long a = r < 0 ? -r : r;
	char *ip = stat_fmt_int(a / m);
	const struct lang *l = lang_cur();
	struct buf b = {0};
	buf_printf(&b, "%s%s", r < 0 ? l->minus : "", ip);
	free(ip);
	if (v->dec > 0)
		buf_printf(&b, "%s%0*ld", l->decimal, v->dec, a % m);
	if (!bare && v->unit && *v->unit)
		buf_printf(&b, " %s", v->unit);
	return buf_take(&b);
}

/* evsig.c: the evaluator's sig() and change(): tests and changes of two values.
 *
 * sig(A, B) tests two shares (pct, pct1, share, share1) of independent
 * groups (disjoint populations, or other data) with sig_compare (sig.h) at
 * the 5 % level and is a condition: usable in assert, printed as words
 * ("statistisk signifikant"), or `as p` for the p-value ("p = 0,031").
 * Two shares over the same population are refused; other overlap between
 * the groups cannot be seen here and is the layout's responsibility. A weighted
 * build tests shares by Kish's effective size of their bases (z-test).
 * change(A, B[, T]) is A - B (percentage points for shares, index points for
 * indices, the unit for number statistics) printed with a sign word: "steget med 7 procentpoint",
 * "faldet med 3 procentpoint", and "uændret" when the difference rounded as
 * printed is at most T (default 0) in absolute value.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "evalint.h"
#include "lang.h"
#include "sig.h"

#define SIG_LEVEL 0.05
#define Z95 1.959963984540054

static int
sig_error(const struct node *n, const char *what)
{
	char *t = ev_node_text(n);
	char *m = xasprintf("%s: %s", t, what);
	diag(M_LAY_TYPE, &n->pos, m);
	free(t);
	free(m);
	return -1;
}

/* The count, base and effective size of share value v; -1 if v is no share
 * sig() can test. */
static int
share_counts(const struct val *v, double *x, double *nn)
{
	if (v->kind != V_SHARE || v->den <= 0)
		return -1;
	if (!v->weighted) {
		*x = (double)v->num, *nn = (double)v->den;
		return 0;
	}
	if (v->neff <= 0)
		return -1;
	*nn = v->neff;
	*x = (double)v->wnum / (double)v->wden * v->neff;
	return 0;
}

int
ev_sig_compute(struct eval *e, struct node *n)
{
	(void)e;
	if (n->nkid != 2)
		return sig_error(n, "sig() takes two shares");
	const struct val *a = &n->kid[0]->v, *b = &n->kid[1]->v;
	double xa, na, xb, nb;
	if (share_counts(a, &xa, &na) < 0 || share_counts(b, &xb, &nb) < 0)
		return sig_error(n, a->kind == V_SHARE && b->kind == V_SHARE ?
		    "sig() of a weighted build needs shares whose bases have an effective size (weights that are not all 0)" :
		    "sig() needs two shares (pct, pct1, share or share1)");
	const char *pa = n->kid[0]->popname, *pb = n->kid[1]->popname;
	if (pa && pb && strcmp(pa, pb) == 0)
		return sig_error(n, "sig() compares two independent groups, but both shares count the same population");
	struct sig_result r;
	if (a->weighted || b->weighted) {
		r.method = SIG_NONE, r.stat = 0, r.p = 1;
		sig_prop_z(xa, na, xb, nb, &r);
	} else
		sig_compare(a->num, a->den, b->num, b->den, &r);
	n->v.kind = V_BOOL;
	n->v.tested = 1;
	n->v.method = (int)r.method;
	n->v.pval = r.p;
	n->v.chi = r.stat;
	n->v.truth = r.method != SIG_NONE && r.p < SIG_LEVEL;
	return 0;
}

int
ev_change_compute(struct eval *e, struct node *n)
{
	(void)e;
	if (n->nkid < 2 || n->nkid > 3)
		return sig_error(n, "change() takes two values and an optional threshold");
	const struct val *a = &n->kid[0]->v, *b = &n->kid[1]->v;
	int share = a->kind == V_SHARE && b->kind == V_SHARE, num = a->kind == V_NUM && b->kind == V_NUM;
	int index = a->kind == V_INDEX && b->kind == V_INDEX; /* index points, printed as the index */
	if (!share && !num && !index)
		return sig_error(n, "change() needs two shares, two indices or two number statistics of one kind");
	if (num && (a->unit != b->unit && (a->unit == NULL || b->unit == NULL || strcmp(a->unit, b->unit) != 0)))
		return sig_error(n, "change() of number statistics in different units");
	long t = 0;
	if (n->nkid == 3) {
		const struct val *c = &n->kid[2]->v;
		if (c->kind != V_COUNT || c->num < 0 || c->num > 1000000)
			return sig_error(n, "the threshold of change() is a whole number from 0 to 1000000");
		t = c->num;
	}
	n->v = *a;
	n->v.kind = share ? V_PP : V_NUM;
	n->v.dec = share || index ? 0 : a->dec;
	if (index)
		n->v.unit = NULL;
	n->v.r = rat_sub(&a->r, &b->r);
	n->v.change = 1;
	n->v.thresh = t;
	n->v.lo = NULL;
	return 0;
}

static char *
bad_format(const char *format, const char *fn, const char *ok, struct pos at)
{
	char *m = xasprintf("format \"as %s\" does not apply to %s() (use \"as %s\" or none)", format, fn, ok);
	diag(M_LAY_TYPE, &at, m);
	free(m);
	return xstrdup("?");
}

/* "p = 0,031", "p < 0,001" in the language's decimal style. */
static char *
fmt_p(double p)
{
	if (p < 0.001)
		return xasprintf("p < 0%s001", lang_cur()->decimal);
	long m = lround(p * 1000);
	return xasprintf("p = %ld%s%03ld", m / 1000, lang_cur()->decimal, m % 1000);
}

char *
ev_sig_format(const struct node *n, const char *format, struct pos at)
{
	if (format && strcmp(format, "p") == 0)
		return fmt_p(n->v.pval);
	if (format)
		return bad_format(format, "sig", "p", at);
	return xstrdup(n->v.truth ? lang_cur()->significant : lang_cur()->not_significant);
}

char *
ev_change_format(const struct node *n, const char *format, struct pos at)
{
	struct val v = n->v;
	v.change = 0;
	struct rat abs = rat_abs(&v.r);
	int sign = rat_sign(&v.r);
	if (format && strcmp(format, "bare") != 0)
		return bad_format(format, "change", "bare", at);
	v.r = abs;
	long rounded = ev_rat_round(abs, v.kind == V_NUM ? v.dec : 0);
	char *mag = v.kind == V_NUM ? ev_num_format(&v, format != NULL) : ev_fmt_scaled(rounded, 0);
	if (format != NULL) /* "as bare": the signed number alone */
		goto signed_bare;
	long limit = n->v.thresh;
	for (int d = 0; v.kind == V_NUM && d < v.dec; d++)
		limit *= 10; /* thresh <= 10^6, dec <= 6: < 2^63 */
	if (rounded <= limit) {
		free(mag);
		return xstrdup(lang_cur()->unchanged);
	}
	char *r = xasprintf("%s %s%s", sign < 0 ? lang_cur()->fell : lang_cur()->rose, mag,
	    v.kind == V_PP ? lang_cur()->unit_pp : "");
	free(mag);
	return r;
signed_bare:;
	char *s = xasprintf("%s%s", sign < 0 && rounded != 0 ? lang_cur()->minus : "", mag);
	free(mag);
	return s;
}

void
ev_sig_audit(const struct node *n, struct buf *b)
{
	buf_printf(b, "%s; p=%.6g; test=%s", n->v.truth ? "true" : "false", n->v.pval,
	    sig_method_name((enum sig_method)n->v.method));
	if (n->v.method == SIG_PROP_Z)
		buf_printf(b, "; chi2=%.6g", n->v.chi);
	for (size_t i = 0; i < n->nkid; i++) {
		double x, nn;
		if (share_counts(&n->kid[i]->v, &x, &nn) < 0)
			continue;
		char *ci = ev_ci_text(x, nn);
		buf_printf(b, "; ci95[%zu]=%s", i + 1, ci);
		free(ci);
	}
}

char *
ev_ci_text(double x, double n)
{
	double lo, hi;
	sig_wilson(x, n, Z95, &lo, &hi);
	return xasprintf("%.6g-%.6g", 100 * lo, 100 * hi);
}

int
ev_kish_counts(wide wc, wide wb, wide w2, double *x, double *n)
{
	if (wb <= 0 || w2 <= 0)
		return -1;
	*n = sig_kish((double)wb, (double)w2);
	*x = (double)wc / (double)wb * *n;
	return 0;
}

char *
ev_share_ci(const struct val *v)
{
	double x, n;
	return share_counts(v, &x, &n) < 0 ? NULL : ev_ci_text(x, n);
}

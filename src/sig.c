/* sig.c: Wilson intervals, the two-proportion test and Fisher's exact test (sig.h). */
#include "sig.h"

#include <math.h>

void
sig_wilson(double x, double n, double z, double *lo, double *hi)
{
	double p = x / n, z2 = z * z;
	double centre = p + z2 / (2 * n);
	double half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
	double den = 1 + z2 / n;
	double l = (centre - half) / den, h = (centre + half) / den;
	/* exactly 0 and 1 at the ends (rounding leaves 1e-16 there) */
	*lo = l < 0 || x <= 0 ? 0 : l;
	*hi = h > 1 || x >= n ? 1 : h;
}

int
sig_prop_z(double x1, double n1, double x2, double n2, struct sig_result *r)
{
	if (n1 <= 0 || n2 <= 0)
		return -1;
	double pool = (x1 + x2) / (n1 + n2);
	if (pool <= 0 || pool >= 1)
		return -1;
	double d = x1 / n1 - x2 / n2;
	double yates = fabs(d) / (1 / n1 + 1 / n2);
	if (yates > 0.5)
		yates = 0.5;
	/* The four cells and their expected counts under the pooled share. */
	double obs[4] = {x1, n1 - x1, x2, n2 - x2};
	double exp_[4] = {n1 * pool, n1 * (1 - pool), n2 * pool, n2 * (1 - pool)};
	double chi = 0;
	for (int i = 0; i < 4; i++) {
		double dev = fabs(obs[i] - exp_[i]) - yates;
		chi += dev * dev / exp_[i];
	}
	r->method = SIG_PROP_Z;
	r->stat = chi;
	r->p = erfc(sqrt(chi / 2)); /* upper tail of chi-square with 1 df */
	return 0;
}

/* log of the hypergeometric probability of x in the 2x2 table with row sums
 * n1, n2 and first column sum m. */
static double
loghyper(long x, long n1, long n2, long m)
{
	return lgamma(n1 + 1.0) - lgamma(x + 1.0) - lgamma(n1 - x + 1.0) +
	       lgamma(n2 + 1.0) - lgamma(m - x + 1.0) - lgamma(n2 - (m - x) + 1.0) -
	       (lgamma(n1 + n2 + 1.0) - lgamma(m + 1.0) - lgamma(n1 + n2 - m + 1.0));
}

double
sig_fisher(long x1, long n1, long x2, long n2)
{
	long m = x1 + x2;
	long lo = m - n2 > 0 ? m - n2 : 0, hi = m < n1 ? m : n1;
	double lobs = loghyper(x1, n1, n2, m);
	/* Sum in probability space relative to the observed table, which keeps
	 * the terms near 1 for the tables that matter. */
	double sum = 0;
	for (long x = lo; x <= hi; x++) {
		double l = loghyper(x, n1, n2, m);
		if (l <= lobs + log1p(1e-7))
			sum += exp(l - lobs);
	}
	double p = sum * exp(lobs);
	return p > 1 ? 1 : p;
}

void
sig_compare(long x1, long n1, long x2, long n2, struct sig_result *r)
{
	r->method = SIG_NONE;
	r->stat = 0;
	r->p = 1;
	if (n1 <= 0 || n2 <= 0)
		return;
	long m = x1 + x2, n = n1 + n2;
	if (m == 0 || m == n)
		return;
	/* The smallest expected count is min(n1, n2) * min(m, n - m) / n. */
	double small = (double)(n1 < n2 ? n1 : n2) * (double)(m < n - m ? m : n - m) / (double)n;
	if (small < 5) {
		r->method = SIG_FISHER;
		r->p = sig_fisher(x1, n1, x2, n2);
		return;
	}
	sig_prop_z((double)x1, (double)n1, (double)x2, (double)n2, r);
}

double
sig_kish(double sumw, double sumw2)
{
	return sumw * sumw / sumw2;
}

const char *
sig_method_name(enum sig_method m)
{
	static const char *const name[] = {"none", "z-test", "Fisher"};
	return name[m];
}

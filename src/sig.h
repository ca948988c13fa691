/* sig.h: sampling uncertainty of shares: Wilson intervals and tests of two shares.
 *
 * Contract: pure functions on counts, no I/O. Unlike stat.h these use
 * floating point (p-values and interval limits are irrational); results are
 * reproducible for one C library (glibc's erfc, lgamma, sqrt, exp, log are
 * deterministic on a given build), and no printed percentage depends on them:
 * they decide significance words and marks only, and audit.tsv records them
 * to 6 significant digits. Methods and references: README.md, "Significance".
 *
 * Counts are unweighted integers. A weighted share is tested by its
 * effective sample size (Kish): sig_kish gives n_eff, and the share times
 * n_eff stands in for the count (sig_prop_z only; Fisher's test needs
 * integer counts and is not used for weighted shares).
 */
#ifndef NOTAT_SIG_H
#define NOTAT_SIG_H

/* The methods sig_compare may choose. */
enum sig_method {
	SIG_NONE,      /* not testable: a base is 0, or both shares are 0 or 1 */
	SIG_PROP_Z,    /* two-proportion z-test, Yates continuity correction */
	SIG_FISHER     /* Fisher's exact test, two-sided */
};

/* The outcome of a test of two shares x1/n1 and x2/n2. */
struct sig_result {
	enum sig_method method;
	double stat;   /* SIG_PROP_Z: the chi-square statistic (= z^2, 1 df); Fisher: the odds ratio estimate is not computed, 0 */
	double p;      /* two-sided p-value in [0, 1]; 1 for SIG_NONE */
};

/* Wilson score interval (no continuity correction) for x/n at normal quantile
 * z (1.959963984540054 for 95 %). x and n may be effective (non-integer)
 * counts; 0 <= x <= n, n > 0. Stores the limits as shares in [0, 1]. */
void sig_wilson(double x, double n, double z, double *lo, double *hi);

/* Pearson's chi-square test of x1/n1 against x2/n2 with Yates' correction,
 * as R's prop.test(c(x1, x2), c(n1, n2)) computes it (correction limited to
 * |d| / (1/n1 + 1/n2)). Counts may be effective. Returns 0 and fills r, or -1
 * when it is not defined (a base 0, or the pooled share 0 or 1). */
int sig_prop_z(double x1, double n1, double x2, double n2, struct sig_result *r);

/* Fisher's exact test of the 2x2 table {{x1, n1-x1}, {x2, n2-x2}}, two-sided
 * as R's fisher.test (tables at most as probable as the observed one, with
 * relative tolerance 1e-7). 0 <= xi <= ni; ni <= 10^9. Returns the p-value. */
double sig_fisher(long x1, long n1, long x2, long n2);

/* Chooses the test by size: Fisher's exact test when an expected count of
 * the 2x2 table is under 5, else the z-test. Fills r (SIG_NONE when neither
 * is defined). */
void sig_compare(long x1, long n1, long x2, long n2, struct sig_result *r);

/* Kish's effective sample size (sum w)^2 / sum w^2, given sum w and sum w^2
 * (both > 0). */
double sig_kish(double sumw, double sumw2);

/* The method's name for notes and the audit: "z-test", "Fisher", "none". */
const char *sig_method_name(enum sig_method m);

#endif

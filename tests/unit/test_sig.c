/* test_sig.c: unit tests for sig.c against reference values from R 4.2.2.
 *
 * Every expected value below was printed by R 4.2.2 (Debian 12 r-base-core)
 * with options(digits = 15) and the call named beside it:
 *   W: prop.test(x, n, correct = FALSE)$conf.int          (Wilson, no correction)
 *   Z: prop.test(c(x1, x2), c(n1, n2))$statistic, $p.value (Yates' correction)
 *   F: fisher.test(matrix(c(x1, n1-x1, x2, n2-x2), 2, byrow = TRUE))$p.value
 */
#include <check.h>
#include <math.h>

#include "sig.h"

#define Z95 1.959963984540054

/* Relative closeness, with an absolute floor for values near 0. */
static int
near(double got, double want)
{
	return fabs(got - want) <= 1e-9 * fabs(want) + 1e-12;
}

#define CLOSE(got, want) ck_assert_msg(near((got), (want)), "%s = %.17g, want %.17g", #got, (double)(got), (double)(want))

static const struct { long x, n; double lo, hi; } wil[] = {
	{237, 368, 0.593844504885229, 0.691223223539089},
	{0, 20, 0, 0.161125158052819},
	{20, 20, 0.838874841947181, 1},
	{1, 3, 0.0614919447203963, 0.792340399197952},
	{78, 95, 0.731985681830981, 0.885164254317358},
};

START_TEST(wilson_matches_r)
{
	for (size_t i = 0; i < sizeof wil / sizeof wil[0]; i++) {
		double lo, hi;
		sig_wilson((double)wil[i].x, (double)wil[i].n, Z95, &lo, &hi);
		CLOSE(lo, wil[i].lo);
		CLOSE(hi, wil[i].hi);
	}
}
END_TEST

/* At the ends the limits are exactly 0 and 1: the formula leaves rounding
 * residue (6.4e-16 for 0 of 49), which the audit printed as "6.43445e-16". */
START_TEST(wilson_ends_exact)
{
	static const long n[] = {49, 69, 149, 1000};
	for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
		double lo, hi;
		sig_wilson(0, (double)n[i], Z95, &lo, &hi);
		ck_assert(lo == 0.0);
		sig_wilson((double)n[i], (double)n[i], Z95, &lo, &hi);
		ck_assert(hi == 1.0);
	}
}
END_TEST

static const struct { long x1, n1, x2, n2; double stat, p; } pz[] = {
	{56, 78, 40, 72, 3.60952524038461, 0.0574495177694321},
	{237, 368, 250, 368, 0.874001138022315, 0.349850000874381},
	{100, 200, 110, 190, 2.13626409774436, 0.143851835748287},
	{12, 50, 30, 60, 6.74822012138189, 0.00938412524307857},
};

START_TEST(prop_test_matches_r)
{
	for (size_t i = 0; i < sizeof pz / sizeof pz[0]; i++) {
		struct sig_result r;
		ck_assert_int_eq(sig_prop_z((double)pz[i].x1, (double)pz[i].n1, (double)pz[i].x2, (double)pz[i].n2, &r), 0);
		ck_assert_int_eq(r.method, SIG_PROP_Z);
		CLOSE(r.stat, pz[i].stat);
		CLOSE(r.p, pz[i].p);
	}
}
END_TEST

/* Yates' correction is capped at |d| / (1/n1 + 1/n2): 30/40 vs 31/40 has
 * |d| = 0.025, cap 0.5, so every deviation is corrected to 0 (R prints a
 * statistic of 6.6e-31 and p = 0.999999999999999). */
START_TEST(prop_test_correction_cap)
{
	struct sig_result r;
	ck_assert_int_eq(sig_prop_z(30, 40, 31, 40, &r), 0);
	ck_assert(r.stat < 1e-20);
	ck_assert(r.p > 0.9999999);
}
END_TEST

START_TEST(prop_test_undefined)
{
	struct sig_result r;
	ck_assert_int_eq(sig_prop_z(0, 10, 0, 12, &r), -1);  /* pooled share 0 */
	ck_assert_int_eq(sig_prop_z(10, 10, 12, 12, &r), -1); /* pooled share 1 */
	ck_assert_int_eq(sig_prop_z(1, 0, 2, 12, &r), -1);    /* empty base */
}
END_TEST

static const struct { long x1, n1, x2, n2; double p; } fi[] = {
	{3, 10, 9, 12, 0.0835573095635015},
	{1, 20, 6, 20, 0.0914760914760916},
	{0, 5, 5, 5, 0.00793650793650794},
	{2, 40, 1, 45, 0.599068543079882},
	{4, 9, 4, 9, 1},
	{7, 1000, 1, 1000, 0.0697657636392724},
};

START_TEST(fisher_matches_r)
{
	for (size_t i = 0; i < sizeof fi / sizeof fi[0]; i++)
		CLOSE(sig_fisher(fi[i].x1, fi[i].n1, fi[i].x2, fi[i].n2), fi[i].p);
}
END_TEST

/* The choice by size: an expected count under 5 takes Fisher's test. */
START_TEST(compare_chooses_by_size)
{
	struct sig_result r;
	sig_compare(3, 10, 9, 12, &r); /* expected 12*10/22 = 5.45 and 10*10/22 = 4.5 */
	ck_assert_int_eq(r.method, SIG_FISHER);
	CLOSE(r.p, 0.0835573095635015);
	sig_compare(56, 78, 40, 72, &r);
	ck_assert_int_eq(r.method, SIG_PROP_Z);
	CLOSE(r.p, 0.0574495177694321);
	sig_compare(0, 10, 0, 12, &r);
	ck_assert_int_eq(r.method, SIG_NONE);
	ck_assert(r.p == 1);
	sig_compare(5, 0, 1, 12, &r);
	ck_assert_int_eq(r.method, SIG_NONE);
	ck_assert_str_eq(sig_method_name(SIG_FISHER), "Fisher");
}
END_TEST

/* Kish: equal weights give n; one dominant weight gives about 1. */
START_TEST(kish)
{
	CLOSE(sig_kish(10 * 2.0, 10 * 4.0), 10);
	CLOSE(sig_kish(1 + 1 + 100, 1 + 1 + 10000), 102.0 * 102.0 / 10002.0);
}
END_TEST

/* Fisher's sum stays bounded for a large, lopsided table (range of x is at
 * most min(n1, m) + 1) and symmetric in the two rows. */
START_TEST(fisher_symmetric)
{
	CLOSE(sig_fisher(9, 12, 3, 10), sig_fisher(3, 10, 9, 12));
	double p = sig_fisher(2, 100, 50, 1000000000L);
	ck_assert(p >= 0 && p <= 1);
}
END_TEST

Suite *sig_suite(void);

Suite *
sig_suite(void)
{
	Suite *s = suite_create("sig");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, wilson_matches_r);
	tcase_add_test(tc, wilson_ends_exact);
	tcase_add_test(tc, prop_test_matches_r);
	tcase_add_test(tc, prop_test_correction_cap);
	tcase_add_test(tc, prop_test_undefined);
	tcase_add_test(tc, fisher_matches_r);
	tcase_add_test(tc, compare_chooses_by_size);
	tcase_add_test(tc, kish);
	tcase_add_test(tc, fisher_symmetric);
	suite_add_tcase(s, tc);
	return s;
}

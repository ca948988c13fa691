/* test_rat.c: unit tests for rat.c (exact rationals past __int128, overflow marking, rounding). */
#include <check.h>
#include <limits.h>
#include <math.h>

#include "rat.h"
#include "stat.h"

/* H(n) = 1 + 1/2 + ... + 1/n, its denominator lcm(1..n) ~ e^n: 1.44 n bits. */
static struct rat
harmonic(long n)
{
	struct rat s = rat_make(0, 1);
	for (long k = 1; k <= n; k++) {
		struct rat t = rat_make(1, k);
		s = rat_add(&s, &t);
	}
	return s;
}

START_TEST(make_reduces)
{
	struct rat r = rat_make(6, -4), w = rat_make(-3, 2);
	ck_assert_int_eq(rat_cmp(&r, &w), 0);
	ck_assert_int_eq(rat_sign(&r), -1);
	long n, d;
	ck_assert_int_eq(rat_to_long(&r, &n, &d), 0);
	ck_assert_int_eq(n, -3);
	ck_assert_int_eq(d, 2);
	struct rat z = rat_make(0, -7);
	ck_assert_int_eq(rat_sign(&z), 0);
	ck_assert_int_eq(rat_to_long(&z, &n, &d), 0);
	ck_assert_int_eq(d, 1);
	struct rat bad = rat_make(1, 0);
	ck_assert(bad.ovf);
}
END_TEST

/* Past __int128: H(300) has a denominator of about 430 bits; H(n) - H(n-1)
 * must still be exactly 1/n, and the sum must be exactly comparable. */
START_TEST(past_int128)
{
	struct rat a = harmonic(300), b = harmonic(299), d = rat_sub(&a, &b), want = rat_make(1, 300);
	ck_assert(!a.ovf && !d.ovf);
	ck_assert_int_gt(a.nd, 4);
	ck_assert_int_eq(rat_cmp(&d, &want), 0);
	ck_assert_int_gt(rat_cmp(&a, &b), 0);
	ck_assert_int_lt(rat_cmp(&b, &a), 0);
	long v;
	ck_assert_int_eq(rat_round(&a, 1, &v), 0);
	ck_assert_int_eq(v, (long)lround(10 * rat_double(&a)));
	ck_assert(fabs(rat_double(&a) - 6.2826638) < 1e-6);
}
END_TEST

/* The sample's mean(index) - mean(index) at many rows: six indices with
 * coprime bases near a million each, then their difference. */
START_TEST(mean_of_indices)
{
	static const long base[2][6] = {
		{999983, 999979, 999961, 999953, 999931, 999917},
		{999907, 999883, 999863, 999853, 999809, 999773},
	};
	struct rat m[2];
	double approx[2] = {0, 0};
	for (int g = 0; g < 2; g++) {
		struct rat s = rat_make(0, 1);
		for (int i = 0; i < 6; i++) {
			long sum = 60 * base[g][i] + 7 * i + g; /* an index near 60 */
			struct rat x = rat_make(sum, base[g][i]);
			s = rat_add(&s, &x);
			approx[g] += (double)sum / (double)base[g][i];
		}
		m[g] = rat_div_int(&s, 6);
		ck_assert(!m[g].ovf);
	}
	struct rat d = rat_sub(&m[0], &m[1]), back = rat_add(&d, &m[1]);
	ck_assert_int_eq(rat_cmp(&back, &m[0]), 0);
	double want = (approx[0] - approx[1]) / 6;
	ck_assert(fabs(rat_double(&d) - want) < 1e-9);
	long v;
	ck_assert_int_eq(rat_round(&d, 1, &v), 0);
	ck_assert_int_eq(v, (long)lround(10 * want));
}
END_TEST

/* More than RAT_BITS bits: marked, and every later result stays marked. */
START_TEST(overflow_is_marked)
{
	struct rat a = harmonic(3000);
	ck_assert(a.ovf);
	struct rat one = rat_make(1, 1), b = rat_add(&a, &one), c = rat_sub(&b, &b), e = rat_mul(&one, &c);
	ck_assert(b.ovf && c.ovf && e.ovf);
	long v = 7, n, d;
	ck_assert_int_eq(rat_round(&c, 0, &v), -1);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(rat_to_long(&c, &n, &d), -1);
	ck_assert(isnan(rat_double(&c)));
}
END_TEST

START_TEST(round_half_away)
{
	static const struct { long n, d; int dec; long want; } t[] = {
		{5, 2, 0, 3}, {-5, 2, 0, -3}, {1, 20, 1, 1}, {-1, 20, 1, -1}, {49, 100, 0, 0},
		{-49, 100, 0, 0}, {2, 3, 1, 7}, {LONG_MAX, 1, 0, LONG_MAX}, {-LONG_MAX, 1, 0, -LONG_MAX},
		{237 * 100, 368, 1, 644}, {0, 5, 1, 0},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		struct rat r = rat_make(t[i].n, t[i].d);
		long v;
		ck_assert_int_eq(rat_round(&r, t[i].dec, &v), 0);
		ck_assert_int_eq(v, t[i].want);
	}
	struct rat big = rat_make(LONG_MAX, 1);
	long v;
	ck_assert_int_eq(rat_round(&big, 1, &v), -1);
	struct rat huge = rat_mul(&big, &big);
	ck_assert(!huge.ovf);
	ck_assert_int_eq(rat_round(&huge, 0, &v), -1);
}
END_TEST

START_TEST(mul_div_neg_abs)
{
	struct rat a = rat_make(-2, 3), b = rat_make(9, 4), p = rat_mul(&a, &b), w = rat_make(-3, 2);
	ck_assert_int_eq(rat_cmp(&p, &w), 0);
	struct rat q = rat_div_int(&p, -3), w2 = rat_make(1, 2);
	ck_assert_int_eq(rat_cmp(&q, &w2), 0);
	struct rat n = rat_neg(&q), ab = rat_abs(&n);
	ck_assert_int_eq(rat_sign(&n), -1);
	ck_assert_int_eq(rat_cmp(&ab, &q), 0);
	struct rat z = rat_make(0, 1), nz = rat_neg(&z);
	ck_assert_int_eq(rat_sign(&nz), 0);
	ck_assert(rat_div_int(&a, 0).ovf);
	struct rat m = rat_make(LONG_MIN, 1), md = rat_div_int(&m, LONG_MIN), one = rat_make(1, 1);
	ck_assert_int_eq(rat_cmp(&md, &one), 0);
}
END_TEST

/* stat_pp on shares of bases near 2^63: the cross products exceed 2^126 and
 * 100 times their difference overflowed __int128. */
START_TEST(pp_huge_bases)
{
	struct stat_share a = {LONG_MAX - 1, LONG_MAX}, b = {1, LONG_MAX};
	ck_assert_int_eq(stat_pp(a, b), 100);
	ck_assert_int_eq(stat_pp(b, a), -100);
}
END_TEST

Suite *rat_suite(void);
Suite *
rat_suite(void)
{
	Suite *s = suite_create("rat");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, make_reduces);
	tcase_add_test(tc, past_int128);
	tcase_add_test(tc, mean_of_indices);
	tcase_add_test(tc, overflow_is_marked);
	tcase_add_test(tc, round_half_away);
	tcase_add_test(tc, mul_div_neg_abs);
	tcase_add_test(tc, pp_huge_bases);
	suite_add_tcase(s, tc);
	return s;
}

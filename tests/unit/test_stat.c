/* test_stat.c: unit tests for stat.c (exact rounding, fractions, Danish formatting). */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "stat.h"
#include "support.h"

static struct stat_share
sh(long num, long den)
{
	struct stat_share s = {num, den};
	return s;
}

START_TEST(pct_whole)
{
	ck_assert_int_eq(stat_pct(sh(237, 368), 0), 64);  /* D3: 64.40 */
	ck_assert_int_eq(stat_pct(sh(1, 8), 0), 13);      /* 12.5 half up */
	ck_assert_int_eq(stat_pct(sh(3, 8), 0), 38);      /* 37.5 */
	ck_assert_int_eq(stat_pct(sh(1, 200), 0), 1);     /* 0.5 */
	ck_assert_int_eq(stat_pct(sh(1, 201), 0), 0);     /* 0.4975 */
	ck_assert_int_eq(stat_pct(sh(1, 3), 0), 33);
	ck_assert_int_eq(stat_pct(sh(2, 3), 0), 67);
	ck_assert_int_eq(stat_pct(sh(46, 58), 0), 79);    /* 79.31 */
	ck_assert_int_eq(stat_pct(sh(47, 58), 0), 81);    /* 81.03 */
	ck_assert_int_eq(stat_pct(sh(0, 5), 0), 0);
	ck_assert_int_eq(stat_pct(sh(5, 5), 0), 100);
	ck_assert_int_eq(stat_pct(sh(9999999, 10000000), 0), 100);
	ck_assert_int_eq(stat_pct(sh(9949999, 10000000), 0), 99);  /* 99.49999 */
	ck_assert_int_eq(stat_pct(sh(9950000, 10000000), 0), 100); /* 99.5 */
}
END_TEST

START_TEST(pct_tenths)
{
	ck_assert_int_eq(stat_pct(sh(237, 368), 1), 644);
	ck_assert_int_eq(stat_pct(sh(1, 16), 1), 63);     /* 6.25 -> 6.3 */
	ck_assert_int_eq(stat_pct(sh(1, 400), 1), 3);     /* 0.25 -> 0.3 */
	ck_assert_int_eq(stat_pct(sh(1, 2000), 1), 1);    /* 0.05 -> 0.1 */
	ck_assert_int_eq(stat_pct(sh(1, 2001), 1), 0);
	ck_assert_int_eq(stat_pct(sh(1, 3), 1), 333);
	ck_assert_int_eq(stat_pct(sh(2, 3), 1), 667);
	ck_assert_int_eq(stat_pct(sh(5, 5), 1), 1000);
	ck_assert_int_eq(stat_pct(sh(3333333, 10000000), 1), 333);
}
END_TEST

START_TEST(cmp_exact)
{
	ck_assert_int_eq(stat_cmp(sh(1, 2), sh(2, 4)), 0);
	ck_assert_int_gt(stat_cmp(sh(1, 3), sh(333, 1000)), 0);
	ck_assert_int_lt(stat_cmp(sh(3333333, 10000000), sh(1, 3)), 0);
	ck_assert_int_lt(stat_cmp(sh(0, 7), sh(1, 10000000)), 0);
	ck_assert_int_gt(stat_cmp(sh(9999999, 10000000), sh(9999998, 9999999)), 0);
}
END_TEST

START_TEST(pp_rounding)
{
	ck_assert_int_eq(stat_pp(sh(1, 2), sh(1, 4)), 25);
	ck_assert_int_eq(stat_pp(sh(1, 8), sh(0, 1)), 13);    /* 12.5 up */
	ck_assert_int_eq(stat_pp(sh(0, 1), sh(1, 8)), -13);   /* -12.5 away from 0 */
	ck_assert_int_eq(stat_pp(sh(3, 8), sh(1, 4)), 13);
	ck_assert_int_eq(stat_pp(sh(1, 4), sh(3, 8)), -13);
	ck_assert_int_eq(stat_pp(sh(1, 3), sh(1, 6)), 17);    /* 16.67 */
	ck_assert_int_eq(stat_pp(sh(1, 6), sh(1, 3)), -17);
	ck_assert_int_eq(stat_pp(sh(237, 368), sh(1, 2)), 14); /* 14.40 */
	ck_assert_int_eq(stat_pp(sh(10, 48), sh(1, 6)), 4);   /* 4.17 */
	ck_assert_int_eq(stat_pp(sh(49, 250), sh(1, 2)), -30); /* -30.4 */
	ck_assert_int_eq(stat_pp(sh(1, 3), sh(2, 6)), 0);
	/* Taken on unrounded shares: 24.6 - 12.4 = 12.2 -> 12, while the
	 * rounded shares would give 25 - 12 = 13. */
	ck_assert_int_eq(stat_pp(sh(246, 1000), sh(124, 1000)), 12);
	ck_assert_int_eq(stat_pp(sh(9999999, 10000000), sh(1, 10000000)), 100);
}
END_TEST

START_TEST(fraction_nearest)
{
	int p, q;
	ck_assert_int_eq(stat_fraction(sh(79, 100), &p, &q), 10);   /* 1.0 point */
	ck_assert_int_eq(p, 4);
	ck_assert_int_eq(q, 5);
	ck_assert_int_eq(stat_fraction(sh(50, 100), &p, &q), 0);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(q, 2);
	ck_assert_int_eq(stat_fraction(sh(200, 300), &p, &q), 0);
	ck_assert_int_eq(p, 2);
	ck_assert_int_eq(q, 3);
	ck_assert_int_eq(stat_fraction(sh(67, 100), &p, &q), 3);    /* 0.33 points */
	ck_assert_int_eq(p, 2);
	ck_assert_int_eq(q, 3);
	ck_assert_int_eq(stat_fraction(sh(3, 10), &p, &q), 33);     /* 3.33 from 1/3 */
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(q, 3);
	ck_assert_int_eq(stat_fraction(sh(307, 400), &p, &q), 18);  /* 1.75 from 3/4 */
	ck_assert_int_eq(p, 3);
	ck_assert_int_eq(q, 4);
	ck_assert_int_eq(stat_fraction(sh(26, 100), &p, &q), 10);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(q, 4);
}
END_TEST

START_TEST(fraction_ties_and_ends)
{
	int p, q;
	/* 17/24 is halfway between 2/3 and 3/4: the smaller q wins. */
	ck_assert_int_eq(stat_fraction(sh(17, 24), &p, &q), 42);    /* 4.17 points */
	ck_assert_int_eq(p, 2);
	ck_assert_int_eq(q, 3);
	/* 7/24 is halfway between 1/4 and 1/3. */
	ck_assert_int_eq(stat_fraction(sh(7, 24), &p, &q), 42);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(q, 3);
	/* 11/20 halfway between 1/2 and 3/5; 9/40 between 1/5 and 1/4. */
	ck_assert_int_eq(stat_fraction(sh(11, 20), &p, &q), 50);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(q, 2);
	ck_assert_int_eq(stat_fraction(sh(9, 40), &p, &q), 25);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(q, 4);
	/* 19/30 halfway between 3/5 and 2/3. */
	stat_fraction(sh(19, 30), &p, &q);
	ck_assert_int_eq(p, 2);
	ck_assert_int_eq(q, 3);
	ck_assert_int_eq(stat_fraction(sh(0, 10), &p, &q), 200);
	ck_assert_int_eq(p, 1);
	ck_assert_int_eq(q, 5);
	ck_assert_int_eq(stat_fraction(sh(10, 10), &p, &q), 200);
	ck_assert_int_eq(p, 4);
	ck_assert_int_eq(q, 5);
	/* Just under 2/3 by less than a point; 3 points is 30 tenths. */
	ck_assert_int_eq(stat_fraction(sh(637, 1000), &p, &q), 30); /* 2.97 */
	ck_assert_int_eq(stat_fraction(sh(636, 1000), &p, &q), 31); /* 3.07 */
}
END_TEST

START_TEST(fmt_int_groups)
{
	STR_EQ(stat_fmt_int(0), "0");
	STR_EQ(stat_fmt_int(5), "5");
	STR_EQ(stat_fmt_int(999), "999");
	STR_EQ(stat_fmt_int(1000), "1.000");
	STR_EQ(stat_fmt_int(1234), "1.234");
	STR_EQ(stat_fmt_int(100000), "100.000");
	STR_EQ(stat_fmt_int(1234567), "1.234.567");
	STR_EQ(stat_fmt_int(-5), "-5");
	STR_EQ(stat_fmt_int(-1234), "-1.234");
	STR_EQ(stat_fmt_int(-1000000), "-1.000.000");
	STR_EQ(stat_fmt_int(LONG_MIN), "-9.223.372.036.854.775.808");
	STR_EQ(stat_fmt_int(LONG_MAX), "9.223.372.036.854.775.807");
}
END_TEST

START_TEST(fmt_pct_comma)
{
	STR_EQ(stat_fmt_pct(sh(237, 368), 1), "64,4");
	STR_EQ(stat_fmt_pct(sh(237, 368), 0), "64");
	STR_EQ(stat_fmt_pct(sh(5, 5), 1), "100,0");
	STR_EQ(stat_fmt_pct(sh(1, 400), 1), "0,3");
	STR_EQ(stat_fmt_pct(sh(0, 5), 1), "0,0");
	STR_EQ(stat_fmt_pct(sh(1, 8), 0), "13");
	STR_EQ(stat_fmt_pct(sh(-1, 8), 1), "-12,5");
	STR_EQ(stat_fmt_pct(sh(-1, 16), 1), "-6,3");
	STR_EQ(stat_fmt_pct(sh(-1, 8), 0), "-13");
	STR_EQ(stat_fmt_pct(sh(123, 10), 1), "1.230,0");
}
END_TEST

START_TEST(fmt_phrases)
{
	STR_EQ(stat_fmt_fraction(4, 5), "4 ud af 5");
	STR_EQ(stat_fmt_fraction(2, 3), "2 ud af 3");
	STR_EQ(stat_fmt_fraction(1, 4), "1 ud af 4");
	STR_EQ(stat_fmt_fraction(1, 2), "halvdelen");
	STR_EQ(stat_fmt_range(94, 100), "94–100");
	STR_EQ(stat_fmt_range(15, 33), "15–33");
	STR_EQ(stat_fmt_range(94, 94), "94");
	STR_EQ(stat_fmt_range(1000, 2500), "1.000–2.500");
}
END_TEST

START_TEST(fmt_lists)
{
	const char *names[] = {"Ringsted", "Holstebro", "Fanø"};
	STR_EQ(stat_fmt_list(names, 0), "");
	STR_EQ(stat_fmt_list(names, 1), "Ringsted");
	STR_EQ(stat_fmt_list(names, 2), "Ringsted og Holstebro");
	STR_EQ(stat_fmt_list(names, 3), "Ringsted, Holstebro og Fanø");
}
END_TEST

START_TEST(fmt_refs_runs)
{
	const int a[] = {9, 6};
	const int b[] = {11, 12, 13, 14, 15, 16};
	const int c[] = {20, 21};
	const int d[] = {1, 3, 4, 5, 8};
	const int e[] = {5, 5, 5};
	const int f[] = {3, 1, 2, 2};
	const int g[] = {5, 4, 2, 1};
	const int h[] = {5, 3, 1};
	const int i[] = {35, 36, 19};
	STR_EQ(stat_fmt_refs(a, 2), "6 og 9");
	STR_EQ(stat_fmt_refs(b, 6), "11–16");
	STR_EQ(stat_fmt_refs(c, 2), "20 og 21");
	STR_EQ(stat_fmt_refs(d, 5), "1, 3–5 og 8");
	STR_EQ(stat_fmt_refs(e, 3), "5");
	STR_EQ(stat_fmt_refs(f, 4), "1–3");
	STR_EQ(stat_fmt_refs(g, 4), "1, 2, 4 og 5");
	STR_EQ(stat_fmt_refs(h, 3), "1, 3 og 5");
	STR_EQ(stat_fmt_refs(i, 3), "19, 35 og 36");
	STR_EQ(stat_fmt_refs(a, 1), "9");
	STR_EQ(stat_fmt_refs(NULL, 0), "");
}
END_TEST

Suite *stat_suite(void);
Suite *
stat_suite(void)
{
	Suite *s = suite_create("stat");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, pct_whole);
	tcase_add_test(tc, pct_tenths);
	tcase_add_test(tc, cmp_exact);
	tcase_add_test(tc, pp_rounding);
	tcase_add_test(tc, fraction_nearest);
	tcase_add_test(tc, fraction_ties_and_ends);
	tcase_add_test(tc, fmt_int_groups);
	tcase_add_test(tc, fmt_pct_comma);
	tcase_add_test(tc, fmt_phrases);
	tcase_add_test(tc, fmt_lists);
	tcase_add_test(tc, fmt_refs_runs);
	suite_add_tcase(s, tc);
	return s;
}

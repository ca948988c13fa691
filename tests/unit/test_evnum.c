/* test_evnum.c: unit tests for evnum.c: statistics of number variables from value histograms. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "evalint.h"
#include "support.h"

static struct pos at = {"t.lay", 1, 1};

/* Computes fn over bins (value, n, weight) of a variable with dec decimals
 * and unit; returns the printed text (caller frees) or NULL after an error. */
static char *
stat_of(enum lay_fn fn, int dec, const char *unit, const struct agg_bin *b, size_t n, struct rat p)
{
	struct cb_var v = {0};
	v.name = "x";
	v.type = CB_NUMBER;
	v.decimals = dec;
	v.unit = (char *)unit;
	struct val out;
	FILE *null = fopen("/dev/null", "w");
	diag_set_stream(null);
	int rc = ev_num_stat(&v, 0, b, n, fn, p, &out, "*", at);
	diag_set_stream(NULL);
	fclose(null);
	return rc < 0 ? NULL : ev_num_format(&out, 0);
}

#define half rat_make(1, 2)
#define quarter rat_make(1, 4)

/* 1, 2, 3, 4: mean 2.5, median between the middle two, sd sqrt(5/3). */
static const struct agg_bin four[] = {{1, 1, 1, 1}, {2, 1, 1, 1}, {3, 1, 1, 1}, {4, 1, 1, 1}};

START_TEST(mean_median_even)
{
	STR_EQ(stat_of(LF_NMEAN, 0, "år", four, 4, half), "2,5 år");
	STR_EQ(stat_of(LF_MEDIAN, 0, "år", four, 4, half), "2,5 år");
	STR_EQ(stat_of(LF_QUANTILE, 0, NULL, four, 4, quarter), "1,5"); /* share 1/4 reached exactly */
	STR_EQ(stat_of(LF_QUANTILE, 0, NULL, four, 4, rat_make(3, 10)), "2,0");
	STR_EQ(stat_of(LF_NMIN, 0, NULL, four, 4, half), "1");
	STR_EQ(stat_of(LF_NMAX, 0, NULL, four, 4, half), "4");
	STR_EQ(stat_of(LF_SUM, 0, NULL, four, 4, half), "10");
	STR_EQ(stat_of(LF_SD, 0, NULL, four, 4, half), "1,3"); /* 1.2910 */
}
END_TEST

/* Scaled values: 47,25 and 47,35 (decimals 2) average to 47,30; rounding
 * is half away from zero; negative values keep their sign. */
START_TEST(scaled_and_rounding)
{
	static const struct agg_bin b[] = {{4725, 1, 1, 1}, {4735, 1, 1, 1}};
	STR_EQ(stat_of(LF_NMEAN, 2, NULL, b, 2, half), "47,300");
	static const struct agg_bin c[] = {{4725, 1, 1, 1}};
	STR_EQ(stat_of(LF_NMEAN, 1, NULL, c, 1, half), "472,50");
	static const struct agg_bin d[] = {{-5, 1, 1, 1}, {-4, 1, 1, 1}};
	STR_EQ(stat_of(LF_NMEAN, 0, NULL, d, 2, half), "-4,5");
	STR_EQ(stat_of(LF_SUM, 0, NULL, d, 2, half), "-9");
	static const struct agg_bin e[] = {{-1, 1, 1, 1}, {0, 1, 1, 1}, {0, 2, 2, 2}};
	STR_EQ(stat_of(LF_NMEAN, 0, NULL, e, 3, half), "-0,3"); /* -1/4 */
}
END_TEST

/* Weights: the median where the cumulative weight passes half the total. */
START_TEST(weighted)
{
	static const struct agg_bin b[] = {{10, 1, 1, 3}, {20, 1, 1, 1}, {30, 1, 0, 0}, {40, 1, 1, 4}};
	STR_EQ(stat_of(LF_NMEAN, 0, NULL, b, 4, half), "26,3"); /* (30+20+160)/8 */
	STR_EQ(stat_of(LF_MEDIAN, 0, NULL, b, 4, half), "30,0"); /* cum 4 = 8/2: (20+40)/2; 30 has weight 0 */
	STR_EQ(stat_of(LF_NMAX, 0, NULL, b, 4, half), "40");
}
END_TEST

/* sd: exact where the variance is a square, truncated then rounded otherwise. */
START_TEST(sd_exact)
{
	static const struct agg_bin b[] = {{2, 1, 1, 1}, {4, 3, 3, 3}, {5, 2, 2, 2}, {7, 1, 1, 1}, {9, 1, 1, 1}};
	STR_EQ(stat_of(LF_SD, 0, NULL, b, 5, half), "2,1"); /* 2.1381 */
	static const struct agg_bin c[] = {{0, 1, 1, 1}, {2, 1, 1, 1}};
	STR_EQ(stat_of(LF_SD, 0, NULL, c, 2, half), "1,4"); /* sqrt 2 */
	static const struct agg_bin one[] = {{5, 1, 1, 1}};
	ck_assert_ptr_null(stat_of(LF_SD, 0, NULL, one, 1, half)); /* needs two answers */
}
END_TEST

START_TEST(empty_and_overflow)
{
	ck_assert_ptr_null(stat_of(LF_NMEAN, 0, NULL, NULL, 0, half));
	static const struct agg_bin big[] = {{2147483647, 1, 1, (agg_wide)1 << 100}, {2147483647, 1, 1, (agg_wide)1 << 100}};
	ck_assert_ptr_null(stat_of(LF_NMEAN, 0, NULL, big, 2, half));
}
END_TEST

Suite *evnum_suite(void);
Suite *
evnum_suite(void)
{
	Suite *s = suite_create("evnum");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, mean_median_even);
	tcase_add_test(tc, scaled_and_rounding);
	tcase_add_test(tc, weighted);
	tcase_add_test(tc, sd_exact);
	tcase_add_test(tc, empty_and_overflow);
	suite_add_tcase(s, tc);
	return s;
}

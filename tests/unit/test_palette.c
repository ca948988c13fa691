/* test_palette.c: unit tests for palette.c: even CIELAB L* steps, neighbours apart in
 * greyscale, hatching beyond PAL_MAX_EVEN, colour-vision deficiency simulated. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "palette.h"

/* L* of a colour as a greyscale print shows it. */
static double
grey_l(uint32_t c)
{
	return pal_lightness(pal_grey(c));
}

static double
srgb_lin(double v)
{
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* L* of c as seen with a colour-vision deficiency (Machado, Oliveira and
 * Fernandes 2009, severity 1.0): which = 0 protanopia, 1 deuteranopia, 2 tritanopia. */
static double
cvd_l(uint32_t c, int which)
{
	static const double m[3][3][3] = {
		{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
		{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
		{{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
	};
	double v[3] = {srgb_lin((c >> 16 & 255) / 255.0), srgb_lin((c >> 8 & 255) / 255.0), srgb_lin((c & 255) / 255.0)};
	double y = 0;
	static const double lum[3] = {0.2126729, 0.7151522, 0.0721750};
	for (int i = 0; i < 3; i++) {
		double s = 0;
		for (int j = 0; j < 3; j++)
			s += m[which][i][j] * v[j];
		y += lum[i] * fmin(1, fmax(0, s));
	}
	return y > 0.008856 ? 116 * cbrt(y) - 16 : 903.3 * y;
}

/* Checks one palette; returns the smallest neighbour step in greyscale. */
static double
check_palette(enum pal_kind kind, size_t n, int centre)
{
	uint32_t c[PAL_MAX];
	pal_make(kind, n, centre, c);
	double least = 1e9, most = 0;
	for (size_t i = 1; i < n; i++) {
		double d = fabs(grey_l(c[i]) - grey_l(c[i - 1]));
		least = fmin(least, d), most = fmax(most, d);
		if (n <= PAL_MAX_EVEN) {
			ck_assert_msg(d >= PAL_MIN_DL, "kind %d n %zu: categories %zu/%zu are %.1f L* apart", kind, n, i - 1, i, d);
			for (int w = 0; w < 3; w++) {
				double dc = fabs(cvd_l(c[i], w) - cvd_l(c[i - 1], w));
				ck_assert_msg(dc >= PAL_CVD_DL, "kind %d n %zu cvd %d: %zu/%zu %.1f apart", kind, n, w, i - 1, i, dc);
			}
		} else
			ck_assert_msg(pal_hatched(n, i) != pal_hatched(n, i - 1), "n %zu: neighbours %zu/%zu both plain or both hatched", n, i - 1, i);
		/* the non-answer fill is lighter than every category by the same margin */
		ck_assert_double_ge(pal_lightness(PAL_NA_FILL) - pal_lightness(c[i]), PAL_MIN_DL);
	}
	/* even steps: sequential and categorical exactly so (within rounding to 8 bits) */
	if (kind != PAL_DIVERGING && n > 1)
		ck_assert_msg(most - least < 1.0, "kind %d n %zu: steps %.1f..%.1f are not even", kind, n, least, most);
	return n > 1 ? least : 0;
}

START_TEST(neighbours_apart_in_greyscale)
{
	double least_seq = 1e9, least_div = 1e9;
	for (size_t n = 2; n <= 16; n++) {
		double a = check_palette(PAL_SEQUENTIAL, n, -1);
		check_palette(PAL_CATEGORICAL, n, -1);
		double b = check_palette(PAL_DIVERGING, n, n % 2 ? (int)(n / 2) : -1);
		if (n <= PAL_MAX_EVEN)
			least_seq = fmin(least_seq, a), least_div = fmin(least_div, b);
	}
	/* the report's measurement: smallest neighbour step up to PAL_MAX_EVEN */
	fprintf(stderr, "palette: least neighbour dL* sequential %.1f, diverging %.1f\n", least_seq, least_div);
}
END_TEST

START_TEST(known_colours)
{
	ck_assert_double_eq_tol(pal_lightness(0xFFFFFF), 100, 0.01);
	ck_assert_double_eq_tol(pal_lightness(0x000000), 0, 0.01);
	ck_assert_double_eq_tol(pal_lightness(0x777777), 50.0, 0.5); /* mid grey is L* 50 */
	ck_assert_double_eq_tol(pal_lightness(pal_lch(60, 0, 0)), 60, 0.3);
	ck_assert_double_eq_tol(pal_lightness(pal_lch(40, 200, 255)), 40, 0.5); /* chroma clipped, L* kept */
	ck_assert_uint_eq(pal_grey(0xFF0000) >> 16, pal_grey(0xFF0000) & 255);
	uint32_t c[3];
	pal_make(PAL_DIVERGING, 3, 1, c); /* the neutral centre is grey */
	ck_assert_uint_eq(c[1] >> 16 & 255, c[1] & 255);
	ck_assert_uint_gt(c[0] >> 16 & 255, c[0] & 255);  /* orange side: red over blue */
	ck_assert_uint_lt(c[2] >> 16 & 255, c[2] & 255);  /* blue side */
}
END_TEST

/* Lines (PAL_LINE): neighbours PAL_MIN_DL apart in greyscale and PAL_CVD_DL as
 * simulated up to PAL_LINE_MAX_EVEN lines, every line dark enough to stand out
 * from white paper, the steps even. */
START_TEST(lines_apart_and_dark)
{
	for (size_t n = 1; n <= 12; n++) {
		uint32_t c[PAL_MAX];
		pal_make(PAL_LINE, n, -1, c);
		double least = 1e9, most = 0;
		for (size_t i = 0; i < n; i++) {
			ck_assert_double_le(pal_lightness(c[i]), PAL_LINE_LIGHT + 0.6);
			ck_assert_double_ge(pal_lightness(c[i]), PAL_LINE_DARK - 0.6);
			if (i == 0)
				continue;
			double d = fabs(grey_l(c[i]) - grey_l(c[i - 1]));
			least = fmin(least, d), most = fmax(most, d);
			if (n <= PAL_LINE_MAX_EVEN) {
				ck_assert_msg(d >= PAL_MIN_DL, "lines n %zu: %zu/%zu are %.1f L* apart", n, i - 1, i, d);
				for (int w = 0; w < 3; w++)
					ck_assert_double_ge(fabs(cvd_l(c[i], w) - cvd_l(c[i - 1], w)), PAL_CVD_DL);
			}
		}
		if (n > 1)
			ck_assert_msg(most - least < 1.0, "lines n %zu: steps %.1f..%.1f are not even", n, least, most);
	}
}
END_TEST

/* Diverging palettes are symmetric in L* about their centre: with a neutral
 * answer (odd n) each answer has the lightness of its mirror; without one the
 * halves interleave by half a step (so the two middle answers differ too):
 * mirrors differ by the same half step everywhere. The neutral is the lightest. */
START_TEST(diverging_symmetric)
{
	for (size_t n = 3; n <= PAL_MAX_EVEN + 1; n++) {
		uint32_t c[PAL_MAX];
		int odd = n % 2;
		pal_make(PAL_DIVERGING, n, odd ? (int)(n / 2) : -1, c);
		double half = -1;
		for (size_t i = 0; i < n / 2; i++) {
			double d = pal_lightness(c[n - 1 - i]) - pal_lightness(c[i]);
			if (odd)
				ck_assert_msg(fabs(d) < 0.6, "n %zu: %zu and its mirror differ by %.2f L*", n, i, d);
			else if (half < 0)
				half = fabs(d);
			else
				ck_assert_msg(fabs(fabs(d) - half) < 0.6, "n %zu: mirrors differ by %.2f and %.2f", n, half, fabs(d));
		}
		if (!odd)
			ck_assert_double_ge(half, PAL_MIN_DL / 2 - 0.6);
		for (size_t i = 0; odd && i < n; i++)
			if (i != n / 2)
				ck_assert_double_gt(pal_lightness(c[n / 2]), pal_lightness(c[i]));
	}
}
END_TEST

/* Seven and more categories (a categorical palette for grouped bars): every pair of
 * neighbours differs in greyscale, hatching alternating beyond PAL_MAX_EVEN. */
START_TEST(categorical_many)
{
	for (size_t n = 7; n <= 24; n++)
		check_palette(PAL_CATEGORICAL, n, -1);
}
END_TEST

Suite *palette_suite(void);
Suite *
palette_suite(void)
{
	Suite *s = suite_create("palette");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, neighbours_apart_in_greyscale);
	tcase_add_test(tc, known_colours);
	tcase_add_test(tc, lines_apart_and_dark);
	tcase_add_test(tc, diverging_symmetric);
	tcase_add_test(tc, categorical_many);
	suite_add_tcase(s, tc);
	return s;
}

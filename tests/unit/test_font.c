/* test_font.c: unit tests for font.c (FreeType metrics of the shipped Liberation Serif). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "font.h"

#define FONTS "../fonts"

static struct font *
regular(void)
{
	struct font *f = font_load(FONTS "/LiberationSerif-Regular.ttf");
	ck_assert_ptr_nonnull(f);
	return f;
}

START_TEST(advance_widths)
{
	struct font *f = regular();
	/* Whole 1/1000 em, truncated like libharu's /W widths (909 * 1000 / 2048 = 443). */
	ck_assert_double_eq(font_advance(f, 'a'), 443.0);
	ck_assert_double_eq(font_advance(f, ' '), 250.0);
	ck_assert_double_eq(font_advance(f, 0x2013), 500.0); /* – */
	ck_assert_double_eq(font_advance(f, 0xE6), 666.0);   /* æ */
	/* Cached and uncached lookups agree, beyond the direct table too. */
	ck_assert_double_eq(font_advance(f, 0x201D), font_advance(f, 0x201D));
	ck_assert_double_eq_tol(font_width(f, "a", 1, 10.0), 4.43, 0.005);
	font_free(f);
}
END_TEST

START_TEST(kerning)
{
	struct font *f = regular();
	ck_assert(font_kern(f, 'A', 'V') < 0);
	ck_assert(font_kern(f, 'T', 'o') < 0);
	ck_assert_double_eq_tol(font_kern(f, 'A', 'V'), -264.0 * 1000 / 2048, 0.01);
	ck_assert_double_eq(font_kern(f, 'o', 'o'), 0.0);
	/* Widths include the kerning: "AV" is narrower than "A" + "V". */
	double sum = (font_advance(f, 'A') + font_advance(f, 'V')) * 12 / 1000;
	double av = font_width(f, "AV", 2, 12.0);
	ck_assert_double_eq_tol(av, sum + font_kern(f, 'A', 'V') * 12 / 1000, 1e-9);
	ck_assert(av < sum);
	font_free(f);
}
END_TEST

START_TEST(glyph_coverage)
{
	struct font *f = regular();
	const uint32_t have[] = {0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5, 0x2019, 0x201D, 0x2013, 0xA0};
	for (size_t i = 0; i < sizeof have / sizeof *have; i++)
		ck_assert_msg(font_has_glyph(f, have[i]), "U+%04X missing", (unsigned)have[i]);
	ck_assert(!font_has_glyph(f, 0x2070)); /* superscript zero */
	ck_assert(!font_has_glyph(f, 0x1F600));
	/* A missing glyph measures as .notdef (nonzero), not as nothing. */
	ck_assert(font_advance(f, 0x2070) > 0);
	font_free(f);
}
END_TEST

START_TEST(vertical_metrics)
{
	struct font *f = regular();
	ck_assert(font_ascender(f) > 800 && font_ascender(f) < 1000);
	ck_assert(font_descender(f) < -150 && font_descender(f) > -300);
	ck_assert(font_capheight(f) > 600 && font_capheight(f) < 700);
	ck_assert_str_eq(font_path(f), FONTS "/LiberationSerif-Regular.ttf");
	font_free(f);
}
END_TEST

START_TEST(fontset)
{
	struct fontset *fs = fontset_load(FONTS);
	ck_assert_ptr_nonnull(fs);
	struct measure m = fontset_measure(fs);
	double reg = m.width(m.ctx, DOC_REGULAR, 10, "SIRI", 4);
	double bold = m.width(m.ctx, DOC_BOLD, 10, "SIRI", 4);
	ck_assert(bold > reg);
	ck_assert_double_eq(reg, font_width(fs->face[DOC_REGULAR], "SIRI", 4, 10));
	ck_assert(m.has_glyph(m.ctx, DOC_BOLDITALIC, 0xF8));
	ck_assert(!m.has_glyph(m.ctx, DOC_ITALIC, 0x2070));
	fontset_free(fs);
	fontset_free(NULL);
}
END_TEST

START_TEST(missing_font)
{
	FILE *sink = tmpfile();
	diag_set_stream(sink);
	ck_assert_ptr_null(font_load(FONTS "/NoSuchFont.ttf"));
	ck_assert_ptr_null(fontset_load("/nonexistent"));
	ck_assert_int_eq(diag_worst(), DL_FATAL);
	diag_set_stream(NULL);
	diag_reset();
	fclose(sink);
	font_free(NULL);
}
END_TEST

Suite *font_suite(void);
Suite *
font_suite(void)
{
	Suite *s = suite_create("font");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, advance_widths);
	tcase_add_test(tc, kerning);
	tcase_add_test(tc, glyph_coverage);
	tcase_add_test(tc, vertical_metrics);
	tcase_add_test(tc, fontset);
	tcase_add_test(tc, missing_font);
	suite_add_tcase(s, tc);
	return s;
}

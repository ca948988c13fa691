/* test_style.c: unit tests for style.c: the defaults are the typesetter's old
 * constants (bit for bit), values set what they name, every bad fixture gives
 * its exact message, and a palette base colour keeps the lightness steps. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "diag.h"
#include "palette.h"
#include "style.h"
#include "support.h"

#define BAD_DIR "data/style/bad"

START_TEST(defaults_are_the_old_constants)
{
	struct style *s = style_new();
	/* exactly the expressions of the old tsint.h, so the default output keeps its bytes */
	ck_assert(s->page_w == BOX_A4_W && s->page_h == BOX_A4_H);
	ck_assert(s->left == MM(25) && s->text_w == BOX_A4_W - 2 * MM(25));
	ck_assert(s->top == BOX_A4_H - MM(25) && s->bottom == MM(30) && s->footer_y == MM(17));
	ck_assert(s->body == 10.5 && s->body_lead == 14.0 && s->note == 8.5 && s->note_lead == 10.5);
	ck_assert(s->mark == 6.8 && s->mark_rise == 3.8 && s->note_mark == 5.8);
	ck_assert(s->table == 9.0 && s->table_lead == 11.5 && s->caption == 10.0 && s->caption_lead == 12.5);
	ck_assert(s->heading == 13.0 && s->title == 16.0 && s->accent == 0 && !s->has_palette);
	for (int f = 0; f < FONT_NFACES; f++)
		ck_assert_ptr_null(s->font[f]);
	ck_assert_ptr_null(s->logo.path);
	ck_assert_uint_eq(style_nfiles(s), 0);
	style_free(s);
	style_free(NULL);
}
END_TEST

START_TEST(values_set_what_they_name)
{
	const char *path = "/tmp/notat-test-style.style";
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("# comment\n  paper   letter  \nmargin-left 20\nmargin-bottom 40\nsize-body 12\n"
	    "colour-accent #0f5A55\ncolour-palette #1B6F6A\n"
	    "logo ../../layouts/trivsel-2024/logo.png\nlogo-width 40\nlogo-alt Et logo\n", f);
	fclose(f);
	/* the logo path is relative to the style file: write it where that holds */
	ck_assert_int_eq(system("mkdir -p /tmp/notat-test-style/a/b && cp /tmp/notat-test-style.style "
	    "/tmp/notat-test-style/a/b/s.style && mkdir -p /tmp/notat-test-style/layouts/trivsel-2024 && "
	    "cp ../layouts/trivsel-2024/logo.png /tmp/notat-test-style/layouts/trivsel-2024/"), 0);
	support_cap_begin();
	struct style *s = style_load("/tmp/notat-test-style/a/b/s.style", NULL);
	char *msg = support_cap_end();
	ck_assert_msg(s != NULL, "%s", msg);
	free(msg);
	ck_assert(s->page_w == 612 && s->page_h == 792);
	ck_assert(s->left == MM(20) && s->right == MM(25) && s->bottom == MM(40));
	ck_assert(fabs(s->footer_y - MM(27)) < 1e-9);
	ck_assert(fabs(s->text_w - (612 - MM(45))) < 1e-9);
	ck_assert(s->body == 12 && fabs(s->body_lead - 16) < 1e-9); /* the leading keeps 14/10.5 */
	ck_assert_uint_eq(s->accent, 0x0F5A55);
	ck_assert(s->has_palette && s->palette == 0x1B6F6A);
	ck_assert_ptr_nonnull(s->logo.data);
	ck_assert(s->logo.kind == STYLE_PNG && s->logo.px_w == 640 && s->logo.px_h == 160);
	ck_assert(fabs(s->logo.width - MM(40)) < 1e-9);
	ck_assert_str_eq(s->logo.alt, "Et logo");
	const char *role;
	ck_assert_uint_eq(style_nfiles(s), 1);
	ck_assert_str_eq(style_file(s, 0, &role), "/tmp/notat-test-style/a/b/../../layouts/trivsel-2024/logo.png");
	ck_assert_str_eq(role, "logo");
	style_free(s);
	ck_assert_int_eq(system("rm -rf /tmp/notat-test-style /tmp/notat-test-style.style"), 0);
}
END_TEST

START_TEST(shipped_fonts_by_name)
{
	/* a bare font name that is not beside the style is one of notat's own fonts/ */
	const char *path = "/tmp/notat-test-style2.style";
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("font-heading LiberationSans-Bold.ttf\n", f);
	fclose(f);
	setenv("NOTAT_SHARE", "..", 1);
	support_cap_begin();
	struct style *s = style_load(path, NULL);
	char *msg = support_cap_end();
	unsetenv("NOTAT_SHARE");
	ck_assert_msg(s != NULL, "%s", msg);
	free(msg);
	ck_assert_str_eq(s->font[FONT_HEADING], "../fonts/LiberationSans-Bold.ttf");
	ck_assert_ptr_null(s->font[0]);
	style_free(s);
	remove(path);
}
END_TEST

static void
check_bad(const char *path, const char *want)
{
	support_cap_begin();
	struct style *s = style_load(path, NULL);
	char *got = support_cap_end();
	ck_assert_msg(s == NULL, "%s loaded", path);
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(diag_exit_status(), 1);
	free(got);
	diag_reset();
}

START_TEST(bad_fixtures_give_their_messages)
{
	ck_assert_int_ge(support_each_bad(BAD_DIR, ".style", check_bad), 18);
}
END_TEST

START_TEST(palette_base_keeps_the_steps)
{
	/* the hue of a colour comes back from pal_hues_of; the hued palette's
	 * lightnesses are the default palette's */
	for (double h = 10; h < 360; h += 50) {
		uint32_t c = pal_lch(50, 30, h);
		struct pal_hues hu = pal_hues_of(c);
		ck_assert_msg(fabs(hu.main - h) < 2, "hue %g came back as %g", h, hu.main);
		ck_assert(fabs(fmod(hu.other - hu.main + 360, 360) - 180) < 1e-9);
		for (size_t n = 2; n <= 7; n++) {
			uint32_t a[PAL_MAX], b[PAL_MAX];
			pal_make(PAL_SEQUENTIAL, n, -1, a);
			pal_make_hued(&hu, PAL_SEQUENTIAL, n, -1, b);
			for (size_t i = 0; i < n; i++)
				ck_assert_msg(fabs(pal_lightness(a[i]) - pal_lightness(b[i])) < 1.0, "n=%zu i=%zu", n, i);
			for (size_t i = 1; i < n; i++)
				ck_assert(pal_lightness(b[i - 1]) - pal_lightness(b[i]) >= PAL_MIN_DL - 0.5);
		}
	}
}
END_TEST

Suite *style_suite(void);
Suite *
style_suite(void)
{
	Suite *s = suite_create("style");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, defaults_are_the_old_constants);
	tcase_add_test(tc, values_set_what_they_name);
	tcase_add_test(tc, shipped_fonts_by_name);
	tcase_add_test(tc, bad_fixtures_give_their_messages);
	tcase_add_test(tc, palette_base_keeps_the_steps);
	suite_add_tcase(s, tc);
	return s;
}

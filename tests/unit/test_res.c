/* test_res.c: unit tests for res.c (share directory lookup, ICC profile check). */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "res.h"
#include "util.h"

#include "support.h"

#define ICC "../fonts/sRGB.icc" /* the shipped profile; tests run in tests/ */

/* Writes the shipped profile to path with byte at set to val (at < 0: unchanged), cut to len bytes (0: whole). */
static void
write_icc(const char *path, long at, int val, size_t len)
{
	size_t n;
	char *b = util_slurp(ICC, &n);
	ck_assert_ptr_nonnull(b);
	if (at >= 0)
		b[at] = (char)val;
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(b, 1, len ? len : n, f);
	fclose(f);
	free(b);
}

/* The single message res_check_icc gives for a profile changed at byte at. */
static void
icc_bad(long at, int val, size_t len, const char *want_reason)
{
	char path[] = "/tmp/notat-icc-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	write_icc(path, at, val, len);
	support_cap_begin();
	ck_assert_int_eq(res_check_icc(path), 1);
	char *got = support_cap_end();
	char *want = xasprintf("%s: error: not an ICC profile for a PDF/A-1 output intent: %s\n", path, want_reason);
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
	unlink(path);
}

START_TEST(icc_shipped_ok)
{
	support_cap_begin();
	ck_assert_int_eq(res_check_icc(ICC), 0);
	char *got = support_cap_end();
	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

START_TEST(icc_defects)
{
	icc_bad(36, 'x', 0, "no 'acsp' signature at byte 36");
	icc_bad(3, 0x0b, 0, "the size in its header differs from the file's size");
	icc_bad(-1, 0, 200, "the size in its header differs from the file's size");
	icc_bad(-1, 0, 100, "its size is not that of an ICC profile");
	icc_bad(16, 'C', 0, "its colour space is not RGB");
	icc_bad(12, 's', 0, "it is neither a display ('mntr') nor an output ('prtr') profile");
	icc_bad(8, 4, 0, "its version is not 2.x (PDF/A-1 allows no later version)");
}
END_TEST

START_TEST(icc_not_a_file)
{
	support_cap_begin();
	ck_assert_int_eq(res_check_icc("/tmp"), 1);
	ck_assert_int_eq(res_check_icc("/nonexistent/sRGB.icc"), 3);
	char *got = support_cap_end();
	ck_assert_str_eq(got, "/tmp: error: not an ICC profile for a PDF/A-1 output intent: not a regular file\n"
	                      "/nonexistent/sRGB.icc: error: cannot open: No such file or directory\n");
	free(got);
}
END_TEST

START_TEST(share_from_env)
{
	setenv("NOTAT_SHARE", "..", 1);
	char *d = res_share_dir();
	ck_assert_str_eq(d, "..");
	free(d);
	char *p = res_path("layouts/hyph-da.txt");
	ck_assert_str_eq(p, "../layouts/hyph-da.txt");
	free(p);
	setenv("NOTAT_SHARE", "data", 1); /* tests/data has no fonts/ */
	support_cap_begin();
	ck_assert_ptr_null(res_share_dir());
	ck_assert_ptr_null(res_path("fonts"));
	char *got = support_cap_end();
	ck_assert_str_eq(got, "notat: error: NOTAT_SHARE=data has no fonts/ directory\n"
	                      "notat: error: NOTAT_SHARE=data has no fonts/ directory\n");
	free(got);
	unsetenv("NOTAT_SHARE");
}
END_TEST

/* The unit test program lives in build/unit, which has no fonts/; the
 * current directory (tests/) is never looked in, though ../fonts exists. */
START_TEST(share_never_cwd)
{
	unsetenv("NOTAT_SHARE");
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	ck_assert(chdir("..") == 0); /* the checkout root: has fonts/ */
	support_cap_begin();
	char *d = res_share_dir();
	char *got = support_cap_end();
	ck_assert(chdir("tests") == 0);
	char *head = xasprintf("notat: error: cannot find notat's resources (a directory with fonts/); "
	                       "looked in %s, %s/../share/notat, ", exe, exe);
	if (d == NULL) { /* nothing installed under the compiled-in prefix */
		ck_assert_msg(strncmp(got, head, strlen(head)) == 0, "got: %s", got);
	} else { /* an installed notat: the compiled-in directory, never "." */
		ck_assert_str_eq(got, "");
		ck_assert_str_ne(d, ".");
		char *f = xasprintf("%s/fonts", d);
		struct stat st;
		ck_assert(stat(f, &st) == 0 && S_ISDIR(st.st_mode));
		free(f);
	}
	free(head);
	free(got);
	free(d);
}
END_TEST

Suite *res_suite(void);
Suite *
res_suite(void)
{
	Suite *s = suite_create("res");
	TCase *tc = tcase_create("res");
	tcase_add_test(tc, icc_shipped_ok);
	tcase_add_test(tc, icc_defects);
	tcase_add_test(tc, icc_not_a_file);
	tcase_add_test(tc, share_from_env);
	tcase_add_test(tc, share_never_cwd);
	suite_add_tcase(s, tc);
	return s;
}

/* test_fs.c: file-system helpers of util.c (removal that never follows links,
 * regular-file inputs) and the manifest's confinement and trailer (mf.c). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "mf.h"
#include "util.h"

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static int
exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

START_TEST(rm_rf_keeps_link_targets)
{
	char top[] = "/tmp/notat-fs-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(top));
	char *keep = xasprintf("%s/keep", top), *kf = xasprintf("%s/keep/f", top);
	char *tree = xasprintf("%s/tree", top), *sub = xasprintf("%s/tree/sub", top);
	char *l1 = xasprintf("%s/tree/link", top), *l2 = xasprintf("%s/tree/sub/flink", top);
	char *l3 = xasprintf("%s/treelink", top), *f = xasprintf("%s/tree/sub/x", top);
	ck_assert_int_eq(mkdir(keep, 0777), 0);
	put(kf, "keep");
	ck_assert_int_eq(mkdir(tree, 0777), 0);
	ck_assert_int_eq(mkdir(sub, 0777), 0);
	put(f, "x");
	ck_assert_int_eq(symlink(keep, l1), 0);
	ck_assert_int_eq(symlink(kf, l2), 0);
	ck_assert_int_eq(symlink(keep, l3), 0);
	util_rm_rf(l3); /* a symlink to a directory: the link goes, not the directory */
	ck_assert(!exists(l3));
	ck_assert(exists(kf));
	util_rm_rf(tree);
	ck_assert(!exists(tree));
	ck_assert(exists(kf));
	util_rm_rf(tree); /* missing: fine */
	util_rm_rf(keep);
	ck_assert(!exists(keep));
	rmdir(top);
	free(keep), free(kf), free(tree), free(sub), free(l1), free(l2), free(l3), free(f);
}
END_TEST

START_TEST(open_input_regular_only)
{
	char top[] = "/tmp/notat-fs-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(top));
	char *fifo = xasprintf("%s/fifo", top), *file = xasprintf("%s/f", top);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	put(file, "x");
	ck_assert_int_eq(util_open_input(fifo), -1); /* returns at once: no writer needed */
	ck_assert_int_eq(errno, UTIL_EFIFO);
	ck_assert_str_eq(util_strerror(errno), "not a regular file (a FIFO)");
	ck_assert_int_eq(util_open_input(top), -1);
	ck_assert_str_eq(util_strerror(errno), "not a regular file (a directory)");
	ck_assert_int_eq(util_open_input("/dev/null"), -1);
	ck_assert_str_eq(util_strerror(errno), "not a regular file (a device)");
	int fd = util_open_input(file);
	ck_assert_int_ge(fd, 0);
	char c;
	ck_assert_int_eq(read(fd, &c, 1), 1); /* blocking mode again, readable */
	close(fd);
	size_t n;
	ck_assert_ptr_null(util_slurp(fifo, &n));
	unlink(fifo), unlink(file), rmdir(top);
	free(fifo), free(file);
}
END_TEST

START_TEST(manifest_names_and_trailer)
{
	ck_assert(mf_name_ok("notat.pdf"));
	ck_assert(mf_name_ok("bilag1/tabel-01.csv"));
	const char *bad[] = {"", "/etc/passwd", "../x", "a/../b", "a//b", "a/", ".hidden", "bilag1/.x", "manifest",
		"a\tb"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!mf_name_ok(bad[i]), "accepted \"%s\"", bad[i]);
	char dir[] = "/tmp/notat-mf-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *path = xasprintf("%s/manifest", dir);
	struct mf *m = mf_new("9.9");
	mf_add(m, "option", "min-base", "5");
	mf_add_output_hash(m, "notat.pdf", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	ck_assert_int_eq(mf_write(m, path), 0);
	mf_free(m);
	m = mf_read(path); /* round trip: the trailer it wrote is accepted */
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->version, "9.9");
	ck_assert_ptr_nonnull(mf_find(m, "output", "notat.pdf"));
	mf_free(m);
	size_t n;
	char *text = util_slurp(path, &n);
	ck_assert_ptr_nonnull(strstr(text, "\nend 4 "));
	char *opt = strstr(text, "option min-base 5\n");
	ck_assert_ptr_nonnull(opt);
	memmove(opt, opt + strlen("option min-base 5\n"), strlen(opt) - strlen("option min-base 5\n") + 1);
	FILE *f = fopen(path, "w"); /* one line dropped: refused, with the count named */
	fputs(text, f);
	fclose(f);
	free(text);
	char *msgs = NULL;
	size_t mlen = 0;
	FILE *ms = open_memstream(&msgs, &mlen);
	diag_set_stream(ms);
	ck_assert_ptr_null(mf_read(path));
	diag_set_stream(NULL);
	fclose(ms);
	ck_assert_ptr_nonnull(strstr(msgs, ":4:1: error: the trailer counts 4 lines above it, the manifest has 3"));
	free(msgs);
	diag_reset();
	unlink(path);
	rmdir(dir);
	free(path);
}
END_TEST

Suite *fs_suite(void);
Suite *
fs_suite(void)
{
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, rm_rf_keeps_link_targets);
	tcase_add_test(tc, open_input_regular_only);
	tcase_add_test(tc, manifest_names_and_trailer);
	suite_add_tcase(s, tc);
	return s;
}

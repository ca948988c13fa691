/* test_srcin.c: unit tests for srcin.c: line ends, BOM, NUL bytes and the size limits of source files. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "srcin.h"

/* Writes n bytes of text to a fresh file under /tmp and returns its path. */
static char *
write_file(const char *text, size_t n)
{
	char *path = xasprintf("/tmp/notat-srcin-%ld.txt", (long)getpid());
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, n, f), n);
	fclose(f);
	return path;
}

/* Reads text through srcin; the messages go to *err (caller frees). */
static struct srcin *
read_text(const char *text, size_t n, char **err, char **path)
{
	*path = write_file(text, n);
	size_t len = 0;
	FILE *msg = open_memstream(err, &len);
	diag_set_stream(msg);
	diag_reset();
	struct srcin *s = srcin_read(*path, NULL);
	diag_set_stream(NULL);
	fclose(msg);
	return s;
}

/* The message of err after the file name, or "" */
static const char *
after_path(const char *err, const char *path)
{
	size_t n = strlen(path);
	return strncmp(err, path, n) == 0 ? err + n : err;
}

START_TEST(line_ends)
{
	/* LF, CRLF and a lone CR each end one line; a BOM is skipped */
	static const char text[] = "\xEF\xBB\xBF" "a\nb\r\nc\rd\r\re";
	char *err, *path;
	struct srcin *s = read_text(text, sizeof text - 1, &err, &path);
	ck_assert_msg(s != NULL, "%s", err);
	const char *want[] = {"a", "b", "c", "d", "", "e"};
	ck_assert_uint_eq(s->nline, 6);
	for (size_t i = 0; i < 6; i++)
		ck_assert_str_eq(s->line[i], want[i]);
	srcin_free(s);
	unlink(path);
	free(path);
	free(err);
}
END_TEST

START_TEST(bad_bytes)
{
	static const struct {
		const char *text;
		size_t n;
		const char *msg;
	} cases[] = {
		{"ab\ncd\0ef\n", 9, ":2:3: error: NUL byte (a layout or codebook is text)\n"},
		{"ab\rcd\xE6\n", 7, ":2:3: error: invalid UTF-8 byte 0xE6 (the file must be UTF-8)\n"},
		{"\xEF\xBB\xBFx\r\n\0", 7, ":2:1: error: NUL byte (a layout or codebook is text)\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *err, *path;
		struct srcin *s = read_text(cases[i].text, cases[i].n, &err, &path);
		ck_assert_ptr_null(s);
		ck_assert_msg(strcmp(after_path(err, path), cases[i].msg) == 0, "case %zu: %s", i, err);
		ck_assert_int_eq(diag_exit_status(), 1);
		unlink(path);
		free(path);
		free(err);
	}
	diag_reset();
}
END_TEST

START_TEST(limits)
{
	/* a line one byte longer than the limit, at line 2 */
	size_t n = 2 + (size_t)SRCIN_MAX_LINE + 1;
	char *text = xmalloc(n);
	memcpy(text, "x\n", 2);
	memset(text + 2, 'a', n - 2);
	char *err, *path;
	struct srcin *s = read_text(text, n, &err, &path);
	ck_assert_ptr_null(s);
	char *want = xasprintf(":2:%d: error: line longer than 1 MiB\n", SRCIN_MAX_LINE + 1);
	ck_assert_str_eq(after_path(err, path), want);
	free(want);
	free(err);
	free(text);
	unlink(path);
	free(path);

	/* a file one byte over the size limit, of 16-byte lines */
	n = (size_t)SRCIN_MAX_FILE + 1;
	text = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		text[i] = i % 16 == 15 ? '\n' : 'b';
	s = read_text(text, n, &err, &path);
	ck_assert_ptr_null(s);
	want = xasprintf(":%d:1: error: the file is larger than 16 MiB\n", SRCIN_MAX_FILE / 16 + 1);
	ck_assert_str_eq(after_path(err, path), want);
	free(want);
	free(err);
	free(text);
	unlink(path);
	free(path);
	diag_reset();
}
END_TEST

START_TEST(not_a_file)
{
	char *err = NULL;
	size_t len = 0;
	FILE *msg = open_memstream(&err, &len);
	diag_set_stream(msg);
	diag_reset();
	ck_assert_ptr_null(srcin_read("/tmp", NULL));
	diag_set_stream(NULL);
	fclose(msg);
	ck_assert_str_eq(err, "/tmp: error: /tmp is not a regular file\n");
	free(err);
	diag_reset();
}
END_TEST

Suite *srcin_suite(void);
Suite *
srcin_suite(void)
{
	Suite *s = suite_create("srcin");
	TCase *tc = tcase_create("read");
	tcase_add_test(tc, line_ends);
	tcase_add_test(tc, bad_bytes);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, not_a_file);
	suite_add_tcase(s, tc);
	return s;
}

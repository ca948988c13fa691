/* test_resp.c: unit tests for resp.c: coded rows of data/cb/svar.csv and every bad file in data/cb/bad/data/. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cb.h"
#include "diag.h"
#include "support.h"
#include "resp.h"

/* Bad response files live in a subdirectory of data/cb/bad/ so that the
 * end-to-end test (tests/e2e/errors.sh, which runs the .csv files of tests/data/NAME/bad/
 * against the sample layout's codebook) does not pick them up: they are
 * written for data/cb/mini.txt. */
#define BAD_DIR "data/cb/bad/data"
#define M CB_MISSING

enum { ID, KOMMUNE, OMRAADE, STATUS, AERE, KURSER, RADG, SIRI, ANTAL, NOTE, REGION, MENAPT, NV };

static struct codebook *cb;

/* The rows delivered. */
static int rows[8][NV];
static long lines[8];
static int nrows;

static void
collect(void *ctx, const int *row, long line)
{
	ck_assert_ptr_eq(ctx, &nrows);
	if (nrows < 8) {
		memcpy(rows[nrows], row, sizeof rows[0]);
		lines[nrows] = line;
	}
	nrows++;
}

static void
setup(void)
{
	diag_reset();
	cb = cb_load("data/cb/mini.txt");
	ck_assert_ptr_nonnull(cb);
	nrows = 0;
}

static void
teardown(void)
{
	cb_free(cb);
	diag_reset();
}

/* Streams path; returns resp_stream's status and the messages in *out. */
static int
stream(const char *path, int delim, char **out)
{
	size_t len;
	FILE *f = open_memstream(out, &len);
	diag_reset();
	diag_set_stream(f);
	int st = resp_stream(cb, path, delim, collect, &nrows);
	diag_set_stream(NULL);
	fclose(f);
	return st;
}

static void
assert_row(int r, const int *want)
{
	for (int v = 0; v < NV; v++)
		ck_assert_msg(rows[r][v] == want[v], "row %d var %s: %d, want %d", r, cb->vars[v].name,
		    rows[r][v], want[v]);
}

START_TEST(good_file)
{
	char *out;
	ck_assert_int_eq(stream("data/cb/svar.csv", 0, &out), 0);
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_int_eq(nrows, 4);
	/* columns in the file: id,status,kommune,omraade,aere,kend_kurser,kend_radg,bi_siri,antal,note */
	assert_row(0, (int[]){1, 0, 1, 1, 1, 3, 4, 1, 5, 1, 1, 6800});
	assert_row(1, (int[]){2, 1, 2, 2, 2, 1, M, M, -3, M, 3, 40});
	assert_row(2, (int[]){3, 2, 70, 3, M, M, M, M, M, M, 2, 2500});
	assert_row(3, (int[]){4, 3, 1, 1, 2, 2, 2, M, 12, 1, 1, 3000});
	ck_assert_int_eq(lines[0], 3);
	ck_assert_int_eq(lines[3], 6);
}
END_TEST

/* Writes text to a temporary file; returns its path (caller frees and unlinks). */
static char *
tmp_file(const char *text)
{
	char *path = xstrdup("/tmp/notat-resp-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static const char *HEADER = "id,kommune,omraade,status,aere,kend_kurser,kend_radg,bi_siri,antal,note\n";

START_TEST(semicolons)
{
	char *p = tmp_file("id;kommune;omraade;status;aere;kend_kurser;kend_radg;bi_siri;antal;note\n"
	                   "x;Køge;1;1;1;3;4;1;5;tekst; med semikolon\n");
	char *out;
	ck_assert_int_eq(stream(p, 0, &out), 1); /* 11 fields */
	free(out);
	unlink(p);
	free(p);
	p = tmp_file("id;kommune;omraade;status;aere;kend_kurser;kend_radg;bi_siri;antal;note\n"
	             "x;Køge;1;1;1;3;4;1;5;\"tekst; med semikolon\"\n");
	nrows = 0;
	ck_assert_int_eq(stream(p, 0, &out), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(nrows, 1);
	ck_assert_int_eq(rows[0][KOMMUNE], 2);
	ck_assert_int_eq(rows[0][NOTE], 1);
	free(out);
	unlink(p);
	free(p);
}
END_TEST

/* Counts the lines of out that contain s. */
static int
count_lines(const char *out, const char *s)
{
	int n = 0;
	for (const char *l = out; *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		char *line = xstrndup(l, len);
		n += strstr(line, s) != NULL;
		free(line);
		l += len + (e != NULL);
	}
	return n;
}

START_TEST(error_limit)
{
	struct buf b = {0};
	buf_puts(&b, HEADER);
	for (int i = 0; i < 30; i++)
		buf_printf(&b, "R%d,Køge,9,1,1,3,4,1,5,\n", i);
	char *p = tmp_file(b.s);
	buf_free(&b);
	char *out;
	ck_assert_int_eq(stream(p, 0, &out), 1);
	ck_assert_int_eq(count_lines(out, ": error: "), 20);
	ck_assert_int_eq(count_lines(out, "note: too many errors; stopped reading /tmp/notat-resp-"), 1);
	ck_assert_int_eq(nrows, 0);
	free(out);
	unlink(p);
	free(p);
}
END_TEST

START_TEST(warning_limit)
{
	struct buf b = {0};
	buf_puts(&b, HEADER);
	for (int i = 0; i < 25; i++) /* status ingen, but aere answered */
		buf_printf(&b, "R%d,Køge,1,3,1,,,,,\n", i);
	char *p = tmp_file(b.s);
	buf_free(&b);
	char *out;
	ck_assert_int_eq(stream(p, 0, &out), 0);
	ck_assert_int_eq(count_lines(out, ": warning: answer to \"aere\""), 20);
	ck_assert_int_eq(count_lines(out, ": note: 5 more answers to questions that were not asked are not shown"), 1);
	ck_assert_int_eq(nrows, 25);
	ck_assert_int_eq(diag_exit_status(), 0);
	free(out);
	unlink(p);
	free(p);
}
END_TEST

/* Ids in order, then out of order (the column is marked unsorted and a
 * second pass checks it with a hash set), then a duplicate of an id from
 * the ordered part and one from the unordered part. Every row reaches the
 * callback: the duplicates are found after the main pass. */
START_TEST(ids_out_of_order)
{
	struct buf b = {0};
	buf_puts(&b, HEADER);
	for (int i = 0; i < 1500; i++)
		buf_printf(&b, "A%d,Køge,2,1,1,3,4,,5,\n", i);
	for (int i = 3000; i > 0; i--)
		buf_printf(&b, "B%d,Køge,2,1,1,3,4,,5,\n", i);
	buf_puts(&b, "A77,Køge,2,1,1,3,4,,5,\nB2999,Køge,2,1,1,3,4,,5,\n");
	char *p = tmp_file(b.s);
	buf_free(&b);
	char *out;
	ck_assert_int_eq(stream(p, 0, &out), 1);
	char *want = xasprintf("%s:4502:1: error: duplicate id \"A77\" (first on line 79)\n"
	                       "%s:4503:1: error: duplicate id \"B2999\" (first on line 1503)\n", p, p);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(nrows, 4502);
	free(want);
	free(out);
	unlink(p);
	free(p);
}
END_TEST

/* A repeated id right after itself is out of order too; its duplicate is
 * reported by the second pass, after the main pass's messages, at its cell. */
START_TEST(dup_id_second_pass)
{
	char *p = tmp_file("id,kommune,omraade,status,aere,kend_kurser,kend_radg,bi_siri,antal,note\n"
	                   "R1,Køge,1,1,1,3,4,1,5,\n"
	                   "R2,Køge,1,1,1,3,4,1,5,\n"
	                   "R2,Køge,1,1,1,3,4,1,5,\n"
	                   "R3,Køge,9,1,1,3,4,1,5,\n");
	char *out;
	nrows = 0;
	ck_assert_int_eq(stream(p, 0, &out), 1);
	char *want = xasprintf("%s:5:9: error: value \"9\" is not a code of variable \"omraade\"\n"
	                       "%s:4:1: error: duplicate id \"R2\" (first on line 3)\n", p, p);
	ck_assert_str_eq(out, want);
	free(want);
	free(out);
	unlink(p);
	free(p);
}
END_TEST

/* Streams text; the messages must be want, with every %s the file's path. */
static void
check_text(const char *text, const char *want_fmt, int want_st)
{
	char *p = tmp_file(text);
	char *out;
	ck_assert_int_eq(stream(p, 0, &out), want_st);
	char *want = xasprintf(want_fmt, p, p, p, p);
	ck_assert_str_eq(out, want);
	free(want);
	free(out);
	unlink(p);
	free(p);
}

/* The cells arrive one by one, but a row's messages come at its end, in
 * column order (an empty id included, wherever its column is), and only if
 * the row is whole: a ragged row or a stray quote is reported alone. */
START_TEST(row_messages_in_column_order)
{
	check_text("kommune,omraade,id,status,aere,kend_kurser,kend_radg,bi_siri,antal,note\n"
	           "Atlantis,9,,1,1,3,4,1,x,\nKøge,1,R2,1,1,3,4,1,5,\n",
	           "%s:2:1: error: municipality \"Atlantis\" is not in the municipality table\n"
	           "%s:2:10: error: value \"9\" is not a code of variable \"omraade\"\n"
	           "%s:2:12: error: empty id\n"
	           "%s:2:23: error: \"x\" is not a number\n", 1);
	ck_assert_int_eq(nrows, 0);
	check_text("id,kommune,omraade,status,aere,kend_kurser,kend_radg,bi_siri,antal,note\n"
	           "R1,Køge,9,1,1,3,4,1,5\n",
	           "%s:2:1: error: row has 9 fields, the header has 10\n", 1);
	check_text("id,kommune,omraade,status,aere,kend_kurser,kend_radg,bi_siri,antal,note\n"
	           "R1,Køge,9,1,1,3,4,1,5,a\"b\n",
	           "%s:2:24: error: stray quote in field\n", 1);
}
END_TEST

/* Empty cells are not delivered: each row starts blank again. */
START_TEST(rows_start_blank)
{
	check_text("id,kommune,omraade,status,aere,kend_kurser,kend_radg,bi_siri,antal,note\n"
	           "R1,Køge,1,1,1,3,4,1,5,x\nR2,,,,,,,,,\n", "", 0);
	ck_assert_int_eq(nrows, 2);
	assert_row(1, (int[]){2, M, M, M, M, M, M, M, M, M, M, M});
}
END_TEST

/* resp_stream_set gives the same rows, and every variable outside the set
 * is missing. */
static int set_rows[8][NV];
static int nset_rows;

static void
collect_set(void *ctx, const int *row, const int *set, size_t nset, long line)
{
	ck_assert_ptr_eq(ctx, &nset_rows);
	int in[NV] = {0};
	for (size_t i = 0; i < nset; i++) {
		ck_assert_int_ge(set[i], 0);
		ck_assert_int_lt(set[i], NV);
		in[set[i]] = 1;
	}
	for (int v = 0; v < NV; v++)
		ck_assert_msg(in[v] || row[v] == CB_MISSING, "line %ld var %s not in the set", line,
		    cb->vars[v].name);
	if (nset_rows < 8)
		memcpy(set_rows[nset_rows], row, sizeof set_rows[0]);
	nset_rows++;
}

START_TEST(stream_with_sets)
{
	diag_set_stream(NULL);
	nset_rows = 0;
	ck_assert_int_eq(resp_stream(cb, "data/cb/svar.csv", ',', collect, &nrows), 0);
	ck_assert_int_eq(resp_stream_set(cb, "data/cb/svar.csv", ',', collect_set, &nset_rows), 0);
	ck_assert_int_eq(nset_rows, nrows);
	ck_assert_int_gt(nrows, 1);
	for (int r = 0; r < nrows && r < 8; r++)
		assert_row(r, set_rows[r]);
}
END_TEST

START_TEST(missing_file)
{
	char *out;
	ck_assert_int_eq(stream("data/cb/bad/data/nope.csv", 0, &out), 3);
	ck_assert_ptr_nonnull(strstr(out, "data/cb/bad/data/nope.csv"));
	free(out);
}
END_TEST

START_TEST(no_callback)
{
	diag_set_stream(NULL);
	ck_assert_int_eq(resp_stream(cb, "data/cb/svar.csv", ',', NULL, NULL), 0);
}
END_TEST

/* Streams one bad file; the messages must be want exactly. */
static void
check_bad(const char *path, const char *want)
{
	char *got;
	int st = stream(path, 0, &got);
	ck_assert_msg(strcmp(got, want) == 0, "%s:\n got: %s want: %s", path, got, want);
	int errors = strstr(want, ": error: ") != NULL;
	ck_assert_msg(st == errors, "%s: status %d", path, st);
	free(got);
}

START_TEST(bad_files)
{
	ck_assert_int_ge(support_each_bad(BAD_DIR, ".csv", check_bad), 14);
}
END_TEST

Suite *resp_suite(void);
Suite *
resp_suite(void)
{
	Suite *s = suite_create("resp");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, good_file);
	tcase_add_test(tc, semicolons);
	tcase_add_test(tc, error_limit);
	tcase_add_test(tc, warning_limit);
	tcase_add_test(tc, ids_out_of_order);
	tcase_add_test(tc, dup_id_second_pass);
	tcase_add_test(tc, row_messages_in_column_order);
	tcase_add_test(tc, rows_start_blank);
	tcase_add_test(tc, stream_with_sets);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, no_callback);
	tcase_add_test(tc, bad_files);
	suite_add_tcase(s, tc);
	return s;
}

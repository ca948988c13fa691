/* test_tap.c: csv_reader_tap (the raw bytes of a reading, for hashing) and mf_hasher. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "diag.h"
#include "mf.h"
#include "util.h"

/* Everything the tap was given, and how it ended. */
struct taprec {
	struct buf bytes;
	int ends;     /* calls with n == 0 */
	int after;    /* bytes given after an n == 0 call */
	size_t calls;
};

static void
on_bytes(void *ctx, const void *p, size_t n)
{
	struct taprec *t = ctx;
	t->calls++;
	if (n == 0) {
		t->ends++;
		return;
	}
	if (t->ends)
		t->after = 1;
	for (size_t i = 0; i < n; i++)
		buf_putc(&t->bytes, ((const char *)p)[i]);
}

static int
stop_at_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	(void)r;
	return row->index == *(long *)ctx ? 7 : 0;
}

/* A CSV of rows data rows (with a BOM and a comment line), about 40 bytes a row. */
static char *
write_csv(long rows, size_t *len)
{
	char *path = xstrdup("/tmp/notat-tap.XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	fputs("\xEF\xBB\xBF# comment\nid,name,value\n", f);
	for (long i = 1; i <= rows; i++)
		fprintf(f, "%ld,\"navn %ld, æøå\",%ld\n", i, i, i * 3);
	*len = (size_t)ftell(f);
	fclose(f);
	return path;
}

static char *
slurp(const char *path, size_t len)
{
	char *s = xmalloc(len + 1);
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(s, 1, len + 1, f), len);
	fclose(f);
	return s;
}

/* The tap gets the file's exact bytes over several reads, then one end call. */
START_TEST(tap_whole_file)
{
	size_t len;
	char *path = write_csv(20000, &len); /* several read() chunks */
	char *want = slurp(path, len);
	struct taprec t = {0};
	struct csv_reader *r = csv_reader_new(path, 0, CSV_READ_COMMENTS);
	csv_reader_tap(r, &(struct csv_tap){on_bytes, &t});
	long never = -1;
	ck_assert_int_eq(csv_reader_run(r, stop_at_row, &never), 0);
	csv_reader_free(r);
	ck_assert_uint_eq(t.bytes.len, len);
	ck_assert(memcmp(t.bytes.s, want, len) == 0);
	ck_assert_int_eq(t.ends, 1);
	ck_assert_int_eq(t.after, 0);
	ck_assert_uint_gt(t.calls, 3);
	/* the incremental hash of those bytes is the file's hash */
	struct mf_hasher *h = mf_hasher_new();
	mf_hasher_update(h, t.bytes.s, 1000);
	mf_hasher_update(h, t.bytes.s + 1000, len - 1000);
	mf_hasher_update(h, NULL, 0);
	char a[MF_HEX], b[MF_HEX];
	mf_hasher_hex(h, a);
	ck_assert_int_eq(mf_hash_quiet(path, b), 0);
	ck_assert_str_eq(a, b);
	mf_hasher_free(h);
	unlink(path);
	free(path);
	free(want);
	free(buf_take(&t.bytes));
}
END_TEST

/* A run stopped by its callback does not claim the end of the file. */
START_TEST(tap_stopped_run)
{
	size_t len;
	char *path = write_csv(20000, &len);
	struct taprec t = {0};
	struct csv_reader *r = csv_reader_new(path, 0, CSV_READ_COMMENTS);
	csv_reader_tap(r, &(struct csv_tap){on_bytes, &t});
	long at = 10;
	ck_assert_int_eq(csv_reader_run(r, stop_at_row, &at), 7);
	csv_reader_free(r);
	ck_assert_int_eq(t.ends, 0);
	ck_assert_uint_lt(t.bytes.len, len);
	unlink(path);
	free(path);
	free(buf_take(&t.bytes));
}
END_TEST

/* A bad file ends the run with an error: no end call either. */
START_TEST(tap_bad_file)
{
	char path[] = "/tmp/notat-tap.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "a,b\n1,\"x\n", 9), 9);
	close(fd);
	diag_reset();
	FILE *sink = tmpfile();
	diag_set_stream(sink);
	struct taprec t = {0};
	struct csv_reader *r = csv_reader_new(path, 0, 0);
	csv_reader_tap(r, &(struct csv_tap){on_bytes, &t});
	long never = -1;
	ck_assert_int_ne(csv_reader_run(r, stop_at_row, &never), 0);
	csv_reader_free(r);
	diag_set_stream(NULL);
	fclose(sink);
	diag_reset();
	ck_assert_uint_eq(t.bytes.len, 9);
	unlink(path);
	free(buf_take(&t.bytes));
}
END_TEST

Suite *tap_suite(void);
Suite *
tap_suite(void)
{
	Suite *s = suite_create("tap");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, tap_whole_file);
	tcase_add_test(tc, tap_stopped_run);
	tcase_add_test(tc, tap_bad_file);
	suite_add_tcase(s, tc);
	return s;
}

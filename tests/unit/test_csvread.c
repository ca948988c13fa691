/* test_csvread.c: unit tests for the streaming CSV reader (csvread.c). */
#include <check.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "diag.h"
#include "util.h"

/* What a run produced: status, a dump of the rows, the diagnostics. */
struct result {
	int rc;
	int delim;
	char *path;
	char *rows; /* per row "LINE:" then "line.col=value" per field, '|'-separated */
	char *err;
};

struct sink {
	struct buf out;
	long stop_at; /* index of the row whose callback returns stop_rc */
	int stop_rc;
};

static int
collect(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct sink *k = ctx;
	buf_printf(&k->out, "%ld:", row->line);
	for (size_t i = 0; i < row->n; i++) {
		struct pos p = csv_reader_pos(r, i);
		ck_assert_uint_eq(strlen(row->field[i]), row->len[i]);
		ck_assert_ptr_eq(p.file, csv_reader_file(r));
		buf_printf(&k->out, "%s%d.%d=%s", i ? "|" : "", p.line, p.col, row->field[i]);
	}
	buf_putc(&k->out, '\n');
	return row->index == k->stop_at ? k->stop_rc : 0;
}

static void
result_free(struct result *res)
{
	free(res->path);
	free(res->rows);
	free(res->err);
}

/* Field mode: the same dump as collect's, built field by field. */
struct fsink {
	struct sink k;
	struct csv_reader *r;
	struct buf row;  /* the fields so far, as collect writes them */
	struct buf pos;  /* their positions as seen during on_field */
	size_t next;     /* the column expected next */
	long stop_field; /* stop at this field of data row 1 (-1: never) */
};

/* Appends field i (s) of the row being read to the sink's buffers. */
static void
fsink_add(struct fsink *f, size_t i, const char *s)
{
	struct pos p = csv_reader_pos(f->r, i);
	ck_assert_ptr_eq(p.file, csv_reader_file(f->r));
	buf_printf(&f->row, "%s%d.%d=%s", i ? "|" : "", p.line, p.col, s);
	buf_printf(&f->pos, "%d.%d|", p.line, p.col);
}

/* With CSV_READ_SKIP_EMPTY, the empty fields before column col. */
static void
fsink_fill(struct fsink *f, size_t col)
{
	for (; f->next < col; f->next++)
		fsink_add(f, f->next, "");
}

static int
collect_field(void *ctx, size_t col, const char *s, size_t len)
{
	struct fsink *f = ctx;
	ck_assert_uint_eq(strlen(s), len);
	fsink_fill(f, col);
	ck_assert_uint_eq(col, f->next);
	fsink_add(f, f->next++, s);
	return (long)col == f->stop_field ? f->k.stop_rc : 0;
}

/* The positions asked at the end of the row match those seen per field. */
static int
collect_row_end(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct fsink *f = ctx;
	ck_assert_ptr_null(row->field);
	ck_assert_ptr_null(row->len);
	fsink_fill(f, row->n);
	struct buf again = {0};
	for (size_t i = 0; i < row->n; i++) {
		struct pos p = csv_reader_pos(r, i);
		buf_printf(&again, "%d.%d|", p.line, p.col);
	}
	ck_assert_str_eq(again.s ? again.s : "", f->pos.s ? f->pos.s : "");
	buf_free(&again);
	buf_printf(&f->k.out, "%ld:%s\n", row->line, f->row.s ? f->row.s : "");
	f->row.len = f->pos.len = f->next = 0;
	if (f->row.s)
		f->row.s[0] = f->pos.s[0] = '\0';
	return row->index == f->k.stop_at ? f->k.stop_rc : 0;
}

static int
collect_header(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	return collect(&((struct fsink *)ctx)->k, r, row);
}

enum mode { ROWS, FIELDS, NONEMPTY }; /* csv_reader_run, _run_fields, with SKIP_EMPTY */

static const char *encoding; /* set for the next runs (NULL: the default) */

/* Runs the reader on path in one mode, capturing the diagnostics. */
static struct result
run_mode(const char *path, int delim, unsigned flags, long stop_at, enum mode mode, long stop_field)
{
	struct result res = {.path = xstrdup(path)};
	struct fsink f = {.k = {.stop_at = stop_at, .stop_rc = 42}, .stop_field = stop_field};
	size_t elen;
	FILE *fp = open_memstream(&res.err, &elen);
	diag_reset();
	diag_set_stream(fp);
	struct csv_reader *r = csv_reader_new(path, delim, flags | (mode == NONEMPTY ? CSV_READ_SKIP_EMPTY : 0));
	f.r = r;
	if (r)
		ck_assert_int_eq(csv_reader_set_encoding(r, encoding), 0);
	if (r && mode == ROWS)
		res.rc = csv_reader_run(r, collect, &f.k);
	else
		res.rc = r ? csv_reader_run_fields(r, collect_header, collect_field, collect_row_end, &f) : -1;
	res.delim = r ? csv_reader_delim(r) : 0;
	csv_reader_free(r);
	diag_set_stream(NULL);
	fclose(fp);
	res.rows = buf_take(&f.k.out);
	buf_free(&f.row);
	buf_free(&f.pos);
	return res;
}

/* Runs the reader on path in every mode, with and without the fast path
 * for plain lines (CSV_READ_LIBCSV), checks that every run gives what row
 * mode through libcsv gives, and returns that. */
static struct result
run_path(const char *path, int delim, unsigned flags, long stop_at)
{
	struct result want = run_mode(path, delim, flags | CSV_READ_LIBCSV, stop_at, ROWS, -1);
	struct result got[5] = {
		run_mode(path, delim, flags, stop_at, ROWS, -1),
		run_mode(path, delim, flags, stop_at, FIELDS, -1),
		run_mode(path, delim, flags, stop_at, NONEMPTY, -1),
		run_mode(path, delim, flags | CSV_READ_LIBCSV, stop_at, FIELDS, -1),
		run_mode(path, delim, flags | CSV_READ_LIBCSV, stop_at, NONEMPTY, -1),
	};
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(got[i].rc, want.rc);
		ck_assert_int_eq(got[i].delim, want.delim);
		ck_assert_str_eq(got[i].rows, want.rows);
		ck_assert_str_eq(got[i].err, want.err);
		result_free(&got[i]);
	}
	return want;
}

/* Writes n bytes to a temporary file and runs the reader on it. */
static struct result
run_bytes(const char *s, size_t n, int delim, unsigned flags, long stop_at)
{
	char path[] = "/tmp/test_csvread_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, s, n), (ssize_t)n);
	close(fd);
	struct result res = run_path(path, delim, flags, stop_at);
	unlink(path);
	return res;
}

#define RUN(lit, delim, flags) run_bytes(lit, sizeof(lit) - 1, delim, flags, -1)

/* Checks that the run ended with status rc and exactly the message
 * "PATH" + suffix (none if suffix is ""), after delivering `rows`. */
static void
check_fail(struct result res, int rc, const char *suffix, const char *rows)
{
	char *want = *suffix ? xasprintf("%s%s", res.path, suffix) : xstrdup("");
	ck_assert_int_eq(res.rc, rc);
	ck_assert_str_eq(res.err, want);
	ck_assert_str_eq(res.rows, rows);
	free(want);
	result_free(&res);
}

/* check_fail for an invalid UTF-8 byte that looks like Windows-1252: the
 * error is followed by the hint, at the same position. */
static void
check_fail_cp1252(struct result res, const char *suffix, const char *rows)
{
	const char *e = strstr(suffix, ": error:");
	ck_assert_ptr_nonnull(e);
	char *two = xasprintf("%s%s%.*s: note: the file looks like Windows-1252: try --encoding windows-1252\n",
	    suffix, res.path, (int)(e - suffix), suffix);
	check_fail(res, 1, two, rows);
	free(two);
}

static void
check_ok(struct result res, int delim, const char *rows)
{
	ck_assert_int_eq(res.rc, 0);
	ck_assert_str_eq(res.err, "");
	ck_assert_int_eq(res.delim, delim);
	ck_assert_str_eq(res.rows, rows);
	result_free(&res);
}

START_TEST(good_bom_crlf_semicolon)
{
	/* The BOM is not a column; CRLF inside quotes is kept; the blank line
	 * (line 5) counts. Columns are code points: "København" is 9. */
	check_ok(run_path("data/good/bom_crlf_semicolon.csv", 0, 0, -1), ';',
	         "1:1.1=id|1.4=kommune|1.12=svar|1.17=kommentar\n"
	         "2:2.1=1|2.3=København|2.13=3|2.15=Godt; men dyrt\n"
	         "3:3.1=2|3.3=Århus|3.9=4|3.11=Hun sagde \"ja\"\r\nog gik\n"
	         "6:6.1=3|6.3=Ærø|6.7=1|6.9=\n");
}
END_TEST

START_TEST(delimiter_detection)
{
	check_ok(RUN("a;b;c,d\n1;2;3\n", 0, 0), ';', "1:1.1=a|1.3=b|1.5=c,d\n2:2.1=1|2.3=2|2.5=3\n");
	/* a tie, and no delimiter at all, give ',' */
	check_ok(RUN("a;b,c\n1;2,3\n", 0, 0), ',', "1:1.1=a;b|1.5=c\n2:2.1=1;2|2.5=3\n");
	check_ok(RUN("a\n1\n", 0, 0), ',', "1:1.1=a\n2:2.1=1\n");
	/* quoted delimiters do not count, even across a line break */
	check_ok(RUN("\"x;\ny;z\",b\n1,2\n", 0, 0), ',', "1:1.1=x;\ny;z|2.6=b\n3:3.1=1|3.3=2\n");
	/* forced */
	check_ok(RUN("a,b;c\n1,2;3\n", ';', 0), ';', "1:1.1=a,b|1.5=c\n2:2.1=1,2|2.5=3\n");
	check_ok(RUN("a;b;c\n1;2;3\n", ',', 0), ',', "1:1.1=a;b;c\n2:2.1=1;2;3\n");
}
END_TEST

START_TEST(quoted_fields)
{
	/* delimiter, doubled quotes and newlines inside quotes; lines after them */
	check_ok(RUN("id,t\n1,\"a,b\"\n2,\"sagde \"\"hej\"\"\"\n3,\"to\nlinjer\nher\"\n4,x\n", 0, 0), ',',
	         "1:1.1=id|1.4=t\n"
	         "2:2.1=1|2.3=a,b\n"
	         "3:3.1=2|3.3=sagde \"hej\"\n"
	         "4:4.1=3|4.3=to\nlinjer\nher\n"
	         "7:7.1=4|7.3=x\n");
	/* a quoted field that starts a row, and an empty quoted field */
	check_ok(RUN("a,b\n\"\nx\",\"\"\n", 0, 0), ',', "1:1.1=a|1.3=b\n2:2.1=\nx|3.4=\n");
}
END_TEST

START_TEST(blank_lines_and_spaces)
{
	/* blank and blank-looking lines are skipped but counted; libcsv trims
	 * blanks around unquoted fields, and positions point past them */
	check_ok(RUN("\n \na,b\n\n\t\r\n  1 , \"2\" \n\n", 0, 0), ',',
	         "3:3.1=a|3.3=b\n6:6.3=1|6.7=2\n");
	/* no final newline */
	check_ok(RUN("a,b\n1,2", 0, 0), ',', "1:1.1=a|1.3=b\n2:2.1=1|2.3=2\n");
}
END_TEST

START_TEST(positions_in_code_points)
{
	check_ok(RUN("æøå,x,y\n\"æ\",ø,å\nÆØÅ;,\"\"\"æ\",z\n", 0, 0), ',',
	         "1:1.1=æøå|1.5=x|1.7=y\n"
	         "2:2.1=æ|2.5=ø|2.7=å\n"
	         "3:3.1=ÆØÅ;|3.6=\"æ|3.12=z\n");
}
END_TEST

START_TEST(utf8_sequences)
{
	/* two-, three- and four-byte sequences are one column each */
	check_ok(RUN("a,b,c\nø’😀,x,\"😀\"\"\"\n", 0, 0), ',', "1:1.1=a|1.3=b|1.5=c\n2:2.1=ø’😀|2.5=x|2.7=😀\"\n");
	check_fail_cp1252(RUN("a,b\n1,x\xc3(\n", 0, 0), ":2:4: error: invalid UTF-8 byte 0xC3 (the file must be UTF-8)\n",
	           "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\n1,\xc1\xbf\n", 0, 0), 1, ":2:3: error: invalid UTF-8 byte 0xC1 (the file must be UTF-8)\n",
	           "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\n1,æ\xed\xa0\x80\n", 0, 0), 1,
	           ":2:4: error: invalid UTF-8 byte 0xED (the file must be UTF-8)\n", "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\n1,\xf0\x9f\x98\n", 0, 0), 1,
	           ":2:3: error: invalid UTF-8 byte 0xF0 (the file must be UTF-8)\n", "1:1.1=a|1.3=b\n");
	/* a stray continuation byte */
	check_fail(RUN("a,b\n1,ø\xb8\n", 0, 0), 1, ":2:4: error: invalid UTF-8 byte 0xB8 (the file must be UTF-8)\n",
	           "1:1.1=a|1.3=b\n");
}
END_TEST

START_TEST(comments)
{
	const char text[] = "# kommentar\n\n#anden ø\nid,x\n1,2\n";
	check_ok(run_bytes(text, sizeof text - 1, 0, CSV_READ_COMMENTS, -1), ',', "4:4.1=id|4.4=x\n5:5.1=1|5.3=2\n");
	/* without the flag, '#' starts an ordinary header */
	check_fail(run_bytes(text, sizeof text - 1, 0, 0, -1), 1,
	           ":4:4: error: row has 2 fields, the header has 1\n", "1:1.1=# kommentar\n3:3.1=#anden ø\n");
	/* '#' after the header is data */
	check_ok(RUN("id\n#1\n", 0, CSV_READ_COMMENTS), ',', "1:1.1=id\n2:2.1=#1\n");
	check_fail(RUN("# bare kommentarer\n", 0, CSV_READ_COMMENTS), 1, ": error: file is empty: no header line\n", "");
}
END_TEST

START_TEST(error_unterminated)
{
	check_fail(RUN("a,b\n1,\"x\ny\n", 0, 0), 1, ":2:3: error: unterminated quoted field\n", "1:1.1=a|1.3=b\n");
	/* a doubled quote inside does not reopen; the opening quote is reported */
	check_fail(RUN("a,b\n1,2\n3,  \"x\"\"y", 0, 0), 1, ":3:5: error: unterminated quoted field\n",
	           "1:1.1=a|1.3=b\n2:2.1=1|2.3=2\n");
}
END_TEST

START_TEST(error_stray_quote)
{
	check_fail(RUN("a,b\n1,ab\"c\n", 0, 0), 1, ":2:5: error: stray quote in field\n", "1:1.1=a|1.3=b\n");
	/* "ab"c: the quote that ended the field too early */
	check_fail(RUN("a,b\n1,\"ab\"c\n", 0, 0), 1, ":2:6: error: stray quote in field\n", "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\n1,\"ø\"  c\n", 0, 0), 1, ":2:5: error: stray quote in field\n", "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\n1,\"ab\" \"\n", 0, 0), 1, ":2:8: error: stray quote in field\n", "1:1.1=a|1.3=b\n");
	/* after a multi-line field */
	check_fail(RUN("a,b\n\"x\ny\",æ\"\n", 0, 0), 1, ":3:5: error: stray quote in field\n", "1:1.1=a|1.3=b\n");
}
END_TEST

START_TEST(error_ragged)
{
	check_fail(RUN("a,b,c\n1,2,3\n1,2\n", 0, 0), 1, ":3:1: error: row has 2 fields, the header has 3\n",
	           "1:1.1=a|1.3=b|1.5=c\n2:2.1=1|2.3=2|2.5=3\n");
	/* too many: the first extra field */
	check_fail(RUN("a,b\næ,ø,å,x\n", 0, 0), 1, ":2:5: error: row has 4 fields, the header has 2\n", "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\n\"x\ny\",  \"z\",,\n", 0, 0), 1, ":3:10: error: row has 4 fields, the header has 2\n",
	           "1:1.1=a|1.3=b\n");
}
END_TEST

START_TEST(error_bad_bytes)
{
	check_fail_cp1252(RUN("a,b\n1,\"x\nyz\xff\"\n", 0, 0),
	           ":3:3: error: invalid UTF-8 byte 0xFF (the file must be UTF-8)\n", "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\n1,æ\xc3", 0, 0), 1, ":2:4: error: invalid UTF-8 byte 0xC3 (the file must be UTF-8)\n",
	           "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,\xc0\xaf\n", 0, 0), 1, ":1:3: error: invalid UTF-8 byte 0xC0 (the file must be UTF-8)\n", "");
	check_fail_cp1252(RUN("# \xe6\na\n", 0, CSV_READ_COMMENTS),
	           ":1:3: error: invalid UTF-8 byte 0xE6 (the file must be UTF-8)\n", "");
	/* past the ASCII fast path's first words */
	check_fail_cp1252(RUN("abcdefghijklmnopqrstuvwxyz0123456789,abcdefgh\xe6ijk\n", 0, 0),
	           ":1:46: error: invalid UTF-8 byte 0xE6 (the file must be UTF-8)\n", "");
	check_fail(RUN("a,b\n1,x\0y\n", 0, 0), 1, ":2:4: error: malformed CSV: NUL byte (is the file UTF-16?)\n",
	           "1:1.1=a|1.3=b\n");
	check_fail(RUN("a,b\r1,2\r\n", 0, 0), 1, ":1:4: error: malformed CSV: carriage return without line feed\n", "");
	/* inside quotes a lone CR is data */
	check_ok(RUN("a,b\r\n1,\"x\ry\"\r\n", 0, 0), ',', "1:1.1=a|1.3=b\n2:2.1=1|2.3=x\ry\n");
}
END_TEST

START_TEST(error_empty_and_io)
{
	check_fail(RUN("", 0, 0), 1, ": error: file is empty: no header line\n", "");
	check_fail(RUN("\xef\xbb\xbf\r\n  \n", 0, 0), 1, ": error: file is empty: no header line\n", "");
	check_fail(run_path("data/no-such-file.csv", 0, 0, -1), -1,
	           ": error: cannot open: No such file or directory\n", "");
	ck_assert_int_eq(diag_exit_status(), 3);
	check_fail(run_path("data", 0, 0, -1), -1, ": error: cannot open: not a regular file (a directory)\n", "");
	ck_assert_int_eq(diag_exit_status(), 3);
}
END_TEST

START_TEST(callback_stops)
{
	/* the callback's value comes back, and nothing after it is read or
	 * reported (line 4 is ragged) */
	const char text[] = "a\n1\n2\n3,4\n";
	struct result res = run_bytes(text, sizeof text - 1, 0, 0, 1);
	ck_assert_int_eq(diag_errors(), 0);
	check_fail(res, 42, "", "1:1.1=a\n2:2.1=1\n");
	res = run_bytes(text, sizeof text - 1, 0, 0, 0);
	check_fail(res, 42, "", "1:1.1=a\n");
}
END_TEST

START_TEST(field_callback_stops)
{
	/* on_field's value comes back at once: the row is not ended, and the
	 * ragged row after it is not reported */
	const char text[] = "a,b,c\n1,2,3\n4,5\n";
	char path[] = "/tmp/test_csvread_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	for (enum mode m = FIELDS; m <= NONEMPTY; m++) {
		struct result res = run_mode(path, 0, 0, -1, m, 1);
		check_fail(res, 42, "", "1:1.1=a|1.3=b|1.5=c\n");
		ck_assert_int_eq(diag_errors(), 0);
	}
	unlink(path);
}
END_TEST

START_TEST(bad_files)
{
	static const char *const names[] = {"unterminated_quote", "stray_quote", "ragged", "latin1"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *csv = xasprintf("data/bad/%s.csv", names[i]);
		char *errf = xasprintf("data/bad/%s.err", names[i]);
		size_t n;
		char *want = util_slurp(errf, &n);
		ck_assert_msg(want != NULL, "cannot read %s", errf);
		struct result res = run_path(csv, 0, 0, -1);
		ck_assert_int_eq(res.rc, 1);
		ck_assert_str_eq(res.err, want);
		ck_assert_int_eq(diag_exit_status(), 1);
		result_free(&res);
		free(want);
		free(errf);
		free(csv);
	}
}
END_TEST

/* Many rows, each over two lines, so that rows and lines straddle the
 * 64 KiB reads at every offset; one row in the middle has a 200 KiB field. */
enum { BIG_ROWS = 30000, BIG_MID = 1000, BIG_LONG = 200 * 1024 };

static char *
big_text(size_t *n)
{
	struct buf b = {0};
	buf_puts(&b, "id,tekst,n\n");
	for (int i = 1; i <= BIG_ROWS; i++) {
		if (i == BIG_MID) {
			buf_printf(&b, "%d,\"", i);
			for (int j = 0; j < BIG_LONG; j++)
				buf_putc(&b, 'x');
			buf_printf(&b, "\nø\",%d\n", i);
		} else {
			buf_printf(&b, "%d,\"linje %d\nnæste \"\"%d\"\"\",%d\n", i, i, i, i);
		}
	}
	*n = b.len;
	return buf_take(&b);
}

/* Heap in use, mmapped blocks included (glibc; 0 under tools that replace
 * malloc, and then the check below is void). */
static size_t
heap_used(void)
{
	struct mallinfo2 m = mallinfo2();
	return m.uordblks + m.hblkhd;
}

struct big {
	long seen;
	size_t heap; /* heap in use just after the long row */
};

/* After the long row, the rest of the file must not make the reader grow. */
static void
check_big_heap(struct big *b, long index)
{
	if (index == BIG_MID + 1)
		b->heap = heap_used();
	else if (index == BIG_ROWS)
		ck_assert_uint_le(heap_used(), b->heap + 16 * 1024);
}

static int
check_big_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct big *b = ctx;
	long *seen = &b->seen;
	check_big_heap(b, row->index);
	ck_assert_int_eq(row->index, *seen);
	ck_assert_int_eq(row->line, row->index == 0 ? 1 : 2 * row->index);
	if (row->index > 0) {
		char want[64], next[64];
		snprintf(want, sizeof want, "%ld", row->index);
		ck_assert_str_eq(row->field[0], want);
		ck_assert_str_eq(row->field[2], want);
		snprintf(next, sizeof next, "næste \"\"%ld\"\"\",", row->index);
		if (row->index == BIG_MID)
			strcpy(next, "ø\",");
		struct pos p = csv_reader_pos(r, 2);
		ck_assert_int_eq(p.line, row->line + 1);
		ck_assert_int_eq(p.col, (int)utf8_len(next, strlen(next)) + 1);
		if (row->index == BIG_MID)
			ck_assert_uint_eq(row->len[1], BIG_LONG + strlen("\nø"));
		else
			ck_assert_uint_eq(row->len[1], strlen(row->field[1]));
	}
	++*seen;
	return 0;
}

START_TEST(big_file_across_chunks)
{
	size_t n;
	char *text = big_text(&n);
	ck_assert_uint_gt(n, 4 * 64 * 1024);
	char path[] = "/tmp/test_csvread_XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
	struct big b = {0};
	diag_reset();
	struct csv_reader *r = csv_reader_new(path, 0, 0);
	ck_assert_int_eq(csv_reader_run(r, check_big_row, &b), 0);
	ck_assert_int_eq(b.seen, BIG_ROWS + 1);
	csv_reader_free(r);
	unlink(path);
	/* an error near the end is still placed right */
	char *bad = xasprintf("%s9,\"a\nb\xe6\",9\n", text);
	struct result res = run_bytes(bad, n + 11, 0, 0, -1);
	char *want = xasprintf("%s:%d:2: error: invalid UTF-8 byte 0xE6 (the file must be UTF-8)\n"
	                       "%s:%d:2: note: the file looks like Windows-1252: try --encoding windows-1252\n",
	                       res.path, 2 * BIG_ROWS + 3, res.path, 2 * BIG_ROWS + 3);
	ck_assert_int_eq(res.rc, 1);
	ck_assert_str_eq(res.err, want);
	free(want);
	result_free(&res);
	free(bad);
	free(text);
}
END_TEST

/* Field mode (with and without CSV_READ_SKIP_EMPTY) delivers what row mode
 * delivers: run_path compares them. Spaces and tabs around fields, CRLF, all-blank fields, lines with and
 * without quotes mixed, a multi-line quoted row before a plain line, fields
 * longer than the short-copy size and than the reader's first arena, a
 * ragged plain line, and a last line without LF (libcsv's csv_fini). */
START_TEST(field_mode_matches_row_mode)
{
	check_ok(RUN("a,b,c\n 1 ,\t2\t, 3 x \n,,\n  ,\t, \t\n\"q\",r,s\nt,\"u\nv\",w\nx,y,z\n", 0, 0), ',',
	         "1:1.1=a|1.3=b|1.5=c\n"
	         "2:2.2=1|2.6=2|2.10=3 x\n"
	         "3:3.1=|3.2=|3.3=\n"
	         "4:4.3=|4.5=|4.8=\n"
	         "5:5.1=q|5.5=r|5.7=s\n"
	         "6:6.1=t|6.3=u\nv|7.4=w\n"
	         "8:8.1=x|8.3=y|8.5=z\n");
	check_ok(RUN("a;b\r\n1 ;2\r\n;\r\n3;4", 0, 0), ';',
	         "1:1.1=a|1.3=b\n2:2.1=1|2.4=2\n3:3.1=|3.2=\n4:4.1=3|4.3=4\n");
	/* a 5000-byte field: longer than SMALL and than the arena's 4096 */
	struct buf b = {0}, want = {0};
	buf_puts(&b, "a,b\n1,");
	for (int i = 0; i < 5000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	buf_puts(&b, "\n2,x\n");
	buf_printf(&want, "1:1.1=a|1.3=b\n2:2.1=1|2.3=%.*s\n3:3.1=2|3.3=x\n", 5000, b.s + 6);
	check_ok(run_bytes(b.s, b.len, 0, 0, -1), ',', want.s);
	buf_free(&b);
	buf_free(&want);
	/* ragged plain lines, too many and too few fields */
	struct result res = RUN("a,b\n1,2,3\n", 0, 0);
	check_fail(res, 1, ":2:5: error: row has 3 fields, the header has 2\n", "1:1.1=a|1.3=b\n");
	res = RUN("a,b\n1,2\n 1 \n", 0, 0);
	check_fail(res, 1, ":3:1: error: row has 1 fields, the header has 2\n",
	           "1:1.1=a|1.3=b\n2:2.1=1|2.3=2\n");
}
END_TEST

START_TEST(tab_delimiter)
{
	/* detected like ';'; empty fields, and a line of delimiters only, are
	 * rows; spaces around fields are still trimmed */
	check_ok(RUN("a\tb\tc\n1\t\t3\n\t\t\n x\t y \tz\n", 0, 0), '\t',
	         "1:1.1=a|1.3=b|1.5=c\n2:2.1=1|2.3=|2.4=3\n3:3.1=|3.2=|3.3=\n4:4.2=x|4.5=y|4.8=z\n");
	/* a comma in a tab-separated header does not win */
	check_ok(RUN("a,x\tb\tc\n1\t2\t3\n", 0, 0), '\t', "1:1.1=a,x|1.5=b|1.7=c\n2:2.1=1|2.3=2|2.5=3\n");
	check_fail(RUN("a\tb\n1\t2\t3\n", 0, 0), 1, ":2:5: error: row has 3 fields, the header has 2\n",
	           "1:1.1=a|1.3=b\n");
}
END_TEST

START_TEST(trailing_delimiter)
{
	/* a delimiter at the end of every line: the empty last field is no column */
	check_ok(RUN("a;b;c;\r\n1;2;3;\r\n4;;;\r\n", 0, 0), ';',
	         "1:1.1=a|1.3=b|1.5=c\n2:2.1=1|2.3=2|2.5=3\n3:3.1=4|3.3=|3.4=\n");
	check_fail(RUN("a;b;c;\r\n1;2;3;x\r\n", 0, 0), 1,
	           ":2:7: error: value in the unnamed last column (the header line ends with a delimiter)\n",
	           "1:1.1=a|1.3=b|1.5=c\n");
	check_fail(RUN("a;b;c;\n1;2;3\n", 0, 0), 1, ":2:1: error: row has 3 fields, the header has 4\n",
	           "1:1.1=a|1.3=b|1.5=c\n");
	/* one empty field alone is a (bad) column name, not a trailing delimiter */
	check_ok(RUN("\"\"\n1\n", 0, 0), ',', "1:1.1=\n2:2.1=1\n");
}
END_TEST

START_TEST(encodings)
{
	/* Windows-1252, columns still in characters; 0x80 is the euro sign */
	encoding = "windows-1252";
	check_ok(RUN("id;navn\r\n1;K\xf8" "benhavn\r\n\"\xc6r\xf8\";\x80 5\r\n", 0, 0), ';',
	         "1:1.1=id|1.4=navn\n2:2.1=1|2.3=København\n3:3.1=Ærø|3.7=€ 5\n");
	check_fail(RUN("a;b\n\xe6;1\n\xe6\x81;2\n", 0, 0), 1, ":3:2: error: byte 0x81 cannot be read as windows-1252\n",
	           "1:1.1=a|1.3=b\n2:2.1=æ|2.3=1\n");
	encoding = "ISO-8859-1";
	check_ok(RUN("a,b\n\xe5,\xd8\n", 0, 0), ',', "1:1.1=a|1.3=b\n2:2.1=å|2.3=Ø\n");
	/* UTF-16: with a byte-order mark by default; without one when named */
	encoding = NULL;
	check_ok(RUN("\xff\xfe" "a\0;\0b\0\n\0001\0;\0\xf8\0\n\0", 0, 0), ';', "1:1.1=a|1.3=b\n2:2.1=1|2.3=ø\n");
	check_ok(RUN("\xfe\xff\0a\0,\0b\0\n\0001\0,\0\xf8\0\n", 0, 0), ',', "1:1.1=a|1.3=b\n2:2.1=1|2.3=ø\n");
	encoding = "utf-16le";
	check_ok(RUN("a\0,\0b\0\n\0", 0, 0), ',', "1:1.1=a|1.3=b\n");
	/* a character cut by the end of the file */
	check_fail(RUN("a\0,\0b\0\n\0c", 0, 0), 1, ":2:1: error: byte 0x63 cannot be read as utf-16le\n",
	           "1:1.1=a|1.3=b\n");
	encoding = NULL;
	ck_assert_int_eq(csv_encoding_known("UTF-16"), 1);
	ck_assert_int_eq(csv_encoding_known("ebcdic"), 0);
}
END_TEST

START_TEST(encoding_hints)
{
	struct result res = RUN("a\0,\0b\0\n\0", 0, 0);
	char *want = xasprintf("%s:1:2: error: malformed CSV: NUL byte (is the file UTF-16?)\n"
	    "%s:1:2: note: the file looks like UTF-16 without a byte-order mark: try --encoding utf-16le\n",
	    res.path, res.path);
	check_fail(res, 1, strchr(want, ':'), "");
	free(want);
	/* NULs that are not text: no hint */
	check_fail(RUN("a,b\n1,\0\0\0\0\0\0\0\0\0\n", 0, 0), 1,
	           ":2:3: error: malformed CSV: NUL byte (is the file UTF-16?)\n", "1:1.1=a|1.3=b\n");
}
END_TEST

START_TEST(row_length_limit)
{
	/* a line without an end (e.g. a device that never ends) stops at the limit */
	size_t n = 2 * CSV_MAX_ROW;
	char *s = xmalloc(n);
	memset(s, 'a', n);
	struct result res = run_bytes(s, n, 0, 0, -1);
	char *want = xasprintf("%s:1:%d: error: row longer than %d bytes (a missing line end or an unclosed quote?)\n",
	    res.path, CSV_MAX_ROW + 1, CSV_MAX_ROW);
	ck_assert_int_eq(res.rc, 1);
	ck_assert_str_eq(res.err, want);
	free(want);
	result_free(&res);
	/* so does a row of many lines inside an open quote, on the line the limit falls */
	memcpy(s, "a,b\n1,\"", 7);
	for (size_t i = 107; i < n; i += 100)
		s[i] = '\n';
	size_t lim = 4 + CSV_MAX_ROW; /* the row starts at offset 4 */
	int line = 1, col = 1;
	for (size_t i = 0; i < lim; i++, col++)
		if (s[i] == '\n')
			line++, col = 0;
	res = run_bytes(s, n, 0, 0, -1);
	want = xasprintf("%s:%d:%d: error: row longer than %d bytes (a missing line end or an unclosed quote?)\n",
	    res.path, line, col, CSV_MAX_ROW);
	ck_assert_int_eq(res.rc, 1);
	ck_assert_str_eq(res.err, want);
	free(want);
	result_free(&res);
	/* a row just under the limit is read */
	memset(s, 'a', n);
	memcpy(s, "a\n", 2);
	s[2 + CSV_MAX_ROW - 1] = '\n';
	res = run_bytes(s, 2 + CSV_MAX_ROW, 0, 0, -1);
	ck_assert_int_eq(res.rc, 0);
	result_free(&res);
	free(s);
}
END_TEST

/* The fast path for plain lines gives what libcsv gives (run_path compares
 * every mode with and without it) on the lines it must take or leave. */
START_TEST(fast_path_matches_libcsv)
{
	static const struct {
		const char *s;
		int delim;
		unsigned flags;
	} cases[] = {
		{"a,b,c\nx,\"y\",z\n1,2,3\n", 0, 0},          /* a quoted line between plain ones */
		{"a,b,c\n1,2\"x,3\n4,5,6\n", 0, 0},           /* a quote mid-field: the error */
		{"a,b\n\"x \"\"q\"\" y\",2\n\"\",\"\"\n", 0, 0}, /* "" escapes */
		{"a,b\n1,\"two\nlines\"\n3,4\n5,6\n", 0, 0},  /* plain lines after a field over lines */
		{"a,b\n1,\"two\r\nlines\",\n3,4\n", 0, 0},
		{"a,b\r\n1,2\r\n3,4\r\n5,6", 0, 0},           /* CRLF, no line end at the end */
		{"a,b\n1\r2,3\n", 0, 0},                      /* CR alone */
		{"a,b\n1,2\r", 0, 0},
		{"a,b\n1,2\r\r\n", 0, 0},
		{"a,b,\n1,2,\n3,4,5\n,,\n", 0, 0},            /* trailing delimiters */
		{"a,b,c\n,,\n , , \n\t1 ,\t, 2\t\n", 0, 0},   /* empty and blank fields */
		{"a\tb\n 1\t 2 \n\t\n \t \n", '\t', 0},
		{"a,b\n\n   \n1,2\n\n", 0, 0},                /* blank lines */
		{"# c\n\n#x,y\na;b\n#1;2\n3;4\n", 0, CSV_READ_COMMENTS},
		{"a,b\n\xC3\xA6" "1,\xC3" "2\n", 0, 0},       /* invalid UTF-8 at a field's first byte */
		{"a,b\n1,2\xC3\n3,4\n", 0, 0},                /* ... and last */
		{"a,b\n1,\0" "2\n", 0, 0},                    /* NUL (sizeof counts it) */
		{"a,b\n1,2,3\n4\n", 0, 0},                    /* ragged */
		{"\xEF\xBB\xBF" "a;b;c\n1;2;3\n", 0, 0},      /* BOM */
		{"\"a\",b\n1,2\n\"3\n", 0, 0},                /* unterminated */
		{"a,b\n\"1\",2 \n 3 ,\"4\" \n", 0, 0},
		{"a\n\n1\n\n2", 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i].s);
		if (i == 16)
			n = 9;
		for (long stop = -1; stop < 3; stop++) {
			struct result res = run_bytes(cases[i].s, n, cases[i].delim, cases[i].flags, stop);
			result_free(&res);
		}
	}
	/* what libcsv does with blanks, which the fast path must copy */
	check_ok(RUN("a,b,c\n 1 ,\t2\t, \n", 0, 0), ',', "1:1.1=a|1.3=b|1.5=c\n2:2.2=1|2.6=2|2.10=\n");
	/* a plain row of many fields just under the length limit */
	size_t n = 2 + CSV_MAX_ROW;
	char *s = xmalloc(n);
	memcpy(s, "a\n", 2);
	for (size_t i = 2; i < n; i++)
		s[i] = i % 2 ? ',' : '1';
	s[2] = 'a', s[n - 1] = '\n';
	struct result res = run_bytes(s, n, ',', 0, -1);
	ck_assert_int_eq(res.rc, 1); /* ragged, found on the fast path and by libcsv alike */
	result_free(&res);
	free(s);
}
END_TEST

Suite *csvread_suite(void);
Suite *
csvread_suite(void)
{
	Suite *s = suite_create("csvread");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, good_bom_crlf_semicolon);
	tcase_add_test(tc, delimiter_detection);
	tcase_add_test(tc, quoted_fields);
	tcase_add_test(tc, blank_lines_and_spaces);
	tcase_add_test(tc, positions_in_code_points);
	tcase_add_test(tc, utf8_sequences);
	tcase_add_test(tc, comments);
	tcase_add_test(tc, error_unterminated);
	tcase_add_test(tc, error_stray_quote);
	tcase_add_test(tc, error_ragged);
	tcase_add_test(tc, error_bad_bytes);
	tcase_add_test(tc, error_empty_and_io);
	tcase_add_test(tc, callback_stops);
	tcase_add_test(tc, field_callback_stops);
	tcase_add_test(tc, bad_files);
	tcase_add_test(tc, big_file_across_chunks);
	tcase_add_test(tc, field_mode_matches_row_mode);
	tcase_add_test(tc, tab_delimiter);
	tcase_add_test(tc, trailing_delimiter);
	tcase_add_test(tc, encodings);
	tcase_add_test(tc, encoding_hints);
	tcase_add_test(tc, row_length_limit);
	tcase_add_test(tc, fast_path_matches_libcsv);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

/* fuzz_csvdiff.c: differential libFuzzer harness for the CSV reader's fast path (csvread.c).
 *
 * Every input is read in each mode (csv_reader_run, csv_reader_run_fields
 * with and without CSV_READ_SKIP_EMPTY) twice: with the fast path for plain
 * lines and with every line through libcsv (CSV_READ_LIBCSV). Each run is
 * written down as a log of everything a caller can see: the callbacks in
 * order, each field's length and bytes, each row's line, index and field
 * count, the position of every field (asked inside on_field and at the row
 * end), the diagnostics' text, the status and the delimiter. The harness
 * aborts if the two logs of a mode differ.
 *
 * The first byte: bits 0-1 the delimiter (detect, ',', ';', tab), bit 2
 * CSV_READ_COMMENTS, bits 3-4 the encoding (UTF-8, UTF-8, windows-1252,
 * utf-16le), bit 5 stop the run (the callback's status 7) at the field or
 * row chosen by the second byte. The rest is the file.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "diag.h"
#include "util.h"

enum mode { ROWS, FIELDS, NONEMPTY };

static FILE *quiet; /* /dev/null: diagnostics between the runs */

/* One run's log and what stops it. */
struct log {
	struct buf b;
	struct csv_reader *r;
	long stop_at; /* the callback whose count this is returns 7 (-1: none) */
	long calls;
};

static int
stop_here(struct log *g)
{
	return g->calls++ == g->stop_at ? 7 : 0;
}

/* The position of field i, as the log writes it. */
static void
log_pos(struct log *g, size_t i)
{
	struct pos p = csv_reader_pos(g->r, i);
	buf_printf(&g->b, "@%s:%d:%d", p.file, p.line, p.col);
}

static int
on_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct log *g = ctx;
	buf_printf(&g->b, "row %ld line %ld n %zu%s\n", row->index, row->line, row->n, row->field ? "" : " (fields)");
	for (size_t i = 0; i < row->n; i++) {
		if (row->field != NULL) {
			if (strlen(row->field[i]) != row->len[i])
				abort(); /* a field must be NUL-terminated at its length */
			buf_printf(&g->b, " %zu:", row->len[i]);
			buf_add(&g->b, row->field[i], row->len[i]);
		}
		log_pos(g, i);
	}
	(void)r;
	buf_putc(&g->b, '\n');
	return stop_here(g);
}

static int
on_field(void *ctx, size_t col, const char *s, size_t len)
{
	struct log *g = ctx;
	if (s[len] != '\0')
		abort();
	buf_printf(&g->b, "field %zu %zu:", col, len);
	buf_add(&g->b, s, len);
	log_pos(g, col);
	buf_putc(&g->b, '\n');
	return stop_here(g);
}

/* One run of path in mode; returns its log (caller frees). */
static char *
run(const char *path, const uint8_t *opt, enum mode mode, unsigned libcsv)
{
	static const int delims[] = {0, ',', ';', '\t'};
	static const char *const encs[] = {NULL, "utf-8", "windows-1252", "utf-16le"};
	struct log g = {.stop_at = (opt[0] & 0x20) ? opt[1] : -1};
	char *err = NULL;
	size_t elen = 0;
	FILE *fp = open_memstream(&err, &elen);
	diag_reset();
	diag_set_stream(fp);
	unsigned flags = ((opt[0] & 4) ? CSV_READ_COMMENTS : 0) | (mode == NONEMPTY ? CSV_READ_SKIP_EMPTY : 0) | libcsv;
	g.r = csv_reader_new(path, delims[opt[0] & 3], flags);
	int st = -1;
	if (g.r != NULL && csv_reader_set_encoding(g.r, encs[(opt[0] >> 3) & 3]) == 0)
		st = mode == ROWS ? csv_reader_run(g.r, on_row, &g)
				  : csv_reader_run_fields(g.r, on_row, on_field, on_row, &g);
	buf_printf(&g.b, "status %d delim %d exit %d\n", st, g.r ? csv_reader_delim(g.r) : -1, diag_exit_status());
	csv_reader_free(g.r);
	diag_set_stream(quiet);
	fclose(fp);
	buf_add(&g.b, err, elen);
	free(err);
	fuzz_reset();
	return buf_take(&g.b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_init();
	if (quiet == NULL && (quiet = fopen("/dev/null", "w")) == NULL)
		abort();
	if (size < 2)
		return 0;
	const char *path = fuzz_file("in.csv", NULL, data + 2, size - 2, NULL);
	for (enum mode m = ROWS; m <= NONEMPTY; m++) {
		char *fast = run(path, data, m, 0);
		char *slow = run(path, data, m, CSV_READ_LIBCSV);
		if (strcmp(fast, slow) != 0) {
			fprintf(stderr, "csvdiff: mode %d differs\n--- fast path\n%s--- libcsv\n%s", (int)m, fast, slow);
			abort();
		}
		free(fast);
		free(slow);
	}
	return 0;
}

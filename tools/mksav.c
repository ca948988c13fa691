/* tools/mksav.c: writes responses (CSV) with their codebook as an SPSS .sav file, through libreadstat's writer.
 *
 * usage: mksav CODEBOOK DATA.csv OUT.sav|OUT.dta
 *
 * The output's extension chooses the format: SPSS .sav (row-compressed) or
 * Stata .dta (format 118); the same variables, labels and rows. (Not .por:
 * its variable names are at most 8 upper-case characters, readstat 1.1.8's
 * writer does not check that the header was written and crashes on the
 * first value.)
 *
 * Makes the .sav fixture of the sample (tests/data/readstat/svar.sav) the
 * way a survey tool exports one: every column a variable in the CSV's order,
 * the question text as its variable label, codes as numeric values with
 * value labels (one label set per distinct code list, shared by the
 * variables that use it), measurement level from the codebook type
 * (single and multi nominal, scale ordinal, number scale), ids, municipality
 * names and text as strings, empty cells as system-missing (or ""). The
 * file's timestamp is fixed, so the output is byte-identical on every run.
 * Exit status 0, 1 for bad input (reported), 3 for I/O errors.
 */
#include <errno.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "csvread.h"
#include "diag.h"
#include "util.h"

#define TIMESTAMP 1672531200 /* 2023-01-01 00:00 UTC: fixed, for identical output */

struct col {
	const struct cb_var *v; /* the column's variable */
	size_t width;           /* strings: the longest value, bytes */
	readstat_variable_t *rv;
};

struct job {
	const struct codebook *cb;
	struct col *cols;
	size_t ncols;
	long rows;
	readstat_writer_t *w;
	readstat_label_set_t **sets; /* per variable of cb: its label set, or NULL */
	FILE *out;
	int bad;
};

static int
is_string(const struct cb_var *v)
{
	return v->type == CB_ID || v->type == CB_MUNI || v->type == CB_TEXT;
}

/* Pass 1: the header's variables, the row count and the string widths. */
static int
measure_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct job *j = ctx;
	if (row->index == 0) {
		j->ncols = row->n;
		j->cols = xcalloc(row->n + 1, sizeof *j->cols);
		for (size_t i = 0; i < row->n; i++) {
			int v = cb_var_find(j->cb, row->field[i]);
			if (v < 0) {
				struct pos p = csv_reader_pos(r, i);
				diag(M_CB_UNKNOWN_COLUMN, &p, row->field[i]);
				return 1;
			}
			j->cols[i].v = &j->cb->vars[v];
		}
		return 0;
	}
	j->rows++;
	for (size_t i = 0; i < row->n; i++)
		if (row->len[i] > j->cols[i].width)
			j->cols[i].width = row->len[i];
	return 0;
}

static ssize_t
write_bytes(const void *data, size_t len, void *ctx)
{
	struct job *j = ctx;
	return fwrite(data, 1, len, j->out) == len ? (ssize_t)len : -1;
}

/* Two code lists are one label set when values and labels are equal. */
static int
same_codes(const struct cb_var *a, const struct cb_var *b)
{
	if (a->ncodes != b->ncodes)
		return 0;
	for (size_t i = 0; i < a->ncodes; i++)
		if (a->codes[i].value != b->codes[i].value || strcmp(a->codes[i].label, b->codes[i].label) != 0)
			return 0;
	return 1;
}

/* The label set of column c's variable: shared with an earlier column of
 * the same code list, else new. */
static readstat_label_set_t *
label_set(struct job *j, size_t c, int *nsets)
{
	const struct cb_var *v = j->cols[c].v;
	if (v->ncodes == 0)
		return NULL;
	for (size_t k = 0; k < c; k++)
		if (j->cols[k].v->ncodes > 0 && same_codes(j->cols[k].v, v))
			return j->sets[j->cols[k].v - j->cb->vars];
	char name[32];
	snprintf(name, sizeof name, "labels%d", (*nsets)++);
	readstat_label_set_t *s = readstat_add_label_set(j->w, READSTAT_TYPE_DOUBLE, name);
	for (size_t i = 0; i < v->ncodes; i++)
		readstat_label_double_value(s, v->codes[i].value, v->codes[i].label);
	return s;
}

static void
add_variables(struct job *j)
{
	static const readstat_measure_t measure[] = {
		[CB_ID] = READSTAT_MEASURE_NOMINAL, [CB_MUNI] = READSTAT_MEASURE_NOMINAL,
		[CB_SINGLE] = READSTAT_MEASURE_NOMINAL, [CB_SCALE] = READSTAT_MEASURE_ORDINAL,
		[CB_MULTI] = READSTAT_MEASURE_NOMINAL, [CB_NUMBER] = READSTAT_MEASURE_SCALE,
		[CB_TEXT] = READSTAT_MEASURE_NOMINAL,
	};
	int nsets = 0;
	j->sets = xcalloc(j->cb->nvars + 1, sizeof *j->sets);
	for (size_t c = 0; c < j->ncols; c++) {
		const struct cb_var *v = j->cols[c].v;
		size_t width = j->cols[c].width ? j->cols[c].width : 1;
		readstat_variable_t *rv = is_string(v)
		    ? readstat_add_variable(j->w, v->name, READSTAT_TYPE_STRING, width)
		    : readstat_add_variable(j->w, v->name, READSTAT_TYPE_DOUBLE, 0);
		readstat_variable_set_label(rv, v->text);
		readstat_variable_set_measure(rv, measure[v->type]);
		if (!is_string(v))
			readstat_variable_set_format(rv, v->type == CB_NUMBER ? "F8.2" : "F8.0");
		readstat_label_set_t *s = label_set(j, c, &nsets);
		j->sets[v - j->cb->vars] = s;
		if (s != NULL)
			readstat_variable_set_label_set(rv, s);
		j->cols[c].rv = rv;
	}
}

/* Pass 2: one case per data row. */
static int
write_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct job *j = ctx;
	(void)r;
	if (row->index == 0)
		return 0;
	readstat_begin_row(j->w);
	for (size_t i = 0; i < row->n; i++) {
		const struct col *c = &j->cols[i];
		if (is_string(c->v))
			readstat_insert_string_value(j->w, c->rv, row->field[i]);
		else if (row->len[i] == 0)
			readstat_insert_missing_value(j->w, c->rv);
		else
			readstat_insert_double_value(j->w, c->rv, strtod(row->field[i], NULL));
	}
	return readstat_end_row(j->w) == READSTAT_OK ? 0 : 3;
}

static int
pass(const char *path, csv_row_fn fn, struct job *j)
{
	struct csv_reader *r = csv_reader_new(path, 0, CSV_READ_COMMENTS);
	if (r == NULL)
		return 3;
	int st = csv_reader_run(r, fn, j);
	csv_reader_free(r);
	return st;
}

/* Starts the file in the format OUT's extension names (.sav by default). */
static readstat_error_t
begin_writing(readstat_writer_t *w, struct job *j, const char *out)
{
	const char *dot = strrchr(out, '.');
	if (dot != NULL && strcmp(dot, ".dta") == 0) {
		readstat_writer_set_file_format_version(w, 118); /* Stata 14+: UTF-8 strings */
		return readstat_begin_writing_dta(w, j, j->rows);
	}
	readstat_writer_set_compression(w, READSTAT_COMPRESS_ROWS); /* as SPSS saves by default */
	return readstat_begin_writing_sav(w, j, j->rows);
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: mksav CODEBOOK DATA.csv OUT.sav|OUT.dta\n");
		return 2;
	}
	struct job j = {0};
	struct codebook *cb = cb_load(argv[1]);
	if (cb == NULL)
		return diag_exit_status();
	j.cb = cb;
	int st = pass(argv[2], measure_row, &j);
	if (st == 0 && (j.out = fopen(argv[3], "wb")) == NULL) {
		fprintf(stderr, "mksav: cannot write %s: %s\n", argv[3], strerror(errno));
		st = 3;
	}
	if (st == 0) {
		j.w = readstat_writer_init();
		readstat_set_data_writer(j.w, write_bytes);
		readstat_writer_set_file_label(j.w, cb->title ? cb->title : "");
		readstat_writer_set_file_timestamp(j.w, TIMESTAMP);
		add_variables(&j);
		if (begin_writing(j.w, &j, argv[3]) != READSTAT_OK)
			st = 3;
		if (st == 0)
			st = pass(argv[2], write_row, &j);
		if (st == 0 && readstat_end_writing(j.w) != READSTAT_OK)
			st = 3;
		readstat_writer_free(j.w);
	}
	if (j.out != NULL && fclose(j.out) != 0)
		st = 3;
	free(j.cols);
	free(j.sets);
	cb_free(cb);
	return st;
}

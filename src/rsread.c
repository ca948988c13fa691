/* rsread.c: SPSS, Stata and SAS data files through libreadstat, one case at a time. */
#include "rsread.h"

#include <math.h>
#include <readstat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"

/*
 * How it works. libreadstat's parser calls the variable handler once per
 * variable, then the value handler once per value, case by case and
 * variable by variable. The names are kept; each value is formatted into
 * a small buffer and handed on (field mode) or copied into the case's
 * arena (row mode); the case ends with its last variable. Nothing else
 * grows with the cases.
 */

struct rsread {
	const char *file;
	enum rsread_kind kind;
	unsigned flags;
	csv_row_fn fn;    /* row mode: every row; field mode: the header */
	csv_field_fn ffn; /* field mode */
	csv_row_fn fend;  /* field mode: end of a case */
	void *ctx;
	int stop;         /* a callback's nonzero status */
	char **names;     /* per variable */
	char **formats;
	size_t nvars, cap;
	int header_done;
	long obs;         /* 0-based case being delivered; -1 in the header */
	char num[64];     /* a formatted value */
	struct buf arena; /* row mode: the case's values, NUL-separated */
	size_t *off;      /* row mode: offsets of the values in arena */
	char **field;     /* row mode: the values */
	size_t *flen;
	char err[256];    /* libreadstat's last error message */
};

/* ---- kinds ---- */

static const struct {
	const char *ext;
	enum rsread_kind kind;
} exts[] = {
	{".sav", RSREAD_SAV}, {".zsav", RSREAD_SAV}, {".por", RSREAD_POR},
	{".dta", RSREAD_DTA}, {".sas7bdat", RSREAD_SAS},
};

enum rsread_kind
rsread_kind_of_name(const char *path)
{
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t k = strlen(exts[i].ext);
		if (n > k && strcasecmp(path + n - k, exts[i].ext) == 0)
			return exts[i].kind;
	}
	return RSREAD_NONE;
}

static const unsigned char sas_magic[32] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC2, 0xEA, 0x81, 0x60,
	0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92, 0x08, 0x00, 0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11,
};

enum rsread_kind
rsread_kind_of_bytes(const unsigned char *b, size_t n)
{
	if (n >= 4 && (memcmp(b, "$FL2", 4) == 0 || memcmp(b, "$FL3", 4) == 0))
		return RSREAD_SAV;
	if (n >= 11 && memcmp(b, "<stata_dta>", 11) == 0)
		return RSREAD_DTA;
	if (n >= 32 && memcmp(b, sas_magic, 32) == 0)
		return RSREAD_SAS;
	return RSREAD_NONE;
}

const char *
rsread_kind_name(enum rsread_kind k)
{
	static const char *const names[] = {
		[RSREAD_NONE] = "CSV", [RSREAD_SAV] = "SPSS (.sav)", [RSREAD_POR] = "SPSS portable (.por)",
		[RSREAD_DTA] = "Stata (.dta)", [RSREAD_SAS] = "SAS (.sas7bdat)",
	};
	return names[k];
}

/* ---- dates ---- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's algorithm). */
static long
days_from_civil(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

enum unit { U_DAYS, U_SECONDS, U_MILLIS };

/* Date display formats: the format name's prefix (width digits follow). */
static const struct datefmt {
	enum rsread_kind kind;
	const char *prefix;
	enum unit unit;
	int time; /* also print the time of day */
} datefmts[] = {
	{RSREAD_SAV, "DATETIME", U_SECONDS, 1}, {RSREAD_SAV, "YMDHMS", U_SECONDS, 1},
	{RSREAD_SAV, "DATE", U_SECONDS, 0}, {RSREAD_SAV, "ADATE", U_SECONDS, 0},
	{RSREAD_SAV, "EDATE", U_SECONDS, 0}, {RSREAD_SAV, "SDATE", U_SECONDS, 0},
	{RSREAD_SAV, "JDATE", U_SECONDS, 0},
	{RSREAD_DTA, "%tc", U_MILLIS, 1}, {RSREAD_DTA, "%tC", U_MILLIS, 1},
	{RSREAD_DTA, "%td", U_DAYS, 0}, {RSREAD_DTA, "%d", U_DAYS, 0},
	{RSREAD_SAS, "DATETIME", U_SECONDS, 1}, {RSREAD_SAS, "E8601DT", U_SECONDS, 1},
	{RSREAD_SAS, "DATE", U_DAYS, 0}, {RSREAD_SAS, "DDMMYY", U_DAYS, 0},
	{RSREAD_SAS, "MMDDYY", U_DAYS, 0}, {RSREAD_SAS, "YYMMDD", U_DAYS, 0},
	{RSREAD_SAS, "E8601DA", U_DAYS, 0},
};

/* The date format of a variable, or NULL. .por files use SPSS's formats. */
static const struct datefmt *
date_format(enum rsread_kind kind, const char *fmt)
{
	if (kind == RSREAD_POR)
		kind = RSREAD_SAV;
	for (size_t i = 0; fmt != NULL && i < sizeof datefmts / sizeof datefmts[0]; i++) {
		size_t k = strlen(datefmts[i].prefix);
		if (datefmts[i].kind == kind && strncmp(fmt, datefmts[i].prefix, k) == 0
		    && (fmt[k] == '\0' || (fmt[k] >= '0' && fmt[k] <= '9') || fmt[k] == '.'))
			return &datefmts[i];
	}
	return NULL;
}

/* Writes value v of date format f as ISO text into out (64 bytes). SPSS
 * counts from 1582-10-14, Stata and SAS from 1960-01-01. */
static void
format_date(enum rsread_kind kind, const struct datefmt *f, double v, char *out)
{
	long epoch = kind == RSREAD_SAV || kind == RSREAD_POR ? days_from_civil(1582, 10, 14) : days_from_civil(1960, 1, 1);
	double secs = f->unit == U_DAYS ? v * 86400.0 : f->unit == U_MILLIS ? v / 1000.0 : v;
	if (!(fabs(secs) < 1e13)) { /* about 300000 years: not a date */
		snprintf(out, 64, "%.17g", v);
		return;
	}
	long long s = (long long)floor(secs + 0.5);
	long long day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	long tod = (long)(s - day * 86400);
	long y;
	int m, d;
	civil_from_days(epoch + (long)day, &y, &m, &d);
	if (f->time)
		snprintf(out, 64, "%04ld-%02d-%02d %02ld:%02ld:%02ld", y, m, d, tod / 3600, tod / 60 % 60, tod % 60);
	else
		snprintf(out, 64, "%04ld-%02d-%02d", y, m, d);
}

/* ---- values as text ---- */

/* A number as text: whole numbers as integers, others in the shortest
 * %g form that reads back to the same double. */
static void
format_number(double v, char *out)
{
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(out, 64, "%.0f", v);
		return;
	}
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(out, 64, "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

/* The text of value (len in *len), valid until the next call. */
static const char *
value_text(struct rsread *r, readstat_variable_t *var, readstat_value_t value, size_t *len)
{
	const char *s = "";
	if (readstat_value_is_missing(value, var)) {
		s = "";
	} else if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
		s = readstat_string_value(value);
		s = s ? s : "";
	} else {
		double v = readstat_double_value(value);
		const struct datefmt *f = date_format(r->kind, r->formats[readstat_variable_get_index(var)]);
		if (f != NULL)
			format_date(r->kind, f, v, r->num);
		else
			format_number(v, r->num);
		s = r->num;
	}
	*len = strlen(s);
	return s;
}

/* ---- handlers ---- */

static int
on_variable(int index, readstat_variable_t *var, const char *val_labels, void *ctx)
{
	struct rsread *r = ctx;
	(void)val_labels;
	size_t i = (size_t)index;
	if (i >= r->cap) {
		size_t cap = r->cap;
		xgrow(&r->names, &cap, i + 1, sizeof *r->names);
		xgrow(&r->formats, &r->cap, i + 1, sizeof *r->formats);
	}
	r->names[i] = xstrdup(readstat_variable_get_name(var));
	const char *f = readstat_variable_get_format(var);
	r->formats[i] = xstrdup(f ? f : "");
	if (i + 1 > r->nvars)
		r->nvars = i + 1;
	return READSTAT_HANDLER_OK;
}

/* Delivers the header: the variable names, as row 0. */
static int
header(struct rsread *r)
{
	r->header_done = 1;
	size_t *len = xmalloc((r->nvars + 1) * sizeof *len);
	for (size_t i = 0; i < r->nvars; i++)
		len[i] = strlen(r->names[i]);
	struct csv_row row = {r->nvars, r->names, len, 0, 0};
	int st = r->fn(r->ctx, NULL, &row);
	free(len);
	r->off = xmalloc((r->nvars + 1) * sizeof *r->off);
	r->field = xmalloc((r->nvars + 1) * sizeof *r->field);
	r->flen = xmalloc((r->nvars + 1) * sizeof *r->flen);
	return st;
}

/* The end of case obs: the row callback. */
static int
end_case(struct rsread *r)
{
	struct csv_row row = {r->nvars, NULL, NULL, r->obs + 1, r->obs + 1};
	if (r->ffn != NULL)
		return r->fend(r->ctx, NULL, &row);
	for (size_t i = 0; i < r->nvars; i++) {
		r->field[i] = r->arena.s + r->off[i];
		r->flen[i] = (i + 1 < r->nvars ? r->off[i + 1] - 1 : r->arena.len) - r->off[i];
	}
	row.field = r->field;
	row.len = r->flen;
	int st = r->fn(r->ctx, NULL, &row);
	r->arena.len = 0;
	return st;
}

static int
on_value(int obs_index, readstat_variable_t *var, readstat_value_t value, void *ctx)
{
	struct rsread *r = ctx;
	int st = r->header_done ? 0 : header(r);
	size_t i = (size_t)readstat_variable_get_index(var);
	r->obs = obs_index;
	size_t len;
	const char *s = value_text(r, var, value, &len);
	if (st == 0 && r->ffn != NULL) {
		if (len > 0 || !(r->flags & CSV_READ_SKIP_EMPTY))
			st = r->ffn(r->ctx, i, s, len);
	} else if (st == 0) {
		r->off[i] = r->arena.len;
		buf_add(&r->arena, s, len);
		buf_putc(&r->arena, '\0');
	}
	if (st == 0 && i + 1 == r->nvars)
		st = end_case(r);
	if (st != 0) {
		r->stop = st;
		return READSTAT_HANDLER_ABORT;
	}
	return READSTAT_HANDLER_OK;
}

static void
on_error(const char *msg, void *ctx)
{
	struct rsread *r = ctx;
	snprintf(r->err, sizeof r->err, "%s", msg);
	size_t n = strlen(r->err);
	while (n > 0 && (r->err[n - 1] == '\n' || r->err[n - 1] == '.'))
		r->err[--n] = '\0';
}

/* ---- the API ---- */

struct rsread *
rsread_new(const char *path, enum rsread_kind kind, unsigned flags)
{
	struct rsread *r = xcalloc(1, sizeof *r);
	r->file = util_intern(path);
	r->kind = kind;
	r->flags = flags;
	r->obs = -1;
	return r;
}

/* Runs libreadstat's parser of r's kind with handlers set. */
static readstat_error_t
parse(readstat_parser_t *p, const char *file, enum rsread_kind kind, void *ctx)
{
	switch (kind) {
	case RSREAD_SAV: return readstat_parse_sav(p, file, ctx);
	case RSREAD_POR: return readstat_parse_por(p, file, ctx);
	case RSREAD_DTA: return readstat_parse_dta(p, file, ctx);
	case RSREAD_SAS: return readstat_parse_sas7bdat(p, file, ctx);
	case RSREAD_NONE: break;
	}
	return READSTAT_ERROR_PARSE;
}

/* Reports libreadstat's error e on file; the run's status. */
static int
report(const char *file, enum rsread_kind kind, readstat_error_t e, const char *detail)
{
	struct pos p = {file, 0, 0};
	if (e == READSTAT_ERROR_OPEN) {
		diag(M_IO_OPEN, &p, "libreadstat could not open the file");
		return 3;
	}
	diag(M_RS_READ, &p, rsread_kind_name(kind), detail && *detail ? detail : readstat_error_message(e));
	return 1;
}

static int
run(struct rsread *r)
{
	readstat_parser_t *p = readstat_parser_init();
	readstat_set_variable_handler(p, on_variable);
	readstat_set_value_handler(p, on_value);
	readstat_set_error_handler(p, on_error);
	readstat_error_t e = parse(p, r->file, r->kind, r);
	readstat_parser_free(p);
	if (r->stop != 0)
		return r->stop;
	if (e != READSTAT_OK)
		return report(r->file, r->kind, e, r->err);
	if (!r->header_done) /* no cases */
		return header(r);
	return 0;
}

int
rsread_run(struct rsread *r, csv_row_fn fn, void *ctx)
{
	r->fn = fn;
	r->ctx = ctx;
	return run(r);
}

int
rsread_run_fields(struct rsread *r, csv_row_fn on_header, csv_field_fn on_field,
    csv_row_fn on_row_end, void *ctx)
{
	r->fn = on_header;
	r->ffn = on_field;
	r->fend = on_row_end;
	r->ctx = ctx;
	return run(r);
}

struct pos
rsread_pos(const struct rsread *r, size_t i)
{
	if (!r->header_done || r->obs < 0)
		return (struct pos){r->file, 0, 0};
	return (struct pos){r->file, r->obs + 1 > INT32_MAX ? INT32_MAX : (int)(r->obs + 1), (int)i + 1};
}

const char *
rsread_file(const struct rsread *r)
{
	return r->file;
}

void
rsread_free(struct rsread *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nvars; i++) {
		free(r->names[i]);
		free(r->formats[i]);
	}
	free(r->names);
	free(r->formats);
	buf_free(&r->arena);
	free(r->off);
	free(r->field);
	free(r->flen);
	free(r);
}

/* ---- rsread_describe ---- */

/* A value-label set as the file gives it. */
struct lset {
	char *name;
	struct cbgen_label *labels;
	size_t n, cap;
};


struct desc {
	enum rsread_kind kind;
	struct cbgen_col *cols;
	size_t ncols, cap;
	struct cbgen_uniq *hs; /* per column */
	size_t hscap;
	long nhashed;    /* entries in all hsets */
	struct lset *sets;
	size_t nsets, setcap;
	char num[64];
	char err[256];
};

/* Notes value text t of column i for the uniqueness check. */
static void
note_unique(struct desc *d, size_t i, const char *t, size_t n)
{
	if (!cbgen_uniq_note(&d->hs[i], t, n, &d->nhashed, RSREAD_UNIQUE))
		d->cols[i].unique = 0;
}

static struct lset *
lset_find(struct desc *d, const char *name, int add)
{
	for (size_t i = 0; i < d->nsets; i++)
		if (strcmp(d->sets[i].name, name) == 0)
			return &d->sets[i];
	if (!add)
		return NULL;
	xgrow(&d->sets, &d->setcap, d->nsets + 1, sizeof *d->sets);
	d->sets[d->nsets] = (struct lset){xstrdup(name), NULL, 0, 0};
	return &d->sets[d->nsets++];
}

static int
on_label(const char *set, readstat_value_t value, const char *label, void *ctx)
{
	struct desc *d = ctx;
	if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING)
		return READSTAT_HANDLER_OK; /* labels of string values: not codes */
	struct lset *s = lset_find(d, set, 1);
	xgrow(&s->labels, &s->cap, s->n + 1, sizeof *s->labels);
	s->labels[s->n++] = (struct cbgen_label){readstat_double_value(value), xstrdup(label ? label : "")};
	return READSTAT_HANDLER_OK;
}

static int
on_describe_variable(int index, readstat_variable_t *var, const char *val_labels, void *ctx)
{
	struct desc *d = ctx;
	size_t i = (size_t)index;
	xgrow(&d->cols, &d->cap, i + 1, sizeof *d->cols);
	xgrow(&d->hs, &d->hscap, i + 1, sizeof *d->hs);
	const char *label = readstat_variable_get_label(var);
	const char *fmt = readstat_variable_get_format(var);
	int is_string = readstat_variable_get_type_class(var) == READSTAT_TYPE_CLASS_STRING;
	int labelled = val_labels && *val_labels;
	d->cols[i] = (struct cbgen_col){
		.name = xstrdup(readstat_variable_get_name(var)),
		.label = xstrdup(label ? label : ""),
		.format = xstrdup(fmt ? fmt : ""),
		.is_string = is_string,
		.measure = (int)readstat_variable_get_measure(var),
		.is_date = date_format(d->kind, fmt) != NULL,
		.labelset = labelled ? xstrdup(val_labels) : NULL,
		.all_int = 1,
		.unique = !labelled,
	};
	d->hs[i] = (struct cbgen_uniq){NULL, 0, 0, labelled};
	if (i + 1 > d->ncols)
		d->ncols = i + 1;
	return READSTAT_HANDLER_OK;
}

/* Decimals in the text of a number (format_number's), at most 6. */
static int
decimals(const char *t)
{
	const char *dot = strchr(t, '.');
	if (dot == NULL || strchr(t, 'e') != NULL)
		return dot ? 6 : 0;
	size_t n = strlen(dot + 1);
	return n > 6 ? 6 : (int)n;
}

static void
note_number(struct desc *d, size_t i, double v)
{
	struct cbgen_col *c = &d->cols[i];
	if (c->nvalid == 0 || v < c->min)
		c->min = v;
	if (c->nvalid == 0 || v > c->max)
		c->max = v;
	c->nvalid++;
	c->all_int &= v == floor(v) && fabs(v) < 2e9;
	format_number(v, d->num);
	int k = decimals(d->num);
	c->maxdec = k > c->maxdec ? k : c->maxdec;
	cbgen_note_distinct(c, v);
	note_unique(d, i, d->num, strlen(d->num));
}

static int
on_describe_value(int obs, readstat_variable_t *var, readstat_value_t value, void *ctx)
{
	struct desc *d = ctx;
	(void)obs;
	size_t i = (size_t)readstat_variable_get_index(var);
	struct cbgen_col *c = &d->cols[i];
	const char *s = c->is_string ? readstat_string_value(value) : NULL;
	size_t n = s ? strlen(s) : 0;
	if (readstat_value_is_missing(value, var) || (c->is_string && n == 0)) {
		c->nmissing++;
		return READSTAT_HANDLER_OK;
	}
	if (!c->is_string) {
		note_number(d, i, readstat_double_value(value));
		return READSTAT_HANDLER_OK;
	}
	c->nvalid++;
	c->maxlen = n > c->maxlen ? n : c->maxlen;
	note_unique(d, i, s, n);
	return READSTAT_HANDLER_OK;
}

static void
on_describe_error(const char *msg, void *ctx)
{
	struct desc *d = ctx;
	snprintf(d->err, sizeof d->err, "%s", msg);
	size_t n = strlen(d->err);
	while (n > 0 && (d->err[n - 1] == '\n' || d->err[n - 1] == '.'))
		d->err[--n] = '\0';
}

/* Gives each column a copy of its set's labels, then frees the sets and
 * the hash sets. */
static void
finish_desc(struct desc *d)
{
	for (size_t i = 0; i < d->ncols; i++) {
		struct cbgen_col *c = &d->cols[i];
		struct lset *s = c->labelset ? lset_find(d, c->labelset, 0) : NULL;
		if (s != NULL) {
			c->labels = xmalloc((s->n + 1) * sizeof *c->labels);
			for (size_t k = 0; k < s->n; k++)
				c->labels[k] = (struct cbgen_label){s->labels[k].value, xstrdup(s->labels[k].text)};
			c->nlabels = s->n;
		}
		cbgen_uniq_free(&d->hs[i]);
	}
	for (size_t k = 0; k < d->nsets; k++) {
		for (size_t j = 0; j < d->sets[k].n; j++)
			free(d->sets[k].labels[j].text);
		free(d->sets[k].labels);
		free(d->sets[k].name);
	}
	free(d->sets);
	free(d->hs);
}

int
rsread_describe(const char *path, enum rsread_kind kind, struct cbgen_col **cols, size_t *n)
{
	struct desc d = {.kind = kind};
	readstat_parser_t *p = readstat_parser_init();
	readstat_set_variable_handler(p, on_describe_variable);
	readstat_set_value_handler(p, on_describe_value);
	readstat_set_value_label_handler(p, on_label);
	readstat_set_error_handler(p, on_describe_error);
	const char *file = util_intern(path);
	readstat_error_t e = parse(p, file, kind, &d);
	readstat_parser_free(p);
	finish_desc(&d);
	if (e != READSTAT_OK) {
		cbgen_cols_free(d.cols, d.ncols);
		return report(file, kind, e, d.err);
	}
	*cols = d.cols;
	*n = d.ncols;
	return 0;
}

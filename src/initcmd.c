/* initcmd.c: `notat init DATA [-o DIR]`: a starter codebook and layout from a data file, built. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "initcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "cbgen.h"
#include "diag.h"
#include "insrc.h"
#include "lang.h"
#include "resp.h"
#include "rsread.h"
#include "util.h"

#define CODED_MAX 12        /* a column with at most this many distinct small integers is coded */
#define CODED_TOP 99        /* ... between 0 and this */
#define UNIQUE_MAX (1L << 22) /* values hashed for the uniqueness checks, in all */
#define NUM_DIGITS 12       /* a longer number (a phone or account number) is text */

/* ---- one streaming pass over a CSV ---- */


struct scan {
	struct cbgen_col *cols;
	size_t n;
	struct cbgen_uniq *hs;
	long nhashed;   /* entries in all hash sets */
	long rows;
	long *seen;     /* per column: rows with a value */
};

static void
note_unique(struct scan *sc, size_t i, const char *t, size_t n)
{
	if (!cbgen_uniq_note(&sc->hs[i], t, n, &sc->nhashed, UNIQUE_MAX))
		sc->cols[i].unique = 0;
}

/* Parses a number as notat's number variables read it: optional '-',
 * digits, optionally '.' or ',' and more digits. Returns 1 and the value
 * and its decimals, or 0 if s is not such a number (or too long). */
static int
parse_number(const char *s, size_t n, double *v, int *dec)
{
	size_t i = 0, digits = 0;
	int d = -1;
	char tmp[64];
	size_t k = 0;
	if (n > 0 && s[0] == '-')
		tmp[k++] = s[i++];
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits++;
			if (d >= 0)
				d++;
			tmp[k++] = s[i];
		} else if ((s[i] == '.' || s[i] == ',') && d < 0 && digits > 0) {
			d = 0;
			tmp[k++] = '.';
		} else {
			return 0;
		}
		if (digits > NUM_DIGITS || k >= sizeof tmp - 1)
			return 0;
	}
	if (digits == 0 || d == 0)
		return 0;
	tmp[k] = '\0';
	*v = strtod(tmp, NULL);
	*dec = d < 0 ? 0 : d;
	return 1;
}

/* Notes a number of column c. */
static void
note_number(struct cbgen_col *c, double v, int dec)
{
	if (c->nvalid == 0 || v < c->min)
		c->min = v;
	if (c->nvalid == 0 || v > c->max)
		c->max = v;
	if (dec > 0)
		c->all_int = 0;
	if (dec > c->maxdec)
		c->maxdec = dec;
	cbgen_note_distinct(c, v);
}

static int
on_header(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	(void)r;
	struct scan *sc = ctx;
	sc->n = row->n;
	sc->cols = xcalloc(row->n + 1, sizeof *sc->cols);
	sc->hs = xcalloc(row->n + 1, sizeof *sc->hs);
	sc->seen = xcalloc(row->n + 1, sizeof *sc->seen);
	for (size_t i = 0; i < row->n; i++) {
		struct cbgen_col *c = &sc->cols[i];
		c->name = xstrdup(row->field[i]);
		c->label = xstrdup("");
		c->format = xstrdup("");
		c->all_int = 1;
		c->unique = 1;
	}
	return 0;
}

static int
on_field(void *ctx, size_t col, const char *s, size_t len)
{
	struct scan *sc = ctx;
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || col >= sc->n)
		return 0;
	struct cbgen_col *c = &sc->cols[col];
	double v;
	int dec;
	if (!c->is_string && parse_number(s, len, &v, &dec) && dec <= 6)
		note_number(c, v, dec);
	else
		c->is_string = 1;
	if (len > c->maxlen)
		c->maxlen = len;
	note_unique(sc, col, s, len);
	c->nvalid++;
	return 0;
}

static int
on_row_end(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	(void)r;
	(void)row;
	((struct scan *)ctx)->rows++;
	return 0;
}

/* Gives a coded column (few distinct small integers) value labels that are
 * its values, so that cbgen types it single (or multi for 0/1). */
static void
label_codes(struct cbgen_col *c)
{
	if (c->is_string || !c->all_int || c->nvalid == 0 || c->ndistinct > CODED_MAX)
		return;
	if (c->min < 0 || c->max > CODED_TOP)
		return;
	if (c->unique && c->nmissing == 0 && c->nvalid > CODED_MAX)
		return;
	c->labels = xcalloc((size_t)c->ndistinct, sizeof *c->labels);
	for (long k = 0; k < c->ndistinct; k++)
		c->labels[k] = (struct cbgen_label){c->distinct[k], xasprintf("%.0f", c->distinct[k])};
	c->nlabels = (size_t)c->ndistinct;
}

/* Can notat hold the column's numbers? They are kept as 32-bit integers
 * scaled by 10^decimals (resp.c); a column that does not fit is text. */
static int
fits_number(const struct cbgen_col *c)
{
	double top = fmax(fabs(c->min), fabs(c->max)) * pow(10, c->maxdec);
	return top <= (double)INT32_MAX;
}

/* Describes a CSV file's columns: 0, or 1/3 after a reported error. */
static int
scan_csv(const char *path, int delim, const char *encoding, struct cbgen_col **cols, size_t *n)
{
	struct resp_in in = {path, delim, encoding, NULL, NULL, 0, NULL};
	int st = 0;
	struct insrc *src = insrc_open(&in, CSV_READ_COMMENTS | CSV_READ_SKIP_EMPTY, &st);
	if (src == NULL)
		return st;
	struct scan sc = {0};
	st = insrc_run_fields(src, on_header, on_field, on_row_end, &sc);
	insrc_free(src);
	for (size_t i = 0; i < sc.n; i++) {
		cbgen_uniq_free(&sc.hs[i]);
		struct cbgen_col *c = &sc.cols[i];
		c->nmissing = sc.rows - c->nvalid;
		if (c->is_string || c->nvalid == 0 || !fits_number(c))
			c->is_string = 1;
		else
			label_codes(c);
	}
	free(sc.hs);
	free(sc.seen);
	if (st != 0) {
		cbgen_cols_free(sc.cols, sc.n);
		return st;
	}
	*cols = sc.cols;
	*n = sc.n;
	return 0;
}

/* ---- the starter layout ---- */

/* Is s an identifier the codebook accepts as a variable name? */
static int
is_ident(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'
		        || (unsigned char)*s >= 0x80))
			return 0;
	return 1;
}

/* Inline layout text: the characters with a meaning escaped, control bytes as spaces. */
static void
put_inline(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("*{}@^\\", *s) != NULL)
			buf_putc(b, '\\');
		buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
}

/* The column's name for readers: its label, else its name. */
static const char *
col_title(const struct cbgen_col *c)
{
	return *c->label ? c->label : c->name;
}

enum kind { K_OTHER, K_CODED, K_MULTI, K_NUMBER };

/* The kind cbgen gives a column, as far as the layout needs it. */
static enum kind
col_kind(const char *codebook, const struct cbgen_col *c)
{
	char *head = xasprintf("\nvar %s ", c->name);
	const char *p = strstr(codebook, head);
	enum kind k = K_OTHER;
	if (p != NULL) {
		p += strlen(head);
		if (strncmp(p, "single", 6) == 0 || strncmp(p, "scale", 5) == 0)
			k = K_CODED;
		else if (strncmp(p, "multi", 5) == 0)
			k = K_MULTI;
		else if (strncmp(p, "number", 6) == 0)
			k = K_NUMBER;
	}
	free(head);
	return k;
}

/* Today's date (SOURCE_DATE_EPOCH when set), YYYY-MM-DD. */
static void
today(char out[16])
{
	time_t t = time(NULL);
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e != NULL && *e != '\0')
		t = (time_t)strtoll(e, NULL, 10);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* Appends the language table's template t: "$V" becomes var, "$T" the
 * table number tab, "$F" the file name file (escaped for inline text). */
static void
put_template(struct buf *b, const char *t, const char *var, int tab, const char *file)
{
	for (; *t; t++) {
		if (t[0] == '$' && t[1] == 'V' && var)
			buf_puts(b, var), t++;
		else if (t[0] == '$' && t[1] == 'T')
			buf_printf(b, "%d", tab), t++;
		else if (t[0] == '$' && t[1] == 'F' && file)
			put_inline(b, file), t++;
		else
			buf_putc(b, *t);
	}
}

static void
put_sections(struct buf *b, const struct lang *lg, const char *cbtext, const struct cbgen_col *cols, size_t n)
{
	int tab = 0, nnum = 0;
	for (size_t i = 0; i < n; i++) {
		enum kind k = col_kind(cbtext, &cols[i]);
		if (k == K_NUMBER)
			nnum++;
		if (k != K_CODED && k != K_MULTI)
			continue;
		buf_puts(b, "\n= ");
		put_inline(b, col_title(&cols[i]));
		buf_puts(b, "\n\n");
		put_template(b, k == K_CODED ? lg->init_coded : lg->init_multi, cols[i].name,
		    k == K_CODED ? ++tab : 0, NULL);
		buf_puts(b, "\n");
	}
	if (nnum == 0)
		return;
	buf_printf(b, "\n= %s\n", lg->init_numbers);
	for (size_t i = 0; i < n; i++) {
		if (col_kind(cbtext, &cols[i]) != K_NUMBER)
			continue;
		buf_puts(b, "\n");
		put_inline(b, col_title(&cols[i]));
		put_template(b, lg->init_number, cols[i].name, 0, NULL);
		buf_puts(b, "\n");
	}
}

static void
put_tables(struct buf *b, const struct lang *lg, const char *cbtext, const struct cbgen_col *cols, size_t n)
{
	int tab = 0, nnum = 0;
	buf_printf(b, "\nappendix %s\n", lg->init_appendix);
	for (size_t i = 0; i < n; i++) {
		enum kind k = col_kind(cbtext, &cols[i]);
		nnum += k == K_NUMBER;
		if (k != K_CODED)
			continue;
		buf_printf(b, "\ntable tab-%d\n  title %s\n  codes %s | ALLE\nend\n", ++tab, col_title(&cols[i]),
		    cols[i].name);
	}
	if (nnum == 0)
		return;
	buf_puts(b, "\ntable tab-tal\n  title Talvariable\n");
	for (size_t i = 0; i < n; i++) {
		if (col_kind(cbtext, &cols[i]) != K_NUMBER)
			continue;
		buf_printf(b, "  part %s\n  summary %s | ALLE\n", col_title(&cols[i]), cols[i].name);
	}
	buf_puts(b, "end\n");
}

/* The file's name without directories (and, with strip, its extension). */
static char *
base_name(const char *path, int strip)
{
	const char *s = strrchr(path, '/');
	s = s ? s + 1 : path;
	const char *dot = strip ? strrchr(s, '.') : NULL;
	return dot && dot != s ? xstrndup(s, (size_t)(dot - s)) : xstrdup(s);
}

/* The path of data relative to directory dir (both existing), or data's
 * absolute path if that fails. Returns a malloc'd string. */
static char *
rel_path(const char *data, const char *dir)
{
	char *a = realpath(data, NULL), *d = realpath(dir, NULL);
	if (a == NULL || d == NULL) {
		free(d);
		return a ? a : xstrdup(data);
	}
	size_t common = 0;
	for (size_t i = 0; a[i] && a[i] == d[i]; i++)
		if (a[i] == '/')
			common = i;
	size_t dl = strlen(d);
	if (strncmp(a, d, dl) == 0 && a[dl] == '/')
		common = dl;
	struct buf b = {0};
	for (const char *p = d + common; *p; p++)
		if (*p == '/')
			buf_puts(&b, "../");
	buf_puts(&b, a + common + 1);
	free(a);
	free(d);
	return buf_take(&b);
}

static char *
layout_text(const char *data_path, const char *rel, const struct lang *lg, const char *cbtext,
    const struct cbgen_col *cols, size_t n)
{
	struct buf b = {0};
	char date[16];
	today(date);
	char *file = base_name(data_path, 0), *title = base_name(data_path, 1);
	buf_printf(&b, "# notat.lay written by notat init from %s: a starting point. Write the\n"
	               "# title, the prose and the tables you want (layouts/README.md), then\n"
	               "# notat build notat.lay\n", file);
	buf_puts(&b, "title    ");
	put_inline(&b, title);
	if (lg != lang_default())
		buf_printf(&b, "\nlang     %s", lg->names[0]);
	buf_printf(&b, "\ndate     %s\ndata     %s\ncodebook codebook.txt\n\npopulation ALLE = *\n", date, rel);
	buf_printf(&b, "\n= %s\n\n", lg->init_about);
	put_template(&b, lg->init_rows, NULL, 0, file);
	buf_puts(&b, "\n");
	put_sections(&b, lg, cbtext, cols, n);
	put_tables(&b, lg, cbtext, cols, n);
	free(file);
	free(title);
	return buf_take(&b);
}

/* ---- files ---- */

/* dir/name, or name alone for ".". Returns a malloc'd string. */
static char *
in_dir(const char *dir, const char *name)
{
	return strcmp(dir, ".") == 0 ? xstrdup(name) : xasprintf("%s/%s", dir, name);
}

/* Creates path with text, never replacing a file: 0, or 3 after diag. */
static int
write_new(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	int ok = f != NULL && fputs(text, f) >= 0;
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	else if (f == NULL && fd >= 0)
		close(fd);
	if (!ok) {
		diag(M_IO_WRITE, NULL, path, strerror(errno));
		return 3;
	}
	return 0;
}

/* Checks that none of the files init writes exists in dir. */
static int
check_dir(const char *dir)
{
	static const char *const names[] = {"codebook.txt", "notat.lay", "out"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *p = in_dir(dir, names[i]);
		struct stat st;
		int exists = lstat(p, &st) == 0;
		if (exists)
			diag(M_INIT_EXISTS, NULL, p);
		free(p);
		if (exists)
			return 1;
	}
	return 0;
}

/* Creates dir if missing (one level): 0, or 3 after diag. */
static int
make_dir(const char *dir)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		diag(M_IO_WRITE, NULL, dir, strerror(errno));
		return 3;
	}
	return 0;
}

/* Leaves out the columns whose names cannot be variable names; lists them in *bad. */
static size_t
keep_idents(struct cbgen_col *cols, size_t n, struct buf *bad)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_ident(cols[i].name)) {
			struct cbgen_col t = cols[k];
			cols[k++] = cols[i];
			cols[i] = t;
		} else {
			buf_printf(bad, "%s\"%s\"", bad->len ? ", " : "", cols[i].name);
		}
	}
	return k;
}

static char *
codebook_text(const char *data_path, struct cbgen_col *cols, size_t n, size_t *nkeep, int csv)
{
	struct buf bad = {0};
	*nkeep = keep_idents(cols, n, &bad);
	char *file = base_name(data_path, 0), *title = base_name(data_path, 1);
	char *gen = cbgen_write(title, file, cols, *nkeep);
	struct buf b = {0};
	const char *rest = strchr(gen, '\n'); /* cbgen's first line names notat codebook */
	rest = rest ? rest + 1 : gen;
	buf_printf(&b, "# Codebook written by notat init from %s.\n", file);
	if (csv)
		buf_puts(&b, "# A CSV file has no value labels: each code is labelled by its value (\"1\",\n"
		             "# \"2\", ...). Write the labels the readers should see, e.g.\n"
		             "#   code 1 k1 \"Meget tilfreds\"\n"
		             "# and give the keys names you want to write in the layout.\n");
	buf_puts(&b, rest);
	if (bad.len) {
		buf_printf(&b, "\n# Columns whose names are not variable names (rename them in the data\n"
		               "# to use them): %s\nignore-undeclared\n", bad.s);
	}
	buf_free(&bad);
	free(gen);
	free(file);
	free(title);
	return buf_take(&b);
}

int
initcmd_run(const char *data_path, const char *dir, int delim, const char *encoding, const struct lang *lg)
{
	if (lg == NULL)
		lg = lang_default();
	int st = check_dir(dir);
	if (st != 0)
		return st;
	struct cbgen_col *cols = NULL;
	size_t n = 0;
	enum rsread_kind kind = rsread_kind_of_name(data_path);
	st = kind != RSREAD_NONE ? rsread_describe(data_path, kind, &cols, &n)
	                         : scan_csv(data_path, delim, encoding, &cols, &n);
	if (st != 0)
		return st;
	st = make_dir(dir); /* before rel_path, which resolves dir */
	if (st != 0) {
		cbgen_cols_free(cols, n);
		return st;
	}
	size_t nkeep;
	char *cbtext = codebook_text(data_path, cols, n, &nkeep, kind == RSREAD_NONE);
	char *rel = rel_path(data_path, dir);
	char *laytext = layout_text(data_path, rel, lg, cbtext, cols, nkeep);
	char *cbpath = in_dir(dir, "codebook.txt"), *laypath = in_dir(dir, "notat.lay");
	char *outdir = in_dir(dir, "out");
	st = write_new(cbpath, cbtext);
	if (st == 0)
		st = write_new(laypath, laytext);
	if (st == 0) {
		fprintf(stderr, "notat init: wrote %s and %s; building %s\n", cbpath, laypath, outdir);
		struct build_opts o;
		build_opts_init(&o);
		o.layout_path = laypath;
		o.out_dir = outdir;
		o.delim = delim;
		o.encoding = encoding;
		st = build_run(&o);
		if (st == 0)
			fprintf(stderr, "notat init: the first version is %s/notat.pdf; edit %s and %s, then run\n"
			                "  notat build%s%s -o %s %s\n", outdir, cbpath, laypath,
			    encoding ? " --encoding " : "", encoding ? encoding : "", outdir, laypath);
	}
	free(cbpath);
	free(laypath);
	free(outdir);
	free(rel);
	free(laytext);
	free(cbtext);
	cbgen_cols_free(cols, n);
	return st;
}

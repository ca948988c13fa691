/* xlsx.c: the tables of a document as an Excel workbook through libxlsxwriter (see xlsx.h). */
#define _GNU_SOURCE /* memfd_create, RTLD_NEXT */
#include "xlsx.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "diag.h"
#include "doc.h"
#include "lang.h"
#include "pdf.h"
#include "util.h"

#define LABEL_MAX_WIDTH 50.0  /* characters: longer row labels wrap */
#define NUM_MIN_WIDTH 7.0     /* characters */
#define LINE_HEIGHT 15.0      /* points per line of text at the default 11 pt */
#define HEAD_ROW 2            /* first row of the column heads (0: title, 1: blank) */

/* The formats of one workbook (owned by it). */
struct fmts {
	lxw_format *title, *group, *sub, *sub_label, *label, *part, *n_label, *text, *n_text;
	lxw_format *note, *link, *bold;
	lxw_format *num[2], *pct[3], *idx[3]; /* [n row?] counts; [decimals] shares, indexes */
	lxw_format *n_num;
	lxw_format *chg[3];    /* [decimals] a signed change: +7, -3, 0 */
	lxw_format *pct_mark[3]; /* [decimals] a marked share (mark after it), made on first use */
};

/* One workbook being written. */
struct book {
	lxw_workbook *wb;
	struct fmts f;
	const struct lang *l;
};

/* ---- sizes ---- */

static double
text_width(const char *s)
{
	return s ? (double)utf8_len(s, strlen(s)) : 0.0;
}

/* Lines text needs in a cell width characters wide. */
static double
text_lines(const char *s, double width)
{
	double n = ceil(text_width(s) * 1.1 / (width > 1 ? width : 1));
	return n < 1 ? 1 : n;
}

/* Decimals a printed number shows after the language's decimal mark. */
static int
printed_decimals(const char *printed, const char *mark)
{
	const char *d = strstr(printed, mark);
	return d ? (int)strspn(d + strlen(mark), "0123456789") : 0;
}

/* ---- formats ---- */

static lxw_format *
fmt(lxw_workbook *wb, int bold, int italic, const char *num, uint8_t align, uint8_t border_top)
{
	lxw_format *f = workbook_add_format(wb);
	if (bold)
		format_set_bold(f);
	if (italic)
		format_set_italic(f);
	if (num)
		format_set_num_format(f, num);
	if (align)
		format_set_align(f, align);
	if (border_top)
		format_set_top(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

static void
fmts_init(struct book *b)
{
	static const char *const pct[3] = {"0%", "0.0%", "0.00%"}, *const idx[3] = {"0", "0.0", "0.00"};
	lxw_workbook *wb = b->wb;
	struct fmts *f = &b->f;
	f->title = fmt(wb, 1, 0, NULL, 0, 0);
	format_set_font_size(f->title, 12);
	f->bold = fmt(wb, 1, 0, NULL, 0, 0);
	f->group = fmt(wb, 1, 0, NULL, LXW_ALIGN_CENTER, 0);
	format_set_text_wrap(f->group);
	f->sub = fmt(wb, 1, 0, NULL, LXW_ALIGN_RIGHT, 0);
	format_set_bottom(f->sub, LXW_BORDER_THIN);
	f->sub_label = fmt(wb, 0, 0, NULL, 0, 0);
	format_set_bottom(f->sub_label, LXW_BORDER_THIN);
	f->label = fmt(wb, 0, 0, NULL, 0, 0);
	format_set_text_wrap(f->label);
	f->part = fmt(wb, 0, 1, NULL, 0, 0);
	f->n_label = fmt(wb, 0, 1, NULL, 0, 1);
	f->text = fmt(wb, 0, 0, NULL, LXW_ALIGN_RIGHT, 0);
	f->n_text = fmt(wb, 0, 0, NULL, LXW_ALIGN_RIGHT, 1);
	f->note = fmt(wb, 0, 0, NULL, 0, 0);
	format_set_text_wrap(f->note);
	f->link = fmt(wb, 0, 0, NULL, 0, 0);
	format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
	format_set_font_color(f->link, LXW_COLOR_BLUE);
	f->num[0] = fmt(wb, 0, 0, "#,##0", 0, 0);
	f->n_num = fmt(wb, 0, 0, "#,##0", 0, 1);
	static const char *const chg[3] = {"+0;-0;0", "+0.0;-0.0;0.0", "+0.00;-0.00;0.00"};
	for (int i = 0; i < 3; i++) {
		f->pct[i] = fmt(wb, 0, 0, pct[i], 0, 0);
		f->idx[i] = fmt(wb, 0, 0, idx[i], 0, 0);
		f->chg[i] = fmt(wb, 0, 0, chg[i], 0, 0);
	}
}

/* The format of a share with dec decimals followed by mark (a significance mark). */
static lxw_format *
pct_mark(struct book *b, int dec, const char *mark)
{
	static const char *const pct[3] = {"0%", "0.0%", "0.00%"};
	if (b->f.pct_mark[dec] == NULL) {
		char *nf = xasprintf("%s\"%s\"", pct[dec], mark);
		b->f.pct_mark[dec] = fmt(b->wb, 0, 0, nf, 0, 0);
		free(nf);
	}
	return b->f.pct_mark[dec];
}

/* ---- one table ---- */

/* The number format of cell k of a data row (k odd: share or index). */
static lxw_format *
num_format(const struct book *b, const struct doc_table *t, const struct doc_trow *r, size_t k)
{
	if (r->kind == ROW_N)
		return b->f.n_num;
	if (k % 2 == 0)
		return b->f.num[0];
	int dec = printed_decimals(r->cell[k], b->l->decimal);
	dec = dec > 2 ? 2 : dec;
	return t->index_col ? b->f.idx[dec] : b->f.pct[dec];
}

/* Whether column k is in the change group (the last, with t->change_col). */
static int
change_group(const struct doc_table *t, size_t k)
{
	return t->change_col && k / 2 + 1 == t->ngroups;
}

/* The change group's cells: the change as a number (its first column), then
 * its significance mark (the PDF prints both in the second). */
static void
write_change(struct book *b, lxw_worksheet *ws, lxw_row_t row, const struct doc_table *t,
    const struct doc_trow *r, size_t k)
{
	const char *s = r->cell[k | 1];
	size_t m = doc_cell_mark(t, s);
	double v = r->value ? r->value[k | 1] : NAN;
	lxw_col_t col = (lxw_col_t)(k + 1);
	int dec = printed_decimals(s, b->l->decimal);
	if (k % 2)
		worksheet_write_string(ws, row, col, s + strlen(s) - m, b->f.text);
	else if (!isnan(v))
		worksheet_write_number(ws, row, col, v, b->f.chg[dec > 2 ? 2 : dec]);
	else if (s[0] != '\0')
		worksheet_write_string(ws, row, col, s, b->f.text);
}

static void
write_cell(struct book *b, lxw_worksheet *ws, lxw_row_t row, const struct doc_table *t,
    const struct doc_trow *r, size_t k)
{
	const char *s = r->cell[k];
	double v = r->value ? r->value[k] : NAN;
	lxw_col_t col = (lxw_col_t)(k + 1);
	size_t m = doc_cell_mark(t, s);
	int dec = printed_decimals(s, b->l->decimal);
	if (change_group(t, k) && r->kind != ROW_N)
		write_change(b, ws, row, t, r, k);
	else if (!isnan(v) && m > 0 && k % 2 && !t->index_col)
		worksheet_write_number(ws, row, col, v, pct_mark(b, dec > 2 ? 2 : dec, s + strlen(s) - m));
	else if (!isnan(v))
		worksheet_write_number(ws, row, col, v, num_format(b, t, r, k));
	else if (s[0] != '\0')
		worksheet_write_string(ws, row, col, s, r->kind == ROW_N ? b->f.n_text : b->f.text);
	else if (r->kind == ROW_N)
		worksheet_write_blank(ws, row, col, b->f.n_text);
}

/* Column widths (characters): [0] the labels, then one per cell column. */
static void
table_widths(const struct doc_table *t, double *w)
{
	size_t nc = 2 * t->ngroups;
	w[0] = 4;
	for (size_t k = 1; k <= nc; k++)
		w[k] = fmax(NUM_MIN_WIDTH, text_width(t->sub[(k - 1) % 2]) + 2);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct doc_trow *r = &t->rows[i];
		if (r->kind != ROW_HEAD)
			w[0] = fmax(w[0], fmin(LABEL_MAX_WIDTH, text_width(r->label) + 2));
		for (size_t k = 0; k < nc && r->kind != ROW_HEAD; k++)
			w[k + 1] = fmax(w[k + 1], text_width(r->cell[k]) + 3);
	}
}

/* The head rows: group names over their two columns, then the sub-heads. */
static void
write_heads(struct book *b, lxw_worksheet *ws, const struct doc_table *t, const double *w)
{
	double lines = 1;
	for (size_t g = 0; g < t->ngroups; g++) {
		lxw_col_t c = (lxw_col_t)(2 * g + 1);
		worksheet_merge_range(ws, HEAD_ROW, c, HEAD_ROW, c + 1, t->group[g], b->f.group);
		lines = fmax(lines, text_lines(t->group[g], w[c] + w[c + 1]));
	}
	worksheet_set_row(ws, HEAD_ROW, LINE_HEIGHT * lines, NULL);
	worksheet_write_blank(ws, HEAD_ROW + 1, 0, b->f.sub_label);
	for (size_t k = 0; k < 2 * t->ngroups; k++) {
		const char *sub = t->sub[k % 2];
		if (change_group(t, k)) /* the change's number and mark columns */
			sub = k % 2 ? b->l->sig_head : t->change_sub ? t->change_sub : "";
		worksheet_write_string(ws, HEAD_ROW + 1, (lxw_col_t)(k + 1), sub, b->f.sub);
	}
}

/* A note or source line under the table, over all its columns; returns the next row. */
static lxw_row_t
write_note(struct book *b, lxw_worksheet *ws, lxw_row_t row, const char *text, const double *w, size_t ncols)
{
	if (text == NULL || text[0] == '\0')
		return row;
	double width = 0;
	for (size_t k = 0; k < ncols; k++)
		width += w[k];
	if (ncols > 1)
		worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(ncols - 1), text, b->f.note);
	else
		worksheet_write_string(ws, row, 0, text, b->f.note);
	worksheet_set_row(ws, row, LINE_HEIGHT * text_lines(text, width), NULL);
	return row + 1;
}

static void
write_table(struct book *b, lxw_worksheet *ws, const struct doc_table *t)
{
	size_t ncols = 2 * t->ngroups + 1;
	double *w = xcalloc(ncols, sizeof *w);
	table_widths(t, w);
	for (size_t k = 0; k < ncols; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, w[k], NULL);
	char *title = xasprintf("%s %d. %s", b->l->table, t->number, t->title ? t->title : "");
	worksheet_write_string(ws, 0, 0, title, b->f.title);
	free(title);
	write_heads(b, ws, t, w);
	lxw_row_t row = HEAD_ROW + 2;
	worksheet_freeze_panes(ws, row, 1);
	/* printed: A4, one page wide, the heads repeated on every page */
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, HEAD_ROW, HEAD_ROW + 1);
	for (size_t i = 0; i < t->nrows; i++, row++) {
		const struct doc_trow *r = &t->rows[i];
		lxw_format *lf = r->kind == ROW_N ? b->f.n_label : r->kind == ROW_HEAD ? b->f.part : b->f.label;
		worksheet_write_string(ws, row, 0, r->label, lf);
		if (text_width(r->label) + 2 > w[0] && r->kind != ROW_HEAD)
			worksheet_set_row(ws, row, LINE_HEIGHT * text_lines(r->label, w[0]), NULL);
		for (size_t k = 0; k < 2 * t->ngroups && r->kind != ROW_HEAD; k++)
			write_cell(b, ws, row, t, r, k);
	}
	row++;
	row = write_note(b, ws, row, t->note, w, ncols);
	write_note(b, ws, row, t->source, w, ncols);
	free(w);
}

/* ---- libxlsxwriter's temporary files ----
 *
 * libxlsxwriter writes each part of a workbook (about 40 for the sample) to
 * a temporary file before zipping it, through lxw_tmpfile, which it calls
 * through its PLT: this definition takes its place (ELF interposition, as in
 * pdf.c). It returns an anonymous memory file (memfd_create) instead of a
 * file created and unlinked in the temporary directory: on this ext4 each
 * creation cost 0.1-0.8 ms (bench/README.md), on tmpfs a few microseconds.
 * The workbook's bytes do not change; if memfd_create fails, the library's
 * own function runs.
 */
FILE *lxw_tmpfile(char *tmpdir);

FILE *
lxw_tmpfile(char *tmpdir)
{
	int fd = memfd_create("notat-xlsx", MFD_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
	if (f != NULL)
		return f;
	if (fd >= 0)
		close(fd);
	static FILE *(*real)(char *);
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "lxw_tmpfile");
	return real ? real(tmpdir) : NULL;
}

/* ---- the workbook ---- */

/* The tables of blocks b[0..n), in order, appended to v. */
static void
collect(const struct doc_block *blk, size_t n, const struct doc_table ***v, size_t *nv, size_t *cap)
{
	for (size_t i = 0; i < n; i++)
		if (blk[i].kind == BLK_TABLE && blk[i].tab != NULL) {
			xgrow(v, cap, *nv + 1, sizeof **v);
			(*v)[(*nv)++] = blk[i].tab;
		}
}

static void
write_contents(struct book *b, lxw_worksheet *ws, const struct doc *d, const struct doc_table *const *t, size_t n)
{
	double w = 10;
	worksheet_write_string(ws, 0, 0, d->appendix_title ? d->appendix_title : b->l->appendix, b->f.title);
	if (d->title)
		worksheet_write_string(ws, 1, 0, d->title, NULL);
	for (size_t i = 0; i < n; i++) {
		char *name = xasprintf("%s %d", b->l->table, t[i]->number);
		char *url = xasprintf("internal:'%s'!A1", name);
		lxw_row_t row = (lxw_row_t)(i + 3);
		worksheet_write_url_opt(ws, row, 0, url, b->f.link, name, NULL);
		worksheet_write_string(ws, row, 1, t[i]->title ? t[i]->title : "", NULL);
		w = fmax(w, text_width(t[i]->title) + 2);
		free(url);
		free(name);
	}
	worksheet_set_column(ws, 0, 0, 10, NULL);
	worksheet_set_column(ws, 1, 1, fmin(w, 100), NULL);
}

/* Seconds since 1970 of a UTC date and time (proleptic Gregorian calendar). */
static time_t
utc_seconds(int y, int m, int d, int hh, int mm, int ss)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
	return (time_t)(days * 86400L + hh * 3600L + mm * 60L + ss);
}

static void
set_properties(lxw_workbook *wb, const struct pdf_meta *m)
{
	lxw_doc_properties p = {0};
	p.title = (char *)m->title;
	p.author = (char *)m->author;
	p.subject = (char *)m->subject;
	p.keywords = (char *)m->keywords;
	/* libxlsxwriter takes 0 for "now": the epoch itself is written one second later */
	p.created = m->year ? utc_seconds(m->year, m->month, m->day, m->hour, m->minute, m->second) : 1;
	if (p.created == 0)
		p.created = 1;
	workbook_set_properties(wb, &p);
}

int
xlsx_write_bilag(const struct doc *d, const struct pdf_meta *m, const char *dir)
{
	char *path = xasprintf("%s/bilag1.xlsx", dir);
	/* The library's temporary files (one per part) are memory files (lxw_tmpfile above). */
	lxw_workbook_options o = {.constant_memory = 0, .tmpdir = NULL, .use_zip64 = 0};
	struct book b = {workbook_new_opt(path, &o), {0}, lang_cur()};
	if (b.wb == NULL) {
		diag(M_IO_WRITE, NULL, path, strerror(errno ? errno : EIO));
		free(path);
		return 3;
	}
	fmts_init(&b);
	set_properties(b.wb, m);
	const struct doc_table **t = NULL;
	size_t n = 0, cap = 0;
	collect(d->body, d->nbody, &t, &n, &cap);
	collect(d->appendix, d->nappendix, &t, &n, &cap);
	lxw_worksheet *ws = workbook_add_worksheet(b.wb, b.l->contents);
	if (ws != NULL)
		write_contents(&b, ws, d, t, n);
	for (size_t i = 0; i < n && ws != NULL; i++) {
		char *name = xasprintf("%s %d", b.l->table, t[i]->number);
		ws = workbook_add_worksheet(b.wb, name); /* NULL only for an invalid or repeated name */
		if (ws != NULL)
			write_table(&b, ws, t[i]);
		free(name);
	}
	free(t);
	lxw_error e = workbook_close(b.wb);
	int st = 0;
	if (ws == NULL || e != LXW_NO_ERROR) {
		diag(M_IO_WRITE, NULL, path, ws == NULL ? "a sheet name was refused" : lxw_strerror(e));
		st = 3;
	}
	free(path);
	return st;
}

const char *
xlsx_lib_version(void)
{
	return lxw_version();
}

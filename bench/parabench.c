/* parabench.c: times para_set on the paragraphs of a text file, or of a layout's evaluated doc, with the real fonts and hyphenation.
 *
 * Build and run from the repository root:
 *   cc -std=c11 -Wall -Wextra -O2 -D_POSIX_C_SOURCE=200809L -Isrc $(pkg-config --cflags freetype2) \
 *      -o build/parabench bench/parabench.c src/para.c src/font.c src/hyph.c src/util.c src/diag.c \
 *      src/doc.c -lhyphen $(pkg-config --libs freetype2) -lm
 *   ./build/parabench [-d] [-r REPEAT] /work/shared/reference/notat-brugerundersoegelse-2023.txt
 * (`make bench` builds build/bench/parabench with every library object, which
 * the -l mode needs.)
 *
 * Paragraphs are separated by blank lines; the lines of a paragraph are
 * joined with a space, or without one after a line-end hyphen followed by a
 * lowercase letter (undoing the hyphenation of a pdftotext dump). Set at
 * 10.5 pt on a 453 pt measure, justified, tolerance 2. Prints, per paragraph,
 * the lines, the first (cold) time and the mean time over REPEAT runs (default
 * 200); then the totals. -d also dumps every paragraph (para_dump).
 *
 *   ./build/bench/parabench [-d] [-r REPEAT] -l LAYOUT
 * The real paragraphs of a publication: the layout is evaluated (lay_parse,
 * cb_load, eval_run: every number filled in, footnote markers and table
 * links as runs) and every body and appendix paragraph is set with the
 * typesetter's body style (10.5 pt, tolerance 1.6, markers 6.8 pt) at the
 * full text width, every footnote with its note style (8.5 pt, tolerance 2)
 * at the text width less the hang. These styles and widths mirror the
 * constants of src/typeset.c (keep them in step). Paragraphs that
 * typeset.c sets beside a narrow figure are set here at full width.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cb.h"
#include "diag.h"
#include "doc.h"
#include "eval.h"
#include "font.h"
#include "hyph.h"
#include "layout.h"
#include "para.h"
#include "util.h"

#define MEASURE 453.0 /* pt */

/* Mirrors of src/typeset.c (-l mode). */
#define TS_TEXT_W (595.276 - 2 * MM(25))
#define TS_NOTE_HANG 10.0

static double
line_width(void *ctx, size_t line)
{
	(void)line;
	return ctx != NULL ? *(const double *)ctx : MEASURE;
}

static double
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Running totals over the paragraphs. */
struct totals {
	double cold, warm;
	size_t n, lines, hyphens;
};

/* Sets t once (cold) and repeat times more (mean); prints the paragraph's line. */
static void
time_para(size_t i, const struct doc_text *t, const struct para_style *st, double *width,
    const struct measure *m, struct hyph *h, int repeat, int dump, struct totals *tot)
{
	double t0 = now_us();
	struct para *p = para_set(t, st, line_width, width, 0, m, h);
	double t1 = now_us();
	for (int r = 0; r < repeat; r++)
		para_free(para_set(t, st, line_width, width, 0, m, h));
	double t2 = now_us();
	double mean = repeat > 0 ? (t2 - t1) / repeat : t1 - t0;
	size_t nh = 0;
	for (size_t j = 0; j < p->n; j++)
		nh += p->line[j].hyphen;
	printf("para %3zu: %2zu lines %2zu hyphens %5zu cands  first %7.1f us  mean %6.1f us  dem %.0f\n",
	    i + 1, p->n, nh, p->candidates, t1 - t0, mean, p->demerits);
	if (dump)
		para_dump(p, stdout);
	tot->cold += t1 - t0, tot->warm += mean, tot->lines += p->n, tot->hyphens += nh, tot->n++;
	para_free(p);
}

static void
print_totals(const struct totals *t)
{
	printf("total: %zu paragraphs, %zu lines, %zu hyphens; first pass %.0f us, mean pass %.0f us (%.1f us/paragraph)\n",
	    t->n, t->lines, t->hyphens, t->cold, t->warm, t->n ? t->warm / t->n : 0);
}

/* Appends one input line (trimmed) to the paragraph in b. */
static void
join_line(struct buf *b, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	if (n == 0)
		return;
	int dehyph = b->len >= 2 && b->s[b->len - 1] == '-'
	    && (isalpha((unsigned char)b->s[b->len - 2]) || (unsigned char)b->s[b->len - 2] >= 0x80)
	    && (islower((unsigned char)*s) || (unsigned char)*s >= 0xC3);
	if (dehyph)
		b->s[--b->len] = '\0';
	else if (b->len > 0)
		buf_putc(b, ' ');
	buf_add(b, s, n);
}

/* Moves the paragraph in b (if any) to the end of *out. */
static void
flush(struct buf *b, char ***out, size_t *n, size_t *cap)
{
	if (b->len == 0)
		return;
	xgrow(out, cap, *n + 1, sizeof **out);
	(*out)[(*n)++] = buf_take(b);
}

/* Splits text into paragraphs at blank lines; returns how many, in *out (caller frees). */
static size_t
split_paragraphs(const char *text, size_t len, char ***out)
{
	size_t n = 0, cap = 0;
	struct buf b = {0};
	*out = NULL;
	for (size_t i = 0; i < len;) {
		size_t e = i, k = i;
		while (e < len && text[e] != '\n')
			e++;
		while (k < e && isspace((unsigned char)text[k]))
			k++;
		if (k == e)
			flush(&b, out, &n, &cap);
		else
			join_line(&b, text + i, e - i);
		i = e + 1;
	}
	flush(&b, out, &n, &cap);
	buf_free(&b);
	return n;
}

/* The original mode: the paragraphs of a text file, at MEASURE. */
static int
bench_file(const char *path, const struct measure *m, struct hyph *h, int repeat, int dump)
{
	size_t len;
	char *text = util_slurp(path, &len);
	if (text == NULL)
		return 3;
	struct para_style st = {10.5, 13.0, DOC_REGULAR, 1, 0, 2.0, 1, 6.5, 3.5};
	char **par;
	size_t np = split_paragraphs(text, len, &par);
	struct totals tot = {0};
	struct pos pos = {util_intern(path), 0, 0};
	for (size_t i = 0; i < np; i++) {
		struct doc_text t = {0};
		doc_text_add(&t, RUN_TEXT, DOC_REGULAR, par[i], pos);
		time_para(i, &t, &st, NULL, m, h, repeat, dump, &tot);
		free(t.runs[0].text);
		free(t.runs);
		free(par[i]);
	}
	print_totals(&tot);
	free(par);
	free(text);
	return 0;
}

/* Evaluates a layout against its own data; NULL after reporting errors. */
static struct doc *
eval_layout(const char *path)
{
	struct lay_doc *lay = lay_parse(path);
	struct codebook *cb = lay ? cb_load(lay_codebook_path(lay)) : NULL;
	struct doc *d = NULL;
	if (cb != NULL) {
		struct eval *e = eval_new(lay, cb, NULL);
		if (eval_run(e) == 0)
			d = eval_take_doc(e);
		eval_free(e);
	}
	cb_free(cb);
	lay_free(lay);
	return d;
}

static void
time_blocks(const struct doc_block *b, size_t n, const struct measure *m, struct hyph *h, int repeat,
    int dump, struct totals *tot)
{
	struct para_style st = {10.5, 14.0, DOC_REGULAR, 1, 0, 1.6, 1, 6.8, 3.8}; /* body_style() */
	double w = TS_TEXT_W;
	for (size_t i = 0; i < n; i++)
		if (b[i].kind == BLK_PARA)
			time_para(tot->n, &b[i].text, &st, &w, m, h, repeat, dump, tot);
}

static void
time_notes(const struct doc *d, const struct measure *m, struct hyph *h, int repeat, int dump,
    struct totals *tot)
{
	struct para_style st = {8.5, 10.5, DOC_REGULAR, 1, 0, 2.0, 1, 5.8, 2.8}; /* note_style() */
	double w = TS_TEXT_W - TS_NOTE_HANG;
	for (size_t i = 0; i < d->nnotes; i++)
		time_para(tot->n, &d->notes[i].text, &st, &w, m, h, repeat, dump, tot);
}

/* The -l mode: the real paragraphs and footnotes of an evaluated layout. */
static int
bench_layout(const char *path, const struct measure *m, struct hyph *h, int repeat, int dump)
{
	struct doc *d = eval_layout(path);
	if (d == NULL)
		return 1;
	struct totals body = {0}, notes = {0};
	time_blocks(d->body, d->nbody, m, h, repeat, dump, &body);
	time_blocks(d->appendix, d->nappendix, m, h, repeat, dump, &body);
	printf("body and appendix paragraphs (%.2f pt measure): ", TS_TEXT_W);
	print_totals(&body);
	time_notes(d, m, h, repeat, dump, &notes);
	printf("footnotes (%.2f pt measure): ", TS_TEXT_W - TS_NOTE_HANG);
	print_totals(&notes);
	struct totals all = {body.cold + notes.cold, body.warm + notes.warm, body.n + notes.n,
		body.lines + notes.lines, body.hyphens + notes.hyphens};
	printf("all: ");
	print_totals(&all);
	printf("RESULT para paragraphs=%zu lines=%zu first_us=%.0f mean_us=%.0f per_para_us=%.1f per_line_us=%.2f\n",
	    all.n, all.lines, all.cold, all.warm, all.n ? all.warm / all.n : 0,
	    all.lines ? all.warm / all.lines : 0);
	doc_free(d);
	return 0;
}

int
main(int argc, char **argv)
{
	int dump = 0, repeat = 200, a = 1;
	const char *layout = NULL;
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "-d") == 0)
			dump = 1;
		else if (strcmp(argv[a], "-r") == 0 && a + 1 < argc)
			repeat = atoi(argv[++a]);
		else if (strcmp(argv[a], "-l") == 0 && a + 1 < argc)
			layout = argv[++a];
	}
	if (a >= argc && layout == NULL) {
		fprintf(stderr, "usage: parabench [-d] [-r REPEAT] FILE | -l LAYOUT\n");
		return 2;
	}
	struct fontset *fs = fontset_load("fonts");
	struct hyph *h = hy_new("/usr/share/hyphen/hyph_da_DK.dic", "layouts/hyph-da.txt");
	if (fs == NULL || h == NULL)
		return 3;
	struct measure m = fontset_measure(fs);
	int rc = layout ? bench_layout(layout, &m, h, repeat, dump) : bench_file(argv[a], &m, h, repeat, dump);
	hy_free(h);
	fontset_free(fs);
	return rc;
}

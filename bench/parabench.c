/* parabench.c: times para_set on the paragraphs of a text file with the real fonts and hyphenation.
 *
 * Build and run from the repository root:
 *   cc -std=c11 -Wall -Wextra -O2 -D_POSIX_C_SOURCE=200809L -Isrc $(pkg-config --cflags freetype2) \
 *      -o build/parabench bench/parabench.c src/para.c src/font.c src/hyph.c src/util.c src/diag.c \
 *      src/doc.c -lhyphen $(pkg-config --libs freetype2) -lm
 *   ./build/parabench [-d] [-r REPEAT] /work/shared/reference/notat-brugerundersoegelse-2023.txt
 *
 * Paragraphs are separated by blank lines; the lines of a paragraph are
 * joined with a space, or without one after a line-end hyphen followed by a
 * lowercase letter (undoing the hyphenation of a pdftotext dump). Set at
 * 10.5 pt on a 453 pt measure, justified, tolerance 2. Prints, per paragraph,
 * the lines, the first (cold) time and the mean time over REPEAT runs (default
 * 200); then the totals. -d also dumps every paragraph (para_dump).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "doc.h"
#include "font.h"
#include "hyph.h"
#include "para.h"
#include "util.h"

#define MEASURE 453.0 /* pt */

static double
line_width(void *ctx, size_t line)
{
	(void)ctx, (void)line;
	return MEASURE;
}

static double
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
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

int
main(int argc, char **argv)
{
	int dump = 0, repeat = 200, a = 1;
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "-d") == 0)
			dump = 1;
		else if (strcmp(argv[a], "-r") == 0 && a + 1 < argc)
			repeat = atoi(argv[++a]);
	}
	if (a >= argc) {
		fprintf(stderr, "usage: parabench [-d] [-r REPEAT] FILE\n");
		return 2;
	}
	size_t len;
	char *text = util_slurp(argv[a], &len);
	struct fontset *fs = fontset_load("fonts");
	struct hyph *h = hy_new("/usr/share/hyphen/hyph_da_DK.dic", "layouts/hyph-da.txt");
	if (text == NULL || fs == NULL || h == NULL)
		return 3;
	struct measure m = fontset_measure(fs);
	struct para_style st = {10.5, 13.0, DOC_REGULAR, 1, 0, 2.0, 1, 6.5, 3.5};
	char **par;
	size_t np = split_paragraphs(text, len, &par);
	double cold = 0, warm = 0;
	size_t lines = 0, hyphens = 0;
	struct pos pos = {util_intern(argv[a]), 0, 0};
	for (size_t i = 0; i < np; i++) {
		struct doc_text t = {0};
		doc_text_add(&t, RUN_TEXT, DOC_REGULAR, par[i], pos);
		double t0 = now_us();
		struct para *p = para_set(&t, &st, line_width, NULL, &m, h);
		double t1 = now_us();
		for (int r = 0; r < repeat; r++)
			para_free(para_set(&t, &st, line_width, NULL, &m, h));
		double t2 = now_us();
		double mean = repeat > 0 ? (t2 - t1) / repeat : t1 - t0;
		size_t nh = 0;
		for (size_t j = 0; j < p->n; j++)
			nh += p->line[j].hyphen;
		printf("para %3zu: %2zu lines %2zu hyphens %5zu cands  first %7.1f us  mean %6.1f us  dem %.0f\n",
		    i + 1, p->n, nh, p->candidates, t1 - t0, mean, p->demerits);
		if (dump)
			para_dump(p, stdout);
		cold += t1 - t0, warm += mean, lines += p->n, hyphens += nh;
		para_free(p);
		free(t.runs[0].text);
		free(t.runs);
		free(par[i]);
	}
	printf("total: %zu paragraphs, %zu lines, %zu hyphens; first pass %.0f us, mean pass %.0f us (%.1f us/paragraph)\n",
	    np, lines, hyphens, cold, warm, np ? warm / np : 0);
	free(par);
	free(text);
	hy_free(h);
	fontset_free(fs);
	return 0;
}

/* test_para.c: unit tests for para.c (Knuth-Plass breaking, justification, placement) with a fake monospace font. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "hyph.h"
#include "para.h"
#include "util.h"

#define DICT "/usr/share/hyphen/hyph_da_DK.dic"
#define EPS 1e-9

/* The fake font: every code point 500/1000 em, the space 250/1000 em, no
 * kerning; all glyphs exist except U+2070. At 10 pt: 5 pt a character. */
static double
fake_width(void *ctx, int face, double size, const char *s, size_t n)
{
	(void)ctx, (void)face;
	double em = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		em += cp == ' ' ? 0.25 : 0.5;
		i += l ? l : 1;
	}
	return em * size;
}

static int
fake_has_glyph(void *ctx, int face, uint32_t cp)
{
	(void)ctx, (void)face;
	return cp != 0x2070;
}

static const struct measure fake = {NULL, fake_width, fake_has_glyph};

/* Line widths: ctx points at {narrow lines, narrow width, width}. */
static double
widths(void *ctx, size_t line)
{
	const double *w = ctx;
	return (double)line < w[0] ? w[1] : w[2];
}

static struct para_style
style(void)
{
	return (struct para_style){10, 12, DOC_REGULAR, 1, 0, 2.0, 1, 6, 3, 0};
}

static struct pos nopos = {NULL, 0, 0};

static void
run(struct doc_text *t, enum doc_run_kind kind, enum doc_face face, const char *s, int num)
{
	doc_text_add(t, kind, face, s, nopos);
	t->runs[t->n - 1].note = kind == RUN_NOTE ? num : 0;
	t->runs[t->n - 1].target = kind == RUN_LINK ? num : 0;
}

static void
text_free(struct doc_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->runs[i].text);
	free(t->runs);
}

/* Sets one plain run at a constant width (h may be NULL). */
static struct para *
set_plain(const char *s, double width, const struct para_style *st, struct hyph *h)
{
	struct doc_text t = {0};
	run(&t, RUN_TEXT, DOC_REGULAR, s, 0);
	double w[3] = {0, width, width};
	struct para *p = para_set(&t, st, widths, w, SIZE_MAX, &fake, h);
	text_free(&t);
	return p;
}

static char *
dump(const struct para *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	para_dump(p, f);
	fclose(f);
	return s;
}

/* Every line: words inside the width, ordered, not overlapping; justified
 * lines end exactly at the width; the last line has natural spacing. */
static void
check_geometry(const struct para *p, int justified)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct para_line *l = &p->line[i];
		ck_assert_uint_gt(l->n, 0);
		ck_assert_int_eq(l->last, i + 1 == p->n);
		const struct para_word *e = &l->w[l->n - 1];
		ck_assert(e->x + e->w <= l->width + EPS);
		ck_assert_int_eq(e->space_after, 0);
		if (justified && !l->last)
			ck_assert_double_eq_tol(e->x + e->w, l->width, EPS);
		if (l->last || !justified)
			ck_assert(l->ratio <= 0);
		ck_assert(l->ratio >= -1);
		for (size_t j = 1; j < l->n; j++) {
			const struct para_word *a = &l->w[j - 1], *b = &l->w[j];
			double gap = b->x - (a->x + a->w);
			if (!a->space_after)
				ck_assert_double_eq_tol(gap, 0, EPS);
			else if (l->ratio >= 0)
				ck_assert_double_eq_tol(gap, 2.5 + l->ratio * 1.25, EPS);
			else
				ck_assert_double_eq_tol(gap, 2.5 + l->ratio * 2.5 / 3, EPS);
		}
	}
}

/* A paragraph of Danish words from the notat, no hyphenation, 150 pt. */
static const char *frog =
    "har SIRI i af SIRI kommunerne af tiltag til som den for rådgivning kommunerne i at";

START_TEST(known_breaks)
{
	struct para_style st = style();
	struct para *p = set_plain(frog, 150, &st, NULL);
	char *d = dump(p);
	ck_assert_str_eq(d,
	    "L1 w=150.00 r=0.667 | har SIRI i af SIRI kommunerne af\n"
	    "L2 w=150.00 r=-0.600 | tiltag til som den for rådgivning\n"
	    "L3 w=150.00 r=0.000 | kommunerne i at\n");
	check_geometry(p, 1);
	ck_assert_uint_gt(p->candidates, 3);
	ck_assert(p->demerits > 0);
	free(d);
	para_free(p);
}
END_TEST

/* First fit: as many words as fit at natural width. Returns the worst
 * stretch ratio of a non-last line. */
static double
greedy_worst_ratio(const char *s, double width)
{
	char *c = xstrdup(s), *words[64];
	size_t n = 0;
	for (char *tok = strtok(c, " "); tok && n < 64; tok = strtok(NULL, " "))
		words[n++] = tok;
	double worst = 0;
	for (size_t i = 0; i < n;) {
		double nat = fake_width(NULL, 0, 10, words[i], strlen(words[i]));
		size_t j = i + 1;
		for (; j < n; j++) {
			double w = nat + 2.5 + fake_width(NULL, 0, 10, words[j], strlen(words[j]));
			if (w > width)
				break;
			nat = w;
		}
		if (j < n)
			worst = fmax(worst, j - i > 1 ? (width - nat) / (1.25 * (j - i - 1)) : INFINITY);
		i = j;
	}
	free(c);
	return worst;
}

START_TEST(total_fit_beats_first_fit)
{
	/* First fit puts "kommunerne af tiltag til som den for" on line 2,
	 * leaving "rådgivning" alone-ish: a line stretched to ratio 10. */
	struct para_style st = style();
	struct para *p = set_plain(frog, 150, &st, NULL);
	double worst = 0;
	for (size_t i = 0; i + 1 < p->n; i++)
		worst = fmax(worst, fabs(p->line[i].ratio));
	double greedy = greedy_worst_ratio(frog, 150);
	ck_assert(greedy > 2.0);
	ck_assert(worst < 1.0);
	ck_assert(worst < greedy);
	para_free(p);
}
END_TEST

START_TEST(justified_and_ragged_last)
{
	struct para_style st = style();
	const char *s = "Surveyen er distribueret til i alt 368 respondenter, som er blevet bedt om at "
	    "svare på vegne af deres respektive afdelinger. Af disse har 237 respondenter besvaret "
	    "spørgeskemaet, hvilket giver en samlet svarprocent på 64,4 pct.";
	for (double w = 120; w <= 300; w += 7) {
		struct para *p = set_plain(s, w, &st, NULL);
		ck_assert_uint_gt(p->n, 1);
		check_geometry(p, 1);
		const struct para_line *last = &p->line[p->n - 1];
		/* Natural spacing, unless the last line only fits shrunk (as in TeX). */
		ck_assert(last->ratio == 0 || (last->ratio < 0 && last->natural > last->width));
		ck_assert_double_eq_tol(p->line[0].w[0].x, 0, EPS);
		para_free(p);
	}
}
END_TEST

START_TEST(ragged_right)
{
	struct para_style st = style();
	st.justify = 0;
	struct para *p = set_plain(frog, 150, &st, NULL);
	check_geometry(p, 0);
	for (size_t i = 0; i < p->n; i++)
		ck_assert_double_eq(p->line[i].ratio, 0);
	para_free(p);
}
END_TEST

START_TEST(space_after_and_text)
{
	struct para_style st = style();
	struct para *p = set_plain("  et  to\ttre  ", 200, &st, NULL);
	ck_assert_uint_eq(p->n, 1);
	ck_assert_uint_eq(p->line[0].n, 3);
	ck_assert_str_eq(p->line[0].w[0].text, "et");
	ck_assert_int_eq(p->line[0].w[0].space_after, 1);
	ck_assert_int_eq(p->line[0].w[1].space_after, 1);
	ck_assert_int_eq(p->line[0].w[2].space_after, 0);
	ck_assert_double_eq_tol(p->line[0].w[1].x, 12.5, EPS);
	ck_assert_double_eq_tol(p->line[0].w[0].w, 10, EPS);
	ck_assert_double_eq_tol(p->line[0].natural, 40, EPS);
	para_free(p);
	p = set_plain("   ", 200, &st, NULL);
	ck_assert_uint_eq(p->n, 0);
	para_free(p);
}
END_TEST

START_TEST(footnote_markers_glued)
{
	struct para_style st = style();
	for (double w = 60; w <= 140; w += 1) {
		struct doc_text t = {0};
		run(&t, RUN_TEXT, DOC_REGULAR, "fordeler sig på 95 kommuner", 0);
		run(&t, RUN_NOTE, DOC_REGULAR, "1", 1);
		run(&t, RUN_TEXT, DOC_REGULAR, ". Se også afsnittet om kommunerne ", 0);
		run(&t, RUN_NOTE, DOC_REGULAR, "12", 12);
		run(&t, RUN_TEXT, DOC_REGULAR, " her.", 0);
		double ww[3] = {0, w, w};
		struct para *p = para_set(&t, &st, widths, ww, SIZE_MAX, &fake, NULL);
		int seen = 0;
		for (size_t i = 0; i < p->n; i++) {
			const struct para_line *l = &p->line[i];
			ck_assert(l->w[0].kind != RUN_NOTE);
			for (size_t j = 1; j < l->n; j++) {
				if (l->w[j].kind != RUN_NOTE)
					continue;
				const struct para_word *a = &l->w[j - 1], *m = &l->w[j];
				ck_assert_int_eq(a->space_after, 0);
				ck_assert_double_eq_tol(m->x, a->x + a->w, EPS);
				ck_assert_double_eq(m->size, 6);
				ck_assert_double_eq(m->rise, 3);
				ck_assert_double_eq_tol(m->w, 3.0 * strlen(m->text), EPS);
				ck_assert_int_eq(m->note, atoi(m->text));
				ck_assert(j + 1 >= l->n || l->w[j + 1].x >= m->x + m->w - EPS);
				seen++;
			}
		}
		ck_assert_int_eq(seen, 2);
		para_free(p);
		text_free(&t);
	}
}
END_TEST

START_TEST(links_and_glued_faces)
{
	struct para_style st = style();
	struct doc_text t = {0};
	run(&t, RUN_TEXT, DOC_REGULAR, "Se ", 0);
	run(&t, RUN_LINK, DOC_REGULAR, "tabel 6", 6);
	run(&t, RUN_TEXT, DOC_REGULAR, ". Det gælder ", 0);
	run(&t, RUN_TEXT, DOC_BOLD, "social", 0);
	run(&t, RUN_TEXT, DOC_REGULAR, "området.", 0);
	double ww[3] = {0, 500, 500};
	struct para *p = para_set(&t, &st, widths, ww, SIZE_MAX, &fake, NULL);
	ck_assert_uint_eq(p->n, 1);
	const struct para_line *l = &p->line[0];
	ck_assert_uint_eq(l->n, 8);
	ck_assert_str_eq(l->w[1].text, "tabel");
	ck_assert_str_eq(l->w[2].text, "6");
	ck_assert_int_eq(l->w[1].kind, RUN_LINK);
	ck_assert_int_eq(l->w[2].kind, RUN_LINK);
	ck_assert_int_eq(l->w[2].target, 6);
	ck_assert_int_eq(l->w[1].space_after, 1);
	ck_assert_str_eq(l->w[3].text, ".");
	ck_assert_int_eq(l->w[2].space_after, 0);
	ck_assert_double_eq_tol(l->w[3].x, l->w[2].x + l->w[2].w, EPS);
	ck_assert_str_eq(l->w[6].text, "social");
	ck_assert_int_eq(l->w[6].face, DOC_BOLD);
	ck_assert_int_eq(l->w[6].space_after, 0);
	ck_assert_str_eq(l->w[7].text, "området.");
	ck_assert_int_eq(l->w[7].face, DOC_REGULAR);
	ck_assert_double_eq_tol(l->w[7].x, l->w[6].x + l->w[6].w, EPS);
	para_free(p);
	/* A link's inner space is a tie: "tabel" and "6" always share a line. */
	for (double w = 72; w <= 120; w += 1) {
		p = para_set(&t, &st, widths, (double[3]){0, w, w}, SIZE_MAX, &fake, NULL);
		for (size_t i = 0; i < p->n; i++)
			ck_assert_str_ne(p->line[i].w[p->line[i].n - 1].text, "tabel");
		para_free(p);
	}
	text_free(&t);
}
END_TEST

START_TEST(hyphenation)
{
	struct hyph *h = hy_new(DICT, NULL);
	ck_assert_ptr_nonnull(h);
	struct para_style st = style();
	/* 27 characters of "integrationsområdet kommunerne" cannot stay whole at 100 pt. */
	struct para *p = set_plain("i integrationsområdet og kommunerne", 100, &st, h);
	ck_assert(p->line[0].hyphen);
	const struct para_word *e = &p->line[0].w[p->line[0].n - 1];
	ck_assert(e->text[strlen(e->text) - 1] == '-');
	ck_assert_double_eq_tol(e->w, 5.0 * utf8_len(e->text, strlen(e->text)), EPS);
	check_geometry(p, 1);
	/* Joined again, the pieces give the word back. */
	char joined[128];
	snprintf(joined, sizeof joined, "%.*s%s", (int)strlen(e->text) - 1, e->text, p->line[1].w[0].text);
	ck_assert_str_eq(joined, "integrationsområdet");
	para_free(p);
	/* Without hyphenation the same text is never broken inside a word. */
	st.hyphenate = 0;
	p = set_plain("i integrationsområdet og kommunerne", 100, &st, h);
	for (size_t i = 0; i < p->n; i++)
		ck_assert(!p->line[i].hyphen);
	para_free(p);
	hy_free(h);
}
END_TEST

START_TEST(explicit_hyphen_break)
{
	struct para_style st = style();
	st.hyphenate = 0; /* breaks after an explicit hyphen need no dictionary */
	struct para *p = set_plain("her på SB-området og", 65, &st, NULL);
	ck_assert_uint_eq(p->n, 2);
	const struct para_line *l = &p->line[0];
	ck_assert_str_eq(l->w[l->n - 1].text, "SB-");
	ck_assert(l->hyphen);
	ck_assert_str_eq(p->line[1].w[0].text, "området");
	para_free(p);
}
END_TEST

START_TEST(no_consecutive_hyphens)
{
	struct hyph *h = hy_new(DICT, NULL);
	struct para_style st = style();
	/* Line 1 must end in "beskæf-". Without the double-hyphen demerits
	 * line 2 would end in "til-" (ratio 0.667); instead it is set tight
	 * (ratio -1) and ends at a space. */
	struct para *p = set_plain("respondenterne pct. at viden der i beskæftigelsesrettet er og og er "
	    "afdelinger tiltag beskæftigelsesrettet at i", 200, &st, h);
	ck_assert_uint_eq(p->n, 3);
	ck_assert(p->line[0].hyphen);
	ck_assert_str_eq(p->line[1].w[p->line[1].n - 1].text, "tiltag");
	int hyphens = 0;
	for (size_t i = 0; i < p->n; i++) {
		hyphens += p->line[i].hyphen;
		ck_assert(i == 0 || !(p->line[i].hyphen && p->line[i - 1].hyphen));
	}
	ck_assert_int_gt(hyphens, 0);
	check_geometry(p, 1);
	para_free(p);
	hy_free(h);
}
END_TEST

START_TEST(variable_widths)
{
	/* Three narrow lines beside a figure, then the full measure. */
	struct para_style st = style();
	struct doc_text t = {0};
	run(&t, RUN_TEXT, DOC_REGULAR,
	    "Undersøgelsen er designet med henblik på at undersøge fire arbejdsområder i kommunerne: "
	    "beskæftigelsesrettet integration, socialområdet børn og unge, socialområdet voksne og "
	    "skoleområdet. En mere detaljeret redegørelse findes i bilag 1.", 0);
	double w[3] = {3, 140, 260};
	struct hyph *h = hy_new(DICT, NULL);
	struct para *p = para_set(&t, &st, widths, w, SIZE_MAX, &fake, h);
	ck_assert_uint_gt(p->n, 4);
	for (size_t i = 0; i < p->n; i++)
		ck_assert_double_eq(p->line[i].width, i < 3 ? 140 : 260);
	check_geometry(p, 1);
	para_free(p);
	hy_free(h);
	text_free(&t);
}
END_TEST

/* ragged_below: the narrow lines beside a figure are set ragged right with
 * natural spaces (ratio 0, none stretched or shrunk) and stay inside their
 * measure, within the rag; the full-width lines after them stay justified. */
START_TEST(ragged_below_narrow_lines)
{
	struct para_style st = style();
	st.ragged_below = 200;
	struct doc_text t = {0};
	run(&t, RUN_TEXT, DOC_REGULAR,
	    "Undersøgelsen er designet med henblik på at undersøge fire arbejdsområder i kommunerne: "
	    "beskæftigelsesrettet integration, socialområdet børn og unge, socialområdet voksne og "
	    "skoleområdet. En mere detaljeret redegørelse findes i bilag 1 og i bilag 2 og i bilag 3.", 0);
	double w[3] = {4, 140, 260};
	struct hyph *h = hy_new(DICT, NULL);
	struct para *p = para_set(&t, &st, widths, w, SIZE_MAX, &fake, h);
	ck_assert_uint_gt(p->n, 5);
	for (size_t i = 0; i < p->n; i++) {
		const struct para_line *l = &p->line[i];
		const struct para_word *e = &l->w[l->n - 1];
		if (i < 4) {
			ck_assert_double_eq(l->ratio, 0);
			ck_assert(e->x + e->w <= 140 + EPS);
			ck_assert(e->x + e->w >= 140 - 2 * 2.0 * 10 - EPS); /* tolerance 2 x 2 em of rag */
		} else if (!l->last) {
			ck_assert_double_eq_tol(e->x + e->w, 260, EPS);
		}
	}
	para_free(p);
	hy_free(h);
	text_free(&t);
}
END_TEST

START_TEST(indent)
{
	struct para_style st = style();
	st.indent = 15;
	struct para *p = set_plain(frog, 150, &st, NULL);
	ck_assert_double_eq_tol(p->line[0].w[0].x, 15, EPS);
	ck_assert_double_eq_tol(p->line[1].w[0].x, 0, EPS);
	check_geometry(p, 1);
	para_free(p);
}
END_TEST

START_TEST(overfull_and_missing_glyph)
{
	FILE *sink = tmpfile();
	diag_set_stream(sink);
	struct para_style st = style();
	/* A word wider than the line: set overfull, reported, never a failure. */
	struct para *p = set_plain("et sikkerhedskonsulentordningen to", 60, &st, NULL);
	ck_assert_uint_eq(p->n, 3);
	ck_assert_str_eq(p->line[1].w[0].text, "sikkerhedskonsulentordningen");
	ck_assert_int_eq(diag_worst(), DL_WARNING);
	para_free(p);
	diag_reset();
	p = set_plain("et to tre fire fem seks syv", 60, &st, NULL);
	ck_assert_int_eq(diag_worst(), DL_OK); /* a tight paragraph is not overfull */
	para_free(p);
	p = set_plain("x\xe2\x81\xb0 y", 60, &st, NULL); /* U+2070 */
	ck_assert_int_eq(diag_worst(), DL_ERROR);
	ck_assert_uint_eq(p->n, 1);
	para_free(p);
	diag_set_stream(NULL);
	diag_reset();
	fclose(sink);
	para_free(NULL);
}
END_TEST


/* A long text of varied words, deterministic. */
static char *
long_text(size_t words)
{
	static const char *const w[] = {"kommunerne", "og", "rådgivning", "i", "integrationsområdet",
	    "afdelingerne", "kender", "de", "kurser", "netværksmøder", "om", "sikkerhedskonsulenter"};
	struct buf b = {0};
	unsigned x = 12345;
	for (size_t i = 0; i < words; i++) {
		x = x * 1103515245u + 12345u;
		buf_printf(&b, "%s%s", i ? " " : "", w[(x >> 16) % 12]);
	}
	return buf_take(&b);
}

/* The easy line is exact: lines past it have one width, so merging their
 * line counts gives the same breaks as counting them apart (narrow first
 * lines, as beside a figure, and plain paragraphs; with hyphenation). */
START_TEST(easy_line_same_breaks)
{
	struct hyph *h = hy_new(DICT, NULL);
	struct para_style st = style();
	char *s = long_text(400);
	struct doc_text t = {0};
	run(&t, RUN_TEXT, DOC_REGULAR, s, 0);
	static const double geo[][3] = {{0, 300, 300}, {9, 150, 300}, {3, 80, 250}, {20, 200, 310}};
	for (size_t g = 0; g < sizeof geo / sizeof geo[0]; g++) {
		struct para *a = para_set(&t, &st, widths, (void *)geo[g], SIZE_MAX, &fake, h);
		struct para *b = para_set(&t, &st, widths, (void *)geo[g], (size_t)geo[g][0], &fake, h);
		char *da = dump(a), *db = dump(b);
		ck_assert_str_eq(da, db);
		ck_assert(b->candidates <= a->candidates);
		free(da);
		free(db);
		para_free(a);
		para_free(b);
	}
	text_free(&t);
	free(s);
	hy_free(h);
}
END_TEST

/* The work is linear in the paragraph's length: candidates per word stay
 * flat from 1,000 to 4,000 words (they grew with the length when every
 * line count was its own class: a 1 MB paragraph took 37 s and 1.2 GB). */
START_TEST(long_paragraph_linear)
{
	struct para_style st = style();
	double per[2];
	size_t sizes[2] = {1000, 4000};
	for (int k = 0; k < 2; k++) {
		char *s = long_text(sizes[k]);
		struct doc_text t = {0};
		run(&t, RUN_TEXT, DOC_REGULAR, s, 0);
		struct para *p = para_set(&t, &st, widths, (double[3]){0, 300, 300}, 0, &fake, NULL);
		per[k] = (double)p->candidates / (double)sizes[k];
		ck_assert(p->n > sizes[k] / 12);
		para_free(p);
		text_free(&t);
		free(s);
	}
	ck_assert_msg(per[1] < 1.2 * per[0], "candidates per word grew from %.1f to %.1f", per[0], per[1]);
}
END_TEST


Suite *para_suite(void);
Suite *
para_suite(void)
{
	Suite *s = suite_create("para");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, known_breaks);
	tcase_add_test(tc, total_fit_beats_first_fit);
	tcase_add_test(tc, justified_and_ragged_last);
	tcase_add_test(tc, ragged_right);
	tcase_add_test(tc, space_after_and_text);
	tcase_add_test(tc, footnote_markers_glued);
	tcase_add_test(tc, links_and_glued_faces);
	tcase_add_test(tc, hyphenation);
	tcase_add_test(tc, explicit_hyphen_break);
	tcase_add_test(tc, no_consecutive_hyphens);
	tcase_add_test(tc, variable_widths);
	tcase_add_test(tc, ragged_below_narrow_lines);
	tcase_add_test(tc, indent);
	tcase_add_test(tc, overfull_and_missing_glyph);
	tcase_add_test(tc, easy_line_same_breaks);
	tcase_add_test(tc, long_paragraph_linear);
	suite_add_tcase(s, tc);
	return s;
}

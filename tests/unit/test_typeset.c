/* test_typeset.c: unit tests for the page builder (typeset.c) with a fake monospace font. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "typeset.h"
#include "util.h"

/* ---- the fake font: every code point 500/1000 em ---- */

static double
fake_width(void *ctx, int face, double size, const char *s, size_t n)
{
	(void)ctx, (void)face;
	return 0.5 * size * (double)utf8_len(s, n);
}

static int
fake_glyph(void *ctx, int face, uint32_t cp)
{
	(void)ctx, (void)face, (void)cp;
	return 1;
}

static const struct measure fake = {NULL, fake_width, fake_glyph};

/* ---- building a doc by hand ---- */

static const struct pos nopos = {"test.lay", 1, 1};

static struct doc_block *
add_block(struct doc_block **b, size_t *n, enum doc_block_kind kind)
{
	*b = xrealloc(*b, (*n + 1) * sizeof **b);
	struct doc_block *blk = &(*b)[(*n)++];
	memset(blk, 0, sizeof *blk);
	blk->kind = kind;
	return blk;
}

/* Text with "^N" for footnote marker N, "@N" for a link "tabel N" and "#N"
 * for a link of the digits only (as the layout writes "tabel #N"). */
static void
fill_text(struct doc_text *t, const char *s)
{
	struct buf b = {0};
	while (*s) {
		if ((*s == '^' || *s == '@' || *s == '#') && s[1] >= '0' && s[1] <= '9') {
			char kind = *s++;
			int n = (int)strtol(s, (char **)&s, 10);
			if (b.len)
				doc_text_add(t, RUN_TEXT, DOC_REGULAR, b.s, nopos);
			b.len = 0;
			char num[32];
			snprintf(num, sizeof num, kind == '@' ? "tabel %d" : "%d", n);
			doc_text_add(t, kind == '^' ? RUN_NOTE : RUN_LINK, DOC_REGULAR, num, nopos);
			t->runs[t->n - 1].note = kind == '^' ? n : 0;
			t->runs[t->n - 1].target = kind != '^' ? n : 0;
			continue;
		}
		buf_putc(&b, *s++);
	}
	if (b.len)
		doc_text_add(t, RUN_TEXT, DOC_REGULAR, b.s, nopos);
	buf_free(&b);
}

static void
add_para(struct doc *d, const char *s)
{
	struct doc_block *b = add_block(&d->body, &d->nbody, BLK_PARA);
	fill_text(&b->text, s);
}

static void
add_heading(struct doc *d, int level, const char *num, const char *s)
{
	struct doc_block *b = add_block(&d->body, &d->nbody, BLK_HEADING);
	b->level = level;
	b->number = xstrdup(num);
	fill_text(&b->text, s);
}

static void
add_note(struct doc *d, int n, const char *s)
{
	d->notes = xrealloc(d->notes, (d->nnotes + 1) * sizeof *d->notes);
	struct doc_note *dn = &d->notes[d->nnotes++];
	memset(dn, 0, sizeof *dn);
	dn->number = n;
	fill_text(&dn->text, s);
}

/* A paragraph of about `words` words of filler text, with a suffix. */
static char *
filler(int words, const char *suffix)
{
	static const char *const w[] = {"undersøgelsen", "viser", "at", "kommunerne", "i", "høj",
	    "grad", "kender", "rådgivningen", "og", "bruger", "den", "til", "sager", "om", "integration"};
	struct buf b = {0};
	for (int i = 0; i < words; i++)
		buf_printf(&b, "%s%s", i ? " " : "", w[(i * 7 + words) % 16]);
	buf_printf(&b, "%s.", suffix ? suffix : "");
	return buf_take(&b);
}

static void
add_filler(struct doc *d, int words, const char *suffix)
{
	char *s = filler(words, suffix);
	add_para(d, s);
	free(s);
}

static struct doc_figure *
make_figure(int number, size_t nbars, int narrow)
{
	struct doc_figure *f = xcalloc(1, sizeof *f);
	f->number = number;
	f->caption = xstrdup("Kendskab til og brug af SIRIs rådgivning");
	f->note = xstrdup("Figuren omfatter alle respondenter.");
	f->alt = xstrdup("Søjlediagram over kendskab og brug");
	f->narrow = narrow;
	struct doc_chart *c = &f->chart;
	c->type = CHART_STACKED;
	c->nbars = nbars;
	c->nseries = 3;
	c->bar_label = xcalloc(nbars, sizeof *c->bar_label);
	c->bar_n = xcalloc(nbars, sizeof *c->bar_n);
	c->series_label = xcalloc(3, sizeof *c->series_label);
	c->value = xcalloc(nbars * 3, sizeof *c->value);
	c->value_text = xcalloc(nbars * 3, sizeof *c->value_text);
	static const char *const sl[] = {"Kender ikke", "Kender, men bruger ikke", "Bruger"};
	for (size_t j = 0; j < 3; j++)
		c->series_label[j] = xstrdup(sl[j]);
	for (size_t i = 0; i < nbars; i++) {
		c->bar_label[i] = xasprintf("Område nummer %zu med et langt navn", i + 1);
		c->bar_n[i] = 100 + (long)i;
		double v[3] = {10 + (double)i, 30, 60 - (double)i};
		for (size_t j = 0; j < 3; j++) {
			c->value[i * 3 + j] = v[j];
			c->value_text[i * 3 + j] = xasprintf("%.0f", v[j]);
		}
	}
	c->axis_label = xstrdup("Pct.");
	c->axis_max = 100;
	return f;
}

static void
add_figure(struct doc *d, int number, size_t nbars, int narrow)
{
	struct doc_block *b = add_block(&d->body, &d->nbody, BLK_FIGURE);
	b->fig = make_figure(number, nbars, narrow);
}

static struct doc_table *
make_table(int number, size_t nrows)
{
	static const char *const g[] = {"BI", "SB", "SV", "SK", "I alt"};
	struct doc_table *t = xcalloc(1, sizeof *t);
	t->number = number;
	t->title = xasprintf("Hvem kontakter afdelingen først (tabel %d)", number);
	t->ngroups = 5;
	t->group = xcalloc(5, sizeof *t->group);
	for (size_t i = 0; i < 5; i++)
		t->group[i] = xstrdup(g[i]);
	t->sub[0] = xstrdup("Antal");
	t->sub[1] = xstrdup("Pct.");
	t->rows = xcalloc(nrows, sizeof *t->rows);
	t->nrows = nrows;
	for (size_t r = 0; r < nrows; r++) {
		struct doc_trow *row = &t->rows[r];
		row->kind = r + 1 == nrows ? ROW_N : ROW_DATA;
		row->label = r + 1 == nrows ? xstrdup("n") :
		    xasprintf("Svarkategori %zu%s", r + 1, r % 5 == 0 ? " med en meget lang tekst der må ombrydes" : "");
		row->cell = xcalloc(10, sizeof *row->cell);
		for (size_t k = 0; k < 10; k++)
			row->cell[k] = k % 2 ? xasprintf("%zu,%zu", r % 60, k) : xasprintf("%zu", r * 3 + k);
	}
	t->note = xstrdup("Anm.: Flere svar mulige.");
	t->source = xstrdup("Kilde: Brugerundersøgelsen 2023.");
	return t;
}

static void
add_table(struct doc *d, int number, size_t nrows)
{
	struct doc_block *b = add_block(&d->appendix, &d->nappendix, BLK_TABLE);
	b->tab = make_table(number, nrows);
}

static struct doc *
base_doc(void)
{
	struct doc *d = doc_new();
	d->title = xstrdup("Brugerundersøgelse 2023");
	d->kind = xstrdup("Notat");
	d->agency = xstrdup("Styrelsen for International Rekruttering og Integration");
	d->meta = xcalloc(2, sizeof *d->meta);
	d->meta[0] = (struct doc_meta){xstrdup("Dato"), xstrdup("1. marts 2024")};
	d->meta[1] = (struct doc_meta){xstrdup("Sagsnr."), xstrdup("24/01234")};
	d->nmeta = 2;
	d->colophon = xstrdup("Beregnet på syntetiske data.");
	d->appendix_title = xstrdup("Bilag 1: Tabeller");
	return d;
}

static struct box_doc *
notat(const struct doc *d, int combined)
{
	struct ts_opts o = {&fake, NULL, combined, NULL};
	struct box_doc *bd = ts_notat(d, &o);
	ck_assert_ptr_nonnull(bd);
	return bd;
}

/* ---- queries on the result ---- */

/* Page of the first box of element e (or of any child of e when deep), -1 if none. */
static int
page_of(const struct box_doc *bd, int e)
{
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n; i++)
			if (bd->pages[p].box[i].elem == e)
				return (int)p;
	return -1;
}

static int
find_elem(const struct box_doc *bd, const char *type, const char *id, int nth)
{
	for (size_t i = 0; i < bd->nelems; i++)
		if (strcmp(bd->elems[i].type, type) == 0 && (id == NULL || (bd->elems[i].id && strcmp(bd->elems[i].id, id) == 0)))
			if (nth-- == 0)
				return (int)i;
	return -1;
}

/* Distinct baselines of element e's text boxes on page p. */
static int
lines_on(const struct box_doc *bd, int e, size_t p)
{
	double seen[512];
	int n = 0;
	for (size_t i = 0; i < bd->pages[p].n; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->kind != BOX_TEXT || (b->elem != e && (b->elem < 0 || bd->elems[b->elem].parent != e)))
			continue;
		if (bd->elems[b->elem].parent == e && strcmp(bd->elems[b->elem].type, "Note") == 0)
			continue;
		int dup = 0;
		for (int j = 0; j < n; j++)
			dup |= seen[j] - b->y < 4 && b->y - seen[j] < 4; /* markers are raised */
		if (!dup && n < 512)
			seen[n++] = b->y;
	}
	return n;
}

static int
count_text(const struct box_doc *bd, size_t p, const char *text, int elem)
{
	int n = 0;
	for (size_t i = 0; i < bd->pages[p].n; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->kind == BOX_TEXT && strncmp(b->text, text, strlen(text)) == 0 && (elem == 2 || (b->elem < 0) == (elem < 0)))
			n++;
	}
	return n;
}

/* A notat of three sections with footnotes, a figure and plenty of text. */
static struct doc *
long_doc(void)
{
	struct doc *d = base_doc();
	for (int s = 1; s <= 3; s++) {
		char num[8];
		snprintf(num, sizeof num, "%d", s);
		add_heading(d, 1, num, "Indledning og hovedresultater");
		for (int p = 0; p < 7; p++) {
			char suf[64];
			int note = (s - 1) * 7 + p + 1;
			snprintf(suf, sizeof suf, " jf. @%d^%d", note, note);
			add_filler(d, 40 + 23 * ((p + s) % 4), p % 2 ? suf : NULL);
			if (p % 2) {
				char *nt = filler(12 + 9 * (p % 3), " @3");
				add_note(d, note, nt);
				free(nt);
			}
			if (p == 3) {
				snprintf(num, sizeof num, "%d.%d", s, p);
				add_heading(d, 2, num, "Et afsnit med en overskrift");
			}
		}
	}
	add_table(d, 3, 12);
	return d;
}

START_TEST(footnote_on_marker_page)
{
	struct doc *d = long_doc();
	struct box_doc *bd = notat(d, 0);
	ck_assert_uint_ge(bd->npages, 3);
	int checked = 0;
	for (size_t i = 0; i < d->nnotes; i++) {
		char id[16];
		snprintf(id, sizeof id, "note%d", d->notes[i].number);
		int note = find_elem(bd, "Note", id, 0);
		ck_assert_int_ge(note, 1);
		int ref = note - 1;
		ck_assert_str_eq(bd->elems[ref].type, "Reference");
		ck_assert_int_eq(bd->elems[ref].parent, bd->elems[note].parent);
		ck_assert_str_eq(bd->elems[bd->elems[note].parent].type, "P");
		ck_assert_int_eq(page_of(bd, ref), page_of(bd, note));
		checked++;
	}
	ck_assert_int_eq(checked, 9);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(heading_kept_with_text)
{
	struct doc *d = long_doc();
	struct box_doc *bd = notat(d, 0);
	for (size_t e = 0; e < bd->nelems; e++) {
		if (strcmp(bd->elems[e].type, "H1") != 0 && strcmp(bd->elems[e].type, "H2") != 0 &&
		    strcmp(bd->elems[e].type, "H3") != 0)
			continue;
		int pg = page_of(bd, (int)e);
		int next = -1;
		for (size_t f = e + 1; f < bd->nelems && next < 0; f++)
			if (strcmp(bd->elems[f].type, "P") == 0)
				next = (int)f;
		if (next < 0 || page_of(bd, (int)e) < 0)
			continue;
		int total = 0;
		for (size_t p = 0; p < bd->npages; p++)
			total += lines_on(bd, next, p);
		ck_assert_msg(lines_on(bd, next, (size_t)pg) >= (total < 2 ? total : 2), "heading %zu alone at the foot of page %d", e, pg);
	}
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(no_widows_or_orphans)
{
	struct doc *d = long_doc();
	struct box_doc *bd = notat(d, 0);
	int split = 0;
	for (size_t e = 0; e < bd->nelems; e++) {
		if (strcmp(bd->elems[e].type, "P") != 0)
			continue;
		int pages = 0, total = 0;
		for (size_t p = 0; p < bd->npages; p++) {
			int n = lines_on(bd, (int)e, p);
			pages += n > 0;
			total += n;
			if (n > 0 && total > 1)
				ck_assert_msg(n >= 2 || pages == 1, "P %zu has one line on page %zu", e, p);
		}
		if (pages > 1) {
			split++;
			for (size_t p = 0; p < bd->npages; p++) {
				int n = lines_on(bd, (int)e, p);
				ck_assert_msg(n == 0 || n >= 2, "P %zu: %d line(s) on page %zu", e, n, p);
			}
		}
	}
	ck_assert_int_ge(split, 1); /* the test text does break paragraphs */
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(tall_figure_moves_to_next_page)
{
	struct doc *d = base_doc();
	add_heading(d, 1, "1", "Indledning");
	for (int i = 0; i < 3; i++)
		add_filler(d, 80, NULL);
	add_figure(d, 1, 12, 0);
	add_filler(d, 60, " (efter figuren)");
	struct box_doc *bd = notat(d, 0);
	int fig = find_elem(bd, "Figure", NULL, 0), cap = find_elem(bd, "Caption", NULL, 0);
	ck_assert_int_ge(fig, 0);
	ck_assert_str_eq(bd->elems[fig].alt, "Søjlediagram over kendskab og brug");
	ck_assert_int_eq(page_of(bd, fig), 1);
	ck_assert_int_eq(page_of(bd, cap), 1);
	/* the caption stands at the top of page 2 */
	double top = 0;
	for (size_t i = 0; i < bd->pages[1].n; i++)
		if (bd->pages[1].box[i].elem == cap && bd->pages[1].box[i].y > top)
			top = bd->pages[1].box[i].y;
	ck_assert_double_gt(top, BOX_A4_H - MM(25) - 15);
	/* the text after the figure fills page 1 instead of leaving it half empty */
	int after = find_elem(bd, "P", NULL, 9);
	ck_assert_int_ge(after, 0);
	ck_assert_int_eq(page_of(bd, after), 0);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(long_table_repeats_header)
{
	struct doc *d = base_doc();
	add_table(d, 1, 90);
	add_table(d, 2, 6);
	struct ts_opts o = {&fake, NULL, 0, NULL};
	struct box_doc *bd = ts_appendix(d, &o);
	ck_assert_ptr_nonnull(bd);
	ck_assert_uint_ge(bd->npages, 2);
	ck_assert_int_eq(count_text(bd, 0, "Antal", 0), 5); /* tagged TH on page 1 */
	ck_assert_int_eq(count_text(bd, 1, "Antal", -1), 5); /* repeated: artifacts */
	ck_assert_int_eq(count_text(bd, 1, "Tabel 1 (fortsat)", -1), 1);
	int th = find_elem(bd, "TH", NULL, 0);
	ck_assert_str_eq(bd->elems[th].scope, "Column");
	ck_assert_str_eq(bd->elems[bd->elems[th].parent].type, "TR");
	/* every table in the outline */
	ck_assert_uint_eq(bd->noutline, 3);
	ck_assert_str_eq(bd->outline[1].title, "Tabel 1. Hvem kontakter afdelingen først (tabel 1)");
	/* the decimal commas of a percentage column line up */
	double comma_x = -1;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		const char *c = b->kind == BOX_TEXT && b->elem >= 0 ? strchr(b->text, ',') : NULL;
		if (c == NULL || strcmp(c, ",1") != 0)
			continue;
		double x = b->x + fake_width(NULL, 0, b->size, b->text, (size_t)(c - b->text));
		if (comma_x < 0)
			comma_x = x;
		ck_assert_double_eq_tol(x, comma_x, 0.01);
	}
	ck_assert_double_gt(comma_x, 0);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(elems_and_artifacts)
{
	struct doc *d = long_doc();
	add_figure(d, 1, 4, 1);
	add_filler(d, 120, NULL);
	struct box_doc *bd = notat(d, 1);
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n; i++) {
			const struct box *b = &bd->pages[p].box[i];
			ck_assert_int_lt(b->elem, (int)bd->nelems);
			if (b->kind == BOX_TEXT && b->elem < 0)
				ck_assert_msg(strncmp(b->text, "Side ", 5) == 0 || strstr(b->text, "(fortsat)") ||
				    p > 0, "untagged text \"%s\"", b->text);
			if (b->kind == BOX_RECT || b->kind == BOX_LINK)
				ck_assert_int_ge(b->elem, 0);
			if (b->kind == BOX_LINK)
				ck_assert_str_eq(bd->elems[b->elem].type, "Link");
		}
	/* links resolve to the page of table 3 */
	int links = 0;
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n; i++)
			if (bd->pages[p].box[i].kind == BOX_LINK) {
				ck_assert_int_eq(bd->pages[p].box[i].target_page, (int)bd->npages - 1);
				links++;
			}
	ck_assert_int_ge(links, 9);
	ck_assert_str_eq(bd->elems[0].type, "Document");
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(footers_count_pages)
{
	struct doc *d = long_doc();
	struct box_doc *bd = notat(d, 0);
	for (size_t p = 0; p < bd->npages; p++) {
		char want[64];
		snprintf(want, sizeof want, "Side %zu af %zu", p + 1, bd->npages);
		ck_assert_int_eq(count_text(bd, p, want, -1), 1);
		ck_assert_int_eq(bd->pages[p].pagenum, (int)p + 1);
	}
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(narrow_figure_wraps_text)
{
	struct doc *d = base_doc();
	add_filler(d, 30, NULL);
	add_figure(d, 1, 3, 1);
	add_filler(d, 200, NULL);
	struct box_doc *bd = notat(d, 0);
	int fig = find_elem(bd, "Figure", NULL, 0), para = find_elem(bd, "P", NULL, 7);
	double fig_x = 1e9, narrow_right = 0, full_right = 0;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->elem == fig && b->x < fig_x)
			fig_x = b->x;
	}
	double fig_bottom = 1e9;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if ((b->elem == fig || b->elem == fig - 1 || b->elem == fig + 1) && b->y < fig_bottom)
			fig_bottom = b->y;
	}
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->elem != para)
			continue;
		if (b->y > fig_bottom)
			narrow_right = b->x + b->w > narrow_right ? b->x + b->w : narrow_right;
		else
			full_right = b->x + b->w > full_right ? b->x + b->w : full_right;
	}
	ck_assert_double_gt(narrow_right, 0);
	ck_assert_double_lt(narrow_right, fig_x - 5);
	ck_assert_double_gt(full_right, fig_x + 50);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

START_TEST(figure_without_alt_fails)
{
	struct doc *d = base_doc();
	add_filler(d, 30, NULL);
	add_figure(d, 1, 3, 0);
	free(d->body[1].fig->alt);
	d->body[1].fig->alt = NULL;
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);
	diag_set_stream(f);
	struct ts_opts o = {&fake, NULL, 0, NULL};
	struct box_doc *bd = ts_notat(d, &o);
	diag_set_stream(NULL);
	fclose(f);
	ck_assert_ptr_null(bd);
	ck_assert_ptr_nonnull(strstr(msg, "has no alt text"));
	diag_reset();
	free(msg);
	doc_free(d);
}
END_TEST

/* ---- page fill ---- */

#define T_BOTTOM MM(30)
#define T_RULE_W MM(45)

/* The floor of page p: the top of its footnotes (9 pt above their rule), else the bottom margin. */
static double
floor_of(const struct box_doc *bd, size_t p)
{
	for (size_t i = 0; i < bd->pages[p].n; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->kind == BOX_LINE && b->elem < 0 && b->w > T_RULE_W - 0.1 && b->w < T_RULE_W + 0.1)
			return b->y + 9.0;
	}
	return T_BOTTOM;
}

/* Bottom of the lowest 10.5 pt line slot above the floor of page p (baseline - 3.5). */
static double
body_bottom(const struct box_doc *bd, size_t p)
{
	double fl = floor_of(bd, p), low = 1e9;
	for (size_t i = 0; i < bd->pages[p].n; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->kind == BOX_TEXT && b->size > 10.4 && b->size < 10.6 && b->y > fl - 10 && b->y < low)
			low = b->y;
	}
	return low - 3.5;
}

/* The P element whose text box is last (lowest) on page p, -1 if none. */
static int
last_para(const struct box_doc *bd, size_t p)
{
	double low = 1e9;
	int e = -1;
	for (size_t i = 0; i < bd->pages[p].n; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->kind == BOX_TEXT && b->size > 10.4 && b->size < 10.6 && b->elem >= 0 && b->y < low &&
		    strcmp(bd->elems[b->elem].type, "P") == 0)
			low = b->y, e = b->elem;
	}
	return e;
}

/* No page's text runs into its footnotes; with full != NULL, pages that end
 * inside a paragraph (counted in *full) end on the floor. */
static void
check_fill(const struct box_doc *bd, int *full)
{
	for (size_t p = 0; p < bd->npages; p++) {
		double bottom = body_bottom(bd, p), fl = floor_of(bd, p);
		if (bottom > 1e8)
			continue;
		ck_assert_msg(bottom > fl - 0.05, "page %zu: text at %.2f below the floor %.2f", p, bottom, fl);
		int e = last_para(bd, p);
		if (full && p + 1 < bd->npages && e >= 0 && lines_on(bd, e, p + 1) > 0) {
			(*full)++;
			ck_assert_msg(bottom < fl + 0.05, "page %zu ends %.2f pt short", p, bottom - fl);
		}
	}
}

/* Distances between the baselines of consecutive body lines on page p, outside [lo, hi]: counted. */
static int
gaps_outside(const struct box_doc *bd, size_t p, double lo, double hi, double *minstep)
{
	double ys[512];
	int n = 0, bad = 0;
	for (size_t i = 0; i < bd->pages[p].n && n < 512; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->kind == BOX_TEXT && b->size > 10.4 && b->size < 10.6 && (n == 0 || b->y < ys[n - 1] - 1))
			ys[n++] = b->y;
	}
	for (int i = 1; i < n; i++) {
		double d = ys[i - 1] - ys[i];
		if (d > 14.05 && d < 30 && (d < lo || d > hi))
			bad++;
		if (d > 14.05 && d < 30 && d < *minstep)
			*minstep = d;
	}
	return bad;
}

/* Short paragraphs (many gaps), then one long one across the page break. */
static struct doc *
gappy_doc(int nshort, int longwords)
{
	struct doc *d = base_doc();
	add_heading(d, 1, "1", "Indledning");
	for (int i = 0; i < nshort; i++)
		add_filler(d, 9, NULL);
	add_filler(d, longwords, NULL);
	add_filler(d, 60, NULL);
	return d;
}

START_TEST(mid_paragraph_page_ends_on_floor)
{
	int full = 0;
	double minstep = 1e9;
	for (int n = 10; n < 24; n++) {
		struct doc *d = gappy_doc(n, 260);
		struct box_doc *bd = notat(d, 0);
		check_fill(bd, &full);
		/* a gap between paragraphs (14 + 6 pt between baselines) changes by at most 2 pt */
		ck_assert_int_eq(gaps_outside(bd, 0, 18 - 0.01, 22 + 0.01, &minstep), 0);
		box_doc_free(bd);
		doc_free(d);
	}
	ck_assert_int_ge(full, 10);
	ck_assert_double_lt(minstep, 20 - 0.1); /* some page was squeezed to avoid a widow or orphan */
}
END_TEST

/* Squeezed pages never run into their footnotes. */
START_TEST(long_doc_no_overlap)
{
	struct doc *d = long_doc();
	struct box_doc *bd = notat(d, 0);
	check_fill(bd, NULL);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

/* ---- links ---- */

START_TEST(link_covers_tabel_word)
{
	struct doc *d = base_doc();
	add_para(d, "Se tabel #3 og #4 samt tabellerne #3 for detaljer.");
	add_table(d, 3, 4);
	add_table(d, 4, 4);
	struct box_doc *bd = notat(d, 1);
	const struct box *tabel = NULL, *tabellerne = NULL;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->kind == BOX_TEXT && strcmp(b->text, "tabel ") == 0)
			tabel = b;
		if (b->kind == BOX_TEXT && strcmp(b->text, "tabellerne ") == 0)
			tabellerne = b;
	}
	ck_assert_ptr_nonnull(tabel);
	ck_assert_ptr_nonnull(tabellerne);
	int links = 0, wide = 0;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->kind != BOX_LINK)
			continue;
		links++;
		ck_assert_str_eq(bd->elems[b->elem].type, "Link");
		ck_assert_double_ge(b->h, (0.891 + 0.216) * 10.5 - 0.01); /* the line's text height */
		ck_assert_double_le(b->y, tabel->y - 0.216 * 10.5 + 0.01);
		if (fabs(b->x - tabel->x) < 0.01 || fabs(b->x - tabellerne->x) < 0.01) {
			wide++;
			ck_assert_double_gt(b->w, 6 * 0.5 * 10.5);
		} else {
			ck_assert_double_lt(b->w, 10.5 + 0.01); /* "og 4": the digit alone */
		}
	}
	ck_assert_int_eq(links, 3);
	ck_assert_int_eq(wide, 2);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

/* ---- tables ---- */

/* A table of one column group (one area) is compact: natural label width, left-aligned. */
START_TEST(single_group_table_compact)
{
	struct doc *d = base_doc();
	add_table(d, 1, 6);
	struct doc_table *t = d->appendix[0].tab;
	for (size_t g = 1; g < t->ngroups; g++)
		free(t->group[g]);
	for (size_t r = 0; r < t->nrows; r++) /* doc_free frees 2 * ngroups cells */
		for (size_t k = 2; k < 2 * t->ngroups; k++)
			free(t->rows[r].cell[k]);
	t->ngroups = 1;
	for (size_t r = 0; r < t->nrows; r++) {
		free(t->rows[r].label);
		t->rows[r].label = xasprintf("Svar %zu", r);
	}
	struct ts_opts o = {&fake, NULL, 0, NULL};
	struct box_doc *bd = ts_appendix(d, &o);
	ck_assert_ptr_nonnull(bd);
	double rule_w = 0, rule_x = 0;
	for (size_t i = 0; i < bd->pages[0].n; i++) {
		const struct box *b = &bd->pages[0].box[i];
		if (b->kind == BOX_LINE && b->lw > 0.7 && b->w > rule_w)
			rule_w = b->w, rule_x = b->x;
	}
	ck_assert_double_eq_tol(rule_x, MM(25), 0.01);
	ck_assert_double_gt(rule_w, 0);
	ck_assert_double_lt(rule_w, 0.35 * (BOX_A4_W - 2 * MM(25)));
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

/* Group headings: the long labels when they fit, else the short ones
 * (doc_table.group_short); a table without short labels keeps the long. */
START_TEST(table_short_group_heads)
{
	for (int longs = 0; longs < 2; longs++) {
		struct doc *d = base_doc();
		add_table(d, 1, 6);
		struct doc_table *t = d->appendix[0].tab;
		t->group_short = xcalloc(t->ngroups, sizeof *t->group_short);
		for (size_t g = 0; g + 1 < t->ngroups; g++) {
			free(t->group[g]);
			t->group[g] = longs ? xasprintf("Et meget langt gruppenavn nummer %zu", g)
			    : xasprintf("Gruppe %zu", g);
			t->group_short[g] = xasprintf("Kort %zu", g);
		}
		struct ts_opts o = {&fake, NULL, 0, NULL};
		struct box_doc *bd = ts_appendix(d, &o);
		ck_assert_ptr_nonnull(bd);
		ck_assert_int_eq(count_text(bd, 0, "Kort ", 2), longs ? 4 : 0);
		ck_assert_int_eq(count_text(bd, 0, longs ? "Et meget langt" : "Gruppe ", 2), longs ? 0 : 4);
		ck_assert_int_eq(count_text(bd, 0, "I alt", 2), 1);
		box_doc_free(bd);
		doc_free(d);
	}
}
END_TEST

/* Bar labels: the short ones when a long one needs more than two lines. */
START_TEST(chart_short_bar_labels)
{
	for (int longs = 0; longs < 2; longs++) {
		struct doc *d = base_doc();
		add_figure(d, 1, 4, 0);
		struct doc_chart *c = &d->body[0].fig->chart;
		c->bar_short = xcalloc(c->nbars, sizeof *c->bar_short);
		for (size_t i = 0; i < c->nbars; i++) {
			c->bar_short[i] = xasprintf("Kort %zu", i);
			if (longs) {
				free(c->bar_label[i]);
				c->bar_label[i] = xasprintf("Område nummer %zu med et meget langt navn der ikke kan stå "
				    "på to linjer i diagrammets smalle spalte til etiketterne", i);
			}
		}
		struct box_doc *bd = notat(d, 0);
		ck_assert_int_eq(count_text(bd, 0, "Kort ", 2), longs ? 4 : 0);
		ck_assert_int_eq(count_text(bd, 0, "Område ", 2), longs ? 0 : 4);
		box_doc_free(bd);
		doc_free(d);
	}
}
END_TEST

/* Abbreviated short labels are explained in a key line below the table or
 * chart (issue 13 defect 1); short labels that are words need none. */
START_TEST(abbreviations_explained)
{
	for (int abbrev = 0; abbrev < 2; abbrev++) {
		struct doc *d = base_doc();
		add_figure(d, 1, 4, 0);
		struct doc_chart *c = &d->body[0].fig->chart;
		c->bar_short = xcalloc(c->nbars, sizeof *c->bar_short);
		for (size_t i = 0; i < c->nbars; i++) {
			c->bar_short[i] = abbrev ? xasprintf("O%c", (char)('A' + i)) : xasprintf("Kort %zu", i);
			free(c->bar_label[i]);
			c->bar_label[i] = xasprintf("Område nummer %zu med et meget langt navn der ikke kan stå "
			    "på to linjer i diagrammets smalle spalte til etiketterne", i);
		}
		add_table(d, 2, 6);
		struct doc_table *t = d->appendix[0].tab;
		t->group_short = xcalloc(t->ngroups, sizeof *t->group_short);
		for (size_t g = 0; g + 1 < t->ngroups; g++) {
			free(t->group[g]);
			t->group[g] = xasprintf("Et meget langt gruppenavn nummer %zu", g);
			t->group_short[g] = abbrev ? xasprintf("G%c", (char)('A' + g)) : xasprintf("Kort %zu", g);
		}
		struct ts_opts o = {&fake, NULL, 0, NULL};
		struct box_doc *fb = notat(d, 0), *ab = ts_appendix(d, &o);
		int fk = 0, ak = 0;
		for (size_t p = 0; p < fb->npages; p++)
			fk += count_text(fb, p, "Forkortelser: ", 2);
		for (size_t p = 0; p < ab->npages; p++)
			ak += count_text(ab, p, "Forkortelser: ", 2);
		ck_assert_int_eq(fk, abbrev);
		ck_assert_int_eq(ak, abbrev);
		box_doc_free(fb);
		box_doc_free(ab);
		doc_free(d);
	}
}
END_TEST

/* Captions alike (issue 13 defect 8): a table caption is bold throughout, as a
 * figure caption; the chart's "n = 149" has spaces and an italic n. */
START_TEST(captions_bold_and_n_italic)
{
	struct doc *d = base_doc();
	add_figure(d, 1, 3, 0);
	add_table(d, 2, 6);
	struct box_doc *bd = notat(d, 1);
	int caps = 0, n_italic = 0;
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n; i++) {
			const struct box *b = &bd->pages[p].box[i];
			if (b->kind != BOX_TEXT || b->elem < 0)
				continue;
			if (strcmp(bd->elems[b->elem].type, "Caption") == 0) {
				ck_assert_msg(b->face == DOC_BOLD, "caption word \"%s\" not bold", b->text);
				caps++;
			}
			if (strcmp(b->text, "n") == 0 && b->face == DOC_ITALIC && i + 1 < bd->pages[p].n &&
			    strncmp(bd->pages[p].box[i + 1].text ? bd->pages[p].box[i + 1].text : "", " = ", 3) == 0)
				n_italic++;
		}
	ck_assert_int_gt(caps, 4);
	ck_assert_int_gt(n_italic, 0);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

/* Even widths (issue 13 defect 8): tables of several column groups span the
 * text width whatever their labels and numbers; a one-group table stays compact. */
START_TEST(tables_even_widths)
{
	struct doc *d = base_doc();
	add_table(d, 1, 6);
	add_table(d, 2, 4);
	add_table(d, 3, 4);
	struct doc_table *t2 = d->appendix[1].tab, *t3 = d->appendix[2].tab;
	for (size_t r = 0; r + 1 < t2->nrows; r++) {
		free(t2->rows[r].label);
		t2->rows[r].label = xasprintf("R%zu", r);
	}
	free(t2->group[0]);
	t2->group[0] = xstrdup("Et længere gruppenavn");
	for (size_t i = 1; i < t3->ngroups; i++) /* one group: compact (doc_free frees ngroups) */
		free(t3->group[i]);
	for (size_t r = 0; r < t3->nrows; r++)
		for (size_t k = 2; k < 2 * t3->ngroups; k++)
			free(t3->rows[r].cell[k]);
	t3->ngroups = 1;
	struct ts_opts o = {&fake, NULL, 0, NULL};
	struct box_doc *bd = ts_appendix(d, &o);
	ck_assert_ptr_nonnull(bd);
	double w[8];
	size_t nw = 0;
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n && nw < 8; i++) {
			const struct box *b = &bd->pages[p].box[i];
			if (b->kind == BOX_LINE && b->lw > 0.79 && b->lw < 0.81 && b->w > 0)
				w[nw++] = b->w;
		}
	ck_assert_uint_eq(nw, 6); /* top and bottom rule of each table */
	ck_assert_double_eq_tol(w[0], w[2], 0.01);
	ck_assert_double_eq_tol(w[0], w[1], 0.01);
	ck_assert_double_eq_tol(w[2], w[3], 0.01);
	ck_assert_double_lt(w[4], w[0] - 50);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

/* Rows of the table whose Table elem is tab, drawn on page p (row labels). */
static int
rows_on(const struct box_doc *bd, int tab, size_t p)
{
	int n = 0, last = -1;
	for (size_t i = 0; i < bd->pages[p].n; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->elem < 0 || !bd->elems[b->elem].scope || strcmp(bd->elems[b->elem].scope, "Row") != 0)
			continue;
		int tr = bd->elems[b->elem].parent;
		if (bd->elems[tr].parent == tab && tr != last)
			n++, last = tr;
	}
	return n;
}

/* A table that fits a page is not split into a stub of a few rows on either side. */
START_TEST(table_split_leaves_no_stub)
{
	for (size_t first = 20; first < 60; first += 2) {
		struct doc *d = base_doc();
		add_table(d, 1, first);
		add_table(d, 2, 12);
		struct ts_opts o = {&fake, NULL, 0, NULL};
		struct box_doc *bd = ts_appendix(d, &o);
		ck_assert_ptr_nonnull(bd);
		int tab = find_elem(bd, "Table", NULL, 1);
		for (size_t p = 0; p < bd->npages; p++) {
			int n = rows_on(bd, tab, p);
			ck_assert_msg(n == 0 || n == 12 || n >= 5, "first=%zu: %d rows of table 2 on page %zu", first, n, p);
		}
		box_doc_free(bd);
		doc_free(d);
	}
}
END_TEST


/* A table of npanel panels of nrows data rows each: "(a) Del a", rows "a3", "n". */
static struct doc_table *
make_panel_table(int number, size_t npanel, size_t nrows)
{
	struct doc_table *t = make_table(number, 2);
	for (size_t r = 0; r < t->nrows; r++) {
		free(t->rows[r].label);
		for (size_t k = 0; k < 10; k++)
			free(t->rows[r].cell[k]);
		free(t->rows[r].cell);
	}
	free(t->rows);
	t->nrows = npanel * (nrows + 2);
	t->rows = xcalloc(t->nrows, sizeof *t->rows);
	for (size_t p = 0, i = 0; p < npanel; p++)
		for (size_t r = 0; r < nrows + 2; r++, i++) {
			struct doc_trow *row = &t->rows[i];
			char c = (char)('a' + p);
			row->kind = r == 0 ? ROW_HEAD : r == nrows + 1 ? ROW_N : ROW_DATA;
			row->label = r == 0 ? xasprintf("(%c) Del %c", c, c) : r == nrows + 1 ? xasprintf("n%c", c) :
			    xasprintf("%c%zu", c, r);
			row->cell = xcalloc(10, sizeof *row->cell);
			for (size_t k = 0; k < 10; k++)
				row->cell[k] = row->kind == ROW_HEAD ? xstrdup("") : xasprintf("%zu", r + k);
		}
	return t;
}

/* The first text of each row (TR) of table tab on page p, in order, into lab[]. */
static size_t
row_labels(const struct box_doc *bd, int tab, size_t p, const char **lab, size_t max)
{
	size_t n = 0;
	int last = -1;
	for (size_t i = 0; i < bd->pages[p].n; i++) {
		const struct box *b = &bd->pages[p].box[i];
		if (b->kind != BOX_TEXT || b->elem < 0 || !bd->elems[b->elem].scope ||
		    strcmp(bd->elems[b->elem].scope, "Row") != 0)
			continue;
		int tr = bd->elems[b->elem].parent;
		if (bd->elems[tr].parent == tab && tr != last && n < max)
			lab[n++] = b->text, last = tr;
	}
	return n;
}

/* A page break inside a panel leaves at least 4 of its rows (its n row
 * included) on each side, a panel heading never ends a page, and the
 * continuation repeats the panel's label with "(fortsat)" (issue 13, Bilag
 * table 18). */
START_TEST(table_panel_kept_together)
{
	int splits = 0, continued = 0;
	for (size_t first = 10; first < 60; first += 1) {
		struct doc *d = base_doc();
		add_table(d, 1, first);
		struct doc_block *b = add_block(&d->appendix, &d->nappendix, BLK_TABLE);
		b->tab = make_panel_table(2, 3, 9);
		struct ts_opts o = {&fake, NULL, 0, NULL};
		struct box_doc *bd = ts_appendix(d, &o);
		ck_assert_ptr_nonnull(bd);
		int tab = find_elem(bd, "Table", NULL, 1);
		const char *prev[128];
		size_t nprev = 0;
		for (size_t p = 0; p < bd->npages; p++) {
			const char *lab[128];
			size_t n = row_labels(bd, tab, p, lab, 128);
			if (n > 0)
				ck_assert_msg(lab[n - 1][0] != '(', "first=%zu: page %zu ends with a panel heading", first, p);
			if (n > 0 && nprev > 0 && lab[0][0] != '(') {
				/* split inside a panel: rows after, up to the next heading; rows before, back to it */
				size_t after = 0, before = 0;
				while (after < n && lab[after][0] != '(')
					after++;
				while (before < nprev && prev[nprev - 1 - before][0] != '(')
					before++;
				ck_assert_msg(after >= 4 && before >= 4, "first=%zu: panel split %zu | %zu rows", first, before, after);
				char want[32];
				snprintf(want, sizeof want, "(%c) Del", prev[nprev - before][0]);
				ck_assert_msg(count_text(bd, p, want, -1) == 1, "first=%zu: no repeated panel label", first);
				continued++;
			}
			if (n > 0 && nprev > 0)
				splits++;
			memcpy(prev, lab, n * sizeof *lab);
			nprev = n;
		}
		box_doc_free(bd);
		doc_free(d);
	}
	ck_assert_int_gt(splits, 5);    /* the loop does put breaks into the table */
	ck_assert_int_gt(continued, 0); /* and some inside a panel */
}
END_TEST

/* The golden dump: tests/regress/boxes/small.out (NOTAT_REGEN=1 rewrites it). */
START_TEST(golden_dump)
{
	struct doc *d = base_doc();
	add_heading(d, 1, "1", "Indledning");
	add_filler(d, 50, " som vist i @2^1");
	add_note(d, 1, "Bilag 1, @2.");
	add_figure(d, 1, 2, 0);
	add_table(d, 2, 4);
	struct box_doc *bd = notat(d, 1);
	char *got = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&got, &len);
	box_dump(bd, f);
	fclose(f);
	const char *path = "regress/boxes/small.out";
	if (getenv("NOTAT_REGEN")) {
		FILE *o = fopen(path, "w");
		ck_assert_ptr_nonnull(o);
		fputs(got, o);
		fclose(o);
	}
	size_t wl;
	char *want = util_slurp(path, &wl);
	ck_assert_msg(want != NULL, "missing %s", path);
	ck_assert_msg(strcmp(got, want) == 0, "box dump differs from %s (NOTAT_REGEN=1 to update)", path);
	free(want);
	free(got);
	box_doc_free(bd);
	doc_free(d);
}
END_TEST

Suite *typeset_suite(void);
Suite *
typeset_suite(void)
{
	Suite *s = suite_create("typeset");
	TCase *tc = tcase_create("pages");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, footnote_on_marker_page);
	tcase_add_test(tc, heading_kept_with_text);
	tcase_add_test(tc, no_widows_or_orphans);
	tcase_add_test(tc, tall_figure_moves_to_next_page);
	tcase_add_test(tc, long_table_repeats_header);
	tcase_add_test(tc, elems_and_artifacts);
	tcase_add_test(tc, footers_count_pages);
	tcase_add_test(tc, narrow_figure_wraps_text);
	tcase_add_test(tc, figure_without_alt_fails);
	tcase_add_test(tc, mid_paragraph_page_ends_on_floor);
	tcase_add_test(tc, long_doc_no_overlap);
	tcase_add_test(tc, link_covers_tabel_word);
	tcase_add_test(tc, single_group_table_compact);
	tcase_add_test(tc, table_short_group_heads);
	tcase_add_test(tc, chart_short_bar_labels);
	tcase_add_test(tc, table_split_leaves_no_stub);
	tcase_add_test(tc, table_panel_kept_together);
	tcase_add_test(tc, abbreviations_explained);
	tcase_add_test(tc, captions_bold_and_n_italic);
	tcase_add_test(tc, tables_even_widths);
	tcase_add_test(tc, golden_dump);
	suite_add_tcase(s, tc);
	return s;
}

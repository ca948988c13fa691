/* test_docsig.c: unit tests for docsig.c (what Bilag 1's key takes from the evaluated doc). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "docsig.h"
#include "mf.h"
#include "util.h"

/* The fingerprint of d as hex (caller frees). */
static char *
fp(const struct doc *d)
{
	struct mf_hasher *h = mf_hasher_new();
	docsig_bilag(h, d);
	char *hex = xmalloc(MF_HEX);
	mf_hasher_hex(h, hex);
	mf_hasher_free(h);
	return hex;
}

static struct doc_table *
table(int number, const char *title)
{
	struct doc_table *t = xcalloc(1, sizeof *t);
	t->number = number;
	t->title = xstrdup(title);
	t->ngroups = 1;
	t->group = xcalloc(1, sizeof *t->group);
	t->group[0] = xstrdup("I alt");
	t->sub[0] = xstrdup("Antal"), t->sub[1] = xstrdup("Pct.");
	t->rows = xcalloc(1, sizeof *t->rows);
	t->nrows = 1;
	t->rows[0].label = xstrdup("Ja");
	t->rows[0].cell = xcalloc(2, sizeof *t->rows[0].cell);
	t->rows[0].cell[0] = xstrdup("12"), t->rows[0].cell[1] = xstrdup("40");
	t->source = xstrdup("Kilde: test");
	return t;
}

static void
para(struct doc_block *b, const char *text, int note)
{
	b->kind = BLK_PARA;
	doc_text_add(&b->text, RUN_TEXT, DOC_REGULAR, text, (struct pos){"x.lay", 3, 1});
	if (note > 0) {
		char digits[8];
		snprintf(digits, sizeof digits, "%d", note);
		doc_text_add(&b->text, RUN_NOTE, DOC_REGULAR, digits, (struct pos){"x.lay", 3, 9});
		b->text.runs[b->text.n - 1].note = note;
	}
}

/* A notat with a paragraph (note 1) and a table in its body, and an
 * appendix with a paragraph (note 2) and a table. */
static struct doc *
sample(void)
{
	struct doc *d = doc_new();
	d->title = xstrdup("Undersøgelsen");
	d->appendix_title = xstrdup("Bilag 1: Tabeller");
	d->nbody = 2;
	d->body = xcalloc(2, sizeof *d->body);
	para(&d->body[0], "I efteråret sendte SIRI", 1);
	d->body[1].kind = BLK_TABLE;
	d->body[1].tab = table(1, "Svar i alt");
	d->nappendix = 2;
	d->appendix = xcalloc(2, sizeof *d->appendix);
	para(&d->appendix[0], "Tabellerne viser", 2);
	d->appendix[1].kind = BLK_TABLE;
	d->appendix[1].tab = table(2, "Svar fordelt");
	d->nnotes = 2;
	d->notes = xcalloc(2, sizeof *d->notes);
	for (int i = 0; i < 2; i++) {
		d->notes[i].number = i + 1;
		doc_text_add(&d->notes[i].text, RUN_TEXT, DOC_REGULAR, i ? "Note til bilaget" : "Note til notatet",
		    (struct pos){"x.lay", 9, 1});
	}
	return d;
}

/* Changes text s of d (owned) to t. */
static void
set(char **s, const char *t)
{
	free(*s);
	*s = t ? xstrdup(t) : NULL;
}

START_TEST(prose_leaves_it)
{
	struct doc *d = sample();
	char *a = fp(d);
	set(&d->body[0].text.runs[0].text, "I efteråret udsendte SIRI"); /* a prose edit */
	set(&d->notes[0].text.runs[0].text, "En anden note til notatet"); /* a note Bilag 1 does not mark */
	d->appendix[1].tab->pos = (struct pos){"x.lay", 40, 2};     /* positions: messages only */
	d->appendix[0].text.runs[0].pos.line = 77;
	d->appendix_pos = (struct pos){"x.lay", 5, 1};
	char *b = fp(d);
	ck_assert_str_eq(a, b);
	free(a), free(b);
	doc_free(d);
}
END_TEST

/* Each change below reaches Bilag 1, its workbook or a CSV: the fingerprint changes. */
static void
check_changes(void (*change)(struct doc *))
{
	struct doc *d = sample();
	char *a = fp(d);
	change(d);
	char *b = fp(d);
	ck_assert_str_ne(a, b);
	free(a), free(b);
	doc_free(d);
}

static void ch_cell(struct doc *d) { set(&d->appendix[1].tab->rows[0].cell[0], "13"); }
static void ch_body_table(struct doc *d) { set(&d->body[1].tab->title, "Svar i alt, 2023"); }
static void ch_marked_note(struct doc *d) { set(&d->notes[1].text.runs[0].text, "Ny note til bilaget"); }
static void ch_appendix_text(struct doc *d) { set(&d->appendix[0].text.runs[0].text, "Tabellerne fortæller"); }
static void ch_appendix_title(struct doc *d) { set(&d->appendix_title, "Bilag 1: Alle tabeller"); }
static void ch_title(struct doc *d) { set(&d->title, "Undersøgelsen 2023"); }
static void ch_note_null(struct doc *d) { set(&d->appendix[1].tab->note, ""); } /* NULL -> "" */
static void ch_value(struct doc *d)
{
	d->appendix[1].tab->rows[0].value = xcalloc(2, sizeof(double));
}

START_TEST(bilag_changes_change_it)
{
	void (*const changes[])(struct doc *) = {ch_cell, ch_body_table, ch_marked_note, ch_appendix_text,
		ch_appendix_title, ch_title, ch_note_null, ch_value};
	for (size_t i = 0; i < sizeof changes / sizeof *changes; i++)
		check_changes(changes[i]);
}
END_TEST

Suite *docsig_suite(void);
Suite *
docsig_suite(void)
{
	Suite *s = suite_create("docsig");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, prose_leaves_it);
	tcase_add_test(tc, bilag_changes_change_it);
	suite_add_tcase(s, tc);
	return s;
}

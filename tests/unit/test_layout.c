/* test_layout.c: unit tests for the layout parser (layout.c) and a small evaluation (eval*.c). */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cb.h"
#include "diag.h"
#include "doc.h"
#include "eval.h"
#include "layout.h"

/* Writes text to a fresh file under /tmp (with the given name) and returns its path. */
static char *
write_layout(const char *name, const char *text)
{
	char *path = xasprintf("/tmp/notat-unit-%ld-%s", (long)getpid(), name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Parses text; diagnostics go to *err (caller frees). */
static struct lay_doc *
parse_text(const char *text, char **err)
{
	char *path = write_layout("t.lay", text);
	char *buf = NULL;
	size_t len = 0;
	FILE *msg = open_memstream(&buf, &len);
	diag_set_stream(msg);
	diag_reset();
	struct lay_doc *d = lay_parse(path);
	diag_set_stream(NULL);
	fclose(msg);
	*err = buf;
	unlink(path);
	free(path);
	return d;
}

static const char *const HEAD = "data svar.csv\ncodebook cb/codebook.txt\n";

/* `data LABEL PATH codebook CBPATH` (quoted or not) and a `map` block; the
 * reference codebook is the default edition's own, else the shared one. */
START_TEST(edition_codebooks_and_maps)
{
	char *err;
	struct lay_doc *d = parse_text("data 2023 \"svar 2023.csv\" codebook \"cb 2023.txt\"\n"
	    "data 2024 svar.csv\ndata 2025 ny svar.csv codebook cb25.txt\ncodebook cb.txt\ndefault 2024\n"
	    "map 2023\n  rename a b\n  recode q 1 -> 2, ja -> nej,\n    3 -> 3\n  same x, y\nend\n", &err);
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_str_eq(lay_edition(d, 0)->path, "/tmp/svar 2023.csv");
	ck_assert_str_eq(lay_edition_codebook(d, 0), "/tmp/cb 2023.txt");
	ck_assert_str_eq(lay_edition_codebook(d, 1), "/tmp/cb.txt");
	ck_assert_str_eq(lay_edition(d, 2)->path, "/tmp/ny svar.csv");
	ck_assert_str_eq(lay_edition_codebook(d, 2), "/tmp/cb25.txt");
	ck_assert_str_eq(lay_codebook_path(d), "/tmp/cb.txt"); /* 2024, the default, has none */
	ck_assert_uint_eq(d->nmap, 1);
	const struct lay_map *m = &d->map[0];
	ck_assert_uint_eq(m->ed, 0);
	ck_assert_uint_eq(m->nitem, 4);
	ck_assert_int_eq(m->item[0].kind, LM_RENAME);
	ck_assert_str_eq(m->item[0].to, "b");
	ck_assert_int_eq(m->item[1].kind, LM_RECODE);
	ck_assert_uint_eq(m->item[1].npair, 3);
	ck_assert_str_eq(m->item[1].pair[1].from, "ja");
	ck_assert_str_eq(m->item[1].pair[2].to, "3");
	ck_assert_int_eq(m->item[1].pair[2].from_pos.line, 9);
	ck_assert_int_eq(m->item[1].pair[2].from_pos.col, 5);
	ck_assert_int_eq(m->item[3].kind, LM_SAME);
	ck_assert_str_eq(m->item[3].var, "y");
	lay_free(d);
	free(err);
	/* the default edition's own codebook is the reference */
	d = parse_text("data 2023 a.csv codebook cb23.txt\ndata 2024 b.csv\ncodebook cb.txt\n", &err);
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_str_eq(lay_codebook_path(d), "/tmp/cb23.txt");
	lay_free(d);
	free(err);
}
END_TEST

START_TEST(headings_and_paths)
{
	char *err, *text = xasprintf("%stitle Et notat\ndate 2024-03-15\nmeta Dato: @date\n\n"
	    "= Første\n\nTekst.\n\n== Under\n\n== Under to\n\n= Anden\n\n=* Uden nummer\n", HEAD);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_str_eq(d->title, "Et notat");
	ck_assert_int_eq(d->year, 2024);
	ck_assert_str_eq(d->meta[0].value, "15. marts 2024");
	ck_assert_str_eq(lay_data_path(d), "/tmp/svar.csv");
	ck_assert_str_eq(lay_codebook_path(d), "/tmp/cb/codebook.txt");
	const char *want[] = {"1", NULL, "1.1", "1.2", "2", NULL};
	ck_assert_uint_eq(d->nbody, 6);
	for (size_t i = 0; i < 6; i++) {
		if (want[i] == NULL)
			continue;
		ck_assert_int_eq(d->body[i].kind, LB_HEADING);
		ck_assert_str_eq(d->body[i].number, want[i]);
	}
	ck_assert_ptr_null(d->body[5].number);
	lay_free(d);
	free(err);
	free(text);
}
END_TEST

START_TEST(inline_stats_notes_refs)
{
	char *err, *text = xasprintf("%spopulation R = status in {komplet, delvis}\n\n"
	    "Af *alle* svarer {D3: pct1(R | *) as bare} og **{count(R)}**.^[Se @ref(tab-b, tab-a).]{#fn}\n"
	    "En linje mere ^[To.]\n\n"
	    "appendix Bilag 1\n\ntable tab-a\n  title A\n  codes omraade | R\nend\n\n"
	    "table tab-b\n  title B\n  codes status | *\nend\n", HEAD);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	const struct lay_text *t = &d->body[0].text;
	ck_assert_int_eq(t->v[0].kind, LI_TEXT);
	ck_assert_int_eq(t->v[1].face, DOC_ITALIC);
	ck_assert_int_eq(t->v[3].kind, LI_STAT);
	ck_assert_str_eq(t->v[3].id, "D3");
	ck_assert_str_eq(t->v[3].format, "bare");
	ck_assert_int_eq(t->v[3].stat->fn, LF_PCT1);
	ck_assert_str_eq(t->v[3].stat->src[0].text, "R");
	ck_assert_str_eq(t->v[3].stat->src[1].text, "*");
	ck_assert_int_eq(t->v[3].pos.line, 5);
	ck_assert_int_eq(t->v[3].pos.col, 18);
	ck_assert_int_eq(t->v[5].kind, LI_STAT);
	ck_assert_int_eq(t->v[5].face, DOC_BOLD);
	ck_assert_ptr_null(t->v[5].id);
	const struct lay_inline *note = &t->v[7];
	ck_assert_int_eq(note->kind, LI_NOTE);
	ck_assert_int_eq(note->number, 1);
	ck_assert_str_eq(note->label, "fn");
	ck_assert_int_eq(note->note->v[1].kind, LI_REF);
	ck_assert_uint_eq(note->note->v[1].nref, 2);
	ck_assert_int_eq(t->v[9].number, 2);
	ck_assert_int_eq(d->nnotes, 2);
	ck_assert_int_eq(d->ntables, 2);
	ck_assert_int_eq(lay_label_find(d, "tab-b")->number, 2);
	ck_assert_int_eq(lay_label_find(d, "fn")->kind, LL_NOTE);
	ck_assert_uint_eq(d->nappendix, 2);
	lay_free(d);
	free(err);
	free(text);
}
END_TEST

START_TEST(statistics_grammar)
{
	char *err, *text = xasprintf("%spopulation R = status in {komplet, delvis}\n"
	    "population K = R &\n  answered(kend_kurser)\n\n"
	    "assert all(pct(V in 2..4 | K & omraade = A) > 50 for V in {kend_kurser, kend_radg} for A in codes(omraade))\n"
	    "  or not rank(share(x | R), share(V | R) for V in battery(b)) <= 2\n", HEAD);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_str_eq(d->pop[1].src.text, "R & answered(kend_kurser)");
	const struct lay_stat *st = d->body[0].stat;
	ck_assert_int_eq(st->kind, LS_OP);
	ck_assert_int_eq(st->op, LO_OR);
	const struct lay_stat *all = st->arg[0];
	ck_assert_int_eq(all->fn, LF_ALL);
	ck_assert_int_eq(all->arg[0]->kind, LS_FOR);
	ck_assert_uint_eq(all->arg[0]->nloop, 2);
	ck_assert_int_eq(all->arg[0]->loop[1].set.kind, SET_CODES);
	ck_assert_int_eq(st->arg[1]->kind, LS_NOT);
	lay_free(d);
	free(err);
	free(text);
}
END_TEST

START_TEST(figure_block)
{
	char *err, *text = xasprintf("%spopulation R = status in {komplet, delvis}\n\n"
	    "figure fig-a\n  type stacked\n  show battery(relevans) by omraade | R\n  exclude ikkerelevant\n"
	    "  narrow\n  caption Relevans\n  alt Stablede søjler,\n    to linjer\nend\n", HEAD);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	const struct lay_figure *f = d->body[0].fig;
	ck_assert_int_eq(f->number, 1);
	ck_assert_int_eq(f->type, LAY_CHART_STACKED);
	ck_assert_int_eq(f->vars.kind, SET_BATTERY);
	ck_assert_str_eq(f->by, "omraade");
	ck_assert_str_eq(f->pop.text, "R");
	ck_assert_str_eq(f->exclude[0], "ikkerelevant");
	ck_assert_int_eq(f->narrow, 1);
	ck_assert_str_eq(f->alt.v[0].text, "Stablede søjler, to linjer");
	lay_free(d);
	free(err);
	free(text);
}
END_TEST

/* `change` and `mark sig` of a table: the labels, the level (default 0.05),
 * and the level's limits (0 < LEVEL < 1, at most 6 decimals). */
START_TEST(table_change_and_marks)
{
	char *err, *text = xasprintf("%stable t\n  title T\n  by edition\n  change 2024 2023\n  mark sig 0.01\n"
	    "  codes omraade | *\nend\n\ntable u\n  title U\n  by omraade\n  change\n  mark sig\n"
	    "  codes status | *\nend\n", HEAD);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	const struct lay_table *t = d->body[0].tab, *u = d->body[1].tab;
	ck_assert_int_eq(t->change, 1);
	ck_assert_str_eq(t->change_new, "2024");
	ck_assert_str_eq(t->change_old, "2023");
	ck_assert_int_eq(t->change_at[1].col, 15);
	ck_assert(t->mark == 0.01);
	ck_assert_int_eq(u->change, 1);
	ck_assert_ptr_null(u->change_new);
	ck_assert(u->mark == 0.05);
	lay_free(d);
	free(err);
	free(text);
	static const char *const bad[] = {"1", "0", "0.", "0.0", "1.0", "0.0000001", ".05", "0.05x", "-0.05"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		text = xasprintf("%stable t\n  title T\n  by omraade\n  mark sig %s\n  codes status | *\nend\n", HEAD, bad[i]);
		d = parse_text(text, &err);
		ck_assert_msg(d == NULL && strstr(err, "t.lay:6:12: error: the level of \"mark sig\"") != NULL,
		    "level %s: %s", bad[i], err);
		free(err);
		free(text);
	}
	diag_reset();
}
END_TEST

START_TEST(errors_have_positions)
{
	static const struct {
		const char *body, *msg;
	} cases[] = {
		{"Se @ref(nope).\n", "t.lay:3:4: error: unknown label \"nope\"\n"},
		{"figure f\n  type bars\n  show omraade | *\nend\n", "t.lay:3:1: error: figure \"f\" has no alt text\n"},
		{"Tekst {A: count(*)} og {A: count(*)}.\n", "t.lay:3:24: error: duplicate claim id \"A\"\n"},
		{"Tekst {count(*).\n", "t.lay:3:7: error: unclosed \"{\"\n"},
		{"Tekst {foo(*)}.\n", "t.lay:3:8: error: unknown function \"foo\"\n"},
		{"Tekst {pct(omraade = BI)}.\n", "t.lay:3:12: error: pct() needs CONDITION | POPULATION\n"},
		{"date 2024-13-01\n", "t.lay:3:6: error: no such date: 2024-13-01\n"},
		{"population R status = komplet\n", "t.lay:3:14: error: expected \"=\" after the name\n"},
		{"figure fig 1\n  type bars\n  show omraade | *\n  alt Søjler\nend\n", "t.lay:3:11: error: a label is letters, digits, '_', '-' and '.'\n"},
		{"date 2023-02-29\n", "t.lay:3:6: error: no such date: 2023-02-29\n"},
		{"date 1900-02-29\n", "t.lay:3:6: error: no such date: 1900-02-29\n"},
		{"date 2024-+1-01\n", "t.lay:3:6: error: date must be YYYY-MM-DD\n"},
		{"lang\n", "t.lay:3:5: error: lang needs a language tag such as da-DK\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *err, *text = xasprintf("%s%s", HEAD, cases[i].body);
		struct lay_doc *d = parse_text(text, &err);
		ck_assert_ptr_null(d);
		const char *m = strstr(err, "t.lay:");
		ck_assert_msg(m != NULL && strcmp(m, cases[i].msg) == 0, "case %zu: got \"%s\"", i, err);
		free(err);
		free(text);
	}
	diag_reset();
}
END_TEST

START_TEST(dump_is_stable)
{
	char *err, *text = xasprintf("%spopulation R = status in {komplet, delvis}\n\nSvar: {D2: count(R)}.\n", HEAD);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	FILE *f = open_memstream(&a, &na);
	lay_dump(d, f);
	fclose(f);
	f = open_memstream(&b, &nb);
	lay_dump(d, f);
	fclose(f);
	ck_assert_str_eq(a, b);
	ck_assert_ptr_nonnull(strstr(a, "stat D2 count(pop=\"R\") @5:7\n"));
	free(a);
	free(b);
	lay_free(d);
	free(err);
	free(text);
}
END_TEST

/* Evaluates a small layout on the sample data (unit tests run in tests/). */
START_TEST(evaluate_sample)
{
	char cwd[PATH_MAX];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	char *text = xasprintf("data %s/../layouts/brugerundersoegelse-2023/svar.csv\n"
	    "codebook %s/../layouts/brugerundersoegelse-2023/codebook.txt\n"
	    "population R = status in {komplet, delvis}\n\n"
	    "{D1: count(*)} inviterede, {D3: pct1(R | *)}, {D6: names(kommune | * \\ R by name desc)}.\n",
	    cwd, cwd);
	char *err;
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	struct codebook *cb = cb_load(lay_codebook_path(d));
	ck_assert_ptr_nonnull(cb);
	struct eval *e = eval_new(d, cb, NULL);
	ck_assert_int_eq(eval_run(e), 0);
	struct doc *doc = eval_take_doc(e);
	char *plain = doc_text_plain(&doc->body[0].text);
	ck_assert_str_eq(plain, "368 inviterede, 64,4 pct., Ringsted, Holstebro og Fanø.");
	free(plain);
	doc_free(doc);
	eval_free(e);
	cb_free(cb);
	lay_free(d);
	free(err);
	free(text);
}
END_TEST

/* A BOM at the start is skipped; an included file with CR-only line ends
 * keeps its lines (and its heading). */
START_TEST(bom_and_cr_include)
{
	char *inc = write_layout("cr.lay", "= Inkluderet\r\rTekst fra den.\r");
	char *err, *text = xasprintf("\xEF\xBB\xBF%s= Først\r\n\r\ninclude %s\n", HEAD,
	    strrchr(inc, '/') + 1);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_uint_eq(d->nbody, 3);
	ck_assert_int_eq(d->body[1].kind, LB_HEADING);
	ck_assert_str_eq(d->body[1].number, "2");
	ck_assert_int_eq(d->body[2].kind, LB_PARA);
	ck_assert_str_eq(lay_data_path(d), "/tmp/svar.csv");
	lay_free(d);
	unlink(inc);
	free(inc);
	free(err);
	free(text);
}
END_TEST

/* Prose whose first word is near a keyword is still prose: it is
 * capitalised, ends like a sentence, runs over lines or has no statement shape. */
START_TEST(prose_is_not_a_misspelt_statement)
{
	char *err, *text = xasprintf("%s\ntitel på rapporten er valgt.\n\nfigur og tabel viser det samme\n"
	    "og mere.\n\nTitel Et notat\n\ndet er godt\n\nsæt = noget\n\nsat ind\n", HEAD);
	struct lay_doc *d = parse_text(text, &err);
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_uint_eq(d->nbody, 6);
	for (size_t i = 0; i < d->nbody; i++)
		ck_assert_int_eq(d->body[i].kind, LB_PARA);
	lay_free(d);
	free(err);
	free(text);
}
END_TEST

Suite *layout_suite(void);
Suite *
layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, headings_and_paths);
	tcase_add_test(tc, inline_stats_notes_refs);
	tcase_add_test(tc, statistics_grammar);
	tcase_add_test(tc, figure_block);
	tcase_add_test(tc, errors_have_positions);
	tcase_add_test(tc, dump_is_stable);
	tcase_add_test(tc, evaluate_sample);
	tcase_add_test(tc, bom_and_cr_include);
	tcase_add_test(tc, prose_is_not_a_misspelt_statement);
	tcase_add_test(tc, table_change_and_marks);
	tcase_add_test(tc, edition_codebooks_and_maps);
	suite_add_tcase(s, tc);
	return s;
}

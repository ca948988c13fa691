/* test_cb.c: unit tests for cb.c: the mini codebook, queries, and every bad codebook in data/cb/bad/. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "support.h"
#include "expr.h"

#define MINI "data/cb/mini.txt"
#define BAD_DIR "data/cb/bad"

static const struct cb_var *
var(const struct codebook *cb, const char *name)
{
	int i = cb_var_find(cb, name);
	ck_assert_msg(i >= 0, "no variable %s", name);
	return &cb->vars[i];
}

START_TEST(mini_variables)
{
	support_cap_begin();
	struct codebook *cb = cb_load(MINI);
	char *out = support_cap_end();
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_ptr_nonnull(cb);
	ck_assert_str_eq(cb->title, "Mini (test)");
	ck_assert_str_eq(cb->path, MINI);
	ck_assert_uint_eq(cb->ncolumns, 10);
	ck_assert_uint_eq(cb->nvars, 12);
	const struct cb_var *v = var(cb, "kend_kurser");
	ck_assert_int_eq(v->type, CB_SCALE);
	ck_assert_str_eq(v->text, "Kender I \"kurserne\"? \\ 100 %");
	ck_assert_str_eq(v->label, "Kurser");
	ck_assert_str_eq(v->battery, "kendskab");
	ck_assert_int_eq(v->column, 5);
	ck_assert_int_eq(v->derived_from, -1);
	ck_assert_int_eq(v->pos.line, 35);
	ck_assert_int_eq(v->pos.col, 5);
	ck_assert_ptr_nonnull(v->ask);
	ck_assert_uint_eq(v->ncodes, 4);
	ck_assert_str_eq(v->codes[2].key, "sommetider");
	ck_assert_str_eq(v->codes[2].label, "Benytter somme tider");
	v = var(cb, "id");
	ck_assert_str_eq(v->label, "Respondent-id"); /* label defaults to text */
	ck_assert_ptr_null(v->battery);
	ck_assert_ptr_null(v->ask);
	v = var(cb, "aere");
	ck_assert_str_eq(v->text, ""); /* no text given */
	ck_assert_str_eq(v->label, "");
	cb_free(cb);
}
END_TEST

START_TEST(mini_codes)
{
	struct codebook *cb = cb_load(MINI);
	ck_assert_ptr_nonnull(cb);
	const struct cb_var *v = var(cb, "omraade");
	ck_assert_uint_eq(v->ncodes, 3);
	ck_assert_int_eq(v->codes[2].value, 70);
	ck_assert_str_eq(v->codes[1].label, "Socialområdet, børn og unge");
	ck_assert_str_eq(v->codes[0].short_label, "Beskæftigelse");
	ck_assert_ptr_null(v->codes[1].short_label); /* none given */
	ck_assert_int_eq(cb_code_find(v, "SB")->value, 2);
	ck_assert_int_eq(cb_code_find(v, "70")->value, 70); /* decimal value */
	ck_assert_ptr_null(cb_code_find(v, "sb"));
	ck_assert_ptr_null(cb_code_find(v, "3"));
	ck_assert_str_eq(cb_code_by_value(v, 1)->key, "BI");
	ck_assert_ptr_null(cb_code_by_value(v, 0));
	v = var(cb, "kend_radg"); /* `codes kendskab` as an attribute */
	ck_assert_uint_eq(v->ncodes, 4);
	ck_assert_str_eq(v->codes[3].key, "ofte");
	ck_assert_str_eq(v->codes[0].short_label, "Nej"); /* copied from the list */
	v = var(cb, "bi_siri"); /* multi: implicit codes */
	ck_assert_int_eq(v->type, CB_MULTI);
	ck_assert_uint_eq(v->ncodes, 2);
	ck_assert_int_eq(v->codes[0].value, 0);
	ck_assert_str_eq(v->codes[0].label, "ikke valgt");
	ck_assert_int_eq(v->codes[1].value, 1);
	ck_assert_str_eq(v->codes[1].label, "valgt");
	ck_assert_uint_eq(var(cb, "antal")->ncodes, 0);
	ck_assert_str_eq(var(cb, "antal")->unit, "sager");
	ck_assert_int_eq(var(cb, "antal")->decimals, 0);
	ck_assert_ptr_null(var(cb, "omraade")->unit);
	cb_free(cb);
}
END_TEST

START_TEST(mini_municipalities)
{
	struct codebook *cb = cb_load(MINI);
	ck_assert_ptr_nonnull(cb);
	ck_assert_str_eq(cb->muni_path, "data/cb/kommuner.csv");
	ck_assert_uint_eq(cb->nmunis, 4);
	int m = cb_muni_find(cb, "Ærø");
	ck_assert_int_eq(m, 1);
	ck_assert_int_eq(cb->munis[m].region, 3);
	ck_assert_int_eq(cb->munis[m].menapt, 40);
	ck_assert_int_eq(cb->munis[m].pos.line, 4);
	ck_assert_int_eq(cb_muni_find(cb, "Lyngby-Taarbæk"), 3);
	ck_assert_int_eq(cb_muni_find(cb, "København"), -1);
	/* derived variables come after the declared ones */
	const struct cb_var *r = &cb->vars[10], *n = &cb->vars[11];
	ck_assert_str_eq(r->name, "kommune.region");
	ck_assert_int_eq(r->type, CB_SINGLE);
	ck_assert_int_eq(r->column, -1);
	ck_assert_int_eq(r->derived_from, cb_var_find(cb, "kommune"));
	ck_assert_uint_eq(r->ncodes, 3);
	ck_assert_str_eq(r->codes[1].key, "sjaelland");
	ck_assert_str_eq(n->name, "kommune.menapt");
	ck_assert_int_eq(n->type, CB_NUMBER);
	ck_assert_int_eq(n->derived_from, 1);
	ck_assert_ptr_nonnull(n->label);
	cb_free(cb);
}
END_TEST

START_TEST(queries)
{
	ck_assert_str_eq(cb_type_name(CB_ID), "id");
	ck_assert_str_eq(cb_type_name(CB_MULTI), "multi");
	ck_assert_str_eq(cb_type_name(CB_TEXT), "text");
	cb_free(NULL);
}
END_TEST

START_TEST(missing_file)
{
	support_cap_begin();
	ck_assert_ptr_null(cb_load("data/cb/nope.txt"));
	char *out = support_cap_end();
	ck_assert_str_eq(out, "data/cb/nope.txt: error: cannot open: No such file or directory\n");
	ck_assert_int_eq(diag_exit_status(), 3);
	free(out);
	diag_reset();
}
END_TEST

/* Loads one bad codebook; the messages must be want exactly. */
static void
check_bad(const char *path, const char *want)
{
	support_cap_begin();
	struct codebook *cb = cb_load(path);
	char *got = support_cap_end();
	ck_assert_msg(cb == NULL, "%s loaded", path);
	ck_assert_msg(strcmp(got, want) == 0, "%s:\n got: %s want: %s", path, got, want);
	ck_assert_int_ge(diag_exit_status(), 1);
	diag_reset();
	free(got);
}

/* No municipality table: the muni variable stays, plain text, with no
 * derived V.region / V.menapt (they would need the table). */
START_TEST(muni_without_table)
{
	support_cap_begin();
	struct codebook *cb = cb_load("data/cb/nomuni.txt");
	char *out = support_cap_end();
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_ptr_nonnull(cb);
	ck_assert_ptr_null(cb->muni_path);
	ck_assert_uint_eq(cb->ncolumns, 1);
	ck_assert_uint_eq(cb->nvars, 1);
	ck_assert_int_eq(var(cb, "k")->type, CB_MUNI);
	ck_assert_int_lt(cb_var_find(cb, "k.region"), 0);
	cb_free(cb);
}
END_TEST

/* A multi variable naming an empty code list gets the implicit codes, and
 * the empty list's copy is not left behind (found by fuzz_cb: a leak that
 * make asan reports here). */
START_TEST(multi_empty_list)
{
	support_cap_begin();
	struct codebook *cb = cb_load("data/cb/multi_empty_list.txt");
	char *out = support_cap_end();
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_ptr_nonnull(cb);
	const struct cb_var *a = var(cb, "a");
	ck_assert_uint_eq(a->ncodes, 2);
	ck_assert_str_eq(a->codes[1].key, "valgt");
	cb_free(cb);
}
END_TEST

/* derive: bins of a number (decimals in the bounds are the source's), codes
 * regrouped by key or value; weight; ignore patterns. */
START_TEST(derived_weight_ignore)
{
	support_cap_begin();
	struct codebook *cb = cb_load("data/cb/derive.txt");
	char *out = support_cap_end();
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_ptr_nonnull(cb);
	ck_assert_uint_eq(cb->ncolumns, 3);
	ck_assert_uint_eq(cb->nvars, 5);
	const struct cb_var *g = var(cb, "grp"), *b = var(cb, "blok");
	ck_assert_int_eq(g->type, CB_SINGLE);
	ck_assert_int_eq(g->column, -1);
	ck_assert_int_eq(g->derived_from, cb_var_find(cb, "alder"));
	ck_assert_str_eq(g->text, "Aldersgruppe");
	ck_assert_uint_eq(g->ncodes, 3);
	ck_assert_str_eq(g->codes[2].key, "old");
	ck_assert_int_eq(g->codes[2].value, 3);
	ck_assert_int_eq(cb_bin_of(g, 29), 1);
	ck_assert_int_eq(cb_bin_of(g, -4), 1);
	ck_assert_int_eq(cb_bin_of(g, 30), 2);
	ck_assert_int_eq(cb_bin_of(g, 59), 2);
	ck_assert_int_eq(cb_bin_of(g, 60), 3);
	ck_assert_int_eq(cb_bin_of(g, CB_MISSING), CB_MISSING);
	ck_assert_int_eq(cb_bin_of(b, 0), 1);
	ck_assert_int_eq(cb_bin_of(b, 1), 1);
	ck_assert_int_eq(cb_bin_of(b, 2), 2);
	ck_assert_int_eq(cb_bin_of(b, 7), CB_MISSING);
	ck_assert_str_eq(b->codes[1].short_label, "B");
	ck_assert_int_eq(cb->weight, cb_var_find(cb, "vaegt"));
	ck_assert(cb_ignored(cb, "StartDate"));
	ck_assert(cb_ignored(cb, "IP"));
	ck_assert(!cb_ignored(cb, "IPadresse"));
	ck_assert(!cb_ignored(cb, "alder"));
	cb_free(cb);
}
END_TEST

START_TEST(bad_codebooks)
{
	ck_assert_int_ge(support_each_bad(BAD_DIR, ".txt", check_bad), 30);
}
END_TEST

Suite *cb_suite(void);
Suite *
cb_suite(void)
{
	Suite *s = suite_create("cb");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, mini_variables);
	tcase_add_test(tc, mini_codes);
	tcase_add_test(tc, mini_municipalities);
	tcase_add_test(tc, queries);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, bad_codebooks);
	tcase_add_test(tc, muni_without_table);
	tcase_add_test(tc, multi_empty_list);
	tcase_add_test(tc, derived_weight_ignore);
	suite_add_tcase(s, tc);
	return s;
}

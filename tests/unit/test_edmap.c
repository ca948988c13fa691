/* test_edmap.c: unit tests for edmap.c (an edition's codebook translated into the
 * reference one) and the expression analysis it relies on (ex_vars, ex_may_hold),
 * on tests/data/survey: codebook2023.txt names udd "uddannelse" and reverses the
 * tillid scale; svar2023cb.csv is svar.csv written in its terms (gen.py 2023cb). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "edmap.h"
#include "expr.h"
#include "layout.h"
#include "resp.h"
#include "support.h"

#define REF_CB "data/survey/codebook.txt"
#define ED_CB "data/survey/codebook2023.txt"

static struct codebook *ref, *ed;

static void
setup(void)
{
	diag_reset();
	ref = cb_load(REF_CB);
	ed = cb_load(ED_CB);
	ck_assert_ptr_nonnull(ref);
	ck_assert_ptr_nonnull(ed);
}

static void
teardown(void)
{
	cb_free(ref);
	cb_free(ed);
}

static int
rv(const char *name)
{
	int v = cb_var_find(ref, name);
	ck_assert_msg(v >= 0, "no variable %s", name);
	return v;
}

static int
ev(const char *name)
{
	int v = cb_var_find(ed, name);
	ck_assert_msg(v >= 0, "no variable %s", name);
	return v;
}

/* The map of edmap.lay: rename uddannelse udd; recode tillid 1 -> 5, 2 -> 4, 4 -> 2, 5 -> 1. */
static struct lay_map_pair pairs[] = {
	{"1", "5", {"t", 3, 17}, {"t", 3, 22}}, {"2", "4", {"t", 3, 25}, {"t", 3, 30}},
	{"4", "2", {"t", 4, 5}, {"t", 4, 10}}, {"5", "1", {"t", 4, 13}, {"t", 4, 18}},
};
static struct lay_map_item items[] = {
	{LM_RENAME, "uddannelse", {"t", 2, 10}, "udd", {"t", 2, 21}, NULL, 0},
	{LM_RECODE, "tillid", {"t", 3, 10}, NULL, {0}, pairs, 4},
};

static struct edmap *
mapped(size_t nitems)
{
	static struct lay_map m;
	m = (struct lay_map){"2023", {"t", 1, 5}, 0, items, nitems, nitems};
	const struct lay_map *ms[] = {&m};
	return edmap_new(ref, ed, "2023", "2024", ms, 1);
}

START_TEST(recode_table_reverses_the_scale)
{
	struct edmap *m = mapped(2);
	ck_assert_ptr_nonnull(m);
	int r;
	for (int x = 1; x <= 5; x++) {
		ck_assert_int_eq(edmap_value(m, ev("tillid"), x, &r), 6 - x);
		ck_assert_int_eq(r, rv("tillid"));
	}
	ck_assert_int_eq(edmap_value(m, ev("tillid"), CB_MISSING, &r), CB_MISSING);
	ck_assert_int_eq(edmap_status(m, rv("tillid"), NULL), ED_SAME);
	edmap_free(m);
}
END_TEST

START_TEST(rename_feeds_the_reference_name)
{
	struct edmap *m = mapped(2);
	ck_assert_ptr_nonnull(m);
	int r;
	ck_assert_int_eq(edmap_value(m, ev("uddannelse"), 3, &r), 3);
	ck_assert_int_eq(r, rv("udd"));
	ck_assert_int_eq(edmap_status(m, rv("udd"), NULL), ED_SAME);
	/* unchanged variables pass through; derived ones follow their source */
	ck_assert_int_eq(edmap_value(m, ev("parti"), 4, &r), 4);
	ck_assert_int_eq(r, rv("parti"));
	ck_assert_int_eq(edmap_status(m, rv("blok"), NULL), ED_SAME);
	edmap_free(m);
}
END_TEST

START_TEST(without_a_map_changed_and_absent)
{
	struct edmap *m = edmap_new(ref, ed, "2023", "2024", NULL, 0);
	ck_assert_ptr_nonnull(m);
	const char *why = NULL;
	ck_assert_int_eq(edmap_status(m, rv("tillid"), &why), ED_CHANGED);
	ck_assert_str_eq(why, "code 1 is \"megetlav\" (Meget lav tillid) in 2024 but \"megethoej\" (Meget høj tillid) in 2023");
	ck_assert_int_eq(edmap_status(m, rv("udd"), &why), ED_ABSENT);
	ck_assert_str_eq(why, ED_CB);
	int r;
	ck_assert_int_eq(edmap_value(m, ev("tillid"), 2, &r), CB_MISSING);
	ck_assert_int_eq(r, -1);
	ck_assert_int_eq(edmap_status(m, rv("alder"), NULL), ED_SAME);
	ck_assert_int_eq(edmap_status(m, rv("aldersgruppe"), NULL), ED_SAME);
	ck_assert_int_eq(edmap_status(m, rv("blok"), NULL), ED_SAME);
	edmap_free(m);
	/* a recoded source: its derived variable (blok) is computed from the recoded values */
	static struct lay_map_pair p2[] = {{"0", "1", {"t", 2, 15}, {"t", 2, 20}},
		{"1", "0", {"t", 2, 23}, {"t", 2, 28}}};
	static struct lay_map_item it2[] = {{LM_RECODE, "parti", {"t", 2, 10}, NULL, {0}, p2, 2}};
	struct lay_map m2 = {"2023", {"t", 1, 5}, 0, it2, 1, 1};
	const struct lay_map *ms[] = {&m2};
	m = edmap_new(ref, ed, "2023", "2024", ms, 1);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(edmap_value(m, ev("parti"), 0, &r), 1);
	ck_assert_int_eq(edmap_value(m, ev("parti"), 3, &r), 3); /* not recoded: the same code */
	ck_assert_int_eq(edmap_status(m, rv("blok"), NULL), ED_SAME);
	edmap_free(m);
}
END_TEST

/* The rows of svar2023cb.csv through the map equal the rows of svar.csv read
 * with the reference codebook, one for one. */
struct rows {
	int *v;
	size_t n, cap, nvars;
};

static void
keep(void *ctx, const int *row, const int *set, size_t nset, long line)
{
	struct rows *k = ctx;
	(void)line;
	xgrow(&k->v, &k->cap, (k->n + 1) * k->nvars, sizeof *k->v);
	for (size_t v = 0; v < k->nvars; v++)
		k->v[k->n * k->nvars + v] = CB_MISSING;
	for (size_t i = 0; i < nset; i++)
		k->v[k->n * k->nvars + (size_t)set[i]] = row[set[i]];
	k->n++;
}

START_TEST(stream_translates_every_row)
{
	struct edmap *m = mapped(2);
	ck_assert_ptr_nonnull(m);
	struct rows a = {NULL, 0, 0, ref->nvars}, b = {NULL, 0, 0, ref->nvars};
	struct resp_in in = {"data/survey/svar2023cb.csv", 0, NULL, NULL, NULL, 0, m};
	ck_assert_int_eq(edmap_stream(m, &in, keep, &a), 0);
	in = (struct resp_in){"data/survey/svar.csv", 0, NULL, NULL, NULL, 0, NULL};
	ck_assert_int_eq(resp_stream_in(ref, &in, keep, &b), 0);
	ck_assert_uint_eq(a.n, 120);
	ck_assert_uint_eq(a.n, b.n);
	ck_assert_int_eq(memcmp(a.v, b.v, a.n * a.nvars * sizeof *a.v), 0);
	free(a.v);
	free(b.v);
	edmap_free(m);
}
END_TEST

START_TEST(bad_map_is_reported_at_its_line)
{
	static struct lay_map_pair bad[] = {{"1", "5", {"t", 3, 17}, {"t", 3, 22}},
		{"megethoej", "4", {"t", 3, 25}, {"t", 3, 38}}};
	static struct lay_map_item it[] = {{LM_RECODE, "tillid", {"t", 3, 10}, NULL, {0}, bad, 2}};
	struct lay_map m = {"2023", {"t", 1, 5}, 0, it, 1, 1};
	const struct lay_map *ms[] = {&m};
	support_cap_begin();
	struct edmap *x = edmap_new(ref, ed, "2023", "2024", ms, 1);
	char *out = support_cap_end();
	ck_assert_ptr_null(x);
	STR_EQ(out, "t:3:25: error: code \"megethoej\" of variable \"tillid\" is recoded twice (first at line 3)\n");
}
END_TEST

START_TEST(may_hold_narrows_to_editions)
{
	const char *labels[] = {"2023", "2024", "2025"};
	ck_assert_int_eq(cb_add_editions(ref, labels, 3), 0);
	int ed_var = rv("edition");
	struct pos at = {"t", 1, 1};
	struct expr *e = ex_parse(ref, "answered(parti) & edition = e2024", at, NULL, NULL);
	struct expr *o = ex_parse(ref, "edition = e2023 | parti = dem", at, NULL, NULL);
	struct expr *n = ex_parse(ref, "not (edition in {e2023, e2025})", at, NULL, NULL);
	ck_assert(e && o && n);
	ck_assert_int_eq(ex_may_hold(e, ed_var, 1), 0);
	ck_assert_int_eq(ex_may_hold(e, ed_var, 2), 1);
	ck_assert_int_eq(ex_may_hold(o, ed_var, 3), 1); /* parti = dem may hold */
	ck_assert_int_eq(ex_may_hold(n, ed_var, 1), 0);
	ck_assert_int_eq(ex_may_hold(n, ed_var, 2), 1);
	ck_assert_int_eq(ex_may_hold(NULL, ed_var, 1), 1);
	unsigned char *mark = calloc(ref->nvars, 1);
	ex_vars(o, mark);
	ck_assert(mark[ed_var] && mark[rv("parti")] && !mark[rv("tillid")]);
	free(mark);
	ex_free(e), ex_free(o), ex_free(n);
}
END_TEST

/* tests/data/edmap: q gained a code, h keeps fewer decimals, w changed its unit,
 * s changed its labels and is declared the same; r is unchanged. */
START_TEST(numbers_units_codes_and_same)
{
	struct codebook *a = cb_load("data/edmap/ref.txt"), *b = cb_load("data/edmap/ed.txt");
	ck_assert(a && b);
	static struct lay_map_item it[] = {{LM_SAME, "s", {"t", 2, 8}, NULL, {0}, NULL, 0}};
	struct lay_map m = {"2023", {"t", 1, 5}, 0, it, 1, 1};
	const struct lay_map *ms[] = {&m};
	struct edmap *x = edmap_new(a, b, "2023", "2024", ms, 1);
	ck_assert_ptr_nonnull(x);
	const char *why = NULL;
	ck_assert_int_eq(edmap_status(x, cb_var_find(a, "q"), &why), ED_CHANGED);
	ck_assert_str_eq(why, "code 3 \"ved\" of 2023 is not in 2024");
	ck_assert_int_eq(edmap_status(x, cb_var_find(a, "w"), &why), ED_CHANGED);
	ck_assert_str_eq(why, "its unit is \"kg\" in 2024 but \"pund\" in 2023");
	ck_assert_int_eq(edmap_status(x, cb_var_find(a, "qq"), &why), ED_CHANGED);
	ck_assert_str_eq(why, "it is derived from \"q\": code 3 \"ved\" of 2023 is not in 2024");
	ck_assert_int_eq(edmap_status(x, cb_var_find(a, "r"), NULL), ED_SAME);
	ck_assert_int_eq(edmap_status(x, cb_var_find(a, "s"), NULL), ED_SAME);
	ck_assert_int_eq(edmap_status(x, cb_var_find(a, "h"), NULL), ED_SAME);
	int r;
	ck_assert_int_eq(edmap_value(x, cb_var_find(b, "h"), 15, &r), 150); /* 1.5 timer */
	ck_assert_int_eq(r, cb_var_find(a, "h"));
	ck_assert_int_eq(edmap_value(x, cb_var_find(b, "s"), 2, &r), 2);
	ck_assert_int_eq(edmap_value(x, cb_var_find(b, "q"), 1, &r), CB_MISSING);
	ck_assert_int_eq(r, -1);
	edmap_free(x);
	/* the other way round, h would lose a decimal: changed meaning */
	x = edmap_new(b, a, "2023", "2024", NULL, 0);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(edmap_status(x, cb_var_find(b, "h"), &why), ED_CHANGED);
	ck_assert_str_eq(why, "decimals 1 in 2024 but 2 in 2023");
	edmap_free(x);
	cb_free(a);
	cb_free(b);
}
END_TEST

Suite *edmap_suite(void);
Suite *
edmap_suite(void)
{
	Suite *s = suite_create("edmap");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, recode_table_reverses_the_scale);
	tcase_add_test(tc, rename_feeds_the_reference_name);
	tcase_add_test(tc, without_a_map_changed_and_absent);
	tcase_add_test(tc, stream_translates_every_row);
	tcase_add_test(tc, bad_map_is_reported_at_its_line);
	tcase_add_test(tc, may_hold_narrows_to_editions);
	tcase_add_test(tc, numbers_units_codes_and_same);
	suite_add_tcase(s, tc);
	return s;
}

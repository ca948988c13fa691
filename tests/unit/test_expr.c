/* test_expr.c: unit tests for expr.c: truth tables, missing values, populations, printing, errors. */
#include <check.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "expr.h"

#define M CB_MISSING

static struct codebook *cb;

/* Variables of data/cb/mini.txt by index. */
enum { ID, KOMMUNE, OMRAADE, STATUS, AERE, KURSER, RADG, SIRI, ANTAL, NOTE, REGION, MENAPT, NV };

static void
setup(void)
{
	diag_reset();
	cb = cb_load("data/cb/mini.txt");
	ck_assert_ptr_nonnull(cb);
	ck_assert_uint_eq(cb->nvars, NV);
}

static void
teardown(void)
{
	cb_free(cb);
}

/* A row with every value missing except the given var=value pairs (-1 ends). */
static void
mkrow(int *row, ...)
{
	va_list ap;
	for (int i = 0; i < NV; i++)
		row[i] = M;
	va_start(ap, row);
	for (int v; (v = va_arg(ap, int)) >= 0;)
		row[v] = va_arg(ap, int);
	va_end(ap);
}

static struct expr *
parse(const char *s)
{
	struct pos at = {"t.lay", 3, 7};
	struct expr *e = ex_parse(cb, s, at, NULL, NULL);
	ck_assert_msg(e != NULL, "cannot parse %s", s);
	return e;
}

/* Evaluates s on the rows where variable var takes vals[i]; checks want[i]. */
static void
table(const char *s, int var, const int *vals, const int *want, int n)
{
	struct expr *e = parse(s);
	int row[NV];
	for (int i = 0; i < n; i++) {
		mkrow(row, var, vals[i], -1);
		ck_assert_msg(ex_eval(e, row) == want[i], "%s with %d: got %d", s, vals[i], !want[i]);
	}
	ex_free(e);
}

START_TEST(equality)
{
	const int v[] = {1, 2, 70, M};
	table("omraade = BI", OMRAADE, v, (int[]){1, 0, 0, 0}, 4);
	table("omraade = 1", OMRAADE, v, (int[]){1, 0, 0, 0}, 4);
	table("omraade != BI", OMRAADE, v, (int[]){0, 1, 1, 0}, 4);
	table("!(omraade = BI)", OMRAADE, v, (int[]){0, 1, 1, 1}, 4);
	table("not omraade = BI", OMRAADE, v, (int[]){0, 1, 1, 1}, 4);
	table("omraade = XX", OMRAADE, v, (int[]){0, 0, 1, 0}, 4);
	table("answered(omraade)", OMRAADE, v, (int[]){1, 1, 1, 0}, 4);
	table("!answered(omraade)", OMRAADE, v, (int[]){0, 0, 0, 1}, 4);
}
END_TEST

START_TEST(sets_and_ranges)
{
	const int o[] = {1, 2, 70, M};
	table("omraade in {BI, XX}", OMRAADE, o, (int[]){1, 0, 1, 0}, 4); /* list: 70 > 63 */
	table("omraade in {SB}", OMRAADE, o, (int[]){0, 1, 0, 0}, 4);
	const int k[] = {1, 2, 3, 4, M};
	table("kend_kurser in {ikke, 4}", KURSER, k, (int[]){1, 0, 0, 1, 0}, 5); /* mask */
	table("kend_kurser in 2..3", KURSER, k, (int[]){0, 1, 1, 0, 0}, 5);
	table("kend_kurser in 3..4", KURSER, k, (int[]){0, 0, 1, 1, 0}, 5);
	table("kend_kurser < 3", KURSER, k, (int[]){1, 1, 0, 0, 0}, 5);
	table("kend_kurser <= 3", KURSER, k, (int[]){1, 1, 1, 0, 0}, 5);
	table("kend_kurser > 3", KURSER, k, (int[]){0, 0, 0, 1, 0}, 5);
	table("kend_kurser >= 3", KURSER, k, (int[]){0, 0, 1, 1, 0}, 5);
	table("!(kend_kurser >= 3)", KURSER, k, (int[]){1, 1, 0, 0, 1}, 5);
	const int a[] = {-3, 0, 2147483647, M};
	table("antal < 0", ANTAL, a, (int[]){1, 0, 0, 0}, 4);
	table("antal >= -3", ANTAL, a, (int[]){1, 1, 1, 0}, 4);
	table("antal > 2147483647", ANTAL, a, (int[]){0, 0, 0, 0}, 4);
	table("antal <= -2147483647", ANTAL, a, (int[]){0, 0, 0, 0}, 4);
	table("antal in 5..1", ANTAL, a, (int[]){0, 0, 0, 0}, 4);
	table("antal = -3", ANTAL, a, (int[]){1, 0, 0, 0}, 4);
	const int b[] = {0, 1, M};
	table("bi_siri = valgt", SIRI, b, (int[]){0, 1, 0}, 3);
	table("bi_siri = ikke_valgt", SIRI, b, (int[]){1, 0, 0}, 3);
}
END_TEST

START_TEST(precedence)
{
	struct expr *e = parse("status = komplet | status = delvis & aere = ja");
	struct expr *w = parse("status = komplet or status = delvis and aere = ja");
	struct expr *p = parse("(status = komplet | status = delvis) & aere = ja");
	int row[NV];
	int st[] = {1, 2, 3, M}, ae[] = {1, 2, M};
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 3; j++) {
			mkrow(row, STATUS, st[i], AERE, ae[j], -1);
			int want = st[i] == 1 || (st[i] == 2 && ae[j] == 1);
			ck_assert_int_eq(ex_eval(e, row), want);
			ck_assert_int_eq(ex_eval(w, row), want);
			ck_assert_int_eq(ex_eval(p, row), (st[i] == 1 || st[i] == 2) && ae[j] == 1);
		}
	ex_free(e);
	ex_free(w);
	ex_free(p);
}
END_TEST

START_TEST(municipalities)
{
	/* Albertslund 0 hovedstaden 6800, Ærø 1 syddanmark 40, Køge 2, Lyngby-Taarbæk 3 */
	struct expr *r = parse("kommune.region = hovedstaden");
	struct expr *n = parse("kommune.menapt >= 3000");
	struct expr *k = parse("kommune = Ærø | kommune in {Køge, Lyngby-Taarbæk}");
	int row[NV];
	const int region[] = {1, 3, 2, 1}, menapt[] = {6800, 40, 2500, 3000};
	for (int m = 0; m < 4; m++) {
		mkrow(row, KOMMUNE, m, REGION, region[m], MENAPT, menapt[m], -1);
		ck_assert_int_eq(ex_eval(r, row), m == 0 || m == 3);
		ck_assert_int_eq(ex_eval(n, row), m == 0 || m == 3);
		ck_assert_int_eq(ex_eval(k, row), m != 0);
	}
	mkrow(row, -1);
	ck_assert_int_eq(ex_eval(r, row), 0);
	ck_assert_int_eq(ex_eval(n, row), 0);
	ck_assert_int_eq(ex_eval(k, row), 0);
	ex_free(r);
	ex_free(n);
	ex_free(k);
}
END_TEST

/* Named populations for the tests: "BI" and "brugere". */
static struct expr *pop_bi, *pop_users;

static const struct expr *
names(void *ctx, const char *name)
{
	ck_assert_ptr_eq(ctx, &pop_bi);
	if (strcmp(name, "BIpop") == 0)
		return pop_bi;
	if (strcmp(name, "brugere") == 0)
		return pop_users;
	return NULL;
}

START_TEST(populations)
{
	pop_bi = parse("omraade = BI");
	pop_users = parse("kend_kurser in 3..4 | kend_radg in 3..4");
	struct pos at = {"t.lay", 1, 1};
	struct expr *e = ex_parse(cb, "BIpop & !brugere", at, names, &pop_bi);
	ck_assert_ptr_nonnull(e);
	int row[NV];
	mkrow(row, OMRAADE, 1, KURSER, 2, RADG, 1, -1);
	ck_assert_int_eq(ex_eval(e, row), 1);
	mkrow(row, OMRAADE, 1, KURSER, 2, RADG, 4, -1);
	ck_assert_int_eq(ex_eval(e, row), 0);
	mkrow(row, OMRAADE, 2, -1);
	ck_assert_int_eq(ex_eval(e, row), 0);
	struct buf b = {0};
	ex_print(e, cb, &b);
	ck_assert_str_eq(b.s, "BIpop & !brugere");
	buf_free(&b);
	ex_free(e);
	/* a name that is both: with an operator it is the variable */
	e = ex_parse(cb, "omraade = SB", at, names, &pop_bi);
	mkrow(row, OMRAADE, 2, -1);
	ck_assert_int_eq(ex_eval(e, row), 1);
	ex_free(e);
	ex_free(pop_bi);
	ex_free(pop_users);
}
END_TEST

/* Separately parsed copies, a reordered & and a named population all share
 * one program slot; different expressions do not. */
START_TEST(program_interning)
{
	pop_bi = parse("omraade = BI");
	pop_users = parse("kend_kurser in 3..4 | kend_radg in 3..4");
	struct pos at = {"t.lay", 1, 1};
	struct expr *e[] = {
		parse("omraade = BI & kend_kurser in 3..4"),
		parse("omraade = BI & kend_kurser in 3..4"),
		parse("kend_kurser in 3..4 & (omraade = BI)"),
		ex_parse(cb, "BIpop & kend_kurser in 3..4", at, names, &pop_bi),
		parse("omraade = BI | kend_kurser in 3..4"),
		parse("antal in {100, 7, 200}"),
		parse("antal in {7, 200, 100}"),
	};
	struct ex_prog *p = ex_prog_new();
	ck_assert_int_eq(ex_prog_add(p, NULL), 0);
	int s[7];
	for (int i = 0; i < 7; i++)
		s[i] = ex_prog_add(p, e[i]);
	ck_assert_int_gt(s[0], 0);
	ck_assert_int_eq(s[1], s[0]);
	ck_assert_int_eq(s[2], s[0]);
	ck_assert_int_eq(s[3], s[0]);
	ck_assert_int_ne(s[4], s[0]);
	ck_assert_int_eq(s[6], s[5]);
	ck_assert_int_eq(ex_prog_add(p, pop_bi), 1); /* the first leaf interned */
	for (int i = 0; i < 7; i++)
		ex_free(e[i]);
	ex_prog_free(p);
	ex_free(pop_bi);
	ex_free(pop_users);
}
END_TEST

/* ex_prog_run gives every slot the value ex_eval gives its expression. */
START_TEST(program_values)
{
	static const char *const src[] = {
		"omraade = BI", "omraade != SB", "kend_kurser in 2..4", "kend_radg < 3",
		"antal >= 5", "antal in {1, 100, 1000}", "bi_siri in {0, 1}", "answered(note)",
		"!(omraade in {BI, SB}) | status = 1 & antal > 2", "!answered(antal) & !(kend_radg <= 2)",
	};
	enum { N = sizeof src / sizeof *src };
	struct expr *e[N];
	int slot[N];
	struct ex_prog *p = ex_prog_new();
	for (int i = 0; i < N; i++) {
		e[i] = parse(src[i]);
		slot[i] = ex_prog_add(p, e[i]);
	}
	unsigned char *val = malloc(ex_prog_size(p));
	static const int pick[] = {M, 0, 1, 2, 3, 4, 5, 100, 1000};
	unsigned seed = 1;
	for (int r = 0; r < 2000; r++) {
		int row[NV];
		for (int v = 0; v < NV; v++) {
			seed = seed * 1103515245u + 12345u;
			row[v] = pick[(seed >> 16) % 9];
		}
		ex_prog_run(p, row, val);
		for (int i = 0; i < N; i++)
			ck_assert_int_eq(val[slot[i]], ex_eval(e[i], row));
	}
	free(val);
	for (int i = 0; i < N; i++)
		ex_free(e[i]);
	ex_prog_free(p);
}
END_TEST

/* ex_prog_run_block sets the bits ex_eval gives each row, for full blocks
 * and for short ones (1, 17, 63 rows); the bits past n stay 0. */
START_TEST(program_blocks)
{
	static const char *const src[] = {
		"omraade = BI", "omraade != SB", "kend_kurser in 2..4", "kend_radg < 3",
		"antal >= 5", "antal in {1, 100, 1000}", "bi_siri in {0, 1}", "answered(note)",
		"!(omraade in {BI, SB}) | status = 1 & antal > 2", "!answered(antal) & !(kend_radg <= 2)",
	};
	enum { N = sizeof src / sizeof *src, R = 64 + 17 + 1 + 63 };
	static const size_t blocks[] = {64, 17, 1, 63};
	static const int pick[] = {M, 0, 1, 2, 3, 4, 5, 100, 1000};
	struct expr *e[N];
	int slot[N];
	struct ex_prog *p = ex_prog_new();
	for (int i = 0; i < N; i++) {
		e[i] = parse(src[i]);
		slot[i] = ex_prog_add(p, e[i]);
	}
	int rows[R][NV];
	unsigned seed = 7;
	for (int r = 0; r < R; r++)
		for (int v = 0; v < NV; v++) {
			seed = seed * 1103515245u + 12345u;
			rows[r][v] = pick[(seed >> 16) % 9];
		}
	uint64_t *mask = malloc(ex_prog_size(p) * sizeof *mask);
	size_t r0 = 0;
	for (size_t b = 0; b < sizeof blocks / sizeof *blocks; r0 += blocks[b++]) {
		ex_prog_run_block(p, rows[r0], NV, blocks[b], mask);
		ck_assert(mask[0] == (blocks[b] == 64 ? ~UINT64_C(0) : (UINT64_C(1) << blocks[b]) - 1));
		for (int i = 0; i < N; i++)
			for (size_t r = 0; r < 64; r++) {
				int want = r < blocks[b] && ex_eval(e[i], rows[r0 + r]);
				ck_assert_int_eq((int)(mask[slot[i]] >> r & 1), want);
			}
	}
	free(mask);
	for (int i = 0; i < N; i++)
		ex_free(e[i]);
	ex_prog_free(p);
}
END_TEST

static void
check_print(const char *in, const char *want)
{
	struct expr *e = parse(in);
	struct buf b = {0};
	ex_print(e, cb, &b);
	ck_assert_str_eq(b.s, want);
	/* the canonical form parses to the same canonical form */
	struct expr *e2 = parse(b.s);
	struct buf b2 = {0};
	ex_print(e2, cb, &b2);
	ck_assert_str_eq(b2.s, want);
	buf_free(&b);
	buf_free(&b2);
	ex_free(e);
	ex_free(e2);
}

START_TEST(printing)
{
	check_print("omraade=1", "omraade = BI");
	check_print("status!=ingen&omraade=BI", "status != ingen & omraade = BI");
	check_print("answered(note) & bi_siri = 1", "answered(note) & bi_siri = valgt");
}
END_TEST

START_TEST(printing_forms)
{
	check_print("(status = komplet | status = delvis) & aere = ja",
	    "(status = komplet | status = delvis) & aere = ja");
	check_print("status = komplet | (status = delvis & aere = ja)",
	    "status = komplet | status = delvis & aere = ja");
	check_print("not (omraade = BI and aere = 1)", "!(omraade = BI & aere = ja)");
	check_print("!!answered(note)", "!!answered(note)");
	check_print("kend_kurser in { 4 , ikke }", "kend_kurser in {ikke,ofte}");
	check_print("omraade in {XX, 1}", "omraade in {BI,XX}");
	check_print("kend_kurser in 3..4", "kend_kurser in 3..4");
	check_print("antal<5 & antal<=5 & antal>-5 & antal>=5", "antal < 5 & antal <= 5 & antal > -5 & antal >= 5");
	check_print("kommune = Lyngby-Taarbæk", "kommune = Lyngby-Taarbæk");
	check_print("kommune.region in {1,3}", "kommune.region in {hovedstaden,syddanmark}");
	check_print("*", "*");
	check_print("* & antal > 30 | !*", "* & antal > 30 | !*");
}
END_TEST

/* "*" is true on every row, also inside other terms; long chains are balanced
 * (depth logarithmic) but mean the same. */
START_TEST(everybody_and_long_chains)
{
	int row[NV];
	mkrow(row, ANTAL, 40, -1);
	struct expr *e = parse("* & antal > 30");
	ck_assert_int_eq(ex_eval(e, row), 1);
	ex_free(e);
	e = parse("!*");
	ck_assert_int_eq(ex_eval(e, row), 0);
	ex_free(e);
	struct buf b = {0};
	buf_puts(&b, "antal = 1");
	for (int i = 2; i <= 500; i++)
		buf_printf(&b, " | antal = %d", i);
	e = parse(b.s);
	struct buf pr = {0};
	ex_print(e, cb, &pr);
	ck_assert_str_eq(pr.s, b.s); /* balanced, but printed as written */
	buf_free(&pr);
	for (int v = 0; v <= 501; v++) {
		mkrow(row, ANTAL, v, -1);
		ck_assert_int_eq(ex_eval(e, row), v >= 1 && v <= 500);
	}
	ex_free(e);
	buf_free(&b);
}
END_TEST

/* Parses s at t.lay:3:7; checks that it fails with exactly the message want. */
static void
check_error(const char *s, const char *want)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	diag_reset();
	diag_set_stream(f);
	struct pos at = {"t.lay", 3, 7};
	struct expr *e = ex_parse(cb, s, at, NULL, NULL);
	diag_set_stream(NULL);
	fclose(f);
	ck_assert_msg(e == NULL, "%s parsed", s);
	ck_assert_msg(strcmp(text, want) == 0, "%s:\n got: %s want: %s", s, text, want);
	ck_assert_int_eq(diag_exit_status(), 1);
	free(text);
	diag_reset();
}

START_TEST(errors)
{
	check_error("omraade = BI & staus = 1", "t.lay:3:22: error: unknown variable \"staus\"\n");
	check_error("omraade = BJ", "t.lay:3:17: error: \"BJ\" is not a code of variable \"omraade\"\n");
	check_error("omraade in {BI, 3}", "t.lay:3:23: error: \"3\" is not a code of variable \"omraade\"\n");
	check_error("æøå = 1 | x", "t.lay:3:7: error: unknown variable \"æøå\"\n");
	check_error("kommune = Ærø | ø = 1", "t.lay:3:23: error: unknown variable \"ø\"\n");
	check_error("kommune = Aarhus", "t.lay:3:17: error: \"Aarhus\" is not a code of variable \"kommune\"\n");
	check_error("brugere", "t.lay:3:7: error: unknown variable \"brugere\"\n");
	check_error("", "t.lay:3:7: error: expected an expression, found the end of the expression\n");
	check_error("omraade = ", "t.lay:3:17: error: expected a value, found the end of the expression\n");
	check_error("(omraade = BI", "t.lay:3:20: error: expected \")\", found the end of the expression\n");
	check_error("omraade = BI)", "t.lay:3:19: error: unexpected \")\"\n");
	check_error("omraade = BI @", "t.lay:3:20: error: unexpected \"@\"\n");
	check_error("omraade BI",
	    "t.lay:3:15: error: expected \"=\", \"!=\", \"in\", \"<\", \"<=\", \">\" or \">=\" after \"omraade\", found \"BI\"\n");
	check_error("kend_kurser in 3", "t.lay:3:23: error: expected \"..\", found the end of the expression\n");
	check_error("kend_kurser in 3..x", "t.lay:3:25: error: expected an integer, found \"x\"\n");
	check_error("kend_kurser in {1 2}", "t.lay:3:25: error: expected \",\" or \"}\", found \"2\"\n");
	check_error("kend_kurser >= ofte", "t.lay:3:22: error: expected an integer, found \"ofte\"\n");
	check_error("antal = 99999999999", "t.lay:3:15: error: integer 99999999999 is out of range\n");
	check_error("antal > 1 & * *", "t.lay:3:21: error: unexpected \"*\"\n");
	check_error("antal = mange", "t.lay:3:15: error: variable \"antal\" is a number: expected an integer, found \"mange\"\n");
	check_error("note = 1", "t.lay:3:12: error: variable \"note\" is free text: only answered(note) applies\n");
	check_error("kommune > 2", "t.lay:3:15: error: variable \"kommune\" is a muni: it has no order\n");
	check_error("answered(nix)", "t.lay:3:16: error: unknown variable \"nix\"\n");
	check_error("answered(omraade", "t.lay:3:23: error: expected \")\", found the end of the expression\n");
	check_error("omraade = BI &", "t.lay:3:21: error: expected a variable name, found the end of the expression\n");
	check_error("omraade = BI | ! ", "t.lay:3:24: error: expected a variable name, found the end of the expression\n");
	check_error("omraade = \xff", "t.lay:3:17: error: invalid UTF-8 byte 0xFF\n");
}
END_TEST

Suite *expr_suite(void);
Suite *
expr_suite(void)
{
	Suite *s = suite_create("expr");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, equality);
	tcase_add_test(tc, sets_and_ranges);
	tcase_add_test(tc, precedence);
	tcase_add_test(tc, municipalities);
	tcase_add_test(tc, populations);
	tcase_add_test(tc, program_interning);
	tcase_add_test(tc, program_values);
	tcase_add_test(tc, program_blocks);
	tcase_add_test(tc, printing);
	tcase_add_test(tc, printing_forms);
	tcase_add_test(tc, everybody_and_long_chains);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	return s;
}

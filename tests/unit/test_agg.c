/* test_agg.c: unit tests for agg.c on the hand-checked fixture in tests/data/agg/. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "expr.h"
#include "resp.h"

#define FIX_CB "data/agg/codebook.txt"
#define FIX_DATA "data/agg/svar.csv"

static struct codebook *cb;
static struct agg *ag;
static struct expr *exprs[32];
static size_t nexprs;

static void
setup(void)
{
	diag_reset();
	cb = cb_load(FIX_CB);
	ck_assert_ptr_nonnull(cb);
	ag = agg_new(cb);
	nexprs = 0;
}

static void
teardown(void)
{
	agg_free(ag);
	for (size_t i = 0; i < nexprs; i++)
		ex_free(exprs[i]);
	cb_free(cb);
}

/* Parses a population; freed in teardown. */
static const struct expr *
ex(const char *s)
{
	struct pos at = {"test", 1, 1};
	struct expr *e = ex_parse(cb, s, at, NULL, NULL);
	ck_assert_msg(e != NULL, "cannot parse %s", s);
	ck_assert_uint_lt(nexprs, 32);
	exprs[nexprs++] = e;
	return e;
}

static int
var(const char *name)
{
	int v = cb_var_find(cb, name);
	ck_assert_msg(v >= 0, "no variable %s", name);
	return v;
}

/* Index of the code with the given value in variable v. */
static size_t
ci(int v, int value)
{
	const struct cb_var *cv = &cb->vars[v];
	const struct cb_code *c = cb_code_by_value(cv, value);
	ck_assert_ptr_nonnull(c);
	return (size_t)(c - cv->codes);
}

static void
run(void)
{
	ck_assert_int_eq(agg_run(ag, &(struct resp_in){FIX_DATA, 0, NULL, NULL, NULL, 0, NULL}), 0);
	ck_assert_int_eq(diag_errors(), 0);
	ck_assert_uint_eq(agg_rows(ag), 20);
}

/* Weights, derived variables and number histograms on data/cb/derive.txt:
 * every number below is worked out by hand from data/cb/derive.csv. */
START_TEST(weights_derived_numbers)
{
	agg_free(ag);
	cb_free(cb);
	cb = cb_load("data/cb/derive.txt");
	ck_assert_ptr_nonnull(cb);
	ag = agg_new(cb);
	agg_set_weight(ag, cb->weight);
	int all = agg_counter(ag, NULL, NULL), a = agg_counter(ag, NULL, ex("blok = a"));
	int xt = agg_xtab(ag, NULL, var("grp"), var("blok"));
	int num = agg_numeric(ag, ex("answered(parti)"), var("alder"), var("blok"));
	ck_assert_int_eq(agg_run(ag, &(struct resp_in){"data/cb/derive.csv", 0, NULL, NULL, NULL, 0, NULL}), 0);
	ck_assert_int_eq(diag_errors(), 0);
	ck_assert_int_eq(agg_count(ag, all), 6);
	ck_assert(agg_count_w(ag, all) == 625);  /* 1.50 + 0.50 + 2.00 + 1.00 + 0 + 1.25 */
	ck_assert_int_eq(agg_count(ag, a), 4);   /* parti soc or dem: rows 1, 2, 3, 5 */
	ck_assert(agg_count_w(ag, a) == 400);
	/* grp by blok: row 1 ung/a, 2 mid/a, 3 mid/a, 4 old/b, 6 ung/no group */
	ck_assert_int_eq(agg_xtab_cell(ag, xt, 0, 2), 2);        /* ung, all groups */
	ck_assert(agg_xtab_cell_w(ag, xt, 0, 2) == 275);
	ck_assert(agg_xtab_cell_w(ag, xt, 1, 0) == 250);         /* mid in a */
	ck_assert(agg_xtab_base_w(ag, xt, 1) == 100);            /* b */
	/* squared weights (Kish's n_eff): 1.50^2 + 1.25^2, 0.50^2 + 2.00^2, 1.00^2 */
	ck_assert(agg_xtab_cell_w2(ag, xt, 0, 2) == 38125);
	ck_assert(agg_xtab_cell_w2(ag, xt, 1, 0) == 42500);
	ck_assert(agg_xtab_base_w2(ag, xt, 1) == 10000);
	ck_assert(agg_count_w2(ag, a) == 65000);                 /* 1.50^2 + 0.50^2 + 2.00^2 + 0 */
	/* a second run (a watch session) starts from zero */
	ck_assert_int_eq(agg_run(ag, &(struct resp_in){"data/cb/derive.csv", 0, NULL, NULL, NULL, 0, NULL}), 0);
	ck_assert(agg_count_w2(ag, a) == 65000);
	ck_assert(agg_xtab_base_w2(ag, xt, 1) == 10000);
	size_t nb;
	const struct agg_bin *b = agg_num_bins(ag, num, 2, &nb); /* all groups: rows 1-4 */
	ck_assert_uint_eq(nb, 4);
	ck_assert_int_eq(b[0].value, 25);
	ck_assert(b[0].w == 150);
	ck_assert_int_eq(b[3].value, 70);
	b = agg_num_bins(ag, num, 0, &nb);                      /* group a: 25, 31, 45 */
	ck_assert_uint_eq(nb, 3);
	ck_assert(b[1].w == 50);
}
END_TEST

START_TEST(counters)
{
	const struct expr *resp = ex("status != ingen");
	int all = agg_counter(ag, NULL, NULL);
	int nresp = agg_counter(ag, resp, NULL);
	int delvis = agg_counter(ag, ex("status = delvis"), NULL);
	int knows = agg_counter(ag, resp, ex("kend in 2..4"));
	int ikke = agg_counter(ag, resp, ex("kend = ikke"));
	int unans = agg_counter(ag, resp, ex("!answered(kend)"));
	int bi = agg_counter(ag, ex("omraade = BI"), NULL);
	int bi_use = agg_counter(ag, ex("omraade = BI"), ex("kend >= 3"));
	int big = agg_counter(ag, resp, ex("kommune.menapt > 5000"));
	int hov = agg_counter(ag, resp, ex("kommune.region = hovedstaden"));
	int low = agg_counter(ag, NULL, ex("antal < 5"));  /* missing is not < 5 */
	int ans = agg_counter(ag, NULL, ex("answered(antal)"));
	run();
	ck_assert_int_eq(agg_count(ag, all), 20);
	ck_assert_int_eq(agg_count(ag, nresp), 16);
	ck_assert_int_eq(agg_count(ag, delvis), 3);
	ck_assert_int_eq(agg_count(ag, knows), 11);
	ck_assert_int_eq(agg_count(ag, ikke), 4);
	ck_assert_int_eq(agg_count(ag, unans), 1);
	ck_assert_int_eq(agg_count(ag, bi), 5);
	ck_assert_int_eq(agg_count(ag, bi_use), 3);
	ck_assert_int_eq(agg_count(ag, big), 10);
	ck_assert_int_eq(agg_count(ag, hov), 10);
	ck_assert_int_eq(agg_count(ag, low), 5);
	ck_assert_int_eq(agg_count(ag, ans), 13);
}
END_TEST

START_TEST(dedup)
{
	const struct expr *resp = ex("status != ingen");
	const struct expr *same_text = ex("status != ingen");
	const struct expr *k = ex("kend = ikke");
	int c1 = agg_counter(ag, resp, k);
	ck_assert_int_eq(agg_counter(ag, resp, k), c1);
	ck_assert_int_ne(agg_counter(ag, resp, NULL), c1);
	ck_assert_int_eq(agg_counter(ag, same_text, k), c1); /* interned by structure */
	ck_assert_int_eq(agg_counter(ag, ex("(status != ingen)"), ex("kend = ikke")), c1);
	int d1 = agg_distinct(ag, resp, var("kommune"));
	ck_assert_int_eq(agg_distinct(ag, resp, var("kommune")), d1);
	ck_assert_int_ne(agg_distinct(ag, NULL, var("kommune")), d1);
	int x1 = agg_xtab(ag, resp, var("kend"), var("omraade"));
	ck_assert_int_eq(agg_xtab(ag, resp, var("kend"), var("omraade")), x1);
	ck_assert_int_ne(agg_xtab(ag, resp, var("kend"), -1), x1);
	run();
	ck_assert_int_eq(agg_count(ag, c1), 4);
	ck_assert_int_eq(agg_count(ag, agg_counter(ag, same_text, k)), 4);
}
END_TEST

/* Checks that distinct set id holds exactly the n values want. */
static void
check_distinct(int id, const int *want, size_t n)
{
	ck_assert_uint_eq(agg_distinct_n(ag, id), n);
	const int *got = agg_distinct_values(ag, id);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(got[i], want[i]);
}

START_TEST(distinct_sets)
{
	const struct expr *resp = ex("status != ingen");
	int kom = agg_distinct(ag, resp, var("kommune"));
	int kom_all = agg_distinct(ag, NULL, var("kommune"));
	int kom_none = agg_distinct(ag, ex("status = ingen"), var("kommune"));
	int reg = agg_distinct(ag, resp, var("kommune.region"));
	int men = agg_distinct(ag, resp, var("kommune.menapt"));
	int ant = agg_distinct(ag, NULL, var("antal"));
	int empty = agg_distinct(ag, ex("omraade = SK & kend = ofte"), var("kommune"));
	run();
	/* Municipality indices: 0 København, 1 Albertslund, 2 Ringsted, 3 Køge, 4 Fanø. */
	ck_assert_int_eq(cb_muni_find(cb, "Fanø"), 4);
	check_distinct(kom, (const int[]){0, 1, 2, 3}, 4);
	check_distinct(kom_all, (const int[]){0, 1, 2, 3, 4}, 5);
	check_distinct(kom_none, (const int[]){0, 2, 4}, 3);
	check_distinct(reg, (const int[]){1, 2}, 2);
	check_distinct(men, (const int[]){900, 2500, 5500, 60000}, 4);
	check_distinct(ant, (const int[]){0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 40}, 12);
	ck_assert_uint_eq(agg_distinct_n(ag, empty), 0);
}
END_TEST

START_TEST(xtab_by_group)
{
	int k = var("kend"), o = var("omraade");
	int x = agg_xtab(ag, ex("status != ingen"), k, o);
	run();
	size_t bi = ci(o, 1), sb = ci(o, 2), sv = ci(o, 3), sk = ci(o, 4), all = 4;
	ck_assert_int_eq(agg_xtab_base(ag, x, bi), 4);
	ck_assert_int_eq(agg_xtab_base(ag, x, sb), 4);
	ck_assert_int_eq(agg_xtab_base(ag, x, sv), 4);
	ck_assert_int_eq(agg_xtab_base(ag, x, sk), 3);  /* missing kend excluded */
	ck_assert_int_eq(agg_xtab_base(ag, x, all), 15);
	/* kend value: BI SB SV SK all */
	static const long want[4][5] = {
		{0, 1, 1, 2, 4},  /* 1 ikke */
		{1, 1, 1, 1, 4},  /* 2 kender */
		{1, 1, 1, 0, 3},  /* 3 sommetider */
		{2, 1, 1, 0, 4},  /* 4 ofte */
	};
	size_t g[5] = {bi, sb, sv, sk, all};
	for (int v = 1; v <= 4; v++)
		for (size_t j = 0; j < 5; j++)
			ck_assert_int_eq(agg_xtab_cell(ag, x, ci(k, v), g[j]), want[v - 1][j]);
}
END_TEST

START_TEST(xtab_multi_and_derived)
{
	int p = var("prob_a"), k = var("kend"), r = var("kommune.region");
	const struct expr *resp = ex("status != ingen");
	int xp = agg_xtab(ag, resp, p, -1);
	int xr = agg_xtab(ag, resp, k, r);
	run();
	ck_assert_int_eq(agg_xtab_base(ag, xp, 0), 13);
	ck_assert_int_eq(agg_xtab_cell(ag, xp, ci(p, 1), 0), 8);
	ck_assert_int_eq(agg_xtab_cell(ag, xp, ci(p, 0), 0), 5);
	size_t nreg = cb->vars[r].ncodes;
	ck_assert_uint_eq(nreg, 3);
	ck_assert_int_eq(agg_xtab_base(ag, xr, ci(r, 1)), 9);
	ck_assert_int_eq(agg_xtab_base(ag, xr, ci(r, 2)), 6);
	ck_assert_int_eq(agg_xtab_base(ag, xr, ci(r, 3)), 0);
	ck_assert_int_eq(agg_xtab_base(ag, xr, nreg), 15);
	ck_assert_int_eq(agg_xtab_cell(ag, xr, ci(k, 4), ci(r, 1)), 3);
	ck_assert_int_eq(agg_xtab_cell(ag, xr, ci(k, 1), ci(r, 2)), 2);
}
END_TEST

START_TEST(rerun_and_dump)
{
	int c = agg_counter(ag, ex("status != ingen"), NULL);
	int x = agg_xtab(ag, NULL, var("status"), -1);
	int d = agg_distinct(ag, NULL, var("kommune"));
	run();
	run(); /* a second run starts from zero */
	ck_assert_int_eq(agg_count(ag, c), 16);
	ck_assert_int_eq(agg_xtab_base(ag, x, 0), 20);
	ck_assert_uint_eq(agg_distinct_n(ag, d), 5);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	agg_dump(ag, f);
	fclose(f);
	ck_assert_msg(strstr(text, "rows 20\n") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "counter 0 n=16 pop=[") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "] cond=*\n") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "distinct 0 n=5 var=kommune pop=*\n") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "  4 Fanø\n") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "  base: 20\n") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "  komplet: 13\n") != NULL, "%s", text);
	free(text);
}
END_TEST

START_TEST(bad_registrations)
{
	FILE *sink = fopen("/dev/null", "w");
	diag_set_stream(sink);
	ck_assert_int_eq(agg_xtab(ag, NULL, var("antal"), -1), -1);   /* number */
	ck_assert_int_eq(agg_xtab(ag, NULL, var("kend"), var("id")), -1);
	ck_assert_int_eq(agg_distinct(ag, NULL, 999), -1);
	diag_set_stream(NULL);
	fclose(sink);
	ck_assert_int_gt(diag_errors(), 0);
	diag_reset();
	ck_assert_int_eq(agg_count(ag, 7), 0);
	ck_assert_int_eq(agg_xtab_cell(ag, 3, 0, 0), 0);
}
END_TEST

/* Writes the fixture's header and n data rows (its rows over and over, with
 * fresh ascending ids) to a temporary file; returns its path. */
static const char *
replay(size_t n)
{
	static char path[] = "/tmp/test_agg_blocksXXXXXX";
	strcpy(path + strlen(path) - 6, "XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *in = fopen(FIX_DATA, "r"), *out = fdopen(fd, "w");
	char line[4096], *rows[64];
	size_t nr = 0;
	ck_assert_ptr_nonnull(fgets(line, sizeof line, in));
	fputs(line, out);
	while (nr < 64 && fgets(line, sizeof line, in))
		rows[nr++] = strdup(strchr(line, ','));
	for (size_t i = 0; i < n; i++)
		fprintf(out, "r%06zu%s", i, rows[i % nr]);
	for (size_t i = 0; i < nr; i++)
		free(rows[i]);
	fclose(in);
	fclose(out);
	return path;
}

struct per_row { /* counts of pop & cond taken row by row with ex_eval */
	const struct expr *pop[3], *cond[3];
	long n[3];
	size_t rows;
};

static void
count_row(void *ctx, const int *row, long line)
{
	struct per_row *pr = ctx;
	(void)line;
	pr->rows++;
	for (int i = 0; i < 3; i++)
		pr->n[i] += (!pr->pop[i] || ex_eval(pr->pop[i], row)) && (!pr->cond[i] || ex_eval(pr->cond[i], row));
}

/* Counts taken in blocks of EX_BLOCK rows equal per-row ex_eval counts, for
 * files of 0, 1, 63, 64, 65 and 150 rows; an xtab's base equals its count. */
START_TEST(blocks_match_rows)
{
	static const size_t sizes[] = {0, 1, 63, 64, 65, 150};
	const struct expr *resp = ex("status != ingen");
	struct per_row pr = {{resp, NULL, resp},
	    {ex("kend in 2..4"), ex("answered(antal)"), ex("answered(kend)")}, {0}, 0};
	int id[3];
	for (int i = 0; i < 3; i++)
		id[i] = agg_counter(ag, pr.pop[i], pr.cond[i]);
	int xt = agg_xtab(ag, pr.pop[0], var("kend"), var("omraade"));
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		const char *path = replay(sizes[k]);
		memset(pr.n, 0, sizeof pr.n);
		pr.rows = 0;
		ck_assert_int_eq(agg_run(ag, &(struct resp_in){path, 0, NULL, NULL, NULL, 0, NULL}), resp_stream(cb, path, 0, count_row, &pr));
		ck_assert_uint_eq(agg_rows(ag), sizes[k]);
		ck_assert_uint_eq(pr.rows, sizes[k]);
		for (int i = 0; i < 3; i++)
			ck_assert_int_eq(agg_count(ag, id[i]), pr.n[i]);
		ck_assert_int_eq(agg_xtab_base(ag, xt, cb->vars[var("omraade")].ncodes), pr.n[2]);
		unlink(path);
	}
}
END_TEST

/* Editions: two files in one pass, the variable edition telling them apart;
 * the same ids in both files are no duplicates (the check is per file). */
START_TEST(editions_one_pass)
{
	const char *label[] = {"2023", "v2"};
	ck_assert_int_eq(cb_add_editions(cb, label, 2), 0);
	ck_assert_int_eq(cb_add_editions(cb, label, 2), -1); /* edition exists now */
	int ed = var("edition");
	ck_assert_uint_eq(cb->edition, (size_t)ed + 1);
	ck_assert_str_eq(cb->vars[ed].codes[0].key, "e2023");
	ck_assert_str_eq(cb->vars[ed].codes[0].label, "2023");
	ck_assert_str_eq(cb->vars[ed].codes[1].key, "v2");
	agg_free(ag);
	ag = agg_new(cb); /* after the variable is added */
	int all = agg_counter(ag, NULL, NULL), a = agg_counter(ag, NULL, ex("edition = e2023"));
	int b = agg_counter(ag, NULL, ex("edition = v2")), b2 = agg_counter(ag, NULL, ex("edition = 2"));
	struct resp_in in[2] = {{FIX_DATA, 0, NULL, NULL, NULL, 1, NULL}, {FIX_DATA, 0, NULL, NULL, NULL, 2, NULL}};
	ck_assert_int_eq(agg_run_n(ag, in, 2), 0);
	ck_assert_int_eq(diag_errors(), 0);
	ck_assert_uint_eq(agg_rows(ag), 40);
	ck_assert_int_eq(agg_count(ag, all), 40);
	ck_assert_int_eq(agg_count(ag, a), 20);
	ck_assert_int_eq(agg_count(ag, b), 20);
	ck_assert_int_eq(agg_count(ag, b2), 20);
}
END_TEST

Suite *agg_suite(void);
Suite *
agg_suite(void)
{
	Suite *s = suite_create("agg");
	TCase *tc = tcase_create("fixture");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, counters);
	tcase_add_test(tc, weights_derived_numbers);
	tcase_add_test(tc, dedup);
	tcase_add_test(tc, distinct_sets);
	tcase_add_test(tc, xtab_by_group);
	tcase_add_test(tc, xtab_multi_and_derived);
	tcase_add_test(tc, rerun_and_dump);
	tcase_add_test(tc, bad_registrations);
	tcase_add_test(tc, blocks_match_rows);
	tcase_add_test(tc, editions_one_pass);
	suite_add_tcase(s, tc);
	return s;
}

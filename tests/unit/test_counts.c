/* test_counts.c: the raw counts behind the notat's claims, via cb_load + resp_stream + ex_eval. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "expr.h"
#include "resp.h"

#define SAMPLE "../layouts/brugerundersoegelse-2023/"

/* The populations counted, as the layout would write them. */
enum { RESPONDENTS, PARTIAL, BI_HONOUR, USERS, NPOP };

static const char *const pop_text[NPOP] = {
	[RESPONDENTS] = "status in {komplet, delvis}",
	[PARTIAL] = "status = delvis",
	[BI_HONOUR] = "status != ingen & omraade = BI & aere = ja",
	[USERS] = "kend_radg in 3..4 | kend_kurser in 3..4 | kend_netv in 3..4",
};

struct counts {
	struct expr *pop[NPOP];
	long n[NPOP];
	long rows;
	int kommune;        /* variable index */
	unsigned char *seen; /* per municipality: has a respondent */
};

static void
count_row(void *ctx, const int *row, long line)
{
	struct counts *c = ctx;
	(void)line;
	c->rows++;
	for (int p = 0; p < NPOP; p++)
		c->n[p] += ex_eval(c->pop[p], row);
	if (ex_eval(c->pop[RESPONDENTS], row) && row[c->kommune] != CB_MISSING)
		c->seen[row[c->kommune]] = 1;
}

START_TEST(sample_counts)
{
	diag_reset();
	struct codebook *cb = cb_load(SAMPLE "codebook.txt");
	ck_assert_ptr_nonnull(cb);
	struct counts c = {0};
	struct pos at = {"test_counts", 1, 1};
	for (int p = 0; p < NPOP; p++) {
		c.pop[p] = ex_parse(cb, pop_text[p], at, NULL, NULL);
		ck_assert_msg(c.pop[p] != NULL, "cannot parse %s", pop_text[p]);
	}
	c.kommune = cb_var_find(cb, "kommune");
	ck_assert_int_ge(c.kommune, 0);
	c.seen = xcalloc(cb->nmunis, 1);
	ck_assert_int_eq(resp_stream(cb, SAMPLE "svar.csv", 0, count_row, &c), 0);
	ck_assert_int_eq(diag_worst(), DL_OK); /* not even a warning */
	long munis = 0;
	for (size_t m = 0; m < cb->nmunis; m++)
		munis += c.seen[m];
	ck_assert_int_eq(c.rows, 368);
	ck_assert_int_eq(c.n[RESPONDENTS], 237);
	ck_assert_int_eq(c.n[PARTIAL], 24);
	ck_assert_int_eq(munis, 95);
	ck_assert_int_eq(c.n[BI_HONOUR], 48);
	ck_assert_int_eq(c.n[USERS], 149);
	for (int p = 0; p < NPOP; p++)
		ex_free(c.pop[p]);
	free(c.seen);
	cb_free(cb);
}
END_TEST

Suite *counts_suite(void);
Suite *
counts_suite(void)
{
	Suite *s = suite_create("counts");
	TCase *tc = tcase_create("sample");
	tcase_add_test(tc, sample_counts);
	suite_add_tcase(s, tc);
	return s;
}

/* test_rowcache.c: a replayed row cache gives exactly the rows of the reading it recorded. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "mf.h"
#include "resp.h"
#include "rowcache.h"
#include "util.h"

#define SAMPLE "../layouts/brugerundersoegelse-2023/"

/* A digest of every row as resp_rowset_fn sees it (all nvars values, line). */
struct digest {
	struct mf_hasher *h;
	size_t nvars;
	long rows;
	struct rowcache *rc; /* record into it too, or NULL */
};

static void
on_row(void *ctx, const int *row, const int *set, size_t nset, long line)
{
	struct digest *d = ctx;
	if (d->rc)
		rowcache_add(d->rc, row, set, nset, line);
	mf_hasher_update(d->h, row, d->nvars * sizeof *row);
	mf_hasher_update(d->h, &line, sizeof line);
	d->rows++;
}

START_TEST(replay_equals_reading)
{
	diag_reset();
	struct codebook *cb = cb_load(SAMPLE "codebook.txt");
	ck_assert_ptr_nonnull(cb);
	struct rowcache *rc = rowcache_new((size_t)1 << 24);
	rowcache_reset(rc, cb->nvars);
	struct digest a = {mf_hasher_new(), cb->nvars, 0, rc}, b = {mf_hasher_new(), cb->nvars, 0, NULL};
	ck_assert_int_eq(resp_stream_set(cb, SAMPLE "svar.csv", 0, on_row, &a), 0);
	ck_assert(!rowcache_sealed(rc));
	rowcache_seal(rc);
	ck_assert(rowcache_sealed(rc));
	ck_assert_uint_eq(rowcache_rows(rc), (size_t)a.rows);
	rowcache_replay(rc, on_row, &b);
	char ha[MF_HEX], hb[MF_HEX];
	mf_hasher_hex(a.h, ha);
	mf_hasher_hex(b.h, hb);
	ck_assert_int_gt(a.rows, 300);
	ck_assert_int_eq(a.rows, b.rows);
	ck_assert_str_eq(ha, hb);
	mf_hasher_free(a.h);
	mf_hasher_free(b.h);
	rowcache_free(rc);
	cb_free(cb);
}
END_TEST

/* Over its byte limit a cache gives up: empty, and sealing does not seal it. */
START_TEST(limit_gives_up)
{
	diag_reset();
	struct codebook *cb = cb_load(SAMPLE "codebook.txt");
	ck_assert_ptr_nonnull(cb);
	struct rowcache *rc = rowcache_new(4096);
	rowcache_reset(rc, cb->nvars);
	struct digest a = {mf_hasher_new(), cb->nvars, 0, rc};
	ck_assert_int_eq(resp_stream_set(cb, SAMPLE "svar.csv", 0, on_row, &a), 0);
	rowcache_seal(rc);
	ck_assert(!rowcache_sealed(rc));
	ck_assert_uint_eq(rowcache_rows(rc), 0);
	rowcache_reset(rc, cb->nvars); /* a reset starts over */
	rowcache_seal(rc);
	ck_assert(rowcache_sealed(rc));
	mf_hasher_free(a.h);
	rowcache_free(rc);
	cb_free(cb);
}
END_TEST

Suite *rowcache_suite(void);
Suite *
rowcache_suite(void)
{
	Suite *s = suite_create("rowcache");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, replay_equals_reading);
	tcase_add_test(tc, limit_gives_up);
	suite_add_tcase(s, tc);
	return s;
}

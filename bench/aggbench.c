/* aggbench.c: times agg_run against a bare libcsv parse of the same response file.
 *
 * Build (from the repository root, after `make notat` has built the objects):
 *   cc -std=c11 -Wall -Wextra -O2 -D_POSIX_C_SOURCE=200809L -Isrc \
 *      -o build/aggbench bench/aggbench.c \
 *      build/agg.o build/cb.o build/expr.o build/resp.o build/csvread.o \
 *      build/diag.o build/util.o -lcsv -lm
 * Run:
 *   build/aggbench CODEBOOK DATA [REPEATS]
 * It generates no data: DATA is any response file valid for CODEBOOK. It
 * registers about 50 counters, 20 cross-tabs and a few distinct sets over the
 * codebook's variables, runs agg_run REPEATS times (default 3), and as
 * often an agg_run with nothing registered (the cost of resp_stream alone)
 * and a bare libcsv parse; prints the best time of each, rows/s and the
 * ratio agg / bare (the budget is 1.3).
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "expr.h"
#include "util.h"

#define MAX_EXPRS 256

static struct expr *exprs[MAX_EXPRS];
static size_t nexprs;

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: steadier on a shared machine */
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Parses an expression built from the codebook; NULL if it does not parse. */
static const struct expr *
mk(const struct codebook *cb, const char *text)
{
	if (nexprs == MAX_EXPRS)
		return NULL;
	struct pos at = {"aggbench", 1, 1};
	struct expr *e = ex_parse(cb, text, at, NULL, NULL);
	if (e != NULL)
		exprs[nexprs++] = e;
	return e;
}

static int
has_codes(const struct cb_var *v)
{
	return (v->type == CB_SINGLE || v->type == CB_SCALE || v->type == CB_MULTI) &&
	    v->ncodes > 0;
}

/* The grouping variable: the first single variable with 2-8 codes after the
 * first one (status-like variables usually come later than the work area). */
static int
pick_group(const struct codebook *cb)
{
	for (size_t i = 0; i < cb->ncolumns; i++)
		if (cb->vars[i].type == CB_SINGLE && cb->vars[i].ncodes >= 2 &&
		    cb->vars[i].ncodes <= 8)
			return (int)i;
	return -1;
}

/* Populations: everybody, then "G = code" per code of the group, then
 * "answered(V)" for a few variables spread over the questionnaire. */
static size_t
make_pops(const struct codebook *cb, int group, const struct expr **pops, size_t max)
{
	size_t n = 0;
	pops[n++] = NULL;
	for (size_t c = 0; group >= 0 && c < cb->vars[group].ncodes && n < max; c++) {
		char *t = xasprintf("%s = %d", cb->vars[group].name, cb->vars[group].codes[c].value);
		const struct expr *e = mk(cb, t);
		free(t);
		if (e != NULL)
			pops[n++] = e;
	}
	for (size_t i = 1; i < cb->ncolumns && n < max; i += cb->ncolumns / 4 + 1) {
		char *t = xasprintf("answered(%s)", cb->vars[i].name);
		const struct expr *e = mk(cb, t);
		free(t);
		if (e != NULL)
			pops[n++] = e;
	}
	return n;
}

/* Registers ~50 counters (var >= its last code) and ~20 cross-tabs. */
static void
register_stats(struct agg *a, const struct codebook *cb)
{
	const struct expr *pops[16];
	int group = pick_group(cb);
	size_t npops = make_pops(cb, group, pops, 16);
	size_t ncnt = 0, nxt = 0, k = 0;
	for (size_t i = 0; i < cb->nvars && (ncnt < 50 || nxt < 20); i++) {
		const struct cb_var *v = &cb->vars[i];
		if (!has_codes(v) || (int)i == group)
			continue;
		if (ncnt < 50) {
			char *t = xasprintf("%s %s %d", v->name, v->type == CB_SCALE ? ">=" : "=",
			    v->codes[v->ncodes - 1].value);
			const struct expr *e = mk(cb, t);
			free(t);
			if (e != NULL && agg_counter(a, pops[k++ % npops], e) >= 0)
				ncnt++;
		}
		if (nxt < 20 && agg_xtab(a, pops[k++ % npops], (int)i, group) >= 0)
			nxt++;
	}
	for (size_t i = 0; i < cb->nvars; i++)
		if (cb->vars[i].type == CB_MUNI)
			agg_distinct(a, pops[i % npops], (int)i);
	fprintf(stderr, "registered %zu counters, %zu xtabs, %zu expressions\n", ncnt, nxt, nexprs);
}

/* ---- the bare parse: libcsv alone, counting fields and rows ---- */

struct bare {
	size_t fields, rows;
};

static void
on_field(void *s, size_t len, void *ctx)
{
	(void)s;
	(void)len;
	((struct bare *)ctx)->fields++;
}

static void
on_record(int c, void *ctx)
{
	(void)c;
	((struct bare *)ctx)->rows++;
}

/* Whether the header line (at the start of chunk) uses ';'. */
static int
semicolon_header(const char *chunk, size_t n)
{
	for (size_t i = 0; i < n && chunk[i] != '\n'; i++)
		if (chunk[i] == ';' || chunk[i] == ',')
			return chunk[i] == ';';
	return 0;
}

static int
bare_parse(const char *path, struct bare *out)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	struct csv_parser p;
	csv_init(&p, 0);
	static char chunk[1 << 16];
	size_t n;
	int first = 1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (first && semicolon_header(chunk, n))
			csv_set_delim(&p, ';');
		first = 0;
		csv_parse(&p, chunk, n, on_field, on_record, out);
	}
	csv_fini(&p, on_field, on_record, out);
	csv_free(&p);
	fclose(f);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: aggbench CODEBOOK DATA [REPEATS]\n");
		return 2;
	}
	int reps = argc > 3 ? atoi(argv[3]) : 3;
	struct codebook *cb = cb_load(argv[1]);
	if (cb == NULL)
		return 1;
	struct agg *a = agg_new(cb);
	register_stats(a, cb);
	struct agg *empty = agg_new(cb);
	double best[3] = {1e30, 1e30, 1e30}; /* agg, resp_stream alone, bare */
	struct bare b = {0};
	for (int r = 0; r < (reps > 0 ? reps : 1); r++) {
		double t[4];
		t[0] = now();
		if (agg_run(a, argv[2], 0) != 0)
			return 1;
		t[1] = now();
		if (agg_run(empty, argv[2], 0) != 0)
			return 1;
		t[2] = now();
		b = (struct bare){0};
		if (bare_parse(argv[2], &b) != 0)
			return 3;
		t[3] = now();
		for (int k = 0; k < 3; k++)
			best[k] = t[k + 1] - t[k] < best[k] ? t[k + 1] - t[k] : best[k];
	}
	double rows = (double)agg_rows(a);
	printf("rows %zu (bare: %zu records, %zu fields)\n", agg_rows(a), b.rows, b.fields);
	printf("agg_run          %.3f s  %.0f rows/s\n", best[0], rows / best[0]);
	printf("resp_stream only %.3f s  %.0f rows/s\n", best[1], rows / best[1]);
	printf("bare libcsv      %.3f s  %.0f rows/s\n", best[2], rows / best[2]);
	printf("ratio agg/bare %.2f (budget 1.30); aggregation itself %.3f s\n",
	    best[0] / best[2], best[0] - best[1]);
	agg_free(empty);
	agg_free(a);
	for (size_t i = 0; i < nexprs; i++)
		ex_free(exprs[i]);
	cb_free(cb);
	return 0;
}

/* aggbench.c: times the aggregation pass (synthetic registrations or the real evaluator) against a bare libcsv parse.
 *
 * Build: `make bench` (build/bench/aggbench), or by hand from the repository
 * root after `make notat` has built the objects:
 *   cc -std=c11 -Wall -Wextra -O2 -D_POSIX_C_SOURCE=200809L -Isrc \
 *      -o build/aggbench bench/aggbench.c \
 *      build/agg.o build/cb.o build/expr.o build/resp.o build/csvread.o \
 *      build/diag.o build/util.o -lcsv -lm
 *   (the -l and -m modes also need layout.o, eval.o, ev*.o, stat.o, doc.o:
 *   `make bench` links the library objects through build/bench/libnotat.a.)
 *
 * Three modes:
 *
 *   build/aggbench CODEBOOK DATA [REPEATS]
 * It generates no data: DATA is any response file valid for CODEBOOK. It
 * registers about 50 counters, 20 cross-tabs and a few distinct sets over the
 * codebook's variables, runs agg_run REPEATS times (default 3), and as
 * often an agg_run with nothing registered (the cost of resp_stream alone)
 * and a bare libcsv parse; prints the best time of each, rows/s and the
 * ratio agg / bare (the budget is 1.3).
 *
 *   build/bench/aggbench -l LAYOUT DATA [REPEATS [PROGRAM]]
 * The real aggregation path of a build: lay_parse and cb_load once, then per
 * run eval_new + eval_run on DATA (eval_opts.data_path), i.e. every
 * statistic, table and figure of the layout registered, one agg_run, and all
 * numbers computed. Against it, per run, a bare libcsv parse (read() of 64
 * KiB, csv_parse with counting callbacks, the reader's own strict options)
 * and resp_stream alone (agg_run with nothing registered). Runs alternate;
 * prints the medians (REPEATS, default 5) of wall time (CLOCK_MONOTONIC) and
 * CPU time, and the ratio eval / bare against the 1.3 budget. A replayed
 * file (bench/mkbig.c) scales the sample's counts, so the layout's
 * exact-count assertions may fail: those (and warnings) are counted and
 * tolerated, since they are checked after the pass and all computations
 * (eval_run then skips only building the doc); any other error stops the bench.
 * With PROGRAM, a fourth measurement alternates with them: the whole
 * program, `PROGRAM build --data DATA -o TMP LAYOUT` (fork + exec; CPU is
 * the child's user + system time, every thread), which also hashes the data
 * for the manifest; with a replayed file it stops with status 1 at the
 * failed assertions, after all the reading, hashing and computing.
 * A fifth alternates too: the SHA-256 of DATA alone (read() of 64 KiB,
 * nettle through mf_hasher), the part of the program's cost that no
 * cheaper aggregation can remove; printed as a ratio to the bare parse.
 *
 *   build/bench/aggbench -m LAYOUT DATA...
 * Peak memory: for each DATA, one forked child does the bare parse and
 * another runs the real evaluator as above; each reports
 * getrusage(RUSAGE_SELF).ru_maxrss (KiB) at its start and at its end.
 * The forks happen before the parent allocates anything large.
 */
#define _GNU_SOURCE /* wait4 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "eval.h"
#include "expr.h"
#include "layout.h"
#include "mf.h"
#include "resp.h"
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
bare_parse(const char *path, struct bare *out, int opts)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	struct csv_parser p;
	csv_init(&p, (unsigned char)opts);
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

/* The original mode: synthetic registrations over CODEBOOK. */
static int
synth_main(int argc, char **argv)
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
		if (agg_run(a, &(struct resp_in){.path = argv[2]}) != 0)
			return 1;
		t[1] = now();
		if (agg_run(empty, &(struct resp_in){.path = argv[2]}) != 0)
			return 1;
		t[2] = now();
		b = (struct bare){0};
		if (bare_parse(argv[2], &b, 0) != 0)
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

/* ================= -l and -m: the real evaluator of a layout ================= */

#define MAXREP 51
#define READER_OPTS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) /* as csvread.c */

enum { T_BARE, T_RESP, T_EVAL, T_PROG, T_HASH, T_N };
static const char *const t_name[T_N] = {"bare libcsv", "resp_stream only", "eval (real path)",
	"whole program", "SHA-256 alone"};

static double
wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
median(const double *v, int n)
{
	double s[MAXREP];
	memcpy(s, v, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The layout and codebook (loaded once) and the tolerated diagnostics of the last run. */
struct real {
	struct lay_doc *lay;
	struct codebook *cb;
	const char *layout;
	const char *data;
	const char *prog;  /* -l's PROGRAM: timed as `PROGRAM build --data DATA`, or NULL */
	double prog_cpu;   /* CPU seconds of its last run (user + system, all threads) */
	double bytes;      /* size of the data file */
	int asserts, warnings;
	size_t rows;
};

static int
real_load(struct real *r, const char *layout, const char *data)
{
	memset(r, 0, sizeof *r);
	r->layout = layout;
	r->data = data;
	struct stat st;
	r->bytes = stat(data, &st) == 0 ? (double)st.st_size : 0;
	r->lay = lay_parse(layout);
	r->cb = r->lay ? cb_load(lay_codebook_path(r->lay)) : NULL;
	return r->cb ? 0 : 1;
}

static void
real_free(struct real *r)
{
	cb_free(r->cb);
	lay_free(r->lay);
}

/* Diagnostics of one run go to memory, to be checked by quiet_end. */
static FILE *
quiet_begin(char **text, size_t *len)
{
	FILE *f = open_memstream(text, len);
	if (f == NULL)
		return NULL;
	diag_reset();
	diag_set_stream(f);
	return f;
}

/* Counts the tolerated messages (failed assertions, warnings); returns 0 if
 * all were tolerated, else prints them and returns 1. */
static int
quiet_end(FILE *f, char **textp, int *nassert, int *nwarn)
{
	diag_set_stream(NULL);
	fclose(f); /* sets *textp */
	char *text = *textp;
	int bad = 0;
	*nassert = *nwarn = 0;
	for (char *l = text; l != NULL && *l != '\0';) {
		char *e = strchr(l, '\n');
		if (e != NULL)
			*e = '\0';
		if (strstr(l, ": warning: ") != NULL)
			++*nwarn;
		else if (strstr(l, "assertion failed") != NULL)
			++*nassert;
		else
			fprintf(stderr, "aggbench: %s\n", l), bad = 1;
		l = e ? e + 1 : NULL;
	}
	free(text);
	return bad;
}

/* One eval_new + eval_run over r->data; 0 if it ran through (tolerated diagnostics only). */
static int
run_eval(struct real *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = quiet_begin(&text, &len);
	if (f == NULL)
		return 3;
	struct eval_opts eo = {.data_path = r->data};
	struct eval *e = eval_new(r->lay, r->cb, &eo);
	int st = eval_run(e);
	eval_free(e);
	int bad = quiet_end(f, &text, &r->asserts, &r->warnings);
	if (bad || st == 3 || (st == 1 && r->asserts == 0)) {
		fprintf(stderr, "aggbench: eval_run returned %d\n", st);
		return st ? st : 1;
	}
	return 0;
}

/* resp_stream alone: an agg with nothing registered. */
static int
run_resp(struct real *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = quiet_begin(&text, &len);
	if (f == NULL)
		return 3;
	struct agg *a = agg_new(r->cb);
	int st = agg_run(a, &(struct resp_in){.path = r->data});
	r->rows = agg_rows(a);
	agg_free(a);
	int na, nw;
	return quiet_end(f, &text, &na, &nw) ? 1 : st;
}

static int
run_bare(struct real *r)
{
	struct bare b = {0};
	return bare_parse(r->data, &b, READER_OPTS) ? 3 : 0;
}

/* The manifest's hash of the data alone: read() of 64 KiB and nettle's
 * SHA-256 (mf_hasher), what the program adds to reading through the tap. */
static int
run_hash(struct real *r)
{
	int fd = open(r->data, O_RDONLY);
	if (fd < 0)
		return 3;
	struct mf_hasher *h = mf_hasher_new();
	static char chunk[1 << 16];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		mf_hasher_update(h, chunk, (size_t)n);
	char hex[MF_HEX];
	mf_hasher_hex(h, hex);
	mf_hasher_free(h);
	close(fd);
	return n < 0 ? 3 : 0;
}

/* The whole program, fork + exec: `PROG build --data DATA -o TMP LAYOUT`
 * (read, hash, aggregate, compute; the replayed file fails two assertions,
 * so it stops before typesetting: status 1 is expected, more is an error). */
static int
run_prog(struct real *r)
{
	char out[] = "/tmp/notat-aggbench.XXXXXX";
	if (mkdtemp(out) == NULL)
		return 3;
	pid_t pid = fork();
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL || freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execl(r->prog, r->prog, "build", "--data", r->data, "-o", out, r->layout, (char *)NULL);
		_exit(127);
	}
	int ws = 0;
	struct rusage ru;
	int ok = pid > 0 && wait4(pid, &ws, 0, &ru) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) <= 1;
	r->prog_cpu = ok ? (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6 : 0;
	char *rm = xasprintf("rm -rf '%s'", out);
	if (system(rm) != 0)
		ok = 0;
	free(rm);
	if (!ok)
		fprintf(stderr, "aggbench: %s build failed (status 0x%x)\n", r->prog, ws);
	return ok ? 0 : 3;
}

/* Runs measurement k once; wall and CPU seconds in *w, *c. */
static int
time_one(struct real *r, int k, double *w, double *c)
{
	int (*const fn[T_N])(struct real *) = {run_bare, run_resp, run_eval, run_prog, run_hash};
	if (k == T_PROG && r->prog == NULL) {
		*w = *c = 0;
		return 0;
	}
	double w0 = wall(), c0 = now();
	int st = fn[k](r);
	*c = k == T_PROG ? r->prog_cpu : now() - c0;
	*w = wall() - w0;
	return st;
}

static void
print_times(const struct real *r, double med[T_N][2])
{
	printf("data   %s: %zu rows; layout statistics: every one of the layout "
	    "(%d failed assertion(s), %d warning(s) per eval run, tolerated)\n",
	    r->data, r->rows, r->asserts, r->warnings);
	printf("%-18s %12s %12s %14s\n", "", "wall median", "CPU median", "rows/s (wall)");
	for (int k = 0; k < T_N; k++)
		if (k != T_PROG || r->prog != NULL)
			printf("%-18s %10.3f s %10.3f s %14.0f\n", t_name[k], med[k][0], med[k][1],
			    (double)r->rows / med[k][0]);
	double rw = med[T_EVAL][0] / med[T_BARE][0], rc = med[T_EVAL][1] / med[T_BARE][1];
	printf("ratio eval/bare        %.2f wall, %.2f CPU (budget 1.30: %s)\n", rw, rc,
	    rw <= 1.3 ? "within" : "OVER");
	printf("ratio resp_stream/bare %.2f wall, %.2f CPU\n", med[T_RESP][0] / med[T_BARE][0],
	    med[T_RESP][1] / med[T_BARE][1]);
	printf("aggregation proper (eval - resp_stream) %.3f s wall, %.3f s CPU\n",
	    med[T_EVAL][0] - med[T_RESP][0], med[T_EVAL][1] - med[T_RESP][1]);
	double pw = med[T_PROG][0] / med[T_BARE][0], pc = med[T_PROG][1] / med[T_BARE][1];
	if (r->prog != NULL)
		printf("ratio program/bare     %.2f wall, %.2f CPU (the whole build, input hashing included)\n",
		    pw, pc);
	double hc = med[T_HASH][1] / med[T_BARE][1];
	printf("SHA-256 of the data alone / bare %.2f CPU (%.0f MB/s): part of the program's ratio\n", hc,
	    r->bytes / med[T_HASH][1] / 1e6);
	printf("RESULT agg rows=%zu bare=%.4f resp=%.4f eval=%.4f ratio_wall=%.3f ratio_cpu=%.3f "
	    "prog=%.4f prog_cpu=%.4f ratio_prog_wall=%.3f ratio_prog_cpu=%.3f hash_cpu=%.4f ratio_hash_cpu=%.3f\n",
	    r->rows, med[T_BARE][0], med[T_RESP][0], med[T_EVAL][0], rw, rc, med[T_PROG][0], med[T_PROG][1],
	    r->prog ? pw : 0, r->prog ? pc : 0, med[T_HASH][1], hc);
}

/* -l LAYOUT DATA [REPEATS] */
static int
layout_main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: aggbench -l LAYOUT DATA [REPEATS [PROGRAM]]\n");
		return 2;
	}
	int reps = argc > 2 ? atoi(argv[2]) : 5;
	reps = reps < 1 || reps > MAXREP ? 5 : reps;
	struct real r;
	if (real_load(&r, argv[0], argv[1]) != 0)
		return 1;
	if (argc > 3 && access(argv[3], X_OK) == 0)
		r.prog = argv[3];
	double t[T_N][2][MAXREP], med[T_N][2], w, c;
	int st = run_bare(&r); /* warm the page cache */
	for (int i = 0; i < reps && st == 0; i++)
		for (int j = 0; j < T_N && st == 0; j++) {
			int k = (i + j) % T_N; /* rotate the order */
			st = time_one(&r, k, &w, &c);
			t[k][0][i] = w, t[k][1][i] = c;
		}
	if (st == 0) {
		for (int k = 0; k < T_N; k++)
			med[k][0] = median(t[k][0], reps), med[k][1] = median(t[k][1], reps);
		printf("medians of %d alternating runs\n", reps);
		print_times(&r, med);
	}
	real_free(&r);
	return st;
}

/* ---- -m: peak RSS in forked children ---- */

struct rss {
	long records; /* bare: libcsv records (header and comment lines included) */
	long start;   /* ru_maxrss at the child's start, KiB */
	long peak;    /* ru_maxrss at its end, KiB */
	int st;
};

static long
maxrss(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* In the child: which 0 = bare parse, 1 = the real evaluator. */
static struct rss
measure(int which, const char *layout, const char *data)
{
	struct rss m = {0, maxrss(), 0, 0};
	if (which == 0) {
		struct bare b = {0};
		m.st = bare_parse(data, &b, READER_OPTS) ? 3 : 0;
		m.records = (long)b.rows;
	} else {
		struct real r;
		m.st = real_load(&r, layout, data);
		if (m.st == 0)
			m.st = run_eval(&r);
		real_free(&r);
	}
	m.peak = maxrss();
	return m;
}

static int
rss_child(int which, const char *layout, const char *data, struct rss *out)
{
	int fd[2];
	if (pipe(fd) != 0)
		return 3;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		struct rss m = measure(which, layout, data);
		ssize_t n = write(fd[1], &m, sizeof m);
		_exit(n == (ssize_t)sizeof m ? 0 : 3);
	}
	close(fd[1]);
	ssize_t n = pid > 0 ? read(fd[0], out, sizeof *out) : -1;
	close(fd[0]);
	int ws = 0;
	if (pid > 0)
		waitpid(pid, &ws, 0);
	if (n != (ssize_t)sizeof *out || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
		return 3;
	return out->st;
}

/* Number of '#' comment lines before the header of path (libcsv counts them as records). */
static long
comment_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;
	while (f != NULL && getline(&line, &cap, f) > 0 && line[0] == '#')
		n++;
	free(line);
	if (f != NULL)
		fclose(f);
	return n;
}

/* -m LAYOUT DATA... */
static int
rss_main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: aggbench -m LAYOUT DATA...\n");
		return 2;
	}
	printf("peak RSS (getrusage ru_maxrss in a forked child; KiB)\n");
	printf("%-36s %10s %14s %14s %12s\n", "data", "rows", "bare libcsv", "eval (real)", "eval start");
	long first = -1, last = 0, rec0 = 0, rec1 = 0;
	for (int i = 1; i < argc; i++) {
		struct rss b, e;
		int st = rss_child(0, argv[0], argv[i], &b);
		if (st == 0)
			st = rss_child(1, argv[0], argv[i], &e);
		if (st != 0)
			return st;
		long rows = b.records - 1 - comment_lines(argv[i]);
		printf("%-36s %10ld %14ld %14ld %12ld\n", argv[i], rows, b.peak, e.peak, e.start);
		printf("RESULT rss rows=%ld bare=%ld eval=%ld\n", rows, b.peak, e.peak);
		if (first < 0)
			first = e.peak, rec0 = rows;
		last = e.peak, rec1 = rows;
	}
	if (rec1 > rec0)
		printf("eval peak growth: %+ld KiB over %ld more rows (%.1f bytes/row)\n",
		    last - first, rec1 - rec0, 1024.0 * (double)(last - first) / (double)(rec1 - rec0));
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return layout_main(argc - 2, argv + 2);
	if (argc > 1 && strcmp(argv[1], "-m") == 0)
		return rss_main(argc - 2, argv + 2);
	return synth_main(argc, argv);
}

/* csvbench.c: times a bare libcsv parse against csv_reader_run on the same file.
 *
 * Build (from the repository root, after `make build/csvread.o build/util.o build/diag.o`):
 *   cc -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -Isrc -o build/csvbench \
 *      bench/csvbench.c build/csvread.o build/util.o build/diag.o -lcsv
 * (or `make build/bench/csvbench`). Run:  build/csvbench FILE [REPEATS]
 * e.g. on `build/mkcsv 1000000 /tmp/big.csv` (see mkcsv.c).
 * Both sides read in 64 KiB chunks with the same libcsv options; the bare side
 * only counts fields and rows, the reader side gets a no-op row callback.
 * Runs alternate; the medians of wall and CPU time (clock_gettime with
 * CLOCK_MONOTONIC and CLOCK_PROCESS_CPUTIME_ID) and the ratios reader / bare
 * are printed, and the ratio of the minimum CPU times (the most robust
 * figure on a busy machine).
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "csvread.h"
#include "diag.h"

#define CHUNK (64 * 1024)
#define MAXREP 51

struct count {
	long fields, rows;
};

static void
count_field(void *data, size_t len, void *ctx)
{
	(void)data, (void)len;
	((struct count *)ctx)->fields++;
}

static void
count_row(int c, void *ctx)
{
	(void)c;
	((struct count *)ctx)->rows++;
}

static double
now(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One timed call of f: wall and CPU seconds. */
static int
timed(int (*f)(const char *, struct count *), const char *path, struct count *n, double *wall, double *cpu)
{
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	int st = f(path, n);
	*cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	*wall = now(CLOCK_MONOTONIC) - w0;
	return st;
}

/* The bare parse; returns 0, or 3 if the file cannot be opened. */
static int
bare(const char *path, struct count *n)
{
	static char buf[CHUNK];
	struct csv_parser p;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 3;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	ssize_t k;
	while ((k = read(fd, buf, CHUNK)) > 0)
		if (csv_parse(&p, buf, (size_t)k, count_field, count_row, n) != (size_t)k)
			break;
	csv_fini(&p, count_field, count_row, n);
	csv_free(&p);
	close(fd);
	return 0;
}

static int
on_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	(void)r;
	struct count *n = ctx;
	n->rows++;
	n->fields += (long)row->n;
	return 0;
}

static int
reader(const char *path, struct count *n)
{
	struct csv_reader *r = csv_reader_new(path, 0, 0);
	if (r == NULL)
		return 3;
	int st = csv_reader_run(r, on_row, n);
	csv_reader_free(r);
	return st;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sorts v; returns its median. */
static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
report(const char *what, double *wall, double *cpu, int reps, const struct count *n)
{
	double w = median(wall, reps), c = median(cpu, reps);
	printf("%-12s: median %.3f s wall, %.3f s CPU; min %.3f s CPU  (%ld rows, %ld fields)\n", what, w, c, cpu[0],
	       n->rows, n->fields);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: csvbench FILE [REPEATS]\n");
		return 2;
	}
	int reps = argc > 2 ? atoi(argv[2]) : 7;
	if (reps < 1 || reps > MAXREP)
		reps = 7;
	double wb[MAXREP] = {0}, wr[MAXREP] = {0}, cb[MAXREP] = {0}, cr[MAXREP] = {0};
	struct count nb = {0}, nr = {0};
	for (int i = 0; i < reps; i++) {
		nb = (struct count){0}, nr = (struct count){0};
		int st = timed(bare, argv[1], &nb, &wb[i], &cb[i]);
		if (st == 0)
			st = timed(reader, argv[1], &nr, &wr[i], &cr[i]);
		if (st != 0)
			return st;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	report("bare libcsv", wb, cb, reps, &nb);
	report("csv_reader", wr, cr, reps, &nr);
	printf("ratio       : median %.3f wall, %.3f CPU; min %.3f CPU  (%d alternating runs each)\n",
	       median(wr, reps) / median(wb, reps), median(cr, reps) / median(cb, reps), cr[0] / cb[0], reps);
	printf("peak RSS    : %ld KiB (whole process)\n", ru.ru_maxrss);
	return 0;
}

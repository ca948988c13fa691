/* mkcsv.c: writes a benchmark CSV: a header and N rows of 60 numeric fields.
 *
 * Build and run (from the repository root):
 *   cc -std=c11 -O2 -Wall -Wextra -o build/mkcsv bench/mkcsv.c
 *   build/mkcsv 1000000 /tmp/big.csv
 * The output is deterministic (fixed LCG seed); about 195 bytes a row.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NFIELDS 60

static uint64_t seed = 20230901;

static unsigned
next(void)
{
	seed = seed * 6364136223846793005u + 1442695040888963407u;
	return (unsigned)(seed >> 33);
}

static void
header(FILE *f)
{
	for (int j = 0; j < NFIELDS; j++)
		fprintf(f, "%sq%d", j ? "," : "", j + 1);
	fputc('\n', f);
}

static void
row(FILE *f)
{
	for (int j = 0; j < NFIELDS; j++)
		fprintf(f, "%s%u", j ? "," : "", next() % (j % 3 == 0 ? 1000 : 100));
	fputc('\n', f);
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: mkcsv ROWS FILE\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	FILE *f = fopen(argv[2], "w");
	if (f == NULL) {
		perror(argv[2]);
		return 3;
	}
	header(f);
	for (long i = 0; i < n; i++)
		row(f);
	if (fclose(f) != 0) {
		perror(argv[2]);
		return 3;
	}
	return 0;
}

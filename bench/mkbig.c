/* mkbig.c: writes an N-row response file by replaying the rows of a sample file with fresh unique ids.
 *
 * Build and run (from the repository root; `make bench` does both):
 *   cc -std=c11 -O2 -Wall -Wextra -o build/bench/mkbig bench/mkbig.c
 *   build/bench/mkbig [-C] 1000000 /tmp/notat-big-1000000.csv [SAMPLE]
 * SAMPLE defaults to layouts/brugerundersoegelse-2023/svar.csv. The output
 * keeps the sample's leading '#' comment lines (resp_stream opens responses
 * with CSV_READ_COMMENTS), unless -C drops them (for readers opened without
 * that flag, e.g. bench/csvbench.c), and its header, then cycles through the sample's
 * data rows in order, replacing the `id` column by "B" and 8 digits
 * (B00000001, ...): ids are unique and ascending, like a sorted export, so
 * the file stays valid against the sample's codebook. Deterministic. The
 * sample must be unquoted (the generated svar.csv is) and ',' or ';'
 * separated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SAMPLE "layouts/brugerundersoegelse-2023/svar.csv"

struct sample {
	char **row;     /* data rows without their line end */
	size_t n, cap;
	int delim;
	int idcol;      /* index of the "id" column */
};

/* Strips the line end (LF or CRLF) of s in place. */
static void
chomp(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* Index of the column called "id" in header line h, or -1. */
static int
find_id(const char *h, int delim)
{
	int col = 0;
	for (const char *p = h;; col++) {
		const char *e = strchr(p, delim);
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 2 && memcmp(p, "id", 2) == 0)
			return col;
		if (e == NULL)
			return -1;
		p = e + 1;
	}
}

static void
add_row(struct sample *s, const char *line)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 512;
		s->row = realloc(s->row, s->cap * sizeof *s->row);
		if (s->row == NULL) {
			perror("mkbig");
			exit(3);
		}
	}
	s->row[s->n++] = strdup(line);
}

/* Reads the sample: comments (unless drop) and header go straight to out, rows into s. */
static int
read_sample(const char *path, struct sample *s, FILE *out, int drop)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		perror(path);
		return 3;
	}
	static char line[1 << 16];
	int header = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		chomp(line);
		if (!header && line[0] == '#') {
			if (!drop)
				fprintf(out, "%s\n", line);
			continue;
		}
		if (!header) {
			header = 1;
			s->delim = strchr(line, ';') && !strchr(line, ',') ? ';' : ',';
			s->idcol = find_id(line, s->delim);
			fprintf(out, "%s\n", line);
		} else if (line[0] != '\0')
			add_row(s, line);
	}
	fclose(f);
	if (s->idcol < 0 || s->n == 0) {
		fprintf(stderr, "mkbig: %s: no \"id\" column or no data rows\n", path);
		return 1;
	}
	return 0;
}

/* Writes row r with its id field replaced by a fresh id for number k. */
static void
put_row(FILE *out, const char *r, int delim, int idcol, long k)
{
	const char *p = r;
	for (int c = 0; c < idcol && p != NULL; c++)
		p = (p = strchr(p, delim)) ? p + 1 : NULL;
	if (p == NULL) { /* a short row: leave it as it is (the reader will say so) */
		fprintf(out, "%s\n", r);
		return;
	}
	const char *e = strchr(p, delim);
	fwrite(r, 1, (size_t)(p - r), out);
	fprintf(out, "B%08ld", k);
	fputs(e ? e : "", out);
	fputc('\n', out);
}

int
main(int argc, char **argv)
{
	int drop = argc > 1 && strcmp(argv[1], "-C") == 0;
	argc -= drop, argv += drop;
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: mkbig [-C] ROWS OUT [SAMPLE]\n");
		return 2;
	}
	long n = strtol(argv[1], NULL, 10);
	if (n < 0 || n > 99999999) {
		fprintf(stderr, "mkbig: ROWS must be 0..99999999\n");
		return 2;
	}
	FILE *out = fopen(argv[2], "w");
	if (out == NULL) {
		perror(argv[2]);
		return 3;
	}
	struct sample s = {0};
	int st = read_sample(argc > 3 ? argv[3] : DEFAULT_SAMPLE, &s, out, drop);
	for (long k = 0; st == 0 && k < n; k++)
		put_row(out, s.row[(size_t)k % s.n], s.delim, s.idcol, k + 1);
	if (fclose(out) != 0 && st == 0) {
		perror(argv[2]);
		st = 3;
	}
	for (size_t i = 0; i < s.n; i++)
		free(s.row[i]);
	free(s.row);
	if (st != 0)
		remove(argv[2]);
	return st;
}

/* csvread.h: strict, streaming CSV reader on libcsv with line/column positions.
 *
 * Contract: reads a UTF-8 CSV file in fixed-size chunks (never the whole file),
 * strips a UTF-8 BOM, accepts LF and CRLF, detects the delimiter (',' or ';')
 * from the header line unless one is forced, and rejects invalid UTF-8.
 * Errors are reported through diag() as FILE:LINE:COL and end the run.
 * Named csvread (not csv) so that it does not shadow libcsv's <csv.h>.
 */
#ifndef NOTAT_CSVREAD_H
#define NOTAT_CSVREAD_H

#include <stddef.h>

#include "util.h"

/* Flags for csv_reader_new. */
#define CSV_READ_COMMENTS 0x1 /* skip lines starting with '#' before the header */

/* One parsed row, valid only during the row callback. */
struct csv_row {
	size_t n;          /* number of fields */
	char **field;      /* field[i]: NUL-terminated valid UTF-8, owned by the reader */
	size_t *len;       /* len[i]: byte length of field[i] */
	long line;         /* 1-based line on which the row starts */
	long index;        /* 0 for the header row, then 1, 2, ... */
};

struct csv_reader;

/* Row callback: return 0 to go on, nonzero to stop the run (that value is
 * returned by csv_reader_run). */
typedef int (*csv_row_fn)(void *ctx, struct csv_reader *r, const struct csv_row *row);

/* Opens path. delim is ',' or ';' to force it, or 0 to detect it from the
 * header line. Returns NULL after diag(M_IO_OPEN) if the file cannot be
 * opened. Owned by the caller; free with csv_reader_free. */
struct csv_reader *csv_reader_new(const char *path, int delim, unsigned flags);

/* Parses the whole file, calling fn for every row including the header
 * (index 0). A data row with a field count different from the header's is
 * an error. Returns 0 at the end of the file, 1 after an input error (already
 * reported), 3 after an I/O error, or the callback's nonzero value. */
int csv_reader_run(struct csv_reader *r, csv_row_fn fn, void *ctx);

/* Position (file:line:col, col in code points) of field i of the row being
 * delivered; only valid inside the callback. May be computed lazily. */
struct pos csv_reader_pos(struct csv_reader *r, size_t i);

/* The delimiter in use (after detection). */
int csv_reader_delim(const struct csv_reader *r);

/* The interned file name, as used in positions. */
const char *csv_reader_file(const struct csv_reader *r);

/* Frees r; accepts NULL. */
void csv_reader_free(struct csv_reader *r);

#endif

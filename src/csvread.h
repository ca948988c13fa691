/* csvread.h: strict, streaming CSV reader on libcsv with line/column positions.
 *
 * Contract: reads a CSV file in fixed-size chunks (never the whole file),
 * UTF-8 by default (a UTF-16 byte-order mark switches to UTF-16), or in a
 * set encoding converted to UTF-8 by iconv while reading; positions stay
 * those of the original file. Strips a UTF-8 BOM, accepts LF and CRLF,
 * detects the delimiter (',', ';' or tab) from the header line unless one
 * is forced, accepts a delimiter at the end of every line (the header's
 * empty last field is then not a column), and rejects invalid UTF-8 (with
 * a hint naming the likely encoding). A row is at most CSV_MAX_ROW bytes.
 * Errors are reported through diag() as FILE:LINE:COL and end the run.
 * libcsv parses the lines with a quote and the rows over several lines; a
 * plain line is split by the reader itself, with the same result (fields,
 * callbacks, positions, messages), checked against libcsv by
 * tests/fuzz/fuzz_csvdiff.c (CSV_READ_LIBCSV turns the fast path off).
 * Named csvread (not csv) so that it does not shadow libcsv's <csv.h>.
 */
#ifndef NOTAT_CSVREAD_H
#define NOTAT_CSVREAD_H

#include <stddef.h>

#include "util.h"

/* Longest row, in bytes after conversion to UTF-8: a longer one is a
 * positioned error (memory and time per row stay bounded). */
#define CSV_MAX_ROW (1 << 20)

/* Flags for csv_reader_new. */
#define CSV_READ_COMMENTS 0x1 /* skip lines starting with '#' before the header */
#define CSV_READ_SKIP_EMPTY 0x2 /* field mode: empty data fields are not delivered */
#define CSV_READ_LIBCSV 0x4 /* for tests: every line through libcsv (no fast path for plain lines) */

/* One parsed row, valid only during the row callback. In field mode
 * (csv_reader_run_fields) the data rows' field and len are NULL. */
struct csv_row {
	size_t n;          /* number of fields */
	char **field;      /* field[i]: NUL-terminated valid UTF-8, owned by the reader */
	size_t *len;       /* len[i]: byte length of field[i] */
	long line;         /* 1-based line on which the row starts */
	long index;        /* 0 for the header row, then 1, 2, ... */
};

struct csv_reader;

/* A tap on the raw bytes of a reader's file: fn(ctx, bytes, n) gets every
 * byte of the file once, in order, as read (before any check), and a last
 * call with n == 0 when the end of the file is reached (not if the run stops
 * earlier). It lets a caller hash the file without reading it twice. */
typedef void (*csv_tap_fn)(void *ctx, const void *bytes, size_t n);
struct csv_tap {
	csv_tap_fn fn;
	void *ctx;
};

/* Row callback: return 0 to go on, nonzero to stop the run (that value is
 * returned by csv_reader_run). */
typedef int (*csv_row_fn)(void *ctx, struct csv_reader *r, const struct csv_row *row);

/* Field callback of csv_reader_run_fields: field col (0-based) of the data
 * row being read, s[0..len) followed by a NUL, valid UTF-8; s is libcsv's
 * buffer, valid only during the call. Return 0 to go on, nonzero to stop the
 * run (that value is returned by csv_reader_run_fields). */
typedef int (*csv_field_fn)(void *ctx, size_t col, const char *s, size_t len);

/* Opens path. delim is ',', ';' or '\t' to force it, or 0 to detect it from the
 * header line. Returns NULL after diag(M_IO_OPEN) if the file cannot be
 * opened. Owned by the caller; free with csv_reader_free. */
struct csv_reader *csv_reader_new(const char *path, int delim, unsigned flags);

/* Whether name is a supported encoding (case-insensitive): utf-8,
 * windows-1252 (cp1252), iso-8859-1 (latin1), utf-16 (with its BOM),
 * utf-16le, utf-16be. */
int csv_encoding_known(const char *name);

/* Sets the file's encoding before the run: NULL or "utf-8" for the default,
 * else a name csv_encoding_known accepts. Returns 0, or -1 if unknown. */
int csv_reader_set_encoding(struct csv_reader *r, const char *name);

/* Parses the whole file, calling fn for every row including the header
 * (index 0). A data row with a field count different from the header's is
 * an error. Returns 0 at the end of the file, 1 after an input error (already
 * reported), 3 after an I/O error, or the callback's nonzero value. */
int csv_reader_run(struct csv_reader *r, csv_row_fn fn, void *ctx);

/* Field mode: like csv_reader_run, with the same checks, messages and
 * statuses, but without copying the data rows. The header row (index 0)
 * goes whole to on_header. Each data field then goes to on_field as libcsv
 * ends it, then on_row_end gets the row (n fields, line, index; field and
 * len NULL). Fields beyond the header's count are not delivered: the row is
 * ragged, and that is reported before on_row_end would be called, as is a
 * row with too few fields. A row's fields may thus have been delivered
 * before an error (ragged, quote, end of file) ends the run: a caller that
 * reports per field should hold its messages until on_row_end. With
 * CSV_READ_SKIP_EMPTY, on_field is called only for the fields that are not
 * empty (in column order still): most cells of a survey are empty. */
int csv_reader_run_fields(struct csv_reader *r, csv_row_fn on_header,
    csv_field_fn on_field, csv_row_fn on_row_end, void *ctx);

/* Sets (tap != NULL, copied) or clears the tap; call before running r. */
void csv_reader_tap(struct csv_reader *r, const struct csv_tap *tap);

/* Position (file:line:col, col in code points) of field i of the row being
 * delivered; valid inside the row callbacks, and inside on_field for the
 * fields delivered so far. May be computed lazily. */
struct pos csv_reader_pos(struct csv_reader *r, size_t i);

/* The delimiter in use (after detection). */
int csv_reader_delim(const struct csv_reader *r);

/* The interned file name, as used in positions. */
const char *csv_reader_file(const struct csv_reader *r);

/* Frees r; accepts NULL. */
void csv_reader_free(struct csv_reader *r);

#endif

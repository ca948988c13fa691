/* resp.h: streams the response file as coded rows, validated against the codebook.
 *
 * Contract: resp_stream reads the response file through insrc (CSV with
 * csvread, SPSS/Stata/SAS with rsread; in field mode: each cell is converted
 * straight from the reader's buffer), checks the header against
 * the codebook (unknown or missing columns), converts each cell to its integer
 * code (CB_MISSING when empty; muni -> index into cb->munis; id -> row number),
 * fills derived variables, validates (unknown code, answer to a question not
 * asked, duplicate id, unknown municipality) and calls fn once per row.
 * A row's messages come at the end of the row, in column order.
 *
 * Memory: constant in the number of rows when the ids arrive in increasing
 * order (shorter ids first, then by bytes; the usual sorted export): such
 * ids cannot repeat, so only the previous id is kept. When an id arrives out
 * of order, the duplicate check is deferred: after a main pass that read the
 * whole file without other trouble, a second pass reads the file again and
 * keeps a hash and the first line of every id of that column (memory grows
 * with the rows only then). Each duplicate is reported at its cell, naming
 * the first line, after the main pass's messages; fn has then been called
 * for every row, and the status is 1.
 */
#ifndef NOTAT_RESP_H
#define NOTAT_RESP_H

#include "respin.h"
#include "util.h"

struct codebook;

struct csv_tap;
struct edmap;

/* Texts kept while streaming: for each variable v with want[v] set (a text
 * variable), every non-empty cell is appended to s and the row value is
 * its index + 1 (instead of 1). Memory grows with the texts kept; only the
 * variables an appendix lists are wanted. */
struct resp_texts {
	const unsigned char *want; /* [cb->nvars], borrowed */
	char **s;                  /* owned by the caller of resp_stream_in */
	size_t n, cap;
};


/* Called once per data row: row has cb->nvars ints; line is the CSV line
 * (the case number for SPSS, Stata and SAS files). */
typedef void (*resp_row_fn)(void *ctx, const int *row, long line);

/* delim: 0 to detect, or ',' / ';' / '\t'. Returns 0 on success, 1 if the data were
 * invalid (errors reported; warnings alone return 0), 3 on I/O failure. */
int resp_stream(const struct codebook *cb, const char *path, int delim,
    resp_row_fn fn, void *ctx);

/* Like resp_row_fn, with the variables that may be answered in the row:
 * every variable not among set[0..nset) is CB_MISSING in row (one in set
 * may be CB_MISSING too, e.g. after a bad cell). */
typedef void (*resp_rowset_fn)(void *ctx, const int *row, const int *set,
    size_t nset, long line);

/* resp_stream with a resp_rowset_fn. */
int resp_stream_set(const struct codebook *cb, const char *path, int delim,
    resp_rowset_fn fn, void *ctx);

/* resp_stream_set with a tap on the raw bytes of the one reading of path
 * (csvread.h; tap may be NULL). A second pass over the ids is not tapped. */
int resp_stream_tap(const struct codebook *cb, const char *path, int delim,
    resp_rowset_fn fn, void *ctx, const struct csv_tap *tap);

/* resp_stream_set for the input in (borrowed). */
int resp_stream_in(const struct codebook *cb, const struct resp_in *in,
    resp_rowset_fn fn, void *ctx);

#endif

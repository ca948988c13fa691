/* resp.h: streams the response file as coded rows, validated against the codebook.
 *
 * Contract: resp_stream reads the CSV with csvread, checks the header against
 * the codebook (unknown or missing columns), converts each cell to its integer
 * code (CB_MISSING when empty; muni -> index into cb->munis; id -> row number),
 * fills derived variables, validates (unknown code, answer to a question not
 * asked, duplicate id, unknown municipality) and calls fn once per row.
 * Memory does not grow with the number of rows (ids are kept in a hash set
 * of their hashes and first lines only).
 */
#ifndef NOTAT_RESP_H
#define NOTAT_RESP_H

#include "util.h"

struct codebook;

/* Called once per data row: row has cb->nvars ints; line is the CSV line. */
typedef void (*resp_row_fn)(void *ctx, const int *row, long line);

/* delim: 0 to detect, or ',' / ';'. Returns 0 on success, 1 if the data were
 * invalid (errors reported; warnings alone return 0), 3 on I/O failure. */
int resp_stream(const struct codebook *cb, const char *path, int delim,
    resp_row_fn fn, void *ctx);

#endif

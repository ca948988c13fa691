/* insrc.h: the response file as a source of rows, whatever its format.
 *
 * Contract: insrc_open picks the reader for a response file: libreadstat
 * (rsread.h) for SPSS, Stata and SAS files named by their extension, the
 * CSV reader (csvread.h) for everything else. It looks at the first bytes
 * of a regular file first, so that a file in another format is a clear
 * error instead of a CSV message about NUL bytes: an Excel workbook (ZIP
 * or OLE2 container), or statistics data under another extension. The
 * run, position and name functions then dispatch to that reader, with the
 * callbacks of csvread.h (their csv_reader argument is NULL for rsread).
 */
#ifndef NOTAT_INSRC_H
#define NOTAT_INSRC_H

#include "csvread.h"

struct resp_in;
struct insrc;

/* Opens in->path (in is borrowed; its delim, encoding and tap apply to
 * CSV) with csvread's flags. Returns the source, or NULL after a reported
 * error with *status 1 (wrong format, unknown encoding) or 3 (cannot
 * open). Free with insrc_free. */
struct insrc *insrc_open(const struct resp_in *in, unsigned flags, int *status);

/* As csv_reader_run_fields / csv_reader_run. */
int insrc_run_fields(struct insrc *s, csv_row_fn on_header, csv_field_fn on_field,
    csv_row_fn on_row_end, void *ctx);
int insrc_run(struct insrc *s, csv_row_fn fn, void *ctx);

/* Position of value i of the row being delivered (csv_reader_pos, rsread_pos). */
struct pos insrc_pos(struct insrc *s, size_t i);

/* The interned file name. */
const char *insrc_file(const struct insrc *s);

/* The CSV delimiter in use, or 0 for other formats. */
int insrc_delim(const struct insrc *s);

/* Frees s; accepts NULL. */
void insrc_free(struct insrc *s);

#endif

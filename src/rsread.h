/* rsread.h: SPSS, Stata and SAS data files through libreadstat, one case at a time.
 *
 * Contract: reads a .sav/.zsav or .por (SPSS), .dta (Stata) or .sas7bdat
 * (SAS) file with libreadstat's streaming parser and delivers it through the
 * same callbacks as csvread (csvread.h): a header row of variable names
 * (index 0, line 0), then one row per case. Only the current case is held:
 * memory is flat in the number of cases. Each value arrives as text:
 * numbers that are whole as integers ("7", never "7.000000"), other numbers
 * in the shortest form that reads back exactly, system-missing and
 * user-missing values as empty, strings as UTF-8 text, dates and date-times
 * (by the variable's display format) as ISO text ("2023-05-17",
 * "2023-05-17 13:45:00"). The csv_reader argument of the row callbacks is
 * NULL. Positions are FILE:CASE:N, N the variable's 1-based number (the
 * header: FILE alone). A file libreadstat cannot read is an error naming
 * the file.
 */
#ifndef NOTAT_RSREAD_H
#define NOTAT_RSREAD_H

#include <stddef.h>

#include "cbgen.h"
#include "csvread.h"
#include "util.h"

/* The file formats, and NONE for anything else. */
enum rsread_kind { RSREAD_NONE, RSREAD_SAV, RSREAD_POR, RSREAD_DTA, RSREAD_SAS };

/* The kind by the file name's extension (case-insensitive): .sav and .zsav,
 * .por, .dta, .sas7bdat. */
enum rsread_kind rsread_kind_of_name(const char *path);

/* The kind by the first n bytes of a file (its magic number): .sav/.zsav,
 * .dta of format 117 on, .sas7bdat; NONE when they say nothing. */
enum rsread_kind rsread_kind_of_bytes(const unsigned char *b, size_t n);

/* A description for messages: "SPSS (.sav)", ... */
const char *rsread_kind_name(enum rsread_kind k);

struct rsread;

/* Prepares to read path as kind (not NONE). flags: CSV_READ_SKIP_EMPTY
 * (field mode: empty values are not delivered). Cannot fail; the file is
 * opened by the run. Owned by the caller; free with rsread_free. */
struct rsread *rsread_new(const char *path, enum rsread_kind kind, unsigned flags);

/* Row mode, as csv_reader_run: every row, the header first. Returns 0, 1
 * after an input error (reported), 3 if the file cannot be opened, or the
 * callback's nonzero value. */
int rsread_run(struct rsread *r, csv_row_fn fn, void *ctx);

/* Field mode, as csv_reader_run_fields. */
int rsread_run_fields(struct rsread *r, csv_row_fn on_header, csv_field_fn on_field,
    csv_row_fn on_row_end, void *ctx);

/* Position of value i of the case being delivered (FILE:CASE:i+1), or of
 * the file during the header. */
struct pos rsread_pos(const struct rsread *r, size_t i);

/* The interned file name. */
const char *rsread_file(const struct rsread *r);

/* Frees r; accepts NULL. */
void rsread_free(struct rsread *r);

/* ---- metadata, for writing a codebook (cbgen.h) ---- */

/* The columns of path as cbgen describes them: names, variable labels,
 * formats, measures and value labels from the file, and a summary of the
 * values from one streaming pass (uniqueness is checked for text and
 * unlabelled numeric columns, up to RSREAD_UNIQUE values in all). Returns
 * 0 and the array in *cols (n in *n; free with cbgen_cols_free), or 1/3
 * after a reported error. */
#define RSREAD_UNIQUE (1L << 22)
int rsread_describe(const char *path, enum rsread_kind kind, struct cbgen_col **cols, size_t *n);

#endif

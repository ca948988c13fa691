/* cbgen.h: writes a starter codebook from descriptions of a data file's columns.
 *
 * Contract: cbgen_write turns column descriptions (name, question text,
 * value labels, measurement level and a summary of the values; filled by
 * rsread_describe for SPSS/Stata/SAS files, or by any reader that inspects
 * a CSV) into the text of a codebook in the format of layouts/codebook.md:
 * every column typed (id, single, scale, multi, number, text), value labels
 * as codes with keys made from the labels (ASCII-folded: æ->ae, ø->oe,
 * å->aa; letters, digits and '_'; unique within their list), one shared
 * `codes` list for columns with identical labels, and batteries for runs
 * of adjacent columns of one kind whose names share a prefix before their
 * last '_'; items of a battery whose texts share a beginning that ends
 * in punctuation and a space ("Which do you use? Courses") get the rest
 * as their label ("Courses"). The analyst edits the result; it is never a
 * finished codebook (no filters).
 */
#ifndef NOTAT_CBGEN_H
#define NOTAT_CBGEN_H

#include <stddef.h>
#include <stdint.h>

#define CBGEN_DISTINCT 64 /* distinct values counted per column, at most */

/* A value label. */
struct cbgen_label {
	double value;
	char *text; /* UTF-8 */
};

/* One column: what the file says and what its values show. */
struct cbgen_col {
	char *name;
	char *label;        /* question text (variable label), "" if none */
	char *format;       /* display format ("F8.2", "DATE11", "%td"), "" if none */
	int is_string;      /* text values; else numbers */
	int measure;        /* 0 unknown, 1 nominal, 2 ordinal, 3 scale */
	int is_date;        /* numbers shown as dates */
	char *labelset;     /* the value-label set's name in the file, or NULL */
	struct cbgen_label *labels; /* value labels, in the file's order */
	size_t nlabels;
	long nvalid;        /* values present */
	long nmissing;      /* values missing (empty, system- or user-missing) */
	int all_int;        /* every number is whole */
	int maxdec;         /* most decimals of a number, at most 6 */
	double min, max;    /* of the numbers */
	long ndistinct;     /* distinct values, counted up to CBGEN_DISTINCT + 1 */
	double distinct[CBGEN_DISTINCT]; /* the first of them (numbers) */
	int unique;         /* no value repeats (checked up to a bound; 0 if unknown) */
	size_t maxlen;      /* longest text value, bytes */
};

/* The codebook text for the n columns (borrowed), with title (and a
 * comment naming source, e.g. the file). Returns a malloc'd string. */
char *cbgen_write(const char *title, const char *source, const struct cbgen_col *cols, size_t n);

/* A key made from a label: ASCII-folded, lower case, words joined by '_',
 * at most three words and 24 bytes, starting with a letter ("k" prefixed
 * otherwise; "k" alone for an empty label). Returns a malloc'd string. */
char *cbgen_key(const char *label);

/* Frees n columns (their strings and labels) and the array; accepts NULL. */
void cbgen_cols_free(struct cbgen_col *cols, size_t n);

/* Counts number v among c's distinct values: ndistinct up to
 * CBGEN_DISTINCT + 1 (more than the list holds), the first CBGEN_DISTINCT
 * kept in distinct[]. */
void cbgen_note_distinct(struct cbgen_col *c, double v);

/* Whether one column's values are unique, told by 64-bit hashes of their
 * text (a collision can only make a unique column look repeated, never the
 * reverse). Zero-initialise; `off` may be set beforehand for a column that
 * is no candidate. */
struct cbgen_uniq {
	uint64_t *slot;    /* 0 = empty */
	size_t n, cap;
	int off;           /* no candidate, a repeat seen, or the bound hit */
};
/* Notes value text t (n bytes). Returns 0 when the column is not unique (a
 * repeat) or no longer checked because *used reached max (hashes kept in all
 * columns, incremented here); the set is then freed and stays off. */
int cbgen_uniq_note(struct cbgen_uniq *u, const char *t, size_t n, long *used, long max);
/* Frees u's hashes (u itself is the caller's). */
void cbgen_uniq_free(struct cbgen_uniq *u);

#endif

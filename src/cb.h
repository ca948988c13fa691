/* cb.h: the codebook (variables, codes, filters) and the municipality table.
 *
 * Contract: cb_load parses the codebook format of layouts/codebook.md and the
 * municipality CSV it names, reporting FILE:LINE:COL errors through diag().
 * The result is read-only for later stages and lives until cb_free.
 */
#ifndef NOTAT_CB_H
#define NOTAT_CB_H

#include <stddef.h>

#include "util.h"

struct expr; /* expr.h */

enum cb_type { CB_ID, CB_MUNI, CB_SINGLE, CB_SCALE, CB_MULTI, CB_NUMBER, CB_TEXT };

#define CB_MISSING (-2147483647 - 1) /* INT32_MIN: an empty cell */

struct cb_code {
	int value;          /* the integer in the data */
	char *key;          /* short key used in expressions, e.g. "BI" */
	char *label;        /* Danish label for tables and figures */
	char *short_label;  /* for narrow places (`short "..."`), or NULL */
};

/* A bin of a derived variable (`var NAME derive SRC: SPEC = KEY "LABEL", ...`):
 * the source's row values lo..hi (a number source, scaled), or the values
 * vals (a coded source). Bin i is code value i + 1 of the derived variable. */
struct cb_bin {
	int lo, hi;
	int *vals;          /* owned; NULL for a range */
	size_t nvals;
};

struct cb_var {
	char *name;         /* column name */
	enum cb_type type;
	char *text;         /* the question text; never NULL ("" if absent) */
	char *label;        /* short label; never NULL (defaults to text) */
	char *battery;      /* battery name or NULL */
	struct cb_code *codes; /* for single/scale/multi; owned */
	size_t ncodes;
	struct expr *ask;   /* filter, or NULL = asked of everybody */
	int column;         /* index of the column in the response file, -1 if derived */
	int derived_from;   /* for derived V.region / V.menapt: index of V, else -1 */
	int decimals;       /* number: the row holds value * 10^decimals (0..6) */
	char decimal_mark;  /* number: ',' or '.' as declared, 0 = either */
	char *unit;         /* number: printed after its statistics ("år"), or NULL */
	struct cb_bin *bins;/* derived by `derive`: from vars[derived_from]; owned */
	size_t nbins;
	struct pos pos;     /* where it is declared */
};

struct cb_muni {
	char *name;
	int region;         /* code value in the "region" code list */
	long menapt;        /* MENAPT immigrants and descendants (illustrative) */
	struct pos pos;
};

struct codebook {
	char *title;
	const char *path;       /* interned path of the codebook file */
	const char *muni_path;  /* interned path of the municipality table */
	struct cb_var *vars;    /* declared variables, then derived ones */
	size_t nvars;           /* all variables, derived included */
	size_t ncolumns;        /* declared variables = columns of the data */
	struct cb_muni *munis;
	size_t nmunis;
	int weight;             /* the weight variable (`weight VAR`), or -1 */
	char **ignore;          /* `ignore` names and patterns (fnmatch) of data
	                         * columns that are not variables */
	size_t nignore;
	int ignore_undeclared;  /* `ignore-undeclared`: every other undeclared
	                         * column is skipped, with one warning */
	size_t edition;         /* 1 + the index of the variable `edition`
	                         * (cb_add_editions), 0 if none */
};

/* Loads a codebook and its municipality table. Returns NULL after reporting
 * errors. Owned by the caller; free with cb_free. */
struct codebook *cb_load(const char *path);
void cb_free(struct codebook *cb);

/* Adds the derived single variable `edition` (last), one code per edition:
 * value i + 1, key label[i] (prefixed "e" when it starts with a digit: 2023
 * -> e2023), label label[i]. Its row value is the resp_in's edition (resp.h),
 * the number of the file the row came from. Returns 0, or -1 if the codebook
 * has a variable called `edition` already (nothing added). */
int cb_add_editions(struct codebook *cb, const char *const *label, size_t n);
/* Index of the variable called name, or -1. */
int cb_var_find(const struct codebook *cb, const char *name);
/* The code of var v with the given key (or decimal value), or NULL. */
const struct cb_code *cb_code_find(const struct cb_var *v, const char *key);
/* The code of var v with the given value, or NULL. */
const struct cb_code *cb_code_by_value(const struct cb_var *v, int value);
/* Index of the municipality called name, or -1. */
int cb_muni_find(const struct codebook *cb, const char *name);
/* x (a value in the units of number variable v) scaled to v's row values,
 * x * 10^decimals; 0 if that is out of the range of a row value. */
int cb_scale(const struct cb_var *v, long long x, int *out);
/* Whether data column name is to be skipped (`ignore`). */
int cb_ignored(const struct codebook *cb, const char *name);
/* The code value of derived variable v for source row value x (CB_MISSING
 * when x is missing or in no bin). */
int cb_bin_of(const struct cb_var *v, int x);
/* Fills the derived variables of row (cb->nvars values) from its declared
 * ones; `edition` gets edition (1 + the file's index; 0: missing). */
void cb_derive(const struct codebook *cb, int *row, int edition);
/* The name of a type ("single", ...). */
const char *cb_type_name(enum cb_type t);

#endif

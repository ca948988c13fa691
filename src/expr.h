/* expr.h: boolean filter expressions over coded response rows.
 *
 * Contract: ex_parse compiles the syntax of layouts/codebook.md against a
 * codebook; names resolve to variable indices at parse time, so evaluation
 * is a tree walk over integers with no string work. Used by the codebook
 * (ask filters) and by layouts (populations).
 */
#ifndef NOTAT_EXPR_H
#define NOTAT_EXPR_H

#include "util.h"

struct codebook;
struct expr;

/* Resolves a bare NAME that is not a variable (a named population in a
 * layout). Returns the expression it stands for (not owned by the tree), or
 * NULL if unknown. May be NULL: then bare names are errors. */
typedef const struct expr *(*ex_name_fn)(void *ctx, const char *name);

/* Parses s, which starts at position at (used for error columns). Returns
 * NULL after reporting FILE:LINE:COL errors. Owned by the caller. */
struct expr *ex_parse(const struct codebook *cb, const char *s, struct pos at,
    ex_name_fn names, void *ctx);
void ex_free(struct expr *e);

/* Evaluates e on a row: row[i] is the value of variable i of the codebook
 * (CB_MISSING when empty), including derived variables. */
int ex_eval(const struct expr *e, const int *row);

/* Writes a canonical text form of e (for dumps and the audit trail). */
void ex_print(const struct expr *e, const struct codebook *cb, struct buf *out);

#endif

/* expr.h: boolean filter expressions over coded response rows.
 *
 * Contract: ex_parse compiles the syntax of layouts/codebook.md against a
 * codebook; names resolve to variable indices at parse time, so evaluation
 * is a tree walk over integers with no string work. Used by the codebook
 * (ask filters) and by layouts (populations).
 */
#ifndef NOTAT_EXPR_H
#define NOTAT_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct codebook;
struct expr;

/* Resolves a bare NAME that is not a variable (a named population in a
 * layout). Returns the expression it stands for (not owned by the tree), or
 * NULL if unknown. May be NULL: then bare names are errors. */
typedef const struct expr *(*ex_name_fn)(void *ctx, const char *name);

/* Nesting of "(", "!" and "not" allowed in one expression (the parser and
 * the evaluators recurse once per level). */
enum { EX_MAX_DEPTH = 200 };
/* Populations defined through populations: at most this many levels (the
 * evaluators recurse through named populations). */
enum { EX_MAX_REFDEPTH = 1000 };

/* Parses s, which starts at position at (used for error columns). Returns
 * NULL after reporting FILE:LINE:COL errors. Owned by the caller. */
struct expr *ex_parse(const struct codebook *cb, const char *s, struct pos at,
    ex_name_fn names, void *ctx);
void ex_free(struct expr *e);
/* The expression "*" (true on every row); static, never freed. */
const struct expr *ex_everybody(void);

/* Evaluates e on a row: row[i] is the value of variable i of the codebook
 * (CB_MISSING when empty), including derived variables. */
int ex_eval(const struct expr *e, const int *row);

/* Sets mark[v] for every variable v that e tests (through named
 * populations too); mark has one entry per variable. e may be NULL. */
void ex_vars(const struct expr *e, unsigned char *mark);

/* Whether e can hold on some row whose variable var has the value x (the
 * other variables free): 0 only when no such row satisfies e. A sound
 * over-approximation (each test of another variable may go either way);
 * exact for conjunctions and disjunctions of tests of var. NULL: 1. */
int ex_may_hold(const struct expr *e, int var, int x);

/* Writes a canonical text form of e (for dumps and the audit trail). */
void ex_print(const struct expr *e, const struct codebook *cb, struct buf *out);

/* A program: the distinct sub-expressions of many expressions, evaluated all
 * at once per row. Expressions are interned by structure (named populations
 * inlined, the operands of & and | unordered), so separately parsed copies
 * of one expression, or a name and its definition, share one slot. Slot 0
 * is the constant "true" (the NULL expression). A slot's children come
 * before it, so one forward sweep evaluates every slot. */
struct ex_prog;

/* A new empty program (slot 0 only); free with ex_prog_free. */
struct ex_prog *ex_prog_new(void);
void ex_prog_free(struct ex_prog *p); /* accepts NULL */
/* The slot of e (added if new); 0 for NULL. e is not kept. */
int ex_prog_add(struct ex_prog *p, const struct expr *e);
/* Number of slots (at least 1). */
size_t ex_prog_size(const struct ex_prog *p);
/* Sets val[s] to the value (0/1) of every slot s on row; val has
 * ex_prog_size entries. Equals ex_eval of every added expression. */
void ex_prog_run(const struct ex_prog *p, const int *row, unsigned char *val);

/* Rows per block of ex_prog_run_block: the bits of one uint64_t. */
#define EX_BLOCK 64

/* Evaluates every slot on a block of n rows (1 <= n <= EX_BLOCK): row r is
 * rows + r * stride. Sets bit r of mask[s] to the value of slot s on row r;
 * bits n and up are 0. mask has ex_prog_size entries. Equals ex_prog_run
 * row by row. */
void ex_prog_run_block(const struct ex_prog *p, const int *rows, size_t stride,
    size_t n, uint64_t *mask);

#endif

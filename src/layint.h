/* layint.h: internals shared by the layout parser's files (layout.c, laystat.c, laydump.c).
 *
 * Contract: not a public interface. A seg is source text joined from one or
 * more lines with a map back to positions; struct sp is a cursor over a seg
 * for the statistics parser. Everything returned is owned by the caller.
 */
#ifndef NOTAT_LAYINT_H
#define NOTAT_LAYINT_H

#include <stddef.h>

#include "layout.h"
#include "util.h"

struct seg_mark {
	size_t off;            /* byte offset in the joined text */
	int line, col;         /* position of that byte */
};

struct seg {
	struct buf b;
	struct seg_mark *m;
	size_t nm, cap;
	const char *file;
};

/* Appends a line's text (n bytes at line:col) to s, with a space between lines. */
void lay_seg_add(struct seg *s, const char *text, size_t n, int line, int col);
/* The joined text (never NULL). */
const char *lay_seg_str(const struct seg *s);
/* The source position of byte offset off. */
struct pos lay_seg_pos(const struct seg *s, size_t off);
void lay_seg_free(struct seg *s);


static inline int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static inline int
is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static inline int
is_label(int c)
{
	return is_word(c) || c == '-' || c == '.';
}

static inline const char *
skip_ws(const char *s)
{
	while (is_blank(*s))
		s++;
	return s;
}

/* Copy of s[a..b) with blanks trimmed; *lead (if not NULL) gets the bytes trimmed in front. */
char *lay_trim_dup(const char *s, size_t a, size_t b, size_t *lead);
/* Appends s (taken) to the vector *v. */
void lay_strv_push(char ***v, size_t *n, size_t *cap, char *s);

/* The statistics language (laystat.c). */
enum leaf_form {
	NOT_LEAF,   /* arguments are statistics */
	LEAF_POP,   /* count(POP) */
	LEAF_COND,  /* pct(COND | POP) */
	LEAF_VAR,   /* share(VAR | POP), distinct, argmax */
	LEAF_NAMES, /* names(VAR | POP [\ POP2] [by ORDER]) */
	LEAF_INDEX, /* index(VAR | POP by SCORE) */
	LEAF_QUANT  /* quantile(P, VAR | POP) */
};

/* Limits of one statistic: nesting of "(", calls and "not" (the parser
 * recurses once per level), nodes in all, and the height of the tree (the
 * evaluator recurses over it; long chains of one associative operator are
 * balanced, so only mixed chains such as a - b + c - ... approach it). */
enum { LAY_MAX_DEPTH = 200, LAY_MAX_NODES = 100000, LAY_MAX_HEIGHT = 2000 };

/* A cursor over a segment for the statistics parser. */
struct sp {
	const struct seg *sg;
	const char *s;
	size_t i, end;
	int err;
	int depth;             /* nesting at the cursor */
	size_t nodes;          /* nodes made so far */
	const char *copy;      /* lay_parse_stat: the copy of s[base..end) node texts point into */
	size_t base;
};

enum { LAY_NORDER = 5 };
extern const char *const lay_opname[LO__MAX];
extern const char *const lay_order_name[LAY_NORDER];
/* How the arguments of fn are written. */
enum leaf_form lay_fn_form(enum lay_fn fn);
/* Parses a whole statistic in sg[a..b); NULL after reporting an error. */
struct lay_stat *lay_parse_stat(const struct seg *sg, size_t a, size_t b);
void lay_stat_free(struct lay_stat *st);
void lay_set_free(struct lay_set *s);
/* Cursor helpers: report an error once; skip blanks; accept a token; read a word; read a set. */
void lay_sp_error(struct sp *c, size_t off, const char *what);
void lay_sp_ws(struct sp *c);
int lay_sp_accept(struct sp *c, const char *tok);
char *lay_sp_word(struct sp *c);
int lay_sp_set(struct sp *c, struct lay_set *set);
/* Offset of the last (last=1) or first top-level ch in s[a..b), or (size_t)-1. */
size_t lay_find_top(const char *s, size_t a, size_t b, char ch, int last);
/* Offset of the last top-level word "by" in s[a..b), or (size_t)-1. */
size_t lay_find_by(const char *s, size_t a, size_t b);
/* Stores the trimmed text of s[a..b) and its position in dst. */
void lay_src_set(struct lay_src *dst, const struct sp *c, size_t a, size_t b);

#endif

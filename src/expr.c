/* expr.c: compiles filter/population expressions to a flat node array and evaluates them. */
#include "expr.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"

/* ------------------------------------------------------------ the tree */

enum op { OP_EQ, OP_NE, OP_RANGE, OP_MASK, OP_LIST, OP_ANS, OP_NOT, OP_AND, OP_OR, OP_REF, OP_ALL };
enum cmp { CMP_IN, CMP_LT, CMP_LE, CMP_GT, CMP_GE }; /* how a range was written */

struct node {
	unsigned char op, cmp;
	int var; /* variable index of a test */
	int a, b; /* EQ/NE: a = value; RANGE: a..b; LIST: offset, count in ints;
	           * NOT: a = child; AND/OR: children; REF: a = index in names */
	union {
		uint64_t mask;          /* MASK: bit v set for value v (0..63) */
		const struct expr *ref; /* REF: the named population */
	} u;
};

struct expr {
	struct node *n;
	size_t nn, ncap;
	int *ints; /* sorted value lists of OP_LIST */
	size_t ni, icap;
	char **names; /* names of OP_REF */
	size_t nnames, namecap;
	int root;
	int refdepth; /* named populations nested below this one (0: none) */
};

static int
add_node(struct expr *e, struct node nd)
{
	xgrow(&e->n, &e->ncap, e->nn + 1, sizeof *e->n);
	e->n[e->nn] = nd;
	return (int)e->nn++;
}

static int
add_pair(struct expr *e, enum op op, int a, int b)
{
	struct node nd = {0};
	nd.op = (unsigned char)op;
	nd.a = a;
	nd.b = b;
	return add_node(e, nd);
}

void
ex_free(struct expr *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->nnames; i++)
		free(e->names[i]);
	free(e->names);
	free(e->ints);
	free(e->n);
	free(e);
}

/* ------------------------------------------------------------ evaluation */

static int
in_list(const int *v, int n, int x)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (v[mid] == x)
			return 1;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

static int
ev(const struct expr *e, int i, const int *row)
{
	const struct node *p = &e->n[i];
	int v;
	switch (p->op) {
	case OP_EQ:
		return row[p->var] == p->a;
	case OP_NE:
		v = row[p->var];
		return v != CB_MISSING && v != p->a;
	case OP_RANGE:
		v = row[p->var]; /* CB_MISSING is below every lower bound */
		return v >= p->a && v <= p->b;
	case OP_MASK:
		v = row[p->var];
		return (unsigned)v < 64 && (p->u.mask >> v & 1);
	case OP_LIST:
		v = row[p->var];
		return v != CB_MISSING && in_list(e->ints + p->a, p->b, v);
	case OP_ANS:
		return row[p->var] != CB_MISSING;
	case OP_NOT:
		return !ev(e, p->a, row);
	case OP_AND:
		return ev(e, p->a, row) && ev(e, p->b, row);
	case OP_OR:
		return ev(e, p->a, row) || ev(e, p->b, row);
	case OP_ALL:
		return 1;
	default: /* OP_REF */
		return ex_eval(p->u.ref, row);
	}
}

/* Test node i (on one variable) for the value x of its variable. */
static int
ev_one(const struct expr *e, int i, int x)
{
	const struct node *p = &e->n[i];
	switch (p->op) {
	case OP_EQ:
		return x == p->a;
	case OP_NE:
		return x != CB_MISSING && x != p->a;
	case OP_RANGE:
		return x >= p->a && x <= p->b;
	case OP_MASK:
		return (unsigned)x < 64 && (p->u.mask >> x & 1);
	case OP_LIST:
		return x != CB_MISSING && in_list(e->ints + p->a, p->b, x);
	default: /* OP_ANS */
		return x != CB_MISSING;
	}
}

int
ex_eval(const struct expr *e, const int *row)
{
	return ev(e, e->root, row);
}

/* ------------------------------------------------------------ analysis */

static void
vars_of(const struct expr *e, int i, unsigned char *mark)
{
	const struct node *p = &e->n[i];
	switch (p->op) {
	case OP_NOT:
		vars_of(e, p->a, mark);
		break;
	case OP_AND:
	case OP_OR:
		vars_of(e, p->a, mark);
		vars_of(e, p->b, mark);
		break;
	case OP_ALL:
		break;
	case OP_REF:
		ex_vars(p->u.ref, mark);
		break;
	default:
		mark[p->var] = 1;
	}
}

void
ex_vars(const struct expr *e, unsigned char *mark)
{
	if (e != NULL && e->nn > 0)
		vars_of(e, e->root, mark);
}

/* Whether node i can be true (bit 0) and can be false (bit 1) on a row
 * whose variable var is x, whatever the others are. */
static int
may(const struct expr *e, int i, int var, int x)
{
	const struct node *p = &e->n[i];
	int a, b;
	switch (p->op) {
	case OP_NOT:
		a = may(e, p->a, var, x);
		return (a & 1) << 1 | (a >> 1 & 1);
	case OP_AND:
		a = may(e, p->a, var, x), b = may(e, p->b, var, x);
		return (a & b & 1) | ((a | b) & 2);
	case OP_OR:
		a = may(e, p->a, var, x), b = may(e, p->b, var, x);
		return ((a | b) & 1) | (a & b & 2);
	case OP_ALL:
		return 1;
	case OP_REF:
		return may(p->u.ref, p->u.ref->root, var, x);
	default:
		if (p->var != var)
			return 3;
		return ev_one(e, i, x) ? 1 : 2;
	}
}

int
ex_may_hold(const struct expr *e, int var, int x)
{
	if (e == NULL || e->nn == 0)
		return 1;
	return may(e, e->root, var, x) & 1;
}

/* ------------------------------------------------------------ lexer */

enum tok {
	T_END, T_NAME, T_INT, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_NOT, T_AND, T_OR,
	T_LP, T_RP, T_LB, T_RB, T_COMMA, T_DOTS, T_STAR, T_BAD
};

struct ps {
	const struct codebook *cb;
	const char *s;
	size_t n, i;
	struct pos at;
	ex_name_fn names;
	void *ctx;
	struct expr *e;
	int failed;
	int depth;          /* nesting of "(", "!" and "not" at the current token */
	enum tok t;         /* current token */
	size_t ts, tl;      /* its offset and length in s */
};

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
is_namech(unsigned char c)
{
	return is_alpha(c) || is_digit(c) || c == '.';
}

static struct pos
pos_at(const struct ps *p, size_t off)
{
	struct pos q = p->at;
	q.col += (int)utf8_len(p->s, off);
	return q;
}

/* Reports message m (with one or two string arguments) at offset off of s;
 * only the first error of a parse is reported. */
static void
fail(struct ps *p, enum diag_msg m, size_t off, const char *a1, const char *a2)
{
	if (p->failed)
		return;
	p->failed = 1;
	struct pos q = pos_at(p, off);
	diag(m, &q, a1, a2);
}

/* A syntax or type error with a printf-formatted text at offset off. */
static void
failf(struct ps *p, enum diag_msg m, size_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fail(p, m, off, msg, NULL);
}

static size_t
lex_name(const struct ps *p, size_t i)
{
	while (i < p->n) {
		unsigned char c = (unsigned char)p->s[i];
		if (is_namech(c) || (c == '-' && i + 1 < p->n && is_namech((unsigned char)p->s[i + 1])))
			i++;
		else
			break;
	}
	return i;
}

static const struct {
	const char *s;
	enum tok t;
} puncts[] = {
	{"!=", T_NE}, {"<=", T_LE}, {">=", T_GE}, {"..", T_DOTS}, {"=", T_EQ}, {"<", T_LT},
	{">", T_GT}, {"!", T_NOT}, {"&", T_AND}, {"|", T_OR}, {"(", T_LP}, {")", T_RP},
	{"{", T_LB}, {"}", T_RB}, {",", T_COMMA}, {"*", T_STAR},
};

static const struct {
	const char *s;
	enum tok t;
} words[] = {{"and", T_AND}, {"or", T_OR}, {"not", T_NOT}};

static enum tok
lex_word(struct ps *p)
{
	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strlen(words[k].s) == p->tl && memcmp(words[k].s, p->s + p->ts, p->tl) == 0)
			return words[k].t;
	return T_NAME;
}

static enum tok
lex_punct(struct ps *p)
{
	for (size_t k = 0; k < sizeof puncts / sizeof puncts[0]; k++) {
		size_t l = strlen(puncts[k].s);
		if (p->n - p->i >= l && memcmp(p->s + p->i, puncts[k].s, l) == 0) {
			p->tl = l;
			return puncts[k].t;
		}
	}
	uint32_t cp;
	size_t l = utf8_decode(p->s + p->i, p->n - p->i, &cp);
	p->tl = l ? l : 1;
	return T_BAD;
}

static void
next(struct ps *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
		p->i++;
	p->ts = p->i;
	unsigned char c = p->i < p->n ? (unsigned char)p->s[p->i] : 0;
	if (p->i >= p->n) {
		p->t = T_END, p->tl = 0;
	} else if (is_digit(c) || (c == '-' && p->i + 1 < p->n && is_digit((unsigned char)p->s[p->i + 1]))) {
		size_t j = p->i + 1;
		while (j < p->n && is_digit((unsigned char)p->s[j]))
			j++;
		p->t = T_INT, p->tl = j - p->i;
	} else if (is_alpha(c)) {
		p->tl = lex_name(p, p->i) - p->i;
		p->t = lex_word(p);
	} else {
		p->t = lex_punct(p);
	}
	p->i = p->ts + p->tl;
}

/* The current token as quoted text for messages. */
static const char *
tok_text(const struct ps *p, char *out, size_t cap)
{
	if (p->t == T_END)
		snprintf(out, cap, "the end of the expression");
	else
		snprintf(out, cap, "\"%.*s\"", (int)p->tl, p->s + p->ts);
	return out;
}

static int
tok_is(const struct ps *p, const char *word)
{
	return p->t == T_NAME && strlen(word) == p->tl && memcmp(p->s + p->ts, word, p->tl) == 0;
}

static void
expected(struct ps *p, const char *what)
{
	char t[128];
	failf(p, M_EX_SYNTAX, p->ts, "expected %s, found %s", what, tok_text(p, t, sizeof t));
}

/* Copies the current token's text into out (NUL-terminated, truncated). */
static char *
tok_copy(const struct ps *p, char *out, size_t cap)
{
	size_t l = p->tl < cap - 1 ? p->tl : cap - 1;
	memcpy(out, p->s + p->ts, l);
	out[l] = '\0';
	return out;
}

/* ------------------------------------------------------------ values */

/* Converts the INT token; 0 and an error if out of range. */
static int
tok_int(struct ps *p, int *out)
{
	const char *s = p->s + p->ts;
	size_t i = *s == '-' ? 1 : 0;
	long long v = 0;
	for (; i < p->tl && v <= INT_MAX; i++)
		v = v * 10 + (s[i] - '0');
	if (*s == '-')
		v = -v;
	if (v > INT_MAX || v <= (long long)CB_MISSING) {
		char t[64];
		failf(p, M_EX_SYNTAX, p->ts, "integer %s is out of range", tok_copy(p, t, sizeof t));
		return 0;
	}
	*out = (int)v;
	return 1;
}

static int
want_int(struct ps *p, int *out)
{
	if (p->t != T_INT) {
		expected(p, "an integer");
		return 0;
	}
	if (!tok_int(p, out))
		return 0;
	next(p);
	return 1;
}

static int
coded(const struct cb_var *v)
{
	return v->ncodes > 0;
}

/* Scales the integer x of a test on a number variable to its row values
 * (value * 10^decimals); reports at off when out of range. */
static int
scale(struct ps *p, int var, int *x, size_t off)
{
	const struct cb_var *v = &p->cb->vars[var];
	if (v->type != CB_NUMBER || v->decimals == 0 || cb_scale(v, *x, x))
		return 1;
	failf(p, M_EX_SYNTAX, off, "%d is out of range for variable \"%s\"", *x, v->name);
	return 0;
}

/* Resolves the current VALUE token for variable vi into *out. */
static int
want_value(struct ps *p, int vi, int *out)
{
	const struct cb_var *v = &p->cb->vars[vi];
	char t[256];
	if (p->t != T_NAME && p->t != T_INT) {
		expected(p, "a value");
		return 0;
	}
	tok_copy(p, t, sizeof t);
	if (coded(v)) {
		const struct cb_code *c = cb_code_find(v, t);
		if (c == NULL) {
			fail(p, M_EX_UNKNOWN_CODE, p->ts, t, v->name);
			return 0;
		}
		*out = c->value;
	} else if (v->type == CB_MUNI) {
		int m = p->t == T_NAME ? cb_muni_find(p->cb, t) : -1;
		if (m < 0) {
			fail(p, M_EX_UNKNOWN_CODE, p->ts, t, v->name);
			return 0;
		}
		*out = m;
	} else if (p->t == T_INT) {
		if (!tok_int(p, out) || !scale(p, vi, out, p->ts))
			return 0;
	} else {
		failf(p, M_EX_TYPE, p->ts, "variable \"%s\" is a %s: expected an integer, found \"%s\"",
		    v->name, cb_type_name(v->type), t);
		return 0;
	}
	next(p);
	return 1;
}

/* ------------------------------------------------------------ tests */

static int
test_node(struct ps *p, enum op op, int var, int a, int b)
{
	struct node nd = {0};
	nd.op = (unsigned char)op;
	nd.var = var;
	nd.a = a;
	nd.b = b;
	return add_node(p->e, nd);
}

static int
cmp_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* A set {v...}: a bitmask when every value is in 0..63, else a sorted list. */
static int
set_node(struct ps *p, int var, int *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_ints);
	uint64_t mask = 0;
	int small = 1;
	for (int i = 0; i < n; i++) {
		if (v[i] < 0 || v[i] > 63)
			small = 0;
		else
			mask |= (uint64_t)1 << v[i];
	}
	if (n == 1)
		return test_node(p, OP_EQ, var, v[0], 0);
	if (small) {
		int k = test_node(p, OP_MASK, var, 0, 0);
		p->e->n[k].u.mask = mask;
		return k;
	}
	struct expr *e = p->e;
	xgrow(&e->ints, &e->icap, e->ni + (size_t)n, sizeof *e->ints);
	memcpy(e->ints + e->ni, v, (size_t)n * sizeof *v);
	e->ni += (size_t)n;
	return test_node(p, OP_LIST, var, (int)(e->ni - (size_t)n), n);
}

static int
p_set(struct ps *p, int var)
{
	int *v = NULL, k = 0;
	size_t cap = 0;
	next(p); /* '{' */
	for (;;) {
		xgrow(&v, &cap, (size_t)k + 1, sizeof *v);
		if (!want_value(p, var, &v[k]))
			break;
		k++;
		if (p->t == T_RB)
			break;
		if (p->t != T_COMMA) {
			expected(p, "\",\" or \"}\"");
			break;
		}
		next(p);
	}
	int r = -1;
	if (!p->failed) {
		next(p); /* '}' */
		r = set_node(p, var, v, k);
	}
	free(v);
	return r;
}

static int
range_node(struct ps *p, int var, long long lo, long long hi, enum cmp how)
{
	if (lo < (long long)CB_MISSING + 1)
		lo = (long long)CB_MISSING + 1;
	if (hi > INT_MAX)
		hi = INT_MAX;
	if (lo > hi) /* empty: always false */
		lo = 1, hi = 0;
	int k = test_node(p, OP_RANGE, var, (int)lo, (int)hi);
	p->e->n[k].cmp = (unsigned char)how;
	return k;
}

static int
ordered(struct ps *p, int var, size_t off)
{
	const struct cb_var *v = &p->cb->vars[var];
	if (v->type != CB_TEXT && v->type != CB_MUNI)
		return 1;
	failf(p, M_EX_TYPE, off, "variable \"%s\" is a %s: it has no order", v->name,
	    cb_type_name(v->type));
	return 0;
}

static int
p_in(struct ps *p, int var)
{
	size_t off = p->ts;
	next(p); /* 'in' */
	if (p->t == T_LB)
		return p_set(p, var);
	int lo, hi;
	if (p->t != T_INT) {
		expected(p, "\"{\" or an integer range");
		return -1;
	}
	size_t lo_off = p->ts;
	if (!ordered(p, var, off) || !want_int(p, &lo) || !scale(p, var, &lo, lo_off))
		return -1;
	if (p->t != T_DOTS) {
		expected(p, "\"..\"");
		return -1;
	}
	next(p);
	size_t hi_off = p->ts;
	if (!want_int(p, &hi) || !scale(p, var, &hi, hi_off))
		return -1;
	return range_node(p, var, lo, hi, CMP_IN);
}

static int
p_compare(struct ps *p, int var)
{
	enum tok t = p->t;
	size_t off = p->ts;
	int x;
	next(p);
	size_t xoff = p->ts;
	if (!ordered(p, var, off) || !want_int(p, &x) || !scale(p, var, &x, xoff))
		return -1;
	long long n = x, lo = LLONG_MIN, hi = LLONG_MAX;
	enum cmp how = CMP_LT;
	if (t == T_LT)
		hi = n - 1;
	else if (t == T_LE)
		hi = n, how = CMP_LE;
	else if (t == T_GT)
		lo = n + 1, how = CMP_GT;
	else
		lo = n, how = CMP_GE;
	return range_node(p, var, lo, hi, how);
}

static int
p_equal(struct ps *p, int var)
{
	enum op op = p->t == T_EQ ? OP_EQ : OP_NE;
	size_t off = p->ts;
	const struct cb_var *v = &p->cb->vars[var];
	int x;
	next(p);
	if (v->type == CB_TEXT) {
		failf(p, M_EX_TYPE, off, "variable \"%s\" is free text: only answered(%s) applies",
		    v->name, v->name);
		return -1;
	}
	if (!want_value(p, var, &x))
		return -1;
	return test_node(p, op, var, x, 0);
}

static int
p_answered(struct ps *p)
{
	char t[256];
	next(p); /* '(' */
	if (p->t != T_NAME) {
		expected(p, "a variable name");
		return -1;
	}
	int var = cb_var_find(p->cb, tok_copy(p, t, sizeof t));
	if (var < 0) {
		fail(p, M_EX_UNKNOWN_VAR, p->ts, t, NULL);
		return -1;
	}
	next(p);
	if (p->t != T_RP) {
		expected(p, "\")\"");
		return -1;
	}
	next(p);
	return test_node(p, OP_ANS, var, 0, 0);
}

/* A bare NAME: a named population. */
static int
p_ref(struct ps *p, const char *name, size_t off, int var)
{
	const struct expr *r = p->names ? p->names(p->ctx, name) : NULL;
	if (r == NULL && var >= 0) {
		char t[128];
		failf(p, M_EX_SYNTAX, p->ts,
		    "expected \"=\", \"!=\", \"in\", \"<\", \"<=\", \">\" or \">=\" after \"%s\", found %s",
		    name, tok_text(p, t, sizeof t));
		return -1;
	}
	if (r == NULL) {
		fail(p, M_EX_UNKNOWN_VAR, off, name, NULL);
		return -1;
	}
	if (r->refdepth + 1 > EX_MAX_REFDEPTH) {
		failf(p, M_EX_SYNTAX, off, "\"%s\" is defined through more than %d other populations",
		    name, EX_MAX_REFDEPTH);
		return -1;
	}
	struct expr *e = p->e;
	if (r->refdepth + 1 > e->refdepth)
		e->refdepth = r->refdepth + 1;
	xgrow(&e->names, &e->namecap, e->nnames + 1, sizeof *e->names);
	e->names[e->nnames] = xstrdup(name);
	int k = add_pair(e, OP_REF, (int)e->nnames++, 0);
	e->n[k].u.ref = r;
	return k;
}

static int
p_test(struct ps *p)
{
	char name[256];
	if (p->t != T_NAME) {
		expected(p, "a variable name");
		return -1;
	}
	size_t off = p->ts;
	tok_copy(p, name, sizeof name);
	next(p);
	if (strcmp(name, "answered") == 0 && p->t == T_LP)
		return p_answered(p);
	int var = cb_var_find(p->cb, name);
	int is_op = p->t == T_EQ || p->t == T_NE || p->t == T_LT || p->t == T_LE ||
	    p->t == T_GT || p->t == T_GE || tok_is(p, "in");
	if (!is_op)
		return p_ref(p, name, off, var);
	if (var < 0) {
		fail(p, M_EX_UNKNOWN_VAR, off, name, NULL);
		return -1;
	}
	if (tok_is(p, "in"))
		return p_in(p, var);
	if (p->t == T_EQ || p->t == T_NE)
		return p_equal(p, var);
	return p_compare(p, var);
}

/* ------------------------------------------------------------ grammar */

static int p_or(struct ps *p);

/* Enters one level of "(", "!" or "not": the parser recurses once per level,
 * so the depth is bounded (EX_MAX_DEPTH) to bound the stack. 0 when too deep. */
static int
enter(struct ps *p)
{
	if (++p->depth <= EX_MAX_DEPTH)
		return 1;
	failf(p, M_EX_SYNTAX, p->ts, "nesting deeper than %d levels", EX_MAX_DEPTH);
	return 0;
}

static int
p_not(struct ps *p)
{
	if (p->t == T_STAR) { /* everybody: a term like any test */
		next(p);
		return add_pair(p->e, OP_ALL, 0, 0);
	}
	if (p->t != T_NOT && p->t != T_LP)
		return p_test(p);
	if (!enter(p))
		return -1;
	int c;
	if (p->t == T_NOT) {
		next(p);
		c = p_not(p);
		c = p->failed ? -1 : add_pair(p->e, OP_NOT, c, 0);
	} else {
		next(p);
		c = p_or(p);
		if (!p->failed && p->t != T_RP)
			expected(p, "\")\"");
		if (p->failed)
			c = -1;
		else
			next(p);
	}
	p->depth--;
	return c;
}

/* Joins operands v[a..b) with op as a balanced tree (depth log2 of the count). */
static int
balanced(struct ps *p, enum op op, const int *v, size_t a, size_t b)
{
	if (b - a == 1)
		return v[a];
	size_t m = a + (b - a) / 2;
	int l = balanced(p, op, v, a, m);
	return add_pair(p->e, op, l, balanced(p, op, v, m, b));
}

/* operand { tok operand }: a chain of & or |. Chains of up to CHAIN_FLAT
 * operands are built as written (left-deep); a longer chain is balanced, so
 * that the depth of every tree (and of the recursions over it) stays
 * logarithmic in the length of the expression. */
enum { CHAIN_FLAT = 64 };
static int
chain(struct ps *p, enum tok t, enum op op, int (*operand)(struct ps *))
{
	int *v = NULL, r;
	size_t n = 0, cap = 0;
	for (;;) {
		int x = operand(p);
		if (p->failed)
			break;
		xgrow(&v, &cap, n + 1, sizeof *v);
		v[n++] = x;
		if (p->t != t)
			break;
		next(p);
	}
	if (p->failed)
		r = -1;
	else if (n > CHAIN_FLAT)
		r = balanced(p, op, v, 0, n);
	else {
		r = v[0];
		for (size_t i = 1; i < n; i++)
			r = add_pair(p->e, op, r, v[i]);
	}
	free(v);
	return r;
}

static int
p_and(struct ps *p)
{
	return chain(p, T_AND, OP_AND, p_not);
}

static int
p_or(struct ps *p)
{
	return chain(p, T_OR, OP_OR, p_and);
}

static int
check_utf8(struct ps *p)
{
	size_t bad = utf8_invalid_at(p->s, p->n);
	if (bad == (size_t)-1)
		return 1;
	failf(p, M_EX_SYNTAX, bad, "invalid UTF-8 byte 0x%02X",
	    (unsigned)(unsigned char)p->s[bad]);
	return 0;
}

struct expr *
ex_parse(const struct codebook *cb, const char *s, struct pos at, ex_name_fn names, void *ctx)
{
	struct ps p = {cb, s, strlen(s), 0, at, names, ctx, xcalloc(1, sizeof(struct expr)), 0, 0,
	    T_END, 0, 0};
	if (check_utf8(&p)) {
		next(&p);
		if (p.t == T_END)
			expected(&p, "an expression");
		int root = p_or(&p);
		if (!p.failed && p.t != T_END) {
			char t[128];
			failf(&p, M_EX_SYNTAX, p.ts, "unexpected %s", tok_text(&p, t, sizeof t));
		}
		p.e->root = root;
	}
	if (p.failed) {
		ex_free(p.e);
		return NULL;
	}
	return p.e;
}

const struct expr *
ex_everybody(void)
{
	static struct node all = {.op = OP_ALL};
	static const struct expr e = {.n = &all, .nn = 1, .root = 0};
	return &e;
}

/* ------------------------------------------------------------ printing */

/* x of variable var as written: a number variable's row value unscaled. */
static void
print_num(const struct codebook *cb, int var, long long x, struct buf *out)
{
	const struct cb_var *v = &cb->vars[var];
	long long m = 1;
	for (int i = 0; v->type == CB_NUMBER && i < v->decimals; i++)
		m *= 10;
	if (m == 1 || x % m == 0) {
		buf_printf(out, "%lld", x / m);
		return;
	}
	long long a = x < 0 ? -x : x;
	buf_printf(out, "%s%lld.%0*lld", x < 0 ? "-" : "", a / m, v->decimals, a % m);
}

static void
print_value(const struct codebook *cb, int var, int x, struct buf *out)
{
	const struct cb_var *v = &cb->vars[var];
	const struct cb_code *c = v->ncodes ? cb_code_by_value(v, x) : NULL;
	if (c)
		buf_puts(out, c->key);
	else if (v->type == CB_MUNI && x >= 0 && (size_t)x < cb->nmunis)
		buf_puts(out, cb->munis[x].name);
	else
		print_num(cb, var, x, out);
}

static void
print_set(const struct expr *e, const struct node *p, const struct codebook *cb, struct buf *out)
{
	const char *sep = "";
	buf_printf(out, "%s in {", cb->vars[p->var].name);
	if (p->op == OP_MASK) {
		for (int b = 0; b < 64; b++)
			if (p->u.mask >> b & 1) {
				buf_puts(out, sep), sep = ",";
				print_value(cb, p->var, b, out);
			}
	} else {
		for (int i = 0; i < p->b; i++) {
			buf_puts(out, sep), sep = ",";
			print_value(cb, p->var, e->ints[p->a + i], out);
		}
	}
	buf_putc(out, '}');
}

static void
print_range(const struct node *p, const struct codebook *cb, struct buf *out)
{
	const char *name = cb->vars[p->var].name;
	if (p->a > p->b && p->cmp == CMP_IN) {
		buf_printf(out, "%s in 1..0", name);
		return;
	}
	switch (p->cmp) {
	case CMP_IN:
		buf_printf(out, "%s in ", name);
		print_num(cb, p->var, p->a, out);
		buf_puts(out, "..");
		print_num(cb, p->var, p->b, out);
		break;
	case CMP_LT:
		buf_printf(out, "%s < ", name);
		print_num(cb, p->var, (long long)p->b + 1, out);
		break;
	case CMP_LE:
		buf_printf(out, "%s <= ", name);
		print_num(cb, p->var, p->b, out);
		break;
	case CMP_GT:
		buf_printf(out, "%s > ", name);
		print_num(cb, p->var, (long long)p->a - 1, out);
		break;
	default:
		buf_printf(out, "%s >= ", name);
		print_num(cb, p->var, p->a, out);
	}
}

static int
prec(const struct node *p)
{
	switch (p->op) {
	case OP_OR:
		return 1;
	case OP_AND:
		return 2;
	case OP_NOT:
	case OP_ANS:
	case OP_REF:
	case OP_ALL:
		return 4;
	default:
		return 3; /* a test: parenthesised under '!' */
	}
}

static void
print_node(const struct expr *e, int i, int outer, const struct codebook *cb, struct buf *out)
{
	const struct node *p = &e->n[i];
	int paren = prec(p) < outer;
	if (paren)
		buf_putc(out, '(');
	switch (p->op) {
	case OP_EQ:
	case OP_NE:
		buf_printf(out, "%s %s ", cb->vars[p->var].name, p->op == OP_EQ ? "=" : "!=");
		print_value(cb, p->var, p->a, out);
		break;
	case OP_RANGE:
		print_range(p, cb, out);
		break;
	case OP_MASK:
	case OP_LIST:
		print_set(e, p, cb, out);
		break;
	case OP_ANS:
		buf_printf(out, "answered(%s)", cb->vars[p->var].name);
		break;
	case OP_NOT:
		buf_putc(out, '!');
		print_node(e, p->a, 4, cb, out);
		break;
	case OP_AND:
	case OP_OR:
		print_node(e, p->a, prec(p), cb, out);
		buf_puts(out, p->op == OP_AND ? " & " : " | ");
		/* & and | are associative: a balanced chain prints as written */
		print_node(e, p->b, prec(p) + (e->n[p->b].op != p->op), cb, out);
		break;
	case OP_ALL:
		buf_putc(out, '*');
		break;
	default:
		buf_puts(out, e->names[p->a]);
	}
	if (paren)
		buf_putc(out, ')');
}

void
ex_print(const struct expr *e, const struct codebook *cb, struct buf *out)
{
	print_node(e, e->root, 0, cb, out);
}

/* ------------------------------------------------------------ programs */

enum { OP_TRUE = OP_ALL + 1 }; /* slot 0 of a program */

struct pnode {   /* a node of a program: children are slots */
	unsigned char op;
	int var, a, b; /* as in struct node; NOT/AND/OR: child slots */
	uint64_t mask;
};

struct ex_prog {
	struct pnode *n;
	size_t nn, ncap;
	int *ints;    /* value lists of OP_LIST */
	size_t ni, icap;
	int *hslot;   /* hash table of slots: slot + 1, 0 = empty */
	size_t hcap;
};

static uint64_t
pnode_hash(const struct ex_prog *p, const struct pnode *q)
{
	uint64_t h = q->op * UINT64_C(0x9E3779B97F4A7C15);
	h = (h ^ (uint32_t)q->var) * UINT64_C(0xff51afd7ed558ccd);
	h = (h ^ (uint32_t)q->b) * UINT64_C(0xc4ceb9fe1a85ec53);
	h = (h ^ q->mask) * UINT64_C(0xff51afd7ed558ccd);
	if (q->op != OP_LIST)
		return (h ^ (uint32_t)q->a) * UINT64_C(0x9E3779B97F4A7C15);
	for (int i = 0; i < q->b; i++)
		h = (h ^ (uint32_t)p->ints[q->a + i]) * UINT64_C(0x9E3779B97F4A7C15);
	return h ^ h >> 29;
}

static int
pnode_eq(const struct ex_prog *p, const struct pnode *x, const struct pnode *y)
{
	if (x->op != y->op || x->var != y->var || x->b != y->b || x->mask != y->mask)
		return 0;
	if (x->op != OP_LIST)
		return x->a == y->a;
	return memcmp(p->ints + x->a, p->ints + y->a, (size_t)x->b * sizeof *p->ints) == 0;
}

static void
prog_rehash(struct ex_prog *p)
{
	free(p->hslot);
	p->hcap = p->hcap ? 2 * p->hcap : 64;
	p->hslot = xcalloc(p->hcap, sizeof *p->hslot);
	for (size_t s = 0; s < p->nn; s++) {
		size_t i = pnode_hash(p, &p->n[s]) & (p->hcap - 1);
		while (p->hslot[i])
			i = (i + 1) & (p->hcap - 1);
		p->hslot[i] = (int)s + 1;
	}
}

/* The slot of q, added if new. A new list's values are the last q->b ints. */
static int
prog_intern(struct ex_prog *p, const struct pnode *q)
{
	if (2 * (p->nn + 1) > p->hcap)
		prog_rehash(p);
	size_t i = pnode_hash(p, q) & (p->hcap - 1);
	for (; p->hslot[i]; i = (i + 1) & (p->hcap - 1))
		if (pnode_eq(p, &p->n[p->hslot[i] - 1], q)) {
			if (q->op == OP_LIST)
				p->ni -= (size_t)q->b; /* drop the copy */
			return p->hslot[i] - 1;
		}
	xgrow(&p->n, &p->ncap, p->nn + 1, sizeof *p->n);
	p->n[p->nn] = *q;
	p->hslot[i] = (int)p->nn + 1;
	return (int)p->nn++;
}

struct ex_prog *
ex_prog_new(void)
{
	struct ex_prog *p = xcalloc(1, sizeof *p);
	struct pnode t = {.op = OP_TRUE};
	prog_intern(p, &t);
	return p;
}

void
ex_prog_free(struct ex_prog *p)
{
	if (p == NULL)
		return;
	free(p->n);
	free(p->ints);
	free(p->hslot);
	free(p);
}

size_t
ex_prog_size(const struct ex_prog *p)
{
	return p->nn;
}

/* Interns node i of e (and its children); returns its slot. */
static int
prog_node(struct ex_prog *p, const struct expr *e, int i)
{
	const struct node *s = &e->n[i];
	struct pnode q = {.op = s->op, .var = s->var, .a = s->a, .b = s->b};
	if (s->op == OP_REF)
		return prog_node(p, s->u.ref, s->u.ref->root);
	if (s->op == OP_ALL)
		return 0; /* the constant "true" */
	if (s->op == OP_NOT || s->op == OP_AND || s->op == OP_OR) {
		int x = prog_node(p, e, s->a);
		int y = s->op == OP_NOT ? x : prog_node(p, e, s->b);
		q.var = 0;
		q.a = x < y ? x : y; /* & and | are commutative */
		q.b = s->op == OP_NOT ? 0 : x < y ? y : x;
	} else if (s->op == OP_MASK) {
		q.mask = s->u.mask;
		q.a = q.b = 0;
	} else if (s->op == OP_LIST) {
		xgrow(&p->ints, &p->icap, p->ni + (size_t)s->b, sizeof *p->ints);
		memcpy(p->ints + p->ni, e->ints + s->a, (size_t)s->b * sizeof *p->ints);
		q.a = (int)p->ni;
		p->ni += (size_t)s->b;
	} else if (s->op != OP_RANGE) {
		q.b = 0; /* EQ, NE: a is the value; ANS: no operand */
		q.a = s->op == OP_ANS ? 0 : s->a;
	}
	return prog_intern(p, &q);
}

int
ex_prog_add(struct ex_prog *p, const struct expr *e)
{
	return e == NULL ? 0 : prog_node(p, e, e->root);
}

static inline int
prog_ev(const struct ex_prog *p, const struct pnode *q, const int *row, const unsigned char *val)
{
	int v = row[q->var];
	switch (q->op) {
	case OP_EQ:
		return v == q->a;
	case OP_NE:
		return v != CB_MISSING && v != q->a;
	case OP_RANGE:
		return v >= q->a && v <= q->b;
	case OP_MASK:
		return (unsigned)v < 64 && (q->mask >> v & 1);
	case OP_LIST:
		return v != CB_MISSING && in_list(p->ints + q->a, q->b, v);
	case OP_ANS:
		return v != CB_MISSING;
	case OP_NOT:
		return !val[q->a];
	case OP_AND:
		return val[q->a] & val[q->b];
	case OP_OR:
		return val[q->a] | val[q->b];
	default: /* OP_TRUE */
		return 1;
	}
}

void
ex_prog_run(const struct ex_prog *p, const int *row, unsigned char *val)
{
	val[0] = 1;
	for (size_t i = 1; i < p->nn; i++)
		val[i] = (unsigned char)prog_ev(p, &p->n[i], row, val);
}

/* ------------------------------------------------------------ blocks */

/* Bits of the rows of the block where test q holds (any test). */
static uint64_t
block_test(const struct ex_prog *p, const struct pnode *q, const int *rows, size_t stride, size_t n)
{
	uint64_t m = 0;
	for (size_t r = 0; r < n; r++)
		m |= (uint64_t)prog_ev(p, q, rows + r * stride, NULL) << r;
	return m;
}

/* Bits where an EQ test holds: the commonest test, kept branch-free. */
static uint64_t
block_eq(const int *col, size_t stride, size_t n, int a)
{
	uint64_t m = 0;
	for (size_t r = 0; r < n; r++)
		m |= (uint64_t)(col[r * stride] == a) << r;
	return m;
}

/* Bits where a MASK test holds. */
static uint64_t
block_mask(const int *col, size_t stride, size_t n, uint64_t set)
{
	uint64_t m = 0;
	for (size_t r = 0; r < n; r++) {
		unsigned v = (unsigned)col[r * stride];
		m |= (uint64_t)(v < 64 && (set >> (v & 63) & 1)) << r;
	}
	return m;
}

static uint64_t
block_slot(const struct ex_prog *p, const struct pnode *q, const int *rows, size_t stride,
    size_t n, const uint64_t *mask)
{
	uint64_t all = n == EX_BLOCK ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
	switch (q->op) {
	case OP_NOT:
		return ~mask[q->a] & all;
	case OP_AND:
		return mask[q->a] & mask[q->b];
	case OP_OR:
		return mask[q->a] | mask[q->b];
	case OP_TRUE:
		return all;
	case OP_EQ:
		return block_eq(rows + q->var, stride, n, q->a);
	case OP_MASK:
		return block_mask(rows + q->var, stride, n, q->mask);
	default:
		return block_test(p, q, rows, stride, n);
	}
}

void
ex_prog_run_block(const struct ex_prog *p, const int *rows, size_t stride, size_t n, uint64_t *mask)
{
	for (size_t i = 0; i < p->nn; i++)
		mask[i] = block_slot(p, &p->n[i], rows, stride, n, mask);
}

/* cb.c: loads the codebook (variables, codes, filters) and its municipality table. */
#include "cb.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "diag.h"
#include "expr.h"
#include "lang.h"
#include "srcin.h"

/* ------------------------------------------------------------ loader state */

struct clist { /* a named code list */
	char *name;
	struct cb_code *codes;
	size_t n, cap;
	struct pos pos;
};

struct vx { /* parse-time extras of a declared variable */
	char *ask;
	struct pos ask_pos;
	char *list; /* `codes LIST` or the list of `var NAME TYPE LIST` */
	struct pos list_pos;
	size_t codecap;
	unsigned seen; /* bit per attribute given */
};

enum block { B_NONE, B_CODES, B_VAR, B_DERIVE, B_SKIP };

struct dpiece { /* a line (copied) and the offset where bins start */
	char *s;
	size_t n, start;
	int line;
};

struct dpend { /* a `derive` variable until the columns are known */
	char *name, *src, *text, *label;
	struct pos pos, src_pos;
	struct dpiece *piece;
	size_t npiece, cap;
};

struct ld {
	struct codebook *cb;
	size_t varcap, vxcap;
	struct vx *vx;
	struct clist *lists;
	size_t nlists, listcap;
	enum block block;
	char *muni_name;
	struct pos muni_pos;
	struct dpend *der;      /* derived variables, in order */
	size_t nder, dercap;
	char *weight;           /* `weight VAR` */
	struct pos weight_pos;
	size_t igncap;
	int errors0; /* diag_errors() at the start */
	const char *s; /* the current line */
	size_t n, i;
	struct pos at; /* the line; col 1 = offset 0 */
};

#define CB_MAX_DECIMALS 6
#define NUMBER_ATTRS (7u << 6) /* the bits of decimals, decimal, unit in attrs[] */

static const char *const type_names[] = {"id", "muni", "single", "scale", "multi", "number", "text"};

static const char *const reserved[] = {"and", "or", "not", "in", "answered"};

/* ------------------------------------------------------------ the line lexer */

static struct pos
pos_of(const struct ld *l, size_t off)
{
	struct pos p = l->at;
	p.col = 1 + (int)utf8_len(l->s, off);
	return p;
}

static void
syntax(const struct ld *l, size_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	struct pos p = pos_of(l, off);
	diag(M_CB_SYNTAX, &p, msg);
}

static void
skip_ws(struct ld *l)
{
	while (l->i < l->n && (l->s[l->i] == ' ' || l->s[l->i] == '\t'))
		l->i++;
}

static int
at_end(struct ld *l)
{
	skip_ws(l);
	return l->i >= l->n || l->s[l->i] == '#';
}

/* Reads a bare word; returns its length (0 if none) and its offset in *off. */
static size_t
word(struct ld *l, size_t *off)
{
	skip_ws(l);
	*off = l->i;
	while (l->i < l->n && !strchr(" \t#\"", l->s[l->i]))
		l->i++;
	return l->i - *off;
}

/* Reads a word into a new string, or reports that `what` was expected. */
static char *
want_word(struct ld *l, const char *what, size_t *off)
{
	size_t n = word(l, off);
	if (n == 0) {
		syntax(l, *off, "expected %s", what);
		return NULL;
	}
	return xstrndup(l->s + *off, n);
}

/* Reads a double-quoted string with \" and \\ escapes. */
static char *
want_string(struct ld *l, const char *what)
{
	skip_ws(l);
	if (l->i >= l->n || l->s[l->i] != '"') {
		syntax(l, l->i, "expected %s in double quotes", what);
		return NULL;
	}
	struct buf b = {0};
	size_t start = l->i++;
	while (l->i < l->n && l->s[l->i] != '"') {
		if (l->s[l->i] == '\\') {
			char c = l->i + 1 < l->n ? l->s[l->i + 1] : 0;
			if (c != '"' && c != '\\') {
				syntax(l, l->i, "unknown escape in a string (only \\\" and \\\\)");
				buf_free(&b);
				return NULL;
			}
			l->i++;
		}
		buf_putc(&b, l->s[l->i++]);
	}
	if (l->i >= l->n) {
		syntax(l, start, "unterminated string");
		buf_free(&b);
		return NULL;
	}
	l->i++;
	return buf_take(&b);
}

static int
parse_int(const char *s, size_t n, int *out)
{
	size_t i = n > 0 && s[0] == '-';
	long long v = 0;
	if (i == n || n - i > 10)
		return 0;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	v = s[0] == '-' ? -v : v;
	if (v > INT_MAX || v <= (long long)CB_MISSING)
		return 0;
	*out = (int)v;
	return 1;
}

static int
want_int(struct ld *l, const char *what, int *out)
{
	size_t off, n = word(l, &off);
	if (n == 0 || !parse_int(l->s + off, n, out)) {
		syntax(l, off, "expected %s (an integer), found \"%.*s\"", what, (int)n, l->s + off);
		return 0;
	}
	return 1;
}

static int
end_line(struct ld *l)
{
	if (at_end(l))
		return 1;
	size_t end = l->i;
	while (end < l->n && l->s[end] != '#')
		end++;
	while (l->s[end - 1] == ' ' || l->s[end - 1] == '\t')
		end--;
	syntax(l, l->i, "unexpected \"%.*s\" at the end of the line", (int)(end - l->i), l->s + l->i);
	return 0;
}

static int
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

/* A name: a letter or '_' (UTF-8 letters allowed), then letters, digits, '_'. */
static int
valid_name(const char *s)
{
	if (!is_alpha((unsigned char)*s))
		return 0;
	for (s++; *s; s++)
		if (!is_alpha((unsigned char)*s) && !(*s >= '0' && *s <= '9'))
			return 0;
	return 1;
}

static int
want_name(struct ld *l, const char *what, char **out, size_t *off)
{
	*out = want_word(l, what, off);
	if (*out == NULL)
		return 0;
	if (valid_name(*out))
		return 1;
	syntax(l, *off, "\"%s\" is not a valid %s (letters, digits and '_', not starting with a digit)",
	    *out, what);
	free(*out);
	*out = NULL;
	return 0;
}

/* ------------------------------------------------------------ codes */

static void
free_codes(struct cb_code *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].key);
		free(c[i].label);
		free(c[i].short_label);
	}
	free(c);
}

/* A copy of the n codes at c; NULL for none (a variable without codes has
 * codes NULL, so a later assignment of implicit codes leaks nothing). */
static struct cb_code *
copy_codes(const struct cb_code *c, size_t n)
{
	if (n == 0)
		return NULL;
	struct cb_code *d = xcalloc(n, sizeof *d);
	for (size_t i = 0; i < n; i++) {
		d[i].value = c[i].value;
		d[i].key = xstrdup(c[i].key);
		d[i].label = xstrdup(c[i].label);
		d[i].short_label = c[i].short_label ? xstrdup(c[i].short_label) : NULL;
	}
	return d;
}

/* Reports a code whose value or key is already in codes; returns 1 if so. */
static int
dup_code(const struct ld *l, const struct cb_code *codes, size_t n, const struct cb_code *c,
    size_t voff, size_t koff, const char *owner)
{
	for (size_t i = 0; i < n; i++) {
		char what[300];
		int same_value = codes[i].value == c->value;
		if (!same_value && strcmp(codes[i].key, c->key) != 0)
			continue;
		if (same_value)
			snprintf(what, sizeof what, "%d", c->value);
		else
			snprintf(what, sizeof what, "\"%s\"", c->key);
		struct pos p = pos_of(l, same_value ? voff : koff);
		diag(M_CB_DUP_CODE, &p, what, owner);
		return 1;
	}
	return 0;
}

/* The optional `short "LABEL"` after a code's label; 0 after an error. */
static int
short_label(struct ld *l, struct cb_code *c)
{
	size_t off;
	if (at_end(l) || l->s[l->i] == ',') /* a comma: the next bin of a derive */
		return 1;
	char *w = want_word(l, "short", &off);
	if (w == NULL || strcmp(w, "short") != 0) {
		syntax(l, off, "expected short \"LABEL\" or the end of the line after the code's label");
		free(w);
		return 0;
	}
	free(w);
	c->short_label = want_string(l, "a short label");
	return c->short_label != NULL;
}

/* Parses `INT KEY "LABEL" [short "LABEL"]` and appends it to codes (owner
 * names the list). */
static void
code_line(struct ld *l, struct cb_code **codes, size_t *n, size_t *cap, const char *owner)
{
	struct cb_code c = {0, NULL, NULL, NULL};
	size_t voff, koff;
	skip_ws(l);
	voff = l->i;
	if (want_int(l, "a code value", &c.value) && want_name(l, "code key", &c.key, &koff) &&
	    (c.label = want_string(l, "a label")) != NULL && short_label(l, &c) && end_line(l) &&
	    !dup_code(l, *codes, *n, &c, voff, koff, owner)) {
		xgrow(codes, cap, *n + 1, sizeof **codes);
		(*codes)[(*n)++] = c;
		return;
	}
	free(c.key);
	free(c.label);
	free(c.short_label);
}

const struct cb_code *
cb_code_find(const struct cb_var *v, const char *key)
{
	for (size_t i = 0; i < v->ncodes; i++)
		if (strcmp(v->codes[i].key, key) == 0)
			return &v->codes[i];
	int x;
	if (parse_int(key, strlen(key), &x))
		return cb_code_by_value(v, x);
	return NULL;
}

const struct cb_code *
cb_code_by_value(const struct cb_var *v, int value)
{
	for (size_t i = 0; i < v->ncodes; i++)
		if (v->codes[i].value == value)
			return &v->codes[i];
	return NULL;
}

static struct clist *
list_find(struct ld *l, const char *name)
{
	for (size_t i = 0; i < l->nlists; i++)
		if (strcmp(l->lists[i].name, name) == 0)
			return &l->lists[i];
	return NULL;
}

/* ------------------------------------------------------------ statements */

static struct cb_var *
cur_var(struct ld *l)
{
	return &l->cb->vars[l->cb->nvars - 1];
}

static struct vx *
cur_vx(struct ld *l)
{
	return &l->vx[l->cb->nvars - 1];
}

static int
st_codebook(struct ld *l)
{
	size_t off = l->i;
	char *t = want_string(l, "the title");
	if (t == NULL || !end_line(l)) {
		free(t);
		return 0;
	}
	if (l->cb->title) {
		syntax(l, off, "the codebook's title is given twice");
		free(t);
		return 0;
	}
	l->cb->title = t;
	return 1;
}

static int
st_municipalities(struct ld *l)
{
	skip_ws(l);
	size_t off = l->i;
	char *t = want_string(l, "the file name of the municipality table");
	if (t == NULL || !end_line(l)) {
		free(t);
		return 0;
	}
	if (l->muni_name) {
		syntax(l, off, "the municipality table is named twice");
		free(t);
		return 0;
	}
	l->muni_name = t;
	l->muni_pos = pos_of(l, off);
	return 1;
}

static int
st_codes(struct ld *l)
{
	size_t off;
	char *name;
	if (!want_name(l, "code list name", &name, &off))
		return 0;
	if (list_find(l, name)) {
		struct pos p = pos_of(l, off);
		diag(M_CB_DUP_CODES, &p, name);
		free(name);
		return 0;
	}
	if (!end_line(l)) {
		free(name);
		return 0;
	}
	xgrow(&l->lists, &l->listcap, l->nlists + 1, sizeof *l->lists);
	l->lists[l->nlists++] = (struct clist){name, NULL, 0, 0, pos_of(l, off)};
	l->block = B_CODES;
	return 1;
}

static int
var_name_ok(struct ld *l, const char *name, size_t off)
{
	for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
		if (strcmp(name, reserved[i]) == 0) {
			syntax(l, off, "\"%s\" is a reserved word of the expression language", name);
			return 0;
		}
	if (cb_var_find(l->cb, name) >= 0) {
		struct pos p = pos_of(l, off);
		diag(M_CB_DUP_VAR, &p, name);
		return 0;
	}
	return 1;
}

static int
want_type(struct ld *l, enum cb_type *t)
{
	size_t off;
	char *w = want_word(l, "a type (id, muni, single, scale, multi, number or text)", &off);
	if (w == NULL)
		return 0;
	for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
		if (strcmp(w, type_names[i]) == 0) {
			*t = (enum cb_type)i;
			free(w);
			return 1;
		}
	syntax(l, off, "unknown type \"%s\" (expected id, muni, single, scale, multi, number or text)", w);
	free(w);
	return 0;
}

static void
add_var(struct ld *l, char *name, enum cb_type t, struct pos p)
{
	struct codebook *cb = l->cb;
	xgrow(&cb->vars, &l->varcap, cb->nvars + 1, sizeof *cb->vars);
	xgrow(&l->vx, &l->vxcap, cb->nvars + 1, sizeof *l->vx);
	struct cb_var *v = &cb->vars[cb->nvars];
	memset(v, 0, sizeof *v);
	memset(&l->vx[cb->nvars], 0, sizeof *l->vx);
	v->name = name;
	v->type = t;
	v->column = (int)cb->nvars;
	v->derived_from = -1;
	v->pos = p;
	cb->nvars++;
}

/* Keeps the rest of the current line from l->i as bins of the last derived variable. */
static void
derive_piece(struct ld *l)
{
	if (at_end(l))
		return;
	struct dpend *d = &l->der[l->nder - 1];
	xgrow(&d->piece, &d->cap, d->npiece + 1, sizeof *d->piece);
	d->piece[d->npiece++] = (struct dpiece){xstrndup(l->s, l->n), l->n, l->i, l->at.line};
	l->i = l->n;
}

static int
dpend_name_taken(const struct ld *l, const char *name)
{
	for (size_t i = 0; i < l->nder; i++)
		if (strcmp(l->der[i].name, name) == 0)
			return 1;
	return 0;
}

/* var NAME derive SRC: BIN = KEY "LABEL", ... (continued on indented lines) */
static int
st_derive(struct ld *l, char *name, size_t off)
{
	size_t soff;
	skip_ws(l);
	soff = l->i;
	while (l->i < l->n && !strchr(" \t#\":", l->s[l->i]))
		l->i++;
	if (l->i == soff || l->i >= l->n || l->s[l->i] != ':') {
		syntax(l, l->i >= l->n ? soff : l->i, "expected derive SOURCE: BINS");
		free(name);
		return 0;
	}
	xgrow(&l->der, &l->dercap, l->nder + 1, sizeof *l->der);
	struct dpend *d = &l->der[l->nder++];
	memset(d, 0, sizeof *d);
	d->name = name;
	d->pos = pos_of(l, off);
	d->src = xstrndup(l->s + soff, l->i - soff);
	d->src_pos = pos_of(l, soff);
	l->i++;
	derive_piece(l);
	l->block = B_DERIVE;
	return 1;
}

static int
st_var(struct ld *l)
{
	size_t off, loff = 0;
	char *name, *list = NULL;
	enum cb_type t;
	if (!want_name(l, "variable name", &name, &off))
		return 0;
	int name_ok = var_name_ok(l, name, off);
	if (name_ok && dpend_name_taken(l, name)) {
		struct pos p = pos_of(l, off);
		diag(M_CB_DUP_VAR, &p, name);
		free(name);
		return 0;
	}
	skip_ws(l);
	if (l->n - l->i >= 7 && memcmp(l->s + l->i, "derive", 6) == 0 && strchr(" \t", l->s[l->i + 6])) {
		l->i += 6;
		return st_derive(l, name, off);
	}
	if (!name_ok || !want_type(l, &t) ||
	    (!at_end(l) && !want_name(l, "code list name", &list, &loff)) || !end_line(l)) {
		free(name);
		free(list);
		return 0;
	}
	add_var(l, name, t, pos_of(l, off));
	cur_vx(l)->list = list;
	cur_vx(l)->list_pos = pos_of(l, loff);
	l->block = B_VAR;
	return 1;
}

/* ------------------------------------------------------------ attributes of var */

static int
at_string(struct ld *l, char **dst, const char *what)
{
	char *s = want_string(l, what);
	if (s == NULL || !end_line(l)) {
		free(s);
		return 0;
	}
	*dst = s;
	return 1;
}

static int
at_text(struct ld *l)
{
	return at_string(l, &cur_var(l)->text, "the question text");
}

static int
at_label(struct ld *l)
{
	return at_string(l, &cur_var(l)->label, "the label");
}

static int
at_battery(struct ld *l)
{
	size_t off;
	char *b;
	if (!want_name(l, "battery name", &b, &off))
		return 0;
	if (!end_line(l)) {
		free(b);
		return 0;
	}
	cur_var(l)->battery = b;
	return 1;
}

static int
at_ask(struct ld *l)
{
	skip_ws(l);
	size_t off = l->i, end = off;
	while (end < l->n && l->s[end] != '#')
		end++;
	while (end > off && (l->s[end - 1] == ' ' || l->s[end - 1] == '\t'))
		end--;
	if (end == off) {
		syntax(l, off, "expected an expression after ask");
		return 0;
	}
	cur_vx(l)->ask = xstrndup(l->s + off, end - off);
	cur_vx(l)->ask_pos = pos_of(l, off);
	l->i = l->n;
	return 1;
}

static int
at_decimals(struct ld *l)
{
	int d;
	skip_ws(l);
	size_t off = l->i;
	if (!want_int(l, "the number of decimals", &d) || !end_line(l))
		return 0;
	if (d < 0 || d > CB_MAX_DECIMALS) {
		syntax(l, off, "decimals must be 0 to %d", CB_MAX_DECIMALS);
		return 0;
	}
	cur_var(l)->decimals = d;
	return 1;
}

static int
at_decimal(struct ld *l)
{
	skip_ws(l);
	size_t off = l->i;
	if (l->i < l->n && (l->s[l->i] == ',' || l->s[l->i] == '.')) {
		char m = l->s[l->i++];
		if (!end_line(l))
			return 0;
		cur_var(l)->decimal_mark = m;
		return 1;
	}
	syntax(l, off, "expected the decimal mark: , or .");
	return 0;
}

static int
at_unit(struct ld *l)
{
	return at_string(l, &cur_var(l)->unit, "the unit");
}

static int
at_code(struct ld *l)
{
	struct cb_var *v = cur_var(l);
	code_line(l, &v->codes, &v->ncodes, &cur_vx(l)->codecap, v->name);
	return 1;
}

static int
at_codes(struct ld *l)
{
	size_t off;
	char *list;
	if (!want_name(l, "code list name", &list, &off))
		return 0;
	if (!end_line(l) || cur_vx(l)->list) {
		if (cur_vx(l)->list)
			syntax(l, off, "variable \"%s\" already has a code list", cur_var(l)->name);
		free(list);
		return 0;
	}
	cur_vx(l)->list = list;
	cur_vx(l)->list_pos = pos_of(l, off);
	return 1;
}

static const struct {
	const char *kw;
	int (*fn)(struct ld *);
	int repeats;
} attrs[] = {
	{"text", at_text, 0}, {"label", at_label, 0}, {"battery", at_battery, 0},
	{"ask", at_ask, 0}, {"code", at_code, 1}, {"codes", at_codes, 1},
	{"decimals", at_decimals, 0}, {"decimal", at_decimal, 0}, {"unit", at_unit, 0},
};

static void
var_attr(struct ld *l, const char *kw, size_t off)
{
	for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
		if (strcmp(kw, attrs[i].kw) != 0)
			continue;
		if (!attrs[i].repeats && (cur_vx(l)->seen >> i & 1)) {
			syntax(l, off, "%s is given twice for variable \"%s\"", kw, cur_var(l)->name);
			return;
		}
		cur_vx(l)->seen |= 1u << i;
		attrs[i].fn(l);
		return;
	}
	syntax(l, off, "unknown attribute \"%s\" (expected text, label, battery, ask, code, codes, decimals, decimal or unit)", kw);
}

/* ------------------------------------------------------------ lines */

static int
st_weight(struct ld *l)
{
	size_t off;
	char *w;
	if (!want_name(l, "the weight variable", &w, &off))
		return 0;
	if (!end_line(l) || l->weight) {
		if (l->weight)
			syntax(l, off, "the weight is given twice");
		free(w);
		return 0;
	}
	l->weight = w;
	l->weight_pos = pos_of(l, off);
	return 1;
}

/* ignore NAME, PATTERN, ... : data columns that are not variables. */
static int
st_ignore(struct ld *l)
{
	struct codebook *cb = l->cb;
	do {
		size_t off;
		skip_ws(l);
		off = l->i;
		while (l->i < l->n && !strchr(" \t#\",", l->s[l->i]))
			l->i++;
		if (l->i == off) {
			syntax(l, off, "expected a column name or pattern");
			return 0;
		}
		xgrow(&cb->ignore, &l->igncap, cb->nignore + 1, sizeof *cb->ignore);
		cb->ignore[cb->nignore++] = xstrndup(l->s + off, l->i - off);
		skip_ws(l);
	} while (l->i < l->n && l->s[l->i] == ',' && ++l->i);
	return end_line(l);
}

static int
st_ignore_undeclared(struct ld *l)
{
	if (!end_line(l))
		return 0;
	l->cb->ignore_undeclared = 1;
	return 1;
}

static const struct {
	const char *kw;
	int (*fn)(struct ld *);
} stmts[] = {
	{"codebook", st_codebook}, {"municipalities", st_municipalities},
	{"codes", st_codes}, {"var", st_var}, {"weight", st_weight}, {"ignore", st_ignore},
	{"ignore-undeclared", st_ignore_undeclared},
};

static void
statement(struct ld *l)
{
	size_t off;
	char *kw = want_word(l, "a statement", &off);
	l->block = B_SKIP;
	for (size_t i = 0; kw && i < sizeof stmts / sizeof stmts[0]; i++)
		if (strcmp(kw, stmts[i].kw) == 0) {
			l->block = B_NONE;
			if (!stmts[i].fn(l))
				l->block = B_SKIP;
			free(kw);
			return;
		}
	if (kw)
		syntax(l, off, "unknown statement \"%s\" (expected codebook, municipalities, codes, var, weight, ignore or ignore-undeclared)", kw);
	free(kw);
}

static void
indented(struct ld *l)
{
	size_t off;
	char *kw;
	struct clist *c;
	switch (l->block) {
	case B_CODES:
		c = &l->lists[l->nlists - 1];
		code_line(l, &c->codes, &c->n, &c->cap, c->name);
		break;
	case B_VAR:
		kw = want_word(l, "an attribute", &off);
		if (kw)
			var_attr(l, kw, off);
		free(kw);
		break;
	case B_DERIVE: {
		size_t save = l->i;
		kw = want_word(l, "bins or an attribute", &off);
		struct dpend *d = &l->der[l->nder - 1];
		if (kw && (strcmp(kw, "text") == 0 || strcmp(kw, "label") == 0)) {
			char **dst = kw[0] == 't' ? &d->text : &d->label;
			if (*dst)
				syntax(l, off, "%s is given twice for variable \"%s\"", kw, d->name);
			else
				at_string(l, dst, kw[0] == 't' ? "the question text" : "the label");
		} else {
			l->i = save;
			derive_piece(l);
		}
		free(kw);
		break;
	}
	case B_NONE:
		syntax(l, l->i, "indented line outside a codes or var statement");
		l->block = B_SKIP;
		break;
	default:
		break;
	}
}

static void
parse_line(struct ld *l, const char *s, size_t n, int line)
{
	l->s = s;
	l->n = n;
	l->i = 0;
	l->at.line = line;
	l->at.col = 1;
	if (at_end(l))
		return;
	if (l->i == 0)
		statement(l);
	else
		indented(l);
}

/* Parses every line of the file (srcin.c has checked its bytes and limits). */
static void
parse_text(struct ld *l, const struct srcin *src)
{
	for (size_t i = 0; i < src->nline; i++)
		parse_line(l, src->line[i], strlen(src->line[i]), (int)i + 1);
}

/* ------------------------------------------------------------ resolution */

static void
resolve_list(struct ld *l, size_t i)
{
	struct cb_var *v = &l->cb->vars[i];
	struct vx *x = &l->vx[i];
	struct clist *c = list_find(l, x->list);
	if (c == NULL) {
		diag(M_CB_UNKNOWN_CODES, &x->list_pos, x->list);
	} else if (v->ncodes) {
		struct pos p = x->list_pos;
		diag(M_CB_SYNTAX, &p, "a variable has either inline codes or a code list, not both");
	} else {
		v->codes = copy_codes(c->codes, c->n);
		v->ncodes = c->n;
	}
}

static void
multi_codes(struct cb_var *v)
{
	static const struct cb_code implicit[] = {{0, "ikke_valgt", "ikke valgt", NULL}, {1, "valgt", "valgt", NULL}};
	if (v->ncodes) {
		diag(M_CB_SYNTAX, &v->pos,
		    "a multi variable has the implicit codes 0 \"ikke valgt\" and 1 \"valgt\": remove its codes");
		return;
	}
	v->codes = copy_codes(implicit, 2);
	v->ncodes = 2;
}

static void
check_codes(struct ld *l, size_t i)
{
	struct cb_var *v = &l->cb->vars[i];
	if (l->vx[i].list)
		resolve_list(l, i);
	if (v->type == CB_MULTI) {
		multi_codes(v);
	} else if ((v->type == CB_SINGLE || v->type == CB_SCALE) && v->ncodes == 0) {
		if (l->vx[i].list == NULL)
			diag(M_CB_NO_CODES, &v->pos, v->name, type_names[v->type]);
	} else if (v->type != CB_SINGLE && v->type != CB_SCALE && v->ncodes) {
		char msg[200];
		snprintf(msg, sizeof msg, "a variable of type %s takes no codes", type_names[v->type]);
		diag(M_CB_SYNTAX, l->vx[i].list ? &l->vx[i].list_pos : &v->pos, msg);
	}
	if (v->type != CB_NUMBER && (l->vx[i].seen & NUMBER_ATTRS))
		diag(M_CB_SYNTAX, &v->pos, "decimals, decimal and unit apply to number variables only");
	if (v->text == NULL)
		v->text = xstrdup("");
	if (v->label == NULL)
		v->label = xstrdup(v->text);
}

/* ------------------------------------------------------------ municipalities */

struct mload {
	struct ld *l;
	const struct clist *region;
	size_t cap;
};

static int
muni_header(struct csv_reader *r, const struct csv_row *row)
{
	static const char *const want[] = {"kommune", "region", "menapt"};
	for (size_t i = 0; i < 3 || i < row->n; i++) {
		if (i < 3 && i < row->n && strcmp(row->field[i], want[i]) == 0)
			continue;
		struct pos p = csv_reader_pos(r, i < row->n ? i : row->n - 1);
		diag(M_CB_MUNI_HEADER, &p);
		return 1;
	}
	return 0;
}

static int
muni_region(struct mload *m, struct csv_reader *r, const char *key, int *out)
{
	for (size_t i = 0; i < m->region->n; i++)
		if (strcmp(m->region->codes[i].key, key) == 0) {
			*out = m->region->codes[i].value;
			return 1;
		}
	struct pos p = csv_reader_pos(r, 1);
	diag(M_CB_UNKNOWN_REGION, &p, key);
	return 0;
}

static int
muni_number(struct csv_reader *r, const char *s, long *out)
{
	int v;
	if (*s != '-' && parse_int(s, strlen(s), &v)) {
		*out = v;
		return 1;
	}
	struct pos p = csv_reader_pos(r, 2);
	diag(M_CB_BAD_NUMBER, &p, s);
	return 0;
}

static int
muni_name(struct codebook *cb, struct csv_reader *r, const char *name)
{
	struct pos p = csv_reader_pos(r, 0);
	int k = *name ? cb_muni_find(cb, name) : -1;
	if (*name == '\0')
		diag(M_CB_SYNTAX, &p, "empty municipality name");
	else if (k >= 0)
		diag(M_CB_DUP_MUNI, &p, name, cb->munis[k].pos.line);
	return *name && k < 0;
}

static int
muni_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct mload *m = ctx;
	struct codebook *cb = m->l->cb;
	if (row->index == 0)
		return muni_header(r, row);
	int region = 0;
	long menapt = 0;
	int ok = muni_name(cb, r, row->field[0]);
	ok &= muni_region(m, r, row->field[1], &region);
	ok &= muni_number(r, row->field[2], &menapt);
	if (!ok)
		return 0;
	xgrow(&cb->munis, &m->cap, cb->nmunis + 1, sizeof *cb->munis);
	cb->munis[cb->nmunis++] = (struct cb_muni){xstrdup(row->field[0]), region, menapt,
	    csv_reader_pos(r, 0)};
	return 0;
}

static char *
beside(const char *base, const char *name)
{
	const char *slash = strrchr(base, '/');
	if (name[0] == '/' || slash == NULL)
		return xstrdup(name);
	return xasprintf("%.*s/%s", (int)(slash - base), base, name);
}

static void
load_munis(struct ld *l)
{
	struct codebook *cb = l->cb;
	struct mload m = {l, list_find(l, "region"), 0};
	if (m.region == NULL) {
		diag(M_CB_UNKNOWN_CODES, &l->muni_pos, "region");
		return;
	}
	char *path = beside(cb->path, l->muni_name);
	cb->muni_path = util_intern(path);
	free(path);
	int fd = util_open_input(cb->muni_path); /* else an error at the codebook's line */
	if (fd < 0) {
		char *why = xasprintf("%s: %s", cb->muni_path, util_strerror(errno));
		diag(M_IO_OPEN, &l->muni_pos, why);
		free(why);
		return;
	}
	close(fd);
	struct csv_reader *r = csv_reader_new(cb->muni_path, 0, CSV_READ_COMMENTS);
	if (r == NULL)
		return;
	int st = csv_reader_run(r, muni_row, &m);
	csv_reader_free(r);
	if (st == 0 && cb->nmunis == 0 && diag_errors() == l->errors0) {
		struct pos p = {cb->muni_path, 0, 0};
		diag(M_CB_SYNTAX, &p, "the municipality table lists no municipality");
	}
}

/* ------------------------------------------------------------ derived variables */

static void
add_derived(struct ld *l, size_t src, const char *suffix, enum cb_type t, const char *label)
{
	struct codebook *cb = l->cb;
	const struct cb_var *s = &cb->vars[src];
	char *name = xasprintf("%s.%s", s->name, suffix);
	struct pos p = s->pos;
	add_var(l, name, t, p);
	struct cb_var *v = cur_var(l);
	v->column = -1;
	v->derived_from = (int)src;
	v->text = xstrdup(label);
	v->label = xstrdup(label);
	const struct clist *region = list_find(l, "region");
	if (t == CB_SINGLE && region) {
		v->codes = copy_codes(region->codes, region->n);
		v->ncodes = region->n;
	}
}

static void
derive_all(struct ld *l)
{
	struct codebook *cb = l->cb;
	cb->ncolumns = cb->nvars;
	for (size_t i = 0; i < cb->ncolumns; i++) {
		/* Without a municipality table a muni variable is plain text and
		 * has no V.region / V.menapt. */
		if (cb->vars[i].type != CB_MUNI || l->muni_name == NULL)
			continue;
		add_derived(l, i, "region", CB_SINGLE, lang_cur()->region_label);
		add_derived(l, i, "menapt", CB_NUMBER, lang_cur()->menapt_label);
	}
}

/* ------------------------------------------------------------ derive */

/* An optional number at l->i, "-?DIGITS[.DIGITS]" in the source's units,
 * scaled to its row values; 1 if one was read, -1 after an error. */
static int
bin_int(struct ld *l, const struct cb_var *src, int *out)
{
	size_t a = l->i, b = a + (a < l->n && l->s[a] == '-'), dot = 0;
	while (b < l->n && ((l->s[b] >= '0' && l->s[b] <= '9') ||
	    (l->s[b] == '.' && !dot && b + 1 < l->n && l->s[b + 1] >= '0' && l->s[b + 1] <= '9')))
		dot = l->s[b] == '.' ? b : dot, b++;
	if (b == a || (b == a + 1 && l->s[a] == '-'))
		return 0;
	int x, ok = parse_int(l->s + a, (dot ? dot : b) - a, &x) && cb_scale(src, x, out);
	int frac = 0, nf = dot ? (int)(b - dot - 1) : 0;
	if (ok && nf > src->decimals) {
		syntax(l, a, "\"%.*s\" has more decimals than variable \"%s\" keeps (decimals %d)",
		    (int)(b - a), l->s + a, src->name, src->decimals);
		return -1;
	}
	if (ok && nf && parse_int(l->s + dot + 1, (size_t)nf, &frac)) {
		for (int k = nf; k < src->decimals; k++)
			frac *= 10;
		long long y = (long long)*out + (l->s[a] == '-' ? -frac : frac);
		ok = y > (long long)CB_MISSING && y <= INT_MAX;
		*out = (int)y;
	}
	if (!ok) {
		syntax(l, a, "\"%.*s\" is out of range for variable \"%s\"", (int)(b - a), l->s + a, src->name);
		return -1;
	}
	l->i = b;
	return 1;
}

/* LO..HI, LO.., ..HI or N of a number source. */
static int
bin_range(struct ld *l, const struct cb_var *src, struct cb_bin *b)
{
	size_t a = l->i;
	int lo = INT_MIN + 1, hi = INT_MAX, r = bin_int(l, src, &lo);
	if (r < 0)
		return 0;
	if (l->i + 1 < l->n && l->s[l->i] == '.' && l->s[l->i + 1] == '.') {
		l->i += 2;
		if ((r = bin_int(l, src, &hi)) < 0)
			return 0;
	} else if (r == 0) {
		syntax(l, a, "expected a range of \"%s\": LOW..HIGH, LOW.., ..HIGH or a number", src->name);
		return 0;
	} else
		hi = lo;
	if (lo > hi) {
		syntax(l, a, "empty range");
		return 0;
	}
	b->lo = lo, b->hi = hi;
	return 1;
}

/* One code (key or value) of a coded source, appended to b. */
static int
bin_code(struct ld *l, const struct cb_var *src, struct cb_bin *b, size_t *cap)
{
	skip_ws(l);
	size_t a = l->i;
	while (l->i < l->n && !strchr(" \t#\",{}=", l->s[l->i]))
		l->i++;
	char *k = xstrndup(l->s + a, l->i - a);
	const struct cb_code *c = *k ? cb_code_find(src, k) : NULL;
	if (c == NULL) {
		struct pos p = pos_of(l, a);
		if (*k)
			diag(M_EX_UNKNOWN_CODE, &p, k, src->name);
		else
			syntax(l, a, "expected a code of \"%s\"", src->name);
		free(k);
		return 0;
	}
	free(k);
	xgrow(&b->vals, cap, b->nvals + 1, sizeof *b->vals);
	b->vals[b->nvals++] = c->value;
	return 1;
}

/* {KEY, ...} or KEY of a coded source. */
static int
bin_set(struct ld *l, const struct cb_var *src, struct cb_bin *b)
{
	size_t cap = 0;
	if (l->s[l->i] != '{')
		return bin_code(l, src, b, &cap);
	l->i++;
	do {
		if (!bin_code(l, src, b, &cap))
			return 0;
		skip_ws(l);
	} while (l->i < l->n && l->s[l->i] == ',' && ++l->i);
	if (l->i >= l->n || l->s[l->i] != '}') {
		syntax(l, l->i, "expected \"}\"");
		return 0;
	}
	l->i++;
	return 1;
}

/* Whether bin b shares a source value with one of the n bins before it. */
static int
bin_overlaps(const struct cb_bin *bins, size_t n, const struct cb_bin *b)
{
	for (size_t i = 0; i < n; i++) {
		if (!b->vals && b->lo <= bins[i].hi && bins[i].lo <= b->hi)
			return 1;
		for (size_t j = 0; b->vals && j < b->nvals; j++)
			for (size_t k = 0; k < bins[i].nvals; k++)
				if (bins[i].vals[k] == b->vals[j])
					return 1;
	}
	return 0;
}

/* BIN = KEY "LABEL" [short "SHORT"] into v's bins and codes. */
static int
derive_bin(struct ld *l, struct cb_var *v, const struct cb_var *src, size_t *bcap, size_t *ccap)
{
	struct cb_bin b = {0, 0, NULL, 0};
	struct cb_code c = {0, NULL, NULL, NULL};
	size_t a = l->i, koff;
	int ok = src->type == CB_NUMBER ? bin_range(l, src, &b) : bin_set(l, src, &b);
	if (ok && bin_overlaps(v->bins, v->nbins, &b)) {
		syntax(l, a, "this bin overlaps an earlier one of \"%s\"", v->name);
		ok = 0;
	}
	skip_ws(l);
	if (ok && (l->i >= l->n || l->s[l->i] != '=')) {
		syntax(l, l->i, "expected \"=\" and the code: BIN = KEY \"LABEL\"");
		ok = 0;
	}
	l->i += ok;
	c.value = (int)v->nbins + 1;
	if (!ok || !want_name(l, "code key", &c.key, &koff) || (c.label = want_string(l, "a label")) == NULL ||
	    !short_label(l, &c) || dup_code(l, v->codes, v->ncodes, &c, koff, koff, v->name)) {
		free(b.vals), free(c.key), free(c.label), free(c.short_label);
		return 0;
	}
	xgrow(&v->bins, bcap, v->nbins + 1, sizeof *v->bins);
	v->bins[v->nbins++] = b;
	xgrow(&v->codes, ccap, v->ncodes + 1, sizeof *v->codes);
	v->codes[v->ncodes++] = c;
	return 1;
}

/* Parses the bins of d, whose variable is v, from its pieces. */
static void
derive_bins(struct ld *l, const struct dpend *d, struct cb_var *v, const struct cb_var *src)
{
	size_t bcap = 0, ccap = 0;
	for (size_t k = 0; k < d->npiece; k++) {
		const struct dpiece *pc = &d->piece[k];
		l->s = pc->s, l->n = pc->n, l->i = pc->start, l->at.line = pc->line;
		while (!at_end(l)) {
			if (!derive_bin(l, v, src, &bcap, &ccap))
				break;
			skip_ws(l);
			if (l->i < l->n && l->s[l->i] == ',')
				l->i++;
			else if (!end_line(l))
				break;
		}
	}
	if (v->nbins == 0 && diag_errors() == l->errors0)
		diag(M_CB_SYNTAX, &d->pos, "a derived variable needs bins: derive SOURCE: BIN = KEY \"LABEL\", ...");
}

/* Adds the derived variables after the columns (and V.region, V.menapt). */
static void
derive_vars(struct ld *l)
{
	struct codebook *cb = l->cb;
	for (size_t i = 0; i < l->nder; i++) {
		struct dpend *d = &l->der[i];
		int s = cb_var_find(cb, d->src);
		if (cb_var_find(cb, d->name) >= 0) {
			diag(M_CB_DUP_VAR, &d->pos, d->name);
			continue;
		}
		if (s < 0) {
			diag(M_EX_UNKNOWN_VAR, &d->src_pos, d->src);
			continue;
		}
		enum cb_type st = cb->vars[s].type;
		if (st != CB_NUMBER && cb->vars[s].ncodes == 0) {
			char *m = xasprintf("derive needs a number or a coded variable; \"%s\" is %s", d->src,
			    type_names[st]);
			diag(M_CB_SYNTAX, &d->src_pos, m);
			free(m);
			continue;
		}
		add_var(l, d->name, CB_SINGLE, d->pos);
		d->name = NULL;
		struct cb_var *v = cur_var(l);
		v->column = -1;
		v->derived_from = s;
		derive_bins(l, d, v, &cb->vars[s]);
		v->text = d->text ? d->text : xstrdup(cb->vars[s].text);
		v->label = d->label ? d->label : xstrdup(d->text ? d->text : cb->vars[s].label);
		d->text = d->label = NULL;
	}
}

/* `weight VAR`: a number variable. */
static void
resolve_weight(struct ld *l)
{
	struct codebook *cb = l->cb;
	if (l->weight == NULL)
		return;
	int w = cb_var_find(cb, l->weight);
	if (w < 0)
		diag(M_EX_UNKNOWN_VAR, &l->weight_pos, l->weight);
	else if (cb->vars[w].type != CB_NUMBER) {
		char *m = xasprintf("the weight \"%s\" must be a number variable, not %s", l->weight,
		    type_names[cb->vars[w].type]);
		diag(M_CB_SYNTAX, &l->weight_pos, m);
		free(m);
	} else
		cb->weight = w;
}

static void
parse_asks(struct ld *l)
{
	struct codebook *cb = l->cb;
	for (size_t i = 0; i < cb->ncolumns; i++)
		if (l->vx[i].ask)
			cb->vars[i].ask = ex_parse(cb, l->vx[i].ask, l->vx[i].ask_pos, NULL, NULL);
}

static void
ld_free(struct ld *l)
{
	for (size_t i = 0; i < l->nlists; i++) {
		free(l->lists[i].name);
		free_codes(l->lists[i].codes, l->lists[i].n);
	}
	free(l->lists);
	for (size_t i = 0; i < l->cb->nvars && l->vx; i++) {
		free(l->vx[i].ask);
		free(l->vx[i].list);
	}
	free(l->vx);
	free(l->muni_name);
	for (size_t i = 0; i < l->nder; i++) {
		struct dpend *d = &l->der[i];
		free(d->name), free(d->src), free(d->text), free(d->label);
		for (size_t k = 0; k < d->npiece; k++)
			free(d->piece[k].s);
		free(d->piece);
	}
	free(l->der);
	free(l->weight);
}

static void
finish(struct ld *l)
{
	struct codebook *cb = l->cb;
	if (cb->nvars == 0 && l->nder == 0 && diag_errors() == l->errors0) {
		struct pos p = {cb->path, 0, 0};
		diag(M_CB_SYNTAX, &p, "the codebook declares no variables");
	}
	for (size_t i = 0; i < cb->nvars; i++)
		check_codes(l, i);
	derive_all(l);
	if (l->muni_name && diag_errors() == l->errors0)
		load_munis(l);
	if (diag_errors() == l->errors0)
		derive_vars(l);
	resolve_weight(l);
	if (cb->title == NULL)
		cb->title = xstrdup("");
	if (diag_errors() == l->errors0) /* else asks would only repeat errors */
		parse_asks(l);
}

struct codebook *
cb_load(const char *path)
{
	struct codebook *cb = xcalloc(1, sizeof *cb);
	struct ld l = {0};
	cb->path = util_intern(path);
	cb->weight = -1;
	l.cb = cb;
	l.at.file = cb->path;
	l.errors0 = diag_errors();
	struct srcin *src = srcin_read(path, NULL);
	if (src == NULL) {
		ld_free(&l);
		cb_free(cb);
		return NULL;
	}
	parse_text(&l, src);
	srcin_free(src);
	finish(&l);
	ld_free(&l);
	if (diag_errors() != l.errors0) {
		cb_free(cb);
		return NULL;
	}
	return cb;
}

/* ------------------------------------------------------------ queries */

void
cb_free(struct codebook *cb)
{
	if (cb == NULL)
		return;
	for (size_t i = 0; i < cb->nvars; i++) {
		struct cb_var *v = &cb->vars[i];
		free(v->name);
		free(v->text);
		free(v->label);
		free(v->battery);
		free(v->unit);
		for (size_t b = 0; b < v->nbins; b++)
			free(v->bins[b].vals);
		free(v->bins);
		free_codes(v->codes, v->ncodes);
		ex_free(v->ask);
	}
	free(cb->vars);
	for (size_t i = 0; i < cb->nmunis; i++)
		free(cb->munis[i].name);
	free(cb->munis);
	for (size_t i = 0; i < cb->nignore; i++)
		free(cb->ignore[i]);
	free(cb->ignore);
	free(cb->title);
	free(cb);
}

int
cb_add_editions(struct codebook *cb, const char *const *label, size_t n)
{
	if (cb_var_find(cb, "edition") >= 0)
		return -1;
	cb->vars = xrealloc(cb->vars, (cb->nvars + 1) * sizeof *cb->vars);
	struct cb_var *v = &cb->vars[cb->nvars];
	*v = (struct cb_var){.name = xstrdup("edition"), .type = CB_SINGLE, .column = -1,
	    .derived_from = -1, .pos = {cb->path, 0, 0}};
	v->text = xstrdup(lang_cur()->editions_axis);
	v->label = xstrdup(lang_cur()->editions_axis);
	v->codes = xcalloc(n + 1, sizeof *v->codes);
	v->ncodes = n;
	for (size_t i = 0; i < n; i++) {
		int digit = label[i][0] >= '0' && label[i][0] <= '9';
		v->codes[i] = (struct cb_code){(int)i + 1,
		    digit ? xasprintf("e%s", label[i]) : xstrdup(label[i]), xstrdup(label[i]), NULL};
	}
	cb->edition = ++cb->nvars;
	return 0;
}

int
cb_var_find(const struct codebook *cb, const char *name)
{
	for (size_t i = 0; i < cb->nvars; i++)
		if (strcmp(cb->vars[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
cb_muni_find(const struct codebook *cb, const char *name)
{
	for (size_t i = 0; i < cb->nmunis; i++)
		if (strcmp(cb->munis[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
cb_ignored(const struct codebook *cb, const char *name)
{
	for (size_t i = 0; i < cb->nignore; i++)
		if (fnmatch(cb->ignore[i], name, 0) == 0)
			return 1;
	return 0;
}

int
cb_bin_of(const struct cb_var *v, int x)
{
	if (x == CB_MISSING)
		return CB_MISSING;
	for (size_t i = 0; i < v->nbins; i++) {
		const struct cb_bin *b = &v->bins[i];
		if (b->vals == NULL ? x >= b->lo && x <= b->hi : 0)
			return (int)i + 1;
		for (size_t k = 0; k < b->nvals; k++)
			if (b->vals[k] == x)
				return (int)i + 1;
	}
	return CB_MISSING;
}

int
cb_scale(const struct cb_var *v, long long x, int *out)
{
	long long s = x;
	for (int i = 0; i < v->decimals; i++)
		if (__builtin_mul_overflow(s, 10, &s))
			return 0;
	if (s > INT_MAX || s <= (long long)CB_MISSING)
		return 0;
	*out = (int)s;
	return 1;
}

const char *
cb_type_name(enum cb_type t)
{
	return (size_t)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "?";
}

void
cb_derive(const struct codebook *cb, int *row, int edition)
{
	for (size_t v = cb->ncolumns; v < cb->nvars; v++) {
		if (cb->vars[v].derived_from < 0) { /* `edition`: the file's number */
			row[v] = edition > 0 ? edition : CB_MISSING;
			continue;
		}
		int m = row[cb->vars[v].derived_from];
		if (cb->vars[v].bins)
			row[v] = cb_bin_of(&cb->vars[v], m);
		else if (m == CB_MISSING)
			row[v] = CB_MISSING;
		else if (cb->vars[v].type == CB_SINGLE)
			row[v] = cb->munis[m].region;
		else
			row[v] = cb->munis[m].menapt > INT32_MAX ? INT32_MAX : (int)cb->munis[m].menapt;
	}
}

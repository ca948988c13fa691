/* laystat.c: parser for the statistics language inside {...} and assert (layouts/README.md). */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "layint.h"

/* ---------- the statistics language ---------- */


static const struct {
	const char *name;
	enum leaf_form form;
	int min, max;          /* argument counts of non-leaf functions (after expansion: checked by eval) */
} fntab[LF__MAX] = {
	[LF_COUNT] = {"count", LEAF_POP, 1, 1},
	[LF_PCT] = {"pct", LEAF_COND, 1, 1},
	[LF_PCT1] = {"pct1", LEAF_COND, 1, 1},
	[LF_SHARE] = {"share", LEAF_VAR, 1, 1},
	[LF_SHARE1] = {"share1", LEAF_VAR, 1, 1},
	[LF_DISTINCT] = {"distinct", LEAF_VAR, 1, 1},
	[LF_NAMES] = {"names", LEAF_NAMES, 1, 1},
	[LF_INDEX] = {"index", LEAF_INDEX, 1, 1},
	[LF_ARGMAX] = {"argmax", LEAF_VAR, 1, 1},
	[LF_ARGMIN] = {"argmin", LEAF_VAR, 1, 1},
	[LF_DIFF] = {"diff", NOT_LEAF, 2, 2},
	[LF_MEAN] = {"mean", NOT_LEAF, 1, -1},
	[LF_MIN] = {"min", NOT_LEAF, 1, -1},
	[LF_MAX] = {"max", NOT_LEAF, 1, -1},
	[LF_RANGE] = {"range", NOT_LEAF, 1, -1},
	[LF_FRAC] = {"frac", NOT_LEAF, 1, -1},
	[LF_RANK] = {"rank", NOT_LEAF, 2, -1},
	[LF_ALL] = {"all", NOT_LEAF, 1, -1},
	[LF_ANY] = {"any", NOT_LEAF, 1, -1},
	[LF_ABS] = {"abs", NOT_LEAF, 1, 1},
	[LF_NUMBER] = {"n", LEAF_VAR, 1, 1},
	/* mean, min and max of a number variable: chosen over the functions of
	 * the same name when the argument has a top-level "|" */
	[LF_NMEAN] = {"mean", LEAF_VAR, 1, 1},
	[LF_MEDIAN] = {"median", LEAF_VAR, 1, 1},
	[LF_QUANTILE] = {"quantile", LEAF_QUANT, 1, 1},
	[LF_NMIN] = {"min", LEAF_VAR, 1, 1},
	[LF_NMAX] = {"max", LEAF_VAR, 1, 1},
	[LF_SD] = {"sd", LEAF_VAR, 1, 1},
	[LF_SUM] = {"sum", LEAF_VAR, 1, 1},
	/* tests and changes of two values (sig.h) */
	[LF_SIG] = {"sig", NOT_LEAF, 2, 2},
	[LF_CHANGE] = {"change", NOT_LEAF, 2, 3},
};

const char *
lay_fn_name(enum lay_fn fn)
{
	return fn < LF__MAX ? fntab[fn].name : "?";
}

enum leaf_form
lay_fn_form(enum lay_fn fn)
{
	return fntab[fn].form;
}

const char *const lay_opname[LO__MAX] = {"or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-"};


static struct pos
sp_pos(const struct sp *c, size_t off)
{
	return lay_seg_pos(c->sg, off);
}

void
lay_sp_error(struct sp *c, size_t off, const char *what)
{
	if (!c->err) {
		struct pos p = sp_pos(c, off);
		diag(M_LAY_SYNTAX, &p, what);
	}
	c->err = 1;
}

void
lay_sp_ws(struct sp *c)
{
	while (c->i < c->end && is_blank(c->s[c->i]))
		c->i++;
}

static int
sp_peek(struct sp *c, const char *tok)
{
	lay_sp_ws(c);
	size_t n = strlen(tok);
	if (c->i + n > c->end || strncmp(c->s + c->i, tok, n) != 0)
		return 0;
	if (is_word((unsigned char)tok[n - 1]) && c->i + n < c->end && is_word((unsigned char)c->s[c->i + n]))
		return 0;
	return 1;
}

int
lay_sp_accept(struct sp *c, const char *tok)
{
	if (!sp_peek(c, tok))
		return 0;
	c->i += strlen(tok);
	return 1;
}

static void
sp_expect(struct sp *c, const char *tok)
{
	if (!lay_sp_accept(c, tok)) {
		char *m = xasprintf("expected \"%s\"", tok);
		lay_sp_error(c, c->i, m);
		free(m);
	}
}

/* A word: letters, digits, '_' and '.' (kommune.menapt). NULL if none. */
char *
lay_sp_word(struct sp *c)
{
	lay_sp_ws(c);
	size_t a = c->i;
	while (c->i < c->end && (is_word((unsigned char)c->s[c->i]) || c->s[c->i] == '.'))
		c->i++;
	return c->i > a ? xstrndup(c->s + a, c->i - a) : NULL;
}

/* Sets st's text to the blank-trimmed slice c->s[a..b) of the statistic's
 * source, as a pointer into the copy the root owns: no node copies text, so
 * parsing is linear in the length of the statistic (time and memory). */
static void
sp_text(const struct sp *c, struct lay_stat *st, size_t a, size_t b)
{
	while (a < b && is_blank(c->s[a]))
		a++;
	while (b > a && is_blank(c->s[b - 1]))
		b--;
	st->text = c->copy + (a - c->base);
	st->textlen = b - a;
}

/* Counts one more node of the statistic; 0 (after reporting at off) past the limit. */
static int
sp_node(struct sp *c, size_t off)
{
	if (++c->nodes <= LAY_MAX_NODES)
		return 1;
	char *m = xasprintf("more than %d terms in one statistic", LAY_MAX_NODES);
	lay_sp_error(c, off, m);
	free(m);
	return 0;
}

/* Enters one level of nesting at off; 0 (after reporting) past the limit. */
static int
sp_enter(struct sp *c, size_t off)
{
	if (++c->depth <= LAY_MAX_DEPTH)
		return 1;
	char *m = xasprintf("nesting deeper than %d levels", LAY_MAX_DEPTH);
	lay_sp_error(c, off, m);
	free(m);
	return 0;
}

static struct lay_stat *
stat_new(enum lay_stat_kind k, struct pos p)
{
	struct lay_stat *st = xcalloc(1, sizeof *st);
	st->kind = k;
	st->height = 1;
	st->pos = p;
	return st;
}

static void
stat_push(struct lay_stat *st, struct lay_stat *a)
{
	if (a->height + 1 > st->height)
		st->height = a->height + 1;
	st->arg = xrealloc(st->arg, (st->narg + 1) * sizeof *st->arg);
	st->arg[st->narg++] = a;
}


void
lay_set_free(struct lay_set *s)
{
	for (size_t i = 0; i < s->nitem; i++)
		free(s->item[i]);
	free(s->item);
	free(s->name);
}

void
lay_stat_free(struct lay_stat *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->narg; i++)
		lay_stat_free(st->arg[i]);
	free(st->arg);
	for (int i = 0; i < 3; i++)
		free(st->src[i].text);
	for (size_t i = 0; i < st->nloop; i++) {
		free(st->loop[i].var);
		lay_set_free(&st->loop[i].set);
	}
	free(st->loop);
	free(st->score);
	free(st->edition);
	free(st->word);
	free(st->source);
	free(st);
}

/* set := "{" WORD {"," WORD} "}" | battery(WORD) | codes(WORD) | WORD */
int
lay_sp_set(struct sp *c, struct lay_set *set)
{
	size_t cap = 0;
	memset(set, 0, sizeof *set);
	lay_sp_ws(c);
	set->pos = sp_pos(c, c->i);
	if (lay_sp_accept(c, "{")) {
		set->kind = SET_LIST;
		do {
			char *w = lay_sp_word(c);
			if (w == NULL) {
				lay_sp_error(c, c->i, "expected a word in the set");
				return -1;
			}
			lay_strv_push(&set->item, &set->nitem, &cap, w);
		} while (lay_sp_accept(c, ","));
		sp_expect(c, "}");
		return c->err ? -1 : 0;
	}
	char *w = lay_sp_word(c);
	if (w == NULL) {
		lay_sp_error(c, c->i, "expected a set: {a, b}, battery(NAME), codes(VAR) or a set name");
		return -1;
	}
	if ((strcmp(w, "battery") == 0 || strcmp(w, "codes") == 0) && lay_sp_accept(c, "(")) {
		set->kind = w[0] == 'b' ? SET_BATTERY : SET_CODES;
		free(w);
		set->name = lay_sp_word(c);
		sp_expect(c, ")");
		if (set->name == NULL)
			lay_sp_error(c, c->i, "expected a name");
	} else {
		set->kind = SET_NAMED;
		set->name = w;
	}
	return c->err ? -1 : 0;
}

/* Offset of the matching ')' for the '(' just before c->i, or (size_t)-1. */
static size_t
match_paren(const struct sp *c)
{
	int depth = 1;
	for (size_t j = c->i; j < c->end; j++) {
		char ch = c->s[j];
		if (ch == '(' || ch == '{')
			depth++;
		else if (ch == ')' || ch == '}') {
			if (--depth == 0)
				return ch == ')' ? j : (size_t)-1;
		}
	}
	return (size_t)-1;
}

/* Offset of the last (or first) top-level occurrence of ch in s[a..b). */
size_t
lay_find_top(const char *s, size_t a, size_t b, char ch, int last)
{
	int depth = 0;
	size_t hit = (size_t)-1;
	for (size_t j = a; j < b; j++) {
		if (s[j] == '(' || s[j] == '{')
			depth++;
		else if (s[j] == ')' || s[j] == '}')
			depth--;
		else if (s[j] == ch && depth == 0) {
			if (s[j] == '|' && ((j > a && s[j - 1] == '|') || (j + 1 < b && s[j + 1] == '|')))
				continue;
			hit = j;
			if (!last)
				break;
		}
	}
	return hit;
}

/* Offset of the last top-level " by " word in s[a..b). */
size_t
lay_find_by(const char *s, size_t a, size_t b)
{
	size_t hit = (size_t)-1;
	int depth = 0;
	for (size_t j = a; j + 2 <= b; j++) {
		if (s[j] == '(' || s[j] == '{')
			depth++;
		else if (s[j] == ')' || s[j] == '}')
			depth--;
		else if (depth == 0 && strncmp(s + j, "by", 2) == 0 && j > a && is_blank(s[j - 1]) &&
		    (j + 2 == b || is_blank(s[j + 2])))
			hit = j;
	}
	return hit;
}

void
lay_src_set(struct lay_src *dst, const struct sp *c, size_t a, size_t b)
{
	size_t lead;
	dst->text = lay_trim_dup(c->s, a, b, &lead);
	dst->pos = sp_pos(c, a + lead);
}

const char *const lay_order_name[LAY_NORDER] = {"table", "name", "name desc", "menapt", "menapt desc"};

static int
parse_order(const char *w)
{
	for (size_t k = 0; k < LAY_NORDER; k++)
		if (strcmp(w, lay_order_name[k]) == 0)
			return (int)k;
	return -1;
}

/* The " by X" tail of names() and index(): stores it and returns the new end. */
static size_t
leaf_by(struct sp *c, struct lay_stat *st, enum leaf_form form, size_t a, size_t b)
{
	size_t by = lay_find_by(c->s, a, b);
	if (by == (size_t)-1) {
		if (form == LEAF_INDEX)
			lay_sp_error(c, a, "index() needs \"by SCORE\"");
		return b;
	}
	char *w = lay_trim_dup(c->s, by + 2, b, NULL);
	if (form == LEAF_INDEX)
		st->score = w;
	else {
		st->order = parse_order(w);
		if (st->order < 0)
			lay_sp_error(c, by, "names() order must be table, name, name desc, menapt or menapt desc");
		free(w);
	}
	return by;
}

/* Splits the raw argument text s[a..b) of a leaf function into st->src. */
static void
leaf_args(struct sp *c, struct lay_stat *st, enum leaf_form form, size_t a, size_t b)
{
	if (form == LEAF_POP) {
		lay_src_set(&st->src[1], c, a, b);
		if (st->src[1].text[0] == '\0')
			lay_sp_error(c, a, "expected a population (or * for everybody)");
		return;
	}
	if (form == LEAF_NAMES || form == LEAF_INDEX)
		b = leaf_by(c, st, form, a, b);
	if (form == LEAF_QUANT) {
		size_t comma = lay_find_top(c->s, a, b, ',', 0);
		if (comma == (size_t)-1) {
			lay_sp_error(c, a, "quantile() needs P, VARIABLE | POPULATION");
			return;
		}
		st->score = lay_trim_dup(c->s, a, comma, NULL);
		a = comma + 1;
	}
	size_t bar = lay_find_top(c->s, a, b, '|', form == LEAF_COND);
	if (bar == (size_t)-1) {
		char *m = xasprintf("%s() needs %s | POPULATION", fntab[st->fn].name,
		    form == LEAF_COND ? "CONDITION" : "VARIABLE");
		lay_sp_error(c, a, m);
		free(m);
		return;
	}
	lay_src_set(&st->src[0], c, a, bar);
	size_t b2 = b;
	if (form == LEAF_NAMES) {
		size_t bs = lay_find_top(c->s, bar + 1, b, '\\', 0);
		if (bs != (size_t)-1) {
			lay_src_set(&st->src[2], c, bs + 1, b);
			b2 = bs;
		}
	}
	lay_src_set(&st->src[1], c, bar + 1, b2);
	if (st->src[0].text[0] == '\0' || st->src[1].text[0] == '\0')
		lay_sp_error(c, a, "empty argument");
}

static struct lay_stat *sp_stat(struct sp *c);

/* arg := stat { "for" WORD "in" set } */
static struct lay_stat *
sp_arg(struct sp *c)
{
	size_t a = c->i;
	struct lay_stat *st = sp_stat(c);
	if (st == NULL || !sp_peek(c, "for"))
		return st;
	struct lay_stat *f = stat_new(LS_FOR, st->pos);
	stat_push(f, st);
	while (!c->err && lay_sp_accept(c, "for")) {
		f->loop = xrealloc(f->loop, (f->nloop + 1) * sizeof *f->loop);
		struct lay_loop *lp = &f->loop[f->nloop++];
		memset(lp, 0, sizeof *lp);
		lp->var = lay_sp_word(c);
		if (lp->var == NULL)
			lay_sp_error(c, c->i, "expected a loop variable after \"for\"");
		sp_expect(c, "in");
		if (!c->err)
			lay_sp_set(c, &lp->set);
	}
	sp_text(c, f, a, c->i);
	return f;
}

static struct lay_stat *
sp_call(struct sp *c, char *name, size_t a)
{
	int fn = -1;
	size_t close = match_paren(c);
	int bar = close != (size_t)-1 && lay_find_top(c->s, c->i, close, '|', 0) != (size_t)-1;
	for (int k = 0; k < LF__MAX; k++) /* a name with two forms: the leaf one has a "|" */
		if (strcmp(fntab[k].name, name) == 0 && (fn < 0 || (fntab[k].form != NOT_LEAF) == bar))
			fn = k;
	if (fn < 0) {
		char *m = xasprintf("unknown function \"%s\"", name);
		lay_sp_error(c, a, m);
		free(m);
		return NULL;
	}
	struct lay_stat *st = stat_new(LS_CALL, sp_pos(c, a));
	st->fn = (enum lay_fn)fn;
	if (fntab[fn].form != NOT_LEAF) {
		size_t close = match_paren(c);
		if (close == (size_t)-1) {
			lay_sp_error(c, a, "unbalanced parentheses");
			lay_stat_free(st);
			return NULL;
		}
		leaf_args(c, st, fntab[fn].form, c->i, close);
		c->i = close + 1;
		if (!c->err && lay_sp_accept(c, "in")) { /* an edition: pct(...) in 2023 */
			lay_sp_ws(c);
			size_t w = c->i;
			st->edition = lay_sp_word(c);
			if (st->edition == NULL)
				lay_sp_error(c, w, "expected an edition's label after \"in\"");
			st->edition_pos = sp_pos(c, w);
		}
	} else if (!lay_sp_accept(c, ")")) {
		do {
			struct lay_stat *x = sp_arg(c);
			if (x)
				stat_push(st, x);
		} while (!c->err && lay_sp_accept(c, ","));
		sp_expect(c, ")");
	}
	if (!c->err && fntab[fn].form == NOT_LEAF && st->narg == 0)
		lay_sp_error(c, a, "missing arguments");
	sp_text(c, st, a, c->i);
	return st;
}

/* prim := NUM | "(" stat ")" | FN "(" ... ")" | WORD */
static struct lay_stat *
sp_prim(struct sp *c)
{
	lay_sp_ws(c);
	size_t a = c->i;
	if (c->err || !sp_node(c, a))
		return NULL;
	if (lay_sp_accept(c, "(")) {
		struct lay_stat *st = sp_stat(c);
		sp_expect(c, ")");
		return st;
	}
	if (a < c->end && c->s[a] >= '0' && c->s[a] <= '9') {
		struct lay_stat *st = stat_new(LS_NUM, sp_pos(c, a));
		int big = 0;
		while (c->i < c->end && c->s[c->i] >= '0' && c->s[c->i] <= '9')
			big |= __builtin_mul_overflow(st->num, 10, &st->num) ||
			    __builtin_add_overflow(st->num, c->s[c->i++] - '0', &st->num);
		if (big) {
			lay_sp_error(c, a, "number too large");
			lay_stat_free(st);
			return NULL;
		}
		sp_text(c, st, a, c->i);
		return st;
	}
	char *w = lay_sp_word(c);
	if (w == NULL) {
		lay_sp_error(c, a, "expected a statistic");
		return NULL;
	}
	if (c->i < c->end && c->s[c->i] == '(') {
		c->i++;
		struct lay_stat *st = sp_call(c, w, a);
		free(w);
		return st;
	}
	struct lay_stat *st = stat_new(LS_WORD, sp_pos(c, a));
	st->word = w;
	sp_text(c, st, a, c->i);
	return st;
}

static struct lay_stat *
binop(struct sp *c, enum lay_op op, struct lay_stat *l, struct lay_stat *r, size_t a)
{
	if (l == NULL || r == NULL) {
		lay_stat_free(l);
		lay_stat_free(r);
		return NULL;
	}
	struct lay_stat *st = stat_new(LS_OP, l->pos);
	st->op = op;
	stat_push(st, l);
	stat_push(st, r);
	sp_text(c, st, a, c->i);
	return st;
}

/* A chain of operands joined by operators of one precedence level, as parsed:
 * operand i is v[i], written at [from[i], to[i]), joined to the ones before
 * it by op[i] (op[0] unused). */
struct chain {
	struct lay_stat **v;
	size_t *from, *to;
	enum lay_op *op;
	size_t n, cap;
};

/* Chains of one associative operator longer than this are built balanced. */
enum { CHAIN_FLAT = 64 };

static void
chain_push(struct chain *ch, struct lay_stat *x, size_t from, size_t to, enum lay_op op)
{
	if (ch->n == ch->cap) {
		ch->cap = ch->cap ? 2 * ch->cap : 8;
		ch->v = xrealloc(ch->v, ch->cap * sizeof *ch->v);
		ch->from = xrealloc(ch->from, ch->cap * sizeof *ch->from);
		ch->to = xrealloc(ch->to, ch->cap * sizeof *ch->to);
		ch->op = xrealloc(ch->op, ch->cap * sizeof *ch->op);
	}
	ch->v[ch->n] = x, ch->from[ch->n] = from, ch->to[ch->n] = to, ch->op[ch->n] = op;
	ch->n++;
}

static struct lay_stat *
join(struct sp *c, enum lay_op op, struct lay_stat *l, struct lay_stat *r, size_t from, size_t to)
{
	struct lay_stat *st = stat_new(LS_OP, l->pos);
	st->op = op;
	stat_push(st, l);
	stat_push(st, r);
	sp_text(c, st, from, to);
	return st;
}

/* Operands lo..hi-1, all joined by one associative operator, as a balanced tree. */
static struct lay_stat *
balanced(struct sp *c, const struct chain *ch, size_t lo, size_t hi)
{
	if (hi - lo == 1)
		return ch->v[lo];
	size_t mid = lo + (hi - lo) / 2;
	struct lay_stat *l = balanced(c, ch, lo, mid);
	return join(c, ch->op[1], l, balanced(c, ch, mid, hi), ch->from[lo], ch->to[hi - 1]);
}

/* st, or NULL after an error at off when its tree is higher than LAY_MAX_HEIGHT. */
static struct lay_stat *
too_high(struct sp *c, struct lay_stat *st, size_t off)
{
	if (st == NULL || st->height <= LAY_MAX_HEIGHT)
		return st;
	char *m = xasprintf("statistic more than %d levels high (a chain mixing + and - counts a level "
	    "per operator)", LAY_MAX_HEIGHT);
	lay_sp_error(c, off, m);
	free(m);
	lay_stat_free(st);
	return NULL;
}

/* Builds the tree of a chain and frees the chain. A chain is evaluated from
 * left to right; when every operator is the same associative one ("and",
 * "or", "+") and the chain is long, the tree is balanced instead (the same
 * value), so that its height grows with the logarithm of its length. Any
 * other chain is a left-deep tree as high as it is long: LAY_MAX_HEIGHT
 * bounds it (the evaluator recurses over the tree). */
static struct lay_stat *
chain_build(struct sp *c, struct chain *ch)
{
	struct lay_stat *l = NULL;
	int same = 1;
	for (size_t i = 2; i < ch->n; i++)
		same &= ch->op[i] == ch->op[1];
	if (c->err || ch->n == 0) {
		for (size_t i = 0; i < ch->n; i++)
			lay_stat_free(ch->v[i]);
	} else if (ch->n > CHAIN_FLAT && same && ch->op[1] != LO_SUB) {
		l = too_high(c, balanced(c, ch, 0, ch->n), ch->from[0]);
	} else {
		l = too_high(c, ch->v[0], ch->from[0]);
		for (size_t i = 1; i < ch->n; i++) {
			if (l == NULL) {
				lay_stat_free(ch->v[i]);
				continue;
			}
			l = join(c, ch->op[i], l, ch->v[i], ch->from[0], ch->to[i]);
			l = too_high(c, l, ch->from[i]);
		}
	}
	free(ch->v), free(ch->from), free(ch->to), free(ch->op);
	return l;
}

/* operand { OP operand } for the operators ops[0..nops): a chain. */
static struct lay_stat *
sp_chain(struct sp *c, struct lay_stat *(*operand)(struct sp *), const char *const *tok,
    const enum lay_op *ops, size_t nops)
{
	struct chain ch = {0};
	enum lay_op op = LO__MAX;
	for (;;) {
		lay_sp_ws(c);
		size_t from = c->i;
		struct lay_stat *x = operand(c);
		if (x == NULL)
			break;
		chain_push(&ch, x, from, c->i, op);
		size_t k = 0;
		while (k < nops && (c->err || !lay_sp_accept(c, tok[k])))
			k++;
		if (k == nops)
			break;
		op = ops[k];
	}
	return chain_build(c, &ch);
}

static struct lay_stat *
sp_sum(struct sp *c)
{
	static const char *const tok[] = {"+", "-"};
	static const enum lay_op ops[] = {LO_ADD, LO_SUB};
	return sp_chain(c, sp_prim, tok, ops, 2);
}

static struct lay_stat *
sp_cmp(struct sp *c)
{
	static const struct { const char *tok; enum lay_op op; } ops[] = {
		{"<=", LO_LE}, {">=", LO_GE}, {"!=", LO_NE}, {"<", LO_LT}, {">", LO_GT}, {"=", LO_EQ},
	};
	size_t a = c->i;
	struct lay_stat *l = sp_sum(c);
	for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
		if (lay_sp_accept(c, ops[k].tok))
			return binop(c, ops[k].op, l, sp_sum(c), a);
	return l;
}

static struct lay_stat *
sp_not(struct sp *c)
{
	lay_sp_ws(c);
	size_t a = c->i;
	if (!lay_sp_accept(c, "not"))
		return sp_cmp(c);
	struct lay_stat *x = sp_enter(c, a) ? sp_not(c) : NULL;
	c->depth--;
	if (x == NULL)
		return NULL;
	struct lay_stat *st = stat_new(LS_NOT, sp_pos(c, a));
	stat_push(st, x);
	sp_text(c, st, a, c->i);
	return st;
}

static struct lay_stat *
sp_and(struct sp *c)
{
	static const char *const tok[] = {"and"};
	static const enum lay_op ops[] = {LO_AND};
	return sp_chain(c, sp_not, tok, ops, 1);
}

static struct lay_stat *
sp_stat(struct sp *c)
{
	static const char *const tok[] = {"or"};
	static const enum lay_op ops[] = {LO_OR};
	size_t a = c->i;
	struct lay_stat *l = sp_enter(c, a) ? sp_chain(c, sp_and, tok, ops, 1) : NULL;
	c->depth--;
	if (c->err) {
		lay_stat_free(l);
		return NULL;
	}
	return l;
}

/* Parses a whole statistic in sg[a..b); NULL after an error. The root
 * owns a copy of sg[a..b) that every node's text points into. */
struct lay_stat *
lay_parse_stat(const struct seg *sg, size_t a, size_t b)
{
	struct sp c = {.sg = sg, .s = lay_seg_str(sg), .i = a, .end = b};
	char *copy = xstrndup(c.s + a, b - a);
	c.copy = copy;
	c.base = a;
	struct lay_stat *st = sp_stat(&c);
	lay_sp_ws(&c);
	if (st && c.i < c.end) {
		lay_sp_error(&c, c.i, "unexpected text after the statistic");
		lay_stat_free(st);
		st = NULL;
	}
	if (st == NULL) {
		free(copy);
		return NULL;
	}
	st->source = copy;
	return st;
}

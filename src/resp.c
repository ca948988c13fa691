/* resp.c: streams the response file as coded rows, validated against the codebook. */
#include "resp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "csvread.h"
#include "diag.h"
#include "expr.h"
#include "insrc.h"

#define MAX_ERRORS 20   /* then the run stops */
#define MAX_WARNINGS 20 /* then they are only counted */

struct valset { /* the codes a variable accepts */
	uint64_t mask; /* values 0..63 */
	int *big;      /* the other values, sorted */
	size_t nbig;
};

struct idslot { /* an id seen: its hash (0 = empty slot) and line */
	uint64_t h;
	long line;
};

/* The ids of one id column. While they arrive in increasing order (the usual
 * case: exports are sorted by id) they are unique by construction: only the
 * previous id is kept. The first id out of order marks the column unsorted;
 * a second pass over the file then puts every id into the hash set. */
struct idset {
	struct idslot *slot; /* second pass: cap slots */
	size_t n, cap;
	int unsorted;
	char *prev; /* the previous id while in order */
	size_t prevlen, prevcap;
	long nseen;
};

enum pend_kind { P_CODE, P_NUMBER, P_MUNI, P_EMPTY_ID, P_NUM_DECIMALS, P_NUM_RANGE };

struct pend { /* a bad cell of the row being read, reported at its end */
	size_t col;
	enum pend_kind kind;
	size_t text; /* offset of the cell's text in rs.ptext */
};

struct col { /* what a column holds */
	int var;
	int type;      /* enum cb_type of var */
	int filt;      /* index into filt, or -1 */
	uint64_t mask; /* codes 0..63 of single/scale/multi */
};

struct rs {
	const struct codebook *cb;
	const struct resp_in *in;
	struct insrc *r; /* the response file being read */
	resp_row_fn fn;
	resp_rowset_fn fnset; /* instead of fn, when set */
	void *ctx;
	struct col *cols; /* per column */
	size_t ncols;
	size_t *asked;    /* this row's answered columns whose variable has a filter */
	size_t nasked;
	int *setv;         /* this row's variables that may be answered: the */
	size_t nset;       /* delivered cells' variables, then the derived ones */
	struct valset *vs; /* per declared variable */
	int *row;          /* cb->nvars values */
	int *blank;        /* cb->ncolumns times CB_MISSING: a row before its cells */
	size_t *idcols;    /* the columns of id variables */
	size_t nidcols;
	int *vfilt;        /* per variable: index into filt, or -1 */
	const struct expr **filt; /* the distinct ask filters */
	size_t nfilt;
	signed char *memo; /* per filter: -1 not yet evaluated on this row */
	int *mslot;        /* municipality hash table: index + 1, 0 = empty */
	size_t mcap;
	struct idset *ids; /* per declared variable (used for id variables) */
	long index;        /* of the data row being read: 1, 2, ... */
	struct pend *pend; /* this row's bad cells, in column order */
	size_t npend, pendcap;
	char *ptext; /* their texts, NUL-terminated */
	size_t ptlen, ptcap;
	int nerr, nwarn;
	long hidden; /* warnings not shown */
};

typedef int (*conv_fn)(struct rs *s, const char *f, size_t len, size_t c, int var);

/* ------------------------------------------------------------ helpers */

static uint64_t
hash_bytes(const char *p, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * UINT64_C(1099511628211);
	h ^= h >> 33; /* finaliser: spread the bits for the table index */
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h ? h : 1;
}

/* Decimal integer without spaces; 0 if s is not one or is out of range. */
static int
fast_int(const char *s, size_t n, int *out)
{
	const char *e = s + n;
	int neg = *s == '-';
	s += neg;
	if (s == e || e - s > 10)
		return 0;
	int64_t v = 0;
	for (; s < e; s++) {
		unsigned d = (unsigned)(unsigned char)*s - '0';
		if (d > 9)
			return 0;
		v = v * 10 + d;
	}
	v = neg ? -v : v;
	if (v > INT32_MAX || v <= INT32_MIN)
		return 0;
	*out = (int)v;
	return 1;
}

/* A code written as a decimal number with a zero fraction ("7.000000",
 * "7,0": statistics packages export codes so): 1 and its value in *out,
 * or 0 if s is not one ("7.5" is not a code). */
static int
zero_fraction_int(const char *s, size_t n, int *out)
{
	const char *mark = memchr(s, '.', n);
	if (mark == NULL)
		mark = memchr(s, ',', n);
	if (mark == NULL || mark == s || (size_t)(mark - s) + 1 == n)
		return 0;
	for (const char *p = mark + 1; p < s + n; p++)
		if (*p != '0')
			return 0;
	return fast_int(s, (size_t)(mark - s), out);
}

/* Whether another error may be reported; counts it. */
static int
err_room(struct rs *s)
{
	return s->nerr++ < MAX_ERRORS;
}

static struct pos
cell_pos(struct rs *s, size_t c)
{
	return insrc_pos(s->r, c);
}

/* ------------------------------------------------------------ lookup tables */

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void
valset_init(struct valset *vs, const struct cb_var *v)
{
	vs->big = xmalloc((v->ncodes ? v->ncodes : 1) * sizeof *vs->big);
	for (size_t i = 0; i < v->ncodes; i++) {
		int x = v->codes[i].value;
		if (x >= 0 && x < 64)
			vs->mask |= UINT64_C(1) << x;
		else
			vs->big[vs->nbig++] = x;
	}
	qsort(vs->big, vs->nbig, sizeof *vs->big, cmp_int);
}

static int
valset_has(const struct valset *vs, int x)
{
	if ((unsigned)x < 64)
		return (int)(vs->mask >> x & 1);
	return vs->nbig && bsearch(&x, vs->big, vs->nbig, sizeof x, cmp_int) != NULL;
}

static void
muni_table(struct rs *s)
{
	const struct codebook *cb = s->cb;
	s->mcap = 16;
	while (s->mcap < 2 * cb->nmunis)
		s->mcap *= 2;
	s->mslot = xcalloc(s->mcap, sizeof *s->mslot);
	for (size_t m = 0; m < cb->nmunis; m++) {
		const char *n = cb->munis[m].name;
		size_t i = hash_bytes(n, strlen(n)) & (s->mcap - 1);
		while (s->mslot[i])
			i = (i + 1) & (s->mcap - 1);
		s->mslot[i] = (int)m + 1;
	}
}

static int
muni_lookup(const struct rs *s, const char *name, size_t len)
{
	size_t i = hash_bytes(name, len) & (s->mcap - 1);
	for (; s->mslot[i]; i = (i + 1) & (s->mcap - 1)) {
		const char *m = s->cb->munis[s->mslot[i] - 1].name;
		if (strncmp(m, name, len) == 0 && m[len] == '\0')
			return s->mslot[i] - 1;
	}
	return -1;
}

/* Moves the entries of the table into a new one of cap slots. */
static void
idset_rebuild(struct idset *d, size_t cap)
{
	struct idslot *old = d->slot;
	size_t oldn = d->cap;
	d->slot = xcalloc(cap, sizeof *d->slot);
	d->cap = cap;
	for (size_t k = 0; k < oldn; k++) {
		if (old[k].h == 0)
			continue;
		size_t i = old[k].h & (cap - 1);
		while (d->slot[i].h)
			i = (i + 1) & (cap - 1);
		d->slot[i] = old[k];
	}
	free(old);
}

/* Second pass: records id s seen on line; returns the line of an earlier
 * equal id (equal hash), or 0. */
static long
idset_hashed_add(struct idset *d, const char *s, size_t len, long line)
{
	uint64_t h = hash_bytes(s, len);
	if (2 * (d->n + 1) > d->cap)
		idset_rebuild(d, d->cap ? 2 * d->cap : 1024);
	size_t i = h & (d->cap - 1);
	for (; d->slot[i].h; i = (i + 1) & (d->cap - 1))
		if (d->slot[i].h == h)
			return d->slot[i].line;
	d->slot[i] = (struct idslot){h, line};
	d->n++;
	return 0;
}

/* Whether id s comes after the previous one (shorter ids first, then bytes). */
static int
idset_in_order(const struct idset *d, const char *s, size_t len)
{
	if (d->nseen == 0 || len > d->prevlen)
		return 1;
	return len == d->prevlen && memcmp(s, d->prev, len) > 0;
}

/* First pass: notes id s. Keeps only the previous id while the ids are in
 * order; after the first one out of order, nothing. */
static void
idset_note(struct idset *d, const char *s, size_t len)
{
	if (d->unsorted)
		return;
	if (!idset_in_order(d, s, len)) {
		d->unsorted = 1;
		return;
	}
	xgrow(&d->prev, &d->prevcap, len + 1, 1);
	memcpy(d->prev, s, len);
	d->prevlen = len;
	d->nseen++;
}

/* Groups the variables by filter: equal filters (same canonical text) are
 * evaluated once per row. */
static void
filters_init(struct rs *s)
{
	const struct codebook *cb = s->cb;
	char **text = xcalloc(cb->nvars, sizeof *text);
	s->vfilt = xmalloc(cb->nvars * sizeof *s->vfilt);
	s->filt = xcalloc(cb->nvars, sizeof *s->filt);
	for (size_t v = 0; v < cb->nvars; v++) {
		s->vfilt[v] = -1;
		if (cb->vars[v].ask == NULL)
			continue;
		struct buf b = {0};
		ex_print(cb->vars[v].ask, cb, &b);
		size_t f = 0;
		while (f < s->nfilt && strcmp(text[f], b.s) != 0)
			f++;
		if (f == s->nfilt) {
			text[f] = buf_take(&b);
			s->filt[s->nfilt++] = cb->vars[v].ask;
		}
		buf_free(&b);
		s->vfilt[v] = (int)f;
	}
	for (size_t f = 0; f < s->nfilt; f++)
		free(text[f]);
	free(text);
	s->memo = xmalloc(s->nfilt + 1);
}

/* ------------------------------------------------------------ cells */

/* Notes bad cell c (text f) of the row, to be reported at the row's end:
 * until then the row may still turn out ragged, which is reported alone. */
static int
pend(struct rs *s, size_t c, enum pend_kind kind, const char *f, size_t len)
{
	xgrow(&s->pend, &s->pendcap, s->npend + 1, sizeof *s->pend);
	xgrow(&s->ptext, &s->ptcap, s->ptlen + len + 1, 1);
	s->pend[s->npend++] = (struct pend){c, kind, s->ptlen};
	memcpy(s->ptext + s->ptlen, f, len);
	s->ptext[s->ptlen + len] = '\0';
	s->ptlen += len + 1;
	return 1;
}

/* Notes the empty id in column c, in column order among the noted cells. */
static void
pend_empty_id(struct rs *s, size_t c)
{
	size_t i = s->npend;
	pend(s, c, P_EMPTY_ID, "", 0);
	struct pend e = s->pend[i];
	for (; i > 0 && s->pend[i - 1].col > c; i--)
		s->pend[i] = s->pend[i - 1];
	s->pend[i] = e;
}

/* Empty cells are not delivered (CSV_READ_SKIP_EMPTY): an id column still
 * CB_MISSING at the end of the row was empty. */
static void
check_empty_ids(struct rs *s)
{
	for (size_t i = 0; i < s->nidcols; i++)
		if (s->row[s->cols[s->idcols[i]].var] == CB_MISSING)
			pend_empty_id(s, s->idcols[i]);
}

/* Reports one noted bad cell. */
static void
report(struct rs *s, const struct pend *e)
{
	const char *text = s->ptext + e->text;
	struct pos p = cell_pos(s, e->col);
	switch (e->kind) {
	case P_CODE:
		diag(M_CB_BAD_CODE, &p, text, s->cb->vars[s->cols[e->col].var].name);
		break;
	case P_NUMBER:
		diag(M_CB_BAD_NUMBER, &p, text);
		break;
	case P_MUNI:
		diag(M_CB_UNKNOWN_MUNI, &p, text);
		break;
	case P_EMPTY_ID:
		diag(M_CB_EMPTY_ID, &p);
		break;
	case P_NUM_DECIMALS:
		diag(M_CB_NUM_DECIMALS, &p, text, s->cb->vars[s->cols[e->col].var].name,
		    s->cb->vars[s->cols[e->col].var].decimals);
		break;
	case P_NUM_RANGE:
		diag(M_CB_NUM_RANGE, &p, text, s->cb->vars[s->cols[e->col].var].name);
		break;
	}
}

/* Reports the row's bad cells in column order; whether there were any. */
static int
report_pending(struct rs *s)
{
	size_t n = s->npend;
	for (size_t i = 0; i < n; i++)
		if (err_room(s))
			report(s, &s->pend[i]);
	s->npend = s->ptlen = 0;
	return n > 0;
}

static int
conv_code(struct rs *s, const char *f, size_t len, size_t c, int var)
{
	int x;
	if ((fast_int(f, len, &x) || zero_fraction_int(f, len, &x)) && valset_has(&s->vs[var], x)) {
		s->row[var] = x;
		return 0;
	}
	return pend(s, c, P_CODE, f, len);
}

/* Parses a decimal number "[-]DIGITS[(.|,)DIGITS]" (mark: the declared
 * one, or either when 0) into value * 10^dec; extra decimals must be zeros
 * ("7.000000" is 7). Returns 0, or the pend kind of the error. */
static int
parse_scaled(const char *f, size_t len, char mark, int dec, int *out)
{
	const char *p = f, *e = f + len;
	int neg = p < e && *p == '-', d = -1, digits = 0;
	long long v = 0;
	p += neg;
	for (; p < e; p++) {
		unsigned u = (unsigned)(unsigned char)*p - '0';
		if (u <= 9) {
			digits++;
			if (d >= dec) {
				if (u != 0)
					return P_NUM_DECIMALS;
				continue;
			}
			if (v > (long long)INT32_MAX * 10)
				return P_NUM_RANGE;
			v = v * 10 + u;
			d += d >= 0;
		} else if (d < 0 && digits > 0 && (*p == ',' || *p == '.') && (mark == 0 || *p == mark))
			d = 0;
		else
			return P_NUMBER;
	}
	if (digits == 0 || (unsigned)(unsigned char)e[-1] - '0' > 9)
		return P_NUMBER;
	for (d = d < 0 ? 0 : d; d < dec; d++)
		if ((v *= 10) > INT32_MAX)
			return P_NUM_RANGE;
	if (v > INT32_MAX)
		return P_NUM_RANGE;
	*out = neg ? -(int)v : (int)v;
	return 0;
}

static int
conv_number(struct rs *s, const char *f, size_t len, size_t c, int var)
{
	const struct cb_var *v = &s->cb->vars[var];
	if (v->decimals == 0 && fast_int(f, len, &s->row[var]))
		return 0;
	int k = parse_scaled(f, len, v->decimal_mark, v->decimals, &s->row[var]);
	return k == 0 ? 0 : pend(s, c, (enum pend_kind)k, f, len);
}

static int
conv_muni(struct rs *s, const char *f, size_t len, size_t c, int var)
{
	int m = muni_lookup(s, f, len);
	if (m >= 0) {
		s->row[var] = m;
		return 0;
	}
	return pend(s, c, P_MUNI, f, len);
}

/* Duplicates are found by idpass_row after the pass (only possible when
 * the ids are not in order). */
static int
conv_id(struct rs *s, const char *f, size_t len, size_t c, int var)
{
	(void)c;
	idset_note(&s->ids[var], f, len);
	s->row[var] = (int)s->index;
	return 0;
}

static int
conv_text(struct rs *s, const char *f, size_t len, size_t c, int var)
{
	(void)c;
	struct resp_texts *t = s->in->texts;
	if (t == NULL || t->want == NULL || !t->want[var] || t->n >= INT32_MAX - 1) {
		s->row[var] = 1;
		return 0;
	}
	xgrow(&t->s, &t->cap, t->n + 1, sizeof *t->s);
	t->s[t->n++] = xstrndup(f, len);
	s->row[var] = (int)t->n;
	return 0;
}

static const conv_fn convs[] = {
	[CB_ID] = conv_id, [CB_MUNI] = conv_muni, [CB_SINGLE] = conv_code,
	[CB_SCALE] = conv_code, [CB_MULTI] = conv_code, [CB_NUMBER] = conv_number,
	[CB_TEXT] = conv_text,
};

/* ------------------------------------------------------------ rows */

/* Warns about the answer in column c, which its filter says was not asked. */
static void
not_asked(struct rs *s, size_t c)
{
	if (s->nwarn++ >= MAX_WARNINGS) {
		s->hidden++;
		return;
	}
	struct pos p = cell_pos(s, c);
	diag(M_CB_NOT_ASKED, &p, s->cb->vars[s->cols[c].var].name);
}

/* Each distinct filter is evaluated at most once per row, and only when one
 * of the variables it guards is answered (s->asked, from on_field). */
static void
check_asks(struct rs *s)
{
	const int *row = s->row;
	signed char *memo = s->memo;
	if (s->nasked == 0)
		return;
	memset(memo, -1, s->nfilt);
	for (size_t i = 0; i < s->nasked; i++) {
		int f = s->cols[s->asked[i]].filt;
		if (memo[f] < 0)
			memo[f] = (signed char)ex_eval(s->filt[f], row);
		if (!memo[f])
			not_asked(s, s->asked[i]);
	}
}

static int
is_code_type(int t)
{
	return t == CB_SINGLE || t == CB_SCALE || t == CB_MULTI;
}

/* Converts cell c the slow way: every case but a one-digit code. */
static int
convert(struct rs *s, size_t c, const char *f, size_t len)
{
	const struct col *k = &s->cols[c];
	if (convs[k->type](s, f, len, c, k->var) != 0)
		s->row[k->var] = CB_MISSING;
	return 0;
}

/* Field callback, the hot path: converts cell c straight from the reader's
 * buffer; one-digit codes are done inline. Empty cells are not delivered:
 * the row starts as s->blank. Notes the cells whose variable has a filter. */
static int
on_field(void *ctx, size_t c, const char *f, size_t len)
{
	struct rs *s = ctx;
	const struct col *k = &s->cols[c];
	if (k->var < 0) /* an ignored column */
		return 0;
	s->setv[s->nset++] = k->var;
	if (k->filt >= 0)
		s->asked[s->nasked++] = c;
	unsigned d = (unsigned)(unsigned char)f[0] - '0';
	if (len != 1 || d > 9 || !(k->mask >> d & 1))
		return convert(s, c, f, len);
	s->row[k->var] = (int)d;
	return 0;
}

/* End of a data row: its messages, derived variables, filters, then fn. */
static int
on_row_end(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct rs *s = ctx;
	(void)r;
	check_empty_ids(s);
	int bad = report_pending(s);
	cb_derive(s->cb, s->row, s->in->edition);
	if (!bad)
		check_asks(s);
	s->nasked = 0;
	s->index++;
	for (size_t v = s->cb->ncolumns; v < s->cb->nvars; v++)
		s->setv[s->nset++] = (int)v;
	if (s->nerr == 0 && s->fnset)
		s->fnset(s->ctx, s->row, s->setv, s->nset, row->line);
	else if (s->nerr == 0 && s->fn)
		s->fn(s->ctx, s->row, row->line);
	s->nset = 0;
	memcpy(s->row, s->blank, s->cb->ncolumns * sizeof *s->row);
	if (s->nerr < MAX_ERRORS)
		return 0;
	diag(M_CB_TOO_MANY, NULL, insrc_file(s->r));
	return 1;
}

/* ------------------------------------------------------------ the header */

/* Maps column c by its name; a column that is no variable is ignored
 * (`ignore`, or listed in *undeclared under `ignore-undeclared`) or an error. */
static void
map_column(struct rs *s, const struct csv_row *row, size_t c, int *seen, struct buf *undeclared,
    size_t *nund)
{
	const char *name = row->field[c];
	int v = cb_var_find(s->cb, name);
	struct pos p = cell_pos(s, c);
	if (v < 0 || s->cb->vars[v].column < 0) {
		s->cols[c].var = s->cols[c].type = -1;
		if (v < 0 && cb_ignored(s->cb, name))
			return;
		if (v < 0 && s->cb->ignore_undeclared) {
			if ((*nund)++ < 20)
				buf_printf(undeclared, "%s%s", *nund > 1 ? ", " : "", name);
			return;
		}
		if (err_room(s))
			diag(M_CB_UNKNOWN_COLUMN, &p, name);
		return;
	}
	if (seen[v] >= 0) {
		if (err_room(s))
			diag(M_CB_DUP_COLUMN, &p, name, seen[v] + 1);
		return;
	}
	seen[v] = (int)c;
	int t = (int)s->cb->vars[v].type;
	if (t == CB_MUNI && s->cb->muni_path == NULL)
		t = CB_TEXT; /* no municipality table: plain text */
	if (t == CB_ID)
		s->idcols[s->nidcols++] = c;
	s->cols[c] = (struct col){v, t, s->vfilt[v], is_code_type(t) ? s->vs[v].mask & 0x3FF : 0};
}

static int
header(struct rs *s, const struct csv_row *row)
{
	const struct codebook *cb = s->cb;
	int *seen = xmalloc((cb->ncolumns + 1) * sizeof *seen);
	for (size_t v = 0; v < cb->ncolumns; v++)
		seen[v] = -1;
	s->ncols = row->n;
	s->cols = xcalloc(row->n + 1, sizeof *s->cols);
	s->asked = xcalloc(row->n + 1, sizeof *s->asked);
	free(s->setv);
	s->setv = xcalloc(row->n + s->cb->nvars + 1, sizeof *s->setv);
	s->idcols = xcalloc(row->n + 1, sizeof *s->idcols);
	for (size_t c = 0; c < row->n; c++)
		s->cols[c].filt = -1; /* until mapped */
	struct buf und = {0};
	size_t nund = 0;
	for (size_t c = 0; c < row->n; c++)
		map_column(s, row, c, seen, &und, &nund);
	struct pos p = {insrc_file(s->r), (int)row->line, 1};
	if (nund > 0) {
		if (nund > 20)
			buf_printf(&und, " and %zu more", nund - 20);
		diag(M_CB_IGNORED_COLUMNS, &p, nund, nund == 1 ? "" : "s", und.s);
	}
	buf_free(&und);
	for (size_t v = 0; v < cb->ncolumns; v++)
		if (seen[v] < 0 && err_room(s))
			diag(M_CB_MISSING_COLUMN, &p, cb->vars[v].name);
	free(seen);
	return s->nerr > 0;
}

static int
on_header(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	(void)r;
	return header(ctx, row);
}

/* ------------------------------------------------------------ the id pass */

/* Whether some id column has its ids out of order. */
static int
ids_unsorted(const struct rs *s)
{
	for (size_t c = 0; c < s->ncols; c++)
		if (s->cols[c].type == CB_ID && s->ids[s->cols[c].var].unsorted)
			return 1;
	return 0;
}

/* Second pass: puts the ids of every unsorted id column into its hash set
 * and reports each duplicate at its cell, naming the first line. */
static int
idpass_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	struct rs *s = ctx;
	(void)r;
	for (size_t c = 0; row->index > 0 && c < s->ncols; c++) {
		const struct col *k = &s->cols[c];
		if (k->type != CB_ID || !s->ids[k->var].unsorted || row->len[c] == 0)
			continue;
		long first = idset_hashed_add(&s->ids[k->var], row->field[c], row->len[c], row->line);
		if (first != 0 && err_room(s)) {
			struct pos p = cell_pos(s, c);
			diag(M_CB_DUP_ID, &p, row->field[c], (int)first);
		}
	}
	if (s->nerr < MAX_ERRORS)
		return 0;
	diag(M_CB_TOO_MANY, NULL, insrc_file(s->r));
	return 1;
}

/* Reads path again for the id columns whose ids were out of order. */
static int
id_pass(struct rs *s, const char *path)
{
	struct insrc *first = s->r;
	struct resp_in again = {path, insrc_delim(first), s->in->encoding, NULL, NULL, s->in->edition, NULL};
	int st;
	s->r = insrc_open(&again, CSV_READ_COMMENTS, &st);
	if (s->r == NULL) {
		s->r = first;
		return st;
	}
	st = insrc_run(s->r, idpass_row, s);
	insrc_free(s->r);
	s->r = first;
	return st;
}

/* ------------------------------------------------------------ the stream */

static void
rs_init(struct rs *s)
{
	const struct codebook *cb = s->cb;
	s->vs = xcalloc(cb->ncolumns + 1, sizeof *s->vs);
	for (size_t v = 0; v < cb->ncolumns; v++)
		valset_init(&s->vs[v], &cb->vars[v]);
	s->row = xmalloc((cb->nvars + 1) * sizeof *s->row);
	s->blank = xmalloc((cb->ncolumns + 1) * sizeof *s->blank);
	for (size_t v = 0; v < cb->ncolumns; v++)
		s->blank[v] = s->row[v] = CB_MISSING;
	s->ids = xcalloc(cb->ncolumns + 1, sizeof *s->ids);
	muni_table(s);
	filters_init(s);
}

static void
rs_free(struct rs *s)
{
	for (size_t v = 0; v < s->cb->ncolumns; v++)
		free(s->vs[v].big);
	free(s->vs);
	free(s->row);
	free(s->vfilt);
	free(s->filt);
	free(s->memo);
	free(s->mslot);
	for (size_t v = 0; v < s->cb->ncolumns; v++) {
		free(s->ids[v].slot);
		free(s->ids[v].prev);
	}
	free(s->ids);
	free(s->cols);
	free(s->asked);
	free(s->setv);
	free(s->pend);
	free(s->blank);
	free(s->idcols);
	free(s->ptext);
}

static int
stream(const struct codebook *cb, const struct resp_in *in, resp_row_fn fn,
    resp_rowset_fn fnset, void *ctx)
{
	const char *path = in->path;
	struct rs s = {0};
	s.cb = cb;
	s.in = in;
	s.fn = fn;
	s.fnset = fnset;
	s.ctx = ctx;
	s.index = 1;
	int st;
	s.r = insrc_open(in, CSV_READ_COMMENTS | CSV_READ_SKIP_EMPTY, &st);
	if (s.r == NULL)
		return st;
	rs_init(&s);
	st = insrc_run_fields(s.r, on_header, on_field, on_row_end, &s);
	if (st == 0 && s.nerr < MAX_ERRORS && ids_unsorted(&s))
		st = id_pass(&s, path);
	if (s.hidden > 0) {
		struct pos p = {insrc_file(s.r), 0, 0};
		diag(M_CB_MORE_NOT_ASKED, &p, s.hidden);
	}
	insrc_free(s.r);
	rs_free(&s);
	if (st == 3)
		return 3;
	return st != 0 || s.nerr > 0 ? 1 : 0;
}

int
resp_stream(const struct codebook *cb, const char *path, int delim, resp_row_fn fn, void *ctx)
{
	return stream(cb, &(struct resp_in){path, delim, NULL, NULL, NULL, 0, NULL}, fn, NULL, ctx);
}

int
resp_stream_set(const struct codebook *cb, const char *path, int delim,
    resp_rowset_fn fn, void *ctx)
{
	return stream(cb, &(struct resp_in){path, delim, NULL, NULL, NULL, 0, NULL}, NULL, fn, ctx);
}

int
resp_stream_tap(const struct codebook *cb, const char *path, int delim,
    resp_rowset_fn fn, void *ctx, const struct csv_tap *tap)
{
	return stream(cb, &(struct resp_in){path, delim, NULL, tap, NULL, 0, NULL}, NULL, fn, ctx);
}

int
resp_stream_in(const struct codebook *cb, const struct resp_in *in,
    resp_rowset_fn fn, void *ctx)
{
	return stream(cb, in, NULL, fn, ctx);
}

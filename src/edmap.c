/* edmap.c: an edition's own codebook translated into the reference codebook (renames, recodes, meaning checks). */
#include "edmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "layout.h"

/* One reference variable as the edition has it. */
struct edvar {
	int src;               /* the edition's declared variable feeding it, or -1 */
	enum edmap_status st;
	char *why;             /* ED_CHANGED / ED_ABSENT: the reason (owned) */
	const struct lay_map_item *item; /* the rename, recode or same line, or NULL */
	const struct lay_map_item *recode; /* its first recode line, or NULL */
	int same;              /* a same line names it */
	int *from, *to;        /* the value table (recode; sorted by from), owned */
	int *line;             /* the line of each pair (recode), owned */
	size_t n, cap;
	int small[64];         /* the table for values 0..63 (CB_MISSING: none) */
	int scale;             /* number: times this (10^(ref decimals - edition's)) */
	int *muni;             /* municipality: the edition's index -> the reference's, or -1 */
};

struct edmap {
	const struct codebook *ref, *ed; /* borrowed */
	char *label, *ref_label;
	struct edvar *v;       /* [ref->nvars] */
	int *dst;              /* [ed->nvars]: the reference variable an edition
	                        * variable feeds with the same meaning, or -1 */
	const struct lay_map_item **renamed; /* [ed->nvars]: its rename line, or NULL */
};

const struct codebook *
edmap_codebook(const struct edmap *m)
{
	return m->ed;
}

void
edmap_free(struct edmap *m)
{
	if (m == NULL)
		return;
	for (size_t r = 0; r < m->ref->nvars; r++) {
		free(m->v[r].why);
		free(m->v[r].from);
		free(m->v[r].to);
		free(m->v[r].line);
		free(m->v[r].muni);
	}
	free(m->v);
	free(m->dst);
	free(m->renamed);
	free(m->label);
	free(m->ref_label);
	free(m);
}

/* ------------------------------------------------------------ renames */

/* The declared variable called name of cb, or -1. */
static int
declared(const struct codebook *cb, const char *name)
{
	int v = cb_var_find(cb, name);
	return v >= 0 && cb->vars[v].column >= 0 ? v : -1;
}

static void
no_var(const struct edmap *m, const char *name, struct pos at, int in_ref)
{
	char *who = in_ref ? xstrdup("the reference codebook") : xasprintf("edition %s's codebook", m->label);
	diag(M_EDMAP_NO_VAR, &at, who, name);
	free(who);
}

/* The rename line whose OLD is edition variable ev, or NULL. */
static const struct lay_map_item *
rename_of(const struct edmap *m, int ev)
{
	return ev >= 0 ? m->renamed[ev] : NULL;
}

/* rename OLD NEW: OLD an edition variable renamed once, NEW a reference
 * variable named by one rename; NEW is no other edition variable's name
 * unless that one is renamed too, and the renames form no cycle. */
static int
rename_check(struct edmap *m, const struct lay_map_item *it)
{
	int ev = declared(m->ed, it->var), rv = declared(m->ref, it->to);
	if (ev < 0 || rv < 0) {
		no_var(m, ev < 0 ? it->var : it->to, ev < 0 ? it->var_pos : it->to_pos, ev >= 0);
		return -1;
	}
	if (m->renamed[ev]) {
		char *what = xasprintf("variable \"%s\" is renamed twice", it->var);
		diag(M_EDMAP_TWICE, &it->var_pos, what, m->renamed[ev]->var_pos.line);
		free(what);
		return -1;
	}
	if (m->v[rv].item && m->v[rv].item->kind == LM_RENAME) {
		char *what = xasprintf("two variables are renamed to \"%s\"", it->to);
		diag(M_EDMAP_TWICE, &it->to_pos, what, m->v[rv].item->to_pos.line);
		free(what);
		return -1;
	}
	m->renamed[ev] = it;
	m->v[rv].item = it;
	m->v[rv].src = ev;
	return 0;
}

/* After every rename: a NEW that is an edition variable's name must be
 * renamed away itself, and following the renames must not come back. */
static int
rename_chains(struct edmap *m, const struct lay_map_item *it)
{
	int start = declared(m->ed, it->var), at = declared(m->ed, it->to);
	struct buf b = {0};
	buf_printf(&b, "%s -> %s", it->var, it->to);
	for (size_t steps = 0; at >= 0 && steps <= m->ed->ncolumns; steps++) {
		const struct lay_map_item *next = rename_of(m, at);
		if (next == NULL) {
			diag(M_EDMAP_ONTO, &it->to_pos, it->var, it->to, m->label, it->to);
			buf_free(&b);
			return -1;
		}
		buf_printf(&b, " -> %s", next->to);
		if (at == start || declared(m->ed, next->to) == start) {
			diag(M_EDMAP_CYCLE, &it->var_pos, b.s);
			buf_free(&b);
			return -1;
		}
		at = declared(m->ed, next->to);
	}
	buf_free(&b);
	return 0;
}

/* ------------------------------------------------------------ recodes */

/* The reference variable edition variable ev feeds: its rename's NEW, else
 * the same name (unless renamed away); -1 if none. */
static int
target_of(const struct edmap *m, int ev)
{
	const struct lay_map_item *rn = rename_of(m, ev);
	return declared(m->ref, rn ? rn->to : m->ed->vars[ev].name);
}

static int
is_coded(enum cb_type t)
{
	return t == CB_SINGLE || t == CB_SCALE || t == CB_MULTI;
}

/* The code of v called key (a key or a value); reports at at if none. */
static const struct cb_code *
code_of(const struct edmap *m, const struct cb_var *v, const char *key, struct pos at, int in_ref)
{
	const struct cb_code *c = cb_code_find(v, key);
	if (c == NULL) {
		char *where = in_ref ? xstrdup("the reference codebook") : xasprintf("edition %s", m->label);
		diag(M_EDMAP_NO_CODE, &at, key, v->name, where);
		free(where);
	}
	return c;
}

/* Adds the value pair from -> to (given at line) to x's table. */
static void
table_add(struct edvar *x, int from, int to, int line)
{
	xgrow(&x->from, &x->cap, x->n + 1, sizeof *x->from);
	x->to = xrealloc(x->to, x->cap * sizeof *x->to);
	x->line = xrealloc(x->line, x->cap * sizeof *x->line);
	x->from[x->n] = from, x->to[x->n] = to, x->line[x->n++] = line;
}

/* Adds FROM -> TO to the table of reference variable rv (fed by ev). */
static int
recode_pair(struct edmap *m, int ev, int rv, const struct lay_map_pair *pr)
{
	struct edvar *x = &m->v[rv];
	const struct cb_code *from = code_of(m, &m->ed->vars[ev], pr->from, pr->from_pos, 0);
	const struct cb_code *to = code_of(m, &m->ref->vars[rv], pr->to, pr->to_pos, 1);
	if (from == NULL || to == NULL)
		return -1;
	for (size_t i = 0; i < x->n; i++)
		if (x->from[i] == from->value) {
			char *what = xasprintf("code \"%s\" of variable \"%s\" is recoded twice", from->key,
			    m->ed->vars[ev].name);
			diag(M_EDMAP_TWICE, &pr->from_pos, what, x->line[i]);
			free(what);
			return -1;
		}
	table_add(x, from->value, to->value, pr->from_pos.line);
	return 0;
}

/* The edition's variable an item names (*ev) and the reference variable it
 * feeds (*rv); -1 after a message when either is missing. */
static int
item_vars(struct edmap *m, const struct lay_map_item *it, int *ev, int *rv)
{
	*ev = declared(m->ed, it->var);
	if (*ev < 0) {
		no_var(m, it->var, it->var_pos, 0);
		return -1;
	}
	*rv = target_of(m, *ev);
	if (*rv < 0) {
		diag(M_EDMAP_NO_REF, &it->var_pos, it->var, m->label, it->var);
		return -1;
	}
	return 0;
}

/* recode VAR FROM -> TO, ...: VAR is the edition's coded variable, feeding a
 * coded reference variable. */
static int
recode_line(struct edmap *m, const struct lay_map_item *it)
{
	int ev, rv;
	if (item_vars(m, it, &ev, &rv) != 0)
		return -1;
	if (!is_coded(m->ed->vars[ev].type) || !is_coded(m->ref->vars[rv].type)) {
		char *msg = xasprintf("recode needs coded variables (single, scale, multi): \"%s\" is %s in edition %s, \"%s\" %s in the reference",
		    it->var, cb_type_name(m->ed->vars[ev].type), m->label, m->ref->vars[rv].name,
		    cb_type_name(m->ref->vars[rv].type));
		diag(M_EDMAP_KIND, &it->var_pos, msg);
		free(msg);
		return -1;
	}
	if (m->v[rv].recode == NULL)
		m->v[rv].recode = it;
	int rc = 0;
	for (size_t q = 0; q < it->npair; q++)
		if (recode_pair(m, ev, rv, &it->pair[q]) != 0)
			rc = -1;
	return rc;
}

/* same VAR: declared unchanged; the edition's codes must be the reference's. */
static int
same_line(struct edmap *m, const struct lay_map_item *it)
{
	int ev, rv;
	if (item_vars(m, it, &ev, &rv) != 0)
		return -1;
	const struct cb_var *e = &m->ed->vars[ev], *r = &m->ref->vars[rv];
	if (is_coded(e->type) != is_coded(r->type) || (!is_coded(e->type) && e->type != r->type)) {
		char *msg = xasprintf("\"%s\" cannot be the same: it is %s in edition %s and %s in the reference",
		    it->var, cb_type_name(e->type), m->label, cb_type_name(r->type));
		diag(M_EDMAP_KIND, &it->var_pos, msg);
		free(msg);
		return -1;
	}
	for (size_t i = 0; i < e->ncodes; i++)
		if (cb_code_by_value(r, e->codes[i].value) == NULL) {
			char *v = xasprintf("%d", e->codes[i].value);
			diag(M_EDMAP_NO_CODE, &it->var_pos, v, r->name, "the reference codebook");
			free(v);
			return -1;
		}
	m->v[rv].same = 1;
	return 0;
}

/* ------------------------------------------------------------ the table */

/* The first difference of coded variables e (edition) and r (reference) in
 * their code lists, or NULL if they are equal (values, keys, labels). */
static char *
code_diff(const struct edmap *m, const struct cb_var *e, const struct cb_var *r)
{
	for (size_t i = 0; i < r->ncodes; i++) {
		const struct cb_code *a = &r->codes[i], *b = cb_code_by_value(e, a->value);
		if (b == NULL)
			return xasprintf("code %d \"%s\" of %s is not in %s", a->value, a->key, m->ref_label, m->label);
		if (strcmp(a->key, b->key) != 0 || strcmp(a->label, b->label) != 0)
			return xasprintf("code %d is \"%s\" (%s) in %s but \"%s\" (%s) in %s", a->value, a->key,
			    a->label, m->ref_label, b->key, b->label, m->label);
	}
	for (size_t i = 0; i < e->ncodes; i++)
		if (cb_code_by_value(r, e->codes[i].value) == NULL)
			return xasprintf("code %d \"%s\" of %s is not in %s", e->codes[i].value,
			    e->codes[i].key, m->label, m->ref_label);
	return NULL;
}

static int
cmp_pair(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Completes a recode table: codes not recoded keep their value when the
 * reference has the same code (value, key, label); else an error at the
 * recode line. table_finish sorts it afterwards. */
static int
recode_finish(struct edmap *m, struct edvar *x, int rv)
{
	const struct cb_var *e = &m->ed->vars[x->src], *r = &m->ref->vars[rv];
	int rc = 0;
	for (size_t i = 0, n = x->n; i < e->ncodes; i++) {
		size_t j = 0;
		while (j < n && x->from[j] != e->codes[i].value)
			j++;
		if (j < n)
			continue;
		const struct cb_code *c = &e->codes[i], *same = cb_code_by_value(r, c->value);
		if (same && strcmp(same->key, c->key) == 0 && strcmp(same->label, c->label) == 0) {
			table_add(x, c->value, c->value, x->recode->var_pos.line);
			continue;
		}
		char *val = xasprintf("%d \"%s\"", c->value, c->key);
		char *rval = same ? xasprintf("%d \"%s\"", same->value, same->key) : xasprintf("%d", c->value);
		diag(M_EDMAP_UNMAPPED, &x->recode->var_pos, val, e->name, m->label, rval,
		    same ? "another key or label" : "none");
		free(val), free(rval);
		rc = -1;
	}
	return rc;
}

/* The status and translation of reference variable rv fed by edition
 * variable ev, without a recode or same line. */
static void
compare(struct edmap *m, struct edvar *x, int rv)
{
	const struct cb_var *e = &m->ed->vars[x->src], *r = &m->ref->vars[rv];
	char *why = NULL;
	if (e->type != r->type && !(x->same && is_coded(e->type) && is_coded(r->type)))
		why = xasprintf("it is %s in %s but %s in %s", cb_type_name(r->type), m->ref_label,
		    cb_type_name(e->type), m->label);
	else if (is_coded(r->type) && !x->same)
		why = code_diff(m, e, r);
	else if (r->type == CB_NUMBER && e->decimals > r->decimals)
		why = xasprintf("decimals %d in %s but %d in %s", r->decimals, m->ref_label,
		    e->decimals, m->label);
	else if (r->type == CB_NUMBER && strcmp(r->unit ? r->unit : "", e->unit ? e->unit : "") != 0 && !x->same)
		why = xasprintf("its unit is \"%s\" in %s but \"%s\" in %s", r->unit ? r->unit : "",
		    m->ref_label, e->unit ? e->unit : "", m->label);
	else if (r->type == CB_MUNI && (m->ref->muni_path == NULL) != (m->ed->muni_path == NULL))
		why = xasprintf("only one of %s and %s has a municipality table", m->ref_label, m->label);
	if (why) {
		x->st = ED_CHANGED;
		x->why = why;
		return;
	}
	x->scale = 1;
	for (int d = e->decimals; r->type == CB_NUMBER && d < r->decimals; d++)
		x->scale *= 10;
	if (r->type != CB_MUNI || m->ref->muni_path == NULL)
		return;
	x->muni = xmalloc((m->ed->nmunis + 1) * sizeof *x->muni);
	for (size_t i = 0; i < m->ed->nmunis; i++) {
		x->muni[i] = cb_muni_find(m->ref, m->ed->munis[i].name);
		if (x->muni[i] < 0 && x->why == NULL) {
			x->st = ED_CHANGED;
			x->why = xasprintf("municipality \"%s\" of %s is not in %s's table",
			    m->ed->munis[i].name, m->label, m->ref_label);
		}
	}
}

/* Fills the small table of a recoded variable and sorts its pairs. */
static void
table_finish(struct edvar *x)
{
	for (int i = 0; i < 64; i++)
		x->small[i] = CB_MISSING;
	int (*pair)[2] = xmalloc((x->n + 1) * sizeof *pair);
	for (size_t i = 0; i < x->n; i++)
		pair[i][0] = x->from[i], pair[i][1] = x->to[i];
	qsort(pair, x->n, sizeof *pair, cmp_pair);
	for (size_t i = 0; i < x->n; i++) {
		x->from[i] = pair[i][0], x->to[i] = pair[i][1];
		if (x->from[i] >= 0 && x->from[i] < 64)
			x->small[x->from[i]] = x->to[i];
	}
	free(pair);
}

/* Every reference variable's source, status and table. */
static int
resolve(struct edmap *m, const struct lay_map *const *maps, size_t nmaps)
{
	int rc = 0;
	for (size_t i = 0; i < nmaps; i++) /* renames first: recode and same use them */
		for (size_t j = 0; j < maps[i]->nitem; j++)
			if (maps[i]->item[j].kind == LM_RENAME && rename_check(m, &maps[i]->item[j]) != 0)
				rc = -1;
	for (size_t i = 0; i < nmaps && rc == 0; i++)
		for (size_t j = 0; j < maps[i]->nitem && rc == 0; j++)
			if (maps[i]->item[j].kind == LM_RENAME && rename_chains(m, &maps[i]->item[j]) != 0)
				rc = -1;
	for (size_t r = 0; r < m->ref->ncolumns && rc == 0; r++) /* the same names */
		if (m->v[r].src < 0) {
			int ev = declared(m->ed, m->ref->vars[r].name);
			if (ev >= 0 && rename_of(m, ev) == NULL)
				m->v[r].src = ev;
		}
	for (size_t i = 0; i < nmaps && rc == 0; i++)
		for (size_t j = 0; j < maps[i]->nitem; j++) {
			const struct lay_map_item *it = &maps[i]->item[j];
			int bad = it->kind == LM_RECODE ? recode_line(m, it)
			    : it->kind == LM_SAME ? same_line(m, it) : 0;
			if (bad)
				rc = -1;
		}
	for (size_t r = 0; r < m->ref->ncolumns && rc == 0; r++) {
		struct edvar *x = &m->v[r];
		if (x->src < 0) {
			x->st = ED_ABSENT;
			x->why = xstrdup(m->ed->path);
		} else if (x->recode) {
			if (recode_finish(m, x, (int)r) != 0)
				rc = -1;
			table_finish(x);
		} else
			compare(m, x, (int)r);
	}
	return rc;
}

/* Derived reference variables mean what their source means; `edition` is
 * the same everywhere. Then the edition variables that feed one. */
static void
derived_status(struct edmap *m)
{
	for (size_t r = m->ref->ncolumns; r < m->ref->nvars; r++) {
		int s = m->ref->vars[r].derived_from;
		if (s < 0)
			continue;
		m->v[r].st = m->v[s].st;
		if (m->v[s].st == ED_CHANGED)
			m->v[r].why = xasprintf("it is derived from \"%s\": %s", m->ref->vars[s].name, m->v[s].why);
		else if (m->v[s].why)
			m->v[r].why = xstrdup(m->v[s].why);
	}
	for (size_t e = 0; e < m->ed->nvars; e++)
		m->dst[e] = -1;
	for (size_t r = 0; r < m->ref->ncolumns; r++)
		if (m->v[r].src >= 0 && m->v[r].st == ED_SAME)
			m->dst[m->v[r].src] = (int)r;
}

struct edmap *
edmap_new(const struct codebook *ref, const struct codebook *ed, const char *label,
    const char *ref_label, const struct lay_map *const *maps, size_t nmaps)
{
	struct edmap *m = xcalloc(1, sizeof *m);
	m->ref = ref, m->ed = ed;
	m->label = xstrdup(label);
	m->ref_label = xstrdup(ref_label);
	m->v = xcalloc(ref->nvars + 1, sizeof *m->v);
	for (size_t r = 0; r < ref->nvars; r++)
		m->v[r].src = -1;
	m->dst = xmalloc((ed->nvars + 1) * sizeof *m->dst);
	m->renamed = xcalloc(ed->nvars + 1, sizeof *m->renamed);
	if (resolve(m, maps, nmaps) != 0) {
		edmap_free(m);
		return NULL;
	}
	derived_status(m);
	return m;
}

/* ------------------------------------------------------------ reading */

enum edmap_status
edmap_status(const struct edmap *m, int v, const char **why)
{
	if (v < 0 || (size_t)v >= m->ref->nvars)
		return ED_SAME;
	if (why)
		*why = m->v[v].why;
	return m->v[v].st;
}

/* The reference value of x for reference variable r (x not missing). */
static int
translate(const struct edvar *x, int v)
{
	if (x->from) {
		if (v >= 0 && v < 64)
			return x->small[v];
		const int *p = bsearch(&v, x->from, x->n, sizeof v, cmp_pair);
		return p ? x->to[p - x->from] : CB_MISSING;
	}
	if (x->muni)
		return x->muni[v] >= 0 ? x->muni[v] : CB_MISSING;
	if (x->scale > 1)
		return (long long)v * x->scale > INT32_MAX || (long long)v * x->scale < -INT32_MAX
		    ? CB_MISSING : v * x->scale;
	return v;
}

int
edmap_value(const struct edmap *m, int ev, int x, int *ref)
{
	int r = ev >= 0 && (size_t)ev < m->ed->ncolumns ? m->dst[ev] : -1;
	*ref = r;
	if (r < 0 || x == CB_MISSING)
		return CB_MISSING;
	return translate(&m->v[r], x);
}

/* One file's reading state: the translated row and its answered set. */
struct edrun {
	const struct edmap *m;
	const struct resp_in *in;
	resp_rowset_fn fn;
	void *ctx;
	int *row;              /* [ref->nvars] */
	int *set;              /* [ref->nvars] */
	long bad_line;         /* first line with a value that does not translate, or 0 */
	int bad_ref;           /* its reference variable */
};

static void
on_row(void *ctx, const int *row, const int *set, size_t nset, long line)
{
	struct edrun *u = ctx;
	const struct edmap *m = u->m;
	size_t n = 0;
	for (size_t i = 0; i < nset; i++) {
		int ev = set[i], r;
		if ((size_t)ev >= m->ed->ncolumns)
			continue;
		int x = edmap_value(m, ev, row[ev], &r);
		if (x == CB_MISSING && row[ev] != CB_MISSING && r >= 0 && m->v[r].st == ED_SAME
		    && u->bad_line == 0) /* a value lost in translation (a rescaled number too large) */
			u->bad_line = line, u->bad_ref = r;
		if (r >= 0) {
			u->row[r] = x;
			u->set[n++] = r;
		}
	}
	size_t nd = n;
	cb_derive(m->ref, u->row, u->in->edition);
	for (size_t r = m->ref->ncolumns; r < m->ref->nvars; r++)
		u->set[n++] = (int)r;
	u->fn(u->ctx, u->row, u->set, n, line);
	for (size_t i = 0; i < nd; i++)
		u->row[u->set[i]] = CB_MISSING;
}

int
edmap_stream(const struct edmap *m, const struct resp_in *in, resp_rowset_fn fn, void *ctx)
{
	size_t nref = m->ref->nvars;
	struct edrun u = {m, in, fn, ctx, xmalloc((nref + 1) * sizeof *u.row),
		xmalloc((nref + 1) * sizeof *u.set), 0, -1};
	for (size_t r = 0; r < nref; r++)
		u.row[r] = CB_MISSING;
	struct resp_texts *t = in->texts;
	const unsigned char *want = t ? t->want : NULL;
	unsigned char *edwant = NULL;
	if (want) { /* the texts the reference wants, by the edition's variables */
		edwant = xcalloc(m->ed->nvars + 1, 1);
		for (size_t e = 0; e < m->ed->ncolumns; e++)
			edwant[e] = m->dst[e] >= 0 && want[m->dst[e]];
		t->want = edwant;
	}
	int rc = resp_stream_in(m->ed, in, on_row, &u);
	if (u.bad_line > 0) { /* never a silently missing answer: the build stops */
		const struct cb_var *rv = &m->ref->vars[u.bad_ref];
		diag(M_EDMAP_RANGE, &(struct pos){util_intern(in->path), (int)u.bad_line, 0}, rv->name, m->label,
		    rv->decimals, m->ref_label);
		rc = rc > 1 ? rc : 1;
	}
	if (t)
		t->want = want;
	free(edwant);
	free(u.row);
	free(u.set);
	return rc;
}

/* ------------------------------------------------------------ the check */

int
edmap_check(const struct edmap *const *maps, size_t n, const unsigned char *admitted,
    const unsigned char *vars, size_t nvars, struct pos at)
{
	for (size_t k = 0; k < n; k++) {
		const struct edmap *m = maps[k];
		if (m == NULL || !admitted[k])
			continue;
		for (size_t v = 0; v < nvars && v < m->ref->nvars; v++) {
			if (!vars[v] || m->v[v].st == ED_SAME)
				continue;
			const char *name = m->ref->vars[v].name;
			if (m->v[v].st == ED_ABSENT)
				diag(M_EDMAP_ABSENT, &at, name, m->label, m->v[v].why, name, m->label);
			else
				diag(M_EDMAP_CHANGED, &at, name, m->ref_label, m->label, m->v[v].why, m->label);
			return -1;
		}
	}
	return 0;
}

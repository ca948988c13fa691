/* eval.c: evaluates a layout: registers statistics, aggregates once, computes, formats, builds the doc. */
#include "eval.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"
#include "cb.h"
#include "diag.h"
#include "doc.h"
#include "edmap.h"
#include "evalint.h"
#include "expr.h"
#include "layout.h"
#include "lang.h"
#include "resp.h"
#include "stat.h"

/* ---------- exact rationals (display units: percent, points, counts) ---------- */

struct rat
ev_rat_make(wide n, wide d)
{
	return rat_make(n, d);
}

int
ev_rat_cmp(struct rat a, struct rat b)
{
	return rat_cmp(&a, &b);
}

double
ev_rat_double(struct rat r)
{
	return rat_double(&r);
}

long
ev_rat_round(struct rat r, int dec)
{
	long v;
	rat_round(&r, dec, &v);
	return v;
}

/* "64,4" / "-5" from a scaled integer, in the build's language. */
char *
ev_fmt_scaled(long v, int dec)
{
	if (dec == 0)
		return stat_fmt_int(v);
	long a = v < 0 ? -v : v;
	char *ip = stat_fmt_int(a / 10);
	const struct lang *l = lang_cur();
	char *s = xasprintf("%s%s%s%ld", v < 0 ? l->minus : "", ip, l->decimal, a % 10);
	free(ip);
	return s;
}

/* ---------- populations, sets and names ---------- */

static const struct expr *
pop_lookup(void *ctx, const char *name)
{
	struct eval *e = ctx;
	size_t i = lay_pop_index(e->lay, name); /* only those parsed so far: i < npop */
	if (i == (size_t)-1 || i >= e->npop)
		return NULL;
	/* "*" is kept as NULL: everybody. A population whose definition failed
	 * (reported once) also stands as everybody, so that its uses do not
	 * repeat the error as "unknown variable": parse_pops fails and nothing
	 * is computed with it. */
	return e->pop[i] ? e->pop[i] : ex_everybody();
}

/* Parses expression text (NULL for "*" = everybody); *ok is cleared on error. */
struct expr *
ev_parse(struct eval *e, const char *text, struct pos at, int *ok)
{
	if (strcmp(text, "*") == 0)
		return NULL;
	int before = diag_errors();
	struct expr *x = ex_parse(e->cb, text, at, pop_lookup, e);
	if (x == NULL || diag_errors() > before) {
		*ok = 0;
		if (x == NULL && diag_errors() == before)
			diag(M_LAY_SYNTAX, &at, "invalid expression");
	}
	return x;
}

/* Canonical population text: the name if text is one, else ex_print. Caller frees. */
char *
ev_pop_text(const struct eval *e, const char *text, const struct expr *x)
{
	if (x == NULL)
		return xstrdup("*");
	size_t i = lay_pop_index(e->lay, text);
	if (i != (size_t)-1 && i < e->npop)
		return xstrdup(text);
	struct buf b = {0};
	ex_print(x, e->cb, &b);
	return buf_take(&b);
}

/* Index of variable name, reporting M_LAY_UNKNOWN_VAR at at when absent. */
int
ev_var(const struct eval *e, const char *name, struct pos at)
{
	int v = cb_var_find(e->cb, name);
	if (v < 0)
		diag(M_LAY_UNKNOWN_VAR, &at, name);
	return v;
}

/* Code index of key in variable v, or -1 (reported). */
int
ev_code(const struct eval *e, int v, const char *key, struct pos at)
{
	const struct cb_var *cv = &e->cb->vars[v];
	const struct cb_code *c = cb_code_find(cv, key);
	if (c == NULL) {
		diag(M_EX_UNKNOWN_CODE, &at, key, cv->name);
		return -1;
	}
	return (int)(c - cv->codes);
}

/* Code index of the value "selected" (1) of a multi item. */
size_t
ev_selected(const struct cb_var *v)
{
	if (v->ncodes == 0)
		return 1;
	const struct cb_code *c = cb_code_by_value(v, 1);
	return c ? (size_t)(c - v->codes) : 1;
}

size_t
ev_ncodes(const struct cb_var *v)
{
	return v->type == CB_MULTI && v->ncodes == 0 ? 2 : v->ncodes;
}

/* Whole-word substitution of the loop variables in env. Caller frees. */
char *
ev_subst(const char *s, const struct env *env)
{
	return ev_subst_n(s, strlen(s), env);
}

char *
ev_subst_n(const char *s, size_t n, const struct env *env)
{
	struct buf b = {0};
	buf_add(&b, "", 0);
	for (const char *end = s + n; s < end;) {
		size_t k = 0;
		while (s + k < end && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
		    (s[k] >= '0' && s[k] <= '9') || s[k] == '_'))
			k++;
		if (k == 0) {
			buf_putc(&b, *s++);
			continue;
		}
		const struct env *v = env;
		while (v && (strlen(v->var) != k || strncmp(v->var, s, k) != 0))
			v = v->up;
		if (v)
			buf_puts(&b, v->val);
		else
			buf_add(&b, s, k);
		s += k;
	}
	return buf_take(&b);
}

static void
items_push(struct items *it, const char *s)
{
	xgrow(&it->v, &it->cap, it->n + 1, sizeof *it->v);
	it->v[it->n++] = xstrdup(s);
}

void
ev_items_free(struct items *it)
{
	for (size_t i = 0; i < it->n; i++)
		free(it->v[i]);
	free(it->v);
	memset(it, 0, sizeof *it);
}

static const struct lay_def *
named_set(const struct eval *e, const char *name)
{
	for (size_t i = 0; i < e->lay->nset; i++)
		if (strcmp(e->lay->set[i].name, name) == 0)
			return &e->lay->set[i];
	return NULL;
}

static int
battery_items(const struct eval *e, const char *name, struct items *out)
{
	size_t n0 = out->n;
	for (size_t i = 0; i < e->cb->nvars; i++)
		if (e->cb->vars[i].battery && strcmp(e->cb->vars[i].battery, name) == 0)
			items_push(out, e->cb->vars[i].name);
	return out->n > n0 ? 0 : -1;
}

/* Expands a set into words (variables or code keys). Returns -1 after an error. */
int
ev_set_items(const struct eval *e, const struct lay_set *s, const struct env *env, struct items *out)
{
	char *name = s->name ? ev_subst(s->name, env) : NULL;
	int rc = 0;
	if (s->kind == SET_LIST) {
		for (size_t i = 0; i < s->nitem; i++) {
			char *w = ev_subst(s->item[i], env);
			items_push(out, w);
			free(w);
		}
	} else if (s->kind == SET_BATTERY) {
		if (battery_items(e, name, out) < 0)
			diag(M_LAY_UNKNOWN_SET, &s->pos, name), rc = -1;
	} else if (s->kind == SET_CODES) {
		int v = ev_var(e, name, s->pos);
		if (v < 0)
			rc = -1;
		for (size_t i = 0; v >= 0 && i < e->cb->vars[v].ncodes; i++)
			items_push(out, e->cb->vars[v].codes[i].key);
	} else {
		const struct lay_def *d = named_set(e, name);
		if (d)
			rc = ev_set_items(e, &d->set, env, out);
		else if (cb_var_find(e->cb, name) >= 0)
			items_push(out, name);
		else if (battery_items(e, name, out) < 0)
			diag(M_LAY_UNKNOWN_SET, &s->pos, name), rc = -1;
	}
	free(name);
	return rc;
}

const struct lay_score *
ev_find_score(const struct eval *e, const char *name, struct pos at)
{
	for (size_t i = 0; i < e->lay->nscore; i++)
		if (strcmp(e->lay->score[i].name, name) == 0)
			return &e->lay->score[i];
	diag(M_LAY_UNKNOWN_SET, &at, name);
	return NULL;
}

/* Weight of code index ci of v under score sc; EV_NO_WEIGHT if the code is not scored. */
long
ev_score_weight(const struct lay_score *sc, const struct cb_var *v, size_t ci)
{
	for (size_t k = 0; k < sc->n; k++)
		if (ci < v->ncodes && strcmp(sc->e[k].key, v->codes[ci].key) == 0)
			return sc->e[k].weight;
	return EV_NO_WEIGHT;
}

/* Every key of sc must be a code of v. */
int
ev_score_check(const struct eval *e, const struct lay_score *sc, int v, struct pos at)
{
	for (size_t k = 0; k < sc->n; k++)
		if (ev_code(e, v, sc->e[k].key, at) < 0)
			return -1;
	return 0;
}

/* ---------- the evaluator object ---------- */

struct eval *
eval_new(const struct lay_doc *lay, const struct codebook *cb, const struct eval_opts *opts)
{
	struct eval *e = xcalloc(1, sizeof *e);
	e->lay = lay;
	e->cb = cb;
	if (opts)
		e->o = *opts;
	if (e->o.min_base <= 0)
		e->o.min_base = 5;
	e->item = xcalloc((size_t)lay->nstats + 1, sizeof *e->item);
	e->printed = xcalloc((size_t)lay->nstats + 1, sizeof *e->printed);
	e->fig = xcalloc((size_t)lay->nfigures + 1, sizeof *e->fig);
	e->tab = xcalloc((size_t)lay->ntables + 1, sizeof *e->tab);
	return e;
}

/* Keeps an expression alive until eval_free. */
void
ev_keep(struct eval *e, struct expr *x)
{
	if (x == NULL)
		return;
	xgrow(&e->owned, &e->owned_cap, e->nowned + 1, sizeof *e->owned);
	e->owned[e->nowned++] = x;
}

static int
parse_pops(struct eval *e)
{
	int ok = 1;
	e->pop = xcalloc(e->lay->npop + 1, sizeof *e->pop);
	for (size_t i = 0; i < e->lay->npop; i++) {
		const struct lay_def *d = &e->lay->pop[i];
		if (cb_var_find(e->cb, d->name) >= 0) {
			char *m = xasprintf("population \"%s\" has the name of a variable", d->name);
			diag(M_LAY_SYNTAX, &d->pos, m);
			free(m);
			ok = 0;
		}
		e->pop[i] = ev_parse(e, d->src.text, d->src.pos, &ok);
		e->npop = i + 1;
	}
	return ok ? 0 : -1;
}

/* Calls fn on every statistic of a text (footnotes included). */
static int
text_stats(struct eval *e, const struct lay_text *t)
{
	int rc = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct lay_inline *in = &t->v[i];
		if (in->kind == LI_STAT || in->kind == LI_ASSERT)
			if ((e->item[in->seq] = ev_inst_root(e, in->stat)) == NULL)
				rc = -1;
		if (in->note && text_stats(e, in->note) < 0)
			rc = -1;
	}
	return rc;
}

static int
block_stats(struct eval *e, const struct lay_block *b, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct lay_text *texts[4] = {&b[i].text, NULL, NULL, NULL};
		if (b[i].fig) {
			e->at = b[i].fig->show_pos;
			texts[0] = &b[i].fig->caption;
			texts[1] = &b[i].fig->note;
			texts[2] = &b[i].fig->alt;
			texts[3] = &b[i].fig->source;
			if (ev_fig_register(e, b[i].fig) < 0)
				rc = -1;
		}
		if (b[i].tab) {
			e->at = b[i].tab->pos;
			texts[0] = &b[i].tab->title;
			texts[1] = &b[i].tab->note;
			texts[2] = &b[i].tab->source;
			if (ev_tab_register(e, b[i].tab) < 0)
				rc = -1;
		}
		for (int k = 0; k < 4; k++)
			if (texts[k] && text_stats(e, texts[k]) < 0)
				rc = -1;
		if (b[i].kind == LB_ASSERT && (e->item[b[i].seq] = ev_inst_root(e, b[i].stat)) == NULL)
			rc = -1;
	}
	return rc;
}

/* Computes every statistic after the data pass; checks assertions. */
static int
compute_all(struct eval *e)
{
	int rc = 0;
	for (int i = 0; i < e->lay->nstats; i++)
		if (e->item[i] && ev_node_compute(e, e->item[i]) < 0)
			rc = -1;
	for (int i = 0; i < e->lay->nfigures; i++)
		if (e->fig[i].lf && ev_fig_compute(e, &e->fig[i]) < 0)
			rc = -1;
	for (int i = 0; i < e->lay->ntables; i++)
		if (e->tab[i].lt && ev_tab_compute(e, &e->tab[i]) < 0)
			rc = -1;
	return rc;
}

/* Streams the data in one pass: the layout's one data file, or every
 * edition in layout order (edition i's rows have `edition` = i + 1); the
 * data-path override replaces the default edition's file. */
static int
run_editions(struct eval *e)
{
	size_t n = lay_neditions(e->lay);
	if (n == 0 || e->cb->edition == 0) {
		const char *data = e->o.data_path ? e->o.data_path : lay_data_path(e->lay);
		struct resp_in in = {data, e->o.delim, e->o.encoding, NULL, NULL, 0, NULL};
		return agg_run(e->agg, &in);
	}
	struct resp_in *in = xcalloc(n, sizeof *in);
	for (size_t i = 0; i < n; i++) {
		const char *p = lay_edition(e->lay, i)->path;
		if (e->o.data_path && i == e->lay->ed_default)
			p = e->o.data_path;
		in[i] = (struct resp_in){p, e->o.delim, e->o.encoding, NULL, NULL, (int)i + 1,
			e->o.maps ? e->o.maps[i] : NULL};
	}
	int rc = agg_run_n(e->agg, in, n);
	free(in);
	return rc;
}

/* agg's watch (agg_set_watch): a registration whose rows come from an
 * edition in which one of its variables is absent or changed meaning is an
 * error at e->at (edmap_check), reported once per position. The variables
 * of pop, var, group and the weight count on every edition pop may hold in;
 * those of cond only where cond may hold too. */
static void
meaning_watch(void *ctx, const struct expr *pop, const struct expr *cond, int var, int group)
{
	struct eval *e = ctx;
	size_t n = lay_neditions(e->lay), nv = e->cb->nvars;
	if (e->o.maps == NULL || e->cb->edition == 0 || (e->meaning_at.line == e->at.line &&
	    e->meaning_at.col == e->at.col && e->meaning_at.file == e->at.file && e->at.line > 0))
		return;
	unsigned char *adm = xcalloc(n + 1, 1), *vars = xcalloc(nv + 1, 1);
	int ed = (int)e->cb->edition - 1;
	for (size_t k = 0; k < n; k++)
		adm[k] = (unsigned char)ex_may_hold(pop, ed, (int)k + 1);
	ex_vars(pop, vars);
	int vs[] = {var, group, e->cb->weight};
	for (size_t i = 0; i < sizeof vs / sizeof *vs; i++)
		if (vs[i] >= 0)
			vars[vs[i]] = 1;
	struct pos at = e->at.file ? e->at : (struct pos){e->lay->path, 0, 0};
	int bad = edmap_check(e->o.maps, n, adm, vars, nv, at);
	if (bad == 0 && cond != NULL) {
		memset(vars, 0, nv);
		ex_vars(cond, vars);
		for (size_t k = 0; k < n; k++)
			adm[k] = adm[k] && ex_may_hold(cond, ed, (int)k + 1);
		bad = edmap_check(e->o.maps, n, adm, vars, nv, at);
	}
	if (bad)
		e->meaning_at = e->at;
	free(adm);
	free(vars);
}

int
eval_run(struct eval *e)
{
	int before = diag_errors();
	e->agg = agg_new(e->cb);
	agg_set_watch(e->agg, meaning_watch, e);
	agg_set_weight(e->agg, e->cb->weight);
	if (parse_pops(e) < 0)
		return 1;
	block_stats(e, e->lay->body, e->lay->nbody);
	block_stats(e, e->lay->appendix, e->lay->nappendix);
	if (diag_errors() > before)
		return 1;
	agg_set_tap(e->agg, e->o.tap);
	agg_set_rows(e->agg, e->o.rows);
	int rc = run_editions(e);
	if (rc != 0)
		return rc;
	if (compute_all(e) < 0 || diag_errors() > before)
		return 1;
	e->doc = ev_build_doc(e);
	if (diag_errors() > before) {
		doc_free(e->doc);
		e->doc = NULL;
		return 1;
	}
	return 0;
}

struct doc *
eval_take_doc(struct eval *e)
{
	struct doc *d = e->doc;
	e->doc = NULL;
	return d;
}

void
eval_free(struct eval *e)
{
	if (e == NULL)
		return;
	for (int i = 0; i < e->lay->nstats; i++) {
		ev_node_free(e->item[i]);
		free(e->printed[i]);
	}
	free(e->item);
	free(e->printed);
	for (int i = 0; i < e->lay->nfigures; i++)
		ev_efig_free(&e->fig[i]);
	free(e->fig);
	for (int i = 0; i < e->lay->ntables; i++)
		ev_etab_free(&e->tab[i]);
	free(e->tab);
	for (size_t i = 0; i < e->npop; i++)
		ex_free(e->pop[i]);
	free(e->pop);
	for (size_t i = 0; i < e->nowned; i++)
		ex_free(e->owned[i]);
	free(e->owned);
	ev_audit_free(e);
	doc_free(e->doc);
	agg_free(e->agg);
	free(e);
}

/* para.c: Knuth-Plass total-fit line breaking with hyphenation, justification and word placement. */
#include "para.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "hyph.h"
#include "lang.h"
#include "util.h"

/* TeX's parameters (plain TeX values unless noted). Penalties and demerits are unitless. */
#define INF_PEN 10000.0          /* a penalty this high forbids a break; its negative forces one */
#define INF_BAD 10000.0          /* badness cap */
#define LINE_PENALTY 10.0
#define HYPHEN_PENALTY 300.0      /* a break at a compound joint ("beskæftigelses-|rettet") */
#define INNER_HYPHEN_PENALTY 1000.0 /* a break inside a word part ("beskæfti-|gelsesrettet"), dearer */
#define EXHYPHEN_PENALTY 50.0    /* after an explicit hyphen ("SB-|området") */
#define ADJ_DEMERITS 10000.0     /* adjacent lines of incompatible fitness classes */
#define DOUBLE_HYPHEN_DEMERITS 30000.0 /* two hyphenated lines in a row (TeX: 10000) */
#define FINAL_HYPHEN_DEMERITS 10000.0  /* hyphen on the penultimate line (TeX: 5000) */
#define OVERFULL_DEMERITS 1e8    /* last-resort pass: an overfull line */
#define EMERGENCY_EM 3.0         /* em of extra stretch per line in the last passes (as LaTeX \sloppy) */
#define RAGGED_EM 2.0            /* em of virtual stretch per line when ragged right */
#define MAX_POINTS 64            /* hyphenation points per word */

enum item_type { IT_BOX, IT_GLUE, IT_PEN };

/* A piece: one run's text between word spaces; it becomes one para_word
 * (one per line, if hyphenation breaks fall inside it). */
struct piece {
	const struct doc_run *run;
	const char *s;     /* into run->text */
	size_t n;          /* bytes */
	int face;          /* enum doc_face */
	double size, rise; /* pt */
};

/* Knuth-Plass items: boxes (pieces of words), glue (word spaces), penalties (breaks). */
struct item {
	enum item_type type;
	int piece;         /* box, hyphen penalty: the piece; -1 for the indent and the end */
	size_t a, b;       /* box: byte range of the piece; penalty: break offset in the piece */
	double w, y, z;    /* pt: width, stretch, shrink */
	double pen;        /* penalty value */
	int flagged;       /* hyphen break (counts for double-hyphen demerits) */
	int explicit_;     /* break after an explicit hyphen: no "-" is added */
	int fil;           /* glue of infinite stretch (\parfillskip) */
};

/* Running sums of widths over items [0, i). */
struct sum {
	double w, y, z; /* pt */
	int fil;
};

/* A feasible break. */
struct node {
	int pos;          /* item index of the break; -1 for the paragraph start */
	int start;        /* first item of the line after the break */
	int line;         /* lines set up to here, at most ps.easy (one class beyond) */
	int fit;          /* fitness class of the line ending here: 0 tight .. 3 very loose */
	int flagged;      /* the line ending here ends in a hyphen */
	double dem;       /* total demerits up to here */
	int prev;         /* node index of the previous break, -1 */
};

/* The best way found so far to reach the current break, per (line, fitness). */
struct cand {
	int line, fit;
	double dem;
	int prev;
};

/* Everything para_set works on. */
struct ps {
	const struct para_style *st;
	const struct measure *m;
	struct hyph *h;
	para_width_fn width;
	void *wctx;
	int easy;                /* lines from here on have one width (INT_MAX: unknown) */
	struct piece *pc;
	size_t npc, cappc;
	struct item *it;
	size_t nit, capit;
	struct sum *sum;         /* [nit + 1] */
	double *lw;              /* line widths asked so far, pt */
	size_t nlw, caplw;
	struct node *nodes;
	size_t nnodes, capnodes;
	int *act;                /* active node indices */
	size_t nact, capact;
	struct cand *cand;
	size_t ncand, capcand;
	double tol, extra;       /* this pass: max ratio, extra stretch per line (pt) */
	int final;               /* last-resort pass: overfull lines allowed */
	size_t considered;       /* nodes created, all passes */
};

/* ---- pieces and items ---- */

/* Face of run r in style st: the faces combine (bold heading + italic run =
 * bold italic); a style's own heading face (FONT_HEADING) is one face for all. */
static int
run_face(const struct para_style *st, const struct doc_run *r)
{
	if (st->face == FONT_HEADING)
		return FONT_HEADING;
	return (st->face | (int)r->face) & DOC_BOLDITALIC;
}

/* 1 at a word space, 2 at a no-break space (U+00A0), else 0; *len gets its bytes. */
static int
is_space(const char *s, size_t n, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
		*len = 1;
		return 1;
	}
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) {
		*len = 2; /* no-break space: a glue that is never a break */
		return 2;
	}
	return 0;
}

static void
add_item(struct ps *p, struct item it)
{
	xgrow(&p->it, &p->capit, p->nit + 1, sizeof *p->it);
	p->it[p->nit++] = it;
}

static void
add_penalty(struct ps *p, double pen)
{
	add_item(p, (struct item){.type = IT_PEN, .piece = -1, .pen = pen});
}

/* Nonzero if s[0, n) is one of the words of unit (" pct.", " per cent"),
 * trailing punctuation aside on both. */
static int
unit_word(const char *s, size_t n, const char *unit)
{
	while (n > 0 && strchr(".,;:)", s[n - 1]))
		n--;
	while (n > 0 && *unit) {
		unit += strspn(unit, " ");
		size_t l = strcspn(unit, " ");
		size_t m = l;
		while (m > 0 && strchr(".,;:)", unit[m - 1]))
			m--;
		if (m == n && memcmp(s, unit, n) == 0)
			return 1;
		unit += l;
	}
	return 0;
}

/* Nonzero if text is a dash standing alone or a word of the language's share
 * unit ("pct.", "per cent"), which must not start a line. */
static int
binds_left(const char *s, size_t n)
{
	static const char *const w[] = {"–", "-", "—", "%"};
	for (size_t i = 0; i < sizeof w / sizeof *w; i++)
		if (strlen(w[i]) == n && memcmp(s, w[i], n) == 0)
			return 1;
	return unit_word(s, n, lang_cur()->unit_pct) || unit_word(s, n, lang_default()->unit_pct);
}

/* Nonzero if text is a short number ("6", "1.", "27,"): tied to the word before ("tabel 6"). */
static int
short_number(const char *s, size_t n)
{
	size_t d = 0;
	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	return d > 0 && d <= 2 && (n == d || (n == d + 1 && strchr(".,;:)", s[d])));
}

/* Adds the word space before a new piece; tie forbids a break there. */
static void
add_space(struct ps *p, int face, double size, int tie)
{
	double w = p->m->width(p->m->ctx, face, size, " ", 1);
	if (tie)
		add_penalty(p, INF_PEN);
	int j = p->st->justify;
	add_item(p, (struct item){.type = IT_GLUE, .piece = -1, .w = w,
	    .y = j ? w / 2 : 0, .z = j ? w / 3 : 0});
}

/* Boxes and hyphenation penalties of piece k. */
static void
add_piece_boxes(struct ps *p, size_t k)
{
	const struct piece *c = &p->pc[k];
	size_t pos[MAX_POINTS], np = 0;
	int joint[MAX_POINTS];
	if (c->run->kind == RUN_TEXT) /* explicit hyphens break even without hyphenation */
		np = hy_points_joints(p->st->hyphenate ? p->h : NULL, c->s, c->n, pos, joint, MAX_POINTS);
	double hw = np ? p->m->width(p->m->ctx, c->face, c->size, "-", 1) : 0;
	double done = 0;
	size_t from = 0;
	for (size_t i = 0; i <= np; i++) {
		size_t to = i < np ? pos[i] : c->n;
		double w = p->m->width(p->m->ctx, c->face, c->size, c->s, to);
		add_item(p, (struct item){.type = IT_BOX, .piece = (int)k, .a = from, .b = to, .w = w - done});
		done = w;
		from = to;
		if (i == np)
			break;
		int ex = c->s[to - 1] == '-';
		add_item(p, (struct item){.type = IT_PEN, .piece = (int)k, .b = to, .w = ex ? 0 : hw,
		    .pen = ex ? EXHYPHEN_PENALTY : joint[i] ? HYPHEN_PENALTY : INNER_HYPHEN_PENALTY, .flagged = 1,
		    .explicit_ = ex});
	}
}

/* Reports every code point of run r the face has no glyph for. */
static void
check_glyphs(struct ps *p, const struct doc_run *r, int face)
{
	uint32_t seen[8];
	size_t nseen = 0, n = strlen(r->text);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(r->text + i, n - i, &cp);
		i += l ? l : 1;
		if (l == 0 || cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		    p->m->has_glyph(p->m->ctx, face, cp))
			continue;
		size_t j = 0;
		while (j < nseen && seen[j] != cp)
			j++;
		if (j < nseen || nseen == 8)
			continue;
		seen[nseen++] = cp;
		diag(M_TS_NO_GLYPH, &r->pos, (unsigned)cp);
	}
}

/* State of the word scanner between pieces. */
struct scan {
	int space;       /* a word space is pending */
	int tie;         /* ... and it is a no-break space */
	int face;        /* face and size of the pending space */
	double size;
};

/* Appends piece s[0..n) of run r: the pending space (unless r is a
 * footnote marker, which is glued to the word before), then its boxes. */
static void
add_piece(struct ps *p, struct scan *sc, const struct doc_run *r, const char *s, size_t n)
{
	int face = run_face(p->st, r);
	int note = r->kind == RUN_NOTE;
	if (p->npc > 0 && sc->space && !note)
		add_space(p, sc->face, sc->size, sc->tie || binds_left(s, n) || short_number(s, n));
	sc->space = sc->tie = 0;
	xgrow(&p->pc, &p->cappc, p->npc + 1, sizeof *p->pc);
	p->pc[p->npc] = (struct piece){r, s, n, face,
	    note ? p->st->note_size : p->st->size, note ? p->st->note_rise : 0};
	add_piece_boxes(p, p->npc++);
}

/* Splits run r into pieces at its spaces (spaces inside a link are ties). */
static void
scan_run(struct ps *p, struct scan *sc, const struct doc_run *r)
{
	const char *s = r->text;
	size_t n = strlen(s), i = 0, l;
	while (i < n) {
		int sp = is_space(s + i, n - i, &l);
		if (sp) {
			sc->space = 1;
			sc->tie |= sp == 2 || (r->kind == RUN_LINK && i > 0);
			sc->face = run_face(p->st, r);
			i += l;
			continue;
		}
		size_t e = i;
		while (e < n && !is_space(s + e, n - e, &l))
			e++;
		add_piece(p, sc, r, s + i, e - i);
		i = e;
	}
}

/* Turns t into items: [indent] boxes, glue and penalties, then
 * \penalty10000 \parfillskip \penalty-10000. Returns the number of pieces. */
static size_t
make_items(struct ps *p, const struct doc_text *t)
{
	struct scan sc = {0, 0, p->st->face == FONT_HEADING ? FONT_HEADING : p->st->face & 3, p->st->size};
	if (p->st->indent > 0)
		add_item(p, (struct item){.type = IT_BOX, .piece = -1, .w = p->st->indent});
	for (size_t i = 0; i < t->n; i++) {
		const struct doc_run *r = &t->runs[i];
		check_glyphs(p, r, run_face(p->st, r));
		scan_run(p, &sc, r);
	}
	add_penalty(p, INF_PEN);
	add_item(p, (struct item){.type = IT_GLUE, .piece = -1, .fil = 1});
	add_penalty(p, -INF_PEN);
	return p->npc;
}

/* Running sums, so a line's width is a difference of two of them. */
static void
make_sums(struct ps *p)
{
	p->sum = xmalloc((p->nit + 1) * sizeof *p->sum);
	struct sum s = {0, 0, 0, 0};
	for (size_t i = 0; i < p->nit; i++) {
		p->sum[i] = s;
		const struct item *it = &p->it[i];
		if (it->type == IT_PEN)
			continue;
		s.w += it->w;
		s.y += it->y;
		s.z += it->z;
		s.fil += it->fil;
	}
	p->sum[p->nit] = s;
}

/* ---- Knuth-Plass ---- */

/* Width of line `line` (0-based), pt, asked once. */
static double
line_width(struct ps *p, int line)
{
	while (p->nlw <= (size_t)line) {
		xgrow(&p->lw, &p->caplw, p->nlw + 1, sizeof *p->lw);
		p->lw[p->nlw] = p->width(p->wctx, p->nlw);
		p->nlw++;
	}
	return p->lw[line];
}

/* First item of the line after a break at b: discards glue and penalties. */
static int
line_start(const struct ps *p, int b)
{
	size_t s = (size_t)b + 1;
	while (s < p->nit && (p->it[s].type == IT_GLUE ||
	    (p->it[s].type == IT_PEN && p->it[s].pen > -INF_PEN)))
		s++;
	return (int)s;
}

/* Natural width (pt) of the line from node a to break b. */
static double
line_natural(const struct ps *p, const struct node *a, int b)
{
	double w = p->sum[b].w - p->sum[a->start].w;
	return p->it[b].type == IT_PEN ? w + p->it[b].w : w;
}

/* Nonzero if a line of width lw of a justified style is set ragged right:
 * its measure is below the style's ragged_below. The breaker gives such a
 * line RAGGED_EM of virtual stretch (as a ragged style's lines have), and
 * its words keep their natural spaces. */
static int
ragged_line(const struct ps *p, double lw)
{
	return p->st->justify && lw < p->st->ragged_below;
}

/* Adjustment ratio of the line from a to b (>0 stretched, <0 shrunk). */
static double
line_ratio(struct ps *p, const struct node *a, int b, double *over)
{
	double lw = line_width(p, a->line);
	double L = line_natural(p, a, b);
	const struct sum *s0 = &p->sum[a->start], *s1 = &p->sum[b];
	*over = L - lw;
	if (L < lw) {
		if (s1->fil > s0->fil)
			return 0;
		double y = s1->y - s0->y + p->extra + (ragged_line(p, lw) ? RAGGED_EM * p->st->size : 0);
		return y > 0 ? (lw - L) / y : INFINITY;
	}
	if (L > lw) {
		double z = ragged_line(p, lw) ? 0 : s1->z - s0->z; /* ragged: spaces never shrink */
		return z > 0 ? (lw - L) / z : -INFINITY;
	}
	return 0;
}

static int
fitness(double r)
{
	if (r < -0.5)
		return 0;
	if (r <= 0.5)
		return 1;
	return r <= 1 ? 2 : 3;
}

/* Demerits of the line from a to b at ratio r (and fitness fit), TeX's formula. */
static double
line_demerits(const struct ps *p, const struct node *a, int b, double r, int fit)
{
	const struct item *it = &p->it[b];
	double bad = fmin(100.0 * fabs(r * r * r), INF_BAD);
	double d = (LINE_PENALTY + bad) * (LINE_PENALTY + bad);
	double pen = it->type == IT_PEN ? it->pen : 0;
	if (pen >= 0)
		d += pen * pen;
	else if (pen > -INF_PEN)
		d -= pen * pen;
	if (it->flagged && a->flagged)
		d += DOUBLE_HYPHEN_DEMERITS;
	else if (pen <= -INF_PEN && a->flagged)
		d += FINAL_HYPHEN_DEMERITS;
	if (abs(fit - a->fit) > 1)
		d += ADJ_DEMERITS;
	return d;
}

/* Records a way to reach the current break (best per line class and
 * fitness); the lines from p->easy on are one class. */
static void
offer(struct ps *p, int line, int fit, double dem, int prev)
{
	if (line > p->easy)
		line = p->easy;
	for (size_t i = 0; i < p->ncand; i++) {
		struct cand *c = &p->cand[i];
		if (c->line == line && c->fit == fit) {
			if (dem < c->dem)
				c->dem = dem, c->prev = prev;
			return;
		}
	}
	xgrow(&p->cand, &p->capcand, p->ncand + 1, sizeof *p->cand);
	p->cand[p->ncand++] = (struct cand){line, fit, dem, prev};
}

static int
new_node(struct ps *p, struct node n)
{
	xgrow(&p->nodes, &p->capnodes, p->nnodes + 1, sizeof *p->nodes);
	p->nodes[p->nnodes] = n;
	p->considered++;
	return (int)p->nnodes++;
}

/* Turns the candidates at break b into active nodes; a candidate much worse
 * than the best one of the same line count is dropped (as TeX does). */
static void
activate(struct ps *p, int b)
{
	int start = line_start(p, b);
	for (size_t i = 0; i < p->ncand; i++) {
		const struct cand *c = &p->cand[i];
		double best = c->dem;
		for (size_t j = 0; j < p->ncand; j++)
			if (p->cand[j].line == c->line && p->cand[j].dem < best)
				best = p->cand[j].dem;
		if (c->dem > best + ADJ_DEMERITS)
			continue;
		int k = new_node(p, (struct node){b, start, c->line, c->fit, p->it[b].flagged, c->dem, c->prev});
		xgrow(&p->act, &p->capact, p->nact + 1, sizeof *p->act);
		p->act[p->nact++] = k;
	}
	p->ncand = 0;
}

/* Considers every active node as the start of a line ending at break b. */
static void
try_break(struct ps *p, int b)
{
	int forced = p->it[b].type == IT_PEN && p->it[b].pen <= -INF_PEN;
	size_t keep = 0;
	for (size_t i = 0; i < p->nact; i++) {
		int ai = p->act[i];
		const struct node *a = &p->nodes[ai];
		double over, r = line_ratio(p, a, b, &over);
		if (b - a->start > PARA_MAX_LINE_ITEMS) {
			/* no width seen in thousands of items: end the line here in
			 * the last pass, as an overfull one would be, and drop it */
			if (p->final)
				offer(p, a->line + 1, 0, a->dem + OVERFULL_DEMERITS, ai);
			continue;
		}
		if (r >= -1 && r <= p->tol) {
			int fit = fitness(r);
			offer(p, a->line + 1, fit, a->dem + line_demerits(p, a, b, r, fit), ai);
		} else if (r < -1 && p->final) {
			offer(p, a->line + 1, 0, a->dem + OVERFULL_DEMERITS * (1 + over), ai);
		}
		if (r >= -1 && !forced)
			p->act[keep++] = ai;
	}
	p->nact = keep;
	if (p->ncand > 0)
		activate(p, b);
}

/* Nonzero if item i is a legal breakpoint. */
static int
is_break(const struct ps *p, size_t i)
{
	const struct item *it = &p->it[i];
	if (it->type == IT_GLUE)
		return i > 0 && p->it[i - 1].type == IT_BOX;
	return it->type == IT_PEN && it->pen < INF_PEN;
}

/* One pass over the items; returns the best final node, or -1 if none. */
static int
kp_pass(struct ps *p, double tol, double extra, int final)
{
	p->tol = tol, p->extra = extra, p->final = final;
	p->nnodes = p->nact = p->ncand = 0;
	int s = new_node(p, (struct node){-1, 0, 0, 1, 0, 0, -1});
	xgrow(&p->act, &p->capact, 1, sizeof *p->act);
	p->act[p->nact++] = s;
	for (size_t i = 0; i < p->nit && p->nact > 0; i++)
		if (is_break(p, i))
			try_break(p, (int)i);
	int best = -1;
	for (size_t i = 0; i < p->nact; i++) {
		const struct node *n = &p->nodes[p->act[i]];
		if (n->pos == (int)p->nit - 1 && (best < 0 || n->dem < p->nodes[best].dem))
			best = p->act[i];
	}
	return best;
}

/* Runs the passes until one finds a solution: the style's tolerance, twice
 * that, twice that with emergency stretch, then anything goes (overfull
 * lines allowed). Never fails. */
static int
kp_run(struct ps *p)
{
	double em = p->st->size;
	double tol = p->st->tolerance > 0 ? p->st->tolerance : 2.0;
	double base = p->st->justify ? 0 : RAGGED_EM * em;
	int best = kp_pass(p, tol, base, 0);
	if (best < 0)
		best = kp_pass(p, 2 * tol, base, 0);
	if (best < 0)
		best = kp_pass(p, 2 * tol, base + EMERGENCY_EM * em, 0);
	if (best < 0)
		best = kp_pass(p, INFINITY, base + EMERGENCY_EM * em, 1);
	return best;
}

/* ---- output: words, justification, positions ---- */

/* A word being collected for a line: piece k, bytes [a, b). */
struct wip {
	int piece;
	size_t a, b;
	double glue_w, glue_y, glue_z; /* pt: the word space after it, if any */
	int space_after;
};

/* Collects the words of the line made of items [s, b). Returns how many. */
static size_t
collect_words(const struct ps *p, int s, int b, struct wip **w, size_t *cap)
{
	size_t n = 0;
	for (int i = s; i < b; i++) {
		const struct item *it = &p->it[i];
		if (it->type == IT_GLUE && n > 0) {
			struct wip *l = &(*w)[n - 1];
			l->space_after = 1;
			l->glue_w = it->w, l->glue_y = it->y, l->glue_z = it->z;
		}
		if (it->type != IT_BOX || it->piece < 0)
			continue;
		struct wip *l = n > 0 ? &(*w)[n - 1] : NULL;
		if (l != NULL && l->piece == it->piece && l->b == it->a && !l->space_after) {
			l->b = it->b;
			continue;
		}
		xgrow(w, cap, n + 1, sizeof **w);
		(*w)[n++] = (struct wip){it->piece, it->a, it->b, 0, 0, 0, 0};
	}
	if (n > 0 && (*w)[n - 1].space_after) /* a space at the end of a line is not written */
		(*w)[n - 1].space_after = 0;
	return n;
}

/* Makes para_word pw from the collected word w; hyphen appends a "-". */
static void
make_word(const struct ps *p, struct para_word *pw, const struct wip *w, int hyphen)
{
	const struct piece *c = &p->pc[w->piece];
	size_t n = w->b - w->a;
	pw->text = xmalloc(n + 2);
	memcpy(pw->text, c->s + w->a, n);
	if (hyphen)
		pw->text[n++] = '-';
	pw->text[n] = '\0';
	pw->face = c->face;
	pw->size = c->size;
	pw->rise = c->rise;
	pw->w = p->m->width(p->m->ctx, c->face, c->size, pw->text, n);
	pw->space_after = w->space_after;
	pw->kind = c->run->kind;
	pw->note = c->run->note;
	pw->target = c->run->target;
}

/* Reports an overfull line with its text. */
static void
report_overfull(const struct ps *p, const struct para_line *ln, const struct wip *w, double over)
{
	struct buf b = {0};
	for (size_t i = 0; i < ln->n; i++)
		buf_printf(&b, "%s%s", ln->w[i].text, ln->w[i].space_after ? " " : "");
	diag(M_TS_OVERFULL, ln->n ? &p->pc[w[0].piece].run->pos : NULL, over, b.s ? b.s : "");
	buf_free(&b);
}

/* Justifies line ln (x0 = indent) and sets each word's x. */
static void
place_words(const struct ps *p, struct para_line *ln, const struct wip *w, double x0)
{
	double nat = x0, y = 0, z = 0;
	for (size_t i = 0; i < ln->n; i++) {
		nat += ln->w[i].w + (w[i].space_after ? w[i].glue_w : 0);
		y += w[i].space_after ? w[i].glue_y : 0;
		z += w[i].space_after ? w[i].glue_z : 0;
	}
	double r = 0;
	if (nat > ln->width)
		r = z > 0 ? fmax((ln->width - nat) / z, -1.0) : 0;
	else if (p->st->justify && !ln->last && y > 0 && !ragged_line(p, ln->width))
		r = (ln->width - nat) / y;
	double x = x0;
	for (size_t i = 0; i < ln->n; i++) {
		ln->w[i].x = x;
		x += ln->w[i].w;
		if (w[i].space_after)
			x += w[i].glue_w + (r > 0 ? r * w[i].glue_y : r * w[i].glue_z);
	}
	ln->natural = nat;
	ln->ratio = r;
	if (x - ln->width > 0.05)
		report_overfull(p, ln, w, x - ln->width);
}

/* Builds line `li` from the items [s, b). */
static void
make_line(const struct ps *p, struct para_line *ln, size_t li, int s, int b, struct wip **w, size_t *cap)
{
	const struct item *end = &p->it[b];
	ln->n = collect_words(p, s, b, w, cap);
	ln->w = xcalloc(ln->n, sizeof *ln->w);
	ln->hyphen = end->type == IT_PEN && end->flagged;
	ln->last = b == (int)p->nit - 1;
	ln->width = p->lw[li];
	for (size_t i = 0; i < ln->n; i++)
		make_word(p, &ln->w[i], &(*w)[i], ln->hyphen && !end->explicit_ && i + 1 == ln->n);
	place_words(p, ln, *w, li == 0 && p->st->indent > 0 ? p->st->indent : 0);
}

/* Turns the chain of breaks ending at node best into lines. */
static void
make_lines(struct ps *p, struct para *out, int best)
{
	size_t n = 0;
	for (int k = best; p->nodes[k].prev >= 0; k = p->nodes[k].prev)
		n++;
	if (n > 0) /* the breaker asked widths up to the easy line only */
		line_width(p, (int)n - 1);
	out->n = n;
	out->line = xcalloc(n, sizeof *out->line);
	struct wip *w = NULL;
	size_t cap = 0, li = n;
	for (int k = best; p->nodes[k].prev >= 0; k = p->nodes[k].prev) {
		const struct node *a = &p->nodes[p->nodes[k].prev];
		li--;
		make_line(p, &out->line[li], li, a->start, p->nodes[k].pos, &w, &cap);
	}
	free(w);
}

static void
ps_free(struct ps *p)
{
	free(p->pc);
	free(p->it);
	free(p->sum);
	free(p->lw);
	free(p->nodes);
	free(p->act);
	free(p->cand);
}

struct para *
para_set(const struct doc_text *t, const struct para_style *st,
    para_width_fn width, void *ctx, size_t easy, const struct measure *m, struct hyph *h)
{
	struct ps p = {0};
	p.st = st, p.m = m, p.h = h, p.width = width, p.wctx = ctx;
	p.easy = easy > INT_MAX - 1 ? INT_MAX - 1 : (int)easy;
	struct para *out = xcalloc(1, sizeof *out);
	if (make_items(&p, t) > 0) {
		make_sums(&p);
		int best = kp_run(&p);
		out->demerits = p.nodes[best].dem;
		make_lines(&p, out, best);
	}
	out->candidates = p.considered;
	ps_free(&p);
	return out;
}

void
para_free(struct para *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; j < p->line[i].n; j++)
			free(p->line[i].w[j].text);
		free(p->line[i].w);
	}
	free(p->line);
	free(p);
}

void
para_dump(const struct para *p, FILE *f)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct para_line *ln = &p->line[i];
		fprintf(f, "L%zu w=%.2f r=%.3f%s |", i + 1, ln->width, ln->ratio, ln->hyphen ? " -" : "");
		for (size_t j = 0; j < ln->n; j++) {
			const struct para_word *w = &ln->w[j];
			int sep = j == 0 || ln->w[j - 1].space_after;
			fprintf(f, "%s%s%s", sep ? " " : "", w->kind == RUN_NOTE ? "^" : "", w->text);
		}
		fputc('\n', f);
	}
}

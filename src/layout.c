/* layout.c: parser for the layout language (layouts/README.md): lines, statements, blocks, inline text. */
#include "layout.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "lang.h"
#include "layint.h"
#include "srcin.h"

/* ---------- source segments ---------- */

/* Marks every SEG_STRIDE bytes (at a character start) inside a line, so that
 * lay_seg_pos is a binary search plus a scan of at most that many bytes:
 * positions of the nodes of a long statistic cost O(log n) each, not O(n). */
enum { SEG_STRIDE = 256 };

static void
seg_mark(struct seg *s, size_t off, int line, int col)
{
	xgrow(&s->m, &s->cap, s->nm + 1, sizeof *s->m);
	s->m[s->nm++] = (struct seg_mark){off, line, col};
}

void
lay_seg_add(struct seg *s, const char *text, size_t n, int line, int col)
{
	if (s->nm > 0)
		buf_putc(&s->b, ' ');
	size_t base = s->b.len;
	seg_mark(s, base, line, col);
	for (size_t k = 0, last = 0; k < n; k++) /* last: offset of the last mark in text */
		if (k - last >= SEG_STRIDE && ((unsigned char)text[k] & 0xC0) != 0x80) {
			col += (int)utf8_len(text + last, k - last);
			seg_mark(s, base + k, line, col);
			last = k;
		}
	buf_add(&s->b, text, n);
	if (s->b.s == NULL)
		buf_add(&s->b, "", 0);
}

const char *
lay_seg_str(const struct seg *s)
{
	return s->b.s ? s->b.s : "";
}

struct pos
lay_seg_pos(const struct seg *s, size_t off)
{
	if (s->nm == 0)
		return (struct pos){s->file, 0, 0};
	size_t lo = 0, hi = s->nm; /* the last mark at or before off: m[lo] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->m[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	const struct seg_mark *m = &s->m[lo];
	size_t len = off > m->off ? off - m->off : 0;
	return (struct pos){s->file, m->line, m->col + (int)utf8_len(s->b.s + m->off, len)};
}

void
lay_seg_free(struct seg *s)
{
	buf_free(&s->b);
	free(s->m);
	memset(s, 0, sizeof *s);
}

/* Copy of s[a..b) with blanks trimmed; *lead receives the bytes trimmed at the front. */
char *
lay_trim_dup(const char *s, size_t a, size_t b, size_t *lead)
{
	size_t a0 = a;
	while (a < b && is_blank(s[a]))
		a++;
	while (b > a && is_blank(s[b - 1]))
		b--;
	if (lead)
		*lead = a - a0;
	return xstrndup(s + a, b - a);
}

void
lay_strv_push(char ***v, size_t *n, size_t *cap, char *s)
{
	xgrow(v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/* ---------- name indexes (labels, claim ids): lookups in O(1) ---------- */

static uint64_t
name_hash(const char *s)
{
	uint64_t h = UINT64_C(1469598103934665603);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

/* The name of entry i of the array an index is over. */
typedef const char *(*ix_name_fn)(const void *arr, size_t i);

/* Index of name in arr through ix, or (size_t)-1. */
static size_t
ix_find(const struct lay_index *ix, const char *name, ix_name_fn nm, const void *arr)
{
	if (ix->cap == 0)
		return (size_t)-1;
	for (size_t h = name_hash(name) & (ix->cap - 1); ix->slot[h]; h = (h + 1) & (ix->cap - 1))
		if (strcmp(nm(arr, ix->slot[h] - 1), name) == 0)
			return ix->slot[h] - 1;
	return (size_t)-1;
}

/* Adds entry i (whose name is not yet in ix) of arr to ix. */
static void
ix_add(struct lay_index *ix, size_t i, ix_name_fn nm, const void *arr)
{
	if (2 * (ix->n + 1) > ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 64, *old = ix->slot, oldcap = ix->cap;
		ix->slot = xcalloc(cap, sizeof *ix->slot);
		ix->cap = cap;
		for (size_t k = 0; k < oldcap; k++)
			if (old[k]) {
				size_t h = name_hash(nm(arr, old[k] - 1)) & (cap - 1);
				while (ix->slot[h])
					h = (h + 1) & (cap - 1);
				ix->slot[h] = old[k];
			}
		free(old);
	}
	size_t h = name_hash(nm(arr, i)) & (ix->cap - 1);
	while (ix->slot[h])
		h = (h + 1) & (ix->cap - 1);
	ix->slot[h] = i + 1;
	ix->n++;
}

static const char *
label_name(const void *arr, size_t i)
{
	return ((const struct lay_label *)arr)[i].name;
}

static const char *
id_name(const void *arr, size_t i)
{
	return ((const struct lay_inline *const *)arr)[i]->id;
}

/* ---------- parser state ---------- */

/* Include limits: how deep includes nest and how many include statements a
 * layout may run in all (so that includes cannot multiply the work). */
enum { LAY_MAX_INCLUDE_DEPTH = 8, LAY_MAX_INCLUDES = 1000 };

/* A file being read, identified by device and inode (a cycle is found
 * whatever path names the file). */
struct incl {
	dev_t dev;
	ino_t ino;
	const char *path;      /* interned */
};

struct parser {
	struct lay_doc *d;
	const char *file;      /* interned path of the current file */
	char *dir;             /* its directory, with trailing '/', or "" */
	char **line;
	size_t nline, i;
	int appendix;          /* blocks go to the appendix */
	int h1, h2;            /* heading counters */
	int depth;             /* include depth: 0 in the layout itself */
	struct incl *chain;    /* the files being read, outermost first: chain[0..depth] */
	int in_note;           /* parsing the text of a footnote */
	struct pos stmt;       /* position of the statement keyword being handled */
};

static struct pos
line_pos(const struct parser *p, size_t li, const char *at)
{
	const char *l = p->line[li];
	return (struct pos){p->file, (int)li + 1, 1 + (int)utf8_len(l, (size_t)(at - l))};
}

static char *
resolve_path(const struct parser *p, const char *rel)
{
	if (rel[0] == '/' || p->dir[0] == '\0')
		return xstrdup(rel);
	return xasprintf("%s%s", p->dir, rel);
}

/* ---------- inline text ---------- */

struct ip {
	struct parser *p;
	const struct seg *sg;
	const char *s;
	size_t i, end;
	int bold, italic;
	struct lay_text *out;
	struct buf lit;
	size_t lit_at;
};

static enum doc_face
ip_face(const struct ip *x)
{
	return (enum doc_face)((x->bold ? DOC_BOLD : 0) | (x->italic ? DOC_ITALIC : 0));
}

static struct lay_inline *
text_push(struct lay_text *t, enum lay_inline_kind k, struct pos p)
{
	xgrow(&t->v, &t->cap, t->n + 1, sizeof *t->v);
	struct lay_inline *in = &t->v[t->n++];
	memset(in, 0, sizeof *in);
	in->kind = k;
	in->pos = p;
	return in;
}

static void
ip_flush(struct ip *x)
{
	if (x->lit.len == 0)
		return;
	struct lay_inline *in = text_push(x->out, LI_TEXT, lay_seg_pos(x->sg, x->lit_at));
	in->face = ip_face(x);
	in->text = buf_take(&x->lit);
}

static void
ip_error(struct ip *x, size_t off, const char *what)
{
	struct pos p = lay_seg_pos(x->sg, off);
	diag(M_LAY_SYNTAX, &p, what);
}

/* Offset of the closer matching the opener just before `from`, or -1. */
static size_t
match_close(const char *s, size_t from, size_t end, char open, char close)
{
	int depth = 1;
	for (size_t j = from; j < end; j++) {
		if (s[j] == '\\' && j + 1 < end) {
			j++;
			continue;
		}
		if (s[j] == open)
			depth++;
		else if (s[j] == close && --depth == 0)
			return j;
	}
	return (size_t)-1;
}

static void parse_inline(struct parser *p, const struct seg *sg, size_t a, size_t b, struct lay_text *out);

/* Finds " as WORD" at the end of s[a..b): returns its offset and stores the word. */
static size_t
find_as(const char *s, size_t a, size_t b, char **fmt)
{
	size_t e = b;
	while (e > a && is_blank(s[e - 1]))
		e--;
	size_t w = e;
	while (w > a && (is_word((unsigned char)s[w - 1]) || (unsigned char)s[w - 1] >= 0x80))
		w--;
	size_t k = w;
	while (k > a && is_blank(s[k - 1]))
		k--;
	if (w == e || k == w || k < a + 2 || strncmp(s + k - 2, "as", 2) != 0 ||
	    (k - 2 > a && !is_blank(s[k - 3])))
		return b;
	*fmt = xstrndup(s + w, e - w);
	return k - 2;
}

/* {ID: stat as FMT} | {stat} | {assert stat} */
static void
ip_stat(struct ip *x)
{
	size_t open = x->i, close = match_close(x->s, x->i + 1, x->end, '{', '}');
	if (close == (size_t)-1) {
		ip_error(x, open, "unclosed \"{\"");
		x->i = x->end;
		return;
	}
	ip_flush(x);
	size_t a = open + 1;
	while (a < close && is_blank(x->s[a]))
		a++;
	struct lay_inline *in = text_push(x->out, LI_STAT, lay_seg_pos(x->sg, open));
	in->face = ip_face(x);
	if (strncmp(x->s + a, "assert", 6) == 0 && is_blank(x->s[a + 6]))
		in->kind = LI_ASSERT, a += 7;
	else {
		size_t k = a;
		while (k < close && is_label((unsigned char)x->s[k]))
			k++;
		if (k > a && k < close && x->s[k] == ':') {
			in->id = xstrndup(x->s + a, k - a);
			a = k + 1;
		}
	}
	size_t b = in->kind == LI_STAT ? find_as(x->s, a, close, &in->format) : close;
	in->text = lay_trim_dup(x->s, a, b, NULL);
	in->stat = lay_parse_stat(x->sg, a, b);
	in->seq = x->p->d->nstats++;
	x->i = close + 1;
}

static void
add_label(struct parser *p, const char *name, enum lay_label_kind k, int number, struct pos pos)
{
	struct lay_doc *d = p->d;
	const struct lay_label *old = lay_label_find(d, name);
	if (old) {
		diag(M_LAY_DUP_LABEL, &pos, name, old->pos.line);
		return;
	}
	xgrow(&d->label, &d->label_cap, d->nlabel + 1, sizeof *d->label);
	d->label[d->nlabel++] = (struct lay_label){xstrdup(name), k, number, pos};
	ix_add(&d->label_ix, d->nlabel - 1, label_name, d->label);
}

/* ^[text] with an optional {#label} after it. */
static void
ip_note(struct ip *x)
{
	size_t open = x->i + 1, close = match_close(x->s, open + 1, x->end, '[', ']');
	if (close == (size_t)-1) {
		ip_error(x, x->i, "unclosed footnote \"^[\"");
		x->i = x->end;
		return;
	}
	if (x->p->in_note) { /* its text would be lost: a note has no notes */
		ip_error(x, x->i, "a footnote cannot contain a footnote");
		x->i = close + 1;
		return;
	}
	ip_flush(x);
	struct lay_inline *in = text_push(x->out, LI_NOTE, lay_seg_pos(x->sg, x->i));
	in->number = ++x->p->d->nnotes;
	struct lay_text *note = xcalloc(1, sizeof *note);
	size_t at = x->out->n - 1;
	x->p->in_note = 1;
	parse_inline(x->p, x->sg, open + 1, close, note);
	x->p->in_note = 0;
	in = &x->out->v[at]; /* parse_inline does not touch x->out, but be safe */
	in->note = note;
	x->i = close + 1;
	if (x->i + 1 < x->end && x->s[x->i] == '{' && x->s[x->i + 1] == '#') {
		size_t a = x->i + 2, k = a;
		while (k < x->end && is_label((unsigned char)x->s[k]))
			k++;
		if (k == a || k >= x->end || x->s[k] != '}') {
			ip_error(x, x->i, "expected {#label} after the footnote");
			return;
		}
		in->label = xstrndup(x->s + a, k - a);
		add_label(x->p, in->label, LL_NOTE, in->number, lay_seg_pos(x->sg, x->i));
		x->i = k + 1;
	}
}

/* @ref(a, b) / @Ref(...) / @num(...) */
static int
ip_ref(struct ip *x)
{
	static const struct { const char *kw; enum lay_ref_mode mode; } kws[] = {
		{"@ref(", REF_LOWER}, {"@Ref(", REF_UPPER}, {"@num(", REF_NUM},
	};
	size_t k;
	for (k = 0; k < 3; k++)
		if (strncmp(x->s + x->i, kws[k].kw, 5) == 0)
			break;
	if (k == 3)
		return 0;
	size_t close = match_close(x->s, x->i + 5, x->end, '(', ')');
	if (close == (size_t)-1) {
		ip_error(x, x->i, "unclosed \"@ref(\"");
		x->i = x->end;
		return 1;
	}
	ip_flush(x);
	struct lay_inline *in = text_push(x->out, LI_REF, lay_seg_pos(x->sg, x->i));
	in->face = ip_face(x);
	in->mode = kws[k].mode;
	size_t cap = 0, a = x->i + 5;
	while (a < close) {
		size_t e = a;
		while (e < close && x->s[e] != ',')
			e++;
		char *l = lay_trim_dup(x->s, a, e, NULL);
		if (l[0] == '\0')
			ip_error(x, a, "empty label in @ref()");
		lay_strv_push(&in->ref, &in->nref, &cap, l);
		a = e + 1;
	}
	if (in->nref == 0)
		ip_error(x, x->i, "@ref() needs at least one label");
	x->i = close + 1;
	return 1;
}

static void
ip_emph(struct ip *x)
{
	ip_flush(x);
	if (x->i + 1 < x->end && x->s[x->i + 1] == '*') {
		x->bold = !x->bold;
		x->i += 2;
	} else {
		x->italic = !x->italic;
		x->i += 1;
	}
}

static void
ip_char(struct ip *x, size_t n)
{
	if (x->lit.len == 0)
		x->lit_at = x->i;
	buf_add(&x->lit, x->s + x->i, n);
	x->i += n;
}

/* Parses inline text sg[a..b) into out. */
static void
parse_inline(struct parser *p, const struct seg *sg, size_t a, size_t b, struct lay_text *out)
{
	struct ip x = {p, sg, lay_seg_str(sg), a, b, 0, 0, out, {0}, a};
	size_t start_bold = 0, start_it = 0;
	while (x.i < x.end) {
		char ch = x.s[x.i];
		if (ch == '\\' && x.i + 1 < x.end) {
			x.i++;
			ip_char(&x, 1);
		} else if (ch == '*') {
			int was_b = x.bold, was_i = x.italic;
			size_t at = x.i;
			ip_emph(&x);
			if (x.bold != was_b && x.bold)
				start_bold = at;
			if (x.italic != was_i && x.italic)
				start_it = at;
		} else if (ch == '{')
			ip_stat(&x);
		else if (ch == '^' && x.i + 1 < x.end && x.s[x.i + 1] == '[')
			ip_note(&x);
		else if (ch == '@' && ip_ref(&x))
			;
		else
			ip_char(&x, 1);
	}
	ip_flush(&x);
	if (x.bold)
		ip_error(&x, start_bold, "unclosed \"**\"");
	if (x.italic)
		ip_error(&x, start_it, "unclosed \"*\"");
	buf_free(&x.lit);
}

static void
text_free(struct lay_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct lay_inline *in = &t->v[i];
		free(in->text);
		free(in->id);
		free(in->format);
		lay_stat_free(in->stat);
		if (in->note) {
			text_free(in->note);
			free(in->note);
		}
		free(in->label);
		for (size_t k = 0; k < in->nref; k++)
			free(in->ref[k]);
		free(in->ref);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* ---------- reading lines and statements ---------- */

/* Collects the argument of a statement: the rest of line li after `at`, plus
 * following indented lines (continuations) when cont is set. */
static void
stmt_arg(struct parser *p, const char *at, int cont, struct seg *sg)
{
	memset(sg, 0, sizeof *sg);
	sg->file = p->file;
	const char *s = skip_ws(at);
	struct pos ps = line_pos(p, p->i, s);
	size_t n = strlen(s);
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	lay_seg_add(sg, s, n, ps.line, ps.col);
	p->i++;
	while (cont && p->i < p->nline && is_blank(p->line[p->i][0])) {
		const char *t = skip_ws(p->line[p->i]);
		if (*t == '\0')
			break;
		if (*t != '#') {
			struct pos pt = line_pos(p, p->i, t);
			size_t m = strlen(t);
			while (m > 0 && is_blank(t[m - 1]))
				m--;
			lay_seg_add(sg, t, m, pt.line, pt.col);
		}
		p->i++;
	}
}

static void
stmt_error(struct seg *sg, const char *what)
{
	struct pos p = lay_seg_pos(sg, 0);
	diag(M_LAY_SYNTAX, &p, what);
}

/* An unknown `lang` value: the message lists the known names. */
static void
lang_error(struct seg *sg, const char *name)
{
	struct buf b = {0};
	buf_printf(&b, "unknown language \"%s\" (known:", name);
	size_t n;
	const struct lang *const *all = lang_all(&n);
	for (size_t t = 0; t < n; t++)
		for (size_t i = 0; all[t]->names[i]; i++)
			buf_printf(&b, "%s %s", t + i > 0 ? "," : "", all[t]->names[i]);
	buf_puts(&b, ")");
	char *m = buf_take(&b);
	stmt_error(sg, m);
	free(m);
}

/* A plain string argument: quotes around it are optional. */
static char *
plain_arg(struct seg *sg)
{
	const char *s = lay_seg_str(sg);
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return xstrndup(s + 1, n - 2);
	return xstrdup(s);
}

#define DOC_FIELD(f) offsetof(struct lay_doc, f)

#define NO_POS ((size_t)-1)

static const struct {
	const char *kw;
	size_t off;
	size_t posoff;         /* its struct pos in lay_doc (texts printed on the page), or NO_POS */
} strfields[] = {
	{"title", DOC_FIELD(title), DOC_FIELD(title_pos)}, {"kind", DOC_FIELD(kind), DOC_FIELD(kind_pos)},
	{"agency", DOC_FIELD(agency), DOC_FIELD(agency_pos)}, {"author", DOC_FIELD(author), NO_POS},
	{"subject", DOC_FIELD(subject), NO_POS}, {"keywords", DOC_FIELD(keywords), NO_POS},
	{"lang", DOC_FIELD(lang), NO_POS}, {"colophon", DOC_FIELD(colophon), DOC_FIELD(colophon_pos)},
};

static void
st_string(struct parser *p, const char *kw, struct seg *sg)
{
	for (size_t k = 0; k < sizeof strfields / sizeof *strfields; k++) {
		if (strcmp(kw, strfields[k].kw) != 0)
			continue;
		char **f = (char **)((char *)p->d + strfields[k].off);
		free(*f);
		*f = plain_arg(sg);
		if (strfields[k].posoff != NO_POS)
			*(struct pos *)((char *)p->d + strfields[k].posoff) = lay_seg_pos(sg, 0);
		if (strcmp(kw, "lang") == 0 && **f == '\0')
			stmt_error(sg, "lang needs a language tag such as da-DK");
		else if (strcmp(kw, "lang") == 0 && lang_find(*f) == NULL)
			lang_error(sg, *f);
		return;
	}
}

static void
st_date(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	int y, m, d;
	char tail;
	const char *s = lay_seg_str(sg);
	int form = strlen(s) == 10;
	for (int k = 0; form && k < 10; k++)
		form = k == 4 || k == 7 ? s[k] == '-' : s[k] >= '0' && s[k] <= '9';
	if (!form || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
		stmt_error(sg, "date must be YYYY-MM-DD");
		return;
	}
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap)) {
		char *msg = xasprintf("no such date: %s", s);
		stmt_error(sg, msg);
		free(msg);
		return;
	}
	p->d->year = y, p->d->month = m, p->d->day = d;
}

static void
st_meta(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	const char *s = lay_seg_str(sg), *colon = strchr(s, ':');
	if (colon == NULL) {
		stmt_error(sg, "meta needs KEY: VALUE");
		return;
	}
	struct lay_doc *d = p->d;
	xgrow(&d->meta, &d->meta_cap, d->nmeta + 1, sizeof *d->meta);
	d->meta[d->nmeta].key = lay_trim_dup(s, 0, (size_t)(colon - s), NULL);
	d->meta[d->nmeta].value = lay_trim_dup(s, (size_t)(colon - s) + 1, strlen(s), NULL);
	d->nmeta++;
}

/* A word at the start of s (its length in *k, 0 if none), then blanks:
 * returns the offset after the blanks. */
static size_t
word_blanks(const char *s, size_t *k)
{
	size_t e = 0;
	while (is_word((unsigned char)s[e]))
		e++;
	*k = e;
	while (is_blank(s[e]))
		e++;
	return e;
}

/* `data LABEL PATH`: the label's length if sg has that form (a word, blanks,
 * then more), else 0 (`data PATH`; a path with blanks is quoted). */
static size_t
edition_label(struct seg *sg, size_t *rest)
{
	const char *s = lay_seg_str(sg);
	size_t k, e = word_blanks(s, &k);
	if (k == 0 || e == k || s[e] == '\0')
		return 0;
	*rest = e;
	return k;
}

/* The code key of an edition's label (cb.h cb_add_editions): "e" before a
 * digit. Owned by the caller. */
static char *
edition_key(const char *label)
{
	return label[0] >= '0' && label[0] <= '9' ? xasprintf("e%s", label) : xstrdup(label);
}

/* s without the quotes around it, if any (owned). */
static char *
plain_str(const char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return xstrndup(s + 1, n - 2);
	return xstrdup(s);
}

/* The data file of `data LABEL PATH [codebook CBPATH]` (the text from rest
 * on; owned), and in *cb the offset of CBPATH (0 if none). A PATH in quotes
 * ends at its closing quote; else at a blank before the word `codebook`, or
 * at the end. NULL after reporting a malformed tail. */
static char *
edition_paths(struct seg *sg, size_t rest, size_t *cb)
{
	const char *s = lay_seg_str(sg), *r = s + rest, *end = NULL;
	if (r[0] == '"' && (end = strchr(r + 1, '"')) != NULL)
		end++;
	for (const char *t = r; end == NULL && (t = strstr(t, "codebook")) != NULL; t++)
		if (t > r && is_blank(t[-1]) && (t[8] == '\0' || is_blank(t[8])))
			end = t;
	if (end == NULL)
		return plain_str(r);
	const char *t = skip_ws(end);
	if (*t == '\0')
		return plain_str(r);
	if (strncmp(t, "codebook", 8) != 0 || !is_blank(t[8]) || *skip_ws(t + 8) == '\0') {
		struct pos at = lay_seg_pos(sg, (size_t)(t - s));
		diag(M_LAY_SYNTAX, &at, "expected \"codebook PATH\" after the data file");
		return NULL;
	}
	*cb = (size_t)(skip_ws(t + 8) - s);
	while (end > r && is_blank(end[-1]))
		end--;
	char *first = xstrndup(r, (size_t)(end - r)), *path = plain_str(first);
	free(first);
	return path;
}

/* Nonzero, after an error at sg, if an edition of d already has label's
 * key (edition_key): the same label or one that differs only in its key. */
static int
edition_repeats(const struct lay_doc *d, struct seg *sg, const char *label)
{
	char *key = edition_key(label);
	for (size_t i = 0; i < d->ned; i++) {
		char *ki = edition_key(d->ed[i].label);
		int same = strcmp(ki, key) == 0;
		free(ki);
		if (same) {
			char *m = strcmp(d->ed[i].label, label) == 0
			    ? xasprintf("edition \"%s\" is named twice (first at line %d)", label,
			        d->ed[i].pos.line)
			    : xasprintf("editions \"%s\" and \"%s\" (line %d) have the same key \"%s\"",
			        label, d->ed[i].label, d->ed[i].pos.line, key);
			stmt_error(sg, m);
			free(m);
			free(key);
			return 1;
		}
	}
	free(key);
	return 0;
}

/* `data LABEL PATH`: one more edition; a label may not repeat, and the two
 * forms of `data` do not mix. */
static void
st_edition(struct parser *p, struct seg *sg, size_t k, size_t rest)
{
	struct lay_doc *d = p->d;
	const char *s = lay_seg_str(sg);
	if (d->data != NULL && d->ned == 0) {
		stmt_error(sg, "\"data LABEL PATH\" cannot follow \"data PATH\": label every data file");
		return;
	}
	char *label = xstrndup(s, k);
	if (edition_repeats(d, sg, label)) {
		free(label);
		return;
	}
	size_t cb = 0;
	char *rel = edition_paths(sg, rest, &cb), *cbrel = NULL;
	if (rel == NULL) {
		free(label);
		return;
	}
	if (cb > 0)
		cbrel = plain_str(s + cb);
	xgrow(&d->ed, &d->ed_cap, d->ned + 1, sizeof *d->ed);
	d->ed[d->ned] = (struct lay_edition){label, resolve_path(p, rel), lay_seg_pos(sg, 0),
		cbrel ? resolve_path(p, cbrel) : NULL, lay_seg_pos(sg, cb), lay_seg_pos(sg, rest)};
	free(rel);
	free(cbrel);
	d->ned++;
	free(d->data);
	d->data = xstrdup(d->ed[0].path); /* until `default` is resolved */
}

static void
st_path(struct parser *p, const char *kw, struct seg *sg)
{
	size_t rest = 0, k = kw[0] == 'd' ? edition_label(sg, &rest) : 0;
	if (k > 0) {
		st_edition(p, sg, k, rest);
		return;
	}
	const char *arg = lay_seg_str(sg);
	if (kw[0] == 'd' && arg[0] != '"' && strpbrk(arg, " \t") != NULL) {
		stmt_error(sg, "an edition's label is a word of letters, digits and _ (quote a path with blanks)");
		return;
	}
	if (kw[0] == 'd' && p->d->ned > 0) {
		stmt_error(sg, "\"data PATH\" cannot follow \"data LABEL PATH\": label every data file");
		return;
	}
	char *rel = plain_arg(sg);
	char **f = kw[0] == 'd' ? &p->d->data : kw[0] == 's' ? &p->d->style : &p->d->codebook;
	struct pos *at = kw[0] == 'd' ? &p->d->data_pos : kw[0] == 's' ? &p->d->style_pos : &p->d->codebook_pos;
	*at = lay_seg_pos(sg, 0);
	free(*f);
	*f = resolve_path(p, rel);
	free(rel);
}

/* `default LABEL`: the default edition, resolved after parsing. */
static void
st_default(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	struct lay_doc *d = p->d;
	free(d->ed_default_name);
	d->ed_default_name = plain_arg(sg);
	d->ed_default_pos = lay_seg_pos(sg, 0);
}

/* Resolves `default LABEL` against the editions; the first one otherwise. */
static void
resolve_default(struct lay_doc *d)
{
	if (d->ed_default_name == NULL)
		return;
	for (size_t i = 0; i < d->ned; i++)
		if (strcmp(d->ed[i].label, d->ed_default_name) == 0) {
			d->ed_default = i;
			free(d->data);
			d->data = xstrdup(d->ed[i].path);
			return;
		}
	struct buf b = {0};
	buf_printf(&b, "unknown edition \"%s\"", d->ed_default_name);
	for (size_t i = 0; i < d->ned; i++)
		buf_printf(&b, "%s%s", i ? ", " : " (the editions: ", d->ed[i].label);
	buf_printf(&b, "%s", d->ned ? ")" : " (no data file has a label)");
	diag(M_LAY_SYNTAX, &d->ed_default_pos, b.s);
	buf_free(&b);
}

/* NAME = rest: returns the offset of the rest, stores NAME. */
static size_t
name_eq(struct seg *sg, char **name)
{
	const char *s = lay_seg_str(sg);
	size_t k, e = word_blanks(s, &k);
	if (k == 0 || s[e] != '=') { /* at the token that is wrong */
		struct pos at = lay_seg_pos(sg, k == 0 ? 0 : e);
		diag(M_LAY_SYNTAX, &at, k == 0 ? "expected NAME = ..." : "expected \"=\" after the name");
		return (size_t)-1;
	}
	*name = xstrndup(s, k);
	e++;
	while (is_blank(s[e]))
		e++;
	return e;
}

static const char *
def_name(const void *arr, size_t i)
{
	return ((const struct lay_def *)arr)[i].name;
}

/* Reports a population or set name defined before; 1 if it was. */
static int
def_known(struct parser *p, const char *name, struct pos pos)
{
	struct lay_doc *d = p->d;
	if (ix_find(&d->pop_ix, name, def_name, d->pop) == (size_t)-1 &&
	    ix_find(&d->set_ix, name, def_name, d->set) == (size_t)-1)
		return 0;
	char *m = xasprintf("\"%s\" is defined twice", name);
	diag(M_LAY_SYNTAX, &pos, m);
	free(m);
	return 1;
}

static void
st_population(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	char *name = NULL;
	size_t at = name_eq(sg, &name);
	if (at == (size_t)-1)
		return;
	struct pos pos = lay_seg_pos(sg, 0);
	if (def_known(p, name, pos) || lay_seg_str(sg)[at] == '\0') {
		if (lay_seg_str(sg)[at] == '\0')
			stmt_error(sg, "empty population");
		free(name);
		return;
	}
	struct lay_doc *d = p->d;
	xgrow(&d->pop, &d->pop_cap, d->npop + 1, sizeof *d->pop);
	struct lay_def *df = &d->pop[d->npop++];
	memset(df, 0, sizeof *df);
	df->name = name;
	ix_add(&d->pop_ix, d->npop - 1, def_name, d->pop);
	df->pos = pos;
	df->src.text = xstrdup(lay_seg_str(sg) + at);
	df->src.pos = lay_seg_pos(sg, at);
}

static void
st_set(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	char *name = NULL;
	size_t at = name_eq(sg, &name);
	if (at == (size_t)-1)
		return;
	struct pos pos = lay_seg_pos(sg, 0);
	struct sp c = {.sg = sg, .s = lay_seg_str(sg), .i = at, .end = strlen(lay_seg_str(sg))};
	struct lay_set set = {0};
	if (def_known(p, name, pos) || lay_sp_set(&c, &set) < 0) {
		free(name);
		lay_set_free(&set);
		return;
	}
	struct lay_doc *d = p->d;
	xgrow(&d->set, &d->set_cap, d->nset + 1, sizeof *d->set);
	d->set[d->nset++] = (struct lay_def){name, {NULL, pos}, set, pos};
	ix_add(&d->set_ix, d->nset - 1, def_name, d->set);
}

/* score NAME = key: w, key: w, ... */
static void
st_score(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	char *name = NULL;
	size_t at = name_eq(sg, &name);
	if (at == (size_t)-1)
		return;
	struct lay_score sc = {name, NULL, 0, lay_seg_pos(sg, 0)};
	const char *s0 = lay_seg_str(sg), *s = s0 + at;
	while (*s) {
		const char *k = skip_ws(s), *ke = k;
		while (is_word((unsigned char)*ke))
			ke++;
		const char *w = skip_ws(ke);
		if (ke == k || *w != ':') {
			struct pos ps = lay_seg_pos(sg, (size_t)(k - s0));
			diag(M_LAY_SYNTAX, &ps, "score needs NAME = key: weight, key: weight, ...");
			break;
		}
		w = skip_ws(w + 1);
		char *end;
		errno = 0;
		long x = strtol(w, &end, 10);
		struct pos pw = lay_seg_pos(sg, (size_t)(w - s0));
		if (end == w || (*skip_ws(end) != ',' && *skip_ws(end) != '\0')) {
			diag(M_LAY_SYNTAX, &pw, "expected an integer weight");
			break;
		}
		if (errno == ERANGE || x > LAY_MAX_WEIGHT || x < -LAY_MAX_WEIGHT) {
			diag(M_LAY_SYNTAX, &pw, "number too large");
			break;
		}
		sc.e = xrealloc(sc.e, (sc.n + 1) * sizeof *sc.e);
		sc.e[sc.n++] = (struct lay_score_entry){xstrndup(k, (size_t)(ke - k)), x};
		s = skip_ws(end);
		if (*s == ',')
			s++;
	}
	struct lay_doc *d = p->d;
	xgrow(&d->score, &d->score_cap, d->nscore + 1, sizeof *d->score);
	d->score[d->nscore++] = sc;
}

static struct lay_block *
block_push(struct parser *p, enum lay_block_kind k, struct pos pos)
{
	struct lay_doc *d = p->d;
	struct lay_block **v = p->appendix ? &d->appendix : &d->body;
	size_t *n = p->appendix ? &d->nappendix : &d->nbody;
	size_t *cap = p->appendix ? &d->app_cap : &d->body_cap;
	xgrow(v, cap, *n + 1, sizeof **v);
	struct lay_block *b = &(*v)[(*n)++];
	memset(b, 0, sizeof *b);
	b->kind = k;
	b->pos = pos;
	return b;
}

static void
st_assert(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	struct lay_block *b = block_push(p, LB_ASSERT, p->stmt);
	b->stat = lay_parse_stat(sg, 0, strlen(lay_seg_str(sg)));
	b->seq = p->d->nstats++;
}

static void
st_pagebreak(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	(void)sg;
	block_push(p, LB_PAGEBREAK, p->stmt);
}

static void
st_appendix(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	free(p->d->appendix_title);
	p->d->appendix_title = plain_arg(sg);
	p->d->appendix_pos = lay_seg_pos(sg, 0);
	p->appendix = 1;
}

static int parse_file(struct parser *p, const char *path, struct pos *from);

static void
st_include(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	struct pos at = lay_seg_pos(sg, 0);
	struct lay_doc *d = p->d;
	if (p->depth >= LAY_MAX_INCLUDE_DEPTH || d->ninclude >= LAY_MAX_INCLUDES) {
		char *m = p->depth >= LAY_MAX_INCLUDE_DEPTH
		    ? xasprintf("includes nested more than %d deep", LAY_MAX_INCLUDE_DEPTH)
		    : xasprintf("more than %d includes", LAY_MAX_INCLUDES);
		stmt_error(sg, m);
		free(m);
		return;
	}
	char *rel = plain_arg(sg), *path = resolve_path(p, rel);
	xgrow(&d->include, &d->include_cap, d->ninclude + 1, sizeof *d->include);
	d->include[d->ninclude++] = xstrdup(path);
	struct parser sub = *p;
	sub.depth++;
	parse_file(&sub, path, &at);
	p->appendix = sub.appendix;
	p->h1 = sub.h1, p->h2 = sub.h2;
	free(rel);
	free(path);
}

static void st_figure(struct parser *p, const char *kw, struct seg *sg);
static void st_table(struct parser *p, const char *kw, struct seg *sg);
static void st_map(struct parser *p, const char *kw, struct seg *sg);
static void map_free(struct lay_map *m);
static void maps_free(struct lay_doc *d);

static const struct stmt {
	const char *kw;
	void (*fn)(struct parser *, const char *, struct seg *);
	int cont;              /* takes indented continuation lines */
	int block;             /* ends a paragraph when met at column 1 */
} stmts[] = {
	{"title", st_string, 0, 0}, {"kind", st_string, 0, 0}, {"agency", st_string, 0, 0},
	{"author", st_string, 0, 0}, {"subject", st_string, 0, 0}, {"keywords", st_string, 0, 0},
	{"lang", st_string, 0, 0}, {"colophon", st_string, 0, 0}, {"date", st_date, 0, 0},
	{"meta", st_meta, 0, 0}, {"data", st_path, 0, 0}, {"codebook", st_path, 0, 0},
	{"style", st_path, 0, 0},
	{"default", st_default, 0, 0},
	{"population", st_population, 1, 0}, {"set", st_set, 1, 0}, {"score", st_score, 1, 0},
	{"include", st_include, 0, 1}, {"appendix", st_appendix, 0, 1},
	{"pagebreak", st_pagebreak, 0, 1}, {"assert", st_assert, 1, 1},
	{"figure", st_figure, 0, 1}, {"table", st_table, 0, 1}, {"map", st_map, 0, 1},
};

/* The statement whose keyword starts s, or NULL. */
static const struct stmt *
stmt_find(const char *s)
{
	size_t k = 0;
	while (s[k] >= 'a' && s[k] <= 'z')
		k++;
	if (k == 0 || (s[k] != '\0' && !is_blank(s[k])))
		return NULL;
	for (size_t j = 0; j < sizeof stmts / sizeof *stmts; j++)
		if (strlen(stmts[j].kw) == k && strncmp(stmts[j].kw, s, k) == 0)
			return &stmts[j];
	return NULL;
}

/* A block property line: keyword and the text after it. */
struct prop {
	const char *kw;
	struct seg sg;
	struct pos pos;
};

/* ---------- suggestions for misspelt words ---------- */

/* Optimal string alignment distance between a[0..n) and b (insertions,
 * deletions, substitutions and swaps of neighbours), capped at 3. */
static int
osa_distance(const char *a, size_t n, const char *b)
{
	size_t m = strlen(b);
	if (n > 24 || m > 24)
		return 3;
	int d[25][25];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < c)
				c = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < c)
				c = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
				c = d[i - 2][j - 2] + 1;
			d[i][j] = c;
		}
	return d[n][m] < 3 ? d[n][m] : 3;
}

const char *
lay_suggest(const char *w, size_t n, const char *const *cand, size_t ncand)
{
	const char *best = NULL;
	int bd = 3;
	for (size_t k = 0; k < ncand; k++) {
		int dist = osa_distance(w, n, cand[k]);
		if (dist < bd)
			bd = dist, best = cand[k];
	}
	if (bd == 0 || bd > (n >= 6 ? 2 : 1))
		return NULL;
	return best;
}

/* ---------- figure and table blocks ---------- */

/* A kind of block: its name and its properties. */
struct block_kind {
	const char *name;              /* "figure", "table" */
	const char *const *kws;        /* the properties, NULL-terminated */
	const char *const *repeat;     /* those that may be given more than once */
};

static int
in_list(const char *w, const char *const *v)
{
	for (size_t j = 0; v[j]; j++)
		if (strcmp(v[j], w) == 0)
			return 1;
	return 0;
}

/* A line of a block that is no property: an error naming the word, with the
 * nearest property as a suggestion or else the list of them. */
static void
unknown_prop(const struct block_kind *bk, struct pos at, const char *w, size_t n)
{
	size_t nk = 0;
	while (bk->kws[nk])
		nk++;
	const char *near = lay_suggest(w, n, bk->kws, nk);
	static const char *const end[] = {"end"};
	if (near == NULL)
		near = lay_suggest(w, n, end, 1);
	struct buf b = {0};
	if (n == 0)
		buf_printf(&b, "expected a property of the %s", bk->name);
	else
		buf_printf(&b, "unknown property \"%.*s\" of a %s", (int)n, w, bk->name);
	if (near)
		buf_printf(&b, "; did you mean \"%s\"?", near);
	else {
		buf_puts(&b, " (one of");
		for (size_t j = 0; j < nk; j++)
			buf_printf(&b, "%s %s", j ? "," : "", bk->kws[j]);
		buf_puts(&b, ")");
	}
	char *m = buf_take(&b);
	diag(M_LAY_SYNTAX, &at, m);
	free(m);
}

/* A line at column 1 inside a block that starts a statement or heading: the
 * block before it lacks its "end". */
static int
leaves_block(const char *l)
{
	return l[0] == '=' || (!is_blank(l[0]) && stmt_find(l) != NULL);
}

/* Reads the lines of a figure/table block up to "end"; calls fn for each
 * property (continuation lines are joined to the property before them).
 * A property given twice (unless bk->repeat allows it), a line that is no
 * property, and a block without "end" are errors; a missing "end" is
 * reported at the line that opened the block. */
static void
block_props(struct parser *p, struct pos start, const struct block_kind *bk,
    void (*fn)(struct parser *, void *, struct prop *), void *obj)
{
	struct prop pr;
	size_t indent = 0;      /* indentation of the current property line */
	size_t skip = (size_t)-1; /* indentation of a bad line whose continuations are skipped */
	struct pos seen[32];    /* where each property was first given (line 0: not yet) */
	memset(&pr, 0, sizeof pr);
	memset(seen, 0, sizeof seen);
	for (; p->i < p->nline; p->i++) {
		const char *l = p->line[p->i], *s = skip_ws(l);
		if (*s == '\0' || *s == '#')
			continue;
		size_t k = 0, ind = (size_t)(s - l);
		while (is_word((unsigned char)s[k]))
			k++;
		int end = k == 3 && strncmp(s, "end", 3) == 0 && s[3] == '\0';
		const char *kw = NULL;
		size_t kj = 0;
		int cont = pr.kw && ind > indent; /* deeper indentation continues the property */
		if (skip != (size_t)-1 && ind > skip && !end)
			continue;
		skip = (size_t)-1;
		for (size_t j = 0; bk->kws[j] && !end && !cont; j++)
			if (strlen(bk->kws[j]) == k && strncmp(bk->kws[j], s, k) == 0 && (s[k] == '\0' || is_blank(s[k])))
				kw = bk->kws[j], kj = j;
		if (!end && !kw && !cont && ind == 0 && leaves_block(l))
			break;
		if (pr.kw && !cont) {
			fn(p, obj, &pr);
			lay_seg_free(&pr.sg);
			pr.kw = NULL;
		}
		if (end) {
			p->i++;
			return;
		}
		struct pos at = line_pos(p, p->i, s);
		if (kw && seen[kj].line > 0 && !in_list(kw, bk->repeat)) {
			char *m = xasprintf("\"%s\" is given twice in this %s (first at line %d)", kw,
			    bk->name, seen[kj].line);
			diag(M_LAY_SYNTAX, &at, m);
			free(m);
			skip = ind;
		} else if (kw) {
			if (kj < sizeof seen / sizeof *seen)
				seen[kj] = at;
			pr.kw = kw;
			pr.pos = at;
			indent = ind;
			pr.sg.file = p->file;
			const char *t = skip_ws(s + k);
			struct pos pt = line_pos(p, p->i, t);
			lay_seg_add(&pr.sg, t, strlen(t), pt.line, pt.col);
		} else if (cont)
			lay_seg_add(&pr.sg, s, strlen(s), at.line, at.col);
		else {
			unknown_prop(bk, at, s, k);
			skip = ind;
		}
	}
	if (pr.kw) {
		fn(p, obj, &pr);
		lay_seg_free(&pr.sg);
	}
	char *m = xasprintf("%s is not closed with \"end\"", bk->name);
	diag(M_LAY_SYNTAX, &start, m);
	free(m);
}

/* "a, b, c" into a vector of words. */
static void
word_list(struct prop *pr, char ***v, size_t *n)
{
	size_t cap = *n;
	const char *s = lay_seg_str(&pr->sg);
	while (*s) {
		size_t k = strcspn(s, ",");
		char *w = lay_trim_dup(s, 0, k, NULL);
		if (w[0])
			lay_strv_push(v, n, &cap, w);
		else
			free(w);
		s += k + (s[k] == ',');
	}
}

/* Figure and table texts are plain strings in the doc: no footnotes there. */
static void
no_notes(const struct lay_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].kind == LI_NOTE)
			diag(M_LAY_SYNTAX, &t->v[i].pos, "a footnote belongs in a paragraph or heading, not in a figure or table");
}

/* SET [by GROUP] | POP for a figure's show property. */
static void
fig_show(struct lay_figure *f, struct prop *pr)
{
	const struct seg *sg = &pr->sg;
	const char *s = lay_seg_str(sg);
	size_t n = strlen(s), bar = lay_find_top(s, 0, n, '|', 0);
	if (bar == (size_t)-1) {
		stmt_error(&pr->sg, "show needs VARIABLES [by GROUP] | POPULATION");
		return;
	}
	struct sp c = {.sg = sg, .s = s, .i = 0, .end = bar};
	lay_sp_set(&c, &f->vars);
	if (!c.err && lay_sp_accept(&c, "by"))
		f->by = lay_sp_word(&c);
	lay_sp_ws(&c);
	if (!c.err && c.i < bar)
		lay_sp_error(&c, c.i, "unexpected text before \"|\"");
	lay_src_set(&f->pop, &c, bar + 1, n);
	f->show_pos = pr->pos;
}

static const char *const chart_names[LAY_CHART_N] = {"bars", "stacked", "diverging", "grouped",
	"columns", "line", "histogram"};

const char *
lay_chart_name(enum lay_chart t)
{
	return t < LAY_CHART_N ? chart_names[t] : "?";
}

static void
fig_type(struct lay_figure *f, struct prop *pr)
{
	const char *v = lay_seg_str(&pr->sg);
	for (int t = 0; t < LAY_CHART_N; t++)
		if (strcmp(v, chart_names[t]) == 0) {
			f->type = (enum lay_chart)t;
			return;
		}
	stmt_error(&pr->sg, "type must be bars, stacked, diverging, grouped, columns, line or histogram");
}

/* "bins N" (1..100) or "binwidth W" (a positive decimal number, kept as written). */
static void
fig_bins(struct lay_figure *f, struct prop *pr)
{
	const char *v = lay_seg_str(&pr->sg);
	size_t n = strlen(v), digits = strspn(v, "0123456789");
	if (f->bins || f->binwidth)
		stmt_error(&pr->sg, "give bins or binwidth, not both");
	else if (pr->kw[3] == 's') {
		if (digits == 0 || digits != n || digits > 3 || atoi(v) < 1 || atoi(v) > 100)
			stmt_error(&pr->sg, "bins must be a whole number from 1 to 100");
		else
			f->bins = atoi(v);
	} else {
		size_t frac = v[digits] == '.' ? strspn(v + digits + 1, "0123456789") : 0;
		if (digits == 0 || digits > 9 || digits + (frac ? frac + 1 : 0) != n || frac > 6 ||
		    strspn(v, "0.") == n)
			stmt_error(&pr->sg, "binwidth must be a positive number such as 5 or 2.5");
		else
			f->binwidth = xstrdup(v);
	}
	f->bins_pos = pr->pos;
}

static void
fig_prop(struct parser *p, void *obj, struct prop *pr)
{
	struct lay_figure *f = obj;
	const char *v = lay_seg_str(&pr->sg), *kw = pr->kw;
	size_t n = strlen(v);
	if (strcmp(kw, "type") == 0)
		fig_type(f, pr);
	else if (strcmp(kw, "bins") == 0 || strcmp(kw, "binwidth") == 0)
		fig_bins(f, pr);
	else if (strcmp(kw, "share") == 0) {
		word_list(pr, &f->share, &f->nshare);
		f->share_pos = pr->pos;
	} else if (strcmp(kw, "show") == 0)
		fig_show(f, pr);
	else if (strcmp(kw, "exclude") == 0)
		word_list(pr, &f->exclude, &f->nexclude);
	else if (strcmp(kw, "values") == 0) {
		if (strcmp(v, "count") != 0 && strcmp(v, "pct") != 0)
			stmt_error(&pr->sg, "values must be count or pct");
		f->pct = strcmp(v, "pct") == 0;
	} else if (strcmp(kw, "narrow") == 0)
		f->narrow = 1;
	else if (strcmp(kw, "axis") == 0) {
		free(f->axis);
		f->axis = xstrdup(v);
	} else {
		struct lay_text *t = kw[0] == 'c' ? &f->caption : kw[0] == 'n' ? &f->note
		    : kw[0] == 's' ? &f->source : &f->alt;
		int *has = kw[0] == 'n' ? &f->has_note : kw[0] == 's' ? &f->has_source
		    : kw[0] == 'a' ? &f->has_alt : NULL;
		if (has)
			*has = 1;
		parse_inline(p, &pr->sg, 0, n, t);
		no_notes(t);
	}
}

static char *
block_label(struct parser *p, struct seg *sg)
{
	const char *s = lay_seg_str(sg);
	for (const char *t = s; *t; t++)
		if (!is_label((unsigned char)*t)) {
			struct pos at = lay_seg_pos(sg, (size_t)(t - s));
			diag(M_LAY_SYNTAX, &at, "a label is letters, digits, '_', '-' and '.'");
			return NULL;
		}
	(void)p;
	return s[0] ? xstrdup(s) : NULL;
}

static void
st_figure(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	static const char *const kws[] = {"type", "show", "exclude", "values", "narrow", "axis",
		"bins", "binwidth", "share", "caption", "note", "source", "alt", NULL};
	static const char *const repeat[] = {NULL};
	static const struct block_kind bk = {"figure", kws, repeat};
	struct pos pos = p->stmt;
	struct lay_figure *f = xcalloc(1, sizeof *f);
	f->pos = pos;
	f->type = LAY_CHART_STACKED;
	f->number = ++p->d->nfigures;
	f->label = block_label(p, sg);
	if (f->label)
		add_label(p, f->label, LL_FIGURE, f->number, pos);
	block_props(p, pos, &bk, fig_prop, f);
	struct lay_block *b = block_push(p, LB_FIGURE, pos);
	b->fig = f;
	if (f->vars.kind == SET_LIST && f->vars.nitem == 0 && f->vars.name == NULL)
		diag(M_LAY_SYNTAX, &pos, "figure has no \"show\" line");
	if (!f->has_alt || f->alt.n == 0)
		diag(M_LAY_NO_ALT, &pos, f->label ? f->label : "(unlabelled)");
	if ((f->bins || f->binwidth) && f->type != LAY_CHART_HISTOGRAM)
		diag(M_LAY_SYNTAX, &f->bins_pos, "bins and binwidth belong to a histogram figure");
	if (f->nshare && f->type != LAY_CHART_LINE)
		diag(M_LAY_SYNTAX, &f->share_pos, "share belongs to a line figure (show V by edition)");
}

/* ---------- map blocks (editions with their own codebooks) ---------- */

/* The next word of a map line (letters, digits, '_', '-', '.', or bytes of
 * UTF-8) from *i on, skipping blanks; NULL at the end or before another
 * character. *at gets its offset. */
static char *
map_word(const char *s, size_t *i, size_t *at)
{
	size_t k = (size_t)(skip_ws(s + *i) - s), e = k;
	while (is_label((unsigned char)s[e]) || (unsigned char)s[e] >= 0x80)
		e++;
	if (e == k)
		return NULL;
	*at = k;
	*i = e;
	return xstrndup(s + k, e - k);
}

/* Reports "expected WHAT" at offset off of pr's text. */
static void
map_expected(struct prop *pr, size_t off, const char *what)
{
	struct pos at = lay_seg_pos(&pr->sg, off);
	char *m = xasprintf("expected %s", what);
	diag(M_LAY_SYNTAX, &at, m);
	free(m);
}

static struct lay_map_item *
map_item_push(struct lay_map *m, enum lay_map_kind k)
{
	xgrow(&m->item, &m->cap, m->nitem + 1, sizeof *m->item);
	struct lay_map_item *it = &m->item[m->nitem++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	return it;
}

/* rename OLD NEW */
static void
map_rename(struct lay_map *m, struct prop *pr)
{
	const char *s = lay_seg_str(&pr->sg);
	size_t i = 0, a = 0, b = 0;
	char *old = map_word(s, &i, &a), *new = old ? map_word(s, &i, &b) : NULL;
	if (new == NULL || *skip_ws(s + i) != '\0') {
		map_expected(pr, (size_t)(skip_ws(s + i) - s), "rename OLD NEW");
		free(old), free(new);
		return;
	}
	struct lay_map_item *it = map_item_push(m, LM_RENAME);
	it->var = old, it->var_pos = lay_seg_pos(&pr->sg, a);
	it->to = new, it->to_pos = lay_seg_pos(&pr->sg, b);
}

/* recode VAR FROM -> TO, FROM -> TO ... */
static void
map_recode(struct lay_map *m, struct prop *pr)
{
	const char *s = lay_seg_str(&pr->sg);
	size_t i = 0, a = 0;
	char *var = map_word(s, &i, &a);
	if (var == NULL) {
		map_expected(pr, 0, "recode VARIABLE FROM -> TO, ...");
		return;
	}
	struct lay_map_item *it = map_item_push(m, LM_RECODE);
	it->var = var, it->var_pos = lay_seg_pos(&pr->sg, a);
	size_t cap = 0;
	do {
		size_t fa = 0, ta = 0;
		char *from = map_word(s, &i, &fa), *to = NULL;
		const char *arrow = skip_ws(s + i);
		if (from != NULL && strncmp(arrow, "->", 2) == 0) {
			i = (size_t)(arrow + 2 - s);
			to = map_word(s, &i, &ta);
		}
		if (to == NULL) {
			map_expected(pr, (size_t)(skip_ws(s + i) - s), "FROM -> TO (a code's key or value each)");
			free(from);
			return;
		}
		xgrow(&it->pair, &cap, it->npair + 1, sizeof *it->pair);
		it->pair[it->npair++] = (struct lay_map_pair){from, to, lay_seg_pos(&pr->sg, fa),
			lay_seg_pos(&pr->sg, ta)};
		i = (size_t)(skip_ws(s + i) - s);
	} while (s[i] == ',' && ++i);
	if (s[i] != '\0')
		map_expected(pr, i, "\",\" or the end of the line");
}

/* same VAR, VAR ... */
static void
map_same(struct lay_map *m, struct prop *pr)
{
	const char *s = lay_seg_str(&pr->sg);
	size_t i = 0, a = 0;
	do {
		char *var = map_word(s, &i, &a);
		if (var == NULL) {
			map_expected(pr, (size_t)(skip_ws(s + i) - s), "a variable's name");
			return;
		}
		struct lay_map_item *it = map_item_push(m, LM_SAME);
		it->var = var, it->var_pos = lay_seg_pos(&pr->sg, a);
		i = (size_t)(skip_ws(s + i) - s);
	} while (s[i] == ',' && ++i);
	if (s[i] != '\0')
		map_expected(pr, i, "\",\" or the end of the line");
}

static void
map_prop(struct parser *p, void *obj, struct prop *pr)
{
	(void)p;
	if (pr->kw[0] == 'r' && pr->kw[2] == 'n')
		map_rename(obj, pr);
	else if (pr->kw[0] == 'r')
		map_recode(obj, pr);
	else
		map_same(obj, pr);
}

/* `map LABEL` ... `end`: how edition LABEL's codebook translates into the
 * reference codebook (resolved against the codebooks by edmap.c). */
static void
st_map(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	static const char *const kws[] = {"rename", "recode", "same", NULL};
	static const struct block_kind bk = {"map", kws, kws};
	struct lay_doc *d = p->d;
	const char *s = lay_seg_str(sg);
	size_t k = 0;
	while (is_word((unsigned char)s[k]))
		k++;
	struct lay_map bad = {0}, *m = &bad; /* a map without a label is read, then dropped */
	if (k == 0 || s[k] != '\0')
		stmt_error(sg, "map needs an edition's label: map LABEL, then its lines, then end");
	else {
		xgrow(&d->map, &d->map_cap, d->nmap + 1, sizeof *d->map);
		m = &d->map[d->nmap++];
		memset(m, 0, sizeof *m);
	}
	m->label = xstrndup(s, k);
	m->pos = lay_seg_pos(sg, 0);
	block_props(p, p->stmt, &bk, map_prop, m);
	if (m == &bad)
		map_free(&bad);
}

static void
map_free(struct lay_map *m)
{
	for (size_t j = 0; j < m->nitem; j++) {
		struct lay_map_item *it = &m->item[j];
		free(it->var), free(it->to);
		for (size_t q = 0; q < it->npair; q++)
			free(it->pair[q].from), free(it->pair[q].to);
		free(it->pair);
	}
	free(m->item);
	free(m->label);
}

static void
maps_free(struct lay_doc *d)
{
	for (size_t i = 0; i < d->nmap; i++)
		map_free(&d->map[i]);
	free(d->map);
}

/* Each map names an edition with its own codebook; each edition has a
 * codebook (its own or the shared one). */
static void
resolve_maps(struct lay_doc *d)
{
	for (size_t i = 0; i < d->ned && d->codebook == NULL && lay_codebook_path(d); i++)
		if (d->ed[i].codebook == NULL) {
			char *m = xasprintf("edition \"%s\" has no codebook: name one after its file "
			    "(data %s PATH codebook CBPATH) or a shared one (codebook PATH)",
			    d->ed[i].label, d->ed[i].label);
			diag(M_LAY_SYNTAX, &d->ed[i].pos, m);
			free(m);
		}
	for (size_t i = 0; i < d->nmap; i++) {
		struct lay_map *m = &d->map[i];
		size_t e = 0;
		while (e < d->ned && strcmp(d->ed[e].label, m->label) != 0)
			e++;
		m->ed = e;
		struct buf b = {0};
		if (e == d->ned) {
			buf_printf(&b, "unknown edition \"%s\"", m->label);
			for (size_t j = 0; j < d->ned; j++)
				buf_printf(&b, "%s%s", j ? ", " : " (the editions: ", d->ed[j].label);
			buf_printf(&b, "%s", d->ned ? ")" : " (no data file has a label)");
		} else if (strcmp(lay_edition_codebook(d, e) ? lay_edition_codebook(d, e) : "",
		    lay_codebook_path(d) ? lay_codebook_path(d) : "") == 0)
			buf_printf(&b, "edition \"%s\" is read with the reference codebook: there is "
			    "nothing to map (give it its own: data %s PATH codebook CBPATH)", m->label, m->label);
		if (b.s)
			diag(M_LAY_SYNTAX, &m->pos, b.s);
		buf_free(&b);
	}
}

static struct lay_part *
part_push(struct lay_table *t, enum lay_part_kind k, struct pos pos, char **head)
{
	t->part = xrealloc(t->part, (t->npart + 1) * sizeof *t->part);
	struct lay_part *pt = &t->part[t->npart++];
	memset(pt, 0, sizeof *pt);
	pt->kind = k;
	pt->pos = pos;
	pt->head = *head;
	*head = NULL;
	return pt;
}

struct tabctx {
	struct lay_table *t;
	char *head;            /* pending "part" heading */
};

/* codes VAR | POP, items SET | POP, rows | POP, index SET | POP by SCORE */
static void
tab_part(struct tabctx *tc, struct prop *pr, enum lay_part_kind k)
{
	const struct seg *sg = &pr->sg;
	const char *s = lay_seg_str(sg);
	size_t n = strlen(s), bar = lay_find_top(s, 0, n, '|', 0);
	struct lay_part *pt = part_push(tc->t, k, pr->pos, &tc->head);
	if (bar == (size_t)-1) {
		stmt_error(&pr->sg, "expected ... | POPULATION");
		return;
	}
	struct sp c = {.sg = sg, .s = s, .i = 0, .end = bar};
	if (k == TP_CODES || k == TP_SUMMARY || k == TP_TEXTS)
		lay_src_set(&pt->var, &c, 0, bar);
	else if (k != TP_ROWS)
		lay_sp_set(&c, &pt->set);
	if (k == TP_INDEX) {
		size_t by = lay_find_by(s, bar, n);
		if (by == (size_t)-1) {
			stmt_error(&pr->sg, "index needs \"by SCORE\"");
			return;
		}
		pt->score = lay_trim_dup(s, by + 2, n, NULL);
		n = by;
	}
	lay_src_set(&pt->pop, &c, bar + 1, n);
}

/* row "Label" COND, or sum "Label" COND (a summary row) */
static void
tab_row(struct tabctx *tc, struct prop *pr)
{
	const char *kw = pr->kw;
	const char *s = lay_seg_str(&pr->sg);
	struct lay_part *pt = tc->t->npart ? &tc->t->part[tc->t->npart - 1] : NULL;
	const char *q = s[0] == '"' ? strchr(s + 1, '"') : NULL;
	if (pt == NULL || pt->kind != TP_ROWS) {
		char *m = xasprintf("%s outside a \"rows | POPULATION\" part", kw);
		stmt_error(&pr->sg, m);
		free(m);
		return;
	}
	if (q == NULL) {
		char *m = xasprintf("%s needs \"Label\" CONDITION", kw);
		stmt_error(&pr->sg, m);
		free(m);
		return;
	}
	pt->row = xrealloc(pt->row, (pt->nrow + 1) * sizeof *pt->row);
	struct lay_row *r = &pt->row[pt->nrow++];
	r->label = xstrndup(s + 1, (size_t)(q - s - 1));
	r->sum = strcmp(kw, "sum") == 0;
	r->pos = pr->pos;
	struct sp c = {.sg = &pr->sg, .s = s, .i = 0, .end = strlen(s)};
	lay_src_set(&r->cond, &c, (size_t)(q - s) + 1, strlen(s));
	if (r->cond.text[0] == '\0')
		stmt_error(&pr->sg, "row needs a condition");
}

/* change [NEW OLD]: two edition labels or none. */
static void
tab_change(struct lay_table *t, struct prop *pr)
{
	char **w = NULL;
	size_t n = 0, cap = 0;
	const char *s0 = lay_seg_str(&pr->sg), *s = s0;
	while (*(s = skip_ws(s))) {
		size_t k = strcspn(s, " \t");
		if (n < 2)
			t->change_at[n] = lay_seg_pos(&pr->sg, (size_t)(s - s0));
		lay_strv_push(&w, &n, &cap, xstrndup(s, k));
		s += k;
	}
	t->change = 1;
	t->change_pos = pr->pos;
	if (n == 2)
		t->change_new = w[0], t->change_old = w[1];
	else {
		if (n != 0)
			stmt_error(&pr->sg, "change takes two editions or none (change NEW OLD)");
		for (size_t i = 0; i < n; i++)
			free(w[i]);
	}
	free(w);
}

/* mark sig [LEVEL]: LEVEL a decimal number between 0 and 1 (default 0.05). */
static void
tab_mark(struct lay_table *t, struct prop *pr)
{
	const char *s = lay_seg_str(&pr->sg);
	t->mark_pos = pr->pos;
	t->mark = 0.05;
	if (strncmp(s, "sig", 3) != 0 || (s[3] != '\0' && !is_blank(s[3]))) {
		stmt_error(&pr->sg, "mark needs \"sig\" and an optional level (mark sig 0.05)");
		return;
	}
	s = skip_ws(s + 3);
	if (*s == '\0')
		return;
	/* 0.d..d: at most 6 decimals, so the level is exact in the notes */
	size_t nd = s[0] == '0' && s[1] == '.' ? strspn(s + 2, "0123456789") : 0;
	double v = nd ? strtod(s, NULL) : 0;
	if (nd == 0 || nd > 6 || s[2 + nd] != '\0' || !(v > 0 && v < 1)) {
		struct pos at = lay_seg_pos(&pr->sg, (size_t)(s - lay_seg_str(&pr->sg)));
		diag(M_LAY_SYNTAX, &at, "the level of \"mark sig\" is a number between 0 and 1 with at most 6 decimals (e.g. 0.05)");
		return;
	}
	t->mark = v;
}

static void
tab_prop(struct parser *p, void *obj, struct prop *pr)
{
	struct tabctx *tc = obj;
	struct lay_table *t = tc->t;
	static const struct { const char *kw; enum lay_part_kind kind; } parts[] = {
		{"codes", TP_CODES}, {"items", TP_ITEMS}, {"rows", TP_ROWS},
		{"index", TP_INDEX}, {"summary", TP_SUMMARY}, {"texts", TP_TEXTS},
	};
	const char *v = lay_seg_str(&pr->sg), *kw = pr->kw;
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
		if (strcmp(kw, parts[i].kw) == 0) {
			tab_part(tc, pr, parts[i].kind);
			return;
		}
	if (strcmp(kw, "row") == 0 || strcmp(kw, "sum") == 0)
		tab_row(tc, pr);
	else if (strcmp(kw, "part") == 0) {
		free(tc->head);
		tc->head = plain_arg(&pr->sg);
	} else if (strcmp(kw, "by") == 0) {
		free(t->by);
		t->by = xstrdup(v);
	} else if (strcmp(kw, "columns") == 0)
		word_list(pr, &t->columns, &t->ncolumns);
	else if (strcmp(kw, "exclude") == 0)
		word_list(pr, &t->exclude, &t->nexclude);
	else if (strcmp(kw, "total") == 0) {
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			stmt_error(&pr->sg, "total must be yes or no");
		t->total = strcmp(v, "no") != 0;
	} else if (strcmp(kw, "suppress") == 0)
		t->suppress = 1;
	else if (strcmp(kw, "change") == 0)
		tab_change(t, pr);
	else if (strcmp(kw, "mark") == 0)
		tab_mark(t, pr);
	else {
		struct lay_text *x = kw[0] == 't' ? &t->title : kw[0] == 'n' ? &t->note : &t->source;
		if (kw[0] == 'n')
			t->has_note = 1;
		if (kw[0] == 's')
			t->has_source = 1;
		parse_inline(p, &pr->sg, 0, strlen(v), x);
		no_notes(x);
	}
}

static void
st_table(struct parser *p, const char *kw, struct seg *sg)
{
	(void)kw;
	static const char *const kws[] = {"title", "codes", "items", "rows", "row", "sum", "index", "summary", "texts", "part",
		"by", "columns", "total", "exclude", "suppress", "change", "mark", "note", "source", NULL};
	static const char *const repeat[] = {"codes", "items", "rows", "row", "index", "summary", "texts", "part", NULL};
	static const struct block_kind bk = {"table", kws, repeat};
	struct pos pos = p->stmt;
	struct lay_table *t = xcalloc(1, sizeof *t);
	t->pos = pos;
	t->total = 1;
	t->number = ++p->d->ntables;
	t->label = block_label(p, sg);
	if (t->label)
		add_label(p, t->label, LL_TABLE, t->number, pos);
	struct tabctx tc = {t, NULL};
	block_props(p, pos, &bk, tab_prop, &tc);
	free(tc.head);
	struct lay_block *b = block_push(p, LB_TABLE, pos);
	b->tab = t;
	if (t->npart == 0)
		diag(M_LAY_SYNTAX, &pos, "table has no rows (codes, items, rows or index)");
	if (t->title.n == 0)
		diag(M_LAY_SYNTAX, &pos, "table has no title");
}

/* ---------- headings and paragraphs ---------- */

static void
parse_heading(struct parser *p)
{
	const char *l = p->line[p->i], *s = skip_ws(l);
	int level = 0, numbered = 1;
	while (s[level] == '=')
		level++;
	const char *t = s + level;
	if (*t == '*')
		numbered = 0, t++;
	struct pos pos = line_pos(p, p->i, s);
	if (level > 2 || !is_blank(*t)) {
		diag(M_LAY_SYNTAX, &pos, "a heading is \"= Title\" or \"== Title\"");
		p->i++;
		return;
	}
	struct seg sg;
	stmt_arg(p, t, 0, &sg);
	struct lay_block *b = block_push(p, LB_HEADING, pos);
	b->level = level;
	if (numbered && level == 1)
		b->number = xasprintf("%d", ++p->h1), p->h2 = 0;
	else if (numbered)
		b->number = xasprintf("%d.%d", p->h1, ++p->h2);
	parse_inline(p, &sg, 0, strlen(lay_seg_str(&sg)), &b->text);
	lay_seg_free(&sg);
}

/* Does line l end a paragraph (a block statement or heading at column 1)? */
static int
ends_para(const char *l)
{
	if (l[0] == '=')
		return 1;
	const struct stmt *st = stmt_find(l);
	return st && st->block;
}

static void
parse_para(struct parser *p)
{
	struct seg sg = {0};
	sg.file = p->file;
	struct pos pos = line_pos(p, p->i, skip_ws(p->line[p->i]));
	for (int first = 1; p->i < p->nline; p->i++, first = 0) {
		const char *l = p->line[p->i], *s = skip_ws(l);
		if (*s == '\0' || (!first && ends_para(l)))
			break;
		if (*s == '#')
			continue;
		struct pos ps = line_pos(p, p->i, s);
		size_t n = strlen(s);
		while (n > 0 && is_blank(s[n - 1]))
			n--;
		lay_seg_add(&sg, s, n, ps.line, ps.col);
	}
	struct lay_block *b = block_push(p, LB_PARA, pos);
	parse_inline(p, &sg, 0, strlen(lay_seg_str(&sg)), &b->text);
	lay_seg_free(&sg);
}

/* Does the rest r of a line fit the argument of statement kw? Used only to
 * tell a misspelt statement from prose (misspelt() below). */
static int
looks_like_args(const struct parser *p, const char *kw, const char *r)
{
	r = skip_ws(r);
	if (strcmp(kw, "figure") == 0 || strcmp(kw, "table") == 0 || strcmp(kw, "pagebreak") == 0) {
		while (is_label((unsigned char)*r))
			r++;
		return *skip_ws(r) == '\0';
	}
	if (strcmp(kw, "population") == 0 || strcmp(kw, "set") == 0 || strcmp(kw, "score") == 0) {
		const char *w = r;
		while (is_word((unsigned char)*r))
			r++;
		return r > w && *skip_ws(r) == '=';
	}
	/* a one-line paragraph with an argument that does not end like a sentence */
	size_t n = strlen(r);
	const char *next = p->i + 1 < p->nline ? skip_ws(p->line[p->i + 1]) : "";
	return n > 0 && !strchr(".!?:", r[n - 1]) && (*next == '\0' || *next == '#');
}

/* A line at column 1 that is no statement but whose first word is a
 * misspelt statement keyword (edit distance 1, or 2 for keywords of six
 * letters or more) followed by what that statement takes: an error with
 * the keyword as a suggestion. Prose is never taken for one: its first word
 * must be lower-case ASCII letters only and followed by statement-shaped
 * text (see looks_like_args). Returns 1 when the line was reported. */
static int
misspelt(struct parser *p, const char *l)
{
	size_t k = 0;
	while (l[k] >= 'a' && l[k] <= 'z')
		k++;
	if (k < 3 || (l[k] != '\0' && !is_blank(l[k])))
		return 0;
	const char *kws[sizeof stmts / sizeof *stmts];
	for (size_t j = 0; j < sizeof stmts / sizeof *stmts; j++)
		kws[j] = stmts[j].kw;
	const char *near = lay_suggest(l, k, kws, sizeof stmts / sizeof *stmts);
	if (near == NULL || !looks_like_args(p, near, l + k))
		return 0;
	struct pos at = line_pos(p, p->i, l);
	char *m = xasprintf("unknown statement \"%.*s\"; did you mean \"%s\"? (start a paragraph "
	    "with \\ if it is text)", (int)k, l, near);
	diag(M_LAY_SYNTAX, &at, m);
	free(m);
	return 1;
}

static void
parse_lines(struct parser *p)
{
	while (p->i < p->nline) {
		const char *s = skip_ws(p->line[p->i]);
		if (*s == '\0' || *s == '#') {
			p->i++;
			continue;
		}
		if (*s == '=') {
			parse_heading(p);
			continue;
		}
		const struct stmt *st = stmt_find(s);
		if (st == NULL && s == p->line[p->i] && misspelt(p, s)) {
			/* skip what the statement would have read: indented lines and an "end" */
			for (p->i++; p->i < p->nline && is_blank(p->line[p->i][0]); p->i++)
				;
			if (p->i < p->nline && strcmp(p->line[p->i], "end") == 0)
				p->i++;
			continue;
		}
		if (st == NULL) {
			parse_para(p);
			continue;
		}
		struct seg sg;
		p->stmt = line_pos(p, p->i, s);
		stmt_arg(p, s + strlen(st->kw), st->cont, &sg);
		st->fn(p, st->kw, &sg);
		lay_seg_free(&sg);
	}
}

/* Parses the file at path (included at *from, or the layout when NULL);
 * -1 if it could not be read. */
/* Is src one of the files being read (an include cycle)? Reports the cycle at *from. */
static int
include_cycle(const struct parser *p, const struct srcin *src, const struct pos *from)
{
	int k = 0;
	while (k < p->depth && (p->chain[k].dev != src->dev || p->chain[k].ino != src->ino))
		k++;
	if (k == p->depth)
		return 0;
	struct buf b = {0};
	buf_puts(&b, "include cycle:");
	for (int j = k; j < p->depth; j++)
		buf_printf(&b, " %s ->", p->chain[j].path);
	buf_printf(&b, " %s", src->path);
	char *m = buf_take(&b);
	diag(M_LAY_SYNTAX, from, m);
	free(m);
	return 1;
}

static int
parse_file(struct parser *p, const char *path, struct pos *from)
{
	struct srcin *src = srcin_read(path, from);
	if (src == NULL)
		return -1;
	if (from && include_cycle(p, src, from)) {
		srcin_free(src);
		return -1;
	}
	p->chain[p->depth] = (struct incl){src->dev, src->ino, src->path};
	p->file = src->path;
	const char *slash = strrchr(path, '/');
	p->dir = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("");
	p->line = src->line;
	p->nline = src->nline;
	p->i = 0;
	parse_lines(p);
	free(p->dir);
	srcin_free(src);
	return 0;
}

/* ---------- checks after parsing ---------- */

static void check_text(struct lay_doc *d, const struct lay_text *t);

/* Claim ids must be unique: collects them in ids and reports duplicates. */
static void
check_ids(struct lay_doc *d, const struct lay_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct lay_inline *in = &t->v[i];
		if (in->kind != LI_STAT || in->id == NULL)
			continue;
		if (ix_find(&d->id_ix, in->id, id_name, d->ids) != (size_t)-1) {
			diag(M_LAY_DUP_ID, &in->pos, in->id);
			continue;
		}
		xgrow(&d->ids, &d->ids_cap, d->nids + 1, sizeof *d->ids);
		d->ids[d->nids++] = in;
		ix_add(&d->id_ix, d->nids - 1, id_name, d->ids);
	}
}


static void
check_ref(struct lay_doc *d, const struct lay_inline *in)
{
	int kind = -1;
	for (size_t k = 0; k < in->nref; k++) {
		const struct lay_label *l = lay_label_find(d, in->ref[k]);
		if (l == NULL) {
			diag(M_LAY_UNKNOWN_LABEL, &in->pos, in->ref[k]);
			continue;
		}
		if (kind >= 0 && (int)l->kind != kind)
			diag(M_LAY_TYPE, &in->pos, "one @ref() names labels of different kinds");
		kind = (int)l->kind;
	}
}

static void
check_text(struct lay_doc *d, const struct lay_text *t)
{
	check_ids(d, t);
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].kind == LI_REF)
			check_ref(d, &t->v[i]);
		if (t->v[i].note)
			check_text(d, t->v[i].note);
	}
}

static void
check_blocks(struct lay_doc *d, const struct lay_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		check_text(d, &b[i].text);
		if (b[i].fig) {
			check_text(d, &b[i].fig->caption);
			check_text(d, &b[i].fig->note);
			check_text(d, &b[i].fig->alt);
			check_text(d, &b[i].fig->source);
		}
		if (b[i].tab) {
			check_text(d, &b[i].tab->title);
			check_text(d, &b[i].tab->note);
			check_text(d, &b[i].tab->source);
		}
	}
}

/* Replaces "@date" in meta values with the date in the layout's language. */
static void
expand_dates(struct lay_doc *d)
{
	const struct lang *l = d->lang ? lang_find(d->lang) : lang_default();
	if (l == NULL)
		return; /* reported at the lang line */
	for (size_t i = 0; i < d->nmeta; i++) {
		char *v = d->meta[i].value, *at = strstr(v, "@date");
		if (at == NULL || d->month == 0)
			continue;
		char *date = lang_date(l, d->year, d->month, d->day);
		d->meta[i].value = xasprintf("%.*s%s%s", (int)(at - v), v, date, at + 5);
		free(date);
		free(v);
	}
}

struct lay_doc *
lay_parse(const char *path)
{
	int before = diag_errors();
	struct lay_doc *d = xcalloc(1, sizeof *d);
	d->path = util_intern(path);
	struct incl chain[LAY_MAX_INCLUDE_DEPTH + 1];
	struct parser p = {0};
	p.d = d;
	p.chain = chain;
	int unread = parse_file(&p, path, NULL) != 0;
	check_blocks(d, d->body, d->nbody);
	check_blocks(d, d->appendix, d->nappendix);
	free(d->ids);
	d->ids = NULL;
	free(d->id_ix.slot);
	d->id_ix = (struct lay_index){0};
	expand_dates(d);
	resolve_default(d);
	resolve_maps(d);
	if (!unread && (d->data == NULL || lay_codebook_path(d) == NULL)) {
		struct pos at = {d->path, 0, 0};
		diag(M_LAY_SYNTAX, &at, "the layout names no data or no codebook file");
	}
	if (diag_errors() > before) {
		lay_free(d);
		return NULL;
	}
	return d;
}

static void
figure_free(struct lay_figure *f)
{
	if (f == NULL)
		return;
	free(f->label);
	lay_set_free(&f->vars);
	free(f->by);
	free(f->pop.text);
	for (size_t i = 0; i < f->nexclude; i++)
		free(f->exclude[i]);
	free(f->exclude);
	free(f->axis);
	free(f->binwidth);
	for (size_t i = 0; i < f->nshare; i++)
		free(f->share[i]);
	free(f->share);
	text_free(&f->caption);
	text_free(&f->note);
	text_free(&f->source);
	text_free(&f->alt);
	free(f);
}

static void
table_free(struct lay_table *t)
{
	if (t == NULL)
		return;
	free(t->label);
	text_free(&t->title);
	text_free(&t->note);
	text_free(&t->source);
	free(t->by);
	free(t->change_new);
	free(t->change_old);
	for (size_t i = 0; i < t->ncolumns; i++)
		free(t->columns[i]);
	free(t->columns);
	for (size_t i = 0; i < t->nexclude; i++)
		free(t->exclude[i]);
	free(t->exclude);
	for (size_t i = 0; i < t->npart; i++) {
		struct lay_part *pt = &t->part[i];
		free(pt->head);
		free(pt->var.text);
		lay_set_free(&pt->set);
		free(pt->pop.text);
		free(pt->score);
		for (size_t k = 0; k < pt->nrow; k++) {
			free(pt->row[k].label);
			free(pt->row[k].cond.text);
		}
		free(pt->row);
	}
	free(t->part);
	free(t);
}

static void
blocks_free(struct lay_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].number);
		text_free(&b[i].text);
		figure_free(b[i].fig);
		table_free(b[i].tab);
		lay_stat_free(b[i].stat);
	}
	free(b);
}

void
lay_free(struct lay_doc *d)
{
	if (d == NULL)
		return;
	char **strs[] = {&d->title, &d->kind, &d->agency, &d->author, &d->subject, &d->keywords,
		&d->lang, &d->colophon, &d->data, &d->codebook, &d->style, &d->appendix_title};
	for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
		free(*strs[i]);
	for (size_t i = 0; i < d->nmeta; i++)
		free(d->meta[i].key), free(d->meta[i].value);
	for (size_t i = 0; i < d->ned; i++)
		free(d->ed[i].label), free(d->ed[i].path), free(d->ed[i].codebook);
	free(d->ed);
	maps_free(d);
	free(d->ed_default_name);
	free(d->meta);
	for (size_t i = 0; i < d->npop; i++)
		free(d->pop[i].name), free(d->pop[i].src.text);
	free(d->pop);
	for (size_t i = 0; i < d->nset; i++)
		free(d->set[i].name), lay_set_free(&d->set[i].set);
	free(d->set);
	for (size_t i = 0; i < d->nscore; i++) {
		for (size_t k = 0; k < d->score[i].n; k++)
			free(d->score[i].e[k].key);
		free(d->score[i].e);
		free(d->score[i].name);
	}
	free(d->score);
	blocks_free(d->body, d->nbody);
	blocks_free(d->appendix, d->nappendix);
	for (size_t i = 0; i < d->nlabel; i++)
		free(d->label[i].name);
	free(d->label);
	free(d->label_ix.slot);
	free(d->id_ix.slot);
	free(d->pop_ix.slot);
	free(d->set_ix.slot);
	for (size_t i = 0; i < d->ninclude; i++)
		free(d->include[i]);
	free(d->include);
	free(d);
}

const char *
lay_data_path(const struct lay_doc *d)
{
	return d->data;
}

const char *
lay_codebook_path(const struct lay_doc *d)
{
	if (d->ned > 0 && d->ed[d->ed_default].codebook)
		return d->ed[d->ed_default].codebook;
	return d->codebook;
}

const char *
lay_edition_codebook(const struct lay_doc *d, size_t i)
{
	if (i >= d->ned)
		return NULL;
	return d->ed[i].codebook ? d->ed[i].codebook : d->codebook;
}

const char *
lay_style_path(const struct lay_doc *d, struct pos *at)
{
	if (at != NULL)
		*at = d->style_pos;
	return d->style;
}

size_t
lay_neditions(const struct lay_doc *d)
{
	return d->ned;
}

const struct lay_edition *
lay_edition(const struct lay_doc *d, size_t i)
{
	return i < d->ned ? &d->ed[i] : NULL;
}

size_t
lay_nincludes(const struct lay_doc *d)
{
	return d->ninclude;
}

const char *
lay_include(const struct lay_doc *d, size_t i)
{
	return i < d->ninclude ? d->include[i] : NULL;
}

size_t
lay_pop_index(const struct lay_doc *d, const char *name)
{
	return ix_find(&d->pop_ix, name, def_name, d->pop);
}

const struct lay_label *
lay_label_find(const struct lay_doc *d, const char *name)
{
	size_t i = ix_find(&d->label_ix, name, label_name, d->label);
	return i == (size_t)-1 ? NULL : &d->label[i];
}


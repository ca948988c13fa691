/* cbgen.c: writes a starter codebook from descriptions of a data file's columns. */
#include "cbgen.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- keys ---- */

/* ASCII for the letters of Latin-1 that labels use (lower case). */
static const struct {
	uint32_t cp;
	const char *ascii;
} folds[] = {
	{0xE6, "ae"}, {0xC6, "ae"}, {0xF8, "oe"}, {0xD8, "oe"}, {0xE5, "aa"}, {0xC5, "aa"},
	{0xE4, "ae"}, {0xC4, "ae"}, {0xF6, "oe"}, {0xD6, "oe"}, {0xFC, "ue"}, {0xDC, "ue"},
	{0xDF, "ss"}, {0xE9, "e"}, {0xC9, "e"}, {0xE8, "e"}, {0xC8, "e"}, {0xEA, "e"},
	{0xE1, "a"}, {0xC1, "a"}, {0xE0, "a"}, {0xED, "i"}, {0xF3, "o"}, {0xFA, "u"},
	{0xF1, "n"}, {0xE7, "c"},
};

/* The ASCII letters for code point cp ("" if none). */
static const char *
fold(uint32_t cp)
{
	static char one[2];
	if (cp < 0x80) {
		one[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
		one[1] = '\0';
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ? one : "";
	}
	for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++)
		if (folds[i].cp == cp)
			return folds[i].ascii;
	return "";
}

enum { KEY_WORDS = 3, KEY_MAX = 24 };

/* The folded words of label, at most KEY_WORDS + 1, each as a string in
 * words[] (malloc'd); their count. */
static size_t
key_words(const char *label, char **words)
{
	size_t nw = 0, n = strlen(label);
	struct buf w = {0};
	for (size_t i = 0; i <= n && nw <= KEY_WORDS;) {
		uint32_t cp = 0;
		size_t k = i < n ? utf8_decode(label + i, n - i, &cp) : 1;
		i += k ? k : 1;
		const char *a = i <= n ? fold(cp) : "";
		if (*a != '\0') {
			buf_puts(&w, a);
		} else if (w.len > 0) {
			words[nw++] = buf_take(&w);
			w = (struct buf){0};
		}
	}
	buf_free(&w);
	return nw;
}

char *
cbgen_key(const char *label)
{
	char *words[KEY_WORDS + 1];
	size_t nw = key_words(label, words);
	struct buf b = {0};
	int full = 0; /* a word did not fit: no more words */
	for (size_t i = 0; i < nw; i++) {
		size_t len = strlen(words[i]);
		if (i == 0)
			buf_add(&b, words[0], len < KEY_MAX ? len : KEY_MAX);
		else if (!full && i < KEY_WORDS && b.len + 1 + len <= KEY_MAX)
			buf_printf(&b, "_%s", words[i]);
		else
			full = 1;
		free(words[i]);
	}
	if (b.len == 0 || (b.s[0] >= '0' && b.s[0] <= '9')) {
		char *k = xasprintf("k%s%s", b.len ? "_" : "", b.len ? b.s : "");
		buf_free(&b);
		return k;
	}
	return buf_take(&b);
}

/* ---- the plan: a type, a code list and a battery per column ---- */

enum gtype { G_ID, G_SINGLE, G_SCALE, G_MULTI, G_NUMBER, G_TEXT };

static const char *const gtype_names[] = {"id", "single", "scale", "multi", "number", "text"};

struct code {
	long value;
	char *key;
	const char *label; /* borrowed from the column, or the value's text */
	char *own;         /* the value's text when the file has no label */
};

struct list { /* a code list: one column's, or shared */
	struct code *codes;
	size_t n;
	char *name;    /* shared lists only */
	int shared;
};

struct plan {
	const struct cbgen_col *cols;
	size_t n;
	enum gtype *type;
	int *list;       /* per column: index into lists, or -1 */
	struct list *lists;
	size_t nlists;
	char **battery;  /* per column, or NULL */
	size_t *cut;     /* per column: bytes of its text shared by its whole battery (0: none) */
};

/* Are the column's numbers all 0 or 1? */
static int
zero_one(const struct cbgen_col *c)
{
	return !c->is_string && c->all_int && (c->nvalid == 0 || (c->min >= 0 && c->max <= 1));
}

/* Are the labels only of 0 and 1? */
static int
labels_zero_one(const struct cbgen_col *c)
{
	for (size_t i = 0; i < c->nlabels; i++)
		if (c->labels[i].value != 0 && c->labels[i].value != 1)
			return 0;
	return 1;
}

static enum gtype
col_type(const struct cbgen_col *c)
{
	if (c->is_date)
		return G_TEXT;
	if (c->is_string)
		return c->unique && c->nmissing == 0 && c->nvalid > 0 ? G_ID : G_TEXT;
	if (c->nlabels > 0 && !c->all_int)
		return G_NUMBER;
	if (c->nlabels > 0 && zero_one(c) && labels_zero_one(c) && c->nlabels == 2)
		return G_MULTI;
	if (c->nlabels > 0)
		return c->measure == 2 || c->measure == 3 ? G_SCALE : G_SINGLE;
	if (c->unique && c->nmissing == 0 && c->all_int && c->nvalid > 1 && c->min >= 0)
		return G_ID;
	if (zero_one(c) && c->nvalid > 0 && c->measure != 3)
		return G_MULTI;
	return G_NUMBER;
}

static int
cmp_code(const void *a, const void *b)
{
	long x = ((const struct code *)a)->value, y = ((const struct code *)b)->value;
	return (x > y) - (x < y);
}

/* Is key taken by one of the first n codes? */
static int
key_taken(const struct code *codes, size_t n, const char *key)
{
	for (size_t j = 0; j < n; j++)
		if (strcmp(codes[j].key, key) == 0)
			return 1;
	return 0;
}

/* Makes the keys of a list unique: a repeated key gets _2, _3, ... */
static void
unique_keys(struct list *l)
{
	for (size_t i = 1; i < l->n; i++) {
		char *base = l->codes[i].key;
		if (!key_taken(l->codes, i, base))
			continue;
		char *k = NULL;
		for (int n = 2; k == NULL || key_taken(l->codes, i, k); n++) {
			free(k);
			k = xasprintf("%s_%d", base, n);
		}
		l->codes[i].key = k;
		free(base);
	}
}

/* The code list of column c: its labels, plus the values seen without one. */
static struct list
col_list(const struct cbgen_col *c)
{
	struct list l = {0};
	size_t seen = c->ndistinct < CBGEN_DISTINCT ? (size_t)c->ndistinct : CBGEN_DISTINCT;
	l.codes = xcalloc(c->nlabels + seen + 1, sizeof *l.codes);
	for (size_t i = 0; i < c->nlabels; i++) {
		double v = c->labels[i].value;
		if (v != floor(v) || fabs(v) > 2e9)
			continue;
		l.codes[l.n++] = (struct code){(long)v, cbgen_key(c->labels[i].text), c->labels[i].text, NULL};
	}
	for (size_t i = 0; i < seen; i++) {
		double v = c->distinct[i];
		size_t k = 0;
		while (k < l.n && l.codes[k].value != (long)v)
			k++;
		if (k < l.n || v != floor(v) || fabs(v) > 2e9)
			continue;
		char *own = xasprintf("%ld", (long)v);
		l.codes[l.n++] = (struct code){(long)v, cbgen_key(own), own, own};
	}
	qsort(l.codes, l.n, sizeof *l.codes, cmp_code);
	unique_keys(&l);
	return l;
}

static int
same_list(const struct list *a, const struct list *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->codes[i].value != b->codes[i].value || strcmp(a->codes[i].label, b->codes[i].label) != 0)
			return 0;
	return 1;
}

static void
list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->codes[i].key);
		free(l->codes[i].own);
	}
	free(l->codes);
	free(l->name);
}

/* The part of name before its last '_' (malloc'd), or NULL. */
static char *
name_prefix(const char *name)
{
	const char *u = strrchr(name, '_');
	if (u == NULL || u == name)
		return NULL;
	return xasprintf("%.*s", (int)(u - name), name);
}

/* Is name taken by a column or an earlier list? */
static int
name_taken(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->cols[i].name, name) == 0)
			return 1;
	for (size_t i = 0; i < p->nlists; i++)
		if (p->lists[i].name != NULL && strcmp(p->lists[i].name, name) == 0)
			return 1;
	return 0;
}

/* Names a shared list after the common prefix of its first column's name,
 * else after that column ("NAME_codes"), made unique. */
static char *
list_name(const struct plan *p, size_t first)
{
	char *pre = name_prefix(p->cols[first].name);
	char *name = pre ? pre : xasprintf("%s_codes", p->cols[first].name);
	for (int k = 2; name_taken(p, name); k++) {
		char *n2 = xasprintf("%s%d", pre ? pre : p->cols[first].name, k);
		free(name);
		name = n2;
	}
	return name;
}

/* Gives each coded column its list; identical lists become one shared list. */
static void
plan_lists(struct plan *p)
{
	p->lists = xcalloc(p->n + 1, sizeof *p->lists);
	for (size_t i = 0; i < p->n; i++) {
		p->list[i] = -1;
		if (p->type[i] != G_SINGLE && p->type[i] != G_SCALE)
			continue;
		struct list l = col_list(&p->cols[i]);
		size_t k = 0;
		while (k < p->nlists && !same_list(&p->lists[k], &l))
			k++;
		if (k < p->nlists) {
			list_free(&l);
			if (!p->lists[k].shared)
				p->lists[k].name = list_name(p, i);
			p->lists[k].shared = 1;
		} else {
			p->lists[p->nlists++] = l;
		}
		p->list[i] = (int)k;
	}
}

/* Can columns a and b be in one battery: same type (and list), same prefix? */
static int
same_battery(const struct plan *p, size_t a, size_t b, const char *prefix)
{
	if (p->type[a] != p->type[b] || p->list[a] != p->list[b])
		return 0;
	if (p->type[a] != G_MULTI && p->type[a] != G_SINGLE && p->type[a] != G_SCALE)
		return 0;
	char *pb = name_prefix(p->cols[b].name);
	int same = pb != NULL && strcmp(pb, prefix) == 0;
	free(pb);
	return same;
}

/* Bytes of a and b's common beginning that end after a space or
 * punctuation mark followed by a space ("Question? Item"): 0 if none. */
static size_t
common_words(const char *a, const char *b)
{
	size_t n = 0, cut = 0;
	while (a[n] != '\0' && a[n] == b[n]) {
		if (a[n] == ' ' && n > 0 && strchr("?:.!)", a[n - 1]) != NULL)
			cut = n + 1;
		n++;
	}
	return cut;
}

/* Items of a battery whose texts share a beginning ("Which do you
 * use? Courses", "... ? Advice") get the rest as their label, so that
 * tables and charts name the items, not the question. */
static void
plan_item_labels(struct plan *p, size_t from, size_t to)
{
	const char *first = p->cols[from].label;
	size_t cut = strlen(first);
	for (size_t k = from + 1; k < to; k++) {
		size_t c = common_words(first, p->cols[k].label);
		cut = c < cut ? c : cut;
	}
	for (size_t k = from; k < to; k++)
		if (p->cols[k].label[cut] == '\0')
			cut = 0; /* an item would have an empty label */
	for (size_t k = from; k < to; k++)
		p->cut[k] = cut;
}

/* Batteries: maximal runs of at least two adjacent columns. */
static void
plan_batteries(struct plan *p)
{
	p->battery = xcalloc(p->n + 1, sizeof *p->battery);
	p->cut = xcalloc(p->n + 1, sizeof *p->cut);
	for (size_t i = 0; i < p->n;) {
		char *prefix = name_prefix(p->cols[i].name);
		size_t j = i + 1;
		while (prefix != NULL && j < p->n && same_battery(p, i, j, prefix))
			j++;
		if (j - i >= 2) {
			for (size_t k = i; k < j; k++)
				p->battery[k] = xstrdup(prefix);
			plan_item_labels(p, i, j);
		}
		free(prefix);
		i = j;
	}
}

/* ---- writing ---- */

/* A string in codebook quotes: '"' and '\' escaped, control bytes as spaces. */
static void
put_quoted(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
	buf_putc(b, '"');
}

static void
put_codes(struct buf *b, const struct list *l, const char *indent)
{
	for (size_t i = 0; i < l->n; i++) {
		buf_printf(b, "%s%ld %s ", indent, l->codes[i].value, l->codes[i].key);
		put_quoted(b, l->codes[i].label);
		buf_puts(b, l->codes[i].own ? "  # no label in the data file\n" : "\n");
	}
}

static void
put_var(struct buf *b, const struct plan *p, size_t i)
{
	const struct cbgen_col *c = &p->cols[i];
	const struct list *l = p->list[i] >= 0 ? &p->lists[p->list[i]] : NULL;
	buf_printf(b, "var %s %s", c->name, gtype_names[p->type[i]]);
	if (l != NULL && l->shared)
		buf_printf(b, " %s", l->name);
	buf_putc(b, '\n');
	buf_puts(b, "  text ");
	put_quoted(b, *c->label ? c->label : c->name);
	buf_putc(b, '\n');
	if (p->cut[i] > 0) {
		buf_puts(b, "  label ");
		put_quoted(b, c->label + p->cut[i]);
		buf_putc(b, '\n');
	}
	if (p->battery[i] != NULL)
		buf_printf(b, "  battery %s\n", p->battery[i]);
	if (p->type[i] == G_NUMBER && c->maxdec > 0)
		buf_printf(b, "  decimals %d\n", c->maxdec);
	if (c->is_date)
		buf_puts(b, "  # a date in the data file: read as ISO text (YYYY-MM-DD)\n");
	if (l != NULL && !l->shared)
		put_codes(b, l, "  code ");
}

char *
cbgen_write(const char *title, const char *source, const struct cbgen_col *cols, size_t n)
{
	struct plan p = {cols, n, xcalloc(n + 1, sizeof *p.type), xcalloc(n + 1, sizeof *p.list), NULL, 0, NULL, NULL};
	for (size_t i = 0; i < n; i++)
		p.type[i] = col_type(&cols[i]);
	plan_lists(&p);
	plan_batteries(&p);
	struct buf b = {0};
	buf_printf(&b, "# Codebook written by notat codebook from %s.\n", source);
	buf_puts(&b, "# Check every type, rename the keys to the ones you want to write, add\n"
	             "# ask filters and short labels (layouts/codebook.md).\n");
	buf_puts(&b, "codebook ");
	put_quoted(&b, title);
	buf_puts(&b, "\n");
	for (size_t k = 0; k < p.nlists; k++) {
		if (!p.lists[k].shared)
			continue;
		buf_printf(&b, "\ncodes %s\n", p.lists[k].name);
		put_codes(&b, &p.lists[k], "  ");
	}
	buf_putc(&b, '\n');
	for (size_t i = 0; i < n; i++)
		put_var(&b, &p, i);
	for (size_t k = 0; k < p.nlists; k++)
		list_free(&p.lists[k]);
	for (size_t i = 0; i < n; i++)
		free(p.battery[i]);
	free(p.battery);
	free(p.cut);
	free(p.lists);
	free(p.type);
	free(p.list);
	return buf_take(&b);
}

void
cbgen_cols_free(struct cbgen_col *cols, size_t n)
{
	for (size_t i = 0; cols != NULL && i < n; i++) {
		free(cols[i].name);
		free(cols[i].label);
		free(cols[i].format);
		free(cols[i].labelset);
		for (size_t k = 0; k < cols[i].nlabels; k++)
			free(cols[i].labels[k].text);
		free(cols[i].labels);
	}
	free(cols);
}

/* ---- what a reader learns of a column ---- */

void
cbgen_note_distinct(struct cbgen_col *c, double v)
{
	long n = c->ndistinct < CBGEN_DISTINCT ? c->ndistinct : CBGEN_DISTINCT;
	for (long k = 0; k < n; k++)
		if (c->distinct[k] == v)
			return;
	if (c->ndistinct < CBGEN_DISTINCT)
		c->distinct[c->ndistinct] = v;
	if (c->ndistinct <= CBGEN_DISTINCT)
		c->ndistinct++;
}

/* ---- uniqueness of a column's values ---- */

static uint64_t
uniq_hash(const char *p, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a, then a final mix */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * UINT64_C(1099511628211);
	h ^= h >> 33;
	return h ? h : 1;
}

/* Adds h to u (open addressing, at most half full); 0 if it was there. */
static int
uniq_add(struct cbgen_uniq *u, uint64_t h)
{
	if (2 * (u->n + 1) > u->cap) {
		size_t cap = u->cap ? 2 * u->cap : 64;
		uint64_t *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < u->cap; i++) {
			if (u->slot[i] == 0)
				continue;
			size_t j = u->slot[i] & (cap - 1);
			while (t[j])
				j = (j + 1) & (cap - 1);
			t[j] = u->slot[i];
		}
		free(u->slot);
		u->slot = t;
		u->cap = cap;
	}
	size_t j = h & (u->cap - 1);
	for (; u->slot[j]; j = (j + 1) & (u->cap - 1))
		if (u->slot[j] == h)
			return 0;
	u->slot[j] = h;
	u->n++;
	return 1;
}

int
cbgen_uniq_note(struct cbgen_uniq *u, const char *t, size_t n, long *used, long max)
{
	if (u->off)
		return 0;
	if (*used >= max || !uniq_add(u, uniq_hash(t, n))) {
		u->off = 1;
		cbgen_uniq_free(u);
		return 0;
	}
	(*used)++;
	return 1;
}

void
cbgen_uniq_free(struct cbgen_uniq *u)
{
	free(u->slot);
	u->slot = NULL;
	u->n = u->cap = 0;
}

/* hyph.c: Danish hyphenation points from libhyphen patterns, filtered, plus an exception list. */
#include "hyph.h"

#include <errno.h>
#include <hyphen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

#define LHMIN 2        /* letters kept before the first break */
#define RHMIN 3        /* letters carried after the last break */
#define MIN_WORD 5     /* shorter words are never broken */
#define MAX_WORD 128   /* longer "words" are never broken */

/* An exception: lowercase Latin-1 letters and the allowed breaks. */
struct hy_exc {
	char *word;    /* Latin-1, lowercase, NUL-terminated; NULL = empty slot */
	size_t len;
	char *brk;     /* [len]: brk[k] != 0 allows a break before letter k; BRK_JOINT at a compound joint */
	int part;      /* only a compound part ("=" in an entry), not an entry of its own */
};

#define BRK_PLAIN 1    /* a break inside a word part */
#define BRK_JOINT 2    /* a break at a compound joint */
#define PART_MIN 3     /* letters of the shortest compound part recognised */

struct hyph {
	HyphenDict *dict;
	struct hy_exc *exc; /* open-addressing hash */
	size_t nexc, capexc;
};

/* Danish inflection endings an exception entry may be followed by. */
static const char *const endings[] = {
	"e", "r", "n", "t", "s", "er", "en", "et", "ne", "es", "ns", "ts", "rs",
	"ede", "ere", "ens", "ets", "nes", "rne", "ers", "erne", "ernes", "ende",
};

/* Lowercase of a Latin-1 letter (other bytes unchanged). */
static unsigned char
lat1_lower(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return (unsigned char)(c + 32);
	return c;
}

/* Nonzero if cp is a letter that Latin-1 can hold. */
static int
is_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	    (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7);
}

static size_t
str_hash(const char *s, size_t n)
{
	size_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Slot of word (len bytes) in the exception hash: the entry or an empty slot. */
static struct hy_exc *
exc_slot(struct hyph *h, const char *word, size_t len)
{
	size_t j = str_hash(word, len) & (h->capexc - 1);
	while (h->exc[j].word != NULL &&
	    (h->exc[j].len != len || memcmp(h->exc[j].word, word, len) != 0))
		j = (j + 1) & (h->capexc - 1);
	return &h->exc[j];
}

static struct hy_exc *
exc_find(struct hyph *h, const char *word, size_t len)
{
	if (h == NULL || h->nexc == 0)
		return NULL;
	struct hy_exc *e = exc_slot(h, word, len);
	return e->word ? e : NULL;
}

/* Doubles the exception hash. */
static void
exc_grow(struct hyph *h)
{
	struct hy_exc *old = h->exc;
	size_t oldcap = h->capexc;
	h->capexc = oldcap ? oldcap * 2 : 256;
	h->exc = xcalloc(h->capexc, sizeof *h->exc);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].word != NULL)
			*exc_slot(h, old[i].word, old[i].len) = old[i];
	free(old);
}

/* Stores word (len Latin-1 letters) with its breaks; a part never replaces an entry. */
static void
exc_put(struct hyph *h, const char *word, const char *brk, size_t len, int part)
{
	if (2 * (h->nexc + 1) > h->capexc)
		exc_grow(h);
	struct hy_exc *e = exc_slot(h, word, len);
	if (e->word != NULL && part)
		return;
	if (e->word == NULL)
		h->nexc++;
	else
		free(e->word), free(e->brk);
	e->word = xstrndup(word, len);
	e->len = len;
	e->part = part;
	e->brk = xmalloc(len);
	memcpy(e->brk, brk, len);
}

/* Adds one exception line ("sik-ker-heds=kon-su-lent"): "-" a break, "=" a
 * compound joint, whose parts are also remembered (compound_joints); lines
 * with other characters are skipped. */
static void
exc_add(struct hyph *h, const char *s, size_t n)
{
	char word[MAX_WORD], brk[MAX_WORD] = {0};
	size_t len = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0 || len >= MAX_WORD || (cp != '-' && cp != '=' && !is_letter(cp)))
			return;
		if ((cp == '-' || cp == '=') && len > 0)
			brk[len] = cp == '=' ? BRK_JOINT : BRK_PLAIN;
		else if (cp != '-' && cp != '=')
			word[len++] = (char)lat1_lower((unsigned char)cp);
		i += l;
	}
	if (len == 0)
		return;
	exc_put(h, word, brk, len, 0);
	for (size_t a = 0, b = 1; b <= len; b++) /* the parts between joints */
		if (b == len || brk[b] == BRK_JOINT) {
			if (a > 0 || b < len) {
				char pb[MAX_WORD] = {0};
				for (size_t k = a + 1; k < b; k++)
					pb[k - a] = brk[k] ? BRK_PLAIN : 0;
				if (b - a >= PART_MIN)
					exc_put(h, word + a, pb, b - a, 1);
			}
			a = b;
		}
}

/* Reads the exception file; returns 0, or -1 after a diagnostic. */
static int
exc_load(struct hyph *h, const char *path)
{
	size_t n;
	char *text = util_slurp(path, &n);
	if (text == NULL) {
		diag(M_IO_OPEN, NULL, path);
		return -1;
	}
	for (size_t i = 0; i < n;) {
		size_t e = i;
		while (e < n && text[e] != '\n')
			e++;
		size_t a = i, b = e;
		while (a < b && (text[a] == ' ' || text[a] == '\t'))
			a++;
		while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
			b--;
		if (a < b && text[a] != '#')
			exc_add(h, text + a, b - a);
		i = e + 1;
	}
	free(text);
	return 0;
}

struct hyph *
hy_new(const char *dict_path, const char *exceptions_path)
{
	struct hyph *h = xcalloc(1, sizeof *h);
	h->dict = hnj_hyphen_load(dict_path);
	if (h->dict == NULL) {
		diag(M_TS_HYPH, NULL, dict_path);
		hy_free(h);
		return NULL;
	}
	if (exceptions_path != NULL && exc_load(h, exceptions_path) != 0) {
		hy_free(h);
		return NULL;
	}
	return h;
}

void
hy_free(struct hyph *h)
{
	if (h == NULL)
		return;
	if (h->dict)
		hnj_hyphen_free(h->dict);
	for (size_t i = 0; i < h->capexc; i++)
		free(h->exc[i].word), free(h->exc[i].brk);
	free(h->exc);
	free(h);
}

/* The letters of a word: lowercase Latin-1 and each letter's byte offset. */
struct core {
	char lat[MAX_WORD + 1];
	size_t off[MAX_WORD + 1]; /* off[k]: byte offset of letter k; off[len] = end */
	size_t len;
	size_t hyphen[8];         /* letter counts before explicit hyphens */
	size_t nhyphen;
};

/* Nonzero if cp is trimmed from the ends of a word (punctuation, quotes, dashes). */
static int
is_edge_punct(uint32_t cp)
{
	return !is_letter(cp) && !(cp >= '0' && cp <= '9') && cp < 0x2100;
}

/* Byte range [*a, *b) of s without leading and trailing punctuation. */
static void
trim_word(const char *s, size_t n, size_t *a, size_t *b)
{
	uint32_t cp;
	size_t l;
	*a = 0;
	while (*a < n && (l = utf8_decode(s + *a, n - *a, &cp)) > 0 && is_edge_punct(cp))
		*a += l;
	*b = n;
	while (*b > *a) {
		size_t k = *b - 1;
		while (k > *a && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		if (utf8_decode(s + k, *b - k, &cp) == 0 || !is_edge_punct(cp))
			break;
		*b = k;
	}
}

/* Fills c from s[a..b); returns 0, or -1 if the word has non-letters inside
 * (other than up to 8 explicit hyphens) or is too long. */
static int
core_read(struct core *c, const char *s, size_t a, size_t b)
{
	c->len = c->nhyphen = 0;
	for (size_t i = a; i < b;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, b - i, &cp);
		if (l == 0 || c->len >= MAX_WORD)
			return -1;
		if (cp == '-' && c->nhyphen < 8) {
			c->hyphen[c->nhyphen++] = c->len;
		} else if (is_letter(cp)) {
			c->off[c->len] = i;
			c->lat[c->len++] = (char)lat1_lower((unsigned char)cp);
		} else {
			return -1;
		}
		i += l;
	}
	c->off[c->len] = b;
	c->lat[c->len] = '\0';
	return 0;
}

/* Explicit hyphens: a break right after each one with 2+ letters on both sides. */
static size_t
explicit_points(const struct core *c, size_t *pos, size_t max)
{
	size_t np = 0, prev = 0;
	for (size_t i = 0; i < c->nhyphen && np < max; i++) {
		size_t k = c->hyphen[i];
		size_t next = i + 1 < c->nhyphen ? c->hyphen[i + 1] : c->len;
		if (k - prev >= 2 && next - k >= 2)
			pos[np++] = c->off[k]; /* offset of the letter after the "-" */
		prev = k;
	}
	return np;
}

/* The entry or part for s (len letters), exact or followed by an inflection ending. */
static struct hy_exc *
exc_find_inflected(struct hyph *h, const char *s, size_t len)
{
	struct hy_exc *e = exc_find(h, s, len);
	for (size_t i = 0; e == NULL && i < sizeof endings / sizeof *endings; i++) {
		size_t el = strlen(endings[i]);
		if (el < len && memcmp(s + len - el, endings[i], el) == 0)
			e = exc_find(h, s, len - el);
	}
	return e;
}

/* Exception breaks for c (an entry, not a part; exact or inflected) into brk. */
static int
exception_breaks(struct hyph *h, const struct core *c, char *brk)
{
	struct hy_exc *e = exc_find_inflected(h, c->lat, c->len);
	if (e == NULL || e->part)
		return 0;
	memcpy(brk, e->brk, e->len);
	return 1;
}

/* Nonzero if s (len letters) is a known word or compound part, also with a
 * linking "s" or "e" after it ("beskæftigelses-", "børne-"). */
static int
known_head(struct hyph *h, const char *s, size_t len)
{
	if (len >= PART_MIN && exc_find(h, s, len))
		return 1;
	return len > PART_MIN && (s[len - 1] == 's' || s[len - 1] == 'e') && exc_find(h, s, len - 1);
}

/* Marks compound joints of a word without an entry: a place where both the
 * letters before it (known_head) and after it (exc_find_inflected) are known
 * words or parts. A joint is a legal break even where the patterns have none. */
static void
compound_joints(struct hyph *h, const struct core *c, char *brk)
{
	for (size_t k = LHMIN + 1; k + PART_MIN <= c->len; k++)
		if (known_head(h, c->lat, k) && exc_find_inflected(h, c->lat + k, c->len - k))
			brk[k] = BRK_JOINT;
}

/* Pattern breaks for c into brk, without single-letter fragments. */
static void
pattern_breaks(struct hyph *h, const struct core *c, char *brk)
{
	char hy[MAX_WORD + 5], hw[2 * MAX_WORD + 10];
	char **rep = NULL;
	int *rpos = NULL, *cut = NULL;
	int len = (int)c->len;
	if (hnj_hyphen_hyphenate3(h->dict, c->lat, len, hy, hw, &rep, &rpos, &cut,
	    LHMIN, RHMIN, LHMIN, RHMIN) != 0)
		return;
	for (int i = 0; i + 1 < len; i++) /* hy[i] odd: break after letter i */
		brk[i + 1] = (hy[i] & 1) && (rep == NULL || rep[i] == NULL);
	if (rep != NULL) {
		for (int i = 0; i < len; i++)
			free(rep[i]);
		free(rep), free(rpos), free(cut);
	}
	size_t next = c->len; /* right to left: keep breaks 2+ letters before the next kept one */
	for (size_t k = c->len; k-- > 1;) {
		if (brk[k] && next - k < 2)
			brk[k] = 0;
		if (brk[k])
			next = k;
	}
}

size_t
hy_points_joints(struct hyph *h, const char *utf8word, size_t n, size_t *pos, int *joint, size_t max)
{
	struct core c;
	size_t a, b, np = 0;
	trim_word(utf8word, n, &a, &b);
	if (core_read(&c, utf8word, a, b) != 0)
		return 0;
	if (c.nhyphen > 0) {
		np = explicit_points(&c, pos, max);
		for (size_t i = 0; joint && i < np; i++)
			joint[i] = 1;
		return np;
	}
	if (c.len < MIN_WORD || h == NULL)
		return 0;
	char brk[MAX_WORD + 1] = {0};
	if (!exception_breaks(h, &c, brk)) {
		pattern_breaks(h, &c, brk);
		compound_joints(h, &c, brk);
	}
	for (size_t k = LHMIN; k + RHMIN <= c.len && np < max; k++)
		if (brk[k]) {
			if (joint)
				joint[np] = brk[k] == BRK_JOINT;
			pos[np++] = c.off[k];
		}
	return np;
}

size_t
hy_points(struct hyph *h, const char *utf8word, size_t n, size_t *pos, size_t max)
{
	return hy_points_joints(h, utf8word, n, pos, NULL, max);
}

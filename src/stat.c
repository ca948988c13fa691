/* stat.c: exact integer statistics on counts and their formatting in the build's language (lang.h). */
#include "stat.h"

#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "rat.h"
#include "util.h"

typedef rat_wide wide; /* 1000 * count < 2^73 and count * count < 2^126 fit */

/* n/d rounded to the nearest integer, ties away from zero; d > 0. */
static long
round_div(wide n, wide d)
{
	if (n >= 0)
		return (long)((2 * n + d) / (2 * d));
	return -(long)((-2 * n + d) / (2 * d));
}

static wide
wabs(wide x)
{
	return x < 0 ? -x : x;
}

long
stat_pct(struct stat_share s, int decimals)
{
	wide scale = decimals > 0 ? 1000 : 100;
	return round_div(scale * s.num, s.den);
}

int
stat_cmp(struct stat_share a, struct stat_share b)
{
	wide l = (wide)a.num * b.den, r = (wide)b.num * a.den;
	return (l > r) - (l < r);
}

long
stat_pp(struct stat_share a, struct stat_share b)
{
	/* 100 * (a.num*b.den - b.num*a.den) can exceed 2^127: exact rationals. */
	struct rat x = rat_make((wide)100 * a.num, a.den), y = rat_make((wide)100 * b.num, b.den);
	struct rat d = rat_sub(&x, &y);
	long v;
	rat_round(&d, 0, &v);
	return v;
}

long
stat_fraction(struct stat_share s, int *p, int *q)
{
	/* Distance of candidate p/q is |num*q - p*den| / (den*q); compare
	 * two candidates by cross-multiplying the numerators with the q's. */
	wide best = -1;
	int bp = 1, bq = 2;
	for (int cq = 2; cq <= 5; cq++) {
		for (int cp = 1; cp < cq; cp++) {
			wide d = wabs((wide)s.num * cq - (wide)cp * s.den);
			if (best < 0 || d * bq < best * cq) {
				best = d;
				bp = cp;
				bq = cq;
			}
		}
	}
	*p = bp;
	*q = bq;
	return round_div(1000 * best, (wide)s.den * bq);
}

/* Digits of magnitude m with the thousands separator every three, appended to b. */
static void
put_grouped(struct buf *b, unsigned long m)
{
	char digits[32];
	int n = 0;
	do {
		digits[n++] = (char)('0' + m % 10);
		m /= 10;
	} while (m > 0);
	while (n > 0) {
		buf_putc(b, digits[--n]);
		if (n > 0 && n % 3 == 0)
			buf_puts(b, lang_cur()->thousands);
	}
}

/* Appends v with a sign and thousands separators. */
static void
put_int(struct buf *b, long v)
{
	unsigned long m = (unsigned long)v;
	if (v < 0) {
		buf_puts(b, lang_cur()->minus);
		m = 0UL - m;
	}
	put_grouped(b, m);
}

char *
stat_fmt_int(long v)
{
	struct buf b = {0};
	put_int(&b, v);
	return buf_take(&b);
}

char *
stat_fmt_pct(struct stat_share s, int decimals)
{
	long v = stat_pct(s, decimals);
	if (decimals <= 0)
		return stat_fmt_int(v);
	struct buf b = {0};
	unsigned long m = (unsigned long)v;
	if (v < 0) {
		buf_puts(&b, lang_cur()->minus);
		m = 0UL - m;
	}
	put_grouped(&b, m / 10);
	buf_printf(&b, "%s%lu", lang_cur()->decimal, m % 10);
	return buf_take(&b);
}

char *
stat_fmt_fraction(int p, int q)
{
	const struct lang *l = lang_cur();
	if (2 * p == q)
		return xstrdup(l->half);
	return xasprintf("%d %s %d", p, l->out_of, q);
}

char *
stat_fmt_range(long lo, long hi)
{
	struct buf b = {0};
	put_int(&b, lo);
	if (hi != lo) {
		buf_puts(&b, lang_cur()->range_dash);
		put_int(&b, hi);
	}
	return buf_take(&b);
}

/* Appends the separator that goes before item i of n: ", " or " og " (the language's "and"). */
static void
put_list_sep(struct buf *b, size_t i, size_t n)
{
	if (i == 0)
		return;
	if (i + 1 < n)
		buf_puts(b, ", ");
	else
		buf_printf(b, " %s ", lang_cur()->and_word);
}

char *
stat_fmt_list(const char *const *items, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		put_list_sep(&b, i, n);
		buf_puts(&b, items[i]);
	}
	return buf_take(&b);
}

static int
cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

/* Sorts and deduplicates nums into a new array; *n is updated. */
static int *
sorted_unique(const int *nums, size_t *n)
{
	int *v = xmalloc((*n ? *n : 1) * sizeof *v);
	if (*n > 0)
		memcpy(v, nums, *n * sizeof *v);
	qsort(v, *n, sizeof *v, cmp_int);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (k == 0 || v[i] != v[k - 1])
			v[k++] = v[i];
	*n = k;
	return v;
}

char *
stat_fmt_refs(const int *nums, size_t n)
{
	int *v = sorted_unique(nums, &n);
	/* Items: a run of three or more numbers ("11–16"), else single numbers,
	 * so two neighbours print as "35 og 36" (claims.md, footnote 17). */
	const char **item = xcalloc(n ? n : 1, sizeof *item);
	size_t nitems = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && (long)v[j + 1] == (long)v[j] + 1)
			j++;
		if (j >= i + 2) {
			item[nitems++] = xasprintf("%d%s%d", v[i], lang_cur()->range_dash, v[j]);
			i = j + 1;
		} else {
			item[nitems++] = xasprintf("%d", v[i]);
			i++;
		}
	}
	char *out = stat_fmt_list(item, nitems);
	for (size_t k = 0; k < nitems; k++)
		free((char *)item[k]);
	free(item);
	free(v);
	return out;
}

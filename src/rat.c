/* rat.c: exact rationals of up to RAT_BITS-bit numerator and denominator (rat.h).
 *
 * Natural numbers are little-endian arrays of 32-bit limbs with a length;
 * intermediate products have room for twice a rat's limbs. Division is
 * bitwise shift-and-subtract and the gcd is binary: both cost O(bits^2/32)
 * limb steps, which is negligible for the values statistics produce (a few
 * limbs) and bounded by RAT_BITS for any input (an ovf value short-circuits).
 */
#include "rat.h"

#include <math.h>
#include <string.h>

#define NAT_CAP (2 * RAT_LIMBS + 2)

struct nat {
	uint32_t v[NAT_CAP];
	size_t n;               /* limbs in use; no leading zero limb */
};

static void
nat_trim(struct nat *x)
{
	while (x->n > 0 && x->v[x->n - 1] == 0)
		x->n--;
}

static void
nat_from_u128(struct nat *x, unsigned __int128 u)
{
	x->n = 0;
	while (u) {
		x->v[x->n++] = (uint32_t)u;
		u >>= 32;
	}
}

static void
nat_from_limbs(struct nat *x, const uint32_t *v, size_t n)
{
	memcpy(x->v, v, n * sizeof *v);
	x->n = n;
}

static int
nat_cmp(const struct nat *a, const struct nat *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (size_t i = a->n; i-- > 0;)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return 0;
}

/* r = a + b; a->n, b->n < NAT_CAP. r may alias a or b. */
static void
nat_add(struct nat *r, const struct nat *a, const struct nat *b)
{
	size_t n = a->n > b->n ? a->n : b->n;
	uint64_t c = 0;
	for (size_t i = 0; i < n; i++) {
		c += (uint64_t)(i < a->n ? a->v[i] : 0) + (i < b->n ? b->v[i] : 0);
		r->v[i] = (uint32_t)c;
		c >>= 32;
	}
	r->n = n;
	if (c)
		r->v[r->n++] = (uint32_t)c;
}

/* r = a - b; requires a >= b. r may alias a. */
static void
nat_sub(struct nat *r, const struct nat *a, const struct nat *b)
{
	int64_t borrow = 0;
	for (size_t i = 0; i < a->n; i++) {
		int64_t t = (int64_t)a->v[i] - (i < b->n ? b->v[i] : 0) - borrow;
		borrow = t < 0;
		r->v[i] = (uint32_t)(t + (borrow ? (int64_t)1 << 32 : 0));
	}
	r->n = a->n;
	nat_trim(r);
}

/* r = a * b; a->n + b->n <= NAT_CAP. r must not alias a or b. */
static void
nat_mul(struct nat *r, const struct nat *a, const struct nat *b)
{
	if (a->n == 0 || b->n == 0) {
		r->n = 0;
		return;
	}
	memset(r->v, 0, (a->n + b->n) * sizeof *r->v);
	for (size_t i = 0; i < a->n; i++) {
		uint64_t c = 0;
		for (size_t j = 0; j < b->n; j++) {
			c += (uint64_t)a->v[i] * b->v[j] + r->v[i + j];
			r->v[i + j] = (uint32_t)c;
			c >>= 32;
		}
		r->v[i + b->n] = (uint32_t)c;
	}
	r->n = a->n + b->n;
	nat_trim(r);
}

static size_t
nat_bits(const struct nat *x)
{
	if (x->n == 0)
		return 0;
	size_t b = 32 * (x->n - 1);
	for (uint32_t t = x->v[x->n - 1]; t; t >>= 1)
		b++;
	return b;
}

static int
nat_bit(const struct nat *x, size_t i)
{
	return (int)(x->v[i / 32] >> (i % 32) & 1);
}

/* x <<= 1, setting the new low bit to bit. */
static void
nat_shl1(struct nat *x, int bit)
{
	uint32_t c = (uint32_t)bit;
	for (size_t i = 0; i < x->n; i++) {
		uint32_t t = x->v[i] >> 31;
		x->v[i] = x->v[i] << 1 | c;
		c = t;
	}
	if (c)
		x->v[x->n++] = c;
	nat_trim(x);
}

/* x >>= k (k < 32 * NAT_CAP). */
static void
nat_shr(struct nat *x, size_t k)
{
	size_t w = k / 32, s = k % 32;
	if (w >= x->n) {
		x->n = 0;
		return;
	}
	for (size_t i = 0; i + w < x->n; i++) {
		uint64_t t = x->v[i + w];
		if (i + w + 1 < x->n)
			t |= (uint64_t)x->v[i + w + 1] << 32;
		x->v[i] = (uint32_t)(t >> s);
	}
	x->n -= w;
	nat_trim(x);
}

static size_t
nat_tz(const struct nat *x)
{
	size_t k = 0;
	while (!nat_bit(x, k))
		k++;
	return k;
}

/* q = a / b, r = a % b; b != 0. q and r must not alias a or b. */
static void
nat_divmod(struct nat *q, struct nat *r, const struct nat *a, const struct nat *b)
{
	size_t nb = nat_bits(a);
	q->n = a->n;
	memset(q->v, 0, q->n * sizeof *q->v);
	r->n = 0;
	for (size_t i = nb; i-- > 0;) {
		nat_shl1(r, nat_bit(a, i));
		if (nat_cmp(r, b) >= 0) {
			nat_sub(r, r, b);
			q->v[i / 32] |= (uint32_t)1 << (i % 32);
		}
	}
	nat_trim(q);
}

/* g = gcd(a, b) (binary); gcd(0, b) = b. */
static void
nat_gcd(struct nat *g, const struct nat *a, const struct nat *b)
{
	struct nat x = *a, y = *b;
	if (x.n == 0 || y.n == 0) {
		*g = x.n == 0 ? y : x;
		return;
	}
	size_t kx = nat_tz(&x), ky = nat_tz(&y), k = kx < ky ? kx : ky;
	nat_shr(&x, kx);
	nat_shr(&y, ky);
	while (y.n > 0) {
		if (nat_cmp(&x, &y) > 0) {
			struct nat t = x;
			x = y;
			y = t;
		}
		nat_sub(&y, &y, &x);
		if (y.n > 0)
			nat_shr(&y, nat_tz(&y));
	}
	*g = x;
	for (size_t i = 0; i < k; i++)
		nat_shl1(g, 0);
}

static struct rat
rat_ovf(void)
{
	struct rat r;
	r.nn = 0, r.nd = 1, r.d[0] = 1, r.neg = 0, r.ovf = 1;
	return r;
}

/* The reduced rat of sign neg and magnitude num/den (den > 0), or ovf. */
static struct rat
rat_finish(struct nat *num, struct nat *den, int neg)
{
	struct rat r;
	if (num->n == 0) {
		r.nn = 0, r.nd = 1, r.d[0] = 1, r.neg = 0, r.ovf = 0;
		return r;
	}
	struct nat g, q, rem;
	nat_gcd(&g, num, den);
	if (!(g.n == 1 && g.v[0] == 1)) {
		nat_divmod(&q, &rem, num, &g);
		*num = q;
		nat_divmod(&q, &rem, den, &g);
		*den = q;
	}
	if (num->n > RAT_LIMBS || den->n > RAT_LIMBS)
		return rat_ovf();
	memcpy(r.n, num->v, num->n * sizeof *r.n);
	memcpy(r.d, den->v, den->n * sizeof *r.d);
	r.nn = (uint16_t)num->n, r.nd = (uint16_t)den->n;
	r.neg = (unsigned char)(neg != 0), r.ovf = 0;
	return r;
}

static unsigned __int128
uabs128(rat_wide x)
{
	return x < 0 ? -(unsigned __int128)x : (unsigned __int128)x;
}

struct rat
rat_make(rat_wide n, rat_wide d)
{
	if (d == 0)
		return rat_ovf();
	struct nat a, b;
	nat_from_u128(&a, uabs128(n));
	nat_from_u128(&b, uabs128(d));
	return rat_finish(&a, &b, (n < 0) != (d < 0));
}

struct rat
rat_add(const struct rat *a, const struct rat *b)
{
	if (a->ovf || b->ovf)
		return rat_ovf();
	struct nat an, ad, bn, bd, g, ad_g, bd_g, rem, x, y, den;
	nat_from_limbs(&an, a->n, a->nn);
	nat_from_limbs(&ad, a->d, a->nd);
	nat_from_limbs(&bn, b->n, b->nn);
	nat_from_limbs(&bd, b->d, b->nd);
	/* a/b + c/d = (a*(d/g) + c*(b/g)) / (b*(d/g)) with g = gcd(b, d). */
	nat_gcd(&g, &ad, &bd);
	nat_divmod(&ad_g, &rem, &ad, &g);
	nat_divmod(&bd_g, &rem, &bd, &g);
	nat_mul(&x, &an, &bd_g);
	nat_mul(&y, &bn, &ad_g);
	nat_mul(&den, &ad, &bd_g);
	int neg;
	if (a->neg == b->neg) {
		nat_add(&x, &x, &y);
		neg = a->neg;
	} else if (nat_cmp(&x, &y) >= 0) {
		nat_sub(&x, &x, &y);
		neg = a->neg;
	} else {
		nat_sub(&x, &y, &x);
		neg = b->neg;
	}
	return rat_finish(&x, &den, neg);
}

struct rat
rat_neg(const struct rat *a)
{
	struct rat r = *a;
	r.neg = (unsigned char)(r.nn > 0 && !r.neg);
	return r;
}

struct rat
rat_abs(const struct rat *a)
{
	struct rat r = *a;
	r.neg = 0;
	return r;
}

struct rat
rat_sub(const struct rat *a, const struct rat *b)
{
	struct rat nb = rat_neg(b);
	return rat_add(a, &nb);
}

struct rat
rat_mul(const struct rat *a, const struct rat *b)
{
	if (a->ovf || b->ovf)
		return rat_ovf();
	struct nat an, ad, bn, bd, num, den;
	nat_from_limbs(&an, a->n, a->nn);
	nat_from_limbs(&ad, a->d, a->nd);
	nat_from_limbs(&bn, b->n, b->nn);
	nat_from_limbs(&bd, b->d, b->nd);
	nat_mul(&num, &an, &bn);
	nat_mul(&den, &ad, &bd);
	return rat_finish(&num, &den, a->neg != b->neg);
}

struct rat
rat_div_int(const struct rat *a, long k)
{
	if (a->ovf || k == 0)
		return rat_ovf();
	struct nat num, kk, ad, den;
	nat_from_limbs(&num, a->n, a->nn);
	nat_from_limbs(&ad, a->d, a->nd);
	nat_from_u128(&kk, uabs128(k));
	nat_mul(&den, &ad, &kk);
	return rat_finish(&num, &den, a->neg != (k < 0));
}

int
rat_sign(const struct rat *a)
{
	return a->nn == 0 ? 0 : a->neg ? -1 : 1;
}

int
rat_cmp(const struct rat *a, const struct rat *b)
{
	if (a->ovf || b->ovf)
		return 0;
	int sa = rat_sign(a), sb = rat_sign(b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	struct nat an, ad, bn, bd, l, r;
	nat_from_limbs(&an, a->n, a->nn);
	nat_from_limbs(&ad, a->d, a->nd);
	nat_from_limbs(&bn, b->n, b->nn);
	nat_from_limbs(&bd, b->d, b->nd);
	nat_mul(&l, &an, &bd);
	nat_mul(&r, &bn, &ad);
	int c = nat_cmp(&l, &r);
	return sa < 0 ? -c : c;
}

int
rat_round(const struct rat *a, int dec, long *out)
{
	*out = 0;
	if (a->ovf)
		return -1;
	/* floor((2*|n|*scale + d) / (2*d)): half away from zero on the magnitude. */
	struct nat n, d, s, t, q, rem;
	nat_from_limbs(&n, a->n, a->nn);
	nat_from_limbs(&d, a->d, a->nd);
	nat_from_u128(&s, dec > 0 ? 20 : 2);
	nat_mul(&t, &n, &s);
	nat_add(&t, &t, &d);
	nat_add(&d, &d, &d);
	nat_divmod(&q, &rem, &t, &d);
	if (q.n > 2 || (q.n == 2 && q.v[1] > 0x7fffffffu))
		return -1;
	long v = (long)(q.n > 0 ? q.v[0] : 0) | (q.n > 1 ? (long)q.v[1] << 32 : 0);
	*out = a->neg ? -v : v;
	return 0;
}

int
rat_to_long(const struct rat *a, long *num, long *den)
{
	if (a->ovf || a->nn > 2 || a->nd > 2 || (a->nn == 2 && a->n[1] > 0x7fffffffu) ||
	    (a->nd == 2 && a->d[1] > 0x7fffffffu))
		return -1;
	long n = (long)(a->nn > 0 ? a->n[0] : 0) | (a->nn > 1 ? (long)a->n[1] << 32 : 0);
	*num = a->neg ? -n : n;
	*den = (long)a->d[0] | (a->nd > 1 ? (long)a->d[1] << 32 : 0);
	return 0;
}

/* The top 64 bits of x as a double, and the shift that restores it. */
static double
top_bits(const uint32_t *v, size_t n, int *exp)
{
	struct nat x;
	nat_from_limbs(&x, v, n);
	size_t b = nat_bits(&x);
	size_t sh = b > 64 ? b - 64 : 0;
	nat_shr(&x, sh);
	uint64_t t = (x.n > 0 ? x.v[0] : 0) | (x.n > 1 ? (uint64_t)x.v[1] << 32 : 0);
	*exp = (int)sh;
	return (double)t;
}

double
rat_double(const struct rat *a)
{
	if (a->ovf)
		return NAN;
	if (a->nn == 0)
		return 0.0;
	int en, ed;
	double n = top_bits(a->n, a->nn, &en), d = top_bits(a->d, a->nd, &ed);
	double v = ldexp(n / d, en - ed);
	return a->neg ? -v : v;
}

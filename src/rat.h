/* rat.h: exact rationals of bounded size that never overflow silently.
 *
 * Contract: a struct rat is a plain value (copy it with =, nothing to free).
 * Numerator and denominator are unsigned magnitudes of up to RAT_BITS bits
 * each, kept reduced (gcd 1) with a positive denominator and a separate sign.
 * Every operation is exact. When the exact reduced result of an operation
 * does not fit in RAT_BITS bits, the result is marked `ovf` and every later
 * operation on it stays `ovf`: its value is unknown and must be reported by
 * the caller (evstat.c reports M_AGG_TOO_LARGE at the statistic), never
 * printed. No floating point is used except in rat_double, which is for the
 * audit's informative value column and dumps only.
 */
#ifndef NOTAT_RAT_H
#define NOTAT_RAT_H

#include <stdint.h>

#define RAT_LIMBS 128                 /* 32-bit limbs per numerator and per denominator */
#define RAT_BITS (RAT_LIMBS * 32)     /* 4096: the precision guarantee, in bits */

__extension__ typedef __int128 rat_wide;

struct rat {
	uint32_t n[RAT_LIMBS];     /* |numerator|, least significant limb first */
	uint32_t d[RAT_LIMBS];     /* denominator (> 0) */
	uint16_t nn, nd;           /* limbs in use; nn 0 is the value 0, nd >= 1 */
	unsigned char neg;         /* 1: negative (never for 0) */
	unsigned char ovf;         /* 1: an exact result did not fit; the value is unknown */
};

/* n/d reduced; d must not be 0 (a 0 denominator gives an ovf value). */
struct rat rat_make(rat_wide n, rat_wide d);
/* a + b, a - b, a * b, a / k (k != 0; k 0 gives ovf). */
struct rat rat_add(const struct rat *a, const struct rat *b);
struct rat rat_sub(const struct rat *a, const struct rat *b);
struct rat rat_mul(const struct rat *a, const struct rat *b);
struct rat rat_div_int(const struct rat *a, long k);
/* -a and |a|. */
struct rat rat_neg(const struct rat *a);
struct rat rat_abs(const struct rat *a);
/* Sign: -1, 0, 1. */
int rat_sign(const struct rat *a);
/* Exact comparison: <0, 0, >0. Neither may be ovf (an ovf value compares as 0). */
int rat_cmp(const struct rat *a, const struct rat *b);
/* a rounded half away from zero to dec (0 or 1) decimals, scaled by 10^dec,
 * into *out; -1 (and *out 0) when a is ovf or the result does not fit a long. */
int rat_round(const struct rat *a, int dec, long *out);
/* a as (num, den) when both fit a long; -1 otherwise. */
int rat_to_long(const struct rat *a, long *num, long *den);
/* Nearest double (audit value column and dumps only; NaN for ovf). */
double rat_double(const struct rat *a);

#endif

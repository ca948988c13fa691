/* palette.h: chart colours computed in CIELAB, with even steps in perceived lightness.
 *
 * Contract: pure functions, no state. Every palette is computed for the
 * number of categories it must show: lightness L* (CIELAB, D65) runs in even
 * steps, so neighbouring categories stay apart when printed in greyscale.
 * For n <= PAL_MAX_EVEN categories every pair of neighbours is at least
 * PAL_MIN_DL apart; with more, the steps are even but smaller and
 * pal_hatched() names the categories the chart must hatch (every other one),
 * so that neighbours still differ in texture. Hues are blue and orange only
 * (told apart by every common colour-vision deficiency). The chart draws the
 * non-answer segment ("ved ikke") as PAL_NA_FILL with a PAL_NA_EDGE border:
 * lighter than any category by at least PAL_MIN_DL.
 */
#ifndef NOTAT_PALETTE_H
#define NOTAT_PALETTE_H

#include <stddef.h>
#include <stdint.h>

#define PAL_MIN_DL 8.0       /* least L* step between neighbouring categories */
#define PAL_CVD_DL 5.0       /* the same as seen with protanopia, deuteranopia or tritanopia (simulated) */
#define PAL_L_LIGHT 88.0     /* L* of the lightest category */
#define PAL_L_DARK 28.0      /* L* of the darkest category */
#define PAL_MAX_EVEN 8       /* most categories with steps of at least PAL_MIN_DL */
#define PAL_LINE_LIGHT 66.0 /* L* of the lightest line (a line must stand out from white paper) */
#define PAL_LINE_DARK 20.0  /* L* of the darkest line */
#define PAL_LINE_MAX_EVEN 6 /* most lines with steps of at least PAL_MIN_DL (more: markers and dashes tell them apart) */
#define PAL_LINE_LIGHT 66.0  /* L* of the lightest line (a line must stand out from white paper) */
#define PAL_LINE_DARK 20.0   /* L* of the darkest line */
#define PAL_LINE_MAX_EVEN 6  /* most lines with steps of at least PAL_MIN_DL (more: markers and dashes) */
#define PAL_MAX 64           /* most categories a palette is computed for */
#define PAL_NA_FILL 0xFFFFFFu /* non-answer segment: white ... */
#define PAL_NA_EDGE 0x8C8C8Cu /* ... with a mid-grey border */

enum pal_kind {
	PAL_SEQUENTIAL,  /* ordered scale, light to dark blue */
	PAL_DIVERGING,   /* ordered scale with a centre: dark orange .. light .. dark blue */
	PAL_CATEGORICAL, /* unordered groups: alternating blue and orange, light to dark */
	PAL_LINE         /* lines on white: as PAL_CATEGORICAL within PAL_LINE_LIGHT..PAL_LINE_DARK */
};

/* A palette's two hues, degrees in CIE LCh(ab): main (a sequential scale,
 * the upper half of a diverging one) and other (its lower half, every other
 * category of a categorical palette). The default is blue (255) and orange
 * (65); a house style gives a base colour instead (pal_hues_of). */
struct pal_hues {
	double main, other;
};
extern const struct pal_hues pal_default_hues;
/* The hues of a base colour: its own, and the opposite one (180 degrees round). */
struct pal_hues pal_hues_of(uint32_t rgb);

/* Fills out[0..n-1] (n <= PAL_MAX) with 0xRRGGBB colours for n categories of
 * the kind. For PAL_DIVERGING, centre is the index of the neutral category
 * (drawn in a light grey), or -1 when the scale has none (even halves). */
void pal_make(enum pal_kind kind, size_t n, int centre, uint32_t *out);
/* The same in hues h (pal_make uses pal_default_hues): the lightness steps,
 * and so the greyscale contract above, do not depend on the hues. */
void pal_make_hued(const struct pal_hues *h, enum pal_kind kind, size_t n, int centre, uint32_t *out);
/* CIELAB L* (0..100) of an sRGB colour. */
double pal_lightness(uint32_t rgb);
/* The sRGB colour (clipped into gamut by reducing chroma) of L*, chroma C*
 * and hue angle h (degrees). */
uint32_t pal_lch(double l, double c, double h);
/* Nonzero if category i of n must be hatched (n > PAL_MAX_EVEN, odd i). */
int pal_hatched(size_t n, size_t i);
/* Greyscale of an sRGB colour (luma, as a printer would), 0xRRGGBB with R=G=B. */
uint32_t pal_grey(uint32_t rgb);

#endif

/* palette.c: chart colours from CIELAB lightness steps (see palette.h for the contract). */
#include "palette.h"

#include <math.h>

#define HUE_BLUE 255.0   /* degrees in CIE LCh(ab) */
#define HUE_ORANGE 65.0
#define STEP_MAX 20.0
#define CAT_C 0.5        /* chroma factor of a categorical palette */    /* L*: the widest step, for few categories */

/* CIELAB's f^-1. */
static double
lab_finv(double t)
{
	const double d = 6.0 / 29.0;
	return t > d ? t * t * t : 3 * d * d * (t - 4.0 / 29.0);
}

/* CIELAB's f. */
static double
lab_f(double t)
{
	const double d = 6.0 / 29.0;
	return t > d * d * d ? cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
}

/* sRGB transfer: linear to encoded, and back. */
static double
encode(double v)
{
	return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055;
}

static double
decode(double v)
{
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

/* Linear sRGB of L*a*b* (D65) into rgb[3]; returns nonzero when in gamut. */
static int
lab_to_linear(double l, double a, double b, double rgb[3])
{
	double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
	double x = 0.95047 * lab_finv(fx), y = lab_finv(fy), z = 1.08883 * lab_finv(fz);
	rgb[0] = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
	rgb[1] = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
	rgb[2] = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
	for (int i = 0; i < 3; i++)
		if (rgb[i] < -1e-9 || rgb[i] > 1 + 1e-9)
			return 0;
	return 1;
}

static uint32_t
pack(const double lin[3])
{
	uint32_t c = 0;
	for (int i = 0; i < 3; i++) {
		double v = encode(fmin(1, fmax(0, lin[i])));
		c = c << 8 | (uint32_t)lround(v * 255);
	}
	return c;
}

uint32_t
pal_lch(double l, double c, double h)
{
	double rad = h * 3.14159265358979323846 / 180, lin[3];
	double lo = 0, hi = c;
	if (!lab_to_linear(l, c * cos(rad), c * sin(rad), lin)) {
		for (int i = 0; i < 40; i++) { /* the largest chroma in gamut, by bisection */
			double mid = (lo + hi) / 2;
			if (lab_to_linear(l, mid * cos(rad), mid * sin(rad), lin))
				lo = mid;
			else
				hi = mid;
		}
		lab_to_linear(l, lo * cos(rad), lo * sin(rad), lin);
	}
	return pack(lin);
}

double
pal_lightness(uint32_t rgb)
{
	double r = decode((rgb >> 16 & 0xFF) / 255.0), g = decode((rgb >> 8 & 0xFF) / 255.0);
	double b = decode((rgb & 0xFF) / 255.0);
	double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
	return 116 * lab_f(y) - 16;
}

uint32_t
pal_grey(uint32_t rgb)
{
	double r = decode((rgb >> 16 & 0xFF) / 255.0), g = decode((rgb >> 8 & 0xFF) / 255.0);
	double b = decode((rgb & 0xFF) / 255.0);
	uint32_t v = (uint32_t)lround(encode(0.2126729 * r + 0.7151522 * g + 0.0721750 * b) * 255);
	return v << 16 | v << 8 | v;
}

int
pal_hatched(size_t n, size_t i)
{
	return n > PAL_MAX_EVEN && i % 2 == 1;
}

/* Chroma for a lightness: muted when light, fuller when dark. */
static double
chroma_at(double l)
{
	return 12 + 38 * (PAL_L_LIGHT - l) / (PAL_L_LIGHT - PAL_L_DARK);
}

/* Step between k categories spread over the light..dark range. */
static double
step_for(double k)
{
	return k <= 0 ? STEP_MAX : fmin(STEP_MAX, (PAL_L_LIGHT - PAL_L_DARK) / k);
}

/* n lightnesses from light to dark in even steps within light..dark, centred
 * on the range when the steps are wide. */
static double
seq_l_in(size_t n, size_t i, double light, double dark)
{
	if (n <= 1)
		return fmin(45, (light + dark) / 2);
	double s = fmin(STEP_MAX, (light - dark) / (double)(n - 1)), top = (light + dark) / 2 + s * (double)(n - 1) / 2;
	return top - s * (double)i;
}

static double
seq_l(size_t n, size_t i)
{
	return seq_l_in(n, i, PAL_L_LIGHT, PAL_L_DARK);
}

const struct pal_hues pal_default_hues = {HUE_BLUE, HUE_ORANGE};

struct pal_hues
pal_hues_of(uint32_t rgb)
{
	double r = decode((rgb >> 16 & 0xFF) / 255.0), g = decode((rgb >> 8 & 0xFF) / 255.0);
	double b = decode((rgb & 0xFF) / 255.0);
	double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
	double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
	double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
	double fx = lab_f(x / 0.95047), fy = lab_f(y), fz = lab_f(z / 1.08883);
	double h = atan2(200 * (fy - fz), 500 * (fx - fy)) * 180 / 3.14159265358979323846;
	if (h < 0)
		h += 360;
	return (struct pal_hues){h, fmod(h + 180, 360)};
}

static void
diverging(const struct pal_hues *hu, size_t n, int centre, uint32_t *out)
{
	if (centre >= 0 && (size_t)centre < n) {
		size_t c = (size_t)centre, k = c > n - 1 - c ? c : n - 1 - c;
		double s = step_for((double)k);
		out[c] = pal_lch(PAL_L_LIGHT, 0, 0);
		for (size_t j = 0; j < c; j++) /* c-1-j steps from the centre */
			out[j] = pal_lch(PAL_L_LIGHT - s * (double)(c - j), chroma_at(PAL_L_LIGHT - s * (double)(c - j)), hu->other);
		for (size_t j = c + 1; j < n; j++)
			out[j] = pal_lch(PAL_L_LIGHT - s * (double)(j - c), chroma_at(PAL_L_LIGHT - s * (double)(j - c)), hu->main);
		return;
	}
	/* no neutral answer: the halves interleave by half a step, so the two
	 * categories meeting at the centre differ in lightness too */
	size_t left = n / 2, right = n - left, k = left > right ? left : right;
	double s = step_for((double)k - 0.5);
	for (size_t j = 0; j < left; j++) {
		double l = PAL_L_LIGHT - s / 2 - s * (double)(left - 1 - j);
		out[j] = pal_lch(l, chroma_at(l), hu->other);
	}
	for (size_t j = 0; j < right; j++) {
		double l = PAL_L_LIGHT - s * (double)j;
		out[left + j] = pal_lch(l, chroma_at(l), hu->main);
	}
}

void
pal_make(enum pal_kind kind, size_t n, int centre, uint32_t *out)
{
	pal_make_hued(&pal_default_hues, kind, n, centre, out);
}

void
pal_make_hued(const struct pal_hues *hu, enum pal_kind kind, size_t n, int centre, uint32_t *out)
{
	if (n > PAL_MAX)
		n = PAL_MAX;
	if (kind == PAL_DIVERGING) {
		diverging(hu, n, centre, out);
		return;
	}
	for (size_t i = 0; i < n && kind == PAL_LINE; i++) {
		double l = seq_l_in(n, i, PAL_LINE_LIGHT, PAL_LINE_DARK);
		out[i] = pal_lch(l, 40 * CAT_C, i % 2 ? hu->other : hu->main);
	}
	for (size_t i = 0; i < n && kind != PAL_LINE; i++) {
		double l = seq_l(n, i);
		int orange = kind == PAL_CATEGORICAL && i % 2;
		/* muted by CAT_C: at full chroma protanopes see the blues lighter and the oranges darker */
		double cf = kind == PAL_CATEGORICAL ? CAT_C : 1;
		out[i] = pal_lch(l, chroma_at(l) * cf, orange ? hu->other : hu->main);
	}
}

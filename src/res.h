/* res.h: where notat finds its own resources (fonts, hyphenation exceptions,
 * the ICC profile, and any later style files), and the check of the ICC profile.
 *
 * The share directory is the first of these that applies; the current
 * directory is never consulted:
 *   1. $NOTAT_SHARE when set and not empty (it must contain fonts/);
 *   2. the directory of the running program (/proc/self/exe) when it
 *      contains fonts/: a checkout build;
 *   3. PROGRAM_DIR/../share/notat when it contains fonts/: an installed tree,
 *      also one staged under DESTDIR or moved as a whole;
 *   4. the compiled-in NOTAT_SHAREDIR (the Makefile's $(PREFIX)/share/notat).
 * Inside it, resources keep their paths of the source tree: fonts/...,
 * layouts/hyph-da.txt, fonts/sRGB.icc.
 */
#ifndef NOTAT_RES_H
#define NOTAT_RES_H

/* The share directory, newly allocated (caller frees), or NULL after a
 * diagnostic that names every directory looked in. */
char *res_share_dir(void);

/* The same without a diagnostic (caller frees): NULL when there is none (for
 * optional look-ups). */
char *res_share_dir_quiet(void);

/* share/rel, newly allocated (caller frees), or NULL after a diagnostic. */
char *res_path(const char *rel);

/* Checks that the file at path is an RGB display or output ICC profile of
 * version 2 (what a PDF/A-1 output intent may embed): its header's size
 * matches the file, it carries the 'acsp' signature. Returns 0, 1 after an
 * error naming the defect, or 3 when it cannot be read. */
int res_check_icc(const char *path);

#endif

/* hyph.h: Danish hyphenation: libhyphen patterns, filtered, with an exception list.
 *
 * Contract: hy_points finds the places where a word may be broken with a
 * hyphen. Exception words (layouts/hyph-da.txt) take precedence over the
 * patterns of the libhyphen dictionary; pattern breaks that would leave a
 * fragment of one letter are dropped. At least 2 letters stay before the
 * first break and 3 after the last. No libharu here.
 */
#ifndef NOTAT_HYPH_H
#define NOTAT_HYPH_H

#include <stddef.h>

struct hyph;

/*
 * Loads a libhyphen dictionary (e.g. /usr/share/hyphen/hyph_da_DK.dic, which
 * is Latin-1 encoded) and an optional exception file (NULL for none).
 * Exception file: UTF-8, one word a line with "-" at each allowed break
 * ("sik-ker-heds=kon-su-lent=ord-nin-gen", "=" at a compound joint, whose
 * parts are remembered for compound_joints); a word without "-" is never
 * broken; blank lines and lines starting with '#' are ignored. An entry also
 * covers the word followed by a short Danish inflection ending ("-e", "-er",
 * "-ne", "-ernes", ...; breaks only inside the entry part).
 * Returns NULL after diag(M_TS_HYPH) (or M_IO_OPEN for the exception file).
 */
struct hyph *hy_new(const char *dict_path, const char *exceptions_path);
/* Frees h; accepts NULL. */
void hy_free(struct hyph *h);

/*
 * Allowed breaks in utf8word (n bytes), stored ascending in pos (at most max):
 * pos[i] = k means the word may be set as its first k bytes plus a hyphen,
 * then the rest on the next line. Returns the number stored.
 * Leading and trailing punctuation (quotes, brackets, ".,;:") is ignored.
 * Case does not matter. No breaks for words of fewer than 5 letters, words
 * with digits or other non-letters inside, or text that is not valid UTF-8.
 * A word with an explicit hyphen ("SB-området") breaks only right after that
 * hyphen (pos is the offset after the "-"; no hyphen is added there), if
 * 2+ letters stand on each side of it.
 */
size_t hy_points(struct hyph *h, const char *utf8word, size_t n, size_t *pos, size_t max);
/*
 * The same, and joint[i] (when joint is not NULL) is 1 where break i is a
 * compound joint: marked "=" in the exception entry ("be-skæf-ti-gel-ses=ret-tet"),
 * an explicit hyphen, or, for a word without an entry, a place where the
 * letters before it (with an optional linking "s"/"e") and after it (with an
 * optional inflection ending) are both entries or parts of entries
 * ("rådgivnings|aktiviteter"); such a joint is allowed even where the patterns
 * have no break. The line breaker makes joints cheaper than other breaks.
 */
size_t hy_points_joints(struct hyph *h, const char *utf8word, size_t n, size_t *pos, int *joint, size_t max);

#endif

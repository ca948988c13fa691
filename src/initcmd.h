/* initcmd.h: `notat init DATA [-o DIR]`: a starter codebook and layout from a data file, built.
 *
 * Contract: initcmd_run inspects every column of the response file in one
 * streaming pass (a CSV through insrc.h; an SPSS, Stata or SAS file through
 * rsread_describe, with its labels), types the columns (few distinct small
 * integers: coded, labelled by their values; decimals: number; unique
 * non-empty: id; other text: text), writes DIR/codebook.txt (cbgen_write)
 * and a starter DIR/notat.lay (one population of everybody, a section with
 * one sentence and an appendix frequency table per coded variable, one
 * summary sentence per number variable; the words from the language
 * table lg, NULL for the default, written as the layout's `lang`), then
 * builds it into DIR/out.
 * DIR is created if missing (one level); an existing codebook.txt,
 * notat.lay or out in DIR is never overwritten (an error before anything
 * is written). Returns the exit status: 0, 1 bad input (or the build's 1),
 * 3 I/O.
 */
#ifndef NOTAT_INITCMD_H
#define NOTAT_INITCMD_H

struct lang; /* lang.h */

/* delim: 0 to detect, or ',', ';', '\t'; encoding: NULL for UTF-8 (CSV). */
int initcmd_run(const char *data_path, const char *dir, int delim, const char *encoding,
    const struct lang *lg);

#endif

/* collate.h: alphabetical order of names through ICU, by the document's language.
 *
 * Contract: coll_cmp compares two UTF-8 strings in the order of the current
 * language (lang_cur()): Danish (ICU collator "da": Æ, Ø, Å after Z, "aa"
 * as "å", upper case before lower case), or the root collator for English,
 * whatever the machine's locale. Strings that collate equal are ordered by
 * their bytes, so the order is total and every sort is deterministic. The
 * collators are opened once per process (not thread-safe; notat sorts on
 * one thread) and closed at exit. Invalid UTF-8 compares by bytes.
 */
#ifndef NOTAT_COLLATE_H
#define NOTAT_COLLATE_H

/* <0, 0, >0 as a sorts before, with, after b in the current language. */
int coll_cmp(const char *a, const char *b);

/* The same with an explicit ICU locale ("da", "en", "" for root). */
int coll_cmp_locale(const char *locale, const char *a, const char *b);

#endif

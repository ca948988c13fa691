/* test_collate.c: unit tests for collate.c: Danish and English alphabetical order through ICU. */
#include <check.h>
#include <locale.h>
#include <stdlib.h>

#include "collate.h"
#include "lang.h"

static const char *sort_locale; /* NULL: coll_cmp (the current language) */

static int
cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return sort_locale ? coll_cmp_locale(sort_locale, x, y) : coll_cmp(x, y);
}

/* Sorts the six test names and checks the order against want. */
static void
check_order(const char *locale, const char *const want[6])
{
	const char *v[] = {"Århus", "Aalborg", "Ærø", "Odense", "Zealand", "Østerbro"};
	sort_locale = locale;
	qsort(v, 6, sizeof *v, cmp);
	for (int i = 0; i < 6; i++)
		ck_assert_str_eq(v[i], want[i]);
}

/* ICU's "da" rules (CLDR): Æ, Ø, Å are letters after Z, and "aa" is a
 * tertiary variant of "å" (so Aalborg and Århus compare by their next
 * letters: l < r). Byte order would put Aalborg first and Østerbro last. */
START_TEST(danish_order)
{
	static const char *const da[6] = {"Odense", "Zealand", "Ærø", "Østerbro", "Aalborg", "Århus"};
	check_order("da", da);
	setlocale(LC_ALL, "C"); /* the machine's locale plays no part */
	lang_use(lang_find("da"));
	check_order(NULL, da);
	ck_assert_int_lt(coll_cmp("Zealand", "Aabenraa"), 0);
	ck_assert_int_lt(coll_cmp("Ab", "Aa"), 0);
}
END_TEST

/* The root/English collator: Æ after A (a letter of its own), Å and Ø as A
 * and O with a ring/stroke; "Aa" is plain A + a. */
START_TEST(english_order)
{
	static const char *const en[6] = {"Aalborg", "Ærø", "Århus", "Odense", "Østerbro", "Zealand"};
	check_order("en", en);
	lang_use(lang_find("en"));
	check_order(NULL, en);
	lang_use(lang_default());
}
END_TEST

/* Equal under the collator still gives a total, deterministic order; a
 * string is equal only to itself. */
START_TEST(total_order)
{
	ck_assert_int_eq(coll_cmp_locale("da", "Fanø", "Fanø"), 0);
	ck_assert_int_ne(coll_cmp_locale("da", "Aa", "Å"), 0);
	ck_assert_int_eq(coll_cmp_locale("da", "Aa", "Å") > 0, coll_cmp_locale("da", "Å", "Aa") < 0);
	ck_assert_int_lt(coll_cmp_locale("da", "Aarhus", "aarhus"), 0); /* Danish: upper case first */
}
END_TEST

Suite *collate_suite(void);
Suite *
collate_suite(void)
{
	Suite *s = suite_create("collate");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, danish_order);
	tcase_add_test(tc, english_order);
	tcase_add_test(tc, total_order);
	suite_add_tcase(s, tc);
	return s;
}

/* test_lang.c: unit tests for lang.c (the language tables) and formatting in each language. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "stat.h"
#include "support.h"

/* Every word of every table is filled: a new table cannot leave one out. */
START_TEST(tables_complete)
{
	size_t n;
	const struct lang *const *all = lang_all(&n);
	ck_assert_uint_ge(n, 2);
	for (size_t t = 0; t < n; t++) {
		const struct lang *l = all[t];
		const char *const words[] = {l->tag, l->names[0], l->decimal, l->thousands, l->range_dash,
			l->minus, l->unit_pct, l->unit_pp, l->and_word, l->between, l->out_of, l->half,
			l->almost, l->about, l->a_couple, l->day_suffix, l->kind, l->page, l->of, l->figure,
			l->table, l->tables, l->note, l->ref_plural[0], l->ref_plural[1], l->ref_plural[2],
			l->continued, l->note_prefix, l->source_prefix, l->appendix, l->total, l->count_head,
			l->pct_head, l->index_head, l->respondents, l->editions_axis, l->selected, l->not_selected, l->key_prefix, l->quote_open,
			l->quote_close, l->dash_note, l->below_note, l->dont_know[0], l->contents, l->rose,
			l->fell, l->unchanged, l->significant, l->not_significant, l->summary_row[0],
			l->summary_row[1], l->summary_row[2], l->summary_row[3], l->value_head, l->no_group,
			l->texts_hidden, l->region_label, l->menapt_label,
			l->plus, l->table_minus,
			l->change_head, l->pp_head, l->points_head, l->sig_head, l->mark_note, l->change_note,
			l->test_plain, l->test_weighted, l->init_about, l->init_rows, l->init_coded,
			l->init_multi, l->init_numbers, l->init_number, l->init_appendix};
		for (size_t i = 0; i < sizeof words / sizeof *words; i++)
			ck_assert_msg(words[i] != NULL, "%s: word %zu missing", l->tag, i);
		for (size_t i = 0; i < 13; i++)
			ck_assert_ptr_nonnull(l->numword[i]);
		for (size_t i = 0; i < 12; i++)
			ck_assert_ptr_nonnull(l->month[i]);
		ck_assert_ptr_eq(lang_find(l->tag), l);
		ck_assert_ptr_nonnull(strstr(l->dash_note, "{n}"));
		ck_assert_ptr_nonnull(strstr(l->below_note, "{n}"));
		ck_assert_ptr_nonnull(strstr(l->mark_note, "{level}"));
		ck_assert_ptr_nonnull(strstr(l->change_note, "{old}"));
	}
}
END_TEST

START_TEST(subst_keys)
{
	const char *kv[] = {"old", "2023", "new", "2024", "level", "5"};
	STR_EQ(lang_subst("{mark} fra {old} til {new} ({level} pct.) {x}", kv, 3), "{mark} fra 2023 til 2024 (5 pct.) {x}");
	STR_EQ(lang_subst("{ol}{old", kv, 3), "{ol}{old");
}
END_TEST

START_TEST(find_names)
{
	ck_assert_ptr_eq(lang_find("da"), lang_default());
	ck_assert_ptr_eq(lang_find("DA-dk"), lang_default());
	ck_assert_ptr_nonnull(lang_find("en"));
	ck_assert_ptr_eq(lang_find("en"), lang_find("en-GB"));
	ck_assert_ptr_null(lang_find(""));
	ck_assert_ptr_null(lang_find("de"));
	ck_assert_ptr_null(lang_find(NULL));
	lang_use(NULL);
	ck_assert_ptr_eq(lang_cur(), lang_default());
}
END_TEST

START_TEST(dates_pages)
{
	STR_EQ(lang_date(lang_find("da"), 2024, 3, 15), "15. marts 2024");
	STR_EQ(lang_date(lang_find("en"), 2024, 3, 15), "15 March 2024");
	STR_EQ(lang_page_of(lang_find("da"), 2, 7), "Side 2 af 7");
	STR_EQ(lang_page_of(lang_find("en"), 2, 7), "Page 2 of 7");
	STR_EQ(lang_fill("<{n} er under {n}.", 5), "<5 er under 5.");
	STR_EQ(lang_lower("Ønsker"), "ønsker");
	STR_EQ(lang_lower("Tabel"), "tabel");
	ck_assert(lang_is_dont_know(lang_default(), "Ved ikke"));
	ck_assert(lang_is_dont_know(lang_default(), "Ikke relevant for os"));
	ck_assert(!lang_is_dont_know(lang_default(), "Tilfreds"));
}
END_TEST

/* stat.c formats in the language in use. */
START_TEST(numbers_by_language)
{
	struct stat_share s = {237, 368};
	lang_use(lang_find("en"));
	STR_EQ(stat_fmt_pct(s, 1), "64.4");
	STR_EQ(stat_fmt_int(1234567), "1,234,567");
	STR_EQ(stat_fmt_range(94, 100), "94–100");
	STR_EQ(stat_fmt_fraction(4, 5), "4 out of 5");
	STR_EQ(stat_fmt_fraction(1, 2), "half");
	const char *items[] = {"A", "B", "C"};
	STR_EQ(stat_fmt_list(items, 3), "A, B and C");
	int refs[] = {11, 12, 13, 14, 15, 16};
	STR_EQ(stat_fmt_refs(refs, 6), "11–16");
	lang_use(NULL);
	STR_EQ(stat_fmt_pct(s, 1), "64,4");
	STR_EQ(stat_fmt_int(1234567), "1.234.567");
	STR_EQ(stat_fmt_range(94, 100), "94–100");
	STR_EQ(stat_fmt_list(items, 3), "A, B og C");
}
END_TEST

Suite *lang_suite(void);
Suite *
lang_suite(void)
{
	Suite *s = suite_create("lang");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, tables_complete);
	tcase_add_test(tc, subst_keys);
	tcase_add_test(tc, find_names);
	tcase_add_test(tc, dates_pages);
	tcase_add_test(tc, numbers_by_language);
	suite_add_tcase(s, tc);
	return s;
}

/* test_cbgen.c: unit tests for cbgen.c: keys from labels, types, shared lists, batteries. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cbgen.h"
#include "util.h"

static void
check_key(const char *label, const char *want)
{
	char *k = cbgen_key(label);
	ck_assert_str_eq(k, want);
	free(k);
}

START_TEST(keys_from_labels)
{
	check_key("Ved ikke", "ved_ikke");
	check_key("Ærø Kommune", "aeroe_kommune");
	check_key("Socialområdet, børn og unge", "socialomraadet_boern_og");
	check_key("I meget høj grad", "i_meget_hoej");
	/* at most 24 bytes, ending at a word */
	check_key("Beskæftigelsesrettet integration", "beskaeftigelsesrettet");
	check_key("Ansættelsesforholdsbestemmelserne", "ansaettelsesforholdsbest");
	/* starts with a letter; punctuation only */
	check_key("18-29 år", "k_18_29_aar");
	check_key("", "k");
	check_key("?!", "k");
	check_key("Café Über", "cafe_ueber");
}
END_TEST

/* A column with value labels (values, texts: n of them). */
static struct cbgen_col
coded(const char *name, const char *label, int measure, const double *v, const char *const *t, size_t n)
{
	struct cbgen_col c = {.name = xstrdup(name), .label = xstrdup(label), .format = xstrdup("F8.0"),
	                      .measure = measure, .all_int = 1, .nvalid = 10, .min = v[0], .max = v[n - 1]};
	c.labels = xcalloc(n, sizeof *c.labels);
	for (size_t i = 0; i < n; i++) {
		c.labels[i] = (struct cbgen_label){v[i], xstrdup(t[i])};
		c.distinct[i] = v[i];
	}
	c.nlabels = n;
	c.ndistinct = (long)n;
	return c;
}

START_TEST(write_codebook)
{
	static const double jn[] = {1, 2, 3};
	static const char *const jnt[] = {"Ja", "Nej", "Ja"}; /* a repeated label: key ja_2 */
	static const double sc[] = {1, 2};
	static const char *const sct[] = {"Lav", "Høj"};
	struct cbgen_col *cols = xcalloc(7, sizeof *cols);
	cols[0] = (struct cbgen_col){.name = xstrdup("id"), .label = xstrdup("Respondent"), .format = xstrdup("A8"),
	                             .is_string = 1, .nvalid = 10, .unique = 1};
	cols[1] = coded("q_a", "Spørgsmål a", 2, sc, sct, 2);
	cols[2] = coded("q_b", "Spørgsmål b", 2, sc, sct, 2);
	cols[3] = coded("svar", "Svar?", 1, jn, jnt, 3);
	cols[3].distinct[3] = 7; /* a value without a label */
	cols[3].ndistinct = 4;
	cols[4] = (struct cbgen_col){.name = xstrdup("m_x"), .label = xstrdup("X"), .format = xstrdup("F1.0"),
	                             .all_int = 1, .nvalid = 5, .min = 0, .max = 1, .ndistinct = 2, .distinct = {0, 1}};
	cols[5] = cols[4];
	cols[5].name = xstrdup("m_y");
	cols[5].label = xstrdup("");
	cols[5].format = xstrdup("F1.0");
	cols[6] = (struct cbgen_col){.name = xstrdup("alder"), .label = xstrdup("Alder \"år\""), .format = xstrdup("F8.2"),
	                             .measure = 3, .nvalid = 9, .nmissing = 1, .maxdec = 1, .min = 18, .max = 80.5};
	char *text = cbgen_write("Test", "t.sav (SPSS (.sav))", cols, 7);
	ck_assert_str_eq(text,
	    "# Codebook written by notat codebook from t.sav (SPSS (.sav)).\n"
	    "# Check every type, rename the keys to the ones you want to write, add\n"
	    "# ask filters and short labels (layouts/codebook.md).\n"
	    "codebook \"Test\"\n"
	    "\n"
	    "codes q\n"
	    "  1 lav \"Lav\"\n"
	    "  2 hoej \"Høj\"\n"
	    "\n"
	    "var id id\n"
	    "  text \"Respondent\"\n"
	    "var q_a scale q\n"
	    "  text \"Spørgsmål a\"\n"
	    "  battery q\n"
	    "var q_b scale q\n"
	    "  text \"Spørgsmål b\"\n"
	    "  battery q\n"
	    "var svar single\n"
	    "  text \"Svar?\"\n"
	    "  code 1 ja \"Ja\"\n"
	    "  code 2 nej \"Nej\"\n"
	    "  code 3 ja_2 \"Ja\"\n"
	    "  code 7 k_7 \"7\"  # no label in the data file\n"
	    "var m_x multi\n"
	    "  text \"X\"\n"
	    "  battery m\n"
	    "var m_y multi\n"
	    "  text \"m_y\"\n"
	    "  battery m\n"
	    "var alder number\n"
	    "  text \"Alder \\\"år\\\"\"\n"
	    "  decimals 1\n");
	free(text);
	cbgen_cols_free(cols, 7);
}
END_TEST

/* Items of a battery whose texts share "Question? " are labelled by the rest. */
START_TEST(battery_item_labels)
{
	struct cbgen_col *cols = xcalloc(2, sizeof *cols);
	static const char *const names[] = {"brug_a", "brug_b"};
	static const char *const texts[] = {"Hvad bruger I? Kurser", "Hvad bruger I? Rådgivning"};
	for (int i = 0; i < 2; i++)
		cols[i] = (struct cbgen_col){.name = xstrdup(names[i]), .label = xstrdup(texts[i]), .format = xstrdup("F1.0"),
		                             .all_int = 1, .nvalid = 5, .min = 0, .max = 1, .ndistinct = 2, .distinct = {0, 1}};
	char *text = cbgen_write("T", "t.sav", cols, 2);
	const char *vars = strstr(text, "var brug_a");
	ck_assert_ptr_nonnull(vars);
	ck_assert_str_eq(vars,
	    "var brug_a multi\n"
	    "  text \"Hvad bruger I? Kurser\"\n"
	    "  label \"Kurser\"\n"
	    "  battery brug\n"
	    "var brug_b multi\n"
	    "  text \"Hvad bruger I? Rådgivning\"\n"
	    "  label \"Rådgivning\"\n"
	    "  battery brug\n");
	free(text);
	cbgen_cols_free(cols, 2);
}
END_TEST

Suite *cbgen_suite(void);
Suite *
cbgen_suite(void)
{
	Suite *s = suite_create("cbgen");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, keys_from_labels);
	tcase_add_test(tc, write_codebook);
	tcase_add_test(tc, battery_item_labels);
	suite_add_tcase(s, tc);
	return s;
}

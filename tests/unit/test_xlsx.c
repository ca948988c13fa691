/* test_xlsx.c: unit tests for xlsx.c (the Bilag workbook), read back with unzip. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "lang.h"
#include "pdf.h"
#include "util.h"
#include "xlsx.h"
#include "support.h"

static char dir[64];

static void
setup(void)
{
	strcpy(dir, "/tmp/notat-xlsx.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	util_rm_rf(dir);
	lang_use(NULL);
}

/* The XML of part inside dir/bilag1.xlsx (caller frees). */
static char *
part(const char *name)
{
	char *cmd = xasprintf("unzip -p %s/bilag1.xlsx %s", dir, name);
	int st;
	char *out = support_popen(cmd, &st);
	ck_assert_int_eq(st, 0);
	free(cmd);
	return out;
}

/* A table row: label, the cells of its one group and their values (NAN: text). */
static void
row(struct doc_table *t, enum doc_row_kind kind, const char *label, const char *c0, const char *c1, double v0,
    double v1)
{
	struct doc_trow *r = &t->rows[t->nrows++];
	r->kind = kind;
	r->label = xstrdup(label);
	r->cell = xcalloc(3, sizeof *r->cell);
	r->value = xcalloc(2, sizeof *r->value);
	if (t->ngroups > 0) {
		r->cell[0] = xstrdup(c0), r->cell[1] = xstrdup(c1);
		r->value[0] = v0, r->value[1] = v1;
	}
}

static struct doc_table *
table(int number, const char *title, int index)
{
	struct doc_table *t = xcalloc(1, sizeof *t);
	t->number = number;
	t->title = xstrdup(title);
	t->ngroups = 1;
	t->group = xcalloc(2, sizeof *t->group);
	t->group[0] = xstrdup("I alt");
	t->sub[0] = xstrdup(index ? "n" : "Antal");
	t->sub[1] = xstrdup(index ? "Indeks" : "Pct.");
	t->index_col = index;
	t->rows = xcalloc(8, sizeof *t->rows);
	t->note = xstrdup("Anm.: en note.");
	return t;
}

/* A doc whose appendix holds the tables t[0..n). */
static struct doc *
doc_of(struct doc_table **t, size_t n)
{
	struct doc *d = doc_new();
	d->title = xstrdup("Titel");
	d->appendix = xcalloc(n + 1, sizeof *d->appendix);
	for (size_t i = 0; i < n; i++)
		d->appendix[i] = (struct doc_block){.kind = BLK_TABLE, .tab = t[i]};
	d->nappendix = n;
	return d;
}

static int
write(struct doc *d)
{
	struct pdf_meta m = {.title = "Titel", .year = 2024, .month = 3, .day = 15};
	int st = xlsx_write_bilag(d, &m, dir);
	doc_free(d);
	return st;
}

START_TEST(no_tables)
{
	ck_assert_int_eq(write(doc_of(NULL, 0)), 0);
	char *wb = part("xl/workbook.xml");
	ck_assert_ptr_nonnull(strstr(wb, "<sheets><sheet name=\"Indhold\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"));
	free(wb);
	char *core = part("docProps/core.xml");
	ck_assert_ptr_nonnull(strstr(core, ">2024-03-15T00:00:00Z</dcterms:created>"));
	free(core);
}
END_TEST

/* Decimals follow the printed cell; text cells stay text; an index is not a percentage. */
START_TEST(cells_and_formats)
{
	struct doc_table *t[2] = {table(3, "Shares", 0), table(7, "Index", 1)};
	row(t[0], ROW_HEAD, "(a) Del", "", "", NAN, NAN);
	row(t[0], ROW_DATA, "Lille", "<5", "–", NAN, NAN);
	row(t[0], ROW_DATA, "Stor", "1.234", "64,4", 1234, 0.644);
	row(t[0], ROW_N, "n", "1.916", "", 1916, NAN);
	row(t[1], ROW_DATA, "Udsagn", "40", "72", 40, 72.25);
	ck_assert_int_eq(write(doc_of(t, 2)), 0);
	char *wb = part("xl/workbook.xml");
	ck_assert_ptr_nonnull(strstr(wb, "<sheet name=\"Indhold\" sheetId=\"1\" r:id=\"rId1\"/>"
	                                 "<sheet name=\"Tabel 3\" sheetId=\"2\" r:id=\"rId2\"/>"
	                                 "<sheet name=\"Tabel 7\" sheetId=\"3\" r:id=\"rId3\"/>"));
	ck_assert_ptr_nonnull(strstr(wb, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'Tabel 3'!$3:$4</definedName>"));
	free(wb);
	char *s = part("xl/worksheets/sheet2.xml");
	ck_assert_ptr_nonnull(strstr(s, "<c r=\"B7\" s=\"")); /* the count 1234 */
	ck_assert_ptr_nonnull(strstr(s, "\"><v>1234</v></c><c r=\"C7\" s=\""));
	ck_assert_ptr_nonnull(strstr(s, "\"><v>0.644</v></c>"));
	ck_assert_ptr_nonnull(strstr(s, "<c r=\"B6\" s=\"")); /* "<5": a string */
	ck_assert_ptr_nonnull(strstr(strstr(s, "<c r=\"B6\""), "t=\"s\""));
	ck_assert_ptr_null(strstr(s, "<c r=\"B5\"")); /* the part heading row has no cells */
	ck_assert_ptr_nonnull(strstr(s, "<pane xSplit=\"1\" ySplit=\"4\" topLeftCell=\"B5\""));
	ck_assert_ptr_nonnull(strstr(s, "<pageSetup paperSize=\"9\" fitToHeight=\"0\""));
	free(s);
	char *x = part("xl/worksheets/sheet3.xml");
	ck_assert_ptr_nonnull(strstr(x, "\"><v>72.25</v></c>"));
	free(x);
	char *st = part("xl/styles.xml");
	ck_assert_ptr_nonnull(strstr(st, "formatCode=\"0.0%\""));
	ck_assert_ptr_nonnull(strstr(st, "formatCode=\"0\""));
	ck_assert_ptr_null(strstr(st, "formatCode=\"0%\"")); /* no share printed without decimals */
	free(st);
	char *sst = part("xl/sharedStrings.xml");
	ck_assert_ptr_nonnull(strstr(sst, "<t>Tabel 3. Shares</t>"));
	ck_assert_ptr_nonnull(strstr(sst, "<t>Anm.: en note.</t>"));
	ck_assert_ptr_nonnull(strstr(sst, "<t>&lt;5</t>"));
	free(sst);
	char *c = part("xl/worksheets/sheet1.xml");
	ck_assert_ptr_nonnull(strstr(c, "location=\"'Tabel 3'!A1\""));
	ck_assert_ptr_nonnull(strstr(c, "location=\"'Tabel 7'!A1\""));
	free(c);
}
END_TEST

START_TEST(english_and_no_groups)
{
	lang_use(lang_find("en"));
	struct doc_table *t = table(1, "Labels only", 0);
	free(t->group[0]);
	t->group[0] = NULL;
	t->ngroups = 0;
	row(t, ROW_DATA, "Only a label", "", "", NAN, NAN);
	ck_assert_int_eq(write(doc_of(&t, 1)), 0);
	char *wb = part("xl/workbook.xml");
	ck_assert_ptr_nonnull(strstr(wb, "<sheet name=\"Contents\" sheetId=\"1\" r:id=\"rId1\"/>"
	                                 "<sheet name=\"Table 1\" sheetId=\"2\" r:id=\"rId2\"/>"));
	free(wb);
}
END_TEST

START_TEST(unwritable)
{
	struct doc_table *t = table(1, "T", 0);
	row(t, ROW_DATA, "x", "1", "100", 1, 1.0);
	char *saved = xstrdup(dir);
	strcpy(dir, "/nonexistent/notat");
	FILE *sink = fopen("/dev/null", "w");
	diag_set_stream(sink);
	ck_assert_int_eq(write(doc_of(&t, 1)), 3);
	diag_set_stream(NULL);
	fclose(sink);
	strcpy(dir, saved);
	free(saved);
}
END_TEST

Suite *xlsx_suite(void);
Suite *
xlsx_suite(void)
{
	Suite *s = suite_create("xlsx");
	TCase *tc = tcase_create("xlsx");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, no_tables);
	tcase_add_test(tc, cells_and_formats);
	tcase_add_test(tc, english_and_no_groups);
	tcase_add_test(tc, unwritable);
	suite_add_tcase(s, tc);
	return s;
}

/* test_pdf.c: pdf.c and tag.c: a hand-made box_doc written and read back with poppler, qpdf and structcheck.py. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "box.h"
#include "diag.h"
#include "doc.h"
#include "font.h"
#include "pdf.h"
#include "util.h"
#include "support.h"

#define FONT_DIR "../fonts"
#define DANISH "æøå ÆØÅ ’ ” –"

static char tmpdir[64];
static struct fontset *fs;

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/notat-pdf.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	fs = fontset_load(FONT_DIR);
	ck_assert_ptr_nonnull(fs);
	diag_reset();
}

static void
teardown(void)
{
	util_rm_rf(tmpdir);
	fontset_free(fs);
	fs = NULL;
}

/* ---- building the sample ---- */

struct sample {
	struct box_doc *bd;
	struct buf text;  /* the expected text, in drawing order */
};

/* Places the words of text at (x, y) one plain space apart, each box ending
 * in " " when more text follows (last_space: after the last word too).
 * Returns the x after the last box. */
static double
words(struct sample *s, int pg, int face, double size, double x, double y, const char *text,
    int elem, int last_space)
{
	char *dup = xstrdup(text);
	char *save = NULL;
	double space = font_width(fs->face[face], " ", 1, size);
	for (char *w = strtok_r(dup, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		int more = save != NULL && *save != '\0';
		char *t = xasprintf("%s%s", w, more || last_space ? " " : "");
		struct box b = {.kind = BOX_TEXT, .x = x, .y = y, .face = face, .size = size,
			.text = t, .elem = elem};
		b.w = font_width(fs->face[face], t, strlen(t), size);
		box_add(s->bd, pg, &b);
		buf_puts(&s->text, t);
		x += font_width(fs->face[face], w, strlen(w), size) + (more || last_space ? space : 0);
		free(t);
	}
	buf_putc(&s->text, '\n');
	free(dup);
	return x;
}

static void
shape(struct box_doc *bd, int pg, enum box_kind kind, double x, double y, double w, double h,
    int elem)
{
	struct box b = {.kind = kind, .x = x, .y = y, .w = w, .h = h, .rgb = 0x1F4E79, .lw = 0.5,
		.elem = elem};
	box_add(bd, pg, &b);
}

enum { E_H1 = 1, E_P, E_REF, E_NOTE, E_FIG, E_CAP, E_TAB, E_TR1, E_TH1, E_TH2, E_TR2, E_TD1, E_TD2,
	E_P2, E_LINK };

static void
sample_elems(struct box_doc *bd)
{
	box_elem_add(bd, 0, "H1", NULL, NULL, NULL);
	box_elem_add(bd, 0, "P", NULL, NULL, NULL);
	box_elem_add(bd, E_P, "Reference", NULL, NULL, NULL);
	box_elem_add(bd, 0, "Note", NULL, "note1", NULL);
	box_elem_add(bd, 0, "Figure", "Søjlediagram: én søjle på 42 & <mere>", NULL, NULL);
	box_elem_add(bd, 0, "Caption", NULL, NULL, NULL);
	box_elem_add(bd, 0, "Table", NULL, NULL, NULL);
	box_elem_add(bd, E_TAB, "TR", NULL, NULL, NULL);
	box_elem_add(bd, E_TR1, "TH", NULL, NULL, "Column");
	box_elem_add(bd, E_TR1, "TH", NULL, NULL, "Column");
	box_elem_add(bd, E_TAB, "TR", NULL, NULL, NULL);
	box_elem_add(bd, E_TR2, "TD", NULL, NULL, NULL);
	box_elem_add(bd, E_TR2, "TD", NULL, NULL, NULL);
	box_elem_add(bd, 0, "P", NULL, NULL, NULL);
	box_elem_add(bd, E_P2, "Link", NULL, NULL, NULL);
}

static void
sample_page1(struct sample *s)
{
	static const char *const lead[] = {"Regulær", "Fed", "Kursiv", "Fed kursiv"};
	const double L = MM(25);
	words(s, 0, DOC_BOLD, 16, L, 780, "Overskrift om æøå", E_H1, 0);
	for (int f = 0; f < DOC_NFACES; f++) {
		char *t = xasprintf("%s " DANISH, lead[f]);
		double x = words(s, 0, f, 10.5, L, 750 - 15 * f, t, E_P, 1);
		free(t);
		if (f == DOC_BOLDITALIC) { /* a footnote reference inside the paragraph */
			s->text.s[--s->text.len] = '\0';
			words(s, 0, DOC_REGULAR, 7, x, 750 - 15 * f + 4, "1", E_REF, 1);
		}
	}
	words(s, 0, DOC_REGULAR, 10.5, L, 690, "To AV Yo P. Wa fortsætter", E_P, 1);
	shape(s->bd, 0, BOX_RECT, L, 560, 100, 60, E_FIG);
	shape(s->bd, 0, BOX_LINE, L, 555, 230, 0, E_FIG);
	words(s, 0, DOC_REGULAR, 9, L + 110, 590, "Søjle 42", E_FIG, 0);
	words(s, 0, DOC_ITALIC, 9, L, 540, "Figur 1. Søjler og æøå", E_CAP, 0);
	words(s, 0, DOC_BOLD, 10, L, 500, "Område", E_TH1, 0);
	words(s, 0, DOC_BOLD, 10, L + 180, 500, "Antal", E_TH2, 0);
	shape(s->bd, 0, BOX_LINE, L, 495, 230, 0, -1);
	words(s, 0, DOC_REGULAR, 10, L, 480, "Øst", E_TD1, 0);
	words(s, 0, DOC_REGULAR, 10, L + 180, 480, "1.204", E_TD2, 0);
	shape(s->bd, 0, BOX_LINE, L, 120, 100, 0, -1);
	words(s, 0, DOC_REGULAR, 8, L, 100, "1 Kilde: Danmarks Statistik – “særkørsel”.", E_NOTE, 0);
	words(s, 0, DOC_REGULAR, 9, L, MM(15), "Side 1 af 2", -1, 0);
}

static void
sample_page2(struct sample *s)
{
	const double L = MM(25);
	words(s, 1, DOC_REGULAR, 10.5, L, 780, "på side to.", E_P, 0);
	double x = words(s, 1, DOC_REGULAR, 10.5, L, 750, "Se", E_P2, 1);
	s->text.s[--s->text.len] = '\0';
	double x2 = words(s, 1, DOC_REGULAR, 10.5, x, 750, "tabel 1", E_LINK, 1);
	struct box lk = {.kind = BOX_LINK, .x = x, .y = 747, .w = x2 - x, .h = 12, .elem = E_LINK,
		.target_page = 0, .target_y = 510};
	box_add(s->bd, 1, &lk);
	s->text.s[--s->text.len] = '\0';
	words(s, 1, DOC_REGULAR, 10.5, x2, 750, "for detaljer.", E_P2, 0);
	words(s, 1, DOC_REGULAR, 9, L, MM(15), "Side 2 af 2", -1, 0);
}

static struct sample
sample(void)
{
	struct sample s = {box_doc_new(), {0}};
	sample_elems(s.bd);
	box_page_add(s.bd, 1);
	box_page_add(s.bd, 2);
	sample_page1(&s);
	sample_page2(&s);
	box_outline_add(s.bd, 1, "Overskrift om æøå", 0, 800);
	box_outline_add(s.bd, 2, "Tabel „1”", 0, 515);
	return s;
}

static struct pdf_meta
meta(void)
{
	struct pdf_meta m = {.title = "Brugerundersøgelse & <test> æøå", .author = "SIRI",
		.subject = "Prøve", .keywords = "notat, æøå", .lang = "da-DK", .year = 2024,
		.month = 5, .day = 17, .hour = 12, .font_dir = FONT_DIR};
	for (int i = 0; i < 16; i++)
		m.id[i] = (unsigned char)(i * 17);
	return m;
}

/* ---- running tools ---- */

static char *
slurp_or_empty(const char *path)
{
	size_t n;
	char *s = util_slurp(path, &n);
	return s ? s : xstrdup("");
}

/* Runs cmd (stderr to a file); returns stdout, stores exit status and stderr. */
static char *
run(const char *cmd, int *status, char **err)
{
	char *errf = xasprintf("%s/stderr", tmpdir);
	char *full = xasprintf("%s 2>%s", cmd, errf);
	int st;
	char *out = support_popen(full, &st);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	*err = slurp_or_empty(errf);
	unlink(errf);
	free(errf);
	free(full);
	return out;
}

/* Runs cmd and asserts exit 0 and an empty stderr; returns stdout. */
static char *
run_clean(const char *cmd)
{
	int st;
	char *err;
	char *out = run(cmd, &st, &err);
	ck_assert_msg(st == 0, "%s: exit %d", cmd, st);
	ck_assert_msg(err[0] == '\0', "%s printed on stderr: %s", cmd, err);
	free(err);
	return out;
}

/* Collapses all whitespace (and form feeds) to single spaces, trimmed. */
static char *
squash(const char *s)
{
	struct buf b = {0};
	int sp = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\f' || *s == '\t') {
			sp = 1;
			continue;
		}
		if (sp && b.len > 0)
			buf_putc(&b, ' ');
		sp = 0;
		buf_putc(&b, *s);
	}
	return buf_take(&b);
}

static char *
write_sample(struct sample *s, const struct pdf_meta *m, const char *name)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	ck_assert_int_eq(pdf_write(s->bd, fs, m, path), 0);
	return path;
}

/* ---- tests ---- */

/* pdftotext -raw gives back every box's text in drawing order (whitespace collapsed). */
START_TEST(text_roundtrip)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	char *path = write_sample(&s, &m, "a.pdf");
	char *cmd = xasprintf("pdftotext -raw -enc UTF-8 %s -", path);
	char *out = run_clean(cmd);
	char *got = squash(out), *want = squash(s.text.s);
	ck_assert_str_eq(got, want);
	ck_assert_ptr_nonnull(strstr(got, "Fed kursiv " DANISH));
	free(got), free(want), free(out), free(cmd), free(path);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

/* All four faces are embedded, subset and mapped to Unicode. */
START_TEST(fonts_embedded)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	char *path = write_sample(&s, &m, "a.pdf");
	char *cmd = xasprintf("pdffonts %s", path);
	char *out = run_clean(cmd);
	int fonts = 0;
	for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
		if (strstr(l, "CID TrueType") == NULL)
			continue;
		fonts++;
		ck_assert_msg(strstr(l, "Identity-H       yes yes yes") != NULL, "not embedded: %s", l);
	}
	ck_assert_int_eq(fonts, 4);
	free(out), free(cmd), free(path);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

/* qpdf, poppler and structcheck.py accept the file without a word on stderr. */
START_TEST(qpdf_and_poppler_clean)
{
	static const char *const tools[] = {"qpdf --check %s", "pdfinfo %s", "pdfinfo -struct-text %s",
		"pdfinfo -meta %s", "python3 structcheck.py %s"};
	struct sample s = sample();
	struct pdf_meta m = meta();
	char *path = write_sample(&s, &m, "a.pdf");
	for (size_t i = 0; i < sizeof tools / sizeof *tools; i++) {
		char *cmd = xasprintf(tools[i], path);
		char *out = run_clean(cmd);
		if (i == 1) {
			char *sq = squash(out);
			ck_assert_ptr_nonnull(strstr(sq, "Title: Brugerundersøgelse & <test> æøå"));
			ck_assert_ptr_nonnull(strstr(sq, "Tagged: yes"));
			ck_assert_ptr_nonnull(strstr(sq, "PDF version: 1.7"));
			free(sq);
		}
		if (i == 2) {
			ck_assert_ptr_nonnull(strstr(out, "Note <note1>"));
			ck_assert_ptr_nonnull(strstr(out, "\"Se \""));
		}
		if (i == 3)
			ck_assert_ptr_nonnull(strstr(out, "&amp; &lt;test&gt;"));
		free(out), free(cmd);
	}
	free(path);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

static int
has_bytes(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Two writes give the same bytes, with the caller's /ID. */
START_TEST(reproducible)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	char *a = write_sample(&s, &m, "a.pdf");
	char *b = write_sample(&s, &m, "b.pdf");
	size_t na, nb;
	char *da = util_slurp(a, &na), *db = util_slurp(b, &nb);
	ck_assert_uint_eq(na, nb);
	ck_assert(memcmp(da, db, na) == 0);
	ck_assert(has_bytes(da, na, "/ID [ <00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF> ]"));
	free(da), free(db), free(a), free(b);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

/* --pdfa: clean, both ids in the XMP, OutputIntent and a CIDSet per font, reproducible. */
START_TEST(pdfa_clean)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	m.pdfa = 1;
	char *path = write_sample(&s, &m, "a.pdf");
	char *cmd = xasprintf("qpdf --check %s", path);
	free(run_clean(cmd));
	free(cmd);
	cmd = xasprintf("pdfinfo -meta %s", path);
	char *out = run_clean(cmd);
	ck_assert_ptr_nonnull(strstr(out, "<pdfaid:part>1</pdfaid:part>"));
	ck_assert_ptr_nonnull(strstr(out, "<pdfuaid:part>1</pdfuaid:part>"));
	free(out), free(cmd);
	cmd = xasprintf("qpdf --qdf --object-streams=disable %s - | grep -a -c -e /CIDSet -e /GTS_PDFA1", path);
	out = run_clean(cmd);
	ck_assert_int_eq(atoi(out), 5);
	char *again = write_sample(&s, &m, "b.pdf");
	size_t na, nb;
	char *da = util_slurp(path, &na), *db = util_slurp(again, &nb);
	ck_assert(na == nb && memcmp(da, db, na) == 0);
	free(da), free(db), free(again);
	free(out), free(cmd), free(path);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

/* Nonzero if dir holds any entry (a left-over output or temporary file). */
static int
dir_has_files(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	struct dirent *e;
	int any = 0;
	while ((e = readdir(d)) != NULL)
		any |= strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return any;
}

/* U+2070 is not in Liberation Serif: M_TS_NO_GLYPH, exit 1, no file left. */
START_TEST(missing_glyph)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	struct box b = {.kind = BOX_TEXT, .x = 72, .y = 400, .size = 10, .text = "x¹⁰", .elem = E_P2};
	box_add(s.bd, 1, &b);
	char *out = xasprintf("%s/out", tmpdir);
	mkdir(out, 0777);
	char *path = xasprintf("%s/x.pdf", out);
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);
	diag_set_stream(f);
	ck_assert_int_eq(pdf_write(s.bd, fs, &m, path), 1);
	diag_set_stream(NULL);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(msg, "U+2070"));
	ck_assert_int_eq(diag_worst(), DL_ERROR);
	ck_assert(!dir_has_files(out));
	diag_reset();
	free(msg), free(path), free(out);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

/* A hyphen added by line breaking extracts as U+00AD (soft hyphen), in its own
 * marked-content sequence; a hyphen from the source stays "-". */
START_TEST(soft_hyphen)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	struct box b = {.kind = BOX_TEXT, .x = 72, .y = 400, .size = 10, .text = "alle-",
		.hyphen = 1, .elem = E_P2};
	box_add(s.bd, 1, &b);
	struct box c = {.kind = BOX_TEXT, .x = 72, .y = 380, .size = 10, .text = "SB-området",
		.elem = E_P2};
	box_add(s.bd, 1, &c);
	char *path = write_sample(&s, &m, "h.pdf");
	char *cmd = xasprintf("pdftotext -raw -enc UTF-8 %s -", path);
	char *out = run_clean(cmd);
	ck_assert_ptr_nonnull(strstr(out, "alle\xc2\xad"));
	ck_assert_ptr_null(strstr(out, "alle-"));
	ck_assert_ptr_nonnull(strstr(out, "SB-området"));
	char *chk = xasprintf("python3 ../tests/structcheck.py %s", path);
	free(run_clean(chk));
	free(chk), free(out), free(cmd), free(path);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

/* A path that cannot be written: exit 3, no file, no temporary left. */
START_TEST(unwritable)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	char *path = xasprintf("%s/no/such/dir/x.pdf", tmpdir);
	FILE *f = fopen("/dev/null", "w");
	diag_set_stream(f);
	ck_assert_int_eq(pdf_write(s.bd, fs, &m, path), 3);
	diag_set_stream(NULL);
	fclose(f);
	ck_assert_int_eq(diag_exit_status(), 3);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert(!dir_has_files(tmpdir));
	diag_reset();
	free(path);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

/* Writes the sample to $NOTAT_PDF_SAMPLE (tests/e2e/structcheck-neg.sh breaks
 * copies of it), else into the temporary directory. */
START_TEST(sample_file)
{
	struct sample s = sample();
	struct pdf_meta m = meta();
	const char *env = getenv("NOTAT_PDF_SAMPLE");
	char *path = env && *env ? xstrdup(env) : xasprintf("%s/sample.pdf", tmpdir);
	ck_assert_int_eq(pdf_write(s.bd, fs, &m, path), 0);
	ck_assert_int_eq(access(path, R_OK), 0);
	free(path);
	buf_free(&s.text);
	box_doc_free(s.bd);
}
END_TEST

Suite *pdf_suite(void);
Suite *
pdf_suite(void)
{
	Suite *s = suite_create("pdf");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, text_roundtrip);
	tcase_add_test(tc, fonts_embedded);
	tcase_add_test(tc, qpdf_and_poppler_clean);
	tcase_add_test(tc, reproducible);
	tcase_add_test(tc, pdfa_clean);
	tcase_add_test(tc, missing_glyph);
	tcase_add_test(tc, unwritable);
	tcase_add_test(tc, soft_hyphen);
	suite_add_tcase(s, tc);
	tc = tcase_create("sample");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sample_file);
	suite_add_tcase(s, tc);
	return s;
}

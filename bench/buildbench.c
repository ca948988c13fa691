/* buildbench.c: times each stage of a full build of a layout and a plain-libharu writer of the same pages.
 *
 * Build: `make bench` (build/bench/buildbench; links the library objects
 * through build/bench/libnotat.a). Run from the repository root:
 *   build/bench/buildbench [-n RUNS] [-x PROGRAM] LAYOUT
 *
 * The stages are called directly, in the order of src/build.c:
 *   parse      lay_parse + cb_load
 *   aggregate  eval_new + eval_run + eval_take_doc (one pass over the data)
 *   typeset    fontset_load + hy_new + ts_notat + ts_appendix
 *   pdf        pdf_write of the notat and of Bilag 1 (tagging, kerning,
 *              ToUnicode, outline, metadata, fsync + rename)
 *   outputs    the manifest's input hashes, audit.tsv, the CSV tables and
 *              the output hashes (what build.c's write stage does besides
 *              the PDFs; it is reported but small)
 * into a temporary directory under /tmp (removed at the end). One warm-up
 * build, then RUNS (default 10) timed builds; medians of CLOCK_MONOTONIC
 * wall time per stage and for the whole build.
 *
 * The baseline, "libharu alone": the box_docs of the warm-up build written
 * again with plain libharu calls only, once after each timed build (runs
 * alternate, so both see the same load): the same pages, the same text boxes
 * (one HPDF_Page_TextOut each, no kerning), rects, lines and links, the same
 * TrueType fonts embedded through HPDF_LoadTTFontFromFile with the UTF-8
 * encoder, HPDF_COMP_ALL; no tagging, no ToUnicode fix, no outline, no
 * metadata, no fsync. Median of RUNS. Wall and CPU time
 * (CLOCK_PROCESS_CPUTIME_ID) are both printed: on a loaded machine the CPU
 * figures are the steadier ones.
 *
 * Ratios printed: build / libharu alone (budget 2x), and the reference
 * figure of 2.7 s for pdflatex on a comparable document (a constant from
 * the project notes, NOT measured here) / build (goal 50x).
 *
 * Also printed: libharu's fixed cost, the same two documents reduced to one
 * page showing one glyph in each face they use (font loading, the 64K
 * Unicode map per Type0 font, subsetting and deflate), median of RUNS.
 *
 * -x PROGRAM also times the whole program, `PROGRAM build -o DIR LAYOUT`,
 * fork + exec, RUNS times (median), if PROGRAM is executable.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>

#include "box.h"
#include "cb.h"
#include "diag.h"
#include "doc.h"
#include "eval.h"
#include "font.h"
#include "hyph.h"
#include "layout.h"
#include "mf.h"
#include "pdf.h"
#include "typeset.h"
#include "util.h"

#define HYPH_DICT "/usr/share/hyphen/hyph_da_DK.dic"
#define HYPH_EXC "layouts/hyph-da.txt"
#define FONT_DIR "fonts"
#define PDFLATEX_REF 2.7 /* s, pdflatex on a comparable document: reference figure from the notes */
#define MAXRUNS 101

enum stage { S_PARSE, S_AGG, S_TYPESET, S_PDF, S_OUT, S_N };
static const char *const stage_name[S_N] = {"parse", "aggregate", "typeset", "pdf", "outputs"};

static const char *const face_file[DOC_NFACES] = {
	"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
	"LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
};

static double
clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of the process: steadier than wall time on a shared machine. */
static double
cpu(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
median(const double *v, int n)
{
	double s[MAXRUNS];
	memcpy(s, v, (size_t)n * sizeof *s);
	qsort(s, (size_t)n, sizeof *s, cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* ---- one build, stage by stage (mirrors src/build.c) ---- */

struct run {
	const char *layout, *dir;
	struct lay_doc *lay;
	struct codebook *cb;
	struct eval *ev;
	struct doc *doc;
	struct fontset *fs;
	struct hyph *hy;
	struct box_doc *notat, *bilag;
	struct mf *mf;
};

static int
st_parse(struct run *r)
{
	r->lay = lay_parse(r->layout);
	r->cb = r->lay ? cb_load(lay_codebook_path(r->lay)) : NULL;
	return r->cb ? 0 : 1;
}

static int
st_agg(struct run *r)
{
	struct eval_opts eo = {.min_base = 5};
	r->ev = eval_new(r->lay, r->cb, &eo);
	int st = eval_run(r->ev);
	if (st == 0)
		r->doc = eval_take_doc(r->ev);
	return st ? st : r->doc ? 0 : 3;
}

static int
st_typeset(struct run *r)
{
	r->fs = fontset_load(FONT_DIR);
	r->hy = r->fs ? hy_new(HYPH_DICT, HYPH_EXC) : NULL;
	if (r->hy == NULL)
		return 3;
	struct measure m = fontset_measure(r->fs);
	struct ts_opts to = {&m, r->hy, 0, NULL};
	r->notat = ts_notat(r->doc, &to);
	r->bilag = r->notat ? ts_appendix(r->doc, &to) : NULL;
	return r->bilag && diag_worst() < DL_ERROR ? 0 : 1;
}

/* The manifest's inputs (build.c's record_inputs), for the PDF /ID. */
static int
hash_inputs(struct run *r)
{
	struct mf *m = r->mf = mf_new("buildbench");
	int st = mf_add_input(m, "layout", r->layout);
	for (size_t i = 0; i < lay_nincludes(r->lay); i++)
		st |= mf_add_input(m, "layout-include", lay_include(r->lay, i));
	st |= mf_add_input(m, "codebook", lay_codebook_path(r->lay));
	st |= mf_add_input(m, "municipalities", r->cb->muni_path);
	st |= mf_add_input(m, "responses", lay_data_path(r->lay));
	for (int f = 0; f < DOC_NFACES; f++) {
		char *p = xasprintf("%s/%s", FONT_DIR, face_file[f]);
		st |= mf_add_input(m, "font", p);
		free(p);
	}
	st |= mf_add_input(m, "hyphenation", HYPH_DICT);
	st |= mf_add_input(m, "hyphenation-exceptions", HYPH_EXC);
	return st ? 3 : 0;
}

static int
st_pdf(struct run *r)
{
	struct pdf_meta pm = {0};
	pm.title = r->doc->title, pm.author = r->doc->author;
	pm.subject = r->doc->subject, pm.keywords = r->doc->keywords;
	pm.lang = r->doc->lang ? r->doc->lang : "da-DK";
	pm.year = r->doc->year, pm.month = r->doc->month, pm.day = r->doc->day;
	pm.font_dir = FONT_DIR;
	memset(pm.id, 0x5a, sizeof pm.id); /* the real /ID is hashed in "outputs" */
	char *p = xasprintf("%s/notat.pdf", r->dir);
	int st = pdf_write(r->notat, r->fs, &pm, p);
	free(p);
	p = xasprintf("%s/bilag1.pdf", r->dir);
	if (st == 0)
		st = pdf_write(r->bilag, r->fs, &pm, p);
	free(p);
	return st;
}

static int
st_outputs(struct run *r)
{
	int st = hash_inputs(r);
	char *audit = xasprintf("%s/audit.tsv", r->dir);
	char *tabs = xasprintf("%s/bilag1", r->dir);
	mkdir(tabs, 0777);
	if (st == 0)
		st = eval_write_audit(r->ev, audit);
	if (st == 0)
		st = eval_write_tables_csv(r->ev, tabs, 1);
	static const char *const out[] = {"notat.pdf", "bilag1.pdf", "audit.tsv"};
	for (size_t i = 0; i < 3 && st == 0; i++) {
		char *p = xasprintf("%s/%s", r->dir, out[i]);
		st = mf_add_output(r->mf, out[i], p);
		free(p);
	}
	free(audit);
	free(tabs);
	return st;
}

static void
run_free(struct run *r, int keep_boxes)
{
	mf_free(r->mf);
	if (!keep_boxes) {
		box_doc_free(r->notat);
		box_doc_free(r->bilag);
	}
	hy_free(r->hy);
	fontset_free(r->fs);
	doc_free(r->doc);
	eval_free(r->ev);
	cb_free(r->cb);
	lay_free(r->lay);
}

/* One whole build into a fresh directory under top (like build.c's staging
 * directory: nothing is overwritten; removed afterwards, untimed). Stage
 * wall times in t[], CPU times in c[]. Returns 0 or the failing stage's status. */
static int
build_once(const char *layout, const char *top, double t[S_N], double c[S_N], struct run *keep)
{
	int (*const fn[S_N])(struct run *) = {st_parse, st_agg, st_typeset, st_pdf, st_outputs};
	struct run r = {0};
	char *dir = xasprintf("%s/run", top);
	if (mkdir(dir, 0777) != 0) {
		perror(dir);
		free(dir);
		return 3;
	}
	r.layout = layout, r.dir = dir;
	int st = 0;
	for (int s = 0; s < S_N && st == 0; s++) {
		double t0 = now(), c0 = cpu();
		st = fn[s](&r);
		t[s] = now() - t0;
		c[s] = cpu() - c0;
		if (st != 0)
			fprintf(stderr, "buildbench: stage %s failed (%d)\n", stage_name[s], st);
	}
	if (keep != NULL && st == 0) {
		keep->notat = r.notat, keep->bilag = r.bilag;
		r.notat = r.bilag = NULL;
	}
	run_free(&r, 0);
	util_rm_rf(dir);
	free(dir);
	return st;
}

/* ---- the baseline: the same pages with plain libharu ---- */

struct haru {
	HPDF_Doc pdf;
	HPDF_Font font[DOC_NFACES];
	HPDF_Page *page;
	HPDF_Page cur;
	int in_text;
	unsigned long err;
};

static void
haru_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	(void)detail;
	struct haru *h = user;
	if (h->err == 0)
		h->err = (unsigned long)no;
}

static HPDF_Font
haru_font(struct haru *h, int face)
{
	if (h->font[face] == NULL) {
		char *p = xasprintf("%s/%s", FONT_DIR, face_file[face]);
		const char *name = HPDF_LoadTTFontFromFile(h->pdf, p, HPDF_TRUE);
		h->font[face] = name ? HPDF_GetFont(h->pdf, name, "UTF-8") : NULL;
		free(p);
	}
	return h->font[face];
}

static void
haru_rgb(HPDF_Page pg, uint32_t rgb, int stroke)
{
	HPDF_REAL r = (HPDF_REAL)((rgb >> 16) & 0xFF) / 255, g = (HPDF_REAL)((rgb >> 8) & 0xFF) / 255,
		  b = (HPDF_REAL)(rgb & 0xFF) / 255;
	if (stroke)
		HPDF_Page_SetRGBStroke(pg, r, g, b);
	else
		HPDF_Page_SetRGBFill(pg, r, g, b);
}

static void
haru_text_mode(struct haru *h, int on)
{
	if (on && !h->in_text)
		HPDF_Page_BeginText(h->cur);
	else if (!on && h->in_text)
		HPDF_Page_EndText(h->cur);
	h->in_text = on;
}

static void
haru_box(struct haru *h, const struct box *b)
{
	HPDF_Page pg = h->cur;
	if (b->kind == BOX_TEXT && b->text != NULL && b->text[0] != '\0') {
		haru_text_mode(h, 1);
		HPDF_Page_SetFontAndSize(pg, haru_font(h, b->face), (HPDF_REAL)b->size);
		haru_rgb(pg, b->rgb, 0);
		HPDF_Page_TextOut(pg, (HPDF_REAL)b->x, (HPDF_REAL)b->y, b->text);
	} else if (b->kind == BOX_RECT) {
		haru_text_mode(h, 0);
		haru_rgb(pg, b->rgb, 0);
		HPDF_Page_Rectangle(pg, (HPDF_REAL)b->x, (HPDF_REAL)b->y, (HPDF_REAL)b->w, (HPDF_REAL)b->h);
		HPDF_Page_Fill(pg);
	} else if (b->kind == BOX_LINE) {
		haru_text_mode(h, 0);
		haru_rgb(pg, b->rgb, 1);
		HPDF_Page_SetLineWidth(pg, (HPDF_REAL)b->lw);
		HPDF_Page_MoveTo(pg, (HPDF_REAL)b->x, (HPDF_REAL)b->y);
		HPDF_Page_LineTo(pg, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)(b->y + b->h));
		HPDF_Page_Stroke(pg);
	} else if (b->kind == BOX_LINK) {
		HPDF_Destination d = HPDF_Page_CreateDestination(h->page[b->target_page]);
		HPDF_Destination_SetXYZ(d, 0, (HPDF_REAL)b->target_y, 1);
		HPDF_Rect rc = {(HPDF_REAL)b->x, (HPDF_REAL)b->y, (HPDF_REAL)(b->x + b->w),
			(HPDF_REAL)(b->y + b->h)};
		HPDF_LinkAnnot_SetBorderStyle(HPDF_Page_CreateLinkAnnot(pg, rc, d), 0, 0, 0);
	}
}

/* Writes bd to path with plain libharu. Returns 0, or 3 on a libharu error. */
static int
haru_write(const struct box_doc *bd, const char *path)
{
	struct haru h = {0};
	h.pdf = HPDF_New(haru_error, &h);
	HPDF_SetCompressionMode(h.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(h.pdf);
	HPDF_SetCurrentEncoder(h.pdf, "UTF-8");
	h.page = xcalloc(bd->npages, sizeof *h.page);
	for (size_t i = 0; i < bd->npages; i++) {
		h.page[i] = HPDF_AddPage(h.pdf);
		HPDF_Page_SetWidth(h.page[i], (HPDF_REAL)BOX_A4_W);
		HPDF_Page_SetHeight(h.page[i], (HPDF_REAL)BOX_A4_H);
	}
	for (size_t i = 0; i < bd->npages; i++) {
		h.cur = h.page[i], h.in_text = 0;
		for (size_t k = 0; k < bd->pages[i].n; k++)
			haru_box(&h, &bd->pages[i].box[k]);
		haru_text_mode(&h, 0);
	}
	if (HPDF_SaveToFile(h.pdf, path) != HPDF_OK && h.err == 0)
		h.err = 1;
	HPDF_Free(h.pdf);
	free(h.page);
	if (h.err != 0)
		fprintf(stderr, "buildbench: libharu error 0x%04lX writing %s\n", h.err, path);
	return h.err ? 3 : 0;
}

static int
haru_both(const struct run *k, const char *dir)
{
	char *p = xasprintf("%s/haru-notat.pdf", dir), *q = xasprintf("%s/haru-bilag1.pdf", dir);
	int st = haru_write(k->notat, p);
	if (st == 0)
		st = haru_write(k->bilag, q);
	free(p);
	free(q);
	return st;
}

/* libharu's fixed cost: one page showing one glyph in each face bd uses. */
static int
haru_fonts_only(const struct box_doc *bd, const char *path)
{
	struct haru h = {0};
	int used[DOC_NFACES] = {0};
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n; i++)
			if (bd->pages[p].box[i].kind == BOX_TEXT)
				used[bd->pages[p].box[i].face & 3] = 1;
	h.pdf = HPDF_New(haru_error, &h);
	HPDF_SetCompressionMode(h.pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(h.pdf);
	HPDF_SetCurrentEncoder(h.pdf, "UTF-8");
	h.cur = HPDF_AddPage(h.pdf);
	for (int f = 0; f < DOC_NFACES; f++) {
		struct box b = {.kind = BOX_TEXT, .x = 72, .y = 72 + 20 * f, .face = f, .size = 10, .text = "x"};
		if (used[f])
			haru_box(&h, &b);
	}
	haru_text_mode(&h, 0);
	if (HPDF_SaveToFile(h.pdf, path) != HPDF_OK && h.err == 0)
		h.err = 1;
	HPDF_Free(h.pdf);
	return h.err ? 3 : 0;
}

/* Median wall time of writing the fonts-only files of both documents. */
static double
fonts_only_cost(const struct run *k, const char *dir, int runs)
{
	double t[MAXRUNS];
	char *p = xasprintf("%s/haru-fonts.pdf", dir);
	for (int i = 0; i < runs; i++) {
		double t0 = now();
		haru_fonts_only(k->notat, p);
		haru_fonts_only(k->bilag, p);
		t[i] = now() - t0;
	}
	free(p);
	return median(t, runs);
}

/* Time of an fsync of the two PDFs a build wrote (pdf_write syncs, the baseline does not). */
static double
fsync_cost(const char *dir)
{
	static const char *const name[] = {"haru-notat.pdf", "haru-bilag1.pdf"};
	double t0 = now();
	for (int i = 0; i < 2; i++) {
		char *p = xasprintf("%s/%s", dir, name[i]);
		int fd = open(p, O_RDWR);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
		free(p);
	}
	return now() - t0;
}

/* ---- the whole program, fork + exec ---- */

/* One `PROG build -o DIR LAYOUT`; its wall time, and its CPU time (user +
 * system of it and its Bilag 1 writer, from wait4) in *c; -1 on a failure. */
static double
exec_once(const char *prog, const char *layout, const char *dir, double *c)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		execl(prog, prog, "build", "-o", dir, layout, (char *)NULL);
		_exit(127);
	}
	int ws = 0;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &ws, 0, &ru) < 0 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
		return -1;
	*c = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	    (double)ru.ru_stime.tv_usec / 1e6;
	return now() - t0;
}

/* ---- reporting ---- */

static void
count_boxes(const struct box_doc *bd, size_t n[4])
{
	memset(n, 0, 4 * sizeof *n);
	for (size_t p = 0; p < bd->npages; p++)
		for (size_t i = 0; i < bd->pages[p].n; i++)
			n[bd->pages[p].box[i].kind]++;
}

static void
print_docs(const struct run *k)
{
	const struct box_doc *d[2] = {k->notat, k->bilag};
	static const char *const name[2] = {"notat", "bilag1"};
	for (int i = 0; i < 2; i++) {
		size_t n[4];
		count_boxes(d[i], n);
		printf("%-7s %2zu pages: %5zu text boxes, %4zu rects, %4zu lines, %3zu links\n", name[i],
		    d[i]->npages, n[BOX_TEXT], n[BOX_RECT], n[BOX_LINE], n[BOX_LINK]);
	}
}

/* Medians of every run: [0] wall, [1] CPU. */
struct times {
	int runs;
	double st[2][S_N][MAXRUNS], total[2][MAXRUNS], haru[2][MAXRUNS];
	double fsync_s, fonts_s;
};

static void
print_stages(const struct times *m, double tot[2])
{
	printf("\nbuild of notat + Bilag 1, in process, medians of %d runs\n", m->runs);
	printf("  %-10s %10s %10s %7s\n", "stage", "wall ms", "CPU ms", "% wall");
	for (int s = 0; s < S_N; s++) {
		double w = median(m->st[0][s], m->runs), c = median(m->st[1][s], m->runs);
		printf("  %-10s %10.2f %10.2f %6.1f%%\n", stage_name[s], w * 1e3, c * 1e3, 100 * w / tot[0]);
	}
	printf("  %-10s %10.2f %10.2f   (medians of the per-run totals)\n", "total", tot[0] * 1e3, tot[1] * 1e3);
}

static void
print_results(const struct times *m)
{
	double tot[2], base[2], pdf[2];
	for (int k = 0; k < 2; k++) {
		tot[k] = median(m->total[k], m->runs), base[k] = median(m->haru[k], m->runs);
		pdf[k] = median(m->st[k][S_PDF], m->runs);
	}
	print_stages(m, tot);
	printf("  libharu alone, same pages %8.2f %10.2f   (+ fsync of its two files, not included: %.2f ms wall)\n",
	    base[0] * 1e3, base[1] * 1e3, m->fsync_s * 1e3);
	printf("  of which libharu's fixed cost (the same faces, one glyph each, one page): %.2f ms wall\n",
	    m->fonts_s * 1e3);
	printf("pdf stage / libharu alone  %.2f wall, %.2f CPU\n", pdf[0] / base[0], pdf[1] / base[1]);
	printf("build / libharu alone      %.2f wall, %.2f CPU  (budget 2.00: %s)\n", tot[0] / base[0],
	    tot[1] / base[1], tot[0] / base[0] <= 2.0 ? "within" : "OVER");
	printf("pdflatex %.1f s (reference figure from the notes, not measured here) / build = %.1fx wall, "
	    "%.1fx CPU  (goal 50x: %s)\n", PDFLATEX_REF, PDFLATEX_REF / tot[0], PDFLATEX_REF / tot[1],
	    PDFLATEX_REF / tot[0] >= 50 ? "met" : "NOT met");
	printf("RESULT build total=%.5f total_cpu=%.5f", tot[0], tot[1]);
	for (int s = 0; s < S_N; s++)
		printf(" %s=%.5f", stage_name[s], median(m->st[0][s], m->runs));
	printf(" haru=%.5f haru_cpu=%.5f ratio_haru=%.3f ratio_haru_cpu=%.3f x_pdflatex=%.1f\n", base[0],
	    base[1], tot[0] / base[0], tot[1] / base[1], PDFLATEX_REF / tot[0]);
}

static void
time_program(const char *prog, const char *layout, const char *dir, int runs)
{
	double t[MAXRUNS], c[MAXRUNS], c0;
	char *out = xasprintf("%s/prog", dir);
	if (access(prog, X_OK) != 0 || exec_once(prog, layout, out, &c0) < 0) {
		printf("whole program: %s build did not run; skipped\n", prog);
		free(out);
		return;
	}
	for (int i = 0; i < runs; i++) { /* into a fresh directory each time: nothing is reused */
		util_rm_rf(out);
		t[i] = exec_once(prog, layout, out, &c[i]);
	}
	double m = median(t, runs), mc = median(c, runs);
	printf("whole program (%s build into an empty directory, fork+exec, median of %d): %.2f ms wall, "
	    "%.2f ms CPU (with the Bilag 1 writer)\n", prog, runs, m * 1e3, mc * 1e3);
	printf("pdflatex 2.7 s / whole program = %.1fx wall, %.1fx CPU\n", 2.7 / m, 2.7 / mc);
	printf("RESULT program total=%.5f cpu=%.5f\n", m, mc);
	free(out);
}

/* One timed plain-libharu write of both documents into run i's slot. */
static int
haru_timed(const struct run *k, const char *dir, struct times *m, int i)
{
	double t0 = now(), c0 = cpu();
	int rc = haru_both(k, dir);
	m->haru[0][i] = now() - t0, m->haru[1][i] = cpu() - c0;
	return rc;
}

/* A warm-up build (whose pages the baseline writes) and a warm-up baseline,
 * then RUNS builds, each followed by a baseline write, so that both see the
 * same machine load. */
static int
bench(const char *layout, const char *dir, struct times *m)
{
	double t[S_N], c[S_N];
	struct run keep = {0};
	int rc = build_once(layout, dir, t, c, &keep);
	if (rc == 0)
		rc = haru_both(&keep, dir);
	for (int i = 0; i < m->runs && rc == 0; i++) {
		rc = build_once(layout, dir, t, c, NULL);
		m->total[0][i] = m->total[1][i] = 0;
		for (int s = 0; s < S_N; s++) {
			m->st[0][s][i] = t[s], m->total[0][i] += t[s];
			m->st[1][s][i] = c[s], m->total[1][i] += c[s];
		}
		if (rc == 0)
			rc = haru_timed(&keep, dir, m, i);
	}
	m->fsync_s = fsync_cost(dir);
	m->fonts_s = fonts_only_cost(&keep, dir, m->runs);
	if (rc == 0) {
		print_docs(&keep);
		print_results(m);
	}
	box_doc_free(keep.notat);
	box_doc_free(keep.bilag);
	return rc;
}

int
main(int argc, char **argv)
{
	int runs = 10, a = 1;
	const char *prog = NULL;
	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (strcmp(argv[a], "-n") == 0)
			runs = atoi(argv[a + 1]);
		else if (strcmp(argv[a], "-x") == 0)
			prog = argv[a + 1];
	}
	if (a != argc - 1 || runs < 1 || runs > MAXRUNS) {
		fprintf(stderr, "usage: buildbench [-n RUNS] [-x PROGRAM] LAYOUT\n");
		return 2;
	}
	char tmpl[] = "/tmp/notat-buildbench.XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (dir == NULL) {
		perror("buildbench: mkdtemp");
		return 3;
	}
	static struct times m;
	m.runs = runs;
	int rc = bench(argv[a], dir, &m);
	if (rc == 0 && prog != NULL)
		time_program(prog, argv[a], dir, runs);
	util_rm_rf(dir);
	return rc;
}

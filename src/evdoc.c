/* evdoc.c: builds the doc from a computed layout; writes the audit trail, table CSVs and the stats dump. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "diag.h"
#include "evalint.h"
#include "lang.h"
#include "stat.h"

/* ---------- audit rows ---------- */

void
ev_audit_add(struct eval *e, const char *id, const char *printed, const char *value,
    const char *num, const char *den, const char *pop, const char *expr, struct pos at)
{
	xgrow(&e->audit, &e->audit_cap, e->naudit + 1, sizeof *e->audit);
	struct arow *r = &e->audit[e->naudit++];
	r->id = xstrdup(id);
	r->printed = xstrdup(printed);
	r->value = xstrdup(value ? value : "");
	r->num = xstrdup(num ? num : "");
	r->den = xstrdup(den ? den : "");
	r->pop = xstrdup(pop ? pop : "");
	r->expr = xstrdup(expr ? expr : "");
	r->pos = at;
	r->n = NULL;
	r->ci = NULL;
}

void
ev_audit_take_ci(struct eval *e, char *ci)
{
	if (e->naudit == 0) {
		free(ci);
		return;
	}
	free(e->audit[e->naudit - 1].ci);
	e->audit[e->naudit - 1].ci = ci;
}

void
ev_audit_set_n(struct eval *e, const char *n)
{
	if (e->naudit == 0)
		return;
	free(e->audit[e->naudit - 1].n);
	e->audit[e->naudit - 1].n = xstrdup(n);
}

char *
ev_wsum_text(const struct eval *e, wide w)
{
	int d = e->cb->weight >= 0 ? e->cb->vars[e->cb->weight].decimals : 0;
	wide m = 1, a = w < 0 ? -w : w;
	for (int i = 0; i < d; i++)
		m *= 10;
	char ip[48], *p = ip + sizeof ip;
	*--p = '\0';
	wide q = a / m;
	do
		*--p = (char)('0' + (int)(q % 10));
	while ((q /= 10) > 0);
	if (d == 0)
		return xasprintf("%s%s", w < 0 ? "-" : "", p);
	return xasprintf("%s%s.%0*ld", w < 0 ? "-" : "", p, d, (long)(a % m));
}

void
ev_audit_free(struct eval *e)
{
	for (size_t i = 0; i < e->naudit; i++) {
		struct arow *r = &e->audit[i];
		free(r->n), free(r->ci);
		free(r->id), free(r->printed), free(r->value), free(r->num);
		free(r->den), free(r->pop), free(r->expr);
	}
	free(e->audit);
}

/* ---------- inline text ---------- */

static char *
stat_id(const struct lay_inline *in)
{
	return in->id ? xstrdup(in->id) : xasprintf("auto-%d", in->seq + 1);
}

static void
check_assert(struct eval *e, const struct node *n, const char *text, struct pos at)
{
	if (n == NULL)
		return;
	if (n->v.kind != V_BOOL) {
		diag(M_LAY_TYPE, &at, "an assertion needs a condition");
		return;
	}
	if (!n->v.truth)
		diag(M_AGG_ASSERT, &at, text);
	(void)e;
}

static void
add_stat(struct eval *e, const struct lay_inline *in, struct doc_text *out)
{
	const struct node *n = e->item[in->seq];
	if (n == NULL)
		return;
	char *printed = ev_node_format(e, n, in->format, in->pos), *id = stat_id(in);
	free(e->printed[in->seq]);
	e->printed[in->seq] = xstrdup(printed);
	ev_node_audit(e, n, id, printed, in->text, in->pos);
	doc_text_add(out, RUN_TEXT, in->face, printed, in->pos);
	free(printed);
	free(id);
}

static void build_text(struct eval *e, struct doc *d, const struct lay_text *t, struct doc_text *out);

static void
add_note(struct eval *e, struct doc *d, const struct lay_inline *in, struct doc_text *out)
{
	char num[16];
	snprintf(num, sizeof num, "%d", in->number);
	doc_text_add(out, RUN_NOTE, DOC_REGULAR, num, in->pos);
	out->runs[out->n - 1].note = in->number;
	struct doc_note *dn = &d->notes[in->number - 1];
	dn->number = in->number;
	dn->label = in->label ? xstrdup(in->label) : NULL;
	dn->pos = in->pos;
	build_text(e, d, in->note, &dn->text);
}

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* "tabel 6 og 9": the word, then the compressed numbers; table numbers are links. */
static void
add_ref(struct eval *e, const struct lay_inline *in, struct doc_text *out)
{
	const struct lang *lg = lang_cur();
	const char *const word[] = {lg->figure, lg->table, lg->note};
	const char *const *plural = lg->ref_plural;
	int *nums = xcalloc(in->nref + 1, sizeof *nums);
	enum lay_label_kind kind = LL_TABLE;
	for (size_t i = 0; i < in->nref; i++) {
		const struct lay_label *l = lay_label_find(e->lay, in->ref[i]);
		nums[i] = l ? l->number : 0;
		kind = l ? l->kind : kind;
	}
	qsort(nums, in->nref, sizeof *nums, int_cmp);
	if (in->mode != REF_NUM) {
		const char *wd = in->nref > 1 ? plural[kind] : word[kind];
		char *lw = lang_lower(wd), *w;
		if (in->mode == REF_UPPER) {
			w = xasprintf("%s ", lw);
			w[0] = (char)toupper((unsigned char)w[0]); /* ASCII: every table's words start so */
		} else
			w = xasprintf("%s ", lw);
		free(lw);
		doc_text_add(out, RUN_TEXT, in->face, w, in->pos);
		free(w);
	}
	char *s = stat_fmt_refs(nums, in->nref);
	for (const char *p = s; *p;) {
		size_t k = strspn(p, "0123456789");
		int digits = k > 0;
		if (!digits)
			k = strcspn(p, "0123456789");
		char *piece = xstrndup(p, k);
		int link = digits && kind == LL_TABLE;
		doc_text_add(out, link ? RUN_LINK : RUN_TEXT, in->face, piece, in->pos);
		if (link)
			out->runs[out->n - 1].target = atoi(piece);
		free(piece);
		p += k;
	}
	free(s);
	free(nums);
}

/* s with each straight double quote made typographic: opening after the
 * start, a space or an opening bracket (prev is the character before s),
 * closing elsewhere. Caller frees. */
static char *
curl_quotes(const char *s, char prev)
{
	struct buf b = {0};
	for (; *s; prev = *s++) {
		if (*s != '"') {
			buf_putc(&b, *s);
			continue;
		}
		int open = prev == '\0' || prev == ' ' || prev == '(' || prev == '[';
		buf_puts(&b, open ? lang_cur()->quote_open : lang_cur()->quote_close);
	}
	return buf_take(&b);
}

/* Literal text; a '.' right after a number that ends in "pct." is dropped;
 * straight double quotes become typographic ones. */
static void
add_text(struct doc_text *out, const struct lay_inline *in)
{
	const char *s = in->text;
	char prev = '\0';
	if (out->n > 0) {
		const char *pt = out->runs[out->n - 1].text;
		size_t n = strlen(pt);
		prev = n > 0 ? pt[n - 1] : '\0';
	}
	if (s[0] == '.' && prev == '.')
		s++;
	if (*s) {
		char *c = curl_quotes(s, prev);
		doc_text_add(out, RUN_TEXT, in->face, c, in->pos);
		free(c);
	}
}

static void
build_text(struct eval *e, struct doc *d, const struct lay_text *t, struct doc_text *out)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct lay_inline *in = &t->v[i];
		switch (in->kind) {
		case LI_TEXT:
			add_text(out, in);
			break;
		case LI_STAT:
			add_stat(e, in, out);
			break;
		case LI_ASSERT:
			check_assert(e, e->item[in->seq], in->text, in->pos);
			break;
		case LI_NOTE:
			add_note(e, d, in, out);
			break;
		case LI_REF:
			add_ref(e, in, out);
			break;
		}
	}
}

/* A text property as a plain string (NULL when the layout gives none). */
static char *
plain_faces(struct eval *e, struct doc *d, const struct lay_text *t, char **faces)
{
	if (faces)
		*faces = NULL;
	if (t->n == 0)
		return NULL;
	struct doc_text dt = {0};
	build_text(e, d, t, &dt);
	char *s = doc_text_plain(&dt);
	if (faces)
		*faces = doc_text_faces(&dt);
	for (size_t i = 0; i < dt.n; i++)
		free(dt.runs[i].text);
	free(dt.runs);
	return s;
}

/* The plain text of t (its emphasis dropped: alt texts), or NULL when empty. */
static char *
plain(struct eval *e, struct doc *d, const struct lay_text *t)
{
	return plain_faces(e, d, t, NULL);
}

/* ---------- blocks ---------- */

static struct doc_figure *
build_figure(struct eval *e, struct doc *d, const struct lay_figure *lf)
{
	struct efig *f = &e->fig[lf->number - 1];
	struct doc_figure *r = ev_figure_copy(f->df);
	r->caption = plain_faces(e, d, &lf->caption, &r->caption_faces);
	r->note = plain_faces(e, d, &lf->note, &r->note_faces);
	r->source = plain_faces(e, d, &lf->source, &r->source_faces);
	r->alt = plain(e, d, &lf->alt);
	if (r->caption == NULL)
		r->caption = xstrdup("");
	ev_fig_audit(e, f);
	return r;
}

static char *
append_note(char *note, const char *add)
{
	if (note == NULL)
		return xstrdup(add);
	char *r = xasprintf("%s %s", note, add);
	free(note);
	return r;
}

static struct doc_table *
build_table(struct eval *e, struct doc *d, const struct lay_table *lt)
{
	struct etab *t = &e->tab[lt->number - 1];
	struct doc_table *r = ev_table_copy(t->dt);
	r->title = plain_faces(e, d, &lt->title, &r->title_faces);
	r->note = plain_faces(e, d, &lt->note, &r->note_faces);
	r->source = plain_faces(e, d, &lt->source, &r->source_faces);
	char *m;
	if (t->dashes) {
		m = lang_fill(lang_cur()->dash_note, e->o.min_base);
		r->note = append_note(r->note, m);
		free(m);
	}
	if (t->suppressed) {
		m = lang_fill(lang_cur()->below_note, e->o.min_base);
		r->note = append_note(r->note, m);
		free(m);
	}
	if ((m = ev_tab_sig_notes(e, t)) != NULL) {
		r->note = append_note(r->note, m);
		free(m);
	}
	ev_tab_audit(e, t);
	ev_tab_sig_audit(e, t);
	return r;
}

static void
build_block(struct eval *e, struct doc *d, const struct lay_block *lb, struct doc_block *b)
{
	b->pos = lb->pos;
	switch (lb->kind) {
	case LB_HEADING:
		b->kind = BLK_HEADING;
		b->level = lb->level;
		b->number = lb->number ? xstrdup(lb->number) : NULL;
		build_text(e, d, &lb->text, &b->text);
		break;
	case LB_PARA:
		b->kind = BLK_PARA;
		build_text(e, d, &lb->text, &b->text);
		break;
	case LB_FIGURE:
		b->kind = BLK_FIGURE;
		b->fig = build_figure(e, d, lb->fig);
		break;
	case LB_TABLE:
		b->kind = BLK_TABLE;
		b->tab = build_table(e, d, lb->tab);
		break;
	case LB_PAGEBREAK:
		b->kind = BLK_PAGEBREAK;
		break;
	case LB_ASSERT:
		break;
	}
}

static void
build_blocks(struct eval *e, struct doc *d, const struct lay_block *lb, size_t n, struct doc_block **out,
    size_t *nout)
{
	*out = xcalloc(n + 1, sizeof **out);
	*nout = 0;
	for (size_t i = 0; i < n; i++) {
		if (lb[i].kind == LB_ASSERT) {
			check_assert(e, e->item[lb[i].seq], lb[i].stat ? lb[i].stat->source : "", lb[i].pos);
			continue;
		}
		build_block(e, d, &lb[i], &(*out)[(*nout)++]);
	}
}

static char *
dup_or(const char *s, const char *dflt)
{
	return s ? xstrdup(s) : dflt ? xstrdup(dflt) : NULL;
}

struct doc *
ev_build_doc(struct eval *e)
{
	const struct lay_doc *l = e->lay;
	struct doc *d = doc_new();
	d->title = dup_or(l->title, "");
	d->kind = dup_or(l->kind, lang_cur()->kind);
	d->agency = dup_or(l->agency, NULL);
	d->author = dup_or(l->author, NULL);
	d->subject = dup_or(l->subject, NULL);
	d->keywords = dup_or(l->keywords, NULL);
	d->lang = xstrdup(lang_cur()->tag);
	d->colophon = dup_or(l->colophon, NULL);
	d->title_pos = l->title_pos, d->kind_pos = l->kind_pos, d->agency_pos = l->agency_pos;
	d->colophon_pos = l->colophon_pos, d->appendix_pos = l->appendix_pos;
	d->year = l->year, d->month = l->month, d->day = l->day;
	d->meta = xcalloc(l->nmeta + 1, sizeof *d->meta);
	for (size_t i = 0; i < l->nmeta; i++)
		d->meta[i] = (struct doc_meta){xstrdup(l->meta[i].key), xstrdup(l->meta[i].value)};
	d->nmeta = l->nmeta;
	d->notes = xcalloc((size_t)l->nnotes + 1, sizeof *d->notes);
	d->nnotes = (size_t)l->nnotes;
	build_blocks(e, d, l->body, l->nbody, &d->body, &d->nbody);
	d->appendix_title = dup_or(l->appendix_title, NULL);
	build_blocks(e, d, l->appendix, l->nappendix, &d->appendix, &d->nappendix);
	return d;
}

/* ---------- output files ---------- */

/* s with tabs and line ends as spaces (whole runs at a time: a per-byte
 * fputc took most of the audit's time) */
static void
put_field(FILE *f, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "\t\n\r");
		fwrite(s, 1, n, f);
		if (s[n] == '\0')
			return;
		fputc(' ', f);
		s += n + 1;
	}
}

int
eval_write_audit(const struct eval *e, const char *path)
{
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		diag(M_IO_WRITE, NULL, path, strerror(errno));
		return 3;
	}
	int w = e->cb->weight >= 0; /* weighted: weight sums, and the unweighted n last */
	fputs("id\tprinted\tvalue\tnumerator\tdenominator\tpopulation\texpression\tsource", f);
	fputs(w ? "\tn\tci95\n" : "\tci95\n", f);
	for (size_t i = 0; i < e->naudit; i++) {
		const struct arow *r = &e->audit[i];
		const char *cols[] = {r->id, r->printed, r->value, r->num, r->den, r->pop, r->expr};
		for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
			put_field(f, cols[k]);
			fputc('\t', f);
		}
		fprintf(f, "%s:%d:%d", r->pos.file ? r->pos.file : "", r->pos.line, r->pos.col);
		if (w)
			fprintf(f, "\t%s", r->n ? r->n : "");
		fprintf(f, "\t%s\n", r->ci ? r->ci : "");
	}
	if (fclose(f) != 0) {
		diag(M_IO_WRITE, NULL, path, strerror(errno));
		return 3;
	}
	return 0;
}

static void
csv_field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ";\"\n\r")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputc(last ? '\n' : ';', f);
}

/* The head of CSV column k of t: "GROUP SUB"; the change group's two columns
 * are its number and its mark ("Ændring 2023–2024 Pct.-point", "... Signifikant"). */
static char *
csv_head(const struct doc_table *t, size_t k)
{
	size_t g = k / 2;
	if (t->change_col && g + 1 == t->ngroups)
		return xasprintf("%s %s", t->group[g], k % 2 ? lang_cur()->sig_head : t->change_sub ? t->change_sub : "");
	return xasprintf("%s %s", t->group[g], t->sub[k % 2]);
}

/* Cell k of row r for the CSV: as printed, but the change group holds the change
 * as a number a spreadsheet reads ("-3": an ASCII minus, no plus, no mark), then
 * its mark. */
static char *
csv_cell(const struct doc_table *t, const struct doc_trow *r, size_t k)
{
	size_t g = k / 2;
	if (!t->change_col || g + 1 != t->ngroups)
		return xstrdup(r->cell[k]);
	const char *s = r->cell[2 * g + 1];
	size_t m = doc_cell_mark(t, s), n = strlen(s) - m;
	if (k % 2)
		return xstrdup(s + n);
	const char *minus = lang_cur()->table_minus, *plus = lang_cur()->plus;
	if (strncmp(s, minus, strlen(minus)) == 0 && n > strlen(minus))
		return xasprintf("-%.*s", (int)(n - strlen(minus)), s + strlen(minus));
	if (strncmp(s, plus, strlen(plus)) == 0 && n > strlen(plus))
		return xstrndup(s + strlen(plus), n - strlen(plus));
	return xstrndup(s, n);
}

static int
write_table_csv(const struct doc_table *t, const char *path, int bom)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	if (bom)
		fputs("\xEF\xBB\xBF", f); /* U+FEFF: spreadsheet programs then read UTF-8 */
	csv_field(f, "", t->ngroups == 0);
	for (size_t k = 0; k < 2 * t->ngroups; k++) {
		char *h = csv_head(t, k);
		csv_field(f, h, k + 1 == 2 * t->ngroups);
		free(h);
	}
	for (size_t i = 0; i < t->nrows; i++) {
		csv_field(f, t->rows[i].label, t->ngroups == 0);
		for (size_t c = 0; c < 2 * t->ngroups; c++) {
			char *v = csv_cell(t, &t->rows[i], c);
			csv_field(f, v, c + 1 == 2 * t->ngroups);
			free(v);
		}
	}
	return fclose(f) == 0 ? 0 : -1;
}

int
eval_write_tables_csv(const struct eval *e, const char *dir, int bom)
{
	char *word = lang_lower(lang_cur()->table); /* "tabel-01.csv", "table-01.csv" */
	for (int i = 0; i < e->lay->ntables; i++) {
		if (e->tab[i].dt == NULL)
			continue;
		char *path = xasprintf("%s/%s-%02d.csv", dir, word, e->tab[i].dt->number);
		int rc = write_table_csv(e->tab[i].dt, path, bom);
		if (rc < 0)
			diag(M_IO_WRITE, NULL, path, strerror(errno));
		free(path);
		if (rc < 0) {
			free(word);
			return 3;
		}
	}
	free(word);
	return 0;
}

static void
dump_items(const struct eval *e, const struct lay_text *t, FILE *f)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct lay_inline *in = &t->v[i];
		if ((in->kind == LI_STAT || in->kind == LI_ASSERT) && e->item[in->seq]) {
			char *id = stat_id(in);
			fprintf(f, "%s %s \"%s\" @%s:%d:%d\n", in->kind == LI_STAT ? "stat" : "assert", id,
			    e->printed[in->seq] ? e->printed[in->seq] : "", in->pos.file, in->pos.line, in->pos.col);
			ev_node_dump(e, e->item[in->seq], f, 2);
			free(id);
		}
		if (in->note)
			dump_items(e, in->note, f);
	}
}

static void
dump_blocks(const struct eval *e, const struct lay_block *b, size_t n, FILE *f)
{
	for (size_t i = 0; i < n; i++) {
		dump_items(e, &b[i].text, f);
		if (b[i].fig) {
			dump_items(e, &b[i].fig->caption, f);
			dump_items(e, &b[i].fig->note, f);
			dump_items(e, &b[i].fig->alt, f);
			fprintf(f, "figure %d: %zu bars\n", b[i].fig->number,
			    e->fig[b[i].fig->number - 1].df ? e->fig[b[i].fig->number - 1].df->chart.nbars : 0);
		}
		if (b[i].tab) {
			dump_items(e, &b[i].tab->title, f);
			dump_items(e, &b[i].tab->note, f);
			const struct etab *t = &e->tab[b[i].tab->number - 1];
			fprintf(f, "table %d: %zu rows x %zu columns\n", b[i].tab->number, t->nrow, t->ncol);
		}
		if (b[i].kind == LB_ASSERT && e->item[b[i].seq]) {
			fprintf(f, "assert @%s:%d:%d\n", b[i].pos.file, b[i].pos.line, b[i].pos.col);
			ev_node_dump(e, e->item[b[i].seq], f, 2);
		}
	}
}

void
eval_dump_stats(const struct eval *e, FILE *f)
{
	dump_blocks(e, e->lay->body, e->lay->nbody, f);
	dump_blocks(e, e->lay->appendix, e->lay->nappendix, f);
}

/* laydump.c: the stable text form of a parsed layout (--dump=layout). */
#include <stdio.h>

#include "layint.h"

static void
dump_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
dump_set(FILE *f, const struct lay_set *s)
{
	switch (s->kind) {
	case SET_LIST:
		fputc('{', f);
		for (size_t i = 0; i < s->nitem; i++)
			fprintf(f, "%s%s", i ? ", " : "", s->item[i]);
		fputc('}', f);
		break;
	case SET_BATTERY:
		fprintf(f, "battery(%s)", s->name);
		break;
	case SET_CODES:
		fprintf(f, "codes(%s)", s->name);
		break;
	case SET_NAMED:
		fputs(s->name, f);
		break;
	}
}

static void
dump_stat(FILE *f, const struct lay_stat *st)
{
	if (st == NULL) {
		fputs("(null)", f);
		return;
	}
	switch (st->kind) {
	case LS_NUM:
		fprintf(f, "%ld", st->num);
		return;
	case LS_WORD:
		fputs(st->word, f);
		return;
	case LS_NOT:
		fputs("not(", f);
		dump_stat(f, st->arg[0]);
		fputc(')', f);
		return;
	case LS_OP:
		fputc('(', f);
		dump_stat(f, st->arg[0]);
		fprintf(f, " %s ", lay_opname[st->op]);
		dump_stat(f, st->arg[1]);
		fputc(')', f);
		return;
	case LS_FOR:
		dump_stat(f, st->arg[0]);
		for (size_t i = 0; i < st->nloop; i++) {
			fprintf(f, " for %s in ", st->loop[i].var ? st->loop[i].var : "?");
			dump_set(f, &st->loop[i].set);
		}
		return;
	case LS_CALL:
		break;
	}
	fprintf(f, "%s(", lay_fn_name(st->fn));
	if (lay_fn_form(st->fn) != NOT_LEAF) {
		static const char *const part[] = {"var", "pop", "minus"};
		int sep = 0;
		for (int i = 0; i < 3; i++) {
			if (st->src[i].text == NULL)
				continue;
			fprintf(f, "%s%s=", sep++ ? ", " : "", i == 0 && lay_fn_form(st->fn) == LEAF_COND ? "cond" : part[i]);
			dump_str(f, st->src[i].text);
		}
		if (st->score)
			fprintf(f, ", score=%s", st->score);
		if (st->edition)
			fprintf(f, ", edition=%s", st->edition);
		if (st->fn == LF_NAMES)
			fprintf(f, ", order=%s", lay_order_name[st->order]);
	}
	for (size_t i = 0; i < st->narg; i++) {
		fputs(i ? ", " : "", f);
		dump_stat(f, st->arg[i]);
	}
	fputc(')', f);
}

static void dump_text(FILE *f, const struct lay_text *t, int ind);

static void
dump_inline(FILE *f, const struct lay_inline *in, int ind)
{
	static const char *const face[] = {"", " bold", " italic", " bolditalic"};
	fprintf(f, "%*s", ind, "");
	switch (in->kind) {
	case LI_TEXT:
		fprintf(f, "text%s ", face[in->face]);
		dump_str(f, in->text);
		break;
	case LI_STAT:
		fprintf(f, "stat %s%s ", in->id ? in->id : "-", face[in->face]);
		dump_stat(f, in->stat);
		if (in->format)
			fprintf(f, " as %s", in->format);
		break;
	case LI_ASSERT:
		fputs("assert ", f);
		dump_stat(f, in->stat);
		break;
	case LI_NOTE:
		fprintf(f, "note %d%s%s\n", in->number, in->label ? " #" : "", in->label ? in->label : "");
		dump_text(f, in->note, ind + 2);
		return;
	case LI_REF:
		fprintf(f, "ref%s %s", face[in->face], in->mode == REF_UPPER ? "upper" : in->mode == REF_NUM ? "num" : "lower");
		for (size_t k = 0; k < in->nref; k++)
			fprintf(f, " %s", in->ref[k]);
		break;
	}
	fprintf(f, " @%d:%d\n", in->pos.line, in->pos.col);
}

static void
dump_text(FILE *f, const struct lay_text *t, int ind)
{
	for (size_t i = 0; i < t->n; i++)
		dump_inline(f, &t->v[i], ind);
}

static void
dump_prop_text(FILE *f, const char *name, const struct lay_text *t)
{
	if (t->n == 0)
		return;
	fprintf(f, "    %s\n", name);
	dump_text(f, t, 6);
}

static void
dump_words(FILE *f, const char *name, char **v, size_t n)
{
	if (n == 0)
		return;
	fprintf(f, "    %s", name);
	for (size_t i = 0; i < n; i++)
		fprintf(f, " %s", v[i]);
	fputc('\n', f);
}

static void
dump_figure(FILE *f, const struct lay_figure *g)
{
	fprintf(f, "  figure %d %s %s%s\n", g->number, g->label ? g->label : "-",
	    lay_chart_name(g->type), g->narrow ? " narrow" : "");
	fputs("    show ", f);
	dump_set(f, &g->vars);
	if (g->by)
		fprintf(f, " by %s", g->by);
	fputs(" | ", f);
	dump_str(f, g->pop.text);
	fprintf(f, "%s\n", g->pct ? " values pct" : "");
	dump_words(f, "exclude", g->exclude, g->nexclude);
	if (g->axis)
		fprintf(f, "    axis %s\n", g->axis);
	if (g->bins)
		fprintf(f, "    bins %d\n", g->bins);
	if (g->binwidth)
		fprintf(f, "    binwidth %s\n", g->binwidth);
	dump_words(f, "share", g->share, g->nshare);
	dump_prop_text(f, "caption", &g->caption);
	dump_prop_text(f, "note", &g->note);
	dump_prop_text(f, "source", &g->source);
	dump_prop_text(f, "alt", &g->alt);
}

static void
dump_part(FILE *f, const struct lay_part *pt)
{
	static const char *const kind[] = {"codes", "items", "rows", "index", "summary", "texts"};
	fprintf(f, "    part %s", kind[pt->kind]);
	if (pt->head)
		fprintf(f, " head=\"%s\"", pt->head);
	if (pt->kind == TP_CODES || pt->kind == TP_SUMMARY || pt->kind == TP_TEXTS)
		fprintf(f, " %s", pt->var.text);
	else if (pt->kind != TP_ROWS) {
		fputc(' ', f);
		dump_set(f, &pt->set);
	}
	fputs(" | ", f);
	dump_str(f, pt->pop.text);
	if (pt->score)
		fprintf(f, " by %s", pt->score);
	fputc('\n', f);
	for (size_t k = 0; k < pt->nrow; k++) {
		fputs("      row ", f);
		dump_str(f, pt->row[k].label);
		fputc(' ', f);
		dump_str(f, pt->row[k].cond.text);
		fputc('\n', f);
	}
}

static void
dump_table(FILE *f, const struct lay_table *t)
{
	fprintf(f, "  table %d %s%s%s\n", t->number, t->label ? t->label : "-",
	    t->suppress ? " suppress" : "", t->total ? "" : " nototal");
	if (t->by)
		fprintf(f, "    by %s\n", t->by);
	dump_words(f, "columns", t->columns, t->ncolumns);
	dump_words(f, "exclude", t->exclude, t->nexclude);
	if (t->change)
		fprintf(f, "    change %s %s\n", t->change_new ? t->change_new : "(last)",
		    t->change_old ? t->change_old : "(previous)");
	if (t->mark > 0)
		fprintf(f, "    mark sig %g\n", t->mark);
	dump_prop_text(f, "title", &t->title);
	for (size_t i = 0; i < t->npart; i++)
		dump_part(f, &t->part[i]);
	dump_prop_text(f, "note", &t->note);
	dump_prop_text(f, "source", &t->source);
}

static void
dump_blocks(FILE *f, const struct lay_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (b[i].kind) {
		case LB_HEADING:
			fprintf(f, "  heading %d %s @%d\n", b[i].level, b[i].number ? b[i].number : "-", b[i].pos.line);
			dump_text(f, &b[i].text, 4);
			break;
		case LB_PARA:
			fprintf(f, "  para @%d\n", b[i].pos.line);
			dump_text(f, &b[i].text, 4);
			break;
		case LB_FIGURE:
			dump_figure(f, b[i].fig);
			break;
		case LB_TABLE:
			dump_table(f, b[i].tab);
			break;
		case LB_ASSERT:
			fputs("  assert ", f);
			dump_stat(f, b[i].stat);
			fprintf(f, " @%d\n", b[i].pos.line);
			break;
		case LB_PAGEBREAK:
			fputs("  pagebreak\n", f);
			break;
		}
	}
}

/* A `map` block: one line per rename, recode and same. */
static void
dump_map(FILE *f, const struct lay_map *m)
{
	static const char *const kind[] = {"rename", "recode", "same"};
	for (size_t j = 0; j < m->nitem; j++) {
		const struct lay_map_item *it = &m->item[j];
		fprintf(f, "map %s %s %s", m->label, kind[it->kind], it->var);
		if (it->to)
			fprintf(f, " %s", it->to);
		for (size_t q = 0; q < it->npair; q++)
			fprintf(f, "%s %s -> %s", q ? "," : "", it->pair[q].from, it->pair[q].to);
		fputc('\n', f);
	}
}

static void
dump_head(const struct lay_doc *d, FILE *f)
{
	const char *names[] = {"title", "kind", "agency", "author", "subject", "keywords", "lang", "colophon"};
	const char *vals[] = {d->title, d->kind, d->agency, d->author, d->subject, d->keywords, d->lang, d->colophon};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (vals[i]) {
			fprintf(f, "%s ", names[i]);
			dump_str(f, vals[i]);
			fputc('\n', f);
		}
	if (d->year)
		fprintf(f, "date %04d-%02d-%02d\n", d->year, d->month, d->day);
	for (size_t i = 0; i < d->nmeta; i++)
		fprintf(f, "meta \"%s\" \"%s\"\n", d->meta[i].key, d->meta[i].value);
	fprintf(f, "data \"%s\"\ncodebook \"%s\"\n", d->data ? d->data : "", d->codebook ? d->codebook : "");
	if (d->style != NULL) /* only when given: older dumps stay as they were */
		fprintf(f, "style \"%s\"\n", d->style);
	for (size_t i = 0; i < d->ned; i++) { /* editions only: none for `data PATH` */
		fprintf(f, "edition %s \"%s\"%s", d->ed[i].label, d->ed[i].path,
		    i == d->ed_default ? " default" : "");
		if (d->ed[i].codebook)
			fprintf(f, " codebook \"%s\"", d->ed[i].codebook);
		fputc('\n', f);
	}
	for (size_t i = 0; i < d->nmap; i++)
		dump_map(f, &d->map[i]);
	for (size_t i = 0; i < d->npop; i++)
		fprintf(f, "population %s = \"%s\"\n", d->pop[i].name, d->pop[i].src.text);
	for (size_t i = 0; i < d->nset; i++) {
		fprintf(f, "set %s = ", d->set[i].name);
		dump_set(f, &d->set[i].set);
		fputc('\n', f);
	}
	for (size_t i = 0; i < d->nscore; i++) {
		fprintf(f, "score %s =", d->score[i].name);
		for (size_t k = 0; k < d->score[i].n; k++)
			fprintf(f, " %s:%ld", d->score[i].e[k].key, d->score[i].e[k].weight);
		fputc('\n', f);
	}
}

void
lay_dump(const struct lay_doc *d, FILE *f)
{
	dump_head(d, f);
	fputs("body\n", f);
	dump_blocks(f, d->body, d->nbody);
	if (d->appendix_title || d->nappendix) {
		fputs("appendix ", f);
		dump_str(f, d->appendix_title);
		fputc('\n', f);
		dump_blocks(f, d->appendix, d->nappendix);
	}
	for (size_t i = 0; i < d->nlabel; i++) {
		static const char *const kind[] = {"figure", "table", "note"};
		fprintf(f, "label %s %s %d\n", d->label[i].name, kind[d->label[i].kind], d->label[i].number);
	}
}

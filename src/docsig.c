/* docsig.c: the fingerprint of the parts of a doc that Bilag 1 and the tables are made from (see docsig.h). */
#include "docsig.h"

#include <stdint.h>
#include <string.h>

/*
 * Every field of these structures is either hashed below or named here as
 * left out on purpose (positions; the body's prose). A new field changes the
 * size and stops the build here: hash it (or state why not), then update
 * the size. The sizes are those of LP64 (x86_64, aarch64).
 */
#if UINTPTR_MAX == UINT64_MAX && defined(__LP64__)
_Static_assert(sizeof(struct doc_run) == 40, "doc_run changed: update docsig.c");
_Static_assert(sizeof(struct doc_text) == 24, "doc_text changed: update docsig.c");
_Static_assert(sizeof(struct doc_chart) == 120, "doc_chart changed: update docsig.c");
_Static_assert(sizeof(struct doc_figure) == 216, "doc_figure changed: update docsig.c");
_Static_assert(sizeof(struct doc_trow) == 32, "doc_trow changed: update docsig.c");
_Static_assert(sizeof(struct doc_table) == 168, "doc_table changed: update docsig.c");
_Static_assert(sizeof(struct doc_block) == 72, "doc_block changed: update docsig.c");
_Static_assert(sizeof(struct doc_note) == 56, "doc_note changed: update docsig.c");
_Static_assert(sizeof(struct doc_meta) == 16, "doc_meta changed: update docsig.c");
_Static_assert(sizeof(struct doc) == 232, "doc changed: update docsig.c");
#endif

static void
h_str(struct mf_hasher *h, const char *s)
{
	mf_hasher_update(h, s ? "+" : "-", 1); /* NULL differs from "" */
	if (s)
		mf_hasher_update(h, s, strlen(s) + 1); /* with its NUL: no ambiguity */
}

static void
h_int(struct mf_hasher *h, long long v)
{
	mf_hasher_update(h, &v, sizeof v);
}

static void
h_dbl(struct mf_hasher *h, double v)
{
	mf_hasher_update(h, &v, sizeof v);
}

/* n strings of v (v may be NULL: then n absent strings, marked as such). */
static void
h_strs(struct mf_hasher *h, char *const *v, size_t n)
{
	h_int(h, v ? (long long)n : -1);
	for (size_t i = 0; v && i < n; i++)
		h_str(h, v[i]);
}

static void
h_text(struct mf_hasher *h, const struct doc_text *t)
{
	h_int(h, (long long)t->n);
	for (size_t i = 0; i < t->n; i++) {
		const struct doc_run *r = &t->runs[i];
		h_int(h, r->kind), h_int(h, r->face), h_int(h, r->note), h_int(h, r->target);
		h_str(h, r->text); /* r->pos: only for messages */
	}
}

static void
h_chart(struct mf_hasher *h, const struct doc_chart *c)
{
	h_int(h, c->type);
	h_strs(h, c->bar_label, c->nbars);
	h_strs(h, c->bar_short, c->nbars);
	for (size_t i = 0; c->bar_n && i < c->nbars; i++)
		h_int(h, c->bar_n[i]);
	h_strs(h, c->series_label, c->nseries);
	for (size_t i = 0; c->value && i < c->nbars * c->nseries; i++)
		h_dbl(h, c->value[i]);
	h_strs(h, c->value_text, c->nbars * c->nseries);
	h_str(h, c->axis_label);
	h_dbl(h, c->axis_max);
	for (size_t i = 0; c->series_n && i < c->nseries; i++)
		h_int(h, c->series_n[i]);
	h_str(h, c->x_label);
	h_strs(h, c->edge_text, c->edge_text ? c->nbars + 1 : 0);
	h_int(h, c->n_total);
}

static void
h_figure(struct mf_hasher *h, const struct doc_figure *f)
{
	h_int(h, f->number), h_int(h, f->narrow);
	h_str(h, f->label), h_str(h, f->caption), h_str(h, f->note), h_str(h, f->source), h_str(h, f->alt);
	h_str(h, f->caption_faces), h_str(h, f->note_faces), h_str(h, f->source_faces);
	h_chart(h, &f->chart); /* f->pos: only for messages */
}

static void
h_table(struct mf_hasher *h, const struct doc_table *t)
{
	h_int(h, t->number), h_int(h, t->index_col);
	h_str(h, t->label), h_str(h, t->title), h_str(h, t->note), h_str(h, t->source);
	h_str(h, t->title_faces), h_str(h, t->note_faces), h_str(h, t->source_faces);
	h_str(h, t->sub[0]), h_str(h, t->sub[1]);
	h_int(h, t->change_col);
	h_str(h, t->change_sub), h_str(h, t->mark), h_str(h, t->change_mark);
	h_strs(h, t->group, t->ngroups);
	h_strs(h, t->group_short, t->ngroups);
	h_int(h, (long long)t->nrows);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct doc_trow *r = &t->rows[i];
		h_int(h, r->kind);
		h_str(h, r->label);
		h_strs(h, r->cell, 2 * t->ngroups);
		h_int(h, r->value != NULL);
		for (size_t k = 0; r->value && k < 2 * t->ngroups; k++)
			h_dbl(h, r->value[k]);
	} /* t->pos: only for messages */
}

static void
h_block(struct mf_hasher *h, const struct doc_block *b)
{
	h_int(h, b->kind), h_int(h, b->level);
	h_str(h, b->number);
	h_text(h, &b->text);
	h_int(h, b->fig != NULL);
	if (b->fig)
		h_figure(h, b->fig);
	h_int(h, b->tab != NULL);
	if (b->tab)
		h_table(h, b->tab);
}

/* The footnotes the appendix's texts mark (they are set on its pages). */
static void
h_notes(struct mf_hasher *h, const struct doc *d)
{
	for (size_t b = 0; b < d->nappendix; b++) {
		const struct doc_text *t = &d->appendix[b].text;
		for (size_t i = 0; i < t->n; i++) {
			if (t->runs[i].kind != RUN_NOTE)
				continue;
			for (size_t k = 0; k < d->nnotes; k++)
				if (d->notes[k].number == t->runs[i].note) {
					h_int(h, d->notes[k].number);
					h_str(h, d->notes[k].label);
					h_text(h, &d->notes[k].text);
				}
		}
	}
}

void
docsig_bilag(struct mf_hasher *h, const struct doc *d)
{
	h_str(h, "docsig 1");
	h_str(h, d->title), h_str(h, d->kind), h_str(h, d->agency), h_str(h, d->author);
	h_str(h, d->subject), h_str(h, d->keywords), h_str(h, d->lang), h_str(h, d->colophon);
	h_str(h, d->appendix_title);
	h_int(h, d->year), h_int(h, d->month), h_int(h, d->day);
	h_int(h, (long long)d->nmeta);
	for (size_t i = 0; i < d->nmeta; i++)
		h_str(h, d->meta[i].key), h_str(h, d->meta[i].value);
	h_int(h, (long long)d->nappendix);
	for (size_t i = 0; i < d->nappendix; i++)
		h_block(h, &d->appendix[i]);
	h_notes(h, d);
	/* the body's tables: the workbook and the CSVs hold every table */
	for (size_t i = 0; i < d->nbody; i++)
		if (d->body[i].kind == BLK_TABLE && d->body[i].tab)
			h_table(h, d->body[i].tab);
	h_int(h, -2); /* end; the *_pos fields are only for messages */
}

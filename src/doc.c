/* doc.c: construction and destruction of the evaluated document (doc.h). */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

void
doc_text_add(struct doc_text *t, enum doc_run_kind kind, enum doc_face face,
    const char *text, struct pos pos)
{
	xgrow(&t->runs, &t->cap, t->n + 1, sizeof *t->runs);
	struct doc_run *r = &t->runs[t->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->face = face;
	r->text = xstrdup(text);
	r->pos = pos;
}

char *
doc_text_plain(const struct doc_text *t)
{
	struct buf b = {0};
	for (size_t i = 0; i < t->n; i++)
		buf_puts(&b, t->runs[i].text);
	return buf_take(&b);
}

char *
doc_text_faces(const struct doc_text *t)
{
	int any = 0;
	for (size_t i = 0; i < t->n; i++)
		any |= t->runs[i].face != DOC_REGULAR;
	if (!any)
		return NULL;
	struct buf b = {0};
	for (size_t i = 0; i < t->n; i++)
		for (size_t k = strlen(t->runs[i].text); k > 0; k--)
			buf_putc(&b, (char)('0' + t->runs[i].face));
	return buf_take(&b);
}

int
doc_face_at(const char *faces, size_t i)
{
	if (faces == NULL || i >= strlen(faces))
		return DOC_REGULAR;
	return (faces[i] - '0') & 3;
}

struct doc *
doc_new(void)
{
	return xcalloc(1, sizeof(struct doc));
}

static void
text_free(struct doc_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->runs[i].text);
	free(t->runs);
}

static void
strv_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
doc_figure_free(struct doc_figure *f)
{
	if (f == NULL)
		return;
	struct doc_chart *c = &f->chart;
	free(f->label);
	free(f->caption);
	free(f->note);
	free(f->source);
	free(f->alt);
	free(f->caption_faces);
	free(f->note_faces);
	free(f->source_faces);
	strv_free(c->bar_label, c->nbars);
	strv_free(c->bar_short, c->nbars);
	free(c->bar_n);
	strv_free(c->series_label, c->nseries);
	free(c->value);
	strv_free(c->value_text, c->nbars * c->nseries);
	free(c->axis_label);
	free(c->series_n);
	free(c->x_label);
	strv_free(c->edge_text, c->edge_text ? c->nbars + 1 : 0);
	free(f);
}

static void
table_free(struct doc_table *t)
{
	if (t == NULL)
		return;
	free(t->label);
	free(t->title);
	for (size_t i = 0; i < t->nrows; i++) {
		free(t->rows[i].label);
		strv_free(t->rows[i].cell, 2 * t->ngroups);
		free(t->rows[i].value);
	}
	free(t->rows);
	strv_free(t->group, t->ngroups);
	strv_free(t->group_short, t->ngroups);
	free(t->sub[0]);
	free(t->sub[1]);
	free(t->change_sub);
	free(t->mark);
	free(t->change_mark);
	free(t->note);
	free(t->source);
	free(t->title_faces);
	free(t->note_faces);
	free(t->source_faces);
	free(t);
}

const char *
doc_table_sub(const struct doc_table *t, size_t k)
{
	if (t->change_col && k / 2 + 1 == t->ngroups)
		return k % 2 && t->change_sub ? t->change_sub : "";
	return t->sub[k % 2] ? t->sub[k % 2] : "";
}

/* Whether s ends with the mark m; its length then, else 0. */
static size_t
ends_with(const char *s, const char *m)
{
	size_t n = strlen(s), k = m ? strlen(m) : 0;
	return k && n > k && strcmp(s + n - k, m) == 0 ? k : 0;
}

size_t
doc_cell_mark(const struct doc_table *t, const char *cell)
{
	size_t k = ends_with(cell, t->mark);
	return k ? k : ends_with(cell, t->change_mark);
}

static void
blocks_free(struct doc_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].number);
		text_free(&b[i].text);
		doc_figure_free(b[i].fig);
		table_free(b[i].tab);
	}
	free(b);
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	free(d->title);
	free(d->kind);
	free(d->agency);
	free(d->author);
	free(d->subject);
	free(d->keywords);
	free(d->lang);
	for (size_t i = 0; i < d->nmeta; i++) {
		free(d->meta[i].key);
		free(d->meta[i].value);
	}
	free(d->meta);
	free(d->colophon);
	blocks_free(d->body, d->nbody);
	for (size_t i = 0; i < d->nnotes; i++) {
		free(d->notes[i].label);
		text_free(&d->notes[i].text);
	}
	free(d->notes);
	free(d->appendix_title);
	blocks_free(d->appendix, d->nappendix);
	free(d);
}

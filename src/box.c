/* box.c: the laid-out pages (boxes, structure elements, outline) and their text dump. */
#include "box.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct box_doc *
box_doc_new(void)
{
	struct box_doc *bd = xcalloc(1, sizeof *bd);
	bd->page_w = BOX_A4_W, bd->page_h = BOX_A4_H;
	box_elem_add(bd, -1, "Document", NULL, NULL, NULL);
	return bd;
}

void
box_doc_free(struct box_doc *bd)
{
	if (bd == NULL)
		return;
	for (size_t p = 0; p < bd->npages; p++) {
		for (size_t i = 0; i < bd->pages[p].n; i++)
			free(bd->pages[p].box[i].text);
		free(bd->pages[p].box);
	}
	for (size_t i = 0; i < bd->nelems; i++) {
		free(bd->elems[i].type);
		free(bd->elems[i].alt);
		free(bd->elems[i].id);
		free(bd->elems[i].scope);
	}
	for (size_t i = 0; i < bd->noutline; i++)
		free(bd->outline[i].title);
	free(bd->pages);
	free(bd->elems);
	free(bd->outline);
	free(bd->images);
	free(bd);
}

int
box_page_add(struct box_doc *bd, int pagenum)
{
	xgrow(&bd->pages, &bd->capp, bd->npages + 1, sizeof *bd->pages);
	struct box_page *pg = &bd->pages[bd->npages];
	memset(pg, 0, sizeof *pg);
	pg->pagenum = pagenum;
	return (int)bd->npages++;
}

struct box *
box_add(struct box_doc *bd, int pg, const struct box *b)
{
	struct box_page *p = &bd->pages[pg];
	xgrow(&p->box, &p->cap, p->n + 1, sizeof *p->box);
	struct box *nb = &p->box[p->n++];
	*nb = *b;
	nb->text = b->text ? xstrdup(b->text) : NULL;
	return nb;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

int
box_elem_add(struct box_doc *bd, int parent, const char *type, const char *alt,
    const char *id, const char *scope)
{
	xgrow(&bd->elems, &bd->cape, bd->nelems + 1, sizeof *bd->elems);
	struct box_elem *e = &bd->elems[bd->nelems];
	e->parent = parent;
	e->type = xstrdup(type);
	e->alt = dup_or_null(alt);
	e->id = dup_or_null(id);
	e->scope = dup_or_null(scope);
	e->colspan = e->rowspan = 0;
	return (int)bd->nelems++;
}

int
box_image_add(struct box_doc *bd, const unsigned char *data, size_t len, int jpeg)
{
	xgrow(&bd->images, &bd->capi, bd->nimages + 1, sizeof *bd->images);
	bd->images[bd->nimages] = (struct box_image){data, len, jpeg};
	return (int)bd->nimages++;
}

void
box_outline_add(struct box_doc *bd, int level, const char *title, int page, double y)
{
	xgrow(&bd->outline, &bd->capo, bd->noutline + 1, sizeof *bd->outline);
	struct box_outline *o = &bd->outline[bd->noutline++];
	o->level = level;
	o->title = xstrdup(title);
	o->page = page;
	o->y = y;
}

/* A length rounded to 0.01 pt, without a "-0.00". */
static const char *
fmt_pt(char *buf, double v)
{
	snprintf(buf, 32, "%.2f", v);
	if (strcmp(buf, "-0.00") == 0)
		strcpy(buf, "0.00");
	return buf;
}

/* Writes s quoted, escaping quotes, backslashes and control characters. */
static void
put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\x%02X", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
dump_box(FILE *f, const struct box *b)
{
	static const char *const kind[] = {"text", "rect", "line", "link", "image"};
	char x[32], y[32], w[32], h[32];
	fprintf(f, "  %s %s %s %s %s e=%d", kind[b->kind], fmt_pt(x, b->x), fmt_pt(y, b->y),
	    fmt_pt(w, b->w), fmt_pt(h, b->h), b->elem);
	switch (b->kind) {
	case BOX_TEXT:
		fprintf(f, " f=%d s=%s #%06X ", b->face, fmt_pt(x, b->size), (unsigned)b->rgb);
		put_quoted(f, b->text);
		break;
	case BOX_RECT:
		fprintf(f, " #%06X", (unsigned)b->rgb);
		break;
	case BOX_LINE:
		fprintf(f, " lw=%s #%06X", fmt_pt(x, b->lw), (unsigned)b->rgb);
		break;
	case BOX_LINK:
		fprintf(f, " -> page %d y=%s", b->target_page, fmt_pt(x, b->target_y));
		break;
	case BOX_IMAGE:
		fprintf(f, " image=%d", b->image);
		break;
	}
	fputc('\n', f);
}

static void
dump_elem(FILE *f, const struct box_doc *bd, size_t i)
{
	const struct box_elem *e = &bd->elems[i];
	fprintf(f, "  %zu parent=%d %s", i, e->parent, e->type);
	if (e->id)
		fprintf(f, " id=%s", e->id);
	if (e->scope)
		fprintf(f, " scope=%s", e->scope);
	if (e->alt) {
		fputs(" alt=", f);
		put_quoted(f, e->alt);
	}
	fputc('\n', f);
}

void
box_dump(const struct box_doc *bd, void *file)
{
	FILE *f = file;
	char y[32], pw[32], ph[32];
	fprintf(f, "boxdoc pages=%zu elems=%zu outline=%zu\n", bd->npages, bd->nelems, bd->noutline);
	if (bd->page_w != BOX_A4_W || bd->page_h != BOX_A4_H) /* A4 dumps stay as they were */
		fprintf(f, "paper %s %s\n", fmt_pt(pw, bd->page_w), fmt_pt(ph, bd->page_h));
	for (size_t p = 0; p < bd->npages; p++) {
		fprintf(f, "page %zu num=%d boxes=%zu\n", p, bd->pages[p].pagenum, bd->pages[p].n);
		for (size_t i = 0; i < bd->pages[p].n; i++)
			dump_box(f, &bd->pages[p].box[i]);
	}
	fputs("elems\n", f);
	for (size_t i = 0; i < bd->nelems; i++)
		dump_elem(f, bd, i);
	fputs("outline\n", f);
	for (size_t i = 0; i < bd->noutline; i++) {
		const struct box_outline *o = &bd->outline[i];
		fprintf(f, "  %d page=%d y=%s ", o->level, o->page, fmt_pt(y, o->y));
		put_quoted(f, o->title);
		fputc('\n', f);
	}
}

/* tstext.c: the text primitives the page builder and the charts share (see tstext.h). */
#include "tstext.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "doc.h"
#include "util.h"

/* Where the figure or table being drawn was written in the layout: the
 * position of a missing glyph in its labels, cells and notes (which come
 * from the codebook and the data as well as the layout). */
static struct pos drawing_at;

void
ts_drawing_at(struct pos at)
{
	drawing_at = at;
}

int
ts_check_glyphs(const struct measure *m, int face, const char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0)
			return 1;
		if (cp != ' ' && !m->has_glyph(m->ctx, face, cp)) {
			diag(M_TS_NO_GLYPH, drawing_at.file ? &drawing_at : NULL, (unsigned)cp);
			return 1;
		}
		i += l;
	}
	return 0;
}

double
ts_width_of(const struct measure *m, int face, double size, const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return m->width(m->ctx, face, size, s, n);
}

double
ts_text(struct box_doc *bd, int pg, const struct measure *m, int face, double size,
    double x, double y, const char *s, int elem, uint32_t rgb)
{
	ts_check_glyphs(m, face, s);
	struct box b = {.kind = BOX_TEXT, .x = x, .y = y, .face = face, .size = size,
	    .text = (char *)s, .rgb = rgb, .elem = elem};
	b.w = ts_width_of(m, face, size, s);
	box_add(bd, pg, &b);
	return b.w;
}

static void
push_line(char ***lines, size_t *n, size_t *cap, struct buf *cur)
{
	xgrow(lines, cap, *n + 1, sizeof **lines);
	(*lines)[(*n)++] = buf_take(cur);
}

/* Greedy line breaking of s at width w (see ts_wrap). */
static size_t
greedy(const struct measure *m, int face, double size, const char *s, double w, char ***lines)
{
	size_t n = 0, cap = 0;
	struct buf cur = {0};
	*lines = NULL;
	while (*s) {
		size_t l = strcspn(s, " ");
		if (l > 0 && cur.len > 0) {
			char *try = xasprintf("%s %.*s", cur.s, (int)l, s);
			if (ts_width_of(m, face, size, try) > w)
				push_line(lines, &n, &cap, &cur);
			free(try);
		}
		if (l > 0) {
			if (cur.len > 0)
				buf_putc(&cur, ' ');
			buf_add(&cur, s, l);
		}
		s += l;
		s += strspn(s, " ");
	}
	if (cur.len > 0)
		push_line(lines, &n, &cap, &cur);
	buf_free(&cur);
	return n;
}

size_t
ts_wrap(const struct measure *m, int face, double size, const char *s, double w, char ***lines)
{
	size_t n = greedy(m, face, size, s, w, lines);
	/* A last line of one word: try a slightly narrower measure that keeps the line count. */
	for (int i = 1; i <= 12 && n >= 2 && strchr((*lines)[n - 1], ' ') == NULL; i++) {
		char **alt;
		size_t k = greedy(m, face, size, s, w * (1 - 0.025 * i), &alt);
		if (k == n && strchr(alt[k - 1], ' ') != NULL) {
			ts_wrap_free(*lines, n);
			*lines = alt;
			break;
		}
		ts_wrap_free(alt, k);
	}
	return n;
}

void
ts_wrap_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

char *
ts_prefixed(const char *prefix, const char *text)
{
	size_t n = strcspn(prefix, ":");
	if (strncmp(text, prefix, n) == 0)
		return xstrdup(text);
	return xasprintf("%s %s", prefix, text);
}

char *
ts_faces_after(size_t n, const char *faces)
{
	if (faces == NULL)
		return NULL;
	char *r = xmalloc(n + strlen(faces) + 1);
	memset(r, '0' + DOC_REGULAR, n);
	strcpy(r + n, faces);
	return r;
}

char *
ts_prefixed_faces(const char *prefix, const char *text, const char *faces)
{
	size_t n = strcspn(prefix, ":");
	if (faces == NULL || strncmp(text, prefix, n) == 0)
		return faces ? xstrdup(faces) : NULL;
	return ts_faces_after(strlen(prefix) + 1, faces);
}

/* Draws (bd not NULL) the run b in face at x, then empties b; returns its
 * width with its spaces, pt. */
static double
faced_run(struct box_doc *bd, int pg, const struct measure *m, int face, double size,
    double x, double y, struct buf *b, int elem, uint32_t rgb)
{
	if (b->len == 0)
		return 0;
	if (bd != NULL)
		ts_text(bd, pg, m, face, size, x, y, b->s, elem, rgb);
	double w = m->width(m->ctx, face, size, b->s, b->len);
	b->len = 0;
	b->s[0] = '\0';
	return w;
}

double
ts_text_faced(struct box_doc *bd, int pg, const struct measure *m, int face, double size,
    double x, double y, const char *line, const char *s, const char *faces, size_t *from,
    int elem, uint32_t rgb)
{
	size_t i = *from + strspn(s + *from, " "), n = strlen(s);
	struct buf b = {0};
	double x0 = x;
	int cur = face;
	for (size_t j = 0; line[j]; j++) {
		int f = cur;
		if (line[j] == ' ')
			i += strspn(s + i, " ");
		else if (i < n)
			f = face | doc_face_at(faces, i++);
		if (f != cur)
			x += faced_run(bd, pg, m, cur, size, x, y, &b, elem, rgb);
		cur = f;
		buf_putc(&b, line[j]);
	}
	x += faced_run(bd, pg, m, cur, size, x, y, &b, elem, rgb);
	buf_free(&b);
	*from = i;
	return x - x0;
}

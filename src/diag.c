/* diag.c: formats and counts diagnostics from the catalogue in diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static const struct {
	enum diag_level level;
	const char *fmt;
} catalogue[M__MAX] = {
#define X(id, lvl, fmt) {DL_##lvl, fmt},
	DIAG_MESSAGES
#undef X
};

static const char *const level_name[] = {"note", "warning", "error", "error"};

static enum diag_level worst;
static int nerrors;
static FILE *stream;

/* Writes s to f with every byte that could act on a terminal or forge a
 * message line escaped: control bytes (< 0x20, 0x7F) as \n, \t, \r or \xNN,
 * and bytes of invalid UTF-8 as \xNN. Text from the input (values, names,
 * file names) reaches the user only through here. */
static void
put_escaped(FILE *f, const char *s, size_t n)
{
	static const char named[] = {['\n'] = 'n', ['\t'] = 't', ['\r'] = 'r'};
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t l = c >= 0x80 ? utf8_decode(s + i, n - i, &cp) : 1;
		if (c >= 0x20 && c != 0x7F && l > 0) {
			fwrite(s + i, 1, l, f);
			i += l;
		} else if (c < sizeof named && named[c]) {
			fprintf(f, "\\%c", named[c]);
			i++;
		} else {
			fprintf(f, "\\x%02X", c);
			i++;
		}
	}
}

void
diag(enum diag_msg m, const struct pos *p, ...)
{
	FILE *f = stream ? stream : stderr;
	enum diag_level lvl = catalogue[m].level;
	struct buf b = {0};
	va_list ap;

	if (p != NULL && p->file != NULL) {
		if (p->line > 0 && p->col > 0)
			buf_printf(&b, "%s:%d:%d: ", p->file, p->line, p->col);
		else if (p->line > 0)
			buf_printf(&b, "%s:%d: ", p->file, p->line);
		else
			buf_printf(&b, "%s: ", p->file);
	} else {
		buf_puts(&b, "notat: ");
	}
	buf_printf(&b, "%s: ", level_name[lvl]);
	va_start(ap, p);
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, catalogue[m].fmt, aq);
	va_end(aq);
	if (n > 0) {
		size_t at = b.len;
		xgrow(&b.s, &b.cap, at + (size_t)n + 1, 1);
		vsnprintf(b.s + at, (size_t)n + 1, catalogue[m].fmt, ap);
		b.len = at + (size_t)n;
	}
	va_end(ap);
	put_escaped(f, b.s, b.len);
	fputc('\n', f);
	buf_free(&b);
	if (lvl > worst)
		worst = lvl;
	if (lvl >= DL_ERROR)
		nerrors++;
}

enum diag_level
diag_worst(void)
{
	return worst;
}

int
diag_exit_status(void)
{
	switch (worst) {
	case DL_FATAL:
		return 3;
	case DL_ERROR:
		return 1;
	default:
		return 0;
	}
}

int
diag_errors(void)
{
	return nerrors;
}

void
diag_reset(void)
{
	worst = DL_OK;
	nerrors = 0;
}

void
diag_set_stream(void *f)
{
	stream = f;
}

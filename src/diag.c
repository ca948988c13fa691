/* diag.c: formats and counts diagnostics from the catalogue in diag.h. */
#include "diag.h"

#include <stdarg.h>
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

void
diag(enum diag_msg m, const struct pos *p, ...)
{
	FILE *f = stream ? stream : stderr;
	enum diag_level lvl = catalogue[m].level;
	va_list ap;

	if (p != NULL && p->file != NULL) {
		if (p->line > 0 && p->col > 0)
			fprintf(f, "%s:%d:%d: ", p->file, p->line, p->col);
		else if (p->line > 0)
			fprintf(f, "%s:%d: ", p->file, p->line);
		else
			fprintf(f, "%s: ", p->file);
	} else {
		fputs("notat: ", f);
	}
	fprintf(f, "%s: ", level_name[lvl]);
	va_start(ap, p);
	vfprintf(f, catalogue[m].fmt, ap);
	va_end(ap);
	fputc('\n', f);
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

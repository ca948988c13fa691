/* srcin.h: reading a text source file (a layout or a codebook) into lines.
 *
 * Contract: the one place for the rules and limits every line-based reader
 * shares. A source file must be a regular file of at most SRCIN_MAX_FILE
 * bytes, valid UTF-8 without NUL bytes, and no line may be longer than
 * SRCIN_MAX_LINE bytes. A UTF-8 byte order mark at the start is skipped; a
 * line ends at LF, CRLF or a lone CR. The first violation is reported as a
 * FILE:LINE:COL error and nothing is returned.
 */
#ifndef NOTAT_SRCIN_H
#define NOTAT_SRCIN_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

enum {
	SRCIN_MAX_FILE = 16 << 20, /* bytes of a layout or codebook file (16 MiB) */
	SRCIN_MAX_LINE = 1 << 20   /* bytes of one line (1 MiB), line end excluded */
};

struct srcin {
	const char *path;      /* interned */
	char **line;           /* line i (0-based) is line i + 1 of the file, NUL-terminated */
	size_t nline;
	dev_t dev;             /* identity of the file (include cycles) */
	ino_t ino;
	char *buf;             /* the text; the lines point into it */
};

/* Reads path. Errors are reported through diag() at their position in the
 * file; failing to open it is reported at *from (the include statement) or,
 * when from is NULL, at the file itself. Returns NULL after an error.
 * Owned by the caller: srcin_free. */
struct srcin *srcin_read(const char *path, const struct pos *from);
/* Frees s; accepts NULL. */
void srcin_free(struct srcin *s);

#endif

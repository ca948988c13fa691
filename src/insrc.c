/* insrc.c: the response file as a source of rows: CSV or libreadstat, chosen by name and first bytes. */
#include "insrc.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "respin.h"
#include "rsread.h"

struct insrc {
	struct csv_reader *csv; /* one of the two */
	struct rsread *rs;
};

#define SNIFF 32 /* bytes looked at */

/* Reads up to SNIFF bytes of path into b if it is a regular file (a FIFO
 * must not lose bytes); the count, or 0. */
static size_t
sniff(const char *path, unsigned char *b)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	struct stat st;
	ssize_t k = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		k = read(fd, b, SNIFF);
	close(fd);
	return k > 0 ? (size_t)k : 0;
}

/* Is the name one of a spreadsheet? */
static int
spreadsheet_name(const char *path)
{
	static const char *const exts[] = {".xlsx", ".xlsm", ".xls", ".ods"};
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t k = strlen(exts[i]);
		if (n > k && strcasecmp(path + n - k, exts[i]) == 0)
			return 1;
	}
	return 0;
}

/* Is it a ZIP (xlsx, ods) or OLE2 (xls) container? */
static int
spreadsheet_bytes(const unsigned char *b, size_t n)
{
	return (n >= 4 && memcmp(b, "PK\3\4", 4) == 0) || (n >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0);
}

/* The format check: 0, or 1 after the error. */
static int
check_format(const char *path, enum rsread_kind by_name)
{
	unsigned char b[SNIFF];
	size_t n = sniff(path, b);
	struct pos p = {util_intern(path), 0, 0};
	if (spreadsheet_name(path) || spreadsheet_bytes(b, n)) {
		diag(M_IN_SPREADSHEET, &p);
		return 1;
	}
	enum rsread_kind by_bytes = rsread_kind_of_bytes(b, n);
	if (by_bytes != RSREAD_NONE && by_bytes != by_name) {
		diag(M_IN_WRONG_NAME, &p, rsread_kind_name(by_bytes), rsread_kind_name(by_name));
		return 1;
	}
	return 0;
}

struct insrc *
insrc_open(const struct resp_in *in, unsigned flags, int *status)
{
	enum rsread_kind kind = rsread_kind_of_name(in->path);
	*status = 1;
	if (check_format(in->path, kind) != 0)
		return NULL;
	struct insrc *s = xcalloc(1, sizeof *s);
	if (kind != RSREAD_NONE) {
		s->rs = rsread_new(in->path, kind, flags);
		return s;
	}
	s->csv = csv_reader_new(in->path, in->delim, flags);
	if (s->csv == NULL) {
		*status = 3;
		free(s);
		return NULL;
	}
	if (csv_reader_set_encoding(s->csv, in->encoding) != 0) {
		diag(M_CSV_UNKNOWN_ENCODING, &(struct pos){csv_reader_file(s->csv), 0, 0}, in->encoding);
		insrc_free(s);
		return NULL;
	}
	csv_reader_tap(s->csv, in->tap);
	return s;
}

int
insrc_run_fields(struct insrc *s, csv_row_fn on_header, csv_field_fn on_field,
    csv_row_fn on_row_end, void *ctx)
{
	if (s->rs != NULL)
		return rsread_run_fields(s->rs, on_header, on_field, on_row_end, ctx);
	return csv_reader_run_fields(s->csv, on_header, on_field, on_row_end, ctx);
}

int
insrc_run(struct insrc *s, csv_row_fn fn, void *ctx)
{
	return s->rs != NULL ? rsread_run(s->rs, fn, ctx) : csv_reader_run(s->csv, fn, ctx);
}

struct pos
insrc_pos(struct insrc *s, size_t i)
{
	return s->rs != NULL ? rsread_pos(s->rs, i) : csv_reader_pos(s->csv, i);
}

const char *
insrc_file(const struct insrc *s)
{
	return s->rs != NULL ? rsread_file(s->rs) : csv_reader_file(s->csv);
}

int
insrc_delim(const struct insrc *s)
{
	return s->csv != NULL ? csv_reader_delim(s->csv) : 0;
}

void
insrc_free(struct insrc *s)
{
	if (s == NULL)
		return;
	csv_reader_free(s->csv);
	rsread_free(s->rs);
	free(s);
}

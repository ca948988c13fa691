/* cbcmd.c: `notat codebook FILE`: a starter codebook from an SPSS, Stata or SAS file. */
#include "cbcmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cbgen.h"
#include "diag.h"
#include "rsread.h"
#include "util.h"

/* Writes text to path through path.tmp and a rename; 0 or 3 after diag. */
static int
write_file(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int ok = f != NULL && fputs(text, f) >= 0;
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok) {
		diag(M_IO_WRITE, NULL, path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : 3;
}

/* The file's name without directories, for the title. */
static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int
cbcmd_run(const char *data_path, const char *out_path)
{
	enum rsread_kind kind = rsread_kind_of_name(data_path);
	if (kind == RSREAD_NONE) {
		diag(M_CBGEN_NOT_STAT, &(struct pos){util_intern(data_path), 0, 0});
		return 1;
	}
	struct cbgen_col *cols;
	size_t n;
	int st = rsread_describe(data_path, kind, &cols, &n);
	if (st != 0)
		return st;
	char *source = xasprintf("%s (%s)", base_name(data_path), rsread_kind_name(kind));
	char *text = cbgen_write(base_name(data_path), source, cols, n);
	if (out_path != NULL)
		st = write_file(out_path, text);
	else if (fputs(text, stdout) < 0 || fflush(stdout) != 0)
		st = 3;
	free(text);
	free(source);
	cbgen_cols_free(cols, n);
	return st;
}

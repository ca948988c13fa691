/* support.c: helpers shared by the unit tests (fixture directories with .err files, captured diagnostics). */
#include "support.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n > k && strcmp(s + n - k, suf) == 0;
}

static void
check_one(const char *dir, const char *name, size_t suflen, support_bad_fn fn)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *errp = xasprintf("%.*s.err", (int)(strlen(path) - suflen), path);
	size_t len;
	char *want = util_slurp(errp, &len);
	ck_assert_msg(want != NULL, "missing %s", errp);
	fn(path, want);
	free(want);
	free(errp);
	free(path);
}

int
support_each_bad(const char *dir, const char *suffix, support_bad_fn fn)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		if (has_suffix(e->d_name, suffix)) {
			check_one(dir, e->d_name, strlen(suffix), fn);
			n++;
		}
	closedir(d);
	return n;
}

static FILE *cap;
static char *cap_text;
static size_t cap_len;

void
support_cap_begin(void)
{
	diag_reset();
	cap = open_memstream(&cap_text, &cap_len);
	diag_set_stream(cap);
}

char *
support_cap_end(void)
{
	diag_set_stream(NULL);
	fclose(cap);
	return cap_text;
}

char *
support_popen(const char *cmd, int *status)
{
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&b, chunk, n);
	*status = pclose(p);
	return b.s ? buf_take(&b) : xstrdup("");
}

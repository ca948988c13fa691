/* fuzz.c: shared helpers of the libFuzzer harnesses (fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

static char dir[64];
static char path[128];
static FILE *devnull;

static void
cleanup(void)
{
	util_rm_rf(dir);
}

void
fuzz_init(void)
{
	if (devnull != NULL)
		return;
	devnull = fopen("/dev/null", "w");
	diag_set_stream(devnull);
	setenv("NOTAT_SHARE", FUZZ_ROOT, 1);
	strcpy(dir, "/tmp/notat-fuzz.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	atexit(cleanup);
}

const char *
fuzz_dir(void)
{
	return dir;
}

const char *
fuzz_file(const char *name, const char *head, const uint8_t *data, size_t n, const char *tail)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL) {
		perror(path);
		abort();
	}
	if (head)
		fputs(head, f);
	if (n > 0)
		fwrite(data, 1, n, f);
	if (tail)
		fputs(tail, f);
	if (fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

void
fuzz_reset(void)
{
	diag_reset();
}

/* fuzz_build.c: libFuzzer harness for the whole build up to --dump=boxes (parse, aggregate,
 * evaluate, typeset) of a layout against the sample's codebook and responses: the input is
 * the body of a layout after a fixed head that names them; the sample's bilag1.lay lies
 * beside it, so `include bilag1.lay` works. */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>

#include "build.h"

static const char head[] =
	"data " FUZZ_SAMPLE "/svar.csv\n"
	"codebook " FUZZ_SAMPLE "/codebook.txt\n";

/* Copies the sample's bilag1.lay into the temporary directory. */
static void
copy_bilag(void)
{
	FILE *in = fopen(FUZZ_SAMPLE "/bilag1.lay", "rb");
	char path[160], b[4096];
	snprintf(path, sizeof path, "%s/bilag1.lay", fuzz_dir());
	FILE *out = fopen(path, "wb");
	size_t n;
	while (in && out && (n = fread(b, 1, sizeof b, in)) > 0)
		fwrite(b, 1, n, out);
	if (in)
		fclose(in);
	if (out)
		fclose(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[128];
	fuzz_init();
	if (out[0] == '\0') {
		snprintf(out, sizeof out, "%s/out", fuzz_dir());
		copy_bilag();
		if (freopen("/dev/null", "w", stdout) == NULL)
			return 0;
	}
	struct build_opts o;
	build_opts_init(&o);
	o.layout_path = fuzz_file("in.lay", head, data, size, "\n");
	o.out_dir = out;
	o.dump = DUMP_BOXES;
	build_run(&o);
	fflush(stdout);
	fuzz_reset();
	return 0;
}

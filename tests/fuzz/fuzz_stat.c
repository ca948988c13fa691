/* fuzz_stat.c: libFuzzer harness for the expression parser (expr.c) and the statistic parser
 * (laystat.c): the input is parsed as a population expression against the sample codebook,
 * then as the statistic of an `assert` statement of a layout. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "expr.h"
#include "layout.h"
#include "util.h"

static struct codebook *sample_cb;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_init();
	if (sample_cb == NULL)
		sample_cb = cb_load(FUZZ_SAMPLE "/codebook.txt");
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (sample_cb != NULL) {
		struct pos at = {"fuzz", 1, 1};
		struct expr *x = ex_parse(sample_cb, text, at, NULL, NULL);
		if (x != NULL) {
			struct buf b = {0};
			ex_print(x, sample_cb, &b);
			free(buf_take(&b));
		}
		ex_free(x);
	}
	free(text);
	const char *path = fuzz_file("stat.lay", "assert ", data, size, "\n");
	lay_free(lay_parse(path));
	fuzz_reset();
	return 0;
}

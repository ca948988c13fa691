/* fuzz_layout.c: libFuzzer harness for the layout parser (layout.c, laystat.c): the input is
 * a layout file, parsed and dumped (--dump=layout) without building. */
#include "fuzz.h"

#include <stdio.h>

#include "layout.h"

static FILE *sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_init();
	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	const char *path = fuzz_file("in.lay", NULL, data, size, NULL);
	struct lay_doc *d = lay_parse(path);
	if (d != NULL)
		lay_dump(d, sink);
	lay_free(d);
	fuzz_reset();
	return 0;
}

/* fuzz_style.c: libFuzzer harness for the house style reader (style.c): the first byte
 * chooses what the rest is: 0 a style file; 1 a logo (PNG or JPEG: libpng decodes it,
 * jpeg_check walks its markers); 2 a font file (the sfnt table directory and OS/2). */
#include "fuzz.h"

#include <stdio.h>

#include "style.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_init();
	if (size == 0)
		return 0;
	static const char *const style[] = {NULL, "logo logo.bin\nlogo-width 40\n", "font-bold font.bin\n"};
	static const char *const name[] = {"in.style", "logo.bin", "font.bin"};
	int kind = data[0] % 3;
	const char *path = fuzz_file(name[kind], NULL, data + 1, size - 1, NULL);
	if (kind != 0) {
		static char sp[4096];
		snprintf(sp, sizeof sp, "%s", fuzz_file("in.style", style[kind], NULL, 0, NULL));
		path = sp;
	}
	style_free(style_load(path, NULL));
	fuzz_reset();
	return 0;
}

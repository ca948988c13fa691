/* fuzz_cb.c: libFuzzer harness for the codebook reader (cb.c): the input is a codebook file. */
#include "fuzz.h"

#include "cb.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_init();
	const char *path = fuzz_file("codebook.txt", NULL, data, size, NULL);
	struct codebook *cb = cb_load(path);
	if (cb != NULL) {
		for (size_t i = 0; i < cb->nvars; i++)
			(void)cb_type_name(cb->vars[i].type);
		(void)cb_var_find(cb, "kommune");
	}
	cb_free(cb);
	fuzz_reset();
	return 0;
}

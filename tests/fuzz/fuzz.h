/* fuzz.h: shared helpers of the libFuzzer harnesses (tests/fuzz/README.md).
 *
 * Contract: every harness defines LLVMFuzzerTestOneInput and calls
 * fuzz_init once (silences diagnostics, points NOTAT_SHARE at the source
 * tree); inputs reach the readers through a per-process temporary file,
 * since every reader of notat takes a path. FUZZ_ROOT (the repository root)
 * comes from the Makefile.
 */
#ifndef NOTAT_FUZZ_H
#define NOTAT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif
#define FUZZ_SAMPLE FUZZ_ROOT "/layouts/brugerundersoegelse-2023"

/* Once per process: diagnostics to /dev/null, NOTAT_SHARE, temp directory. */
void fuzz_init(void);
/* Writes head (may be NULL), then n bytes of data, then tail (may be NULL)
 * to the temporary file called name (inside the process's temp directory)
 * and returns its path (static storage, valid until the next call). */
const char *fuzz_file(const char *name, const char *head, const uint8_t *data, size_t n, const char *tail);
/* The process's temporary directory (removed at exit). */
const char *fuzz_dir(void);
/* Forgets every diagnostic reported so far (between inputs). */
void fuzz_reset(void);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif

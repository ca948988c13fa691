/* mf.h: the build manifest: SHA-256 of every input and output, versions, options.
 *
 * Contract: a manifest is a plain text file that diffs well, one record per
 * line: `notat-manifest 2`, `version V`, `input ROLE SHA256 PATH`,
 * `output SHA256 NAME`, `lib NAME VERSION`, `option KEY VALUE`, and last the
 * trailer `end COUNT SHA256`: the number of lines above it and the SHA-256
 * of their bytes, so a manifest cut short or with lines removed or edited is
 * rejected by mf_read. Paths of inputs are as the build was given them
 * (relative to its working directory); output names are relative to the
 * manifest's own directory and never leave it (mf_name_ok). Every output
 * the build writes is listed. Hashes use nettle's SHA-256.
 */
#ifndef NOTAT_MF_H
#define NOTAT_MF_H

#include <stddef.h>

#include "util.h"

#define MF_HEX 65 /* 64 hex digits + NUL */
#define MF_FORMAT 2 /* 1 had no trailer */

struct mf_rec {
	char *kind;            /* "input", "output", "lib", "option" */
	char *key;             /* role, output name, lib name or option key */
	char *value;           /* hash (input/output), version or option value */
	char *path;            /* input: the path; else NULL */
	struct pos pos;        /* where it was read (mf_read), else no file */
};

struct mf {
	char *version;         /* notat version that wrote it */
	struct mf_rec *rec;
	size_t n, cap;
};

/* New empty manifest for notat version `version`; free with mf_free (accepts NULL). */
struct mf *mf_new(const char *version);
void mf_free(struct mf *m);
/* SHA-256 of a file as lowercase hex. Returns 0, or 3 after diag(M_IO_OPEN). */
int mf_hash_file(const char *path, char hex[MF_HEX]);
/* SHA-256 of what remains to read from fd (not closed): 0 or an errno value. */
int mf_hash_fd(int fd, char hex[MF_HEX]);
/* The same without diagnostics (safe on another thread): 0 or an errno value. */
int mf_hash_quiet(const char *path, char hex[MF_HEX]);
/* An incremental SHA-256 of a byte stream (e.g. a csv_tap): new, feed
 * bytes in order, then mf_hasher_hex. Owned by the caller; free with
 * mf_hasher_free (accepts NULL). */
struct mf_hasher *mf_hasher_new(void);
void mf_hasher_update(struct mf_hasher *h, const void *p, size_t n);
/* The digest of everything fed so far, as lowercase hex (h can go on). */
void mf_hasher_hex(const struct mf_hasher *h, char hex[MF_HEX]);
void mf_hasher_free(struct mf_hasher *h);
/* Records an input whose hash was computed already. */
void mf_add_input_hash(struct mf *m, const char *role, const char *path, const char *hex);
/* SHA-256 of a memory block as lowercase hex. */
void mf_hash_mem(const void *p, size_t n, char hex[MF_HEX]);
/* Hashes path and records it as an input with the given role. Returns 0 or 3. */
int mf_add_input(struct mf *m, const char *role, const char *path);
/* Records output `name` whose hash was computed already. */
void mf_add_output_hash(struct mf *m, const char *name, const char *hex);
/* Hashes file and records it as output `name`. Returns 0 or 3. */
int mf_add_output(struct mf *m, const char *name, const char *file);
/* Records a library version or a build option (copied). */
void mf_add(struct mf *m, const char *kind, const char *key, const char *value);
/* Finds the first record of kind with key, or NULL. */
const struct mf_rec *mf_find(const struct mf *m, const char *kind, const char *key);
/* 16 bytes derived from the SHA-256 of all input records: the PDF /ID. */
void mf_input_id(const struct mf *m, unsigned char id[16]);
/* Writes m to path (via a temporary file and rename). Returns 0 or 3. */
int mf_write(const struct mf *m, const char *path);
/* An output name stays inside its directory: relative, no empty, ".", ".."
 * or hidden component, no control character, not "manifest". */
int mf_name_ok(const char *name);
/* Reads a manifest, checking its format line, trailer (count and hash) and
 * every record; NULL after FILE:LINE:COL errors. */
struct mf *mf_read(const char *path);

#endif

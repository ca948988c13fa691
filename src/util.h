/* util.h: allocation wrappers, growable buffers, source positions, UTF-8 helpers. */
#ifndef NOTAT_UTIL_H
#define NOTAT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Units: every length in the layout and pdf stages is in PostScript points. */
#define PT_PER_MM (72.0 / 25.4)
#define MM(x) ((x) * PT_PER_MM) /* mm -> pt, the one conversion */

/* A position in an input file. `file` is interned (util_intern) and lives
 * until the program ends; line and col are 1-based, col counts code points. */
struct pos {
	const char *file;
	int line;
	int col;
};

/* Allocation: on failure these print "notat: out of memory" and exit(3),
 * so callers never check for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Formatted allocation; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Grow *arr (element size sz) so that it holds at least need elements. */
void xgrow(void *arrp, size_t *cap, size_t need, size_t sz);

/* Interned string: same bytes give the same pointer; never freed. */
const char *util_intern(const char *s);

/* Growable NUL-terminated byte buffer. Zero-initialise ({0}) before use. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the string to the caller (never NULL) and resets b. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* Decodes one UTF-8 code point at s (n bytes available). Returns its length
 * in bytes and stores the code point in *cp, or returns 0 for an invalid or
 * truncated sequence (overlongs and surrogates are invalid). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s, size_t n);
/* Byte offset of the first invalid sequence, or (size_t)-1 if s is valid. */
size_t utf8_invalid_at(const char *s, size_t n);

/* Opens an input file for reading. Only a regular file is accepted: the
 * open is non-blocking (a FIFO never hangs it), fstat checks the type, and
 * O_NONBLOCK is cleared again. Returns the descriptor (close-on-exec), or -1
 * with errno set: EISDIR for a directory, UTIL_EFIFO, UTIL_EDEVICE or
 * UTIL_ESPECIAL for other non-regular files, else the open's error. Every
 * reader of an input opens it here; report errno with util_strerror. */
int util_open_input(const char *path);
#define UTIL_EFIFO 10001     /* errno values of util_open_input, beyond the system's */
#define UTIL_EDEVICE 10002
#define UTIL_ESPECIAL 10003
/* strerror that also names util_open_input's own values ("not a regular
 * file (a FIFO)"); the string is static. */
const char *util_strerror(int err);

/* Big-endian unsigned integers at p (2 and 4 bytes): the fields of binary
 * file headers (ICC profiles, font tables, PNG and JPEG markers). */
unsigned util_be16(const unsigned char *p);
unsigned long util_be32(const unsigned char *p);
/* Whether s equals one of v[0..n). */
int util_str_in(const char *s, char *const *v, size_t n);

/* Reads a whole regular file (util_open_input) into memory; returns NULL and
 * sets errno on failure. *len receives the length. Caller frees. */
char *util_slurp(const char *path, size_t *len);

/* Removes a file or a whole directory tree; a missing path is fine. Never
 * follows a symbolic link (a symlink is removed itself, never its target),
 * never crosses into another file system, and stops 32 levels down, so
 * nothing outside the tree named is touched. Best effort: what cannot be
 * removed stays. */
void util_rm_rf(const char *path);
/* The same for the entry `name` of the open directory dirfd (or AT_FDCWD). */
void util_rm_rf_at(int dirfd, const char *name);

#endif

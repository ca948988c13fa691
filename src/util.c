/* util.c: allocation wrappers, growable buffers, interning and UTF-8 helpers. */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
oom(void)
{
	fputs("notat: out of memory\n", stderr);
	exit(3);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		oom();
	return q;
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Appends formatted text to b (the one vsnprintf of this file). */
static void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		oom();
	xgrow(&b->s, &b->cap, b->len + (size_t)n + 1, 1);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_take(&b);
}

void
xgrow(void *arrp, size_t *cap, size_t need, size_t sz)
{
	void **arr = arrp;
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	*arr = xrealloc(*arr, c * sz);
	*cap = c;
}

/* Interning: a small open-addressing table; few distinct strings (file names). */
static struct {
	const char **slot;
	size_t cap, n;
} itab;

static size_t
hash_str(const char *s)
{
	size_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* Slot for s: where it is, or the empty slot where it belongs. */
static size_t
intern_slot(const char *s)
{
	size_t i = hash_str(s) & (itab.cap - 1);
	while (itab.slot[i] && strcmp(itab.slot[i], s) != 0)
		i = (i + 1) & (itab.cap - 1);
	return i;
}

/* Doubles the table, moving the stored pointers (never copying strings). */
static void
intern_grow(void)
{
	size_t oc = itab.cap;
	const char **old = itab.slot;
	itab.cap = oc ? oc * 2 : 64;
	itab.slot = xcalloc(itab.cap, sizeof *itab.slot);
	for (size_t i = 0; i < oc; i++)
		if (old[i])
			itab.slot[intern_slot(old[i])] = old[i];
	free(old);
}

const char *
util_intern(const char *s)
{
	if (itab.n * 2 >= itab.cap)
		intern_grow();
	size_t i = intern_slot(s);
	if (itab.slot[i])
		return itab.slot[i];
	itab.slot[i] = xstrdup(s);
	itab.n++;
	return itab.slot[i];
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	xgrow(&b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;
	buf_add(b, &ch, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t
utf8_len(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

size_t
utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0)
			return i;
		i += l;
	}
	return (size_t)-1;
}

int
util_open_input(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	int err = 0, fl;
	if (fstat(fd, &st) != 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else if (S_ISFIFO(st.st_mode))
		err = UTIL_EFIFO;
	else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		err = UTIL_EDEVICE;
	else if (!S_ISREG(st.st_mode))
		err = UTIL_ESPECIAL;
	else if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0)
		err = errno;
	if (err != 0) {
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

const char *
util_strerror(int err)
{
	switch (err) {
	case UTIL_EFIFO: return "not a regular file (a FIFO)";
	case UTIL_EDEVICE: return "not a regular file (a device)";
	case UTIL_ESPECIAL: return "not a regular file";
	case EISDIR: return "not a regular file (a directory)";
	default: return strerror(err);
	}
}

char *
util_slurp(const char *path, size_t *len)
{
	int fd = util_open_input(path);
	if (fd < 0)
		return NULL;
	struct buf b = {0};
	char tmp[65536];
	ssize_t n;
	int err = 0;
	for (;;) {
		n = read(fd, tmp, sizeof tmp);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : 0;
			break;
		}
		buf_add(&b, tmp, (size_t)n);
	}
	close(fd);
	if (err) {
		buf_free(&b);
		errno = err;
		return NULL;
	}
	*len = b.len;
	return buf_take(&b);
}

/*
 * Removal never follows a symbolic link and never leaves the tree it was
 * given: each directory is opened relative to its parent with O_NOFOLLOW and
 * O_DIRECTORY, checked to be the inode fstatat saw and on the same device as
 * the top, and its entries are removed with unlinkat. A symlink is removed
 * itself, never its target. RM_DEPTH bounds the recursion (and the open
 * descriptors); deeper directories are left in place.
 */
#define RM_DEPTH 32

static void rm_entry_at(int dfd, const char *name, dev_t dev, int depth);

/* Removes every entry of the open directory fd (consumed). */
static void
rm_contents(int fd, dev_t dev, int depth)
{
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			rm_entry_at(dirfd(d), e->d_name, dev, depth);
	closedir(d);
}

static void
rm_entry_at(int dfd, const char *name, dev_t dev, int depth)
{
	struct stat st, st2;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(dfd, name, 0);
		return;
	}
	if (st.st_dev != dev || depth <= 0)
		return; /* another file system mounted here, or too deep: not ours */
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st2) != 0 || st2.st_ino != st.st_ino || st2.st_dev != st.st_dev) {
		close(fd); /* replaced between the two looks: leave it */
		return;
	}
	rm_contents(fd, dev, depth - 1);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

void
util_rm_rf_at(int dirfd, const char *name)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		rm_entry_at(dirfd, name, st.st_dev, RM_DEPTH);
}

void
util_rm_rf(const char *path)
{
	util_rm_rf_at(AT_FDCWD, path);
}

unsigned
util_be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

unsigned long
util_be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

int
util_str_in(const char *s, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* srcin.c: reads a layout or codebook file into lines under the limits of srcin.h. */
#include "srcin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"

/* Position of byte off of a line that starts at ls and is line number line. */
static struct pos
at(const struct srcin *s, int line, const char *ls, size_t off)
{
	return (struct pos){s->path, line, 1 + (int)utf8_len(ls, off)};
}

static void
open_error(const char *path, const struct pos *from)
{
	if (from) {
		char *m = xasprintf("%s: %s", path, strerror(errno));
		diag(M_IO_OPEN, from, m);
		free(m);
	} else {
		struct pos p = {util_intern(path), 0, 0};
		diag(M_IO_OPEN, &p, strerror(errno));
	}
}

/* Reads at most SRCIN_MAX_FILE + 1 bytes of fd into s->buf; *len gets the count. */
static int
read_bounded(int fd, struct srcin *s, size_t *len)
{
	size_t cap = 65536, n = 0;
	s->buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap > SRCIN_MAX_FILE)
				break;
			cap = cap * 2 > (size_t)SRCIN_MAX_FILE + 1 ? (size_t)SRCIN_MAX_FILE + 1 : cap * 2;
			s->buf = xrealloc(s->buf, cap + 1);
		}
		ssize_t r = read(fd, s->buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	s->buf[n] = '\0';
	*len = n;
	return 0;
}

/* Opens path, checks that it is a regular file and reads it (bounded). */
static int
load(struct srcin *s, const char *path, const struct pos *from, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		open_error(path, from);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = 0;
	if (!S_ISREG(st.st_mode)) {
		struct pos p = from ? *from : (struct pos){s->path, 0, 0};
		diag(M_SRC_NOT_FILE, &p, path);
		rc = -1;
	} else if (read_bounded(fd, s, len) != 0) {
		struct pos p = {s->path, 0, 0};
		diag(M_IO_READ, &p, strerror(errno));
		rc = -1;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	close(fd);
	return rc;
}

static void
push_line(struct srcin *s, size_t *cap, char *l)
{
	xgrow(&s->line, cap, s->nline + 1, sizeof *s->line);
	s->line[s->nline++] = l;
}

/* Splits t[0..n) into lines in place, checking NUL bytes and line lengths.
 * Linear in n. */
static int
split(struct srcin *s, char *t, size_t n)
{
	size_t cap = 0;
	char *ls = t;
	int line = 1;
	for (char *q = t; q <= t + n; q++) {
		if ((size_t)(q - ls) > SRCIN_MAX_LINE) {
			struct pos p = at(s, line, ls, SRCIN_MAX_LINE);
			diag(M_SRC_LONG_LINE, &p, SRCIN_MAX_LINE >> 20);
			return -1;
		}
		if (q == t + n) {
			if (q > ls)
				push_line(s, &cap, ls);
			break;
		}
		if (*q == '\0') {
			struct pos p = at(s, line, ls, (size_t)(q - ls));
			diag(M_SRC_NUL, &p);
			return -1;
		}
		if (*q != '\n' && *q != '\r')
			continue;
		int crlf = *q == '\r' && q + 1 < t + n && q[1] == '\n';
		*q = '\0';
		push_line(s, &cap, ls);
		q += crlf;
		ls = q + 1;
		line++;
	}
	return 0;
}

/* The position of byte off of t (line ends as in split). Linear in off. */
static struct pos
pos_of(const struct srcin *s, const char *t, size_t off)
{
	const char *ls = t;
	int line = 1;
	for (const char *q = t; q < t + off; q++)
		if (*q == '\n' || (*q == '\r' && q[1] != '\n')) /* t is NUL-terminated */
			line++, ls = q + 1;
	return at(s, line, ls, (size_t)(t + off - ls));
}

/* Checks the whole text t[0..len): size, UTF-8, then NUL bytes and lines. */
static int
check_split(struct srcin *s, char *t, size_t len)
{
	if (len > SRCIN_MAX_FILE) {
		struct pos p = pos_of(s, t, SRCIN_MAX_FILE);
		diag(M_SRC_TOO_BIG, &p, SRCIN_MAX_FILE >> 20);
		return -1;
	}
	size_t bad = utf8_invalid_at(t, len);
	if (bad != (size_t)-1) {
		struct pos p = pos_of(s, t, bad);
		diag(M_CSV_BAD_UTF8, &p, (unsigned)(unsigned char)t[bad]);
		return -1;
	}
	return split(s, t, len);
}

struct srcin *
srcin_read(const char *path, const struct pos *from)
{
	struct srcin *s = xcalloc(1, sizeof *s);
	s->path = util_intern(path);
	size_t len = 0;
	if (load(s, path, from, &len) != 0) {
		srcin_free(s);
		return NULL;
	}
	char *t = s->buf;
	if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		t += 3, len -= 3;
	if (check_split(s, t, len) != 0) {
		srcin_free(s);
		return NULL;
	}
	return s;
}

void
srcin_free(struct srcin *s)
{
	if (s == NULL)
		return;
	free(s->line);
	free(s->buf);
	free(s);
}

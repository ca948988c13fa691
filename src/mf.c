/* mf.c: writes, reads and hashes build manifests (SHA-256 via nettle). */
#include "mf.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

struct mf *
mf_new(const char *version)
{
	struct mf *m = xcalloc(1, sizeof *m);
	m->version = xstrdup(version);
	return m;
}

void
mf_free(struct mf *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->rec[i].kind);
		free(m->rec[i].key);
		free(m->rec[i].value);
		free(m->rec[i].path);
	}
	free(m->rec);
	free(m->version);
	free(m);
}

static void
to_hex(const unsigned char *d, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * n] = '\0';
}

void
mf_hash_mem(const void *p, size_t n, char hex[MF_HEX])
{
	struct sha256_ctx c;
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, n, p);
	sha256_digest(&c, sizeof d, d);
	to_hex(d, sizeof d, hex);
}

struct mf_hasher {
	struct sha256_ctx c;
};

struct mf_hasher *
mf_hasher_new(void)
{
	struct mf_hasher *h = xmalloc(sizeof *h);
	sha256_init(&h->c);
	return h;
}

void
mf_hasher_update(struct mf_hasher *h, const void *p, size_t n)
{
	if (n > 0)
		sha256_update(&h->c, n, p);
}

void
mf_hasher_hex(const struct mf_hasher *h, char hex[MF_HEX])
{
	struct sha256_ctx c = h->c; /* sha256_digest resets its context */
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_digest(&c, sizeof d, d);
	to_hex(d, sizeof d, hex);
}

void
mf_hasher_free(struct mf_hasher *h)
{
	free(h);
}

int
mf_hash_fd(int fd, char hex[MF_HEX])
{
	struct sha256_ctx c;
	unsigned char buf[65536], d[SHA256_DIGEST_SIZE];
	ssize_t k;
	sha256_init(&c);
	while ((k = read(fd, buf, sizeof buf)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return errno;
		sha256_update(&c, (size_t)k, buf);
	}
	sha256_digest(&c, sizeof d, d);
	to_hex(d, sizeof d, hex);
	return 0;
}

int
mf_hash_quiet(const char *path, char hex[MF_HEX])
{
	int fd = util_open_input(path); /* a FIFO or device would never end */
	if (fd < 0)
		return errno ? errno : ENOENT;
	int err = mf_hash_fd(fd, hex);
	close(fd);
	return err;
}

int
mf_hash_file(const char *path, char hex[MF_HEX])
{
	int err = mf_hash_quiet(path, hex);
	if (err != 0) {
		struct pos p = {util_intern(path), 0, 0};
		diag(M_IO_OPEN, &p, util_strerror(err));
		return 3;
	}
	return 0;
}

static struct mf_rec *
add_rec(struct mf *m, const char *kind, const char *key, const char *value, const char *path)
{
	xgrow(&m->rec, &m->cap, m->n + 1, sizeof *m->rec);
	struct mf_rec *r = &m->rec[m->n++];
	memset(r, 0, sizeof *r);
	r->kind = xstrdup(kind);
	r->key = xstrdup(key);
	r->value = xstrdup(value);
	r->path = path ? xstrdup(path) : NULL;
	return r;
}

int
mf_add_input(struct mf *m, const char *role, const char *path)
{
	char hex[MF_HEX];
	if (mf_hash_file(path, hex) != 0)
		return 3;
	add_rec(m, "input", role, hex, path);
	return 0;
}

void
mf_add_input_hash(struct mf *m, const char *role, const char *path, const char *hex)
{
	add_rec(m, "input", role, hex, path);
}

int
mf_add_output(struct mf *m, const char *name, const char *file)
{
	char hex[MF_HEX];
	if (mf_hash_file(file, hex) != 0)
		return 3;
	add_rec(m, "output", name, hex, NULL);
	return 0;
}

void
mf_add_output_hash(struct mf *m, const char *name, const char *hex)
{
	add_rec(m, "output", name, hex, NULL);
}

void
mf_add(struct mf *m, const char *kind, const char *key, const char *value)
{
	add_rec(m, kind, key, value, NULL);
}

const struct mf_rec *
mf_find(const struct mf *m, const char *kind, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->rec[i].kind, kind) == 0 && strcmp(m->rec[i].key, key) == 0)
			return &m->rec[i];
	return NULL;
}

void
mf_input_id(const struct mf *m, unsigned char id[16])
{
	struct sha256_ctx c;
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->rec[i].kind, "input") != 0)
			continue;
		sha256_update(&c, strlen(m->rec[i].key) + 1, (const unsigned char *)m->rec[i].key);
		sha256_update(&c, strlen(m->rec[i].value) + 1, (const unsigned char *)m->rec[i].value);
	}
	sha256_digest(&c, sizeof d, d);
	memcpy(id, d, 16);
}

static void
write_rec(struct buf *b, const struct mf_rec *r)
{
	if (r->path != NULL)
		buf_printf(b, "%s %s %s %s\n", r->kind, r->key, r->value, r->path);
	else if (strcmp(r->kind, "output") == 0)
		buf_printf(b, "%s %s %s\n", r->kind, r->value, r->key);
	else
		buf_printf(b, "%s %s %s\n", r->kind, r->key, r->value);
}

int
mf_write(const struct mf *m, const char *path)
{
	struct buf b = {0};
	char hex[MF_HEX];
	buf_printf(&b, "notat-manifest %d\nversion %s\n", MF_FORMAT, m->version);
	for (size_t i = 0; i < m->n; i++)
		write_rec(&b, &m->rec[i]);
	mf_hash_mem(b.s, b.len, hex);
	buf_printf(&b, "end %zu %s\n", m->n + 2, hex);
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int bad = f == NULL;
	if (f != NULL) {
		fwrite(b.s, 1, b.len, f);
		bad = ferror(f) | (fclose(f) != 0);
	}
	if (bad || rename(tmp, path) != 0) {
		diag(M_IO_WRITE, NULL, path, strerror(errno));
		remove(tmp);
	}
	free(tmp);
	buf_free(&b);
	return bad ? 3 : 0;
}

/* Splits line into at most 4 space-separated words (the 4th takes the rest). */
static int
split_words(char *line, char *w[4])
{
	int n = 0;
	char *p = line;
	while (*p && n < 4) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w[n++] = p;
		if (n == 4)
			break;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int
is_hex64(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == 64 && s[n] == '\0';
}

int
mf_name_ok(const char *name)
{
	if (*name == '\0' || *name == '/' || strlen(name) > 255)
		return 0;
	for (const char *c = name; *c;) {
		size_t k = strcspn(c, "/");
		if (k == 0 || c[0] == '.' || (k == 8 && strncmp(c, "manifest", 8) == 0))
			return 0; /* empty, dot-named (., .., hidden) or the manifest itself */
		for (size_t i = 0; i < k; i++)
			if ((unsigned char)c[i] < 0x20)
				return 0;
		c += k;
		if (*c == '/' && *++c == '\0')
			return 0;
	}
	return 1;
}

/* One record line; 0, or 1 after a positioned message. */
static int
parse_line(struct mf *m, char *line, struct pos p)
{
	char *w[4] = {0};
	int n = split_words(line, w);
	const char *why = NULL;
	struct mf_rec *r = NULL;
	if (n == 0)
		why = "an empty line";
	else if (strcmp(w[0], "version") == 0 && n == 2) {
		free(m->version);
		m->version = xstrdup(w[1]);
		return 0;
	} else if (strcmp(w[0], "input") == 0) {
		if (n != 4 || !is_hex64(w[2]))
			why = "expected \"input ROLE SHA256 PATH\"";
		else
			r = add_rec(m, "input", w[1], w[2], w[3]);
	} else if (strcmp(w[0], "output") == 0) {
		if (n != 3 || !is_hex64(w[1]))
			why = "expected \"output SHA256 NAME\"";
		else if (!mf_name_ok(w[2])) {
			diag(M_VERIFY_NAME, &p, w[2]);
			return 1;
		} else {
			const struct mf_rec *d = mf_find(m, "output", w[2]);
			if (d != NULL) {
				diag(M_VERIFY_DUP, &p, w[2], d->pos.line);
				return 1;
			}
			r = add_rec(m, "output", w[2], w[1], NULL);
		}
	} else if ((strcmp(w[0], "lib") == 0 || strcmp(w[0], "option") == 0) && n >= 2 && n <= 3)
		r = add_rec(m, w[0], w[1], n >= 3 ? w[2] : "", NULL);
	else
		why = "unknown record";
	if (r == NULL) {
		diag(M_VERIFY_LINE, &p, why);
		return 1;
	}
	r->pos = p;
	return 0;
}

/* Checks the first line and the trailer `end COUNT SHA256` (the count of
 * lines above it and the hash of their bytes). *body_end receives the
 * offset where the trailer starts. 0, or 1 after a message. */
static int
check_frame(const char *path, const char *text, size_t len, size_t *body_end)
{
	const char *file = util_intern(path);
	char head[32];
	snprintf(head, sizeof head, "notat-manifest %d\n", MF_FORMAT);
	if (strlen(text) != len || strncmp(text, head, strlen(head)) != 0) {
		struct pos p = {file, 1, 1};
		if (strlen(text) != len)
			diag(M_VERIFY_NUL, &p, MF_FORMAT);
		else
			diag(M_VERIFY_FORMAT, &p, MF_FORMAT, MF_FORMAT);
		return 1;
	}
	size_t lines = 0, start = 0; /* start: offset of the last line */
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n') {
			lines++;
			if (i + 1 < len)
				start = i + 1;
		}
	struct pos p = {file, (int)lines, 1};
	unsigned long long count;
	char hex[MF_HEX], want[MF_HEX];
	int k = -1;
	if (len == 0 || text[len - 1] != '\n' || sscanf(text + start, "end %llu %64[0-9a-f]%n", &count, want, &k) != 2
	    || start + (size_t)k + 1 != len) {
		p.line = (int)lines + (len > 0 && text[len - 1] != '\n');
		diag(M_VERIFY_NO_TRAILER, &p);
		return 1;
	}
	if (count != lines - 1) {
		diag(M_VERIFY_COUNT, &p, count, (unsigned long long)(lines - 1));
		return 1;
	}
	mf_hash_mem(text, start, hex);
	if (strcmp(hex, want) != 0) {
		diag(M_VERIFY_HASH, &p);
		return 1;
	}
	*body_end = start;
	return 0;
}

struct mf *
mf_read(const char *path)
{
	size_t len, end;
	char *text = util_slurp(path, &len);
	if (text == NULL) {
		struct pos p = {util_intern(path), 0, 0};
		diag(M_IO_OPEN, &p, util_strerror(errno));
		return NULL;
	}
	if (check_frame(path, text, len, &end) != 0) {
		free(text);
		return NULL;
	}
	text[end] = '\0';
	struct mf *m = mf_new("?");
	int bad = 0, line = 2;
	char *s = strchr(text, '\n') + 1; /* after the first line, checked */
	for (char *e; *s; s = e, line++) {
		e = strchr(s, '\n');
		*e++ = '\0';
		struct pos p = {util_intern(path), line, 1};
		bad |= parse_line(m, s, p);
	}
	free(text);
	if (bad) {
		mf_free(m);
		return NULL;
	}
	return m;
}

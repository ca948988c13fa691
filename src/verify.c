/* verify.c: `notat verify MANIFEST`: checks a complete manifest, the files
 * beside it and a rebuild from its recorded inputs, hash by hash. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"
#include "mf.h"
#include "pub.h"
#include "util.h"

#define LIST_DEPTH 4 /* directory levels of an output set looked into */

/* Names of the files of a directory tree, relative to its top. */
struct names {
	char **v;
	size_t n, cap;
};

static void
names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

static int
names_has(const struct names *ns, const char *s)
{
	return util_str_in(s, ns->v, ns->n);
}

/* Collects every non-directory entry under dir (prefix + name), never
 * following a symlink; directories deeper than depth are listed as names. */
static void
list_files(int dir, const char *prefix, int depth, struct names *out)
{
	int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *name = xasprintf("%s%s", prefix, e->d_name);
		struct stat st;
		int sub = -1;
		if (depth > 0 && fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
			sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0) {
			char *p = xasprintf("%s/", name);
			list_files(sub, p, depth - 1, out);
			free(p);
			close(sub);
			free(name);
			continue;
		}
		xgrow(&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = name;
	}
	if (d != NULL)
		closedir(d);
	else if (fd >= 0)
		close(fd);
}

/* Opens the output `name` (mf_name_ok) under dir, following no symlink on
 * the way and accepting only a regular file; -1 with errno otherwise. */
static int
open_confined(int dir, const char *name)
{
	char *copy = xstrdup(name), *comp = copy, *slash;
	int cur = dir, fd = -1;
	while ((slash = strchr(comp, '/')) != NULL) {
		*slash = '\0';
		int next = openat(cur, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cur != dir)
			close(cur);
		if (next < 0)
			goto out;
		cur = next;
		comp = slash + 1;
	}
	fd = openat(cur, comp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		int err = S_ISDIR(st.st_mode) ? EISDIR : UTIL_ESPECIAL;
		close(fd);
		fd = -1;
		errno = err;
	}
	if (cur != dir)
		close(cur);
out:
	free(copy);
	return fd;
}

static const char *
open_reason(int err)
{
	return err == ENOENT ? "missing" : err == ELOOP ? "a symbolic link (not followed)" : util_strerror(err);
}

/* Hashes the output `name` under dir into hex: 0, or an errno value. */
static int
hash_confined(int dir, const char *name, char hex[MF_HEX])
{
	int fd = open_confined(dir, name);
	if (fd < 0)
		return errno;
	int err = mf_hash_fd(fd, hex);
	close(fd);
	return err;
}

/* Every input must be readable as a regular file before a rebuild is tried;
 * 0, or 1 after a message at each input's manifest line. */
static int
check_inputs_readable(const struct mf *m)
{
	int bad = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct mf_rec *r = &m->rec[i];
		char hex[MF_HEX];
		int err;
		if (strcmp(r->kind, "input") != 0 || (err = mf_hash_quiet(r->path, hex)) == 0)
			continue;
		diag(M_VERIFY_INPUT, &r->pos, r->key, r->path, util_strerror(err));
		bad = 1;
	}
	return bad;
}

/* Compares each recorded input with the file now at its path. */
static int
check_inputs(const struct mf *m)
{
	int bad = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct mf_rec *r = &m->rec[i];
		char hex[MF_HEX];
		if (strcmp(r->kind, "input") != 0)
			continue;
		int err = mf_hash_quiet(r->path, hex);
		if (err != 0) {
			diag(M_VERIFY_INPUT, &r->pos, r->key, r->path, util_strerror(err));
			bad = 1;
			continue;
		}
		if (strcmp(hex, r->value) != 0) {
			char *what = xasprintf("input %s (%s)", r->key, r->path);
			diag(M_VERIFY_DIFF, &r->pos, what);
			free(what);
			bad = 1;
		}
	}
	return bad;
}

/* The manifest's options as build options; strings point into m. */
static void
opts_from(const struct mf *m, struct build_opts *o, const char *out)
{
	const struct mf_rec *r;
	build_opts_init(o);
	o->out_dir = out;
	if ((r = mf_find(m, "input", "layout")) != NULL)
		o->layout_path = r->path;
	if ((r = mf_find(m, "input", "responses")) != NULL)
		o->data_path = r->path;
	if ((r = mf_find(m, "option", "fonts")) != NULL)
		o->font_dir = r->value;
	if ((r = mf_find(m, "option", "style")) != NULL)
		o->style_path = r->value;
	if ((r = mf_find(m, "option", "combined")) != NULL)
		o->combined = strcmp(r->value, "1") == 0;
	if ((r = mf_find(m, "option", "pdfa")) != NULL)
		o->pdfa = strcmp(r->value, "1") == 0;
	if ((r = mf_find(m, "option", "delim")) != NULL)
		o->delim = strcmp(r->value, "semicolon") == 0 ? ';' : strcmp(r->value, "comma") == 0 ? ','
		    : strcmp(r->value, "tab") == 0 ? '\t' : 0;
	if ((r = mf_find(m, "option", "encoding")) != NULL)
		o->encoding = r->value;
	if ((r = mf_find(m, "option", "min-base")) != NULL)
		o->min_base = atoi(r->value);
	if ((r = mf_find(m, "option", "csv-bom")) != NULL)
		o->csv_bom = strcmp(r->value, "no") != 0;
	r = mf_find(m, "option", "source-date-epoch");
	if (r != NULL && strcmp(r->value, "unset") != 0)
		setenv("SOURCE_DATE_EPOCH", r->value, 1);
	else
		unsetenv("SOURCE_DATE_EPOCH");
}

/* Loads audit.tsv rows: key = first column, whole line kept. */
struct rows {
	char **line;
	size_t n, cap;
};

static void
rows_load(const char *path, struct rows *rs)
{
	size_t len;
	char *text = util_slurp(path, &len);
	if (text == NULL)
		return;
	for (char *s = text, *e; *s; s = e) {
		e = strchr(s, '\n');
		e = e ? (*e = '\0', e + 1) : s + strlen(s);
		xgrow(&rs->line, &rs->cap, rs->n + 1, sizeof *rs->line);
		rs->line[rs->n++] = xstrdup(s);
	}
	free(text);
}

static void
rows_free(struct rows *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->line[i]);
	free(rs->line);
}

static const char *
rows_find(const struct rows *rs, const char *line)
{
	size_t k = strcspn(line, "\t");
	for (size_t i = 0; i < rs->n; i++)
		if (strncmp(rs->line[i], line, k) == 0 && rs->line[i][k] == '\t')
			return rs->line[i];
	return NULL;
}

/* Prints the audit rows whose printed number or value changed. */
static void
report_audit(const char *old_path, const char *new_path)
{
	struct rows o = {0}, n = {0};
	rows_load(old_path, &o);
	rows_load(new_path, &n);
	for (size_t i = 1; i < n.n; i++) {
		const char *was = rows_find(&o, n.line[i]);
		if (was == NULL)
			printf("audit: new row: %s\n", n.line[i]);
		else if (strcmp(was, n.line[i]) != 0)
			printf("audit: changed:\n  - %s\n  + %s\n", was, n.line[i]);
	}
	for (size_t i = 1; i < o.n; i++)
		if (rows_find(&n, o.line[i]) == NULL)
			printf("audit: row gone: %s\n", o.line[i]);
	rows_free(&o);
	rows_free(&n);
}

/* Compares each listed output with the file of that name under dir (the
 * rebuild, or the build directory beside the manifest: published != 0),
 * and the files under dir with the list: nothing missing, nothing extra. */
static int
check_outputs(const struct mf *m, int dir, int published, const char *mdir, const char *rebuilt)
{
	int bad = 0;
	struct names have = {0}, listed = {0};
	list_files(dir, "", LIST_DEPTH, &have);
	for (size_t i = 0; i < m->n; i++) {
		const struct mf_rec *r = &m->rec[i];
		char hex[MF_HEX];
		if (strcmp(r->kind, "output") != 0)
			continue;
		xgrow(&listed.v, &listed.cap, listed.n + 1, sizeof *listed.v);
		listed.v[listed.n++] = xstrdup(r->key);
		int err = hash_confined(dir, r->key, hex);
		if (err != 0) {
			if (published)
				diag(M_VERIFY_PUBLISHED, &r->pos, r->key, open_reason(err));
			else
				diag(err == ENOENT ? M_VERIFY_NOT_BUILT : M_VERIFY_PUBLISHED, &r->pos, r->key, open_reason(err));
			bad = 1;
		} else if (strcmp(hex, r->value) != 0) {
			char *what = published ? xasprintf("output %s in the build directory", r->key)
			    : xasprintf("output %s", r->key);
			diag(M_VERIFY_DIFF, &r->pos, what);
			free(what);
			bad = 1;
			if (!published && strcmp(r->key, "audit.tsv") == 0) {
				char *old = xasprintf("%s/audit.tsv", mdir), *now = xasprintf("%s/audit.tsv", rebuilt);
				report_audit(old, now);
				free(old);
				free(now);
			}
		}
	}
	for (size_t i = 0; i < have.n; i++) {
		if (names_has(&listed, have.v[i]) || strcmp(have.v[i], "manifest") == 0)
			continue;
		struct pos p = {NULL, 0, 0};
		char *what = published ? xasprintf("%s/%s", mdir, have.v[i]) : NULL;
		if (published)
			diag(M_VERIFY_EXTRA, &p, what);
		else
			diag(M_VERIFY_UNLISTED, &p, have.v[i]);
		free(what);
		bad = 1;
	}
	names_free(&have);
	names_free(&listed);
	return bad;
}

/* The directory the manifest really lives in (symlinks resolved), or NULL. */
static char *
real_dir(const char *manifest_path)
{
	char buf[PATH_MAX];
	if (realpath(manifest_path, buf) == NULL)
		return NULL;
	char *slash = strrchr(buf, '/');
	return slash == buf ? xstrdup("/") : xstrndup(buf, (size_t)(slash - buf));
}

static int
open_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		diag(M_IO_OPEN, &(struct pos){util_intern(path), 0, 0}, util_strerror(errno));
	return fd;
}

/* Rebuilds into a fresh temporary directory and compares; 0, 1 or the
 * rebuild's status. */
static int
rebuild_and_compare(const struct mf *m, const char *mdir)
{
	char tmpl[] = "/tmp/notat-verify-XXXXXX";
	if (mkdtemp(tmpl) == NULL) {
		diag(M_IO_WRITE, NULL, tmpl, strerror(errno));
		return 3;
	}
	pub_guard_add(tmpl);
	struct build_opts o;
	opts_from(m, &o, tmpl);
	int st = build_run(&o); /* before any verify message: it returns the worst level */
	int bad = check_inputs(m);
	char *rebuilt = xasprintf("%s/.notat/current", tmpl);
	int dir = st == 0 ? open_dir(rebuilt) : -1;
	if (dir >= 0) {
		bad |= check_outputs(m, dir, 0, mdir, rebuilt);
		close(dir);
	} else if (st == 0) {
		st = 3;
	}
	free(rebuilt);
	util_rm_rf(tmpl);
	pub_guard_drop(tmpl);
	return st ? st : bad;
}

int
build_verify(const char *manifest_path)
{
	struct mf *m = mf_read(manifest_path);
	if (m == NULL)
		return diag_exit_status() ? diag_exit_status() : 1;
	const char *need[] = {"layout", "codebook"};
	for (size_t i = 0; i < sizeof need / sizeof *need; i++)
		if (mf_find(m, "input", need[i]) == NULL) {
			char *what = xasprintf("input %s", need[i]);
			diag(M_VERIFY_NO_RECORD, &(struct pos){util_intern(manifest_path), 0, 0}, what);
			free(what);
			mf_free(m);
			return 1;
		}
	char *mdir = real_dir(manifest_path);
	int st = mdir ? check_inputs_readable(m) : 3;
	if (st == 0)
		st = rebuild_and_compare(m, mdir);
	int dir = st == 0 || st == 1 ? open_dir(mdir) : -1;
	if (dir >= 0) {
		st |= check_outputs(m, dir, 1, mdir, NULL);
		close(dir);
	}
	free(mdir);
	mf_free(m);
	if (st != 0)
		return st == 3 ? 3 : 1;
	printf("verify: all inputs and outputs match %s\n", manifest_path);
	return 0;
}

/* verify.c: `notat verify MANIFEST`: rebuild from recorded inputs and compare hashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"
#include "mf.h"
#include "util.h"

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
		if (mf_hash_file(r->path, hex) != 0) {
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

/* Compares each recorded output with the rebuilt one in dir. */
static int
check_outputs(const struct mf *m, const char *dir, const char *mdir)
{
	int bad = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct mf_rec *r = &m->rec[i];
		char hex[MF_HEX];
		if (strcmp(r->kind, "output") != 0)
			continue;
		char *p = xasprintf("%s/%s", dir, r->key);
		if (mf_hash_file(p, hex) != 0 || strcmp(hex, r->value) != 0) {
			char *what = xasprintf("output %s", r->key);
			diag(M_VERIFY_DIFF, &r->pos, what);
			free(what);
			bad = 1;
			if (strcmp(r->key, "audit.tsv") == 0) {
				char *old = xasprintf("%s/audit.tsv", mdir);
				report_audit(old, p);
				free(old);
			}
		}
		free(p);
	}
	return bad;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

int
build_verify(const char *manifest_path)
{
	struct mf *m = mf_read(manifest_path);
	if (m == NULL)
		return diag_exit_status() ? diag_exit_status() : 1;
	if (mf_find(m, "input", "layout") == NULL) {
		struct pos p = {util_intern(manifest_path), 0, 0};
		diag(M_VERIFY_NO_RECORD, &p, "input layout");
		mf_free(m);
		return 1;
	}
	char tmpl[] = "/tmp/notat-verify-XXXXXX";
	if (mkdtemp(tmpl) == NULL) {
		diag(M_IO_WRITE, NULL, tmpl, "mkdtemp failed");
		mf_free(m);
		return 3;
	}
	struct build_opts o;
	opts_from(m, &o, tmpl);
	int st = build_run(&o); /* before any verify message: it returns the worst level */
	int bad = check_inputs(m);
	char *mdir = dir_of(manifest_path);
	if (st == 0)
		bad |= check_outputs(m, tmpl, mdir);
	util_rm_rf(tmpl);
	free(mdir);
	mf_free(m);
	if (st != 0)
		return st;
	if (bad)
		return 1;
	printf("verify: all inputs and outputs match %s\n", manifest_path);
	return 0;
}

/* build.c: runs the stages of a build in order and verifies a manifest. */
#include "build.h"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <csv.h> /* libcsv: only its version macros */

#include "box.h"
#include "cb.h"
#include "csvread.h"
#include "diag.h"
#include "edmap.h"
#include "doc.h"
#include "docsig.h"
#include "eval.h"
#include "font.h"
#include "hyph.h"
#include "lang.h"
#include "layout.h"
#include "mf.h"
#include "pdf.h"
#include "pub.h"
#include "res.h"
#include "rowcache.h"
#include "style.h"
#include "typeset.h"
#include "util.h"
#include "xlsx.h"

#define HYPH_DICT "/usr/share/hyphen/hyph_da_DK.dic"

/* One input of a build. */
struct input {
	char *role;              /* manifest role */
	char *path;
	char hex[MF_HEX];        /* SHA-256, filled by the hashing thread */
	int err;                 /* errno of a failed read, or 0 */
	int tapped;              /* hashed from the bytes the CSV reader reads */
	char *ident;             /* in a session: the file's identity before hashing */
	int known;               /* hex came from the session's cache */
};

/* The inputs of a build, hashed on a thread while the stages run; the
 * responses are hashed from the bytes aggregation reads (one reading). */
struct inputs {
	struct input *in;
	size_t n, cap;
	pthread_t thread;
	int running;             /* the thread is started and not joined */
	struct csv_tap csv;      /* the tap given to aggregation */
	struct mf_hasher *tap;   /* the tapped input's bytes so far */
	int tap_eof;             /* the tap saw the end of its file */
};

#define KEEP_ROWS_MAX ((size_t)64 << 20) /* bytes of coded rows a session keeps */

/* What a build session (notat watch) keeps from one build to the next. */
struct build_session {
	const struct build_opts *o;
	struct fontset *fs;      /* the fonts, while fs_key holds */
	struct hyph *hy;         /* the hyphenation patterns, while fs_key holds */
	char *fs_key;            /* identity of the font and hyphenation files */
	struct rowcache *rows;   /* the coded responses, while rows_key holds */
	char *rows_key;          /* identity of the data, codebook and municipality files */
	char rows_hex[MF_HEX];   /* SHA-256 of the data file the rows came from */
	int bilag_reused;        /* the last build linked the previous set's Bilag 1 files */
	int rows_reused;         /* the last build replayed rows */
	char **watch;            /* the input files the last parse read */
	size_t nwatch;
	struct hashrec {         /* the last build's input hashes by file identity */
		char *ident;
		char hex[MF_HEX];
	} *hc;
	size_t nhc;
};

/* An output whose hash is known without reading it (linked from the published set). */
struct known {
	char *name;              /* output name, as in the manifest */
	char hex[MF_HEX];
};

/* Everything one build holds; freed by ctx_free. */
struct ctx {
	const struct build_opts *o;
	struct build_session *keep; /* state kept between builds, or NULL */
	char bilag_sig[MF_HEX];  /* signature of this build's Bilag 1 (its /ID) */
	char bkey[MF_HEX];       /* what Bilag 1's files are made from (bilag_key), "" unknown */
	int bilag_reused;        /* Bilag 1's files are linked from the published set */
	struct known *known;     /* hashes of the linked outputs */
	size_t nknown, nknown_cap;
	int rows_replayed;       /* the responses came from keep->rows */
	char *font_dir;          /* resolved font directory */
	char *hyph_exc;          /* hyphenation exceptions file */
	char *icc;               /* --pdfa: the checked ICC profile, else NULL */
	const char *data_path;   /* responses actually read */
	struct lay_doc *lay;
	struct style *style;     /* the house style (--style, else the layout's), or NULL: defaults */
	struct codebook *cb;     /* the reference codebook */
	struct codebook **edcb;  /* per edition: its own codebook, NULL for the reference */
	struct edmap **maps;     /* per edition: its map onto cb, NULL for the reference */
	struct eval *ev;
	struct doc *doc;
	struct fontset *fs;
	struct hyph *hy;
	struct box_doc *notat, *bilag;
	struct mf *mf;
	struct inputs in;        /* the inputs, hashed on a thread */
	struct pub *pub;         /* the output directory, locked, with a staging set */
	const char *stage;       /* pub_stage(pub): where this build writes */
};

void
build_opts_init(struct build_opts *o)
{
	memset(o, 0, sizeof *o);
	o->out_dir = "out";
	o->min_base = 5;
	o->csv_bom = 1;
}

/* Fonts, hyphenation exceptions and (for --pdfa) the checked ICC profile, from the share directory (res.h). */
static int
stage_resources(struct ctx *c)
{
	char *share = res_share_dir();
	if (share == NULL)
		return 3;
	c->font_dir = c->o->font_dir ? xstrdup(c->o->font_dir) : xasprintf("%s/fonts", share);
	c->hyph_exc = xasprintf("%s/layouts/hyph-da.txt", share);
	c->icc = c->o->pdfa ? xasprintf("%s/fonts/sRGB.icc", share) : NULL;
	free(share);
	return c->icc ? res_check_icc(c->icc) : 0;
}

static void
keep_watch_add(struct build_session *k, const char *path)
{
	if (path == NULL)
		return;
	k->watch = xrealloc(k->watch, (k->nwatch + 1) * sizeof *k->watch);
	k->watch[k->nwatch++] = xstrdup(path);
}

/* The file edition i is read from: the layout's, or the --data override for
 * the default edition. */
static const char *
ed_path(const struct ctx *c, size_t i)
{
	if (c->o->data_path && i == c->lay->ed_default)
		return c->o->data_path;
	return lay_edition(c->lay, i)->path;
}

static void
keep_watch_clear(struct build_session *k)
{
	for (size_t i = 0; i < k->nwatch; i++)
		free(k->watch[i]);
	k->nwatch = 0;
}

/* The files a parsed layout names: itself, its includes, codebook, data;
 * watched when a later stage fails (else stage_hash watches every input). */
static void
keep_watch_layout(struct ctx *c)
{
	struct build_session *k = c->keep;
	keep_watch_clear(k);
	keep_watch_add(k, c->o->layout_path);
	for (size_t i = 0; i < lay_nincludes(c->lay); i++)
		keep_watch_add(k, lay_include(c->lay, i));
	keep_watch_add(k, lay_codebook_path(c->lay));
	for (size_t i = 0; i < lay_neditions(c->lay); i++)
		if (strcmp(lay_edition_codebook(c->lay, i), lay_codebook_path(c->lay)) != 0)
			keep_watch_add(k, lay_edition_codebook(c->lay, i));
	keep_watch_add(k, c->data_path);
	for (size_t i = 0; i < lay_neditions(c->lay); i++)
		if (i != c->lay->ed_default) /* the default's is c->data_path */
			keep_watch_add(k, ed_path(c, i));
}

/* `data LABEL PATH`: the codebook gets the variable `edition`. */
static int
add_editions(struct ctx *c)
{
	size_t n = lay_neditions(c->lay);
	if (n == 0)
		return 0;
	const char **label = xcalloc(n, sizeof *label);
	for (size_t i = 0; i < n; i++)
		label[i] = lay_edition(c->lay, i)->label;
	int rc = cb_add_editions(c->cb, label, n);
	free(label);
	if (rc == 0)
		return 0;
	diag(M_LAY_EDITION_VAR, &lay_edition(c->lay, 0)->pos);
	return 1;
}

/* Editions with codebooks of their own: each is loaded, and mapped onto the
 * reference codebook with the layout's `map` blocks that name it. */
static int
load_editions(struct ctx *c)
{
	size_t n = lay_neditions(c->lay);
	const char *ref = lay_codebook_path(c->lay);
	const struct lay_map **ms = xcalloc(c->lay->nmap + 1, sizeof *ms);
	c->edcb = xcalloc(n + 1, sizeof *c->edcb);
	c->maps = xcalloc(n + 1, sizeof *c->maps);
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = lay_edition_codebook(c->lay, i);
		if (strcmp(p, ref) == 0)
			continue;
		if ((c->edcb[i] = cb_load(p)) == NULL) {
			bad = 1;
			continue;
		}
		size_t nm = 0;
		for (size_t j = 0; j < c->lay->nmap; j++)
			if (c->lay->map[j].ed == i)
				ms[nm++] = &c->lay->map[j];
		c->maps[i] = edmap_new(c->cb, c->edcb[i], lay_edition(c->lay, i)->label,
		    lay_edition(c->lay, c->lay->ed_default)->label, ms, nm);
		bad |= c->maps[i] == NULL;
		if (c->keep && c->edcb[i]->muni_path)
			keep_watch_add(c->keep, c->edcb[i]->muni_path);
	}
	free(ms);
	return bad;
}

/* Whether path, named in the layout at `at`, can be opened as an input;
 * else an error there (exit status 3, as for an include), not only at the
 * file, when the reading would first meet it. */
static int
named_input(const char *path, struct pos at)
{
	int fd = util_open_input(path);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	char *m = xasprintf("%s: %s", path, util_strerror(errno));
	diag(M_IO_OPEN, &at, m);
	free(m);
	return 3;
}

/* Every codebook and data file the layout names opens (a file given by
 * --data is checked where it is read). */
static int
check_named_inputs(const struct ctx *c)
{
	const struct lay_doc *d = c->lay;
	int st = 0;
	if (d->ned == 0 && d->data != NULL && c->o->data_path == NULL)
		st |= named_input(d->data, d->data_pos);
	for (size_t i = 0; i < d->ned; i++) {
		if (c->o->data_path == NULL || i != d->ed_default)
			st |= named_input(d->ed[i].path, d->ed[i].path_pos);
		if (d->ed[i].codebook != NULL)
			st |= named_input(d->ed[i].codebook, d->ed[i].cb_pos);
	}
	if (d->codebook != NULL)
		st |= named_input(d->codebook, d->codebook_pos);
	return st;
}

/* The house style: --style, else the layout's `style PATH`, else none. */
static int
load_style(struct ctx *c)
{
	struct pos at;
	const char *lp = lay_style_path(c->lay, &at);
	const char *path = c->o->style_path ? c->o->style_path : lp;
	if (path == NULL)
		return 0;
	if (c->keep)
		keep_watch_add(c->keep, path);
	c->style = style_load(path, c->o->style_path ? NULL : &at);
	if (c->style == NULL)
		return diag_exit_status() ? diag_exit_status() : 1;
	if (c->o->pdfa && style_check_pdfa(c->style))
		return 1;
	const char *role;
	for (size_t i = 0; c->keep && i < style_nfiles(c->style); i++)
		keep_watch_add(c->keep, style_file(c->style, i, &role));
	return 0;
}

static int
stage_parse(struct ctx *c)
{
	c->lay = lay_parse(c->o->layout_path);
	if (c->lay == NULL)
		return diag_exit_status() ? diag_exit_status() : 1;
	lang_use(lang_find(c->lay->lang)); /* checked by the parser; NULL (none) is Danish */
	if (c->o->dump == DUMP_LAYOUT) {
		lay_dump(c->lay, stdout);
		return -1;
	}
	c->data_path = c->o->data_path ? c->o->data_path : lay_data_path(c->lay);
	if (c->keep)
		keep_watch_layout(c);
	if (check_named_inputs(c) != 0)
		return 3;
	c->cb = cb_load(lay_codebook_path(c->lay));
	if (c->cb == NULL)
		return diag_exit_status() ? diag_exit_status() : 1;
	if (add_editions(c) != 0 || load_editions(c) != 0)
		return diag_exit_status() ? diag_exit_status() : 1;
	if (c->keep && c->cb->muni_path)
		keep_watch_add(c->keep, c->cb->muni_path);
	return load_style(c);
}

/* csv_tap of the responses: hashes the bytes as aggregation reads them. */
static void
tap_bytes(void *ctx, const void *p, size_t n)
{
	struct inputs *in = ctx;
	mf_hasher_update(in->tap, p, n);
	if (n == 0)
		in->tap_eof = 1;
}

/* "path dev ino size mtime" of a file, appended to b ("path -" if absent). */
static void
file_identity(struct buf *b, const char *path)
{
	struct stat st;
	if (path == NULL || stat(path, &st) != 0) {
		buf_printf(b, "%s -\n", path ? path : "");
		return;
	}
	buf_printf(b, "%s %llu %llu %lld %lld.%09ld\n", path, (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
	    st.st_mtim.tv_nsec);
}

/* Gives eval the session's row cache, emptied unless the data, codebook and
 * municipality files are the ones its rows came from. */
static void
keep_rows(struct ctx *c, struct eval_opts *eo)
{
	struct build_session *k = c->keep;
	struct buf key = {0};
	file_identity(&key, c->data_path);
	for (size_t i = 0; i < lay_neditions(c->lay); i++)
		file_identity(&key, ed_path(c, i));
	file_identity(&key, lay_codebook_path(c->lay));
	file_identity(&key, c->cb->muni_path);
	for (size_t i = 0; i < lay_neditions(c->lay); i++)
		if (c->edcb[i]) {
			file_identity(&key, c->edcb[i]->path);
			file_identity(&key, c->edcb[i]->muni_path);
		}
	if (k->rows_key == NULL || strcmp(k->rows_key, key.s) != 0) {
		rowcache_reset(k->rows, 0);
		free(k->rows_key);
		k->rows_key = buf_take(&key);
	} else {
		free(buf_take(&key));
	}
	c->rows_replayed = k->rows_reused = rowcache_sealed(k->rows);
	eo->rows = k->rows;
}

static void test_stop(const char *where);

static int
stage_eval(struct ctx *c)
{
	test_stop("eval");
	struct eval_opts eo = {c->data_path, c->o->delim, c->o->min_base, NULL, c->o->encoding, NULL,
		(const struct edmap *const *)c->maps};
	if (c->keep)
		keep_rows(c, &eo);
	if (c->in.n > 0 && !c->rows_replayed && lay_neditions(c->lay) == 0) {
		/* the responses' hash comes from the tap (editions: the hashing thread) */
		c->in.csv = (struct csv_tap){tap_bytes, &c->in};
		c->in.tap = mf_hasher_new();
		eo.tap = &c->in.csv;
	}
	c->ev = eval_new(c->lay, c->cb, &eo);
	int st = c->ev ? eval_run(c->ev) : 1;
	if (c->keep && !c->rows_replayed) { /* rows are kept only with their hash */
		if (c->in.tap_eof)
			mf_hasher_hex(c->in.tap, c->keep->rows_hex);
		else
			rowcache_reset(c->keep->rows, 0);
	}
	if (st != 0 || diag_worst() >= DL_ERROR)
		return st ? st : diag_exit_status();
	if (c->o->dump == DUMP_STATS) {
		eval_dump_stats(c->ev, stdout);
		return -1;
	}
	c->doc = eval_take_doc(c->ev);
	return c->doc ? 0 : 3;
}

/* The font file of each face: the style's, else the default in the font
 * directory (none for a heading face the style does not name). Caller frees. */
static void
font_files(const struct ctx *c, char *file[FONT_NFACES])
{
	for (int f = 0; f < FONT_NFACES; f++) {
		const char *sf = c->style ? c->style->font[f] : NULL;
		file[f] = sf ? xstrdup(sf) : f < DOC_NFACES ? fontset_default_file(c->font_dir, f) : NULL;
	}
}

/* The fonts of the style (or the defaults); NULL after an error. */
static struct fontset *
load_fonts(const struct ctx *c)
{
	char *file[FONT_NFACES];
	font_files(c, file);
	struct fontset *fs = fontset_load_files((const char *const *)file);
	for (int f = 0; f < FONT_NFACES; f++)
		free(file[f]);
	return fs;
}

/* Lays out Bilag 1 (c->bilag); 0, or the exit status after its errors. */
static int
typeset_bilag(struct ctx *c)
{
	struct measure m = fontset_measure(c->fs);
	struct ts_opts to = {&m, c->hy, c->o->combined, c->style};
	c->bilag = ts_appendix(c->doc, &to);
	if (c->bilag == NULL || diag_worst() >= DL_ERROR)
		return diag_exit_status() ? diag_exit_status() : 1;
	return 0;
}

/* In a session: frees the kept fonts and patterns unless their files are
 * the ones they were loaded from. */
static void
keep_fonts(struct ctx *c)
{
	struct build_session *k = c->keep;
	struct buf key = {0};
	char *file[FONT_NFACES];
	font_files(c, file);
	for (int f = 0; f < FONT_NFACES; f++) {
		file_identity(&key, file[f]);
		free(file[f]);
	}
	file_identity(&key, HYPH_DICT);
	file_identity(&key, c->hyph_exc);
	if (k->fs_key == NULL || strcmp(k->fs_key, key.s) != 0) {
		fontset_free(k->fs);
		hy_free(k->hy);
		k->fs = NULL, k->hy = NULL;
		free(k->fs_key);
		k->fs_key = buf_take(&key);
	} else {
		buf_free(&key);
	}
}

static int
stage_typeset(struct ctx *c)
{
	struct build_session *k = c->keep;
	if (k)
		keep_fonts(c);
	if (k && k->fs && k->hy) {
		c->fs = k->fs, c->hy = k->hy;
	} else {
		if (k) { /* one of them failed to load last time */
			fontset_free(k->fs);
			hy_free(k->hy);
		}
		c->fs = load_fonts(c);
		c->hy = c->fs ? hy_new(HYPH_DICT, c->hyph_exc) : NULL;
		if (k) /* the session's now, even if one failed */
			k->fs = c->fs, k->hy = c->hy;
		if (c->fs == NULL || c->hy == NULL)
			return 3;
	}
	struct measure m = fontset_measure(c->fs);
	struct ts_opts to = {&m, c->hy, c->o->combined, c->style};
	c->notat = ts_notat(c->doc, &to);
	if (c->notat == NULL || diag_worst() >= DL_ERROR)
		return diag_exit_status() ? diag_exit_status() : 1;
	if (c->o->dump == DUMP_BOXES) { /* else Bilag 1 is set in stage_write, if needed */
		int st = typeset_bilag(c);
		if (st)
			return st;
		box_dump(c->notat, stdout);
		box_dump(c->bilag, stdout);
		return -1;
	}
	return 0;
}

/* Adds an input; an absent one (path NULL) is simply not listed. */
static void
input_add(struct inputs *in, const char *role, char *path /* owned, or NULL */)
{
	if (path == NULL)
		return;
	xgrow(&in->in, &in->cap, in->n + 1, sizeof *in->in);
	in->in[in->n++] = (struct input){.role = xstrdup(role), .path = path};
}

/* The editions' inputs, in manifest order: each one's own codebook and
 * municipality table, if it has them, then each one's responses. */
static void
list_editions(struct ctx *c, struct inputs *in)
{
	for (size_t i = 0; i < lay_neditions(c->lay); i++) { /* codebooks of their own */
		const struct codebook *e = c->edcb[i];
		char *role = xasprintf("codebook:%s", lay_edition(c->lay, i)->label);
		input_add(in, role, e ? xstrdup(e->path) : NULL);
		free(role);
		role = xasprintf("municipalities:%s", lay_edition(c->lay, i)->label);
		int other = e && e->muni_path && (c->cb->muni_path == NULL || strcmp(e->muni_path, c->cb->muni_path) != 0);
		input_add(in, role, other ? xstrdup(e->muni_path) : NULL);
		free(role);
	}
	for (size_t i = 0; i < lay_neditions(c->lay); i++) { /* hashed on the thread */
		/* --data's file is plain "responses": verify passes it as --data again */
		char *role = c->o->data_path && i == c->lay->ed_default ? xstrdup("responses")
		    : xasprintf("responses:%s", lay_edition(c->lay, i)->label);
		input_add(in, role, xstrdup(ed_path(c, i)));
		free(role);
	}
}

/* Every input of the build, in manifest order. */
static void
list_inputs(struct ctx *c, struct inputs *in)
{
	input_add(in, "layout", xstrdup(c->o->layout_path));
	for (size_t i = 0; i < lay_nincludes(c->lay); i++)
		input_add(in, "layout-include", xstrdup(lay_include(c->lay, i)));
	input_add(in, "codebook", xstrdup(lay_codebook_path(c->lay)));
	input_add(in, "municipalities", c->cb->muni_path ? xstrdup(c->cb->muni_path) : NULL);
	list_editions(c, in);
	if (c->data_path != NULL && lay_neditions(c->lay) == 0) { /* hashed by the tap of aggregation's reading */
		input_add(in, "responses", xstrdup(c->data_path));
		in->in[in->n - 1].tapped = 1;
	}
	char *font[FONT_NFACES];
	font_files(c, font);
	if (c->style && c->style->path) /* the style and what it names: listed only with a style */
		input_add(in, "style", xstrdup(c->style->path));
	for (int f = 0; f < FONT_NFACES; f++)
		input_add(in, "font", font[f]);
	if (c->style && c->style->logo.path)
		input_add(in, "logo", xstrdup(c->style->logo.path));
	if (c->o->pdfa)
		input_add(in, "icc-profile", xstrdup(c->icc));
	input_add(in, "hyphenation", xstrdup(HYPH_DICT));
	input_add(in, "hyphenation-exceptions", xstrdup(c->hyph_exc));
}

/* Thread body: hashes every input; no diagnostics here (see inputs_join). */
static void *
hash_inputs(void *arg)
{
	struct inputs *in = arg;
	for (size_t i = 0; i < in->n; i++)
		if (!in->in[i].tapped && !in->in[i].known)
			in->in[i].err = mf_hash_quiet(in->in[i].path, in->in[i].hex);
	return NULL;
}

/* Starts hashing once the inputs are known (after parsing); a dump needs no hashes. */
/* Takes the hash of every input whose identity (path, device, inode, size,
 * mtime, taken now, before any hashing) the session saw last time. */
static void
keep_hashes_use(const struct build_session *k, struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++) {
		struct input *x = &in->in[i];
		if (x->tapped)
			continue;
		struct buf b = {0};
		file_identity(&b, x->path);
		x->ident = buf_take(&b);
		for (size_t j = 0; j < k->nhc && !x->known; j++)
			if (strcmp(k->hc[j].ident, x->ident) == 0) {
				memcpy(x->hex, k->hc[j].hex, MF_HEX);
				x->known = 1;
			}
	}
}

/* Remembers this build's input hashes for the next (after inputs_join). */
static void
keep_hashes_save(struct build_session *k, struct inputs *in)
{
	for (size_t j = 0; j < k->nhc; j++)
		free(k->hc[j].ident);
	k->nhc = 0;
	k->hc = xrealloc(k->hc, (in->n + 1) * sizeof *k->hc);
	for (size_t i = 0; i < in->n; i++) {
		struct input *x = &in->in[i];
		if (x->ident == NULL || x->err != 0)
			continue;
		k->hc[k->nhc].ident = x->ident;
		x->ident = NULL;
		memcpy(k->hc[k->nhc++].hex, x->hex, MF_HEX);
	}
}

static int
stage_hash(struct ctx *c)
{
	if (c->o->dump != DUMP_NONE)
		return 0;
	list_inputs(c, &c->in);
	if (c->keep) {
		keep_hashes_use(c->keep, &c->in);
		keep_watch_clear(c->keep); /* watch every input the manifest will list */
		for (size_t i = 0; i < c->in.n; i++)
			keep_watch_add(c->keep, c->in.in[i].path);
	}
	if (pthread_create(&c->in.thread, NULL, hash_inputs, &c->in) == 0)
		c->in.running = 1;
	else
		hash_inputs(&c->in);
	return 0;
}

static void
inputs_join(struct inputs *in)
{
	if (in->running)
		pthread_join(in->thread, NULL);
	in->running = 0;
}

static void
inputs_free(struct inputs *in)
{
	inputs_join(in);
	for (size_t i = 0; i < in->n; i++) {
		free(in->in[i].role);
		free(in->in[i].path);
		free(in->in[i].ident);
	}
	free(in->in);
	mf_hasher_free(in->tap);
}

/* Records every input with its hash (joining the hashing thread). */
static int
record_inputs(struct ctx *c)
{
	struct mf *m = c->mf = mf_new(NOTAT_VERSION);
	int st = 0;
	inputs_join(&c->in);
	for (size_t i = 0; i < c->in.n; i++) {
		struct input *in = &c->in.in[i];
		if (in->tapped && c->rows_replayed)
			memcpy(in->hex, c->keep->rows_hex, MF_HEX);
		else if (in->tapped && c->in.tap_eof)
			mf_hasher_hex(c->in.tap, in->hex);
		else if (in->tapped) /* the reading stopped early: read it here */
			in->err = mf_hash_quiet(in->path, in->hex);
		if (in->err != 0) {
			struct pos p = {util_intern(in->path), 0, 0};
			diag(M_IO_OPEN, &p, util_strerror(in->err));
			st = 3;
			continue;
		}
		mf_add_input_hash(m, in->role, in->path, in->hex);
	}
	if (c->keep)
		keep_hashes_save(c->keep, &c->in);
	return st;
}

static void
record_options(struct ctx *c)
{
	struct mf *m = c->mf;
	char v[32];
	mf_add(m, "lib", "libharu", pdf_lib_version());
	snprintf(v, sizeof v, "%d.%d.%d", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
	mf_add(m, "lib", "libcsv", v);
	mf_add(m, "lib", "zlib", zlibVersion());
	mf_add(m, "lib", "freetype", font_lib_version());
	mf_add(m, "lib", "libxlsxwriter", xlsx_lib_version());
	mf_add(m, "option", "fonts", c->font_dir);
	if (c->o->style_path != NULL) /* recorded only when set: the default's manifest is unchanged */
		mf_add(m, "option", "style", c->o->style_path);
	mf_add(m, "option", "combined", c->o->combined ? "1" : "0");
	mf_add(m, "option", "pdfa", c->o->pdfa ? "1" : "0");
	mf_add(m, "option", "delim", c->o->delim ? (c->o->delim == ';' ? "semicolon" : c->o->delim == '\t' ? "tab" : "comma") : "detect");
	if (c->o->encoding != NULL) /* recorded only when set: the default's manifest is unchanged */
		mf_add(m, "option", "encoding", c->o->encoding);
	snprintf(v, sizeof v, "%d", c->o->min_base);
	mf_add(m, "option", "min-base", v);
	mf_add(m, "option", "csv-bom", c->o->csv_bom ? "yes" : "no");
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	mf_add(m, "option", "source-date-epoch", sde && *sde ? sde : "unset");
}

/* Publication date: SOURCE_DATE_EPOCH if set, else the layout's date. */
static int
pub_date(const struct doc *d, struct pdf_meta *pm)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s == NULL || *s == '\0') {
		pm->year = d->year, pm->month = d->month, pm->day = d->day;
		return 0;
	}
	char *end;
	errno = 0;
	long long t = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno || t > 253402300799LL) {
		diag(M_REPRO_EPOCH, NULL, s);
		return 1;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	pm->year = tm.tm_year + 1900, pm->month = tm.tm_mon + 1, pm->day = tm.tm_mday;
	pm->hour = tm.tm_hour, pm->minute = tm.tm_min, pm->second = tm.tm_sec;
	return 0;
}

/* For the fault tests only: NOTAT_TEST_STOP=WHERE stops the process
 * (SIGSTOP) at that point, so a test can signal it at a known moment:
 * "eval" (parsed, before the data is read), "publish" (the files are
 * staged, not yet hashed nor published) or "child" (the Bilag 1
 * writer, before it writes). */
static void
test_stop(const char *where)
{
	const char *s = getenv("NOTAT_TEST_STOP");
	if (s != NULL && strcmp(s, where) == 0)
		raise(SIGSTOP);
}

/* Bilag 1's metadata: the notat's with its own title (returned, caller
 * frees) and, as /ID, its signature (bilag_sign). */
static char *
bilag_meta(const struct ctx *c, const struct pdf_meta *pm, struct pdf_meta *bm)
{
	*bm = *pm;
	char *title = xasprintf("%s – %s", c->doc->appendix_title ? c->doc->appendix_title : lang_cur()->appendix,
	    pm->title ? pm->title : "");
	bm->title = title;
	for (size_t i = 0; i < sizeof bm->id; i++) {
		unsigned v = 0;
		sscanf(c->bilag_sig + 2 * i, "%2x", &v);
		bm->id[i] = (unsigned char)v;
	}
	return title;
}

static void
sign_str(struct mf_hasher *h, const char *s)
{
	mf_hasher_update(h, s ? s : "", s ? strlen(s) + 1 : 1); /* NUL: no ambiguity, NULL != "" */
	mf_hasher_update(h, s ? "+" : "-", 1);
}

static void
sign_num(struct mf_hasher *h, double v)
{
	mf_hasher_update(h, &v, sizeof v);
}

static void
sign_boxes(struct mf_hasher *h, const struct box_doc *bd)
{
	if (bd->page_w != BOX_A4_W || bd->page_h != BOX_A4_H) { /* A4's signature stays as it was */
		sign_num(h, bd->page_w);
		sign_num(h, bd->page_h);
	}
	for (size_t i = 0; i < bd->nimages; i++) {
		char hex[MF_HEX];
		mf_hash_mem(bd->images[i].data, bd->images[i].len, hex);
		sign_str(h, hex);
	}
	for (size_t p = 0; p < bd->npages; p++) {
		const struct box_page *pg = &bd->pages[p];
		sign_num(h, pg->pagenum);
		sign_num(h, (double)pg->n);
		for (size_t i = 0; i < pg->n; i++) {
			const struct box *b = &pg->box[i];
			double v[] = {b->kind, b->x, b->y, b->w, b->h, b->face, b->size, b->hyphen, b->rgb, b->lw,
				b->elem, b->target_page, b->target_y};
			mf_hasher_update(h, v, sizeof v);
			sign_str(h, b->text);
		}
	}
	sign_num(h, (double)bd->nelems);
	for (size_t i = 0; i < bd->nelems; i++) {
		const struct box_elem *e = &bd->elems[i];
		sign_num(h, e->parent);
		sign_str(h, e->type), sign_str(h, e->alt), sign_str(h, e->id), sign_str(h, e->scope);
	}
	sign_num(h, (double)bd->noutline);
	for (size_t i = 0; i < bd->noutline; i++) {
		const struct box_outline *o = &bd->outline[i];
		sign_num(h, o->level), sign_num(h, o->page), sign_num(h, o->y);
		sign_str(h, o->title);
	}
}

/*
 * Bilag 1's signature: SHA-256 over everything its bytes depend on (its
 * boxes, its metadata, the font and ICC files, the library versions), so
 * equal signatures mean equal files. Its first 16 bytes are Bilag 1's /ID,
 * so the file does not depend on inputs it does not show (a prose edit of
 * the notat leaves it alone), and a session may keep it (write_pdfs).
 */
static void
bilag_sign(struct ctx *c, const struct pdf_meta *pm)
{
	struct mf_hasher *h = mf_hasher_new();
	struct pdf_meta bm;
	memset(c->bilag_sig, '0', 32);
	char *title = bilag_meta(c, pm, &bm);
	sign_str(h, NOTAT_VERSION), sign_str(h, pdf_lib_version()), sign_str(h, zlibVersion());
	sign_str(h, bm.title), sign_str(h, bm.author), sign_str(h, bm.subject), sign_str(h, bm.keywords);
	sign_str(h, bm.lang); /* the font and ICC files by their hashes below, not their paths */
	double v[] = {bm.year, bm.month, bm.day, bm.hour, bm.minute, bm.second, bm.pdfa};
	mf_hasher_update(h, v, sizeof v);
	for (size_t i = 0; i < c->in.n; i++)
		if (strcmp(c->in.in[i].role, "font") == 0 || strcmp(c->in.in[i].role, "icc-profile") == 0)
			sign_str(h, c->in.in[i].hex);
	sign_boxes(h, c->bilag);
	mf_hasher_hex(h, c->bilag_sig);
	mf_hasher_free(h);
	free(title);
}

/* The inputs that reach the outputs only through the evaluated doc: Bilag 1's
 * key takes the doc instead of their bytes. Every other input (fonts,
 * hyphenation, ICC profile, and any input added later) enters the key. */
static int
doc_role(const char *role)
{
	static const char *const roles[] = {"layout", "layout-include", "codebook", "municipalities", "responses"};
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(role, roles[i]) == 0)
			return 1;
	return strncmp(role, "responses:", 10) == 0;
}

/*
 * Bilag 1's key: SHA-256 over everything bilag1.pdf, bilag1.xlsx and the
 * table CSVs are made from: the program (its file's identity, so a rebuilt
 * notat writes its own), the library versions, the options and metadata
 * they show, the hashes of the inputs not read through the doc, and the
 * doc's fingerprint (docsig.h). Equal keys give equal files, so a build may
 * link the published set's files (reuse_bilag). "" when the program's file
 * cannot be identified: then nothing is reused.
 */
static void
bilag_key(struct ctx *c, const struct pdf_meta *pm)
{
	struct stat st;
	c->bkey[0] = '\0';
	if (stat("/proc/self/exe", &st) != 0)
		return;
	struct mf_hasher *h = mf_hasher_new();
	sign_str(h, "notat-bilag1-key 1"), sign_str(h, NOTAT_VERSION);
	sign_str(h, pdf_lib_version()), sign_str(h, zlibVersion()), sign_str(h, xlsx_lib_version());
	double exe[] = {(double)st.st_dev, (double)st.st_ino, (double)st.st_size, (double)st.st_mtim.tv_sec,
		(double)st.st_mtim.tv_nsec};
	mf_hasher_update(h, exe, sizeof exe);
	sign_str(h, pm->title), sign_str(h, pm->author), sign_str(h, pm->subject), sign_str(h, pm->keywords);
	sign_str(h, pm->lang), sign_str(h, lang_cur()->tag);
	double v[] = {pm->year, pm->month, pm->day, pm->hour, pm->minute, pm->second, pm->pdfa, c->o->csv_bom};
	mf_hasher_update(h, v, sizeof v);
	for (size_t i = 0; i < c->in.n; i++)
		if (!doc_role(c->in.in[i].role))
			sign_str(h, c->in.in[i].role), sign_str(h, c->in.in[i].hex);
	docsig_bilag(h, c->doc);
	mf_hasher_hex(h, c->bkey);
	mf_hasher_free(h);
}

/* An output name of Bilag 1: bilag1.pdf, bilag1.xlsx or bilag1/NAME. */
static int
bilag_output(const char *name)
{
	return mf_name_ok(name) && (strcmp(name, "bilag1.pdf") == 0 || strcmp(name, "bilag1.xlsx") == 0
	    || (strncmp(name, "bilag1/", 7) == 0 && strchr(name + 7, '/') == NULL));
}

/* Links the published file name into the stage if it is a regular file
 * with hash hex; then it is a known output. Returns 0, or -1 with nothing
 * linked. */
static int
link_known(struct ctx *c, const char *name, const char *hex)
{
	char *from = xasprintf("%s/%s", pub_current(c->pub), name);
	char *to = xasprintf("%s/%s", c->stage, name);
	struct stat st;
	char now[MF_HEX];
	int ok = lstat(from, &st) == 0 && S_ISREG(st.st_mode) && link(from, to) == 0;
	if (ok && (mf_hash_quiet(to, now) != 0 || strcmp(now, hex) != 0)) {
		unlink(to);
		ok = 0;
	}
	if (ok) {
		xgrow(&c->known, &c->nknown_cap, c->nknown + 1, sizeof *c->known);
		c->known[c->nknown].name = xstrdup(name);
		memcpy(c->known[c->nknown++].hex, hex, MF_HEX);
	}
	free(from);
	free(to);
	return ok ? 0 : -1;
}

/* Unlinks the known outputs from the stage again (a reuse that failed half way). */
static void
unlink_known(struct ctx *c)
{
	for (size_t i = 0; i < c->nknown; i++) {
		char *p = xasprintf("%s/%s", c->stage, c->known[i].name);
		unlink(p);
		free(p);
		free(c->known[i].name);
	}
	c->nknown = 0;
}

/*
 * Links Bilag 1's files (bilag1.pdf, bilag1.xlsx, the table CSVs) from the
 * published set into the stage when the memo published with that set
 * (write_memo) holds this build's key and each file still has the hash the
 * memo gives (read again here: the manifest states what is there). Sets are
 * never written in place, so a link shares nothing that changes. Returns 1
 * if it did; else 0 with nothing linked.
 */
static int
reuse_bilag(struct ctx *c)
{
	if (c->bkey[0] == '\0' || pub_current(c->pub) == NULL)
		return 0;
	char *memo = pub_memo_read(c->pub);
	char key[80], hex[80], name[256];
	int n = 0, ok = 0, off = 0;
	if (memo == NULL || sscanf(memo, "notat-memo 1\nbilag1 %79s\n%n", key, &off) != 1 || off == 0
	    || strcmp(key, c->bkey) != 0) {
		free(memo);
		return 0;
	}
	char *tabdir = xasprintf("%s/bilag1", c->stage);
	ok = mkdir(tabdir, 0777) == 0;
	for (const char *p = memo + off; ok && *p; p += n) {
		n = 0;
		ok = sscanf(p, "file %79s %255s\n%n", hex, name, &n) == 2 && n > 0 && strlen(hex) == MF_HEX - 1
		    && bilag_output(name) && link_known(c, name, hex) == 0;
	}
	ok = ok && c->nknown >= 2; /* at least the PDF and the workbook */
	if (!ok) {
		unlink_known(c);
		rmdir(tabdir);
	}
	free(tabdir);
	free(memo);
	return ok;
}

/* Stores Bilag 1's key and its files' hashes with the staged set, for the
 * next build's reuse_bilag (after record_outputs). */
static void
write_memo(struct ctx *c)
{
	if (c->bkey[0] == '\0')
		return;
	struct buf b = {0};
	buf_printf(&b, "notat-memo 1\nbilag1 %s\n", c->bkey);
	for (size_t i = 0; i < c->mf->n; i++) {
		const struct mf_rec *r = &c->mf->rec[i];
		if (strcmp(r->kind, "output") == 0 && bilag_output(r->key) && strlen(r->key) < 256)
			buf_printf(&b, "file %s %s\n", r->value, r->key);
	}
	pub_memo(c->pub, b.s);
	buf_free(&b);
}

/* Writes the notat (which = 0) or Bilag 1 (which = 1) into the stage. */
static int
write_one(struct ctx *c, const struct pdf_meta *pm, int which)
{
	if (which == 0) {
		char *p = xasprintf("%s/notat.pdf", c->stage);
		int st = pdf_write(c->notat, c->fs, pm, p);
		free(p);
		return st;
	}
	struct pdf_meta bm;
	char *title = bilag_meta(c, pm, &bm);
	char *p = xasprintf("%s/bilag1.pdf", c->stage);
	int st = pdf_write(c->bilag, c->fs, &bm, p);
	free(p);
	free(title);
	return st;
}

/*
 * The two PDFs are independent documents, and libharu's fixed set-up per
 * font dominates the build, so a child process writes Bilag 1 while this one
 * writes the notat. The bytes written do not depend on it; if fork fails,
 * both are written here in turn.
 */
static int
write_pdfs(struct ctx *c, const struct pdf_meta *pm)
{
	if (c->bilag_reused)
		return write_one(c, pm, 0);
	bilag_sign(c, pm);
	fflush(stdout);
	fflush(stderr);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		if (pub_guard_in_child(parent) != 0)
			_exit(3);
		test_stop("child");
		_exit(write_one(c, pm, 1));
	}
	if (pid > 0)
		pub_guard_child(pid);
	int st = write_one(c, pm, 0);
	if (pid < 0)
		return st ? st : write_one(c, pm, 1);
	int ws, cst = 3;
	if (waitpid(pid, &ws, 0) == pid && WIFEXITED(ws))
		cst = WEXITSTATUS(ws);
	else
		diag(M_INTERNAL, NULL, "the process writing bilag1.pdf failed");
	pub_guard_child(0);
	return st > cst ? st : cst;
}

/* Records output name (staged as file p), hashing it unless its hash is known. */
static int
add_output(struct ctx *c, const char *name, const char *p)
{
	for (size_t i = 0; i < c->nknown; i++)
		if (strcmp(c->known[i].name, name) == 0) {
			mf_add_output_hash(c->mf, name, c->known[i].hex);
			return 0;
		}
	return mf_add_output(c->mf, name, p);
}

/* Hashes every staged output into the manifest, in a fixed order. */
static int
record_outputs(struct ctx *c)
{
	static const char *const names[] = {"notat.pdf", "bilag1.pdf", "bilag1.xlsx", "audit.tsv"};
	int st = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *p = xasprintf("%s/%s", c->stage, names[i]);
		st |= add_output(c, names[i], p);
		free(p);
	}
	char *dir = xasprintf("%s/bilag1", c->stage);
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			char *name = xasprintf("bilag1/%s", list[i]->d_name);
			char *p = xasprintf("%s/%s", c->stage, name);
			st |= add_output(c, name, p);
			free(p);
			free(name);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	free(dir);
	return st ? 3 : 0;
}

static void
fill_meta(const struct ctx *c, struct pdf_meta *pm)
{
	memset(pm, 0, sizeof *pm);
	pm->title = c->doc->title;
	pm->author = c->doc->author;
	pm->subject = c->doc->subject;
	pm->keywords = c->doc->keywords;
	pm->lang = c->doc->lang ? c->doc->lang : lang_cur()->tag;
	pm->pdfa = c->o->pdfa;
	pm->font_dir = c->font_dir;
	pm->icc_path = c->icc;
	mf_input_id(c->mf, pm->id);
}

/* audit.tsv and the table CSVs. */
static int
write_texts(struct ctx *c)
{
	char *tabdir = xasprintf("%s/bilag1", c->stage);
	char *audit = xasprintf("%s/audit.tsv", c->stage);
	int st = 0;
	if (mkdir(tabdir, 0777) != 0 && !(errno == EEXIST && c->bilag_reused)) {
		diag(M_IO_WRITE, NULL, tabdir, strerror(errno));
		st = 3;
	}
	if (!st)
		st = eval_write_audit(c->ev, audit);
	if (!st && !c->bilag_reused)
		st = eval_write_tables_csv(c->ev, tabdir, c->o->csv_bom);
	free(tabdir);
	free(audit);
	return st;
}

static int
write_manifest(struct ctx *c)
{
	char *mfp = xasprintf("%s/manifest", c->stage);
	int st = mf_write(c->mf, mfp);
	free(mfp);
	return st;
}

static int
stage_write(struct ctx *c)
{
	struct pdf_meta pm;
	int st = record_inputs(c);
	if (st)
		return st;
	record_options(c);
	fill_meta(c, &pm);
	if (pub_date(c->doc, &pm))
		return 1;
	c->pub = pub_open(c->o->out_dir);
	if (c->pub == NULL)
		return diag_exit_status() ? diag_exit_status() : 3;
	c->stage = pub_stage(c->pub);
	bilag_key(c, &pm);
	c->bilag_reused = reuse_bilag(c);
	if (c->keep)
		c->keep->bilag_reused = c->bilag_reused;
	if (!c->bilag_reused && (st = typeset_bilag(c)) != 0)
		return st;
	/* The PDFs come first: nothing else is allocated yet when the
	 * Bilag 1 writer forks, so the child holds no unreachable memory. */
	st = write_pdfs(c, &pm);
	if (!st)
		st = write_texts(c);
	if (!st && !c->bilag_reused)
		st = xlsx_write_bilag(c->doc, &pm, c->stage);
	if (!st)
		test_stop("publish");
	if (!st)
		st = record_outputs(c);
	if (!st)
		write_memo(c);
	if (!st)
		st = write_manifest(c);
	if (!st)
		st = pub_commit(c->pub);
	return st;
}

static void
ctx_free(struct ctx *c)
{
	for (size_t i = 0; i < c->nknown; i++)
		free(c->known[i].name);
	free(c->known);
	pub_free(c->pub); /* removes the staging unless published */
	inputs_free(&c->in);
	mf_free(c->mf);
	box_doc_free(c->notat);
	box_doc_free(c->bilag);
	if (c->keep == NULL) { /* else the session's */
		hy_free(c->hy);
		fontset_free(c->fs);
	}
	doc_free(c->doc);
	eval_free(c->ev);
	for (size_t i = 0; c->maps && i < lay_neditions(c->lay); i++) {
		edmap_free(c->maps[i]);
		cb_free(c->edcb[i]);
	}
	free(c->maps);
	free(c->edcb);
	cb_free(c->cb);
	lay_free(c->lay);
	free(c->font_dir);
	free(c->hyph_exc);
	free(c->icc);
	style_free(c->style); /* after the box docs, which borrow its logo */
}

/* One build, with the session's kept state when keep is not NULL. */
static int
run(const struct build_opts *o, struct build_session *keep)
{
	struct ctx c = {0};
	c.o = o;
	c.keep = keep;
	int (*const stages[])(struct ctx *) = {stage_parse, stage_resources, stage_hash, stage_eval, stage_typeset,
		stage_write};
	int st = 0;
	for (size_t i = 0; i < sizeof stages / sizeof *stages && st == 0; i++)
		st = stages[i](&c);
	ctx_free(&c);
	if (st == -1) /* a dump ended the run */
		st = 0;
	if (st == 0)
		st = diag_exit_status();
	return st;
}

int
build_run(const struct build_opts *o)
{
	return run(o, NULL);
}

struct build_session *
build_session_new(const struct build_opts *o)
{
	struct build_session *k = xcalloc(1, sizeof *k);
	k->o = o;
	k->rows = rowcache_new(KEEP_ROWS_MAX);
	keep_watch_add(k, o->layout_path);
	pdf_keep_streams(1); /* a rebuild deflates only the streams that changed */
	return k;
}

int
build_session_run(struct build_session *k)
{
	k->bilag_reused = k->rows_reused = 0;
	return run(k->o, k);
}

size_t
build_session_ninputs(const struct build_session *k)
{
	return k->nwatch;
}

const char *
build_session_input(const struct build_session *k, size_t i)
{
	return i < k->nwatch ? k->watch[i] : NULL;
}

void
build_session_stats(const struct build_session *k, struct build_session_stats *st)
{
	st->rows_reused = k->rows_reused;
	st->bilag_kept = k->bilag_reused;
}

void
build_session_free(struct build_session *k)
{
	if (k == NULL)
		return;
	pdf_keep_streams(0);
	hy_free(k->hy);
	fontset_free(k->fs);
	free(k->fs_key);
	rowcache_free(k->rows);
	free(k->rows_key);
	keep_watch_clear(k);
	free(k->watch);
	for (size_t j = 0; j < k->nhc; j++)
		free(k->hc[j].ident);
	free(k->hc);
	free(k);
}

/* build.h: the build pipeline (parse -> aggregate -> typeset -> pdf) and verify.
 *
 * Contract: build_run writes the complete output set into a staging
 * directory of its own inside the output directory and publishes it with one
 * atomic switch (pub.h) only when all stages succeeded, so bad input, a
 * failure or a signal never leaves a half-written or mixed set. The exit status
 * is the worst diagnostic level: 0 ok, 1 bad input, 3 I/O or internal.
 *
 * Bilag 1's files (bilag1.pdf, bilag1.xlsx, the table CSVs) are hard-linked
 * from the published set instead of made again when what they are made from
 * is unchanged: the key (build.c bilag_key: the program, the libraries, the
 * options and metadata they show, the non-layout inputs, the evaluated
 * appendix and tables, docsig.h) is stored with each set (pub_memo), and each
 * linked file must still have the hash recorded with it. A prose edit of the
 * notat therefore leaves them alone; their bytes are those a fresh build writes.
 */
#ifndef NOTAT_BUILD_H
#define NOTAT_BUILD_H

#include <stddef.h>

#define NOTAT_VERSION "0.1.0"

enum build_dump { DUMP_NONE = 0, DUMP_LAYOUT, DUMP_STATS, DUMP_BOXES };

struct build_opts {
	const char *layout_path;  /* the layout (required) */
	const char *data_path;    /* response file override, or NULL */
	const char *out_dir;      /* default "out" */
	const char *font_dir;     /* NULL: fonts/ in the share directory (res.h) */
	const char *style_path;   /* --style: house style file over the layout's `style`, or NULL */
	int delim;                /* 0 detect, ',', ';' or '	' */
	const char *encoding;     /* CSV encoding (csv_encoding_known), NULL: UTF-8 */
	int combined;             /* append Bilag 1 to the notat */
	int pdfa;                 /* PDF/A-1b variant */
	int min_base;             /* small-cell minimum, default 5 */
	int csv_bom;              /* 1 (default): the table CSVs start with a UTF-8 BOM */
	enum build_dump dump;     /* print a stage and stop */
};

/* Sets the defaults. */
void build_opts_init(struct build_opts *o);
/* Runs the build; returns the exit status. */
int build_run(const struct build_opts *o);
/*
 * A build session (notat watch): builds like build_run, again and again,
 * keeping what did not change: the fonts and hyphenation patterns while their
 * files keep their identity; the coded responses while the data, codebook and
 * municipality files keep their identity (path, device, inode, size, mtime),
 * so a rebuild aggregates without reading the data (up to 64 MiB of coded
 * rows; a bigger file is read each time); the input hashes of unchanged
 * files; the deflated PDF streams (pdf_keep_streams: one session at a time).
 * Bilag 1's files are kept as in every build (above). Outputs are published
 * as build_run publishes them. o is borrowed and must outlive the session.
 * Free with build_session_free (accepts NULL).
 */
struct build_session;
struct build_session *build_session_new(const struct build_opts *o);
/* One build; returns its exit status (diagnostics as build_run's; the
 * caller resets diag between builds). */
int build_session_run(struct build_session *s);
/* The input files of the last build: every input its manifest lists (layout,
 * includes, codebook, municipalities, data, fonts, hyphenation, ...); after a
 * failed parse, those the parse named, or those of the last good one (at
 * least the layout). Paths are owned by the session, valid until the next run. */
size_t build_session_ninputs(const struct build_session *s);
const char *build_session_input(const struct build_session *s, size_t i);
/* What the last build could keep. */
struct build_session_stats {
	int rows_reused; /* the last build aggregated the kept coded responses (no reading) */
	int bilag_kept;  /* the last build linked Bilag 1's files from the set before */
};
void build_session_stats(const struct build_session *s, struct build_session_stats *st);
void build_session_free(struct build_session *s);

/* Rebuilds from a manifest and compares; returns 0 only if all matches. */
int build_verify(const char *manifest_path);

#endif

/* build.h: the build pipeline (parse -> aggregate -> typeset -> pdf) and verify.
 *
 * Contract: build_run writes every output into a staging directory inside
 * the output directory and moves them into place only when all stages
 * succeeded, so bad input never leaves a half-written file. The exit status
 * is the worst diagnostic level: 0 ok, 1 bad input, 3 I/O or internal.
 */
#ifndef NOTAT_BUILD_H
#define NOTAT_BUILD_H

#define NOTAT_VERSION "0.1.0"

enum build_dump { DUMP_NONE = 0, DUMP_LAYOUT, DUMP_STATS, DUMP_BOXES };

struct build_opts {
	const char *layout_path;  /* the layout (required) */
	const char *data_path;    /* response file override, or NULL */
	const char *out_dir;      /* default "out" */
	const char *font_dir;     /* NULL: fonts/ in the share directory (res.h) */
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
/* Rebuilds from a manifest and compares; returns 0 only if all matches. */
int build_verify(const char *manifest_path);

#endif

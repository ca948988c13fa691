/* main.c: the notat command line: a table of subcommands (build, verify), each with its help. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cbcmd.h"
#include "initcmd.h"
#include "lang.h"
#include "csvread.h"
#include "util.h"
#include "pub.h"
#include "watch.h"

/* One subcommand: `notat NAME ...`. */
struct command {
	const char *name;
	const char *args;        /* its operands, as listed in `notat --help` */
	const char *synopsis;    /* everything after the name, for its usage line */
	const char *summary;     /* one line in `notat --help` */
	const char *help;        /* the rest of `notat NAME --help` */
	int (*run)(const struct command *cmd, int argc, char **argv); /* argv[0] is the name */
};

static const char build_help[] =
"Computes every number of the publication LAYOUT describes from its response\n"
"data and writes into the output directory:\n"
"  notat.pdf           the notat (tagged PDF)\n"
"  bilag1.pdf          Bilag 1, the appendix tables\n"
"  bilag1.xlsx         the same tables as an Excel workbook, numbers as numbers\n"
"  bilag1/tabel-NN.csv each appendix table as CSV (';', decimal comma, BOM)\n"
"  audit.tsv           one row per printed number, with its computation\n"
"  manifest            SHA-256 of every input and output, versions, options\n"
"\n"
"options:\n"
"  -o, --out DIR        output directory (default: out)\n"
"  -d, --data FILE      response file, instead of the one the layout names\n"
"      --delim C        CSV delimiter: ',', ';' or tab (default: detect)\n"
"      --encoding E     CSV encoding: utf-8 (default), windows-1252, iso-8859-1,\n"
"                       utf-16 (with a byte-order mark), utf-16le, utf-16be\n"
"      --combined       also append Bilag 1 to notat.pdf, with links\n"
"      --pdfa           write PDF/A-1b files (with the PDF/UA tags)\n"
"      --min-base N     smallest base for a printed percentage (default 5)\n"
"      --csv-bom=no     write the table CSVs without a UTF-8 byte order mark\n"
"      --fonts DIR      font directory (default: fonts/ in the share directory)\n"
"      --style FILE     house style file (fonts, sizes, colours, logo, paper),\n"
"                       instead of the one the layout names (layouts/README.md)\n"
"      --dump=WHAT      print a stage's text form and stop: layout, stats, boxes\n"
"  -h, --help           print this help\n"
"\n"
"Dates in the PDFs come from SOURCE_DATE_EPOCH when set, else from the\n"
"layout's date. Exit status: 0 ok, 1 bad input, 2 usage, 3 I/O or internal.\n";

static const char watch_help[] =
"Builds like 'notat build', then again whenever the layout, an included\n"
"file, the codebook, the municipality table, the data, the house style or a\n"
"font or logo it names changes, keeping in\n"
"memory what did not change (fonts, the coded responses, an unchanged\n"
"bilag1.pdf). Each build replaces the outputs as 'notat build' does, so a\n"
"PDF viewer that reloads on change shows the new version; a build that fails\n"
"prints its errors and leaves the previous outputs in place.\n"
"Ctrl-C (SIGINT), SIGTERM or SIGHUP stops it (status 0).\n"
"\n"
"options: as 'notat build' (see 'notat build --help'), without --dump.\n";

static const char verify_help[] =
"Rebuilds from the inputs recorded in MANIFEST into a temporary directory,\n"
"compares every hash, names the files and the audit rows that differ, and\n"
"exits 0 only when everything matches.\n";

/* Prints the one-line usage error and the hint; returns 2. */
static int
usage_error(const struct command *cmd, const char *what, const char *arg)
{
	const char *name = cmd ? cmd->name : NULL;
	fprintf(stderr, "notat%s%s: %s", name ? " " : "", name ? name : "", what);
	if (arg != NULL)
		fprintf(stderr, " '%s'", arg);
	fputc('\n', stderr);
	fprintf(stderr, "try 'notat%s%s --help'\n", name ? " " : "", name ? name : "");
	return 2;
}

static int
command_help(const struct command *cmd)
{
	printf("usage: notat %s %s\n\n%s", cmd->name, cmd->synopsis, cmd->help);
	return 0;
}

enum { OPT_DELIM = 256, OPT_COMBINED, OPT_PDFA, OPT_MINBASE, OPT_FONTS, OPT_DUMP, OPT_ENCODING, OPT_CSVBOM, OPT_STYLE,
	OPT_LANG };

static const struct option build_longopts[] = {
	{"out", required_argument, NULL, 'o'},
	{"data", required_argument, NULL, 'd'},
	{"delim", required_argument, NULL, OPT_DELIM},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"combined", no_argument, NULL, OPT_COMBINED},
	{"pdfa", no_argument, NULL, OPT_PDFA},
	{"min-base", required_argument, NULL, OPT_MINBASE},
	{"fonts", required_argument, NULL, OPT_FONTS},
	{"style", required_argument, NULL, OPT_STYLE},
	{"dump", required_argument, NULL, OPT_DUMP},
	{"csv-bom", required_argument, NULL, OPT_CSVBOM},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int
parse_dump(const char *s, enum build_dump *d)
{
	static const char *const names[] = {"layout", "stats", "boxes"};
	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*d = (enum build_dump)(i + 1);
			return 0;
		}
	return -1;
}

/* Applies one option to o; returns 0, or -1 for an invalid argument. */
static int
build_option(struct build_opts *o, int c, const char *arg)
{
	char *end;
	switch (c) {
	case 'o': o->out_dir = arg; return 0;
	case 'd': o->data_path = arg; return 0;
	case OPT_COMBINED: o->combined = 1; return 0;
	case OPT_PDFA: o->pdfa = 1; return 0;
	case OPT_FONTS: o->font_dir = arg; return 0;
	case OPT_STYLE:
		if (*arg == '\0')
			return -1;
		o->style_path = arg;
		return 0;
	case OPT_DELIM:
		if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
			arg = "\t";
		if ((arg[0] != ',' && arg[0] != ';' && arg[0] != '\t') || arg[1] != '\0')
			return -1;
		o->delim = arg[0];
		return 0;
	case OPT_ENCODING:
		if (!csv_encoding_known(arg))
			return -1;
		o->encoding = arg;
		return 0;
	case OPT_MINBASE: {
		errno = 0;
		long v = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || errno != 0 || v < 1 || v > INT_MAX)
			return -1;
		o->min_base = (int)v;
		return 0;
	}
	case OPT_DUMP:
		return parse_dump(arg, &o->dump);
	case OPT_CSVBOM:
		if (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0)
			return -1;
		o->csv_bom = strcmp(arg, "yes") == 0;
		return 0;
	}
	return -1;
}

/* The usage error for option c (long name, or NULL for a short option) with its invalid argument. */
static int
bad_argument(const struct command *cmd, const char *name, int c, const char *arg)
{
	char *what = name ? xasprintf("invalid argument for --%s:", name) : xasprintf("invalid argument for -%c:", c);
	usage_error(cmd, what, arg);
	free(what);
	return 2;
}

/* The usage error for getopt's result c ('?' or ':') at argv[optind - 1]. */
static int
option_error(const struct command *cmd, int c, char **argv)
{
	const char *opt = argv[optind - 1];
	if (c == ':')
		return usage_error(cmd, "missing argument for option", opt);
	if (strncmp(opt, "--", 2) != 0 && optopt != 0) {
		char s[3] = {'-', (char)optopt, '\0'};
		return usage_error(cmd, "unknown option", s);
	}
	return usage_error(cmd, "unknown option", opt);
}

/* Parses build's options and LAYOUT into o; returns -1 to go on, else the
 * status to exit with (help printed, usage error). */
static int
build_args(const struct command *cmd, int argc, char **argv, struct build_opts *o)
{
	build_opts_init(o);
	int c, li = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:d:h", build_longopts, &li)) != -1) {
		if (c == 'h')
			return command_help(cmd);
		if (c == '?' || c == ':')
			return option_error(cmd, c, argv);
		if (c == 'o' && *optarg == '\0')
			return usage_error(cmd, "the output directory (-o) must not be empty", NULL);
		if (build_option(o, c, optarg) != 0)
			return bad_argument(cmd, li >= 0 ? build_longopts[li].name : NULL, c, optarg);
		li = -1;
	}
	if (optind == argc)
		return usage_error(cmd, "missing LAYOUT", NULL);
	if (optind != argc - 1)
		return usage_error(cmd, "unexpected argument", argv[optind + 1]);
	o->layout_path = argv[optind];
	return -1;
}

static int
cmd_build(const struct command *cmd, int argc, char **argv)
{
	struct build_opts o;
	int st = build_args(cmd, argc, argv, &o);
	if (st >= 0)
		return st;
	pub_guard_start(); /* SIGINT/SIGTERM/SIGHUP remove staging; SIGXFSZ ignored (watch has its own) */
	return build_run(&o);
}

static int
cmd_watch(const struct command *cmd, int argc, char **argv)
{
	struct build_opts o;
	int st = build_args(cmd, argc, argv, &o);
	if (st >= 0)
		return st;
	if (o.dump != DUMP_NONE)
		return usage_error(cmd, "--dump is an option of 'notat build' only", NULL);
	return watch_run(&o);
}

static int
cmd_verify(const struct command *cmd, int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return command_help(cmd);
	if (argc < 2)
		return usage_error(cmd, "missing MANIFEST", NULL);
	if (argv[1][0] == '-' && argv[1][1] != '\0')
		return usage_error(cmd, "unknown option", argv[1]);
	if (argc > 2)
		return usage_error(cmd, "unexpected argument", argv[2]);
	pub_guard_start();
	return build_verify(argv[1]);
}

static const char codebook_help[] =
"Writes a starter codebook from an SPSS (.sav, .zsav, .por), Stata (.dta) or\n"
"SAS (.sas7bdat) file: every variable with its question text (the variable\n"
"label) and type, value labels as codes with keys made from the labels, one\n"
"shared code list for identical labels, batteries from adjacent variables\n"
"with a common name prefix. Edit it before you build (layouts/codebook.md).\n"
"\n"
"options:\n"
"  -o, --out FILE       write the codebook to FILE (default: standard output)\n"
"  -h, --help           print this help\n";

/* notat codebook [-o FILE] DATA */
static int
cmd_codebook(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"out", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		if (c == 'h')
			return command_help(cmd);
		if (c == '?' || c == ':')
			return option_error(cmd, c, argv);
		if (*optarg == '\0')
			return usage_error(cmd, "the output file (-o) must not be empty", NULL);
		out = optarg;
	}
	if (optind == argc)
		return usage_error(cmd, "missing FILE", NULL);
	if (optind != argc - 1)
		return usage_error(cmd, "unexpected argument", argv[optind + 1]);
	return cbcmd_run(argv[optind], out);
}

static const char init_help[] =
"Starts a publication from a response file (CSV, or SPSS, Stata, SAS): looks\n"
"at every column in one pass and writes into DIR\n"
"  codebook.txt   every column typed: few distinct small integers become codes\n"
"                 (labelled by their values in a CSV: write the labels), decimals\n"
"                 numbers, unique values an id, other values text\n"
"  notat.lay      a starter layout: a section and a Bilag table per coded\n"
"                 variable, a summary sentence per number variable\n"
"then builds it into DIR/out. It never overwrites: DIR must not hold\n"
"codebook.txt, notat.lay or out. Edit both files, then 'notat build'.\n"
"\n"
"options:\n"
"  -o, --out DIR        the directory to write into (default: .)\n"
"      --delim C        CSV delimiter: ',', ';' or tab (default: detect)\n"
"      --encoding E     CSV encoding, as for 'notat build'\n"
"      --lang L         the starter layout's language: da (default) or en\n"
"                       (its prose and headings, and its 'lang' line)\n"
"  -h, --help           print this help\n";

/* notat init [-o DIR] [--delim C] [--encoding E] [--lang L] DATA */
static int
cmd_init(const struct command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"out", required_argument, NULL, 'o'}, {"delim", required_argument, NULL, OPT_DELIM},
		{"encoding", required_argument, NULL, OPT_ENCODING}, {"lang", required_argument, NULL, OPT_LANG},
		{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
	};
	struct build_opts o;
	build_opts_init(&o);
	o.out_dir = ".";
	const struct lang *lg = NULL;
	int c, li = -1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", longopts, &li)) != -1) {
		if (c == 'h')
			return command_help(cmd);
		if (c == '?' || c == ':')
			return option_error(cmd, c, argv);
		if (c == OPT_LANG && (lg = lang_find(optarg)) == NULL)
			return bad_argument(cmd, "lang", c, optarg);
		if (c != OPT_LANG && (*optarg == '\0' || build_option(&o, c, optarg) != 0))
			return bad_argument(cmd, c == 'o' ? NULL : longopts[li].name, c, optarg);
		li = -1;
	}
	if (optind == argc)
		return usage_error(cmd, "missing DATA", NULL);
	if (optind != argc - 1)
		return usage_error(cmd, "unexpected argument", argv[optind + 1]);
	pub_guard_start(); /* as build: a signal during init's build removes its staging */
	return initcmd_run(argv[optind], o.out_dir, o.delim, o.encoding, lg);
}

static const struct command commands[] = {
	{"build", "LAYOUT", "[OPTION...] LAYOUT", "write the notat, Bilag 1, tables, audit trail and manifest",
	    build_help, cmd_build},
	{"verify", "MANIFEST", "MANIFEST", "rebuild from a manifest and compare every file", verify_help, cmd_verify},
	{"watch", "LAYOUT", "[OPTION...] LAYOUT", "build, then rebuild whenever an input changes", watch_help,
	    cmd_watch},
	{"codebook", "FILE", "[-o OUT] FILE", "write a starter codebook from an SPSS, Stata or SAS file",
	    codebook_help, cmd_codebook},
	{"init", "DATA", "[-o DIR] [OPTION...] DATA", "write a starter codebook and layout for a data file, and build",
	    init_help, cmd_init},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static int
main_help(void)
{
	puts("usage: notat COMMAND [OPTION...] ARGUMENT...\n"
	     "Builds a survey publication in which every number is computed from the data.\n"
	     "\n"
	     "commands:");
	for (size_t i = 0; i < NCOMMANDS; i++) {
		int w = printf("  %s %s", commands[i].name, commands[i].args);
		printf("%*s%s\n", w < 20 ? 20 - w : 1, "", commands[i].summary);
	}
	puts("\n"
	     "'notat COMMAND --help' shows a command's options; 'man notat' the manual.\n"
	     "'notat --version' prints the version.");
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(NULL, "missing command", NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return main_help();
	if (strcmp(argv[1], "--version") == 0) {
		printf("notat %s\n", NOTAT_VERSION);
		return 0;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(&commands[i], argc - 1, argv + 1);
	if (argv[1][0] == '-')
		return usage_error(NULL, "unknown option", argv[1]);
	return usage_error(NULL, "unknown command", argv[1]);
}

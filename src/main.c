/* main.c: the notat command line: build a publication, verify a manifest. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"

static const char usage_text[] =
"usage: notat build [options] LAYOUT\n"
"       notat verify MANIFEST\n"
"       notat --help | --version\n"
"\n"
"build: computes every number of the publication described by LAYOUT from\n"
"its response data and writes into the output directory:\n"
"  notat.pdf        the notat (tagged PDF, Danish)\n"
"  bilag1.pdf       Bilag 1, the appendix tables\n"
"  bilag1/tabel-NN.csv  each appendix table as CSV (';', decimal comma)\n"
"  audit.tsv        one row per printed number: id, printed, value,\n"
"                   numerator, denominator, population, expression, source\n"
"  manifest         SHA-256 of every input and output, versions, options\n"
"\n"
"options:\n"
"  -o, --out DIR        output directory (default: out)\n"
"  -d, --data FILE      response file, instead of the one the layout names\n"
"      --delim C        force the CSV delimiter: ',' or ';' (default: detect)\n"
"      --combined       also append Bilag 1 to notat.pdf, with links\n"
"      --pdfa           write PDF/A-1b archival copies (plus PDF/UA tags)\n"
"      --min-base N     smallest base for a printed percentage (default 5)\n"
"      --fonts DIR      font directory (default: fonts/ in the share directory)\n"
"      --dump=WHAT      print a stage's text form and stop:\n"
"                       layout (parsed layout), stats (computed values),\n"
"                       boxes (laid-out pages)\n"
"\n"
"verify: rebuilds from the inputs recorded in MANIFEST into a temporary\n"
"directory, compares every hash, names the files and the audit rows that\n"
"differ, and exits 0 only when everything matches.\n"
"\n"
"Dates in the PDF come from SOURCE_DATE_EPOCH when it is set, else from\n"
"the date the layout declares; never from the clock.\n"
"\n"
"exit status: 0 ok (warnings allowed), 1 bad input, 2 usage, 3 I/O or\n"
"internal error. Messages have the form FILE:LINE:COL: error: TEXT.\n";

static int
usage(FILE *f, int status)
{
	fputs(usage_text, f);
	return status;
}

enum { OPT_DELIM = 256, OPT_COMBINED, OPT_PDFA, OPT_MINBASE, OPT_FONTS, OPT_DUMP };

static const struct option longopts[] = {
	{"out", required_argument, NULL, 'o'},
	{"data", required_argument, NULL, 'd'},
	{"delim", required_argument, NULL, OPT_DELIM},
	{"combined", no_argument, NULL, OPT_COMBINED},
	{"pdfa", no_argument, NULL, OPT_PDFA},
	{"min-base", required_argument, NULL, OPT_MINBASE},
	{"fonts", required_argument, NULL, OPT_FONTS},
	{"dump", required_argument, NULL, OPT_DUMP},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
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

/* Applies one option to o; returns 0, or 2 for a usage error. */
static int
build_option(struct build_opts *o, int c, const char *arg)
{
	char *end;
	switch (c) {
	case 'o':
		if (arg[0] == '\0') {
			fputs("notat: the output directory (-o) must not be empty\n", stderr);
			return 2;
		}
		o->out_dir = arg;
		return 0;
	case 'd': o->data_path = arg; return 0;
	case OPT_COMBINED: o->combined = 1; return 0;
	case OPT_PDFA: o->pdfa = 1; return 0;
	case OPT_FONTS: o->font_dir = arg; return 0;
	case OPT_DELIM:
		if ((arg[0] != ',' && arg[0] != ';') || arg[1] != '\0')
			break;
		o->delim = arg[0];
		return 0;
	case OPT_MINBASE:
		o->min_base = (int)strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || o->min_base < 1)
			break;
		return 0;
	case OPT_DUMP:
		if (parse_dump(arg, &o->dump) == 0)
			return 0;
		break;
	}
	fprintf(stderr, "notat: invalid option argument: %s\n", arg);
	return 2;
}

static int
cmd_build(int argc, char **argv)
{
	struct build_opts o;
	build_opts_init(&o);
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:d:h", longopts, NULL)) != -1) {
		if (c == 'h')
			return usage(stdout, 0);
		if (c == '?' || c == ':' || build_option(&o, c, optarg) != 0)
			return usage(stderr, 2);
	}
	if (optind != argc - 1)
		return usage(stderr, 2);
	o.layout_path = argv[optind];
	return build_run(&o);
}

static int
cmd_verify(int argc, char **argv)
{
	if (argc != 2)
		return usage(stderr, 2);
	return build_verify(argv[1]);
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, 2);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return usage(stdout, 0);
	if (strcmp(argv[1], "--version") == 0) {
		printf("notat %s\n", NOTAT_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	fprintf(stderr, "notat: unknown command \"%s\"\n", argv[1]);
	return usage(stderr, 2);
}

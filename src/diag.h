/* diag.h: the one message catalogue; every diagnostic goes through diag(). */
#ifndef NOTAT_DIAG_H
#define NOTAT_DIAG_H

#include "util.h"

enum diag_level {
	DL_OK = 0,      /* nothing reported */
	DL_WARNING = 1, /* output is still produced; exit 0 */
	DL_ERROR = 2,   /* bad input; exit 1, no output */
	DL_FATAL = 3    /* I/O or internal failure; exit 3, no output */
};

/*
 * The catalogue: X(ID, LEVEL, printf-format). Each module keeps its own
 * section; add messages at the end of your section. The format's arguments
 * are passed to diag() after the position.
 */
#define DIAG_MESSAGES \
	/* general / I/O */ \
	X(IO_OPEN, FATAL, "cannot open: %s") \
	X(IO_READ, FATAL, "read error: %s") \
	X(IO_WRITE, FATAL, "cannot write %s: %s") \
	X(INTERNAL, FATAL, "internal error: %s") \
	/* source files: layouts and codebooks (srcin.c) */ \
	X(SRC_NOT_FILE, ERROR, "%s is not a regular file") \
	X(SRC_TOO_BIG, ERROR, "the file is larger than %d MiB") \
	X(SRC_LONG_LINE, ERROR, "line longer than %d MiB") \
	X(SRC_NUL, ERROR, "NUL byte (a layout or codebook is text)") \
	/* csv */ \
	X(CSV_UNTERMINATED, ERROR, "unterminated quoted field") \
	X(CSV_STRAY_QUOTE, ERROR, "stray quote in field") \
	X(CSV_RAGGED, ERROR, "row has %zu fields, the header has %zu") \
	X(CSV_BAD_UTF8, ERROR, "invalid UTF-8 byte 0x%02X (the file must be UTF-8)") \
	X(CSV_EMPTY, ERROR, "file is empty: no header line") \
	X(CSV_PARSE, ERROR, "malformed CSV: %s") \
	X(CSV_BAD_ENCODING, ERROR, "byte 0x%02X cannot be read as %s") \
	X(CSV_TOO_LONG, ERROR, "row longer than %d bytes (a missing line end or an unclosed quote?)") \
	X(CSV_TRAILING, ERROR, "value in the unnamed last column (the header line ends with a delimiter)") \
	X(CSV_HINT_CP1252, OK, "the file looks like Windows-1252: try --encoding windows-1252") \
	X(CSV_HINT_UTF16, OK, "the file looks like UTF-16 without a byte-order mark: try --encoding utf-16%s") \
	X(CSV_UNKNOWN_ENCODING, ERROR, "unknown encoding \"%s\" (utf-8, windows-1252, iso-8859-1, utf-16, utf-16le, utf-16be)") \
	/* response files in other formats (insrc.c, rsread.c) */ \
	X(IN_SPREADSHEET, ERROR, "Excel and other spreadsheet files are not read: save the sheet as CSV (UTF-8), or export SPSS .sav from the survey tool") \
	X(IN_WRONG_NAME, ERROR, "the file is %s data, but its name says %s: give it the right extension (.sav, .dta, .sas7bdat)") \
	X(RS_READ, ERROR, "cannot read the %s file: %s") \
	X(CBGEN_NOT_STAT, ERROR, "notat codebook reads SPSS, Stata and SAS files (.sav, .zsav, .por, .dta, .sas7bdat)") \
	/* notat init (initcmd.c) */ \
	X(INIT_EXISTS, ERROR, "%s already exists: notat init never overwrites a file (use another -o DIR)") \
	/* codebook, municipalities, responses */ \
	X(CB_SYNTAX, ERROR, "%s") \
	X(CB_DUP_VAR, ERROR, "variable \"%s\" is declared twice") \
	X(CB_UNKNOWN_CODES, ERROR, "unknown code list \"%s\"") \
	X(CB_UNKNOWN_COLUMN, ERROR, "column \"%s\" is not in the codebook") \
	X(CB_MISSING_COLUMN, ERROR, "column \"%s\" of the codebook is missing from the data") \
	X(CB_BAD_CODE, ERROR, "value \"%s\" is not a code of variable \"%s\"") \
	X(CB_NOT_ASKED, WARNING, "answer to \"%s\", which the filter says was not asked") \
	X(CB_DUP_ID, ERROR, "duplicate id \"%s\" (first on line %d)") \
	X(CB_UNKNOWN_MUNI, ERROR, "municipality \"%s\" is not in the municipality table") \
	X(CB_BAD_NUMBER, ERROR, "\"%s\" is not a number") \
	X(CB_DUP_CODES, ERROR, "code list \"%s\" is declared twice") \
	X(CB_DUP_CODE, ERROR, "code %s appears twice in \"%s\"") \
	X(CB_NO_CODES, ERROR, "variable \"%s\" of type %s has no codes") \
	X(CB_DUP_MUNI, ERROR, "municipality \"%s\" is listed twice (first on line %d)") \
	X(CB_UNKNOWN_REGION, ERROR, "region \"%s\" is not a key of the code list \"region\"") \
	X(CB_MUNI_HEADER, ERROR, "the municipality table needs the header kommune,region,menapt") \
	X(CB_DUP_COLUMN, ERROR, "column \"%s\" appears twice (first as column %d)") \
	X(CB_EMPTY_ID, ERROR, "empty id") \
	X(CB_TOO_MANY, OK, "too many errors; stopped reading %s") \
	X(CB_MORE_NOT_ASKED, OK, "%ld more answers to questions that were not asked are not shown") \
	X(CB_NUM_DECIMALS, ERROR, "\"%s\" has more decimals than variable \"%s\" keeps (decimals %d)") \
	X(CB_NUM_RANGE, ERROR, "\"%s\" is out of range for variable \"%s\"") \
	X(CB_IGNORED_COLUMNS, WARNING, "ignoring %zu undeclared column%s (ignore-undeclared): %s") \
	/* expressions (populations and filters) */ \
	X(EX_SYNTAX, ERROR, "%s") \
	X(EX_UNKNOWN_VAR, ERROR, "unknown variable \"%s\"") \
	X(EX_UNKNOWN_CODE, ERROR, "\"%s\" is not a code of variable \"%s\"") \
	X(EX_TYPE, ERROR, "%s") \
	/* layout language */ \
	X(LAY_SYNTAX, ERROR, "%s") \
	X(LAY_UNKNOWN_VAR, ERROR, "unknown variable \"%s\"") \
	X(LAY_UNKNOWN_LABEL, ERROR, "unknown label \"%s\"") \
	X(LAY_DUP_LABEL, ERROR, "duplicate label \"%s\" (first at line %d)") \
	X(LAY_UNKNOWN_POP, ERROR, "unknown population \"%s\"") \
	X(LAY_TYPE, ERROR, "%s") \
	X(LAY_NO_ALT, ERROR, "figure \"%s\" has no alt text") \
	X(LAY_DUP_ID, ERROR, "duplicate claim id \"%s\"") \
	X(LAY_UNKNOWN_SET, ERROR, "unknown set, battery or score \"%s\"") \
	X(LAY_EDITION_VAR, ERROR, "the codebook declares a variable \"edition\": it is the editions' variable (rename it)") \
	/* editions' codebooks and their maps (edmap.c) */ \
	X(EDMAP_NO_VAR, ERROR, "%s has no variable \"%s\"") \
	X(EDMAP_NO_CODE, ERROR, "\"%s\" is not a code of variable \"%s\" in %s") \
	X(EDMAP_TWICE, ERROR, "%s (first at line %d)") \
	X(EDMAP_ONTO, ERROR, "cannot rename \"%s\" to \"%s\": edition %s has a variable \"%s\" already (rename that one too, or map onto another name)") \
	X(EDMAP_CYCLE, ERROR, "the renames form a cycle: %s") \
	X(EDMAP_NO_REF, ERROR, "variable \"%s\" of edition %s has no variable of that name in the reference codebook (rename %s NEW first)") \
	X(EDMAP_UNMAPPED, ERROR, "code %s of variable \"%s\" in edition %s is not recoded, and the reference's code %s differs (%s)") \
	X(EDMAP_KIND, ERROR, "%s") \
	X(EDMAP_CHANGED, ERROR, "variable \"%s\" changed meaning between editions %s and %s: %s (map it in \"map %s\": recode, or same if it did not change)") \
	X(EDMAP_RANGE, ERROR, "a value of \"%s\" in edition %s is too large for %d decimals, the reference codebook's (edition %s): give the reference fewer decimals") \
	X(EDMAP_ABSENT, ERROR, "variable \"%s\" is not in edition %s's codebook (%s): a renamed one is mapped with \"rename OLD %s\" in \"map %s\"") \
	/* aggregation */ \
	X(AGG_EMPTY_POP, ERROR, "population \"%s\" is empty: division by zero") \
	X(AGG_ASSERT, ERROR, "assertion failed: %s") \
	X(AGG_FRACTION_FAR, WARNING, "%s is %s pct., more than 3 points from \"%s\"") \
	X(AGG_SMALL_BASE, WARNING, "cited number rests on a base of %ld (under 10)") \
	X(AGG_TOO_LARGE, ERROR, "%s is too large to compute exactly (limits: %d-bit numerators and denominators, printed values up to 9223372036854775807)") \
	/* typesetting */ \
	X(TS_OVERFULL, WARNING, "overfull line (%.1f pt too wide): %s") \
	X(TS_NO_GLYPH, ERROR, "the font has no glyph for U+%04X") \
	X(TS_FONT, FATAL, "cannot load font %s: %s") \
	X(TS_HYPH, FATAL, "cannot load hyphenation dictionary %s") \
	X(TS_FIG_TALL, ERROR, "figure %d needs %.0f pt, more than a page (%.0f pt): show fewer bars (e.g. split the figure)") \
	X(TS_TAB_WIDE, ERROR, "table %d is too wide: its %zu column groups leave %.0f pt for the row labels (at least %.0f needed): name fewer columns or give the codes short labels") \
	/* pdf */ \
	X(PDF_LIBHARU, FATAL, "libharu error 0x%04lX (detail %lu)") \
	X(PDF_TAG, FATAL, "tagging: %s") \
	/* reproducibility */ \
	X(REPRO_EPOCH, ERROR, "SOURCE_DATE_EPOCH is not a non-negative integer: \"%s\"") \
	X(VERIFY_DIFF, ERROR, "%s differs from the manifest") \
	X(VERIFY_MISSING, ERROR, "%s is missing") \
	X(VERIFY_NO_RECORD, ERROR, "manifest has no \"%s\" record") \
	X(VERIFY_FORMAT, ERROR, "not a notat manifest of format %d (the first line must be \"notat-manifest %d\")") \
	X(VERIFY_NUL, ERROR, "a NUL byte in the manifest (format %d is text)") \
	X(VERIFY_NO_TRAILER, ERROR, "manifest is incomplete: no trailer line \"end COUNT SHA256\" at its end (cut short?)") \
	X(VERIFY_COUNT, ERROR, "the trailer counts %llu lines above it, the manifest has %llu (lines added or removed)") \
	X(VERIFY_HASH, ERROR, "the manifest's text does not match the SHA-256 in its trailer (edited after the build)") \
	X(VERIFY_LINE, ERROR, "malformed manifest line: %s") \
	X(VERIFY_NAME, ERROR, "output name \"%s\" is not a plain name inside the build directory") \
	X(VERIFY_DUP, ERROR, "output \"%s\" is listed twice (first on line %d)") \
	X(VERIFY_INPUT, ERROR, "input %s (%s): %s") \
	X(VERIFY_UNLISTED, ERROR, "the build writes %s, which the manifest does not list") \
	X(VERIFY_NOT_BUILT, ERROR, "output %s is listed, but the build does not write it") \
	X(VERIFY_EXTRA, ERROR, "%s is in the build directory but not in the manifest") \
	X(VERIFY_PUBLISHED, ERROR, "output %s in the build directory: %s") \
	/* publishing into the output directory (pub.c) */ \
	X(PUB_LOCKED, FATAL, "another notat build is writing to this output directory; nothing was written (try again when it has finished)") \
	X(PUB_NOT_DIR, FATAL, "is not a directory: notat keeps its output sets there; nothing was published") \
	X(PUB_IN_WAY, FATAL, "is a %s, in the way of an output; nothing was published (remove it and build again)") \
	/* resources (res.c) */ \
	X(RES_ENV, FATAL, "NOTAT_SHARE=%s has no fonts/ directory") \
	X(RES_NONE, FATAL, "cannot find notat's resources (a directory with fonts/); looked in %s; set NOTAT_SHARE or run 'make install'") \
	X(RES_ICC, ERROR, "not an ICC profile for a PDF/A-1 output intent: %s") \
	/* house style files (style.c) */ \
	X(STYLE_UNKNOWN_KEY, ERROR, "unknown key \"%s\" in a style file%s") \
	X(STYLE_NO_VALUE, ERROR, "%s needs a value") \
	X(STYLE_DUP_KEY, ERROR, "%s is given twice (first on line %d)") \
	X(STYLE_NUMBER, ERROR, "%s must be a number of %s from %g to %g, not \"%s\"") \
	X(STYLE_PAPER, ERROR, "unknown paper \"%s\" (a4 or letter)") \
	X(STYLE_COLOUR, ERROR, "\"%s\" is not a colour: write #RRGGBB (six hexadecimal digits)") \
	X(STYLE_AREA, ERROR, "paper and margins leave a text area of %.0f by %.0f mm; at least %d by %d mm is needed") \
	X(STYLE_FILE, ERROR, "cannot read the %s %s: %s") \
	X(STYLE_FONT, ERROR, "font file %s %s") \
	X(STYLE_IMAGE, ERROR, "logo %s: %s") \
	X(STYLE_LOGO_ONLY, ERROR, "%s is given without a logo") \
	X(STYLE_LOGO_WIDE, ERROR, "the logo is %.0f mm wide, wider than the text area (%.0f mm)") \
	X(STYLE_PDFA_ALPHA, ERROR, "logo %s has transparency (an alpha channel or tRNS), which PDF/A-1 does not allow: use a logo without it with --pdfa") \
	/* notat watch (watch.c) */ \
	X(WATCH_SETUP, FATAL, "cannot watch for changes: %s: %s")

enum diag_msg {
#define X(id, lvl, fmt) M_##id,
	DIAG_MESSAGES
#undef X
	M__MAX
};

/*
 * Reports message m at position p (NULL for none) with the format's
 * arguments, as "file:line:col: error: text" on stderr. Records the level.
 */
void diag(enum diag_msg m, const struct pos *p, ...);
/* Worst level reported so far. */
enum diag_level diag_worst(void);
/* Exit status for the worst level: 0 ok/warnings, 1 error, 3 fatal. */
int diag_exit_status(void);
/* Number of messages of level >= DL_ERROR. */
int diag_errors(void);
/* Forget all reported levels (tests, and verify's inner build). */
void diag_reset(void);
/* Route messages to f instead of stderr (tests); NULL restores stderr. */
void diag_set_stream(void *f);

#endif

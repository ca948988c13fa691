/* lang.h: the words and number style of the output language (layout `lang`).
 *
 * Contract: every word the builder generates (units, "Side x af y", "Figur",
 * "Tabel n (fortsat)", dates, fraction words, list joints ...) comes from one
 * struct lang. Adding a language is adding one table in lang.c. Tables are
 * static and never freed.
 *
 * The language of the build in progress is process state (lang_use /
 * lang_cur): one build sets it after parsing its layout, before evaluating;
 * the formatting functions of stat.c, eval and the typesetter read it. A
 * process that builds documents one after another (verify, watch) sets it
 * for each build. Without lang_use the language is Danish (lang_default).
 */
#ifndef NOTAT_LANG_H
#define NOTAT_LANG_H

#include <stddef.h>

struct lang {
	const char *tag;          /* BCP 47 tag written to /Lang: "da-DK" */
	const char *names[4];     /* layout `lang` values selecting it (case-insensitive), NULL-ended */
	/* numbers */
	const char *decimal;      /* decimal mark: "," */
	const char *thousands;    /* thousands separator: "." */
	const char *range_dash;   /* between the ends of a range: "–" (en dash) */
	const char *minus;        /* sign of a negative number: "-" */
	const char *unit_pct;     /* after a share, with its space: " pct." */
	const char *unit_pp;      /* after a difference of shares: " procentpoint" */
	const char *and_word;     /* last joint of a list: "og" */
	const char *between;      /* "mellem" (a range read "between a and b") */
	const char *out_of;       /* "4 ud af 5": "ud af" */
	const char *half;         /* the fraction 1/2 in a sentence: "halvdelen" */
	const char *almost;       /* "næsten" */
	const char *about;        /* "cirka" */
	const char *a_couple;     /* "et par" (exactly two) */
	const char *numword[13];  /* 0..12 in words */
	/* dates */
	const char *month[12];    /* month names, lower case where the language writes them so */
	const char *day_suffix;   /* after the day: "." ("15. marts 2024"), "" ("15 March 2024") */
	/* document words */
	const char *kind;         /* default document kind: "Notat" */
	const char *page;         /* "Side" */
	const char *of;           /* "af" ("Side 2 af 7") */
	const char *figure;       /* "Figur" (captions; lower-cased by lang_lower for references) */
	const char *table;        /* "Tabel" */
	const char *tables;       /* plural, lower case: "tabellerne" */
	const char *note;         /* "note" (references to footnotes) */
	const char *ref_plural[3];/* a reference to several figures, tables, notes: "figur", "tabel", "note" */
	const char *continued;    /* "fortsat" ("Tabel 18 (fortsat)") */
	const char *note_prefix;  /* "Anm.:" */
	const char *source_prefix;/* "Kilde:" */
	const char *appendix;     /* "Bilag 1" */
	const char *total;        /* a total column or row: "I alt" */
	const char *count_head;   /* a count column: "Antal" */
	const char *pct_head;     /* a percentage column or axis: "Pct." */
	const char *index_head;   /* an index column: "Indeks" */
	const char *respondents;  /* a count axis: "Antal respondenter" */
	const char *editions_axis;/* the editions' variable's label and the x axis of a line over editions: "Udgave" */
	const char *selected;     /* row of a 0/1 item counted as ticked: "Valgt" */
	const char *not_selected; /* "Ikke valgt" */
	const char *key_prefix;   /* a line explaining abbreviations: "Forkortelser:" */
	const char *quote_open;   /* replaces an opening straight " in the layout's text: "”" */
	const char *quote_close;  /* replaces a closing straight ": "”" */
	const char *dash_note;    /* table note for cells shown as "–"; {n} is the minimum base */
	const char *below_note;   /* table note for cells shown as "<{n}" */
	const char *dont_know[6]; /* lower-case labels of answers set apart: "ved ikke", ... NULL-ended */
	const char *contents;     /* the contents sheet of the Bilag workbook: "Indhold" */
	const char *rose;         /* change(): "steget med" (7 procentpoint) */
	const char *fell;         /* change(): "faldet med" */
	const char *unchanged;    /* change() within its threshold: "uændret" */
	const char *significant;  /* sig() printed: "statistisk signifikant" */
	const char *not_significant; /* "ikke statistisk signifikant" */
	const char *summary_row[4]; /* rows of a summary table: "Gennemsnit", "Median",
	                             * "Nedre kvartil", "Øvre kvartil" */
	const char *value_head;   /* the value column of a summary table: "Værdi" */
	const char *no_group;     /* heading of answers without a group: "Uoplyst" */
	const char *texts_hidden; /* after listed answers; {n} is the minimum base */
	/* labels of the variables derived from a municipality table (cb.c) */
	const char *region_label; /* V.region: "Region" */
	const char *menapt_label; /* V.menapt: "Indvandrere og efterkommere med MENAPT-baggrund" */
	/* the starter layout `notat init` writes (layout text; $V is a variable's
	 * name, $T a table's number, $F the data file's name) */
	const char *init_about;   /* first heading: "Om undersøgelsen" */
	const char *init_rows;    /* "Datafilen $F har {count(ALLE)} besvarelser." */
	const char *init_coded;   /* a coded variable's sentence, referring to its table */
	const char *init_multi;   /* a 0/1 item's sentence */
	const char *init_numbers; /* heading of the number variables: "Tal" */
	const char *init_number;  /* after a number variable's title: ": gennemsnittet er ..." */
	const char *init_appendix;/* the appendix line's title: "Bilag 1: Tabeller" */
	/* tables' changes and significance marks (issue 14) */
	const char *plus;         /* sign of a positive change in a table: "+" */
	const char *table_minus;  /* sign of a negative change in a table: "−" (U+2212) */
	const char *change_head;  /* the change column's group: "Ændring" ({old}–{new} follows) */
	const char *pp_head;      /* its sub-head for shares: "Pct.-point" */
	const char *points_head;  /* its sub-head for an index or a value: "Point" */
	const char *sig_head;     /* spreadsheets: the column of the change's mark: "Signifikant" */
	const char *mark_note;    /* the note of marked cells; {mark}, {level} (in percent), {test} */
	const char *change_note;  /* the note of marked changes; {mark}, {old}, {new}, {level}, {test} */
	const char *test_plain;   /* {test}: "Fishers eksakte test eller z-test med kontinuitetskorrektion" */
	const char *test_weighted; /* {test} in a weighted build (z-test, Kish's effective n) */
};

/* The table whose names include name (case-insensitive), or NULL. */
const struct lang *lang_find(const char *name);
/* Danish (da-DK). */
const struct lang *lang_default(void);
/* The tables, for tests: *n gets their number. */
const struct lang *const *lang_all(size_t *n);
/* Makes l the language of the build in progress (NULL: the default). */
void lang_use(const struct lang *l);
/* The language of the build in progress. Never NULL. */
const struct lang *lang_cur(void);
/* "15. marts 2024" / "15 March 2024"; month 1..12. Caller frees. */
char *lang_date(const struct lang *l, int year, int month, int day);
/* "Side 2 af 7". Caller frees. */
char *lang_page_of(const struct lang *l, size_t page, size_t npages);
/* Copy of word with its first letter in lower case (ASCII, Latin-1 letters). Caller frees. */
char *lang_lower(const char *word);
/* Copy of tmpl with every "{n}" replaced by n. Caller frees. */
char *lang_fill(const char *tmpl, long n);
/* Copy of tmpl with every "{KEY}" of the pairs kv[0..2n) (key, value)
 * replaced by its value; other braces stay. Caller frees. */
char *lang_subst(const char *tmpl, const char *const *kv, size_t n);
/* Nonzero if s looks like an abbreviation: no lower-case letter ("BI",
 * "SK") or ending in "." ("Besk."). */
int lang_is_abbrev(const char *s);
/* "Forkortelser: BI: Beskæftigelsesrettet integration; SK: Skoleområdet."
 * for the shorts[i] that are abbreviations (explained by longs[i]), each
 * once; NULL when none is. Caller frees. */
char *lang_key_line(const struct lang *l, const char *const *shorts, const char *const *longs, size_t n);
/* Nonzero if label (first letter in any case) starts with one of l's "don't know" answers. */
int lang_is_dont_know(const struct lang *l, const char *label);

#endif

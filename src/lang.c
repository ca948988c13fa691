/* lang.c: the language tables (Danish, British English) and the few phrases built from them.
 *
 * To add a language, add one static struct lang below and list it in tables[].
 * tests/unit/test_lang.c checks that every field of every table is filled.
 */
#include "lang.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const struct lang da = {
	.tag = "da-DK",
	.names = {"da", "da-DK", NULL},
	.decimal = ",",
	.thousands = ".",
	.range_dash = "–",
	.minus = "-",
	.unit_pct = " pct.",
	.unit_pp = " procentpoint",
	.and_word = "og",
	.between = "mellem",
	.out_of = "ud af",
	.half = "halvdelen",
	.almost = "næsten",
	.about = "cirka",
	.a_couple = "et par",
	.numword = {"nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti",
		"elleve", "tolv"},
	.month = {"januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
		"september", "oktober", "november", "december"},
	.day_suffix = ".",
	.kind = "Notat",
	.page = "Side",
	.of = "af",
	.figure = "Figur",
	.table = "Tabel",
	.tables = "tabellerne",
	.note = "note",
	.ref_plural = {"figur", "tabel", "note"},
	.continued = "fortsat",
	.note_prefix = "Anm.:",
	.source_prefix = "Kilde:",
	.appendix = "Bilag 1",
	.total = "I alt",
	.count_head = "Antal",
	.pct_head = "Pct.",
	.index_head = "Indeks",
	.respondents = "Antal respondenter",
	.editions_axis = "Udgave",
	.selected = "Valgt",
	.not_selected = "Ikke valgt",
	.contents = "Indhold",
	.rose = "steget med",
	.fell = "faldet med",
	.unchanged = "uændret",
	.significant = "statistisk signifikant",
	.not_significant = "ikke statistisk signifikant",
	.summary_row = {"Gennemsnit", "Median", "Nedre kvartil", "Øvre kvartil"},
	.value_head = "Værdi",
	.no_group = "Uoplyst",
	.texts_hidden = "Svar fra grupper med færre end {n} svar vises ikke.",
	.region_label = "Region",
	.menapt_label = "Indvandrere og efterkommere med MENAPT-baggrund",
	.init_about = "Om undersøgelsen",
	.init_rows = "Datafilen $F har {count(ALLE)} besvarelser.",
	.init_coded = "{n($V | ALLE)} har besvaret spørgsmålet; svarene står i @ref(tab-$T).",
	.init_multi = "{share($V | ALLE)} har sat kryds, blandt {n($V | ALLE)} der har svaret.",
	.init_numbers = "Tal",
	.init_number = ": gennemsnittet er {mean($V | ALLE)} og medianen {median($V | ALLE)} blandt"
		" {n($V | ALLE)} svar.",
	.init_appendix = "Bilag 1: Tabeller",
	.key_prefix = "Forkortelser:",
	.quote_open = "”",
	.quote_close = "”",
	.dash_note = "– angiver, at andelen ikke vises, fordi den bygger på færre end {n} besvarelser.",
	.below_note = "<{n} angiver færre end {n} besvarelser.",
	.dont_know = {"ved ikke", "ikke relevant", "uoplyst", "ønsker ikke", NULL},
	.plus = "+",
	.table_minus = "−",
	.change_head = "Ændring",
	.pp_head = "Pct.-point",
	.points_head = "Point",
	.sig_head = "Signifikant",
	.mark_note = "{mark} Andelen i gruppen er signifikant forskellig fra andelen blandt tabellens øvrige "
	    "respondenter (to adskilte grupper; {level} pct.-niveau; {test}). Ingen korrektion for mange sammenligninger.",
	.change_note = "{mark} Ændringen fra {old} til {new} er statistisk signifikant ({level} pct.-niveau; {test}).",
	.test_plain = "Fishers eksakte test eller z-test med kontinuitetskorrektion",
	.test_weighted = "z-test med kontinuitetskorrektion af de vægtede andele med det effektive antal besvarelser (Kish)",
};

static const struct lang en = {
	.tag = "en-GB",
	.names = {"en", "en-GB", NULL},
	.decimal = ".",
	.thousands = ",",
	.range_dash = "–",
	.minus = "-",
	.unit_pct = " per cent",
	.unit_pp = " percentage points",
	.and_word = "and",
	.between = "between",
	.out_of = "out of",
	.half = "half",
	.almost = "almost",
	.about = "about",
	.a_couple = "a couple",
	.numword = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve"},
	.month = {"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"},
	.day_suffix = "",
	.kind = "Memo",
	.page = "Page",
	.of = "of",
	.figure = "Figure",
	.table = "Table",
	.tables = "tables",
	.note = "note",
	.ref_plural = {"figures", "tables", "notes"},
	.continued = "continued",
	.note_prefix = "Note:",
	.source_prefix = "Source:",
	.appendix = "Appendix 1",
	.total = "Total",
	.count_head = "Number",
	.pct_head = "Per cent",
	.index_head = "Index",
	.respondents = "Number of respondents",
	.editions_axis = "Edition",
	.selected = "Selected",
	.not_selected = "Not selected",
	.contents = "Contents",
	.rose = "risen by",
	.fell = "fallen by",
	.unchanged = "unchanged",
	.significant = "statistically significant",
	.not_significant = "not statistically significant",
	.summary_row = {"Mean", "Median", "Lower quartile", "Upper quartile"},
	.value_head = "Value",
	.no_group = "Not stated",
	.texts_hidden = "Answers from groups with fewer than {n} answers are not shown.",
	.region_label = "Region",
	.menapt_label = "Immigrants and descendants with a MENAPT background",
	.init_about = "About the survey",
	.init_rows = "The data file $F has {count(ALLE)} responses.",
	.init_coded = "{n($V | ALLE)} answered the question; the answers are in @ref(tab-$T).",
	.init_multi = "{share($V | ALLE)} ticked it, out of {n($V | ALLE)} who answered.",
	.init_numbers = "Numbers",
	.init_number = ": the mean is {mean($V | ALLE)} and the median {median($V | ALLE)} among"
		" {n($V | ALLE)} answers.",
	.init_appendix = "Appendix 1: Tables",
	.key_prefix = "Abbreviations:",
	.quote_open = "“",
	.quote_close = "”",
	.dash_note = "– means that the share is not shown because it rests on fewer than {n} answers.",
	.below_note = "<{n} means fewer than {n} answers.",
	.dont_know = {"don’t know", "don't know", "not applicable", "prefer not to", NULL},
	.plus = "+",
	.table_minus = "−",
	.change_head = "Change",
	.pp_head = "Points",
	.points_head = "Points",
	.sig_head = "Significant",
	.mark_note = "{mark} The group’s share differs significantly from the share among the table’s other "
	    "respondents (two disjoint groups; {level} per cent level; {test}). No correction for multiple comparisons.",
	.change_note = "{mark} The change from {old} to {new} is statistically significant ({level} per cent level; {test}).",
	.test_plain = "Fisher’s exact test or z-test with continuity correction",
	.test_weighted = "z-test with continuity correction of the weighted shares with the effective sample size (Kish)",
};

static const struct lang *const tables[] = {&da, &en};

static const struct lang *current;

const struct lang *
lang_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t t = 0; t < sizeof tables / sizeof *tables; t++)
		for (size_t i = 0; tables[t]->names[i]; i++)
			if (strcasecmp(tables[t]->names[i], name) == 0)
				return tables[t];
	return NULL;
}

const struct lang *
lang_default(void)
{
	return &da;
}

const struct lang *const *
lang_all(size_t *n)
{
	*n = sizeof tables / sizeof *tables;
	return tables;
}

void
lang_use(const struct lang *l)
{
	current = l;
}

const struct lang *
lang_cur(void)
{
	return current ? current : &da;
}

char *
lang_date(const struct lang *l, int year, int month, int day)
{
	if (month < 1 || month > 12)
		return xasprintf("%d-%02d-%02d", year, month, day);
	return xasprintf("%d%s %s %d", day, l->day_suffix, l->month[month - 1], year);
}

char *
lang_page_of(const struct lang *l, size_t page, size_t npages)
{
	return xasprintf("%s %zu %s %zu", l->page, page, l->of, npages);
}

char *
lang_lower(const char *word)
{
	char *r = xstrdup(word);
	unsigned char *u = (unsigned char *)r;
	if (u[0] >= 'A' && u[0] <= 'Z')
		u[0] = (unsigned char)(u[0] + 32);
	else if (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97)
		u[1] = (unsigned char)(u[1] + 0x20);
	return r;
}

char *
lang_fill(const char *tmpl, long n)
{
	struct buf b = {0};
	for (const char *p = tmpl; *p;) {
		if (strncmp(p, "{n}", 3) == 0) {
			buf_printf(&b, "%ld", n);
			p += 3;
		} else
			buf_putc(&b, *p++);
	}
	return buf_take(&b);
}

char *
lang_subst(const char *tmpl, const char *const *kv, size_t n)
{
	struct buf b = {0};
	for (const char *p = tmpl; *p;) {
		size_t i = 0, k = 0;
		for (; *p == '{' && i < n; i++) {
			k = strlen(kv[2 * i]);
			if (strncmp(p + 1, kv[2 * i], k) == 0 && p[1 + k] == '}')
				break;
		}
		if (*p == '{' && i < n) {
			buf_puts(&b, kv[2 * i + 1]);
			p += k + 2;
		} else
			buf_putc(&b, *p++);
	}
	return buf_take(&b);
}

int
lang_is_abbrev(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return 0;
	if (s[n - 1] == '.')
		return 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE))
			return 0;
	return 1;
}

char *
lang_key_line(const struct lang *l, const char *const *shorts, const char *const *longs, size_t n)
{
	struct buf b = {0};
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (shorts[i] == NULL || longs[i] == NULL || !lang_is_abbrev(shorts[i]) || strcmp(shorts[i], longs[i]) == 0)
			continue;
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = shorts[j] && strcmp(shorts[j], shorts[i]) == 0;
		if (seen)
			continue;
		buf_printf(&b, "%s %s: %s", k++ ? ";" : l->key_prefix, shorts[i], longs[i]);
	}
	if (k == 0)
		return NULL;
	buf_puts(&b, ".");
	return buf_take(&b);
}

/* Nonzero if a starts with the lower-case word b, ignoring the case of a's
 * first letter (ASCII and the Danish letters Æ, Ø, Å) and ASCII case after it. */
static int
starts_folded(const char *a, const char *b)
{
	char *x = lang_lower(a);
	int r = strncasecmp(x, b, strlen(b)) == 0;
	free(x);
	return r;
}

int
lang_is_dont_know(const struct lang *l, const char *label)
{
	for (size_t i = 0; l->dont_know[i]; i++)
		if (starts_folded(label, l->dont_know[i]))
			return 1;
	return 0;
}

/* checkclaims.c: recomputes every figure of claims.md from the response set.
 *
 * Usage: tools/checkclaims SVAR.CSV KOMMUNER.CSV
 *
 * An independent check of the SYNTHETIC data set: it reads only the response
 * file and the municipality table (not the plan, not the codebook), computes
 * each claim under the definition written in shared/reference/claims.md and
 * prints, per claim, numerator, denominator, the value as the notat would
 * print it and the expected value. Exit status 0 when every claim matches,
 * 1 otherwise. Every printed figure is computed in integers: a percentage
 * is (200*num + den) / (2*den), shares are compared cross-multiplied. Only
 * the R7 assertion (averages of six index ratios) uses doubles, and it
 * demands a margin of more than a point, so rounding cannot decide it.
 *
 * libc only: cc -std=c11 -O2 -o tools/checkclaims tools/checkclaims.c
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MISSING INT_MIN
#define MAXCOL 512
#define MAXROW 4096
#define MAXMUNI 256

enum { BI = 1, SB, SV, SK };
static const char *const area_name[] = { "?", "BI", "SB", "SV", "SK" };

static char *colname[MAXCOL];
static int ncol;
static int *rows[MAXROW];
static int nrows;
static char *muni_name[MAXMUNI];
static long muni_menapt[MAXMUNI];
static int nmuni;
static int failures, checks;

_Noreturn static void fatal(const char *msg, const char *arg)
{
	fprintf(stderr, "checkclaims: %s%s\n", msg, arg ? arg : "");
	exit(2);
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (!p)
		fatal("out of memory", NULL);
	memcpy(p, s, n);
	return p;
}

static int muni_find(const char *name)
{
	int i;
	for (i = 0; i < nmuni; i++)
		if (strcmp(muni_name[i], name) == 0)
			return i;
	return -1;
}

/* Splits a line at commas (no quoting in these files). */
static int split_commas(char *s, char **f, int max)
{
	int n = 0;
	f[n++] = s;
	for (; *s; s++)
		if (*s == ',') {
			if (n == max)
				fatal("too many fields", NULL);
			*s = '\0';
			f[n++] = s + 1;
		} else if (*s == '"')
			fatal("quoted fields are not expected", NULL);
	return n;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static void load_munis(const char *path)
{
	static char line[4096];
	char *f[8];
	int header = 0;
	FILE *fp = fopen(path, "r");
	if (!fp)
		fatal("cannot open ", path);
	while (fgets(line, sizeof line, fp)) {
		chomp(line);
		if (!header && line[0] == '#')
			continue;
		if (!header) {
			header = 1;
			continue;
		}
		if (!line[0])
			continue;
		if (split_commas(line, f, 8) != 3)
			fatal("bad municipality line: ", line);
		if (nmuni == MAXMUNI)
			fatal("too many municipalities", NULL);
		muni_name[nmuni] = xstrdup(f[0]);
		muni_menapt[nmuni] = strtol(f[2], NULL, 10);
		nmuni++;
	}
	fclose(fp);
}

static int col(const char *name)
{
	int i;
	for (i = 0; i < ncol; i++)
		if (strcmp(colname[i], name) == 0)
			return i;
	fatal("no column ", name);
	return -1;
}

static void load_data(const char *path)
{
	static char line[65536];
	char *f[MAXCOL];
	int header = 0, c_kommune = -1, c_id = -1;
	FILE *fp = fopen(path, "r");
	if (!fp)
		fatal("cannot open ", path);
	while (fgets(line, sizeof line, fp)) {
		int n, i;
		chomp(line);
		if (!header && line[0] == '#')
			continue;
		n = split_commas(line, f, MAXCOL);
		if (!header) {
			for (i = 0; i < n; i++)
				colname[i] = xstrdup(f[i]);
			ncol = n;
			header = 1;
			c_kommune = col("kommune");
			c_id = col("id");
			continue;
		}
		if (n != ncol)
			fatal("wrong number of fields: ", f[0]);
		if (nrows == MAXROW)
			fatal("too many rows", NULL);
		rows[nrows] = malloc((size_t)ncol * sizeof(int));
		if (!rows[nrows])
			fatal("out of memory", NULL);
		for (i = 0; i < ncol; i++) {
			if (i == c_id)
				rows[nrows][i] = nrows;
			else if (i == c_kommune) {
				rows[nrows][i] = muni_find(f[i]);
				if (rows[nrows][i] < 0)
					fatal("unknown municipality ", f[i]);
			} else if (!f[i][0])
				rows[nrows][i] = MISSING;
			else {
				char *end;
				long v = strtol(f[i], &end, 10);
				if (*end)
					fatal("not an integer: ", f[i]);
				rows[nrows][i] = (int)v;
			}
		}
		nrows++;
	}
	fclose(fp);
}

/* ---------------------------------------------------------------- arithmetic */

static long pct(long num, long den)
{
	return den ? (200 * num + den) / (2 * den) : -1;
}

/* Share num/den as a rational; compares and differences cross-multiplied. */
struct share {
	long num, den;
};

static int share_cmp(struct share a, struct share b)
{
	long l = a.num * b.den, r = b.num * a.den;
	return (l > r) - (l < r);
}

/* A difference of two shares in points, as a rational of hundredths. */
struct ratio {
	long num, den; /* value = num/den points */
};

static struct ratio points_diff(struct share a, struct share b)
{
	struct ratio r;
	r.num = 100 * (a.num * b.den - b.num * a.den);
	r.den = a.den * b.den;
	return r;
}

static int ratio_cmp(struct ratio a, struct ratio b)
{
	long l = a.num * b.den, r = b.num * a.den;
	return (l > r) - (l < r);
}

/* Rounds a nonnegative ratio half up to an integer. */
static long ratio_round(struct ratio r)
{
	return (2 * r.num + r.den) / (2 * r.den);
}

static double approx(long num, long den) /* for display only */
{
	return den ? 100.0 * (double)num / (double)den : 0.0;
}

static void report(const char *id, const char *what, long num, long den, const char *got, const char *want)
{
	int ok = strcmp(got, want) == 0;
	checks++;
	if (!ok)
		failures++;
	printf("%-4s %-58s %5ld/%-4ld %-22s expected %-22s %s\n", id, what, num, den, got, want, ok ? "ok" : "MISMATCH");
}

static void report_pct(const char *id, const char *what, long num, long den, long want)
{
	char g[400], w[32];
	snprintf(g, sizeof g, "%ld pct. (%.2f)", pct(num, den), approx(num, den));
	snprintf(w, sizeof w, "%ld pct.", want);
	{
		int ok = pct(num, den) == want;
		checks++;
		if (!ok)
			failures++;
		printf("%-4s %-58s %5ld/%-4ld %-22s expected %-22s %s\n", id, what, num, den, g, w, ok ? "ok" : "MISMATCH");
	}
}

static void report_bool(const char *id, const char *what, int ok, const char *detail)
{
	checks++;
	if (!ok)
		failures++;
	printf("%-4s %-58s %-33s %s\n", id, what, detail, ok ? "ok" : "MISMATCH");
}

/* The nearest p/q, q in 2..5; writes "p ud af q" (or "halvdelen"); returns
 * whether the share is within 3 points of it. *below: share < p/q. */
static int fraction_phrase(long num, long den, char *out, size_t outsz, int *below)
{
	int q, p, bp = 0, bq = 1;
	long bestn = -1, bestd = 1;
	for (q = 2; q <= 5; q++)
		for (p = 1; p < q; p++) {
			long dn = labs(num * q - (long)p * den), dd = den * q;
			if (bestn < 0 || dn * bestd < bestn * dd) {
				bestn = dn;
				bestd = dd;
				bp = p;
				bq = q;
			}
		}
	if (bp * 2 == bq)
		snprintf(out, outsz, "halvdelen");
	else
		snprintf(out, outsz, "%d ud af %d", bp, bq);
	*below = num * bq < (long)bp * den;
	return bestn * 100 <= 3 * bestd;
}

static void report_fraction(const char *id, const char *what, long num, long den, const char *want, int mode)
{
	/* mode 0: plain, 1: 'næsten' (below and within 3), 2: 'cirka' (within 3) */
	char ph[32], g[48];
	int below, within = fraction_phrase(num, den, ph, sizeof ph, &below), ok;
	snprintf(g, sizeof g, "%s%s", mode == 1 ? "næsten " : mode == 2 ? "cirka " : "", ph);
	ok = within && (mode != 1 || below) && strcmp(g, want) == 0;
	checks++;
	if (!ok)
		failures++;
	printf("%-4s %-58s %5ld/%-4ld %-22s expected %-22s %s\n", id, what, num, den, g, want, ok ? "ok" : "MISMATCH");
	printf("     %-58s (%.2f pct.; %s 3 points of the fraction)\n", "", approx(num, den), within ? "within" : "NOT within");
}

/* ---------------------------------------------------------------- data access */

static int C_omraade, C_status, C_kommune, C_aere, C_k[4];

static int V(int r, int c)
{
	return rows[r][c];
}

static int is_resp(int r)
{
	int s = V(r, C_status);
	return s == 1 || s == 2;
}

static int area(int r)
{
	return V(r, C_omraade);
}

static long menapt(int r)
{
	return muni_menapt[V(r, C_kommune)];
}

static int in_K(int r)
{
	return is_resp(r) && V(r, C_k[0]) != MISSING;
}

static int knows(int v)
{
	return v != MISSING && v >= 2 && v <= 4;
}

static int uses(int v)
{
	return v != MISSING && v >= 3 && v <= 4;
}

/* Share of an item (0/1 multi or a code set) among the area's respondents who
 * answered it. */
static struct share item_share(int a, const char *name)
{
	struct share s = { 0, 0 };
	int c = col(name), r;
	for (r = 0; r < nrows; r++) {
		if (!is_resp(r) || (a && area(r) != a) || V(r, c) == MISSING)
			continue;
		s.den++;
		s.num += V(r, c) == 1;
	}
	return s;
}

static void pct_item(const char *id, const char *what, int a, const char *name, long want)
{
	struct share s = item_share(a, name);
	report_pct(id, what, s.num, s.den, want);
}

/* Rank (1 = largest) of item `name` in a battery given by prefix, on
 * unrounded shares; rank = 1 + number of items with a strictly larger share. */
static int battery_rank(int a, const char *prefix, const char *name, struct share *out, int *nitems)
{
	struct share me = item_share(a, name);
	int i, rank = 1;
	size_t pl = strlen(prefix);
	*nitems = 0;
	for (i = 0; i < ncol; i++)
		if (strncmp(colname[i], prefix, pl) == 0) {
			struct share s = item_share(a, colname[i]);
			(*nitems)++;
			if (share_cmp(s, me) > 0)
				rank++;
		}
	if (out)
		*out = me;
	return rank;
}

/* ---------------------------------------------------------------- claims */

static void claims_data(void)
{
	int r, m, resp = 0, partial = 0, nm = 0;
	int has_resp[MAXMUNI] = { 0 }, invited[MAXMUNI] = { 0 }, per_area[5] = { 0 };
	char buf[256], list[512] = "";
	int first = 1, amax = 1, amin = 1, a;
	for (r = 0; r < nrows; r++) {
		invited[V(r, C_kommune)] = 1;
		if (is_resp(r)) {
			resp++;
			has_resp[V(r, C_kommune)] = 1;
			per_area[area(r)]++;
		}
		if (V(r, C_status) == 2)
			partial++;
	}
	snprintf(buf, sizeof buf, "%d", nrows);
	report("D1", "invited departments", nrows, 1, buf, "368");
	snprintf(buf, sizeof buf, "%d", resp);
	report("D2", "respondents (complete + partial)", resp, nrows, buf, "237");
	{
		long pm = (2000L * resp + nrows) / (2L * nrows);
		snprintf(buf, sizeof buf, "%ld,%ld pct.", pm / 10, pm % 10);
		report("D3", "response rate, one decimal", resp, nrows, buf, "64,4 pct.");
	}
	for (m = 0; m < nmuni; m++)
		nm += has_resp[m];
	snprintf(buf, sizeof buf, "%d", nm);
	report("D4", "municipalities with a respondent", nm, nmuni, buf, "95");
	snprintf(buf, sizeof buf, "%d", partial);
	report("D5", "partial respondents", partial, resp, buf, "24");
	for (m = 0; m < nmuni; m++)
		if (invited[m] && !has_resp[m]) {
			strcat(list, first ? "" : ", ");
			strcat(list, muni_name[m]);
			first = 0;
		}
	report("D6", "invited, no respondent (kommuner.csv order)", 0, 0, list, "Ringsted, Fanø, Holstebro");
	for (a = 1; a <= 4; a++) {
		if (per_area[a] > per_area[amax])
			amax = a;
		if (per_area[a] < per_area[amin])
			amin = a;
	}
	snprintf(buf, sizeof buf, "%s / %s", area_name[amax], area_name[amin]);
	{
		char d[64];
		snprintf(d, sizeof d, "BI %d SB %d SV %d SK %d", per_area[1], per_area[2], per_area[3], per_area[4]);
		report("D7", d, 0, 0, buf, "BI / SV");
	}
	{
		int ties = 0;
		for (a = 1; a <= 4; a++)
			ties += (a != amax && per_area[a] == per_area[amax]) + (a != amin && per_area[a] == per_area[amin]);
		report_bool("D7", "most / fewest are unique", ties == 0, "");
	}
}

static void claims_knowledge(void)
{
	long K = 0, any = 0, all = 0, none = 0, none_sksv = 0, users = 0, users3 = 0;
	long known[4] = { 0 }, H = 0, sikk_not = 0;
	long ak[5][4] = { { 0 } }, au[5][4] = { { 0 } }, aK[5] = { 0 }, aH[5] = { 0 };
	long s4_dept = 0, s4_muni = 0, bi_asked_sikk = 0, bi_aere = 0;
	int s4_seen[MAXMUNI] = { 0 };
	int r, i, a;
	char buf[128];
	for (r = 0; r < nrows; r++) {
		int nk = 0, nasked = 0, used = 0, used3 = 0;
		if (!in_K(r))
			continue;
		K++;
		a = area(r);
		aK[a]++;
		for (i = 0; i < 4; i++) {
			int v = V(r, C_k[i]);
			if (v == MISSING)
				continue;
			nasked++;
			nk += knows(v);
			used |= uses(v);
			if (i < 3)
				used3 |= uses(v);
			known[i] += knows(v);
			ak[a][i] += knows(v);
			au[a][i] += uses(v);
			if (i == 3) {
				H++;
				aH[a]++;
				if (v == 1) {
					sikk_not++;
					if (menapt(r) > 5000) {
						s4_dept++;
						if (!s4_seen[V(r, C_kommune)]++)
							s4_muni++;
					}
				}
			}
		}
		if (nk > 0)
			any++;
		if (nk == nasked)
			all++;
		if (nk == 0) {
			none++;
			none_sksv += a == SK || a == SV;
		}
		users += used;
		users3 += used3;
	}
	for (r = 0; r < nrows; r++)
		if (is_resp(r) && area(r) == BI) {
			bi_asked_sikk += V(r, C_k[3]) != MISSING;
			bi_aere += V(r, C_aere) == 1;
		}
	/* every honour-filtered respondent in K answered the sikk item */
	{
		long hf = 0;
		for (r = 0; r < nrows; r++)
			hf += in_K(r) && V(r, C_aere) == 1;
		snprintf(buf, sizeof buf, "K %ld, honour-filtered in K %ld, H %ld", K, hf, H);
		report_bool("K", "base K < D2; H = honour-filtered in K", K < 237 && hf == H, buf);
	}
	report_fraction("K1", "knows at least one activity asked", any, K, "4 ud af 5", 0);
	report_pct("K2", "knows all activities asked", all, K, 53);
	report_pct("K3", "knows none", none, K, 19);
	report_pct("K4", "of those knowing none: in SK or SV", none_sksv, none, 81);
	report_pct("K5", "knows rådgivning", known[1], K, 74);
	{
		struct share s[4] = { { known[0], K }, { known[1], K }, { known[2], K }, { known[3], H } };
		int largest = 1, smallest = 1;
		for (i = 0; i < 4; i++) {
			if (i != 1 && share_cmp(s[i], s[1]) >= 0)
				largest = 0;
			if (i != 3 && share_cmp(s[i], s[3]) <= 0)
				smallest = 0;
		}
		snprintf(buf, sizeof buf, "%.1f %.1f %.1f %.1f", approx(known[0], K), approx(known[1], K), approx(known[2], K), approx(known[3], H));
		report_bool("K5", "rådgivning largest, sikk smallest (kurs radg netv sikk)", largest && smallest, buf);
	}
	report_pct("K6", "honour-filtered knowing the sikkerhedskonsulenter", known[3], H, 62);
	snprintf(buf, sizeof buf, "%ld", bi_asked_sikk);
	report("K7", "BI respondents who answered the sikk item", bi_asked_sikk, 0, buf, "48");
	snprintf(buf, sizeof buf, "%ld", bi_aere);
	report("K7", "BI respondents honour-filtered (aere = ja)", bi_aere, 0, buf, "48");
	{
		struct share mn = { ak[BI][0], aK[BI] }, mx = mn;
		for (i = 1; i < 3; i++) {
			struct share s = { ak[BI][i], aK[BI] };
			if (share_cmp(s, mn) < 0)
				mn = s;
			if (share_cmp(s, mx) > 0)
				mx = s;
		}
		snprintf(buf, sizeof buf, "%ld-%ld pct.", pct(mn.num, mn.den), pct(mx.num, mx.den));
		report("K8", "BI: knows kurser/rådgivning/netværksmøder, min-max", mn.num, mx.num, buf, "94-100 pct.");
	}
	report_pct("K9", "BI: knows the sikkerhedskonsulenter", ak[BI][3], aH[BI], 79);
	report_fraction("K10", "uses at least one activity (any of the four)", users, K, "2 ud af 3", 0);
	snprintf(buf, sizeof buf, "%ld", users3);
	report("K10", "uses kurser/rådgivning/netværksmøder (= T)", users3, K, buf, "149");
	{
		struct ratio mn = { 0, 0 }, mx = { 0, 0 };
		int first = 1, as[3] = { SK, SB, SV };
		for (i = 0; i < 3; i++)
			for (int j = 0; j < 4; j++) {
				long den = j == 3 ? aH[as[i]] : aK[as[i]];
				struct share k = { ak[as[i]][j], den }, u = { au[as[i]][j], den };
				struct ratio d = points_diff(k, u);
				if (first || ratio_cmp(d, mn) < 0)
					mn = d;
				if (first || ratio_cmp(d, mx) > 0)
					mx = d;
				first = 0;
			}
		snprintf(buf, sizeof buf, "%ld-%ld procentpoint", ratio_round(mn), ratio_round(mx));
		report("K11", "SK/SB/SV: known minus used, min-max (unrounded)", 0, 0, buf, "15-33 procentpoint");
	}
	report_pct("K12", "SB: knows rådgivning", ak[SB][1], aK[SB], 80);
	report_pct("K12", "SB: knows the sikkerhedskonsulenter", ak[SB][3], aH[SB], 75);
	report_pct("S1", "honour-filtered not knowing the ordning (code 1)", sikk_not, H, 38);
	snprintf(buf, sizeof buf, "%ld / %ld", s4_dept, s4_muni);
	report("S4", "not knowing, MENAPT > 5.000: departments / municipalities", s4_dept, s4_muni, buf, "13 / 9");
}

static void claims_contact(void)
{
	struct share sv = item_share(SV, "sv_kaer_sikk"), sk = item_share(SK, "sk_kaer_sikk");
	struct share mn = share_cmp(sv, sk) <= 0 ? sv : sk, mx = share_cmp(sv, sk) <= 0 ? sk : sv;
	struct share sb_siri = item_share(SB, "sb_kaer_siri"), sv_siri = item_share(SV, "sv_kaer_siri");
	char buf[64];
	snprintf(buf, sizeof buf, "mellem %ld pct. og %ld pct.", pct(mn.num, mn.den), pct(mx.num, mx.den));
	report("S2", "SK and SV: contact sikkerhedskonsulenterne, min-max", 0, 0, buf, "mellem 8 pct. og 10 pct.");
	pct_item("S3", "SB: contact sikkerhedskonsulenterne", SB, "sb_kaer_sikk", 34);
	pct_item("S3", "BI (b): contact sikkerhedskonsulenterne", BI, "bi_kaer_sikk", 48);
	{
		struct share b = item_share(BI, "bi_kaer_sikk");
		snprintf(buf, sizeof buf, "%ld", b.den);
		report("S3", "BI (b) base = the honour-filtered", b.den, 0, buf, "48");
	}
	pct_item("R8", "BI (a): contact SIRI first", BI, "bi_kint_siri", 71);
	pct_item("R9", "SK: contact SIRI first in a concrete case", SK, "sk_kaer_siri", 19);
	report_pct("R9", "SB and SV pooled: contact SIRI first", sb_siri.num + sv_siri.num, sb_siri.den + sv_siri.den, 31);
	/* up to three choices; 'ved ikke' alone */
	{
		const char *pre[5] = { "bi_kint_", "bi_kaer_", "sb_kaer_", "sv_kaer_", "sk_kaer_" };
		int bad = 0, r, i, p;
		for (p = 0; p < 5; p++)
			for (r = 0; r < nrows; r++) {
				int n = 0, vedikke = 0, answered = 0;
				for (i = 0; i < ncol; i++)
					if (strncmp(colname[i], pre[p], 8) == 0 && V(r, i) != MISSING) {
						answered = 1;
						n += V(r, i) == 1;
						if (strstr(colname[i], "vedikke"))
							vedikke = V(r, i) == 1;
					}
				if (answered && (n < 1 || n > 3 || (vedikke && n > 1)))
					bad++;
			}
		report_bool("-", "contact questions: 1-3 choices, 'ved ikke' alone", bad == 0, "");
	}
}

static void claims_satisfaction(void)
{
	int c = col("tilfreds"), r;
	long T = 0, sat = 0, unsat = 0, pop = 0;
	char buf[96];
	for (r = 0; r < nrows; r++) {
		if (is_resp(r) && (uses(V(r, C_k[0])) || uses(V(r, C_k[1])) || uses(V(r, C_k[2]))))
			pop++;
		if (!is_resp(r) || V(r, c) == MISSING)
			continue;
		T++;
		sat += V(r, c) == 1 || V(r, c) == 2;
		unsat += V(r, c) == 4 || V(r, c) == 5;
	}
	snprintf(buf, sizeof buf, "%ld (population %ld)", T, pop);
	report("T1", "answered satisfaction (population T)", T, pop, buf, "149 (population 149)");
	report_pct("T2", "tilfreds or meget tilfreds", sat, T, 70);
	report_pct("T3", "utilfreds or meget utilfreds", unsat, T, 2);
}

static const char *const rel_vars[6] = { "rel_opdat", "rel_praksis", "rel_opgave", "rel_samarb", "rel_behov", "rel_nyviden" };

static void claims_relevance(void)
{
	long hi[6] = { 0 }, lo[6] = { 0 }, no[6] = { 0 }, base[6] = { 0 };
	long ahi[6][5] = { { 0 } }, abase[6][5] = { { 0 } }, aidx[6][5] = { { 0 } };
	int s, r, a;
	char buf[96];
	static const int score[6] = { 0, 100, 75, 50, 25, 0 };
	for (s = 0; s < 6; s++) {
		int c = col(rel_vars[s]);
		for (r = 0; r < nrows; r++) {
			int v = V(r, c);
			if (!is_resp(r) || v == MISSING || v == 6)
				continue;
			a = area(r);
			base[s]++;
			abase[s][a]++;
			hi[s] += v <= 2;
			ahi[s][a] += v <= 2;
			lo[s] += v == 4 || v == 5;
			no[s] += v == 3;
			aidx[s][a] += score[v];
		}
	}
	report_pct("R1", "statement 1: høj + meget høj", hi[0], base[0], 46);
	report_pct("R2", "statement 2: høj + meget høj", hi[1], base[1], 39);
	report_pct("R3", "statement 1: lav + meget lav", lo[0], base[0], 14);
	report_pct("R3", "statement 2: lav + meget lav", lo[1], base[1], 14);
	report_pct("R4", "statement 3: høj + meget høj", hi[2], base[2], 34);
	report_pct("R4", "statement 3: i nogen grad", no[2], base[2], 41);
	report_pct("R5", "statement 4: lav + meget lav", lo[3], base[3], 40);
	/* R6: gap = mean(BI, SB, SV shares) - SK share, as a rational */
	{
		struct ratio mn = { 0, 1 }, mx = { 0, 1 };
		int allpos = 1;
		for (s = 0; s < 6; s++) {
			/* mean of three shares minus SK: common denominator */
			long d1 = abase[s][BI], d2 = abase[s][SB], d3 = abase[s][SV], d4 = abase[s][SK];
			struct ratio g;
			g.den = 3 * d1 * d2 * d3 * d4;
			g.num = 100 * (ahi[s][BI] * d2 * d3 * d4 + ahi[s][SB] * d1 * d3 * d4 + ahi[s][SV] * d1 * d2 * d4
			    - 3 * ahi[s][SK] * d1 * d2 * d3);
			if (g.num <= 0)
				allpos = 0;
			if (s == 0 || ratio_cmp(g, mn) < 0)
				mn = g;
			if (s == 0 || ratio_cmp(g, mx) > 0)
				mx = g;
			printf("       %-12s høj+meget høj BI %5.1f SB %5.1f SV %5.1f SK %5.1f  gap %5.2f\n", rel_vars[s],
			    approx(ahi[s][BI], d1), approx(ahi[s][SB], d2), approx(ahi[s][SV], d3), approx(ahi[s][SK], d4),
			    (double)g.num / (double)g.den);
		}
		snprintf(buf, sizeof buf, "%ld og %ld procentpoint", allpos ? ratio_round(mn) : -1, ratio_round(mx));
		report("R6", "SK below the others' mean on all six: gap min-max", 0, 0, buf, "10 og 39 procentpoint");
	}
	/* R7: index = sum(score)/base; compare averages as sums of rationals via doubles? no: cross-multiply */
	{
		int ok = 1;
		double avg[5] = { 0 };
		for (s = 0; s < 6; s++) {
			for (a = 1; a <= 4; a++)
				avg[a] += (double)aidx[s][a] / (double)abase[s][a] / 6.0; /* display and average test */
			/* BI and SB above 50 on every statement: sum > 50 * base */
			if (aidx[s][BI] <= 50 * abase[s][BI] || aidx[s][SB] <= 50 * abase[s][SB])
				ok = 0;
			/* SK lowest on every statement */
			for (a = 1; a <= 3; a++)
				if (aidx[s][SK] * abase[s][a] >= aidx[s][a] * abase[s][SK])
					ok = 0;
		}
		/* The averages are means of six ratios; the margins are wide (checked
		 * to be > 1 point), so a double comparison cannot flip them. */
		if (!(avg[BI] - avg[SB] <= 10 && avg[SB] - avg[BI] <= 10))
			ok = 0;
		if (!(avg[SV] < avg[BI] - 1 && avg[SV] < avg[SB] - 1))
			ok = 0;
		if (!(avg[SK] < avg[SV] - 1))
			ok = 0;
		snprintf(buf, sizeof buf, "avg BI %.1f SB %.1f SV %.1f SK %.1f", avg[BI], avg[SB], avg[SV], avg[SK]);
		report_bool("R7", "index: BI,SB > 50 all six, within 10; SV < both; SK lowest", ok, buf);
	}
}

static void claims_batteries(void)
{
	struct share s;
	int rank, n;
	char buf[96];
	{
		struct share b1 = item_share(BI, "bi_prob_sprog");
		report_fraction("B1", "BI: begrænsede danskkompetencer", b1.num, b1.den, "næsten 4 ud af 5", 1);
	}
	{
		int r1 = battery_rank(BI, "bi_tilt_", "bi_tilt_virk", NULL, &n);
		int r2 = battery_rank(BI, "bi_tilt_", "bi_tilt_sprog", &s, &n);
		struct share v = item_share(BI, "bi_tilt_virk");
		snprintf(buf, sizeof buf, "virk rank %d (%ld), sprog rank %d (%ld) of %d", r1, v.num, r2, s.num, n);
		report_bool("B2", "BI initiatives: virksomhedssamarbejde 1st, sprog 2nd", r1 == 1 && r2 == 2 && share_cmp(v, s) > 0, buf);
	}
	pct_item("B3", "BI: knowledge wanted on sprogundervisning", BI, "bi_viden_sprog", 55);
	pct_item("B4", "BI: sundheds- og helbredsudfordringer", BI, "bi_prob_sundhed", 48);
	pct_item("B4", "BI: ikke-vestlige kvinder", BI, "bi_prob_kvinder", 48);
	pct_item("B4", "BI: nyankomne flygtninge", BI, "bi_prob_nyank", 47);
	s = item_share(SB, "sb_prob_foraeldre");
	report_fraction("C1", "SB: forældre som udøvere af NSK", s.num, s.den, "2 ud af 3", 0);
	pct_item("C2", "SB: NSK i familier med komplicerede problemstillinger", SB, "sb_prob_kompl", 40);
	pct_item("C3", "SB: genopdragelsesrejser", SB, "sb_prob_genopd", 26);
	pct_item("C4", "SB: knowledge wanted on risikovurderinger", SB, "sb_viden_risiko", 47);
	pct_item("C4", "SB: knowledge wanted on opsporing", SB, "sb_viden_opspor", 44);
	/* G1 / G2: ticks none of the listed problems (= the exclusive 'ingen' item,
	 * which must coincide with 'all other items 0') */
	{
		const char *pre[2] = { "sv_prob_", "sk_prob_" };
		const char *want[2] = { "cirka 1 ud af 4", "cirka 1 ud af 4" };
		int ar[2] = { SV, SK }, k, r, i;
		for (k = 0; k < 2; k++) {
			long none = 0, base = 0, cls[3] = { 0 }, mismatch = 0;
			for (r = 0; r < nrows; r++) {
				int answered = 0, ticks = 0, ingen = 0;
				if (!is_resp(r) || area(r) != ar[k])
					continue;
				for (i = 0; i < ncol; i++)
					if (strncmp(colname[i], pre[k], 8) == 0 && V(r, i) != MISSING) {
						answered = 1;
						if (strstr(colname[i], "_ingen"))
							ingen = V(r, i) == 1;
						else
							ticks += V(r, i) == 1;
					}
				if (!answered)
					continue;
				base++;
				mismatch += ingen != (ticks == 0);
				if (ticks == 0) {
					none++;
					cls[menapt(r) < 1000 ? 0 : menapt(r) > 5000 ? 2 : 1]++;
				}
			}
			report_fraction("G1", k ? "SK: ticks none of the listed problems" : "SV: ticks none of the listed problems", none, base, want[k], 2);
			report_bool("G1", "'ingen' ticked exactly when no problem is", mismatch == 0, "");
			snprintf(buf, sizeof buf, "<1.000: %ld, 1.000-5.000: %ld, >5.000: %ld", cls[0], cls[1], cls[2]);
			if (k == 0)
				report_bool("G2", "SV none-tickers mostly under 1.000 MENAPT", 2 * cls[0] > none, buf);
			else
				report_bool("G2", "SK none-tickers mostly under 1.000, exactly 2 over 5.000", 2 * cls[0] > none && cls[2] == 2, buf);
		}
	}
	pct_item("V1", "SV: knowledge wanted on opkvalificering", SV, "sv_viden_opkval", 29);
	pct_item("V1", "SV: knowledge wanted on opsporing", SV, "sv_viden_opspor", 24);
	pct_item("V2", "SV: borgeres behov efter krisecenterophold", SV, "sv_prob_krise", 68);
	pct_item("E1", "SK: genopdragelsesrejser", SK, "sk_prob_genopd", 10);
	{
		const char *items[3] = { "trygge", "demokrati", "foraeldre" };
		const char *bat[2] = { "sk_tilt_", "sk_viden_" };
		int ok = 1, b, i;
		char name[64], d[96] = "";
		for (b = 0; b < 2; b++)
			for (i = 0; i < 3; i++) {
				char t[16];
				snprintf(name, sizeof name, "%s%s", bat[b], items[i]);
				rank = battery_rank(SK, bat[b], name, NULL, &n);
				ok &= rank <= 4;
				snprintf(t, sizeof t, "%s%d", i ? "," : (b ? " viden " : "tilt "), rank);
				strcat(d, t);
			}
		report_bool("E2", "SK: trygge, demokrati, forældre in top 4 of both", ok, d);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: checkclaims SVAR.CSV KOMMUNER.CSV\n", stderr);
		return 2;
	}
	load_munis(argv[2]);
	load_data(argv[1]);
	C_omraade = col("omraade");
	C_status = col("status");
	C_kommune = col("kommune");
	C_aere = col("aere");
	C_k[0] = col("kend_kurser");
	C_k[1] = col("kend_radg");
	C_k[2] = col("kend_netv");
	C_k[3] = col("kend_sikk");
	claims_data();
	claims_knowledge();
	claims_satisfaction();
	claims_relevance();
	claims_contact();
	claims_batteries();
	printf("\n%d checks, %d mismatches\n", checks, failures);
	return failures ? 1 : 0;
}

/* gendata.c: deterministic generator of the SYNTHETIC response set.
 *
 * Usage: tools/gendata PLAN > svar.csv
 *
 * Reads a plan (layouts/brugerundersoegelse-2023/plan.txt documents the
 * format), the codebook and the municipality table it names, and writes one
 * CSV row per invited department to stdout: the codebook's variables in
 * codebook order, integer codes, empty = missing, kommune by name.
 *
 * The plan declares exact counts per cell; the generator only decides WHICH
 * respondents of a cell get which answer, by shuffling the cell with its own
 * PRNG (splitmix64, fixed seed) and taking consecutive slices. No floating
 * point is used anywhere, so the output is byte-for-byte reproducible.
 *
 * Every cell is checked against the codebook's ask filters and the
 * respondent's stopping point: an answer to a question not asked, or a
 * missing answer to a question asked before the stopping point, is an error.
 *
 * libc only: cc -std=c11 -O2 -o tools/gendata tools/gendata.c
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MISSING INT_MIN
#define MAXTOK 64

/* ---------------------------------------------------------------- utilities */

static const char *g_file = "?";
static int g_line;

_Noreturn static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s:%d: ", g_file, g_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("gendata: out of memory\n", stderr);
		exit(3);
	}
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("gendata: out of memory\n", stderr);
		exit(3);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

/* Reads a whole line (any length) into *buf; returns 0 at EOF. Strips CR/LF. */
static int read_line(FILE *f, char **buf, size_t *cap)
{
	size_t n = 0;
	int c;
	if (!*buf) {
		*cap = 256;
		*buf = xmalloc(*cap);
	}
	while ((c = fgetc(f)) != EOF) {
		if (c == '\n')
			break;
		if (n + 2 > *cap) {
			*cap *= 2;
			*buf = xrealloc(*buf, *cap);
		}
		(*buf)[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return 0;
	if (n && (*buf)[n - 1] == '\r')
		n--;
	(*buf)[n] = '\0';
	return 1;
}

/* Cuts a '#' comment that is outside double quotes. */
static void strip_comment(char *s)
{
	int q = 0;
	for (; *s; s++) {
		if (*s == '\\' && q && s[1]) {
			s++;
			continue;
		}
		if (*s == '"')
			q = !q;
		else if (*s == '#' && !q) {
			*s = '\0';
			return;
		}
	}
}

static char *skip_ws(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Splits s in place into whitespace-separated tokens; returns the count. */
static int split(char *s, char **tok, int max)
{
	int n = 0;
	for (;;) {
		s = skip_ws(s);
		if (!*s)
			return n;
		if (n == max)
			die("too many fields on one line");
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

/* Parses a decimal integer (optionally signed); 1 on success. */
static int parse_long(const char *s, long *out)
{
	char *end;
	long v;
	if (!*s)
		return 0;
	v = strtol(s, &end, 10);
	if (*end)
		return 0;
	*out = v;
	return 1;
}

/* The string between the first pair of double quotes in s (unescaped), or NULL. */
static char *quoted(char *s)
{
	char *p = strchr(s, '"'), *o, *r;
	if (!p)
		return NULL;
	r = o = ++p;
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		*o++ = *p;
	}
	if (*p != '"')
		return NULL;
	*o = '\0';
	return r;
}

/* ---------------------------------------------------------------- PRNG */

static uint64_t g_state = UINT64_C(0x5349524932303233); /* "SIRI2023" */

static uint64_t next_u64(void)
{
	uint64_t z = (g_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform integer in [0, n) by rejection: no modulo bias, no floating point. */
static size_t below(size_t n)
{
	uint64_t lim, r;
	if (n <= 1)
		return 0;
	lim = UINT64_MAX - UINT64_MAX % (uint64_t)n;
	do
		r = next_u64();
	while (r >= lim);
	return (size_t)(r % (uint64_t)n);
}

static void shuffle(int *a, size_t n)
{
	size_t i;
	for (i = n; i > 1; i--) {
		size_t j = below(i);
		int t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

/* ---------------------------------------------------------------- codebook */

enum vtype { T_ID, T_MUNI, T_SINGLE, T_SCALE, T_MULTI, T_NUMBER, T_TEXT };
static const char *const type_names[] = { "id", "muni", "single", "scale", "multi", "number", "text" };

struct code {
	int value;
	char *key;
};

struct codelist {
	char *name;
	struct code *codes;
	int n;
};

struct node;

struct var {
	char *name;
	enum vtype type;
	struct code *codes;
	int ncodes;
	char *battery;
	char *askstr;
	int askline;
	struct node *ask;
};

struct muni {
	char *name;
	int region;
	long menapt;
};

static struct var *vars;
static int nvars;
static struct codelist *lists;
static int nlists;
static struct muni *munis;
static int nmunis;
static struct code *region_codes;
static int nregion_codes;

static int var_find(const char *name)
{
	int i;
	for (i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, name) == 0)
			return i;
	return -1;
}

static int muni_find(const char *name)
{
	int i;
	for (i = 0; i < nmunis; i++)
		if (strcmp(munis[i].name, name) == 0)
			return i;
	return -1;
}

static struct codelist *list_find(const char *name)
{
	int i;
	for (i = 0; i < nlists; i++)
		if (strcmp(lists[i].name, name) == 0)
			return &lists[i];
	return NULL;
}

static void add_code(struct code **codes, int *n, int value, const char *key)
{
	*codes = xrealloc(*codes, (size_t)(*n + 1) * sizeof **codes);
	(*codes)[*n].value = value;
	(*codes)[*n].key = xstrdup(key);
	(*n)++;
}

/* A code value by key or decimal value; returns 0 if unknown. */
static int code_lookup(const struct code *codes, int n, const char *s, int *out)
{
	int i;
	long v;
	for (i = 0; i < n; i++)
		if (strcmp(codes[i].key, s) == 0) {
			*out = codes[i].value;
			return 1;
		}
	if (parse_long(s, &v))
		for (i = 0; i < n; i++)
			if (codes[i].value == v) {
				*out = (int)v;
				return 1;
			}
	return 0;
}

static char *dir_join(const char *base_file, const char *rel)
{
	const char *slash = strrchr(base_file, '/');
	size_t dl = slash ? (size_t)(slash - base_file) + 1 : 0;
	char *p;
	if (rel[0] == '/')
		return xstrdup(rel);
	p = xmalloc(dl + strlen(rel) + 1);
	memcpy(p, base_file, dl);
	strcpy(p + dl, rel);
	return p;
}

static void load_munis(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *fld[4];
	size_t cap = 0;
	int header = 0;
	g_file = path;
	g_line = 0;
	if (!f)
		die("cannot open the municipality table");
	while (read_line(f, &buf, &cap)) {
		char *p;
		int n = 0;
		long m;
		g_line++;
		if (!header && buf[0] == '#')
			continue;
		if (!header) {
			if (strcmp(buf, "kommune,region,menapt") != 0)
				die("expected the header kommune,region,menapt");
			header = 1;
			continue;
		}
		if (!*buf)
			continue;
		for (p = buf, fld[n++] = p; *p; p++)
			if (*p == ',') {
				if (n == 3)
					die("too many fields");
				*p = '\0';
				fld[n++] = p + 1;
			}
		if (n != 3)
			die("expected 3 fields");
		munis = xrealloc(munis, (size_t)(nmunis + 1) * sizeof *munis);
		munis[nmunis].name = xstrdup(fld[0]);
		if (!code_lookup(region_codes, nregion_codes, fld[1], &munis[nmunis].region))
			die("unknown region '%s'", fld[1]);
		if (!parse_long(fld[2], &m) || m < 0)
			die("bad menapt '%s'", fld[2]);
		munis[nmunis].menapt = m;
		if (muni_find(fld[0]) >= 0)
			die("duplicate municipality '%s'", fld[0]);
		nmunis++;
	}
	free(buf);
	fclose(f);
}

/* Loads the codebook: code lists, variables (name, type, codes, battery, ask
 * text) and the municipality table it names. Asks are compiled later. */
static void load_codebook(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL, *tok[MAXTOK], *muni_rel = NULL;
	size_t cap = 0;
	struct codelist *cur_list = NULL;
	struct var *cur_var = NULL;
	struct codelist *rl;
	g_file = path;
	g_line = 0;
	if (!f)
		die("cannot open the codebook");
	while (read_line(f, &buf, &cap)) {
		int indented, n;
		char *line, *q;
		g_line++;
		strip_comment(buf);
		indented = buf[0] == ' ' || buf[0] == '\t';
		line = skip_ws(buf);
		if (!*line)
			continue;
		if (!indented) {
			cur_list = NULL;
			cur_var = NULL;
			if (strncmp(line, "codebook", 8) == 0)
				continue;
			if (strncmp(line, "municipalities", 14) == 0) {
				if (!(q = quoted(line)))
					die("municipalities needs a quoted path");
				muni_rel = xstrdup(q);
				continue;
			}
			n = split(line, tok, MAXTOK);
			if (strcmp(tok[0], "codes") == 0 && n == 2) {
				lists = xrealloc(lists, (size_t)(nlists + 1) * sizeof *lists);
				cur_list = &lists[nlists++];
				cur_list->name = xstrdup(tok[1]);
				cur_list->codes = NULL;
				cur_list->n = 0;
			} else if (strcmp(tok[0], "var") == 0 && (n == 3 || n == 4)) {
				int t;
				vars = xrealloc(vars, (size_t)(nvars + 1) * sizeof *vars);
				cur_var = &vars[nvars];
				memset(cur_var, 0, sizeof *cur_var);
				if (var_find(tok[1]) >= 0)
					die("duplicate variable '%s'", tok[1]);
				cur_var->name = xstrdup(tok[1]);
				for (t = 0; t < 7; t++)
					if (strcmp(tok[2], type_names[t]) == 0)
						break;
				if (t == 7)
					die("unknown type '%s'", tok[2]);
				cur_var->type = (enum vtype)t;
				if (n == 4) {
					struct codelist *cl = list_find(tok[3]);
					int i;
					if (!cl)
						die("unknown code list '%s'", tok[3]);
					for (i = 0; i < cl->n; i++)
						add_code(&cur_var->codes, &cur_var->ncodes, cl->codes[i].value, cl->codes[i].key);
				}
				if (cur_var->type == T_MULTI) {
					add_code(&cur_var->codes, &cur_var->ncodes, 0, "0");
					add_code(&cur_var->codes, &cur_var->ncodes, 1, "1");
				}
				nvars++;
			} else
				die("unknown statement '%s'", tok[0]);
			continue;
		}
		if (cur_list) {
			long v;
			n = split(line, tok, MAXTOK);
			if (n < 2 || !parse_long(tok[0], &v))
				die("expected: INT KEY \"LABEL\"");
			add_code(&cur_list->codes, &cur_list->n, (int)v, tok[1]);
		} else if (cur_var) {
			if (strncmp(line, "ask", 3) == 0 && (line[3] == ' ' || line[3] == '\t')) {
				cur_var->askstr = xstrdup(skip_ws(line + 3));
				cur_var->askline = g_line;
			} else if (strncmp(line, "battery", 7) == 0) {
				n = split(line, tok, MAXTOK);
				if (n != 2)
					die("battery needs one name");
				cur_var->battery = xstrdup(tok[1]);
			} else if (strncmp(line, "code", 4) == 0 && (line[4] == ' ' || line[4] == '\t')) {
				long v;
				n = split(line, tok, MAXTOK);
				if (n < 3 || !parse_long(tok[1], &v))
					die("expected: code INT KEY \"LABEL\"");
				add_code(&cur_var->codes, &cur_var->ncodes, (int)v, tok[2]);
			}
			/* text, label: not needed here */
		} else
			die("indented line outside a statement");
	}
	free(buf);
	fclose(f);
	rl = list_find("region");
	if (!rl)
		die("the codebook has no 'codes region'");
	region_codes = rl->codes;
	nregion_codes = rl->n;
	if (!muni_rel)
		die("the codebook names no municipality table");
	{
		char *mp = dir_join(path, muni_rel);
		load_munis(mp);
		free(mp);
	}
	free(muni_rel);
}

/* ---------------------------------------------------------------- expressions */

enum op { O_OR, O_AND, O_NOT, O_EQ, O_NE, O_IN, O_RANGE, O_LT, O_LE, O_GT, O_GE, O_ANSWERED };
enum field { F_VALUE, F_REGION, F_MENAPT };

struct node {
	enum op op;
	struct node *a, *b;
	int var;
	enum field field;
	int *vals;
	int nvals;
	long lo, hi;
};

static const char *ep; /* parser cursor */

static void ex_ws(void)
{
	while (*ep == ' ' || *ep == '\t')
		ep++;
}

static int is_special(char c)
{
	return c == '\0' || c == ' ' || c == '\t' || strchr("(){},|&!=<>", c) != NULL;
}

static char *ex_word(void)
{
	const char *s;
	char *w;
	ex_ws();
	s = ep;
	while (!is_special(*ep))
		ep++;
	if (ep == s)
		die("expression: expected a name or value at '%s'", s);
	w = xmalloc((size_t)(ep - s) + 1);
	memcpy(w, s, (size_t)(ep - s));
	w[ep - s] = '\0';
	return w;
}

static struct node *new_node(enum op op)
{
	struct node *n = xmalloc(sizeof *n);
	memset(n, 0, sizeof *n);
	n->op = op;
	return n;
}

/* Resolves NAME, NAME.region or NAME.menapt. */
static void ex_resolve(struct node *n, const char *name)
{
	const char *dot = strchr(name, '.');
	char base[128];
	size_t bl = dot ? (size_t)(dot - name) : strlen(name);
	if (bl >= sizeof base)
		die("expression: name too long");
	memcpy(base, name, bl);
	base[bl] = '\0';
	n->var = var_find(base);
	if (n->var < 0)
		die("expression: unknown variable '%s'", base);
	n->field = F_VALUE;
	if (dot) {
		if (vars[n->var].type != T_MUNI)
			die("expression: '%s' is not a municipality variable", base);
		if (strcmp(dot + 1, "region") == 0)
			n->field = F_REGION;
		else if (strcmp(dot + 1, "menapt") == 0)
			n->field = F_MENAPT;
		else
			die("expression: unknown derived variable '%s'", name);
	}
}

static int ex_value(const struct node *n, const char *s)
{
	const struct var *v = &vars[n->var];
	int out;
	long l;
	if (n->field == F_REGION) {
		if (code_lookup(region_codes, nregion_codes, s, &out))
			return out;
	} else if (n->field == F_MENAPT || v->type == T_NUMBER) {
		if (parse_long(s, &l))
			return (int)l;
	} else if (v->type == T_MUNI) {
		if ((out = muni_find(s)) >= 0)
			return out;
	} else if (code_lookup(v->codes, v->ncodes, s, &out))
		return out;
	die("expression: '%s' is not a value of %s", s, v->name);
	return 0;
}

static struct node *ex_or(void);

static struct node *ex_test(void)
{
	struct node *n;
	char *name;
	ex_ws();
	if (*ep == '(') {
		ep++;
		n = ex_or();
		ex_ws();
		if (*ep != ')')
			die("expression: expected ')'");
		ep++;
		return n;
	}
	name = ex_word();
	ex_ws();
	if (strcmp(name, "answered") == 0 && *ep == '(') {
		char *v;
		ep++;
		n = new_node(O_ANSWERED);
		v = ex_word();
		ex_resolve(n, v);
		free(v);
		ex_ws();
		if (*ep != ')')
			die("expression: expected ')'");
		ep++;
		free(name);
		return n;
	}
	if (*ep == '=' || (*ep == '!' && ep[1] == '=')) {
		char *v;
		n = new_node(*ep == '=' ? O_EQ : O_NE);
		ep += *ep == '=' ? 1 : 2;
		ex_resolve(n, name);
		v = ex_word();
		n->lo = ex_value(n, v);
		free(v);
	} else if (*ep == '<' || *ep == '>') {
		char *v;
		int gt = *ep == '>';
		ep++;
		if (*ep == '=') {
			ep++;
			n = new_node(gt ? O_GE : O_LE);
		} else
			n = new_node(gt ? O_GT : O_LT);
		ex_resolve(n, name);
		v = ex_word();
		if (!parse_long(v, &n->lo))
			die("expression: '%s' is not an integer", v);
		free(v);
	} else if (strncmp(ep, "in", 2) == 0 && is_special(ep[2])) {
		ep += 2;
		ex_ws();
		n = new_node(O_IN);
		ex_resolve(n, name);
		if (*ep == '{') {
			ep++;
			for (;;) {
				char *v = ex_word();
				n->vals = xrealloc(n->vals, (size_t)(n->nvals + 1) * sizeof *n->vals);
				n->vals[n->nvals++] = ex_value(n, v);
				free(v);
				ex_ws();
				if (*ep == ',') {
					ep++;
					continue;
				}
				if (*ep != '}')
					die("expression: expected ',' or '}'");
				ep++;
				break;
			}
		} else {
			char *end;
			n->op = O_RANGE;
			n->lo = strtol(ep, &end, 10);
			if (end == ep || strncmp(end, "..", 2) != 0)
				die("expression: expected INT..INT");
			ep = end + 2;
			n->hi = strtol(ep, &end, 10);
			if (end == ep)
				die("expression: expected INT..INT");
			ep = end;
		}
	} else
		die("expression: expected an operator after '%s'", name);
	free(name);
	return n;
}

static struct node *ex_not(void)
{
	ex_ws();
	if (*ep == '!' && ep[1] != '=') {
		struct node *n = new_node(O_NOT);
		ep++;
		n->a = ex_not();
		return n;
	}
	return ex_test();
}

static struct node *ex_and(void)
{
	struct node *l = ex_not();
	for (;;) {
		struct node *n;
		ex_ws();
		if (*ep != '&')
			return l;
		ep++;
		n = new_node(O_AND);
		n->a = l;
		n->b = ex_not();
		l = n;
	}
}

static struct node *ex_or(void)
{
	struct node *l = ex_and();
	for (;;) {
		struct node *n;
		ex_ws();
		if (*ep != '|')
			return l;
		ep++;
		n = new_node(O_OR);
		n->a = l;
		n->b = ex_and();
		l = n;
	}
}

static struct node *ex_parse(const char *s)
{
	struct node *n;
	ep = s;
	n = ex_or();
	ex_ws();
	if (*ep)
		die("expression: unexpected '%s'", ep);
	return n;
}

static int ex_get(const struct node *n, const int *row)
{
	int v = row[n->var];
	if (v == MISSING || n->field == F_VALUE)
		return v;
	return n->field == F_REGION ? munis[v].region : (int)munis[v].menapt;
}

static int ex_eval(const struct node *n, const int *row)
{
	int v, i;
	switch (n->op) {
	case O_OR:
		return ex_eval(n->a, row) || ex_eval(n->b, row);
	case O_AND:
		return ex_eval(n->a, row) && ex_eval(n->b, row);
	case O_NOT:
		return !ex_eval(n->a, row);
	case O_ANSWERED:
		return row[n->var] != MISSING;
	default:
		break;
	}
	v = ex_get(n, row);
	if (v == MISSING)
		return 0;
	switch (n->op) {
	case O_EQ:
		return v == n->lo;
	case O_NE:
		return v != n->lo;
	case O_IN:
		for (i = 0; i < n->nvals; i++)
			if (v == n->vals[i])
				return 1;
		return 0;
	case O_RANGE:
		return v >= n->lo && v <= n->hi;
	case O_LT:
		return v < n->lo;
	case O_LE:
		return v <= n->lo;
	case O_GT:
		return v > n->lo;
	case O_GE:
		return v >= n->lo;
	default:
		return 0;
	}
}

static void ex_free(struct node *n)
{
	if (!n)
		return;
	ex_free(n->a);
	ex_free(n->b);
	free(n->vals);
	free(n);
}

/* ---------------------------------------------------------------- departments */

enum { AREA_BI = 1, AREA_SB, AREA_SV, AREA_SK };
enum { ST_KOMPLET = 1, ST_DELVIS = 2, ST_INGEN = 3 };

struct dept {
	int *row;    /* nvars cells */
	int stop;    /* first column not answered; nvars = none */
	int done;    /* assigned in the current block */
	int load;    /* ticks in the current multi block */
	int locked;  /* ticked an exclusive item in the current multi block */
};

static struct dept *depts;
static int ndepts;
static int v_id, v_kommune, v_omraade, v_status;
static int inv_seen[1024];

static int is_resp(const struct dept *d)
{
	return d->row[v_status] != ST_INGEN;
}

/* Is column c open for d: a respondent, before its stopping point, asked? */
static int is_open(const struct dept *d, int c)
{
	if (!is_resp(d) || c >= d->stop)
		return 0;
	return !vars[c].ask || ex_eval(vars[c].ask, d->row);
}

/* inv MUNI BI SB SV SK: each INVITED:RESPONDED */
static void plan_inv(char **tok, int n)
{
	int m, a;
	if (n != 6)
		die("inv needs: inv KOMMUNE BI SB SV SK (each INVITED:RESPONDED)");
	m = muni_find(tok[1]);
	if (m < 0)
		die("unknown municipality '%s'", tok[1]);
	if (inv_seen[m]++)
		die("municipality '%s' listed twice", tok[1]);
	for (a = 0; a < 4; a++) {
		char *colon = strchr(tok[2 + a], ':');
		long inv, resp;
		int i;
		if (!colon)
			die("expected INVITED:RESPONDED, got '%s'", tok[2 + a]);
		*colon = '\0';
		if (!parse_long(tok[2 + a], &inv) || !parse_long(colon + 1, &resp) || inv < 0 || resp < 0 || resp > inv)
			die("bad INVITED:RESPONDED");
		for (i = 0; i < inv; i++) {
			struct dept *d;
			int c;
			depts = xrealloc(depts, (size_t)(ndepts + 1) * sizeof *depts);
			d = &depts[ndepts++];
			memset(d, 0, sizeof *d);
			d->row = xmalloc((size_t)nvars * sizeof *d->row);
			for (c = 0; c < nvars; c++)
				d->row[c] = MISSING;
			d->row[v_id] = ndepts; /* printed as R0001, ... */
			d->row[v_kommune] = m;
			d->row[v_omraade] = AREA_BI + a;
			d->row[v_status] = i < resp ? ST_KOMPLET : ST_INGEN;
			d->stop = nvars;
		}
	}
}

/* ---------------------------------------------------------------- plan blocks */

enum btype { B_NONE, B_ASSIGN, B_MULTI };

#define STOPVAR (-2) /* the pseudo variable @stop in an assign tuple */

static struct {
	enum btype type;
	int line;
	int tuple[MAXTOK]; /* assign: variables (or STOPVAR) */
	int ntuple;
	int items[256];    /* multi: the battery's variables */
	int nitems;
	int exclusive[256];
	int max;
	int first;         /* column deciding who is open for the block */
	/* current group */
	struct node *where;
	int gline;
	int *pool;
	int npool;
	int taken;         /* assign: members handed out so far */
	int ngroups;
} blk;

static const char *area_key(int a)
{
	static const char *const k[] = { "?", "BI", "SB", "SV", "SK" };
	return a >= 1 && a <= 4 ? k[a] : "?";
}

static void group_start(char *expr, int line)
{
	int i;
	blk.where = expr ? ex_parse(expr) : NULL;
	blk.gline = line;
	blk.npool = 0;
	blk.taken = 0;
	blk.ngroups++;
	for (i = 0; i < ndepts; i++) {
		struct dept *d = &depts[i];
		if (d->done || !is_resp(d))
			continue;
		if (blk.type == B_ASSIGN) {
			if (blk.first >= 0 && !is_open(d, blk.first))
				continue;
		} else if (!is_open(d, blk.first))
			continue;
		if (blk.where && !ex_eval(blk.where, d->row))
			continue;
		blk.pool[blk.npool++] = i;
	}
	shuffle(blk.pool, (size_t)blk.npool);
}

static void group_end(void)
{
	if (!blk.ngroups)
		return;
	if (blk.type == B_ASSIGN && blk.taken != blk.npool) {
		g_line = blk.gline;
		die("this group has %d respondents but its rows assign %d", blk.npool, blk.taken);
	}
	ex_free(blk.where);
	blk.where = NULL;
}

static int set_value(int var, const char *s)
{
	int out;
	if (strcmp(s, "-") == 0)
		return MISSING;
	if (!code_lookup(vars[var].codes, vars[var].ncodes, s, &out))
		die("'%s' is not a code of %s", s, vars[var].name);
	return out;
}

static void assign_take(const int *vals, long cnt)
{
	int j;
	long k;
	if (blk.taken + cnt > blk.npool)
		die("this group has only %d respondents; rows so far assign %ld", blk.npool, blk.taken + cnt);
	for (k = 0; k < cnt; k++) {
		struct dept *d = &depts[blk.pool[blk.taken++]];
		for (j = 0; j < blk.ntuple; j++) {
			if (blk.tuple[j] == STOPVAR)
				d->stop = vals[j];
			else
				d->row[blk.tuple[j]] = vals[j];
		}
		d->done = 1;
	}
}

static void assign_row(char **tok, int n)
{
	int j;
	int vals[MAXTOK];
	long cnt;
	if (!blk.ngroups)
		group_start(NULL, g_line);
	if (blk.ntuple == 1 && blk.tuple[0] != STOPVAR && strchr(tok[0], ':')) {
		/* one variable: VALUE:COUNT pairs */
		for (j = 0; j < n; j++) {
			char *colon = strchr(tok[j], ':');
			if (!colon)
				die("expected VALUE:COUNT, got '%s'", tok[j]);
			*colon = '\0';
			if (!parse_long(colon + 1, &cnt) || cnt < 0)
				die("bad count '%s'", colon + 1);
			vals[0] = set_value(blk.tuple[0], tok[j]);
			assign_take(vals, cnt);
		}
		return;
	}
	if (n != blk.ntuple + 1)
		die("expected %d values and a count", blk.ntuple);
	if (!parse_long(tok[n - 1], &cnt) || cnt < 0)
		die("bad count '%s'", tok[n - 1]);
	for (j = 0; j < blk.ntuple; j++) {
		if (blk.tuple[j] == STOPVAR) {
			if (strcmp(tok[j], "-") == 0)
				vals[j] = nvars;
			else if ((vals[j] = var_find(tok[j])) < 0)
				die("@stop: unknown variable '%s'", tok[j]);
		} else
			vals[j] = set_value(blk.tuple[j], tok[j]);
	}
	assign_take(vals, cnt);
}

static int *g_cand;

static void multi_row(char **tok, int n)
{
	int item = -1, i, j, nc = 0, ex;
	long cnt;
	int *order;
	if (!blk.ngroups)
		group_start(NULL, g_line);
	if (n != 2)
		die("expected: VARIABLE COUNT");
	for (i = 0; i < blk.nitems; i++)
		if (strcmp(vars[blk.items[i]].name, tok[0]) == 0)
			item = i;
	if (item < 0)
		die("'%s' is not an item of this battery", tok[0]);
	if (!parse_long(tok[1], &cnt) || cnt < 0)
		die("bad count '%s'", tok[1]);
	ex = blk.exclusive[item];
	/* a fresh order of the group for this item, so ties fall differently */
	order = xmalloc((size_t)blk.npool * sizeof *order);
	memcpy(order, blk.pool, (size_t)blk.npool * sizeof *order);
	shuffle(order, (size_t)blk.npool);
	for (i = 0; i < blk.npool; i++) {
		struct dept *d = &depts[order[i]];
		if (d->locked || d->row[blk.items[item]] == 1)
			continue;
		if (ex ? d->load != 0 : d->load >= blk.max)
			continue;
		g_cand[nc++] = order[i];
	}
	if (nc < cnt)
		die("%s: %ld ticks wanted but only %d respondents can take one", tok[0], cnt, nc);
	/* least-loaded first (stable in the shuffled order): insertion sort on load */
	for (i = 1; i < nc; i++) {
		int x = g_cand[i];
		for (j = i; j > 0 && depts[g_cand[j - 1]].load > depts[x].load; j--)
			g_cand[j] = g_cand[j - 1];
		g_cand[j] = x;
	}
	for (i = 0; i < cnt; i++) {
		struct dept *d = &depts[g_cand[i]];
		d->row[blk.items[item]] = 1;
		d->load++;
		if (ex)
			d->locked = 1;
	}
	free(order);
}

static void block_end(void)
{
	int i, missed[5] = { 0 }, nmiss = 0;
	if (blk.type == B_NONE)
		return;
	group_end();
	g_line = blk.line;
	for (i = 0; i < ndepts; i++) {
		struct dept *d = &depts[i];
		if (blk.type == B_ASSIGN) {
			if (!d->done && is_resp(d) && (blk.first < 0 || is_open(d, blk.first))) {
				missed[d->row[v_omraade]]++;
				nmiss++;
			}
		} else if (is_open(d, blk.first)) {
			if (d->load == 0) {
				missed[d->row[v_omraade]]++;
				nmiss++;
			}
		}
		d->done = d->load = d->locked = 0;
	}
	if (nmiss)
		die("%s: %d respondents left without an answer (BI %d, SB %d, SV %d, SK %d)",
		    blk.type == B_ASSIGN ? "assign" : "multi", nmiss, missed[1], missed[2], missed[3], missed[4]);
	blk.type = B_NONE;
}

static void block_start_assign(char **tok, int n)
{
	int j;
	block_end();
	memset(&blk.tuple, 0, sizeof blk.tuple);
	blk.type = B_ASSIGN;
	blk.line = g_line;
	blk.ngroups = 0;
	blk.ntuple = n - 1;
	blk.first = -1;
	if (n < 2)
		die("assign needs variables");
	for (j = 1; j < n; j++) {
		int v = strcmp(tok[j], "@stop") == 0 ? STOPVAR : var_find(tok[j]);
		if (v == -1)
			die("unknown variable '%s'", tok[j]);
		if (v == v_id || v == v_kommune || v == v_omraade)
			die("%s comes from the inv lines", tok[j]);
		if (v >= 0 && vars[v].type == T_MULTI)
			die("%s is a multi item: use a multi block", tok[j]);
		blk.tuple[j - 1] = v;
	}
	/* who is open: decided by the first real question of the tuple, unless
	 * the tuple sets status or the stopping point (then every respondent) */
	for (j = 0; j < blk.ntuple; j++)
		if (blk.tuple[j] == STOPVAR || blk.tuple[j] == v_status)
			return;
	blk.first = blk.tuple[0];
}

static void block_start_multi(char **tok, int n)
{
	int i, j;
	block_end();
	blk.type = B_MULTI;
	blk.line = g_line;
	blk.ngroups = 0;
	blk.nitems = 0;
	blk.max = INT_MAX;
	if (n < 2)
		die("multi needs a battery name");
	for (i = 0; i < nvars; i++)
		if (vars[i].battery && strcmp(vars[i].battery, tok[1]) == 0) {
			if (vars[i].type != T_MULTI)
				die("battery %s holds %s, which is not multi", tok[1], vars[i].name);
			if (blk.nitems == 256)
				die("battery too large");
			blk.exclusive[blk.nitems] = 0;
			blk.items[blk.nitems++] = i;
		}
	if (!blk.nitems)
		die("no battery called '%s' in the codebook", tok[1]);
	blk.first = blk.items[0];
	for (j = 2; j < n; j++) {
		long m;
		if (strcmp(tok[j], "max") == 0 && j + 1 < n && parse_long(tok[j + 1], &m) && m > 0) {
			blk.max = (int)m;
			j++;
		} else if (strcmp(tok[j], "exclusive") == 0 && j + 1 < n) {
			int found = 0;
			for (i = 0; i < blk.nitems; i++)
				if (strcmp(vars[blk.items[i]].name, tok[j + 1]) == 0)
					blk.exclusive[i] = found = 1;
			if (!found)
				die("'%s' is not an item of %s", tok[j + 1], tok[1]);
			j++;
		} else
			die("multi: unknown option '%s'", tok[j]);
	}
	for (i = 0; i < ndepts; i++)
		if (is_open(&depts[i], blk.first))
			for (j = 0; j < blk.nitems; j++)
				depts[i].row[blk.items[j]] = 0;
}

/* ---------------------------------------------------------------- validation */

static void validate(void)
{
	int i, c, errs = 0;
	for (i = 0; i < ndepts; i++) {
		struct dept *d = &depts[i];
		int st = d->row[v_status], any = 0;
		if (st == ST_DELVIS && d->stop == nvars)
			fprintf(stderr, "R%04d: status delvis without a stopping point\n", i + 1), errs++;
		if (st == ST_KOMPLET && d->stop != nvars)
			fprintf(stderr, "R%04d: status komplet with a stopping point\n", i + 1), errs++;
		for (c = 0; c < nvars; c++) {
			int asked, has;
			if (c == v_id || c == v_kommune || c == v_omraade || c == v_status)
				continue;
			has = d->row[c] != MISSING;
			asked = is_open(d, c);
			any |= has;
			if (has && !asked) {
				fprintf(stderr, "R%04d (%s %s): %s answered but not asked (or after the stopping point)\n",
				    i + 1, munis[d->row[v_kommune]].name, area_key(d->row[v_omraade]), vars[c].name);
				errs++;
			} else if (!has && asked) {
				fprintf(stderr, "R%04d (%s %s): %s asked but not answered\n",
				    i + 1, munis[d->row[v_kommune]].name, area_key(d->row[v_omraade]), vars[c].name);
				errs++;
			}
		}
		if (st == ST_DELVIS && !any)
			fprintf(stderr, "R%04d: status delvis without any answer\n", i + 1), errs++;
		if (errs > 20)
			break;
	}
	if (errs) {
		fprintf(stderr, "gendata: %d inconsistencies; nothing written\n", errs);
		exit(1);
	}
}

static void write_csv(const char *plan_path)
{
	int i, c;
	const char *base = strrchr(plan_path, '/');
	base = base ? base + 1 : plan_path;
	printf("# SYNTETISKE DATA / SYNTHETIC DATA - not real survey responses.\n");
	printf("# SIRI brugerundersøgelse 2023: a synthetic response set calibrated to the\n");
	printf("# figures of the published notat. Generated by tools/gendata from %s;\n", base);
	printf("# do not edit by hand: change the plan and regenerate.\n");
	printf("# One row per invited department; empty cell = missing answer.\n");
	for (c = 0; c < nvars; c++)
		printf("%s%s", c ? "," : "", vars[c].name);
	putchar('\n');
	for (i = 0; i < ndepts; i++) {
		const int *row = depts[i].row;
		for (c = 0; c < nvars; c++) {
			if (c)
				putchar(',');
			if (c == v_id)
				printf("R%04d", row[c]);
			else if (c == v_kommune)
				fputs(munis[row[c]].name, stdout);
			else if (row[c] != MISSING)
				printf("%d", row[c]);
		}
		putchar('\n');
	}
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
	FILE *f;
	char *buf = NULL, *tok[MAXTOK];
	size_t cap = 0;
	int have_cb = 0, i, line = 0;
	const char *plan_path;

	if (argc != 2) {
		fputs("usage: gendata PLAN > svar.csv\n", stderr);
		return 2;
	}
	plan_path = argv[1];
	f = fopen(plan_path, "r");
	if (!f) {
		fprintf(stderr, "gendata: cannot open %s\n", plan_path);
		return 3;
	}
	while (read_line(f, &buf, &cap)) {
		char *s;
		int n;
		line++;
		g_file = plan_path;
		g_line = line;
		strip_comment(buf);
		s = skip_ws(buf);
		if (!*s)
			continue;
		if (strncmp(s, "where", 5) == 0 && (s[5] == ' ' || s[5] == '\t')) {
			if (blk.type == B_NONE)
				die("where outside a block");
			group_end();
			group_start(skip_ws(s + 5), line);
			g_line = line;
			continue;
		}
		if (strncmp(s, "codebook", 8) == 0 && (s[8] == ' ' || s[8] == '\t')) {
			char *q = quoted(s), *p;
			if (!q || have_cb)
				die("codebook \"PATH\" (once)");
			p = dir_join(plan_path, q);
			load_codebook(p);
			free(p);
			g_file = plan_path;
			g_line = line;
			have_cb = 1;
			v_id = var_find("id");
			v_kommune = var_find("kommune");
			v_omraade = var_find("omraade");
			v_status = var_find("status");
			if (v_id < 0 || v_kommune < 0 || v_omraade < 0 || v_status < 0)
				die("the codebook needs id, kommune, omraade and status");
			if (vars[v_id].type != T_ID || vars[v_kommune].type != T_MUNI)
				die("id must be of type id and kommune of type muni");
			for (i = 0; i < nvars; i++)
				if (vars[i].askstr) {
					g_file = "codebook";
					g_line = vars[i].askline;
					vars[i].ask = ex_parse(vars[i].askstr);
				}
			g_file = plan_path;
			g_line = line;
			continue;
		}
		n = split(s, tok, MAXTOK);
		if (strcmp(tok[0], "seed") == 0) {
			long v;
			if (n != 2 || !parse_long(tok[1], &v) || ndepts)
				die("seed N, before the inv lines");
			g_state = (uint64_t)v;
			continue;
		}
		if (!have_cb)
			die("the plan must start with codebook \"PATH\"");
		if (strcmp(tok[0], "inv") == 0) {
			if (blk.type != B_NONE)
				die("inv lines must come before the blocks");
			plan_inv(tok, n);
			continue;
		}
		if (strcmp(tok[0], "assign") == 0) {
			if (!blk.pool) {
				blk.pool = xmalloc((size_t)(ndepts + 1) * sizeof *blk.pool);
				g_cand = xmalloc((size_t)(ndepts + 1) * sizeof *g_cand);
			}
			block_start_assign(tok, n);
			continue;
		}
		if (strcmp(tok[0], "multi") == 0) {
			if (!blk.pool) {
				blk.pool = xmalloc((size_t)(ndepts + 1) * sizeof *blk.pool);
				g_cand = xmalloc((size_t)(ndepts + 1) * sizeof *g_cand);
			}
			block_start_multi(tok, n);
			continue;
		}
		if (blk.type == B_ASSIGN)
			assign_row(tok, n);
		else if (blk.type == B_MULTI)
			multi_row(tok, n);
		else
			die("unknown statement '%s'", tok[0]);
	}
	fclose(f);
	free(buf);
	g_line = line;
	block_end();
	if (!have_cb)
		die("no codebook");
	/* every municipality of the table must be in the invitation list */
	for (i = 0; i < nmunis; i++)
		if (!inv_seen[i])
			die("municipality '%s' has no inv line", munis[i].name);
	validate();
	write_csv(plan_path);
	return 0;
}

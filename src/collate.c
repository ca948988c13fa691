/* collate.c: alphabetical order of names through ICU, by the document's language. */
#include "collate.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uclean.h>

#include "lang.h"

#define COLL_MAX 4 /* collators kept open, one per locale */

static struct {
	char locale[16];
	UCollator *coll; /* NULL if ICU could not open it */
} colls[COLL_MAX];
static int ncolls, at_exit;

static void
coll_close_all(void)
{
	for (int i = 0; i < ncolls; i++)
		ucol_close(colls[i].coll);
	ncolls = 0;
	u_cleanup();
}

/* The collator of locale, opened on first use; NULL if ICU has none. */
static UCollator *
coll_get(const char *locale)
{
	for (int i = 0; i < ncolls; i++)
		if (strcmp(colls[i].locale, locale) == 0)
			return colls[i].coll;
	UErrorCode st = U_ZERO_ERROR;
	UCollator *c = ucol_open(locale, &st);
	if (U_FAILURE(st)) {
		ucol_close(c);
		c = NULL;
	}
	if (!at_exit) {
		atexit(coll_close_all);
		at_exit = 1;
	}
	if (ncolls < COLL_MAX && strlen(locale) < sizeof colls[0].locale) {
		strcpy(colls[ncolls].locale, locale);
		colls[ncolls++].coll = c;
	} else if (c != NULL) {
		ucol_close(c); /* not kept: compare by bytes rather than leak */
		c = NULL;
	}
	return c;
}

int
coll_cmp_locale(const char *locale, const char *a, const char *b)
{
	UCollator *c = coll_get(locale);
	int r = 0;
	if (c != NULL) {
		UErrorCode st = U_ZERO_ERROR;
		UCollationResult cr = ucol_strcollUTF8(c, a, -1, b, -1, &st);
		r = U_FAILURE(st) ? 0 : cr == UCOL_LESS ? -1 : cr == UCOL_GREATER ? 1 : 0;
	}
	return r != 0 ? r : strcmp(a, b);
}

int
coll_cmp(const char *a, const char *b)
{
	const struct lang *l = lang_cur();
	return coll_cmp_locale(l != NULL && l->names[0] != NULL ? l->names[0] : "da", a, b);
}

/* rowcache.c: the coded response rows of one reading, in memory, for rebuilds without a reading. */
#include "rowcache.h"

#include <stdlib.h>
#include <string.h>

#include "cb.h"
#include "util.h"

/* One recorded row: its line and cells cell[first, first + n). */
struct crow {
	long line;
	size_t first, n;
};

/* One answered cell (or set member whose value is CB_MISSING). */
struct cell {
	int var, val;
};

struct rowcache {
	size_t max_bytes;
	size_t nvars;
	struct crow *row;
	size_t nrow, caprow;
	struct cell *cell;
	size_t ncell, capcell;
	size_t maxset;           /* the largest nset recorded */
	int sealed;
	int gave_up;             /* over max_bytes since the last reset */
};

struct rowcache *
rowcache_new(size_t max_bytes)
{
	struct rowcache *rc = xcalloc(1, sizeof *rc);
	rc->max_bytes = max_bytes;
	return rc;
}

void
rowcache_free(struct rowcache *rc)
{
	if (rc == NULL)
		return;
	free(rc->row);
	free(rc->cell);
	free(rc);
}

/* Drops the rows and gives the memory back. */
static void
drop(struct rowcache *rc)
{
	free(rc->row);
	free(rc->cell);
	rc->row = NULL;
	rc->cell = NULL;
	rc->nrow = rc->caprow = rc->ncell = rc->capcell = rc->maxset = 0;
	rc->sealed = 0;
}

void
rowcache_reset(struct rowcache *rc, size_t nvars)
{
	drop(rc);
	rc->nvars = nvars;
	rc->gave_up = 0;
}

void
rowcache_add(struct rowcache *rc, const int *row, const int *set, size_t nset, long line)
{
	if (rc->gave_up)
		return;
	size_t bytes = (rc->nrow + 1) * sizeof *rc->row + (rc->ncell + nset) * sizeof *rc->cell;
	if (bytes > rc->max_bytes || nset > rc->max_bytes) {
		drop(rc);
		rc->gave_up = 1;
		return;
	}
	xgrow(&rc->row, &rc->caprow, rc->nrow + 1, sizeof *rc->row);
	xgrow(&rc->cell, &rc->capcell, rc->ncell + nset, sizeof *rc->cell);
	rc->row[rc->nrow++] = (struct crow){line, rc->ncell, nset};
	if (nset > rc->maxset)
		rc->maxset = nset;
	for (size_t i = 0; i < nset; i++)
		rc->cell[rc->ncell++] = (struct cell){set[i], row[set[i]]};
}

void
rowcache_seal(struct rowcache *rc)
{
	rc->sealed = !rc->gave_up;
}

int
rowcache_sealed(const struct rowcache *rc)
{
	return rc != NULL && rc->sealed;
}

size_t
rowcache_rows(const struct rowcache *rc)
{
	return rc->nrow;
}

void
rowcache_replay(const struct rowcache *rc, resp_rowset_fn fn, void *ctx)
{
	int *row = xmalloc((rc->nvars + 1) * sizeof *row);
	int *set = xmalloc((rc->maxset + 1) * sizeof *set);
	for (size_t v = 0; v < rc->nvars; v++)
		row[v] = CB_MISSING;
	for (size_t r = 0; r < rc->nrow; r++) {
		const struct crow *cr = &rc->row[r];
		const struct cell *c = rc->cell + cr->first;
		for (size_t i = 0; i < cr->n; i++) {
			set[i] = c[i].var;
			row[c[i].var] = c[i].val;
		}
		fn(ctx, row, set, cr->n, cr->line);
		for (size_t i = 0; i < cr->n; i++)
			row[c[i].var] = CB_MISSING;
	}
	free(row);
	free(set);
}

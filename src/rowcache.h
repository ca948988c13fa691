/* rowcache.h: the coded response rows of one reading, kept in memory so that
 * a rebuild whose data and codebook did not change aggregates again without
 * reading or parsing the response file (notat watch).
 *
 * Contract: a cache is filled while the responses are streamed (one
 * rowcache_add per row, exactly what resp_stream_set delivered) and sealed
 * when the reading ended without an error; only a sealed cache replays. The
 * cache holds the answered cells only (variable, value) and gives up, empty
 * and unsealed, once it would exceed its byte limit, so memory stays bounded
 * whatever the number of rows. Diagnostics of the reading (warnings) are not
 * kept: a replay prints none. Who decides that the data are unchanged is the
 * caller (build.c keys a cache by the files' identities).
 */
#ifndef NOTAT_ROWCACHE_H
#define NOTAT_ROWCACHE_H

#include <stddef.h>

#include "resp.h"

struct rowcache;

/* An empty, unsealed cache of at most max_bytes (rows and cells). Owned by
 * the caller; free with rowcache_free (accepts NULL). */
struct rowcache *rowcache_new(size_t max_bytes);
void rowcache_free(struct rowcache *rc);
/* Empties rc for rows of nvars variables (unsealed). */
void rowcache_reset(struct rowcache *rc, size_t nvars);
/* Records one row as resp_rowset_fn gets it: row[set[i]] for i < nset are
 * the cells that may be answered. Over the limit the cache empties itself
 * and ignores further rows until rowcache_reset. */
void rowcache_add(struct rowcache *rc, const int *row, const int *set, size_t nset, long line);
/* Marks the rows recorded since rowcache_reset as the whole file (if the
 * cache did not give up). */
void rowcache_seal(struct rowcache *rc);
/* 1 if rc is sealed (it can replay), else 0. */
int rowcache_sealed(const struct rowcache *rc);
/* Number of rows held. */
size_t rowcache_rows(const struct rowcache *rc);
/* Calls fn once per recorded row, in order, with a row of nvars values
 * (CB_MISSING outside the set) exactly as recorded. rc must be sealed. */
void rowcache_replay(const struct rowcache *rc, resp_rowset_fn fn, void *ctx);

#endif

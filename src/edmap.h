/* edmap.h: an edition's own codebook translated into the reference codebook.
 *
 * Contract: when editions (`data LABEL PATH codebook CBPATH`) have codebooks
 * of their own, the reference codebook (the default edition's, or the shared
 * one) defines the variables the layout speaks of. edmap_new resolves the
 * edition's `map LABEL ... end` lines (rename, recode, same; layout.h) against
 * both codebooks, reporting mistakes at their lines, and builds a translation
 * table once: per reference variable the edition's variable feeding it and a
 * value table (recoded codes, rescaled numbers, municipalities by name).
 * It also records, per reference variable, whether it means the same in the
 * edition (ED_SAME), is absent there (ED_ABSENT), or changed meaning without
 * a mapping (ED_CHANGED, with the first difference). edmap_stream reads one
 * file with the edition's codebook (its own checks: codes, filters, ids) and
 * hands every row, translated into the reference's variables, to fn: the
 * same single streaming pass, no allocation per row. A variable that is
 * absent or changed is missing in the translated rows; edmap_check makes
 * every statistic that would read it an error instead. A value of a variable
 * that means the same but does not translate (a number the reference's
 * decimals make too large) is an error at its line (M_EDMAP_RANGE), never a
 * silently missing answer.
 */
#ifndef NOTAT_EDMAP_H
#define NOTAT_EDMAP_H

#include <stddef.h>

#include "resp.h"
#include "util.h"

struct codebook;
struct lay_map;

enum edmap_status { ED_SAME, ED_ABSENT, ED_CHANGED };

struct edmap;

/* The map of edition label (its codebook ed) onto the reference codebook ref
 * (of edition ref_label), from the map blocks maps[0..nmaps) that name this
 * edition. ref and ed are borrowed and must outlive the map. Returns NULL
 * after reporting errors (FILE:LINE:COL of the map's lines). Free with
 * edmap_free (accepts NULL). */
struct edmap *edmap_new(const struct codebook *ref, const struct codebook *ed,
    const char *label, const char *ref_label, const struct lay_map *const *maps, size_t nmaps);
void edmap_free(struct edmap *m);

/* The edition's codebook (borrowed). */
const struct codebook *edmap_codebook(const struct edmap *m);

/* What reference variable v is in the edition; for ED_CHANGED and
 * ED_ABSENT *why (if not NULL) gets the first difference or the reason
 * (owned by m). */
enum edmap_status edmap_status(const struct edmap *m, int v, const char **why);

/* The reference row value of the edition's row value x of edition variable
 * ev (declared), or CB_MISSING when ev feeds no reference variable that
 * means the same. *ref gets that reference variable (or -1). */
int edmap_value(const struct edmap *m, int ev, int x, int *ref);

/* Streams in->path with the edition's codebook (resp_stream_in) and calls
 * fn with each row translated into the reference codebook's variables
 * (derived ones filled, `edition` = in->edition). in->texts, if set, keeps
 * texts of the reference variables it wants. Returns resp_stream_in's status. */
int edmap_stream(const struct edmap *m, const struct resp_in *in, resp_rowset_fn fn, void *ctx);

/* The meaning check of one statistic over the reference variables with
 * vars[v] set: rows come from the editions k with admitted[k] (maps[k] is
 * edition k's map, NULL when it reads the reference codebook). A variable
 * that changed meaning or is absent in an admitted edition is an error at
 * at, naming it, the editions and the first difference. Returns 0, or -1
 * after reporting (the first problem only). */
int edmap_check(const struct edmap *const *maps, size_t n, const unsigned char *admitted,
    const unsigned char *vars, size_t nvars, struct pos at);

#endif

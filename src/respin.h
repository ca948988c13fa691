/* respin.h: which response file to read and how (struct resp_in).
 *
 * Contract: a plain description shared by the responses reader (resp.h)
 * and the input sources under it (insrc.h), so that neither header needs
 * the other: resp.c uses insrc, and insrc only reads these fields. All
 * pointers are borrowed from the caller for the duration of a reading.
 */
#ifndef NOTAT_RESPIN_H
#define NOTAT_RESPIN_H

struct csv_tap;
struct edmap;
struct resp_texts;

/* The response file and how to read it. */
struct resp_in {
	const char *path;
	int delim;            /* CSV: 0 to detect, or ',', ';', '\t' */
	const char *encoding; /* CSV: NULL for UTF-8, or a csv_encoding_known name */
	const struct csv_tap *tap; /* on the raw bytes of the one reading (csvread.h), or NULL */
	struct resp_texts *texts;  /* texts to keep, or NULL */
	int edition;          /* the row value of the variable `edition` (cb.h
	                       * cb_add_editions): 1 + the file's index; 0 if none */
	const struct edmap *map; /* an edition with its own codebook: read through
	                       * edmap_stream (edmap.h; agg.c does), else NULL */
};

#endif

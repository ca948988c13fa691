/* csvread.c: strict streaming CSV reader on libcsv (and a fast path for plain lines), with lazily computed cell positions. */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <strings.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

#define CHUNK (64 * 1024) /* bytes per read() */
#define GROW 4            /* UTF-8 bytes per input byte at most (iconv output room) */
#define NO_CD ((iconv_t)-1)
#define BLK 128           /* libcsv buffer increment: its buffer is never smaller */
#define SMALL 16          /* fields shorter than this are copied as SMALL bytes */
#define NONE ((size_t)-1)
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/*
 * How it works. The window `win` holds the raw bytes from the start of the
 * current row up to the end of what has been read; it is refilled in CHUNK
 * reads and grows only for a row longer than the window. Complete lines are
 * checked (UTF-8, NUL, bare CR) and fed to libcsv one at a time, so a row
 * always ends at the end of a line and its raw bytes are win[row_off,pos).
 * A plain line (no quote, starting a row) skips libcsv: fast_line splits it
 * and calls the same field callback libcsv would.
 * The libcsv field callback copies each field into a per-row arena; positions
 * are found later, only when asked, by rescanning the raw bytes (struct scan).
 * In field mode the data fields are not copied: the libcsv callback hands
 * each one straight to the caller's csv_field_fn.
 *
 * Other encodings: the bytes read go into `raw` and iconv converts them to
 * UTF-8 into the window, so everything after fill() sees UTF-8. Positions
 * stay those of the original file: lines are the same, and columns count
 * code points, one per character in every supported encoding. A byte that
 * cannot be converted is reported once the lines before it are delivered.
 * Every row is at most CSV_MAX_ROW bytes (after conversion): the window,
 * and the time spent on a row, are bounded.
 */

/* States of the rescanner; they mirror libcsv's. */
enum scan_state {
	SC_START,  /* before a field, or in its leading blanks */
	SC_PLAIN,  /* in an unquoted field */
	SC_QUOTED, /* in a quoted field */
	SC_QQ      /* after a quote in a quoted field: closing or doubled */
};

/* A cursor over the raw bytes of the current row. */
struct scan {
	size_t off;  /* window offset of the next byte */
	long line;   /* position of that byte */
	int col;
	size_t field; /* index of the field the cursor is in */
	enum scan_state st;
	size_t qopen; /* offset of the last opening quote */
};

struct csv_reader {
	const char *file;
	int fd;
	int delim;
	unsigned flags;
	struct csv_parser p;
	csv_row_fn fn; /* every row, or only the header in field mode */
	csv_field_fn ffn; /* field mode: the data fields */
	csv_row_fn fend;  /* field mode: the end of a data row */
	void *ctx;
	size_t fmax; /* field mode: fields delivered per row (0 once stopped) */
	int stop;    /* field mode: ffn's nonzero status */
	char *win; /* UTF-8 bytes from row_off's row on */
	size_t wlen, wcap;
	size_t lf_from; /* need_line: no LF in win[pos, lf_from) */
	iconv_t cd;    /* NO_CD: the file is UTF-8 and read straight into win */
	const char *enc; /* iconv's name of the encoding (NULL: UTF-8) */
	const char *enc_name; /* its name for messages */
	int enc_given; /* an encoding was set: no BOM sniffing */
	int sniffed;   /* the first bytes were looked at */
	char *raw;     /* read but not yet converted (sniffed bytes, or an incomplete sequence) */
	size_t rlen, rcap;
	int conv_bad;  /* the byte after the window could not be converted: report at next fill */
	unsigned char bad; /* that byte */
	size_t pos;     /* next byte to feed to libcsv */
	long line;      /* line of the byte at pos */
	size_t row_off; /* first byte of the current row: a line start */
	long row_line;
	size_t row_end; /* end of the delivered row's bytes */
	int eof;
	char *stage; /* fast path, field mode: the field being handed on */
	size_t scap;
	char *arena; /* field bytes of the row being built */
	size_t acap;
	char *next; /* where the next field goes in the arena */
	char **field; /* the row being built: nf fields */
	size_t *flen;
	size_t nf, fcap;
	int row_done; /* libcsv ended the row */
	long index;
	size_t hn; /* number of header fields */
	int trail; /* the header ends with a delimiter: its last, empty field is not a column */
	int trail_set; /* field mode: the row has a value in that field */
	struct scan sc;
	struct csv_tap tap; /* raw bytes as read; fn NULL: none */
};

/* ---- the rescanner ---- */

static void
scan_reset(struct csv_reader *r)
{
	r->sc = (struct scan){.off = r->row_off, .line = r->row_line, .col = 1, .st = SC_START, .qopen = r->row_off};
}

static enum scan_state
scan_next(const struct csv_reader *r, struct scan *sc, unsigned char c)
{
	switch (sc->st) {
	case SC_QUOTED:
		return c == '"' ? SC_QQ : SC_QUOTED;
	case SC_QQ:
		if (c == '"')
			return SC_QUOTED;
		break;
	case SC_START:
		if (c == '"') {
			sc->qopen = sc->off;
			return SC_QUOTED;
		}
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != r->delim)
			return SC_PLAIN;
		break;
	case SC_PLAIN:
		break;
	}
	if (c == r->delim) {
		sc->field++;
		return SC_START;
	}
	return c == '\r' || c == '\n' ? SC_START : sc->st;
}

/* Moves the cursor past one byte, counting lines and code points. */
static void
scan_step(struct csv_reader *r, struct scan *sc)
{
	unsigned char c = (unsigned char)r->win[sc->off];
	sc->st = scan_next(r, sc, c);
	if (c == '\n') {
		sc->line++;
		sc->col = 1;
	} else if ((c & 0xC0) != 0x80) {
		sc->col++;
	}
	sc->off++;
}

static struct pos
scan_pos(const struct csv_reader *r)
{
	return (struct pos){r->file, (int)r->sc.line, r->sc.col};
}

/* Position of window offset off, which is in the current row. */
static struct pos
pos_at(struct csv_reader *r, size_t off)
{
	scan_reset(r);
	while (r->sc.off < off)
		scan_step(r, &r->sc);
	return scan_pos(r);
}

/* Is the cursor on the first non-blank byte of field i, or on the row's end? */
static int
scan_stop(const struct csv_reader *r, size_t i)
{
	const struct scan *sc = &r->sc;
	unsigned char c = (unsigned char)r->win[sc->off];
	if (sc->st == SC_QUOTED)
		return 0;
	if (c == '\r' || c == '\n')
		return 1;
	return sc->st == SC_START && sc->field >= i && c != ' ' && (c != '\t' || r->delim == '\t');
}

struct pos
csv_reader_pos(struct csv_reader *r, size_t i)
{
	if (i < r->sc.field || r->sc.off < r->row_off)
		scan_reset(r);
	while (r->sc.off < r->row_end && !scan_stop(r, i))
		scan_step(r, &r->sc);
	return scan_pos(r);
}

/* ---- input ---- */

static int err_conv(struct csv_reader *r);
static int err_too_long(struct csv_reader *r);

/* read() without EINTR; reports an error (status 3) as -1. */
static ssize_t
read_raw(struct csv_reader *r, char *dst, size_t n)
{
	ssize_t k;
	do
		k = read(r->fd, dst, n);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		diag(M_IO_READ, &(struct pos){r->file, 0, 0}, strerror(errno));
	else if (r->tap.fn != NULL)
		r->tap.fn(r->tap.ctx, dst, (size_t)k);
	return k;
}

/* UTF-8 input: the sniffed bytes, then reads, straight into the window. */
static int
read_utf8(struct csv_reader *r)
{
	if (r->rlen > 0) {
		memcpy(r->win + r->wlen, r->raw, r->rlen);
		r->wlen += r->rlen;
		r->rlen = 0;
		return 0;
	}
	ssize_t k = read_raw(r, r->win + r->wlen, CHUNK);
	if (k < 0)
		return 3;
	r->eof = k == 0;
	r->wlen += (size_t)k;
	return 0;
}

/* Other encodings: reads a chunk after the unconverted bytes and converts
 * what it can into the window (which has room for GROW bytes per byte). */
static int
read_convert(struct csv_reader *r)
{
	xgrow(&r->raw, &r->rcap, r->rlen + CHUNK, 1);
	ssize_t k = read_raw(r, r->raw + r->rlen, CHUNK);
	if (k < 0)
		return 3;
	r->rlen += (size_t)k;
	char *in = r->raw, *out = r->win + r->wlen;
	size_t inleft = r->rlen, outleft = r->wcap - r->wlen;
	size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
	r->wlen = (size_t)(out - r->win);
	if (rc == (size_t)-1 && errno != EINVAL) { /* EILSEQ: no E2BIG with GROW */
		r->conv_bad = 1;
		r->bad = (unsigned char)*in;
	} else if (k == 0 && inleft > 0) { /* a sequence cut by the end of the file */
		r->conv_bad = 1;
		r->bad = (unsigned char)*in;
	}
	memmove(r->raw, in, inleft);
	r->rlen = inleft;
	r->eof = k == 0 && !r->conv_bad;
	return 0;
}

/* Drops the bytes before the current row and reads the next chunk. */
static int
fill(struct csv_reader *r)
{
	if (r->row_off > 0) {
		memmove(r->win, r->win + r->row_off, r->wlen - r->row_off);
		r->wlen -= r->row_off;
		r->pos -= r->row_off;
		r->lf_from -= r->lf_from > r->row_off ? r->row_off : r->lf_from;
		r->row_off = 0;
		scan_reset(r); /* its offsets moved (field mode: mid-row) */
	}
	if (r->conv_bad)
		return err_conv(r);
	if (r->wlen - r->row_off > CSV_MAX_ROW)
		return err_too_long(r);
	xgrow(&r->win, &r->wcap, r->wlen + GROW * (CHUNK + r->rlen) + 8, 1);
	return r->cd == NO_CD ? read_utf8(r) : read_convert(r);
}

/* Reads until a whole line follows pos, or to the end of the file. */
static int
need_line(struct csv_reader *r)
{
	int st = 0;
	if (r->lf_from < r->pos)
		r->lf_from = r->pos;
	while (st == 0 && !r->eof && !memchr(r->win + r->lf_from, '\n', r->wlen - r->lf_from)) {
		r->lf_from = r->wlen; /* each byte is searched once */
		st = fill(r);
	}
	return st;
}

/* Length of the line at pos, with its LF if it has one. */
static size_t
line_len(const struct csv_reader *r)
{
	const char *s = r->win + r->pos;
	const char *nl = memchr(s, '\n', r->wlen - r->pos);
	return nl ? (size_t)(nl - s) + 1 : r->wlen - r->pos;
}

/* Is one of the 8 bytes at s NUL or not ASCII? */
static inline uint64_t
special(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return ((w - ONES) | w) & HIGHS;
}

/* Length of a prefix of s, a multiple of 8, of bytes 0x01..0x7F only. */
static size_t
ascii_run(const char *s, size_t n)
{
	size_t i = 0;
	while (i + 32 <= n && !(special(s + i) | special(s + i + 8) | special(s + i + 16) | special(s + i + 24)))
		i += 32;
	while (i + 8 <= n && !special(s + i))
		i += 8;
	return i;
}

/* Length of the UTF-8 sequence at s, whose first byte is NUL or not ASCII
 * (n > 0 bytes available), or 0 if it is NUL or invalid. Two-byte sequences
 * (æøå) are checked here, the rest by utf8_decode. */
static inline size_t
seq_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= 0xC2 && c <= 0xDF && n >= 2 && ((unsigned char)s[1] & 0xC0) == 0x80)
		return 2;
	uint32_t cp;
	return c == 0 ? 0 : utf8_decode(s, n, &cp);
}

/* bad_byte from offset i on: clean words are skipped, then ASCII bytes up to
 * the special one, whose sequence is checked. */
static size_t
bad_byte_from(const char *s, size_t n, size_t i)
{
	for (;;) {
		while (i + 8 <= n && !special(s + i))
			i += 8;
		while (i < n && (unsigned char)s[i] - 1u < 0x7Fu)
			i++;
		if (i == n)
			return NONE;
		size_t l = seq_len(s + i, n - i);
		if (l == 0)
			return i;
		i += l;
	}
}

/* Offset of the first NUL byte or invalid UTF-8 sequence in s, or NONE.
 * Fast path: whole words, then the last 8 bytes as one overlapping word. */
static size_t
bad_byte(const char *s, size_t n)
{
	size_t i = ascii_run(s, n);
	if (i == n || (n >= 8 && i + 8 > n && !special(s + n - 8)))
		return NONE;
	return bad_byte_from(s, n, i);
}

/* ---- errors; each returns the run's status ---- */

/* Is byte c a character of Windows-1252 (all but five of 0x80..0x9F are)? */
static int
cp1252_defined(unsigned char c)
{
	return c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 && c != 0x9D;
}

/* Does the invalid UTF-8 at win[off] look like a single-byte encoding: a
 * Windows-1252 character neither after a (valid) UTF-8 character nor
 * followed by a continuation byte, either of which rather means broken
 * UTF-8? */
static int
looks_cp1252(const struct csv_reader *r, size_t off)
{
	unsigned char c = (unsigned char)r->win[off];
	unsigned char prev = off > r->row_off ? (unsigned char)r->win[off - 1] : 0;
	unsigned char next = off + 1 < r->wlen ? (unsigned char)r->win[off + 1] : 0;
	return c >= 0x80 && cp1252_defined(c) && prev < 0x80 && (next < 0x80 || next > 0xBF);
}

/* Does the NUL at win[off] sit in UTF-16 text: ASCII with a NUL beside
 * every character, for the next 8 bytes? Returns "le", "be" or NULL. */
static const char *
looks_utf16(const struct csv_reader *r, size_t off)
{
	size_t start = off > r->row_off ? off - 1 : off;
	if (start + 8 > r->wlen)
		return NULL;
	const char *s = r->win + start;
	int le = 1, be = 1;
	for (int i = 0; i < 8; i += 2) {
		le &= s[i] != 0 && s[i + 1] == 0;
		be &= s[i] == 0 && s[i + 1] != 0;
	}
	return le ? "le" : be ? "be" : NULL;
}

static int
err_bad_byte(struct csv_reader *r, size_t off)
{
	struct pos p = pos_at(r, off);
	unsigned char c = (unsigned char)r->win[off];
	const char *u16 = c == 0 ? looks_utf16(r, off) : NULL;
	if (c == 0)
		diag(M_CSV_PARSE, &p, "NUL byte (is the file UTF-16?)");
	else
		diag(M_CSV_BAD_UTF8, &p, (unsigned)c);
	if (u16 != NULL)
		diag(M_CSV_HINT_UTF16, &p, u16);
	else if (c != 0 && r->enc == NULL && looks_cp1252(r, off))
		diag(M_CSV_HINT_CP1252, &p);
	return 1;
}

/* The byte after the window could not be converted from r->enc. */
static int
err_conv(struct csv_reader *r)
{
	struct pos p = pos_at(r, r->wlen);
	diag(M_CSV_BAD_ENCODING, &p, (unsigned)r->bad, r->enc_name);
	return 1;
}

/* The current row has grown past CSV_MAX_ROW bytes. */
static int
err_too_long(struct csv_reader *r)
{
	struct pos p = pos_at(r, r->row_off + CSV_MAX_ROW);
	diag(M_CSV_TOO_LONG, &p, CSV_MAX_ROW);
	return 1;
}

/* libcsv stopped at off: point at the quote that broke the field. */
static int
err_parse(struct csv_reader *r, size_t off)
{
	if (csv_error(&r->p) != CSV_EPARSE) {
		struct pos p = pos_at(r, off);
		diag(M_CSV_PARSE, &p, csv_strerror(csv_error(&r->p)));
		return 1;
	}
	size_t q = off;
	while (q > r->row_off && r->win[q] != '"')
		q--;
	struct pos p = pos_at(r, q);
	diag(M_CSV_STRAY_QUOTE, &p);
	return 1;
}

static int
err_unterminated(struct csv_reader *r)
{
	scan_reset(r);
	while (r->sc.off < r->wlen)
		scan_step(r, &r->sc);
	struct pos p = pos_at(r, r->sc.qopen);
	diag(M_CSV_UNTERMINATED, &p);
	return 1;
}

static int
err_empty(struct csv_reader *r)
{
	diag(M_CSV_EMPTY, &(struct pos){r->file, 0, 0});
	return 1;
}

/* A CR outside quotes must be followed by LF (or end the file); libcsv would
 * end the row there and the lines would no longer match the rows. */
static int
check_cr(struct csv_reader *r, size_t end)
{
	scan_reset(r);
	while (r->sc.off < end) {
		size_t o = r->sc.off;
		int quoted = r->sc.st == SC_QUOTED;
		if (!quoted && r->win[o] == '\r' && o + 1 < end && r->win[o + 1] != '\n') {
			struct pos p = scan_pos(r);
			diag(M_CSV_PARSE, &p, "carriage return without line feed");
			return 1;
		}
		scan_step(r, &r->sc);
	}
	return 0;
}

/* Checks the n bytes of the line at pos before libcsv sees them. */
static int
check_line(struct csv_reader *r, size_t n)
{
	const char *s = r->win + r->pos;
	size_t bad = bad_byte(s, n);
	if (bad != NONE)
		return err_bad_byte(r, r->pos + bad);
	size_t m = s[n - 1] == '\n' ? n - 1 : n; /* a CR may end the line or file */
	if (m > 1 && memchr(s, '\r', m - 1))
		return check_cr(r, r->pos + n);
	return 0;
}

/* ---- rows ---- */

static void
grow_fields(struct csv_reader *r, size_t need)
{
	size_t cap = r->fcap;
	xgrow(&r->field, &cap, need, sizeof *r->field);
	xgrow(&r->flen, &r->fcap, need, sizeof *r->flen);
}

/* Moves the arena (rare: a row longer than any before), rebasing field[]. */
static void
grow_arena(struct csv_reader *r, size_t need)
{
	size_t cap = r->acap * 2 > need ? r->acap * 2 : need;
	char *a = xmalloc(cap);
	memcpy(a, r->arena, (size_t)(r->next - r->arena));
	for (size_t i = 0; i < r->nf; i++)
		r->field[i] = a + (r->field[i] - r->arena);
	r->next = a + (r->next - r->arena);
	free(r->arena);
	r->arena = a;
	r->acap = cap;
}

/* Makes room for what parsing the next n bytes can add to the row, so that
 * on_field needs no checks: a field is never longer than its raw bytes, and
 * it ends at a delimiter or terminator, which pays for its NUL (the +1 is for
 * a last field that csv_fini ends). */
static void
reserve(struct csv_reader *r, size_t n)
{
	size_t raw = r->pos + n - r->row_off;
	if (r->fcap < r->nf + n + 1)
		grow_fields(r, r->nf + n + 1);
	if (r->acap < raw + SMALL + 1)
		grow_arena(r, raw + SMALL + 1);
}

/* Copies 2 bytes with byte loads. libcsv has just written the field (and its
 * NUL) with byte stores, and a wider load of them waits until those stores
 * drain: a store-forwarding stall that made the reader 1.6x a bare parse on
 * survey data, where most fields are empty or one digit. (For longer fields
 * the one 16-byte copy measured faster than byte copies.) volatile keeps the
 * compiler from merging the loads into one. */
static inline void
copy2(char *dst, const volatile char *src)
{
	dst[0] = src[0];
	dst[1] = src[1];
}

/* libcsv field callback, the hot path: reserve() made room. data is
 * libcsv's buffer, NUL-terminated (CSV_APPEND_NULL) and at least BLK bytes
 * long, so a short field is copied as a fixed 2 or SMALL bytes. */
static void
on_field(void *data, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;
	char *dst = r->next;
	r->field[r->nf] = dst;
	r->flen[r->nf++] = len;
	r->next = dst + len + 1;
	if (len < 2) {
		copy2(dst, data);
	} else if (len < SMALL) {
		memcpy(dst, data, SMALL);
	} else {
		memcpy(dst, data, len + 1); /* last, so that it is a tail call */
	}
}

/* Stops the run after ffn returned st: no more fields are delivered. */
static void
stop(struct csv_reader *r, int st)
{
	r->stop = st;
	r->fmax = 0;
}

/* libcsv field callback in field mode: hands the field to ffn, unless it is
 * beyond the header's count (a ragged row) or the run was stopped. */
static void
on_field_stream(void *data, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;
	size_t c = r->nf++;
	int st;
	if (c < r->fmax && (st = r->ffn(r->ctx, c, data, len)) != 0)
		stop(r, st);
	else if (c >= r->fmax && len > 0)
		r->trail_set = 1;
}

/* Delivers the non-empty field just counted: on_field_nonempty's rare
 * branch, apart and with the same parameters, so that the path of an empty
 * field needs no stack frame and no register moves. */
static void __attribute__((noinline))
deliver(void *data, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;
	size_t c = r->nf - 1;
	int st;
	if (c < r->fmax && (st = r->ffn(r->ctx, c, data, len)) != 0)
		stop(r, st);
	else if (c >= r->fmax)
		r->trail_set = 1;
}

/* The same with CSV_READ_SKIP_EMPTY: most fields are empty. */
static void
on_field_nonempty(void *data, size_t len, void *ctx)
{
	((struct csv_reader *)ctx)->nf++;
	if (len > 0)
		deliver(data, len, ctx);
}

typedef void (*field_cb)(void *, size_t, void *);

/* The libcsv field callback for the row being read. Prepares for it. */
static field_cb
pick_field_cb(struct csv_reader *r, size_t n)
{
	if (r->ffn != NULL && r->index > 0)
		return r->flags & CSV_READ_SKIP_EMPTY ? on_field_nonempty : on_field_stream;
	reserve(r, n);
	return on_field;
}

static void
on_row(int c, void *ctx)
{
	(void)c;
	((struct csv_reader *)ctx)->row_done = 1;
}

/* The header: a last field that is empty (a delimiter ends the line) is
 * taken for a trailing delimiter when there are other fields. */
static void
header_shape(struct csv_reader *r)
{
	r->hn = r->nf;
	r->trail = r->nf >= 2 && r->flen[r->nf - 1] == 0;
}

/* A data row: as many fields as the header, and nothing in the field of a
 * trailing delimiter. */
static int
check_ragged(struct csv_reader *r)
{
	if (r->nf != r->hn) {
		struct pos p = r->nf > r->hn ? csv_reader_pos(r, r->hn) : (struct pos){r->file, (int)r->row_line, 1};
		diag(M_CSV_RAGGED, &p, r->nf, r->hn);
		return 1;
	}
	int set = r->ffn != NULL ? r->trail_set : r->flen[r->nf - 1] > 0;
	r->trail_set = 0;
	if (!r->trail || !set)
		return 0;
	struct pos p = csv_reader_pos(r, r->hn - 1);
	diag(M_CSV_TRAILING, &p);
	return 1;
}

/* Delivers the row that ends at pos, then starts the next one there. The
 * field of a trailing delimiter is not delivered. */
static int
end_row(struct csv_reader *r)
{
	r->row_done = 0;
	r->row_end = r->pos;
	scan_reset(r);
	int st = 0;
	if (r->index == 0)
		header_shape(r);
	else
		st = check_ragged(r);
	size_t n = r->nf - (size_t)r->trail;
	if (st == 0 && r->ffn != NULL && r->index > 0) {
		struct csv_row row = {n, NULL, NULL, r->row_line, r->index++};
		st = r->fend(r->ctx, r, &row);
	} else if (st == 0) {
		struct csv_row row = {n, r->field, r->flen, r->row_line, r->index++};
		st = r->fn(r->ctx, r, &row);
		r->fmax = r->hn - (size_t)r->trail;
	}
	r->nf = 0;
	r->next = r->arena;
	r->row_off = r->pos;
	r->row_line = r->line;
	return st;
}

/* Consumes n bytes at pos without feeding them (blank and comment lines). */
static void
skip(struct csv_reader *r, size_t n)
{
	r->pos += n;
	if (r->win[r->pos - 1] == '\n')
		r->line++;
	r->row_off = r->pos;
	r->row_line = r->line;
}

/* Blank for libcsv: only spaces, tabs (unless tab is the delimiter), CR
 * and LF. */
static int
is_blank(const char *s, size_t n, int delim)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && (s[i] != '\t' || delim == '\t') && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* ---- the fast path: plain lines without libcsv ----
 *
 * Most lines of a survey hold no quote. For such a line that starts a row
 * and ends with LF, libcsv (with our options) does something simple: it
 * ends a field at each delimiter and the row at the CR or LF that ends the
 * line (check_line has rejected any other CR), trims the blanks around each
 * field, and hands each field to the field callback NUL-terminated. The
 * fast path does the same with a scan loop and calls the same callback
 * (or does inline exactly what it does: on_field's copy into the arena,
 * on_field_nonempty's count of an empty field), so everything after it
 * (arena, field mode, ragged and trailing-delimiter checks, positions) is
 * shared. Any other line, and a last line without LF, goes through libcsv.
 * CSV_READ_LIBCSV turns the fast path off; the differential fuzzer
 * (tests/fuzz/fuzz_csvdiff.c) and test_csvread.c compare the two.
 */

#define LIBCSV_ROW_NOT_BEGUN 0 /* libcsv's pstate between rows (libcsv.c) */

/* Does the n-byte line at s (checked by check_line) take the fast path? */
static int
fast_ok(const struct csv_reader *r, const char *s, size_t n)
{
	return !(r->flags & CSV_READ_LIBCSV) && r->pos == r->row_off &&
	    r->p.pstate == LIBCSV_ROW_NOT_BEGUN && s[n - 1] == '\n' && memchr(s, '"', n) == NULL;
}

/* Is c a blank that libcsv trims around an unquoted field? */
static inline int
fast_blank(unsigned char c, int delim)
{
	return (c == ' ' || c == '\t') && c != delim;
}

/* Copies the len-byte field at src (in the window) to dst and ends it with
 * a NUL. A short field is copied as SMALL bytes when the window holds them
 * (dst always has room: fast_line and reserve make it). */
static inline void
fast_copy(const struct csv_reader *r, char *dst, const char *src, size_t len)
{
	if (len < SMALL && src + SMALL <= r->win + r->wlen)
		memcpy(dst, src, SMALL);
	else
		memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Hands the field [f, e) of the window, trimmed, to cb as libcsv would:
 * NUL-terminated, with 2 bytes readable (on_field's copy2), from the stage.
 * Row mode (on_field) copies it straight into the arena instead. */
static void __attribute__((noinline))
fast_field(struct csv_reader *r, field_cb cb, const char *f, const char *e)
{
	static char empty[2];
	while (f < e && fast_blank((unsigned char)*f, r->delim))
		f++;
	while (e > f && fast_blank((unsigned char)e[-1], r->delim))
		e--;
	size_t len = (size_t)(e - f);
	if (cb != on_field) {
		if (len > 0)
			fast_copy(r, r->stage, f, len);
		cb(len > 0 ? r->stage : empty, len, r);
		return;
	}
	fast_copy(r, r->next, f, len);
	r->field[r->nf] = r->next;
	r->flen[r->nf++] = len;
	r->next += len + 1;
}

/* Parses the plain n-byte line at s (fast_ok) into one row: its fields go
 * to cb (from pick_field_cb), then on_row ends the row. In field mode
 * without empty fields, a run of delimiters (empty fields, most cells of a
 * survey) is only counted, as on_field_nonempty would count it. Bytes are
 * scanned one by one: a memchr per field measured slower than libcsv on
 * survey rows, whose fields are mostly empty or one digit. */
static void
fast_line(struct csv_reader *r, const char *s, size_t n, field_cb cb)
{
	const char *end = s + n - 1; /* the LF, or a CR before it */
	if (end > s && end[-1] == '\r')
		end--;
	xgrow(&r->stage, &r->scap, n + SMALL + 1, 1);
	char d = (char)r->delim;
	int count_empty = cb == on_field_nonempty;
	for (const char *f = s, *e;; f = e + 1) {
		if (count_empty) {
			const char *g = f;
			while (g < end && *g == d)
				g++;
			r->nf += (size_t)(g - f);
			f = g;
		}
		for (e = f; e < end && *e != d; e++)
			;
		fast_field(r, cb, f, e);
		if (e == end)
			break;
	}
	on_row('\n', r);
}

/* Parses the n-byte line at s with libcsv; 0, or the run's status. */
static int
slow_line(struct csv_reader *r, const char *s, size_t n, field_cb cb)
{
	size_t k = csv_parse(&r->p, s, n, cb, on_row, r);
	if (r->stop != 0)
		return r->stop;
	return k != n ? err_parse(r, r->pos + k) : 0;
}

/* Checks and parses the n-byte line at pos, delivering the row it ends. */
static int
feed_line(struct csv_reader *r, size_t n)
{
	const char *s = r->win + r->pos;
	if (r->pos == r->row_off && is_blank(s, n, r->delim)) {
		skip(r, n);
		return 0;
	}
	if (r->pos + n - r->row_off > CSV_MAX_ROW)
		return err_too_long(r);
	int st = check_line(r, n);
	if (st != 0)
		return st;
	r->row_end = r->pos + n; /* for positions asked during on_field */
	field_cb cb = pick_field_cb(r, n);
	if (fast_ok(r, s, n))
		fast_line(r, s, n, cb);
	else if ((st = slow_line(r, s, n, cb)) != 0)
		return st;
	if (r->stop != 0)
		return r->stop;
	r->pos += n;
	if (s[n - 1] == '\n')
		r->line++;
	return r->row_done ? end_row(r) : 0;
}

/* Feeds every complete line in the window. */
static int
feed_lines(struct csv_reader *r)
{
	int st = 0;
	const char *nl;
	while (st == 0 && (nl = memchr(r->win + r->pos, '\n', r->wlen - r->pos)) != NULL)
		st = feed_line(r, (size_t)(nl - (r->win + r->pos)) + 1);
	return st;
}

/* At the end of the file: the last line if it has no LF, then csv_fini. */
static int
finish(struct csv_reader *r)
{
	int st = r->pos < r->wlen ? feed_line(r, r->wlen - r->pos) : 0;
	if (st != 0)
		return st;
	r->row_end = r->pos;
	if (csv_fini(&r->p, pick_field_cb(r, 0), on_row, r) != 0)
		return err_unterminated(r);
	if (r->stop != 0)
		return r->stop;
	return r->row_done ? end_row(r) : 0;
}

/* ---- before the header: BOM, blank and comment lines, the delimiter ---- */

/* The candidate delimiters, in the order that breaks ties. */
static const char delims[] = {',', ';', '\t'};

/* Counts the unquoted candidate delimiters in the header record and picks
 * the most frequent; 1 if more must be read. */
static int
count_delims(struct csv_reader *r)
{
	size_t count[sizeof delims] = {0};
	int inq = 0;
	for (size_t i = r->pos; i < r->wlen; i++) {
		char c = r->win[i];
		if (c == '"')
			inq = !inq;
		else if (!inq && c == '\n')
			break;
		for (size_t k = 0; !inq && k < sizeof delims; k++)
			count[k] += c == delims[k];
		if (i + 1 == r->wlen && !r->eof)
			return 1;
	}
	size_t best = 0;
	for (size_t k = 1; k < sizeof delims; k++)
		if (count[k] > count[best])
			best = k;
	r->delim = delims[best];
	return 0;
}

static int
detect_delim(struct csv_reader *r)
{
	int st = 0;
	while (st == 0 && r->delim == 0 && count_delims(r) != 0)
		st = fill(r);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	return st;
}

static int
skippable(const struct csv_reader *r, size_t n)
{
	if ((r->flags & CSV_READ_COMMENTS) && r->win[r->pos] == '#')
		return 1;
	return is_blank(r->win + r->pos, n, r->delim);
}

static int
preamble(struct csv_reader *r)
{
	int st = need_line(r);
	if (st == 0 && r->wlen >= 3 && memcmp(r->win, "\xEF\xBB\xBF", 3) == 0)
		r->pos = r->row_off = 3;
	while (st == 0) {
		if ((st = need_line(r)) != 0 || r->pos == r->wlen)
			break;
		size_t n = line_len(r);
		if (!skippable(r, n))
			return detect_delim(r);
		size_t bad = bad_byte(r->win + r->pos, n);
		if (bad != NONE)
			return err_bad_byte(r, r->pos + bad);
		skip(r, n);
	}
	return st != 0 ? st : err_empty(r);
}

/* ---- the API ---- */

struct csv_reader *
csv_reader_new(const char *path, int delim, unsigned flags)
{
	int fd = util_open_input(path); /* regular files only (util.h) */
	if (fd < 0) {
		diag(M_IO_OPEN, &(struct pos){util_intern(path), 0, 0}, util_strerror(errno));
		return NULL;
	}
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->file = util_intern(path);
	r->fd = fd;
	r->delim = delim;
	r->flags = flags;
	r->line = r->row_line = 1;
	r->cd = NO_CD;
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	csv_set_realloc_func(&r->p, xrealloc);
	csv_set_free_func(&r->p, free);
	csv_set_blk_size(&r->p, BLK);
	r->wcap = 2 * CHUNK;
	r->win = xmalloc(r->wcap);
	r->acap = 4096;
	r->arena = r->next = xmalloc(r->acap);
	return r;
}

/* Supported encodings: the names accepted (lower case) and iconv's. */
static const struct encoding {
	const char *name;
	const char *iconv; /* NULL: UTF-8, read without conversion */
} encodings[] = {
	{"utf-8", NULL}, {"utf8", NULL},
	{"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
	{"iso-8859-1", "ISO-8859-1"}, {"latin1", "ISO-8859-1"}, {"latin-1", "ISO-8859-1"},
	{"utf-16", "UTF-16"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
};

static const struct encoding *
encoding_find(const char *name)
{
	for (size_t i = 0; i < sizeof encodings / sizeof encodings[0]; i++)
		if (strcasecmp(name, encodings[i].name) == 0)
			return &encodings[i];
	return NULL;
}

int
csv_encoding_known(const char *name)
{
	return name != NULL && encoding_find(name) != NULL;
}

/* Opens the conversion from iconv name from; 3 after diag if impossible. */
static int
open_iconv(struct csv_reader *r, const char *from)
{
	r->cd = iconv_open("UTF-8", from);
	if (r->cd == NO_CD) {
		diag(M_IO_OPEN, &(struct pos){r->file, 0, 0}, strerror(errno));
		return 3;
	}
	r->enc = from;
	return 0;
}

int
csv_reader_set_encoding(struct csv_reader *r, const char *name)
{
	const struct encoding *e = name != NULL ? encoding_find(name) : &encodings[0];
	if (e == NULL)
		return -1;
	r->enc_given = e->iconv != NULL;
	r->enc = e->iconv;
	r->enc_name = e->name;
	return 0;
}

/* Before the first fill: opens the conversion, or for UTF-8 looks at the
 * first bytes for a UTF-16 byte-order mark (converted as UTF-16 then). */
static int
sniff(struct csv_reader *r)
{
	if (r->enc_given)
		return open_iconv(r, r->enc);
	xgrow(&r->raw, &r->rcap, CHUNK, 1);
	ssize_t k = read_raw(r, r->raw, CHUNK);
	if (k < 0)
		return 3;
	r->rlen = (size_t)k;
	const unsigned char *b = (const unsigned char *)r->raw;
	if (k >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
		r->enc_name = "utf-16";
		return open_iconv(r, "UTF-16");
	}
	return 0;
}

/* The run of both modes, once the callbacks are set. */
static int
run(struct csv_reader *r)
{
	int st = sniff(r);
	if (st == 0)
		st = preamble(r);
	while (st == 0) {
		st = feed_lines(r);
		if (st != 0 || r->eof)
			break;
		st = fill(r);
	}
	return st != 0 ? st : finish(r);
}

int
csv_reader_run(struct csv_reader *r, csv_row_fn fn, void *ctx)
{
	r->fn = fn;
	r->ctx = ctx;
	return run(r);
}

int
csv_reader_run_fields(struct csv_reader *r, csv_row_fn on_header,
    csv_field_fn on_field, csv_row_fn on_row_end, void *ctx)
{
	r->fn = on_header;
	r->ffn = on_field;
	r->fend = on_row_end;
	r->ctx = ctx;
	return run(r);
}

void
csv_reader_tap(struct csv_reader *r, const struct csv_tap *tap)
{
	r->tap = tap ? *tap : (struct csv_tap){0};
}

int
csv_reader_delim(const struct csv_reader *r)
{
	return r->delim;
}

const char *
csv_reader_file(const struct csv_reader *r)
{
	return r->file;
}

void
csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	close(r->fd);
	if (r->cd != NO_CD)
		iconv_close(r->cd);
	free(r->raw);
	csv_free(&r->p);
	free(r->win);
	free(r->arena);
	free(r->stage);
	free(r->field);
	free(r->flen);
	free(r);
}

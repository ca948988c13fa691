/* fuzz_csv.c: libFuzzer harness for the CSV reader (csvread.c) and the response reader (resp.c).
 *
 * The first input byte chooses the delimiter (detect, ',' or ';'), the
 * reader's flags and whether the rest is also read as responses against
 * the sample codebook; the rest is the file.
 */
#include "fuzz.h"

#include "cb.h"
#include "csvread.h"
#include "resp.h"

static struct codebook *sample_cb;

static int
on_row(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	size_t *sum = ctx;
	for (size_t i = 0; i < row->n; i++)
		*sum += row->len[i];
	if (row->n > 0)
		(void)csv_reader_pos(r, row->n - 1);
	return 0;
}

static int
on_field(void *ctx, size_t col, const char *s, size_t len)
{
	size_t *sum = ctx;
	*sum += col + len + (len > 0 ? (unsigned char)s[len - 1] : 0);
	return 0;
}

static int
on_row_end(void *ctx, struct csv_reader *r, const struct csv_row *row)
{
	(void)ctx;
	(void)r;
	(void)row;
	return 0;
}

static void
on_resp(void *ctx, const int *row, long line)
{
	(void)row;
	*(long *)ctx += line;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_init();
	if (sample_cb == NULL)
		sample_cb = cb_load(FUZZ_SAMPLE "/codebook.txt");
	if (size == 0)
		return 0;
	static const int delims[] = {0, ',', ';', 0};
	int delim = delims[data[0] & 3];
	unsigned flags = (unsigned)(data[0] >> 2) & 3;
	const char *path = fuzz_file("in.csv", NULL, data + 1, size - 1, NULL);
	size_t sum = 0;
	struct csv_reader *r = csv_reader_new(path, delim, flags);
	if (r != NULL)
		csv_reader_run(r, on_row, &sum);
	csv_reader_free(r);
	r = csv_reader_new(path, delim, flags);
	if (r != NULL)
		csv_reader_run_fields(r, on_row_end, on_field, on_row_end, &sum);
	csv_reader_free(r);
	if ((data[0] & 0x10) && sample_cb != NULL) {
		long lines = 0;
		resp_stream(sample_cb, path, delim, on_resp, &lines);
	}
	fuzz_reset();
	return 0;
}

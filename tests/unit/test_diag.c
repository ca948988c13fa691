/* test_diag.c: unit tests for diag.c: input text in messages cannot act on a terminal. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"

START_TEST(escapes_control_bytes)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	diag_set_stream(f);
	struct pos p = {"a\nb.lay", 2, 3};
	/* ESC, newline, tab, CR, DEL, invalid UTF-8, then valid UTF-8 (æ) */
	diag(M_CB_BAD_NUMBER, &p, "\033[2J\n\t\r\x7F\xE6x\xC3\xA6");
	diag_set_stream(NULL);
	fclose(f);
	ck_assert_str_eq(out, "a\\nb.lay:2:3: error: \"\\x1B[2J\\n\\t\\r\\x7F\\xE6x\xC3\xA6\" is not a number\n");
	free(out);
	diag_reset();
}
END_TEST

Suite *diag_suite(void);
Suite *
diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("format");
	tcase_add_test(tc, escapes_control_bytes);
	suite_add_tcase(s, tc);
	return s;
}

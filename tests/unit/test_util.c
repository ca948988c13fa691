/* test_util.c: unit tests for util.c (UTF-8, buffers, interning). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

START_TEST(utf8_roundtrip)
{
	const char *s = "æøå ÆØÅ ’ ” –";
	size_t i = 0, n = strlen(s), k = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		ck_assert_uint_gt(l, 0);
		char tmp[4];
		ck_assert_uint_eq(utf8_encode(cp, tmp), l);
		ck_assert(memcmp(tmp, s + i, l) == 0);
		i += l;
		k++;
	}
	ck_assert_uint_eq(k, utf8_len(s, n));
	ck_assert_uint_eq(utf8_invalid_at(s, n), (size_t)-1);
}
END_TEST

START_TEST(utf8_rejects)
{
	ck_assert_uint_eq(utf8_invalid_at("ab\xe6z", 4), 2);      /* Latin-1 æ */
	ck_assert_uint_eq(utf8_invalid_at("\xc0\xaf", 2), 0);     /* overlong */
	ck_assert_uint_eq(utf8_invalid_at("\xed\xa0\x80", 3), 0); /* surrogate */
	ck_assert_uint_eq(utf8_invalid_at("x\xc3", 2), 1);        /* truncated */
}
END_TEST

START_TEST(buf_and_intern)
{
	struct buf b = {0};
	buf_puts(&b, "64");
	buf_printf(&b, ",%d pct.", 4);
	char *s = buf_take(&b);
	ck_assert_str_eq(s, "64,4 pct.");
	free(s);
	char tmp[] = "a.lay";
	const char *first = util_intern(tmp);
	ck_assert_ptr_eq(first, util_intern("a.lay"));
	for (int i = 0; i < 500; i++) { /* forces the table to grow several times */
		char name[16];
		snprintf(name, sizeof name, "f%d.lay", i);
		util_intern(name);
	}
	ck_assert_ptr_eq(first, util_intern("a.lay"));
}
END_TEST

Suite *util_suite(void);
Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, utf8_roundtrip);
	tcase_add_test(tc, utf8_rejects);
	tcase_add_test(tc, buf_and_intern);
	suite_add_tcase(s, tc);
	return s;
}

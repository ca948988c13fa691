/* tests/unit/main.c: runs every Check suite listed in the generated suites.h. */
#include <check.h>
#include <stdlib.h>

#define S(name) Suite *name(void);
#include "suites.h"
#undef S

int
main(void)
{
	SRunner *sr = srunner_create(NULL);
#define S(name) srunner_add_suite(sr, name());
#include "suites.h"
#undef S
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* support.h: helpers shared by the unit tests. */
#ifndef NOTAT_TEST_SUPPORT_H
#define NOTAT_TEST_SUPPORT_H

/* Called with a bad fixture's path and the exact diagnostics it must give. */
typedef void (*support_bad_fn)(const char *path, const char *want);

/* Calls fn for every file in dir whose name ends in suffix (".txt", ".csv"),
 * with the text of its sibling NAME.err (a missing .err fails the test).
 * Returns how many files it checked. */
int support_each_bad(const char *dir, const char *suffix, support_bad_fn fn);

/* Compares a freshly allocated string (non-NULL) with want, then frees it. */
#define STR_EQ(expr, want) \
	do { \
		char *got_ = (expr); \
		ck_assert_ptr_nonnull(got_); \
		ck_assert_str_eq(got_, want); \
		free(got_); \
	} while (0)

/* Runs the shell command cmd; returns its standard output ("" for none;
 * caller frees) and stores pclose's status in *status. */
char *support_popen(const char *cmd, int *status);

/* Captures the diagnostics in memory from now on (levels reset). */
void support_cap_begin(void);
/* Ends the capture and returns its text (caller frees). */
char *support_cap_end(void);

#endif

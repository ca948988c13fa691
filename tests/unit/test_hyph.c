/* test_hyph.c: unit tests for hyph.c (Danish hyphenation points, filters, exceptions). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "hyph.h"

#define DICT "/usr/share/hyphen/hyph_da_DK.dic"
#define SHIPPED "../layouts/hyph-da.txt"

/* The word with "-" at every break hy_points allows (static buffer). */
static const char *
hyphenated(struct hyph *h, const char *w)
{
	static char out[512];
	size_t pos[64], n = hy_points(h, w, strlen(w), pos, 64), last = 0, o = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert(pos[i] > last && pos[i] < strlen(w));
		memcpy(out + o, w + last, pos[i] - last);
		o += pos[i] - last;
		if (w[pos[i] - 1] != '-') /* an explicit hyphen is not doubled */
			out[o++] = '-';
		last = pos[i];
	}
	strcpy(out + o, w + last);
	return out;
}

static struct hyph *
patterns_only(void)
{
	struct hyph *h = hy_new(DICT, NULL);
	ck_assert_ptr_nonnull(h);
	return h;
}

START_TEST(no_single_letter_fragments)
{
	struct hyph *h = patterns_only();
	/* libhyphen alone gives sik-kerheds-kon-su-len-t-ord-nin-gen and so-ci-a-l-om-rå-det. */
	const char *s = hyphenated(h, "sikkerhedskonsulentordningen");
	ck_assert_ptr_null(strstr(s, "len-tord"));
	ck_assert_ptr_null(strstr(s, "-t-"));
	ck_assert_ptr_nonnull(strstr(s, "lent-ord"));
	s = hyphenated(h, "socialområdet");
	ck_assert_ptr_null(strstr(s, "socia-l"));
	ck_assert_ptr_null(strstr(s, "-a-"));
	ck_assert_ptr_null(strstr(s, "-l-"));
	ck_assert_str_eq(s, "so-ci-al-om-rå-det");
	hy_free(h);
}
END_TEST

START_TEST(hyphenmin)
{
	struct hyph *h = patterns_only();
	const char *words[] = {"integrationsområdet", "rådgivningsaktiviteter", "æresrelaterede", "kommunale"};
	for (size_t i = 0; i < 4; i++) {
		size_t pos[64], n = hy_points(h, words[i], strlen(words[i]), pos, 64);
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_ge(pos[0], 2);                       /* 2+ letters before (all ASCII here but å/æ) */
		ck_assert_uint_ge(strlen(words[i]) - pos[n - 1], 3); /* 3+ bytes after */
	}
	ck_assert_str_eq(hyphenated(h, "kommunale"), "kom-mu-nale");
	hy_free(h);
}
END_TEST

START_TEST(case_and_punctuation)
{
	struct hyph *h = patterns_only();
	ck_assert_str_eq(hyphenated(h, "Socialområdet"), "So-ci-al-om-rå-det");
	ck_assert_str_eq(hyphenated(h, "SOCIALOMRÅDET"), "SO-CI-AL-OM-RÅ-DET");
	ck_assert_str_eq(hyphenated(h, "’socialområdet’,"), "’so-ci-al-om-rå-det’,");
	ck_assert_str_eq(hyphenated(h, "(kurser,"), "(kur-ser,");
	hy_free(h);
}
END_TEST

START_TEST(no_breaks)
{
	struct hyph *h = patterns_only();
	const char *none[] = {"unge", "børn", "SIRI", "fx.", "2023", "n=149", "94-100", "64,4", "MÆRKs2",
	    "e-mail", "og/eller", "tre\xff" "kant", ""};
	for (size_t i = 0; i < sizeof none / sizeof *none; i++)
		ck_assert_msg(strcmp(hyphenated(h, none[i]), none[i]) == 0, "%s broken", none[i]);
	hy_free(h);
}
END_TEST

START_TEST(explicit_hyphen)
{
	struct hyph *h = patterns_only();
	ck_assert_str_eq(hyphenated(h, "SB-området"), "SB-området");
	size_t pos[8];
	ck_assert_uint_eq(hy_points(h, "SB-området", strlen("SB-området"), pos, 8), 1);
	ck_assert_uint_eq(pos[0], 3); /* right after the "-" */
	ck_assert_uint_eq(hy_points(h, "MENAPT-baggrund.", 16, pos, 8), 1);
	ck_assert_uint_eq(pos[0], 7);
	ck_assert_uint_eq(hy_points(NULL, "ikke-vestlige", 13, pos, 8), 1); /* no dictionary needed */
	hy_free(h);
}
END_TEST

START_TEST(exceptions_win)
{
	char path[] = "/tmp/notat-hyph-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	fputs("# test list\n\nsik-ker-heds-kon-su-lent-ord-nin-gen\nkom-mu-ner\n  in-te-gra-tion  \nsiri\nsocialom-rådet\n", f);
	fclose(f);
	struct hyph *h = hy_new(DICT, path);
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(hyphenated(h, "sikkerhedskonsulentordningen"), "sik-ker-heds-kon-su-lent-ord-nin-gen");
	ck_assert_str_eq(hyphenated(h, "Sikkerhedskonsulentordningen."), "Sik-ker-heds-kon-su-lent-ord-nin-gen.");
	ck_assert_str_eq(hyphenated(h, "socialområdet"), "socialom-rådet"); /* overrides the patterns */
	ck_assert_str_eq(hyphenated(h, "kommunerne"), "kom-mu-nerne");     /* inflected: entry + "ne" */
	ck_assert_str_eq(hyphenated(h, "integration"), "in-te-gra-tion");
	hy_free(h);
	unlink(path);
	hy_free(NULL);
}
END_TEST

START_TEST(shipped_list)
{
	struct hyph *h = hy_new(DICT, SHIPPED);
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(hyphenated(h, "genopdragelsesrejser"), "gen-op-dra-gel-ses-rej-ser");
	ck_assert_str_eq(hyphenated(h, "beskæftigelsesrettet"), "be-skæf-ti-gel-ses-ret-tet");
	ck_assert_str_eq(hyphenated(h, "rådgivningsaktiviteter"), "råd-giv-nings-ak-ti-vi-te-ter");
	ck_assert_str_eq(hyphenated(h, "Sikkerhedskonsulenterne"), "Sik-ker-heds-kon-su-len-terne"); /* 3+ letters carried */
	ck_assert_str_eq(hyphenated(h, "netværksmøder"), "net-værks-mø-der");
	/* compounds break at the joint, not inside "område" ("skoleom-rådet") */
	ck_assert_str_eq(hyphenated(h, "skoleområdet"), "sko-le-områ-det");
	ck_assert_str_eq(hyphenated(h, "desuden"), "des-uden");
	hy_free(h);
}
END_TEST

/* The word with "=" at compound joints and "-" at other breaks (static buffer). */
static const char *
joints(struct hyph *h, const char *w)
{
	static char out[512];
	size_t pos[64], last = 0, o = 0;
	int jt[64];
	size_t n = hy_points_joints(h, w, strlen(w), pos, jt, 64);
	for (size_t i = 0; i < n; i++) {
		memcpy(out + o, w + last, pos[i] - last);
		o += pos[i] - last;
		out[o++] = jt[i] ? '=' : '-';
		last = pos[i];
	}
	strcpy(out + o, w + last);
	return out;
}

/* Compound joints: "=" in an entry, and learnt parts joining in a word without one. */
START_TEST(compound_joints)
{
	char path[] = "/tmp/notat-hyph-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	fputs("sik-ker-heds=kon-su-len-ter\nråd-giv-nings=til-bud\nak-ti-vi-te-ter\nbørn\n", f);
	fclose(f);
	struct hyph *h = hy_new(DICT, path);
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(joints(h, "sikkerhedskonsulenterne"), "sik-ker-heds=kon-su-len-terne");
	/* no entry: "rådgivnings" (a part) + "aktiviteterne" (an entry + "ne") */
	ck_assert_str_eq(joints(h, "rådgivningsaktiviteterne"), "råd-giv-nings=ak-ti-vi-te-terne");
	/* a part with an inflection ending after it, and a linking "s" before it */
	ck_assert_ptr_nonnull(strchr(joints(h, "rådgivningskonsulenterne"), '='));
	/* no joint without a known head (a short head is not a word) */
	ck_assert_ptr_null(strchr(joints(h, "aktiviteterne"), '='));
	ck_assert_int_eq(hy_points_joints(h, "SB-området", strlen("SB-området"), (size_t[4]){0}, (int[4]){0}, 4), 1);
	hy_free(h);
	unlink(path);
}
END_TEST

START_TEST(shipped_joints)
{
	struct hyph *h = hy_new(DICT, SHIPPED);
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(joints(h, "beskæftigelsesrettet"), "be-skæf-ti-gel-ses=ret-tet");
	ck_assert_str_eq(joints(h, "danskkompetencer"), "dansk=kom-pe-ten-cer");
	ck_assert_str_eq(joints(h, "rådgivningsaktiviteter"), "råd-giv-nings=ak-ti-vi-te-ter");
	ck_assert_str_eq(joints(h, "sikkerhedskonsulenterne"), "sik-ker-heds=kon-su-len-terne");
	hy_free(h);
}
END_TEST

START_TEST(load_errors)
{
	FILE *sink = tmpfile();
	diag_set_stream(sink);
	ck_assert_ptr_null(hy_new("/nonexistent/hyph.dic", NULL));
	ck_assert_ptr_null(hy_new(DICT, "/nonexistent/hyph-da.txt"));
	ck_assert_int_eq(diag_worst(), DL_FATAL);
	diag_set_stream(NULL);
	diag_reset();
	fclose(sink);
}
END_TEST

Suite *hyph_suite(void);
Suite *
hyph_suite(void)
{
	Suite *s = suite_create("hyph");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, no_single_letter_fragments);
	tcase_add_test(tc, hyphenmin);
	tcase_add_test(tc, case_and_punctuation);
	tcase_add_test(tc, no_breaks);
	tcase_add_test(tc, explicit_hyphen);
	tcase_add_test(tc, exceptions_win);
	tcase_add_test(tc, shipped_list);
	tcase_add_test(tc, compound_joints);
	tcase_add_test(tc, shipped_joints);
	tcase_add_test(tc, load_errors);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * Unit tests of ecma_regex: ECMA-262 meanings PCRE2 spells differently
 * (\d and \w ASCII, \s with ECMA's white space, "." without line
 * terminators, \u escapes and surrogate pairs, $ only at the end, empty
 * classes), what ECMA rejects, and the error offsets and messages.
 */
#include "cunit_main.h"
#include "ecma_regex.h"

#include <stdio.h>
#include <string.h>

/* Whether pattern (ECMA) finds a match in subject (UTF-8). */
static int search(const char *pattern, const char *subject)
{
	struct fc_strbuf error = FC_STRBUF_INIT;
	pcre2_code *re = fc_ecma_regex_compile(pattern, strlen(pattern), &error);
	CU_ASSERT_PTR_NOT_NULL(re);
	if (!re) {
		fprintf(stderr, "\n  %s: %s\n", pattern, error.buf);
		fc_strbuf_release(&error);
		return -1;
	}
	fc_strbuf_release(&error);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)subject, strlen(subject), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

static void test_ascii_classes(void)
{
	CU_ASSERT_EQUAL(search("^\\d+$", "0123456789"), 1);
	CU_ASSERT_EQUAL(search("^\\d$", "\xd9\xa3"), 0); /* ARABIC-INDIC DIGIT THREE */
	CU_ASSERT_EQUAL(search("^\\w+$", "abc_XYZ_09"), 1);
	CU_ASSERT_EQUAL(search("^\\w$", "\xc3\xa9"), 0); /* é is not \w in ECMA */
	CU_ASSERT_EQUAL(search("\\bfoo\\b", "a foo b"), 1);
}

static void test_white_space_and_dot(void)
{
	CU_ASSERT_EQUAL(search("^\\s$", "\xc2\xa0"), 1); /* U+00A0 */
	CU_ASSERT_EQUAL(search("^\\s$", "\xef\xbb\xbf"), 1); /* U+FEFF */
	CU_ASSERT_EQUAL(search("^\\s$", "\xe2\x80\xa8"), 1); /* U+2028 */
	CU_ASSERT_EQUAL(search("^[\\s]$", "\xe3\x80\x80"), 1); /* U+3000 in a class */
	CU_ASSERT_EQUAL(search("^\\S$", "\xc2\xa0"), 0);
	CU_ASSERT_EQUAL(search("^.$", "\n"), 0);
	CU_ASSERT_EQUAL(search("^.$", "\r"), 0);
	CU_ASSERT_EQUAL(search("^.$", "\xe2\x80\xa9"), 0); /* U+2029 */
	CU_ASSERT_EQUAL(search("^.$", "\xc3\xa9"), 1);
}

static void test_escapes(void)
{
	CU_ASSERT_EQUAL(search("^\\u00e9$", "\xc3\xa9"), 1);
	CU_ASSERT_EQUAL(search("^\\u{1F600}$", "\xf0\x9f\x98\x80"), 1);
	CU_ASSERT_EQUAL(search("^\\uD83D\\uDE00$", "\xf0\x9f\x98\x80"), 1); /* surrogate pair */
	CU_ASSERT_EQUAL(search("^\\x41$", "A"), 1);
	CU_ASSERT_EQUAL(search("^\\v$", "\v"), 1);
	CU_ASSERT_EQUAL(search("^\\cJ$", "\n"), 1);
	CU_ASSERT_EQUAL(search("^a{,2}$", "a{,2}"), 1); /* not a quantifier: literal */
	CU_ASSERT_EQUAL(search("^\\p{Letter}+$", "\xc3\xa9t\xc3\xa9"), 1);
	CU_ASSERT_EQUAL(search("^\\p{Lu}$", "a"), 0);
}

static void test_anchors_and_classes(void)
{
	CU_ASSERT_EQUAL(search("a$", "a\n"), 0); /* $ only at the very end */
	CU_ASSERT_EQUAL(search("a$", "a"), 1);
	CU_ASSERT_EQUAL(search("[]", "a"), 0); /* the empty class matches nothing */
	CU_ASSERT_EQUAL(search("^[^]$", "\n"), 1); /* its complement everything */
	CU_ASSERT_EQUAL(search("^[[]$", "["), 1); /* '[' in a class is literal */
	CU_ASSERT_EQUAL(search("^(?<y>\\d{4})-\\k<y>$", "2024-2024"), 1);
	CU_ASSERT_EQUAL(search("(?<=a)b", "ab"), 1);
}

static void test_rejected(void)
{
	static const char *const bad[] = {"\\a", "\\z",   "\\Q", "(?i)a",
	                                  "a++", "(?#c)", "(",   "\\u12"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fc_strbuf error = FC_STRBUF_INIT;
		pcre2_code *re = fc_ecma_regex_compile(bad[i], strlen(bad[i]), &error);
		CU_ASSERT_PTR_NULL(re);
		CU_ASSERT(error.len > 0);
		if (re) {
			fprintf(stderr, "\n  accepted: %s\n", bad[i]);
			pcre2_code_free(re);
		}
		fc_strbuf_release(&error);
	}
	/* translation errors carry the offset in the pattern */
	struct fc_strbuf out = FC_STRBUF_INIT;
	const char *error = NULL;
	size_t offset = 0;
	CU_ASSERT_EQUAL(fc_ecma_regex_translate(&out, "ab\\u12", 6, &error, &offset), -1);
	CU_ASSERT_PTR_NOT_NULL(error);
	CU_ASSERT_EQUAL(offset, 2);
	fc_strbuf_release(&out);
}

void fc_test_register(void)
{
	FC_SUITE("ecma_regex", FC_TEST(test_ascii_classes), FC_TEST(test_white_space_and_dot),
	         FC_TEST(test_escapes), FC_TEST(test_anchors_and_classes), FC_TEST(test_rejected));
}

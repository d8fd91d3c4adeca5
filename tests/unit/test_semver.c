/*
 * Unit tests of semver: SemVer 2 syntax (valid and invalid versions, the
 * 64-byte limit) and precedence (semver.org's example order, build metadata
 * ignored, numeric identifiers of any length, invalid versions first).
 */
#include "cunit_main.h"
#include "semver.h"

#include <string.h>

static void test_semver(void)
{
	static const char *const valid[] = {"1.0.0",     "1.2.3-rc.1+b.5", "0.0.0",
	                                    "10.20.30",  "1.0.0-alpha",    "1.0.0-0a.1",
	                                    "1.0.0+001", "1.0.0-x-y.z",    "1.0.0-0"};
	static const char *const invalid[] = {
	        "1.0",        "01.0.0",  "1.0.0-01", "1.0.0+", "v1.0.0",    "",       "1.0.0-",
	        "1.0.0-a..b", "1.0.0.0", "1.0.0_a",  "1..0",   "1.0.0+a+b", "-1.0.0", "1.00.0"};
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		CU_ASSERT_TRUE(fc_is_semver(valid[i]));
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		CU_ASSERT_FALSE(fc_is_semver(invalid[i]));
}

static void test_semver_order(void)
{
	/* ascending, from semver.org's precedence example and more */
	static const char *const order[] = {
	        "0.9.99",     "1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta",
	        "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
	        "1.0.0",      "1.2.0",        "1.10.0",        "10.0.0"};
	size_t n = sizeof(order) / sizeof(*order);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int c = fc_semver_compare(order[i], order[j]);
			CU_ASSERT(i < j ? c < 0 : i > j ? c > 0 : c == 0);
		}
	CU_ASSERT_EQUAL(fc_semver_compare("1.0.0+build.1", "1.0.0+build.2"), 0);
	CU_ASSERT(fc_semver_compare("1.0.0-rc.1+x", "1.0.0") < 0);
	CU_ASSERT(fc_semver_compare("not-a-version", "0.0.1") < 0);
	CU_ASSERT(fc_semver_compare("99999999999999999999.0.0", "9.0.0") > 0);
}

static void test_semver_length(void)
{
	/* 64 bytes is the longest accepted version */
	char v[80] = "1.0.0-";
	while (strlen(v) < 64)
		strcat(v, "a");
	CU_ASSERT_EQUAL(strlen(v), 64);
	CU_ASSERT_TRUE(fc_is_semver(v));
	strcat(v, "a");
	CU_ASSERT_FALSE(fc_is_semver(v));
}

static void test_semver_identifiers(void)
{
	/* numeric identifiers below alphanumeric ones, compared as numbers */
	CU_ASSERT(fc_semver_compare("1.0.0-2", "1.0.0-10") < 0);
	CU_ASSERT(fc_semver_compare("1.0.0-999", "1.0.0-a") < 0);
	CU_ASSERT(fc_semver_compare("1.0.0-a.b", "1.0.0-a.b.c") < 0);
	CU_ASSERT(fc_semver_compare("1.0.0-alpha+zzz", "1.0.0-alpha+aaa") == 0);
	/* antisymmetric between two invalid ones (text order) */
	CU_ASSERT(fc_semver_compare("abc", "abd") < 0);
	CU_ASSERT(fc_semver_compare("abd", "abc") > 0);
}

void fc_test_register(void)
{
	FC_SUITE("semver", FC_TEST(test_semver), FC_TEST(test_semver_order),
	         FC_TEST(test_semver_length), FC_TEST(test_semver_identifiers));
}

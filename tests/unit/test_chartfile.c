/* Unit tests of chartfile and repoindex helpers: SemVer 2 precedence (the
 * order of index entries), invalid archives, RFC 3339 times. */
#include "arena.h"
#include "chartfile.h"
#include "cunit_main.h"
#include "diag.h"
#include "repoindex.h"

#include <string.h>

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

static void test_not_a_chart(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_chart_meta meta;
	CU_ASSERT_EQUAL(fc_chart_read(&arena, "x.tgz", "junk", 4, &meta, &diags), -1);
	CU_ASSERT_EQUAL(diags.errors, 1);
	if (diags.count == 1)
		CU_ASSERT_STRING_EQUAL(diags.items[0]->code, "chart-invalid");
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static void test_rfc3339(void)
{
	char buf[32];
	fc_rfc3339(1700000000, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "2023-11-14T22:13:20Z");
	fc_rfc3339(0, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "1970-01-01T00:00:00Z");
}

void fc_test_register(void)
{
	FC_SUITE("chartfile", FC_TEST(test_semver_order), FC_TEST(test_not_a_chart),
	         FC_TEST(test_rfc3339));
}

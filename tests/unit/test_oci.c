/* Unit tests of oci: references (oci://HOST[:PORT]/PATH) and a push to a
 * port where nothing listens ([oci-network], no output). */
#include "arena.h"
#include "chartfile.h"
#include "cunit_main.h"
#include "diag.h"
#include "emit.h"
#include "oci.h"

#include <string.h>

static void test_parse_ref(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_oci_ref ref;
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://127.0.0.1:5000/charts/x/", &ref), 0);
	CU_ASSERT_STRING_EQUAL(ref.host, "127.0.0.1:5000");
	CU_ASSERT_STRING_EQUAL(ref.path, "charts/x");
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://registry.example", &ref), 0);
	CU_ASSERT_STRING_EQUAL(ref.path, "");
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "https://registry.example/x", &ref), -1);
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci:///x", &ref), -1);
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://host/Upper", &ref), -1);
	CU_ASSERT_EQUAL(fc_oci_parse_ref(&arena, "oci://us er@host/x", &ref), -1);
	fc_arena_release(&arena);
}

static void test_unreachable(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_chart_meta meta = {0};
	meta.chart_yaml = fc_tree_map(&arena);
	fc_tree_set(&arena, meta.chart_yaml, "name", fc_tree_str(&arena, "x"), NULL);
	fc_tree_set(&arena, meta.chart_yaml, "version", fc_tree_str(&arena, "1.0.0+b"), NULL);
	meta.name = "x";
	meta.version = "1.0.0+b";
	struct fc_oci_ref ref = {"127.0.0.1:1", "charts"};
	struct fc_oci_push_options opt = {.plain_http = true};
	struct fc_oci_report report;
	CU_ASSERT_EQUAL(fc_oci_push(&arena, &ref, &meta, "tgz", 3, NULL, 0, &opt, &report, &diags),
	                -1);
	CU_ASSERT_STRING_EQUAL(report.reference, "127.0.0.1:1/charts/x:1.0.0_b");
	CU_ASSERT_EQUAL(diags.errors, 1);
	if (diags.count == 1)
		CU_ASSERT_STRING_EQUAL(diags.items[0]->code, "oci-network");
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("oci", FC_TEST(test_parse_ref), FC_TEST(test_unreachable));
}

/* Unit tests of prov: the provenance body exactly as Helm writes it, and
 * signing failures reported as [sign] without printing. */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "prov.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_body(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	static const char chart[] = "apiVersion: \"v2\"\nname: \"x\"\nversion: \"1.0.0\"\n";
	CU_ASSERT_EQUAL(fc_prov_body(chart, strlen(chart), "x-1.0.0.tgz", "abc", 3, &sb, &diags),
	                0);
	CU_ASSERT_STRING_EQUAL(
	        sb.buf, "apiVersion: \"v2\"\nname: \"x\"\nversion: \"1.0.0\"\n"
	                "\n...\nfiles:\n  x-1.0.0.tgz: sha256:"
	                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n");
	/* a Chart.yaml without a final newline gets one */
	fc_strbuf_reset(&sb);
	CU_ASSERT_EQUAL(fc_prov_body("name: x", 7, "x.tgz", "", 0, &sb, &diags), 0);
	CU_ASSERT_EQUAL(strncmp(sb.buf, "name: x\n\n...\nfiles:\n  x.tgz: sha256:e3b0c442", 44), 0);
	CU_ASSERT_EQUAL(diags.count, 0);
	fc_strbuf_release(&sb);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static void test_sign_without_key(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	char home[] = "/tmp/fc-prov-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(home));
	struct fc_strbuf sb = FC_STRBUF_INIT;
	int rc = fc_prov_sign("body\n", 5, "nobody@nowhere.invalid", home, &sb, &diags);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(sb.len, 0);
	CU_ASSERT_EQUAL(diags.errors, 1);
	if (diags.count == 1) {
		CU_ASSERT_STRING_EQUAL(diags.items[0]->code, "sign");
	}
	fc_strbuf_release(&sb);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

void fc_test_register(void)
{
	FC_SUITE("prov", FC_TEST(test_body), FC_TEST(test_sign_without_key));
}

/*
 * Unit tests of fc_load_yaml_stream: several documents in source order,
 * empty and comment-only documents skipped, the caller's size limit, and
 * the single-document rules that still hold inside a stream.
 */
#include "cunit_main.h"
#include "load.h"

#include <stdlib.h>
#include <string.h>

static struct fc_arena arena;
static struct fc_diags diags;
static struct fc_node **docs;
static size_t ndocs;
static int rc;

static void load_max(const char *text, size_t max_bytes)
{
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	rc = fc_load_yaml_stream(&arena, "s.yaml", text, strlen(text), max_bytes, &docs, &ndocs,
	                         &diags);
}

static void load(const char *text)
{
	load_max(text, 1 << 20);
}

static void finish(void)
{
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static const char *kind_of(size_t i)
{
	const struct fc_node *k = i < ndocs ? fc_node_get(docs[i], "kind") : NULL;
	return k ? k->text : "";
}

static void test_documents_in_order(void)
{
	load("# Source: fabric/templates/ns.yaml\n"
	     "apiVersion: v1\nkind: Namespace\n"
	     "---\n"
	     "# Source: fabric/templates/netpol.yaml\n"
	     "kind: NetworkPolicy\n"
	     "---\n"
	     "kind: Pod\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(ndocs, 3);
	CU_ASSERT_STRING_EQUAL(kind_of(0), "Namespace");
	CU_ASSERT_STRING_EQUAL(kind_of(1), "NetworkPolicy");
	CU_ASSERT_STRING_EQUAL(kind_of(2), "Pod");
	CU_ASSERT_EQUAL(docs[1]->pos.line, 6);
	CU_ASSERT_EQUAL(docs[2]->pos.line, 8);
	CU_ASSERT_STRING_EQUAL(docs[2]->pos.file, "s.yaml");
	finish();
}

static void test_empty_documents_skipped(void)
{
	load("---\n# Source: fabric/templates/empty.yaml\n---\n---\nkind: A\n---\n"
	     "# only a comment\n...\n---\nkind: B\n---\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(ndocs, 2);
	CU_ASSERT_STRING_EQUAL(kind_of(0), "A");
	CU_ASSERT_STRING_EQUAL(kind_of(1), "B");
	finish();
}

static void test_no_documents(void)
{
	load("");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(ndocs, 0);
	CU_ASSERT_PTR_NULL(docs);
	CU_ASSERT_EQUAL(diags.count, 0);
	finish();
	load("# nothing here\n---\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(ndocs, 0);
	finish();
}

static void test_scalar_documents_kept(void)
{
	/* only an empty plain root is "no content"; a null or a word is a document */
	load("--- null\n--- word\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(ndocs, 2);
	if (ndocs == 2) {
		CU_ASSERT_EQUAL(docs[0]->kind, FC_NODE_NULL);
		CU_ASSERT_EQUAL(docs[1]->kind, FC_NODE_STRING);
	}
	finish();
}

static void test_caller_size_limit(void)
{
	load_max("kind: A\n", 8);
	CU_ASSERT_EQUAL(rc, 0);
	finish();
	load_max("kind: AB\n", 8);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(ndocs, 0);
	CU_ASSERT_PTR_NULL(docs);
	CU_ASSERT_EQUAL(diags.errors, 1);
	if (diags.count) {
		CU_ASSERT_STRING_EQUAL(diags.items[0]->code, "input-too-large");
		CU_ASSERT_STRING_EQUAL(diags.items[0]->message,
		                       "input exceeds the limit of 8 bytes");
	}
	finish();
	/* more than the single-document default of 1 MiB */
	size_t n = (1u << 20) + 100;
	char *big = malloc(n + 1);
	memcpy(big, "kind: \"", 7);
	memset(big + 7, 'x', n - 9);
	memcpy(big + n - 2, "\"\n", 3);
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	rc = fc_load_yaml_stream(&arena, "s.yaml", big, n, 64u << 20, &docs, &ndocs, &diags);
	/* the scalar limit (64 KiB) still holds */
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT(diags.count >= 1 && strcmp(diags.items[0]->code, "yaml-scalar-too-long") == 0);
	finish();
	free(big);
}

static void test_rules_still_hold(void)
{
	load("kind: A\n---\na: 1\na: 2\n");
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(ndocs, 0);
	CU_ASSERT(diags.count >= 1 && strcmp(diags.items[0]->code, "duplicate-key") == 0);
	if (diags.count)
		CU_ASSERT_EQUAL(diags.items[0]->pos.line, 4);
	finish();
	load("kind: A\n---\nb: &x 1\n");
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT(diags.count >= 1 && strcmp(diags.items[0]->code, "yaml-anchor") == 0);
	finish();
	load("kind: A\n---\nb: [1,\n");
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT(diags.count >= 1 && strcmp(diags.items[0]->code, "yaml-syntax") == 0);
	finish();
}

static void test_single_document_unchanged(void)
{
	struct fc_node *root;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	rc = fc_load_yaml(&arena, "t.yaml", "a: 1\n---\nb: 2\n", 14, NULL, &root, &diags);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT(diags.count == 1 && strcmp(diags.items[0]->code, "yaml-multiple-documents") == 0);
	finish();
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	rc = fc_load_yaml(&arena, "t.yaml", "# c\n", 4, NULL, &root, &diags);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT(diags.count == 1 && strcmp(diags.items[0]->code, "yaml-empty") == 0);
	finish();
}

void fc_test_register(void)
{
	FC_SUITE("load_stream", FC_TEST(test_documents_in_order),
	         FC_TEST(test_empty_documents_skipped), FC_TEST(test_no_documents),
	         FC_TEST(test_scalar_documents_kept), FC_TEST(test_caller_size_limit),
	         FC_TEST(test_rules_still_hold), FC_TEST(test_single_document_unchanged));
}

/*
 * Unit tests of doc: kind names, node lookup and JSON Pointers (RFC 6901):
 * building with escapes and resolving in documents loaded from YAML; JSON
 * equality.
 */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "doc.h"
#include "load.h"

#include <string.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_node *root;
};

static void setup(struct fixture *f, const char *yaml)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	f->root = NULL;
	if (yaml) {
		int rc = fc_load_yaml(&f->arena, "t.yaml", yaml, strlen(yaml), NULL, &f->root,
		                      &f->diags);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(f->root);
	}
}

static void teardown(struct fixture *f)
{
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static void test_kind_names(void)
{
	CU_ASSERT_STRING_EQUAL(fc_node_kind_name(FC_NODE_NULL), "null");
	CU_ASSERT_STRING_EQUAL(fc_node_kind_name(FC_NODE_BOOL), "boolean");
	CU_ASSERT_STRING_EQUAL(fc_node_kind_name(FC_NODE_INT), "integer");
	CU_ASSERT_STRING_EQUAL(fc_node_kind_name(FC_NODE_FLOAT), "number");
	CU_ASSERT_STRING_EQUAL(fc_node_kind_name(FC_NODE_STRING), "string");
	CU_ASSERT_STRING_EQUAL(fc_node_kind_name(FC_NODE_SEQ), "array");
	CU_ASSERT_STRING_EQUAL(fc_node_kind_name(FC_NODE_MAP), "object");
}

static void test_pointer_key(void)
{
	struct fixture f;
	setup(&f, NULL);
	CU_ASSERT_STRING_EQUAL(fc_pointer_key(&f.arena, "", "a", 1), "/a");
	CU_ASSERT_STRING_EQUAL(fc_pointer_key(&f.arena, "/x", "b", 1), "/x/b");
	CU_ASSERT_STRING_EQUAL(fc_pointer_key(&f.arena, "", "a~b", 3), "/a~0b");
	CU_ASSERT_STRING_EQUAL(fc_pointer_key(&f.arena, "", "a/b", 3), "/a~1b");
	CU_ASSERT_STRING_EQUAL(fc_pointer_key(&f.arena, "/p", "~/~/", 4), "/p/~0~1~0~1");
	CU_ASSERT_STRING_EQUAL(fc_pointer_key(&f.arena, "", "", 0), "/");
	/* only key_len bytes are used */
	CU_ASSERT_STRING_EQUAL(fc_pointer_key(&f.arena, "", "abcdef", 2), "/ab");
	teardown(&f);
}

static void test_pointer_index(void)
{
	struct fixture f;
	setup(&f, NULL);
	CU_ASSERT_STRING_EQUAL(fc_pointer_index(&f.arena, "", 0), "/0");
	CU_ASSERT_STRING_EQUAL(fc_pointer_index(&f.arena, "/a~1b", 12), "/a~1b/12");
	CU_ASSERT_STRING_EQUAL(fc_pointer_index(&f.arena, "/s", 4294967296ULL), "/s/4294967296");
	teardown(&f);
}

static const char *const DOC = "a:\n"
                               "  b: [x, y, z]\n"
                               "'c/d': 1\n"
                               "'e~f': 2\n"
                               "'~1': 3\n"
                               "'': empty\n"
                               "list:\n"
                               "  - {k: v}\n"
                               "  - 7\n";

static void test_resolve_maps(void)
{
	struct fixture f;
	setup(&f, DOC);
	CU_ASSERT_PTR_EQUAL(fc_pointer_resolve(f.root, ""), f.root);
	const struct fc_node *n = fc_pointer_resolve(f.root, "/a/b/1");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->text, "y");
	n = fc_pointer_resolve(f.root, "/c~1d");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_EQUAL(n->integer, 1);
	n = fc_pointer_resolve(f.root, "/e~0f");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_EQUAL(n->integer, 2);
	/* "~01" is "~1" (not "/"): decoding is done once, left to right */
	n = fc_pointer_resolve(f.root, "/~01");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_EQUAL(n->integer, 3);
	/* "/" addresses the empty key */
	n = fc_pointer_resolve(f.root, "/");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->text, "empty");
	n = fc_pointer_resolve(f.root, "/list/0/k");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->text, "v");
	/* unescaped, absent, wrong prefix, through a scalar */
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/c/d"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/e~f/x"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/nope"));
	/* by length: only len bytes are read, a NUL byte is part of a key */
	n = fc_pointer_resolve_n(f.root, "/a/b/1/rest", 6);
	CU_ASSERT_PTR_EQUAL(n, fc_pointer_resolve(f.root, "/a/b/1"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve_n(f.root, "/a\0/b", 5));
	CU_ASSERT_PTR_EQUAL(fc_pointer_resolve_n(f.root, "/x", 0), f.root);
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "a"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/list/1/x"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/A"));
	teardown(&f);
}

static void test_resolve_sequences(void)
{
	struct fixture f;
	setup(&f, DOC);
	const struct fc_node *n = fc_pointer_resolve(f.root, "/a/b/0");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->text, "x");
	n = fc_pointer_resolve(f.root, "/a/b/2");
	CU_ASSERT_FATAL(n != NULL);
	CU_ASSERT_STRING_EQUAL(n->text, "z");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/3")); /* out of range */
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/-")); /* past the end */
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/01")); /* leading zero */
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/00"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/1x"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/-1"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/18446744073709551617"));
	teardown(&f);
}

/* RFC 6901: array-index = %x30 / ( %x31-39 *%x30-39 ); nothing else selects an item */
static void test_resolve_index_digits_only(void)
{
	struct fixture f;
	setup(&f, DOC);
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/+1"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(f.root, "/a/b/ 1"));
	teardown(&f);
}

static void test_node_get(void)
{
	struct fixture f;
	setup(&f, DOC);
	const struct fc_pair *p = fc_node_get_pair(f.root, "c/d");
	CU_ASSERT_FATAL(p != NULL);
	CU_ASSERT_STRING_EQUAL(p->key, "c/d");
	CU_ASSERT_EQUAL(p->key_len, 3);
	CU_ASSERT_EQUAL(p->key_pos.line, 3);
	CU_ASSERT_EQUAL(p->key_pos.col, 1);
	CU_ASSERT_PTR_EQUAL(p->value, fc_node_get(f.root, "c/d"));
	CU_ASSERT_EQUAL(fc_node_get(f.root, "e~f")->integer, 2);
	CU_ASSERT_PTR_NULL(fc_node_get(f.root, "c"));
	CU_ASSERT_PTR_NULL(fc_node_get(f.root, "c/d/"));
	CU_ASSERT_PTR_NOT_NULL(fc_node_get(f.root, ""));
	/* not a mapping, or NULL */
	const struct fc_node *seq = fc_pointer_resolve(f.root, "/list");
	CU_ASSERT_PTR_NULL(fc_node_get(seq, "0"));
	CU_ASSERT_PTR_NULL(fc_node_get(NULL, "a"));
	CU_ASSERT_PTR_NULL(fc_node_get_pair(NULL, "a"));
	CU_ASSERT_PTR_NULL(fc_node_get(fc_node_get(f.root, "c/d"), "a"));
	teardown(&f);
}

static void test_node_new(void)
{
	struct fixture f;
	setup(&f, NULL);
	struct fc_pos pos = {"f", 3, 4};
	struct fc_node *n = fc_node_new_string(&f.arena, pos, "ab\0cd", 5);
	CU_ASSERT_EQUAL(n->kind, FC_NODE_STRING);
	CU_ASSERT_EQUAL(n->len, 5);
	CU_ASSERT_EQUAL(memcmp(n->text, "ab\0cd", 6), 0);
	CU_ASSERT_EQUAL(n->pos.line, 3);
	CU_ASSERT_EQUAL(n->pos.col, 4);
	struct fc_node *m = fc_node_new(&f.arena, FC_NODE_MAP, pos);
	CU_ASSERT_EQUAL(m->kind, FC_NODE_MAP);
	CU_ASSERT_EQUAL(m->count, 0);
	CU_ASSERT_STRING_EQUAL(m->text, "");
	CU_ASSERT_FALSE(fc_node_is_number(m));
	CU_ASSERT_FALSE(fc_node_is_number(n));
	CU_ASSERT_FALSE(fc_node_is_number(NULL));
	CU_ASSERT_TRUE(fc_node_is_number(fc_node_new(&f.arena, FC_NODE_INT, pos)));
	CU_ASSERT_TRUE(fc_node_is_number(fc_node_new(&f.arena, FC_NODE_FLOAT, pos)));
	teardown(&f);
}

/* Loads two YAML values and compares them with numbers_equal. */
static bool equal(const char *a, const char *b, fc_numbers_equal_fn *numbers_equal)
{
	struct fixture fa, fb;
	setup(&fa, a);
	setup(&fb, b);
	bool eq = fc_node_equal(fa.root, fb.root, numbers_equal);
	CU_ASSERT_EQUAL(eq, fc_node_equal(fb.root, fa.root, numbers_equal)); /* symmetric */
	teardown(&fb);
	teardown(&fa);
	return eq;
}

static bool never_equal(const struct fc_node *a, const struct fc_node *b)
{
	(void)a;
	(void)b;
	return false;
}

static void test_node_equal(void)
{
	/* mappings without order, sequences with it */
	CU_ASSERT_TRUE(equal("{a: 1, b: [x, y]}", "{b: [x, y], a: 1}", NULL));
	CU_ASSERT_FALSE(equal("{a: 1, b: [x, y]}", "{a: 1, b: [y, x]}", NULL));
	CU_ASSERT_FALSE(equal("{a: 1}", "{a: 1, b: 2}", NULL));
	CU_ASSERT_FALSE(equal("{a: 1, b: 2}", "{a: 1, c: 2}", NULL));
	CU_ASSERT_FALSE(equal("[1, 2]", "[1, 2, 3]", NULL));
	/* scalars: kinds matter except between numbers */
	CU_ASSERT_TRUE(equal("null", "~", NULL));
	CU_ASSERT_FALSE(equal("null", "'null'", NULL));
	CU_ASSERT_FALSE(equal("true", "'true'", NULL));
	CU_ASSERT_FALSE(equal("true", "false", NULL));
	CU_ASSERT_FALSE(equal("'1'", "1", NULL));
	CU_ASSERT_FALSE(equal("[]", "{}", NULL));
	CU_ASSERT_TRUE(equal("'ab'", "ab", NULL));
	CU_ASSERT_FALSE(equal("ab", "abc", NULL));
	/* numbers by value without a comparator, NaN equal to itself */
	CU_ASSERT_TRUE(equal("1", "1.0", NULL));
	CU_ASSERT_TRUE(equal("0x10", "16", NULL));
	CU_ASSERT_FALSE(equal("1", "2", NULL));
	CU_ASSERT_TRUE(equal(".nan", ".NaN", NULL));
	CU_ASSERT_FALSE(equal(".nan", "1.5", NULL));
	CU_ASSERT_FALSE(equal("9007199254740993", "9007199254740992", NULL));
	/* the comparator decides every pair of numbers, nested ones too */
	CU_ASSERT_FALSE(equal("1", "1", never_equal));
	CU_ASSERT_FALSE(equal("{a: [1]}", "{a: [1]}", never_equal));
	CU_ASSERT_TRUE(equal("{a: [x]}", "{a: [x]}", never_equal));
}

void fc_test_register(void)
{
	FC_SUITE("doc", FC_TEST(test_kind_names), FC_TEST(test_pointer_key),
	         FC_TEST(test_pointer_index), FC_TEST(test_resolve_maps),
	         FC_TEST(test_resolve_sequences), FC_TEST(test_resolve_index_digits_only),
	         FC_TEST(test_node_get), FC_TEST(test_node_new), FC_TEST(test_node_equal));
}

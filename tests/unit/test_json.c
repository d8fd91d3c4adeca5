/* Unit tests of the strict JSON reader and the compact writer (json.h). */
#include "cunit_main.h"
#include "json.h"

#include <math.h>
#include <string.h>

struct parsed {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_node *root;
	int rc;
};

static void parse_limits(struct parsed *p, const char *text, size_t len,
                         const struct fc_load_limits *limits)
{
	fc_arena_init(&p->arena);
	fc_diags_init(&p->diags, &p->arena);
	p->rc = fc_json_parse(&p->arena, "t.json", text, len, limits, &p->root, &p->diags);
}

static void parse(struct parsed *p, const char *text)
{
	parse_limits(p, text, strlen(text), NULL);
}

static void done(struct parsed *p)
{
	fc_diags_release(&p->diags);
	fc_arena_release(&p->arena);
}

/* True when parsing text fails with exactly one error of the given code at
 * line:col. */
static bool fails_with(const char *text, const char *code, unsigned line, unsigned col)
{
	struct parsed p;
	parse(&p, text);
	bool ok = p.rc == -1 && p.root == NULL && p.diags.count == 1 &&
	          strcmp(p.diags.items[0]->code, code) == 0 && p.diags.items[0]->pos.line == line &&
	          p.diags.items[0]->pos.col == col;
	done(&p);
	return ok;
}

static void test_scalars_and_positions(void)
{
	struct parsed p;
	parse(&p, "{\n  \"a\": [1, -2.5e3, true, null, \"x\"],\n  \"\xc3\xa9\": 0\n}");
	CU_ASSERT_EQUAL_FATAL(p.rc, 0);
	const struct fc_node *r = p.root;
	CU_ASSERT_EQUAL(r->kind, FC_NODE_MAP);
	CU_ASSERT_EQUAL(r->count, 2);
	CU_ASSERT_EQUAL(r->pos.line, 1);
	CU_ASSERT_EQUAL(r->pos.col, 1);
	CU_ASSERT_STRING_EQUAL(r->pos.file, "t.json");
	const struct fc_node *a = fc_node_get(r, "a");
	CU_ASSERT_EQUAL_FATAL(a->kind, FC_NODE_SEQ);
	CU_ASSERT_EQUAL(a->pos.line, 2);
	CU_ASSERT_EQUAL(a->pos.col, 8);
	CU_ASSERT_EQUAL(r->pairs[0].key_pos.col, 3);
	CU_ASSERT_EQUAL(a->items[0]->kind, FC_NODE_INT);
	CU_ASSERT_EQUAL(a->items[0]->integer, 1);
	CU_ASSERT_EQUAL(a->items[1]->kind, FC_NODE_FLOAT);
	CU_ASSERT_STRING_EQUAL(a->items[1]->text, "-2.5e3");
	CU_ASSERT_DOUBLE_EQUAL(a->items[1]->number, -2500.0, 1e-9);
	CU_ASSERT_EQUAL(a->items[1]->pos.col, 12);
	CU_ASSERT_EQUAL(a->items[2]->kind, FC_NODE_BOOL);
	CU_ASSERT_TRUE(a->items[2]->boolean);
	CU_ASSERT_EQUAL(a->items[3]->kind, FC_NODE_NULL);
	CU_ASSERT_EQUAL(a->items[4]->kind, FC_NODE_STRING);
	/* columns count code points: the value after the 2-byte key "é" */
	const struct fc_node *e = r->pairs[1].value;
	CU_ASSERT_EQUAL(e->pos.line, 3);
	CU_ASSERT_EQUAL(e->pos.col, 8);
	done(&p);
}

static void test_numbers(void)
{
	struct parsed p;
	parse(&p, "[1.0, 9223372036854775807, 9223372036854775808, -0, 1e400, 0.1]");
	CU_ASSERT_EQUAL_FATAL(p.rc, 0);
	struct fc_node **it = p.root->items;
	CU_ASSERT_EQUAL(it[0]->kind, FC_NODE_FLOAT); /* 1.0 keeps its spelling */
	CU_ASSERT_STRING_EQUAL(it[0]->text, "1.0");
	CU_ASSERT_EQUAL(it[1]->kind, FC_NODE_INT);
	CU_ASSERT_EQUAL(it[1]->integer, INT64_MAX);
	CU_ASSERT_EQUAL(it[2]->kind, FC_NODE_FLOAT); /* beyond int64 */
	CU_ASSERT_STRING_EQUAL(it[2]->text, "9223372036854775808");
	CU_ASSERT_EQUAL(it[3]->kind, FC_NODE_INT);
	CU_ASSERT_EQUAL(it[4]->kind, FC_NODE_FLOAT);
	CU_ASSERT_STRING_EQUAL(it[4]->text, "1e400");
	CU_ASSERT_STRING_EQUAL(it[5]->text, "0.1");
	done(&p);
}

static void test_string_escapes(void)
{
	struct parsed p;
	parse(&p, "[\"a\\u00e9\\ud83d\\ude00\\n\\/\", \"x\\u0000y\"]");
	CU_ASSERT_EQUAL_FATAL(p.rc, 0);
	const struct fc_node *s = p.root->items[0];
	CU_ASSERT_EQUAL(s->len, 1 + 2 + 4 + 1 + 1);
	CU_ASSERT_EQUAL(memcmp(s->text, "a\xc3\xa9\xf0\x9f\x98\x80\n/", s->len), 0);
	const struct fc_node *z = p.root->items[1];
	CU_ASSERT_EQUAL(z->len, 3);
	CU_ASSERT_EQUAL(memcmp(z->text, "x\0y", 3), 0);
	done(&p);
}

static void test_syntax_errors(void)
{
	CU_ASSERT_TRUE(fails_with("[1,]", "json-syntax", 1, 4));
	CU_ASSERT_TRUE(fails_with("{\"a\":1,}", "json-syntax", 1, 8));
	CU_ASSERT_TRUE(fails_with("[01]", "json-syntax", 1, 2));
	CU_ASSERT_TRUE(fails_with("// c\n1", "json-syntax", 1, 1));
	CU_ASSERT_TRUE(fails_with("NaN", "json-syntax", 1, 1));
	CU_ASSERT_TRUE(fails_with("{'a':1}", "json-syntax", 1, 2));
	CU_ASSERT_TRUE(fails_with("[1.]", "json-syntax", 1, 4));
	CU_ASSERT_TRUE(fails_with("\"a\tb\"", "json-syntax", 1, 3));
	CU_ASSERT_TRUE(fails_with("\"\\ud800x\"", "json-syntax", 1, 4));
	CU_ASSERT_TRUE(fails_with("\"\\x41\"", "json-syntax", 1, 3));
	CU_ASSERT_TRUE(fails_with("1 2", "json-syntax", 1, 3));
	CU_ASSERT_TRUE(fails_with("", "json-syntax", 1, 1));
	CU_ASSERT_TRUE(fails_with("[1,\n  tru]", "json-syntax", 2, 3));
	CU_ASSERT_TRUE(fails_with("\"\xc3\x28\"", "yaml-encoding", 1, 2));
	CU_ASSERT_TRUE(fails_with("\"\xed\xa0\x80\"", "yaml-encoding", 1, 2)); /* surrogate */
	CU_ASSERT_TRUE(fails_with("[\"a\",\xff]", "yaml-encoding", 1, 6));
}

static void test_duplicate_keys_all_reported(void)
{
	struct parsed p;
	parse(&p, "{\"a\":1,\"b\":2,\"a\":3,\"b\":4}");
	CU_ASSERT_EQUAL(p.rc, -1);
	CU_ASSERT_EQUAL_FATAL(p.diags.count, 2);
	const struct fc_diag *d = p.diags.items[0];
	CU_ASSERT_STRING_EQUAL(d->code, "duplicate-key");
	CU_ASSERT_EQUAL(d->pos.col, 14);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->notes);
	CU_ASSERT_EQUAL(d->notes->pos.col, 2);
	CU_ASSERT_STRING_EQUAL(d->notes->message, "first defined here");
	done(&p);

	/* many keys take the sorting path */
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addch(&sb, '{');
	for (int i = 0; i < 100; i++)
		fc_strbuf_addf(&sb, "\"k%d\":%d,", i, i);
	fc_strbuf_addstr(&sb, "\"k42\":0}");
	parse_limits(&p, sb.buf, sb.len, NULL);
	CU_ASSERT_EQUAL(p.rc, -1);
	CU_ASSERT_EQUAL(p.diags.count, 1);
	done(&p);
	fc_strbuf_release(&sb);
}

static void test_limits(void)
{
	struct fc_load_limits limits = {64, 3, 8};
	struct parsed p;
	parse_limits(&p, "[[[1]]]", 7, &limits);
	CU_ASSERT_EQUAL(p.rc, 0);
	done(&p);
	parse_limits(&p, "[[[[1]]]]", 9, &limits);
	CU_ASSERT_EQUAL(p.rc, -1);
	CU_ASSERT_STRING_EQUAL(p.diags.items[0]->code, "yaml-too-deep");
	done(&p);
	parse_limits(&p, "\"123456789\"", 11, &limits);
	CU_ASSERT_EQUAL(p.rc, -1);
	CU_ASSERT_STRING_EQUAL(p.diags.items[0]->code, "yaml-scalar-too-long");
	done(&p);
	char big[100];
	memset(big, ' ', sizeof(big));
	big[0] = '1';
	parse_limits(&p, big, sizeof(big), &limits);
	CU_ASSERT_EQUAL(p.rc, -1);
	CU_ASSERT_STRING_EQUAL(p.diags.items[0]->code, "input-too-large");
	done(&p);
}

static void test_write_round_trip(void)
{
	const char *text =
	        "{\"b\":[1,2.50,-0.1e-7,true,false,null],\"a\":{\"x\\\"y\":\"\\u0001\\n\"},"
	        "\"\":[]}";
	struct parsed p;
	parse(&p, text);
	CU_ASSERT_EQUAL_FATAL(p.rc, 0);
	struct fc_strbuf out = FC_STRBUF_INIT;
	fc_json_write(&out, p.root);
	CU_ASSERT_STRING_EQUAL(out.buf, text);
	fc_strbuf_release(&out);
	done(&p);
}

static void test_write_nodes_from_yaml(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_pos pos = {NULL, 1, 1};
	struct fc_node *seq = fc_node_new(&arena, FC_NODE_SEQ, pos);
	struct fc_node *items[4];
	items[0] = fc_node_new(&arena, FC_NODE_INT, pos); /* YAML 0x1F */
	items[0]->text = "0x1F";
	items[0]->len = 4;
	items[0]->integer = 31;
	items[1] = fc_node_new(&arena, FC_NODE_FLOAT, pos); /* YAML .inf */
	items[1]->text = ".inf";
	items[1]->len = 4;
	items[1]->number = HUGE_VAL;
	items[2] = fc_node_new(&arena, FC_NODE_FLOAT, pos); /* YAML +1.5 */
	items[2]->text = "+1.5";
	items[2]->len = 4;
	items[2]->number = 1.5;
	items[3] = fc_node_new_string(&arena, pos, "a\0b", 3);
	seq->items = items;
	seq->count = 4;
	struct fc_strbuf out = FC_STRBUF_INIT;
	fc_json_write(&out, seq);
	CU_ASSERT_STRING_EQUAL(out.buf, "[31,null,1.5,\"a\\u0000b\"]");
	fc_strbuf_release(&out);
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("json", FC_TEST(test_scalars_and_positions), FC_TEST(test_numbers),
	         FC_TEST(test_string_escapes), FC_TEST(test_syntax_errors),
	         FC_TEST(test_duplicate_keys_all_reported), FC_TEST(test_limits),
	         FC_TEST(test_write_round_trip), FC_TEST(test_write_nodes_from_yaml));
}

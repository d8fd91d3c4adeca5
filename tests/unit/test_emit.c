/* Unit tests of emit: tree builders, the YAML and JSON writers (exact
 * text), quoting, and YAML round trips through the loader. */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "doc.h"
#include "emit.h"
#include "load.h"
#include "strbuf.h"

#include <stdint.h>
#include <string.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_strbuf out;
};

static void setup(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	fc_strbuf_init(&f->out);
}

static void teardown(struct fixture *f)
{
	fc_strbuf_release(&f->out);
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static const char *yaml_of(struct fixture *f, const struct fc_node *n)
{
	fc_strbuf_reset(&f->out);
	fc_emit_yaml(&f->out, n);
	return f->out.buf;
}

static const char *json_of(struct fixture *f, const struct fc_node *n)
{
	fc_strbuf_reset(&f->out);
	fc_emit_json(&f->out, n);
	return f->out.buf;
}

/* Parses f->out back; NULL (and a failed assertion) when it does not load. */
static struct fc_node *reload(struct fixture *f)
{
	struct fc_node *root = NULL;
	size_t before = f->diags.count;
	int rc = fc_load_yaml(&f->arena, "emitted.yaml", f->out.buf, f->out.len, NULL, &root,
	                      &f->diags);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(f->diags.count, before);
	return rc == 0 ? root : NULL;
}

/* Numbers keep their kind and value through emitting and reloading. */
static bool same_number(const struct fc_node *a, const struct fc_node *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind == FC_NODE_INT ? a->integer == b->integer : a->number == b->number;
}

/* Deep equality of values (doc.h's JSON equality; numbers of one kind). */
static bool same_value(const struct fc_node *a, const struct fc_node *b)
{
	return a && b && fc_node_equal(a, b, same_number);
}

/* ---- builders ----------------------------------------------------------- */

static void test_builders(void)
{
	struct fixture f;
	setup(&f);
	struct fc_node *m = fc_tree_map(&f.arena);
	CU_ASSERT_EQUAL(m->kind, FC_NODE_MAP);
	CU_ASSERT_EQUAL(m->count, 0);
	struct fc_node *s = fc_tree_seq(&f.arena);
	CU_ASSERT_EQUAL(s->kind, FC_NODE_SEQ);
	struct fc_node *i = fc_tree_int(&f.arena, -42);
	CU_ASSERT_EQUAL(i->kind, FC_NODE_INT);
	CU_ASSERT_EQUAL(i->integer, -42);
	CU_ASSERT_STRING_EQUAL(i->text, "-42");
	CU_ASSERT_EQUAL(i->len, 3);
	struct fc_node *big = fc_tree_int(&f.arena, INT64_MIN);
	CU_ASSERT_STRING_EQUAL(big->text, "-9223372036854775808");
	struct fc_node *t = fc_tree_bool(&f.arena, true);
	CU_ASSERT_EQUAL(t->kind, FC_NODE_BOOL);
	CU_ASSERT_TRUE(t->boolean);
	CU_ASSERT_STRING_EQUAL(t->text, "true");
	CU_ASSERT_STRING_EQUAL(fc_tree_bool(&f.arena, false)->text, "false");
	struct fc_node *z = fc_tree_null(&f.arena);
	CU_ASSERT_EQUAL(z->kind, FC_NODE_NULL);
	CU_ASSERT_STRING_EQUAL(z->text, "null");
	struct fc_node *str = fc_tree_strf(&f.arena, "%s-%d", "peer", 3);
	CU_ASSERT_EQUAL(str->kind, FC_NODE_STRING);
	CU_ASSERT_STRING_EQUAL(str->text, "peer-3");
	CU_ASSERT_EQUAL(str->len, 6);

	char key[] = "k0";
	char comment[] = "c0";
	for (int n = 0; n < 20; n++) {
		key[1] = (char)('a' + n);
		CU_ASSERT_PTR_EQUAL(fc_tree_set(&f.arena, m, key, fc_tree_int(&f.arena, n),
		                                n == 3 ? comment : NULL),
		                    m->pairs[n].value);
		fc_tree_push(&f.arena, s, fc_tree_int(&f.arena, n));
	}
	key[1] = 'X';
	comment[1] = 'X';
	CU_ASSERT_EQUAL(m->count, 20);
	CU_ASSERT_EQUAL(s->count, 20);
	for (int n = 0; n < 20; n++) {
		char want[3] = {'k', (char)('a' + n), 0};
		CU_ASSERT_STRING_EQUAL(m->pairs[n].key, want);
		CU_ASSERT_EQUAL(m->pairs[n].key_len, 2);
		CU_ASSERT_EQUAL(m->pairs[n].value->integer, n);
		CU_ASSERT_EQUAL(s->items[n]->integer, n);
	}
	CU_ASSERT_STRING_EQUAL(m->pairs[3].comment, "c0");
	CU_ASSERT_PTR_NULL(m->pairs[4].comment);
	CU_ASSERT_PTR_EQUAL(fc_node_get(m, "kt"), m->pairs[19].value);
	teardown(&f);
}

/* ---- YAML: layout ------------------------------------------------------- */

static void test_yaml_scalars_at_top(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, fc_tree_map(&f.arena)), "{}\n");
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, fc_tree_seq(&f.arena)), "[]\n");
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, fc_tree_str(&f.arena, "x")), "\"x\"\n");
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, fc_tree_int(&f.arena, 7)), "7\n");
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, fc_tree_null(&f.arena)), "null\n");
	teardown(&f);
}

static void test_yaml_nested(void)
{
	struct fixture f;
	setup(&f);
	struct fc_arena *a = &f.arena;
	struct fc_node *root = fc_tree_map(a);
	fc_tree_set(a, root, "name", fc_tree_str(a, "x"), NULL);
	fc_tree_set(a, root, "count", fc_tree_int(a, 3), NULL);
	fc_tree_set(a, root, "on_", fc_tree_bool(a, true), NULL);
	fc_tree_set(a, root, "nothing", fc_tree_null(a), NULL);
	struct fc_node *inner = fc_tree_set(a, root, "inner", fc_tree_map(a), NULL);
	struct fc_node *deep = fc_tree_set(a, inner, "deep", fc_tree_map(a), NULL);
	fc_tree_set(a, deep, "k", fc_tree_int(a, -1), NULL);
	fc_tree_set(a, inner, "after", fc_tree_bool(a, false), NULL);
	struct fc_node *list = fc_tree_set(a, root, "list", fc_tree_seq(a), NULL);
	fc_tree_push(a, list, fc_tree_str(a, "a"));
	fc_tree_push(a, list, fc_tree_int(a, 2));
	struct fc_node *maps = fc_tree_set(a, root, "maps", fc_tree_seq(a), NULL);
	struct fc_node *m1 = fc_tree_push(a, maps, fc_tree_map(a));
	fc_tree_set(a, m1, "name", fc_tree_str(a, "p0"), NULL);
	fc_tree_set(a, m1, "port", fc_tree_int(a, 7051), NULL);
	struct fc_node *sub = fc_tree_set(a, m1, "sub", fc_tree_map(a), NULL);
	fc_tree_set(a, sub, "x", fc_tree_int(a, 1), NULL);
	struct fc_node *subl = fc_tree_set(a, m1, "subl", fc_tree_seq(a), NULL);
	fc_tree_push(a, subl, fc_tree_int(a, 1));
	struct fc_node *m2 = fc_tree_push(a, maps, fc_tree_map(a));
	fc_tree_set(a, m2, "name", fc_tree_str(a, "p1"), NULL);
	fc_tree_push(a, maps, fc_tree_map(a));
	struct fc_node *nested = fc_tree_push(a, maps, fc_tree_seq(a));
	fc_tree_push(a, nested, fc_tree_str(a, "n1"));
	fc_tree_push(a, nested, fc_tree_seq(a));
	fc_tree_set(a, root, "emptyMap", fc_tree_map(a), NULL);
	fc_tree_set(a, root, "emptyList", fc_tree_seq(a), NULL);
	const char *want = "name: \"x\"\n"
	                   "count: 3\n"
	                   "on_: true\n"
	                   "nothing: null\n"
	                   "inner:\n"
	                   "  deep:\n"
	                   "    k: -1\n"
	                   "  after: false\n"
	                   "list:\n"
	                   "- \"a\"\n"
	                   "- 2\n"
	                   "maps:\n"
	                   "- name: \"p0\"\n"
	                   "  port: 7051\n"
	                   "  sub:\n"
	                   "    x: 1\n"
	                   "  subl:\n"
	                   "  - 1\n"
	                   "- name: \"p1\"\n"
	                   "- {}\n"
	                   "-\n"
	                   "  - \"n1\"\n"
	                   "  - []\n"
	                   "emptyMap: {}\n"
	                   "emptyList: []\n";
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, root), want);
	struct fc_node *back = reload(&f);
	CU_ASSERT_TRUE(same_value(root, back));
	teardown(&f);
}

static void test_yaml_top_level_sequence(void)
{
	struct fixture f;
	setup(&f);
	struct fc_arena *a = &f.arena;
	struct fc_node *root = fc_tree_seq(a);
	struct fc_node *m = fc_tree_push(a, root, fc_tree_map(a));
	struct fc_node *l = fc_tree_set(a, m, "l", fc_tree_seq(a), NULL);
	struct fc_node *lm = fc_tree_push(a, l, fc_tree_map(a));
	fc_tree_set(a, lm, "a", fc_tree_int(a, 1), NULL);
	fc_tree_set(a, lm, "b", fc_tree_int(a, 2), NULL);
	fc_tree_push(a, root, fc_tree_str(a, "s"));
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, root), "- l:\n"
	                                          "  - a: 1\n"
	                                          "    b: 2\n"
	                                          "- \"s\"\n");
	CU_ASSERT_TRUE(same_value(root, reload(&f)));
	teardown(&f);
}

static void test_yaml_comments(void)
{
	struct fixture f;
	setup(&f);
	struct fc_arena *a = &f.arena;
	struct fc_node *root = fc_tree_map(a);
	fc_tree_set(a, root, "first", fc_tree_int(a, 1), "first -- one line");
	struct fc_node *inner =
	        fc_tree_set(a, root, "inner", fc_tree_map(a), "line one\n\nline three\n");
	fc_tree_set(a, inner, "k", fc_tree_str(a, "v"), "nested\ncomment");
	fc_tree_set(a, inner, "e", fc_tree_map(a), "");
	struct fc_node *seq = fc_tree_set(a, root, "seq", fc_tree_seq(a), NULL);
	struct fc_node *item = fc_tree_push(a, seq, fc_tree_map(a));
	fc_tree_set(a, item, "a", fc_tree_int(a, 1), "above a");
	fc_tree_set(a, item, "b", fc_tree_int(a, 2), "above b");
	struct fc_node *item2 = fc_tree_push(a, seq, fc_tree_map(a));
	fc_tree_set(a, item2, "c", fc_tree_int(a, 3), NULL);
	fc_tree_set(a, item2, "d", fc_tree_int(a, 4), "above d");
	const char *want = "# first -- one line\n"
	                   "first: 1\n"
	                   "# line one\n"
	                   "#\n"
	                   "# line three\n"
	                   "inner:\n"
	                   "  # nested\n"
	                   "  # comment\n"
	                   "  k: \"v\"\n"
	                   "  e: {}\n"
	                   "seq:\n"
	                   "-\n"
	                   "  # above a\n"
	                   "  a: 1\n"
	                   "  # above b\n"
	                   "  b: 2\n"
	                   "- c: 3\n"
	                   "  # above d\n"
	                   "  d: 4\n";
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, root), want);
	CU_ASSERT_TRUE(same_value(root, reload(&f)));
	teardown(&f);
}

/* ---- YAML: quoting -------------------------------------------------------- */

static void test_yaml_quotes_every_string(void)
{
	struct fixture f;
	setup(&f);
	static const struct {
		const char *text, *yaml;
	} cases[] = {
	        {"yes", "v: \"yes\"\n"},
	        {"no", "v: \"no\"\n"},
	        {"on", "v: \"on\"\n"},
	        {"off", "v: \"off\"\n"},
	        {"y", "v: \"y\"\n"},
	        {"n", "v: \"n\"\n"},
	        {"true", "v: \"true\"\n"},
	        {"null", "v: \"null\"\n"},
	        {"~", "v: \"~\"\n"},
	        {"1.10", "v: \"1.10\"\n"},
	        {"0755", "v: \"0755\"\n"},
	        {"0x1F", "v: \"0x1F\"\n"},
	        {"1e3", "v: \"1e3\"\n"},
	        {".inf", "v: \".inf\"\n"},
	        {"12:30", "v: \"12:30\"\n"},
	        {"", "v: \"\"\n"},
	        {" lead", "v: \" lead\"\n"},
	        {"- item", "v: \"- item\"\n"},
	        {"a: b", "v: \"a: b\"\n"},
	        {"# no comment", "v: \"# no comment\"\n"},
	        {"say \"hi\"", "v: \"say \\\"hi\\\"\"\n"},
	        {"it's", "v: \"it's\"\n"},
	        {"back\\slash", "v: \"back\\\\slash\"\n"},
	        {"two\nlines", "v: \"two\\nlines\"\n"},
	        {"tab\there", "v: \"tab\\there\"\n"},
	        {"cr\r", "v: \"cr\\r\"\n"},
	        {"bell\x07", "v: \"bell\\u0007\"\n"},
	        {"del\x7f", "v: \"del\\u007f\"\n"},
	        {"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
	         "v: \"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\"\n"},
	        {"{{ .Values.x }}", "v: \"{{ .Values.x }}\"\n"},
	        {"*alias", "v: \"*alias\"\n"},
	        {"!tag", "v: \"!tag\"\n"},
	        {"%TAG", "v: \"%TAG\"\n"},
	        {"@at", "v: \"@at\"\n"},
	        {"`tick", "v: \"`tick\"\n"},
	        {"|", "v: \"|\"\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fc_node *root = fc_tree_map(&f.arena);
		struct fc_node *v = fc_tree_set(&f.arena, root, "v",
		                                fc_tree_str(&f.arena, cases[i].text), NULL);
		CU_ASSERT_STRING_EQUAL(yaml_of(&f, root), cases[i].yaml);
		struct fc_node *back = reload(&f);
		const struct fc_node *bv = fc_node_get(back, "v");
		CU_ASSERT_TRUE(same_value(v, bv));
	}
	teardown(&f);
}

/* A NUL byte inside a string (possible from JSON) is escaped, not cut. */
static void test_yaml_string_with_nul(void)
{
	struct fixture f;
	setup(&f);
	struct fc_node *root = fc_tree_map(&f.arena);
	struct fc_node *v = fc_node_new_string(&f.arena, (struct fc_pos){0}, "a\0b", 3);
	fc_tree_set(&f.arena, root, "v", v, NULL);
	fc_strbuf_reset(&f.out);
	fc_emit_yaml(&f.out, root);
	CU_ASSERT_EQUAL(f.out.len, strlen("v: \"a\\u0000b\"\n"));
	CU_ASSERT_STRING_EQUAL(f.out.buf, "v: \"a\\u0000b\"\n");
	CU_ASSERT_TRUE(same_value(v, fc_node_get(reload(&f), "v")));
	teardown(&f);
}

/*
 * Characters that YAML reads as line breaks (NEL, LINE SEPARATOR, PARAGRAPH
 * SEPARATOR) or does not allow raw (C1 controls, the byte order mark) must
 * be escaped inside double quotes, or the string does not come back.
 */
static void test_yaml_unicode_breaks_and_controls_round_trip(void)
{
	struct fixture f;
	setup(&f);
	static const char *const texts[] = {
	        "nel\xc2\x85x", /* U+0085 */
	        "ls\xe2\x80\xa8x", /* U+2028 */
	        "ps\xe2\x80\xa9x", /* U+2029 */
	        "c1\xc2\x80x", /* U+0080 */
	        "c1\xc2\x9fx", /* U+009F */
	        "bom\xef\xbb\xbfx", /* U+FEFF */
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct fc_node *root = fc_tree_map(&f.arena);
		struct fc_node *v =
		        fc_tree_set(&f.arena, root, "v", fc_tree_str(&f.arena, texts[i]), NULL);
		yaml_of(&f, root);
		struct fc_node *back = NULL;
		size_t before = f.diags.count;
		int rc = fc_load_yaml(&f.arena, "emitted.yaml", f.out.buf, f.out.len, NULL, &back,
		                      &f.diags);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_EQUAL(f.diags.count, before);
		CU_ASSERT_TRUE(rc == 0 && same_value(v, fc_node_get(back, "v")));
	}
	teardown(&f);
}

static void test_yaml_keys(void)
{
	struct fixture f;
	setup(&f);
	static const struct {
		const char *key, *yaml;
	} cases[] = {
	        {"plain", "plain: 1\n"},
	        {"_under", "_under: 1\n"},
	        {"camelCase9", "camelCase9: 1\n"},
	        {"dots.and-dashes_", "dots.and-dashes_: 1\n"},
	        {"Z", "Z: 1\n"},
	        {"yes", "\"yes\": 1\n"},
	        {"Yes", "\"Yes\": 1\n"},
	        {"YES", "\"YES\": 1\n"},
	        {"no", "\"no\": 1\n"},
	        {"NO", "\"NO\": 1\n"},
	        {"on", "\"on\": 1\n"},
	        {"On", "\"On\": 1\n"},
	        {"OFF", "\"OFF\": 1\n"},
	        {"y", "\"y\": 1\n"},
	        {"Y", "\"Y\": 1\n"},
	        {"n", "\"n\": 1\n"},
	        {"N", "\"N\": 1\n"},
	        {"true", "\"true\": 1\n"},
	        {"False", "\"False\": 1\n"},
	        {"null", "\"null\": 1\n"},
	        {"NULL", "\"NULL\": 1\n"},
	        {"", "\"\": 1\n"},
	        {"1abc", "\"1abc\": 1\n"},
	        {"0755", "\"0755\": 1\n"},
	        {"-dash", "\"-dash\": 1\n"},
	        {".dot", "\".dot\": 1\n"},
	        {"~", "\"~\": 1\n"},
	        {"<<", "\"<<\": 1\n"},
	        {"a b", "\"a b\": 1\n"},
	        {"a:b", "\"a:b\": 1\n"},
	        {"a#b", "\"a#b\": 1\n"},
	        {"fabchart.dev/generator", "\"fabchart.dev/generator\": 1\n"},
	        {"quo\"te", "\"quo\\\"te\": 1\n"},
	        {"new\nline", "\"new\\nline\": 1\n"},
	        {"caf\xc3\xa9", "\"caf\xc3\xa9\": 1\n"},
	        /* words that only look reserved */
	        {"yess", "yess: 1\n"},
	        {"nope", "nope: 1\n"},
	        {"onion", "onion: 1\n"},
	        {"nulls", "nulls: 1\n"},
	        {"tRUE", "tRUE: 1\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fc_node *root = fc_tree_map(&f.arena);
		fc_tree_set(&f.arena, root, cases[i].key, fc_tree_int(&f.arena, 1), NULL);
		CU_ASSERT_STRING_EQUAL(yaml_of(&f, root), cases[i].yaml);
		struct fc_node *back = reload(&f);
		CU_ASSERT_TRUE(same_value(root, back));
	}
	teardown(&f);
}

static void test_yaml_integers_in_decimal(void)
{
	struct fixture f;
	setup(&f);
	struct fc_arena *a = &f.arena;
	struct fc_node *root = fc_tree_map(a);
	fc_tree_set(a, root, "zero", fc_tree_int(a, 0), NULL);
	fc_tree_set(a, root, "neg", fc_tree_int(a, -7), NULL);
	fc_tree_set(a, root, "max", fc_tree_int(a, INT64_MAX), NULL);
	fc_tree_set(a, root, "min", fc_tree_int(a, INT64_MIN), NULL);
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, root), "zero: 0\n"
	                                          "neg: -7\n"
	                                          "max: 9223372036854775807\n"
	                                          "min: -9223372036854775808\n");
	CU_ASSERT_TRUE(same_value(root, reload(&f)));
	teardown(&f);
}

/*
 * Emitting a tree that the loader built: "integers are written in decimal",
 * so a hexadecimal or octal integer (which YAML 1.1 readers such as Helm's
 * would take for something else) comes out as its decimal value.
 */
static void test_yaml_loaded_integers_in_decimal(void)
{
	struct fixture f;
	setup(&f);
	const char *src = "hex: 0x1F\noct: 0o17\nplus: +5\n";
	struct fc_node *root = NULL;
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f.arena, "in.yaml", src, strlen(src), NULL, &root, &f.diags), 0);
	CU_ASSERT_STRING_EQUAL(yaml_of(&f, root), "hex: 31\noct: 15\nplus: 5\n");
	teardown(&f);
}

/* ---- round trips ------------------------------------------------------------- */

static void test_yaml_round_trip_of_loaded_document(void)
{
	struct fixture f;
	setup(&f);
	const char *src = "network: n\n"
	                  "fabric: {version: \"2.5.12\", tls: true}\n"
	                  "list: [1, -2, 3.5, null, false, \"yes\", on]\n"
	                  "nested:\n"
	                  "  - a: [{b: {c: []}}]\n"
	                  "    d: {}\n"
	                  "  - - x\n"
	                  "    - y: 1\n"
	                  "\"weird key\": 'it''s'\n"
	                  "multi: |\n"
	                  "  line 1\n"
	                  "  line 2\n";
	struct fc_node *root = NULL;
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f.arena, "in.yaml", src, strlen(src), NULL, &root, &f.diags), 0);
	yaml_of(&f, root);
	struct fc_node *back = reload(&f);
	CU_ASSERT_TRUE(same_value(root, back));
	/* a second emit is identical */
	struct fc_strbuf first = FC_STRBUF_INIT;
	fc_strbuf_add(&first, f.out.buf, f.out.len);
	yaml_of(&f, back);
	CU_ASSERT_STRING_EQUAL(f.out.buf, first.buf);
	fc_strbuf_release(&first);
	teardown(&f);
}

/* ---- JSON ------------------------------------------------------------------------ */

static void test_json_output(void)
{
	struct fixture f;
	setup(&f);
	struct fc_arena *a = &f.arena;
	CU_ASSERT_STRING_EQUAL(json_of(&f, fc_tree_map(a)), "{}\n");
	CU_ASSERT_STRING_EQUAL(json_of(&f, fc_tree_seq(a)), "[]\n");
	CU_ASSERT_STRING_EQUAL(json_of(&f, fc_tree_str(a, "q\"\n")), "\"q\\\"\\n\"\n");
	CU_ASSERT_STRING_EQUAL(json_of(&f, fc_tree_int(a, -3)), "-3\n");

	struct fc_node *root = fc_tree_map(a);
	fc_tree_set(a, root, "$schema", fc_tree_str(a, "x"), "comments are not JSON");
	fc_tree_set(a, root, "n", fc_tree_int(a, 1), NULL);
	fc_tree_set(a, root, "b", fc_tree_bool(a, false), NULL);
	fc_tree_set(a, root, "z", fc_tree_null(a), NULL);
	fc_tree_set(a, root, "yes", fc_tree_str(a, "on"), NULL);
	struct fc_node *l = fc_tree_set(a, root, "l", fc_tree_seq(a), NULL);
	fc_tree_push(a, l, fc_tree_int(a, 1));
	struct fc_node *lm = fc_tree_push(a, l, fc_tree_map(a));
	fc_tree_set(a, lm, "k", fc_tree_seq(a), NULL);
	fc_tree_push(a, l, fc_tree_map(a));
	struct fc_node *m = fc_tree_set(a, root, "m", fc_tree_map(a), NULL);
	fc_tree_set(a, m, "deep", fc_tree_str(a, "caf\xc3\xa9"), NULL);
	/* 109 bytes on one line: a member a line, each small one on its line */
	CU_ASSERT_STRING_EQUAL(json_of(&f, root), "{\n"
	                                          "  \"$schema\": \"x\",\n"
	                                          "  \"n\": 1,\n"
	                                          "  \"b\": false,\n"
	                                          "  \"z\": null,\n"
	                                          "  \"yes\": \"on\",\n"
	                                          "  \"l\": [1, {\"k\": []}, {}],\n"
	                                          "  \"m\": {\"deep\": \"caf\xc3\xa9\"}\n"
	                                          "}\n");
	/* small enough for one line: on one line */
	CU_ASSERT_STRING_EQUAL(json_of(&f, l), "[1, {\"k\": []}, {}]\n");
	/* the line is 100 bytes, comma included; an escape counts as written */
	static const struct {
		size_t len;
		bool escape;
	} cases[] = {{86, false}, {87, false}, {88, false}, {88, true}, {89, false}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[96];
		memset(text, 'x', cases[i].len);
		text[cases[i].len] = '\0';
		if (cases[i].escape)
			text[0] = '\n'; /* two bytes as JSON */
		struct fc_node *o = fc_tree_map(a);
		struct fc_node *seq = fc_tree_set(a, o, "a", fc_tree_seq(a), NULL);
		fc_tree_push(a, seq, fc_tree_str(a, text));
		fc_tree_set(a, o, "b", fc_tree_int(a, 1), NULL);
		/* 2 (indent) + 5 ("a": ) + ["..."] + 1 (comma): 98, 99, 100, 101, 101 */
		size_t width = 2 + 5 + cases[i].len + cases[i].escape + 4 + 1;
		bool one_line = strstr(json_of(&f, o), "\"a\": [\"") != NULL;
		CU_ASSERT_EQUAL(one_line, width <= 100);
	}
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("emit", FC_TEST(test_builders), FC_TEST(test_yaml_scalars_at_top),
	         FC_TEST(test_yaml_nested), FC_TEST(test_yaml_top_level_sequence),
	         FC_TEST(test_yaml_comments), FC_TEST(test_yaml_quotes_every_string),
	         FC_TEST(test_yaml_string_with_nul),
	         FC_TEST(test_yaml_unicode_breaks_and_controls_round_trip), FC_TEST(test_yaml_keys),
	         FC_TEST(test_yaml_integers_in_decimal),
	         FC_TEST(test_yaml_loaded_integers_in_decimal),
	         FC_TEST(test_yaml_round_trip_of_loaded_document), FC_TEST(test_json_output));
}

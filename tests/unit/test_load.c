/*
 * Unit tests of load: core-schema typing, tree shape and positions, and
 * every rejection of load.h with its code, line and column.
 */
#include "cunit_main.h"
#include "load.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fc_arena arena;
static struct fc_diags diags;
static int rc;

/* Loads len bytes of text; finish() frees everything. */
static struct fc_node *load_n(const char *text, size_t len, const struct fc_load_limits *limits)
{
	struct fc_node *root = NULL;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	rc = fc_load_yaml(&arena, "t.yaml", text, len, limits, &root, &diags);
	return root;
}

static struct fc_node *load(const char *text)
{
	return load_n(text, strlen(text), NULL);
}

static void finish(void)
{
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static const struct fc_diag *diag_at(size_t i)
{
	return i < diags.count ? diags.items[i] : NULL;
}

/* The load failed with n errors. */
#define ASSERT_FAILED(n)                          \
	do {                                      \
		CU_ASSERT_EQUAL(rc, -1);          \
		CU_ASSERT_EQUAL(diags.errors, n); \
	} while (0)

/* Diagnostic i has code at line:col and, unless msg is NULL, that message. */
#define ASSERT_DIAG(i, code_, line_, col_, msg)                             \
	do {                                                                \
		const struct fc_diag *d_ = diag_at(i);                      \
		CU_ASSERT_PTR_NOT_NULL(d_);                                 \
		if (d_) {                                                   \
			CU_ASSERT_EQUAL(d_->severity, FC_SEVERITY_ERROR);   \
			CU_ASSERT_STRING_EQUAL(d_->code, code_);            \
			CU_ASSERT_STRING_EQUAL(d_->pos.file, "t.yaml");     \
			CU_ASSERT_EQUAL(d_->pos.line, line_);               \
			CU_ASSERT_EQUAL(d_->pos.col, col_);                 \
			if ((const char *)(msg) != NULL)                    \
				CU_ASSERT_STRING_EQUAL(d_->message, (msg)); \
		}                                                           \
	} while (0)

/* The only error: code at line:col with message msg. */
#define ASSERT_ONLY_ERROR(code_, line_, col_, msg)       \
	do {                                             \
		ASSERT_FAILED(1);                        \
		ASSERT_DIAG(0, code_, line_, col_, msg); \
	} while (0)

#define ASSERT_POS(pos_, line_, col_)                \
	do {                                         \
		CU_ASSERT_EQUAL((pos_).line, line_); \
		CU_ASSERT_EQUAL((pos_).col, col_);   \
	} while (0)

/* An assertion that names the failing case. */
#define CHECK_CASE(cond, name)                                                               \
	CU_assertImplementation((cond) ? CU_TRUE : CU_FALSE, __LINE__, (name), __FILE__, "", \
	                        CU_FALSE)

/* ---- typing ---- */

struct type_case {
	const char *text; /* the value in "v: <text>\n" */
	enum fc_node_kind kind;
	const char *value; /* expected node text */
};

static const struct type_case type_cases[] = {
        /* YAML 1.1 booleans are strings in 1.2 */
        {"no", FC_NODE_STRING, "no"},
        {"on", FC_NODE_STRING, "on"},
        {"yes", FC_NODE_STRING, "yes"},
        {"y", FC_NODE_STRING, "y"},
        {"n", FC_NODE_STRING, "n"},
        {"off", FC_NODE_STRING, "off"},
        {"tRUE", FC_NODE_STRING, "tRUE"},
        /* null */
        {"~", FC_NODE_NULL, "~"},
        {"null", FC_NODE_NULL, "null"},
        {"Null", FC_NODE_NULL, "Null"},
        {"NULL", FC_NODE_NULL, "NULL"},
        {"nULL", FC_NODE_STRING, "nULL"},
        {"", FC_NODE_NULL, ""},
        /* bool */
        {"true", FC_NODE_BOOL, "true"},
        {"True", FC_NODE_BOOL, "True"},
        {"TRUE", FC_NODE_BOOL, "TRUE"},
        {"false", FC_NODE_BOOL, "false"},
        {"False", FC_NODE_BOOL, "False"},
        {"FALSE", FC_NODE_BOOL, "FALSE"},
        /* int */
        {"42", FC_NODE_INT, "42"},
        {"-17", FC_NODE_INT, "-17"},
        {"+5", FC_NODE_INT, "+5"},
        {"007", FC_NODE_INT, "007"},
        {"0o17", FC_NODE_INT, "0o17"},
        {"0x1F", FC_NODE_INT, "0x1F"},
        {"0x", FC_NODE_STRING, "0x"},
        {"0o8", FC_NODE_STRING, "0o8"},
        {"0X1F", FC_NODE_STRING, "0X1F"},
        {"0O17", FC_NODE_STRING, "0O17"},
        {"-0x1F", FC_NODE_STRING, "-0x1F"},
        {"0xG", FC_NODE_STRING, "0xG"},
        {"1_000", FC_NODE_STRING, "1_000"},
        {"12:30", FC_NODE_STRING, "12:30"},
        {"2001-12-14", FC_NODE_STRING, "2001-12-14"},
        {"'-'", FC_NODE_STRING, "-"},
        {"-x", FC_NODE_STRING, "-x"},
        /* float */
        {"1.10", FC_NODE_FLOAT, "1.10"},
        {"1e3", FC_NODE_FLOAT, "1e3"},
        {".5", FC_NODE_FLOAT, ".5"},
        {"1.", FC_NODE_FLOAT, "1."},
        {"-1.5e-3", FC_NODE_FLOAT, "-1.5e-3"},
        {"+2E+2", FC_NODE_FLOAT, "+2E+2"},
        {".inf", FC_NODE_FLOAT, ".inf"},
        {"-.Inf", FC_NODE_FLOAT, "-.Inf"},
        {"+.INF", FC_NODE_FLOAT, "+.INF"},
        {".nan", FC_NODE_FLOAT, ".nan"},
        {".NaN", FC_NODE_FLOAT, ".NaN"},
        {".NAN", FC_NODE_FLOAT, ".NAN"},
        {"-.nan", FC_NODE_STRING, "-.nan"},
        {".iNf", FC_NODE_STRING, ".iNf"},
        {"1e", FC_NODE_STRING, "1e"},
        {".", FC_NODE_STRING, "."},
        {"1.2.3", FC_NODE_STRING, "1.2.3"},
        {"e3", FC_NODE_STRING, "e3"},
        /* quoted and block scalars are strings */
        {"'3'", FC_NODE_STRING, "3"},
        {"\"true\"", FC_NODE_STRING, "true"},
        {"'~'", FC_NODE_STRING, "~"},
        {"\"\"", FC_NODE_STRING, ""},
        {"'null'", FC_NODE_STRING, "null"},
        {"\"0x1F\"", FC_NODE_STRING, "0x1F"},
        {"|-\n  42", FC_NODE_STRING, "42"},
        {">\n  1.5", FC_NODE_STRING, "1.5\n"},
        /* core tags force a type */
        {"!!str 12", FC_NODE_STRING, "12"},
        {"!!str true", FC_NODE_STRING, "true"},
        {"!!str", FC_NODE_STRING, ""},
        {"!!int '12'", FC_NODE_INT, "12"},
        {"!!float 3", FC_NODE_FLOAT, "3"},
        {"!!float \"0x10\"", FC_NODE_FLOAT, "0x10"},
        {"!!bool \"true\"", FC_NODE_BOOL, "true"},
        {"!!null ''", FC_NODE_NULL, ""},
        {"!<tag:yaml.org,2002:str> 5", FC_NODE_STRING, "5"},
};

static void test_core_schema_types(void)
{
	for (size_t i = 0; i < sizeof(type_cases) / sizeof(type_cases[0]); i++) {
		const struct type_case *c = &type_cases[i];
		char text[128];
		snprintf(text, sizeof(text), "v: %s\n", c->text);
		struct fc_node *root = load(text);
		const struct fc_node *v = rc == 0 ? fc_node_get(root, "v") : NULL;
		CHECK_CASE(rc == 0 && v, c->text);
		if (v) {
			CHECK_CASE(v->kind == c->kind, c->text);
			CHECK_CASE(v->len == strlen(c->value), c->text);
			CHECK_CASE(strcmp(v->text, c->value) == 0, c->text);
		}
		finish();
	}
}

static const struct fc_node *value_of(const char *text)
{
	struct fc_node *root = load(text);
	CU_ASSERT_EQUAL(rc, 0);
	return fc_node_get(root, "v");
}

static void test_scalar_values(void)
{
	const struct fc_node *v = value_of("v: 0o17");
	CU_ASSERT(v && v->kind == FC_NODE_INT && v->integer == 15 && v->number == 15.0);
	finish();
	v = value_of("v: 0x1F");
	CU_ASSERT(v && v->kind == FC_NODE_INT && v->integer == 31);
	finish();
	v = value_of("v: -17");
	CU_ASSERT(v && v->kind == FC_NODE_INT && v->integer == -17 && v->number == -17.0);
	finish();
	v = value_of("v: +5");
	CU_ASSERT(v && v->integer == 5);
	finish();
	v = value_of("v: 1.10");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && fabs(v->number - 1.1) < 1e-12);
	finish();
	v = value_of("v: -1.5e-3");
	CU_ASSERT(v && fabs(v->number + 0.0015) < 1e-15);
	finish();
	v = value_of("v: .inf");
	CU_ASSERT(v && isinf(v->number) && v->number > 0);
	finish();
	v = value_of("v: -.Inf");
	CU_ASSERT(v && isinf(v->number) && v->number < 0);
	finish();
	v = value_of("v: .NaN");
	CU_ASSERT(v && isnan(v->number));
	finish();
	v = value_of("v: True");
	CU_ASSERT(v && v->kind == FC_NODE_BOOL && v->boolean);
	finish();
	v = value_of("v: FALSE");
	CU_ASSERT(v && v->kind == FC_NODE_BOOL && !v->boolean);
	finish();
	v = value_of("v: !!float 0x10");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && v->number == 16.0 && v->integer == 0);
	finish();
	v = value_of("v: !!int '-12'");
	CU_ASSERT(v && v->kind == FC_NODE_INT && v->integer == -12);
	finish();
}

static void test_int64_range(void)
{
	const struct fc_node *v = value_of("v: 9223372036854775807");
	CU_ASSERT(v && v->kind == FC_NODE_INT && v->integer == INT64_MAX);
	finish();
	v = value_of("v: -9223372036854775808");
	CU_ASSERT(v && v->kind == FC_NODE_INT && v->integer == INT64_MIN);
	finish();
	v = value_of("v: 0x7fffffffffffffff");
	CU_ASSERT(v && v->kind == FC_NODE_INT && v->integer == INT64_MAX);
	finish();
	/* beyond int64: a float that keeps its text */
	v = value_of("v: 9223372036854775808");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && v->number == 9223372036854775808.0);
	CU_ASSERT(v && strcmp(v->text, "9223372036854775808") == 0);
	finish();
	v = value_of("v: -9223372036854775809");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && v->number < -9.2e18);
	finish();
	v = value_of("v: 123456789012345678901234567890");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT &&
	          fabs(v->number / 1.2345678901234568e29 - 1) < 1e-15);
	CU_ASSERT(v && v->len == 30);
	finish();
	v = value_of("v: 18446744073709551621"); /* 2^64 + 5 */
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && v->number == 18446744073709551616.0);
	finish();
	v = value_of("v: 0x10000000000000005");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && v->number == 18446744073709551616.0);
	finish();
	v = value_of("v: 0x8000000000000000");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && v->number == 9223372036854775808.0);
	finish();
	v = value_of("v: 0o1000000000000000000000");
	CU_ASSERT(v && v->kind == FC_NODE_FLOAT && v->number == 9223372036854775808.0);
	finish();
}

static void test_strings_are_decoded(void)
{
	const struct fc_node *v = value_of("v: \"a\\tb\\u00e9\"");
	CU_ASSERT(v && v->kind == FC_NODE_STRING && v->len == 5 &&
	          memcmp(v->text, "a\tb\xc3\xa9", 5) == 0);
	finish();
	v = value_of("v: 'it''s'");
	CU_ASSERT(v && strcmp(v->text, "it's") == 0);
	finish();
	v = value_of("v: \"x\\0y\"");
	CU_ASSERT(v && v->len == 3 && memcmp(v->text, "x\0y", 4) == 0);
	finish();
	v = value_of("v: a\n  b\n\n  c\n");
	CU_ASSERT(v && v->kind == FC_NODE_STRING && strcmp(v->text, "a b\nc") == 0);
	finish();
	v = value_of("v: |\n  line 1\n  line 2\n");
	CU_ASSERT(v && strcmp(v->text, "line 1\nline 2\n") == 0);
	finish();
}

static void test_keys_are_scalar_text(void)
{
	struct fc_node *root = load("1: a\n~: b\n'x y': c\ntrue: d\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(root && root->kind == FC_NODE_MAP && root->count == 4);
	if (root && root->count == 4) {
		CU_ASSERT_STRING_EQUAL(root->pairs[0].key, "1");
		CU_ASSERT_STRING_EQUAL(root->pairs[1].key, "~");
		CU_ASSERT_STRING_EQUAL(root->pairs[2].key, "x y");
		CU_ASSERT_EQUAL(root->pairs[2].key_len, 3);
		CU_ASSERT_STRING_EQUAL(root->pairs[3].key, "true");
		CU_ASSERT_STRING_EQUAL(root->pairs[3].value->text, "d");
	}
	finish();
}

/* ---- shape and positions ---- */

static void test_nested_positions(void)
{
	struct fc_node *root = load("peers:\n"
	                            "  - name: p0\n"
	                            "    port: 7051\n"
	                            "  - name: p1\n"
	                            "    tls: {on: true, ca: [a, 'b']}\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(diags.count, 0);
	CU_ASSERT(root && root->kind == FC_NODE_MAP && root->count == 1);
	if (!root || root->count != 1) {
		finish();
		return;
	}
	ASSERT_POS(root->pos, 1, 1);
	CU_ASSERT_STRING_EQUAL(root->pos.file, "t.yaml");
	CU_ASSERT_STRING_EQUAL(root->pairs[0].key, "peers");
	ASSERT_POS(root->pairs[0].key_pos, 1, 1);
	const struct fc_node *peers = root->pairs[0].value;
	CU_ASSERT(peers->kind == FC_NODE_SEQ && peers->count == 2);
	ASSERT_POS(peers->pos, 2, 3);
	const struct fc_node *p0 = peers->items[0];
	CU_ASSERT(p0->kind == FC_NODE_MAP && p0->count == 2);
	ASSERT_POS(p0->pos, 2, 5);
	CU_ASSERT_STRING_EQUAL(p0->pairs[1].key, "port");
	ASSERT_POS(p0->pairs[1].key_pos, 3, 5);
	const struct fc_node *port = p0->pairs[1].value;
	CU_ASSERT(port->kind == FC_NODE_INT && port->integer == 7051);
	ASSERT_POS(port->pos, 3, 11);
	const struct fc_node *tls = fc_node_get(peers->items[1], "tls");
	CU_ASSERT(tls && tls->kind == FC_NODE_MAP && tls->count == 2);
	if (tls && tls->count == 2) {
		ASSERT_POS(tls->pos, 5, 10);
		CU_ASSERT_STRING_EQUAL(tls->pairs[0].key, "on");
		ASSERT_POS(tls->pairs[0].key_pos, 5, 11);
		CU_ASSERT_EQUAL(tls->pairs[0].value->kind, FC_NODE_BOOL);
		ASSERT_POS(tls->pairs[0].value->pos, 5, 15);
		const struct fc_node *ca = tls->pairs[1].value;
		CU_ASSERT(ca->kind == FC_NODE_SEQ && ca->count == 2);
		ASSERT_POS(ca->pos, 5, 25);
		if (ca->count == 2) {
			ASSERT_POS(ca->items[1]->pos, 5, 29);
			CU_ASSERT_STRING_EQUAL(ca->items[1]->text, "b");
		}
	}
	finish();
}

static void test_empty_values_and_collections(void)
{
	struct fc_node *root = load("a:\nb: []\nc: {}\nd:\n  -\n  - x\n");
	CU_ASSERT_EQUAL(rc, 0);
	const struct fc_node *a = fc_node_get(root, "a");
	CU_ASSERT(a && a->kind == FC_NODE_NULL && a->len == 0 && strcmp(a->text, "") == 0);
	if (a)
		ASSERT_POS(a->pos, 1, 3);
	const struct fc_node *b = fc_node_get(root, "b");
	CU_ASSERT(b && b->kind == FC_NODE_SEQ && b->count == 0);
	const struct fc_node *c = fc_node_get(root, "c");
	CU_ASSERT(c && c->kind == FC_NODE_MAP && c->count == 0);
	const struct fc_node *d = fc_node_get(root, "d");
	CU_ASSERT(d && d->kind == FC_NODE_SEQ && d->count == 2);
	if (d && d->count == 2) {
		CU_ASSERT_EQUAL(d->items[0]->kind, FC_NODE_NULL);
		CU_ASSERT_STRING_EQUAL(d->items[1]->text, "x");
	}
	finish();
}

static void test_root_scalars_and_sequences(void)
{
	struct fc_node *root = load("hello");
	CU_ASSERT(rc == 0 && root && root->kind == FC_NODE_STRING &&
	          strcmp(root->text, "hello") == 0);
	finish();
	root = load("~\n");
	CU_ASSERT(rc == 0 && root && root->kind == FC_NODE_NULL);
	finish();
	root = load("- - - x\n");
	CU_ASSERT(rc == 0 && root && root->kind == FC_NODE_SEQ && root->count == 1);
	if (root && root->count == 1) {
		const struct fc_node *inner = root->items[0]->items[0];
		ASSERT_POS(inner->pos, 1, 5);
		ASSERT_POS(inner->items[0]->pos, 1, 7);
	}
	finish();
	root = load("# leading comment\n---\na: 1\n...\n# trailing\n");
	CU_ASSERT(rc == 0 && root && root->kind == FC_NODE_MAP);
	if (root)
		ASSERT_POS(root->pos, 3, 1);
	finish();
}

static void test_columns_count_characters(void)
{
	struct fc_node *root = load("\xc3\xa9\xc3\xa9: x\n");
	const struct fc_node *v = fc_node_get(root, "\xc3\xa9\xc3\xa9");
	CU_ASSERT(rc == 0 && v);
	if (v)
		ASSERT_POS(v->pos, 1, 5);
	finish();
}

static void test_crlf(void)
{
	struct fc_node *root = load("a: 1\r\nb:\r\n  - x\r\n  - |\r\n    t\r\n");
	CU_ASSERT_EQUAL(rc, 0);
	const struct fc_node *b = fc_node_get(root, "b");
	const struct fc_pair *pb = fc_node_get_pair(root, "b");
	CU_ASSERT(b && b->kind == FC_NODE_SEQ && b->count == 2);
	if (pb)
		ASSERT_POS(pb->key_pos, 2, 1);
	if (b && b->count == 2) {
		ASSERT_POS(b->pos, 3, 3);
		CU_ASSERT_STRING_EQUAL(b->items[0]->text, "x");
		ASSERT_POS(b->items[0]->pos, 3, 5);
		CU_ASSERT_STRING_EQUAL(b->items[1]->text, "t\n");
	}
	finish();
}

static void test_utf8_bom_is_skipped(void)
{
	struct fc_node *root = load("\xef\xbb\xbf"
	                            "a: 1\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(root && root->kind == FC_NODE_MAP && root->count == 1);
	if (root && root->count == 1) {
		CU_ASSERT_STRING_EQUAL(root->pairs[0].key, "a");
		ASSERT_POS(root->pairs[0].key_pos, 1, 1);
		ASSERT_POS(root->pairs[0].value->pos, 1, 4);
	}
	finish();
	/* positions after a BOM do not count it */
	load("\xef\xbb\xbf"
	     "a: b: c\n");
	ASSERT_ONLY_ERROR("yaml-syntax", 1, 5, "mapping values are not allowed in this context");
	finish();
}

static void test_large_mapping(void)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (int i = 0; i < 20000; i++)
		fc_strbuf_addf(&sb, "k%05d: %d\n", i, i);
	struct fc_load_limits limits = {1 << 22, 64, 1024};
	struct fc_node *root = load_n(sb.buf, sb.len, &limits);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(root && root->count == 20000);
	if (root && root->count == 20000) {
		CU_ASSERT_STRING_EQUAL(root->pairs[12345].key, "k12345");
		CU_ASSERT_EQUAL(root->pairs[12345].value->integer, 12345);
		ASSERT_POS(root->pairs[12345].key_pos, 12346, 1);
	}
	finish();
	fc_strbuf_addstr(&sb, "k00007: again\n");
	load_n(sb.buf, sb.len, &limits);
	ASSERT_ONLY_ERROR("duplicate-key", 20001, 1, "key 'k00007' is defined twice");
	finish();
	fc_strbuf_release(&sb);
}

static void test_null_file_and_default_limits(void)
{
	CU_ASSERT_EQUAL(fc_load_default_limits.max_bytes, 1048576);
	CU_ASSERT_EQUAL(fc_load_default_limits.max_depth, 64);
	CU_ASSERT_EQUAL(fc_load_default_limits.max_scalar, 65536);
	struct fc_node *root = NULL;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	rc = fc_load_yaml(&arena, NULL, "a: 1", 4, NULL, &root, &diags);
	CU_ASSERT(rc == 0 && root && root->pos.file == NULL);
	finish();
	/* text need not be NUL-terminated: only len bytes are read */
	root = load_n("a: 1xyz", 4, NULL);
	const struct fc_node *a = fc_node_get(root, "a");
	CU_ASSERT(rc == 0 && a && a->kind == FC_NODE_INT && a->integer == 1);
	finish();
}

/* ---- rejections ---- */

static void test_duplicate_keys(void)
{
	load("a: 1\nb: 2\na: 3\n");
	ASSERT_ONLY_ERROR("duplicate-key", 3, 1, "key 'a' is defined twice");
	const struct fc_diag *d = diag_at(0);
	if (d) {
		CU_ASSERT_STRING_EQUAL(d->path, "/a");
		CU_ASSERT(d->notes && !d->notes->next);
		if (d->notes) {
			CU_ASSERT_STRING_EQUAL(d->notes->message, "first defined here");
			ASSERT_POS(d->notes->pos, 1, 1);
		}
	}
	finish();

	load("x:\n  y: 1\n  y: 2\n  y: 3\n");
	ASSERT_FAILED(2);
	ASSERT_DIAG(0, "duplicate-key", 3, 3, "key 'y' is defined twice");
	ASSERT_DIAG(1, "duplicate-key", 4, 3, "key 'y' is defined twice");
	if (diag_at(1)) {
		CU_ASSERT_STRING_EQUAL(diag_at(1)->path, "/x/y");
		CU_ASSERT(diag_at(1)->notes && diag_at(1)->notes->pos.line == 2);
	}
	finish();

	load("- x: 1\n  x: 2\n");
	ASSERT_ONLY_ERROR("duplicate-key", 2, 3, "key 'x' is defined twice");
	if (diag_at(0))
		CU_ASSERT_STRING_EQUAL(diag_at(0)->path, "/0/x");
	finish();

	load("{a: 1, a: 2}");
	ASSERT_ONLY_ERROR("duplicate-key", 1, 8, "key 'a' is defined twice");
	finish();

	/* the key is the scalar's text, whatever its type or style */
	load("1: a\n\"1\": b\n");
	ASSERT_ONLY_ERROR("duplicate-key", 2, 1, "key '1' is defined twice");
	finish();

	/* equal keys in different mappings, and different keys, are fine */
	load("- a: 1\n- a: 2\n- {a: 1, ab: 2, b: 3}\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(diags.count, 0);
	finish();
}

static void test_long_key_is_shortened_in_messages(void)
{
	char text[200];
	memset(text, 'k', 70);
	memcpy(text + 70, ": 1\n", 4);
	memcpy(text + 74, text, 74);
	text[148] = '\0';
	load(text);
	char want[128];
	snprintf(want, sizeof(want), "key '%.64s...' is defined twice", text);
	ASSERT_ONLY_ERROR("duplicate-key", 2, 1, want);
	finish();
	load("\"a\\tb\": 1\n\"a\\tb\": 2\n");
	ASSERT_ONLY_ERROR("duplicate-key", 2, 1, "key 'a\\x09b' is defined twice");
	finish();
}

static void test_complex_keys(void)
{
	load("? [a]\n: b\n");
	ASSERT_ONLY_ERROR("yaml-complex-key", 1, 3,
	                  "a sequence cannot be a mapping key, keys must be scalars");
	finish();
	load("x: {{a: 1}: b, {a: 1}: c}\n");
	ASSERT_FAILED(2);
	ASSERT_DIAG(0, "yaml-complex-key", 1, 5,
	            "a mapping cannot be a mapping key, keys must be scalars");
	ASSERT_DIAG(1, "yaml-complex-key", 1, 16, NULL);
	if (diag_at(0))
		CU_ASSERT_STRING_EQUAL(diag_at(0)->path, "/x");
	finish();
}

static void test_multiple_documents(void)
{
	load("a: 1\n---\nb: 2\n");
	ASSERT_ONLY_ERROR("yaml-multiple-documents", 2, 1,
	                  "a second document starts here, only one is allowed");
	finish();
	load("--- a\n--- b\n--- c\n");
	ASSERT_ONLY_ERROR("yaml-multiple-documents", 2, 1, NULL);
	finish();
}

static void test_empty_input(void)
{
	load("");
	ASSERT_ONLY_ERROR("yaml-empty", 1, 1, "the input holds no YAML document");
	finish();
	load("# only\n\n# comments\n");
	ASSERT_ONLY_ERROR("yaml-empty", 1, 1, "the input holds no YAML document");
	finish();
	load("\xef\xbb\xbf");
	ASSERT_ONLY_ERROR("yaml-empty", 1, 1, "the input holds no YAML document");
	finish();
	load("# a comment\n--- # another\n");
	ASSERT_ONLY_ERROR("yaml-empty", 2, 1, "the document is empty");
	finish();
	struct fc_node *root = (struct fc_node *)&arena;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	rc = fc_load_yaml(&arena, "t.yaml", NULL, 0, NULL, &root, &diags);
	ASSERT_ONLY_ERROR("yaml-empty", 1, 1, NULL);
	CU_ASSERT_PTR_NULL(root);
	finish();
}

static void test_anchors_and_aliases(void)
{
	struct fc_node *root = load("a: &x 1\nb: *x\n");
	ASSERT_FAILED(2);
	ASSERT_DIAG(0, "yaml-anchor", 1, 4,
	            "anchors and aliases are not allowed (found anchor '&x')");
	ASSERT_DIAG(1, "yaml-anchor", 2, 4,
	            "anchors and aliases are not allowed (found alias '*x')");
	if (diag_at(1))
		CU_ASSERT_STRING_EQUAL(diag_at(1)->path, "/b");
	CU_ASSERT_PTR_NULL(root);
	finish();
	load("a: &m\n  b: 1\nc: &s [1]\n");
	ASSERT_FAILED(2);
	ASSERT_DIAG(0, "yaml-anchor", 1, 4,
	            "anchors and aliases are not allowed (found anchor '&m')");
	ASSERT_DIAG(1, "yaml-anchor", 3, 4,
	            "anchors and aliases are not allowed (found anchor '&s')");
	finish();
	/* an alias key keeps keys and values paired: no false duplicate */
	load("- &k a\n- {*k : a, b: a, x: y}\n");
	ASSERT_FAILED(2);
	ASSERT_DIAG(0, "yaml-anchor", 1, 3, NULL);
	ASSERT_DIAG(1, "yaml-anchor", 2, 4,
	            "anchors and aliases are not allowed (found alias '*k')");
	finish();
	/* an alias as a key: no false duplicate, no crash */
	load("&k a: 1\n*k : 2\n*k : 3\n");
	ASSERT_FAILED(3);
	ASSERT_DIAG(0, "yaml-anchor", 1, 1, NULL);
	ASSERT_DIAG(2, "yaml-anchor", 3, 1,
	            "anchors and aliases are not allowed (found alias '*k')");
	finish();
}

static void test_tags(void)
{
	load("v: !foo x\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4,
	                  "tag '!foo' is not allowed (only !!str, !!int, !!float, !!bool, !!null, "
	                  "!!seq and !!map are)");
	if (diag_at(0))
		CU_ASSERT_STRING_EQUAL(diag_at(0)->path, "/v");
	finish();
	load("v: !!timestamp 2001-01-01\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, NULL);
	if (diag_at(0))
		CU_ASSERT(strstr(diag_at(0)->message, "tag '!!timestamp' is not allowed") != NULL);
	finish();
	load("v: ! x\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, NULL);
	finish();
	load("v: !!int abc\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "'abc' is not a valid !!int");
	finish();
	load("v: !!int 1.5\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "'1.5' is not a valid !!int");
	finish();
	load("v: !!float x\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "'x' is not a valid !!float");
	finish();
	load("v: !!bool yes\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "'yes' is not a valid !!bool");
	finish();
	load("v: !!null 0\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "'0' is not a valid !!null");
	finish();
	load("v: !!map x\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "tag '!!map' cannot be given to a scalar");
	finish();
	load("v: !!seq {a: 1}\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "tag '!!seq' cannot be given to a mapping");
	finish();
	load("v: !!str [1]\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, "tag '!!str' cannot be given to a sequence");
	finish();
	load("v: !local [1]\n");
	ASSERT_ONLY_ERROR("yaml-tag", 1, 4, NULL);
	finish();
	struct fc_node *root = load("!!map {a: !!seq [1], !!str b: 2}\n");
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT(root && root->count == 2);
	finish();
}

static void test_encoding_errors(void)
{
	load("a: 1\nb: caf\xe9\n");
	ASSERT_ONLY_ERROR("yaml-encoding", 2, 7, "invalid UTF-8 byte 0xe9");
	finish();
	/* a multi-byte character counts as one column */
	load("\xc3\xa9: \xc3(\n");
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xc3");
	finish();
	load("a: \xe2\x82");
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xe2");
	finish();
	load("a: \xe2\x82(\n"); /* bad third byte */
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xe2");
	finish();
	/* a sequence cut by the end of the input is not read past its end */
	char *cut = malloc(5);
	CU_ASSERT_PTR_NOT_NULL(cut);
	if (cut) {
		memcpy(cut, "a: \xf0\x9f", 5);
		load_n(cut, 5, NULL);
		ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xf0");
		finish();
		free(cut);
	}
	load("a: \xc0\xaf\n"); /* overlong */
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xc0");
	finish();
	load("a: \xe0\x80\xaf\n"); /* overlong three-byte form */
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xe0");
	finish();
	load("a: \xed\xa0\x80\n"); /* surrogate */
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xed");
	finish();
	load("a: \xf4\x90\x80\x80\n"); /* over U+10FFFF */
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "invalid UTF-8 byte 0xf4");
	finish();
	load("a: x\x80\n"); /* stray continuation byte */
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 5, "invalid UTF-8 byte 0x80");
	finish();
	load("\xef\xbb\xbf"
	     "ab\xff");
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 3, "invalid UTF-8 byte 0xff");
	finish();
	/* CRLF and lone CR each end one line */
	load("a: 1\r\nb: \xff");
	ASSERT_ONLY_ERROR("yaml-encoding", 2, 4, NULL);
	finish();
	load("a: 1\r\r\nb: \xff");
	ASSERT_ONLY_ERROR("yaml-encoding", 3, 4, NULL);
	finish();
	/* NEL and LS end lines, as libyaml counts them */
	load("a: \"x\xc2\x85y\"\nb: \xff");
	ASSERT_ONLY_ERROR("yaml-encoding", 3, 4, NULL);
	finish();
	load("a: \"x\xc2\x85y\"\nb: c: d");
	ASSERT_ONLY_ERROR("yaml-syntax", 3, 5, NULL);
	finish();
	load("a: \"x\xe2\x80\xa8y\"\nb: \xff");
	ASSERT_ONLY_ERROR("yaml-encoding", 3, 4, NULL);
	finish();
	/* valid 2-, 3- and 4-byte characters pass */
	struct fc_node *root = load("a: \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\n");
	CU_ASSERT_EQUAL(rc, 0);
	const struct fc_node *a = fc_node_get(root, "a");
	CU_ASSERT(a && a->len == 9);
	finish();
}

static void test_control_characters(void)
{
	load("a: \x07\n");
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "character U+0007 is not allowed in YAML text");
	finish();
	load("a: x\n\nb: \xc2\x80\n");
	ASSERT_ONLY_ERROR("yaml-encoding", 3, 4, "character U+0080 is not allowed in YAML text");
	finish();
	load("a: \x7f");
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 4, "character U+007F is not allowed in YAML text");
	finish();
}

static void test_nul_and_wide_encodings(void)
{
	load_n("a: 1\nb: x\0y\n", 11, NULL);
	ASSERT_ONLY_ERROR("yaml-encoding", 2, 5,
	                  "NUL byte in the input, YAML text cannot hold one");
	finish();
	load_n("\xff\xfe"
	       "a\0:\0",
	       6, NULL);
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 1,
	                  "input is UTF-16LE (found its byte order mark), only UTF-8 is supported");
	finish();
	load_n("\xfe\xff\0a\0:", 6, NULL);
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 1,
	                  "input is UTF-16BE (found its byte order mark), only UTF-8 is supported");
	finish();
	load_n("\xff\xfe\0\0a\0\0\0", 8, NULL);
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 1,
	                  "input is UTF-32LE (found its byte order mark), only UTF-8 is supported");
	finish();
	load_n("\0\0\xfe\xff\0\0\0a", 8, NULL);
	ASSERT_ONLY_ERROR("yaml-encoding", 1, 1,
	                  "input is UTF-32BE (found its byte order mark), only UTF-8 is supported");
	finish();
	load_n("a\0:\0 \0x\0", 8, NULL);
	ASSERT_ONLY_ERROR(
	        "yaml-encoding", 1, 1,
	        "input is UTF-16LE (guessed from its NUL bytes), only UTF-8 is supported");
	finish();
	load_n("\0a\0:", 4, NULL);
	ASSERT_ONLY_ERROR(
	        "yaml-encoding", 1, 1,
	        "input is UTF-16BE (guessed from its NUL bytes), only UTF-8 is supported");
	finish();
	load_n("\0\0\0a", 4, NULL);
	ASSERT_ONLY_ERROR(
	        "yaml-encoding", 1, 1,
	        "input is UTF-32BE (guessed from its NUL bytes), only UTF-8 is supported");
	finish();
	load_n("a\0\0\0", 4, NULL);
	ASSERT_ONLY_ERROR(
	        "yaml-encoding", 1, 1,
	        "input is UTF-32LE (guessed from its NUL bytes), only UTF-8 is supported");
	finish();
}

static void test_input_too_large(void)
{
	size_t n = 2000000;
	char *big = malloc(n);
	CU_ASSERT_PTR_NOT_NULL(big);
	if (!big)
		return;
	memset(big, 0xff, n); /* not parsed, so not reported */
	load_n(big, n, NULL);
	ASSERT_ONLY_ERROR("input-too-large", 1, 1, "input exceeds the limit of 1048576 bytes");
	finish();
	free(big);
	struct fc_load_limits limits = {10, 64, 100};
	load_n("a: 1234567", 10, &limits);
	CU_ASSERT_EQUAL(rc, 0);
	finish();
	load_n("a: 12345678", 11, &limits);
	ASSERT_ONLY_ERROR("input-too-large", 1, 1, "input exceeds the limit of 10 bytes");
	finish();
}

static void test_nesting_depth(void)
{
	struct fc_load_limits limits = {1 << 20, 3, 100};
	load_n("a:\n  b:\n    c: 1\n", 17, &limits);
	CU_ASSERT_EQUAL(rc, 0);
	finish();
	const char *deep = "a:\n  b:\n    c:\n      d: 1\n";
	load_n(deep, strlen(deep), &limits);
	ASSERT_ONLY_ERROR("yaml-too-deep", 4, 7, "nesting deeper than 3 levels");
	if (diag_at(0))
		CU_ASSERT_STRING_EQUAL(diag_at(0)->path, "/a/b/c");
	finish();
	load_n("- - - [x]\n", 10, &limits);
	ASSERT_ONLY_ERROR("yaml-too-deep", 1, 7, "nesting deeper than 3 levels");
	finish();

	/* the default limit: 64 levels pass, the 65th is reported where it starts */
	char text[200];
	memset(text, '[', 64);
	memset(text + 64, ']', 64);
	load_n(text, 128, NULL);
	CU_ASSERT_EQUAL(rc, 0);
	finish();
	memset(text, '[', 65);
	memset(text + 65, ']', 65);
	load_n(text, 130, NULL);
	ASSERT_ONLY_ERROR("yaml-too-deep", 1, 65, "nesting deeper than 64 levels");
	finish();

	/* far deeper input stops at the limit */
	size_t n = 500000;
	char *open = malloc(n);
	CU_ASSERT_PTR_NOT_NULL(open);
	if (!open)
		return;
	memset(open, '[', n);
	load_n(open, n, NULL);
	ASSERT_ONLY_ERROR("yaml-too-deep", 1, 65, "nesting deeper than 64 levels");
	finish();
	free(open);
}

static void test_scalar_too_long(void)
{
	struct fc_load_limits limits = {1 << 20, 64, 4};
	load_n("a: abcd", 7, &limits);
	CU_ASSERT_EQUAL(rc, 0);
	finish();
	load_n("a: abcde\n", 9, &limits);
	ASSERT_ONLY_ERROR("yaml-scalar-too-long", 1, 4, "scalar is 5 bytes, over the limit of 4");
	if (diag_at(0))
		CU_ASSERT_STRING_EQUAL(diag_at(0)->path, "/a");
	finish();
	load_n("abcde: 1\n", 9, &limits);
	ASSERT_ONLY_ERROR("yaml-scalar-too-long", 1, 1, "scalar is 5 bytes, over the limit of 4");
	finish();
	/* the limit is on the decoded value in bytes */
	load_n("a: \"\\u00e9\\u00e9\\u00e9\"\n", 23, &limits);
	ASSERT_ONLY_ERROR("yaml-scalar-too-long", 1, 4, "scalar is 6 bytes, over the limit of 4");
	finish();
}

static void test_syntax_errors(void)
{
	load("a: b: c\n");
	ASSERT_ONLY_ERROR("yaml-syntax", 1, 5, "mapping values are not allowed in this context");
	CU_ASSERT(diag_at(0) && diag_at(0)->notes == NULL);
	finish();

	load("a: [1, 2\n");
	ASSERT_ONLY_ERROR("yaml-syntax", 2, 1,
	                  "did not find expected ',' or ']' while parsing a flow sequence");
	const struct fc_diag *d = diag_at(0);
	CU_ASSERT(d && d->notes);
	if (d && d->notes) {
		CU_ASSERT_STRING_EQUAL(d->notes->message, "the flow sequence starts here");
		ASSERT_POS(d->notes->pos, 1, 4);
	}
	finish();

	load("a: 'abc\n");
	ASSERT_ONLY_ERROR("yaml-syntax", 2, 1,
	                  "found unexpected end of stream while scanning a quoted scalar");
	d = diag_at(0);
	if (d && d->notes) {
		CU_ASSERT_STRING_EQUAL(d->notes->message, "the quoted scalar starts here");
		ASSERT_POS(d->notes->pos, 1, 4);
	}
	finish();

	/* a tab in indentation */
	load("a:\n\tb: 1\n");
	ASSERT_ONLY_ERROR("yaml-syntax", 2, 1,
	                  "found character that cannot start any token while scanning for the next "
	                  "token");
	finish();

	/* errors after CRLF lines have the right line */
	load("a:\r\n  b: 1\r\n c: 2\r\n");
	ASSERT_ONLY_ERROR("yaml-syntax", 3, 2,
	                  "did not find expected key while parsing a block mapping");
	d = diag_at(0);
	CU_ASSERT(d && d->notes);
	if (d && d->notes) {
		CU_ASSERT_STRING_EQUAL(d->notes->message, "the block mapping starts here");
		ASSERT_POS(d->notes->pos, 1, 1);
	}
	finish();
}

static void test_all_errors_of_a_document_are_reported(void)
{
	struct fc_node *root = load("a: &x 1\na: !foo 2\nb: *x\n");
	ASSERT_FAILED(4);
	CU_ASSERT_PTR_NULL(root);
	size_t anchors = 0, tags = 0, dups = 0;
	for (size_t i = 0; i < diags.count; i++) {
		anchors += strcmp(diags.items[i]->code, "yaml-anchor") == 0;
		tags += strcmp(diags.items[i]->code, "yaml-tag") == 0;
		dups += strcmp(diags.items[i]->code, "duplicate-key") == 0;
	}
	CU_ASSERT_EQUAL(anchors, 2);
	CU_ASSERT_EQUAL(tags, 1);
	CU_ASSERT_EQUAL(dups, 1);
	finish();
}

void fc_test_register(void)
{
	FC_SUITE("load: typing", FC_TEST(test_core_schema_types), FC_TEST(test_scalar_values),
	         FC_TEST(test_int64_range), FC_TEST(test_strings_are_decoded),
	         FC_TEST(test_keys_are_scalar_text));
	FC_SUITE("load: tree", FC_TEST(test_nested_positions),
	         FC_TEST(test_empty_values_and_collections),
	         FC_TEST(test_root_scalars_and_sequences), FC_TEST(test_columns_count_characters),
	         FC_TEST(test_crlf), FC_TEST(test_utf8_bom_is_skipped), FC_TEST(test_large_mapping),
	         FC_TEST(test_null_file_and_default_limits));
	FC_SUITE("load: errors", FC_TEST(test_duplicate_keys),
	         FC_TEST(test_long_key_is_shortened_in_messages), FC_TEST(test_complex_keys),
	         FC_TEST(test_multiple_documents), FC_TEST(test_empty_input),
	         FC_TEST(test_anchors_and_aliases), FC_TEST(test_tags),
	         FC_TEST(test_encoding_errors), FC_TEST(test_control_characters),
	         FC_TEST(test_nul_and_wide_encodings), FC_TEST(test_input_too_large),
	         FC_TEST(test_nesting_depth), FC_TEST(test_scalar_too_long),
	         FC_TEST(test_syntax_errors), FC_TEST(test_all_errors_of_a_document_are_reported));
}

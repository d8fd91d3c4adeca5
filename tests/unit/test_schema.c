/*
 * Unit tests of the schema validator (schema.h) and its helper modules:
 * decimal arithmetic, URI resolution, ECMA-262 regex translation and the
 * format checks.  The JSON-Schema-Test-Suite runner covers the verdicts at
 * large; these pin down messages, positions, limits and the corners.
 */
#include "cunit_main.h"
#include "decimal.h"
#include "ecma_regex.h"
#include "json.h"
#include "schema.h"
#include "schema_format.h"
#include "uri.h"

#include <string.h>

struct run {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_schema *schema;
	int compiled; /* fc_schema_compile's result */
	int rc; /* fc_schema_validate's result */
};

static struct fc_node *json(struct run *r, const char *text)
{
	struct fc_node *n = NULL;
	struct fc_load_limits limits = {1u << 24, 600, 1u << 20};
	int rc = fc_json_parse(&r->arena, "doc.json", text, strlen(text), &limits, &n, &r->diags);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return n;
}

/* Compiles schema and validates instance twice (verdict only, then with
 * diagnostics); asserts both verdicts agree. */
static void run_opts(struct run *r, const char *schema, const char *instance,
                     const struct fc_schema_options *options)
{
	fc_arena_init(&r->arena);
	fc_diags_init(&r->diags, &r->arena);
	r->schema = NULL;
	r->rc = -2;
	struct fc_node *s = json(r, schema);
	r->compiled = fc_schema_compile(&r->schema, s, options, &r->diags);
	if (r->compiled < 0 || !instance)
		return;
	struct fc_node *i = json(r, instance);
	int fast = fc_schema_validate(r->schema, i, NULL);
	r->rc = fc_schema_validate(r->schema, i, &r->diags);
	CU_ASSERT_EQUAL(fast, r->rc);
	CU_ASSERT_EQUAL(r->rc == 0, r->diags.errors == 0);
}

static void run(struct run *r, const char *schema, const char *instance)
{
	run_opts(r, schema, instance, NULL);
}

static void done(struct run *r)
{
	fc_schema_free(r->schema);
	fc_diags_release(&r->diags);
	fc_arena_release(&r->arena);
}

static bool valid(const char *schema, const char *instance)
{
	struct run r;
	run(&r, schema, instance);
	bool ok = r.compiled == 0 && r.rc == 0;
	done(&r);
	return ok;
}

static bool invalid(const char *schema, const char *instance)
{
	struct run r;
	run(&r, schema, instance);
	bool ok = r.compiled == 0 && r.rc == -1;
	done(&r);
	return ok;
}

/* The diagnostic with the given code, or NULL. */
static const struct fc_diag *find(const struct run *r, const char *code)
{
	for (size_t i = 0; i < r->diags.count; i++)
		if (strcmp(r->diags.items[i]->code, code) == 0)
			return r->diags.items[i];
	return NULL;
}

/* Runs and expects exactly one error: code, message, path and note. */
static void expect_one(const char *schema, const char *instance, const char *code,
                       const char *message, const char *path, const char *note)
{
	struct run r;
	run(&r, schema, instance);
	CU_ASSERT_EQUAL(r.compiled, 0);
	CU_ASSERT_EQUAL(r.rc, -1);
	CU_ASSERT_EQUAL(r.diags.count, 1);
	if (r.diags.count == 1) {
		const struct fc_diag *d = r.diags.items[0];
		CU_ASSERT_STRING_EQUAL(d->code, code);
		CU_ASSERT_STRING_EQUAL(d->message, message);
		CU_ASSERT_STRING_EQUAL(d->path, path);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d->notes);
		CU_ASSERT_STRING_EQUAL(d->notes->message, note);
		if (strcmp(d->message, message) != 0)
			fprintf(stderr, "\n  got message: %s\n", d->message);
	}
	done(&r);
}

static void test_type_messages(void)
{
	expect_one("{\"properties\":{\"x\":{\"type\":\"integer\"}}}", "{\"x\":\"3\"}",
	           "schema-type", "expected integer, got string \"3\" (remove the quotes)", "/x",
	           "schema: #/properties/x/type");
	expect_one("{\"type\":[\"string\",\"null\"]}", "2.5", "schema-type",
	           "expected null or string, got number 2.5 (quote it)", "", "schema: #/type");
	expect_one("{\"items\":{\"type\":\"object\"}}", "[{}, true]", "schema-type",
	           "expected object, got boolean true", "/1", "schema: #/items/type");
	CU_ASSERT_TRUE(valid("{\"type\":\"integer\"}", "1.0"));
	CU_ASSERT_TRUE(valid("{\"type\":\"integer\"}", "1e3"));
	CU_ASSERT_TRUE(valid("{\"type\":\"integer\"}", "12345678901234567890123"));
	CU_ASSERT_TRUE(invalid("{\"type\":\"integer\"}", "1.5"));
	CU_ASSERT_TRUE(invalid("{\"type\":\"number\"}", "\"1\""));
}

static void test_position_is_instance_node(void)
{
	struct run r;
	run(&r, "{\"properties\":{\"port\":{\"maximum\":65535}}}", "{\n  \"port\": 70000\n}");
	CU_ASSERT_EQUAL_FATAL(r.diags.count, 1);
	const struct fc_diag *d = r.diags.items[0];
	CU_ASSERT_EQUAL(d->pos.line, 2);
	CU_ASSERT_EQUAL(d->pos.col, 11);
	CU_ASSERT_STRING_EQUAL(d->message, "value 70000 is greater than the maximum 65535");
	/* the note points at the keyword in the schema */
	CU_ASSERT_EQUAL(d->notes->pos.line, 1);
	CU_ASSERT_EQUAL(d->notes->pos.col, 24);
	done(&r);
}

static void test_unknown_property_did_you_mean(void)
{
	const char *schema = "{\"type\":\"object\",\"additionalProperties\":false,"
	                     "\"properties\":{\"peers\":{},\"name\":{},\"orderers\":{},\"ca\":{},"
	                     "\"users\":{},\"mspId\":{},\"domain\":{},\"tls\":{},\"x\":{}}}";
	expect_one(schema, "{\"peer\":1}", "schema-additionalProperties",
	           "unknown property 'peer' (did you mean 'peers'?)", "/peer",
	           "schema: #/additionalProperties");
	expect_one(schema, "{\"ordrers\":1}", "schema-additionalProperties",
	           "unknown property 'ordrers' (did you mean 'orderers'?)", "/ordrers",
	           "schema: #/additionalProperties");
	expect_one(schema, "{\"completely\":1}", "schema-additionalProperties",
	           "unknown property 'completely'", "/completely",
	           "schema: #/additionalProperties");
	expect_one("{\"additionalProperties\":false,\"properties\":{\"a\":{},\"b\":{}}}",
	           "{\"zzz\":1}", "schema-additionalProperties",
	           "unknown property 'zzz' (expected one of: a, b)", "/zzz",
	           "schema: #/additionalProperties");
	/* the position is the key's */
	struct run r;
	run(&r, schema, "{\n  \"name\": 1,\n    \"peer\": 2}");
	CU_ASSERT_EQUAL_FATAL(r.diags.count, 1);
	CU_ASSERT_EQUAL(r.diags.items[0]->pos.line, 3);
	CU_ASSERT_EQUAL(r.diags.items[0]->pos.col, 5);
	done(&r);
}

static void test_enum_const_required(void)
{
	expect_one("{\"enum\":[\"solo\",\"kafka\",\"etcdraft\",\"BFT\"]}", "\"raft\"",
	           "schema-enum", "value must be one of: solo, kafka, etcdraft, BFT", "",
	           "schema: #/enum");
	expect_one("{\"enum\":[1,null,{\"a\":[true]}]}", "2", "schema-enum",
	           "value must be one of: 1, null, {\"a\":[true]}", "", "schema: #/enum");
	expect_one("{\"const\":\"x\"}", "\"y\"", "schema-const", "value must be 'x'", "",
	           "schema: #/const");
	expect_one("{\"required\":[\"name\",\"id\"],\"properties\":{\"id\":{}}}", "{\"id\":1}",
	           "schema-required", "missing required property 'name'", "", "schema: #/required");
	expect_one("{\"dependentRequired\":{\"tls\":[\"cert\"]}}", "{\"tls\":true}",
	           "schema-dependentRequired",
	           "missing property 'cert', required when 'tls' is present", "",
	           "schema: #/dependentRequired");
	/* JSON equality: numbers by value, objects without order */
	CU_ASSERT_TRUE(
	        valid("{\"const\":{\"a\":1,\"b\":[2.0,\"x\"]}}", "{\"b\":[2,\"x\"],\"a\":1.00}"));
	CU_ASSERT_TRUE(invalid("{\"const\":{\"a\":1}}", "{\"a\":1,\"b\":1}"));
	CU_ASSERT_TRUE(invalid("{\"enum\":[false]}", "0"));
	CU_ASSERT_TRUE(valid("{\"enum\":[\"a\\u0000b\"]}", "\"a\\u0000b\""));
	CU_ASSERT_TRUE(invalid("{\"enum\":[\"a\\u0000b\"]}", "\"a\\u0000c\""));
}

static void test_strings_count_code_points(void)
{
	CU_ASSERT_TRUE(valid("{\"maxLength\":2}", "\"\\u00e9\\ud83d\\ude00\""));
	CU_ASSERT_TRUE(invalid("{\"maxLength\":1}", "\"\\u00e9\\ud83d\\ude00\""));
	CU_ASSERT_TRUE(invalid("{\"minLength\":3}", "\"\\u00e9\\ud83d\\ude00\""));
	expect_one("{\"minLength\":1}", "\"\"", "schema-minLength",
	           "expected at least 1 character, got 0", "", "schema: #/minLength");
	expect_one("{\"pattern\":\"^[a-z]+$\"}", "\"Org_1\"", "schema-pattern",
	           "string \"Org_1\" does not match the pattern '^[a-z]+$'", "",
	           "schema: #/pattern");
}

static void test_numbers_exact(void)
{
	CU_ASSERT_TRUE(valid("{\"multipleOf\":0.01}", "19.99"));
	CU_ASSERT_TRUE(valid("{\"multipleOf\":0.1}", "0.3"));
	CU_ASSERT_TRUE(invalid("{\"multipleOf\":0.01}", "19.995"));
	CU_ASSERT_TRUE(valid("{\"multipleOf\":1e-8}", "12391239123"));
	CU_ASSERT_TRUE(invalid("{\"multipleOf\":0.123456789}", "1e308"));
	CU_ASSERT_TRUE(valid("{\"multipleOf\":3}", "-9"));
	CU_ASSERT_TRUE(invalid("{\"multipleOf\":3}", "10"));
	CU_ASSERT_TRUE(valid("{\"multipleOf\":2.5}", "1e2"));
	/* exact beyond doubles */
	CU_ASSERT_TRUE(invalid("{\"maximum\":9007199254740992}", "9007199254740993"));
	CU_ASSERT_TRUE(valid("{\"maximum\":9007199254740993}", "9007199254740993.0"));
	CU_ASSERT_TRUE(
	        invalid("{\"exclusiveMaximum\":9223372036854775807}", "9223372036854775807"));
	CU_ASSERT_TRUE(valid("{\"minimum\":-9223372036854775808}", "-9223372036854775808"));
	CU_ASSERT_TRUE(invalid("{\"minimum\":1e400}", "1e399"));
	CU_ASSERT_TRUE(invalid("{\"exclusiveMinimum\":0.1}", "0.1"));
	CU_ASSERT_TRUE(valid("{\"exclusiveMinimum\":0.1}", "0.10000000000000000001"));
	expect_one("{\"multipleOf\":2}", "7", "schema-multipleOf", "value 7 is not a multiple of 2",
	           "", "schema: #/multipleOf");
}

static void test_decimal_module(void)
{
	struct fc_decimal a, b;
	CU_ASSERT_TRUE(fc_decimal_parse(&a, "0.0100e2", 8));
	CU_ASSERT_TRUE(fc_decimal_parse(&b, "1", 1));
	CU_ASSERT_EQUAL(fc_decimal_cmp(&a, &b), 0);
	CU_ASSERT_EQUAL(fc_decimal_hash(&a), fc_decimal_hash(&b));
	CU_ASSERT_TRUE(fc_decimal_is_integer(&a));
	CU_ASSERT_TRUE(fc_decimal_parse(&a, "-0.000", 6));
	CU_ASSERT_EQUAL(a.sign, 0);
	CU_ASSERT_TRUE(fc_decimal_parse(&a, "+1.5", 4)); /* YAML spellings */
	CU_ASSERT_TRUE(fc_decimal_parse(&a, ".5", 2));
	CU_ASSERT_TRUE(fc_decimal_parse(&b, "5.", 2));
	CU_ASSERT_EQUAL(fc_decimal_cmp(&a, &b), -1);
	CU_ASSERT_FALSE(fc_decimal_parse(&a, ".inf", 4));
	CU_ASSERT_FALSE(fc_decimal_parse(&a, "1e", 2));
	CU_ASSERT_FALSE(fc_decimal_parse(&a, "0x10", 4));
	CU_ASSERT_TRUE(fc_decimal_parse(&a, "-2", 2));
	CU_ASSERT_TRUE(fc_decimal_parse(&b, "-10", 3));
	CU_ASSERT_EQUAL(fc_decimal_cmp(&a, &b), 1);
	CU_ASSERT_TRUE(fc_decimal_parse(&a, "4.5", 3));
	CU_ASSERT_TRUE(fc_decimal_parse(&b, "1.5", 3));
	CU_ASSERT_EQUAL(fc_decimal_is_multiple(&a, &b), 1);
	CU_ASSERT_TRUE(fc_decimal_parse(&b, "0.1234567890123456789", 21));
	CU_ASSERT_EQUAL(fc_decimal_is_multiple(&a, &b), -1); /* too fine to decide */

	/* an integer spelt in hex by YAML is read from its value */
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_node *n = fc_node_new(&arena, FC_NODE_INT, (struct fc_pos){NULL, 1, 1});
	n->text = "0x1F";
	n->len = 4;
	n->integer = 31;
	n->number = 31;
	CU_ASSERT_TRUE(fc_decimal_from_node(&a, n));
	CU_ASSERT_TRUE(fc_decimal_parse(&b, "31.0", 4));
	CU_ASSERT_EQUAL(fc_decimal_cmp(&a, &b), 0);
	struct fc_decimal copy = a; /* copies stay valid */
	CU_ASSERT_EQUAL(fc_decimal_cmp(&copy, &b), 0);
	n->integer = INT64_MIN;
	CU_ASSERT_TRUE(fc_decimal_from_node(&a, n));
	CU_ASSERT_TRUE(fc_decimal_parse(&b, "-9223372036854775808", 20));
	CU_ASSERT_EQUAL(fc_decimal_cmp(&a, &b), 0);
	fc_arena_release(&arena);
}

static void test_unique_items(void)
{
	expect_one("{\"uniqueItems\":true}", "[1, \"a\", 1.0]", "schema-uniqueItems",
	           "items 0 and 2 are equal; items must be unique", "", "schema: #/uniqueItems");
	CU_ASSERT_TRUE(valid("{\"uniqueItems\":true}", "[1, true, \"1\", [1], {\"a\":1}]"));
	/* large arrays take the hashing path */
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addch(&sb, '[');
	for (int i = 0; i < 200; i++)
		fc_strbuf_addf(&sb, "%s{\"k\":%d,\"v\":[%d]}", i ? "," : "", i, i);
	fc_strbuf_addstr(&sb, "]");
	CU_ASSERT_TRUE(valid("{\"uniqueItems\":true}", sb.buf));
	sb.len--;
	fc_strbuf_addstr(&sb, ",{\"v\":[150.0],\"k\":150}]");
	expect_one("{\"uniqueItems\":true}", sb.buf, "schema-uniqueItems",
	           "items 150 and 200 are equal; items must be unique", "",
	           "schema: #/uniqueItems");
	fc_strbuf_release(&sb);
}

static void test_any_of_reports_closest_branch(void)
{
	const char *schema =
	        "{\"anyOf\":[{\"type\":\"string\"},"
	        "{\"type\":\"object\",\"properties\":{\"port\":{\"type\":\"integer\"}}}]}";
	expect_one(schema, "{\"port\":\"80\"}", "schema-type",
	           "expected integer, got string \"80\" (remove the quotes)", "/port",
	           "schema: #/anyOf/1/properties/port/type");
	/* every branch failed on the type: one error naming all types */
	expect_one(schema, "5", "schema-type",
	           "expected string or object, got integer 5 (quote it)", "", "schema: #/anyOf");
	expect_one("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"array\"}]}", "\"two\"",
	           "schema-type", "expected integer or array, got string \"two\"", "",
	           "schema: #/oneOf");
	/* required beats a type mismatch */
	expect_one("{\"anyOf\":[{\"type\":\"string\"},{\"required\":[\"a\"]}]}", "{}",
	           "schema-required", "missing required property 'a'", "",
	           "schema: #/anyOf/1/required");
	expect_one("{\"oneOf\":[{\"minimum\":1},{\"maximum\":10},{\"type\":\"string\"}]}", "5",
	           "schema-oneOf",
	           "value matches 2 alternatives of 'oneOf' (#/oneOf/0 and #/oneOf/1); it must "
	           "match exactly one",
	           "", "schema: #/oneOf");
}

static void test_other_keywords_messages(void)
{
	expect_one("{\"not\":{\"required\":[\"a\"]}}", "{\"a\":1}", "schema-not",
	           "value must not match the schema in 'not'", "", "schema: #/not");
	expect_one("{\"prefixItems\":[{}],\"items\":false}", "[1,2,3]", "schema-items",
	           "expected at most 1 item, got 3", "", "schema: #/items");
	expect_one("{\"contains\":{\"const\":1}}", "[2]", "schema-contains",
	           "no item matches the schema in 'contains'", "", "schema: #/contains");
	expect_one("{\"contains\":{\"const\":1},\"maxContains\":1}", "[1,1]", "schema-maxContains",
	           "expected at most 1 item matching 'contains', got 2", "",
	           "schema: #/maxContains");
	expect_one("{\"propertyNames\":{\"pattern\":\"^[a-z]+$\"}}", "{\"Abc\":1}",
	           "schema-propertyNames",
	           "invalid property name 'Abc': string \"Abc\" does not match the pattern "
	           "'^[a-z]+$'",
	           "/Abc", "schema: #/propertyNames/pattern");
	expect_one("{\"properties\":{\"a\":false}}", "{\"a\":1}", "schema-false",
	           "no value is allowed here", "/a", "schema: #/properties/a");
	expect_one("{\"if\":{\"required\":[\"a\"]},\"then\":{\"required\":[\"b\"]}}", "{\"a\":1}",
	           "schema-required", "missing required property 'b'", "",
	           "schema: #/then/required");
	expect_one("{\"minProperties\":2}", "{\"a\":1}", "schema-minProperties",
	           "expected at least 2 properties, got 1", "", "schema: #/minProperties");
}

static void test_unevaluated(void)
{
	const char *schema = "{\"allOf\":[{\"properties\":{\"a\":{}}}],\"anyOf\":[{\"properties\":"
	                     "{\"b\":{}}},{\"properties\":{\"c\":{}},\"required\":[\"c\"]}],"
	                     "\"unevaluatedProperties\":false}";
	CU_ASSERT_TRUE(valid(schema, "{\"a\":1,\"b\":2}"));
	CU_ASSERT_TRUE(valid(schema, "{\"c\":1,\"b\":2}")); /* every passing branch counts */
	expect_one(schema, "{\"a\":1,\"d\":2}", "schema-unevaluatedProperties",
	           "unknown property 'd'", "/d", "schema: #/unevaluatedProperties");
	/* a failed branch's annotations do not count */
	CU_ASSERT_TRUE(invalid("{\"anyOf\":[{\"properties\":{\"a\":{\"type\":\"string\"}}},true],"
	                       "\"unevaluatedProperties\":false}",
	                       "{\"a\":1}"));
	/* not never evaluates */
	CU_ASSERT_TRUE(invalid("{\"not\":{\"not\":{\"properties\":{\"a\":{}}}},"
	                       "\"unevaluatedProperties\":false}",
	                       "{\"a\":1}"));
	const char *items = "{\"prefixItems\":[{}],\"contains\":{\"const\":\"x\"},"
	                    "\"unevaluatedItems\":false}";
	CU_ASSERT_TRUE(valid(items, "[1,\"x\",\"x\"]"));
	expect_one(items, "[1,\"x\",2]", "schema-unevaluatedItems", "item 2 is not allowed here",
	           "/2", "schema: #/unevaluatedItems");
	/* annotations are per instance location */
	CU_ASSERT_TRUE(invalid("{\"properties\":{\"o\":{\"properties\":{\"a\":{}}}},"
	                       "\"unevaluatedProperties\":false}",
	                       "{\"o\":{\"a\":1},\"a\":1}"));
}

static void test_dynamic_ref(void)
{
	/* a generic list whose item type an extending schema fills in */
	const char *schema =
	        "{\"$id\":\"https://e.com/strings\",\"$ref\":\"list\",\"$defs\":{"
	        "\"item\":{\"$dynamicAnchor\":\"item\",\"type\":\"string\"},"
	        "\"list\":{\"$id\":\"list\",\"type\":\"array\",\"items\":{\"$dynamicRef\":"
	        "\"#item\"},\"$defs\":{\"any\":{\"$dynamicAnchor\":\"item\"}}}}}";
	CU_ASSERT_TRUE(valid(schema, "[\"a\",\"b\"]"));
	/* the note names the keyword by the root's $id */
	expect_one(schema, "[\"a\",1]", "schema-type", "expected string, got integer 1 (quote it)",
	           "/1", "schema: https://e.com/strings#/$defs/item/type");
}

static void test_paths_are_json_pointers(void)
{
	expect_one("{\"additionalProperties\":{\"items\":{\"type\":\"string\"}}}",
	           "{\"a/b~c\":[\"x\",3]}", "schema-type",
	           "expected string, got integer 3 (quote it)", "/a~1b~0c/1",
	           "schema: #/additionalProperties/items/type");
}

static void test_refs(void)
{
	/* $defs, definitions, anchors, $id base changes, escaped pointers */
	CU_ASSERT_TRUE(
	        invalid("{\"$ref\":\"#/$defs/a\",\"$defs\":{\"a\":{\"type\":\"string\"}}}", "1"));
	CU_ASSERT_TRUE(invalid("{\"$ref\":\"#/definitions/a~1b%25\",\"definitions\":{\"a/b%\":"
	                       "{\"type\":\"string\"}}}",
	                       "1"));
	CU_ASSERT_TRUE(invalid(
	        "{\"$ref\":\"#x\",\"$defs\":{\"a\":{\"$anchor\":\"x\",\"type\":\"string\"}}}",
	        "1"));
	CU_ASSERT_TRUE(invalid("{\"$id\":\"http://e.com/root.json\",\"$ref\":\"other.json\","
	                       "\"$defs\":{\"o\":{\"$id\":\"other.json\",\"type\":\"string\"}}}",
	                       "1"));
	/* 2020-12: siblings of $ref apply; draft-07: they are ignored */
	CU_ASSERT_TRUE(invalid("{\"$ref\":\"#/$defs/a\",\"maximum\":1,\"$defs\":{\"a\":{}}}", "5"));
	CU_ASSERT_TRUE(valid("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
	                     "\"properties\":{\"x\":{\"$ref\":\"#/definitions/a\",\"maximum\":1}},"
	                     "\"definitions\":{\"a\":{}}}",
	                     "{\"x\":5}"));
	/* recursive schemas terminate on finite data */
	CU_ASSERT_TRUE(valid("{\"properties\":{\"c\":{\"$ref\":\"#\"}},\"type\":\"object\"}",
	                     "{\"c\":{\"c\":{\"c\":{}}}}"));
	CU_ASSERT_TRUE(invalid("{\"properties\":{\"c\":{\"$ref\":\"#\"}},\"type\":\"object\"}",
	                       "{\"c\":{\"c\":{\"c\":1}}}"));
}

static void expect_compile_error(const char *schema, const char *fragment)
{
	struct run r;
	run(&r, schema, NULL);
	CU_ASSERT_EQUAL(r.compiled, -1);
	const struct fc_diag *d = find(&r, "schema-invalid");
	CU_ASSERT_PTR_NOT_NULL(d);
	if (d) {
		CU_ASSERT_PTR_NOT_NULL(strstr(d->message, fragment));
		if (!strstr(d->message, fragment))
			fprintf(stderr, "\n  got: %s\n", d->message);
	}
	done(&r);
}

static void test_schema_errors(void)
{
	expect_compile_error("{\"$ref\":\"http://example.com/x.json\"}",
	                     "remote and file references are not supported");
	expect_compile_error("{\"$ref\":\"other.json#/a\"}", "points outside this schema");
	expect_compile_error("{\"$ref\":\"#/$defs/missing\"}", "does not resolve");
	expect_compile_error("{\"$schema\":\"http://json-schema.org/draft-04/schema#\"}",
	                     "unsupported $schema");
	expect_compile_error("{\"type\":\"strin\"}", "unknown type 'strin'");
	expect_compile_error("{\"minLength\":-1}", "'minLength' must be a non-negative integer");
	expect_compile_error("{\"pattern\":\"(abc\"}", "invalid regular expression '(abc'");
	expect_compile_error("{\"pattern\":\"\\\\a\"}", "invalid escape");
	expect_compile_error("{\"multipleOf\":0}", "'multipleOf' must be greater than 0");
	expect_compile_error("{\"properties\":{\"a\":3}}",
	                     "a schema must be an object or a boolean");
	expect_compile_error("{\"$recursiveRef\":\"#\"}", "is not supported");
	expect_compile_error("{\"items\":[{}]}", "use 'prefixItems'");
	/* positions point into the schema */
	struct run r;
	run(&r, "{\n  \"minItems\": \"2\"\n}", NULL);
	CU_ASSERT_EQUAL_FATAL(r.diags.count, 1);
	CU_ASSERT_EQUAL(r.diags.items[0]->pos.line, 2);
	CU_ASSERT_EQUAL(r.diags.items[0]->pos.col, 15);
	done(&r);
	/* a valid minContains of 2.0 */
	CU_ASSERT_TRUE(valid("{\"contains\":{},\"minContains\":2.0}", "[1,2]"));
}

/* The x-* word keywords of schema.h, and the hints for common slips. */
static void test_words_and_hints(void)
{
	expect_one("{\"pattern\":\"^[a-z]+$\",\"x-pattern-rule\":\"a word of lower-case letters\"}",
	           "\"Org_1\"", "schema-pattern", "\"Org_1\" is not a word of lower-case letters",
	           "", "schema: #/pattern");
	expect_one("{\"not\":{\"required\":[\"a\",\"b\"]},\"x-not-message\":\"'a' and 'b' are "
	           "mutually exclusive\"}",
	           "{\"a\":1,\"b\":2}", "schema-not", "'a' and 'b' are mutually exclusive", "",
	           "schema: #/not");
	const char *one_of =
	        "{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"array\"},{\"type\":\"integer\",\"minimum\":5}"
	        "],\"x-oneOf-rule\":\"a count or a list\"}";
	expect_one(one_of, "\"two\"", "schema-type",
	           "expected a count or a list, got string \"two\"", "", "schema: #/oneOf");
	expect_one(one_of, "7", "schema-oneOf",
	           "value matches 2 alternatives where exactly one must match: a count or a list",
	           "", "schema: #/oneOf");
	expect_one("{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"boolean\"}],"
	           "\"x-anyOf-rule\":\"a port or a switch\"}",
	           "null", "schema-type", "expected a port or a switch, got null", "",
	           "schema: #/anyOf");
	/* without words the pattern itself is the only statement of the rule */
	expect_one("{\"pattern\":\"^[a-z]+$\"}", "\"A\"", "schema-pattern",
	           "string \"A\" does not match the pattern '^[a-z]+$'", "", "schema: #/pattern");
	/* hints: an object with one required property where a string was given */
	const char *nodes = "{\"items\":{\"type\":\"object\",\"required\":[\"name\"]}}";
	expect_one(nodes, "[\"a\",{\"name\":\"b\"}]", "schema-type",
	           "expected object, got string \"a\" (write '- name: a')", "/0",
	           "schema: #/items/type");
	/* not as an array item, or with two required properties: no hint */
	expect_one("{\"properties\":{\"p\":{\"type\":\"object\",\"required\":[\"name\"]}}}",
	           "{\"p\":\"a\"}", "schema-type", "expected object, got string \"a\"", "/p",
	           "schema: #/properties/p/type");
	expect_one("{\"items\":{\"type\":\"object\",\"required\":[\"a\",\"b\"]}}", "[\"x\"]",
	           "schema-type", "expected object, got string \"x\"", "/0",
	           "schema: #/items/type");
	expect_one("{\"type\":\"boolean\"}", "\"Off\"", "schema-type",
	           "expected boolean, got string \"Off\" (write true or false)", "",
	           "schema: #/type");
	expect_one("{\"type\":\"boolean\"}", "\"of\"", "schema-type",
	           "expected boolean, got string \"of\"", "", "schema: #/type");
	expect_one("{\"type\":\"integer\"}", "\"2.5\"", "schema-type",
	           "expected integer, got string \"2.5\"", "", "schema: #/type");
	expect_one("{\"type\":\"number\"}", "\"-2.5\"", "schema-type",
	           "expected number, got string \"-2.5\" (remove the quotes)", "",
	           "schema: #/type");
	expect_one("{\"type\":\"string\"}", "true", "schema-type",
	           "expected string, got boolean true (quote it)", "", "schema: #/type");
	expect_one("{\"type\":\"string\"}", "null", "schema-type", "expected string, got null", "",
	           "schema: #/type");
	/* the words must be strings beside the keyword they explain */
	expect_compile_error("{\"pattern\":\"a\",\"x-pattern-rule\":1}",
	                     "'x-pattern-rule' must be a non-empty string");
	expect_compile_error(
	        "{\"x-pattern-rule\":\"a word\"}",
	        "'x-pattern-rule' explains 'pattern', which this schema does not have");
	expect_compile_error("{\"anyOf\":[true],\"x-oneOf-rule\":\"x\"}", "explains 'oneOf'");
	expect_compile_error("{\"not\":true,\"x-not-message\":\"\"}", "must be a non-empty string");
	/* other x- keywords are annotations, as unknown keywords are */
	CU_ASSERT_TRUE(valid("{\"x-anything\":{\"pattern\":1}}", "1"));
}

static void test_dialects(void)
{
	/* the unversioned Kubernetes $schema is draft-07: items may be an array */
	CU_ASSERT_TRUE(invalid("{\"$schema\":\"http://json-schema.org/schema#\","
	                       "\"items\":[{\"type\":\"string\"}],\"additionalItems\":false}",
	                       "[\"a\",\"b\"]"));
	/* the default dialect can be draft-07 */
	struct fc_schema_options d7 = {false, FC_SCHEMA_DRAFT_07};
	struct run r;
	run_opts(&r, "{\"items\":[{\"type\":\"string\"}]}", "[1]", &d7);
	CU_ASSERT_EQUAL(r.compiled, 0);
	CU_ASSERT_EQUAL(r.rc, -1);
	done(&r);
	/* draft-07's $id "#name" is an anchor */
	run_opts(&r,
	         "{\"$ref\":\"#n\",\"definitions\":{\"a\":{\"$id\":\"#n\",\"type\":\"string\"}}}",
	         "1", &d7);
	CU_ASSERT_EQUAL(r.rc, -1);
	done(&r);
	/* an "$id" inside enum data identifies nothing */
	expect_compile_error("{\"$ref\":\"http://x/y\",\"enum\":[{\"$id\":\"http://x/y\"}]}",
	                     "points outside this schema");
}

static void test_limits_stop_runaway_schemas(void)
{
	/* a $ref cycle that never descends into the value */
	struct run r;
	run(&r,
	    "{\"$ref\":\"#/$defs/a\",\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},"
	    "\"b\":{\"$ref\":\"#/$defs/a\"}}}",
	    "1");
	CU_ASSERT_EQUAL(r.compiled, 0);
	CU_ASSERT_EQUAL(r.rc, -1);
	CU_ASSERT_PTR_NOT_NULL(find(&r, "schema-limit"));
	done(&r);
	/* the same under not: never "valid" because the inner verdict was cut */
	run(&r, "{\"not\":{\"$ref\":\"#/$defs/a\"},\"$defs\":{\"a\":{\"$ref\":\"#/$defs/a\"}}}",
	    "1");
	CU_ASSERT_EQUAL(r.rc, -1);
	CU_ASSERT_PTR_NOT_NULL(find(&r, "schema-limit"));
	done(&r);
	/* exponential fan-out: 2^30 evaluations are cut at the step budget */
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addstr(&sb, "{\"$ref\":\"#/$defs/d0\",\"$defs\":{");
	for (int i = 0; i < 30; i++)
		fc_strbuf_addf(&sb,
		               "\"d%d\":{\"allOf\":[{\"$ref\":\"#/$defs/d%d\"},"
		               "{\"$ref\":\"#/$defs/d%d\"}]},",
		               i, i + 1, i + 1);
	fc_strbuf_addstr(&sb, "\"d30\":{\"type\":\"integer\"}}}");
	run(&r, sb.buf, "1");
	CU_ASSERT_EQUAL(r.rc, -1);
	CU_ASSERT_PTR_NOT_NULL(find(&r, "schema-limit"));
	done(&r);
	fc_strbuf_release(&sb);
	/* catastrophic backtracking is bounded by PCRE2's match limit */
	run(&r, "{\"pattern\":\"^(a+)+$\"}",
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"");
	CU_ASSERT_EQUAL(r.rc, -1);
	done(&r);
}

static void test_formats(void)
{
	struct fc_schema_options on = {true, FC_SCHEMA_DRAFT_2020_12};
	struct run r;
	run_opts(&r, "{\"format\":\"ipv4\"}", "\"256.1.1.1\"", &on);
	CU_ASSERT_EQUAL(r.rc, -1);
	CU_ASSERT_PTR_NOT_NULL(find(&r, "schema-format"));
	CU_ASSERT_STRING_EQUAL(r.diags.items[0]->message,
	                       "string \"256.1.1.1\" is not a valid ipv4");
	done(&r);
	/* annotation only by default; unknown formats always */
	CU_ASSERT_TRUE(valid("{\"format\":\"ipv4\"}", "\"256.1.1.1\""));
	run_opts(&r, "{\"format\":\"int-or-string\"}", "\"x\"", &on);
	CU_ASSERT_EQUAL(r.rc, 0);
	done(&r);

	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_DATE_TIME, "1998-12-31T23:59:60Z", 20));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_DATE_TIME, "1998-12-31T23:58:60Z", 20));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_TIME, "15:59:60-08:00", 14));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_DATE, "2021-02-29", 10));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_DATE, "2000-02-29", 10));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_IPV6, "::ffff:192.168.0.1", 18));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_IPV6, "1::2::3", 7));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_HOSTNAME, "peer0.org1.example.com", 22));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_HOSTNAME, "-peer0", 6));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_HOSTNAME, "xn--9n2bp8q.xn--9t4b11yi5a", 26));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_HOSTNAME, "xn--X", 5));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_EMAIL, "\"a b\"@example.com", 17));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_EMAIL, "a..b@example.com", 16));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_UUID, "2eb8aa08-aa98-11ea-b4aa-73b441d16380", 36));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_URI, "urn:oasis:names:tc", 18));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_URI, "/relative", 9));
	CU_ASSERT_TRUE(fc_format_check(FC_FORMAT_REGEX, "^[a-z]+\\d*$", 11));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_REGEX, "(?i)a", 5));
	CU_ASSERT_FALSE(fc_format_check(FC_FORMAT_IPV4, "1.2.3.4\0", 8));
}

static void test_uri_resolution(void)
{
	static const char *const cases[][3] = {
	        {"http://a/b/c/d;p?q", "g", "http://a/b/c/g"},
	        {"http://a/b/c/d;p?q", "./g/", "http://a/b/c/g/"},
	        {"http://a/b/c/d;p?q", "/g", "http://a/g"},
	        {"http://a/b/c/d;p?q", "//g", "http://g"},
	        {"http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"},
	        {"http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s"},
	        {"http://a/b/c/d;p?q", "../..", "http://a/"},
	        {"http://a/b/c/d;p?q", "../../../g", "http://a/g"},
	        {"http://a/b/c/d;p?q", "g/../h", "http://a/b/c/h"},
	        {"http://a/b/c/d;p?q", ".", "http://a/b/c/"},
	        {"http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y"},
	        {"urn:uuid:deadbeef", "#/$defs/a", "urn:uuid:deadbeef#/$defs/a"},
	        {"http://x/a.json", "urn:u:1", "urn:u:1"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		fc_uri_resolve(&sb, cases[i][0], cases[i][1]);
		CU_ASSERT_STRING_EQUAL(sb.buf, cases[i][2]);
		fc_strbuf_release(&sb);
	}
}

/* Compiles an ECMA pattern and tells whether it finds a match in s. */
static int ecma_search(const char *pattern, const char *s, size_t len)
{
	struct fc_strbuf err = FC_STRBUF_INIT;
	pcre2_code *re = fc_ecma_regex_compile(pattern, strlen(pattern), &err);
	fc_strbuf_release(&err);
	if (!re)
		return -1;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

static void test_ecma_regex(void)
{
	CU_ASSERT_EQUAL(ecma_search("^\\s$", "\xc2\xa0", 2), 1); /* U+00A0 */
	CU_ASSERT_EQUAL(ecma_search("^\\s$", "\xef\xbb\xbf", 3), 1); /* U+FEFF */
	CU_ASSERT_EQUAL(ecma_search("^[\\S]$", "\xe2\x80\x83", 3), 0); /* EM SPACE */
	CU_ASSERT_EQUAL(ecma_search("^[^\\s]$", "x", 1), 1);
	CU_ASSERT_EQUAL(ecma_search("^\\d$", "\xdf\x80", 2), 0); /* NKO DIGIT ZERO */
	CU_ASSERT_EQUAL(ecma_search("^\\w$", "\xc3\xa9", 2), 0);
	CU_ASSERT_EQUAL(ecma_search("^\\p{Letter}+$", "\xcf\x80", 2), 1);
	CU_ASSERT_EQUAL(ecma_search("^\\p{digit}+$", "\xe0\xa7\xaa", 3), 1);
	CU_ASSERT_EQUAL(ecma_search("^\\p{General_Category=Lu}$", "A", 1), 1);
	CU_ASSERT_EQUAL(ecma_search("^abc$", "abc\n", 4), 0);
	CU_ASSERT_EQUAL(ecma_search("^.$", "\n", 1), 0);
	CU_ASSERT_EQUAL(ecma_search("^.$", "\xe2\x80\xa8", 3), 0);
	CU_ASSERT_EQUAL(ecma_search("^\\cC$", "\x03", 1), 1);
	CU_ASSERT_EQUAL(ecma_search("^\\u{1F600}$", "\xf0\x9f\x98\x80", 4), 1);
	CU_ASSERT_EQUAL(ecma_search("^\\uD83D\\uDE00$", "\xf0\x9f\x98\x80", 4), 1);
	CU_ASSERT_EQUAL(ecma_search("^[[:alpha:]]$", ":]", 2), 1); /* no POSIX classes */
	CU_ASSERT_EQUAL(ecma_search("^a{,2}$", "a{,2}", 5), 1);
	CU_ASSERT_EQUAL(ecma_search("[]", "a", 1), 0);
	CU_ASSERT_EQUAL(ecma_search("^[^]$", "\n", 1), 1);
	CU_ASSERT_EQUAL(ecma_search("^\\x41\\0$", "A\0", 2), 1);
	CU_ASSERT_EQUAL(ecma_search("(?<n>a)\\k<n>", "aa", 2), 1);
	/* rejected: not ECMA-262 */
	CU_ASSERT_EQUAL(ecma_search("\\a", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("\\Z", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("(?i)a", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("(?#c)a", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("(?P<n>a)", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("a++", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("\\Qa\\E", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("[a", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("\\", "", 0), -1);
	CU_ASSERT_EQUAL(ecma_search("\\ud800", "", 0), -1);
}

static void test_patterns_compiled_once(void)
{
	/* validating many strings must not depend on recompiling: the same
	 * compiled schema validates a thousand items */
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addch(&sb, '[');
	for (int i = 0; i < 1000; i++)
		fc_strbuf_addf(&sb, "%s{\"peer%d\":\"p-%d\"}", i ? "," : "", i, i);
	fc_strbuf_addch(&sb, ']');
	CU_ASSERT_TRUE(valid("{\"items\":{\"patternProperties\":{\"^peer[0-9]+$\":{\"pattern\":"
	                     "\"^[a-z]-[0-9]+$\"}},\"additionalProperties\":false}}",
	                     sb.buf));
	fc_strbuf_release(&sb);
}

void fc_test_register(void)
{
	FC_SUITE("schema", FC_TEST(test_type_messages), FC_TEST(test_position_is_instance_node),
	         FC_TEST(test_unknown_property_did_you_mean), FC_TEST(test_enum_const_required),
	         FC_TEST(test_strings_count_code_points), FC_TEST(test_numbers_exact),
	         FC_TEST(test_decimal_module), FC_TEST(test_unique_items),
	         FC_TEST(test_any_of_reports_closest_branch), FC_TEST(test_other_keywords_messages),
	         FC_TEST(test_unevaluated), FC_TEST(test_dynamic_ref),
	         FC_TEST(test_paths_are_json_pointers), FC_TEST(test_refs),
	         FC_TEST(test_schema_errors), FC_TEST(test_dialects),
	         FC_TEST(test_limits_stop_runaway_schemas), FC_TEST(test_formats),
	         FC_TEST(test_uri_resolution), FC_TEST(test_ecma_regex),
	         FC_TEST(test_patterns_compiled_once), FC_TEST(test_words_and_hints));
}

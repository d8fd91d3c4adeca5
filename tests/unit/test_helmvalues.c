/* Unit tests of helmvalues: values files typed as YAML 1.1, --set parsed as
 * Helm's strvals, the coalesce over defaults, and the schema verdict.  The
 * expectations follow Helm's code (pkg/strvals/parser.go, pkg/cli/values,
 * pkg/chartutil/coalesce.go); tests/integration/values_helm.sh compares the
 * verdicts with real Helm 3 and 4. */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "helmvalues.h"
#include "json.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

struct values_case {
	const char *file; /* a values file, or NULL */
	const char *sets[3]; /* --set arguments ("S:" prefix: --set-string) */
	const char *defaults; /* values.yaml */
	const char *want; /* compact JSON of the coalesced values, or NULL */
	const char *code; /* the first error's code, or NULL */
};

static const struct values_case cases[] = {
        /* YAML 1.1 typing of files */
        {"a: yes\nb: off\nc: 0755\nd: 1_000\ne: 0x1f\nf: '0755'\ng: 1.50\nh: ~\n",
         {NULL},
         "{}",
         "{\"a\":true,\"b\":false,\"c\":493,\"d\":1000,\"e\":31,\"f\":\"0755\",\"g\":1.5,\"h\":null}",
         NULL},
        {"y: 1\nno: 2\n", {NULL}, "{}", "{\"true\":1,\"false\":2}", NULL},
        {"d: 2024-01-02\nv: 1.2.3\nneg: -7\nu: +8\n",
         {NULL},
         "{}",
         "{\"d\":\"2024-01-02\",\"v\":\"1.2.3\",\"neg\":-7,\"u\":8}",
         NULL},
        {"", {NULL}, "a: 1\n", "{\"a\":1}", NULL},
        {"# only a comment\n", {NULL}, "a: 1\n", "{\"a\":1}", NULL},
        {"- 1\n- 2\n", {NULL}, "{}", NULL, "values-file"},
        {"x: .inf\n", {NULL}, "{}", NULL, "values-not-json"},
        /* coalesce: null deletes, maps merge, the user wins */
        {"a:\n  b: null\n  c: 3\n",
         {NULL},
         "a:\n  b: 1\n  d: 4\n",
         "{\"a\":{\"d\":4,\"c\":3}}",
         NULL},
        {"a: null\n", {NULL}, "a: {b: 1}\nz: 2\n", "{\"z\":2}", NULL},
        {"a: 5\n", {NULL}, "a: {b: 1}\n", "{\"a\":5}", NULL},
        {"nil: null\n", {NULL}, "{}", "{\"nil\":null}", NULL},
        /* --set */
        {NULL, {"a.b=c,d=1", NULL}, "{}", "{\"a\":{\"b\":\"c\"},\"d\":1}", NULL},
        {NULL,
         {"t=TRUE,f=false,n=null,z=0,o=07,m=-3,p=+4", NULL},
         "{}",
         "{\"t\":true,\"f\":false,\"n\":null,\"z\":0,\"o\":\"07\",\"m\":-3,\"p\":4}",
         NULL},
        {NULL, {"S:t=true,i=1", NULL}, "{}", "{\"t\":\"true\",\"i\":\"1\"}", NULL},
        {NULL, {"l={a,b,3}", NULL}, "{}", "{\"l\":[\"a\",\"b\",3]}", NULL},
        {NULL, {"l[2]=x", NULL}, "{}", "{\"l\":[null,null,\"x\"]}", NULL},
        {NULL, {"l[0].k=v,l[1][0]=w", NULL}, "{}", "{\"l\":[{\"k\":\"v\"},[\"w\"]]}", NULL},
        {NULL, {"a\\.b=c", NULL}, "{}", "{\"a.b\":\"c\"}", NULL},
        {NULL, {"e=", NULL}, "{}", "{\"e\":\"\"}", NULL},
        {NULL,
         {"a.b=1", "a.c=2", NULL},
         "a: {b: 0, d: 3}\n",
         "{\"a\":{\"b\":1,\"d\":3,\"c\":2}}",
         NULL},
        {NULL, {"a=null", NULL}, "a: 1\nb: 2\n", "{\"b\":2}", NULL},
        {"l: [1]\n", {"l[1]=2", NULL}, "{}", "{\"l\":[1,2]}", NULL},
        {NULL, {"name", NULL}, "{}", NULL, "values-set"},
        {NULL, {"a,b=1", NULL}, "{}", NULL, "values-set"},
        {NULL, {"l={a,b", NULL}, "{}", NULL, "values-set"},
        {NULL, {"l[x]=1", NULL}, "{}", NULL, "values-set"},
        {NULL, {"l[-1]=1", NULL}, "{}", NULL, "values-set"},
        {NULL, {"l[70000]=1", NULL}, "{}", NULL, "values-set"},
        {"a: [1]\n", {"a.b=1", NULL}, "{}", NULL, "values-set"},
        {"a: {b: 1}\n", {"a[0]=1", NULL}, "{}", NULL, "values-set"},
        {NULL, {"a[0]x=1", NULL}, "{}", NULL, "values-set"},
};

static const char *first_code(const struct fc_diags *d)
{
	return d->count ? d->items[0]->code : NULL;
}

static void test_cases(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct values_case *c = &cases[i];
		struct fc_arena arena;
		fc_arena_init(&arena);
		struct fc_diags diags;
		fc_diags_init(&diags, &arena);
		struct fc_helmvalues hv;
		fc_helmvalues_init(&hv, &arena, &diags);
		int status = 0;
		if (c->file)
			status |=
			        fc_helmvalues_add_file(&hv, "user.yaml", c->file, strlen(c->file));
		for (size_t s = 0; status == 0 && s < 3 && c->sets[s]; s++) {
			bool as_string = strncmp(c->sets[s], "S:", 2) == 0;
			status |= fc_helmvalues_add_set(&hv, c->sets[s] + (as_string ? 2 : 0),
			                                as_string);
		}
		struct fc_node *merged = NULL;
		if (status == 0)
			status = fc_helmvalues_check(&hv, "values.yaml", c->defaults,
			                             strlen(c->defaults), NULL, NULL, 0, &merged);
		if (c->code) {
			if (status == 0 || !first_code(&diags) ||
			    strcmp(first_code(&diags), c->code))
				fprintf(stderr, "case %zu: want [%s], got status %d [%s]\n", i,
				        c->code, status,
				        first_code(&diags) ? first_code(&diags) : "-");
			CU_ASSERT_NOT_EQUAL(status, 0);
			CU_ASSERT_PTR_NOT_NULL(first_code(&diags));
			if (first_code(&diags))
				CU_ASSERT_STRING_EQUAL(first_code(&diags), c->code);
		} else {
			CU_ASSERT_EQUAL(status, 0);
			CU_ASSERT_PTR_NOT_NULL_FATAL(merged);
			struct fc_strbuf out;
			fc_strbuf_init(&out);
			fc_json_write(&out, merged);
			if (strcmp(out.buf, c->want) != 0)
				fprintf(stderr, "case %zu: want %s\n            got  %s\n", i,
				        c->want, out.buf);
			CU_ASSERT_STRING_EQUAL(out.buf, c->want);
			fc_strbuf_release(&out);
		}
		fc_diags_release(&diags);
		fc_arena_release(&arena);
	}
}

/* An arena, diagnostics and a helmvalues over them. */
struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_helmvalues hv;
};

static void fixture_init(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	fc_helmvalues_init(&f->hv, &f->arena, &f->diags);
}

static void fixture_done(struct fixture *f)
{
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

/* A --set value's position: the option's ordinal and the value's column. */
static void test_set_positions(void)
{
	struct fixture f;
	fixture_init(&f);
	CU_ASSERT_EQUAL(fc_helmvalues_add_set(&f.hv, "a=1", false), 0);
	CU_ASSERT_EQUAL(fc_helmvalues_add_set(&f.hv, "bb.c=x", false), 0);
	const char *schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
	                     "\"properties\":{\"bb\":{\"properties\":{\"c\":{\"type\":"
	                     "\"integer\"}}}}}";
	struct fc_node *merged;
	CU_ASSERT_NOT_EQUAL(fc_helmvalues_check(&f.hv, "values.yaml", "{}", 2, "values.schema.json",
	                                        schema, strlen(schema), &merged),
	                    0);
	CU_ASSERT_EQUAL_FATAL(f.diags.count, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "schema-type");
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, "--set");
	CU_ASSERT_EQUAL(f.diags.items[0]->pos.line, 2);
	CU_ASSERT_EQUAL(f.diags.items[0]->pos.col, 6);
	fixture_done(&f);
}

/* A chart's values.schema.json with words (schema.h) gets worded messages,
 * and a tag YAML 1.1 reads as a number gets the quote-it hint. */
static void test_schema_words(void)
{
	struct fixture f;
	fixture_init(&f);
	const char *schema = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
	                     "\"$id\":\"https://example.com/values.schema.json\","
	                     "\"properties\":{\"tag\":{\"type\":\"string\"},"
	                     "\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\","
	                     "\"x-pattern-rule\":\"a lower-case word\"}}}";
	const char *values = "tag: 1.10\nname: Peer0\n";
	struct fc_node *merged;
	CU_ASSERT_NOT_EQUAL(fc_helmvalues_check(&f.hv, "values.yaml", values, strlen(values),
	                                        "values.schema.json", schema, strlen(schema),
	                                        &merged),
	                    0);
	CU_ASSERT_EQUAL_FATAL(f.diags.count, 2);
	fc_diags_sort(&f.diags);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message,
	                       "expected string, got number 1.1 (quote it)");
	CU_ASSERT_STRING_EQUAL(f.diags.items[1]->message, "\"Peer0\" is not a lower-case word");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f.diags.items[1]->notes);
	CU_ASSERT_STRING_EQUAL(f.diags.items[1]->notes->message,
	                       "schema: https://example.com/values.schema.json#/properties/name/"
	                       "pattern");
	fixture_done(&f);
}

void fc_test_register(void)
{
	FC_SUITE("helmvalues", FC_TEST(test_cases), FC_TEST(test_set_positions),
	         FC_TEST(test_schema_words));
}

/*
 * fuzz_schema - the JSON Schema validator, schema and instance both fuzzed.
 *
 * The input is SCHEMA "\n---\n" INSTANCE, both JSON (read by fc_json_parse,
 * so the JSON reader is fuzzed too); without the separator the whole input
 * is the schema and validates itself.  The schema is compiled twice: with
 * the defaults (2020-12 when it has no $schema, formats as annotations) and
 * as draft-07 with format assertion.  Checks, beyond "no crash, no leak, no
 * undefined behaviour":
 *  - compile: 0 with a schema and no error, or -1 with an error;
 *  - validate: the verdict without diagnostics equals the verdict with
 *    them; invalid comes with at least one error, valid with none; a second
 *    validation gives the same verdict (validation does not modify the
 *    compiled schema);
 *  - every diagnostic is complete and formats.
 */
#include "fuzz_common.h"

#include "arena.h"
#include "json.h"
#include "schema.h"

static const char separator[] = "\n---\n";

static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return hay + i;
	return NULL;
}

static void run(struct fc_arena *arena, const struct fc_node *schema_doc,
                const struct fc_node *instance, const struct fc_schema_options *options,
                const char *text, size_t size)
{
	struct fc_diags diags;
	fc_diags_init(&diags, arena);
	struct fc_schema *schema = NULL;
	int rc = fc_schema_compile(&schema, schema_doc, options, &diags);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc != 0) {
		FUZZ_CHECK(diags.errors > 0);
		fuzz_check_diags(&diags, text, size);
		fc_schema_free(schema);
		fc_diags_release(&diags);
		return;
	}
	FUZZ_CHECK(schema && diags.errors == 0);
	int quiet = fc_schema_validate(schema, instance, NULL);
	int loud = fc_schema_validate(schema, instance, &diags);
	FUZZ_CHECK(quiet == 0 || quiet == -1);
	FUZZ_CHECK(quiet == loud);
	FUZZ_CHECK(loud == 0 ? diags.errors == 0 : diags.errors > 0);
	FUZZ_CHECK(fc_schema_validate(schema, instance, NULL) == quiet);
	fuzz_check_diags(&diags, NULL, 0);
	fc_schema_free(schema);
	fc_diags_release(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t schema_len = size;
	const char *instance_text = NULL;
	size_t instance_len = 0;
	const char *sep = find(text, size, separator, sizeof(separator) - 1);
	if (sep) {
		schema_len = (size_t)(sep - text);
		instance_text = sep + sizeof(separator) - 1;
		instance_len = size - schema_len - (sizeof(separator) - 1);
	}

	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_node *schema_doc = NULL, *instance = NULL;
	int rc = fc_json_parse(&arena, "schema.json", text, schema_len, NULL, &schema_doc, &diags);
	FUZZ_CHECK(rc == 0 ? schema_doc && diags.errors == 0 : diags.errors > 0);
	if (rc == 0 && instance_text) {
		rc = fc_json_parse(&arena, "instance.json", instance_text, instance_len, NULL,
		                   &instance, &diags);
		FUZZ_CHECK(rc == 0 ? instance && diags.errors == 0 : diags.errors > 0);
	} else {
		instance = schema_doc;
	}
	fuzz_check_diags(&diags, NULL, 0);
	if (rc == 0) {
		struct fc_schema_options defaults = {false, FC_SCHEMA_DRAFT_2020_12};
		struct fc_schema_options draft7 = {true, FC_SCHEMA_DRAFT_07};
		run(&arena, schema_doc, instance, &defaults, text, size);
		run(&arena, schema_doc, instance, &draft7, text, size);
	}
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return 0;
}

/*
 * fuzz_load - the YAML loader (fc_load_yaml) on any bytes.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *  - the verdict agrees with the diagnostics: 0 with a root and no error,
 *    -1 with at least one error; every diagnostic is complete and formats;
 *  - the tree keeps the loader's promises: 1-based positions, scalars
 *    NUL-terminated at their length, mappings without duplicate keys,
 *    nesting within the depth limit, scalars within the length limit;
 *  - an accepted document survives a round trip through JSON: written with
 *    fc_json_write, read back with fc_json_parse, it is the same tree
 *    (numbers may change spelling; infinities and NaN become null).
 */
#include "fuzz_common.h"

#include "arena.h"
#include "json.h"
#include "load.h"

#include <math.h>

static void check_tree(const struct fc_node *node, unsigned depth,
                       const struct fc_load_limits *limits)
{
	FUZZ_CHECK(node);
	FUZZ_CHECK(node->pos.line >= 1 && node->pos.col >= 1);
	switch (node->kind) {
	case FC_NODE_NULL:
	case FC_NODE_BOOL:
	case FC_NODE_INT:
	case FC_NODE_FLOAT:
	case FC_NODE_STRING:
		FUZZ_CHECK(node->text && node->text[node->len] == '\0');
		FUZZ_CHECK(node->len <= limits->max_scalar);
		break;
	case FC_NODE_SEQ:
		FUZZ_CHECK(depth < limits->max_depth);
		for (size_t i = 0; i < node->count; i++)
			check_tree(node->items[i], depth + 1, limits);
		break;
	case FC_NODE_MAP:
		FUZZ_CHECK(depth < limits->max_depth);
		for (size_t i = 0; i < node->count; i++) {
			const struct fc_pair *p = &node->pairs[i];
			FUZZ_CHECK(p->key && p->key[p->key_len] == '\0');
			FUZZ_CHECK(p->key_pos.line >= 1 && p->key_pos.col >= 1);
			/* quadratic, but inputs are small */
			for (size_t j = 0; j < i; j++)
				FUZZ_CHECK(node->pairs[j].key_len != p->key_len ||
				           memcmp(node->pairs[j].key, p->key, p->key_len) != 0);
			check_tree(p->value, depth + 1, limits);
		}
		break;
	default: fprintf(stderr, "unknown node kind %d\n", (int)node->kind); abort();
	}
}

/* a, loaded from YAML, equals b, read back from a's JSON. */
static void check_same(const struct fc_node *a, const struct fc_node *b)
{
	if (a->kind == FC_NODE_FLOAT) {
		if (!isfinite(a->number)) {
			FUZZ_CHECK(b->kind == FC_NODE_NULL || b->kind == FC_NODE_FLOAT);
			return;
		}
		FUZZ_CHECK(b->kind == FC_NODE_FLOAT || b->kind == FC_NODE_INT);
		return;
	}
	FUZZ_CHECK(a->kind == b->kind);
	switch (a->kind) {
	case FC_NODE_BOOL: FUZZ_CHECK(a->boolean == b->boolean); break;
	case FC_NODE_INT: FUZZ_CHECK(a->integer == b->integer); break;
	case FC_NODE_STRING:
		FUZZ_CHECK(a->len == b->len && memcmp(a->text, b->text, a->len) == 0);
		break;
	case FC_NODE_SEQ:
		FUZZ_CHECK(a->count == b->count);
		for (size_t i = 0; i < a->count; i++)
			check_same(a->items[i], b->items[i]);
		break;
	case FC_NODE_MAP:
		FUZZ_CHECK(a->count == b->count);
		for (size_t i = 0; i < a->count; i++) {
			FUZZ_CHECK(a->pairs[i].key_len == b->pairs[i].key_len);
			FUZZ_CHECK(memcmp(a->pairs[i].key, b->pairs[i].key, a->pairs[i].key_len) ==
			           0);
			check_same(a->pairs[i].value, b->pairs[i].value);
		}
		break;
	default: break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const struct fc_load_limits *limits = &fc_load_default_limits;
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_node *root = NULL;
	int rc = fc_load_yaml(&arena, "fuzz.yaml", text, size, NULL, &root, &diags);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(root && diags.errors == 0);
		check_tree(root, 0, limits);

		struct fc_strbuf json = FC_STRBUF_INIT;
		fc_json_write(&json, root);
		struct fc_load_limits big = {SIZE_MAX, limits->max_depth, SIZE_MAX};
		struct fc_diags jdiags;
		fc_diags_init(&jdiags, &arena);
		struct fc_node *back = NULL;
		int jrc = fc_json_parse(&arena, "fuzz.json", json.buf, json.len, &big, &back,
		                        &jdiags);
		if (jrc != 0) {
			fprintf(stderr, "JSON of the document does not read back: %.*s\n",
			        (int)(json.len > 500 ? 500 : json.len), json.buf);
			for (size_t i = 0; i < jdiags.count; i++)
				fprintf(stderr, "  %u:%u: %s\n", jdiags.items[i]->pos.line,
				        jdiags.items[i]->pos.col, jdiags.items[i]->message);
		}
		FUZZ_CHECK(jrc == 0);
		check_same(root, back);
		fc_diags_release(&jdiags);
		fc_strbuf_release(&json);
	} else {
		FUZZ_CHECK(diags.errors > 0);
	}
	fuzz_check_diags(&diags, text, size);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return 0;
}

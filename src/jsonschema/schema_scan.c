/*
 * schema_scan - pass 1 of the JSON Schema compiler: walks every subschema in a
 * schema position, computing its base URI, dialect and location, and
 * registers resources ($id) and anchors; see schema_compile.c for both passes
 * and schema_compiler.h for the state they share.
 */
#include "schema_compiler.h"

#include "uri.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	return (size_t)x;
}

struct entry *fc_schema_table_find(struct compiler *c, const struct fc_node *n)
{
	if (c->table_size == 0)
		return NULL;
	size_t mask = c->table_size - 1;
	for (size_t i = hash_ptr(n) & mask;; i = (i + 1) & mask) {
		if (c->table[i].node == n)
			return &c->table[i];
		if (!c->table[i].node)
			return NULL;
	}
}

static struct entry *table_add(struct compiler *c, const struct fc_node *n)
{
	if ((c->table_count + 1) * 2 > c->table_size) {
		size_t old_size = c->table_size;
		struct entry *old = c->table;
		c->table_size = old_size ? old_size * 2 : 64;
		c->table = fc_xcalloc(c->table_size, sizeof(*c->table));
		c->table_count = 0;
		for (size_t i = 0; i < old_size; i++) {
			if (old[i].node) {
				struct entry *e = table_add(c, old[i].node);
				*e = old[i];
			}
		}
		free(old);
	}
	size_t mask = c->table_size - 1;
	size_t i = hash_ptr(n) & mask;
	while (c->table[i].node && c->table[i].node != n)
		i = (i + 1) & mask;
	if (!c->table[i].node) {
		c->table[i].node = n;
		c->table_count++;
	}
	return &c->table[i];
}

const struct resource *fc_schema_find_resource(const struct compiler *c, const char *key)
{
	for (size_t i = 0; i < c->res_count; i++)
		if (strcmp(c->res[i].key, key) == 0)
			return &c->res[i];
	return NULL;
}

void fc_schema_add_resource(struct compiler *c, const char *key, const struct fc_node *node,
                            const char *loc, const struct fc_node *at)
{
	const struct resource *old = fc_schema_find_resource(c, key);
	if (old) {
		if (old->node != node)
			fc_schema_invalid(c, at, loc, "'%s' identifies two different schemas", key);
		return;
	}
	fc_xgrow((void **)&c->res, &c->res_alloc, c->res_count + 1, sizeof(*c->res));
	c->res[c->res_count].key = fc_arena_strdup(&c->tmp, key);
	c->res[c->res_count].node = node;
	c->res_count++;
}

const char *fc_schema_child_loc(struct compiler *c, const char *loc, const char *key, size_t len)
{
	return fc_pointer_key(&c->schema->arena, loc, key, len);
}

const char *fc_schema_index_loc(struct compiler *c, const char *loc, size_t i)
{
	return fc_pointer_index(&c->schema->arena, loc, i);
}

/* Reads a $schema value: 0 for a known dialect (sets *draft), -1 otherwise. */
static int parse_dialect(const struct fc_node *v, enum draft *draft)
{
	static const struct {
		const char *uri;
		enum draft draft;
	} dialects[] = {
	        {"https://json-schema.org/draft/2020-12/schema", DRAFT_2020_12},
	        {"https://json-schema.org/draft/2020-12/schema#", DRAFT_2020_12},
	        {"http://json-schema.org/draft-07/schema#", DRAFT_07},
	        {"http://json-schema.org/draft-07/schema", DRAFT_07},
	        {"https://json-schema.org/draft-07/schema#", DRAFT_07},
	        {"https://json-schema.org/draft-07/schema", DRAFT_07},
	        {"http://json-schema.org/schema#", DRAFT_07},
	        {"http://json-schema.org/schema", DRAFT_07},
	};
	if (v->kind != FC_NODE_STRING)
		return -1;
	for (size_t i = 0; i < sizeof(dialects) / sizeof(dialects[0]); i++) {
		if (strlen(dialects[i].uri) == v->len &&
		    memcmp(dialects[i].uri, v->text, v->len) == 0) {
			*draft = dialects[i].draft;
			return 0;
		}
	}
	return -1;
}

static bool is_key(const struct fc_pair *p, const char *name)
{
	size_t n = strlen(name);
	return p->key_len == n && memcmp(p->key, name, n) == 0;
}

/* Keywords whose value is a subschema, a map of them or an array of them. */
static const char *const single_keywords[] = {
        "additionalProperties",
        "propertyNames",
        "contains",
        "not",
        "if",
        "then",
        "else",
        "additionalItems",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
        "items",
};
static const char *const map_keywords[] = {
        "$defs",        "definitions", "properties", "patternProperties", "dependentSchemas",
        "dependencies",
};
static const char *const array_keywords[] = {"allOf", "anyOf", "oneOf", "prefixItems", "items"};

static bool in_list(const struct fc_pair *p, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_key(p, list[i]))
			return true;
	return false;
}

#define IN_LIST(p, list) in_list(p, list, sizeof(list) / sizeof(list[0]))

static void scan_children(struct compiler *c, const struct fc_node *n, const char *base,
                          enum draft draft, const char *loc)
{
	for (size_t i = 0; i < n->count; i++) {
		const struct fc_pair *p = &n->pairs[i];
		const struct fc_node *v = p->value;
		const char *kloc = NULL;
		if (IN_LIST(p, single_keywords) &&
		    (v->kind == FC_NODE_MAP || v->kind == FC_NODE_BOOL)) {
			kloc = fc_schema_child_loc(c, loc, p->key, p->key_len);
			fc_schema_scan(c, v, base, draft, kloc, false);
		} else if (IN_LIST(p, map_keywords) && v->kind == FC_NODE_MAP) {
			kloc = fc_schema_child_loc(c, loc, p->key, p->key_len);
			for (size_t j = 0; j < v->count; j++) {
				const struct fc_node *sub = v->pairs[j].value;
				if (sub->kind == FC_NODE_MAP || sub->kind == FC_NODE_BOOL)
					fc_schema_scan(c, sub, base, draft,
					               fc_schema_child_loc(c, kloc, v->pairs[j].key,
					                                   v->pairs[j].key_len),
					               false);
			}
		} else if (IN_LIST(p, array_keywords) && v->kind == FC_NODE_SEQ) {
			kloc = fc_schema_child_loc(c, loc, p->key, p->key_len);
			for (size_t j = 0; j < v->count; j++)
				fc_schema_scan(c, v->items[j], base, draft,
				               fc_schema_index_loc(c, kloc, j), false);
		}
	}
}

void fc_schema_scan(struct compiler *c, const struct fc_node *n, const char *base, enum draft draft,
                    const char *loc, bool is_root)
{
	if (fc_schema_table_find(c, n))
		return;
	struct entry *e = table_add(c, n);
	e->base = base;
	e->draft = draft;
	e->loc = loc;
	if (n->kind != FC_NODE_MAP)
		return;
	const struct fc_node *id = fc_node_get(n, "$id");
	const struct fc_node *dialect = fc_node_get(n, "$schema");
	if (dialect && (is_root || id)) {
		if (parse_dialect(dialect, &draft) < 0) {
			if (dialect->kind == FC_NODE_STRING)
				fc_schema_invalid(
				        c, dialect, loc,
				        "unsupported $schema '%s'; use "
				        "\"https://json-schema.org/draft/2020-12/schema\" or "
				        "\"http://json-schema.org/draft-07/schema#\"",
				        dialect->text);
			else
				fc_schema_invalid(c, dialect, loc, "'$schema' must be a string");
		}
	}
	if (draft == DRAFT_07 && fc_node_get(n, "$ref"))
		id = NULL; /* draft-07: $ref makes its siblings, $id included, ignored */
	if (id) {
		if (id->kind != FC_NODE_STRING) {
			fc_schema_invalid(c, id, loc, "'$id' must be a string");
		} else {
			struct fc_strbuf sb = FC_STRBUF_INIT;
			fc_uri_resolve(&sb, base, id->text);
			char *hash = strchr(sb.buf, '#');
			const char *fragment = NULL;
			if (hash) {
				*hash = '\0';
				fragment = hash + 1;
				sb.len = (size_t)(hash - sb.buf);
			}
			if (fragment && *fragment && draft == DRAFT_2020_12) {
				fc_schema_invalid(
				        c, id, loc,
				        "'$id' must not have a fragment in draft 2020-12; use "
				        "'$anchor'");
			} else {
				bool only_fragment = id->text[0] == '#';
				if (!only_fragment) {
					base = fc_arena_strdup(&c->tmp, sb.buf);
					fc_schema_add_resource(c, base, n, loc, id);
				}
				if (fragment && *fragment) {
					char *key =
					        fc_arena_printf(&c->tmp, "%s#%s", sb.buf, fragment);
					fc_schema_add_resource(c, key, n, loc, id);
				}
			}
			fc_strbuf_release(&sb);
		}
	}
	if (draft == DRAFT_2020_12) {
		static const char *const anchors[] = {"$anchor", "$dynamicAnchor"};
		for (size_t k = 0; k < 2; k++) {
			const struct fc_node *a = fc_node_get(n, anchors[k]);
			if (!a)
				continue;
			if (a->kind != FC_NODE_STRING || a->len == 0) {
				fc_schema_invalid(c, a, loc, "'%s' must be a non-empty string",
				                  anchors[k]);
				continue;
			}
			fc_schema_add_resource(c, fc_arena_printf(&c->tmp, "%s#%s", base, a->text),
			                       n, loc, a);
			if (k == 1) {
				fc_xgrow((void **)&c->dyn, &c->dyn_alloc, c->dyn_count + 1,
				         sizeof(*c->dyn));
				c->dyn[c->dyn_count++] = (struct dyn_def){base, a->text, n};
			}
		}
	}
	e = fc_schema_table_find(c, n); /* the table may have moved */
	e->base = base;
	e->draft = draft;
	scan_children(c, n, base, draft, loc);
}

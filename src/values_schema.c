/*
 * values_schema - values.schema.json of a chart; see values_schema.h.
 */
#include "values_schema.h"

#include "emit.h"

#include <stdbool.h>
#include <string.h>

static bool key_is(const struct fc_pair *p, const char *key)
{
	return p && strlen(key) == p->key_len && memcmp(p->key, key, p->key_len) == 0;
}

static bool key_ends_with(const struct fc_pair *p, const char *suffix)
{
	size_t n = strlen(suffix);
	return p && p->key_len >= n && memcmp(p->key + p->key_len - n, suffix, n) == 0;
}

static struct fc_node *enum_of(struct fc_arena *arena, const char *const *values)
{
	struct fc_node *seq = fc_tree_seq(arena);
	for (size_t i = 0; values[i]; i++)
		fc_tree_push(arena, seq, fc_tree_str(arena, values[i]));
	return seq;
}

/*
 * Adds what the value's type alone does not say, by key (and parent key):
 * port ranges and the enumerations Helm should enforce on overrides.
 */
static void add_constraints(struct fc_arena *arena, struct fc_node *schema, const struct fc_pair *p,
                            const struct fc_pair *parent)
{
	static const char *const exposure[] = {"NodePort", "ClusterIP", "LoadBalancer", NULL};
	static const char *const pull[] = {"Always", "IfNotPresent", "Never", NULL};
	static const char *const db[] = {"CouchDB", "LevelDB", NULL};
	static const char *const consensus[] = {"solo", "kafka", "etcdraft", "BFT", NULL};
	static const char *const storage[] = {"default", "nfs", "storageClass", NULL};
	if (!p)
		return;
	if (key_ends_with(p, "odePort") || key_ends_with(p, "Base") || key_is(p, "rangeStart") ||
	    key_is(p, "rangeEnd")) {
		fc_tree_set(arena, schema, "minimum", fc_tree_int(arena, 0), NULL);
		fc_tree_set(arena, schema, "maximum", fc_tree_int(arena, 65535), NULL);
	}
	const char *const *values = NULL;
	if (key_is(p, "imagePullPolicy"))
		values = pull;
	else if (key_is(p, "stateDatabase"))
		values = db;
	else if (key_is(p, "type") && key_is(parent, "exposure"))
		values = exposure;
	else if (key_is(p, "type") && key_is(parent, "consensus"))
		values = consensus;
	else if (key_is(p, "kind") && key_is(parent, "storage"))
		values = storage;
	if (values)
		fc_tree_set(arena, schema, "enum", enum_of(arena, values), NULL);
}

static struct fc_node *schema_of(struct fc_arena *arena, const struct fc_node *value,
                                 const struct fc_pair *pair, const struct fc_pair *parent);

static const char *description_of(struct fc_arena *arena, const struct fc_pair *p)
{
	if (!p || !p->comment)
		return NULL;
	const char *sep = strstr(p->comment, " -- ");
	return fc_arena_strdup(arena, sep ? sep + 4 : p->comment);
}

/*
 * The items of a sequence: the one schema all items share, or anyOf the
 * distinct ones (NetworkPolicy peers mix namespaceSelector and ipBlock);
 * strings for an empty sequence.
 */
static struct fc_node *items_schema(struct fc_arena *arena, const struct fc_node *seq,
                                    const struct fc_pair *pair)
{
	struct fc_node *distinct = fc_tree_seq(arena);
	struct fc_strbuf a = FC_STRBUF_INIT, b = FC_STRBUF_INIT;
	for (size_t i = 0; i < seq->count; i++) {
		struct fc_node *item = schema_of(arena, seq->items[i], NULL, pair);
		fc_strbuf_reset(&a);
		fc_emit_json(&a, item);
		bool seen = false;
		for (size_t j = 0; j < distinct->count && !seen; j++) {
			fc_strbuf_reset(&b);
			fc_emit_json(&b, distinct->items[j]);
			seen = a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0;
		}
		if (!seen)
			fc_tree_push(arena, distinct, item);
	}
	fc_strbuf_release(&a);
	fc_strbuf_release(&b);
	if (distinct->count == 1)
		return distinct->items[0];
	struct fc_node *items = fc_tree_map(arena);
	if (distinct->count == 0)
		fc_tree_set(arena, items, "type", fc_tree_str(arena, "string"), NULL);
	else
		fc_tree_set(arena, items, "anyOf", distinct, NULL);
	return items;
}

static struct fc_node *schema_of(struct fc_arena *arena, const struct fc_node *value,
                                 const struct fc_pair *pair, const struct fc_pair *parent)
{
	struct fc_node *s = fc_tree_map(arena);
	const char *desc = description_of(arena, pair);
	if (desc)
		fc_tree_set(arena, s, "description", fc_tree_str(arena, desc), NULL);
	switch (value->kind) {
	case FC_NODE_MAP: {
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "object"), NULL);
		struct fc_node *props =
		        fc_tree_set(arena, s, "properties", fc_tree_map(arena), NULL);
		struct fc_node *req = fc_tree_seq(arena);
		for (size_t i = 0; i < value->count; i++) {
			const struct fc_pair *p = &value->pairs[i];
			fc_tree_set(arena, props, p->key, schema_of(arena, p->value, p, pair),
			            NULL);
			fc_tree_push(arena, req, fc_tree_str(arena, p->key));
		}
		if (req->count)
			fc_tree_set(arena, s, "required", req, NULL);
		fc_tree_set(arena, s, "additionalProperties", fc_tree_bool(arena, false), NULL);
		break;
	}
	case FC_NODE_SEQ: {
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "array"), NULL);
		fc_tree_set(arena, s, "items", items_schema(arena, value, pair), NULL);
		break;
	}
	case FC_NODE_STRING:
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "string"), NULL);
		break;
	case FC_NODE_INT: fc_tree_set(arena, s, "type", fc_tree_str(arena, "integer"), NULL); break;
	case FC_NODE_FLOAT:
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "number"), NULL);
		break;
	case FC_NODE_BOOL:
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "boolean"), NULL);
		break;
	case FC_NODE_NULL: fc_tree_set(arena, s, "type", fc_tree_str(arena, "null"), NULL); break;
	}
	add_constraints(arena, s, pair, parent);
	return s;
}

/*
 * Shared definitions.  The values of a large network repeat one shape per
 * peer, orderer, organization and NetworkPolicy; written out each time the
 * schema grows with the network (2.1 MB at 972 peers) and Helm re-reads it
 * on every template, lint and install.  Object schemas that two or more
 * properties of one object share (their own description aside) are written
 * once under "definitions" and referred to as {"$ref": "#/definitions/NAME"},
 * which validates exactly as the inline schema does; the description of each
 * one ("peer peer0.org1...") is dropped with it (values.yaml keeps it as a
 * comment), so that whole organizations can share one shape too.  NAME is the
 * key of the object holding them ("peers"), "-2", "-3" ... when another shape
 * took it.
 */
#define SHARED_DEF_MIN_BYTES 160 /* smaller shapes stay inline */

static bool same_node(const struct fc_node *a, const struct fc_node *b)
{
	if (a == b)
		return true;
	if (a->kind != b->kind || a->count != b->count || a->len != b->len ||
	    (a->len && memcmp(a->text, b->text, a->len) != 0))
		return false;
	for (size_t i = 0; a->kind == FC_NODE_SEQ && i < a->count; i++)
		if (!same_node(a->items[i], b->items[i]))
			return false;
	for (size_t i = 0; a->kind == FC_NODE_MAP && i < a->count; i++)
		if (a->pairs[i].key_len != b->pairs[i].key_len ||
		    memcmp(a->pairs[i].key, b->pairs[i].key, a->pairs[i].key_len) != 0 ||
		    !same_node(a->pairs[i].value, b->pairs[i].value))
			return false;
	return true;
}

static bool is_object_schema(const struct fc_node *schema)
{
	const struct fc_node *type = fc_node_get(schema, "type");
	return schema->kind == FC_NODE_MAP && type && strcmp(type->text, "object") == 0;
}

/* Two object schemas that differ at most in their top-level descriptions. */
static bool same_shape(const struct fc_node *a, const struct fc_node *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->count && key_is(&a->pairs[i], "description"))
			i++;
		while (j < b->count && key_is(&b->pairs[j], "description"))
			j++;
		if (i == a->count || j == b->count)
			return i == a->count && j == b->count;
		if (!same_node(a->pairs[i].value, b->pairs[j].value) ||
		    a->pairs[i].key_len != b->pairs[j].key_len ||
		    memcmp(a->pairs[i].key, b->pairs[j].key, a->pairs[i].key_len) != 0)
			return false;
		i++;
		j++;
	}
}

/* About the bytes of n as JSON, enough to tell small shapes from large. */
static size_t json_weight(const struct fc_node *n)
{
	size_t w = n->len + 4;
	for (size_t i = 0; n->kind == FC_NODE_SEQ && i < n->count; i++)
		w += json_weight(n->items[i]);
	for (size_t i = 0; n->kind == FC_NODE_MAP && i < n->count; i++)
		w += n->pairs[i].key_len + 4 + json_weight(n->pairs[i].value);
	return w;
}

/* The definition (in defs, the "definitions" mapping) holding schema's shape,
 * added under base if new. */
static const char *definition_for(struct fc_arena *arena, struct fc_node *defs, const char *base,
                                  const struct fc_node *schema)
{
	for (size_t i = 0; i < defs->count; i++)
		if (same_shape(defs->pairs[i].value, schema))
			return defs->pairs[i].key;
	const char *name = base;
	for (unsigned n = 2; fc_node_get(defs, name); n++)
		name = fc_arena_printf(arena, "%s-%u", base, n);
	struct fc_node *def = fc_tree_map(arena);
	for (size_t i = 0; i < schema->count; i++)
		if (!key_is(&schema->pairs[i], "description"))
			fc_tree_set(arena, def, schema->pairs[i].key, schema->pairs[i].value, NULL);
	fc_tree_set(arena, defs, name, def, NULL);
	return name;
}

/* {"$ref": "#/definitions/<name>"} */
static struct fc_node *reference_to(struct fc_arena *arena, const char *name)
{
	struct fc_node *ref = fc_tree_map(arena);
	fc_tree_set(arena, ref, "$ref", fc_tree_strf(arena, "#/definitions/%s", name), NULL);
	return ref;
}

/* Bottom-up: the inner shapes first, so that outer ones compare with their
 * references in place. */
static void share_definitions(struct fc_arena *arena, struct fc_node *defs, struct fc_node *schema,
                              const char *key)
{
	if (schema->kind != FC_NODE_MAP)
		return;
	const struct fc_pair *items = fc_node_get_pair(schema, "items");
	if (items)
		share_definitions(arena, defs, items->value, key);
	const struct fc_pair *props_pair = fc_node_get_pair(schema, "properties");
	if (!props_pair || props_pair->value->kind != FC_NODE_MAP)
		return;
	struct fc_node *props = props_pair->value;
	for (size_t i = 0; i < props->count; i++)
		share_definitions(arena, defs, props->pairs[i].value, props->pairs[i].key);
	if (props->count < 2)
		return;
	bool *done = fc_arena_alloc(arena, props->count * sizeof(*done));
	for (size_t i = 0; i < props->count; i++) {
		struct fc_node *first = props->pairs[i].value;
		if (done[i] || !is_object_schema(first))
			continue;
		const char *name = NULL;
		for (size_t j = i + 1; j < props->count; j++) {
			struct fc_node *other = props->pairs[j].value;
			if (done[j] || !is_object_schema(other) || !same_shape(first, other))
				continue;
			if (!name && json_weight(first) < SHARED_DEF_MIN_BYTES)
				break;
			if (!name)
				name = definition_for(arena, defs, key, first);
			props->pairs[j].value = reference_to(arena, name);
			done[j] = true;
		}
		if (name)
			props->pairs[i].value = reference_to(arena, name);
	}
}

struct fc_node *fc_values_schema_build(struct fc_arena *arena, const struct fc_node *values)
{
	struct fc_node *body = schema_of(arena, values, NULL, NULL);
	struct fc_node *s = fc_tree_map(arena);
	fc_tree_set(arena, s, "$schema",
	            fc_tree_str(arena, "http://json-schema.org/draft-07/schema#"), NULL);
	fc_tree_set(arena, s, "title", fc_tree_str(arena, "Values of a fabchart-generated chart"),
	            NULL);
	for (size_t i = 0; i < body->count; i++)
		fc_tree_set(arena, s, body->pairs[i].key, body->pairs[i].value, NULL);
	struct fc_node *defs = fc_tree_map(arena);
	share_definitions(arena, defs, s, "values");
	if (defs->count)
		fc_tree_set(arena, s, "definitions", defs, NULL);
	return s;
}

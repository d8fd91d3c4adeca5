/*
 * schema - JSON Schema (2020-12 and draft-07) compiler and validator; see
 * schema.h for the contract.
 *
 * Compiling runs in two passes over the schema document:
 *  1. scan: walks every subschema in a schema position (the values of
 *     properties, items, allOf, $defs, ...), computing each one's base URI
 *     (RFC 3986 resolution of $id against the enclosing base), dialect and
 *     location ("#/properties/a"), and registers resources ($id) and anchors
 *     ($anchor, draft-07 "$id": "#name").  Values of enum, const and unknown
 *     keywords are data, never scanned, so an "$id" there identifies nothing.
 *  2. compile: turns a subschema into a struct sch, memoized per node.  $ref
 *     targets are resolved (URI, then JSON Pointer with percent-decoding and
 *     ~0/~1, or anchor) and queued; the queue is drained iteratively, so
 *     neither $ref cycles nor long $ref chains recurse at compile time.
 *     A $ref that leaves the document is [schema-invalid].
 * In draft-07 a $ref makes the other keywords of its object (and its $id)
 * ignored; in 2020-12 they apply alongside it.
 *
 * Validation is a recursive walk over (schema, instance).  A flag `collect`
 * says whether the caller wants error records: it is false when diags is
 * NULL (verdict only, no message is ever built) and inside not, if, contains,
 * and the first pass of anyOf/oneOf, which only need a verdict.  When no
 * branch of anyOf/oneOf matches, the branches are re-run collecting errors and
 * only the closest branch's errors are kept (the branch that did not fail on
 * the instance's type, whose errors lie deepest, then fewest).  Depth (512
 * nested evaluations) and work (10^7 evaluations, PCRE2 match limits) are
 * bounded and report [schema-limit].
 *
 * unevaluatedProperties / unevaluatedItems: below a schema that has one,
 * every evaluation of the same instance records which pairs or items it
 * evaluated (properties, patternProperties, additionalProperties, prefixItems,
 * items, contains, nested unevaluated*) and hands them to its parent only when
 * it succeeds; in-place applicators ($ref, allOf, anyOf (every passing
 * branch), oneOf, if/then/else, dependentSchemas) pass the record down, not
 * does not.  Without such a keyword nothing is recorded.
 *
 * $dynamicRef: resolved like $ref to an initial target; when that target has a
 * $dynamicAnchor of the fragment's name, validation instead takes the
 * outermost schema resource in the dynamic scope (the resources entered on
 * the way to this schema, kept on a stack in the validation context) that has
 * a $dynamicAnchor of that name.
 *
 * Numbers are compared exactly through their decimal spelling (decimal.h);
 * strings are measured in code points; enum, const and uniqueItems use JSON
 * equality (1 == 1.0, object keys unordered).
 */
#include "schema.h"

#include "decimal.h"
#include "ecma_regex.h"
#include "json.h"
#include "schema_format.h"
#include "text.h"
#include "uri.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVAL_DEPTH 512u
#define MAX_EVAL_STEPS 10000000ul
#define PCRE2_MATCH_LIMIT 1000000u
/* Base URI of a document without $id; never shown to users. */
#define DEFAULT_BASE "fabchart:/schema.json"

enum draft { DRAFT_2020_12, DRAFT_07 };

enum type_bit {
	T_NULL = 1u << 0,
	T_BOOLEAN = 1u << 1,
	T_INTEGER = 1u << 2,
	T_NUMBER = 1u << 3,
	T_STRING = 1u << 4,
	T_ARRAY = 1u << 5,
	T_OBJECT = 1u << 6,
};

static const char *const type_names[] = {"null",   "boolean", "integer", "number",
                                         "string", "array",   "object"};
#define NTYPES (sizeof(type_names) / sizeof(type_names[0]))

/* Keyword groups present in a schema, to skip whole groups quickly. */
enum group_bit { G_NUMBER = 1u << 0, G_STRING = 1u << 1, G_ARRAY = 1u << 2, G_OBJECT = 1u << 3 };

struct number_limit {
	const struct fc_node *node;
	struct fc_decimal dec;
	bool exact; /* dec is valid */
};

struct property {
	const char *name;
	size_t len;
	struct sch *schema;
};

struct pattern_property {
	pcre2_code *re;
	const char *source;
	struct sch *schema;
};

struct name_ref {
	const char *name;
	size_t len;
	long prop; /* index into props when the name is declared there, else -1 */
};

struct dependent_required {
	const char *name;
	size_t len;
	struct name_ref *names;
	size_t count;
	const char *keyword; /* dependentRequired or dependencies */
};

struct dependent_schema {
	const char *name;
	size_t len;
	struct sch *schema;
	const char *keyword; /* dependentSchemas or dependencies */
};

/* A schema resource's $dynamicAnchor names, for $dynamicRef. */
struct dyn_anchor {
	const char *name;
	struct sch *schema;
};

struct dyn_resource {
	const char *base;
	struct dyn_anchor *anchors;
	size_t count;
};

struct sch {
	const char *loc; /* "#/properties/a" */
	const struct fc_node *node;
	bool is_bool, bool_value;
	unsigned groups;
	unsigned types;
	bool has_types;
	const struct fc_node *const_value;
	const struct fc_node *const *enum_values;
	size_t enum_count;
	bool has_enum;
	struct number_limit *minimum, *maximum, *exclusive_minimum, *exclusive_maximum;
	struct number_limit *multiple_of;
	size_t min_length, max_length;
	pcre2_code *pattern;
	const char *pattern_source;
	enum fc_format format;
	const char *format_name;
	struct sch **prefix;
	size_t prefix_count;
	struct sch *rest; /* items after the prefix */
	const char *rest_keyword;
	struct sch *contains;
	size_t min_contains, max_contains;
	size_t min_items, max_items;
	bool unique_items;
	struct property *props; /* sorted by name */
	size_t prop_count;
	struct pattern_property *patterns;
	size_t pattern_count;
	struct sch *additional;
	struct name_ref *required;
	size_t required_count;
	bool required_uses_props;
	size_t min_props, max_props;
	struct sch *property_names;
	struct dependent_required *dep_required;
	size_t dep_required_count;
	struct dependent_schema *dep_schemas;
	size_t dep_schema_count;
	struct sch **all_of, **any_of, **one_of;
	size_t all_of_count, any_of_count, one_of_count;
	struct sch *not_schema, *if_schema, *then_schema, *else_schema;
	struct sch *ref;
	struct sch *unevaluated_props, *unevaluated_items; /* 2020-12 */
	struct sch *dyn_ref; /* $dynamicRef's initial target */
	const char *dyn_name; /* its anchor when resolved dynamically */
	const struct dyn_resource *resource; /* set when the document has $dynamicAnchor */
};

struct fc_schema {
	struct fc_arena arena;
	struct sch *root;
	pcre2_code **codes; /* every compiled pattern, freed by fc_schema_free */
	size_t code_count, code_alloc;
	pcre2_match_context *match_context;
};

/* ------------------------------------------------------------------------ */
/* Compiler                                                                 */
/* ------------------------------------------------------------------------ */

/* What the scan learnt about one subschema node. */
struct entry {
	const struct fc_node *node; /* NULL: free slot */
	const char *base; /* base URI, no fragment */
	enum draft draft;
	const char *loc;
	struct sch *sch; /* once compiled */
};

/* A resource ($id, the root) or an anchor ("uri#name"). */
struct resource {
	const char *key;
	const struct fc_node *node;
};

struct pending_ref {
	struct sch *sch;
	bool dynamic; /* $dynamicRef rather than $ref */
	const struct fc_node *target;
	const char *base; /* fallback context when target was not scanned */
	enum draft draft;
	const char *loc;
};

struct compiler {
	struct fc_schema *schema;
	struct fc_diags *diags;
	const struct fc_schema_options *options;
	struct fc_arena tmp;
	struct entry *table;
	size_t table_size, table_count;
	struct resource *res;
	size_t res_count, res_alloc;
	struct pending_ref *pending;
	size_t pending_count, pending_alloc;
	struct dyn_def {
		const char *base;
		const char *name;
		const struct fc_node *node;
	} * dyn; /* every $dynamicAnchor */
	size_t dyn_count, dyn_alloc;
	struct dyn_resource **dyn_res;
	size_t dyn_res_count, dyn_res_alloc;
	size_t errors;
};

static void invalid(struct compiler *c, const struct fc_node *at, const char *loc, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));

static void invalid(struct compiler *c, const struct fc_node *at, const char *loc, const char *fmt,
                    ...)
{
	c->errors++;
	if (!c->diags)
		return;
	va_list ap;
	va_start(ap, fmt);
	struct fc_pos pos = at ? at->pos : (struct fc_pos){NULL, 0, 0};
	fc_diag_add(c->diags, FC_SEVERITY_ERROR, "schema-invalid", pos,
	            loc && loc[0] == '#' ? loc + 1 : loc, fmt, ap);
	va_end(ap);
}

static size_t hash_ptr(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdu;
	x ^= x >> 33;
	return (size_t)x;
}

static struct entry *table_find(struct compiler *c, const struct fc_node *n)
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

static const struct resource *find_resource(const struct compiler *c, const char *key)
{
	for (size_t i = 0; i < c->res_count; i++)
		if (strcmp(c->res[i].key, key) == 0)
			return &c->res[i];
	return NULL;
}

static void add_resource(struct compiler *c, const char *key, const struct fc_node *node,
                         const char *loc, const struct fc_node *at)
{
	const struct resource *old = find_resource(c, key);
	if (old) {
		if (old->node != node)
			invalid(c, at, loc, "'%s' identifies two different schemas", key);
		return;
	}
	fc_xgrow((void **)&c->res, &c->res_alloc, c->res_count + 1, sizeof(*c->res));
	c->res[c->res_count].key = fc_arena_strdup(&c->tmp, key);
	c->res[c->res_count].node = node;
	c->res_count++;
}

static const char *child_loc(struct compiler *c, const char *loc, const char *key, size_t len)
{
	return fc_pointer_key(&c->schema->arena, loc, key, len);
}

static const char *index_loc(struct compiler *c, const char *loc, size_t i)
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

static void scan(struct compiler *c, const struct fc_node *n, const char *base, enum draft draft,
                 const char *loc, bool is_root);

static void scan_children(struct compiler *c, const struct fc_node *n, const char *base,
                          enum draft draft, const char *loc)
{
	for (size_t i = 0; i < n->count; i++) {
		const struct fc_pair *p = &n->pairs[i];
		const struct fc_node *v = p->value;
		const char *kloc = NULL;
		if (IN_LIST(p, single_keywords) &&
		    (v->kind == FC_NODE_MAP || v->kind == FC_NODE_BOOL)) {
			kloc = child_loc(c, loc, p->key, p->key_len);
			scan(c, v, base, draft, kloc, false);
		} else if (IN_LIST(p, map_keywords) && v->kind == FC_NODE_MAP) {
			kloc = child_loc(c, loc, p->key, p->key_len);
			for (size_t j = 0; j < v->count; j++) {
				const struct fc_node *sub = v->pairs[j].value;
				if (sub->kind == FC_NODE_MAP || sub->kind == FC_NODE_BOOL)
					scan(c, sub, base, draft,
					     child_loc(c, kloc, v->pairs[j].key,
					               v->pairs[j].key_len),
					     false);
			}
		} else if (IN_LIST(p, array_keywords) && v->kind == FC_NODE_SEQ) {
			kloc = child_loc(c, loc, p->key, p->key_len);
			for (size_t j = 0; j < v->count; j++)
				scan(c, v->items[j], base, draft, index_loc(c, kloc, j), false);
		}
	}
}

static void scan(struct compiler *c, const struct fc_node *n, const char *base, enum draft draft,
                 const char *loc, bool is_root)
{
	if (table_find(c, n))
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
				invalid(c, dialect, loc,
				        "unsupported $schema '%s'; use "
				        "\"https://json-schema.org/draft/2020-12/schema\" or "
				        "\"http://json-schema.org/draft-07/schema#\"",
				        dialect->text);
			else
				invalid(c, dialect, loc, "'$schema' must be a string");
		}
	}
	if (draft == DRAFT_07 && fc_node_get(n, "$ref"))
		id = NULL; /* draft-07: $ref makes its siblings, $id included, ignored */
	if (id) {
		if (id->kind != FC_NODE_STRING) {
			invalid(c, id, loc, "'$id' must be a string");
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
				invalid(c, id, loc,
				        "'$id' must not have a fragment in draft 2020-12; use "
				        "'$anchor'");
			} else {
				bool only_fragment = id->text[0] == '#';
				if (!only_fragment) {
					base = fc_arena_strdup(&c->tmp, sb.buf);
					add_resource(c, base, n, loc, id);
				}
				if (fragment && *fragment) {
					char *key =
					        fc_arena_printf(&c->tmp, "%s#%s", sb.buf, fragment);
					add_resource(c, key, n, loc, id);
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
				invalid(c, a, loc, "'%s' must be a non-empty string", anchors[k]);
				continue;
			}
			add_resource(c, fc_arena_printf(&c->tmp, "%s#%s", base, a->text), n, loc,
			             a);
			if (k == 1) {
				fc_xgrow((void **)&c->dyn, &c->dyn_alloc, c->dyn_count + 1,
				         sizeof(*c->dyn));
				c->dyn[c->dyn_count++] = (struct dyn_def){base, a->text, n};
			}
		}
	}
	e = table_find(c, n); /* the table may have moved */
	e->base = base;
	e->draft = draft;
	scan_children(c, n, base, draft, loc);
}

/* --- keyword values ------------------------------------------------------- */

static void *arena_alloc(struct compiler *c, size_t count, size_t size)
{
	return fc_arena_array(&c->schema->arena, count ? count : 1, size);
}

/* A non-negative integer (2, 2.0, 1e2); huge values saturate. */
static bool get_count(struct compiler *c, const struct fc_node *n, const char *kw, const char *loc,
                      size_t *out)
{
	const struct fc_node *v = fc_node_get(n, kw);
	if (!v)
		return false;
	struct fc_decimal d;
	if (!fc_decimal_from_node(&d, v) || !fc_decimal_is_integer(&d) || d.sign < 0) {
		invalid(c, v, loc, "'%s' must be a non-negative integer", kw);
		return false;
	}
	if (v->kind == FC_NODE_INT)
		*out = (size_t)v->integer;
	else if (d.sign == 0)
		*out = 0;
	else if (d.exp > 18)
		*out = SIZE_MAX;
	else
		*out = (size_t)v->number;
	return true;
}

static struct number_limit *get_number(struct compiler *c, const struct fc_node *n, const char *kw,
                                       const char *loc)
{
	const struct fc_node *v = fc_node_get(n, kw);
	if (!v)
		return NULL;
	if (!fc_node_is_number(v)) {
		invalid(c, v, loc, "'%s' must be a number", kw);
		return NULL;
	}
	struct number_limit *lim = arena_alloc(c, 1, sizeof(*lim));
	lim->node = v;
	lim->exact = fc_decimal_from_node(&lim->dec, v);
	return lim;
}

static pcre2_code *compile_regex(struct compiler *c, const struct fc_node *at, const char *loc,
                                 const char *src, size_t len)
{
	struct fc_strbuf err = FC_STRBUF_INIT;
	pcre2_code *re = fc_ecma_regex_compile(src, len, &err);
	if (!re) {
		invalid(c, at, loc, "invalid regular expression '%s': %s", src, err.buf);
	} else {
		struct fc_schema *s = c->schema;
		fc_xgrow((void **)&s->codes, &s->code_alloc, s->code_count + 1, sizeof(*s->codes));
		s->codes[s->code_count++] = re;
	}
	fc_strbuf_release(&err);
	return re;
}

static int compare_props(const void *pa, const void *pb)
{
	const struct property *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->name, b->name, n);
	if (r)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

static long find_prop(const struct sch *s, const char *name, size_t len)
{
	size_t lo = 0, hi = s->prop_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct property *p = &s->props[mid];
		size_t n = p->len < len ? p->len : len;
		int r = memcmp(p->name, name, n);
		if (r == 0)
			r = p->len < len ? -1 : p->len > len;
		if (r == 0)
			return (long)mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static struct sch *compile(struct compiler *c, const struct fc_node *n, const char *base,
                           enum draft draft, const char *loc);

/* Compiles the subschema v found under keyword location loc of schema e. */
static struct sch *compile_sub(struct compiler *c, const struct entry *e, const struct fc_node *v,
                               const char *loc)
{
	if (v->kind != FC_NODE_MAP && v->kind != FC_NODE_BOOL) {
		invalid(c, v, loc, "a schema must be an object or a boolean, not %s",
		        fc_node_kind_name(v->kind));
		return NULL;
	}
	return compile(c, v, e->base, e->draft, loc);
}

static struct sch *compile_keyword(struct compiler *c, const struct entry *e,
                                   const struct fc_node *n, const char *kw)
{
	const struct fc_pair *p = fc_node_get_pair(n, kw);
	if (!p)
		return NULL;
	return compile_sub(c, e, p->value, child_loc(c, e->loc, p->key, p->key_len));
}

/* allOf / anyOf / oneOf / prefixItems: a non-empty array of schemas. */
static struct sch **compile_array(struct compiler *c, const struct entry *e,
                                  const struct fc_node *n, const char *kw, size_t *count,
                                  bool allow_empty)
{
	const struct fc_pair *p = fc_node_get_pair(n, kw);
	*count = 0;
	if (!p)
		return NULL;
	const struct fc_node *v = p->value;
	const char *loc = child_loc(c, e->loc, p->key, p->key_len);
	if (v->kind != FC_NODE_SEQ || (!allow_empty && v->count == 0)) {
		invalid(c, v, loc, "'%s' must be a%s array of schemas", kw,
		        allow_empty ? "n" : " non-empty");
		return NULL;
	}
	struct sch **list = arena_alloc(c, v->count, sizeof(*list));
	for (size_t i = 0; i < v->count; i++) {
		list[i] = compile_sub(c, e, v->items[i], index_loc(c, loc, i));
		if (!list[i])
			return NULL;
	}
	*count = v->count;
	return list;
}

/* An array of unique strings (required, dependentRequired values). */
static struct name_ref *get_names(struct compiler *c, const struct fc_node *v, const char *kw,
                                  const char *loc, size_t *count)
{
	*count = 0;
	if (v->kind != FC_NODE_SEQ) {
		invalid(c, v, loc, "'%s' must be an array of strings", kw);
		return NULL;
	}
	struct name_ref *names = arena_alloc(c, v->count, sizeof(*names));
	for (size_t i = 0; i < v->count; i++) {
		if (v->items[i]->kind != FC_NODE_STRING) {
			invalid(c, v->items[i], loc, "'%s' must be an array of strings", kw);
			return NULL;
		}
		names[i].name = v->items[i]->text;
		names[i].len = v->items[i]->len;
		names[i].prop = -1;
	}
	*count = v->count;
	return names;
}

static void compile_types(struct compiler *c, struct sch *s, const struct fc_node *v,
                          const char *loc)
{
	size_t n = v->kind == FC_NODE_SEQ ? v->count : 1;
	for (size_t i = 0; i < n; i++) {
		const struct fc_node *t = v->kind == FC_NODE_SEQ ? v->items[i] : v;
		if (t->kind != FC_NODE_STRING) {
			invalid(c, t, loc, "'type' must be a type name or an array of them");
			return;
		}
		size_t k = 0;
		while (k < NTYPES && strcmp(type_names[k], t->text) != 0)
			k++;
		if (k == NTYPES) {
			invalid(c, t, loc,
			        "unknown type '%s'; the types are null, boolean, integer, number, "
			        "string, array and object",
			        t->text);
			return;
		}
		s->types |= 1u << k;
	}
	s->has_types = true;
}

static void compile_object_keywords(struct compiler *c, struct sch *s, const struct entry *e,
                                    const struct fc_node *n)
{
	const struct fc_pair *p;
	if ((p = fc_node_get_pair(n, "properties"))) {
		const char *loc = child_loc(c, e->loc, p->key, p->key_len);
		const struct fc_node *v = p->value;
		if (v->kind != FC_NODE_MAP) {
			invalid(c, v, loc, "'properties' must be an object");
		} else {
			s->props = arena_alloc(c, v->count, sizeof(*s->props));
			for (size_t i = 0; i < v->count; i++) {
				const struct fc_pair *q = &v->pairs[i];
				s->props[i].name = q->key;
				s->props[i].len = q->key_len;
				s->props[i].schema = compile_sub(
				        c, e, q->value, child_loc(c, loc, q->key, q->key_len));
			}
			s->prop_count = v->count;
			qsort(s->props, s->prop_count, sizeof(*s->props), compare_props);
		}
	}
	if ((p = fc_node_get_pair(n, "patternProperties"))) {
		const char *loc = child_loc(c, e->loc, p->key, p->key_len);
		const struct fc_node *v = p->value;
		if (v->kind != FC_NODE_MAP) {
			invalid(c, v, loc, "'patternProperties' must be an object");
		} else {
			s->patterns = arena_alloc(c, v->count, sizeof(*s->patterns));
			for (size_t i = 0; i < v->count; i++) {
				const struct fc_pair *q = &v->pairs[i];
				const char *qloc = child_loc(c, loc, q->key, q->key_len);
				s->patterns[i].source = q->key;
				s->patterns[i].re =
				        compile_regex(c, q->value, qloc, q->key, q->key_len);
				s->patterns[i].schema = compile_sub(c, e, q->value, qloc);
			}
			s->pattern_count = v->count;
		}
	}
	s->additional = compile_keyword(c, e, n, "additionalProperties");
	s->property_names = compile_keyword(c, e, n, "propertyNames");
	if ((p = fc_node_get_pair(n, "required"))) {
		const char *loc = child_loc(c, e->loc, p->key, p->key_len);
		s->required = get_names(c, p->value, "required", loc, &s->required_count);
		for (size_t i = 0; i < s->required_count; i++) {
			s->required[i].prop = find_prop(s, s->required[i].name, s->required[i].len);
			s->required_uses_props |= s->required[i].prop >= 0;
		}
	}
	get_count(c, n, "minProperties", e->loc, &s->min_props);
	get_count(c, n, "maxProperties", e->loc, &s->max_props);

	/* dependentRequired, dependentSchemas (2020-12); dependencies (both) */
	static const char *const dep_keywords[] = {"dependentRequired", "dependentSchemas",
	                                           "dependencies"};
	for (size_t k = 0; k < 3; k++) {
		if (e->draft == DRAFT_07 && k != 2)
			continue; /* 2020-12 also reads draft-07's dependencies */
		p = fc_node_get_pair(n, dep_keywords[k]);
		if (!p)
			continue;
		const char *kw = dep_keywords[k];
		const char *loc = child_loc(c, e->loc, p->key, p->key_len);
		const struct fc_node *v = p->value;
		if (v->kind != FC_NODE_MAP) {
			invalid(c, v, loc, "'%s' must be an object", kw);
			continue;
		}
		size_t nreq = s->dep_required_count, nsch = s->dep_schema_count;
		struct dependent_required *req = arena_alloc(c, nreq + v->count, sizeof(*req));
		struct dependent_schema *sch = arena_alloc(c, nsch + v->count, sizeof(*sch));
		if (nreq)
			memcpy(req, s->dep_required, nreq * sizeof(*req));
		if (nsch)
			memcpy(sch, s->dep_schemas, nsch * sizeof(*sch));
		for (size_t i = 0; i < v->count; i++) {
			const struct fc_pair *q = &v->pairs[i];
			const char *qloc = child_loc(c, loc, q->key, q->key_len);
			bool as_names = k == 0 || (k == 2 && q->value->kind == FC_NODE_SEQ);
			if (as_names) {
				struct dependent_required *d = &req[nreq++];
				d->name = q->key;
				d->len = q->key_len;
				d->keyword = kw;
				d->names = get_names(c, q->value, kw, qloc, &d->count);
			} else {
				struct dependent_schema *d = &sch[nsch++];
				d->name = q->key;
				d->len = q->key_len;
				d->keyword = kw;
				d->schema = compile_sub(c, e, q->value, qloc);
			}
		}
		s->dep_required = req;
		s->dep_required_count = nreq;
		s->dep_schemas = sch;
		s->dep_schema_count = nsch;
	}
	if (s->prop_count || s->pattern_count || s->additional || s->property_names ||
	    s->required_count || s->min_props || s->max_props != SIZE_MAX ||
	    s->dep_required_count || s->dep_schema_count)
		s->groups |= G_OBJECT;
}

static void compile_array_keywords(struct compiler *c, struct sch *s, const struct entry *e,
                                   const struct fc_node *n)
{
	const struct fc_node *items = fc_node_get(n, "items");
	if (e->draft == DRAFT_2020_12) {
		s->prefix = compile_array(c, e, n, "prefixItems", &s->prefix_count, false);
		if (items && items->kind == FC_NODE_SEQ) {
			invalid(c, items, e->loc,
			        "in draft 2020-12 'items' takes one schema; use 'prefixItems' for "
			        "a list of schemas");
		} else {
			s->rest = compile_keyword(c, e, n, "items");
			s->rest_keyword = "items";
		}
	} else if (items && items->kind == FC_NODE_SEQ) {
		s->prefix = compile_array(c, e, n, "items", &s->prefix_count, true);
		s->rest = compile_keyword(c, e, n, "additionalItems");
		s->rest_keyword = "additionalItems";
	} else {
		s->rest = compile_keyword(c, e, n, "items");
		s->rest_keyword = "items";
	}
	s->contains = compile_keyword(c, e, n, "contains");
	s->min_contains = 1;
	if (e->draft == DRAFT_2020_12) {
		get_count(c, n, "minContains", e->loc, &s->min_contains);
		get_count(c, n, "maxContains", e->loc, &s->max_contains);
	}
	get_count(c, n, "minItems", e->loc, &s->min_items);
	get_count(c, n, "maxItems", e->loc, &s->max_items);
	const struct fc_node *u = fc_node_get(n, "uniqueItems");
	if (u) {
		if (u->kind != FC_NODE_BOOL)
			invalid(c, u, e->loc, "'uniqueItems' must be a boolean");
		else
			s->unique_items = u->boolean;
	}
	if (s->prefix_count || s->rest || s->contains || s->min_items || s->max_items != SIZE_MAX ||
	    s->unique_items)
		s->groups |= G_ARRAY;
}

static void compile_scalar_keywords(struct compiler *c, struct sch *s, const struct entry *e,
                                    const struct fc_node *n)
{
	const struct fc_node *v;
	if ((v = fc_node_get(n, "type")))
		compile_types(c, s, v, e->loc);
	if ((v = fc_node_get(n, "const")))
		s->const_value = v;
	if ((v = fc_node_get(n, "enum"))) {
		if (v->kind != FC_NODE_SEQ) {
			invalid(c, v, e->loc, "'enum' must be an array");
		} else {
			s->enum_values = (const struct fc_node *const *)v->items;
			s->enum_count = v->count;
			s->has_enum = true;
		}
	}
	s->minimum = get_number(c, n, "minimum", e->loc);
	s->maximum = get_number(c, n, "maximum", e->loc);
	s->exclusive_minimum = get_number(c, n, "exclusiveMinimum", e->loc);
	s->exclusive_maximum = get_number(c, n, "exclusiveMaximum", e->loc);
	s->multiple_of = get_number(c, n, "multipleOf", e->loc);
	if (s->multiple_of && s->multiple_of->node->number <= 0 &&
	    !(s->multiple_of->exact && s->multiple_of->dec.sign > 0)) {
		invalid(c, s->multiple_of->node, e->loc, "'multipleOf' must be greater than 0");
		s->multiple_of = NULL;
	}
	if (s->minimum || s->maximum || s->exclusive_minimum || s->exclusive_maximum ||
	    s->multiple_of)
		s->groups |= G_NUMBER;

	get_count(c, n, "minLength", e->loc, &s->min_length);
	get_count(c, n, "maxLength", e->loc, &s->max_length);
	if ((v = fc_node_get(n, "pattern"))) {
		if (v->kind != FC_NODE_STRING) {
			invalid(c, v, e->loc, "'pattern' must be a string");
		} else {
			s->pattern = compile_regex(c, v, e->loc, v->text, v->len);
			s->pattern_source = v->text;
		}
	}
	if ((v = fc_node_get(n, "format"))) {
		if (v->kind != FC_NODE_STRING) {
			invalid(c, v, e->loc, "'format' must be a string");
		} else {
			s->format_name = v->text;
			if (c->options->format_assertion)
				s->format = fc_format_lookup(v->text, v->len);
		}
	}
	if (s->min_length || s->max_length != SIZE_MAX || s->pattern ||
	    s->format != FC_FORMAT_UNKNOWN)
		s->groups |= G_STRING;
}

/* Percent-decodes a URI fragment into the compiler's scratch arena. */
static char *percent_decode(struct compiler *c, const char *s, size_t *len)
{
	size_t n = strlen(s);
	char *out = fc_arena_alloc(&c->tmp, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int h1 = i + 2 < n + 1 && s[i] == '%' ? fc_text_hex_value(s[i + 1]) : -1;
		int h2 = h1 >= 0 ? fc_text_hex_value(s[i + 2]) : -1;
		if (h1 >= 0 && h2 >= 0) {
			out[k++] = (char)(h1 * 16 + h2);
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
	*len = k;
	return out;
}

/* Follows a JSON Pointer (len bytes, already percent-decoded) from root. */
static const struct fc_node *follow_pointer(const struct fc_node *root, const char *p, size_t len)
{
	const struct fc_node *n = root;
	size_t i = 0;
	if (len == 0)
		return n;
	if (p[0] != '/')
		return NULL;
	struct fc_strbuf token = FC_STRBUF_INIT;
	while (n && i < len) {
		i++; /* '/' */
		fc_strbuf_reset(&token);
		while (i < len && p[i] != '/') {
			if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				fc_strbuf_addch(&token, p[i + 1] == '0' ? '~' : '/');
				i += 2;
			} else {
				fc_strbuf_addch(&token, p[i++]);
			}
		}
		const struct fc_node *next = NULL;
		if (n->kind == FC_NODE_MAP) {
			for (size_t k = 0; k < n->count; k++) {
				if (n->pairs[k].key_len == token.len &&
				    memcmp(n->pairs[k].key, token.buf, token.len) == 0) {
					next = n->pairs[k].value;
					break;
				}
			}
		} else if (n->kind == FC_NODE_SEQ && token.len > 0 &&
		           (token.len == 1 || token.buf[0] != '0')) {
			size_t idx = 0;
			bool ok = token.len <= 18;
			for (size_t k = 0; ok && k < token.len; k++) {
				if (token.buf[k] < '0' || token.buf[k] > '9')
					ok = false;
				else
					idx = idx * 10 + (size_t)(token.buf[k] - '0');
			}
			if (ok && idx < n->count)
				next = n->items[idx];
		}
		n = next;
	}
	fc_strbuf_release(&token);
	return n;
}

/* Resolves $ref (a string node) against base; queues the target for s. */
static void resolve_ref(struct compiler *c, struct sch *s, const struct fc_node *ref,
                        const char *base, enum draft draft, const char *loc, bool dynamic)
{
	if (ref->kind != FC_NODE_STRING) {
		invalid(c, ref, loc, "'$ref' must be a string");
		return;
	}
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_uri_resolve(&sb, base, ref->text);
	char *hash = strchr(sb.buf, '#');
	const char *fragment = "";
	if (hash) {
		*hash = '\0';
		fragment = hash + 1;
	}
	const struct resource *r = find_resource(c, sb.buf);
	const struct fc_node *target = NULL;
	const char *target_loc = loc;
	if (!r) {
		invalid(c, ref, loc,
		        "$ref '%s' points outside this schema; remote and file references are "
		        "not supported",
		        ref->text);
		fc_strbuf_release(&sb);
		return;
	}
	size_t flen;
	char *decoded = percent_decode(c, fragment, &flen);
	const struct entry *re = table_find(c, r->node);
	if (flen == 0) {
		target = r->node;
	} else if (decoded[0] == '/') {
		target = follow_pointer(r->node, decoded, flen);
		if (re)
			target_loc = fc_arena_printf(&c->schema->arena, "%s%s", re->loc, fragment);
	} else {
		const char *key = fc_arena_printf(&c->tmp, "%s#%s", sb.buf, decoded);
		const struct resource *a = find_resource(c, key);
		target = a ? a->node : NULL;
		/* dynamic only when the initial target is a $dynamicAnchor of that name */
		const struct fc_node *da = target ? fc_node_get(target, "$dynamicAnchor") : NULL;
		if (dynamic && da && da->kind == FC_NODE_STRING && strcmp(da->text, decoded) == 0)
			s->dyn_name = fc_arena_strdup(&c->schema->arena, decoded);
	}
	fc_strbuf_release(&sb);
	if (!target) {
		invalid(c, ref, loc, "$ref '%s' does not resolve to anything in this schema",
		        ref->text);
		return;
	}
	fc_xgrow((void **)&c->pending, &c->pending_alloc, c->pending_count + 1,
	         sizeof(*c->pending));
	struct pending_ref *pr = &c->pending[c->pending_count++];
	pr->sch = s;
	pr->dynamic = dynamic;
	pr->target = target;
	pr->base = re ? re->base : base;
	pr->draft = re ? re->draft : draft;
	pr->loc = target_loc;
}

static void check_unsupported(struct compiler *c, const struct fc_node *n, const char *loc)
{
	static const char *const unsupported[] = {"$recursiveRef"};
	for (size_t k = 0; k < sizeof(unsupported) / sizeof(unsupported[0]); k++) {
		const struct fc_node *v = fc_node_get(n, unsupported[k]);
		if (v)
			invalid(c, v, loc, "keyword '%s' is not supported by this validator",
			        unsupported[k]);
	}
}

/* The resource whose base URI is base, made on first use. */
static struct dyn_resource *dyn_resource_for(struct compiler *c, const char *base)
{
	for (size_t i = 0; i < c->dyn_res_count; i++)
		if (strcmp(c->dyn_res[i]->base, base) == 0)
			return c->dyn_res[i];
	struct dyn_resource *r = fc_arena_alloc(&c->schema->arena, sizeof(*r));
	r->base = fc_arena_strdup(&c->schema->arena, base);
	fc_xgrow((void **)&c->dyn_res, &c->dyn_res_alloc, c->dyn_res_count + 1,
	         sizeof(*c->dyn_res));
	c->dyn_res[c->dyn_res_count++] = r;
	return r;
}

static struct sch *compile(struct compiler *c, const struct fc_node *n, const char *base,
                           enum draft draft, const char *loc)
{
	struct entry *e = table_find(c, n);
	if (!e) {
		scan(c, n, base, draft, loc, false);
		e = table_find(c, n);
	}
	if (e->sch)
		return e->sch;
	struct sch *s = fc_arena_alloc(&c->schema->arena, sizeof(*s));
	e->sch = s;
	struct entry info = *e; /* the table may move while compiling children */
	s->loc = info.loc;
	s->node = n;
	if (c->dyn_count)
		s->resource = dyn_resource_for(c, info.base);
	s->max_length = s->max_items = s->max_props = s->max_contains = SIZE_MAX;
	if (n->kind == FC_NODE_BOOL) {
		s->is_bool = true;
		s->bool_value = n->boolean;
		return s;
	}
	if (n->kind != FC_NODE_MAP) {
		invalid(c, n, info.loc, "a schema must be an object or a boolean, not %s",
		        fc_node_kind_name(n->kind));
		s->is_bool = true;
		s->bool_value = true;
		return s;
	}
	const struct fc_node *ref = fc_node_get(n, "$ref");
	if (ref)
		resolve_ref(c, s, ref, info.base, info.draft, info.loc, false);
	if (ref && info.draft == DRAFT_07)
		return s; /* draft-07: $ref overrides its siblings */
	if (info.draft == DRAFT_2020_12) {
		check_unsupported(c, n, info.loc);
		const struct fc_node *dref = fc_node_get(n, "$dynamicRef");
		if (dref)
			resolve_ref(c, s, dref, info.base, info.draft, info.loc, true);
	}
	compile_scalar_keywords(c, s, &info, n);
	compile_array_keywords(c, s, &info, n);
	compile_object_keywords(c, s, &info, n);
	s->all_of = compile_array(c, &info, n, "allOf", &s->all_of_count, false);
	s->any_of = compile_array(c, &info, n, "anyOf", &s->any_of_count, false);
	s->one_of = compile_array(c, &info, n, "oneOf", &s->one_of_count, false);
	s->not_schema = compile_keyword(c, &info, n, "not");
	s->if_schema = compile_keyword(c, &info, n, "if");
	if (s->if_schema) {
		s->then_schema = compile_keyword(c, &info, n, "then");
		s->else_schema = compile_keyword(c, &info, n, "else");
	}
	if (info.draft == DRAFT_2020_12) {
		s->unevaluated_props = compile_keyword(c, &info, n, "unevaluatedProperties");
		s->unevaluated_items = compile_keyword(c, &info, n, "unevaluatedItems");
	}
	/* subschemas that are never applied still have to be valid schemas */
	const struct fc_node *defs =
	        fc_node_get(n, info.draft == DRAFT_07 ? "definitions" : "$defs");
	if (defs && defs->kind != FC_NODE_MAP)
		invalid(c, defs, info.loc, "'%s' must be an object",
		        info.draft == DRAFT_07 ? "definitions" : "$defs");
	return s;
}

int fc_schema_compile(struct fc_schema **out, const struct fc_node *root,
                      const struct fc_schema_options *options, struct fc_diags *diags)
{
	static const struct fc_schema_options defaults;
	struct compiler c;
	memset(&c, 0, sizeof(c));
	c.options = options ? options : &defaults;
	c.diags = diags;
	c.schema = fc_xcalloc(1, sizeof(*c.schema));
	fc_arena_init(&c.schema->arena);
	fc_arena_init(&c.tmp);
	*out = NULL;

	enum draft draft =
	        c.options->default_draft == FC_SCHEMA_DRAFT_07 ? DRAFT_07 : DRAFT_2020_12;
	add_resource(&c, DEFAULT_BASE, root, "#", root);
	scan(&c, root, DEFAULT_BASE, draft, "#", true);
	const struct entry *re = table_find(&c, root);
	c.schema->root = compile(&c, root, re->base, re->draft, "#");
	/* every $dynamicAnchor may become a $dynamicRef's target */
	struct sch **dyn_targets = fc_xcalloc(c.dyn_count ? c.dyn_count : 1, sizeof(*dyn_targets));
	for (size_t i = 0; i < c.dyn_count; i++) {
		const struct entry *e = table_find(&c, c.dyn[i].node);
		dyn_targets[i] = compile(&c, c.dyn[i].node, e->base, e->draft, e->loc);
	}
	for (size_t i = 0; i < c.pending_count; i++) {
		struct pending_ref pr = c.pending[i];
		struct sch *t = compile(&c, pr.target, pr.base, pr.draft, pr.loc);
		if (pr.dynamic)
			pr.sch->dyn_ref = t;
		else
			pr.sch->ref = t;
	}
	for (size_t i = 0; i < c.dyn_count; i++) {
		struct dyn_resource *r = dyn_resource_for(&c, c.dyn[i].base);
		if (!r->anchors)
			r->anchors =
			        fc_arena_array(&c.schema->arena, c.dyn_count, sizeof(*r->anchors));
		r->anchors[r->count++] = (struct dyn_anchor){c.dyn[i].name, dyn_targets[i]};
	}
	free(dyn_targets);
	free(c.dyn);
	free(c.dyn_res);
	free(c.table);
	free(c.res);
	free(c.pending);
	fc_arena_release(&c.tmp);
	if (c.errors) {
		fc_schema_free(c.schema);
		return -1;
	}
	c.schema->match_context = pcre2_match_context_create(NULL);
	if (c.schema->match_context)
		pcre2_set_match_limit(c.schema->match_context, PCRE2_MATCH_LIMIT);
	*out = c.schema;
	return 0;
}

void fc_schema_free(struct fc_schema *schema)
{
	if (!schema)
		return;
	for (size_t i = 0; i < schema->code_count; i++)
		pcre2_code_free(schema->codes[i]);
	free(schema->codes);
	pcre2_match_context_free(schema->match_context);
	fc_arena_release(&schema->arena);
	free(schema);
}

/* ------------------------------------------------------------------------ */
/* JSON equality                                                            */
/* ------------------------------------------------------------------------ */

/* Numbers by exact decimal value: 1, 1.0 and 10e-1 are equal. */
static bool numbers_equal(const struct fc_node *a, const struct fc_node *b)
{
	if (a->kind == FC_NODE_INT && b->kind == FC_NODE_INT)
		return a->integer == b->integer;
	struct fc_decimal x, y;
	if (fc_decimal_from_node(&x, a) && fc_decimal_from_node(&y, b))
		return fc_decimal_cmp(&x, &y) == 0;
	return a->number == b->number;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
	return h;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

/* A hash consistent with json_equal. */
static uint64_t json_hash(const struct fc_node *n)
{
	switch (n->kind) {
	case FC_NODE_NULL: return 1;
	case FC_NODE_BOOL: return n->boolean ? 2 : 3;
	case FC_NODE_INT:
	case FC_NODE_FLOAT: {
		struct fc_decimal d;
		if (fc_decimal_from_node(&d, n))
			return fc_decimal_hash(&d);
		return 4;
	}
	case FC_NODE_STRING: return mix(5, hash_bytes(n->text, n->len));
	case FC_NODE_SEQ: {
		uint64_t h = 6;
		for (size_t i = 0; i < n->count; i++)
			h = mix(h, json_hash(n->items[i]));
		return h;
	}
	case FC_NODE_MAP: {
		uint64_t h = 0;
		for (size_t i = 0; i < n->count; i++)
			h += mix(hash_bytes(n->pairs[i].key, n->pairs[i].key_len),
			         json_hash(n->pairs[i].value));
		return mix(7, h);
	}
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Validation                                                               */
/* ------------------------------------------------------------------------ */

/* The instance location, as a chain of steps on the C stack. */
struct ipath {
	const struct ipath *up;
	const char *key; /* NULL for an array index */
	size_t key_len;
	size_t index;
	unsigned depth;
};

struct verr {
	const char *code;
	struct fc_pos pos;
	const char *path;
	const char *message;
	const struct sch *sch;
	const char *keyword; /* NULL for a false schema */
	unsigned depth;
	const char *expected; /* type errors: the expected types, for merging */
	const char *got; /* type errors: the description of the value */
};

struct vctx {
	const struct fc_schema *schema;
	/* the dynamic scope: resources entered, outermost first */
	const struct dyn_resource *scope[MAX_EVAL_DEPTH + 1];
	unsigned scope_len;
	pcre2_match_data *md;
	unsigned depth;
	unsigned long steps;
	bool aborted;
	struct verr limit; /* the [schema-limit] error once aborted */
	struct verr *errs;
	size_t err_count, err_alloc;
	struct fc_arena scratch;
};

/*
 * Annotations: which items or properties of one instance the successful
 * schemas evaluated, for unevaluatedItems and unevaluatedProperties.  Only
 * tracked below a schema that has one of those keywords.
 */
struct ann {
	unsigned char *marks; /* one per item or pair of the instance */
	size_t count;
};

static void ann_merge(struct ann *into, const struct ann *from)
{
	for (size_t i = 0; i < into->count; i++)
		into->marks[i] |= from->marks[i];
}

static bool validate(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                     const struct ipath *path, bool collect, struct ann *ann);

static const char *render_path(struct vctx *c, const struct ipath *path)
{
	const struct ipath *steps[64];
	size_t n = 0;
	const char *base = "";
	for (const struct ipath *p = path; p && p->up; p = p->up) {
		if (n == sizeof(steps) / sizeof(steps[0])) {
			base = render_path(c, p); /* rare: very deep instances */
			break;
		}
		steps[n++] = p;
	}
	const char *out = base;
	while (n > 0) {
		const struct ipath *p = steps[--n];
		out = p->key ? fc_pointer_key(&c->scratch, out, p->key, p->key_len)
		             : fc_pointer_index(&c->scratch, out, p->index);
	}
	return out;
}

/* Up to max bytes of text (cut at a character boundary), control characters
 * replaced by '?', "..." when cut. */
static const char *short_text(struct vctx *c, const char *s, size_t len, size_t max)
{
	bool cut = len > max;
	size_t n = cut ? max : len;
	while (cut && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	char *out = fc_arena_alloc(&c->scratch, n + 4);
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (cut)
		memcpy(out + n, "...", 4);
	else
		out[n] = '\0';
	return out;
}

/* Compact JSON of a value, cut to about max bytes. */
static const char *json_text(struct vctx *c, const struct fc_node *n, size_t max)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (n->kind == FC_NODE_STRING)
		fc_strbuf_add_json_string(&sb, n->text, n->len > max ? max : n->len);
	else
		fc_json_write(&sb, n);
	const char *r = short_text(c, sb.buf, sb.len, max + 2);
	fc_strbuf_release(&sb);
	return r;
}

/* "string \"3\"", "integer 3", "boolean true", "null", "object". */
static const char *describe(struct vctx *c, const struct fc_node *n)
{
	switch (n->kind) {
	case FC_NODE_NULL: return "null";
	case FC_NODE_BOOL: return n->boolean ? "boolean true" : "boolean false";
	case FC_NODE_INT:
	case FC_NODE_FLOAT:
		return fc_arena_printf(&c->scratch, "%s %s",
		                       n->kind == FC_NODE_INT ? "integer" : "number",
		                       json_text(c, n, 40));
	case FC_NODE_STRING: return fc_arena_printf(&c->scratch, "string %s", json_text(c, n, 40));
	case FC_NODE_SEQ: return "array";
	case FC_NODE_MAP: return "object";
	}
	return "value";
}

static struct verr *add_error(struct vctx *c, const struct sch *s, const char *keyword,
                              struct fc_pos pos, const struct ipath *path, const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));

static struct verr *add_error(struct vctx *c, const struct sch *s, const char *keyword,
                              struct fc_pos pos, const struct ipath *path, const char *fmt, ...)
{
	fc_xgrow((void **)&c->errs, &c->err_alloc, c->err_count + 1, sizeof(*c->errs));
	struct verr *e = &c->errs[c->err_count++];
	memset(e, 0, sizeof(*e));
	e->code = keyword ? fc_arena_printf(&c->scratch, "schema-%s", keyword) : "schema-false";
	e->pos = pos;
	e->path = render_path(c, path);
	va_list ap;
	va_start(ap, fmt);
	e->message = fc_arena_vprintf(&c->scratch, fmt, ap);
	va_end(ap);
	e->sch = s;
	e->keyword = keyword;
	e->depth = path->depth;
	return e;
}

static void stop(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                 const struct ipath *path, const char *message)
{
	if (c->aborted)
		return;
	c->aborted = true;
	c->limit.code = "schema-limit";
	c->limit.pos = inst->pos;
	c->limit.path = render_path(c, path);
	c->limit.message = message;
	c->limit.sch = s;
}

static int regex_search(struct vctx *c, const struct sch *s, const pcre2_code *re,
                        const struct fc_node *inst, const struct ipath *path, const char *text,
                        size_t len)
{
	if (!c->md) {
		c->md = pcre2_match_data_create(1, NULL);
		if (!c->md) {
			stop(c, s, inst, path, "validation stopped: out of memory");
			return 0;
		}
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, c->md, c->schema->match_context);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		stop(c, s, inst, path,
		     "validation stopped: a regular expression took too long to match");
	return 0;
}

static size_t count_code_points(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

static bool is_integer_value(const struct fc_node *n)
{
	if (n->kind == FC_NODE_INT)
		return true;
	struct fc_decimal d;
	if (fc_decimal_from_node(&d, n))
		return fc_decimal_is_integer(&d);
	return isfinite(n->number) && floor(n->number) == n->number;
}

static bool type_matches(unsigned types, const struct fc_node *n)
{
	switch (n->kind) {
	case FC_NODE_NULL: return types & T_NULL;
	case FC_NODE_BOOL: return types & T_BOOLEAN;
	case FC_NODE_INT: return types & (T_INTEGER | T_NUMBER);
	case FC_NODE_FLOAT:
		return (types & T_NUMBER) || ((types & T_INTEGER) && is_integer_value(n));
	case FC_NODE_STRING: return types & T_STRING;
	case FC_NODE_SEQ: return types & T_ARRAY;
	case FC_NODE_MAP: return types & T_OBJECT;
	}
	return false;
}

/* "integer", "string or null", "object, array or null". */
static const char *types_text(struct vctx *c, unsigned types)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	size_t total = 0, k = 0;
	for (size_t i = 0; i < NTYPES; i++)
		total += (types >> i) & 1u;
	for (size_t i = 0; i < NTYPES; i++) {
		if (!((types >> i) & 1u))
			continue;
		if (k > 0)
			fc_strbuf_addstr(&sb, k + 1 == total ? " or " : ", ");
		fc_strbuf_addstr(&sb, type_names[i]);
		k++;
	}
	const char *r = fc_arena_strndup(&c->scratch, sb.buf, sb.len);
	fc_strbuf_release(&sb);
	return r;
}

/* Compares a number instance with a limit: <0, 0, >0; *ok false for NaN. */
static int compare_number(const struct fc_node *inst, const struct number_limit *lim, bool *ok)
{
	*ok = true;
	if (inst->kind == FC_NODE_INT && lim->node->kind == FC_NODE_INT)
		return inst->integer < lim->node->integer ? -1 : inst->integer > lim->node->integer;
	struct fc_decimal d;
	if (lim->exact && fc_decimal_from_node(&d, inst))
		return fc_decimal_cmp(&d, &lim->dec);
	double a = inst->number, b = lim->node->number;
	if (isnan(a) || isnan(b)) {
		*ok = false;
		return 0;
	}
	return a < b ? -1 : a > b;
}

static bool is_multiple(const struct fc_node *inst, const struct number_limit *lim)
{
	if (inst->kind == FC_NODE_INT && lim->node->kind == FC_NODE_INT && lim->node->integer > 0)
		return inst->integer % lim->node->integer == 0;
	struct fc_decimal d;
	if (lim->exact && fc_decimal_from_node(&d, inst)) {
		int r = fc_decimal_is_multiple(&d, &lim->dec);
		if (r >= 0)
			return r == 1;
	}
	double q = inst->number / lim->node->number;
	return isfinite(q) && floor(q) == q;
}

static const char *limit_text(struct vctx *c, const struct number_limit *lim)
{
	return json_text(c, lim->node, 40);
}

static bool check_number(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                         const struct ipath *path, bool collect)
{
	bool valid = true, ok;
	if (s->minimum && (compare_number(inst, s->minimum, &ok) < 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "minimum", inst->pos, path, "value %s is less than the minimum %s",
		          json_text(c, inst, 40), limit_text(c, s->minimum));
	}
	if (s->maximum && (compare_number(inst, s->maximum, &ok) > 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "maximum", inst->pos, path,
		          "value %s is greater than the maximum %s", json_text(c, inst, 40),
		          limit_text(c, s->maximum));
	}
	if (s->exclusive_minimum && (compare_number(inst, s->exclusive_minimum, &ok) <= 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "exclusiveMinimum", inst->pos, path,
		          "value %s must be greater than %s", json_text(c, inst, 40),
		          limit_text(c, s->exclusive_minimum));
	}
	if (s->exclusive_maximum && (compare_number(inst, s->exclusive_maximum, &ok) >= 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "exclusiveMaximum", inst->pos, path,
		          "value %s must be less than %s", json_text(c, inst, 40),
		          limit_text(c, s->exclusive_maximum));
	}
	if (s->multiple_of && !is_multiple(inst, s->multiple_of)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "multipleOf", inst->pos, path, "value %s is not a multiple of %s",
		          json_text(c, inst, 40), limit_text(c, s->multiple_of));
	}
	return valid;
}

static bool check_string(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                         const struct ipath *path, bool collect)
{
	bool valid = true;
	/* a string has at least len/4 and at most len code points */
	if ((s->min_length && inst->len / 4 < s->min_length) ||
	    (s->max_length != SIZE_MAX && inst->len > s->max_length)) {
		size_t n = count_code_points(inst->text, inst->len);
		if (n < s->min_length) {
			valid = false;
			if (!collect)
				return false;
			add_error(c, s, "minLength", inst->pos, path,
			          "expected at least %zu character%s, got %zu", s->min_length,
			          s->min_length == 1 ? "" : "s", n);
		}
		if (n > s->max_length) {
			valid = false;
			if (!collect)
				return false;
			add_error(c, s, "maxLength", inst->pos, path,
			          "expected at most %zu character%s, got %zu", s->max_length,
			          s->max_length == 1 ? "" : "s", n);
		}
	}
	if (s->pattern && !regex_search(c, s, s->pattern, inst, path, inst->text, inst->len)) {
		valid = false;
		if (!collect || c->aborted)
			return false;
		add_error(c, s, "pattern", inst->pos, path, "%s does not match the pattern '%s'",
		          describe(c, inst),
		          short_text(c, s->pattern_source, strlen(s->pattern_source), 120));
	}
	if (s->format != FC_FORMAT_UNKNOWN && !fc_format_check(s->format, inst->text, inst->len)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "format", inst->pos, path, "%s is not a valid %s",
		          describe(c, inst), s->format_name);
	}
	return valid;
}

struct hashed_item {
	uint64_t hash;
	size_t index;
};

static int compare_hashed(const void *pa, const void *pb)
{
	const struct hashed_item *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* False when two items are equal; *first < *second name the earliest pair. */
static bool items_unique(const struct fc_node *inst, size_t *first, size_t *second)
{
	size_t n = inst->count;
	if (n < 2)
		return true;
	if (n <= 32) {
		for (size_t j = 1; j < n; j++) {
			for (size_t i = 0; i < j; i++) {
				if (fc_node_equal(inst->items[i], inst->items[j], numbers_equal)) {
					*first = i;
					*second = j;
					return false;
				}
			}
		}
		return true;
	}
	/* sort the indexes by hash and compare within runs of equal hashes */
	struct hashed_item *h = fc_xmalloc(n * sizeof(*h));
	for (size_t i = 0; i < n; i++) {
		h[i].hash = json_hash(inst->items[i]);
		h[i].index = i;
	}
	qsort(h, n, sizeof(*h), compare_hashed);
	bool unique = true;
	for (size_t a = 0; a < n; a++) {
		for (size_t b = a + 1; b < n && h[b].hash == h[a].hash; b++) {
			if (!fc_node_equal(inst->items[h[a].index], inst->items[h[b].index],
			                   numbers_equal))
				continue;
			/* h[a].index < h[b].index within a run */
			if (unique || h[b].index < *second) {
				*first = h[a].index;
				*second = h[b].index;
			}
			unique = false;
		}
	}
	free(h);
	return unique;
}

static bool check_array(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                        const struct ipath *path, bool collect, struct ann *ann)
{
	bool valid = true;
	size_t n = inst->count;
	if (n < s->min_items) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "minItems", inst->pos, path,
		          "expected at least %zu item%s, got %zu", s->min_items,
		          s->min_items == 1 ? "" : "s", n);
	}
	if (n > s->max_items) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "maxItems", inst->pos, path, "expected at most %zu item%s, got %zu",
		          s->max_items, s->max_items == 1 ? "" : "s", n);
		/* the items of an array over its limit are not looked into: the
		 * limit is the error that matters, and a hostile input of many
		 * items then costs no more than its parse */
		return false;
	}
	if (s->prefix_count || s->rest) {
		for (size_t i = 0; i < n; i++) {
			const struct sch *item_schema =
			        i < s->prefix_count ? s->prefix[i] : s->rest;
			if (!item_schema)
				break;
			if (item_schema->is_bool && !item_schema->bool_value &&
			    i >= s->prefix_count) {
				valid = false;
				if (!collect)
					return false;
				add_error(c, s, s->rest_keyword, inst->items[i]->pos, path,
				          "expected at most %zu item%s, got %zu", s->prefix_count,
				          s->prefix_count == 1 ? "" : "s", n);
				break;
			}
			struct ipath step = {path, NULL, 0, i, path->depth + 1};
			if (ann)
				ann->marks[i] = 1;
			if (!validate(c, item_schema, inst->items[i], &step, collect, NULL)) {
				valid = false;
				if (!collect)
					return false;
			}
		}
	}
	if (s->contains) {
		size_t matches = 0;
		bool need_all = s->max_contains != SIZE_MAX || ann;
		for (size_t i = 0; i < n; i++) {
			struct ipath step = {path, NULL, 0, i, path->depth + 1};
			if (validate(c, s->contains, inst->items[i], &step, false, NULL)) {
				matches++;
				if (ann)
					ann->marks[i] =
					        1; /* contains annotates the items it matched */
			}
			if (c->aborted)
				return false;
			if (!need_all && matches >= s->min_contains)
				break;
		}
		if (matches < s->min_contains) {
			valid = false;
			if (!collect)
				return false;
			if (s->min_contains == 1)
				add_error(c, s, "contains", inst->pos, path,
				          "no item matches the schema in 'contains'");
			else
				add_error(
				        c, s, "minContains", inst->pos, path,
				        "expected at least %zu items matching 'contains', got %zu",
				        s->min_contains, matches);
		}
		if (matches > s->max_contains) {
			valid = false;
			if (!collect)
				return false;
			add_error(c, s, "maxContains", inst->pos, path,
			          "expected at most %zu item%s matching 'contains', got %zu",
			          s->max_contains, s->max_contains == 1 ? "" : "s", matches);
		}
	}
	size_t first, second;
	if (s->unique_items && !items_unique(inst, &first, &second)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "uniqueItems", inst->pos, path,
		          "items %zu and %zu are equal; items must be unique", first, second);
	}
	return valid;
}

static bool has_key(const struct fc_node *map, const char *name, size_t len)
{
	for (size_t i = 0; i < map->count; i++)
		if (map->pairs[i].key_len == len && memcmp(map->pairs[i].key, name, len) == 0)
			return true;
	return false;
}

/* Optimal string alignment distance, or a large number for long names. */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m)
{
	enum { MAXLEN = 64 };
	if (n > MAXLEN || m > MAXLEN)
		return SIZE_MAX;
	size_t d[MAXLEN + 1][MAXLEN + 1];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[n][m];
}

/* The declared property closest to key, when it is close enough to be a typo. */
static const struct property *closest_property(const struct sch *s, const char *key, size_t len)
{
	const struct property *best = NULL;
	size_t best_d = SIZE_MAX;
	size_t allowed = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;
	for (size_t i = 0; i < s->prop_count; i++) {
		size_t d = edit_distance(key, len, s->props[i].name, s->props[i].len);
		if (d < best_d) {
			best_d = d;
			best = &s->props[i];
		}
	}
	return best_d <= allowed ? best : NULL;
}

static void report_unknown_property(struct vctx *c, const struct sch *s, const struct fc_pair *p,
                                    const struct ipath *step)
{
	const char *key = short_text(c, p->key, p->key_len, 80);
	const struct property *near = closest_property(s, p->key, p->key_len);
	if (near)
		add_error(c, s, "additionalProperties", p->key_pos, step,
		          "unknown property '%s' (did you mean '%s'?)", key,
		          short_text(c, near->name, near->len, 80));
	else if (s->prop_count && s->prop_count <= 8) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		for (size_t i = 0; i < s->prop_count; i++) {
			if (i)
				fc_strbuf_addstr(&sb, ", ");
			fc_strbuf_addstr(&sb, short_text(c, s->props[i].name, s->props[i].len, 40));
		}
		add_error(c, s, "additionalProperties", p->key_pos, step,
		          "unknown property '%s' (expected one of: %s)", key, sb.buf);
		fc_strbuf_release(&sb);
	} else {
		add_error(c, s, "additionalProperties", p->key_pos, step, "unknown property '%s'",
		          key);
	}
}

static bool check_property_name(struct vctx *c, const struct sch *s, const struct fc_pair *p,
                                const struct ipath *step, bool collect)
{
	struct fc_node name;
	memset(&name, 0, sizeof(name));
	name.kind = FC_NODE_STRING;
	name.pos = p->key_pos;
	name.text = p->key;
	name.len = p->key_len;
	if (validate(c, s->property_names, &name, step, false, NULL))
		return true;
	if (!collect || c->aborted)
		return false;
	size_t mark = c->err_count;
	validate(c, s->property_names, &name, step, true, NULL);
	const char *why = c->err_count > mark ? c->errs[mark].message : NULL;
	c->err_count = mark;
	add_error(c, s, "propertyNames", p->key_pos, step, "invalid property name '%s'%s%s",
	          short_text(c, p->key, p->key_len, 80), why ? ": " : "", why ? why : "");
	return false;
}

static bool check_object(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                         const struct ipath *path, bool collect, struct ann *ann)
{
	bool valid = true;
	size_t n = inst->count;
	if (n < s->min_props) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "minProperties", inst->pos, path,
		          "expected at least %zu propert%s, got %zu", s->min_props,
		          s->min_props == 1 ? "y" : "ies", n);
	}
	if (n > s->max_props) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "maxProperties", inst->pos, path,
		          "expected at most %zu propert%s, got %zu", s->max_props,
		          s->max_props == 1 ? "y" : "ies", n);
	}
	unsigned char seen_small[64];
	unsigned char *seen = NULL;
	if (s->required_uses_props) {
		seen = s->prop_count <= sizeof(seen_small) ? seen_small : fc_xmalloc(s->prop_count);
		memset(seen, 0, s->prop_count);
	}
	if (s->prop_count || s->pattern_count || s->additional || s->property_names) {
		for (size_t i = 0; i < n; i++) {
			const struct fc_pair *p = &inst->pairs[i];
			struct ipath step = {path, p->key, p->key_len, 0, path->depth + 1};
			bool matched = false;
			bool ok = true;
			long j = s->prop_count ? find_prop(s, p->key, p->key_len) : -1;
			if (j >= 0) {
				matched = true;
				if (seen)
					seen[j] = 1;
				ok &= validate(c, s->props[j].schema, p->value, &step, collect,
				               NULL);
			}
			for (size_t k = 0; k < s->pattern_count && (ok || collect); k++) {
				const struct pattern_property *pp = &s->patterns[k];
				if (regex_search(c, s, pp->re, inst, path, p->key, p->key_len)) {
					matched = true;
					ok &= validate(c, pp->schema, p->value, &step, collect,
					               NULL);
				}
			}
			if (!matched && s->additional && (ok || collect)) {
				if (s->additional->is_bool && !s->additional->bool_value) {
					ok = false;
					if (collect)
						report_unknown_property(c, s, p, &step);
				} else {
					ok &= validate(c, s->additional, p->value, &step, collect,
					               NULL);
					matched = true; /* evaluated by additionalProperties */
				}
			}
			if (s->property_names && (ok || collect))
				ok &= check_property_name(c, s, p, &step, collect);
			if (matched && ann)
				ann->marks[i] = 1;
			if (!ok || c->aborted) {
				valid = false;
				if (!collect || c->aborted)
					goto out;
			}
		}
	}
	for (size_t i = 0; i < s->required_count; i++) {
		const struct name_ref *r = &s->required[i];
		bool present = r->prop >= 0 ? seen[r->prop] : has_key(inst, r->name, r->len);
		if (!present) {
			valid = false;
			if (!collect)
				goto out;
			add_error(c, s, "required", inst->pos, path,
			          "missing required property '%s'",
			          short_text(c, r->name, r->len, 80));
		}
	}
	for (size_t i = 0; i < s->dep_required_count; i++) {
		const struct dependent_required *d = &s->dep_required[i];
		if (!has_key(inst, d->name, d->len))
			continue;
		for (size_t k = 0; k < d->count; k++) {
			if (has_key(inst, d->names[k].name, d->names[k].len))
				continue;
			valid = false;
			if (!collect)
				goto out;
			add_error(c, s, d->keyword, inst->pos, path,
			          "missing property '%s', required when '%s' is present",
			          short_text(c, d->names[k].name, d->names[k].len, 80),
			          short_text(c, d->name, d->len, 80));
		}
	}
	for (size_t i = 0; i < s->dep_schema_count; i++) {
		const struct dependent_schema *d = &s->dep_schemas[i];
		if (!has_key(inst, d->name, d->len))
			continue;
		if (!validate(c, d->schema, inst, path, collect, ann)) {
			valid = false;
			if (!collect)
				goto out;
		}
	}
out:
	if (seen && seen != seen_small)
		free(seen);
	return valid;
}

/* How close a failed branch came: used to pick one branch to report. */
struct closeness {
	bool type_mismatch; /* failed on the type of the value itself */
	unsigned depth; /* deepest error */
	size_t count;
};

static struct closeness measure(const struct vctx *c, size_t from, size_t to, unsigned depth)
{
	struct closeness m = {false, 0, to - from};
	for (size_t i = from; i < to; i++) {
		const struct verr *e = &c->errs[i];
		if (e->depth == depth &&
		    (strcmp(e->code, "schema-type") == 0 || strcmp(e->code, "schema-const") == 0 ||
		     strcmp(e->code, "schema-enum") == 0))
			m.type_mismatch = true;
		if (e->depth > m.depth)
			m.depth = e->depth;
	}
	return m;
}

static bool closer(struct closeness a, struct closeness b)
{
	if (a.type_mismatch != b.type_mismatch)
		return !a.type_mismatch;
	if (a.depth != b.depth)
		return a.depth > b.depth;
	return a.count < b.count;
}

/*
 * Re-runs every branch collecting errors and keeps those of the closest one.
 * When every branch failed only on the value's type, one error lists the
 * types they accept.
 */
static void report_closest(struct vctx *c, const struct sch *s, const char *keyword,
                           struct sch *const *branches, size_t count, const struct fc_node *inst,
                           const struct ipath *path)
{
	size_t mark = c->err_count;
	size_t best_from = mark, best_to = mark;
	struct closeness best = {true, 0, SIZE_MAX};
	bool all_types = true;
	for (size_t i = 0; i < count && !c->aborted; i++) {
		size_t from = c->err_count;
		validate(c, branches[i], inst, path, true, NULL);
		size_t to = c->err_count;
		if (to - from != 1 || !c->errs[from].expected || c->errs[from].depth != path->depth)
			all_types = false;
		struct closeness m = measure(c, from, to, path->depth);
		if (to > from && (best_to == best_from || closer(m, best))) {
			best = m;
			best_from = from;
			best_to = to;
		}
	}
	if (c->aborted)
		return;
	if (all_types && count > 1) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		for (size_t i = 0; i < count; i++) {
			const char *t = c->errs[mark + i].expected;
			if (strstr(sb.buf, t))
				continue;
			if (sb.len)
				fc_strbuf_addstr(&sb, i + 1 == count ? " or " : ", ");
			fc_strbuf_addstr(&sb, t);
		}
		const char *got = c->errs[mark].got;
		c->err_count = mark;
		struct verr *e = add_error(c, s, keyword, inst->pos, path, "expected %s, got %s",
		                           sb.buf, got);
		e->code = "schema-type"; /* a type error, whose note names anyOf/oneOf */
		fc_strbuf_release(&sb);
		return;
	}
	if (best_to == best_from) {
		c->err_count = mark;
		add_error(c, s, keyword, inst->pos, path,
		          "value does not match any of the alternatives in '%s'", keyword);
		return;
	}
	memmove(&c->errs[mark], &c->errs[best_from], (best_to - best_from) * sizeof(*c->errs));
	c->err_count = mark + (best_to - best_from);
}

static bool check_applicators(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                              const struct ipath *path, bool collect, struct ann *ann)
{
	bool valid = true;
	for (size_t i = 0; i < s->all_of_count; i++) {
		if (!validate(c, s->all_of[i], inst, path, collect, ann)) {
			valid = false;
			if (!collect)
				return false;
		}
	}
	if (s->any_of_count) {
		bool any = false;
		/* with annotations, every branch that passes contributes */
		for (size_t i = 0; i < s->any_of_count && (!any || ann); i++)
			any |= validate(c, s->any_of[i], inst, path, false, ann);
		if (!any) {
			valid = false;
			if (!collect || c->aborted)
				return false;
			report_closest(c, s, "anyOf", s->any_of, s->any_of_count, inst, path);
		}
	}
	if (s->one_of_count) {
		size_t matches = 0, first = 0, second = 0;
		for (size_t i = 0; i < s->one_of_count; i++) {
			if (validate(c, s->one_of[i], inst, path, false, ann)) {
				if (matches == 0)
					first = i;
				else if (matches == 1)
					second = i;
				matches++;
			}
		}
		if (matches != 1) {
			valid = false;
			if (!collect || c->aborted)
				return false;
			if (matches == 0)
				report_closest(c, s, "oneOf", s->one_of, s->one_of_count, inst,
				               path);
			else
				add_error(c, s, "oneOf", inst->pos, path,
				          "value matches %zu alternatives of 'oneOf' (%s/oneOf/%zu "
				          "and %s/oneOf/%zu); it must match exactly one",
				          matches, s->loc, first, s->loc, second);
		}
	}
	if (s->not_schema && validate(c, s->not_schema, inst, path, false, NULL)) {
		valid = false;
		if (!collect)
			return false;
		add_error(c, s, "not", inst->pos, path, "value must not match the schema in 'not'");
	}
	if (s->if_schema) {
		bool cond = validate(c, s->if_schema, inst, path, false, ann);
		const struct sch *branch = cond ? s->then_schema : s->else_schema;
		if (branch && !validate(c, branch, inst, path, collect, ann)) {
			valid = false;
			if (!collect)
				return false;
		}
	}
	return valid;
}

static const char *enum_text(struct vctx *c, const struct sch *s)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	size_t shown = s->enum_count > 12 ? 10 : s->enum_count;
	for (size_t i = 0; i < shown; i++) {
		const struct fc_node *v = s->enum_values[i];
		if (i)
			fc_strbuf_addstr(&sb, ", ");
		if (v->kind == FC_NODE_STRING)
			fc_strbuf_addstr(&sb, short_text(c, v->text, v->len, 60));
		else
			fc_strbuf_addstr(&sb, json_text(c, v, 60));
	}
	if (shown < s->enum_count)
		fc_strbuf_addf(&sb, " (and %zu more)", s->enum_count - shown);
	const char *r = fc_arena_strndup(&c->scratch, sb.buf, sb.len);
	fc_strbuf_release(&sb);
	return r;
}

/* $dynamicRef: the outermost resource in scope with the anchor, else the
 * initial target. */
static const struct sch *dynamic_target(const struct vctx *c, const struct sch *s)
{
	if (!s->dyn_name)
		return s->dyn_ref;
	for (unsigned i = 0; i < c->scope_len; i++) {
		const struct dyn_resource *r = c->scope[i];
		for (size_t k = 0; k < r->count; k++)
			if (strcmp(r->anchors[k].name, s->dyn_name) == 0)
				return r->anchors[k].schema;
	}
	return s->dyn_ref;
}

/* unevaluatedProperties / unevaluatedItems over what ann left unmarked. */
static bool check_unevaluated(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                              const struct ipath *path, bool collect, struct ann *ann)
{
	const struct sch *u =
	        inst->kind == FC_NODE_MAP ? s->unevaluated_props : s->unevaluated_items;
	if (!u || (inst->kind != FC_NODE_MAP && inst->kind != FC_NODE_SEQ))
		return true;
	bool valid = true;
	for (size_t i = 0; i < inst->count; i++) {
		if (ann->marks[i])
			continue;
		ann->marks[i] = 1;
		if (inst->kind == FC_NODE_MAP) {
			const struct fc_pair *p = &inst->pairs[i];
			struct ipath step = {path, p->key, p->key_len, 0, path->depth + 1};
			if (u->is_bool && !u->bool_value) {
				valid = false;
				if (!collect)
					return false;
				add_error(c, s, "unevaluatedProperties", p->key_pos, &step,
				          "unknown property '%s'",
				          short_text(c, p->key, p->key_len, 80));
			} else if (!validate(c, u, p->value, &step, collect, NULL)) {
				valid = false;
				if (!collect)
					return false;
			}
		} else {
			struct ipath step = {path, NULL, 0, i, path->depth + 1};
			if (u->is_bool && !u->bool_value) {
				valid = false;
				if (!collect)
					return false;
				add_error(c, s, "unevaluatedItems", inst->items[i]->pos, &step,
				          "item %zu is not allowed here", i);
			} else if (!validate(c, u, inst->items[i], &step, collect, NULL)) {
				valid = false;
				if (!collect)
					return false;
			}
		}
	}
	return valid;
}

static bool validate_keywords(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                              const struct ipath *path, bool collect, struct ann *ann)
{
	bool valid = true;
	if (s->ref && !validate(c, s->ref, inst, path, collect, ann)) {
		valid = false;
		if (!collect)
			return false;
	}
	if (s->dyn_ref && !validate(c, dynamic_target(c, s), inst, path, collect, ann)) {
		valid = false;
		if (!collect)
			return false;
	}
	if (s->has_types && !type_matches(s->types, inst)) {
		valid = false;
		if (!collect)
			return false;
		const char *expected = types_text(c, s->types);
		const char *got = describe(c, inst);
		struct verr *e = add_error(c, s, "type", inst->pos, path, "expected %s, got %s",
		                           expected, got);
		e->expected = expected;
		e->got = got;
	}
	if (s->const_value && !fc_node_equal(s->const_value, inst, numbers_equal)) {
		valid = false;
		if (!collect)
			return false;
		const struct fc_node *v = s->const_value;
		if (v->kind == FC_NODE_STRING)
			add_error(c, s, "const", inst->pos, path, "value must be '%s'",
			          short_text(c, v->text, v->len, 80));
		else
			add_error(c, s, "const", inst->pos, path, "value must be %s",
			          json_text(c, v, 80));
	}
	if (s->has_enum) {
		bool found = false;
		for (size_t i = 0; i < s->enum_count && !found; i++)
			found = fc_node_equal(s->enum_values[i], inst, numbers_equal);
		if (!found) {
			valid = false;
			if (!collect)
				return false;
			if (s->enum_count == 0)
				add_error(c, s, "enum", inst->pos, path,
				          "no value is allowed here (the enum is empty)");
			else
				add_error(c, s, "enum", inst->pos, path, "value must be one of: %s",
				          enum_text(c, s));
		}
	}
	if (s->groups) {
		bool ok = true;
		switch (inst->kind) {
		case FC_NODE_INT:
		case FC_NODE_FLOAT:
			if (s->groups & G_NUMBER)
				ok = check_number(c, s, inst, path, collect);
			break;
		case FC_NODE_STRING:
			if (s->groups & G_STRING)
				ok = check_string(c, s, inst, path, collect);
			break;
		case FC_NODE_SEQ:
			if (s->groups & G_ARRAY)
				ok = check_array(c, s, inst, path, collect, ann);
			break;
		case FC_NODE_MAP:
			if (s->groups & G_OBJECT)
				ok = check_object(c, s, inst, path, collect, ann);
			break;
		default: break;
		}
		if (!ok) {
			valid = false;
			if (!collect)
				return false;
		}
	}
	if ((s->all_of_count || s->any_of_count || s->one_of_count || s->not_schema ||
	     s->if_schema) &&
	    !check_applicators(c, s, inst, path, collect, ann)) {
		valid = false;
		if (!collect)
			return false;
	}
	/* unevaluated*: only on an otherwise valid value, whose annotations are whole */
	if (valid && ann && (s->unevaluated_props || s->unevaluated_items))
		valid = check_unevaluated(c, s, inst, path, collect, ann);
	return valid;
}

static bool validate(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                     const struct ipath *path, bool collect, struct ann *ann)
{
	if (c->aborted)
		return false;
	if (++c->steps > MAX_EVAL_STEPS) {
		stop(c, s, inst, path,
		     "validation stopped after ten million schema evaluations; the schema is too "
		     "expensive for this document");
		return false;
	}
	if (c->depth >= MAX_EVAL_DEPTH) {
		stop(c, s, inst, path,
		     "validation stopped: schemas nest deeper than 512 levels here (a $ref "
		     "cycle that never descends into the value?)");
		return false;
	}
	if (s->is_bool) {
		if (s->bool_value)
			return true;
		if (collect)
			add_error(c, s, NULL, inst->pos, path, "no value is allowed here");
		return false;
	}
	/* annotations are tracked below unevaluated*, for arrays and objects */
	struct ann local = {NULL, 0};
	struct ann *mine = NULL;
	if ((ann || s->unevaluated_props || s->unevaluated_items) && inst->count &&
	    (inst->kind == FC_NODE_MAP || inst->kind == FC_NODE_SEQ)) {
		local.marks = fc_xcalloc(inst->count, 1);
		local.count = inst->count;
		mine = &local;
	}
	bool pushed = false;
	if (s->resource && (c->scope_len == 0 || c->scope[c->scope_len - 1] != s->resource)) {
		c->scope[c->scope_len++] = s->resource;
		pushed = true;
	}
	c->depth++;
	bool ok = validate_keywords(c, s, inst, path, collect, mine);
	c->depth--;
	if (pushed)
		c->scope_len--;
	if (ok && ann && mine)
		ann_merge(ann, mine);
	free(local.marks);
	return ok && !c->aborted;
}

/* Where the keyword of an error sits in the schema file, for the note. */
static struct fc_pos keyword_pos(const struct verr *e)
{
	const struct fc_node *n = e->sch->node;
	if (e->keyword) {
		const struct fc_pair *p = fc_node_get_pair(n, e->keyword);
		if (p)
			return p->key_pos;
	}
	return n->pos;
}

static void emit(struct fc_diags *diags, const struct verr *e)
{
	struct fc_diag *d = fc_diag_error(diags, e->code, e->pos, e->path, "%s", e->message);
	if (e->keyword)
		fc_diag_note(diags, d, keyword_pos(e), "schema: %s/%s", e->sch->loc, e->keyword);
	else
		fc_diag_note(diags, d, keyword_pos(e), "schema: %s", e->sch->loc);
}

int fc_schema_validate(const struct fc_schema *schema, const struct fc_node *instance,
                       struct fc_diags *diags)
{
	struct vctx c;
	memset(&c, 0, sizeof(c));
	c.schema = schema;
	fc_arena_init(&c.scratch);
	struct ipath root = {NULL, NULL, 0, 0, 0};
	bool ok = validate(&c, schema->root, instance, &root, diags != NULL, NULL);
	if (diags) {
		for (size_t i = 0; i < c.err_count; i++)
			emit(diags, &c.errs[i]);
		if (c.aborted) {
			struct fc_diag *d = fc_diag_error(diags, c.limit.code, c.limit.pos,
			                                  c.limit.path, "%s", c.limit.message);
			fc_diag_note(diags, d, c.limit.sch->node->pos, "schema: %s",
			             c.limit.sch->loc);
		}
	}
	free(c.errs);
	pcre2_match_data_free(c.md);
	fc_arena_release(&c.scratch);
	return ok && !c.aborted ? 0 : -1;
}

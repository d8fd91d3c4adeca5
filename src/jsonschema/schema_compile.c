/*
 * schema_compile - the JSON Schema (2020-12 and draft-07) compiler: a schema
 * document to the struct sch tree of schema_internal.h; see schema.h for the
 * contract.
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
 */
#include "schema_compiler.h"

#include "text.h"
#include "uri.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Base URI of a document without $id; never shown to users. */
#define DEFAULT_BASE "fabchart:/schema.json"

const char *const fc_schema_type_names[NTYPES] = {"null",   "boolean", "integer", "number",
                                                  "string", "array",   "object"};

void fc_schema_invalid(struct compiler *c, const struct fc_node *at, const char *loc,
                       const char *fmt, ...)
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
		fc_schema_invalid(c, v, loc, "'%s' must be a non-negative integer", kw);
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
		fc_schema_invalid(c, v, loc, "'%s' must be a number", kw);
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
		fc_schema_invalid(c, at, loc, "invalid regular expression '%s': %s", src, err.buf);
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

long fc_schema_find_prop(const struct sch *s, const char *name, size_t len)
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
		fc_schema_invalid(c, v, loc, "a schema must be an object or a boolean, not %s",
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
	return compile_sub(c, e, p->value, fc_schema_child_loc(c, e->loc, p->key, p->key_len));
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
	const char *loc = fc_schema_child_loc(c, e->loc, p->key, p->key_len);
	if (v->kind != FC_NODE_SEQ || (!allow_empty && v->count == 0)) {
		fc_schema_invalid(c, v, loc, "'%s' must be a%s array of schemas", kw,
		                  allow_empty ? "n" : " non-empty");
		return NULL;
	}
	struct sch **list = arena_alloc(c, v->count, sizeof(*list));
	for (size_t i = 0; i < v->count; i++) {
		list[i] = compile_sub(c, e, v->items[i], fc_schema_index_loc(c, loc, i));
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
		fc_schema_invalid(c, v, loc, "'%s' must be an array of strings", kw);
		return NULL;
	}
	struct name_ref *names = arena_alloc(c, v->count, sizeof(*names));
	for (size_t i = 0; i < v->count; i++) {
		if (v->items[i]->kind != FC_NODE_STRING) {
			fc_schema_invalid(c, v->items[i], loc, "'%s' must be an array of strings",
			                  kw);
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
			fc_schema_invalid(c, t, loc,
			                  "'type' must be a type name or an array of them");
			return;
		}
		size_t k = 0;
		while (k < NTYPES && strcmp(fc_schema_type_names[k], t->text) != 0)
			k++;
		if (k == NTYPES) {
			fc_schema_invalid(
			        c, t, loc,
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
		const char *loc = fc_schema_child_loc(c, e->loc, p->key, p->key_len);
		const struct fc_node *v = p->value;
		if (v->kind != FC_NODE_MAP) {
			fc_schema_invalid(c, v, loc, "'properties' must be an object");
		} else {
			s->props = arena_alloc(c, v->count, sizeof(*s->props));
			for (size_t i = 0; i < v->count; i++) {
				const struct fc_pair *q = &v->pairs[i];
				s->props[i].name = q->key;
				s->props[i].len = q->key_len;
				s->props[i].schema = compile_sub(
				        c, e, q->value,
				        fc_schema_child_loc(c, loc, q->key, q->key_len));
			}
			s->prop_count = v->count;
			qsort(s->props, s->prop_count, sizeof(*s->props), compare_props);
		}
	}
	if ((p = fc_node_get_pair(n, "patternProperties"))) {
		const char *loc = fc_schema_child_loc(c, e->loc, p->key, p->key_len);
		const struct fc_node *v = p->value;
		if (v->kind != FC_NODE_MAP) {
			fc_schema_invalid(c, v, loc, "'patternProperties' must be an object");
		} else {
			s->patterns = arena_alloc(c, v->count, sizeof(*s->patterns));
			for (size_t i = 0; i < v->count; i++) {
				const struct fc_pair *q = &v->pairs[i];
				const char *qloc = fc_schema_child_loc(c, loc, q->key, q->key_len);
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
		const char *loc = fc_schema_child_loc(c, e->loc, p->key, p->key_len);
		s->required = get_names(c, p->value, "required", loc, &s->required_count);
		for (size_t i = 0; i < s->required_count; i++) {
			s->required[i].prop =
			        fc_schema_find_prop(s, s->required[i].name, s->required[i].len);
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
		const char *loc = fc_schema_child_loc(c, e->loc, p->key, p->key_len);
		const struct fc_node *v = p->value;
		if (v->kind != FC_NODE_MAP) {
			fc_schema_invalid(c, v, loc, "'%s' must be an object", kw);
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
			const char *qloc = fc_schema_child_loc(c, loc, q->key, q->key_len);
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
			fc_schema_invalid(
			        c, items, e->loc,
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
			fc_schema_invalid(c, u, e->loc, "'uniqueItems' must be a boolean");
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
			fc_schema_invalid(c, v, e->loc, "'enum' must be an array");
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
		fc_schema_invalid(c, s->multiple_of->node, e->loc,
		                  "'multipleOf' must be greater than 0");
		s->multiple_of = NULL;
	}
	if (s->minimum || s->maximum || s->exclusive_minimum || s->exclusive_maximum ||
	    s->multiple_of)
		s->groups |= G_NUMBER;

	get_count(c, n, "minLength", e->loc, &s->min_length);
	get_count(c, n, "maxLength", e->loc, &s->max_length);
	if ((v = fc_node_get(n, "pattern"))) {
		if (v->kind != FC_NODE_STRING) {
			fc_schema_invalid(c, v, e->loc, "'pattern' must be a string");
		} else {
			s->pattern = compile_regex(c, v, e->loc, v->text, v->len);
			s->pattern_source = v->text;
		}
	}
	if ((v = fc_node_get(n, "format"))) {
		if (v->kind != FC_NODE_STRING) {
			fc_schema_invalid(c, v, e->loc, "'format' must be a string");
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

/* Resolves $ref (a string node) against base; queues the target for s. */
static void resolve_ref(struct compiler *c, struct sch *s, const struct fc_node *ref,
                        const char *base, enum draft draft, const char *loc, bool dynamic)
{
	if (ref->kind != FC_NODE_STRING) {
		fc_schema_invalid(c, ref, loc, "'$ref' must be a string");
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
	const struct resource *r = fc_schema_find_resource(c, sb.buf);
	const struct fc_node *target = NULL;
	const char *target_loc = loc;
	if (!r) {
		fc_schema_invalid(
		        c, ref, loc,
		        "$ref '%s' points outside this schema; remote and file references are "
		        "not supported",
		        ref->text);
		fc_strbuf_release(&sb);
		return;
	}
	size_t flen;
	char *decoded = percent_decode(c, fragment, &flen);
	const struct entry *re = fc_schema_table_find(c, r->node);
	if (flen == 0) {
		target = r->node;
	} else if (decoded[0] == '/') {
		target = fc_pointer_resolve_n(r->node, decoded, flen);
		if (re)
			target_loc = fc_arena_printf(&c->schema->arena, "%s%s", re->loc, fragment);
	} else {
		const char *key = fc_arena_printf(&c->tmp, "%s#%s", sb.buf, decoded);
		const struct resource *a = fc_schema_find_resource(c, key);
		target = a ? a->node : NULL;
		/* dynamic only when the initial target is a $dynamicAnchor of that name */
		const struct fc_node *da = target ? fc_node_get(target, "$dynamicAnchor") : NULL;
		if (dynamic && da && da->kind == FC_NODE_STRING && strcmp(da->text, decoded) == 0)
			s->dyn_name = fc_arena_strdup(&c->schema->arena, decoded);
	}
	fc_strbuf_release(&sb);
	if (!target) {
		fc_schema_invalid(c, ref, loc,
		                  "$ref '%s' does not resolve to anything in this schema",
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
			fc_schema_invalid(c, v, loc,
			                  "keyword '%s' is not supported by this validator",
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

/*
 * A word keyword (schema.h): a non-empty string beside the keyword it
 * explains; anything else is [schema-invalid], so that a misplaced or
 * misspelt explanation is found when the schema is compiled.
 */
static const char *get_words(struct compiler *c, const struct fc_node *n, const char *kw,
                             const char *beside, const char *loc)
{
	const struct fc_node *v = fc_node_get(n, kw);
	if (!v)
		return NULL;
	if (v->kind != FC_NODE_STRING || v->len == 0 || strlen(v->text) != v->len) {
		fc_schema_invalid(c, v, loc, "'%s' must be a non-empty string", kw);
		return NULL;
	}
	if (!fc_node_get(n, beside)) {
		fc_schema_invalid(c, v, loc, "'%s' explains '%s', which this schema does not have",
		                  kw, beside);
		return NULL;
	}
	return v->text;
}

static struct sch *compile(struct compiler *c, const struct fc_node *n, const char *base,
                           enum draft draft, const char *loc)
{
	struct entry *e = fc_schema_table_find(c, n);
	if (!e) {
		fc_schema_scan(c, n, base, draft, loc, false);
		e = fc_schema_table_find(c, n);
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
		fc_schema_invalid(c, n, info.loc, "a schema must be an object or a boolean, not %s",
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
	s->pattern_rule = get_words(c, n, "x-pattern-rule", "pattern", info.loc);
	s->not_message = get_words(c, n, "x-not-message", "not", info.loc);
	s->any_of_rule = get_words(c, n, "x-anyOf-rule", "anyOf", info.loc);
	s->one_of_rule = get_words(c, n, "x-oneOf-rule", "oneOf", info.loc);
	if (info.draft == DRAFT_2020_12) {
		s->unevaluated_props = compile_keyword(c, &info, n, "unevaluatedProperties");
		s->unevaluated_items = compile_keyword(c, &info, n, "unevaluatedItems");
	}
	/* subschemas that are never applied still have to be valid schemas */
	const struct fc_node *defs =
	        fc_node_get(n, info.draft == DRAFT_07 ? "definitions" : "$defs");
	if (defs && defs->kind != FC_NODE_MAP)
		fc_schema_invalid(c, defs, info.loc, "'%s' must be an object",
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
	fc_schema_add_resource(&c, DEFAULT_BASE, root, "#", root);
	fc_schema_scan(&c, root, DEFAULT_BASE, draft, "#", true);
	const struct entry *re = fc_schema_table_find(&c, root);
	c.schema->root = compile(&c, root, re->base, re->draft, "#");
	if (strncmp(re->base, "fabchart:", 9) != 0) /* an absolute $id of its own */
		c.schema->id = fc_arena_strdup(&c.schema->arena, re->base);
	/* every $dynamicAnchor may become a $dynamicRef's target */
	struct sch **dyn_targets = fc_xcalloc(c.dyn_count ? c.dyn_count : 1, sizeof(*dyn_targets));
	for (size_t i = 0; i < c.dyn_count; i++) {
		const struct entry *e = fc_schema_table_find(&c, c.dyn[i].node);
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
	if (!c.schema->match_context) /* without it, matching would have no limit */
		fc_out_of_memory(sizeof(pcre2_match_context *));
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

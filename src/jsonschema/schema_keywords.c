/*
 * schema_keywords - the JSON Schema keywords of each instance type: numbers
 * (minimum, maximum, exclusive*, multipleOf, exactly through decimal.h),
 * strings (minLength, maxLength in code points, pattern, format), arrays
 * (prefixItems, items, contains, min/maxItems, uniqueItems through a hash
 * consistent with JSON equality) and objects (properties, patternProperties,
 * additionalProperties, required, propertyNames, dependent*, with a "did
 * you mean" for unknown names); the walk that calls them is
 * schema_validate.c.
 */
#include "schema_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* JSON equality                                                            */
/* ------------------------------------------------------------------------ */

/* Numbers by exact decimal value: 1, 1.0 and 10e-1 are equal. */
bool fc_schema_numbers_equal(const struct fc_node *a, const struct fc_node *b)
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

bool fc_schema_type_matches(unsigned types, const struct fc_node *n)
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
const char *fc_schema_types_text(struct vctx *c, unsigned types)
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
		fc_strbuf_addstr(&sb, fc_schema_type_names[i]);
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
	return fc_schema_json_text(c, lim->node, 40);
}

bool fc_schema_check_number(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                            const struct ipath *path, bool collect)
{
	bool valid = true, ok;
	if (s->minimum && (compare_number(inst, s->minimum, &ok) < 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "minimum", inst->pos, path,
		                    "value %s is less than the minimum %s",
		                    fc_schema_json_text(c, inst, 40), limit_text(c, s->minimum));
	}
	if (s->maximum && (compare_number(inst, s->maximum, &ok) > 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "maximum", inst->pos, path,
		                    "value %s is greater than the maximum %s",
		                    fc_schema_json_text(c, inst, 40), limit_text(c, s->maximum));
	}
	if (s->exclusive_minimum && (compare_number(inst, s->exclusive_minimum, &ok) <= 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "exclusiveMinimum", inst->pos, path,
		                    "value %s must be greater than %s",
		                    fc_schema_json_text(c, inst, 40),
		                    limit_text(c, s->exclusive_minimum));
	}
	if (s->exclusive_maximum && (compare_number(inst, s->exclusive_maximum, &ok) >= 0 || !ok)) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(
		        c, s, "exclusiveMaximum", inst->pos, path, "value %s must be less than %s",
		        fc_schema_json_text(c, inst, 40), limit_text(c, s->exclusive_maximum));
	}
	if (s->multiple_of && !is_multiple(inst, s->multiple_of)) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(
		        c, s, "multipleOf", inst->pos, path, "value %s is not a multiple of %s",
		        fc_schema_json_text(c, inst, 40), limit_text(c, s->multiple_of));
	}
	return valid;
}

bool fc_schema_check_string(struct vctx *c, const struct sch *s, const struct fc_node *inst,
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
			fc_schema_add_error(c, s, "minLength", inst->pos, path,
			                    "expected at least %zu character%s, got %zu",
			                    s->min_length, s->min_length == 1 ? "" : "s", n);
		}
		if (n > s->max_length) {
			valid = false;
			if (!collect)
				return false;
			fc_schema_add_error(c, s, "maxLength", inst->pos, path,
			                    "expected at most %zu character%s, got %zu",
			                    s->max_length, s->max_length == 1 ? "" : "s", n);
		}
	}
	if (s->pattern &&
	    !fc_schema_regex_search(c, s, s->pattern, inst, path, inst->text, inst->len)) {
		valid = false;
		if (!collect || c->aborted)
			return false;
		if (s->pattern_rule) /* the schema's words for the rule */
			fc_schema_add_error(c, s, "pattern", inst->pos, path, "%s is not %s",
			                    fc_schema_json_text(c, inst, 60), s->pattern_rule);
		else
			fc_schema_add_error(c, s, "pattern", inst->pos, path,
			                    "%s does not match the pattern '%s'",
			                    fc_schema_describe(c, inst),
			                    fc_schema_short_text(c, s->pattern_source,
			                                         strlen(s->pattern_source), 120));
	}
	if (s->format != FC_FORMAT_UNKNOWN && !fc_format_check(s->format, inst->text, inst->len)) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "format", inst->pos, path, "%s is not a valid %s",
		                    fc_schema_describe(c, inst), s->format_name);
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
				if (fc_node_equal(inst->items[i], inst->items[j],
				                  fc_schema_numbers_equal)) {
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
			                   fc_schema_numbers_equal))
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

bool fc_schema_check_array(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                           const struct ipath *path, bool collect, struct ann *ann)
{
	bool valid = true;
	size_t n = inst->count;
	if (n < s->min_items) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "minItems", inst->pos, path,
		                    "expected at least %zu item%s, got %zu", s->min_items,
		                    s->min_items == 1 ? "" : "s", n);
	}
	if (n > s->max_items) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "maxItems", inst->pos, path,
		                    "expected at most %zu item%s, got %zu", s->max_items,
		                    s->max_items == 1 ? "" : "s", n);
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
				fc_schema_add_error(c, s, s->rest_keyword, inst->items[i]->pos,
				                    path, "expected at most %zu item%s, got %zu",
				                    s->prefix_count,
				                    s->prefix_count == 1 ? "" : "s", n);
				break;
			}
			struct ipath step = {path, NULL, 0, i, path->depth + 1};
			if (ann)
				ann->marks[i] = 1;
			if (!fc_schema_evaluate(c, item_schema, inst->items[i], &step, collect,
			                        NULL)) {
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
			if (fc_schema_evaluate(c, s->contains, inst->items[i], &step, false,
			                       NULL)) {
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
				fc_schema_add_error(c, s, "contains", inst->pos, path,
				                    "no item matches the schema in 'contains'");
			else
				fc_schema_add_error(
				        c, s, "minContains", inst->pos, path,
				        "expected at least %zu items matching 'contains', got %zu",
				        s->min_contains, matches);
		}
		if (matches > s->max_contains) {
			valid = false;
			if (!collect)
				return false;
			fc_schema_add_error(
			        c, s, "maxContains", inst->pos, path,
			        "expected at most %zu item%s matching 'contains', got %zu",
			        s->max_contains, s->max_contains == 1 ? "" : "s", matches);
		}
	}
	size_t first, second;
	if (s->unique_items && !items_unique(inst, &first, &second)) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "uniqueItems", inst->pos, path,
		                    "items %zu and %zu are equal; items must be unique", first,
		                    second);
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
	const char *key = fc_schema_short_text(c, p->key, p->key_len, 80);
	const struct property *near = closest_property(s, p->key, p->key_len);
	if (near)
		fc_schema_add_error(c, s, "additionalProperties", p->key_pos, step,
		                    "unknown property '%s' (did you mean '%s'?)", key,
		                    fc_schema_short_text(c, near->name, near->len, 80));
	else if (s->prop_count && s->prop_count <= 8) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		for (size_t i = 0; i < s->prop_count; i++) {
			if (i)
				fc_strbuf_addstr(&sb, ", ");
			fc_strbuf_addstr(&sb, fc_schema_short_text(c, s->props[i].name,
			                                           s->props[i].len, 40));
		}
		fc_schema_add_error(c, s, "additionalProperties", p->key_pos, step,
		                    "unknown property '%s' (expected one of: %s)", key, sb.buf);
		fc_strbuf_release(&sb);
	} else {
		fc_schema_add_error(c, s, "additionalProperties", p->key_pos, step,
		                    "unknown property '%s'", key);
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
	if (fc_schema_evaluate(c, s->property_names, &name, step, false, NULL))
		return true;
	if (!collect || c->aborted)
		return false;
	size_t mark = c->err_count;
	fc_schema_evaluate(c, s->property_names, &name, step, true, NULL);
	const struct verr *inner = c->err_count > mark ? &c->errs[mark] : NULL;
	const char *why = inner ? inner->message : NULL;
	const struct sch *inner_sch = inner ? inner->sch : NULL;
	const char *inner_keyword = inner ? inner->keyword : NULL;
	c->err_count = mark;
	struct verr *e = fc_schema_add_error(
	        c, s, "propertyNames", p->key_pos, step, "invalid property name '%s'%s%s",
	        fc_schema_short_text(c, p->key, p->key_len, 80), why ? ": " : "", why ? why : "");
	/* the note names the keyword the name failed (propertyNames/pattern) */
	if (inner_sch && inner_keyword) {
		e->sch = inner_sch;
		e->keyword = inner_keyword;
	}
	return false;
}

bool fc_schema_check_object(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                            const struct ipath *path, bool collect, struct ann *ann)
{
	bool valid = true;
	size_t n = inst->count;
	if (n < s->min_props) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "minProperties", inst->pos, path,
		                    "expected at least %zu propert%s, got %zu", s->min_props,
		                    s->min_props == 1 ? "y" : "ies", n);
	}
	if (n > s->max_props) {
		valid = false;
		if (!collect)
			return false;
		fc_schema_add_error(c, s, "maxProperties", inst->pos, path,
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
			long j = s->prop_count ? fc_schema_find_prop(s, p->key, p->key_len) : -1;
			if (j >= 0) {
				matched = true;
				if (seen)
					seen[j] = 1;
				ok &= fc_schema_evaluate(c, s->props[j].schema, p->value, &step,
				                         collect, NULL);
			}
			for (size_t k = 0; k < s->pattern_count && (ok || collect); k++) {
				const struct pattern_property *pp = &s->patterns[k];
				if (fc_schema_regex_search(c, s, pp->re, inst, path, p->key,
				                           p->key_len)) {
					matched = true;
					ok &= fc_schema_evaluate(c, pp->schema, p->value, &step,
					                         collect, NULL);
				}
			}
			if (!matched && s->additional && (ok || collect)) {
				if (s->additional->is_bool && !s->additional->bool_value) {
					ok = false;
					if (collect)
						report_unknown_property(c, s, p, &step);
				} else {
					ok &= fc_schema_evaluate(c, s->additional, p->value, &step,
					                         collect, NULL);
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
			fc_schema_add_error(c, s, "required", inst->pos, path,
			                    "missing required property '%s'",
			                    fc_schema_short_text(c, r->name, r->len, 80));
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
			fc_schema_add_error(
			        c, s, d->keyword, inst->pos, path,
			        "missing property '%s', required when '%s' is present",
			        fc_schema_short_text(c, d->names[k].name, d->names[k].len, 80),
			        fc_schema_short_text(c, d->name, d->len, 80));
		}
	}
	for (size_t i = 0; i < s->dep_schema_count; i++) {
		const struct dependent_schema *d = &s->dep_schemas[i];
		if (!has_key(inst, d->name, d->len))
			continue;
		if (!fc_schema_evaluate(c, d->schema, inst, path, collect, ann)) {
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

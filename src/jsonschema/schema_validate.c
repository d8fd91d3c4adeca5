/*
 * schema_validate - the JSON Schema validator's walk over (schema, instance):
 * the dispatch by keyword group, the in-place applicators, unevaluated*,
 * $dynamicRef, the error records and their diagnostics; the keywords of
 * each instance type are in schema_keywords.c.  See schema.h for the
 * contract.
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
#include "schema_internal.h"

#include "json.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void ann_merge(struct ann *into, const struct ann *from)
{
	for (size_t i = 0; i < into->count; i++)
		into->marks[i] |= from->marks[i];
}

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
const char *fc_schema_short_text(struct vctx *c, const char *s, size_t len, size_t max)
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
const char *fc_schema_json_text(struct vctx *c, const struct fc_node *n, size_t max)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (n->kind == FC_NODE_STRING)
		fc_strbuf_add_json_string(&sb, n->text, n->len > max ? max : n->len);
	else
		fc_json_write(&sb, n);
	const char *r = fc_schema_short_text(c, sb.buf, sb.len, max + 2);
	fc_strbuf_release(&sb);
	return r;
}

/* "string \"3\"", "integer 3", "boolean true", "null", "object". */
const char *fc_schema_describe(struct vctx *c, const struct fc_node *n)
{
	switch (n->kind) {
	case FC_NODE_NULL: return "null";
	case FC_NODE_BOOL: return n->boolean ? "boolean true" : "boolean false";
	case FC_NODE_INT:
	case FC_NODE_FLOAT:
		return fc_arena_printf(&c->scratch, "%s %s",
		                       n->kind == FC_NODE_INT ? "integer" : "number",
		                       fc_schema_json_text(c, n, 40));
	case FC_NODE_STRING:
		return fc_arena_printf(&c->scratch, "string %s", fc_schema_json_text(c, n, 40));
	case FC_NODE_SEQ: return "array";
	case FC_NODE_MAP: return "object";
	}
	return "value";
}

struct verr *fc_schema_add_error(struct vctx *c, const struct sch *s, const char *keyword,
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

int fc_schema_regex_search(struct vctx *c, const struct sch *s, const pcre2_code *re,
                           const struct fc_node *inst, const struct ipath *path, const char *text,
                           size_t len)
{
	if (!c->md) {
		c->md = pcre2_match_data_create(1, NULL);
		if (!c->md)
			fc_out_of_memory(sizeof(pcre2_match_data *));
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, 0, c->md, c->schema->match_context);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMEMORY) /* not a mismatch: out of memory */
		fc_out_of_memory(len);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		stop(c, s, inst, path,
		     "validation stopped: a regular expression took too long to match");
	return 0;
}

/* True when text is a decimal number as YAML and JSON write one: an optional
 * '-', digits, and when fraction is allowed an optional '.' and digits. */
static bool looks_numeric(const char *s, size_t len, bool fraction)
{
	size_t i = len && s[0] == '-', digits = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (fraction && digits && i < len && s[i] == '.') {
		i++;
		size_t frac = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, frac++;
		if (!frac)
			return false;
	}
	return digits && i == len;
}

static bool yaml11_boolean(const char *s, size_t len)
{
	static const char *const words[] = {"yes", "no", "on", "off", "y", "n"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t k = 0;
		while (k < len && words[i][k] && (s[k] | 0x20) == words[i][k])
			k++;
		if (k == len && !words[i][k])
			return true;
	}
	return false;
}

/*
 * Hints for the common slips of a wrong type, appended to the message (""
 * when none applies):
 *  - a number or boolean where a string may stand: it was written without
 *    quotes (2.5 typed as a number by YAML or JSON), so " (quote it)";
 *  - a string item of an array where s wants an object with exactly one
 *    required property ([a, b] for a list of {name}), so " (write '- name: a')";
 *  - a quoted number where a number may stand, so " (remove the quotes)";
 *  - yes, no, on, off, y or n where a boolean may stand (YAML 1.1's booleans,
 *    strings in YAML 1.2 and JSON), so " (write true or false)".
 */
static const char *type_hint(struct vctx *c, const struct sch *s, unsigned types,
                             const struct fc_node *inst, const struct ipath *path)
{
	/* no example: a YAML 1.1 reader (Helm's values) may have rewritten the text,
	 * 1.10 as 1.1, and the value shown is what was read */
	if ((types & T_STRING) && (inst->kind == FC_NODE_INT || inst->kind == FC_NODE_FLOAT ||
	                           inst->kind == FC_NODE_BOOL))
		return " (quote it)";
	if (s && (types & T_OBJECT) && inst->kind == FC_NODE_STRING && s->required_count == 1 &&
	    path->up && !path->key && inst->len && !memchr(inst->text, '\n', inst->len))
		return fc_arena_printf(
		        &c->scratch, " (write '- %s: %s')",
		        fc_schema_short_text(c, s->required[0].name, s->required[0].len, 40),
		        fc_schema_short_text(c, inst->text, inst->len, 60));
	if (inst->kind == FC_NODE_STRING && (types & (T_INTEGER | T_NUMBER)) &&
	    looks_numeric(inst->text, inst->len, (types & T_NUMBER) != 0))
		return " (remove the quotes)";
	if (inst->kind == FC_NODE_STRING && (types & T_BOOLEAN) &&
	    yaml11_boolean(inst->text, inst->len))
		return " (write true or false)";
	return "";
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
 * types they accept.  When every branch failed on the value itself (one
 * error each, none inside it: a missing property of each) and the schema
 * has its words, one error says them.
 */
static void report_closest(struct vctx *c, const struct sch *s, const char *keyword,
                           struct sch *const *branches, size_t count, const struct fc_node *inst,
                           const struct ipath *path)
{
	size_t mark = c->err_count;
	size_t best_from = mark, best_to = mark;
	struct closeness best = {true, 0, SIZE_MAX};
	bool all_types = true, all_shallow = true; /* all_shallow: one non-type error each */
	for (size_t i = 0; i < count && !c->aborted; i++) {
		size_t from = c->err_count;
		fc_schema_evaluate(c, branches[i], inst, path, true, NULL);
		size_t to = c->err_count;
		bool shallow = to - from == 1 && c->errs[from].depth == path->depth;
		if (!shallow || !c->errs[from].expected)
			all_types = false;
		if (!shallow || c->errs[from].expected)
			all_shallow = false; /* a type error is not about the value itself */
		struct closeness m = measure(c, from, to, path->depth);
		if (to > from && (best_to == best_from || closer(m, best))) {
			best = m;
			best_from = from;
			best_to = to;
		}
	}
	if (c->aborted)
		return;
	const char *rule = strcmp(keyword, "oneOf") == 0 ? s->one_of_rule : s->any_of_rule;
	if (all_types && count > 1) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		unsigned types = 0;
		for (size_t i = 0; i < count; i++) {
			types |= c->errs[mark + i].expected_types;
			const char *t = c->errs[mark + i].expected;
			if (strstr(sb.buf, t))
				continue;
			if (sb.len)
				fc_strbuf_addstr(&sb, i + 1 == count ? " or " : ", ");
			fc_strbuf_addstr(&sb, t);
		}
		const char *got = c->errs[mark].got;
		c->err_count = mark;
		/* the schema's words for the alternatives, else their types */
		struct verr *e = fc_schema_add_error(c, s, keyword, inst->pos, path,
		                                     "expected %s, got %s%s", rule ? rule : sb.buf,
		                                     got, type_hint(c, NULL, types, inst, path));
		e->code = "schema-type"; /* a type error, whose note names anyOf/oneOf */
		fc_strbuf_release(&sb);
		return;
	}
	if (best_to == best_from || (all_shallow && rule && count > 1)) {
		c->err_count = mark;
		if (rule)
			fc_schema_add_error(c, s, keyword, inst->pos, path, "value is not %s",
			                    rule);
		else
			fc_schema_add_error(c, s, keyword, inst->pos, path,
			                    "value does not match any of the alternatives in '%s'",
			                    keyword);
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
		if (!fc_schema_evaluate(c, s->all_of[i], inst, path, collect, ann)) {
			valid = false;
			if (!collect)
				return false;
		}
	}
	if (s->any_of_count) {
		bool any = false;
		/* with annotations, every branch that passes contributes */
		for (size_t i = 0; i < s->any_of_count && (!any || ann); i++)
			any |= fc_schema_evaluate(c, s->any_of[i], inst, path, false, ann);
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
			if (fc_schema_evaluate(c, s->one_of[i], inst, path, false, ann)) {
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
			else if (s->one_of_rule)
				fc_schema_add_error(
				        c, s, "oneOf", inst->pos, path,
				        "value matches %zu alternatives where exactly one "
				        "must match: %s",
				        matches, s->one_of_rule);
			else
				fc_schema_add_error(
				        c, s, "oneOf", inst->pos, path,
				        "value matches %zu alternatives of 'oneOf' (%s/oneOf/%zu "
				        "and %s/oneOf/%zu); it must match exactly one",
				        matches, s->loc, first, s->loc, second);
		}
	}
	if (s->not_schema && fc_schema_evaluate(c, s->not_schema, inst, path, false, NULL)) {
		valid = false;
		if (!collect)
			return false;
		if (s->not_message)
			fc_schema_add_error(c, s, "not", inst->pos, path, "%s", s->not_message);
		else
			fc_schema_add_error(c, s, "not", inst->pos, path,
			                    "value must not match the schema in 'not'");
	}
	if (s->if_schema) {
		bool cond = fc_schema_evaluate(c, s->if_schema, inst, path, false, ann);
		const struct sch *branch = cond ? s->then_schema : s->else_schema;
		if (branch && !fc_schema_evaluate(c, branch, inst, path, collect, ann)) {
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
			fc_strbuf_addstr(&sb, fc_schema_short_text(c, v->text, v->len, 60));
		else
			fc_strbuf_addstr(&sb, fc_schema_json_text(c, v, 60));
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
				fc_schema_add_error(
				        c, s, "unevaluatedProperties", p->key_pos, &step,
				        "unknown property '%s'",
				        fc_schema_short_text(c, p->key, p->key_len, 80));
			} else if (!fc_schema_evaluate(c, u, p->value, &step, collect, NULL)) {
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
				fc_schema_add_error(c, s, "unevaluatedItems", inst->items[i]->pos,
				                    &step, "item %zu is not allowed here", i);
			} else if (!fc_schema_evaluate(c, u, inst->items[i], &step, collect,
			                               NULL)) {
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
	if (s->ref && !fc_schema_evaluate(c, s->ref, inst, path, collect, ann)) {
		valid = false;
		if (!collect)
			return false;
	}
	if (s->dyn_ref && !fc_schema_evaluate(c, dynamic_target(c, s), inst, path, collect, ann)) {
		valid = false;
		if (!collect)
			return false;
	}
	if (s->has_types && !fc_schema_type_matches(s->types, inst)) {
		valid = false;
		if (!collect)
			return false;
		const char *expected = fc_schema_types_text(c, s->types);
		const char *got = fc_schema_describe(c, inst);
		struct verr *e =
		        fc_schema_add_error(c, s, "type", inst->pos, path, "expected %s, got %s%s",
		                            expected, got, type_hint(c, s, s->types, inst, path));
		e->expected = expected;
		e->expected_types = s->types;
		e->got = got;
	}
	if (s->const_value && !fc_node_equal(s->const_value, inst, fc_schema_numbers_equal)) {
		valid = false;
		if (!collect)
			return false;
		const struct fc_node *v = s->const_value;
		if (v->kind == FC_NODE_STRING)
			fc_schema_add_error(c, s, "const", inst->pos, path, "value must be '%s'",
			                    fc_schema_short_text(c, v->text, v->len, 80));
		else
			fc_schema_add_error(c, s, "const", inst->pos, path, "value must be %s",
			                    fc_schema_json_text(c, v, 80));
	}
	if (s->has_enum) {
		bool found = false;
		for (size_t i = 0; i < s->enum_count && !found; i++)
			found = fc_node_equal(s->enum_values[i], inst, fc_schema_numbers_equal);
		if (!found) {
			valid = false;
			if (!collect)
				return false;
			if (s->enum_count == 0)
				fc_schema_add_error(c, s, "enum", inst->pos, path,
				                    "no value is allowed here (the enum is empty)");
			else
				fc_schema_add_error(c, s, "enum", inst->pos, path,
				                    "value must be one of: %s", enum_text(c, s));
		}
	}
	if (s->groups) {
		bool ok = true;
		switch (inst->kind) {
		case FC_NODE_INT:
		case FC_NODE_FLOAT:
			if (s->groups & G_NUMBER)
				ok = fc_schema_check_number(c, s, inst, path, collect);
			break;
		case FC_NODE_STRING:
			if (s->groups & G_STRING)
				ok = fc_schema_check_string(c, s, inst, path, collect);
			break;
		case FC_NODE_SEQ:
			if (s->groups & G_ARRAY)
				ok = fc_schema_check_array(c, s, inst, path, collect, ann);
			break;
		case FC_NODE_MAP:
			if (s->groups & G_OBJECT)
				ok = fc_schema_check_object(c, s, inst, path, collect, ann);
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

bool fc_schema_evaluate(struct vctx *c, const struct sch *s, const struct fc_node *inst,
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
			fc_schema_add_error(c, s, NULL, inst->pos, path,
			                    "no value is allowed here");
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

/* The note names the keyword by the schema's $id (when it has one) and a
 * JSON Pointer: "schema: https://example.com/s.json#/properties/a/type". */
static void emit(struct fc_diags *diags, const struct fc_schema *schema, const struct verr *e)
{
	struct fc_diag *d = fc_diag_error(diags, e->code, e->pos, e->path, "%s", e->message);
	const char *id = schema->id ? schema->id : "";
	if (e->keyword)
		fc_diag_note(diags, d, keyword_pos(e), "schema: %s%s/%s", id, e->sch->loc,
		             e->keyword);
	else
		fc_diag_note(diags, d, keyword_pos(e), "schema: %s%s", id, e->sch->loc);
}

int fc_schema_validate(const struct fc_schema *schema, const struct fc_node *instance,
                       struct fc_diags *diags)
{
	struct vctx c;
	memset(&c, 0, sizeof(c));
	c.schema = schema;
	fc_arena_init(&c.scratch);
	struct ipath root = {NULL, NULL, 0, 0, 0};
	bool ok = fc_schema_evaluate(&c, schema->root, instance, &root, diags != NULL, NULL);
	if (diags) {
		for (size_t i = 0; i < c.err_count; i++)
			emit(diags, schema, &c.errs[i]);
		if (c.aborted) {
			struct fc_diag *d = fc_diag_error(diags, c.limit.code, c.limit.pos,
			                                  c.limit.path, "%s", c.limit.message);
			fc_diag_note(diags, d, c.limit.sch->node->pos, "schema: %s%s",
			             schema->id ? schema->id : "", c.limit.sch->loc);
		}
	}
	free(c.errs);
	pcre2_match_data_free(c.md);
	fc_arena_release(&c.scratch);
	return ok && !c.aborted ? 0 : -1;
}

/*
 * schema_internal - what the parts of the JSON Schema validator share, and
 * nothing outside src/jsonschema/ includes: the compiled form of a schema
 * (struct sch, built by schema_compile.c, read-only afterwards) and the
 * validation context (struct vctx) that schema_validate.c (the walk, the
 * applicators, error records) and schema_keywords.c (the keywords of
 * numbers, strings, arrays and objects) pass each other.
 */
#ifndef FC_SCHEMA_INTERNAL_H
#define FC_SCHEMA_INTERNAL_H

#include "decimal.h"
#include "ecma_regex.h"
#include "schema.h"
#include "schema_format.h"

#include <stdbool.h>
#include <stddef.h>

/* Bounds of one validation, reported as [schema-limit]. */
#define MAX_EVAL_DEPTH 512u
#define MAX_EVAL_STEPS 10000000ul
#define PCRE2_MATCH_LIMIT 1000000u

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

/* "null", "boolean", ... in the order of the type bits. */
#define NTYPES 7
extern const char *const fc_schema_type_names[NTYPES];

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
	/* words for messages (schema.h): x-pattern-rule, x-not-message, x-anyOf-rule,
	 * x-oneOf-rule; NULL when absent */
	const char *pattern_rule;
	const char *not_message, *any_of_rule, *one_of_rule;
};

struct fc_schema {
	struct fc_arena arena;
	struct sch *root;
	const char *id; /* the root's absolute $id, for notes; NULL without one */
	pcre2_code **codes; /* every compiled pattern, freed by fc_schema_free */
	size_t code_count, code_alloc;
	pcre2_match_context *match_context;
};

/* The index of the declared property name in s->props, or -1. */
long fc_schema_find_prop(const struct sch *s, const char *name, size_t len);

/* ------------------------------------------------------------------------ */
/* Validation context                                                       */
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
	unsigned expected_types; /* type errors: their type bits */
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

/* ---- schema_validate.c ---------------------------------------------------- */

/* Validates inst against s at path; records errors when collect, and marks
 * what it evaluated in ann (NULL when not tracked).  False when invalid. */
bool fc_schema_evaluate(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                        const struct ipath *path, bool collect, struct ann *ann);
/* Records an error of keyword (NULL: a false schema) at pos and path. */
struct verr *fc_schema_add_error(struct vctx *c, const struct sch *s, const char *keyword,
                                 struct fc_pos pos, const struct ipath *path, const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));
/* 1 when re matches text, 0 when not or when matching stopped validation. */
int fc_schema_regex_search(struct vctx *c, const struct sch *s, const pcre2_code *re,
                           const struct fc_node *inst, const struct ipath *path, const char *text,
                           size_t len);
/* Texts for messages, in the context's scratch arena. */
const char *fc_schema_short_text(struct vctx *c, const char *s, size_t len, size_t max);
const char *fc_schema_json_text(struct vctx *c, const struct fc_node *n, size_t max);
const char *fc_schema_describe(struct vctx *c, const struct fc_node *n);

/* ---- schema_keywords.c ---------------------------------------------------- */

bool fc_schema_type_matches(unsigned types, const struct fc_node *n);
const char *fc_schema_types_text(struct vctx *c, unsigned types);
/* Numbers by exact decimal value (doc.h's fc_node_equal comparator). */
bool fc_schema_numbers_equal(const struct fc_node *a, const struct fc_node *b);
/* The keywords of one instance type; false when inst fails one. */
bool fc_schema_check_number(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                            const struct ipath *path, bool collect);
bool fc_schema_check_string(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                            const struct ipath *path, bool collect);
bool fc_schema_check_array(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                           const struct ipath *path, bool collect, struct ann *ann);
bool fc_schema_check_object(struct vctx *c, const struct sch *s, const struct fc_node *inst,
                            const struct ipath *path, bool collect, struct ann *ann);

#endif

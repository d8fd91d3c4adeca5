/*
 * schema - a generic JSON Schema validator (drafts 2020-12 and 07) over
 * document trees.  Knows nothing of Fabric.
 *
 * A schema document is compiled once (fc_schema_compile) and can then
 * validate any number of instances.  The compiled schema owns its memory
 * (compiled regular expressions included) and is freed by fc_schema_free().
 * The schema document itself must outlive the compiled schema.
 *
 * Diagnostics for an invalid instance carry the instance's position (from its
 * node), its JSON Pointer as path, code "schema-<keyword>" (e.g.
 * schema-type, schema-required, schema-additionalProperties), a sentence a
 * user can act on ("expected integer, got string \"3\"", "unknown property
 * 'peer' (did you mean 'peers'?)", "value must be one of: solo, kafka") and
 * a note giving the schema keyword's location ("schema: #/properties/x/type",
 * prefixed by the root's $id when it has an absolute one:
 * "schema: https://example.com/s.json#/properties/x/type").  For anyOf/oneOf
 * only the closest branch's errors are reported.
 *
 * Words: a schema may state its rules in words, in keywords that other
 * validators ignore as unknown annotations (the "x-" prefix marks them as
 * extensions, as OpenAPI's does).  Each must be a non-empty string beside the keyword it
 * explains, else the schema is [schema-invalid]:
 *   x-pattern-rule  what a matching string is, a noun phrase ("a DNS-1123
 *                   label: ..."); a mismatch reads "\"Org_1\" is not RULE"
 *                   instead of quoting the regular expression;
 *   x-oneOf-rule,   what the alternatives accept, a noun phrase; when every
 *   x-anyOf-rule    branch fails on the value's type the error reads
 *                   "expected RULE, got string \"two\"" instead of listing
 *                   the branches' types;
 *   x-not-message   the whole message when the value matches 'not'.
 * Hints for common slips are appended to type errors: a number or boolean
 * where a string is expected "(quote it)", a quoted number where a
 * number is "(remove the quotes)", yes/no/on/off/y/n where a boolean is
 * "(write true or false)", and a string item where an object with exactly
 * one required property is "(write '- name: a')".
 */
#ifndef FC_SCHEMA_H
#define FC_SCHEMA_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>

struct fc_schema;

/* The dialect of a schema whose root has no $schema. */
enum fc_schema_draft {
	FC_SCHEMA_DRAFT_2020_12, /* the default */
	FC_SCHEMA_DRAFT_07,
};

struct fc_schema_options {
	bool format_assertion; /* assert date-time, date, time, ipv4, ipv6, hostname,
	                          uri, email, uuid, regex; otherwise annotations */
	enum fc_schema_draft default_draft; /* used when the root has no $schema */
};

/*
 * Compiles root (a schema document named file).  Errors in the schema itself
 * (bad keyword values, unknown $schema, remote $ref, invalid patterns) are
 * reported as [schema-invalid] diagnostics at the schema's positions.
 * Returns 0 and sets *out, or -1.  options may be NULL for the defaults.
 *
 * Supported: drafts 2020-12 and 07 (chosen by $schema; the unversioned
 * "http://json-schema.org/schema#" is read as draft-07, any other unknown
 * $schema is an error).  $ref, $id, $anchor resolve inside the document only.
 * unevaluatedItems, unevaluatedProperties (annotations of successful in-place
 * subschemas) and $dynamicRef / $dynamicAnchor (dynamic scope) are supported;
 * draft 2019-09's $recursiveRef is [schema-invalid].
 */
int fc_schema_compile(struct fc_schema **out, const struct fc_node *root,
                      const struct fc_schema_options *options, struct fc_diags *diags);

/*
 * Validates instance; returns 0 when valid, -1 when not (with error
 * diagnostics in diags).  diags may be NULL to ask for the verdict only.
 * Evaluation is bounded: a $ref chain deeper than 512 schemas or more than
 * ten million schema evaluations stops validation with [schema-limit].
 * A compiled schema is not modified by validation.
 */
int fc_schema_validate(const struct fc_schema *schema, const struct fc_node *instance,
                       struct fc_diags *diags);

void fc_schema_free(struct fc_schema *schema);

#endif

/*
 * schema_compiler - the state of the JSON Schema compiler, shared by its two
 * passes: schema_scan.c (pass 1: base URIs, dialects, locations, resources
 * and anchors of every subschema) and schema_compile.c (pass 2: subschemas to
 * struct sch, $ref resolution).  Private to those two files; see
 * schema_compile.c for the passes and schema.h for the contract.
 */
#ifndef FC_SCHEMA_COMPILER_H
#define FC_SCHEMA_COMPILER_H

#include "schema_internal.h"

#include <stdbool.h>
#include <stddef.h>

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

/* An [schema-invalid] error at at (its location loc); counted even without
 * diagnostics. */
void fc_schema_invalid(struct compiler *c, const struct fc_node *at, const char *loc,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- schema_scan.c ---- */

/* The scan's entry of node n, or NULL when it was not scanned. */
struct entry *fc_schema_table_find(struct compiler *c, const struct fc_node *n);
/* The resource or anchor of key ("uri" or "uri#name"), or NULL. */
const struct resource *fc_schema_find_resource(const struct compiler *c, const char *key);
/* Registers key for node; a key naming two nodes is an error at at. */
void fc_schema_add_resource(struct compiler *c, const char *key, const struct fc_node *node,
                            const char *loc, const struct fc_node *at);
/* JSON Pointer locations: loc + "/" + key (escaped), loc + "/" + i. */
const char *fc_schema_child_loc(struct compiler *c, const char *loc, const char *key, size_t len);
const char *fc_schema_index_loc(struct compiler *c, const char *loc, size_t i);
/* Pass 1 over the subschema n and every subschema below it. */
void fc_schema_scan(struct compiler *c, const struct fc_node *n, const char *base, enum draft draft,
                    const char *loc, bool is_root);

#endif

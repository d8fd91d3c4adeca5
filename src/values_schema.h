/*
 * values_schema - the draft-07 values.schema.json of a chart, derived from
 * its values tree (render.h) so that the two cannot disagree: every key
 * required, no other key allowed.  Install-time knobs (images, pull policy,
 * resources, the storage knobs of the chart's storage kind, the scheduling
 * maps; only for components the network has) get strict types: image
 * references, Kubernetes quantities, DNS names, the Kubernetes types of
 * schemas/values-scheduling.schema.json.  Every other value is a compiled
 * fact, pinned by "const" (its value).  Allocates from the caller's arena;
 * never prints.
 */
#ifndef FC_VALUES_SCHEMA_H
#define FC_VALUES_SCHEMA_H

#include "arena.h"
#include "doc.h"

/* The draft-07 schema of a values tree. */
struct fc_node *fc_values_schema_build(struct fc_arena *arena, const struct fc_node *values);

/* One install-time knob of a values tree. */
struct fc_values_knob {
	const char *key; /* dotted: "images.peer.repository" */
	const char *type; /* what it accepts: "image repository", "quantity", ... */
	const struct fc_node *value; /* its default (in the values tree) */
	const char *doc; /* what it changes, from the values' comments */
};

/* The knobs of values (as the schema types them), in the order of the
 * values; *knobs is an arena array of the returned count. */
size_t fc_values_schema_knobs(struct fc_arena *arena, const struct fc_node *values,
                              struct fc_values_knob **knobs);

#endif

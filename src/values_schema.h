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

#endif

/*
 * values_schema - the draft-07 values.schema.json of a chart, derived from
 * its values tree (render.h) so that the two cannot disagree: every key
 * required, no other key allowed, types from the values, port ranges and
 * enumerations by key.  Allocates from the caller's arena; never prints.
 */
#ifndef FC_VALUES_SCHEMA_H
#define FC_VALUES_SCHEMA_H

#include "arena.h"
#include "doc.h"

/* The draft-07 schema of a values tree. */
struct fc_node *fc_values_schema_build(struct fc_arena *arena, const struct fc_node *values);

#endif

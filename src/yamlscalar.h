/*
 * yamlscalar - the type of a plain YAML scalar: YAML 1.2's core schema
 * (what fabchart reads topologies with) and YAML 1.1 as Helm's values
 * reader (go-yaml v2) types it.  Used by load.c on each untagged plain
 * scalar and each explicit core tag.
 *
 * Each function takes a node whose kind is FC_NODE_STRING and whose text
 * and len are set, and retypes it in place; nothing allocates but
 * fc_yaml_scalar_plain_yaml11, in the arena it is given.
 */
#ifndef FC_YAMLSCALAR_H
#define FC_YAMLSCALAR_H

#include "arena.h"
#include "doc.h"

#include <stdbool.h>

/* Core schema null (~, null, Null, NULL, empty): FC_NODE_NULL, true; else false. */
bool fc_yaml_scalar_null(struct fc_node *n);
/* Core schema bool (true/True/TRUE/false/False/FALSE). */
bool fc_yaml_scalar_bool(struct fc_node *n);
/* Core schema int (decimal, 0o octal, 0x hex); beyond int64 a float. */
bool fc_yaml_scalar_int(struct fc_node *n);
/* Core schema float (decimal with '.' or an exponent, .inf, .nan). */
bool fc_yaml_scalar_float(struct fc_node *n);
/* An untagged plain scalar by the core schema; a string when nothing fits. */
void fc_yaml_scalar_plain(struct fc_node *n);
/* An untagged plain scalar as Helm's reader types it (YAML 1.1: yes/no/on/off
 * booleans, 0755 octal, ...), with Helm's text for numbers. */
void fc_yaml_scalar_plain_yaml11(struct fc_arena *arena, struct fc_node *n);
/* The text of a mapping key as Helm sees it (yes: becomes "true"). */
void fc_yaml_scalar_key_yaml11(struct fc_node *n);

#endif

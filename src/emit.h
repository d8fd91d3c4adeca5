/*
 * emit - building output trees and writing them as YAML or JSON,
 * deterministically.
 *
 * Trees are ordinary document nodes (doc.h) made in an arena with the
 * fc_tree_* builders; mapping keys keep insertion order.  A pair may carry a
 * comment, written above its key in YAML (each line prefixed "# ").
 *
 * YAML rules, so that Helm's YAML 1.1 reader and ours agree: every string is
 * double-quoted with JSON escapes (never `yes`, `on`, `1.10` read as
 * anything else), keys are quoted unless they are plain identifiers
 * ([A-Za-z_][A-Za-z0-9_.-]*, not a YAML 1.1 boolean/null word), integers
 * are written in decimal, empty mappings and sequences as {} and [].
 * Indentation is two spaces; sequences of mappings use "- " items.
 */
#ifndef FC_EMIT_H
#define FC_EMIT_H

#include "doc.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stdint.h>

struct fc_node *fc_tree_map(struct fc_arena *arena);
struct fc_node *fc_tree_seq(struct fc_arena *arena);
struct fc_node *fc_tree_str(struct fc_arena *arena, const char *text);
struct fc_node *fc_tree_strf(struct fc_arena *arena, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
struct fc_node *fc_tree_int(struct fc_arena *arena, int64_t value);
struct fc_node *fc_tree_bool(struct fc_arena *arena, bool value);
struct fc_node *fc_tree_null(struct fc_arena *arena);

/* Appends key -> value to map (comment may be NULL); returns value. */
struct fc_node *fc_tree_set(struct fc_arena *arena, struct fc_node *map, const char *key,
                            struct fc_node *value, const char *comment);
/* Appends value to seq; returns value. */
struct fc_node *fc_tree_push(struct fc_arena *arena, struct fc_node *seq, struct fc_node *value);

/* Writes node as a YAML document (no "---"), ending with a newline. */
void fc_emit_yaml(struct fc_strbuf *out, const struct fc_node *node);
/*
 * Writes node as JSON, ending with a newline: a collection that fits on its
 * line (100 columns) on one line, others a member a line indented by two
 * spaces.
 */
void fc_emit_json(struct fc_strbuf *out, const struct fc_node *node);

#endif

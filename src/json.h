/*
 * json - a strict JSON reader (RFC 8259) producing the same document tree as
 * the YAML loader, with 1-based positions.
 *
 * Used for JSON Schemas (the embedded topology schema, --schema files) and
 * for test data that libyaml cannot read.  Integers that fit int64 are
 * FC_NODE_INT; other numbers FC_NODE_FLOAT with their spelling in text.
 * Strings are decoded (\uXXXX with surrogate pairs to UTF-8; \u0000 allowed,
 * hence explicit lengths).  Errors: [json-syntax], [duplicate-key] (with a
 * note at the first key), [yaml-too-deep] beyond max_depth, [yaml-encoding]
 * for invalid UTF-8, [input-too-large], [yaml-scalar-too-long] for a string
 * or number longer than max_scalar.  Columns count code points.
 */
#ifndef FC_JSON_H
#define FC_JSON_H

#include "doc.h"

/* Returns 0 and sets *root, or -1 with errors in diags; limits may be NULL. */
int fc_json_parse(struct fc_arena *arena, const char *file, const char *text, size_t len,
                  const struct fc_load_limits *limits, struct fc_node **root,
                  struct fc_diags *diags);

/* Appends node as compact JSON (keys in document order). */
void fc_json_write(struct fc_strbuf *out, const struct fc_node *node);

#endif

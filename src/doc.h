/*
 * doc - the document: a tree of nodes with source positions.
 *
 * The loader (YAML, load.h) and the JSON reader (json.h) both produce this
 * tree; the schema validator and the model read it.  Nodes are immutable once
 * built and live in the arena they were built in.
 *
 * Scalars are typed by the YAML 1.2 core schema (or by JSON):
 *   FC_NODE_NULL, FC_NODE_BOOL (boolean), FC_NODE_INT (integer, exact when the
 *   value fits in int64), FC_NODE_FLOAT (number; also integers beyond int64),
 *   FC_NODE_STRING (text/len; may hold NUL bytes when read from JSON).
 * For every scalar, text/len is the value as written (numbers keep their
 * source spelling, so exact decimal arithmetic stays possible).
 * Sequences hold items[count]; mappings hold pairs[count] in source order
 * (keys are unique: the readers reject duplicates).
 *
 * The readers' limits (struct fc_load_limits) are here, so that both readers
 * share them without one including the other.
 */
#ifndef FC_DOC_H
#define FC_DOC_H

#include "arena.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fc_node_kind {
	FC_NODE_NULL,
	FC_NODE_BOOL,
	FC_NODE_INT,
	FC_NODE_FLOAT,
	FC_NODE_STRING,
	FC_NODE_SEQ,
	FC_NODE_MAP,
};

struct fc_node;

struct fc_pair {
	const char *key; /* NUL-terminated; key_len bytes (may hold NUL from JSON) */
	size_t key_len;
	struct fc_pos key_pos;
	struct fc_node *value;
	const char *comment; /* emitted above the key (emit.h); NULL from readers */
};

struct fc_node {
	enum fc_node_kind kind;
	struct fc_pos pos; /* where the node starts */
	const char *text; /* scalars: value as written (NUL-terminated) */
	size_t len;
	bool boolean; /* FC_NODE_BOOL */
	int64_t integer; /* FC_NODE_INT */
	double number; /* FC_NODE_INT and FC_NODE_FLOAT */
	size_t count; /* items or pairs */
	struct fc_node **items;
	struct fc_pair *pairs;
	size_t alloc; /* capacity while a tree is built (emit.h) */
	/* YAML strings written on one line exactly as their text (plain, or quoted
	 * without escapes): the column of the text's first character, so that a
	 * position inside the value can be reported; 0 otherwise */
	unsigned text_column;
};

/*
 * Limits of the document readers (load.h for YAML, json.h for JSON): input
 * bytes, nesting depth and the length of one scalar.
 */
struct fc_load_limits {
	size_t max_bytes; /* default 1 MiB */
	unsigned max_depth; /* default 64 */
	size_t max_scalar; /* default 64 KiB */
};

extern const struct fc_load_limits fc_load_default_limits;

/* "null", "boolean", "integer", "number", "string", "array", "object". */
const char *fc_node_kind_name(enum fc_node_kind kind);

struct fc_node *fc_node_new(struct fc_arena *arena, enum fc_node_kind kind, struct fc_pos pos);
struct fc_node *fc_node_new_string(struct fc_arena *arena, struct fc_pos pos, const char *text,
                                   size_t len);

/* Value of key in a mapping; NULL when absent or node is not a mapping. */
const struct fc_node *fc_node_get(const struct fc_node *map, const char *key);
const struct fc_pair *fc_node_get_pair(const struct fc_node *map, const char *key);
bool fc_node_is_number(const struct fc_node *node);

/* True when the numbers a and b (fc_node_is_number) are equal. */
typedef bool fc_numbers_equal_fn(const struct fc_node *a, const struct fc_node *b);

/*
 * JSON equality (JSON Schema's "equal", for const, enum and uniqueItems):
 * numbers by numbers_equal whatever their kinds (NULL: two integers by
 * value, other numbers as doubles, NaN equal to NaN), strings byte for byte,
 * sequences item by item, mappings with the same keys in any order and equal
 * values; nothing else equals a value of another kind.
 */
bool fc_node_equal(const struct fc_node *a, const struct fc_node *b,
                   fc_numbers_equal_fn *numbers_equal);

/*
 * JSON Pointers (RFC 6901).  Results live in the arena.  The root is "".
 */
const char *fc_pointer_key(struct fc_arena *arena, const char *base, const char *key,
                           size_t key_len);
const char *fc_pointer_index(struct fc_arena *arena, const char *base, size_t index);
/* Follows a pointer from root; NULL when it does not resolve.  Array
 * indexes are digits without leading zeros. */
const struct fc_node *fc_pointer_resolve(const struct fc_node *root, const char *pointer);
/* The same for len bytes (already percent-decoded when they come from a URI
 * fragment), which may hold NUL bytes. */
const struct fc_node *fc_pointer_resolve_n(const struct fc_node *root, const char *p, size_t len);

#endif

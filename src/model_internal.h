/*
 * model_internal - the private side of the model module, shared by model.c
 * (organizations, consensus, channels, storage: the network) and
 * model_ports.c (exposure, isolation, Service addresses and the port map):
 * the builder and the typed accessors to the topology document.
 *
 * Ownership: as model.h; nothing here allocates but through the builder's arena.
 */
#ifndef FC_MODEL_INTERNAL_H
#define FC_MODEL_INTERNAL_H

#include "model.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct builder {
	struct fc_arena *arena;
	struct fc_diags *diags;
	struct fc_network *net;
	const struct fc_node *root;
};

/* ---- typed access to the document ---------------------------------------- */

static inline const struct fc_node *get_kind(const struct fc_node *map, const char *key,
                                             enum fc_node_kind kind)
{
	const struct fc_node *n = fc_node_get(map, key);
	return n && n->kind == kind ? n : NULL;
}

static inline const char *get_string(const struct fc_node *map, const char *key,
                                     const char *fallback)
{
	const struct fc_node *n = get_kind(map, key, FC_NODE_STRING);
	return n ? n->text : fallback;
}

/*
 * A whole number in [0, max]: an integer, or a number with an integral value
 * (JSON Schema counts 4.0 as an integer).  False for anything else.
 */
static inline bool as_whole(const struct fc_node *n, unsigned max, unsigned *out)
{
	if (!n)
		return false;
	if (n->kind == FC_NODE_INT && n->integer >= 0 && n->integer <= (int64_t)max) {
		*out = (unsigned)n->integer;
		return true;
	}
	if (n->kind == FC_NODE_FLOAT && n->number >= 0 && n->number <= (double)max &&
	    n->number == (double)(unsigned)n->number) {
		*out = (unsigned)n->number;
		return true;
	}
	return false;
}

static inline unsigned get_unsigned(const struct fc_node *map, const char *key, unsigned fallback)
{
	unsigned v;
	return as_whole(fc_node_get(map, key), 1000000, &v) ? v : fallback;
}

static inline bool get_bool(const struct fc_node *map, const char *key, bool fallback)
{
	const struct fc_node *n = get_kind(map, key, FC_NODE_BOOL);
	return n ? n->boolean : fallback;
}

/* Position of key's value, or of the mapping when the key is absent. */
static inline struct fc_pos pos_of(const struct fc_node *map, const char *key)
{
	const struct fc_node *n = fc_node_get(map, key);
	if (n)
		return n->pos;
	return map ? map->pos : (struct fc_pos){0};
}

static inline const char *ptr(struct builder *b, const char *base, const char *key)
{
	return fc_pointer_key(b->arena, base, key, strlen(key));
}

/* model_ports.c: exposure and isolation (with their rules), after storage */
void fc_model_read_exposure(struct builder *b);
/* model_ports.c: every node's Service address; needs the cluster domain */
void fc_model_derive_addresses(struct builder *b);
/* model_ports.c: the port map and its NodePort rules */
void fc_model_build_port_map(struct builder *b);
/* model_ports.c: external names and addresses (after the port map) and their rules */
void fc_model_derive_external(struct builder *b);

#endif

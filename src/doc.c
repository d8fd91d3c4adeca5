/*
 * doc - node construction, lookup, JSON Pointers and the readers' default
 * limits; see doc.h.
 */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct fc_load_limits fc_load_default_limits = {
        .max_bytes = 1024 * 1024,
        .max_depth = 64,
        .max_scalar = 64 * 1024,
};

const char *fc_node_kind_name(enum fc_node_kind kind)
{
	switch (kind) {
	case FC_NODE_NULL: return "null";
	case FC_NODE_BOOL: return "boolean";
	case FC_NODE_INT: return "integer";
	case FC_NODE_FLOAT: return "number";
	case FC_NODE_STRING: return "string";
	case FC_NODE_SEQ: return "array";
	case FC_NODE_MAP: return "object";
	}
	return "unknown";
}

struct fc_node *fc_node_new(struct fc_arena *arena, enum fc_node_kind kind, struct fc_pos pos)
{
	struct fc_node *n = fc_arena_alloc(arena, sizeof(*n));
	n->kind = kind;
	n->pos = pos;
	n->text = "";
	return n;
}

struct fc_node *fc_node_new_string(struct fc_arena *arena, struct fc_pos pos, const char *text,
                                   size_t len)
{
	struct fc_node *n = fc_node_new(arena, FC_NODE_STRING, pos);
	n->text = fc_arena_strndup(arena, text, len);
	n->len = len;
	return n;
}

const struct fc_pair *fc_node_get_pair(const struct fc_node *map, const char *key)
{
	if (!map || map->kind != FC_NODE_MAP)
		return NULL;
	size_t klen = strlen(key);
	for (size_t i = 0; i < map->count; i++) {
		const struct fc_pair *p = &map->pairs[i];
		if (p->key_len == klen && memcmp(p->key, key, klen) == 0)
			return p;
	}
	return NULL;
}

const struct fc_node *fc_node_get(const struct fc_node *map, const char *key)
{
	const struct fc_pair *p = fc_node_get_pair(map, key);
	return p ? p->value : NULL;
}

bool fc_node_is_number(const struct fc_node *node)
{
	return node && (node->kind == FC_NODE_INT || node->kind == FC_NODE_FLOAT);
}

static bool default_numbers_equal(const struct fc_node *a, const struct fc_node *b)
{
	if (a->kind == FC_NODE_INT && b->kind == FC_NODE_INT)
		return a->integer == b->integer;
	return a->number == b->number || (a->number != a->number && b->number != b->number);
}

bool fc_node_equal(const struct fc_node *a, const struct fc_node *b,
                   fc_numbers_equal_fn *numbers_equal)
{
	if (fc_node_is_number(a) && fc_node_is_number(b))
		return (numbers_equal ? numbers_equal : default_numbers_equal)(a, b);
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case FC_NODE_NULL: return true;
	case FC_NODE_BOOL: return a->boolean == b->boolean;
	case FC_NODE_STRING: return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
	case FC_NODE_SEQ:
		if (a->count != b->count)
			return false;
		for (size_t i = 0; i < a->count; i++)
			if (!fc_node_equal(a->items[i], b->items[i], numbers_equal))
				return false;
		return true;
	case FC_NODE_MAP:
		if (a->count != b->count)
			return false;
		for (size_t i = 0; i < a->count; i++) {
			const struct fc_pair *p = &a->pairs[i];
			const struct fc_pair *q = NULL;
			for (size_t j = 0; j < b->count && !q; j++) {
				size_t k = (i + j) % b->count; /* same order is the common case */
				if (b->pairs[k].key_len == p->key_len &&
				    memcmp(b->pairs[k].key, p->key, p->key_len) == 0)
					q = &b->pairs[k];
			}
			if (!q || !fc_node_equal(p->value, q->value, numbers_equal))
				return false;
		}
		return true;
	default: return false;
	}
}

const char *fc_pointer_key(struct fc_arena *arena, const char *base, const char *key,
                           size_t key_len)
{
	size_t extra = 0;
	for (size_t i = 0; i < key_len; i++)
		extra += key[i] == '~' || key[i] == '/';
	size_t blen = strlen(base);
	char *p = fc_arena_alloc(arena, blen + 1 + key_len + extra + 1);
	memcpy(p, base, blen);
	char *w = p + blen;
	*w++ = '/';
	for (size_t i = 0; i < key_len; i++) {
		if (key[i] == '~') {
			*w++ = '~';
			*w++ = '0';
		} else if (key[i] == '/') {
			*w++ = '~';
			*w++ = '1';
		} else {
			*w++ = key[i] ? key[i] : '?';
		}
	}
	*w = '\0';
	return p;
}

const char *fc_pointer_index(struct fc_arena *arena, const char *base, size_t index)
{
	return fc_arena_printf(arena, "%s/%zu", base, index);
}

const struct fc_node *fc_pointer_resolve_n(const struct fc_node *root, const char *p, size_t len)
{
	const struct fc_node *n = root;
	size_t i = 0;
	if (len == 0)
		return n;
	if (p[0] != '/')
		return NULL;
	struct fc_strbuf token = FC_STRBUF_INIT;
	while (n && i < len) {
		i++; /* '/' */
		fc_strbuf_reset(&token);
		while (i < len && p[i] != '/') {
			if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				fc_strbuf_addch(&token, p[i + 1] == '0' ? '~' : '/');
				i += 2;
			} else {
				fc_strbuf_addch(&token, p[i++]);
			}
		}
		const struct fc_node *next = NULL;
		if (n->kind == FC_NODE_MAP) {
			for (size_t k = 0; k < n->count; k++) {
				if (n->pairs[k].key_len == token.len &&
				    memcmp(n->pairs[k].key, token.buf, token.len) == 0) {
					next = n->pairs[k].value;
					break;
				}
			}
		} else if (n->kind == FC_NODE_SEQ && token.len > 0 &&
		           (token.len == 1 || token.buf[0] != '0')) {
			size_t idx = 0;
			bool ok = token.len <= 18;
			for (size_t k = 0; ok && k < token.len; k++) {
				if (token.buf[k] < '0' || token.buf[k] > '9')
					ok = false;
				else
					idx = idx * 10 + (size_t)(token.buf[k] - '0');
			}
			if (ok && idx < n->count)
				next = n->items[idx];
		}
		n = next;
	}
	fc_strbuf_release(&token);
	return n;
}

const struct fc_node *fc_pointer_resolve(const struct fc_node *root, const char *pointer)
{
	return fc_pointer_resolve_n(root, pointer, strlen(pointer));
}

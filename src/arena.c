/*
 * arena - bump allocation in growing blocks; see arena.h for the contract.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16u
#define ARENA_BLOCK_MIN ((size_t)64 * 1024)

struct fc_arena_block {
	struct fc_arena_block *next;
	size_t size; /* usable bytes in data */
	size_t used;
	_Alignas(16) unsigned char data[];
};

static void default_oom(size_t requested)
{
	(void)requested;
	abort();
}

static fc_oom_handler oom_handler = default_oom;

void fc_set_oom_handler(fc_oom_handler handler)
{
	oom_handler = handler ? handler : default_oom;
}

void fc_out_of_memory(size_t requested)
{
	oom_handler(requested);
	abort(); /* the handler must not return */
}

static void *checked(void *p, size_t size)
{
	if (!p)
		fc_out_of_memory(size);
	return p;
}

void *fc_xmalloc(size_t size)
{
	return checked(malloc(size ? size : 1), size);
}

void *fc_xcalloc(size_t count, size_t size)
{
	return checked(calloc(count ? count : 1, size ? size : 1), size);
}

void *fc_xrealloc(void *ptr, size_t size)
{
	return checked(realloc(ptr, size ? size : 1), size);
}

void fc_xgrow(void **items, size_t *alloc, size_t need, size_t item_size)
{
	if (need <= *alloc)
		return;
	size_t grown = *alloc ? *alloc : 8;
	while (grown < need) {
		if (grown > SIZE_MAX / 2)
			fc_out_of_memory(SIZE_MAX);
		grown *= 2;
	}
	if (grown > SIZE_MAX / item_size)
		fc_out_of_memory(SIZE_MAX);
	*items = fc_xrealloc(*items, grown * item_size);
	*alloc = grown;
}

void fc_arena_init(struct fc_arena *arena)
{
	arena->head = NULL;
	arena->bytes = 0;
}

void fc_arena_release(struct fc_arena *arena)
{
	struct fc_arena_block *b = arena->head;
	while (b) {
		struct fc_arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena->head = NULL;
	arena->bytes = 0;
}

void *fc_arena_alloc(struct fc_arena *arena, size_t size)
{
	if (size > SIZE_MAX - ARENA_ALIGN - sizeof(struct fc_arena_block))
		fc_out_of_memory(size);
	size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (rounded == 0)
		rounded = ARENA_ALIGN;
	struct fc_arena_block *b = arena->head;
	if (!b || b->size - b->used < rounded) {
		size_t want = rounded > ARENA_BLOCK_MIN ? rounded : ARENA_BLOCK_MIN;
		b = checked(malloc(sizeof(*b) + want), want);
		b->size = want;
		b->used = 0;
		if (rounded < ARENA_BLOCK_MIN || !arena->head) {
			b->next = arena->head;
			arena->head = b;
		} else {
			/* a big block goes behind the current one, which keeps its free space */
			b->next = arena->head->next;
			arena->head->next = b;
		}
	}
	void *p = b->data + b->used;
	b->used += rounded;
	arena->bytes += rounded;
	memset(p, 0, size);
	return p;
}

void *fc_arena_array(struct fc_arena *arena, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		fc_out_of_memory(SIZE_MAX);
	return fc_arena_alloc(arena, count * size);
}

void *fc_arena_memdup(struct fc_arena *arena, const void *src, size_t size)
{
	void *p = fc_arena_alloc(arena, size);
	if (size)
		memcpy(p, src, size);
	return p;
}

char *fc_arena_strndup(struct fc_arena *arena, const char *src, size_t n)
{
	char *p = fc_arena_alloc(arena, n + 1);
	if (n)
		memcpy(p, src, n);
	p[n] = '\0';
	return p;
}

char *fc_arena_strdup(struct fc_arena *arena, const char *src)
{
	return fc_arena_strndup(arena, src, strlen(src));
}

/*
 * arena - one region of memory per compilation.
 *
 * Everything a compilation makes (document nodes, strings, diagnostics, the
 * model, rendered files) is allocated from one arena and freed at once by
 * fc_arena_release().  Allocations are zeroed and aligned for any type.
 *
 * Out of memory: allocation never returns NULL.  It calls the handler set by
 * fc_set_oom_handler() (the front end installs one that reports and exits);
 * library code therefore neither prints nor exits.  The default handler
 * aborts.  fc_xmalloc/fc_xrealloc give the same contract for heap memory that
 * must outlive or grow independently of an arena (string builders, vectors).
 */
#ifndef FC_ARENA_H
#define FC_ARENA_H

#include <stddef.h>

struct fc_arena_block;

struct fc_arena {
	struct fc_arena_block *head; /* newest block first */
	size_t bytes; /* total bytes handed out, for limits and tests */
};

typedef void (*fc_oom_handler)(size_t requested);

/* Installs the out-of-memory handler; it must not return. */
void fc_set_oom_handler(fc_oom_handler handler);
/*
 * Out of memory outside the x-allocators: a library that allocates on its
 * own (PCRE2) ran out.  Calls the handler, so that every out-of-memory ends
 * the same way (the front end: a message and exit 3); does not return.
 */
_Noreturn void fc_out_of_memory(size_t requested);

void *fc_xmalloc(size_t size);
void *fc_xcalloc(size_t count, size_t size);
void *fc_xrealloc(void *ptr, size_t size);
/* Grows *items (of item_size each) so that it holds at least need items. */
void fc_xgrow(void **items, size_t *alloc, size_t need, size_t item_size);

void fc_arena_init(struct fc_arena *arena);
/* Frees every allocation; the arena may be reused after fc_arena_init(). */
void fc_arena_release(struct fc_arena *arena);

void *fc_arena_alloc(struct fc_arena *arena, size_t size);
void *fc_arena_array(struct fc_arena *arena, size_t count, size_t size);
void *fc_arena_memdup(struct fc_arena *arena, const void *src, size_t size);
/* Copies n bytes and appends a NUL. */
char *fc_arena_strndup(struct fc_arena *arena, const char *src, size_t n);
char *fc_arena_strdup(struct fc_arena *arena, const char *src);

#endif

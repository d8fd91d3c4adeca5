/*
 * strbuf - a growable string.
 *
 * Invariants: buf is never NULL and always NUL-terminated; len bytes are
 * valid (the content may itself hold NUL bytes).  A strbuf owns its heap
 * buffer: fc_strbuf_release() frees it and leaves an empty strbuf,
 * fc_strbuf_detach() hands it to the caller.  Growth never fails (see
 * fc_set_oom_handler in arena.h).
 *
 * Layering: strbuf grows through arena.h's fc_xmalloc; fc_arena_printf() is
 * here, formatting as fc_strbuf_addf() does, so that arena needs nothing.
 */
#ifndef FC_STRBUF_H
#define FC_STRBUF_H

#include "arena.h"

#include <stdarg.h>
#include <stddef.h>

struct fc_strbuf {
	char *buf;
	size_t len;
	size_t alloc; /* 0 while buf points at the shared empty string */
};

extern char fc_strbuf_empty[];
#define FC_STRBUF_INIT                \
	{                             \
		fc_strbuf_empty, 0, 0 \
	}

void fc_strbuf_init(struct fc_strbuf *sb);
void fc_strbuf_release(struct fc_strbuf *sb);
/* Empties the string, keeping the buffer. */
void fc_strbuf_reset(struct fc_strbuf *sb);
/* Returns the heap buffer (caller frees) and leaves sb empty. */
char *fc_strbuf_detach(struct fc_strbuf *sb, size_t *len);

void fc_strbuf_grow(struct fc_strbuf *sb, size_t extra);
void fc_strbuf_add(struct fc_strbuf *sb, const void *data, size_t len);
void fc_strbuf_addstr(struct fc_strbuf *sb, const char *s);
void fc_strbuf_addch(struct fc_strbuf *sb, char c);
void fc_strbuf_addchars(struct fc_strbuf *sb, char c, size_t n);
void fc_strbuf_addf(struct fc_strbuf *sb, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
void fc_strbuf_vaddf(struct fc_strbuf *sb, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));
/* Appends s as a JSON string literal, quotes included; control characters,
 * '"' and '\\' escaped, other bytes copied (UTF-8 passes through). */
void fc_strbuf_add_json_string(struct fc_strbuf *sb, const char *s, size_t len);

/* A formatted string copied into the arena (formatted as fc_strbuf_addf does). */
char *fc_arena_printf(struct fc_arena *arena, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
char *fc_arena_vprintf(struct fc_arena *arena, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));

#endif

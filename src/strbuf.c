/*
 * strbuf - growable string; see strbuf.h for the invariants.
 */
#include "strbuf.h"

#include "arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char fc_strbuf_empty[1];

void fc_strbuf_init(struct fc_strbuf *sb)
{
	sb->buf = fc_strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void fc_strbuf_release(struct fc_strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	fc_strbuf_init(sb);
}

void fc_strbuf_reset(struct fc_strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

char *fc_strbuf_detach(struct fc_strbuf *sb, size_t *len)
{
	if (!sb->alloc)
		fc_strbuf_grow(sb, 0);
	char *p = sb->buf;
	if (len)
		*len = sb->len;
	fc_strbuf_init(sb);
	return p;
}

void fc_strbuf_grow(struct fc_strbuf *sb, size_t extra)
{
	if (extra > SIZE_MAX - sb->len - 1)
		fc_xmalloc(SIZE_MAX); /* reports out of memory */
	size_t need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	size_t grown = sb->alloc ? sb->alloc : 64;
	while (grown < need)
		grown = grown > SIZE_MAX / 2 ? need : grown * 2;
	if (sb->alloc) {
		sb->buf = fc_xrealloc(sb->buf, grown);
	} else {
		sb->buf = fc_xmalloc(grown);
		sb->buf[0] = '\0';
	}
	sb->alloc = grown;
}

void fc_strbuf_add(struct fc_strbuf *sb, const void *data, size_t len)
{
	fc_strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void fc_strbuf_addstr(struct fc_strbuf *sb, const char *s)
{
	fc_strbuf_add(sb, s, strlen(s));
}

void fc_strbuf_addch(struct fc_strbuf *sb, char c)
{
	fc_strbuf_add(sb, &c, 1);
}

void fc_strbuf_addchars(struct fc_strbuf *sb, char c, size_t n)
{
	fc_strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static void add_unsigned(struct fc_strbuf *sb, unsigned long long v)
{
	char digits[24];
	size_t n = 0;
	do {
		digits[sizeof(digits) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fc_strbuf_add(sb, digits + sizeof(digits) - n, n);
}

/*
 * The common formats without the C library: text, %%, %s, %.*s, %c, and %d
 * %i %u with the l, ll and (for %u) z modifiers, as printf writes them.
 * Returns false at anything else (flags, widths, other conversions), having
 * appended part of the output: the caller rolls back and asks vsnprintf.
 * A quarter of a large build was glibc's printf machinery before this.
 */
static bool vaddf_common(struct fc_strbuf *sb, const char *fmt, va_list ap)
{
	const char *text = fmt;
	const char *p = fmt;
	while (*p) {
		if (*p != '%') {
			p++;
			continue;
		}
		fc_strbuf_add(sb, text, (size_t)(p - text));
		p++;
		int longs = 0;
		bool size = false;
		if (p[0] == '.' && p[1] == '*' && p[2] == 's') {
			int max = va_arg(ap, int);
			const char *str = va_arg(ap, const char *);
			if (!str)
				return false;
			fc_strbuf_add(sb, str, max < 0 ? strlen(str) : strnlen(str, (size_t)max));
			p += 3;
			text = p;
			continue;
		}
		if (*p == 'z') {
			size = true;
			p++;
		} else {
			for (; *p == 'l' && longs < 2; p++)
				longs++;
		}
		switch (*p) {
		case '%':
			if (size || longs)
				return false;
			fc_strbuf_addch(sb, '%');
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (size || longs || !str)
				return false;
			fc_strbuf_addstr(sb, str);
			break;
		}
		case 'c':
			if (size || longs)
				return false;
			fc_strbuf_addch(sb, (char)va_arg(ap, int));
			break;
		case 'd':
		case 'i': {
			if (size)
				return false;
			long long v = longs == 2   ? va_arg(ap, long long)
			              : longs == 1 ? va_arg(ap, long)
			                           : va_arg(ap, int);
			if (v < 0)
				fc_strbuf_addch(sb, '-');
			add_unsigned(sb,
			             v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
			break;
		}
		case 'u':
			add_unsigned(sb, size         ? va_arg(ap, size_t)
			                 : longs == 2 ? va_arg(ap, unsigned long long)
			                 : longs == 1 ? va_arg(ap, unsigned long)
			                              : va_arg(ap, unsigned));
			break;
		default: return false;
		}
		p++;
		text = p;
	}
	fc_strbuf_add(sb, text, (size_t)(p - text));
	return true;
}

void fc_strbuf_vaddf(struct fc_strbuf *sb, const char *fmt, va_list ap)
{
	size_t start = sb->len;
	va_list copy;
	va_copy(copy, ap);
	bool done = vaddf_common(sb, fmt, copy);
	va_end(copy);
	if (done)
		return;
	if (sb->alloc) {
		sb->len = start;
		sb->buf[start] = '\0';
	}
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n <= 0)
		return;
	fc_strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void fc_strbuf_addf(struct fc_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fc_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void fc_strbuf_add_json_string(struct fc_strbuf *sb, const char *s, size_t len)
{
	fc_strbuf_addch(sb, '"');
	size_t plain = 0; /* start of the run of bytes written as they are */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
			continue;
		fc_strbuf_add(sb, s + plain, i - plain);
		plain = i + 1;
		switch (c) {
		case '"': fc_strbuf_addstr(sb, "\\\""); break;
		case '\\': fc_strbuf_addstr(sb, "\\\\"); break;
		case '\n': fc_strbuf_addstr(sb, "\\n"); break;
		case '\r': fc_strbuf_addstr(sb, "\\r"); break;
		case '\t': fc_strbuf_addstr(sb, "\\t"); break;
		default: fc_strbuf_addf(sb, "\\u%04x", c);
		}
	}
	fc_strbuf_add(sb, s + plain, len - plain);
	fc_strbuf_addch(sb, '"');
}

char *fc_arena_vprintf(struct fc_arena *arena, const char *fmt, va_list ap)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_vaddf(&sb, fmt, ap);
	char *p = fc_arena_strndup(arena, sb.buf, sb.len);
	fc_strbuf_release(&sb);
	return p;
}

char *fc_arena_printf(struct fc_arena *arena, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = fc_arena_vprintf(arena, fmt, ap);
	va_end(ap);
	return p;
}

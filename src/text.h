/*
 * text - byte-level helpers shared by the readers and the validator:
 * hexadecimal digits and UTF-8 sequences.  Pure functions; nothing is
 * allocated.
 */
#ifndef FC_TEXT_H
#define FC_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* The value of the hexadecimal digit c (0-9, a-f, A-F), or -1. */
int fc_text_hex_value(char c);

/* Encodes cp (at most U+10FFFF) as UTF-8 into b; returns its length, 1-4. */
size_t fc_text_utf8_encode(uint32_t cp, char b[4]);

/*
 * Decodes the UTF-8 sequence at s (n > 0 bytes available): returns its
 * length (1-4) and sets *cp, or returns 0 when it is not well formed
 * (truncated, overlong, a surrogate or above U+10FFFF; RFC 3629).
 */
size_t fc_text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif

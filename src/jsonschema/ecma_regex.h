/*
 * ecma_regex - ECMA-262 regular expressions (JSON Schema's dialect) on PCRE2.
 *
 * A pattern is first translated, then compiled by PCRE2 (8-bit) with
 * PCRE2_UTF | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX
 * and without PCRE2_UCP, which gives \d, \w and \b ECMA's ASCII meaning, and
 * $ and [] / [^] ECMA's meaning.  The translation handles what PCRE2 spells or
 * means differently:
 *  - \s and \S: ECMA's white space and line terminators (U+00A0, U+FEFF,
 *    U+2028, the Zs spaces, ...), also inside classes;
 *  - "." excludes every ECMA line terminator (\n, \r, U+2028, U+2029);
 *  - \v is U+000B, \cX a control character, \0 NUL, \u{...} and surrogate
 *    pairs \uD83D\uDE00 code points;
 *  - \p{Letter}, \p{General_Category=Letter}, \p{gc=Lu}, \p{digit} ... use
 *    PCRE2's short names (\p{L}, \p{Lu}, \p{Nd});
 *  - a '[' inside a class is literal (no POSIX [:alpha:] classes), braces
 *    that do not form a quantifier are literal.
 * What ECMA rejects is rejected: escapes of letters that ECMA does not
 * define (\a, \e, \z, \Z, \A, \Q, \h, ...), groups other than (?:, (?=, (?!,
 * (?<=, (?<! and (?<name>, inline flags, comments, possessive quantifiers.
 * Escaped punctuation is literal, as in ECMA's Annex B.
 *
 * Ownership: the returned pcre2_code belongs to the caller
 * (pcre2_code_free).
 */
#ifndef FC_ECMA_REGEX_H
#define FC_ECMA_REGEX_H

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "strbuf.h"

#include <stddef.h>

/* The PCRE2 compile options used for translated patterns. */
#define FC_ECMA_REGEX_OPTIONS \
	(PCRE2_UTF | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX)

/*
 * Translates the ECMA-262 pattern src (len bytes, UTF-8) to PCRE2 syntax,
 * appended to out.  Returns 0, or -1 with *error (a static string) and
 * *offset (byte offset in src).
 */
int fc_ecma_regex_translate(struct fc_strbuf *out, const char *src, size_t len, const char **error,
                            size_t *offset);

/*
 * Translates and compiles src.  Returns the compiled code, or NULL with a
 * lowercase message ("missing closing parenthesis at offset 4") appended to
 * error.
 */
pcre2_code *fc_ecma_regex_compile(const char *src, size_t len, struct fc_strbuf *error);

#endif

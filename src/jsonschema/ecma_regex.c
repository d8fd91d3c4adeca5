/*
 * ecma_regex - ECMA-262 pattern translation and compilation; see
 * ecma_regex.h for the rules.
 *
 * The translator is a single left-to-right pass that tracks whether it is
 * inside a character class and whether the previous token can take a
 * quantifier.  Everything it does not rewrite is copied; PCRE2 then reports
 * the remaining syntax errors (unbalanced parentheses, bad ranges, ...).
 */
#include "ecma_regex.h"

#include "arena.h"
#include "text.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct range {
	uint32_t lo, hi;
};

/* ECMA WhiteSpace and LineTerminator code points, sorted. */
static const struct range space_ranges[] = {
        {0x09, 0x0d},     {0x20, 0x20},     {0xa0, 0xa0},     {0x1680, 0x1680}, {0x2000, 0x200a},
        {0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}, {0xfeff, 0xfeff},
};
#define NSPACE (sizeof(space_ranges) / sizeof(space_ranges[0]))

/* General_Category long names and their PCRE2 spellings. */
static const char *const category_names[][2] = {
        {"Letter", "L"},
        {"Cased_Letter", "L&"},
        {"LC", "L&"},
        {"Uppercase_Letter", "Lu"},
        {"Lowercase_Letter", "Ll"},
        {"Titlecase_Letter", "Lt"},
        {"Modifier_Letter", "Lm"},
        {"Other_Letter", "Lo"},
        {"Mark", "M"},
        {"Combining_Mark", "M"},
        {"Nonspacing_Mark", "Mn"},
        {"Spacing_Mark", "Mc"},
        {"Enclosing_Mark", "Me"},
        {"Number", "N"},
        {"Decimal_Number", "Nd"},
        {"digit", "Nd"},
        {"Letter_Number", "Nl"},
        {"Other_Number", "No"},
        {"Punctuation", "P"},
        {"punct", "P"},
        {"Connector_Punctuation", "Pc"},
        {"Dash_Punctuation", "Pd"},
        {"Open_Punctuation", "Ps"},
        {"Close_Punctuation", "Pe"},
        {"Initial_Punctuation", "Pi"},
        {"Final_Punctuation", "Pf"},
        {"Other_Punctuation", "Po"},
        {"Symbol", "S"},
        {"Math_Symbol", "Sm"},
        {"Currency_Symbol", "Sc"},
        {"Modifier_Symbol", "Sk"},
        {"Other_Symbol", "So"},
        {"Separator", "Z"},
        {"Space_Separator", "Zs"},
        {"Line_Separator", "Zl"},
        {"Paragraph_Separator", "Zp"},
        {"Other", "C"},
        {"Control", "Cc"},
        {"cntrl", "Cc"},
        {"Format", "Cf"},
        {"Surrogate", "Cs"},
        {"Private_Use", "Co"},
        {"Unassigned", "Cn"},
};

struct translator {
	struct fc_strbuf *out;
	const char *s;
	size_t len;
	size_t i;
	const char *error;
	size_t error_at;
};

static bool is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_alnum(char c)
{
	return is_ascii_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int fail(struct translator *t, size_t at, const char *message)
{
	t->error = message;
	t->error_at = at;
	return -1;
}

/* Emits one code point as a pattern atom that means exactly that character. */
static void emit_cp(struct fc_strbuf *out, uint32_t cp)
{
	if (cp < 0x80) {
		fc_strbuf_addf(out, "\\x%02x", (unsigned)cp);
		return;
	}
	char b[4];
	size_t n = fc_text_utf8_encode(cp, b);
	fc_strbuf_add(out, b, n);
}

static void emit_range(struct fc_strbuf *out, uint32_t lo, uint32_t hi)
{
	emit_cp(out, lo);
	if (hi != lo) {
		fc_strbuf_addch(out, '-');
		emit_cp(out, hi);
	}
}

/* Emits the class items (no brackets) of \s, or of \S when negated. */
static void emit_space_items(struct fc_strbuf *out, bool negated)
{
	if (!negated) {
		for (size_t k = 0; k < NSPACE; k++)
			emit_range(out, space_ranges[k].lo, space_ranges[k].hi);
		return;
	}
	uint32_t next = 0;
	for (size_t k = 0; k < NSPACE; k++) {
		if (space_ranges[k].lo > next)
			emit_range(out, next, space_ranges[k].lo - 1);
		next = space_ranges[k].hi + 1;
	}
	emit_range(out, next, 0x10ffff);
}

/* Reads exactly n hex digits at t->i; returns the value or -1. */
static long read_hex(struct translator *t, size_t n)
{
	if (t->len - t->i < n)
		return -1;
	long v = 0;
	for (size_t k = 0; k < n; k++) {
		int h = fc_text_hex_value(t->s[t->i + k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	t->i += n;
	return v;
}

/* After "\u": reads XXXX, a surrogate pair XXXX\uXXXX, or {X...}. */
static long read_unicode_escape(struct translator *t, size_t at)
{
	if (t->i < t->len && t->s[t->i] == '{') {
		size_t k = t->i + 1;
		long v = 0;
		while (k < t->len && fc_text_hex_value(t->s[k]) >= 0 && v <= 0x10ffff)
			v = v * 16 + fc_text_hex_value(t->s[k++]);
		if (k == t->i + 1 || k >= t->len || t->s[k] != '}' || v > 0x10ffff)
			return fail(t, at, "invalid \\u{...} escape");
		t->i = k + 1;
		if (v >= 0xd800 && v <= 0xdfff)
			return fail(t, at, "a lone surrogate cannot be matched in UTF-8");
		return v;
	}
	long v = read_hex(t, 4);
	if (v < 0)
		return fail(t, at, "\\u must be followed by 4 hexadecimal digits");
	if (v >= 0xd800 && v <= 0xdbff && t->len - t->i >= 6 && t->s[t->i] == '\\' &&
	    t->s[t->i + 1] == 'u') {
		size_t save = t->i;
		t->i += 2;
		long lo = read_hex(t, 4);
		if (lo >= 0xdc00 && lo <= 0xdfff)
			return 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
		t->i = save;
	}
	if (v >= 0xd800 && v <= 0xdfff)
		return fail(t, at, "a lone surrogate cannot be matched in UTF-8");
	return v;
}

static const char *category_short_name(const char *name, size_t len)
{
	for (size_t k = 0; k < sizeof(category_names) / sizeof(category_names[0]); k++) {
		if (strlen(category_names[k][0]) == len &&
		    memcmp(category_names[k][0], name, len) == 0)
			return category_names[k][1];
	}
	return NULL;
}

/* After "\p" or "\P": translates {Name}, {Name=Value}. */
static int translate_property(struct translator *t, char p, size_t at)
{
	if (t->i >= t->len || t->s[t->i] != '{')
		return fail(t, at, "\\p must be followed by {property}");
	size_t start = t->i + 1, k = start;
	while (k < t->len && t->s[k] != '}')
		k++;
	if (k >= t->len || k == start)
		return fail(t, at, "unterminated \\p{...}");
	const char *body = t->s + start;
	size_t blen = k - start;
	t->i = k + 1;
	const char *eq = memchr(body, '=', blen);
	fc_strbuf_addch(t->out, '\\');
	fc_strbuf_addch(t->out, p);
	fc_strbuf_addch(t->out, '{');
	if (eq) {
		size_t nlen = (size_t)(eq - body);
		const char *value = eq + 1;
		size_t vlen = blen - nlen - 1;
		if (vlen == 0)
			return fail(t, at, "empty property value in \\p{...}");
		if ((nlen == 16 && memcmp(body, "General_Category", 16) == 0) ||
		    (nlen == 2 && memcmp(body, "gc", 2) == 0)) {
			const char *s = category_short_name(value, vlen);
			if (s)
				fc_strbuf_addstr(t->out, s);
			else
				fc_strbuf_add(t->out, value, vlen);
		} else if ((nlen == 6 && memcmp(body, "Script", 6) == 0) ||
		           (nlen == 2 && memcmp(body, "sc", 2) == 0)) {
			fc_strbuf_add(t->out, value, vlen);
		} else if ((nlen == 17 && memcmp(body, "Script_Extensions", 17) == 0) ||
		           (nlen == 3 && memcmp(body, "scx", 3) == 0)) {
			fc_strbuf_addstr(t->out, "scx:");
			fc_strbuf_add(t->out, value, vlen);
		} else {
			return fail(t, at, "unknown property name in \\p{...}");
		}
	} else {
		const char *s = category_short_name(body, blen);
		if (s)
			fc_strbuf_addstr(t->out, s);
		else
			fc_strbuf_add(t->out, body, blen);
	}
	fc_strbuf_addch(t->out, '}');
	return 0;
}

/*
 * Translates the escape whose backslash is at t->i - 1 (t->i is on the
 * escaped character).  Sets *atom to whether the result can be quantified.
 */
static int translate_escape(struct translator *t, bool in_class, bool *atom)
{
	size_t at = t->i - 1;
	if (t->i >= t->len)
		return fail(t, at, "\\ at end of pattern");
	char c = t->s[t->i++];
	*atom = true;
	switch (c) {
	case 'd':
	case 'D':
	case 'w':
	case 'W':
	case 'f':
	case 'n':
	case 'r':
	case 't':
		fc_strbuf_addch(t->out, '\\');
		fc_strbuf_addch(t->out, c);
		return 0;
	case 's':
	case 'S':
		if (!in_class)
			fc_strbuf_addstr(t->out, c == 's' ? "[" : "[^");
		emit_space_items(t->out, in_class && c == 'S');
		if (!in_class)
			fc_strbuf_addch(t->out, ']');
		return 0;
	case 'v': fc_strbuf_addstr(t->out, "\\x0b"); return 0;
	case 'b':
		if (in_class) {
			fc_strbuf_addstr(t->out, "\\x08");
		} else {
			fc_strbuf_addstr(t->out, "\\b");
			*atom = false;
		}
		return 0;
	case 'B':
		if (in_class)
			return fail(t, at, "\\B is not allowed in a character class");
		fc_strbuf_addstr(t->out, "\\B");
		*atom = false;
		return 0;
	case 'c':
		if (t->i < t->len && ((t->s[t->i] >= 'a' && t->s[t->i] <= 'z') ||
		                      (t->s[t->i] >= 'A' && t->s[t->i] <= 'Z'))) {
			emit_cp(t->out, (uint32_t)(t->s[t->i] % 32));
			t->i++;
			return 0;
		}
		return fail(t, at, "\\c must be followed by a letter");
	case '0':
		if (t->i < t->len && is_ascii_digit(t->s[t->i]))
			return fail(t, at, "octal escapes are not allowed");
		fc_strbuf_addstr(t->out, "\\x00");
		return 0;
	case 'x': {
		long v = read_hex(t, 2);
		if (v < 0)
			return fail(t, at, "\\x must be followed by 2 hexadecimal digits");
		emit_cp(t->out, (uint32_t)v);
		return 0;
	}
	case 'u': {
		long v = read_unicode_escape(t, at);
		if (v < 0)
			return -1;
		emit_cp(t->out, (uint32_t)v);
		return 0;
	}
	case 'p':
	case 'P': return translate_property(t, c, at);
	case 'k':
		if (in_class || t->i >= t->len || t->s[t->i] != '<')
			return fail(t, at, "\\k must be followed by <name>");
		fc_strbuf_addstr(t->out, "\\k");
		return 0;
	default: break;
	}
	if (c >= '1' && c <= '9') {
		if (in_class)
			return fail(t, at, "back references are not allowed in a character class");
		fc_strbuf_addch(t->out, '\\');
		fc_strbuf_addch(t->out, c);
		while (t->i < t->len && is_ascii_digit(t->s[t->i]))
			fc_strbuf_addch(t->out, t->s[t->i++]);
		return 0;
	}
	if (is_ascii_alnum(c) || c == '_')
		return fail(t, at, "invalid escape");
	/* identity escape of punctuation or a non-ASCII character: literal */
	if ((unsigned char)c < 0x80) {
		emit_cp(t->out, (uint32_t)(unsigned char)c);
	} else {
		fc_strbuf_addch(t->out, c);
		while (t->i < t->len && ((unsigned char)t->s[t->i] & 0xc0) == 0x80)
			fc_strbuf_addch(t->out, t->s[t->i++]);
	}
	return 0;
}

/* Whether a valid {n}, {n,} or {n,m} quantifier starts at i. */
static size_t quantifier_length(const char *s, size_t len, size_t i)
{
	size_t k = i + 1;
	size_t digits = 0;
	while (k < len && is_ascii_digit(s[k]))
		k++, digits++;
	if (digits == 0)
		return 0;
	if (k < len && s[k] == ',') {
		k++;
		while (k < len && is_ascii_digit(s[k]))
			k++;
	}
	if (k < len && s[k] == '}')
		return k + 1 - i;
	return 0;
}

static int translate_group_open(struct translator *t)
{
	size_t at = t->i;
	t->i++; /* ( */
	if (t->i >= t->len || t->s[t->i] != '?') {
		fc_strbuf_addch(t->out, '(');
		return 0;
	}
	const char *rest = t->s + t->i;
	size_t left = t->len - t->i;
	if (left >= 2 && (rest[1] == ':' || rest[1] == '=' || rest[1] == '!')) {
		fc_strbuf_addch(t->out, '(');
		fc_strbuf_add(t->out, rest, 2);
		t->i += 2;
		return 0;
	}
	if (left >= 3 && rest[1] == '<' && (rest[2] == '=' || rest[2] == '!')) {
		fc_strbuf_addch(t->out, '(');
		fc_strbuf_add(t->out, rest, 3);
		t->i += 3;
		return 0;
	}
	if (left >= 3 && rest[1] == '<') {
		size_t k = 2;
		while (k < left && rest[k] != '>') {
			char c = rest[k];
			bool ok = is_ascii_alnum(c) || c == '_' || c == '$' ||
			          (unsigned char)c >= 0x80;
			if (!ok || (k == 2 && is_ascii_digit(c)))
				return fail(t, at, "invalid group name");
			k++;
		}
		if (k >= left || k == 2)
			return fail(t, at, "invalid group name");
		fc_strbuf_addch(t->out, '(');
		fc_strbuf_add(t->out, rest, k + 1);
		t->i += k + 1;
		return 0;
	}
	return fail(t, at, "invalid group: only (?:, (?=, (?!, (?<=, (?<! and (?<name> exist");
}

int fc_ecma_regex_translate(struct fc_strbuf *out, const char *src, size_t len, const char **error,
                            size_t *offset)
{
	struct translator t = {out, src, len, 0, NULL, 0};
	bool in_class = false;
	bool atom = false; /* the previous token can take a quantifier */
	bool quantified = false; /* the previous token is a quantifier */
	int rc = 0;
	while (t.i < len && rc == 0) {
		char c = src[t.i];
		if (in_class) {
			if (c == ']') {
				fc_strbuf_addch(out, ']');
				t.i++;
				in_class = false;
				atom = true;
			} else if (c == '\\') {
				bool unused;
				t.i++;
				rc = translate_escape(&t, true, &unused);
			} else if (c == '[') {
				fc_strbuf_addstr(out, "\\[");
				t.i++;
			} else {
				fc_strbuf_addch(out, c);
				t.i++;
			}
			continue;
		}
		bool was_quantified = quantified;
		quantified = false;
		switch (c) {
		case '\\':
			t.i++;
			rc = translate_escape(&t, false, &atom);
			break;
		case '[':
			fc_strbuf_addch(out, '[');
			t.i++;
			if (t.i < len && src[t.i] == '^') {
				fc_strbuf_addch(out, '^');
				t.i++;
			}
			in_class = true;
			break;
		case '.':
			fc_strbuf_addstr(out, "[^\\n\\r\xe2\x80\xa8\xe2\x80\xa9]");
			t.i++;
			atom = true;
			break;
		case '(':
			rc = translate_group_open(&t);
			atom = false;
			break;
		case ')':
			fc_strbuf_addch(out, ')');
			t.i++;
			atom = true;
			break;
		case '*':
		case '+':
		case '?':
			if (c == '?' && was_quantified) {
				fc_strbuf_addch(out, '?'); /* lazy */
				t.i++;
				atom = false;
				break;
			}
			if (!atom) {
				rc = fail(&t, t.i, "nothing to repeat");
				break;
			}
			fc_strbuf_addch(out, c);
			t.i++;
			atom = false;
			quantified = true;
			break;
		case '{': {
			size_t q = quantifier_length(src, len, t.i);
			if (q) {
				if (!atom) {
					rc = fail(&t, t.i, "nothing to repeat");
					break;
				}
				fc_strbuf_add(out, src + t.i, q);
				t.i += q;
				atom = false;
				quantified = true;
			} else {
				fc_strbuf_addstr(out, "\\{");
				t.i++;
				atom = true;
			}
			break;
		}
		case '}':
		case ']':
			fc_strbuf_addch(out, '\\');
			fc_strbuf_addch(out, c);
			t.i++;
			atom = true;
			break;
		case '|':
		case '^':
		case '$':
			fc_strbuf_addch(out, c);
			t.i++;
			atom = false;
			break;
		default:
			fc_strbuf_addch(out, c);
			t.i++;
			while (t.i < len && ((unsigned char)src[t.i] & 0xc0) == 0x80)
				fc_strbuf_addch(out, src[t.i++]);
			atom = true;
			break;
		}
	}
	if (rc == 0 && in_class)
		rc = fail(&t, len, "missing terminating ] for character class");
	if (rc < 0) {
		*error = t.error;
		*offset = t.error_at;
	}
	return rc;
}

pcre2_code *fc_ecma_regex_compile(const char *src, size_t len, struct fc_strbuf *error)
{
	struct fc_strbuf pattern = FC_STRBUF_INIT;
	const char *msg;
	size_t at;
	if (fc_ecma_regex_translate(&pattern, src, len, &msg, &at) < 0) {
		fc_strbuf_addf(error, "%s at offset %zu", msg, at);
		fc_strbuf_release(&pattern);
		return NULL;
	}
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern.buf, pattern.len, FC_ECMA_REGEX_OPTIONS,
	                               &code, &offset, NULL);
	fc_strbuf_release(&pattern);
	if (!re && code == PCRE2_ERROR_HEAP_FAILED)
		fc_out_of_memory(len); /* not the pattern's fault */
	if (!re) {
		PCRE2_UCHAR buf[256];
		if (pcre2_get_error_message(code, buf, sizeof(buf)) < 0)
			strcpy((char *)buf, "invalid pattern");
		fc_strbuf_addstr(error, (const char *)buf);
	}
	return re;
}

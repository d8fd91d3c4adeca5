/*
 * json - strict RFC 8259 reader and compact writer; see json.h.
 *
 * The reader is a recursive-descent parser over the whole text.  It accepts
 * exactly RFC 8259: one value surrounded by optional whitespace (space, tab,
 * LF, CR); no comments, trailing commas, leading zeros, NaN/Infinity, single
 * quotes or unescaped control characters.  A UTF-8 byte order mark at the very
 * start is ignored (RFC 8259 section 8.1 allows that).  Positions are 1-based
 * lines and 1-based columns counted in code points, as libyaml counts them.
 *
 * Errors: the first syntax error [json-syntax] or encoding error
 * [yaml-encoding] stops the parse; duplicate keys [duplicate-key] are all
 * reported (each with a note at the first occurrence) and the parse goes on.
 * Recursion is bounded by limits->max_depth [yaml-too-deep].
 *
 * Items and pairs of open containers are gathered on two heap stacks shared
 * by the whole parse and copied into the arena when the container closes, so
 * a container costs one arena allocation.
 */
#include "json.h"

#include "text.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The defaults documented in load.h (kept here so that this module stands alone). */
static const struct fc_load_limits default_limits = {1024 * 1024, 64, 64 * 1024};

struct parser {
	struct fc_arena *arena;
	struct fc_diags *diags;
	const char *file;
	const unsigned char *p; /* next byte */
	const unsigned char *end;
	unsigned line;
	unsigned col;
	unsigned depth;
	struct fc_load_limits limits;
	bool failed; /* a fatal error was reported */
	bool dup_found; /* a duplicate key was reported */
	struct fc_node **items; /* stack of items of open arrays */
	size_t nitems, items_alloc;
	struct fc_pair *pairs; /* stack of pairs of open objects */
	size_t npairs, pairs_alloc;
	struct fc_strbuf str; /* scratch for decoding strings */
};

static struct fc_pos here(const struct parser *ps)
{
	struct fc_pos pos = {ps->file, ps->line, ps->col};
	return pos;
}

static void fail(struct parser *ps, const char *code, struct fc_pos pos, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void fail(struct parser *ps, const char *code, struct fc_pos pos, const char *fmt, ...)
{
	if (ps->failed)
		return;
	ps->failed = true;
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(ps->diags, FC_SEVERITY_ERROR, code, pos, NULL, fmt, ap);
	va_end(ap);
}

/* Describes the byte at p for messages: "end of input", "'x'", "byte 0x80". */
static const char *describe(struct parser *ps, const unsigned char *p)
{
	if (p >= ps->end)
		return "end of input";
	if (*p >= 0x20 && *p < 0x7f)
		return fc_arena_printf(ps->arena, "'%c'", *p);
	return fc_arena_printf(ps->arena, "byte 0x%02x", *p);
}

static void unexpected(struct parser *ps, const char *wanted)
{
	fail(ps, "json-syntax", here(ps), "expected %s, got %s", wanted, describe(ps, ps->p));
}

/* Advances over one ASCII byte on the current line. */
static void advance(struct parser *ps)
{
	ps->p++;
	ps->col++;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end) {
		unsigned char c = *ps->p;
		if (c == ' ' || c == '\t' || c == '\r') {
			advance(ps);
		} else if (c == '\n') {
			ps->p++;
			ps->line++;
			ps->col = 1;
		} else {
			break;
		}
	}
}

/* Length of the well-formed UTF-8 sequence at p, or 0 (text.h). */
static size_t utf8_length(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;
	return fc_text_utf8_decode(p, (size_t)(end - p), &cp);
}

/* Reads the 4 hex digits after "\u" at ps->p; returns the value or -1. */
static long read_hex4(struct parser *ps)
{
	if (ps->end - ps->p < 4) {
		ps->p = ps->end;
		unexpected(ps, "4 hexadecimal digits after \\u");
		return -1;
	}
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int h = fc_text_hex_value((char)ps->p[0]);
		if (h < 0) {
			unexpected(ps, "4 hexadecimal digits after \\u");
			return -1;
		}
		v = v * 16 + h;
		advance(ps);
	}
	return v;
}

/*
 * Parses a string at ps->p (on the opening quote) into ps->str.  Returns 0 or
 * -1 after reporting.
 */
static int parse_string_into(struct parser *ps)
{
	struct fc_pos start = here(ps);
	fc_strbuf_reset(&ps->str);
	advance(ps); /* opening quote */
	for (;;) {
		if (ps->p >= ps->end) {
			fail(ps, "json-syntax", start, "unterminated string");
			return -1;
		}
		const unsigned char *run = ps->p;
		while (ps->p < ps->end && *ps->p >= 0x20 && *ps->p < 0x80 && *ps->p != '"' &&
		       *ps->p != '\\')
			ps->p++;
		ps->col += (unsigned)(ps->p - run);
		fc_strbuf_add(&ps->str, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end)
			continue;
		unsigned char c = *ps->p;
		if (c == '"') {
			advance(ps);
			break;
		}
		if (c < 0x20) {
			fail(ps, "json-syntax", here(ps),
			     "control character 0x%02x in string must be escaped", c);
			return -1;
		}
		if (c >= 0x80) {
			size_t n = utf8_length(ps->p, ps->end);
			if (n == 0) {
				fail(ps, "yaml-encoding", here(ps), "invalid UTF-8 byte 0x%02x", c);
				return -1;
			}
			if (ps->str.len + n > ps->limits.max_scalar) {
				fail(ps, "yaml-scalar-too-long", start,
				     "string is longer than %zu bytes", ps->limits.max_scalar);
				return -1;
			}
			fc_strbuf_add(&ps->str, ps->p, n);
			ps->p += n;
			ps->col++;
			continue;
		}
		/* escape */
		advance(ps);
		if (ps->p >= ps->end) {
			fail(ps, "json-syntax", start, "unterminated string");
			return -1;
		}
		c = *ps->p;
		const char *simple = NULL;
		switch (c) {
		case '"': simple = "\""; break;
		case '\\': simple = "\\"; break;
		case '/': simple = "/"; break;
		case 'b': simple = "\b"; break;
		case 'f': simple = "\f"; break;
		case 'n': simple = "\n"; break;
		case 'r': simple = "\r"; break;
		case 't': simple = "\t"; break;
		case 'u': break;
		default:
			fail(ps, "json-syntax", here(ps), "invalid escape '\\%c' in string",
			     c >= 0x20 && c < 0x7f ? c : '?');
			return -1;
		}
		advance(ps);
		if (simple) {
			fc_strbuf_addch(&ps->str, simple[0]);
		} else {
			struct fc_pos upos = here(ps);
			long cp = read_hex4(ps);
			if (cp < 0)
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				fail(ps, "json-syntax", upos,
				     "unpaired surrogate \\u%04lx in string", cp);
				return -1;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u') {
					fail(ps, "json-syntax", upos,
					     "unpaired surrogate \\u%04lx in string", cp);
					return -1;
				}
				advance(ps);
				advance(ps);
				long lo = read_hex4(ps);
				if (lo < 0)
					return -1;
				if (lo < 0xdc00 || lo > 0xdfff) {
					fail(ps, "json-syntax", upos,
					     "unpaired surrogate \\u%04lx in string", cp);
					return -1;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			char b[4];
			fc_strbuf_add(&ps->str, b, fc_text_utf8_encode((uint32_t)cp, b));
		}
		if (ps->str.len > ps->limits.max_scalar) {
			fail(ps, "yaml-scalar-too-long", start, "string is longer than %zu bytes",
			     ps->limits.max_scalar);
			return -1;
		}
	}
	if (ps->str.len > ps->limits.max_scalar) {
		fail(ps, "yaml-scalar-too-long", start, "string is longer than %zu bytes",
		     ps->limits.max_scalar);
		return -1;
	}
	return 0;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static struct fc_node *parse_number(struct parser *ps)
{
	struct fc_pos start = here(ps);
	const unsigned char *s = ps->p;
	bool integral = true;
	if (*ps->p == '-')
		advance(ps);
	if (ps->p >= ps->end || !is_digit(*ps->p)) {
		unexpected(ps, "a digit");
		return NULL;
	}
	if (*ps->p == '0') {
		advance(ps);
		if (ps->p < ps->end && is_digit(*ps->p)) {
			fail(ps, "json-syntax", start, "numbers must not have leading zeros");
			return NULL;
		}
	} else {
		while (ps->p < ps->end && is_digit(*ps->p))
			advance(ps);
	}
	if (ps->p < ps->end && *ps->p == '.') {
		integral = false;
		advance(ps);
		if (ps->p >= ps->end || !is_digit(*ps->p)) {
			unexpected(ps, "a digit after the decimal point");
			return NULL;
		}
		while (ps->p < ps->end && is_digit(*ps->p))
			advance(ps);
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		integral = false;
		advance(ps);
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			advance(ps);
		if (ps->p >= ps->end || !is_digit(*ps->p)) {
			unexpected(ps, "a digit in the exponent");
			return NULL;
		}
		while (ps->p < ps->end && is_digit(*ps->p))
			advance(ps);
	}
	size_t len = (size_t)(ps->p - s);
	if (len > ps->limits.max_scalar) {
		fail(ps, "yaml-scalar-too-long", start, "number is longer than %zu bytes",
		     ps->limits.max_scalar);
		return NULL;
	}
	char *text = fc_arena_strndup(ps->arena, (const char *)s, len);
	struct fc_node *n = fc_node_new(ps->arena, FC_NODE_FLOAT, start);
	n->text = text;
	n->len = len;
	if (integral) {
		errno = 0;
		char *e;
		long long v = strtoll(text, &e, 10);
		if (errno == 0 && *e == '\0') {
			n->kind = FC_NODE_INT;
			n->integer = (int64_t)v;
			n->number = (double)v;
			return n;
		}
	}
	n->number = strtod(text, NULL); /* overflow gives +-HUGE_VAL, as intended */
	return n;
}

static bool match_word(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return false;
	ps->p += n;
	ps->col += (unsigned)n;
	return true;
}

static struct fc_node *parse_value(struct parser *ps);

static void push_item(struct parser *ps, struct fc_node *n)
{
	fc_xgrow((void **)&ps->items, &ps->items_alloc, ps->nitems + 1, sizeof(*ps->items));
	ps->items[ps->nitems++] = n;
}

static void push_pair(struct parser *ps, struct fc_pair pair)
{
	fc_xgrow((void **)&ps->pairs, &ps->pairs_alloc, ps->npairs + 1, sizeof(*ps->pairs));
	ps->pairs[ps->npairs++] = pair;
}

static int enter(struct parser *ps)
{
	if (++ps->depth > ps->limits.max_depth) {
		fail(ps, "yaml-too-deep", here(ps), "nesting is deeper than %u levels",
		     ps->limits.max_depth);
		return -1;
	}
	return 0;
}

static struct fc_node *parse_array(struct parser *ps)
{
	struct fc_node *n = fc_node_new(ps->arena, FC_NODE_SEQ, here(ps));
	if (enter(ps) < 0)
		return NULL;
	advance(ps); /* [ */
	size_t base = ps->nitems;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		advance(ps);
	} else {
		for (;;) {
			struct fc_node *item = parse_value(ps);
			if (!item)
				return NULL;
			push_item(ps, item);
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				advance(ps);
				skip_ws(ps);
				if (ps->p < ps->end && *ps->p == ']') {
					unexpected(ps, "a value after ','");
					return NULL;
				}
				continue;
			}
			if (ps->p < ps->end && *ps->p == ']') {
				advance(ps);
				break;
			}
			unexpected(ps, "',' or ']'");
			return NULL;
		}
	}
	n->count = ps->nitems - base;
	/* no arithmetic on the scratch array while it is still unallocated */
	n->items = n->count ? fc_arena_memdup(ps->arena, ps->items + base,
	                                      n->count * sizeof(*n->items))
	                    : NULL;
	ps->nitems = base;
	ps->depth--;
	return n;
}

static int compare_keys(const struct fc_pair *a, const struct fc_pair *b)
{
	size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
	int c = memcmp(a->key, b->key, n);
	if (c)
		return c;
	return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
}

static int compare_pair_ptrs(const void *pa, const void *pb)
{
	const struct fc_pair *a = *(const struct fc_pair *const *)pa;
	const struct fc_pair *b = *(const struct fc_pair *const *)pb;
	int c = compare_keys(a, b);
	if (c)
		return c;
	return a < b ? -1 : a > b; /* source order among equal keys */
}

static void report_duplicate(struct parser *ps, const struct fc_pair *first,
                             const struct fc_pair *dup)
{
	struct fc_diag *d = fc_diag_error(ps->diags, "duplicate-key", dup->key_pos, NULL,
	                                  "key '%s' is defined twice", dup->key);
	fc_diag_note(ps->diags, d, first->key_pos, "first defined here");
	ps->dup_found = true;
}

/* Reports every key of the object's pairs that repeats an earlier one. */
static void check_duplicates(struct parser *ps, const struct fc_pair *pairs, size_t count)
{
	if (count < 2)
		return;
	if (count <= 16) {
		for (size_t i = 1; i < count; i++) {
			for (size_t j = 0; j < i; j++) {
				if (compare_keys(&pairs[i], &pairs[j]) == 0) {
					report_duplicate(ps, &pairs[j], &pairs[i]);
					break;
				}
			}
		}
		return;
	}
	const struct fc_pair **sorted = fc_xmalloc(count * sizeof(*sorted));
	for (size_t i = 0; i < count; i++)
		sorted[i] = &pairs[i];
	qsort(sorted, count, sizeof(*sorted), compare_pair_ptrs);
	for (size_t i = 1; i < count; i++) {
		size_t first = i - 1;
		while (i < count && compare_keys(sorted[first], sorted[i]) == 0) {
			report_duplicate(ps, sorted[first], sorted[i]);
			i++;
		}
	}
	free(sorted);
}

static struct fc_node *parse_object(struct parser *ps)
{
	struct fc_node *n = fc_node_new(ps->arena, FC_NODE_MAP, here(ps));
	if (enter(ps) < 0)
		return NULL;
	advance(ps); /* { */
	size_t base = ps->npairs;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		advance(ps);
	} else {
		for (;;) {
			if (ps->p >= ps->end || *ps->p != '"') {
				unexpected(ps, "a string key");
				return NULL;
			}
			struct fc_pair pair;
			memset(&pair, 0, sizeof(pair));
			pair.key_pos = here(ps);
			if (parse_string_into(ps) < 0)
				return NULL;
			pair.key = fc_arena_strndup(ps->arena, ps->str.buf, ps->str.len);
			pair.key_len = ps->str.len;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				unexpected(ps, "':' after the key");
				return NULL;
			}
			advance(ps);
			skip_ws(ps);
			pair.value = parse_value(ps);
			if (!pair.value)
				return NULL;
			push_pair(ps, pair);
			skip_ws(ps);
			if (ps->p < ps->end && *ps->p == ',') {
				advance(ps);
				skip_ws(ps);
				continue;
			}
			if (ps->p < ps->end && *ps->p == '}') {
				advance(ps);
				break;
			}
			unexpected(ps, "',' or '}'");
			return NULL;
		}
	}
	n->count = ps->npairs - base;
	n->pairs = n->count ? fc_arena_memdup(ps->arena, ps->pairs + base,
	                                      n->count * sizeof(*n->pairs))
	                    : NULL;
	ps->npairs = base;
	check_duplicates(ps, n->pairs, n->count);
	ps->depth--;
	return n;
}

static struct fc_node *parse_value(struct parser *ps)
{
	skip_ws(ps);
	if (ps->p >= ps->end) {
		unexpected(ps, "a value");
		return NULL;
	}
	struct fc_pos start = here(ps);
	struct fc_node *n;
	switch (*ps->p) {
	case '{': return parse_object(ps);
	case '[': return parse_array(ps);
	case '"':
		if (parse_string_into(ps) < 0)
			return NULL;
		return fc_node_new_string(ps->arena, start, ps->str.buf, ps->str.len);
	case 't':
	case 'f': {
		bool value = *ps->p == 't';
		if (match_word(ps, value ? "true" : "false")) {
			n = fc_node_new(ps->arena, FC_NODE_BOOL, start);
			n->boolean = value;
			n->text = value ? "true" : "false";
			n->len = value ? 4 : 5;
			return n;
		}
		break;
	}
	case 'n':
		if (match_word(ps, "null")) {
			n = fc_node_new(ps->arena, FC_NODE_NULL, start);
			n->text = "null";
			n->len = 4;
			return n;
		}
		break;
	default:
		if (*ps->p == '-' || is_digit(*ps->p))
			return parse_number(ps);
		break;
	}
	if (*ps->p >= 0x80 && utf8_length(ps->p, ps->end) == 0)
		fail(ps, "yaml-encoding", start, "invalid UTF-8 byte 0x%02x", *ps->p);
	else
		unexpected(ps, "a value");
	return NULL;
}

int fc_json_parse(struct fc_arena *arena, const char *file, const char *text, size_t len,
                  const struct fc_load_limits *limits, struct fc_node **root,
                  struct fc_diags *diags)
{
	struct parser ps;
	memset(&ps, 0, sizeof(ps));
	ps.arena = arena;
	ps.diags = diags;
	ps.file = file ? fc_arena_strdup(arena, file) : NULL;
	ps.p = (const unsigned char *)text;
	ps.end = ps.p + len;
	ps.line = 1;
	ps.col = 1;
	ps.limits = limits ? *limits : default_limits;
	fc_strbuf_init(&ps.str);
	*root = NULL;

	if (len > ps.limits.max_bytes) {
		struct fc_pos pos = {ps.file, 0, 0};
		fc_diag_error(diags, "input-too-large", pos, NULL,
		              "input is %zu bytes, more than the limit of %zu", len,
		              ps.limits.max_bytes);
		return -1;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		ps.p += 3;
	struct fc_node *n = parse_value(&ps);
	if (n) {
		skip_ws(&ps);
		if (ps.p < ps.end)
			unexpected(&ps, "end of input after the value");
	}
	free(ps.items);
	free(ps.pairs);
	fc_strbuf_release(&ps.str);
	if (!n || ps.failed || ps.dup_found)
		return -1;
	*root = n;
	return 0;
}

/* True when text is a number in RFC 8259 syntax. */
static bool is_json_number(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && s[i] == '-')
		i++;
	if (i >= len || !is_digit((unsigned char)s[i]))
		return false;
	if (s[i] == '0')
		i++;
	else
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
	if (i < len && s[i] == '.') {
		i++;
		if (i >= len || !is_digit((unsigned char)s[i]))
			return false;
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= len || !is_digit((unsigned char)s[i]))
			return false;
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
	}
	return i == len;
}

void fc_json_write(struct fc_strbuf *out, const struct fc_node *node)
{
	switch (node->kind) {
	case FC_NODE_NULL: fc_strbuf_addstr(out, "null"); break;
	case FC_NODE_BOOL: fc_strbuf_addstr(out, node->boolean ? "true" : "false"); break;
	case FC_NODE_INT: fc_strbuf_addf(out, "%" PRId64, node->integer); break;
	case FC_NODE_FLOAT:
		if (node->text && is_json_number(node->text, node->len))
			fc_strbuf_add(out, node->text, node->len);
		else if (isfinite(node->number))
			fc_strbuf_addf(out, "%.17g", node->number);
		else
			fc_strbuf_addstr(out, "null"); /* JSON has no infinity or NaN */
		break;
	case FC_NODE_STRING: fc_strbuf_add_json_string(out, node->text, node->len); break;
	case FC_NODE_SEQ:
		fc_strbuf_addch(out, '[');
		for (size_t i = 0; i < node->count; i++) {
			if (i)
				fc_strbuf_addch(out, ',');
			fc_json_write(out, node->items[i]);
		}
		fc_strbuf_addch(out, ']');
		break;
	case FC_NODE_MAP:
		fc_strbuf_addch(out, '{');
		for (size_t i = 0; i < node->count; i++) {
			if (i)
				fc_strbuf_addch(out, ',');
			fc_strbuf_add_json_string(out, node->pairs[i].key, node->pairs[i].key_len);
			fc_strbuf_addch(out, ':');
			fc_json_write(out, node->pairs[i].value);
		}
		fc_strbuf_addch(out, '}');
		break;
	}
}

/*
 * emit - output trees and their YAML / JSON writers; see emit.h.
 */
#include "emit.h"

#include <inttypes.h>
#include <string.h>

struct fc_node *fc_tree_map(struct fc_arena *arena)
{
	return fc_node_new(arena, FC_NODE_MAP, (struct fc_pos){0});
}

struct fc_node *fc_tree_seq(struct fc_arena *arena)
{
	return fc_node_new(arena, FC_NODE_SEQ, (struct fc_pos){0});
}

struct fc_node *fc_tree_str(struct fc_arena *arena, const char *text)
{
	return fc_node_new_string(arena, (struct fc_pos){0}, text, strlen(text));
}

struct fc_node *fc_tree_strf(struct fc_arena *arena, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = fc_arena_vprintf(arena, fmt, ap);
	va_end(ap);
	struct fc_node *n = fc_node_new(arena, FC_NODE_STRING, (struct fc_pos){0});
	n->text = text;
	n->len = strlen(text);
	return n;
}

struct fc_node *fc_tree_int(struct fc_arena *arena, int64_t value)
{
	struct fc_node *n = fc_node_new(arena, FC_NODE_INT, (struct fc_pos){0});
	n->integer = value;
	n->number = (double)value;
	n->text = fc_arena_printf(arena, "%" PRId64, value);
	n->len = strlen(n->text);
	return n;
}

struct fc_node *fc_tree_bool(struct fc_arena *arena, bool value)
{
	struct fc_node *n = fc_node_new(arena, FC_NODE_BOOL, (struct fc_pos){0});
	n->boolean = value;
	n->text = value ? "true" : "false";
	n->len = strlen(n->text);
	return n;
}

struct fc_node *fc_tree_null(struct fc_arena *arena)
{
	struct fc_node *n = fc_node_new(arena, FC_NODE_NULL, (struct fc_pos){0});
	n->text = "null";
	n->len = 4;
	return n;
}

/* Grows a tree node's items or pairs array in the arena. */
static void *grow(struct fc_arena *arena, void *items, size_t count, size_t *alloc,
                  size_t item_size)
{
	if (count < *alloc)
		return items;
	size_t grown = *alloc ? *alloc * 2 : 8;
	void *bigger = fc_arena_array(arena, grown, item_size);
	if (count)
		memcpy(bigger, items, count * item_size);
	*alloc = grown;
	return bigger;
}

struct fc_node *fc_tree_set(struct fc_arena *arena, struct fc_node *map, const char *key,
                            struct fc_node *value, const char *comment)
{
	map->pairs = grow(arena, map->pairs, map->count, &map->alloc, sizeof(*map->pairs));
	struct fc_pair *p = &map->pairs[map->count++];
	p->key = fc_arena_strdup(arena, key);
	p->key_len = strlen(key);
	p->value = value;
	p->comment = comment ? fc_arena_strdup(arena, comment) : NULL;
	return value;
}

struct fc_node *fc_tree_push(struct fc_arena *arena, struct fc_node *seq, struct fc_node *value)
{
	seq->items = grow(arena, seq->items, seq->count, &seq->alloc, sizeof(*seq->items));
	seq->items[seq->count++] = value;
	return value;
}

/* ---- YAML ------------------------------------------------------------------ */

static void yaml_string(struct fc_strbuf *out, const char *s, size_t len);

static bool is_plain_key(const char *key, size_t len)
{
	static const char *const reserved[] = {
	        "y",  "Y",    "yes",  "Yes",  "YES",   "n",     "N",     "no", "No",
	        "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
	        "ON", "off",  "Off",  "OFF",  "null",  "Null",  "NULL"};
	if (len == 0 || !((key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= 'a' && key[0] <= 'z') ||
	                  key[0] == '_'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = key[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strlen(reserved[i]) == len && memcmp(reserved[i], key, len) == 0)
			return false;
	return true;
}

static void yaml_key(struct fc_strbuf *out, const struct fc_pair *p)
{
	if (is_plain_key(p->key, p->key_len))
		fc_strbuf_add(out, p->key, p->key_len);
	else
		yaml_string(out, p->key, p->key_len);
	fc_strbuf_addch(out, ':');
}

/*
 * A double-quoted YAML string: JSON escapes, plus the characters YAML reads
 * as line breaks or forbids although JSON allows them (C1 controls, NEL,
 * U+2028, U+2029, U+FEFF), written as \uXXXX.
 */
static void yaml_string(struct fc_strbuf *out, const char *s, size_t len)
{
	size_t start = 0;
	fc_strbuf_addch(out, '"');
	for (size_t i = 0; i < len; i++) {
		const unsigned char *u = (const unsigned char *)s + i;
		unsigned cp = 0;
		size_t n = 0;
		if (u[0] == 0xc2 && i + 1 < len && u[1] >= 0x80 && u[1] <= 0x9f) {
			cp = u[1];
			n = 2;
		} else if (u[0] == 0xe2 && i + 2 < len && u[1] == 0x80 &&
		           (u[2] == 0xa8 || u[2] == 0xa9)) {
			cp = 0x2000u | (u[2] & 0x3fu);
			n = 3;
		} else if (u[0] == 0xef && i + 2 < len && u[1] == 0xbb && u[2] == 0xbf) {
			cp = 0xfeff;
			n = 3;
		}
		if (!n)
			continue;
		struct fc_strbuf part = FC_STRBUF_INIT;
		fc_strbuf_add_json_string(&part, s + start, i - start);
		fc_strbuf_add(out, part.buf + 1, part.len - 2); /* without its quotes */
		fc_strbuf_release(&part);
		fc_strbuf_addf(out, "\\u%04x", cp);
		i += n - 1;
		start = i + 1;
	}
	struct fc_strbuf part = FC_STRBUF_INIT;
	fc_strbuf_add_json_string(&part, s + start, len - start);
	fc_strbuf_add(out, part.buf + 1, part.len - 1);
	fc_strbuf_release(&part);
}

static void yaml_scalar(struct fc_strbuf *out, const struct fc_node *n)
{
	if (n->kind == FC_NODE_STRING)
		yaml_string(out, n->text, n->len);
	else if (n->kind == FC_NODE_INT)
		fc_strbuf_addf(out, "%" PRId64, n->integer);
	else
		fc_strbuf_add(out, n->text, n->len);
}

static bool is_empty_collection(const struct fc_node *n)
{
	return (n->kind == FC_NODE_MAP || n->kind == FC_NODE_SEQ) && n->count == 0;
}

static void yaml_comment(struct fc_strbuf *out, const char *comment, size_t indent)
{
	const char *line = comment;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		fc_strbuf_addchars(out, ' ', indent);
		fc_strbuf_addstr(out, len ? "# " : "#");
		fc_strbuf_add(out, line, len);
		fc_strbuf_addch(out, '\n');
		line += len + (nl ? 1 : 0);
	}
}

static void yaml_node(struct fc_strbuf *out, const struct fc_node *n, size_t indent,
                      bool inline_first);

/* Writes a value after "key:" or "-": scalars inline, collections on new lines. */
static void yaml_value(struct fc_strbuf *out, const struct fc_node *v, size_t indent, bool in_seq)
{
	if (v->kind == FC_NODE_MAP && v->count) {
		/* "- key: value" unless the first key has a comment to put above it */
		bool inline_first = in_seq && !v->pairs[0].comment;
		fc_strbuf_addch(out, inline_first ? ' ' : '\n');
		yaml_node(out, v, indent + 2, inline_first);
	} else if (v->kind == FC_NODE_SEQ && v->count) {
		fc_strbuf_addch(out, '\n');
		yaml_node(out, v, in_seq ? indent + 2 : indent, false);
	} else {
		fc_strbuf_addch(out, ' ');
		if (is_empty_collection(v))
			fc_strbuf_addstr(out, v->kind == FC_NODE_MAP ? "{}" : "[]");
		else
			yaml_scalar(out, v);
		fc_strbuf_addch(out, '\n');
	}
}

/*
 * Writes a collection at indent.  inline_first: the first line continues a
 * "- " already written (a mapping inside a sequence item).
 */
static void yaml_node(struct fc_strbuf *out, const struct fc_node *n, size_t indent,
                      bool inline_first)
{
	if (n->kind == FC_NODE_MAP) {
		for (size_t i = 0; i < n->count; i++) {
			const struct fc_pair *p = &n->pairs[i];
			if (p->comment)
				yaml_comment(out, p->comment, indent);
			if (!(i == 0 && inline_first))
				fc_strbuf_addchars(out, ' ', indent);
			yaml_key(out, p);
			yaml_value(out, p->value, indent, false);
		}
	} else if (n->kind == FC_NODE_SEQ) {
		for (size_t i = 0; i < n->count; i++) {
			if (!(i == 0 && inline_first))
				fc_strbuf_addchars(out, ' ', indent);
			fc_strbuf_addch(out, '-');
			yaml_value(out, n->items[i], indent, true);
		}
	} else {
		fc_strbuf_addchars(out, ' ', indent);
		yaml_scalar(out, n);
		fc_strbuf_addch(out, '\n');
	}
}

void fc_emit_yaml(struct fc_strbuf *out, const struct fc_node *node)
{
	if (is_empty_collection(node)) {
		fc_strbuf_addstr(out, node->kind == FC_NODE_MAP ? "{}\n" : "[]\n");
		return;
	}
	yaml_node(out, node, 0, false);
}

/* ---- JSON ------------------------------------------------------------------ */

/*
 * A collection whose one-line form fits in the line ({"const": 7051},
 * ["a", "b"]) is written on one line, the others one member a line: the
 * layout of Prettier and of `jq --indent 2` for small collections, and what
 * keeps values.schema.json (a const pin per compiled fact) about half the
 * bytes of a member a line.
 */
#define JSON_LINE_WIDTH 100

/* Bytes of the JSON string of s (fc_strbuf_add_json_string's escapes). */
static size_t json_string_width(const char *s, size_t len)
{
	size_t width = 2;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t')
			width += 2;
		else if (c < 0x20 || c == 0x7f)
			width += 6;
		else
			width++;
	}
	return width;
}

/*
 * Width of n written on one line, or more than room when it does not fit
 * (the walk stops as soon as it knows).
 */
static size_t json_width(const struct fc_node *n, size_t room)
{
	if (n->kind == FC_NODE_STRING)
		return json_string_width(n->text, n->len);
	if (n->kind != FC_NODE_MAP && n->kind != FC_NODE_SEQ)
		return n->len;
	size_t width = 2; /* {} or [] */
	for (size_t i = 0; i < n->count && width <= room; i++) {
		if (i)
			width += 2; /* ", " */
		if (n->kind == FC_NODE_MAP) {
			width += json_string_width(n->pairs[i].key, n->pairs[i].key_len) + 2;
			width +=
			        json_width(n->pairs[i].value, room - (width < room ? width : room));
		} else {
			width += json_width(n->items[i], room - (width < room ? width : room));
		}
	}
	return width;
}

static void json_inline(struct fc_strbuf *out, const struct fc_node *n)
{
	if (n->kind == FC_NODE_STRING) {
		fc_strbuf_add_json_string(out, n->text, n->len);
		return;
	}
	if (n->kind != FC_NODE_MAP && n->kind != FC_NODE_SEQ) {
		fc_strbuf_add(out, n->text, n->len);
		return;
	}
	fc_strbuf_addch(out, n->kind == FC_NODE_MAP ? '{' : '[');
	for (size_t i = 0; i < n->count; i++) {
		if (i)
			fc_strbuf_addstr(out, ", ");
		if (n->kind == FC_NODE_MAP) {
			fc_strbuf_add_json_string(out, n->pairs[i].key, n->pairs[i].key_len);
			fc_strbuf_addstr(out, ": ");
			json_inline(out, n->pairs[i].value);
		} else {
			json_inline(out, n->items[i]);
		}
	}
	fc_strbuf_addch(out, n->kind == FC_NODE_MAP ? '}' : ']');
}

/* Writes n, which starts at column (its key before it), indented by indent. */
static void json_node(struct fc_strbuf *out, const struct fc_node *n, size_t indent, size_t column)
{
	bool collection = n->kind == FC_NODE_MAP || n->kind == FC_NODE_SEQ;
	/* one column kept for the comma after a member */
	size_t room = column + 1 < JSON_LINE_WIDTH ? JSON_LINE_WIDTH - column - 1 : 0;
	if (!collection || !n->count || json_width(n, room) <= room) {
		json_inline(out, n);
		return;
	}
	fc_strbuf_addstr(out, n->kind == FC_NODE_MAP ? "{\n" : "[\n");
	for (size_t i = 0; i < n->count; i++) {
		fc_strbuf_addchars(out, ' ', indent + 2);
		if (n->kind == FC_NODE_MAP) {
			const struct fc_pair *p = &n->pairs[i];
			fc_strbuf_add_json_string(out, p->key, p->key_len);
			fc_strbuf_addstr(out, ": ");
			json_node(out, p->value, indent + 2,
			          indent + 2 + json_string_width(p->key, p->key_len) + 2);
		} else {
			json_node(out, n->items[i], indent + 2, indent + 2);
		}
		fc_strbuf_addstr(out, i + 1 < n->count ? ",\n" : "\n");
	}
	fc_strbuf_addchars(out, ' ', indent);
	fc_strbuf_addch(out, n->kind == FC_NODE_MAP ? '}' : ']');
}

void fc_emit_json(struct fc_strbuf *out, const struct fc_node *node)
{
	json_node(out, node, 0, 0);
	fc_strbuf_addch(out, '\n');
}

/*
 * load - YAML text to a document, through libyaml's event API; see load.h.
 *
 * Three steps, each linear in the input (but for the sort of step 3):
 *  1. checks before parsing: the size limit [input-too-large] (reported at
 *     1:1, nothing parsed), UTF-16/UTF-32 input (by byte order mark or by
 *     the NUL bytes of an ASCII start), NUL bytes, invalid UTF-8 and the
 *     control characters YAML forbids [yaml-encoding], each at the line and
 *     column of the first bad byte.  A UTF-8 byte order mark is skipped.
 *  2. libyaml's events, turned into nodes with an explicit stack of open
 *     collections (never the C stack): every child of an open collection
 *     waits in one shared vector of pairs until its collection ends, then is
 *     copied into the arena.  Errors that leave the input readable (anchors,
 *     aliases, tags, duplicate keys, complex keys, long scalars) are recorded
 *     and parsing goes on so that all of them are reported; a syntax error,
 *     a second document or nesting too deep stops it.
 *  3. per mapping, at its end event: duplicate keys, found by sorting the
 *     mapping's keys (O(n log n)), reported at each later key with a note
 *     at the first [duplicate-key].
 *
 * Typing follows the YAML 1.2 core schema: untagged plain scalars are
 * resolved as null, bool, int or float, else string; quoted and block
 * scalars are strings; the core tags force a type (and the text must fit
 * it) [yaml-tag].  Integers beyond int64 become FC_NODE_FLOAT with their
 * text.  Numbers are converted with strtod, so the process must run in the
 * C locale (fabchart never calls setlocale).
 *
 * A document whose only content is nothing (an empty plain root, "---"
 * alone) is [yaml-empty], like a stream without documents.  The stream
 * form (fc_load_yaml_stream) runs the same loader with two rules relaxed:
 * any number of documents, and documents without content are skipped.
 *
 * Positions: libyaml marks are 0-based and count characters; every
 * position here is 1-based.  Line breaks are counted as libyaml counts them
 * (LF, CR, CRLF, NEL, LS, PS) so that positions computed here agree.
 */
#include "load.h"

#include "strbuf.h"
#include "text.h"
#include "yamlscalar.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* An open sequence or mapping. */
struct frame {
	struct fc_node *node;
	size_t start; /* its first child in loader.entries */
	bool have_key; /* mapping: the last entry's key waits for its value */
	bool is_key; /* the collection stands where a key should be (an error) */
};

struct loader {
	struct fc_arena *arena;
	struct fc_diags *diags;
	const char *file;
	const struct fc_load_limits *limits;
	const unsigned char *text; /* the input after any UTF-8 byte order mark */
	size_t len;
	struct frame *frames; /* open collections, outermost first */
	size_t nframes, frames_alloc;
	/* children of the open collections; sequence items use .value only; a
	 * NULL key stands for a key that was not a scalar */
	struct fc_pair *entries;
	size_t nentries, entries_alloc;
	const struct fc_pair **sorted; /* scratch for the duplicate-key check */
	size_t sorted_alloc;
	struct fc_node *root;
	bool stream; /* many documents allowed, empty ones skipped */
	bool yaml11; /* plain scalars typed as Helm reads values files */
	struct fc_node **docs; /* stream: the documents' roots so far */
	size_t ndocs, docs_alloc;
	unsigned documents; /* documents ended so far */
	struct fc_pos doc_pos; /* where the current document starts */
	size_t errors; /* errors this load recorded */
};

enum step { STEP_GO, STEP_DONE, STEP_STOP };

static const char core_tag_prefix[] = "tag:yaml.org,2002:";

__attribute__((format(printf, 5, 6))) static struct fc_diag *
error(struct loader *ld, const char *code, struct fc_pos pos, const char *path, const char *fmt,
      ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct fc_diag *d = fc_diag_add(ld->diags, FC_SEVERITY_ERROR, code, pos, path, fmt, ap);
	va_end(ap);
	ld->errors++;
	return d;
}

static unsigned one_based(size_t zero_based)
{
	return zero_based < UINT_MAX ? (unsigned)zero_based + 1 : UINT_MAX;
}

static struct fc_pos make_pos(const struct loader *ld, unsigned line, unsigned col)
{
	struct fc_pos pos = {ld->file, line, col};
	return pos;
}

static struct fc_pos mark_pos(const struct loader *ld, yaml_mark_t mark)
{
	return make_pos(ld, one_based(mark.line), one_based(mark.column));
}

/* ---- text: characters, line breaks, positions ---- */

/* Length of the line break at s[i] (LF, CR, CRLF, NEL, LS, PS), or 0. */
static size_t break_len(const unsigned char *s, size_t n, size_t i)
{
	if (s[i] == '\n')
		return 1;
	if (s[i] == '\r')
		return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
	if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x85)
		return 2;
	if (s[i] == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
		return 3;
	return 0;
}

/* Length of the character led by byte c (the text is known to be UTF-8). */
static size_t char_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Position of byte offset off of the (already checked) text. */
static struct fc_pos offset_pos(const struct loader *ld, size_t off)
{
	size_t line = 1, col = 1;
	size_t i = 0;
	if (off > ld->len)
		off = ld->len;
	while (i < off) {
		size_t b = break_len(ld->text, ld->len, i);
		if (b) {
			i += b;
			line++;
			col = 1;
		} else {
			i += char_len(ld->text[i]);
			col++;
		}
	}
	return make_pos(ld, line < UINT_MAX ? (unsigned)line : UINT_MAX,
	                col < UINT_MAX ? (unsigned)col : UINT_MAX);
}

/* YAML's c-printable, as libyaml checks it. */
static bool is_printable(uint32_t cp)
{
	return cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
	       (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	       (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* The encoding that a byte order mark or the NUL bytes of an ASCII first
 * character give away, or NULL for none of UTF-16/UTF-32. */
static const char *wide_encoding(const unsigned char *s, size_t n, bool *by_bom)
{
	*by_bom = true;
	if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF)
		return "UTF-32BE";
	if (n >= 4 && s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0)
		return "UTF-32LE";
	if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return "UTF-16BE";
	if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return "UTF-16LE";
	*by_bom = false;
	if (n >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] != 0)
		return "UTF-32BE";
	if (n >= 4 && s[0] != 0 && s[1] == 0 && s[2] == 0 && s[3] == 0)
		return "UTF-32LE";
	if (n >= 2 && s[0] == 0 && s[1] != 0)
		return "UTF-16BE";
	if (n >= 2 && s[0] != 0 && s[1] == 0)
		return "UTF-16LE";
	return NULL;
}

/* Pass 1 on ld->text: reports the first bad byte [yaml-encoding]. */
static int check_text(struct loader *ld)
{
	const unsigned char *s = ld->text;
	size_t n = ld->len;
	unsigned line = 1, col = 1;
	size_t i = 0;
	while (i < n) {
		size_t b = break_len(s, n, i);
		if (b) {
			i += b;
			line = line < UINT_MAX ? line + 1 : line;
			col = 1;
			continue;
		}
		uint32_t cp;
		size_t clen = fc_text_utf8_decode(s + i, n - i, &cp);
		if (s[i] == 0) {
			error(ld, "yaml-encoding", make_pos(ld, line, col), NULL,
			      "NUL byte in the input, YAML text cannot hold one");
			return -1;
		}
		if (!clen) {
			error(ld, "yaml-encoding", make_pos(ld, line, col), NULL,
			      "invalid UTF-8 byte 0x%02x", s[i]);
			return -1;
		}
		if (!is_printable(cp)) {
			error(ld, "yaml-encoding", make_pos(ld, line, col), NULL,
			      "character U+%04X is not allowed in YAML text", (unsigned)cp);
			return -1;
		}
		i += clen;
		col = col < UINT_MAX ? col + 1 : col;
	}
	return 0;
}

/* A short form of s (n bytes of UTF-8) for messages: at most 64
 * characters, control characters escaped. */
static const char *show(struct loader *ld, const char *s, size_t n)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	size_t i = 0, chars = 0;
	while (i < n) {
		if (chars == 64) {
			fc_strbuf_addstr(&sb, "...");
			break;
		}
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F) {
			fc_strbuf_addf(&sb, "\\x%02x", c);
			i++;
		} else {
			size_t l = char_len(c);
			if (l > n - i)
				l = n - i;
			fc_strbuf_add(&sb, s + i, l);
			i += l;
		}
		chars++;
	}
	char *r = fc_arena_strndup(ld->arena, sb.buf, sb.len);
	fc_strbuf_release(&sb);
	return r;
}

static const char *show_tag(struct loader *ld, const char *tag)
{
	size_t plen = sizeof(core_tag_prefix) - 1;
	if (strncmp(tag, core_tag_prefix, plen) == 0) {
		const char *rest = tag + plen;
		return fc_arena_printf(ld->arena, "!!%s", show(ld, rest, strlen(rest)));
	}
	return show(ld, tag, strlen(tag));
}

/* ---- the stack of open collections ---- */

static struct frame *top(struct loader *ld)
{
	return ld->nframes ? &ld->frames[ld->nframes - 1] : NULL;
}

static bool is_key_slot(struct loader *ld)
{
	struct frame *f = top(ld);
	return f && f->node->kind == FC_NODE_MAP && !f->have_key;
}

/* End (one past the last) of frame i's entries. */
static size_t frame_end(const struct loader *ld, size_t i)
{
	return i + 1 < ld->nframes ? ld->frames[i + 1].start : ld->nentries;
}

/*
 * JSON Pointer of the slot being filled in the innermost of the outer depth
 * frames: the root ("") for depth 0; a mapping's own path while it waits
 * for a key.  Built only for diagnostics.
 */
static const char *slot_path(struct loader *ld, size_t depth)
{
	const char *path = "";
	for (size_t i = 0; i < depth; i++) {
		const struct frame *f = &ld->frames[i];
		size_t end = frame_end(ld, i);
		if (f->node->kind == FC_NODE_SEQ) {
			path = fc_pointer_index(ld->arena, path, end - f->start);
		} else {
			if (!f->have_key || !ld->entries[end - 1].key)
				break;
			const struct fc_pair *p = &ld->entries[end - 1];
			path = fc_pointer_key(ld->arena, path, p->key, p->key_len);
		}
	}
	return path;
}

static const char *here(struct loader *ld)
{
	return slot_path(ld, ld->nframes);
}

static struct fc_pair *push_entry(struct loader *ld)
{
	fc_xgrow((void **)&ld->entries, &ld->entries_alloc, ld->nentries + 1, sizeof(*ld->entries));
	struct fc_pair *p = &ld->entries[ld->nentries++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* A key (NULL: one that was not a scalar) for the mapping on top. */
static void add_key(struct loader *ld, const char *key, size_t key_len, struct fc_pos pos)
{
	struct fc_pair *p = push_entry(ld);
	p->key = key;
	p->key_len = key_len;
	p->key_pos = pos;
	top(ld)->have_key = true;
}

/* A finished node: the root, a sequence item or a mapping value. */
static void add_value(struct loader *ld, struct fc_node *node)
{
	struct frame *f = top(ld);
	if (!f) {
		ld->root = node;
	} else if (f->node->kind == FC_NODE_SEQ) {
		push_entry(ld)->value = node;
	} else {
		ld->entries[ld->nentries - 1].value = node;
		f->have_key = false;
	}
}

/* Types n by an explicit tag; reports a tag that is not a core scalar tag
 * or that the text does not fit [yaml-tag]. */
static void type_tagged(struct loader *ld, struct fc_node *n, const char *tag)
{
	bool ok;
	const char *want;
	if (strcmp(tag, YAML_STR_TAG) == 0)
		return;
	if (strcmp(tag, YAML_NULL_TAG) == 0) {
		ok = fc_yaml_scalar_null(n);
		want = "!!null";
	} else if (strcmp(tag, YAML_BOOL_TAG) == 0) {
		ok = fc_yaml_scalar_bool(n);
		want = "!!bool";
	} else if (strcmp(tag, YAML_INT_TAG) == 0) {
		ok = fc_yaml_scalar_int(n);
		want = "!!int";
	} else if (strcmp(tag, YAML_FLOAT_TAG) == 0) {
		ok = fc_yaml_scalar_float(n) || fc_yaml_scalar_int(n);
		if (ok && n->kind == FC_NODE_INT) {
			n->kind = FC_NODE_FLOAT;
			n->integer = 0;
		}
		want = "!!float";
	} else if (strcmp(tag, YAML_MAP_TAG) == 0 || strcmp(tag, YAML_SEQ_TAG) == 0) {
		error(ld, "yaml-tag", n->pos, here(ld), "tag '%s' cannot be given to a scalar",
		      show_tag(ld, tag));
		return;
	} else {
		error(ld, "yaml-tag", n->pos, here(ld),
		      "tag '%s' is not allowed (only !!str, !!int, !!float, !!bool, !!null, !!seq and "
		      "!!map are)",
		      show_tag(ld, tag));
		return;
	}
	if (!ok) {
		error(ld, "yaml-tag", n->pos, here(ld), "'%s' is not a valid %s",
		      show(ld, n->text, n->len), want);
		n->kind = FC_NODE_STRING;
	}
}

static void anchor_error(struct loader *ld, struct fc_pos pos, const char *sigil,
                         const yaml_char_t *name)
{
	const char *s = (const char *)name;
	error(ld, "yaml-anchor", pos, here(ld),
	      "anchors and aliases are not allowed (found %s '%s%s')",
	      *sigil == '&' ? "anchor" : "alias", sigil, show(ld, s, strlen(s)));
}

/* ---- events ---- */

/*
 * The column of a scalar's first character of text when the scalar stands on
 * one line with its text verbatim (doc.h, text_column): its marks span the
 * text's characters, plus the two quotes of a quoted scalar; an escape or a
 * folded line makes the span longer.  0 otherwise.
 */
static unsigned text_column(const yaml_event_t *ev, const char *value, size_t len)
{
	yaml_scalar_style_t style = ev->data.scalar.style;
	size_t quotes;
	if (style == YAML_PLAIN_SCALAR_STYLE)
		quotes = 0;
	else if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	         style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		quotes = 2;
	else
		return 0;
	if (ev->start_mark.line != ev->end_mark.line)
		return 0;
	size_t chars = 0; /* libyaml's columns count characters */
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)value[i] & 0xc0) != 0x80;
	if (ev->end_mark.column - ev->start_mark.column != chars + quotes)
		return 0;
	return (unsigned)(one_based(ev->start_mark.column) + quotes / 2);
}

static enum step on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	struct fc_pos pos = mark_pos(ld, ev->start_mark);
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

	if (ev->data.scalar.anchor)
		anchor_error(ld, pos, "&", ev->data.scalar.anchor);
	if (len > ld->limits->max_scalar)
		error(ld, "yaml-scalar-too-long", pos, here(ld),
		      "scalar is %zu bytes, over the limit of %zu", len, ld->limits->max_scalar);

	struct fc_node *n = fc_node_new_string(ld->arena, pos, value, len);
	n->text_column = text_column(ev, value, len);
	if (tag)
		type_tagged(ld, n, tag);
	else if (plain && ld->yaml11)
		fc_yaml_scalar_plain_yaml11(ld->arena, n);
	else if (plain)
		fc_yaml_scalar_plain(n);

	if (is_key_slot(ld)) {
		if (ld->yaml11)
			fc_yaml_scalar_key_yaml11(n);
		add_key(ld, n->text, n->len, pos);
		return STEP_GO;
	}
	if (!ld->nframes && !tag && plain && len == 0) {
		if (ld->stream)
			return STEP_GO; /* an empty document of a stream: skipped */
		error(ld, "yaml-empty", ld->doc_pos, NULL, "the document is empty");
		return STEP_STOP;
	}
	add_value(ld, n);
	return STEP_GO;
}

static enum step on_start(struct loader *ld, const yaml_event_t *ev, enum fc_node_kind kind)
{
	struct fc_pos pos = mark_pos(ld, ev->start_mark);
	const yaml_char_t *anchor, *tag;
	const char *own_tag, *what;
	if (kind == FC_NODE_SEQ) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		own_tag = YAML_SEQ_TAG;
		what = "sequence";
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		own_tag = YAML_MAP_TAG;
		what = "mapping";
	}
	if (ld->nframes >= ld->limits->max_depth) {
		error(ld, "yaml-too-deep", pos, here(ld), "nesting deeper than %u levels",
		      ld->limits->max_depth);
		return STEP_STOP;
	}
	if (anchor)
		anchor_error(ld, pos, "&", anchor);
	if (tag && strcmp((const char *)tag, own_tag) != 0) {
		const char *t = (const char *)tag;
		if (strncmp(t, core_tag_prefix, sizeof(core_tag_prefix) - 1) == 0 &&
		    (strcmp(t, YAML_STR_TAG) == 0 || strcmp(t, YAML_INT_TAG) == 0 ||
		     strcmp(t, YAML_FLOAT_TAG) == 0 || strcmp(t, YAML_BOOL_TAG) == 0 ||
		     strcmp(t, YAML_NULL_TAG) == 0 || strcmp(t, YAML_SEQ_TAG) == 0 ||
		     strcmp(t, YAML_MAP_TAG) == 0))
			error(ld, "yaml-tag", pos, here(ld), "tag '%s' cannot be given to a %s",
			      show_tag(ld, t), what);
		else
			error(ld, "yaml-tag", pos, here(ld),
			      "tag '%s' is not allowed (only !!str, !!int, !!float, !!bool, !!null, "
			      "!!seq and !!map are)",
			      show_tag(ld, t));
	}
	bool is_key = is_key_slot(ld);
	if (is_key)
		error(ld, "yaml-complex-key", pos, here(ld),
		      "a %s cannot be a mapping key, keys must be scalars", what);

	fc_xgrow((void **)&ld->frames, &ld->frames_alloc, ld->nframes + 1, sizeof(*ld->frames));
	struct frame *f = &ld->frames[ld->nframes++];
	f->node = fc_node_new(ld->arena, kind, pos);
	f->start = ld->nentries;
	f->have_key = false;
	f->is_key = is_key;
	return STEP_GO;
}

static int compare_keys(const void *pa, const void *pb)
{
	const struct fc_pair *a = *(const struct fc_pair *const *)pa;
	const struct fc_pair *b = *(const struct fc_pair *const *)pb;
	if (a->key_len != b->key_len)
		return a->key_len < b->key_len ? -1 : 1;
	int c = memcmp(a->key, b->key, a->key_len);
	if (c)
		return c;
	return a < b ? -1 : a > b; /* source order within equal keys */
}

static bool same_key(const struct fc_pair *a, const struct fc_pair *b)
{
	return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

/* [duplicate-key] in the mapping of frame fi, whose entries are all there. */
static void check_duplicates(struct loader *ld, size_t fi)
{
	size_t start = ld->frames[fi].start, n = 0;
	fc_xgrow((void **)&ld->sorted, &ld->sorted_alloc, ld->nentries - start + 1,
	         sizeof(*ld->sorted));
	for (size_t i = start; i < ld->nentries; i++)
		if (ld->entries[i].key)
			ld->sorted[n++] = &ld->entries[i];
	if (n < 2)
		return;
	qsort(ld->sorted, n, sizeof(*ld->sorted), compare_keys);
	const char *map_path = NULL;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && same_key(ld->sorted[i], ld->sorted[j])) {
			const struct fc_pair *first = ld->sorted[i], *dup = ld->sorted[j];
			if (!map_path)
				map_path = slot_path(ld, fi);
			struct fc_diag *d = error(
			        ld, "duplicate-key", dup->key_pos,
			        fc_pointer_key(ld->arena, map_path, dup->key, dup->key_len),
			        "key '%s' is defined twice", show(ld, dup->key, dup->key_len));
			fc_diag_note(ld->diags, d, first->key_pos, "first defined here");
			j++;
		}
		i = j;
	}
}

static enum step on_end(struct loader *ld)
{
	size_t fi = ld->nframes - 1;
	struct frame f = ld->frames[fi];
	size_t count = ld->nentries - f.start;
	struct fc_node *node = f.node;
	if (node->kind == FC_NODE_MAP)
		check_duplicates(ld, fi);
	node->count = count;
	if (count && node->kind == FC_NODE_SEQ) {
		node->items = fc_arena_array(ld->arena, count, sizeof(*node->items));
		for (size_t i = 0; i < count; i++)
			node->items[i] = ld->entries[f.start + i].value;
	} else if (count) {
		node->pairs = fc_arena_array(ld->arena, count, sizeof(*node->pairs));
		memcpy(node->pairs, &ld->entries[f.start], count * sizeof(*node->pairs));
	}
	ld->nframes--;
	ld->nentries = f.start;
	if (f.is_key)
		add_key(ld, NULL, 0, node->pos);
	else
		add_value(ld, node);
	return STEP_GO;
}

static enum step on_alias(struct loader *ld, const yaml_event_t *ev)
{
	struct fc_pos pos = mark_pos(ld, ev->start_mark);
	anchor_error(ld, pos, "*", ev->data.alias.anchor);
	if (is_key_slot(ld))
		add_key(ld, NULL, 0, pos);
	else
		add_value(ld, fc_node_new(ld->arena, FC_NODE_NULL, pos));
	return STEP_GO;
}

static enum step on_event(struct loader *ld, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT: return STEP_GO;
	case YAML_STREAM_END_EVENT:
		if (!ld->documents && !ld->stream)
			error(ld, "yaml-empty", make_pos(ld, 1, 1), NULL,
			      "the input holds no YAML document");
		return STEP_DONE;
	case YAML_DOCUMENT_START_EVENT:
		if (ld->documents && !ld->stream) {
			error(ld, "yaml-multiple-documents", mark_pos(ld, ev->start_mark), NULL,
			      "a second document starts here, only one is allowed");
			return STEP_STOP;
		}
		ld->doc_pos = mark_pos(ld, ev->start_mark);
		return STEP_GO;
	case YAML_DOCUMENT_END_EVENT:
		ld->documents++;
		if (ld->stream && ld->root) {
			fc_xgrow((void **)&ld->docs, &ld->docs_alloc, ld->ndocs + 1,
			         sizeof(*ld->docs));
			ld->docs[ld->ndocs++] = ld->root;
			ld->root = NULL;
		}
		return STEP_GO;
	case YAML_ALIAS_EVENT: return on_alias(ld, ev);
	case YAML_SCALAR_EVENT: return on_scalar(ld, ev);
	case YAML_SEQUENCE_START_EVENT: return on_start(ld, ev, FC_NODE_SEQ);
	case YAML_MAPPING_START_EVENT: return on_start(ld, ev, FC_NODE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: return on_end(ld);
	}
	return STEP_GO;
}

/* [yaml-syntax] from the parser's error state. */
static void syntax_error(struct loader *ld, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "unknown YAML error";
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		/* not the input's fault: [io], exit 3 like any out of memory */
		error(ld, "io", make_pos(ld, 1, 1), NULL, "the YAML parser ran out of memory");
		return;
	case YAML_READER_ERROR:
		/* pass 1 rules these out; kept for safety */
		if (p->problem_value >= 0)
			error(ld, "yaml-syntax", offset_pos(ld, p->problem_offset), NULL,
			      "%s (value 0x%x)", problem, (unsigned)p->problem_value);
		else
			error(ld, "yaml-syntax", offset_pos(ld, p->problem_offset), NULL, "%s",
			      problem);
		return;
	default: break;
	}
	struct fc_pos pos = mark_pos(ld, p->problem_mark);
	if (!p->context) {
		error(ld, "yaml-syntax", pos, NULL, "%s", problem);
		return;
	}
	struct fc_diag *d = error(ld, "yaml-syntax", pos, NULL, "%s %s", problem, p->context);
	struct fc_pos cpos = mark_pos(ld, p->context_mark);
	if (cpos.line == pos.line && cpos.col == pos.col)
		return;
	/* "while parsing a block mapping" -> "the block mapping starts here" */
	const char *what = p->context;
	if (strncmp(what, "while parsing ", 14) == 0 || strncmp(what, "while scanning ", 15) == 0)
		what = strchr(what + 6, ' ') + 1;
	if (strncmp(what, "a ", 2) == 0)
		fc_diag_note(ld->diags, d, cpos, "the %s starts here", what + 2);
	else if (strncmp(what, "an ", 3) == 0)
		fc_diag_note(ld->diags, d, cpos, "the %s starts here", what + 3);
	else
		fc_diag_note(ld->diags, d, cpos, "%s", p->context);
}

static void parse(struct loader *ld)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		error(ld, "io", make_pos(ld, 1, 1), NULL, "the YAML parser ran out of memory");
		return;
	}
	yaml_parser_set_input_string(&parser, ld->text, ld->len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(ld, &parser);
			break;
		}
		enum step step = on_event(ld, &ev);
		yaml_event_delete(&ev);
		if (step != STEP_GO || fc_diags_full(ld->diags))
			break;
	}
	yaml_parser_delete(&parser);
}

/* Checks and parses ld->text (set by the caller); returns ld->errors. */
static size_t load(struct loader *ld, const char *text, size_t len, size_t max_bytes)
{
	if (len > max_bytes) {
		error(ld, "input-too-large", make_pos(ld, 1, 1), NULL,
		      "input exceeds the limit of %zu bytes", max_bytes);
		return ld->errors;
	}
	bool by_bom;
	const char *wide = wide_encoding(ld->text, len, &by_bom);
	if (wide) {
		error(ld, "yaml-encoding", make_pos(ld, 1, 1), NULL,
		      "input is %s (%s), only UTF-8 is supported", wide,
		      by_bom ? "found its byte order mark" : "guessed from its NUL bytes");
		return ld->errors;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		ld->text += 3;
		ld->len -= 3;
	}
	if (check_text(ld) == 0)
		parse(ld);
	free(ld->frames);
	free(ld->entries);
	free(ld->sorted);
	return ld->errors;
}

static void loader_init(struct loader *ld, struct fc_arena *arena, const char *file,
                        const char *text, size_t len, const struct fc_load_limits *limits,
                        struct fc_diags *diags)
{
	memset(ld, 0, sizeof(*ld));
	ld->arena = arena;
	ld->diags = diags;
	ld->file = file ? fc_arena_strdup(arena, file) : NULL;
	ld->limits = limits ? limits : &fc_load_default_limits;
	ld->text = (const unsigned char *)(text ? text : "");
	ld->len = text ? len : 0;
}

int fc_load_yaml(struct fc_arena *arena, const char *file, const char *text, size_t len,
                 const struct fc_load_limits *limits, struct fc_node **root, struct fc_diags *diags)
{
	struct loader ld;
	loader_init(&ld, arena, file, text, len, limits, diags);
	*root = NULL;
	if (load(&ld, text, len, ld.limits->max_bytes))
		return -1;
	*root = ld.root;
	return 0;
}

int fc_load_yaml_stream(struct fc_arena *arena, const char *file, const char *text, size_t len,
                        size_t max_bytes, struct fc_node ***docs, size_t *count,
                        struct fc_diags *diags)
{
	struct loader ld;
	loader_init(&ld, arena, file, text, len, NULL, diags);
	ld.stream = true;
	*docs = NULL;
	*count = 0;
	size_t errors = load(&ld, text, len, max_bytes);
	if (!errors && ld.ndocs) {
		*docs = fc_arena_memdup(arena, ld.docs, ld.ndocs * sizeof(*ld.docs));
		*count = ld.ndocs;
	}
	free(ld.docs);
	return errors ? -1 : 0;
}

int fc_load_values_yaml(struct fc_arena *arena, const char *file, const char *text, size_t len,
                        struct fc_node **root, struct fc_diags *diags)
{
	struct loader ld;
	loader_init(&ld, arena, file, text, len, NULL, diags);
	ld.stream = true;
	ld.yaml11 = true;
	*root = NULL;
	size_t errors = load(&ld, text, len, ld.limits->max_bytes);
	if (!errors && ld.ndocs > 1) {
		error(&ld, "yaml-multiple-documents", ld.docs[1]->pos, NULL,
		      "a values file holds one document");
		errors++;
	}
	if (!errors && ld.ndocs == 1)
		*root = ld.docs[0];
	free(ld.docs);
	return errors ? -1 : 0;
}

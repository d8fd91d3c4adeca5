/*
 * diag - recording, sorting and formatting diagnostics; see diag.h.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

void fc_diags_init(struct fc_diags *diags, struct fc_arena *arena)
{
	memset(diags, 0, sizeof(*diags));
	diags->arena = arena;
}

void fc_diags_release(struct fc_diags *diags)
{
	free(diags->items);
	diags->items = NULL;
	diags->count = diags->alloc = 0;
	diags->errors = diags->warnings = 0;
}

static struct fc_pos copy_pos(struct fc_arena *arena, struct fc_pos pos)
{
	if (pos.file)
		pos.file = fc_arena_strdup(arena, pos.file);
	return pos;
}

struct fc_diag *fc_diag_add(struct fc_diags *diags, enum fc_severity severity, const char *code,
                            struct fc_pos pos, const char *path, const char *fmt, va_list ap)
{
	if (diags->count >= FC_DIAGS_MAX) {
		diags->omitted++;
		if (severity == FC_SEVERITY_ERROR) {
			diags->errors++;
		} else {
			diags->warnings++;
			diags->omitted_warnings++;
		}
		diags->overflow = (struct fc_diag){.severity = severity, .code = "", .message = ""};
		return &diags->overflow;
	}
	struct fc_diag *d = fc_arena_alloc(diags->arena, sizeof(*d));
	d->severity = severity;
	d->code = fc_arena_strdup(diags->arena, code);
	d->pos = copy_pos(diags->arena, pos);
	d->path = path ? fc_arena_strdup(diags->arena, path) : NULL;
	d->message = fc_arena_vprintf(diags->arena, fmt, ap);
	d->seq = diags->count;
	fc_xgrow((void **)&diags->items, &diags->alloc, diags->count + 1, sizeof(*diags->items));
	diags->items[diags->count++] = d;
	if (severity == FC_SEVERITY_ERROR)
		diags->errors++;
	else
		diags->warnings++;
	return d;
}

struct fc_diag *fc_diag_error(struct fc_diags *diags, const char *code, struct fc_pos pos,
                              const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct fc_diag *d = fc_diag_add(diags, FC_SEVERITY_ERROR, code, pos, path, fmt, ap);
	va_end(ap);
	return d;
}

struct fc_diag *fc_diag_warning(struct fc_diags *diags, const char *code, struct fc_pos pos,
                                const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct fc_diag *d = fc_diag_add(diags, FC_SEVERITY_WARNING, code, pos, path, fmt, ap);
	va_end(ap);
	return d;
}

void fc_diag_note(struct fc_diags *diags, struct fc_diag *diag, struct fc_pos pos, const char *fmt,
                  ...)
{
	if (diag == &diags->overflow)
		return;
	struct fc_note *n = fc_arena_alloc(diags->arena, sizeof(*n));
	n->pos = copy_pos(diags->arena, pos);
	va_list ap;
	va_start(ap, fmt);
	n->message = fc_arena_vprintf(diags->arena, fmt, ap);
	va_end(ap);
	struct fc_note **tail = &diag->notes;
	while (*tail)
		tail = &(*tail)->next;
	*tail = n;
}

void fc_diags_promote_warnings(struct fc_diags *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		if (diags->items[i]->severity == FC_SEVERITY_WARNING) {
			diags->items[i]->severity = FC_SEVERITY_ERROR;
			diags->warnings--;
			diags->errors++;
		}
	}
	diags->warnings -= diags->omitted_warnings;
	diags->errors += diags->omitted_warnings;
	diags->omitted_warnings = 0;
}

bool fc_diags_full(const struct fc_diags *diags)
{
	return diags->count >= FC_DIAGS_MAX;
}

static int compare_diag(const void *pa, const void *pb)
{
	const struct fc_diag *a = *(const struct fc_diag *const *)pa;
	const struct fc_diag *b = *(const struct fc_diag *const *)pb;
	int c = strcmp(a->pos.file ? a->pos.file : "", b->pos.file ? b->pos.file : "");
	if (c)
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	if (a->pos.col != b->pos.col)
		return a->pos.col < b->pos.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void fc_diags_sort(struct fc_diags *diags)
{
	if (diags->count > 1)
		qsort(diags->items, diags->count, sizeof(*diags->items), compare_diag);
}

static void format_location(struct fc_strbuf *out, struct fc_pos pos)
{
	if (!pos.file)
		return;
	fc_strbuf_addstr(out, pos.file);
	if (pos.line) {
		fc_strbuf_addf(out, ":%u", pos.line);
		if (pos.col)
			fc_strbuf_addf(out, ":%u", pos.col);
	}
	fc_strbuf_addstr(out, ": ");
}

/* Appends line `line` of source and a caret under column col. */
static void format_caret(struct fc_strbuf *out, const char *source, size_t len, unsigned line,
                         unsigned col)
{
	size_t start = 0;
	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(source + start, '\n', len - start);
		if (!nl)
			return;
		start = (size_t)(nl - source) + 1;
	}
	size_t end = start;
	while (end < len && source[end] != '\n' && source[end] != '\r')
		end++;
	fc_strbuf_addstr(out, "  ");
	fc_strbuf_add(out, source + start, end - start);
	fc_strbuf_addstr(out, "\n  ");
	/* columns count characters: one blank (or the tab) per character before col */
	unsigned c = 1;
	for (size_t i = start; col && c < col && i < end; i++) {
		if (((unsigned char)source[i] & 0xc0) == 0x80)
			continue; /* a UTF-8 continuation byte */
		fc_strbuf_addch(out, source[i] == '\t' ? '\t' : ' ');
		c++;
	}
	fc_strbuf_addstr(out, "^\n");
}

void fc_diag_format_text(struct fc_strbuf *out, const struct fc_diag *diag, const char *source,
                         size_t source_len)
{
	format_location(out, diag->pos);
	fc_strbuf_addf(out, "%s: %s [%s]\n",
	               diag->severity == FC_SEVERITY_ERROR ? "error" : "warning", diag->message,
	               diag->code);
	if (source && diag->pos.line)
		format_caret(out, source, source_len, diag->pos.line, diag->pos.col);
	for (const struct fc_note *n = diag->notes; n; n = n->next) {
		format_location(out, n->pos);
		fc_strbuf_addf(out, "note: %s\n", n->message);
	}
}

static void add_json_field(struct fc_strbuf *out, const char *name, const char *value)
{
	fc_strbuf_addf(out, "\"%s\":", name);
	if (value)
		fc_strbuf_add_json_string(out, value, strlen(value));
	else
		fc_strbuf_addstr(out, "null");
}

static void add_json_position(struct fc_strbuf *out, struct fc_pos pos)
{
	add_json_field(out, "file", pos.file);
	fc_strbuf_addf(out, ",\"line\":%u,\"column\":%u,", pos.line, pos.col);
}

void fc_diags_format_json(struct fc_strbuf *out, const struct fc_diags *diags)
{
	fc_strbuf_addch(out, '{');
	fc_diags_format_json_members(out, diags);
	fc_strbuf_addstr(out, "}\n");
}

void fc_diags_format_json_members(struct fc_strbuf *out, const struct fc_diags *diags)
{
	fc_strbuf_addf(out, "\"errors\":%zu,\"warnings\":%zu,", diags->errors, diags->warnings);
	if (diags->omitted)
		fc_strbuf_addf(out, "\"omitted\":%zu,", diags->omitted);
	fc_strbuf_addstr(out, "\"diagnostics\":[");
	for (size_t i = 0; i < diags->count; i++) {
		const struct fc_diag *d = diags->items[i];
		fc_strbuf_addstr(out, i ? ",{" : "{");
		add_json_field(out, "severity",
		               d->severity == FC_SEVERITY_ERROR ? "error" : "warning");
		fc_strbuf_addch(out, ',');
		add_json_field(out, "code", d->code);
		fc_strbuf_addch(out, ',');
		add_json_position(out, d->pos);
		add_json_field(out, "path", d->path);
		fc_strbuf_addch(out, ',');
		add_json_field(out, "message", d->message);
		fc_strbuf_addstr(out, ",\"notes\":[");
		for (const struct fc_note *n = d->notes; n; n = n->next) {
			fc_strbuf_addstr(out, n == d->notes ? "{" : ",{");
			add_json_position(out, n->pos);
			add_json_field(out, "message", n->message);
			fc_strbuf_addch(out, '}');
		}
		fc_strbuf_addstr(out, "]}");
	}
	fc_strbuf_addch(out, ']');
}

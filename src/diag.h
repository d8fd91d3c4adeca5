/*
 * diag - diagnostics, the one thing every stage shares.
 *
 * A stage records every problem it finds (fc_diag_error / fc_diag_warning)
 * and returns -1; it never prints.  Each diagnostic has a stable code (the
 * catalogue is docs/diagnostics.md), a 1-based position (line 0 means "no
 * position", e.g. a whole-file problem reported at the file), an optional
 * JSON Pointer into the document, a message (lowercase, no trailing period,
 * subjects quoted) and any number of notes ("first defined here").
 *
 * Ownership: diagnostics, their strings and notes live in the arena given to
 * fc_diags_init(); the pointer array is heap memory freed by
 * fc_diags_release().  Strings passed in (file, code, path) are copied.
 */
#ifndef FC_DIAG_H
#define FC_DIAG_H

#include "arena.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>

struct fc_pos {
	const char *file; /* NULL when unknown */
	unsigned line; /* 1-based; 0 = no position in the file */
	unsigned col; /* 1-based; 0 = no column */
};

enum fc_severity { FC_SEVERITY_ERROR, FC_SEVERITY_WARNING };

struct fc_note {
	struct fc_note *next;
	struct fc_pos pos;
	const char *message;
};

struct fc_diag {
	enum fc_severity severity;
	const char *code; /* e.g. "duplicate-key" */
	struct fc_pos pos;
	const char *path; /* JSON Pointer ("" = the root), NULL when none */
	const char *message;
	struct fc_note *notes; /* in the order added */
	size_t seq; /* insertion order, breaks ties when sorting */
};

/*
 * At most FC_DIAGS_MAX diagnostics are kept: the first ones found.  Any
 * further one is counted (errors, warnings, omitted) but not stored, and the
 * add functions return a scratch diagnostic that notes ignore.  Stages may ask
 * fc_diags_full() and stop early: a hostile input with 10^5 errors costs no
 * more than one with 200.
 */
#define FC_DIAGS_MAX 200

struct fc_diags {
	struct fc_arena *arena;
	struct fc_diag **items;
	size_t count;
	size_t alloc;
	size_t errors;
	size_t warnings;
	size_t omitted; /* diagnostics counted but not kept */
	size_t omitted_warnings; /* of which warnings (--Werror promotes them) */
	struct fc_diag overflow; /* what the add functions return once full */
};

/* True once FC_DIAGS_MAX diagnostics are kept. */
bool fc_diags_full(const struct fc_diags *diags);

void fc_diags_init(struct fc_diags *diags, struct fc_arena *arena);
void fc_diags_release(struct fc_diags *diags);

struct fc_diag *fc_diag_error(struct fc_diags *diags, const char *code, struct fc_pos pos,
                              const char *path, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
struct fc_diag *fc_diag_warning(struct fc_diags *diags, const char *code, struct fc_pos pos,
                                const char *path, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));
struct fc_diag *fc_diag_add(struct fc_diags *diags, enum fc_severity severity, const char *code,
                            struct fc_pos pos, const char *path, const char *fmt, va_list ap)
        __attribute__((format(printf, 6, 0)));
void fc_diag_note(struct fc_diags *diags, struct fc_diag *diag, struct fc_pos pos, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));

/* Turns every warning into an error (--Werror). */
void fc_diags_promote_warnings(struct fc_diags *diags);
/* Sorts by file, line, column, then insertion order. */
void fc_diags_sort(struct fc_diags *diags);

/*
 * Text form: "file:line:col: error: message [code]" and "file:line:col: note:
 * message" lines.  When source is not NULL, the diagnostic's line of source
 * (source_len bytes, the file named in pos) and a caret under its column
 * follow the message.
 */
void fc_diag_format_text(struct fc_strbuf *out, const struct fc_diag *diag, const char *source,
                         size_t source_len);
/*
 * JSON form of all diagnostics, one object:
 * {"errors":N,"warnings":N,"diagnostics":[{"severity","code","file","line",
 *  "column","path","message","notes":[{"file","line","column","message"}]}]}
 */
void fc_diags_format_json(struct fc_strbuf *out, const struct fc_diags *diags);
/* The same members without the enclosing braces, for callers that add more. */
void fc_diags_format_json_members(struct fc_strbuf *out, const struct fc_diags *diags);

#endif

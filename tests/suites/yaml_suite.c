/*
 * yaml_suite - runs the YAML test suite through the loader and compares its
 * verdict with libyaml's.
 *
 * Usage: yaml_suite DEVIATIONS [FILTER]
 *
 * Reads every case of $FABCHART_EXT_DIR/yaml-test-suite: a directory <ID>/
 * or <ID>/<NN>/ holding in.yaml (and an `error` file when the input is not
 * valid YAML).  For each case:
 *  1. libyaml 0.2.5 itself parses in.yaml (its event API, as the loader
 *     uses it): accepted or rejected;
 *  2. the runner derives, from libyaml's events, which of fabchart's own
 *     rules the input breaks on purpose (anchors, several documents, an
 *     empty document, tags, duplicate or complex keys, limits).  Each rule
 *     has a name, the diagnostic code the loader must give and a reason in
 *     DEVIATIONS, one line each:
 *         rule | NAME | CODE | REASON
 *     A case that needs a deviation of its own would be listed there as
 *         case | ID | CODE | REASON
 *     (an entry for a case that no longer needs it is a failure);
 *  3. fc_load_yaml reads in.yaml with the default limits;
 *  4. an accepted case with an in.json must load to that value (numbers by
 *     value, so the core-schema typing is checked too), except where
 *     libyaml itself reads the input differently from the suite, listed as
 *         value | ID | REASON
 *     (again, an entry whose case now matches in.json is a failure).
 * Expected: a case libyaml rejects is rejected; a case libyaml accepts is
 * rejected when a rule applies, with that rule's code among the
 * diagnostics, and accepted otherwise.  Every case runs; nothing is
 * skipped.  Each deviation applied is printed with its rule, so the list of
 * differences from libyaml is visible in the log.
 *
 * Prints failures, the deviations applied, a summary per rule, the suite's
 * own valid/error split against libyaml's verdicts (for information), and
 * "N passed, N failed" as the last line.  Exit status 0 when nothing failed.
 * When the suite is absent it is skipped (skip.h): exit 77, or 1 when CI=true.
 * FILTER runs only cases whose ID contains it.
 */
#include "arena.h"
#include "diag.h"
#include "json.h"
#include "load.h"
#include "skip.h"
#include "strbuf.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

/* ---- deviations ---- */

enum rule {
	RULE_ANCHOR,
	RULE_DOCUMENTS,
	RULE_EMPTY,
	RULE_TAG,
	RULE_DUPLICATE_KEY,
	RULE_COMPLEX_KEY,
	RULE_DEPTH,
	RULE_SCALAR,
	RULE_SIZE,
	RULE_COUNT
};

static const char *const rule_names[RULE_COUNT] = {
        "anchors-aliases", "multiple-documents", "empty-document", "tags",       "duplicate-keys",
        "complex-keys",    "depth-limit",        "scalar-limit",   "size-limit",
};

struct deviation {
	char *kind; /* "rule" or "case" */
	char *name; /* rule name or case ID */
	char *code;
	char *reason;
	unsigned used;
};

struct deviations {
	struct deviation *items;
	size_t count, alloc;
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct fc_strbuf sb = FC_STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fc_strbuf_add(&sb, buf, n);
	fclose(f);
	return fc_strbuf_detach(&sb, len);
}

/* dir/name in a heap string the caller frees. */
static char *join(const char *dir, const char *name)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addf(&sb, "%s/%s", dir, name);
	return fc_strbuf_detach(&sb, NULL);
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

static struct deviation *find_deviation(struct deviations *devs, const char *kind, const char *name)
{
	for (size_t i = 0; i < devs->count; i++)
		if (strcmp(devs->items[i].kind, kind) == 0 &&
		    strcmp(devs->items[i].name, name) == 0)
			return &devs->items[i];
	return NULL;
}

static int load_deviations(const char *path, struct deviations *devs)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		fprintf(stderr, "cannot read the deviation list %s\n", path);
		return -1;
	}
	int rc = 0;
	unsigned lineno = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char *l = trim(line);
		if (*l == '\0' || *l == '#')
			continue;
		char *fields[4];
		size_t nf = 0;
		bool value_line = strncmp(l, "value |", 7) == 0;
		for (char *p = l; p && nf < 4;) {
			char *sep = nf < (value_line ? 2u : 3u) ? strstr(p, " | ") : NULL;
			if (sep)
				*sep = '\0';
			fields[nf++] = trim(p);
			p = sep ? sep + 3 : NULL;
		}
		static char no_code[] = "-";
		bool is_value = nf == 3 && strcmp(fields[0], "value") == 0 && *fields[2];
		if (is_value) {
			fields[3] = fields[2];
			fields[2] = no_code;
		} else if (nf != 4 || !*fields[3] ||
		           (strcmp(fields[0], "rule") != 0 && strcmp(fields[0], "case") != 0)) {
			fprintf(stderr,
			        "%s:%u: expected rule|case | NAME | CODE | REASON or value | ID | REASON\n",
			        path, lineno);
			rc = -1;
			continue;
		}
		if (strcmp(fields[0], "rule") == 0) {
			bool known = false;
			for (int r = 0; r < RULE_COUNT; r++)
				known = known || strcmp(rule_names[r], fields[1]) == 0;
			if (!known) {
				fprintf(stderr, "%s:%u: unknown rule '%s'\n", path, lineno,
				        fields[1]);
				rc = -1;
				continue;
			}
		}
		fc_xgrow((void **)&devs->items, &devs->alloc, devs->count + 1,
		         sizeof(*devs->items));
		struct deviation *d = &devs->items[devs->count++];
		d->kind = strdup(fields[0]);
		d->name = strdup(fields[1]);
		d->code = strdup(fields[2]);
		d->reason = strdup(fields[3]);
		d->used = 0;
	}
	free(text);
	for (int r = 0; r < RULE_COUNT; r++) {
		if (!find_deviation(devs, "rule", rule_names[r])) {
			fprintf(stderr, "%s: rule '%s' has no line\n", path, rule_names[r]);
			rc = -1;
		}
	}
	return rc;
}

static void free_deviations(struct deviations *devs)
{
	for (size_t i = 0; i < devs->count; i++) {
		free(devs->items[i].kind);
		free(devs->items[i].name);
		free(devs->items[i].code);
		free(devs->items[i].reason);
	}
	free(devs->items);
}

/* ---- libyaml's verdict and the rules an input breaks ---- */

/* The YAML 1.2 core schema's forms, as load.h states them. */
static bool text_is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

static bool is_core_null(const char *s, size_t n)
{
	return n == 0 || text_is(s, n, "~") || text_is(s, n, "null") || text_is(s, n, "Null") ||
	       text_is(s, n, "NULL");
}

static bool is_core_bool(const char *s, size_t n)
{
	return text_is(s, n, "true") || text_is(s, n, "True") || text_is(s, n, "TRUE") ||
	       text_is(s, n, "false") || text_is(s, n, "False") || text_is(s, n, "FALSE");
}

static size_t span(const char *s, size_t n, size_t i, const char *set)
{
	size_t start = i;
	while (i < n && s[i] && strchr(set, s[i]))
		i++;
	return i - start;
}

static bool is_core_int(const char *s, size_t n)
{
	if (n > 2 && s[0] == '0' && s[1] == 'o')
		return span(s, n, 2, "01234567") == n - 2;
	if (n > 2 && s[0] == '0' && s[1] == 'x')
		return span(s, n, 2, "0123456789abcdefABCDEF") == n - 2;
	size_t i = n > 0 && (s[0] == '-' || s[0] == '+');
	return i < n && span(s, n, i, "0123456789") == n - i;
}

static bool is_core_float(const char *s, size_t n)
{
	static const char digits[] = "0123456789";
	size_t i = n > 0 && (s[0] == '-' || s[0] == '+');
	const char *r = s + i;
	size_t rn = n - i;
	if (text_is(r, rn, ".inf") || text_is(r, rn, ".Inf") || text_is(r, rn, ".INF"))
		return true;
	if (i == 0 && (text_is(r, rn, ".nan") || text_is(r, rn, ".NaN") || text_is(r, rn, ".NAN")))
		return true;
	if (i < n && s[i] == '.') {
		size_t d = span(s, n, i + 1, digits);
		if (!d)
			return false;
		i += 1 + d;
	} else {
		size_t d = span(s, n, i, digits);
		if (!d)
			return false;
		i += d;
		if (i < n && s[i] == '.')
			i += 1 + span(s, n, i + 1, digits);
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		size_t d = span(s, n, i, digits);
		if (!d)
			return false;
		i += d;
	}
	return i == n;
}

/* A scalar tag the loader accepts for this text. */
static bool scalar_tag_fits(const char *tag, const char *s, size_t n)
{
	if (strcmp(tag, YAML_STR_TAG) == 0)
		return true;
	if (strcmp(tag, YAML_NULL_TAG) == 0)
		return is_core_null(s, n);
	if (strcmp(tag, YAML_BOOL_TAG) == 0)
		return is_core_bool(s, n);
	if (strcmp(tag, YAML_INT_TAG) == 0)
		return is_core_int(s, n);
	if (strcmp(tag, YAML_FLOAT_TAG) == 0)
		return is_core_float(s, n) || is_core_int(s, n);
	return false;
}

struct key {
	const char *text;
	size_t len;
};

/* An open collection while libyaml's events are read. */
struct open {
	bool mapping;
	bool want_key; /* mapping: the next node is a key */
	struct key *keys; /* mapping: scalar keys so far */
	size_t nkeys, keys_alloc;
};

struct libyaml_run {
	bool ok; /* libyaml parsed the whole stream */
	char error[256]; /* its problem when not */
	bool breaks[RULE_COUNT];
	unsigned documents;
};

/* Marks a node of the innermost collection as seen: a key or a value. */
static void after_node(struct open *stack, size_t depth)
{
	if (depth && stack[depth - 1].mapping)
		stack[depth - 1].want_key = !stack[depth - 1].want_key;
}

/*
 * Parses text with libyaml and records its verdict and the rules the input
 * breaks (derived from the events libyaml produced, also when it failed
 * later: the loader stops at the same event).
 */
static void run_libyaml(const char *text, size_t len, struct libyaml_run *run)
{
	const struct fc_load_limits *limits = &fc_load_default_limits;
	memset(run, 0, sizeof(*run));
	if (len > limits->max_bytes)
		run->breaks[RULE_SIZE] = true;
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser)) {
		snprintf(run->error, sizeof(run->error), "cannot initialize libyaml");
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	struct open *stack = NULL;
	size_t depth = 0, alloc = 0;
	bool root_seen = false;
	char **owned = NULL; /* copies of key texts, freed at the end */
	size_t nowned = 0, owned_alloc = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			snprintf(run->error, sizeof(run->error), "%zu:%zu: %s",
			         parser.problem_mark.line + 1, parser.problem_mark.column + 1,
			         parser.problem ? parser.problem : "error");
			break;
		}
		bool end = ev.type == YAML_STREAM_END_EVENT;
		bool in_key = depth && stack[depth - 1].mapping && stack[depth - 1].want_key;
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			run->documents++;
			if (run->documents > 1)
				run->breaks[RULE_DOCUMENTS] = true;
			root_seen = false;
			break;
		case YAML_ALIAS_EVENT:
			run->breaks[RULE_ANCHOR] = true;
			after_node(stack, depth);
			break;
		case YAML_SCALAR_EVENT: {
			const char *value = (const char *)ev.data.scalar.value;
			size_t n = ev.data.scalar.length;
			const char *tag = (const char *)ev.data.scalar.tag;
			if (ev.data.scalar.anchor)
				run->breaks[RULE_ANCHOR] = true;
			if (tag && !scalar_tag_fits(tag, value, n))
				run->breaks[RULE_TAG] = true;
			if (n > limits->max_scalar)
				run->breaks[RULE_SCALAR] = true;
			if (!depth && !root_seen && !tag &&
			    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && n == 0)
				run->breaks[RULE_EMPTY] = true;
			if (in_key) {
				struct open *o = &stack[depth - 1];
				for (size_t i = 0; i < o->nkeys; i++)
					if (o->keys[i].len == n &&
					    memcmp(o->keys[i].text, value, n) == 0)
						run->breaks[RULE_DUPLICATE_KEY] = true;
				fc_xgrow((void **)&owned, &owned_alloc, nowned + 1, sizeof(*owned));
				char *copy = fc_xmalloc(n + 1);
				memcpy(copy, value, n);
				copy[n] = '\0';
				owned[nowned++] = copy;
				fc_xgrow((void **)&o->keys, &o->keys_alloc, o->nkeys + 1,
				         sizeof(*o->keys));
				o->keys[o->nkeys++] = (struct key){copy, n};
			}
			root_seen = true;
			after_node(stack, depth);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			bool mapping = ev.type == YAML_MAPPING_START_EVENT;
			const char *anchor =
			        (const char *)(mapping ? ev.data.mapping_start.anchor
			                               : ev.data.sequence_start.anchor);
			const char *tag = (const char *)(mapping ? ev.data.mapping_start.tag
			                                         : ev.data.sequence_start.tag);
			if (anchor)
				run->breaks[RULE_ANCHOR] = true;
			if (tag && strcmp(tag, mapping ? YAML_MAP_TAG : YAML_SEQ_TAG) != 0)
				run->breaks[RULE_TAG] = true;
			if (in_key)
				run->breaks[RULE_COMPLEX_KEY] = true;
			if (depth >= limits->max_depth)
				run->breaks[RULE_DEPTH] = true;
			root_seen = true;
			fc_xgrow((void **)&stack, &alloc, depth + 1, sizeof(*stack));
			stack[depth++] = (struct open){mapping, true, NULL, 0, 0};
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth) {
				free(stack[depth - 1].keys);
				depth--;
			}
			after_node(stack, depth);
			break;
		default: break;
		}
		yaml_event_delete(&ev);
		if (end) {
			run->ok = true;
			break;
		}
	}
	if (run->ok && run->documents == 0)
		run->breaks[RULE_EMPTY] = true;
	while (depth)
		free(stack[--depth].keys);
	free(stack);
	for (size_t i = 0; i < nowned; i++)
		free(owned[i]);
	free(owned);
	yaml_parser_delete(&parser);
}

/* ---- cases ---- */

struct totals {
	unsigned passed, failed;
	unsigned rule_cases[RULE_COUNT];
	unsigned valid_libyaml_rejects, error_libyaml_accepts;
	unsigned libyaml_accepts, libyaml_rejects;
	unsigned json_same, json_differ; /* accepted cases with an in.json */
};

static bool has_code(const struct fc_diags *diags, const char *code)
{
	for (size_t i = 0; i < diags->count; i++)
		if (diags->items[i]->severity == FC_SEVERITY_ERROR &&
		    strcmp(diags->items[i]->code, code) == 0)
			return true;
	return false;
}

static void print_diags(const struct fc_diags *diags)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < diags->count && i < 5; i++) {
		fc_strbuf_reset(&sb);
		fc_diag_format_text(&sb, diags->items[i], NULL, 0);
		printf("    %s", sb.buf);
		if (sb.len && sb.buf[sb.len - 1] != '\n')
			printf("\n");
	}
	fc_strbuf_release(&sb);
}

static void run_case(const char *dir, const char *id, struct deviations *devs,
                     struct totals *totals)
{
	char *path = join(dir, "in.yaml");
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		printf("FAIL %s: cannot read %s\n", id, path);
		totals->failed++;
		free(path);
		return;
	}
	free(path);
	path = join(dir, "error");
	struct stat st;
	bool suite_error = stat(path, &st) == 0;
	free(path);

	struct libyaml_run lib;
	run_libyaml(text, len, &lib);
	if (lib.ok)
		totals->libyaml_accepts++;
	else
		totals->libyaml_rejects++;
	if (lib.ok && suite_error)
		totals->error_libyaml_accepts++;
	if (!lib.ok && !suite_error)
		totals->valid_libyaml_rejects++;

	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_node *root = NULL;
	char *file = join(id, "in.yaml");
	int rc = fc_load_yaml(&arena, file, text, len, NULL, &root, &diags);
	bool accepted = rc == 0;

	/* the deviations that apply: the rules, then any of the case's own */
	struct deviation *applied[RULE_COUNT + 1];
	size_t napplied = 0;
	if (lib.ok) {
		for (int r = 0; r < RULE_COUNT; r++) {
			if (!lib.breaks[r])
				continue;
			applied[napplied++] = find_deviation(devs, "rule", rule_names[r]);
			totals->rule_cases[r]++;
		}
		struct deviation *own = find_deviation(devs, "case", id);
		if (own)
			applied[napplied++] = own;
	}

	bool pass;
	const char *why = NULL;
	if (!lib.ok) {
		pass = !accepted;
		why = "libyaml rejects it, the loader accepts it";
	} else if (napplied) {
		bool code_found = false;
		for (size_t i = 0; i < napplied; i++)
			code_found = code_found || has_code(&diags, applied[i]->code);
		pass = !accepted && code_found;
		why = accepted ? "a deviation applies, the loader accepts it"
		               : "a deviation applies, but none of its codes was reported";
	} else {
		pass = accepted;
		why = "libyaml accepts it, the loader rejects it";
	}

	if (pass && accepted) {
		char *json_path = join(dir, "in.json");
		size_t json_len;
		char *json = read_file(json_path, &json_len);
		if (json) {
			struct fc_node *expected = NULL;
			struct deviation *reading = find_deviation(devs, "value", id);
			if (fc_json_parse(&arena, json_path, json, json_len, NULL, &expected,
			                  &diags) == 0 &&
			    fc_node_equal(root, expected, NULL)) {
				totals->json_same++;
				if (reading) {
					pass = false;
					why = "listed as a value deviation, but the value equals in.json";
				}
			} else if (reading) {
				totals->json_differ++;
				reading->used++;
				printf("deviation %s: value differs from in.json: %s\n", id,
				       reading->reason);
			} else {
				totals->json_differ++;
				pass = false;
				why = "the loaded value differs from in.json";
			}
			free(json);
		}
		free(json_path);
	}

	if (pass) {
		totals->passed++;
		for (size_t i = 0; i < napplied; i++) {
			applied[i]->used++;
			printf("deviation %s: %s %s [%s]\n", id, applied[i]->kind, applied[i]->name,
			       applied[i]->code);
		}
	} else {
		totals->failed++;
		printf("FAIL %s (%s): %s\n", id, suite_error ? "error case" : "valid case", why);
		if (!lib.ok)
			printf("    libyaml: %s\n", lib.error);
		for (size_t i = 0; i < napplied; i++)
			printf("    deviation: %s %s [%s]\n", applied[i]->kind, applied[i]->name,
			       applied[i]->code);
		print_diags(&diags);
	}
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	free(file);
	free(text);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names of dir's subdirectories; *n set.  NULL when dir cannot be
 * read. */
static char **subdirs(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = NULL;
	size_t alloc = 0;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = join(dir, e->d_name);
		struct stat st;
		bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
		free(path);
		if (!is_dir)
			continue;
		fc_xgrow((void **)&names, &alloc, *n + 1, sizeof(*names));
		names[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	if (!names)
		names = fc_xcalloc(1, sizeof(*names));
	qsort(names, *n, sizeof(*names), compare_names);
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: yaml_suite DEVIATIONS [FILTER]\n");
		return 2;
	}
	const char *filter = argc > 2 ? argv[2] : NULL;
	const char *ext = getenv("FABCHART_EXT_DIR");
	char *suite = join(ext ? ext : "", "yaml-test-suite");
	size_t nids;
	char **ids = ext ? subdirs(suite, &nids) : NULL;
	if (!ids || nids == 0) {
		int status = fc_test_skip("yaml_suite", "the YAML test suite is missing (%s)",
		                          ext ? suite : "FABCHART_EXT_DIR is not set");
		free_names(ids, ids ? nids : 0);
		free(suite);
		return status;
	}
	struct deviations devs = {0};
	if (load_deviations(argv[1], &devs) != 0) {
		free_deviations(&devs);
		free_names(ids, nids);
		free(suite);
		return 1;
	}

	struct totals totals = {0};
	unsigned cases = 0;
	for (size_t i = 0; i < nids; i++) {
		if (filter && !strstr(ids[i], filter))
			continue;
		char *dir = join(suite, ids[i]);
		char *probe = join(dir, "in.yaml");
		struct stat st;
		bool single = stat(probe, &st) == 0;
		free(probe);
		if (single) {
			run_case(dir, ids[i], &devs, &totals);
			cases++;
			free(dir);
			continue;
		}
		size_t nsub;
		char **sub = subdirs(dir, &nsub);
		for (size_t k = 0; sub && k < nsub; k++) {
			char *subdir = join(dir, sub[k]);
			char *id = join(ids[i], sub[k]);
			run_case(subdir, id, &devs, &totals);
			cases++;
			free(subdir);
			free(id);
		}
		if (!sub || nsub == 0) {
			printf("FAIL %s: neither in.yaml nor case directories\n", ids[i]);
			totals.failed++;
		}
		free_names(sub, sub ? nsub : 0);
		free(dir);
	}

	int rc = 0;
	if (!filter) {
		for (size_t i = 0; i < devs.count; i++) {
			if (strcmp(devs.items[i].kind, "rule") != 0 && !devs.items[i].used) {
				printf("FAIL deviation %s %s applies to no case: remove it\n",
				       devs.items[i].kind, devs.items[i].name);
				totals.failed++;
			}
		}
	}
	printf("\n%u cases: libyaml accepts %u, rejects %u\n", cases, totals.libyaml_accepts,
	       totals.libyaml_rejects);
	printf("suite's valid cases that libyaml rejects: %u; error cases it accepts: %u\n",
	       totals.valid_libyaml_rejects, totals.error_libyaml_accepts);
	printf("accepted cases with an in.json: %u with its value, %u with libyaml's own reading\n",
	       totals.json_same, totals.json_differ);
	printf("deviations (cases libyaml accepts that the loader rejects on purpose):\n");
	for (int r = 0; r < RULE_COUNT; r++) {
		struct deviation *d = find_deviation(&devs, "rule", rule_names[r]);
		printf("  %-20s %3u cases [%s] %s\n", rule_names[r], totals.rule_cases[r],
		       d ? d->code : "?", d ? d->reason : "");
	}
	printf("%u passed, %u failed\n", totals.passed, totals.failed);
	if (totals.failed)
		rc = 1;
	free_deviations(&devs);
	free_names(ids, nids);
	free(suite);
	return rc;
}

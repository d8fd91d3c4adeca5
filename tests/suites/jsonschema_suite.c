/*
 * jsonschema_suite - runs the official JSON-Schema-Test-Suite against the
 * schema module.
 *
 * Usage: jsonschema_suite SKIP_LIST [FILTER]
 *
 * Reads $FABCHART_EXT_DIR/json-schema-test-suite/tests/<draft>/ for drafts
 * 2020-12 and 7: every top-level *.json file, and optional/format/<f>.json
 * for the formats the validator asserts (those run with format assertion
 * on).  Each test group's schema is compiled with the draft as default
 * dialect; each test's data is validated twice, verdict only and with
 * diagnostics, and both verdicts must equal the expected one (an invalid
 * verdict must come with at least one error, a valid one with none).
 *
 * SKIP_LIST names the files, groups or tests that cannot run, one per line:
 *     FILE | GROUP | REASON            (GROUP "*" = the whole file)
 *     FILE | GROUP | TEST | REASON
 * with FILE relative to tests/ ("draft7/refRemote.json").  An entry that
 * matches nothing is an error, so the list stays exact.
 *
 * Prints failures, then "<draft>: N passed, N failed, N skipped" per draft,
 * the time taken, and "N passed, N failed" as the last line.  Exit status:
 * 0 when nothing failed, 1 otherwise.  When the suite is absent it is
 * skipped (skip.h): exit 77, or 1 when CI=true.  FILTER runs only files whose path
 * contains it.
 */
#include "arena.h"
#include "diag.h"
#include "json.h"
#include "schema.h"
#include "skip.h"
#include "strbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const format_files[] = {"date-time", "date", "time",  "ipv4", "ipv6",
                                           "hostname",  "uri",  "email", "uuid", "regex"};

struct skip {
	char *file;
	char *group; /* "*" for the whole file */
	char *test; /* NULL for the whole group */
	char *reason;
	unsigned used;
};

struct skips {
	struct skip *items;
	size_t count, alloc;
};

struct totals {
	unsigned passed, failed, skipped;
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

static int load_skips(const char *path, struct skips *skips)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		fprintf(stderr, "cannot read skip list %s\n", path);
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
		for (char *p = l; p && nf < 4;) {
			char *sep = strstr(p, " | ");
			if (sep)
				*sep = '\0';
			fields[nf++] = trim(p);
			p = sep ? sep + 3 : NULL;
		}
		if (nf < 3 || !*fields[nf - 1]) {
			fprintf(stderr, "%s:%u: expected FILE | GROUP [| TEST] | REASON\n", path,
			        lineno);
			rc = -1;
			continue;
		}
		fc_xgrow((void **)&skips->items, &skips->alloc, skips->count + 1,
		         sizeof(*skips->items));
		struct skip *s = &skips->items[skips->count++];
		s->file = strdup(fields[0]);
		s->group = strdup(fields[1]);
		s->test = nf == 4 ? strdup(fields[2]) : NULL;
		s->reason = strdup(fields[nf - 1]);
		s->used = 0;
	}
	free(text);
	return rc;
}

static void free_skips(struct skips *skips)
{
	for (size_t i = 0; i < skips->count; i++) {
		free(skips->items[i].file);
		free(skips->items[i].group);
		free(skips->items[i].test);
		free(skips->items[i].reason);
	}
	free(skips->items);
}

static struct skip *find_skip(struct skips *skips, const char *file, const char *group,
                              const char *test)
{
	for (size_t i = 0; i < skips->count; i++) {
		struct skip *s = &skips->items[i];
		if (strcmp(s->file, file) != 0)
			continue;
		if (strcmp(s->group, "*") != 0 && strcmp(s->group, group) != 0)
			continue;
		if (s->test && strcmp(s->test, test) != 0)
			continue;
		return s;
	}
	return NULL;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json files of dir, sorted; NULL-terminated, caller frees. */
static char **list_json(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = NULL;
	size_t count = 0, alloc = 0;
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		size_t n = strlen(ent->d_name);
		if (n < 6 || strcmp(ent->d_name + n - 5, ".json") != 0)
			continue;
		fc_xgrow((void **)&names, &alloc, count + 2, sizeof(*names));
		names[count++] = strdup(ent->d_name);
	}
	closedir(d);
	fc_xgrow((void **)&names, &alloc, count + 1, sizeof(*names));
	names[count] = NULL;
	qsort(names, count, sizeof(*names), compare_names);
	return names;
}

static void print_diags(const struct fc_diags *diags)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < diags->count; i++)
		fc_diag_format_text(&sb, diags->items[i], NULL, 0);
	fputs(sb.buf, stdout);
	fc_strbuf_release(&sb);
}

static void fail_test(const char *file, const char *group, const char *test, const char *what)
{
	printf("FAIL %s: %s / %s: %s\n", file, group, test, what);
}

/* Runs one suite file (rel = "draft7/type.json"). */
static void run_file(const char *tests_dir, const char *rel, enum fc_schema_draft draft,
                     bool format_assertion, struct skips *skips, struct totals *t)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", tests_dir, rel);
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		printf("FAIL %s: cannot read\n", rel);
		t->failed++;
		return;
	}
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_diags diags;
	fc_diags_init(&diags, &arena);
	struct fc_load_limits limits = {64u << 20, 256, 16u << 20};
	struct fc_node *root;
	if (fc_json_parse(&arena, rel, text, len, &limits, &root, &diags) < 0 ||
	    root->kind != FC_NODE_SEQ) {
		printf("FAIL %s: not a test file\n", rel);
		print_diags(&diags);
		t->failed++;
		goto out;
	}
	struct fc_schema_options options = {format_assertion, draft};
	for (size_t g = 0; g < root->count; g++) {
		const struct fc_node *group = root->items[g];
		const struct fc_node *gdesc = fc_node_get(group, "description");
		const struct fc_node *schema_doc = fc_node_get(group, "schema");
		const struct fc_node *tests = fc_node_get(group, "tests");
		if (!gdesc || !schema_doc || !tests || tests->kind != FC_NODE_SEQ) {
			printf("FAIL %s: group %zu is malformed\n", rel, g);
			t->failed++;
			continue;
		}
		struct fc_schema *schema = NULL;
		bool compiled = false;
		struct fc_diags cdiags;
		fc_diags_init(&cdiags, &arena);
		for (size_t k = 0; k < tests->count; k++) {
			const struct fc_node *test = tests->items[k];
			const struct fc_node *tdesc = fc_node_get(test, "description");
			const struct fc_node *data = fc_node_get(test, "data");
			const struct fc_node *valid = fc_node_get(test, "valid");
			const char *tname = tdesc ? tdesc->text : "?";
			struct skip *skip = find_skip(skips, rel, gdesc->text, tname);
			if (skip) {
				skip->used++;
				t->skipped++;
				continue;
			}
			if (!data || !valid || valid->kind != FC_NODE_BOOL) {
				fail_test(rel, gdesc->text, tname, "malformed test");
				t->failed++;
				continue;
			}
			if (!compiled) {
				compiled = true;
				if (fc_schema_compile(&schema, schema_doc, &options, &cdiags) < 0)
					schema = NULL;
			}
			if (!schema) {
				fail_test(rel, gdesc->text, tname, "the schema did not compile");
				print_diags(&cdiags);
				t->failed++;
				continue;
			}
			bool expected = valid->boolean;
			bool fast = fc_schema_validate(schema, data, NULL) == 0;
			struct fc_diags vdiags;
			fc_diags_init(&vdiags, &arena);
			bool full = fc_schema_validate(schema, data, &vdiags) == 0;
			bool consistent = full == (vdiags.errors == 0);
			if (fast == expected && full == expected && consistent) {
				t->passed++;
			} else {
				char what[256];
				snprintf(what, sizeof(what),
				         "expected %s; verdict only: %s; with diagnostics: %s (%zu "
				         "errors)",
				         expected ? "valid" : "invalid", fast ? "valid" : "invalid",
				         full ? "valid" : "invalid", vdiags.errors);
				fail_test(rel, gdesc->text, tname, what);
				print_diags(&vdiags);
				t->failed++;
			}
			fc_diags_release(&vdiags);
		}
		fc_schema_free(schema);
		fc_diags_release(&cdiags);
	}
out:
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	free(text);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s SKIP_LIST [FILTER]\n", argv[0]);
		return 2;
	}
	const char *filter = argc == 3 ? argv[2] : NULL;
	const char *ext = getenv("FABCHART_EXT_DIR");
	char tests_dir[4096];
	snprintf(tests_dir, sizeof(tests_dir), "%s/json-schema-test-suite/tests", ext ? ext : "");
	if (!ext || !*ext || !is_dir(tests_dir))
		return fc_test_skip("jsonschema_suite",
		                    "the JSON-Schema-Test-Suite is missing (%s)",
		                    ext && *ext ? tests_dir : "FABCHART_EXT_DIR is not set");
	struct skips skips = {NULL, 0, 0};
	if (load_skips(argv[1], &skips) < 0) {
		free_skips(&skips);
		return 1;
	}
	static const struct {
		const char *dir;
		enum fc_schema_draft draft;
	} drafts[] = {{"draft2020-12", FC_SCHEMA_DRAFT_2020_12}, {"draft7", FC_SCHEMA_DRAFT_07}};
	struct totals all = {0, 0, 0};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char lines[2][160];
	for (size_t d = 0; d < 2; d++) {
		struct totals t = {0, 0, 0};
		char dir[4200];
		snprintf(dir, sizeof(dir), "%s/%s", tests_dir, drafts[d].dir);
		char **names = list_json(dir);
		if (!names) {
			printf("FAIL %s: missing\n", dir);
			t.failed++;
		}
		for (size_t i = 0; names && names[i]; i++) {
			char rel[512];
			snprintf(rel, sizeof(rel), "%s/%s", drafts[d].dir, names[i]);
			if (!filter || strstr(rel, filter))
				run_file(tests_dir, rel, drafts[d].draft, false, &skips, &t);
			free(names[i]);
		}
		free(names);
		for (size_t i = 0; i < sizeof(format_files) / sizeof(format_files[0]); i++) {
			char rel[512], path[4800];
			snprintf(rel, sizeof(rel), "%s/optional/format/%s.json", drafts[d].dir,
			         format_files[i]);
			snprintf(path, sizeof(path), "%s/%s", tests_dir, rel);
			struct stat st;
			if (stat(path, &st) != 0)
				continue; /* draft-07 has no uuid format */
			if (!filter || strstr(rel, filter))
				run_file(tests_dir, rel, drafts[d].draft, true, &skips, &t);
		}
		snprintf(lines[d], sizeof(lines[d]), "%s: %u passed, %u failed, %u skipped",
		         drafts[d].dir, t.passed, t.failed, t.skipped);
		all.passed += t.passed;
		all.failed += t.failed;
		all.skipped += t.skipped;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (size_t i = 0; i < skips.count; i++) {
		const struct skip *s = &skips.items[i];
		if (!s->used && !filter) {
			printf("FAIL skip list entry matches nothing: %s | %s%s%s\n", s->file,
			       s->group, s->test ? " | " : "", s->test ? s->test : "");
			all.failed++;
		}
	}
	free_skips(&skips);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	for (size_t d = 0; d < 2; d++)
		printf("%s\n", lines[d]);
	printf("skipped %u cases listed in %s; ran in %.1f ms\n", all.skipped, argv[1], ms);
	printf("%u passed, %u failed\n", all.passed, all.failed);
	return all.failed ? 1 : 0;
}

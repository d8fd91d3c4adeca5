/*
 * chartfile - reading a packaged chart's Chart.yaml; see chartfile.h.
 */
#include "chartfile.h"

#include "emit.h"
#include "load.h"
#include "semver.h"
#include "tar.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#define CHART_FILE_MAX ((size_t)5 << 20) /* Helm's loader: 5 MiB per file */
#define CHART_TAR_MAX ((size_t)100 << 20) /* and 100 MiB per chart, decompressed */

__attribute__((format(printf, 3, 4))) static int invalid(struct fc_diags *diags, const char *file,
                                                         const char *fmt, ...)
{
	struct fc_pos at = {file, 0, 0};
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(diags, FC_SEVERITY_ERROR, "chart-invalid", at, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

/* Is path "<dir>/<name>" (one top-level directory)? */
static bool is_top_file(const char *path, const char *name)
{
	const char *slash = strchr(path, '/');
	return slash && slash != path && strcmp(slash + 1, name) == 0;
}

/* The file "<dir>/<name>" of the archive into *text (NULL when absent, then
 * *any says whether the archive held any entry); -1 with a diagnostic.
 * Reading stops at it: the entries after it are not read. */
static int find_top_file(struct fc_arena *arena, const char *file, const void *tgz, size_t len,
                         const char *name, char **text, size_t *text_len, bool *any,
                         struct fc_diags *diags)
{
	const struct fc_tar_read_options opt = {CHART_TAR_MAX, CHART_FILE_MAX, file,
	                                        "chart-invalid"};
	struct fc_tar_reader *r = fc_tar_reader_new(tgz, len, &opt, diags);
	struct fc_tar_entry e;
	int rc;
	*text = NULL;
	*text_len = 0;
	*any = false;
	while ((rc = fc_tar_next(r, &e)) == 1) {
		*any = true;
		if (e.type != FC_TAR_FILE || !is_top_file(e.path, name))
			continue;
		*text = fc_arena_alloc(arena, e.size + 1); /* zeroed: NUL-terminated */
		*text_len = e.size;
		rc = fc_tar_read_data(r, *text) == 0 ? 1 : -1;
		break;
	}
	fc_tar_reader_free(r);
	return rc < 0 ? -1 : 0; /* the reader reported its [chart-invalid] error */
}

/* The Chart.yaml of the archive into *text; -1 with a diagnostic. */
static int find_chart_yaml(struct fc_arena *arena, const char *file, const void *tgz, size_t len,
                           char **text, size_t *text_len, struct fc_diags *diags)
{
	bool any;
	if (find_top_file(arena, file, tgz, len, "Chart.yaml", text, text_len, &any, diags) != 0)
		return -1;
	if (!*text)
		return invalid(diags, file, "%s",
		               any ? "no <chart>/Chart.yaml in the archive" : "an empty archive");
	return 0;
}

int fc_chart_read_file(struct fc_arena *arena, const char *file, const void *tgz, size_t len,
                       const char *name, const char **text, size_t *text_len,
                       struct fc_diags *diags)
{
	char *found;
	bool any;
	int rc = find_top_file(arena, file, tgz, len, name, &found, text_len, &any, diags);
	*text = found;
	return rc;
}

static const char *string_field(const struct fc_node *map, const char *key)
{
	const struct fc_node *v = fc_node_get(map, key);
	return v && v->kind != FC_NODE_SEQ && v->kind != FC_NODE_MAP && v->kind != FC_NODE_NULL
	               ? v->text
	               : NULL;
}

/* Does the scalar field hold a NUL byte (a YAML escape "\0")?  Its C string
 * would then be only a part of what Helm reads. */
static bool has_nul(const struct fc_node *map, const char *key)
{
	const struct fc_node *v = fc_node_get(map, key);
	return strlen(v->text) != v->len;
}

static bool is_chart_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

int fc_chart_read(struct fc_arena *arena, const char *file, const void *tgz, size_t len,
                  struct fc_chart_meta *meta, struct fc_diags *diags)
{
	memset(meta, 0, sizeof(*meta));
	char *text = NULL;
	size_t text_len = 0;
	if (find_chart_yaml(arena, file, tgz, len, &text, &text_len, diags) != 0)
		return -1;
	const char *name = fc_arena_printf(arena, "%s:Chart.yaml", file);
	struct fc_load_limits limits = fc_load_default_limits;
	limits.max_bytes = CHART_FILE_MAX;
	struct fc_node *doc;
	if (fc_load_yaml(arena, name, text, text_len, &limits, &doc, diags) != 0)
		return invalid(diags, file, "%s", "Chart.yaml cannot be read");
	if (doc->kind != FC_NODE_MAP)
		return invalid(diags, file, "%s", "Chart.yaml is not a mapping");
	meta->chart_yaml = doc;
	meta->text = text;
	meta->len = text_len;
	meta->api_version = string_field(doc, "apiVersion");
	meta->name = string_field(doc, "name");
	meta->version = string_field(doc, "version");
	if (!meta->api_version)
		return invalid(diags, file, "%s", "Chart.yaml has no apiVersion");
	if (meta->name && has_nul(doc, "name"))
		return invalid(diags, file, "%s", "Chart.yaml: the name holds a NUL byte");
	if (!meta->name || !is_chart_name(meta->name))
		return invalid(diags, file,
		               "Chart.yaml: name '%s' is not lowercase letters, digits and '-'",
		               meta->name ? meta->name : "");
	if (meta->version && has_nul(doc, "version"))
		return invalid(diags, file, "%s", "Chart.yaml: the version holds a NUL byte");
	if (!meta->version || !fc_is_semver(meta->version))
		return invalid(diags, file, "Chart.yaml: version '%s' is not SemVer 2",
		               meta->version ? meta->version : "");
	return 0;
}

/* ---- metadata ------------------------------------------------------------ */

static bool is_scalar(const struct fc_node *n)
{
	return n->kind != FC_NODE_MAP && n->kind != FC_NODE_SEQ && n->kind != FC_NODE_NULL;
}

/* A scalar as a string node (Helm's metadata fields are Go strings). */
static struct fc_node *as_string(struct fc_arena *arena, struct fc_node *n)
{
	return n->kind == FC_NODE_STRING ? n : fc_node_new_string(arena, n->pos, n->text, n->len);
}

struct fc_node *fc_chart_metadata(struct fc_arena *arena, const struct fc_chart_meta *meta)
{
	static const char *const strings[] = {
	        "apiVersion",  "appVersion", "condition", "description", "home",   "icon",
	        "kubeVersion", "name",       "tags",      "type",        "version"};
	static const char *const string_lists[] = {"keywords", "sources"};
	static const char *const structured[] = {"maintainers", "dependencies"};
	const struct fc_node *md = meta->chart_yaml;
	struct fc_node *e = fc_tree_map(arena);
	for (size_t i = 0; i < sizeof(strings) / sizeof(*strings); i++) {
		const struct fc_pair *p = fc_node_get_pair(md, strings[i]);
		if (p && is_scalar(p->value) && p->value->len)
			fc_tree_set(arena, e, strings[i], as_string(arena, p->value), NULL);
	}
	for (size_t i = 0; i < sizeof(string_lists) / sizeof(*string_lists); i++) {
		const struct fc_pair *p = fc_node_get_pair(md, string_lists[i]);
		if (!p || p->value->kind != FC_NODE_SEQ || !p->value->count)
			continue;
		struct fc_node *seq =
		        fc_tree_set(arena, e, string_lists[i], fc_tree_seq(arena), NULL);
		for (size_t k = 0; k < p->value->count; k++)
			if (is_scalar(p->value->items[k]))
				fc_tree_push(arena, seq, as_string(arena, p->value->items[k]));
	}
	for (size_t i = 0; i < sizeof(structured) / sizeof(*structured); i++) {
		const struct fc_pair *p = fc_node_get_pair(md, structured[i]);
		if (p && p->value->kind == FC_NODE_SEQ && p->value->count)
			fc_tree_set(arena, e, structured[i], p->value, NULL);
	}
	const struct fc_pair *ann = fc_node_get_pair(md, "annotations");
	if (ann && ann->value->kind == FC_NODE_MAP && ann->value->count) {
		struct fc_node *m = fc_tree_set(arena, e, "annotations", fc_tree_map(arena), NULL);
		for (size_t k = 0; k < ann->value->count; k++) {
			struct fc_pair *p = &ann->value->pairs[k];
			if (!is_scalar(p->value))
				continue;
			fc_tree_set(arena, m, "", as_string(arena, p->value), NULL);
			/* the key whole: "a\0b" and "a\0c" are two keys, not "a" twice */
			m->pairs[m->count - 1].key = p->key;
			m->pairs[m->count - 1].key_len = p->key_len;
		}
	}
	const struct fc_node *dep = fc_node_get(md, "deprecated");
	if (dep && dep->kind == FC_NODE_BOOL && dep->boolean)
		fc_tree_set(arena, e, "deprecated", fc_tree_bool(arena, true), NULL);
	return e;
}

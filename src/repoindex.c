/*
 * repoindex - index.yaml of a chart repository; see repoindex.h.
 *
 * Steps: list the archives (list_archives), read each one's Chart.yaml
 * (chartfile.h) into an entry (make_entry), add the merged index's other
 * entries (merge_old), sort by name and SemVer (compare_entries), then
 * build the document and write it with emit.h.
 */
#include "repoindex.h"

#include "chartfile.h"
#include "emit.h"
#include "load.h"
#include "output.h"
#include "rfc3339.h"
#include "semver.h"
#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHART_MAX ((size_t)100 << 20) /* Helm's loader: 100 MiB per chart */
#define INDEX_MAX ((size_t)64 << 20)

struct entry {
	const char *name;
	const char *version;
	struct fc_node *node;
	size_t seq; /* order found, for a stable sort */
};

struct entries {
	struct entry *items;
	size_t count, alloc;
};

/* ---- listing ------------------------------------------------------------- */

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir (NULL, 0 on failure, with an [io] error). */
static int list_names(struct fc_arena *arena, const char *dir, char ***names, size_t *count,
                      struct fc_diags *diags)
{
	*names = NULL;
	*count = 0;
	DIR *d = opendir(dir);
	if (!d) {
		struct fc_pos at = {dir, 0, 0};
		fc_diag_error(diags, "io", at, NULL, "cannot read directory: %s", strerror(errno));
		return -1;
	}
	size_t alloc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		fc_xgrow((void **)names, &alloc, *count + 1, sizeof(**names));
		(*names)[(*count)++] = fc_arena_strdup(arena, e->d_name);
	}
	closedir(d);
	if (*count > 1)
		qsort(*names, *count, sizeof(**names), compare_strings);
	return 0;
}

static bool is_tgz(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcmp(name + n - 4, ".tgz") == 0;
}

static bool is_kind(const char *path, bool dir)
{
	struct stat st;
	return stat(path, &st) == 0 && (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

/* The relative paths of the archives in dir, then in its subdirectories. */
static int list_archives(struct fc_arena *arena, const char *dir, const char ***paths,
                         size_t *count, struct fc_diags *diags)
{
	char **top;
	size_t ntop, alloc = 0;
	*paths = NULL;
	*count = 0;
	if (list_names(arena, dir, &top, &ntop, diags) != 0)
		return -1;
	for (size_t i = 0; i < ntop; i++)
		if (is_tgz(top[i]) &&
		    is_kind(fc_arena_printf(arena, "%s/%s", dir, top[i]), false)) {
			fc_xgrow((void **)paths, &alloc, *count + 1, sizeof(**paths));
			(*paths)[(*count)++] = top[i];
		}
	int status = 0;
	for (size_t i = 0; i < ntop && status == 0; i++) {
		const char *sub = fc_arena_printf(arena, "%s/%s", dir, top[i]);
		if (!is_kind(sub, true))
			continue;
		char **names;
		size_t n;
		status = list_names(arena, sub, &names, &n, diags);
		for (size_t k = 0; k < n; k++) {
			const char *rel = fc_arena_printf(arena, "%s/%s", top[i], names[k]);
			if (is_tgz(names[k]) &&
			    is_kind(fc_arena_printf(arena, "%s/%s", dir, rel), false)) {
				fc_xgrow((void **)paths, &alloc, *count + 1, sizeof(**paths));
				(*paths)[(*count)++] = rel;
			}
		}
		free(names);
	}
	free(top);
	return status;
}

/* ---- entries --------------------------------------------------------------- */

static int compare_pairs(const void *a, const void *b)
{
	const struct fc_pair *pa = a, *pb = b;
	return strcmp(pa->key, pb->key);
}

/* A copy of node with every mapping's keys sorted (scalars shared). */
static struct fc_node *sorted_copy(struct fc_arena *arena, struct fc_node *node)
{
	if (node->kind != FC_NODE_MAP && node->kind != FC_NODE_SEQ)
		return node;
	struct fc_node *copy = fc_node_new(arena, node->kind, node->pos);
	copy->count = node->count;
	if (node->kind == FC_NODE_SEQ) {
		copy->items =
		        fc_arena_array(arena, node->count ? node->count : 1, sizeof(*copy->items));
		for (size_t i = 0; i < node->count; i++)
			copy->items[i] = sorted_copy(arena, node->items[i]);
		return copy;
	}
	copy->pairs = fc_arena_array(arena, node->count ? node->count : 1, sizeof(*copy->pairs));
	for (size_t i = 0; i < node->count; i++) {
		copy->pairs[i] = node->pairs[i];
		copy->pairs[i].comment = NULL;
		copy->pairs[i].value = sorted_copy(arena, node->pairs[i].value);
	}
	if (copy->count > 1)
		qsort(copy->pairs, copy->count, sizeof(*copy->pairs), compare_pairs);
	return copy;
}

/* The index entry of one chart: its metadata fields, created, digest, urls. */
static struct fc_node *make_entry(struct fc_arena *arena, const struct fc_chart_meta *meta,
                                  const char *url, const char *digest, const char *created)
{
	struct fc_node *e = fc_chart_metadata(arena, meta);
	fc_tree_set(arena, e, "created", fc_tree_str(arena, created), NULL);
	fc_tree_set(arena, e, "digest", fc_tree_str(arena, digest), NULL);
	struct fc_node *urls = fc_tree_set(arena, e, "urls", fc_tree_seq(arena), NULL);
	fc_tree_push(arena, urls, fc_tree_str(arena, url));
	return sorted_copy(arena, e);
}

static void add_entry(struct entries *list, const char *name, const char *version,
                      struct fc_node *node)
{
	fc_xgrow((void **)&list->items, &list->alloc, list->count + 1, sizeof(*list->items));
	list->items[list->count] = (struct entry){name, version, node, list->count};
	list->count++;
}

static bool has_entry(const struct entries *list, const char *name, const char *version)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].name, name) == 0 &&
		    strcmp(list->items[i].version, version) == 0)
			return true;
	return false;
}

static const char *join_url(struct fc_arena *arena, const char *base, const char *rel)
{
	if (!base || !*base)
		return rel;
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return fc_arena_printf(arena, "%.*s/%s", (int)n, base, rel);
}

/* Reads one archive into an entry; a bad chart is a warning, never indexed. */
static int index_archive(struct fc_arena *arena, const char *dir, const char *rel,
                         const struct fc_repo_index_options *opt, const char *created,
                         struct entries *list, struct fc_diags *diags)
{
	const char *path = fc_arena_printf(arena, "%s/%s", dir, rel);
	struct fc_strbuf data = FC_STRBUF_INIT;
	bool truncated;
	struct fc_pos at = {path, 0, 0};
	if (fc_read_file(path, CHART_MAX, &data, &truncated, diags) != 0)
		return -1;
	int status = 0;
	struct fc_diags local;
	fc_diags_init(&local, arena);
	struct fc_chart_meta meta;
	char digest[FC_SHA256_HEX_SIZE];
	if (truncated) {
		fc_diag_warning(diags, "chart-invalid", at, NULL,
		                "larger than Helm's 100 MiB per chart; not indexed");
	} else if (fc_chart_read(arena, path, data.buf, data.len, &meta, &local) != 0) {
		/* the chart's errors become warnings: it is skipped, the index is made */
		for (size_t i = 0; i < local.count; i++) {
			const struct fc_diag *d = local.items[i];
			struct fc_diag *w = fc_diag_warning(
			        diags, d->code, d->pos, d->path, "%s%s", d->message,
			        strcmp(d->code, "chart-invalid") == 0 ? "; not indexed" : "");
			for (const struct fc_note *n = d->notes; n; n = n->next)
				fc_diag_note(diags, w, n->pos, "%s", n->message);
		}
	} else if (has_entry(list, meta.name, meta.version)) {
		fc_diag_warning(diags, "repo-duplicate", at, NULL,
		                "chart '%s' version '%s' is already indexed from another file; "
		                "not indexed",
		                meta.name, meta.version);
	} else if (fc_sha256_hex(data.buf, data.len, digest) != 0) {
		fc_diag_error(diags, "internal", at, NULL, "cannot compute the sha256 digest");
		status = -1;
	} else {
		add_entry(
		        list, meta.name, meta.version,
		        make_entry(arena, &meta, join_url(arena, opt->url, rel), digest, created));
	}
	fc_diags_release(&local);
	fc_strbuf_release(&data);
	return status;
}

/* ---- merging --------------------------------------------------------------- */

__attribute__((format(printf, 4, 5))) static int
bad_index(struct fc_diags *diags, const char *file, const struct fc_node *at, const char *fmt, ...)
{
	struct fc_pos pos = at ? at->pos : (struct fc_pos){file, 0, 0};
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(diags, FC_SEVERITY_ERROR, "repo-index-invalid", pos, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

/* Adds the old index's entries that no local chart replaces; *kept counts them. */
static int merge_old(struct fc_arena *arena, const char *file, struct entries *list, size_t *kept,
                     struct fc_diags *diags)
{
	struct fc_strbuf text = FC_STRBUF_INIT;
	bool truncated;
	if (fc_read_file(file, INDEX_MAX, &text, &truncated, diags) != 0)
		return -1;
	struct fc_load_limits limits = fc_load_default_limits;
	limits.max_bytes = INDEX_MAX;
	struct fc_node *doc;
	int status = fc_load_yaml(arena, file, text.buf, text.len, &limits, &doc, diags);
	fc_strbuf_release(&text);
	if (status != 0)
		return bad_index(diags, file, NULL, "%s", "not a readable index");
	if (doc->kind != FC_NODE_MAP)
		return bad_index(diags, file, doc, "%s", "an index is a mapping");
	const struct fc_node *api = fc_node_get(doc, "apiVersion");
	if (!api || api->kind != FC_NODE_STRING)
		return bad_index(diags, file, doc, "%s", "the index has no apiVersion");
	const struct fc_node *entries = fc_node_get(doc, "entries");
	if (!entries || entries->kind == FC_NODE_NULL)
		return 0;
	if (entries->kind != FC_NODE_MAP)
		return bad_index(diags, file, entries, "%s", "'entries' is not a mapping");
	size_t local = list->count;
	for (size_t i = 0; i < entries->count; i++) {
		const struct fc_pair *p = &entries->pairs[i];
		if (p->value->kind == FC_NODE_NULL)
			continue;
		if (p->value->kind != FC_NODE_SEQ)
			return bad_index(diags, file, p->value, "entries of '%s' are not a list",
			                 p->key);
		for (size_t k = 0; k < p->value->count; k++) {
			struct fc_node *e = p->value->items[k];
			const struct fc_node *v =
			        e->kind == FC_NODE_MAP ? fc_node_get(e, "version") : NULL;
			if (!v || v->kind == FC_NODE_MAP || v->kind == FC_NODE_SEQ ||
			    v->kind == FC_NODE_NULL)
				return bad_index(diags, file, e, "an entry of '%s' has no version",
				                 p->key);
			bool replaced = false;
			for (size_t j = 0; j < local && !replaced; j++)
				replaced = strcmp(list->items[j].name, p->key) == 0 &&
				           strcmp(list->items[j].version, v->text) == 0;
			if (!replaced) {
				add_entry(list, p->key, v->text, sorted_copy(arena, e));
				(*kept)++;
			}
		}
	}
	return 0;
}

/* ---- the index --------------------------------------------------------------- */

static int compare_entries(const void *a, const void *b)
{
	const struct entry *ea = a, *eb = b;
	int c = strcmp(ea->name, eb->name);
	if (c == 0)
		c = -fc_semver_compare(ea->version, eb->version); /* newest first */
	if (c == 0)
		c = ea->seq < eb->seq ? -1 : ea->seq > eb->seq;
	return c;
}

int fc_repo_index_dir(struct fc_arena *arena, const char *dir,
                      const struct fc_repo_index_options *options, struct fc_strbuf *out,
                      size_t *indexed, size_t *kept, struct fc_diags *diags)
{
	*indexed = *kept = 0;
	char created[FC_RFC3339_SIZE];
	fc_rfc3339_format(options->created, created, sizeof(created));
	const char **paths;
	size_t npaths;
	struct entries list = {0};
	int status = list_archives(arena, dir, &paths, &npaths, diags);
	for (size_t i = 0; i < npaths && status == 0; i++)
		status = index_archive(arena, dir, paths[i], options, created, &list, diags);
	free(paths);
	*indexed = list.count;
	if (status == 0 && options->merge)
		status = merge_old(arena, options->merge, &list, kept, diags);
	if (status == 0) {
		if (list.count > 1)
			qsort(list.items, list.count, sizeof(*list.items), compare_entries);
		struct fc_node *root = fc_tree_map(arena);
		fc_tree_set(arena, root, "apiVersion", fc_tree_str(arena, "v1"), NULL);
		struct fc_node *entries =
		        fc_tree_set(arena, root, "entries", fc_tree_map(arena), NULL);
		struct fc_node *versions = NULL;
		for (size_t i = 0; i < list.count; i++) {
			if (i == 0 || strcmp(list.items[i].name, list.items[i - 1].name) != 0)
				versions = fc_tree_set(arena, entries, list.items[i].name,
				                       fc_tree_seq(arena), NULL);
			fc_tree_push(arena, versions, list.items[i].node);
		}
		fc_tree_set(arena, root, "generated", fc_tree_str(arena, created), NULL);
		fc_emit_yaml(out, root);
	}
	free(list.items);
	return status;
}

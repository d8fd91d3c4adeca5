/*
 * fileset - files in memory; see fileset.h.
 */
#include "fileset.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static struct fc_file *find(const struct fc_fileset *set, const char *path)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->files[i].path, path) == 0)
			return &set->files[i];
	return NULL;
}

/* The file of path, added (its path copied) when the set has none. */
static struct fc_file *slot(struct fc_arena *arena, struct fc_fileset *set, const char *path,
                            bool copy_path)
{
	struct fc_file *f = find(set, path);
	if (f)
		return f;
	if (set->count == set->alloc) {
		size_t grown = set->alloc ? set->alloc * 2 : 32;
		struct fc_file *bigger = fc_arena_array(arena, grown, sizeof(*bigger));
		if (set->count)
			memcpy(bigger, set->files, set->count * sizeof(*bigger));
		set->files = bigger;
		set->alloc = grown;
	}
	f = &set->files[set->count++];
	f->path = copy_path ? fc_arena_strdup(arena, path) : path;
	return f;
}

void fc_fileset_add(struct fc_arena *arena, struct fc_fileset *set, const char *path,
                    const void *data, size_t size)
{
	struct fc_file *f = slot(arena, set, path, true);
	char *copy = fc_arena_alloc(arena, size + 1);
	if (size)
		memcpy(copy, data, size);
	f->data = copy;
	f->size = size;
	f->segment = NULL;
}

void fc_fileset_add_ref(struct fc_arena *arena, struct fc_fileset *set, const struct fc_file *file)
{
	*slot(arena, set, file->path, false) = *file;
}

void fc_fileset_add_strbuf(struct fc_arena *arena, struct fc_fileset *set, const char *path,
                           const struct fc_strbuf *sb)
{
	fc_fileset_add(arena, set, path, sb->buf, sb->len);
}

const struct fc_file *fc_fileset_find(const struct fc_fileset *set, const char *path)
{
	return find(set, path);
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct fc_file *)a)->path, ((const struct fc_file *)b)->path);
}

void fc_fileset_sort(struct fc_fileset *set)
{
	if (set->count > 1)
		qsort(set->files, set->count, sizeof(*set->files), by_path);
}

/*
 * fileset - a set of files in memory (path -> bytes): the chart skeleton and
 * the rendered chart.  Paths are relative, '/'-separated, unique.  Files and
 * their bytes live in the arena (or, added by reference, in static data or
 * another set of the same arena); the array grows in the arena too.
 */
#ifndef FC_FILESET_H
#define FC_FILESET_H

#include "arena.h"
#include "gzstream.h"
#include "strbuf.h"

#include <stddef.h>

struct fc_file {
	const char *path;
	const char *data;
	size_t size;
	/* the data compressed ahead of time (a skeleton file embedded in the
	 * binary: pack splices it into the archive), or NULL */
	const struct fc_gz_segment *segment;
};

struct fc_fileset {
	struct fc_file *files;
	size_t count;
	size_t alloc;
};

/* Adds a copy of data under path, replacing an existing file of that path. */
void fc_fileset_add(struct fc_arena *arena, struct fc_fileset *set, const char *path,
                    const void *data, size_t size);
/* Adds file as it is, replacing an existing file of its path: its path,
 * data and segment are not copied and must live as long as the set. */
void fc_fileset_add_ref(struct fc_arena *arena, struct fc_fileset *set, const struct fc_file *file);
/* Adds the strbuf's content (copied) under path. */
void fc_fileset_add_strbuf(struct fc_arena *arena, struct fc_fileset *set, const char *path,
                           const struct fc_strbuf *sb);
const struct fc_file *fc_fileset_find(const struct fc_fileset *set, const char *path);
/* Sorts by path (bytewise), the order of the archive. */
void fc_fileset_sort(struct fc_fileset *set);

#endif

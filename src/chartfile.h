/*
 * chartfile - what publishing needs from a packaged chart (.tgz): its
 * Chart.yaml, checked as Helm's loader checks it.
 *
 * fc_chart_read() reads the archive in memory (tar.h: gzip'd tar, within
 * Helm's loader limits of 100 MiB decompressed and 5 MiB per file), stops at
 * "<dir>/Chart.yaml" (the one top-level directory; the entries after it
 * are not read), parses it (YAML, load.h) and checks that it is a mapping with
 * apiVersion, a name of lowercase letters, digits and '-' and a SemVer 2
 * version.  Any failure is one [chart-invalid] error at the file: not gzip
 * or tar, a corrupt or truncated archive, an entry over a limit before
 * Chart.yaml, no Chart.yaml, unparsable, a missing or bad field.  Parse
 * errors of Chart.yaml itself are reported as usual.
 *
 * Ownership: the metadata, its strings and the document live in the arena.
 */
#ifndef FC_CHARTFILE_H
#define FC_CHARTFILE_H

#include "doc.h"

#include <stddef.h>

struct fc_chart_meta {
	struct fc_node *chart_yaml; /* the parsed Chart.yaml, a mapping */
	const char *text; /* Chart.yaml as in the archive (NUL-terminated) */
	size_t len;
	const char *name;
	const char *version;
	const char *api_version;
};

/* Reads the chart archive tgz (len bytes, named file for diagnostics).
 * Returns 0, or -1 with a [chart-invalid] error. */
int fc_chart_read(struct fc_arena *arena, const char *file, const void *tgz, size_t len,
                  struct fc_chart_meta *meta, struct fc_diags *diags);

/* The text of the chart's file "<dir>/<name>" (e.g. "values.yaml") in *text,
 * NUL-terminated, or NULL when the archive has no such file.  Returns 0, or
 * -1 with a [chart-invalid] error for an archive that cannot be read. */
int fc_chart_read_file(struct fc_arena *arena, const char *file, const void *tgz, size_t len,
                       const char *name, const char **text, size_t *text_len,
                       struct fc_diags *diags);

/* The chart's metadata as Helm's chart.Metadata holds it: the known
 * Chart.yaml fields only, string fields as strings, keys in insertion order
 * (callers sort, see repoindex).  Nodes are shared with meta's document. */
struct fc_node *fc_chart_metadata(struct fc_arena *arena, const struct fc_chart_meta *meta);

#endif

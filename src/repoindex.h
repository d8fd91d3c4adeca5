/*
 * repoindex - the index.yaml of an HTTP chart repository, as `helm repo
 * index` writes it (apiVersion v1, entries, generated).
 *
 * fc_repo_index_dir() reads every *.tgz in DIR and one directory level down
 * (top-level files first, each level sorted by name), as Helm's glob does.
 * Each chart becomes an entry: the Chart.yaml fields Helm's metadata has
 * (strings as strings), `urls` (the path relative to DIR, or URL/path with
 * a base URL), `digest` (sha256 of the exact bytes) and `created`.  Entries
 * are grouped by chart name (names sorted) and ordered newest first by
 * SemVer 2 precedence; mapping keys are sorted, as Helm's JSON-based YAML
 * writer sorts them.  `created` and `generated` are the given time (the
 * caller passes SOURCE_DATE_EPOCH when set), so an index can be
 * reproducible.
 *
 * A .tgz that is not a valid chart is reported ([chart-invalid], as a
 * warning) and skipped, never indexed; a second chart with the name and
 * version of an earlier one is skipped with a [repo-duplicate] warning.
 * With a merge index (an old index.yaml), its entries whose name and version
 * no local chart has are kept as they are (local charts win); an unreadable
 * or malformed old index is a [repo-index-invalid] error, an unreadable
 * directory or file an [io] error.
 *
 * Ownership: everything lives in the arena except out (the caller's).
 */
#ifndef FC_REPOINDEX_H
#define FC_REPOINDEX_H

#include "diag.h"
#include "strbuf.h"

#include <stddef.h>
#include <time.h>

struct fc_repo_index_options {
	const char *url; /* base URL of the charts; NULL: relative URLs */
	const char *merge; /* an old index.yaml to merge; NULL: none */
	time_t created; /* of new entries, and `generated` */
};

/*
 * Indexes the charts under dir and appends index.yaml's text to out;
 * *indexed is the number of local charts in it, *kept the number of entries
 * kept from the merged index.  Returns 0, or -1 when an error was reported.
 */
int fc_repo_index_dir(struct fc_arena *arena, const char *dir,
                      const struct fc_repo_index_options *options, struct fc_strbuf *out,
                      size_t *indexed, size_t *kept, struct fc_diags *diags);

#endif

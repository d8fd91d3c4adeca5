/*
 * pack - a chart's files -> a deterministic .tgz, in memory (tar.h:
 * libarchive's USTAR writer, gzip'd by gzstream at zlib level 3, the
 * skeleton's files spliced in as compressed when fabchart was built).
 *
 * As Helm writes and reads it: gzip'd USTAR, regular files only (no
 * directory entries), every path "<chart>/<path>", mode 0644, uid/gid 0,
 * empty owner names, mtime fixed (SOURCE_DATE_EPOCH as given by the caller,
 * else 0), entries sorted, gzip header without a time stamp or file name.
 * The same files give the same bytes, always (with the same libarchive and
 * zlib: the header layout is libarchive's, the deflate output zlib's).  A
 * file added from the embedded skeleton and the same bytes added otherwise
 * (--skeleton DIR) make the same tar but different gzip bytes.
 */
#ifndef FC_PACK_H
#define FC_PACK_H

#include "diag.h"
#include "fileset.h"

#include <time.h>

/*
 * Packs files (sorted by the caller or not: pack sorts a copy's order) under
 * prefix chart_name, appending to out.  Returns 0, or -1 with an [archive]
 * error ("<chart>/<path>: <reason>", e.g. a path USTAR cannot hold) and out
 * as it was.
 */
int fc_pack_chart(const struct fc_fileset *files, const char *chart_name, time_t mtime,
                  struct fc_strbuf *out, struct fc_diags *diags);

#endif

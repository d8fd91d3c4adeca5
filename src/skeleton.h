/*
 * skeleton - the chart's static part (templates, NOTES.txt, .helmignore):
 * the copy embedded in the binary, or a directory given with --skeleton.
 *
 * Paths in the fileset are relative to the chart root ("templates/x.yaml").
 * A directory skeleton is read recursively: regular files only (a symlink
 * or other special file is an error [skeleton-file]), no file over 5 MiB
 * (Helm's own limit); I/O errors are reported as [io] with the path.
 */
#ifndef FC_SKELETON_H
#define FC_SKELETON_H

#include "diag.h"
#include "fileset.h"

void fc_skeleton_embedded(struct fc_arena *arena, struct fc_fileset *out);
/* Returns 0, or -1 with errors in diags. */
int fc_skeleton_load_dir(struct fc_arena *arena, const char *dir, struct fc_fileset *out,
                         struct fc_diags *diags);

#endif

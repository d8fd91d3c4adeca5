/*
 * output - writing a file completely or not at all.
 *
 * fc_output_write() creates DIR when missing (one level), writes the bytes
 * to a temporary file in DIR, flushes it, and renames it to DIR/NAME.  An
 * existing DIR/NAME with the same bytes is left alone (result
 * FC_OUTPUT_UNCHANGED); with different bytes it is replaced only when force
 * is set, else an [output-exists] error.  Any failure ([io]: missing or
 * unwritable directory, a DIR that is a symlink or not a directory, a full
 * disk) leaves no temporary file and reports the path and the reason.
 */
#ifndef FC_OUTPUT_H
#define FC_OUTPUT_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

enum fc_output_result { FC_OUTPUT_WRITTEN, FC_OUTPUT_UNCHANGED, FC_OUTPUT_REPLACED };

int fc_output_write(const char *dir, const char *name, const void *data, size_t size, bool force,
                    enum fc_output_result *result, struct fc_diags *diags);

/* Reads path ("-": stdin) into out, up to max bytes; when the file is
 * longer, out holds max + 1 bytes (enough to tell it is too long) and
 * *truncated is set.  Returns 0, or -1 with an [io] error. */
int fc_read_file(const char *path, size_t max, struct fc_strbuf *out, bool *truncated,
                 struct fc_diags *diags);

#endif

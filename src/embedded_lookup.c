/*
 * embedded_lookup - lookup in the table of embedded files, which the build
 * generates as ${CMAKE_BINARY_DIR}/embedded.c; see embedded.h.
 */
#include "embedded.h"

#include <string.h>

const struct fc_embedded_file *fc_embedded_find(const char *path)
{
	for (unsigned long i = 0; i < fc_embedded_count; i++)
		if (strcmp(fc_embedded_files[i].path, path) == 0)
			return &fc_embedded_files[i];
	return NULL;
}

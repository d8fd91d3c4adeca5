/*
 * pack - a chart's files, sorted and prefixed, through the tar writer; see
 * pack.h and tar.h.  The skeleton's files, compressed when fabchart was built
 * (embedded.h), are spliced in as they are: only what the compiler wrote is
 * compressed on each run.
 */
#include "pack.h"

#include "tar.h"

#include <stdlib.h>
#include <string.h>

/*
 * zlib level 3: nearly level 1's speed, a smaller archive.  `fabchart build`
 * (callgrind, zlib 1.2.13), whole run and .tgz bytes:
 *   seed-kafka:      level 1 16.1 M, 33,684 B; 3: 16.5 M, 29,987 B; 6: 25.6 M, 25,770 B
 *   972 peers:       level 1 192 M, 197,438 B; 3: 196 M, 170,428 B; 6: 291 M, 144,593 B
 * Every archive's bytes, so its digest, depend on this level.
 *
 * The skeleton's files (templates, scripts: about 120 KB of every chart) are
 * not compressed here: their segments, compressed at level 9 when fabchart
 * was built, are spliced in (gzstream.h).  Measured on a Release build:
 *   seed-kafka:      30.3 M -> 23.6 M instructions, 60,406 -> 69,986 B
 *   972 peers:       285.5 M -> 279.5 M, 260,211 -> 269,690 B
 * (a segment cannot refer to the text before it, so the archive grows by
 * about 9.5 KB; each splice's full flush costs a few bytes more).
 */
#define PACK_GZIP_LEVEL 3

static int by_path(const void *pa, const void *pb)
{
	const struct fc_file *a = *(const struct fc_file *const *)pa;
	const struct fc_file *b = *(const struct fc_file *const *)pb;
	return strcmp(a->path, b->path);
}

int fc_pack_chart(const struct fc_fileset *files, const char *chart_name, time_t mtime,
                  struct fc_strbuf *out, struct fc_diags *diags)
{
	struct fc_tar_writer *w = fc_tar_writer_new(out, PACK_GZIP_LEVEL, (int64_t)mtime, diags);
	if (!w)
		return -1;
	const struct fc_file **order = fc_xcalloc(files->count + 1, sizeof(*order));
	for (size_t i = 0; i < files->count; i++)
		order[i] = &files->files[i];
	qsort(order, files->count, sizeof(*order), by_path);
	struct fc_strbuf path = FC_STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < files->count && rc == 0; i++) {
		fc_strbuf_reset(&path);
		fc_strbuf_addf(&path, "%s/%s", chart_name, order[i]->path);
		rc = fc_tar_writer_add_spliced(w, path.buf, order[i]->data, order[i]->size,
		                               order[i]->segment);
	}
	fc_strbuf_release(&path);
	free(order);
	if (rc != 0) {
		fc_tar_writer_free(w);
		return -1;
	}
	return fc_tar_writer_finish(w);
}

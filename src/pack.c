/*
 * pack - deterministic tar.gz through libarchive; see pack.h.
 */
#include "pack.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

static la_ssize_t write_to_strbuf(struct archive *a, void *client, const void *buf, size_t len)
{
	(void)a;
	fc_strbuf_add(client, buf, len);
	return (la_ssize_t)len;
}

static int by_path(const void *pa, const void *pb)
{
	const struct fc_file *a = *(const struct fc_file *const *)pa;
	const struct fc_file *b = *(const struct fc_file *const *)pb;
	return strcmp(a->path, b->path);
}

static int fail(struct archive *a, struct fc_diags *diags, const char *what)
{
	fc_diag_error(diags, "archive", (struct fc_pos){0}, NULL, "%s: %s", what,
	              archive_error_string(a) ? archive_error_string(a) : "unknown error");
	return -1;
}

int fc_pack_chart(const struct fc_fileset *files, const char *chart_name, time_t mtime,
                  struct fc_strbuf *out, struct fc_diags *diags)
{
	const struct fc_file **order = calloc(files->count + 1, sizeof(*order));
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	if (!order || !a || !e) {
		free(order);
		archive_write_free(a);
		archive_entry_free(e);
		fc_diag_error(diags, "archive", (struct fc_pos){0}, NULL, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < files->count; i++)
		order[i] = &files->files[i];
	qsort(order, files->count, sizeof(*order), by_path);

	int rc = 0;
	if (archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
	    archive_write_set_filter_option(a, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 512) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open2(a, out, NULL, write_to_strbuf, NULL, NULL) != ARCHIVE_OK) {
		rc = fail(a, diags, "cannot start the archive");
		goto done;
	}
	struct fc_strbuf path = FC_STRBUF_INIT;
	for (size_t i = 0; i < files->count && rc == 0; i++) {
		const struct fc_file *f = order[i];
		fc_strbuf_reset(&path);
		fc_strbuf_addf(&path, "%s/%s", chart_name, f->path);
		archive_entry_clear(e);
		archive_entry_set_pathname(e, path.buf);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_uid(e, 0);
		archive_entry_set_gid(e, 0);
		archive_entry_set_uname(e, "");
		archive_entry_set_gname(e, "");
		archive_entry_set_mtime(e, mtime, 0);
		archive_entry_set_size(e, (la_int64_t)f->size);
		if (archive_write_header(a, e) != ARCHIVE_OK) {
			rc = fail(a, diags, path.buf);
			break;
		}
		if (f->size && archive_write_data(a, f->data, f->size) != (la_ssize_t)f->size)
			rc = fail(a, diags, path.buf);
	}
	fc_strbuf_release(&path);
	if (archive_write_close(a) != ARCHIVE_OK && rc == 0)
		rc = fail(a, diags, "cannot finish the archive");
done:
	archive_entry_free(e);
	archive_write_free(a);
	free(order);
	return rc;
}

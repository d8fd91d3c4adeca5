/*
 * tar - gzip'd tar archives in memory, on libarchive; see tar.h.
 *
 * The only module that includes <archive.h>: every libarchive call and
 * return code (ARCHIVE_OK, _WARN, _FAILED, _FATAL, _EOF) stays in this file,
 * and each struct archive is freed by the function that frees the writer or
 * reader that acquired it.  Only the ustar writer, the tar reader and the
 * gzip read filter are registered, so a static link with --gc-sections pulls
 * in nothing else of libarchive (no other format, no lzma/bzip2/xml2).  The
 * writer's tar stream is gzip'd by gzstream (so that files compressed ahead
 * of time can be spliced in), not by libarchive's gzip filter.
 */
#include "tar.h"

#include <archive.h>
#include <archive_entry.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "gzstream.h"

/*
 * libarchive ends the process when an allocation inside its string functions
 * fails: __archive_errx(1, "Out of memory") (archive_string.c) prints and
 * calls exit(1), which the front end would report as "input rejected".  With
 * libarchive linked statically, the link wraps that call (CMakeLists.txt:
 * --wrap=__archive_errx) so that it ends as every other out of memory does
 * (arena.h: fc_out_of_memory; exit 3 in the front end).  Any other fatal
 * error of libarchive's is an internal one: abort.  (With the shared
 * library, libarchive's own function runs.)
 */
_Noreturn void __wrap___archive_errx(int retvalue, const char *msg);
_Noreturn void __wrap___archive_errx(int retvalue, const char *msg)
{
	(void)retvalue;
	if (msg && strcmp(msg, "Out of memory") == 0)
		fc_out_of_memory(0);
	abort();
}

#define OCTAL11_MAX 077777777777LL /* USTAR's mtime: 11 octal digits */

/* "5 MiB" for whole mebibytes, else "N-byte". */
static const char *human_size(char *buf, size_t cap, size_t n)
{
	if (n && n % ((size_t)1 << 20) == 0)
		snprintf(buf, cap, "%zu MiB", n >> 20);
	else
		snprintf(buf, cap, "%zu-byte", n);
	return buf;
}

/* libarchive's message for a, or a fallback when it has none. */
static const char *why(struct archive *a)
{
	const char *s = a ? archive_error_string(a) : NULL;
	return s && *s ? s : "unknown libarchive error";
}

/* ---- writer --------------------------------------------------------------- */

/* A file whose data is spliced in compressed (see fc_tar_writer_add_spliced):
 * its data's place in the tar stream, and the bytes libarchive must hand over
 * there (checked, then dropped). */
struct splice {
	uint64_t start;
	const unsigned char *data;
	size_t size;
	const struct fc_gz_segment *seg;
};

struct fc_tar_writer {
	struct archive *a;
	struct archive_entry *entry; /* reused for every file */
	struct fc_gz_writer *gz;
	struct fc_strbuf *out;
	size_t start; /* out->len when the writer started */
	int64_t mtime;
	struct fc_diags *diags;
	uint64_t raw_off; /* tar bytes libarchive has handed over */
	uint64_t next_entry; /* where the next entry's header goes in the tar stream */
	struct splice *splices; /* in stream order; [spliced, nsplices) still to come */
	size_t nsplices, splices_alloc, spliced;
	bool failed;
};

__attribute__((format(printf, 2, 3))) static int write_error(struct fc_tar_writer *w,
                                                             const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(w->diags, FC_SEVERITY_ERROR, "archive", (struct fc_pos){0}, NULL, fmt, ap);
	va_end(ap);
	w->failed = true;
	return -1;
}

/* Tar bytes [raw_off, raw_off + len) into the gzip member: compressed, or,
 * inside a spliced file's data, checked against that data and replaced by
 * its segment (put in when the data's first byte arrives). */
static int feed(struct fc_tar_writer *w, const unsigned char *p, size_t len)
{
	while (len > 0) {
		struct splice *s = w->spliced < w->nsplices ? &w->splices[w->spliced] : NULL;
		size_t n = len;
		if (!s || w->raw_off + len <= s->start) {
			if (fc_gz_write(w->gz, p, len) != 0)
				return -1;
		} else if (w->raw_off < s->start) {
			n = (size_t)(s->start - w->raw_off);
			if (fc_gz_write(w->gz, p, n) != 0)
				return -1;
		} else {
			size_t at = (size_t)(w->raw_off - s->start);
			if (at == 0 && fc_gz_splice(w->gz, s->seg) != 0)
				return -1;
			if (n > s->size - at)
				n = s->size - at;
			if (memcmp(p, s->data + at, n) != 0)
				return -1; /* libarchive laid the stream out otherwise */
			if (at + n == s->size)
				w->spliced++;
		}
		p += n;
		len -= n;
		w->raw_off += n;
	}
	return 0;
}

/* libarchive's write callback: the tar bytes go through feed(). */
static la_ssize_t append_out(struct archive *a, void *client, const void *buf, size_t len)
{
	struct fc_tar_writer *w = client;
	if (feed(w, buf, len) != 0) {
		archive_set_error(a, EIO, "%s", "cannot compress the archive");
		return -1;
	}
	return (la_ssize_t)len;
}

/* USTAR, gzip'd by gzstream at level, and no padding: 512-byte blocks, the
 * last one cut to what was written (the archive ends right after its two
 * zero records, as Helm writes it). */
static int setup(struct fc_tar_writer *w, int level)
{
	struct archive *a = w->a;
	if (!(w->gz = fc_gz_writer_new(w->out, level)))
		return write_error(w, "%s", "cannot start the archive: out of memory");
	if (archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 512) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open(a, w, NULL, append_out, NULL) != ARCHIVE_OK)
		return write_error(w, "cannot start the archive: %s", why(a));
	return 0;
}

struct fc_tar_writer *fc_tar_writer_new(struct fc_strbuf *out, int level, int64_t mtime,
                                        struct fc_diags *diags)
{
	struct fc_tar_writer *w = fc_xcalloc(1, sizeof(*w));
	w->out = out;
	w->start = out->len;
	w->mtime = mtime;
	w->diags = diags;
	if (level < 0 || level > 9) {
		write_error(w, "compression level %d is not 0 to 9", level);
	} else if (mtime < 0 || mtime > OCTAL11_MAX) {
		write_error(w, "mtime %lld is outside USTAR's range (0 to %lld)", (long long)mtime,
		            OCTAL11_MAX);
	} else if (!(w->a = archive_write_new()) || !(w->entry = archive_entry_new())) {
		write_error(w, "%s", "cannot start the archive: out of memory");
	} else if (setup(w, level) == 0) {
		return w;
	}
	fc_tar_writer_free(w);
	return NULL;
}

int fc_tar_writer_add(struct fc_tar_writer *w, const char *path, const void *data, size_t size)
{
	return fc_tar_writer_add_spliced(w, path, data, size, NULL);
}

int fc_tar_writer_add_spliced(struct fc_tar_writer *w, const char *path, const void *data,
                              size_t size, const struct fc_gz_segment *seg)
{
	if (w->failed)
		return -1;
	if (!*path)
		return write_error(w, "%s", "an empty path");
	if (path[0] == '/' || path[strlen(path) - 1] == '/' || strstr(path, "//"))
		/* libarchive's reader drops a '/' where the USTAR split falls on
		 * "//", Go's (Helm's) keeps it: such a path reads back two ways */
		return write_error(w, "%s: an empty path component ('/' at an end or \"//\")",
		                   path);
	if (size > (size_t)INT64_MAX)
		return write_error(w, "%s: %zu bytes is more than USTAR holds", path, size);
	struct archive_entry *e = w->entry;
	archive_entry_clear(e);
	archive_entry_copy_pathname(e, path);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_mtime(e, (time_t)w->mtime, 0);
	/* uid, gid 0 and no owner names: archive_entry_clear left them so */
	int rc = archive_write_header(w->a, e);
	if (rc == ARCHIVE_FAILED && archive_errno(w->a) == ENAMETOOLONG)
		return write_error(w,
		                   "%s: the path does not fit USTAR (%zu bytes; at most 155 "
		                   "before a '/' and 100 after it)",
		                   path, strlen(path));
	if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) /* a warning: the entry is written */
		return write_error(w, "%s: %s", path, why(w->a));
	/* a USTAR header is one 512-byte record, the data padded to records */
	uint64_t data_start = w->next_entry + 512;
	w->next_entry = data_start + ((uint64_t)size + 511) / 512 * 512;
	if (seg && size > 0) {
		if (seg->raw_size != size || fc_gz_crc32(data, size) != seg->crc)
			return write_error(w, "%s: the compressed form is not of this data", path);
		if (w->nsplices == w->splices_alloc) {
			w->splices_alloc = w->splices_alloc ? 2 * w->splices_alloc : 32;
			w->splices =
			        fc_xrealloc(w->splices, w->splices_alloc * sizeof(*w->splices));
		}
		w->splices[w->nsplices++] = (struct splice){data_start, data, size, seg};
	}
	const char *p = data;
	while (size > 0) {
		la_ssize_t n = archive_write_data(w->a, p, size);
		if (n <= 0)
			return write_error(w, "%s: %s", path, why(w->a));
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

void fc_tar_writer_free(struct fc_tar_writer *w)
{
	if (!w)
		return;
	archive_write_free(w->a); /* closes it first; NULL is fine */
	archive_entry_free(w->entry);
	fc_gz_writer_free(w->gz);
	free(w->splices);
	w->out->len = w->start;
	w->out->buf[w->out->len] = '\0';
	free(w);
}

int fc_tar_writer_finish(struct fc_tar_writer *w)
{
	if (w->failed || archive_write_close(w->a) != ARCHIVE_OK) {
		if (!w->failed)
			write_error(w, "cannot end the archive: %s", why(w->a));
		fc_tar_writer_free(w);
		return -1;
	}
	archive_write_free(w->a);
	archive_entry_free(w->entry);
	w->a = NULL;
	w->entry = NULL;
	struct fc_gz_writer *gz = w->gz;
	w->gz = NULL;
	int rc = fc_gz_finish(gz);
	if (w->spliced != w->nsplices || rc != 0) {
		write_error(w, "%s", "cannot end the archive: the gzip stream failed");
		fc_tar_writer_free(w);
		return -1;
	}
	free(w->splices);
	free(w);
	return 0;
}

/* ---- reader --------------------------------------------------------------- */

enum reader_state { AT_START, BETWEEN, IN_ENTRY, AT_END, FAILED };

struct fc_tar_reader {
	struct archive *a;
	struct fc_tar_read_options opt;
	struct fc_diags *diags;
	const void *input;
	size_t input_len;
	enum reader_state state;
	size_t size; /* the current entry's */
	bool data_read;
	struct fc_strbuf path; /* the current entry's */
};

__attribute__((format(printf, 2, 3))) static int read_error(struct fc_tar_reader *r,
                                                            const char *fmt, ...)
{
	struct fc_pos at = {r->opt.file, 0, 0};
	va_list ap;
	va_start(ap, fmt);
	fc_diag_add(r->diags, FC_SEVERITY_ERROR, r->opt.code, at, NULL, fmt, ap);
	va_end(ap);
	r->state = FAILED;
	return -1;
}

/* Bytes of tar (decompressed) that libarchive has consumed so far. */
static size_t position(const struct fc_tar_reader *r)
{
	la_int64_t n = archive_filter_bytes(r->a, 0);
	return n > 0 ? (size_t)n : 0;
}

static int over_total(struct fc_tar_reader *r)
{
	char lim[32];
	return read_error(r, "the archive is larger than the %s limit when decompressed",
	                  human_size(lim, sizeof(lim), r->opt.max_total));
}

/* A failure libarchive reported: its message (first letter lowercased, as
 * our messages are), where it happened.  The gzip filter fails without a
 * message when the stream ends inside a member's trailer. */
static int corrupt(struct fc_tar_reader *r)
{
	const char *msg = archive_error_string(r->a);
	if (!msg || !*msg)
		msg = "truncated or corrupt gzip data";
	char first = msg[0] >= 'A' && msg[0] <= 'Z' ? (char)(msg[0] - 'A' + 'a') : msg[0];
	if (r->state == IN_ENTRY && r->path.len)
		return read_error(r, "corrupt archive at byte %zu, inside '%.200s': %c%s",
		                  position(r), r->path.buf, first, msg + 1);
	return read_error(r, "corrupt archive at byte %zu: %c%s", position(r), first, msg + 1);
}

static int truncated(struct fc_tar_reader *r)
{
	return read_error(r, "truncated archive: the data ends at byte %zu, inside '%.200s'",
	                  position(r), r->path.buf);
}

struct fc_tar_reader *fc_tar_reader_new(const void *tgz, size_t len,
                                        const struct fc_tar_read_options *opt,
                                        struct fc_diags *diags)
{
	struct fc_tar_reader *r = fc_xcalloc(1, sizeof(*r));
	r->opt = *opt;
	r->diags = diags;
	r->input = tgz;
	r->input_len = len;
	fc_strbuf_init(&r->path);
	return r;
}

/* Opens the archive: gzip only (libarchive alone would also take a plain
 * tar, which Helm refuses), then tar. */
static int start(struct fc_tar_reader *r)
{
	const unsigned char *in = r->input;
	if (r->input_len == 0)
		return read_error(r, "%s", "not a gzip'd tar archive: the file is empty");
	if (r->input_len < 2 || in[0] != 0x1f || in[1] != 0x8b)
		return read_error(r, "%s", "not a gzip'd tar archive: no gzip header");
	r->a = archive_read_new();
	if (!r->a)
		return read_error(r, "%s", "out of memory");
	if (archive_read_support_filter_gzip(r->a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(r->a) != ARCHIVE_OK ||
	    archive_read_open_memory(r->a, r->input, r->input_len) != ARCHIVE_OK)
		return corrupt(r);
	return 0;
}

static enum fc_tar_type type_of(struct archive_entry *e)
{
	if (archive_entry_hardlink(e))
		return FC_TAR_HARDLINK;
	switch (archive_entry_filetype(e)) {
	case AE_IFREG: return FC_TAR_FILE;
	case AE_IFDIR: return FC_TAR_DIR;
	case AE_IFLNK: return FC_TAR_SYMLINK;
	default: return FC_TAR_OTHER;
	}
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* Fills entry from libarchive's, within the limits. */
static int make_entry(struct fc_tar_reader *r, struct archive_entry *e, struct fc_tar_entry *entry)
{
	const char *path = archive_entry_pathname(e);
	fc_strbuf_reset(&r->path);
	fc_strbuf_addstr(&r->path, or_empty(path));
	memset(entry, 0, sizeof(*entry));
	entry->type = type_of(e);
	la_int64_t size = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
	if (entry->type != FC_TAR_FILE && entry->type != FC_TAR_OTHER)
		size = 0; /* header-only types: no data, as in Go's archive/tar */
	if (size < 0)
		return read_error(r, "corrupt archive: '%.200s' has a negative size", r->path.buf);
	if ((uint64_t)size > r->opt.max_file) {
		char lim[32];
		return read_error(r, "'%.200s' is larger than the %s limit per file", r->path.buf,
		                  human_size(lim, sizeof(lim), r->opt.max_file));
	}
	if (position(r) > r->opt.max_total)
		return over_total(r);
	entry->path = r->path.buf;
	entry->path_len = r->path.len;
	entry->size = (size_t)size;
	entry->mode = (unsigned)(archive_entry_mode(e) & 07777);
	entry->uid = archive_entry_uid(e);
	entry->gid = archive_entry_gid(e);
	entry->mtime = archive_entry_mtime(e);
	entry->uname = or_empty(archive_entry_uname(e));
	entry->gname = or_empty(archive_entry_gname(e));
	r->size = entry->size;
	r->data_read = false;
	return 0;
}

int fc_tar_next(struct fc_tar_reader *r, struct fc_tar_entry *entry)
{
	switch (r->state) {
	case FAILED: return -1;
	case AT_END: return 0;
	case AT_START:
		if (start(r) != 0)
			return -1;
		break;
	case BETWEEN:
	case IN_ENTRY: break;
	}
	r->state = BETWEEN;
	struct archive_entry *e;
	int rc = archive_read_next_header(r->a, &e);
	if (rc == ARCHIVE_EOF) {
		r->state = AT_END;
		return 0;
	}
	if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
		return position(r) > r->opt.max_total ? over_total(r) : corrupt(r);
	/* gzip, then tar: libarchive would also unwrap a gzip inside the gzip */
	if (archive_filter_count(r->a) != 2)
		return read_error(r, "%s", "not a gzip'd tar archive: gzip inside gzip");
	if (make_entry(r, e, entry) != 0)
		return -1;
	r->state = IN_ENTRY;
	return 1;
}

int fc_tar_read_data(struct fc_tar_reader *r, void *buf)
{
	if (r->state != IN_ENTRY)
		return r->state == FAILED ? -1 : read_error(r, "%s", "no entry to read data from");
	if (r->data_read)
		return read_error(r, "the data of '%.200s' was already read", r->path.buf);
	r->data_read = true;
	if (r->size > r->opt.max_total || position(r) > r->opt.max_total - r->size)
		return over_total(r);
	char *p = buf;
	size_t left = r->size;
	while (left > 0) {
		la_ssize_t n = archive_read_data(r->a, p, left);
		if (n < 0)
			return corrupt(r);
		if (n == 0)
			return truncated(r);
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

void fc_tar_reader_free(struct fc_tar_reader *r)
{
	if (!r)
		return;
	archive_read_free(r->a);
	fc_strbuf_release(&r->path);
	free(r);
}

/*
 * tar - gzip'd tar archives in memory, through libarchive: a writer of the
 * archives fabchart packs and a reader of the archives Helm, GNU tar and
 * libarchive write.  libarchive's handles and return codes stay inside
 * tar.c; callers see 0 / -1 (and 1 / 0 / -1 from fc_tar_next) and
 * diagnostics.
 *
 * Writer: libarchive's USTAR (POSIX.1-1988), gzip'd by gzstream (one gzip
 * member, as Helm writes and reads a chart).  Regular files only, no directory entries; mode 0644,
 * uid/gid 0, empty owner names, one fixed mtime.  A path over 100 bytes is
 * split at a '/' into prefix (at most 155 bytes) and name (at most 100), as
 * libarchive splits it; a path that cannot be split so is an [archive]
 * error, never cut.  Each file's data is padded to 512-byte records and the
 * archive ends with two zero records, nothing after them (512 bytes per
 * block, the last block cut short).  The gzip header has no time stamp, no
 * file name and OS byte 3: the same files, mtime and level give the same
 * bytes on every machine with the same libarchive and zlib.  A file added
 * with a segment (fc_tar_writer_add_spliced) has its data spliced into the
 * gzip stream compressed ahead of time (gzstream.h): the tar bytes are the
 * same, the compressed bytes those of the segment.
 *
 * Reader: libarchive's gzip filter (several concatenated gzip members read as
 * one stream) and tar reader: V7, USTAR, PAX ('x' and 'g' headers), GNU
 * ('L'/'K' long names, base-256 numbers, sparse files).  Only gzip'd input
 * is taken: a plain tar is refused, as Helm refuses it.  Entries come one at
 * a time (fc_tar_next) with their type; a caller reads the data of the
 * entries it wants (fc_tar_read_data) and may stop at any entry.  Entries of
 * the header-only types (links, directories) have no data, as in Go's
 * archive/tar.  The archive ends at its zero records or at a clean end of
 * the gzip stream; what follows the end-of-archive records is not read (as
 * Helm does not read it).
 *
 * Hard limits: the tar bytes consumed count against max_total (checked at
 * every header and before every entry's data is read), every entry's size
 * against max_file (at its header, before any of its data is inflated).
 * libarchive itself refuses a PAX or GNU header over 1 MiB and more than 31
 * of them in a row, so what one fc_tar_next inflates stays bounded.  A
 * bad gzip stream, a bad header, data that ends early: each is one error
 * diagnostic, with the caller's code at the caller's file name ("corrupt
 * archive at byte N: <libarchive's reason>"), and the reader then stays
 * failed.
 *
 * Ownership: a writer appends to the caller's strbuf; a reader reads the
 * caller's bytes, which must outlive it.  Both are heap objects freed by
 * their _free function, which also frees their libarchive handle.  Entry
 * strings belong to the reader and stay valid until the next fc_tar_next or
 * fc_tar_reader_free.
 */
#ifndef FC_TAR_H
#define FC_TAR_H

#include "diag.h"
#include "gzstream.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* ---- writer --------------------------------------------------------------- */

struct fc_tar_writer;

/*
 * Starts an archive appended to out, compressed at zlib level (0-9), every
 * entry's mtime mtime (0 to 077777777777, USTAR's range).  Returns the
 * writer, or NULL with an [archive] error.
 */
struct fc_tar_writer *fc_tar_writer_new(struct fc_strbuf *out, int level, int64_t mtime,
                                        struct fc_diags *diags);
/*
 * Adds the regular file path with size bytes of data (copied into the
 * compressed stream).  Returns 0, or -1 with an [archive] error
 * "<path>: <reason>"; after an error the writer accepts nothing more.
 */
int fc_tar_writer_add(struct fc_tar_writer *w, const char *path, const void *data, size_t size);
/*
 * The same, with seg (NULL: as fc_tar_writer_add) the compressed form of the
 * data, which goes into the gzip stream instead of compressing data again.
 * data must be what seg decompresses to (its length and CRC-32 are checked:
 * an [archive] error otherwise) and stay valid until the writer is finished
 * or freed; so must seg.
 */
int fc_tar_writer_add_spliced(struct fc_tar_writer *w, const char *path, const void *data,
                              size_t size, const struct fc_gz_segment *seg);
/*
 * Ends the archive (two zero records) and the gzip stream, and frees the
 * writer.  Returns 0, or -1 with an [archive] error.  On any failure, and
 * when a writer is freed without finishing, out is cut back to the length it
 * had when the writer started.
 */
int fc_tar_writer_finish(struct fc_tar_writer *w);
void fc_tar_writer_free(struct fc_tar_writer *w);

/* ---- reader --------------------------------------------------------------- */

struct fc_tar_read_options {
	size_t max_total; /* tar bytes read in all (headers, data, padding) */
	size_t max_file; /* the size of one entry */
	const char *file; /* the archive's name in diagnostics */
	const char *code; /* the diagnostics' code, e.g. "chart-invalid" */
};

enum fc_tar_type {
	FC_TAR_FILE, /* '0', '\0', '7', GNU sparse, and unknown types (POSIX) */
	FC_TAR_DIR, /* '5', GNU 'D', a V7 name ending in '/' */
	FC_TAR_HARDLINK, /* '1' */
	FC_TAR_SYMLINK, /* '2' */
	FC_TAR_OTHER /* devices, FIFOs */
};

struct fc_tar_entry {
	const char *path; /* NUL-terminated: PAX path, GNU long name, prefix/name */
	size_t path_len;
	enum fc_tar_type type;
	size_t size; /* bytes of data (0 for header-only types) */
	unsigned mode; /* the header's mode bits (07777) */
	int64_t uid, gid, mtime;
	const char *uname, *gname; /* "" when empty */
};

struct fc_tar_reader;

/* A reader of the gzip'd tar tgz (len bytes); never fails (errors come
 * from fc_tar_next).  opt is copied; its strings must outlive the reader. */
struct fc_tar_reader *fc_tar_reader_new(const void *tgz, size_t len,
                                        const struct fc_tar_read_options *opt,
                                        struct fc_diags *diags);
/*
 * Moves to the next entry, skipping the unread data of the current one.
 * Returns 1 with *entry filled, 0 at the end of the archive, -1 with an error
 * (and -1 again on every later call).
 */
int fc_tar_next(struct fc_tar_reader *r, struct fc_tar_entry *entry);
/* Copies all entry->size bytes of the current entry's data into buf, once
 * per entry.  Returns 0, or -1 with an error. */
int fc_tar_read_data(struct fc_tar_reader *r, void *buf);
void fc_tar_reader_free(struct fc_tar_reader *r);

#endif

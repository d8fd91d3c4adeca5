/*
 * gzstream - one gzip member (RFC 1952) written into a strbuf with zlib, into
 * which raw-deflate segments compressed ahead of time are spliced unchanged.
 *
 * Why: every chart holds the skeleton's templates and scripts as they are
 * (about 120 KB of the seed chart's 305 KB).  src/tools/embed.c compresses
 * each of them once, when fabchart itself is built (fc_gz_segment_make), and
 * `fabchart build` copies those bytes into the archive instead of compressing
 * the same text again on every run.
 *
 * How a splice stays one valid deflate stream (RFC 1951): a segment is made
 * by a fresh compressor and ends with a full flush (an empty stored block):
 * it starts a new block at a byte boundary, refers to nothing before itself
 * and leaves the decoder at a byte boundary, outside any block.  Before a
 * splice the writer full-flushes its own compressor, which then also starts
 * afresh: nothing after the segment refers back across it.  The member's
 * CRC-32 takes the segment's with crc32_combine, and its length counts the
 * segment's raw bytes.  Without splices the output is what zlib makes of the
 * whole input at the writer's level (raw deflate, window 2^15, memLevel 8:
 * the parameters of libarchive's gzip filter), behind a 10-byte header with no
 * time stamp, no name, XFL 2 at level 9, 4 at level 1, else 0, and OS 3
 * (Unix): the bytes libarchive's gzip filter wrote.
 *
 * Errors: functions return 0 or -1; -1 means zlib could not allocate its
 * state (the only way deflate fails on valid use), and the writer then
 * accepts nothing more.  Library code: nothing is printed.
 *
 * Ownership: the writer appends to the caller's strbuf and holds zlib's state
 * until fc_gz_finish or fc_gz_writer_free; a segment's bytes are the caller's
 * (static data of embedded.c, or a strbuf of the caller's).
 */
#ifndef FC_GZSTREAM_H
#define FC_GZSTREAM_H

#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>

/* Raw data compressed ahead of time: raw deflate ending in a full flush, no
 * final block, as fc_gz_segment_make writes it. */
struct fc_gz_segment {
	const unsigned char *bytes;
	size_t size;
	size_t raw_size; /* bytes of the data it decompresses to */
	uint32_t crc; /* CRC-32 of that data */
};

/* The level of a segment: compressed once, so the best zlib has. */
#define FC_GZ_SEGMENT_LEVEL 9

/*
 * Compresses len bytes of data into a segment appended to out (raw deflate at
 * FC_GZ_SEGMENT_LEVEL, ending in a full flush); *crc gets the data's CRC-32.
 * Returns 0, or -1 when zlib cannot allocate (out is then as it was).
 */
int fc_gz_segment_make(const void *data, size_t len, struct fc_strbuf *out, uint32_t *crc);

/* The CRC-32 of len bytes of data (the one a segment carries). */
uint32_t fc_gz_crc32(const void *data, size_t len);

struct fc_gz_writer;

/* A gzip member appended to out, compressed at zlib level (0-9).  NULL when
 * zlib cannot allocate its state or level is out of range. */
struct fc_gz_writer *fc_gz_writer_new(struct fc_strbuf *out, int level);
/* Compresses len bytes of data into the member. */
int fc_gz_write(struct fc_gz_writer *g, const void *data, size_t len);
/* Puts the segment's bytes into the member as they are (see above). */
int fc_gz_splice(struct fc_gz_writer *g, const struct fc_gz_segment *seg);
/* Ends the deflate stream, writes the trailer and frees the writer (on
 * failure too). */
int fc_gz_finish(struct fc_gz_writer *g);
/* Frees the writer without ending the member (NULL is fine). */
void fc_gz_writer_free(struct fc_gz_writer *g);

#endif

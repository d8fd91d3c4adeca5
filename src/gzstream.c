/*
 * gzstream - a gzip member with segments spliced in; see gzstream.h.
 *
 * The only module that includes <zlib.h> for writing.  Every deflate call
 * goes through run(), which drains zlib's output into the strbuf.
 */
#include "gzstream.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "arena.h"

#define RAW_WINDOW_BITS (-15) /* raw deflate, 32 KiB window */
#define MEM_LEVEL 8 /* zlib's default, as libarchive's gzip filter sets it */
#define OUT_CHUNK 16384

struct fc_gz_writer {
	z_stream z;
	struct fc_strbuf *out;
	uLong crc;
	uLong isize; /* raw bytes modulo 2^32, as the trailer keeps them */
	bool failed;
};

/* Feeds len bytes (none for a flush) through deflate with flush, appending
 * every byte zlib makes to out.  Returns 0, or -1 when zlib fails. */
static int run(z_stream *z, struct fc_strbuf *out, const void *data, size_t len, int flush)
{
	z->next_in = (Bytef *)(uintptr_t)data;
	do {
		uInt chunk = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
		z->avail_in = chunk;
		len -= chunk;
		do {
			fc_strbuf_grow(out, OUT_CHUNK);
			z->next_out = (Bytef *)out->buf + out->len;
			z->avail_out = OUT_CHUNK;
			int rc = deflate(z, len ? Z_NO_FLUSH : flush);
			if (rc == Z_STREAM_ERROR)
				return -1;
			out->len += OUT_CHUNK - z->avail_out;
			out->buf[out->len] = '\0';
		} while (z->avail_out == 0 || z->avail_in > 0);
	} while (len > 0);
	return 0;
}

static int start(z_stream *z, int level)
{
	memset(z, 0, sizeof(*z));
	return deflateInit2(z, level, Z_DEFLATED, RAW_WINDOW_BITS, MEM_LEVEL, Z_DEFAULT_STRATEGY) ==
	                       Z_OK
	               ? 0
	               : -1;
}

int fc_gz_segment_make(const void *data, size_t len, struct fc_strbuf *out, uint32_t *crc)
{
	z_stream z;
	if (start(&z, FC_GZ_SEGMENT_LEVEL) != 0)
		return -1;
	size_t was = out->len;
	int rc = run(&z, out, data, len, Z_FULL_FLUSH);
	deflateEnd(&z);
	if (rc != 0) {
		out->len = was;
		out->buf[was] = '\0';
		return -1;
	}
	*crc = fc_gz_crc32(data, len);
	return 0;
}

uint32_t fc_gz_crc32(const void *data, size_t len)
{
	return (uint32_t)crc32_z(crc32_z(0, NULL, 0), data, len);
}

struct fc_gz_writer *fc_gz_writer_new(struct fc_strbuf *out, int level)
{
	if (level < 0 || level > 9)
		return NULL;
	struct fc_gz_writer *g = fc_xcalloc(1, sizeof(*g));
	if (start(&g->z, level) != 0) {
		free(g);
		return NULL;
	}
	/* magic, deflate, no flags, no time stamp, XFL (RFC 1952: 2 for the
	 * slowest level, 4 for the fastest, as libarchive's filter sets it),
	 * OS 3 (Unix) */
	unsigned char xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
	const unsigned char header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3};
	fc_strbuf_add(out, header, sizeof(header));
	g->out = out;
	g->crc = crc32_z(0, NULL, 0);
	return g;
}

int fc_gz_write(struct fc_gz_writer *g, const void *data, size_t len)
{
	if (g->failed || run(&g->z, g->out, data, len, Z_NO_FLUSH) != 0) {
		g->failed = true;
		return -1;
	}
	g->crc = crc32_z(g->crc, data, len);
	g->isize += (uLong)len;
	return 0;
}

int fc_gz_splice(struct fc_gz_writer *g, const struct fc_gz_segment *seg)
{
	if (g->failed || run(&g->z, g->out, NULL, 0, Z_FULL_FLUSH) != 0) {
		g->failed = true;
		return -1;
	}
	fc_strbuf_add(g->out, seg->bytes, seg->size);
	g->crc = crc32_combine(g->crc, seg->crc, (z_off_t)seg->raw_size);
	g->isize += (uLong)seg->raw_size;
	return 0;
}

int fc_gz_finish(struct fc_gz_writer *g)
{
	int rc = g->failed ? -1 : run(&g->z, g->out, NULL, 0, Z_FINISH);
	if (rc == 0) {
		unsigned char trailer[8];
		for (int i = 0; i < 4; i++) {
			trailer[i] = (unsigned char)(g->crc >> (8 * i));
			trailer[4 + i] = (unsigned char)(g->isize >> (8 * i));
		}
		fc_strbuf_add(g->out, trailer, sizeof(trailer));
	}
	fc_gz_writer_free(g);
	return rc;
}

void fc_gz_writer_free(struct fc_gz_writer *g)
{
	if (!g)
		return;
	deflateEnd(&g->z);
	free(g);
}

/* Unit tests of gzstream: members with segments spliced in are read back by
 * zlib's inflate (which checks the CRC-32 and length of the trailer) and by
 * GNU gzip -t; without splices the bytes are zlib's own deflate of the whole
 * input; the tar writer splices a file's segment and refuses data that is
 * not what the segment holds (length, CRC-32). */
#define _GNU_SOURCE /* memmem */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "gzstream.h"
#include "strbuf.h"
#include "tar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* Text that compresses, different for each seed. */
static void some_text(struct fc_strbuf *sb, unsigned seed, size_t len)
{
	static const char *const words[] = {"peer",       "orderer", "channel:",    "  name: ",
	                                    "{{ .Values", "}}\n",    "kind: Job\n", "org"};
	unsigned x = seed * 2654435761u + 1;
	while (sb->len < len) {
		x = x * 1103515245u + 12345u;
		fc_strbuf_addstr(sb, words[(x >> 16) % 8]);
		fc_strbuf_addf(sb, "%u", (x >> 8) % 97);
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

struct piece {
	const struct fc_strbuf *data;
	bool spliced;
};

/* Writes the pieces into one member at level; returns the gunzipped bytes
 * (NULL when zlib refuses the member). */
static unsigned char *member(struct fc_strbuf *gz, const struct piece *pieces, size_t n, int level,
                             size_t *len)
{
	struct fc_gz_writer *g = fc_gz_writer_new(gz, level);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	struct fc_strbuf segs[8];
	for (size_t i = 0; i < n; i++) {
		fc_strbuf_init(&segs[i]);
		if (!pieces[i].spliced) {
			CU_ASSERT_EQUAL(fc_gz_write(g, pieces[i].data->buf, pieces[i].data->len),
			                0);
			continue;
		}
		uint32_t crc;
		CU_ASSERT_EQUAL(fc_gz_segment_make(pieces[i].data->buf, pieces[i].data->len,
		                                   &segs[i], &crc),
		                0);
		struct fc_gz_segment seg = {(const unsigned char *)segs[i].buf, segs[i].len,
		                            pieces[i].data->len, crc};
		CU_ASSERT_EQUAL(fc_gz_splice(g, &seg), 0);
	}
	CU_ASSERT_EQUAL(fc_gz_finish(g), 0);
	for (size_t i = 0; i < n; i++)
		fc_strbuf_release(&segs[i]);
	return fc_test_gunzip(gz, len);
}

/* GNU gzip -t accepts the member (CRC, length, nothing after it). */
static void check_with_gzip(const struct fc_strbuf *gz)
{
	char path[] = "/tmp/fc-test-gzstream-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, gz->buf, gz->len), (ssize_t)gz->len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "gzip -t < %s 2>&1", path);
	CU_ASSERT_EQUAL(system(cmd), 0);
	unlink(path);
}

static void concat(struct fc_strbuf *all, const struct piece *pieces, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fc_strbuf_add(all, pieces[i].data->buf, pieces[i].data->len);
}

/* Segments between written data, at the start, at the end, side by side;
 * the data after a splice repeats the data before it, which a compressor
 * that kept its window across the splice would refer to at the wrong
 * distance. */
static void test_splices_read_back(void)
{
	struct fc_strbuf a = FC_STRBUF_INIT, b = FC_STRBUF_INIT, c = FC_STRBUF_INIT;
	some_text(&a, 1, 5000);
	some_text(&b, 2, 70000); /* over the 32 KiB window */
	some_text(&c, 3, 300);
	const struct piece layouts[][6] = {
	        {{&a, false}, {&b, true}, {&a, false}},
	        {{&b, true}, {&a, false}, {&c, true}},
	        {{&c, true}, {&c, true}, {&a, false}, {&a, true}, {&b, false}, {&c, true}},
	        {{&a, false}, {&c, true}, {&a, false}, {&c, true}, {&a, false}},
	};
	const size_t sizes[] = {3, 3, 6, 5};
	for (size_t k = 0; k < 4; k++) {
		for (int level = 1; level <= 9; level += 4) {
			struct fc_strbuf gz = FC_STRBUF_INIT, all = FC_STRBUF_INIT;
			size_t len;
			unsigned char *got = member(&gz, layouts[k], sizes[k], level, &len);
			concat(&all, layouts[k], sizes[k]);
			CU_ASSERT_PTR_NOT_NULL_FATAL(got);
			CU_ASSERT_EQUAL(len, all.len);
			CU_ASSERT_EQUAL(memcmp(got, all.buf, all.len), 0);
			if (k == 2 && level == 1)
				check_with_gzip(&gz);
			free(got);
			fc_strbuf_release(&gz);
			fc_strbuf_release(&all);
		}
	}
	fc_strbuf_release(&a);
	fc_strbuf_release(&b);
	fc_strbuf_release(&c);
}

static uLong le32(const unsigned char *p)
{
	return (uLong)p[0] | (uLong)p[1] << 8 | (uLong)p[2] << 16 | (uLong)p[3] << 24;
}

/* Without splices: the header, zlib's raw deflate of the whole input however
 * it was cut into writes, and the trailer. */
static void test_plain_member_is_zlibs_deflate(void)
{
	struct fc_strbuf text = FC_STRBUF_INIT;
	some_text(&text, 7, 100000);
	/* (not level 0: zlib's stored blocks follow the writes) */
	static const int levels[] = {1, 3, 6, 9};
	for (size_t li = 0; li < 4; li++) {
		int level = levels[li];
		struct fc_strbuf gz = FC_STRBUF_INIT;
		struct fc_gz_writer *g = fc_gz_writer_new(&gz, level);
		CU_ASSERT_PTR_NOT_NULL_FATAL(g);
		for (size_t off = 0; off < text.len; off += 777) {
			size_t n = text.len - off < 777 ? text.len - off : 777;
			CU_ASSERT_EQUAL(fc_gz_write(g, text.buf + off, n), 0);
		}
		CU_ASSERT_EQUAL(fc_gz_finish(g), 0);

		z_stream z;
		memset(&z, 0, sizeof(z));
		CU_ASSERT_EQUAL_FATAL(
		        deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
		unsigned char *want = malloc(text.len + 1024);
		z.next_in = (unsigned char *)text.buf;
		z.avail_in = (uInt)text.len;
		z.next_out = want;
		z.avail_out = (uInt)(text.len + 1024);
		CU_ASSERT_EQUAL(deflate(&z, Z_FINISH), Z_STREAM_END);
		size_t want_len = z.total_out;
		deflateEnd(&z);
		unsigned char xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
		const unsigned char header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3};
		CU_ASSERT_EQUAL_FATAL(gz.len, 10 + want_len + 8);
		CU_ASSERT_EQUAL(memcmp(gz.buf, header, 10), 0);
		CU_ASSERT_EQUAL(memcmp(gz.buf + 10, want, want_len), 0);
		uLong crc = crc32(0, (const Bytef *)text.buf, (uInt)text.len);
		const unsigned char *t = (const unsigned char *)gz.buf + 10 + want_len;
		CU_ASSERT_EQUAL(le32(t), crc);
		CU_ASSERT_EQUAL(le32(t + 4), text.len);
		free(want);
		fc_strbuf_release(&gz);
	}
	fc_strbuf_release(&text);
}

/* A segment inflates alone (raw) to its data, ends on a byte boundary
 * outside any block (its last bytes are the empty stored block of a full
 * flush), and holds no final block. */
static void test_segment_shape(void)
{
	struct fc_strbuf text = FC_STRBUF_INIT, seg = FC_STRBUF_INIT;
	some_text(&text, 9, 12345);
	uint32_t crc;
	CU_ASSERT_EQUAL_FATAL(fc_gz_segment_make(text.buf, text.len, &seg, &crc), 0);
	CU_ASSERT_EQUAL(crc, crc32(0, (const Bytef *)text.buf, (uInt)text.len));
	static const unsigned char empty_stored[4] = {0, 0, 0xff, 0xff};
	CU_ASSERT_FATAL(seg.len > 4);
	CU_ASSERT_EQUAL(memcmp(seg.buf + seg.len - 4, empty_stored, 4), 0);
	z_stream z;
	memset(&z, 0, sizeof(z));
	CU_ASSERT_EQUAL_FATAL(inflateInit2(&z, -15), Z_OK);
	unsigned char *out = malloc(text.len + 16);
	z.next_in = (unsigned char *)seg.buf;
	z.avail_in = (uInt)seg.len;
	z.next_out = out;
	z.avail_out = (uInt)(text.len + 16);
	int rc = inflate(&z, Z_SYNC_FLUSH);
	CU_ASSERT(rc == Z_OK || rc == Z_BUF_ERROR); /* not Z_STREAM_END: no final block */
	CU_ASSERT_EQUAL(z.avail_in, 0);
	CU_ASSERT_EQUAL(z.total_out, text.len);
	CU_ASSERT_EQUAL(memcmp(out, text.buf, text.len), 0);
	inflateEnd(&z);
	free(out);
	fc_strbuf_release(&text);
	fc_strbuf_release(&seg);
}

/* The tar writer: a spliced file reads back as the same tar, the segment's
 * bytes stand in the archive as they are; data that is not the segment's,
 * or a segment of another length, fails the archive. */
static void test_tar_writer_splices(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_strbuf a = FC_STRBUF_INIT, b = FC_STRBUF_INIT, seg = FC_STRBUF_INIT;
	some_text(&a, 11, 3000);
	some_text(&b, 12, 40000);
	uint32_t crc;
	CU_ASSERT_EQUAL_FATAL(fc_gz_segment_make(b.buf, b.len, &seg, &crc), 0);
	const struct fc_gz_segment s = {(const unsigned char *)seg.buf, seg.len, b.len, crc};

	struct fc_strbuf plain = FC_STRBUF_INIT, spliced = FC_STRBUF_INIT;
	struct fc_tar_writer *w = fc_tar_writer_new(&plain, 3, 0, &diags);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "c/a", a.buf, a.len), 0);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "c/b", b.buf, b.len), 0);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "c/z", a.buf, a.len), 0);
	CU_ASSERT_EQUAL_FATAL(fc_tar_writer_finish(w), 0);
	w = fc_tar_writer_new(&spliced, 3, 0, &diags);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "c/a", a.buf, a.len), 0);
	CU_ASSERT_EQUAL(fc_tar_writer_add_spliced(w, "c/b", b.buf, b.len, &s), 0);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "c/z", a.buf, a.len), 0);
	CU_ASSERT_EQUAL_FATAL(fc_tar_writer_finish(w), 0);
	CU_ASSERT_EQUAL(diags.errors, 0);
	size_t n1, n2;
	unsigned char *t1 = fc_test_gunzip(&plain, &n1), *t2 = fc_test_gunzip(&spliced, &n2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t2);
	CU_ASSERT_EQUAL_FATAL(n1, n2);
	CU_ASSERT_EQUAL(memcmp(t1, t2, n1), 0);
	CU_ASSERT_PTR_NOT_NULL(memmem(spliced.buf, spliced.len, seg.buf, seg.len));
	check_with_gzip(&spliced);
	free(t1);
	free(t2);

	/* the data differs from the segment's in one byte */
	struct fc_strbuf out = FC_STRBUF_INIT;
	b.buf[b.len / 2] ^= 1;
	w = fc_tar_writer_new(&out, 3, 0, &diags);
	CU_ASSERT_EQUAL(fc_tar_writer_add_spliced(w, "c/b", b.buf, b.len, &s), -1);
	fc_tar_writer_free(w);
	CU_ASSERT_EQUAL(out.len, 0);
	CU_ASSERT_EQUAL_FATAL(diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(diags.items[0]->code, "archive");
	/* a segment of another length */
	w = fc_tar_writer_new(&out, 3, 0, &diags);
	CU_ASSERT_EQUAL(fc_tar_writer_add_spliced(w, "c/a", a.buf, a.len, &s), -1);
	fc_tar_writer_free(w);
	CU_ASSERT_EQUAL(out.len, 0);

	fc_strbuf_release(&out);
	fc_strbuf_release(&plain);
	fc_strbuf_release(&spliced);
	fc_strbuf_release(&a);
	fc_strbuf_release(&b);
	fc_strbuf_release(&seg);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("gzstream", FC_TEST(test_splices_read_back),
	         FC_TEST(test_plain_member_is_zlibs_deflate), FC_TEST(test_segment_shape),
	         FC_TEST(test_tar_writer_splices));
}

/* Unit tests of chartfile: reading Chart.yaml from archives (valid, invalid,
 * over Helm's limits, corrupt after Chart.yaml). */
#include "arena.h"
#include "chartfile.h"
#include "cunit_main.h"
#include "diag.h"
#include "fileset.h"
#include "pack.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

static void test_not_a_chart(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_chart_meta meta;
	CU_ASSERT_EQUAL(fc_chart_read(&arena, "x.tgz", "junk", 4, &meta, &diags), -1);
	CU_ASSERT_EQUAL(diags.errors, 1);
	if (diags.count == 1)
		CU_ASSERT_STRING_EQUAL(diags.items[0]->code, "chart-invalid");
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

struct reading {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_chart_meta meta;
	int rc;
};

static void read_chart(struct reading *r, const void *tgz, size_t len)
{
	fc_arena_init(&r->arena);
	fc_diags_init(&r->diags, &r->arena);
	r->rc = fc_chart_read(&r->arena, "c.tgz", tgz, len, &r->meta, &r->diags);
}

static void done(struct reading *r)
{
	fc_diags_release(&r->diags);
	fc_arena_release(&r->arena);
}

/* One [chart-invalid] error at the file whose message holds part. */
static void expect_invalid(struct reading *r, const char *part)
{
	CU_ASSERT_EQUAL(r->rc, -1);
	CU_ASSERT_EQUAL_FATAL(r->diags.count, 1);
	CU_ASSERT_STRING_EQUAL(r->diags.items[0]->code, "chart-invalid");
	CU_ASSERT_STRING_EQUAL(r->diags.items[0]->pos.file, "c.tgz");
	CU_ASSERT_PTR_NOT_NULL(strstr(r->diags.items[0]->message, part));
	if (!strstr(r->diags.items[0]->message, part))
		fprintf(stderr, "\n  expected '%s' in '%s'\n", part, r->diags.items[0]->message);
}

static const char chart_yaml[] = "apiVersion: v2\nname: my-chart\nversion: 1.2.3-rc.1\n";

/* A chart fc_pack_chart wrote reads back. */
static void test_read_packed_chart(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_fileset files = {0};
	fc_fileset_add(&arena, &files, "values.yaml", "a: 1\n", 5);
	fc_fileset_add(&arena, &files, "Chart.yaml", chart_yaml, strlen(chart_yaml));
	fc_fileset_add(&arena, &files, "templates/x.yaml", "", 0);
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&files, "my-chart", 0, &tgz, &diags), 0);
	struct reading r;
	read_chart(&r, tgz.buf, tgz.len);
	CU_ASSERT_EQUAL(r.rc, 0);
	CU_ASSERT_EQUAL(r.diags.count, 0);
	CU_ASSERT_STRING_EQUAL(r.meta.name, "my-chart");
	CU_ASSERT_STRING_EQUAL(r.meta.version, "1.2.3-rc.1");
	CU_ASSERT_STRING_EQUAL(r.meta.api_version, "v2");
	CU_ASSERT_EQUAL(r.meta.len, strlen(chart_yaml));
	CU_ASSERT_STRING_EQUAL(r.meta.text, chart_yaml);
	done(&r);
	/* cut short: one error, or (Chart.yaml in, the rest unread) the chart;
	 * never anything else.  This archive is small: libarchive's gzip filter
	 * inflates ahead of the tar reader and reports the cut at once, so
	 * every cut is an error here */
	size_t failed = 0, read = 0;
	for (size_t len = 0; len < tgz.len; len += 3) {
		read_chart(&r, tgz.buf, len);
		if (r.rc == 0) {
			read++;
			CU_ASSERT_STRING_EQUAL(r.meta.version, "1.2.3-rc.1");
		} else {
			CU_ASSERT_EQUAL(read, 0); /* no failure after a success */
			CU_ASSERT_EQUAL(r.diags.count, 1);
			failed++;
		}
		done(&r);
	}
	CU_ASSERT(failed > 10);
	CU_ASSERT_EQUAL(failed + read, (tgz.len + 2) / 3);
	/* no Chart.yaml; an empty archive */
	struct fc_fileset other = {0};
	fc_fileset_add(&arena, &other, "sub/Chart.yaml", "x", 1); /* not at <dir>/ */
	fc_strbuf_reset(&tgz);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&other, "c", 0, &tgz, &diags), 0);
	read_chart(&r, tgz.buf, tgz.len);
	expect_invalid(&r, "no <chart>/Chart.yaml in the archive");
	done(&r);
	struct fc_fileset none = {0};
	fc_strbuf_reset(&tgz);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&none, "c", 0, &tgz, &diags), 0);
	read_chart(&r, tgz.buf, tgz.len);
	expect_invalid(&r, "an empty archive");
	done(&r);
	fc_strbuf_release(&tgz);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

/* A USTAR header of a regular file. */
static void tar_header(unsigned char *h, const char *name, size_t size)
{
	memset(h, 0, 512);
	memcpy(h, name, strlen(name));
	snprintf((char *)h + 100, 8, "%07o", 0644u);
	snprintf((char *)h + 124, 12, "%011zo", size);
	h[156] = '0';
	memcpy(h + 257,
	       "ustar\0"
	       "00",
	       8);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
}

/* The gzip of raw bytes, stored (level 0: the tar bytes stay visible). */
static size_t gzip_stored(const void *in, size_t len, unsigned char *out, size_t cap)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 0, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? n : 0;
}

/* Reading stops at Chart.yaml: a corrupt tail goes unread; a Chart.yaml
 * over Helm's 5 MiB per file is refused at its header. */
static void test_stops_at_chart_yaml(void)
{
	static unsigned char tar[4096], tgz[8192];
	size_t n = strlen(chart_yaml);
	tar_header(tar, "c/Chart.yaml", n);
	memcpy(tar + 512, chart_yaml, n);
	tar_header(tar + 1024, "c/values.yaml", 1);
	tar[1024 + 148] ^= 1; /* a bad checksum after Chart.yaml */
	size_t len = gzip_stored(tar, 2048, tgz, sizeof(tgz));
	CU_ASSERT_FATAL(len > 2048);
	struct reading r;
	read_chart(&r, tgz, len);
	CU_ASSERT_EQUAL(r.rc, 0);
	CU_ASSERT_EQUAL(r.diags.count, 0);
	done(&r);
	/* before Chart.yaml the same header is an error (libarchive does not
	 * take a first header with a bad checksum for tar at all) */
	memcpy(tar + 2048, tar, 1024);
	memcpy(tar, tar + 1024, 1024);
	len = gzip_stored(tar, 3072, tgz, sizeof(tgz));
	read_chart(&r, tgz, len);
	expect_invalid(&r, "corrupt archive at byte 0: unrecognized archive format");
	done(&r);
	/* 5 MiB + 1 byte of Chart.yaml, no data needed to refuse it */
	memset(tar, 0, sizeof(tar));
	tar_header(tar, "c/Chart.yaml", ((size_t)5 << 20) + 1);
	len = gzip_stored(tar, 512, tgz, sizeof(tgz));
	read_chart(&r, tgz, len);
	expect_invalid(&r, "'c/Chart.yaml' is larger than the 5 MiB limit per file");
	done(&r);
}

void fc_test_register(void)
{
	FC_SUITE("chartfile", FC_TEST(test_not_a_chart), FC_TEST(test_read_packed_chart),
	         FC_TEST(test_stops_at_chart_yaml));
}

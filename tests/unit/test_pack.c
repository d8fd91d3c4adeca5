/* Unit tests of pack: the archive is read back in memory (tar.h's reader),
 * its gzip and tar bytes are checked, and GNU tar and gzip(1) read it from a
 * temporary file: listing (paths, modes, owners, times), contents. */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "fileset.h"
#include "pack.h"
#include "strbuf.h"
#include "tar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <zlib.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_fileset files;
	struct fc_strbuf tgz;
};

static void setup(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	memset(&f->files, 0, sizeof(f->files));
	fc_strbuf_init(&f->tgz);
}

static void teardown(struct fixture *f)
{
	fc_strbuf_release(&f->tgz);
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static void add(struct fixture *f, const char *path, const char *text)
{
	fc_fileset_add(&f->arena, &f->files, path, text, strlen(text));
}

/* A small chart, added out of order. */
static void add_chart(struct fixture *f)
{
	add(f, "values.yaml", "network: \"n\"\n");
	add(f, "templates/peer.yaml", "kind: Pod\n");
	add(f, "Chart.yaml", "apiVersion: \"v2\"\n");
	add(f, "files/portmap.csv", "namespace,service\n");
	add(f, "templates/_helpers.tpl", "");
	add(f, ".helmignore", "*.swp\n");
}

struct entry {
	char path[512];
	enum fc_tar_type type;
	unsigned perm;
	int64_t uid, gid;
	int64_t mtime;
	bool has_uname, has_gname;
	size_t size;
	char data[4096];
	size_t data_len;
};

/* Reads every entry of the .tgz with tar.h's reader; returns the count, -1
 * on a read error. */
static int read_back(const struct fc_strbuf *tgz, struct entry *entries, int max)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	const struct fc_tar_read_options opt = {(size_t)100 << 20, (size_t)5 << 20, "pack.tgz",
	                                        "test"};
	struct fc_tar_reader *r = fc_tar_reader_new(tgz->buf, tgz->len, &opt, &diags);
	int n = 0, rc;
	struct fc_tar_entry e;
	while ((rc = fc_tar_next(r, &e)) == 1 && n < max) {
		struct entry *x = &entries[n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->path, sizeof(x->path), "%s", e.path);
		x->type = e.type;
		x->perm = e.mode;
		x->uid = e.uid;
		x->gid = e.gid;
		x->has_uname = *e.uname;
		x->has_gname = *e.gname;
		x->mtime = e.mtime;
		x->size = e.size;
		if (e.size > sizeof(x->data) || fc_tar_read_data(r, x->data) != 0) {
			rc = -1;
			break;
		}
		x->data_len = e.size;
	}
	fc_tar_reader_free(r);
	if (rc != 0 || diags.count != 0)
		n = -1;
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return n;
}

/* ---- GNU tar and gzip(1) -------------------------------------------------- */

/* Runs a shell command; its stdout into out; returns its exit status. */
static int run(struct fc_strbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int run(struct fc_strbuf *out, const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		if (out)
			fc_strbuf_add(out, buf, n);
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct tmp {
	char dir[32];
	char tgz[64];
};

/* Writes the archive to a new temporary directory. */
static void write_tmp(struct tmp *t, const struct fc_strbuf *tgz)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/fc_pack_XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(t->dir));
	snprintf(t->tgz, sizeof(t->tgz), "%s/c.tgz", t->dir);
	FILE *f = fopen(t->tgz, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(tgz->buf, 1, tgz->len, f), tgz->len);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

static void remove_tmp(struct tmp *t)
{
	CU_ASSERT_EQUAL(run(NULL, "rm -rf %s", t->dir), 0);
}

/*
 * GNU tar's verbose listing: "-rw-r--r-- 0/0 <size> <date> <time> <path>"
 * per file (owners shown as numbers: the names are empty), in order, times
 * in UTC to the second; then every file extracted equals its data.
 */
static void check_with_gnu_tar(const struct fc_strbuf *tgz, const char *const *paths,
                               const char *const *data, size_t n, const char *when)
{
	struct tmp t;
	write_tmp(&t, tgz);
	CU_ASSERT_EQUAL(run(NULL, "gzip -t %s 2>&1", t.tgz), 0);
	struct fc_strbuf list = FC_STRBUF_INIT, want = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL(run(&list, "TZ=UTC tar --full-time -tvzf %s 2>&1", t.tgz), 0);
	for (size_t i = 0; i < n; i++)
		fc_strbuf_addf(&want, "-rw-r--r-- 0/0 %zu %s %s\n", strlen(data[i]), when,
		               paths[i]);
	/* squeeze GNU tar's column padding */
	struct fc_strbuf got = FC_STRBUF_INIT;
	for (size_t i = 0; i < list.len; i++)
		if (list.buf[i] != ' ' || (got.len && got.buf[got.len - 1] != ' '))
			fc_strbuf_addch(&got, list.buf[i]);
	CU_ASSERT_STRING_EQUAL(got.buf, want.buf);
	if (strcmp(got.buf, want.buf) != 0)
		fprintf(stderr, "\n  GNU tar listed:\n%s  expected:\n%s", got.buf, want.buf);
	CU_ASSERT_EQUAL(run(NULL, "tar -xzf %s -C %s 2>&1", t.tgz, t.dir), 0);
	for (size_t i = 0; i < n; i++) {
		struct fc_strbuf file = FC_STRBUF_INIT;
		CU_ASSERT_EQUAL(run(&file, "cat '%s/%s'", t.dir, paths[i]), 0);
		CU_ASSERT_EQUAL(file.len, strlen(data[i]));
		CU_ASSERT_STRING_EQUAL(file.buf, data[i]);
		fc_strbuf_release(&file);
	}
	fc_strbuf_release(&got);
	fc_strbuf_release(&list);
	fc_strbuf_release(&want);
	remove_tmp(&t);
}

/* Inflates the gzip stream; returns the tar bytes (caller frees). */
static unsigned long octal(const unsigned char *field, size_t len)
{
	char buf[32];
	memcpy(buf, field, len);
	buf[len] = '\0';
	return strtoul(buf, NULL, 8);
}

static void test_entries(void)
{
	struct fixture f;
	setup(&f);
	add_chart(&f);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 1700000000, &f.tgz, &f.diags), 0);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	/* the caller's order is untouched */
	CU_ASSERT_STRING_EQUAL(f.files.files[0].path, "values.yaml");

	struct entry *e = calloc(16, sizeof(*e));
	int n = read_back(&f.tgz, e, 16);
	CU_ASSERT_EQUAL_FATAL(n, 6);
	static const char *const paths[] = {
	        "fabric/.helmignore",         "fabric/Chart.yaml",
	        "fabric/files/portmap.csv",   "fabric/templates/_helpers.tpl",
	        "fabric/templates/peer.yaml", "fabric/values.yaml"};
	static const char *const data[] = {"*.swp\n", "apiVersion: \"v2\"\n", "namespace,service\n",
	                                   "",        "kind: Pod\n",          "network: \"n\"\n"};
	for (int i = 0; i < n; i++) {
		CU_ASSERT_STRING_EQUAL(e[i].path, paths[i]);
		CU_ASSERT_EQUAL(e[i].type, FC_TAR_FILE);
		CU_ASSERT_EQUAL(e[i].perm, 0644);
		CU_ASSERT_EQUAL(e[i].uid, 0);
		CU_ASSERT_EQUAL(e[i].gid, 0);
		CU_ASSERT_FALSE(e[i].has_uname);
		CU_ASSERT_FALSE(e[i].has_gname);
		CU_ASSERT_EQUAL(e[i].mtime, 1700000000);
		CU_ASSERT_EQUAL(e[i].size, strlen(data[i]));
		CU_ASSERT_EQUAL(e[i].data_len, strlen(data[i]));
		CU_ASSERT_EQUAL(memcmp(e[i].data, data[i], e[i].data_len), 0);
	}
	free(e);
	check_with_gnu_tar(&f.tgz, paths, data, 6, "2023-11-14 22:13:20");
	teardown(&f);
}

static void test_gzip_header(void)
{
	struct fixture f;
	setup(&f);
	add_chart(&f);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 1700000000, &f.tgz, &f.diags), 0);
	const unsigned char *b = (const unsigned char *)f.tgz.buf;
	CU_ASSERT_FATAL(f.tgz.len > 18);
	CU_ASSERT_EQUAL(b[0], 0x1f);
	CU_ASSERT_EQUAL(b[1], 0x8b);
	CU_ASSERT_EQUAL(b[2], 8); /* deflate */
	CU_ASSERT_EQUAL(b[3] & 0x08, 0); /* no FNAME */
	CU_ASSERT_EQUAL(b[3] & 0x10, 0); /* no FCOMMENT */
	/* MTIME, bytes 4-7 */
	CU_ASSERT_EQUAL(b[4], 0);
	CU_ASSERT_EQUAL(b[5], 0);
	CU_ASSERT_EQUAL(b[6], 0);
	CU_ASSERT_EQUAL(b[7], 0);
	CU_ASSERT_EQUAL(b[9], 3); /* OS: Unix, whatever the machine */
	teardown(&f);
}

static void test_tar_bytes_and_no_padding(void)
{
	struct fixture f;
	setup(&f);
	add_chart(&f);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 1700000000, &f.tgz, &f.diags), 0);
	size_t len = 0;
	unsigned char *tar = fc_test_gunzip(&f.tgz, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tar);
	/* each file: a 512-byte header and its data in 512-byte records; then
	 * two zero records; no padding of the last block to 10240 bytes */
	size_t want = 1024;
	for (size_t i = 0; i < f.files.count; i++)
		want += 512 + (f.files.files[i].size + 511) / 512 * 512;
	CU_ASSERT_EQUAL(len, want);
	CU_ASSERT_NOT_EQUAL(len % 10240, 0);
	/* gzip's ISIZE trailer agrees */
	const unsigned char *t = (const unsigned char *)f.tgz.buf + f.tgz.len - 4;
	CU_ASSERT_EQUAL((size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24,
	                want);
	/* walk the USTAR headers */
	size_t off = 0;
	int headers = 0;
	while (off + 512 <= len && tar[off]) {
		const unsigned char *h = tar + off;
		CU_ASSERT_EQUAL(memcmp(h + 257,
		                       "ustar\0"
		                       "00",
		                       8),
		                0);
		CU_ASSERT_EQUAL(h[156], '0'); /* regular file */
		CU_ASSERT_EQUAL(octal(h + 100, 8), 0644);
		CU_ASSERT_EQUAL(octal(h + 108, 8), 0);
		CU_ASSERT_EQUAL(octal(h + 116, 8), 0);
		CU_ASSERT_EQUAL(octal(h + 136, 12), 1700000000);
		static const unsigned char zero[32];
		CU_ASSERT_EQUAL(memcmp(h + 265, zero, 32), 0); /* uname */
		CU_ASSERT_EQUAL(memcmp(h + 297, zero, 32), 0); /* gname */
		CU_ASSERT_EQUAL(memcmp(h, "fabric/", 7), 0);
		size_t size = octal(h + 124, 12);
		off += 512 + (size + 511) / 512 * 512;
		headers++;
	}
	CU_ASSERT_EQUAL(headers, 6);
	CU_ASSERT_EQUAL(off + 1024, len);
	for (size_t i = off; i < len; i++)
		if (tar[i]) {
			CU_FAIL("end-of-archive records are not zero");
			break;
		}
	free(tar);
	teardown(&f);
}

static void test_deterministic(void)
{
	struct fixture f, g;
	setup(&f);
	setup(&g);
	add_chart(&f);
	/* the same files in another order */
	for (size_t i = f.files.count; i-- > 0;)
		fc_fileset_add(&g.arena, &g.files, f.files.files[i].path, f.files.files[i].data,
		               f.files.files[i].size);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 0, &f.tgz, &f.diags), 0);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&g.files, "fabric", 0, &g.tgz, &g.diags), 0);
	CU_ASSERT_EQUAL_FATAL(f.tgz.len, g.tgz.len);
	CU_ASSERT_EQUAL(memcmp(f.tgz.buf, g.tgz.buf, f.tgz.len), 0);
	/* again into the same fileset */
	struct fc_strbuf again = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 0, &again, &f.diags), 0);
	CU_ASSERT_EQUAL_FATAL(again.len, f.tgz.len);
	CU_ASSERT_EQUAL(memcmp(again.buf, f.tgz.buf, again.len), 0);
	/* a different mtime changes the bytes, the chart name too */
	fc_strbuf_reset(&again);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 1, &again, &f.diags), 0);
	CU_ASSERT_FALSE(again.len == f.tgz.len && memcmp(again.buf, f.tgz.buf, again.len) == 0);
	fc_strbuf_release(&again);
	struct entry *e = calloc(8, sizeof(*e));
	CU_ASSERT_EQUAL(read_back(&f.tgz, e, 8), 6);
	CU_ASSERT_EQUAL(e[0].mtime, 0);
	free(e);
	teardown(&g);
	teardown(&f);
}

static void test_chart_name_prefix(void)
{
	struct fixture f;
	setup(&f);
	add(&f, "Chart.yaml", "x");
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "my-net", 5, &f.tgz, &f.diags), 0);
	struct entry *e = calloc(4, sizeof(*e));
	CU_ASSERT_EQUAL_FATAL(read_back(&f.tgz, e, 4), 1);
	CU_ASSERT_STRING_EQUAL(e[0].path, "my-net/Chart.yaml");
	free(e);
	teardown(&f);
}

static void test_empty_fileset(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 0, &f.tgz, &f.diags), 0);
	size_t len = 0;
	unsigned char *tar = fc_test_gunzip(&f.tgz, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tar);
	CU_ASSERT_EQUAL(len, 1024);
	free(tar);
	struct entry *e = calloc(1, sizeof(*e));
	CU_ASSERT_EQUAL(read_back(&f.tgz, e, 1), 0);
	free(e);
	teardown(&f);
}

static void test_larger_file(void)
{
	struct fixture f;
	setup(&f);
	size_t size = 3000;
	char *big = malloc(size);
	for (size_t i = 0; i < size; i++)
		big[i] = (char)('a' + i % 26);
	fc_fileset_add(&f.arena, &f.files, "templates/big.yaml", big, size);
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 0, &f.tgz, &f.diags), 0);
	struct entry *e = calloc(2, sizeof(*e));
	CU_ASSERT_EQUAL_FATAL(read_back(&f.tgz, e, 2), 1);
	CU_ASSERT_EQUAL(e[0].size, 3000);
	CU_ASSERT_EQUAL(e[0].data_len, 3000);
	CU_ASSERT_EQUAL(memcmp(e[0].data, big, 3000), 0);
	size_t len = 0;
	unsigned char *tar = fc_test_gunzip(&f.tgz, &len);
	CU_ASSERT_EQUAL(len, 512 + 3072 + 1024);
	free(tar);
	free(e);
	free(big);
	teardown(&f);
}

/* USTAR splits a path over 100 bytes into prefix and name (up to 255). */
static void test_long_paths(void)
{
	struct fixture f;
	setup(&f);
	char path[200];
	memset(path, 'd', 120);
	memcpy(path + 120, "/file.yaml", 11);
	add(&f, path, "ok");
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&f.files, "fabric", 0, &f.tgz, &f.diags), 0);
	struct entry *e = calloc(2, sizeof(*e));
	CU_ASSERT_EQUAL_FATAL(read_back(&f.tgz, e, 2), 1);
	CU_ASSERT_EQUAL(strncmp(e[0].path, "fabric/", 7), 0);
	CU_ASSERT_STRING_EQUAL(e[0].path + 7, path);
	free(e);
	/* GNU tar joins prefix and name back */
	const char *full[] = {fc_arena_printf(&f.arena, "fabric/%s", path)};
	const char *data[] = {"ok"};
	check_with_gnu_tar(&f.tgz, full, data, 1, "1970-01-01 00:00:00");
	teardown(&f);
}

/* A path USTAR cannot hold is an [archive] error, not a crash or a silent cut. */
static void test_path_too_long_is_an_error(void)
{
	struct fixture f;
	setup(&f);
	char path[400];
	memset(path, 'x', 300);
	path[300] = '\0';
	add(&f, path, "data");
	CU_ASSERT_EQUAL(fc_pack_chart(&f.files, "fabric", 0, &f.tgz, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "archive");
	CU_ASSERT_EQUAL(strncmp(f.diags.items[0]->message, "fabric/xxxx", 11), 0);
	CU_ASSERT_EQUAL(f.tgz.len, 0); /* nothing half-written */
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("pack", FC_TEST(test_entries), FC_TEST(test_gzip_header),
	         FC_TEST(test_tar_bytes_and_no_padding), FC_TEST(test_deterministic),
	         FC_TEST(test_chart_name_prefix), FC_TEST(test_empty_fileset),
	         FC_TEST(test_larger_file), FC_TEST(test_long_paths),
	         FC_TEST(test_path_too_long_is_an_error));
}

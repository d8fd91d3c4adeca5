/* Unit tests of tar: the writer read back by the reader and by raw bytes;
 * archives GNU tar makes at test time (--format=gnu, pax, ustar); archives
 * built here byte by byte (PAX and GNU headers, base-256 sizes, concatenated
 * gzip members); corrupt, truncated and oversized (bomb) inputs, each of
 * which must give exactly one error and no crash. */
#include "arena.h"
#include "chartfile.h"
#include "cunit_main.h"
#include "diag.h"
#include "json.h"
#include "strbuf.h"
#include "tar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MIB ((size_t)1 << 20)

/* ---- reading everything back ---------------------------------------------- */

struct got_entry {
	char *path;
	enum fc_tar_type type;
	size_t size;
	char *data;
	unsigned mode;
	int64_t uid, gid, mtime;
	char *uname, *gname;
};

struct got {
	int rc; /* of the last fc_tar_next: 0 the end, -1 an error */
	size_t n;
	struct got_entry e[64];
	struct fc_arena arena;
	struct fc_diags diags;
};

/* Reads every entry and all their data; the caller frees with got_free. */
static struct got *read_all(const void *tgz, size_t len, size_t max_total, size_t max_file)
{
	struct got *g = calloc(1, sizeof(*g));
	fc_arena_init(&g->arena);
	fc_diags_init(&g->diags, &g->arena);
	const struct fc_tar_read_options opt = {max_total, max_file, "t.tgz", "tar-test"};
	struct fc_tar_reader *r = fc_tar_reader_new(tgz, len, &opt, &g->diags);
	struct fc_tar_entry e;
	while ((g->rc = fc_tar_next(r, &e)) == 1) {
		if (g->n == sizeof(g->e) / sizeof(*g->e)) {
			g->rc = -2;
			break;
		}
		struct got_entry *x = &g->e[g->n++];
		x->path = fc_arena_strndup(&g->arena, e.path, e.path_len);
		x->type = e.type;
		x->size = e.size;
		x->mode = e.mode;
		x->uid = e.uid;
		x->gid = e.gid;
		x->mtime = e.mtime;
		x->uname = fc_arena_strdup(&g->arena, e.uname);
		x->gname = fc_arena_strdup(&g->arena, e.gname);
		x->data = fc_arena_alloc(&g->arena, e.size + 1);
		if (fc_tar_read_data(r, x->data) != 0) {
			g->rc = -1;
			break;
		}
	}
	/* the end and a failure both stay where they are */
	int again = fc_tar_next(r, &e);
	if (g->rc >= 0 && again != g->rc)
		g->rc = -3;
	fc_tar_reader_free(r);
	return g;
}

static struct got *read_sb(const struct fc_strbuf *tgz)
{
	return read_all(tgz->buf, tgz->len, 100 * MIB, 5 * MIB);
}

static void got_free(struct got *g)
{
	fc_diags_release(&g->diags);
	fc_arena_release(&g->arena);
	free(g);
}

/* The one error's message ("" when there is not exactly one diagnostic). */
static const char *error_of(const struct got *g)
{
	if (g->diags.count != 1 || g->diags.errors != 1)
		return "";
	return g->diags.items[0]->message;
}

static void expect_error(struct got *g, const char *part)
{
	CU_ASSERT_EQUAL(g->rc, -1);
	CU_ASSERT_EQUAL(g->diags.count, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(error_of(g), part));
	if (g->diags.count == 1) {
		CU_ASSERT_STRING_EQUAL(g->diags.items[0]->code, "tar-test");
		CU_ASSERT_STRING_EQUAL(g->diags.items[0]->pos.file, "t.tgz");
	}
	if (!strstr(error_of(g), part))
		fprintf(stderr, "\n  expected '%s' in '%s'\n", part, error_of(g));
}

/* ---- gzip and raw tar, by hand -------------------------------------------- */

static void gzip_into(struct fc_strbuf *out, const void *data, size_t len, int level)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	CU_ASSERT_EQUAL_FATAL(deflateInit2(&z, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	fc_strbuf_grow(out, deflateBound(&z, (uLong)len));
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (unsigned char *)out->buf + out->len;
	z.avail_out = (uInt)(out->alloc - out->len - 1);
	CU_ASSERT_EQUAL(deflate(&z, Z_FINISH), Z_STREAM_END);
	out->len += z.total_out;
	out->buf[out->len] = '\0';
	deflateEnd(&z);
}

static void set_checksum(unsigned char *h)
{
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
}

/* Appends a USTAR header (magic "ustar\0" "00"); returns it for patching. */
static unsigned char *header(struct fc_strbuf *tar, const char *name, char type,
                             unsigned long long size)
{
	size_t at = tar->len;
	fc_strbuf_addchars(tar, '\0', 512);
	unsigned char *h = (unsigned char *)tar->buf + at;
	memcpy(h, name, strnlen(name, 100));
	snprintf((char *)h + 100, 8, "%07o", 0644u);
	snprintf((char *)h + 108, 8, "%07o", 1000u);
	snprintf((char *)h + 116, 8, "%07o", 1000u);
	snprintf((char *)h + 124, 12, "%011llo", size);
	snprintf((char *)h + 136, 12, "%011llo", 1700000000ull);
	h[156] = (unsigned char)type;
	memcpy(h + 257,
	       "ustar\0"
	       "00",
	       8);
	memcpy(h + 265, "user", 4);
	memcpy(h + 297, "group", 5);
	set_checksum(h);
	return h;
}

static void body(struct fc_strbuf *tar, const void *data, size_t len)
{
	fc_strbuf_add(tar, data, len);
	fc_strbuf_addchars(tar, '\0', (512 - len % 512) % 512);
}

static void file(struct fc_strbuf *tar, const char *name, const char *text)
{
	header(tar, name, '0', strlen(text));
	body(tar, text, strlen(text));
}

static void end(struct fc_strbuf *tar)
{
	fc_strbuf_addchars(tar, '\0', 1024);
}

/* A PAX record "<len> key=value\n", the length counting itself. */
static void record(struct fc_strbuf *sb, const char *key, const char *value)
{
	size_t n = strlen(key) + strlen(value) + 3, digits = 1;
	for (size_t t = n + 1; t >= 10; t /= 10)
		digits++;
	size_t total = n + digits;
	char tmp[32];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%zu", total) != digits)
		total++;
	fc_strbuf_addf(sb, "%zu %s=%s\n", total, key, value);
}

/* A PAX ('x' or 'g') or GNU ('L') header with its data. */
static void meta(struct fc_strbuf *tar, char type, const char *data, size_t len)
{
	header(tar, type == 'L' ? "././@LongLink" : "PaxHeaders/x", type, len);
	body(tar, data, len);
}

/* gzip's the raw tar and reads it back. */
static struct got *read_tar(const struct fc_strbuf *tar, size_t max_total, size_t max_file)
{
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	gzip_into(&tgz, tar->buf, tar->len, 6);
	struct got *g = read_all(tgz.buf, tgz.len, max_total, max_file);
	fc_strbuf_release(&tgz);
	return g;
}

/* ---- the writer ----------------------------------------------------------- */

struct wfile {
	const char *path;
	const char *data;
	size_t size;
};

static int write_files(struct fc_strbuf *out, const struct wfile *files, size_t n, int level,
                       int64_t mtime, struct fc_diags *diags)
{
	struct fc_tar_writer *w = fc_tar_writer_new(out, level, mtime, diags);
	if (!w)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (fc_tar_writer_add(w, files[i].path, files[i].data, files[i].size) != 0) {
			fc_tar_writer_free(w);
			return -1;
		}
	return fc_tar_writer_finish(w);
}

static void test_round_trip(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	char *block = malloc(70000);
	for (size_t i = 0; i < 70000; i++)
		block[i] = (char)(i * 7 % 251); /* binary, NULs included */
	const struct wfile files[] = {
	        {"c/Chart.yaml", "apiVersion: v2\n", 15},
	        {"c/empty", "", 0},
	        {"c/one-record", block, 512},
	        {"c/record-and-a-byte", block, 513},
	        {"c/big.bin", block, 70000},
	        {"c/d\xc3\xa9j\xc3\xa0.yaml", "utf-8 name", 10},
	};
	size_t n = sizeof(files) / sizeof(*files);
	for (int level = 0; level <= 9; level += 3) {
		struct fc_strbuf tgz = FC_STRBUF_INIT;
		CU_ASSERT_EQUAL_FATAL(write_files(&tgz, files, n, level, 1700000000, &diags), 0);
		CU_ASSERT_EQUAL(diags.count, 0);
		struct got *g = read_sb(&tgz);
		CU_ASSERT_EQUAL(g->rc, 0);
		CU_ASSERT_EQUAL(g->diags.count, 0);
		CU_ASSERT_EQUAL_FATAL(g->n, n);
		for (size_t i = 0; i < n; i++) {
			struct got_entry *e = &g->e[i];
			CU_ASSERT_STRING_EQUAL(e->path, files[i].path);
			CU_ASSERT_EQUAL(e->type, FC_TAR_FILE);
			CU_ASSERT_EQUAL(e->size, files[i].size);
			CU_ASSERT_EQUAL(memcmp(e->data, files[i].data, files[i].size), 0);
			CU_ASSERT_EQUAL(e->mode, 0644);
			CU_ASSERT_EQUAL(e->uid, 0);
			CU_ASSERT_EQUAL(e->gid, 0);
			CU_ASSERT_EQUAL(e->mtime, 1700000000);
			CU_ASSERT_STRING_EQUAL(e->uname, "");
			CU_ASSERT_STRING_EQUAL(e->gname, "");
		}
		got_free(g);
		fc_strbuf_release(&tgz);
	}
	free(block);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

/* The bytes: gzip header, USTAR fields, checksums, records, the end. */
static void test_writer_bytes(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	const struct wfile files[] = {{"a/b", "hello", 5}, {"a/c", "", 0}};
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(write_files(&tgz, files, 2, 1, 077777777777LL, &diags), 0);
	const unsigned char *b = (const unsigned char *)tgz.buf;
	/* magic, deflate, no flags, no time, XFL 4 (fastest), OS 3 (Unix) */
	static const unsigned char gz[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 3};
	CU_ASSERT_EQUAL(memcmp(b, gz, 10), 0);
	size_t len;
	unsigned char *tar = fc_test_gunzip(&tgz, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tar);
	CU_ASSERT_EQUAL_FATAL(len, 512 + 512 + 512 + 1024);
	for (size_t off = 0; off < 1536; off += 1024) {
		unsigned char *h = tar + off;
		/* libarchive's numbers: octal, then a space (and a NUL in the
		 * 8-byte fields) */
		CU_ASSERT_EQUAL(memcmp(h + 100,
		                       "000644 \0"
		                       "000000 \0"
		                       "000000 \0",
		                       24),
		                0);
		CU_ASSERT_EQUAL(memcmp(h + 136, "77777777777 ", 12), 0);
		CU_ASSERT_EQUAL(h[156], '0');
		CU_ASSERT_EQUAL(memcmp(h + 257,
		                       "ustar\0"
		                       "00",
		                       8),
		                0);
		CU_ASSERT_EQUAL(h[265], 0);
		CU_ASSERT_EQUAL(h[297], 0);
		CU_ASSERT_EQUAL(h[345], 0); /* no prefix */
		unsigned char copy[512];
		memcpy(copy, h, 512);
		set_checksum(copy);
		CU_ASSERT_EQUAL(memcmp(copy + 148, h + 148, 8), 0);
	}
	CU_ASSERT_EQUAL(memcmp(tar + 124, "00000000005 ", 12), 0);
	CU_ASSERT_EQUAL(memcmp(tar + 512, "hello", 6), 0);
	CU_ASSERT_EQUAL(memcmp(tar + 1024, "a/c", 4), 0);
	CU_ASSERT_EQUAL(memcmp(tar + 1024 + 124, "00000000000 ", 12), 0);
	for (size_t i = 1536; i < len; i++)
		if (tar[i]) {
			CU_FAIL("the end records are not zero");
			break;
		}
	free(tar);
	fc_strbuf_release(&tgz);
	/* the same input, the same bytes; another level, other bytes */
	struct fc_strbuf a = FC_STRBUF_INIT, c = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL(write_files(&a, files, 2, 6, 0, &diags), 0);
	CU_ASSERT_EQUAL(write_files(&c, files, 2, 6, 0, &diags), 0);
	CU_ASSERT(a.len == c.len && memcmp(a.buf, c.buf, a.len) == 0);
	fc_strbuf_reset(&c);
	CU_ASSERT_EQUAL(write_files(&c, files, 2, 0, 0, &diags), 0);
	CU_ASSERT_FALSE(a.len == c.len && memcmp(a.buf, c.buf, a.len) == 0);
	fc_strbuf_release(&a);
	fc_strbuf_release(&c);
	CU_ASSERT_EQUAL(diags.count, 0);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

/* An empty archive: two zero records only. */
static void test_empty_archive(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(write_files(&tgz, NULL, 0, 1, 0, &diags), 0);
	size_t len;
	unsigned char *tar = fc_test_gunzip(&tgz, &len);
	CU_ASSERT_EQUAL(len, 1024);
	free(tar);
	struct got *g = read_sb(&tgz);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->n, 0);
	got_free(g);
	fc_strbuf_release(&tgz);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* Prefix splits up to 155 + '/' + 100 bytes; anything longer, and a path
 * with an empty component, is an error. */
static void test_long_paths(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	char *p155 = repeat('p', 155), *n100 = repeat('n', 100), *n101 = repeat('n', 101);
	char *longest = fc_arena_printf(&arena, "%s/%s", p155, n100); /* 256 bytes */
	char *exactly100 = fc_arena_printf(&arena, "a/%.98s", n100);
	char *split = fc_arena_printf(&arena, "a/b/%s/c/%.90s", p155 + 100, n100);
	const struct wfile ok[] = {{exactly100, "1", 1}, {split, "2", 1}, {longest, "3", 1}};
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(write_files(&tgz, ok, 3, 1, 0, &diags), 0);
	struct got *g = read_sb(&tgz);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL_FATAL(g->n, 3);
	for (size_t i = 0; i < 3; i++)
		CU_ASSERT_STRING_EQUAL(g->e[i].path, ok[i].path);
	got_free(g);
	size_t len;
	unsigned char *tar = fc_test_gunzip(&tgz, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tar);
	CU_ASSERT_EQUAL(memcmp(tar, exactly100, 100), 0);
	CU_ASSERT_EQUAL(tar[345], 0);
	/* libarchive's split: the shortest prefix that leaves a name of at
	 * most 100 bytes, "a/b/<55 p>" and "c/<90 n>" */
	CU_ASSERT_EQUAL(strncmp((char *)tar + 1024 + 345, split, 59), 0);
	CU_ASSERT_EQUAL(tar[1024 + 345 + 59], 0);
	CU_ASSERT_EQUAL(memcmp(tar + 1024, split + 60, 92), 0);
	CU_ASSERT_EQUAL(tar[1024 + 92], 0);
	CU_ASSERT_EQUAL(memcmp(tar + 2048 + 345, p155, 155), 0);
	CU_ASSERT_EQUAL(memcmp(tar + 2048, n100, 100), 0);
	free(tar);

	/* too long: 257 bytes; no '/' to split at; a last part over 100 bytes;
	 * a prefix over 155 bytes before the only '/' that leaves 100; empty
	 * components (which libarchive's reader and Go's would read apart
	 * when the split falls on "//") */
	const char *bad[] = {
	        fc_arena_printf(&arena, "x%s/%s", p155, n100),
	        n101,
	        fc_arena_printf(&arena, "a/%s", n101),
	        fc_arena_printf(&arena, "%sp/%.50s", p155, n100),
	        "",
	        "a//b",
	        "/abs",
	        "dir/",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		fc_strbuf_reset(&tgz);
		fc_strbuf_addstr(&tgz, "kept");
		size_t errors = diags.errors;
		const struct wfile files[] = {{"a/first", "x", 1}, {bad[i], "y", 1}};
		CU_ASSERT_EQUAL(write_files(&tgz, files, 2, 1, 0, &diags), -1);
		CU_ASSERT_EQUAL(diags.errors, errors + 1);
		if (diags.errors == errors + 1) {
			const struct fc_diag *d = diags.items[diags.count - 1];
			CU_ASSERT_STRING_EQUAL(d->code, "archive");
			if (*bad[i])
				CU_ASSERT_EQUAL(strncmp(d->message, bad[i], strlen(bad[i])), 0);
		}
		/* out is as it was */
		CU_ASSERT_EQUAL(tgz.len, 4);
		CU_ASSERT_STRING_EQUAL(tgz.buf, "kept");
	}
	fc_strbuf_release(&tgz);
	free(p155);
	free(n100);
	free(n101);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

/* After an error the writer refuses more; level and mtime are checked. */
static void test_writer_errors(void)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_strbuf out = FC_STRBUF_INIT;
	CU_ASSERT_PTR_NULL(fc_tar_writer_new(&out, 10, 0, &diags));
	CU_ASSERT_PTR_NULL(fc_tar_writer_new(&out, -1, 0, &diags));
	CU_ASSERT_PTR_NULL(fc_tar_writer_new(&out, 1, -1, &diags));
	CU_ASSERT_PTR_NULL(fc_tar_writer_new(&out, 1, 077777777777LL + 1, &diags));
	CU_ASSERT_EQUAL(diags.errors, 4);
	struct fc_tar_writer *w = fc_tar_writer_new(&out, 1, 0, &diags);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	char *n200 = repeat('n', 200);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "ok", "x", 1), 0);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, n200, "x", 1), -1);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "ok2", "x", 1), -1);
	CU_ASSERT_EQUAL(fc_tar_writer_finish(w), -1);
	CU_ASSERT_EQUAL(diags.errors, 5);
	CU_ASSERT_EQUAL(out.len, 0);
	/* freed without finishing: nothing is left in out */
	fc_strbuf_addstr(&out, "pre");
	w = fc_tar_writer_new(&out, 1, 0, &diags);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(fc_tar_writer_add(w, "a", n200, 200), 0);
	fc_tar_writer_free(w);
	CU_ASSERT_EQUAL(out.len, 3);
	CU_ASSERT_STRING_EQUAL(out.buf, "pre");
	free(n200);
	fc_strbuf_release(&out);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
}

/* ---- archives of GNU tar -------------------------------------------------- */

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void put_file(const char *dir, const char *rel, const char *text)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static void put_dir(const char *dir, const char *rel)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	CU_ASSERT_EQUAL(mkdir(path, 0755), 0);
}

static int slurp(const char *path, struct fc_strbuf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fc_strbuf_add(out, buf, n);
	fclose(f);
	return 0;
}

static const struct got_entry *find(const struct got *g, const char *path)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->e[i].path, path) == 0)
			return &g->e[i];
	return NULL;
}

static void expect_file(const struct got *g, const char *path, const char *text)
{
	const struct got_entry *e = find(g, path);
	CU_ASSERT_PTR_NOT_NULL(e);
	if (!e) {
		fprintf(stderr, "\n  no entry '%s'\n", path);
		return;
	}
	CU_ASSERT_EQUAL(e->type, FC_TAR_FILE);
	CU_ASSERT_EQUAL(e->size, strlen(text));
	CU_ASSERT_STRING_EQUAL(e->data, text);
	CU_ASSERT_EQUAL(e->mtime, 1700000000);
	CU_ASSERT_EQUAL(e->mode, 0640);
	CU_ASSERT_EQUAL(e->uid, 0);
	CU_ASSERT_EQUAL(e->gid, 0);
}

static void test_gnu_tar_formats(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	char dir[] = "/tmp/fc_tar_XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	char *d90 = repeat('d', 90), *f90 = repeat('f', 90), *d200 = repeat('D', 200);
	put_dir(dir, "chart");
	put_dir(dir, "chart/templates");
	put_file(dir, "chart/Chart.yaml", "name: x\n");
	put_file(dir, "chart/templates/a.yaml", "kind: Pod\n");
	const char *deep = fc_arena_printf(&arena, "chart/%s", d90);
	put_dir(dir, deep);
	const char *deep_file =
	        fc_arena_printf(&arena, "%s/%s.yaml", deep, f90); /* a prefix split */
	put_file(dir, deep_file, "deep\n");
	CU_ASSERT_EQUAL(symlink("Chart.yaml", fc_arena_printf(&arena, "%s/chart/link", dir)), 0);
	/* for gnu and pax: paths over 256 bytes and a non-ASCII one */
	put_dir(dir, "more");
	put_dir(dir, "more/chart");
	put_dir(dir, fc_arena_printf(&arena, "more/chart/%s", d200));
	put_file(dir, fc_arena_printf(&arena, "more/chart/%s/%s.yaml", d200, f90), "deeper\n");
	put_file(dir, "more/chart/donn\xc3\xa9\x65s-\xc3\xa9.yaml", "utf8\n");
	CU_ASSERT_EQUAL_FATAL(run("chmod -R u=rwX,g=rX,o= %s/chart %s/more/chart && "
	                          "chmod 0640 $(find %s -type f)",
	                          dir, dir, dir),
	                      0);

	static const char *const formats[] = {"ustar", "gnu", "pax"};
	for (size_t i = 0; i < 3; i++) {
		bool ustar = i == 0;
		CU_ASSERT_EQUAL_FATAL(run("cd %s && tar --format=%s --mtime=@1700000000 "
		                          "--owner=0 --group=0 --numeric-owner -czf %s.tgz chart "
		                          "%s 2>/dev/null",
		                          dir, formats[i], formats[i],
		                          ustar ? "" : "-C more chart"),
		                      0);
		struct fc_strbuf tgz = FC_STRBUF_INIT;
		CU_ASSERT_EQUAL_FATAL(
		        slurp(fc_arena_printf(&arena, "%s/%s.tgz", dir, formats[i]), &tgz), 0);
		struct got *g = read_sb(&tgz);
		CU_ASSERT_EQUAL(g->rc, 0);
		CU_ASSERT_EQUAL(g->diags.count, 0);
		expect_file(g, "chart/Chart.yaml", "name: x\n");
		expect_file(g, "chart/templates/a.yaml", "kind: Pod\n");
		expect_file(g, deep_file, "deep\n");
		const struct got_entry *e = find(g, "chart/");
		CU_ASSERT(e && e->type == FC_TAR_DIR && e->size == 0);
		e = find(g, "chart/templates/");
		CU_ASSERT(e && e->type == FC_TAR_DIR);
		e = find(g, "chart/link");
		CU_ASSERT(e && e->type == FC_TAR_SYMLINK && e->size == 0);
		size_t want = 7; /* 3 files, 3 directories, a symlink */
		if (!ustar) {
			/* "-C more chart" adds more/chart's tree as chart/...: 2
			 * files, 2 directories (chart/ again and chart/DDD.../) */
			expect_file(g, fc_arena_printf(&arena, "chart/%s/%s.yaml", d200, f90),
			            "deeper\n");
			expect_file(g, "chart/donn\xc3\xa9\x65s-\xc3\xa9.yaml", "utf8\n");
			want += 4;
		}
		CU_ASSERT_EQUAL(g->n, want);
		/* no PAX or GNU header shows as an entry */
		for (size_t k = 0; k < g->n; k++) {
			CU_ASSERT_PTR_NULL(strstr(g->e[k].path, "PaxHeaders"));
			CU_ASSERT_PTR_NULL(strstr(g->e[k].path, "LongLink"));
		}
		got_free(g);
		fc_strbuf_release(&tgz);
	}
	free(d90);
	free(f90);
	free(d200);
	CU_ASSERT_EQUAL(run("rm -rf %s", dir), 0);
	fc_arena_release(&arena);
}

/* ---- archives built by hand ----------------------------------------------- */

/* PAX 'x' sets path, size, mtime, uid, gid and names for one entry; 'g' is
 * checked and ignored; GNU 'L' sets a long name; PAX wins over 'L'. */
static void test_pax_and_gnu_headers(void)
{
	struct fc_strbuf tar = FC_STRBUF_INIT, rec = FC_STRBUF_INIT;
	char *n300 = repeat('n', 300);
	record(&rec, "comment", "global, ignored");
	record(&rec, "path", "not/applied");
	meta(&tar, 'g', rec.buf, rec.len);
	fc_strbuf_reset(&rec);
	record(&rec, "path", n300);
	record(&rec, "mtime", "1234567890.5");
	record(&rec, "uid", "4294967296");
	record(&rec, "gid", "7");
	record(&rec, "uname", "alice");
	record(&rec, "gname", "staff");
	record(&rec, "atime", "whatever, not read");
	meta(&tar, 'x', rec.buf, rec.len);
	file(&tar, "short", "pax");
	file(&tar, "plain", "next entry: no PAX left over");
	meta(&tar, 'L', n300, 301); /* with its NUL */
	file(&tar, "cut", "gnu");
	fc_strbuf_reset(&rec);
	record(&rec, "path", "pax/wins");
	meta(&tar, 'x', rec.buf, rec.len);
	meta(&tar, 'L', "gnu/loses", 9);
	file(&tar, "cut", "both");
	/* a PAX size over the header's */
	fc_strbuf_reset(&rec);
	record(&rec, "size", "12");
	meta(&tar, 'x', rec.buf, rec.len);
	header(&tar, "sized", '0', 0);
	body(&tar, "twelve bytes", 12);
	end(&tar);
	struct got *g = read_tar(&tar, 100 * MIB, 5 * MIB);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL_FATAL(g->n, 5);
	CU_ASSERT_STRING_EQUAL(g->e[0].path, n300);
	CU_ASSERT_STRING_EQUAL(g->e[0].data, "pax");
	CU_ASSERT_EQUAL(g->e[0].mtime, 1234567890);
	CU_ASSERT_EQUAL(g->e[0].uid, 4294967296LL);
	CU_ASSERT_EQUAL(g->e[0].gid, 7);
	CU_ASSERT_STRING_EQUAL(g->e[0].uname, "alice");
	CU_ASSERT_STRING_EQUAL(g->e[0].gname, "staff");
	CU_ASSERT_STRING_EQUAL(g->e[1].path, "plain");
	CU_ASSERT_EQUAL(g->e[1].mtime, 1700000000);
	CU_ASSERT_EQUAL(g->e[1].uid, 1000);
	CU_ASSERT_STRING_EQUAL(g->e[1].uname, "user");
	CU_ASSERT_STRING_EQUAL(g->e[2].path, n300);
	CU_ASSERT_STRING_EQUAL(g->e[2].data, "gnu");
	CU_ASSERT_STRING_EQUAL(g->e[3].path, "pax/wins");
	CU_ASSERT_STRING_EQUAL(g->e[4].path, "sized");
	CU_ASSERT_EQUAL(g->e[4].size, 12);
	CU_ASSERT_STRING_EQUAL(g->e[4].data, "twelve bytes");
	got_free(g);
	free(n300);
	fc_strbuf_release(&rec);
	fc_strbuf_release(&tar);
}

/* Sets the link name of the header h. */
static void link_to(unsigned char *h, const char *target)
{
	memcpy(h + 157, target, strlen(target));
	set_checksum(h);
}

/* Types: header-only types carry no data whatever their size field says;
 * V7 headers (no magic) and GNU base-256 sizes are read; GNU sparse and
 * unknown types are regular files (POSIX: an unknown type reads as '0'), as
 * libarchive reads them and Helm loads them. */
static void test_types_and_numbers(void)
{
	struct fc_strbuf tar = FC_STRBUF_INIT;
	header(&tar, "dir/", '5', 0);
	link_to(header(&tar, "link", '1', 999), "dir/"); /* no data follows */
	link_to(header(&tar, "sym", '2', 0), "link");
	header(&tar, "fifo", '6', 0);
	header(&tar, "dev", '3', 0);
	unsigned char *h = header(&tar, "v7", '\0', 2);
	memset(h + 257, 0, 255); /* no magic, names, prefix */
	set_checksum(h);
	body(&tar, "v7", 2);
	h = header(&tar, "v7dir/", '\0', 0);
	memset(h + 257, 0, 255);
	set_checksum(h);
	h = header(&tar, "b256", '0', 0);
	memset(h + 124, 0, 12);
	h[124] = 0x80;
	h[135] = 5; /* base-256: 5 */
	set_checksum(h);
	body(&tar, "12345", 5);
	h = header(&tar, "spaces", '7', 0);
	memcpy(h + 124, "     3      ", 12); /* octal between spaces */
	memcpy(h + 100, "000644 \0", 8); /* libarchive's style */
	set_checksum(h);
	body(&tar, "abc", 3);
	header(&tar, "sparse", 'S', 0);
	header(&tar, "unknown", 'Z', 3);
	body(&tar, "zzz", 3);
	end(&tar);
	struct got *g = read_tar(&tar, 100 * MIB, 5 * MIB);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->diags.count, 0);
	CU_ASSERT_EQUAL_FATAL(g->n, 11);
	static const enum fc_tar_type types[] = {FC_TAR_DIR,   FC_TAR_HARDLINK, FC_TAR_SYMLINK,
	                                         FC_TAR_OTHER, FC_TAR_OTHER,    FC_TAR_FILE,
	                                         FC_TAR_DIR,   FC_TAR_FILE,     FC_TAR_FILE,
	                                         FC_TAR_FILE,  FC_TAR_FILE};
	for (size_t i = 0; i < 11; i++)
		CU_ASSERT_EQUAL(g->e[i].type, types[i]);
	CU_ASSERT_EQUAL(g->e[1].size, 0);
	CU_ASSERT_STRING_EQUAL(g->e[5].data, "v7");
	CU_ASSERT_STRING_EQUAL(g->e[5].uname, "");
	CU_ASSERT_STRING_EQUAL(g->e[7].data, "12345");
	CU_ASSERT_STRING_EQUAL(g->e[8].data, "abc");
	CU_ASSERT_EQUAL(g->e[8].mode, 0644);
	CU_ASSERT_STRING_EQUAL(g->e[10].data, "zzz");
	got_free(g);
	fc_strbuf_release(&tar);
}

/* A caller may stop at any entry: what follows is never inflated, so even a
 * corrupt tail goes unnoticed.  Data left unread is skipped. */
static void test_stop_early_and_skip(void)
{
	struct fc_strbuf tar = FC_STRBUF_INIT, tgz = FC_STRBUF_INIT;
	file(&tar, "first", "one");
	file(&tar, "second", "two");
	end(&tar);
	gzip_into(&tgz, tar.buf, tar.len, 0); /* stored: the tar bytes in plain */
	char *second = NULL;
	for (size_t i = 0; i + 6 <= tgz.len && !second; i++)
		if (memcmp(tgz.buf + i, "second", 6) == 0)
			second = tgz.buf + i;
	CU_ASSERT_PTR_NOT_NULL_FATAL(second);
	second[0] = 'S'; /* a bad checksum, and a bad CRC */
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	const struct fc_tar_read_options opt = {MIB, MIB, "t.tgz", "tar-test"};
	struct fc_tar_reader *r = fc_tar_reader_new(tgz.buf, tgz.len, &opt, &diags);
	struct fc_tar_entry e;
	CU_ASSERT_EQUAL(fc_tar_next(r, &e), 1);
	CU_ASSERT_STRING_EQUAL(e.path, "first");
	char buf[4] = {0};
	CU_ASSERT_EQUAL(fc_tar_read_data(r, buf), 0);
	CU_ASSERT_STRING_EQUAL(buf, "one");
	fc_tar_reader_free(r);
	CU_ASSERT_EQUAL(diags.count, 0);
	/* reading on finds the corruption */
	struct got *g = read_all(tgz.buf, tgz.len, MIB, MIB);
	expect_error(g, "damaged tar archive"); /* libarchive's word for a bad checksum */
	CU_ASSERT_EQUAL(g->n, 1);
	got_free(g);
	/* the intact archive, its data never read: skipped */
	fc_strbuf_reset(&tgz);
	gzip_into(&tgz, tar.buf, tar.len, 9);
	r = fc_tar_reader_new(tgz.buf, tgz.len, &opt, &diags);
	CU_ASSERT_EQUAL(fc_tar_next(r, &e), 1);
	CU_ASSERT_EQUAL(fc_tar_next(r, &e), 1);
	CU_ASSERT_STRING_EQUAL(e.path, "second");
	CU_ASSERT_EQUAL(fc_tar_read_data(r, buf), 0);
	CU_ASSERT_STRING_EQUAL(buf, "two");
	CU_ASSERT_EQUAL(fc_tar_read_data(r, buf), -1); /* once per entry */
	CU_ASSERT_EQUAL(diags.errors, 1);
	CU_ASSERT_EQUAL(fc_tar_next(r, &e), -1);
	fc_tar_reader_free(r);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	fc_strbuf_release(&tgz);
	fc_strbuf_release(&tar);
}

/* Concatenated gzip members are one stream; bytes after the member that
 * holds the end of the archive are ignored; an archive may end without its
 * zero records at a header boundary, or after one zero record. */
static void test_gzip_members_and_ends(void)
{
	struct fc_strbuf tar = FC_STRBUF_INIT, tgz = FC_STRBUF_INIT;
	file(&tar, "a", "first member");
	size_t cut = tar.len - 300; /* inside a's data */
	file(&tar, "b", "second member");
	end(&tar);
	gzip_into(&tgz, tar.buf, cut, 6);
	gzip_into(&tgz, tar.buf + cut, tar.len - cut, 1);
	size_t two_members = tgz.len;
	fc_strbuf_addstr(&tgz, "trailing garbage");
	struct got *g = read_sb(&tgz);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL_FATAL(g->n, 2);
	CU_ASSERT_STRING_EQUAL(g->e[1].data, "second member");
	got_free(g);
	/* a member cut short is still truncation */
	g = read_all(tgz.buf, two_members - 1, 100 * MIB, 5 * MIB);
	expect_error(g, "truncated");
	got_free(g);
	/* the gzip stream ends right after b: no zero records */
	fc_strbuf_reset(&tgz);
	gzip_into(&tgz, tar.buf, tar.len - 1024, 6);
	g = read_sb(&tgz);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->n, 2);
	got_free(g);
	/* one zero record, then the end */
	fc_strbuf_reset(&tgz);
	gzip_into(&tgz, tar.buf, tar.len - 512, 6);
	g = read_sb(&tgz);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->n, 2);
	got_free(g);
	/* GNU tar's padding to 10240 bytes */
	fc_strbuf_addchars(&tar, '\0', 10240 - tar.len % 10240);
	fc_strbuf_reset(&tgz);
	gzip_into(&tgz, tar.buf, tar.len, 6);
	g = read_sb(&tgz);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->n, 2);
	got_free(g);
	fc_strbuf_release(&tgz);
	fc_strbuf_release(&tar);
}

/* ---- corrupt input -------------------------------------------------------- */

static void test_not_gzip(void)
{
	struct got *g = read_all("", 0, MIB, MIB);
	expect_error(g, "not a gzip'd tar archive: the file is empty");
	got_free(g);
	g = read_all("junk", 4, MIB, MIB);
	expect_error(g, "not a gzip'd tar archive: no gzip header");
	got_free(g);
	g = read_all("\x1f", 1, MIB, MIB);
	expect_error(g, "no gzip header");
	got_free(g);
	/* a gzip header and garbage */
	unsigned char junk[600];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 131 + 7);
	memcpy(junk, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
	g = read_all(junk, sizeof(junk), MIB, MIB);
	expect_error(g, "gzip decompression failed");
	got_free(g);
	/* valid gzip of garbage: not a tar header */
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	gzip_into(&tgz, junk + 10, sizeof(junk) - 10, 6);
	g = read_sb(&tgz);
	expect_error(g, "corrupt archive at byte 0: ");
	got_free(g);
	/* a .tgz gzip'd again: libarchive would unwrap both, Helm refuses */
	struct fc_strbuf tar = FC_STRBUF_INIT, inner = FC_STRBUF_INIT;
	file(&tar, "c/Chart.yaml", "name: c\n");
	end(&tar);
	gzip_into(&inner, tar.buf, tar.len, 6);
	fc_strbuf_reset(&tgz);
	gzip_into(&tgz, inner.buf, inner.len, 6);
	g = read_sb(&tgz);
	expect_error(g, "not a gzip'd tar archive: gzip inside gzip");
	CU_ASSERT_EQUAL(g->n, 0);
	got_free(g);
	fc_strbuf_release(&inner);
	fc_strbuf_release(&tar);
	/* a zlib (not gzip) stream */
	fc_strbuf_reset(&tgz);
	fc_strbuf_addstr(&tgz, "\x78\x9c");
	g = read_sb(&tgz);
	expect_error(g, "no gzip header");
	got_free(g);
	fc_strbuf_release(&tgz);
}

/* Reads tar, which got one of the table's corruptions: an error with the
 * part given (after n entries), or, where error is NULL, entries read as
 * libarchive reads them.  The NULL rows are archives Go's archive/tar (so
 * Helm) refuses and libarchive reads: the reader is laxer there than Helm. */
static void expect_outcome(const struct fc_strbuf *tar, const char *error, size_t n, size_t row)
{
	struct got *g = read_tar(tar, MIB, MIB);
	if (error) {
		expect_error(g, error);
		CU_ASSERT_PTR_NOT_NULL(strstr(error_of(g), "corrupt archive at byte "));
	} else {
		CU_ASSERT_EQUAL(g->rc, 0);
		CU_ASSERT_EQUAL(g->diags.count, 0);
	}
	CU_ASSERT_EQUAL(g->n, n);
	if (g->n != n)
		fprintf(stderr, "\n  row %zu: %zu entries, not %zu\n", row, g->n, n);
	got_free(g);
}

static void test_bad_headers(void)
{
	static const struct {
		size_t field, len;
		const char *value;
		const char *error; /* NULL: read */
		size_t entries; /* before the error, or in all */
	} cases[] = {
	        /* a size of "9": the data block is then read as a header */
	        {124, 12, "0000000009a\0", "damaged tar archive", 2},
	        {124, 12, "00000-00001\0", "damaged tar archive", 2},
	        {124, 12, "\x80\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
	         "tar entry size overflow", 1}, /* base-256 beyond int64 */
	        {124, 12, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe",
	         "tar entry has negative size", 1}, /* base-256 -2 */
	        /* octal up to the first other byte: Go refuses these */
	        {100, 8, "0000x44\0", NULL, 2},
	        {136, 12, "1700000000z\0", NULL, 2},
	        {108, 8, "1 2\0\0\0\0\0", NULL, 2},
	        {148, 8, "999999\0 ", "damaged tar archive", 1},
	        {148, 8, "abc\0\0\0\0\0", "damaged tar archive", 1},
	        {0, 1, "X", "damaged tar archive", 1}, /* a changed name, the checksum as was */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct fc_strbuf tar = FC_STRBUF_INIT;
		file(&tar, "ok", "fine");
		size_t at = tar.len;
		file(&tar, "bad", "data");
		end(&tar);
		unsigned char *h = (unsigned char *)tar.buf + at;
		memcpy(h + cases[i].field, cases[i].value, cases[i].len);
		if (cases[i].field != 148 && cases[i].field != 0)
			set_checksum(h);
		expect_outcome(&tar, cases[i].error, cases[i].entries, i);
		fc_strbuf_release(&tar);
	}
}

static void test_bad_pax(void)
{
	static const struct {
		char type;
		const char *data;
		const char *error; /* NULL: read */
	} cases[] = {
	        /* malformed records libarchive skips (Go refuses them) */
	        {'x', "abc", NULL},
	        {'x', "30 path=x\n", NULL},
	        {'x', "10 path=x!", NULL},
	        {'x', "9 path=x\n1", NULL},
	        {'x', "6 =xy\n", "truncated or corrupt"},
	        {'x', "8 pathx\n", NULL},
	        {'x', "11 size=1x\n", NULL},
	        {'x', "8 size=\n11 size=-1\n", "tar size attribute is negative"},
	        {'x', "32 size=99999999999999999999999\n", "tar size attribute overflow"},
	        {'x', " 9 path=x\n", NULL},
	        {'x', "99999999999999999999999 path=x\n", NULL},
	        {'g', "12 mtime=x.\n", NULL},
	        {'x', "12 path=a\0b\n", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct fc_strbuf tar = FC_STRBUF_INIT;
		size_t len = strlen(cases[i].data);
		if (i == sizeof(cases) / sizeof(*cases) - 1)
			len = 12; /* with its NUL */
		meta(&tar, cases[i].type, cases[i].data, len);
		file(&tar, "entry", "x");
		end(&tar);
		expect_outcome(&tar, cases[i].error, cases[i].error ? 0 : 1, i);
		fc_strbuf_release(&tar);
	}
	/* a PAX header over 1 MiB, one at the end of the archive, a zero record
	 * followed by a header */
	struct fc_strbuf tar = FC_STRBUF_INIT;
	header(&tar, "PaxHeaders/x", 'x', MIB + 1);
	struct got *g = read_tar(&tar, 100 * MIB, 100 * MIB);
	expect_error(g, "special header too large");
	got_free(g);
	fc_strbuf_reset(&tar);
	meta(&tar, 'x', "9 path=x\n", 9);
	end(&tar);
	g = read_tar(&tar, MIB, MIB);
	expect_error(g, "damaged tar archive");
	got_free(g);
	fc_strbuf_reset(&tar);
	meta(&tar, 'L', "name", 4);
	g = read_tar(&tar, MIB, MIB);
	expect_error(g, "damaged tar archive");
	got_free(g);
	/* 31 global headers in a row are read, 32 are too many for libarchive
	 * (so one header costs a bounded amount of inflating) */
	for (size_t count = 31; count <= 32; count++) {
		fc_strbuf_reset(&tar);
		for (size_t i = 0; i < count; i++)
			meta(&tar, 'g', "13 comment=x\n", 13);
		file(&tar, "entry", "x");
		end(&tar);
		g = read_tar(&tar, MIB, MIB);
		if (count == 31) {
			CU_ASSERT_EQUAL(g->rc, 0);
			CU_ASSERT_EQUAL(g->n, 1);
		} else {
			expect_error(g, "damaged tar archive");
		}
		got_free(g);
	}
	/* one zero record ends the archive for libarchive: what follows is not
	 * read (Go refuses a zero record followed by a header) */
	fc_strbuf_reset(&tar);
	file(&tar, "a", "x");
	fc_strbuf_addchars(&tar, '\0', 512);
	file(&tar, "b", "y");
	end(&tar);
	g = read_tar(&tar, MIB, MIB);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->n, 1);
	got_free(g);
	fc_strbuf_release(&tar);
}

/* A size beyond the data, cuts of the tar at every record and of the gzip
 * stream at every byte: each is an error, never a crash. */
static void test_truncated(void)
{
	struct fc_strbuf tar = FC_STRBUF_INIT;
	header(&tar, "big", '0', 10000);
	body(&tar, "only ten b", 10);
	end(&tar);
	struct got *g = read_tar(&tar, MIB, MIB);
	expect_error(g, "truncated tar archive");
	CU_ASSERT_PTR_NOT_NULL(strstr(error_of(g), "inside 'big'"));
	got_free(g);

	/* the tar cut at every 512 bytes, and 100 bytes into each record */
	fc_strbuf_reset(&tar);
	char *text = repeat('t', 1500);
	file(&tar, "a", "alpha");
	file(&tar, "b", text); /* 3 records of data */
	file(&tar, "c", "gamma");
	end(&tar);
	/* headers at 0, 1024, 3072; data ends at 1024, 3072, 4096 */
	for (size_t i = 0; i < 2 * tar.len / 512; i++) {
		size_t cut = i / 2 * 512 + i % 2 * 100;
		struct fc_strbuf tgz = FC_STRBUF_INIT;
		gzip_into(&tgz, tar.buf, cut, 1);
		g = read_all(tgz.buf, tgz.len, MIB, MIB);
		bool boundary = cut == 1024 || cut == 3072 || cut >= 4096;
		/* libarchive ends the archive at its first zero record: a cut
		 * in the second one goes unnoticed (Go reports it) */
		bool ok = (boundary && cut % 512 == 0) || cut > 4608;
		CU_ASSERT_EQUAL(g->rc, ok ? 0 : -1);
		if (ok) {
			CU_ASSERT_EQUAL(g->n, cut == 1024 ? 1 : cut == 3072 ? 2 : 3);
		} else if (cut < 512) {
			/* not one whole header: libarchive sees no tar at all */
			CU_ASSERT_PTR_NOT_NULL(strstr(error_of(g), "unrecognized archive format"));
		} else {
			CU_ASSERT_PTR_NOT_NULL(strstr(error_of(g), "truncated"));
		}
		got_free(g);
		fc_strbuf_release(&tgz);
	}

	/* the compressed stream cut at every byte */
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	gzip_into(&tgz, tar.buf, tar.len, 6);
	size_t failures = 0;
	for (size_t len = 0; len < tgz.len; len++) {
		g = read_all(tgz.buf, len, MIB, MIB);
		failures += g->rc == -1 && g->diags.count == 1;
		got_free(g);
	}
	CU_ASSERT_EQUAL(failures, tgz.len);
	/* every single byte of the deflate data changed: an error, with one
	 * diagnostic, but for a few changes that still inflate (libarchive
	 * 3.6's gzip filter does not check the CRC) */
	size_t unnoticed = 0, trailer = tgz.len - 8;
	for (size_t i = 10; i < tgz.len; i++) {
		tgz.buf[i] = (char)(tgz.buf[i] ^ 0x55);
		g = read_all(tgz.buf, tgz.len, MIB, MIB);
		if (i >= trailer) {
			/* CRC and length unchecked (nor does Helm read them: it stops
			 * at the end of the archive) */
			CU_ASSERT(g->rc == 0 && g->n == 3 && strcmp(g->e[1].data, text) == 0 &&
			          strcmp(g->e[2].data, "gamma") == 0);
		} else if (g->rc == 0) {
			unnoticed++;
		} else {
			CU_ASSERT_EQUAL(g->diags.count, 1);
		}
		got_free(g);
		tgz.buf[i] = (char)(tgz.buf[i] ^ 0x55);
	}
	CU_ASSERT(unnoticed < 3);
	fc_strbuf_release(&tgz);
	free(text);
	fc_strbuf_release(&tar);
}

/* ---- limits and bombs ----------------------------------------------------- */

/* Raw deflate pieces, each ending byte-aligned and independent of the
 * others (a full flush), joined into one gzip member: a bomb of any size
 * costs one compression of each distinct piece. */
struct bomb {
	struct fc_strbuf out;
	uLong crc, size;
};

static void bomb_start(struct bomb *b)
{
	fc_strbuf_init(&b->out);
	fc_strbuf_add(&b->out, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
	b->crc = crc32(0, NULL, 0);
	b->size = 0;
}

/* Deflates data into piece (raw, full flush; final when last). */
static void deflate_piece(struct fc_strbuf *piece, const void *data, size_t len, bool last)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	CU_ASSERT_EQUAL_FATAL(deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
	fc_strbuf_grow(piece, deflateBound(&z, (uLong)len) + 64);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (unsigned char *)piece->buf + piece->len;
	z.avail_out = (uInt)(piece->alloc - piece->len - 1);
	int rc = deflate(&z, last ? Z_FINISH : Z_FULL_FLUSH);
	CU_ASSERT(last ? rc == Z_STREAM_END : rc == Z_OK);
	CU_ASSERT_EQUAL(z.avail_in, 0);
	piece->len += z.total_out;
	deflateEnd(&z);
}

/* Appends data, count times over, to the bomb. */
static void bomb_add(struct bomb *b, const void *data, size_t len, size_t count)
{
	struct fc_strbuf piece = FC_STRBUF_INIT;
	deflate_piece(&piece, data, len, false);
	uLong crc = crc32(0, data, (uInt)len);
	for (size_t i = 0; i < count; i++) {
		fc_strbuf_add(&b->out, piece.buf, piece.len);
		b->crc = crc32_combine(b->crc, crc, (z_off_t)len);
		b->size += len;
	}
	fc_strbuf_release(&piece);
}

static void bomb_finish(struct bomb *b)
{
	struct fc_strbuf piece = FC_STRBUF_INIT;
	deflate_piece(&piece, "", 0, true);
	fc_strbuf_add(&b->out, piece.buf, piece.len);
	fc_strbuf_release(&piece);
	unsigned char t[8];
	for (int i = 0; i < 4; i++) {
		t[i] = (unsigned char)(b->crc >> (8 * i));
		t[4 + i] = (unsigned char)(b->size >> (8 * i));
	}
	fc_strbuf_add(&b->out, t, 8);
}

/* count files of size bytes of zeros, then "last" (a small file). */
static void bomb_of_files(struct bomb *b, size_t count, size_t size)
{
	bomb_start(b);
	struct fc_strbuf h = FC_STRBUF_INIT;
	char *zeros = calloc(1, MIB);
	for (size_t i = 0; i < count; i++) {
		fc_strbuf_reset(&h);
		char name[32];
		snprintf(name, sizeof(name), "c/zero%zu", i);
		header(&h, name, '0', size);
		bomb_add(b, h.buf, h.len, 1);
		bomb_add(b, zeros, MIB, size / MIB);
		bomb_add(b, zeros, size % MIB, 1);
		bomb_add(b, zeros, (512 - size % 512) % 512, 1);
	}
	fc_strbuf_reset(&h);
	file(&h, "c/last", "x");
	end(&h);
	bomb_add(b, h.buf, h.len, 1);
	bomb_finish(b);
	free(zeros);
	fc_strbuf_release(&h);
}

static void test_limits(void)
{
	/* the bomb builder itself: a small one reads back */
	struct bomb b;
	bomb_of_files(&b, 3, 100000);
	struct got *g = read_all(b.out.buf, b.out.len, MIB, MIB);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->n, 4);
	got_free(g);
	/* the same over a total of 256000 bytes: the third file's data */
	g = read_all(b.out.buf, b.out.len, 256000, MIB);
	expect_error(g, "the archive is larger than the 256000-byte limit when decompressed");
	CU_ASSERT_EQUAL(g->n, 3);
	got_free(g);
	/* a file over the limit per file: refused at its header */
	g = read_all(b.out.buf, b.out.len, MIB, 99999);
	expect_error(g, "'c/zero0' is larger than the 99999-byte limit per file");
	CU_ASSERT_EQUAL(g->n, 0);
	got_free(g);
	fc_strbuf_release(&b.out);

	/* 2 MiB of zeros after the end of the archive: never inflated (the
	 * reader stops at the end records, as Helm does), so under a 1 MiB
	 * limit the archive reads */
	bomb_start(&b);
	struct fc_strbuf tar = FC_STRBUF_INIT;
	file(&tar, "a", "x");
	end(&tar);
	bomb_add(&b, tar.buf, tar.len, 1);
	char *zeros = calloc(1, MIB);
	bomb_add(&b, zeros, MIB, 2);
	bomb_finish(&b);
	g = read_all(b.out.buf, b.out.len, MIB, MIB);
	CU_ASSERT_EQUAL(g->rc, 0);
	CU_ASSERT_EQUAL(g->n, 1);
	got_free(g);
	free(zeros);
	fc_strbuf_release(&tar);
	fc_strbuf_release(&b.out);
}

/* ---- found by fuzzing (tests/fuzz/fuzz_chart.c) --------------------------- */

/* fc_chart_read of a chart whose Chart.yaml is text; the first error's
 * message in *error ("" on success). */
static int read_chart(struct fc_arena *arena, const char *chart_yaml, struct fc_chart_meta *meta,
                      const char **error)
{
	const struct wfile files[] = {{"c/Chart.yaml", chart_yaml, strlen(chart_yaml)}};
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	struct fc_diags diags;
	fc_diags_init(&diags, arena);
	CU_ASSERT_EQUAL_FATAL(write_files(&tgz, files, 1, 6, 0, &diags), 0);
	int rc = fc_chart_read(arena, "c.tgz", tgz.buf, tgz.len, meta, &diags);
	*error = diags.count ? fc_arena_strdup(arena, diags.items[0]->message) : "";
	fc_diags_release(&diags);
	fc_strbuf_release(&tgz);
	return rc;
}

/* A YAML escape "\0" puts a NUL inside a scalar: the name and version were
 * checked up to it only ("a\0/../b" passed as "a", while index.yaml and the
 * OCI config carried all of it), and annotation keys were cut at it, so that
 * "a\0b" and "a\0c" became "a" twice: an index.yaml Helm refuses ("key "a"
 * already set in map"). */
static void test_chart_yaml_nul_bytes(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_chart_meta meta;
	const char *error;
	CU_ASSERT_EQUAL(read_chart(&arena, "apiVersion: v2\nname: \"a\\0/../b\"\nversion: 1.0.0\n",
	                           &meta, &error),
	                -1);
	CU_ASSERT_STRING_EQUAL(error, "Chart.yaml: the name holds a NUL byte");
	CU_ASSERT_EQUAL(read_chart(&arena, "apiVersion: v2\nname: a\nversion: \"1.0.0\\0x\"\n",
	                           &meta, &error),
	                -1);
	CU_ASSERT_STRING_EQUAL(error, "Chart.yaml: the version holds a NUL byte");

	CU_ASSERT_EQUAL_FATAL(read_chart(&arena,
	                                 "apiVersion: v2\nname: a\nversion: 1.0.0\nannotations:\n"
	                                 "  \"a\\0b\": x\n  \"a\\0c\": y\n",
	                                 &meta, &error),
	                      0);
	struct fc_strbuf json = FC_STRBUF_INIT;
	fc_json_write(&json, fc_chart_metadata(&arena, &meta));
	CU_ASSERT_STRING_EQUAL(json.buf,
	                       "{\"apiVersion\":\"v2\",\"name\":\"a\",\"version\":\"1.0.0\","
	                       "\"annotations\":{\"a\\u0000b\":\"x\",\"a\\u0000c\":\"y\"}}");
	fc_strbuf_release(&json);
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("tar", FC_TEST(test_round_trip), FC_TEST(test_writer_bytes),
	         FC_TEST(test_empty_archive), FC_TEST(test_long_paths), FC_TEST(test_writer_errors),
	         FC_TEST(test_gnu_tar_formats), FC_TEST(test_pax_and_gnu_headers),
	         FC_TEST(test_types_and_numbers), FC_TEST(test_stop_early_and_skip),
	         FC_TEST(test_gzip_members_and_ends), FC_TEST(test_not_gzip),
	         FC_TEST(test_bad_headers), FC_TEST(test_bad_pax), FC_TEST(test_truncated),
	         FC_TEST(test_limits), FC_TEST(test_chart_yaml_nul_bytes));
}

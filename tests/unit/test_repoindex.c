/*
 * Unit tests of repoindex: index.yaml of a directory of packed charts
 * (entries grouped by name, newest first by SemVer 2, the digest of the
 * exact bytes, relative and absolute URLs, one directory level down),
 * skipped files ([chart-invalid], [repo-duplicate] warnings), merging an
 * old index and rejecting a malformed one ([repo-index-invalid]), and an
 * unreadable directory ([io]).
 */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "fileset.h"
#include "pack.h"
#include "repoindex.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	char dir[64];
	struct fc_strbuf out;
	size_t indexed, kept;
};

static void setup(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	strcpy(f->dir, "/tmp/fc-repoindex-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->dir));
	fc_strbuf_init(&f->out);
	f->indexed = f->kept = 0;
}

static void teardown(struct fixture *f)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
	fc_strbuf_release(&f->out);
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static void write_path(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static void write_file(struct fixture *f, const char *name, const void *data, size_t len)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	write_path(path, data, len);
}

/* Packs a chart of that name and version into dir/file; its digest in hex. */
static void write_chart(struct fixture *f, const char *file, const char *name, const char *version,
                        char hex[FC_SHA256_HEX_SIZE])
{
	struct fc_fileset files = {0};
	const char *yaml = fc_arena_printf(&f->arena, "apiVersion: v2\nname: %s\nversion: %s\n",
	                                   name, version);
	fc_fileset_add(&f->arena, &files, "Chart.yaml", yaml, strlen(yaml));
	fc_fileset_add(&f->arena, &files, "values.yaml", "a: 1\n", 5);
	struct fc_strbuf tgz = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL_FATAL(fc_pack_chart(&files, name, 0, &tgz, &f->diags), 0);
	write_file(f, file, tgz.buf, tgz.len);
	if (hex)
		CU_ASSERT_EQUAL(fc_sha256_hex(tgz.buf, tgz.len, hex), 0);
	fc_strbuf_release(&tgz);
}

static int index_dir(struct fixture *f, const char *url, const char *merge)
{
	struct fc_repo_index_options options = {url, merge, 1700000000};
	return fc_repo_index_dir(&f->arena, f->dir, &options, &f->out, &f->indexed, &f->kept,
	                         &f->diags);
}

static size_t count_code(const struct fixture *f, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < f->diags.count; i++)
		n += strcmp(f->diags.items[i]->code, code) == 0;
	return n;
}

/* Position of needle in the output, or SIZE_MAX. */
static size_t at(const struct fixture *f, const char *needle)
{
	const char *p = strstr(f->out.buf, needle);
	return p ? (size_t)(p - f->out.buf) : (size_t)-1;
}

static void test_index_order_and_digest(void)
{
	struct fixture f;
	setup(&f);
	char hex_b[FC_SHA256_HEX_SIZE], hex_a[FC_SHA256_HEX_SIZE];
	write_chart(&f, "zeta-1.2.0.tgz", "zeta", "1.2.0", NULL);
	write_chart(&f, "zeta-1.10.0.tgz", "zeta", "1.10.0", NULL);
	write_chart(&f, "zeta-1.10.0-rc.1.tgz", "zeta", "1.10.0-rc.1", NULL);
	write_chart(&f, "alpha-0.1.0.tgz", "alpha", "0.1.0", hex_a);
	CU_ASSERT_EQUAL_FATAL(mkdir(fc_arena_printf(&f.arena, "%s/sub", f.dir), 0755), 0);
	write_chart(&f, "sub/beta-2.0.0.tgz", "beta", "2.0.0", hex_b);
	write_file(&f, "notes.txt", "not a chart", 11);
	CU_ASSERT_EQUAL(index_dir(&f, NULL, NULL), 0);
	CU_ASSERT_EQUAL(f.indexed, 5);
	CU_ASSERT_EQUAL(f.kept, 0);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	CU_ASSERT_EQUAL(at(&f, "apiVersion: \"v1\"\n"), 0);
	/* names sorted, versions newest first */
	CU_ASSERT(at(&f, "  alpha:") < at(&f, "  beta:"));
	CU_ASSERT(at(&f, "  beta:") < at(&f, "  zeta:"));
	CU_ASSERT(at(&f, "version: \"1.10.0\"\n") < at(&f, "version: \"1.10.0-rc.1\"\n"));
	CU_ASSERT(at(&f, "version: \"1.10.0-rc.1\"\n") < at(&f, "version: \"1.2.0\"\n"));
	CU_ASSERT(at(&f, "version: \"1.2.0\"\n") != (size_t)-1);
	/* the digest of the bytes, the path one level down, the given time */
	CU_ASSERT(at(&f, fc_arena_printf(&f.arena, "digest: \"%s\"\n", hex_a)) != (size_t)-1);
	CU_ASSERT(at(&f, fc_arena_printf(&f.arena, "digest: \"%s\"\n", hex_b)) != (size_t)-1);
	CU_ASSERT(at(&f, "- \"sub/beta-2.0.0.tgz\"\n") != (size_t)-1);
	CU_ASSERT(at(&f, "    created: \"2023-11-14T22:13:20Z\"\n") != (size_t)-1);
	CU_ASSERT(at(&f, "\ngenerated: \"2023-11-14T22:13:20Z\"\n") != (size_t)-1);
	CU_ASSERT(at(&f, "notes") == (size_t)-1);
	teardown(&f);
}

static void test_url_invalid_and_duplicate(void)
{
	struct fixture f;
	setup(&f);
	write_chart(&f, "a-1.0.0.tgz", "a", "1.0.0", NULL);
	write_chart(&f, "b-copy.tgz", "a", "1.0.0", NULL); /* same name and version */
	write_file(&f, "broken.tgz", "not gzip", 8);
	CU_ASSERT_EQUAL(index_dir(&f, "https://example.com/charts", NULL), 0);
	CU_ASSERT_EQUAL(f.indexed, 1);
	CU_ASSERT_EQUAL(f.diags.errors, 0);
	CU_ASSERT_EQUAL(count_code(&f, "chart-invalid"), 1);
	CU_ASSERT_EQUAL(count_code(&f, "repo-duplicate"), 1);
	CU_ASSERT(at(&f, "- \"https://example.com/charts/a-1.0.0.tgz\"\n") != (size_t)-1);
	CU_ASSERT(at(&f, "b-copy") == (size_t)-1);
	teardown(&f);
}

static void test_merge(void)
{
	struct fixture f;
	setup(&f);
	write_chart(&f, "a-2.0.0.tgz", "a", "2.0.0", NULL);
	/* an old index in another directory: its a 1.0.0 is kept, its a 2.0.0
	 * is replaced by the local chart */
	char old[128];
	snprintf(old, sizeof(old), "%s.yaml", f.dir);
	static const char old_index[] =
	        "apiVersion: \"v1\"\n"
	        "entries:\n"
	        "  a:\n"
	        "  - apiVersion: v2\n    name: a\n    version: 1.0.0\n    digest: old1\n"
	        "    urls:\n    - https://old.example.com/a-1.0.0.tgz\n"
	        "  - apiVersion: v2\n    name: a\n    version: 2.0.0\n    digest: old2\n"
	        "    urls:\n    - https://old.example.com/a-2.0.0.tgz\n"
	        "generated: \"2020-01-01T00:00:00Z\"\n";
	write_path(old, old_index, strlen(old_index));
	CU_ASSERT_EQUAL(index_dir(&f, NULL, old), 0);
	CU_ASSERT_EQUAL(f.indexed, 1);
	CU_ASSERT_EQUAL(f.kept, 1);
	CU_ASSERT(at(&f, "digest: \"old1\"\n") != (size_t)-1);
	CU_ASSERT(at(&f, "digest: \"old2\"\n") == (size_t)-1);
	CU_ASSERT(at(&f, "version: \"2.0.0\"\n") < at(&f, "version: \"1.0.0\"\n"));
	/* a malformed old index is an error */
	write_path(old, "entries: [1, 2\n", 15);
	fc_strbuf_reset(&f.out);
	CU_ASSERT_EQUAL(index_dir(&f, NULL, old), -1);
	CU_ASSERT_EQUAL(count_code(&f, "repo-index-invalid"), 1);
	/* an index that is not a mapping */
	write_path(old, "- a\n", 4);
	CU_ASSERT_EQUAL(index_dir(&f, NULL, old), -1);
	CU_ASSERT_EQUAL(count_code(&f, "repo-index-invalid"), 2);
	unlink(old);
	teardown(&f);
}

static void test_missing_dir(void)
{
	struct fixture f;
	setup(&f);
	rmdir(f.dir);
	CU_ASSERT_EQUAL(index_dir(&f, NULL, NULL), -1);
	CU_ASSERT_EQUAL(count_code(&f, "io"), 1);
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("repoindex", FC_TEST(test_index_order_and_digest),
	         FC_TEST(test_url_invalid_and_duplicate), FC_TEST(test_merge),
	         FC_TEST(test_missing_dir));
}

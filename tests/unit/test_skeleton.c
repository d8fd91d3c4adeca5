/*
 * Unit tests of skeleton: the embedded copy equals chart-skeleton/ in the
 * source tree (FABCHART_SOURCE_DIR, set by ctest), and fc_skeleton_load_dir
 * on temporary directories: nested files, a symlink, a missing directory.
 */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "embedded.h"
#include "fileset.h"
#include "skeleton.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_fileset set;
};

static void setup(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	memset(&f->set, 0, sizeof(f->set));
}

static void teardown(struct fixture *f)
{
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static const char *source_dir(void)
{
	const char *s = getenv("FABCHART_SOURCE_DIR");
	CU_ASSERT_PTR_NOT_NULL(s);
	return s;
}

static bool has_file(const struct fc_fileset *set, const char *path, const char *data)
{
	const struct fc_file *f = fc_fileset_find(set, path);
	return f && f->size == strlen(data) && memcmp(f->data, data, f->size) == 0;
}

static void test_embedded_has_the_static_files(void)
{
	struct fixture f;
	setup(&f);
	fc_skeleton_embedded(&f.arena, &f.set);
	static const char *const paths[] = {"templates/_helpers.tpl",
	                                    "templates/NOTES.txt",
	                                    ".helmignore",
	                                    "files/scripts/identities.sh",
	                                    "files/scripts/join.sh",
	                                    "templates/tests/test-services.yaml"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const struct fc_file *file = fc_fileset_find(&f.set, paths[i]);
		CU_ASSERT_PTR_NOT_NULL(file);
		if (file)
			CU_ASSERT(file->size > 0);
	}
	/* paths are relative to the chart root: no "chart-skeleton/" prefix, no schema */
	for (size_t i = 0; i < f.set.count; i++) {
		CU_ASSERT_NOT_EQUAL(strncmp(f.set.files[i].path, "chart-skeleton/", 15), 0);
		CU_ASSERT_NOT_EQUAL(strncmp(f.set.files[i].path, "schemas/", 8), 0);
	}
	CU_ASSERT_PTR_NULL(fc_fileset_find(&f.set, "topology.schema.json"));
	CU_ASSERT_PTR_NOT_NULL(fc_embedded_find("schemas/topology.schema.json"));
	CU_ASSERT_PTR_NOT_NULL(fc_embedded_find("chart-skeleton/.helmignore"));
	CU_ASSERT_PTR_NULL(fc_embedded_find(".helmignore"));
	teardown(&f);
}

/* The embedded files are byte for byte chart-skeleton/ of the source tree. */
static void test_embedded_equals_source_tree(void)
{
	const char *src = source_dir();
	if (!src)
		return;
	struct fixture f;
	setup(&f);
	struct fc_fileset disk = {0};
	char *dir = fc_arena_printf(&f.arena, "%s/chart-skeleton", src);
	CU_ASSERT_EQUAL_FATAL(fc_skeleton_load_dir(&f.arena, dir, &disk, &f.diags), 0);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	fc_skeleton_embedded(&f.arena, &f.set);
	CU_ASSERT_EQUAL(f.set.count, disk.count);
	CU_ASSERT(disk.count >= 5);
	for (size_t i = 0; i < disk.count; i++) {
		const struct fc_file *d = &disk.files[i];
		const struct fc_file *e = fc_fileset_find(&f.set, d->path);
		CU_ASSERT_PTR_NOT_NULL(e);
		if (!e)
			continue;
		CU_ASSERT_EQUAL(e->size, d->size);
		CU_ASSERT(e->size == d->size && memcmp(e->data, d->data, d->size) == 0);
	}
	CU_ASSERT_PTR_NOT_NULL(fc_fileset_find(&disk, ".helmignore"));
	CU_ASSERT_PTR_NOT_NULL(fc_fileset_find(&disk, "templates/_helpers.tpl"));
	CU_ASSERT_PTR_NOT_NULL(fc_fileset_find(&disk, "templates/NOTES.txt"));
	CU_ASSERT_PTR_NOT_NULL(fc_fileset_find(&disk, "files/scripts/identities.sh"));
	CU_ASSERT_PTR_NOT_NULL(fc_fileset_find(&disk, "files/scripts/join.sh"));
	/* the table is sorted by path and each data array ends with a NUL */
	for (unsigned long i = 0; i < fc_embedded_count; i++) {
		CU_ASSERT_EQUAL(fc_embedded_files[i].data[fc_embedded_files[i].size], '\0');
		if (i)
			CU_ASSERT(strcmp(fc_embedded_files[i - 1].path, fc_embedded_files[i].path) <
			          0);
	}
	CU_ASSERT_PTR_NULL(fc_embedded_files[fc_embedded_count].path);
	teardown(&f);
}

static void write_file(const char *path, const char *data)
{
	FILE *fp = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(data, fp);
	fclose(fp);
}

static void test_load_dir_nested(void)
{
	char tmp[] = "/tmp/fc-skel-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmp));
	char p[4][256];
	snprintf(p[0], sizeof(p[0]), "%s/templates", tmp);
	snprintf(p[1], sizeof(p[1]), "%s/templates/sub", tmp);
	snprintf(p[2], sizeof(p[2]), "%s/templates/sub/deep", tmp);
	snprintf(p[3], sizeof(p[3]), "%s/empty", tmp);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL_FATAL(mkdir(p[i], 0700), 0);
	char a[256], b[256], c[256], d[256];
	snprintf(a, sizeof(a), "%s/.helmignore", tmp);
	snprintf(b, sizeof(b), "%s/templates/a.yaml", tmp);
	snprintf(c, sizeof(c), "%s/templates/sub/deep/c.txt", tmp);
	snprintf(d, sizeof(d), "%s/templates/sub/empty.txt", tmp);
	write_file(a, "*.bak\n");
	write_file(b, "kind: A\n");
	write_file(c, "deep\n");
	write_file(d, "");

	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(fc_skeleton_load_dir(&f.arena, tmp, &f.set, &f.diags), 0);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	CU_ASSERT_EQUAL(f.set.count, 4);
	CU_ASSERT(has_file(&f.set, ".helmignore", "*.bak\n"));
	CU_ASSERT(has_file(&f.set, "templates/a.yaml", "kind: A\n"));
	CU_ASSERT(has_file(&f.set, "templates/sub/deep/c.txt", "deep\n"));
	CU_ASSERT(has_file(&f.set, "templates/sub/empty.txt", ""));
	teardown(&f);

	unlink(a);
	unlink(b);
	unlink(c);
	unlink(d);
	for (int i = 3; i >= 0; i--)
		rmdir(p[i]);
	rmdir(tmp);
}

static void test_load_dir_symlink(void)
{
	char tmp[] = "/tmp/fc-skel-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmp));
	char real[256], link[256];
	snprintf(real, sizeof(real), "%s/real.txt", tmp);
	snprintf(link, sizeof(link), "%s/link.txt", tmp);
	write_file(real, "x");
	CU_ASSERT_EQUAL_FATAL(symlink("real.txt", link), 0);

	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(fc_skeleton_load_dir(&f.arena, tmp, &f.set, &f.diags), -1);
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	CU_ASSERT_FATAL(f.diags.count == 1);
	const struct fc_diag *dg = f.diags.items[0];
	CU_ASSERT_STRING_EQUAL(dg->code, "skeleton-file");
	CU_ASSERT_PTR_NOT_NULL(dg->pos.file);
	if (dg->pos.file)
		CU_ASSERT_STRING_EQUAL(dg->pos.file, link);
	CU_ASSERT_PTR_NULL(fc_fileset_find(&f.set, "link.txt"));
	teardown(&f);

	unlink(link);
	unlink(real);
	rmdir(tmp);
}

static void test_load_dir_missing(void)
{
	char tmp[] = "/tmp/fc-skel-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmp));
	char missing[256];
	snprintf(missing, sizeof(missing), "%s/no-such-dir", tmp);

	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL(fc_skeleton_load_dir(&f.arena, missing, &f.set, &f.diags), -1);
	CU_ASSERT_FATAL(f.diags.count == 1);
	const struct fc_diag *dg = f.diags.items[0];
	CU_ASSERT_STRING_EQUAL(dg->code, "io");
	CU_ASSERT_EQUAL(dg->severity, FC_SEVERITY_ERROR);
	CU_ASSERT_PTR_NOT_NULL(dg->pos.file);
	if (dg->pos.file)
		CU_ASSERT_STRING_EQUAL(dg->pos.file, missing);
	CU_ASSERT_PTR_NOT_NULL(strstr(dg->message, "No such file"));
	CU_ASSERT_EQUAL(f.set.count, 0);
	teardown(&f);
	rmdir(tmp);
}

void fc_test_register(void)
{
	FC_SUITE("skeleton", FC_TEST(test_embedded_has_the_static_files),
	         FC_TEST(test_embedded_equals_source_tree), FC_TEST(test_load_dir_nested),
	         FC_TEST(test_load_dir_symlink), FC_TEST(test_load_dir_missing));
}

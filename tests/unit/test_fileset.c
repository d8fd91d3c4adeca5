/* Unit tests of fileset: add, replace, find, sort. */
#include "arena.h"
#include "cunit_main.h"
#include "fileset.h"
#include "strbuf.h"

#include <stdio.h>
#include <string.h>

static void test_add_and_find(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_fileset set = {0};
	CU_ASSERT_PTR_NULL(fc_fileset_find(&set, "a"));
	char data[] = "hello";
	char path[] = "templates/a.yaml";
	fc_fileset_add(&arena, &set, path, data, 5);
	/* both path and bytes are copied */
	data[0] = 'J';
	path[0] = 'X';
	CU_ASSERT_EQUAL(set.count, 1);
	const struct fc_file *f = fc_fileset_find(&set, "templates/a.yaml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_STRING_EQUAL(f->path, "templates/a.yaml");
	CU_ASSERT_EQUAL(f->size, 5);
	CU_ASSERT_EQUAL(memcmp(f->data, "hello", 5), 0);
	/* the copy is NUL-terminated for convenience */
	CU_ASSERT_EQUAL(f->data[5], '\0');
	CU_ASSERT_PTR_NULL(fc_fileset_find(&set, "Xemplates/a.yaml"));
	CU_ASSERT_PTR_NULL(fc_fileset_find(&set, "templates/a.yam"));
	CU_ASSERT_PTR_NULL(fc_fileset_find(&set, "templates/a.yaml/"));
	CU_ASSERT_PTR_NULL(fc_fileset_find(&set, ""));
	fc_arena_release(&arena);
}

static void test_empty_and_binary_files(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_fileset set = {0};
	fc_fileset_add(&arena, &set, "empty", NULL, 0);
	fc_fileset_add(&arena, &set, "bin", "a\0b\0", 4);
	const struct fc_file *e = fc_fileset_find(&set, "empty");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->size, 0);
	CU_ASSERT_PTR_NOT_NULL(e->data);
	const struct fc_file *b = fc_fileset_find(&set, "bin");
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(b->size, 4);
	CU_ASSERT_EQUAL(memcmp(b->data, "a\0b\0", 4), 0);
	fc_arena_release(&arena);
}

static void test_replace_keeps_one_entry(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_fileset set = {0};
	fc_fileset_add(&arena, &set, "a", "one", 3);
	fc_fileset_add(&arena, &set, "b", "two", 3);
	fc_fileset_add(&arena, &set, "a", "three!", 6);
	CU_ASSERT_EQUAL(set.count, 2);
	const struct fc_file *a = fc_fileset_find(&set, "a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_EQUAL(a->size, 6);
	CU_ASSERT_EQUAL(memcmp(a->data, "three!", 6), 0);
	/* replacing keeps the file's place */
	CU_ASSERT_STRING_EQUAL(set.files[0].path, "a");
	CU_ASSERT_STRING_EQUAL(set.files[1].path, "b");
	fc_fileset_add(&arena, &set, "a", NULL, 0);
	CU_ASSERT_EQUAL(set.count, 2);
	CU_ASSERT_EQUAL(fc_fileset_find(&set, "a")->size, 0);
	fc_arena_release(&arena);
}

static void test_add_strbuf(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_fileset set = {0};
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addstr(&sb, "key: 1\n");
	fc_fileset_add_strbuf(&arena, &set, "values.yaml", &sb);
	fc_strbuf_addstr(&sb, "more\n");
	const struct fc_file *f = fc_fileset_find(&set, "values.yaml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(f->size, 7);
	CU_ASSERT_STRING_EQUAL(f->data, "key: 1\n");
	fc_strbuf_release(&sb);
	/* an empty strbuf gives an empty file */
	fc_fileset_add_strbuf(&arena, &set, "empty", &sb);
	CU_ASSERT_EQUAL(fc_fileset_find(&set, "empty")->size, 0);
	CU_ASSERT_EQUAL(set.count, 2);
	fc_arena_release(&arena);
}

static void test_sort_bytewise(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_fileset set = {0};
	static const char *const added[] = {"values.yaml",
	                                    "templates/peer.yaml",
	                                    "Chart.yaml",
	                                    "templates/_helpers.tpl",
	                                    "README.md",
	                                    "files/portmap.csv",
	                                    ".helmignore",
	                                    "templates/NOTES.txt",
	                                    "templates-x/a",
	                                    "templates/a/b.yaml",
	                                    "values.schema.json",
	                                    "\xc3\xa9t\xc3\xa9",
	                                    "z"};
	static const char *const sorted[] = {".helmignore",
	                                     "Chart.yaml",
	                                     "README.md",
	                                     "files/portmap.csv",
	                                     "templates-x/a",
	                                     "templates/NOTES.txt",
	                                     "templates/_helpers.tpl",
	                                     "templates/a/b.yaml",
	                                     "templates/peer.yaml",
	                                     "values.schema.json",
	                                     "values.yaml",
	                                     "z",
	                                     "\xc3\xa9t\xc3\xa9"};
	size_t n = sizeof(added) / sizeof(added[0]);
	for (size_t i = 0; i < n; i++)
		fc_fileset_add(&arena, &set, added[i], added[i], strlen(added[i]));
	fc_fileset_sort(&set);
	CU_ASSERT_EQUAL_FATAL(set.count, n);
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_STRING_EQUAL(set.files[i].path, sorted[i]);
		/* data moved with its path */
		CU_ASSERT_EQUAL(set.files[i].size, strlen(sorted[i]));
		CU_ASSERT_EQUAL(memcmp(set.files[i].data, sorted[i], set.files[i].size), 0);
	}
	/* find still works after sorting, and adding after sorting appends */
	CU_ASSERT_PTR_EQUAL(fc_fileset_find(&set, "README.md"), &set.files[2]);
	fc_fileset_add(&arena, &set, "A", "", 0);
	CU_ASSERT_STRING_EQUAL(set.files[n].path, "A");
	fc_fileset_sort(&set);
	CU_ASSERT_STRING_EQUAL(set.files[1].path, "A");
	/* sorting empty and single sets */
	struct fc_fileset empty = {0};
	fc_fileset_sort(&empty);
	CU_ASSERT_EQUAL(empty.count, 0);
	fc_arena_release(&arena);
}

static void test_many_files_grow(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_fileset set = {0};
	char path[32];
	for (int i = 999; i >= 0; i--) {
		snprintf(path, sizeof(path), "f%04d", i);
		fc_fileset_add(&arena, &set, path, path, strlen(path));
	}
	CU_ASSERT_EQUAL(set.count, 1000);
	CU_ASSERT(set.alloc >= 1000);
	const struct fc_file *f = fc_fileset_find(&set, "f0500");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(memcmp(f->data, "f0500", 5), 0);
	fc_fileset_sort(&set);
	for (int i = 0; i < 1000; i++) {
		snprintf(path, sizeof(path), "f%04d", i);
		CU_ASSERT_STRING_EQUAL(set.files[i].path, path);
	}
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("fileset", FC_TEST(test_add_and_find), FC_TEST(test_empty_and_binary_files),
	         FC_TEST(test_replace_keeps_one_entry), FC_TEST(test_add_strbuf),
	         FC_TEST(test_sort_bytewise), FC_TEST(test_many_files_grow));
}

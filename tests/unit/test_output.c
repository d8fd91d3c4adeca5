/* Unit tests of output: atomic writes into a temporary directory, their
 * failures (no temporary file left behind), and bounded reads. */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "output.h"
#include "strbuf.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	char base[64]; /* a fresh directory */
};

static void setup(struct fixture *f)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->base, sizeof(f->base), "%s/fc-output-XXXXXX",
	         tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(f->base));
}

/* Removes base and what the tests put there (two levels at most). */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d))) {
				if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
					continue;
				char sub[512];
				snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
				remove_tree(sub);
			}
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void teardown(struct fixture *f)
{
	remove_tree(f->base);
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static char *path_in(struct fixture *f, const char *rel)
{
	return fc_arena_printf(&f->arena, "%s/%s", f->base, rel);
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The file's content, or NULL when it cannot be read (arena memory). */
static const char *slurp(struct fixture *f, const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct fc_strbuf sb = FC_STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		fc_strbuf_add(&sb, buf, n);
	fclose(fp);
	char *copy = fc_arena_strndup(&f->arena, sb.buf, sb.len);
	fc_strbuf_release(&sb);
	return copy;
}

/* Number of entries in dir whose names start with '.' (temporary files). */
static int hidden_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_write_new(void)
{
	struct fixture f;
	setup(&f);
	enum fc_output_result res = FC_OUTPUT_UNCHANGED;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "abc", 3, false, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_WRITTEN);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	const char *p = path_in(&f, "c.tgz");
	CU_ASSERT_STRING_EQUAL(slurp(&f, p), "abc");
	struct stat st;
	CU_ASSERT_EQUAL_FATAL(stat(p, &st), 0);
	CU_ASSERT_TRUE(S_ISREG(st.st_mode));
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0644);
	CU_ASSERT_EQUAL(hidden_entries(f.base), 0);
	CU_ASSERT_EQUAL(entries(f.base), 1);
	/* an empty file is a file too */
	CU_ASSERT_EQUAL(fc_output_write(f.base, "empty", "", 0, false, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_WRITTEN);
	CU_ASSERT_STRING_EQUAL(slurp(&f, path_in(&f, "empty")), "");
	teardown(&f);
}

static void test_unchanged_on_same_bytes(void)
{
	struct fixture f;
	setup(&f);
	const char *p = path_in(&f, "c.tgz");
	write_file(p, "same");
	struct stat before, after;
	CU_ASSERT_EQUAL_FATAL(stat(p, &before), 0);
	enum fc_output_result res = FC_OUTPUT_WRITTEN;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "same", 4, false, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_UNCHANGED);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	CU_ASSERT_EQUAL_FATAL(stat(p, &after), 0);
	CU_ASSERT_EQUAL(before.st_ino, after.st_ino);
	/* with force too: nothing to replace */
	res = FC_OUTPUT_WRITTEN;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "same", 4, true, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_UNCHANGED);
	CU_ASSERT_EQUAL_FATAL(stat(p, &after), 0);
	CU_ASSERT_EQUAL(before.st_ino, after.st_ino);
	CU_ASSERT_EQUAL(hidden_entries(f.base), 0);
	teardown(&f);
}

static void test_large_same_bytes_unchanged(void)
{
	struct fixture f;
	setup(&f);
	size_t size = 200000;
	char *data = malloc(size);
	for (size_t i = 0; i < size; i++)
		data[i] = (char)(i * 7);
	enum fc_output_result res;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "big", data, size, false, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_WRITTEN);
	CU_ASSERT_EQUAL(fc_output_write(f.base, "big", data, size, false, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_UNCHANGED);
	/* the last byte differs: not the same file */
	data[size - 1] ^= 1;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "big", data, size, false, &res, &f.diags), -1);
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	/* a prefix of the file is not the same file either */
	CU_ASSERT_EQUAL(fc_output_write(f.base, "big", data, size - 1, false, &res, &f.diags), -1);
	CU_ASSERT_EQUAL(f.diags.errors, 2);
	free(data);
	teardown(&f);
}

static void test_exists_without_force(void)
{
	struct fixture f;
	setup(&f);
	const char *p = path_in(&f, "c.tgz");
	write_file(p, "old content");
	enum fc_output_result res = FC_OUTPUT_WRITTEN;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "new", 3, false, &res, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	const struct fc_diag *d = f.diags.items[0];
	CU_ASSERT_STRING_EQUAL(d->code, "output-exists");
	CU_ASSERT_STRING_EQUAL(d->pos.file, p);
	CU_ASSERT_EQUAL(d->pos.line, 0);
	CU_ASSERT_STRING_EQUAL(d->message,
	                       "a different file of this name exists; use --force to replace it");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d->notes);
	CU_ASSERT_STRING_EQUAL(d->notes->message,
	                       "a chart version should name one content: consider a new version");
	CU_ASSERT_STRING_EQUAL(slurp(&f, p), "old content");
	CU_ASSERT_EQUAL(hidden_entries(f.base), 0);
	CU_ASSERT_EQUAL(entries(f.base), 1);
	teardown(&f);
}

static void test_replaced_with_force(void)
{
	struct fixture f;
	setup(&f);
	const char *p = path_in(&f, "c.tgz");
	write_file(p, "old content");
	chmod(p, 0600);
	enum fc_output_result res = FC_OUTPUT_WRITTEN;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "new", 3, true, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_REPLACED);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	CU_ASSERT_STRING_EQUAL(slurp(&f, p), "new");
	struct stat st;
	CU_ASSERT_EQUAL_FATAL(stat(p, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0644);
	CU_ASSERT_EQUAL(hidden_entries(f.base), 0);
	CU_ASSERT_EQUAL(entries(f.base), 1);
	teardown(&f);
}

/* An existing symlink at DIR/NAME is replaced, never followed. */
static void test_target_symlink_not_followed(void)
{
	struct fixture f;
	setup(&f);
	const char *victim = path_in(&f, "victim");
	write_file(victim, "keep");
	CU_ASSERT_EQUAL_FATAL(symlink(victim, path_in(&f, "c.tgz")), 0);
	enum fc_output_result res;
	/* even the same bytes through a link are not "unchanged" */
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "keep", 4, false, &res, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "output-exists");
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "new", 3, true, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_REPLACED);
	CU_ASSERT_STRING_EQUAL(slurp(&f, victim), "keep");
	struct stat st;
	CU_ASSERT_EQUAL_FATAL(lstat(path_in(&f, "c.tgz"), &st), 0);
	CU_ASSERT_TRUE(S_ISREG(st.st_mode));
	teardown(&f);
}

static void test_missing_dir_created(void)
{
	struct fixture f;
	setup(&f);
	const char *dir = path_in(&f, "charts");
	enum fc_output_result res;
	CU_ASSERT_EQUAL(fc_output_write(dir, "c.tgz", "x", 1, false, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_WRITTEN);
	struct stat st;
	CU_ASSERT_EQUAL_FATAL(lstat(dir, &st), 0);
	CU_ASSERT_TRUE(S_ISDIR(st.st_mode));
	CU_ASSERT_STRING_EQUAL(slurp(&f, path_in(&f, "charts/c.tgz")), "x");
	CU_ASSERT_EQUAL(hidden_entries(dir), 0);
	teardown(&f);
}

/* Only one level is created. */
static void test_missing_parent_is_an_error(void)
{
	struct fixture f;
	setup(&f);
	const char *dir = path_in(&f, "a/b");
	enum fc_output_result res;
	CU_ASSERT_EQUAL(fc_output_write(dir, "c.tgz", "x", 1, false, &res, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "io");
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, dir);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message,
	                       "cannot create the output directory: No such file or directory");
	CU_ASSERT_EQUAL(entries(f.base), 0);
	teardown(&f);
}

static void test_dir_symlink_rejected(void)
{
	struct fixture f;
	setup(&f);
	const char *real = path_in(&f, "real");
	const char *link = path_in(&f, "link");
	CU_ASSERT_EQUAL_FATAL(mkdir(real, 0755), 0);
	CU_ASSERT_EQUAL_FATAL(symlink(real, link), 0);
	enum fc_output_result res;
	CU_ASSERT_EQUAL(fc_output_write(link, "c.tgz", "x", 1, false, &res, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "io");
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, link);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message,
	                       "the output directory is a symbolic link; give its target instead");
	CU_ASSERT_EQUAL(entries(real), 0);
	teardown(&f);
}

static void test_dir_is_a_file(void)
{
	struct fixture f;
	setup(&f);
	const char *file = path_in(&f, "plain");
	write_file(file, "I am a file");
	enum fc_output_result res;
	CU_ASSERT_EQUAL(fc_output_write(file, "c.tgz", "x", 1, true, &res, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "io");
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, file);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message, "not a directory");
	CU_ASSERT_STRING_EQUAL(slurp(&f, file), "I am a file");
	teardown(&f);
}

/* A directory that cannot be written: chmod 0500 as a user; as root (who
 * ignores permissions) a path below a regular file. */
static void test_unwritable_dir(void)
{
	struct fixture f;
	setup(&f);
	enum fc_output_result res;
	if (geteuid() != 0) {
		const char *dir = path_in(&f, "ro");
		CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0500), 0);
		CU_ASSERT_EQUAL(fc_output_write(dir, "c.tgz", "x", 1, false, &res, &f.diags), -1);
		CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
		CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "io");
		CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, dir);
		CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message,
		                       "cannot create a file: Permission denied");
		chmod(dir, 0700);
		CU_ASSERT_EQUAL(entries(dir), 0);
	} else {
		const char *file = path_in(&f, "plain");
		write_file(file, "x");
		const char *dir = path_in(&f, "plain/sub");
		CU_ASSERT_EQUAL(fc_output_write(dir, "c.tgz", "x", 1, false, &res, &f.diags), -1);
		CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
		CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "io");
		CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, dir);
		CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message,
		                       "cannot create the output directory: Not a directory");
		CU_ASSERT_EQUAL(entries(f.base), 1);
	}
	teardown(&f);
}

/* The rename fails (DIR/NAME is a directory): an [io] error, the temporary
 * file removed. */
static void test_rename_failure_leaves_nothing(void)
{
	struct fixture f;
	setup(&f);
	CU_ASSERT_EQUAL_FATAL(mkdir(path_in(&f, "c.tgz"), 0755), 0);
	enum fc_output_result res;
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "x", 1, false, &res, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "output-exists");
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", "x", 1, true, &res, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 2);
	CU_ASSERT_STRING_EQUAL(f.diags.items[1]->code, "io");
	CU_ASSERT_STRING_EQUAL(f.diags.items[1]->pos.file, path_in(&f, "c.tgz"));
	CU_ASSERT_EQUAL(strncmp(f.diags.items[1]->message, "cannot write: ", 14), 0);
	CU_ASSERT_EQUAL(hidden_entries(f.base), 0);
	CU_ASSERT_EQUAL(entries(f.base), 1);
	teardown(&f);
}

/* A full disk, simulated by a file-size limit: SIGXFSZ must not kill the
 * process, the write fails with [io] and leaves no temporary file. */
static void test_disk_full(void)
{
	struct fixture f;
	setup(&f);
	size_t size = 256 * 1024;
	char *data = malloc(size);
	memset(data, 'z', size);
	struct sigaction before;
	CU_ASSERT_EQUAL_FATAL(sigaction(SIGXFSZ, NULL, &before), 0);
	struct rlimit old, small;
	CU_ASSERT_EQUAL_FATAL(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 4096;
	CU_ASSERT_EQUAL_FATAL(setrlimit(RLIMIT_FSIZE, &small), 0);
	enum fc_output_result res;
	int rc = fc_output_write(f.base, "c.tgz", data, size, false, &res, &f.diags);
	CU_ASSERT_EQUAL(setrlimit(RLIMIT_FSIZE, &old), 0);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "io");
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, path_in(&f, "c.tgz"));
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message, "cannot write: File too large");
	CU_ASSERT_EQUAL(hidden_entries(f.base), 0);
	CU_ASSERT_EQUAL(entries(f.base), 0);
	/* the signal's disposition is given back */
	struct sigaction now;
	CU_ASSERT_EQUAL(sigaction(SIGXFSZ, NULL, &now), 0);
	CU_ASSERT_PTR_EQUAL(now.sa_handler, before.sa_handler);
	/* with the limit lifted the same write succeeds */
	CU_ASSERT_EQUAL(fc_output_write(f.base, "c.tgz", data, size, false, &res, &f.diags), 0);
	CU_ASSERT_EQUAL(res, FC_OUTPUT_WRITTEN);
	free(data);
	teardown(&f);
}

/* A full disk while replacing: the old file stays as it was. */
static void test_disk_full_keeps_old_file(void)
{
	struct fixture f;
	setup(&f);
	const char *p = path_in(&f, "c.tgz");
	write_file(p, "old");
	size_t size = 64 * 1024;
	char *data = malloc(size);
	memset(data, 'n', size);
	struct rlimit old, small;
	CU_ASSERT_EQUAL_FATAL(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 1024;
	CU_ASSERT_EQUAL_FATAL(setrlimit(RLIMIT_FSIZE, &small), 0);
	enum fc_output_result res;
	int rc = fc_output_write(f.base, "c.tgz", data, size, true, &res, &f.diags);
	CU_ASSERT_EQUAL(setrlimit(RLIMIT_FSIZE, &old), 0);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(slurp(&f, p), "old");
	CU_ASSERT_EQUAL(hidden_entries(f.base), 0);
	CU_ASSERT_EQUAL(entries(f.base), 1);
	free(data);
	teardown(&f);
}

/* ---- fc_read_file ---------------------------------------------------------- */

static void test_read_file(void)
{
	struct fixture f;
	setup(&f);
	const char *p = path_in(&f, "in.yaml");
	write_file(p, "0123456789");
	struct fc_strbuf sb = FC_STRBUF_INIT;
	bool truncated = true;
	CU_ASSERT_EQUAL(fc_read_file(p, 100, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_FALSE(truncated);
	CU_ASSERT_EQUAL(sb.len, 10);
	CU_ASSERT_STRING_EQUAL(sb.buf, "0123456789");

	/* exactly max bytes: not truncated */
	fc_strbuf_reset(&sb);
	truncated = true;
	CU_ASSERT_EQUAL(fc_read_file(p, 10, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_FALSE(truncated);
	CU_ASSERT_STRING_EQUAL(sb.buf, "0123456789");

	/* one byte over: truncated, and max + 1 bytes kept so the caller can tell */
	fc_strbuf_reset(&sb);
	CU_ASSERT_EQUAL(fc_read_file(p, 9, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_TRUE(truncated);
	CU_ASSERT_EQUAL(sb.len, 10);

	fc_strbuf_reset(&sb);
	CU_ASSERT_EQUAL(fc_read_file(p, 3, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_TRUE(truncated);
	CU_ASSERT_EQUAL(sb.len, 4);
	CU_ASSERT_STRING_EQUAL(sb.buf, "0123");

	fc_strbuf_reset(&sb);
	CU_ASSERT_EQUAL(fc_read_file(p, 0, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_TRUE(truncated);

	const char *empty = path_in(&f, "empty");
	write_file(empty, "");
	fc_strbuf_reset(&sb);
	CU_ASSERT_EQUAL(fc_read_file(empty, 0, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_FALSE(truncated);
	CU_ASSERT_EQUAL(sb.len, 0);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	fc_strbuf_release(&sb);
	teardown(&f);
}

static void test_read_file_large(void)
{
	struct fixture f;
	setup(&f);
	const char *p = path_in(&f, "big");
	size_t size = 300000;
	FILE *fp = fopen(p, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	for (size_t i = 0; i < size; i++)
		fputc('a' + (int)(i % 26), fp);
	fclose(fp);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	bool truncated;
	CU_ASSERT_EQUAL(fc_read_file(p, size, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_FALSE(truncated);
	CU_ASSERT_EQUAL(sb.len, size);
	CU_ASSERT_EQUAL(sb.buf[size - 1], 'a' + (char)((size - 1) % 26));
	fc_strbuf_reset(&sb);
	CU_ASSERT_EQUAL(fc_read_file(p, 100000, &sb, &truncated, &f.diags), 0);
	CU_ASSERT_TRUE(truncated);
	CU_ASSERT_EQUAL(sb.len, 100001);
	fc_strbuf_release(&sb);
	teardown(&f);
}

static void test_read_file_errors(void)
{
	struct fixture f;
	setup(&f);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	bool truncated = true;
	const char *missing = path_in(&f, "missing.yaml");
	CU_ASSERT_EQUAL(fc_read_file(missing, 100, &sb, &truncated, &f.diags), -1);
	CU_ASSERT_FALSE(truncated);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "io");
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->pos.file, missing);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->message, "cannot open: No such file or directory");
	CU_ASSERT_EQUAL(fc_read_file(f.base, 100, &sb, &truncated, &f.diags), -1);
	CU_ASSERT_EQUAL_FATAL(f.diags.errors, 2);
	CU_ASSERT_STRING_EQUAL(f.diags.items[1]->code, "io");
	CU_ASSERT_STRING_EQUAL(f.diags.items[1]->pos.file, f.base);
	CU_ASSERT_STRING_EQUAL(f.diags.items[1]->message, "is a directory");
	CU_ASSERT_EQUAL(sb.len, 0);
	fc_strbuf_release(&sb);
	teardown(&f);
}

/* "-" reads standard input. */
static void test_read_file_stdin(void)
{
	struct fixture f;
	setup(&f);
	const char *p = path_in(&f, "stdin");
	write_file(p, "from stdin");
	int saved = dup(0);
	int fd = open(p, O_RDONLY);
	CU_ASSERT_FATAL(saved >= 0 && fd >= 0);
	dup2(fd, 0);
	close(fd);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	bool truncated;
	int rc = fc_read_file("-", 100, &sb, &truncated, &f.diags);
	dup2(saved, 0);
	close(saved);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_FALSE(truncated);
	CU_ASSERT_STRING_EQUAL(sb.buf, "from stdin");
	fc_strbuf_release(&sb);
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("output", FC_TEST(test_write_new), FC_TEST(test_unchanged_on_same_bytes),
	         FC_TEST(test_large_same_bytes_unchanged), FC_TEST(test_exists_without_force),
	         FC_TEST(test_replaced_with_force), FC_TEST(test_target_symlink_not_followed),
	         FC_TEST(test_missing_dir_created), FC_TEST(test_missing_parent_is_an_error),
	         FC_TEST(test_dir_symlink_rejected), FC_TEST(test_dir_is_a_file),
	         FC_TEST(test_unwritable_dir), FC_TEST(test_rename_failure_leaves_nothing),
	         FC_TEST(test_disk_full), FC_TEST(test_disk_full_keeps_old_file),
	         FC_TEST(test_read_file), FC_TEST(test_read_file_large),
	         FC_TEST(test_read_file_errors), FC_TEST(test_read_file_stdin));
}

/*
 * skeleton - embedded or on-disk chart skeleton; see skeleton.h.
 */
#include "skeleton.h"

#include "embedded.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SKELETON_PREFIX "chart-skeleton/"
#define SKELETON_FILE_MAX ((size_t)5 << 20)
#define SKELETON_DEPTH_MAX 16

void fc_skeleton_embedded(struct fc_arena *arena, struct fc_fileset *out)
{
	size_t plen = strlen(SKELETON_PREFIX);
	for (unsigned long i = 0; i < fc_embedded_count; i++) {
		const struct fc_embedded_file *f = &fc_embedded_files[i];
		if (strncmp(f->path, SKELETON_PREFIX, plen) == 0) {
			struct fc_file file = {f->path + plen, f->data, (size_t)f->size,
			                       f->segment};
			fc_fileset_add_ref(arena, out, &file);
		}
	}
}

static struct fc_pos file_pos(const char *path)
{
	return (struct fc_pos){path, 0, 0};
}

static int read_file(struct fc_arena *arena, const char *full, const char *rel,
                     struct fc_fileset *out, struct fc_diags *diags)
{
	int fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		fc_diag_error(diags, "io", file_pos(full), NULL, "cannot open: %s",
		              strerror(errno));
		return -1;
	}
	struct fc_strbuf sb = FC_STRBUF_INIT;
	char buf[65536];
	ssize_t n;
	int rc = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		fc_strbuf_add(&sb, buf, (size_t)n);
		if (sb.len > SKELETON_FILE_MAX) {
			fc_diag_error(diags, "skeleton-file", file_pos(full), NULL,
			              "file is over Helm's limit of 5 MiB");
			rc = -1;
			break;
		}
	}
	if (n < 0) {
		fc_diag_error(diags, "io", file_pos(full), NULL, "cannot read: %s",
		              strerror(errno));
		rc = -1;
	}
	close(fd);
	if (rc == 0)
		fc_fileset_add_strbuf(arena, out, rel, &sb);
	fc_strbuf_release(&sb);
	return rc;
}

static int walk(struct fc_arena *arena, const char *root, const char *rel, unsigned depth,
                struct fc_fileset *out, struct fc_diags *diags)
{
	char *dir =
	        *rel ? fc_arena_printf(arena, "%s/%s", root, rel) : fc_arena_strdup(arena, root);
	if (depth > SKELETON_DEPTH_MAX) {
		fc_diag_error(diags, "skeleton-file", file_pos(dir), NULL,
		              "directories nested too deep");
		return -1;
	}
	DIR *d = opendir(dir);
	if (!d) {
		fc_diag_error(diags, "io", file_pos(dir), NULL, "cannot open directory: %s",
		              strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		const char *sub =
		        *rel ? fc_arena_printf(arena, "%s/%s", rel, e->d_name) : e->d_name;
		sub = fc_arena_strdup(arena, sub);
		char *full = fc_arena_printf(arena, "%s/%s", root, sub);
		struct stat st;
		if (lstat(full, &st) != 0) {
			fc_diag_error(diags, "io", file_pos(full), NULL, "cannot stat: %s",
			              strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= walk(arena, root, sub, depth + 1, out, diags);
		} else if (S_ISREG(st.st_mode)) {
			rc |= read_file(arena, full, sub, out, diags);
		} else {
			fc_diag_error(diags, "skeleton-file", file_pos(full), NULL,
			              "not a regular file (charts hold regular files only)");
			rc = -1;
		}
	}
	closedir(d);
	return rc ? -1 : 0;
}

int fc_skeleton_load_dir(struct fc_arena *arena, const char *dir, struct fc_fileset *out,
                         struct fc_diags *diags)
{
	return walk(arena, dir, "", 0, out, diags);
}

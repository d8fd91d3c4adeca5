/*
 * output - atomic file output and bounded file input; see output.h.
 */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct fc_pos at(const char *path)
{
	return (struct fc_pos){path, 0, 0};
}

int fc_read_file(const char *path, size_t max, struct fc_strbuf *out, bool *truncated,
                 struct fc_diags *diags)
{
	*truncated = false;
	int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fc_diag_error(diags, "io", at(path), NULL, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		fc_diag_error(diags, "io", at(path), NULL, "is a directory");
		return -1;
	}
	char buf[65536];
	for (;;) {
		size_t want = sizeof(buf);
		if (out->len + want > max + 1)
			want = max + 1 - out->len;
		ssize_t n = read(fd, buf, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fc_diag_error(diags, "io", at(path), NULL, "cannot read: %s",
			              strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		fc_strbuf_add(out, buf, (size_t)n);
		if (out->len > max) {
			*truncated = true;
			break;
		}
	}
	close(fd);
	return 0;
}

/* 1 when path holds exactly data, 0 when it differs, -1 when it does not exist. */
static int compare_existing(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? -1 : 0;
	struct stat st;
	int same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == size;
	const unsigned char *p = data;
	char buf[65536];
	size_t off = 0;
	while (same && off < size) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0 || off + (size_t)n > size || memcmp(buf, p + off, (size_t)n) != 0)
			same = 0;
		else
			off += (size_t)n;
	}
	close(fd);
	return same;
}

static int write_all(int fd, const void *data, size_t size)
{
	const char *p = data;
	while (size) {
		ssize_t n = write(fd, p, size);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

static int prepare_dir(const char *dir, struct fc_diags *diags)
{
	struct stat st;
	if (lstat(dir, &st) != 0) {
		if (errno != ENOENT || mkdir(dir, 0755) != 0) {
			fc_diag_error(diags, "io", at(dir), NULL,
			              "cannot create the output directory: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		fc_diag_error(diags, "io", at(dir), NULL,
		              "the output directory is a symbolic link; give its target instead");
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fc_diag_error(diags, "io", at(dir), NULL, "not a directory");
		return -1;
	}
	return 0;
}

int fc_output_write(const char *dir, const char *name, const void *data, size_t size, bool force,
                    enum fc_output_result *result, struct fc_diags *diags)
{
	if (prepare_dir(dir, diags) != 0)
		return -1;
	struct fc_strbuf path = FC_STRBUF_INIT, tmp = FC_STRBUF_INIT;
	fc_strbuf_addf(&path, "%s/%s", dir, name);
	int rc = -1;
	int existing = compare_existing(path.buf, data, size);
	if (existing == 1) {
		*result = FC_OUTPUT_UNCHANGED;
		rc = 0;
		goto done;
	}
	if (existing == 0 && !force) {
		struct fc_diag *d = fc_diag_error(diags, "output-exists", at(path.buf), NULL,
		                                  "a different file of this name exists; "
		                                  "use --force to replace it");
		fc_diag_note(diags, d, at(path.buf),
		             "a chart version should name one content: consider a new version");
		goto done;
	}
	fc_strbuf_addf(&tmp, "%s/.%s.XXXXXX", dir, name);
	int fd = mkstemp(tmp.buf);
	if (fd < 0) {
		fc_diag_error(diags, "io", at(dir), NULL, "cannot create a file: %s",
		              strerror(errno));
		goto done;
	}
	/* a full disk or a file-size limit must give an error, not a signal */
	struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
	sigaction(SIGXFSZ, &ignore, &old);
	int failed = write_all(fd, data, size) != 0 || fsync(fd) != 0 || fchmod(fd, 0644) != 0;
	int saved = errno;
	sigaction(SIGXFSZ, &old, NULL);
	if (close(fd) != 0 && !failed) {
		failed = 1;
		saved = errno;
	}
	if (!failed && rename(tmp.buf, path.buf) != 0) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		unlink(tmp.buf);
		fc_diag_error(diags, "io", at(path.buf), NULL, "cannot write: %s", strerror(saved));
		goto done;
	}
	*result = existing == 0 ? FC_OUTPUT_REPLACED : FC_OUTPUT_WRITTEN;
	rc = 0;
done:
	fc_strbuf_release(&path);
	fc_strbuf_release(&tmp);
	return rc;
}

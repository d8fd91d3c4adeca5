/*
 * replay_main - runs corpus files through a fuzz harness without libFuzzer.
 *
 * Usage: fuzz_<harness>_replay PATH...
 *
 * Each PATH is a file or a directory (its regular files, not recursively,
 * in name order).  Every file is read whole and passed once to
 * LLVMFuzzerTestOneInput; a harness reports a broken invariant by aborting,
 * and the sanitizers report memory errors and leaks, so a clean exit means
 * every input passed.  Prints "N inputs replayed"; exit status 1 when a path
 * cannot be read or no input was found.
 */
#include "fuzz_common.h"

#include <dirent.h>
#include <sys/stat.h>

static int replay_file(const char *path, unsigned *count)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	struct fc_strbuf sb = FC_STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fc_strbuf_add(&sb, buf, n);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		fc_strbuf_release(&sb);
		return -1;
	}
	/* a copy of exactly the input's size, so that ASan sees reads past it */
	size_t len = sb.len;
	uint8_t *data = fc_xmalloc(len ? len : 1);
	memcpy(data, sb.buf, len);
	fc_strbuf_release(&sb);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	(*count)++;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *path, unsigned *count)
{
	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	char **names = NULL;
	size_t nnames = 0, alloc = 0;
	struct dirent *e;
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		fc_xgrow((void **)&names, &alloc, nnames + 1, sizeof(*names));
		struct fc_strbuf sb = FC_STRBUF_INIT;
		fc_strbuf_addf(&sb, "%s/%s", path, e->d_name);
		names[nnames++] = fc_strbuf_detach(&sb, NULL);
	}
	closedir(dir);
	qsort(names, nnames, sizeof(*names), compare_names);
	int rc = 0;
	for (size_t i = 0; i < nnames; i++) {
		struct stat st;
		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(names[i], count) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) != 0)
				rc = -1;
		} else if (replay_file(argv[i], &count) != 0) {
			rc = -1;
		}
	}
	printf("%u inputs replayed\n", count);
	if (count == 0) {
		fprintf(stderr, "replay: no input\n");
		rc = -1;
	}
	return rc == 0 ? 0 : 1;
}

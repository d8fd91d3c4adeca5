/*
 * fuzz_chart - a packaged chart (fc_chart_read) on any bytes, and the tar
 * module (tar.h) under it.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *  - the input as a .tgz: 0 comes with no error and a mapping Chart.yaml,
 *    NUL-terminated at its length, with an apiVersion, a name of lowercase
 *    letters, digits and '-' and a SemVer 2 version (both whole: no NUL
 *    inside); fc_chart_metadata() of it is a mapping of the known fields
 *    only (strings as strings, that name and version, annotation keys
 *    distinct and Chart.yaml's byte for byte) and writes as JSON that reads
 *    back; the version's precedence (fc_semver_compare) against a ladder
 *    of versions in SemVer order is antisymmetric and monotonic.  -1 comes
 *    with one [chart-invalid] error at the file, the last diagnostic added
 *    (so not kept when the cap is reached); any other diagnostic is one of
 *    Chart.yaml's own.  Every diagnostic is complete and formats;
 *  - the tar reader, reading every entry and its data: each entry is well
 *    formed (path NUL-terminated at its length with no NUL inside, mode
 *    within 07777, size within the limit and 0 for the header-only types:
 *    directories and links); -1 comes with exactly one error, with
 *    the caller's code at the caller's file name, 0 with none; the end and
 *    a failure stay, with no new diagnostic;
 *  - input that is not gzip is read as a tar too: gzip'd here once as one
 *    member and once as two members split where the input says, it gives
 *    the same entries, data and verdict (the same error message) both ways,
 *    and goes through fc_chart_read as above;
 *  - an input of at most 4 KiB round-trips through the writer: packed as
 *    <chart>/Chart.yaml, a file under a path made from the input (up to 320
 *    bytes: name only, or split into prefix and name) with the input's
 *    second half, and an empty file, at a level and mtime the input picks,
 *    it reads back as the same paths, headers and bytes, then the end.  The
 *    path is refused exactly when USTAR cannot hold it or it has an empty
 *    component ('/' at an end, "//"), with one [archive]
 *    error, the output cut back and nothing accepted after; the same files
 *    pack to the same bytes twice; fc_chart_read of the archive finds that
 *    Chart.yaml (0 means its text is the input).
 */
#include "fuzz_common.h"

#include "arena.h"
#include "chartfile.h"
#include "json.h"
#include "load.h"
#include "semver.h"
#include "tar.h"

#include <stdbool.h>
#define ZLIB_CONST
#include <zlib.h>

#define FILE_NAME "fuzz.tgz"
#define WALK_MAX_TOTAL ((size_t)8 << 20) /* more than the largest input, see wrap_tar */
#define WALK_MAX_FILE ((size_t)1 << 20)
#define ROUND_TRIP_MAX 4096
#define PATH_MAX_LEN 320
#define USTAR_NAME 100
#define USTAR_PREFIX 155
#define USTAR_MTIME_MAX 077777777777LL

/* ---- helpers -------------------------------------------------------------- */

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t fnv_u64(uint64_t h, uint64_t v)
{
	unsigned char b[8];
	for (size_t i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	return fnv(h, b, sizeof(b));
}

static bool is_gzip(const uint8_t *data, size_t size)
{
	return size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

/* Appends one gzip member holding n bytes. */
static void gzip_member(struct fc_strbuf *out, const uint8_t *data, size_t n, int level)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	FUZZ_CHECK(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
	uLong bound = deflateBound(&z, (uLong)n) + 32;
	fc_strbuf_grow(out, bound);
	z.next_in = data;
	z.avail_in = (uInt)n;
	z.next_out = (unsigned char *)out->buf + out->len;
	z.avail_out = (uInt)bound;
	FUZZ_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
	out->len += bound - z.avail_out;
	out->buf[out->len] = '\0';
	deflateEnd(&z);
}

/* ---- fc_chart_read -------------------------------------------------------- */

static bool is_chart_name(const char *s)
{
	return *s && s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-")] == '\0';
}

static bool is_one_of(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, list[i]) == 0)
			return true;
	return false;
}

/* n is the string text, all of it (no NUL inside) */
static bool same_text(const struct fc_node *n, const char *text)
{
	return n && n->kind == FC_NODE_STRING && n->len == strlen(text) &&
	       memcmp(n->text, text, n->len) == 0;
}

static bool same_key(const struct fc_pair *a, const struct fc_pair *b)
{
	return a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

/* Chart.yaml's annotations, kept whole: distinct keys, each one of the
 * document's, byte for byte (a key may hold a NUL) */
static void check_annotations(const struct fc_node *got, const struct fc_node *doc)
{
	const struct fc_node *src = fc_node_get(doc, "annotations");
	FUZZ_CHECK(got->kind == FC_NODE_MAP && src && src->kind == FC_NODE_MAP);
	for (size_t k = 0; k < got->count; k++) {
		const struct fc_pair *p = &got->pairs[k];
		FUZZ_CHECK(p->value->kind == FC_NODE_STRING);
		for (size_t j = 0; j < k; j++)
			FUZZ_CHECK(!same_key(&got->pairs[j], p));
		bool found = false;
		for (size_t j = 0; j < src->count && !found; j++)
			found = same_key(&src->pairs[j], p);
		FUZZ_CHECK(found);
	}
}

/* fc_chart_metadata: Helm's chart.Metadata fields only, with Helm's types. */
static void check_metadata(struct fc_arena *arena, const struct fc_chart_meta *meta)
{
	static const char *const strings[] = {
	        "apiVersion",  "appVersion", "condition", "description", "home",   "icon",
	        "kubeVersion", "name",       "tags",      "type",        "version"};
	static const char *const lists[] = {"keywords", "sources"};
	static const char *const trees[] = {"maintainers", "dependencies"};
	struct fc_node *md = fc_chart_metadata(arena, meta);
	FUZZ_CHECK(md && md->kind == FC_NODE_MAP);
	FUZZ_CHECK(same_text(fc_node_get(md, "name"), meta->name));
	FUZZ_CHECK(same_text(fc_node_get(md, "version"), meta->version));
	for (size_t i = 0; i < md->count; i++) {
		const struct fc_pair *p = &md->pairs[i];
		const struct fc_node *v = p->value;
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(md->pairs[j].key, p->key) != 0);
		if (is_one_of(p->key, strings, sizeof(strings) / sizeof(*strings))) {
			FUZZ_CHECK(v->kind == FC_NODE_STRING && v->len > 0);
		} else if (is_one_of(p->key, lists, sizeof(lists) / sizeof(*lists))) {
			FUZZ_CHECK(v->kind == FC_NODE_SEQ);
			for (size_t k = 0; k < v->count; k++)
				FUZZ_CHECK(v->items[k]->kind == FC_NODE_STRING);
		} else if (is_one_of(p->key, trees, sizeof(trees) / sizeof(*trees))) {
			FUZZ_CHECK(v->kind == FC_NODE_SEQ && v->count > 0);
		} else if (strcmp(p->key, "annotations") == 0) {
			check_annotations(v, meta->chart_yaml);
		} else {
			FUZZ_CHECK(strcmp(p->key, "deprecated") == 0);
			FUZZ_CHECK(v->kind == FC_NODE_BOOL && v->boolean);
		}
	}
	/* as oci.c writes it into the image config */
	struct fc_strbuf json = FC_STRBUF_INIT;
	fc_json_write(&json, md);
	struct fc_load_limits big = {SIZE_MAX, fc_load_default_limits.max_depth, SIZE_MAX};
	struct fc_diags jdiags;
	fc_diags_init(&jdiags, arena);
	struct fc_node *back = NULL;
	FUZZ_CHECK(fc_json_parse(arena, "metadata.json", json.buf, json.len, &big, &back,
	                         &jdiags) == 0);
	FUZZ_CHECK(back->kind == FC_NODE_MAP && back->count == md->count);
	fc_diags_release(&jdiags);
	fc_strbuf_release(&json);
}

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

/* fc_semver_compare(version, x) against versions in ascending SemVer 2
 * precedence (semver.org's examples among them): antisymmetric, and
 * monotonic along the ladder (greater, then maybe equal, then less). */
static void check_precedence(const char *version)
{
	static const char *const ladder[] = {"0.0.0-0",     "0.0.0",         "1.0.0-0",
	                                     "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
	                                     "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
	                                     "1.0.0-rc.1",  "1.0.0",         "1.0.1",
	                                     "1.1.0",       "2.0.0",         "10.0.0"};
	int last = 1;
	for (size_t i = 0; i < sizeof(ladder) / sizeof(*ladder); i++) {
		int c = sign(fc_semver_compare(version, ladder[i]));
		FUZZ_CHECK(c == -sign(fc_semver_compare(ladder[i], version)));
		FUZZ_CHECK(c <= last);
		last = c;
	}
}

/* Reads tgz as a chart; returns fc_chart_read's verdict, *meta filled. */
static int check_chart(struct fc_arena *arena, const void *tgz, size_t len,
                       struct fc_chart_meta *meta, struct fc_diags *diags)
{
	int rc = fc_chart_read(arena, FILE_NAME, tgz, len, meta, diags);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(diags->errors == 0);
		FUZZ_CHECK(meta->chart_yaml && meta->chart_yaml->kind == FC_NODE_MAP);
		FUZZ_CHECK(meta->text && meta->text[meta->len] == '\0');
		FUZZ_CHECK(meta->api_version && meta->name && meta->version);
		/* all of the name and version, no NUL inside (Helm sees all) */
		FUZZ_CHECK(fc_node_get(meta->chart_yaml, "name")->len == strlen(meta->name));
		FUZZ_CHECK(fc_node_get(meta->chart_yaml, "version")->len == strlen(meta->version));
		FUZZ_CHECK(is_chart_name(meta->name));
		FUZZ_CHECK(fc_is_semver(meta->version));
		FUZZ_CHECK(fc_semver_compare(meta->version, meta->version) == 0);
		check_precedence(meta->version);
		check_metadata(arena, meta);
	} else {
		FUZZ_CHECK(diags->errors > 0);
		size_t invalid = 0;
		for (size_t i = 0; i < diags->count; i++) {
			const struct fc_diag *d = diags->items[i];
			if (strcmp(d->code, "chart-invalid") != 0) {
				/* Chart.yaml's own: at "<file>:Chart.yaml" */
				FUZZ_CHECK(d->pos.file &&
				           strcmp(d->pos.file, FILE_NAME ":Chart.yaml") == 0);
				continue;
			}
			invalid++;
			FUZZ_CHECK(d->severity == FC_SEVERITY_ERROR && i == diags->count - 1);
			FUZZ_CHECK(d->pos.file && strcmp(d->pos.file, FILE_NAME) == 0);
		}
		FUZZ_CHECK(invalid == (diags->omitted ? 0u : 1u));
	}
	fuzz_check_diags(diags, NULL, 0);
	return rc;
}

/* ---- the tar reader ------------------------------------------------------- */

/* What a walk saw: its verdict, its entries and their data, its error. */
struct walk {
	int rc;
	size_t entries;
	uint64_t hash;
	const char *error;
};

static void check_entry(const struct fc_tar_entry *e)
{
	FUZZ_CHECK(e->path && e->path[e->path_len] == '\0' && strlen(e->path) == e->path_len);
	FUZZ_CHECK(e->uname && e->gname);
	FUZZ_CHECK(e->mode <= 07777);
	FUZZ_CHECK(e->size <= WALK_MAX_FILE);
	/* header-only types carry no data, whatever their size field says */
	if (e->type == FC_TAR_DIR || e->type == FC_TAR_HARDLINK || e->type == FC_TAR_SYMLINK)
		FUZZ_CHECK(e->size == 0);
	FUZZ_CHECK(e->type == FC_TAR_FILE || e->type == FC_TAR_DIR || e->type == FC_TAR_HARDLINK ||
	           e->type == FC_TAR_SYMLINK || e->type == FC_TAR_OTHER);
}

/* Reads every entry of tgz and all its data. */
static struct walk walk_tar(struct fc_arena *arena, const void *tgz, size_t len)
{
	static const char code[] = "tar-fuzz";
	const struct fc_tar_read_options opt = {WALK_MAX_TOTAL, WALK_MAX_FILE, FILE_NAME, code};
	struct fc_diags diags;
	fc_diags_init(&diags, arena);
	struct fc_tar_reader *r = fc_tar_reader_new(tgz, len, &opt, &diags);
	struct walk w = {0, 0, 0xcbf29ce484222325ULL, NULL};
	struct fc_tar_entry e;
	size_t data_total = 0;
	while ((w.rc = fc_tar_next(r, &e)) == 1) {
		check_entry(&e);
		w.entries++;
		w.hash = fnv(w.hash, e.path, e.path_len + 1);
		w.hash = fnv_u64(w.hash, (uint64_t)e.type);
		w.hash = fnv_u64(w.hash, e.size);
		w.hash = fnv_u64(w.hash, e.mode);
		w.hash = fnv_u64(w.hash, (uint64_t)e.uid);
		w.hash = fnv_u64(w.hash, (uint64_t)e.gid);
		w.hash = fnv_u64(w.hash, (uint64_t)e.mtime);
		w.hash = fnv(w.hash, e.uname, strlen(e.uname) + 1);
		w.hash = fnv(w.hash, e.gname, strlen(e.gname) + 1);
		unsigned char *buf = fc_xmalloc(e.size ? e.size : 1);
		int drc = fc_tar_read_data(r, buf);
		if (drc == 0)
			w.hash = fnv(w.hash, buf, e.size);
		free(buf);
		if (drc != 0) {
			FUZZ_CHECK(drc == -1);
			w.rc = fc_tar_next(r, &e); /* a failed reader stays failed */
			FUZZ_CHECK(w.rc == -1);
			break;
		}
		data_total += e.size;
		FUZZ_CHECK(data_total <= WALK_MAX_TOTAL);
	}
	FUZZ_CHECK(w.rc == 0 || w.rc == -1);
	FUZZ_CHECK(diags.errors == (w.rc == 0 ? 0u : 1u) && diags.count == diags.errors);
	if (w.rc == -1) {
		const struct fc_diag *d = diags.items[0];
		FUZZ_CHECK(d->severity == FC_SEVERITY_ERROR && strcmp(d->code, code) == 0);
		FUZZ_CHECK(d->pos.file && strcmp(d->pos.file, FILE_NAME) == 0);
		w.error = d->message;
	}
	/* the end, or the failure, stays: same answer, nothing new said */
	FUZZ_CHECK(fc_tar_next(r, &e) == w.rc && fc_tar_next(r, &e) == w.rc);
	FUZZ_CHECK(diags.errors == (w.rc == 0 ? 0u : 1u) && diags.count == diags.errors);
	fuzz_check_diags(&diags, NULL, 0);
	fc_tar_reader_free(r);
	fc_diags_release(&diags);
	return w;
}

/* The input as a plain tar: gzip'd as one member and as two, read both ways
 * (the inflated size is the input's, far under WALK_MAX_TOTAL). */
static void wrap_tar(struct fc_arena *arena, const uint8_t *data, size_t size)
{
	struct fc_strbuf one = FC_STRBUF_INIT, two = FC_STRBUF_INIT;
	gzip_member(&one, data, size, Z_BEST_SPEED);
	size_t split = 0;
	if (size >= 2)
		split = ((size_t)data[size - 1] << 8 | data[size - 2]) % (size + 1);
	gzip_member(&two, data, split, Z_NO_COMPRESSION);
	gzip_member(&two, data + split, size - split, Z_NO_COMPRESSION);
	struct walk a = walk_tar(arena, one.buf, one.len);
	struct walk b = walk_tar(arena, two.buf, two.len);
	if (a.rc != b.rc || a.entries != b.entries || a.hash != b.hash ||
	    (a.error && strcmp(a.error, b.error) != 0))
		fprintf(stderr,
		        "one gzip member: %d, %zu entries, %s\ntwo (split at %zu): %d, %zu "
		        "entries, %s\n",
		        a.rc, a.entries, a.error ? a.error : "-", split, b.rc, b.entries,
		        b.error ? b.error : "-");
	FUZZ_CHECK(a.rc == b.rc && a.entries == b.entries && a.hash == b.hash);
	FUZZ_CHECK(!a.error || strcmp(a.error, b.error) == 0);

	struct fc_diags diags;
	fc_diags_init(&diags, arena);
	struct fc_chart_meta meta;
	check_chart(arena, one.buf, one.len, &meta, &diags);
	fc_diags_release(&diags);
	fc_strbuf_release(&one);
	fc_strbuf_release(&two);
}

/* ---- the writer ----------------------------------------------------------- */

/* Can the writer hold path: no empty component (no '/' at either end, no
 * "//"), and in the name field, or split at some '/' into a prefix of 1 to
 * 155 bytes and a name of at most 100? */
static bool ustar_fits(const char *path, size_t len)
{
	if (path[0] == '/' || path[len - 1] == '/' || strstr(path, "//"))
		return false;
	if (len <= USTAR_NAME)
		return true;
	for (size_t cut = 1; cut < len && cut <= USTAR_PREFIX; cut++)
		if (path[cut] == '/' && len - cut - 1 <= USTAR_NAME)
			return true;
	return false;
}

struct file {
	const char *path;
	const uint8_t *data;
	size_t size;
};

/* Packs files after "keep"; returns the writer's verdict. */
static int pack(struct fc_strbuf *out, const struct file *files, size_t n, int level, int64_t mtime,
                struct fc_diags *diags)
{
	fc_strbuf_addstr(out, "keep");
	struct fc_tar_writer *w = fc_tar_writer_new(out, level, mtime, diags);
	FUZZ_CHECK(w);
	for (size_t i = 0; i < n; i++) {
		size_t errors = diags->errors;
		if (fc_tar_writer_add(w, files[i].path, files[i].data, files[i].size) == 0)
			continue;
		FUZZ_CHECK(diags->errors == errors + 1 && diags->count == diags->errors);
		FUZZ_CHECK(strcmp(diags->items[diags->count - 1]->code, "archive") == 0);
		/* nothing more is accepted, and nothing more said */
		FUZZ_CHECK(fc_tar_writer_add(w, "more", "", 0) == -1);
		FUZZ_CHECK(fc_tar_writer_finish(w) == -1);
		FUZZ_CHECK(diags->errors == errors + 1);
		FUZZ_CHECK(out->len == 4 && memcmp(out->buf, "keep", 5) == 0);
		return -1;
	}
	FUZZ_CHECK(fc_tar_writer_finish(w) == 0);
	FUZZ_CHECK(diags->errors == 0);
	FUZZ_CHECK(out->len > 4 + 18 && memcmp(out->buf, "keep\x1f\x8b", 6) == 0);
	return 0;
}

static void round_trip(struct fc_arena *arena, const uint8_t *data, size_t size)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0.-_//";
	char path[PATH_MAX_LEN + 1];
	size_t path_len = 1;
	if (size >= 3)
		path_len += ((size_t)data[1] << 8 | data[2]) % PATH_MAX_LEN;
	for (size_t i = 0; i < path_len; i++)
		path[i] = size ? alphabet[data[(3 + i) % size] % (sizeof(alphabet) - 1)] : 'a';
	path[path_len] = '\0';
	const struct file files[] = {
	        {"fuzz/Chart.yaml", data, size},
	        {"fuzz/empty", (const uint8_t *)"", 0},
	        {path, data + size / 2, size - size / 2},
	};
	size_t nfiles = sizeof(files) / sizeof(*files);
	int level = size ? data[0] % 10 : 6;
	int64_t mtime =
	        (int64_t)(fnv(0xcbf29ce484222325ULL, data, size) & (uint64_t)USTAR_MTIME_MAX);

	struct fc_diags diags;
	fc_diags_init(&diags, arena);
	struct fc_strbuf out = FC_STRBUF_INIT;
	int rc = pack(&out, files, nfiles, level, mtime, &diags);
	FUZZ_CHECK((rc == 0) == ustar_fits(path, path_len));
	if (rc != 0) {
		/* refused: the rest without that path */
		fuzz_check_diags(&diags, NULL, 0);
		fc_diags_release(&diags);
		fc_diags_init(&diags, arena);
		fc_strbuf_release(&out);
		nfiles--;
		FUZZ_CHECK(pack(&out, files, nfiles, level, mtime, &diags) == 0);
	}
	struct fc_strbuf again = FC_STRBUF_INIT;
	FUZZ_CHECK(pack(&again, files, nfiles, level, mtime, &diags) == 0);
	FUZZ_CHECK(again.len == out.len && memcmp(again.buf, out.buf, out.len) == 0);
	fc_strbuf_release(&again);

	const char *tgz = out.buf + 4;
	size_t tgz_len = out.len - 4;
	const struct fc_tar_read_options opt = {WALK_MAX_TOTAL, WALK_MAX_FILE, FILE_NAME,
	                                        "tar-fuzz"};
	struct fc_tar_reader *r = fc_tar_reader_new(tgz, tgz_len, &opt, &diags);
	struct fc_tar_entry e;
	for (size_t i = 0; i < nfiles; i++) {
		FUZZ_CHECK(fc_tar_next(r, &e) == 1);
		FUZZ_CHECK(strcmp(e.path, files[i].path) == 0 &&
		           e.path_len == strlen(files[i].path));
		FUZZ_CHECK(e.type == FC_TAR_FILE && e.size == files[i].size);
		FUZZ_CHECK(e.mode == 0644 && e.uid == 0 && e.gid == 0 && e.mtime == mtime);
		FUZZ_CHECK(strcmp(e.uname, "") == 0 && strcmp(e.gname, "") == 0);
		unsigned char *buf = fc_xmalloc(e.size ? e.size : 1);
		FUZZ_CHECK(fc_tar_read_data(r, buf) == 0);
		FUZZ_CHECK(memcmp(buf, files[i].data, e.size) == 0);
		free(buf);
	}
	FUZZ_CHECK(fc_tar_next(r, &e) == 0 && fc_tar_next(r, &e) == 0);
	FUZZ_CHECK(diags.errors == 0);
	fc_tar_reader_free(r);

	/* fc_chart_read finds the first file: 0 only with its bytes, and a
	 * failure is about Chart.yaml, never about the archive */
	struct fc_chart_meta meta;
	if (check_chart(arena, tgz, tgz_len, &meta, &diags) == 0) {
		FUZZ_CHECK(meta.len == size && memcmp(meta.text, data, size) == 0);
	} else if (!diags.omitted) {
		const struct fc_diag *d = diags.items[diags.count - 1];
		FUZZ_CHECK(strncmp(d->message, "Chart.yaml", 10) == 0);
	}
	fc_diags_release(&diags);
	fc_strbuf_release(&out);
}

/* ---- the harness ---------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_chart_meta meta;
	check_chart(&arena, data, size, &meta, &diags);
	fc_diags_release(&diags);

	if (is_gzip(data, size))
		walk_tar(&arena, data, size);
	else
		wrap_tar(&arena, data, size);
	if (size <= ROUND_TRIP_MAX)
		round_trip(&arena, data, size);
	fc_arena_release(&arena);
	return 0;
}

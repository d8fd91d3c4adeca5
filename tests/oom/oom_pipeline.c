/*
 * oom_pipeline - out of memory at every allocation of the pipeline, as Lua's
 * tests do with ltests.c's l_alloc: the N-th allocation fails, for N = 1, 2,
 * 3, ... until a run completes without reaching it.
 *
 * Usage: oom_pipeline [SAMPLE...]   (default: every .yaml in samples/ of
 *                                    FABCHART_SOURCE_DIR)
 *
 * The hook: this executable is linked with -Wl,--wrap=malloc,--wrap=calloc,
 * --wrap=realloc,--wrap=strdup,--wrap=free (tests/oom.cmake), so every allocation of the
 * library and of the libyaml, PCRE2 and zlib it links statically comes
 * through the __wrap_ functions below, which count the calls and return
 * NULL for the N-th when fail_at is N (the calls after it succeed, so the
 * code that handles the failure runs and its leaks show).  The library's own allocations then reach
 * the out-of-memory handler (arena.h); a library that gets NULL must report an error.
 *
 * Each run is fc_compile with FC_GOAL_PACK (load, validate, model, render,
 * pack: everything `fabchart build` does but writing the file).  A run
 * passes when exactly one of these holds:
 *  - the out-of-memory handler was called (the front end's prints and exits
 *    3, cli.c); here it longjmps back, and the blocks the abandoned run still
 *    held are freed (the front end's exit frees them);
 *  - fc_compile returned -1 with an error the front end maps to exit 3
 *    ([io] or [archive]) and no error of another code, and once the arena,
 *    diagnostics and archive are released no block it allocated is left;
 *  - fc_compile returned 0 with the same archive as the run without failures
 *    (a library may recover from a failed allocation), nothing left either.
 * The wrappers keep the set of live blocks (with --wrap=free), which is how
 * the test knows what is left.  A crash or sanitizer report ends the test
 * (the line "fail_at N" before it names the run when OOM_VERBOSE=1); the
 * sanitized build's LeakSanitizer, and valgrind under the `valgrind` label,
 * check the whole process on top.
 * The last N is the first run that completed without reaching the failure.
 *
 * N runs over every value up to 1000 (OOM_DENSE=K: up to K), then grows by
 * 1/16 each step: the later runs fail within render and pack, whose
 * allocations are alike.  Under valgrind (FABCHART_UNDER_VALGRIND=1) it is
 * every value up to 100 (or OOM_DENSE), then 1/8 steps.
 * OOM_STICKY=1 fails every allocation from the N-th on, not only the N-th.
 *
 * Prints one line per sample (allocations, runs, outcomes, time) and
 * "N passed, N failed"; exits 1 on any failed run.
 */
#include "arena.h"
#include "compile.h"
#include "diag.h"
#include "output.h"
#include "strbuf.h"

#include <glob.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- the allocation hook --------------------------------------------------- */

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *ptr, size_t size);
char *__real_strdup(const char *s);
void __real_free(void *ptr);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
char *__wrap_strdup(const char *s);
void __wrap_free(void *ptr);

static unsigned long alloc_calls; /* allocations since the counter was reset */
static unsigned long fail_at; /* 0: never fail */
static bool failed_one; /* an allocation was refused */

/*
 * The live blocks allocated since track_reset(): open addressing on the
 * pointer, with tombstones.  A block allocated before (or by libc itself)
 * is not in the set and is freed as usual.
 */
#define LIVE_SLOTS ((size_t)1 << 18)
#define TOMBSTONE ((void *)1)
static void *live[LIVE_SLOTS];
static size_t live_count, live_used, live_peak;
static bool tracking;

static size_t slot_of(const void *p)
{
	uintptr_t h = (uintptr_t)p;
	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15u;
	return (size_t)(h >> 20) & (LIVE_SLOTS - 1);
}

static void track_reset(void)
{
	memset(live, 0, sizeof(live));
	live_count = live_used = live_peak = 0;
}

static void track_add(void *p)
{
	if (!p || !tracking)
		return;
	if (live_used + 1 >= LIVE_SLOTS / 2) {
		fprintf(stderr, "oom_pipeline: more than %zu live blocks\n", LIVE_SLOTS / 2);
		abort();
	}
	size_t i = slot_of(p);
	while (live[i] && live[i] != TOMBSTONE)
		i = (i + 1) & (LIVE_SLOTS - 1);
	if (!live[i])
		live_used++;
	live[i] = p;
	if (++live_count > live_peak)
		live_peak = live_count;
}

static void track_remove(void *p)
{
	if (!p || !tracking)
		return;
	for (size_t i = slot_of(p); live[i]; i = (i + 1) & (LIVE_SLOTS - 1))
		if (live[i] == p) {
			live[i] = TOMBSTONE;
			live_count--;
			return;
		}
}

/* Frees every live block (of a run the handler abandoned); returns how many. */
static size_t track_free_all(void)
{
	size_t n = 0;
	for (size_t i = 0; i < LIVE_SLOTS; i++)
		if (live[i] && live[i] != TOMBSTONE) {
			__real_free(live[i]);
			n++;
		}
	track_reset();
	return n;
}

static bool sticky; /* OOM_STICKY=1: every allocation from the N-th on fails */

static bool refuse(void)
{
	alloc_calls++;
	if (fail_at && (alloc_calls == fail_at || (sticky && alloc_calls > fail_at))) {
		failed_one = true;
		return true;
	}
	return false;
}

void *__wrap_malloc(size_t size)
{
	if (refuse())
		return NULL;
	void *p = __real_malloc(size);
	track_add(p);
	return p;
}

void *__wrap_calloc(size_t count, size_t size)
{
	if (refuse())
		return NULL;
	void *p = __real_calloc(count, size);
	track_add(p);
	return p;
}

void *__wrap_realloc(void *ptr, size_t size)
{
	if (ptr && size == 0) { /* frees, which cannot fail */
		track_remove(ptr);
		return __real_realloc(ptr, size);
	}
	if (refuse())
		return NULL;
	void *p = __real_realloc(ptr, size);
	if (p) {
		track_remove(ptr);
		track_add(p);
	}
	return p;
}

char *__wrap_strdup(const char *s)
{
	if (refuse())
		return NULL;
	char *p = __real_strdup(s);
	track_add(p);
	return p;
}

void __wrap_free(void *ptr)
{
	track_remove(ptr);
	__real_free(ptr);
}

/* ---- one run ------------------------------------------------------------------ */

enum run_result {
	RUN_OOM_HANDLER, /* the handler was called (the front end: exit 3) */
	RUN_ERROR_CLEAN, /* returned -1 with exit-3 errors only, nothing left */
	RUN_OK_SAME, /* returned 0, same archive, nothing left */
	RUN_COMPLETE, /* the failure was never reached */
	RUN_WRONG, /* anything else (details on stderr) */
	RUN_RESULTS
};

static jmp_buf oom_jump;

static void on_oom(size_t requested)
{
	(void)requested;
	longjmp(oom_jump, 1);
}

struct sample {
	const char *path;
	char *text;
	size_t len;
	struct fc_strbuf archive; /* of the run without failures */
};

/* The front end's exit 3: cli.c exit_status(). */
static bool is_exit3_code(const char *code)
{
	return strcmp(code, "io") == 0 || strcmp(code, "archive") == 0;
}

/* What a run's diagnostics say: RUN_ERROR_CLEAN or RUN_WRONG. */
static enum run_result judge_errors(const struct fc_diags *diags)
{
	size_t exit3 = 0;
	for (size_t i = 0; i < diags->count; i++) {
		const struct fc_diag *d = diags->items[i];
		if (d->severity != FC_SEVERITY_ERROR)
			continue;
		if (!is_exit3_code(d->code)) {
			fprintf(stderr, "  fail_at %lu: error [%s] %s (want [io] or [archive])\n",
			        fail_at, d->code, d->message);
			return RUN_WRONG;
		}
		exit3++;
	}
	if (exit3 == 0)
		fprintf(stderr, "  fail_at %lu: returned -1 without an error\n", fail_at);
	if (!failed_one)
		fprintf(stderr, "  fail_at %lu: failed without a refused allocation\n", fail_at);
	return exit3 && failed_one ? RUN_ERROR_CLEAN : RUN_WRONG;
}

/* the run's state: static, as longjmp leaves automatic variables undefined */
static struct fc_arena run_arena;
static struct fc_diags run_diags;
static struct fc_compile_result run_result;

/*
 * Compiles s with the n-th allocation failing (n = 0: none, and the archive
 * is kept in s->archive); returns a run_result.
 */
static enum run_result run_once(struct sample *s, unsigned long n)
{
	if (getenv("OOM_VERBOSE"))
		fprintf(stderr, "fail_at %lu\n", n);
	track_reset();
	tracking = true;
	alloc_calls = 0;
	failed_one = false;
	fail_at = n;
	if (setjmp(oom_jump)) {
		fail_at = 0;
		tracking = false;
		track_free_all(); /* what the front end's exit(3) would free */
		return failed_one ? RUN_OOM_HANDLER : RUN_WRONG;
	}
	fc_arena_init(&run_arena);
	fc_diags_init(&run_diags, &run_arena);
	struct fc_compile_options opt = {.goal = FC_GOAL_PACK, .mtime = 0};
	int rc = fc_compile(&run_arena, s->path, s->text, s->len, &opt, &run_result, &run_diags);
	fail_at = 0;
	enum run_result r = RUN_WRONG;
	if (n == 0) {
		tracking = false;
		if (rc == 0)
			fc_strbuf_add(&s->archive, run_result.archive.buf, run_result.archive.len);
		else
			for (size_t i = 0; i < run_diags.count; i++)
				fprintf(stderr, "  [%s] %s\n", run_diags.items[i]->code,
				        run_diags.items[i]->message);
		r = rc == 0 ? RUN_COMPLETE : RUN_WRONG;
		tracking = true;
	} else if (rc == 0) {
		bool same = run_result.archive.len == s->archive.len &&
		            memcmp(run_result.archive.buf, s->archive.buf, s->archive.len) == 0;
		if (!same)
			fprintf(stderr, "  fail_at %lu: returned 0 with a different archive\n", n);
		r = !same ? RUN_WRONG : failed_one ? RUN_OK_SAME : RUN_COMPLETE;
	} else {
		r = judge_errors(&run_diags);
	}
	fc_strbuf_release(&run_result.archive);
	fc_diags_release(&run_diags);
	fc_arena_release(&run_arena);
	tracking = false;
	if (live_count) {
		fprintf(stderr, "  fail_at %lu: %zu blocks leaked (fc_compile returned %d)\n", n,
		        live_count, rc);
		track_free_all(); /* reported; do not let them pile up */
		r = RUN_WRONG;
	}
	return r;
}

/* ---- driver ------------------------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Reads path with the library's reader (before any allocation is counted). */
static char *read_sample(const char *path, size_t *len)
{
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	bool truncated = false;
	char *text = NULL;
	if (fc_read_file(path, (size_t)1 << 20, &sb, &truncated, &diags) == 0 && !truncated)
		text = fc_strbuf_detach(&sb, len);
	fc_strbuf_release(&sb);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return text;
}

/* Every N up to this: OOM_DENSE, or the default. */
static unsigned long dense_runs(unsigned long by_default)
{
	const char *e = getenv("OOM_DENSE");
	return e ? strtoul(e, NULL, 10) : by_default;
}

struct totals {
	unsigned passed, failed;
};

static void run_sample(struct sample *s, bool valgrind, struct totals *t)
{
	double start = now_ms();
	if (run_once(s, 0) != RUN_COMPLETE) {
		printf("FAIL  %s: does not compile without failures\n", s->path);
		t->failed++;
		return;
	}
	unsigned long allocations = alloc_calls;
	unsigned long dense = dense_runs(valgrind ? 100 : 1000), step_div = valgrind ? 8 : 16;
	size_t peak = live_peak;
	unsigned long counts[RUN_RESULTS] = {0}, runs = 0, wrong = 0, last = 0;
	for (unsigned long n = 1;; n = n < dense ? n + 1 : n + n / step_div) {
		enum run_result r = run_once(s, n);
		runs++;
		last = n;
		if (r == RUN_WRONG) {
			wrong++;
			if (wrong >= 20) {
				fprintf(stderr, "  ... stopping this sample after 20 wrong runs\n");
				break;
			}
			continue;
		}
		counts[r]++;
		if (r == RUN_COMPLETE)
			break;
		if (n > allocations * 4 + 1000) { /* never completes: a failure */
			fprintf(stderr, "  fail_at %lu: still failing past %lu allocations\n", n,
			        allocations);
			wrong++;
			break;
		}
	}
	bool ok = wrong == 0 && counts[RUN_COMPLETE] == 1;
	printf("%s  %s: %lu allocations (%zu live at most); N = 1..%lu in %lu runs (every N to %lu, then +1/%lu): "
	       "%lu out-of-memory exits, %lu clean [io] errors, %lu recovered, %lu wrong; "
	       "%.0f ms\n",
	       ok ? "ok  " : "FAIL", s->path, allocations, peak, last, runs, dense, step_div,
	       counts[RUN_OOM_HANDLER], counts[RUN_ERROR_CLEAN], counts[RUN_OK_SAME], wrong,
	       now_ms() - start);
	if (ok)
		t->passed++;
	else
		t->failed++;
}

int main(int argc, char **argv)
{
	fc_set_oom_handler(on_oom);
	sticky = getenv("OOM_STICKY") && strcmp(getenv("OOM_STICKY"), "1") == 0;
	const char *vg = getenv("FABCHART_UNDER_VALGRIND");
	bool valgrind = vg && strcmp(vg, "1") == 0;
	glob_t g = {0};
	if (argc < 2) {
		const char *src = getenv("FABCHART_SOURCE_DIR");
		if (!src) {
			fprintf(stderr,
			        "oom_pipeline: FABCHART_SOURCE_DIR is not set (run through ctest)\n");
			return 2;
		}
		char pattern[4096];
		snprintf(pattern, sizeof(pattern), "%s/samples/*.yaml", src);
		if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
			fprintf(stderr, "oom_pipeline: no samples match %s\n", pattern);
			return 1;
		}
	}
	size_t count = argc < 2 ? g.gl_pathc : (size_t)argc - 1;
	char **paths = argc < 2 ? g.gl_pathv : argv + 1;
	struct sample *samples = fc_xcalloc(count, sizeof(*samples));
	for (size_t i = 0; i < count; i++) {
		samples[i].path = paths[i];
		fc_strbuf_init(&samples[i].archive);
		samples[i].text = read_sample(paths[i], &samples[i].len);
		if (!samples[i].text) {
			fprintf(stderr, "oom_pipeline: cannot read %s\n", paths[i]);
			return 1;
		}
	}
	struct totals t = {0, 0};
	double start = now_ms();
	for (size_t i = 0; i < count; i++)
		run_sample(&samples[i], valgrind, &t);
	printf("%u passed, %u failed (%.1f s)\n", t.passed, t.failed, (now_ms() - start) / 1e3);
	for (size_t i = 0; i < count; i++) {
		free(samples[i].text);
		fc_strbuf_release(&samples[i].archive);
	}
	free(samples);
	globfree(&g);
	return t.failed ? 1 : 0;
}

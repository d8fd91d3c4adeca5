/*
 * fuzz_compile - the whole pipeline (fc_compile, goal FC_GOAL_PACK) in
 * memory: topology text -> document -> schema -> model -> chart -> .tgz.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *  - 0 comes with no error, a document, a network, an archive name and a
 *    gzip archive; -1 with at least one error; every diagnostic is complete
 *    and formats (with the source line);
 *  - an accepted topology compiles again to the same bytes (determinism).
 */
#include "fuzz_common.h"

#include "arena.h"
#include "compile.h"

static int compile(struct fc_arena *arena, const char *text, size_t size,
                   struct fc_compile_result *result, struct fc_diags *diags)
{
	struct fc_compile_options options = {FC_GOAL_PACK, NULL, NULL, false, 0, NULL, NULL};
	return fc_compile(arena, "fuzz.yaml", text, size, &options, result, diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct fc_arena arena;
	struct fc_diags diags;
	fc_arena_init(&arena);
	fc_diags_init(&diags, &arena);
	struct fc_compile_result result;
	int rc = compile(&arena, text, size, &result, &diags);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		FUZZ_CHECK(diags.errors == 0);
		FUZZ_CHECK(result.document && result.network && result.archive_name);
		FUZZ_CHECK(result.archive.len > 18);
		FUZZ_CHECK((unsigned char)result.archive.buf[0] == 0x1f &&
		           (unsigned char)result.archive.buf[1] == 0x8b);
		struct fc_arena arena2;
		struct fc_diags diags2;
		fc_arena_init(&arena2);
		fc_diags_init(&diags2, &arena2);
		struct fc_compile_result again;
		FUZZ_CHECK(compile(&arena2, text, size, &again, &diags2) == 0);
		FUZZ_CHECK(again.archive.len == result.archive.len &&
		           memcmp(again.archive.buf, result.archive.buf, result.archive.len) == 0);
		fc_strbuf_release(&again.archive);
		fc_diags_release(&diags2);
		fc_arena_release(&arena2);
	} else {
		FUZZ_CHECK(diags.errors > 0);
	}
	fuzz_check_diags(&diags, text, size);
	fc_strbuf_release(&result.archive);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	return 0;
}

/*
 * fuzz_common - checks shared by the fuzz harnesses (tests/fuzz/fuzz_*.c).
 *
 * A harness turns any broken invariant into abort(), so that libFuzzer (or
 * the replay main under ctest) reports it as a crash with the input that
 * caused it.  FUZZ_CHECK names the condition and the line on stderr first.
 */
#ifndef FC_FUZZ_COMMON_H
#define FC_FUZZ_COMMON_H

#include "diag.h"
#include "strbuf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                      \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, \
			        #cond);                                                       \
			abort();                                                              \
		}                                                                             \
	} while (0)

/*
 * Every diagnostic is complete (a code, a message, a position whose column
 * is 0 only with its line) and formats as text (with the source line and its
 * caret when source is given) and as JSON.  The number of errors equals
 * diags->errors, the ones not kept (over FC_DIAGS_MAX) included.
 */
static inline void fuzz_check_diags(const struct fc_diags *diags, const char *source,
                                    size_t source_len)
{
	size_t errors = 0;
	struct fc_strbuf out = FC_STRBUF_INIT;
	for (size_t i = 0; i < diags->count; i++) {
		const struct fc_diag *d = diags->items[i];
		FUZZ_CHECK(d->code && *d->code);
		FUZZ_CHECK(d->message && *d->message);
		FUZZ_CHECK(d->pos.line != 0 || d->pos.col == 0);
		if (d->severity == FC_SEVERITY_ERROR)
			errors++;
		fc_strbuf_reset(&out);
		fc_diag_format_text(&out, d, source, source_len);
		FUZZ_CHECK(out.len > 0 && out.buf[out.len] == '\0');
	}
	FUZZ_CHECK(diags->count <= FC_DIAGS_MAX);
	FUZZ_CHECK(diags->omitted ? diags->count == FC_DIAGS_MAX && errors <= diags->errors &&
	                                    errors + diags->omitted >= diags->errors
	                          : errors == diags->errors);
	fc_strbuf_reset(&out);
	fc_diags_format_json(&out, diags);
	FUZZ_CHECK(out.len > 0 && out.buf[0] == '{');
	fc_strbuf_release(&out);
}

#endif

/*
 * model_fixture - what the unit tests of the modules after the model share:
 * a topology loaded and modelled in its own arena, and assertions on
 * document trees that say what they found.  Linked into every unit test.
 */
#ifndef FC_MODEL_FIXTURE_H
#define FC_MODEL_FIXTURE_H

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_network *net;
};

/* A CUnit assertion at line of file with a formatted message when it fails. */
void fc_test_report(bool ok, int line, const char *file, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
#define report(ok, line, ...) fc_test_report(ok, line, __FILE__, __VA_ARGS__)

/* Loads yaml and builds its model, which must load and build without error. */
void setup(struct fixture *f, const char *yaml);
void teardown(struct fixture *f);

/*
 * Compiles yaml (file "t.yaml") as `fabchart validate` does, every check
 * included, into a fresh f (teardown() releases it); returns fc_compile's rc.
 */
int fc_test_compile(struct fixture *f, const char *yaml);
/* Exactly errors errors and warnings warnings were reported. */
void fc_test_expect_counts(const struct fixture *f, size_t errors, size_t warnings, int at,
                           const char *file);
/* An error of code at line:col with path, its message containing part. */
void fc_test_expect_error(const struct fixture *f, const char *code, unsigned line, unsigned col,
                          const char *path, const char *part, int at, const char *file);
#define EXPECT_COUNTS(f, errors, warnings) \
	fc_test_expect_counts(f, errors, warnings, __LINE__, __FILE__)
#define EXPECT_ERROR(f, code, line, col, path, part) \
	fc_test_expect_error(f, code, line, col, path, part, __LINE__, __FILE__)

void fc_test_expect_str(const struct fc_node *root, const char *pointer, const char *want, int at,
                        const char *file);
void fc_test_expect_int(const struct fc_node *root, const char *pointer, long long want, int at,
                        const char *file);
void fc_test_expect_count(const struct fc_node *root, const char *pointer, enum fc_node_kind kind,
                          size_t want, int at, const char *file);
#define EXPECT_STR(root, pointer, want) fc_test_expect_str(root, pointer, want, __LINE__, __FILE__)
#define EXPECT_INT(root, pointer, want) fc_test_expect_int(root, pointer, want, __LINE__, __FILE__)
/* The node at pointer is of kind with want items/pairs. */
#define EXPECT_COUNT(root, pointer, kind, want) \
	fc_test_expect_count(root, pointer, kind, want, __LINE__, __FILE__)

#endif

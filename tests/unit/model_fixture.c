/*
 * model_fixture - shared unit-test fixture; see model_fixture.h.
 */
#include "model_fixture.h"

#include "load.h"

#include <CUnit/CUnit.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fc_test_report(bool ok, int line, const char *file, const char *fmt, ...)
{
	char buf[1024] = "";
	if (!ok) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
	}
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, buf, file, "", CU_FALSE);
}

void setup(struct fixture *f, const char *yaml)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	struct fc_node *root = NULL;
	int rc = fc_load_yaml(&f->arena, "t.yaml", yaml, strlen(yaml), NULL, &root, &f->diags);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	f->net = NULL;
	rc = fc_model_build(&f->arena, root, &f->diags, &f->net);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f->net);
}

void teardown(struct fixture *f)
{
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

void fc_test_expect_str(const struct fc_node *root, const char *pointer, const char *want, int at,
                        const char *file)
{
	const struct fc_node *n = root ? fc_pointer_resolve(root, pointer) : NULL;
	fc_test_report(n && n->kind == FC_NODE_STRING && strcmp(n->text, want) == 0, at, file,
	               "%s is %s '%s', want '%s'", pointer,
	               n ? fc_node_kind_name(n->kind) : "missing", n ? n->text : "", want);
}

void fc_test_expect_count(const struct fc_node *root, const char *pointer, enum fc_node_kind kind,
                          size_t want, int at, const char *file)
{
	const struct fc_node *n = root ? fc_pointer_resolve(root, pointer) : NULL;
	fc_test_report(n && n->kind == kind && n->count == want, at, file,
	               "%s is %s with %zu, want %s with %zu", pointer,
	               n ? fc_node_kind_name(n->kind) : "missing", n ? n->count : 0,
	               fc_node_kind_name(kind), want);
}

void fc_test_expect_int(const struct fc_node *root, const char *pointer, long long want, int at,
                        const char *file)
{
	const struct fc_node *n = root ? fc_pointer_resolve(root, pointer) : NULL;
	fc_test_report(n && n->kind == FC_NODE_INT && n->integer == want, at, file,
	               "%s is %s, want %lld", pointer, n ? n->text : "missing", want);
}

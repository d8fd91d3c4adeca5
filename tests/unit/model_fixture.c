/*
 * model_fixture - shared unit-test fixture; see model_fixture.h.
 */
#include "model_fixture.h"

#include "compile.h"
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

int fc_test_compile(struct fixture *f, const char *yaml)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	struct fc_compile_options options = {.goal = FC_GOAL_VALIDATE};
	struct fc_compile_result res;
	int rc = fc_compile(&f->arena, "t.yaml", yaml, strlen(yaml), &options, &res, &f->diags);
	f->net = rc == 0 ? res.network : NULL;
	fc_strbuf_release(&res.archive);
	return rc;
}

/* Every diagnostic, one a line, for failure messages. */
static const char *all_diags(const struct fixture *f)
{
	static char buf[4096];
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < f->diags.count && used < sizeof(buf); i++) {
		const struct fc_diag *d = f->diags.items[i];
		int n = snprintf(buf + used, sizeof(buf) - used, "\n      %u:%u %s: %s",
		                 d->pos.line, d->pos.col, d->code, d->message);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

void fc_test_expect_counts(const struct fixture *f, size_t errors, size_t warnings, int at,
                           const char *file)
{
	fc_test_report(f->diags.errors == errors && f->diags.warnings == warnings, at, file,
	               "%zu errors and %zu warnings, want %zu and %zu:%s", f->diags.errors,
	               f->diags.warnings, errors, warnings, all_diags(f));
}

void fc_test_expect_error(const struct fixture *f, const char *code, unsigned line, unsigned col,
                          const char *path, const char *part, int at, const char *file)
{
	for (size_t i = 0; i < f->diags.count; i++) {
		const struct fc_diag *d = f->diags.items[i];
		if (d->severity != FC_SEVERITY_ERROR || strcmp(d->code, code) != 0 ||
		    d->pos.line != line || d->pos.col != col)
			continue;
		fc_test_report(d->path && strcmp(d->path, path) == 0, at, file,
		               "%s at %u:%u has path %s, want %s", code, line, col,
		               d->path ? d->path : "(none)", path);
		fc_test_report(strstr(d->message, part) != NULL, at, file,
		               "%s at %u:%u says \"%s\", without \"%s\"", code, line, col,
		               d->message, part);
		return;
	}
	fc_test_report(false, at, file, "no error %s at %u:%u; got:%s", code, line, col,
	               all_diags(f));
}

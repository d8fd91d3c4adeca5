/*
 * Unit tests of compile: the whole pipeline on the samples (read from
 * FABCHART_SOURCE_DIR, set by ctest), its goals, options and failures.
 */
#include "arena.h"
#include "compile.h"
#include "cunit_main.h"
#include "diag.h"
#include "sha256.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_compile_result result;
	char *text;
	size_t len;
};

/* Reads samples/<name> of the source tree into f->text. */
static void setup(struct fixture *f, const char *sample)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	memset(&f->result, 0, sizeof(f->result));
	fc_strbuf_init(&f->result.archive);
	f->text = NULL;
	f->len = 0;
	if (!sample)
		return;
	const char *src = getenv("FABCHART_SOURCE_DIR");
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	char path[1024];
	snprintf(path, sizeof(path), "%s/samples/%s", src, sample);
	FILE *fp = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		fc_strbuf_add(&sb, buf, n);
	fclose(fp);
	f->text = fc_arena_strndup(&f->arena, sb.buf, sb.len);
	f->len = sb.len;
	fc_strbuf_release(&sb);
}

static void teardown(struct fixture *f)
{
	fc_strbuf_release(&f->result.archive);
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static int compile_text(struct fixture *f, const char *text, size_t len,
                        const struct fc_compile_options *opt)
{
	fc_strbuf_release(&f->result.archive);
	return fc_compile(&f->arena, "t.yaml", text, len, opt, &f->result, &f->diags);
}

static size_t count_code(const struct fc_diags *d, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < d->count; i++)
		n += strcmp(d->items[i]->code, code) == 0;
	return n;
}

static void test_pack_seed_kafka(void)
{
	struct fixture f;
	setup(&f, "seed-kafka.yaml");
	struct fc_compile_options opt = {FC_GOAL_PACK, NULL, NULL, false, 0, NULL, NULL};
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), 0);
	CU_ASSERT_EQUAL(f.diags.errors, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f.result.archive_name);
	CU_ASSERT_STRING_EQUAL(f.result.archive_name, "fabric-1.0.0.tgz");
	CU_ASSERT(f.result.archive.len > 100);
	CU_ASSERT_FATAL(f.result.archive.len >= 2);
	CU_ASSERT_EQUAL((unsigned char)f.result.archive.buf[0], 0x1f);
	CU_ASSERT_EQUAL((unsigned char)f.result.archive.buf[1], 0x8b);
	CU_ASSERT_PTR_NOT_NULL(f.result.document);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f.result.network);
	CU_ASSERT_STRING_EQUAL(f.result.network->chart_version, "1.0.0");
	CU_ASSERT_PTR_NOT_NULL(fc_fileset_find(&f.result.chart, "Chart.yaml"));
	CU_ASSERT_PTR_NOT_NULL(fc_fileset_find(&f.result.chart, "templates/_helpers.tpl"));
	char hex[FC_SHA256_HEX_SIZE];
	CU_ASSERT_EQUAL(fc_sha256_hex(f.text, f.len, hex), 0);
	CU_ASSERT_STRING_EQUAL(f.result.topology_sha256, hex);
	CU_ASSERT_EQUAL(strlen(f.result.topology_sha256), 64);

	/* a second compile gives the same bytes */
	struct fc_strbuf first = FC_STRBUF_INIT;
	fc_strbuf_add(&first, f.result.archive.buf, f.result.archive.len);
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), 0);
	CU_ASSERT_EQUAL(f.result.archive.len, first.len);
	CU_ASSERT(f.result.archive.len == first.len &&
	          memcmp(f.result.archive.buf, first.buf, first.len) == 0);
	fc_strbuf_release(&first);
	teardown(&f);
}

static void test_chart_version_override(void)
{
	struct fixture f;
	setup(&f, "seed-kafka.yaml");
	struct fc_compile_options opt = {FC_GOAL_PACK, "2.3.4-rc.1", NULL, false, 0, NULL, NULL};
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), 0);
	CU_ASSERT_STRING_EQUAL(f.result.archive_name, "fabric-2.3.4-rc.1.tgz");
	CU_ASSERT_STRING_EQUAL(f.result.network->chart_version, "2.3.4-rc.1");
	const struct fc_file *chart = fc_fileset_find(&f.result.chart, "Chart.yaml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(chart);
	char *copy = fc_arena_strndup(&f.arena, chart->data, chart->size);
	CU_ASSERT_PTR_NOT_NULL(strstr(copy, "2.3.4-rc.1"));
	CU_ASSERT_PTR_NULL(strstr(copy, "1.0.0"));
	teardown(&f);
}

static void test_goals(void)
{
	struct fixture f;
	setup(&f, "seed-kafka.yaml");
	struct fc_compile_options opt = {FC_GOAL_VALIDATE, NULL, NULL, false, 0, NULL, NULL};
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), 0);
	CU_ASSERT_EQUAL(f.result.archive.len, 0);
	CU_ASSERT_EQUAL(f.result.chart.count, 0);
	CU_ASSERT_PTR_NOT_NULL(f.result.network);
	CU_ASSERT_STRING_EQUAL(f.result.archive_name, "fabric-1.0.0.tgz");
	opt.goal = FC_GOAL_RENDER;
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), 0);
	CU_ASSERT_EQUAL(f.result.archive.len, 0);
	CU_ASSERT(f.result.chart.count > 5);
	CU_ASSERT_EQUAL(f.diags.count, 0);
	teardown(&f);
}

static void test_invalid_topology(void)
{
	struct fixture f;
	setup(&f, NULL);
	struct fc_compile_options opt = {FC_GOAL_PACK, NULL, NULL, false, 0, NULL, NULL};
	static const char yaml_bad[] = "network: [unclosed\n";
	CU_ASSERT_EQUAL(compile_text(&f, yaml_bad, strlen(yaml_bad), &opt), -1);
	CU_ASSERT_EQUAL(count_code(&f.diags, "yaml-syntax"), 1);
	CU_ASSERT_EQUAL(f.result.archive.len, 0);
	CU_ASSERT_PTR_NULL(f.result.network);
	/* the digest is taken after the checks: none for a rejected text */
	CU_ASSERT_STRING_EQUAL(f.result.topology_sha256, "");
	teardown(&f);

	setup(&f, NULL);
	static const char schema_bad[] = "network: [1]\n";
	CU_ASSERT_EQUAL(compile_text(&f, schema_bad, strlen(schema_bad), &opt), -1);
	CU_ASSERT(count_code(&f.diags, "schema-type") >= 1);
	CU_ASSERT_PTR_NULL(f.result.network);
	CU_ASSERT_EQUAL(f.result.archive.len, 0);
	teardown(&f);
}

static void test_werror(void)
{
	struct fixture f;
	setup(&f, "dev-minimal.yaml");
	struct fc_compile_options opt = {FC_GOAL_PACK, NULL, NULL, false, 0, NULL, NULL};
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), 0);
	CU_ASSERT_EQUAL(f.diags.errors, 0);
	CU_ASSERT_EQUAL(f.diags.warnings, 1);
	CU_ASSERT_EQUAL(count_code(&f.diags, "raft-no-fault-tolerance"), 1);
	CU_ASSERT(f.result.archive.len > 0);
	teardown(&f);

	setup(&f, "dev-minimal.yaml");
	opt.werror = true;
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), -1);
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	CU_ASSERT_EQUAL(f.diags.warnings, 0);
	CU_ASSERT_FATAL(f.diags.count == 1);
	CU_ASSERT_STRING_EQUAL(f.diags.items[0]->code, "raft-no-fault-tolerance");
	CU_ASSERT_EQUAL(f.diags.items[0]->severity, FC_SEVERITY_ERROR);
	CU_ASSERT_EQUAL(f.result.archive.len, 0);
	teardown(&f);
}

static void test_skeleton_with_generated_file(void)
{
	char tmp[] = "/tmp/fc-compile-XXXXXX";
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmp));
	char values[256];
	snprintf(values, sizeof(values), "%s/values.yaml", tmp);
	FILE *fp = fopen(values, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("a: 1\n", fp);
	fclose(fp);

	struct fixture f;
	setup(&f, "dev-minimal.yaml");
	struct fc_compile_options opt = {FC_GOAL_VALIDATE, NULL, tmp, false, 0, NULL, NULL};
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), -1);
	CU_ASSERT_EQUAL(f.diags.errors, 1);
	CU_ASSERT_EQUAL(count_code(&f.diags, "skeleton-file"), 1);
	for (size_t i = 0; i < f.diags.count; i++)
		if (strcmp(f.diags.items[i]->code, "skeleton-file") == 0) {
			CU_ASSERT_PTR_NOT_NULL(strstr(f.diags.items[i]->message, "'values.yaml'"));
			CU_ASSERT_STRING_EQUAL(f.diags.items[i]->pos.file, tmp);
		}
	teardown(&f);

	/* a missing skeleton directory is an io error */
	setup(&f, "dev-minimal.yaml");
	unlink(values);
	rmdir(tmp);
	CU_ASSERT_EQUAL(compile_text(&f, f.text, f.len, &opt), -1);
	CU_ASSERT_EQUAL(count_code(&f.diags, "io"), 1);
	teardown(&f);
}

static void test_version_and_schema(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(fc_version());
	CU_ASSERT(fc_is_semver(fc_version()));
	size_t len = 0;
	const char *schema = fc_topology_schema_text(&len);
	CU_ASSERT(len > 100);
	CU_ASSERT_EQUAL(strlen(schema), len);
	CU_ASSERT_PTR_NOT_NULL(strstr(schema, "\"peerOrganizations\""));
}

void fc_test_register(void)
{
	FC_SUITE("compile", FC_TEST(test_pack_seed_kafka), FC_TEST(test_chart_version_override),
	         FC_TEST(test_goals), FC_TEST(test_invalid_topology), FC_TEST(test_werror),
	         FC_TEST(test_skeleton_with_generated_file), FC_TEST(test_version_and_schema));
}

/* Unit tests of strbuf and arena. */
#include "arena.h"
#include "cunit_main.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

static void test_strbuf_grows_and_terminates(void)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	CU_ASSERT_PTR_NOT_NULL(sb.buf);
	CU_ASSERT_EQUAL(sb.buf[0], '\0');
	for (int i = 0; i < 1000; i++)
		fc_strbuf_addf(&sb, "%d,", i);
	CU_ASSERT_EQUAL(sb.len, strlen(sb.buf));
	CU_ASSERT_EQUAL(memcmp(sb.buf, "0,1,2,", 6), 0);
	fc_strbuf_reset(&sb);
	CU_ASSERT_EQUAL(sb.len, 0);
	CU_ASSERT_STRING_EQUAL(sb.buf, "");
	fc_strbuf_release(&sb);
	CU_ASSERT_EQUAL(sb.alloc, 0);
}

static void test_strbuf_json_string(void)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_add_json_string(&sb, "a\"b\\c\n\x01", 7);
	CU_ASSERT_STRING_EQUAL(sb.buf, "\"a\\\"b\\\\c\\n\\u0001\"");
	fc_strbuf_release(&sb);
}

static void test_strbuf_detach(void)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	size_t len;
	char *p = fc_strbuf_detach(&sb, &len);
	CU_ASSERT_EQUAL(len, 0);
	CU_ASSERT_STRING_EQUAL(p, "");
	free(p);
	fc_strbuf_addstr(&sb, "xyz");
	p = fc_strbuf_detach(&sb, &len);
	CU_ASSERT_STRING_EQUAL(p, "xyz");
	CU_ASSERT_EQUAL(len, 3);
	CU_ASSERT_EQUAL(sb.len, 0);
	free(p);
}

static void test_arena_alignment_and_big_blocks(void)
{
	struct fc_arena a;
	fc_arena_init(&a);
	char *small = fc_arena_alloc(&a, 3);
	double *d = fc_arena_alloc(&a, sizeof(double));
	CU_ASSERT_EQUAL((size_t)d % 16, 0);
	char *big = fc_arena_alloc(&a, 1 << 20);
	big[(1 << 20) - 1] = 'x';
	char *after = fc_arena_alloc(&a, 8);
	CU_ASSERT_PTR_NOT_NULL(small);
	CU_ASSERT_PTR_NOT_NULL(after);
	CU_ASSERT_STRING_EQUAL(fc_arena_printf(&a, "%s-%d", "n", 7), "n-7");
	CU_ASSERT_STRING_EQUAL(fc_arena_strndup(&a, "abcdef", 3), "abc");
	fc_arena_release(&a);
	CU_ASSERT_PTR_NULL(a.head);
}

void fc_test_register(void)
{
	FC_SUITE("strbuf", FC_TEST(test_strbuf_grows_and_terminates),
	         FC_TEST(test_strbuf_json_string), FC_TEST(test_strbuf_detach),
	         FC_TEST(test_arena_alignment_and_big_blocks));
}

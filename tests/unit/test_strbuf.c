/* Unit tests of strbuf and arena. */
#include "arena.h"
#include "cunit_main.h"
#include "strbuf.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
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

/* fc_strbuf_addf writes what snprintf writes, through its own formatter
 * for the common conversions and through vsnprintf for the rest, appending
 * after what the buffer holds. */
#define SAME_AS_SNPRINTF(...)                                       \
	do {                                                        \
		char want[256];                                     \
		snprintf(want, sizeof(want), __VA_ARGS__);          \
		struct fc_strbuf sb = FC_STRBUF_INIT;               \
		fc_strbuf_addstr(&sb, "<");                         \
		fc_strbuf_addf(&sb, __VA_ARGS__);                   \
		CU_ASSERT_EQUAL(sb.len, strlen(want) + 1);          \
		CU_ASSERT_STRING_EQUAL(sb.buf + 1, want);           \
		char *fromarena = fc_arena_printf(&a, __VA_ARGS__); \
		CU_ASSERT_STRING_EQUAL(fromarena, want);            \
		fc_strbuf_release(&sb);                             \
	} while (0)

static void test_strbuf_addf_as_printf(void)
{
	struct fc_arena a;
	fc_arena_init(&a);
	SAME_AS_SNPRINTF("plain text, no conversions");
	SAME_AS_SNPRINTF("%s", "");
	SAME_AS_SNPRINTF("a%sb%sc", "x", "yz");
	SAME_AS_SNPRINTF("100%% of %s%%", "it");
	SAME_AS_SNPRINTF("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
	SAME_AS_SNPRINTF("%i|%ld|%lld", 42, LONG_MIN, LLONG_MIN);
	SAME_AS_SNPRINTF("%u %lu %llu %zu", UINT_MAX, ULONG_MAX, ULLONG_MAX, SIZE_MAX);
	SAME_AS_SNPRINTF("%zu.%u", (size_t)0, 7u);
	SAME_AS_SNPRINTF("[%c%c]", 'a', '%');
	SAME_AS_SNPRINTF("%.*s|%.*s|%.*s", 3, "abcdef", 10, "ab", 0, "xyz");
	SAME_AS_SNPRINTF("%.*s", -1, "negative precision: the whole string");
	/* through vsnprintf: widths, flags, other conversions, after a fast part */
	SAME_AS_SNPRINTF("%s=%5d", "w", 42);
	SAME_AS_SNPRINTF("%s:%02x%04X", "hex", 10, 0xbeef);
	SAME_AS_SNPRINTF("%d %-4s| %+d %.2f %g", 1, "ab", 3, 2.5, 1e-3);
	SAME_AS_SNPRINTF("%s %zd %p", "x", (ssize_t)-5, (void *)0);
	SAME_AS_SNPRINTF("%s|%.*s", "null:", 2, (const char *)"ok");
	/* long output */
	struct fc_strbuf sb = FC_STRBUF_INIT;
	char big[3000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fc_strbuf_addf(&sb, "%s%d%s", big, -12, big);
	CU_ASSERT_EQUAL(sb.len, 2 * (sizeof(big) - 1) + 3);
	CU_ASSERT_EQUAL(memcmp(sb.buf + sizeof(big) - 1, "-12q", 4), 0);
	fc_strbuf_release(&sb);
	fc_arena_release(&a);
}

void fc_test_register(void)
{
	FC_SUITE("strbuf", FC_TEST(test_strbuf_grows_and_terminates),
	         FC_TEST(test_strbuf_json_string), FC_TEST(test_strbuf_detach),
	         FC_TEST(test_arena_alignment_and_big_blocks), FC_TEST(test_strbuf_addf_as_printf));
}

/*
 * Unit tests of arena: allocations zeroed, aligned and distinct across
 * blocks (small ones and ones larger than a block), the byte count, copies
 * and formatted strings, release and reuse, fc_xgrow, and the out-of-memory
 * handler on sizes that overflow (reached before any allocation is tried).
 */
#include "arena.h"
#include "cunit_main.h"
#include "strbuf.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void test_alloc_zeroed_aligned(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	CU_ASSERT_EQUAL(arena.bytes, 0);
	unsigned char *prev = NULL;
	size_t bad = 0;
	for (size_t i = 0; i < 5000; i++) { /* several 64 KiB blocks */
		size_t size = 1 + i % 97;
		unsigned char *p = fc_arena_alloc(&arena, size);
		for (size_t k = 0; k < size; k++)
			bad += p[k] != 0;
		bad += ((uintptr_t)p % 16) != 0;
		memset(p, 0xab, size); /* must not overlap the previous allocation */
		if (prev)
			bad += prev[0] != 0xab;
		prev = p;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(arena.bytes >= 5000);
	/* a block larger than the block size, then small ones still fit */
	size_t before = arena.bytes;
	unsigned char *big = fc_arena_alloc(&arena, 1u << 20);
	CU_ASSERT_EQUAL(big[0] | big[(1u << 20) - 1], 0);
	memset(big, 1, 1u << 20);
	unsigned char *small = fc_arena_alloc(&arena, 8);
	CU_ASSERT_EQUAL(small[0], 0);
	CU_ASSERT_EQUAL(arena.bytes, before + (1u << 20) + 16);
	/* size 0 still gives a distinct pointer */
	CU_ASSERT_PTR_NOT_EQUAL(fc_arena_alloc(&arena, 0), fc_arena_alloc(&arena, 0));
	fc_arena_release(&arena);
	CU_ASSERT_PTR_NULL(arena.head);
	CU_ASSERT_EQUAL(arena.bytes, 0);
	/* reusable after release */
	CU_ASSERT_PTR_NOT_NULL(fc_arena_alloc(&arena, 10));
	fc_arena_release(&arena);
}

static void test_copies_and_printf(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	char *s = fc_arena_strndup(&arena, "abcdef", 3);
	CU_ASSERT_STRING_EQUAL(s, "abc");
	CU_ASSERT_STRING_EQUAL(fc_arena_strdup(&arena, "xyz"), "xyz");
	CU_ASSERT_EQUAL(memcmp(fc_arena_memdup(&arena, "a\0b", 3), "a\0b", 3), 0);
	int *a = fc_arena_array(&arena, 100, sizeof(int));
	size_t nonzero = 0;
	for (int i = 0; i < 100; i++)
		nonzero += a[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
	CU_ASSERT_STRING_EQUAL(fc_arena_printf(&arena, "%s-%d-%zu-%5.2f", "x", -3, (size_t)7, 1.5),
	                       "x--3-7- 1.50");
	char long_text[300];
	memset(long_text, 'q', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	CU_ASSERT_STRING_EQUAL(fc_arena_printf(&arena, "%s", long_text), long_text);
	fc_arena_release(&arena);
}

static void test_xgrow(void)
{
	int *items = NULL;
	size_t alloc = 0;
	fc_xgrow((void **)&items, &alloc, 1, sizeof(*items));
	CU_ASSERT(alloc >= 1);
	size_t first = alloc;
	fc_xgrow((void **)&items, &alloc, first, sizeof(*items)); /* enough: unchanged */
	CU_ASSERT_EQUAL(alloc, first);
	fc_xgrow((void **)&items, &alloc, 1000, sizeof(*items));
	CU_ASSERT(alloc >= 1000);
	for (int i = 0; i < 1000; i++)
		items[i] = i;
	CU_ASSERT_EQUAL(items[999], 999);
	free(items);
}

static jmp_buf oom_jump;
static size_t oom_requested;

static void jump_out(size_t requested)
{
	oom_requested = requested;
	longjmp(oom_jump, 1);
}

static void test_oom_handler(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	fc_set_oom_handler(jump_out);
	volatile int reached = 0;
	if (setjmp(oom_jump) == 0) {
		fc_arena_array(&arena, SIZE_MAX / 2, 4); /* count * size overflows */
		reached = 1;
	}
	CU_ASSERT_EQUAL(reached, 0);
	CU_ASSERT_EQUAL(oom_requested, SIZE_MAX);
	oom_requested = 0;
	if (setjmp(oom_jump) == 0) {
		fc_arena_alloc(&arena, SIZE_MAX - 8);
		reached = 1;
	}
	CU_ASSERT_EQUAL(reached, 0);
	CU_ASSERT_EQUAL(oom_requested, SIZE_MAX - 8);
	int *items = NULL;
	size_t alloc = 0;
	if (setjmp(oom_jump) == 0) {
		fc_xgrow((void **)&items, &alloc, SIZE_MAX, sizeof(*items));
		reached = 1;
	}
	CU_ASSERT_EQUAL(reached, 0);
	CU_ASSERT_PTR_NULL(items);
	fc_set_oom_handler(NULL); /* back to the default */
	fc_arena_release(&arena);
}

void fc_test_register(void)
{
	FC_SUITE("arena", FC_TEST(test_alloc_zeroed_aligned), FC_TEST(test_copies_and_printf),
	         FC_TEST(test_xgrow), FC_TEST(test_oom_handler));
}

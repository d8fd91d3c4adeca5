/*
 * Unit tests of ivset: adding merges overlapping and adjacent intervals and
 * keeps them sorted, removing cuts and splits, intersection, containment,
 * the uint32 extremes (0 and 4294967295) and freezing into an arena; every
 * result is compared with a bitmap of the same operations.
 */
#include "cunit_main.h"
#include "ivset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The set as text: "1-3,5,9-10". */
static void text(const struct fc_ivset *s, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < s->n && n < size; i++) {
		unsigned lo = s->r[i].lo, hi = s->r[i].hi;
		n += (size_t)(lo == hi ? snprintf(buf + n, size - n, "%s%u", i ? "," : "", lo)
		                       : snprintf(buf + n, size - n, "%s%u-%u", i ? "," : "", lo,
		                                  hi));
	}
}

#define ASSERT_SET(s, want)                         \
	do {                                        \
		char buf_[256];                     \
		text(s, buf_, sizeof(buf_));        \
		CU_ASSERT_STRING_EQUAL(buf_, want); \
	} while (0)

static void test_add_merges(void)
{
	struct fc_ivset s = {0};
	fc_ivset_add(&s, 10, 20);
	fc_ivset_add(&s, 30, 40);
	fc_ivset_add(&s, 1, 2);
	ASSERT_SET(&s, "1-2,10-20,30-40");
	fc_ivset_add(&s, 21, 29); /* adjacent on both sides: one interval */
	ASSERT_SET(&s, "1-2,10-40");
	fc_ivset_add(&s, 3, 3); /* adjacent to 1-2 only */
	ASSERT_SET(&s, "1-3,10-40");
	fc_ivset_add(&s, 0, 100); /* swallows everything */
	ASSERT_SET(&s, "0-100");
	fc_ivset_add(&s, 50, 60); /* already held */
	ASSERT_SET(&s, "0-100");
	fc_ivset_add(&s, UINT32_MAX, UINT32_MAX);
	ASSERT_SET(&s, "0-100,4294967295");
	fc_ivset_add(&s, 101, UINT32_MAX - 1);
	ASSERT_SET(&s, "0-4294967295");
	fc_ivset_release(&s);
	CU_ASSERT_EQUAL(s.n, 0);
	CU_ASSERT_PTR_NULL(s.r);
}

static void test_remove_splits(void)
{
	struct fc_ivset s = {0};
	fc_ivset_add(&s, 0, UINT32_MAX);
	fc_ivset_remove(&s, 100, 200); /* split */
	ASSERT_SET(&s, "0-99,201-4294967295");
	fc_ivset_remove(&s, 0, 0); /* cut the low end */
	ASSERT_SET(&s, "1-99,201-4294967295");
	fc_ivset_remove(&s, UINT32_MAX - 1, UINT32_MAX); /* cut the high end */
	ASSERT_SET(&s, "1-99,201-4294967293");
	fc_ivset_remove(&s, 50, 300); /* across two intervals */
	ASSERT_SET(&s, "1-49,301-4294967293");
	fc_ivset_remove(&s, 0, 4000000000u); /* a whole interval and part of one */
	ASSERT_SET(&s, "4000000001-4294967293");
	fc_ivset_remove(&s, 0, UINT32_MAX);
	ASSERT_SET(&s, "");
	fc_ivset_release(&s);
}

static void test_intersect(void)
{
	struct fc_ivset s = {0}, t = {0}, tmp = {0};
	fc_ivset_add(&s, 1, 10);
	fc_ivset_add(&s, 20, 30);
	fc_ivset_add(&s, 40, 50);
	fc_ivset_add(&t, 5, 25);
	fc_ivset_add(&t, 50, 60);
	fc_ivset_intersect(&s, &t, &tmp);
	ASSERT_SET(&s, "5-10,20-25,50");
	ASSERT_SET(&t, "5-25,50-60"); /* t unchanged */
	struct fc_ivset empty = {0};
	fc_ivset_intersect(&s, &empty, &tmp);
	ASSERT_SET(&s, "");
	fc_ivset_release(&s);
	fc_ivset_release(&t);
	fc_ivset_release(&tmp);
	fc_ivset_release(&empty);
}

static void test_holds(void)
{
	struct fc_ivset s = {0};
	CU_ASSERT_FALSE(fc_ivset_holds(&s, 0, 0));
	fc_ivset_add(&s, 10, 20);
	fc_ivset_add(&s, 30, 40);
	CU_ASSERT_TRUE(fc_ivset_holds(&s, 10, 20));
	CU_ASSERT_TRUE(fc_ivset_holds(&s, 35, 35));
	CU_ASSERT_FALSE(fc_ivset_holds(&s, 15, 35)); /* spans the gap */
	CU_ASSERT_FALSE(fc_ivset_holds(&s, 9, 10));
	CU_ASSERT_FALSE(fc_ivset_holds(&s, 41, 41));
	CU_ASSERT_FALSE(fc_ivset_holds(&s, 25, 25));
	fc_ivset_release(&s);
}

static void test_freeze(void)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_ivset s = {0};
	CU_ASSERT_PTR_NULL(fc_ivset_freeze(&arena, &s));
	fc_ivset_add(&s, 1, 2);
	fc_ivset_add(&s, 7, 9);
	struct fc_range *r = fc_ivset_freeze(&arena, &s);
	fc_ivset_release(&s);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT(r[0].lo == 1 && r[0].hi == 2 && r[1].lo == 7 && r[1].hi == 9);
	fc_arena_release(&arena);
}

/* Random adds and removes over 0..255 against a bitmap. */
static void test_against_bitmap(void)
{
	srand(15);
	size_t mismatches = 0;
	for (int round = 0; round < 200; round++) {
		struct fc_ivset s = {0}, t = {0}, tmp = {0};
		bool a[256] = {0}, b[256] = {0};
		for (int op = 0; op < 12; op++) {
			uint32_t lo = (uint32_t)(rand() % 256), hi = (uint32_t)(rand() % 256);
			if (lo > hi) {
				uint32_t x = lo;
				lo = hi;
				hi = x;
			}
			bool add = rand() % 3 != 0, into_s = rand() % 2 != 0;
			struct fc_ivset *set = into_s ? &s : &t;
			bool *bits = into_s ? a : b;
			if (add)
				fc_ivset_add(set, lo, hi);
			else
				fc_ivset_remove(set, lo, hi);
			for (uint32_t v = lo; v <= hi; v++)
				bits[v] = add;
		}
		fc_ivset_intersect(&s, &t, &tmp);
		for (uint32_t v = 0; v < 256; v++)
			if (fc_ivset_holds(&s, v, v) != (a[v] && b[v]))
				mismatches++;
		/* the invariant: sorted, disjoint, not adjacent */
		for (size_t i = 0; i < s.n; i++)
			if (s.r[i].lo > s.r[i].hi || (i && s.r[i - 1].hi + 1 >= s.r[i].lo))
				mismatches++;
		fc_ivset_release(&s);
		fc_ivset_release(&t);
		fc_ivset_release(&tmp);
	}
	CU_ASSERT_EQUAL(mismatches, 0);
}

void fc_test_register(void)
{
	FC_SUITE("ivset", FC_TEST(test_add_merges), FC_TEST(test_remove_splits),
	         FC_TEST(test_intersect), FC_TEST(test_holds), FC_TEST(test_freeze),
	         FC_TEST(test_against_bitmap));
}

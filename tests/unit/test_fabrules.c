/*
 * Unit tests of fabrules: the signatures an ImplicitMeta policy needs, as
 * Fabric's common/policies/implicitmeta.go (NewImplicitMetaPolicy) computes
 * them at v3.1.1: ANY 1, ALL N, MAJORITY N/2+1, and 0 over no sub-policy.
 * The expected numbers are written out for N = 0..7, not recomputed.
 */
#include "cunit_main.h"
#include "fabrules.h"

#include <string.h>

static void test_thresholds(void)
{
	/* index N: signatures needed over N organizations */
	static const size_t any[] = {0, 1, 1, 1, 1, 1, 1, 1};
	static const size_t all[] = {0, 1, 2, 3, 4, 5, 6, 7};
	static const size_t majority[] = {0, 1, 2, 2, 3, 3, 4, 4};
	for (size_t n = 0; n < 8; n++) {
		CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_ANY, n), any[n]);
		CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_ALL, n), all[n]);
		CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_MAJORITY, n), majority[n]);
	}
}

/* The issue's own figures: MAJORITY Admins of 5 organizations is 3, of 4 is 3. */
static void test_issue_examples(void)
{
	CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_MAJORITY, 5), 3);
	CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_MAJORITY, 4), 3);
	CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_MAJORITY, 2), 2);
	CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_MAJORITY, 1), 1);
	/* /Channel/Admins is MAJORITY over two groups (Application, Orderer): both */
	CU_ASSERT_EQUAL(fc_implicit_threshold(FC_IMPLICIT_MAJORITY, 2), 2);
}

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(fc_implicit_rule_name(FC_IMPLICIT_ANY), "ANY");
	CU_ASSERT_STRING_EQUAL(fc_implicit_rule_name(FC_IMPLICIT_ALL), "ALL");
	CU_ASSERT_STRING_EQUAL(fc_implicit_rule_name(FC_IMPLICIT_MAJORITY), "MAJORITY");
}

void fc_test_register(void)
{
	FC_SUITE("fabrules", FC_TEST(test_thresholds), FC_TEST(test_issue_examples),
	         FC_TEST(test_names));
}

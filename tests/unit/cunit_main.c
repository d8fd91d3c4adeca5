/*
 * cunit_main - the shared main of every unit-test executable.  Each
 * tests/unit/test_<module>.c defines fc_test_register(), which adds its
 * suites to the CUnit registry; this runs them all and fails on any failure.
 */
#include "cunit_main.h"

#include <CUnit/Basic.h>
#include <stdio.h>

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 3;
	fc_test_register();
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	unsigned run = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	if (run == 0) {
		fprintf(stderr, "no test was run\n");
		return 1;
	}
	return failed ? 1 : 0;
}

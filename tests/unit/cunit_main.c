/*
 * cunit_main - the shared main of every unit-test executable (and the test
 * helpers more than one file needs: fc_test_gunzip).  Each
 * tests/unit/test_<module>.c defines fc_test_register(), which adds its
 * suites to the CUnit registry; this runs them all and fails on any failure.
 */
#include "cunit_main.h"

#include "strbuf.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

unsigned char *fc_test_gunzip(const struct fc_strbuf *tgz, size_t *len)
{
	size_t cap = (size_t)4 << 20;
	unsigned char *out = malloc(cap);
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (!out || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)tgz->buf;
	z.avail_in = (uInt)tgz->len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int r = inflate(&z, Z_FINISH);
	*len = z.total_out;
	inflateEnd(&z);
	if (r != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Unit tests of rfc3339: UTC time stamps (the epoch, a leap day, before the
 * epoch, the last second of year 9999) and a buffer too small.
 */
#include "cunit_main.h"
#include "rfc3339.h"

#include <string.h>

static void test_rfc3339_format(void)
{
	static const struct {
		time_t t;
		const char *text;
	} cases[] = {
	        {0, "1970-01-01T00:00:00Z"},
	        {1700000000, "2023-11-14T22:13:20Z"},
	        {951782400, "2000-02-29T00:00:00Z"},
	        {-1, "1969-12-31T23:59:59Z"},
	        {(time_t)253402300799, "9999-12-31T23:59:59Z"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[FC_RFC3339_SIZE];
		memset(buf, 'x', sizeof(buf));
		fc_rfc3339_format(cases[i].t, buf, sizeof(buf));
		CU_ASSERT_STRING_EQUAL(buf, cases[i].text);
	}
}

static void test_rfc3339_small_buffer(void)
{
	/* strftime fails: the epoch, cut to the buffer and NUL-terminated */
	char buf[8];
	memset(buf, 'x', sizeof(buf));
	fc_rfc3339_format(1700000000, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "1970-01");
}

void fc_test_register(void)
{
	FC_SUITE("rfc3339", FC_TEST(test_rfc3339_format), FC_TEST(test_rfc3339_small_buffer));
}

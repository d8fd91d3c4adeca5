/* Unit tests of dynlib: a real library's functions called through a filled
 * table, the messages for a missing library and a missing symbol (each
 * naming it), and the first outcome kept for the process. */
#include "cunit_main.h"
#include "dynlib.h"

#include <stddef.h>
#include <string.h>
#include <zlib.h>

/* Two functions of one type: a table filled crosswise would still call. */
struct zlib_api {
	__typeof__(crc32) *crc32;
	__typeof__(adler32) *adler32;
	__typeof__(zlibVersion) *version;
};

static const struct fc_dynlib_symbol zlib_symbols[] = {
        {"crc32", offsetof(struct zlib_api, crc32)},
        {"adler32", offsetof(struct zlib_api, adler32)},
        {"zlibVersion", offsetof(struct zlib_api, version)},
};

static void test_load(void)
{
	struct zlib_api z = {0};
	struct fc_dynlib lib = {
	        .what = "testing needs zlib",
	        .soname = "libz.so.1",
	        .symbols = zlib_symbols,
	        .nsymbols = 3,
	        .table = &z,
	};
	const char *error = "unset";
	CU_ASSERT_EQUAL_FATAL(fc_dynlib_load(&lib, &error), 0);
	CU_ASSERT_PTR_NULL(error);
	CU_ASSERT_EQUAL(lib.state, FC_DYNLIB_LOADED);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z.crc32);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z.adler32);
	CU_ASSERT_PTR_NOT_NULL_FATAL(z.version);
	static const Bytef abc[] = "abc";
	CU_ASSERT_EQUAL(z.crc32(0, abc, 3), 0x352441c2UL);
	CU_ASSERT_EQUAL(z.adler32(1, abc, 3), 0x024d0127UL);
	CU_ASSERT_EQUAL(strncmp(z.version(), "1.", 2), 0);

	/* the second call opens nothing: another soname would fail */
	void *handle = lib.handle;
	lib.soname = "libfc-no-such-library.so.0";
	CU_ASSERT_EQUAL_FATAL(fc_dynlib_load(&lib, &error), 0);
	CU_ASSERT_PTR_EQUAL(lib.handle, handle);
	CU_ASSERT_EQUAL(z.crc32(0, abc, 3), 0x352441c2UL);
}

static void test_missing_library(void)
{
	struct zlib_api z = {0};
	struct fc_dynlib lib = {
	        .what = "testing needs a library",
	        .soname = "libfc-no-such-library.so.0",
	        .symbols = zlib_symbols,
	        .nsymbols = 3,
	        .table = &z,
	};
	const char *error = NULL;
	CU_ASSERT_EQUAL(fc_dynlib_load(&lib, &error), -1);
	CU_ASSERT_EQUAL(lib.state, FC_DYNLIB_FAILED);
	CU_ASSERT_PTR_NULL(lib.handle);
	CU_ASSERT_PTR_NOT_NULL_FATAL(error);
	static const char prefix[] =
	        "testing needs a library (libfc-no-such-library.so.0): cannot open: ";
	CU_ASSERT_EQUAL(strncmp(error, prefix, sizeof(prefix) - 1), 0);
	/* then dlerror()'s own words */
	CU_ASSERT(strlen(error) > sizeof(prefix) - 1);
	CU_ASSERT_PTR_NULL(z.crc32);

	/* the failure is kept: a library that exists now is not tried */
	lib.soname = "libz.so.1";
	const char *again = NULL;
	CU_ASSERT_EQUAL_FATAL(fc_dynlib_load(&lib, &again), -1);
	CU_ASSERT_PTR_EQUAL(again, error);
	CU_ASSERT_EQUAL(strncmp(again, prefix, sizeof(prefix) - 1), 0);
	CU_ASSERT_PTR_NULL(z.crc32);
}

static void test_missing_symbol(void)
{
	struct {
		__typeof__(crc32) *crc32;
		__typeof__(crc32) *missing;
		__typeof__(crc32) *adler32;
	} t = {0};
	static const struct fc_dynlib_symbol symbols[] = {
	        {"crc32", offsetof(__typeof__(t), crc32)},
	        {"fc_no_such_symbol", offsetof(__typeof__(t), missing)},
	        {"adler32", offsetof(__typeof__(t), adler32)},
	};
	struct fc_dynlib lib = {
	        .what = "testing needs zlib",
	        .soname = "libz.so.1",
	        .symbols = symbols,
	        .nsymbols = 3,
	        .table = &t,
	};
	const char *error = NULL;
	CU_ASSERT_EQUAL(fc_dynlib_load(&lib, &error), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(error);
	CU_ASSERT_STRING_EQUAL(
	        error, "testing needs zlib (libz.so.1): missing symbol 'fc_no_such_symbol'");
	CU_ASSERT_EQUAL(lib.state, FC_DYNLIB_FAILED);
	CU_ASSERT_PTR_NULL(lib.handle);
	/* all or nothing: crc32, resolved before the failure, is cleared */
	CU_ASSERT_PTR_NULL(t.crc32);
	CU_ASSERT_PTR_NULL(t.missing);
	CU_ASSERT_PTR_NULL(t.adler32);
}

void fc_test_register(void)
{
	FC_SUITE("dynlib", FC_TEST(test_load), FC_TEST(test_missing_library),
	         FC_TEST(test_missing_symbol));
}

/*
 * Unit tests of sha256: fc_sha256_hex against known digests.
 */
#include "cunit_main.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

static void test_empty(void)
{
	char hex[FC_SHA256_HEX_SIZE];
	memset(hex, 'x', sizeof(hex));
	CU_ASSERT_EQUAL(fc_sha256_hex("", 0, hex), 0);
	CU_ASSERT_STRING_EQUAL(hex,
	                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	CU_ASSERT_EQUAL(strlen(hex), 64);
}

static void test_abc(void)
{
	char hex[FC_SHA256_HEX_SIZE];
	CU_ASSERT_EQUAL(fc_sha256_hex("abc", 3, hex), 0);
	CU_ASSERT_STRING_EQUAL(hex,
	                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_length_counts(void)
{
	/* only len bytes are digested: "abcdef" limited to 3 is "abc" */
	char hex[FC_SHA256_HEX_SIZE];
	CU_ASSERT_EQUAL(fc_sha256_hex("abcdef", 3, hex), 0);
	CU_ASSERT_STRING_EQUAL(hex,
	                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* embedded NUL bytes are data */
	char a[FC_SHA256_HEX_SIZE], b[FC_SHA256_HEX_SIZE];
	CU_ASSERT_EQUAL(fc_sha256_hex("a\0b", 3, a), 0);
	CU_ASSERT_EQUAL(fc_sha256_hex("a\0c", 3, b), 0);
	CU_ASSERT_STRING_NOT_EQUAL(a, b);
}

static void test_one_mib(void)
{
	size_t n = (size_t)1 << 20;
	char *buf = malloc(n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	memset(buf, 'a', n);
	char hex[FC_SHA256_HEX_SIZE];
	CU_ASSERT_EQUAL(fc_sha256_hex(buf, n, hex), 0);
	/* obtained with: head -c 1048576 /dev/zero | tr '\0' 'a' | sha256sum */
	CU_ASSERT_STRING_EQUAL(hex,
	                       "9bc1b2a288b26af7257a36277ae3816a7d4f16e89c1e7e77d0a5c48bad62b360");
	free(buf);
}

void fc_test_register(void)
{
	FC_SUITE("sha256", FC_TEST(test_empty), FC_TEST(test_abc), FC_TEST(test_length_counts),
	         FC_TEST(test_one_mib));
}

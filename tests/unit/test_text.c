/*
 * Unit tests of text: hexadecimal digit values of every byte, UTF-8
 * encoding and decoding of every scalar value (round trip and the encoded
 * lengths at each boundary), and the ill-formed sequences decoding rejects.
 */
#include "cunit_main.h"
#include "text.h"

#include <string.h>

static void test_hex_value(void)
{
	static const char digits[] = "0123456789abcdef";
	for (int c = -128; c < 128; c++) {
		const char *lower = c > 0 ? strchr(digits, c) : NULL;
		const char *upper = c >= 'A' && c <= 'F' ? strchr(digits, c - 'A' + 'a') : NULL;
		int want = lower ? (int)(lower - digits) : upper ? (int)(upper - digits) : -1;
		CU_ASSERT_EQUAL(fc_text_hex_value((char)c), want);
	}
	CU_ASSERT_EQUAL(fc_text_hex_value('F'), 15);
	CU_ASSERT_EQUAL(fc_text_hex_value('g'), -1);
}

static void test_utf8_boundaries(void)
{
	static const struct {
		uint32_t cp;
		const char *bytes;
	} cases[] = {
	        {0x00, "\x00"},
	        {0x7f, "\x7f"},
	        {0x80, "\xc2\x80"},
	        {0x7ff, "\xdf\xbf"},
	        {0x800, "\xe0\xa0\x80"},
	        {0xd7ff, "\xed\x9f\xbf"},
	        {0xe000, "\xee\x80\x80"},
	        {0xffff, "\xef\xbf\xbf"},
	        {0x10000, "\xf0\x90\x80\x80"},
	        {0x10ffff, "\xf4\x8f\xbf\xbf"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char b[4];
		size_t want = cases[i].cp ? strlen(cases[i].bytes) : 1;
		size_t n = fc_text_utf8_encode(cases[i].cp, b);
		CU_ASSERT_EQUAL(n, want);
		CU_ASSERT(memcmp(b, cases[i].bytes, want) == 0);
		uint32_t cp = 0xffffffffu;
		CU_ASSERT_EQUAL(
		        fc_text_utf8_decode((const unsigned char *)cases[i].bytes, want, &cp),
		        want);
		CU_ASSERT_EQUAL(cp, cases[i].cp);
	}
}

static void test_utf8_round_trip(void)
{
	size_t failures = 0;
	for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		char b[4];
		size_t n = fc_text_utf8_encode(cp, b);
		uint32_t back = 0xffffffffu;
		if (fc_text_utf8_decode((const unsigned char *)b, n, &back) != n || back != cp)
			failures++;
		/* one byte short is truncated */
		if (n > 1 && fc_text_utf8_decode((const unsigned char *)b, n - 1, &back) != 0)
			failures++;
	}
	CU_ASSERT_EQUAL(failures, 0);
}

static void test_utf8_ill_formed(void)
{
	static const char *const bad[] = {
	        "\x80", /* stray continuation byte */
	        "\xbf", /* stray continuation byte */
	        "\xc0\x80", /* overlong NUL */
	        "\xc1\xbf", /* overlong U+007F */
	        "\xe0\x9f\xbf", /* overlong U+07FF */
	        "\xed\xa0\x80", /* surrogate U+D800 */
	        "\xed\xbf\xbf", /* surrogate U+DFFF */
	        "\xf0\x8f\xbf\xbf", /* overlong U+FFFF */
	        "\xf4\x90\x80\x80", /* U+110000 */
	        "\xf5\x80\x80\x80", /* no such lead byte */
	        "\xff", /* no such lead byte */
	        "\xc2\x41", /* continuation byte missing */
	        "\xe2\x82\x41", /* continuation byte missing */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t cp;
		size_t n = strlen(bad[i]);
		CU_ASSERT_EQUAL(fc_text_utf8_decode((const unsigned char *)bad[i], n, &cp), 0);
	}
	/* the decoder reads one sequence, not what follows it */
	uint32_t cp = 0;
	CU_ASSERT_EQUAL(fc_text_utf8_decode((const unsigned char *)"\xc3\xa9z", 3, &cp), 2);
	CU_ASSERT_EQUAL(cp, 0xe9);
}

void fc_test_register(void)
{
	FC_SUITE("text", FC_TEST(test_hex_value), FC_TEST(test_utf8_boundaries),
	         FC_TEST(test_utf8_round_trip), FC_TEST(test_utf8_ill_formed));
}

/*
 * cunit_main - contract between a unit-test file and the shared main:
 * fc_test_register() adds the file's suites (CU_add_suite/CU_add_test).
 */
#ifndef FC_CUNIT_MAIN_H
#define FC_CUNIT_MAIN_H

#include <CUnit/CUnit.h>
#include <stddef.h>

void fc_test_register(void);

struct fc_strbuf;
/* The tar inside a gzip'd archive (malloc'd, *len bytes; at most 4 MiB), or
 * NULL when tgz is not one whole gzip stream. */
unsigned char *fc_test_gunzip(const struct fc_strbuf *tgz, size_t *len);

/* Adds a suite with the given NULL-terminated tests; returns the suite. */
#define FC_SUITE(name, ...)                                                \
	do {                                                               \
		CU_pSuite s_ = CU_add_suite(name, NULL, NULL);             \
		struct {                                                   \
			const char *n;                                     \
			CU_TestFunc f;                                     \
		} t_[] = {__VA_ARGS__};                                    \
		for (size_t i_ = 0; i_ < sizeof(t_) / sizeof(t_[0]); i_++) \
			CU_add_test(s_, t_[i_].n, t_[i_].f);               \
	} while (0)
#define FC_TEST(f)    \
	{             \
#f, f \
	}

#endif

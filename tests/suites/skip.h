/*
 * skip.h - the C test programs' side of tests/integration/lib.sh's fc_skip:
 * a test whose external data or tool is missing is skipped, not passed.
 *
 * fc_test_skip() prints "<test>: skipped: <why>" on stderr and returns 77,
 * which ctest reports as "Skipped" (the test has SKIP_RETURN_CODE 77, see
 * fc_test_can_skip in CMakeLists.txt); under CI=true it prints the same
 * reason as an error and returns 1, a failure.  main() returns its value.
 */
#ifndef FC_TEST_SKIP_H
#define FC_TEST_SKIP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FC_TEST_SKIP_STATUS 77

__attribute__((format(printf, 2, 3))) static inline int fc_test_skip(const char *test,
                                                                     const char *fmt, ...)
{
	const char *ci = getenv("CI");
	bool required = ci && strcmp(ci, "true") == 0;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: %s: ", test, required ? "error" : "skipped");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, required ? " (required under CI=true)\n" : "\n");
	return required ? 1 : FC_TEST_SKIP_STATUS;
}

#endif

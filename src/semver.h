/*
 * semver - SemVer 2.0.0 versions (https://semver.org): the syntax, as
 * --chart-version and Helm's Chart.yaml check it, and the precedence, as
 * Helm's repository index orders a chart's versions.  Pure functions over
 * NUL-terminated strings; nothing is allocated.
 */
#ifndef FC_SEMVER_H
#define FC_SEMVER_H

#include <stdbool.h>

/* True when text is a SemVer 2 version of at most 64 bytes:
 * MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], numbers without leading zeros. */
bool fc_is_semver(const char *text);

/* SemVer 2 precedence of two versions: <0, 0, >0 (build metadata ignored).
 * A version that is not SemVer 2 sorts before every valid one. */
int fc_semver_compare(const char *a, const char *b);

#endif

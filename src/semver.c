/*
 * semver - SemVer 2 versions; see semver.h.
 */
#include "semver.h"

#include <string.h>

/* ---- syntax -------------------------------------------------------------- */

static bool is_digits(const char *s, size_t n, bool allow_leading_zero)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return allow_leading_zero || n == 1 || s[0] != '0';
}

/* Dot-separated identifiers; numeric ones without leading zeros when strict. */
static bool is_identifiers(const char *s, size_t n, bool numeric_strict)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			char c = s[i];
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') || c == '-'))
				return false;
			continue;
		}
		size_t len = i - start;
		if (!len)
			return false;
		if (numeric_strict && is_digits(s + start, len, true) &&
		    !is_digits(s + start, len, false))
			return false;
		start = i + 1;
	}
	return true;
}

bool fc_is_semver(const char *text)
{
	size_t len = strlen(text);
	if (len > 64)
		return false;
	const char *plus = memchr(text, '+', len);
	size_t core_end = plus ? (size_t)(plus - text) : len;
	const char *dash = memchr(text, '-', core_end);
	size_t ver_end = dash ? (size_t)(dash - text) : core_end;
	size_t start = 0, parts = 0;
	for (size_t i = 0; i <= ver_end; i++) {
		if (i < ver_end && text[i] != '.')
			continue;
		if (!is_digits(text + start, i - start, false))
			return false;
		parts++;
		start = i + 1;
	}
	if (parts != 3)
		return false;
	if (dash && !is_identifiers(dash + 1, core_end - ver_end - 1, true))
		return false;
	if (plus && !is_identifiers(plus + 1, len - core_end - 1, false))
		return false;
	return true;
}

/* ---- precedence ---------------------------------------------------------- */

/* Compares numeric identifiers of any length (no leading zeros in SemVer). */
static int compare_numeric(const char *a, size_t an, const char *b, size_t bn)
{
	while (an > 1 && *a == '0')
		a++, an--;
	while (bn > 1 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	int c = memcmp(a, b, an);
	return c < 0 ? -1 : c > 0;
}

/* Length of the part before '+'. */
static size_t without_build(const char *v)
{
	const char *plus = strchr(v, '+');
	return plus ? (size_t)(plus - v) : strlen(v);
}

int fc_semver_compare(const char *a, const char *b)
{
	bool va = fc_is_semver(a), vb = fc_is_semver(b);
	if (!va || !vb)
		return va == vb ? strcmp(a, b) : (va ? 1 : -1);
	size_t an = without_build(a), bn = without_build(b);
	/* major.minor.patch, then the pre-release identifiers */
	const char *pa = a, *pb = b;
	const char *ea = a + an, *eb = b + bn;
	for (int part = 0; part < 3; part++) {
		size_t la = strcspn(pa, ".-+"), lb = strcspn(pb, ".-+");
		int c = compare_numeric(pa, la, pb, lb);
		if (c)
			return c;
		pa += la + (pa + la < ea && part < 2);
		pb += lb + (pb + lb < eb && part < 2);
	}
	bool pre_a = pa < ea, pre_b = pb < eb; /* at the '-' */
	if (!pre_a || !pre_b)
		return pre_a == pre_b ? 0 : (pre_a ? -1 : 1);
	pa++, pb++;
	for (;;) {
		size_t la = strcspn(pa, ".+"), lb = strcspn(pb, ".+");
		if (pa + la > ea)
			la = (size_t)(ea - pa);
		if (pb + lb > eb)
			lb = (size_t)(eb - pb);
		bool na = is_digits(pa, la, true), nb = is_digits(pb, lb, true);
		int c;
		if (na && nb) {
			c = compare_numeric(pa, la, pb, lb);
		} else if (na != nb) {
			c = na ? -1 : 1;
		} else {
			c = memcmp(pa, pb, la < lb ? la : lb);
			c = c ? (c < 0 ? -1 : 1) : (la == lb ? 0 : (la < lb ? -1 : 1));
		}
		if (c)
			return c;
		pa += la, pb += lb;
		bool more_a = pa < ea, more_b = pb < eb;
		if (!more_a || !more_b)
			return more_a == more_b ? 0 : (more_a ? 1 : -1);
		pa++, pb++;
	}
}

/*
 * decimal - exact comparisons and divisibility on numbers as written; see
 * decimal.h.
 *
 * Exponents are clamped to +-10^15, far beyond any double, so that arithmetic
 * on them cannot overflow; numbers that far out compare correctly and
 * fc_decimal_is_multiple answers -1 for them.
 */
#include "decimal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define EXP_LIMIT INT64_C(1000000000000000)

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char digit_at(const struct fc_decimal *d, size_t i)
{
	size_t g = d->start + i;
	if (!d->int_digits)
		return d->own[g];
	return g < d->int_len ? d->int_digits[g] : d->frac_digits[g - d->int_len];
}

bool fc_decimal_parse(struct fc_decimal *d, const char *s, size_t len)
{
	memset(d, 0, sizeof(*d));
	size_t i = 0;
	int sign = 1;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		sign = s[i++] == '-' ? -1 : 1;
	const char *ip = s + i;
	while (i < len && is_digit(s[i]))
		i++;
	size_t ni = (size_t)(s + i - ip);
	const char *fp = s + i;
	size_t nf = 0;
	if (i < len && s[i] == '.') {
		i++;
		fp = s + i;
		while (i < len && is_digit(s[i]))
			i++;
		nf = (size_t)(s + i - fp);
	}
	if (ni + nf == 0)
		return false;
	int64_t e = 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int esign = 1;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			esign = s[i++] == '-' ? -1 : 1;
		if (i >= len || !is_digit(s[i]))
			return false;
		while (i < len && is_digit(s[i])) {
			if (e < EXP_LIMIT)
				e = e * 10 + (s[i] - '0');
			i++;
		}
		e *= esign;
	}
	if (i != len)
		return false;
	d->int_digits = ip;
	d->int_len = ni;
	d->frac_digits = fp;
	size_t total = ni + nf;
	size_t lead = 0;
	while (lead < total && digit_at(d, lead) == '0')
		lead++;
	if (lead == total) {
		d->sign = 0;
		return true;
	}
	size_t last = total;
	while (digit_at(d, last - 1) == '0')
		last--;
	d->sign = sign;
	d->start = lead;
	d->count = last - lead;
	/* value = M x 10^(e - nf) where M has total - lead digits */
	d->exp = (int64_t)(total - lead) + e - (int64_t)nf;
	return true;
}

bool fc_decimal_from_node(struct fc_decimal *d, const struct fc_node *node)
{
	if (!node)
		return false;
	if (node->kind == FC_NODE_INT) {
		if (node->text && fc_decimal_parse(d, node->text, node->len))
			return true;
		/* hex, octal or built in memory: spell the value out */
		memset(d, 0, sizeof(*d));
		int64_t v = node->integer;
		if (v == 0)
			return true;
		uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
		int n = snprintf(d->own, sizeof(d->own), "%" PRIu64, mag);
		size_t last = (size_t)n;
		while (d->own[last - 1] == '0')
			last--;
		d->sign = v < 0 ? -1 : 1;
		d->start = 0;
		d->count = last;
		d->exp = n;
		return true;
	}
	if (node->kind == FC_NODE_FLOAT)
		return node->text && fc_decimal_parse(d, node->text, node->len);
	return false;
}

/* Compares magnitudes of two non-zero decimals. */
static int cmp_magnitude(const struct fc_decimal *a, const struct fc_decimal *b)
{
	if (a->exp != b->exp)
		return a->exp < b->exp ? -1 : 1;
	size_t n = a->count < b->count ? a->count : b->count;
	for (size_t i = 0; i < n; i++) {
		char x = digit_at(a, i), y = digit_at(b, i);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a->count < b->count ? -1 : a->count > b->count;
}

int fc_decimal_cmp(const struct fc_decimal *a, const struct fc_decimal *b)
{
	if (a->sign != b->sign)
		return a->sign < b->sign ? -1 : 1;
	if (a->sign == 0)
		return 0;
	int c = cmp_magnitude(a, b);
	return a->sign > 0 ? c : -c;
}

bool fc_decimal_is_integer(const struct fc_decimal *d)
{
	return d->sign == 0 || d->exp >= (int64_t)d->count;
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
	/* a, b < m < 2^63: doubling and adding stay below 2^64 */
	uint64_t r = 0;
	a %= m;
	while (b) {
		if (b & 1)
			r = (r + a) % m;
		a = (a * 2) % m;
		b >>= 1;
	}
	return r;
}

int fc_decimal_is_multiple(const struct fc_decimal *a, const struct fc_decimal *b)
{
	if (a->sign == 0)
		return 1;
	if (b->sign == 0)
		return -1;
	if (a->exp >= EXP_LIMIT / 2 || a->exp <= -EXP_LIMIT / 2 || b->exp >= EXP_LIMIT / 2 ||
	    b->exp <= -EXP_LIMIT / 2)
		return -1;
	/* a = A x 10^ea, b = B x 10^eb with integers A, B */
	int64_t ea = a->exp - (int64_t)a->count;
	int64_t eb = b->exp - (int64_t)b->count;
	int64_t e = ea < eb ? ea : eb;
	int64_t bzeros = eb - e;
	if ((int64_t)b->count + bzeros > 18)
		return -1;
	uint64_t m = 0;
	for (size_t i = 0; i < b->count; i++)
		m = m * 10 + (uint64_t)(digit_at(b, i) - '0');
	for (int64_t i = 0; i < bzeros; i++)
		m *= 10;
	/* A' = A x 10^(ea - e); m < 10^18 so r * 10 + 9 < 2^64 */
	uint64_t r = 0;
	for (size_t i = 0; i < a->count; i++)
		r = (r * 10 + (uint64_t)(digit_at(a, i) - '0')) % m;
	uint64_t k = (uint64_t)(ea - e);
	uint64_t p = 1 % m, base = 10 % m;
	while (k) {
		if (k & 1)
			p = mulmod(p, base, m);
		base = mulmod(base, base, m);
		k >>= 1;
	}
	r = mulmod(r, p, m);
	return r == 0;
}

uint64_t fc_decimal_hash(const struct fc_decimal *d)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	h = (h ^ (uint64_t)(d->sign + 1)) * 1099511628211u;
	if (d->sign == 0)
		return h;
	h = (h ^ (uint64_t)d->exp) * 1099511628211u;
	for (size_t i = 0; i < d->count; i++)
		h = (h ^ (unsigned char)digit_at(d, i)) * 1099511628211u;
	return h;
}

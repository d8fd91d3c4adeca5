/*
 * yamlscalar - plain YAML scalars typed; see yamlscalar.h.
 */
#include "yamlscalar.h"

#include "text.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool text_is(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	return n == l && memcmp(s, lit, l) == 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool fc_yaml_scalar_null(struct fc_node *n)
{
	const char *s = n->text;
	if (n->len == 0 || text_is(s, n->len, "~") || text_is(s, n->len, "null") ||
	    text_is(s, n->len, "Null") || text_is(s, n->len, "NULL")) {
		n->kind = FC_NODE_NULL;
		return true;
	}
	return false;
}

bool fc_yaml_scalar_bool(struct fc_node *n)
{
	const char *s = n->text;
	if (text_is(s, n->len, "true") || text_is(s, n->len, "True") ||
	    text_is(s, n->len, "TRUE")) {
		n->kind = FC_NODE_BOOL;
		n->boolean = true;
		return true;
	}
	if (text_is(s, n->len, "false") || text_is(s, n->len, "False") ||
	    text_is(s, n->len, "FALSE")) {
		n->kind = FC_NODE_BOOL;
		n->boolean = false;
		return true;
	}
	return false;
}

/*
 * [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ : FC_NODE_INT, or FC_NODE_FLOAT
 * (number only) when the value is beyond int64.
 */
bool fc_yaml_scalar_int(struct fc_node *n)
{
	const char *s = n->text;
	size_t len = n->len, i = 0;
	unsigned base = 10;
	bool neg = false;
	if (len > 2 && s[0] == '0' && s[1] == 'o') {
		base = 8;
		i = 2;
	} else if (len > 2 && s[0] == '0' && s[1] == 'x') {
		base = 16;
		i = 2;
	} else if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i = 1;
	}
	if (i >= len)
		return false;
	uint64_t mag = 0;
	bool over = false;
	double approx = 0;
	for (; i < len; i++) {
		int d = fc_text_hex_value(s[i]);
		if (d < 0 || d >= (int)base)
			return false;
		unsigned ud = (unsigned)d;
		approx = approx * base + ud;
		if (mag > (UINT64_MAX - ud) / base)
			over = true;
		else
			mag = mag * base + ud;
	}
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (over || mag > limit) {
		n->kind = FC_NODE_FLOAT;
		/* strtod rounds decimal and hexadecimal text correctly */
		n->number = base == 8 ? approx : strtod(s, NULL);
		return true;
	}
	n->kind = FC_NODE_INT;
	if (!neg)
		n->integer = (int64_t)mag;
	else if (mag == (uint64_t)INT64_MAX + 1)
		n->integer = INT64_MIN;
	else
		n->integer = -(int64_t)mag;
	n->number = (double)n->integer;
	return true;
}

static size_t skip_digits(const char *s, size_t len, size_t *i)
{
	size_t start = *i;
	while (*i < len && is_digit(s[*i]))
		(*i)++;
	return *i - start;
}

/*
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF)
 * | \.(nan|NaN|NAN) : FC_NODE_FLOAT.
 */
bool fc_yaml_scalar_float(struct fc_node *n)
{
	const char *s = n->text;
	size_t len = n->len, i = 0;
	bool sign = len > 0 && (s[0] == '-' || s[0] == '+');
	if (sign)
		i = 1;
	const char *r = s + i;
	size_t rn = len - i;
	if (text_is(r, rn, ".inf") || text_is(r, rn, ".Inf") || text_is(r, rn, ".INF")) {
		n->kind = FC_NODE_FLOAT;
		n->number = s[0] == '-' ? -INFINITY : INFINITY;
		return true;
	}
	if (!sign && (text_is(r, rn, ".nan") || text_is(r, rn, ".NaN") || text_is(r, rn, ".NAN"))) {
		n->kind = FC_NODE_FLOAT;
		n->number = NAN;
		return true;
	}
	if (i < len && s[i] == '.') {
		i++;
		if (!skip_digits(s, len, &i))
			return false;
	} else {
		if (!skip_digits(s, len, &i))
			return false;
		if (i < len && s[i] == '.') {
			i++;
			skip_digits(s, len, &i);
		}
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (!skip_digits(s, len, &i))
			return false;
	}
	if (i != len)
		return false;
	n->kind = FC_NODE_FLOAT;
	n->number = strtod(s, NULL);
	return true;
}

/*
 * YAML 1.1 typing of a plain scalar, as Helm reads values files: sigs.k8s.io/yaml
 * decodes with go-yaml v2's resolver (resolve.go) and then goes through JSON, so
 * y/yes/on/true... and n/no/off/false... are booleans; integers take Go's base
 * prefixes (0x, 0o, 0b, and a leading 0 for octal) with '_' ignored; what is not
 * an integer but matches the float form is a float; a text starting with four
 * digits and '-' is a time stamp (a string after JSON); everything else is a
 * string.  Numbers get their decimal text (0x1f is 31) since Helm sees only
 * their values.
 */
static bool go_parse_int(const char *s, size_t len, int64_t *out, bool *is_unsigned, uint64_t *uout)
{
	size_t i = 0;
	bool neg = false;
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		neg = s[i] == '-';
		i++;
	}
	unsigned base = 10;
	if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	} else if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'o' || s[i + 1] == 'O')) {
		base = 8;
		i += 2;
	} else if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'b' || s[i + 1] == 'B')) {
		base = 2;
		i += 2;
	} else if (len - i > 1 && s[i] == '0') {
		base = 8;
		i += 1;
	}
	if (i >= len)
		return false;
	uint64_t mag = 0;
	for (; i < len; i++) {
		int d = fc_text_hex_value(s[i]);
		if (d < 0 || d >= (int)base)
			return false;
		if (mag > (UINT64_MAX - (unsigned)d) / base)
			return false;
		mag = mag * base + (unsigned)d;
	}
	*is_unsigned = false;
	if (!neg && mag <= (uint64_t)INT64_MAX) {
		*out = (int64_t)mag;
	} else if (neg && mag <= (uint64_t)INT64_MAX + 1) {
		*out = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else if (!neg && s[0] != '+') {
		*is_unsigned = true; /* Go's ParseUint takes no sign */
		*uout = mag;
	} else {
		return false;
	}
	return true;
}

/* The shortest decimal text that reads back as value. */
static const char *float_text(struct fc_arena *arena, double value)
{
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, value);
		if (strtod(buf, NULL) == value)
			break;
	}
	return fc_arena_strdup(arena, buf);
}

void fc_yaml_scalar_plain_yaml11(struct fc_arena *arena, struct fc_node *n)
{
	static const char *const words[][11] = {
	        {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"},
	        {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"},
	};
	if (fc_yaml_scalar_null(n))
		return;
	for (size_t b = 0; b < 2; b++)
		for (size_t w = 0; w < 11; w++)
			if (text_is(n->text, n->len, words[b][w])) {
				n->kind = FC_NODE_BOOL;
				n->boolean = b == 0;
				return;
			}
	const char *s = n->text;
	size_t len = n->len;
	char c = len ? s[0] : '\0';
	if (c == '.') {
		fc_yaml_scalar_float(n);
		return;
	}
	if (!is_digit(c) && c != '+' && c != '-')
		return;
	if (len > 4 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
	    s[4] == '-')
		return; /* a time stamp, or no number at all */
	char *plain = fc_arena_alloc(arena, len + 1);
	size_t pn = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] != '_')
			plain[pn++] = s[i];
	plain[pn] = '\0';
	int64_t iv = 0;
	uint64_t uv = 0;
	bool is_unsigned = false;
	if (go_parse_int(plain, pn, &iv, &is_unsigned, &uv)) {
		if (is_unsigned) {
			n->kind = FC_NODE_FLOAT;
			n->number = (double)uv;
			n->text = fc_arena_printf(arena, "%llu", (unsigned long long)uv);
		} else {
			n->kind = FC_NODE_INT;
			n->integer = iv;
			n->number = (double)iv;
			n->text = fc_arena_printf(arena, "%lld", (long long)iv);
		}
		n->len = strlen(n->text);
		return;
	}
	struct fc_node probe = *n;
	probe.text = plain;
	probe.len = pn;
	if (fc_yaml_scalar_float(&probe)) {
		n->kind = FC_NODE_FLOAT;
		n->number = probe.number;
		if (isfinite(probe.number)) {
			n->text = float_text(arena, probe.number);
			n->len = strlen(n->text);
		}
	}
}

/* The text of a key as Helm sees it: go-yaml v2 types keys too, and
 * sigs.k8s.io/yaml turns them back into strings (yes: becomes "true"). */
void fc_yaml_scalar_key_yaml11(struct fc_node *n)
{
	if (n->kind == FC_NODE_BOOL) {
		n->text = n->boolean ? "true" : "false";
		n->len = strlen(n->text);
	} else if (n->kind == FC_NODE_NULL) {
		n->text = "null";
		n->len = 4;
	}
}

/* Types n (text set, kind FC_NODE_STRING) as an untagged plain scalar. */
void fc_yaml_scalar_plain(struct fc_node *n)
{
	if (!fc_yaml_scalar_null(n) && !fc_yaml_scalar_bool(n) && !fc_yaml_scalar_int(n))
		fc_yaml_scalar_float(n);
}

/*
 * decimal - exact arithmetic on numbers as written, for the schema validator.
 *
 * A number node keeps its source spelling (doc.h); reading that spelling as
 * a decimal (sign, significant digits, exponent) makes comparisons, equality,
 * "is an integer" and "is a multiple of" exact for every number a JSON or
 * YAML document can write, where doubles would round (1e-8, 0.1,
 * 9007199254740993, 1e400).  Numbers without a decimal spelling (YAML's .inf
 * and .nan) are not decimals: fc_decimal_from_node returns false and callers
 * fall back to doubles.
 *
 * A decimal does not copy digits: it points into the node's text (which must
 * outlive it) or, for integers spelled in hex or octal, into its own buffer
 * (so a decimal may be copied by value).
 */
#ifndef FC_DECIMAL_H
#define FC_DECIMAL_H

#include "doc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fc_decimal {
	int sign; /* -1, +1, or 0 when the value is zero */
	/*
	 * Significant digits D (first and last non-zero), value = 0.D x 10^exp.
	 * Digit i is int_digits[start + i] while start + i < int_len, else
	 * frac_digits[start + i - int_len]; when int_digits is NULL the digits
	 * are own[start + i].
	 */
	const char *int_digits;
	size_t int_len;
	const char *frac_digits;
	size_t start;
	size_t count;
	int64_t exp;
	char own[24];
};

/*
 * Reads a number node (FC_NODE_INT or FC_NODE_FLOAT).  Accepts JSON numbers
 * and YAML's looser decimals ("+1.5", ".5", "5.").  Returns false for
 * non-numbers and for spellings that are not decimals (".inf", ".nan").
 */
bool fc_decimal_from_node(struct fc_decimal *d, const struct fc_node *node);
/* Reads a decimal spelling; false when text is not one. */
bool fc_decimal_parse(struct fc_decimal *d, const char *text, size_t len);

/* -1, 0 or 1 as a is less than, equal to or greater than b. */
int fc_decimal_cmp(const struct fc_decimal *a, const struct fc_decimal *b);
bool fc_decimal_is_integer(const struct fc_decimal *d);
/*
 * Whether a is an integer multiple of b (b > 0): 1 yes, 0 no, -1 when the
 * numbers are too far apart in scale to decide exactly (the caller then uses
 * doubles).
 */
int fc_decimal_is_multiple(const struct fc_decimal *a, const struct fc_decimal *b);
/* A hash equal for equal values (1, 1.0 and 10e-1 hash alike). */
uint64_t fc_decimal_hash(const struct fc_decimal *d);

#endif

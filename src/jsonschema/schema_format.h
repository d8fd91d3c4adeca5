/*
 * schema_format - the "format" checks the schema validator can assert.
 *
 * date-time, date, time (RFC 3339, leap seconds only at 23:59:60 UTC),
 * ipv4, ipv6 (RFC 2673/4291 text forms), hostname (RFC 1123 labels; A-labels
 * "xn--..." are decoded (RFC 3492) and checked against the IDNA2008 rules
 * that Unicode properties decide: no leading combining mark, letters, marks
 * and digits only, the RFC 5892 exceptions and CONTEXTJ/CONTEXTO rules), uri
 * (RFC 3986 absolute URI), email (RFC 5321 mailbox), uuid (RFC 4122 text)
 * and regex (ECMA-262, see ecma_regex.h).  Every other format name is an
 * annotation: fc_format_lookup returns FC_FORMAT_UNKNOWN for it.
 *
 * Checks look at the exact bytes: no trimming, and a NUL byte is invalid.
 */
#ifndef FC_SCHEMA_FORMAT_H
#define FC_SCHEMA_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

enum fc_format {
	FC_FORMAT_UNKNOWN,
	FC_FORMAT_DATE_TIME,
	FC_FORMAT_DATE,
	FC_FORMAT_TIME,
	FC_FORMAT_IPV4,
	FC_FORMAT_IPV6,
	FC_FORMAT_HOSTNAME,
	FC_FORMAT_URI,
	FC_FORMAT_EMAIL,
	FC_FORMAT_UUID,
	FC_FORMAT_REGEX,
};

enum fc_format fc_format_lookup(const char *name, size_t len);
/* Whether s (len bytes) is valid for format f; true for FC_FORMAT_UNKNOWN. */
bool fc_format_check(enum fc_format f, const char *s, size_t len);

#endif

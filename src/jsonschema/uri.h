/*
 * uri - RFC 3986 URI references: splitting, resolution against a base, and
 * strict syntax checks (the "uri" format, IP addresses).
 *
 * Used by the schema compiler to resolve $id and $ref, and by the format
 * checks.  Splitting follows RFC 3986 appendix B and never fails; validity
 * is a separate question answered by fc_uri_is_valid.
 */
#ifndef FC_URI_H
#define FC_URI_H

#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>

struct fc_uri_part {
	const char *s;
	size_t len;
	bool present;
};

struct fc_uri {
	struct fc_uri_part scheme, authority, path, query, fragment;
};

/* Splits s (len bytes) into its five components; parts point into s. */
void fc_uri_split(const char *s, size_t len, struct fc_uri *uri);

/*
 * Appends to out the target URI of reference ref resolved against the
 * absolute URI base (RFC 3986 section 5.2, dot segments removed).
 */
void fc_uri_resolve(struct fc_strbuf *out, const char *base, const char *ref);

/* Strict RFC 3986 syntax: an absolute URI (scheme required) when
 * require_scheme, otherwise any URI reference. */
bool fc_uri_is_valid(const char *s, size_t len, bool require_scheme);

/* Dotted-quad IPv4 address, decimal octets 0-255 without leading zeros. */
bool fc_uri_is_ipv4(const char *s, size_t len);
/* RFC 4291 textual IPv6 address (no zone, no brackets, no prefix length). */
bool fc_uri_is_ipv6(const char *s, size_t len);

#endif

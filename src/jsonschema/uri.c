/*
 * uri - RFC 3986 splitting, resolution and syntax checks; see uri.h.
 */
#include "uri.h"

#include "arena.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

void fc_uri_split(const char *s, size_t len, struct fc_uri *u)
{
	memset(u, 0, sizeof(*u));
	size_t i = 0;
	/* scheme: up to the first ':' that precedes any of / ? # */
	for (size_t j = 0; j < len; j++) {
		char c = s[j];
		if (c == ':') {
			if (j > 0) {
				u->scheme = (struct fc_uri_part){s, j, true};
				i = j + 1;
			}
			break;
		}
		if (c == '/' || c == '?' || c == '#')
			break;
	}
	if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		size_t a = i + 2, j = a;
		while (j < len && s[j] != '/' && s[j] != '?' && s[j] != '#')
			j++;
		u->authority = (struct fc_uri_part){s + a, j - a, true};
		i = j;
	}
	size_t p = i;
	while (i < len && s[i] != '?' && s[i] != '#')
		i++;
	u->path = (struct fc_uri_part){s + p, i - p, true};
	if (i < len && s[i] == '?') {
		size_t q = ++i;
		while (i < len && s[i] != '#')
			i++;
		u->query = (struct fc_uri_part){s + q, i - q, true};
	}
	if (i < len && s[i] == '#') {
		i++;
		u->fragment = (struct fc_uri_part){s + i, len - i, true};
	}
}

/* Removes the last segment and its "/" from what out holds after start. */
static void pop_segment(struct fc_strbuf *out, size_t start)
{
	while (out->len > start && out->buf[out->len - 1] != '/')
		out->len--;
	if (out->len > start)
		out->len--;
	out->buf[out->len] = '\0';
}

/* RFC 3986 section 5.2.4, appending the result to out. */
static void remove_dot_segments(struct fc_strbuf *out, const char *path, size_t len)
{
	size_t start = out->len;
	char *in = fc_xmalloc(len + 1);
	memcpy(in, path, len);
	size_t i = 0;
	while (i < len) {
		const char *p = in + i;
		size_t left = len - i;
		if (left >= 3 && memcmp(p, "../", 3) == 0) {
			i += 3;
		} else if (left >= 2 && memcmp(p, "./", 2) == 0) {
			i += 2;
		} else if (left >= 3 && memcmp(p, "/./", 3) == 0) {
			i += 2;
		} else if (left == 2 && memcmp(p, "/.", 2) == 0) {
			i += 1;
			in[i] = '/';
		} else if (left >= 4 && memcmp(p, "/../", 4) == 0) {
			i += 3;
			pop_segment(out, start);
		} else if (left == 3 && memcmp(p, "/..", 3) == 0) {
			i += 2;
			in[i] = '/';
			pop_segment(out, start);
		} else if ((left == 1 && p[0] == '.') || (left == 2 && memcmp(p, "..", 2) == 0)) {
			i = len;
		} else {
			size_t j = p[0] == '/' ? 1 : 0;
			while (j < left && p[j] != '/')
				j++;
			fc_strbuf_add(out, p, j);
			i += j;
		}
	}
	free(in);
}

static void add_part(struct fc_strbuf *out, const char *prefix, struct fc_uri_part p)
{
	if (!p.present)
		return;
	fc_strbuf_addstr(out, prefix);
	fc_strbuf_add(out, p.s, p.len);
}

void fc_uri_resolve(struct fc_strbuf *out, const char *base, const char *ref)
{
	struct fc_uri b, r;
	fc_uri_split(base, strlen(base), &b);
	fc_uri_split(ref, strlen(ref), &r);
	struct fc_uri_part scheme = b.scheme, authority, query;
	if (r.scheme.present) {
		scheme = r.scheme;
		authority = r.authority;
		query = r.query;
	} else if (r.authority.present) {
		authority = r.authority;
		query = r.query;
	} else {
		authority = b.authority;
		query = r.path.len == 0 && !r.query.present ? b.query : r.query;
	}
	if (scheme.present) {
		fc_strbuf_add(out, scheme.s, scheme.len);
		fc_strbuf_addch(out, ':');
	}
	add_part(out, "//", authority);
	if (r.scheme.present || r.authority.present) {
		remove_dot_segments(out, r.path.s, r.path.len);
	} else if (r.path.len == 0) {
		fc_strbuf_add(out, b.path.s, b.path.len);
	} else if (r.path.s[0] == '/') {
		remove_dot_segments(out, r.path.s, r.path.len);
	} else {
		struct fc_strbuf merged = FC_STRBUF_INIT;
		if (b.authority.present && b.path.len == 0) {
			fc_strbuf_addch(&merged, '/');
		} else {
			size_t k = b.path.len;
			while (k > 0 && b.path.s[k - 1] != '/')
				k--;
			fc_strbuf_add(&merged, b.path.s, k);
		}
		fc_strbuf_add(&merged, r.path.s, r.path.len);
		remove_dot_segments(out, merged.buf, merged.len);
		fc_strbuf_release(&merged);
	}
	add_part(out, "?", query);
	add_part(out, "#", r.fragment);
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_unreserved(char c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static bool is_sub_delim(char c)
{
	return c && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * True when s consists of unreserved characters, sub-delims, percent
 * escapes and the characters in extra.
 */
static bool is_chars(const char *s, size_t len, const char *extra)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= len || fc_text_hex_value(s[i + 1]) < 0 ||
			    fc_text_hex_value(s[i + 2]) < 0)
				return false;
			i += 2;
		} else if (!is_unreserved(c) && !is_sub_delim(c) && !(c && strchr(extra, c))) {
			return false;
		}
	}
	return true;
}

bool fc_uri_is_ipv4(const char *s, size_t len)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= len || s[i] != '.')
				return false;
			i++;
		}
		size_t start = i;
		unsigned v = 0;
		while (i < len && is_digit(s[i]) && i - start < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		size_t n = i - start;
		if (n == 0 || v > 255 || (n > 1 && s[start] == '0'))
			return false;
	}
	return i == len;
}

bool fc_uri_is_ipv6(const char *s, size_t len)
{
	int groups = 0;
	bool elided = false;
	size_t i = 0;
	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		elided = true;
		i = 2;
		if (i == len)
			return true;
	} else if (len >= 1 && s[0] == ':') {
		return false;
	}
	while (i < len) {
		size_t start = i;
		while (i < len && fc_text_hex_value(s[i]) >= 0 && i - start < 5)
			i++;
		size_t n = i - start;
		if (i < len && s[i] == '.') {
			/* an IPv4 tail takes two groups and ends the address */
			if (!fc_uri_is_ipv4(s + start, len - start))
				return false;
			groups += 2;
			i = len;
			break;
		}
		if (n == 0 || n > 4)
			return false;
		groups++;
		if (i == len)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < len && s[i] == ':') {
			if (elided)
				return false;
			elided = true;
			i++;
			if (i == len)
				break;
		} else if (i == len) {
			return false; /* a single trailing colon */
		}
	}
	return elided ? groups <= 7 : groups == 8;
}

static bool is_port(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* IP-literal: "[" ( IPv6address / IPvFuture ) "]", brackets stripped. */
static bool is_ip_literal(const char *s, size_t len)
{
	if (len >= 2 && (s[0] == 'v' || s[0] == 'V')) {
		size_t i = 1;
		while (i < len && fc_text_hex_value(s[i]) >= 0)
			i++;
		if (i == 1 || i >= len || s[i] != '.')
			return false;
		i++;
		if (i >= len)
			return false;
		for (; i < len; i++)
			if (!is_unreserved(s[i]) && !is_sub_delim(s[i]) && s[i] != ':')
				return false;
		return true;
	}
	return fc_uri_is_ipv6(s, len);
}

static bool is_authority(const char *s, size_t len)
{
	const char *at = NULL;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '@')
			at = s + i;
	if (at) {
		if (!is_chars(s, (size_t)(at - s), ":"))
			return false;
		len -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	if (len > 0 && s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (!close || !is_ip_literal(s + 1, (size_t)(close - s - 1)))
			return false;
		size_t rest = len - (size_t)(close + 1 - s);
		if (rest == 0)
			return true;
		return close[1] == ':' && is_port(close + 2, rest - 1);
	}
	const char *colon = memchr(s, ':', len);
	size_t hlen = colon ? (size_t)(colon - s) : len;
	if (!is_chars(s, hlen, ""))
		return false;
	return !colon || is_port(colon + 1, len - hlen - 1);
}

bool fc_uri_is_valid(const char *s, size_t len, bool require_scheme)
{
	struct fc_uri u;
	fc_uri_split(s, len, &u);
	if (u.scheme.present) {
		if (!is_alpha(u.scheme.s[0]))
			return false;
		for (size_t i = 1; i < u.scheme.len; i++) {
			char c = u.scheme.s[i];
			if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.')
				return false;
		}
	} else if (require_scheme) {
		return false;
	} else {
		/* a relative path's first segment must not contain ':' */
		const char *slash = memchr(u.path.s, '/', u.path.len);
		size_t first = slash ? (size_t)(slash - u.path.s) : u.path.len;
		if (memchr(u.path.s, ':', first))
			return false;
	}
	if (u.authority.present && !is_authority(u.authority.s, u.authority.len))
		return false;
	if (!is_chars(u.path.s, u.path.len, ":@/"))
		return false;
	if (!u.authority.present && u.path.len >= 2 && u.path.s[0] == '/' && u.path.s[1] == '/')
		return false;
	if (u.query.present && !is_chars(u.query.s, u.query.len, ":@/?"))
		return false;
	if (u.fragment.present && !is_chars(u.fragment.s, u.fragment.len, ":@/?"))
		return false;
	return true;
}

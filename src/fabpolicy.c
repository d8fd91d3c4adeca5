/*
 * fabpolicy - Fabric's signature policy language; see fabpolicy.h.
 *
 * A recursive-descent parser over the bytes; the first error stops it.
 * Fabric's rules come from common/policydsl/policyparser.go (v2.5.12, same
 * at v3.1.1): the gate names of FromString's function map, the principal
 * regular expression `^([[:alnum:].-]+)([.])(admin|member|client|peer|orderer)$`
 * and secondPass's check of the threshold.
 */
#include "fabpolicy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct parser {
	struct fc_arena *arena;
	const char *text;
	size_t len, at;
	struct fc_fabpolicy_error *err;
	bool failed;
};

static void fail(struct parser *p, size_t offset, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void fail(struct parser *p, size_t offset, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = true;
	p->err->offset = offset;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static void skip_space(struct parser *p)
{
	while (p->at < p->len && is_space(p->text[p->at]))
		p->at++;
}

/* What stands at the cursor, for messages: "end of policy" or 'c'. */
static const char *here(struct parser *p, char *buf, size_t size)
{
	if (p->at >= p->len)
		return "the end of the policy";
	unsigned char c = (unsigned char)p->text[p->at];
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, size, "byte 0x%02x", c);
	else
		snprintf(buf, size, "'%c'", c);
	return buf;
}

static bool expect(struct parser *p, char c, const char *what)
{
	skip_space(p);
	if (p->at < p->len && p->text[p->at] == c) {
		p->at++;
		return true;
	}
	char buf[16];
	fail(p, p->at, "expected %s, found %s", what, here(p, buf, sizeof(buf)));
	return false;
}

static const char *const roles[] = {"admin", "member", "client", "peer", "orderer"};

/* A quoted principal at p->at (the quote). */
static struct fc_fabpolicy *principal(struct parser *p)
{
	size_t start = p->at;
	char quote = p->text[p->at++];
	size_t body = p->at;
	while (p->at < p->len && p->text[p->at] != quote)
		p->at++;
	if (p->at >= p->len) {
		fail(p, start, "unterminated principal: no closing %c", quote);
		return NULL;
	}
	size_t end = p->at++;
	/* MSPID: [A-Za-z0-9.-]+, then '.' ROLE: the regular expression is greedy,
	 * so the role is what follows the last '.' */
	size_t dot = end;
	for (size_t i = body; i < end; i++) {
		char c = p->text[i];
		if (!is_alnum(c) && c != '.' && c != '-') {
			fail(p, i,
			     "principal '%.*s' holds '%c'; an MSP ID has letters, digits, '.' and "
			     "'-'",
			     (int)(end - body), p->text + body, c);
			return NULL;
		}
		if (c == '.')
			dot = i;
	}
	if (dot == end || dot == body) {
		fail(p, body, "principal '%.*s' is not MSPID.role", (int)(end - body),
		     p->text + body);
		return NULL;
	}
	const char *role = NULL;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strlen(roles[i]) == end - dot - 1 &&
		    memcmp(roles[i], p->text + dot + 1, end - dot - 1) == 0)
			role = roles[i];
	if (!role) {
		fail(p, dot + 1,
		     "unknown role '%.*s'; roles are admin, member, client, peer, orderer",
		     (int)(end - dot - 1), p->text + dot + 1);
		return NULL;
	}
	struct fc_fabpolicy *n = fc_arena_alloc(p->arena, sizeof(*n));
	n->kind = FC_FABPOLICY_PRINCIPAL;
	n->offset = start;
	n->msp_id = fc_arena_strndup(p->arena, p->text + body, dot - body);
	n->role = role;
	return n;
}

enum gate { GATE_AND, GATE_OR, GATE_OUTOF };

static bool gate_name(const char *s, size_t n, enum gate *g)
{
	static const struct {
		const char *name;
		enum gate gate;
	} names[] = {{"AND", GATE_AND},     {"And", GATE_AND},     {"and", GATE_AND},
	             {"OR", GATE_OR},       {"Or", GATE_OR},       {"or", GATE_OR},
	             {"OUTOF", GATE_OUTOF}, {"OutOf", GATE_OUTOF}, {"outof", GATE_OUTOF}};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && memcmp(names[i].name, s, n) == 0) {
			*g = names[i].gate;
			return true;
		}
	return false;
}

static struct fc_fabpolicy *expr(struct parser *p, unsigned depth);

static void push(struct parser *p, struct fc_fabpolicy *gate, size_t *alloc,
                 struct fc_fabpolicy *sub)
{
	if (gate->count == *alloc) {
		size_t grown = *alloc ? 2 * *alloc : 4;
		struct fc_fabpolicy **subs = fc_arena_array(p->arena, grown, sizeof(*subs));
		if (gate->count)
			memcpy(subs, gate->subs, gate->count * sizeof(*subs));
		gate->subs = subs;
		*alloc = grown;
	}
	gate->subs[gate->count++] = sub;
}

/* A gate whose name (name_len bytes) starts at p->at. */
static struct fc_fabpolicy *gate(struct parser *p, size_t name_len, unsigned depth)
{
	size_t start = p->at;
	enum gate g;
	if (!gate_name(p->text + start, name_len, &g)) {
		fail(p, start,
		     "unknown gate '%.*s'; gates are AND, OR and OutOf (also And/and, Or/or, "
		     "OUTOF/outof) and principals are quoted",
		     (int)name_len, p->text + start);
		return NULL;
	}
	if (depth >= FC_FABPOLICY_MAX_DEPTH) {
		fail(p, start, "gates nested deeper than %d levels", FC_FABPOLICY_MAX_DEPTH);
		return NULL;
	}
	p->at += name_len;
	if (!expect(p, '(', "'(' after the gate name"))
		return NULL;
	struct fc_fabpolicy *n = fc_arena_alloc(p->arena, sizeof(*n));
	n->kind = FC_FABPOLICY_GATE;
	n->offset = start;
	size_t alloc = 0;
	unsigned long long threshold = 0;
	size_t threshold_at = 0;
	if (g == GATE_OUTOF) {
		skip_space(p);
		threshold_at = p->at;
		if (p->at >= p->len || p->text[p->at] < '0' || p->text[p->at] > '9') {
			char buf[16];
			fail(p, p->at, "expected the count of OutOf, found %s",
			     here(p, buf, sizeof(buf)));
			return NULL;
		}
		while (p->at < p->len && p->text[p->at] >= '0' && p->text[p->at] <= '9') {
			if (threshold < 1000000)
				threshold = threshold * 10 + (unsigned)(p->text[p->at] - '0');
			p->at++;
		}
		if (!expect(p, ',', "',' after the count of OutOf"))
			return NULL;
	}
	for (;;) {
		struct fc_fabpolicy *sub = expr(p, depth + 1);
		if (!sub)
			return NULL;
		push(p, n, &alloc, sub);
		skip_space(p);
		if (p->at < p->len && p->text[p->at] == ',') {
			p->at++;
			continue;
		}
		if (!expect(p, ')', "',' or ')'"))
			return NULL;
		break;
	}
	if (g == GATE_AND)
		threshold = n->count;
	else if (g == GATE_OR)
		threshold = 1;
	else if (threshold < 1 || threshold > n->count) {
		fail(p, threshold_at,
		     "OutOf(%llu, ...) of %zu sub-policies: the count must be 1 to %zu "
		     "(0 is met by no signature, more than %zu never)",
		     threshold, n->count, n->count, n->count);
		return NULL;
	}
	n->threshold = (unsigned)threshold;
	return n;
}

static struct fc_fabpolicy *expr(struct parser *p, unsigned depth)
{
	skip_space(p);
	if (p->at >= p->len) {
		fail(p, p->at,
		     "expected a gate or a quoted principal, found the end of the policy");
		return NULL;
	}
	char c = p->text[p->at];
	if (c == '\'' || c == '"')
		return principal(p);
	size_t n = 0;
	while (p->at + n < p->len && is_alnum(p->text[p->at + n]))
		n++;
	if (n == 0) {
		char buf[16];
		fail(p, p->at, "expected a gate or a quoted principal, found %s",
		     here(p, buf, sizeof(buf)));
		return NULL;
	}
	return gate(p, n, depth);
}

int fc_fabpolicy_parse(struct fc_arena *arena, const char *text, size_t len,
                       struct fc_fabpolicy **out, struct fc_fabpolicy_error *err)
{
	struct parser p = {arena, text, len, 0, err, false};
	memset(err, 0, sizeof(*err));
	*out = NULL;
	struct fc_fabpolicy *root = expr(&p, 0);
	if (root) {
		skip_space(&p);
		if (p.at < p.len) {
			char buf[16];
			fail(&p, p.at, "unexpected %s after the policy",
			     here(&p, buf, sizeof(buf)));
		}
	}
	if (p.failed)
		return -1;
	*out = root;
	return 0;
}

bool fc_fabpolicy_is_or_only(const struct fc_fabpolicy *p)
{
	if (p->kind == FC_FABPOLICY_PRINCIPAL)
		return true;
	if (p->threshold != 1)
		return false;
	for (size_t i = 0; i < p->count; i++)
		if (!fc_fabpolicy_is_or_only(p->subs[i]))
			return false;
	return true;
}

static bool each(const struct fc_fabpolicy *p,
                 bool (*fn)(void *ctx, const struct fc_fabpolicy *principal), void *ctx)
{
	if (p->kind == FC_FABPOLICY_PRINCIPAL)
		return fn(ctx, p);
	for (size_t i = 0; i < p->count; i++)
		if (!each(p->subs[i], fn, ctx))
			return false;
	return true;
}

void fc_fabpolicy_each_principal(const struct fc_fabpolicy *p,
                                 bool (*fn)(void *ctx, const struct fc_fabpolicy *principal),
                                 void *ctx)
{
	each(p, fn, ctx);
}

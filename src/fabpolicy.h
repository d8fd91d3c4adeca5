/*
 * fabpolicy - Fabric's signature policy language, as `peer lifecycle
 * chaincode approveformyorg --signature-policy` and collection configs take
 * it, parsed into a tree whose every node knows its byte offset in the text.
 *
 * Grammar (Fabric's common/policydsl/policyparser.go, FromString, at v2.5.12
 * and v3.1.1: govaluate expressions over the functions And/Or/OutOf, each in
 * three spellings, and quoted principals):
 *
 *   policy    := expr
 *   expr      := gate | principal
 *   gate      := ('AND' | 'And' | 'and' | 'OR' | 'Or' | 'or') '(' expr {',' expr} ')'
 *              | ('OUTOF' | 'OutOf' | 'outof') '(' count ',' expr {',' expr} ')'
 *   principal := "'" MSPID '.' ROLE "'"  |  '"' MSPID '.' ROLE '"'
 *   MSPID     := one or more of [A-Za-z0-9.-]  (the longest that leaves '.' ROLE)
 *   ROLE      := 'admin' | 'member' | 'client' | 'peer' | 'orderer'
 *   count     := decimal digits
 * with spaces, tabs and line breaks allowed between tokens.  AND of n
 * sub-policies is OutOf(n, ...), OR is OutOf(1, ...).
 *
 * Stricter than Fabric on one point, documented: an OutOf threshold must lie
 * in 1..n (Fabric accepts 0, satisfied by nothing signed, and n+1, which
 * nothing satisfies).  Nesting is limited to FC_FABPOLICY_MAX_DEPTH gates.
 *
 * Ownership: the tree lives in the caller's arena; the text must outlive it
 * (MSP IDs point into copies in the arena, not into the text).
 */
#ifndef FC_FABPOLICY_H
#define FC_FABPOLICY_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>

#define FC_FABPOLICY_MAX_DEPTH 32

enum fc_fabpolicy_kind { FC_FABPOLICY_PRINCIPAL, FC_FABPOLICY_GATE };

struct fc_fabpolicy {
	enum fc_fabpolicy_kind kind;
	size_t offset; /* byte offset of the node's first character in the text */
	/* principal */
	const char *msp_id;
	const char *role; /* "admin", "member", "client", "peer" or "orderer" */
	/* gate */
	unsigned threshold; /* N of N-out-of-count */
	struct fc_fabpolicy **subs;
	size_t count;
};

struct fc_fabpolicy_error {
	size_t offset; /* byte offset in the text */
	char message[192]; /* lowercase, no trailing period */
};

/*
 * Parses len bytes of text.  Returns 0 and sets *out, or -1 with *err set to
 * the first problem and its offset (*out NULL).
 */
int fc_fabpolicy_parse(struct fc_arena *arena, const char *text, size_t len,
                       struct fc_fabpolicy **out, struct fc_fabpolicy_error *err);

/* True when every gate of p has threshold 1: an OR of principals, which is
 * what a collection's member policy must be (Fabric's
 * core/chaincode/lifecycle/scc.go, validateSpOrConcat). */
bool fc_fabpolicy_is_or_only(const struct fc_fabpolicy *p);

/* Calls fn for every principal of p in text order, until fn returns false. */
void fc_fabpolicy_each_principal(const struct fc_fabpolicy *p,
                                 bool (*fn)(void *ctx, const struct fc_fabpolicy *principal),
                                 void *ctx);

#endif

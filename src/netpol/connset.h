/*
 * connset - sets of connections: per protocol (SCTP, TCP, UDP), a set of
 * ports 1-65535 as intervals (ivset.h).  The connectivity analyzer
 * (netpol.h) intersects what a source's egress and a destination's ingress
 * allow; fc_connset_format() writes a set as the analyzer's outputs show it.
 *
 * Ownership: a set owns its interval arrays; fc_connset_release() frees
 * them.  A zeroed struct is an empty set.
 */
#ifndef FC_CONNSET_H
#define FC_CONNSET_H

#include "ivset.h"
#include "strbuf.h"

#include <stdbool.h>

#define FC_PORT_MIN 1u
#define FC_PORT_MAX 65535u

/* In output order: protocols alphabetically. */
enum fc_proto { FC_PROTO_SCTP, FC_PROTO_TCP, FC_PROTO_UDP, FC_PROTO_COUNT };

/* "SCTP", "TCP", "UDP". */
extern const char *const fc_proto_names[FC_PROTO_COUNT];

struct fc_connset {
	struct fc_ivset p[FC_PROTO_COUNT];
};

void fc_connset_release(struct fc_connset *c);
/* Empties c, keeping its arrays. */
void fc_connset_clear(struct fc_connset *c);
/* Every port of every protocol. */
void fc_connset_set_all(struct fc_connset *c);
bool fc_connset_is_all(const struct fc_connset *c);
bool fc_connset_is_empty(const struct fc_connset *c);
/* c = c ∩ t, protocol by protocol; tmp is scratch. */
void fc_connset_intersect(struct fc_connset *c, const struct fc_connset *t, struct fc_ivset *tmp);
/* Appends "All Connections", or e.g. "SCTP 9090,TCP 8000-9000,UDP 53"
 * (protocols alphabetically, nothing for an empty set). */
void fc_connset_format(struct fc_strbuf *sb, const struct fc_connset *c);

#endif

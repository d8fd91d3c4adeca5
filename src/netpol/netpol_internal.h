/*
 * netpol_internal - what the parts of the connectivity analyzer share, and
 * nothing outside src/netpol/ includes: the records read from objects
 * (namespaces, pod records, policies with their rules), the analysis results
 * (workloads, external peers, connections) and struct fc_netpol that holds
 * them.  netpol_read.c fills the records, netpol_analyze.c computes the
 * results, netpol_format.c writes them; netpol.c owns the lifecycle.
 */
#ifndef FC_NETPOL_INTERNAL_H
#define FC_NETPOL_INTERNAL_H

#include "connset.h"
#include "netpol.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IP_MAX UINT32_MAX

struct label {
	const char *key, *value;
};

struct labels {
	const struct label *items;
	size_t count;
};

enum op { OP_IN, OP_NOT_IN, OP_EXISTS, OP_DOES_NOT_EXIST };

struct requirement {
	const char *key;
	enum op op;
	const char *const *values;
	size_t nvalues;
};

/* matchLabels (as In with one value) and matchExpressions, ANDed. */
struct selector {
	const struct requirement *reqs;
	size_t count;
};

struct cport {
	const char *name; /* NULL when unnamed */
	uint32_t port; /* 0 when the entry has no containerPort */
	enum fc_proto proto;
};

struct nsrec {
	const char *name;
	struct labels labels;
	struct fc_pos pos;
	size_t seq;
};

/* A Pod, or the pod template of a workload object. */
struct podrec {
	const char *ns;
	const char *peer; /* the peer's name: owner, pod or workload */
	const char *kind; /* the peer's kind */
	const char *object; /* the object's own name (the pod's, for messages) */
	bool is_pod;
	struct labels labels;
	const struct cport *ports;
	size_t nports;
	struct fc_pos pos;
	size_t seq; /* input order */
};

struct rule_peer {
	const struct selector *pods; /* NULL: absent */
	const struct selector *nss; /* NULL: absent */
	bool ipblock;
	bool ipv6; /* an IPv6 ipBlock: matches no IPv4 range */
	const struct fc_range *ips; /* ipBlock: cidr minus except */
	size_t nips;
};

struct rule_port {
	enum fc_proto proto;
	bool any; /* no port: every port of proto */
	uint32_t lo, hi; /* a number or a range */
	const char *named; /* a named port, else NULL */
	struct fc_pos pos;
};

struct rule {
	const struct rule_peer *peers;
	size_t npeers; /* 0: every peer */
	const struct rule_port *ports;
	size_t nports; /* 0: every port */
	unsigned char *match_w; /* per workload: the rule's peers match it */
	unsigned char *match_x; /* per external range of the rule's direction */
};

enum dir { DIR_IN, DIR_OUT };

struct policy {
	const char *ns, *name;
	struct fc_pos pos;
	struct selector sel;
	bool affects[2]; /* per enum dir */
	struct rule *rules[2];
	size_t nrules[2];
	size_t seq;
};

struct peer {
	const char *str; /* as printed */
	const char *ns, *name, *kind; /* workloads */
	bool external;
	uint32_t lo, hi; /* external */
	/* workloads: */
	const struct podrec *rep; /* the record standing for the group */
	const struct nsrec *nsrec;
	size_t *pols[2]; /* policies isolating it, per enum dir */
	size_t npols[2];
};

struct conn {
	const struct peer *src, *dst;
	const struct fc_range *ports[FC_PROTO_COUNT];
	size_t nports[FC_PROTO_COUNT];
	bool all;
	const char *text;
};

struct fc_netpol {
	struct fc_arena *arena;
	size_t errors; /* errors of the objects added */
	bool skip_run_once; /* fc_netpol_skip_run_once() */
	bool analysed;
	struct nsrec *nss;
	size_t nns, nns_alloc;
	struct podrec *pods;
	size_t npods, npods_alloc;
	struct policy *pols;
	size_t npols, npols_alloc;
	size_t seq;
	/* results */
	struct peer *workloads;
	size_t nworkloads;
	struct peer *ext[2]; /* external ranges: [DIR_IN] sources, [DIR_OUT] destinations */
	size_t next[2];
	struct conn *conns;
	size_t nconns, nconns_alloc;
	struct fc_netpol_conn *pub;
};

/* ---- netpol.c ------------------------------------------------------------ */

/* qsort, which must not be given a NULL array even when empty. */
void fc_netpol_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
/* The value of key in l, or NULL. */
const char *fc_netpol_label_get(const struct labels *l, const char *key);
/* Same keys with the same values (in the same order: both sorted). */
bool fc_netpol_labels_equal(const struct labels *a, const struct labels *b);
bool fc_netpol_selector_matches(const struct selector *sel, const struct labels *labels);

#endif

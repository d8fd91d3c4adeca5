/*
 * netpol - which workload may reach which, on which ports: Kubernetes
 * NetworkPolicy evaluated as Kubernetes does, over a set of objects.
 *
 * Input: Kubernetes objects as document trees (doc.h), read from manifests
 * (load.h, json.h) or built in memory (emit.h).  Kinds used: Namespace
 * (labels; kubernetes.io/metadata.name is implied), Pod, Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job, CronJob,
 * NetworkPolicy, and List / <Kind>List (their items; an item without kind
 * takes the list's).  Every other kind is ignored.  Objects without a
 * namespace are in "default"; a namespace no Namespace object declares has
 * only its kubernetes.io/metadata.name label.
 *
 * Peers: workloads and external address ranges.  Pods are grouped by their
 * controlling owner (the ownerReference with controller: true, but a Node):
 * the peer is "ns/<owner>[<owner kind>]", "ns/<pod>[Pod]" for a bare pod; a
 * workload object is "ns/<name>[<Kind>]" with its pod template's labels and
 * container ports.  External peers are the IPv4 space cut at the bounds of
 * every ipBlock (cidr minus except): as sources at those of ingress rules,
 * as destinations at those of egress rules; "a.b.c.d-e.f.g.h[External]".
 *
 * Semantics (Kubernetes NetworkPolicy, networking.k8s.io/v1): a pod is
 * isolated for ingress (egress) when a policy of its namespace selects it
 * with that policy type; an isolated direction allows the union of the
 * matching rules of all selecting policies, a direction no policy isolates
 * allows everything; a connection needs both the source's egress and the
 * destination's ingress.  policyTypes default to Ingress, plus Egress when
 * the policy has egress rules.  A rule without peers matches every peer, one
 * without ports every port.  Peers: podSelector (the policy's namespace),
 * namespaceSelector, both (pods so labelled in namespaces so labelled),
 * ipBlock (external ranges only, never pods).  Selectors: matchLabels and
 * matchExpressions (In, NotIn, Exists, DoesNotExist), an empty selector
 * matches everything.  Ports: TCP (default), UDP, SCTP; a number, a number
 * to endPort, or a name resolved on the destination's container ports (the
 * first of that name; it must have the rule's protocol, else the port is
 * dropped); no port: every port of the protocol.  Self-connections and
 * external-to-external pairs are not listed.
 *
 * Errors (code netpol-*, positioned at the offending node; see
 * docs/netpol.md): a document that is no object [netpol-object], a field of
 * the wrong type [netpol-field], a missing name [netpol-name], a namespace,
 * policy or workload defined twice [netpol-duplicate], a bad selector
 * [netpol-selector], an empty or mixed rule peer [netpol-peer], a bad CIDR
 * [netpol-cidr], a bad port, range or protocol [netpol-port], a bad policy
 * type [netpol-policy-type], pods of one owner whose different labels a
 * selector tells apart [netpol-owner-labels].  Warnings: a named port that
 * matches no destination [netpol-named-port], an IPv6 ipBlock (outside the
 * IPv4 analysis) [netpol-ipv6].
 *
 * Ownership: a context lives until fc_netpol_free(); strings it hands out
 * and its diagnostics live in the arena given to fc_netpol_new(), which must
 * outlive it.  The document trees added must outlive the context too (their
 * strings are not copied).  Library code: nothing is printed.
 */
#ifndef FC_NETPOL_H
#define FC_NETPOL_H

#include "arena.h"
#include "diag.h"
#include "doc.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>

struct fc_netpol;

/* One allowed connection; src != dst, never both external. */
struct fc_netpol_conn {
	const char *src; /* "ns/name[Kind]" or "first-last[External]" */
	const char *dst;
	const char *conn; /* "All Connections" or e.g. "SCTP 9090,TCP 7051-7053,UDP 53" */
};

enum fc_netpol_format {
	FC_NETPOL_TEXT, /* "src => dst : conn" lines, sorted by src then dst */
	FC_NETPOL_CSV, /* header src,dst,conn; RFC 4180 quoting */
	FC_NETPOL_JSON, /* {"peers":[...],"connections":[...]} */
	FC_NETPOL_DOT, /* Graphviz digraph, a cluster per namespace */
};

struct fc_netpol *fc_netpol_new(struct fc_arena *arena);
void fc_netpol_free(struct fc_netpol *np);

/*
 * With skip, objects added later that are no long-running workload are left
 * out: Pods and workload objects with a helm.sh/hook annotation (Helm hooks,
 * and helm test pods, whose hook is "test"), and Job and CronJob objects.
 * Pods that a Job controls (a live cluster's pods) are still read.  Default:
 * every object is read.
 */
void fc_netpol_skip_run_once(struct fc_netpol *np, bool skip);

/*
 * Adds one object (a document root: a mapping with kind; a List adds its
 * items).  A null root is ignored.  Returns 0, or -1 with errors in diags
 * (the context then refuses to analyse).  Objects may be added in any
 * order; nothing is evaluated before fc_netpol_analyze().
 */
int fc_netpol_add_object(struct fc_netpol *np, const struct fc_node *root, struct fc_diags *diags);

/*
 * Groups pods into workloads, checks names and owners, and computes every
 * allowed connection.  Returns 0, or -1 with errors in diags (also when an
 * added object had errors: those were reported by fc_netpol_add_object).
 * Call it after the last object; a later call only returns the same verdict.
 */
int fc_netpol_analyze(struct fc_netpol *np, struct fc_diags *diags);

/* The connections of an analysed context, sorted by src then dst (bytes). */
const struct fc_netpol_conn *fc_netpol_connections(const struct fc_netpol *np, size_t *count);

/* Appends the analysed result in format to out (docs/netpol.md). */
void fc_netpol_format(const struct fc_netpol *np, enum fc_netpol_format format,
                      struct fc_strbuf *out);

/* "text", "csv", "json", "dot"; returns 0, or -1 for another name. */
int fc_netpol_parse_format(const char *name, enum fc_netpol_format *format);

/*
 * Compares connection lists in the text format: expected (e.g. a file a user
 * keeps) with actual.  Lines are compared as sets, after trimming trailing
 * white space (and CR); empty lines are ignored, order does not matter.
 * Returns true when they are equal.  When they differ, appends to diff a
 * readable report: each line only in expected as "- line" (a connection
 * that is expected but not allowed), then each line only in actual as
 * "+ line" (allowed but not expected), each group sorted.
 */
bool fc_netpol_compare(const char *expected, size_t expected_len, const char *actual,
                       size_t actual_len, struct fc_strbuf *diff);

#endif

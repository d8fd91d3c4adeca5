/*
 * policy - the network's NetworkPolicies, derived from the model: the
 * seed's isolation rules as Kubernetes objects (their specs), so that the
 * chart's templates only write them out and `fabchart netpol --topology`
 * analyses exactly what the chart installs.
 *
 * Rules (per namespace; ingress only, egress stays open; policyTypes always
 * explicit):
 *  - default-deny-ingress: nothing reaches any pod unless allowed below;
 *  - allow-same-namespace: pods reach pods of their own namespace (Kafka and
 *    ZooKeeper excepted: see kafka-from-orderers; chaincode servers
 *    excepted, as targets and as sources: see <server>-from-peers; from
 *    Fabric 2.5 the snapshot CronJob's pods too: see peers-from-snapshots);
 *  - peers-from-network (peer organizations): peers accept TCP 7051-7053
 *    from every namespace of the network and from the node CIDRs (NodePort);
 *  - orderers-from-network (orderer organizations): orderers accept TCP 7050
 *    from every namespace of the network and from the node CIDRs;
 *  - peers-from-snapshots (peer organizations, Fabric 2.5 and later): the
 *    snapshot CronJob's pods (templates/snapshots.yaml) reach the peers of
 *    their namespace on TCP 7051 (the Snapshot service) and nothing else:
 *    peers-from-network and orderers-from-network leave them out;
 *  - <server>-from-peers (one per chaincode server, <chaincode>-<org>-
 *    s<sequence>): the server (and the previous sequence's, which serves
 *    until an upgrade's commit) accepts only its organization's peers, on
 *    its own port;
 *  - kafka-from-orderers (the Kafka namespace): Kafka and ZooKeeper accept
 *    only orderer, Kafka and ZooKeeper pods;
 *  - explorer-from-outside (explorer namespace, when explorerExternal):
 *    the explorer accepts TCP 8080 from anywhere;
 *  - operations-from-monitoring, ca-operations-from-monitoring (when a
 *    monitoring namespace is named): from that namespace, peers accept TCP
 *    9443, orderers TCP 8443 and CAs TCP 9443 (their operations endpoints,
 *    metrics and /healthz), and nothing else.
 * CA and CLI pods get nothing beyond their namespace.  Namespaces are matched
 * by the label fabchart.dev/network=<network> that the chart puts on each.
 */
#ifndef FC_POLICY_H
#define FC_POLICY_H

#include "emit.h"
#include "model.h"

struct fc_policy {
	const char *namespace;
	const char *name;
	struct fc_node *spec; /* a NetworkPolicySpec */
};

/* Builds every policy (none when isolation is off); returns how many. */
size_t fc_policies_build(struct fc_arena *arena, const struct fc_network *net,
                         struct fc_policy **out);

#endif

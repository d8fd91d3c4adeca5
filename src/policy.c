/*
 * policy - NetworkPolicy specs from the model; see policy.h for the rules.
 */
#include "policy.h"

#include "chaincode.h"

#include <string.h>

#define LABEL_COMPONENT "app.kubernetes.io/component"
#define LABEL_NETWORK "fabchart.dev/network"
#define LABEL_NODE "fabchart.dev/node"

struct policies {
	struct fc_arena *arena;
	const struct fc_network *net;
	struct fc_policy *items;
	size_t count, alloc;
};

static struct fc_node *str(struct policies *p, const char *s)
{
	return fc_tree_str(p->arena, s);
}

static struct fc_node *map(struct policies *p)
{
	return fc_tree_map(p->arena);
}

static struct fc_node *seq(struct policies *p)
{
	return fc_tree_seq(p->arena);
}

static void set(struct policies *p, struct fc_node *m, const char *key, struct fc_node *value)
{
	fc_tree_set(p->arena, m, key, value, NULL);
}

/* A new policy in namespace ns; returns its spec with policyTypes [Ingress]. */
static struct fc_node *add(struct policies *p, const char *ns, const char *name,
                           struct fc_node *pod_selector)
{
	if (p->count == p->alloc) {
		size_t grown = p->alloc ? p->alloc * 2 : 16;
		struct fc_policy *bigger = fc_arena_array(p->arena, grown, sizeof(*bigger));
		if (p->count)
			memcpy(bigger, p->items, p->count * sizeof(*bigger));
		p->items = bigger;
		p->alloc = grown;
	}
	struct fc_node *spec = map(p);
	set(p, spec, "podSelector", pod_selector);
	struct fc_node *types = seq(p);
	fc_tree_push(p->arena, types, str(p, "Ingress"));
	set(p, spec, "policyTypes", types);
	p->items[p->count++] = (struct fc_policy){ns, name, spec};
	return spec;
}

/* {matchLabels: {app.kubernetes.io/component: component}} */
static struct fc_node *component_selector(struct policies *p, const char *component)
{
	struct fc_node *labels = map(p);
	set(p, labels, LABEL_COMPONENT, str(p, component));
	struct fc_node *sel = map(p);
	set(p, sel, "matchLabels", labels);
	return sel;
}

/* {key: key, operator: op, values: [...]} */
static struct fc_node *expression(struct policies *p, const char *key, const char *op,
                                  const char *const *values)
{
	struct fc_node *seqv = seq(p);
	for (size_t i = 0; values[i]; i++)
		fc_tree_push(p->arena, seqv, str(p, values[i]));
	struct fc_node *expr = map(p);
	set(p, expr, "key", str(p, key));
	set(p, expr, "operator", str(p, op));
	set(p, expr, "values", seqv);
	return expr;
}

/* {matchExpressions: [{key: component, operator: op, values: [...]}]} */
static struct fc_node *components_selector(struct policies *p, const char *op,
                                           const char *const *components)
{
	struct fc_node *exprs = seq(p);
	fc_tree_push(p->arena, exprs, expression(p, LABEL_COMPONENT, op, components));
	struct fc_node *sel = map(p);
	set(p, sel, "matchExpressions", exprs);
	return sel;
}

/* Ports [{protocol: TCP, port: lo[, endPort: hi]}] ... */
static struct fc_node *tcp_ports(struct policies *p, const unsigned *ranges, size_t n)
{
	struct fc_node *ports = seq(p);
	for (size_t i = 0; i < n; i++) {
		struct fc_node *port = fc_tree_push(p->arena, ports, map(p));
		set(p, port, "protocol", str(p, "TCP"));
		set(p, port, "port", fc_tree_int(p->arena, ranges[2 * i]));
		if (ranges[2 * i + 1] != ranges[2 * i])
			set(p, port, "endPort", fc_tree_int(p->arena, ranges[2 * i + 1]));
	}
	return ports;
}

/* spec.ingress: one rule allowing from the peers of from, to ports (NULL:
 * every port); returns the ingress sequence. */
static struct fc_node *set_ingress(struct policies *p, struct fc_node *spec, struct fc_node *from,
                                   struct fc_node *ports)
{
	struct fc_node *rule = map(p);
	set(p, rule, "from", from);
	if (ports)
		set(p, rule, "ports", ports);
	struct fc_node *ingress = seq(p);
	fc_tree_push(p->arena, ingress, rule);
	set(p, spec, "ingress", ingress);
	return ingress;
}

/* A sequence of the one peer. */
static struct fc_node *only(struct policies *p, struct fc_node *peer)
{
	struct fc_node *from = seq(p);
	fc_tree_push(p->arena, from, peer);
	return from;
}

/* Appends an ingress rule (from, ports; NULL ports: every port) to ingress. */
static void add_rule(struct policies *p, struct fc_node *ingress, struct fc_node *from,
                     struct fc_node *ports)
{
	struct fc_node *rule = fc_tree_push(p->arena, ingress, map(p));
	set(p, rule, "from", from);
	if (ports)
		set(p, rule, "ports", ports);
}

/* A peer selecting the pods of the given components, in the policy's namespace. */
static struct fc_node *pods_of(struct policies *p, const char *op, const char *const *components)
{
	struct fc_node *peer = map(p);
	set(p, peer, "podSelector", components_selector(p, op, components));
	return peer;
}

/* The snapshot CronJob's pods (templates/snapshots.yaml, Fabric 2.5 and later):
 * they reach their own organization's peers only (peers-from-snapshots). */
static const char *const snapshot_only[] = {"snapshot", NULL};

/* The network's pods in every namespace of the network; with Kafka, never Kafka's
 * or ZooKeeper's pods (they reach nothing of the network but each other); from
 * Fabric 2.5, never the snapshot CronJob's. */
static struct fc_node *network_peer(struct policies *p)
{
	static const char *const brokers[] = {"kafka", "zookeeper", NULL};
	struct fc_node *labels = map(p);
	set(p, labels, LABEL_NETWORK, str(p, p->net->name));
	struct fc_node *ns_sel = map(p);
	set(p, ns_sel, "matchLabels", labels);
	struct fc_node *peer = map(p);
	set(p, peer, "namespaceSelector", ns_sel);
	if (p->net->kafka_namespace)
		set(p, peer, "podSelector", components_selector(p, "NotIn", brokers));
	else if (p->net->fabric.major >= 2)
		set(p, peer, "podSelector", components_selector(p, "NotIn", snapshot_only));
	return peer;
}

/* One ingress rule: from the network's namespaces to ports. */
static void allow_from_network(struct policies *p, struct fc_node *spec, struct fc_node *ports)
{
	set_ingress(p, spec, only(p, network_peer(p)), ports);
}

/* Appends an ipBlock per CIDR to from. */
static void add_ip_blocks(struct policies *p, struct fc_node *from, const char *const *cidrs,
                          size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct fc_node *block = map(p);
		set(p, block, "cidr", str(p, cidrs[i]));
		struct fc_node *ip = fc_tree_push(p->arena, from, map(p));
		set(p, ip, "ipBlock", block);
	}
}

/*
 * The outside sources the topology declares: an ipBlock per node CIDR
 * (NodePort traffic, and LoadBalancer traffic with Kubernetes' default
 * externalTrafficPolicy Cluster, reaches the pod from a node's address: the
 * seed's "allow peer services from the Kubernetes nodes"), and with
 * LoadBalancer exposure one per client CIDR (the Services then keep the
 * client's address: externalTrafficPolicy Local).  NULL when nothing is
 * exposed or no CIDR is declared (model.c warns then).
 */
static struct fc_node *outside_sources(struct policies *p)
{
	const struct fc_network *net = p->net;
	size_t clients = net->exposure == FC_EXPOSURE_LOADBALANCER ? net->client_cidr_count : 0;
	if (net->exposure == FC_EXPOSURE_CLUSTERIP || !(net->node_cidr_count + clients))
		return NULL;
	struct fc_node *from = seq(p);
	add_ip_blocks(p, from, net->node_cidrs, net->node_cidr_count);
	add_ip_blocks(p, from, net->client_cidrs, clients);
	return from;
}

/*
 * exposure.type Ingress: the ingress controller's pods, by their namespace
 * (exposure.ingress.namespace; kubernetes.io/metadata.name, which the API
 * server sets on every namespace).  With TLS passthrough the controller opens
 * the connection to the node's Service itself, so the node sees the
 * controller's pod address, whatever the client's.
 */
static struct fc_node *ingress_sources(struct policies *p)
{
	struct fc_node *labels = map(p);
	set(p, labels, "kubernetes.io/metadata.name", str(p, p->net->ingress.namespace));
	struct fc_node *ns_sel = map(p);
	set(p, ns_sel, "matchLabels", labels);
	struct fc_node *peer = map(p);
	set(p, peer, "namespaceSelector", ns_sel);
	return only(p, peer);
}

/* A policy admitting the outside sources to component's exposed ports (behind an
 * ingress: the controller's namespace, to the first range only, grpc or the CA's). */
static void allow_from_outside(struct policies *p, const char *ns, const char *name,
                               const char *component, const unsigned *ranges, size_t n)
{
	if (p->net->exposure == FC_EXPOSURE_INGRESS) {
		const unsigned port[] = {ranges[0], ranges[0]};
		struct fc_node *spec =
		        add(p, ns,
		            fc_arena_printf(p->arena, "%.*s-from-ingress",
		                            (int)(strlen(name) - strlen("-from-outside")), name),
		            component_selector(p, component));
		set_ingress(p, spec, ingress_sources(p), tcp_ports(p, port, 1));
		return;
	}
	struct fc_node *from = outside_sources(p);
	if (!from)
		return;
	struct fc_node *spec = add(p, ns, name, component_selector(p, component));
	set_ingress(p, spec, from, tcp_ports(p, ranges, n));
}

static void namespace_base(struct policies *p, const char *ns, const char *const *excepted)
{
	add(p, ns, "default-deny-ingress", map(p));
	struct fc_node *sel = excepted ? components_selector(p, "NotIn", excepted) : map(p);
	struct fc_node *spec = add(p, ns, "allow-same-namespace", sel);
	struct fc_node *peer = map(p);
	set(p, peer, "podSelector", excepted ? components_selector(p, "NotIn", excepted) : map(p));
	set_ingress(p, spec, only(p, peer), NULL);
}

/* Whether org runs a chaincode server (chaincode.h). */
static bool runs_chaincode(const struct fc_network *net, const struct fc_org *org)
{
	for (size_t i = 0; i < net->chaincode_count; i++)
		for (size_t j = 0; j < net->chaincodes[i].org_count; j++)
			if (net->chaincodes[i].orgs[j].org == org)
				return true;
	return false;
}

/*
 * <server>-from-peers: one chaincode server (chaincode.h: the Deployment
 * <chaincode>-<org>-s<sequence>) accepts only its organization's peers, which
 * dial it (the ccaas builder's connection.json), on its own port; and
 * allow-same-namespace leaves the servers out, as sources too.  The pod
 * selector also names the server of the previous sequence: during an upgrade
 * that server keeps serving (helm.sh/resource-policy: keep, templates/
 * chaincode.yaml) until the new definition is committed and the prune Job
 * deletes it; Fabric defines sequences one after another (a new definition
 * must be the committed sequence + 1: core/chaincode/lifecycle/lifecycle.go
 * at v2.5.12 and v3.1.1), so no older server can be the one serving.  A
 * sequence that changes the port leaves the old server unreachable in that
 * window: the policy admits the new port only.
 */
static void chaincode_policy(struct policies *p, const struct fc_chaincode *cc,
                             const struct fc_chaincode_org *run)
{
	static const char *const peers[] = {"peer", NULL};
	const char *servers[3] = {run->service, NULL, NULL};
	const char *dash = strrchr(run->service, '-'); /* "-s<sequence>" */
	if (cc->sequence > 1 && dash)
		servers[1] = fc_arena_printf(p->arena, "%.*s-s%u", (int)(dash - run->service),
		                             run->service, cc->sequence - 1);
	struct fc_node *sel = component_selector(p, "chaincode");
	struct fc_node *exprs = seq(p);
	set(p, sel, "matchExpressions", exprs);
	fc_tree_push(p->arena, exprs, expression(p, LABEL_NODE, "In", servers));
	struct fc_node *spec = add(p, run->org->namespace,
	                           fc_arena_printf(p->arena, "%s-from-peers", run->service), sel);
	const unsigned port[] = {cc->port, cc->port};
	set_ingress(p, spec, only(p, pods_of(p, "In", peers)), tcp_ports(p, port, 1));
}

/*
 * Kafka and ZooKeeper (Fabric 1.4): only orderers reach the brokers (the
 * orderer is a Kafka client of Kafka.Brokers, fabric v1.4.12
 * sampleconfig/configtx.yaml; it never talks to ZooKeeper); brokers reach
 * each other (replication) and ZooKeeper (zookeeper.connect, 2181); ZooKeeper
 * servers reach each other (2181, 2888 quorum, 3888 election).  ZooKeeper
 * opens no connection to a broker.
 */
static void kafka_policies(struct policies *p, const char *ns)
{
	static const char *const kafka[] = {"kafka", NULL};
	static const char *const zookeeper[] = {"zookeeper", NULL};
	static const char *const kafka_clients[] = {"kafka", "orderer", NULL};
	static const unsigned broker_port[] = {9092, 9092};
	static const unsigned client_port[] = {2181, 2181};
	static const unsigned ensemble_ports[] = {2181, 2181, 2888, 2888, 3888, 3888};
	struct fc_node *spec =
	        add(p, ns, "kafka-from-orderers", components_selector(p, "In", kafka));
	set_ingress(p, spec, only(p, pods_of(p, "In", kafka_clients)),
	            tcp_ports(p, broker_port, 1));
	spec = add(p, ns, "zookeeper-from-kafka", components_selector(p, "In", zookeeper));
	struct fc_node *ingress = set_ingress(p, spec, only(p, pods_of(p, "In", kafka)),
	                                      tcp_ports(p, client_port, 1));
	add_rule(p, ingress, only(p, pods_of(p, "In", zookeeper)), tcp_ports(p, ensemble_ports, 3));
}

/* name: the pods of component in ns accept TCP port from the monitoring namespace. */
static void monitoring_policy(struct policies *p, const char *ns, const char *name,
                              const char *component, const unsigned *port)
{
	struct fc_node *spec = add(p, ns, name, component_selector(p, component));
	struct fc_node *labels = map(p);
	set(p, labels, "kubernetes.io/metadata.name", str(p, p->net->monitoring_namespace));
	struct fc_node *ns_sel = map(p);
	set(p, ns_sel, "matchLabels", labels);
	struct fc_node *peer = map(p);
	set(p, peer, "namespaceSelector", ns_sel);
	set_ingress(p, spec, only(p, peer), tcp_ports(p, port, 1));
}

/* The operations endpoints of an organization's nodes (peers 9443 or
 * orderers 8443) and of its CA (9443), each from the monitoring namespace
 * only, when one is named. */
static void monitoring_policies(struct policies *p, const struct fc_org *org, const char *component,
                                const unsigned *port)
{
	static const unsigned ca_operations[] = {9443, 9443};
	if (!p->net->monitoring_namespace)
		return;
	monitoring_policy(p, org->namespace, "operations-from-monitoring", component, port);
	if (org->ca)
		monitoring_policy(p, org->namespace, "ca-operations-from-monitoring", "ca",
		                  ca_operations);
}

size_t fc_policies_build(struct fc_arena *arena, const struct fc_network *net,
                         struct fc_policy **out)
{
	struct policies p = {arena, net, NULL, 0, 0};
	*out = NULL;
	if (!net->network_policies)
		return 0;
	static const unsigned peer_ports[] = {FC_PORT_PEER, 7053};
	static const unsigned peer_exposed[] = {FC_PORT_PEER,
	                                        7052}; /* grpc, chaincode: the port map */
	static const unsigned orderer_ports[] = {FC_PORT_ORDERER, FC_PORT_ORDERER};
	static const unsigned ca_ports[] = {FC_PORT_CA, FC_PORT_CA};
	static const unsigned peer_operations[] = {9443, 9443};
	static const unsigned orderer_operations[] = {8443, 8443};
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *org = &net->peer_orgs[i];
		const char *ns = org->namespace;
		static const char *const chaincode[] = {"chaincode", NULL};
		static const char *const both[] = {"chaincode", "snapshot", NULL};
		bool snapshots = net->fabric.major >= 2;
		bool servers = runs_chaincode(net, org);
		namespace_base(&p, ns,
		               servers ? (snapshots ? both : chaincode)
		                       : (snapshots ? snapshot_only : NULL));
		struct fc_node *spec =
		        add(&p, ns, "peers-from-network", component_selector(&p, "peer"));
		allow_from_network(&p, spec, tcp_ports(&p, peer_ports, 1));
		allow_from_outside(&p, ns, "peers-from-outside", "peer", peer_exposed, 1);
		/* behind an ingress only a CA with a host (a route) is reached */
		if (org->ca && org->ca_exposed &&
		    (net->exposure != FC_EXPOSURE_INGRESS || org->ca_address))
			allow_from_outside(&p, ns, "ca-from-outside", "ca", ca_ports, 1);
		monitoring_policies(&p, org, "peer", peer_operations);
		for (size_t c = 0; c < net->chaincode_count; c++)
			for (size_t j = 0; j < net->chaincodes[c].org_count; j++)
				if (net->chaincodes[c].orgs[j].org == org)
					chaincode_policy(&p, &net->chaincodes[c],
					                 &net->chaincodes[c].orgs[j]);
		if (snapshots) {
			static const unsigned grpc[] = {FC_PORT_PEER, FC_PORT_PEER};
			spec = add(&p, ns, "peers-from-snapshots", component_selector(&p, "peer"));
			set_ingress(&p, spec, only(&p, pods_of(&p, "In", snapshot_only)),
			            tcp_ports(&p, grpc, 1));
		}
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *org = &net->orderer_orgs[i];
		const char *ns = org->namespace;
		static const char *const brokers[] = {"kafka", "zookeeper", NULL};
		bool kafka_here = net->kafka_namespace && strcmp(net->kafka_namespace, ns) == 0;
		namespace_base(&p, ns, kafka_here ? brokers : NULL);
		struct fc_node *spec =
		        add(&p, ns, "orderers-from-network", component_selector(&p, "orderer"));
		allow_from_network(&p, spec, tcp_ports(&p, orderer_ports, 1));
		allow_from_outside(&p, ns, "orderers-from-outside", "orderer", orderer_ports, 1);
		if (kafka_here)
			kafka_policies(&p, ns);
		monitoring_policies(&p, org, "orderer", orderer_operations);
	}
	if (net->explorer) {
		const char *ns = net->explorer_namespace;
		namespace_base(&p, ns, NULL);
		/* explorerExternal: from anywhere, but only when its Service is exposed */
		if (net->explorer_exposed) {
			static const unsigned http[] = {8080, 8080};
			struct fc_node *spec = add(&p, ns, "explorer-from-outside",
			                           component_selector(&p, "explorer"));
			struct fc_node *block = map(&p);
			set(&p, block, "cidr", str(&p, "0.0.0.0/0"));
			struct fc_node *ip = map(&p);
			set(&p, ip, "ipBlock", block);
			set_ingress(&p, spec, only(&p, ip), tcp_ports(&p, http, 1));
		}
	}
	*out = p.items;
	return p.count;
}

/*
 * render - chart files from the network model; see render.h.
 *
 * The values tree is the chart's contract with its templates
 * (chart-skeleton/templates) and with users' overrides: keep the two in
 * step.  Maps keyed by name (organizations, peers, orderers, channels) so
 * that `--set` reaches every node, and templates range over them in sorted
 * order.
 */
#include "render.h"

#include "chaincode.h"
#include "emit.h"
#include "fabcfg.h"
#include "identity.h"
#include "policy.h"
#include "graph.h"
#include "portmap.h"

#include <string.h>

struct values {
	struct fc_arena *arena;
	const struct fc_network *net;
};

/* Sets key in map with a comment "<key> -- <doc>". */
static struct fc_node *set(struct values *v, struct fc_node *map, const char *key,
                           struct fc_node *value, const char *doc)
{
	return fc_tree_set(v->arena, map, key, value,
	                   fc_arena_printf(v->arena, "%s -- %s", key, doc));
}

static struct fc_node *str(struct values *v, const char *text)
{
	return fc_tree_str(v->arena, text ? text : "");
}

static struct fc_node *num(struct values *v, unsigned value)
{
	return fc_tree_int(v->arena, value);
}

static struct fc_node *map(struct values *v)
{
	return fc_tree_map(v->arena);
}

static void add_images(struct values *v, struct fc_node *root)
{
	static const char *const docs[FC_COMPONENT_COUNT] = {
	        [FC_COMPONENT_PEER] = "Fabric peer image",
	        [FC_COMPONENT_COUCHDB] = "CouchDB image (state database sidecar)",
	        [FC_COMPONENT_ORDERER] = "Fabric orderer image",
	        [FC_COMPONENT_CA] = "fabric-ca-server image",
	        [FC_COMPONENT_TOOLS] = "fabric-tools image (CLI pods and Jobs)",
	        [FC_COMPONENT_KAFKA] = "Kafka image (kafka consensus)",
	        [FC_COMPONENT_ZOOKEEPER] = "ZooKeeper image (kafka consensus)",
	        [FC_COMPONENT_EXPLORER] = "Hyperledger Explorer image",
	        [FC_COMPONENT_EXPLORER_DB] = "Hyperledger Explorer database image",
	        [FC_COMPONENT_TEST] = "image of the helm test pods (nc)",
	        [FC_COMPONENT_KUBECTL] =
	                "kubectl image of the identity Job (reads and creates Secrets)",
	};
	struct fc_node *images =
	        set(v, root, "images", map(v), "container image of each component");
	for (int c = 0; c < FC_COMPONENT_COUNT; c++) {
		struct fc_node *img =
		        set(v, images, fc_component_key((enum fc_component)c), map(v), docs[c]);
		set(v, img, "repository", str(v, v->net->images[c].repository), "image repository");
		set(v, img, "tag", str(v, v->net->images[c].tag), "image tag");
	}
	set(v, root, "imagePullPolicy", str(v, v->net->pull_policy),
	    "imagePullPolicy of every container");
}

static void add_resources(struct values *v, struct fc_node *root)
{
	struct fc_node *all = set(v, root, "resources", map(v),
	                          "requests and limits of each component's containers");
	for (int c = 0; c < FC_COMPONENT_COUNT; c++) {
		const struct fc_resources *r = &v->net->resources[c];
		const char *key = fc_component_key((enum fc_component)c);
		struct fc_node *m =
		        set(v, all, key, map(v),
		            fc_arena_printf(v->arena, "resources of %s containers", key));
		struct fc_node *req = set(v, m, "requests", map(v), "requested resources");
		set(v, req, "cpu", str(v, r->request_cpu), "requested CPU");
		set(v, req, "memory", str(v, r->request_memory), "requested memory");
		struct fc_node *lim = set(v, m, "limits", map(v), "resource limits");
		set(v, lim, "cpu", str(v, r->limit_cpu), "CPU limit");
		set(v, lim, "memory", str(v, r->limit_memory), "memory limit");
	}
}

static void add_storage(struct values *v, struct fc_node *root)
{
	const struct fc_network *net = v->net;
	static const char *const kinds[] = {"default", "nfs", "storageClass"};
	struct fc_node *st =
	        set(v, root, "storage", map(v), "where ledgers and configuration live");
	set(v, st, "kind", str(v, kinds[net->storage.kind]),
	    "default (the cluster's default StorageClass), nfs (a PV + PVC per organization) or "
	    "storageClass");
	struct fc_node *nfs = set(v, st, "nfs", map(v), "the NFS share (kind nfs)");
	set(v, nfs, "server", str(v, net->storage.nfs_server), "NFS server");
	set(v, nfs, "path", str(v, net->storage.nfs_path),
	    "exported path; organization X uses <path>/X, the explorer <path>/explorer");
	set(v, st, "storageClass", str(v, net->storage.storage_class),
	    "StorageClass of dynamically provisioned volumes (kind storageClass)");
	struct fc_node *sizes = set(v, st, "sizes", map(v), "volume sizes");
	set(v, sizes, "organization", str(v, net->storage.organization_size),
	    "each organization's share volume (kind nfs)");
	for (int c = 0; c < FC_COMPONENT_COUNT; c++) {
		if (!net->storage.sizes[c])
			continue;
		const char *key = fc_component_key((enum fc_component)c);
		set(v, sizes, key, str(v, net->storage.sizes[c]),
		    fc_arena_printf(v->arena, "%s data volume", key));
	}
}

static struct fc_node *names_seq(struct values *v, size_t count,
                                 const char *(*name)(const void *, size_t), const void *ctx)
{
	struct fc_node *seq = fc_tree_seq(v->arena);
	for (size_t i = 0; i < count; i++)
		fc_tree_push(v->arena, seq, str(v, name(ctx, i)));
	return seq;
}

static const char *member_name(const void *ctx, size_t i)
{
	return ((const struct fc_channel *)ctx)->members[i]->name;
}

static const char *cidr_name(const void *ctx, size_t i)
{
	return ((const struct fc_network *)ctx)->node_cidrs[i];
}

static void add_peer_org(struct values *v, struct fc_node *orgs, const struct fc_org *org)
{
	struct fc_node *m = set(v, orgs, org->name, map(v),
	                        fc_arena_printf(v->arena, "peer organization %s", org->name));
	set(v, m, "index", num(v, org->index), "N, the organization's place in the port scheme");
	set(v, m, "namespace", str(v, org->namespace), "the organization's namespace");
	set(v, m, "mspId", str(v, org->msp_id), "MSP ID");
	set(v, m, "domain", str(v, org->domain), "domain of the organization's hosts");
	set(v, m, "stateDatabase",
	    str(v, org->state_db == FC_STATE_DB_COUCHDB ? "CouchDB" : "LevelDB"),
	    "state database of the peers: CouchDB or LevelDB");
	set(v, m, "cli", fc_tree_bool(v->arena, org->cli), "run a CLI pod for the organization");
	struct fc_node *ca = set(v, m, "ca", map(v), "the organization's fabric-ca-server");
	set(v, ca, "enabled", fc_tree_bool(v->arena, org->ca), "run the CA");
	set(v, ca, "nodePort", num(v, org->ca_node_port), "NodePort of 7054, 0 when not exposed");
	struct fc_node *peers = set(v, m, "peers", map(v), "the organization's peers, by name");
	for (size_t i = 0; i < org->peer_count; i++) {
		const struct fc_peer *p = &org->peers[i];
		struct fc_node *pm = set(v, peers, p->name, map(v),
		                         fc_arena_printf(v->arena, "peer %s", p->host));
		set(v, pm, "index", num(v, p->index), "M, the peer's place in the port scheme");
		set(v, pm, "host", str(v, p->host), "host name in certificates");
		set(v, pm, "address", str(v, p->address),
		    "the peer's Service address inside the cluster");
		const struct fc_peer *boot = &org->peers[(i + 1) % org->peer_count];
		set(v, pm, "gossipBootstrap", str(v, boot->address),
		    "CORE_PEER_GOSSIP_BOOTSTRAP: another peer of the organization (itself when alone)");
		set(v, pm, "nodePort", num(v, p->node_port),
		    "NodePort of 7051, 0 when not exposed");
		set(v, pm, "chaincodeNodePort", num(v, p->chaincode_node_port),
		    "NodePort of 7052, 0 when not exposed");
	}
}

static void add_orderer_org(struct values *v, struct fc_node *orgs, const struct fc_org *org)
{
	struct fc_node *m = set(v, orgs, org->name, map(v),
	                        fc_arena_printf(v->arena, "orderer organization %s", org->name));
	set(v, m, "index", num(v, org->index),
	    "the organization's place among orderer organizations");
	set(v, m, "namespace", str(v, org->namespace), "the organization's namespace");
	set(v, m, "mspId", str(v, org->msp_id), "MSP ID");
	set(v, m, "domain", str(v, org->domain), "domain of the organization's hosts");
	struct fc_node *ca = set(v, m, "ca", map(v), "the organization's fabric-ca-server");
	set(v, ca, "enabled", fc_tree_bool(v->arena, org->ca), "run the CA");
	set(v, ca, "nodePort", num(v, 0), "orderer organizations' CAs are not exposed");
	struct fc_node *ords =
	        set(v, m, "orderers", map(v), "the organization's orderers, by name");
	for (size_t i = 0; i < org->orderer_count; i++) {
		const struct fc_orderer *o = &org->orderers[i];
		struct fc_node *om = set(v, ords, o->name, map(v),
		                         fc_arena_printf(v->arena, "orderer %s", o->host));
		set(v, om, "number", num(v, o->number),
		    "N, the orderer's place in the port scheme");
		set(v, om, "host", str(v, o->host), "host name in certificates");
		set(v, om, "address", str(v, o->address),
		    "the orderer's Service address inside the cluster");
		set(v, om, "nodePort", num(v, o->node_port),
		    "NodePort of 7050, 0 when not exposed");
	}
}

static void add_channels(struct values *v, struct fc_node *root)
{
	const struct fc_network *net = v->net;
	struct fc_node *chans = set(v, root, "channels", map(v), "application channels, by name");
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		struct fc_node *m = set(v, chans, ch->name, map(v),
		                        fc_arena_printf(v->arena, "channel %s", ch->name));
		set(v, m, "organizations", names_seq(v, ch->member_count, member_name, ch),
		    "member organizations");
		struct fc_node *anchors = set(v, m, "anchorPeers", fc_tree_seq(v->arena),
		                              "anchor peers of the members");
		for (size_t j = 0; j < ch->anchor_count; j++) {
			struct fc_node *a = fc_tree_push(v->arena, anchors, map(v));
			set(v, a, "organization", str(v, ch->anchors[j].org->name),
			    "a member organization");
			set(v, a, "peer", str(v, ch->anchors[j].peer->name), "its anchor peer");
		}
	}
}

/* Version-dependent settings of the nodes, decided here rather than in templates. */
static void add_node_settings(struct values *v, struct fc_node *root)
{
	const struct fc_network *net = v->net;
	unsigned major = net->fabric.major;
	struct fc_node *o = set(v, root, "ordererSettings", map(v), "settings of every orderer");
	set(v, o, "bootstrapMethod",
	    str(v, major == 1   ? "file"
	           : major == 2 ? "none"
	                        : ""),
	    "file (1.4: ORDERER_GENERAL_GENESISMETHOD, the genesis block), none (2.5: "
	    "ORDERER_GENERAL_BOOTSTRAPMETHOD), empty when the setting no longer exists (3.x)");
	set(v, o, "channelParticipation", fc_tree_bool(v->arena, major >= 2),
	    "channels are joined through the osnadmin API (2.5 and later)");
	set(v, o, "adminPort", num(v, major >= 2 ? 7053 : 0),
	    "port of the osnadmin endpoint, 0 when there is none (1.4)");
	set(v, o, "operationsPort", num(v, 8443), "port of the operations endpoint (/healthz)");
	set(v, o, "consensusType", str(v, fc_consensus_name(net->consensus)),
	    "ORDERER_GENERAL_... consensus of the ordering service");
	struct fc_node *p = set(v, root, "peerSettings", map(v), "settings of every peer");
	set(v, p, "operationsPort", num(v, 9443), "port of the operations endpoint (/healthz)");
	set(v, p, "chaincodeAsAService", fc_tree_bool(v->arena, major >= 2),
	    "chaincode runs as a service through the ccaas external builder (2.x and later); "
	    "never through a Docker daemon");
	struct fc_node *c = set(v, root, "caSettings", map(v), "settings of every CA");
	set(v, c, "operationsPort", num(v, 9443), "port of the operations endpoint (/healthz)");
}

/* The NetworkPolicies, by "<namespace>/<name>" (policy.h). */
static void add_policies(struct values *v, struct fc_node *iso)
{
	struct fc_policy *policies;
	size_t n = fc_policies_build(v->arena, v->net, &policies);
	struct fc_node *all = set(v, iso, "policies", map(v),
	                          "every NetworkPolicy, by namespace/name (derived by fabchart)");
	for (size_t i = 0; i < n; i++) {
		const char *key =
		        fc_arena_printf(v->arena, "%s/%s", policies[i].namespace, policies[i].name);
		struct fc_node *m = set(v, all, key, map(v), "a NetworkPolicy");
		set(v, m, "namespace", str(v, policies[i].namespace), "its namespace");
		set(v, m, "name", str(v, policies[i].name), "its name");
		set(v, m, "spec", policies[i].spec, "its NetworkPolicySpec");
	}
}

struct fc_node *fc_render_values(struct fc_arena *arena, const struct fc_network *net)
{
	struct values vs = {arena, net}, *v = &vs;
	struct fc_node *root = map(v);
	set(v, root, "network", str(v, net->name),
	    "name of the Fabric network; organization X's namespace is X-<network>");
	set(v, root, "fabricVersion", str(v, net->fabric.text), "Fabric release of every node");
	set(v, root, "fabricMajor", num(v, net->fabric.major),
	    "major Fabric version: 1 (1.4), 2 (2.5) or 3; templates choose settings by it");
	set(v, root, "tls", fc_tree_bool(arena, net->tls), "TLS on every Fabric endpoint");
	set(v, root, "clusterDomain", str(v, net->cluster_domain),
	    "the cluster's DNS domain in Service addresses");
	add_node_settings(v, root);
	add_images(v, root);

	struct fc_node *cons = set(v, root, "consensus", map(v), "the ordering service");
	set(v, cons, "type", str(v, fc_consensus_name(net->consensus)),
	    "solo, kafka, etcdraft or BFT");
	struct fc_node *batch = set(v, cons, "batch", map(v), "block cutting");
	set(v, batch, "timeout", str(v, net->batch.timeout), "BatchTimeout");
	set(v, batch, "maxMessageCount", num(v, net->batch.max_message_count),
	    "BatchSize.MaxMessageCount");
	set(v, batch, "absoluteMaxBytes", str(v, net->batch.absolute_max_bytes),
	    "BatchSize.AbsoluteMaxBytes");
	set(v, batch, "preferredMaxBytes", str(v, net->batch.preferred_max_bytes),
	    "BatchSize.PreferredMaxBytes");
	struct fc_node *kafka =
	        set(v, cons, "kafka", map(v), "Kafka and ZooKeeper (kafka consensus)");
	bool has_kafka = net->consensus == FC_CONSENSUS_KAFKA;
	set(v, kafka, "brokers", num(v, has_kafka ? net->kafka.brokers : 0), "Kafka brokers");
	set(v, kafka, "zookeepers", num(v, has_kafka ? net->kafka.zookeepers : 0),
	    "ZooKeeper servers");
	set(v, kafka, "minInsyncReplicas", num(v, net->kafka.min_insync_replicas),
	    "min.insync.replicas");
	set(v, kafka, "replicationFactor", num(v, net->kafka.replication_factor),
	    "default.replication.factor");
	set(v, kafka, "namespace", str(v, net->kafka_namespace ? net->kafka_namespace : ""),
	    "namespace of Kafka and ZooKeeper (the first orderer organization's)");

	struct fc_node *peers =
	        set(v, root, "peerOrganizations", map(v), "organizations that run peers, by name");
	for (size_t i = 0; i < net->peer_org_count; i++)
		add_peer_org(v, peers, &net->peer_orgs[i]);
	struct fc_node *ords = set(v, root, "ordererOrganizations", map(v),
	                           "organizations that run orderers, by name");
	for (size_t i = 0; i < net->orderer_org_count; i++)
		add_orderer_org(v, ords, &net->orderer_orgs[i]);
	add_channels(v, root);

	struct fc_node *ex = set(v, root, "exposure", map(v), "how nodes are reached from outside");
	set(v, ex, "type", str(v, fc_exposure_name(net->exposure)),
	    "Service type of Fabric endpoints: NodePort, ClusterIP or LoadBalancer");
	struct fc_node *np = set(v, ex, "nodePort", map(v), "the NodePort scheme");
	set(v, np, "peerBase", num(v, net->node_port.peer_base), "first port of organization 1");
	set(v, np, "stride", num(v, net->node_port.stride), "ports per organization");
	set(v, np, "ordererBase", num(v, net->node_port.orderer_base),
	    "orderer N listens at ordererBase + N");
	set(v, np, "rangeStart", num(v, net->node_port.range_start),
	    "first port of the cluster's service-node-port-range");
	set(v, np, "rangeEnd", num(v, net->node_port.range_end),
	    "last port of the cluster's service-node-port-range");

	struct fc_node *iso = set(v, root, "networkPolicies", map(v),
	                          "NetworkPolicies isolating the organizations");
	set(v, iso, "enabled", fc_tree_bool(arena, net->network_policies), "generate them");
	set(v, iso, "nodeCidrs", names_seq(v, net->node_cidr_count, cidr_name, net),
	    "CIDRs of the Kubernetes nodes, allowed to reach peer ports (NodePort traffic)");
	set(v, iso, "explorerExternal", fc_tree_bool(arena, net->explorer_external),
	    "allow traffic from outside the cluster to the explorer");
	set(v, iso, "monitoringNamespace",
	    str(v, net->monitoring_namespace ? net->monitoring_namespace : ""),
	    "namespace allowed to reach the operations endpoints, empty for none");
	add_policies(v, iso);

	struct fc_node *expl = set(v, root, "explorer", map(v), "Hyperledger Explorer");
	set(v, expl, "enabled", fc_tree_bool(arena, net->explorer), "deploy the explorer");
	set(v, expl, "namespace", str(v, net->explorer_namespace), "the explorer's namespace");
	set(v, expl, "nodePort", num(v, net->explorer ? net->node_port.explorer : 0),
	    "NodePort of the explorer, 0 when not exposed");
	add_storage(v, root);
	add_resources(v, root);
	fc_chaincode_add_values(arena, net, root);
	return root;
}

/* ---- values.schema.json ------------------------------------------------------ */

static bool key_is(const struct fc_pair *p, const char *key)
{
	return p && strlen(key) == p->key_len && memcmp(p->key, key, p->key_len) == 0;
}

static bool key_ends_with(const struct fc_pair *p, const char *suffix)
{
	size_t n = strlen(suffix);
	return p && p->key_len >= n && memcmp(p->key + p->key_len - n, suffix, n) == 0;
}

static struct fc_node *enum_of(struct fc_arena *arena, const char *const *values)
{
	struct fc_node *seq = fc_tree_seq(arena);
	for (size_t i = 0; values[i]; i++)
		fc_tree_push(arena, seq, fc_tree_str(arena, values[i]));
	return seq;
}

/*
 * Adds what the value's type alone does not say, by key (and parent key):
 * port ranges and the enumerations Helm should enforce on overrides.
 */
static void add_constraints(struct fc_arena *arena, struct fc_node *schema, const struct fc_pair *p,
                            const struct fc_pair *parent)
{
	static const char *const exposure[] = {"NodePort", "ClusterIP", "LoadBalancer", NULL};
	static const char *const pull[] = {"Always", "IfNotPresent", "Never", NULL};
	static const char *const db[] = {"CouchDB", "LevelDB", NULL};
	static const char *const consensus[] = {"solo", "kafka", "etcdraft", "BFT", NULL};
	static const char *const storage[] = {"default", "nfs", "storageClass", NULL};
	if (!p)
		return;
	if (key_ends_with(p, "odePort") || key_ends_with(p, "Base") || key_is(p, "rangeStart") ||
	    key_is(p, "rangeEnd")) {
		fc_tree_set(arena, schema, "minimum", fc_tree_int(arena, 0), NULL);
		fc_tree_set(arena, schema, "maximum", fc_tree_int(arena, 65535), NULL);
	}
	const char *const *values = NULL;
	if (key_is(p, "imagePullPolicy"))
		values = pull;
	else if (key_is(p, "stateDatabase"))
		values = db;
	else if (key_is(p, "type") && key_is(parent, "exposure"))
		values = exposure;
	else if (key_is(p, "type") && key_is(parent, "consensus"))
		values = consensus;
	else if (key_is(p, "kind") && key_is(parent, "storage"))
		values = storage;
	if (values)
		fc_tree_set(arena, schema, "enum", enum_of(arena, values), NULL);
}

static struct fc_node *schema_of(struct fc_arena *arena, const struct fc_node *value,
                                 const struct fc_pair *pair, const struct fc_pair *parent);

static const char *description_of(struct fc_arena *arena, const struct fc_pair *p)
{
	if (!p || !p->comment)
		return NULL;
	const char *sep = strstr(p->comment, " -- ");
	return fc_arena_strdup(arena, sep ? sep + 4 : p->comment);
}

/*
 * The items of a sequence: the one schema all items share, or anyOf the
 * distinct ones (NetworkPolicy peers mix namespaceSelector and ipBlock);
 * strings for an empty sequence.
 */
static struct fc_node *items_schema(struct fc_arena *arena, const struct fc_node *seq,
                                    const struct fc_pair *pair)
{
	struct fc_node *distinct = fc_tree_seq(arena);
	struct fc_strbuf a = FC_STRBUF_INIT, b = FC_STRBUF_INIT;
	for (size_t i = 0; i < seq->count; i++) {
		struct fc_node *item = schema_of(arena, seq->items[i], NULL, pair);
		fc_strbuf_reset(&a);
		fc_emit_json(&a, item);
		bool seen = false;
		for (size_t j = 0; j < distinct->count && !seen; j++) {
			fc_strbuf_reset(&b);
			fc_emit_json(&b, distinct->items[j]);
			seen = a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0;
		}
		if (!seen)
			fc_tree_push(arena, distinct, item);
	}
	fc_strbuf_release(&a);
	fc_strbuf_release(&b);
	if (distinct->count == 1)
		return distinct->items[0];
	struct fc_node *items = fc_tree_map(arena);
	if (distinct->count == 0)
		fc_tree_set(arena, items, "type", fc_tree_str(arena, "string"), NULL);
	else
		fc_tree_set(arena, items, "anyOf", distinct, NULL);
	return items;
}

static struct fc_node *schema_of(struct fc_arena *arena, const struct fc_node *value,
                                 const struct fc_pair *pair, const struct fc_pair *parent)
{
	struct fc_node *s = fc_tree_map(arena);
	const char *desc = description_of(arena, pair);
	if (desc)
		fc_tree_set(arena, s, "description", fc_tree_str(arena, desc), NULL);
	switch (value->kind) {
	case FC_NODE_MAP: {
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "object"), NULL);
		struct fc_node *props =
		        fc_tree_set(arena, s, "properties", fc_tree_map(arena), NULL);
		struct fc_node *req = fc_tree_seq(arena);
		for (size_t i = 0; i < value->count; i++) {
			const struct fc_pair *p = &value->pairs[i];
			fc_tree_set(arena, props, p->key, schema_of(arena, p->value, p, pair),
			            NULL);
			fc_tree_push(arena, req, fc_tree_str(arena, p->key));
		}
		if (req->count)
			fc_tree_set(arena, s, "required", req, NULL);
		fc_tree_set(arena, s, "additionalProperties", fc_tree_bool(arena, false), NULL);
		break;
	}
	case FC_NODE_SEQ: {
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "array"), NULL);
		fc_tree_set(arena, s, "items", items_schema(arena, value, pair), NULL);
		break;
	}
	case FC_NODE_STRING:
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "string"), NULL);
		break;
	case FC_NODE_INT: fc_tree_set(arena, s, "type", fc_tree_str(arena, "integer"), NULL); break;
	case FC_NODE_FLOAT:
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "number"), NULL);
		break;
	case FC_NODE_BOOL:
		fc_tree_set(arena, s, "type", fc_tree_str(arena, "boolean"), NULL);
		break;
	case FC_NODE_NULL: fc_tree_set(arena, s, "type", fc_tree_str(arena, "null"), NULL); break;
	}
	add_constraints(arena, s, pair, parent);
	return s;
}

/*
 * Shared definitions.  The values of a large network repeat one shape per
 * peer, orderer, organization and NetworkPolicy; written out each time the
 * schema grows with the network (2.1 MB at 972 peers) and Helm re-reads it
 * on every template, lint and install.  Object schemas that two or more
 * properties of one object share (their own description aside) are written
 * once under "definitions" and referred to as {"$ref": "#/definitions/NAME"},
 * which validates exactly as the inline schema does; the description of each
 * one ("peer peer0.org1...") is dropped with it (values.yaml keeps it as a
 * comment), so that whole organizations can share one shape too.  NAME is the
 * key of the object holding them ("peers"), "-2", "-3" ... when another shape
 * took it.
 */
#define SHARED_DEF_MIN_BYTES 160 /* smaller shapes stay inline */

static bool same_node(const struct fc_node *a, const struct fc_node *b)
{
	if (a == b)
		return true;
	if (a->kind != b->kind || a->count != b->count || a->len != b->len ||
	    (a->len && memcmp(a->text, b->text, a->len) != 0))
		return false;
	for (size_t i = 0; a->kind == FC_NODE_SEQ && i < a->count; i++)
		if (!same_node(a->items[i], b->items[i]))
			return false;
	for (size_t i = 0; a->kind == FC_NODE_MAP && i < a->count; i++)
		if (a->pairs[i].key_len != b->pairs[i].key_len ||
		    memcmp(a->pairs[i].key, b->pairs[i].key, a->pairs[i].key_len) != 0 ||
		    !same_node(a->pairs[i].value, b->pairs[i].value))
			return false;
	return true;
}

static bool is_object_schema(const struct fc_node *schema)
{
	const struct fc_node *type = fc_node_get(schema, "type");
	return schema->kind == FC_NODE_MAP && type && strcmp(type->text, "object") == 0;
}

/* Two object schemas that differ at most in their top-level descriptions. */
static bool same_shape(const struct fc_node *a, const struct fc_node *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->count && key_is(&a->pairs[i], "description"))
			i++;
		while (j < b->count && key_is(&b->pairs[j], "description"))
			j++;
		if (i == a->count || j == b->count)
			return i == a->count && j == b->count;
		if (!same_node(a->pairs[i].value, b->pairs[j].value) ||
		    a->pairs[i].key_len != b->pairs[j].key_len ||
		    memcmp(a->pairs[i].key, b->pairs[j].key, a->pairs[i].key_len) != 0)
			return false;
		i++;
		j++;
	}
}

/* About the bytes of n as JSON, enough to tell small shapes from large. */
static size_t json_weight(const struct fc_node *n)
{
	size_t w = n->len + 4;
	for (size_t i = 0; n->kind == FC_NODE_SEQ && i < n->count; i++)
		w += json_weight(n->items[i]);
	for (size_t i = 0; n->kind == FC_NODE_MAP && i < n->count; i++)
		w += n->pairs[i].key_len + 4 + json_weight(n->pairs[i].value);
	return w;
}

/* The definition (in defs, the "definitions" mapping) holding schema's shape,
 * added under base if new. */
static const char *definition_for(struct fc_arena *arena, struct fc_node *defs, const char *base,
                                  const struct fc_node *schema)
{
	for (size_t i = 0; i < defs->count; i++)
		if (same_shape(defs->pairs[i].value, schema))
			return defs->pairs[i].key;
	const char *name = base;
	for (unsigned n = 2; fc_node_get(defs, name); n++)
		name = fc_arena_printf(arena, "%s-%u", base, n);
	struct fc_node *def = fc_tree_map(arena);
	for (size_t i = 0; i < schema->count; i++)
		if (!key_is(&schema->pairs[i], "description"))
			fc_tree_set(arena, def, schema->pairs[i].key, schema->pairs[i].value, NULL);
	fc_tree_set(arena, defs, name, def, NULL);
	return name;
}

/* {"$ref": "#/definitions/<name>"} */
static struct fc_node *reference_to(struct fc_arena *arena, const char *name)
{
	struct fc_node *ref = fc_tree_map(arena);
	fc_tree_set(arena, ref, "$ref", fc_tree_strf(arena, "#/definitions/%s", name), NULL);
	return ref;
}

/* Bottom-up: the inner shapes first, so that outer ones compare with their
 * references in place. */
static void share_definitions(struct fc_arena *arena, struct fc_node *defs, struct fc_node *schema,
                              const char *key)
{
	if (schema->kind != FC_NODE_MAP)
		return;
	const struct fc_pair *items = fc_node_get_pair(schema, "items");
	if (items)
		share_definitions(arena, defs, items->value, key);
	const struct fc_pair *props_pair = fc_node_get_pair(schema, "properties");
	if (!props_pair || props_pair->value->kind != FC_NODE_MAP)
		return;
	struct fc_node *props = props_pair->value;
	for (size_t i = 0; i < props->count; i++)
		share_definitions(arena, defs, props->pairs[i].value, props->pairs[i].key);
	if (props->count < 2)
		return;
	bool *done = fc_arena_alloc(arena, props->count * sizeof(*done));
	for (size_t i = 0; i < props->count; i++) {
		struct fc_node *first = props->pairs[i].value;
		if (done[i] || !is_object_schema(first))
			continue;
		const char *name = NULL;
		for (size_t j = i + 1; j < props->count; j++) {
			struct fc_node *other = props->pairs[j].value;
			if (done[j] || !is_object_schema(other) || !same_shape(first, other))
				continue;
			if (!name && json_weight(first) < SHARED_DEF_MIN_BYTES)
				break;
			if (!name)
				name = definition_for(arena, defs, key, first);
			props->pairs[j].value = reference_to(arena, name);
			done[j] = true;
		}
		if (name)
			props->pairs[i].value = reference_to(arena, name);
	}
}

struct fc_node *fc_render_values_schema(struct fc_arena *arena, const struct fc_node *values)
{
	struct fc_node *body = schema_of(arena, values, NULL, NULL);
	struct fc_node *s = fc_tree_map(arena);
	fc_tree_set(arena, s, "$schema",
	            fc_tree_str(arena, "http://json-schema.org/draft-07/schema#"), NULL);
	fc_tree_set(arena, s, "title", fc_tree_str(arena, "Values of a fabchart-generated chart"),
	            NULL);
	for (size_t i = 0; i < body->count; i++)
		fc_tree_set(arena, s, body->pairs[i].key, body->pairs[i].value, NULL);
	struct fc_node *defs = fc_tree_map(arena);
	share_definitions(arena, defs, s, "values");
	if (defs->count)
		fc_tree_set(arena, s, "definitions", defs, NULL);
	return s;
}

/* ---- Chart.yaml, README.md, files/portmap.csv -------------------------------- */

static struct fc_node *chart_yaml(struct fc_arena *arena, const struct fc_network *net,
                                  const struct fc_render_options *opt)
{
	struct fc_node *c = fc_tree_map(arena);
	fc_tree_set(arena, c, "apiVersion", fc_tree_str(arena, "v2"), NULL);
	fc_tree_set(arena, c, "name", fc_tree_str(arena, net->chart_name), NULL);
	fc_tree_set(arena, c, "version", fc_tree_str(arena, net->chart_version), NULL);
	fc_tree_set(arena, c, "appVersion", fc_tree_str(arena, net->fabric.text), NULL);
	fc_tree_set(arena, c, "kubeVersion", fc_tree_str(arena, ">=1.25.0-0"), NULL);
	fc_tree_set(arena, c, "description", fc_tree_str(arena, net->chart_description), NULL);
	fc_tree_set(arena, c, "type", fc_tree_str(arena, "application"), NULL);
	fc_tree_set(arena, c, "home", fc_tree_str(arena, net->chart_home), NULL);
	struct fc_node *sources = fc_tree_set(arena, c, "sources", fc_tree_seq(arena), NULL);
	for (size_t i = 0; i < net->chart_source_count; i++)
		fc_tree_push(arena, sources, fc_tree_str(arena, net->chart_sources[i]));
	struct fc_node *maint = fc_tree_set(arena, c, "maintainers", fc_tree_seq(arena), NULL);
	for (size_t i = 0; i < net->maintainer_count; i++) {
		const struct fc_maintainer *m = &net->maintainers[i];
		struct fc_node *mm = fc_tree_push(arena, maint, fc_tree_map(arena));
		fc_tree_set(arena, mm, "name", fc_tree_str(arena, m->name), NULL);
		if (m->email)
			fc_tree_set(arena, mm, "email", fc_tree_str(arena, m->email), NULL);
		if (m->url)
			fc_tree_set(arena, mm, "url", fc_tree_str(arena, m->url), NULL);
	}
	struct fc_node *kw = fc_tree_set(arena, c, "keywords", fc_tree_seq(arena), NULL);
	const char *const words[] = {"hyperledger", "fabric", "blockchain",
	                             fc_consensus_name(net->consensus)};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		fc_tree_push(arena, kw, fc_tree_str(arena, words[i]));
	struct fc_node *ann = fc_tree_set(arena, c, "annotations", fc_tree_map(arena), NULL);
	fc_tree_set(arena, ann, "fabchart.dev/generator", fc_tree_str(arena, opt->generator), NULL);
	fc_tree_set(arena, ann, "fabchart.dev/topology-sha256",
	            fc_tree_str(arena, opt->topology_sha256), NULL);
	fc_tree_set(arena, ann, "fabchart.dev/network", fc_tree_str(arena, net->name), NULL);
	return c;
}

static void readme(struct fc_strbuf *out, const struct fc_network *net,
                   const struct fc_render_options *opt)
{
	fc_strbuf_addf(out, "# %s %s\n\n%s.\n\n", net->chart_name, net->chart_version,
	               net->chart_description);
	fc_strbuf_addf(out,
	               "Generated by %s from a topology whose sha256 is `%s`. Edit the "
	               "topology and rebuild rather than editing this chart.\n\n",
	               opt->generator, opt->topology_sha256);
	fc_strbuf_addf(out, "- Network: `%s`, Hyperledger Fabric %s, consensus %s\n", net->name,
	               net->fabric.text, fc_consensus_name(net->consensus));
	fc_strbuf_addf(out, "- Exposure: %s; NetworkPolicies %s\n\n",
	               fc_exposure_name(net->exposure), net->network_policies ? "on" : "off");
	fc_strbuf_addstr(out, "## Install\n\n```sh\nhelm install NAME ");
	fc_strbuf_addf(out, "%s-%s.tgz\n```\n\n", net->chart_name, net->chart_version);
	fc_strbuf_addstr(out,
	                 "Each organization gets its own namespace; the chart creates them.\n\n");
	fc_strbuf_addstr(
	        out, "## Organizations\n\n| organization | kind | MSP ID | namespace | nodes |\n"
	             "| --- | --- | --- | --- | --- |\n");
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *o = &net->peer_orgs[i];
		fc_strbuf_addf(out, "| %s | peer | %s | %s | %zu peer%s (%s) |\n", o->name,
		               o->msp_id, o->namespace, o->peer_count,
		               o->peer_count == 1 ? "" : "s",
		               o->state_db == FC_STATE_DB_COUCHDB ? "CouchDB" : "LevelDB");
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *o = &net->orderer_orgs[i];
		fc_strbuf_addf(out, "| %s | orderer | %s | %s | %zu orderer%s |\n", o->name,
		               o->msp_id, o->namespace, o->orderer_count,
		               o->orderer_count == 1 ? "" : "s");
	}
	fc_strbuf_addstr(out, "\n## Channels\n\n");
	if (!net->channel_count)
		fc_strbuf_addstr(out, "None.\n");
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		fc_strbuf_addf(out, "- `%s`:", ch->name);
		for (size_t j = 0; j < ch->member_count; j++)
			fc_strbuf_addf(out, "%s %s", j ? "," : "", ch->members[j]->name);
		fc_strbuf_addch(out, '\n');
	}
	fc_graph_readme_section(out, net);
	fc_strbuf_addstr(out, "\n## Port map\n\n");
	fc_portmap_format(out, net, FC_PORTMAP_MARKDOWN);
	fc_strbuf_addstr(out,
	                 "\nThe same table is in `files/portmap.csv` and, after install, in the "
	                 "release notes.\n\n## Values\n\nEvery value is documented in "
	                 "`values.yaml` and checked by `values.schema.json`.\n");
}

void fc_render_chart(struct fc_arena *arena, const struct fc_network *net,
                     const struct fc_fileset *skeleton, const struct fc_render_options *options,
                     struct fc_fileset *chart)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_emit_yaml(&sb, chart_yaml(arena, net, options));
	fc_fileset_add_strbuf(arena, chart, "Chart.yaml", &sb);

	struct fc_node *values = fc_render_values(arena, net);
	fc_strbuf_reset(&sb);
	fc_strbuf_addf(&sb,
	               "# Values of the %s network's chart, derived by %s from its topology.\n"
	               "# Everything is set explicitly so that the chart can be read and "
	               "diffed;\n# values.schema.json checks overrides.\n",
	               net->name, options->generator);
	fc_emit_yaml(&sb, values);
	fc_fileset_add_strbuf(arena, chart, "values.yaml", &sb);

	fc_strbuf_reset(&sb);
	fc_emit_json(&sb, fc_render_values_schema(arena, values));
	fc_fileset_add_strbuf(arena, chart, "values.schema.json", &sb);

	fc_strbuf_reset(&sb);
	readme(&sb, net, options);
	fc_fileset_add_strbuf(arena, chart, "README.md", &sb);

	fc_strbuf_reset(&sb);
	fc_strbuf_addf(&sb, "# cryptogen input of the %s network, generated by %s.\n", net->name,
	               options->generator);
	fc_emit_yaml(&sb, fc_fabcfg_crypto_config(arena, net));
	fc_fileset_add_strbuf(arena, chart, "files/crypto-config.yaml", &sb);

	fc_strbuf_reset(&sb);
	fc_strbuf_addf(&sb, "# configtxgen input of the %s network, generated by %s.\n", net->name,
	               options->generator);
	fc_emit_yaml(&sb, fc_fabcfg_configtx(arena, net));
	fc_fileset_add_strbuf(arena, chart, "files/configtx.yaml", &sb);

	fc_strbuf_reset(&sb);
	fc_identity_plan(&sb, net);
	fc_fileset_add_strbuf(arena, chart, "files/identities.plan", &sb);

	fc_strbuf_reset(&sb);
	fc_portmap_format(&sb, net, FC_PORTMAP_CSV);
	fc_fileset_add_strbuf(arena, chart, "files/portmap.csv", &sb);
	fc_strbuf_release(&sb);

	fc_chaincode_add_files(arena, net, chart);
	for (size_t i = 0; i < skeleton->count; i++)
		fc_fileset_add(arena, chart, skeleton->files[i].path, skeleton->files[i].data,
		               skeleton->files[i].size);
	fc_fileset_sort(chart);
}

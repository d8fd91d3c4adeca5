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
#include "chart_readme.h"
#include "confupdate.h"
#include "connprofile.h"
#include "disruption.h"
#include "emit.h"
#include "fabcfg.h"
#include "identity.h"
#include "monitoring.h"
#include "policy.h"
#include "portmap.h"
#include "values_schema.h"

#include <stdarg.h>
#include <string.h>

struct values {
	struct fc_arena *arena;
	const struct fc_network *net;
	struct fc_disruption budgets; /* disruption.h */
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

/* A PodDisruptionBudget's spec without its selector ({} for none): the
 * templates write it as it is (disruption.h). */
static struct fc_node *budget(struct values *v, struct fc_budget b)
{
	struct fc_node *m = map(v);
	if (b.kind == FC_BUDGET_MAX_UNAVAILABLE)
		set(v, m, "maxUnavailable", num(v, b.value),
		    fc_arena_printf(v->arena, "of the %u pods, at most so many evicted at once",
		                    b.pods));
	else if (b.kind == FC_BUDGET_MIN_AVAILABLE)
		set(v, m, "minAvailable", num(v, b.value),
		    fc_arena_printf(v->arena, "of the %u pods, evictions keep so many", b.pods));
	return m;
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

/* The i-th of an array of strings (the CIDR lists). */
static const char *string_at(const void *ctx, size_t i)
{
	return ((const char *const *)ctx)[i];
}

/*
 * Indices 0..n-1 in the byte order of name(ctx, i), the order in which Helm's
 * templates range over a map: the lists below keep the order the templates
 * had when they built them.  Insertion sort: stable, and n is a count of
 * organizations, channels or one organization's nodes.
 */
static size_t *by_name(struct values *v, size_t n, const char *(*name)(const void *, size_t),
                       const void *ctx)
{
	size_t *order = fc_arena_array(v->arena, n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		for (; j > 0 && strcmp(name(ctx, order[j - 1]), name(ctx, i)) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	return order;
}

static const char *org_name(const void *ctx, size_t i)
{
	return ((const struct fc_org *)ctx)[i].name;
}

static const char *peer_name(const void *ctx, size_t i)
{
	return ((const struct fc_peer *)ctx)[i].name;
}

static const char *orderer_name(const void *ctx, size_t i)
{
	return ((const struct fc_orderer *)ctx)[i].name;
}

static const char *channel_name(const void *ctx, size_t i)
{
	return ((const struct fc_channel *)ctx)[i].name;
}

static void push_str(struct values *v, struct fc_node *seq, const char *text)
{
	fc_tree_push(v->arena, seq, str(v, text));
}

/* osnadmin's port (ordererSettings.adminPort), 0 before channel participation (1.4) */
unsigned fc_render_admin_port(const struct fc_network *net)
{
	return net->fabric.major >= 2 ? 7053 : 0;
}

/* What the peer organization's join Job (files/scripts/join.sh peers) is told. */
static void add_peer_join(struct values *v, struct fc_node *m, const struct fc_org *org)
{
	const struct fc_network *net = v->net;
	struct fc_node *join = set(v, m, "join", map(v),
	                           "what the organization's join Job and helm test are told");
	struct fc_node *chans = set(v, join, "channels", fc_tree_seq(v->arena),
	                            "CHANNELS: the channels the organization is a member of");
	struct fc_node *create =
	        set(v, join, "create", fc_tree_seq(v->arena),
	            "CREATE: the channels it creates (1.4: it is their first member)");
	size_t *order = by_name(v, net->channel_count, channel_name, net->channels);
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[order[i]];
		if (!fc_model_channel_member(ch, org))
			continue;
		push_str(v, chans, ch->name);
		if (ch->members[0] == org)
			push_str(v, create, ch->name);
	}
	struct fc_node *peers = set(v, join, "peers", fc_tree_seq(v->arena),
	                            "PEERS: <peer>=<address> of each of its peers");
	order = by_name(v, org->peer_count, peer_name, org->peers);
	for (size_t i = 0; i < org->peer_count; i++) {
		const struct fc_peer *p = &org->peers[order[i]];
		push_str(v, peers, fc_arena_printf(v->arena, "%s=%s", p->name, p->address));
	}
}

/* What the orderer organization's join Job (files/scripts/join.sh orderers) is told. */
static void add_orderer_join(struct values *v, struct fc_node *m, const struct fc_org *org)
{
	const struct fc_network *net = v->net;
	struct fc_node *join = set(v, m, "join", map(v),
	                           "what the organization's join Job and helm test are told "
	                           "(channel participation, 2.5 and later; empty before)");
	struct fc_node *chans = set(v, join, "channels", fc_tree_seq(v->arena),
	                            "CHANNELS: every channel, each of its orderers joins");
	size_t *order = by_name(v, net->channel_count, channel_name, net->channels);
	for (size_t i = 0; fc_render_admin_port(net) && i < net->channel_count; i++)
		push_str(v, chans, net->channels[order[i]].name);
	struct fc_node *ords =
	        set(v, join, "orderers", fc_tree_seq(v->arena),
	            "ORDERERS: <orderer>=<admin endpoint> (headless Service, adminPort)");
	order = by_name(v, org->orderer_count, orderer_name, org->orderers);
	for (size_t i = 0; fc_render_admin_port(net) && i < org->orderer_count; i++) {
		const struct fc_orderer *o = &org->orderers[order[i]];
		push_str(v, ords,
		         fc_arena_printf(v->arena, "%s=%s-headless.%s.svc.%s:%u", o->name, o->name,
		                         org->namespace, net->cluster_domain,
		                         fc_render_admin_port(net)));
	}
}

/* What an orderer organization's renewal CronJob is told of the signatures
 * a BFT consenter's renewal needs (identities from Fabric CA only). */
static void add_consenter_renewal(struct values *v, struct fc_node *m, const struct fc_org *org)
{
	const struct fc_network *net = v->net;
	struct fc_node *r = set(v, m, "consenterRenewal", map(v),
	                        "who signs the channel config update that renews a BFT "
	                        "consenter (renew.sh consent)");
	const struct fc_org **chain = fc_arena_array(
	        v->arena, net->orderer_org_count ? net->orderer_org_count : 1, sizeof(*chain));
	struct fc_node *signers =
	        set(v, r, "signers", fc_tree_seq(v->arena),
	            "SIGNERS: the namespaces whose admins sign this organization's requests, in "
	            "turn");
	size_t n = fc_identity_renewal_signers(net, org, chain);
	for (size_t i = 0; i < n; i++)
		push_str(v, signers, chain[i]->namespace);
	struct fc_node *sign_for =
	        set(v, r, "signFor", fc_tree_seq(v->arena),
	            "SIGN_FOR: <organization>=<MSP ID>@<namespace>, the requests this "
	            "organization signs and where it takes each from");
	struct fc_node *own = set(v, r, "configMaps", fc_tree_seq(v->arena),
	                          "the requests' ConfigMaps in its namespace: its own, then "
	                          "those it signs");
	push_str(v, own, fc_arena_printf(v->arena, "fabchart-renew-%s", org->name));
	struct fc_node *reads = set(v, r, "reads", fc_tree_seq(v->arena),
	                            "the requests it takes from other namespaces (a Role there "
	                            "lets it get that ConfigMap)");
	struct fc_renewal_read *read;
	n = fc_identity_renewal_reads(v->arena, net, org, &read);
	for (size_t i = 0; i < n; i++) {
		const struct fc_org *req = read[i].requester;
		const char *cm = fc_arena_printf(v->arena, "fabchart-renew-%s", req->name);
		struct fc_node *e = fc_tree_map(v->arena);
		fc_tree_set(v->arena, e, "namespace", fc_tree_str(v->arena, read[i].from), NULL);
		fc_tree_set(v->arena, e, "configMap", fc_tree_str(v->arena, cm), NULL);
		fc_tree_push(v->arena, reads, e);
		if (req == org)
			continue;
		push_str(v, own, cm);
		push_str(v, sign_for,
		         fc_arena_printf(v->arena, "%s=%s@%s", req->name, req->msp_id,
		                         read[i].from));
	}
	struct fc_node *ords =
	        set(v, r, "orderers", fc_tree_seq(v->arena),
	            "ORDERERS: <orderer>=<address>, where its channels' configs are fetched");
	struct fc_node *admins =
	        set(v, r, "admins", fc_tree_seq(v->arena),
	            "ADMINS: <orderer>=<admin endpoint> (headless Service, adminPort), where a "
	            "renewed consenter is awaited");
	size_t *order = by_name(v, org->orderer_count, orderer_name, org->orderers);
	for (size_t i = 0; i < org->orderer_count; i++) {
		const struct fc_orderer *o = &org->orderers[order[i]];
		push_str(v, ords, fc_arena_printf(v->arena, "%s=%s", o->host, o->address));
		push_str(v, admins,
		         fc_arena_printf(v->arena, "%s=%s-headless.%s.svc.%s:%u", o->host, o->name,
		                         org->namespace, net->cluster_domain,
		                         fc_render_admin_port(net)));
	}
}

static void add_peer_org(struct values *v, struct fc_node *orgs, const struct fc_org *org,
                         struct fc_budget pdb)
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
	set(v, m, "chaincodeTls", fc_tree_bool(v->arena, fc_chaincode_org_has_tls(v->net, org)),
	    "it runs a chaincode with TLS: its peers get the ccaas builder's "
	    "CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG from the Secret <peer>-ccaas");
	set(v, m, "disruptionBudget", budget(v, pdb),
	    "PodDisruptionBudget of the peers: minAvailable 1 with 2 peers or more, none for one");
	struct fc_node *ca = set(v, m, "ca", map(v), "the organization's fabric-ca-server");
	set(v, ca, "enabled", fc_tree_bool(v->arena, org->ca), "run the CA");
	set(v, ca, "nodePort", num(v, org->ca_node_port), "NodePort of 7054, 0 when not exposed");
	set(v, ca, "external", fc_tree_bool(v->arena, org->ca_exposed),
	    "exposed outside the cluster (exposure.caExternal); else a ClusterIP Service");
	set(v, ca, "externalHost",
	    str(v, org->ca_exposed && org->external.host ? org->external.host : ""),
	    "the organization's externalHost when the CA is exposed, in its TLS certificate; "
	    "\"\" when none");
	struct fc_node *peers = set(v, m, "peers", map(v), "the organization's peers, by name");
	for (size_t i = 0; i < org->peer_count; i++) {
		const struct fc_peer *p = &org->peers[i];
		struct fc_node *pm = set(v, peers, p->name, map(v),
		                         fc_arena_printf(v->arena, "peer %s", p->host));
		set(v, pm, "index", num(v, p->index), "M, the peer's place in the port scheme");
		set(v, pm, "host", str(v, p->host), "host name in certificates");
		set(v, pm, "address", str(v, p->address),
		    "the peer's Service address inside the cluster");
		set(v, pm, "externalAddress",
		    str(v, p->external.address ? p->external.address : ""),
		    "its address outside the cluster (externalHost), \"\" when none: its gossip "
		    "external endpoint when set");
		const struct fc_peer *boot = &org->peers[(i + 1) % org->peer_count];
		set(v, pm, "gossipBootstrap", str(v, boot->address),
		    "CORE_PEER_GOSSIP_BOOTSTRAP: another peer of the organization (itself when alone)");
		set(v, pm, "nodePort", num(v, p->node_port),
		    "NodePort of 7051, 0 when not exposed");
		set(v, pm, "chaincodeNodePort", num(v, p->chaincode_node_port),
		    "NodePort of 7052, 0 when not exposed");
	}
	add_peer_join(v, m, org);
}

static void add_orderer_org(struct values *v, struct fc_node *orgs, const struct fc_org *org,
                            struct fc_budget pdb)
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
	set(v, m, "disruptionBudget", budget(v, pdb),
	    "PodDisruptionBudget of the orderers: the organization's share of what every "
	    "channel's consenters tolerate down ({}: none)");
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
		set(v, om, "externalAddress",
		    str(v, o->external.address ? o->external.address : ""),
		    "its address outside the cluster (externalHost), \"\" when none");
		set(v, om, "nodePort", num(v, o->node_port),
		    "NodePort of 7050, 0 when not exposed");
	}
	add_orderer_join(v, m, org);
	if (v->net->consensus == FC_CONSENSUS_BFT && v->net->identities == FC_IDENTITIES_FABRIC_CA)
		add_consenter_renewal(v, m, org);
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
	set(v, o, "port", num(v, FC_PORT_ORDERER),
	    "port of the orderer's gRPC endpoint (ORDERER_GENERAL_LISTENPORT) and its Services");
	set(v, o, "adminPort", num(v, fc_render_admin_port(net)),
	    "port of the osnadmin endpoint, 0 when there is none (1.4)");
	set(v, o, "operationsPort", num(v, 8443), "port of the operations endpoint (/healthz)");
	set(v, o, "consensusType", str(v, fc_consensus_name(net->consensus)),
	    "ORDERER_GENERAL_... consensus of the ordering service");
	struct fc_node *p = set(v, root, "peerSettings", map(v), "settings of every peer");
	set(v, p, "port", num(v, FC_PORT_PEER),
	    "port of the peer's gRPC endpoint (CORE_PEER_LISTENADDRESS) and its Services");
	set(v, p, "chaincodePort", num(v, 7052),
	    "port where chaincode connects to the peer (CORE_PEER_CHAINCODELISTENADDRESS)");
	set(v, p, "operationsPort", num(v, 9443), "port of the operations endpoint (/healthz)");
	set(v, p, "chaincodeAsAService", fc_tree_bool(v->arena, major >= 2),
	    "chaincode runs as a service through the ccaas external builder (2.x and later); "
	    "never through a Docker daemon");
	struct fc_node *c = set(v, root, "caSettings", map(v), "settings of every CA");
	set(v, c, "port", num(v, FC_PORT_CA),
	    "port of fabric-ca-server (FABRIC_CA_SERVER_PORT) and its Service");
	set(v, c, "operationsPort", num(v, 9443), "port of the operations endpoint (/healthz)");
}

/* m.key: {enabled: on} (what: the map's comment, doc: enabled's); returns the map. */
static struct fc_node *switched(struct values *v, struct fc_node *m, const char *key,
                                const char *what, bool on, const char *doc)
{
	struct fc_node *s = set(v, m, key, map(v), what);
	set(v, s, "enabled", fc_tree_bool(v->arena, on), doc);
	return s;
}

/* Prometheus and Grafana (templates/metrics.yaml, alerts.yaml, dashboards.yaml):
 * the switches an install may turn; the rules and dashboards are the chart's
 * files/monitoring/ (monitoring.c).  operations.tls.enabled: HTTPS on the
 * operations endpoints, peers' and orderers' with each node's own TLS pair
 * (peer.yaml, orderer.yaml), CAs' with the pair the identity Job issues them
 * (ca.yaml), verified by the PodMonitors (metrics.yaml). */
static void add_metrics(struct values *v, struct fc_node *root)
{
	struct fc_node *ops = set(v, root, "operations", map(v),
	                          "the operations endpoints of peers, orderers and CAs (/metrics, "
	                          "/healthz; peers' and orderers' /logspec)");
	switched(v, ops, "tls", "TLS on the operations endpoints", false,
	         "HTTPS with each node's own TLS pair (CORE_OPERATIONS_TLS_*, "
	         "ORDERER_OPERATIONS_TLS_*), each CA's with a pair of its organization's TLS CA; "
	         "probes use HTTPS; the PodMonitors verify each endpoint against the "
	         "organization's TLS CA (Secret org-certs) and the node's Service name");
	struct fc_node *m =
	        set(v, root, "metrics", map(v),
	            "Prometheus metrics of peers, orderers and CAs (their operations "
	            "endpoints, CORE_/ORDERER_/FABRIC_CA_SERVER_METRICS_PROVIDER=prometheus)");
	switched(v, m, "podMonitor", "PodMonitors (Prometheus Operator)", true,
	         "a PodMonitor per peer, orderer and CA when the cluster serves "
	         "monitoring.coreos.com/v1; otherwise (or false) prometheus.io/scrape pod "
	         "annotations");
	switched(v, m, "prometheusRule", "the alerts", true,
	         "a PrometheusRule with the network's alerts (files/monitoring/alerts.yaml) when "
	         "the cluster serves monitoring.coreos.com/v1");
	struct fc_node *d = switched(v, m, "dashboards", "Grafana dashboards", false,
	                             "ConfigMaps labelled grafana_dashboard: \"1\" (the Grafana "
	                             "chart's sidecar) with files/monitoring/dashboards/*.json");
	set(v, d, "namespace", str(v, ""),
	    "namespace of the dashboards' ConfigMaps (Grafana's sidecar searches there); empty: "
	    "the release's");
	set(v, m, "labels", map(v),
	    "labels added to the PodMonitors and the PrometheusRule, for a Prometheus that "
	    "selects them by label (kube-prometheus-stack: release: <its release>)");
}

/*
 * The identity Job's lists and the orderer every peer organization's join
 * Job talks to: the first orderer (by name) of the first orderer
 * organization (by name).
 */
static void add_bootstrap(struct values *v, struct fc_node *root)
{
	const struct fc_network *net = v->net;
	struct fc_node *b = set(v, root, "bootstrap", map(v),
	                        "what the identity Job and the join Jobs are told (derived by "
	                        "fabchart from the organizations and channels)");
	struct fc_node *nss = set(v, b, "namespaces", fc_tree_seq(v->arena),
	                          "namespaces the identity Job writes Secrets to: a Role, a "
	                          "RoleBinding and the join scripts in each");
	size_t *peer_orgs = by_name(v, net->peer_org_count, org_name, net->peer_orgs);
	size_t *ord_orgs = by_name(v, net->orderer_org_count, org_name, net->orderer_orgs);
	for (size_t i = 0; i < net->peer_org_count; i++)
		push_str(v, nss, net->peer_orgs[peer_orgs[i]].namespace);
	for (size_t i = 0; i < net->orderer_org_count; i++)
		push_str(v, nss, net->orderer_orgs[ord_orgs[i]].namespace);
	if (net->explorer)
		push_str(v, nss, net->explorer_namespace);
	struct fc_node *chans =
	        set(v, b, "channels", fc_tree_seq(v->arena), "CHANNELS: every channel, by name");
	struct fc_node *anchors = set(v, b, "anchors", fc_tree_seq(v->arena),
	                              "ANCHORS: <channel>:<MSP ID> of each member of each channel");
	size_t *order = by_name(v, net->channel_count, channel_name, net->channels);
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[order[i]];
		push_str(v, chans, ch->name);
		for (size_t j = 0; j < ch->member_count; j++)
			push_str(v, anchors,
			         fc_arena_printf(v->arena, "%s:%s", ch->name,
			                         ch->members[j]->msp_id));
	}
	struct fc_node *orgs = set(v, b, "ordererOrganizations", fc_tree_seq(v->arena),
	                           "orderer organizations whose TLS CA the peers' join Jobs mount");
	struct fc_node *eps = set(v, b, "ordererEndpoints", fc_tree_seq(v->arena),
	                          "ORDERER_ENDPOINTS: <organization>=<address> of every orderer");
	const char *first = "", *first_org = "";
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *org = &net->orderer_orgs[ord_orgs[i]];
		push_str(v, orgs, org->name);
		size_t *ords = by_name(v, org->orderer_count, orderer_name, org->orderers);
		for (size_t j = 0; j < org->orderer_count; j++) {
			const struct fc_orderer *o = &org->orderers[ords[j]];
			if (!*first) {
				first = o->address;
				first_org = org->name;
			}
			push_str(v, eps, fc_arena_printf(v->arena, "%s=%s", org->name, o->address));
		}
	}
	set(v, b, "orderer", str(v, first), "ORDERER: the orderer the peers' join Jobs use");
	set(v, b, "ordererOrganization", str(v, first_org), "ORDERER_ORG: its organization");
}

/* helm test (tests/test-services.yaml): "<Service> <port>" to check, by namespace. */
static void add_org_checks(struct values *v, struct fc_node *all, const struct fc_org *org)
{
	struct fc_node *seq = set(v, all, org->namespace, fc_tree_seq(v->arena),
	                          fc_arena_printf(v->arena, "organization %s", org->name));
	if (org->ca)
		push_str(v, seq, fc_arena_printf(v->arena, "ca %d", FC_PORT_CA));
	size_t *peers = by_name(v, org->peer_count, peer_name, org->peers);
	for (size_t j = 0; j < org->peer_count; j++) {
		const char *name = org->peers[peers[j]].name;
		push_str(v, seq, fc_arena_printf(v->arena, "%s %d", name, FC_PORT_PEER));
		push_str(v, seq, fc_arena_printf(v->arena, "%s 7052", name));
	}
	size_t *ords = by_name(v, org->orderer_count, orderer_name, org->orderers);
	for (size_t j = 0; j < org->orderer_count; j++)
		push_str(v, seq,
		         fc_arena_printf(v->arena, "%s %d", org->orderers[ords[j]].name,
		                         FC_PORT_ORDERER));
}

static void add_service_checks(struct values *v, struct fc_node *root)
{
	const struct fc_network *net = v->net;
	struct fc_node *t = set(v, root, "tests", map(v), "what helm test checks");
	struct fc_node *all = set(v, t, "services", map(v),
	                          "by namespace, each Service and port of the port map that a "
	                          "pod of the namespace must reach");
	size_t *order = by_name(v, net->peer_org_count, org_name, net->peer_orgs);
	for (size_t i = 0; i < net->peer_org_count; i++)
		add_org_checks(v, all, &net->peer_orgs[order[i]]);
	order = by_name(v, net->orderer_org_count, org_name, net->orderer_orgs);
	for (size_t i = 0; i < net->orderer_org_count; i++)
		add_org_checks(v, all, &net->orderer_orgs[order[i]]);
	if (net->explorer) {
		struct fc_node *seq =
		        set(v, all, net->explorer_namespace, fc_tree_seq(v->arena), "the explorer");
		push_str(v, seq, "explorer 8080");
	}
	/* the expiry test (tests/test-certs.yaml): identity.h fc_identity_certificates */
	struct fc_node *certs = set(v, t, "certificates", map(v),
	                            "by namespace, SECRET=KEY[,KEY...] of each Secret with "
	                            "certificates, whose expiry the test checks");
	struct fc_identity_certs *list;
	size_t n = fc_identity_certificates(v->arena, net, &list);
	for (size_t i = 0; i < n; i++) {
		struct fc_node *seq = (struct fc_node *)fc_node_get(certs, list[i].ns);
		if (!seq)
			seq = set(v, certs, list[i].ns, fc_tree_seq(v->arena),
			          "its Secrets with certificates");
		push_str(v, seq, fc_arena_printf(v->arena, "%s=%s", list[i].secret, list[i].keys));
	}
}

/* NFS (storage.yaml): a share per orderer organization, peer organization and the explorer. */
static void add_shares(struct values *v, struct fc_node *nfs)
{
	const struct fc_network *net = v->net;
	struct fc_node *seq = set(v, nfs, "shares", fc_tree_seq(v->arena),
	                          "the shares (kind nfs): a PersistentVolume on "
	                          "<path>/<organization> and the claim \"share\" in its namespace");
	const struct fc_org *kinds[2] = {net->orderer_orgs, net->peer_orgs};
	size_t counts[2] = {net->orderer_org_count, net->peer_org_count};
	for (int k = 0; k < 2; k++) {
		size_t *order = by_name(v, counts[k], org_name, kinds[k]);
		for (size_t i = 0; i < counts[k]; i++) {
			struct fc_node *m = fc_tree_push(v->arena, seq, map(v));
			set(v, m, "organization", str(v, kinds[k][order[i]].name), "sub-path");
			set(v, m, "namespace", str(v, kinds[k][order[i]].namespace), "namespace");
		}
	}
	if (net->explorer) {
		struct fc_node *m = fc_tree_push(v->arena, seq, map(v));
		set(v, m, "organization", str(v, "explorer"), "sub-path");
		set(v, m, "namespace", str(v, net->explorer_namespace), "namespace");
	}
}

/* A route of exposure.ingress: the host the controller matches (SNI) to a Service port. */
static void add_route(struct values *v, struct fc_node *rules, const char *host,
                      const char *service, unsigned port)
{
	struct fc_node *m = fc_tree_push(v->arena, rules, map(v));
	set(v, m, "host", str(v, host), "the externalHost, the TLS server name clients send");
	set(v, m, "service", str(v, service), "the Service in the organization's namespace");
	set(v, m, "port", num(v, port), "its port; the node terminates TLS itself");
}

/* exposure.ingress (type Ingress only): the controller and, per organization, the
 * hosts templates/ingress.yaml routes to its Services (model_ports.c). */
static void add_ingress(struct values *v, struct fc_node *ex)
{
	const struct fc_network *net = v->net;
	struct fc_node *ing = set(v, ex, "ingress", map(v),
	                          "exposure.type Ingress: one controller routes every node by "
	                          "TLS server name (SNI) without terminating TLS");
	set(v, ing, "className", str(v, net->ingress.class_name), "ingressClassName");
	set(v, ing, "namespace", str(v, net->ingress.namespace),
	    "the controller's namespace, admitted by the NetworkPolicies");
	set(v, ing, "port", num(v, net->ingress.port), "the controller's TLS port clients dial");
	struct fc_node *routes = set(v, ing, "organizations", map(v),
	                             "per organization its Ingress's rules, one per exposed node");
	const struct fc_org *kinds[2] = {net->peer_orgs, net->orderer_orgs};
	size_t counts[2] = {net->peer_org_count, net->orderer_org_count};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < counts[k]; i++) {
			const struct fc_org *org = &kinds[k][i];
			struct fc_node *om =
			        set(v, routes, org->name, map(v),
			            fc_arena_printf(v->arena, "organization %s", org->name));
			set(v, om, "namespace", str(v, org->namespace), "its namespace");
			struct fc_node *rules =
			        set(v, om, "rules", fc_tree_seq(v->arena), "host -> Service:port");
			if (org->ca_address)
				add_route(v, rules, org->external.host, "ca", FC_PORT_CA);
			for (size_t j = 0; j < org->peer_count; j++)
				if (org->peers[j].external.address)
					add_route(v, rules, org->peers[j].external.host,
					          org->peers[j].service, FC_PORT_PEER);
			for (size_t j = 0; j < org->orderer_count; j++)
				if (org->orderers[j].external.address)
					add_route(v, rules, org->orderers[j].external.host,
					          org->orderers[j].service, FC_PORT_ORDERER);
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
	add_shares(v, nfs);
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

/* Scheduling knobs (/work/notes/LAYOUT.md): empty, so that they render nothing. */
static void add_scheduling(struct values *v, struct fc_node *root)
{
	static const char *const components[][2] = {
	        {"peer", "peers (and their CouchDB)"},
	        {"orderer", "orderers"},
	        {"ca", "fabric-ca-servers"},
	        {"explorer", "the explorer and its database"},
	        {"kafka", "Kafka brokers (kafka consensus)"},
	        {"zookeeper", "ZooKeeper servers (kafka consensus)"},
	        {"chaincode", "chaincode servers (chaincodes as a service)"},
	        {"jobs", "the identity, join, chaincode lifecycle and helm test Jobs and Pods, and "
	                 "the CLI pods (no "
	                 "Services: no serviceAnnotations or serviceLabels)"},
	};
	struct fc_node *sch = set(v, root, "scheduling", map(v),
	                          "where pods run and how their Services look: default, and per "
	                          "component the keys that replace the default's");
	struct fc_node *d = set(v, sch, "default", map(v), "applies to every component");
	set(v, d, "nodeSelector", map(v), "nodeSelector of the pods");
	set(v, d, "tolerations", fc_tree_seq(v->arena), "tolerations of the pods");
	set(v, d, "affinity", map(v), "affinity of the pods");
	set(v, d, "topologySpreadConstraints", fc_tree_seq(v->arena),
	    "topologySpreadConstraints of the pods; without labelSelector, the component's pods");
	set(v, d, "imagePullSecrets", fc_tree_seq(v->arena),
	    "imagePullSecrets of the pods: [{name: <Secret>}]");
	set(v, d, "priorityClassName", str(v, ""), "priorityClassName of the pods, \"\" for none");
	set(v, d, "serviceAnnotations", map(v), "annotations added to the Services");
	set(v, d, "serviceLabels", map(v), "labels added to the Services");
	for (size_t i = 0; i < sizeof(components) / sizeof(components[0]); i++)
		set(v, sch, components[i][0], map(v),
		    fc_arena_printf(v->arena, "%s: keys set here replace the default's",
		                    components[i][1]));
}

/*
 * Logging knobs (README "Logging"): a default FABRIC_LOGGING_SPEC and
 * FABRIC_LOGGING_FORMAT for peers and orderers (common/flogging/logging.go at
 * v1.4.12 and v2.5.12, fabric-lib-go's at v3.1.1, read by peer and orderer
 * main), each replaceable per component ("" keeps the default), and the
 * fabric-ca-servers' FABRIC_CA_SERVER_LOGLEVEL (lib/serverconfig.go LogLevel,
 * fabric-ca v1.4.9 and v1.5.15).  values_schema.c holds their grammars.
 */
static void add_logging(struct values *v, struct fc_node *root)
{
	struct fc_node *log = set(v, root, "logging", map(v), "log levels and formats");
	set(v, log, "spec", str(v, "info"),
	    "FABRIC_LOGGING_SPEC of peers and orderers: a level, or logger[,logger]=level "
	    "terms joined by ':' (\"info:gossip=warn\")");
	set(v, log, "format", str(v, "console"),
	    "FABRIC_LOGGING_FORMAT of peers and orderers: console (Fabric's default), json or "
	    "logfmt");
	static const char *const nodes[][2] = {{"peer", "peers"}, {"orderer", "orderers"}};
	for (size_t i = 0; i < 2; i++) {
		struct fc_node *m =
		        set(v, log, nodes[i][0], map(v),
		            fc_arena_printf(v->arena, "the %s' own; \"\" keeps the default",
		                            nodes[i][1]));
		set(v, m, "spec", str(v, ""), "FABRIC_LOGGING_SPEC, \"\" for logging.spec");
		set(v, m, "format", str(v, ""), "FABRIC_LOGGING_FORMAT, \"\" for logging.format");
	}
	struct fc_node *ca = set(v, log, "ca", map(v), "the fabric-ca-servers'");
	set(v, ca, "level", str(v, "info"),
	    "FABRIC_CA_SERVER_LOGLEVEL: debug, info, warning, error, critical or fatal (no JSON "
	    "logs: fabric-ca-server has none)");
}

/*
 * Where identities come from (model.h): cryptogen in the identity Job, or
 * each organization's Fabric CA (templates/enroll.yaml, renew.yaml, the
 * genesis Job of identities.yaml); the lifetimes are the CAs' signing
 * expiries, the window what the renewal CronJobs and helm test look ahead.
 */
static void add_identities(struct values *v, struct fc_node *root, const struct fc_network *net)
{
	bool ca = net->identities == FC_IDENTITIES_FABRIC_CA;
	struct fc_node *id = set(v, root, "identities", map(v),
	                         "where the identities come from, and their certificates' "
	                         "lifetimes and renewal (fabric-ca)");
	set(v, id, "source", str(v, ca ? "fabric-ca" : "cryptogen"),
	    "cryptogen (one identity Job) or fabric-ca (each organization's CA enrolls its own); "
	    "fixed by the topology");
	struct fc_node *life = set(v, id, "lifetimes", map(v),
	                           "certificate lifetimes, hours (Fabric CA's signing expiries)");
	set(v, life, "node", str(v, net->certificates.node),
	    "peers' and orderers' signing certificates");
	set(v, life, "admin", str(v, net->certificates.admin), "the admin's and users'");
	set(v, life, "tls", str(v, net->certificates.tls), "TLS certificates");
	set(v, life, "ca", str(v, net->certificates.ca), "the CA roots (made once)");
	struct fc_node *renew = set(v, id, "renewal", map(v), "renewal of expiring certificates");
	set(v, renew, "window", str(v, net->certificates.window),
	    "certificates expiring within it are renewed (fabric-ca) and fail helm test");
	set(v, renew, "schedule", str(v, net->certificates.schedule),
	    "the renewal CronJobs' schedule (fabric-ca)");
}

/*
 * Ledger snapshots (templates/snapshots.yaml, files/scripts/snapshot.sh):
 * off by default; a CronJob per peer organization asks its peers for a
 * snapshot of each of its channels (join.channels, join.peers), a sidecar
 * of each peer keeps the newest `keep` per channel.  rootDir is the peer's
 * ledger.snapshots.rootDir (sampleconfig/core.yaml at v2.5.12 and v3.1.1:
 * /var/hyperledger/production/snapshots, on the data volume).  Fabric 1.4
 * has no snapshots: values_schema.c pins every key there.
 */
static void add_snapshots(struct values *v, struct fc_node *root)
{
	bool able = v->net->fabric.major >= 2;
	struct fc_node *s = set(v, root, "snapshots", map(v),
	                        "ledger snapshots on a schedule (Fabric 2.5 and later)");
	set(v, s, "enabled", fc_tree_bool(v->arena, false),
	    able ? "a CronJob per peer organization runs `peer snapshot submitrequest` for each "
	           "of its channels on each of its peers, and a sidecar of each peer deletes "
	           "all but the newest snapshots"
	         : "Fabric 1.4 has no ledger snapshots");
	set(v, s, "schedule", str(v, "0 3 * * *"),
	    "when the CronJob runs (cron syntax: minute hour day-of-month month day-of-week, or "
	    "@daily, @hourly, @every 6h, ...)");
	set(v, s, "keep", num(v, 3), "snapshots kept per channel on each peer, the newest");
	set(v, s, "rootDir", str(v, able ? "/var/hyperledger/production/snapshots" : ""),
	    "CORE_LEDGER_SNAPSHOTS_ROOTDIR of the peers (ledger.snapshots.rootDir), on their "
	    "data volume");
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
	struct values vs = {arena, net, {0}}, *v = &vs;
	fc_disruption_plan(arena, net, &vs.budgets);
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
	struct fc_node *zk_servers =
	        set(v, kafka, "zookeeperServers", fc_tree_seq(arena),
	            "ZOO_SERVERS: server.<id>=<host>:2888:3888 of each server");
	struct fc_node *zk_connect = set(v, kafka, "zookeeperConnect", fc_tree_seq(arena),
	                                 "KAFKA_ZOOKEEPER_CONNECT: <host>:2181 of each server");
	for (unsigned i = 0; has_kafka && i < net->kafka.zookeepers; i++) {
		const char *host =
		        fc_arena_printf(arena, "zookeeper-%u.zookeeper-headless.%s.svc.%s", i,
		                        net->kafka_namespace, net->cluster_domain);
		push_str(v, zk_servers,
		         fc_arena_printf(arena, "server.%u=%s:2888:3888", i + 1, host));
		push_str(v, zk_connect, fc_arena_printf(arena, "%s:2181", host));
	}

	struct fc_node *peers =
	        set(v, root, "peerOrganizations", map(v), "organizations that run peers, by name");
	for (size_t i = 0; i < net->peer_org_count; i++)
		add_peer_org(v, peers, &net->peer_orgs[i], v->budgets.peer_orgs[i]);
	struct fc_node *ords = set(v, root, "ordererOrganizations", map(v),
	                           "organizations that run orderers, by name");
	for (size_t i = 0; i < net->orderer_org_count; i++)
		add_orderer_org(v, ords, &net->orderer_orgs[i], v->budgets.orderer_orgs[i]);
	add_channels(v, root);
	struct fc_node *pdb = set(v, root, "disruptionBudgets", map(v),
	                          "PodDisruptionBudgets that keep consensus through node drains");
	set(v, pdb, "enabled", fc_tree_bool(arena, true),
	    "render them (each organization's disruptionBudget, kafka, zookeeper)");
	set(v, pdb, "kafka", budget(v, v->budgets.kafka),
	    "the Kafka brokers': replicationFactor - minInsyncReplicas down at most");
	set(v, pdb, "zookeeper", budget(v, v->budgets.zookeeper),
	    "the ZooKeeper servers': a majority stays");

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
	size_t clients = net->exposure == FC_EXPOSURE_LOADBALANCER ? net->client_cidr_count : 0;
	set(v, ex, "clientCidrs", names_seq(v, clients, string_at, net->client_cidrs),
	    "LoadBalancer: loadBalancerSourceRanges of the exposed Services (with "
	    "externalTrafficPolicy Local), admitted by the NetworkPolicies too");
	if (net->exposure == FC_EXPOSURE_INGRESS)
		add_ingress(v, ex);

	struct fc_node *iso = set(v, root, "networkPolicies", map(v),
	                          "NetworkPolicies isolating the organizations");
	set(v, iso, "enabled", fc_tree_bool(arena, net->network_policies), "generate them");
	set(v, iso, "nodeCidrs", names_seq(v, net->node_cidr_count, string_at, net->node_cidrs),
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
	const char *expl_org = "";
	for (size_t i = 0; i < net->peer_org_count; i++)
		if (net->peer_orgs[i].index == 1)
			expl_org = net->peer_orgs[i].name;
	set(v, expl, "organization", str(v, expl_org),
	    "the first peer organization, whose admin identity the explorer uses");
	size_t *chan_order = by_name(v, net->channel_count, channel_name, net->channels);
	set(v, expl, "channel", str(v, net->channel_count ? net->channels[chan_order[0]].name : ""),
	    "the channel the explorer's connection profile names (the first by name)");
	set(v, expl, "external", fc_tree_bool(arena, net->explorer_exposed),
	    "exposed outside the cluster; else a ClusterIP Service");
	add_storage(v, root);
	add_resources(v, root);
	add_bootstrap(v, root);
	add_service_checks(v, root);
	add_scheduling(v, root);
	add_logging(v, root);
	add_metrics(v, root);
	add_snapshots(v, root);
	add_identities(v, root, net);
	fc_chaincode_add_values(arena, net, root);
	return root;
}

/* ---- Chart.yaml -------------------------------------------------------------- */

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

/* A YAML file of the chart: the header (a printf format), then tree. */
/* identities: fabric-ca: each organization's enrollment list and its share of
 * the identity plan, and the genesis Job's share (fabcfg.h, identity.h) */
static void add_enrollment_files(struct fc_arena *arena, const struct fc_network *net,
                                 struct fc_fileset *chart, struct fc_strbuf *sb)
{
	const struct fc_org *lists[] = {net->orderer_orgs, net->peer_orgs};
	size_t counts[] = {net->orderer_org_count, net->peer_org_count};
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++) {
			const struct fc_org *org = &lists[l][i];
			fc_strbuf_reset(sb);
			fc_fabcfg_enroll_list(sb, arena, net, org);
			fc_fileset_add_strbuf(
			        arena, chart,
			        fc_arena_printf(arena, "files/enroll/%s.list", org->name), sb);
			fc_strbuf_reset(sb);
			fc_identity_plan_org(sb, net, org);
			fc_fileset_add_strbuf(
			        arena, chart,
			        fc_arena_printf(arena, "files/enroll/%s.plan", org->name), sb);
		}
	fc_strbuf_reset(sb);
	fc_identity_plan_public(sb, net);
	fc_fileset_add_strbuf(arena, chart, "files/genesis.plan", sb);
}

static void add_yaml(struct fc_arena *arena, struct fc_fileset *chart, struct fc_strbuf *sb,
                     const char *path, const struct fc_node *tree, const char *header, ...)
        __attribute__((format(printf, 6, 7)));
static void add_yaml(struct fc_arena *arena, struct fc_fileset *chart, struct fc_strbuf *sb,
                     const char *path, const struct fc_node *tree, const char *header, ...)
{
	fc_strbuf_reset(sb);
	va_list ap;
	va_start(ap, header);
	fc_strbuf_vaddf(sb, header, ap);
	va_end(ap);
	fc_emit_yaml(sb, tree);
	fc_fileset_add_strbuf(arena, chart, path, sb);
}

void fc_render_chart(struct fc_arena *arena, const struct fc_network *net,
                     const struct fc_fileset *skeleton, const struct fc_render_options *options,
                     struct fc_fileset *chart)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_emit_yaml(&sb, chart_yaml(arena, net, options));
	fc_fileset_add_strbuf(arena, chart, "Chart.yaml", &sb);

	struct fc_node *values = fc_render_values(arena, net);
	if (options->previous)
		fc_confupdate_add_values(arena, options->previous, net, fc_render_admin_port(net),
		                         values);
	add_yaml(arena, chart, &sb, "values.yaml", values,
	         "# Values of the %s network's chart, derived by %s from its topology.\n"
	         "# Everything is set explicitly so that the chart can be read and "
	         "diffed;\n# values.schema.json checks overrides.\n",
	         net->name, options->generator);

	fc_strbuf_reset(&sb);
	fc_emit_json(&sb, fc_values_schema_build(arena, values));
	fc_fileset_add_strbuf(arena, chart, "values.schema.json", &sb);

	fc_strbuf_reset(&sb);
	fc_chart_readme_write(&sb, arena, net, values, options->generator,
	                      options->topology_sha256);
	fc_fileset_add_strbuf(arena, chart, "README.md", &sb);

	add_yaml(arena, chart, &sb, "files/crypto-config.yaml", fc_fabcfg_crypto_config(arena, net),
	         "# cryptogen input of the %s network, generated by %s.\n", net->name,
	         options->generator);
	struct fc_node *servers = fc_fabcfg_crypto_servers(arena, net);
	if (servers)
		add_yaml(arena, chart, &sb, "files/crypto-servers.yaml", servers,
		         "# cryptogen input of the %s network's TLS server pairs (the CAs'\n"
		         "# operations endpoints, the chaincode servers with TLS), generated by "
		         "%s.\n",
		         net->name, options->generator);
	add_yaml(arena, chart, &sb, "files/configtx.yaml", fc_fabcfg_configtx(arena, net),
	         "# configtxgen input of the %s network, generated by %s.\n", net->name,
	         options->generator);

	fc_strbuf_reset(&sb);
	fc_identity_plan(&sb, net);
	fc_fileset_add_strbuf(arena, chart, "files/identities.plan", &sb);

	if (net->identities == FC_IDENTITIES_FABRIC_CA)
		add_enrollment_files(arena, net, chart, &sb);

	fc_strbuf_reset(&sb);
	fc_portmap_format(&sb, net, FC_PORTMAP_CSV);
	fc_fileset_add_strbuf(arena, chart, "files/portmap.csv", &sb);
	fc_strbuf_release(&sb);
	if (options->upgrade_plan)
		fc_fileset_add(arena, chart, "files/upgrade-plan.txt", options->upgrade_plan,
		               strlen(options->upgrade_plan));
	if (options->topology)
		fc_fileset_add(arena, chart, "files/topology.yaml", options->topology,
		               options->topology_len);

	fc_chaincode_add_files(arena, net, chart);
	fc_monitoring_add_files(arena, net, chart);
	fc_connprofile_add_files(arena, net, chart);
	for (size_t i = 0; i < skeleton->count; i++)
		fc_fileset_add_ref(arena, chart, &skeleton->files[i]);
	fc_fileset_sort(chart);
}

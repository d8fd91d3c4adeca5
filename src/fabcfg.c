/*
 * fabcfg - crypto-config.yaml and configtx.yaml from the model; see fabcfg.h.
 */
#include "fabcfg.h"

#include "chaincode.h"
#include "strbuf.h"

#include <string.h>

struct cfg {
	struct fc_arena *arena;
	const struct fc_network *net;
};

static struct fc_node *map(struct cfg *c)
{
	return fc_tree_map(c->arena);
}

static struct fc_node *seq(struct cfg *c)
{
	return fc_tree_seq(c->arena);
}

static struct fc_node *str(struct cfg *c, const char *s)
{
	return fc_tree_str(c->arena, s);
}

static struct fc_node *set(struct cfg *c, struct fc_node *m, const char *key, struct fc_node *v)
{
	return fc_tree_set(c->arena, m, key, v, NULL);
}

static struct fc_node *push(struct cfg *c, struct fc_node *s, struct fc_node *v)
{
	return fc_tree_push(c->arena, s, v);
}

static struct fc_node *yes(struct cfg *c)
{
	return fc_tree_bool(c->arena, true);
}

/* ---- crypto-config.yaml ------------------------------------------------------ */

/*
 * Every name a node's Service is reached by, and its external host (a DNS
 * name or an IPv4 address: cryptogen puts what net.ParseIP takes into the
 * certificate's IP SANs, the rest into its DNS SANs, internal/cryptogen/ca/
 * ca.go SignCertificate at v2.5.12 and v3.1.1).
 */
static struct fc_node *service_sans(struct cfg *c, const char *service, const char *ns,
                                    const struct fc_external *ext, size_t suffix_count)
{
	struct fc_node *s = seq(c);
	const char *suffixes[] = {"", "-headless"};
	for (size_t i = 0; i < suffix_count; i++) {
		const char *svc = fc_arena_printf(c->arena, "%s%s", service, suffixes[i]);
		push(c, s, str(c, svc));
		push(c, s, fc_tree_strf(c->arena, "%s.%s", svc, ns));
		push(c, s, fc_tree_strf(c->arena, "%s.%s.svc", svc, ns));
		push(c, s, fc_tree_strf(c->arena, "%s.%s.svc.%s", svc, ns, c->net->cluster_domain));
	}
	if (ext && ext->host)
		push(c, s, str(c, ext->host));
	return s;
}

static struct fc_node *sans(struct cfg *c, const char *service, const char *ns,
                            const struct fc_external *ext)
{
	return service_sans(c, service, ns, ext, 2);
}

static struct fc_node *crypto_org(struct cfg *c, const struct fc_org *org)
{
	struct fc_node *m = map(c);
	set(c, m, "Name", str(c, org->msp_id));
	set(c, m, "Domain", str(c, org->domain));
	set(c, m, "EnableNodeOUs", yes(c));
	struct fc_node *specs = set(c, m, "Specs", seq(c));
	size_t n = org->kind == FC_ORG_PEER ? org->peer_count : org->orderer_count;
	for (size_t i = 0; i < n; i++) {
		bool peer = org->kind == FC_ORG_PEER;
		const char *name = peer ? org->peers[i].name : org->orderers[i].name;
		const struct fc_external *ext =
		        peer ? &org->peers[i].external : &org->orderers[i].external;
		struct fc_node *spec = push(c, specs, map(c));
		set(c, spec, "Hostname", str(c, name));
		set(c, spec, "SANS", sans(c, name, org->namespace, ext));
	}
	struct fc_node *users = set(c, m, "Users", map(c));
	set(c, users, "Count", fc_tree_int(c->arena, org->kind == FC_ORG_PEER ? 1 : 0));
	return m;
}

struct fc_node *fc_fabcfg_crypto_config(struct fc_arena *arena, const struct fc_network *net)
{
	struct cfg cs = {arena, net}, *c = &cs;
	struct fc_node *root = map(c);
	struct fc_node *oo = set(c, root, "OrdererOrgs", seq(c));
	for (size_t i = 0; i < net->orderer_org_count; i++)
		push(c, oo, crypto_org(c, &net->orderer_orgs[i]));
	struct fc_node *po = set(c, root, "PeerOrgs", seq(c));
	for (size_t i = 0; i < net->peer_org_count; i++)
		push(c, po, crypto_org(c, &net->peer_orgs[i]));
	return root;
}

/*
 * The organization's server pairs: a Spec per server with the names of its
 * Service, for the folder crypto-servers/<kind>Organizations/<domain> whose
 * tlsca/ is the organization's own (fabcfg.h).
 */
static struct fc_node *server_org(struct cfg *c, const struct fc_org *org)
{
	struct fc_node *specs = seq(c);
	if (org->ca) {
		struct fc_node *spec = push(c, specs, map(c));
		set(c, spec, "Hostname", str(c, FC_FABCFG_CA_SERVER));
		set(c, spec, "SANS", service_sans(c, "ca", org->namespace, NULL, 1));
	}
	size_t cursor = 0;
	for (const char *service; (service = fc_chaincode_next_tls_server(c->net, org, &cursor));) {
		struct fc_node *spec = push(c, specs, map(c));
		set(c, spec, "Hostname", str(c, service));
		set(c, spec, "SANS", service_sans(c, service, org->namespace, NULL, 1));
	}
	if (!specs->count)
		return NULL;
	struct fc_node *m = map(c);
	set(c, m, "Name", str(c, org->msp_id));
	set(c, m, "Domain", str(c, org->domain));
	set(c, m, "Specs", specs);
	return m;
}

struct fc_node *fc_fabcfg_crypto_servers(struct fc_arena *arena, const struct fc_network *net)
{
	struct cfg cs = {arena, net}, *c = &cs;
	struct fc_node *root = map(c);
	struct fc_node *oo = set(c, root, "OrdererOrgs", seq(c));
	struct fc_node *po = set(c, root, "PeerOrgs", seq(c));
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		struct fc_node *m = server_org(c, &net->orderer_orgs[i]);
		if (m)
			push(c, oo, m);
	}
	for (size_t i = 0; i < net->peer_org_count; i++) {
		struct fc_node *m = server_org(c, &net->peer_orgs[i]);
		if (m)
			push(c, po, m);
	}
	return oo->count || po->count ? root : NULL;
}

/* ---- files/enroll/<org>.list (identities: fabric-ca) ------------------------------ */

/* One line per Spec of an organization's crypto-config or crypto-servers
 * entry: the names cryptogen would give (CN <Hostname>.<Domain>, SANs CN,
 * Hostname and SANS: renderNodeSpec in internal/cryptogen at v2.5.12 and
 * v3.1.1), without repeats. */
static void enroll_specs(struct fc_strbuf *out, const struct fc_node *org_entry, const char *role,
                         const char *id_prefix, const char *dir)
{
	const char *domain = fc_node_get(org_entry, "Domain")->text;
	const struct fc_node *specs = fc_node_get(org_entry, "Specs");
	for (size_t i = 0; specs && i < specs->count; i++) {
		const struct fc_node *spec = specs->items[i];
		const char *hostname = fc_node_get(spec, "Hostname")->text;
		const struct fc_node *sans = fc_node_get(spec, "SANS");
		fc_strbuf_addf(out, "%s %s%s.%s %s/%s.%s %s.%s,%s", role, id_prefix, hostname,
		               domain, dir, hostname, domain, hostname, domain, hostname);
		for (size_t j = 0; sans && j < sans->count; j++) {
			const char *san = sans->items[j]->text;
			bool seen = strcmp(san, hostname) == 0;
			for (size_t k = 0; !seen && k < j; k++)
				seen = strcmp(sans->items[k]->text, san) == 0;
			if (!seen)
				fc_strbuf_addf(out, ",%s", san);
		}
		fc_strbuf_addch(out, '\n');
	}
}

void fc_fabcfg_enroll_list(struct fc_strbuf *out, struct fc_arena *arena,
                           const struct fc_network *net, const struct fc_org *org)
{
	struct cfg cs = {arena, net}, *c = &cs;
	bool peer = org->kind == FC_ORG_PEER;
	const char *kind = peer ? "peer" : "orderer";
	const char *nodes = peer ? "peers" : "orderers";
	fc_strbuf_addf(out,
	               "# ROLE NAME DIR HOSTS: who %s's enrollment Job enrolls (fabchart's "
	               "src/fabcfg.h)\n",
	               org->name);
	struct fc_node *entry = crypto_org(c, org);
	char *dir = fc_arena_printf(arena, "crypto-config/%sOrganizations/%s", kind, org->domain);
	enroll_specs(out, entry, kind, "", fc_arena_printf(arena, "%s/%s", dir, nodes));
	fc_strbuf_addf(out, "admin Admin@%s %s/users/Admin@%s -\n", org->domain, dir, org->domain);
	/* no users: cryptogen's User1 has no Secret in the identity plan, so
	 * nothing would keep an enrolled one */
	struct fc_node *servers = server_org(c, org);
	if (servers)
		enroll_specs(out, servers, "server", "tls-",
		             fc_arena_printf(arena, "crypto-servers/%sOrganizations/%s/%s", kind,
		                             org->domain, nodes));
}

/* ---- configtx.yaml ------------------------------------------------------------- */

static struct fc_node *signature(struct cfg *c, const char *rule)
{
	struct fc_node *p = map(c);
	set(c, p, "Type", str(c, "Signature"));
	set(c, p, "Rule", str(c, rule));
	return p;
}

static struct fc_node *implicit(struct cfg *c, const char *rule)
{
	struct fc_node *p = map(c);
	set(c, p, "Type", str(c, "ImplicitMeta"));
	set(c, p, "Rule", str(c, rule));
	return p;
}

static struct fc_node *caps(struct cfg *c, const char *name)
{
	struct fc_node *m = map(c);
	set(c, m, name, yes(c));
	return m;
}

static const char *channel_capability(const struct fc_network *net)
{
	return net->fabric.major >= 3 ? "V3_0" : net->fabric.major == 2 ? "V2_0" : "V1_4_3";
}

static const char *orderer_capability(const struct fc_network *net)
{
	return net->fabric.major >= 2 ? "V2_0" : "V1_4_2";
}

static const char *application_capability(const struct fc_network *net)
{
	return net->fabric.major >= 2 ? "V2_5" : "V1_4_2";
}

struct fc_fabcfg_capabilities fc_fabcfg_capabilities(const struct fc_network *net)
{
	return (struct fc_fabcfg_capabilities){channel_capability(net), orderer_capability(net),
	                                       application_capability(net)};
}

static const char *org_dir(struct cfg *c, const struct fc_org *org)
{
	return fc_arena_printf(c->arena, "crypto-config/%sOrganizations/%s",
	                       org->kind == FC_ORG_PEER ? "peer" : "orderer", org->domain);
}

/* An orderer's addresses for clients: its Service's, then its external one. */
static void orderer_endpoints(struct cfg *c, struct fc_node *list, const struct fc_orderer *o)
{
	push(c, list, str(c, o->address));
	if (o->external.address)
		push(c, list, str(c, o->external.address));
}

/* An organization; anchors (peer organizations) are the channel's, may be NULL. */
static struct fc_node *organization(struct cfg *c, const struct fc_org *org,
                                    const struct fc_channel *channel)
{
	const char *id = org->msp_id;
	struct fc_node *m = map(c);
	set(c, m, "Name", str(c, id));
	set(c, m, "ID", str(c, id));
	set(c, m, "MSPDir", fc_tree_strf(c->arena, "%s/msp", org_dir(c, org)));
	struct fc_node *pol = set(c, m, "Policies", map(c));
	if (org->kind == FC_ORG_PEER) {
		set(c, pol, "Readers",
		    signature(c, fc_arena_printf(c->arena, "OR('%s.admin', '%s.peer', '%s.client')",
		                                 id, id, id)));
		set(c, pol, "Writers",
		    signature(c, fc_arena_printf(c->arena, "OR('%s.admin', '%s.client')", id, id)));
		set(c, pol, "Admins",
		    signature(c, fc_arena_printf(c->arena, "OR('%s.admin')", id)));
		set(c, pol, "Endorsement",
		    signature(c, fc_arena_printf(c->arena, "OR('%s.peer')", id)));
		struct fc_node *anchors = set(c, m, "AnchorPeers", seq(c));
		for (size_t i = 0; channel && i < channel->anchor_count; i++) {
			if (channel->anchors[i].org != org)
				continue;
			struct fc_node *a = push(c, anchors, map(c));
			set(c, a, "Host",
			    fc_tree_strf(c->arena, "%s.%s.svc.%s",
			                 channel->anchors[i].peer->service, org->namespace,
			                 c->net->cluster_domain));
			set(c, a, "Port", fc_tree_int(c->arena, FC_PORT_PEER));
		}
	} else {
		set(c, pol, "Readers",
		    signature(c, fc_arena_printf(c->arena, "OR('%s.member')", id)));
		set(c, pol, "Writers",
		    signature(c, fc_arena_printf(c->arena, "OR('%s.member')", id)));
		set(c, pol, "Admins",
		    signature(c, fc_arena_printf(c->arena, "OR('%s.admin')", id)));
		/* "orderers this org runs which clients and peers may connect to"
		 * (sampleconfig/configtx.yaml at v2.5.12 and v3.1.1): the Service address,
		 * then the external one where the orderer has one */
		struct fc_node *ends = set(c, m, "OrdererEndpoints", seq(c));
		for (size_t i = 0; i < org->orderer_count; i++)
			orderer_endpoints(c, ends, &org->orderers[i]);
	}
	return m;
}

static const char *orderer_tls(struct cfg *c, const struct fc_orderer *o)
{
	return fc_arena_printf(c->arena, "%s/orderers/%s/tls/server.crt", org_dir(c, o->org),
	                       o->host);
}

static struct fc_node *orderer_section(struct cfg *c)
{
	const struct fc_network *net = c->net;
	struct fc_node *o = map(c);
	set(c, o, "OrdererType", str(c, fc_consensus_name(net->consensus)));
	if (net->fabric.major == 1) {
		struct fc_node *addrs = set(c, o, "Addresses", seq(c));
		for (size_t i = 0; i < net->orderer_org_count; i++)
			for (size_t j = 0; j < net->orderer_orgs[i].orderer_count; j++)
				orderer_endpoints(c, addrs, &net->orderer_orgs[i].orderers[j]);
	}
	set(c, o, "BatchTimeout", str(c, net->batch.timeout));
	struct fc_node *bs = set(c, o, "BatchSize", map(c));
	set(c, bs, "MaxMessageCount", fc_tree_int(c->arena, net->batch.max_message_count));
	set(c, bs, "AbsoluteMaxBytes", str(c, net->batch.absolute_max_bytes));
	set(c, bs, "PreferredMaxBytes", str(c, net->batch.preferred_max_bytes));
	if (net->consensus == FC_CONSENSUS_ETCDRAFT) {
		struct fc_node *raft = set(c, o, "EtcdRaft", map(c));
		struct fc_node *cons = set(c, raft, "Consenters", seq(c));
		for (size_t i = 0; i < net->orderer_org_count; i++) {
			const struct fc_org *org = &net->orderer_orgs[i];
			for (size_t j = 0; j < org->orderer_count; j++) {
				const struct fc_orderer *od = &org->orderers[j];
				struct fc_node *m = push(c, cons, map(c));
				set(c, m, "Host",
				    fc_tree_strf(c->arena, "%s.%s.svc.%s", od->service,
				                 org->namespace, net->cluster_domain));
				set(c, m, "Port", fc_tree_int(c->arena, FC_PORT_ORDERER));
				set(c, m, "ClientTLSCert", str(c, orderer_tls(c, od)));
				set(c, m, "ServerTLSCert", str(c, orderer_tls(c, od)));
			}
		}
	} else if (net->consensus == FC_CONSENSUS_BFT) {
		struct fc_node *cons = set(c, o, "ConsenterMapping", seq(c));
		for (size_t i = 0; i < net->orderer_org_count; i++) {
			const struct fc_org *org = &net->orderer_orgs[i];
			for (size_t j = 0; j < org->orderer_count; j++) {
				const struct fc_orderer *od = &org->orderers[j];
				struct fc_node *m = push(c, cons, map(c));
				set(c, m, "ID", fc_tree_int(c->arena, od->number));
				set(c, m, "Host",
				    fc_tree_strf(c->arena, "%s.%s.svc.%s", od->service,
				                 org->namespace, net->cluster_domain));
				set(c, m, "Port", fc_tree_int(c->arena, FC_PORT_ORDERER));
				set(c, m, "MSPID", str(c, org->msp_id));
				set(c, m, "Identity",
				    fc_tree_strf(c->arena,
				                 "%s/orderers/%s/msp/signcerts/%s-cert.pem",
				                 org_dir(c, org), od->host, od->host));
				set(c, m, "ClientTLSCert", str(c, orderer_tls(c, od)));
				set(c, m, "ServerTLSCert", str(c, orderer_tls(c, od)));
			}
		}
		struct fc_node *sb = set(c, o, "SmartBFT", map(c));
		set(c, sb, "RequestBatchMaxCount", fc_tree_int(c->arena, 100));
		set(c, sb, "RequestBatchMaxInterval", str(c, "50ms"));
		set(c, sb, "RequestForwardTimeout", str(c, "2s"));
		set(c, sb, "RequestComplainTimeout", str(c, "20s"));
		set(c, sb, "RequestAutoRemoveTimeout", str(c, "3m0s"));
		set(c, sb, "ViewChangeResendInterval", str(c, "5s"));
		set(c, sb, "ViewChangeTimeout", str(c, "20s"));
		set(c, sb, "LeaderHeartbeatTimeout", str(c, "1m0s"));
		set(c, sb, "CollectTimeout", str(c, "1s"));
		set(c, sb, "RequestBatchMaxBytes", fc_tree_int(c->arena, 10485760));
		set(c, sb, "IncomingMessageBufferSize", fc_tree_int(c->arena, 200));
		set(c, sb, "RequestPoolSize", fc_tree_int(c->arena, 100000));
		set(c, sb, "LeaderHeartbeatCount", fc_tree_int(c->arena, 10));
	} else if (net->consensus == FC_CONSENSUS_KAFKA) {
		struct fc_node *k = set(c, o, "Kafka", map(c));
		struct fc_node *brokers = set(c, k, "Brokers", seq(c));
		for (unsigned i = 0; i < net->kafka.brokers; i++)
			push(c, brokers,
			     fc_tree_strf(c->arena, "kafka-%u.kafka-headless.%s.svc.%s:9092", i,
			                  net->kafka_namespace ? net->kafka_namespace : "",
			                  net->cluster_domain));
	}
	struct fc_node *orgs = set(c, o, "Organizations", seq(c));
	for (size_t i = 0; i < net->orderer_org_count; i++)
		push(c, orgs, organization(c, &net->orderer_orgs[i], NULL));
	struct fc_node *pol = set(c, o, "Policies", map(c));
	set(c, pol, "Readers", implicit(c, "ANY Readers"));
	set(c, pol, "Writers", implicit(c, "ANY Writers"));
	set(c, pol, "Admins", implicit(c, "MAJORITY Admins"));
	/* BFT too: configtxgen 3.0.0/3.1.1 encode only the ImplicitMeta and Signature
	 * policy types (internal/configtxgen/encoder/encoder.go: "unknown policy
	 * type"), and Fabric's own SampleAppChannelSmartBft profile inherits
	 * BlockValidation ImplicitMeta "ANY Writers" (sampleconfig/configtx.yaml at v3.1.1).
	 * For BFT configtxgen then replaces it with a signature policy over the consenters
	 * (encoder.go: policies.EncodeBFTBlockVerificationPolicy). */
	set(c, pol, "BlockValidation", implicit(c, "ANY Writers"));
	set(c, o, "Capabilities", caps(c, orderer_capability(net)));
	return o;
}

static struct fc_node *application_section(struct cfg *c, const struct fc_channel *ch)
{
	struct fc_node *a = map(c);
	struct fc_node *orgs = set(c, a, "Organizations", seq(c));
	for (size_t i = 0; ch && i < ch->member_count; i++)
		push(c, orgs, organization(c, ch->members[i], ch));
	struct fc_node *pol = set(c, a, "Policies", map(c));
	set(c, pol, "Readers", implicit(c, "ANY Readers"));
	set(c, pol, "Writers", implicit(c, "ANY Writers"));
	set(c, pol, "Admins", implicit(c, "MAJORITY Admins"));
	set(c, pol, "LifecycleEndorsement", implicit(c, "MAJORITY Endorsement"));
	set(c, pol, "Endorsement", implicit(c, "MAJORITY Endorsement"));
	set(c, a, "Capabilities", caps(c, application_capability(c->net)));
	return a;
}

/* Channel-level policies and capabilities, into a profile or the Channel section. */
static void channel_defaults(struct cfg *c, struct fc_node *m)
{
	struct fc_node *pol = set(c, m, "Policies", map(c));
	set(c, pol, "Readers", implicit(c, "ANY Readers"));
	set(c, pol, "Writers", implicit(c, "ANY Writers"));
	set(c, pol, "Admins", implicit(c, "MAJORITY Admins"));
	set(c, m, "Capabilities", caps(c, channel_capability(c->net)));
}

#define CONSORTIUM "FabchartConsortium"

struct fc_node *fc_fabcfg_configtx(struct fc_arena *arena, const struct fc_network *net)
{
	struct cfg cs = {arena, net}, *c = &cs;
	struct fc_node *root = map(c);
	struct fc_node *orgs = set(c, root, "Organizations", seq(c));
	for (size_t i = 0; i < net->orderer_org_count; i++)
		push(c, orgs, organization(c, &net->orderer_orgs[i], NULL));
	for (size_t i = 0; i < net->peer_org_count; i++)
		push(c, orgs, organization(c, &net->peer_orgs[i], NULL));
	struct fc_node *capabilities = set(c, root, "Capabilities", map(c));
	set(c, capabilities, "Channel", caps(c, channel_capability(net)));
	set(c, capabilities, "Orderer", caps(c, orderer_capability(net)));
	set(c, capabilities, "Application", caps(c, application_capability(net)));
	set(c, root, "Application", application_section(c, NULL));
	set(c, root, "Orderer", orderer_section(c));
	channel_defaults(c, set(c, root, "Channel", map(c)));

	struct fc_node *profiles = set(c, root, "Profiles", map(c));
	bool v1 = net->fabric.major == 1;
	if (v1) {
		/* the system channel and its consortium of every peer organization */
		struct fc_node *sys = set(c, profiles, "SystemChannel", map(c));
		channel_defaults(c, sys);
		set(c, sys, "Orderer", orderer_section(c));
		struct fc_node *cons = set(c, sys, "Consortiums", map(c));
		struct fc_node *members =
		        set(c, set(c, cons, CONSORTIUM, map(c)), "Organizations", seq(c));
		for (size_t i = 0; i < net->peer_org_count; i++)
			push(c, members, organization(c, &net->peer_orgs[i], NULL));
	}
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		struct fc_node *p = set(c, profiles, ch->name, map(c));
		channel_defaults(c, p);
		if (v1)
			set(c, p, "Consortium", str(c, CONSORTIUM));
		else
			set(c, p, "Orderer", orderer_section(c));
		set(c, p, "Application", application_section(c, ch));
	}
	return root;
}

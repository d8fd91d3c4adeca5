/*
 * connprofile - connection profiles of the peer organizations; see
 * connprofile.h.  The format is the SDKs' common connection profile
 * (fabric-sdk-node's and fabric-gateway's documentation, fabric-samples'
 * test-network ccp-template.json): keys as they spell them.
 */
#include "connprofile.h"

#include "emit.h"
#include "strbuf.h"

struct profile {
	struct fc_arena *arena;
	const struct fc_network *net;
};

static struct fc_node *set(struct profile *p, struct fc_node *m, const char *key, struct fc_node *v)
{
	return fc_tree_set(p->arena, m, key, v, NULL);
}

static struct fc_node *str(struct profile *p, const char *s)
{
	return fc_tree_str(p->arena, s);
}

/* {"pem": "@pem:SECRET/KEY@"}: the Job puts the PEM there */
static struct fc_node *pem(struct profile *p, const char *secret, const char *key)
{
	struct fc_node *m = fc_tree_map(p->arena);
	set(p, m, "pem", fc_tree_strf(p->arena, "@pem:%s/%s@", secret, key));
	return m;
}

/* A peer or orderer: url, its TLS CA, and the name its certificate is issued to. */
static void add_node(struct profile *p, struct fc_node *nodes, const char *host,
                     const char *address, const struct fc_external *ext, struct fc_node *tls)
{
	struct fc_node *m = set(p, nodes, host, fc_tree_map(p->arena));
	set(p, m, "url",
	    fc_tree_strf(p->arena, "%s://%s", p->net->tls ? "grpcs" : "grpc",
	                 ext->address ? ext->address : address));
	set(p, m, "tlsCACerts", tls);
	/* the name the client verifies and sends as TLS server name: behind an
	 * ingress the externalHost, which the controller routes by (SNI) and the
	 * certificate carries; Fabric's clients send the override as ServerName
	 * (internal/pkg/comm/config.go at v3.1.1) */
	const char *name = p->net->exposure == FC_EXPOSURE_INGRESS && ext->host ? ext->host : host;
	struct fc_node *grpc = set(p, m, "grpcOptions", fc_tree_map(p->arena));
	set(p, grpc, "ssl-target-name-override", str(p, name));
	set(p, grpc, "hostnameOverride", str(p, name));
}

/* The CA's address for clients: outside when it is exposed and its organization
 * named (model_ports.c: the NodePort, 7054, or the ingress controller's port; an
 * IPv6 host in brackets). */
static const char *ca_address(struct profile *p, const struct fc_org *org)
{
	if (org->ca_address)
		return org->ca_address;
	return fc_arena_printf(p->arena, "ca.%s.svc.%s:%d", org->namespace, p->net->cluster_domain,
	                       FC_PORT_CA);
}

static struct fc_node *profile(struct profile *p, const struct fc_org *org)
{
	const struct fc_network *net = p->net;
	struct fc_node *root = fc_tree_map(p->arena);
	set(p, root, "name", fc_tree_strf(p->arena, "%s-%s", net->name, org->name));
	set(p, root, "version", str(p, "1.0.0"));
	struct fc_node *client = set(p, root, "client", fc_tree_map(p->arena));
	set(p, client, "organization", str(p, org->name));

	struct fc_node *orgs = set(p, root, "organizations", fc_tree_map(p->arena));
	struct fc_node *om = set(p, orgs, org->name, fc_tree_map(p->arena));
	set(p, om, "mspid", str(p, org->msp_id));
	struct fc_node *names = set(p, om, "peers", fc_tree_seq(p->arena));
	for (size_t i = 0; i < org->peer_count; i++)
		fc_tree_push(p->arena, names, str(p, org->peers[i].host));
	const char *ca_name = fc_arena_printf(p->arena, "ca.%s", org->domain);
	if (org->ca) {
		struct fc_node *cas = set(p, om, "certificateAuthorities", fc_tree_seq(p->arena));
		fc_tree_push(p->arena, cas, str(p, ca_name));
	}

	struct fc_node *peers = set(p, root, "peers", fc_tree_map(p->arena));
	for (size_t i = 0; i < org->peer_count; i++) {
		const struct fc_peer *peer = &org->peers[i];
		add_node(p, peers, peer->host, peer->address, &peer->external,
		         pem(p, "org-certs", "tlsca.crt"));
	}
	struct fc_node *ords = set(p, root, "orderers", fc_tree_map(p->arena));
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *oo = &net->orderer_orgs[i];
		const char *secret = fc_arena_printf(p->arena, "orderer-tlsca-%s", oo->name);
		for (size_t j = 0; j < oo->orderer_count; j++) {
			const struct fc_orderer *o = &oo->orderers[j];
			add_node(p, ords, o->host, o->address, &o->external,
			         pem(p, secret, "ca.crt"));
		}
	}
	if (org->ca) {
		/* fabric-ca-server signs its own TLS certificate with its CA (lib/server.go
		 * autoGenerateTLSCertificateKey at fabric-ca v1.5.15): the organization's */
		struct fc_node *cas = set(p, root, "certificateAuthorities", fc_tree_map(p->arena));
		struct fc_node *cm = set(p, cas, ca_name, fc_tree_map(p->arena));
		set(p, cm, "url",
		    fc_tree_strf(p->arena, "%s://%s", net->tls ? "https" : "http",
		                 ca_address(p, org)));
		set(p, cm, "caName", fc_tree_strf(p->arena, "ca-%s", org->name));
		set(p, cm, "tlsCACerts", pem(p, "org-certs", "ca.crt"));
		struct fc_node *http = set(p, cm, "httpOptions", fc_tree_map(p->arena));
		set(p, http, "verify", fc_tree_bool(p->arena, true));
	}
	return root;
}

void fc_connprofile_add_files(struct fc_arena *arena, const struct fc_network *net,
                              struct fc_fileset *chart)
{
	struct profile p = {arena, net};
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *org = &net->peer_orgs[i];
		fc_strbuf_reset(&sb);
		fc_emit_json(&sb, profile(&p, org));
		fc_fileset_add_strbuf(arena, chart,
		                      fc_arena_printf(arena, "files/profiles/%s.json", org->name),
		                      &sb);
	}
	fc_strbuf_release(&sb);
}

/*
 * identity - the identity plan; see identity.h for the format.
 */
#include "identity.h"

#include "chaincode.h"
#include "fabcfg.h"
#include "fabrules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CRYPTO_CONFIG "crypto-config"
#define CRYPTO_SERVERS "crypto-servers"

/* <base>/<kind>Organizations/<domain> */
static void org_dir_in(struct fc_strbuf *out, const char *base, const struct fc_org *org)
{
	fc_strbuf_addf(out, "%s/%sOrganizations/%s", base,
	               org->kind == FC_ORG_PEER ? "peer" : "orderer", org->domain);
}

static void org_dir(struct fc_strbuf *out, const struct fc_org *org)
{
	org_dir_in(out, CRYPTO_CONFIG, org);
}

/* The MSP Secret of an identity whose directory is <org dir>/<sub>/<host>. */
static void msp_secret(struct fc_strbuf *out, const char *ns, const char *name,
                       const struct fc_org *org, const char *sub, const char *host)
{
	struct fc_strbuf dir = FC_STRBUF_INIT;
	org_dir(&dir, org);
	fc_strbuf_addf(&dir, "/%s/%s/msp", sub, host);
	fc_strbuf_addf(out,
	               "%s %s files cacert.pem=%s/cacerts/ca.%s-cert.pem "
	               "signcert.pem=%s/signcerts/%s-cert.pem key.pem=%s/keystore/*_sk "
	               "tlscacert.pem=%s/tlscacerts/tlsca.%s-cert.pem config.yaml=%s/config.yaml\n",
	               ns, name, dir.buf, org->domain, dir.buf, host, dir.buf, dir.buf, org->domain,
	               dir.buf);
	fc_strbuf_release(&dir);
}

/* The TLS Secret of the cryptogen output in base: a node's server pair, or a
 * user's client pair. */
static void tls_secret_in(struct fc_strbuf *out, const char *base, const char *ns, const char *name,
                          const struct fc_org *org, const char *sub, const char *host,
                          const char *kind)
{
	struct fc_strbuf dir = FC_STRBUF_INIT;
	org_dir_in(&dir, base, org);
	fc_strbuf_addf(&dir, "/%s/%s/tls", sub, host);
	fc_strbuf_addf(out, "%s %s files ca.crt=%s/ca.crt %s.crt=%s/%s.crt %s.key=%s/%s.key\n", ns,
	               name, dir.buf, kind, dir.buf, kind, kind, dir.buf, kind);
	fc_strbuf_release(&dir);
}

static void tls_secret(struct fc_strbuf *out, const char *ns, const char *name,
                       const struct fc_org *org, const char *sub, const char *host,
                       const char *kind)
{
	tls_secret_in(out, CRYPTO_CONFIG, ns, name, org, sub, host, kind);
}

/* The Secret name holding the server pair of crypto-servers.yaml's Spec
 * hostname (fabcfg.h): its folder is <hostname>.<domain>. */
static void server_secret(struct fc_strbuf *out, const struct fc_org *org, const char *name,
                          const char *hostname)
{
	char host[320];
	snprintf(host, sizeof(host), "%s.%s", hostname, org->domain);
	tls_secret_in(out, CRYPTO_SERVERS, org->namespace, name, org,
	              org->kind == FC_ORG_PEER ? "peers" : "orderers", host, "server");
}

/* The Secret <kind>-tlsca-<org> in ns: org's TLS CA certificate (ca.crt). */
static void tlsca_secret(struct fc_strbuf *out, const char *ns, const char *kind,
                         const struct fc_org *o)
{
	struct fc_strbuf od = FC_STRBUF_INIT;
	org_dir(&od, o);
	fc_strbuf_addf(out, "%s %s-tlsca-%s files ca.crt=%s/tlsca/tlsca.%s-cert.pem\n", ns, kind,
	               o->name, od.buf, o->domain);
	fc_strbuf_release(&od);
}

static void org_secrets(struct fc_strbuf *out, const struct fc_network *net,
                        const struct fc_org *org)
{
	const char *ns = org->namespace;
	struct fc_strbuf dir = FC_STRBUF_INIT;
	org_dir(&dir, org);
	/*
	 * What only `cryptogen generate` makes, so that a later run can extend: the
	 * CA pairs in ca/ and tlsca/ (extend's getCA loads them), the organization's
	 * verifying MSP (msp/cacerts, msp/tlscacerts, msp/config.yaml: extend never
	 * rebuilds it, configtxgen loads it) and the Admin (extend issues none for an
	 * organization that exists): cmd/cryptogen/main.go at v2.5.12 and v3.1.1,
	 * common/tools/cryptogen/main.go at v1.4.12.  The file names are cryptogen's:
	 * msp/ names the CA files "<CA name>-cert.pem" (internal/cryptogen/msp/msp.go),
	 * and the Admin's config.yaml is the organization's.
	 */
	char host[320];
	snprintf(host, sizeof(host), "Admin@%s", org->domain);
	const char *d = dir.buf, *dom = org->domain;
	fc_strbuf_addf(out,
	               "%s org-ca files ca.crt=%s/ca/ca.%s-cert.pem,%s/msp/cacerts/ca.%s-cert.pem,"
	               "%s/users/%s/msp/cacerts/ca.%s-cert.pem ca.key=%s/ca/*_sk "
	               "tlsca.crt=%s/tlsca/tlsca.%s-cert.pem,%s/msp/tlscacerts/tlsca.%s-cert.pem,"
	               "%s/users/%s/msp/tlscacerts/tlsca.%s-cert.pem,%s/users/%s/tls/ca.crt "
	               "tlsca.key=%s/tlsca/*_sk config.yaml=%s/msp/config.yaml,%s/users/%s/msp/"
	               "config.yaml admin.crt=%s/users/%s/msp/signcerts/%s-cert.pem "
	               "admin.key=%s/users/%s/msp/keystore/*_sk admin-tls.crt=%s/users/%s/tls/"
	               "client.crt admin-tls.key=%s/users/%s/tls/client.key\n",
	               ns, d, dom, d, dom, d, host, dom, d, d, dom, d, dom, d, host, dom, d, host,
	               d, d, d, host, d, host, host, d, host, d, host, d, host);
	msp_secret(out, ns, "admin-msp", org, "users", host);
	tls_secret(out, ns, "admin-tls", org, "users", host, "client");
	/* with fabric-ca, the CA roots the organization's CA serves: made first by its
	 * enrollment Job, before the CA can start and issue the rest */
	if (org->ca && net->identities == FC_IDENTITIES_FABRIC_CA)
		fc_strbuf_addf(out,
		               "%s ca-roots files ca.crt=%s/ca/ca.%s-cert.pem ca.key=%s/ca/*_sk "
		               "tlsca.crt=%s/tlsca/tlsca.%s-cert.pem tlsca.key=%s/tlsca/*_sk\n",
		               ns, d, dom, d, d, dom, d);
	if (org->ca) {
		fc_strbuf_addf(out, "%s ca-admin random username=admin password\n", ns);
		server_secret(out, org, "ca-operations-tls", FC_FABCFG_CA_SERVER);
	}
	/* public material only, for the connection profile (connprofile.h) and the
	 * scrapes' TLS verification (monitoring.h): the organization's CA
	 * certificate (its CA's TLS certificate is signed by it) and TLS CA
	 * certificate */
	fc_strbuf_addf(out,
	               "%s org-certs files ca.crt=%s/msp/cacerts/ca.%s-cert.pem "
	               "tlsca.crt=%s/msp/tlscacerts/tlsca.%s-cert.pem\n",
	               ns, d, dom, d, dom);
	if (org->kind == FC_ORG_PEER) {
		bool ccaas_tls = fc_chaincode_org_has_tls(net, org);
		for (size_t i = 0; i < org->peer_count; i++) {
			const struct fc_peer *p = &org->peers[i];
			char name[128];
			snprintf(name, sizeof(name), "%s-msp", p->name);
			msp_secret(out, ns, name, org, "peers", p->host);
			snprintf(name, sizeof(name), "%s-tls", p->name);
			tls_secret(out, ns, name, org, "peers", p->host, "server");
			if (org->state_db == FC_STATE_DB_COUCHDB)
				fc_strbuf_addf(out,
				               "%s %s-couchdb random username=admin password\n", ns,
				               p->name);
			/* the ccaas builder's configuration (ccpackage.h), made by the Job
			 * from the peer's TLS pair; outside the peer's folder, so that a
			 * Secret made later never reissues the peer */
			if (ccaas_tls)
				fc_strbuf_addf(out, "%s %s-ccaas files config.json=ccaas/%s.json\n",
				               ns, p->name, p->host);
		}
		/* the chaincode servers' pairs */
		size_t cursor = 0;
		for (const char *service;
		     (service = fc_chaincode_next_tls_server(net, org, &cursor));) {
			char name[128];
			snprintf(name, sizeof(name), "%s-tls", service);
			server_secret(out, org, name, service);
		}
	} else {
		for (size_t i = 0; i < org->orderer_count; i++) {
			const struct fc_orderer *o = &org->orderers[i];
			char name[128];
			snprintf(name, sizeof(name), "%s-msp", o->name);
			msp_secret(out, ns, name, org, "orderers", o->host);
			snprintf(name, sizeof(name), "%s-tls", o->name);
			tls_secret(out, ns, name, org, "orderers", o->host, "server");
		}
	}
	fc_strbuf_release(&dir);
}

/* Other organizations' public certificates a peer organization needs. */
static void org_public_secrets(struct fc_strbuf *out, const struct fc_network *net,
                               const struct fc_org *org)
{
	if (org->kind != FC_ORG_PEER)
		return;
	/* the orderers' TLS CAs, to reach them */
	for (size_t i = 0; i < net->orderer_org_count; i++)
		tlsca_secret(out, org->namespace, "orderer", &net->orderer_orgs[i]);
	/* the peers' TLS CAs, to endorse chaincode commits (chaincode-jobs.yaml) */
	for (size_t i = 0; net->chaincode_count && i < net->peer_org_count; i++)
		tlsca_secret(out, org->namespace, "peer", &net->peer_orgs[i]);
}

/* channel artifacts: where the orderers and the peers read them */
static void channel_artifacts(struct fc_strbuf *out, const struct fc_network *net)
{
	bool v1 = net->fabric.major == 1;
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const char *ns = net->orderer_orgs[i].namespace;
		if (v1)
			fc_strbuf_addf(
			        out,
			        "%s genesis-block files genesis.block=artifacts/genesis.block\n",
			        ns);
		for (size_t c = 0; !v1 && c < net->channel_count; c++)
			fc_strbuf_addf(out, "%s channel-%s files block=artifacts/%s.block\n", ns,
			               net->channels[c].name, net->channels[c].name);
	}
	for (size_t c = 0; c < net->channel_count; c++) {
		const struct fc_channel *ch = &net->channels[c];
		for (size_t m = 0; m < ch->member_count; m++) {
			const struct fc_org *org = ch->members[m];
			if (v1)
				fc_strbuf_addf(out,
				               "%s channel-%s files channel.tx=artifacts/%s.tx "
				               "anchors.tx=artifacts/%s-%s-anchors.tx\n",
				               org->namespace, ch->name, ch->name, ch->name,
				               org->msp_id);
			else
				fc_strbuf_addf(out,
				               "%s channel-%s files block=artifacts/%s.block\n",
				               org->namespace, ch->name, ch->name);
		}
	}
}

#define PLAN_HEADER "# NAMESPACE SECRET KIND ITEM... (see fabchart's src/identity.h)\n"

void fc_identity_plan(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addstr(out, PLAN_HEADER);
	for (size_t i = 0; i < net->orderer_org_count; i++)
		org_secrets(out, net, &net->orderer_orgs[i]);
	for (size_t i = 0; i < net->peer_org_count; i++) {
		org_secrets(out, net, &net->peer_orgs[i]);
		org_public_secrets(out, net, &net->peer_orgs[i]);
	}
	channel_artifacts(out, net);
	if (net->explorer && net->peer_org_count) {
		/* the explorer reads as the first peer organization's admin */
		const struct fc_org *org = &net->peer_orgs[0];
		char host[320];
		snprintf(host, sizeof(host), "Admin@%s", org->domain);
		msp_secret(out, net->explorer_namespace, "explorer-identity-msp", org, "users",
		           host);
		tls_secret(out, net->explorer_namespace, "explorer-identity-tls", org, "users",
		           host, "client");
		fc_strbuf_addf(out, "%s explorer-db random username=explorer password\n",
		               net->explorer_namespace);
	}
}

void fc_identity_plan_org(struct fc_strbuf *out, const struct fc_network *net,
                          const struct fc_org *org)
{
	fc_strbuf_addstr(out, PLAN_HEADER);
	org_secrets(out, net, org);
}

void fc_identity_plan_public(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addstr(out, PLAN_HEADER);
	for (size_t i = 0; i < net->peer_org_count; i++)
		org_public_secrets(out, net, &net->peer_orgs[i]);
	channel_artifacts(out, net);
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

size_t fc_identity_certificates(struct fc_arena *arena, const struct fc_network *net,
                                struct fc_identity_certs **out)
{
	struct fc_strbuf plan = FC_STRBUF_INIT, keys = FC_STRBUF_INIT;
	fc_identity_plan(&plan, net);
	size_t count = 0, alloc = 0;
	struct fc_identity_certs *certs = NULL;
	const char *text_end = plan.buf + plan.len;
	for (const char *line = plan.buf, *end; line < text_end; line = end + 1) {
		end = memchr(line, '\n', (size_t)(text_end - line));
		if (!end)
			end = text_end;
		if (*line == '#')
			continue;
		/* NAMESPACE SECRET KIND ITEM...: the tokens of the line, one at a time */
		const char *field[3];
		size_t len[3], n = 0;
		fc_strbuf_reset(&keys);
		for (const char *tok = line, *stop; tok < end; tok = stop + 1) {
			stop = memchr(tok, ' ', (size_t)(end - tok));
			if (!stop)
				stop = end;
			if (n < 3) {
				field[n] = tok;
				len[n++] = (size_t)(stop - tok);
				continue;
			}
			const char *eq = memchr(tok, '=', (size_t)(stop - tok));
			if (!eq || len[2] != 5 || memcmp(field[2], "files", 5) != 0)
				continue;
			const char *path = eq + 1;
			const char *comma = memchr(path, ',', (size_t)(stop - path));
			size_t plen = (size_t)((comma ? comma : stop) - path);
			size_t klen = (size_t)(eq - tok);
			bool cert = ends_with(path, plen, ".crt") || ends_with(path, plen, ".pem");
			bool key = ends_with(tok, klen, ".key") ||
			           (klen == 7 && memcmp(tok, "key.pem", 7) == 0);
			if (cert && !key)
				fc_strbuf_addf(&keys, "%s%.*s", keys.len ? "," : "", (int)klen,
				               tok);
		}
		if (!keys.len)
			continue;
		if (count == alloc)
			certs = fc_xrealloc(certs,
			                    (alloc = alloc ? 2 * alloc : 32) * sizeof(*certs));
		certs[count++] =
		        (struct fc_identity_certs){fc_arena_strndup(arena, field[0], len[0]),
		                                   fc_arena_strndup(arena, field[1], len[1]),
		                                   fc_arena_strdup(arena, keys.buf)};
	}
	*out = fc_arena_alloc(arena, (count ? count : 1) * sizeof(**out));
	if (count)
		memcpy(*out, certs, count * sizeof(*certs));
	free(certs);
	fc_strbuf_release(&plan);
	fc_strbuf_release(&keys);
	return count;
}

size_t fc_identity_renewal_signers(const struct fc_network *net, const struct fc_org *req,
                                   const struct fc_org **chain)
{
	size_t needed = fc_implicit_threshold(FC_IMPLICIT_MAJORITY, net->orderer_org_count);
	size_t n = 0;
	/* the orderer organizations not yet in chain, the least name first */
	while (n + 1 < needed) {
		const struct fc_org *next = NULL;
		for (size_t i = 0; i < net->orderer_org_count; i++) {
			const struct fc_org *o = &net->orderer_orgs[i];
			if (o == req || (n && strcmp(o->name, chain[n - 1]->name) <= 0))
				continue;
			if (!next || strcmp(o->name, next->name) < 0)
				next = o;
		}
		if (!next)
			break;
		chain[n++] = next;
	}
	return n;
}

size_t fc_identity_renewal_reads(struct fc_arena *arena, const struct fc_network *net,
                                 const struct fc_org *org, struct fc_renewal_read **out)
{
	size_t room = net->orderer_org_count ? net->orderer_org_count : 1;
	const struct fc_org **chain = fc_arena_array(arena, room, sizeof(*chain));
	struct fc_renewal_read *reads = fc_arena_array(arena, room, sizeof(*reads));
	size_t count = 0;
	size_t n = fc_identity_renewal_signers(net, org, chain);
	if (n)
		reads[count++] = (struct fc_renewal_read){org, chain[n - 1]->namespace};
	/* the requesters by name: each one's chain holds org at most once */
	const struct fc_org *last = NULL;
	for (;;) {
		const struct fc_org *req = NULL;
		for (size_t i = 0; i < net->orderer_org_count; i++) {
			const struct fc_org *o = &net->orderer_orgs[i];
			if (o != org && (!last || strcmp(o->name, last->name) > 0) &&
			    (!req || strcmp(o->name, req->name) < 0))
				req = o;
		}
		if (!req)
			break;
		last = req;
		n = fc_identity_renewal_signers(net, req, chain);
		for (size_t j = 0; j < n; j++)
			if (chain[j] == org)
				reads[count++] = (struct fc_renewal_read){
				        req, j ? chain[j - 1]->namespace : req->namespace};
	}
	*out = reads;
	return count;
}

/*
 * confupdate - channel config updates on upgrade; see confupdate.h.
 *
 * The config JSON paths are those of Fabric's config tree at v2.5.12 and
 * v3.1.1 as configtxlator prints it: channel_group.groups.Application.groups
 * .<MSP ID> with values.AnchorPeers.value.anchor_peers[{host, port}]
 * (common/channelconfig/applicationorg.go, AnchorPeersKey), and
 * channel_group.groups.Orderer.values.BatchSize.value.max_message_count and
 * BatchTimeout.value.timeout (common/channelconfig/orderer.go,
 * BatchSizeKey, BatchTimeoutKey); mod_policy "Admins" as configtxgen writes
 * them (internal/configtxgen/encoder/encoder.go).
 */
#include "confupdate.h"

#include "emit.h"
#include "fabrules.h"
#include "strbuf.h"

#include <string.h>

struct ctx {
	struct fc_arena *arena;
	const struct fc_network *old, *net;
	struct fc_node *list; /* configUpdates */
	struct fc_node *namespaces; /* configUpdateNamespaces */
	unsigned seq; /* Jobs so far */
	unsigned admin_port; /* osnadmin's on every orderer, 0 before 2.5 */
};

/* The org's anchor peers on ch as a jq array literal. */
static void anchors_json(struct fc_strbuf *sb, const struct fc_network *net,
                         const struct fc_channel *ch, const char *org)
{
	fc_strbuf_addch(sb, '[');
	size_t n = 0;
	for (size_t i = 0; i < ch->anchor_count; i++) {
		const struct fc_anchor *a = &ch->anchors[i];
		if (strcmp(a->org->name, org) != 0)
			continue;
		fc_strbuf_addf(sb, "%s{host: \"%s.%s.svc.%s\", port: %d}", n++ ? ", " : "",
		               a->peer->service, a->org->namespace, net->cluster_domain,
		               FC_PORT_PEER);
	}
	fc_strbuf_addch(sb, ']');
}

static void anchor_value(struct fc_strbuf *sb, const struct fc_network *net,
                         const struct fc_channel *ch, const char *org)
{
	fc_strbuf_addstr(sb, "{mod_policy: \"Admins\", value: {anchor_peers: ");
	anchors_json(sb, net, ch, org);
	fc_strbuf_addstr(sb, "}, version: \"0\"}");
}

static bool same_anchors(const struct fc_network *old, const struct fc_channel *oc,
                         const struct fc_network *net, const struct fc_channel *nc, const char *org)
{
	struct fc_strbuf a = FC_STRBUF_INIT, b = FC_STRBUF_INIT;
	anchors_json(&a, old, oc, org);
	anchors_json(&b, net, nc, org);
	bool same = strcmp(a.buf, b.buf) == 0;
	fc_strbuf_release(&a);
	fc_strbuf_release(&b);
	return same;
}

static void add_namespace(struct ctx *c, const char *ns)
{
	for (size_t i = 0; i < c->namespaces->count; i++)
		if (strcmp(c->namespaces->items[i]->text, ns) == 0)
			return;
	fc_tree_push(c->arena, c->namespaces, fc_tree_str(c->arena, ns));
}

/* One Job of an update: org runs steps, reading the envelope from `from`. */
struct job {
	const struct fc_org *org;
	const char *steps;
};

static const char *add_job(struct ctx *c, struct fc_node *jobs, const struct job *job,
                           const char *from, const struct fc_orderer *consenter)
{
	struct fc_arena *a = c->arena;
	const struct fc_org *org = job->org;
	struct fc_node *j = fc_tree_push(a, jobs, fc_tree_map(a));
	fc_tree_set(a, j, "job", fc_tree_strf(a, "config-update-%03u", ++c->seq), NULL);
	fc_tree_set(a, j, "organization", fc_tree_str(a, org->name), NULL);
	fc_tree_set(a, j, "kind", fc_tree_str(a, org->kind == FC_ORG_PEER ? "peer" : "orderer"),
	            NULL);
	fc_tree_set(a, j, "namespace", fc_tree_str(a, org->namespace), NULL);
	fc_tree_set(a, j, "mspId", fc_tree_str(a, org->msp_id), NULL);
	fc_tree_set(a, j, "domain", fc_tree_str(a, org->domain), NULL);
	fc_tree_set(a, j, "mspDir",
	            fc_tree_strf(a, "crypto-config/%s/%s/msp",
	                         org->kind == FC_ORG_PEER ? "peerOrganizations"
	                                                  : "ordererOrganizations",
	                         org->domain),
	            NULL);
	/* an orderer organization reaches its own first orderer with its own TLS CA
	 * (org is OLD's: that orderer runs already) */
	const char *orderer =
	        org->kind == FC_ORG_ORDERER && org->orderer_count ? org->orderers[0].address : "";
	fc_tree_set(a, j, "orderer", fc_tree_str(a, orderer), NULL);
	fc_tree_set(a, j, "steps", fc_tree_str(a, job->steps), NULL);
	fc_tree_set(a, j, "from", fc_tree_str(a, from ? from : ""), NULL);
	/* the orderer made a consenter: its Secrets (public certificates only)
	 * and its osnadmin endpoint, in its organization's Jobs */
	bool own = consenter && strcmp(consenter->org->name, org->name) == 0;
	fc_tree_set(a, j, "consenter", fc_tree_str(a, own ? consenter->name : ""), NULL);
	fc_tree_set(a, j, "consenterAdmin",
	            fc_tree_str(a, own ? fc_arena_printf(a, "%s-headless.%s.svc.%s:%u",
	                                                 consenter->name, org->namespace,
	                                                 c->net->cluster_domain, c->admin_port)
	                               : ""),
	            NULL);
	add_namespace(c, org->namespace);
	return org->namespace;
}

/*
 * An update of channel: change (a jq filter), signed by the first needed of
 * signers (sorted by name), after `first` (printorg of a new organization,
 * follow of a new orderer) and before `last` (await) when not NULL.  Jobs of
 * one organization next to each other are one Job.
 */
static void add_update(struct ctx *c, const char *name, const char *channel, const char *what,
                       const char *change, const char *policy, struct fc_org *const *signers,
                       size_t count, size_t needed, const struct job *first, const struct job *last,
                       const struct fc_orderer *consenter)
{
	struct fc_arena *a = c->arena;
	struct fc_node *u = fc_tree_push(a, c->list, fc_tree_map(a));
	fc_tree_set(a, u, "name", fc_tree_strf(a, "%s-%s", channel, name), NULL);
	fc_tree_set(a, u, "channel", fc_tree_str(a, channel), NULL);
	fc_tree_set(a, u, "what", fc_tree_str(a, what), NULL);
	fc_tree_set(a, u, "change", fc_tree_str(a, change), NULL);
	fc_tree_set(a, u, "policy", fc_tree_str(a, policy), NULL);
	fc_tree_set(a, u, "needed", fc_tree_int(a, (int64_t)needed), NULL);
	/* signers in name order */
	const struct fc_org **order = fc_arena_array(a, count ? count : 1, sizeof(*order));
	for (size_t i = 0; i < count; i++) {
		size_t k = i;
		while (k > 0 && strcmp(order[k - 1]->name, signers[i]->name) > 0) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = signers[i];
	}
	struct job *list = fc_arena_array(a, needed + 2, sizeof(*list));
	size_t n = 0;
	if (first)
		list[n++] = *first;
	for (size_t i = 0; i < needed && i < count; i++) {
		const char *steps = needed == 1       ? "compute submit"
		                    : i == 0          ? "compute sign"
		                    : i + 1 == needed ? "submit"
		                                      : "sign";
		if (n && strcmp(list[n - 1].org->name, order[i]->name) == 0)
			list[n - 1].steps = fc_arena_printf(a, "%s %s", list[n - 1].steps, steps);
		else
			list[n++] = (struct job){order[i], steps};
	}
	if (last && n && strcmp(list[n - 1].org->name, last->org->name) == 0)
		list[n - 1].steps = fc_arena_printf(a, "%s %s", list[n - 1].steps, last->steps);
	else if (last)
		list[n++] = *last;
	struct fc_node *jobs = fc_tree_set(a, u, "jobs", fc_tree_seq(a), NULL);
	const char *from = NULL;
	for (size_t i = 0; i < n; i++)
		from = add_job(c, jobs, &list[i], from, consenter);
}

static void channel_updates(struct ctx *c, const struct fc_channel *oc, const struct fc_channel *nc)
{
	struct fc_arena *a = c->arena;
	size_t needed = fc_implicit_threshold(FC_IMPLICIT_MAJORITY, oc->member_count);
	for (size_t i = 0; i < nc->member_count; i++) {
		const struct fc_org *o = nc->members[i];
		struct fc_strbuf sb = FC_STRBUF_INIT;
		if (!fc_model_is_member(oc, o->name)) {
			fc_strbuf_addf(
			        &sb,
			        ".channel_group.groups.Application.groups[\"%s\"] = ($org[0] | "
			        ".values.AnchorPeers = ",
			        o->msp_id);
			anchor_value(&sb, c->net, nc, o->name);
			fc_strbuf_addstr(&sb, ")\n");
			add_update(c, fc_arena_printf(a, "add-%s", o->name), nc->name,
			           fc_arena_printf(a, "%s (%s) joins '%s'", o->name, o->msp_id,
			                           nc->name),
			           fc_arena_strdup(a, sb.buf), "/Channel/Application/Admins",
			           oc->members, oc->member_count, needed,
			           &(struct job){o, "printorg"}, NULL, NULL);
		} else if (!same_anchors(c->old, oc, c->net, nc, o->name)) {
			fc_strbuf_addf(&sb,
			               ".channel_group.groups.Application.groups[\"%s\"].values."
			               "AnchorPeers = ",
			               o->msp_id);
			anchor_value(&sb, c->net, nc, o->name);
			fc_strbuf_addch(&sb, '\n');
			struct fc_org *self = nc->members[i];
			add_update(c, fc_arena_printf(a, "anchors-%s", o->name), nc->name,
			           fc_arena_printf(a, "anchor peers of %s on '%s'", o->msp_id,
			                           nc->name),
			           fc_arena_strdup(a, sb.buf),
			           fc_arena_printf(a, "/Channel/Application/%s/Admins", o->msp_id),
			           &self, 1, 1, NULL, NULL, NULL);
		}
		fc_strbuf_release(&sb);
	}
}

/* OLD's orderer organizations: who signs /Channel/Orderer/Admins. */
static struct fc_org **orderer_orgs(struct ctx *c)
{
	const struct fc_network *o = c->old;
	struct fc_org **orgs = fc_arena_array(
	        c->arena, o->orderer_org_count ? o->orderer_org_count : 1, sizeof(*orgs));
	for (size_t i = 0; i < o->orderer_org_count; i++)
		orgs[i] = &o->orderer_orgs[i];
	return orgs;
}

static void batch_update(struct ctx *c, const struct fc_channel *nc)
{
	const struct fc_network *o = c->old, *n = c->net;
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (strcmp(o->batch.timeout, n->batch.timeout) != 0)
		fc_strbuf_addf(&sb,
		               ".channel_group.groups.Orderer.values.BatchTimeout.value.timeout = "
		               "\"%s\"\n",
		               n->batch.timeout);
	/* BatchSize's fields (orderer.BatchSize in fabric-protos-go's
	 * orderer/configuration.pb.go), the byte sizes in bytes as configtxgen
	 * writes them (model.h) */
	const struct {
		const char *field;
		unsigned long long from, to;
	} size[] = {
	        {"max_message_count", o->batch.max_message_count, n->batch.max_message_count},
	        {"absolute_max_bytes", fc_model_byte_size(o->batch.absolute_max_bytes),
	         fc_model_byte_size(n->batch.absolute_max_bytes)},
	        {"preferred_max_bytes", fc_model_byte_size(o->batch.preferred_max_bytes),
	         fc_model_byte_size(n->batch.preferred_max_bytes)},
	};
	for (size_t i = 0; i < sizeof(size) / sizeof(size[0]); i++)
		if (size[i].from != size[i].to)
			fc_strbuf_addf(
			        &sb,
			        "%s.channel_group.groups.Orderer.values.BatchSize.value.%s = "
			        "%llu\n",
			        sb.len ? "| " : "", size[i].field, size[i].to);
	if (sb.len)
		add_update(c, "batch", nc->name,
		           fc_arena_printf(c->arena, "batch settings of '%s'", nc->name),
		           fc_arena_strdup(c->arena, sb.buf), "/Channel/Orderer/Admins",
		           orderer_orgs(c), o->orderer_org_count,
		           fc_implicit_threshold(FC_IMPLICIT_MAJORITY, o->orderer_org_count), NULL,
		           NULL, NULL);
	fc_strbuf_release(&sb);
}

/*
 * The jq filter that adds orderer od to a channel's consenters, unless it is
 * one already (same host and port), and its endpoints to its organization's
 * (values.Endpoints.value.addresses, EndpointsKey of common/channelconfig/
 * orderer.go; the addresses fabcfg.c writes as OrdererEndpoints).  $org[0]
 * is its definition written by the follow step: tls_cert (server.crt) and
 * identity (its signing certificate), base64 as configtxlator prints bytes.
 *   etcdraft  ConsensusType.value.metadata.consenters[{host, port,
 *             client_tls_cert, server_tls_cert}] (etcdraft.Consenter of
 *             fabric-protos-go's orderer/etcdraft/configuration.pb.go)
 *   BFT       values.Orderers.value.consenter_mapping[{id, host, port, msp_id,
 *             identity, client_tls_cert, server_tls_cert}] (OrderersKey,
 *             common/channelconfig/channel.go; common.Consenter), the next
 *             free id, and the policy BlockValidation rebuilt from the
 *             mapping as the orderer checks it
 *             (orderer/consensus/smartbft/configverifier.go,
 *             checkConsentersMatchPolicy): each consenter's identity
 *             signed_by in mapping order, n_out_of ComputeBFTQuorum(n, f) =
 *             ceil((n + f + 1) / 2) with f = (n - 1) / 3 (common/policies/
 *             bft.go), all at v3.1.1
 * Both certificates are the orderer's TLS pair's server.crt, as fabcfg.c
 * writes ClientTLSCert and ServerTLSCert.
 */
static const char *consenter_change(struct ctx *c, const struct fc_orderer *od)
{
	const struct fc_network *net = c->net;
	const struct fc_org *org = od->org;
	const char *host = fc_arena_printf(c->arena, "%s.%s.svc.%s", od->service, org->namespace,
	                                   net->cluster_domain);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addstr(&sb, "$org[0] as $d\n| .channel_group.groups.Orderer |= (\n");
	const char *list = net->consensus == FC_CONSENSUS_BFT
	                           ? ".values.Orderers.value.consenter_mapping"
	                           : ".values.ConsensusType.value.metadata.consenters";
	fc_strbuf_addf(&sb, "  if any(%s[]; .host == \"%s\" and .port == %d) then .\n", list, host,
	               FC_PORT_ORDERER);
	if (net->consensus == FC_CONSENSUS_BFT) {
		fc_strbuf_addf(&sb,
		               "  else %s += [{id: ([%s[].id] | max + 1), host: \"%s\", port: %d, "
		               "msp_id: \"%s\", identity: $d.identity, client_tls_cert: "
		               "$d.tls_cert, server_tls_cert: $d.tls_cert}]\n",
		               list, list, host, FC_PORT_ORDERER, org->msp_id);
		fc_strbuf_addf(&sb,
		               "  | %s as $m | ($m | length) as $n | (($n - 1) / 3 | floor) as $f\n"
		               "  | .policies.BlockValidation.policy.value = {identities: [$m[] | "
		               "{principal: {id_bytes: .identity, mspid: .msp_id}, "
		               "principal_classification: \"IDENTITY\"}], rule: {n_out_of: {n: "
		               "(($n + $f + 1) / 2 | ceil), rules: [range($n) | {signed_by: .}]}}, "
		               "version: 0}\n",
		               list);
	} else {
		fc_strbuf_addf(
		        &sb,
		        "  else %s += [{host: \"%s\", port: %d, client_tls_cert: $d.tls_cert, "
		        "server_tls_cert: $d.tls_cert}]\n",
		        list, host, FC_PORT_ORDERER);
	}
	fc_strbuf_addf(&sb,
	               "  end\n  | .groups[\"%s\"].values.Endpoints.value.addresses |= reduce (",
	               org->msp_id);
	fc_strbuf_addf(&sb, "\"%s\"", od->address);
	if (od->external.address)
		fc_strbuf_addf(&sb, ", \"%s\"", od->external.address);
	fc_strbuf_addstr(&sb, ") as $a (.; if any(.[]; . == $a) then . else . + [$a] end))\n");
	const char *change = fc_arena_strdup(c->arena, sb.buf);
	fc_strbuf_release(&sb);
	return change;
}

/*
 * Orderers of an orderer organization of both networks that are new in net
 * (channel participation: 2.5 and later, etcdraft or BFT): each becomes a
 * consenter of channel nc, one update each (Raft refuses more than one
 * consenter change at a time: "update of more than one consenter at a time is
 * not supported", orderer/consensus/etcdraft/membership.go).  Its
 * organization's Job joins it first as a follower with the channel's latest
 * config block (follow), and waits last until it reports itself an active
 * consenter (await); the orderer organizations of OLD sign.
 */
static void consenter_updates(struct ctx *c, const struct fc_channel *nc)
{
	const struct fc_network *o = c->old, *n = c->net;
	if (!c->admin_port || n->consensus != o->consensus ||
	    (n->consensus != FC_CONSENSUS_ETCDRAFT && n->consensus != FC_CONSENSUS_BFT))
		return;
	for (size_t i = 0; i < n->orderer_org_count; i++) {
		const struct fc_org *norg = &n->orderer_orgs[i], *oorg = NULL;
		for (size_t k = 0; k < o->orderer_org_count; k++)
			if (strcmp(o->orderer_orgs[k].name, norg->name) == 0)
				oorg = &o->orderer_orgs[k];
		if (!oorg || !oorg->orderer_count)
			continue;
		for (size_t j = 0; j < norg->orderer_count; j++) {
			const struct fc_orderer *od = &norg->orderers[j];
			bool known = false;
			for (size_t k = 0; k < oorg->orderer_count; k++)
				known = known || strcmp(oorg->orderers[k].name, od->name) == 0;
			if (known)
				continue;
			add_update(
			        c,
			        fc_arena_printf(c->arena, "consenter-%s-%s", norg->name, od->name),
			        nc->name,
			        fc_arena_printf(c->arena, "%s (%s) made a consenter of '%s'",
			                        od->name, od->host, nc->name),
			        consenter_change(c, od), "/Channel/Orderer/Admins", orderer_orgs(c),
			        o->orderer_org_count,
			        fc_implicit_threshold(FC_IMPLICIT_MAJORITY, o->orderer_org_count),
			        &(struct job){oorg, "follow"}, &(struct job){oorg, "await"}, od);
		}
	}
}

size_t fc_confupdate_add_values(struct fc_arena *arena, const struct fc_network *old,
                                const struct fc_network *net, unsigned admin_port,
                                struct fc_node *values)
{
	struct ctx c = {arena, old, net, fc_tree_seq(arena), fc_tree_seq(arena), 0, admin_port};
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *nc = &net->channels[i];
		const struct fc_channel *oc = fc_model_channel(old, nc->name);
		if (!oc)
			continue; /* a new channel: created from its genesis block */
		channel_updates(&c, oc, nc);
		consenter_updates(&c, nc);
		batch_update(&c, nc);
	}
	size_t n = c.list->count;
	if (!n)
		return 0;
	fc_tree_set(arena, values, "configUpdates", c.list,
	            "the channel config updates `helm upgrade` applies (derived "
	            "by `fabchart build --from` from the chart it replaces): per update its "
	            "channel, jq change, policy, signatures needed and the Jobs in order");
	fc_tree_set(arena, values, "configUpdateNamespaces", c.namespaces,
	            "where config update Jobs run (a ServiceAccount and "
	            "Role each)");
	return n;
}

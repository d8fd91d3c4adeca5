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
static const char *add_job(struct ctx *c, struct fc_node *jobs, const struct fc_org *org,
                           const char *steps, const char *from)
{
	struct fc_arena *a = c->arena;
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
	/* an orderer organization reaches its own first orderer with its own TLS CA */
	const char *orderer =
	        org->kind == FC_ORG_ORDERER && org->orderer_count ? org->orderers[0].address : "";
	fc_tree_set(a, j, "orderer", fc_tree_str(a, orderer), NULL);
	fc_tree_set(a, j, "steps", fc_tree_str(a, steps), NULL);
	fc_tree_set(a, j, "from", fc_tree_str(a, from ? from : ""), NULL);
	add_namespace(c, org->namespace);
	return org->namespace;
}

/*
 * An update of channel: change (a jq filter), signed by the first needed of
 * signers (sorted by name), after printorg by new_org when not NULL.
 */
static void add_update(struct ctx *c, const char *name, const char *channel, const char *what,
                       const char *change, const char *policy, struct fc_org *const *signers,
                       size_t count, size_t needed, const struct fc_org *new_org)
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
	struct fc_node *jobs = fc_tree_set(a, u, "jobs", fc_tree_seq(a), NULL);
	const char *from = NULL;
	if (new_org)
		from = add_job(c, jobs, new_org, "printorg", NULL);
	for (size_t i = 0; i < needed && i < count; i++) {
		const char *steps = needed == 1       ? "compute submit"
		                    : i == 0          ? "compute sign"
		                    : i + 1 == needed ? "submit"
		                                      : "sign";
		from = add_job(c, jobs, order[i], steps, from);
	}
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
			           oc->members, oc->member_count, needed, o);
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
			           &self, 1, 1, NULL);
		}
		fc_strbuf_release(&sb);
	}
}

static void batch_update(struct ctx *c, const struct fc_channel *nc)
{
	const struct fc_network *o = c->old, *n = c->net;
	bool timeout = strcmp(o->batch.timeout, n->batch.timeout) != 0;
	bool count = o->batch.max_message_count != n->batch.max_message_count;
	if (!timeout && !count)
		return;
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (timeout)
		fc_strbuf_addf(&sb,
		               ".channel_group.groups.Orderer.values.BatchTimeout.value.timeout = "
		               "\"%s\"\n",
		               n->batch.timeout);
	if (count)
		fc_strbuf_addf(&sb,
		               "%s.channel_group.groups.Orderer.values.BatchSize.value."
		               "max_message_count = %u\n",
		               sb.len ? "| " : "", n->batch.max_message_count);
	struct fc_org **orgs = fc_arena_array(
	        c->arena, o->orderer_org_count ? o->orderer_org_count : 1, sizeof(*orgs));
	for (size_t i = 0; i < o->orderer_org_count; i++)
		orgs[i] = &o->orderer_orgs[i];
	add_update(c, "batch", nc->name,
	           fc_arena_printf(c->arena, "batch settings of '%s'", nc->name),
	           fc_arena_strdup(c->arena, sb.buf), "/Channel/Orderer/Admins", orgs,
	           o->orderer_org_count,
	           fc_implicit_threshold(FC_IMPLICIT_MAJORITY, o->orderer_org_count), NULL);
	fc_strbuf_release(&sb);
}

size_t fc_confupdate_add_values(struct fc_arena *arena, const struct fc_network *old,
                                const struct fc_network *net, struct fc_node *values)
{
	struct ctx c = {arena, old, net, fc_tree_seq(arena), fc_tree_seq(arena), 0};
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *nc = &net->channels[i];
		const struct fc_channel *oc = fc_model_channel(old, nc->name);
		if (!oc)
			continue; /* a new channel: created from its genesis block */
		channel_updates(&c, oc, nc);
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

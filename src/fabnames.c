/*
 * fabnames - Fabric's identity rules on names; see fabnames.h.
 */
#include "fabnames.h"

#include <stdlib.h>
#include <string.h>

struct named {
	const char *key; /* what must be unique */
	struct fc_pos pos;
	const char *pointer;
	const char *label; /* how the message names it */
};

static int compare_named(const void *pa, const void *pb)
{
	const struct named *a = pa, *b = pb;
	int k = strcmp(a->key, b->key);
	if (k)
		return k;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	return a->pos.col < b->pos.col ? -1 : a->pos.col > b->pos.col;
}

static const struct fc_org *org_at(const struct fc_network *net, size_t i)
{
	return i < net->peer_org_count ? &net->peer_orgs[i]
	                               : &net->orderer_orgs[i - net->peer_org_count];
}

static void check_domains(struct fc_arena *arena, const struct fc_network *net,
                          const struct fc_node *root, struct fc_diags *diags)
{
	size_t n = net->peer_org_count + net->orderer_org_count;
	struct named *doms = fc_xcalloc(n + 1, sizeof(*doms));
	for (size_t i = 0; i < n; i++) {
		const struct fc_org *o = org_at(net, i);
		const char *pointer = fc_pointer_key(arena, o->pointer, "domain", 6);
		const struct fc_node *d = root ? fc_pointer_resolve(root, pointer) : NULL;
		const char *kind = o->kind == FC_ORG_PEER ? "peer" : "orderer";
		/* one folder per kind: the key is "<kind> <domain>" */
		doms[i] = (struct named){
		        fc_arena_printf(arena, "%s %s", kind, o->domain), d ? d->pos : o->pos,
		        pointer, fc_arena_printf(arena, "%s organization '%s'", kind, o->name)};
	}
	qsort(doms, n, sizeof(*doms), compare_named);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(doms[i].key, doms[i - 1].key) != 0)
			continue;
		const char *domain = strchr(doms[i].key, ' ') + 1;
		struct fc_diag *d = fc_diag_error(
		        diags, "duplicate-domain", doms[i].pos, doms[i].pointer,
		        "%s has the domain '%s' of %s: cryptogen would write both into "
		        "crypto-config/%sOrganizations/%s, the second taking the first's keys",
		        doms[i].label, domain, doms[i - 1].label,
		        strncmp(doms[i].key, "peer", 4) == 0 ? "peer" : "orderer", domain);
		fc_diag_note(diags, d, doms[i - 1].pos, "the domain of %s", doms[i - 1].label);
	}
	free(doms);
}

/* The JSON Pointer of node index of org: its list item's name, or the count. */
static const char *node_pointer(struct fc_arena *arena, const struct fc_node *root,
                                const struct fc_org *org, size_t index)
{
	bool peer = org->kind == FC_ORG_PEER;
	const char *list =
	        fc_pointer_key(arena, org->pointer, peer ? "peers" : "orderers", peer ? 5 : 8);
	const struct fc_node *n = root ? fc_pointer_resolve(root, list) : NULL;
	if (!n || n->kind != FC_NODE_SEQ)
		return list;
	return fc_pointer_key(arena, fc_pointer_index(arena, list, index), "name", 4);
}

/* Host names <node>.<domain> shared by a peer and an orderer (see fabnames.h). */
static void check_hosts(struct fc_arena *arena, const struct fc_network *net,
                        const struct fc_node *root, struct fc_diags *diags)
{
	size_t n = net->peer_count + net->orderer_count, k = 0;
	struct named *hosts = fc_xcalloc(n + 1, sizeof(*hosts));
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *o = &net->peer_orgs[i];
		for (size_t j = 0; j < o->peer_count && k < n; j++)
			hosts[k++] = (struct named){o->peers[j].host, o->peers[j].pos,
			                            node_pointer(arena, root, o, j),
			                            fc_arena_printf(arena, "peer '%s' of '%s'",
			                                            o->peers[j].name, o->name)};
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *o = &net->orderer_orgs[i];
		for (size_t j = 0; j < o->orderer_count && k < n; j++)
			hosts[k++] = (struct named){o->orderers[j].host, o->orderers[j].pos,
			                            node_pointer(arena, root, o, j),
			                            fc_arena_printf(arena, "orderer '%s' of '%s'",
			                                            o->orderers[j].name, o->name)};
	}
	qsort(hosts, k, sizeof(*hosts), compare_named);
	for (size_t i = 1; i < k; i++) {
		if (strcmp(hosts[i].key, hosts[i - 1].key) != 0)
			continue;
		/* within one kind the domains clash (duplicate-domain), or the names
		 * (duplicate-node) */
		if (strncmp(hosts[i].label, hosts[i - 1].label, 4) == 0)
			continue;
		struct fc_diag *d = fc_diag_error(
		        diags, "duplicate-host", hosts[i].pos, hosts[i].pointer,
		        "%s has the host name '%s' of %s: their certificates would name one host; "
		        "rename one of them or give the organizations different domains",
		        hosts[i].label, hosts[i].key, hosts[i - 1].label);
		fc_diag_note(diags, d, hosts[i - 1].pos, "%s is here", hosts[i - 1].label);
	}
	free(hosts);
}

static void check_namespaces(const struct fc_inventory *inv, struct fc_diags *diags)
{
	for (size_t i = 0; i < inv->count; i++) {
		const struct fc_inv_object *o = &inv->objects[i];
		if (strcmp(o->kind, "Namespace") != 0)
			continue;
		if (strcmp(o->name, "default") != 0 && strncmp(o->name, "kube-", 5) != 0)
			continue;
		fc_diag_error(diags, "reserved-namespace", o->origin.pos, o->origin.pointer,
		              "%s '%s' makes the namespace '%s', one Kubernetes keeps for itself "
		              "('default' and every 'kube-' name: kube-system, kube-public, "
		              "kube-node-lease): the chart would put its default-deny "
		              "NetworkPolicies there; choose another %s",
		              o->origin.what, o->origin.value ? o->origin.value : "", o->name,
		              o->origin.what);
	}
}

static const char *channel_pointer(struct fc_arena *arena, size_t i)
{
	return fc_pointer_key(arena, fc_pointer_index(arena, "/channels", i), "name", 4);
}

static void check_channels(struct fc_arena *arena, const struct fc_network *net,
                           struct fc_diags *diags)
{
	if (net->fabric.major != 1)
		return;
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		if (strcmp(ch->name, FC_SYSTEM_CHANNEL) == 0)
			fc_diag_error(diags, "reserved-channel-name", ch->pos,
			              channel_pointer(arena, i),
			              "channel name '%s' is the system channel's, which the chart "
			              "creates on Fabric 1.4: choose another name",
			              ch->name);
	}
	/* artifacts/<channel>.tx against artifacts/<channel>-<MSP ID>-anchors.tx */
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		for (size_t m = 0; m < ch->member_count; m++) {
			const char *anchors = fc_arena_printf(arena, "%s-%s-anchors", ch->name,
			                                      ch->members[m]->msp_id);
			for (size_t j = 0; j < net->channel_count; j++) {
				if (strcmp(net->channels[j].name, anchors) != 0)
					continue;
				struct fc_diag *d = fc_diag_error(
				        diags, "reserved-channel-name", net->channels[j].pos,
				        channel_pointer(arena, j),
				        "channel name '%s' names the anchor-peer update of '%s' on "
				        "channel '%s' (configtxgen writes both to artifacts/%s.tx): "
				        "choose another name",
				        anchors, ch->members[m]->msp_id, ch->name, anchors);
				fc_diag_note(diags, d, ch->pos, "channel '%s' is here", ch->name);
			}
		}
	}
}

void fc_fabnames_check(struct fc_arena *arena, const struct fc_network *net,
                       const struct fc_node *root, const struct fc_inventory *inv,
                       struct fc_diags *diags)
{
	check_domains(arena, net, root, diags);
	check_hosts(arena, net, root, diags);
	check_namespaces(inv, diags);
	check_channels(arena, net, diags);
}

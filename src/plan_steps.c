/*
 * plan_steps - the plan's changes that edit a channel's configuration: who
 * signs them (fabrules.h) and the commands of the changes that need a step;
 * see plan.h and plan_internal.h.
 *
 * Every command and flag is Fabric's at v3.1.1: `peer channel fetch config -o
 * -c --tls --cafile` (internal/peer/channel/fetch.go, common/ordererenv.go),
 * `peer channel signconfigtx -f` (signconfigtx.go), `peer channel update -f -o
 * -c`, which "signs and sends" (update.go: the submitter's signature counts),
 * `peer node unjoin -c` with the peer offline (internal/peer/node/unjoin.go),
 * `osnadmin channel remove -o --channelID --ca-file --client-cert
 * --client-key` (cmd/osnadmin/main.go), `configtxlator proto_decode |
 * proto_encode --input --type --output` and `compute_update --channel_id
 * --original --updated --output` (cmd/configtxlator/main.go), `configtxgen
 * -configPath -profile -channelID -outputBlock` (cmd/configtxgen/main.go).
 */
#include "plan_internal.h"

#include "fabcfg.h"
#include "fabnames.h"
#include "fabrules.h"
#include "render.h"

#include <string.h>

/* ---- who signs ------------------------------------------------------------------ */

void fc_plan_signers_of(struct plan_ctx *c, struct fc_plan_signers *s, const char *policy,
                        struct fc_org *const *orgs, size_t count, bool one_org)
{
	s->policy = policy;
	s->msp_ids = fc_arena_array(c->arena, count ? count : 1, sizeof(char *));
	for (size_t i = 0; i < count; i++)
		s->msp_ids[i] = orgs[i]->msp_id;
	s->count = count;
	/* an organization's own group: its Admins policy, OR('<MSP>.admin') (fabcfg.c) */
	s->rule = one_org ? "Admins" : "MAJORITY Admins";
	s->needed = one_org ? 1 : fc_implicit_threshold(FC_IMPLICIT_MAJORITY, count);
}

struct fc_org **fc_plan_orderer_org_list(struct plan_ctx *c, const struct fc_network *net)
{
	struct fc_org **list =
	        fc_arena_array(c->arena, net->orderer_org_count + 1, sizeof(struct fc_org *));
	for (size_t i = 0; i < net->orderer_org_count; i++)
		list[i] = &net->orderer_orgs[i];
	return list;
}

/* A change of /Channel/Application of channel ch (OLD's members sign). */
void fc_plan_sign_application(struct plan_ctx *c, struct fc_plan_change *chg,
                              const struct fc_channel *ch)
{
	chg->channel = ch->name;
	fc_plan_signers_of(c, &chg->signers[0], "/Channel/Application/Admins", ch->members,
	                   ch->member_count, false);
	chg->signer_sets = 1;
}

/* A change of /Channel/Orderer (OLD's orderer organizations sign). */
void fc_plan_sign_orderer(struct plan_ctx *c, struct fc_plan_change *chg, const char *channel)
{
	chg->channel = channel;
	fc_plan_signers_of(c, &chg->signers[0], "/Channel/Orderer/Admins",
	                   fc_plan_orderer_org_list(c, c->old), c->old->orderer_org_count, false);
	chg->signer_sets = 1;
}

/* ---- config update commands ----------------------------------------------------- */

static const char *tls_flags(struct plan_ctx *c)
{
	return c->old->tls ? " --tls --cafile \"$ORDERER_CA\"" : "";
}

/* The commands of one config update of channel, editing config.json with the
 * jq filter edit (docs/source/config_update.md at v3.1.1). */
static void config_update(struct plan_ctx *c, struct fc_plan_change *chg, const char *channel,
                          const char *edit, const struct fc_plan_signers *sets, size_t nsets)
{
	const char *orderer = c->old->orderer_orgs[0].orderers[0].address;
	fc_plan_command(c, chg, "peer channel fetch config config_block.pb -o %s -c %s%s", orderer,
	                channel, tls_flags(c));
	fc_plan_command(c, chg,
	                "configtxlator proto_decode --input config_block.pb --type common.Block "
	                "--output config_block.json");
	fc_plan_command(c, chg,
	                "jq '.data.data[0].payload.data.config' config_block.json > config.json");
	fc_plan_command(c, chg, "jq %s config.json > modified_config.json", edit);
	fc_plan_command(
	        c, chg,
	        "configtxlator proto_encode --input config.json --type common.Config --output "
	        "config.pb");
	fc_plan_command(
	        c, chg,
	        "configtxlator proto_encode --input modified_config.json --type common.Config "
	        "--output modified_config.pb");
	fc_plan_command(
	        c, chg,
	        "configtxlator compute_update --channel_id %s --original config.pb --updated "
	        "modified_config.pb --output config_update.pb",
	        channel);
	fc_plan_command(
	        c, chg,
	        "configtxlator proto_decode --input config_update.pb --type common.ConfigUpdate "
	        "--output config_update.json");
	fc_plan_command(c, chg,
	                "jq -n --slurpfile u config_update.json "
	                "'{payload:{header:{channel_header:{channel_id:\"%s\",type:2}},"
	                "data:{config_update:$u[0]}}}' > envelope.json",
	                channel);
	fc_plan_command(
	        c, chg,
	        "configtxlator proto_encode --input envelope.json --type common.Envelope --output "
	        "envelope.pb");
	/* who signs: "2 of Org1MSP, Org2MSP and 1 of OrdererMSP" */
	struct fc_strbuf sb = FC_STRBUF_INIT;
	size_t needed = 0;
	for (size_t k = 0; k < nsets; k++) {
		fc_strbuf_addf(&sb, "%s%zu of ", k ? " and " : "", sets[k].needed);
		for (size_t i = 0; i < sets[k].count; i++)
			fc_strbuf_addf(&sb, "%s%s", i ? ", " : "", sets[k].msp_ids[i]);
		needed += sets[k].needed;
	}
	/* `peer channel update` adds the submitter's signature (update.go) */
	if (needed > 1)
		fc_plan_command(
		        c, chg,
		        "peer channel signconfigtx -f envelope.pb  # admins, one after another: %s",
		        sb.buf);
	fc_plan_command(c, chg, "peer channel update -f envelope.pb -c %s -o %s%s  # %s%s", channel,
	                orderer, tls_flags(c),
	                needed > 1 ? "the last signer: " : "an admin: ", sb.buf);
	fc_strbuf_release(&sb);
}

/* One capability update of every channel of NEW that OLD had. */
static void capability_updates(struct plan_ctx *c, struct fc_plan_change *chg, const char *group,
                               const char *from, const char *to)
{
	if (strcmp(from, to) == 0)
		return;
	const char *path = strcmp(group, "Channel") == 0
	                           ? ".channel_group.values.Capabilities.value.capabilities"
	                   : strcmp(group, "Orderer") == 0
	                           ? ".channel_group.groups.Orderer.values.Capabilities.value."
	                             "capabilities"
	                           : ".channel_group.groups.Application.values.Capabilities.value."
	                             "capabilities";
	fc_plan_command(c, chg, "# %s capability %s -> %s on every channel", group, from, to);
	for (size_t i = 0; i < c->old->channel_count; i++) {
		const struct fc_channel *ch = &c->old->channels[i];
		/* mod_policy Admins of the group: /Channel/Admins is MAJORITY of both
		 * groups' Admins (docs/source/updating_capabilities.md) */
		struct fc_plan_signers s[2] = {{0}};
		size_t n = 0;
		if (strcmp(group, "Orderer") != 0)
			fc_plan_signers_of(c, &s[n++], "/Channel/Application/Admins", ch->members,
			                   ch->member_count, false);
		if (strcmp(group, "Application") != 0)
			fc_plan_signers_of(c, &s[n++], "/Channel/Orderer/Admins",
			                   fc_plan_orderer_org_list(c, c->old),
			                   c->old->orderer_org_count, false);
		config_update(c, chg, ch->name,
		              fc_arena_printf(c->arena, "'%s = {\"%s\": {}}'", path, to), s, n);
	}
}

static const char *state_edit(const char *state)
{
	return strcmp(state, "STATE_MAINTENANCE") == 0
	               ? "'.channel_group.groups.Orderer.values.ConsensusType.value.state = "
	                 "\"STATE_MAINTENANCE\"'"
	               : "'.channel_group.groups.Orderer.values.ConsensusType.value.state = "
	                 "\"STATE_NORMAL\"'";
}

void fc_plan_consensus_migration(struct plan_ctx *c, const char *to_type)
{
	struct fc_plan_change *chg = fc_plan_add(c, FC_PLAN_STEP, "consensus",
	                                         "%s -> %s in maintenance mode, channel by channel",
	                                         fc_consensus_name(c->old->consensus), to_type);
	chg->pos = fc_plan_new_pos(c, "/consensus", "type");
	fc_plan_sign_orderer(c, chg, NULL);
	/* 1.4: the system channel first (docs/source/kafka_raft_migration.md at v1.4.12),
	 * its configtx.yaml profile SystemChannel (fabcfg.c) */
	bool sys = c->old->fabric.major == 1;
	size_t n = c->old->channel_count + sys;
	const char **names = fc_arena_array(c->arena, n, sizeof(char *));
	const char **profiles = fc_arena_array(c->arena, n, sizeof(char *));
	if (sys) {
		names[0] = FC_SYSTEM_CHANNEL;
		profiles[0] = "SystemChannel";
	}
	for (size_t i = 0; i < c->old->channel_count; i++)
		names[i + sys] = profiles[i + sys] = c->old->channels[i].name;
	const char *metadata = fc_arena_printf(
	        c->arena,
	        "--slurpfile n new.json '.channel_group.groups.Orderer.values."
	        "ConsensusType.value.type = \"%s\" | .channel_group.groups.Orderer."
	        "values.ConsensusType.value.metadata = $n[0].channel_group.groups."
	        "Orderer.values.ConsensusType.value.metadata%s'",
	        to_type,
	        strcmp(to_type, "BFT") == 0 ? " | .channel_group.groups.Orderer.values.Orderers = "
	                                      "$n[0].channel_group.groups.Orderer.values.Orderers"
	                                    : "");
	fc_plan_command(c, chg, "# 1. every channel into maintenance mode%s",
	                sys ? ", the system channel first" : "");
	for (size_t i = 0; i < n; i++)
		config_update(c, chg, names[i], state_edit("STATE_MAINTENANCE"), chg->signers,
		              chg->signer_sets);
	fc_plan_command(c, chg, "# 2. stop the orderers, back up their volumes, start them");
	fc_plan_command(c, chg,
	                "# 3. type and metadata as configtxgen makes them from the new chart's "
	                "files/configtx.yaml (beside the network's crypto material)");
	for (size_t i = 0; i < n; i++) {
		fc_plan_command(
		        c, chg,
		        "configtxgen -configPath . -profile %s -channelID %s -outputBlock new.pb",
		        profiles[i], names[i]);
		fc_plan_command(
		        c, chg,
		        "configtxlator proto_decode --input new.pb --type common.Block --output "
		        "new_block.json");
		fc_plan_command(c, chg,
		                "jq '.data.data[0].payload.data.config' new_block.json > new.json");
		config_update(c, chg, names[i], metadata, chg->signers, chg->signer_sets);
	}
	fc_plan_command(c, chg, "# 4. restart the orderers: helm upgrade RELEASE NEW.tgz");
	fc_plan_command(c, chg, "# 5. every channel back to normal");
	for (size_t i = 0; i < n; i++)
		config_update(c, chg, names[i], state_edit("STATE_NORMAL"), chg->signers,
		              chg->signer_sets);
}

/* OLD's consenter od leaves every channel (a step). */
void fc_plan_remove_consenter(struct plan_ctx *c, const struct fc_org *org,
                              const struct fc_orderer *od)
{
	struct fc_plan_change *chg = fc_plan_add(
	        c, FC_PLAN_STEP, "orderers", "%s loses %s (%s): a consenter leaves every channel",
	        org->name, od->name, od->host);
	fc_plan_sign_orderer(c, chg, NULL);
	const char *host = fc_arena_printf(c->arena, "%s.%s.svc.%s", od->service, org->namespace,
	                                   c->old->cluster_domain);
	/* its consenter entry (fabcfg.c: Host is <service>.<namespace>.svc.<domain>)
	 * and its address among its organization's OrdererEndpoints */
	const char *edit = fc_arena_printf(
	        c->arena,
	        "'%s |= map(select(.host != \"%s\")) | .channel_group.groups.Orderer.groups[\"%s\"]."
	        "values.Endpoints.value.addresses |= map(select(. != \"%s\"))'",
	        c->old->consensus == FC_CONSENSUS_BFT
	                ? ".channel_group.groups.Orderer.values.Orderers.value.consenter_mapping"
	                : ".channel_group.groups.Orderer.values.ConsensusType.value.metadata."
	                  "consenters",
	        host, org->msp_id, od->address);
	fc_plan_command(c, chg, "# one consenter at a time; the others keep their quorum");
	for (size_t i = 0; i < c->old->channel_count; i++) {
		const char *ch = c->old->channels[i].name;
		config_update(c, chg, ch, edit, chg->signers, chg->signer_sets);
		if (c->old->fabric.major >= 2)
			fc_plan_command(
			        c, chg,
			        "osnadmin channel remove -o %s-headless.%s.svc.%s:%u --channelID %s "
			        "--ca-file \"$ORDERER_CA\" --client-cert \"$ADMIN_CERT\" --client-key "
			        "\"$ADMIN_KEY\"",
			        od->name, org->namespace, c->old->cluster_domain,
			        fc_render_admin_port(c->old), ch);
	}
}

/*
 * A new orderer organization n (a step): the chart issues its identities and
 * starts its orderers, but no Job adds an organization to the Orderer group, and
 * its orderers have no running orderer of their own to fetch a channel's config
 * from.  Its MSP goes into each channel's Orderer group by a config update
 * (configtxgen -printOrg: cmd/configtxgen/main.go doPrintOrg, Name = MSP ID in
 * fabcfg.c), then each orderer joins with the latest config block (osnadmin
 * channel join --channelID --config-block: cmd/osnadmin/main.go at v2.5.12 and
 * v3.1.1) and becomes a consenter, one at a time.
 */
void fc_plan_add_orderer_org(struct plan_ctx *c, const struct fc_org *n, const char *nodes)
{
	struct fc_plan_change *chg =
	        fc_plan_add(c, FC_PLAN_STEP, "organization", "%s (%s) is added with %s", n->name,
	                    n->msp_id, nodes);
	fc_plan_sign_orderer(c, chg, NULL);
	fc_plan_command(c, chg,
	                "# 1. helm upgrade RELEASE NEW.tgz: its identities are issued and its "
	                "orderers start, on no channel yet");
	fc_plan_command(
	        c, chg,
	        "# 2. its MSP into each channel's Orderer group (NEW's files/configtx.yaml, "
	        "with its MSP from the Secret org-ca of %s)",
	        n->namespace);
	fc_plan_command(c, chg, "configtxgen -configPath . -printOrg %s > %s.json", n->msp_id,
	                n->msp_id);
	const char *edit = fc_arena_printf(
	        c->arena,
	        "--slurpfile org %s.json '.channel_group.groups.Orderer.groups[\"%s\"] = $org[0]'",
	        n->msp_id, n->msp_id);
	bool sys = c->old->fabric.major == 1;
	if (sys)
		config_update(c, chg, "system-channel", edit, chg->signers, chg->signer_sets);
	for (size_t i = 0; i < c->old->channel_count; i++)
		config_update(c, chg, c->old->channels[i].name, edit, chg->signers,
		              chg->signer_sets);
	if (sys) {
		fc_plan_command(c, chg,
		                "# 3. each of its orderers into the system channel's and each "
		                "channel's consenters, one at a time (Fabric's "
		                "docs/source/raft_configuration.md, Reconfiguration)");
		return;
	}
	fc_plan_command(c, chg,
	                "# 3. each of its orderers joins each channel with the channel's latest "
	                "config block; osnadmin as %s's admin (NEW_ORDERER_CA, NEW_ADMIN_CERT, "
	                "NEW_ADMIN_KEY: its TLS CA and its admin's TLS pair)",
	                n->name);
	const char *orderer = c->old->orderer_orgs[0].orderers[0].address;
	for (size_t i = 0; i < c->old->channel_count; i++) {
		const char *ch = c->old->channels[i].name;
		fc_plan_command(c, chg, "peer channel fetch config %s.block -o %s -c %s%s", ch,
		                orderer, ch, tls_flags(c));
		for (size_t j = 0; j < n->orderer_count; j++)
			fc_plan_command(
			        c, chg,
			        "osnadmin channel join -o %s-headless.%s.svc.%s:%u --channelID %s "
			        "--config-block %s.block --ca-file \"$NEW_ORDERER_CA\" --client-cert "
			        "\"$NEW_ADMIN_CERT\" --client-key \"$NEW_ADMIN_KEY\"",
			        n->orderers[j].name, n->namespace, c->new->cluster_domain,
			        fc_render_admin_port(c->new), ch, ch);
	}
	fc_plan_command(c, chg,
	                "# 4. then each of its orderers becomes a consenter of each channel, one "
	                "at a time, as for an orderer added to an existing orderer organization "
	                "(build the next chart with --from NEW.tgz)");
}

/* Peer org o leaves channel ch (a step). */
void fc_plan_leave_channel(struct plan_ctx *c, const struct fc_org *o, const struct fc_channel *ch)
{
	struct fc_plan_change *chg = fc_plan_add(c, FC_PLAN_STEP, "channel", "%s (%s) leaves '%s'",
	                                         o->name, o->msp_id, ch->name);
	fc_plan_sign_application(c, chg, ch);
	config_update(c, chg, ch->name,
	              fc_arena_printf(c->arena,
	                              "'del(.channel_group.groups.Application.groups[\"%s\"])'",
	                              o->msp_id),
	              chg->signers, chg->signer_sets);
	for (size_t i = 0; i < o->peer_count; i++)
		fc_plan_command(c, chg, "peer node unjoin -c %s  # on %s, with the peer stopped",
		                ch->name, o->peers[i].host);
}

/* The step of a Fabric minor or major upgrade: orderers first, then peers
 * (the chart's images.peer.tag knob holds them back), then the capabilities
 * in order (docs/source/updating_capabilities.md). */
void fc_plan_fabric_upgrade(struct plan_ctx *c, struct fc_pos pos)
{
	const struct fc_version *o = &c->old->fabric, *n = &c->new->fabric;
	struct fc_plan_change *chg = fc_plan_add(
	        c, FC_PLAN_STEP, "fabric",
	        "%s -> %s: orderers first, then peers, then capabilities", o->text, n->text);
	chg->pos = pos;
	const char *peer_tag = c->old->images[FC_COMPONENT_PEER].tag;
	fc_plan_command(c, chg, "# 1. the orderers (and tools, CAs) first; peers stay on %s",
	                peer_tag);
	fc_plan_command(c, chg, "helm upgrade RELEASE NEW.tgz --set images.peer.tag=%s", peer_tag);
	fc_plan_command(c, chg,
	                "kubectl get pods -A -l app.kubernetes.io/instance=RELEASE,"
	                "app.kubernetes.io/component=orderer  # until all are Running on %s",
	                n->text);
	fc_plan_command(c, chg, "# 2. then the peers");
	fc_plan_command(c, chg, "helm upgrade RELEASE NEW.tgz");
	if (o->major == 1)
		fc_plan_command(
		        c, chg,
		        "# 1.4 -> 2.x: the system channel stays until every channel is joined with "
		        "osnadmin (docs/source/create_channel/create_channel_participation.md)");
	fc_plan_command(c, chg,
	                "# 3. capabilities, once every node runs %s: Orderer, Channel, Application",
	                n->text);
	struct fc_fabcfg_capabilities from = fc_fabcfg_capabilities(c->old),
	                              to = fc_fabcfg_capabilities(c->new);
	capability_updates(c, chg, "Orderer", from.orderer, to.orderer);
	capability_updates(c, chg, "Channel", from.channel, to.channel);
	capability_updates(c, chg, "Application", from.application, to.application);
}

/* OLD's channel oc is removed from every orderer and peer (a step). */
void fc_plan_remove_channel(struct plan_ctx *c, const struct fc_channel *oc)
{
	const struct fc_network *o = c->old;
	const char *what = fc_arena_printf(c->arena, "'%s'", oc->name);
	struct fc_plan_change *chg =
	        fc_plan_add(c, FC_PLAN_STEP, "channel", "%s is removed from every node", what);
	for (size_t k = 0; o->fabric.major >= 2 && k < o->orderer_org_count; k++)
		for (size_t j = 0; j < o->orderer_orgs[k].orderer_count; j++)
			fc_plan_command(
			        c, chg,
			        "osnadmin channel remove -o %s-headless.%s.svc.%s:%u --channelID "
			        "%s --ca-file \"$ORDERER_CA\" --client-cert \"$ADMIN_CERT\" "
			        "--client-key \"$ADMIN_KEY\"",
			        o->orderer_orgs[k].orderers[j].name, o->orderer_orgs[k].namespace,
			        o->cluster_domain, fc_render_admin_port(o), oc->name);
	for (size_t k = 0; k < oc->member_count; k++)
		for (size_t j = 0; j < oc->members[k]->peer_count; j++)
			fc_plan_command(c, chg,
			                "peer node unjoin -c %s  # on %s, with the peer stopped",
			                oc->name, oc->members[k]->peers[j].host);
}

/*
 * plan - comparing two versions of a network; see plan.h.
 *
 * The comparison walks the model in a fixed order (network, Fabric version,
 * TLS and consensus, orderer organizations, peer organizations, channels,
 * chaincodes, batch settings, images, resources, storage, exposure), so the
 * plan is the same on every run.  Organizations, nodes, channels and
 * chaincodes are matched by name; a name missing on one side is a rename
 * when the other side has a new one with the same MSP ID or domain (an
 * organization) or the same members (a channel), else a removal and an
 * addition.
 *
 * Fabric's rules behind each class, at v3.1.1 (v2.5.12 and v1.4.12 where
 * said):
 *  - config updates: the commands of docs/source/config_update.md
 *    (`peer channel fetch config`, internal/peer/channel/fetchconfig.go;
 *    `configtxlator proto_decode|proto_encode|compute_update`,
 *    cmd/configtxlator/main.go; `peer channel signconfigtx` and
 *    `peer channel update`, internal/peer/channel/signconfigtx.go, update.go);
 *    mod_policy Admins of the group changed, ImplicitMeta MAJORITY Admins as
 *    fabcfg.c writes it (fabrules.h); an organization's own values (anchor
 *    peers) its own Admins (docs/source/updating_capabilities.md: the
 *    Channel group needs the majority of both groups' admins)
 *  - consensus type: only etcdraft -> BFT (3.x) and kafka -> etcdraft (1.4)
 *    in maintenance mode (orderer/common/msgprocessor/maintenancefilter.go,
 *    permittedTargetConsensusTypes; docs/source/raft_bft_migration.md)
 *  - chaincode sequence: exactly the committed one plus one
 *    (core/chaincode/lifecycle/lifecycle.go: "requested sequence is %d, but
 *    new definition must be sequence %d"; "attempted to redefine the current
 *    committed sequence")
 *  - upgrades: binaries before capabilities, Orderer then Channel then
 *    Application (docs/source/updating_capabilities.md), 2.x before 3.x
 *    (docs/source/upgrade_to_newest_version.md)
 *  - removals: `osnadmin channel remove` (cmd/osnadmin/main.go), `peer node
 *    unjoin` with the peer stopped (internal/peer/node/unjoin.go)
 */
#include "plan_internal.h"

#include "chaincode.h"

#include <stdarg.h>
#include <string.h>

const char *fc_plan_class_name(enum fc_plan_class cls)
{
	return cls == FC_PLAN_AUTOMATIC ? "automatic" : cls == FC_PLAN_STEP ? "step" : "refused";
}

/* ---- building the plan ------------------------------------------------------- */

struct fc_plan_change *fc_plan_add(struct plan_ctx *c, enum fc_plan_class cls, const char *subject,
                                   const char *fmt, ...)
{
	struct fc_plan *p = c->plan;
	if (p->count == p->alloc) {
		size_t alloc = p->alloc ? 2 * p->alloc : 16;
		struct fc_plan_change *grown = fc_arena_array(c->arena, alloc, sizeof(*grown));
		if (p->count)
			memcpy(grown, p->changes, p->count * sizeof(*grown));
		p->changes = grown;
		p->alloc = alloc;
	}
	struct fc_plan_change *ch = &p->changes[p->count++];
	memset(ch, 0, sizeof(*ch));
	ch->cls = cls;
	ch->subject = subject;
	struct fc_strbuf sb = FC_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	fc_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ch->text = fc_arena_strdup(c->arena, sb.buf);
	fc_strbuf_release(&sb);
	if (cls == FC_PLAN_AUTOMATIC)
		p->automatic++;
	else if (cls == FC_PLAN_STEP)
		p->steps++;
	else
		p->refused++;
	return ch;
}

/* A refused change, also an error diagnostic at pos in NEW. */
__attribute__((format(printf, 5, 6))) static void refuse(struct plan_ctx *c, const char *code,
                                                         struct fc_pos pos, const char *subject,
                                                         const char *fmt, ...)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	fc_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	struct fc_plan_change *ch = fc_plan_add(c, FC_PLAN_REFUSED, subject, "%s", sb.buf);
	ch->code = code;
	ch->pos = pos;
	if (!ch->pos.file)
		ch->pos.file = c->new_file;
	fc_diag_error(c->diags, code, ch->pos, NULL, "%s: %s", subject, sb.buf);
	fc_strbuf_release(&sb);
}

/* The position of pointer/key in NEW (the pointer's node when key is absent,
 * the file when neither resolves). */
struct fc_pos fc_plan_new_pos(struct plan_ctx *c, const char *pointer, const char *key)
{
	const struct fc_node *n = fc_pointer_resolve(c->new_doc, pointer ? pointer : "");
	const struct fc_node *k = key && n ? fc_node_get(n, key) : NULL;
	if (k)
		return k->pos;
	if (n)
		return n->pos;
	return (struct fc_pos){c->new_file, 0, 0};
}

void fc_plan_command(struct plan_ctx *c, struct fc_plan_change *ch, const char *fmt, ...)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	fc_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	const char **grown = fc_arena_array(c->arena, ch->command_count + 1, sizeof(*grown));
	if (ch->command_count)
		memcpy(grown, ch->commands, ch->command_count * sizeof(*grown));
	grown[ch->command_count++] = fc_arena_strdup(c->arena, sb.buf);
	ch->commands = grown;
	fc_strbuf_release(&sb);
}

/* ---- lookups -------------------------------------------------------------------- */

static const struct fc_org *find_org(const struct fc_org *orgs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(orgs[i].name, name) == 0)
			return &orgs[i];
	return NULL;
}
static bool has_peer(const struct fc_org *o, const char *name)
{
	for (size_t i = 0; i < o->peer_count; i++)
		if (strcmp(o->peers[i].name, name) == 0)
			return true;
	return false;
}

static bool has_orderer(const struct fc_org *o, const char *name)
{
	for (size_t i = 0; i < o->orderer_count; i++)
		if (strcmp(o->orderers[i].name, name) == 0)
			return true;
	return false;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- network, Fabric, TLS ---------------------------------------------------------- */

/* Where identities come from cannot change under a running network; with Fabric
 * CA, lifetimes and renewal apply to what is issued from then on. */
static void compare_identities(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	if (o->identities != n->identities) {
		refuse(c, "plan-identities-change", fc_plan_new_pos(c, "", "identities"),
		       "identities",
		       "%s becomes %s while the network runs: every key would be issued anew "
		       "by other CAs, which no channel trusts",
		       o->identities == FC_IDENTITIES_FABRIC_CA ? "fabric-ca" : "cryptogen",
		       n->identities == FC_IDENTITIES_FABRIC_CA ? "fabric-ca" : "cryptogen");
		return;
	}
	if (n->identities != FC_IDENTITIES_FABRIC_CA)
		return;
	const char *keys[] = {"node", "admin", "tls", "ca", "window", "schedule"};
	const char *was[] = {o->certificates.node,   o->certificates.admin,
	                     o->certificates.tls,    o->certificates.ca,
	                     o->certificates.window, o->certificates.schedule};
	const char *is[] = {n->certificates.node, n->certificates.admin,  n->certificates.tls,
	                    n->certificates.ca,   n->certificates.window, n->certificates.schedule};
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(was[i], is[i]) != 0)
			fc_strbuf_addf(&sb, "%s%s %s -> %s", sb.len ? ", " : "", keys[i], was[i],
			               is[i]);
	if (sb.len)
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "certificates",
		            "%s: certificates issued from now on (enrollment, renewal) take them, "
		            "the CA roots are kept",
		            sb.buf);
	fc_strbuf_release(&sb);
}

static void compare_network(struct plan_ctx *c)
{
	if (strcmp(c->old->name, c->new->name) != 0)
		refuse(c, "plan-rename-network", fc_plan_new_pos(c, "", "network"), "network",
		       "'%s' is renamed '%s': every namespace and identity would be new",
		       c->old->name, c->new->name);
	if (strcmp(c->old->cluster_domain, c->new->cluster_domain) != 0)
		refuse(c, "plan-regenerate-keys", fc_plan_new_pos(c, "/exposure", "clusterDomain"),
		       "exposure",
		       "the cluster domain '%s' becomes '%s': every TLS certificate names the old "
		       "one, the keys would be regenerated",
		       c->old->cluster_domain, c->new->cluster_domain);
	if (c->old->tls != c->new->tls)
		refuse(c, "plan-tls-change", fc_plan_new_pos(c, "/fabric", "tls"), "tls",
		       "TLS is turned %s while the network runs: every node and client would "
		       "change at once",
		       c->new->tls ? "on" : "off");
	compare_identities(c);
}

static int version_cmp(const struct fc_version *a, const struct fc_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	return 0;
}

static void compare_fabric(struct plan_ctx *c)
{
	const struct fc_version *o = &c->old->fabric, *n = &c->new->fabric;
	int cmp = version_cmp(o, n);
	if (cmp == 0)
		return;
	struct fc_pos pos = fc_plan_new_pos(c, "/fabric", "version");
	if (cmp > 0) {
		refuse(c, "plan-fabric-downgrade", pos, "fabric",
		       "%s is older than %s: a ledger written by a newer Fabric is not read by an "
		       "older one",
		       n->text, o->text);
		return;
	}
	if (o->major == n->major && o->minor == n->minor) {
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "fabric",
		            "%s -> %s: images within the %u.%u line", o->text, n->text, n->major,
		            n->minor);
		return;
	}
	if (n->major > o->major + 1) {
		refuse(c, "plan-fabric-skip", pos, "fabric",
		       "%s -> %s skips a major version: upgrade to %u.x first (a plan of its own)",
		       o->text, n->text, o->major + 1);
		return;
	}
	fc_plan_fabric_upgrade(c, pos);
}

/* ---- consensus ------------------------------------------------------------------- */

/* The same orderers (organization and name) on both sides. */
static bool same_orderers(const struct fc_network *a, const struct fc_network *b)
{
	if (a->orderer_count != b->orderer_count)
		return false;
	for (size_t i = 0; i < a->orderer_org_count; i++) {
		const struct fc_org *x = &a->orderer_orgs[i];
		const struct fc_org *y = find_org(b->orderer_orgs, b->orderer_org_count, x->name);
		for (size_t j = 0; j < x->orderer_count; j++)
			if (!y || !has_orderer(y, x->orderers[j].name))
				return false;
	}
	return true;
}

static void compare_consensus(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	if (o->consensus != n->consensus) {
		bool raft_bft = o->consensus == FC_CONSENSUS_ETCDRAFT &&
		                n->consensus == FC_CONSENSUS_BFT && o->fabric.major >= 3 &&
		                n->fabric.major >= 3;
		bool kafka_raft = o->consensus == FC_CONSENSUS_KAFKA &&
		                  n->consensus == FC_CONSENSUS_ETCDRAFT && o->fabric.major == 1 &&
		                  n->fabric.major == 1;
		if ((raft_bft || kafka_raft) && !same_orderers(o, n))
			refuse(c, "plan-consensus-change", fc_plan_new_pos(c, "/consensus", "type"),
			       "consensus",
			       "%s -> %s with other orderers: the consenters stay the same during a "
			       "migration (docs/source/raft_bft_migration.md); change the orderers "
			       "in a plan of their own",
			       fc_consensus_name(o->consensus), fc_consensus_name(n->consensus));
		else if (raft_bft || kafka_raft)
			fc_plan_consensus_migration(c, fc_consensus_name(n->consensus));
		else
			refuse(c, "plan-consensus-change", fc_plan_new_pos(c, "/consensus", "type"),
			       "consensus",
			       "%s on %s -> %s on %s: Fabric migrates only etcdraft to BFT (both on "
			       "3.x) and Kafka to etcdraft (both on 1.4), each a plan of its own",
			       fc_consensus_name(o->consensus), o->fabric.text,
			       fc_consensus_name(n->consensus), n->fabric.text);
		return;
	}
	if (o->consensus == FC_CONSENSUS_KAFKA &&
	    (o->kafka.brokers != n->kafka.brokers || o->kafka.zookeepers != n->kafka.zookeepers ||
	     o->kafka.min_insync_replicas != n->kafka.min_insync_replicas ||
	     o->kafka.replication_factor != n->kafka.replication_factor))
		refuse(c, "plan-kafka-change", fc_plan_new_pos(c, "/consensus", "kafka"),
		       "consensus",
		       "the Kafka cluster of a running network does not change (migrate to etcdraft "
		       "instead)");
}

/* ---- organizations -------------------------------------------------------------- */

/* The NEW organization that OLD's o became under another name, or NULL. */
static const struct fc_org *renamed_org(struct plan_ctx *c, const struct fc_org *o,
                                        const struct fc_org *orgs, size_t n,
                                        const struct fc_org *old_orgs, size_t old_n)
{
	(void)c;
	for (size_t i = 0; i < n; i++) {
		if (find_org(old_orgs, old_n, orgs[i].name))
			continue; /* it has its own OLD self */
		if (strcmp(orgs[i].msp_id, o->msp_id) == 0 ||
		    strcmp(orgs[i].domain, o->domain) == 0)
			return &orgs[i];
	}
	return NULL;
}

static bool renamed_from(const struct fc_org *n, const struct fc_org *old_orgs, size_t old_n,
                         const struct fc_org *new_orgs, size_t new_n)
{
	for (size_t i = 0; i < old_n; i++) {
		if (find_org(new_orgs, new_n, old_orgs[i].name))
			continue;
		if (strcmp(old_orgs[i].msp_id, n->msp_id) == 0 ||
		    strcmp(old_orgs[i].domain, n->domain) == 0)
			return true;
	}
	return false;
}

static void removal_refused(struct plan_ctx *c, const char *subject, const char *what,
                            const char *pointer)
{
	refuse(c, "plan-removal", fc_plan_new_pos(c, pointer, NULL), subject,
	       "%s is removed: it holds data (a ledger, keys); pass --allow-removal to remove it",
	       what);
}

static void removed_org(struct plan_ctx *c, const struct fc_org *o)
{
	const char *list = o->kind == FC_ORG_PEER ? "/peerOrganizations" : "/ordererOrganizations";
	const char *what = fc_arena_printf(c->arena, "'%s' (%s)", o->name, o->msp_id);
	if (!c->opt->allow_removal) {
		removal_refused(c, "organization", what, list);
		return;
	}
	if (o->kind == FC_ORG_ORDERER) {
		for (size_t i = 0; i < o->orderer_count; i++)
			fc_plan_remove_consenter(c, o, &o->orderers[i]);
	} else {
		for (size_t i = 0; i < c->old->channel_count; i++) {
			const struct fc_channel *ch = &c->old->channels[i];
			if (fc_model_is_member(ch, o->name) && fc_model_channel(c->new, ch->name))
				fc_plan_leave_channel(c, o, ch);
		}
	}
	fc_plan_add(
	        c, FC_PLAN_AUTOMATIC, "organization",
	        "%s is removed: helm upgrade deletes its workloads; its PersistentVolumeClaims stay",
	        what);
}

static void compare_nodes(struct plan_ctx *c, const struct fc_org *o, const struct fc_org *n)
{
	if (o->kind == FC_ORG_PEER) {
		for (size_t i = 0; i < n->peer_count; i++)
			if (!has_peer(o, n->peers[i].name))
				fc_plan_add(c, FC_PLAN_AUTOMATIC, "peers", "%s gets %s (%s)",
				            n->name, n->peers[i].name, n->peers[i].host);
		for (size_t i = 0; i < o->peer_count; i++) {
			if (has_peer(n, o->peers[i].name))
				continue;
			const char *what = fc_arena_printf(c->arena, "peer '%s' of '%s'",
			                                   o->peers[i].name, o->name);
			if (!c->opt->allow_removal)
				removal_refused(c, "peers", what, n->pointer);
			else
				fc_plan_add(
				        c, FC_PLAN_AUTOMATIC, "peers",
				        "%s is removed: helm upgrade deletes its StatefulSet; its "
				        "PersistentVolumeClaim stays",
				        what);
		}
		return;
	}
	for (size_t i = 0; i < n->orderer_count; i++) {
		if (has_orderer(o, n->orderers[i].name))
			continue;
		/* 1.4: no osnadmin, the system channel's consenters too (a step) */
		bool v1 = c->new->fabric.major == 1;
		struct fc_plan_change *chg = fc_plan_add(
		        c, v1 ? FC_PLAN_STEP : FC_PLAN_AUTOMATIC, "orderers",
		        v1 ? "%s gets %s (%s): it starts; making it a consenter of the system channel "
		             "and of every channel is by hand on 1.4"
		           : "%s gets %s (%s): joined as a follower, then "
		             "made a consenter on every channel",
		        n->name, n->orderers[i].name, n->orderers[i].host);
		fc_plan_sign_orderer(c, chg, NULL);
		if (v1)
			fc_plan_command(
			        c, chg,
			        "# after helm upgrade RELEASE NEW.tgz: its consenter into the "
			        "system channel, then into each channel, one config update at a "
			        "time (Fabric's docs/source/raft_configuration.md at v1.4.12, "
			        "Reconfiguration)");
	}
	for (size_t i = 0; i < o->orderer_count; i++)
		if (!has_orderer(n, o->orderers[i].name))
			fc_plan_remove_consenter(c, o, &o->orderers[i]);
}

static void compare_org_pair(struct plan_ctx *c, const struct fc_org *o, const struct fc_org *n)
{
	if (strcmp(o->msp_id, n->msp_id) != 0)
		refuse(c, "plan-rename-msp-id", n->msp_pos, "organization",
		       "the MSP ID of '%s' changes from %s to %s: a new identity, not a change",
		       n->name, o->msp_id, n->msp_id);
	if (strcmp(o->domain, n->domain) != 0)
		refuse(c, "plan-rename-domain", fc_plan_new_pos(c, n->pointer, "domain"),
		       "organization",
		       "the domain of '%s' changes from %s to %s: its keys and certificates would be "
		       "regenerated",
		       n->name, o->domain, n->domain);
	if (o->kind == FC_ORG_PEER && o->state_db != n->state_db)
		refuse(c, "plan-state-database", fc_plan_new_pos(c, n->pointer, "stateDatabase"),
		       "organization",
		       "the state database of '%s' changes from %s to %s: the peers' world state "
		       "does not move from one to the other",
		       n->name, o->state_db == FC_STATE_DB_COUCHDB ? "CouchDB" : "LevelDB",
		       n->state_db == FC_STATE_DB_COUCHDB ? "CouchDB" : "LevelDB");
	compare_nodes(c, o, n);
	if (o->ca != n->ca || o->cli != n->cli)
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "organization", "%s: CA %s, CLI pod %s", n->name,
		            n->ca ? "on" : "off", n->cli ? "on" : "off");
}

static void compare_orgs(struct plan_ctx *c, const struct fc_org *old_orgs, size_t old_n,
                         const struct fc_org *new_orgs, size_t new_n)
{
	for (size_t i = 0; i < old_n; i++) {
		const struct fc_org *o = &old_orgs[i];
		const struct fc_org *n = find_org(new_orgs, new_n, o->name);
		if (n) {
			compare_org_pair(c, o, n);
			continue;
		}
		n = renamed_org(c, o, new_orgs, new_n, old_orgs, old_n);
		if (n)
			refuse(c, "plan-rename-organization", n->name_pos, "organization",
			       "'%s' is renamed '%s': a new identity, not a change (namespace %s)",
			       o->name, n->name, o->namespace);
		else
			removed_org(c, o);
	}
	for (size_t i = 0; i < new_n; i++) {
		const struct fc_org *n = &new_orgs[i];
		if (find_org(old_orgs, old_n, n->name) ||
		    renamed_from(n, old_orgs, old_n, new_orgs, new_n))
			continue;
		struct fc_strbuf sb = FC_STRBUF_INIT;
		size_t count = n->kind == FC_ORG_PEER ? n->peer_count : n->orderer_count;
		for (size_t j = 0; j < count; j++)
			fc_strbuf_addf(&sb, "%s%s", j ? ", " : "",
			               n->kind == FC_ORG_PEER ? n->peers[j].name
			                                      : n->orderers[j].name);
		if (n->kind == FC_ORG_ORDERER)
			fc_plan_add_orderer_org(c, n, sb.buf);
		else
			fc_plan_add(c, FC_PLAN_AUTOMATIC, "organization",
			            "%s (%s) is added with %s", n->name, n->msp_id, sb.buf);
		fc_strbuf_release(&sb);
	}
}

/* ---- channels ----------------------------------------------------------------------- */

/* Is NEW's peer organization named name a renamed one of OLD (refused)? */
static bool renamed_peer_org(struct plan_ctx *c, const char *name)
{
	const struct fc_org *n = find_org(c->new->peer_orgs, c->new->peer_org_count, name);
	return n && !find_org(c->old->peer_orgs, c->old->peer_org_count, name) &&
	       renamed_from(n, c->old->peer_orgs, c->old->peer_org_count, c->new->peer_orgs,
	                    c->new->peer_org_count);
}

static bool same_members(const struct fc_channel *a, const struct fc_channel *b)
{
	if (a->member_count != b->member_count)
		return false;
	for (size_t i = 0; i < a->member_count; i++)
		if (!fc_model_is_member(b, a->members[i]->name))
			return false;
	return true;
}

/* "peer0, peer1" of org's anchor peers on ch ("none" when it has none). */
static const char *anchors_of(struct plan_ctx *c, const struct fc_channel *ch, const char *org)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; ch && i < ch->anchor_count; i++)
		if (strcmp(ch->anchors[i].org->name, org) == 0)
			fc_strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", ch->anchors[i].peer->name);
	const char *s = fc_arena_strdup(c->arena, sb.len ? sb.buf : "none");
	fc_strbuf_release(&sb);
	return s;
}

static void compare_channel_pair(struct plan_ctx *c, const struct fc_channel *o,
                                 const struct fc_channel *n)
{
	for (size_t i = 0; i < n->member_count; i++) {
		const struct fc_org *m = n->members[i];
		if (fc_model_is_member(o, m->name) || renamed_peer_org(c, m->name))
			continue;
		struct fc_plan_change *chg =
		        fc_plan_add(c, FC_PLAN_AUTOMATIC, "channel", "%s (%s) joins '%s'", m->name,
		                    m->msp_id, n->name);
		fc_plan_sign_application(c, chg, o);
	}
	for (size_t i = 0; i < o->member_count; i++) {
		const struct fc_org *m = o->members[i];
		if (fc_model_is_member(n, m->name))
			continue;
		/* an organization removed altogether is its own change */
		const struct fc_org *still =
		        find_org(c->new->peer_orgs, c->new->peer_org_count, m->name);
		if (still)
			fc_plan_leave_channel(c, m, o);
	}
	for (size_t i = 0; i < n->member_count; i++) {
		const struct fc_org *m = n->members[i];
		if (renamed_peer_org(c, m->name))
			continue;
		const char *was = anchors_of(c, fc_model_is_member(o, m->name) ? o : NULL, m->name);
		const char *now = anchors_of(c, n, m->name);
		if (strcmp(was, now) == 0)
			continue;
		struct fc_plan_change *chg =
		        fc_plan_add(c, FC_PLAN_AUTOMATIC, "anchor peers", "%s on '%s': %s -> %s",
		                    m->name, n->name, was, now);
		chg->channel = n->name;
		struct fc_org *self = (struct fc_org *)m;
		fc_plan_signers_of(
		        c, &chg->signers[0],
		        fc_arena_printf(c->arena, "/Channel/Application/%s/Admins", m->msp_id),
		        &self, 1, true);
		chg->signer_sets = 1;
	}
}

static void compare_channels(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	for (size_t i = 0; i < o->channel_count; i++) {
		const struct fc_channel *oc = &o->channels[i];
		const struct fc_channel *nc = fc_model_channel(n, oc->name);
		if (nc) {
			compare_channel_pair(c, oc, nc);
			continue;
		}
		const struct fc_channel *renamed = NULL;
		for (size_t j = 0; j < n->channel_count && !renamed; j++)
			if (!fc_model_channel(o, n->channels[j].name) &&
			    same_members(oc, &n->channels[j]))
				renamed = &n->channels[j];
		if (renamed) {
			refuse(c, "plan-rename-channel", renamed->pos, "channel",
			       "'%s' is renamed '%s': a channel's name is its identity (a new channel "
			       "with a new genesis block)",
			       oc->name, renamed->name);
			continue;
		}
		const char *what = fc_arena_printf(c->arena, "'%s'", oc->name);
		if (!c->opt->allow_removal) {
			removal_refused(c, "channel", what, "/channels");
			continue;
		}
		fc_plan_remove_channel(c, oc);
	}
	for (size_t i = 0; i < n->channel_count; i++) {
		const struct fc_channel *nc = &n->channels[i];
		if (fc_model_channel(o, nc->name))
			continue;
		bool renamed = false;
		for (size_t j = 0; j < o->channel_count; j++)
			renamed |= !fc_model_channel(n, o->channels[j].name) &&
			           same_members(&o->channels[j], nc);
		if (renamed)
			continue;
		struct fc_strbuf sb = FC_STRBUF_INIT;
		for (size_t j = 0; j < nc->member_count; j++)
			fc_strbuf_addf(&sb, "%s%s", j ? ", " : "", nc->members[j]->name);
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "channel", "'%s' is created with %s", nc->name,
		            sb.buf);
		fc_strbuf_release(&sb);
	}
}

/* ---- chaincodes ------------------------------------------------------------------- */

static const struct fc_chaincode *find_chaincode(const struct fc_network *net, const char *name)
{
	for (size_t i = 0; i < net->chaincode_count; i++)
		if (strcmp(net->chaincodes[i].name, name) == 0)
			return &net->chaincodes[i];
	return NULL;
}

static bool same_collections(const struct fc_chaincode *a, const struct fc_chaincode *b)
{
	if (a->collection_count != b->collection_count)
		return false;
	for (size_t i = 0; i < a->collection_count; i++) {
		const struct fc_collection *x = &a->collections[i], *y = &b->collections[i];
		if (strcmp(x->name, y->name) != 0 || strcmp(x->policy, y->policy) != 0 ||
		    x->required_peer_count != y->required_peer_count ||
		    x->max_peer_count != y->max_peer_count ||
		    x->block_to_live != y->block_to_live ||
		    x->member_only_read != y->member_only_read ||
		    x->member_only_write != y->member_only_write)
			return false;
	}
	return true;
}

static bool same_channels(const struct fc_chaincode *a, const struct fc_chaincode *b)
{
	if (a->channel_count != b->channel_count)
		return false;
	for (size_t i = 0; i < a->channel_count; i++)
		if (strcmp(a->channels[i]->name, b->channels[i]->name) != 0)
			return false;
	return true;
}

/* The definition Fabric's lifecycle compares (sequence apart). */
static bool same_definition(const struct fc_chaincode *a, const struct fc_chaincode *b)
{
	return strcmp(a->version, b->version) == 0 &&
	       same(a->signature_policy, b->signature_policy) &&
	       same(a->channel_config_policy, b->channel_config_policy) &&
	       a->init_required == b->init_required && same_collections(a, b);
}

/* What goes into the package besides the server's name (ccpackage.c:
 * connection.json's address port, dial_timeout and tls_required): another
 * package is another package ID, and the chart runs one server and one
 * package per sequence. */
static bool same_package(const struct fc_chaincode *a, const struct fc_chaincode *b)
{
	return a->port == b->port && strcmp(a->dial_timeout, b->dial_timeout) == 0 &&
	       a->tls_required == b->tls_required;
}

/* A chaincode definition approved on each of its channels: the members'
 * approvals that /Channel/Application/LifecycleEndorsement needs. */
static void approvals(struct plan_ctx *c, struct fc_plan_change *chg, const struct fc_chaincode *cc)
{
	const struct fc_channel *ch = cc->channels[0];
	chg->channel = ch->name;
	chg->approvals_policy = "/Channel/Application/LifecycleEndorsement";
	fc_plan_signers_of(c, &chg->signers[0], "/Channel/Application/LifecycleEndorsement",
	                   ch->members, ch->member_count, false);
	chg->signers[0].rule = "MAJORITY Endorsement";
	chg->signer_sets = 1;
}

static void compare_chaincodes(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	for (size_t i = 0; i < o->chaincode_count; i++) {
		const struct fc_chaincode *oc = &o->chaincodes[i];
		const struct fc_chaincode *nc = find_chaincode(n, oc->name);
		if (!nc) {
			const char *what = fc_arena_printf(c->arena, "chaincode '%s'", oc->name);
			if (!c->opt->allow_removal)
				removal_refused(c, "chaincode", what, "/chaincodes");
			else
				fc_plan_add(
				        c, FC_PLAN_AUTOMATIC, "chaincode",
				        "%s is removed: its servers go; its definition stays committed (Fabric "
				        "removes none)",
				        what);
			continue;
		}
		struct fc_pos seq_pos = fc_plan_new_pos(c, nc->pointer, "sequence");
		if (!same_channels(oc, nc)) {
			refuse(c, "plan-chaincode-channels",
			       fc_plan_new_pos(c, nc->pointer, "channels"), "chaincode",
			       "'%s' moves to other channels: define it there under a new name",
			       nc->name);
			continue;
		}
		if (nc->sequence < oc->sequence) {
			refuse(c, "plan-sequence-lowered", seq_pos, "chaincode",
			       "the sequence of '%s' is lowered from %u to %u: Fabric takes only %u next",
			       nc->name, oc->sequence, nc->sequence, oc->sequence + 1);
			continue;
		}
		if (nc->sequence > oc->sequence + 1 ||
		    (nc->sequence == oc->sequence && !same_definition(oc, nc))) {
			refuse(c, "plan-chaincode-sequence", seq_pos, "chaincode",
			       "'%s' %s sequence %u: Fabric takes a new definition only as sequence "
			       "%u",
			       nc->name,
			       nc->sequence == oc->sequence ? "changes its definition but keeps"
			                                    : "jumps to",
			       nc->sequence, oc->sequence + 1);
			continue;
		}
		if (nc->sequence == oc->sequence && !same_package(oc, nc)) {
			refuse(c, "plan-chaincode-sequence", seq_pos, "chaincode",
			       "'%s' changes its package (server port or dial timeout) but keeps "
			       "sequence %u: the chart runs one server and one package per sequence; "
			       "make it %u",
			       nc->name, nc->sequence, oc->sequence + 1);
			continue;
		}
		if (nc->sequence == oc->sequence + 1) {
			struct fc_plan_change *chg =
			        fc_plan_add(c, FC_PLAN_AUTOMATIC, "chaincode",
			                    "'%s' %s -> %s, sequence %u -> %u", nc->name,
			                    oc->version, nc->version, oc->sequence, nc->sequence);
			approvals(c, chg, nc);
		}
		if (strcmp(oc->image, nc->image) != 0)
			fc_plan_add(c, FC_PLAN_AUTOMATIC, "chaincode",
			            "'%s' servers: image %s -> %s", nc->name, oc->image, nc->image);
	}
	for (size_t i = 0; i < n->chaincode_count; i++) {
		const struct fc_chaincode *nc = &n->chaincodes[i];
		if (find_chaincode(o, nc->name))
			continue;
		struct fc_plan_change *chg = fc_plan_add(c, FC_PLAN_AUTOMATIC, "chaincode",
		                                         "'%s' %s (sequence %u) is defined",
		                                         nc->name, nc->version, nc->sequence);
		approvals(c, chg, nc);
	}
}

/* ---- settings ---------------------------------------------------------------------- */

static void compare_batch(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (!same(o->batch.timeout, n->batch.timeout))
		fc_strbuf_addf(&sb, "%stimeout %s -> %s", sb.len ? ", " : "", o->batch.timeout,
		               n->batch.timeout);
	if (o->batch.max_message_count != n->batch.max_message_count)
		fc_strbuf_addf(&sb, "%smaxMessageCount %u -> %u", sb.len ? ", " : "",
		               o->batch.max_message_count, n->batch.max_message_count);
	if (!same(o->batch.absolute_max_bytes, n->batch.absolute_max_bytes))
		fc_strbuf_addf(&sb, "%sabsoluteMaxBytes %s -> %s", sb.len ? ", " : "",
		               o->batch.absolute_max_bytes, n->batch.absolute_max_bytes);
	if (!same(o->batch.preferred_max_bytes, n->batch.preferred_max_bytes))
		fc_strbuf_addf(&sb, "%spreferredMaxBytes %s -> %s", sb.len ? ", " : "",
		               o->batch.preferred_max_bytes, n->batch.preferred_max_bytes);
	if (sb.len) {
		struct fc_plan_change *chg =
		        fc_plan_add(c, FC_PLAN_AUTOMATIC, "batch", "%s on every channel", sb.buf);
		fc_plan_sign_orderer(c, chg, NULL);
	}
	fc_strbuf_release(&sb);
}

/* major.minor of a tag "X.Y.Z..." in *mm; false when it is no such tag. */
static bool tag_minor(const char *tag, unsigned *major, unsigned *minor)
{
	unsigned a = 0, b = 0;
	const char *s = tag;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		a = a * 10 + (unsigned)(*s++ - '0');
	if (*s++ != '.' || *s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		b = b * 10 + (unsigned)(*s++ - '0');
	*major = a;
	*minor = b;
	return true;
}

static void compare_images(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	bool fabric_line = o->fabric.major == n->fabric.major && o->fabric.minor == n->fabric.minor;
	if (!fabric_line)
		return; /* the upgrade step changes them */
	for (int k = 0; k < FC_COMPONENT_COUNT; k++) {
		const struct fc_image *a = &o->images[k], *b = &n->images[k];
		if (!a->repository || !b->repository ||
		    (same(a->repository, b->repository) && same(a->tag, b->tag)))
			continue;
		const char *key = fc_component_key((enum fc_component)k);
		bool fabric_image = k == FC_COMPONENT_PEER || k == FC_COMPONENT_ORDERER ||
		                    k == FC_COMPONENT_TOOLS;
		/* the Fabric version's own tags: the "fabric" change says it */
		if (fabric_image && same(a->tag, o->fabric.text) && same(b->tag, n->fabric.text) &&
		    same(a->repository, b->repository))
			continue;
		unsigned ma, mi;
		if (fabric_image && b->tag && tag_minor(b->tag, &ma, &mi) &&
		    (ma != n->fabric.major || mi != n->fabric.minor)) {
			refuse(c, "plan-image-minor", fc_plan_new_pos(c, "/fabric/images", key),
			       "images",
			       "%s %s:%s leaves Fabric %u.%u: change fabric.version instead (an "
			       "upgrade is a step of its own)",
			       key, b->repository, b->tag, n->fabric.major, n->fabric.minor);
			continue;
		}
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "images", "%s %s:%s -> %s:%s", key, a->repository,
		            a->tag ? a->tag : "", b->repository, b->tag ? b->tag : "");
	}
}

static void resource_field(struct fc_strbuf *sb, const char *name, const char *a, const char *b)
{
	if (!same(a, b))
		fc_strbuf_addf(sb, "%s%s %s -> %s", sb->len ? ", " : "", name, a ? a : "none",
		               b ? b : "none");
}

static void compare_resources(struct plan_ctx *c)
{
	for (int k = 0; k < FC_COMPONENT_COUNT; k++) {
		const struct fc_resources *a = &c->old->resources[k], *b = &c->new->resources[k];
		struct fc_strbuf sb = FC_STRBUF_INIT;
		resource_field(&sb, "requests.cpu", a->request_cpu, b->request_cpu);
		resource_field(&sb, "requests.memory", a->request_memory, b->request_memory);
		resource_field(&sb, "limits.cpu", a->limit_cpu, b->limit_cpu);
		resource_field(&sb, "limits.memory", a->limit_memory, b->limit_memory);
		if (sb.len)
			fc_plan_add(c, FC_PLAN_AUTOMATIC, "resources", "%s: %s",
			            fc_component_key((enum fc_component)k), sb.buf);
		fc_strbuf_release(&sb);
	}
}

static void compare_storage(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	bool sizes = true;
	for (int k = 0; k < FC_COMPONENT_COUNT; k++)
		sizes &= same(o->storage.sizes[k], n->storage.sizes[k]);
	if (o->storage.kind != n->storage.kind ||
	    !same(o->storage.storage_class, n->storage.storage_class) ||
	    !same(o->storage.nfs_server, n->storage.nfs_server) ||
	    !same(o->storage.nfs_path, n->storage.nfs_path) ||
	    !same(o->storage.organization_size, n->storage.organization_size) || !sizes)
		refuse(c, "plan-storage-change", fc_plan_new_pos(c, "", "storage"), "storage",
		       "the volumes of running StatefulSets do not change (Kubernetes keeps "
		       "volumeClaimTemplates as they were created)");
}

static void compare_exposure(struct plan_ctx *c)
{
	const struct fc_network *o = c->old, *n = c->new;
	if (o->exposure != n->exposure)
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "exposure", "Services %s -> %s",
		            fc_exposure_name(o->exposure), fc_exposure_name(n->exposure));
	else if (memcmp(&o->node_port, &n->node_port, sizeof(o->node_port)) != 0 ||
	         o->ca_external != n->ca_external || o->client_cidr_count != n->client_cidr_count)
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "exposure",
		            "NodePorts and external Services change");
	bool cidrs = o->node_cidr_count == n->node_cidr_count;
	for (size_t i = 0; cidrs && i < o->node_cidr_count; i++)
		cidrs = strcmp(o->node_cidrs[i], n->node_cidrs[i]) == 0;
	if (o->network_policies != n->network_policies || !cidrs ||
	    o->explorer_external != n->explorer_external ||
	    !same(o->monitoring_namespace, n->monitoring_namespace))
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "isolation", "NetworkPolicies change");
	if (o->explorer != n->explorer)
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "explorer", "%s",
		            n->explorer ? "added" : "removed");
	if (!same(o->ca_version, n->ca_version))
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "images", "Fabric CA %s -> %s", o->ca_version,
		            n->ca_version);
	if (!same(o->pull_policy, n->pull_policy))
		fc_plan_add(c, FC_PLAN_AUTOMATIC, "images", "pull policy %s -> %s", o->pull_policy,
		            n->pull_policy);
}

void fc_plan_compare(struct fc_arena *arena, const struct fc_compile_result *old_net,
                     const struct fc_compile_result *new_net, const struct fc_plan_options *opt,
                     struct fc_plan *plan, struct fc_diags *diags)
{
	memset(plan, 0, sizeof(*plan));
	struct plan_ctx c = {
	        arena, diags, opt, old_net->network, new_net->network, new_net->document,
	        NULL,  plan};
	c.new_file = new_net->document ? new_net->document->pos.file : NULL;
	compare_network(&c);
	compare_fabric(&c);
	compare_consensus(&c);
	compare_orgs(&c, c.old->orderer_orgs, c.old->orderer_org_count, c.new->orderer_orgs,
	             c.new->orderer_org_count);
	compare_orgs(&c, c.old->peer_orgs, c.old->peer_org_count, c.new->peer_orgs,
	             c.new->peer_org_count);
	compare_channels(&c);
	compare_chaincodes(&c);
	compare_batch(&c);
	compare_images(&c);
	compare_resources(&c);
	compare_storage(&c);
	compare_exposure(&c);
}

int fc_plan_topologies(struct fc_arena *arena, const char *old_file, const char *old_text,
                       size_t old_len, const char *new_file, const char *new_text, size_t new_len,
                       const struct fc_plan_options *opt, struct fc_plan *plan,
                       struct fc_diags *diags)
{
	memset(plan, 0, sizeof(*plan));
	struct fc_compile_options copt = {.goal = FC_GOAL_VALIDATE};
	struct fc_compile_result old_res = {0}, new_res = {0};
	fc_strbuf_init(&old_res.archive);
	fc_strbuf_init(&new_res.archive);
	int a = fc_compile(arena, old_file, old_text, old_len, &copt, &old_res, diags);
	/* the same file twice: compiled once, so each diagnostic is reported once */
	bool same_file = strcmp(old_file, new_file) == 0 && old_len == new_len &&
	                 memcmp(old_text, new_text, old_len) == 0;
	int b = a;
	if (same_file) {
		new_res.document = old_res.document;
		new_res.network = old_res.network;
	} else {
		b = fc_compile(arena, new_file, new_text, new_len, &copt, &new_res, diags);
	}
	fc_strbuf_release(&old_res.archive);
	fc_strbuf_release(&new_res.archive);
	if (a != 0 || b != 0)
		return -1;
	fc_plan_compare(arena, &old_res, &new_res, opt, plan, diags);
	return 0;
}

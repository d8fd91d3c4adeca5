/*
 * chaincode - the topology's chaincodes; see chaincode.h.
 *
 * Fabric's rules, read at v2.5.12 and v3.1.1:
 *   core/chaincode/lifecycle/scc.go   names, versions, system chaincode names,
 *                                     collection names, counts, member policy
 *   common/policydsl/policyparser.go  the policy language (fabpolicy.c)
 *   core/chaincode/persistence/chaincode_package.go  LabelRegexp (the label
 *                                     <name>_<version> always matches it:
 *                                     both parts are of its characters)
 */
#include "chaincode.h"

#include <string.h>

struct reader {
	struct fc_arena *arena;
	struct fc_diags *diags;
	struct fc_network *net;
};

static const struct fc_node *get_kind(const struct fc_node *map, const char *key,
                                      enum fc_node_kind kind)
{
	const struct fc_node *n = fc_node_get(map, key);
	return n && n->kind == kind ? n : NULL;
}

static const char *get_text(const struct fc_node *map, const char *key, const char *fallback)
{
	const struct fc_node *n = fc_node_get(map, key);
	/* a version may be written as a number (1.0): its text as written */
	return n && (n->kind == FC_NODE_STRING || n->kind == FC_NODE_INT ||
	             n->kind == FC_NODE_FLOAT)
	               ? n->text
	               : fallback;
}

static uint64_t get_count(const struct fc_node *map, const char *key, uint64_t fallback)
{
	const struct fc_node *n = get_kind(map, key, FC_NODE_INT);
	return n && n->integer >= 0 ? (uint64_t)n->integer : fallback;
}

static bool get_bool(const struct fc_node *map, const char *key, bool fallback)
{
	const struct fc_node *n = get_kind(map, key, FC_NODE_BOOL);
	return n ? n->boolean : fallback;
}

static const char *ptr(struct reader *r, const char *base, const char *key)
{
	return fc_pointer_key(r->arena, base, key, strlen(key));
}

/* The position of byte offset of a string node's text: exact when the
 * string stands verbatim on one line (doc.h, text_column), else the node's. */
static struct fc_pos pos_at(const struct fc_node *n, size_t offset)
{
	struct fc_pos pos = n->pos;
	if (!n->text_column || offset > n->len)
		return pos;
	unsigned col = n->text_column;
	for (size_t i = 0; i < offset; i++)
		col += ((unsigned char)n->text[i] & 0xc0) != 0x80;
	pos.col = col;
	return pos;
}

static const struct fc_org *find_peer_org(const struct fc_network *net, const char *name)
{
	for (size_t i = 0; i < net->peer_org_count; i++)
		if (strcmp(net->peer_orgs[i].name, name) == 0)
			return &net->peer_orgs[i];
	return NULL;
}

static const struct fc_org *org_of_msp(const struct fc_network *net, const char *msp_id)
{
	for (size_t i = 0; i < net->peer_org_count; i++)
		if (strcmp(net->peer_orgs[i].msp_id, msp_id) == 0)
			return &net->peer_orgs[i];
	return NULL;
}

/* ---- policies ----------------------------------------------------------------- */

/* Parses the policy string node n; a syntax error is [policy-syntax] at its
 * character.  NULL on error. */
static struct fc_fabpolicy *parse_policy(struct reader *r, const struct fc_node *n,
                                         const char *pointer, const char *what)
{
	struct fc_fabpolicy *p;
	struct fc_fabpolicy_error err;
	if (fc_fabpolicy_parse(r->arena, n->text, n->len, &p, &err) == 0)
		return p;
	fc_diag_error(r->diags, "policy-syntax", pos_at(n, err.offset), pointer,
	              "%s: %s (at character %zu of the policy)", what, err.message, err.offset + 1);
	return NULL;
}

struct member_check {
	struct reader *r;
	const struct fc_chaincode *cc;
	const struct fc_node *node;
	const char *pointer;
	const char *code;
	const char *what; /* "endorsement policy of chaincode 'x'" */
};

/* Each principal's MSP ID must be a member of every channel of the chaincode. */
static bool check_member(void *ctx, const struct fc_fabpolicy *principal)
{
	struct member_check *c = ctx;
	const struct fc_org *org = org_of_msp(c->r->net, principal->msp_id);
	for (size_t i = 0; i < c->cc->channel_count; i++) {
		const struct fc_channel *ch = c->cc->channels[i];
		if (org && fc_model_channel_member(ch, org))
			continue;
		fc_diag_error(c->r->diags, c->code, pos_at(c->node, principal->offset), c->pointer,
		              "%s names '%s', which is not the MSP ID of a member of channel '%s'",
		              c->what, principal->msp_id, ch->name);
	}
	return true;
}

static bool check_running(void *ctx, const struct fc_fabpolicy *principal)
{
	struct member_check *c = ctx;
	const struct fc_org *org = org_of_msp(c->r->net, principal->msp_id);
	if (!org)
		return true; /* reported by check_member */
	for (size_t i = 0; i < c->cc->org_count; i++)
		if (c->cc->orgs[i].org == org)
			return true;
	fc_diag_warning(c->r->diags, "endorsement-policy-not-running",
	                pos_at(c->node, principal->offset), c->pointer,
	                "%s names '%s', but organization '%s' does not run the chaincode: its "
	                "peers cannot endorse",
	                c->what, principal->msp_id, org->name);
	return true;
}

/* The policies of a channel's Application group, as fabcfg.c writes them. */
static const char *const channel_policies[] = {"Readers", "Writers", "Admins", "Endorsement",
                                               "LifecycleEndorsement"};
#define CHANNEL_POLICY_PREFIX "/Channel/Application/"

static void read_endorsement(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node,
                             const char *pointer)
{
	const struct fc_node *n = get_kind(node, "endorsementPolicy", FC_NODE_STRING);
	if (!n) {
		/* Fabric's default: the channel's Endorsement policy
		 * (internal/peer/lifecycle/chaincode/approveformyorg.go leaves it unset) */
		cc->channel_config_policy = CHANNEL_POLICY_PREFIX "Endorsement";
		return;
	}
	const char *pp = ptr(r, pointer, "endorsementPolicy");
	if (n->text[0] == '/') {
		cc->channel_config_policy = n->text;
		size_t plen = strlen(CHANNEL_POLICY_PREFIX);
		bool known = false;
		for (size_t i = 0; i < sizeof(channel_policies) / sizeof(channel_policies[0]); i++)
			known |= strncmp(n->text, CHANNEL_POLICY_PREFIX, plen) == 0 &&
			         strcmp(n->text + plen, channel_policies[i]) == 0;
		if (!known)
			fc_diag_error(
			        r->diags, "policy-reference-unknown", n->pos, pp,
			        "endorsement policy '%s' of chaincode '%s' names no policy of "
			        "the channel; use /Channel/Application/ and one of Readers, "
			        "Writers, Admins, Endorsement, LifecycleEndorsement",
			        n->text, cc->name);
		return;
	}
	cc->signature_policy = n->text;
	const char *what =
	        fc_arena_printf(r->arena, "endorsement policy of chaincode '%s'", cc->name);
	cc->endorsement = parse_policy(r, n, pp, what);
	if (!cc->endorsement)
		return;
	struct member_check c = {r, cc, n, pp, "endorsement-policy-non-member", what};
	fc_fabpolicy_each_principal(cc->endorsement, check_member, &c);
	fc_fabpolicy_each_principal(cc->endorsement, check_running, &c);
}

/* ---- collections ------------------------------------------------------------------ */

struct peer_count {
	const struct fc_network *net;
	const struct fc_org *seen[64];
	size_t nseen;
	size_t peers;
};

/* Counts the peers of each distinct member organization once. */
static bool count_peers(void *ctx, const struct fc_fabpolicy *principal)
{
	struct peer_count *c = ctx;
	const struct fc_org *org = org_of_msp(c->net, principal->msp_id);
	if (!org)
		return true;
	for (size_t i = 0; i < c->nseen; i++)
		if (c->seen[i] == org)
			return true;
	if (c->nseen < sizeof(c->seen) / sizeof(c->seen[0]))
		c->seen[c->nseen++] = org;
	c->peers += org->peer_count;
	return true;
}

static void read_collection(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node,
                            const char *pointer, struct fc_collection *col)
{
	col->name = get_text(node, "name", "");
	col->pos = fc_node_get(node, "name") ? fc_node_get(node, "name")->pos : node->pos;
	col->required_peer_count = (unsigned)get_count(node, "requiredPeerCount", 0);
	unsigned fallback_max = col->required_peer_count ? col->required_peer_count : 1;
	col->max_peer_count = (unsigned)get_count(node, "maxPeerCount", fallback_max);
	col->block_to_live = get_count(node, "blockToLive", 0);
	col->member_only_read = get_bool(node, "memberOnlyRead", false);
	col->member_only_write = get_bool(node, "memberOnlyWrite", false);
	if (col->max_peer_count < col->required_peer_count) {
		const struct fc_node *m = fc_node_get(node, "maxPeerCount");
		fc_diag_error(r->diags, "collection-peer-count", m ? m->pos : node->pos,
		              ptr(r, pointer, "maxPeerCount"),
		              "collection '%s' of chaincode '%s': maxPeerCount %u is below "
		              "requiredPeerCount %u",
		              col->name, cc->name, col->max_peer_count, col->required_peer_count);
	}
	const struct fc_node *n = get_kind(node, "policy", FC_NODE_STRING);
	if (!n)
		return;
	col->policy = n->text;
	const char *pp = ptr(r, pointer, "policy");
	const char *what = fc_arena_printf(r->arena, "policy of collection '%s' of chaincode '%s'",
	                                   col->name, cc->name);
	col->parsed = parse_policy(r, n, pp, what);
	if (!col->parsed)
		return;
	if (!fc_fabpolicy_is_or_only(col->parsed))
		fc_diag_error(r->diags, "collection-policy-not-or", n->pos, pp,
		              "%s is not an OR of principals; Fabric takes only OR (or OutOf(1, "
		              "...)) in a collection's member policy",
		              what);
	size_t errors = r->diags->errors;
	struct member_check c = {r, cc, n, pp, "collection-policy-non-member", what};
	fc_fabpolicy_each_principal(col->parsed, check_member, &c);
	if (r->diags->errors > errors)
		return;
	/* the endorsing peer must reach requiredPeerCount other member peers
	 * (gossip dissemination, core/common/privdata; the endorser is one of them) */
	struct peer_count pc = {.net = r->net};
	fc_fabpolicy_each_principal(col->parsed, count_peers, &pc);
	if (pc.peers && col->required_peer_count > pc.peers - 1) {
		const struct fc_node *q = fc_node_get(node, "requiredPeerCount");
		fc_diag_error(r->diags, "collection-required-peers", q ? q->pos : node->pos,
		              ptr(r, pointer, "requiredPeerCount"),
		              "collection '%s' of chaincode '%s': requiredPeerCount %u, but its "
		              "member organizations have %zu peer%s in all, the endorsing peer "
		              "among them",
		              col->name, cc->name, col->required_peer_count, pc.peers,
		              pc.peers == 1 ? "" : "s");
	}
}

static void read_collections(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node,
                             const char *pointer)
{
	const struct fc_node *list = get_kind(node, "collections", FC_NODE_SEQ);
	if (!list)
		return;
	const char *lptr = ptr(r, pointer, "collections");
	cc->collections = fc_arena_array(r->arena, list->count, sizeof(*cc->collections));
	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i]->kind != FC_NODE_MAP)
			continue;
		const char *ip = fc_pointer_index(r->arena, lptr, i);
		struct fc_collection *col = &cc->collections[cc->collection_count];
		read_collection(r, cc, list->items[i], ip, col);
		bool dup = false;
		for (size_t j = 0; j < cc->collection_count; j++)
			dup |= strcmp(cc->collections[j].name, col->name) == 0;
		if (dup) {
			fc_diag_error(r->diags, "duplicate-collection", col->pos,
			              ptr(r, ip, "name"),
			              "chaincode '%s' has two collections named '%s'", cc->name,
			              col->name);
			continue;
		}
		cc->collection_count++;
	}
}

/* ---- a chaincode -------------------------------------------------------------------- */

static void read_channels(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node,
                          const char *pointer)
{
	const struct fc_node *n = fc_node_get(node, "channels");
	const char *cptr = ptr(r, pointer, "channels");
	/* one channel name, or a list of them */
	size_t count = n && n->kind == FC_NODE_SEQ ? n->count : n ? 1 : 0;
	cc->channels = fc_arena_array(r->arena, count, sizeof(*cc->channels));
	for (size_t i = 0; i < count; i++) {
		const struct fc_node *item = n->kind == FC_NODE_SEQ ? n->items[i] : n;
		if (item->kind != FC_NODE_STRING)
			continue;
		const struct fc_channel *ch = NULL;
		for (size_t j = 0; j < r->net->channel_count; j++)
			if (strcmp(r->net->channels[j].name, item->text) == 0)
				ch = &r->net->channels[j];
		if (!ch) {
			fc_diag_error(
			        r->diags, "chaincode-unknown-channel", item->pos,
			        n->kind == FC_NODE_SEQ ? fc_pointer_index(r->arena, cptr, i) : cptr,
			        "chaincode '%s' names unknown channel '%s'", cc->name, item->text);
			continue;
		}
		cc->channels[cc->channel_count++] = ch;
	}
}

static void add_org(struct reader *r, struct fc_chaincode *cc, const struct fc_org *org)
{
	struct fc_chaincode_org *o = &cc->orgs[cc->org_count++];
	o->org = org;
	/* one server per sequence, so that the old one serves until the new definition
	 * is committed (chaincode-jobs.yaml, prune) */
	o->service = fc_arena_printf(r->arena, "%s-%s-s%u", cc->name, org->name, cc->sequence);
	o->address = fc_arena_printf(r->arena, "%s.%s.svc.%s:%u", o->service, org->namespace,
	                             r->net->cluster_domain, cc->port);
	o->package_file = fc_arena_printf(r->arena, "files/chaincode/%s.tar.gz", o->service);
}

static bool in_any_channel(const struct fc_chaincode *cc, const struct fc_org *org)
{
	for (size_t i = 0; i < cc->channel_count; i++)
		if (fc_model_channel_member(cc->channels[i], org))
			return true;
	return false;
}

static void read_orgs(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node,
                      const char *pointer)
{
	const struct fc_network *net = r->net;
	const struct fc_node *list = get_kind(node, "organizations", FC_NODE_SEQ);
	cc->orgs = fc_arena_array(r->arena, net->peer_org_count, sizeof(*cc->orgs));
	if (!list) {
		/* default: every member of its channels, in the topology's order */
		for (size_t i = 0; i < net->peer_org_count; i++)
			if (in_any_channel(cc, &net->peer_orgs[i]))
				add_org(r, cc, &net->peer_orgs[i]);
		return;
	}
	const char *lptr = ptr(r, pointer, "organizations");
	for (size_t i = 0; i < list->count; i++) {
		const struct fc_node *item = list->items[i];
		if (item->kind != FC_NODE_STRING)
			continue;
		const char *ip = fc_pointer_index(r->arena, lptr, i);
		const struct fc_org *org = find_peer_org(net, item->text);
		if (!org) {
			fc_diag_error(r->diags, "chaincode-unknown-organization", item->pos, ip,
			              "chaincode '%s' names '%s', which is not a peer organization",
			              cc->name, item->text);
			continue;
		}
		if (!in_any_channel(cc, org)) {
			fc_diag_error(
			        r->diags, "chaincode-organization-not-member", item->pos, ip,
			        "organization '%s' runs chaincode '%s' but is a member of none "
			        "of its channels",
			        item->text, cc->name);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < cc->org_count; j++)
			dup |= cc->orgs[j].org == org;
		if (!dup && cc->org_count < net->peer_org_count)
			add_org(r, cc, org);
	}
}

static void read_image(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node,
                       const char *pointer)
{
	const struct fc_node *img = get_kind(node, "image", FC_NODE_MAP);
	const char *repo = get_text(img, "repository", "");
	const char *tag = get_text(img, "tag", NULL);
	const char *digest = get_text(img, "digest", NULL);
	cc->image = fc_arena_printf(r->arena, "%s%s%s%s%s", repo, tag ? ":" : "", tag ? tag : "",
	                            digest ? "@" : "", digest ? digest : "");
	if (img && !digest)
		fc_diag_warning(r->diags, "chaincode-image-no-digest", img->pos,
		                ptr(r, pointer, "image"),
		                "the image of chaincode '%s' is named by tag only ('%s'); a digest "
		                "(image.digest: sha256:...) pins the code the peers endorse with",
		                cc->name, cc->image);
}

static void read_env(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node,
                     const char *pointer)
{
	const struct fc_node *env = get_kind(node, "env", FC_NODE_MAP);
	if (!env)
		return;
	/* what templates/chaincode.yaml sets: always, and with tls */
	static const char *const reserved[] = {"CHAINCODE_SERVER_ADDRESS", "CHAINCODE_ID",
	                                       "CORE_CHAINCODE_ID_NAME", NULL};
	static const char *const reserved_tls[] = {"CHAINCODE_TLS_DISABLED",
	                                           "CHAINCODE_TLS_CERT",
	                                           "CHAINCODE_TLS_KEY",
	                                           "CHAINCODE_CLIENT_CA_CERT",
	                                           "CORE_CHAINCODE_TLS_CERT_FILE",
	                                           "CORE_CHAINCODE_TLS_KEY_FILE",
	                                           "CORE_CHAINCODE_TLS_CLIENT_CACERT_FILE",
	                                           NULL};
	cc->env = fc_arena_array(r->arena, env->count, sizeof(*cc->env));
	for (size_t i = 0; i < env->count; i++) {
		const struct fc_pair *p = &env->pairs[i];
		const char *why = NULL;
		for (size_t k = 0; !why && reserved[k]; k++)
			if (strcmp(p->key, reserved[k]) == 0)
				why = "the server's listen address and the package ID";
		for (size_t k = 0; !why && cc->tls_required && reserved_tls[k]; k++)
			if (strcmp(p->key, reserved_tls[k]) == 0)
				why = "the server's TLS files, with tls: true";
		if (why) {
			fc_diag_error(r->diags, "chaincode-env-reserved", p->key_pos,
			              ptr(r, ptr(r, pointer, "env"), p->key),
			              "env of chaincode '%s' sets %s, which the chart sets (%s)",
			              cc->name, p->key, why);
			continue;
		}
		if (p->value->kind == FC_NODE_STRING)
			cc->env[cc->env_count++] =
			        (struct fc_chaincode_env){p->key, p->value->text};
	}
}

/* test: the query `helm test` makes, as peer chaincode query's --ctor JSON */
static void read_test(struct reader *r, struct fc_chaincode *cc, const struct fc_node *node)
{
	const struct fc_node *test = get_kind(node, "test", FC_NODE_MAP);
	const struct fc_node *query = get_kind(test, "query", FC_NODE_SEQ);
	if (!query)
		return;
	struct fc_strbuf ctor = FC_STRBUF_INIT;
	fc_strbuf_addstr(&ctor, "{\"Args\":[");
	for (size_t i = 0; i < query->count; i++) {
		const struct fc_node *arg = query->items[i];
		if (i)
			fc_strbuf_addch(&ctor, ',');
		fc_strbuf_add_json_string(&ctor, arg->text ? arg->text : "",
		                          arg->text ? arg->len : 0);
	}
	fc_strbuf_addstr(&ctor, "]}");
	cc->test_ctor = fc_arena_printf(r->arena, "%s", ctor.buf);
	fc_strbuf_release(&ctor);
	const struct fc_node *expect = get_kind(test, "expect", FC_NODE_STRING);
	cc->test_expect = expect ? expect->text : NULL;
}

static void read_chaincode(struct reader *r, const struct fc_node *node, const char *pointer,
                           struct fc_chaincode *cc)
{
	static const char *const system_names[] = {"cscc", "escc", "lscc", "qscc", "vscc"};
	const struct fc_node *name = fc_node_get(node, "name");
	cc->name = get_text(node, "name", "");
	cc->pos = name ? name->pos : node->pos;
	cc->pointer = pointer;
	for (size_t i = 0; i < sizeof(system_names) / sizeof(system_names[0]); i++)
		if (strcmp(cc->name, system_names[i]) == 0)
			fc_diag_error(r->diags, "chaincode-reserved-name", cc->pos,
			              ptr(r, pointer, "name"),
			              "'%s' is the name of a Fabric system chaincode", cc->name);
	cc->version = get_text(node, "version", "");
	cc->sequence = (unsigned)get_count(node, "sequence", 1);
	cc->label = fc_arena_printf(r->arena, "%s_%s", cc->name, cc->version);
	cc->init_required = get_bool(node, "initRequired", false);
	cc->port = (unsigned)get_count(node, "port", FC_CHAINCODE_DEFAULT_PORT);
	cc->dial_timeout = get_text(node, "dialTimeout", FC_CHAINCODE_DEFAULT_DIAL_TIMEOUT);
	cc->tls_required = get_bool(node, "tls", false);
	read_image(r, cc, node, pointer);
	read_channels(r, cc, node, pointer);
	read_orgs(r, cc, node, pointer);
	for (size_t i = 0; i < cc->org_count; i++)
		if (strlen(cc->orgs[i].service) > 63) /* with its "-s<sequence>" */
			fc_diag_error(r->diags, "chaincode-name-too-long", cc->pos,
			              ptr(r, pointer, "name"),
			              "the Service '%s' of chaincode '%s' for organization '%s' is "
			              "over 63 characters; shorten the chaincode's name",
			              cc->orgs[i].service, cc->name, cc->orgs[i].org->name);
	read_endorsement(r, cc, node, pointer);
	read_collections(r, cc, node, pointer);
	read_env(r, cc, node, pointer);
	read_test(r, cc, node);
	const struct fc_node *res = get_kind(node, "resources", FC_NODE_MAP);
	const struct fc_node *req = get_kind(res, "requests", FC_NODE_MAP);
	const struct fc_node *lim = get_kind(res, "limits", FC_NODE_MAP);
	cc->resources = (struct fc_resources){
	        get_text(req, "cpu", "50m"), get_text(req, "memory", "64Mi"),
	        get_text(lim, "cpu", "500m"), get_text(lim, "memory", "256Mi")};
}

/* The servers' ports, after the model's in the port map (portmap.h): internal,
 * reached only by their organization's peers (policy.c, <server>-from-peers). */
static void add_ports(struct fc_arena *arena, struct fc_network *net)
{
	size_t n = net->port_count;
	for (size_t i = 0; i < net->chaincode_count; i++)
		n += net->chaincodes[i].org_count;
	struct fc_port *ports = fc_arena_array(arena, n ? n : 1, sizeof(*ports));
	for (size_t i = 0; i < net->port_count; i++)
		ports[i] = net->ports[i];
	for (size_t i = 0; i < net->chaincode_count; i++) {
		const struct fc_chaincode *cc = &net->chaincodes[i];
		for (size_t j = 0; j < cc->org_count; j++)
			ports[net->port_count++] = (struct fc_port){
			        .org = cc->orgs[j].org,
			        .service = cc->orgs[j].service,
			        .component = "chaincode",
			        .name = "chaincode",
			        .port = cc->port,
			        .pos = cc->pos,
			        .pointer = cc->pointer,
			};
	}
	net->ports = ports;
}

int fc_chaincode_build(struct fc_arena *arena, struct fc_network *net, const struct fc_node *root,
                       struct fc_diags *diags)
{
	size_t errors = diags->errors;
	const struct fc_node *list = get_kind(root, "chaincodes", FC_NODE_SEQ);
	if (!list || !list->count)
		return 0;
	if (net->fabric.major < 2) {
		fc_diag_error(
		        diags, "chaincode-unsupported", list->pos, "/chaincodes",
		        "chaincodes as a service need Fabric 2.5 or 3.x (the lifecycle and the "
		        "ccaas builder); Fabric %s has neither",
		        net->fabric.text);
		return -1;
	}
	struct reader r = {arena, diags, net};
	net->chaincodes = fc_arena_array(arena, list->count, sizeof(*net->chaincodes));
	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i]->kind != FC_NODE_MAP)
			continue;
		const char *pointer = fc_pointer_index(arena, "/chaincodes", i);
		struct fc_chaincode *cc = &net->chaincodes[net->chaincode_count];
		read_chaincode(&r, list->items[i], pointer, cc);
		bool dup = false;
		for (size_t j = 0; j < net->chaincode_count; j++)
			dup |= strcmp(net->chaincodes[j].name, cc->name) == 0;
		if (dup) {
			fc_diag_error(diags, "duplicate-chaincode", cc->pos,
			              ptr(&r, pointer, "name"), "chaincode '%s' is defined twice",
			              cc->name);
			continue;
		}
		net->chaincode_count++;
	}
	add_ports(arena, net);
	return diags->errors > errors ? -1 : 0;
}

/* ---- the chart ------------------------------------------------------------------------ */

static struct fc_node *set(struct fc_arena *arena, struct fc_node *map, const char *key,
                           struct fc_node *value, const char *comment)
{
	return fc_tree_set(arena, map, key, value, comment);
}

static struct fc_node *str(struct fc_arena *arena, const char *text)
{
	return fc_tree_str(arena, text);
}

static struct fc_node *collection_values(struct fc_arena *a, const struct fc_collection *col)
{
	struct fc_node *m = fc_tree_map(a);
	set(a, m, "name", str(a, col->name), NULL);
	set(a, m, "policy", str(a, col->policy ? col->policy : ""), "member organizations");
	set(a, m, "requiredPeerCount", fc_tree_int(a, col->required_peer_count), NULL);
	set(a, m, "maxPeerCount", fc_tree_int(a, col->max_peer_count), NULL);
	set(a, m, "blockToLive", fc_tree_int(a, (int64_t)col->block_to_live),
	    "blocks the private data lives, 0 for ever");
	set(a, m, "memberOnlyRead", fc_tree_bool(a, col->member_only_read), NULL);
	set(a, m, "memberOnlyWrite", fc_tree_bool(a, col->member_only_write), NULL);
	return m;
}

static bool channel_has(const struct fc_channel *ch, const struct fc_org *org)
{
	for (size_t m = 0; m < ch->member_count; m++)
		if (ch->members[m] == org)
			return true;
	return false;
}

/*
 * What the lifecycle Jobs are told (templates/chaincode-jobs.yaml):
 * approvals, every member of the chaincode's channels (an organization that
 * does not run it approves without a package, or the channel's MAJORITY
 * LifecycleEndorsement may never be met) with the channels it approves on;
 * commits, per channel, the organization that commits (its first member)
 * and one peer of each member to endorse the commit.
 */
static void lifecycle_values(struct fc_arena *a, const struct fc_network *net,
                             const struct fc_chaincode *cc, struct fc_node *m)
{
	struct fc_node *approvals =
	        set(a, m, "approvals", fc_tree_map(a),
	            "organizations that approve it (every member of its channels), by name");
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *org = &net->peer_orgs[i];
		struct fc_node *chs = NULL;
		for (size_t c = 0; c < cc->channel_count; c++) {
			if (!channel_has(cc->channels[c], org))
				continue;
			if (!chs) {
				struct fc_node *om =
				        set(a, approvals, org->name, fc_tree_map(a), NULL);
				set(a, om, "namespace", str(a, org->namespace), NULL);
				chs = set(a, om, "channels", fc_tree_seq(a),
				          "channels it approves on");
			}
			fc_tree_push(a, chs, str(a, cc->channels[c]->name));
		}
	}
	struct fc_node *commits = set(a, m, "commits", fc_tree_seq(a),
	                              "per channel: who commits the definition, and the peers "
	                              "that endorse the commit");
	/* in the commit Jobs' order: Helm runs hooks of one weight by name
	 * (<release>-cc-<cc>-commit-<channel>), and NOTES lists them as listed here */
	const struct fc_channel **by_name =
	        fc_arena_array(a, cc->channel_count ? cc->channel_count : 1, sizeof(*by_name));
	for (size_t c = 0; c < cc->channel_count; c++) {
		size_t k = c;
		for (; k > 0 && strcmp(by_name[k - 1]->name, cc->channels[c]->name) > 0; k--)
			by_name[k] = by_name[k - 1];
		by_name[k] = cc->channels[c];
	}
	for (size_t c = 0; c < cc->channel_count; c++) {
		const struct fc_channel *ch = by_name[c];
		const struct fc_org *first = ch->members[0];
		struct fc_node *cm = fc_tree_push(a, commits, fc_tree_map(a));
		set(a, cm, "channel", str(a, ch->name), NULL);
		set(a, cm, "organization", str(a, first->name), "its first member commits");
		set(a, cm, "namespace", str(a, first->namespace), NULL);
		set(a, cm, "members", fc_tree_int(a, (int64_t)ch->member_count),
		    "members of the channel (the MAJORITY of LifecycleEndorsement)");
		struct fc_node *ends = set(a, cm, "endorsers", fc_tree_seq(a),
		                           "ENDORSERS: <organization>=<address> of the first peer "
		                           "of each member");
		struct fc_node *tls = set(a, cm, "endorserOrganizations", fc_tree_seq(a),
		                          "the endorsers' organizations: the Job mounts each one's "
		                          "TLS CA (Secret peer-tlsca-<organization>)");
		struct fc_node *invokers = set(a, cm, "invokers", fc_tree_seq(a),
		                               "INVOKERS: the same, of the members that run it "
		                               "(they endorse the --isInit invoke)");
		for (size_t o = 0; o < ch->member_count; o++) {
			const struct fc_org *org = ch->members[o];
			if (!org->peer_count)
				continue;
			struct fc_node *e = str(
			        a, fc_arena_printf(a, "%s=%s", org->name, org->peers[0].address));
			fc_tree_push(a, ends, e);
			fc_tree_push(a, tls, str(a, org->name));
			for (size_t r = 0; r < cc->org_count; r++)
				if (cc->orgs[r].org == org)
					fc_tree_push(a, invokers, str(a, e->text));
		}
	}
}

static struct fc_node *chaincode_values(struct fc_arena *a, const struct fc_network *net,
                                        const struct fc_chaincode *cc)
{
	struct fc_node *m = fc_tree_map(a);
	struct fc_node *chs = set(a, m, "channels", fc_tree_seq(a), "channels it is defined on");
	for (size_t i = 0; i < cc->channel_count; i++)
		fc_tree_push(a, chs, str(a, cc->channels[i]->name));
	set(a, m, "image", str(a, cc->image), "the chaincode server's image");
	set(a, m, "version", str(a, cc->version), NULL);
	set(a, m, "sequence", fc_tree_int(a, cc->sequence), "sequence of the definition");
	set(a, m, "label", str(a, cc->label), "the packages' label");
	set(a, m, "signaturePolicy", str(a, cc->signature_policy ? cc->signature_policy : ""),
	    "endorsement policy (--signature-policy), empty when a channel policy is used");
	set(a, m, "channelConfigPolicy",
	    str(a, cc->channel_config_policy ? cc->channel_config_policy : ""),
	    "endorsement policy (--channel-config-policy), empty when a signature policy is used");
	set(a, m, "initRequired", fc_tree_bool(a, cc->init_required), NULL);
	struct fc_node *cols = set(a, m, "collections", fc_tree_seq(a), "private data collections");
	for (size_t i = 0; i < cc->collection_count; i++)
		fc_tree_push(a, cols, collection_values(a, &cc->collections[i]));
	set(a, m, "port", fc_tree_int(a, cc->port), "the server's port");
	set(a, m, "dialTimeout", str(a, cc->dial_timeout), "connection.json dial_timeout");
	set(a, m, "tlsRequired", fc_tree_bool(a, cc->tls_required), "connection.json tls_required");
	struct fc_node *test =
	        set(a, m, "test", fc_tree_map(a), "what helm test queries (the topology's test)");
	set(a, test, "ctor", str(a, cc->test_ctor ? cc->test_ctor : ""),
	    "peer chaincode query --ctor; \"\" when the topology names no query");
	set(a, test, "expect", str(a, cc->test_expect ? cc->test_expect : ""),
	    "the exact answer expected, without the final newline");
	set(a, test, "expectAnswer", fc_tree_bool(a, cc->test_expect != NULL),
	    "whether the answer is compared (the topology's expect)");
	struct fc_node *res = set(a, m, "resources", fc_tree_map(a), "the server's resources");
	struct fc_node *req = set(a, res, "requests", fc_tree_map(a), NULL);
	set(a, req, "cpu", str(a, cc->resources.request_cpu), NULL);
	set(a, req, "memory", str(a, cc->resources.request_memory), NULL);
	struct fc_node *lim = set(a, res, "limits", fc_tree_map(a), NULL);
	set(a, lim, "cpu", str(a, cc->resources.limit_cpu), NULL);
	set(a, lim, "memory", str(a, cc->resources.limit_memory), NULL);
	struct fc_node *env = set(a, m, "env", fc_tree_map(a), "the server's environment");
	for (size_t i = 0; i < cc->env_count; i++)
		set(a, env, cc->env[i].name, str(a, cc->env[i].value), NULL);
	struct fc_node *orgs =
	        set(a, m, "organizations", fc_tree_map(a), "organizations that run it, by name");
	for (size_t i = 0; i < cc->org_count; i++) {
		const struct fc_chaincode_org *o = &cc->orgs[i];
		struct fc_node *om = set(a, orgs, o->org->name, fc_tree_map(a), NULL);
		set(a, om, "namespace", str(a, o->org->namespace), NULL);
		set(a, om, "service", str(a, o->service), "the server's Service");
		set(a, om, "address", str(a, o->address), "connection.json address");
		set(a, om, "packageFile", str(a, o->package_file),
		    "the CCaaS package in the chart");
		set(a, om, "packageId", str(a, o->package_id ? o->package_id : ""),
		    "<label>:<sha256 of the package>, as peer lifecycle computes it");
	}
	lifecycle_values(a, net, cc, m);
	return m;
}

const char *fc_chaincode_next_tls_server(const struct fc_network *net, const struct fc_org *org,
                                         size_t *cursor)
{
	size_t k = 0; /* the place of (chaincode i, its organization j) in topology order */
	for (size_t i = 0; i < net->chaincode_count; i++) {
		const struct fc_chaincode *cc = &net->chaincodes[i];
		for (size_t j = 0; j < cc->org_count; j++, k++)
			if (k >= *cursor && cc->tls_required && cc->orgs[j].org == org) {
				*cursor = k + 1;
				return cc->orgs[j].service;
			}
	}
	*cursor = k;
	return NULL;
}

bool fc_chaincode_org_has_tls(const struct fc_network *net, const struct fc_org *org)
{
	size_t cursor = 0;
	return fc_chaincode_next_tls_server(net, org, &cursor) != NULL;
}

void fc_chaincode_add_values(struct fc_arena *arena, const struct fc_network *net,
                             struct fc_node *values)
{
	if (!net->chaincode_count)
		return;
	struct fc_node *m =
	        set(arena, values, "chaincodes", fc_tree_map(arena),
	            "chaincodes as a service, by name (the packages: files/chaincode/)");
	for (size_t i = 0; i < net->chaincode_count; i++)
		set(arena, m, net->chaincodes[i].name,
		    chaincode_values(arena, net, &net->chaincodes[i]), NULL);
	struct fc_node *prune = set(arena, values, "chaincodeServers", fc_tree_map(arena),
	                            "per organization that runs chaincodes: its servers of "
	                            "this chart (the prune Job deletes the release's others)");
	for (size_t k = 0; k < net->peer_org_count; k++) {
		const struct fc_org *org = &net->peer_orgs[k];
		struct fc_node *servers = NULL;
		for (size_t i = 0; i < net->chaincode_count; i++)
			for (size_t j = 0; j < net->chaincodes[i].org_count; j++) {
				const struct fc_chaincode_org *o = &net->chaincodes[i].orgs[j];
				if (o->org != org)
					continue;
				if (!servers) {
					struct fc_node *om = set(arena, prune, org->name,
					                         fc_tree_map(arena), NULL);
					set(arena, om, "namespace", str(arena, org->namespace),
					    NULL);
					servers = set(arena, om, "servers", fc_tree_seq(arena),
					              "their Deployments and Services");
				}
				fc_tree_push(arena, servers, str(arena, o->service));
			}
	}
}

void fc_chaincode_add_files(struct fc_arena *arena, const struct fc_network *net,
                            struct fc_fileset *chart)
{
	for (size_t i = 0; i < net->chaincode_count; i++)
		for (size_t j = 0; j < net->chaincodes[i].org_count; j++) {
			const struct fc_chaincode_org *o = &net->chaincodes[i].orgs[j];
			if (o->package)
				fc_fileset_add(arena, chart, o->package_file, o->package,
				               o->package_size);
		}
}

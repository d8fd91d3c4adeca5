/*
 * model - topology document to network model, with Fabric's rules.
 *
 * Reading: the document passed the topology schema, so every accessor here
 * takes the schema's shape for granted but treats any other shape as
 * absent, never as a crash.  Defaults live here (and in the schema's
 * descriptions), in one place each.
 *
 * Rules and their diagnostic codes (docs/diagnostics.md):
 *   duplicate-organization, duplicate-msp-id, duplicate-node,
 *   duplicate-channel, duplicate-channel-member, duplicate-anchor-peer,
 *   fabric-version-unsupported     not 1.4.x, 2.5.x or 3.x
 *   consensus-unsupported          consensus not available on the version
 *   consensus-orderer-count        solo with several orderers, BFT with < 4
 *   consensus-tls-required         Raft and BFT without TLS
 *   raft-no-fault-tolerance        warning: one Raft orderer
 *   raft-even-orderers             warning: an even Raft count
 *   kafka-brokers, kafka-zookeepers, kafka-replication
 *   consensus-settings-unused      warning: kafka settings without kafka
 *   batch-size                     preferredMaxBytes above absoluteMaxBytes
 *   channel-unknown-organization, channel-orderer-organization,
 *   anchor-peer-not-member, anchor-peer-unknown-peer
 *   nodeport-range                 rangeStart above rangeEnd
 *   nodeport-out-of-range, nodeport-collision, nodeport-stride
 *   isolation-no-node-cidrs        warning: exposure and policies, no node CIDRs
 *   exposure-blocked               an explorer NodePort the policies refuse
 *   ca-external-unused             warning: caExternal with ClusterIP exposure
 *   explorer-port-unused           warning: explorer port, explorer off
 *   explorer-unsupported           the explorer on Fabric 3.x
 *   chart-version-zero             chart version 0.0.0-0 (helm lint wants more)
 *
 * Kubernetes' naming rules and Fabric's identity rules on names run after
 * the model, on the inventory of the chart (k8sname.h, fabnames.h).
 */
#include "model.h"

#include "model_internal.h"
#include "fabrules.h"
#include "semver.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const component_keys[FC_COMPONENT_COUNT] = {
        [FC_COMPONENT_PEER] = "peer",
        [FC_COMPONENT_COUCHDB] = "couchdb",
        [FC_COMPONENT_ORDERER] = "orderer",
        [FC_COMPONENT_CA] = "ca",
        [FC_COMPONENT_TOOLS] = "tools",
        [FC_COMPONENT_KAFKA] = "kafka",
        [FC_COMPONENT_ZOOKEEPER] = "zookeeper",
        [FC_COMPONENT_EXPLORER] = "explorer",
        [FC_COMPONENT_EXPLORER_DB] = "explorerDb",
        [FC_COMPONENT_TEST] = "test",
        [FC_COMPONENT_KUBECTL] = "kubectl",
};

const char *fc_component_key(enum fc_component component)
{
	return component_keys[component];
}

const char *fc_consensus_name(enum fc_consensus consensus)
{
	static const char *const names[] = {"solo", "kafka", "etcdraft", "BFT"};
	return names[consensus];
}

const char *fc_exposure_name(enum fc_exposure exposure)
{
	static const char *const names[] = {"NodePort", "ClusterIP", "LoadBalancer", "Ingress"};
	return names[exposure];
}

/* the builder and the typed accessors: model_internal.h */

/* ---- versions, names -------------------------------------------------------- */

static bool parse_version(const char *text, struct fc_version *v)
{
	char *end;
	unsigned long part[3];
	const char *p = text;
	for (int i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return false;
		part[i] = strtoul(p, &end, 10);
		if (part[i] > 10000)
			return false;
		p = end;
		if (i < 2 && *p++ != '.')
			return false;
	}
	if (*p)
		return false;
	v->major = (unsigned)part[0];
	v->minor = (unsigned)part[1];
	v->patch = (unsigned)part[2];
	v->text = text;
	return true;
}

static bool version_at_least(const struct fc_version *v, unsigned major, unsigned minor,
                             unsigned patch)
{
	if (v->major != major)
		return v->major > major;
	if (v->minor != minor)
		return v->minor > minor;
	return v->patch >= patch;
}

/* ---- images and resources ---------------------------------------------------- */

static void set_default_images(struct builder *b)
{
	struct fc_network *net = b->net;
	const char *v = net->fabric.text;
	bool v1 = net->fabric.major == 1;
	struct {
		const char *repository, *tag;
	} def[FC_COMPONENT_COUNT] = {
	        [FC_COMPONENT_PEER] = {"hyperledger/fabric-peer", v},
	        [FC_COMPONENT_COUCHDB] = {"couchdb", v1 ? "3.1.1" : "3.3.3"},
	        [FC_COMPONENT_ORDERER] = {"hyperledger/fabric-orderer", v},
	        [FC_COMPONENT_CA] = {"hyperledger/fabric-ca", net->ca_version},
	        [FC_COMPONENT_TOOLS] = {"hyperledger/fabric-tools", v},
	        [FC_COMPONENT_KAFKA] = {"hyperledger/fabric-kafka", "0.4.22"},
	        [FC_COMPONENT_ZOOKEEPER] = {"hyperledger/fabric-zookeeper", "0.4.22"},
	        /* Explorer 2.0.0 added Fabric 2.5; 1.1.8 is the 1.4 line's; none runs on
	         * 3.x (explorer-unsupported) */
	        [FC_COMPONENT_EXPLORER] = {"hyperledger/explorer", v1 ? "1.1.8" : "2.0.0"},
	        [FC_COMPONENT_EXPLORER_DB] = {"hyperledger/explorer-db", v1 ? "1.1.8" : "2.0.0"},
	        [FC_COMPONENT_TEST] = {"busybox", "1.36.1"},
	        /* a shell, kubectl and busybox's coreutils (the identity Job's restore and
	         * upload steps); Bitnami removed its public versioned tags in 2025 */
	        [FC_COMPONENT_KUBECTL] = {"alpine/kubectl", "1.34.1"},
	};
	const struct fc_node *fabric = get_kind(b->root, "fabric", FC_NODE_MAP);
	const struct fc_node *images = get_kind(fabric, "images", FC_NODE_MAP);
	const char *registry = get_string(images, "registry", "");
	net->pull_policy = get_string(images, "pullPolicy", "IfNotPresent");
	for (int c = 0; c < FC_COMPONENT_COUNT; c++) {
		const struct fc_node *img = get_kind(images, component_keys[c], FC_NODE_MAP);
		const char *repo = get_string(img, "repository", def[c].repository);
		net->images[c].repository =
		        *registry ? fc_arena_printf(b->arena, "%s/%s", registry, repo) : repo;
		net->images[c].tag = get_string(img, "tag", def[c].tag);
	}
}

static void set_resources(struct builder *b)
{
	static const struct fc_resources def[FC_COMPONENT_COUNT] = {
	        [FC_COMPONENT_PEER] = {"250m", "512Mi", "1", "1Gi"},
	        [FC_COMPONENT_COUCHDB] = {"100m", "256Mi", "1", "1Gi"},
	        [FC_COMPONENT_ORDERER] = {"250m", "256Mi", "1", "1Gi"},
	        [FC_COMPONENT_CA] = {"50m", "64Mi", "500m", "256Mi"},
	        [FC_COMPONENT_TOOLS] = {"50m", "64Mi", "500m", "256Mi"},
	        [FC_COMPONENT_KAFKA] = {"250m", "1Gi", "1", "2Gi"},
	        [FC_COMPONENT_ZOOKEEPER] = {"100m", "256Mi", "500m", "512Mi"},
	        [FC_COMPONENT_EXPLORER] = {"100m", "256Mi", "1", "1Gi"},
	        [FC_COMPONENT_EXPLORER_DB] = {"100m", "256Mi", "500m", "512Mi"},
	        [FC_COMPONENT_TEST] = {"10m", "16Mi", "100m", "64Mi"},
	        [FC_COMPONENT_KUBECTL] = {"50m", "64Mi", "500m", "256Mi"},
	};
	const struct fc_node *res = get_kind(b->root, "resources", FC_NODE_MAP);
	for (int c = 0; c < FC_COMPONENT_COUNT; c++) {
		/* the topology's "cli" resources apply to the tools image's pods */
		const char *key = c == FC_COMPONENT_TOOLS ? "cli" : component_keys[c];
		const struct fc_node *r = get_kind(res, key, FC_NODE_MAP);
		const struct fc_node *req = get_kind(r, "requests", FC_NODE_MAP);
		const struct fc_node *lim = get_kind(r, "limits", FC_NODE_MAP);
		struct fc_resources *out = &b->net->resources[c];
		out->request_cpu = get_string(req, "cpu", def[c].request_cpu);
		out->request_memory = get_string(req, "memory", def[c].request_memory);
		out->limit_cpu = get_string(lim, "cpu", def[c].limit_cpu);
		out->limit_memory = get_string(lim, "memory", def[c].limit_memory);
	}
}

/* ---- organizations ------------------------------------------------------------ */

/* A name as written: where, and its JSON Pointer. */
struct name_seen {
	const char *name;
	struct fc_pos pos;
	const char *pointer;
	const struct fc_node *item; /* the node's list item; NULL for a count */
};

static int compare_seen(const void *pa, const void *pb)
{
	const struct name_seen *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	return a->pos.col < b->pos.col ? -1 : a->pos.col > b->pos.col;
}

/*
 * Reports every name given more than once, at each later occurrence, with a
 * note at the first.  what is e.g. "organization"; code the diagnostic code.
 */
static void report_duplicates(struct builder *b, struct name_seen *seen, size_t count,
                              const char *code, const char *what)
{
	qsort(seen, count, sizeof(*seen), compare_seen);
	for (size_t i = 1; i < count; i++) {
		size_t first = i - 1;
		while (i < count && strcmp(seen[i].name, seen[first].name) == 0) {
			struct fc_diag *d =
			        fc_diag_error(b->diags, code, seen[i].pos, seen[i].pointer,
			                      "%s '%s' is defined twice", what, seen[i].name);
			fc_diag_note(b->diags, d, seen[first].pos, "first defined here");
			i++;
		}
	}
}

/*
 * Reads "peers"/"orderers" (at pointer base): a count (names prefix0,
 * prefix1, ...) or a list of {name}.  Returns the names, *count of them.
 */
static struct name_seen *read_node_names(struct builder *b, const struct fc_node *spec,
                                         const char *prefix, const char *base, size_t *count)
{
	*count = 0;
	unsigned n;
	struct name_seen *names = NULL;
	if (as_whole(spec, 1000, &n) && n > 0) {
		names = fc_arena_array(b->arena, n, sizeof(*names));
		for (size_t i = 0; i < n; i++)
			names[i] = (struct name_seen){fc_arena_printf(b->arena, "%s%zu", prefix, i),
			                              spec->pos, base, NULL};
		*count = n;
	} else if (spec && spec->kind == FC_NODE_SEQ) {
		names = fc_arena_array(b->arena, spec->count, sizeof(*names));
		for (size_t i = 0; i < spec->count; i++) {
			const char *name = get_string(spec->items[i], "name", NULL);
			if (name)
				names[(*count)++] = (struct name_seen){
				        name, pos_of(spec->items[i], "name"),
				        ptr(b, fc_pointer_index(b->arena, base, i), "name"),
				        spec->items[i]};
		}
	}
	return names;
}

/* A node's externalHost: its list item's, else its organization's (org_ext). */
static struct fc_external node_external(struct builder *b, const struct name_seen *node,
                                        const struct fc_external *org_ext)
{
	const char *host = get_string(node->item, "externalHost", NULL);
	if (!host)
		return *org_ext;
	/* node->pointer is the item's ".../name" */
	size_t len = strlen(node->pointer) - strlen("name");
	const char *pointer =
	        fc_arena_printf(b->arena, "%.*sexternalHost", (int)len, node->pointer);
	return (struct fc_external){host, NULL, pos_of(node->item, "externalHost"), pointer};
}

static void read_org(struct builder *b, const struct fc_node *node, struct fc_org *org,
                     enum fc_org_kind kind, unsigned index, const char *pointer)
{
	struct fc_network *net = b->net;
	org->kind = kind;
	org->index = index;
	org->pos = node->pos;
	org->pointer = pointer;
	org->name = get_string(node, "name", "");
	org->name_pos = pos_of(node, "name");
	org->msp_id = get_string(node, "mspId", "");
	org->msp_pos = pos_of(node, "mspId");
	org->domain = get_string(node, "domain", "");
	org->namespace = fc_arena_printf(b->arena, "%s-%s", org->name, net->name);

	const char *nodes_key = kind == FC_ORG_PEER ? "peers" : "orderers";
	const char *prefix = kind == FC_ORG_PEER ? "peer" : "orderer";
	org->nodes_pos = pos_of(node, nodes_key);
	size_t count;
	struct name_seen *names = read_node_names(b, fc_node_get(node, nodes_key), prefix,
	                                          ptr(b, pointer, nodes_key), &count);
	/* with fabric-ca every organization enrolls its own: a CA unless it says no
	 * (which read_identities refuses) */
	org->ca = get_bool(node, "ca",
	                   kind == FC_ORG_PEER || net->identities == FC_IDENTITIES_FABRIC_CA);
	org->ca_pos = pos_of(node, "ca");
	struct name_seen *seen = fc_xcalloc(count ? count : 1, sizeof(*seen));
	if (count)
		memcpy(seen, names, count * sizeof(*seen));
	report_duplicates(b, seen, count, "duplicate-node", prefix);
	free(seen);
	/* externalHost: the node's own, else the organization's (model_ports.c checks it) */
	struct fc_external org_ext = {get_string(node, "externalHost", NULL), NULL,
	                              pos_of(node, "externalHost"),
	                              ptr(b, pointer, "externalHost")};
	org->external = org_ext;

	if (kind == FC_ORG_PEER) {
		const char *db = get_string(node, "stateDatabase", "CouchDB");
		org->state_db =
		        strcmp(db, "LevelDB") == 0 ? FC_STATE_DB_LEVELDB : FC_STATE_DB_COUCHDB;
		org->cli = get_bool(node, "cli", false);
		org->peers = fc_arena_array(b->arena, count, sizeof(*org->peers));
		org->peer_count = count;
		for (size_t i = 0; i < count; i++) {
			struct fc_peer *p = &org->peers[i];
			p->name = names[i].name;
			p->pos = names[i].pos;
			p->index = (unsigned)i;
			p->org = org;
			p->host = fc_arena_printf(b->arena, "%s.%s", p->name, org->domain);
			p->service = p->name;
			p->external = node_external(b, &names[i], &org_ext);
		}
		net->peer_count += count;
	} else {
		org->orderers = fc_arena_array(b->arena, count, sizeof(*org->orderers));
		org->orderer_count = count;
		for (size_t i = 0; i < count; i++) {
			struct fc_orderer *o = &org->orderers[i];
			o->name = names[i].name;
			o->pos = names[i].pos;
			o->number = (unsigned)(net->orderer_count + i + 1);
			o->org = org;
			o->host = fc_arena_printf(b->arena, "%s.%s", o->name, org->domain);
			o->service = o->name;
			o->external = node_external(b, &names[i], &org_ext);
		}
		net->orderer_count += count;
	}
}

static struct fc_org *read_orgs(struct builder *b, const char *key, enum fc_org_kind kind,
                                size_t *count)
{
	const struct fc_node *list = get_kind(b->root, key, FC_NODE_SEQ);
	*count = 0;
	if (!list)
		return NULL;
	struct fc_org *orgs = fc_arena_array(b->arena, list->count, sizeof(*orgs));
	const char *base = ptr(b, "", key);
	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i]->kind != FC_NODE_MAP)
			continue;
		const char *pointer = fc_pointer_index(b->arena, base, i);
		read_org(b, list->items[i], &orgs[*count], kind, (unsigned)(*count + 1), pointer);
		(*count)++;
	}
	return orgs;
}

static void check_org_uniqueness(struct builder *b)
{
	struct fc_network *net = b->net;
	size_t total = net->peer_org_count + net->orderer_org_count;
	struct name_seen *names = fc_xcalloc(total + 1, sizeof(*names));
	struct name_seen *msps = fc_xcalloc(total + 1, sizeof(*msps));
	for (size_t i = 0; i < total; i++) {
		const struct fc_org *o = i < net->peer_org_count
		                                 ? &net->peer_orgs[i]
		                                 : &net->orderer_orgs[i - net->peer_org_count];
		names[i] =
		        (struct name_seen){o->name, o->name_pos, ptr(b, o->pointer, "name"), NULL};
		msps[i] = (struct name_seen){o->msp_id, o->msp_pos, ptr(b, o->pointer, "mspId"),
		                             NULL};
	}
	report_duplicates(b, names, total, "duplicate-organization", "organization");
	report_duplicates(b, msps, total, "duplicate-msp-id", "MSP ID");
	free(names);
	free(msps);
}

static struct fc_org *find_org(struct fc_network *net, const char *name)
{
	for (size_t i = 0; i < net->peer_org_count; i++)
		if (strcmp(net->peer_orgs[i].name, name) == 0)
			return &net->peer_orgs[i];
	for (size_t i = 0; i < net->orderer_org_count; i++)
		if (strcmp(net->orderer_orgs[i].name, name) == 0)
			return &net->orderer_orgs[i];
	return NULL;
}

/* ---- consensus ------------------------------------------------------------------- */

static bool parse_consensus(const char *text, enum fc_consensus *out)
{
	for (int c = FC_CONSENSUS_SOLO; c <= FC_CONSENSUS_BFT; c++) {
		if (strcmp(text, fc_consensus_name((enum fc_consensus)c)) == 0) {
			*out = (enum fc_consensus)c;
			return true;
		}
	}
	return false;
}

unsigned long long fc_model_byte_size(const char *text)
{
	char *end;
	unsigned long long n = strtoull(text, &end, 10);
	if (strcmp(end, " KB") == 0)
		return n * 1024;
	if (strcmp(end, " MB") == 0)
		return n * 1024 * 1024;
	return 0;
}

static void check_kafka(struct builder *b, const struct fc_node *kafka, const char *pointer)
{
	struct fc_network *net = b->net;
	if (net->kafka.brokers < 4)
		fc_diag_error(b->diags, "kafka-brokers", pos_of(kafka, "brokers"),
		              ptr(b, pointer, "brokers"),
		              "kafka consensus needs at least 4 brokers, got %u",
		              net->kafka.brokers);
	unsigned zk = net->kafka.zookeepers;
	if (zk != 3 && zk != 5 && zk != 7)
		fc_diag_error(b->diags, "kafka-zookeepers", pos_of(kafka, "zookeepers"),
		              ptr(b, pointer, "zookeepers"),
		              "a ZooKeeper ensemble has 3, 5 or 7 servers, got %u", zk);
	unsigned m = net->kafka.min_insync_replicas, n = net->kafka.replication_factor;
	unsigned k = net->kafka.brokers;
	if (!(1 < m && m < n && n < k)) {
		const char *key = fc_node_get(kafka, "minInsyncReplicas") ? "minInsyncReplicas"
		                                                          : "replicationFactor";
		bool given = fc_node_get(kafka, key) != NULL;
		fc_diag_error(
		        b->diags, "kafka-replication", pos_of(kafka, key),
		        given ? ptr(b, pointer, key) : pointer,
		        "Fabric requires 1 < minInsyncReplicas < replicationFactor < brokers, "
		        "got %u, %u and %u",
		        m, n, k);
	}
}

static void read_consensus(struct builder *b)
{
	struct fc_network *net = b->net;
	const struct fc_node *fabric = get_kind(b->root, "fabric", FC_NODE_MAP);
	const struct fc_node *cons = get_kind(b->root, "consensus", FC_NODE_MAP);
	const struct fc_node *kafka = get_kind(cons, "kafka", FC_NODE_MAP);
	const struct fc_node *batch = get_kind(cons, "batch", FC_NODE_MAP);
	struct fc_pos type_pos = pos_of(cons, "type");
	const char *type_ptr = "/consensus/type";
	if (!parse_consensus(get_string(cons, "type", "etcdraft"), &net->consensus))
		net->consensus = FC_CONSENSUS_ETCDRAFT;

	net->kafka.brokers = get_unsigned(kafka, "brokers", 4);
	net->kafka.zookeepers = get_unsigned(kafka, "zookeepers", 3);
	net->kafka.min_insync_replicas = get_unsigned(kafka, "minInsyncReplicas", 2);
	net->kafka.replication_factor = get_unsigned(kafka, "replicationFactor", 3);
	net->batch.timeout = get_string(batch, "timeout", "2s");
	net->batch.max_message_count = get_unsigned(batch, "maxMessageCount", 10);
	net->batch.absolute_max_bytes = get_string(batch, "absoluteMaxBytes", "99 MB");
	net->batch.preferred_max_bytes = get_string(batch, "preferredMaxBytes", "512 KB");
	if (fc_model_byte_size(net->batch.preferred_max_bytes) >
	    fc_model_byte_size(net->batch.absolute_max_bytes))
		fc_diag_error(b->diags, "batch-size", pos_of(batch, "preferredMaxBytes"),
		              "/consensus/batch/preferredMaxBytes",
		              "preferredMaxBytes (%s) must not exceed absoluteMaxBytes (%s)",
		              net->batch.preferred_max_bytes, net->batch.absolute_max_bytes);

	const struct fc_version *v = &net->fabric;
	const char *why = NULL;
	switch (net->consensus) {
	case FC_CONSENSUS_SOLO:
	case FC_CONSENSUS_KAFKA:
		if (v->major >= 3)
			why = "was removed in Fabric 3.0; use etcdraft or BFT";
		else if (v->major == 2)
			why = "cannot join channels through the channel participation API that "
			      "Fabric 2.5 networks use; use etcdraft";
		break;
	case FC_CONSENSUS_ETCDRAFT:
		if (!version_at_least(v, 1, 4, 1))
			why = "needs Fabric 1.4.1 or later";
		break;
	case FC_CONSENSUS_BFT:
		if (v->major < 3)
			why = "needs Fabric 3.0 or later";
		break;
	}
	if (why) {
		struct fc_diag *d =
		        fc_diag_error(b->diags, "consensus-unsupported", type_pos, type_ptr,
		                      "consensus '%s' %s", fc_consensus_name(net->consensus), why);
		fc_diag_note(b->diags, d, pos_of(fabric, "version"), "Fabric version %s set here",
		             v->text);
	}

	size_t orderers = net->orderer_count;
	if (net->consensus == FC_CONSENSUS_SOLO && orderers > 1)
		fc_diag_error(b->diags, "consensus-orderer-count", type_pos, type_ptr,
		              "solo consensus runs exactly one orderer, the topology has %zu",
		              orderers);
	if (net->consensus == FC_CONSENSUS_BFT && orderers < 4)
		fc_diag_error(b->diags, "consensus-orderer-count", type_pos, type_ptr,
		              "BFT needs at least 4 orderers (n >= 3f + 1), the topology has %zu",
		              orderers);
	if (net->consensus == FC_CONSENSUS_ETCDRAFT && orderers == 1)
		fc_diag_warning(b->diags, "raft-no-fault-tolerance", type_pos, type_ptr,
		                "a single Raft orderer tolerates no failure; use 3 or 5");
	else if (net->consensus == FC_CONSENSUS_ETCDRAFT && orderers % 2 == 0 && orderers)
		fc_diag_warning(b->diags, "raft-even-orderers", type_pos, type_ptr,
		                "%zu Raft orderers tolerate no more failures than %zu", orderers,
		                orderers - 1);
	if ((net->consensus == FC_CONSENSUS_ETCDRAFT || net->consensus == FC_CONSENSUS_BFT) &&
	    !net->tls) {
		struct fc_diag *d = fc_diag_error(
		        b->diags, "consensus-tls-required", pos_of(fabric, "tls"), "/fabric/tls",
		        "consensus '%s' requires TLS", fc_consensus_name(net->consensus));
		fc_diag_note(b->diags, d, type_pos, "consensus set here");
	}
	if (net->consensus == FC_CONSENSUS_KAFKA)
		check_kafka(b, kafka ? kafka : cons, kafka ? "/consensus/kafka" : "/consensus");
	else if (kafka)
		fc_diag_warning(b->diags, "consensus-settings-unused", kafka->pos,
		                "/consensus/kafka",
		                "kafka settings are ignored with consensus '%s'",
		                fc_consensus_name(net->consensus));
}

/* ---- channels ---------------------------------------------------------------------- */

static void read_channel(struct builder *b, const struct fc_node *node, struct fc_channel *ch,
                         const char *pointer)
{
	struct fc_network *net = b->net;
	ch->name = get_string(node, "name", "");
	ch->pos = pos_of(node, "name");
	const struct fc_node *members = get_kind(node, "organizations", FC_NODE_SEQ);
	size_t n = members ? members->count : 0;
	ch->members = fc_arena_array(b->arena, n, sizeof(*ch->members));
	const char *mptr = ptr(b, pointer, "organizations");
	for (size_t i = 0; i < n; i++) {
		const struct fc_node *m = members->items[i];
		if (m->kind != FC_NODE_STRING)
			continue;
		const char *ip = fc_pointer_index(b->arena, mptr, i);
		struct fc_org *org = find_org(net, m->text);
		if (!org) {
			fc_diag_error(b->diags, "channel-unknown-organization", m->pos, ip,
			              "channel '%s' names unknown organization '%s'", ch->name,
			              m->text);
			continue;
		}
		if (org->kind == FC_ORG_ORDERER) {
			fc_diag_error(b->diags, "channel-orderer-organization", m->pos, ip,
			              "'%s' is an orderer organization; channel members are peer "
			              "organizations",
			              m->text);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < ch->member_count; j++)
			dup |= ch->members[j] == org;
		if (dup) {
			fc_diag_error(b->diags, "duplicate-channel-member", m->pos, ip,
			              "organization '%s' is listed twice in channel '%s'", m->text,
			              ch->name);
			continue;
		}
		ch->members[ch->member_count++] = org;
	}

	const struct fc_node *anchors = get_kind(node, "anchorPeers", FC_NODE_SEQ);
	if (!anchors) {
		/* default: each member's first peer */
		ch->anchors = fc_arena_array(b->arena, ch->member_count, sizeof(*ch->anchors));
		for (size_t i = 0; i < ch->member_count; i++)
			if (ch->members[i]->peer_count)
				ch->anchors[ch->anchor_count++] = (struct fc_anchor){
				        ch->members[i], &ch->members[i]->peers[0]};
		return;
	}
	ch->anchors = fc_arena_array(b->arena, anchors->count, sizeof(*ch->anchors));
	const char *aptr = ptr(b, pointer, "anchorPeers");
	for (size_t i = 0; i < anchors->count; i++) {
		const struct fc_node *a = anchors->items[i];
		const char *org_name = get_string(a, "organization", NULL);
		const char *peer_name = get_string(a, "peer", NULL);
		if (!org_name || !peer_name)
			continue;
		const char *ip = fc_pointer_index(b->arena, aptr, i);
		struct fc_org *org = NULL;
		for (size_t j = 0; j < ch->member_count; j++)
			if (strcmp(ch->members[j]->name, org_name) == 0)
				org = ch->members[j];
		if (!org) {
			fc_diag_error(
			        b->diags, "anchor-peer-not-member", pos_of(a, "organization"),
			        ptr(b, ip, "organization"),
			        "anchor peer organization '%s' is not a member of channel '%s'",
			        org_name, ch->name);
			continue;
		}
		struct fc_peer *peer = NULL;
		for (size_t j = 0; j < org->peer_count; j++)
			if (strcmp(org->peers[j].name, peer_name) == 0)
				peer = &org->peers[j];
		if (!peer) {
			fc_diag_error(b->diags, "anchor-peer-unknown-peer", pos_of(a, "peer"),
			              ptr(b, ip, "peer"), "organization '%s' has no peer '%s'",
			              org_name, peer_name);
			continue;
		}
		bool dup = false;
		for (size_t j = 0; j < ch->anchor_count; j++)
			dup |= ch->anchors[j].peer == peer;
		if (dup) {
			fc_diag_error(b->diags, "duplicate-anchor-peer", a->pos, ip,
			              "'%s' of '%s' is an anchor peer of channel '%s' twice",
			              peer_name, org_name, ch->name);
			continue;
		}
		ch->anchors[ch->anchor_count++] = (struct fc_anchor){org, peer};
	}
}

static void read_channels(struct builder *b)
{
	struct fc_network *net = b->net;
	const struct fc_node *list = get_kind(b->root, "channels", FC_NODE_SEQ);
	if (!list)
		return;
	net->channels = fc_arena_array(b->arena, list->count, sizeof(*net->channels));
	struct name_seen *seen = fc_xcalloc(list->count + 1, sizeof(*seen));
	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i]->kind != FC_NODE_MAP)
			continue;
		const char *pointer = fc_pointer_index(b->arena, "/channels", i);
		struct fc_channel *ch = &net->channels[net->channel_count];
		read_channel(b, list->items[i], ch, pointer);
		seen[net->channel_count++] =
		        (struct name_seen){ch->name, ch->pos, ptr(b, pointer, "name"), NULL};
	}
	report_duplicates(b, seen, net->channel_count, "duplicate-channel", "channel");
	free(seen);
}

/* ---- storage, exposure, isolation ---------------------------------------------------- */

static void read_storage(struct builder *b)
{
	struct fc_network *net = b->net;
	const struct fc_node *st = get_kind(b->root, "storage", FC_NODE_MAP);
	const struct fc_node *nfs = get_kind(st, "nfs", FC_NODE_MAP);
	const struct fc_node *sizes = get_kind(st, "sizes", FC_NODE_MAP);
	if (nfs) {
		net->storage.kind = FC_STORAGE_NFS;
		net->storage.nfs_server = get_string(nfs, "server", "");
		net->storage.nfs_path = get_string(nfs, "path", "/");
	} else if (get_kind(st, "storageClass", FC_NODE_STRING)) {
		net->storage.kind = FC_STORAGE_CLASS;
		net->storage.storage_class = get_string(st, "storageClass", "");
	}
	net->storage.organization_size = get_string(sizes, "organization", "10Gi");
	static const struct {
		enum fc_component component;
		const char *fallback;
	} volumes[] = {
	        {FC_COMPONENT_PEER, "10Gi"},    {FC_COMPONENT_COUCHDB, "10Gi"},
	        {FC_COMPONENT_ORDERER, "10Gi"}, {FC_COMPONENT_CA, "1Gi"},
	        {FC_COMPONENT_KAFKA, "10Gi"},   {FC_COMPONENT_ZOOKEEPER, "1Gi"},
	};
	for (size_t i = 0; i < sizeof(volumes) / sizeof(volumes[0]); i++)
		net->storage.sizes[volumes[i].component] = get_string(
		        sizes, component_keys[volumes[i].component], volumes[i].fallback);
}

static void read_chart_metadata(struct builder *b, const struct fc_node *chart)
{
	struct fc_network *net = b->net;
	static const char *const fabric_repo = "https://github.com/hyperledger/fabric";
	net->chart_home = get_string(chart, "home", fabric_repo);
	const struct fc_node *sources = get_kind(chart, "sources", FC_NODE_SEQ);
	size_t n = sources ? sources->count : 0;
	net->chart_sources = fc_arena_array(b->arena, n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		if (sources->items[i]->kind == FC_NODE_STRING)
			net->chart_sources[net->chart_source_count++] = sources->items[i]->text;
	if (!net->chart_source_count)
		net->chart_sources[net->chart_source_count++] = fabric_repo;
	const struct fc_node *maint = get_kind(chart, "maintainers", FC_NODE_SEQ);
	n = maint ? maint->count : 0;
	net->maintainers = fc_arena_array(b->arena, n + 1, sizeof(*net->maintainers));
	for (size_t i = 0; i < n; i++) {
		const char *name = get_string(maint->items[i], "name", NULL);
		if (name)
			net->maintainers[net->maintainer_count++] = (struct fc_maintainer){
			        name, get_string(maint->items[i], "email", NULL),
			        get_string(maint->items[i], "url", NULL)};
	}
	if (!net->maintainer_count)
		net->maintainers[net->maintainer_count++] = (struct fc_maintainer){
		        fc_arena_printf(b->arena, "%s network operators", net->name), NULL, NULL};
}

/* ---- identities ----------------------------------------------------------------------- */

/* Hours of a duration the schema checked ("<hours>h"). */
static unsigned long hours_of(const char *d)
{
	return strtoul(d, NULL, 10);
}

/* Lifetimes and renewal (certificates), before the organizations: with
 * fabric-ca, an organization has a CA unless it says otherwise. */
static void read_identities(struct builder *b)
{
	struct fc_network *net = b->net;
	const char *source = get_string(b->root, "identities", "cryptogen");
	net->identities = strcmp(source, "fabric-ca") == 0 ? FC_IDENTITIES_FABRIC_CA
	                                                   : FC_IDENTITIES_CRYPTOGEN;
	const struct fc_node *certs = get_kind(b->root, "certificates", FC_NODE_MAP);
	const struct fc_node *life = get_kind(certs, "lifetimes", FC_NODE_MAP);
	const struct fc_node *renew = get_kind(certs, "renewal", FC_NODE_MAP);
	/* Fabric CA's own defaults: signing.default.expiry 8760h and csr.ca.expiry
	 * 131400h (cmd/fabric-ca-server/config.go at fabric-ca v1.5.15) */
	net->certificates.node = get_string(life, "node", "8760h");
	net->certificates.admin = get_string(life, "admin", "8760h");
	net->certificates.tls = get_string(life, "tls", "8760h");
	net->certificates.ca = get_string(life, "ca", "131400h");
	net->certificates.window = get_string(renew, "window", "720h");
	net->certificates.schedule = get_string(renew, "schedule", "0 3 * * *");
	if (net->identities != FC_IDENTITIES_FABRIC_CA) {
		if (certs)
			fc_diag_warning(b->diags, "certificates-unused", certs->pos,
			                "/certificates",
			                "certificates has no effect with identities: cryptogen "
			                "(cryptogen sets no lifetimes and renews nothing); use "
			                "identities: fabric-ca");
		return;
	}
	static const char *const keys[] = {"node", "admin", "tls"};
	const char *values[] = {net->certificates.node, net->certificates.admin,
	                        net->certificates.tls};
	unsigned long shortest = ULONG_MAX;
	for (size_t i = 0; i < 3; i++) {
		unsigned long h = hours_of(values[i]);
		if (h < shortest)
			shortest = h;
		if (h >= hours_of(net->certificates.ca))
			fc_diag_error(
			        b->diags, "certificate-outlives-ca", pos_of(life, keys[i]),
			        fc_arena_printf(b->arena, "/certificates/lifetimes/%s", keys[i]),
			        "the %s certificates' lifetime %s is not shorter than the CA "
			        "roots' %s: a certificate cannot outlive the CA that signs it",
			        keys[i], values[i], net->certificates.ca);
	}
	if (hours_of(net->certificates.window) >= shortest)
		fc_diag_error(b->diags, "renewal-window-too-long", pos_of(renew, "window"),
		              "/certificates/renewal/window",
		              "renewal window %s is not shorter than the shortest certificate "
		              "lifetime (%luh): every certificate would be renewed on every run",
		              net->certificates.window, shortest);
}

/* A cron field that is a plain number. */
static bool cron_number(const char *f, size_t n)
{
	if (!n || n > 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (f[i] < '0' || f[i] > '9')
			return false;
	return true;
}

/*
 * Minutes between two runs of a CronJob schedule (the schema checked its
 * form) when it has one fixed period: @hourly, @daily, @midnight, @weekly;
 * five fields with day-of-month and month "*" and: a minute (every hour), a
 * minute step K written star-slash-K (every K minutes), a minute and an hour
 * (every day), a minute and an hour step (every K hours), a minute, an hour
 * and one weekday (every week).  0 for any other schedule: not checked.
 */
static unsigned long schedule_minutes(const char *schedule)
{
	if (strcmp(schedule, "@hourly") == 0)
		return 60;
	if (strcmp(schedule, "@daily") == 0 || strcmp(schedule, "@midnight") == 0)
		return 24 * 60;
	if (strcmp(schedule, "@weekly") == 0)
		return 7 * 24 * 60;
	const char *f[5];
	size_t len[5], n = 0;
	for (const char *p = schedule; *p && n < 5;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		f[n] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		len[n] = (size_t)(p - f[n]);
		n++;
	}
	if (n != 5 || len[2] != 1 || f[2][0] != '*' || len[3] != 1 || f[3][0] != '*')
		return 0;
	bool any_hour = len[1] == 1 && f[1][0] == '*';
	bool any_day = len[4] == 1 && f[4][0] == '*';
	unsigned long step =
	        len[0] > 2 && strncmp(f[0], "*/", 2) == 0 && cron_number(f[0] + 2, len[0] - 2)
	                ? strtoul(f[0] + 2, NULL, 10)
	                : 0;
	if (step && any_hour && any_day)
		return step;
	if (!cron_number(f[0], len[0]))
		return 0;
	if (any_hour && any_day)
		return 60;
	step = len[1] > 2 && strncmp(f[1], "*/", 2) == 0 && cron_number(f[1] + 2, len[1] - 2)
	               ? strtoul(f[1] + 2, NULL, 10)
	               : 0;
	if (step && any_day)
		return step * 60;
	if (!cron_number(f[1], len[1]))
		return 0;
	if (any_day)
		return 24 * 60;
	return len[4] == 1 && f[4][0] >= '0' && f[4][0] <= '7' ? 7 * 24 * 60 : 0;
}

/*
 * BFT consenters are renewed by channel config update (files/scripts/renew.sh):
 * one at a time per organization, each over 1 run when one orderer
 * organization's signature is enough, else its request, one run per other
 * signer, the submit.  A window shorter than that many periods of the
 * schedule lets certificates expire before their turn.
 */
static void check_bft_renewal_window(struct builder *b)
{
	struct fc_network *net = b->net;
	unsigned long period = schedule_minutes(net->certificates.schedule);
	if (net->consensus != FC_CONSENSUS_BFT || !period)
		return;
	size_t needed = fc_implicit_threshold(FC_IMPLICIT_MAJORITY, net->orderer_org_count);
	size_t per = needed > 1 ? needed + 1 : 1;
	const struct fc_org *most = NULL;
	for (size_t i = 0; i < net->orderer_org_count; i++)
		if (!most || net->orderer_orgs[i].orderer_count > most->orderer_count)
			most = &net->orderer_orgs[i];
	if (!most)
		return;
	unsigned long runs = (unsigned long)(most->orderer_count * per);
	if (hours_of(net->certificates.window) * 60 >= runs * period)
		return;
	const struct fc_node *renew =
	        get_kind(get_kind(b->root, "certificates", FC_NODE_MAP), "renewal", FC_NODE_MAP);
	fc_diag_warning(
	        b->diags, "renewal-window-too-short",
	        renew ? pos_of(renew, "window") : pos_of(b->root, "identities"),
	        renew ? "/certificates/renewal/window" : "/identities",
	        "renewal window %s is shorter than the %lu runs of schedule '%s' (%luh%02lum apart) "
	        "that renewing the %zu BFT consenters of '%s' can take, one at a time, %zu run%s "
	        "each (%s): certificates may expire before their turn; lengthen the window or run "
	        "the schedule more often",
	        net->certificates.window, runs, net->certificates.schedule, period / 60,
	        period % 60, most->orderer_count, most->name, per, per == 1 ? "" : "s",
	        per == 1 ? "one orderer organization signs"
	                 : "the request, each other orderer organization's signature in turn, "
	                   "the submit");
}

/* What fabric-ca needs of the rest of the network, once it is read. */
static void check_fabric_ca(struct builder *b)
{
	struct fc_network *net = b->net;
	if (net->identities != FC_IDENTITIES_FABRIC_CA)
		return;
	struct fc_pos at = pos_of(b->root, "identities");
	if (net->fabric.major < 2)
		fc_diag_error(b->diags, "fabric-ca-old-fabric", at, "/identities",
		              "identities: fabric-ca needs Fabric 2.5 or later (channels formed "
		              "with osnadmin from each organization's public certificates), not "
		              "%s",
		              net->fabric.text);
	const struct fc_org *lists[] = {net->peer_orgs, net->orderer_orgs};
	size_t counts[] = {net->peer_org_count, net->orderer_org_count};
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l]; i++)
			if (!lists[l][i].ca)
				fc_diag_error(
				        b->diags, "fabric-ca-org-without-ca", lists[l][i].ca_pos,
				        fc_arena_printf(b->arena, "%s/ca", lists[l][i].pointer),
				        "organization '%s' has no CA (ca: false), but with "
				        "identities: fabric-ca each organization's own CA "
				        "enrolls its identities",
				        lists[l][i].name);
	if (net->explorer)
		fc_diag_error(b->diags, "fabric-ca-explorer", at, "/identities",
		              "the explorer reads as an organization's admin from its own "
		              "namespace, but with identities: fabric-ca no private key leaves "
		              "its organization's namespace; disable the explorer or use "
		              "identities: cryptogen");
	check_bft_renewal_window(b);
}

/* ---- entry point ------------------------------------------------------------------------ */

int fc_model_build(struct fc_arena *arena, const struct fc_node *root, struct fc_diags *diags,
                   struct fc_network **out)
{
	size_t errors_before = diags->errors;
	struct fc_network *net = fc_arena_alloc(arena, sizeof(*net));
	struct builder b = {arena, diags, net, root};

	net->name = get_string(root, "network", "");
	const struct fc_node *chart = get_kind(root, "chart", FC_NODE_MAP);
	net->chart_name = get_string(chart, "name", "fabric");
	net->chart_version = get_string(chart, "version", "0.1.0");
	/* helm lint: the version must satisfy ">0.0.0-0" (pkg/lint/rules/chartfile.go,
	 * validateChartVersion), and 0.0.0-0 is the lowest SemVer there is */
	if (fc_semver_compare(net->chart_version, "0.0.0-0") <= 0)
		fc_diag_error(diags, "chart-version-zero", pos_of(chart, "version"),
		              "/chart/version",
		              "chart version '%s' is the lowest SemVer version; Helm wants a chart "
		              "version above 0.0.0-0 (for example 0.0.1)",
		              net->chart_version);
	const struct fc_node *fabric = get_kind(root, "fabric", FC_NODE_MAP);
	const char *version = get_string(fabric, "version", "");
	if (!parse_version(version, &net->fabric) ||
	    !((net->fabric.major == 1 && net->fabric.minor == 4) ||
	      (net->fabric.major == 2 && net->fabric.minor == 5) || net->fabric.major == 3)) {
		fc_diag_error(diags, "fabric-version-unsupported", pos_of(fabric, "version"),
		              "/fabric/version",
		              "Fabric version '%s' is not supported; use 1.4.x, 2.5.x or 3.x",
		              version);
		net->fabric = (struct fc_version){2, 5, 0, version};
	}
	net->chart_description = get_string(
	        chart, "description",
	        fc_arena_printf(arena, "Hyperledger Fabric %s network '%s', generated by fabchart",
	                        net->fabric.text, net->name));
	read_chart_metadata(&b, chart);
	net->ca_version =
	        get_string(fabric, "caVersion", net->fabric.major == 1 ? "1.4.9" : "1.5.15");
	net->tls = get_bool(fabric, "tls", true);
	set_default_images(&b);
	set_resources(&b);

	read_identities(&b);
	net->peer_orgs = read_orgs(&b, "peerOrganizations", FC_ORG_PEER, &net->peer_org_count);
	net->orderer_orgs =
	        read_orgs(&b, "ordererOrganizations", FC_ORG_ORDERER, &net->orderer_org_count);
	check_org_uniqueness(&b);
	read_consensus(&b);
	read_channels(&b);
	read_storage(&b);
	fc_model_read_exposure(&b);
	fc_model_derive_addresses(&b);
	fc_model_build_port_map(&b);
	fc_model_derive_external(&b);
	check_fabric_ca(&b);

	*out = net;
	return diags->errors > errors_before ? -1 : 0;
}

const struct fc_channel *fc_model_channel(const struct fc_network *net, const char *name)
{
	for (size_t i = 0; i < net->channel_count; i++)
		if (strcmp(net->channels[i].name, name) == 0)
			return &net->channels[i];
	return NULL;
}

bool fc_model_is_member(const struct fc_channel *ch, const char *org)
{
	for (size_t i = 0; ch && i < ch->member_count; i++)
		if (strcmp(ch->members[i]->name, org) == 0)
			return true;
	return false;
}

bool fc_model_channel_member(const struct fc_channel *ch, const struct fc_org *org)
{
	return fc_model_is_member(ch, org->name); /* organization names are unique */
}

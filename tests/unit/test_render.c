/*
 * Unit tests of render: the values tree (exact values by JSON Pointer, a
 * comment on every key), its draft-07 schema, and the chart's generated
 * files (Chart.yaml, values.yaml, values.schema.json, README.md,
 * files/portmap.csv) for a small model built from YAML text.
 */
#include "arena.h"
#include "cunit_main.h"
#include "diag.h"
#include "doc.h"
#include "emit.h"
#include "fileset.h"
#include "json.h"
#include "load.h"
#include "model.h"
#include "portmap.h"
#include "render.h"
#include "schema.h"
#include "strbuf.h"
#include "values_schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const SMALL = "network: net\n"
                                 "fabric:\n"
                                 "  version: 2.5.12\n"
                                 "peerOrganizations:\n"
                                 "  - name: org1\n"
                                 "    mspId: Org1MSP\n"
                                 "    domain: org1.example.com\n"
                                 "    peers: 1\n"
                                 "  - name: org2\n"
                                 "    mspId: Org2MSP\n"
                                 "    domain: org2.example.com\n"
                                 "    stateDatabase: LevelDB\n"
                                 "    cli: true\n"
                                 "    peers:\n"
                                 "      - name: alpha\n"
                                 "ordererOrganizations:\n"
                                 "  - name: ord\n"
                                 "    mspId: OrdMSP\n"
                                 "    domain: ord.example.com\n"
                                 "    orderers: 3\n"
                                 "consensus:\n"
                                 "  type: etcdraft\n"
                                 "channels:\n"
                                 "  - name: ch1\n"
                                 "    organizations: [org1, org2]\n"
                                 "isolation:\n"
                                 "  nodeCidrs: [10.0.0.0/8]\n";

static const char *const SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_network *net;
	const char *yaml; /* the topology's text */
};

static void setup_with(struct fixture *f, const char *yaml)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	f->yaml = yaml;
	struct fc_node *root = NULL;
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f->arena, "t.yaml", yaml, strlen(yaml), NULL, &root, &f->diags), 0);
	CU_ASSERT_EQUAL_FATAL(fc_model_build(&f->arena, root, &f->diags, &f->net), 0);
	CU_ASSERT_EQUAL_FATAL(f->diags.count, 0);
}

static void teardown(struct fixture *f)
{
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

static void report(bool ok, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(bool ok, int line, const char *fmt, ...)
{
	char buf[2048] = "";
	if (!ok) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
	}
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, buf, __FILE__, "",
	                        CU_FALSE);
}

#define EXPECT_STR(root, pointer, want) expect_str(root, pointer, want, __LINE__)
static void expect_str(const struct fc_node *root, const char *pointer, const char *want, int at)
{
	const struct fc_node *n = fc_pointer_resolve(root, pointer);
	report(n && n->kind == FC_NODE_STRING && strcmp(n->text, want) == 0, at,
	       "%s is %s '%s', want the string '%s'", pointer,
	       n ? fc_node_kind_name(n->kind) : "missing", n ? n->text : "", want);
}

#define EXPECT_INT(root, pointer, want) expect_int(root, pointer, want, __LINE__)
static void expect_int(const struct fc_node *root, const char *pointer, long long want, int at)
{
	const struct fc_node *n = fc_pointer_resolve(root, pointer);
	report(n && n->kind == FC_NODE_INT && n->integer == want, at,
	       "%s is %s '%s', want the integer %lld", pointer,
	       n ? fc_node_kind_name(n->kind) : "missing", n ? n->text : "", want);
}

#define EXPECT_BOOL(root, pointer, want) expect_bool(root, pointer, want, __LINE__)
static void expect_bool(const struct fc_node *root, const char *pointer, bool want, int at)
{
	const struct fc_node *n = fc_pointer_resolve(root, pointer);
	report(n && n->kind == FC_NODE_BOOL && n->boolean == want, at, "%s is %s '%s', want %s",
	       pointer, n ? fc_node_kind_name(n->kind) : "missing", n ? n->text : "",
	       want ? "true" : "false");
}

#define EXPECT_KEYS(root, pointer, ...) expect_keys(root, pointer, __LINE__, __VA_ARGS__, NULL)
/* The mapping at pointer has exactly these keys, in this order. */
static void expect_keys(const struct fc_node *root, const char *pointer, int at, ...)
{
	const struct fc_node *n = fc_pointer_resolve(root, pointer);
	report(n && n->kind == FC_NODE_MAP, at, "%s is not a mapping", pointer);
	if (!n || n->kind != FC_NODE_MAP)
		return;
	va_list ap;
	va_start(ap, at);
	size_t i = 0;
	const char *key;
	while ((key = va_arg(ap, const char *))) {
		report(i < n->count && strcmp(n->pairs[i].key, key) == 0, at,
		       "%s: key %zu is '%s', want '%s'", pointer, i,
		       i < n->count ? n->pairs[i].key : "(none)", key);
		i++;
	}
	va_end(ap);
	report(i == n->count, at, "%s has %zu keys, want %zu", pointer, n->count, i);
}

/* ---- values ---------------------------------------------------------------- */

/*
 * The lists templates range over (issue 15: no list building in templates):
 * in the byte order of names, as Helm ranges over maps, whatever the
 * topology's order.
 */
static const char *const UNSORTED = "network: net\n"
                                    "fabric:\n"
                                    "  version: 2.5.12\n"
                                    "peerOrganizations:\n"
                                    "  - name: zeta\n"
                                    "    mspId: ZetaMSP\n"
                                    "    domain: zeta.example.com\n"
                                    "    peers:\n"
                                    "      - name: pb\n"
                                    "      - name: pa\n"
                                    "  - name: alpha\n"
                                    "    mspId: AlphaMSP\n"
                                    "    domain: alpha.example.com\n"
                                    "    peers: 1\n"
                                    "ordererOrganizations:\n"
                                    "  - name: ordb\n"
                                    "    mspId: OrdBMSP\n"
                                    "    domain: ordb.example.com\n"
                                    "    orderers: 1\n"
                                    "  - name: orda\n"
                                    "    mspId: OrdAMSP\n"
                                    "    domain: orda.example.com\n"
                                    "    orderers: 2\n"
                                    "consensus:\n"
                                    "  type: etcdraft\n"
                                    "channels:\n"
                                    "  - name: zz\n"
                                    "    organizations: [zeta, alpha]\n"
                                    "  - name: aa\n"
                                    "    organizations: [alpha]\n"
                                    "storage:\n"
                                    "  nfs: {server: nfs.example.com, path: /exports}\n"
                                    "isolation:\n"
                                    "  nodeCidrs: [10.0.0.0/8]\n";

static void test_values_compiled_lists(void)
{
	struct fixture f;
	setup_with(&f, UNSORTED);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	EXPECT_INT(v, "/peerSettings/port", 7051);
	EXPECT_INT(v, "/peerSettings/chaincodePort", 7052);
	EXPECT_INT(v, "/ordererSettings/port", 7050);
	EXPECT_INT(v, "/ordererSettings/adminPort", 7053);
	EXPECT_INT(v, "/caSettings/port", 7054);
	/* the identity Job: peer organizations, then orderer organizations, by name */
	EXPECT_STR(v, "/bootstrap/namespaces/0", "alpha-net");
	EXPECT_STR(v, "/bootstrap/namespaces/1", "zeta-net");
	EXPECT_STR(v, "/bootstrap/namespaces/2", "orda-net");
	EXPECT_STR(v, "/bootstrap/namespaces/3", "ordb-net");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(v, "/bootstrap/namespaces/4"));
	EXPECT_STR(v, "/bootstrap/channels/0", "aa");
	EXPECT_STR(v, "/bootstrap/channels/1", "zz");
	/* anchors: channels by name, members in the channel's order */
	EXPECT_STR(v, "/bootstrap/anchors/0", "aa:AlphaMSP");
	EXPECT_STR(v, "/bootstrap/anchors/1", "zz:ZetaMSP");
	EXPECT_STR(v, "/bootstrap/anchors/2", "zz:AlphaMSP");
	EXPECT_STR(v, "/bootstrap/ordererOrganizations/0", "orda");
	EXPECT_STR(v, "/bootstrap/ordererOrganizations/1", "ordb");
	EXPECT_STR(v, "/bootstrap/ordererOrganization", "orda");
	const struct fc_node *first = fc_pointer_resolve(v, "/bootstrap/orderer");
	const struct fc_node *orda =
	        fc_pointer_resolve(v, "/ordererOrganizations/orda/orderers/orderer0/address");
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT_PTR_NOT_NULL_FATAL(orda);
	CU_ASSERT_STRING_EQUAL(first->text, orda->text);
	EXPECT_STR(v, "/bootstrap/ordererEndpoints/0",
	           fc_arena_printf(&f.arena, "orda=%s", orda->text));
	/* each organization's join Job */
	EXPECT_STR(v, "/peerOrganizations/zeta/join/channels/0", "zz");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(v, "/peerOrganizations/zeta/join/channels/1"));
	EXPECT_STR(v, "/peerOrganizations/zeta/join/create/0", "zz");
	EXPECT_STR(v, "/peerOrganizations/alpha/join/channels/0", "aa");
	EXPECT_STR(v, "/peerOrganizations/alpha/join/channels/1", "zz");
	EXPECT_STR(v, "/peerOrganizations/alpha/join/create/0", "aa");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(v, "/peerOrganizations/alpha/join/create/1"));
	EXPECT_STR(v, "/peerOrganizations/zeta/join/peers/0",
	           "pa=pa.zeta-net.svc.cluster.local:7051");
	EXPECT_STR(v, "/peerOrganizations/zeta/join/peers/1",
	           "pb=pb.zeta-net.svc.cluster.local:7051");
	EXPECT_STR(v, "/ordererOrganizations/ordb/join/channels/0", "aa");
	EXPECT_STR(v, "/ordererOrganizations/ordb/join/channels/1", "zz");
	/* helm test: CA first, then each peer's two ports, by name */
	EXPECT_STR(v, "/tests/services/zeta-net/0", "ca 7054");
	EXPECT_STR(v, "/tests/services/zeta-net/1", "pa 7051");
	EXPECT_STR(v, "/tests/services/zeta-net/2", "pa 7052");
	EXPECT_STR(v, "/tests/services/zeta-net/3", "pb 7051");
	/* NFS shares: orderer organizations, then peer organizations, by name */
	EXPECT_STR(v, "/storage/nfs/shares/0/organization", "orda");
	EXPECT_STR(v, "/storage/nfs/shares/1/organization", "ordb");
	EXPECT_STR(v, "/storage/nfs/shares/2/organization", "alpha");
	EXPECT_STR(v, "/storage/nfs/shares/3/namespace", "zeta-net");
	/* the explorer's organization is the topology's first, its channel the first by name */
	EXPECT_STR(v, "/explorer/organization", "zeta");
	EXPECT_STR(v, "/explorer/channel", "aa");
	/* scheduling: every knob in default, every component empty */
	EXPECT_KEYS(v, "/scheduling", "default", "peer", "orderer", "ca", "explorer", "kafka",
	            "zookeeper", "chaincode", "jobs");
	EXPECT_KEYS(v, "/scheduling/default", "nodeSelector", "tolerations", "affinity",
	            "topologySpreadConstraints", "imagePullSecrets", "priorityClassName",
	            "serviceAnnotations", "serviceLabels");
	const struct fc_node *peer = fc_pointer_resolve(v, "/scheduling/peer");
	CU_ASSERT(peer && peer->kind == FC_NODE_MAP && peer->count == 0);
	EXPECT_STR(v, "/scheduling/default/priorityClassName", "");
	teardown(&f);
}

static void test_values_exact(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	EXPECT_KEYS(v, "", "network", "fabricVersion", "fabricMajor", "tls", "clusterDomain",
	            "ordererSettings", "peerSettings", "caSettings", "images", "imagePullPolicy",
	            "consensus", "peerOrganizations", "ordererOrganizations", "channels",
	            "disruptionBudgets", "exposure", "networkPolicies", "explorer", "storage",
	            "resources", "bootstrap", "tests", "scheduling", "logging", "operations",
	            "metrics", "snapshots", "identities");
	EXPECT_STR(v, "/network", "net");
	EXPECT_STR(v, "/identities/source", "cryptogen");
	EXPECT_STR(v, "/identities/lifetimes/ca", "131400h");
	EXPECT_STR(v, "/identities/renewal/window", "720h");
	EXPECT_STR(v, "/fabricVersion", "2.5.12");
	EXPECT_BOOL(v, "/tls", true);
	EXPECT_KEYS(v, "/images", "peer", "couchdb", "orderer", "ca", "tools", "kafka", "zookeeper",
	            "explorer", "explorerDb", "test", "kubectl");
	EXPECT_STR(v, "/images/peer/repository", "hyperledger/fabric-peer");
	EXPECT_STR(v, "/images/peer/tag", "2.5.12");
	EXPECT_STR(v, "/images/couchdb/tag", "3.3.3");
	EXPECT_STR(v, "/images/ca/tag", "1.5.15");
	EXPECT_STR(v, "/images/explorerDb/repository", "hyperledger/explorer-db");
	EXPECT_STR(v, "/imagePullPolicy", "IfNotPresent");
	EXPECT_STR(v, "/consensus/type", "etcdraft");
	EXPECT_STR(v, "/consensus/batch/timeout", "2s");
	EXPECT_INT(v, "/consensus/batch/maxMessageCount", 10);
	EXPECT_STR(v, "/consensus/batch/absoluteMaxBytes", "99 MB");
	EXPECT_STR(v, "/consensus/batch/preferredMaxBytes", "512 KB");
	/* no kafka: no brokers or ZooKeeper servers */
	EXPECT_INT(v, "/consensus/kafka/brokers", 0);
	EXPECT_INT(v, "/consensus/kafka/zookeepers", 0);
	EXPECT_INT(v, "/consensus/kafka/minInsyncReplicas", 2);
	EXPECT_INT(v, "/consensus/kafka/replicationFactor", 3);

	EXPECT_KEYS(v, "/peerOrganizations", "org1", "org2");
	EXPECT_KEYS(v, "/peerOrganizations/org1", "index", "namespace", "mspId", "domain",
	            "stateDatabase", "cli", "chaincodeTls", "disruptionBudget", "ca", "peers",
	            "join");
	EXPECT_INT(v, "/peerOrganizations/org1/index", 1);
	EXPECT_STR(v, "/peerOrganizations/org1/namespace", "org1-net");
	EXPECT_STR(v, "/peerOrganizations/org1/mspId", "Org1MSP");
	EXPECT_STR(v, "/peerOrganizations/org1/domain", "org1.example.com");
	EXPECT_STR(v, "/peerOrganizations/org1/stateDatabase", "CouchDB");
	EXPECT_BOOL(v, "/peerOrganizations/org1/cli", false);
	EXPECT_BOOL(v, "/peerOrganizations/org1/ca/enabled", true);
	EXPECT_INT(v, "/peerOrganizations/org1/ca/nodePort", 0); /* closed by default */
	EXPECT_BOOL(v, "/peerOrganizations/org1/ca/external", false);
	EXPECT_KEYS(v, "/peerOrganizations/org1/peers/peer0", "index", "host", "address",
	            "externalAddress", "gossipBootstrap", "nodePort", "chaincodeNodePort");
	EXPECT_INT(v, "/peerOrganizations/org1/peers/peer0/index", 0);
	EXPECT_STR(v, "/peerOrganizations/org1/peers/peer0/host", "peer0.org1.example.com");
	EXPECT_INT(v, "/peerOrganizations/org1/peers/peer0/nodePort", 30001);
	EXPECT_INT(v, "/peerOrganizations/org1/peers/peer0/chaincodeNodePort", 30002);
	EXPECT_INT(v, "/peerOrganizations/org2/index", 2);
	EXPECT_STR(v, "/peerOrganizations/org2/stateDatabase", "LevelDB");
	EXPECT_BOOL(v, "/peerOrganizations/org2/cli", true);
	EXPECT_INT(v, "/peerOrganizations/org2/ca/nodePort", 0);
	EXPECT_INT(v, "/peerOrganizations/org2/peers/alpha/nodePort", 30101);
	EXPECT_INT(v, "/peerOrganizations/org2/peers/alpha/chaincodeNodePort", 30102);

	EXPECT_KEYS(v, "/ordererOrganizations/ord", "index", "namespace", "mspId", "domain", "ca",
	            "disruptionBudget", "orderers", "join");
	/* 3 Raft orderers tolerate one down; a single peer has no PDB ({}) */
	const struct fc_node *none =
	        fc_pointer_resolve(v, "/peerOrganizations/org1/disruptionBudget");
	CU_ASSERT(none && none->kind == FC_NODE_MAP && none->count == 0);
	EXPECT_KEYS(v, "/ordererOrganizations/ord/disruptionBudget", "maxUnavailable");
	EXPECT_INT(v, "/ordererOrganizations/ord/disruptionBudget/maxUnavailable", 1);
	EXPECT_KEYS(v, "/disruptionBudgets", "enabled", "kafka", "zookeeper");
	EXPECT_BOOL(v, "/disruptionBudgets/enabled", true);
	none = fc_pointer_resolve(v, "/disruptionBudgets/kafka");
	CU_ASSERT(none && none->kind == FC_NODE_MAP && none->count == 0);
	EXPECT_KEYS(v, "/logging", "spec", "format", "peer", "orderer", "ca");
	EXPECT_STR(v, "/logging/spec", "info");
	EXPECT_STR(v, "/logging/format", "console");
	EXPECT_STR(v, "/logging/peer/spec", "");
	EXPECT_STR(v, "/logging/ca/level", "info");
	EXPECT_STR(v, "/ordererOrganizations/ord/namespace", "ord-net");
	EXPECT_BOOL(v, "/ordererOrganizations/ord/ca/enabled", false);
	EXPECT_INT(v, "/ordererOrganizations/ord/ca/nodePort", 0);
	EXPECT_KEYS(v, "/ordererOrganizations/ord/orderers", "orderer0", "orderer1", "orderer2");
	EXPECT_INT(v, "/ordererOrganizations/ord/orderers/orderer2/number", 3);
	EXPECT_STR(v, "/ordererOrganizations/ord/orderers/orderer2/host",
	           "orderer2.ord.example.com");
	EXPECT_INT(v, "/ordererOrganizations/ord/orderers/orderer2/nodePort", 32703);

	EXPECT_KEYS(v, "/channels/ch1", "organizations", "anchorPeers");
	EXPECT_STR(v, "/channels/ch1/organizations/0", "org1");
	EXPECT_STR(v, "/channels/ch1/organizations/1", "org2");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(v, "/channels/ch1/organizations/2"));
	EXPECT_STR(v, "/channels/ch1/anchorPeers/0/organization", "org1");
	EXPECT_STR(v, "/channels/ch1/anchorPeers/0/peer", "peer0");
	EXPECT_STR(v, "/channels/ch1/anchorPeers/1/organization", "org2");
	EXPECT_STR(v, "/channels/ch1/anchorPeers/1/peer", "alpha");

	EXPECT_STR(v, "/exposure/type", "NodePort");
	EXPECT_INT(v, "/exposure/nodePort/peerBase", 30000);
	EXPECT_INT(v, "/exposure/nodePort/stride", 100);
	EXPECT_INT(v, "/exposure/nodePort/ordererBase", 32700);
	EXPECT_INT(v, "/exposure/nodePort/rangeStart", 30000);
	EXPECT_INT(v, "/exposure/nodePort/rangeEnd", 32767);
	EXPECT_BOOL(v, "/networkPolicies/enabled", true);
	EXPECT_STR(v, "/networkPolicies/nodeCidrs/0", "10.0.0.0/8");
	EXPECT_BOOL(v, "/networkPolicies/explorerExternal", true);
	EXPECT_BOOL(v, "/explorer/enabled", false);
	EXPECT_STR(v, "/explorer/namespace", "explorer-net");
	EXPECT_INT(v, "/explorer/nodePort", 0);
	EXPECT_STR(v, "/storage/kind", "default");
	EXPECT_STR(v, "/storage/nfs/server", "");
	EXPECT_STR(v, "/storage/storageClass", "");
	EXPECT_KEYS(v, "/storage/sizes", "organization", "peer", "couchdb", "orderer", "ca",
	            "kafka", "zookeeper");
	EXPECT_STR(v, "/storage/sizes/organization", "10Gi");
	EXPECT_STR(v, "/storage/sizes/ca", "1Gi");
	EXPECT_KEYS(v, "/resources/tools", "requests", "limits");
	EXPECT_STR(v, "/resources/tools/requests/cpu", "50m");
	EXPECT_STR(v, "/resources/peer/limits/memory", "1Gi");
	EXPECT_STR(v, "/resources/explorerDb/limits/memory", "512Mi");
	teardown(&f);
}

static void test_values_kafka_and_cluster_ip(void)
{
	struct fixture f;
	setup_with(&f, "network: k\n"
	               "fabric: {version: 1.4.12}\n"
	               "peerOrganizations: [{name: a, mspId: AMSP, domain: a.example, peers: 1}]\n"
	               "ordererOrganizations: [{name: o, mspId: OMSP, domain: o.example, "
	               "orderers: 3}]\n"
	               "consensus: {type: kafka, kafka: {brokers: 5, zookeepers: 5}}\n"
	               "exposure: {type: ClusterIP}\n"
	               "storage: {nfs: {server: nfs.example, path: /x}}\n"
	               "explorer: {enabled: true}\n");
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	EXPECT_STR(v, "/consensus/type", "kafka");
	EXPECT_INT(v, "/consensus/kafka/brokers", 5);
	EXPECT_INT(v, "/consensus/kafka/zookeepers", 5);
	EXPECT_STR(v, "/exposure/type", "ClusterIP");
	EXPECT_INT(v, "/peerOrganizations/a/ca/nodePort", 0);
	EXPECT_INT(v, "/peerOrganizations/a/peers/peer0/nodePort", 0);
	EXPECT_INT(v, "/peerOrganizations/a/peers/peer0/chaincodeNodePort", 0);
	EXPECT_INT(v, "/ordererOrganizations/o/orderers/orderer0/nodePort", 0);
	EXPECT_STR(v, "/storage/kind", "nfs");
	EXPECT_STR(v, "/storage/nfs/server", "nfs.example");
	EXPECT_STR(v, "/storage/nfs/path", "/x");
	EXPECT_BOOL(v, "/explorer/enabled", true);
	EXPECT_STR(v, "/explorer/namespace", "explorer-k");
	EXPECT_STR(v, "/images/couchdb/tag", "3.1.1");
	/* no channels: an empty mapping */
	const struct fc_node *ch = fc_pointer_resolve(v, "/channels");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ch);
	CU_ASSERT_EQUAL(ch->kind, FC_NODE_MAP);
	CU_ASSERT_EQUAL(ch->count, 0);
	teardown(&f);
}

/* Collects the pointers of pairs whose comment does not start with
 * "<key> -- ". */
static void undocumented(struct fc_arena *arena, const struct fc_node *n, const char *ptr,
                         struct fc_strbuf *bad, size_t *checked)
{
	if (n->kind == FC_NODE_MAP) {
		for (size_t i = 0; i < n->count; i++) {
			const struct fc_pair *p = &n->pairs[i];
			const char *child = fc_pointer_key(arena, ptr, p->key, p->key_len);
			(*checked)++;
			if (!p->comment || strncmp(p->comment, p->key, p->key_len) != 0 ||
			    strncmp(p->comment + p->key_len, " -- ", 4) != 0 ||
			    strlen(p->comment) <= p->key_len + 4)
				fc_strbuf_addf(bad, " %s", child);
			/* a NetworkPolicySpec is a Kubernetes object, documented as a whole */
			if (!(p->key_len == 4 && memcmp(p->key, "spec", 4) == 0))
				undocumented(arena, p->value, child, bad, checked);
		}
	} else if (n->kind == FC_NODE_SEQ) {
		for (size_t i = 0; i < n->count; i++)
			undocumented(arena, n->items[i], fc_pointer_index(arena, ptr, i), bad,
			             checked);
	}
}

static void test_values_every_key_documented(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	struct fc_strbuf bad = FC_STRBUF_INIT;
	size_t checked = 0;
	undocumented(&f.arena, v, "", &bad, &checked);
	CU_ASSERT(checked > 200);
	report(bad.len == 0, __LINE__, "keys without a \"<key> -- ...\" comment:%s", bad.buf);
	fc_strbuf_release(&bad);
	const struct fc_pair *net = fc_node_get_pair(v, "network");
	CU_ASSERT_PTR_NOT_NULL_FATAL(net);
	CU_ASSERT_STRING_EQUAL(net->comment, "network -- name of the Fabric network; organization "
	                                     "X's namespace is X-<network>");
	teardown(&f);
}

/* values.yaml's tree: emitted and read back, it is the same tree. */
static void test_values_yaml_round_trip(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_emit_yaml(&sb, v);
	struct fc_node *back = NULL;
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f.arena, "values.yaml", sb.buf, sb.len, NULL, &back, &f.diags), 0);
	EXPECT_INT(back, "/peerOrganizations/org2/peers/alpha/nodePort", 30101);
	EXPECT_STR(back, "/fabricVersion", "2.5.12");
	EXPECT_STR(back, "/consensus/batch/absoluteMaxBytes", "99 MB");
	EXPECT_BOOL(back, "/tls", true);
	EXPECT_STR(back, "/channels/ch1/anchorPeers/1/peer", "alpha");
	fc_strbuf_release(&sb);
	teardown(&f);
}

/* ---- values.schema.json ------------------------------------------------------- */

#define EXPECT_TYPE(schema, pointer, type) EXPECT_STR(schema, pointer "/type", type)
static void expect_enum(const struct fc_node *schema, const char *pointer, int at, ...)
{
	const struct fc_node *e = fc_pointer_resolve(schema, pointer);
	report(e && e->kind == FC_NODE_SEQ, at, "%s is not an array", pointer);
	if (!e || e->kind != FC_NODE_SEQ)
		return;
	va_list ap;
	va_start(ap, at);
	size_t i = 0;
	const char *want;
	while ((want = va_arg(ap, const char *))) {
		report(i < e->count && e->items[i]->kind == FC_NODE_STRING &&
		               strcmp(e->items[i]->text, want) == 0,
		       at, "%s/%zu: want '%s'", pointer, i, want);
		i++;
	}
	va_end(ap);
	report(i == e->count, at, "%s has %zu values, want %zu", pointer, e->count, i);
}
#define EXPECT_ENUM(schema, pointer, ...) expect_enum(schema, pointer, __LINE__, __VA_ARGS__, NULL)

#define P "/properties/"

/* n with every {"$ref": "#/definitions/..."} replaced by what it names and
 * the root's definitions left out: the schema a validator applies.  Counts
 * the references it followed. */
static struct fc_node *inline_refs(struct fc_arena *a, const struct fc_node *root,
                                   const struct fc_node *n, size_t *refs)
{
	if (n->kind == FC_NODE_SEQ) {
		struct fc_node *copy = fc_tree_seq(a);
		for (size_t i = 0; i < n->count; i++)
			fc_tree_push(a, copy, inline_refs(a, root, n->items[i], refs));
		return copy;
	}
	if (n->kind != FC_NODE_MAP)
		return (struct fc_node *)n;
	const struct fc_node *ref = fc_node_get(n, "$ref");
	if (ref) {
		const struct fc_node *target = NULL;
		if (strncmp(ref->text, "#/definitions/", 14) == 0)
			target = fc_pointer_resolve(root, ref->text + 1);
		report(target && n->count == 1, __LINE__, "%s: unresolved or with siblings",
		       ref->text);
		if (!target)
			return (struct fc_node *)n;
		(*refs)++;
		return inline_refs(a, root, target, refs);
	}
	struct fc_node *copy = fc_tree_map(a);
	for (size_t i = 0; i < n->count; i++)
		if (!(n == root && strcmp(n->pairs[i].key, "definitions") == 0))
			fc_tree_set(a, copy, n->pairs[i].key,
			            inline_refs(a, root, n->pairs[i].value, refs), NULL);
	return copy;
}

/* Shapes that repeat are written once, named after the object holding them,
 * without their own descriptions: the knobs of resources (every present
 * component has the same four quantities); every definition is used at
 * least twice, and the scheduling maps share definitions/scheduling. */
static void test_values_schema_definitions(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	const struct fc_node *s = fc_values_schema_build(&f.arena, v);
	EXPECT_KEYS(s, "", "$schema", "title", "type", "properties", "required",
	            "additionalProperties", "definitions");
	EXPECT_STR(s, P "resources" P "peer/$ref", "#/definitions/resources");
	EXPECT_STR(s, P "resources" P "orderer/$ref", "#/definitions/resources");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(s, "/definitions/resources/description"));
	/* kafka is absent: its resources are pinned, another shape */
	EXPECT_STR(s, P "resources" P "kafka" P "limits" P "memory/const", "2Gi");
	/* the pods without a Service take no Service keys */
	EXPECT_STR(s, P "scheduling" P "peer/$ref", "#/definitions/scheduling");
	EXPECT_STR(s, P "scheduling" P "jobs/$ref", "#/definitions/schedulingPods");
	CU_ASSERT_PTR_NOT_NULL(
	        fc_pointer_resolve(s, "/definitions/scheduling/properties/serviceLabels"));
	CU_ASSERT_PTR_NULL(
	        fc_pointer_resolve(s, "/definitions/schedulingPods/properties/serviceLabels"));
	CU_ASSERT_PTR_NULL(
	        fc_pointer_resolve(s, "/definitions/schedulingPods/properties/serviceAnnotations"));
	CU_ASSERT_PTR_NOT_NULL(
	        fc_pointer_resolve(s, "/definitions/schedulingPods/properties/nodeSelector"));
	size_t refs = 0;
	inline_refs(&f.arena, s, s, &refs);
	const struct fc_node *defs = fc_pointer_resolve(s, "/definitions");
	CU_ASSERT_PTR_NOT_NULL_FATAL(defs);
	CU_ASSERT(refs >= 2 * defs->count);
	teardown(&f);
}

/* A scheduling map (LAYOUT of issue 15) added to the values. */
/* The scheduling map of values.yaml (every component's map, empty). */
static struct fc_node *with_scheduling(struct fc_arena *a, struct fc_node *v)
{
	(void)a;
	struct fc_node *sched = (struct fc_node *)fc_node_get(v, "scheduling");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sched);
	return sched;
}

static int validate_with(struct fixture *f, const struct fc_node *schema, const struct fc_node *v)
{
	struct fc_schema *compiled = NULL;
	CU_ASSERT_EQUAL_FATAL(fc_schema_compile(&compiled, schema, NULL, &f->diags), 0);
	int rc = fc_schema_validate(compiled, v, NULL);
	fc_schema_free(compiled);
	return rc;
}

/* The schema of v as the chart has it: written as JSON and read back, so
 * that it shares no node with v (a map pinned whole is v's own node). */
static const struct fc_node *written_schema(struct fixture *f, const struct fc_node *v)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_emit_json(&sb, fc_values_schema_build(&f->arena, v));
	struct fc_node *s = NULL;
	CU_ASSERT_EQUAL(
	        fc_json_parse(&f->arena, "values.schema.json", sb.buf, sb.len, NULL, &s, &f->diags),
	        0);
	fc_strbuf_release(&sb);
	return s;
}

/* The schema accepts values.yaml; rejects a change of a compiled fact, an
 * unknown key, and a knob of the wrong grammar; accepts knobs that follow
 * theirs. */
static void test_values_schema_validates(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_node *v = fc_render_values(&f.arena, f.net);
	const struct fc_node *s = written_schema(&f, v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(validate_with(&f, s, v), 0);
	static const struct {
		const char *parent, *key, *value;
		long long number; /* when value is NULL */
		int want;
	} cases[] = {
	        {"/ordererOrganizations/ord/orderers/orderer2", "nodePort", NULL, 32000, -1},
	        {"/ordererOrganizations/ord/orderers/orderer2", "unknownKey", NULL, 1, -1},
	        {"/peerOrganizations/org2/peers/alpha", "nodePort", NULL, 30102, -1},
	        {"/peerOrganizations/org2", "mspId", "Other", 0, -1},
	        {"/consensus", "type", "BFT", 0, -1},
	        {"/exposure", "type", "ClusterIP", 0, -1},
	        {"", "network", "other", 0, -1},
	        {"/images/kafka", "tag", "9.9", 0, -1}, /* no Kafka in the network */
	        {"/resources/peer/limits", "memory", "lots", 0, -1},
	        {"/resources/peer/limits", "memory", "-1Gi", 0, -1},
	        {"/resources/peer/limits", "memory", "1.5Gi", 0, 0},
	        {"/resources/peer/limits", "cpu", NULL, 2, 0},
	        {"/resources/peer/requests", "cpu", "1e3", 0, 0},
	        {"/resources/peer/requests", "cpu", "100u", 0, 0},
	        {"/resources/peer/requests", "cpu", ".5", 0, 0},
	        {"/resources/peer/requests", "cpu", "5e", 0, -1},
	        {"/resources/peer/requests", "cpu", "1Ki2", 0, -1},
	        {"/images/peer", "repository", "registry.example.com:5000/mirror/fabric-peer", 0,
	         0},
	        {"/images/peer", "repository", "[::1]:5000/fabric__peer", 0, 0},
	        {"/images/peer", "repository", "Hyperledger/Peer", 0, -1},
	        {"/images/peer", "repository", "a//b", 0, -1},
	        {"/images/peer", "tag", "2.5.12@sha256:0123456789abcdef0123456789abcdef", 0, 0},
	        {"/images/peer", "tag", "-2.5", 0, -1},
	        {"/images/peer", "tag", "2.5@sha256:012", 0, -1},
	        {"", "imagePullPolicy", "Sometimes", 0, -1},
	        {"", "imagePullPolicy", "Never", 0, 0},
	        {"/storage", "kind", "nfs", 0, -1},
	        {"/storage/sizes", "peer", "50Gi", 0, 0},
	        {"/storage/sizes", "kafka", "50Gi", 0, -1},
	        {"/storage/sizes", "organization", "50Gi", 0, -1}, /* not NFS */
	        {"/storage", "storageClass", "fast", 0, -1}, /* kind default */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fc_node *parent = (struct fc_node *)fc_pointer_resolve(v, cases[i].parent);
		CU_ASSERT_PTR_NOT_NULL_FATAL(parent);
		struct fc_pair *pair = (struct fc_pair *)fc_node_get_pair(parent, cases[i].key);
		struct fc_node *saved = pair ? pair->value : NULL;
		struct fc_node *value = cases[i].value ? fc_tree_str(&f.arena, cases[i].value)
		                                       : fc_tree_int(&f.arena, cases[i].number);
		if (pair)
			pair->value = value;
		else
			fc_tree_set(&f.arena, parent, cases[i].key, value, NULL);
		report(validate_with(&f, s, v) == cases[i].want, __LINE__, "%s/%s = %s: want %s",
		       cases[i].parent, cases[i].key, cases[i].value ? cases[i].value : "(number)",
		       cases[i].want ? "invalid" : "valid");
		if (pair)
			pair->value = saved;
		else
			parent->count--;
	}
	CU_ASSERT_EQUAL(validate_with(&f, s, v), 0);

	/* scheduling: the maps of LAYOUT, typed after the Kubernetes schemas */
	struct fc_node *sched = with_scheduling(&f.arena, v);
	s = fc_values_schema_build(&f.arena, v);
	EXPECT_STR(s, P "scheduling" P "peer/$ref", "#/definitions/scheduling");
	EXPECT_TYPE(s, "/definitions/scheduling", "object");
	CU_ASSERT_EQUAL(validate_with(&f, s, v), 0);
	static const struct {
		const char *yaml;
		int want;
	} maps[] = {
	        {"nodeSelector: {kubernetes.io/os: linux}", 0},
	        {"nodeSelector: {kubernetes.io/os: 'not a label value'}", -1},
	        {"tolerations: [{key: dedicated, operator: Equal, value: fabric, effect: "
	         "NoSchedule}]",
	         0},
	        {"tolerations: [{key: dedicated, colour: blue}]", -1},
	        {"affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
	         "{nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: "
	         "[a]}]}]}}}",
	         0},
	        {"affinity: {nodeAffinity: {required: []}}", -1},
	        {"topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: "
	         "DoNotSchedule}]",
	         0},
	        {"topologySpreadConstraints: [{maxSkew: 1}]", -1},
	        {"imagePullSecrets: [{name: registry-credentials}]", 0},
	        {"imagePullSecrets: [{name: Registry_Credentials}]", -1},
	        {"priorityClassName: ''", 0},
	        {"priorityClassName: high-priority", 0},
	        {"priorityClassName: High", -1},
	        {"serviceAnnotations: {example.com/owner: 'team a'}", 0},
	        {"serviceAnnotations: {'bad key!': x}", -1},
	        {"serviceLabels: {tier: ledger}", 0},
	        {"unknownKey: 1", -1},
	};
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++) {
		struct fc_node *m = NULL;
		CU_ASSERT_EQUAL_FATAL(fc_load_yaml(&f.arena, "case.yaml", maps[i].yaml,
		                                   strlen(maps[i].yaml), NULL, &m, &f.diags),
		                      0);
		struct fc_pair *peer = (struct fc_pair *)fc_node_get_pair(sched, "peer");
		struct fc_node *saved = peer->value;
		peer->value = m;
		report(validate_with(&f, s, v) == maps[i].want, __LINE__,
		       "scheduling.peer = %s: want %s", maps[i].yaml,
		       maps[i].want ? "invalid" : "valid");
		peer->value = saved;
	}
	teardown(&f);
}

static void test_values_schema(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	size_t refs = 0;
	const struct fc_node *shared = fc_values_schema_build(&f.arena, v);
	/* what follows reads the schema as a validator applies it */
	const struct fc_node *s = inline_refs(&f.arena, shared, shared, &refs);
	CU_ASSERT(refs > 0);
	EXPECT_STR(s, "/$schema", "http://json-schema.org/draft-07/schema#");
	EXPECT_STR(s, "/title", "Values of a fabchart-generated chart");
	EXPECT_KEYS(s, "", "$schema", "title", "type", "properties", "required",
	            "additionalProperties");
	EXPECT_STR(s, "/type", "object");
	EXPECT_BOOL(s, "/additionalProperties", false);
	/* required: every key of values, in order */
	const struct fc_node *req = fc_pointer_resolve(s, "/required");
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	CU_ASSERT_EQUAL_FATAL(req->count, v->count);
	for (size_t i = 0; i < v->count; i++)
		CU_ASSERT_STRING_EQUAL(req->items[i]->text, v->pairs[i].key);
	/* compiled facts: description, then const (the compiled value) */
	EXPECT_KEYS(s, P "network", "description", "const");
	EXPECT_STR(s, P "network/const", "net");
	EXPECT_STR(s, P "network/description",
	           "name of the Fabric network; organization X's namespace is X-<network>");
	EXPECT_BOOL(s, P "tls/const", true);
	EXPECT_STR(s, P "consensus" P "type/const", "etcdraft");
	EXPECT_INT(s, P "consensus" P "batch" P "maxMessageCount/const", 10);
	EXPECT_STR(s, P "exposure" P "type/const", "NodePort");
	EXPECT_STR(s, P "storage" P "kind/const", "default");
	EXPECT_STR(s, P "peerOrganizations" P "org1" P "stateDatabase/const", "CouchDB");
	/* below an organization's own keys, a map without knobs is pinned
	 * whole, without description (values.yaml has it) */
	EXPECT_INT(s,
	           P "peerOrganizations" P "org2" P "peers" P "alpha"
	             "/const/nodePort",
	           30101);
	EXPECT_KEYS(s, P "peerOrganizations" P "org2" P "peers" P "alpha", "const");
	EXPECT_KEYS(s, P "peerOrganizations" P "org2" P "peers", "description", "type",
	            "properties", "required", "additionalProperties");
	EXPECT_STR(s, P "peerOrganizations" P "org2" P "mspId/description", "MSP ID");
	EXPECT_STR(s, P "channels" P "ch1" P "organizations/const/1", "org2");
	EXPECT_STR(s, P "channels" P "ch1" P "anchorPeers/const/1/peer", "alpha");
	EXPECT_STR(s, P "networkPolicies" P "nodeCidrs/const/0", "10.0.0.0/8");
	/* maps of compiled facts stay objects: closed, every key required */
	EXPECT_BOOL(s, P "peerOrganizations/additionalProperties", false);
	EXPECT_BOOL(s, P "peerOrganizations" P "org1" P "peers/additionalProperties", false);
	const struct fc_node *oreq = fc_pointer_resolve(s, P "peerOrganizations" P "org1/required");
	CU_ASSERT_PTR_NOT_NULL_FATAL(oreq);
	CU_ASSERT_EQUAL(oreq->count, 11);
	/* knobs */
	EXPECT_ENUM(s, P "imagePullPolicy/enum", "Always", "IfNotPresent", "Never");
	EXPECT_TYPE(s, P "images" P "peer" P "repository", "string");
	CU_ASSERT_PTR_NOT_NULL(
	        fc_pointer_resolve(s, P "images" P "peer" P "repository/anyOf/0/pattern"));
	EXPECT_STR(s, P "images" P "peer" P "repository/anyOf/1/const", "hyperledger/fabric-peer");
	CU_ASSERT_PTR_NOT_NULL(fc_pointer_resolve(s, P "images" P "couchdb" P "tag/pattern"));
	CU_ASSERT_PTR_NOT_NULL(fc_pointer_resolve(s, P "images" P "kubectl" P "tag/pattern"));
	EXPECT_STR(s, P "images" P "kafka" P "tag/const", "0.4.22");
	EXPECT_STR(s, P "images" P "explorer" P "tag/const", "2.0.0");
	CU_ASSERT_PTR_NOT_NULL(
	        fc_pointer_resolve(s, P "resources" P "peer" P "limits" P "memory/pattern"));
	EXPECT_INT(s, P "resources" P "peer" P "limits" P "memory/minimum", 0);
	CU_ASSERT_PTR_NOT_NULL(fc_pointer_resolve(s, P "storage" P "sizes" P "peer/pattern"));
	EXPECT_STR(s, P "storage" P "sizes" P "organization/const", "10Gi");
	EXPECT_STR(s, P "storage" P "storageClass/const", "");
	/* compiled lists are pinned whole */
	CU_ASSERT_PTR_NOT_NULL(fc_pointer_resolve(s, P "channels" P "ch1" P "organizations/const"));
	teardown(&f);
}

static void test_values_schema_of_small_trees(void)
{
	struct fc_arena a;
	fc_arena_init(&a);
	struct fc_node *v = fc_tree_map(&a);
	fc_tree_set(&a, v, "empty", fc_tree_seq(&a), "empty -- an empty list");
	fc_tree_set(&a, v, "none", fc_tree_null(&a), "none");
	fc_tree_set(&a, v, "obj", fc_tree_map(&a), NULL);
	struct fc_node *s = fc_values_schema_build(&a, v);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_emit_json(&sb, s);
	/* a comment without " -- " is the description as a whole; every value
	 * of a tree without knobs is pinned */
	CU_ASSERT_STRING_EQUAL(
	        sb.buf, "{\n"
	                "  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
	                "  \"title\": \"Values of a fabchart-generated chart\",\n"
	                "  \"type\": \"object\",\n"
	                "  \"properties\": {\n"
	                "    \"empty\": {\"description\": \"an empty list\", \"const\": []},\n"
	                "    \"none\": {\"description\": \"none\", \"const\": null},\n"
	                "    \"obj\": {\"const\": {}}\n"
	                "  },\n"
	                "  \"required\": [\"empty\", \"none\", \"obj\"],\n"
	                "  \"additionalProperties\": false\n"
	                "}\n");
	fc_strbuf_release(&sb);
	fc_arena_release(&a);
}

/* ---- the chart ------------------------------------------------------------------ */

static void render(struct fixture *f, const struct fc_fileset *skeleton, struct fc_fileset *chart)
{
	struct fc_render_options opt = {"fabchart 0.1.0", SHA,  f->yaml,
	                                strlen(f->yaml),  NULL, NULL};
	memset(chart, 0, sizeof(*chart));
	fc_render_chart(&f->arena, f->net, skeleton, &opt, chart);
}

static const char *file_text(const struct fc_fileset *chart, const char *path)
{
	const struct fc_file *file = fc_fileset_find(chart, path);
	return file ? file->data : NULL;
}

static void test_chart_files(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_fileset empty = {0}, chart;
	render(&f, &empty, &chart);
	static const char *const paths[] = {"Chart.yaml",
	                                    "README.md",
	                                    "files/configtx.yaml",
	                                    "files/crypto-config.yaml",
	                                    "files/crypto-servers.yaml",
	                                    "files/identities.plan",
	                                    "files/monitoring/alerts.yaml",
	                                    "files/monitoring/dashboards/channel-heights.json",
	                                    "files/monitoring/dashboards/network-overview.json",
	                                    "files/monitoring/dashboards/orderer-consensus.json",
	                                    "files/monitoring/dashboards/peer-endorsement.json",
	                                    "files/portmap.csv",
	                                    "files/profiles/org1.json",
	                                    "files/profiles/org2.json",
	                                    "files/topology.yaml",
	                                    "values.schema.json",
	                                    "values.yaml"};
	CU_ASSERT_EQUAL_FATAL(chart.count, 17);
	/* the topology as given, byte for byte (what `plan --from` reads) */
	CU_ASSERT_STRING_EQUAL(file_text(&chart, "files/topology.yaml"), SMALL);
	for (size_t i = 0; i < 17; i++) {
		CU_ASSERT_STRING_EQUAL(chart.files[i].path, paths[i]);
		CU_ASSERT(chart.files[i].size > 0);
		CU_ASSERT_EQUAL(chart.files[i].size, strlen(chart.files[i].data));
		CU_ASSERT_EQUAL(chart.files[i].data[chart.files[i].size - 1], '\n');
	}
	teardown(&f);
}

static void test_chart_yaml(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_fileset empty = {0}, chart;
	render(&f, &empty, &chart);
	const char *text = file_text(&chart, "Chart.yaml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_STRING_EQUAL(
	        text, "apiVersion: \"v2\"\n"
	              "name: \"fabric\"\n"
	              "version: \"0.1.0\"\n"
	              "appVersion: \"2.5.12\"\n"
	              "kubeVersion: \">=1.25.0-0\"\n"
	              "description: \"Hyperledger Fabric 2.5.12 network 'net', generated by "
	              "fabchart\"\n"
	              "type: \"application\"\n"
	              "home: \"https://github.com/hyperledger/fabric\"\n"
	              "sources:\n"
	              "- \"https://github.com/hyperledger/fabric\"\n"
	              "maintainers:\n"
	              "- name: \"net network operators\"\n"
	              "keywords:\n"
	              "- \"hyperledger\"\n"
	              "- \"fabric\"\n"
	              "- \"blockchain\"\n"
	              "- \"etcdraft\"\n"
	              "annotations:\n"
	              "  \"fabchart.dev/generator\": \"fabchart 0.1.0\"\n"
	              "  \"fabchart.dev/topology-sha256\": "
	              "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\n"
	              "  \"fabchart.dev/network\": \"net\"\n");
	/* it reads back as YAML with the same values */
	struct fc_node *root = NULL;
	CU_ASSERT_EQUAL_FATAL(
	        fc_load_yaml(&f.arena, "Chart.yaml", text, strlen(text), NULL, &root, &f.diags), 0);
	EXPECT_STR(root, "/apiVersion", "v2");
	EXPECT_STR(root, "/appVersion", "2.5.12");
	EXPECT_STR(root, "/kubeVersion", ">=1.25.0-0");
	EXPECT_STR(root, "/annotations/fabchart.dev~1topology-sha256", SHA);
	teardown(&f);
}

static void test_chart_yaml_metadata(void)
{
	struct fixture f;
	setup_with(&f, "network: n\n"
	               "chart:\n"
	               "  name: mine\n"
	               "  version: 2.0.0\n"
	               "  description: Mine\n"
	               "  home: https://example.com\n"
	               "  sources: [https://s.example]\n"
	               "  maintainers:\n"
	               "    - {name: Ann, email: ann@example.com, url: https://ann.example}\n"
	               "fabric: {version: 3.0.0}\n"
	               "peerOrganizations: [{name: a, mspId: AMSP, domain: a.example, peers: 1}]\n"
	               "ordererOrganizations: [{name: o, mspId: OMSP, domain: o.example, "
	               "orderers: 4}]\n"
	               "consensus: {type: BFT}\n"
	               "exposure: {type: ClusterIP}\n");
	struct fc_fileset empty = {0}, chart;
	render(&f, &empty, &chart);
	CU_ASSERT_STRING_EQUAL(
	        file_text(&chart, "Chart.yaml"),
	        "apiVersion: \"v2\"\n"
	        "name: \"mine\"\n"
	        "version: \"2.0.0\"\n"
	        "appVersion: \"3.0.0\"\n"
	        "kubeVersion: \">=1.25.0-0\"\n"
	        "description: \"Mine\"\n"
	        "type: \"application\"\n"
	        "home: \"https://example.com\"\n"
	        "sources:\n"
	        "- \"https://s.example\"\n"
	        "maintainers:\n"
	        "- name: \"Ann\"\n"
	        "  email: \"ann@example.com\"\n"
	        "  url: \"https://ann.example\"\n"
	        "keywords:\n"
	        "- \"hyperledger\"\n"
	        "- \"fabric\"\n"
	        "- \"blockchain\"\n"
	        "- \"BFT\"\n"
	        "annotations:\n"
	        "  \"fabchart.dev/generator\": \"fabchart 0.1.0\"\n"
	        "  \"fabchart.dev/topology-sha256\": "
	        "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\n"
	        "  \"fabchart.dev/network\": \"n\"\n");
	teardown(&f);
}

static void test_portmap_csv(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_fileset empty = {0}, chart;
	render(&f, &empty, &chart);
	/* the CAs are closed (exposure.caExternal is off): no NodePort, not external */
	const char *want = "namespace,service,component,port_name,port,node_port,external\n"
	                   "org1-net,ca,ca,ca,7054,0,false\n"
	                   "org1-net,peer0,peer,grpc,7051,30001,true\n"
	                   "org1-net,peer0,peer,chaincode,7052,30002,true\n"
	                   "org2-net,ca,ca,ca,7054,0,false\n"
	                   "org2-net,alpha,peer,grpc,7051,30101,true\n"
	                   "org2-net,alpha,peer,chaincode,7052,30102,true\n"
	                   "ord-net,orderer0,orderer,grpc,7050,32701,true\n"
	                   "ord-net,orderer1,orderer,grpc,7050,32702,true\n"
	                   "ord-net,orderer2,orderer,grpc,7050,32703,true\n";
	CU_ASSERT_STRING_EQUAL(file_text(&chart, "files/portmap.csv"), want);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_portmap_format(&sb, f.net, FC_PORTMAP_CSV);
	CU_ASSERT_STRING_EQUAL(sb.buf, want);
	fc_strbuf_release(&sb);
	teardown(&f);
}

/* The explorer's row names the explorer's namespace. */
static void test_portmap_csv_explorer(void)
{
	struct fixture f;
	setup_with(&f, "network: net\n"
	               "fabric: {version: 2.5.12}\n"
	               "peerOrganizations: [{name: a, mspId: AMSP, domain: a.example, peers: 1, "
	               "ca: false}]\n"
	               "ordererOrganizations: [{name: o, mspId: OMSP, domain: o.example, "
	               "orderers: 3}]\n"
	               "consensus: {type: etcdraft}\n"
	               "isolation: {nodeCidrs: [10.0.0.0/8]}\n"
	               "exposure: {nodePort: {explorer: 31000}}\n"
	               "explorer: {enabled: true}\n");
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_portmap_format(&sb, f.net, FC_PORTMAP_CSV);
	CU_ASSERT_STRING_EQUAL(sb.buf,
	                       "namespace,service,component,port_name,port,node_port,external\n"
	                       "a-net,peer0,peer,grpc,7051,30001,true\n"
	                       "a-net,peer0,peer,chaincode,7052,30002,true\n"
	                       "o-net,orderer0,orderer,grpc,7050,32701,true\n"
	                       "o-net,orderer1,orderer,grpc,7050,32702,true\n"
	                       "o-net,orderer2,orderer,grpc,7050,32703,true\n"
	                       "explorer-net,explorer,explorer,http,8080,31000,true\n");
	fc_strbuf_release(&sb);
	struct fc_fileset empty = {0}, chart;
	render(&f, &empty, &chart);
	const char *readme = file_text(&chart, "README.md");
	CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(readme, "| explorer-net | explorer | 8080 (http) | 31000 |\n"));
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	EXPECT_INT(v, "/explorer/nodePort", 31000);
	EXPECT_BOOL(v, "/peerOrganizations/a/ca/enabled", false);
	EXPECT_INT(v, "/peerOrganizations/a/ca/nodePort", 0);
	teardown(&f);
}

static void test_values_yaml_file(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_fileset empty = {0}, chart;
	render(&f, &empty, &chart);
	const char *text = file_text(&chart, "values.yaml");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	const char *head = "# Values of the net network's chart, derived by fabchart 0.1.0 from "
	                   "its topology.\n"
	                   "# Everything is set explicitly so that the chart can be read and "
	                   "diffed;\n"
	                   "# values.schema.json checks overrides.\n"
	                   "# network -- name of the Fabric network; organization X's namespace "
	                   "is X-<network>\n"
	                   "network: \"net\"\n";
	CU_ASSERT_EQUAL(strncmp(text, head, strlen(head)), 0);
	/* the rest is the emitted values tree */
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_emit_yaml(&sb, fc_render_values(&f.arena, f.net));
	const char *body = strstr(text, "# network -- ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	CU_ASSERT_STRING_EQUAL(body, sb.buf);
	fc_strbuf_reset(&sb);
	/* values.schema.json is the schema of the same tree */
	fc_emit_json(&sb, fc_values_schema_build(&f.arena, fc_render_values(&f.arena, f.net)));
	CU_ASSERT_STRING_EQUAL(file_text(&chart, "values.schema.json"), sb.buf);
	fc_strbuf_release(&sb);
	teardown(&f);
}

static void test_readme(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_fileset empty = {0}, chart;
	render(&f, &empty, &chart);
	const char *text = file_text(&chart, "README.md");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	static const char *const parts[] = {
	        "# fabric 0.1.0\n\nHyperledger Fabric 2.5.12 network 'net', generated by "
	        "fabchart.\n\n",
	        "Generated by fabchart 0.1.0 from a topology whose sha256 is "
	        "`0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`.",
	        "- Network: `net`, Hyperledger Fabric 2.5.12, consensus etcdraft\n",
	        "- Exposure: NodePort; NetworkPolicies on\n",
	        "helm install NAME fabric-0.1.0.tgz\n",
	        "| org1 | peer | Org1MSP | org1-net | 1 peer (CouchDB) |\n",
	        "| org2 | peer | Org2MSP | org2-net | 1 peer (LevelDB) |\n",
	        "| ord | orderer | OrdMSP | ord-net | 3 orderers |\n",
	        "- `ch1`: org1, org2\n",
	        "| org1-net | ca | 7054 (ca) | - |\n",
	        "| org2-net | alpha | 7052 (chaincode) | 30102 |\n",
	        "| ord-net | orderer2 | 7050 (grpc) | 32703 |\n",
	        "| key | type | default | what it changes |\n",
	        "| `imagePullPolicy` | Always, IfNotPresent or Never | `IfNotPresent` | "
	        "imagePullPolicy of every container |\n",
	        "| `images.peer.repository` | image repository ([registry[:port]/]path) | "
	        "`hyperledger/fabric-peer` | Fabric peer image: image repository |\n",
	        "| `resources.peer.limits.memory` | Kubernetes quantity, not negative | `",
	        "| `storage.sizes.peer` | Kubernetes quantity, not negative | ",
	        "Every other value is a compiled fact",
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		report(strstr(text, parts[i]) != NULL, __LINE__, "README.md lacks: %s", parts[i]);
	CU_ASSERT_EQUAL(strncmp(text, parts[0], strlen(parts[0])), 0);
	/* compiled facts and the knobs of absent components are not listed */
	CU_ASSERT_PTR_NULL(strstr(text, "`consensus.type`"));
	CU_ASSERT_PTR_NULL(strstr(text, "`images.kafka."));
	CU_ASSERT_PTR_NULL(strstr(text, "`storage.sizes.organization`"));
	teardown(&f);

	/* no channels; ClusterIP ports have no NodePort */
	setup_with(&f, "network: n\nfabric: {version: 2.5.12}\n"
	               "peerOrganizations: [{name: a, mspId: AMSP, domain: a.example, peers: 1}]\n"
	               "ordererOrganizations: [{name: o, mspId: OMSP, domain: o.example, "
	               "orderers: 3}]\n"
	               "consensus: {type: etcdraft}\nexposure: {type: ClusterIP}\n"
	               "isolation: {networkPolicies: false}\n");
	render(&f, &empty, &chart);
	text = file_text(&chart, "README.md");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n## Channels\n\nNone.\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "| a-n | ca | 7054 (ca) | - |\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "- Exposure: ClusterIP; NetworkPolicies off\n"));
	teardown(&f);
}

static void test_skeleton_files_and_determinism(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_fileset skel = {0}, chart, again;
	fc_fileset_add(&f.arena, &skel, "templates/peer.yaml", "kind: Pod\n", 10);
	fc_fileset_add(&f.arena, &skel, ".helmignore", "*.swp\n", 6);
	fc_fileset_add(&f.arena, &skel, "templates/NOTES.txt", "notes", 5);
	render(&f, &skel, &chart);
	static const char *const paths[] = {".helmignore",
	                                    "Chart.yaml",
	                                    "README.md",
	                                    "files/configtx.yaml",
	                                    "files/crypto-config.yaml",
	                                    "files/crypto-servers.yaml",
	                                    "files/identities.plan",
	                                    "files/monitoring/alerts.yaml",
	                                    "files/monitoring/dashboards/channel-heights.json",
	                                    "files/monitoring/dashboards/network-overview.json",
	                                    "files/monitoring/dashboards/orderer-consensus.json",
	                                    "files/monitoring/dashboards/peer-endorsement.json",
	                                    "files/portmap.csv",
	                                    "files/profiles/org1.json",
	                                    "files/profiles/org2.json",
	                                    "files/topology.yaml",
	                                    "templates/NOTES.txt",
	                                    "templates/peer.yaml",
	                                    "values.schema.json",
	                                    "values.yaml"};
	CU_ASSERT_EQUAL_FATAL(chart.count, 20);
	for (size_t i = 0; i < 20; i++)
		CU_ASSERT_STRING_EQUAL(chart.files[i].path, paths[i]);
	CU_ASSERT_STRING_EQUAL(file_text(&chart, "templates/peer.yaml"), "kind: Pod\n");
	/* the skeleton is left as it was */
	CU_ASSERT_EQUAL(skel.count, 3);
	CU_ASSERT_STRING_EQUAL(skel.files[0].path, "templates/peer.yaml");
	render(&f, &skel, &again);
	CU_ASSERT_EQUAL_FATAL(again.count, chart.count);
	for (size_t i = 0; i < chart.count; i++) {
		CU_ASSERT_STRING_EQUAL(again.files[i].path, chart.files[i].path);
		CU_ASSERT_EQUAL(again.files[i].size, chart.files[i].size);
		CU_ASSERT_EQUAL(
		        memcmp(again.files[i].data, chart.files[i].data, chart.files[i].size), 0);
	}
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("render: values", FC_TEST(test_values_exact), FC_TEST(test_values_compiled_lists),
	         FC_TEST(test_values_kafka_and_cluster_ip),
	         FC_TEST(test_values_every_key_documented), FC_TEST(test_values_yaml_round_trip));
	FC_SUITE("render: values schema", FC_TEST(test_values_schema),
	         FC_TEST(test_values_schema_definitions), FC_TEST(test_values_schema_validates),
	         FC_TEST(test_values_schema_of_small_trees));
	FC_SUITE("render: chart", FC_TEST(test_chart_files), FC_TEST(test_chart_yaml),
	         FC_TEST(test_chart_yaml_metadata), FC_TEST(test_portmap_csv),
	         FC_TEST(test_portmap_csv_explorer), FC_TEST(test_values_yaml_file),
	         FC_TEST(test_readme), FC_TEST(test_skeleton_files_and_determinism));
}

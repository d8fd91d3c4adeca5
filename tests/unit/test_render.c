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
#include "load.h"
#include "model.h"
#include "portmap.h"
#include "render.h"
#include "schema.h"
#include "strbuf.h"

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
};

static void setup_with(struct fixture *f, const char *yaml)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
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

static void test_values_exact(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	EXPECT_KEYS(v, "", "network", "fabricVersion", "fabricMajor", "tls", "clusterDomain",
	            "ordererSettings", "peerSettings", "caSettings", "images", "imagePullPolicy",
	            "consensus", "peerOrganizations", "ordererOrganizations", "channels",
	            "exposure", "networkPolicies", "explorer", "storage", "resources");
	EXPECT_STR(v, "/network", "net");
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
	            "stateDatabase", "cli", "ca", "peers");
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
	            "gossipBootstrap", "nodePort", "chaincodeNodePort");
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
	            "orderers");
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
#define EXPECT_PORT_RANGE(schema, pointer)                     \
	do {                                                   \
		EXPECT_INT(schema, pointer "/minimum", 0);     \
		EXPECT_INT(schema, pointer "/maximum", 65535); \
	} while (0)

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

/* Shapes that repeat are written once: the three orderers share one
 * definition, named after the object holding them, without their own
 * descriptions; shapes seen once stay inline. */
static void test_values_schema_definitions(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	const struct fc_node *s = fc_render_values_schema(&f.arena, v);
	EXPECT_KEYS(s, "", "$schema", "title", "type", "properties", "required",
	            "additionalProperties", "definitions");
	const char *const ord = P "ordererOrganizations" P "ord" P "orderers" P;
	char ptr[200];
	for (int i = 0; i < 3; i++) {
		snprintf(ptr, sizeof(ptr), "%sorderer%d", ord, i);
		const struct fc_node *o = fc_pointer_resolve(s, ptr);
		CU_ASSERT_PTR_NOT_NULL_FATAL(o);
		CU_ASSERT_EQUAL(o->count, 1);
		EXPECT_STR(o, "/$ref", "#/definitions/orderers");
	}
	EXPECT_TYPE(s, "/definitions/orderers", "object");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(s, "/definitions/orderers/description"));
	EXPECT_PORT_RANGE(s, "/definitions/orderers" P "nodePort");
	/* org1 and org2 differ (peer names, CLI): inline, each with its description */
	EXPECT_TYPE(s, P "peerOrganizations" P "org1", "object");
	EXPECT_STR(s, P "peerOrganizations" P "org1/description", "peer organization org1");
	/* a definition is used at least twice */
	size_t refs = 0;
	inline_refs(&f.arena, s, s, &refs);
	const struct fc_node *defs = fc_pointer_resolve(s, "/definitions");
	CU_ASSERT_PTR_NOT_NULL_FATAL(defs);
	CU_ASSERT(refs >= 2 * defs->count);
	teardown(&f);
}

/* The schema with its definitions accepts values.yaml and rejects what the
 * inline schema rejects, inside a shared shape too. */
static void test_values_schema_validates(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	struct fc_node *v = fc_render_values(&f.arena, f.net);
	const struct fc_node *s = fc_render_values_schema(&f.arena, v);
	struct fc_schema *compiled = NULL;
	CU_ASSERT_EQUAL_FATAL(fc_schema_compile(&compiled, s, NULL, &f.diags), 0);
	CU_ASSERT_EQUAL(fc_schema_validate(compiled, v, NULL), 0);
	struct fc_node *orderer = (struct fc_node *)fc_pointer_resolve(
	        v, "/ordererOrganizations/ord/orderers/orderer2");
	CU_ASSERT_PTR_NOT_NULL_FATAL(orderer);
	struct fc_pair *port = (struct fc_pair *)fc_node_get_pair(orderer, "nodePort");
	CU_ASSERT_PTR_NOT_NULL_FATAL(port);
	struct fc_node *saved = port->value;
	port->value = fc_tree_int(&f.arena, 70000);
	CU_ASSERT_EQUAL(fc_schema_validate(compiled, v, NULL), -1);
	port->value = saved;
	fc_tree_set(&f.arena, orderer, "unknownKey", fc_tree_int(&f.arena, 1), NULL);
	CU_ASSERT_EQUAL(fc_schema_validate(compiled, v, NULL), -1);
	fc_schema_free(compiled);
	teardown(&f);
}

static void test_values_schema(void)
{
	struct fixture f;
	setup_with(&f, SMALL);
	const struct fc_node *v = fc_render_values(&f.arena, f.net);
	size_t refs = 0;
	const struct fc_node *shared = fc_render_values_schema(&f.arena, v);
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
	/* property schemas: description, then type, then constraints */
	EXPECT_KEYS(s, P "network", "description", "type");
	EXPECT_TYPE(s, P "network", "string");
	EXPECT_STR(s, P "network/description",
	           "name of the Fabric network; organization X's namespace is X-<network>");
	EXPECT_TYPE(s, P "tls", "boolean");
	EXPECT_TYPE(s, P "consensus", "object");
	EXPECT_BOOL(s, P "consensus/additionalProperties", false);
	EXPECT_TYPE(s, P "consensus" P "batch" P "maxMessageCount", "integer");
	EXPECT_ENUM(s, P "consensus" P "type/enum", "solo", "kafka", "etcdraft", "BFT");
	EXPECT_ENUM(s, P "imagePullPolicy/enum", "Always", "IfNotPresent", "Never");
	EXPECT_ENUM(s, P "exposure" P "type/enum", "NodePort", "ClusterIP", "LoadBalancer");
	EXPECT_ENUM(s, P "storage" P "kind/enum", "default", "nfs", "storageClass");
	EXPECT_ENUM(s, P "peerOrganizations" P "org1" P "stateDatabase/enum", "CouchDB", "LevelDB");
	/* no enum where the key only happens to be "type" or "kind" */
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(s, P "network/enum"));
	/* ports */
	EXPECT_KEYS(s, P "exposure" P "nodePort" P "peerBase", "description", "type", "minimum",
	            "maximum");
	EXPECT_TYPE(s, P "exposure" P "nodePort" P "peerBase", "integer");
	EXPECT_PORT_RANGE(s, P "exposure" P "nodePort" P "peerBase");
	EXPECT_PORT_RANGE(s, P "exposure" P "nodePort" P "ordererBase");
	EXPECT_PORT_RANGE(s, P "exposure" P "nodePort" P "rangeStart");
	EXPECT_PORT_RANGE(s, P "exposure" P "nodePort" P "rangeEnd");
	EXPECT_PORT_RANGE(s, P "explorer" P "nodePort");
	EXPECT_PORT_RANGE(s, P "peerOrganizations" P "org1" P "ca" P "nodePort");
	EXPECT_PORT_RANGE(s, P "peerOrganizations" P "org1" P "peers" P "peer0" P "nodePort");
	EXPECT_PORT_RANGE(s,
	                  P "peerOrganizations" P "org1" P "peers" P "peer0" P "chaincodeNodePort");
	EXPECT_PORT_RANGE(s,
	                  P "ordererOrganizations" P "ord" P "orderers" P "orderer0" P "nodePort");
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(s, P "exposure" P "nodePort" P "stride/minimum"));
	CU_ASSERT_PTR_NULL(fc_pointer_resolve(s, P "peerOrganizations" P "org1" P "index/minimum"));
	/* nested objects close their properties too */
	EXPECT_BOOL(s, P "peerOrganizations/additionalProperties", false);
	EXPECT_BOOL(s, P "peerOrganizations" P "org1" P "peers/additionalProperties", false);
	const struct fc_node *oreq = fc_pointer_resolve(s, P "peerOrganizations" P "org1/required");
	CU_ASSERT_PTR_NOT_NULL_FATAL(oreq);
	CU_ASSERT_EQUAL(oreq->count, 8);
	/* arrays: items from the first item; an empty array holds strings */
	EXPECT_TYPE(s, P "channels" P "ch1" P "organizations", "array");
	EXPECT_TYPE(s, P "channels" P "ch1" P "organizations/items", "string");
	EXPECT_TYPE(s, P "channels" P "ch1" P "anchorPeers/items", "object");
	EXPECT_KEYS(s, P "channels" P "ch1" P "anchorPeers/items", "type", "properties", "required",
	            "additionalProperties");
	EXPECT_TYPE(s, P "channels" P "ch1" P "anchorPeers/items" P "peer", "string");
	EXPECT_TYPE(s, P "networkPolicies" P "nodeCidrs/items", "string");
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
	struct fc_node *s = fc_render_values_schema(&a, v);
	EXPECT_STR(s, P "empty/description", "an empty list");
	EXPECT_TYPE(s, P "empty", "array");
	EXPECT_TYPE(s, P "empty/items", "string");
	/* a comment without " -- " is the description as a whole */
	EXPECT_STR(s, P "none/description", "none");
	EXPECT_TYPE(s, P "none", "null");
	EXPECT_KEYS(s, P "obj", "type", "properties", "additionalProperties");
	EXPECT_BOOL(s, P "obj/additionalProperties", false);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_emit_json(&sb, s);
	CU_ASSERT_STRING_EQUAL(sb.buf,
	                       "{\n"
	                       "  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
	                       "  \"title\": \"Values of a fabchart-generated chart\",\n"
	                       "  \"type\": \"object\",\n"
	                       "  \"properties\": {\n"
	                       "    \"empty\": {\n"
	                       "      \"description\": \"an empty list\",\n"
	                       "      \"type\": \"array\",\n"
	                       "      \"items\": {\n"
	                       "        \"type\": \"string\"\n"
	                       "      }\n"
	                       "    },\n"
	                       "    \"none\": {\n"
	                       "      \"description\": \"none\",\n"
	                       "      \"type\": \"null\"\n"
	                       "    },\n"
	                       "    \"obj\": {\n"
	                       "      \"type\": \"object\",\n"
	                       "      \"properties\": {},\n"
	                       "      \"additionalProperties\": false\n"
	                       "    }\n"
	                       "  },\n"
	                       "  \"required\": [\n"
	                       "    \"empty\",\n"
	                       "    \"none\",\n"
	                       "    \"obj\"\n"
	                       "  ],\n"
	                       "  \"additionalProperties\": false\n"
	                       "}\n");
	fc_strbuf_release(&sb);
	fc_arena_release(&a);
}

/* ---- the chart ------------------------------------------------------------------ */

static void render(struct fixture *f, const struct fc_fileset *skeleton, struct fc_fileset *chart)
{
	struct fc_render_options opt = {"fabchart 0.1.0", SHA};
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
	                                    "files/identities.plan",
	                                    "files/portmap.csv",
	                                    "values.schema.json",
	                                    "values.yaml"};
	CU_ASSERT_EQUAL_FATAL(chart.count, 8);
	for (size_t i = 0; i < 8; i++) {
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
	fc_emit_json(&sb, fc_render_values_schema(&f.arena, fc_render_values(&f.arena, f.net)));
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
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		report(strstr(text, parts[i]) != NULL, __LINE__, "README.md lacks: %s", parts[i]);
	CU_ASSERT_EQUAL(strncmp(text, parts[0], strlen(parts[0])), 0);
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
	                                    "files/identities.plan",
	                                    "files/portmap.csv",
	                                    "templates/NOTES.txt",
	                                    "templates/peer.yaml",
	                                    "values.schema.json",
	                                    "values.yaml"};
	CU_ASSERT_EQUAL_FATAL(chart.count, 11);
	for (size_t i = 0; i < 11; i++)
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
	FC_SUITE("render: values", FC_TEST(test_values_exact),
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

/*
 * Unit tests of inventory: the objects of small networks (kinds, names,
 * namespaces, labels, container ports) and that its NetworkPolicies are
 * fc_policies_build's.
 */
#include "arena.h"
#include "cunit_main.h"
#include "topology_fragments.h"
#include "model_fixture.h"
#include "diag.h"
#include "doc.h"
#include "inventory.h"
#include "load.h"
#include "model.h"
#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EXPECT_ABSENT(root, pointer) \
	report(!fc_pointer_resolve(root, pointer), __LINE__, "%s is present", pointer)

/* "Kind namespace/name" ("Kind name" without a namespace) of object i. */
static const char *describe(struct fixture *f, const struct fc_node *o)
{
	const struct fc_node *kind = fc_pointer_resolve(o, "/kind");
	const struct fc_node *ns = fc_pointer_resolve(o, "/metadata/namespace");
	const struct fc_node *name = fc_pointer_resolve(o, "/metadata/name");
	return fc_arena_printf(&f->arena, "%s %s%s%s", kind ? kind->text : "?", ns ? ns->text : "",
	                       ns ? "/" : "", name ? name->text : "?");
}

#define EXPECT_OBJECTS(f, objs, n, ...) expect_objects(f, objs, n, __LINE__, __VA_ARGS__, NULL)
/* The objects that are not NetworkPolicies are exactly these, in order. */
static void expect_objects(struct fixture *f, struct fc_node **objs, size_t n, int at, ...)
{
	va_list ap;
	va_start(ap, at);
	size_t i = 0;
	const char *want;
	while ((want = va_arg(ap, const char *))) {
		const char *got = i < n ? describe(f, objs[i]) : "(none)";
		report(strcmp(got, want) == 0, at, "object %zu is %s, want %s", i, got, want);
		i++;
	}
	va_end(ap);
	const char *next = i < n ? describe(f, objs[i]) : "";
	report(i == n || strncmp(next, "NetworkPolicy ", 14) == 0, at,
	       "object %zu is %s, want a NetworkPolicy", i, next);
}

static const struct fc_node *find(struct fixture *f, struct fc_node **objs, size_t n,
                                  const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(describe(f, objs[i]), what) == 0)
			return objs[i];
	return NULL;
}

#define EXPECT_PORTS(o, ...) expect_ports(o, "0", __LINE__, __VA_ARGS__, NULL)
#define EXPECT_PORTS_OF(o, container, ...) expect_ports(o, container, __LINE__, __VA_ARGS__, NULL)
/* The ports of container (an index) are exactly these "name=number" (TCP). */
static void expect_ports(const struct fc_node *o, const char *container, int at, ...)
{
	char pointer[64];
	snprintf(pointer, sizeof(pointer), "/spec/template/spec/containers/%s/ports", container);
	const struct fc_node *ports = o ? fc_pointer_resolve(o, pointer) : NULL;
	report(ports && ports->kind == FC_NODE_SEQ, at, "no ports");
	if (!ports || ports->kind != FC_NODE_SEQ)
		return;
	va_list ap;
	va_start(ap, at);
	size_t i = 0;
	const char *want;
	while ((want = va_arg(ap, const char *))) {
		char got[128] = "(none)";
		if (i < ports->count) {
			const struct fc_node *p = ports->items[i];
			const struct fc_node *name = fc_node_get(p, "name");
			const struct fc_node *num = fc_node_get(p, "containerPort");
			const struct fc_node *proto = fc_node_get(p, "protocol");
			snprintf(got, sizeof(got), "%s=%lld%s", name ? name->text : "?",
			         num ? (long long)num->integer : -1LL,
			         proto && strcmp(proto->text, "TCP") == 0 ? "" : " not TCP");
		}
		report(strcmp(got, want) == 0, at, "port %zu is %s, want %s", i, got, want);
		i++;
	}
	va_end(ap);
	report(i == ports->count, at, "%zu ports, want %zu", ports->count, i);
}

/* The pod labels: the six common ones, component and node. */
static void expect_workload(const struct fc_node *o, const char *api, const char *component,
                            const char *node, size_t containers)
{
	EXPECT_STR(o, "/apiVersion", api);
	EXPECT_STR(o, "/spec/template/metadata/labels/app.kubernetes.io~1component", component);
	EXPECT_STR(o, "/spec/template/metadata/labels/fabchart.dev~1node", node);
	EXPECT_STR(o, "/spec/template/metadata/labels/app.kubernetes.io~1instance", "release-name");
	EXPECT_STR(o, "/spec/template/metadata/labels/app.kubernetes.io~1part-of", "net");
	EXPECT_COUNT(o, "/spec/template/metadata/labels", FC_NODE_MAP, 8);
	EXPECT_STR(o, "/spec/template/spec/containers/0/name", component);
	EXPECT_COUNT(o, "/spec/template/spec/containers", FC_NODE_SEQ, containers);
}

/* The NetworkPolicies at the end are fc_policies_build's, in order. */
static void expect_policies(struct fixture *f, struct fc_node **objs, size_t n, size_t first)
{
	struct fc_policy *pol;
	size_t np = fc_policies_build(&f->arena, f->net, &pol);
	CU_ASSERT_EQUAL(n - first, np);
	for (size_t i = 0; i < np && first + i < n; i++) {
		const struct fc_node *o = objs[first + i];
		EXPECT_STR(o, "/apiVersion", "networking.k8s.io/v1");
		EXPECT_STR(o, "/kind", "NetworkPolicy");
		EXPECT_STR(o, "/metadata/namespace", pol[i].namespace);
		EXPECT_STR(o, "/metadata/name", pol[i].name);
		const struct fc_node *spec = fc_node_get(o, "spec");
		CU_ASSERT_PTR_NOT_NULL_FATAL(spec);
		CU_ASSERT_EQUAL(spec->count, pol[i].spec->count);
		for (size_t k = 0; k < spec->count && k < pol[i].spec->count; k++)
			CU_ASSERT_STRING_EQUAL(spec->pairs[k].key, pol[i].spec->pairs[k].key);
	}
}

static void test_raft_2_5_explorer(void)
{
	struct fixture f;
	setup(&f, HEAD("2.5.12") ORG1 "    cli: true\n" ORG2 ORD("1") CONSENSUS("etcdraft")
	                  CLUSTER_IP "channels:\n  - name: ch1\n    organizations: [org1, org2]\n"
	                             "explorer:\n  enabled: true\n");
	struct fc_node **objs = NULL;
	size_t n = fc_inventory_build(&f.arena, f.net, &objs);
	EXPECT_OBJECTS(&f, objs, n, "Namespace org1-net", "StatefulSet org1-net/peer0",
	               "StatefulSet org1-net/peer1", "StatefulSet org1-net/ca",
	               "Deployment org1-net/cli", "Namespace org2-net",
	               "StatefulSet org2-net/alpha", "Namespace ord-net",
	               "StatefulSet ord-net/orderer0", "Namespace explorer-net",
	               "Deployment explorer-net/explorer", "StatefulSet explorer-net/explorer-db");
	CU_ASSERT_EQUAL(n, 12 + 13); /* 11, and peers-from-snapshots of org1 and org2 */
	expect_policies(&f, objs, n, 12);

	for (size_t i = 0; i < n; i++) {
		const char *d = describe(&f, objs[i]);
		if (strncmp(d, "Namespace ", 10) != 0)
			continue;
		EXPECT_STR(objs[i], "/apiVersion", "v1");
		EXPECT_STR(objs[i], "/metadata/labels/fabchart.dev~1network", "net");
		EXPECT_ABSENT(objs[i], "/metadata/namespace");
	}
	const struct fc_node *o = find(&f, objs, n, "StatefulSet org1-net/peer1");
	expect_workload(o, "apps/v1", "peer", "peer1", 2);
	EXPECT_PORTS(o, "grpc=7051", "chaincode=7052", "operations=9443");
	EXPECT_STR(o, "/spec/template/spec/containers/1/name", "couchdb");
	EXPECT_PORTS_OF(o, "1", "couchdb=5984");
	o = find(&f, objs, n, "StatefulSet org2-net/alpha");
	expect_workload(o, "apps/v1", "peer", "alpha", 1);
	EXPECT_PORTS(o, "grpc=7051", "chaincode=7052", "operations=9443");
	o = find(&f, objs, n, "StatefulSet org1-net/ca");
	expect_workload(o, "apps/v1", "ca", "ca", 1);
	EXPECT_PORTS(o, "ca=7054", "operations=9443");
	o = find(&f, objs, n, "Deployment org1-net/cli");
	expect_workload(o, "apps/v1", "cli", "cli", 1);
	EXPECT_COUNT(o, "/spec/template/spec/containers/0/ports", FC_NODE_SEQ, 0);
	o = find(&f, objs, n, "StatefulSet ord-net/orderer0");
	expect_workload(o, "apps/v1", "orderer", "orderer0", 1);
	EXPECT_PORTS(o, "grpc=7050", "admin=7053", "operations=8443");
	o = find(&f, objs, n, "Deployment explorer-net/explorer");
	expect_workload(o, "apps/v1", "explorer", "explorer", 1);
	EXPECT_PORTS(o, "http=8080");
	o = find(&f, objs, n, "StatefulSet explorer-net/explorer-db");
	expect_workload(o, "apps/v1", "explorer-db", "explorer-db", 1);
	EXPECT_PORTS(o, "postgres=5432");
	/* ClusterIP: the explorer is not exposed, so no policy admits outside traffic */
	CU_ASSERT_PTR_NULL(find(&f, objs, n, "NetworkPolicy explorer-net/explorer-from-outside"));
	teardown(&f);
}

static void test_kafka_1_4(void)
{
	struct fixture f;
	setup(&f, HEAD("1.4.12") ORG1 ORD("1") CONSENSUS("kafka") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1]\n");
	struct fc_node **objs = NULL;
	size_t n = fc_inventory_build(&f.arena, f.net, &objs);
	EXPECT_OBJECTS(&f, objs, n, "Namespace org1-net", "StatefulSet org1-net/peer0",
	               "StatefulSet org1-net/peer1", "StatefulSet org1-net/ca", "Namespace ord-net",
	               "StatefulSet ord-net/orderer0", "StatefulSet ord-net/zookeeper",
	               "StatefulSet ord-net/kafka");
	CU_ASSERT_EQUAL(n, 8 + 8);
	expect_policies(&f, objs, n, 8);
	const struct fc_node *o = find(&f, objs, n, "StatefulSet ord-net/orderer0");
	EXPECT_PORTS(o, "grpc=7050", "operations=8443");
	o = find(&f, objs, n, "StatefulSet ord-net/zookeeper");
	expect_workload(o, "apps/v1", "zookeeper", "zookeeper", 1);
	EXPECT_PORTS(o, "client=2181", "peer=2888", "election=3888");
	o = find(&f, objs, n, "StatefulSet ord-net/kafka");
	expect_workload(o, "apps/v1", "kafka", "kafka", 1);
	EXPECT_PORTS(o, "kafka=9092");
	CU_ASSERT_PTR_NOT_NULL(find(&f, objs, n, "NetworkPolicy ord-net/kafka-from-orderers"));
	CU_ASSERT_PTR_NULL(find(&f, objs, n, "Namespace explorer-net"));
	teardown(&f);
}

static void test_isolation_off(void)
{
	struct fixture f;
	setup(&f, HEAD("3.0.0") ORG1 ORD("4") "    ca: true\n" CONSENSUS("BFT") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1]\n"
	      "isolation:\n  networkPolicies: false\n");
	struct fc_node **objs = NULL;
	size_t n = fc_inventory_build(&f.arena, f.net, &objs);
	EXPECT_OBJECTS(&f, objs, n, "Namespace org1-net", "StatefulSet org1-net/peer0",
	               "StatefulSet org1-net/peer1", "StatefulSet org1-net/ca", "Namespace ord-net",
	               "StatefulSet ord-net/orderer0", "StatefulSet ord-net/orderer1",
	               "StatefulSet ord-net/orderer2", "StatefulSet ord-net/orderer3",
	               "StatefulSet ord-net/ca");
	CU_ASSERT_EQUAL(n, 10);
	EXPECT_PORTS(find(&f, objs, n, "StatefulSet ord-net/orderer3"), "grpc=7050", "admin=7053",
	             "operations=8443");
	EXPECT_PORTS(find(&f, objs, n, "StatefulSet ord-net/ca"), "ca=7054", "operations=9443");
	teardown(&f);
}

/* The whole inventory: hooks, release names, Secrets, origins and roles. */
static void test_collect(void)
{
	struct fixture f;
	setup(&f, HEAD("2.5.12") ORG1 ORD("3") CONSENSUS("etcdraft") CLUSTER_IP
	      "channels:\n  - name: fx.spot\n    organizations: [org1]\n");
	struct fc_inventory inv;
	struct fc_inventory_options options = {"rel", "ops"};
	fc_inventory_collect(&f.arena, f.net, NULL, &options, &inv);
	const struct fc_inv_object *sa = NULL, *job = NULL, *secret = NULL, *headless = NULL;
	size_t secrets = 0;
	for (size_t i = 0; i < inv.count; i++) {
		const struct fc_inv_object *o = &inv.objects[i];
		if (strcmp(o->kind, "ServiceAccount") == 0)
			sa = o;
		if (strcmp(o->kind, "Job") == 0 && strcmp(o->name, "rel-join-peers") == 0)
			job = o;
		if (strcmp(o->kind, "Secret") == 0) {
			secrets++;
			if (strcmp(o->name, "peer1-msp") == 0)
				secret = o;
		}
		if (strcmp(o->name, "peer0-headless") == 0)
			headless = o;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	CU_ASSERT_STRING_EQUAL(sa->name, "rel-identities");
	CU_ASSERT_STRING_EQUAL(sa->namespace, "ops");
	CU_ASSERT_EQUAL(sa->flags, FC_INV_RELEASE);
	CU_ASSERT_PTR_NOT_NULL_FATAL(job);
	CU_ASSERT_EQUAL(job->flags, FC_INV_HOOK | FC_INV_RELEASE);
	CU_ASSERT_STRING_EQUAL(job->namespace, "org1-net");
	/* its volumes: the admin's identity, scripts, the channel's Secret, the TLS CA of each
	 * orderer organization */
	CU_ASSERT_EQUAL_FATAL(job->pod->volume_count, 6);
	CU_ASSERT_STRING_EQUAL(job->pod->volumes[4].name, "channel-fx-spot");
	CU_ASSERT_STRING_EQUAL(job->pod->volumes[4].origin->value, "fx.spot");
	CU_ASSERT_STRING_EQUAL(job->pod->volumes[5].name, "orderer-tls-ord");
	/* org-ca, admin-msp, admin-tls, ca-admin, ca-operations-tls, org-certs,
	 * orderer-tlsca-ord, per peer msp, tls, couchdb, channel-fx.spot; the orderer
	 * organization: org-ca, admin-msp, admin-tls, org-certs, 3 x 2, and channel-fx.spot
	 * (2.5: the orderers join by osnadmin) */
	CU_ASSERT_EQUAL(secrets, 7 + 2 * 3 + 1 + 4 + 3 * 2 + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(secret);
	CU_ASSERT_EQUAL(secret->flags, FC_INV_RUNTIME);
	CU_ASSERT_STRING_EQUAL(secret->origin.value, "peer1");
	CU_ASSERT_STRING_EQUAL(fc_inventory_role(&f.arena, secret), "the MSP of peer 'peer1'");
	CU_ASSERT_PTR_NOT_NULL_FATAL(headless);
	CU_ASSERT_STRING_EQUAL(headless->origin.what, "peer name");
	CU_ASSERT_STRING_EQUAL(headless->origin.pointer, "/peerOrganizations/0/peers");
	CU_ASSERT_EQUAL(headless->origin.pos.line, 8); /* peers: 2 */
	CU_ASSERT_EQUAL(headless->service_port_count, 2);
	fc_inventory_release(&inv);
	CU_ASSERT_PTR_NULL(inv.objects);
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("inventory", FC_TEST(test_raft_2_5_explorer), FC_TEST(test_kafka_1_4),
	         FC_TEST(test_isolation_off), FC_TEST(test_collect));
}

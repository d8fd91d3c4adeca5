/*
 * Unit tests of policy: the NetworkPolicies of small models, in order, with
 * the parts of their specs that decide reachability.
 */
#include "arena.h"
#include "chaincode.h"
#include "cunit_main.h"
#include "model_fixture.h"
#include "diag.h"
#include "doc.h"
#include "load.h"
#include "model.h"
#include "policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define HEAD(version) "network: net\nfabric:\n  version: " version "\n"
#define ORG1                                                                                     \
	"peerOrganizations:\n  - name: org1\n    mspId: Org1MSP\n    domain: org1.example.com\n" \
	"    peers: 2\n"
#define ORD                                                                                      \
	"ordererOrganizations:\n  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n" \
	"    orderers: 3\n"
#define RAFT "consensus:\n  type: etcdraft\n"
#define KAFKA "consensus:\n  type: kafka\n"
#define CHANNEL "channels:\n  - name: ch1\n    organizations: [org1]\n"

struct policy_fixture {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_network *net;
	struct fc_policy *pol;
	size_t n;
};

static void policy_setup(struct policy_fixture *f, const char *yaml)
{
	fc_arena_init(&f->arena);
	fc_diags_init(&f->diags, &f->arena);
	struct fc_node *root = NULL;
	int rc = fc_load_yaml(&f->arena, "t.yaml", yaml, strlen(yaml), NULL, &root, &f->diags);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	f->net = NULL;
	rc = fc_model_build(&f->arena, root, &f->diags, &f->net);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	rc = fc_chaincode_build(&f->arena, f->net, root, &f->diags);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(f->diags.errors, 0);
	f->n = fc_policies_build(&f->arena, f->net, &f->pol);
}

static void policy_teardown(struct policy_fixture *f)
{
	fc_diags_release(&f->diags);
	fc_arena_release(&f->arena);
}

#define EXPECT_POLICIES(f, ...) expect_policies(f, __LINE__, __VA_ARGS__, NULL)
/* The policies are exactly these "namespace/name", in order. */
static void expect_policies(struct policy_fixture *f, int at, ...)
{
	va_list ap;
	va_start(ap, at);
	size_t i = 0;
	const char *want;
	while ((want = va_arg(ap, const char *))) {
		char got[256] = "(none)";
		if (i < f->n)
			snprintf(got, sizeof(got), "%s/%s", f->pol[i].namespace, f->pol[i].name);
		report(strcmp(got, want) == 0, at, "policy %zu is %s, want %s", i, got, want);
		i++;
	}
	va_end(ap);
	report(i == f->n, at, "%zu policies, want %zu", f->n, i);
}

static const struct fc_node *spec_of(struct policy_fixture *f, const char *ns, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->pol[i].namespace, ns) == 0 && strcmp(f->pol[i].name, name) == 0)
			return f->pol[i].spec;
	return NULL;
}

#define EXPECT_ABSENT(root, pointer) \
	report(!fc_pointer_resolve(root, pointer), __LINE__, "%s is present", pointer)

/* Every spec: policyTypes [Ingress] and no egress. */
static void expect_ingress_only(struct policy_fixture *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct fc_node *s = f->pol[i].spec;
		EXPECT_COUNT(s, "/policyTypes", FC_NODE_SEQ, 1);
		EXPECT_STR(s, "/policyTypes/0", "Ingress");
		EXPECT_ABSENT(s, "/egress");
		EXPECT_COUNT(s, "/podSelector", FC_NODE_MAP,
		             fc_node_get(s, "podSelector") ? fc_node_get(s, "podSelector")->count
		                                           : 99);
	}
}

static void test_peer_and_orderer(void)
{
	struct policy_fixture f;
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "isolation:\n  nodeCidrs: [10.0.0.0/8, 192.168.1.0/24]\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "org1-net/peers-from-outside",
	                "org1-net/peers-from-snapshots", "ord-net/default-deny-ingress",
	                "ord-net/allow-same-namespace", "ord-net/orderers-from-network",
	                "ord-net/orderers-from-outside");
	expect_ingress_only(&f);

	const struct fc_node *s = spec_of(&f, "org1-net", "default-deny-ingress");
	EXPECT_COUNT(s, "/podSelector", FC_NODE_MAP, 0);
	EXPECT_ABSENT(s, "/ingress");
	EXPECT_COUNT(s, "", FC_NODE_MAP, 2);

	/* every pod but the snapshot CronJob's (2.5 and later), as target and source */
	s = spec_of(&f, "org1-net", "allow-same-namespace");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/operator", "NotIn");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/values/0", "snapshot");
	EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 1);
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/operator", "NotIn");
	EXPECT_COUNT(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/0", "snapshot");
	EXPECT_ABSENT(s, "/ingress/0/ports");
	s = spec_of(&f, "ord-net", "allow-same-namespace");
	EXPECT_COUNT(s, "/podSelector", FC_NODE_MAP, 0);
	EXPECT_COUNT(s, "/ingress/0/from/0/podSelector", FC_NODE_MAP, 0);

	/* the snapshot CronJob's pods reach their peers' 7051 only */
	s = spec_of(&f, "org1-net", "peers-from-snapshots");
	EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component", "peer");
	EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 1);
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_ABSENT(s, "/ingress/0/from/0/namespaceSelector");
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/operator", "In");
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/0", "snapshot");
	EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);
	EXPECT_INT(s, "/ingress/0/ports/0/port", 7051);
	EXPECT_ABSENT(s, "/ingress/0/ports/0/endPort");

	/* the network's namespaces reach 7051-7053 */
	s = spec_of(&f, "org1-net", "peers-from-network");
	EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component", "peer");
	EXPECT_COUNT(s, "/podSelector/matchLabels", FC_NODE_MAP, 1);
	EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 1);
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/namespaceSelector/matchLabels/fabchart.dev~1network",
	           "net");
	/* no Kafka here: every pod of those namespaces but the snapshot CronJob's */
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/operator", "NotIn");
	EXPECT_COUNT(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/0", "snapshot");
	EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/ports/0/protocol", "TCP");
	EXPECT_INT(s, "/ingress/0/ports/0/port", 7051);
	EXPECT_INT(s, "/ingress/0/ports/0/endPort", 7053);

	/* the nodes reach exactly the exposed ports: 7051 and 7052 */
	s = spec_of(&f, "org1-net", "peers-from-outside");
	EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component", "peer");
	EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 1);
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 2);
	EXPECT_STR(s, "/ingress/0/from/0/ipBlock/cidr", "10.0.0.0/8");
	EXPECT_STR(s, "/ingress/0/from/1/ipBlock/cidr", "192.168.1.0/24");
	EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);
	EXPECT_INT(s, "/ingress/0/ports/0/port", 7051);
	EXPECT_INT(s, "/ingress/0/ports/0/endPort", 7052);

	s = spec_of(&f, "ord-net", "orderers-from-network");
	EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component", "orderer");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/namespaceSelector/matchLabels/fabchart.dev~1network",
	           "net");
	EXPECT_INT(s, "/ingress/0/ports/0/port", 7050);
	EXPECT_ABSENT(s, "/ingress/0/ports/0/endPort");
	EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);

	s = spec_of(&f, "ord-net", "orderers-from-outside");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 2);
	EXPECT_STR(s, "/ingress/0/from/0/ipBlock/cidr", "10.0.0.0/8");
	EXPECT_STR(s, "/ingress/0/from/1/ipBlock/cidr", "192.168.1.0/24");
	EXPECT_INT(s, "/ingress/0/ports/0/port", 7050);
	EXPECT_ABSENT(s, "/ingress/0/ports/0/endPort");
	policy_teardown(&f);
}

/* exposure.caExternal: the CA's 7054 from the nodes; ClusterIP: nothing from outside */
static void test_outside(void)
{
	struct policy_fixture f;
	policy_setup(&f, HEAD("2.5.12") ORG1
	             "    ca: true\n" ORD RAFT CHANNEL
	             "exposure:\n  caExternal: true\nisolation:\n  nodeCidrs: [10.0.0.0/8]\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "org1-net/peers-from-outside",
	                "org1-net/ca-from-outside", "org1-net/peers-from-snapshots",
	                "ord-net/default-deny-ingress", "ord-net/allow-same-namespace",
	                "ord-net/orderers-from-network", "ord-net/orderers-from-outside");
	const struct fc_node *s = spec_of(&f, "org1-net", "ca-from-outside");
	EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component", "ca");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/ipBlock/cidr", "10.0.0.0/8");
	EXPECT_INT(s, "/ingress/0/ports/0/port", 7054);
	EXPECT_ABSENT(s, "/ingress/0/ports/0/endPort");
	policy_teardown(&f);

	/* the CA closed (the default): no policy admits it from outside */
	policy_setup(&f, HEAD("2.5.12") ORG1
	             "    ca: true\n" ORD RAFT CHANNEL
	             "exposure:\n  type: LoadBalancer\nisolation:\n  nodeCidrs: [10.0.0.0/8]\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "org1-net/peers-from-outside",
	                "org1-net/peers-from-snapshots", "ord-net/default-deny-ingress",
	                "ord-net/allow-same-namespace", "ord-net/orderers-from-network",
	                "ord-net/orderers-from-outside");
	policy_teardown(&f);

	/* LoadBalancer clients (exposure.clientCidrs) after the nodes; not with NodePort */
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "exposure:\n  type: LoadBalancer\n  clientCidrs: [203.0.113.0/24]\n"
	             "isolation:\n  nodeCidrs: [10.0.0.0/8]\n");
	s = spec_of(&f, "org1-net", "peers-from-outside");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 2);
	EXPECT_STR(s, "/ingress/0/from/0/ipBlock/cidr", "10.0.0.0/8");
	EXPECT_STR(s, "/ingress/0/from/1/ipBlock/cidr", "203.0.113.0/24");
	policy_teardown(&f);
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "exposure:\n  type: LoadBalancer\n  clientCidrs: [203.0.113.0/24]\n");
	s = spec_of(&f, "ord-net", "orderers-from-outside");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/ipBlock/cidr", "203.0.113.0/24");
	policy_teardown(&f);
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "exposure:\n  clientCidrs: [203.0.113.0/24]\n"
	             "isolation:\n  nodeCidrs: [10.0.0.0/8]\n");
	s = spec_of(&f, "org1-net", "peers-from-outside");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/ipBlock/cidr", "10.0.0.0/8");
	policy_teardown(&f);

	/* ClusterIP exposes nothing: node CIDRs are not admitted anywhere */
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "exposure:\n  type: ClusterIP\nisolation:\n  nodeCidrs: [10.0.0.0/8]\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "org1-net/peers-from-snapshots",
	                "ord-net/default-deny-ingress", "ord-net/allow-same-namespace",
	                "ord-net/orderers-from-network");
	policy_teardown(&f);
}

static void test_kafka(void)
{
	struct policy_fixture f;
	policy_setup(&f, HEAD("1.4.12") ORG1 ORD KAFKA CHANNEL "exposure:\n  type: ClusterIP\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "ord-net/default-deny-ingress",
	                "ord-net/allow-same-namespace", "ord-net/orderers-from-network",
	                "ord-net/kafka-from-orderers", "ord-net/zookeeper-from-kafka");
	expect_ingress_only(&f);
	/* the network's pods but Kafka's and ZooKeeper's reach the peers */
	const struct fc_node *s = spec_of(&f, "org1-net", "peers-from-network");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/operator", "NotIn");
	EXPECT_COUNT(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values", FC_NODE_SEQ, 2);

	/* same-namespace traffic is for everything but Kafka and ZooKeeper, both ways */
	s = spec_of(&f, "ord-net", "allow-same-namespace");
	EXPECT_COUNT(s, "/podSelector/matchExpressions", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/podSelector/matchExpressions/0/key", "app.kubernetes.io/component");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/operator", "NotIn");
	EXPECT_COUNT(s, "/podSelector/matchExpressions/0/values", FC_NODE_SEQ, 2);
	EXPECT_STR(s, "/podSelector/matchExpressions/0/values/0", "kafka");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/values/1", "zookeeper");
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/operator", "NotIn");
	/* the peer namespace's same-namespace rule selects every pod */
	EXPECT_COUNT(spec_of(&f, "org1-net", "allow-same-namespace"), "/podSelector", FC_NODE_MAP,
	             0);

	/* brokers: 9092 from orderers and brokers */
	s = spec_of(&f, "ord-net", "kafka-from-orderers");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/operator", "In");
	EXPECT_COUNT(s, "/podSelector/matchExpressions/0/values", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/podSelector/matchExpressions/0/values/0", "kafka");
	EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 1);
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	const char *vals = "/ingress/0/from/0/podSelector/matchExpressions/0/values";
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/operator", "In");
	EXPECT_COUNT(s, vals, FC_NODE_SEQ, 2);
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/0", "kafka");
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/1", "orderer");
	EXPECT_ABSENT(s, "/ingress/0/from/0/namespaceSelector");
	EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);
	EXPECT_INT(s, "/ingress/0/ports/0/port", 9092);

	/* ZooKeeper: 2181 from brokers; 2181, 2888, 3888 from its ensemble; nothing
	 * from orderers, and no rule lets ZooKeeper reach a broker */
	s = spec_of(&f, "ord-net", "zookeeper-from-kafka");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/values/0", "zookeeper");
	EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 2);
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/0", "kafka");
	EXPECT_COUNT(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values", FC_NODE_SEQ, 1);
	EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);
	EXPECT_INT(s, "/ingress/0/ports/0/port", 2181);
	EXPECT_STR(s, "/ingress/1/from/0/podSelector/matchExpressions/0/values/0", "zookeeper");
	EXPECT_COUNT(s, "/ingress/1/ports", FC_NODE_SEQ, 3);
	EXPECT_INT(s, "/ingress/1/ports/1/port", 2888);
	EXPECT_INT(s, "/ingress/1/ports/2/port", 3888);
	policy_teardown(&f);
}

static void test_explorer(void)
{
	struct policy_fixture f;
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "exposure:\n  nodePort: {explorer: 31000}\nexplorer:\n  enabled: true\n"
	             "isolation:\n  nodeCidrs: [10.0.0.0/8]\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "org1-net/peers-from-outside",
	                "org1-net/peers-from-snapshots", "ord-net/default-deny-ingress",
	                "ord-net/allow-same-namespace", "ord-net/orderers-from-network",
	                "ord-net/orderers-from-outside", "explorer-net/default-deny-ingress",
	                "explorer-net/allow-same-namespace", "explorer-net/explorer-from-outside");
	expect_ingress_only(&f);
	const struct fc_node *s = spec_of(&f, "explorer-net", "explorer-from-outside");
	EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component", "explorer");
	EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
	EXPECT_STR(s, "/ingress/0/from/0/ipBlock/cidr", "0.0.0.0/0");
	EXPECT_INT(s, "/ingress/0/ports/0/port", 8080);
	EXPECT_STR(s, "/ingress/0/ports/0/protocol", "TCP");
	EXPECT_ABSENT(s, "/ingress/0/ports/0/endPort");
	policy_teardown(&f);

	/* not exposed (ClusterIP): nothing from outside, explorerExternal or not */
	static const char *const isolation[] = {"", "isolation:\n  explorerExternal: false\n"};
	for (size_t i = 0; i < 2; i++) {
		char yaml[1024];
		snprintf(yaml, sizeof(yaml), "%s%s",
		         HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
		         "exposure:\n  type: ClusterIP\nexplorer:\n  enabled: true\n",
		         isolation[i]);
		policy_setup(&f, yaml);
		EXPECT_POLICIES(&f, "org1-net/default-deny-ingress",
		                "org1-net/allow-same-namespace", "org1-net/peers-from-network",
		                "org1-net/peers-from-snapshots", "ord-net/default-deny-ingress",
		                "ord-net/allow-same-namespace", "ord-net/orderers-from-network",
		                "explorer-net/default-deny-ingress",
		                "explorer-net/allow-same-namespace");
		policy_teardown(&f);
	}
}

static void test_monitoring(void)
{
	struct policy_fixture f;
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "exposure:\n  type: ClusterIP\nisolation:\n  monitoringNamespace: prom\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "org1-net/operations-from-monitoring",
	                "org1-net/ca-operations-from-monitoring", "org1-net/peers-from-snapshots",
	                "ord-net/default-deny-ingress", "ord-net/allow-same-namespace",
	                "ord-net/orderers-from-network", "ord-net/operations-from-monitoring");
	expect_ingress_only(&f);
	/* each component's own operations port, from the monitoring namespace only */
	static const struct {
		const char *ns, *name, *component;
		int64_t port;
	} cases[] = {
	        {"org1-net", "operations-from-monitoring", "peer", 9443},
	        {"org1-net", "ca-operations-from-monitoring", "ca", 9443},
	        {"ord-net", "operations-from-monitoring", "orderer", 8443},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fc_node *s = spec_of(&f, cases[i].ns, cases[i].name);
		EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component",
		           cases[i].component);
		EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 1);
		EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
		EXPECT_STR(s,
		           "/ingress/0/from/0/namespaceSelector/matchLabels/"
		           "kubernetes.io~1metadata.name",
		           "prom");
		EXPECT_ABSENT(s, "/ingress/0/from/0/podSelector");
		EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);
		EXPECT_INT(s, "/ingress/0/ports/0/port", cases[i].port);
		EXPECT_ABSENT(s, "/ingress/0/ports/0/endPort");
	}
	policy_teardown(&f);
}

/* one policy per chaincode server: its organization's peers, its own port; a
 * sequence above 1 also admits the previous sequence's server (it serves until
 * the upgrade's commit) */
static void test_chaincode(void)
{
	struct policy_fixture f;
	policy_setup(&f, HEAD("3.1.1") ORG1
	             "  - name: org2\n    mspId: Org2MSP\n"
	             "    domain: org2.example.com\n    peers: 1\n" ORD RAFT
	             "channels:\n  - name: ch1\n    organizations: [org1, org2]\n"
	             "chaincodes:\n"
	             "  - name: alpha\n    channels: ch1\n    image: {repository: r/a, tag: '1'}\n"
	             "    version: '1'\n    sequence: 2\n"
	             "    endorsementPolicy: \"OR('Org1MSP.peer')\"\n"
	             "  - name: beta\n    channels: ch1\n    organizations: [org1]\n"
	             "    image: {repository: r/b, tag: '1'}\n    version: '1'\n    sequence: 1\n"
	             "    endorsementPolicy: \"OR('Org1MSP.peer')\"\n    port: 9998\n"
	             "exposure:\n  type: ClusterIP\n");
	EXPECT_POLICIES(&f, "org1-net/default-deny-ingress", "org1-net/allow-same-namespace",
	                "org1-net/peers-from-network", "org1-net/alpha-org1-s2-from-peers",
	                "org1-net/beta-org1-s1-from-peers", "org1-net/peers-from-snapshots",
	                "org2-net/default-deny-ingress", "org2-net/allow-same-namespace",
	                "org2-net/peers-from-network", "org2-net/alpha-org2-s2-from-peers",
	                "org2-net/peers-from-snapshots", "ord-net/default-deny-ingress",
	                "ord-net/allow-same-namespace", "ord-net/orderers-from-network");
	expect_ingress_only(&f);
	static const struct {
		const char *ns, *name, *server, *previous;
		int64_t port;
	} cases[] = {
	        {"org1-net", "alpha-org1-s2-from-peers", "alpha-org1-s2", "alpha-org1-s1", 9999},
	        {"org1-net", "beta-org1-s1-from-peers", "beta-org1-s1", NULL, 9998},
	        {"org2-net", "alpha-org2-s2-from-peers", "alpha-org2-s2", "alpha-org2-s1", 9999},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct fc_node *s = spec_of(&f, cases[i].ns, cases[i].name);
		EXPECT_STR(s, "/podSelector/matchLabels/app.kubernetes.io~1component", "chaincode");
		EXPECT_COUNT(s, "/podSelector/matchExpressions", FC_NODE_SEQ, 1);
		EXPECT_STR(s, "/podSelector/matchExpressions/0/key", "fabchart.dev/node");
		EXPECT_STR(s, "/podSelector/matchExpressions/0/operator", "In");
		EXPECT_COUNT(s, "/podSelector/matchExpressions/0/values", FC_NODE_SEQ,
		             cases[i].previous ? 2 : 1);
		EXPECT_STR(s, "/podSelector/matchExpressions/0/values/0", cases[i].server);
		if (cases[i].previous)
			EXPECT_STR(s, "/podSelector/matchExpressions/0/values/1",
			           cases[i].previous);
		/* from the peers of its own namespace only */
		EXPECT_COUNT(s, "/ingress", FC_NODE_SEQ, 1);
		EXPECT_COUNT(s, "/ingress/0/from", FC_NODE_SEQ, 1);
		EXPECT_ABSENT(s, "/ingress/0/from/0/namespaceSelector");
		EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/operator", "In");
		EXPECT_COUNT(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values",
		             FC_NODE_SEQ, 1);
		EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/0", "peer");
		EXPECT_COUNT(s, "/ingress/0/ports", FC_NODE_SEQ, 1);
		EXPECT_INT(s, "/ingress/0/ports/0/port", cases[i].port);
		EXPECT_ABSENT(s, "/ingress/0/ports/0/endPort");
	}
	/* the servers are no source or target of allow-same-namespace */
	const struct fc_node *s = spec_of(&f, "org1-net", "allow-same-namespace");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/operator", "NotIn");
	EXPECT_STR(s, "/podSelector/matchExpressions/0/values/0", "chaincode");
	EXPECT_STR(s, "/ingress/0/from/0/podSelector/matchExpressions/0/values/0", "chaincode");
	policy_teardown(&f);
}

static void test_isolation_off(void)
{
	struct policy_fixture f;
	policy_setup(&f, HEAD("2.5.12") ORG1 ORD RAFT CHANNEL
	             "explorer:\n  enabled: true\n"
	             "isolation:\n  networkPolicies: false\n  monitoringNamespace: prom\n");
	CU_ASSERT_EQUAL(f.n, 0);
	CU_ASSERT_PTR_NULL(f.pol);
	policy_teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("policy", FC_TEST(test_peer_and_orderer), FC_TEST(test_outside),
	         FC_TEST(test_kafka), FC_TEST(test_explorer), FC_TEST(test_monitoring),
	         FC_TEST(test_chaincode), FC_TEST(test_isolation_off));
}

/*
 * Unit tests of fabcfg: crypto-config.yaml and configtx.yaml trees for small
 * models on Fabric 1.4 (Kafka), 2.5 (Raft) and 3.x (BFT).
 */
#include "arena.h"
#include "cunit_main.h"
#include "topology_fragments.h"
#include "model_fixture.h"
#include "diag.h"
#include "doc.h"
#include "fabcfg.h"
#include "load.h"
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EXPECT_TRUE_AT(root, pointer) expect_true(root, pointer, __LINE__)
static void expect_true(const struct fc_node *root, const char *pointer, int at)
{
	const struct fc_node *n = root ? fc_pointer_resolve(root, pointer) : NULL;
	report(n && n->kind == FC_NODE_BOOL && n->boolean, at, "%s is not true", pointer);
}

#define EXPECT_ABSENT(root, pointer) \
	report(!fc_pointer_resolve(root, pointer), __LINE__, "%s is present", pointer)

#define CC "crypto-config/"
#define ORD_TLS(n)                                                   \
	CC "ordererOrganizations/ord.example.com/orderers/orderer" n \
	   ".ord.example.com/tls/server.crt"

static void test_crypto_config(void)
{
	struct fixture f;
	setup(&f, HEAD("2.5.12") ORG1 ORG2 ORD("3") CONSENSUS("etcdraft") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1, org2]\n");
	const struct fc_node *c = fc_fabcfg_crypto_config(&f.arena, f.net);
	EXPECT_COUNT(c, "", FC_NODE_MAP, 2);
	EXPECT_COUNT(c, "/OrdererOrgs", FC_NODE_SEQ, 1);
	EXPECT_COUNT(c, "/PeerOrgs", FC_NODE_SEQ, 2);
	EXPECT_STR(c, "/OrdererOrgs/0/Name", "OrdMSP");
	EXPECT_STR(c, "/OrdererOrgs/0/Domain", "ord.example.com");
	EXPECT_TRUE_AT(c, "/OrdererOrgs/0/EnableNodeOUs");
	EXPECT_COUNT(c, "/OrdererOrgs/0/Specs", FC_NODE_SEQ, 3);
	EXPECT_STR(c, "/OrdererOrgs/0/Specs/0/Hostname", "orderer0");
	EXPECT_STR(c, "/OrdererOrgs/0/Specs/2/Hostname", "orderer2");
	EXPECT_INT(c, "/OrdererOrgs/0/Users/Count", 0);
	EXPECT_STR(c, "/PeerOrgs/0/Name", "Org1MSP");
	EXPECT_STR(c, "/PeerOrgs/0/Domain", "org1.example.com");
	EXPECT_TRUE_AT(c, "/PeerOrgs/0/EnableNodeOUs");
	EXPECT_TRUE_AT(c, "/PeerOrgs/1/EnableNodeOUs");
	EXPECT_COUNT(c, "/PeerOrgs/0/Specs", FC_NODE_SEQ, 2);
	EXPECT_STR(c, "/PeerOrgs/0/Specs/1/Hostname", "peer1");
	EXPECT_INT(c, "/PeerOrgs/0/Users/Count", 1);
	EXPECT_STR(c, "/PeerOrgs/1/Specs/0/Hostname", "alpha");
	EXPECT_COUNT(c, "/PeerOrgs/1/Specs", FC_NODE_SEQ, 1);

	static const char *const sans[] = {
	        "peer1",
	        "peer1.org1-net",
	        "peer1.org1-net.svc",
	        "peer1.org1-net.svc.cluster.local",
	        "peer1-headless",
	        "peer1-headless.org1-net",
	        "peer1-headless.org1-net.svc",
	        "peer1-headless.org1-net.svc.cluster.local",
	};
	EXPECT_COUNT(c, "/PeerOrgs/0/Specs/1/SANS", FC_NODE_SEQ, 8);
	for (size_t i = 0; i < 8; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/PeerOrgs/0/Specs/1/SANS/%zu", i);
		EXPECT_STR(c, p, sans[i]);
	}
	EXPECT_STR(c, "/OrdererOrgs/0/Specs/0/SANS/3", "orderer0.ord-net.svc.cluster.local");
	EXPECT_STR(c, "/OrdererOrgs/0/Specs/0/SANS/7",
	           "orderer0-headless.ord-net.svc.cluster.local");
	EXPECT_STR(c, "/PeerOrgs/1/Specs/0/SANS/6", "alpha-headless.org2-net.svc");
	teardown(&f);

	/* the cluster domain is the topology's */
	setup(&f, HEAD("2.5.12") ORG1 ORD("1") CONSENSUS(
	                  "etcdraft") "exposure:\n  type: ClusterIP\n  clusterDomain: k8s.test\n"
	                              "channels:\n  - name: ch1\n    organizations: [org1]\n");
	c = fc_fabcfg_crypto_config(&f.arena, f.net);
	EXPECT_STR(c, "/PeerOrgs/0/Specs/0/SANS/3", "peer0.org1-net.svc.k8s.test");
	EXPECT_STR(c, "/PeerOrgs/0/Specs/0/SANS/7", "peer0-headless.org1-net.svc.k8s.test");
	teardown(&f);
}

static void expect_peer_org(const struct fc_node *o, int at)
{
	(void)at;
	EXPECT_STR(o, "/Name", "Org1MSP");
	EXPECT_STR(o, "/ID", "Org1MSP");
	EXPECT_STR(o, "/MSPDir", CC "peerOrganizations/org1.example.com/msp");
	EXPECT_STR(o, "/Policies/Readers/Type", "Signature");
	EXPECT_STR(o, "/Policies/Readers/Rule",
	           "OR('Org1MSP.admin', 'Org1MSP.peer', 'Org1MSP.client')");
	EXPECT_STR(o, "/Policies/Writers/Rule", "OR('Org1MSP.admin', 'Org1MSP.client')");
	EXPECT_STR(o, "/Policies/Admins/Rule", "OR('Org1MSP.admin')");
	EXPECT_STR(o, "/Policies/Endorsement/Rule", "OR('Org1MSP.peer')");
	EXPECT_ABSENT(o, "/OrdererEndpoints");
}

static void test_configtx_kafka_1_4(void)
{
	struct fixture f;
	setup(&f, HEAD("1.4.12") ORG1 ORD("2") CONSENSUS("kafka") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1]\n");
	const struct fc_node *c = fc_fabcfg_configtx(&f.arena, f.net);
	EXPECT_COUNT(c, "/Organizations", FC_NODE_SEQ, 2);
	EXPECT_STR(c, "/Organizations/0/Name", "OrdMSP");
	EXPECT_STR(c, "/Organizations/0/MSPDir", CC "ordererOrganizations/ord.example.com/msp");
	EXPECT_STR(c, "/Organizations/0/Policies/Readers/Rule", "OR('OrdMSP.member')");
	EXPECT_STR(c, "/Organizations/0/Policies/Admins/Rule", "OR('OrdMSP.admin')");
	EXPECT_COUNT(c, "/Organizations/0/OrdererEndpoints", FC_NODE_SEQ, 2);
	EXPECT_STR(c, "/Organizations/0/OrdererEndpoints/1",
	           "orderer1.ord-net.svc.cluster.local:7050");
	expect_peer_org(fc_pointer_resolve(c, "/Organizations/1"), __LINE__);
	EXPECT_COUNT(c, "/Organizations/1/AnchorPeers", FC_NODE_SEQ, 0);

	EXPECT_TRUE_AT(c, "/Capabilities/Channel/V1_4_3");
	EXPECT_TRUE_AT(c, "/Capabilities/Orderer/V1_4_2");
	EXPECT_TRUE_AT(c, "/Capabilities/Application/V1_4_2");
	EXPECT_COUNT(c, "/Capabilities/Channel", FC_NODE_MAP, 1);

	EXPECT_STR(c, "/Orderer/OrdererType", "kafka");
	EXPECT_COUNT(c, "/Orderer/Addresses", FC_NODE_SEQ, 2);
	EXPECT_STR(c, "/Orderer/Addresses/0", "orderer0.ord-net.svc.cluster.local:7050");
	EXPECT_COUNT(c, "/Orderer/Kafka/Brokers", FC_NODE_SEQ, 4);
	EXPECT_STR(c, "/Orderer/Kafka/Brokers/0",
	           "kafka-0.kafka-headless.ord-net.svc.cluster.local:9092");
	EXPECT_STR(c, "/Orderer/Kafka/Brokers/3",
	           "kafka-3.kafka-headless.ord-net.svc.cluster.local:9092");
	EXPECT_ABSENT(c, "/Orderer/EtcdRaft");
	EXPECT_ABSENT(c, "/Orderer/ConsenterMapping");
	EXPECT_STR(c, "/Orderer/Policies/BlockValidation/Type", "ImplicitMeta");
	EXPECT_STR(c, "/Orderer/Policies/BlockValidation/Rule", "ANY Writers");
	EXPECT_TRUE_AT(c, "/Orderer/Capabilities/V1_4_2");

	EXPECT_COUNT(c, "/Profiles", FC_NODE_MAP, 2);
	EXPECT_STR(c, "/Profiles/SystemChannel/Orderer/OrdererType", "kafka");
	EXPECT_COUNT(c, "/Profiles/SystemChannel/Orderer/Addresses", FC_NODE_SEQ, 2);
	EXPECT_COUNT(c, "/Profiles/SystemChannel/Orderer/Kafka/Brokers", FC_NODE_SEQ, 4);
	EXPECT_TRUE_AT(c, "/Profiles/SystemChannel/Capabilities/V1_4_3");
	EXPECT_COUNT(c, "/Profiles/SystemChannel/Consortiums/FabchartConsortium/Organizations",
	             FC_NODE_SEQ, 1);
	expect_peer_org(
	        fc_pointer_resolve(
	                c,
	                "/Profiles/SystemChannel/Consortiums/FabchartConsortium/Organizations/0"),
	        __LINE__);
	EXPECT_STR(c, "/Profiles/ch1/Consortium", "FabchartConsortium");
	EXPECT_ABSENT(c, "/Profiles/ch1/Orderer");
	EXPECT_TRUE_AT(c, "/Profiles/ch1/Capabilities/V1_4_3");
	EXPECT_STR(c, "/Profiles/ch1/Policies/Admins/Rule", "MAJORITY Admins");
	EXPECT_TRUE_AT(c, "/Profiles/ch1/Application/Capabilities/V1_4_2");
	EXPECT_COUNT(c, "/Profiles/ch1/Application/Organizations", FC_NODE_SEQ, 1);
	expect_peer_org(fc_pointer_resolve(c, "/Profiles/ch1/Application/Organizations/0"),
	                __LINE__);
	EXPECT_COUNT(c, "/Profiles/ch1/Application/Organizations/0/AnchorPeers", FC_NODE_SEQ, 1);
	EXPECT_STR(c, "/Profiles/ch1/Application/Organizations/0/AnchorPeers/0/Host",
	           "peer0.org1-net.svc.cluster.local");
	EXPECT_INT(c, "/Profiles/ch1/Application/Organizations/0/AnchorPeers/0/Port", 7051);
	teardown(&f);
}

static void test_configtx_raft_2_5(void)
{
	struct fixture f;
	setup(&f, HEAD("2.5.12") ORG1 ORG2 ORD("3") CONSENSUS("etcdraft") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1, org2]\n");
	const struct fc_node *c = fc_fabcfg_configtx(&f.arena, f.net);
	EXPECT_TRUE_AT(c, "/Capabilities/Channel/V2_0");
	EXPECT_TRUE_AT(c, "/Capabilities/Orderer/V2_0");
	EXPECT_TRUE_AT(c, "/Capabilities/Application/V2_5");
	EXPECT_STR(c, "/Orderer/OrdererType", "etcdraft");
	EXPECT_ABSENT(c, "/Orderer/Addresses");
	EXPECT_ABSENT(c, "/Orderer/Kafka");
	EXPECT_COUNT(c, "/Orderer/EtcdRaft/Consenters", FC_NODE_SEQ, 3);
	EXPECT_STR(c, "/Orderer/EtcdRaft/Consenters/0/Host", "orderer0.ord-net.svc.cluster.local");
	EXPECT_INT(c, "/Orderer/EtcdRaft/Consenters/0/Port", 7050);
	EXPECT_STR(c, "/Orderer/EtcdRaft/Consenters/0/ClientTLSCert", ORD_TLS("0"));
	EXPECT_STR(c, "/Orderer/EtcdRaft/Consenters/0/ServerTLSCert", ORD_TLS("0"));
	EXPECT_STR(c, "/Orderer/EtcdRaft/Consenters/2/ServerTLSCert", ORD_TLS("2"));
	EXPECT_STR(c, "/Orderer/BatchTimeout", f.net->batch.timeout);

	EXPECT_COUNT(c, "/Profiles", FC_NODE_MAP, 1);
	EXPECT_ABSENT(c, "/Profiles/SystemChannel");
	EXPECT_ABSENT(c, "/Profiles/ch1/Consortium");
	EXPECT_ABSENT(c, "/Profiles/ch1/Consortiums");
	EXPECT_TRUE_AT(c, "/Profiles/ch1/Capabilities/V2_0");
	EXPECT_COUNT(c, "/Profiles/ch1/Orderer/EtcdRaft/Consenters", FC_NODE_SEQ, 3);
	EXPECT_STR(c, "/Profiles/ch1/Orderer/EtcdRaft/Consenters/1/Host",
	           "orderer1.ord-net.svc.cluster.local");
	EXPECT_TRUE_AT(c, "/Profiles/ch1/Orderer/Capabilities/V2_0");
	EXPECT_STR(c, "/Profiles/ch1/Orderer/Organizations/0/OrdererEndpoints/2",
	           "orderer2.ord-net.svc.cluster.local:7050");
	EXPECT_TRUE_AT(c, "/Profiles/ch1/Application/Capabilities/V2_5");
	/* application policies */
	const struct fc_node *p = fc_pointer_resolve(c, "/Profiles/ch1/Application/Policies");
	EXPECT_COUNT(p, "", FC_NODE_MAP, 5);
	EXPECT_STR(p, "/Readers/Rule", "ANY Readers");
	EXPECT_STR(p, "/Writers/Rule", "ANY Writers");
	EXPECT_STR(p, "/Admins/Rule", "MAJORITY Admins");
	EXPECT_STR(p, "/LifecycleEndorsement/Type", "ImplicitMeta");
	EXPECT_STR(p, "/LifecycleEndorsement/Rule", "MAJORITY Endorsement");
	EXPECT_STR(p, "/Endorsement/Type", "ImplicitMeta");
	EXPECT_STR(p, "/Endorsement/Rule", "MAJORITY Endorsement");
	EXPECT_STR(c, "/Application/Policies/LifecycleEndorsement/Rule", "MAJORITY Endorsement");
	EXPECT_COUNT(c, "/Application/Organizations", FC_NODE_SEQ, 0);
	/* both members, each with its own anchor */
	EXPECT_COUNT(c, "/Profiles/ch1/Application/Organizations", FC_NODE_SEQ, 2);
	EXPECT_STR(c, "/Profiles/ch1/Application/Organizations/1/Name", "Org2MSP");
	EXPECT_STR(c, "/Profiles/ch1/Application/Organizations/1/AnchorPeers/0/Host",
	           "alpha.org2-net.svc.cluster.local");
	EXPECT_COUNT(c, "/Profiles/ch1/Application/Organizations/1/AnchorPeers", FC_NODE_SEQ, 1);
	teardown(&f);
}

static void test_configtx_bft_3(void)
{
	struct fixture f;
	setup(&f, HEAD("3.0.0") ORG1 ORD("4") CONSENSUS("BFT") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1]\n");
	const struct fc_node *c = fc_fabcfg_configtx(&f.arena, f.net);
	EXPECT_TRUE_AT(c, "/Capabilities/Channel/V3_0");
	EXPECT_TRUE_AT(c, "/Capabilities/Orderer/V2_0");
	EXPECT_TRUE_AT(c, "/Capabilities/Application/V2_5");
	const struct fc_node *o = fc_pointer_resolve(c, "/Profiles/ch1/Orderer");
	EXPECT_STR(o, "/OrdererType", "BFT");
	EXPECT_ABSENT(o, "/EtcdRaft");
	EXPECT_ABSENT(o, "/Addresses");
	EXPECT_COUNT(o, "/ConsenterMapping", FC_NODE_SEQ, 4);
	for (int i = 0; i < 4; i++) {
		char p[64];
		snprintf(p, sizeof(p), "/ConsenterMapping/%d/ID", i);
		EXPECT_INT(o, p, i + 1);
		snprintf(p, sizeof(p), "/ConsenterMapping/%d/MSPID", i);
		EXPECT_STR(o, p, "OrdMSP");
	}
	EXPECT_STR(o, "/ConsenterMapping/3/Host", "orderer3.ord-net.svc.cluster.local");
	EXPECT_INT(o, "/ConsenterMapping/3/Port", 7050);
	EXPECT_STR(o, "/ConsenterMapping/3/Identity",
	           CC "ordererOrganizations/ord.example.com/orderers/orderer3.ord.example.com/msp/"
	              "signcerts/orderer3.ord.example.com-cert.pem");
	EXPECT_STR(o, "/ConsenterMapping/3/ClientTLSCert", ORD_TLS("3"));
	EXPECT_STR(o, "/ConsenterMapping/3/ServerTLSCert", ORD_TLS("3"));
	EXPECT_INT(o, "/SmartBFT/RequestBatchMaxCount", 100);
	EXPECT_STR(o, "/SmartBFT/LeaderHeartbeatTimeout", "1m0s");
	EXPECT_INT(o, "/SmartBFT/LeaderHeartbeatCount", 10);
	/* configtxgen 3.x: ImplicitMeta or Signature only (internal/configtxgen/encoder) */
	EXPECT_STR(o, "/Policies/BlockValidation/Type", "ImplicitMeta");
	EXPECT_STR(o, "/Policies/BlockValidation/Rule", "ANY Writers");
	EXPECT_TRUE_AT(c, "/Profiles/ch1/Capabilities/V3_0");
	EXPECT_ABSENT(c, "/Profiles/ch1/Consortium");
	EXPECT_ABSENT(c, "/Profiles/SystemChannel");
	teardown(&f);
}

static void test_anchor_peers_per_channel(void)
{
	struct fixture f;
	setup(&f, HEAD("2.5.12") ORG1 ORG2 ORD("1") CONSENSUS("etcdraft") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1, org2]\n"
	      "  - name: ch2\n    organizations: [org1]\n"
	      "    anchorPeers:\n      - organization: org1\n        peer: peer1\n");
	const struct fc_node *c = fc_fabcfg_configtx(&f.arena, f.net);
	EXPECT_COUNT(c, "/Profiles", FC_NODE_MAP, 2);
	EXPECT_COUNT(c, "/Profiles/ch1/Application/Organizations/0/AnchorPeers", FC_NODE_SEQ, 1);
	EXPECT_STR(c, "/Profiles/ch1/Application/Organizations/0/AnchorPeers/0/Host",
	           "peer0.org1-net.svc.cluster.local");
	EXPECT_COUNT(c, "/Profiles/ch2/Application/Organizations", FC_NODE_SEQ, 1);
	EXPECT_COUNT(c, "/Profiles/ch2/Application/Organizations/0/AnchorPeers", FC_NODE_SEQ, 1);
	EXPECT_STR(c, "/Profiles/ch2/Application/Organizations/0/AnchorPeers/0/Host",
	           "peer1.org1-net.svc.cluster.local");
	EXPECT_INT(c, "/Profiles/ch2/Application/Organizations/0/AnchorPeers/0/Port", 7051);
	/* the top-level Organizations carry no anchors */
	EXPECT_COUNT(c, "/Organizations/1/AnchorPeers", FC_NODE_SEQ, 0);
	EXPECT_COUNT(c, "/Organizations/2/AnchorPeers", FC_NODE_SEQ, 0);
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("fabcfg", FC_TEST(test_crypto_config), FC_TEST(test_configtx_kafka_1_4),
	         FC_TEST(test_configtx_raft_2_5), FC_TEST(test_configtx_bft_3),
	         FC_TEST(test_anchor_peers_per_channel));
}

/*
 * Unit tests of fabnames: Fabric's identity rules on a topology's names
 * (domains, host names, reserved namespaces and channel names), through
 * fc_compile as `fabchart validate` runs them.
 */
#include "cunit_main.h"
#include "fabnames.h"
#include "model_fixture.h"

#include <stdio.h>
#include <string.h>

/* Two organizations of the given kinds, domains and node lists; Fabric version v. */
#define TOPOLOGY                                                       \
	"network: %s\n"                                                \
	"fabric:\n"                                                    \
	"  version: %s\n"                                              \
	"peerOrganizations:\n"                                         \
	"  - name: %s\n" /* 5 */                                       \
	"    mspId: Org1MSP\n"                                         \
	"    domain: %s\n" /* 7 */                                     \
	"    peers: [{name: node0}]\n" /* 8: the name at column 20 */  \
	"  - name: org2\n"                                             \
	"    mspId: Org2MSP\n"                                         \
	"    domain: %s\n" /* 11 */                                    \
	"    peers: 1\n"                                               \
	"ordererOrganizations:\n"                                      \
	"  - name: ord\n"                                              \
	"    mspId: OrdMSP\n"                                          \
	"    domain: %s\n" /* 16 */                                    \
	"    orderers: [{name: %s}]\n" /* 17: the name at column 23 */ \
	"consensus:\n"                                                 \
	"  type: etcdraft\n"                                           \
	"exposure:\n"                                                  \
	"  type: ClusterIP\n"                                          \
	"channels:\n"                                                  \
	"  - name: %s\n" /* 23 */                                      \
	"    organizations: [%s]\n"                                    \
	"  - name: %s\n" /* 25 */                                      \
	"    organizations: [org2]\n"

struct names {
	const char *network, *version, *org1, *domain1, *domain2, *ord_domain, *orderer, *ch1,
	        *ch1_members, *ch2;
};

static const struct names base = {
        "net",           "2.5.12",   "org1", "a.example.com", "b.example.com",
        "o.example.com", "orderer0", "ch1",  "org1",          "ch2"};

static void compile(struct fixture *f, struct names n)
{
	char buf[2048];
	snprintf(buf, sizeof(buf), TOPOLOGY, n.network, n.version, n.org1, n.domain1, n.domain2,
	         n.ord_domain, n.orderer, n.ch1, n.ch1_members, n.ch2);
	fc_test_compile(f, buf);
}

static void test_base_is_valid(void)
{
	struct fixture f;
	compile(&f, base);
	EXPECT_COUNTS(&f, 0, 1); /* one Raft orderer */
	teardown(&f);
}

static void test_duplicate_domain(void)
{
	struct fixture f;
	struct names n = base;
	n.domain2 = n.domain1;
	compile(&f, n);
	EXPECT_COUNTS(&f, 1, 1);
	EXPECT_ERROR(&f, "duplicate-domain", 11, 13, "/peerOrganizations/1/domain",
	             "peer organization 'org2' has the domain 'a.example.com' of peer organization "
	             "'org1': cryptogen would write both into "
	             "crypto-config/peerOrganizations/a.example.com");
	teardown(&f);
	/* one domain ending another is no clash: node names have no dots */
	n = base;
	n.domain2 = "example.com";
	n.domain1 = "node0.example.com";
	compile(&f, n);
	EXPECT_COUNTS(&f, 0, 1);
	teardown(&f);
}

static void test_duplicate_host(void)
{
	struct fixture f;
	/* a peer and an orderer organization may share a domain (two folders of cryptogen) */
	struct names n = base;
	n.ord_domain = n.domain1;
	compile(&f, n);
	EXPECT_COUNTS(&f, 0, 1);
	teardown(&f);
	/* but not a host name */
	n.orderer = "node0";
	compile(&f, n);
	EXPECT_COUNTS(&f, 1, 1);
	EXPECT_ERROR(&f, "duplicate-host", 17, 23, "/ordererOrganizations/0/orderers/0/name",
	             "orderer 'node0' of 'ord' has the host name 'node0.a.example.com' of peer "
	             "'node0' of 'org1'");
	teardown(&f);
}

static void test_reserved_namespace(void)
{
	struct fixture f;
	struct names n = base;
	n.org1 = "kube";
	n.ch1_members = "kube";
	n.network = "system";
	compile(&f, n);
	EXPECT_COUNTS(&f, 1, 1);
	EXPECT_ERROR(&f, "reserved-namespace", 5, 11, "/peerOrganizations/0/name",
	             "organization name 'kube' makes the namespace 'kube-system', one Kubernetes "
	             "keeps for itself");
	teardown(&f);
	n.network = "net";
	compile(&f, n);
	EXPECT_ERROR(&f, "reserved-namespace", 5, 11, "/peerOrganizations/0/name",
	             "makes the namespace 'kube-net'");
	teardown(&f);
	n.org1 = "kubernetes";
	n.ch1_members = "kubernetes";
	compile(&f, n);
	EXPECT_COUNTS(&f, 0, 1);
	teardown(&f);
}

static void test_reserved_channel_names(void)
{
	struct fixture f;
	struct names n = base;
	n.version = "1.4.12";
	n.ch2 = FC_SYSTEM_CHANNEL;
	compile(&f, n);
	EXPECT_COUNTS(&f, 1, 1);
	EXPECT_ERROR(&f, "reserved-channel-name", 25, 11, "/channels/1/name",
	             "channel name 'system-channel' is the system channel's");
	teardown(&f);
	/* 2.5 has no system channel */
	n.version = "2.5.12";
	compile(&f, n);
	EXPECT_COUNTS(&f, 0, 1);
	teardown(&f);
	/* 1.4: the anchor-peer update of Org2MSP on "ch1" would be
	 * artifacts/ch1-Org2MSP-anchors.tx; channel names are lowercase, so an MSP ID that
	 * lowercase is needed to clash */
	n = base;
	n.version = "1.4.12";
	n.ch1_members = "org1, org2";
	n.ch2 = "ch1-org1msp-anchors";
	compile(&f, n);
	EXPECT_COUNTS(&f, 0, 1);
	teardown(&f);
}

static void test_anchor_file_clash(void)
{
	struct fixture f;
	const char *yaml = "network: net\nfabric:\n  version: 1.4.12\n"
	                   "peerOrganizations:\n"
	                   "  - name: org1\n    mspId: org1msp\n    domain: org1.example.com\n"
	                   "    peers: 1\n"
	                   "ordererOrganizations:\n"
	                   "  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n"
	                   "    orderers: 1\n"
	                   "consensus:\n  type: etcdraft\nexposure:\n  type: ClusterIP\n"
	                   "channels:\n"
	                   "  - name: a\n" /* 19 */
	                   "    organizations: [org1]\n"
	                   "  - name: a-org1msp-anchors\n" /* 21 */
	                   "    organizations: [org1]\n";
	fc_test_compile(&f, yaml);
	EXPECT_COUNTS(&f, 1, 1);
	EXPECT_ERROR(&f, "reserved-channel-name", 21, 11, "/channels/1/name",
	             "channel name 'a-org1msp-anchors' names the anchor-peer update of 'org1msp' "
	             "on channel 'a' (configtxgen writes both to artifacts/a-org1msp-anchors.tx)");
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("fabnames", FC_TEST(test_base_is_valid), FC_TEST(test_duplicate_domain),
	         FC_TEST(test_duplicate_host), FC_TEST(test_reserved_namespace),
	         FC_TEST(test_reserved_channel_names), FC_TEST(test_anchor_file_clash));
}

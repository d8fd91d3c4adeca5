/*
 * Unit tests of k8sname: the naming rules themselves, and their diagnostics
 * on whole topologies (fc_compile, as `fabchart validate` runs them): the
 * value, position, rule and the longest value that fits.
 */
#include "cunit_main.h"
#include "k8sname.h"
#include "model_fixture.h"

#include <stdio.h>
#include <string.h>

static void test_rules(void)
{
	static const struct {
		enum fc_name_fault (*rule)(const char *);
		const char *name;
		enum fc_name_fault want;
	} cases[] = {
	        {fc_k8sname_dns1123_label, "peer0", FC_NAME_OK},
	        {fc_k8sname_dns1123_label, "0peer", FC_NAME_OK},
	        {fc_k8sname_dns1123_label, "", FC_NAME_EMPTY},
	        {fc_k8sname_dns1123_label, "-a", FC_NAME_BAD_START},
	        {fc_k8sname_dns1123_label, "a-", FC_NAME_BAD_END},
	        {fc_k8sname_dns1123_label, "a.b", FC_NAME_BAD_CHAR},
	        {fc_k8sname_dns1123_label, "Peer", FC_NAME_BAD_CHAR},
	        {fc_k8sname_dns1123_label,
	         "a23456789012345678901234567890123456789012345678901234567890123", FC_NAME_OK},
	        {fc_k8sname_dns1123_label,
	         "a234567890123456789012345678901234567890123456789012345678901234",
	         FC_NAME_TOO_LONG},
	        {fc_k8sname_dns1035_label, "peer0", FC_NAME_OK},
	        {fc_k8sname_dns1035_label, "0peer", FC_NAME_BAD_START},
	        {fc_k8sname_dns1035_label, "a--b", FC_NAME_OK},
	        {fc_k8sname_dns1123_subdomain, "channel-fx.spot", FC_NAME_OK},
	        {fc_k8sname_dns1123_subdomain, "channel-fx.", FC_NAME_EMPTY_PART},
	        {fc_k8sname_dns1123_subdomain, "a..b", FC_NAME_EMPTY_PART},
	        {fc_k8sname_dns1123_subdomain, "a.-b", FC_NAME_BAD_START},
	        {fc_k8sname_port_name, "operations", FC_NAME_OK},
	        {fc_k8sname_port_name, "a23456789012345", FC_NAME_OK},
	        {fc_k8sname_port_name, "a234567890123456", FC_NAME_TOO_LONG},
	        {fc_k8sname_port_name, "8080", FC_NAME_NO_LETTER},
	        {fc_k8sname_port_name, "a--b", FC_NAME_DOUBLE_HYPHEN},
	        {fc_k8sname_port_name, "-ab", FC_NAME_BAD_START},
	        {fc_k8sname_port_name, "ab-", FC_NAME_BAD_END},
	        {fc_k8sname_port_name, "a_b", FC_NAME_BAD_CHAR},
	        {fc_k8sname_label_value, "", FC_NAME_OK},
	        {fc_k8sname_label_value, "Fabric_1.0.0-rc.1", FC_NAME_OK},
	        {fc_k8sname_label_value, "fabric-1.0.0-rc.", FC_NAME_BAD_END},
	        {fc_k8sname_label_value, "_a", FC_NAME_BAD_START},
	        {fc_k8sname_label_value, "a b", FC_NAME_BAD_CHAR},
	        {fc_k8sname_label_value,
	         "a234567890123456789012345678901234567890123456789012345678901234",
	         FC_NAME_TOO_LONG},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum fc_name_fault got = cases[i].rule(cases[i].name);
		report(got == cases[i].want, __LINE__, "case %zu ('%s'): fault %d, want %d", i,
		       cases[i].name, (int)got, (int)cases[i].want);
	}
}

/* A Fabric 2.5 network whose first organization has the peers p1 (line 9) and p2 (line 10). */
static const char *two_peers(struct fixture *f, const char *p1, const char *p2, const char *tail)
{
	return fc_arena_printf(&f->arena,
	                       "network: net\n"
	                       "fabric:\n"
	                       "  version: 2.5.12\n"
	                       "peerOrganizations:\n"
	                       "  - name: org1\n" /* 5 */
	                       "    mspId: Org1MSP\n"
	                       "    domain: org1.example.com\n"
	                       "    peers:\n"
	                       "      - name: %s\n" /* 9 */
	                       "      - name: %s\n" /* 10 */
	                       "ordererOrganizations:\n"
	                       "  - name: ord\n"
	                       "    mspId: OrdMSP\n"
	                       "    domain: ord.example.com\n"
	                       "    orderers: 3\n" /* 15 */
	                       "consensus:\n"
	                       "  type: etcdraft\n"
	                       "exposure:\n"
	                       "  type: ClusterIP\n" /* 19 */
	                       "%s",
	                       p1, p2, tail);
}

static void compile_peers(struct fixture *f, const char *p1, const char *p2, const char *tail)
{
	struct fixture scratch;
	fc_arena_init(&scratch.arena);
	const char *yaml = two_peers(&scratch, p1, p2, tail);
	fc_test_compile(f, yaml);
	fc_arena_release(&scratch.arena);
}

static void test_service_name_starts_with_a_letter(void)
{
	struct fixture f;
	compile_peers(&f, "0peer", "peer1", "");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "service-name-start", 9, 15, "/peerOrganizations/0/peers/0/name",
	             "peer name '0peer' makes Service '0peer");
	EXPECT_ERROR(&f, "service-name-start", 9, 15, "/peerOrganizations/0/peers/0/name",
	             "which starts with '0' (a Service name is a DNS-1035 label: lowercase "
	             "letters, digits and '-', starting with a letter");
	teardown(&f);
}

static void test_tightest_length(void)
{
	struct fixture f;
	/* 55 characters: the headless Service (64) and the StatefulSet (55, over 52) */
	const char *p55 = "p234567890123456789012345678901234567890123456789012345";
	compile_peers(&f, p55, "peer1", "");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "name-too-long", 9, 15, "/peerOrganizations/0/peers/0/name",
	             "makes StatefulSet '" /* the tighter limit */);
	EXPECT_ERROR(&f, "name-too-long", 9, 15, "/peerOrganizations/0/peers/0/name",
	             "55 characters long (a StatefulSet name is at most 52: its pods are labelled "
	             "controller-revision-hash=<name>-<a hash of up to 10 characters>, a label "
	             "value of at most 63): use at most 52 characters");
	teardown(&f);
	/* 52 characters fit */
	compile_peers(&f, "p234567890123456789012345678901234567890123456789012", "peer1", "");
	EXPECT_COUNTS(&f, 0, 0);
	teardown(&f);
}

static void test_duplicate_object(void)
{
	struct fixture f;
	compile_peers(&f, "p0", "p0-headless", "");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "duplicate-object", 10, 15, "/peerOrganizations/0/peers/1/name",
	             "peer name 'p0-headless' makes Service 'p0-headless' in namespace "
	             "'org1-net', which peer name 'p0' makes too (the headless Service of peer "
	             "'p0')");
	report(f.diags.count == 1 && f.diags.items[0]->notes &&
	               f.diags.items[0]->notes->pos.line == 9,
	       __LINE__, "no note at the first peer");
	teardown(&f);
}

static void test_reserved_names(void)
{
	struct fixture f;
	compile_peers(&f, "peer0", "ca", "");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "reserved-name", 10, 15, "/peerOrganizations/0/peers/1/name",
	             "peer name 'ca' makes StatefulSet 'ca' in namespace 'org1-net', a name the "
	             "chart uses for the StatefulSet of the CA of 'org1'");
	teardown(&f);
	/* its MSP Secret would be the organization admin's */
	compile_peers(&f, "admin", "peer1", "");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "reserved-name", 9, 15, "/peerOrganizations/0/peers/0/name",
	             "peer name 'admin' makes Secret 'admin-");
	EXPECT_ERROR(&f, "reserved-name", 9, 15, "/peerOrganizations/0/peers/0/name",
	             "a name the chart uses for the organization admin's");
	teardown(&f);
	/* without a CA, a peer may be named ca */
	compile_peers(&f, "ca", "peer1", "");
	EXPECT_COUNTS(&f, 1, 0);
	teardown(&f);
	struct fixture g;
	fc_arena_init(&g.arena);
	const char *yaml = two_peers(&g, "ca", "peer1", "");
	char *no_ca = fc_arena_printf(&g.arena, "%s", yaml);
	char *at = strstr(no_ca, "    peers:\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	yaml = fc_arena_printf(&g.arena, "%.*s    ca: false\n%s", (int)(at - no_ca), no_ca, at);
	fc_test_compile(&f, yaml);
	EXPECT_COUNTS(&f, 0, 0);
	teardown(&f);
	fc_arena_release(&g.arena);
}

static void test_reserved_explorer_namespace(void)
{
	struct fixture f;
	fc_test_compile(&f, "network: net\nfabric:\n  version: 2.5.12\n"
	                    "peerOrganizations:\n"
	                    "  - name: explorer\n" /* 5 */
	                    "    mspId: ExMSP\n    domain: ex.example.com\n    peers: 1\n"
	                    "ordererOrganizations:\n"
	                    "  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n"
	                    "    orderers: 3\n"
	                    "consensus:\n  type: etcdraft\nexposure:\n  type: ClusterIP\n"
	                    "explorer:\n  enabled: true\n");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(
	        &f, "reserved-name", 5, 11, "/peerOrganizations/0/name",
	        "organization name 'explorer' makes Namespace 'explorer-net', a name the chart "
	        "uses for the explorer's namespace");
	teardown(&f);
	/* without the explorer the name is free */
	fc_test_compile(&f, "network: net\nfabric:\n  version: 2.5.12\n"
	                    "peerOrganizations:\n"
	                    "  - name: explorer\n"
	                    "    mspId: ExMSP\n    domain: ex.example.com\n    peers: 1\n"
	                    "ordererOrganizations:\n"
	                    "  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n"
	                    "    orderers: 3\n"
	                    "consensus:\n  type: etcdraft\nexposure:\n  type: ClusterIP\n");
	EXPECT_COUNTS(&f, 0, 0);
	teardown(&f);
}

static void test_namespace_too_long(void)
{
	struct fixture f;
	/* 60 + "-net" = 64 */
	struct fixture g;
	fc_arena_init(&g.arena);
	const char *n60 = "o2345678901234567890123456789012345678901234567890123456789x";
	const char *yaml = two_peers(&g, "peer0", "peer1", "");
	const char *at = strstr(yaml, "org1\n");
	yaml = fc_arena_printf(&g.arena, "%.*s%s%s", (int)(at - yaml), yaml, n60, at + 4);
	fc_test_compile(&f, yaml);
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "name-too-long", 5, 11, "/peerOrganizations/0/name", "makes Namespace '");
	EXPECT_ERROR(&f, "name-too-long", 5, 11, "/peerOrganizations/0/name",
	             "-net' 64 characters long (a namespace name is a DNS-1123 label, at most "
	             "63): use at most 59 characters");
	teardown(&f);
	/* explorer-<network>, only when the explorer runs */
	const char *net55 = "n234567890123456789012345678901234567890123456789012345";
	yaml = two_peers(&g, "peer0", "peer1", "explorer:\n  enabled: true\n");
	yaml = fc_arena_printf(&g.arena, "network: %s%s", net55, yaml + strlen("network: net"));
	fc_test_compile(&f, yaml);
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "name-too-long", 1, 10, "/network",
	             "makes Namespace 'explorer-n2345678901234567890123456789012345678901234567890"
	             "12345' 64 characters long (a namespace name is a DNS-1123 label, at most "
	             "63): use at most 54 characters");
	teardown(&f);
	yaml = two_peers(&g, "peer0", "peer1", "");
	fc_test_compile(&f, fc_arena_printf(&g.arena, "network: %s%s", net55,
	                                    yaml + strlen("network: net")));
	EXPECT_COUNTS(&f, 0, 0);
	teardown(&f);
	fc_arena_release(&g.arena);
}

static void test_channel_volumes(void)
{
	struct fixture f;
	compile_peers(&f, "peer0", "peer1",
	              "channels:\n"
	              "  - name: fx.spot\n" /* 21 */
	              "    organizations: [org1]\n"
	              "  - name: fx-spot\n" /* 23 */
	              "    organizations: [org1]\n");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "duplicate-volume", 23, 11, "/channels/1/name",
	             "channel name 'fx-spot' and channel name 'fx.spot' make the volume "
	             "'channel-fx-spot' of ");
	teardown(&f);
	/* a channel name may end with '-' for Fabric, not for a volume */
	compile_peers(&f, "peer0", "peer1",
	              "channels:\n  - name: fx-\n    organizations: [org1]\n");
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "name-invalid", 21, 11, "/channels/0/name", "which ends with '-' (");
	EXPECT_ERROR(&f, "name-invalid", 21, 11, "/channels/0/name",
	             "end the channel name with a letter or digit");
	teardown(&f);
}

static void test_chart_label(void)
{
	struct fixture f;
	/* 53 + "-" + "1.0.0-rc.1" = 64, cut to 63: "...-1.0.0-rc." */
	const char *c53 = "c2345678901234567890123456789012345678901234567890123";
	struct fixture g;
	fc_arena_init(&g.arena);
	const char *yaml = two_peers(&g, "peer0", "peer1", "");
	fc_test_compile(&f, fc_arena_printf(&g.arena,
	                                    "network: net\nchart:\n  name: %s\n"
	                                    "  version: 1.0.0-rc.1\n%s",
	                                    c53, yaml + strlen("network: net\n")));
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "label-value-invalid", 4, 12, "/chart/version",
	             "makes the label helm.sh/chart=");
	EXPECT_ERROR(&f, "label-value-invalid", 4, 12, "/chart/version", "-1.0.0-rc. of ");
	EXPECT_ERROR(&f, "label-value-invalid", 4, 12, "/chart/version", "which ends with '.'");
	teardown(&f);
	fc_arena_release(&g.arena);
}

#define KAFKA_YAML                                                           \
	"network: net\nfabric:\n  version: 1.4.12\n"                         \
	"peerOrganizations:\n"                                               \
	"  - name: org1\n    mspId: Org1MSP\n    domain: org1.example.com\n" \
	"    peers: 1\n"                                                     \
	"ordererOrganizations:\n"                                            \
	"  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n"    \
	"    orderers:\n"                                                    \
	"      - name: %s\n" /* line 14 */                                   \
	"consensus:\n  type: %s\nexposure:\n  type: ClusterIP\n"

static void test_kafka_names(void)
{
	struct fixture f;
	char buf[1024];
	snprintf(buf, sizeof(buf), KAFKA_YAML, "kafka", "kafka");
	fc_test_compile(&f, buf);
	EXPECT_COUNTS(&f, 1, 0);
	EXPECT_ERROR(&f, "reserved-name", 14, 15, "/ordererOrganizations/0/orderers/0/name",
	             "orderer name 'kafka' makes StatefulSet 'kafka' in namespace 'ord-net', a "
	             "name the chart uses for the StatefulSet of the Kafka brokers");
	teardown(&f);
	snprintf(buf, sizeof(buf), KAFKA_YAML, "zookeeper-headless", "kafka");
	fc_test_compile(&f, buf);
	EXPECT_ERROR(&f, "reserved-name", 14, 15, "/ordererOrganizations/0/orderers/0/name",
	             "a name the chart uses for the headless Service of the ZooKeeper ensemble");
	teardown(&f);
	/* with Raft there is no Kafka: the name is free */
	snprintf(buf, sizeof(buf), KAFKA_YAML, "kafka", "etcdraft");
	fc_test_compile(&f, buf);
	EXPECT_COUNTS(&f, 0, 1); /* a single Raft orderer */
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("k8sname: rules", FC_TEST(test_rules));
	FC_SUITE("k8sname: topologies", FC_TEST(test_service_name_starts_with_a_letter),
	         FC_TEST(test_tightest_length), FC_TEST(test_duplicate_object),
	         FC_TEST(test_reserved_names), FC_TEST(test_reserved_explorer_namespace),
	         FC_TEST(test_namespace_too_long), FC_TEST(test_channel_volumes),
	         FC_TEST(test_chart_label), FC_TEST(test_kafka_names));
}

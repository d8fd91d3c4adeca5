/*
 * Unit tests of chaincode: the topology's chaincodes read into the model
 * (defaults, derived names and addresses, several channels), positions of
 * policy errors when the policy is not verbatim on its line, and the values
 * the chart gets.  The rules' diagnostics, each at its line and column, are
 * the golden cases tests/invalid/chaincode-*.yaml.
 */
#include "ccpackage.h"
#include "chaincode.h"
#include "cunit_main.h"
#include "model_fixture.h"
#include "render.h"

#include <string.h>

#define NETWORK                                                                          \
	"network: dev\n"                                                                 \
	"fabric:\n"                                                                      \
	"  version: 3.1.1\n"                                                             \
	"peerOrganizations:\n"                                                           \
	"  - {name: org1, mspId: Org1MSP, domain: org1.dev.example, peers: 2}\n"         \
	"  - {name: org2, mspId: Org2MSP, domain: org2.dev.example, peers: 1}\n"         \
	"  - {name: org3, mspId: Org3MSP, domain: org3.dev.example, peers: 1}\n"         \
	"ordererOrganizations:\n"                                                        \
	"  - {name: ordering, mspId: OrderingMSP, domain: o.dev.example, orderers: 3}\n" \
	"consensus: {type: etcdraft}\n"                                                  \
	"exposure: {type: ClusterIP}\n"                                                  \
	"channels:\n"                                                                    \
	"  - {name: trade, organizations: [org2, org1]}\n"                               \
	"  - {name: audit, organizations: [org3, org1]}\n"                               \
	"chaincodes:\n"
#define IMAGE                                            \
	"    image: {repository: r.example/cc, digest: " \
	"\"sha256:00000000000000000000000000000000000000000000000000000000000000aa\"}\n"

static void test_defaults(void)
{
	struct fixture f;
	int rc = fc_test_compile(&f, NETWORK "  - name: assets\n"
	                                     "    channels: trade\n" IMAGE "    version: 2.0\n"
	                                     "    sequence: 3\n"
	                                     "    collections:\n"
	                                     "      - {name: p, policy: \"OR('Org1MSP.member')\", "
	                                     "requiredPeerCount: 0}\n"
	                                     "      - {name: q, policy: \"OR('Org1MSP.member', "
	                                     "'Org2MSP.member')\", requiredPeerCount: 2}\n");
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	EXPECT_COUNTS(&f, 0, 0);
	CU_ASSERT_EQUAL_FATAL(f.net->chaincode_count, 1);
	const struct fc_chaincode *cc = &f.net->chaincodes[0];
	CU_ASSERT_STRING_EQUAL(cc->name, "assets");
	CU_ASSERT_STRING_EQUAL(cc->version, "2.0"); /* a number keeps its text */
	CU_ASSERT_STRING_EQUAL(cc->label, "assets_2.0");
	CU_ASSERT_EQUAL(cc->sequence, 3);
	CU_ASSERT_EQUAL(cc->port, FC_CHAINCODE_DEFAULT_PORT);
	CU_ASSERT_STRING_EQUAL(cc->dial_timeout, "10s");
	CU_ASSERT_FALSE(cc->init_required);
	CU_ASSERT_PTR_NULL(cc->signature_policy);
	CU_ASSERT_STRING_EQUAL(cc->channel_config_policy, "/Channel/Application/Endorsement");
	CU_ASSERT_STRING_EQUAL(cc->image,
	                       "r.example/cc@sha256:"
	                       "00000000000000000000000000000000000000000000000000000000000000aa");
	/* every member of the channel, in the topology's order of organizations */
	CU_ASSERT_EQUAL_FATAL(cc->org_count, 2);
	CU_ASSERT_STRING_EQUAL(cc->orgs[0].org->name, "org1");
	CU_ASSERT_STRING_EQUAL(cc->orgs[1].org->name, "org2");
	CU_ASSERT_STRING_EQUAL(cc->orgs[0].service, "assets-org1-s3");
	CU_ASSERT_STRING_EQUAL(cc->orgs[0].address,
	                       "assets-org1-s3.org1-dev.svc.cluster.local:9999");
	CU_ASSERT_STRING_EQUAL(cc->orgs[1].package_file, "files/chaincode/assets-org2-s3.tar.gz");
	CU_ASSERT_PTR_NULL(cc->orgs[0].package_id); /* validate builds no package */
	CU_ASSERT_EQUAL_FATAL(cc->collection_count, 2);
	CU_ASSERT_EQUAL(cc->collections[0].max_peer_count, 1);
	CU_ASSERT_EQUAL(cc->collections[1].max_peer_count, 2);
	CU_ASSERT_EQUAL(cc->collections[1].required_peer_count, 2);
	CU_ASSERT_FALSE(cc->collections[0].member_only_read);
	CU_ASSERT_STRING_EQUAL(cc->resources.request_cpu, "50m");
	CU_ASSERT_STRING_EQUAL(cc->resources.limit_memory, "256Mi");
	teardown(&f);
}

static void test_channels_and_orgs(void)
{
	struct fixture f;
	int rc = fc_test_compile(&f,
	                         NETWORK "  - name: assets\n"
	                                 "    channels: [audit, trade]\n" IMAGE "    version: v1\n"
	                                 "    sequence: 3\n"
	                                 "    port: 7777\n"
	                                 "    endorsementPolicy: \"OR('Org1MSP.peer')\"\n"
	                                 "  - name: ledger\n"
	                                 "    channels: [trade, audit]\n" IMAGE "    version: v1\n"
	                                 "    sequence: 1\n"
	                                 "    organizations: [org3]\n");
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL_FATAL(f.net->chaincode_count, 2);
	const struct fc_chaincode *cc = &f.net->chaincodes[0];
	CU_ASSERT_EQUAL_FATAL(cc->channel_count, 2);
	CU_ASSERT_STRING_EQUAL(cc->channels[0]->name, "audit");
	CU_ASSERT_STRING_EQUAL(cc->channels[1]->name, "trade");
	/* the members of any of its channels */
	CU_ASSERT_EQUAL_FATAL(cc->org_count, 3);
	CU_ASSERT_STRING_EQUAL(cc->orgs[2].org->name, "org3");
	/* one server per sequence: <chaincode>-<organization>-s<sequence> */
	CU_ASSERT_STRING_EQUAL(cc->orgs[2].address,
	                       "assets-org3-s3.org3-dev.svc.cluster.local:7777");
	CU_ASSERT_STRING_EQUAL(cc->signature_policy, "OR('Org1MSP.peer')");
	CU_ASSERT_PTR_NOT_NULL_FATAL(cc->endorsement);
	CU_ASSERT_EQUAL(cc->endorsement->threshold, 1);
	CU_ASSERT_EQUAL_FATAL(f.net->chaincodes[1].org_count, 1);
	CU_ASSERT_STRING_EQUAL(f.net->chaincodes[1].orgs[0].org->name, "org3");
	/* the commits in the commit Jobs' (Helm's) order: by channel name */
	CU_ASSERT_EQUAL_FATAL(fc_ccpackage_build_all(&f.arena, f.net, &f.diags), 0);
	struct fc_node *v = fc_render_values(&f.arena, f.net);
	EXPECT_STR(v, "/chaincodes/ledger/channels/0", "trade");
	EXPECT_STR(v, "/chaincodes/ledger/commits/0/channel", "audit");
	EXPECT_STR(v, "/chaincodes/ledger/commits/1/channel", "trade");
	teardown(&f);
}

/* A policy not verbatim on its line (an escape, a folded scalar): the error
 * is at the value's start, its offset in the message. */
static void test_policy_position_fallback(void)
{
	struct fixture f;
	int rc = fc_test_compile(&f, NETWORK
	                         "  - name: assets\n"
	                         "    channels: trade\n" IMAGE "    version: v1\n"
	                         "    sequence: 1\n"
	                         "    endorsementPolicy: \"OR('Org1MSP.peer'\\t'x.peer')\"\n"
	                         "    collections:\n"
	                         "      - name: p\n"
	                         "        policy: >-\n"
	                         "          OR('Org1MSP.member',\n"
	                         "          'Org2MSP.member' 'Org1MSP.peer')\n");
	CU_ASSERT_EQUAL(rc, -1);
	EXPECT_COUNTS(&f, 2, 0);
	EXPECT_ERROR(&f, "policy-syntax", 21, 24, "/chaincodes/0/endorsementPolicy",
	             "at character 19 of the policy");
	EXPECT_ERROR(&f, "policy-syntax", 24, 17, "/chaincodes/0/collections/0/policy",
	             "expected ',' or ')', found '''");
	teardown(&f);
}

#define EXPECT_BOOL(root, pointer, want)                                            \
	do {                                                                        \
		const struct fc_node *b_ = fc_pointer_resolve(root, pointer);       \
		CU_ASSERT(b_ && b_->kind == FC_NODE_BOOL && b_->boolean == (want)); \
	} while (0)

/* chaincode "assets" v1, sequence 1, on channel trade: the start of an entry */
#define ASSETS \
	NETWORK "  - name: assets\n    channels: trade\n" IMAGE "    version: v1\n    sequence: 1\n"

static void test_values(void)
{
	struct fixture f;
	int rc = fc_test_compile(&f, ASSETS "    env: {A: b}\n");
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL_FATAL(fc_ccpackage_build_all(&f.arena, f.net, &f.diags), 0);
	struct fc_node *v = fc_render_values(&f.arena, f.net);
	EXPECT_STR(v, "/chaincodes/assets/label", "assets_v1");
	EXPECT_INT(v, "/chaincodes/assets/sequence", 1);
	EXPECT_STR(v, "/chaincodes/assets/channels/0", "trade");
	EXPECT_STR(v, "/chaincodes/assets/env/A", "b");
	EXPECT_STR(v, "/chaincodes/assets/channelConfigPolicy", "/Channel/Application/Endorsement");
	EXPECT_STR(v, "/chaincodes/assets/organizations/org2/address",
	           "assets-org2-s1.org2-dev.svc.cluster.local:9999");
	EXPECT_STR(v, "/chaincodes/assets/organizations/org1/packageId",
	           f.net->chaincodes[0].orgs[0].package_id);
	CU_ASSERT_EQUAL(strncmp(f.net->chaincodes[0].orgs[0].package_id, "assets_v1:", 10), 0);
	CU_ASSERT_EQUAL(strlen(f.net->chaincodes[0].orgs[0].package_id), 10 + 64);
	/* one package per organization: the addresses differ, so do the IDs */
	CU_ASSERT_STRING_NOT_EQUAL(f.net->chaincodes[0].orgs[0].package_id,
	                           f.net->chaincodes[0].orgs[1].package_id);
	/* no test: an empty query, nothing compared */
	EXPECT_STR(v, "/chaincodes/assets/test/ctor", "");
	EXPECT_BOOL(v, "/chaincodes/assets/test/expectAnswer", false);
	teardown(&f);

	/* test: the query as peer chaincode query's --ctor JSON, escaped; tls */
	rc = fc_test_compile(&f, ASSETS "    tls: true\n"
	                                "    test: {query: [Read, 'a\"b\\c'], expect: ''}\n");
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL_FATAL(fc_ccpackage_build_all(&f.arena, f.net, &f.diags), 0);
	v = fc_render_values(&f.arena, f.net);
	EXPECT_STR(v, "/chaincodes/assets/test/ctor", "{\"Args\":[\"Read\",\"a\\\"b\\\\c\"]}");
	EXPECT_STR(v, "/chaincodes/assets/test/expect", "");
	EXPECT_BOOL(v, "/chaincodes/assets/test/expectAnswer", true);
	EXPECT_BOOL(v, "/chaincodes/assets/tlsRequired", true);
	EXPECT_BOOL(v, "/peerOrganizations/org1/chaincodeTls", true);
	teardown(&f);

	/* with tls, the TLS files' variables are the chart's */
	rc = fc_test_compile(&f, ASSETS "    tls: true\n    env: {CHAINCODE_TLS_KEY: /x}\n");
	CU_ASSERT_NOT_EQUAL(rc, 0);
	EXPECT_ERROR(&f, "chaincode-env-reserved", 22, 11, "/chaincodes/0/env/CHAINCODE_TLS_KEY",
	             "sets CHAINCODE_TLS_KEY, which the chart sets (the server's TLS files");
	teardown(&f);

	/* no chaincodes: no key in the values */
	rc = fc_test_compile(&f, NETWORK "  []\n");
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	v = fc_render_values(&f.arena, f.net);
	CU_ASSERT_PTR_NULL(fc_node_get(v, "chaincodes"));
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("chaincode", FC_TEST(test_defaults), FC_TEST(test_channels_and_orgs),
	         FC_TEST(test_policy_position_fallback), FC_TEST(test_values));
}

/*
 * test_portmap - unit tests of the port map's formats (portmap.h): the
 * aligned table, CSV, the JSON array and the README's Markdown table, for a
 * network with NodePorts and an explorer and for one without NodePorts.
 */
#include "cunit_main.h"
#include "model_fixture.h"
#include "portmap.h"
#include "strbuf.h"

#include <string.h>

static const char *const EXPOSED = "network: net\n"
                                   "fabric: {version: 2.5.12}\n"
                                   "peerOrganizations: [{name: a, mspId: AMSP, domain: a.example, "
                                   "peers: 1, ca: false}]\n"
                                   "ordererOrganizations: [{name: o, mspId: OMSP, domain: "
                                   "o.example, orderers: 1}]\n"
                                   "consensus: {type: etcdraft}\n"
                                   "isolation: {nodeCidrs: [10.0.0.0/8]}\n"
                                   "exposure: {nodePort: {explorer: 31000}}\n"
                                   "explorer: {enabled: true}\n";

static const char *const INTERNAL = "network: k\n"
                                    "fabric: {version: 2.5.12}\n"
                                    "peerOrganizations: [{name: a, mspId: AMSP, domain: "
                                    "a.example, peers: 1, ca: false}]\n"
                                    "ordererOrganizations: [{name: o, mspId: OMSP, domain: "
                                    "o.example, orderers: 1}]\n"
                                    "consensus: {type: etcdraft}\n"
                                    "exposure: {type: ClusterIP}\n";

/* The port map of yaml in format, compared with want. */
static void expect_format(const char *yaml, enum fc_portmap_format format, const char *want,
                          int line)
{
	struct fixture f;
	setup(&f, yaml);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addstr(&sb, "before:"); /* formats append */
	fc_portmap_format(&sb, f.net, format);
	report(strncmp(sb.buf, "before:", 7) == 0 && strcmp(sb.buf + 7, want) == 0, line,
	       "format %d gave\n%s\nnot\n%s", (int)format, sb.buf, want);
	fc_strbuf_release(&sb);
	teardown(&f);
}

static const char *const BALANCED = "network: lb\n"
                                    "fabric: {version: 2.5.12}\n"
                                    "peerOrganizations: [{name: a, mspId: AMSP, domain: "
                                    "a.example, peers: 1, ca: true}]\n"
                                    "ordererOrganizations: [{name: o, mspId: OMSP, domain: "
                                    "o.example, orderers: 1, ca: true}]\n"
                                    "consensus: {type: etcdraft}\n"
                                    "isolation: {nodeCidrs: [10.0.0.0/8]}\n"
                                    "exposure: {type: LoadBalancer, caExternal: true}\n"
                                    "explorer: {enabled: true}\n";

static void test_table(void)
{
	expect_format(EXPOSED, FC_PORTMAP_TABLE,
	              "NAMESPACE                    SERVICE        COMPONENT  PORT NAME    "
	              "PORT EXTERNAL  NODEPORT\n"
	              "a-net                        peer0          peer       grpc         "
	              "7051      yes     30001\n"
	              "a-net                        peer0          peer       chaincode    "
	              "7052      yes     30002\n"
	              "o-net                        orderer0       orderer    grpc         "
	              "7050      yes     32701\n"
	              "explorer-net                 explorer       explorer   http         "
	              "8080      yes     31000\n",
	              __LINE__);
	expect_format(INTERNAL, FC_PORTMAP_TABLE,
	              "NAMESPACE                    SERVICE        COMPONENT  PORT NAME    "
	              "PORT EXTERNAL  NODEPORT\n"
	              "a-k                          peer0          peer       grpc         "
	              "7051       no         -\n"
	              "a-k                          peer0          peer       chaincode    "
	              "7052       no         -\n"
	              "o-k                          orderer0       orderer    grpc         "
	              "7050       no         -\n",
	              __LINE__);
}

static void test_csv(void)
{
	expect_format(EXPOSED, FC_PORTMAP_CSV,
	              "namespace,service,component,port_name,port,node_port,external\n"
	              "a-net,peer0,peer,grpc,7051,30001,true\n"
	              "a-net,peer0,peer,chaincode,7052,30002,true\n"
	              "o-net,orderer0,orderer,grpc,7050,32701,true\n"
	              "explorer-net,explorer,explorer,http,8080,31000,true\n",
	              __LINE__);
	expect_format(INTERNAL, FC_PORTMAP_CSV,
	              "namespace,service,component,port_name,port,node_port,external\n"
	              "a-k,peer0,peer,grpc,7051,0,false\n"
	              "a-k,peer0,peer,chaincode,7052,0,false\n"
	              "o-k,orderer0,orderer,grpc,7050,0,false\n",
	              __LINE__);
	/* LoadBalancer: external without NodePorts; caExternal opens the peer
	 * organization's CA, never an orderer organization's; the explorer's row
	 * appears because its Service is a LoadBalancer too */
	expect_format(BALANCED, FC_PORTMAP_CSV,
	              "namespace,service,component,port_name,port,node_port,external\n"
	              "a-lb,ca,ca,ca,7054,0,true\n"
	              "a-lb,peer0,peer,grpc,7051,0,true\n"
	              "a-lb,peer0,peer,chaincode,7052,0,true\n"
	              "o-lb,ca,ca,ca,7054,0,false\n"
	              "o-lb,orderer0,orderer,grpc,7050,0,true\n"
	              "explorer-lb,explorer,explorer,http,8080,0,true\n",
	              __LINE__);
}

/* The explorer's row has an empty namespace in JSON (as `fabchart portmap
 * --format json` has always printed it). */
static void test_json(void)
{
	expect_format(EXPOSED, FC_PORTMAP_JSON,
	              "[{\"namespace\":\"a-net\",\"service\":\"peer0\",\"name\":\"grpc\","
	              "\"port\":7051,\"nodePort\":30001,\"external\":true},"
	              "{\"namespace\":\"a-net\",\"service\":\"peer0\",\"name\":\"chaincode\","
	              "\"port\":7052,\"nodePort\":30002,\"external\":true},"
	              "{\"namespace\":\"o-net\",\"service\":\"orderer0\",\"name\":\"grpc\","
	              "\"port\":7050,\"nodePort\":32701,\"external\":true},"
	              "{\"namespace\":\"\",\"service\":\"explorer\",\"name\":\"http\","
	              "\"port\":8080,\"nodePort\":31000,\"external\":true}]",
	              __LINE__);
	expect_format(INTERNAL, FC_PORTMAP_JSON,
	              "[{\"namespace\":\"a-k\",\"service\":\"peer0\",\"name\":\"grpc\","
	              "\"port\":7051,\"nodePort\":0,\"external\":false},"
	              "{\"namespace\":\"a-k\",\"service\":\"peer0\",\"name\":\"chaincode\","
	              "\"port\":7052,\"nodePort\":0,\"external\":false},"
	              "{\"namespace\":\"o-k\",\"service\":\"orderer0\",\"name\":\"grpc\","
	              "\"port\":7050,\"nodePort\":0,\"external\":false}]",
	              __LINE__);
}

static void test_markdown(void)
{
	expect_format(EXPOSED, FC_PORTMAP_MARKDOWN,
	              "| namespace | service | port | NodePort |\n| --- | --- | --- | --- |\n"
	              "| a-net | peer0 | 7051 (grpc) | 30001 |\n"
	              "| a-net | peer0 | 7052 (chaincode) | 30002 |\n"
	              "| o-net | orderer0 | 7050 (grpc) | 32701 |\n"
	              "| explorer-net | explorer | 8080 (http) | 31000 |\n",
	              __LINE__);
	expect_format(INTERNAL, FC_PORTMAP_MARKDOWN,
	              "| namespace | service | port | NodePort |\n| --- | --- | --- | --- |\n"
	              "| a-k | peer0 | 7051 (grpc) | - |\n"
	              "| a-k | peer0 | 7052 (chaincode) | - |\n"
	              "| o-k | orderer0 | 7050 (grpc) | - |\n",
	              __LINE__);
}

static void test_parse_format(void)
{
	enum fc_portmap_format format = FC_PORTMAP_MARKDOWN;
	CU_ASSERT_EQUAL(fc_portmap_parse_format("table", &format), 0);
	CU_ASSERT_EQUAL(format, FC_PORTMAP_TABLE);
	CU_ASSERT_EQUAL(fc_portmap_parse_format("csv", &format), 0);
	CU_ASSERT_EQUAL(format, FC_PORTMAP_CSV);
	CU_ASSERT_EQUAL(fc_portmap_parse_format("json", &format), 0);
	CU_ASSERT_EQUAL(format, FC_PORTMAP_JSON);
	/* the README's table is not a --format */
	CU_ASSERT_EQUAL(fc_portmap_parse_format("markdown", &format), -1);
	CU_ASSERT_EQUAL(fc_portmap_parse_format("text", &format), -1);
	CU_ASSERT_EQUAL(fc_portmap_parse_format("", &format), -1);
	CU_ASSERT_EQUAL(format, FC_PORTMAP_JSON);
}

void fc_test_register(void)
{
	FC_SUITE("portmap", FC_TEST(test_table), FC_TEST(test_csv), FC_TEST(test_json),
	         FC_TEST(test_markdown), FC_TEST(test_parse_format));
}

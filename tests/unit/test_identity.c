/*
 * Unit tests of identity: the identity plan of small networks, line by line,
 * per Fabric version; and that the plan holds only paths, never key material.
 */
#include "arena.h"
#include "cunit_main.h"
#include "topology_fragments.h"
#include "model_fixture.h"
#include "diag.h"
#include "doc.h"
#include "identity.h"
#include "load.h"
#include "model.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PO "crypto-config/peerOrganizations/"
#define OO "crypto-config/ordererOrganizations/"
/* The MSP Secret line of directory D (an identity's msp dir) in org domain DOM, host H. */
#define MSP(ns, name, D, DOM, H)                                                          \
	ns " " name " files cacert.pem=" D "/cacerts/ca." DOM "-cert.pem signcert.pem=" D \
	   "/signcerts/" H "-cert.pem key.pem=" D "/keystore/*_sk tlscacert.pem=" D       \
	   "/tlscacerts/tlsca." DOM "-cert.pem config.yaml=" D "/config.yaml"
#define TLS(ns, name, D, kind)                                                                   \
	ns " " name " files ca.crt=" D "/ca.crt " kind ".crt=" D "/" kind ".crt " kind ".key=" D \
	   "/" kind ".key"
/* org-ca: the CA pairs, the organization's verifying MSP and its Admin (what extend cannot
 * rebuild: cmd/cryptogen/main.go) */
#define ORGCA(ns, O, DOM)                                                                          \
	ns " org-ca files ca.crt=" O "/ca/ca." DOM "-cert.pem," O "/msp/cacerts/ca." DOM           \
	   "-cert.pem," O "/users/Admin@" DOM "/msp/cacerts/ca." DOM "-cert.pem ca.key=" O         \
	   "/ca/*_sk tlsca.crt=" O "/tlsca/tlsca." DOM "-cert.pem," O "/msp/tlscacerts/tlsca." DOM \
	   "-cert.pem," O "/users/Admin@" DOM "/msp/tlscacerts/tlsca." DOM "-cert.pem," O          \
	   "/users/Admin@" DOM "/tls/ca.crt tlsca.key=" O "/tlsca/*_sk config.yaml=" O             \
	   "/msp/config.yaml," O "/users/Admin@" DOM "/msp/config.yaml admin.crt=" O               \
	   "/users/Admin@" DOM "/msp/signcerts/Admin@" DOM "-cert.pem admin.key=" O                \
	   "/users/Admin@" DOM "/msp/keystore/*_sk admin-tls.crt=" O "/users/Admin@" DOM           \
	   "/tls/client.crt admin-tls.key=" O "/users/Admin@" DOM "/tls/client.key"
/* org-certs: the organization's CA and TLS CA certificates (public) */
#define ORGCERTS(ns, O, DOM)                                                            \
	ns " org-certs files ca.crt=" O "/msp/cacerts/ca." DOM "-cert.pem tlsca.crt=" O \
	   "/msp/tlscacerts/tlsca." DOM "-cert.pem"
/* a TLS server pair of crypto-servers.yaml (fabcfg.h): host H of kind folder K */
#define SERVER(ns, name, KIND, K, DOM, H)                                                     \
	TLS(ns, name, "crypto-servers/" KIND "Organizations/" DOM "/" K "/" H "." DOM "/tls", \
	    "server")
#define O1 PO "org1.example.com"
#define O2 PO "org2.example.com"
#define OD OO "ord.example.com"
#define D1 "org1.example.com"
#define D2 "org2.example.com"
#define DD "ord.example.com"

#define HEADER "# NAMESPACE SECRET KIND ITEM... (see fabchart's src/identity.h)"

static const char *const PLAN_2_5[] = {
        HEADER,
        ORGCA("ord-net", OD, DD),
        MSP("ord-net", "admin-msp", OD "/users/Admin@" DD "/msp", DD, "Admin@" DD),
        TLS("ord-net", "admin-tls", OD "/users/Admin@" DD "/tls", "client"),
        ORGCERTS("ord-net", OD, DD),
        MSP("ord-net", "orderer0-msp", OD "/orderers/orderer0." DD "/msp", DD, "orderer0." DD),
        TLS("ord-net", "orderer0-tls", OD "/orderers/orderer0." DD "/tls", "server"),
        ORGCA("org1-net", O1, D1),
        MSP("org1-net", "admin-msp", O1 "/users/Admin@" D1 "/msp", D1, "Admin@" D1),
        TLS("org1-net", "admin-tls", O1 "/users/Admin@" D1 "/tls", "client"),
        "org1-net ca-admin random username=admin password",
        SERVER("org1-net", "ca-operations-tls", "peer", "peers", D1, "ca"),
        ORGCERTS("org1-net", O1, D1),
        MSP("org1-net", "peer0-msp", O1 "/peers/peer0." D1 "/msp", D1, "peer0." D1),
        TLS("org1-net", "peer0-tls", O1 "/peers/peer0." D1 "/tls", "server"),
        "org1-net peer0-couchdb random username=admin password",
        MSP("org1-net", "peer1-msp", O1 "/peers/peer1." D1 "/msp", D1, "peer1." D1),
        TLS("org1-net", "peer1-tls", O1 "/peers/peer1." D1 "/tls", "server"),
        "org1-net peer1-couchdb random username=admin password",
        "org1-net orderer-tlsca-ord files ca.crt=" OD "/tlsca/tlsca." DD "-cert.pem",
        ORGCA("org2-net", O2, D2),
        MSP("org2-net", "admin-msp", O2 "/users/Admin@" D2 "/msp", D2, "Admin@" D2),
        TLS("org2-net", "admin-tls", O2 "/users/Admin@" D2 "/tls", "client"),
        ORGCERTS("org2-net", O2, D2),
        MSP("org2-net", "alpha-msp", O2 "/peers/alpha." D2 "/msp", D2, "alpha." D2),
        TLS("org2-net", "alpha-tls", O2 "/peers/alpha." D2 "/tls", "server"),
        "org2-net orderer-tlsca-ord files ca.crt=" OD "/tlsca/tlsca." DD "-cert.pem",
        "ord-net channel-ch1 files block=artifacts/ch1.block",
        "ord-net channel-ch2 files block=artifacts/ch2.block",
        "org1-net channel-ch1 files block=artifacts/ch1.block",
        "org2-net channel-ch1 files block=artifacts/ch1.block",
        "org2-net channel-ch2 files block=artifacts/ch2.block",
        MSP("explorer-net", "explorer-identity-msp", O1 "/users/Admin@" D1 "/msp", D1, "Admin@" D1),
        TLS("explorer-net", "explorer-identity-tls", O1 "/users/Admin@" D1 "/tls", "client"),
        "explorer-net explorer-db random username=explorer password",
        NULL,
};

/* The plan's lines equal want (NULL-terminated), and it ends with a newline. */
static void expect_plan(const struct fc_strbuf *plan, const char *const *want, int at)
{
	report(plan->len && plan->buf[plan->len - 1] == '\n', at,
	       "the plan does not end with a newline");
	const char *p = plan->buf;
	size_t i = 0;
	for (; *p && want[i]; i++) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		report(n == strlen(want[i]) && memcmp(p, want[i], n) == 0, at,
		       "line %zu is '%.*s', want '%s'", i + 1, (int)n, p, want[i]);
		p += n + (nl != NULL);
	}
	report(!*p, at, "extra lines from '%.80s'", p);
	report(!want[i], at, "missing line %zu '%s'", i + 1, want[i] ? want[i] : "");
}

/* Every line holds a namespace, a name, a kind and items that are paths or names only. */
static void expect_only_paths(const struct fc_strbuf *plan)
{
	CU_ASSERT_PTR_NULL(strstr(plan->buf, "-----BEGIN"));
	CU_ASSERT_PTR_NULL(strstr(plan->buf, "PRIVATE"));
	char *copy = strdup(plan->buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		char *ws = NULL;
		char *ns = strtok_r(line, " ", &ws);
		char *name = strtok_r(NULL, " ", &ws);
		char *kind = strtok_r(NULL, " ", &ws);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ns);
		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		CU_ASSERT_PTR_NOT_NULL_FATAL(kind);
		bool files = strcmp(kind, "files") == 0;
		CU_ASSERT(files || strcmp(kind, "random") == 0);
		size_t items = 0;
		for (char *it = strtok_r(NULL, " ", &ws); it; it = strtok_r(NULL, " ", &ws)) {
			items++;
			char *eq = strchr(it, '=');
			if (files) {
				CU_ASSERT_PTR_NOT_NULL_FATAL(eq);
				CU_ASSERT(strncmp(eq + 1, "crypto-config/", 14) == 0 ||
				          strncmp(eq + 1, "crypto-servers/", 15) == 0 ||
				          strncmp(eq + 1, "ccaas/", 6) == 0 ||
				          strncmp(eq + 1, "artifacts/", 10) == 0);
			} else if (eq) {
				/* only user names are given; passwords are made in the cluster */
				CU_ASSERT_EQUAL(strncmp(it, "username=", 9), 0);
			}
		}
		CU_ASSERT(items > 0);
	}
	free(copy);
}

static void test_plan_2_5(void)
{
	struct fixture f;
	setup(&f, HEAD("2.5.12") ORG1 ORG2 ORD("1") CONSENSUS("etcdraft") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1, org2]\n"
	      "  - name: ch2\n    organizations: [org2]\n"
	      "explorer:\n  enabled: true\n");
	struct fc_strbuf plan = FC_STRBUF_INIT;
	fc_identity_plan(&plan, f.net);
	expect_plan(&plan, PLAN_2_5, __LINE__);
	expect_only_paths(&plan);
	fc_strbuf_release(&plan);
	teardown(&f);
}

static void test_plan_1_4(void)
{
	struct fixture f;
	setup(&f, HEAD("1.4.12") ORG1 ORG2 ORD("1") CONSENSUS("kafka") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1, org2]\n");
	struct fc_strbuf plan = FC_STRBUF_INIT;
	fc_identity_plan(&plan, f.net);
	static const char *const want[] = {
	        HEADER,
	        ORGCA("ord-net", OD, DD),
	        MSP("ord-net", "admin-msp", OD "/users/Admin@" DD "/msp", DD, "Admin@" DD),
	        TLS("ord-net", "admin-tls", OD "/users/Admin@" DD "/tls", "client"),
	        ORGCERTS("ord-net", OD, DD),
	        MSP("ord-net", "orderer0-msp", OD "/orderers/orderer0." DD "/msp", DD,
	            "orderer0." DD),
	        TLS("ord-net", "orderer0-tls", OD "/orderers/orderer0." DD "/tls", "server"),
	        ORGCA("org1-net", O1, D1),
	        MSP("org1-net", "admin-msp", O1 "/users/Admin@" D1 "/msp", D1, "Admin@" D1),
	        TLS("org1-net", "admin-tls", O1 "/users/Admin@" D1 "/tls", "client"),
	        "org1-net ca-admin random username=admin password",
	        SERVER("org1-net", "ca-operations-tls", "peer", "peers", D1, "ca"),
	        ORGCERTS("org1-net", O1, D1),
	        MSP("org1-net", "peer0-msp", O1 "/peers/peer0." D1 "/msp", D1, "peer0." D1),
	        TLS("org1-net", "peer0-tls", O1 "/peers/peer0." D1 "/tls", "server"),
	        "org1-net peer0-couchdb random username=admin password",
	        MSP("org1-net", "peer1-msp", O1 "/peers/peer1." D1 "/msp", D1, "peer1." D1),
	        TLS("org1-net", "peer1-tls", O1 "/peers/peer1." D1 "/tls", "server"),
	        "org1-net peer1-couchdb random username=admin password",
	        "org1-net orderer-tlsca-ord files ca.crt=" OD "/tlsca/tlsca." DD "-cert.pem",
	        ORGCA("org2-net", O2, D2),
	        MSP("org2-net", "admin-msp", O2 "/users/Admin@" D2 "/msp", D2, "Admin@" D2),
	        TLS("org2-net", "admin-tls", O2 "/users/Admin@" D2 "/tls", "client"),
	        ORGCERTS("org2-net", O2, D2),
	        MSP("org2-net", "alpha-msp", O2 "/peers/alpha." D2 "/msp", D2, "alpha." D2),
	        TLS("org2-net", "alpha-tls", O2 "/peers/alpha." D2 "/tls", "server"),
	        "org2-net orderer-tlsca-ord files ca.crt=" OD "/tlsca/tlsca." DD "-cert.pem",
	        "ord-net genesis-block files genesis.block=artifacts/genesis.block",
	        "org1-net channel-ch1 files channel.tx=artifacts/ch1.tx "
	        "anchors.tx=artifacts/ch1-Org1MSP-anchors.tx",
	        "org2-net channel-ch1 files channel.tx=artifacts/ch1.tx "
	        "anchors.tx=artifacts/ch1-Org2MSP-anchors.tx",
	        NULL,
	};
	expect_plan(&plan, want, __LINE__);
	expect_only_paths(&plan);
	CU_ASSERT_PTR_NULL(strstr(plan.buf, "explorer"));
	CU_ASSERT_PTR_NULL(strstr(plan.buf, ".block files block="));
	fc_strbuf_release(&plan);
	teardown(&f);
}

static void test_orderer_org_with_ca(void)
{
	struct fixture f;
	setup(&f, HEAD("2.5.12") ORG1 ORD("1") "    ca: true\n" CONSENSUS("etcdraft") CLUSTER_IP
	      "channels:\n  - name: ch1\n    organizations: [org1]\n");
	struct fc_strbuf plan = FC_STRBUF_INIT;
	fc_identity_plan(&plan, f.net);
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(plan.buf, "\nord-net ca-admin random username=admin password\n"));
	CU_ASSERT_PTR_NOT_NULL(
	        strstr(plan.buf, "\norg1-net ca-admin random username=admin password\n"));
	/* an orderer organization's CA pair is in its orderers/ folder */
	CU_ASSERT_PTR_NOT_NULL(strstr(plan.buf, "\n" SERVER("ord-net", "ca-operations-tls",
	                                                    "orderer", "orderers", DD, "ca") "\n"));
	fc_strbuf_release(&plan);
	teardown(&f);
}

/* A chaincode with TLS: its servers' pairs (crypto-servers) in the namespaces of
 * the organizations that run it, and the ccaas builder configuration of each of
 * their peers; nothing for an organization that runs none. */
static void test_chaincode_tls(void)
{
	struct fixture f;
	int rc = fc_test_compile(
	        &f, HEAD("3.1.1") ORG1 ORG2 ORD("1") CONSENSUS("etcdraft") CLUSTER_IP
	        "channels:\n  - name: ch1\n    organizations: [org1, org2]\n"
	        "chaincodes:\n  - name: cc\n    channels: ch1\n    organizations: [org1]\n"
	        "    image: {repository: r.example/cc, digest: "
	        "\"sha256:00000000000000000000000000000000000000000000000000000000000000aa\"}\n"
	        "    version: '1'\n    sequence: 1\n    tls: true\n"
	        "  - name: plain\n    channels: ch1\n"
	        "    image: {repository: r.example/cc, digest: "
	        "\"sha256:00000000000000000000000000000000000000000000000000000000000000aa\"}\n"
	        "    version: '1'\n    sequence: 1\n");
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	struct fc_strbuf plan = FC_STRBUF_INIT;
	fc_identity_plan(&plan, f.net);
	static const char *const lines[] = {
	        SERVER("org1-net", "cc-org1-s1-tls", "peer", "peers", D1, "cc-org1-s1"),
	        "org1-net peer0-ccaas files config.json=ccaas/peer0." D1 ".json",
	        "org1-net peer1-ccaas files config.json=ccaas/peer1." D1 ".json",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *at = strstr(plan.buf, lines[i]);
		report(at && at[-1] == '\n' && at[strlen(lines[i])] == '\n', __LINE__,
		       "the plan lacks the line '%s'", lines[i]);
	}
	/* org2 runs only the chaincode without TLS; no server of "plain" has a pair */
	CU_ASSERT_PTR_NULL(strstr(plan.buf, "org2-net alpha-ccaas"));
	CU_ASSERT_PTR_NULL(strstr(plan.buf, "plain-"));
	expect_only_paths(&plan);
	fc_strbuf_release(&plan);
	teardown(&f);
}

/*
 * Who signs a BFT consenter's renewal (renew.sh consent): /Channel/Orderer/
 * Admins is MAJORITY of the orderer organizations and the requester submits
 * (its own signature), so MAJORITY - 1 others, the first by name; each
 * organization reads its own request from its last signer and each request
 * it signs from the namespace before it.  For 1 to 6 orderer organizations
 * declared out of name order.
 */
static void test_renewal_signers(void)
{
	static const char *const names[] = {"ord-e", "ord-b", "ord-f", "ord-a", "ord-d", "ord-c"};
	for (size_t n = 1; n <= 6; n++) {
		struct fc_strbuf yaml = FC_STRBUF_INIT;
		fc_strbuf_addstr(&yaml, HEAD("2.5.12") ORG1 "ordererOrganizations:\n");
		for (size_t i = 0; i < n; i++)
			fc_strbuf_addf(
			        &yaml,
			        "  - name: %s\n    mspId: M%zuMSP\n    domain: %s.example.com\n"
			        "    orderers: 1\n",
			        names[i], i, names[i]);
		fc_strbuf_addstr(&yaml, CONSENSUS("etcdraft") CLUSTER_IP
		                 "channels:\n  - name: ch1\n    organizations: [org1]\n");
		struct fixture f;
		setup(&f, yaml.buf);
		fc_strbuf_release(&yaml);
		const struct fc_network *net = f.net;
		const struct fc_org *chain[6];
		size_t reads_total = 0, expected_reads = 0;
		for (size_t r = 0; r < n; r++) {
			const struct fc_org *req = &net->orderer_orgs[r];
			size_t got = fc_identity_renewal_signers(net, req, chain);
			/* MAJORITY of n is n / 2 + 1 (fabrules.h); the requester is one */
			report(got == n / 2, __LINE__,
			       "%zu organizations: %s has %zu signers, not %zu", n, req->name, got,
			       n / 2);
			for (size_t i = 0; i < got; i++) {
				report(chain[i] != req, __LINE__, "%s signs its own request",
				       req->name);
				report(i == 0 || strcmp(chain[i - 1]->name, chain[i]->name) < 0,
				       __LINE__, "signers of %s not in name order", req->name);
			}
			/* no organization left out that sorts before a signer */
			for (size_t o = 0; got && o < n; o++) {
				const struct fc_org *other = &net->orderer_orgs[o];
				bool in = other == req;
				for (size_t i = 0; i < got; i++)
					in = in || chain[i] == other;
				report(in || strcmp(other->name, chain[got - 1]->name) > 0,
				       __LINE__, "%s skipped in the chain of %s", other->name,
				       req->name);
			}
			expected_reads += got ? got + 1 : 0;
		}
		for (size_t o = 0; o < n; o++) {
			const struct fc_org *org = &net->orderer_orgs[o];
			struct fc_renewal_read *reads;
			size_t count = fc_identity_renewal_reads(&f.arena, net, org, &reads);
			reads_total += count;
			for (size_t i = 0; i < count; i++) {
				const struct fc_org *req = reads[i].requester;
				size_t got = fc_identity_renewal_signers(net, req, chain);
				if (req == org) {
					report(i == 0 && got &&
					               strcmp(reads[i].from,
					                      chain[got - 1]->namespace) == 0,
					       __LINE__, "%s reads its own request from %s",
					       org->name, reads[i].from);
					continue;
				}
				size_t at = got;
				for (size_t j = 0; j < got; j++)
					if (chain[j] == org)
						at = j;
				report(at < got &&
				               strcmp(reads[i].from, at ? chain[at - 1]->namespace
				                                        : req->namespace) == 0,
				       __LINE__, "%s reads the request of %s from %s", org->name,
				       req->name, reads[i].from);
			}
		}
		report(reads_total == expected_reads, __LINE__,
		       "%zu organizations: %zu reads, not %zu", n, reads_total, expected_reads);
		teardown(&f);
	}
}

void fc_test_register(void)
{
	FC_SUITE("identity", FC_TEST(test_plan_2_5), FC_TEST(test_plan_1_4),
	         FC_TEST(test_orderer_org_with_ca), FC_TEST(test_chaincode_tls),
	         FC_TEST(test_renewal_signers));
}

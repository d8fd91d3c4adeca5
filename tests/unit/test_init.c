/*
 * Unit tests of init: the option values it takes and refuses (with the
 * allowed values in the message), which consensus runs on which Fabric
 * release (the compiler's rules, src/model.c), the defaults, and that every
 * combination of the enumerated choices is written as a topology that the
 * compiler takes (FC_GOAL_VALIDATE, --Werror) with the choices in it.  The
 * chart and Helm's lint of it are tests/init/run.sh's.
 */
#include "cunit_main.h"
#include "compile.h"
#include "init.h"

#include <string.h>

static void test_init_fabric(void)
{
	struct {
		const char *text, *version; /* NULL: refused */
	} cases[] = {
	        {"2.5", "2.5.12"},  {"3.1", "3.1.1"},   {"3.0", "3.0.0"},   {"1.4", "1.4.12"},
	        {"2.5.3", "2.5.3"}, {"3.2.0", "3.2.0"}, {"1.4.0", "1.4.0"}, {"3", NULL},
	        {"3.2", NULL},      {"2.4.0", NULL},    {"1.3.9", NULL},    {"4.0.0", NULL},
	        {"02.5.1", NULL},   {"2.5.1.1", NULL},  {"", NULL},         {"2.5.", NULL},
	        {"v2.5.12", NULL},  {"2.5.x", NULL},    {"2.5.-1", NULL},   {"2.5.99999", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct fc_strbuf err = FC_STRBUF_INIT;
		const char *v = NULL;
		int rc = fc_init_parse_fabric(cases[i].text, &v, &err);
		if (cases[i].version) {
			CU_ASSERT_EQUAL(rc, 0);
			CU_ASSERT_STRING_EQUAL(v, cases[i].version);
			CU_ASSERT_EQUAL(err.len, 0);
		} else {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT_PTR_NOT_NULL(strstr(err.buf, fc_init_fabric_choices));
		}
		fc_strbuf_release(&err);
	}
}

static void test_init_names(void)
{
	struct fc_strbuf err = FC_STRBUF_INIT;
	enum fc_consensus c;
	CU_ASSERT_EQUAL(fc_init_parse_consensus("bft", &c, &err), 0);
	CU_ASSERT_EQUAL(c, FC_CONSENSUS_BFT);
	CU_ASSERT_EQUAL(fc_init_parse_consensus("EtcdRaft", &c, &err), 0);
	CU_ASSERT_EQUAL(c, FC_CONSENSUS_ETCDRAFT);
	CU_ASSERT_EQUAL(fc_init_parse_consensus("raft", &c, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.buf, "etcdraft, BFT, kafka, solo"));
	fc_strbuf_reset(&err);

	enum fc_storage_kind s;
	CU_ASSERT_EQUAL(fc_init_parse_storage("storageclass", &s, &err), 0);
	CU_ASSERT_EQUAL(s, FC_STORAGE_CLASS);
	CU_ASSERT_EQUAL(fc_init_parse_storage("NFS", &s, &err), 0);
	CU_ASSERT_EQUAL(s, FC_STORAGE_NFS);
	CU_ASSERT_EQUAL(fc_init_parse_storage("local", &s, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.buf, "default, storageClass, nfs"));
	fc_strbuf_reset(&err);

	enum fc_exposure e;
	CU_ASSERT_EQUAL(fc_init_parse_exposure("nodeport", &e, &err), 0);
	CU_ASSERT_EQUAL(e, FC_EXPOSURE_NODEPORT);
	CU_ASSERT_EQUAL(fc_init_parse_exposure("Ingress", &e, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.buf, "ClusterIP, NodePort, LoadBalancer"));
	fc_strbuf_reset(&err);

	unsigned n = 0;
	CU_ASSERT_EQUAL(fc_init_parse_count("--orgs", "20", 20, &n, &err), 0);
	CU_ASSERT_EQUAL(n, 20);
	static const char *const bad[] = {"0", "21", "01", "-1", "+2", "2x", "", "99999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fc_strbuf_reset(&err);
		CU_ASSERT_EQUAL(fc_init_parse_count("--orgs", bad[i], 20, &n, &err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.buf, "is not a whole number from 1 to 20"));
	}
	CU_ASSERT_EQUAL(n, 20);

	const char *name = NULL;
	char longest[FC_INIT_NETWORK_MAX + 2];
	memset(longest, 'a', FC_INIT_NETWORK_MAX + 1);
	longest[FC_INIT_NETWORK_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(fc_init_parse_network(longest + 1, &name, &err), 0);
	CU_ASSERT_EQUAL(fc_init_parse_network("a-1", &name, &err), 0);
	static const char *const bad_names[] = {"", "-a", "a-", "A", "a_b", "a.b", "né"};
	for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
		fc_strbuf_reset(&err);
		CU_ASSERT_EQUAL(fc_init_parse_network(bad_names[i], &name, &err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err.buf, "not a DNS-1123 label"));
	}
	CU_ASSERT_EQUAL(fc_init_parse_network(longest, &name, &err), -1);
	CU_ASSERT_STRING_EQUAL(name, "a-1");
	fc_strbuf_release(&err);
}

static void test_init_rules(void)
{
	/* src/model.c: solo and kafka on 1.4 only, etcdraft from 1.4.1, BFT from 3.0 */
	struct {
		const char *version;
		bool solo, kafka, etcdraft, bft;
	} rules[] = {
	        {"1.4.0", true, true, false, false},   {"1.4.1", true, true, true, false},
	        {"1.4.12", true, true, true, false},   {"2.5.0", false, false, true, false},
	        {"2.5.12", false, false, true, false}, {"3.0.0", false, false, true, true},
	        {"3.1.1", false, false, true, true},
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const char *v = rules[i].version;
		CU_ASSERT_EQUAL(fc_init_consensus_allowed(v, FC_CONSENSUS_SOLO), rules[i].solo);
		CU_ASSERT_EQUAL(fc_init_consensus_allowed(v, FC_CONSENSUS_KAFKA), rules[i].kafka);
		CU_ASSERT_EQUAL(fc_init_consensus_allowed(v, FC_CONSENSUS_ETCDRAFT),
		                rules[i].etcdraft);
		CU_ASSERT_EQUAL(fc_init_consensus_allowed(v, FC_CONSENSUS_BFT), rules[i].bft);
	}
	CU_ASSERT_STRING_EQUAL(fc_init_default_fabric(FC_CONSENSUS_KAFKA), "1.4.12");
	CU_ASSERT_STRING_EQUAL(fc_init_default_fabric(FC_CONSENSUS_SOLO), "1.4.12");
	CU_ASSERT_STRING_EQUAL(fc_init_default_fabric(FC_CONSENSUS_BFT), FC_INIT_FABRIC_DEFAULT);
	CU_ASSERT_TRUE(fc_init_consensus_allowed(FC_INIT_FABRIC_DEFAULT, FC_CONSENSUS_BFT));

	struct fc_init init;
	fc_init_defaults(&init);
	struct fc_strbuf err = FC_STRBUF_INIT;
	CU_ASSERT_EQUAL(fc_init_check(&init, &err), 0);
	init.consensus = FC_CONSENSUS_BFT;
	init.fabric = "2.5.12";
	CU_ASSERT_EQUAL(fc_init_check(&init, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.buf, "consensus 'BFT' needs Fabric 3.0 or later; Fabric "
	                                "2.5.12 runs etcdraft");
	fc_strbuf_reset(&err);
	init.consensus = FC_CONSENSUS_KAFKA;
	init.fabric = "3.0.0";
	CU_ASSERT_EQUAL(fc_init_check(&init, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.buf, "consensus 'kafka' runs on Fabric 1.4 only; Fabric "
	                                "3.0.0 runs etcdraft, BFT");
	fc_strbuf_release(&err);
}

/* Every combination compiles without a diagnostic and keeps its choices. */
static void test_init_compiles(void)
{
	static const char *const versions[] = {"1.4.1", "1.4.12", "2.5.12", "3.0.0", "3.1.1"};
	static const enum fc_consensus types[] = {FC_CONSENSUS_SOLO, FC_CONSENSUS_KAFKA,
	                                          FC_CONSENSUS_ETCDRAFT, FC_CONSENSUS_BFT};
	static const enum fc_storage_kind storages[] = {FC_STORAGE_DEFAULT, FC_STORAGE_CLASS,
	                                                FC_STORAGE_NFS};
	static const enum fc_exposure exposures[] = {FC_EXPOSURE_CLUSTERIP, FC_EXPOSURE_NODEPORT,
	                                             FC_EXPOSURE_LOADBALANCER};
	unsigned compiled = 0, n = 0;
	for (size_t v = 0; v < 5; v++)
		for (size_t t = 0; t < 4; t++)
			for (size_t s = 0; s < 3; s++)
				for (size_t e = 0; e < 3; e++) {
					struct fc_init init;
					fc_init_defaults(&init);
					init.fabric = versions[v];
					init.consensus = types[t];
					init.storage = storages[s];
					init.exposure = exposures[e];
					init.orgs = 1 + (n % 4) * 5; /* 1, 6, 11, 16 */
					init.peers = 1 + (n++ % 3) * 9; /* 1, 10, 19 */
					struct fc_strbuf err = FC_STRBUF_INIT;
					int ok = fc_init_check(&init, &err);
					fc_strbuf_release(&err);
					if (ok != 0)
						continue;
					struct fc_strbuf text = FC_STRBUF_INIT;
					fc_init_write(&text, &init);
					struct fc_arena arena;
					fc_arena_init(&arena);
					struct fc_diags diags;
					fc_diags_init(&diags, &arena);
					struct fc_compile_options opt = {.goal = FC_GOAL_VALIDATE,
					                                 .werror = true};
					struct fc_compile_result result = {0};
					int rc = fc_compile(&arena, "init.yaml", text.buf, text.len,
					                    &opt, &result, &diags);
					CU_ASSERT_EQUAL(rc, 0);
					CU_ASSERT_EQUAL(diags.count, 0);
					const struct fc_network *net = result.network;
					CU_ASSERT_PTR_NOT_NULL_FATAL(net);
					CU_ASSERT_STRING_EQUAL(net->fabric.text, init.fabric);
					CU_ASSERT_EQUAL(net->consensus, init.consensus);
					CU_ASSERT_EQUAL(net->exposure, init.exposure);
					CU_ASSERT_EQUAL(net->peer_org_count, init.orgs);
					compiled++;
					fc_strbuf_release(&result.archive);
					fc_diags_release(&diags);
					fc_arena_release(&arena);
					fc_strbuf_release(&text);
				}
	/* 1.4.1, 1.4.12: solo, kafka, etcdraft; 2.5: etcdraft; 3.x: etcdraft, BFT */
	CU_ASSERT_EQUAL(compiled, (3 + 3 + 1 + 2 + 2) * 9);
}

void fc_test_register(void)
{
	FC_SUITE("init", FC_TEST(test_init_fabric), FC_TEST(test_init_names),
	         FC_TEST(test_init_rules), FC_TEST(test_init_compiles));
}

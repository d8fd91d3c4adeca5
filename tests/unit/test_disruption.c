/*
 * test_disruption - unit tests of the PodDisruptionBudget arithmetic
 * (disruption.h): what Raft and BFT tolerate for 1, 3, 4, 5 and 7
 * orderers, the split of a channel's tolerance over orderer organizations
 * (each split checked against every channel and for maximality), Kafka
 * brokers and min.insync.replicas, ZooKeeper 3 and 5, peers 1, 2 and 3, and
 * the plan of whole topologies.
 */
#include "cunit_main.h"
#include "disruption.h"
#include "model_fixture.h"

#include <stdio.h>
#include <string.h>

static void expect_budget(struct fc_budget b, enum fc_budget_kind kind, unsigned value, int line)
{
	report(b.kind == kind && (kind == FC_BUDGET_NONE || b.value == value), line,
	       "budget kind %d value %u, not kind %d value %u", (int)b.kind, b.value, (int)kind,
	       value);
}
#define EXPECT_BUDGET(b, kind, value) expect_budget(b, kind, value, __LINE__)

static void test_tolerated(void)
{
	static const unsigned sizes[] = {1, 3, 4, 5, 7};
	static const unsigned raft[] = {0, 1, 1, 2, 3}, bft[] = {0, 0, 1, 1, 2};
	for (size_t i = 0; i < 5; i++) {
		report(fc_disruption_tolerated(FC_CONSENSUS_ETCDRAFT, sizes[i]) == raft[i],
		       __LINE__, "Raft %u", sizes[i]);
		report(fc_disruption_tolerated(FC_CONSENSUS_BFT, sizes[i]) == bft[i], __LINE__,
		       "BFT %u", sizes[i]);
		/* what stays up is a quorum: Raft a majority, BFT n - f >= 2f + 1 */
		unsigned up = sizes[i] - raft[i];
		report(2 * up > sizes[i], __LINE__, "Raft %u keeps %u", sizes[i], up);
		unsigned f = bft[i];
		report(sizes[i] - f >= 2 * f + 1, __LINE__, "BFT %u keeps %u", sizes[i],
		       sizes[i] - f);
	}
	CU_ASSERT_EQUAL(fc_disruption_tolerated(FC_CONSENSUS_BFT, 10), 3);
	CU_ASSERT_EQUAL(fc_disruption_tolerated(FC_CONSENSUS_KAFKA, 3), 2);
	CU_ASSERT_EQUAL(fc_disruption_tolerated(FC_CONSENSUS_SOLO, 1), 0);
	CU_ASSERT_EQUAL(fc_disruption_tolerated(FC_CONSENSUS_ETCDRAFT, 0), 0);
}

/* Every channel keeps its quorum with every group at its budget, and no group
 * could be given one more. */
static void check_split(size_t groups, const unsigned *sizes, size_t channels,
                        const unsigned *members, const unsigned *tolerated, const unsigned *share,
                        int line)
{
	for (size_t c = 0; c < channels; c++) {
		unsigned down = 0;
		for (size_t g = 0; g < groups; g++) {
			unsigned m = members[c * groups + g];
			down += share[g] < m ? share[g] : m;
		}
		report(down <= tolerated[c], line, "channel %zu: %u down, tolerates %u", c, down,
		       tolerated[c]);
	}
	for (size_t g = 0; g < groups; g++) {
		if (share[g] >= sizes[g])
			continue;
		bool room = true;
		for (size_t c = 0; c < channels; c++) {
			unsigned down = 0;
			for (size_t h = 0; h < groups; h++) {
				unsigned b = share[h] + (h == g), m = members[c * groups + h];
				down += b < m ? b : m;
			}
			room = room && down <= tolerated[c];
		}
		report(!room, line, "group %zu could take one more than %u", g, share[g]);
	}
}

static void expect_split(size_t groups, const unsigned *sizes, size_t channels,
                         const unsigned *members, const unsigned *tolerated, const unsigned *want,
                         int line)
{
	unsigned share[8];
	fc_disruption_split(groups, sizes, channels, members, tolerated, share);
	check_split(groups, sizes, channels, members, tolerated, share, line);
	for (size_t g = 0; g < groups; g++)
		report(share[g] == want[g], line, "group %zu: share %u, not %u", g, share[g],
		       want[g]);
}

/* One organization holding every consenter: its budget is what the channel tolerates. */
static void test_one_organization(void)
{
	static const unsigned sizes[] = {1, 3, 4, 5, 7};
	static const enum fc_consensus kinds[] = {FC_CONSENSUS_ETCDRAFT, FC_CONSENSUS_BFT};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < 5; i++) {
			unsigned n = sizes[i], f = fc_disruption_tolerated(kinds[k], n), share;
			fc_disruption_split(1, &n, 1, &n, &f, &share);
			report(share == f, __LINE__, "%u orderers: share %u, not %u", n, share, f);
			struct fc_budget b = fc_disruption_orderers(n, share, f > 0);
			if (f == 0) /* 1 orderer (and BFT 3): nothing a drain may take */
				EXPECT_BUDGET(b, FC_BUDGET_NONE, 0);
			else
				EXPECT_BUDGET(b, FC_BUDGET_MAX_UNAVAILABLE, f);
		}
}

static void test_split_organizations(void)
{
	/* BFT 2 + 2: f = 1, one organization may lose one, the other none */
	{
		unsigned sizes[] = {2, 2}, tol[] = {1}, want[] = {1, 0};
		expect_split(2, sizes, 1, sizes, tol, want, __LINE__);
		EXPECT_BUDGET(fc_disruption_orderers(2, 0, true), FC_BUDGET_MAX_UNAVAILABLE, 0);
	}
	/* Raft 3 + 2 = 5: f = 2, one each */
	{
		unsigned sizes[] = {3, 2}, tol[] = {2}, want[] = {1, 1};
		expect_split(2, sizes, 1, sizes, tol, want, __LINE__);
	}
	/* Raft 3 + 2 + 2 = 7: f = 3, one each */
	{
		unsigned sizes[] = {3, 2, 2}, tol[] = {3}, want[] = {1, 1, 1};
		expect_split(3, sizes, 1, sizes, tol, want, __LINE__);
	}
	/* Raft 5 + 1 + 1 = 7: f = 3: round one gives each one */
	{
		unsigned sizes[] = {5, 1, 1}, tol[] = {3}, want[] = {1, 1, 1};
		expect_split(3, sizes, 1, sizes, tol, want, __LINE__);
	}
	/* BFT 7 + 3 = 10: f = 3: 2 and 1 */
	{
		unsigned sizes[] = {7, 3}, tol[] = {3}, want[] = {2, 1};
		expect_split(2, sizes, 1, sizes, tol, want, __LINE__);
	}
	/* two channels, different consenter sets: A 3 + B 2 (f = 2) and A alone
	 * (3 consenters, f = 1): A 1, B 1 */
	{
		unsigned sizes[] = {3, 2}, members[] = {3, 2, 3, 0}, tol[] = {2, 1},
		         want[] = {1, 1};
		expect_split(2, sizes, 2, members, tol, want, __LINE__);
	}
	/* A 3 + B 2 (f = 2) and B alone (2 consenters, f = 0): B may lose none, A two */
	{
		unsigned sizes[] = {3, 2}, members[] = {3, 2, 0, 2}, tol[] = {2, 0},
		         want[] = {2, 0};
		expect_split(2, sizes, 2, members, tol, want, __LINE__);
	}
	/* a group in no channel: all of it (and no PDB) */
	{
		unsigned sizes[] = {3, 2}, members[] = {3, 0}, tol[] = {1}, want[] = {1, 2};
		expect_split(2, sizes, 1, members, tol, want, __LINE__);
		EXPECT_BUDGET(fc_disruption_orderers(2, 2, false), FC_BUDGET_NONE, 0);
	}
}

static void test_kafka_zookeeper(void)
{
	/* 4 brokers, min.insync 2, replication 3: a partition's 3 replicas may be
	 * the disrupted brokers, so 3 - 2 = 1 */
	EXPECT_BUDGET(fc_disruption_kafka(4, 2, 3), FC_BUDGET_MAX_UNAVAILABLE, 1);
	EXPECT_BUDGET(fc_disruption_kafka(5, 2, 4), FC_BUDGET_MAX_UNAVAILABLE, 2);
	EXPECT_BUDGET(fc_disruption_kafka(7, 3, 5), FC_BUDGET_MAX_UNAVAILABLE, 2);
	EXPECT_BUDGET(fc_disruption_kafka(0, 2, 3), FC_BUDGET_NONE, 0);
	EXPECT_BUDGET(fc_disruption_zookeeper(3), FC_BUDGET_MAX_UNAVAILABLE, 1);
	EXPECT_BUDGET(fc_disruption_zookeeper(5), FC_BUDGET_MAX_UNAVAILABLE, 2);
	EXPECT_BUDGET(fc_disruption_zookeeper(7), FC_BUDGET_MAX_UNAVAILABLE, 3);
}

static void test_peers(void)
{
	EXPECT_BUDGET(fc_disruption_peers(1), FC_BUDGET_NONE, 0);
	EXPECT_BUDGET(fc_disruption_peers(2), FC_BUDGET_MIN_AVAILABLE, 1);
	EXPECT_BUDGET(fc_disruption_peers(3), FC_BUDGET_MIN_AVAILABLE, 1);
}

#define CIDRS "isolation: {nodeCidrs: [10.0.0.0/8]}\n"

static const char *topology(const char *version, const char *consensus, const char *orderers,
                            char *buf, size_t size)
{
	snprintf(buf, size,
	         "network: net\n"
	         "fabric: {version: %s}\n"
	         "peerOrganizations:\n"
	         "  - {name: a, mspId: AMSP, domain: a.example, peers: 1}\n"
	         "  - {name: b, mspId: BMSP, domain: b.example, peers: 3}\n"
	         "ordererOrganizations:\n%s"
	         "consensus: {type: %s}\n" CIDRS,
	         version, orderers, consensus);
	return buf;
}

static void test_plan_raft_bft(void)
{
	static const struct {
		const char *version, *consensus, *orderers;
		enum fc_budget_kind kind[2];
		unsigned value[2];
	} cases[] = {
	        {"2.5.12",
	         "etcdraft",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 1}\n",
	         {FC_BUDGET_NONE},
	         {0}},
	        {"2.5.12",
	         "etcdraft",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 3}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE},
	         {1}},
	        {"2.5.12",
	         "etcdraft",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 4}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE},
	         {1}},
	        {"2.5.12",
	         "etcdraft",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 5}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE},
	         {2}},
	        {"2.5.12",
	         "etcdraft",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 7}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE},
	         {3}},
	        {"3.1.1",
	         "BFT",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 4}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE},
	         {1}},
	        {"3.1.1",
	         "BFT",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 5}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE},
	         {1}},
	        {"3.1.1",
	         "BFT",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 7}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE},
	         {2}},
	        {"3.1.1",
	         "BFT",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 2}\n"
	         "  - {name: p, mspId: PMSP, domain: p.example, orderers: 2}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE, FC_BUDGET_MAX_UNAVAILABLE},
	         {1, 0}},
	        {"2.5.12",
	         "etcdraft",
	         "  - {name: o, mspId: OMSP, domain: o.example, orderers: 3}\n"
	         "  - {name: p, mspId: PMSP, domain: p.example, orderers: 2}\n",
	         {FC_BUDGET_MAX_UNAVAILABLE, FC_BUDGET_MAX_UNAVAILABLE},
	         {1, 1}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[1024];
		struct fixture f;
		setup(&f, topology(cases[i].version, cases[i].consensus, cases[i].orderers, buf,
		                   sizeof(buf)));
		struct fc_disruption d;
		fc_disruption_plan(&f.arena, f.net, &d);
		for (size_t g = 0; g < f.net->orderer_org_count; g++)
			expect_budget(d.orderer_orgs[g], cases[i].kind[g], cases[i].value[g],
			              __LINE__ + (int)i * 1000);
		EXPECT_BUDGET(d.peer_orgs[0], FC_BUDGET_NONE, 0);
		EXPECT_BUDGET(d.peer_orgs[1], FC_BUDGET_MIN_AVAILABLE, 1);
		EXPECT_BUDGET(d.kafka, FC_BUDGET_NONE, 0);
		EXPECT_BUDGET(d.zookeeper, FC_BUDGET_NONE, 0);
		teardown(&f);
	}
}

static void test_plan_kafka(void)
{
	struct fixture f;
	setup(&f, "network: net\n"
	          "fabric: {version: 1.4.12}\n"
	          "peerOrganizations: [{name: a, mspId: AMSP, domain: a.example, peers: 2}]\n"
	          "ordererOrganizations: [{name: o, mspId: OMSP, domain: o.example, orderers: 2}]\n"
	          "consensus: {type: kafka, kafka: {brokers: 4, zookeepers: 5, "
	          "minInsyncReplicas: 2, replicationFactor: 3}}\n" CIDRS);
	struct fc_disruption d;
	fc_disruption_plan(&f.arena, f.net, &d);
	EXPECT_BUDGET(d.kafka, FC_BUDGET_MAX_UNAVAILABLE, 1);
	EXPECT_BUDGET(d.zookeeper, FC_BUDGET_MAX_UNAVAILABLE, 2);
	/* Kafka-based orderers: any one serves, so one of two may go */
	EXPECT_BUDGET(d.orderer_orgs[0], FC_BUDGET_MAX_UNAVAILABLE, 1);
	EXPECT_BUDGET(d.peer_orgs[0], FC_BUDGET_MIN_AVAILABLE, 1);
	teardown(&f);
}

void fc_test_register(void)
{
	FC_SUITE("disruption", FC_TEST(test_tolerated), FC_TEST(test_one_organization),
	         FC_TEST(test_split_organizations), FC_TEST(test_kafka_zookeeper),
	         FC_TEST(test_peers), FC_TEST(test_plan_raft_bft), FC_TEST(test_plan_kafka));
}

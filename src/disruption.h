/*
 * disruption - the PodDisruptionBudgets of the chart: how many pods of each
 * group (an organization's peers, an orderer organization's orderers, the
 * Kafka brokers, the ZooKeeper servers) a voluntary disruption (a node
 * drain, an eviction) may take at once without breaking what the group
 * serves.  Pure arithmetic over the model; nothing is printed.
 *
 * The rules (README "Disruption budgets" says the same in words):
 *   - Raft keeps a channel ordering while a majority of its consenters is up:
 *     it tolerates (n - 1) / 2 down; BFT (SmartBFT, n = 3f + 1) tolerates
 *     f = (n - 1) / 3; Kafka-based orderers need one of them up (n - 1);
 *     solo tolerates none.
 *   - A PodDisruptionBudget selects pods of one namespace, and each
 *     orderer organization has its own, so the budgets of different
 *     organizations are granted independently: two drains in two
 *     namespaces may each use their organization's whole budget at the
 *     same time.  The honest rule is therefore a split: every orderer
 *     organization o gets a budget b(o) such that, for every channel c,
 *     sum over o of min(b(o), consenters of c in o) <= tolerated(c), the
 *     worst case of every organization being disrupted at once.  The split
 *     hands out one unit at a time to the organizations in topology order,
 *     round after round, while it still fits every channel and stays below
 *     the organization's orderer count (fc_disruption_split).
 *   - An organization whose share is 0 while its channels do tolerate
 *     failures (the others took the tolerance) gets maxUnavailable 0:
 *     evictions of its orderers are refused and they are moved by hand
 *     (README).  Where no channel it serves tolerates any failure (one
 *     Raft orderer, two), no budget can keep the channel ordering through
 *     a drain of its node but by blocking it forever: no PDB (the topology
 *     already warns, raft-no-fault-tolerance).  A share equal to the
 *     organization's size protects nothing: no PDB.
 *   - Kafka: a partition has replicationFactor replicas on the K brokers
 *     and accepts writes while minInsyncReplicas of them are in sync; the
 *     disrupted brokers may be exactly its replicas, so at most
 *     replicationFactor - minInsyncReplicas brokers may be down (keeping
 *     K - that many is not enough: K - M brokers up may miss a partition's
 *     replicas).  ZooKeeper: a majority, (z - 1) / 2 down.
 *   - Peers: never all peers of an organization: minAvailable 1 when it has
 *     2 or more.  A single peer gets no PDB: minAvailable 1 on one pod
 *     refuses every eviction, so a drain of its node never ends.
 *   - CAs run one pod per organization: no PDB, for the same reason.
 *
 * Ownership: fc_disruption_plan's arrays live in the arena given to it.
 */
#ifndef FC_DISRUPTION_H
#define FC_DISRUPTION_H

#include "arena.h"
#include "model.h"

#include <stddef.h>

/* How many consenters of n a channel of this consensus tolerates down. */
unsigned fc_disruption_tolerated(enum fc_consensus consensus, unsigned n);

/*
 * The split of channels' tolerances over groups (see the header comment).
 * sizes[g] is group g's pod count; members[c * groups + g] the consenters
 * of channel c in group g; tolerated[c] what channel c tolerates down.
 * Writes each group's budget into share[g] (0 <= share[g] <= sizes[g]).
 */
void fc_disruption_split(size_t groups, const unsigned *sizes, size_t channels,
                         const unsigned *members, const unsigned *tolerated, unsigned *share);

enum fc_budget_kind {
	FC_BUDGET_NONE, /* no PodDisruptionBudget */
	FC_BUDGET_MAX_UNAVAILABLE,
	FC_BUDGET_MIN_AVAILABLE
};

struct fc_budget {
	enum fc_budget_kind kind;
	unsigned value; /* maxUnavailable or minAvailable */
	unsigned pods; /* pods of the group */
};

/* Raft, BFT, Kafka-based or solo orderers of one organization, given the
 * organization's share of the split and whether a channel it serves
 * tolerates any failure. */
struct fc_budget fc_disruption_orderers(unsigned pods, unsigned share, bool tolerant);
/* Peers of one organization. */
struct fc_budget fc_disruption_peers(unsigned pods);
/* Kafka brokers (min.insync.replicas, default.replication.factor). */
struct fc_budget fc_disruption_kafka(unsigned brokers, unsigned min_insync,
                                     unsigned replication_factor);
/* A ZooKeeper ensemble. */
struct fc_budget fc_disruption_zookeeper(unsigned servers);

struct fc_disruption {
	struct fc_budget *peer_orgs; /* by index of net->peer_orgs */
	struct fc_budget *orderer_orgs; /* by index of net->orderer_orgs */
	struct fc_budget kafka, zookeeper; /* FC_BUDGET_NONE without kafka consensus */
};

/* The budgets of every group of the network.  Every orderer is a consenter
 * of every channel (fabcfg.c writes them all), and 1.4's system channel has
 * the same set. */
void fc_disruption_plan(struct fc_arena *arena, const struct fc_network *net,
                        struct fc_disruption *out);

#endif

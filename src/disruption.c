/*
 * disruption - PodDisruptionBudgets from the model; see disruption.h.
 */
#include "disruption.h"

#include <stdbool.h>

unsigned fc_disruption_tolerated(enum fc_consensus consensus, unsigned n)
{
	if (n == 0)
		return 0;
	switch (consensus) {
	case FC_CONSENSUS_ETCDRAFT: return (n - 1) / 2; /* a majority stays */
	case FC_CONSENSUS_BFT: return (n - 1) / 3; /* n >= 3f + 1 */
	case FC_CONSENSUS_KAFKA: return n - 1; /* any orderer serves the channel */
	case FC_CONSENSUS_SOLO: break;
	}
	return 0;
}

/* Whether every channel still tolerates the budgets share, group g's one more. */
static bool fits(size_t groups, size_t channels, const unsigned *members, const unsigned *tolerated,
                 const unsigned *share, size_t g)
{
	for (size_t c = 0; c < channels; c++) {
		unsigned down = 0;
		for (size_t h = 0; h < groups; h++) {
			unsigned b = share[h] + (h == g), m = members[c * groups + h];
			down += b < m ? b : m;
		}
		if (down > tolerated[c])
			return false;
	}
	return true;
}

void fc_disruption_split(size_t groups, const unsigned *sizes, size_t channels,
                         const unsigned *members, const unsigned *tolerated, unsigned *share)
{
	for (size_t g = 0; g < groups; g++)
		share[g] = 0;
	for (bool more = true; more;) {
		more = false;
		for (size_t g = 0; g < groups; g++)
			if (share[g] < sizes[g] &&
			    fits(groups, channels, members, tolerated, share, g)) {
				share[g]++;
				more = true;
			}
	}
}

static struct fc_budget budget(enum fc_budget_kind kind, unsigned value, unsigned pods)
{
	return (struct fc_budget){kind, value, pods};
}

struct fc_budget fc_disruption_orderers(unsigned pods, unsigned share, bool tolerant)
{
	if (pods == 0 || share >= pods || (share == 0 && !tolerant))
		return budget(FC_BUDGET_NONE, 0, pods);
	return budget(FC_BUDGET_MAX_UNAVAILABLE, share, pods);
}

struct fc_budget fc_disruption_peers(unsigned pods)
{
	return pods >= 2 ? budget(FC_BUDGET_MIN_AVAILABLE, 1, pods)
	                 : budget(FC_BUDGET_NONE, 0, pods);
}

struct fc_budget fc_disruption_kafka(unsigned brokers, unsigned min_insync,
                                     unsigned replication_factor)
{
	/* the model guarantees 1 < M < N < K; anything else keeps every broker */
	unsigned down = replication_factor > min_insync ? replication_factor - min_insync : 0;
	if (brokers == 0)
		return budget(FC_BUDGET_NONE, 0, brokers);
	return budget(FC_BUDGET_MAX_UNAVAILABLE, down < brokers ? down : brokers - 1, brokers);
}

struct fc_budget fc_disruption_zookeeper(unsigned servers)
{
	if (servers == 0)
		return budget(FC_BUDGET_NONE, 0, servers);
	return budget(FC_BUDGET_MAX_UNAVAILABLE, (servers - 1) / 2, servers);
}

void fc_disruption_plan(struct fc_arena *arena, const struct fc_network *net,
                        struct fc_disruption *out)
{
	size_t groups = net->orderer_org_count;
	/* every channel has every orderer: one row serves them all; the rows
	 * stay per channel so that a channel with its own consenter set is a
	 * change of this table only */
	size_t channels = net->channel_count ? net->channel_count : 1;
	unsigned *sizes = fc_arena_array(arena, groups ? groups : 1, sizeof(*sizes));
	unsigned *share = fc_arena_array(arena, groups ? groups : 1, sizeof(*share));
	unsigned *members =
	        fc_arena_array(arena, channels * (groups ? groups : 1), sizeof(*members));
	unsigned *tolerated = fc_arena_array(arena, channels, sizeof(*tolerated));
	for (size_t g = 0; g < groups; g++)
		sizes[g] = (unsigned)net->orderer_orgs[g].orderer_count;
	for (size_t c = 0; c < channels; c++) {
		for (size_t g = 0; g < groups; g++)
			members[c * groups + g] = sizes[g];
		tolerated[c] =
		        fc_disruption_tolerated(net->consensus, (unsigned)net->orderer_count);
	}
	fc_disruption_split(groups, sizes, channels, members, tolerated, share);

	out->orderer_orgs = fc_arena_array(arena, groups ? groups : 1, sizeof(*out->orderer_orgs));
	for (size_t g = 0; g < groups; g++) {
		bool tolerant = false;
		for (size_t c = 0; c < channels; c++)
			tolerant = tolerant || (members[c * groups + g] && tolerated[c] > 0);
		out->orderer_orgs[g] = fc_disruption_orderers(sizes[g], share[g], tolerant);
	}
	out->peer_orgs = fc_arena_array(arena, net->peer_org_count ? net->peer_org_count : 1,
	                                sizeof(*out->peer_orgs));
	for (size_t i = 0; i < net->peer_org_count; i++)
		out->peer_orgs[i] = fc_disruption_peers((unsigned)net->peer_orgs[i].peer_count);
	bool kafka = net->consensus == FC_CONSENSUS_KAFKA && net->kafka.brokers > 0;
	out->kafka = kafka ? fc_disruption_kafka(net->kafka.brokers, net->kafka.min_insync_replicas,
	                                         net->kafka.replication_factor)
	                   : budget(FC_BUDGET_NONE, 0, 0);
	out->zookeeper = kafka ? fc_disruption_zookeeper(net->kafka.zookeepers)
	                       : budget(FC_BUDGET_NONE, 0, 0);
}

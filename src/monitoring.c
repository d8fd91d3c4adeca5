/*
 * monitoring - alert rules, dashboards and runbooks; see monitoring.h.
 *
 * Metric names are Fabric's Prometheus names (namespace_subsystem_name of
 * the metrics.CounterOpts/GaugeOpts/HistogramOpts declarations), listed per
 * release in docs/source/metrics_reference.rst at v1.4.12, v2.5.12 and
 * v3.1.1; `up` is Prometheus' own.  The PodMonitors (templates/metrics.yaml)
 * copy the pod label app.kubernetes.io/component onto every target as
 * app_kubernetes_io_component (podTargetLabels), which the expressions use
 * to tell peers, orderers and CAs apart.  In an expression "@" stands for
 * the network's namespaces selector, namespace=~"ns1|ns2|...".
 */
#include "monitoring.h"

#include "emit.h"

#include <string.h>

#define PEER "app_kubernetes_io_component=\"peer\""
#define ORDERER "app_kubernetes_io_component=\"orderer\""
#define CA "app_kubernetes_io_component=\"ca\""

/* Which networks an alert or a panel applies to. */
enum when {
	ALWAYS,
	RAFT, /* etcdraft consensus */
	RAFT_2, /* etcdraft from Fabric 2 (consensus_etcdraft_active_nodes) */
	BFT, /* SmartBFT (Fabric 3) */
	KAFKA,
};

static bool applies(enum when when, const struct fc_network *net)
{
	switch (when) {
	case ALWAYS: return true;
	case RAFT: return net->consensus == FC_CONSENSUS_ETCDRAFT;
	case RAFT_2: return net->consensus == FC_CONSENSUS_ETCDRAFT && net->fabric.major >= 2;
	case BFT: return net->consensus == FC_CONSENSUS_BFT;
	case KAFKA: return net->consensus == FC_CONSENSUS_KAFKA;
	}
	return false;
}

struct alert {
	const char *name;
	enum when when;
	const char *expr, *for_, *severity, *summary, *runbook;
};

/* The alerts, with their runbook paragraphs (the chart README and the
 * project README's "Alerts and runbooks" say the same). */
static const struct alert alerts[] = {
        {"FabricPeerDown", ALWAYS, "up{@," PEER "} == 0", "5m", "critical",
         "Peer {{ $labels.namespace }}/{{ $labels.pod }} is not answering on its operations "
         "endpoint",
         "Prometheus cannot scrape the peer. `kubectl -n NAMESPACE describe pod POD` and `kubectl "
         "-n NAMESPACE logs POD -c peer` show whether it crashed, is not scheduled or waits "
         "for its volume; a peer that restarts catches up with its channels from the "
         "orderers and its organization's other peers by itself. When the pod runs but "
         "the target is down, check the NetworkPolicy `operations-from-monitoring` "
         "(the topology's `isolation.monitoringNamespace` must be Prometheus' namespace)."},
        {"FabricOrdererDown", ALWAYS, "up{@," ORDERER "} == 0", "5m", "critical",
         "Orderer {{ $labels.namespace }}/{{ $labels.pod }} is not answering on its "
         "operations endpoint",
         "As for a peer: describe the pod and read the `orderer` container's log. With Raft "
         "or BFT the channel keeps ordering as long as a quorum of its consenters runs "
         "(Raft: a majority; BFT: 2f+1 of 3f+1); a second orderer down may stop it. A "
         "restarted orderer replicates the blocks it missed from the others."},
        {"FabricCADown", ALWAYS, "up{@," CA "} == 0", "10m", "warning",
         "CA {{ $labels.namespace }}/{{ $labels.pod }} is not answering on its operations "
         "endpoint",
         "Nothing running stops without its CA, but no identity can be enrolled or "
         "renewed. Read the `ca` container's log; its database is on the `data` volume of "
         "the StatefulSet `ca`."},
        {"FabricPeerLedgerLagging", ALWAYS,
         "max by (channel) (ledger_blockchain_height{@}) - on (channel) group_right "
         "ledger_blockchain_height{@," PEER "} > 10",
         "10m", "warning",
         "Peer {{ $labels.namespace }}/{{ $labels.pod }} is {{ $value }} blocks behind "
         "channel {{ $labels.channel }}",
         "The peer's ledger height (`ledger_blockchain_height`) stays more than 10 blocks "
         "below the highest any node of the network reports for the channel. Look in the "
         "peer's log for deliver or gossip errors (the orderers' TLS certificates, the "
         "NetworkPolicies, an orderer down); a peer that validates slowly (CPU limits, "
         "a slow volume, CouchDB) lags too. It catches up by itself once blocks flow."},
        {"FabricEndorsementFailuresRising", ALWAYS,
         "(1 - sum by (namespace, pod) (rate(endorser_successful_proposals{@}[10m])) / sum by "
         "(namespace, pod) (rate(endorser_proposals_received{@}[10m]))) > 0.1",
         "10m", "warning",
         "More than 10% of the proposals peer {{ $labels.namespace }}/{{ $labels.pod }} "
         "receives fail",
         "Compare `endorser_proposals_received` with `endorser_successful_proposals` per "
         "peer; `endorser_endorsement_failures` (by channel, chaincode and error) says "
         "which chaincode fails. Chaincode errors are the application's (the chaincode "
         "server's log); ACL or validation failures point at the client's identity; "
         "a chaincode server that is down shows as connection errors in the peer's log."},
        {"FabricRaftLeaderChanges", RAFT, "increase(consensus_etcdraft_leader_changes{@}[15m]) > 2",
         "", "warning",
         "Raft leadership of channel {{ $labels.channel }} changed more than twice in 15 "
         "minutes",
         "Frequent elections mean the consenters lose each other's heartbeats: an orderer "
         "restarting (see FabricOrdererDown), network trouble between the orderer "
         "namespaces, or an orderer too slow to write its WAL (CPU limits, the volume). "
         "Check the orderers' logs around the changes."},
        {"FabricRaftNoLeader", RAFT, "max by (channel) (consensus_etcdraft_is_leader{@}) == 0",
         "2m", "critical", "Channel {{ $labels.channel }} has no Raft leader",
         "No consenter of the channel is leader (`consensus_etcdraft_is_leader`): the "
         "channel orders nothing. Fewer than a majority of its consenters run or reach "
         "each other; bring the stopped orderers back (FabricOrdererDown) and check the "
         "cluster port 7050 between the orderer namespaces (`fabchart netpol`)."},
        {"FabricRaftConsenterUnreachable", RAFT_2,
         "max by (channel) (consensus_etcdraft_active_nodes{@}) < max by (channel) "
         "(consensus_etcdraft_cluster_size{@})",
         "5m", "warning",
         "A consenter of channel {{ $labels.channel }} is not reachable from the leader",
         "`consensus_etcdraft_active_nodes` stays below `consensus_etcdraft_cluster_size`: "
         "the leader does not hear from every consenter. The channel still orders while a "
         "majority is active, with less margin. Find the orderer that is down or cut off "
         "(its log, its pod, the NetworkPolicies)."},
        {"FabricBFTLeaderChanges", BFT, "changes(consensus_BFT_leader_id{@}[15m]) > 2", "",
         "warning",
         "BFT leadership of channel {{ $labels.channel }} changed more than twice in 15 "
         "minutes",
         "View changes (`consensus_BFT_leader_id`) happen when the consenters suspect the "
         "leader: it is down, slow or cut off. Check the orderers' logs for view changes and "
         "the leader's pod."},
        {"FabricBFTConsenterBlacklisted", BFT,
         "max by (namespace, pod, channel) (consensus_smartbft_blacklist_count{@}) > 0", "5m",
         "warning", "Orderer {{ $labels.namespace }}/{{ $labels.pod }} blacklists a consenter",
         "SmartBFT blacklists a consenter that failed as leader "
         "(`consensus_smartbft_blacklist_count`); `consensus_smartbft_node_id_in_blacklist` "
         "names it. BFT tolerates f faulty consenters of 3f+1; bring the blacklisted one "
         "back before another fails."},
};

/* What the scope of every expression is: the network's namespaces. */
static const char *scope(struct fc_arena *arena, const struct fc_network *net)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addstr(&sb, "namespace=~\"");
	for (size_t i = 0; i < net->peer_org_count; i++)
		fc_strbuf_addf(&sb, "%s%s", i ? "|" : "", net->peer_orgs[i].namespace);
	for (size_t i = 0; i < net->orderer_org_count; i++)
		fc_strbuf_addf(&sb, "%s%s", i || net->peer_org_count ? "|" : "",
		               net->orderer_orgs[i].namespace);
	fc_strbuf_addch(&sb, '"');
	char *s = fc_arena_strdup(arena, sb.buf);
	fc_strbuf_release(&sb);
	return s;
}

/* expr with every "@" replaced by the scope. */
static struct fc_node *expression(struct fc_arena *arena, const char *expr, const char *sel)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (const char *p = expr; *p; p++)
		if (*p == '@')
			fc_strbuf_addstr(&sb, sel);
		else
			fc_strbuf_addch(&sb, *p);
	struct fc_node *n = fc_tree_str(arena, sb.buf);
	fc_strbuf_release(&sb);
	return n;
}

static void add_alerts(struct fc_arena *arena, const struct fc_network *net, const char *sel,
                       struct fc_fileset *chart)
{
	struct fc_node *root = fc_tree_map(arena);
	struct fc_node *groups = fc_tree_set(arena, root, "groups", fc_tree_seq(arena), NULL);
	struct fc_node *group = fc_tree_push(arena, groups, fc_tree_map(arena));
	fc_tree_set(arena, group, "name", fc_tree_strf(arena, "fabric-%s", net->name), NULL);
	struct fc_node *rules = fc_tree_set(arena, group, "rules", fc_tree_seq(arena), NULL);
	for (size_t i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++) {
		const struct alert *a = &alerts[i];
		if (!applies(a->when, net))
			continue;
		struct fc_node *r = fc_tree_push(arena, rules, fc_tree_map(arena));
		fc_tree_set(arena, r, "alert", fc_tree_str(arena, a->name), NULL);
		fc_tree_set(arena, r, "expr", expression(arena, a->expr, sel), NULL);
		if (a->for_[0])
			fc_tree_set(arena, r, "for", fc_tree_str(arena, a->for_), NULL);
		struct fc_node *labels = fc_tree_set(arena, r, "labels", fc_tree_map(arena), NULL);
		fc_tree_set(arena, labels, "severity", fc_tree_str(arena, a->severity), NULL);
		fc_tree_set(arena, labels, "fabric_network", fc_tree_str(arena, net->name), NULL);
		struct fc_node *ann =
		        fc_tree_set(arena, r, "annotations", fc_tree_map(arena), NULL);
		fc_tree_set(arena, ann, "summary", fc_tree_str(arena, a->summary), NULL);
		fc_tree_set(arena, ann, "runbook", fc_tree_str(arena, a->runbook), NULL);
	}
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addf(&sb,
	               "# Prometheus alerting rules of the %s network (Fabric %s, %s), generated "
	               "by fabchart;\n# the spec of the chart's PrometheusRule.\n",
	               net->name, net->fabric.text, fc_consensus_name(net->consensus));
	fc_emit_yaml(&sb, root);
	fc_fileset_add_strbuf(arena, chart, "files/monitoring/alerts.yaml", &sb);
	fc_strbuf_release(&sb);
}

struct panel {
	enum when when;
	const char *title, *expr, *legend;
};

struct dashboard {
	const char *name, *title;
	const struct panel *panels;
	size_t count;
};

static const struct panel overview[] = {
        {ALWAYS, "Nodes up by component", "sum by (app_kubernetes_io_component) (up{@})",
         "{{app_kubernetes_io_component}}"},
        {ALWAYS, "Nodes down", "up{@} == 0", "{{namespace}}/{{pod}}"},
        {ALWAYS, "Fabric version", "fabric_version{@}", "{{namespace}}/{{pod}} {{version}}"},
        {ALWAYS, "Highest ledger height by channel",
         "max by (channel) (ledger_blockchain_height{@})", "{{channel}}"},
        {ALWAYS, "Transactions committed per second by channel",
         "sum by (channel) (rate(ledger_transaction_count{@}[5m]))", "{{channel}}"},
};

static const struct panel channels[] = {
        {ALWAYS, "Ledger height per node", "ledger_blockchain_height{@}",
         "{{channel}} {{namespace}}/{{pod}}"},
        {ALWAYS, "Blocks behind the channel's highest",
         "max by (channel) (ledger_blockchain_height{@}) - on (channel) group_right "
         "ledger_blockchain_height{@}",
         "{{channel}} {{namespace}}/{{pod}}"},
        {ALWAYS, "Gossip height per peer", "gossip_state_height{@}",
         "{{channel}} {{namespace}}/{{pod}}"},
        {ALWAYS, "Peers known through gossip", "gossip_membership_total_peers_known{@}",
         "{{channel}} {{namespace}}/{{pod}}"},
};

static const struct panel consensus[] = {
        {ALWAYS, "Transactions broadcast per second",
         "sum by (channel, status) (rate(broadcast_processed_count{@}[5m]))",
         "{{channel}} {{status}}"},
        {RAFT, "Raft leader", "consensus_etcdraft_is_leader{@} == 1", "{{channel}} {{pod}}"},
        {RAFT, "Raft leader changes (15m)",
         "sum by (channel) (increase(consensus_etcdraft_leader_changes{@}[15m]))", "{{channel}}"},
        {RAFT_2, "Raft active consenters", "max by (channel) (consensus_etcdraft_active_nodes{@})",
         "{{channel}} active"},
        {RAFT, "Raft consenters", "max by (channel) (consensus_etcdraft_cluster_size{@})",
         "{{channel}} size"},
        {RAFT, "Raft proposal failures per second",
         "sum by (channel) (rate(consensus_etcdraft_proposal_failures{@}[5m]))", "{{channel}}"},
        {BFT, "BFT leader", "max by (channel) (consensus_BFT_leader_id{@})", "{{channel}}"},
        {BFT, "BFT consenters", "max by (channel) (consensus_BFT_cluster_size{@})", "{{channel}}"},
        {BFT, "BFT view number", "consensus_smartbft_view_number{@}", "{{pod}}"},
        {BFT, "BFT blacklisted consenters", "consensus_smartbft_blacklist_count{@}", "{{pod}}"},
        {KAFKA, "Kafka request latency", "consensus_kafka_request_latency{@}",
         "{{pod}} broker {{broker_id}}"},
};

static const struct panel endorsement[] = {
        {ALWAYS, "Proposals received per second",
         "sum by (namespace, pod) (rate(endorser_proposals_received{@}[5m]))",
         "{{namespace}}/{{pod}}"},
        {ALWAYS, "Successful proposals per second",
         "sum by (namespace, pod) (rate(endorser_successful_proposals{@}[5m]))",
         "{{namespace}}/{{pod}}"},
        {ALWAYS, "Endorsement failures per second",
         "sum by (channel, chaincode, chaincodeerror) "
         "(rate(endorser_endorsement_failures{@}[5m]))",
         "{{channel}} {{chaincode}} {{chaincodeerror}}"},
        {ALWAYS, "Proposal duration (95th percentile)",
         "histogram_quantile(0.95, sum by (le, channel, chaincode) "
         "(rate(endorser_proposal_duration_bucket{@}[5m])))",
         "{{channel}} {{chaincode}}"},
};

#define DASHBOARD(n, t, p)                        \
	{                                         \
		n, t, p, sizeof(p) / sizeof(p[0]) \
	}
static const struct dashboard dashboards[] = {
        DASHBOARD("network-overview", "network overview", overview),
        DASHBOARD("channel-heights", "channel heights", channels),
        DASHBOARD("orderer-consensus", "orderer consensus", consensus),
        DASHBOARD("peer-endorsement", "peer endorsement", endorsement),
};

static void set_int(struct fc_arena *arena, struct fc_node *m, const char *key, int64_t v)
{
	fc_tree_set(arena, m, key, fc_tree_int(arena, v), NULL);
}

static void set_str(struct fc_arena *arena, struct fc_node *m, const char *key, const char *v)
{
	fc_tree_set(arena, m, key, fc_tree_str(arena, v), NULL);
}

/* {"type": "prometheus", "uid": "${datasource}"}: the dashboard's variable. */
static struct fc_node *datasource(struct fc_arena *arena)
{
	struct fc_node *ds = fc_tree_map(arena);
	set_str(arena, ds, "type", "prometheus");
	set_str(arena, ds, "uid", "${datasource}");
	return ds;
}

/* A Grafana dashboard (schemaVersion 39): timeseries panels two abreast. */
static struct fc_node *dashboard_json(struct fc_arena *arena, const struct fc_network *net,
                                      const struct dashboard *d, const char *sel)
{
	struct fc_node *root = fc_tree_map(arena);
	set_str(arena, root, "title", fc_arena_printf(arena, "Fabric %s: %s", net->name, d->title));
	set_str(arena, root, "uid",
	        fc_arena_printf(arena, "%.24s-%.15s", d->name, net->name)); /* 40 at most */
	struct fc_node *tags = fc_tree_set(arena, root, "tags", fc_tree_seq(arena), NULL);
	fc_tree_push(arena, tags, fc_tree_str(arena, "fabric"));
	fc_tree_push(arena, tags, fc_tree_str(arena, net->name));
	set_int(arena, root, "schemaVersion", 39);
	fc_tree_set(arena, root, "editable", fc_tree_bool(arena, true), NULL);
	struct fc_node *time = fc_tree_set(arena, root, "time", fc_tree_map(arena), NULL);
	set_str(arena, time, "from", "now-6h");
	set_str(arena, time, "to", "now");
	set_str(arena, root, "refresh", "1m");
	struct fc_node *tmpl = fc_tree_set(arena, root, "templating", fc_tree_map(arena), NULL);
	struct fc_node *list = fc_tree_set(arena, tmpl, "list", fc_tree_seq(arena), NULL);
	struct fc_node *var = fc_tree_push(arena, list, fc_tree_map(arena));
	set_str(arena, var, "name", "datasource");
	set_str(arena, var, "label", "Prometheus");
	set_str(arena, var, "type", "datasource");
	set_str(arena, var, "query", "prometheus");
	struct fc_node *panels = fc_tree_set(arena, root, "panels", fc_tree_seq(arena), NULL);
	int64_t n = 0;
	for (size_t i = 0; i < d->count; i++) {
		const struct panel *p = &d->panels[i];
		if (!applies(p->when, net))
			continue;
		struct fc_node *panel = fc_tree_push(arena, panels, fc_tree_map(arena));
		set_int(arena, panel, "id", n + 1);
		set_str(arena, panel, "type", "timeseries");
		set_str(arena, panel, "title", p->title);
		fc_tree_set(arena, panel, "datasource", datasource(arena), NULL);
		struct fc_node *grid =
		        fc_tree_set(arena, panel, "gridPos", fc_tree_map(arena), NULL);
		set_int(arena, grid, "h", 8);
		set_int(arena, grid, "w", 12);
		set_int(arena, grid, "x", (n % 2) * 12);
		set_int(arena, grid, "y", (n / 2) * 8);
		struct fc_node *targets =
		        fc_tree_set(arena, panel, "targets", fc_tree_seq(arena), NULL);
		struct fc_node *t = fc_tree_push(arena, targets, fc_tree_map(arena));
		fc_tree_set(arena, t, "datasource", datasource(arena), NULL);
		fc_tree_set(arena, t, "expr", expression(arena, p->expr, sel), NULL);
		set_str(arena, t, "legendFormat", p->legend);
		set_str(arena, t, "refId", "A");
		n++;
	}
	return root;
}

void fc_monitoring_add_files(struct fc_arena *arena, const struct fc_network *net,
                             struct fc_fileset *chart)
{
	const char *sel = scope(arena, net);
	add_alerts(arena, net, sel, chart);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < sizeof(dashboards) / sizeof(dashboards[0]); i++) {
		fc_strbuf_reset(&sb);
		fc_emit_json(&sb, dashboard_json(arena, net, &dashboards[i], sel));
		fc_fileset_add_strbuf(arena, chart,
		                      fc_arena_printf(arena, "files/monitoring/dashboards/%s.json",
		                                      dashboards[i].name),
		                      &sb);
	}
	fc_strbuf_release(&sb);
}

void fc_monitoring_runbooks(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addf(out,
	               "\n## Alerts and runbooks\n\nWith the Prometheus Operator's API in the "
	               "cluster (and `metrics.prometheusRule.enabled`), the PrometheusRule "
	               "`<release>-fabric-alerts` holds these alerts, chosen for Fabric %s and "
	               "%s (`files/monitoring/alerts.yaml`). Fabric exposes no metric for "
	               "certificate expiry nor for CouchDB being up, so neither has an alert: "
	               "the peer's /healthz fails when its CouchDB does (a \"couchdb\" checker, "
	               "core/ledger/kvledger/txmgmt/privacyenabledstate), which the peer's "
	               "probes see on Fabric 2.5 and 3.x.\n",
	               net->fabric.text, fc_consensus_name(net->consensus));
	for (size_t i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++)
		if (applies(alerts[i].when, net))
			fc_strbuf_addf(out, "\n- **%s** (%s): %s\n", alerts[i].name,
			               alerts[i].severity, alerts[i].runbook);
}

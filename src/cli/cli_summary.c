/*
 * cli_summary - the summary of a network that build, validate and portmap
 * print: text (organizations, nodes, channels, NodePorts) or the "network"
 * member of their JSON output, its port map laid out by portmap.h.  Formats
 * into a strbuf; the commands print it.  See cli_private.h.
 */
#include "cli_private.h"

#include "portmap.h"

#include <string.h>

static size_t ca_count(const struct fc_network *net)
{
	size_t n = 0;
	for (size_t i = 0; i < net->peer_org_count; i++)
		n += net->peer_orgs[i].ca;
	for (size_t i = 0; i < net->orderer_org_count; i++)
		n += net->orderer_orgs[i].ca;
	return n;
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* The width of a column: at least min, else its longest value. */
static int widen(int width, const char *s)
{
	size_t len = strlen(s);
	return len > (size_t)width && len < 4096 ? (int)len : width;
}

void fc_cli_summary_text(struct fc_strbuf *sb, const struct fc_network *net)
{
	fc_strbuf_addf(sb, "network '%s': Hyperledger Fabric %s, %s consensus", net->name,
	               net->fabric.text, fc_consensus_name(net->consensus));
	if (net->consensus == FC_CONSENSUS_KAFKA)
		fc_strbuf_addf(sb, " (%u Kafka broker%s, %u ZooKeeper server%s)",
		               net->kafka.brokers, plural(net->kafka.brokers),
		               net->kafka.zookeepers, plural(net->kafka.zookeepers));
	fc_strbuf_addf(sb, ", TLS %s\n", net->tls ? "on" : "off");
	fc_strbuf_addf(sb, "organizations: %zu (%zu peer, %zu orderer)\n",
	               net->peer_org_count + net->orderer_org_count, net->peer_org_count,
	               net->orderer_org_count);
	int wn = 16, wm = 16, ws = 24; /* name, MSP ID, namespace columns */
	for (size_t k = 0; k < 2; k++) {
		const struct fc_org *orgs = k ? net->orderer_orgs : net->peer_orgs;
		for (size_t i = 0, n = k ? net->orderer_org_count : net->peer_org_count; i < n;
		     i++) {
			wn = widen(wn, orgs[i].name);
			wm = widen(wm, orgs[i].msp_id);
			ws = widen(ws, orgs[i].namespace);
		}
	}
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *o = &net->peer_orgs[i];
		fc_strbuf_addf(sb, "  %-*s %-*s %-*s %zu peer%s, %s%s%s\n", wn, o->name, wm,
		               o->msp_id, ws, o->namespace, o->peer_count, plural(o->peer_count),
		               o->state_db == FC_STATE_DB_COUCHDB ? "CouchDB" : "LevelDB",
		               o->ca ? ", CA" : "", o->cli ? ", CLI" : "");
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *o = &net->orderer_orgs[i];
		fc_strbuf_addf(sb, "  %-*s %-*s %-*s %zu orderer%s%s\n", wn, o->name, wm, o->msp_id,
		               ws, o->namespace, o->orderer_count, plural(o->orderer_count),
		               o->ca ? ", CA" : "");
	}
	size_t cas = ca_count(net);
	fc_strbuf_addf(sb, "nodes: %zu peer%s, %zu orderer%s, %zu CA%s", net->peer_count,
	               net->peer_count == 1 ? "" : "s", net->orderer_count,
	               net->orderer_count == 1 ? "" : "s", cas, cas == 1 ? "" : "s");
	if (net->explorer)
		fc_strbuf_addstr(sb, ", explorer");
	fc_strbuf_addf(sb, "\nchannels: %zu\n", net->channel_count);
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		fc_strbuf_addf(sb, "  %s:", ch->name);
		for (size_t j = 0; j < ch->member_count; j++)
			fc_strbuf_addf(sb, "%s %s", j ? "," : "", ch->members[j]->name);
		fc_strbuf_addch(sb, '\n');
	}
	unsigned lo, hi;
	size_t n = fc_model_node_ports(net, &lo, &hi);
	if (n)
		fc_strbuf_addf(sb, "ports: %zu NodePort%s in %u-%u (cluster range %u-%u)\n", n,
		               plural(n), lo, hi, net->node_port.range_start,
		               net->node_port.range_end);
	else
		fc_strbuf_addf(sb, "ports: no NodePorts (exposure %s)\n",
		               fc_exposure_name(net->exposure));
}

static void json_str(struct fc_strbuf *sb, const char *s)
{
	fc_strbuf_add_json_string(sb, s, strlen(s));
}

void fc_cli_summary_json(struct fc_strbuf *sb, const struct fc_network *net)
{
	fc_strbuf_addstr(sb, "\"network\":{\"name\":");
	json_str(sb, net->name);
	fc_strbuf_addstr(sb, ",\"fabricVersion\":");
	json_str(sb, net->fabric.text);
	fc_strbuf_addstr(sb, ",\"consensus\":");
	json_str(sb, fc_consensus_name(net->consensus));
	fc_strbuf_addf(sb, ",\"tls\":%s,\"peers\":%zu,\"orderers\":%zu,\"cas\":%zu",
	               net->tls ? "true" : "false", net->peer_count, net->orderer_count,
	               ca_count(net));
	fc_strbuf_addstr(sb, ",\"organizations\":[");
	size_t total = net->peer_org_count + net->orderer_org_count;
	for (size_t i = 0; i < total; i++) {
		const struct fc_org *o = i < net->peer_org_count
		                                 ? &net->peer_orgs[i]
		                                 : &net->orderer_orgs[i - net->peer_org_count];
		fc_strbuf_addstr(sb, i ? ",{\"name\":" : "{\"name\":");
		json_str(sb, o->name);
		fc_strbuf_addstr(sb, ",\"kind\":");
		json_str(sb, o->kind == FC_ORG_PEER ? "peer" : "orderer");
		fc_strbuf_addstr(sb, ",\"mspId\":");
		json_str(sb, o->msp_id);
		fc_strbuf_addstr(sb, ",\"namespace\":");
		json_str(sb, o->namespace);
		fc_strbuf_addf(sb, ",\"nodes\":%zu}",
		               o->kind == FC_ORG_PEER ? o->peer_count : o->orderer_count);
	}
	fc_strbuf_addstr(sb, "],\"channels\":[");
	for (size_t i = 0; i < net->channel_count; i++) {
		fc_strbuf_addstr(sb, i ? "," : "");
		json_str(sb, net->channels[i].name);
	}
	fc_strbuf_addstr(sb, "],\"ports\":");
	fc_portmap_format(sb, net, FC_PORTMAP_JSON);
	fc_strbuf_addch(sb, '}');
}

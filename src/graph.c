/*
 * graph - the network as a Graphviz or Mermaid graph; see graph.h.
 *
 * Both forms walk the same list of nodes (walk()): per organization its CA,
 * peers or orderers and CLI pod, then the explorer; each node's label is
 * its name and, when exposed, the NodePorts of its Service ports (from the
 * model's port map, so the graph says what `fabchart portmap` says).
 */
#include "graph.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Channel colors (ColorBrewer Set1/Dark2, readable on white); they repeat
 * after the tenth channel, the legend still names each. */
static const char *const colors[] = {"#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00",
                                     "#a65628", "#f781bf", "#1b9e77", "#d95f02", "#7570b3"};
#define COLOR_COUNT (sizeof(colors) / sizeof(colors[0]))

int fc_graph_parse_format(const char *name, enum fc_graph_format *format)
{
	if (strcmp(name, "dot") == 0)
		*format = FC_GRAPH_DOT;
	else if (strcmp(name, "mermaid") == 0)
		*format = FC_GRAPH_MERMAID;
	else
		return -1;
	return 0;
}

/* A label's text: DOT inside "..." (\" and \\ escaped, line break \n);
 * Mermaid inside "..." (entity codes for '"', '<', '>', '#', line break <br/>). */
static void add_text(struct fc_strbuf *out, const char *s, enum fc_graph_format format)
{
	for (; *s; s++) {
		if (format == FC_GRAPH_DOT && (*s == '"' || *s == '\\'))
			fc_strbuf_addch(out, '\\');
		if (format == FC_GRAPH_MERMAID && strchr("\"<>#", *s))
			fc_strbuf_addf(out, "#%d;", (unsigned char)*s);
		else
			fc_strbuf_addch(out, *s);
	}
}

static void add_break(struct fc_strbuf *out, enum fc_graph_format format)
{
	fc_strbuf_addstr(out, format == FC_GRAPH_DOT ? "\\n" : "<br/>");
}

/* Before a node's first NodePort a line break and "NodePort ", then ", ". */
static void add_break_or_comma(struct fc_strbuf *out, bool first, enum fc_graph_format format)
{
	if (first) {
		add_break(out, format);
		fc_strbuf_addstr(out, "NodePort ");
	} else {
		fc_strbuf_addstr(out, ", ");
	}
}

/* The model's ports that have a NodePort, sorted by (Service, component,
 * organization) and, among equals, in port-map order: a node's lookup is a
 * binary search instead of a pass over every port of the network. */
struct exposed {
	const struct fc_port **ports;
	size_t count;
};

static int compare_exposed(const struct fc_port *a, const struct fc_port *b)
{
	int k = strcmp(a->service, b->service);
	if (!k)
		k = strcmp(a->component, b->component);
	if (!k && a->org != b->org)
		k = (uintptr_t)a->org < (uintptr_t)b->org ? -1 : 1;
	return k;
}

static int compare_exposed_entries(const void *pa, const void *pb)
{
	const struct fc_port *const *a = pa, *const *b = pb;
	int k = compare_exposed(*a, *b);
	return k ? k : *a < *b ? -1 : *a > *b; /* ports[] order among equals */
}

static void exposed_init(struct exposed *ex, const struct fc_network *net)
{
	ex->ports = fc_xcalloc(net->port_count + 1, sizeof(*ex->ports));
	ex->count = 0;
	for (size_t i = 0; i < net->port_count; i++)
		if (net->ports[i].node_port)
			ex->ports[ex->count++] = &net->ports[i];
	qsort(ex->ports, ex->count, sizeof(*ex->ports), compare_exposed_entries);
}

/* ", NodePort N" for each exposed port of the Service service of org (the
 * explorer: org NULL). */
static void add_node_ports(struct fc_strbuf *out, const struct exposed *ex,
                           const struct fc_org *org, const char *component, const char *service,
                           enum fc_graph_format format)
{
	struct fc_port key = {.org = org, .component = component, .service = service};
	size_t lo = 0, hi = ex->count;
	while (lo < hi) { /* the first entry not below key */
		size_t mid = lo + (hi - lo) / 2;
		if (compare_exposed(ex->ports[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < ex->count && !compare_exposed(ex->ports[i], &key); i++) {
		add_break_or_comma(out, i == lo, format);
		fc_strbuf_addf(out, "%u", ex->ports[i]->node_port);
	}
}

/* One node: its identifier, shape (DOT shape, Mermaid bracket pair) and label. */
static void add_node(struct fc_strbuf *out, const struct exposed *ex, const char *id,
                     const char *kind, const char *name, const struct fc_org *org,
                     const char *component, const char *service, enum fc_graph_format format)
{
	bool dot = format == FC_GRAPH_DOT;
	bool round = strcmp(kind, "peer") == 0 || strcmp(kind, "orderer") == 0;
	if (dot)
		fc_strbuf_addf(out, "    %s [shape=%s, label=\"", id, round ? "box" : "component");
	else
		fc_strbuf_addf(out, "    %s%s\"", id, round ? "(" : "[");
	if (*kind) {
		fc_strbuf_addstr(out, kind);
		fc_strbuf_addch(out, ' ');
	}
	add_text(out, name, format);
	if (service)
		add_node_ports(out, ex, org, component, service, format);
	fc_strbuf_addstr(out, dot ? "\"];\n" : round ? "\")\n" : "\"]\n");
}

/* The nodes of an organization, inside its cluster or subgraph. */
static void org_nodes(struct fc_strbuf *out, const struct exposed *ex, const struct fc_org *o,
                      const char *oid, enum fc_graph_format format)
{
	char id[64];
	if (o->ca) {
		snprintf(id, sizeof id, "%sca", oid);
		add_node(out, ex, id, "CA", o->name, o, "ca", "ca", format);
	}
	for (size_t i = 0; i < o->peer_count; i++) {
		snprintf(id, sizeof id, "%sp%zu", oid, i);
		add_node(out, ex, id, "peer", o->peers[i].name, o, "peer", o->peers[i].service,
		         format);
	}
	for (size_t i = 0; i < o->orderer_count; i++) {
		snprintf(id, sizeof id, "%so%zu", oid, i);
		add_node(out, ex, id, "orderer", o->orderers[i].name, o, "orderer",
		         o->orderers[i].service, format);
	}
	if (o->cli) {
		snprintf(id, sizeof id, "%scli", oid);
		add_node(out, ex, id, "CLI", o->name, o, NULL, NULL, format);
	}
}

/* An organization's cluster (DOT) or subgraph (Mermaid). */
static void org_cluster(struct fc_strbuf *out, const struct exposed *ex, const struct fc_org *o,
                        const char *oid, enum fc_graph_format format)
{
	bool dot = format == FC_GRAPH_DOT;
	fc_strbuf_addf(out, dot ? "  subgraph cluster_%s {\n    label=\"" : "  subgraph %s[\"",
	               oid);
	add_text(out, o->name, format);
	fc_strbuf_addstr(out, " (");
	add_text(out, o->msp_id, format);
	fc_strbuf_addch(out, ')');
	add_break(out, format);
	fc_strbuf_addstr(out, "namespace ");
	add_text(out, o->namespace, format);
	fc_strbuf_addstr(out, dot ? "\";\n" : "\"]\n");
	org_nodes(out, ex, o, oid, format);
	fc_strbuf_addstr(out, format == FC_GRAPH_DOT ? "  }\n" : "  end\n");
}

static void org_id(char *id, size_t size, const struct fc_org *o)
{
	snprintf(id, size, "%s%u", o->kind == FC_ORG_PEER ? "p" : "o", o->index);
}

/* The edges of channel c (index ci): to every peer of each member and to
 * the first orderer of each ordering organization.  *links counts Mermaid
 * links so far (linkStyle numbers them). */
static void channel_edges(struct fc_strbuf *out, const struct fc_network *net,
                          const struct fc_channel *c, size_t ci, size_t *links,
                          enum fc_graph_format format)
{
	const char *color = colors[ci % COLOR_COUNT];
	size_t first = *links;
	char oid[32];
	for (size_t m = 0; m < c->member_count; m++) {
		const struct fc_org *o = c->members[m];
		org_id(oid, sizeof oid, o);
		for (size_t i = 0; i < o->peer_count; i++) {
			if (format == FC_GRAPH_DOT)
				fc_strbuf_addf(out, "  ch%zu -> %sp%zu [color=\"%s\"];\n", ci, oid,
				               i, color);
			else
				fc_strbuf_addf(out, "  ch%zu --- %sp%zu\n", ci, oid, i);
			(*links)++;
		}
	}
	for (size_t k = 0; k < net->orderer_org_count; k++) {
		const struct fc_org *o = &net->orderer_orgs[k];
		if (!o->orderer_count)
			continue;
		org_id(oid, sizeof oid, o);
		if (format == FC_GRAPH_DOT)
			fc_strbuf_addf(out,
			               "  ch%zu -> %so0 [color=\"%s\", style=dashed, "
			               "lhead=cluster_%s];\n",
			               ci, oid, color, oid);
		else
			fc_strbuf_addf(out, "  ch%zu -.- %so0\n", ci, oid);
		(*links)++;
	}
	if (format == FC_GRAPH_MERMAID && *links > first) {
		fc_strbuf_addstr(out, "  linkStyle ");
		for (size_t l = first; l < *links; l++)
			fc_strbuf_addf(out, "%s%zu", l > first ? "," : "", l);
		fc_strbuf_addf(out, " stroke:%s,stroke-width:2px\n", color);
	}
}

/* The channels: a legend cluster of colored channel nodes, then the edges. */
static void channels(struct fc_strbuf *out, const struct fc_network *net,
                     enum fc_graph_format format)
{
	if (!net->channel_count)
		return;
	bool dot = format == FC_GRAPH_DOT;
	fc_strbuf_addstr(out, dot ? "  subgraph cluster_channels {\n    label=\"channels\";\n"
	                          : "  subgraph channels[\"channels\"]\n");
	for (size_t i = 0; i < net->channel_count; i++) {
		const char *color = colors[i % COLOR_COUNT];
		if (dot) {
			fc_strbuf_addf(out,
			               "    ch%zu [shape=ellipse, style=\"filled\", color=\"%s\", "
			               "fillcolor=\"%s\", fontcolor=white, label=\"channel ",
			               i, color, color);
			add_text(out, net->channels[i].name, format);
			fc_strbuf_addstr(out, "\"];\n");
		} else {
			fc_strbuf_addf(out, "    ch%zu([\"channel ", i);
			add_text(out, net->channels[i].name, format);
			fc_strbuf_addstr(out, "\"])\n");
		}
	}
	fc_strbuf_addstr(out, dot ? "  }\n" : "  end\n");
	size_t links = 0;
	for (size_t i = 0; i < net->channel_count; i++) {
		channel_edges(out, net, &net->channels[i], i, &links, format);
		if (!dot)
			fc_strbuf_addf(out, "  style ch%zu fill:%s,stroke:%s,color:#fff\n", i,
			               colors[i % COLOR_COUNT], colors[i % COLOR_COUNT]);
	}
}

void fc_graph_format(struct fc_strbuf *out, const struct fc_network *net,
                     enum fc_graph_format format)
{
	bool dot = format == FC_GRAPH_DOT;
	if (dot) {
		fc_strbuf_addstr(out, "digraph \"");
		add_text(out, net->name, format);
		fc_strbuf_addstr(
		        out, "\" {\n  graph [rankdir=LR, compound=true, fontname=\"Helvetica\", "
		             "labelloc=t, label=\"network ");
		add_text(out, net->name, format);
		fc_strbuf_addf(out,
		               ": Fabric %s, %s\"];\n  node [fontname=\"Helvetica\", "
		               "style=\"rounded\"];\n  edge [arrowhead=none];\n",
		               net->fabric.text, fc_consensus_name(net->consensus));
	} else {
		fc_strbuf_addstr(out, "flowchart LR\n");
	}
	struct exposed ex;
	exposed_init(&ex, net);
	char oid[32];
	for (size_t i = 0; i < net->peer_org_count; i++) {
		org_id(oid, sizeof oid, &net->peer_orgs[i]);
		org_cluster(out, &ex, &net->peer_orgs[i], oid, format);
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		org_id(oid, sizeof oid, &net->orderer_orgs[i]);
		org_cluster(out, &ex, &net->orderer_orgs[i], oid, format);
	}
	if (net->explorer) {
		if (dot) {
			fc_strbuf_addstr(out,
			                 "  subgraph cluster_explorer {\n    label=\"namespace ");
			add_text(out, net->explorer_namespace, format);
			fc_strbuf_addstr(out, "\";\n");
		} else {
			fc_strbuf_addstr(out, "  subgraph exns[\"namespace ");
			add_text(out, net->explorer_namespace, format);
			fc_strbuf_addstr(out, "\"]\n");
		}
		add_node(out, &ex, "explorer", "", "Hyperledger Explorer", NULL, "explorer",
		         "explorer", format);
		fc_strbuf_addstr(out, dot ? "  }\n" : "  end\n");
	}
	free(ex.ports);
	channels(out, net, format);
	if (dot)
		fc_strbuf_addstr(out, "}\n");
}

void fc_graph_readme_section(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addstr(out, "\n## Graph\n\nOrganizations, their nodes and NodePorts, and "
	                      "the channels (`fabchart graph` draws the same).\n\n```mermaid\n");
	fc_graph_format(out, net, FC_GRAPH_MERMAID);
	fc_strbuf_addstr(out, "```\n");
}

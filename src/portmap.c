/*
 * portmap - the port map's formats; see portmap.h.
 */
#include "portmap.h"

#include <string.h>

int fc_portmap_parse_format(const char *name, enum fc_portmap_format *format)
{
	if (strcmp(name, "table") == 0)
		*format = FC_PORTMAP_TABLE;
	else if (strcmp(name, "csv") == 0)
		*format = FC_PORTMAP_CSV;
	else if (strcmp(name, "json") == 0)
		*format = FC_PORTMAP_JSON;
	else
		return -1;
	return 0;
}

/* The namespace of a port's Service: its organization's, or the explorer's. */
static const char *namespace_of(const struct fc_network *net, const struct fc_port *p)
{
	return p->org ? p->org->namespace : net->explorer_namespace;
}

/* The width of a column: at least width, else its longest value. */
static int widen(int width, const char *s)
{
	size_t len = strlen(s);
	return len > (size_t)width && len < 4096 ? (int)len : width;
}

/* Whether a port has an external address (externalHost): the ADDRESS column. */
static bool any_address(const struct fc_network *net)
{
	for (size_t i = 0; i < net->port_count; i++)
		if (net->ports[i].address)
			return true;
	return false;
}

static void format_table(struct fc_strbuf *out, const struct fc_network *net)
{
	int wn = 28, ws = 14, wc = 10, wp = 10; /* namespace, service, component, port name */
	bool addresses = any_address(net);
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		wn = widen(wn, namespace_of(net, p));
		ws = widen(ws, p->service);
		wc = widen(wc, p->component);
		wp = widen(wp, p->name);
	}
	fc_strbuf_addf(out, "%-*s %-*s %-*s %-*s %6s %8s %9s%s\n", wn, "NAMESPACE", ws, "SERVICE",
	               wc, "COMPONENT", wp, "PORT NAME", "PORT", "EXTERNAL", "NODEPORT",
	               addresses ? "  ADDRESS" : "");
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		fc_strbuf_addf(out, "%-*s %-*s %-*s %-*s %6u %8s ", wn, namespace_of(net, p), ws,
		               p->service, wc, p->component, wp, p->name, p->port,
		               p->external ? "yes" : "no");
		if (p->node_port)
			fc_strbuf_addf(out, "%9u", p->node_port);
		else
			fc_strbuf_addf(out, "%9s", "-");
		if (addresses)
			fc_strbuf_addf(out, "  %s", p->address ? p->address : "-");
		fc_strbuf_addch(out, '\n');
	}
}

static void format_csv(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addstr(out, "namespace,service,component,port_name,port,node_port,external\n");
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		fc_strbuf_addf(out, "%s,%s,%s,%s,%u,%u,%s\n", namespace_of(net, p), p->service,
		               p->component, p->name, p->port, p->node_port,
		               p->external ? "true" : "false");
	}
}

static void json_str(struct fc_strbuf *out, const char *s)
{
	fc_strbuf_add_json_string(out, s, strlen(s));
}

static void format_json(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addch(out, '[');
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		fc_strbuf_addstr(out, i ? ",{\"namespace\":" : "{\"namespace\":");
		json_str(out, p->org ? p->org->namespace : "");
		fc_strbuf_addstr(out, ",\"service\":");
		json_str(out, p->service);
		fc_strbuf_addstr(out, ",\"name\":");
		json_str(out, p->name);
		fc_strbuf_addf(out, ",\"port\":%u,\"nodePort\":%u,\"external\":%s", p->port,
		               p->node_port, p->external ? "true" : "false");
		if (p->address) { /* host:port outside, an IPv6 host in brackets */
			fc_strbuf_addstr(out, ",\"address\":");
			json_str(out, p->address);
		}
		fc_strbuf_addch(out, '}');
	}
	fc_strbuf_addch(out, ']');
}

static void format_markdown(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addstr(out,
	                 "| namespace | service | port | NodePort |\n| --- | --- | --- | --- |\n");
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		fc_strbuf_addf(out, "| %s | %s | %u (%s) | ", namespace_of(net, p), p->service,
		               p->port, p->name);
		if (p->node_port)
			fc_strbuf_addf(out, "%u |\n", p->node_port);
		else
			fc_strbuf_addstr(out, "- |\n");
	}
}

void fc_portmap_format(struct fc_strbuf *out, const struct fc_network *net,
                       enum fc_portmap_format format)
{
	switch (format) {
	case FC_PORTMAP_TABLE: format_table(out, net); break;
	case FC_PORTMAP_CSV: format_csv(out, net); break;
	case FC_PORTMAP_JSON: format_json(out, net); break;
	case FC_PORTMAP_MARKDOWN: format_markdown(out, net); break;
	}
}

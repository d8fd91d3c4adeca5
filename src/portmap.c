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

static void format_table(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addf(out, "%-28s %-14s %-10s %-10s %6s %9s\n", "NAMESPACE", "SERVICE",
	               "COMPONENT", "PORT NAME", "PORT", "NODEPORT");
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		fc_strbuf_addf(out, "%-28s %-14s %-10s %-10s %6u ", namespace_of(net, p),
		               p->service, p->component, p->name, p->port);
		if (p->node_port)
			fc_strbuf_addf(out, "%9u\n", p->node_port);
		else
			fc_strbuf_addf(out, "%9s\n", "-");
	}
}

static void format_csv(struct fc_strbuf *out, const struct fc_network *net)
{
	fc_strbuf_addstr(out, "namespace,service,component,port_name,port,node_port\n");
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		fc_strbuf_addf(out, "%s,%s,%s,%s,%u,%u\n", namespace_of(net, p), p->service,
		               p->component, p->name, p->port, p->node_port);
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
		fc_strbuf_addf(out, ",\"port\":%u,\"nodePort\":%u}", p->port, p->node_port);
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

/*
 * portmap - the network's port map (every Service port of every node and
 * the NodePort it is exposed on, and whether it is reachable from outside the
 * cluster: a NodePort, or a LoadBalancer Service) in each of its formats.
 * What is external is exactly what the NetworkPolicies admit from the
 * topology's outside sources (policy.h; tests/netpol/run_exposure.py).
 *
 * The one place that lays out a port map: `fabchart portmap` prints it
 * (table, CSV, the JSON array of the build summary) and the chart carries it
 * (files/portmap.csv, the README's Markdown table).  Formats append to a
 * strbuf and never print.  Rows come in the model's order (net->ports).
 */
#ifndef FC_PORTMAP_H
#define FC_PORTMAP_H

#include "model.h"
#include "strbuf.h"

enum fc_portmap_format {
	FC_PORTMAP_TABLE, /* aligned columns with a header line; '-' for no NodePort */
	FC_PORTMAP_CSV, /* namespace,service,component,port_name,port,node_port,external */
	FC_PORTMAP_JSON, /* [{"namespace":..,"service":..,"name":..,"port":..,"nodePort":..,
	                  *   "external":..}] */
	FC_PORTMAP_MARKDOWN, /* | namespace | service | port | NodePort | */
};

/* The format named "table", "csv" or "json" (the names `fabchart portmap
 * --format` takes) in *format; -1 for any other name. */
int fc_portmap_parse_format(const char *name, enum fc_portmap_format *format);

/* Appends the port map of net to out in the given format.  JSON is one array
 * without a line end, and the explorer's row has an empty namespace there. */
void fc_portmap_format(struct fc_strbuf *out, const struct fc_network *net,
                       enum fc_portmap_format format);

#endif

/*
 * graph - a picture of the network: organizations as clusters, their CAs,
 * peers, orderers and CLI pods (and the explorer) as nodes labelled with
 * the NodePorts they are exposed on, and each channel as a colored node
 * (the legend) linked in its color to every peer of its member
 * organizations and to the ordering service.
 *
 * Two text forms: Graphviz DOT (`fabchart graph`, SVG through `dot -Tsvg`)
 * and a Mermaid flowchart with one subgraph per organization (`fabchart
 * graph --format mermaid`, and the chart's README, which GitHub and Artifact
 * Hub render).  Built from the network model only; appends to a strbuf and
 * never prints.  Node and subgraph identifiers are generated (o1, o1p0,
 * ...), names appear only in quoted, escaped labels.
 */
#ifndef FC_GRAPH_H
#define FC_GRAPH_H

#include "model.h"
#include "strbuf.h"

enum fc_graph_format {
	FC_GRAPH_DOT, /* a Graphviz digraph */
	FC_GRAPH_MERMAID, /* a Mermaid `flowchart LR` */
};

/* The format named "dot" or "mermaid" in *format; -1 for any other name. */
int fc_graph_parse_format(const char *name, enum fc_graph_format *format);

/* Appends the graph of net to out in the given format (ends with a line end). */
void fc_graph_format(struct fc_strbuf *out, const struct fc_network *net,
                     enum fc_graph_format format);

/* The chart README's section: a "## Graph" heading and the Mermaid form in
 * a ```mermaid block (rendered by GitHub and Artifact Hub). */
void fc_graph_readme_section(struct fc_strbuf *out, const struct fc_network *net);

#endif

/*
 * chart_readme - the README.md of a chart: what the network is, how to
 * install it, its organizations, channels, a graph, the port map and its
 * values.  Appends to a strbuf the caller owns; never prints.
 */
#ifndef FC_CHART_README_H
#define FC_CHART_README_H

#include "model.h"
#include "strbuf.h"

/* Appends the README of net's chart; generator ("fabchart 0.1.0") and the
 * topology's sha256 (hex) are named in it. */
void fc_chart_readme_write(struct fc_strbuf *out, const struct fc_network *net,
                           const char *generator, const char *topology_sha256);

#endif

/*
 * chart_readme - the README.md of a chart: what the network is, how to
 * install it, its organizations, channels, a graph, the port map and its
 * values (the install-time knobs; the rest is pinned by values.schema.json).  Appends to a strbuf
 * the caller owns; never prints.
 */
#ifndef FC_CHART_README_H
#define FC_CHART_README_H

#include "model.h"
#include "strbuf.h"

/* Appends the README of net's chart, whose values tree is values (its
 * install-time knobs are listed); generator ("fabchart 0.1.0") and the
 * topology's sha256 (hex) are named in it.  arena holds scratch memory. */
void fc_chart_readme_write(struct fc_strbuf *out, struct fc_arena *arena,
                           const struct fc_network *net, const struct fc_node *values,
                           const char *generator, const char *topology_sha256);

#endif

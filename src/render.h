/*
 * render - network model + skeleton -> the chart's files, in memory.
 *
 * Writes Chart.yaml, values.yaml (fully derived, every string quoted, every
 * key documented by a comment that starts with its name), values.schema.json
 * (values_schema.h, derived from the same values tree so the two cannot
 * disagree), README.md (chart_readme.h), files/portmap.csv (portmap.h) and
 * files/topology.yaml (the topology as given, byte for byte), then the
 * skeleton's files.  Paths are relative to the chart
 * root; the packer adds the "<chart>/" prefix.  Output depends only on the
 * inputs: no time, no host, no randomness.
 */
#ifndef FC_RENDER_H
#define FC_RENDER_H

#include "fileset.h"
#include "model.h"

struct fc_render_options {
	const char *generator; /* e.g. "fabchart 0.1.0" */
	const char *topology_sha256; /* hex digest of the topology file */
	/* the topology file's exact bytes, written as files/topology.yaml (what
	 * `fabchart plan --from CHART.tgz` reads back); NULL: no such file */
	const char *topology;
	size_t topology_len;
	/* the network this chart replaces on `helm upgrade` (configUpdates,
	 * confupdate.h) and the plan's text (files/upgrade-plan.txt); NULL: none */
	const struct fc_network *previous;
	const char *upgrade_plan;
};

void fc_render_chart(struct fc_arena *arena, const struct fc_network *net,
                     const struct fc_fileset *skeleton, const struct fc_render_options *options,
                     struct fc_fileset *chart);

/* The values tree alone (for tests and `fabchart values`); its schema is
 * fc_values_schema_build (values_schema.h). */
struct fc_node *fc_render_values(struct fc_arena *arena, const struct fc_network *net);

/* osnadmin's port on every orderer (ordererSettings.adminPort), 0 before
 * channel participation (1.4). */
unsigned fc_render_admin_port(const struct fc_network *net);

#endif

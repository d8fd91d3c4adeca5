/*
 * plan_chart - the topology a chart carries, for `fabchart plan --from
 * CHART.tgz NEW`; see plan.h.
 *
 * fabchart writes the topology it built a chart from, byte for byte, as
 * files/topology.yaml (render.h), and its sha256 as the Chart.yaml
 * annotation fabchart.dev/topology-sha256.  The archive is read through
 * chartfile.h (tar.h underneath), within Helm's loader limits: 100 MiB of
 * tar in all, 5 MiB per file.  The file is checked against the annotation,
 * so a chart whose topology was edited after the build is refused rather
 * than planned from.
 */
#include "plan.h"

#include "chartfile.h"
#include "sha256.h"

#include <string.h>

#define TOPOLOGY_FILE "files/topology.yaml"
#define SHA_ANNOTATION "fabchart.dev/topology-sha256"

/* The annotation's value, or NULL. */
static const char *sha_annotation(const struct fc_chart_meta *meta)
{
	const struct fc_node *ann = fc_node_get(meta->chart_yaml, "annotations");
	const struct fc_node *v =
	        ann && ann->kind == FC_NODE_MAP ? fc_node_get(ann, SHA_ANNOTATION) : NULL;
	return v && v->kind != FC_NODE_MAP && v->kind != FC_NODE_SEQ ? v->text : NULL;
}

int fc_plan_chart_topology(struct fc_arena *arena, const char *chart_file, const void *tgz,
                           size_t len, struct fc_plan_source *out, struct fc_diags *diags)
{
	memset(out, 0, sizeof(*out));
	out->name = chart_file; /* until the chart's name is known */
	struct fc_chart_meta meta;
	if (fc_chart_read(arena, chart_file, tgz, len, &meta, diags) != 0)
		return -1;
	/* the name diagnostics give the archived file: CHART.tgz:fabric/files/topology.yaml */
	out->name = fc_arena_printf(arena, "%s:%s/%s", chart_file, meta.name, TOPOLOGY_FILE);
	struct fc_pos at = {out->name, 0, 0};
	if (fc_chart_read_file(arena, chart_file, tgz, len, TOPOLOGY_FILE, &out->text, &out->len,
	                       diags) != 0)
		return -1;
	if (!out->text) {
		fc_diag_error(diags, "plan-chart-topology", (struct fc_pos){chart_file, 0, 0}, NULL,
		              "the chart carries no %s/%s (it was built by an older fabchart, or "
		              "not by fabchart): give the OLD topology file instead of --from",
		              meta.name, TOPOLOGY_FILE);
		return -1;
	}
	const char *want = sha_annotation(&meta);
	if (!want) {
		fc_diag_error(diags, "plan-chart-topology", at, NULL,
		              "Chart.yaml has no annotation %s to check the topology against: "
		              "give the OLD topology file instead of --from",
		              SHA_ANNOTATION);
		return -1;
	}
	char got[FC_SHA256_HEX_SIZE];
	if (fc_sha256_hex(out->text, out->len, got) != 0) {
		fc_diag_error(diags, "internal", at, NULL, "cannot compute the topology's sha256");
		return -1;
	}
	if (strcmp(got, want) != 0) {
		fc_diag_error(diags, "plan-chart-tampered", at, NULL,
		              "the topology is not the one the chart was built from: its sha256 is "
		              "%s, Chart.yaml's annotation %s says %s",
		              got, SHA_ANNOTATION, want);
		return -1;
	}
	return 0;
}

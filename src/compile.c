/*
 * compile - the pipeline; see compile.h.
 */
#include "compile.h"

#include "ccpackage.h"
#include "chaincode.h"
#include "embedded.h"
#include "fabnames.h"
#include "inventory.h"
#include "json.h"
#include "k8sname.h"
#include "load.h"
#include "pack.h"
#include "render.h"
#include "schema.h"
#include "skeleton.h"

#include <string.h>

#define TOPOLOGY_SCHEMA "schemas/topology.schema.json"

const char *fc_version(void)
{
	return FC_VERSION;
}

const char *fc_topology_schema_text(size_t *len)
{
	const struct fc_embedded_file *f = fc_embedded_find(TOPOLOGY_SCHEMA);
	*len = f ? (size_t)f->size : 0;
	return f ? f->data : "";
}

static int validate_topology(struct fc_arena *arena, const struct fc_node *document,
                             struct fc_diags *diags)
{
	size_t len;
	const char *text = fc_topology_schema_text(&len);
	struct fc_node *schema_doc;
	struct fc_schema *schema = NULL;
	/* the embedded schema is ours: any problem with it is an internal error */
	struct fc_diags internal;
	fc_diags_init(&internal, arena);
	/* read without a file name: an installed fabchart has no schemas/ directory,
	 * so schema notes name the keyword by the schema's $id and a pointer only */
	int rc = fc_json_parse(arena, NULL, text, len, NULL, &schema_doc, &internal);
	if (rc == 0)
		rc = fc_schema_compile(&schema, schema_doc, NULL, &internal);
	if (rc != 0) {
		fc_diag_error(diags, "internal", (struct fc_pos){0}, NULL,
		              "the embedded topology schema does not compile (%zu errors)",
		              internal.errors);
		fc_diags_release(&internal);
		return -1;
	}
	fc_diags_release(&internal);
	rc = fc_schema_validate(schema, document, diags);
	fc_schema_free(schema);
	return rc;
}

/* Ends a stage: promotes warnings under werror; true when the stage failed. */
static bool stage_failed(struct fc_diags *diags, size_t errors_before, bool werror)
{
	if (werror)
		fc_diags_promote_warnings(diags);
	return diags->errors > errors_before;
}

int fc_compile(struct fc_arena *arena, const char *file, const char *text, size_t len,
               const struct fc_compile_options *options, struct fc_compile_result *result,
               struct fc_diags *diags)
{
	size_t errors = diags->errors;
	memset(result, 0, sizeof(*result));
	fc_strbuf_init(&result->archive);
	if (fc_load_yaml(arena, file, text, len, NULL, &result->document, diags) != 0 ||
	    stage_failed(diags, errors, options->werror))
		return -1;
	if (validate_topology(arena, result->document, diags) != 0 ||
	    stage_failed(diags, errors, options->werror))
		return -1;
	if (fc_model_build(arena, result->document, diags, &result->network) != 0 ||
	    stage_failed(diags, errors, options->werror))
		return -1;
	struct fc_network *net = result->network;
	if (fc_chaincode_build(arena, net, result->document, diags) != 0 ||
	    stage_failed(diags, errors, options->werror))
		return -1;
	if (options->chart_version)
		net->chart_version = options->chart_version;
	/* every object the chart makes, against Kubernetes' and Fabric's naming rules */
	struct fc_inventory inv;
	fc_inventory_collect(arena, net, result->document, NULL, &inv);
	fc_k8sname_check(arena, &inv, diags);
	fc_fabnames_check(arena, net, result->document, &inv, diags);
	fc_inventory_release(&inv);
	if (stage_failed(diags, errors, options->werror))
		return -1;
	/* after the checks: a rejected input costs no digest */
	if (fc_sha256_hex(text, len, result->topology_sha256) != 0) {
		fc_diag_error(diags, "internal", (struct fc_pos){file, 0, 0}, NULL,
		              "cannot compute the topology's sha256");
		return -1;
	}
	result->archive_name =
	        fc_arena_printf(arena, "%s-%s.tgz", net->chart_name, net->chart_version);
	/* the skeleton is read even to validate: validate runs every check of build */
	struct fc_fileset skeleton = {0};
	if (options->skeleton_dir) {
		if (fc_skeleton_load_dir(arena, options->skeleton_dir, &skeleton, diags) != 0)
			return -1;
	} else {
		fc_skeleton_embedded(arena, &skeleton);
	}
	/* a skeleton provides templates; the files the compiler writes stay its own */
	static const char *const generated[] = {"Chart.yaml",
	                                        "values.yaml",
	                                        "values.schema.json",
	                                        "README.md",
	                                        "files/portmap.csv",
	                                        "files/crypto-config.yaml",
	                                        "files/configtx.yaml",
	                                        "files/identities.plan",
	                                        "files/topology.yaml",
	                                        "files/upgrade-plan.txt",
	                                        "files/crypto-servers.yaml"};
	for (size_t i = 0; i < skeleton.count; i++)
		for (size_t j = 0; j < sizeof(generated) / sizeof(generated[0]); j++)
			if (strcmp(skeleton.files[i].path, generated[j]) == 0)
				fc_diag_error(diags, "skeleton-file",
				              (struct fc_pos){options->skeleton_dir, 0, 0}, NULL,
				              "the skeleton holds '%s', which fabchart generates; "
				              "remove it from the skeleton",
				              generated[j]);
	/* folders whose files fabchart generates: chaincode packages, rules and dashboards */
	static const char *const generated_dirs[] = {"files/chaincode/", "files/monitoring/"};
	for (size_t i = 0; i < skeleton.count; i++)
		for (size_t j = 0; j < sizeof(generated_dirs) / sizeof(generated_dirs[0]); j++)
			if (strncmp(skeleton.files[i].path, generated_dirs[j],
			            strlen(generated_dirs[j])) == 0)
				fc_diag_error(diags, "skeleton-file",
				              (struct fc_pos){options->skeleton_dir, 0, 0}, NULL,
				              "the skeleton holds '%s'; %s holds files fabchart "
				              "generates",
				              skeleton.files[i].path, generated_dirs[j]);
	if (stage_failed(diags, errors, options->werror))
		return -1;
	if (options->goal == FC_GOAL_VALIDATE)
		return 0;
	/* the packages' IDs go into the values */
	if (fc_ccpackage_build_all(arena, net, diags) != 0)
		return -1;
	struct fc_render_options ropt = {
	        fc_arena_printf(arena, "fabchart %s", fc_version()),
	        result->topology_sha256,
	        text,
	        len,
	        options->previous,
	        options->upgrade_plan,
	};
	fc_render_chart(arena, net, &skeleton, &ropt, &result->chart);
	if (options->goal == FC_GOAL_RENDER)
		return 0;
	return fc_pack_chart(&result->chart, net->chart_name, options->mtime, &result->archive,
	                     diags);
}

/*
 * cli_build - the commands on a topology: build (and --sign), validate (a
 * topology, or files against --schema), schema, portmap; each one's usage
 * text next to its options.  See cli_private.h.
 *
 * build and validate print the diagnostics and a summary of the network as
 * text (stderr, stdout) or, with --format json, one JSON object on stdout.
 */
#include "cli_private.h"

#include "semver.h"

#include "chartfile.h"
#include "compile.h"
#include "json.h"
#include "load.h"
#include "output.h"
#include "portmap.h"
#include "plan.h"
#include "prov.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>

int fc_cli_check_text_json(const char *usage, const char *value, struct fc_cli_options *opt)
{
	if (strcmp(value, "text") != 0 && strcmp(value, "json") != 0)
		return fc_cli_usage_error(usage, "--format must be text or json, not '%s'", value);
	opt->json = strcmp(value, "json") == 0;
	return 0;
}

static int check_chart_version(const char *usage, const char *value, struct fc_cli_options *opt)
{
	(void)opt;
	if (!fc_is_semver(value))
		return fc_cli_usage_error(usage, "--chart-version '%s' is not a SemVer 2 version",
		                          value);
	if (fc_semver_compare(value, "0.0.0-0") <= 0) /* helm lint: ">0.0.0-0" */
		return fc_cli_usage_error(usage, "--chart-version must be above 0.0.0-0, not '%s'",
		                          value);
	return 0;
}

const char fc_cli_build_usage[] =
        "usage: fabchart build TOPO [-o DIR] [--chart-version V] [--force]\n"
        "                      [--format text|json] [--skeleton DIR] [--Werror]\n"
        "                      [--sign --key NAME [--keyring DIR]] [--from CHART.tgz]\n"
        "\n"
        "Checks TOPO (YAML), then writes DIR/<chart>-<version>.tgz atomically and\n"
        "prints a summary. Nothing is written when any error is reported.\n"
        "\n"
        "  -o, --output DIR       output directory (default: out)\n"
        "  --chart-version V      chart version (SemVer 2), overriding the topology's\n"
        "  --force                replace an existing chart of that name whose content\n"
        "                         differs (an identical one is left as it is)\n"
        "  --format text|json     summary and diagnostics as text (default) or as one\n"
        "                         JSON object on stdout\n"
        "  --skeleton DIR         templates from DIR instead of the built-in skeleton\n"
        "  --Werror               treat warnings as errors\n"
        "  --sign                 also write DIR/<chart>-<version>.tgz.prov, the\n"
        "                         provenance file `helm verify` checks (OpenPGP\n"
        "                         clear-signed by GnuPG; always rewritten)\n"
        "  --key NAME             the secret key to sign with (user ID, e-mail,\n"
        "                         key ID or fingerprint; exactly one must match)\n"
        "  --keyring DIR          the GnuPG home holding the key (default:\n"
        "                         $GNUPGHOME or ~/.gnupg)\n"
        "  --from CHART.tgz       the chart this one replaces on `helm upgrade`: the\n"
        "                         channel config updates from its topology to TOPO\n"
        "                         become post-upgrade Jobs, with the plan's text\n"
        "                         (refused when `fabchart plan --from` refuses)\n"
        "  -h, --help             this help\n"
        "\n"
        "Archive entries carry SOURCE_DATE_EPOCH as their time when it is set, else 0:\n"
        "the same topology always gives the same bytes.\n";
const struct fc_cli_option fc_cli_build_options[] = {
        FC_CLI_OPT_VALUE("output", 'o', output_dir, NULL),
        FC_CLI_OPT_VALUE("chart-version", 0, chart_version, check_chart_version),
        FC_CLI_OPT_FLAG("force", force),
        FC_CLI_OPT_VALUE("format", 0, format_name, fc_cli_check_text_json),
        FC_CLI_OPT_VALUE("skeleton", 0, skeleton_dir, NULL),
        FC_CLI_OPT_FLAG("Werror", werror),
        FC_CLI_OPT_FLAG("sign", sign),
        FC_CLI_OPT_VALUE("from", 0, from, NULL),
        FC_CLI_OPT_VALUE("key", 0, key, NULL),
        FC_CLI_OPT_VALUE("keyring", 0, keyring, NULL),
        FC_CLI_OPT_END,
};

const char fc_cli_validate_usage[] =
        "usage: fabchart validate TOPO [--format text|json] [--Werror]\n"
        "       fabchart validate --schema SCHEMA FILE... [--format text|json]\n"
        "                         [--format-assertion]\n"
        "\n"
        "The first form runs every check of `build` on TOPO and writes nothing.\n"
        "The second validates each YAML or JSON FILE (`-` is stdin) against the JSON\n"
        "Schema SCHEMA (draft 2020-12 or draft-07, JSON or YAML): exit 0 when every\n"
        "file is valid, 1 when any is not.\n"
        "\n"
        "  --schema SCHEMA        validate FILEs against SCHEMA\n"
        "  --format-assertion     check formats (date-time, ipv4, hostname, ...)\n"
        "  --format text|json     diagnostics as text (default) or JSON\n"
        "  --Werror               treat warnings as errors\n"
        "  -h, --help             this help\n";
const struct fc_cli_option fc_cli_validate_options[] = {
        FC_CLI_OPT_VALUE("format", 0, format_name, fc_cli_check_text_json),
        FC_CLI_OPT_FLAG("Werror", werror),
        FC_CLI_OPT_VALUE("schema", 0, schema, NULL),
        FC_CLI_OPT_FLAG("format-assertion", format_assertion),
        FC_CLI_OPT_VALUE("skeleton", 0, skeleton_dir, NULL), /* as build's; not in the usage */
        FC_CLI_OPT_END,
};

const char fc_cli_schema_usage[] =
        "usage: fabchart schema\n"
        "\n"
        "Prints the topology JSON Schema (2020-12). Editors use it through a first\n"
        "line `# yaml-language-server: $schema=<path or URL of this schema>`.\n"
        "Installed, it is also PREFIX/share/fabchart/topology.schema.json\n"
        "(the Debian package: /usr/share/fabchart/topology.schema.json).\n";
const struct fc_cli_option fc_cli_schema_options[] = {FC_CLI_OPT_END};

const char fc_cli_portmap_usage[] =
        "usage: fabchart portmap TOPO [--format table|csv|json]\n"
        "\n"
        "Prints the port map of the network: every Service port of every node, with\n"
        "the NodePort it is exposed on (the seed's scheme) or '-' when it is not.\n"
        "The same table is in the chart (files/portmap.csv, README.md, NOTES.txt).\n"
        "\n"
        "  --format table|csv|json  aligned table (default), CSV or JSON\n"
        "  -h, --help               this help\n";
const struct fc_cli_option fc_cli_portmap_options[] = {
        FC_CLI_OPT_VALUE("format", 0, format_name, NULL), /* checked by fc_cli_run_portmap */
        FC_CLI_OPT_END,
};

static void json_str(struct fc_strbuf *sb, const char *s)
{
	fc_strbuf_add_json_string(sb, s, strlen(s));
}

/* ---- build, validate ------------------------------------------------------- */

/* Prints the outcome of a topology command and returns its exit status. */
static int finish(struct fc_cli_run *r, const char *command, const struct fc_compile_result *res,
                  const char *written, const char *how, const char *prov)
{
	int status = fc_cli_exit_status(&r->diags);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (r->opt.json) {
		fc_diags_sort(&r->diags);
		fc_strbuf_addf(&sb, "{\"command\":\"%s\",\"ok\":%s,", command,
		               status == FC_EXIT_OK ? "true" : "false");
		if (written) {
			fc_strbuf_addstr(&sb, "\"output\":");
			json_str(&sb, written);
			fc_strbuf_addf(&sb, ",\"outputStatus\":\"%s\",\"bytes\":%zu,", how,
			               res->archive.len);
		}
		if (prov) {
			fc_strbuf_addstr(&sb, "\"provenance\":");
			json_str(&sb, prov);
			fc_strbuf_addch(&sb, ',');
		}
		if (status == FC_EXIT_OK && res->network) {
			fc_cli_summary_json(&sb, res->network);
			fc_strbuf_addch(&sb, ',');
		}
		fc_diags_format_json_members(&sb, &r->diags);
		fc_strbuf_addstr(&sb, "}\n");
	} else {
		fc_cli_print_diagnostics(r);
		if (written)
			fc_strbuf_addf(&sb, "%s %s (%zu bytes)\n", how, written, res->archive.len);
		if (prov)
			fc_strbuf_addf(&sb, "signed %s\n", prov);
		if (status == FC_EXIT_OK && res->network)
			fc_cli_summary_text(&sb, res->network);
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	fc_strbuf_release(&sb);
	return status;
}

/* The signed provenance of the chart just compiled, in *prov; -1 with a
 * diagnostic when it cannot be made. */
static int sign_chart(struct fc_cli_run *r, const struct fc_compile_result *res,
                      struct fc_strbuf *prov)
{
	const struct fc_file *chart_yaml = fc_fileset_find(&res->chart, "Chart.yaml");
	struct fc_strbuf body = FC_STRBUF_INIT;
	int status = -1;
	if (!chart_yaml) {
		struct fc_pos none = {NULL, 0, 0};
		fc_diag_error(&r->diags, "internal", none, NULL, "the chart has no Chart.yaml");
	} else if (fc_prov_body(chart_yaml->data, chart_yaml->size, res->archive_name,
	                        res->archive.buf, res->archive.len, &body, &r->diags) == 0) {
		status = fc_prov_sign(body.buf, body.len, r->opt.key, r->opt.keyring, prov,
		                      &r->diags);
	}
	fc_strbuf_release(&body);
	return status;
}

/* Writes the chart (and its provenance) into -o DIR; *written and *how say
 * what became of it, *prov_written of the provenance. */
static void write_chart(struct fc_cli_run *r, const struct fc_compile_result *res,
                        const struct fc_strbuf *prov, const char **written, const char **how,
                        const char **prov_written)
{
	const char *dir = r->opt.output_dir;
	enum fc_output_result out;
	if (fc_output_write(dir, res->archive_name, res->archive.buf, res->archive.len,
	                    r->opt.force, &out, &r->diags) == 0) {
		*written = fc_arena_printf(&r->arena, "%s/%s", dir, res->archive_name);
		*how = out == FC_OUTPUT_WRITTEN    ? "wrote"
		       : out == FC_OUTPUT_REPLACED ? "replaced"
		                                   : "unchanged";
	}
	const char *prov_name = fc_arena_printf(&r->arena, "%s.prov", res->archive_name);
	if (*written && r->opt.sign &&
	    fc_output_write(dir, prov_name, prov->buf, prov->len, true, &out, &r->diags) == 0)
		*prov_written = fc_arena_printf(&r->arena, "%s/%s", dir, prov_name);
}

/*
 * build --from CHART.tgz: the network CHART was built from (*old) and the
 * plan's text from it to TOPO (text, len) into copt; -1 with an error when
 * the chart cannot give its topology or the plan refuses a change (its
 * diagnostics are `fabchart plan --from`'s).
 */
static int upgrade_from(struct fc_cli_run *r, const char *path, const char *text, size_t len,
                        struct fc_compile_options *copt)
{
	struct fc_plan_source old = {0};
	if (fc_cli_plan_old(r, NULL, &old) != 0)
		return -1;
	struct fc_diags scratch;
	fc_diags_init(&scratch, &r->arena);
	struct fc_plan plan = {0};
	struct fc_plan_options popt = {.allow_removal = false};
	struct fc_compile_options vopt = {.goal = FC_GOAL_VALIDATE};
	struct fc_compile_result old_res = {0};
	fc_strbuf_init(&old_res.archive);
	int rc = fc_plan_topologies(&r->arena, old.name, old.text, old.len, path, text, len, &popt,
	                            &plan, &scratch);
	if (rc == 0 && scratch.errors == 0)
		rc = fc_compile(&r->arena, old.name, old.text, old.len, &vopt, &old_res, &scratch);
	fc_strbuf_release(&old_res.archive);
	if (rc != 0 || scratch.errors) {
		fc_diag_error(&r->diags, "upgrade-refused", (struct fc_pos){r->opt.from, 0, 0},
		              NULL,
		              "the move from the topology of this chart to %s is refused or a "
		              "topology is rejected: `fabchart plan --from %s %s` says why",
		              path, r->opt.from, path);
		fc_diags_release(&scratch);
		return -1;
	}
	fc_diags_release(&scratch);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	fc_strbuf_addf(&sb, "$ fabchart plan --from %s %s\n", r->opt.from, path);
	fc_cli_plan_text(&sb, &plan);
	copt->upgrade_plan = fc_arena_strdup(&r->arena, sb.buf);
	copt->previous = old_res.network;
	fc_strbuf_release(&sb);
	return 0;
}

/* build or validate TOPO (command says which) */
static int run_topology(struct fc_cli_run *r, const char *command, const char *usage, int nargs,
                        char **args)
{
	if (nargs != 1)
		return fc_cli_usage_error(usage, "%s",
		                          nargs ? "give exactly one topology file"
		                                : "a topology file is required");
	bool build = strcmp(command, "build") == 0;
	struct fc_compile_options copt = {
	        .goal = build ? FC_GOAL_PACK : FC_GOAL_VALIDATE,
	        .chart_version = r->opt.chart_version,
	        .skeleton_dir = r->opt.skeleton_dir,
	        .werror = r->opt.werror,
	};
	/* build's usage for validate too, as ever */
	int status = fc_cli_source_date(fc_cli_build_usage, 0, &copt.mtime);
	if (status != 0)
		return status;
	if (r->opt.sign && !r->opt.key)
		return fc_cli_usage_error(usage, "%s", "--sign needs --key NAME");
	if (!r->opt.sign && (r->opt.key || r->opt.keyring))
		return fc_cli_usage_error(usage, "%s",
		                          "--key and --keyring apply only with --sign");
	const char *path = args[0];
	struct fc_compile_result res = {0};
	fc_strbuf_init(&res.archive);
	struct fc_strbuf prov = FC_STRBUF_INIT;
	const char *text;
	size_t len;
	const char *written = NULL, *how = NULL, *prov_written = NULL;
	if (fc_cli_read_input(r, path, FC_CLI_INPUT_MAX, &text, &len) == 0) {
		r->source_file = path;
		r->source = text;
		r->source_len = len;
		/* signed before anything is written: a failure writes nothing */
		if ((!build || !r->opt.from || upgrade_from(r, path, text, len, &copt) == 0) &&
		    fc_compile(&r->arena, path, text, len, &copt, &res, &r->diags) == 0 && build &&
		    (!r->opt.sign || sign_chart(r, &res, &prov) == 0))
			write_chart(r, &res, &prov, &written, &how, &prov_written);
	}
	status = finish(r, command, &res, written, how, prov_written);
	fc_strbuf_release(&prov);
	fc_strbuf_release(&res.archive);
	return status;
}

int fc_cli_run_build(struct fc_cli_run *r, int nargs, char **args)
{
	return run_topology(r, "build", fc_cli_build_usage, nargs, args);
}

/* ---- validate --schema, schema ----------------------------------------------- */

/* Parses a file as JSON when it looks like JSON, else as YAML. */
static int load_any(struct fc_cli_run *r, const char *path, struct fc_node **doc)
{
	const char *text;
	size_t len;
	if (fc_cli_read_input(r, path, FC_CLI_INPUT_MAX, &text, &len) != 0)
		return -1;
	if (fc_cli_is_json(path, text, len))
		return fc_json_parse(&r->arena, path, text, len, NULL, doc, &r->diags);
	return fc_load_yaml(&r->arena, path, text, len, NULL, doc, &r->diags);
}

static int validate_schema(struct fc_cli_run *r, int nfiles, char **files)
{
	if (nfiles < 1)
		return fc_cli_usage_error(fc_cli_validate_usage, "%s",
		                          "--schema needs at least one FILE");
	struct fc_node *schema_doc;
	struct fc_schema *schema = NULL;
	struct fc_schema_options sopt = {.format_assertion = r->opt.format_assertion};
	size_t invalid = 0;
	if (load_any(r, r->opt.schema, &schema_doc) == 0 &&
	    fc_schema_compile(&schema, schema_doc, &sopt, &r->diags) == 0) {
		for (int i = 0; i < nfiles; i++) {
			struct fc_node *doc;
			size_t before = r->diags.errors;
			if (load_any(r, files[i], &doc) == 0)
				fc_schema_validate(schema, doc, &r->diags);
			invalid += r->diags.errors > before;
		}
		fc_schema_free(schema);
	}
	int status = fc_cli_exit_status(&r->diags);
	if (r->opt.json) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		fc_diags_sort(&r->diags);
		fc_strbuf_addf(&sb,
		               "{\"command\":\"validate\",\"ok\":%s,\"files\":%d,\"invalid\":%zu,",
		               status == FC_EXIT_OK ? "true" : "false", nfiles, invalid);
		fc_diags_format_json_members(&sb, &r->diags);
		fc_strbuf_addstr(&sb, "}\n");
		fwrite(sb.buf, 1, sb.len, stdout);
		fc_strbuf_release(&sb);
	} else {
		fc_cli_print_diagnostics(r);
		if (status == FC_EXIT_OK)
			printf("%d file%s valid against %s\n", nfiles, nfiles == 1 ? "" : "s",
			       r->opt.schema);
	}
	return status;
}

int fc_cli_run_validate(struct fc_cli_run *r, int nargs, char **args)
{
	if (r->opt.schema)
		return validate_schema(r, nargs, args);
	return run_topology(r, "validate", fc_cli_validate_usage, nargs, args);
}

int fc_cli_run_schema(struct fc_cli_run *r, int nargs, char **args)
{
	(void)r;
	(void)nargs;
	(void)args;
	size_t len;
	const char *text = fc_topology_schema_text(&len);
	fwrite(text, 1, len, stdout);
	return ferror(stdout) ? FC_EXIT_IO : FC_EXIT_OK;
}

/* ---- portmap ------------------------------------------------------------------ */

const struct fc_network *fc_cli_load_network(struct fc_cli_run *r, const char *path)
{
	struct fc_compile_options copt = {.goal = FC_GOAL_VALIDATE};
	struct fc_compile_result res = {0};
	fc_strbuf_init(&res.archive); /* released even when the file cannot be read */
	const char *text;
	size_t len;
	const struct fc_network *net = NULL;
	if (fc_cli_read_input(r, path, FC_CLI_INPUT_MAX, &text, &len) == 0 &&
	    fc_compile(&r->arena, path, text, len, &copt, &res, &r->diags) == 0)
		net = res.network;
	fc_strbuf_release(&res.archive);
	return net;
}

const struct fc_network *fc_cli_one_network(struct fc_cli_run *r, const char *usage, int nargs,
                                            char **args, int *status)
{
	if (nargs != 1) {
		*status = fc_cli_usage_error(usage, "%s",
		                             nargs ? "give exactly one topology file"
		                                   : "a topology file is required");
		return NULL;
	}
	const struct fc_network *net = fc_cli_load_network(r, args[0]);
	fc_cli_print_diagnostics(r);
	*status = fc_cli_exit_status(&r->diags);
	return net;
}

int fc_cli_run_portmap(struct fc_cli_run *r, int nargs, char **args)
{
	const char *usage = fc_cli_portmap_usage;
	enum fc_portmap_format format = FC_PORTMAP_TABLE;
	if (r->opt.format_name && fc_portmap_parse_format(r->opt.format_name, &format) != 0)
		return fc_cli_usage_error(usage, "--format must be table, csv or json, not '%s'",
		                          r->opt.format_name);
	int status;
	const struct fc_network *net = fc_cli_one_network(r, usage, nargs, args, &status);
	if (!net)
		return status;
	struct fc_strbuf out = FC_STRBUF_INIT;
	if (format == FC_PORTMAP_JSON) {
		fc_strbuf_addch(&out, '{');
		fc_cli_summary_json(&out, net); /* the network summary, its port map included */
		fc_strbuf_addstr(&out, "}\n");
	} else {
		fc_portmap_format(&out, net, format);
	}
	status = fwrite(out.buf, 1, out.len, stdout) == out.len ? fc_cli_exit_status(&r->diags)
	                                                        : FC_EXIT_IO;
	fc_strbuf_release(&out);
	return status;
}

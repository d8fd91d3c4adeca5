/*
 * cli_values - `fabchart values CHART.tgz [-f FILE]... [--set K=V]...
 * [--set-string K=V]...`: a chart's values merged as Helm merges them and
 * checked against the chart's values.schema.json, with positions in the
 * user's files (helmvalues.h).  See cli_private.h.
 */
#include "cli_private.h"

#include "chartfile.h"
#include "emit.h"
#include "helmvalues.h"

#include <stdio.h>
#include <string.h>

#define CHART_MAX ((size_t)100 << 20) /* Helm's loader: 100 MiB per chart */
#define VALUES_FILE_MAX ((size_t)5 << 20) /* Helm's loader: 5 MiB per file */

const char fc_cli_values_usage[] =
        "usage: fabchart values CHART.tgz [-f FILE]... [--set K=V]...\n"
        "                       [--set-string K=V]... [--print] [--format text|json]\n"
        "\n"
        "Merges values as `helm install CHART -f FILE --set K=V` does and checks the\n"
        "result against the chart's values.schema.json: the chart's values.yaml,\n"
        "then each FILE in order (YAML read as Helm reads it: yes/no/on/off are\n"
        "booleans), then every --set, then every --set-string; a key set to null\n"
        "deletes the chart's default.  Errors point into FILE, or at --set:N:COL\n"
        "(the N-th --set or --set-string option, column COL of its argument).\n"
        "Exit 0 when Helm would accept the values, 1 when it would not.\n"
        "\n"
        "  -f, --values FILE      a values file (`-` is stdin); may be repeated\n"
        "  --set K=V              a value, typed as Helm types it (true, false,\n"
        "                         null, integers); may be repeated\n"
        "  --set-string K=V       a value kept as a string; may be repeated\n"
        "  --print                print the merged values (YAML) on stdout\n"
        "  --format text|json     diagnostics as text (default) or JSON\n"
        "  -h, --help             this help\n";
const struct fc_cli_option fc_cli_values_options[] = {
        FC_CLI_OPT_LIST("values", 'f', values_files),
        FC_CLI_OPT_LIST("set", 0, set),
        FC_CLI_OPT_LIST("set-string", 0, set_string),
        FC_CLI_OPT_FLAG("print", print),
        FC_CLI_OPT_VALUE("format", 0, format_name, fc_cli_check_text_json),
        FC_CLI_OPT_END,
};

/* The chart file name (e.g. values.yaml) in the archive, as text; NULL when
 * absent.  -1 with a [chart-invalid] error. */
static int chart_file(struct fc_cli_run *r, const char *chart, const char *data, size_t len,
                      const char *name, const char **text, size_t *text_len)
{
	return fc_chart_read_file(&r->arena, chart, data, len, name, text, text_len, &r->diags);
}

/* Helm's steps (helmvalues.h): files, then --set, then --set-string. */
static int merge_user_values(struct fc_cli_run *r, struct fc_helmvalues *hv)
{
	const struct fc_cli_list *files = &r->opt.values_files;
	for (size_t i = 0; i < files->count; i++) {
		const char *text;
		size_t len;
		if (fc_cli_read_input(r, files->items[i], VALUES_FILE_MAX, &text, &len) != 0 ||
		    fc_helmvalues_add_file(hv, files->items[i], text, len) != 0)
			return -1;
	}
	for (size_t i = 0; i < r->opt.set.count; i++)
		if (fc_helmvalues_add_set(hv, r->opt.set.items[i], false) != 0)
			return -1;
	for (size_t i = 0; i < r->opt.set_string.count; i++)
		if (fc_helmvalues_add_set(hv, r->opt.set_string.items[i], true) != 0)
			return -1;
	return 0;
}

int fc_cli_run_values(struct fc_cli_run *r, int nargs, char **args)
{
	if (nargs != 1)
		return fc_cli_usage_error(fc_cli_values_usage, "%s",
		                          nargs ? "give exactly one chart"
		                                : "a chart (.tgz) is required");
	const char *chart = args[0];
	const char *data, *defaults = NULL, *schema = NULL;
	size_t len, defaults_len = 0, schema_len = 0;
	struct fc_helmvalues hv;
	struct fc_node *merged = NULL;
	fc_helmvalues_init(&hv, &r->arena, &r->diags);
	if (fc_cli_read_input(r, chart, CHART_MAX, &data, &len) == 0 &&
	    chart_file(r, chart, data, len, "values.yaml", &defaults, &defaults_len) == 0 &&
	    chart_file(r, chart, data, len, "values.schema.json", &schema, &schema_len) == 0 &&
	    merge_user_values(r, &hv) == 0) {
		const char *dname = fc_arena_printf(&r->arena, "%s:values.yaml", chart);
		const char *sname = fc_arena_printf(&r->arena, "%s:values.schema.json", chart);
		fc_helmvalues_check(&hv, dname, defaults ? defaults : "", defaults_len, sname,
		                    schema, schema_len, &merged);
	}
	int status = fc_cli_exit_status(&r->diags);
	if (r->opt.json) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		fc_diags_sort(&r->diags);
		fc_strbuf_addf(&sb, "{\"command\":\"values\",\"ok\":%s,",
		               status == FC_EXIT_OK ? "true" : "false");
		fc_diags_format_json_members(&sb, &r->diags);
		fc_strbuf_addstr(&sb, "}\n");
		fwrite(sb.buf, 1, sb.len, stdout);
		fc_strbuf_release(&sb);
		return status;
	}
	fc_cli_print_diagnostics(r);
	if (status == FC_EXIT_OK && r->opt.print && merged) {
		struct fc_strbuf sb = FC_STRBUF_INIT;
		fc_emit_yaml(&sb, merged);
		fwrite(sb.buf, 1, sb.len, stdout);
		fc_strbuf_release(&sb);
	} else if (status == FC_EXIT_OK) {
		printf("values accepted by %s%s\n", chart,
		       schema ? "'s values.schema.json" : " (it has no values.schema.json)");
	}
	return status;
}

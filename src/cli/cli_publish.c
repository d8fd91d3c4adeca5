/*
 * cli_publish - the commands that publish charts: `repo index` (an HTTP
 * chart repository's index.yaml, repoindex.h) and `push` (an OCI registry,
 * oci.h); each one's usage text next to its options.  See cli_private.h.
 */
#include "cli_private.h"

#include "chartfile.h"
#include "oci.h"
#include "output.h"
#include "regcreds.h"
#include "repoindex.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CHART_MAX ((size_t)100 << 20) /* Helm's loader: 100 MiB per chart */

const char fc_cli_repo_usage[] =
        "usage: fabchart repo index DIR [--url URL] [--merge OLD]\n"
        "\n"
        "Writes DIR/index.yaml as `helm repo index` does: an entry for every chart\n"
        "archive (*.tgz) in DIR and one directory level down, grouped by name, newest\n"
        "version first (SemVer 2), with its Chart.yaml fields, `urls`, `digest` (sha256\n"
        "of the exact bytes) and `created`. A .tgz that is not a valid chart is\n"
        "reported and skipped. `created` and `generated` are SOURCE_DATE_EPOCH when it\n"
        "is set (a reproducible index), else the current time.\n"
        "\n"
        "  --url URL              base URL of the charts (default: relative URLs)\n"
        "  --merge OLD            keep the entries of the index OLD that no chart in\n"
        "                         DIR replaces (same name and version: DIR wins)\n"
        "  -h, --help             this help\n";
const struct fc_cli_option fc_cli_repo_options[] = {
        FC_CLI_OPT_VALUE("url", 0, url, NULL),
        FC_CLI_OPT_VALUE("merge", 0, merge, NULL),
        FC_CLI_OPT_END,
};

const char fc_cli_push_usage[] =
        "usage: fabchart push CHART.tgz oci://HOST[:PORT]/PATH [--plain-http]\n"
        "                     [--username U --password-stdin]\n"
        "\n"
        "Uploads the chart to the OCI registry HOST as `helm push` does: repository\n"
        "PATH/<chart name>, tag = the chart version with '+' as '_'; CHART.tgz.prov,\n"
        "when present, goes along as the provenance layer. An existing tag holding\n"
        "the same chart is left as it is; one holding another chart is an error.\n"
        "Basic and bearer-token authentication (the registry's challenge decides).\n"
        "Without --username, the credentials `helm registry login` or `docker login`\n"
        "saved for HOST are used ($HELM_REGISTRY_CONFIG, else\n"
        "~/.config/helm/registry/config.json; $DOCKER_CONFIG/config.json, else\n"
        "~/.docker/config.json).\n"
        "\n"
        "  --plain-http           http:// instead of https://\n"
        "  --username U           the registry user\n"
        "  --password-stdin       read the password (or token) from stdin\n"
        "  -h, --help             this help\n";
const struct fc_cli_option fc_cli_push_options[] = {
        FC_CLI_OPT_FLAG("plain-http", plain_http),
        FC_CLI_OPT_VALUE("username", 0, username, NULL),
        FC_CLI_OPT_FLAG("password-stdin", password_stdin),
        FC_CLI_OPT_END,
};

int fc_cli_run_repo(struct fc_cli_run *r, int nargs, char **args)
{
	const char *usage = fc_cli_repo_usage;
	if (nargs < 1 || strcmp(args[0], "index") != 0)
		return fc_cli_usage_error(usage, "%s",
		                          nargs ? "the repo command is 'repo index DIR'"
		                                : "a repo subcommand is required (index)");
	if (nargs != 2)
		return fc_cli_usage_error(usage, "%s",
		                          nargs > 2 ? "give exactly one directory"
		                                    : "a directory is required");
	struct fc_repo_index_options ropt = {.url = r->opt.url, .merge = r->opt.merge};
	int status = fc_cli_source_date(usage, time(NULL), &ropt.created);
	if (status != 0)
		return status;
	const char *dir = args[1];
	struct fc_strbuf index = FC_STRBUF_INIT;
	size_t indexed, kept;
	enum fc_output_result out;
	bool ok =
	        fc_repo_index_dir(&r->arena, dir, &ropt, &index, &indexed, &kept, &r->diags) == 0 &&
	        fc_output_write(dir, "index.yaml", index.buf, index.len, true, &out, &r->diags) ==
	                0;
	fc_strbuf_release(&index);
	fc_cli_print_diagnostics(r);
	if (ok) {
		printf("wrote %s/index.yaml: %zu chart%s", dir, indexed, indexed == 1 ? "" : "s");
		if (r->opt.merge)
			printf(", %zu entr%s kept from %s", kept, kept == 1 ? "y" : "ies",
			       r->opt.merge);
		putchar('\n');
	}
	return fc_cli_exit_status(&r->diags);
}

/* Reads a whole file into the arena; -1 with an [io] error. */
static int read_whole(struct fc_cli_run *r, const char *path, size_t max, const char **data,
                      size_t *len)
{
	if (fc_cli_read_input(r, path, max, data, len) != 0)
		return -1;
	if (*len > max) {
		struct fc_pos at = {path, 0, 0};
		fc_diag_error(&r->diags, "io", at, NULL, "larger than %zu MiB", max >> 20);
		return -1;
	}
	return 0;
}

/* The password from stdin, without its line end, in popt->password; -1 with
 * an [io] error. */
static int read_password(struct fc_cli_run *r, struct fc_oci_push_options *popt)
{
	const char *password;
	size_t len;
	if (read_whole(r, "-", 1 << 16, &password, &len) != 0)
		return -1;
	while (len && (password[len - 1] == '\n' || password[len - 1] == '\r'))
		len--;
	popt->password = fc_arena_strndup(&r->arena, password, len);
	return 0;
}

int fc_cli_run_push(struct fc_cli_run *r, int nargs, char **args)
{
	const char *usage = fc_cli_push_usage;
	if (nargs != 2)
		return fc_cli_usage_error(usage, "%s",
		                          "give a chart archive and an oci:// reference");
	struct fc_oci_ref ref;
	if (fc_oci_parse_ref(&r->arena, args[1], &ref) != 0)
		return fc_cli_usage_error(usage, "'%s' is not oci://HOST[:PORT]/PATH", args[1]);
	if (r->opt.password_stdin != (r->opt.username != NULL))
		return fc_cli_usage_error(usage, "%s",
		                          "--username and --password-stdin go together");
	struct fc_oci_push_options popt = {.plain_http = r->opt.plain_http,
	                                   .username = r->opt.username};
	int status = fc_cli_source_date(usage, time(NULL), &popt.created);
	if (status != 0)
		return status;
	const char *tgz, *prov = NULL;
	size_t tgz_len, prov_len = 0;
	struct fc_chart_meta meta;
	struct fc_oci_report report;
	const char *prov_path = fc_arena_printf(&r->arena, "%s.prov", args[0]);
	struct stat st;
	const char *saved_in;
	if (!r->opt.username &&
	    fc_regcreds_find(&r->arena, ref.host, &popt.username, &popt.password, &saved_in))
		fprintf(stderr, "fabchart: using the credentials for %s saved in %s\n", ref.host,
		        saved_in);
	bool ok = !r->opt.password_stdin || read_password(r, &popt) == 0;
	ok = ok && read_whole(r, args[0], CHART_MAX, &tgz, &tgz_len) == 0 &&
	     fc_chart_read(&r->arena, args[0], tgz, tgz_len, &meta, &r->diags) == 0;
	if (ok && stat(prov_path, &st) == 0)
		ok = read_whole(r, prov_path, 1 << 20, &prov, &prov_len) == 0;
	ok = ok && fc_oci_push(&r->arena, &ref, &meta, tgz, tgz_len, prov, prov_len, &popt, &report,
	                       &r->diags) == 0;
	fc_cli_print_diagnostics(r);
	if (ok && report.outcome == FC_OCI_UNCHANGED)
		printf("unchanged %s: the tag already holds this chart (%s)\n", report.reference,
		       report.digest);
	else if (ok)
		printf("pushed %s%s\ndigest: %s\n", report.reference,
		       prov ? " with its provenance" : "", report.digest);
	return fc_cli_exit_status(&r->diags);
}

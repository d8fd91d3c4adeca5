/*
 * cli_netpol - `fabchart netpol`: reads Kubernetes manifests (files,
 * directories, stdin) or the chart of a topology, and prints the allowed
 * connections (netpol.h) or compares them with an expected list; its usage
 * text next to its options.  Diagnostics always go to stderr.  See
 * cli_private.h.
 */
#include "cli_private.h"

#include "inventory.h"
#include "json.h"
#include "load.h"
#include "netpol.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAX ((size_t)64 << 20) /* a file of manifests, an EXPECT list */

const char fc_cli_netpol_usage[] =
        "usage: fabchart netpol [FILE|DIR|-]... [--format text|csv|json|dot]\n"
        "                       [--check EXPECT] [--run-once]\n"
        "       fabchart netpol --topology TOPO [--format ...] [--check EXPECT]\n"
        "\n"
        "Reads Kubernetes manifests (YAML streams such as `helm template` output, or\n"
        "JSON) and prints every allowed connection between their workloads, and from\n"
        "and to addresses outside the cluster, as NetworkPolicy semantics give them:\n"
        "`ns/name[Kind] => ns/name[Kind] : TCP 7051,UDP 53`, one line per pair, sorted.\n"
        "A DIR stands for its .yaml, .yml and .json files (sorted, subdirectories\n"
        "included); `-` or no argument reads stdin. All inputs form one cluster.\n"
        "Only long-running workloads count: Pods and workloads annotated\n"
        "helm.sh/hook (Helm hooks, helm test pods) and Job and CronJob objects are\n"
        "left out, so `helm template CHART | fabchart netpol --check EXPECT` needs\n"
        "no other flag (pods a Job controls, as a live cluster lists them, count).\n"
        "\n"
        "  --format text|csv|json|dot\n"
        "                         the connection list (default), CSV, JSON, or a\n"
        "                         Graphviz graph with a cluster per namespace\n"
        "  --topology TOPO        analyse the chart fabchart builds from TOPO: its\n"
        "                         namespaces, long-running workloads and\n"
        "                         NetworkPolicies (Helm hooks, which run once, are\n"
        "                         left out; with exposure.type Ingress, a stand-in\n"
        "                         <namespace>/controller for the ingress controller)\n"
        "  --check EXPECT         compare with the connection list in EXPECT (text\n"
        "                         format, any order): exit 1 and print the lines\n"
        "                         missing (-) and unexpected (+) when they differ\n"
        "  --run-once             analyse hooks, helm test pods, Jobs and CronJobs\n"
        "                         too\n"
        "  -h, --help             this help\n";
const struct fc_cli_option fc_cli_netpol_options[] = {
        FC_CLI_OPT_VALUE("format", 0, format_name, NULL), /* checked by fc_cli_run_netpol */
        FC_CLI_OPT_VALUE("check", 0, check, NULL),
        FC_CLI_OPT_VALUE("topology", 0, topology, NULL),
        FC_CLI_OPT_FLAG("run-once", run_once),
        FC_CLI_OPT_END,
};

static bool is_manifest_name(const char *name)
{
	const char *ext = strrchr(name, '.');
	return name[0] != '.' && ext &&
	       (strcmp(ext, ".yaml") == 0 || strcmp(ext, ".yml") == 0 || strcmp(ext, ".json") == 0);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the manifest files under dir (sorted by name at each level; hidden
 * entries skipped) to *paths; -1 with an [io] error when dir is unreadable. */
static int list_manifests(struct fc_cli_run *r, const char *dir, unsigned depth,
                          const char ***paths, size_t *n, size_t *alloc)
{
	struct fc_pos at = {dir, 0, 0};
	DIR *d = opendir(dir);
	if (!d) {
		fc_diag_error(&r->diags, "io", at, NULL, "cannot read directory: %s",
		              strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t count = 0, names_alloc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		fc_xgrow((void **)&names, &names_alloc, count + 1, sizeof(*names));
		names[count++] = fc_arena_strdup(&r->arena, e->d_name);
	}
	closedir(d);
	if (count > 1)
		qsort(names, count, sizeof(*names), compare_names);
	int status = 0;
	for (size_t i = 0; i < count && status == 0; i++) {
		const char *path = fc_arena_printf(&r->arena, "%s/%s", dir, names[i]);
		struct stat st;
		if (stat(path, &st) != 0)
			continue; /* a dangling link */
		if (S_ISDIR(st.st_mode)) {
			if (depth < 16)
				status = list_manifests(r, path, depth + 1, paths, n, alloc);
		} else if (S_ISREG(st.st_mode) && is_manifest_name(names[i])) {
			fc_xgrow((void **)paths, alloc, *n + 1, sizeof(**paths));
			(*paths)[(*n)++] = path;
		}
	}
	free(names);
	return status;
}

/* Reads one file of manifests (JSON, or a YAML stream) into np. */
static void add_manifests(struct fc_cli_run *r, struct fc_netpol *np, const char *path)
{
	const char *text;
	size_t len;
	if (fc_cli_read_input(r, path, MANIFEST_MAX, &text, &len) != 0)
		return;
	if (fc_cli_is_json(path, text, len)) {
		struct fc_load_limits limits = fc_load_default_limits;
		limits.max_bytes = MANIFEST_MAX;
		struct fc_node *doc;
		if (fc_json_parse(&r->arena, path, text, len, &limits, &doc, &r->diags) == 0)
			fc_netpol_add_object(np, doc, &r->diags);
		return;
	}
	struct fc_node **docs;
	size_t ndocs;
	if (fc_load_yaml_stream(&r->arena, path, text, len, MANIFEST_MAX, &docs, &ndocs,
	                        &r->diags) != 0)
		return;
	for (size_t k = 0; k < ndocs; k++)
		fc_netpol_add_object(np, docs[k], &r->diags);
}

/* Compares the text list with EXPECT and prints the verdict. */
static int check_connections(struct fc_cli_run *r, const struct fc_strbuf *actual)
{
	const char *expected;
	size_t len;
	if (fc_cli_read_input(r, r->opt.check, MANIFEST_MAX, &expected, &len) != 0) {
		fc_cli_print_diagnostics(r);
		return fc_cli_exit_status(&r->diags);
	}
	struct fc_strbuf diff = FC_STRBUF_INIT;
	bool same = fc_netpol_compare(expected, len, actual->buf, actual->len, &diff);
	size_t missing = 0, extra = 0, lines = 0;
	for (size_t i = 0; i < diff.len; i++)
		if (i == 0 || diff.buf[i - 1] == '\n') {
			if (diff.buf[i] == '-')
				missing++;
			else
				extra++;
		}
	for (size_t i = 0; i < actual->len; i++)
		lines += actual->buf[i] == '\n';
	if (same)
		printf("%zu connection%s as expected in %s\n", lines, lines == 1 ? "" : "s",
		       r->opt.check);
	else
		printf("connections differ from %s: %zu expected but not allowed (-), %zu allowed "
		       "but not expected (+)\n%s",
		       r->opt.check, missing, extra, diff.buf);
	fc_strbuf_release(&diff);
	return same ? FC_EXIT_OK : FC_EXIT_REJECTED;
}

/* Adds the manifests of FILE, DIR and "-" arguments (none: stdin) to np. */
static void add_inputs(struct fc_cli_run *r, struct fc_netpol *np, int nargs, char **args)
{
	const char **paths = NULL;
	size_t npaths = 0, alloc = 0;
	static char stdin_name[] = "-";
	char *no_args[] = {stdin_name};
	if (nargs == 0) {
		nargs = 1;
		args = no_args;
		if (isatty(STDIN_FILENO))
			fputs("fabchart: reading manifests from stdin (Ctrl-D to end)...\n",
			      stderr);
	}
	for (int i = 0; i < nargs; i++) {
		struct stat st;
		size_t before = npaths;
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (list_manifests(r, args[i], 0, &paths, &npaths, &alloc) == 0 &&
			    npaths == before) {
				struct fc_pos at = {args[i], 0, 0};
				fc_diag_error(&r->diags, "io", at, NULL,
				              "no .yaml, .yml or .json file in the directory");
			}
			continue;
		}
		fc_xgrow((void **)&paths, &alloc, npaths + 1, sizeof(*paths));
		paths[npaths++] = args[i];
	}
	if (!r->diags.errors)
		for (size_t i = 0; i < npaths; i++)
			add_manifests(r, np, paths[i]);
	free(paths);
}

/* Analyses the objects added to np and prints the result (or the --check
 * verdict, or the errors); returns the exit status. */
static int report(struct fc_cli_run *r, struct fc_netpol *np, enum fc_netpol_format format)
{
	if (r->diags.errors || fc_netpol_analyze(np, &r->diags) != 0) {
		fc_cli_print_diagnostics(r);
		return fc_cli_exit_status(&r->diags);
	}
	fc_cli_print_diagnostics(r); /* warnings */
	struct fc_strbuf out = FC_STRBUF_INIT;
	fc_netpol_format(np, format, &out);
	int status;
	if (r->opt.check)
		status = check_connections(r, &out);
	else
		status = fwrite(out.buf, 1, out.len, stdout) == out.len ? FC_EXIT_OK : FC_EXIT_IO;
	fc_strbuf_release(&out);
	return status;
}

/*
 * exposure.type Ingress: the controller's namespace and a pod in it, as the
 * stand-in for what the NetworkPolicies admit there (policy.c: by the label
 * kubernetes.io/metadata.name), so that --topology lists what the controller
 * reaches: "<namespace>/controller[Deployment] => ...".
 */
static void add_ingress_controller(struct fc_cli_run *r, struct fc_netpol *np,
                                   const struct fc_network *net)
{
	const char *ns = net->ingress.namespace;
	const char *text = fc_arena_printf(
	        &r->arena,
	        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n  labels:\n"
	        "    kubernetes.io/metadata.name: %s\n---\n"
	        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: controller\n"
	        "  namespace: %s\nspec:\n  selector:\n    matchLabels: {app.kubernetes.io/name: "
	        "ingress-controller}\n  template:\n    metadata:\n      labels: "
	        "{app.kubernetes.io/name: ingress-controller}\n    spec:\n      containers:\n"
	        "        - {name: controller, image: ingress-controller}\n",
	        ns, ns, ns);
	struct fc_node **docs;
	size_t ndocs;
	if (fc_load_yaml_stream(&r->arena, "<ingress controller>", text, strlen(text), MANIFEST_MAX,
	                        &docs, &ndocs, &r->diags) != 0)
		return;
	for (size_t k = 0; k < ndocs; k++)
		fc_netpol_add_object(np, docs[k], &r->diags);
}

int fc_cli_run_netpol(struct fc_cli_run *r, int nargs, char **args)
{
	const char *usage = fc_cli_netpol_usage;
	enum fc_netpol_format format = FC_NETPOL_TEXT;
	if (r->opt.format_name && fc_netpol_parse_format(r->opt.format_name, &format) != 0)
		return fc_cli_usage_error(usage,
		                          "--format must be text, csv, json or dot, not '%s'",
		                          r->opt.format_name);
	if (r->opt.check && format != FC_NETPOL_TEXT)
		return fc_cli_usage_error(usage, "--check compares the text format, not '%s'",
		                          r->opt.format_name);
	if (r->opt.topology && nargs)
		return fc_cli_usage_error(usage, "--topology takes no manifest files ('%s')",
		                          args[0]);
	if (r->opt.topology && r->opt.run_once)
		return fc_cli_usage_error(usage, "--run-once reads manifests; the chart of "
		                                 "--topology has only its long-running workloads");
	struct fc_netpol *np = fc_netpol_new(&r->arena);
	fc_netpol_skip_run_once(np, !r->opt.run_once);
	if (r->opt.topology) {
		const struct fc_network *net = fc_cli_load_network(r, r->opt.topology);
		struct fc_node **objects;
		size_t n = net ? fc_inventory_build(&r->arena, net, &objects) : 0;
		for (size_t i = 0; i < n; i++)
			fc_netpol_add_object(np, objects[i], &r->diags);
		if (net && net->exposure == FC_EXPOSURE_INGRESS)
			add_ingress_controller(r, np, net);
	} else {
		add_inputs(r, np, nargs, args);
	}
	int status = report(r, np, format);
	fc_netpol_free(np);
	return status;
}

/*
 * cli - the command-line front end: the command table, option parsing,
 * dispatch, help and --version, and what every command shares (usage
 * errors, diagnostics, exit status, reading inputs); see cli.h and
 * cli_private.h.
 *
 * Commands: build (and --sign), validate (a topology, or any files against
 * --schema), schema, portmap (cli_build.c), plan (cli_plan.c), netpol (cli_netpol.c), repo
 * index, push (cli_publish.c), help, and --version.  Diagnostics go to stderr
 * (text) or, with --format json, into the one JSON object printed on stdout
 * (netpol: always stderr).  Exit status: 0 ok, 1 input rejected, 2 usage,
 * 3 I/O or library failure, 4 internal, 5 plan: manual steps remain.
 */
#include "cli.h"

#include "cli_private.h"
#include "compile.h"
#include "output.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_head[] = "usage: fabchart <command> [options]\n"
                                 "\n"
                                 "Compiles a Hyperledger Fabric topology into a Helm chart.\n"
                                 "\n"
                                 "commands:\n";
static const char usage_tail[] =
        "  help [COMMAND]   show help\n"
        "\n"
        "options: -h, --help (also after a command), --version\n"
        "exit status: 0 ok, 1 input rejected, 2 usage error, 3 I/O or library\n"
        "failure, 4 internal error, 5 plan: manual steps remain\n"
        "diagnostics: file:line:col: error: message [code], sorted; at most 200\n"
        "are shown (the first found), the rest are counted\n";

const struct fc_cli_command fc_cli_commands[] = {
        {"init", "  init [FILE]      write a commented starting topology (asks on a terminal)\n",
         fc_cli_init_usage, fc_cli_init_options, fc_cli_run_init, 0},
        {"build", "  build TOPO       check the topology and write DIR/<chart>-<version>.tgz\n",
         fc_cli_build_usage, fc_cli_build_options, fc_cli_run_build, 0},
        {"validate",
         "  validate TOPO    run every check of build, write nothing\n"
         "  validate --schema SCHEMA FILE...\n"
         "                   validate YAML or JSON files against a JSON Schema\n",
         fc_cli_validate_usage, fc_cli_validate_options, fc_cli_run_validate, 0},
        {"schema", "  schema           print the topology JSON Schema (for editors)\n",
         fc_cli_schema_usage, fc_cli_schema_options, fc_cli_run_schema, FC_CLI_NO_ARGS},
        {"portmap", "  portmap TOPO     print the port map (Services, ports, NodePorts)\n",
         fc_cli_portmap_usage, fc_cli_portmap_options, fc_cli_run_portmap, 0},
        {"graph", "  graph TOPO       print the network as a graph (DOT, SVG, Mermaid)\n",
         fc_cli_graph_usage, fc_cli_graph_options, fc_cli_run_graph, 0},
        {"plan",
         "  plan OLD NEW     the migration from one topology to the next: automatic,\n"
         "                   step (commands printed) or refused; exit 0, 5 or 1\n",
         fc_cli_plan_usage, fc_cli_plan_options, fc_cli_run_plan, 0},
        {"netpol",
         "  netpol [FILE|DIR|-]...\n"
         "                   print which workload may reach which (NetworkPolicy)\n",
         fc_cli_netpol_usage, fc_cli_netpol_options, fc_cli_run_netpol, 0},
        {"repo", "  repo index DIR   write DIR/index.yaml for an HTTP chart repository\n",
         fc_cli_repo_usage, fc_cli_repo_options, fc_cli_run_repo, 0},
        {"push",
         "  push CHART.tgz oci://HOST[:PORT]/PATH\n"
         "                   upload a chart (and its .prov) to an OCI registry\n",
         fc_cli_push_usage, fc_cli_push_options, fc_cli_run_push, 0},
        {"values",
         "  values CHART.tgz [-f FILE]... [--set K=V]...\n"
         "                   check values as `helm install -f FILE --set K=V` would\n",
         fc_cli_values_usage, fc_cli_values_options, fc_cli_run_values, 0},
        {NULL, NULL, NULL, NULL, NULL, 0},
};

const struct fc_cli_command *fc_cli_find_command(const char *name)
{
	for (const struct fc_cli_command *c = fc_cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* `fabchart --help`: its command list is the table's. */
static void print_main_usage(FILE *f)
{
	fputs(usage_head, f);
	for (const struct fc_cli_command *c = fc_cli_commands; c->name; c++)
		fputs(c->summary, f);
	fputs(usage_tail, f);
}

static void on_oom(size_t requested)
{
	fprintf(stderr, "fabchart: error: out of memory (%zu bytes)\n", requested);
	exit(FC_EXIT_IO);
}

int fc_cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fabchart: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	if (usage)
		fputs(usage, stderr);
	else
		print_main_usage(stderr);
	return FC_EXIT_USAGE;
}

int fc_cli_exit_status(const struct fc_diags *diags)
{
	int status = diags->errors ? FC_EXIT_REJECTED : FC_EXIT_OK;
	for (size_t i = 0; i < diags->count; i++) {
		const struct fc_diag *d = diags->items[i];
		if (d->severity != FC_SEVERITY_ERROR)
			continue;
		if (strcmp(d->code, "internal") == 0)
			return FC_EXIT_INTERNAL;
		if (strcmp(d->code, "io") == 0 || strcmp(d->code, "archive") == 0 ||
		    strcmp(d->code, "sign") == 0 || strcmp(d->code, "oci-network") == 0 ||
		    strcmp(d->code, "oci-registry") == 0)
			status = FC_EXIT_IO;
	}
	return status;
}

void fc_cli_print_diagnostics(struct fc_cli_run *r)
{
	fc_diags_sort(&r->diags);
	bool carets = isatty(STDERR_FILENO);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	for (size_t i = 0; i < r->diags.count; i++) {
		const struct fc_diag *d = r->diags.items[i];
		bool ours = carets && r->source && d->pos.file && r->source_file &&
		            strcmp(d->pos.file, r->source_file) == 0;
		fc_diag_format_text(&sb, d, ours ? r->source : NULL, ours ? r->source_len : 0);
	}
	if (r->diags.omitted)
		fc_strbuf_addf(
		        &sb, "fabchart: %zu more diagnostic%s not shown (the first %d found are)\n",
		        r->diags.omitted, r->diags.omitted == 1 ? "" : "s", FC_DIAGS_MAX);
	if (r->diags.errors || r->diags.warnings)
		fc_strbuf_addf(&sb, "%zu error%s, %zu warning%s\n", r->diags.errors,
		               r->diags.errors == 1 ? "" : "s", r->diags.warnings,
		               r->diags.warnings == 1 ? "" : "s");
	fwrite(sb.buf, 1, sb.len, stderr);
	fc_strbuf_release(&sb);
}

int fc_cli_read_input(struct fc_cli_run *r, const char *path, size_t max, const char **text,
                      size_t *len)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	bool truncated;
	if (fc_read_file(path, max, &sb, &truncated, &r->diags) != 0) {
		fc_strbuf_release(&sb);
		return -1;
	}
	*len = sb.len;
	*text = fc_arena_memdup(&r->arena, sb.buf, sb.len + 1);
	fc_strbuf_release(&sb);
	return 0;
}

bool fc_cli_is_json(const char *path, const char *text, size_t len)
{
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
		i++;
	const char *ext = strrchr(path, '.');
	return (ext && strcmp(ext, ".json") == 0) || (i < len && text[i] == '{');
}

int fc_cli_source_date(const char *usage, time_t fallback, time_t *when)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	*when = fallback;
	if (!env || !*env)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(env, &end, 10);
	if (errno || *end || v < 0 || v > 077777777777LL) /* what USTAR's mtime field holds */
		return fc_cli_usage_error(usage,
		                          "SOURCE_DATE_EPOCH '%s' is not a number of seconds", env);
	*when = (time_t)v;
	return 0;
}

/* ---- options ---------------------------------------------------------------- */

#define OPTIONS_MAX 48 /* distinct long options of all commands, --help included */

/* getopt_long's view: every command's options (the first declaration of a
 * name), so that one of another command is recognised and refused by name.
 * Its val is OPT_BASE + its index in names[]. */
enum { OPT_BASE = 256 };
static struct option long_options[OPTIONS_MAX + 1];
static const struct fc_cli_option *names[OPTIONS_MAX];
static char short_options[2 * OPTIONS_MAX + 3];

static void init_options(void)
{
	if (long_options[0].name)
		return;
	size_t n = 0, s = 0;
	short_options[s++] = ':'; /* a missing value is ':', not '?' */
	for (const struct fc_cli_command *c = fc_cli_commands; c->name; c++)
		for (const struct fc_cli_option *o = c->options; o->name; o++) {
			size_t i = 0;
			while (i < n && strcmp(names[i]->name, o->name) != 0)
				i++;
			if (i < n || n == OPTIONS_MAX - 1)
				continue;
			names[n] = o;
			long_options[n] = (struct option){
			        o->name, o->arg != FC_CLI_FLAG ? required_argument : no_argument,
			        NULL, OPT_BASE + (int)n};
			n++;
			if (o->short_name) {
				short_options[s++] = (char)o->short_name;
				if (o->arg != FC_CLI_FLAG)
					short_options[s++] = ':';
			}
		}
	long_options[n] = (struct option){"help", no_argument, NULL, 'h'};
	short_options[s] = 'h';
}

/* The option getopt_long returned as c in command's table, or NULL. */
static const struct fc_cli_option *command_option(const struct fc_cli_command *command, int c)
{
	for (const struct fc_cli_option *o = command->options; o->name; o++)
		if (c >= OPT_BASE ? strcmp(o->name, names[c - OPT_BASE]->name) == 0
		                  : o->short_name == c)
			return o;
	return NULL;
}

/* True when the option getopt_long returned as c takes a value. */
static bool takes_value(int c)
{
	if (c >= OPT_BASE)
		return long_options[c - OPT_BASE].has_arg == required_argument;
	const char *s = strchr(short_options + 1, c);
	return s && s[1] == ':';
}

/*
 * Parses a command's options into r->opt.  Returns -1 when the command
 * should exit with *status (a usage error, or --help).
 */
static int parse_options(const struct fc_cli_command *command, int argc, char **argv,
                         struct fc_cli_run *r, int *status)
{
	struct fc_cli_options *opt = &r->opt;
	init_options();
	opt->output_dir = "out";
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
		const char *usage = command->usage;
		if (c == 'h') {
			fputs(usage, stdout);
			*status = FC_EXIT_OK;
			return -1;
		}
		if (c == ':') {
			*status = fc_cli_usage_error(usage, "option '%s' needs a value",
			                             argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			*status =
			        fc_cli_usage_error(usage, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
		const struct fc_cli_option *o = command_option(command, c);
		if (!o) {
			/* as written: `--key K` names --key, not K */
			bool apart = optarg && optind >= 2 && optarg == argv[optind - 1] &&
			             takes_value(c);
			*status = fc_cli_usage_error(usage,
			                             "option '%s' does not apply to this command",
			                             argv[optind - (apart ? 2 : 1)]);
			return -1;
		}
		char *field = (char *)opt + o->field;
		if (o->arg == FC_CLI_FLAG) {
			*(bool *)(void *)field = true;
		} else if (o->arg == FC_CLI_LIST) {
			struct fc_cli_list *list = (struct fc_cli_list *)(void *)field;
			if (!list->items) /* room for every argument */
				list->items =
				        fc_arena_array(&r->arena, (size_t)argc, sizeof(char *));
			list->items[list->count++] = optarg;
		} else {
			*(const char **)(void *)field = optarg;
		}
		if (o->check && (*status = o->check(usage, optarg, opt)) != 0)
			return -1;
	}
	return 0;
}

/* ---- dispatch ----------------------------------------------------------------- */

static int run_command(const struct fc_cli_command *command, int argc, char **argv)
{
	struct fc_cli_run r = {0};
	fc_arena_init(&r.arena);
	fc_diags_init(&r.diags, &r.arena);
	int status;
	if (parse_options(command, argc, argv, &r, &status) == 0) {
		int nargs = argc - optind;
		char **args = argv + optind;
		if ((command->flags & FC_CLI_NO_ARGS) && nargs)
			status = fc_cli_usage_error(command->usage, "unexpected argument '%s'",
			                            args[0]);
		else
			status = command->run(&r, nargs, args);
	}
	fc_diags_release(&r.diags);
	fc_arena_release(&r.arena);
	return status;
}

int fc_cli_main(int argc, char **argv)
{
	fc_set_oom_handler(on_oom);
	if (argc < 2) {
		print_main_usage(stderr);
		return FC_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0) {
		printf("fabchart %s\n", fc_version());
		return FC_EXIT_OK;
	}
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
		print_main_usage(stdout);
		return FC_EXIT_OK;
	}
	if (strcmp(name, "help") == 0) {
		if (argc == 2) {
			print_main_usage(stdout);
			return FC_EXIT_OK;
		}
		if (strcmp(argv[2], "help") == 0) {
			fputs("usage: fabchart help [COMMAND]\n\nShows the commands, or the usage "
			      "of COMMAND (as `fabchart COMMAND --help`).\n",
			      stdout);
			return FC_EXIT_OK;
		}
		const struct fc_cli_command *command = fc_cli_find_command(argv[2]);
		if (!command)
			return fc_cli_usage_error(NULL, "unknown command '%s'", argv[2]);
		fputs(command->usage, stdout);
		return FC_EXIT_OK;
	}
	const struct fc_cli_command *command = fc_cli_find_command(name);
	if (!command)
		return fc_cli_usage_error(NULL, "unknown command '%s'", name);
	int status = run_command(command, argc - 1, argv + 1);
	if (fflush(stdout) != 0 && status == FC_EXIT_OK)
		status = FC_EXIT_IO;
	return status;
}

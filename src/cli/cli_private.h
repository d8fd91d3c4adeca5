/*
 * cli_private - what the front end's files share (src/cli/, not the library).
 *
 * The front end is one table of commands (cli.c): per command its name, its
 * line in `fabchart --help`, its usage text, the options it takes, the
 * function that runs it and flags.  A command's usage text and option table
 * are declared next to each other in the file that runs the command:
 * cli_build.c (build, validate, schema, portmap), cli_init.c (init),
 * cli_netpol.c (netpol), cli_plan.c (plan),
 * cli_publish.c (repo index, push); cli_summary.c formats the network
 * summary that build, validate and portmap print.  cli.c parses the options
 * (getopt_long over every command's options, so that an option of another
 * command is refused as such) and dispatches.
 *
 * Ownership: a run's arena owns everything a command allocates; the strings
 * in fc_cli_options point into argv.  Commands print (stdout for results,
 * stderr for diagnostics) and return the exit status (enum fc_exit); they
 * never exit.
 */
#ifndef FC_CLI_PRIVATE_H
#define FC_CLI_PRIVATE_H

#include "arena.h"
#include "cli.h"
#include "diag.h"
#include "model.h"
#include "strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define FC_CLI_INPUT_MAX ((size_t)1 << 20) /* a topology, a schema, a file to validate */

/* An option that may be repeated: its values in the order given. */
struct fc_cli_list {
	const char **items; /* into argv; in the run's arena */
	size_t count;
};

/* The values of every command's options (each command reads its own). */
struct fc_cli_options {
	const char *output_dir; /* build -o; "out" unless given */
	const char *chart_version;
	const char *skeleton_dir;
	const char *schema; /* validate --schema; init --schema */
	const char *check; /* netpol --check */
	const char *format_name; /* --format as given */
	const char *topology; /* netpol --topology */
	const char *key; /* build --key */
	const char *keyring; /* build --keyring */
	const char *url; /* repo index --url */
	const char *merge; /* repo index --merge */
	const char *username; /* push --username */
	struct fc_cli_list values_files; /* values -f */
	struct fc_cli_list set; /* values --set */
	struct fc_cli_list set_string; /* values --set-string */
	const char *init_name; /* init --name, --fabric, ... as given */
	const char *init_fabric;
	const char *init_consensus;
	const char *init_orgs;
	const char *init_peers;
	const char *init_storage;
	const char *init_exposure;
	bool json; /* --format json where text|json is checked while parsing */
	bool force;
	bool werror;
	bool format_assertion;
	bool sign;
	bool plain_http;
	bool password_stdin;
	bool print; /* values --print */
	bool run_once; /* netpol --run-once: hooks, tests, Jobs and CronJobs too */
	bool allow_removal; /* plan --allow-removal */
	const char *from; /* plan and build --from CHART.tgz */
};

/* Checks an option's value (already stored) and may derive fields from it;
 * returns 0, or the exit status of the usage error it printed. */
typedef int fc_cli_check_fn(const char *usage, const char *value, struct fc_cli_options *opt);

enum fc_cli_arg {
	FC_CLI_FLAG, /* sets a bool */
	FC_CLI_VALUE, /* stores its value, a const char * into argv */
	FC_CLI_LIST, /* appends its value to a struct fc_cli_list */
};

/* One option of a command; a table of them ends with a NULL name. */
struct fc_cli_option {
	const char *name; /* --name */
	int short_name; /* -x, or 0 */
	enum fc_cli_arg arg;
	size_t field; /* offsetof the bool or const char * in struct fc_cli_options */
	fc_cli_check_fn *check; /* NULL, or run on the value once stored */
};

#define FC_CLI_OPT_FLAG(name, field)                                                 \
	{                                                                            \
		(name), 0, FC_CLI_FLAG, offsetof(struct fc_cli_options, field), NULL \
	}
#define FC_CLI_OPT_VALUE(name, short_name, field, check)                                    \
	{                                                                                   \
		(name), (short_name), FC_CLI_VALUE, offsetof(struct fc_cli_options, field), \
		        (check)                                                             \
	}
#define FC_CLI_OPT_LIST(name, short_name, field)                                                \
	{                                                                                       \
		(name), (short_name), FC_CLI_LIST, offsetof(struct fc_cli_options, field), NULL \
	}
#define FC_CLI_OPT_END                        \
	{                                     \
		NULL, 0, FC_CLI_FLAG, 0, NULL \
	}

/* Everything one run shares: the arena, diagnostics, and sources for carets. */
struct fc_cli_run {
	struct fc_arena arena;
	struct fc_diags diags;
	struct fc_cli_options opt;
	const char *source_file; /* the file whose text is source, for carets */
	const char *source;
	size_t source_len;
};

enum fc_cli_flags {
	FC_CLI_NO_ARGS = 1 << 0, /* takes no argument (the dispatcher says so) */
};

struct fc_cli_command {
	const char *name;
	const char *summary; /* its lines under "commands:" in `fabchart --help` */
	const char *usage; /* `fabchart help NAME`, `fabchart NAME --help` */
	const struct fc_cli_option *options; /* besides -h, --help */
	int (*run)(struct fc_cli_run *r, int nargs, char **args);
	unsigned flags; /* enum fc_cli_flags */
};

/* The commands, in the order `fabchart --help` lists them; ends with a NULL
 * name.  The command named name, or NULL. */
extern const struct fc_cli_command fc_cli_commands[];
const struct fc_cli_command *fc_cli_find_command(const char *name);

/* Prints "fabchart: error: <message>", a blank line and usage on stderr;
 * returns FC_EXIT_USAGE. */
__attribute__((format(printf, 2, 3))) int fc_cli_usage_error(const char *usage, const char *fmt,
                                                             ...);
/* The check of --format text|json (sets opt->json). */
fc_cli_check_fn fc_cli_check_text_json;
/* The exit status that the recorded errors call for. */
int fc_cli_exit_status(const struct fc_diags *diags);
/* Prints the diagnostics (sorted, with carets on a terminal) and the error
 * and warning counts on stderr. */
void fc_cli_print_diagnostics(struct fc_cli_run *r);
/* Reads a file (or stdin for "-") into the arena, NUL-terminated; an input
 * over max bytes keeps its first max + 1 (enough for the loader to say it
 * is too large).  -1 with an [io] error. */
int fc_cli_read_input(struct fc_cli_run *r, const char *path, size_t max, const char **text,
                      size_t *len);
/* True when a file holds JSON rather than YAML: a .json name, or a '{' first
 * after white space. */
bool fc_cli_is_json(const char *path, const char *text, size_t len);
/* SOURCE_DATE_EPOCH in *when, or fallback when it is unset or empty; 0, or
 * the exit status of the usage error printed when it is not a number of
 * seconds that USTAR can hold. */
int fc_cli_source_date(const char *usage, time_t fallback, time_t *when);
/* Compiles a topology up to its model; NULL with diagnostics when rejected
 * (cli_build.c; netpol --topology uses it too). */
const struct fc_network *fc_cli_load_network(struct fc_cli_run *r, const char *path);
/* The network of the one topology file a command takes (args[0]), its
 * diagnostics printed; NULL with *status the exit status (usage error or
 * rejected input).  *status is set on success too. */
const struct fc_network *fc_cli_one_network(struct fc_cli_run *r, const char *usage, int nargs,
                                            char **args, int *status);

/* The summary of a network after build or validate (cli_summary.c): text
 * lines, or the "network" member of the JSON output (an object that
 * portmap --format json prints alone). */
void fc_cli_summary_text(struct fc_strbuf *sb, const struct fc_network *net);
void fc_cli_summary_json(struct fc_strbuf *sb, const struct fc_network *net);

/* The commands' usage texts, options and run functions (cli_build.c,
 * cli_netpol.c, cli_publish.c). */
extern const char fc_cli_build_usage[], fc_cli_validate_usage[], fc_cli_schema_usage[],
        fc_cli_portmap_usage[], fc_cli_netpol_usage[], fc_cli_repo_usage[], fc_cli_push_usage[],
        fc_cli_values_usage[];
extern const struct fc_cli_option fc_cli_build_options[], fc_cli_validate_options[],
        fc_cli_schema_options[], fc_cli_portmap_options[], fc_cli_netpol_options[],
        fc_cli_repo_options[], fc_cli_push_options[], fc_cli_values_options[];
int fc_cli_run_build(struct fc_cli_run *r, int nargs, char **args);
int fc_cli_run_validate(struct fc_cli_run *r, int nargs, char **args);
int fc_cli_run_schema(struct fc_cli_run *r, int nargs, char **args);
int fc_cli_run_portmap(struct fc_cli_run *r, int nargs, char **args);
int fc_cli_run_netpol(struct fc_cli_run *r, int nargs, char **args);
int fc_cli_run_repo(struct fc_cli_run *r, int nargs, char **args);
int fc_cli_run_push(struct fc_cli_run *r, int nargs, char **args);
int fc_cli_run_values(struct fc_cli_run *r, int nargs, char **args);
/* graph (cli_graph.c) */
extern const char fc_cli_graph_usage[];
extern const struct fc_cli_option fc_cli_graph_options[];
int fc_cli_run_graph(struct fc_cli_run *r, int nargs, char **args);
/* plan (cli_plan.c) */
extern const char fc_cli_plan_usage[];
extern const struct fc_cli_option fc_cli_plan_options[];
int fc_cli_run_plan(struct fc_cli_run *r, int nargs, char **args);
struct fc_plan;
struct fc_plan_source;
/* The plan as `fabchart plan` prints it. */
void fc_cli_plan_text(struct fc_strbuf *sb, const struct fc_plan *plan);
/* OLD of plan and build --from: the file arg, or the topology the chart
 * r->opt.from carries (plan.h).  -1 with a diagnostic. */
int fc_cli_plan_old(struct fc_cli_run *r, const char *arg, struct fc_plan_source *old);
/* init (cli_init.c) */
extern const char fc_cli_init_usage[];
extern const struct fc_cli_option fc_cli_init_options[];
int fc_cli_run_init(struct fc_cli_run *r, int nargs, char **args);

#endif

/*
 * cli - the command-line front end; see cli.h.
 *
 * Commands: build (and --sign), validate (a topology, or any files against
 * --schema), schema, netpol (allowed connections of Kubernetes manifests),
 * portmap, repo index, push (OCI), help, and --version.  Diagnostics go to
 * stderr (text) or, with --format json, into the one JSON object printed on
 * stdout (netpol: always stderr).  Exit status:
 * 0 ok, 1 input rejected, 2 usage, 3 I/O or library failure, 4 internal.
 */
#include "cli.h"

#include "arena.h"
#include "chartfile.h"
#include "compile.h"
#include "diag.h"
#include "json.h"
#include "load.h"
#include "inventory.h"
#include "netpol.h"
#include "portmap.h"
#include "output.h"
#include "oci.h"
#include "prov.h"
#include "repoindex.h"
#include "schema.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define INPUT_MAX ((size_t)1 << 20)
#define MANIFEST_MAX ((size_t)64 << 20) /* a file of manifests, an EXPECT list */

static const char usage_main[] =
        "usage: fabchart <command> [options]\n"
        "\n"
        "Compiles a Hyperledger Fabric topology into a Helm chart.\n"
        "\n"
        "commands:\n"
        "  build TOPO       check the topology and write DIR/<chart>-<version>.tgz\n"
        "  validate TOPO    run every check of build, write nothing\n"
        "  validate --schema SCHEMA FILE...\n"
        "                   validate YAML or JSON files against a JSON Schema\n"
        "  schema           print the topology JSON Schema (for editors)\n"
        "  portmap TOPO     print the port map (Services, ports, NodePorts)\n"
        "  netpol [FILE|DIR|-]...\n"
        "                   print which workload may reach which (NetworkPolicy)\n"
        "  repo index DIR   write DIR/index.yaml for an HTTP chart repository\n"
        "  push CHART.tgz oci://HOST[:PORT]/PATH\n"
        "                   upload a chart (and its .prov) to an OCI registry\n"
        "  help [COMMAND]   show help\n"
        "\n"
        "options: -h, --help (also after a command), --version\n"
        "exit status: 0 ok, 1 input rejected, 2 usage error, 3 I/O or library\n"
        "failure, 4 internal error\n"
        "diagnostics: file:line:col: error: message [code], sorted; at most 200\n"
        "are shown (the first found), the rest are counted\n";

static const char usage_build[] =
        "usage: fabchart build TOPO [-o DIR] [--chart-version V] [--force]\n"
        "                      [--format text|json] [--skeleton DIR] [--Werror]\n"
        "                      [--sign --key NAME [--keyring DIR]]\n"
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
        "  -h, --help             this help\n"
        "\n"
        "Archive entries carry SOURCE_DATE_EPOCH as their time when it is set, else 0:\n"
        "the same topology always gives the same bytes.\n";

static const char usage_validate[] =
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

static const char usage_schema[] =
        "usage: fabchart schema\n"
        "\n"
        "Prints the topology JSON Schema (2020-12). Editors use it through a first\n"
        "line `# yaml-language-server: $schema=<path or URL of this schema>`.\n";

static const char usage_portmap[] =
        "usage: fabchart portmap TOPO [--format table|csv|json]\n"
        "\n"
        "Prints the port map of the network: every Service port of every node, with\n"
        "the NodePort it is exposed on (the seed's scheme) or '-' when it is not.\n"
        "The same table is in the chart (files/portmap.csv, README.md, NOTES.txt).\n"
        "\n"
        "  --format table|csv|json  aligned table (default), CSV or JSON\n"
        "  -h, --help               this help\n";

static const char usage_netpol[] =
        "usage: fabchart netpol [FILE|DIR|-]... [--format text|csv|json|dot]\n"
        "                       [--check EXPECT]\n"
        "       fabchart netpol --topology TOPO [--format ...] [--check EXPECT]\n"
        "\n"
        "Reads Kubernetes manifests (YAML streams such as `helm template` output, or\n"
        "JSON) and prints every allowed connection between their workloads, and from\n"
        "and to addresses outside the cluster, as NetworkPolicy semantics give them:\n"
        "`ns/name[Kind] => ns/name[Kind] : TCP 7051,UDP 53`, one line per pair, sorted.\n"
        "A DIR stands for its .yaml, .yml and .json files (sorted, subdirectories\n"
        "included); `-` or no argument reads stdin. All inputs form one cluster.\n"
        "\n"
        "  --format text|csv|json|dot\n"
        "                         the connection list (default), CSV, JSON, or a\n"
        "                         Graphviz graph with a cluster per namespace\n"
        "  --topology TOPO        analyse the chart fabchart builds from TOPO: its\n"
        "                         namespaces, long-running workloads and\n"
        "                         NetworkPolicies (Helm hooks, which run once, are\n"
        "                         left out)\n"
        "  --check EXPECT         compare with the connection list in EXPECT (text\n"
        "                         format, any order): exit 1 and print the lines\n"
        "                         missing (-) and unexpected (+) when they differ\n"
        "  -h, --help             this help\n";

static const char usage_repo[] =
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

static const char usage_push[] =
        "usage: fabchart push CHART.tgz oci://HOST[:PORT]/PATH [--plain-http]\n"
        "                     [--username U --password-stdin]\n"
        "\n"
        "Uploads the chart to the OCI registry HOST as `helm push` does: repository\n"
        "PATH/<chart name>, tag = the chart version with '+' as '_'; CHART.tgz.prov,\n"
        "when present, goes along as the provenance layer. An existing tag holding\n"
        "the same chart is left as it is; one holding another chart is an error.\n"
        "Basic and bearer-token authentication (the registry's challenge decides).\n"
        "\n"
        "  --plain-http           http:// instead of https://\n"
        "  --username U           the registry user\n"
        "  --password-stdin       read the password (or token) from stdin\n"
        "  -h, --help             this help\n";

enum format { FORMAT_TEXT, FORMAT_JSON };

struct options {
	const char *output_dir;
	const char *chart_version;
	const char *skeleton_dir;
	const char *schema;
	const char *check;
	const char *format_name; /* --format as given */
	const char *topology; /* netpol --topology */
	const char *key; /* build --key */
	const char *keyring; /* build --keyring */
	const char *url; /* repo index --url */
	const char *merge; /* repo index --merge */
	const char *username; /* push --username */
	enum format format;
	bool force;
	bool werror;
	bool format_assertion;
	bool sign;
	bool plain_http;
	bool password_stdin;
};

/* Everything one run shares: the arena, diagnostics, and sources for carets. */
struct run {
	struct fc_arena arena;
	struct fc_diags diags;
	struct options opt;
	const char *source_file; /* the file whose text is source, for carets */
	const char *source;
	size_t source_len;
};

static void on_oom(size_t requested)
{
	fprintf(stderr, "fabchart: error: out of memory (%zu bytes)\n", requested);
	exit(FC_EXIT_IO);
}

__attribute__((format(printf, 2, 3))) static int usage_error(const char *usage, const char *fmt,
                                                             ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fabchart: error: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	fputs(usage, stderr);
	return FC_EXIT_USAGE;
}

/* The exit status that the recorded errors call for. */
static int exit_status(const struct fc_diags *diags)
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

static void print_diagnostics_text(struct run *r)
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

/* Reads a file (or stdin for "-") of at most max bytes into the arena. */
static int read_input_max(struct run *r, const char *path, size_t max, const char **text,
                          size_t *len)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	bool truncated;
	if (fc_read_file(path, max, &sb, &truncated, &r->diags) != 0) {
		fc_strbuf_release(&sb);
		return -1;
	}
	/* an oversized input keeps its first max + 1 bytes: enough for the
	   loader to say it is too large */
	*len = sb.len;
	*text = fc_arena_memdup(&r->arena, sb.buf, sb.len + 1);
	fc_strbuf_release(&sb);
	return 0;
}

static int read_input(struct run *r, const char *path, const char **text, size_t *len)
{
	return read_input_max(r, path, INPUT_MAX, text, len);
}

static int parse_format(const char *arg, enum format *out)
{
	if (strcmp(arg, "text") == 0)
		*out = FORMAT_TEXT;
	else if (strcmp(arg, "json") == 0)
		*out = FORMAT_JSON;
	else
		return -1;
	return 0;
}

enum {
	OPT_CHART_VERSION = 256,
	OPT_CHECK,
	OPT_TOPOLOGY,
	OPT_FORCE,
	OPT_FORMAT,
	OPT_SKELETON,
	OPT_WERROR,
	OPT_SCHEMA,
	OPT_FORMAT_ASSERTION,
	OPT_SIGN,
	OPT_KEY,
	OPT_KEYRING,
	OPT_URL,
	OPT_MERGE,
	OPT_PLAIN_HTTP,
	OPT_USERNAME,
	OPT_PASSWORD_STDIN
};

static const struct option long_options[] = {
        {"chart-version", required_argument, NULL, OPT_CHART_VERSION},
        {"check", required_argument, NULL, OPT_CHECK},
        {"topology", required_argument, NULL, OPT_TOPOLOGY},
        {"force", no_argument, NULL, OPT_FORCE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"format-assertion", no_argument, NULL, OPT_FORMAT_ASSERTION},
        {"help", no_argument, NULL, 'h'},
        {"merge", required_argument, NULL, OPT_MERGE},
        {"key", required_argument, NULL, OPT_KEY},
        {"keyring", required_argument, NULL, OPT_KEYRING},
        {"output", required_argument, NULL, 'o'},
        {"password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN},
        {"plain-http", no_argument, NULL, OPT_PLAIN_HTTP},
        {"schema", required_argument, NULL, OPT_SCHEMA},
        {"sign", no_argument, NULL, OPT_SIGN},
        {"skeleton", required_argument, NULL, OPT_SKELETON},
        {"url", required_argument, NULL, OPT_URL},
        {"username", required_argument, NULL, OPT_USERNAME},
        {"Werror", no_argument, NULL, OPT_WERROR},
        {NULL, 0, NULL, 0},
};

/*
 * Parses a command's options; allowed lists the option values the command
 * takes.  Returns -1 when the command should exit with *status.
 */
static int parse_options(int argc, char **argv, const char *usage, const int *allowed,
                         struct options *opt, int *status)
{
	opt->output_dir = "out";
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":o:h", long_options, NULL)) != -1) {
		bool ok = c == 'h' || c == '?' || c == ':';
		for (const int *a = allowed; *a && !ok; a++)
			ok = *a == c;
		if (!ok) {
			*status = usage_error(usage, "option '%s' does not apply to this command",
			                      argv[optind - 1]);
			return -1;
		}
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			*status = FC_EXIT_OK;
			return -1;
		case 'o': opt->output_dir = optarg; break;
		case OPT_CHART_VERSION:
			if (!fc_is_semver(optarg)) {
				*status = usage_error(
				        usage, "--chart-version '%s' is not a SemVer 2 version",
				        optarg);
				return -1;
			}
			opt->chart_version = optarg;
			break;
		case OPT_CHECK: opt->check = optarg; break;
		case OPT_TOPOLOGY: opt->topology = optarg; break;
		case OPT_FORCE: opt->force = true; break;
		case OPT_FORMAT:
			opt->format_name = optarg;
			if (usage == usage_netpol || usage == usage_portmap)
				break; /* formats of their own, checked by the command */
			if (parse_format(optarg, &opt->format) != 0) {
				*status = usage_error(
				        usage, "--format must be text or json, not '%s'", optarg);
				return -1;
			}
			break;
		case OPT_FORMAT_ASSERTION: opt->format_assertion = true; break;
		case OPT_SKELETON: opt->skeleton_dir = optarg; break;
		case OPT_WERROR: opt->werror = true; break;
		case OPT_SCHEMA: opt->schema = optarg; break;
		case OPT_SIGN: opt->sign = true; break;
		case OPT_KEY: opt->key = optarg; break;
		case OPT_KEYRING: opt->keyring = optarg; break;
		case OPT_URL: opt->url = optarg; break;
		case OPT_MERGE: opt->merge = optarg; break;
		case OPT_PLAIN_HTTP: opt->plain_http = true; break;
		case OPT_USERNAME: opt->username = optarg; break;
		case OPT_PASSWORD_STDIN: opt->password_stdin = true; break;
		case ':':
			*status = usage_error(usage, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			*status = usage_error(usage, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	return 0;
}

static int mtime_from_env(time_t *mtime)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	*mtime = 0;
	if (!env || !*env)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(env, &end, 10);
	if (errno || *end || v < 0 || v > 077777777777LL) /* what USTAR's mtime field holds */
		return -1;
	*mtime = (time_t)v;
	return 0;
}

/* ---- summaries ------------------------------------------------------------ */

static size_t ca_count(const struct fc_network *net)
{
	size_t n = 0;
	for (size_t i = 0; i < net->peer_org_count; i++)
		n += net->peer_orgs[i].ca;
	for (size_t i = 0; i < net->orderer_org_count; i++)
		n += net->orderer_orgs[i].ca;
	return n;
}

static void summary_text(struct fc_strbuf *sb, const struct fc_network *net)
{
	fc_strbuf_addf(sb, "network '%s': Hyperledger Fabric %s, %s consensus", net->name,
	               net->fabric.text, fc_consensus_name(net->consensus));
	if (net->consensus == FC_CONSENSUS_KAFKA)
		fc_strbuf_addf(sb, " (%u Kafka brokers, %u ZooKeeper servers)", net->kafka.brokers,
		               net->kafka.zookeepers);
	fc_strbuf_addf(sb, ", TLS %s\n", net->tls ? "on" : "off");
	fc_strbuf_addf(sb, "organizations: %zu (%zu peer, %zu orderer)\n",
	               net->peer_org_count + net->orderer_org_count, net->peer_org_count,
	               net->orderer_org_count);
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *o = &net->peer_orgs[i];
		fc_strbuf_addf(sb, "  %-16s %-16s %-24s %zu peer%s, %s%s%s\n", o->name, o->msp_id,
		               o->namespace, o->peer_count, o->peer_count == 1 ? "" : "s",
		               o->state_db == FC_STATE_DB_COUCHDB ? "CouchDB" : "LevelDB",
		               o->ca ? ", CA" : "", o->cli ? ", CLI" : "");
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *o = &net->orderer_orgs[i];
		fc_strbuf_addf(sb, "  %-16s %-16s %-24s %zu orderer%s%s\n", o->name, o->msp_id,
		               o->namespace, o->orderer_count, o->orderer_count == 1 ? "" : "s",
		               o->ca ? ", CA" : "");
	}
	size_t cas = ca_count(net);
	fc_strbuf_addf(sb, "nodes: %zu peer%s, %zu orderer%s, %zu CA%s", net->peer_count,
	               net->peer_count == 1 ? "" : "s", net->orderer_count,
	               net->orderer_count == 1 ? "" : "s", cas, cas == 1 ? "" : "s");
	if (net->explorer)
		fc_strbuf_addstr(sb, ", explorer");
	fc_strbuf_addf(sb, "\nchannels: %zu\n", net->channel_count);
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		fc_strbuf_addf(sb, "  %s:", ch->name);
		for (size_t j = 0; j < ch->member_count; j++)
			fc_strbuf_addf(sb, "%s %s", j ? "," : "", ch->members[j]->name);
		fc_strbuf_addch(sb, '\n');
	}
	unsigned lo, hi;
	size_t n = fc_model_node_ports(net, &lo, &hi);
	if (n)
		fc_strbuf_addf(sb, "ports: %zu NodePorts in %u-%u (cluster range %u-%u)\n", n, lo,
		               hi, net->node_port.range_start, net->node_port.range_end);
	else
		fc_strbuf_addf(sb, "ports: no NodePorts (exposure %s)\n",
		               fc_exposure_name(net->exposure));
}

static void json_str(struct fc_strbuf *sb, const char *s)
{
	fc_strbuf_add_json_string(sb, s, strlen(s));
}

static void summary_json(struct fc_strbuf *sb, const struct fc_network *net)
{
	fc_strbuf_addstr(sb, "\"network\":{\"name\":");
	json_str(sb, net->name);
	fc_strbuf_addstr(sb, ",\"fabricVersion\":");
	json_str(sb, net->fabric.text);
	fc_strbuf_addstr(sb, ",\"consensus\":");
	json_str(sb, fc_consensus_name(net->consensus));
	fc_strbuf_addf(sb, ",\"tls\":%s,\"peers\":%zu,\"orderers\":%zu,\"cas\":%zu",
	               net->tls ? "true" : "false", net->peer_count, net->orderer_count,
	               ca_count(net));
	fc_strbuf_addstr(sb, ",\"organizations\":[");
	size_t total = net->peer_org_count + net->orderer_org_count;
	for (size_t i = 0; i < total; i++) {
		const struct fc_org *o = i < net->peer_org_count
		                                 ? &net->peer_orgs[i]
		                                 : &net->orderer_orgs[i - net->peer_org_count];
		fc_strbuf_addstr(sb, i ? ",{\"name\":" : "{\"name\":");
		json_str(sb, o->name);
		fc_strbuf_addstr(sb, ",\"kind\":");
		json_str(sb, o->kind == FC_ORG_PEER ? "peer" : "orderer");
		fc_strbuf_addstr(sb, ",\"mspId\":");
		json_str(sb, o->msp_id);
		fc_strbuf_addstr(sb, ",\"namespace\":");
		json_str(sb, o->namespace);
		fc_strbuf_addf(sb, ",\"nodes\":%zu}",
		               o->kind == FC_ORG_PEER ? o->peer_count : o->orderer_count);
	}
	fc_strbuf_addstr(sb, "],\"channels\":[");
	for (size_t i = 0; i < net->channel_count; i++) {
		fc_strbuf_addstr(sb, i ? "," : "");
		json_str(sb, net->channels[i].name);
	}
	fc_strbuf_addstr(sb, "],\"ports\":");
	fc_portmap_format(sb, net, FC_PORTMAP_JSON);
	fc_strbuf_addch(sb, '}');
}

/* ---- commands ------------------------------------------------------------- */

/* Prints the outcome of a topology command and returns its exit status. */
static int finish(struct run *r, const char *command, const struct fc_compile_result *res,
                  const char *written, const char *how, const char *prov)
{
	int status = exit_status(&r->diags);
	struct fc_strbuf sb = FC_STRBUF_INIT;
	if (r->opt.format == FORMAT_JSON) {
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
			summary_json(&sb, res->network);
			fc_strbuf_addch(&sb, ',');
		}
		fc_diags_format_json_members(&sb, &r->diags);
		fc_strbuf_addstr(&sb, "}\n");
	} else {
		print_diagnostics_text(r);
		if (written)
			fc_strbuf_addf(&sb, "%s %s (%zu bytes)\n", how, written, res->archive.len);
		if (prov)
			fc_strbuf_addf(&sb, "signed %s\n", prov);
		if (status == FC_EXIT_OK && res->network)
			summary_text(&sb, res->network);
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	fc_strbuf_release(&sb);
	return status;
}

/* The signed provenance of the chart just compiled, in *prov; -1 with a
 * diagnostic when it cannot be made. */
static int sign_chart(struct run *r, const struct fc_compile_result *res, struct fc_strbuf *prov)
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

static int cmd_topology(struct run *r, const char *command, const char *path)
{
	struct fc_compile_options copt = {
	        .goal = strcmp(command, "build") == 0 ? FC_GOAL_PACK : FC_GOAL_VALIDATE,
	        .chart_version = r->opt.chart_version,
	        .skeleton_dir = r->opt.skeleton_dir,
	        .werror = r->opt.werror,
	};
	if (mtime_from_env(&copt.mtime) != 0)
		return usage_error(usage_build, "SOURCE_DATE_EPOCH '%s' is not a number of seconds",
		                   getenv("SOURCE_DATE_EPOCH"));
	if (r->opt.sign && !r->opt.key)
		return usage_error(usage_build, "%s", "--sign needs --key NAME");
	if (!r->opt.sign && (r->opt.key || r->opt.keyring))
		return usage_error(usage_build, "%s", "--key and --keyring apply only with --sign");
	struct fc_compile_result res = {0};
	fc_strbuf_init(&res.archive);
	struct fc_strbuf prov = FC_STRBUF_INIT;
	const char *text;
	size_t len;
	const char *written = NULL, *how = NULL, *prov_written = NULL;
	if (read_input(r, path, &text, &len) == 0) {
		r->source_file = path;
		r->source = text;
		r->source_len = len;
		/* signed before anything is written: a failure writes nothing */
		if (fc_compile(&r->arena, path, text, len, &copt, &res, &r->diags) == 0 &&
		    copt.goal == FC_GOAL_PACK &&
		    (!r->opt.sign || sign_chart(r, &res, &prov) == 0)) {
			enum fc_output_result out;
			if (fc_output_write(r->opt.output_dir, res.archive_name, res.archive.buf,
			                    res.archive.len, r->opt.force, &out, &r->diags) == 0) {
				written = fc_arena_printf(&r->arena, "%s/%s", r->opt.output_dir,
				                          res.archive_name);
				how = out == FC_OUTPUT_WRITTEN    ? "wrote"
				      : out == FC_OUTPUT_REPLACED ? "replaced"
				                                  : "unchanged";
			}
			const char *prov_name =
			        fc_arena_printf(&r->arena, "%s.prov", res.archive_name);
			if (written && r->opt.sign &&
			    fc_output_write(r->opt.output_dir, prov_name, prov.buf, prov.len, true,
			                    &out, &r->diags) == 0)
				prov_written = fc_arena_printf(&r->arena, "%s/%s",
				                               r->opt.output_dir, prov_name);
		}
	}
	int status = finish(r, command, &res, written, how, prov_written);
	fc_strbuf_release(&prov);
	fc_strbuf_release(&res.archive);
	return status;
}

/* Parses a file as JSON when it looks like JSON, else as YAML. */
static int load_any(struct run *r, const char *path, struct fc_node **doc)
{
	const char *text;
	size_t len;
	if (read_input(r, path, &text, &len) != 0)
		return -1;
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
		i++;
	const char *ext = strrchr(path, '.');
	bool json = (ext && strcmp(ext, ".json") == 0) || (i < len && text[i] == '{');
	if (json)
		return fc_json_parse(&r->arena, path, text, len, NULL, doc, &r->diags);
	return fc_load_yaml(&r->arena, path, text, len, NULL, doc, &r->diags);
}

static int cmd_validate_schema(struct run *r, int nfiles, char **files)
{
	if (nfiles < 1)
		return usage_error(usage_validate, "%s", "--schema needs at least one FILE");
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
	int status = exit_status(&r->diags);
	if (r->opt.format == FORMAT_JSON) {
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
		print_diagnostics_text(r);
		if (status == FC_EXIT_OK)
			printf("%d file%s valid against %s\n", nfiles, nfiles == 1 ? "" : "s",
			       r->opt.schema);
	}
	return status;
}

static int cmd_schema(void)
{
	size_t len;
	const char *text = fc_topology_schema_text(&len);
	fwrite(text, 1, len, stdout);
	return ferror(stdout) ? FC_EXIT_IO : FC_EXIT_OK;
}

/* ---- netpol --------------------------------------------------------------- */

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
static int list_manifests(struct run *r, const char *dir, unsigned depth, const char ***paths,
                          size_t *n, size_t *alloc)
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
static void add_manifests(struct run *r, struct fc_netpol *np, const char *path)
{
	const char *text;
	size_t len;
	if (read_input_max(r, path, MANIFEST_MAX, &text, &len) != 0)
		return;
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
		i++;
	const char *ext = strrchr(path, '.');
	if ((ext && strcmp(ext, ".json") == 0) || (i < len && text[i] == '{')) {
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
static int check_connections(struct run *r, const struct fc_strbuf *actual)
{
	const char *expected;
	size_t len;
	if (read_input_max(r, r->opt.check, MANIFEST_MAX, &expected, &len) != 0) {
		print_diagnostics_text(r);
		return exit_status(&r->diags);
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
static void add_netpol_inputs(struct run *r, struct fc_netpol *np, int nargs, char **args)
{
	const char **paths = NULL;
	size_t npaths = 0, alloc = 0;
	static char stdin_name[] = "-";
	char *no_args[] = {stdin_name};
	if (nargs == 0) {
		nargs = 1;
		args = no_args;
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
static int netpol_report(struct run *r, struct fc_netpol *np, enum fc_netpol_format format)
{
	if (r->diags.errors || fc_netpol_analyze(np, &r->diags) != 0) {
		print_diagnostics_text(r);
		return exit_status(&r->diags);
	}
	print_diagnostics_text(r); /* warnings */
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

/* Compiles a topology up to its model; NULL with diagnostics when rejected. */
static const struct fc_network *load_network(struct run *r, const char *path)
{
	struct fc_compile_options copt = {.goal = FC_GOAL_VALIDATE};
	struct fc_compile_result res = {0};
	fc_strbuf_init(&res.archive); /* released even when the file cannot be read */
	const char *text;
	size_t len;
	const struct fc_network *net = NULL;
	if (read_input(r, path, &text, &len) == 0 &&
	    fc_compile(&r->arena, path, text, len, &copt, &res, &r->diags) == 0)
		net = res.network;
	fc_strbuf_release(&res.archive);
	return net;
}

static int cmd_portmap(struct run *r, int nargs, char **args)
{
	enum fc_portmap_format format = FC_PORTMAP_TABLE;
	if (r->opt.format_name && fc_portmap_parse_format(r->opt.format_name, &format) != 0)
		return usage_error(usage_portmap, "--format must be table, csv or json, not '%s'",
		                   r->opt.format_name);
	if (nargs != 1)
		return usage_error(usage_portmap, "%s",
		                   nargs ? "give exactly one topology file"
		                         : "a topology file is required");
	const struct fc_network *net = load_network(r, args[0]);
	print_diagnostics_text(r);
	if (!net)
		return exit_status(&r->diags);
	struct fc_strbuf out = FC_STRBUF_INIT;
	if (format == FC_PORTMAP_JSON) {
		fc_strbuf_addch(&out, '{');
		summary_json(&out, net); /* the network summary, its port map included */
		fc_strbuf_addstr(&out, "}\n");
	} else {
		fc_portmap_format(&out, net, format);
	}
	int status = fwrite(out.buf, 1, out.len, stdout) == out.len ? exit_status(&r->diags)
	                                                            : FC_EXIT_IO;
	fc_strbuf_release(&out);
	return status;
}

static int cmd_netpol(struct run *r, int nargs, char **args)
{
	enum fc_netpol_format format = FC_NETPOL_TEXT;
	if (r->opt.format_name && fc_netpol_parse_format(r->opt.format_name, &format) != 0)
		return usage_error(usage_netpol,
		                   "--format must be text, csv, json or dot, not '%s'",
		                   r->opt.format_name);
	if (r->opt.check && format != FC_NETPOL_TEXT)
		return usage_error(usage_netpol, "--check compares the text format, not '%s'",
		                   r->opt.format_name);
	if (r->opt.topology && nargs)
		return usage_error(usage_netpol, "--topology takes no manifest files ('%s')",
		                   args[0]);
	struct fc_netpol *np = fc_netpol_new(&r->arena);
	if (r->opt.topology) {
		const struct fc_network *net = load_network(r, r->opt.topology);
		struct fc_node **objects;
		size_t n = net ? fc_inventory_build(&r->arena, net, &objects) : 0;
		for (size_t i = 0; i < n; i++)
			fc_netpol_add_object(np, objects[i], &r->diags);
	} else {
		add_netpol_inputs(r, np, nargs, args);
	}
	int status = netpol_report(r, np, format);
	fc_netpol_free(np);
	return status;
}

/* ---- repo index ------------------------------------------------------------ */

static int cmd_repo(struct run *r, int nargs, char **args)
{
	if (nargs < 1 || strcmp(args[0], "index") != 0)
		return usage_error(usage_repo, "%s",
		                   nargs ? "the repo command is 'repo index DIR'"
		                         : "a repo subcommand is required (index)");
	if (nargs != 2)
		return usage_error(usage_repo, "%s",
		                   nargs > 2 ? "give exactly one directory"
		                             : "a directory is required");
	struct fc_repo_index_options ropt = {.url = r->opt.url, .merge = r->opt.merge};
	if (mtime_from_env(&ropt.created) != 0)
		return usage_error(usage_repo, "SOURCE_DATE_EPOCH '%s' is not a number of seconds",
		                   getenv("SOURCE_DATE_EPOCH"));
	if (!getenv("SOURCE_DATE_EPOCH") || !*getenv("SOURCE_DATE_EPOCH"))
		ropt.created = time(NULL);
	const char *dir = args[1];
	struct fc_strbuf index = FC_STRBUF_INIT;
	size_t indexed, kept;
	enum fc_output_result out;
	bool ok =
	        fc_repo_index_dir(&r->arena, dir, &ropt, &index, &indexed, &kept, &r->diags) == 0 &&
	        fc_output_write(dir, "index.yaml", index.buf, index.len, true, &out, &r->diags) ==
	                0;
	fc_strbuf_release(&index);
	print_diagnostics_text(r);
	if (ok) {
		printf("wrote %s/index.yaml: %zu chart%s", dir, indexed, indexed == 1 ? "" : "s");
		if (r->opt.merge)
			printf(", %zu entr%s kept from %s", kept, kept == 1 ? "y" : "ies",
			       r->opt.merge);
		putchar('\n');
	}
	return exit_status(&r->diags);
}

/* ---- push ------------------------------------------------------------------ */

#define CHART_MAX ((size_t)100 << 20) /* Helm's loader: 100 MiB per chart */

/* Reads a whole file into the arena; -1 with an [io] error. */
static int read_whole(struct run *r, const char *path, size_t max, const char **data, size_t *len)
{
	if (read_input_max(r, path, max, data, len) != 0)
		return -1;
	if (*len > max) {
		struct fc_pos at = {path, 0, 0};
		fc_diag_error(&r->diags, "io", at, NULL, "larger than %zu MiB", max >> 20);
		return -1;
	}
	return 0;
}

static int cmd_push(struct run *r, int nargs, char **args)
{
	if (nargs != 2)
		return usage_error(usage_push, "%s",
		                   "give a chart archive and an oci:// reference");
	struct fc_oci_ref ref;
	if (fc_oci_parse_ref(&r->arena, args[1], &ref) != 0)
		return usage_error(usage_push, "'%s' is not oci://HOST[:PORT]/PATH", args[1]);
	if (r->opt.password_stdin != (r->opt.username != NULL))
		return usage_error(usage_push, "%s", "--username and --password-stdin go together");
	struct fc_oci_push_options popt = {.plain_http = r->opt.plain_http,
	                                   .username = r->opt.username};
	if (mtime_from_env(&popt.created) != 0)
		return usage_error(usage_push, "SOURCE_DATE_EPOCH '%s' is not a number of seconds",
		                   getenv("SOURCE_DATE_EPOCH"));
	if (!getenv("SOURCE_DATE_EPOCH") || !*getenv("SOURCE_DATE_EPOCH"))
		popt.created = time(NULL);
	const char *tgz, *prov = NULL, *password;
	size_t tgz_len, prov_len = 0, password_len;
	struct fc_chart_meta meta;
	struct fc_oci_report report;
	const char *prov_path = fc_arena_printf(&r->arena, "%s.prov", args[0]);
	struct stat st;
	bool ok = true;
	if (r->opt.password_stdin) {
		ok = read_whole(r, "-", 1 << 16, &password, &password_len) == 0;
		while (ok && password_len &&
		       (password[password_len - 1] == '\n' || password[password_len - 1] == '\r'))
			password_len--;
		popt.password = ok ? fc_arena_strndup(&r->arena, password, password_len) : NULL;
	}
	ok = ok && read_whole(r, args[0], CHART_MAX, &tgz, &tgz_len) == 0 &&
	     fc_chart_read(&r->arena, args[0], tgz, tgz_len, &meta, &r->diags) == 0;
	if (ok && stat(prov_path, &st) == 0)
		ok = read_whole(r, prov_path, 1 << 20, &prov, &prov_len) == 0;
	ok = ok && fc_oci_push(&r->arena, &ref, &meta, tgz, tgz_len, prov, prov_len, &popt, &report,
	                       &r->diags) == 0;
	print_diagnostics_text(r);
	if (ok && report.outcome == FC_OCI_UNCHANGED)
		printf("unchanged %s: the tag already holds this chart (%s)\n", report.reference,
		       report.digest);
	else if (ok)
		printf("pushed %s%s\ndigest: %s\n", report.reference,
		       prov ? " with its provenance" : "", report.digest);
	return exit_status(&r->diags);
}

static const char *usage_of(const char *command)
{
	if (!command)
		return usage_main;
	if (strcmp(command, "build") == 0)
		return usage_build;
	if (strcmp(command, "validate") == 0)
		return usage_validate;
	if (strcmp(command, "schema") == 0)
		return usage_schema;
	if (strcmp(command, "netpol") == 0)
		return usage_netpol;
	if (strcmp(command, "portmap") == 0)
		return usage_portmap;
	if (strcmp(command, "repo") == 0)
		return usage_repo;
	if (strcmp(command, "push") == 0)
		return usage_push;
	return NULL;
}

static int run_command(struct run *r, const char *command, int argc, char **argv)
{
	static const int build_opts[] = {
	        'o',        OPT_CHART_VERSION, OPT_FORCE, OPT_FORMAT,  OPT_SKELETON,
	        OPT_WERROR, OPT_SIGN,          OPT_KEY,   OPT_KEYRING, 0};
	static const int validate_opts[] = {OPT_FORMAT,           OPT_WERROR,   OPT_SCHEMA,
	                                    OPT_FORMAT_ASSERTION, OPT_SKELETON, 0};
	static const int netpol_opts[] = {OPT_FORMAT, OPT_CHECK, OPT_TOPOLOGY, 0};
	static const int portmap_opts[] = {OPT_FORMAT, 0};
	static const int repo_opts[] = {OPT_URL, OPT_MERGE, 0};
	static const int push_opts[] = {OPT_PLAIN_HTTP, OPT_USERNAME, OPT_PASSWORD_STDIN, 0};
	static const int no_opts[] = {0};
	const char *usage = usage_of(command);
	bool build = strcmp(command, "build") == 0;
	bool validate = strcmp(command, "validate") == 0;
	bool netpol = strcmp(command, "netpol") == 0;
	bool portmap = strcmp(command, "portmap") == 0;
	bool repo = strcmp(command, "repo") == 0;
	bool push = strcmp(command, "push") == 0;
	int status;
	if (parse_options(argc, argv, usage,
	                  build      ? build_opts
	                  : validate ? validate_opts
	                  : netpol   ? netpol_opts
	                  : portmap  ? portmap_opts
	                  : repo     ? repo_opts
	                  : push     ? push_opts
	                             : no_opts,
	                  &r->opt, &status) != 0)
		return status;
	int rest = argc - optind;
	char **args = argv + optind;
	if (strcmp(command, "schema") == 0) {
		if (rest)
			return usage_error(usage, "unexpected argument '%s'", args[0]);
		return cmd_schema();
	}
	if (validate && r->opt.schema)
		return cmd_validate_schema(r, rest, args);
	if (netpol)
		return cmd_netpol(r, rest, args);
	if (portmap)
		return cmd_portmap(r, rest, args);
	if (repo)
		return cmd_repo(r, rest, args);
	if (push)
		return cmd_push(r, rest, args);
	if (rest != 1)
		return usage_error(usage, "%s",
		                   rest ? "give exactly one topology file"
		                        : "a topology file is required");
	return cmd_topology(r, command, args[0]);
}

int fc_cli_main(int argc, char **argv)
{
	fc_set_oom_handler(on_oom);
	if (argc < 2) {
		fputs(usage_main, stderr);
		return FC_EXIT_USAGE;
	}
	const char *command = argv[1];
	if (strcmp(command, "--version") == 0) {
		printf("fabchart %s\n", fc_version());
		return FC_EXIT_OK;
	}
	if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0) {
		fputs(usage_main, stdout);
		return FC_EXIT_OK;
	}
	if (strcmp(command, "help") == 0) {
		const char *usage = usage_of(argc > 2 ? argv[2] : NULL);
		if (!usage)
			return usage_error(usage_main, "unknown command '%s'", argv[2]);
		fputs(usage, stdout);
		return FC_EXIT_OK;
	}
	if (!usage_of(command) || command[0] == '-')
		return usage_error(usage_main, "unknown command '%s'", command);

	struct run r = {0};
	fc_arena_init(&r.arena);
	fc_diags_init(&r.diags, &r.arena);
	int status = run_command(&r, command, argc - 1, argv + 1);
	fc_diags_release(&r.diags);
	fc_arena_release(&r.arena);
	if (fflush(stdout) != 0 && status == FC_EXIT_OK)
		status = FC_EXIT_IO;
	return status;
}

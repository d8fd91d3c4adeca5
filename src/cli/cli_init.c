/*
 * cli_init - `fabchart init [options] [FILE]`: writes the commented starting
 * topology of src/init.h to FILE (default topology.yaml; `-` is stdout),
 * never over an existing file without --force.  With no choice given on the
 * command line and a terminal on stdin and stdout, it asks each choice,
 * the default in brackets.  See cli_private.h.
 */
#include "cli_private.h"

#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FC_SCHEMA_FROM_BIN
#define FC_SCHEMA_FROM_BIN "../share/fabchart/topology.schema.json"
#endif
/* The schema's $id (schemas/topology.schema.json), when none is installed. */
#define SCHEMA_URL "https://fabchart.dev/schemas/topology.schema.json"
#define DEFAULT_FILE "topology.yaml"

const char fc_cli_init_usage[] =
        "usage: fabchart init [--name NAME] [--fabric VERSION] [--consensus TYPE]\n"
        "                     [--orgs N] [--peers M] [--storage KIND]\n"
        "                     [--exposure TYPE] [--schema REF] [--force] [FILE]\n"
        "\n"
        "Writes a starting topology to FILE (default " DEFAULT_FILE ", `-` for\n"
        "stdout): a commented YAML in which every key says what it does and what\n"
        "else it may be, valid for the Fabric version chosen, that `fabchart build`\n"
        "compiles as it is.  An existing FILE is kept unless --force is given.\n"
        "With no choice given (no option but --schema and --force) and a terminal\n"
        "on stdin and stdout, init asks each one, the default in brackets.\n"
        "\n"
        "  --name NAME            network and chart name, a DNS-1123 label of at\n"
        "                         most 53 characters (default mynetwork)\n"
        "  --fabric VERSION       1.4.x, 2.5.x or 3.x.y, or a line: 1.4, 2.5, 3.0, 3.1\n"
        "                         (default " FC_INIT_FABRIC_DEFAULT "; 1.4.12 with kafka or solo)\n"
        "  --consensus TYPE       etcdraft (default; 3 orderers), BFT (3.x; 4\n"
        "                         orderers), kafka or solo (1.4 only)\n"
        "  --orgs N               peer organizations, 1 to 20 (default 1)\n"
        "  --peers M              peers per organization, 1 to 20 (default 1)\n"
        "  --storage KIND         default (the cluster's default StorageClass),\n"
        "                         storageClass (a named one) or nfs (an NFS share)\n"
        "  --exposure TYPE        ClusterIP (default), NodePort or LoadBalancer\n"
        "  --schema REF           the `$schema=` of the first line (default: the\n"
        "                         installed <prefix>/share/fabchart/topology.schema.json,\n"
        "                         else " SCHEMA_URL ";\n"
        "                         empty: no such line)\n"
        "  --force                overwrite FILE\n"
        "  -h, --help             this help\n";
const struct fc_cli_option fc_cli_init_options[] = {
        FC_CLI_OPT_VALUE("name", 0, init_name, NULL),
        FC_CLI_OPT_VALUE("fabric", 0, init_fabric, NULL),
        FC_CLI_OPT_VALUE("consensus", 0, init_consensus, NULL),
        FC_CLI_OPT_VALUE("orgs", 0, init_orgs, NULL),
        FC_CLI_OPT_VALUE("peers", 0, init_peers, NULL),
        FC_CLI_OPT_VALUE("storage", 0, init_storage, NULL),
        FC_CLI_OPT_VALUE("exposure", 0, init_exposure, NULL),
        FC_CLI_OPT_VALUE("schema", 0, schema, NULL),
        FC_CLI_OPT_FLAG("force", force),
        FC_CLI_OPT_END,
};

/* The choices given as options into *init (all checked, in order). */
static int apply_options(const struct fc_cli_options *opt, struct fc_init *init,
                         struct fc_strbuf *err)
{
	if ((opt->init_name && fc_init_parse_network(opt->init_name, &init->network, err)) ||
	    (opt->init_consensus &&
	     fc_init_parse_consensus(opt->init_consensus, &init->consensus, err)))
		return -1;
	if (opt->init_fabric) {
		if (fc_init_parse_fabric(opt->init_fabric, &init->fabric, err))
			return -1;
	} else {
		init->fabric = fc_init_default_fabric(init->consensus);
	}
	if ((opt->init_orgs &&
	     fc_init_parse_count("--orgs", opt->init_orgs, FC_INIT_ORGS_MAX, &init->orgs, err)) ||
	    (opt->init_peers && fc_init_parse_count("--peers", opt->init_peers, FC_INIT_PEERS_MAX,
	                                            &init->peers, err)) ||
	    (opt->init_storage && fc_init_parse_storage(opt->init_storage, &init->storage, err)) ||
	    (opt->init_exposure &&
	     fc_init_parse_exposure(opt->init_exposure, &init->exposure, err)))
		return -1;
	return fc_init_check(init, err);
}

/* ---- interactive ----------------------------------------------------------------- */

/* Asks one question; the answer (the default when empty) in *answer, owned
 * by the caller's line buffer.  -1 at the end of input. */
static int ask(const char *question, const char *choices, const char *def, char **buf, size_t *cap,
               const char **answer)
{
	if (choices)
		printf("%s (%s) [%s]: ", question, choices, def);
	else
		printf("%s [%s]: ", question, def);
	fflush(stdout);
	ssize_t n = getline(buf, cap, stdin);
	if (n < 0)
		return -1;
	char *s = *buf;
	while (n > 0 &&
	       (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	*answer = *s ? s : def;
	return 0;
}

/* The questions, in the order asked; take() reads an answer into init. */
enum question { Q_NETWORK, Q_FABRIC, Q_CONSENSUS, Q_ORGS, Q_PEERS, Q_STORAGE, Q_EXPOSURE };

static int take(enum question q, const char *answer, struct fc_init *init, struct fc_strbuf *err)
{
	switch (q) {
	case Q_NETWORK: return fc_init_parse_network(answer, &init->network, err);
	case Q_FABRIC: return fc_init_parse_fabric(answer, &init->fabric, err);
	case Q_CONSENSUS:
		if (fc_init_parse_consensus(answer, &init->consensus, err))
			return -1;
		return fc_init_check(init, err);
	case Q_ORGS:
		return fc_init_parse_count("organizations", answer, FC_INIT_ORGS_MAX, &init->orgs,
		                           err);
	case Q_PEERS:
		return fc_init_parse_count("peers", answer, FC_INIT_PEERS_MAX, &init->peers, err);
	case Q_STORAGE: return fc_init_parse_storage(answer, &init->storage, err);
	case Q_EXPOSURE: return fc_init_parse_exposure(answer, &init->exposure, err);
	}
	return -1;
}

static int interview(struct fc_cli_run *r, struct fc_init *init)
{
	char *buf = NULL;
	size_t cap = 0;
	int status = 0;
	char orgs_max[16], peers_max[16], orgs[16], peers[16];
	snprintf(orgs_max, sizeof orgs_max, "1-%u", FC_INIT_ORGS_MAX);
	snprintf(peers_max, sizeof peers_max, "1-%u", FC_INIT_PEERS_MAX);
	puts("A new Fabric network; press Enter to take the value in brackets.");
	for (enum question q = Q_NETWORK; q <= Q_EXPOSURE && status == 0; q++) {
		const char *question = "", *choices = NULL, *def = "";
		switch (q) {
		case Q_NETWORK:
			question = "Network name";
			def = init->network;
			break;
		case Q_FABRIC:
			question = "Fabric version";
			choices = "1.4.x, 2.5.x or 3.x.y";
			def = init->fabric;
			break;
		case Q_CONSENSUS:
			question = "Consensus";
			choices = fc_init_consensus_for(init->fabric);
			if (!fc_init_consensus_allowed(init->fabric, init->consensus))
				init->consensus = FC_CONSENSUS_KAFKA; /* on 1.4.0 */
			def = fc_consensus_name(init->consensus);
			break;
		case Q_ORGS:
			question = "Peer organizations";
			choices = orgs_max;
			snprintf(orgs, sizeof orgs, "%u", init->orgs);
			def = orgs;
			break;
		case Q_PEERS:
			question = "Peers per organization";
			choices = peers_max;
			snprintf(peers, sizeof peers, "%u", init->peers);
			def = peers;
			break;
		case Q_STORAGE:
			question = "Storage";
			choices = fc_init_storage_choices;
			def = fc_init_storage_name(init->storage);
			break;
		case Q_EXPOSURE:
			question = "Exposure";
			choices = fc_init_exposure_choices;
			def = fc_exposure_name(init->exposure);
			break;
		}
		for (;;) {
			const char *answer;
			if (ask(question, choices, def, &buf, &cap, &answer) != 0) {
				status = fc_cli_usage_error(
				        fc_cli_init_usage,
				        "no answer (end of input); nothing written");
				break;
			}
			/* the network name and version point into the arena, not the line */
			answer = fc_arena_strdup(&r->arena, answer);
			struct fc_strbuf err = FC_STRBUF_INIT;
			int ok = take(q, answer, init, &err);
			if (ok == 0) {
				fc_strbuf_release(&err);
				break;
			}
			printf("  %s\n", err.buf);
			fc_strbuf_release(&err);
		}
	}
	free(buf);
	return status;
}

/* ---- output ---------------------------------------------------------------------- */

/* The installed schema next to the running binary, or the schema's URL. */
static const char *schema_ref(struct fc_cli_run *r)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return SCHEMA_URL;
	exe[n] = '\0';
	const char *rel = FC_SCHEMA_FROM_BIN;
	char *slash = strrchr(exe, '/');
	/* each leading ../ takes a directory off the binary's */
	for (; slash && strncmp(rel, "../", 3) == 0; rel += 3) {
		*slash = '\0';
		slash = strrchr(exe, '/');
	}
	if (!slash)
		return SCHEMA_URL;
	slash[1] = '\0';
	char *path = fc_arena_printf(&r->arena, "%s%s", exe, rel);
	return access(path, R_OK) == 0 ? path : SCHEMA_URL;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Writes text to path: a new file unless force. */
static int write_file(const char *path, const struct fc_strbuf *text, bool force)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0666);
	if (fd < 0) {
		fprintf(stderr, "fabchart: error: cannot write %s: %s [io]\n", path,
		        strerror(errno));
		return FC_EXIT_IO;
	}
	size_t off = 0;
	while (off < text->len) {
		ssize_t n = write(fd, text->buf + off, text->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	int err = off < text->len ? errno : 0;
	if (close(fd) != 0 && !err)
		err = errno;
	if (err || off < text->len) {
		fprintf(stderr, "fabchart: error: cannot write %s: %s [io]\n", path,
		        strerror(err ? err : EIO));
		return FC_EXIT_IO;
	}
	return FC_EXIT_OK;
}

int fc_cli_run_init(struct fc_cli_run *r, int nargs, char **args)
{
	const char *usage = fc_cli_init_usage;
	const struct fc_cli_options *opt = &r->opt;
	if (nargs > 1)
		return fc_cli_usage_error(usage, "unexpected argument '%s' (one FILE at most)",
		                          args[1]);
	const char *file = nargs ? args[0] : DEFAULT_FILE;
	bool to_stdout = strcmp(file, "-") == 0;
	struct fc_init init;
	fc_init_defaults(&init);
	struct fc_strbuf err = FC_STRBUF_INIT;
	int status = apply_options(opt, &init, &err);
	if (status != 0) {
		status = fc_cli_usage_error(usage, "%s", err.buf);
		fc_strbuf_release(&err);
		return status;
	}
	fc_strbuf_release(&err);
	if (!to_stdout && !opt->force && exists(file))
		return fc_cli_usage_error(usage, "%s exists; give --force to overwrite it", file);
	bool chosen = opt->init_name || opt->init_fabric || opt->init_consensus || opt->init_orgs ||
	              opt->init_peers || opt->init_storage || opt->init_exposure;
	if (!chosen && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    (status = interview(r, &init)) != 0)
		return status;

	init.schema = !opt->schema ? schema_ref(r) : *opt->schema ? opt->schema : NULL;
	init.file = to_stdout ? NULL : file;
	struct fc_strbuf out = FC_STRBUF_INIT;
	fc_init_write(&out, &init);
	if (to_stdout) {
		status = fwrite(out.buf, 1, out.len, stdout) == out.len ? FC_EXIT_OK : FC_EXIT_IO;
	} else {
		status = write_file(file, &out, opt->force);
		if (status == FC_EXIT_OK)
			printf("wrote %s; next: fabchart build %s\n", file, file);
	}
	fc_strbuf_release(&out);
	return status;
}

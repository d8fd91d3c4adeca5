/*
 * cli_graph - `fabchart graph TOPO [--format dot|svg|mermaid]`: the network
 * as a graph (src/graph.h); svg runs Graphviz's `dot -Tsvg` on the DOT form,
 * its output going straight to our stdout.  See cli_private.h.
 */
#include "cli_private.h"

#include "graph.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char fc_cli_graph_usage[] =
        "usage: fabchart graph TOPO [--format dot|svg|mermaid]\n"
        "\n"
        "Prints a picture of the network: each organization a cluster (its MSP ID\n"
        "and namespace) holding its CA, peers or orderers and CLI pod, the explorer,\n"
        "the NodePorts of exposed nodes, and each channel as a colored node linked\n"
        "in its color to the peers of its members and to the ordering service.\n"
        "The chart's README.md carries the Mermaid form.\n"
        "\n"
        "  --format dot|svg|mermaid\n"
        "                         Graphviz DOT (default); SVG drawn by Graphviz's\n"
        "                         `dot -Tsvg` (exit 3 when `dot` is not on PATH);\n"
        "                         a Mermaid flowchart\n"
        "  -h, --help             this help\n";
const struct fc_cli_option fc_cli_graph_options[] = {
        FC_CLI_OPT_VALUE("format", 0, format_name, NULL), /* checked by fc_cli_run_graph */
        FC_CLI_OPT_END,
};

/* Runs `dot -Tsvg` with text on its stdin and our stdout as its stdout. */
static int run_dot(const struct fc_strbuf *text)
{
	int fds[2];
	if (fflush(stdout) != 0 || pipe(fds) != 0) {
		fprintf(stderr, "fabchart: error: cannot run dot: %s [io]\n", strerror(errno));
		return FC_EXIT_IO;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	char *argv[] = {(char *)"dot", (char *)"-Tsvg", NULL};
	pid_t pid;
	int err = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (err != 0) {
		close(fds[1]);
		if (err == ENOENT)
			fprintf(stderr, "fabchart: error: --format svg needs Graphviz's `dot` on "
			                "PATH (Debian: apt-get install graphviz); --format dot "
			                "prints the graph without it [tool-missing]\n");
		else
			fprintf(stderr, "fabchart: error: cannot run dot: %s [io]\n",
			        strerror(err));
		return FC_EXIT_IO;
	}
	/* dot reads all of its input before it writes: no deadlock */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	size_t off = 0;
	while (off < text->len) {
		ssize_t n = write(fds[1], text->buf + off, text->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	int wstatus;
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (off < text->len || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		fprintf(stderr, "fabchart: error: dot -Tsvg failed (exit status %d) [io]\n",
		        WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
		return FC_EXIT_IO;
	}
	return FC_EXIT_OK;
}

int fc_cli_run_graph(struct fc_cli_run *r, int nargs, char **args)
{
	const char *usage = fc_cli_graph_usage;
	enum fc_graph_format format = FC_GRAPH_DOT;
	bool svg = r->opt.format_name && strcmp(r->opt.format_name, "svg") == 0;
	if (r->opt.format_name && !svg && fc_graph_parse_format(r->opt.format_name, &format) != 0)
		return fc_cli_usage_error(usage, "--format must be dot, svg or mermaid, not '%s'",
		                          r->opt.format_name);
	int status;
	const struct fc_network *net = fc_cli_one_network(r, usage, nargs, args, &status);
	if (!net)
		return status;
	struct fc_strbuf out = FC_STRBUF_INIT;
	fc_graph_format(&out, net, format);
	if (svg)
		status = run_dot(&out);
	else
		status = fwrite(out.buf, 1, out.len, stdout) == out.len ? FC_EXIT_OK : FC_EXIT_IO;
	fc_strbuf_release(&out);
	return status == FC_EXIT_OK ? fc_cli_exit_status(&r->diags) : status;
}

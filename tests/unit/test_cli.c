/*
 * test_cli - unit tests of the front end's command table (src/cli/): every
 * command has a name, a summary and a usage; `fabchart help X` and
 * `fabchart X --help` print X's usage; an option of one command is refused
 * by every command that does not declare it (exit 2, "does not apply"),
 * and accepted by the commands that do.  fc_cli_main runs in a child process
 * whose stdout and stderr go to files.
 */
#include "cli_private.h"
#include "cunit_main.h"
#include "model_fixture.h"
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct outcome {
	int status; /* exit status, or -1 when the child did not exit */
	struct fc_strbuf out, err;
};

static void read_back(FILE *f, struct fc_strbuf *sb)
{
	char buf[4096];
	size_t n;
	rewind(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fc_strbuf_add(sb, buf, n);
	fclose(f);
}

/* Runs `fabchart ARGS...` (a NULL-terminated list) through fc_cli_main. */
static void run(struct outcome *o, const char *arg, ...)
{
	char *argv[16] = {(char *)"fabchart"};
	int argc = 1;
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a && argc < 15; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	fc_strbuf_init(&o->out);
	fc_strbuf_init(&o->err);
	o->status = -1;
	FILE *out = tmpfile(), *err = tmpfile();
	CU_ASSERT_FATAL(out && err);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0) {
		if (dup2(fileno(out), STDOUT_FILENO) < 0 || dup2(fileno(err), STDERR_FILENO) < 0)
			_exit(99);
		int status = fc_cli_main(argc, argv);
		fflush(stdout);
		fflush(stderr);
		exit(status); /* LeakSanitizer checks the child */
	}
	int ws;
	if (waitpid(pid, &ws, 0) == pid && WIFEXITED(ws))
		o->status = WEXITSTATUS(ws);
	read_back(out, &o->out);
	read_back(err, &o->err);
}

static void release(struct outcome *o)
{
	fc_strbuf_release(&o->out);
	fc_strbuf_release(&o->err);
}

static size_t command_count(void)
{
	size_t n = 0;
	while (fc_cli_commands[n].name)
		n++;
	return n;
}

static const struct fc_cli_option *find_option(const struct fc_cli_command *c, const char *name)
{
	for (const struct fc_cli_option *o = c->options; o->name; o++)
		if (strcmp(o->name, name) == 0)
			return o;
	return NULL;
}

/* Every command has a unique name, a summary and a usage that name it, a run
 * function, and options that agree with the same option of other commands. */
static void test_table(void)
{
	size_t n = command_count();
	CU_ASSERT(n >= 7);
	for (size_t i = 0; i < n; i++) {
		const struct fc_cli_command *c = &fc_cli_commands[i];
		char head[64];
		snprintf(head, sizeof(head), "usage: fabchart %s", c->name);
		size_t len = strlen(head);
		report(c->usage && strncmp(c->usage, head, len) == 0 &&
		               (c->usage[len] == ' ' || c->usage[len] == '\n'),
		       __LINE__, "the usage of '%s' does not start with '%s'", c->name, head);
		report(c->usage && c->usage[strlen(c->usage) - 1] == '\n', __LINE__,
		       "the usage of '%s' does not end a line", c->name);
		snprintf(head, sizeof(head), "  %s ", c->name);
		report(c->summary && strncmp(c->summary, head, strlen(head)) == 0, __LINE__,
		       "the summary of '%s' does not start with '%s'", c->name, head);
		report(c->run != NULL && c->options != NULL, __LINE__, "'%s' lacks run or options",
		       c->name);
		report(fc_cli_find_command(c->name) == c, __LINE__, "'%s' is not found as itself",
		       c->name);
		for (const struct fc_cli_option *o = c->options; o->name; o++) {
			report(find_option(c, o->name) == o, __LINE__, "'%s' declares --%s twice",
			       c->name, o->name);
			for (size_t j = 0; j < n; j++) {
				const struct fc_cli_option *other =
				        find_option(&fc_cli_commands[j], o->name);
				report(!other || (other->arg == o->arg &&
				                  other->short_name == o->short_name),
				       __LINE__, "--%s of '%s' and of '%s' differ", o->name,
				       c->name, fc_cli_commands[j].name);
			}
		}
	}
	CU_ASSERT_PTR_NULL(fc_cli_find_command("help"));
	CU_ASSERT_PTR_NULL(fc_cli_find_command(""));
	CU_ASSERT_PTR_NULL(fc_cli_find_command("buil"));
}

/* `help X` and `X --help` print X's usage on stdout; `--help` lists every
 * command's summary. */
static void test_help(void)
{
	struct outcome o;
	run(&o, "--help", NULL);
	CU_ASSERT_EQUAL(o.status, 0);
	CU_ASSERT_EQUAL(o.err.len, 0);
	CU_ASSERT_EQUAL(strncmp(o.out.buf, "usage: fabchart <command>", 25), 0);
	for (const struct fc_cli_command *c = fc_cli_commands; c->name; c++)
		report(strstr(o.out.buf, c->summary) != NULL, __LINE__,
		       "--help does not list '%s':\n%s", c->name, o.out.buf);
	release(&o);
	for (const struct fc_cli_command *c = fc_cli_commands; c->name; c++) {
		run(&o, "help", c->name, NULL);
		report(o.status == 0 && strcmp(o.out.buf, c->usage) == 0 && o.err.len == 0,
		       __LINE__, "help %s: exit %d, stdout:\n%s\nstderr:\n%s", c->name, o.status,
		       o.out.buf, o.err.buf);
		release(&o);
		run(&o, c->name, "--help", NULL);
		report(o.status == 0 && strcmp(o.out.buf, c->usage) == 0 && o.err.len == 0,
		       __LINE__, "%s --help: exit %d, stdout:\n%s\nstderr:\n%s", c->name, o.status,
		       o.out.buf, o.err.buf);
		release(&o);
	}
	run(&o, "help", "frobnicate", NULL);
	CU_ASSERT_EQUAL(o.status, 2);
	CU_ASSERT_EQUAL(o.out.len, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(o.err.buf, "fabchart: error: unknown command 'frobnicate'\n\n"
	                                         "usage: fabchart <command>"));
	release(&o);
}

/* Each option of each command is refused by every command that lacks it:
 * exit 2, the message, then that command's usage on stderr. */
static void test_foreign_option(void)
{
	size_t refused = 0;
	for (const struct fc_cli_command *a = fc_cli_commands; a->name; a++)
		for (const struct fc_cli_option *opt = a->options; opt->name; opt++)
			for (const struct fc_cli_command *b = fc_cli_commands; b->name; b++) {
				bool seen = false; /* --format of build, then of validate */
				for (const struct fc_cli_command *p = fc_cli_commands; p < a; p++)
					seen = seen || find_option(p, opt->name);
				if (seen || find_option(b, opt->name))
					continue;
				char flag[64], want[256];
				snprintf(flag, sizeof(flag), "--%s", opt->name);
				snprintf(want, sizeof(want),
				         "fabchart: error: option '%s' does not apply to this "
				         "command\n\n",
				         flag);
				struct outcome o;
				run(&o, b->name, flag, opt->arg != FC_CLI_FLAG ? "x" : NULL, NULL);
				size_t wlen = strlen(want);
				report(o.status == 2 && strncmp(o.err.buf, want, wlen) == 0 &&
				               strcmp(o.err.buf + wlen, b->usage) == 0 &&
				               o.out.len == 0,
				       __LINE__, "%s %s (of %s): exit %d, stderr:\n%s", b->name,
				       flag, a->name, o.status, o.err.buf);
				release(&o);
				refused++;
			}
	CU_ASSERT(refused > 50);
}

/* Each command takes its own options: the parse goes on to the unknown
 * option that follows (or stops at the option's own value check). */
static void test_own_options(void)
{
	for (const struct fc_cli_command *c = fc_cli_commands; c->name; c++)
		for (const struct fc_cli_option *opt = c->options; opt->name; opt++) {
			char flag[64], refused[128], unknown[128];
			snprintf(flag, sizeof(flag), "--%s", opt->name);
			snprintf(refused, sizeof(refused), "option '%s' does not apply", flag);
			snprintf(unknown, sizeof(unknown), "unknown option '%s'", flag);
			struct outcome o;
			if (opt->arg != FC_CLI_FLAG)
				run(&o, c->name, flag, "x", "--zz-no-such-option", NULL);
			else
				run(&o, c->name, flag, "--zz-no-such-option", NULL);
			report(o.status == 2 && !strstr(o.err.buf, refused) &&
			               !strstr(o.err.buf, unknown) &&
			               (strstr(o.err.buf, "unknown option '--zz-no-such-option'") ||
			                strstr(o.err.buf, flag)),
			       __LINE__, "%s %s: exit %d, stderr:\n%s", c->name, flag, o.status,
			       o.err.buf);
			release(&o);
		}
}

void fc_test_register(void)
{
	FC_SUITE("cli", FC_TEST(test_table), FC_TEST(test_help), FC_TEST(test_foreign_option),
	         FC_TEST(test_own_options));
}

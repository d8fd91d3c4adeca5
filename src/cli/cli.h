/*
 * cli - the command-line front end (src/cli/): parses options, runs the
 * pipeline, prints diagnostics and summaries, and chooses the exit status.
 * The only code that prints or exits.  fc_cli_main is main's entry; the
 * command table and what the front end's files share are in cli_private.h.
 */
#ifndef FC_CLI_H
#define FC_CLI_H

enum fc_exit {
	FC_EXIT_OK = 0,
	FC_EXIT_REJECTED = 1, /* input rejected */
	FC_EXIT_USAGE = 2,
	FC_EXIT_IO = 3, /* I/O or library failure */
	FC_EXIT_INTERNAL = 4,
	FC_EXIT_STEPS = 5, /* plan: manual steps remain, nothing refused */
};

int fc_cli_main(int argc, char **argv);

#endif

/* cli - placeholder while the pipeline is built. */
#include "cli.h"
int fc_cli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return FC_EXIT_INTERNAL;
}

/*
 * main - the fabchart command: hands argv to the front end (cli.h).
 */
#include "cli.h"

int main(int argc, char **argv)
{
	return fc_cli_main(argc, argv);
}

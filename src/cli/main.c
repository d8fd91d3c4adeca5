/*
 * main - the fabchart command: hands argv to the front end (cli.h).
 */
#include "cli.h"
#include "cli_heap.h"

int main(int argc, char **argv)
{
	fc_cli_heap_on_huge_pages();
	return fc_cli_main(argc, argv);
}

/*
 * fc_inventory - a developer aid, not installed: prints the inventory of a
 * topology's chart (src/inventory.h) in its canonical text form, the one
 * tests/integration/inventory_samples.sh compares with `helm template`.
 *
 *   fc_inventory [--release NAME] [--namespace NS] [--runtime] [--positions] TOPOLOGY
 *
 * --release and --namespace are the release's (helm template's defaults:
 * release-name, default); --runtime adds the Secrets the identity Job makes
 * in the cluster; --positions ends each object's first line with the
 * topology position its name comes from and what the object is.  Exit
 * status: 0, 1 when the topology is rejected (diagnostics on stderr), 2 on
 * a usage error.
 */
#include "arena.h"
#include "compile.h"
#include "diag.h"
#include "inventory.h"
#include "output.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fputs("usage: fc_inventory [--release NAME] [--namespace NS] [--runtime] [--positions] "
	      "TOPOLOGY\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct fc_inventory_options options = {0};
	bool runtime = false, positions = false;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--release") == 0 && i + 1 < argc)
			options.release = argv[++i];
		else if (strcmp(argv[i], "--namespace") == 0 && i + 1 < argc)
			options.release_namespace = argv[++i];
		else if (strcmp(argv[i], "--runtime") == 0)
			runtime = true;
		else if (strcmp(argv[i], "--positions") == 0)
			positions = true;
		else if (argv[i][0] == '-' || path)
			return usage();
		else
			path = argv[i];
	}
	if (!path)
		return usage();
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct fc_diags diags;
	fc_diags_init(&diags, &arena);
	struct fc_compile_options copt = {.goal = FC_GOAL_VALIDATE};
	struct fc_compile_result res = {0};
	struct fc_strbuf text = FC_STRBUF_INIT;
	bool truncated;
	int rc = fc_read_file(path, (size_t)1 << 20, &text, &truncated, &diags);
	if (rc == 0)
		rc = fc_compile(&arena, path, text.buf ? text.buf : "", text.len, &copt, &res,
		                &diags);
	struct fc_strbuf out = FC_STRBUF_INIT;
	fc_diags_sort(&diags);
	for (size_t i = 0; i < diags.count; i++)
		fc_diag_format_text(&out, diags.items[i], NULL, 0);
	fputs(out.buf ? out.buf : "", stderr);
	fc_strbuf_reset(&out);
	if (rc == 0) {
		struct fc_inventory inv;
		fc_inventory_collect(&arena, res.network, res.document, &options, &inv);
		fc_inventory_print(&out, &inv, runtime, positions);
		fc_inventory_release(&inv);
		fwrite(out.buf, 1, out.len, stdout);
	}
	fc_strbuf_release(&out);
	fc_strbuf_release(&res.archive);
	fc_diags_release(&diags);
	fc_arena_release(&arena);
	fc_strbuf_release(&text);
	return rc == 0 ? 0 : 1;
}

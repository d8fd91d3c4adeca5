/*
 * compile - the pipeline: topology text -> document -> checked document ->
 * network model -> chart files -> .tgz bytes.
 *
 * Each stage runs only when the previous one reported no error; every error
 * of a stage is reported together.  Warnings become errors with werror.
 * Nothing here touches the file system except reading a --skeleton
 * directory; writing the archive is the caller's (output.h).
 *
 * Ownership: everything in the result lives in the arena, except
 * result->archive (a strbuf the caller releases).
 */
#ifndef FC_COMPILE_H
#define FC_COMPILE_H

#include "diag.h"
#include "fileset.h"
#include "model.h"
#include "semver.h" /* chart_version is SemVer 2: fc_is_semver() */
#include "sha256.h"

#include <stdbool.h>
#include <time.h>

enum fc_compile_goal {
	FC_GOAL_VALIDATE, /* load, validate, model */
	FC_GOAL_RENDER, /* ... and render the chart's files */
	FC_GOAL_PACK, /* ... and pack them */
};

struct fc_compile_options {
	enum fc_compile_goal goal;
	const char *chart_version; /* overrides the topology's; NULL to keep it */
	const char *skeleton_dir; /* NULL: the embedded skeleton */
	bool werror;
	time_t mtime; /* of archive entries */
	/* build --from: the network the chart replaces (its channel config
	 * updates become configUpdates, confupdate.h) and the plan's text
	 * (files/upgrade-plan.txt); NULL for a chart that replaces none */
	const struct fc_network *previous;
	const char *upgrade_plan;
};

struct fc_compile_result {
	struct fc_node *document;
	struct fc_network *network;
	struct fc_fileset chart;
	struct fc_strbuf archive;
	const char *archive_name; /* "<chart>-<version>.tgz" */
	char topology_sha256[FC_SHA256_HEX_SIZE];
};

/* The version string of fabchart itself. */
const char *fc_version(void);

/* The embedded topology JSON Schema. */
const char *fc_topology_schema_text(size_t *len);

/*
 * Compiles the topology text (len bytes, named file).  Returns 0, or -1 when
 * any error was reported (input rejected, or a library failure reported as
 * [io]/[archive]/[internal]).
 */
int fc_compile(struct fc_arena *arena, const char *file, const char *text, size_t len,
               const struct fc_compile_options *options, struct fc_compile_result *result,
               struct fc_diags *diags);

#endif

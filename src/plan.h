/*
 * plan - `fabchart plan OLD NEW`: what changes from one version of a network
 * to the next, each change classified (issue 17):
 *
 *   automatic  what the new chart does on `helm upgrade` (peers, peer
 *              organizations, channels, members, anchor peers, orderers of an
 *              existing orderer organization on 2.5 and later, batch settings,
 *              chaincode sequences, images within a Fabric minor, resources,
 *              exposure and isolation)
 *   step       needs the operator: exact commands are attached (a Fabric
 *              minor or major upgrade, an organization leaving a channel,
 *              removing a consenter, etcdraft -> BFT or Kafka -> etcdraft, a
 *              new orderer organization, orderers added on 1.4)
 *   refused    a diagnostic at NEW's position (renaming an organization, MSP
 *              ID, domain, network or channel; removing what holds data
 *              without allow_removal; a chaincode sequence lowered or not
 *              raised by one; TLS switched; keys regenerated; a Fabric
 *              downgrade; volumes changed)
 *
 * A change that edits a channel's configuration names the policy that its
 * config update must satisfy and the admins who may sign it (the members
 * per OLD, which is the configuration the update applies to), with the
 * number Fabric needs (fabrules.h).
 *
 * Both topologies go through the pipeline of `fabchart validate`
 * (compile.h); their diagnostics are reported as usual and the plan is made
 * only when both are valid (the same file given twice is compiled once, so
 * each of its diagnostics is reported once).  Refused changes are also error diagnostics
 * (codes plan-*, docs/diagnostics.md) at NEW's file:line:col.
 *
 * Ownership: the plan and its strings live in the arena.
 */
#ifndef FC_PLAN_H
#define FC_PLAN_H

#include "compile.h"

#include <stdbool.h>
#include <stddef.h>

enum fc_plan_class { FC_PLAN_AUTOMATIC, FC_PLAN_STEP, FC_PLAN_REFUSED };

/* Who signs a config update: needed of the admins of msp_ids, by policy. */
struct fc_plan_signers {
	const char *policy; /* "/Channel/Application/Admins" */
	const char *rule; /* "MAJORITY Admins", or "Admins" for one organization's own */
	const char **msp_ids;
	size_t count;
	size_t needed;
};

struct fc_plan_change {
	enum fc_plan_class cls;
	const char *subject; /* "peers", "organization", "channel", "chaincode", ... */
	const char *text; /* "org2 gets peer2 (peer2.org2.example.com)" */
	const char *code; /* refused: the diagnostic's code; NULL otherwise */
	struct fc_pos pos; /* in NEW (line 0 when NEW has nothing to point at) */
	const char *channel; /* the channel whose configuration changes, or NULL */
	/* /Channel/Admins is MAJORITY of both groups' Admins: two sets then */
	struct fc_plan_signers signers[2];
	size_t signer_sets;
	const char *approvals_policy; /* chaincode: LifecycleEndorsement, or NULL */
	const char **commands; /* step: the commands, in order */
	size_t command_count;
};

struct fc_plan {
	struct fc_plan_change *changes;
	size_t count, alloc;
	size_t automatic, steps, refused;
};

struct fc_plan_options {
	bool allow_removal; /* organizations, peers, channels, chaincodes may go */
};

/*
 * Compiles OLD and NEW (as `fabchart validate` does) and compares them into
 * *plan.  Returns -1 when either topology is rejected (its diagnostics
 * recorded), else 0 (refused changes are error diagnostics too).
 */
int fc_plan_topologies(struct fc_arena *arena, const char *old_file, const char *old_text,
                       size_t old_len, const char *new_file, const char *new_text, size_t new_len,
                       const struct fc_plan_options *opt, struct fc_plan *plan,
                       struct fc_diags *diags);

/* Compares two compiled networks (document and model of each). */
void fc_plan_compare(struct fc_arena *arena, const struct fc_compile_result *old_net,
                     const struct fc_compile_result *new_net, const struct fc_plan_options *opt,
                     struct fc_plan *plan, struct fc_diags *diags);

/* A topology read out of a chart. */
struct fc_plan_source {
	/* "CHART.tgz:<chart>/files/topology.yaml", for diagnostics (CHART.tgz
	 * alone when the archive is no chart) */
	const char *name;
	const char *text; /* NUL-terminated */
	size_t len;
};

/*
 * The topology the chart archive tgz (len bytes, named chart_file) was built
 * from: its files/topology.yaml, checked against Chart.yaml's annotation
 * fabchart.dev/topology-sha256 (plan_chart.c).  Returns 0, or -1 with a
 * [chart-invalid] error (not a chart), [plan-chart-topology] (no topology or
 * no annotation) or [plan-chart-tampered] (the file does not match).
 */
int fc_plan_chart_topology(struct fc_arena *arena, const char *chart_file, const void *tgz,
                           size_t len, struct fc_plan_source *out, struct fc_diags *diags);

/* "automatic", "step", "refused". */
const char *fc_plan_class_name(enum fc_plan_class cls);

#endif

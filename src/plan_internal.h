/*
 * plan_internal - the private side of the plan module, shared by plan.c (the
 * comparison) and plan_steps.c (signatures and the commands of steps): the
 * comparison's context and the functions that add to the plan.
 *
 * Ownership: as plan.h; everything lives in the context's arena.
 */
#ifndef FC_PLAN_INTERNAL_H
#define FC_PLAN_INTERNAL_H

#include "plan.h"

struct plan_ctx {
	struct fc_arena *arena;
	struct fc_diags *diags;
	const struct fc_plan_options *opt;
	const struct fc_network *old, *new;
	const struct fc_node *new_doc;
	const char *new_file;
	struct fc_plan *plan;
};

/* ---- plan.c: building the plan ---- */

/* Appends a change (its text formatted) and counts it in its class. */
__attribute__((format(printf, 4, 5))) struct fc_plan_change *
fc_plan_add(struct plan_ctx *c, enum fc_plan_class cls, const char *subject, const char *fmt, ...);
/* Appends a command to a step. */
__attribute__((format(printf, 3, 4))) void
fc_plan_command(struct plan_ctx *c, struct fc_plan_change *ch, const char *fmt, ...);
/* The position of pointer/key in NEW (the pointer's node when key is absent,
 * the file when neither resolves). */
struct fc_pos fc_plan_new_pos(struct plan_ctx *c, const char *pointer, const char *key);

/* ---- plan_steps.c: who signs, and the steps ---- */

/* s: needed of the admins of orgs (MAJORITY Admins; one org's own Admins when one_org). */
void fc_plan_signers_of(struct plan_ctx *c, struct fc_plan_signers *s, const char *policy,
                        struct fc_org *const *orgs, size_t count, bool one_org);
struct fc_org **fc_plan_orderer_org_list(struct plan_ctx *c, const struct fc_network *net);
/* A change of /Channel/Application of channel ch (OLD's members sign). */
void fc_plan_sign_application(struct plan_ctx *c, struct fc_plan_change *chg,
                              const struct fc_channel *ch);
/* A change of /Channel/Orderer (OLD's orderer organizations sign). */
void fc_plan_sign_orderer(struct plan_ctx *c, struct fc_plan_change *chg, const char *channel);
/* Steps: etcdraft -> BFT or kafka -> etcdraft; a consenter leaving; a peer
 * organization leaving a channel; a Fabric upgrade; a channel removed. */
void fc_plan_consensus_migration(struct plan_ctx *c, const char *to_type);
void fc_plan_remove_consenter(struct plan_ctx *c, const struct fc_org *org,
                              const struct fc_orderer *od);
void fc_plan_leave_channel(struct plan_ctx *c, const struct fc_org *o, const struct fc_channel *ch);
/* A new orderer organization n whose nodes are named in nodes (a step). */
void fc_plan_add_orderer_org(struct plan_ctx *c, const struct fc_org *n, const char *nodes);
void fc_plan_fabric_upgrade(struct plan_ctx *c, struct fc_pos pos);
void fc_plan_remove_channel(struct plan_ctx *c, const struct fc_channel *oc);

#endif

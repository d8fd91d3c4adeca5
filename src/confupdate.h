/*
 * confupdate - the channel config updates a chart applies on `helm upgrade`
 * from the network it replaces (issue 17): what changes in each existing
 * channel's configuration, as a jq filter over the config JSON that
 * `configtxlator proto_decode` prints, and the organization Jobs that make
 * the update (files/scripts/config-update.sh, templates/config-update-jobs.yaml).
 *
 * For each channel of both networks, in channel order:
 *   add-<org>      an organization that joins it, with its anchor peers on it:
 *                  /Channel/Application/Admins, MAJORITY of the members per
 *                  OLD; the new organization prints its definition first
 *                  (configtxgen -printOrg, in its own namespace)
 *   anchors-<org>  an existing member's anchor peers change: its own Admins
 *   consenter-<org>-<orderer>
 *                  an orderer new in an orderer organization of both
 *                  networks (2.5 and later, etcdraft or BFT) becomes a
 *                  consenter, one update per orderer and channel:
 *                  /Channel/Orderer/Admins, MAJORITY of OLD's orderer
 *                  organizations; its organization joins it first as a
 *                  follower (follow) and waits last until it is an active
 *                  consenter (await)
 *   batch          the batch settings change (timeout, maxMessageCount,
 *                  absoluteMaxBytes, preferredMaxBytes): /Channel/Orderer/
 *                  Admins, MAJORITY of the orderer organizations
 * The signers are the first `needed` organizations by name (fabrules.h:
 * MAJORITY of N is N/2 + 1); the first computes and signs, the next ones
 * sign, the last submits (`peer channel update` adds its own signature), so
 * exactly `needed` admins sign; Jobs of one organization next to each other
 * are one Job.  Only the envelope travels between their namespaces.  Each Job has a sequence
 * number: Helm runs hooks of one weight in name order, one at a time.
 *
 * Ownership: everything lives in the arena.
 */
#ifndef FC_CONFUPDATE_H
#define FC_CONFUPDATE_H

#include "model.h"

/*
 * Adds `configUpdates` and `configUpdateNamespaces` to values (nothing when
 * no channel's configuration changes from old to net); admin_port is
 * osnadmin's on every orderer (fc_render_admin_port; 0: no channel
 * participation, no consenter is added).  Returns how many updates were
 * added.
 */
size_t fc_confupdate_add_values(struct fc_arena *arena, const struct fc_network *old,
                                const struct fc_network *net, unsigned admin_port,
                                struct fc_node *values);

#endif

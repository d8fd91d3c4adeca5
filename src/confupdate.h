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
 *   batch          the batch settings change (timeout, maxMessageCount):
 *                  /Channel/Orderer/Admins, MAJORITY of the orderer
 *                  organizations
 * The signers are the first `needed` organizations by name (fabrules.h:
 * MAJORITY of N is N/2 + 1); the first computes and signs, the next ones
 * sign, the last submits (`peer channel update` adds its own signature), so
 * exactly `needed` admins sign.  Only the envelope travels between their
 * namespaces.  Each Job has a sequence number: Helm runs hooks of one weight
 * in name order, one at a time.
 *
 * Ownership: everything lives in the arena.
 */
#ifndef FC_CONFUPDATE_H
#define FC_CONFUPDATE_H

#include "model.h"

/*
 * Adds `configUpdates` and `configUpdateNamespaces` to values (nothing when
 * no channel's configuration changes from old to net).  Returns how many
 * updates were added.
 */
size_t fc_confupdate_add_values(struct fc_arena *arena, const struct fc_network *old,
                                const struct fc_network *net, struct fc_node *values);

#endif

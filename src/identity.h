/*
 * identity - the identity plan: every Secret the chart's identity Job makes,
 * in which namespace, and from what.  It is the one seam between the chart
 * and where identities come from (cryptogen, or each organization's Fabric
 * CA: both write the same Secrets).
 *
 * One line per Secret, "NAMESPACE NAME KIND ITEM...", sorted as written:
 *   files   ITEM = KEY=PATH[,PATH...], a file of the cryptogen/configtxgen
 *           output (relative to the Job's work directory; a trailing "*_sk"
 *           is a glob for cryptogen's private key file names), uploaded from
 *           the first PATH and restored to every PATH;
 *   random  ITEM = KEY=VALUE, or KEY alone for a random password made in
 *           the cluster.
 * Paths are under crypto-config/ (the nodes' and users' identities),
 * crypto-servers/ (the TLS server pairs of fabcfg.h's crypto-servers.yaml:
 * Secret ca-operations-tls of each CA, <service>-tls of each chaincode
 * server with TLS), ccaas/<peer host>.json (Secret <peer>-ccaas: the ccaas
 * builder's configuration of a peer whose organization runs a chaincode with
 * TLS, ccpackage.h) and artifacts/ (configtxgen's).
 * The Job creates a Secret only when it does not exist (keys are never
 * regenerated), and before cryptogen runs it writes the "files" Secrets that
 * exist back to their paths, so `cryptogen extend` only adds what is new:
 * org-ca holds all an existing organization needs for that (its CA pairs,
 * verifying MSP and Admin; see identity.c).
 * No key, password or token is ever in the chart: only these paths.
 */
#ifndef FC_IDENTITY_H
#define FC_IDENTITY_H

#include "model.h"
#include "strbuf.h"

void fc_identity_plan(struct fc_strbuf *out, const struct fc_network *net);

/*
 * With identities: fabric-ca the plan is split by who may make each Secret:
 * fc_identity_plan_org, the lines of org's own material (its namespace, its
 * own keys and certificates: files/enroll/<org>.plan, uploaded by its
 * enrollment Job), and fc_identity_plan_public, the rest: other
 * organizations' TLS CA certificates and the channel blocks, all public,
 * which the genesis Job makes from the organizations' published
 * certificates (files/genesis.plan).  Together they are fc_identity_plan's
 * lines (a fabric-ca network has no explorer).
 */
void fc_identity_plan_org(struct fc_strbuf *out, const struct fc_network *net,
                          const struct fc_org *org);
void fc_identity_plan_public(struct fc_strbuf *out, const struct fc_network *net);

/*
 * The certificates among the plan's Secrets, for the helm test of their
 * expiry (templates/tests/test-certs.yaml): one entry per Secret holding
 * one, in plan order, with its certificate keys "KEY[,KEY...]": the items
 * whose first path ends in .crt or .pem and that are no private key (*.key,
 * key.pem).  Returns the count; the array and strings are arena's.
 */
struct fc_identity_certs {
	const char *ns, *secret, *keys;
};
size_t fc_identity_certificates(struct fc_arena *arena, const struct fc_network *net,
                                struct fc_identity_certs **out);

/*
 * The orderer organizations whose admins sign, in turn, the channel config
 * update that renews a BFT consenter of req (files/scripts/renew.sh
 * consent; identities from Fabric CA): /Channel/Orderer/Admins is MAJORITY
 * of the orderer organizations (fabrules.h), and req submits the update
 * last (`peer channel update` adds its own signature), so the first
 * needed - 1 others by name.  chain has room for net->orderer_org_count;
 * returns how many were written.
 */
size_t fc_identity_renewal_signers(const struct fc_network *net, const struct fc_org *req,
                                   const struct fc_org **chain);

/*
 * The renewal requests org's CronJob takes from other namespaces: its own,
 * signed by all, from the last of its signers (when it has any), then, by
 * requester name, each request it signs, from the namespace before it in
 * that request's chain.  Returns the count; the array is arena's.
 */
struct fc_renewal_read {
	const struct fc_org *requester;
	const char *from; /* namespace */
};
size_t fc_identity_renewal_reads(struct fc_arena *arena, const struct fc_network *net,
                                 const struct fc_org *org, struct fc_renewal_read **out);

#endif

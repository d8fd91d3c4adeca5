/*
 * fabcfg - Fabric's own configuration files, generated from the model:
 * crypto-config.yaml (cryptogen) and configtx.yaml (configtxgen).
 *
 * Rules (FABRIC.md §2-4):
 *  - crypto-config: every organization with NodeOUs on and every node as an
 *    explicit Spec whose SANS list every name the node is reached by (its
 *    Service and headless Service, short, namespaced and fully qualified);
 *  - configtx: Organizations (Name = ID = MSP ID, MSPDir, Readers, Writers,
 *    Admins, and Endorsement for peer organizations; OrdererEndpoints for
 *    orderer organizations; AnchorPeers per channel), Capabilities by version
 *    (Channel V1_4_3 / V2_0 / V3_0; Orderer V1_4_2 / V2_0; Application
 *    V1_4_2 / V2_5), Application policies with LifecycleEndorsement and
 *    Endorsement, Orderer (type, batch, EtcdRaft Consenters, BFT
 *    ConsenterMapping and SmartBFT, Kafka brokers; BlockValidation), Channel
 *    policies, and a profile per channel (plus the system channel's profile
 *    and consortium on 1.4).  Everything is written out in full in each
 *    profile (no YAML anchors), so each channel carries its own anchor peers.
 * Never a configuration configtxgen accepts but Fabric rejects: every
 * channel has Channel capabilities, orderer organizations always have
 * OrdererEndpoints, solo is never combined with channel participation (the
 * model rejects it).
 *
 * Paths in configtx.yaml are relative to the directory holding it, with the
 * cryptogen output in "crypto-config/" beside it.
 */
#ifndef FC_FABCFG_H
#define FC_FABCFG_H

#include "emit.h"
#include "model.h"
#include "strbuf.h"

struct fc_node *fc_fabcfg_crypto_config(struct fc_arena *arena, const struct fc_network *net);
struct fc_node *fc_fabcfg_configtx(struct fc_arena *arena, const struct fc_network *net);

/*
 * crypto-servers.yaml: the cryptogen input of the TLS server pairs that are no
 * node's or user's identity: each CA's operations endpoint (Spec "ca") and
 * each chaincode server with TLS (Spec <service>), per organization, with the
 * names of the server's Service as SANS.  The identity Job runs cryptogen on
 * it with the organization's own TLS CA in place of the one cryptogen makes
 * and a throwaway signing CA (identities.sh servers), so that each pair is a
 * TLS server certificate of the organization's TLS CA while its signing
 * certificate belongs to no MSP.  NULL when no server needs a pair.
 */
#define FC_FABCFG_CA_SERVER "ca"
struct fc_node *fc_fabcfg_crypto_servers(struct fc_arena *arena, const struct fc_network *net);

/*
 * files/enroll/<org>.list, with identities: fabric-ca: who the organization's
 * enrollment Job (files/scripts/enroll.sh) enrolls, one "ROLE NAME DIR HOSTS"
 * line each after a comment line:
 *   ROLE   fabric-ca's id.type (peer, orderer, admin), or server: a
 *          TLS server pair of its TLS CA only, no MSP identity (crypto-servers)
 *   NAME   the enrollment ID and the certificate's CN: cryptogen's folder name
 *          (<node>.<domain>, Admin@<domain>); servers' names are "tls-" and
 *          theirs, but Fabric CA wants the CN to be the enrollment ID, so
 *          enroll.sh enrolls every identity as its folder's name
 *   DIR    the identity's folder in cryptogen's layout, which the identity plan
 *          (identity.h) reads: crypto-config/... or crypto-servers/...
 *   HOSTS  csr.hosts, comma-separated: the names crypto-config.yaml gives the
 *          node (its Services' names and external host), "-" for users
 */
void fc_fabcfg_enroll_list(struct fc_strbuf *out, struct fc_arena *arena,
                           const struct fc_network *net, const struct fc_org *org);

/* The capabilities configtx.yaml gives every channel of net (one per group), as
 * `fabchart plan` compares them between two versions of a network. */
struct fc_fabcfg_capabilities {
	const char *channel, *orderer, *application; /* "V3_0", "V2_0", "V2_5", ... */
};
struct fc_fabcfg_capabilities fc_fabcfg_capabilities(const struct fc_network *net);

#endif

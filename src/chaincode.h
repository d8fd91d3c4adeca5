/*
 * chaincode - the topology's `chaincodes:`: chaincode as a service (CCaaS),
 * read into the model and checked against the network and Fabric's rules,
 * and written into the chart's values and files.
 *
 * A chaincode runs as a server of its own, one per (chaincode, organization
 * that runs it), reached by that organization's peers at the Service
 * <name>-<org>-s<sequence> in the organization's namespace: a new sequence
 * gets a new server, and the old one serves until the new definition is
 * committed (chaincode-jobs.yaml removes it after the commits).  The peers install a CCaaS
 * package that holds only that address (ccpackage.h builds it).
 *
 * Rules and their diagnostic codes (docs/diagnostics.md):
 *   chaincode-unsupported          chaincodes on Fabric 1.4 (no new lifecycle)
 *   duplicate-chaincode            two chaincodes of one name
 *   chaincode-reserved-name        a system chaincode's name (cscc, escc, lscc,
 *                                  qscc, vscc: core/chaincode/lifecycle/scc.go)
 *   chaincode-unknown-channel      a channel the topology does not define
 *   chaincode-unknown-organization an organization that is no peer organization
 *   chaincode-organization-not-member  an organization in none of its channels
 *   chaincode-image-no-digest      warning: an image by tag only
 *   chaincode-env-reserved         env setting CHAINCODE_SERVER_ADDRESS,
 *                                  CHAINCODE_ID or CORE_CHAINCODE_ID_NAME, or
 *                                  with tls the TLS files' variables (the
 *                                  chart sets them)
 *   chaincode-name-too-long        the Service <name>-<org>-s<sequence> over 63
 *   policy-syntax                  a policy Fabric's parser rejects, at the
 *                                  offending character (fabpolicy.h)
 *   policy-reference-unknown       a channel policy reference that is not one
 *                                  of /Channel/Application/{Readers,Writers,
 *                                  Admins,Endorsement,LifecycleEndorsement}
 *   endorsement-policy-non-member  a principal whose MSP ID is not a member
 *                                  of one of the chaincode's channels
 *   endorsement-policy-not-running warning: a principal of an organization
 *                                  that does not run the chaincode
 *   duplicate-collection           two collections of one name (scc.go)
 *   collection-policy-non-member   a collection member that is not a member
 *                                  of one of the chaincode's channels (scc.go,
 *                                  validateCollectionConfigMemberOrgsPolicy)
 *   collection-policy-not-or       a member policy that is not an OR of
 *                                  principals (scc.go, validateSpOrConcat)
 *   collection-peer-count          maxPeerCount below requiredPeerCount (scc.go)
 *   collection-required-peers      requiredPeerCount above the peers of the
 *                                  member organizations but the endorser
 * Names, versions and counts are the schema's (patterns of scc.go's
 * ChaincodeNameRegExp, ChaincodeVersionRegExp, collectionNameRegExp;
 * sequence an integer >= 1).
 *
 * Ownership: everything lives in the arena of the model.
 */
#ifndef FC_CHAINCODE_H
#define FC_CHAINCODE_H

#include "emit.h"
#include "fabpolicy.h"
#include "fileset.h"
#include "model.h"

#include <stdint.h>

#define FC_CHAINCODE_DEFAULT_PORT 9999
#define FC_CHAINCODE_DEFAULT_DIAL_TIMEOUT "10s"

struct fc_collection {
	const char *name;
	struct fc_pos pos;
	const char *policy;
	struct fc_fabpolicy *parsed;
	unsigned required_peer_count, max_peer_count;
	uint64_t block_to_live;
	bool member_only_read, member_only_write;
};

/* One organization's server of a chaincode and its package. */
struct fc_chaincode_org {
	const struct fc_org *org;
	const char *service; /* <chaincode>-<org>-s<sequence>, in the organization's namespace */
	const char *address; /* <service>.<namespace>.svc.<cluster domain>:<port> */
	const char *package_file; /* chart path: files/chaincode/<service>.tar.gz */
	/* set by fc_ccpackage_build_all (ccpackage.h) */
	const unsigned char *package;
	size_t package_size;
	const char *package_id; /* <label>:<sha256 hex of the package bytes> */
};

struct fc_chaincode {
	const char *name;
	struct fc_pos pos;
	const char *pointer;
	const struct fc_channel **channels;
	size_t channel_count;
	const char *image; /* repository[:tag][@digest] */
	const char *version;
	unsigned sequence;
	const char *label; /* <name>_<version> */
	/* exactly one of the two */
	const char *signature_policy; /* Fabric policy syntax */
	const char *channel_config_policy; /* /Channel/Application/<policy> */
	struct fc_fabpolicy *endorsement; /* the parsed signature policy */
	bool init_required;
	struct fc_collection *collections;
	size_t collection_count;
	struct fc_chaincode_org *orgs;
	size_t org_count;
	unsigned port;
	const char *dial_timeout;
	/* the topology's `tls`: the peer dials the server over TLS with client
	 * authentication (connection.json tls_required, client_auth_required);
	 * the server's pair comes from the identity Job (identity.h) */
	bool tls_required;
	/* the topology's test: peer chaincode query's --ctor ({"Args":[...]}, JSON)
	 * and the exact answer, NULL when not given (helm test then checks only
	 * that the definition is committed, or only that the query succeeds) */
	const char *test_ctor, *test_expect;
	struct fc_resources resources;
	struct fc_chaincode_env {
		const char *name, *value;
	} * env;
	size_t env_count;
};

/*
 * Reads root's `chaincodes:` into net->chaincodes, after fc_model_build.
 * Reports every error and warning above; returns -1 when it found an error.
 */
int fc_chaincode_build(struct fc_arena *arena, struct fc_network *net, const struct fc_node *root,
                       struct fc_diags *diags);

/* Whether org runs a chaincode whose peers dial it over TLS: its peers then
 * carry the ccaas builder's CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG (the
 * certificates connection.json names as templates, ccpackage.h). */
bool fc_chaincode_org_has_tls(const struct fc_network *net, const struct fc_org *org);

/* org's chaincode servers that peers dial over TLS, in topology order: start
 * with *cursor 0; each call returns the next one's Service name, NULL after
 * the last. */
const char *fc_chaincode_next_tls_server(const struct fc_network *net, const struct fc_org *org,
                                         size_t *cursor);

/* Adds `chaincodes:` to the chart's values (nothing when there are none).
 * Package IDs must be set (fc_ccpackage_build_all). */
void fc_chaincode_add_values(struct fc_arena *arena, const struct fc_network *net,
                             struct fc_node *values);

/* Adds each package to the chart at its package_file. */
void fc_chaincode_add_files(struct fc_arena *arena, const struct fc_network *net,
                            struct fc_fileset *chart);

#endif

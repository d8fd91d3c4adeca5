/*
 * connprofile - the connection profile of each peer organization: the
 * common connection profile of Fabric's SDKs and Gateway clients (name,
 * version, client, organizations, peers, orderers, certificateAuthorities),
 * written into the chart as files/profiles/<organization>.json.
 *
 * Each node's url is its external address (externalHost) when it has one,
 * else its Service address; grpcs:// (grpc:// without TLS) for peers and
 * orderers, https:// (http://) for the CA.  Certificates are made in the
 * cluster, so the file holds a placeholder where each PEM goes, alone on
 * its string: "@pem:SECRET/KEY@", the key KEY of the Secret SECRET in the
 * organization's namespace.  The profile Job (files/scripts/profile.sh,
 * templates/profile.yaml) mounts those Secrets, puts each PEM in place and
 * writes the result into the ConfigMap connection-profile.  The Secrets are
 * public material only: org-certs (the organization's CA and TLS CA
 * certificates, identity.c) and orderer-tlsca-<orderer organization>.
 *
 * Ownership: the files live in the arena, as the chart's others.
 */
#ifndef FC_CONNPROFILE_H
#define FC_CONNPROFILE_H

#include "fileset.h"
#include "model.h"

void fc_connprofile_add_files(struct fc_arena *arena, const struct fc_network *net,
                              struct fc_fileset *chart);

#endif

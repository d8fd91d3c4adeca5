/*
 * ccpackage - the CCaaS chaincode packages of the chart, built by the
 * compiler, and their package IDs.
 *
 * A package is what `peer lifecycle chaincode install` takes: a gzip'd tar
 * holding metadata.json ({"type":"ccaas","label":...}) and code.tar.gz, a
 * gzip'd tar holding connection.json ({"address", "dial_timeout",
 * "tls_required"}, and with TLS "client_auth_required", "root_cert",
 * "client_cert", "client_key"): the files Fabric's persistence reads
 * (core/chaincode/persistence/chaincode_package.go, ParseChaincodePackage:
 * regular files named metadata.json and code.tar.gz) and the ccaas builder
 * takes (ccaas_builder/cmd/detect/main.go: type "ccaas", any case;
 * cmd/build/main.go: connection.json's fields), at v2.5.12 and v3.1.1.
 *
 * The bytes are deterministic: tar.h's writer (USTAR, mode 0644, uid/gid 0,
 * no owner names, gzip header without time or name), a fixed mtime of 0 and
 * zlib level 1 (level 9 made the sample's packages larger, 402 bytes against
 * 355, and cost 2.2 times the instructions on the 540 packages of the 27 x 36
 * benchmark network with 20 chaincodes), JSON with keys in a fixed order and
 * no spaces.  So the package ID,
 * <label>:<lowercase hex sha256 of the package bytes>
 * (core/chaincode/persistence/persistence.go, PackageID), is known when the
 * chart is built, and stays the same from one build to the next while the
 * label and the address stay the same.
 *
 * Ownership: packages and IDs live in the arena.
 */
#ifndef FC_CCPACKAGE_H
#define FC_CCPACKAGE_H

#include "chaincode.h"
#include "strbuf.h"

/*
 * With TLS, connection.json's root_cert, client_cert and client_key are Go
 * templates over these keys of the JSON object in the peer's
 * CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG: the ccaas builder's build step
 * executes every string field of connection.json as a template over it
 * (ccaas_builder/cmd/build/main.go at v2.5.12 and v3.1.1, missingkey=error),
 * and the peer dials with the result (core/container/externalbuilder/
 * instance.go ChaincodeServerInfo).  The identity Job writes that object
 * (files/scripts/identities.sh ccaas_config): the organization's TLS CA
 * certificate, which issued the server's pair, and the peer's own TLS pair.
 */
#define FC_CCPACKAGE_ROOT_CERT "root_cert"
#define FC_CCPACKAGE_CLIENT_CERT "client_cert"
#define FC_CCPACKAGE_CLIENT_KEY "client_key"

/*
 * Appends the package of label whose server is at address to out.  Returns 0,
 * or -1 with an [archive] error (out cut back).
 */
int fc_ccpackage_build(struct fc_strbuf *out, const char *label, const char *address,
                       const char *dial_timeout, bool tls_required, struct fc_diags *diags);

/* Builds the package and ID of every (chaincode, organization) of net.
 * Returns 0, or -1 with errors. */
int fc_ccpackage_build_all(struct fc_arena *arena, struct fc_network *net, struct fc_diags *diags);

#endif

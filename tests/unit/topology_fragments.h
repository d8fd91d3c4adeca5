/*
 * topology_fragments - pieces of topology YAML that the unit tests of the
 * modules after the model (fabcfg, identity, inventory) put together:
 * HEAD(version) ORG1 ORG2 ORD("3") CONSENSUS("etcdraft") CLUSTER_IP.
 */
#ifndef FC_TOPOLOGY_FRAGMENTS_H
#define FC_TOPOLOGY_FRAGMENTS_H

#define HEAD(version) "network: net\nfabric:\n  version: " version "\n"
#define ORG1                                                                                     \
	"peerOrganizations:\n  - name: org1\n    mspId: Org1MSP\n    domain: org1.example.com\n" \
	"    peers: 2\n"
#define ORG2                                                                                                  \
	"  - name: org2\n    mspId: Org2MSP\n    domain: org2.example.com\n    peers:\n      - name: alpha\n" \
	"    stateDatabase: LevelDB\n    ca: false\n"
#define ORD(n)                                                                                   \
	"ordererOrganizations:\n  - name: ord\n    mspId: OrdMSP\n    domain: ord.example.com\n" \
	"    orderers: " n "\n"
#define CONSENSUS(type) "consensus:\n  type: " type "\n"
#define CLUSTER_IP "exposure:\n  type: ClusterIP\n"

#endif

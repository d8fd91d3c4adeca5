/*
 * model - the network model: a checked topology document turned into typed
 * organizations, nodes, channels and derived facts (namespaces, host names,
 * the port map, images), after Fabric's own rules.
 *
 * fc_model_build() expects a document that passed the topology schema, but
 * stays safe on any document (a wrong type reads as absent).  It reports
 * every semantic error at once, each with a code and the offending node's
 * position (catalogue: docs/diagnostics.md), and returns -1 when any error
 * was found.  Warnings (single Raft orderer, even Raft count, ...) do not
 * fail the build.
 *
 * Ownership: the model and all its strings live in the arena.
 */
#ifndef FC_MODEL_H
#define FC_MODEL_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>
#include <stddef.h>

/* The ports Fabric's nodes listen on in every chart: the peer's
 * peer.listenAddress (sampleconfig/core.yaml), the orderer's
 * General.ListenPort (sampleconfig/orderer.yaml) and fabric-ca-server's
 * default port; the values carry them as compiled facts (render.c). */
enum { FC_PORT_ORDERER = 7050, FC_PORT_PEER = 7051, FC_PORT_CA = 7054 };

enum fc_consensus {
	FC_CONSENSUS_SOLO,
	FC_CONSENSUS_KAFKA,
	FC_CONSENSUS_ETCDRAFT,
	FC_CONSENSUS_BFT
};
enum fc_exposure {
	FC_EXPOSURE_NODEPORT,
	FC_EXPOSURE_CLUSTERIP,
	FC_EXPOSURE_LOADBALANCER,
	FC_EXPOSURE_INGRESS /* ClusterIP Services behind an ingress controller (TLS passthrough) */
};
enum fc_state_db { FC_STATE_DB_COUCHDB, FC_STATE_DB_LEVELDB };
enum fc_org_kind { FC_ORG_PEER, FC_ORG_ORDERER };
enum fc_storage_kind { FC_STORAGE_DEFAULT, FC_STORAGE_NFS, FC_STORAGE_CLASS };

/* Components: each has an image, resources and (where it stores data) a volume size. */
enum fc_component {
	FC_COMPONENT_PEER,
	FC_COMPONENT_COUCHDB,
	FC_COMPONENT_ORDERER,
	FC_COMPONENT_CA,
	FC_COMPONENT_TOOLS, /* CLI pods and Jobs */
	FC_COMPONENT_KAFKA,
	FC_COMPONENT_ZOOKEEPER,
	FC_COMPONENT_EXPLORER,
	FC_COMPONENT_EXPLORER_DB,
	FC_COMPONENT_TEST, /* helm test pods */
	FC_COMPONENT_KUBECTL, /* the identity Job's Secret handling */
	FC_COMPONENT_COUNT
};

/* The topology's (and values') key of a component: "peer", "explorerDb", ... */
const char *fc_component_key(enum fc_component component);
const char *fc_consensus_name(enum fc_consensus consensus);
const char *fc_exposure_name(enum fc_exposure exposure);

struct fc_version {
	unsigned major, minor, patch;
	const char *text;
};

struct fc_image {
	const char *repository; /* with the registry prefix applied */
	const char *tag;
};

struct fc_resources {
	const char *request_cpu, *request_memory, *limit_cpu, *limit_memory;
};

struct fc_org;
struct fc_chaincode; /* chaincode.h */

/*
 * A node's name outside the cluster: the topology's externalHost of the node,
 * else of its organization (model_ports.c checks it).  It is in the node's TLS
 * certificate (crypto-config SANS) and in the address the node advertises to
 * clients (peer gossip external endpoint, orderer endpoints).
 */
struct fc_external {
	const char *host; /* a DNS name, an IPv4 or an IPv6 address (raw); NULL when none */
	const char *address; /* host:port a client outside reaches the node at ("[v6]:port");
	                      * NULL when none */
	struct fc_pos pos; /* where host is written */
	const char *pointer;
};

struct fc_peer {
	const char *name;
	const char *address; /* <service>.<namespace>.svc.<cluster domain>:7051 */
	struct fc_pos pos;
	unsigned index; /* M, 0-based within its organization */
	const char *host; /* <name>.<domain> */
	const char *service; /* Service name in the organization's namespace */
	unsigned node_port; /* 7051 exposed; 0 when not a NodePort */
	unsigned chaincode_node_port; /* 7052 exposed */
	struct fc_external external;
	struct fc_org *org;
};

struct fc_orderer {
	const char *name;
	const char *address; /* <service>.<namespace>.svc.<cluster domain>:7050 */
	struct fc_pos pos;
	unsigned number; /* N, 1-based across the network */
	const char *host;
	const char *service;
	unsigned node_port; /* 7050 exposed */
	struct fc_external external;
	struct fc_org *org;
};

struct fc_org {
	enum fc_org_kind kind;
	const char *name;
	const char *msp_id;
	const char *domain;
	const char *namespace; /* <name>-<network> */
	struct fc_pos pos; /* the organization's mapping */
	struct fc_pos name_pos, msp_pos, nodes_pos;
	const char *pointer; /* JSON Pointer of the organization */
	unsigned index; /* N, 1-based among organizations of its kind */
	enum fc_state_db state_db;
	bool ca;
	struct fc_pos ca_pos; /* where ca is written, else the organization */
	bool cli;
	unsigned port_base; /* first port of its NodePort range (peer orgs) */
	unsigned ca_node_port;
	bool ca_exposed; /* the CA's Service is reachable from outside (exposure.caExternal) */
	const char *ca_address; /* host:port clients outside reach the CA at; NULL when none */
	struct fc_external external; /* its externalHost, the default of its nodes and its CA */
	struct fc_peer *peers;
	size_t peer_count;
	struct fc_orderer *orderers;
	size_t orderer_count;
};

struct fc_anchor {
	struct fc_org *org;
	struct fc_peer *peer;
};

struct fc_channel {
	const char *name;
	struct fc_pos pos;
	struct fc_org **members;
	size_t member_count;
	struct fc_anchor *anchors;
	size_t anchor_count;
};

/* One exposed or internal port of the network: a row of the port map. */
struct fc_port {
	const struct fc_org *org;
	const char *service; /* Service name */
	const char *component; /* "ca", "peer", "orderer", "explorer" */
	const char *name; /* port name: "grpc", "chaincode", "ca", "http" */
	unsigned port; /* container / Service port */
	unsigned node_port; /* 0 unless exposed as a NodePort */
	bool external; /* reachable from outside the cluster (NodePort, LoadBalancer, Ingress) */
	const char *address; /* its external address (host:port) when it has one, else NULL */
	struct fc_pos pos; /* what defines it in the topology */
	const char *pointer;
};

struct fc_network {
	const char *name;
	const char *chart_name;
	const char *chart_version;
	const char *chart_description;
	const char *chart_home;
	const char **chart_sources;
	size_t chart_source_count;
	struct fc_maintainer {
		const char *name, *email, *url; /* email, url may be NULL */
	} * maintainers;
	size_t maintainer_count;
	struct fc_version fabric;
	const char *ca_version;
	bool tls;
	const char *pull_policy;
	struct fc_image images[FC_COMPONENT_COUNT];
	struct fc_resources resources[FC_COMPONENT_COUNT];

	struct fc_org *peer_orgs;
	size_t peer_org_count;
	struct fc_org *orderer_orgs;
	size_t orderer_org_count;
	size_t peer_count; /* all peers */
	size_t orderer_count; /* all orderers */

	enum fc_consensus consensus;
	struct {
		unsigned brokers, zookeepers, min_insync_replicas, replication_factor;
	} kafka;
	struct {
		const char *timeout;
		unsigned max_message_count;
		const char *absolute_max_bytes, *preferred_max_bytes;
	} batch;

	struct fc_channel *channels;
	size_t channel_count;

	struct {
		enum fc_storage_kind kind;
		const char *nfs_server, *nfs_path, *storage_class;
		const char *organization_size;
		const char *sizes[FC_COMPONENT_COUNT]; /* NULL where a component keeps no data */
	} storage;

	enum fc_exposure exposure;
	struct {
		unsigned peer_base, stride, orderer_base, explorer, range_start, range_end;
	} node_port;

	bool ca_external; /* exposure.caExternal: peer organizations' CAs exposed */
	struct {
		const char *class_name; /* exposure.ingress.className, "nginx" */
		const char *namespace; /* the controller's namespace, "ingress-nginx" */
		unsigned port; /* the controller's TLS port clients dial, 443 */
	} ingress;
	bool explorer_exposed; /* the explorer's Service is a NodePort or LoadBalancer */

	bool network_policies;
	const char **node_cidrs;
	size_t node_cidr_count;
	/* exposure.clientCidrs (LoadBalancer): the Services' loadBalancerSourceRanges,
	 * admitted by the NetworkPolicies too */
	const char **client_cidrs;
	size_t client_cidr_count;
	bool explorer_external;
	const char *monitoring_namespace; /* NULL: operations ports closed to other namespaces */
	const char *cluster_domain; /* "cluster.local" */
	const char *kafka_namespace; /* where Kafka and ZooKeeper run (kafka consensus) */
	bool explorer;
	const char *explorer_namespace; /* explorer-<network> */

	struct fc_port
	        *ports; /* topology order: each peer org's CA and peers, orderers, explorer */
	size_t port_count;

	/* identities: who issues the keys (cryptogen in one Job, or each
	 * organization's Fabric CA in its own namespace) and, with fabric-ca, the
	 * certificates' lifetimes and renewal: durations "<hours>h" as Fabric CA
	 * writes them */
	enum fc_identity_source { FC_IDENTITIES_CRYPTOGEN, FC_IDENTITIES_FABRIC_CA } identities;
	struct {
		const char *node, *admin, *tls, *ca; /* lifetimes */
		const char *window, *schedule; /* renewal */
	} certificates;

	/* read by fc_chaincode_build (chaincode.h) after the model: none before */
	struct fc_chaincode *chaincodes;
	size_t chaincode_count;
};

/* Builds the model of a topology document; see the header comment. */
int fc_model_build(struct fc_arena *arena, const struct fc_node *root, struct fc_diags *diags,
                   struct fc_network **out);

/* Whether org is a member of channel ch. */
bool fc_model_channel_member(const struct fc_channel *ch, const struct fc_org *org);

/* Number of ports exposed as NodePorts and their lowest and highest. */
size_t fc_model_node_ports(const struct fc_network *net, unsigned *lowest, unsigned *highest);

/* The channel of net named name, or NULL. */
const struct fc_channel *fc_model_channel(const struct fc_network *net, const char *name);
/* Is the organization named org a member of ch (false when ch is NULL)? */
bool fc_model_is_member(const struct fc_channel *ch, const char *org);

/* A batch byte size as the topology writes it ("99 MB", "512 KB") in bytes,
 * as configtxgen reads it (byteSizeDecodeHook, common/viperutil/
 * config_util.go at v2.5.12 and v3.1.1: K and M are 1024 and 1024^2); 0 when
 * malformed. */
unsigned long long fc_model_byte_size(const char *text);

#endif

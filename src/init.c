/*
 * init - the starting topology of `fabchart init`; see init.h.
 *
 * Which consensus runs on which Fabric release follows the compiler's rules
 * (src/model.c, read_consensus): solo and kafka only on 1.4 (2.5 networks
 * join channels through the channel participation API, which they cannot;
 * 3.0 removed them), etcdraft from 1.4.1, BFT from 3.0 with at least 4
 * orderers.  The values written are the compiler's defaults unless a
 * comment says otherwise, so that the file shows what a build will do.
 */
#include "init.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char fc_init_consensus_choices[] = "etcdraft, BFT, kafka, solo";
const char fc_init_storage_choices[] = "default, storageClass, nfs";
const char fc_init_exposure_choices[] = "ClusterIP, NodePort, LoadBalancer";
const char fc_init_fabric_choices[] = "1.4.x (x >= 1 for etcdraft), 2.5.x or 3.x.y, such as "
                                      "1.4.12, 2.5.12, 3.0.0 or 3.1.1; or a line alone: 1.4, "
                                      "2.5, 3.0, 3.1";

void fc_init_defaults(struct fc_init *init)
{
	*init = (struct fc_init){
	        .network = "mynetwork",
	        .fabric = FC_INIT_FABRIC_DEFAULT,
	        .consensus = FC_CONSENSUS_ETCDRAFT,
	        .orgs = 1,
	        .peers = 1,
	        .storage = FC_STORAGE_DEFAULT,
	        .exposure = FC_EXPOSURE_CLUSTERIP,
	};
}

const char *fc_init_default_fabric(enum fc_consensus consensus)
{
	return consensus == FC_CONSENSUS_SOLO || consensus == FC_CONSENSUS_KAFKA
	               ? "1.4.12"
	               : FC_INIT_FABRIC_DEFAULT;
}

/* ---- parsing ------------------------------------------------------------------- */

static void error(struct fc_strbuf *err, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static void error(struct fc_strbuf *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fc_strbuf_vaddf(err, fmt, ap);
	va_end(ap);
}

/* A character of a DNS-1123 label; alnum: one it may start and end with. */
static bool label_char(char c, bool alnum)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!alnum && c == '-');
}

int fc_init_parse_network(const char *text, const char **network, struct fc_strbuf *err)
{
	size_t n = strlen(text);
	bool ok = n >= 1 && n <= FC_INIT_NETWORK_MAX && label_char(text[0], true) &&
	          label_char(text[n - 1], true);
	for (size_t i = 0; ok && i < n; i++)
		ok = label_char(text[i], false);
	if (!ok) {
		error(err,
		      "network name '%s' is not a DNS-1123 label of at most %u characters: "
		      "lower-case letters, digits and '-', starting and ending with a letter or "
		      "digit",
		      text, FC_INIT_NETWORK_MAX);
		return -1;
	}
	*network = text;
	return 0;
}

/* A number without sign or leading zero, at most 10000; its end in *end. */
static bool number(const char *p, const char **end, unsigned *value)
{
	if (!isdigit((unsigned char)*p) || (p[0] == '0' && isdigit((unsigned char)p[1])))
		return false;
	unsigned long v = 0;
	while (isdigit((unsigned char)*p) && v <= 10000)
		v = v * 10 + (unsigned long)(*p++ - '0');
	*end = p;
	*value = (unsigned)v;
	return v <= 10000;
}

/* major.minor[.patch]: the number of parts read (2 or 3), 0 when malformed. */
static int version_parts(const char *text, unsigned part[3])
{
	const char *p = text;
	int n = 0;
	while (n < 3) {
		if (!number(p, &p, &part[n]))
			return 0;
		n++;
		if (*p == '\0')
			break;
		if (*p++ != '.')
			return 0;
	}
	return *p == '\0' && n >= 2 ? n : 0;
}

int fc_init_parse_fabric(const char *text, const char **version, struct fc_strbuf *err)
{
	/* the newest release of each line that fabchart's tests know */
	static const struct {
		const char *line, *release;
	} lines[] = {{"1.4", "1.4.12"}, {"2.5", "2.5.12"}, {"3.0", "3.0.0"}, {"3.1", "3.1.1"}};
	unsigned part[3];
	int n = version_parts(text, part);
	bool supported = n && ((part[0] == 1 && part[1] == 4) || (part[0] == 2 && part[1] == 5) ||
	                       part[0] == 3);
	if (supported && n == 3) {
		*version = text;
		return 0;
	}
	for (size_t i = 0; supported && i < sizeof lines / sizeof lines[0]; i++)
		if (strcmp(text, lines[i].line) == 0) {
			*version = lines[i].release;
			return 0;
		}
	error(err, "Fabric version '%s' is not one fabchart supports: %s", text,
	      fc_init_fabric_choices);
	return -1;
}

int fc_init_parse_consensus(const char *text, enum fc_consensus *consensus, struct fc_strbuf *err)
{
	static const enum fc_consensus all[] = {FC_CONSENSUS_ETCDRAFT, FC_CONSENSUS_BFT,
	                                        FC_CONSENSUS_KAFKA, FC_CONSENSUS_SOLO};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcasecmp(text, fc_consensus_name(all[i])) == 0) {
			*consensus = all[i];
			return 0;
		}
	error(err, "consensus '%s' is not one of %s", text, fc_init_consensus_choices);
	return -1;
}

int fc_init_parse_count(const char *what, const char *text, unsigned max, unsigned *count,
                        struct fc_strbuf *err)
{
	const char *end;
	unsigned v;
	if (!number(text, &end, &v) || *end || v < 1 || v > max) {
		error(err, "%s '%s' is not a whole number from 1 to %u", what, text, max);
		return -1;
	}
	*count = v;
	return 0;
}

const char *fc_init_storage_name(enum fc_storage_kind storage)
{
	static const char *const names[] = {
	        [FC_STORAGE_DEFAULT] = "default",
	        [FC_STORAGE_NFS] = "nfs",
	        [FC_STORAGE_CLASS] = "storageClass",
	};
	return names[storage];
}

int fc_init_parse_storage(const char *text, enum fc_storage_kind *storage, struct fc_strbuf *err)
{
	static const enum fc_storage_kind all[] = {FC_STORAGE_DEFAULT, FC_STORAGE_CLASS,
	                                           FC_STORAGE_NFS};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcasecmp(text, fc_init_storage_name(all[i])) == 0) {
			*storage = all[i];
			return 0;
		}
	error(err, "storage '%s' is not one of %s", text, fc_init_storage_choices);
	return -1;
}

int fc_init_parse_exposure(const char *text, enum fc_exposure *exposure, struct fc_strbuf *err)
{
	static const enum fc_exposure all[] = {FC_EXPOSURE_CLUSTERIP, FC_EXPOSURE_NODEPORT,
	                                       FC_EXPOSURE_LOADBALANCER};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcasecmp(text, fc_exposure_name(all[i])) == 0) {
			*exposure = all[i];
			return 0;
		}
	error(err, "exposure '%s' is not one of %s", text, fc_init_exposure_choices);
	return -1;
}

/* ---- the rules ----------------------------------------------------------------- */

bool fc_init_consensus_allowed(const char *version, enum fc_consensus consensus)
{
	unsigned v[3] = {0, 0, 0};
	if (version_parts(version, v) != 3)
		return false;
	switch (consensus) {
	case FC_CONSENSUS_SOLO:
	case FC_CONSENSUS_KAFKA: return v[0] == 1;
	case FC_CONSENSUS_ETCDRAFT: return v[0] > 1 || v[1] > 4 || v[2] >= 1;
	case FC_CONSENSUS_BFT: return v[0] >= 3;
	}
	return false;
}

const char *fc_init_consensus_for(const char *version)
{
	unsigned v[3] = {0, 0, 0};
	version_parts(version, v);
	if (v[0] >= 3)
		return "etcdraft, BFT";
	if (v[0] == 2)
		return "etcdraft";
	return v[2] >= 1 ? "etcdraft, kafka, solo" : "kafka, solo";
}

int fc_init_check(const struct fc_init *init, struct fc_strbuf *err)
{
	if (!fc_init_consensus_allowed(init->fabric, init->consensus)) {
		const char *why = init->consensus == FC_CONSENSUS_BFT ? "needs Fabric 3.0 or later"
		                  : init->consensus == FC_CONSENSUS_ETCDRAFT
		                          ? "needs Fabric 1.4.1 or later"
		                          : "runs on Fabric 1.4 only";
		error(err, "consensus '%s' %s; Fabric %s runs %s",
		      fc_consensus_name(init->consensus), why, init->fabric,
		      fc_init_consensus_for(init->fabric));
		return -1;
	}
	return 0;
}

/* ---- the topology ---------------------------------------------------------------- */

/* One line: indent spaces, then the formatted text. */
static void line(struct fc_strbuf *out, size_t indent, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void line(struct fc_strbuf *out, size_t indent, const char *fmt, ...)
{
	va_list ap;
	fc_strbuf_addchars(out, ' ', indent);
	va_start(ap, fmt);
	fc_strbuf_vaddf(out, fmt, ap);
	va_end(ap);
	fc_strbuf_addch(out, '\n');
}

static unsigned orderer_count(enum fc_consensus consensus)
{
	switch (consensus) {
	case FC_CONSENSUS_SOLO: return 1;
	case FC_CONSENSUS_BFT: return 4;
	case FC_CONSENSUS_KAFKA:
	case FC_CONSENSUS_ETCDRAFT: break;
	}
	return 3;
}

static void write_header(struct fc_strbuf *out, const struct fc_init *init)
{
	if (init->schema) {
		line(out, 0, "# yaml-language-server: $schema=%s", init->schema);
		line(out, 0, "#");
	}
	const char *file = init->file ? init->file : "FILE";
	line(out, 0, "# A Hyperledger Fabric network for fabchart, written by `fabchart init`:");
	line(out, 0, "# Fabric %s, %s consensus with %u orderer%s, %u peer organization%s with",
	     init->fabric, fc_consensus_name(init->consensus), orderer_count(init->consensus),
	     orderer_count(init->consensus) == 1 ? "" : "s", init->orgs,
	     init->orgs == 1 ? "" : "s");
	line(out, 0, "# %u peer%s%s, storage: %s, exposure: %s.", init->peers,
	     init->peers == 1 ? "" : "s", init->orgs == 1 ? "" : " each",
	     fc_init_storage_name(init->storage), fc_exposure_name(init->exposure));
	line(out, 0, "#");
	line(out, 0, "#   fabchart validate %s     check it, write nothing", file);
	line(out, 0, "#   fabchart build %s        write the Helm chart out/<chart>-<version>.tgz",
	     file);
	line(out, 0, "#   fabchart graph %s        draw the network (Graphviz DOT)", file);
	line(out, 0, "#");
	line(out, 0, "# Each key's comment says what it does and what else it may be; the");
	line(out, 0, "# topology schema (`fabchart schema`) describes every key there is.");
	fc_strbuf_addch(out, '\n');
}

static void write_network(struct fc_strbuf *out, const struct fc_init *init)
{
	line(out, 0, "# The network's name, a DNS-1123 label: each organization runs in the");
	line(out, 0, "# namespace <organization>-<network> (here org1-%s).", init->network);
	line(out, 0, "network: %s", init->network);
	fc_strbuf_addch(out, '\n');
	line(out, 0, "# The Helm chart that `fabchart build` writes, <name>-<version>.tgz.");
	line(out, 0, "chart:");
	line(out, 2, "# Chart name: lower-case letters, digits and '-', at most 53 characters");
	line(out, 2, "# (fabchart's default is `fabric`).");
	line(out, 2, "name: %s", init->network);
	line(out, 2, "# Chart version, SemVer 2: raise it with every change you publish, or");
	line(out, 2, "# give `fabchart build --chart-version`.");
	line(out, 2, "version: 0.1.0");
	fc_strbuf_addch(out, '\n');
}

static void write_fabric(struct fc_strbuf *out, const struct fc_init *init)
{
	bool v1 = strncmp(init->fabric, "1.", 2) == 0;
	bool v3 = init->fabric[0] == '3';
	line(out, 0, "# The Fabric release and its images.");
	line(out, 0, "fabric:");
	line(out, 2, "# The Fabric release of the peer, orderer and tools images: 1.4.x, 2.5.x");
	line(out, 2, "# (the long-term support line) or 3.x.  It decides what else is valid:");
	line(out, 2, "# solo and kafka run on 1.4 only, etcdraft on 1.4.1 and later, BFT on 3.0");
	line(out, 2, "# and later; 1.4 networks have a system channel, later ones join");
	line(out, 2, "# channels through the orderers' channel participation API.");
	line(out, 2, "version: %s", init->fabric);
	line(out, 2, "# fabric-ca release of the CAs: %s is fabchart's default for Fabric %s.",
	     v1 ? "1.4.9" : "1.5.15",
	     v1   ? "1.4"
	     : v3 ? "3.x"
	          : "2.5");
	line(out, 2, "caVersion: %s", v1 ? "1.4.9" : "1.5.15");
	line(out, 2, "# TLS on every Fabric endpoint.  Raft and BFT require it; turn it off");
	line(out, 2, "# only with solo or kafka, for a test.");
	line(out, 2, "tls: true");
	line(out, 2, "# images: the official Hyperledger images of this version by default;");
	line(out, 2, "# set images.registry to pull them through a mirror, or images.peer,");
	line(out, 2, "# images.orderer, ... (repository, tag) to replace one.");
	fc_strbuf_addch(out, '\n');
}

static void write_orgs(struct fc_strbuf *out, const struct fc_init *init)
{
	line(out, 0, "# Organizations that run peers, each in its own namespace with a CA, its");
	line(out, 0, "# peers and their state databases.  Their order fixes each one's NodePorts.");
	line(out, 0, "peerOrganizations:");
	for (unsigned i = 1; i <= init->orgs; i++) {
		bool first = i == 1;
		if (!first)
			line(out, 2, "# org%u: as org1", i);
		if (first)
			line(out, 2, "# A DNS-1123 label; the namespace is org1-%s.",
			     init->network);
		line(out, 2, "- name: org%u", i);
		if (first)
			line(out, 4, "# The MSP ID, unique in the network; policies name it.");
		line(out, 4, "mspId: Org%uMSP", i);
		if (first)
			line(out, 4,
			     "# The organization's domain: peer hosts are <peer>.<domain>.");
		line(out, 4, "domain: org%u.example.com", i);
		if (first) {
			line(out, 4,
			     "# Its peers: a count (named peer0, peer1, ...) or a list such as");
			line(out, 4, "# `[{name: alpha}, {name: beta}]`.");
		}
		line(out, 4, "peers: %u", init->peers);
		if (first) {
			line(out, 4,
			     "# CouchDB (a sidecar per peer; JSON rich queries) or LevelDB");
			line(out, 4, "# (inside the peer: lighter, key queries only).");
		}
		line(out, 4, "stateDatabase: CouchDB");
		if (first) {
			line(out, 4,
			     "# Run a fabric-ca-server for the organization, to enroll more");
			line(out, 4,
			     "# identities (the chart's own come from cryptogen either way).");
		}
		line(out, 4, "ca: true");
		if (first) {
			line(out, 4, "# A CLI pod with the organization's admin identity, to run");
			line(out, 4, "# `peer` commands in (false: none, fabchart's default).");
		}
		line(out, 4, "cli: true");
	}
	fc_strbuf_addch(out, '\n');

	unsigned orderers = orderer_count(init->consensus);
	line(out, 0, "# Organizations that run orderers; orderers are numbered 1, 2, ... across");
	line(out, 0, "# them.  Orderers of several organizations: add one like this.");
	line(out, 0, "ordererOrganizations:");
	line(out, 2, "# A DNS-1123 label; the namespace is orderer-%s.", init->network);
	line(out, 2, "- name: orderer");
	line(out, 4, "# The MSP ID, unique in the network.");
	line(out, 4, "mspId: OrdererMSP");
	line(out, 4, "# Orderer hosts are <orderer>.<domain>.");
	line(out, 4, "domain: orderer.example.com");
	switch (init->consensus) {
	case FC_CONSENSUS_ETCDRAFT:
		line(out, 4, "# Raft keeps ordering while a majority is up: 3 orderers tolerate");
		line(out, 4, "# 1 failure, 5 tolerate 2; 1 tolerates none and an even count adds");
		line(out, 4, "# nothing (fabchart warns of both).");
		break;
	case FC_CONSENSUS_BFT:
		line(out, 4, "# BFT needs n >= 3f + 1 orderers to tolerate f faulty ones: 4");
		line(out, 4, "# tolerate 1, 7 tolerate 2; fewer than 4 is an error.");
		break;
	case FC_CONSENSUS_KAFKA:
		line(out, 4, "# With kafka, Kafka orders and the orderers cut blocks from its");
		line(out, 4, "# topics: any count from 1 serves, more for availability.");
		break;
	case FC_CONSENSUS_SOLO:
		line(out, 4, "# solo runs exactly one orderer, with no fault tolerance.");
		break;
	}
	line(out, 4, "orderers: %u", orderers);
	line(out, 4, "# ca: true runs a fabric-ca-server for the orderer organization too");
	line(out, 4, "# (the default with identities: fabric-ca, which needs it; none with");
	line(out, 4, "# cryptogen, where the orderers' identities come from cryptogen).");
	fc_strbuf_addch(out, '\n');
}

static void write_consensus(struct fc_strbuf *out, const struct fc_init *init)
{
	line(out, 0, "# How the orderers agree on the order of transactions.");
	line(out, 0, "consensus:");
	line(out, 2, "# Types that run on Fabric %s: %s.", init->fabric,
	     fc_init_consensus_for(init->fabric));
	line(out, 2, "# etcdraft is Raft (crash fault tolerant); BFT (SmartBFT, 3.0 and later)");
	line(out, 2, "# also tolerates misbehaving orderers; kafka and solo are Fabric 1.4's");
	line(out, 2, "# (2.5 networks cannot join channels with them, 3.0 removed them).");
	line(out, 2, "type: %s", fc_consensus_name(init->consensus));
	if (init->consensus == FC_CONSENSUS_KAFKA) {
		line(out, 2, "# The Kafka cluster (Fabric 1.4 requires 1 < minInsyncReplicas <");
		line(out, 2, "# replicationFactor < brokers).");
		line(out, 2, "kafka:");
		line(out, 4, "# Kafka brokers: at least 4.");
		line(out, 4, "brokers: 4");
		line(out, 4, "# ZooKeeper ensemble: 3, 5 or 7.");
		line(out, 4, "zookeepers: 3");
		line(out, 4, "# min.insync.replicas of the channels' topics.");
		line(out, 4, "minInsyncReplicas: 2");
		line(out, 4, "# default.replication.factor of the channels' topics.");
		line(out, 4, "replicationFactor: 3");
	}
	line(out, 2, "# Block cutting, Fabric's defaults: a block is cut after `timeout`, at");
	line(out, 2, "# maxMessageCount transactions, or near preferredMaxBytes.");
	line(out, 2, "batch:");
	line(out, 4, "# Orderer.BatchTimeout: a duration such as 500ms, 2s or 1m.");
	line(out, 4, "timeout: 2s");
	line(out, 4, "# Orderer.BatchSize.MaxMessageCount.");
	line(out, 4, "maxMessageCount: 10");
	line(out, 4, "# Orderer.BatchSize.AbsoluteMaxBytes: no transaction may be larger.");
	line(out, 4, "absoluteMaxBytes: 99 MB");
	line(out, 4, "# Orderer.BatchSize.PreferredMaxBytes, at most absoluteMaxBytes.");
	line(out, 4, "preferredMaxBytes: 512 KB");
	fc_strbuf_addch(out, '\n');
}

static void write_channels(struct fc_strbuf *out, const struct fc_init *init)
{
	line(out, 0, "# Application channels; the chart's Jobs create them and join the peers.");
	line(out, 0, "channels:");
	line(out, 2, "# lower-case letters, digits, '.' and '-', starting with a letter.");
	line(out, 2, "- name: mychannel");
	line(out, 4, "# The peer organizations that are members.");
	fc_strbuf_addstr(out, "    organizations: [");
	for (unsigned i = 1; i <= init->orgs; i++)
		fc_strbuf_addf(out, "%sorg%u", i > 1 ? ", " : "", i);
	fc_strbuf_addstr(out, "]\n");
	line(out, 4, "# anchorPeers: each member's first peer (peer0) unless listed here as");
	line(out, 4, "# `- {organization: org1, peer: peer0}`.");
	fc_strbuf_addch(out, '\n');
}

static void write_storage(struct fc_strbuf *out, const struct fc_init *init)
{
	bool kafka = init->consensus == FC_CONSENSUS_KAFKA;
	line(out, 0, "# Where ledgers, CA databases and configuration live: the cluster's");
	line(out, 0, "# default StorageClass (no nfs, no storageClass), a storageClass of your");
	line(out, 0, "# choice, or an NFS share; nfs and storageClass exclude each other.");
	line(out, 0, "storage:");
	switch (init->storage) {
	case FC_STORAGE_DEFAULT:
		line(out, 2, "# Neither nfs nor storageClass: volumes come from the cluster's");
		line(out, 2, "# default StorageClass (`kubectl get storageclass`).");
		break;
	case FC_STORAGE_CLASS:
		line(out, 2, "# The StorageClass of every volume (a DNS-1123 subdomain): kind and");
		line(out, 2,
		     "# minikube name theirs `standard`, k3s `local-path`; see `kubectl get");
		line(out, 2, "# storageclass`.");
		line(out, 2, "storageClass: standard");
		break;
	case FC_STORAGE_NFS:
		line(out, 2,
		     "# An NFS share (a PersistentVolume and claim per organization, on its");
		line(out, 2,
		     "# own sub-path <path>/<organization>); the nodes need an NFS client.");
		line(out, 2, "nfs:");
		line(out, 4, "# Your NFS server's host name or IP address.");
		line(out, 4, "server: nfs.example.com");
		line(out, 4, "# The exported directory (absolute).");
		line(out, 4, "path: /srv/fabric");
		break;
	}
	line(out, 2, "# Volume sizes (Kubernetes quantities), fabchart's defaults.");
	line(out, 2, "sizes:");
	if (init->storage == FC_STORAGE_NFS) {
		line(out, 4, "# Each organization's share of the NFS export.");
		line(out, 4, "organization: 10Gi");
	}
	line(out, 4, "# A peer's ledger.");
	line(out, 4, "peer: 10Gi");
	line(out, 4, "# A peer's CouchDB data.");
	line(out, 4, "couchdb: 10Gi");
	line(out, 4, "# An orderer's ledger.");
	line(out, 4, "orderer: 10Gi");
	line(out, 4, "# A CA's database.");
	line(out, 4, "ca: 1Gi");
	if (kafka) {
		line(out, 4, "# A Kafka broker's log.");
		line(out, 4, "kafka: 10Gi");
		line(out, 4, "# A ZooKeeper server's data.");
		line(out, 4, "zookeeper: 1Gi");
	}
	fc_strbuf_addch(out, '\n');
}

static void write_exposure(struct fc_strbuf *out, const struct fc_init *init)
{
	line(out, 0, "# How peers, orderers and CAs are reached from outside the cluster.");
	line(out, 0, "exposure:");
	line(out, 2, "# ClusterIP: inside the cluster only (the CLI pods, port-forward);");
	line(out, 2, "# NodePort: on every node's address at the ports below (`fabchart");
	line(out, 2, "# portmap` lists them); LoadBalancer: an external address each from the");
	line(out, 2, "# cluster's load balancer (a cloud's, MetalLB, k3s's ServiceLB).");
	line(out, 2, "type: %s", fc_exposure_name(init->exposure));
	if (init->exposure == FC_EXPOSURE_NODEPORT) {
		line(out, 2, "# The NodePort scheme: peer organization N owns the ports from");
		line(out, 2,
		     "# peerBase + (N-1)*stride (its CA first, then peer M's 7051 and 7052 at");
		line(out, 2, "# +2M+1 and +2M+2); orderer N listens at ordererBase + N.");
		line(out, 2, "nodePort:");
		line(out, 4, "# The first port of organization 1.");
		line(out, 4, "peerBase: 30000");
		line(out, 4, "# Ports per organization.");
		line(out, 4, "stride: 100");
		line(out, 4, "# Orderer N's port is ordererBase + N.");
		line(out, 4, "ordererBase: 32700");
		line(out, 4, "# The first port of the cluster's service-node-port-range");
		line(out, 4, "# (Kubernetes' default); every port above must fall in the range.");
		line(out, 4, "rangeStart: 30000");
		line(out, 4, "# The last port of that range.");
		line(out, 4, "rangeEnd: 32767");
	}
	line(out, 2, "# The cluster's DNS domain, in the Service host names nodes use.");
	line(out, 2, "clusterDomain: cluster.local");
	fc_strbuf_addch(out, '\n');
}

static void write_rest(struct fc_strbuf *out, const struct fc_init *init)
{
	line(out, 0, "# NetworkPolicies that keep the organizations apart: other namespaces reach");
	line(out, 0, "# only peer and orderer ports, CAs and CLI pods stay private, only");
	line(out, 0, "# orderers reach Kafka (`fabchart netpol` shows who may reach whom).");
	line(out, 0, "isolation:");
	line(out, 2, "# Generate them (false: no NetworkPolicy).");
	line(out, 2, "networkPolicies: true");
	if (init->exposure != FC_EXPOSURE_CLUSTERIP) {
		line(out, 2, "# The nodes' CIDRs, allowed to the peer ports: traffic from outside");
		line(out, 2, "# reaches the pods from a node's address (kube-proxy; a load");
		line(out, 2,
		     "# balancer's too, unless it keeps the client's).  The private ranges");
		line(out, 2, "# here; narrow them to your nodes' (`kubectl get nodes -o wide`).");
		line(out, 2, "nodeCidrs: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]");
	} else {
		line(out, 2,
		     "# nodeCidrs: the nodes' CIDRs, allowed to the peer ports; needed when");
		line(out, 2, "# exposure is NodePort or LoadBalancer.");
	}
	line(out, 2, "# monitoringNamespace: a namespace (Prometheus') allowed to reach the");
	line(out, 2, "# operations endpoints; none by default.");
	fc_strbuf_addch(out, '\n');
	line(out, 0, "# Hyperledger Explorer, a web view of blocks and transactions.");
	line(out, 0, "explorer:");
	if (init->fabric[0] == '3') {
		line(out, 2, "# Hyperledger Explorer does not support Fabric 3 (it needs the lscc");
		line(out, 2, "# system chaincode, which 3.0 removed): keep false.");
	} else {
		line(out, 2, "# true: run Hyperledger Explorer and its database.");
	}
	line(out, 2, "enabled: false");
	fc_strbuf_addch(out, '\n');
	line(out, 0, "# Where the identities come from: cryptogen, one Job issuing every");
	line(out, 0, "# organization's keys (fine for one team's network), or fabric-ca, each");
	line(out, 0, "# organization's own CA enrolling its identities in its own namespace,");
	line(out, 0, "# no key leaving it, certificates renewed before they expire (see");
	line(out, 0, "# `certificates` in the schema; no explorer then).");
	if (init->fabric[0] == '1')
		line(out, 0, "# Fabric 1.4 has cryptogen only.");
	line(out, 0, "identities: cryptogen");
	fc_strbuf_addch(out, '\n');
	line(out, 0, "# resources: requests and limits per component (peer, couchdb, orderer,");
	line(out, 0, "# ca, cli, ...), such as `peer: {requests: {cpu: 500m, memory: 1Gi}}`;");
	line(out, 0, "# fabchart's defaults otherwise.");
}

void fc_init_write(struct fc_strbuf *out, const struct fc_init *init)
{
	write_header(out, init);
	write_network(out, init);
	write_fabric(out, init);
	write_orgs(out, init);
	write_consensus(out, init);
	write_channels(out, init);
	write_storage(out, init);
	write_exposure(out, init);
	write_rest(out, init);
}

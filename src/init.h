/*
 * init - the starting topology of `fabchart init`: a commented YAML
 * topology, valid for the Fabric version chosen, in which every key says
 * what it does and what else it could be.
 *
 * The choices (struct fc_init) are those the topology schema and the
 * compiler's rules allow (schemas/topology.schema.json, src/model.c):
 * Fabric 1.4.x, 2.5.x or 3.x; consensus solo or kafka on 1.4 only,
 * etcdraft on 1.4.1 and later, BFT on 3.0 and later; storage the cluster's
 * default StorageClass, a named storageClass or an NFS share; exposure
 * NodePort, ClusterIP or LoadBalancer.  The parse functions read the
 * command line's or the user's answers; on a bad value they append to err
 * a sentence that names the allowed values.  Nothing here prints: the
 * front end (src/cli/cli_init.c) writes the text and asks the questions.
 *
 * Ownership: struct fc_init points at strings the caller keeps (argv,
 * static strings); fc_init_write appends to the caller's strbuf.
 */
#ifndef FC_INIT_H
#define FC_INIT_H

#include "model.h"
#include "strbuf.h"

#include <stdbool.h>

#define FC_INIT_ORGS_MAX 20u /* peer organizations: 20 x 100 NodePorts fit below 32700 */
#define FC_INIT_PEERS_MAX 20u /* peers per organization */
#define FC_INIT_NETWORK_MAX 53u /* also the chart's name: Helm allows 53 characters */

struct fc_init {
	const char *network; /* the network's (and chart's) name, a DNS-1123 label */
	const char *fabric; /* a Fabric version X.Y.Z */
	enum fc_consensus consensus;
	unsigned orgs; /* peer organizations, 1..FC_INIT_ORGS_MAX */
	unsigned peers; /* peers per organization, 1..FC_INIT_PEERS_MAX */
	enum fc_storage_kind storage;
	enum fc_exposure exposure;
	const char *schema; /* the `$schema=` of the first line; NULL: no such line */
	const char *file; /* the file's name in the "fabchart build FILE" hint; may be NULL */
};

/* The defaults: network "mynetwork", the newest Fabric release fabchart
 * knows (FC_INIT_FABRIC_DEFAULT), etcdraft, 1 organization with 1 peer,
 * the default StorageClass, ClusterIP; no schema, no file. */
#define FC_INIT_FABRIC_DEFAULT "3.1.1"
void fc_init_defaults(struct fc_init *init);

/* The Fabric release init picks for consensus when no version is given:
 * the newest one that runs it. */
const char *fc_init_default_fabric(enum fc_consensus consensus);

/* Each reads one value; 0, or -1 with a sentence naming the allowed values
 * appended to err.  Names are matched without regard to case (bft, BFT). */
int fc_init_parse_network(const char *text, const char **network, struct fc_strbuf *err);
/* X.Y.Z on a line fabchart supports, or a line alone (1.4, 2.5, 3.0, 3.1:
 * its newest release fabchart knows); *version is text or a static string. */
int fc_init_parse_fabric(const char *text, const char **version, struct fc_strbuf *err);
int fc_init_parse_consensus(const char *text, enum fc_consensus *consensus, struct fc_strbuf *err);
/* what names the count in the message ("--orgs"). */
int fc_init_parse_count(const char *what, const char *text, unsigned max, unsigned *count,
                        struct fc_strbuf *err);
int fc_init_parse_storage(const char *text, enum fc_storage_kind *storage, struct fc_strbuf *err);
int fc_init_parse_exposure(const char *text, enum fc_exposure *exposure, struct fc_strbuf *err);

/* The allowed values, comma-separated, as the messages and questions list them. */
const char *fc_init_storage_name(enum fc_storage_kind storage);
extern const char fc_init_consensus_choices[], fc_init_storage_choices[],
        fc_init_exposure_choices[], fc_init_fabric_choices[];

/* True when consensus runs on Fabric version (a version parse_fabric took). */
bool fc_init_consensus_allowed(const char *version, enum fc_consensus consensus);
/* The consensus types that run on version, comma-separated, etcdraft
 * first (a static string). */
const char *fc_init_consensus_for(const char *version);

/* 0 when the choices fit together; -1 with a sentence appended to err
 * (for example BFT on Fabric 2.5). */
int fc_init_check(const struct fc_init *init, struct fc_strbuf *err);

/* Appends the commented topology (fc_init_check must have passed). */
void fc_init_write(struct fc_strbuf *out, const struct fc_init *init);

#endif

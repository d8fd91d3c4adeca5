/*
 * fabnames - Fabric's identity rules on the names of a topology, the ones
 * the schema and the model cannot see alone:
 *
 *  - duplicate-domain: two organizations of one kind with one domain.
 *    cryptogen writes an organization into crypto-config/<kind>Organizations/
 *    <domain> (Fabric v2.5.12 cmd/cryptogen/main.go, generatePeerOrg and
 *    generateOrdererOrg), so the second would take the first's CA, admin and
 *    node keys.
 *  - duplicate-host: two nodes with one host name <node>.<domain> (the
 *    certificate's common name, cryptogen's default template
 *    "{{.Hostname}}.{{.Domain}}").  Node names are DNS labels, without dots,
 *    so two host names are equal only when both the node names and the
 *    domains are: a domain that ends another (example.com, b.example.com)
 *    never makes two host names equal.  Within one kind the domains then
 *    clash first; across kinds a peer and an orderer organization may share
 *    a domain, and then their nodes must have different names.
 *  - reserved-namespace: an organization whose namespace <org>-<network> is
 *    one Kubernetes keeps for itself: "default", and every "kube-" name
 *    (kube-system, kube-public, kube-node-lease).  The chart would put its
 *    default-deny NetworkPolicies and Roles there.
 *  - reserved-channel-name: on Fabric 1.4, an application channel named like
 *    the system channel the chart's identity Job creates (FC_SYSTEM_CHANNEL),
 *    or like the anchor-peer update file configtxgen writes for another
 *    channel (artifacts/<channel>-<MSP ID>-anchors.tx beside
 *    artifacts/<channel>.tx, files/scripts/identities.sh).
 *
 * Name clashes between Kubernetes objects (a node named like the CA's
 * Service, an orderer named kafka in a Kafka network, a peer named admin
 * whose MSP Secret would be the admin's) are k8sname.h's, found on the
 * inventory.
 */
#ifndef FC_FABNAMES_H
#define FC_FABNAMES_H

#include "diag.h"
#include "inventory.h"
#include "model.h"

/* The channel ID of the 1.4 system channel (files/scripts/identities.sh). */
#define FC_SYSTEM_CHANNEL "system-channel"

/* Checks net (built from the document root) and its inventory; reports into diags. */
void fc_fabnames_check(struct fc_arena *arena, const struct fc_network *net,
                       const struct fc_node *root, const struct fc_inventory *inv,
                       struct fc_diags *diags);

#endif

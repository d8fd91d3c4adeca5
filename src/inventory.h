/*
 * inventory - the Kubernetes objects of the chart that matter for network
 * reachability, built in C from the model: each generated Namespace (with
 * its labels), each long-running workload (StatefulSet or Deployment: name,
 * namespace, pod labels, container ports) and each NetworkPolicy
 * (policy.h).  `fabchart netpol --topology` analyses these; a test checks
 * that they give the same connections as the chart's rendered manifests.
 *
 * Helm hooks (the identity and join Jobs, helm test pods) run once and are
 * not part of the inventory.
 */
#ifndef FC_INVENTORY_H
#define FC_INVENTORY_H

#include "model.h"

/* Builds the objects in the arena; returns how many, in *out. */
size_t fc_inventory_build(struct fc_arena *arena, const struct fc_network *net,
                          struct fc_node ***out);

#endif

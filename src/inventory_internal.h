/*
 * inventory_internal - the private side of the inventory module, shared by
 * inventory.c (the network's objects) and inventory_chaincode.c (the
 * chaincodes' servers, packages and lifecycle Jobs): the collection's context
 * and the functions that add objects to it, as the templates make them.
 *
 * Ownership: as inventory.h; everything lives in the context's arena.
 */
#ifndef FC_INVENTORY_INTERNAL_H
#define FC_INVENTORY_INTERNAL_H

#include "identity.h"
#include "inventory.h"

struct inv {
	struct fc_arena *arena;
	const struct fc_network *net;
	const struct fc_node *root;
	const char *release, *release_ns;
	struct fc_inv_object *items;
	size_t count, alloc;
	const char *chart_label; /* helm.sh/chart */
	struct fc_inv_origin network, chart; /* network name; chart name and version */
	struct fc_inv_origin release_origin, explorer_origin, kafka_origin;
	const struct fc_inv_origin *network_kept, *chart_kept;
	struct fc_identity_certs *certs; /* the helm test's certificates (identity.h) */
	size_t cert_count;
};

/* A node's (or server's) objects: their namespace, origin, role argument and
 * the labels fabric.labels gives them (component, node, node's origin). */
struct inv_node {
	const char *ns;
	struct fc_inv_origin from;
	const char *component, *node;
	const struct fc_inv_origin *node_from;
	const char *role_arg;
	unsigned flags; /* of every object: FC_INV_* */
};

/* ---- inventory.c: adding objects ---- */

/* The origin of an organization's objects (named: the name holds its name). */
struct fc_inv_origin fc_inventory_org_origin(struct inv *v, const struct fc_org *org, bool named);
/* Appends an object; role holds "%s" for role_arg (fc_inventory_role). */
struct fc_inv_object *fc_inventory_object(struct inv *v, const char *api, const char *kind,
                                          const char *ns, const char *name, const char *role,
                                          const char *role_arg, struct fc_inv_origin origin,
                                          unsigned flags);
/* fabric.commonLabels, then component and node (fabric.labels); either may be NULL. */
void fc_inventory_labels(struct inv *v, struct fc_inv_object *o, const char *component,
                         const char *node, const struct fc_inv_origin *node_from);
/* A Service's ports: names NULL-terminated, numbers as many. */
void fc_inventory_service_ports(struct inv *v, struct fc_inv_object *o, const char *const *names,
                                const unsigned *numbers);
/* A pod (template) with the object's labels and room for extra volumes. */
struct fc_inv_pod *fc_inventory_pod(struct inv *v, struct fc_inv_object *o, size_t extra_volumes);
void fc_inventory_container(struct inv *v, struct fc_inv_pod *p, const char *name, bool init,
                            const char *const *names, const unsigned *numbers);
void fc_inventory_volume(struct fc_inv_pod *p, const char *name,
                         const struct fc_inv_origin *origin);
/* A Secret the identity Job creates (identity.c); not rendered by Helm. */
void fc_inventory_secret(struct inv *v, const char *ns, const char *name, const char *role,
                         const char *role_arg, struct fc_inv_origin origin);
/* fabric.identityVolumes: msp, tls, tmp */
void fc_inventory_identity_volumes(struct fc_inv_pod *p);
/* printf "%s%s" release suffix | trunc 63 | trimSuffix "-" */
const char *fc_inventory_release_name(struct inv *v, const char *suffix);
/* A Service of node n with its ports. */
struct fc_inv_object *fc_inventory_service(struct inv *v, const struct inv_node *n,
                                           const char *name, const char *role,
                                           const char *const *names, const unsigned *numbers);
/* A workload of node n (apps/v1 kind: StatefulSet, Deployment): its pod template. */
struct fc_inv_pod *fc_inventory_workload(struct inv *v, const struct inv_node *n, const char *kind,
                                         const char *name, const char *role);

/* ---- inventory_ingress.c ---- */

/* ingress.yaml: each organization's Ingress (exposure.type Ingress). */
void fc_inventory_ingresses(struct inv *v);

/* ---- inventory_chaincode.c ---- */

/* chaincode.yaml and chaincode-jobs.yaml: every chaincode's objects. */
void fc_inventory_chaincodes(struct inv *v);

#endif

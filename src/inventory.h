/*
 * inventory - every Kubernetes object of the chart, derived in C from the
 * model: what chart-skeleton/templates render (Helm hooks and helm test pods
 * included) and the Secrets the identity Job creates in the cluster
 * (files/identities.plan, identity.h).  For each object: apiVersion, kind,
 * namespace, name, labels, the Service's ports, and for a pod template its
 * containers (with their ports), volumes and volumeClaimTemplates; and the
 * topology value its name was made from, with that value's position.
 *
 * The inventory follows the templates by hand: the integration test
 * inventory_samples renders every sample with Helm and compares the objects
 * (fc_inventory_print) with what `helm template` writes, so a template
 * change that the inventory misses fails there.  The checks of k8sname.h
 * and fabnames.h run on it; `fabchart netpol --topology` analyses its
 * long-running workloads, namespaces and NetworkPolicies
 * (fc_inventory_build).
 *
 * Ownership: everything lives in the arena given to fc_inventory_collect,
 * except the objects array, which fc_inventory_release frees.
 */
#ifndef FC_INVENTORY_H
#define FC_INVENTORY_H

#include "model.h"
#include "strbuf.h"

/* The topology value (if any) an object's name or a label value comes from. */
struct fc_inv_origin {
	struct fc_pos pos;
	const char *pointer; /* JSON Pointer of the value */
	const char *what; /* "peer name", "organization name", "channel name", ... */
	const char *value; /* the value as written; NULL when the name is the chart's own */
};

struct fc_inv_label {
	const char *key, *value;
	const struct fc_inv_origin *origin; /* NULL: not from the topology */
};

struct fc_inv_port {
	const char *name;
	unsigned number;
};

struct fc_inv_container {
	const char *name;
	bool init;
	struct fc_inv_port *ports;
	size_t port_count;
};

struct fc_inv_volume {
	const char *name;
	const struct fc_inv_origin *origin; /* NULL: a fixed name */
};

struct fc_inv_pod {
	struct fc_inv_label *labels; /* of the pod template */
	size_t label_count;
	struct fc_inv_container *containers; /* init containers first */
	size_t container_count;
	struct fc_inv_volume *volumes;
	size_t volume_count;
	const char **claims; /* volumeClaimTemplates (StatefulSets) */
	size_t claim_count;
};

enum {
	FC_INV_HOOK = 1, /* a Helm hook or helm test object: runs once */
	FC_INV_RUNTIME = 2, /* made in the cluster by the identity Job, not by Helm */
	FC_INV_RELEASE = 4, /* named after the release: the name is not the topology's */
	FC_INV_OWN = 8, /* the chart's own object though its name holds a topology value */
	FC_INV_CHAINCODE = 16, /* a chaincode's server (Service, Deployment) or package */
};

struct fc_inv_object {
	const char *api_version, *kind;
	const char *namespace; /* NULL for cluster-scoped objects */
	const char *name;
	/* what it is, in words: role with its "%s" (if any) replaced by role_arg
	 * ("the headless Service of peer '%s'", "p0"); see fc_inventory_role */
	const char *role, *role_arg;
	struct fc_inv_origin origin; /* why it exists; value set when the name holds it */
	unsigned flags;
	unsigned replicas; /* StatefulSets: the pods it names <name>-0 ... */
	struct fc_inv_label *labels;
	size_t label_count;
	struct fc_inv_port *service_ports; /* Services */
	size_t service_port_count;
	struct fc_inv_pod *pod; /* NULL when the object has no pod (template) */
	struct fc_node *policy_spec; /* NetworkPolicies */
};

struct fc_inventory {
	struct fc_inv_object *objects;
	size_t count;
};

struct fc_inventory_options {
	const char *release; /* the release name; NULL: "release-name", helm template's */
	const char *release_namespace; /* NULL: "default" */
};

/*
 * Collects every object of net's chart into *out.  root is the topology
 * document the model was built from (positions of values the model does not
 * keep, such as explorer.enabled); NULL leaves those positions empty.
 */
void fc_inventory_collect(struct fc_arena *arena, const struct fc_network *net,
                          const struct fc_node *root, const struct fc_inventory_options *options,
                          struct fc_inventory *out);

/* Frees inv's objects array (their contents stay in the arena). */
void fc_inventory_release(struct fc_inventory *inv);

/* The object's role in words ("the headless Service of peer 'p0'"), in arena. */
const char *fc_inventory_role(struct fc_arena *arena, const struct fc_inv_object *o);

/*
 * Writes the inventory in the canonical text form the equality test
 * compares: one block per object, sorted, "apiVersion kind namespace name"
 * ("-" for no namespace) then indented lines of labels, Service ports, pod
 * labels, containers with their ports, volumes and claims.  Runtime objects
 * are left out unless with_runtime; with positions, each block's first line
 * ends with "@ line:col" of its origin.
 */
void fc_inventory_print(struct fc_strbuf *out, const struct fc_inventory *inv, bool with_runtime,
                        bool positions);

/*
 * The objects `fabchart netpol --topology` analyses, as manifests: every
 * Namespace, every long-running workload (StatefulSet, Deployment; not the
 * hooks) and every NetworkPolicy.  Returns how many, in *out.
 */
size_t fc_inventory_build(struct fc_arena *arena, const struct fc_network *net,
                          struct fc_node ***out);

#endif

/*
 * inventory - reachability-relevant objects of the chart; see inventory.h.
 * Workload names, labels and ports follow chart-skeleton/templates.
 */
#include "inventory.h"

#include "emit.h"
#include "policy.h"

#include <string.h>

struct inv {
	struct fc_arena *arena;
	const struct fc_network *net;
	struct fc_node **items;
	size_t count, alloc;
};

static struct fc_node *str(struct inv *v, const char *s)
{
	return fc_tree_str(v->arena, s);
}

static struct fc_node *set(struct inv *v, struct fc_node *m, const char *key, struct fc_node *value)
{
	return fc_tree_set(v->arena, m, key, value, NULL);
}

static void add(struct inv *v, struct fc_node *object)
{
	if (v->count == v->alloc) {
		size_t grown = v->alloc ? v->alloc * 2 : 32;
		struct fc_node **bigger = fc_arena_array(v->arena, grown, sizeof(*bigger));
		if (v->count)
			memcpy(bigger, v->items, v->count * sizeof(*bigger));
		v->items = bigger;
		v->alloc = grown;
	}
	v->items[v->count++] = object;
}

static struct fc_node *object(struct inv *v, const char *api, const char *kind, const char *ns,
                              const char *name)
{
	struct fc_node *o = fc_tree_map(v->arena);
	set(v, o, "apiVersion", str(v, api));
	set(v, o, "kind", str(v, kind));
	struct fc_node *meta = set(v, o, "metadata", fc_tree_map(v->arena));
	set(v, meta, "name", str(v, name));
	if (ns)
		set(v, meta, "namespace", str(v, ns));
	add(v, o);
	return o;
}

static void add_namespace(struct inv *v, const char *ns)
{
	struct fc_node *o = object(v, "v1", "Namespace", NULL, ns);
	struct fc_node *meta = o->pairs[2].value; /* object() made apiVersion, kind, metadata */
	struct fc_node *labels = set(v, meta, "labels", fc_tree_map(v->arena));
	set(v, labels, "fabchart.dev/network", str(v, v->net->name));
}

/* A workload of kind (StatefulSet or Deployment) whose pods carry the
 * component label and serve ports (name, number pairs; NULL-terminated). */
static void add_workload(struct inv *v, const char *kind, const char *ns, const char *name,
                         const char *component, const char *const *ports, const unsigned *numbers)
{
	struct fc_node *o = object(v, "apps/v1", kind, ns, name);
	struct fc_node *spec = set(v, o, "spec", fc_tree_map(v->arena));
	struct fc_node *tmpl = set(v, spec, "template", fc_tree_map(v->arena));
	struct fc_node *meta = set(v, tmpl, "metadata", fc_tree_map(v->arena));
	struct fc_node *labels = set(v, meta, "labels", fc_tree_map(v->arena));
	set(v, labels, "app.kubernetes.io/component", str(v, component));
	set(v, labels, "fabchart.dev/node", str(v, name));
	struct fc_node *pspec = set(v, tmpl, "spec", fc_tree_map(v->arena));
	struct fc_node *containers = set(v, pspec, "containers", fc_tree_seq(v->arena));
	struct fc_node *c = fc_tree_push(v->arena, containers, fc_tree_map(v->arena));
	set(v, c, "name", str(v, component));
	struct fc_node *plist = set(v, c, "ports", fc_tree_seq(v->arena));
	for (size_t i = 0; ports && ports[i]; i++) {
		struct fc_node *p = fc_tree_push(v->arena, plist, fc_tree_map(v->arena));
		set(v, p, "name", str(v, ports[i]));
		set(v, p, "containerPort", fc_tree_int(v->arena, numbers[i]));
		set(v, p, "protocol", str(v, "TCP"));
	}
}

static void add_ca(struct inv *v, const struct fc_org *org)
{
	static const char *const names[] = {"ca", "operations", NULL};
	static const unsigned numbers[] = {7054, 9443};
	if (org->ca)
		add_workload(v, "StatefulSet", org->namespace, "ca", "ca", names, numbers);
}

size_t fc_inventory_build(struct fc_arena *arena, const struct fc_network *net,
                          struct fc_node ***out)
{
	struct inv vs = {arena, net, NULL, 0, 0}, *v = &vs;
	for (size_t i = 0; i < net->peer_org_count; i++) {
		const struct fc_org *org = &net->peer_orgs[i];
		add_namespace(v, org->namespace);
		static const char *const leveldb[] = {"grpc", "chaincode", "operations", NULL};
		static const char *const couch[] = {"grpc", "chaincode", "operations", "couchdb",
		                                    NULL};
		static const unsigned numbers[] = {7051, 7052, 9443, 5984};
		for (size_t j = 0; j < org->peer_count; j++)
			add_workload(v, "StatefulSet", org->namespace, org->peers[j].name, "peer",
			             org->state_db == FC_STATE_DB_COUCHDB ? couch : leveldb,
			             numbers);
		add_ca(v, org);
		if (org->cli)
			add_workload(v, "Deployment", org->namespace, "cli", "cli", NULL, NULL);
	}
	bool admin = net->fabric.major >= 2;
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		const struct fc_org *org = &net->orderer_orgs[i];
		add_namespace(v, org->namespace);
		static const char *const with_admin[] = {"grpc", "admin", "operations", NULL};
		static const unsigned admin_numbers[] = {7050, 7053, 8443};
		static const char *const without[] = {"grpc", "operations", NULL};
		static const unsigned numbers[] = {7050, 8443};
		for (size_t j = 0; j < org->orderer_count; j++)
			add_workload(v, "StatefulSet", org->namespace, org->orderers[j].name,
			             "orderer", admin ? with_admin : without,
			             admin ? admin_numbers : numbers);
		add_ca(v, org);
	}
	if (net->kafka_namespace) {
		static const char *const zk[] = {"client", "peer", "election", NULL};
		static const unsigned zk_numbers[] = {2181, 2888, 3888};
		static const char *const kafka[] = {"kafka", NULL};
		static const unsigned kafka_numbers[] = {9092};
		add_workload(v, "StatefulSet", net->kafka_namespace, "zookeeper", "zookeeper", zk,
		             zk_numbers);
		add_workload(v, "StatefulSet", net->kafka_namespace, "kafka", "kafka", kafka,
		             kafka_numbers);
	}
	if (net->explorer) {
		static const char *const http[] = {"http", NULL};
		static const unsigned http_numbers[] = {8080};
		static const char *const pg[] = {"postgres", NULL};
		static const unsigned pg_numbers[] = {5432};
		add_namespace(v, net->explorer_namespace);
		add_workload(v, "Deployment", net->explorer_namespace, "explorer", "explorer", http,
		             http_numbers);
		add_workload(v, "StatefulSet", net->explorer_namespace, "explorer-db",
		             "explorer-db", pg, pg_numbers);
	}
	struct fc_policy *policies;
	size_t n = fc_policies_build(arena, net, &policies);
	for (size_t i = 0; i < n; i++) {
		struct fc_node *o = object(v, "networking.k8s.io/v1", "NetworkPolicy",
		                           policies[i].namespace, policies[i].name);
		set(v, o, "spec", policies[i].spec);
	}
	*out = v->items;
	return v->count;
}

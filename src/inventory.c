/*
 * inventory - every object of the chart; see inventory.h.  Each add_*
 * function below follows one template of chart-skeleton/templates (named in
 * its comment); the Secrets follow src/identity.c.
 */
#include "inventory.h"

#include "chaincode.h"
#include "disruption.h"
#include "emit.h"
#include "inventory_internal.h"
#include "policy.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONTAINERS 5 /* the enrollment Job: 4 steps and its upload */

/* ---- origins ------------------------------------------------------------------ */

static struct fc_inv_origin at(struct inv *v, const char *pointer, const char *what,
                               const char *value)
{
	const struct fc_node *n = v->root ? fc_pointer_resolve(v->root, pointer) : NULL;
	struct fc_pos pos = n ? n->pos : (v->root ? v->root->pos : (struct fc_pos){0});
	return (struct fc_inv_origin){pos, pointer, what, value};
}

static const struct fc_inv_origin *keep(struct inv *v, struct fc_inv_origin o)
{
	struct fc_inv_origin *p = fc_arena_alloc(v->arena, sizeof(*p));
	*p = o;
	return p;
}

struct fc_inv_origin fc_inventory_org_origin(struct inv *v, const struct fc_org *org, bool named)
{
	return (struct fc_inv_origin){org->name_pos,
	                              fc_pointer_key(v->arena, org->pointer, "name", 4),
	                              "organization name", named ? org->name : NULL};
}

static struct fc_inv_origin node_origin(struct inv *v, const struct fc_org *org, const char *name,
                                        struct fc_pos pos, size_t index)
{
	bool peer = org->kind == FC_ORG_PEER;
	const char *list =
	        fc_pointer_key(v->arena, org->pointer, peer ? "peers" : "orderers", peer ? 5 : 8);
	/* a count names its nodes <prefix><i> at the count; a list item has its own name */
	const struct fc_node *n = v->root ? fc_pointer_resolve(v->root, list) : NULL;
	const char *pointer =
	        n && n->kind == FC_NODE_SEQ
	                ? fc_pointer_key(v->arena, fc_pointer_index(v->arena, list, index), "name",
	                                 4)
	                : list;
	return (struct fc_inv_origin){pos, pointer, peer ? "peer name" : "orderer name", name};
}

/* ---- objects -------------------------------------------------------------------- */

struct fc_inv_object *fc_inventory_object(struct inv *v, const char *api, const char *kind,
                                          const char *ns, const char *name, const char *role,
                                          const char *role_arg, struct fc_inv_origin origin,
                                          unsigned flags)
{
	fc_xgrow((void **)&v->items, &v->alloc, v->count + 1, sizeof(*v->items));
	struct fc_inv_object *o = &v->items[v->count++];
	*o = (struct fc_inv_object){.api_version = api,
	                            .kind = kind,
	                            .namespace = ns,
	                            .name = name,
	                            .role = role,
	                            .role_arg = role_arg,
	                            .origin = origin,
	                            .flags = flags,
	                            .replicas = 1};
	return o;
}

static void label(struct fc_inv_object *o, const char *key, const char *value,
                  const struct fc_inv_origin *origin)
{
	o->labels[o->label_count++] = (struct fc_inv_label){key, value, origin};
}

/* fabric.commonLabels, then component and node (fabric.labels); either may be NULL. */
void fc_inventory_labels(struct inv *v, struct fc_inv_object *o, const char *component,
                         const char *node, const struct fc_inv_origin *node_from)
{
	const struct fc_network *net = v->net;
	/* room for these and the labels callers add (a Namespace's three) */
	o->labels = fc_arena_array(v->arena, node ? 8 : 9, sizeof(*o->labels));
	label(o, "app.kubernetes.io/name", net->chart_name, v->chart_kept);
	label(o, "app.kubernetes.io/instance", v->release, NULL);
	label(o, "app.kubernetes.io/version", net->fabric.text, NULL);
	label(o, "app.kubernetes.io/managed-by", "Helm", NULL);
	label(o, "app.kubernetes.io/part-of", net->name, v->network_kept);
	label(o, "helm.sh/chart", v->chart_label, v->chart_kept);
	if (component)
		label(o, "app.kubernetes.io/component", component, NULL);
	if (node)
		label(o, "fabchart.dev/node", node, node_from);
}

static struct fc_inv_port *ports(struct inv *v, const char *const *names, const unsigned *numbers,
                                 size_t *count)
{
	size_t n = 0;
	while (names && names[n])
		n++;
	struct fc_inv_port *p = fc_arena_array(v->arena, n ? n : 1, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		p[i] = (struct fc_inv_port){names[i], numbers[i]};
	*count = n;
	return p;
}

void fc_inventory_service_ports(struct inv *v, struct fc_inv_object *o, const char *const *names,
                                const unsigned *numbers)
{
	o->service_ports = ports(v, names, numbers, &o->service_port_count);
}

/* A pod (template) with the object's labels and room for extra volumes. */
struct fc_inv_pod *fc_inventory_pod(struct inv *v, struct fc_inv_object *o, size_t extra_volumes)
{
	struct fc_inv_pod *p = fc_arena_alloc(v->arena, sizeof(*p));
	p->labels = o->labels;
	p->label_count = o->label_count;
	p->containers = fc_arena_array(v->arena, MAX_CONTAINERS, sizeof(*p->containers));
	p->volumes = fc_arena_array(v->arena, 8 + extra_volumes, sizeof(*p->volumes));
	p->claims = fc_arena_array(v->arena, 2, sizeof(*p->claims));
	o->pod = p;
	return p;
}

void fc_inventory_container(struct inv *v, struct fc_inv_pod *p, const char *name, bool init,
                            const char *const *names, const unsigned *numbers)
{
	struct fc_inv_container *c = &p->containers[p->container_count++];
	c->name = name;
	c->init = init;
	c->ports = ports(v, names, numbers, &c->port_count);
}

void fc_inventory_volume(struct fc_inv_pod *p, const char *name, const struct fc_inv_origin *origin)
{
	p->volumes[p->volume_count++] = (struct fc_inv_volume){name, origin};
}

struct fc_inv_object *fc_inventory_service(struct inv *v, const struct inv_node *n,
                                           const char *name, const char *role,
                                           const char *const *names, const unsigned *numbers)
{
	struct fc_inv_object *o = fc_inventory_object(v, "v1", "Service", n->ns, name, role,
	                                              n->role_arg, n->from, n->flags);
	fc_inventory_labels(v, o, n->component, n->node, n->node_from);
	fc_inventory_service_ports(v, o, names, numbers);
	return o;
}

struct fc_inv_pod *fc_inventory_workload(struct inv *v, const struct inv_node *n, const char *kind,
                                         const char *name, const char *role)
{
	struct fc_inv_object *o = fc_inventory_object(v, "apps/v1", kind, n->ns, name, role,
	                                              n->role_arg, n->from, n->flags);
	fc_inventory_labels(v, o, n->component, n->node, n->node_from);
	return fc_inventory_pod(v, o, 0);
}

static bool nfs(const struct inv *v)
{
	return v->net->storage.kind == FC_STORAGE_NFS;
}

/* fabric.shareVolume and fabric.claimTemplates: the data volumes. */
static void data_volumes(struct inv *v, struct fc_inv_pod *p, bool couchdb)
{
	if (nfs(v)) {
		fc_inventory_volume(p, "share", NULL);
		return;
	}
	p->claims[p->claim_count++] = "data";
	if (couchdb)
		p->claims[p->claim_count++] = "couchdb";
}

/* fabric.identityVolumes */
void fc_inventory_identity_volumes(struct fc_inv_pod *p)
{
	fc_inventory_volume(p, "msp", NULL);
	fc_inventory_volume(p, "tls", NULL);
	fc_inventory_volume(p, "tmp", NULL);
}

/* ---- the templates ----------------------------------------------------------- */

void fc_inventory_secret(struct inv *v, const char *ns, const char *name, const char *role,
                         const char *role_arg, struct fc_inv_origin origin)
{
	struct fc_inv_object *o = fc_inventory_object(v, "v1", "Secret", ns, name, role, role_arg,
	                                              origin, FC_INV_RUNTIME);
	o->labels = fc_arena_alloc(v->arena, sizeof(*o->labels));
	label(o, "app.kubernetes.io/managed-by", "fabchart", NULL);
}

/* namespaces.yaml */
static void add_org_namespace(struct inv *v, const struct fc_org *org)
{
	struct fc_inv_origin from = fc_inventory_org_origin(v, org, true);
	struct fc_inv_object *o =
	        fc_inventory_object(v, "v1", "Namespace", NULL, org->namespace,
	                            "the namespace of organization '%s'", org->name, from, 0);
	fc_inventory_labels(v, o, NULL, NULL, NULL);
	label(o, "fabchart.dev/organization", org->name, keep(v, from));
	label(o, "fabchart.dev/organization-kind", org->kind == FC_ORG_PEER ? "peer" : "orderer",
	      NULL);
	label(o, "fabchart.dev/network", v->net->name, v->network_kept);
}

/* The secrets of an organization and of its admin (identity.c org_secrets). */
static void add_org_secrets(struct inv *v, const struct fc_org *org)
{
	struct fc_inv_origin from = fc_inventory_org_origin(v, org, false);
	const char *ns = org->namespace;
	fc_inventory_secret(v, ns, "org-ca", "the organization's CA keys", NULL, from);
	fc_inventory_secret(v, ns, "admin-msp", "the organization admin's MSP", NULL, from);
	fc_inventory_secret(v, ns, "admin-tls", "the organization admin's TLS pair", NULL, from);
	fc_inventory_secret(v, ns, "org-certs", "the organization's CA and TLS CA certificates",
	                    NULL, from);
	if (org->ca && v->net->identities == FC_IDENTITIES_FABRIC_CA)
		fc_inventory_secret(v, ns, "ca-roots", "the CA's and TLS CA's root pairs", NULL,
		                    from);
	if (org->ca) {
		fc_inventory_secret(v, ns, "ca-admin", "the CA's bootstrap admin", NULL, from);
		fc_inventory_secret(v, ns, "ca-operations-tls",
		                    "the TLS pair of the CA's operations endpoint", NULL, from);
	}
	for (size_t i = 0; org->kind == FC_ORG_PEER && i < v->net->orderer_org_count; i++) {
		const struct fc_org *o = &v->net->orderer_orgs[i];
		fc_inventory_secret(v, ns, fc_arena_printf(v->arena, "orderer-tlsca-%s", o->name),
		                    "the TLS CA of orderer organization '%s'", o->name,
		                    fc_inventory_org_origin(v, o, true));
	}
	for (size_t i = 0;
	     org->kind == FC_ORG_PEER && v->net->chaincode_count && i < v->net->peer_org_count;
	     i++) {
		const struct fc_org *o = &v->net->peer_orgs[i];
		fc_inventory_secret(v, ns, fc_arena_printf(v->arena, "peer-tlsca-%s", o->name),
		                    "the TLS CA of peer organization '%s'", o->name,
		                    fc_inventory_org_origin(v, o, true));
	}
}

/* The Secrets of a node: <name>-msp, <name>-tls (identity.c). */
static void add_node_secrets(struct inv *v, const char *ns, const char *name, const char *what,
                             struct fc_inv_origin from)
{
	bool peer = strcmp(what, "peer") == 0;
	fc_inventory_secret(v, ns, fc_arena_printf(v->arena, "%s-msp", name),
	                    peer ? "the MSP of peer '%s'" : "the MSP of orderer '%s'", name, from);
	fc_inventory_secret(v, ns, fc_arena_printf(v->arena, "%s-tls", name),
	                    peer ? "the TLS pair of peer '%s'" : "the TLS pair of orderer '%s'",
	                    name, from);
}

/* peer.yaml: a peer's headless Service, StatefulSet and Service. */
static void add_peer(struct inv *v, const struct fc_org *org, const struct fc_peer *p)
{
	static const char *const headless[] = {"grpc", "operations", NULL};
	static const unsigned headless_numbers[] = {FC_PORT_PEER, 9443};
	static const char *const peer[] = {"grpc", "chaincode", "operations", NULL};
	static const unsigned peer_numbers[] = {FC_PORT_PEER, 7052, 9443};
	static const char *const couchdb[] = {"couchdb", NULL};
	static const unsigned couchdb_numbers[] = {5984};
	struct fc_inv_origin from = node_origin(v, org, p->name, p->pos, p->index);
	const struct fc_inv_origin *kept = keep(v, from);
	const char *ns = org->namespace;
	bool couch = org->state_db == FC_STATE_DB_COUCHDB;

	struct inv_node n = {ns, from, "peer", p->name, kept, p->name, 0};

	fc_inventory_service(v, &n, fc_arena_printf(v->arena, "%s-headless", p->name),
	                     "the headless Service of peer '%s'", headless, headless_numbers);
	struct fc_inv_pod *pd = fc_inventory_workload(v, &n, "StatefulSet", p->name,
	                                              "the StatefulSet of peer '%s'");
	if (v->net->fabric.major == 2) /* peer.yaml: 2.5 reads an emptied vm.endpoint */
		fc_inventory_container(v, pd, "core-yaml", true, NULL, NULL);
	fc_inventory_container(v, pd, "peer", false, peer, peer_numbers);
	if (couch)
		fc_inventory_container(v, pd, "couchdb", false, couchdb, couchdb_numbers);
	fc_inventory_identity_volumes(pd);
	data_volumes(v, pd, couch);
	if (v->net->fabric.major == 2)
		fc_inventory_volume(pd, "core-yaml", NULL);

	struct fc_inv_object *o = fc_inventory_service(v, &n, p->name, "the Service of peer '%s'",
	                                               peer, peer_numbers); /* grpc, chaincode */
	o->service_port_count = 2;

	add_node_secrets(v, ns, p->name, "peer", from);
	if (couch)
		fc_inventory_secret(v, ns, fc_arena_printf(v->arena, "%s-couchdb", p->name),
		                    "the CouchDB credentials of peer '%s'", p->name, from);
	if (fc_chaincode_org_has_tls(v->net, org))
		fc_inventory_secret(v, ns, fc_arena_printf(v->arena, "%s-ccaas", p->name),
		                    "the ccaas builder's TLS configuration of peer '%s'", p->name,
		                    from);
}

/* orderer.yaml: an orderer's headless Service, StatefulSet and Service. */
static void add_orderer(struct inv *v, const struct fc_org *org, const struct fc_orderer *ord,
                        size_t index)
{
	static const char *const with_admin[] = {"grpc", "admin", "operations", NULL};
	static const unsigned admin_numbers[] = {FC_PORT_ORDERER, 7053, 8443};
	static const char *const without[] = {"grpc", "operations", NULL};
	static const unsigned numbers[] = {FC_PORT_ORDERER, 8443};
	bool admin = v->net->fabric.major >= 2; /* ordererSettings.adminPort */
	struct fc_inv_origin from = node_origin(v, org, ord->name, ord->pos, index);
	const struct fc_inv_origin *kept = keep(v, from);
	const char *ns = org->namespace;

	struct inv_node n = {ns, from, "orderer", ord->name, kept, ord->name, 0};

	fc_inventory_service(v, &n, fc_arena_printf(v->arena, "%s-headless", ord->name),
	                     "the headless Service of orderer '%s'", admin ? with_admin : without,
	                     admin ? admin_numbers : numbers);
	struct fc_inv_pod *pd = fc_inventory_workload(v, &n, "StatefulSet", ord->name,
	                                              "the StatefulSet of orderer '%s'");
	fc_inventory_container(v, pd, "orderer", false, admin ? with_admin : without,
	                       admin ? admin_numbers : numbers);
	fc_inventory_identity_volumes(pd);
	data_volumes(v, pd, false);
	if (v->net->fabric.major == 1) /* ordererSettings.bootstrapMethod "file" */
		fc_inventory_volume(pd, "genesis", NULL);

	struct fc_inv_object *o = fc_inventory_service(
	        v, &n, ord->name, "the Service of orderer '%s'", without, numbers);
	o->service_port_count = 1;

	add_node_secrets(v, ns, ord->name, "orderer", from);
}

/* ca.yaml: an organization's fabric-ca-server and its Service. */
static void add_ca(struct inv *v, const struct fc_org *org)
{
	static const char *const names[] = {"ca", "operations", NULL};
	static const unsigned numbers[] = {FC_PORT_CA, 9443};
	struct fc_inv_origin from = fc_inventory_org_origin(v, org, false);
	struct fc_inv_object *o =
	        fc_inventory_object(v, "apps/v1", "StatefulSet", org->namespace, "ca",
	                            "the StatefulSet of the CA of '%s'", org->name, from, 0);
	fc_inventory_labels(v, o, "ca", "ca", NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, 0);
	fc_inventory_container(v, pd, "ca", false, names, numbers);
	/* the organization's CA pair (org-ca), or with fabric-ca its roots (ca-roots)
	 * and the two CAs' configuration */
	fc_inventory_volume(pd, "ca-keys", NULL);
	if (v->net->identities == FC_IDENTITIES_FABRIC_CA) {
		fc_inventory_volume(pd, "ca-config", NULL);
		struct fc_inv_object *cm = fc_inventory_object(
		        v, "v1", "ConfigMap", org->namespace, "ca-config",
		        "the configuration of the two CAs of '%s'", org->name, from, 0);
		fc_inventory_labels(v, cm, "ca", "ca", NULL);
	}
	fc_inventory_volume(pd, "tmp", NULL);
	data_volumes(v, pd, false);
	o = fc_inventory_object(v, "v1", "Service", org->namespace, "ca",
	                        "the Service of the CA of '%s'", org->name, from, 0);
	fc_inventory_labels(v, o, "ca", "ca", NULL);
	fc_inventory_service_ports(v, o, names, numbers);
	o->service_port_count = 1;
}

/* cli.yaml: the CLI pod of a peer organization. */
static void add_cli(struct inv *v, const struct fc_org *org)
{
	struct fc_inv_object *o = fc_inventory_object(v, "apps/v1", "Deployment", org->namespace,
	                                              "cli", "the CLI of '%s'", org->name,
	                                              fc_inventory_org_origin(v, org, false), 0);
	fc_inventory_labels(v, o, "cli", "cli", NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, 0);
	fc_inventory_container(v, pd, "cli", false, NULL, NULL);
	fc_inventory_identity_volumes(pd);
}

/* storage.yaml (NFS): the namespace's PersistentVolume and its claim "share". */
static void add_share(struct inv *v, const char *ns, const char *name, struct fc_inv_origin named,
                      struct fc_inv_origin from, unsigned flags)
{
	struct fc_inv_object *o = fc_inventory_object(
	        v, "v1", "PersistentVolume", NULL, fc_arena_printf(v->arena, "%s-share", ns),
	        "the NFS volume of namespace '%s'", ns, named, flags);
	fc_inventory_labels(v, o, "storage", NULL, NULL);
	label(o, "fabchart.dev/organization", name, named.value ? keep(v, named) : NULL);
	o = fc_inventory_object(v, "v1", "PersistentVolumeClaim", ns, "share",
	                        "the NFS claim of namespace '%s'", ns, from, 0);
	fc_inventory_labels(v, o, "storage", NULL, NULL);
}

/* identities.yaml (Role, RoleBinding) and join-jobs.yaml (the join scripts): in each
 * namespace of the network. */
static void add_namespace_access(struct inv *v, const char *ns, struct fc_inv_origin from)
{
	bool ca = v->net->identities == FC_IDENTITIES_FABRIC_CA;
	const char *role = ca ? "fabchart-genesis" : "fabchart-identities";
	struct fc_inv_object *o = fc_inventory_object(
	        v, "rbac.authorization.k8s.io/v1", "Role", ns, role,
	        ca ? "the genesis Job's Role" : "the identity Job's Role", NULL, from, 0);
	fc_inventory_labels(v, o, "identities", NULL, NULL);
	o = fc_inventory_object(v, "rbac.authorization.k8s.io/v1", "RoleBinding", ns, role,
	                        ca ? "the genesis Job's RoleBinding"
	                           : "the identity Job's RoleBinding",
	                        NULL, from, 0);
	fc_inventory_labels(v, o, "identities", NULL, NULL);
	o = fc_inventory_object(v, "v1", "ConfigMap", ns, "fabchart-scripts",
	                        "the channel Jobs' scripts", NULL, from, 0);
	fc_inventory_labels(v, o, "bootstrap", NULL, NULL);
}

/* tests/test-services.yaml: the helm test pod of a namespace. */
static void add_test_pod(struct inv *v, const char *ns, struct fc_inv_origin from)
{
	struct fc_inv_object *o = fc_inventory_object(
	        v, "v1", "Pod", ns, fc_inventory_release_name(v, "-test-services"),
	        "the helm test pod", NULL, from, FC_INV_HOOK | FC_INV_RELEASE);
	fc_inventory_labels(v, o, "test", NULL, NULL);
	fc_inventory_container(v, fc_inventory_pod(v, o, 0), "check", false, NULL, NULL);
	/* tests/test-certs.yaml: the certificate expiry pod of a namespace whose
	 * Secrets hold certificates, a volume per Secret (identity.h) */
	size_t count = 0;
	for (size_t i = 0; i < v->cert_count; i++)
		count += strcmp(v->certs[i].ns, ns) == 0;
	if (!count)
		return;
	o = fc_inventory_object(v, "v1", "Pod", ns, fc_inventory_release_name(v, "-test-certs"),
	                        "the helm test pod of certificate expiry", NULL, from,
	                        FC_INV_HOOK | FC_INV_RELEASE);
	fc_inventory_labels(v, o, "test", NULL, NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, count);
	fc_inventory_container(v, pd, "check", false, NULL, NULL);
	for (size_t i = 0; i < count; i++)
		fc_inventory_volume(pd, fc_arena_printf(v->arena, "certs-%zu", i), NULL);
}

/* printf "%s%s" release suffix | trunc max | trimSuffix "-" */
static const char *release_name_max(struct inv *v, const char *suffix, size_t max)
{
	const char *s = fc_arena_printf(v->arena, "%s%s", v->release, suffix);
	size_t n = strlen(s);
	if (n > max)
		n = max;
	if (n && s[n - 1] == '-')
		n--;
	return fc_arena_strndup(v->arena, s, n);
}

const char *fc_inventory_release_name(struct inv *v, const char *suffix)
{
	return release_name_max(v, suffix, 63);
}

/* A Job's or CronJob's ServiceAccount, Role, RoleBinding and ConfigMap, all
 * named name, in ns (their component's labels). */
static void add_job_access(struct inv *v, const char *ns, const char *name, const char *component,
                           const char *job, struct fc_inv_origin from)
{
	static const char *const kinds[][2] = {{"v1", "ServiceAccount"},
	                                       {"rbac.authorization.k8s.io/v1", "Role"},
	                                       {"rbac.authorization.k8s.io/v1", "RoleBinding"},
	                                       {"v1", "ConfigMap"}};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		fc_inventory_labels(v,
		                    fc_inventory_object(v, kinds[i][0], kinds[i][1], ns, name,
		                                        fc_arena_printf(v->arena, "%s's %%s", job),
		                                        kinds[i][1], from, 0),
		                    component, NULL, NULL);
}

/* identities: fabric-ca (enroll.yaml, renew.yaml): in each organization's
 * namespace its enrollment Job and its renewal CronJob, with their access. */
static void add_org_identity_jobs(struct inv *v, const struct fc_org *org,
                                  struct fc_inv_origin from)
{
	const char *ns = org->namespace;
	add_job_access(v, ns, "fabchart-enroll", "enroll", "the enrollment Job", from);
	struct fc_inv_object *job =
	        fc_inventory_object(v, "batch/v1", "Job", ns, "fabchart-enroll",
	                            "the enrollment Job of '%s'", org->name, from, FC_INV_HOOK);
	fc_inventory_labels(v, job, "enroll", NULL, NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, job, 0);
	static const char *const steps[] = {"restore", "roots", "share", "enroll"};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		fc_inventory_container(v, pd, steps[i], true, NULL, NULL);
	fc_inventory_container(v, pd, "upload", false, NULL, NULL);
	static const char *const volumes[] = {"config", "work", "tmp"};
	for (size_t i = 0; i < sizeof(volumes) / sizeof(volumes[0]); i++)
		fc_inventory_volume(pd, volumes[i], NULL);
	add_job_access(v, ns, "fabchart-renew", "renew", "the renewal CronJob", from);
	/* a CronJob's name: at most 52 characters (its Jobs add 11) */
	struct fc_inv_object *o =
	        fc_inventory_object(v, "batch/v1", "CronJob", ns, release_name_max(v, "-renew", 52),
	                            "the renewal CronJob of '%s'", org->name, from, FC_INV_RELEASE);
	fc_inventory_labels(v, o, "renew", NULL, NULL);
	if (org->kind != FC_ORG_ORDERER || v->net->consensus != FC_CONSENSUS_BFT)
		return;
	/* a BFT consenter's renewal: get on each request it takes from another
	 * namespace, granted there (renew.yaml) */
	struct fc_renewal_read *reads;
	size_t n = fc_identity_renewal_reads(v->arena, v->net, org, &reads);
	for (size_t i = 0; i < n; i++) {
		const char *name = fc_arena_printf(v->arena, "fabchart-renew-%s-%s",
		                                   reads[i].requester->name, org->name);
		static const char *const kinds[] = {"Role", "RoleBinding"};
		for (size_t k = 0; k < 2; k++)
			fc_inventory_labels(
			        v,
			        fc_inventory_object(
			                v, "rbac.authorization.k8s.io/v1", kinds[k], reads[i].from,
			                name,
			                fc_arena_printf(v->arena,
			                                "the renewal CronJob of '%s': a "
			                                "request's %%s",
			                                org->name),
			                kinds[k], from, 0),
			        "renew", NULL, NULL);
	}
}

/* identities.yaml: the release's ServiceAccount, configuration and identity Job
 * (with identities: fabric-ca, the genesis Job). */
static void add_release_objects(struct inv *v)
{
	const char *ns = v->release_ns;
	bool ca = v->net->identities == FC_IDENTITIES_FABRIC_CA;
	const char *job = ca ? "the genesis Job" : "the identity Job";
	const char *name = fc_inventory_release_name(v, ca ? "-genesis" : "-identities");
	struct fc_inv_object *o =
	        fc_inventory_object(v, "v1", "ServiceAccount", ns, name, "%s's ServiceAccount", job,
	                            v->release_origin, FC_INV_RELEASE);
	fc_inventory_labels(v, o, "identities", NULL, NULL);
	o = fc_inventory_object(v, "v1", "ConfigMap", ns,
	                        fc_inventory_release_name(v, "-bootstrap"), "%s's configuration",
	                        job, v->release_origin, FC_INV_RELEASE);
	fc_inventory_labels(v, o, "identities", NULL, NULL);
	o = fc_inventory_object(v, "batch/v1", "Job", ns, name, "%s", job, v->release_origin,
	                        FC_INV_RELEASE | FC_INV_HOOK);
	fc_inventory_labels(v, o, "identities", NULL, NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, 0);
	fc_inventory_container(v, pd, ca ? "collect" : "restore", true, NULL, NULL);
	fc_inventory_container(v, pd, ca ? "artifacts" : "generate", true, NULL, NULL);
	fc_inventory_container(v, pd, "upload", false, NULL, NULL);
	fc_inventory_volume(pd, "config", NULL);
	fc_inventory_volume(pd, "work", NULL);
	fc_inventory_volume(pd, "tmp", NULL);
}

static struct fc_inv_origin channel_origin(struct inv *v, size_t i)
{
	const struct fc_channel *ch = &v->net->channels[i];
	const char *pointer =
	        fc_pointer_key(v->arena, fc_pointer_index(v->arena, "/channels", i), "name", 4);
	return (struct fc_inv_origin){ch->pos, pointer, "channel name", ch->name};
}

/* The volume of a channel's Secret: "channel-<name>" with '.' made '-' (join-jobs.yaml). */
static const char *channel_volume(struct inv *v, const char *channel)
{
	char *name = fc_arena_printf(v->arena, "channel-%s", channel);
	for (char *c = name; *c; c++)
		if (*c == '.')
			*c = '-';
	return name;
}

/* join-jobs.yaml: a channel Job (or the helm test "check") of an organization. */
static void add_join_job(struct inv *v, const struct fc_org *org, const char *step, bool test)
{
	const struct fc_network *net = v->net;
	const char *name =
	        test ? fc_inventory_release_name(v, "-test-channels")
	             : fc_inventory_release_name(v, fc_arena_printf(v->arena, "-join-%s", step));
	struct fc_inv_object *o = fc_inventory_object(
	        v, "batch/v1", "Job", org->namespace, name,
	        test ? "the helm test of the channels" : "a channel Job", NULL,
	        fc_inventory_org_origin(v, org, false), FC_INV_HOOK | FC_INV_RELEASE);
	fc_inventory_labels(v, o, "bootstrap", NULL, NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, net->channel_count + net->orderer_org_count);
	fc_inventory_container(v, pd, step, false, NULL, NULL);
	fc_inventory_identity_volumes(pd);
	fc_inventory_volume(pd, "scripts", NULL);
	bool channels = strcmp(step, "check-orderers") != 0; /* that one reads no block */
	for (size_t i = 0; channels && i < net->channel_count; i++)
		if (org->kind == FC_ORG_ORDERER || fc_model_channel_member(&net->channels[i], org))
			fc_inventory_volume(pd, channel_volume(v, net->channels[i].name),
			                    keep(v, channel_origin(v, i)));
	/* a peer organization's Jobs trust every orderer organization's TLS CA */
	for (size_t i = 0; org->kind == FC_ORG_PEER && i < net->orderer_org_count; i++)
		fc_inventory_volume(
		        pd, fc_arena_printf(v->arena, "orderer-tls-%s", net->orderer_orgs[i].name),
		        NULL);
}

/* profile.yaml: a peer organization's connection profile Job, its RBAC and input. */
static void add_profile(struct inv *v, const struct fc_org *org)
{
	const struct fc_network *net = v->net;
	struct fc_inv_origin from = fc_inventory_org_origin(v, org, false);
	const char *ns = org->namespace;
	add_job_access(v, ns, "fabchart-profile", "profile", "the connection profile Job", from);
	struct fc_inv_object *o = fc_inventory_object(
	        v, "batch/v1", "Job", ns, fc_inventory_release_name(v, "-profile"),
	        "the connection profile Job", NULL, from, FC_INV_HOOK | FC_INV_RELEASE);
	fc_inventory_labels(v, o, "profile", NULL, NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, 3 + net->orderer_org_count);
	fc_inventory_container(v, pd, "write", false, NULL, NULL);
	fc_inventory_volume(pd, "config", NULL);
	fc_inventory_volume(pd, "tmp", NULL);
	fc_inventory_volume(pd, "org-certs", NULL);
	for (size_t i = 0; i < net->orderer_org_count; i++)
		fc_inventory_volume(
		        pd,
		        fc_arena_printf(v->arena, "orderer-tlsca-%s", net->orderer_orgs[i].name),
		        NULL);
}

/* Channel Secrets (identity.c) and Jobs (join-jobs.yaml) of an organization. */
static void add_channels(struct inv *v, const struct fc_org *org)
{
	const struct fc_network *net = v->net;
	bool v1 = net->fabric.major == 1;
	size_t mine = 0;
	for (size_t i = 0; i < net->channel_count; i++) {
		const struct fc_channel *ch = &net->channels[i];
		bool orderer = org->kind == FC_ORG_ORDERER;
		if (orderer ? v1 : !fc_model_channel_member(ch, org))
			continue;
		mine++;
		fc_inventory_secret(
		        v, org->namespace, fc_arena_printf(v->arena, "channel-%s", ch->name),
		        "the artifacts of channel '%s'", ch->name, channel_origin(v, i));
	}
	if (org->kind == FC_ORG_ORDERER && v1)
		fc_inventory_secret(v, org->namespace, "genesis-block",
		                    "the system channel's genesis block", NULL,
		                    fc_inventory_org_origin(v, org, false));
	if (!mine)
		return;
	if (org->kind == FC_ORG_ORDERER) {
		add_join_job(v, org, "orderers", false);
		add_join_job(v, org, "check-orderers", true);
	} else {
		add_join_job(v, org, "peers", false);
		add_join_job(v, org, "check", true);
	}
}

/* zookeeper.yaml and kafka.yaml: ZooKeeper and Kafka in the first orderer organization's
 * namespace. */
static void add_kafka(struct inv *v)
{
	static const char *const zk[] = {"client", "peer", "election", NULL};
	static const unsigned zk_numbers[] = {2181, 2888, 3888};
	static const char *const kafka[] = {"kafka", NULL};
	static const unsigned kafka_numbers[] = {9092};
	const struct fc_network *net = v->net;
	for (int k = 0; k < 2; k++) {
		const char *c = k ? "kafka" : "zookeeper";
		const char *const *names = k ? kafka : zk;
		const unsigned *numbers = k ? kafka_numbers : zk_numbers;
		const char *headless = k ? "the headless Service of the Kafka brokers"
		                         : "the headless Service of the ZooKeeper ensemble";
		const char *set = k ? "the StatefulSet of the Kafka brokers"
		                    : "the StatefulSet of the ZooKeeper ensemble";
		struct fc_inv_object *o =
		        fc_inventory_object(v, "v1", "Service", net->kafka_namespace,
		                            fc_arena_printf(v->arena, "%s-headless", c), headless,
		                            NULL, v->kafka_origin, 0);
		fc_inventory_labels(v, o, c, c, NULL);
		fc_inventory_service_ports(v, o, names, numbers);
		o = fc_inventory_object(v, "apps/v1", "StatefulSet", net->kafka_namespace, c, set,
		                        NULL, v->kafka_origin, 0);
		o->replicas = k ? net->kafka.brokers : net->kafka.zookeepers;
		fc_inventory_labels(v, o, c, c, NULL);
		struct fc_inv_pod *pd = fc_inventory_pod(v, o, 0);
		fc_inventory_container(v, pd, c, false, names, numbers);
		fc_inventory_volume(pd, "tmp", NULL);
		data_volumes(v, pd, false);
	}
}

/* explorer.yaml and the explorer's Secrets (identity.c). */
static void add_explorer(struct inv *v)
{
	static const char *const http[] = {"http", NULL};
	static const unsigned http_numbers[] = {8080};
	static const char *const pg[] = {"postgres", NULL};
	static const unsigned pg_numbers[] = {5432};
	const char *ns = v->net->explorer_namespace;
	struct fc_inv_origin from = v->explorer_origin;
	struct fc_inv_object *o =
	        fc_inventory_object(v, "v1", "ConfigMap", ns, "explorer-config",
	                            "the explorer's configuration", NULL, from, 0);
	fc_inventory_labels(v, o, "explorer", "explorer", NULL);
	o = fc_inventory_object(v, "apps/v1", "Deployment", ns, "explorer", "the explorer", NULL,
	                        from, 0);
	fc_inventory_labels(v, o, "explorer", "explorer", NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, 0);
	fc_inventory_container(v, pd, "explorer", false, http, http_numbers);
	fc_inventory_volume(pd, "config", NULL);
	fc_inventory_identity_volumes(pd);
	o = fc_inventory_object(v, "apps/v1", "StatefulSet", ns, "explorer-db",
	                        "the explorer's database", NULL, from, 0);
	fc_inventory_labels(v, o, "explorer-db", "explorer-db", NULL);
	pd = fc_inventory_pod(v, o, 0);
	fc_inventory_container(v, pd, "explorer-db", false, pg, pg_numbers);
	fc_inventory_volume(pd, "run", NULL);
	data_volumes(v, pd, false);
	o = fc_inventory_object(v, "v1", "Service", ns, "explorer-db",
	                        "the explorer database's Service", NULL, from, 0);
	fc_inventory_labels(v, o, "explorer-db", "explorer-db", NULL);
	fc_inventory_service_ports(v, o, pg, pg_numbers);
	o = fc_inventory_object(v, "v1", "Service", ns, "explorer", "the explorer's Service", NULL,
	                        from, 0);
	fc_inventory_labels(v, o, "explorer", "explorer", NULL);
	fc_inventory_service_ports(v, o, http, http_numbers);
	if (v->net->peer_org_count) {
		fc_inventory_secret(v, ns, "explorer-identity-msp", "the explorer's MSP", NULL,
		                    from);
		fc_inventory_secret(v, ns, "explorer-identity-tls", "the explorer's TLS pair", NULL,
		                    from);
		fc_inventory_secret(v, ns, "explorer-db", "the explorer database's credentials",
		                    NULL, from);
	}
}

/* fabric.chart: printf "%s-%s" name version | replace "+" "_" | trunc 63 | trimSuffix "-" */
static const char *chart_label(struct inv *v)
{
	char *s = fc_arena_printf(v->arena, "%s-%s", v->net->chart_name, v->net->chart_version);
	for (char *c = s; *c; c++)
		if (*c == '+')
			*c = '_';
	size_t n = strlen(s);
	if (n > 63)
		n = 63;
	s[n] = '\0';
	if (n && s[n - 1] == '-')
		s[n - 1] = '\0';
	return s;
}

/* fabric.disruptionBudget: a component's PodDisruptionBudget, when there is one. */
static void add_budget(struct inv *v, const char *ns, const char *component,
                       struct fc_budget budget, struct fc_inv_origin from)
{
	if (budget.kind == FC_BUDGET_NONE)
		return;
	struct fc_inv_object *o =
	        fc_inventory_object(v, "policy/v1", "PodDisruptionBudget", ns, component,
	                            "the PodDisruptionBudget of the %s pods", component, from, 0);
	fc_inventory_labels(v, o, component, NULL, NULL);
}

static void add_org(struct inv *v, const struct fc_org *org, struct fc_budget budget)
{
	add_org_namespace(v, org);
	if (org->kind == FC_ORG_PEER)
		for (size_t i = 0; i < org->peer_count; i++)
			add_peer(v, org, &org->peers[i]);
	else
		for (size_t i = 0; i < org->orderer_count; i++)
			add_orderer(v, org, &org->orderers[i], i);
	add_budget(v, org->namespace, org->kind == FC_ORG_PEER ? "peer" : "orderer", budget,
	           fc_inventory_org_origin(v, org, false));
	if (org->ca)
		add_ca(v, org);
	if (org->kind == FC_ORG_PEER && org->cli)
		add_cli(v, org);
	add_org_secrets(v, org);
	add_channels(v, org);
	if (org->kind == FC_ORG_PEER)
		add_profile(v, org);
}

void fc_inventory_collect(struct fc_arena *arena, const struct fc_network *net,
                          const struct fc_node *root, const struct fc_inventory_options *options,
                          struct fc_inventory *out)
{
	struct inv vs = {.arena = arena, .net = net, .root = root}, *v = &vs;
	vs.cert_count = fc_identity_certificates(arena, net, &vs.certs);
	v->release = options && options->release ? options->release : "release-name";
	v->release_ns =
	        options && options->release_namespace ? options->release_namespace : "default";
	v->network = at(v, "/network", "network name", net->name);
	v->chart = at(v,
	              root && fc_pointer_resolve(root, "/chart/version") ? "/chart/version"
	                                                                 : "/chart/name",
	              "chart name and version", NULL);
	v->chart_label = chart_label(v);
	v->chart.value = v->chart_label;
	v->network_kept = keep(v, v->network);
	v->chart_kept = keep(v, v->chart);
	v->release_origin = at(v, "/network", "network name", NULL);
	v->explorer_origin = at(v, "/explorer/enabled", "explorer", NULL);
	v->kafka_origin = at(v, "/consensus/type", "consensus type", NULL);

	struct fc_disruption budgets;
	fc_disruption_plan(arena, net, &budgets);
	for (size_t i = 0; i < net->peer_org_count; i++)
		add_org(v, &net->peer_orgs[i], budgets.peer_orgs[i]);
	for (size_t i = 0; i < net->orderer_org_count; i++)
		add_org(v, &net->orderer_orgs[i], budgets.orderer_orgs[i]);
	if (net->kafka_namespace && net->kafka.brokers > 0) {
		add_kafka(v);
		add_budget(v, net->kafka_namespace, "kafka", budgets.kafka, v->kafka_origin);
		add_budget(v, net->kafka_namespace, "zookeeper", budgets.zookeeper,
		           v->kafka_origin);
	}
	fc_inventory_chaincodes(v);
	struct fc_inv_origin network_named = v->network;
	if (net->explorer) {
		struct fc_inv_object *o = fc_inventory_object(
		        v, "v1", "Namespace", NULL, net->explorer_namespace,
		        "the explorer's namespace", NULL, network_named, FC_INV_OWN);
		fc_inventory_labels(v, o, NULL, NULL, NULL);
		label(o, "fabchart.dev/organization-kind", "explorer", NULL);
		label(o, "fabchart.dev/network", net->name, v->network_kept);
		add_explorer(v);
	}

	/* per namespace: the identity Job's access, the helm test pod, the NFS share */
	for (int kind = 0; kind < 2; kind++) {
		const struct fc_org *orgs = kind ? net->orderer_orgs : net->peer_orgs;
		size_t n = kind ? net->orderer_org_count : net->peer_org_count;
		for (size_t i = 0; i < n; i++) {
			struct fc_inv_origin from = fc_inventory_org_origin(v, &orgs[i], false);
			add_namespace_access(v, orgs[i].namespace, from);
			add_test_pod(v, orgs[i].namespace, from);
			if (net->identities == FC_IDENTITIES_FABRIC_CA)
				add_org_identity_jobs(v, &orgs[i], from);
			if (nfs(v))
				add_share(v, orgs[i].namespace, orgs[i].name,
				          fc_inventory_org_origin(v, &orgs[i], true), from, 0);
		}
	}
	if (net->explorer) {
		add_namespace_access(v, net->explorer_namespace, v->explorer_origin);
		add_test_pod(v, net->explorer_namespace, v->explorer_origin);
		if (nfs(v))
			add_share(v, net->explorer_namespace, "explorer", network_named,
			          v->explorer_origin, FC_INV_OWN);
	}
	add_release_objects(v);
	fc_inventory_ingresses(v);

	/* networkpolicies.yaml */
	struct fc_policy *policies;
	size_t n = fc_policies_build(arena, net, &policies);
	struct fc_inv_origin isolation = at(v, "/isolation", "isolation", NULL);
	for (size_t i = 0; i < n; i++) {
		struct fc_inv_object *o = fc_inventory_object(
		        v, "networking.k8s.io/v1", "NetworkPolicy", policies[i].namespace,
		        policies[i].name, "a NetworkPolicy of the chart", NULL, isolation, 0);
		fc_inventory_labels(v, o, "isolation", NULL, NULL);
		o->policy_spec = policies[i].spec;
	}
	out->objects = v->items;
	out->count = v->count;
}

const char *fc_inventory_role(struct fc_arena *arena, const struct fc_inv_object *o)
{
	const char *hole = o->role_arg ? strstr(o->role, "%s") : NULL;
	if (!hole)
		return o->role;
	return fc_arena_printf(arena, "%.*s%s%s", (int)(hole - o->role), o->role, o->role_arg,
	                       hole + 2);
}

void fc_inventory_release(struct fc_inventory *inv)
{
	free(inv->objects);
	inv->objects = NULL;
	inv->count = 0;
}

/* ---- the canonical text form --------------------------------------------------- */

/* Strings of the arena, sorted and joined on demand. */
struct words {
	struct fc_arena *arena;
	char **items;
	size_t count, alloc;
};

static void word(struct words *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void word(struct words *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fc_xgrow((void **)&w->items, &w->alloc, w->count + 1, sizeof(*w->items));
	w->items[w->count++] = fc_arena_vprintf(w->arena, fmt, ap);
	va_end(ap);
}

static int compare_words(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Appends the words (sorted when asked) to out and forgets them. */
static void flush(struct fc_strbuf *out, struct words *w, bool sort)
{
	if (sort && w->count)
		qsort(w->items, w->count, sizeof(*w->items), compare_words);
	for (size_t i = 0; i < w->count; i++)
		fc_strbuf_addstr(out, w->items[i]);
	w->count = 0;
}

/* One "  <title> key=value" line per label, sorted. */
static void print_labels(struct fc_strbuf *out, struct words *w, const char *title,
                         const struct fc_inv_label *labels, size_t n)
{
	for (size_t i = 0; i < n; i++)
		word(w, "  %s %s=%s\n", title, labels[i].key, labels[i].value);
	flush(out, w, true);
}

static void print_ports(struct fc_strbuf *out, const struct fc_inv_port *ports, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fc_strbuf_addf(out, " %s/%u", ports[i].name, ports[i].number);
	fc_strbuf_addch(out, '\n');
}

static void print_pod(struct fc_strbuf *out, struct words *w, const struct fc_inv_pod *p)
{
	struct fc_strbuf line = FC_STRBUF_INIT;
	print_labels(out, w, "pod label", p->labels, p->label_count);
	struct words cs = {w->arena, NULL, 0, 0};
	for (size_t i = 0; i < p->container_count; i++) {
		const struct fc_inv_container *c = &p->containers[i];
		fc_strbuf_reset(&line);
		fc_strbuf_addf(&line, "  %s %s:", c->init ? "initContainer" : "container", c->name);
		print_ports(&line, c->ports, c->port_count);
		word(&cs, "%s", line.buf);
	}
	flush(out, &cs, true);
	free(cs.items);
	fc_strbuf_addstr(out, "  volumes:");
	for (size_t i = 0; i < p->volume_count; i++)
		word(w, " %s", p->volumes[i].name);
	flush(out, w, true);
	fc_strbuf_addstr(out, "\n  claims:");
	for (size_t i = 0; i < p->claim_count; i++)
		word(w, " %s", p->claims[i]);
	flush(out, w, true);
	fc_strbuf_addch(out, '\n');
	fc_strbuf_release(&line);
}

void fc_inventory_print(struct fc_strbuf *out, const struct fc_inventory *inv, bool with_runtime,
                        bool positions)
{
	struct fc_arena arena;
	fc_arena_init(&arena);
	struct words blocks = {&arena, NULL, 0, 0}, w = {&arena, NULL, 0, 0};
	struct fc_strbuf b = FC_STRBUF_INIT;
	for (size_t i = 0; i < inv->count; i++) {
		const struct fc_inv_object *o = &inv->objects[i];
		if ((o->flags & FC_INV_RUNTIME) && !with_runtime)
			continue;
		fc_strbuf_reset(&b);
		fc_strbuf_addf(&b, "%s %s %s %s", o->api_version, o->kind,
		               o->namespace ? o->namespace : "-", o->name);
		if (positions)
			fc_strbuf_addf(&b, "  @ %u:%u %s%s", o->origin.pos.line, o->origin.pos.col,
			               o->flags & FC_INV_RUNTIME ? "(runtime) " : "",
			               fc_inventory_role(&arena, o));
		fc_strbuf_addch(&b, '\n');
		print_labels(&b, &w, "label", o->labels, o->label_count);
		if (o->service_port_count) {
			fc_strbuf_addstr(&b, "  ports:");
			print_ports(&b, o->service_ports, o->service_port_count);
		}
		if (o->pod)
			print_pod(&b, &w, o->pod);
		word(&blocks, "%s", b.buf);
	}
	flush(out, &blocks, true);
	free(blocks.items);
	free(w.items);
	fc_strbuf_release(&b);
	fc_arena_release(&arena);
}

/* ---- the objects of `netpol --topology` ---------------------------------------- */

static struct fc_node *labels_map(struct fc_arena *arena, const struct fc_inv_label *labels,
                                  size_t n)
{
	struct fc_node *m = fc_tree_map(arena);
	for (size_t i = 0; i < n; i++)
		fc_tree_set(arena, m, labels[i].key, fc_tree_str(arena, labels[i].value), NULL);
	return m;
}

static struct fc_node *manifest(struct fc_arena *arena, const struct fc_inv_object *o)
{
	struct fc_node *m = fc_tree_map(arena);
	fc_tree_set(arena, m, "apiVersion", fc_tree_str(arena, o->api_version), NULL);
	fc_tree_set(arena, m, "kind", fc_tree_str(arena, o->kind), NULL);
	struct fc_node *meta = fc_tree_set(arena, m, "metadata", fc_tree_map(arena), NULL);
	fc_tree_set(arena, meta, "name", fc_tree_str(arena, o->name), NULL);
	if (o->namespace)
		fc_tree_set(arena, meta, "namespace", fc_tree_str(arena, o->namespace), NULL);
	fc_tree_set(arena, meta, "labels", labels_map(arena, o->labels, o->label_count), NULL);
	if (o->policy_spec)
		fc_tree_set(arena, m, "spec", o->policy_spec, NULL);
	if (!o->pod)
		return m;
	struct fc_node *spec = fc_tree_set(arena, m, "spec", fc_tree_map(arena), NULL);
	struct fc_node *tmpl = fc_tree_set(arena, spec, "template", fc_tree_map(arena), NULL);
	struct fc_node *tmeta = fc_tree_set(arena, tmpl, "metadata", fc_tree_map(arena), NULL);
	fc_tree_set(arena, tmeta, "labels", labels_map(arena, o->pod->labels, o->pod->label_count),
	            NULL);
	struct fc_node *pspec = fc_tree_set(arena, tmpl, "spec", fc_tree_map(arena), NULL);
	struct fc_node *containers =
	        fc_tree_set(arena, pspec, "containers", fc_tree_seq(arena), NULL);
	for (size_t i = 0; i < o->pod->container_count; i++) {
		const struct fc_inv_container *c = &o->pod->containers[i];
		if (c->init)
			continue;
		struct fc_node *cm = fc_tree_push(arena, containers, fc_tree_map(arena));
		fc_tree_set(arena, cm, "name", fc_tree_str(arena, c->name), NULL);
		struct fc_node *plist = fc_tree_set(arena, cm, "ports", fc_tree_seq(arena), NULL);
		for (size_t j = 0; j < c->port_count; j++) {
			struct fc_node *p = fc_tree_push(arena, plist, fc_tree_map(arena));
			fc_tree_set(arena, p, "name", fc_tree_str(arena, c->ports[j].name), NULL);
			fc_tree_set(arena, p, "containerPort",
			            fc_tree_int(arena, c->ports[j].number), NULL);
			fc_tree_set(arena, p, "protocol", fc_tree_str(arena, "TCP"), NULL);
		}
	}
	return m;
}

size_t fc_inventory_build(struct fc_arena *arena, const struct fc_network *net,
                          struct fc_node ***out)
{
	struct fc_inventory inv;
	fc_inventory_collect(arena, net, NULL, NULL, &inv);
	struct fc_node **items = fc_arena_array(arena, inv.count + 1, sizeof(*items));
	size_t n = 0;
	for (size_t i = 0; i < inv.count; i++) {
		const struct fc_inv_object *o = &inv.objects[i];
		bool workload =
		        strcmp(o->kind, "StatefulSet") == 0 || strcmp(o->kind, "Deployment") == 0;
		if (o->flags & (FC_INV_HOOK | FC_INV_RUNTIME))
			continue;
		if (workload || strcmp(o->kind, "Namespace") == 0 ||
		    strcmp(o->kind, "NetworkPolicy") == 0)
			items[n++] = manifest(arena, o);
	}
	fc_inventory_release(&inv);
	*out = items;
	return n;
}

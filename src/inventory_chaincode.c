/*
 * inventory_chaincode - the chaincodes' objects in the inventory (see
 * inventory.h): the servers of chaincode.yaml and the packages, lifecycle
 * Jobs and helm tests of chaincode-jobs.yaml, as chaincode.c derives them
 * into values (chaincodes.<cc>.organizations, .approvals, .commits).
 *
 * Ownership: as inventory.h; everything lives in the context's arena.
 */
#include "inventory_internal.h"

#include "chaincode.h"

/* The origin of a chaincode's objects: its name (named: the name is the value). */
static struct fc_inv_origin cc_origin(struct inv *v, const struct fc_chaincode *cc, bool named)
{
	return (struct fc_inv_origin){cc->pos, fc_pointer_key(v->arena, cc->pointer, "name", 4),
	                              "chaincode name", named ? cc->name : NULL};
}

/* chaincode.yaml: the server of a chaincode in an organization, its Service and
 * Deployment. */
static void add_server(struct inv *v, const struct fc_chaincode *cc,
                       const struct fc_chaincode_org *run)
{
	const char **names = fc_arena_array(v->arena, 2, sizeof(*names));
	unsigned *numbers = fc_arena_alloc(v->arena, sizeof(*numbers));
	names[0] = "chaincode";
	numbers[0] = cc->port;
	struct inv_node n = {.ns = run->org->namespace,
	                     .from = cc_origin(v, cc, true),
	                     .component = "chaincode",
	                     .node = run->service,
	                     .role_arg = cc->name,
	                     .flags = FC_INV_CHAINCODE};
	fc_inventory_service(v, &n, run->service, "the Service of chaincode '%s'", names, numbers);
	struct fc_inv_pod *pd = fc_inventory_workload(v, &n, "Deployment", run->service,
	                                              "the server of chaincode '%s'");
	fc_inventory_container(v, pd, "chaincode", false, names, numbers);
	fc_inventory_volume(pd, "tmp", NULL);
	if (cc->tls_required) {
		fc_inventory_volume(pd, "tls", NULL);
		fc_inventory_secret(v, n.ns, fc_arena_printf(v->arena, "%s-tls", run->service),
		                    "the TLS pair of a server of chaincode '%s'", cc->name, n.from);
	}
}

/* chaincode-jobs.yaml: a lifecycle Job (or its helm test) of a chaincode in org's
 * namespace; package: the ConfigMap of the package it installs, or NULL. */
static void add_lifecycle_job(struct inv *v, const struct fc_chaincode *cc,
                              const struct fc_org *org, const char *suffix, const char *step,
                              const char *package, const struct fc_channel *endorsed)
{
	const struct fc_network *net = v->net;
	struct fc_inv_origin from = cc_origin(v, cc, false);
	struct fc_inv_object *o = fc_inventory_object(
	        v, "batch/v1", "Job", org->namespace,
	        fc_inventory_release_name(v, fc_arena_printf(v->arena, "-%s", suffix)),
	        "a lifecycle Job of chaincode '%s'", cc->name, from, FC_INV_HOOK | FC_INV_RELEASE);
	fc_inventory_labels(v, o, "lifecycle", NULL, NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(
	        v, o, net->orderer_org_count + (endorsed ? endorsed->member_count : 0));
	fc_inventory_container(v, pd, step, false, NULL, NULL);
	fc_inventory_identity_volumes(pd);
	fc_inventory_volume(pd, "scripts", NULL);
	if (package)
		fc_inventory_volume(pd, "package", NULL);
	for (size_t i = 0; i < net->orderer_org_count; i++)
		fc_inventory_volume(
		        pd, fc_arena_printf(v->arena, "orderer-tls-%s", net->orderer_orgs[i].name),
		        NULL);
	for (size_t i = 0; endorsed && i < endorsed->member_count; i++)
		if (endorsed->members[i]->peer_count)
			fc_inventory_volume(pd,
			                    fc_arena_printf(v->arena, "peer-tls-%s",
			                                    endorsed->members[i]->name),
			                    NULL);
}

/* chaincode-jobs.yaml: the prune Job of an organization that runs chaincodes, its
 * ServiceAccount, Role and RoleBinding. */
static void add_prune(struct inv *v, const struct fc_org *org)
{
	static const struct {
		const char *api, *kind, *role;
	} access[] = {
	        {"v1", "ServiceAccount", "the prune Job's ServiceAccount"},
	        {"rbac.authorization.k8s.io/v1", "Role", "the prune Job's Role"},
	        {"rbac.authorization.k8s.io/v1", "RoleBinding", "the prune Job's RoleBinding"}};
	struct fc_inv_origin from = fc_inventory_org_origin(v, org, false);
	for (size_t i = 0; i < sizeof(access) / sizeof(access[0]); i++) {
		struct fc_inv_object *o = fc_inventory_object(
		        v, access[i].api, access[i].kind, org->namespace,
		        "fabchart-chaincode-prune", access[i].role, NULL, from, 0);
		fc_inventory_labels(v, o, "lifecycle", NULL, NULL);
	}
	struct fc_inv_object *o = fc_inventory_object(
	        v, "batch/v1", "Job", org->namespace, fc_inventory_release_name(v, "-cc-prune"),
	        "the chaincode servers' prune Job", NULL, from, FC_INV_HOOK | FC_INV_RELEASE);
	fc_inventory_labels(v, o, "lifecycle", NULL, NULL);
	struct fc_inv_pod *pd = fc_inventory_pod(v, o, 0);
	fc_inventory_container(v, pd, "prune", false, NULL, NULL);
	fc_inventory_volume(pd, "scripts", NULL);
	fc_inventory_volume(pd, "tmp", NULL);
}

void fc_inventory_chaincodes(struct inv *v)
{
	const struct fc_network *net = v->net;
	for (size_t i = 0; net->chaincode_count && i < net->peer_org_count; i++) {
		struct fc_inv_object *o = fc_inventory_object(
		        v, "v1", "ConfigMap", net->peer_orgs[i].namespace, "fabchart-lifecycle",
		        "the lifecycle Jobs' script", NULL,
		        fc_inventory_org_origin(v, &net->peer_orgs[i], false), 0);
		fc_inventory_labels(v, o, "lifecycle", NULL, NULL);
	}
	for (size_t i = 0; i < net->chaincode_count; i++) {
		const struct fc_chaincode *cc = &net->chaincodes[i];
		struct fc_inv_origin from = cc_origin(v, cc, true);
		for (size_t j = 0; j < cc->org_count; j++) {
			add_server(v, cc, &cc->orgs[j]);
			struct fc_inv_object *o = fc_inventory_object(
			        v, "v1", "ConfigMap", cc->orgs[j].org->namespace,
			        fc_arena_printf(v->arena, "chaincode-%s", cc->orgs[j].service),
			        "the package of chaincode '%s'", cc->name, from, FC_INV_CHAINCODE);
			fc_inventory_labels(v, o, "lifecycle", NULL, NULL);
		}
		const char *approve = fc_arena_printf(v->arena, "cc-%s-approve", cc->name);
		for (size_t k = 0; k < net->peer_org_count; k++) {
			const struct fc_org *org = &net->peer_orgs[k];
			bool member = false;
			const char *package = NULL;
			for (size_t c = 0; c < cc->channel_count; c++)
				member = member || fc_model_channel_member(cc->channels[c], org);
			for (size_t j = 0; j < cc->org_count; j++)
				if (cc->orgs[j].org == org)
					package = cc->orgs[j].service;
			if (member)
				add_lifecycle_job(v, cc, org, approve, "approve", package, NULL);
		}
		for (size_t c = 0; c < cc->channel_count; c++) {
			const struct fc_channel *ch = cc->channels[c];
			add_lifecycle_job(
			        v, cc, ch->members[0],
			        fc_arena_printf(v->arena, "cc-%s-commit-%s", cc->name, ch->name),
			        "commit", NULL, ch);
			add_lifecycle_job(
			        v, cc, ch->members[0],
			        fc_arena_printf(v->arena, "test-cc-%s-%s", cc->name, ch->name),
			        "check", NULL, cc->test_ctor ? ch : NULL); /* the query's TLS CAs */
		}
	}
	for (size_t k = 0; k < net->peer_org_count; k++) {
		bool runs = false;
		for (size_t i = 0; i < net->chaincode_count; i++)
			for (size_t j = 0; j < net->chaincodes[i].org_count; j++)
				runs = runs || net->chaincodes[i].orgs[j].org == &net->peer_orgs[k];
		if (runs)
			add_prune(v, &net->peer_orgs[k]);
	}
}

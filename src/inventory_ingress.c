/*
 * inventory_ingress - the Ingress objects of exposure.type Ingress
 * (templates/ingress.yaml): one per organization with an exposed node (a
 * rule per node, and its CA when exposed), in the organization's namespace.
 */
#include "inventory_internal.h"

/* Whether templates/ingress.yaml renders org's Ingress: it has a route (render.c
 * add_ingress: a node with an external address, or its exposed CA's). */
static bool has_route(const struct fc_org *org)
{
	if (org->ca_address)
		return true;
	for (size_t i = 0; i < org->peer_count; i++)
		if (org->peers[i].external.address)
			return true;
	for (size_t i = 0; i < org->orderer_count; i++)
		if (org->orderers[i].external.address)
			return true;
	return false;
}

void fc_inventory_ingresses(struct inv *v)
{
	const struct fc_network *net = v->net;
	if (net->exposure != FC_EXPOSURE_INGRESS)
		return;
	const struct fc_org *kinds[2] = {net->peer_orgs, net->orderer_orgs};
	size_t counts[2] = {net->peer_org_count, net->orderer_org_count};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < counts[k]; i++) {
			const struct fc_org *org = &kinds[k][i];
			if (!has_route(org))
				continue;
			struct fc_inv_object *o = fc_inventory_object(
			        v, "networking.k8s.io/v1", "Ingress", org->namespace,
			        "fabric-passthrough",
			        "the organization's Ingress (TLS passthrough)", NULL,
			        fc_inventory_org_origin(v, org, false), 0);
			fc_inventory_labels(v, o, "ingress", NULL, NULL);
		}
}

/*
 * model_ports - the exposure half of the model (see model.h and
 * model_internal.h): how nodes are reached from outside the cluster and
 * which outside sources the NetworkPolicies admit (exposure, isolation),
 * every node's Service address, and the port map with the NodePort rules
 * (nodeport-range, nodeport-out-of-range, nodeport-collision,
 * nodeport-stride, isolation-no-node-cidrs, exposure-blocked,
 * client-cidrs-unused, ca-external-unused, explorer-port-unused,
 * ingress-host-missing, ingress-unused, external-host-ipv6-policies).
 */
#include "model_internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Exposure against isolation: every port exposed outside the cluster must be
 * admitted by the NetworkPolicies from the sources the topology declares
 * (isolation.nodeCidrs: NodePort traffic, and LoadBalancer traffic with the
 * default externalTrafficPolicy Cluster, arrives from the nodes' addresses;
 * exposure.clientCidrs: LoadBalancer Services that keep the client's address),
 * or the topology hears why not and the two ways out.
 */
static void check_exposure(struct builder *b, const struct fc_node *ex, const struct fc_node *np,
                           const struct fc_node *iso)
{
	struct fc_network *net = b->net;
	bool exposed = net->exposure != FC_EXPOSURE_CLUSTERIP;
	bool lb = net->exposure == FC_EXPOSURE_LOADBALANCER;
	/* behind an ingress controller the nodes are reached from its pods, which the
	 * NetworkPolicies admit by namespace (policy.c): no CIDR needed */
	bool cidrs_needed = exposed && net->exposure != FC_EXPOSURE_INGRESS;
	/* the explorer: a NodePort when one is set, a LoadBalancer with that exposure;
	 * with policies on, only when isolation.explorerExternal admits it */
	bool explorer_port = net->exposure == FC_EXPOSURE_NODEPORT && net->node_port.explorer;
	net->explorer_exposed = net->explorer && (explorer_port || lb) &&
	                        (!net->network_policies || net->explorer_external);
	if (cidrs_needed && net->network_policies && !net->node_cidr_count &&
	    !(lb && net->client_cidr_count))
		fc_diag_warning(
		        b->diags, "isolation-no-node-cidrs",
		        iso  ? iso->pos
		        : ex ? pos_of(ex, "type")
		             : b->root->pos,
		        iso  ? "/isolation"
		        : ex ? "/exposure"
		             : "",
		        "NetworkPolicies will drop the %s traffic to peers and orderers: no "
		        "nodeCidrs are allowed in; list the nodes' CIDRs in "
		        "isolation.nodeCidrs%s, or keep the network inside the cluster "
		        "(exposure.type: ClusterIP)",
		        lb ? "LoadBalancer" : "NodePort",
		        lb ? " (or the clients' in exposure.clientCidrs)" : "");
	if (net->explorer && explorer_port && net->network_policies && !net->explorer_external) {
		struct fc_diag *d = fc_diag_error(
		        b->diags, "exposure-blocked", pos_of(np, "explorer"),
		        "/exposure/nodePort/explorer",
		        "the explorer is exposed on NodePort %u, but isolation.explorerExternal: "
		        "false makes the NetworkPolicies drop every connection to it; remove "
		        "exposure.nodePort.explorer to keep the explorer inside the cluster, or set "
		        "isolation.explorerExternal: true",
		        net->node_port.explorer);
		fc_diag_note(b->diags, d, pos_of(iso, "explorerExternal"),
		             "outside traffic to the explorer refused here");
	}
	if (net->client_cidr_count && !lb)
		fc_diag_warning(b->diags, "client-cidrs-unused", pos_of(ex, "clientCidrs"),
		                "/exposure/clientCidrs",
		                "exposure.clientCidrs has no effect with exposure.type %s: it "
		                "restricts LoadBalancer Services (loadBalancerSourceRanges); %s",
		                fc_exposure_name(net->exposure),
		                !exposed ? "nothing is exposed outside the cluster"
		                : net->exposure == FC_EXPOSURE_INGRESS
		                        ? "behind the ingress the NetworkPolicies admit the "
		                          "controller's namespace (exposure.ingress.namespace)"
		                        : "NodePort traffic reaches the pods from the nodes' "
		                          "addresses, so list those in isolation.nodeCidrs");
	if (net->ca_external && !exposed)
		fc_diag_warning(b->diags, "ca-external-unused", pos_of(ex, "caExternal"),
		                "/exposure/caExternal",
		                "exposure.caExternal has no effect with exposure.type ClusterIP: "
		                "nothing is exposed outside the cluster");
}

/* The strings of a sequence (the schema made them strings), in order. */
static const char **read_strings(struct builder *b, const struct fc_node *list, size_t *count)
{
	*count = 0;
	if (!list)
		return NULL;
	const char **out = fc_arena_array(b->arena, list->count, sizeof(char *));
	for (size_t i = 0; i < list->count; i++)
		if (list->items[i]->kind == FC_NODE_STRING)
			out[(*count)++] = list->items[i]->text;
	return out;
}

void fc_model_read_exposure(struct builder *b)
{
	struct fc_network *net = b->net;
	const struct fc_node *ex = get_kind(b->root, "exposure", FC_NODE_MAP);
	const char *type = get_string(ex, "type", "NodePort");
	net->exposure = strcmp(type, "ClusterIP") == 0      ? FC_EXPOSURE_CLUSTERIP
	                : strcmp(type, "LoadBalancer") == 0 ? FC_EXPOSURE_LOADBALANCER
	                : strcmp(type, "Ingress") == 0      ? FC_EXPOSURE_INGRESS
	                                                    : FC_EXPOSURE_NODEPORT;
	/* exposure.ingress: the controller in front of every node (type Ingress) */
	const struct fc_node *ing = get_kind(ex, "ingress", FC_NODE_MAP);
	net->ingress.class_name = get_string(ing, "className", "nginx");
	net->ingress.namespace = get_string(ing, "namespace", "ingress-nginx");
	net->ingress.port = get_unsigned(ing, "port", 443);
	if (ing && net->exposure != FC_EXPOSURE_INGRESS)
		fc_diag_warning(b->diags, "ingress-unused", ing->pos, "/exposure/ingress",
		                "exposure.ingress has no effect with exposure.type %s; set "
		                "exposure.type: Ingress to route the nodes through the ingress "
		                "controller",
		                type);
	const struct fc_node *np = get_kind(ex, "nodePort", FC_NODE_MAP);
	net->node_port.peer_base = get_unsigned(np, "peerBase", 30000);
	net->node_port.stride = get_unsigned(np, "stride", 100);
	net->node_port.orderer_base = get_unsigned(np, "ordererBase", 32700);
	net->node_port.explorer = get_unsigned(np, "explorer", 0);
	net->node_port.range_start = get_unsigned(np, "rangeStart", 30000);
	net->node_port.range_end = get_unsigned(np, "rangeEnd", 32767);

	const struct fc_node *iso = get_kind(b->root, "isolation", FC_NODE_MAP);
	net->network_policies = get_bool(iso, "networkPolicies", true);
	net->explorer_external = get_bool(iso, "explorerExternal", true);
	net->monitoring_namespace = get_string(iso, "monitoringNamespace", NULL);
	net->cluster_domain = get_string(ex, "clusterDomain", "cluster.local");
	net->node_cidrs =
	        read_strings(b, get_kind(iso, "nodeCidrs", FC_NODE_SEQ), &net->node_cidr_count);
	net->client_cidrs =
	        read_strings(b, get_kind(ex, "clientCidrs", FC_NODE_SEQ), &net->client_cidr_count);
	net->explorer = get_bool(get_kind(b->root, "explorer", FC_NODE_MAP), "enabled", false);
	net->explorer_namespace = fc_arena_printf(b->arena, "explorer-%s", net->name);

	net->ca_external = get_bool(ex, "caExternal", false);
	check_exposure(b, ex, np, iso);
	/* Explorer queries the legacy lscc system chaincode, which Fabric 3 removed */
	if (net->explorer && net->fabric.major >= 3) {
		const struct fc_node *exn = get_kind(b->root, "explorer", FC_NODE_MAP);
		struct fc_diag *d = fc_diag_error(
		        b->diags, "explorer-unsupported", pos_of(exn, "enabled"),
		        "/explorer/enabled",
		        "Hyperledger Explorer does not support Fabric %s; disable the explorer",
		        net->fabric.text);
		fc_diag_note(b->diags, d,
		             pos_of(get_kind(b->root, "fabric", FC_NODE_MAP), "version"),
		             "Fabric version %s set here", net->fabric.text);
	}
	if (net->node_port.explorer && !net->explorer)
		fc_diag_warning(b->diags, "explorer-port-unused", pos_of(np, "explorer"),
		                "/exposure/nodePort/explorer",
		                "an explorer NodePort is set but the explorer is not enabled");
}

/* Service addresses of every node and where Kafka runs; needs the cluster domain. */
void fc_model_derive_addresses(struct builder *b)
{
	struct fc_network *net = b->net;
	for (size_t i = 0; i < net->peer_org_count; i++) {
		struct fc_org *org = &net->peer_orgs[i];
		for (size_t j = 0; j < org->peer_count; j++)
			org->peers[j].address =
			        fc_arena_printf(b->arena, "%s.%s.svc.%s:%d", org->peers[j].service,
			                        org->namespace, net->cluster_domain, FC_PORT_PEER);
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		struct fc_org *org = &net->orderer_orgs[i];
		for (size_t j = 0; j < org->orderer_count; j++)
			org->orderers[j].address = fc_arena_printf(
			        b->arena, "%s.%s.svc.%s:%d", org->orderers[j].service,
			        org->namespace, net->cluster_domain, FC_PORT_ORDERER);
	}
	if (net->consensus == FC_CONSENSUS_KAFKA && net->orderer_org_count)
		net->kafka_namespace = net->orderer_orgs[0].namespace;
}

/* ---- the port map ---------------------------------------------------------------------- */

static void add_port(struct builder *b, const struct fc_org *org, const char *service,
                     const char *component, const char *name, unsigned port, unsigned node_port,
                     struct fc_pos pos, const char *pointer)
{
	struct fc_network *net = b->net;
	net->ports[net->port_count++] = (struct fc_port){
	        org, service, component, name, port, node_port, false, NULL, pos, pointer};
}

static int compare_node_port(const void *pa, const void *pb)
{
	const struct fc_port *a = *(const struct fc_port *const *)pa;
	const struct fc_port *b = *(const struct fc_port *const *)pb;
	if (a->node_port != b->node_port)
		return a->node_port < b->node_port ? -1 : 1;
	return a < b ? -1 : a > b;
}

static const char *port_owner(struct builder *b, const struct fc_port *p)
{
	if (p->org && strcmp(p->component, "ca") == 0)
		return fc_arena_printf(b->arena, "the CA of '%s'", p->org->name);
	if (p->org)
		return fc_arena_printf(b->arena, "%s '%s' of '%s'", p->component, p->service,
		                       p->org->name);
	return fc_arena_printf(b->arena, "the %s", p->service);
}

static void check_node_ports(struct builder *b)
{
	struct fc_network *net = b->net;
	if (net->node_port.range_start > net->node_port.range_end) {
		fc_diag_error(b->diags, "nodeport-range",
		              pos_of(get_kind(get_kind(b->root, "exposure", FC_NODE_MAP),
		                              "nodePort", FC_NODE_MAP),
		                     "rangeStart"),
		              "/exposure/nodePort/rangeStart", "node-port range %u-%u is empty",
		              net->node_port.range_start, net->node_port.range_end);
		return;
	}
	/* out of range: one diagnostic per owner (organization or orderer), not per port */
	const struct fc_port *last_reported = NULL;
	for (size_t i = 0; i < net->port_count; i++) {
		const struct fc_port *p = &net->ports[i];
		if (!p->node_port)
			continue;
		if (p->node_port >= net->node_port.range_start &&
		    p->node_port <= net->node_port.range_end)
			continue;
		if (last_reported && last_reported->org == p->org &&
		    strcmp(last_reported->component, "orderer") != 0)
			continue;
		last_reported = p;
		fc_diag_error(b->diags, "nodeport-out-of-range", p->pos, p->pointer,
		              "NodePort %u of %s is outside the node-port range %u-%u",
		              p->node_port, port_owner(b, p), net->node_port.range_start,
		              net->node_port.range_end);
	}
	const struct fc_port **sorted = fc_xcalloc(net->port_count + 1, sizeof(*sorted));
	size_t n = 0;
	for (size_t i = 0; i < net->port_count; i++)
		if (net->ports[i].node_port)
			sorted[n++] = &net->ports[i];
	qsort(sorted, n, sizeof(*sorted), compare_node_port);
	for (size_t i = 1; i < n; i++) {
		if (sorted[i]->node_port != sorted[i - 1]->node_port)
			continue;
		struct fc_diag *d = fc_diag_error(
		        b->diags, "nodeport-collision", sorted[i]->pos, sorted[i]->pointer,
		        "NodePort %u of %s collides with %s", sorted[i]->node_port,
		        port_owner(b, sorted[i]), port_owner(b, sorted[i - 1]));
		fc_diag_note(b->diags, d, sorted[i - 1]->pos, "%u assigned here",
		             sorted[i - 1]->node_port);
	}
	free(sorted);
}

void fc_model_build_port_map(struct builder *b)
{
	struct fc_network *net = b->net;
	size_t capacity = 1 + net->peer_org_count + net->orderer_org_count + 2 * net->peer_count +
	                  net->orderer_count;
	net->ports = fc_arena_array(b->arena, capacity, sizeof(*net->ports));
	bool np = net->exposure == FC_EXPOSURE_NODEPORT;
	unsigned stride = net->node_port.stride;
	for (size_t i = 0; i < net->peer_org_count; i++) {
		struct fc_org *org = &net->peer_orgs[i];
		org->port_base = net->node_port.peer_base + (org->index - 1) * stride;
		if (np && 2 * org->peer_count + 1 > stride) {
			fc_diag_error(b->diags, "nodeport-stride", org->nodes_pos,
			              ptr(b, org->pointer, "peers"),
			              "organization '%s' has %zu peers; they need %zu ports, more "
			              "than the stride of %u (at most %u peer%s fit)",
			              org->name, org->peer_count, 2 * org->peer_count + 1, stride,
			              (stride - 1) / 2, (stride - 1) / 2 == 1 ? "" : "s");
		}
		if (org->ca) {
			/* the seed gives CAs the organization's first NodePort yet says they are
			 * not reached from outside: closed unless exposure.caExternal (the port
			 * stays reserved either way, so the scheme does not move) */
			org->ca_exposed =
			        net->ca_external && net->exposure != FC_EXPOSURE_CLUSTERIP;
			org->ca_node_port = np && org->ca_exposed ? org->port_base : 0;
			add_port(b, org, "ca", "ca", "ca", FC_PORT_CA, org->ca_node_port,
			         org->name_pos, ptr(b, org->pointer, "ca"));
			net->ports[net->port_count - 1].external = org->ca_exposed;
		}
		for (size_t j = 0; j < org->peer_count; j++) {
			struct fc_peer *p = &org->peers[j];
			if (np) {
				p->node_port = org->port_base + 2 * p->index + 1;
				p->chaincode_node_port = org->port_base + 2 * p->index + 2;
			}
			const char *pp = ptr(b, org->pointer, "peers");
			add_port(b, org, p->service, "peer", "grpc", FC_PORT_PEER, p->node_port,
			         p->pos, pp);
			add_port(b, org, p->service, "peer", "chaincode", 7052,
			         p->chaincode_node_port, p->pos, pp);
		}
	}
	for (size_t i = 0; i < net->orderer_org_count; i++) {
		struct fc_org *org = &net->orderer_orgs[i];
		if (org->ca)
			add_port(b, org, "ca", "ca", "ca", FC_PORT_CA, 0, org->name_pos,
			         ptr(b, org->pointer, "ca"));
		for (size_t j = 0; j < org->orderer_count; j++) {
			struct fc_orderer *o = &org->orderers[j];
			if (np)
				o->node_port = net->node_port.orderer_base + o->number;
			add_port(b, org, o->service, "orderer", "grpc", FC_PORT_ORDERER,
			         o->node_port, o->pos, ptr(b, org->pointer, "orderers"));
		}
	}
	/* the explorer's row: its NodePort when set, else only when it is exposed (LoadBalancer) */
	if (net->explorer && ((np && net->node_port.explorer) || net->explorer_exposed)) {
		const struct fc_node *ex = get_kind(b->root, "exposure", FC_NODE_MAP);
		add_port(b, NULL, "explorer", "explorer", "http", 8080,
		         np ? net->node_port.explorer : 0,
		         pos_of(get_kind(ex, "nodePort", FC_NODE_MAP), "explorer"),
		         "/exposure/nodePort/explorer");
	}
	/* exposed outside the cluster: peers and orderers whenever the exposure is not
	 * ClusterIP, CAs as decided above, the explorer as check_exposure decided */
	for (size_t i = 0; i < net->port_count; i++) {
		struct fc_port *p = &net->ports[i];
		if (strcmp(p->component, "explorer") == 0)
			p->external = net->explorer_exposed;
		else if (net->exposure == FC_EXPOSURE_INGRESS && strcmp(p->name, "chaincode") == 0)
			p->external =
			        false; /* the controller routes one TLS port: the peer's grpc */
		else if (strcmp(p->component, "ca") != 0)
			p->external = net->exposure != FC_EXPOSURE_CLUSTERIP;
	}
	if (np)
		check_node_ports(b);
}

size_t fc_model_node_ports(const struct fc_network *net, unsigned *lowest, unsigned *highest)
{
	size_t n = 0;
	*lowest = *highest = 0;
	for (size_t i = 0; i < net->port_count; i++) {
		unsigned p = net->ports[i].node_port;
		if (!p)
			continue;
		if (!n || p < *lowest)
			*lowest = p;
		if (!n || p > *highest)
			*highest = p;
		n++;
	}
	return n;
}

/* ---- external names ------------------------------------------------------------------- */

/* An IPv4 address in dotted-quad form, each part 0-255 without a leading zero. */
static bool is_ipv4(const char *s)
{
	for (int part = 0; part < 4; part++) {
		if (part && *s++ != '.')
			return false;
		unsigned v = 0, digits = 0;
		for (; *s >= '0' && *s <= '9'; s++, digits++)
			v = v * 10 + (unsigned)(*s - '0');
		if (!digits || digits > 3 || v > 255 || (digits > 1 && s[-(int)digits] == '0'))
			return false;
	}
	return *s == '\0';
}

/*
 * Whether s is an IPv6 address as inet_pton(AF_INET6) reads it, written in
 * hexadecimal groups only: no brackets, no zone ("%eth0": it names an
 * interface of one host, meaningless to clients and to a certificate), no
 * IPv4 dotted quad in the last groups (an IPv4-mapped address is written as
 * the IPv4 address itself).  Go's net.ParseIP, which cryptogen and
 * fabric-ca's cfssl use to sort SANs, takes every such address.
 */
static bool is_ipv6(const char *s)
{
	unsigned char bin[16];
	return strchr(s, ':') && !strchr(s, '.') && inet_pton(AF_INET6, s, bin) == 1;
}

/* "[<canonical IPv6>]" (inet_ntop: compressed, lower case) or host itself. */
static const char *address_host(struct builder *b, const char *host)
{
	unsigned char bin[16];
	char text[INET6_ADDRSTRLEN];
	if (!is_ipv6(host) || inet_pton(AF_INET6, host, bin) != 1 ||
	    !inet_ntop(AF_INET6, bin, text, sizeof(text)))
		return host;
	return fc_arena_printf(b->arena, "[%s]", text);
}

/* What is wrong with a written IPv6 address (s has a ':'). */
static const char *ipv6_problem(const char *s)
{
	if (strchr(s, '[') || strchr(s, ']'))
		return "write an IPv6 address without brackets ('2001:db8::10'): fabchart "
		       "brackets it wherever a port follows";
	const char *colon = strchr(s, ':');
	if (colon && !strchr(colon + 1, ':')) /* "host:port" */
		return "write the host alone: the port is the node's (its NodePort, the "
		       "Service port with LoadBalancer, the controller's with Ingress)";
	if (strchr(s, '%'))
		return "an IPv6 address with a zone ('%...') names an interface of one host; "
		       "give the address clients reach";
	if (strchr(s, '.'))
		return "write an IPv4-mapped or -embedded address as the IPv4 address itself, "
		       "or the IPv6 address in hexadecimal groups";
	unsigned char bin[16];
	if (inet_pton(AF_INET6, s, bin) != 1)
		return "not an IPv6 address: eight groups of 1 to 4 hexadecimal digits "
		       "separated by ':', one '::' at most";
	return NULL;
}

/*
 * NULL when s is a host name clients can resolve (RFC 1123: lower-case labels
 * of letters, digits and '-', not starting or ending with '-', at most 63
 * characters each and 253 in all, the last label not all digits), an IPv4
 * address or an IPv6 address (is_ipv6); else what is wrong with it.
 */
static const char *external_host_problem(const char *s)
{
	if (is_ipv4(s) || is_ipv6(s))
		return NULL;
	size_t len = strlen(s);
	if (!len || len > 253)
		return "a host name has 1 to 253 characters";
	if (strchr(s, ':') || strchr(s, '[') || strchr(s, '%'))
		return ipv6_problem(s);
	const char *label = s;
	bool digits_only = true;
	for (const char *c = s;; c++) {
		if (*c == '.' || *c == '\0') {
			size_t n = (size_t)(c - label);
			if (n == 0 || n > 63)
				return "each dot-separated label has 1 to 63 characters";
			if (label[0] == '-' || c[-1] == '-')
				return "a label does not start or end with '-'";
			if (*c == '\0')
				break;
			label = c + 1;
			digits_only = true;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return "a host name has lower-case letters, digits, '-' and '.' only";
		if (*c < '0' || *c > '9')
			digits_only = false;
	}
	if (digits_only)
		return "not an IPv4 address (four numbers 0 to 255), and a host name's last label "
		       "is not all digits";
	return NULL;
}

/* Checks one written externalHost (external-host-invalid, external-host-unexposed). */
static void check_external_host(struct builder *b, const struct fc_external *ext)
{
	const char *problem = external_host_problem(ext->host);
	if (problem)
		fc_diag_error(b->diags, "external-host-invalid", ext->pos, ext->pointer,
		              "external host '%s' is neither a host name nor an IPv4 or IPv6 "
		              "address: %s",
		              ext->host, problem);
	else if (b->net->exposure == FC_EXPOSURE_INGRESS &&
	         (is_ipv4(ext->host) || is_ipv6(ext->host)))
		/* SNI carries host names only ("Literal IPv4 and IPv6 addresses are not
		 * permitted in HostName", RFC 6066 section 3), and an Ingress rule's host
		 * is a DNS name, not an IP (networking.k8s.io/v1 IngressRule) */
		fc_diag_error(b->diags, "external-host-invalid", ext->pos, ext->pointer,
		              "external host '%s' is an IP address, but exposure.type Ingress "
		              "routes by the TLS server name (SNI), which is a host name: give "
		              "the node a DNS name that resolves to the ingress controller",
		              ext->host);
	else if (b->net->exposure == FC_EXPOSURE_CLUSTERIP)
		fc_diag_error(b->diags, "external-host-unexposed", ext->pos, ext->pointer,
		              "external host '%s' is set but exposure.type ClusterIP exposes no "
		              "node outside the cluster; use exposure.type NodePort, "
		              "LoadBalancer or Ingress, or remove externalHost",
		              ext->host);
}

struct external_use {
	const char *address;
	const char *owner; /* "peer 'peer0' of 'org1'" */
	const struct fc_external *ext;
	size_t order;
};

static int compare_use(const void *pa, const void *pb)
{
	const struct external_use *a = pa, *b = pb;
	int c = strcmp(a->address, b->address);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

/*
 * The external address of a node: its host (an IPv6 address in brackets, as
 * Go's net.SplitHostPort reads "host:port": Fabric splits the gossip external
 * endpoint so, gossip/gossip/config.go at v3.1.1) and its NodePort, the
 * Service port (LoadBalancer) or the ingress controller's port (Ingress).
 * Behind an ingress, a node without an externalHost has no route
 * (ingress-host-missing).
 */
static void set_address(struct builder *b, struct fc_external *ext, unsigned node_port,
                        unsigned port, struct external_use *uses, size_t *n, const char *owner,
                        struct fc_pos node_pos, const char *node_pointer)
{
	const struct fc_network *net = b->net;
	if (!ext->host) {
		if (net->exposure == FC_EXPOSURE_INGRESS)
			fc_diag_error(
			        b->diags, "ingress-host-missing", node_pos, node_pointer,
			        "%s has no externalHost: with exposure.type Ingress the "
			        "controller routes each node by its own host name (SNI); give "
			        "it one (externalHost on the node, or on its organization when "
			        "it has one node)",
			        owner);
		return;
	}
	unsigned at = net->exposure == FC_EXPOSURE_NODEPORT  ? node_port
	              : net->exposure == FC_EXPOSURE_INGRESS ? net->ingress.port
	                                                     : port;
	ext->address = fc_arena_printf(b->arena, "%s:%u", address_host(b, ext->host), at);
	uses[*n] = (struct external_use){ext->address, owner, ext, *n};
	(*n)++;
}

/* The port map's row of a service (component "peer"/"orderer"/"ca", port name). */
static struct fc_port *port_row(struct fc_network *net, const struct fc_org *org,
                                const char *service, const char *name)
{
	for (size_t i = 0; i < net->port_count; i++)
		if (net->ports[i].org == org && strcmp(net->ports[i].service, service) == 0 &&
		    strcmp(net->ports[i].name, name) == 0)
			return &net->ports[i];
	return NULL;
}

/*
 * An exposed CA's address for clients: its organization's externalHost at
 * its NodePort, at 7054 (LoadBalancer) or at the controller's port (Ingress,
 * where the host must be no node's: ingress-host-missing without one).
 */
static void set_ca_address(struct builder *b, struct fc_org *org, struct external_use *uses,
                           size_t *n)
{
	const struct fc_network *net = b->net;
	if (!org->ca || !org->ca_exposed)
		return;
	const char *owner = fc_arena_printf(b->arena, "the CA of '%s'", org->name);
	if (!org->external.host) {
		if (net->exposure == FC_EXPOSURE_INGRESS)
			fc_diag_error(
			        b->diags, "ingress-host-missing", org->name_pos,
			        ptr(b, org->pointer, "name"),
			        "%s is exposed (exposure.caExternal) but its organization has no "
			        "externalHost: with exposure.type Ingress the controller routes "
			        "it by that host name; set the organization's externalHost (and "
			        "each node's own)",
			        owner);
		return;
	}
	unsigned at = net->exposure == FC_EXPOSURE_NODEPORT  ? org->ca_node_port
	              : net->exposure == FC_EXPOSURE_INGRESS ? net->ingress.port
	                                                     : FC_PORT_CA;
	org->ca_address =
	        fc_arena_printf(b->arena, "%s:%u", address_host(b, org->external.host), at);
	uses[*n] = (struct external_use){org->ca_address, owner, &org->external, *n};
	(*n)++;
}

void fc_model_derive_external(struct builder *b)
{
	struct fc_network *net = b->net;
	struct external_use *uses = fc_xcalloc(
	        net->peer_count + net->orderer_count + net->peer_org_count + 1, sizeof(*uses));
	const struct fc_external *ipv6 = NULL; /* the first IPv6 externalHost */
	size_t n = 0;
	struct fc_org *kinds[2] = {net->peer_orgs, net->orderer_orgs};
	size_t counts[2] = {net->peer_org_count, net->orderer_org_count};
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < counts[k]; i++) {
			struct fc_org *org = &kinds[k][i];
			if (org->external.host) {
				check_external_host(b, &org->external);
				if (!ipv6 && is_ipv6(org->external.host))
					ipv6 = &org->external;
			}
			if (k == 0)
				set_ca_address(b, org, uses, &n);
			for (size_t j = 0; j < org->peer_count; j++) {
				struct fc_peer *p = &org->peers[j];
				if (p->external.host &&
				    p->external.pointer != org->external.pointer) {
					check_external_host(b, &p->external);
					if (!ipv6 && is_ipv6(p->external.host))
						ipv6 = &p->external;
				}
				set_address(b, &p->external, p->node_port, FC_PORT_PEER, uses, &n,
				            fc_arena_printf(b->arena, "peer '%s' of '%s'", p->name,
				                            org->name),
				            p->pos, ptr(b, org->pointer, "peers"));
			}
			for (size_t j = 0; j < org->orderer_count; j++) {
				struct fc_orderer *o = &org->orderers[j];
				if (o->external.host &&
				    o->external.pointer != org->external.pointer) {
					check_external_host(b, &o->external);
					if (!ipv6 && is_ipv6(o->external.host))
						ipv6 = &o->external;
				}
				set_address(b, &o->external, o->node_port, FC_PORT_ORDERER, uses,
				            &n,
				            fc_arena_printf(b->arena, "orderer '%s' of '%s'",
				                            o->name, org->name),
				            o->pos, ptr(b, org->pointer, "orderers"));
			}
		}
	}
	/* two nodes advertising one address: clients would reach one of them under both names */
	qsort(uses, n, sizeof(*uses), compare_use);
	for (size_t i = 1; net->exposure != FC_EXPOSURE_CLUSTERIP && i < n; i++) {
		if (strcmp(uses[i].address, uses[i - 1].address) != 0)
			continue;
		size_t first = i - 1;
		while (first && strcmp(uses[first - 1].address, uses[i].address) == 0)
			first--;
		struct fc_diag *d = fc_diag_error(
		        b->diags, "external-address-duplicate", uses[i].ext->pos,
		        uses[i].ext->pointer,
		        "%s would be reached at '%s' like %s; with exposure.type %s each node has "
		        "an address of its own: give the nodes their own externalHost",
		        uses[i].owner, uses[i].address, uses[first].owner,
		        fc_exposure_name(net->exposure));
		fc_diag_note(b->diags, d, uses[first].ext->pos, "'%s' given here",
		             uses[first].ext->host);
	}
	free(uses);
	/* the port map's addresses: each node's grpc port, each exposed CA */
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < counts[k]; i++) {
			struct fc_org *org = &kinds[k][i];
			struct fc_port *row;
			for (size_t j = 0; j < org->peer_count; j++)
				if ((row = port_row(net, org, org->peers[j].service, "grpc")))
					row->address = org->peers[j].external.address;
			for (size_t j = 0; j < org->orderer_count; j++)
				if ((row = port_row(net, org, org->orderers[j].service, "grpc")))
					row->address = org->orderers[j].external.address;
			if (org->ca_address && (row = port_row(net, org, "ca", "ca")))
				row->address = org->ca_address;
		}
	/* NodePort and LoadBalancer traffic to an IPv6 address arrives from IPv6
	 * addresses, but the NetworkPolicies admit only the IPv4 CIDRs the topology
	 * can declare (the cidr def: fabchart netpol analyses IPv4 ipBlocks only) */
	if (ipv6 && net->network_policies &&
	    (net->exposure == FC_EXPOSURE_NODEPORT || net->exposure == FC_EXPOSURE_LOADBALANCER))
		fc_diag_warning(
		        b->diags, "external-host-ipv6-policies", ipv6->pos, ipv6->pointer,
		        "external host '%s' is an IPv6 address, but the NetworkPolicies admit %s "
		        "traffic only from the IPv4 CIDRs of isolation.nodeCidrs%s: IPv6 "
		        "connections to the nodes are dropped unless the cluster translates them "
		        "to IPv4 (or use exposure.type Ingress, admitted by the controller's "
		        "namespace, or isolation.networkPolicies: false)",
		        ipv6->host, fc_exposure_name(net->exposure),
		        net->exposure == FC_EXPOSURE_LOADBALANCER ? " and exposure.clientCidrs"
		                                                  : "");
}

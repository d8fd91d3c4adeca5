/*
 * netpol_read - Kubernetes objects to the analyzer's records: Namespaces,
 * Pods, workload objects (their pod templates), NetworkPolicies and
 * <Kind>Lists, every field used checked where it is, with its position
 * (codes in netpol.h); see netpol.c for the design.
 */
#include "netpol_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Where a node is, as a chain of keys and indexes; a JSON Pointer on demand. */
struct loc {
	const struct loc *up;
	const char *key; /* NULL: index */
	size_t index;
};

static const char *loc_path(struct fc_arena *arena, const struct loc *l)
{
	if (!l)
		return "";
	const char *base = loc_path(arena, l->up);
	return l->key ? fc_pointer_key(arena, base, l->key, strlen(l->key))
	              : fc_pointer_index(arena, base, l->index);
}

struct reader {
	struct fc_netpol *np;
	struct fc_diags *diags;
	size_t errors;
};

__attribute__((format(printf, 5, 6))) static struct fc_diag *
fail(struct reader *rd, const char *code, const struct fc_node *at, const struct loc *where,
     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct fc_diag *d = fc_diag_add(rd->diags, FC_SEVERITY_ERROR, code, at->pos,
	                                loc_path(rd->np->arena, where), fmt, ap);
	va_end(ap);
	rd->errors++;
	return d;
}

static const char *a_kind(enum fc_node_kind kind)
{
	switch (kind) {
	case FC_NODE_NULL: return "null";
	case FC_NODE_BOOL: return "a boolean";
	case FC_NODE_INT: return "an integer";
	case FC_NODE_FLOAT: return "a number";
	case FC_NODE_STRING: return "a string";
	case FC_NODE_SEQ: return "a list";
	case FC_NODE_MAP: return "a mapping";
	}
	return "a value";
}

/* The value of key in map when present and not null, else NULL. */
static const struct fc_node *child(const struct fc_node *map, const char *key)
{
	const struct fc_node *n = map ? fc_node_get(map, key) : NULL;
	return n && n->kind != FC_NODE_NULL ? n : NULL;
}

/* child() of the given kind; another kind is [netpol-field] and gives NULL. */
static const struct fc_node *want(struct reader *rd, const struct fc_node *map, const char *key,
                                  enum fc_node_kind kind, const struct loc *where)
{
	const struct fc_node *n = child(map, key);
	if (!n || n->kind == kind)
		return n;
	struct loc l = {where, key, 0};
	fail(rd, "netpol-field", n, &l, "'%s' must be %s, not %s", key, a_kind(kind),
	     a_kind(n->kind));
	return NULL;
}

static const char *want_str(struct reader *rd, const struct fc_node *map, const char *key,
                            const struct loc *where)
{
	const struct fc_node *n = want(rd, map, key, FC_NODE_STRING, where);
	return n ? n->text : NULL;
}

static bool parse_proto(const char *s, enum fc_proto *p)
{
	for (int i = 0; i < FC_PROTO_COUNT; i++)
		if (strcmp(s, fc_proto_names[i]) == 0) {
			*p = (enum fc_proto)i;
			return true;
		}
	return false;
}

/* "protocol" of map: TCP when absent; else [netpol-port] and false. */
static bool read_proto(struct reader *rd, const struct fc_node *map, const struct loc *where,
                       enum fc_proto *p)
{
	*p = FC_PROTO_TCP;
	const struct fc_node *n = want(rd, map, "protocol", FC_NODE_STRING, where);
	if (!n)
		return child(map, "protocol") == NULL;
	if (parse_proto(n->text, p))
		return true;
	struct loc l = {where, "protocol", 0};
	fail(rd, "netpol-port", n, &l, "protocol '%s' is not TCP, UDP or SCTP", n->text);
	return false;
}

/* A mapping of string values (labels); null values are "". */
static struct labels read_labels(struct reader *rd, const struct fc_node *map,
                                 const struct loc *where, size_t extra)
{
	struct labels out = {0};
	struct label *items = fc_arena_array(rd->np->arena, map->count + extra, sizeof(*items));
	for (size_t i = 0; i < map->count; i++) {
		const struct fc_pair *p = &map->pairs[i];
		const struct fc_node *v = p->value;
		if (v->kind != FC_NODE_STRING && v->kind != FC_NODE_NULL) {
			struct loc l = {where, p->key, 0};
			fail(rd, "netpol-field", v, &l,
			     "label '%s' must have a string value, not %s", p->key,
			     a_kind(v->kind));
			continue;
		}
		items[out.count].key = p->key;
		items[out.count].value = v->kind == FC_NODE_STRING ? v->text : "";
		out.count++;
	}
	out.items = items;
	return out;
}

static const char *const op_names[] = {"In", "NotIn", "Exists", "DoesNotExist"};

/* A LabelSelector mapping (matchLabels, matchExpressions) [netpol-selector]. */
static const struct selector *read_selector(struct reader *rd, const struct fc_node *node,
                                            const struct loc *where)
{
	struct fc_arena *arena = rd->np->arena;
	struct selector *sel = fc_arena_alloc(arena, sizeof(*sel));
	const struct fc_node *ml = want(rd, node, "matchLabels", FC_NODE_MAP, where);
	const struct fc_node *me = want(rd, node, "matchExpressions", FC_NODE_SEQ, where);
	size_t cap = (ml ? ml->count : 0) + (me ? me->count : 0);
	struct requirement *reqs = fc_arena_array(arena, cap ? cap : 1, sizeof(*reqs));
	size_t n = 0;
	if (ml) {
		struct loc lml = {where, "matchLabels", 0};
		struct labels l = read_labels(rd, ml, &lml, 0);
		for (size_t i = 0; i < l.count; i++) {
			const char **v = fc_arena_alloc(arena, sizeof(*v));
			*v = l.items[i].value;
			reqs[n++] = (struct requirement){l.items[i].key, OP_IN, v, 1};
		}
	}
	for (size_t i = 0; me && i < me->count; i++) {
		struct loc lme = {where, "matchExpressions", 0};
		struct loc l = {&lme, NULL, i};
		const struct fc_node *e = me->items[i];
		if (e->kind != FC_NODE_MAP) {
			fail(rd, "netpol-field", e, &l,
			     "a match expression must be a mapping, not %s", a_kind(e->kind));
			continue;
		}
		const char *key = want_str(rd, e, "key", &l);
		const struct fc_node *opn = want(rd, e, "operator", FC_NODE_STRING, &l);
		const struct fc_node *vals = want(rd, e, "values", FC_NODE_SEQ, &l);
		if (!key) {
			fail(rd, "netpol-selector", e, &l, "a match expression needs a key");
			continue;
		}
		if (!opn) {
			fail(rd, "netpol-selector", e, &l,
			     "match expression '%s' needs an operator", key);
			continue;
		}
		int op = -1;
		for (int k = 0; k < 4; k++)
			if (strcmp(opn->text, op_names[k]) == 0)
				op = k;
		struct loc lop = {&l, "operator", 0};
		if (op < 0) {
			fail(rd, "netpol-selector", opn, &lop,
			     "operator '%s' is not In, NotIn, Exists or DoesNotExist", opn->text);
			continue;
		}
		size_t nv = vals ? vals->count : 0;
		bool needs = op == OP_IN || op == OP_NOT_IN;
		if (needs && !nv) {
			fail(rd, "netpol-selector", opn, &lop,
			     "operator %s needs at least one value", op_names[op]);
			continue;
		}
		if (!needs && nv) {
			fail(rd, "netpol-selector", vals, &l, "operator %s takes no values",
			     op_names[op]);
			continue;
		}
		const char **v = fc_arena_array(arena, nv ? nv : 1, sizeof(*v));
		bool ok = true;
		for (size_t k = 0; k < nv; k++) {
			const struct fc_node *vn = vals->items[k];
			if (vn->kind != FC_NODE_STRING) {
				struct loc lv = {&l, "values", 0};
				struct loc lk = {&lv, NULL, k};
				fail(rd, "netpol-field", vn, &lk,
				     "a value must be a string, not %s", a_kind(vn->kind));
				ok = false;
				continue;
			}
			v[k] = vn->text;
		}
		if (ok)
			reqs[n++] = (struct requirement){key, (enum op)op, v, nv};
	}
	sel->reqs = reqs;
	sel->count = n;
	return sel;
}

/* Metadata every object of interest has. */
struct meta {
	const char *name;
	const struct fc_node *name_node;
	const char *ns; /* "default" when absent or empty */
	struct labels labels;
};

static int read_meta(struct reader *rd, const struct fc_node *obj, const char *kind,
                     const struct loc *where, size_t extra_labels, struct meta *m)
{
	struct loc lm = {where, "metadata", 0};
	const struct fc_node *meta = want(rd, obj, "metadata", FC_NODE_MAP, where);
	memset(m, 0, sizeof(*m));
	m->name_node = want(rd, meta, "name", FC_NODE_STRING, &lm);
	const char *ns = want_str(rd, meta, "namespace", &lm);
	m->ns = ns && *ns ? ns : "default";
	const struct fc_node *labels = want(rd, meta, "labels", FC_NODE_MAP, &lm);
	if (labels) {
		struct loc ll = {&lm, "labels", 0};
		m->labels = read_labels(rd, labels, &ll, extra_labels);
	} else {
		m->labels.items = fc_arena_array(rd->np->arena, extra_labels ? extra_labels : 1,
		                                 sizeof(struct label));
	}
	if (!m->name_node || !*m->name_node->text) {
		fail(rd, "netpol-name", m->name_node ? m->name_node : obj, where,
		     "%s without metadata.name", kind);
		return -1;
	}
	m->name = m->name_node->text;
	return 0;
}

static bool is_port_name(const char *s)
{
	size_t n = strlen(s);
	bool letter = false;
	if (n == 0 || n > 15 || s[0] == '-' || s[n - 1] == '-' || strstr(s, "--"))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			letter = true;
		else if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return false;
	}
	return letter;
}

/* An integer port field in 1..65535, else [netpol-port] / [netpol-field]. */
static bool read_port_number(struct reader *rd, const struct fc_node *n, const struct loc *where,
                             const char *what, uint32_t *out)
{
	if (n->kind != FC_NODE_INT) {
		fail(rd, "netpol-field", n, where, "%s must be an integer, not %s", what,
		     a_kind(n->kind));
		return false;
	}
	if (n->integer < FC_PORT_MIN || n->integer > FC_PORT_MAX) {
		fail(rd, "netpol-port", n, where, "%s %" PRId64 " is outside 1-65535", what,
		     n->integer);
		return false;
	}
	*out = (uint32_t)n->integer;
	return true;
}

/* The container ports of a pod spec (spec.containers[].ports[]). */
static void read_containers(struct reader *rd, const struct fc_node *spec, const struct loc *where,
                            const struct cport **out, size_t *nout)
{
	struct loc lc = {where, "containers", 0};
	const struct fc_node *cs = want(rd, spec, "containers", FC_NODE_SEQ, where);
	size_t total = 0;
	for (size_t i = 0; cs && i < cs->count; i++) {
		const struct fc_node *ports = child(cs->items[i], "ports");
		total += ports && ports->kind == FC_NODE_SEQ ? ports->count : 0;
	}
	struct cport *cp = fc_arena_array(rd->np->arena, total ? total : 1, sizeof(*cp));
	size_t n = 0;
	for (size_t i = 0; cs && i < cs->count; i++) {
		struct loc li = {&lc, NULL, i};
		const struct fc_node *c = cs->items[i];
		if (c->kind != FC_NODE_MAP) {
			fail(rd, "netpol-field", c, &li, "a container must be a mapping, not %s",
			     a_kind(c->kind));
			continue;
		}
		struct loc lp = {&li, "ports", 0};
		const struct fc_node *ports = want(rd, c, "ports", FC_NODE_SEQ, &li);
		for (size_t k = 0; ports && k < ports->count; k++) {
			struct loc lk = {&lp, NULL, k};
			const struct fc_node *p = ports->items[k];
			if (p->kind != FC_NODE_MAP) {
				fail(rd, "netpol-field", p, &lk,
				     "a container port must be a mapping, not %s", a_kind(p->kind));
				continue;
			}
			struct cport *out_p = &cp[n];
			memset(out_p, 0, sizeof(*out_p));
			out_p->name = want_str(rd, p, "name", &lk);
			const struct fc_node *num = child(p, "containerPort");
			struct loc ln = {&lk, "containerPort", 0};
			if (num && !read_port_number(rd, num, &ln, "containerPort", &out_p->port))
				continue;
			if (!read_proto(rd, p, &lk, &out_p->proto))
				continue;
			n++;
		}
	}
	*out = cp;
	*nout = n;
}

static void push_pod(struct fc_netpol *np, const struct podrec *rec)
{
	fc_xgrow((void **)&np->pods, &np->npods_alloc, np->npods + 1, sizeof(*np->pods));
	np->pods[np->npods] = *rec;
	np->pods[np->npods].seq = np->seq++;
	np->npods++;
}

static void add_namespace(struct reader *rd, const struct fc_node *obj, const struct loc *where)
{
	struct meta m;
	if (read_meta(rd, obj, "Namespace", where, 1, &m) != 0)
		return;
	struct fc_netpol *np = rd->np;
	if (!fc_netpol_label_get(&m.labels, "kubernetes.io/metadata.name")) {
		struct label *items = (struct label *)m.labels.items;
		items[m.labels.count].key = "kubernetes.io/metadata.name";
		items[m.labels.count].value = m.name;
		m.labels.count++;
	}
	fc_xgrow((void **)&np->nss, &np->nns_alloc, np->nns + 1, sizeof(*np->nss));
	np->nss[np->nns++] = (struct nsrec){m.name, m.labels, m.name_node->pos, np->seq++};
}

static void add_pod(struct reader *rd, const struct fc_node *obj, const struct loc *where)
{
	struct meta m;
	if (read_meta(rd, obj, "Pod", where, 0, &m) != 0)
		return;
	struct podrec rec = {.ns = m.ns,
	                     .peer = m.name,
	                     .kind = "Pod",
	                     .object = m.name,
	                     .is_pod = true,
	                     .labels = m.labels,
	                     .pos = m.name_node->pos};
	struct loc lm = {where, "metadata", 0};
	struct loc lo = {&lm, "ownerReferences", 0};
	const struct fc_node *owners =
	        want(rd, child(obj, "metadata"), "ownerReferences", FC_NODE_SEQ, &lm);
	for (size_t i = 0; owners && i < owners->count; i++) {
		struct loc li = {&lo, NULL, i};
		const struct fc_node *o = owners->items[i];
		if (o->kind != FC_NODE_MAP) {
			fail(rd, "netpol-field", o, &li,
			     "an owner reference must be a mapping, not %s", a_kind(o->kind));
			continue;
		}
		const struct fc_node *ctl = want(rd, o, "controller", FC_NODE_BOOL, &li);
		if (!ctl || !ctl->boolean)
			continue;
		const char *kind = want_str(rd, o, "kind", &li);
		const char *name = want_str(rd, o, "name", &li);
		if (!name || !*name) {
			fail(rd, "netpol-name", o, &li, "owner reference without name");
			return;
		}
		if (!kind || strcmp(kind, "Node") != 0) {
			rec.peer = name;
			rec.kind = kind && *kind ? kind : "Pod";
		}
		break; /* only the controller counts */
	}
	struct loc ls = {where, "spec", 0};
	read_containers(rd, want(rd, obj, "spec", FC_NODE_MAP, where), &ls, &rec.ports,
	                &rec.nports);
	push_pod(rd->np, &rec);
}

/* A workload object: its pod template stands for its pods. */
static void add_workload(struct reader *rd, const struct fc_node *obj, const char *kind,
                         const struct loc *where)
{
	struct meta m;
	if (read_meta(rd, obj, kind, where, 0, &m) != 0)
		return;
	struct podrec rec = {.ns = m.ns,
	                     .peer = m.name,
	                     .kind = kind,
	                     .object = m.name,
	                     .pos = m.name_node->pos};
	struct loc ls = {where, "spec", 0};
	const struct fc_node *spec = want(rd, obj, "spec", FC_NODE_MAP, where);
	struct loc lj = {&ls, "jobTemplate", 0}, ljs = {&lj, "spec", 0};
	const struct loc *tw = &ls;
	if (strcmp(kind, "CronJob") == 0) {
		const struct fc_node *jt = want(rd, spec, "jobTemplate", FC_NODE_MAP, &ls);
		spec = want(rd, jt, "spec", FC_NODE_MAP, &lj);
		tw = &ljs;
	}
	struct loc lt = {tw, "template", 0}, ltm = {&lt, "metadata", 0}, lts = {&lt, "spec", 0};
	const struct fc_node *tmpl = want(rd, spec, "template", FC_NODE_MAP, tw);
	const struct fc_node *tmeta = want(rd, tmpl, "metadata", FC_NODE_MAP, &lt);
	const struct fc_node *labels = want(rd, tmeta, "labels", FC_NODE_MAP, &ltm);
	struct loc ll = {&ltm, "labels", 0};
	if (labels)
		rec.labels = read_labels(rd, labels, &ll, 0);
	read_containers(rd, want(rd, tmpl, "spec", FC_NODE_MAP, &lt), &lts, &rec.ports,
	                &rec.nports);
	push_pod(rd->np, &rec);
}

/* ---- policies ----------------------------------------------------------- */

/* Decimal 0..max without sign or leading zeros; advances *s. */
static bool parse_dec(const char **s, unsigned max, unsigned *out)
{
	const char *p = *s;
	unsigned v = 0;
	size_t n = 0;
	while (p[n] >= '0' && p[n] <= '9') {
		v = v * 10 + (unsigned)(p[n] - '0');
		if (++n > 3 || v > max)
			return false;
	}
	if (n == 0 || (n > 1 && p[0] == '0'))
		return false;
	*s = p + n;
	*out = v;
	return true;
}

enum cidr_kind { CIDR_INVALID, CIDR_V4, CIDR_V6 };

/* "a.b.c.d/n" to [lo, hi] (host bits ignored); IPv6 text is only recognised. */
static enum cidr_kind parse_cidr(const char *s, uint32_t *lo, uint32_t *hi)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return CIDR_INVALID;
	if (memchr(s, ':', (size_t)(slash - s))) {
		for (const char *p = s; p < slash; p++)
			if (!strchr("0123456789abcdefABCDEF:.", *p))
				return CIDR_INVALID;
		const char *p = slash + 1;
		unsigned bits;
		return parse_dec(&p, 128, &bits) && !*p ? CIDR_V6 : CIDR_INVALID;
	}
	const char *p = s;
	uint32_t addr = 0;
	for (int i = 0; i < 4; i++) {
		unsigned octet;
		if (!parse_dec(&p, 255, &octet))
			return CIDR_INVALID;
		addr = addr << 8 | octet;
		if (*p++ != (i < 3 ? '.' : '/'))
			return CIDR_INVALID;
	}
	unsigned bits;
	if (!parse_dec(&p, 32, &bits) || *p)
		return CIDR_INVALID;
	uint32_t mask = bits ? UINT32_MAX << (32 - bits) : 0;
	*lo = addr & mask;
	*hi = *lo | ~mask;
	return CIDR_V4;
}

static void read_ipblock(struct reader *rd, const struct fc_node *ipb, const struct loc *where,
                         struct rule_peer *peer)
{
	peer->ipblock = true;
	const struct fc_node *cidr = want(rd, ipb, "cidr", FC_NODE_STRING, where);
	struct loc lc = {where, "cidr", 0};
	if (!cidr) {
		if (!child(ipb, "cidr"))
			fail(rd, "netpol-cidr", ipb, where, "ipBlock without cidr");
		return;
	}
	uint32_t lo, hi;
	enum cidr_kind kind = parse_cidr(cidr->text, &lo, &hi);
	if (kind == CIDR_INVALID) {
		fail(rd, "netpol-cidr", cidr, &lc, "'%s' is not a CIDR (like 10.0.0.0/8)",
		     cidr->text);
		return;
	}
	struct loc le = {where, "except", 0};
	const struct fc_node *except = want(rd, ipb, "except", FC_NODE_SEQ, where);
	struct fc_ivset set = {0};
	if (kind == CIDR_V4)
		fc_ivset_add(&set, lo, hi);
	for (size_t i = 0; except && i < except->count; i++) {
		struct loc li = {&le, NULL, i};
		const struct fc_node *e = except->items[i];
		uint32_t elo, ehi;
		if (e->kind != FC_NODE_STRING) {
			fail(rd, "netpol-field", e, &li, "an except entry must be a string, not %s",
			     a_kind(e->kind));
			continue;
		}
		enum cidr_kind ekind = parse_cidr(e->text, &elo, &ehi);
		if (ekind == CIDR_INVALID)
			fail(rd, "netpol-cidr", e, &li, "'%s' is not a CIDR (like 10.0.0.0/8)",
			     e->text);
		else if (ekind != kind)
			fail(rd, "netpol-cidr", e, &li,
			     "except '%s' is not in the address family of cidr '%s'", e->text,
			     cidr->text);
		else if (kind == CIDR_V4)
			fc_ivset_remove(&set, elo, ehi);
	}
	if (kind == CIDR_V6) {
		peer->ipv6 = true;
		fc_diag_warning(rd->diags, "netpol-ipv6", cidr->pos, loc_path(rd->np->arena, &lc),
		                "IPv6 ipBlock '%s' is outside the IPv4 analysis and matches no "
		                "address there",
		                cidr->text);
	}
	peer->ips = fc_ivset_freeze(rd->np->arena, &set);
	peer->nips = set.n;
	fc_ivset_release(&set);
}

static void read_rule_peer(struct reader *rd, const struct fc_node *node, const struct loc *where,
                           struct rule_peer *peer)
{
	memset(peer, 0, sizeof(*peer));
	if (node->kind != FC_NODE_MAP) {
		fail(rd, "netpol-field", node, where, "a peer must be a mapping, not %s",
		     a_kind(node->kind));
		return;
	}
	struct loc lp = {where, "podSelector", 0}, ln = {where, "namespaceSelector", 0},
	           li = {where, "ipBlock", 0};
	const struct fc_node *pods = want(rd, node, "podSelector", FC_NODE_MAP, where);
	const struct fc_node *nss = want(rd, node, "namespaceSelector", FC_NODE_MAP, where);
	const struct fc_node *ipb = want(rd, node, "ipBlock", FC_NODE_MAP, where);
	if (pods)
		peer->pods = read_selector(rd, pods, &lp);
	if (nss)
		peer->nss = read_selector(rd, nss, &ln);
	if (ipb && (pods || nss))
		fail(rd, "netpol-peer", ipb, &li,
		     "ipBlock cannot be combined with podSelector or namespaceSelector in one peer");
	else if (ipb)
		read_ipblock(rd, ipb, &li, peer);
	else if (!pods && !nss && !child(node, "podSelector") && !child(node, "namespaceSelector"))
		fail(rd, "netpol-peer", node, where,
		     "a peer needs podSelector, namespaceSelector or ipBlock");
}

static void read_rule_port(struct reader *rd, const struct fc_node *node, const struct loc *where,
                           struct rule_port *rp, bool *ok)
{
	memset(rp, 0, sizeof(*rp));
	rp->pos = node->pos;
	*ok = false;
	if (node->kind != FC_NODE_MAP) {
		fail(rd, "netpol-field", node, where, "a port must be a mapping, not %s",
		     a_kind(node->kind));
		return;
	}
	if (!read_proto(rd, node, where, &rp->proto))
		return;
	const struct fc_node *port = child(node, "port");
	const struct fc_node *end = child(node, "endPort");
	struct loc lp = {where, "port", 0}, le = {where, "endPort", 0};
	if (!port) {
		if (end) {
			fail(rd, "netpol-port", end, &le, "endPort needs a port");
			return;
		}
		rp->any = true;
	} else if (port->kind == FC_NODE_STRING) {
		if (!is_port_name(port->text)) {
			fail(rd, "netpol-port", port, &lp,
			     "'%s' is not a port name (1-15 lowercase letters, digits and '-', with a "
			     "letter)",
			     port->text);
			return;
		}
		if (end) {
			fail(rd, "netpol-port", end, &le,
			     "endPort cannot follow the named port '%s'", port->text);
			return;
		}
		rp->named = port->text;
	} else {
		if (!read_port_number(rd, port, &lp, "port", &rp->lo))
			return;
		rp->hi = rp->lo;
		if (end) {
			if (!read_port_number(rd, end, &le, "endPort", &rp->hi))
				return;
			if (rp->hi < rp->lo) {
				fail(rd, "netpol-port", end, &le,
				     "endPort %" PRIu32 " is below port %" PRIu32, rp->hi, rp->lo);
				return;
			}
		}
	}
	*ok = true;
}

/* The ingress ("from") or egress ("to") rules of a policy spec. */
static void read_rules(struct reader *rd, const struct fc_node *spec, enum dir dir,
                       const struct loc *where, struct policy *pol)
{
	const char *key = dir == DIR_IN ? "ingress" : "egress";
	const char *peers_key = dir == DIR_IN ? "from" : "to";
	struct loc lr = {where, key, 0};
	const struct fc_node *rules = want(rd, spec, key, FC_NODE_SEQ, where);
	size_t n = rules ? rules->count : 0;
	struct rule *out = fc_arena_array(rd->np->arena, n ? n : 1, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		struct loc li = {&lr, NULL, i};
		const struct fc_node *r = rules->items[i];
		struct rule *rule = &out[i];
		if (r->kind == FC_NODE_NULL)
			continue; /* an empty rule: every peer, every port */
		if (r->kind != FC_NODE_MAP) {
			fail(rd, "netpol-field", r, &li, "a rule must be a mapping, not %s",
			     a_kind(r->kind));
			continue;
		}
		struct loc lpe = {&li, peers_key, 0}, lpo = {&li, "ports", 0};
		const struct fc_node *peers = want(rd, r, peers_key, FC_NODE_SEQ, &li);
		const struct fc_node *ports = want(rd, r, "ports", FC_NODE_SEQ, &li);
		if (peers && peers->count) {
			struct rule_peer *pp =
			        fc_arena_array(rd->np->arena, peers->count, sizeof(*pp));
			for (size_t k = 0; k < peers->count; k++) {
				struct loc lk = {&lpe, NULL, k};
				read_rule_peer(rd, peers->items[k], &lk, &pp[k]);
			}
			rule->peers = pp;
			rule->npeers = peers->count;
		}
		if (ports && ports->count) {
			struct rule_port *pp =
			        fc_arena_array(rd->np->arena, ports->count, sizeof(*pp));
			size_t m = 0;
			for (size_t k = 0; k < ports->count; k++) {
				struct loc lk = {&lpo, NULL, k};
				bool ok;
				read_rule_port(rd, ports->items[k], &lk, &pp[m], &ok);
				m += ok;
			}
			rule->ports = pp;
			rule->nports = m; /* a bad port is an error: nothing is analysed */
		}
	}
	pol->rules[dir] = out;
	pol->nrules[dir] = n;
}

static void add_policy(struct reader *rd, const struct fc_node *obj, const struct loc *where)
{
	struct meta m;
	if (read_meta(rd, obj, "NetworkPolicy", where, 0, &m) != 0)
		return;
	struct fc_netpol *np = rd->np;
	struct policy pol = {.ns = m.ns, .name = m.name, .pos = m.name_node->pos};
	struct loc ls = {where, "spec", 0}, lsel = {&ls, "podSelector", 0},
	           lt = {&ls, "policyTypes", 0};
	const struct fc_node *spec = want(rd, obj, "spec", FC_NODE_MAP, where);
	const struct fc_node *sel = want(rd, spec, "podSelector", FC_NODE_MAP, &ls);
	if (sel)
		pol.sel = *read_selector(rd, sel, &lsel);
	read_rules(rd, spec, DIR_IN, &ls, &pol);
	read_rules(rd, spec, DIR_OUT, &ls, &pol);
	const struct fc_node *types = want(rd, spec, "policyTypes", FC_NODE_SEQ, &ls);
	if (types && types->count) {
		for (size_t i = 0; i < types->count; i++) {
			struct loc li = {&lt, NULL, i};
			const struct fc_node *t = types->items[i];
			if (t->kind == FC_NODE_STRING && strcmp(t->text, "Ingress") == 0)
				pol.affects[DIR_IN] = true;
			else if (t->kind == FC_NODE_STRING && strcmp(t->text, "Egress") == 0)
				pol.affects[DIR_OUT] = true;
			else if (t->kind == FC_NODE_STRING)
				fail(rd, "netpol-policy-type", t, &li,
				     "policy type '%s' is not Ingress or Egress", t->text);
			else
				fail(rd, "netpol-field", t, &li,
				     "a policy type must be a string, not %s", a_kind(t->kind));
		}
	} else {
		pol.affects[DIR_IN] = true;
		pol.affects[DIR_OUT] = pol.nrules[DIR_OUT] > 0;
	}
	pol.seq = np->seq++;
	fc_xgrow((void **)&np->pols, &np->npols_alloc, np->npols + 1, sizeof(*np->pols));
	np->pols[np->npols++] = pol;
}

static bool is_workload_kind(const char *kind)
{
	static const char *const kinds[] = {
	        "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController",
	        "Job",        "CronJob"};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

/* A Helm hook (helm.sh/hook annotation, which helm test pods carry too) or a
 * Job or CronJob: objects that run once or now and then, not long-running
 * workloads (fc_netpol_skip_run_once). */
static bool runs_once(const struct fc_node *obj, const char *kind)
{
	if (strcmp(kind, "Job") == 0 || strcmp(kind, "CronJob") == 0)
		return true;
	const struct fc_node *meta = child(obj, "metadata");
	const struct fc_node *notes =
	        meta && meta->kind == FC_NODE_MAP ? child(meta, "annotations") : NULL;
	return notes && notes->kind == FC_NODE_MAP && child(notes, "helm.sh/hook");
}

/* One object; item_kind is the kind a <Kind>List gives items without one. */
static void add_any(struct reader *rd, const struct fc_node *obj, const struct loc *where,
                    const char *item_kind)
{
	if (obj->kind == FC_NODE_NULL)
		return;
	if (obj->kind != FC_NODE_MAP) {
		fail(rd, "netpol-object", obj, where,
		     "a Kubernetes object must be a mapping, not %s", a_kind(obj->kind));
		return;
	}
	const char *kind = want_str(rd, obj, "kind", where);
	if (!kind && child(obj, "kind"))
		return;
	if (!kind)
		kind = item_kind;
	if (!kind) {
		fail(rd, "netpol-object", obj, where, "object without kind");
		return;
	}
	size_t klen = strlen(kind);
	if (klen >= 4 && strcmp(kind + klen - 4, "List") == 0) {
		const struct fc_node *items = want(rd, obj, "items", FC_NODE_SEQ, where);
		const char *ik = klen > 4 ? fc_arena_strndup(rd->np->arena, kind, klen - 4) : NULL;
		struct loc li = {where, "items", 0};
		for (size_t i = 0; items && i < items->count; i++) {
			struct loc lk = {&li, NULL, i};
			add_any(rd, items->items[i], &lk, ik);
		}
		return;
	}
	bool workload = strcmp(kind, "Pod") == 0 || is_workload_kind(kind);
	if (workload && rd->np->skip_run_once && runs_once(obj, kind))
		return;
	if (strcmp(kind, "Namespace") == 0)
		add_namespace(rd, obj, where);
	else if (strcmp(kind, "Pod") == 0)
		add_pod(rd, obj, where);
	else if (strcmp(kind, "NetworkPolicy") == 0)
		add_policy(rd, obj, where);
	else if (is_workload_kind(kind))
		add_workload(rd, obj, kind, where);
}

int fc_netpol_add_object(struct fc_netpol *np, const struct fc_node *root, struct fc_diags *diags)
{
	struct reader rd = {np, diags, 0};
	if (root)
		add_any(&rd, root, NULL, NULL);
	np->errors += rd.errors;
	return rd.errors ? -1 : 0;
}

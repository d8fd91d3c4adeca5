/*
 * netpol - NetworkPolicy evaluation over a set of Kubernetes objects; see
 * netpol.h for the semantics.
 *
 * Two phases.  Adding an object reads and checks it at once (every field
 * this module uses, with positions) into records: namespaces, pod records
 * (one per Pod and one per workload object's pod template) and policies
 * (selectors, ipBlocks as interval sets, ports as numbers or names).
 * Analysing then:
 *  1. sorts the records to find duplicates [netpol-duplicate] and to group
 *     pod records into workloads (peer name "ns/name[Kind]"), the first
 *     record in input order standing for the group; pods of one owner whose
 *     labels differ in a way some selector sees [netpol-owner-labels];
 *  2. cuts the IPv4 space into external peers: source ranges at the bounds
 *     of ingress ipBlocks, destination ranges at those of egress ipBlocks, so
 *     every ipBlock holds each range of its direction wholly or not at all;
 *  3. precomputes, per workload, the policies isolating it per direction and,
 *     per rule, which peers it matches;
 *  4. warns of named ports that resolve on no destination [netpol-named-port];
 *  5. for every ordered pair (not both external, not a workload with itself)
 *     intersects the source's egress with the destination's ingress, each
 *     the union of its matching rules' ports, or everything when no policy
 *     isolates that side.
 *
 * Ports and addresses are sets of closed intervals over uint32 (struct
 * ivset, sorted, disjoint, not adjacent), one port set per protocol: no
 * per-port enumeration, so cost does not depend on port ranges.  For W
 * workloads, E external ranges and R rules isolating a workload the pair
 * loop is O(W * (W + E) * R * port intervals).
 *
 * Memory: records and results are in the arena; growing vectors and scratch
 * sets are heap memory released by fc_netpol_free().
 */
#include "netpol.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PORT_MIN 1u
#define PORT_MAX 65535u
#define IP_MAX UINT32_MAX

/* qsort, which must not be given a NULL array even when empty. */
static void sort_items(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---- interval sets ------------------------------------------------------ */

struct range {
	uint32_t lo, hi; /* closed */
};

/* Invariant: r[0..n) sorted, disjoint and not adjacent. */
struct ivset {
	struct range *r;
	size_t n, alloc;
};

static void iv_release(struct ivset *s)
{
	free(s->r);
	memset(s, 0, sizeof(*s));
}

static void iv_add(struct ivset *s, uint32_t lo, uint32_t hi)
{
	size_t i = 0;
	while (i < s->n && (uint64_t)s->r[i].hi + 1 < lo)
		i++;
	size_t j = i;
	while (j < s->n && s->r[j].lo <= (uint64_t)hi + 1) {
		if (s->r[j].lo < lo)
			lo = s->r[j].lo;
		if (s->r[j].hi > hi)
			hi = s->r[j].hi;
		j++;
	}
	if (i == j) {
		fc_xgrow((void **)&s->r, &s->alloc, s->n + 1, sizeof(*s->r));
		memmove(s->r + i + 1, s->r + i, (s->n - i) * sizeof(*s->r));
		s->n++;
	} else if (j > i + 1) {
		memmove(s->r + i + 1, s->r + j, (s->n - j) * sizeof(*s->r));
		s->n -= j - i - 1;
	}
	s->r[i].lo = lo;
	s->r[i].hi = hi;
}

/* s = s ∩ t; tmp is scratch. */
static void iv_intersect(struct ivset *s, const struct ivset *t, struct ivset *tmp)
{
	tmp->n = 0;
	fc_xgrow((void **)&tmp->r, &tmp->alloc, s->n + t->n + 1, sizeof(*tmp->r));
	size_t i = 0, j = 0;
	while (i < s->n && j < t->n) {
		uint32_t lo = s->r[i].lo > t->r[j].lo ? s->r[i].lo : t->r[j].lo;
		uint32_t hi = s->r[i].hi < t->r[j].hi ? s->r[i].hi : t->r[j].hi;
		if (lo <= hi) { /* at most s->n + t->n - 1 pieces */
			tmp->r[tmp->n].lo = lo;
			tmp->r[tmp->n].hi = hi;
			tmp->n++;
		}
		if (s->r[i].hi < t->r[j].hi)
			i++;
		else
			j++;
	}
	struct ivset swap = *s;
	*s = *tmp;
	*tmp = swap;
}

/* s = s minus [lo, hi]. */
static void iv_remove(struct ivset *s, uint32_t lo, uint32_t hi)
{
	for (size_t i = 0; i < s->n; i++) {
		struct range r = s->r[i];
		if (r.hi < lo || r.lo > hi)
			continue;
		if (r.lo < lo && r.hi > hi) { /* split */
			fc_xgrow((void **)&s->r, &s->alloc, s->n + 1, sizeof(*s->r));
			memmove(s->r + i + 1, s->r + i, (s->n - i) * sizeof(*s->r));
			s->n++;
			s->r[i].hi = lo - 1;
			s->r[i + 1].lo = hi + 1;
			return;
		}
		if (r.lo < lo) {
			s->r[i].hi = lo - 1;
		} else if (r.hi > hi) {
			s->r[i].lo = hi + 1;
		} else {
			memmove(s->r + i, s->r + i + 1, (s->n - i - 1) * sizeof(*s->r));
			s->n--;
			i--;
		}
	}
}

/* Whether [lo, hi] lies wholly in s. */
static bool iv_holds(const struct ivset *s, uint32_t lo, uint32_t hi)
{
	size_t a = 0, b = s->n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (s->r[m].hi < lo)
			a = m + 1;
		else
			b = m;
	}
	return a < s->n && s->r[a].lo <= lo && hi <= s->r[a].hi;
}

/* A frozen copy of s in the arena (n ranges). */
static struct range *iv_freeze(struct fc_arena *arena, const struct ivset *s)
{
	return s->n ? fc_arena_memdup(arena, s->r, s->n * sizeof(*s->r)) : NULL;
}

/* ---- connection sets ---------------------------------------------------- */

/* In output order: protocols alphabetically. */
enum proto { PROTO_SCTP, PROTO_TCP, PROTO_UDP, PROTO_COUNT };

static const char *const proto_names[PROTO_COUNT] = {"SCTP", "TCP", "UDP"};

struct connset {
	struct ivset p[PROTO_COUNT];
};

static void cs_release(struct connset *c)
{
	for (int i = 0; i < PROTO_COUNT; i++)
		iv_release(&c->p[i]);
}

static void cs_clear(struct connset *c)
{
	for (int i = 0; i < PROTO_COUNT; i++)
		c->p[i].n = 0;
}

static void cs_set_all(struct connset *c)
{
	for (int i = 0; i < PROTO_COUNT; i++) {
		c->p[i].n = 0;
		iv_add(&c->p[i], PORT_MIN, PORT_MAX);
	}
}

static bool is_full_ports(const struct ivset *s)
{
	return s->n == 1 && s->r[0].lo == PORT_MIN && s->r[0].hi == PORT_MAX;
}

static bool cs_is_all(const struct connset *c)
{
	for (int i = 0; i < PROTO_COUNT; i++)
		if (!is_full_ports(&c->p[i]))
			return false;
	return true;
}

static bool cs_is_empty(const struct connset *c)
{
	for (int i = 0; i < PROTO_COUNT; i++)
		if (c->p[i].n)
			return false;
	return true;
}

static void cs_intersect(struct connset *c, const struct connset *t, struct ivset *tmp)
{
	for (int i = 0; i < PROTO_COUNT; i++)
		iv_intersect(&c->p[i], &t->p[i], tmp);
}

/* "All Connections" or "SCTP 9090,TCP 8000-9000,UDP 53". */
static void cs_format(struct fc_strbuf *sb, const struct connset *c)
{
	if (cs_is_all(c)) {
		fc_strbuf_addstr(sb, "All Connections");
		return;
	}
	bool first = true;
	for (int i = 0; i < PROTO_COUNT; i++) {
		const struct ivset *s = &c->p[i];
		if (!s->n)
			continue;
		fc_strbuf_addf(sb, "%s%s ", first ? "" : ",", proto_names[i]);
		first = false;
		for (size_t k = 0; k < s->n; k++) {
			if (k)
				fc_strbuf_addch(sb, ',');
			if (s->r[k].lo == s->r[k].hi)
				fc_strbuf_addf(sb, "%" PRIu32, s->r[k].lo);
			else
				fc_strbuf_addf(sb, "%" PRIu32 "-%" PRIu32, s->r[k].lo, s->r[k].hi);
		}
	}
}

/* ---- records ------------------------------------------------------------ */

struct label {
	const char *key, *value;
};

struct labels {
	const struct label *items;
	size_t count;
};

enum op { OP_IN, OP_NOT_IN, OP_EXISTS, OP_DOES_NOT_EXIST };

struct requirement {
	const char *key;
	enum op op;
	const char *const *values;
	size_t nvalues;
};

/* matchLabels (as In with one value) and matchExpressions, ANDed. */
struct selector {
	const struct requirement *reqs;
	size_t count;
};

struct cport {
	const char *name; /* NULL when unnamed */
	uint32_t port; /* 0 when the entry has no containerPort */
	enum proto proto;
};

struct nsrec {
	const char *name;
	struct labels labels;
	struct fc_pos pos;
	size_t seq;
};

/* A Pod, or the pod template of a workload object. */
struct podrec {
	const char *ns;
	const char *peer; /* the peer's name: owner, pod or workload */
	const char *kind; /* the peer's kind */
	const char *object; /* the object's own name (the pod's, for messages) */
	bool is_pod;
	struct labels labels;
	const struct cport *ports;
	size_t nports;
	struct fc_pos pos;
	size_t seq; /* input order */
};

struct rule_peer {
	const struct selector *pods; /* NULL: absent */
	const struct selector *nss; /* NULL: absent */
	bool ipblock;
	bool ipv6; /* an IPv6 ipBlock: matches no IPv4 range */
	const struct range *ips; /* ipBlock: cidr minus except */
	size_t nips;
};

struct rule_port {
	enum proto proto;
	bool any; /* no port: every port of proto */
	uint32_t lo, hi; /* a number or a range */
	const char *named; /* a named port, else NULL */
	struct fc_pos pos;
};

struct rule {
	const struct rule_peer *peers;
	size_t npeers; /* 0: every peer */
	const struct rule_port *ports;
	size_t nports; /* 0: every port */
	unsigned char *match_w; /* per workload: the rule's peers match it */
	unsigned char *match_x; /* per external range of the rule's direction */
};

enum dir { DIR_IN, DIR_OUT };

struct policy {
	const char *ns, *name;
	struct fc_pos pos;
	struct selector sel;
	bool affects[2]; /* per enum dir */
	struct rule *rules[2];
	size_t nrules[2];
	size_t seq;
};

struct peer {
	const char *str; /* as printed */
	const char *ns, *name, *kind; /* workloads */
	bool external;
	uint32_t lo, hi; /* external */
	/* workloads: */
	const struct podrec *rep; /* the record standing for the group */
	const struct nsrec *nsrec;
	size_t *pols[2]; /* policies isolating it, per enum dir */
	size_t npols[2];
};

struct conn {
	const struct peer *src, *dst;
	const struct range *ports[PROTO_COUNT];
	size_t nports[PROTO_COUNT];
	bool all;
	const char *text;
};

struct fc_netpol {
	struct fc_arena *arena;
	size_t errors; /* errors of the objects added */
	bool analysed;
	struct nsrec *nss;
	size_t nns, nns_alloc;
	struct podrec *pods;
	size_t npods, npods_alloc;
	struct policy *pols;
	size_t npols, npols_alloc;
	size_t seq;
	/* results */
	struct peer *workloads;
	size_t nworkloads;
	struct peer *ext[2]; /* external ranges: [DIR_IN] sources, [DIR_OUT] destinations */
	size_t next[2];
	struct conn *conns;
	size_t nconns, nconns_alloc;
	struct fc_netpol_conn *pub;
};

struct fc_netpol *fc_netpol_new(struct fc_arena *arena)
{
	struct fc_netpol *np = fc_xcalloc(1, sizeof(*np));
	np->arena = arena;
	return np;
}

void fc_netpol_free(struct fc_netpol *np)
{
	if (!np)
		return;
	for (size_t i = 0; i < np->nworkloads; i++) {
		free(np->workloads[i].pols[DIR_IN]);
		free(np->workloads[i].pols[DIR_OUT]);
	}
	for (size_t i = 0; i < np->npols; i++)
		for (int d = 0; d < 2; d++)
			for (size_t k = 0; k < np->pols[i].nrules[d]; k++) {
				free(np->pols[i].rules[d][k].match_w);
				free(np->pols[i].rules[d][k].match_x);
			}
	free(np->nss);
	free(np->pods);
	free(np->pols);
	free(np->workloads);
	free(np->ext[DIR_IN]);
	free(np->ext[DIR_OUT]);
	free(np->conns);
	free(np);
}

/* ---- reading objects ---------------------------------------------------- */

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

static bool parse_proto(const char *s, enum proto *p)
{
	for (int i = 0; i < PROTO_COUNT; i++)
		if (strcmp(s, proto_names[i]) == 0) {
			*p = (enum proto)i;
			return true;
		}
	return false;
}

/* "protocol" of map: TCP when absent; else [netpol-port] and false. */
static bool read_proto(struct reader *rd, const struct fc_node *map, const struct loc *where,
                       enum proto *p)
{
	*p = PROTO_TCP;
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

static const char *label_get(const struct labels *l, const char *key)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].value;
	return NULL;
}

static bool labels_equal(const struct labels *a, const struct labels *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		const char *v = label_get(b, a->items[i].key);
		if (!v || strcmp(v, a->items[i].value) != 0)
			return false;
	}
	return true;
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

static bool selector_matches(const struct selector *sel, const struct labels *labels)
{
	for (size_t i = 0; i < sel->count; i++) {
		const struct requirement *r = &sel->reqs[i];
		const char *v = label_get(labels, r->key);
		bool in = false;
		for (size_t k = 0; v && k < r->nvalues; k++)
			in = in || strcmp(v, r->values[k]) == 0;
		bool ok;
		switch (r->op) {
		case OP_IN: ok = in; break;
		case OP_NOT_IN: ok = !in; break;
		case OP_EXISTS: ok = v != NULL; break;
		default: ok = v == NULL; break;
		}
		if (!ok)
			return false;
	}
	return true;
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
	if (n->integer < PORT_MIN || n->integer > PORT_MAX) {
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
	if (!label_get(&m.labels, "kubernetes.io/metadata.name")) {
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
	struct ivset set = {0};
	if (kind == CIDR_V4)
		iv_add(&set, lo, hi);
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
			iv_remove(&set, elo, ehi);
	}
	if (kind == CIDR_V6) {
		peer->ipv6 = true;
		fc_diag_warning(rd->diags, "netpol-ipv6", cidr->pos, loc_path(rd->np->arena, &lc),
		                "IPv6 ipBlock '%s' is outside the IPv4 analysis and matches no "
		                "address there",
		                cidr->text);
	}
	peer->ips = iv_freeze(rd->np->arena, &set);
	peer->nips = set.n;
	iv_release(&set);
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

/* ---- analysis ----------------------------------------------------------- */

__attribute__((format(printf, 4, 5))) static struct fc_diag *
analysis_error(struct fc_diags *diags, const char *code, struct fc_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct fc_diag *d = fc_diag_add(diags, FC_SEVERITY_ERROR, code, pos, NULL, fmt, ap);
	va_end(ap);
	return d;
}

static int compare_ns(const void *pa, const void *pb)
{
	const struct nsrec *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static int compare_policy(const void *pa, const void *pb)
{
	const struct policy *a = pa, *b = pb;
	int c = strcmp(a->ns, b->ns);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Pod records by peer: namespace, name, kind, input order. */
static int compare_peer(const void *pa, const void *pb)
{
	const struct podrec *a = pa, *b = pb;
	int c = strcmp(a->ns, b->ns);
	if (!c)
		c = strcmp(a->peer, b->peer);
	if (!c)
		c = strcmp(a->kind, b->kind);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

/* Pointers to pod records by object: Pods first, then kind, namespace, name. */
static int compare_object(const void *pa, const void *pb)
{
	const struct podrec *a = *(const struct podrec *const *)pa;
	const struct podrec *b = *(const struct podrec *const *)pb;
	int c = (int)b->is_pod - (int)a->is_pod;
	if (!c && !a->is_pod)
		c = strcmp(a->kind, b->kind);
	if (!c)
		c = strcmp(a->ns, b->ns);
	if (!c)
		c = strcmp(a->object, b->object);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

static void check_duplicates(struct fc_netpol *np, struct fc_diags *diags, size_t *errors)
{
	sort_items(np->nss, np->nns, sizeof(*np->nss), compare_ns);
	for (size_t i = 1; i < np->nns; i++)
		if (strcmp(np->nss[i].name, np->nss[i - 1].name) == 0) {
			size_t first = i - 1;
			while (first && strcmp(np->nss[first - 1].name, np->nss[i].name) == 0)
				first--;
			struct fc_diag *d =
			        analysis_error(diags, "netpol-duplicate", np->nss[i].pos,
			                       "Namespace '%s' is defined twice", np->nss[i].name);
			fc_diag_note(diags, d, np->nss[first].pos, "first defined here");
			(*errors)++;
		}
	sort_items(np->pols, np->npols, sizeof(*np->pols), compare_policy);
	for (size_t i = 1; i < np->npols; i++) {
		const struct policy *a = &np->pols[i - 1], *b = &np->pols[i];
		if (strcmp(a->ns, b->ns) == 0 && strcmp(a->name, b->name) == 0) {
			struct fc_diag *d = analysis_error(diags, "netpol-duplicate", b->pos,
			                                   "NetworkPolicy '%s/%s' is defined twice",
			                                   b->ns, b->name);
			fc_diag_note(diags, d, a->pos, "first defined here");
			(*errors)++;
		}
	}
	const struct podrec **v = fc_xcalloc(np->npods ? np->npods : 1, sizeof(*v));
	for (size_t i = 0; i < np->npods; i++)
		v[i] = &np->pods[i];
	sort_items(v, np->npods, sizeof(*v), compare_object);
	for (size_t i = 1; i < np->npods; i++) {
		const struct podrec *a = v[i - 1], *b = v[i];
		if (a->is_pod == b->is_pod && (a->is_pod || strcmp(a->kind, b->kind) == 0) &&
		    strcmp(a->ns, b->ns) == 0 && strcmp(a->object, b->object) == 0) {
			struct fc_diag *d = analysis_error(
			        diags, "netpol-duplicate", b->pos, "%s '%s/%s' is defined twice",
			        b->is_pod ? "Pod" : b->kind, b->ns, b->object);
			fc_diag_note(diags, d, a->pos, "first defined here");
			(*errors)++;
		}
	}
	free(v);
}

static const struct nsrec *find_ns(const struct fc_netpol *np, const char *name)
{
	size_t a = 0, b = np->nns;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		int c = strcmp(np->nss[m].name, name);
		if (c == 0)
			return &np->nss[m];
		if (c < 0)
			a = m + 1;
		else
			b = m;
	}
	return NULL;
}

/* Namespaces no Namespace object declares get their name label only. */
static void imply_namespaces(struct fc_netpol *np)
{
	size_t declared = np->nns; /* sorted by check_duplicates */
	for (size_t i = 0; i < np->npods; i++) {
		const char *name = np->pods[i].ns;
		size_t saved = np->nns;
		np->nns = declared; /* find_ns searches the sorted, declared part */
		bool known = find_ns(np, name) != NULL;
		np->nns = saved;
		for (size_t k = declared; k < np->nns && !known; k++)
			known = strcmp(np->nss[k].name, name) == 0;
		if (known)
			continue;
		struct label *l = fc_arena_alloc(np->arena, sizeof(*l));
		l->key = "kubernetes.io/metadata.name";
		l->value = name;
		fc_xgrow((void **)&np->nss, &np->nns_alloc, np->nns + 1, sizeof(*np->nss));
		np->nss[np->nns++] = (struct nsrec){name, {l, 1}, {NULL, 0, 0}, SIZE_MAX};
	}
	sort_items(np->nss, np->nns, sizeof(*np->nss), compare_ns);
}

/*
 * The first selector of a policy that selects exactly one of two label sets
 * of pods in namespace ns (the policy's podSelector, or a rule's podSelector
 * that reaches ns), or NULL.
 */
static const struct selector *distinguishing(const struct policy *p, const struct nsrec *ns,
                                             const struct labels *a, const struct labels *b)
{
	if (strcmp(p->ns, ns->name) == 0 &&
	    selector_matches(&p->sel, a) != selector_matches(&p->sel, b))
		return &p->sel;
	for (int d = 0; d < 2; d++) {
		if (!p->affects[d])
			continue;
		for (size_t i = 0; i < p->nrules[d]; i++) {
			const struct rule *r = &p->rules[d][i];
			for (size_t k = 0; k < r->npeers; k++) {
				const struct rule_peer *rp = &r->peers[k];
				if (rp->ipblock || !rp->pods)
					continue;
				if (rp->nss ? !selector_matches(rp->nss, &ns->labels)
				            : strcmp(p->ns, ns->name) != 0)
					continue;
				if (selector_matches(rp->pods, a) != selector_matches(rp->pods, b))
					return rp->pods;
			}
		}
	}
	return NULL;
}

/* Makes np->workloads from the pod records, sorted by peer. */
static void group_workloads(struct fc_netpol *np, struct fc_diags *diags, size_t *errors)
{
	sort_items(np->pods, np->npods, sizeof(*np->pods), compare_peer);
	np->workloads = fc_xcalloc(np->npods ? np->npods : 1, sizeof(*np->workloads));
	for (size_t i = 0; i < np->npods;) {
		const struct podrec *rep = &np->pods[i];
		size_t j = i + 1;
		while (j < np->npods && strcmp(rep->ns, np->pods[j].ns) == 0 &&
		       strcmp(rep->peer, np->pods[j].peer) == 0 &&
		       strcmp(rep->kind, np->pods[j].kind) == 0)
			j++;
		struct peer *w = &np->workloads[np->nworkloads++];
		w->ns = rep->ns;
		w->name = rep->peer;
		w->kind = rep->kind;
		w->str = fc_arena_printf(np->arena, "%s/%s[%s]", rep->ns, rep->peer, rep->kind);
		w->rep = rep;
		w->nsrec = find_ns(np, rep->ns);
		for (size_t k = i + 1; k < j; k++) {
			const struct podrec *m = &np->pods[k];
			if (labels_equal(&rep->labels, &m->labels))
				continue;
			const struct policy *p = NULL;
			for (size_t q = 0; q < np->npols && !p; q++)
				if (distinguishing(&np->pols[q], w->nsrec, &rep->labels,
				                   &m->labels))
					p = &np->pols[q];
			if (!p)
				continue;
			struct fc_diag *d = analysis_error(
			        diags, "netpol-owner-labels", m->pos,
			        "pods '%s' and '%s' of '%s' have different labels, and NetworkPolicy "
			        "'%s/%s' selects only one of them; a workload needs one label set",
			        m->object, rep->object, w->str, p->ns, p->name);
			fc_diag_note(diags, d, rep->pos, "pod '%s' is here", rep->object);
			(*errors)++;
			break;
		}
		i = j;
	}
}

static int compare_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return (a > b) - (a < b);
}

/* The external ranges of a direction: IPv4 cut at its ipBlocks' bounds. */
static void cut_external(struct fc_netpol *np, enum dir dir)
{
	uint64_t *cuts = NULL;
	size_t n = 0, alloc = 0;
	for (size_t i = 0; i < np->npols; i++)
		for (size_t k = 0; k < np->pols[i].nrules[dir]; k++) {
			const struct rule *r = &np->pols[i].rules[dir][k];
			for (size_t e = 0; e < r->npeers; e++)
				for (size_t q = 0; q < r->peers[e].nips; q++) {
					const struct range *ip = &r->peers[e].ips[q];
					fc_xgrow((void **)&cuts, &alloc, n + 2, sizeof(*cuts));
					cuts[n++] = ip->lo;
					cuts[n++] = (uint64_t)ip->hi + 1;
				}
		}
	fc_xgrow((void **)&cuts, &alloc, n + 1, sizeof(*cuts));
	cuts[n++] = (uint64_t)IP_MAX + 1;
	sort_items(cuts, n, sizeof(*cuts), compare_u64);
	np->ext[dir] = fc_xcalloc(n, sizeof(*np->ext[dir]));
	uint64_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (cuts[i] == start)
			continue;
		struct peer *x = &np->ext[dir][np->next[dir]++];
		x->external = true;
		x->lo = (uint32_t)start;
		x->hi = (uint32_t)(cuts[i] - 1);
		x->kind = "External";
		x->str = fc_arena_printf(np->arena, "%u.%u.%u.%u-%u.%u.%u.%u[External]",
		                         x->lo >> 24, x->lo >> 16 & 255, x->lo >> 8 & 255,
		                         x->lo & 255, x->hi >> 24, x->hi >> 16 & 255,
		                         x->hi >> 8 & 255, x->hi & 255);
		start = cuts[i];
	}
	free(cuts);
}

static bool peer_holds_workload(const struct policy *p, const struct rule_peer *rp,
                                const struct peer *w)
{
	if (rp->ipblock)
		return false; /* ipBlocks stand for addresses outside the cluster */
	if (rp->nss ? !selector_matches(rp->nss, &w->nsrec->labels) : strcmp(p->ns, w->ns) != 0)
		return false;
	return !rp->pods || selector_matches(rp->pods, &w->rep->labels);
}

static void select_and_match(struct fc_netpol *np)
{
	for (size_t i = 0; i < np->nworkloads; i++) {
		struct peer *w = &np->workloads[i];
		for (int d = 0; d < 2; d++) {
			w->pols[d] = fc_xcalloc(np->npols ? np->npols : 1, sizeof(size_t));
			for (size_t q = 0; q < np->npols; q++) {
				const struct policy *p = &np->pols[q];
				if (p->affects[d] && strcmp(p->ns, w->ns) == 0 &&
				    selector_matches(&p->sel, &w->rep->labels))
					w->pols[d][w->npols[d]++] = q;
			}
		}
	}
	for (size_t q = 0; q < np->npols; q++) {
		const struct policy *p = &np->pols[q];
		for (int d = 0; d < 2; d++)
			for (size_t k = 0; k < p->nrules[d]; k++) {
				struct rule *r = &p->rules[d][k];
				r->match_w = fc_xcalloc(np->nworkloads + 1, 1);
				r->match_x = fc_xcalloc(np->next[d] + 1, 1);
				for (size_t i = 0; i < np->nworkloads; i++) {
					bool m = !r->npeers;
					for (size_t e = 0; e < r->npeers && !m; e++)
						m = peer_holds_workload(p, &r->peers[e],
						                        &np->workloads[i]);
					r->match_w[i] = m;
				}
				for (size_t i = 0; i < np->next[d]; i++) {
					const struct peer *x = &np->ext[d][i];
					bool m = !r->npeers;
					for (size_t e = 0; e < r->npeers && !m; e++) {
						const struct rule_peer *rp = &r->peers[e];
						struct ivset ips = {(struct range *)rp->ips,
						                    rp->nips, rp->nips};
						m = rp->ipblock && iv_holds(&ips, x->lo, x->hi);
					}
					r->match_x[i] = m;
				}
			}
	}
}

/* The port a named rule port stands for on workload w, or 0. */
static uint32_t resolve_named(const struct rule_port *rp, const struct peer *w)
{
	for (size_t i = 0; i < w->rep->nports; i++) {
		const struct cport *c = &w->rep->ports[i];
		if (c->name && strcmp(c->name, rp->named) == 0)
			return c->proto == rp->proto ? c->port : 0;
	}
	return 0;
}

/* [netpol-named-port]: a named port that resolves on none of the
 * destinations its rule can reach. */
static void warn_named_ports(const struct fc_netpol *np, struct fc_diags *diags)
{
	for (size_t q = 0; q < np->npols; q++) {
		const struct policy *p = &np->pols[q];
		size_t selected[2] = {0, 0};
		for (size_t i = 0; i < np->nworkloads; i++)
			for (int d = 0; d < 2; d++)
				for (size_t k = 0; k < np->workloads[i].npols[d]; k++)
					selected[d] += np->workloads[i].pols[d][k] == q;
		for (int d = 0; d < 2; d++)
			for (size_t k = 0; k < p->nrules[d]; k++) {
				const struct rule *r = &p->rules[d][k];
				for (size_t e = 0; e < r->nports; e++) {
					const struct rule_port *rp = &r->ports[e];
					if (!rp->named || !selected[d])
						continue;
					size_t reached = 0, resolved = 0;
					for (size_t i = 0; i < np->nworkloads; i++) {
						const struct peer *w = &np->workloads[i];
						bool dst = false;
						if (d == DIR_IN)
							for (size_t m = 0; m < w->npols[DIR_IN];
							     m++)
								dst = dst ||
								      w->pols[DIR_IN][m] == q;
						else
							dst = r->match_w[i];
						reached += dst;
						resolved += dst && resolve_named(rp, w);
					}
					for (size_t i = 0; d == DIR_OUT && i < np->next[d]; i++)
						reached += r->match_x[i];
					if (reached && !resolved)
						fc_diag_warning(
						        diags, "netpol-named-port", rp->pos, NULL,
						        "named port '%s' (%s) of NetworkPolicy "
						        "'%s/%s' matches no container port of the "
						        "pods it reaches",
						        rp->named, proto_names[rp->proto], p->ns,
						        p->name);
				}
			}
	}
}

/* Adds what rule r allows towards destination dst (NULL: external). */
static void add_rule_ports(struct connset *acc, const struct rule *r, const struct peer *dst)
{
	if (!r->nports) {
		cs_set_all(acc);
		return;
	}
	for (size_t i = 0; i < r->nports; i++) {
		const struct rule_port *rp = &r->ports[i];
		if (rp->any) {
			iv_add(&acc->p[rp->proto], PORT_MIN, PORT_MAX);
		} else if (rp->named) {
			uint32_t port = dst ? resolve_named(rp, dst) : 0;
			if (port)
				iv_add(&acc->p[rp->proto], port, port);
		} else {
			iv_add(&acc->p[rp->proto], rp->lo, rp->hi);
		}
	}
}

/*
 * What the policies isolating workload w in direction d allow with the other
 * peer (index other, external or not); dst is the destination (NULL when
 * external), on which named ports resolve.
 */
static void allowed_side(const struct fc_netpol *np, const struct peer *w, enum dir d,
                         bool other_external, size_t other, const struct peer *dst,
                         struct connset *acc)
{
	cs_clear(acc);
	for (size_t i = 0; i < w->npols[d]; i++) {
		const struct policy *p = &np->pols[w->pols[d][i]];
		for (size_t k = 0; k < p->nrules[d]; k++) {
			const struct rule *r = &p->rules[d][k];
			if (!(other_external ? r->match_x[other] : r->match_w[other]))
				continue;
			add_rule_ports(acc, r, dst);
			if (!r->nports)
				return; /* everything */
		}
	}
}

static void record(struct fc_netpol *np, const struct peer *src, const struct peer *dst,
                   const struct connset *c, struct fc_strbuf *sb)
{
	fc_xgrow((void **)&np->conns, &np->nconns_alloc, np->nconns + 1, sizeof(*np->conns));
	struct conn *out = &np->conns[np->nconns++];
	out->src = src;
	out->dst = dst;
	out->all = cs_is_all(c);
	for (int i = 0; i < PROTO_COUNT; i++) {
		out->ports[i] = iv_freeze(np->arena, &c->p[i]);
		out->nports[i] = c->p[i].n;
	}
	fc_strbuf_reset(sb);
	cs_format(sb, c);
	out->text = fc_arena_strndup(np->arena, sb->buf, sb->len);
}

/* The connections from sp to tp (s, t: their indexes among the sources and
 * destinations of their kind); res, acc and tmp are scratch. */
static void evaluate_pair(struct fc_netpol *np, const struct peer *sp, size_t s,
                          const struct peer *tp, size_t t, struct connset *res, struct connset *acc,
                          struct ivset *tmp, struct fc_strbuf *sb)
{
	if (!sp->external && sp->npols[DIR_OUT])
		allowed_side(np, sp, DIR_OUT, tp->external, t, tp->external ? NULL : tp, res);
	else
		cs_set_all(res);
	if (!tp->external && tp->npols[DIR_IN] && !cs_is_empty(res)) {
		allowed_side(np, tp, DIR_IN, sp->external, s, tp, acc);
		cs_intersect(res, acc, tmp);
	}
	if (!cs_is_empty(res))
		record(np, sp, tp, res, sb);
}

static void evaluate(struct fc_netpol *np)
{
	struct connset res = {0}, acc = {0};
	struct ivset tmp = {0};
	struct fc_strbuf sb = FC_STRBUF_INIT;
	size_t nw = np->nworkloads;
	for (size_t s = 0; s < nw; s++) {
		for (size_t t = 0; t < nw; t++)
			if (s != t)
				evaluate_pair(np, &np->workloads[s], s, &np->workloads[t], t, &res,
				              &acc, &tmp, &sb);
		for (size_t x = 0; x < np->next[DIR_OUT]; x++)
			evaluate_pair(np, &np->workloads[s], s, &np->ext[DIR_OUT][x], x, &res, &acc,
			              &tmp, &sb);
	}
	for (size_t x = 0; x < np->next[DIR_IN]; x++)
		for (size_t t = 0; t < nw; t++)
			evaluate_pair(np, &np->ext[DIR_IN][x], x, &np->workloads[t], t, &res, &acc,
			              &tmp, &sb);
	cs_release(&res);
	cs_release(&acc);
	iv_release(&tmp);
	fc_strbuf_release(&sb);
}

static int compare_conn(const void *pa, const void *pb)
{
	const struct conn *a = pa, *b = pb;
	int c = strcmp(a->src->str, b->src->str);
	return c ? c : strcmp(a->dst->str, b->dst->str);
}

int fc_netpol_analyze(struct fc_netpol *np, struct fc_diags *diags)
{
	if (np->analysed || np->errors)
		return np->errors ? -1 : 0; /* the first call's verdict */
	np->analysed = true;
	size_t errors = 0;
	check_duplicates(np, diags, &errors);
	imply_namespaces(np);
	group_workloads(np, diags, &errors);
	if (errors) {
		np->errors += errors;
		return -1;
	}
	cut_external(np, DIR_IN);
	cut_external(np, DIR_OUT);
	select_and_match(np);
	warn_named_ports(np, diags);
	evaluate(np);
	sort_items(np->conns, np->nconns, sizeof(*np->conns), compare_conn);
	np->pub = fc_arena_array(np->arena, np->nconns + 1, sizeof(*np->pub));
	for (size_t i = 0; i < np->nconns; i++)
		np->pub[i] = (struct fc_netpol_conn){np->conns[i].src->str, np->conns[i].dst->str,
		                                     np->conns[i].text};
	return 0;
}

const struct fc_netpol_conn *fc_netpol_connections(const struct fc_netpol *np, size_t *count)
{
	*count = np->pub ? np->nconns : 0;
	return np->pub;
}

/* ---- output ------------------------------------------------------------- */

static void format_text(const struct fc_netpol *np, struct fc_strbuf *out)
{
	for (size_t i = 0; i < np->nconns; i++)
		fc_strbuf_addf(out, "%s => %s : %s\n", np->conns[i].src->str, np->conns[i].dst->str,
		               np->conns[i].text);
}

static void csv_field(struct fc_strbuf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fc_strbuf_addstr(out, s);
		return;
	}
	fc_strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			fc_strbuf_addch(out, '"');
		fc_strbuf_addch(out, *s);
	}
	fc_strbuf_addch(out, '"');
}

static void format_csv(const struct fc_netpol *np, struct fc_strbuf *out)
{
	fc_strbuf_addstr(out, "src,dst,conn\n");
	for (size_t i = 0; i < np->nconns; i++) {
		csv_field(out, np->conns[i].src->str);
		fc_strbuf_addch(out, ',');
		csv_field(out, np->conns[i].dst->str);
		fc_strbuf_addch(out, ',');
		csv_field(out, np->conns[i].text);
		fc_strbuf_addch(out, '\n');
	}
}

static void json_str(struct fc_strbuf *out, const char *s)
{
	fc_strbuf_add_json_string(out, s, strlen(s));
}

static int compare_peer_ptr(const void *pa, const void *pb)
{
	const struct peer *a = *(const struct peer *const *)pa;
	const struct peer *b = *(const struct peer *const *)pb;
	return strcmp(a->str, b->str);
}

/* Every workload and every external range some connection names, sorted,
 * each once; *n set.  The caller frees the array. */
static const struct peer **listed_peers(const struct fc_netpol *np, size_t *n)
{
	const struct peer **v = fc_xcalloc(np->nworkloads + 2 * np->nconns + 1, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < np->nworkloads; i++)
		v[k++] = &np->workloads[i];
	for (size_t i = 0; i < np->nconns; i++) {
		if (np->conns[i].src->external)
			v[k++] = np->conns[i].src;
		if (np->conns[i].dst->external)
			v[k++] = np->conns[i].dst;
	}
	sort_items(v, k, sizeof(*v), compare_peer_ptr);
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (!m || strcmp(v[m - 1]->str, v[i]->str) != 0)
			v[m++] = v[i];
	*n = m;
	return v;
}

static void format_ip(struct fc_strbuf *out, uint32_t ip)
{
	fc_strbuf_addf(out, "\"%u.%u.%u.%u\"", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
}

static void format_json(const struct fc_netpol *np, struct fc_strbuf *out)
{
	size_t n;
	const struct peer **peers = listed_peers(np, &n);
	fc_strbuf_addstr(out, "{\n  \"peers\": [");
	for (size_t i = 0; i < n; i++) {
		const struct peer *p = peers[i];
		fc_strbuf_addstr(out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_str(out, p->str);
		fc_strbuf_addstr(out, ", \"kind\": ");
		json_str(out, p->kind);
		if (p->external) {
			fc_strbuf_addstr(out, ", \"first\": ");
			format_ip(out, p->lo);
			fc_strbuf_addstr(out, ", \"last\": ");
			format_ip(out, p->hi);
		} else {
			fc_strbuf_addstr(out, ", \"namespace\": ");
			json_str(out, p->ns);
			fc_strbuf_addstr(out, ", \"workload\": ");
			json_str(out, p->name);
		}
		fc_strbuf_addch(out, '}');
	}
	free(peers);
	fc_strbuf_addstr(out, n ? "\n  ],\n  \"connections\": [" : "],\n  \"connections\": [");
	for (size_t i = 0; i < np->nconns; i++) {
		const struct conn *c = &np->conns[i];
		fc_strbuf_addstr(out, i ? ",\n    {\"src\": " : "\n    {\"src\": ");
		json_str(out, c->src->str);
		fc_strbuf_addstr(out, ", \"dst\": ");
		json_str(out, c->dst->str);
		fc_strbuf_addstr(out, ", \"conn\": ");
		json_str(out, c->text);
		fc_strbuf_addf(out, ", \"all\": %s, \"ports\": {", c->all ? "true" : "false");
		bool first = true;
		for (int p = 0; p < PROTO_COUNT; p++) {
			if (!c->nports[p])
				continue;
			fc_strbuf_addf(out, "%s\"%s\": [", first ? "" : ", ", proto_names[p]);
			first = false;
			for (size_t k = 0; k < c->nports[p]; k++)
				fc_strbuf_addf(out, "%s[%" PRIu32 ", %" PRIu32 "]", k ? ", " : "",
				               c->ports[p][k].lo, c->ports[p][k].hi);
			fc_strbuf_addch(out, ']');
		}
		fc_strbuf_addstr(out, "}}");
	}
	fc_strbuf_addstr(out, np->nconns ? "\n  ]\n}\n" : "]\n}\n");
}

/* n bytes of s escaped for a DOT quoted string. */
static void dot_escaped(struct fc_strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			fc_strbuf_addch(out, '\\');
		fc_strbuf_addch(out, s[i]);
	}
}

static void dot_str(struct fc_strbuf *out, const char *s)
{
	fc_strbuf_addch(out, '"');
	dot_escaped(out, s, strlen(s));
	fc_strbuf_addch(out, '"');
}

static void format_dot(const struct fc_netpol *np, struct fc_strbuf *out)
{
	size_t n;
	const struct peer **peers = listed_peers(np, &n);
	fc_strbuf_addstr(out,
	                 "digraph netpol {\n"
	                 "\trankdir=LR\n"
	                 "\tnode [shape=box style=rounded fontname=\"Helvetica\" fontsize=11]\n"
	                 "\tedge [fontname=\"Helvetica\" fontsize=9]\n");
	const char *open_ns = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct peer *p = peers[i];
		if (open_ns && (p->external || strcmp(open_ns, p->ns) != 0)) {
			fc_strbuf_addstr(out, "\t}\n");
			open_ns = NULL;
		}
		if (!p->external && !open_ns) {
			open_ns = p->ns;
			fc_strbuf_addstr(out, "\tsubgraph \"cluster_");
			dot_escaped(out, p->ns, strlen(p->ns));
			fc_strbuf_addstr(out, "\" {\n\t\tlabel=");
			dot_str(out, p->ns);
			fc_strbuf_addstr(out, "\n\t\tstyle=dashed\n");
		}
		fc_strbuf_addstr(out, open_ns ? "\t\t" : "\t");
		dot_str(out, p->str);
		fc_strbuf_addstr(out, " [label=\"");
		if (p->external) {
			dot_escaped(out, p->str, strlen(p->str) - strlen("[External]"));
			fc_strbuf_addstr(out, "\" shape=ellipse]\n");
		} else {
			/* the workload's name over its kind */
			dot_escaped(out, p->name, strlen(p->name));
			fc_strbuf_addstr(out, "\\n[");
			dot_escaped(out, p->kind, strlen(p->kind));
			fc_strbuf_addstr(out, "]\"]\n");
		}
	}
	if (open_ns)
		fc_strbuf_addstr(out, "\t}\n");
	free(peers);
	for (size_t i = 0; i < np->nconns; i++) {
		fc_strbuf_addch(out, '\t');
		dot_str(out, np->conns[i].src->str);
		fc_strbuf_addstr(out, " -> ");
		dot_str(out, np->conns[i].dst->str);
		fc_strbuf_addstr(out, " [label=");
		dot_str(out, np->conns[i].text);
		fc_strbuf_addstr(out, "]\n");
	}
	fc_strbuf_addstr(out, "}\n");
}

void fc_netpol_format(const struct fc_netpol *np, enum fc_netpol_format format,
                      struct fc_strbuf *out)
{
	switch (format) {
	case FC_NETPOL_TEXT: format_text(np, out); break;
	case FC_NETPOL_CSV: format_csv(np, out); break;
	case FC_NETPOL_JSON: format_json(np, out); break;
	case FC_NETPOL_DOT: format_dot(np, out); break;
	}
}

int fc_netpol_parse_format(const char *name, enum fc_netpol_format *format)
{
	static const char *const names[] = {"text", "csv", "json", "dot"};
	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0) {
			*format = (enum fc_netpol_format)i;
			return 0;
		}
	return -1;
}

/* ---- comparison --------------------------------------------------------- */

struct line {
	const char *s;
	size_t len;
};

static int compare_line(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->s, b->s, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The non-empty lines of text, right-trimmed, sorted, each once. */
static struct line *split_lines(const char *text, size_t len, size_t *count)
{
	struct line *v = NULL;
	size_t n = 0, alloc = 0;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && text[i] != '\n')
			i++;
		size_t end = i;
		while (end > start &&
		       (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
			end--;
		if (end > start) {
			fc_xgrow((void **)&v, &alloc, n + 1, sizeof(*v));
			v[n].s = text + start;
			v[n].len = end - start;
			n++;
		}
		i++;
	}
	sort_items(v, n, sizeof(*v), compare_line);
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		if (!m || compare_line(&v[m - 1], &v[k]) != 0)
			v[m++] = v[k];
	*count = m;
	return v;
}

bool fc_netpol_compare(const char *expected, size_t expected_len, const char *actual,
                       size_t actual_len, struct fc_strbuf *diff)
{
	size_t ne, na;
	struct line *e = split_lines(expected, expected_len, &ne);
	struct line *a = split_lines(actual, actual_len, &na);
	bool equal = true;
	for (int pass = 0; pass < 2; pass++) {
		/* pass 0: lines only in expected; pass 1: only in actual */
		const struct line *x = pass ? a : e, *y = pass ? e : a;
		size_t nx = pass ? na : ne, ny = pass ? ne : na;
		size_t j = 0;
		for (size_t i = 0; i < nx; i++) {
			while (j < ny && compare_line(&y[j], &x[i]) < 0)
				j++;
			if (j < ny && compare_line(&y[j], &x[i]) == 0)
				continue;
			equal = false;
			fc_strbuf_addstr(diff, pass ? "+ " : "- ");
			fc_strbuf_add(diff, x[i].s, x[i].len);
			fc_strbuf_addch(diff, '\n');
		}
	}
	free(e);
	free(a);
	return equal;
}

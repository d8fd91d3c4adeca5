/*
 * netpol_analyze - the analysis over the records: duplicates, workloads,
 * external ranges, which policies isolate and which rules match each
 * workload, named ports, and the connections of every pair; the steps are
 * described in netpol.c.
 */
#include "netpol_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	fc_netpol_sort(np->nss, np->nns, sizeof(*np->nss), compare_ns);
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
	fc_netpol_sort(np->pols, np->npols, sizeof(*np->pols), compare_policy);
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
	fc_netpol_sort(v, np->npods, sizeof(*v), compare_object);
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
	fc_netpol_sort(np->nss, np->nns, sizeof(*np->nss), compare_ns);
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
	    fc_netpol_selector_matches(&p->sel, a) != fc_netpol_selector_matches(&p->sel, b))
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
				if (rp->nss ? !fc_netpol_selector_matches(rp->nss, &ns->labels)
				            : strcmp(p->ns, ns->name) != 0)
					continue;
				if (fc_netpol_selector_matches(rp->pods, a) !=
				    fc_netpol_selector_matches(rp->pods, b))
					return rp->pods;
			}
		}
	}
	return NULL;
}

/* Makes np->workloads from the pod records, sorted by peer. */
static void group_workloads(struct fc_netpol *np, struct fc_diags *diags, size_t *errors)
{
	fc_netpol_sort(np->pods, np->npods, sizeof(*np->pods), compare_peer);
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
			if (fc_netpol_labels_equal(&rep->labels, &m->labels))
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
					const struct fc_range *ip = &r->peers[e].ips[q];
					fc_xgrow((void **)&cuts, &alloc, n + 2, sizeof(*cuts));
					cuts[n++] = ip->lo;
					cuts[n++] = (uint64_t)ip->hi + 1;
				}
		}
	fc_xgrow((void **)&cuts, &alloc, n + 1, sizeof(*cuts));
	cuts[n++] = (uint64_t)IP_MAX + 1;
	fc_netpol_sort(cuts, n, sizeof(*cuts), compare_u64);
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
	if (rp->nss ? !fc_netpol_selector_matches(rp->nss, &w->nsrec->labels)
	            : strcmp(p->ns, w->ns) != 0)
		return false;
	return !rp->pods || fc_netpol_selector_matches(rp->pods, &w->rep->labels);
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
				    fc_netpol_selector_matches(&p->sel, &w->rep->labels))
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
						struct fc_ivset ips = {(struct fc_range *)rp->ips,
						                       rp->nips, rp->nips};
						m = rp->ipblock &&
						    fc_ivset_holds(&ips, x->lo, x->hi);
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
						        rp->named, fc_proto_names[rp->proto], p->ns,
						        p->name);
				}
			}
	}
}

/* Adds what rule r allows towards destination dst (NULL: external). */
static void add_rule_ports(struct fc_connset *acc, const struct rule *r, const struct peer *dst)
{
	if (!r->nports) {
		fc_connset_set_all(acc);
		return;
	}
	for (size_t i = 0; i < r->nports; i++) {
		const struct rule_port *rp = &r->ports[i];
		if (rp->any) {
			fc_ivset_add(&acc->p[rp->proto], FC_PORT_MIN, FC_PORT_MAX);
		} else if (rp->named) {
			uint32_t port = dst ? resolve_named(rp, dst) : 0;
			if (port)
				fc_ivset_add(&acc->p[rp->proto], port, port);
		} else {
			fc_ivset_add(&acc->p[rp->proto], rp->lo, rp->hi);
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
                         struct fc_connset *acc)
{
	fc_connset_clear(acc);
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
                   const struct fc_connset *c, struct fc_strbuf *sb)
{
	fc_xgrow((void **)&np->conns, &np->nconns_alloc, np->nconns + 1, sizeof(*np->conns));
	struct conn *out = &np->conns[np->nconns++];
	out->src = src;
	out->dst = dst;
	out->all = fc_connset_is_all(c);
	for (int i = 0; i < FC_PROTO_COUNT; i++) {
		out->ports[i] = fc_ivset_freeze(np->arena, &c->p[i]);
		out->nports[i] = c->p[i].n;
	}
	fc_strbuf_reset(sb);
	fc_connset_format(sb, c);
	out->text = fc_arena_strndup(np->arena, sb->buf, sb->len);
}

/* The connections from sp to tp (s, t: their indexes among the sources and
 * destinations of their kind); res, acc and tmp are scratch. */
static void evaluate_pair(struct fc_netpol *np, const struct peer *sp, size_t s,
                          const struct peer *tp, size_t t, struct fc_connset *res,
                          struct fc_connset *acc, struct fc_ivset *tmp, struct fc_strbuf *sb)
{
	if (!sp->external && sp->npols[DIR_OUT])
		allowed_side(np, sp, DIR_OUT, tp->external, t, tp->external ? NULL : tp, res);
	else
		fc_connset_set_all(res);
	if (!tp->external && tp->npols[DIR_IN] && !fc_connset_is_empty(res)) {
		allowed_side(np, tp, DIR_IN, sp->external, s, tp, acc);
		fc_connset_intersect(res, acc, tmp);
	}
	if (!fc_connset_is_empty(res))
		record(np, sp, tp, res, sb);
}

static void evaluate(struct fc_netpol *np)
{
	struct fc_connset res = {0}, acc = {0};
	struct fc_ivset tmp = {0};
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
	fc_connset_release(&res);
	fc_connset_release(&acc);
	fc_ivset_release(&tmp);
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
	fc_netpol_sort(np->conns, np->nconns, sizeof(*np->conns), compare_conn);
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

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
 * Files: netpol.c (this: lifecycle, labels and selectors), netpol_read.c
 * (objects to records), netpol_analyze.c (the steps above), netpol_format.c
 * (text, CSV, JSON, DOT; comparing outputs), over netpol_internal.h; the
 * sets are connset.h and ivset.h.
 *
 * Memory: records and results are in the arena; growing vectors and scratch
 * sets are heap memory released by fc_netpol_free().
 */
#include "netpol_internal.h"

#include <stdlib.h>
#include <string.h>

void fc_netpol_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

struct fc_netpol *fc_netpol_new(struct fc_arena *arena)
{
	struct fc_netpol *np = fc_xcalloc(1, sizeof(*np));
	np->arena = arena;
	return np;
}

void fc_netpol_skip_run_once(struct fc_netpol *np, bool skip)
{
	np->skip_run_once = skip;
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

/* ---- labels and selectors ----------------------------------------------- */

const char *fc_netpol_label_get(const struct labels *l, const char *key)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].value;
	return NULL;
}

bool fc_netpol_labels_equal(const struct labels *a, const struct labels *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		const char *v = fc_netpol_label_get(b, a->items[i].key);
		if (!v || strcmp(v, a->items[i].value) != 0)
			return false;
	}
	return true;
}

bool fc_netpol_selector_matches(const struct selector *sel, const struct labels *labels)
{
	for (size_t i = 0; i < sel->count; i++) {
		const struct requirement *r = &sel->reqs[i];
		const char *v = fc_netpol_label_get(labels, r->key);
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

/*
 * ivset - sets of uint32 values as sorted closed intervals: the ports of a
 * protocol and the IPv4 addresses of the connectivity analyzer (netpol.h).
 * Operations cost the number of intervals, never the number of values, so
 * "1-65535" or a /0 block is one interval.
 *
 * Ownership: a set owns its heap array; fc_ivset_release() frees it and
 * leaves an empty set.  A zeroed struct is an empty set.  Growth never
 * fails (fc_xgrow, arena.h).
 */
#ifndef FC_IVSET_H
#define FC_IVSET_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fc_range {
	uint32_t lo, hi; /* closed */
};

/* Invariant: r[0..n) sorted, disjoint and not adjacent. */
struct fc_ivset {
	struct fc_range *r;
	size_t n, alloc;
};

void fc_ivset_release(struct fc_ivset *s);
/* s = s ∪ [lo, hi] (lo <= hi). */
void fc_ivset_add(struct fc_ivset *s, uint32_t lo, uint32_t hi);
/* s = s ∩ t; tmp is scratch (any set, left with unspecified content). */
void fc_ivset_intersect(struct fc_ivset *s, const struct fc_ivset *t, struct fc_ivset *tmp);
/* s = s minus [lo, hi] (lo <= hi). */
void fc_ivset_remove(struct fc_ivset *s, uint32_t lo, uint32_t hi);
/* Whether [lo, hi] lies wholly in s. */
bool fc_ivset_holds(const struct fc_ivset *s, uint32_t lo, uint32_t hi);
/* A copy of s's s->n intervals in the arena (NULL when s is empty). */
struct fc_range *fc_ivset_freeze(struct fc_arena *arena, const struct fc_ivset *s);

#endif

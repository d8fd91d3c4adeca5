/*
 * ivset - interval sets; see ivset.h.
 */
#include "ivset.h"

#include <stdlib.h>
#include <string.h>

void fc_ivset_release(struct fc_ivset *s)
{
	free(s->r);
	memset(s, 0, sizeof(*s));
}

void fc_ivset_add(struct fc_ivset *s, uint32_t lo, uint32_t hi)
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
void fc_ivset_intersect(struct fc_ivset *s, const struct fc_ivset *t, struct fc_ivset *tmp)
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
	struct fc_ivset swap = *s;
	*s = *tmp;
	*tmp = swap;
}

/* s = s minus [lo, hi]. */
void fc_ivset_remove(struct fc_ivset *s, uint32_t lo, uint32_t hi)
{
	for (size_t i = 0; i < s->n; i++) {
		struct fc_range r = s->r[i];
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
bool fc_ivset_holds(const struct fc_ivset *s, uint32_t lo, uint32_t hi)
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
struct fc_range *fc_ivset_freeze(struct fc_arena *arena, const struct fc_ivset *s)
{
	return s->n ? fc_arena_memdup(arena, s->r, s->n * sizeof(*s->r)) : NULL;
}

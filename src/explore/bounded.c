/* SPDX-License-Identifier: MIT */
/*
 * bounded.c - the preemption bound (`--preemptions N`, Musuvathi and
 * Qadeer, PLDI 2007): the tree of dfs.c restricted to the schedules that
 * switch away from a thread that could go on at most N times.
 */
#include "explore/explorer.h"

unsigned tree_preemption_cost(const struct node *n, int c)
{
	return n->prev >= 0 && n->prev != c && (n->enabled & (1u << n->prev));
}

/* The choices at @n that the preemption bound allows. */
uint32_t tree_bounded(const struct explorer *x, const struct node *n, uint32_t mask)
{
	uint32_t ok = 0;

	if (x->o->preemptions < 0)
		return mask;
	for (uint32_t m = mask; m; m &= m - 1) {
		int c = lowest(m);

		if (n->preemptions + tree_preemption_cost(n, c) <= (unsigned)x->o->preemptions)
			ok |= 1u << c;
	}
	return ok;
}


/* SPDX-License-Identifier: MIT */
/*
 * dfs.c - exhaustive search over the tree of choices, stateless: every
 * execution starts from the program's set-up, replays a prefix of the last
 * one's choices and changes the next (as CHESS, loom and Nidhugg do). A
 * node per step keeps the threads enabled there, those already explored
 * (done), those still to explore (backtrack) and, for DPOR (dpor.c), the
 * sleep set. Plain DFS backtracks to every enabled thread: every
 * interleaving; under a preemption bound (bounded.c), to those the bound
 * allows.
 */
#include "explore/explorer.h"

int tree_choose(struct explorer *x, size_t depth, uint32_t enabled, bool dpor)
{
	struct node *n = &x->nodes[depth];
	int c;

	if (depth == 0)
		x->sleep = 0;
	if (depth >= x->prefix) {
		const struct node *up = depth ? &x->nodes[depth - 1] : NULL;
		int prev = up ? up->chosen : -1;
		uint32_t allowed;

		n->enabled = enabled;
		n->done = 0;
		n->sleep = dpor ? x->sleep & enabled : 0;
		n->prev = (int8_t)prev;
		n->preemptions = up ? up->preemptions + tree_preemption_cost(up, up->chosen) : 0;
		allowed = tree_bounded(x, n, enabled & ~n->sleep);
		if (!allowed)
			return CHOOSE_REDUNDANT;
		/* prefer the running thread: the fewest preemptions first */
		c = prev >= 0 && (allowed & (1u << prev)) ? prev : lowest(allowed);
		n->backtrack = dpor ? 1u << c : allowed;
		n->chosen = (uint8_t)c;
	}
	c = n->chosen;
	if (dpor) {
		/*
		 * Steps of this execution only: a replayed prefix rebuilds the
		 * program's objects, maybe at other addresses, so a step kept
		 * from an earlier execution must not be compared with one of this.
		 */
		const struct sim_step *st = &x->sim->threads[c].next;
		uint32_t keep = 0;

		for (uint32_t m = (n->sleep | n->done) & ~(1u << c); m; m &= m - 1)
			if (!sim_dependent(&x->sim->threads[lowest(m)].next, st))
				keep |= 1u << lowest(m);
		x->sleep = keep;
		x->ev[depth].step = *st;
	}
	n->done |= 1u << c;
	return c;
}

int tree_next(struct explorer *x, size_t depth)
{
	size_t d = depth;

	for (;;) {
		struct node *n;
		uint32_t left;

		if (d == 0) {
			x->r->stop = EXPLORE_COMPLETE;
			return 0;
		}
		n = &x->nodes[--d];
		left = tree_bounded(x, n, n->backtrack & ~n->done & ~n->sleep);
		if (left) {
			n->chosen = (uint8_t)lowest(left);
			break;
		}
	}
	/* the next execution replays steps 0 .. d-1 of this one, then changes step d */
	x->prefix = d + 1;
	x->analysed = d;
	return END_NEXT;
}

static int dfs_choose(struct explorer *x, size_t depth, uint32_t enabled)
{
	return tree_choose(x, depth, enabled, false);
}

static int dfs_end(struct explorer *x, size_t depth, bool redundant)
{
	(void)redundant;
	return tree_next(x, depth);
}

const struct strategy explore_dfs = {
	.name = "dfs",
	.choose = dfs_choose,
	.end = dfs_end,
};

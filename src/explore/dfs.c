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
		n->finished = 0;
		n->finished_leaves = n->leaves = 0;
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
	}
	n->done |= 1u << c;
	return c;
}

int tree_next(struct explorer *x, size_t depth)
{
	size_t d = depth;

	/* one more execution under every node of its path */
	for (size_t k = 0; k < depth; k++)
		x->nodes[k].leaves++;
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
			n->finished++;
			n->finished_leaves += n->leaves;
			n->leaves = 0;
			break;
		}
	}
	/* the next execution replays steps 0 .. d-1 of this one, then changes step d */
	x->prefix = d + 1;
	x->analysed = d;
	return END_NEXT;
}

double tree_estimate(const struct explorer *x)
{
	double below = -1; /* the current child's estimate; -1: not begun */

	for (size_t d = x->prefix; d-- > 0;) {
		const struct node *n = &x->nodes[d];
		double pending = __builtin_popcount(tree_bounded(x, n, n->backtrack & ~n->done & ~n->sleep));
		double seen = (double)n->finished_leaves, kids = n->finished;

		/* the child just chosen is not done yet: one of the pending ones */
		if (below >= 0 || n->leaves) {
			seen += below < 0 ? (double)n->leaves : below;
			kids += 1;
		}
		below = seen + (kids > 0 ? pending * seen / kids : 0);
	}
	return below < 0 ? 0 : below;
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
	.estimate = tree_estimate,
};

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

/*
 * Whether node @n is full: it tries every thread it can, as every node of
 * DFS does, and for DPOR a node with fewer than o->full_forks forks (nodes
 * with two choices or more) above it. No race found below can change a
 * full node, so the subtree under each of its children is explored the
 * same whoever explores it and whatever is explored beside it: a worker
 * hands one to another that is idle (parallel.c). Full nodes cost
 * executions cut as redundant by their sleep set, and executions that
 * repeat a trace as a held access makes steps look (rt_hold()).
 */
static bool tree_full(const struct explorer *x, const struct node *n)
{
	return x->o->strategy != EXPLORE_DPOR || n->forks < x->o->full_forks;
}

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
		n->given = 0;
		n->sleep = dpor ? x->sleep & enabled : 0;
		n->prev = (int8_t)prev;
		n->preemptions = up ? up->preemptions + tree_preemption_cost(up, up->chosen) : 0;
		allowed = tree_bounded(x, n, enabled & ~n->sleep);
		if (!allowed)
			return CHOOSE_REDUNDANT;
		/* prefer the running thread: the fewest preemptions first */
		c = prev >= 0 && (allowed & (1u << prev)) ? prev : lowest(allowed);
		n->forks = (uint8_t)(up && up->forks + up->forked < 255 ? up->forks + up->forked : up ? 255 : 0);
		n->forked = allowed & (allowed - 1);
		n->backtrack = dpor && !tree_full(x, n) ? 1u << c : allowed;
		if (depth < x->root) {
			/*
			 * A worker's way to its subtree: the children of a
			 * node at full depth come first c, then the others
			 * lowest first, so the ones before the path's were
			 * explored (done) by the time the whole search got here.
			 */
			int want = x->split->root_path[depth];
			uint32_t below = (1u << want) - 1;

			if (want != c)
				n->done = (1u << c) | (allowed & below & ~(1u << c));
			n->backtrack = n->done | 1u << want;
			c = want;
		}
		n->chosen = (uint8_t)c;
	}
	c = n->chosen;
	/* a replayed node's child keeps its sleep set: only the last one's is new */
	if (dpor && depth + 1 >= x->prefix) {
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

/*
 * A worker is idle: hand it the next child still to explore of the
 * shallowest full node on the path. It comes before every child this
 * worker explores there later, so those count it done (their sleep sets)
 * from then on; the ones under the child in progress never do.
 */
static int tree_give(struct explorer *x, size_t depth)
{
	for (size_t d = x->root; d < depth; d++) {
		struct node *n = &x->nodes[d];
		uint8_t chosen = n->chosen;
		uint32_t left;
		int c, err;

		if (!tree_full(x, n))
			return 0;
		left = tree_bounded(x, n, n->backtrack & ~n->done & ~n->sleep & ~n->given);
		if (!left)
			continue;
		c = lowest(left);
		x->sched[d] = (uint8_t)c; /* the path to it, for a moment */
		err = x->split->give(x->split->priv, x->sched, d + 1);
		x->sched[d] = chosen;
		if (err)
			return err;
		n->given |= 1u << c;
		return 0;
	}
	return 0;
}

int tree_next(struct explorer *x, size_t depth)
{
	size_t d = depth;

	/* one more execution under every node of its path */
	for (size_t k = 0; k < depth; k++)
		x->nodes[k].leaves++;
	if (x->split && x->split->wants(x->split->priv)) {
		int err = tree_give(x, depth);

		if (err)
			return err;
	}
	for (;;) {
		struct node *n;
		uint32_t left;

		if (d == x->root) {
			x->r->stop = EXPLORE_COMPLETE;
			return 0;
		}
		n = &x->nodes[--d];
		left = tree_bounded(x, n, n->backtrack & ~n->done & ~n->sleep & ~n->given);
		if (left) {
			/* the children given away come before this one: done, for its sleep set */
			n->done |= n->given;
			n->given = 0;
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
		double pending = __builtin_popcount(
			tree_bounded(x, n, n->backtrack & ~n->done & ~n->sleep & ~n->given));
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

/* SPDX-License-Identifier: MIT */
/*
 * random.c - `--strategy random`: o->runs executions, each choosing
 * uniformly among the enabled threads at every step, from a generator
 * seeded with o->seed and the run's number, so that run k is the same
 * schedule on every machine.
 */
#include "explore/explorer.h"

static int random_begin(struct explorer *x)
{
	x->rng = x->o->seed ^ (x->run * 0x9e3779b97f4a7c15ULL);
	return 0;
}

static int random_choose(struct explorer *x, size_t depth, uint32_t enabled)
{
	uint64_t pick = rng_below(&x->rng, (uint64_t)__builtin_popcount(enabled));

	(void)depth;
	for (uint32_t m = enabled;; m &= m - 1)
		if (!pick--)
			return lowest(m);
}

/* Shared with pct.c: the limits first, then whether the runs are done. */
static int sample_end(struct explorer *x, size_t depth, bool redundant)
{
	(void)redundant;
	if (depth > x->longest)
		x->longest = depth;
	if (explore_limits_hit(x))
		return 0;
	if (++x->run >= x->o->runs) {
		x->r->stop = EXPLORE_COMPLETE;
		return 0;
	}
	return END_NEXT_CHECKED;
}

const struct strategy explore_random = {
	.name = "random",
	.begin = random_begin,
	.choose = random_choose,
	.end = sample_end,
};

/* SPDX-License-Identifier: MIT */
/*
 * pct.c - `--strategy pct`: probabilistic concurrency testing of depth d
 * (Burckhardt et al., ASPLOS 2010). Each run gives the threads distinct
 * random priorities d .. d+n-1 and picks d-1 change points among the steps
 * of the longest execution seen so far; the enabled thread of highest
 * priority runs, and at the i-th change point the running thread drops to
 * priority d-1-i, below every initial one.
 */
#include "explore/explorer.h"

static int pct_begin(struct explorer *x)
{
	int n = x->sim->nthreads, d = x->o->pct_depth;

	x->rng = x->o->seed ^ (x->run * 0x9e3779b97f4a7c15ULL);
	/* distinct random priorities d .. d+n-1 (a shuffle) */
	for (int i = 0; i < n; i++)
		x->prio[i] = d + i;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)rng_below(&x->rng, (uint64_t)i + 1), t = x->prio[i];

		x->prio[i] = x->prio[j];
		x->prio[j] = t;
	}
	x->nchange = d - 1 < 64 ? d - 1 : 64;
	for (int i = 0; i < x->nchange; i++)
		x->change[i] = 1 + rng_below(&x->rng, x->longest ? x->longest : 1);
	return 0;
}

static int pct_choose(struct explorer *x, size_t depth, uint32_t enabled)
{
	int c = -1;

	for (uint32_t m = enabled; m; m &= m - 1)
		if (c < 0 || x->prio[lowest(m)] > x->prio[c])
			c = lowest(m);
	for (int i = 0; i < x->nchange; i++)
		if (x->change[i] == depth + 1)
			x->prio[c] = x->nchange - i; /* below every initial one */
	for (uint32_t m = enabled; m; m &= m - 1)
		if (x->prio[lowest(m)] > x->prio[c])
			c = lowest(m);
	return c;
}

static int pct_end(struct explorer *x, size_t depth, bool redundant)
{
	return explore_random.end(x, depth, redundant);
}

const struct strategy explore_pct = {
	.name = "pct",
	.begin = pct_begin,
	.choose = pct_choose,
	.end = pct_end,
};

/* SPDX-License-Identifier: MIT */
/*
 * search.c - explore_run(): the strategy the options ask for, run in the
 * one step loop of explore.c. Above the strategies' files, so that none of
 * them, nor the loop, depends on another's choice.
 */
#include <string.h>

#include "explore/explorer.h"

int explore_run(const struct explore_program *p, const struct explore_opts *o,
		struct explore_result *r)
{
	const struct strategy *s;

	if (!p || !o || !r || !p->setup || !p->finish)
		return -EINVAL;
	if (o->strategy == EXPLORE_PCT && o->pct_depth < 1)
		return -EINVAL;
	/* the steps' clocks are 32 bits wide */
	if (o->max_steps > EXPLORE_MAX_STEPS)
		return -EINVAL;
	switch (o->strategy) {
	case EXPLORE_DPOR: s = &explore_dpor; break;
	case EXPLORE_DFS: s = &explore_dfs; break;
	case EXPLORE_RANDOM: s = &explore_random; break;
	case EXPLORE_PCT: s = &explore_pct; break;
	default: return -EINVAL;
	}
	if ((s == &explore_random || s == &explore_pct) && !o->runs) {
		memset(r, 0, sizeof(*r));
		r->stop = EXPLORE_COMPLETE;
		return 0;
	}
	return explore_with(p, o, s, NULL, r, NULL);
}


/* SPDX-License-Identifier: MIT */
/*
 * replay.c - one execution, the schedule's choices in turn: a schedule
 * token made by any strategy runs again step for step. The loop refuses a
 * choice of a thread that cannot run there, and a schedule that ends while
 * threads still can run (short of its cut at max_steps) or that the
 * execution outlives.
 */
#include <string.h>

#include "explore/explorer.h"

static int replay_choose(struct explorer *x, size_t depth, uint32_t enabled)
{
	(void)enabled;
	/* used up: the loop says whether that is where the execution ends */
	if (depth >= x->follow->len)
		return CHOOSE_REDUNDANT;
	return x->follow->choice[depth];
}

static int replay_end(struct explorer *x, size_t depth, bool redundant)
{
	(void)depth;
	(void)redundant;
	x->r->stop = EXPLORE_COMPLETE;
	return 0;
}

const struct strategy explore_replaying = {
	.name = "replay",
	.choose = replay_choose,
	.end = replay_end,
};

int explore_replay(const struct explore_program *p, const struct explore_schedule *sched,
		   uint64_t max_steps, unsigned *violated, enum sim_outcome *outcome)
{
	/* no cut when max_steps is 0: the schedule alone says how long it runs */
	const struct explore_opts o = {
		.strategy = EXPLORE_DFS,
		.preemptions = -1,
		.max_steps = max_steps && max_steps < EXPLORE_MAX_STEPS ? max_steps :
									  EXPLORE_MAX_STEPS,
	};
	struct explore_result r;
	int err;

	if (!p || !sched || !violated || !p->setup || !p->finish)
		return -EINVAL;
	err = explore_with(p, &o, &explore_replaying, sched, &r, outcome);
	if (!err)
		*violated = r.violated;
	explore_result_free(&r);
	/* a program that cannot be set up does not fit the schedule either */
	return err == -ENOMEM || !err ? err : -EINVAL;
}

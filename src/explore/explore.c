/* SPDX-License-Identifier: MIT */
/*
 * explore.c - the schedule explorer's one step loop, which every strategy
 * (explorer.h) runs in: set the program up, ask the strategy which thread
 * takes each step, judge the execution, ask whether another follows.
 *
 * Nothing here has a fixed size that an input could outgrow: the stacks and
 * dpor_race()'s scratch grow with the longest execution (under max_memory),
 * the race analysis's object table with the execution's objects, and the
 * clocks count a thread's steps in 32 bits, which max_steps cannot pass.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explore/explorer.h"
#include "fuseord/explore.h"

_Static_assert(EXPLORE_MAX_STEPS == FO_MAX_STEPS, "one bound on max_steps");
_Static_assert(EXPLORE_MAX_STEPS < UINT32_MAX - SIM_MAX_THREADS,
	       "a thread's steps, and fo_explore()'s spawns, fit the 32-bit clocks");

#define PROGRESS_EVERY 0.5 /* seconds */

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

/*
 * What one step of an execution costs the explorer: its node, event,
 * choice and a slot of dpor_race()'s scratch.
 */
#define STEP_BYTES (sizeof(struct node) + sizeof(struct event) + 1 + sizeof(size_t))

/* grow() and charge(): past o->max_memory (not an error: a limit) */
#define OVER_MEMORY 1

/*
 * Hold @n bytes more (or fewer). Only what grows with the exploration is
 * counted: the per-step stacks and the counterexample schedules. Every
 * execution's own state (the program's model, the threads' stacks) is freed
 * or reused when it ends, so it does not grow, and is left out.
 */
int explore_charge(struct explorer *x, int64_t n)
{
	x->bytes += (uint64_t)n;
	if (x->bytes > x->r->memory)
		x->r->memory = x->bytes;
	return x->o->max_memory && x->bytes > x->o->max_memory ? OVER_MEMORY : 0;
}

/*
 * Room for @need steps: the stacks double, but never past the memory
 * ceiling; OVER_MEMORY when even @need steps do not fit under it.
 */
static int grow(struct explorer *x, size_t need)
{
	size_t cap = x->cap ? x->cap : 256;
	void *n, *e, *s, *v;

	if (need <= x->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	if (x->o->max_memory) {
		uint64_t other = x->bytes - x->cap * STEP_BYTES, fit = 0;

		if (x->o->max_memory > other)
			fit = (x->o->max_memory - other) / STEP_BYTES;
		if (fit < need)
			return OVER_MEMORY;
		if (cap > fit)
			cap = (size_t)fit;
	}
	n = realloc(x->nodes, cap * sizeof(*x->nodes));
	if (n)
		x->nodes = n;
	e = realloc(x->ev, cap * sizeof(*x->ev));
	if (e)
		x->ev = e;
	s = realloc(x->sched, cap);
	if (s)
		x->sched = s;
	v = realloc(x->vk, cap * sizeof(*x->vk));
	if (v)
		x->vk = v;
	if (!n || !e || !s || !v)
		return -ENOMEM;
	explore_charge(x, (int64_t)((cap - x->cap) * STEP_BYTES));
	x->cap = cap;
	return 0;
}

int explore_reserve(struct explorer *x, size_t need)
{
	return grow(x, need);
}

bool explore_limits_hit(struct explorer *x)
{
	const struct explore_opts *o = x->o;
	double now = seconds_since(&x->t0);

	if (o->progress &&
	    now - x->last_progress >= (o->progress_every > 0 ? o->progress_every : PROGRESS_EVERY)) {
		x->last_progress = now;
		o->progress(o->progress_priv, x->r->executions, x->r->steps, now);
	}
	/* executions run to their end: DPOR's redundant ones are not counted */
	if (o->max_executions && x->r->executions >= o->max_executions) {
		x->r->stop = EXPLORE_STOP_EXECUTIONS;
		return true;
	}
	if (o->time_limit > 0 && now >= o->time_limit) {
		x->r->stop = EXPLORE_STOP_TIME;
		return true;
	}
	if (o->max_memory && x->bytes > o->max_memory) {
		x->r->stop = EXPLORE_STOP_MEMORY;
		return true;
	}
	if (o->stop_on_violation && x->r->violated) {
		x->r->stop = EXPLORE_STOP_VIOLATION;
		return true;
	}
	return false;
}

/* An execution ended: judge it, keep the first counterexample per property. */
static int execution_end(struct explorer *x, enum sim_outcome out, bool cut, size_t len)
{
	unsigned v = x->p->finish(x->p->priv, x->sim, out, cut);
	struct explore_result *r = x->r;

	r->executions++;
	r->cut += cut;
	if (len > r->max_depth)
		r->max_depth = len;
	if (x->sim->nthreads > r->threads)
		r->threads = x->sim->nthreads;
	for (unsigned b = 0; b < EXPLORE_MAX_PROPS; b++) {
		struct explore_schedule *s = &r->first[b];

		if (!(v & (1u << b)) || s->choice)
			continue;
		/* kept even past the ceiling: limits_hit() stops the run after it */
		s->choice = malloc(len ? len : 1);
		if (!s->choice)
			return -ENOMEM;
		memcpy(s->choice, x->sched, len);
		s->len = len;
		explore_charge(x, (int64_t)(len ? len : 1));
	}
	r->violated |= v;
	return 0;
}

static int execution_begin(struct explorer *x, enum sim_outcome *out)
{
	int err;

	sim_reset(x->sim);
	x->sim->execution = x->r->executions + x->r->sleep_blocked;
	err = x->p->setup(x->p->priv, x->sim);
	if (err)
		return err;
	*out = sim_start(x->sim);
	if (x->p->after_step)
		x->p->after_step(x->p->priv, x->sim, -1, 0);
	return 0;
}

/* Whether @next, announced again in a replay, names the objects @taken (the same step then) did. */
static bool same_objects(const struct sim_step *taken, const struct sim_step *next)
{
	int own = next->n - next->nheld;

	if (taken->thread != next->thread || taken->n < own)
		return false;
	for (int a = 0; a < own; a++)
		if (taken->acc[a].obj != next->acc[a].obj)
			return false;
	return true;
}

static void take_step(struct explorer *x, int tid, uint64_t index, enum sim_outcome *out)
{
	const struct sim_step *st = &x->sim->threads[tid].next;

	x->cur_len = index < x->cap ? index + 1 : x->cur_len;
	if (x->p->on_step)
		x->p->on_step(x->p->priv, x->sim, st, index);
	*out = sim_step(x->sim, tid);
	if (x->p->after_step)
		x->p->after_step(x->p->priv, x->sim, tid, index);
	x->r->steps++;
}

/*
 * An execution the memory ceiling ends midway: judged by nobody, counted
 * nowhere. A program that frees what it made only at its end runs on first.
 */
static int abandon(struct explorer *x, size_t depth, enum sim_outcome out)
{
	for (uint64_t tail = 0; x->o->finish_redundant && out == SIM_RUNNING && tail < x->max_steps;
	     tail++)
		take_step(x, lowest(sim_enabled(x->sim)), depth + tail, &out);
	x->p->finish(x->p->priv, x->sim, out, true);
	x->r->stop = EXPLORE_STOP_MEMORY;
	return 0;
}

/*
 * The one step loop: executions until the strategy is done or a limit
 * stops the run. An execution the strategy finds redundant runs its tail
 * unrecorded (if the program wants it to, to free what it made) and is
 * judged by nobody; a replay whose schedule does not fit is -EINVAL.
 */
static int explore_loop(struct explorer *x)
{
	for (;;) {
		enum sim_outcome out;
		size_t depth = 0;
		bool cut = false, redundant = false;
		int err;

		err = execution_begin(x, &out);
		if (err)
			return err;
		if (x->s->begin) {
			err = x->s->begin(x);
			if (err)
				return err;
		}
		while (out == SIM_RUNNING) {
			uint32_t en;
			int c;

			if (depth >= x->max_steps) {
				cut = true;
				break;
			}
			err = grow(x, depth + 1);
			if (err == OVER_MEMORY)
				return abandon(x, depth, out);
			if (err)
				return err;
			en = sim_enabled(x->sim);
			c = x->s->choose(x, depth, en);
			if (c < 0) {
				redundant = true;
				break;
			}
			if (c >= x->sim->nthreads || !(en & (1u << c))) {
				/* only a replayed schedule names a thread that cannot run */
				x->p->finish(x->p->priv, x->sim, out, true);
				return -EINVAL;
			}
			x->sched[depth] = (uint8_t)c;
			/* the last node of the prefix changes its choice: the ones above it replay */
			if (depth + 1 < x->prefix &&
			    !same_objects(&x->ev[depth].step, &x->sim->threads[c].next))
				x->r->moved++;
			take_step(x, c, depth, &out);
			x->ev[depth].step = x->sim->threads[c].taken;
			depth++;
		}
		/* a replayed schedule is used up exactly, and ends the run or its cut */
		if (x->follow && (depth != x->follow->len || (out == SIM_RUNNING && !cut))) {
			x->p->finish(x->p->priv, x->sim, out, true);
			return -EINVAL;
		}
		/* a redundant execution's tail: run, not recorded, not judged */
		for (uint64_t tail = 0; redundant && x->o->finish_redundant && out == SIM_RUNNING &&
					tail < x->max_steps;
		     tail++)
			take_step(x, lowest(sim_enabled(x->sim)), depth + tail, &out);
		x->out = out;
		if (redundant) {
			x->r->sleep_blocked++;
			x->p->finish(x->p->priv, x->sim, out, true);
		} else {
			err = execution_end(x, out, cut, depth);
			if (err)
				return err;
		}
		err = x->s->end(x, depth, redundant);
		if (err <= 0)
			return err;
		if (err == END_NEXT && explore_limits_hit(x))
			return 0;
	}
}

/*
 * The exploration running on this thread. A longjmp out of a model thread
 * (a failed CMocka assertion) skips explore_run()'s end, so its records are
 * kept on the heap and reachable from here, for explore_abandoned_free().
 */
static _Thread_local struct explorer *explore_live;

static void explorer_free(struct explorer *x)
{
	free(x->nodes);
	free(x->ev);
	free(x->sched);
	free(x->vk);
	free(x->objs);
	sim_destroy(x->sim);
	free(x);
}

void explore_abandoned_free(void)
{
	struct explorer *x = explore_live;

	explore_live = NULL;
	if (x)
		explorer_free(x);
}

/*
 * The choices of the execution running on this thread, up to and including
 * the step being taken: for a crash report from a signal handler, so it
 * reads only what is there and allocates nothing. 0 when none runs.
 */
size_t explore_current(const uint8_t **choice, uint64_t *execution)
{
	struct explorer *x = explore_live;

	if (!x || !x->sched)
		return 0;
	*choice = x->sched;
	*execution = x->r->executions + x->r->sleep_blocked + 1;
	return x->cur_len;
}

double explore_live_estimate(void)
{
	const struct explorer *x = explore_live;

	return x && x->s->estimate ? x->s->estimate(x) : 0;
}

static int explore_part(const struct explore_program *p, const struct explore_opts *o,
			const struct strategy *s, const struct explore_schedule *follow,
			const struct tree_split *ts, struct explore_result *r,
			enum sim_outcome *outcome)
{
	struct explorer *x;
	int err;

	memset(r, 0, sizeof(*r));
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	*x = (struct explorer){ .p = p, .o = o, .s = s, .r = r, .follow = follow, .split = ts,
				.root = ts ? ts->root : 0 };
	x->max_steps = o->max_steps ? o->max_steps : 100000;
	x->sim = sim_create();
	if (!x->sim) {
		free(x);
		return -ENOMEM;
	}
	explore_live = x;
	clock_gettime(CLOCK_MONOTONIC, &x->t0);
	err = grow(x, 1);
	if (err == OVER_MEMORY) {
		r->stop = EXPLORE_STOP_MEMORY;
		err = 0;
	} else if (!err) {
		err = explore_loop(x);
	}
	r->seconds = seconds_since(&x->t0);
	if (r->stop != EXPLORE_COMPLETE && s->estimate)
		r->estimate = s->estimate(x);
	if (outcome)
		*outcome = x->out;
	explore_live = NULL;
	explorer_free(x);
	return err;
}

int explore_with(const struct explore_program *p, const struct explore_opts *o,
		 const struct strategy *s, const struct explore_schedule *follow,
		 struct explore_result *r, enum sim_outcome *outcome)
{
	return explore_part(p, o, s, follow, NULL, r, outcome);
}

int explore_tree_part(const struct explore_program *p, const struct explore_opts *o,
		      const struct strategy *s, const struct tree_split *ts,
		      struct explore_result *r)
{
	return explore_part(p, o, s, NULL, ts, r, NULL);
}

uint64_t explore_default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	uint64_t quarter;

	if (pages <= 0 || size <= 0)
		return 1ULL << 30;
	quarter = (uint64_t)pages / 4 * (uint64_t)size;
	return quarter < 4ULL << 30 ? quarter : 4ULL << 30;
}

int explore_limit(const struct explore_result *r)
{
	switch (r->stop) {
	case EXPLORE_STOP_EXECUTIONS: return FO_LIMIT_EXECUTIONS;
	case EXPLORE_STOP_TIME: return FO_LIMIT_TIME;
	case EXPLORE_STOP_MEMORY: return FO_LIMIT_MEMORY;
	default: return r->cut ? FO_LIMIT_STEPS : FO_LIMIT_NONE;
	}
}

void explore_result_free(struct explore_result *r)
{
	if (!r)
		return;
	for (int b = 0; b < EXPLORE_MAX_PROPS; b++) {
		free(r->first[b].choice);
		r->first[b].choice = NULL;
	}
}

enum explore_strategy explore_strategy_of(int fo_strategy, int preemptions)
{
	if (preemptions >= 0)
		return EXPLORE_DFS;
	switch (fo_strategy) {
	case FO_STRATEGY_DFS: return EXPLORE_DFS;
	case FO_STRATEGY_RANDOM: return EXPLORE_RANDOM;
	case FO_STRATEGY_PCT: return EXPLORE_PCT;
	default: return EXPLORE_DPOR;
	}
}

const char *explore_strategy_name(enum explore_strategy s)
{
	switch (s) {
	case EXPLORE_DPOR: return "dpor";
	case EXPLORE_DFS: return "dfs";
	case EXPLORE_RANDOM: return "random";
	case EXPLORE_PCT: return "pct";
	}
	return "?";
}

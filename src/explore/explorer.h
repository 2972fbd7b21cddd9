/* SPDX-License-Identifier: MIT */
/*
 * explorer.h - what the strategies share with the explorer's one step loop
 * (explore.c): the per-step records and the small interface each strategy
 * implements. Private to src/explore/.
 *
 * A strategy is asked, at every step of every execution, which enabled
 * thread takes the step, and, when an execution ends, whether another one
 * follows. The loop does the rest the same way for all: it sets the program
 * up, runs the steps, grows the records under the memory ceiling, judges
 * the execution, keeps counterexamples, and checks the limits.
 *
 *   dfs.c      the tree of choices, every interleaving (with bounded.c)
 *   bounded.c  the preemption bound on the tree
 *   dpor.c     source-DPOR: sleep sets and the race analysis on the tree
 *   random.c   seeded uniform choices
 *   pct.c      probabilistic concurrency testing
 *   replay.c   the choices of one schedule
 *   search.c   explore_run(): the strategy the options name
 *   parallel.c explore_run_jobs(): a tree search split across workers
 */
#ifndef FUSEORD_EXPLORE_EXPLORER_H
#define FUSEORD_EXPLORE_EXPLORER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "explore/explore.h"

#define explore_dfs fo_x_explore_dfs
#define explore_dpor fo_x_explore_dpor
#define explore_random fo_x_explore_random
#define explore_pct fo_x_explore_pct
#define explore_replaying fo_x_explore_replaying
#define explore_charge fo_x_explore_charge
#define explore_reserve fo_x_explore_reserve
#define explore_limits_hit fo_x_explore_limits_hit
#define tree_choose fo_x_tree_choose
#define tree_next fo_x_tree_next
#define tree_estimate fo_x_tree_estimate
#define tree_bounded fo_x_tree_bounded
#define tree_preemption_cost fo_x_tree_preemption_cost
#define dpor_races fo_x_dpor_races
#define explore_with fo_x_explore_with
#define explore_tree_part fo_x_explore_tree_part
#define explore_live_estimate fo_x_explore_live_estimate


/*
 * A worker's part of a tree search split across workers (parallel.c): the
 * subtree under the choices @root_path[0 .. root-1], the full nodes on the
 * way as the whole search would have left them when it got there. When
 * @wants() says a worker is idle, tree_next() hands it, through @give(),
 * the next child still to explore of the shallowest full node that has one.
 */
struct tree_split {
	const uint8_t *root_path;
	size_t root;
	bool (*wants)(void *priv);
	int (*give)(void *priv, const uint8_t *choice, size_t len);
	void *priv;
};

/* A node of the tree of choices: one per step of the current execution. */
struct node {
	uint32_t enabled, backtrack, done, sleep;
	uint8_t forks;         /* nodes above it with two choices or more, at most 255 */
	bool forked;           /* this one has two choices or more */
	uint32_t given;        /* children handed to another worker (parallel.c) */
	uint8_t chosen;
	int8_t prev;           /* thread of the step before, -1 at the root */
	uint32_t preemptions;  /* preemptions in the choices before this node */
	/* the estimate of the tree's size: executions under its finished children, and the current one */
	uint32_t finished;
	uint64_t finished_leaves, leaves;
};

/* A step of the current execution, as DPOR's race analysis records it. */
struct event {
	struct sim_step step;
	/*
	 * Its index among its thread's steps, from 1, and its vector clock:
	 * 32 bits hold any execution, which the loop keeps at most
	 * EXPLORE_MAX_STEPS long.
	 */
	uint32_t pos;
	uint32_t clock[SIM_MAX_THREADS];
};

struct explorer;
struct obj_index;

/* choose(): no thread: the execution is redundant (its sleep set blocks it). */
#define CHOOSE_REDUNDANT (-1)

/* end(): another execution follows, and the loop checks the limits first. */
#define END_NEXT 1
/* end(): another execution follows, the strategy checked the limits itself. */
#define END_NEXT_CHECKED 2

struct strategy {
	const char *name;
	/* Before an execution's first step, the program set up; may be NULL. */
	int (*begin)(struct explorer *x);
	/* The thread that takes step @depth, one of @enabled, or CHOOSE_REDUNDANT. */
	int (*choose)(struct explorer *x, size_t depth, uint32_t enabled);
	/*
	 * The execution ended after @depth steps (@redundant: choose() said
	 * so). END_NEXT or END_NEXT_CHECKED for another; 0 when done, with
	 * r->stop set; -errno.
	 */
	int (*end)(struct explorer *x, size_t depth, bool redundant);
	/* A run a limit stopped: the executions the whole search holds; may be NULL. */
	double (*estimate)(const struct explorer *x);
};

extern const struct strategy explore_dfs, explore_dpor, explore_random, explore_pct,
	explore_replaying;

struct explorer {
	const struct explore_program *p;
	const struct explore_opts *o;
	const struct strategy *s;
	struct explore_result *r;
	struct sim *sim;
	struct node *nodes;
	struct event *ev;
	uint8_t *sched;        /* the current execution's choices */
	size_t *vk;            /* dpor_race()'s steps of notdep(i), one per step */
	size_t cap;
	/* dpor_races(): the objects of the execution it analyses */
	struct obj_index *objs;
	size_t objcap, nobj;
	uint64_t gen;
	/* the threads of the execution dpor_races() analyses: no clock counts more */
	int nt;
	size_t analysed;       /* steps of the execution whose clocks are valid */
	uint64_t bytes;        /* held against o->max_memory */
	uint64_t max_steps;
	struct timespec t0;
	double last_progress;
	size_t cur_len;        /* steps of the current execution so far, the one running included */
	enum sim_outcome out;  /* how the last execution ended */
	/* the tree (dfs.c, dpor.c): the next execution replays nodes[0 .. prefix-1] */
	size_t prefix;
	uint32_t sleep;        /* DPOR: the sleep set at the next node */
	/* sampling (random.c, pct.c) */
	uint64_t run, rng, longest;
	int prio[SIM_MAX_THREADS];
	uint64_t change[64];
	int nchange;
	/* replay.c: the schedule to follow */
	const struct explore_schedule *follow;
	/* parallel.c: a worker's part of a split search; NULL: the whole */
	const struct tree_split *split;
	size_t root;           /* a worker's: the depth of its subtree; else 0 */
};

static inline int lowest(uint32_t mask)
{
	return __builtin_ctz(mask);
}

/* splitmix64: small, fast, and the same sequence on every machine */
static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t rng_below(uint64_t *s, uint64_t n)
{
	return n ? rng_next(s) % n : 0;
}

/* Hold @n bytes more (or fewer) against max_memory; 1 when past it. */
int explore_charge(struct explorer *x, int64_t n);

/* Room for @need steps in the per-step records; 1 when past max_memory, -ENOMEM. */
int explore_reserve(struct explorer *x, size_t need);

/* Whether a limit stops the run now (r->stop says which); reports progress. */
bool explore_limits_hit(struct explorer *x);

/*
 * Run strategy @s over program @p (explore_run() for a search, replay.c
 * for one schedule, @follow). @outcome: how the last execution ended; may
 * be NULL.
 */
int explore_with(const struct explore_program *p, const struct explore_opts *o,
		 const struct strategy *s, const struct explore_schedule *follow,
		 struct explore_result *r, enum sim_outcome *outcome);

/* explore_with() for a worker's part of a split tree search. */
int explore_tree_part(const struct explore_program *p, const struct explore_opts *o,
		      const struct strategy *s, const struct tree_split *ts,
		      struct explore_result *r);

/* explore.c: the estimate of the exploration running on this thread; 0: none */
double explore_live_estimate(void);



/* dfs.c: a step of the tree; DPOR's sleep set when @dpor. */
int tree_choose(struct explorer *x, size_t depth, uint32_t enabled, bool dpor);

/* dfs.c: the deepest node with a choice left; 0 (complete) when none. */
int tree_next(struct explorer *x, size_t depth);

/*
 * dfs.c: how many executions the whole tree holds, redundant ones
 * included, estimated from the part explored: at every node of the current
 * path, each child still to explore is taken to hold as many as its
 * explored siblings hold on average (Knuth's estimate, averaged over the
 * siblings the search has seen instead of random probes).
 */
double tree_estimate(const struct explorer *x);

/* bounded.c: whether choosing @c at @n preempts the running thread. */
unsigned tree_preemption_cost(const struct node *n, int c);

/* bounded.c: the choices of @mask at @n that the preemption bound allows. */
uint32_t tree_bounded(const struct explorer *x, const struct node *n, uint32_t mask);

/*
 * dpor.c: the races of steps @from .. @len-1 of the execution just ended,
 * and of the steps a deadlock left gated shut; 1 when past max_memory.
 */
int dpor_races(struct explorer *x, size_t from, size_t len);

#endif /* FUSEORD_EXPLORE_EXPLORER_H */

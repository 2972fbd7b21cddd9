/* SPDX-License-Identifier: MIT */
/*
 * explore.h - the schedule explorer: runs a program of model threads under
 * the deterministic backend once per schedule, choosing the schedules by a
 * strategy, and collects the properties the program reports violated.
 *
 * It knows threads, steps and dependencies, never FUSE: the program (a
 * scenario, or a unit test's body) sets each execution up and judges it.
 */
#ifndef FUSEORD_EXPLORE_EXPLORE_H
#define FUSEORD_EXPLORE_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt/sim.h"

#define explore_run fo_x_explore_run
#define explore_run_jobs fo_x_explore_run_jobs
#define explore_replay fo_x_explore_replay
#define explore_result_free fo_x_explore_result_free
#define explore_strategy_name fo_x_explore_strategy_name
#define explore_strategy_of fo_x_explore_strategy_of
#define explore_default_memory fo_x_explore_default_memory
#define explore_limit fo_x_explore_limit
#define explore_abandoned_free fo_x_explore_abandoned_free
#define explore_current fo_x_explore_current
#define explore_estimate_now fo_x_explore_estimate_now

/* What the explorer runs, once per schedule. */
struct explore_program {
	/* Build a fresh state and sim_spawn() its threads. 0 or -errno. */
	int (*setup)(void *priv, struct sim *s);
	/* Before each step (for traces); may be NULL. */
	void (*on_step)(void *priv, struct sim *s, const struct sim_step *step, uint64_t index);
	/* After thread @tid's step @index, and with tid -1 after sim_start(); may be NULL. */
	void (*after_step)(void *priv, struct sim *s, int tid, uint64_t index);
	/*
	 * The execution ended (finished, deadlocked, or cut at max_steps):
	 * judge it and free its state. Returns the mask of violated properties.
	 */
	unsigned (*finish)(void *priv, struct sim *s, enum sim_outcome outcome, bool cut);
	/*
	 * The threads that kill thread @tid in some execution (fo_task_kill()),
	 * as a mask; NULL: any may. DPOR reverses a killable wait with the step
	 * that opened it only if a kill could have come first.
	 */
	uint32_t (*killers)(void *priv, int tid);
	void *priv;
};

enum explore_strategy {
	EXPLORE_DPOR,   /* source sets + sleep sets: every Mazurkiewicz trace once */
	EXPLORE_DFS,    /* every interleaving */
	EXPLORE_RANDOM, /* seeded uniform choice at each step */
	EXPLORE_PCT,    /* probabilistic concurrency testing, depth d */
};

struct explore_opts {
	enum explore_strategy strategy;
	int preemptions;          /* DFS: at most this many preemptions; -1 none */
	uint64_t runs;            /* RANDOM, PCT: executions to run */
	uint64_t seed;            /* RANDOM, PCT */
	int pct_depth;            /* PCT: d >= 1 */
	uint64_t max_steps;       /* per execution; 0: 100000; at most EXPLORE_MAX_STEPS */
	uint64_t max_executions;  /* 0: no limit */
	double time_limit;        /* seconds; 0: none */
	/*
	 * Bytes the explorer's own records may hold (per-step stacks and
	 * counterexample schedules, see explorer_charge()); 0: no ceiling.
	 */
	uint64_t max_memory;
	bool stop_on_violation;   /* stop at the first violated property */
	/*
	 * DPOR: run an execution its sleep set makes redundant on to its end
	 * (not counted, not judged) instead of dropping it, so a program that
	 * frees what it allocated at its end (a unit test's body) always does.
	 */
	bool finish_redundant;
	/* called about twice a second while exploring, or NULL */
	void (*progress)(void *priv, uint64_t executions, uint64_t steps, double seconds);
	void *progress_priv;
	double progress_every; /* seconds between progress calls; 0: PROGRESS_EVERY */
	/*
	 * DPOR: the nodes with fewer than this many forks above them try every
	 * thread they can (EXPLORE_FULL_FORKS), so that explore_run_jobs() can
	 * split the search; 0: none (the published counts of fo_explore()).
	 */
	unsigned full_forks;
	/*
	 * explore_run_jobs(): the executions the first worker runs alone
	 * before the others start; 0: all at once.
	 */
	uint64_t jobs_after;
};

#define EXPLORE_MAX_PROPS 32
/*
 * The longest execution max_steps may ask for: the DPOR events' vector
 * clocks and fo_explore()'s race check count a thread's steps in 32 bits.
 * The public FO_MAX_STEPS (fuseord/check.h).
 */
#define EXPLORE_MAX_STEPS ((uint64_t)1 << 31)
/* PCT's d: d - 1 priority change points, at most 63 of them */
#define EXPLORE_PCT_MAX_DEPTH 64

struct explore_schedule {
	uint8_t *choice;          /* thread id chosen at each step */
	size_t len;
};

enum explore_stop {
	EXPLORE_COMPLETE,      /* everything the strategy promises was explored */
	EXPLORE_STOP_EXECUTIONS,
	EXPLORE_STOP_TIME,
	EXPLORE_STOP_MEMORY,   /* an execution needed more than max_memory */
	EXPLORE_STOP_VIOLATION,
	EXPLORE_STOP_INTERRUPTED,
};

struct explore_result {
	unsigned violated;
	struct explore_schedule first[EXPLORE_MAX_PROPS]; /* first counterexample per property */
	uint64_t executions;      /* executions run to their end */
	uint64_t sleep_blocked;   /* DPOR: executions cut as redundant */
	uint64_t cut;             /* executions cut at max_steps */
	uint64_t steps;
	/*
	 * Replayed steps (the choices an execution shares with the one before)
	 * that announced an object other than the one the same step touched
	 * then: the program's objects moved between executions. 0 for the
	 * scenario runner, whose model lives in one block (model.c).
	 */
	uint64_t moved;
	uint64_t max_depth;       /* longest execution, in steps */
	uint64_t memory;          /* most bytes held against max_memory */
	int threads;              /* most threads in one execution */
	double seconds;
	/* a run a limit stopped: the executions the whole search holds, estimated; else 0 */
	double estimate;
	enum explore_stop stop;
};

int explore_run(const struct explore_program *p, const struct explore_opts *o,
		struct explore_result *r);

/* The most worker threads explore_run_jobs() runs. */
#define EXPLORE_MAX_JOBS 64

/*
 * The full_forks a search that explore_run_jobs() splits runs with,
 * whatever its number of workers (one too), so that it finds the same
 * executions whatever their number.
 */
#define EXPLORE_FULL_FORKS 8

/*
 * fuseord check's jobs_after: about two milliseconds of executions, more
 * than starting a worker and splitting the search cost.
 */
#define EXPLORE_JOBS_AFTER 128

/*
 * explore_run() on @njobs worker threads, @p[0 .. njobs-1] a program for
 * each (the same program, its own state). A tree search (DPOR, DFS, bounded
 * or not) finds the executions, counterexamples and verdict it finds on
 * one thread, whatever @njobs, unless a limit stops it, provided @o's
 * full_forks is the same; it splits only under full nodes, so DPOR with
 * full_forks 0 runs on one thread. Random, PCT and a search with a cap on
 * executions run on one thread, with @p[0]. 0 or -errno; -EINVAL for @njobs outside 1 .. EXPLORE_MAX_JOBS.
 */
int explore_run_jobs(const struct explore_program *p, int njobs, const struct explore_opts *o,
		     struct explore_result *r);

/*
 * The explorer's strategy for a public enum fo_strategy and preemption
 * bound: a bound (>= 0) always means DFS bounded to it.
 */
enum explore_strategy explore_strategy_of(int fo_strategy, int preemptions);

/*
 * The default memory ceiling: a quarter of physical memory, at most 4 GiB
 * (1 GiB when the size of physical memory is unknown).
 */
uint64_t explore_default_memory(void);

/*
 * The defaults of the two public option structs that share these fields
 * (struct fo_check_opts and struct fo_explore_opts): exhaustive DPOR, no
 * preemption bound, 1000 sampled runs from seed 1, PCT depth 3, executions
 * cut at 10000 steps, the default memory ceiling.
 */
#define EXPLORE_OPTS_DEFAULTS(o)               \
	do {                                    \
		memset((o), 0, sizeof(*(o)));   \
		(o)->strategy = FO_STRATEGY_DPOR; \
		(o)->preemptions = -1;          \
		(o)->runs = 1000;               \
		(o)->seed = 1;                  \
		(o)->pct_depth = 3;             \
		(o)->max_steps = 10000;         \
		(o)->max_memory = explore_default_memory(); \
	} while (0)

/* Those two structs' shared options that no strategy can run. */
#define EXPLORE_OPTS_INVALID(o)                                                      \
	((unsigned)(o)->strategy > FO_STRATEGY_PCT || (o)->preemptions < -1 ||       \
	 !(o)->max_steps || (o)->max_steps > EXPLORE_MAX_STEPS ||                    \
	 ((o)->strategy == FO_STRATEGY_PCT &&                                        \
	  ((o)->pct_depth < 1 || (o)->pct_depth > EXPLORE_PCT_MAX_DEPTH)) ||         \
	 (((o)->strategy == FO_STRATEGY_RANDOM || (o)->strategy == FO_STRATEGY_PCT) && \
	  !(o)->runs))

/* The explorer's options for those two structs' shared fields. */
#define EXPLORE_OPTS_FROM(o)                                                  \
	((struct explore_opts){                                               \
		.strategy = explore_strategy_of((o)->strategy, (o)->preemptions), \
		.preemptions = (o)->preemptions,                              \
		.runs = (o)->runs,                                            \
		.seed = (o)->seed,                                            \
		.pct_depth = (o)->pct_depth,                                  \
		.max_steps = (o)->max_steps,                                  \
		.max_executions = (o)->max_executions,                        \
		.max_memory = (o)->max_memory,                                \
	})

/*
 * Run the one execution @sched describes. Returns 0 and the violated mask,
 * or -EINVAL if the schedule does not fit the program (a choice names a
 * thread that cannot run there, or the schedule ends while threads still can).
 */
int explore_replay(const struct explore_program *p, const struct explore_schedule *sched,
		   uint64_t max_steps, unsigned *violated, enum sim_outcome *outcome);

/*
 * What left @r incomplete, as public enum fo_limit: the limit that stopped
 * the run, else FO_LIMIT_STEPS if executions were cut, else FO_LIMIT_NONE.
 * Stopping at the first violation is not a limit.
 */
int explore_limit(const struct explore_result *r);

void explore_result_free(struct explore_result *r);

/*
 * Free the records of an explore_run() a longjmp out of a model thread left
 * on this thread (its result, which the caller owns, excepted). Call only
 * from outside any model thread, once rt_current() has noticed the longjmp.
 */
void explore_abandoned_free(void);
const char *explore_strategy_name(enum explore_strategy s);

/*
 * The execution in progress on this thread: its choices so far (the step
 * being taken included) and its number from 1; returns their count, 0 if
 * no exploration runs. Safe in a signal handler.
 */
size_t explore_current(const uint8_t **choice, uint64_t *execution);

/*
 * For a progress callback: how many executions the whole search running on
 * this thread holds, estimated from the part explored so far (the strategy's
 * estimate, as a stopped run reports it); 0 when none runs or its strategy
 * makes no estimate (a sample).
 */
double explore_estimate_now(void);

#endif /* FUSEORD_EXPLORE_EXPLORE_H */

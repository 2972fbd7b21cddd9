/* SPDX-License-Identifier: MIT */
/*
 * sim.h - the deterministic backend of the runtime seam.
 *
 * A sim runs model threads as coroutines on the calling OS thread, exactly
 * one at a time. Each thread runs until its next scheduling point, where it
 * announces the step it is about to take (struct sim_step) and hands control
 * back; a chooser (the explorer) then picks which runnable thread takes its
 * step. Blocking is modelled: a thread whose wait condition is false is
 * blocked until a wake-up on what it waits for (or a kill, for a killable
 * wait) makes it runnable again, so a lost wake-up shows as a deadlock.
 *
 * The sim knows nothing of FUSE: it sees objects, accesses and waits.
 */
#ifndef FUSEORD_RT_SIM_H
#define FUSEORD_RT_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "rt/rt.h"
#include "rt/sim_ctx.h"

#define sim_create fo_rt_sim_create
#define sim_destroy fo_rt_sim_destroy
#define sim_reset fo_rt_sim_reset
#define sim_spawn fo_rt_sim_spawn
#define sim_start fo_rt_sim_start
#define sim_step fo_rt_sim_step
#define sim_enabled fo_rt_sim_enabled
#define sim_finish fo_rt_sim_finish
#define sim_thread_name fo_rt_sim_thread_name
#define sim_thread_task fo_rt_sim_thread_task
#define sim_blocked_on fo_rt_sim_blocked_on
#define sim_dependent fo_rt_sim_dependent

#define SIM_MAX_THREADS 16

/* A step's own accesses and those its task holds. */
#define SIM_MAX_ACC (RT_MAX_ACC + RT_MAX_HELD)

/*
 * One step as the explorer sees it: who, and the objects it touches, each
 * with what it does to it (struct rt_acc). The objects are the model's
 * fields, locks, completions and tasks, and the ghost objects the oracles
 * observe (struct rt_ghost); nothing else decides a dependency.
 */
struct sim_step {
	uint8_t thread;
	uint8_t flags;    /* RT_GATED, RT_NOTE */
	uint8_t n;        /* accesses; 0: a step that touches nothing shared */
	uint8_t nheld;    /* the last nheld of them are its task's held ones */
	struct rt_acc acc[SIM_MAX_ACC];
	const char *what;
};

enum sim_thread_state { SIM_RUNNABLE, SIM_BLOCKED, SIM_DONE };

struct sim_thread {
	struct fo_task task;      /* task.sched points at the sim */
	struct sim_ctx ctx;
	struct sim *sim;
	int id;
	const char *name;
	void (*fn)(void *arg);
	void *arg;
	enum sim_thread_state state;
	struct sim_step next;     /* the step it takes when chosen */
	/*
	 * The step it took last: next's own accesses, without the held
	 * ones, and those the step made late (rt_late()). What the race
	 * analysis orders; next, a superset, is what the sleep sets compare.
	 */
	struct sim_step taken;
	const struct rt_wait *wait; /* SIM_BLOCKED: what it waits for */
	bool ctx_ready;           /* its coroutine is set up for this execution */
};

enum sim_outcome {
	SIM_RUNNING,   /* threads can still run */
	SIM_FINISHED,  /* every thread done, or idle in an idle wait */
	SIM_DEADLOCK,  /* nobody can run, somebody is blocked */
};

struct sim {
	struct rt_sched sched;
	struct sim_ctx self;      /* the scheduler's (OS thread's) context */
	struct sim_thread threads[SIM_MAX_THREADS];
	int nthreads;
	struct sim_thread *cur;
	struct fo_task *saved_current;
	void *stacks;             /* one mapping: a stack per thread slot */
	size_t stack_size;
	uint64_t steps;
	bool started;             /* sim_start() ran: spawns take effect at once */
	uint64_t execution;       /* which execution this is, for messages */
	void *user;               /* the program's own pointer */
	/*
	 * Called last when a longjmp has left the sim (see sim_abandoned()),
	 * from outside any model thread; may destroy the sim. NULL: none.
	 */
	void (*on_abandoned)(struct sim *s);
};

/* Allocate a sim (stacks included). NULL on failure. */
struct sim *sim_create(void);
void sim_destroy(struct sim *s);

/* Forget the threads of the last execution; stacks are reused. */
void sim_reset(struct sim *s);

/* Add a thread that will run fn(arg). Returns its id, or -ENOSPC. */
int sim_spawn(struct sim *s, const char *name, void (*fn)(void *arg), void *arg);

/*
 * Run every thread up to its first scheduling point (that stretch touches
 * nothing shared), in spawn order. Returns the outcome so far.
 */
enum sim_outcome sim_start(struct sim *s);

/* Bitmask of the threads that can take a step now. */
uint32_t sim_enabled(const struct sim *s);

/* Let thread @tid take its announced step and run to its next point. */
enum sim_outcome sim_step(struct sim *s, int tid);

/* The outcome now, without running anything. */
enum sim_outcome sim_finish(const struct sim *s);

const char *sim_thread_name(const struct sim *s, int tid);
struct fo_task *sim_thread_task(struct sim *s, int tid);

/* What a blocked thread waits for; NULL if it is not blocked. */
const struct rt_wait *sim_blocked_on(const struct sim *s, int tid);

/*
 * Whether two steps do not commute: the dependency relation the
 * partial-order reduction works with. Steps of one thread always; of two,
 * iff they touch a common object in kinds that conflict (rt_access_conflict()).
 */
bool sim_dependent(const struct sim_step *a, const struct sim_step *b);

#endif /* FUSEORD_RT_SIM_H */

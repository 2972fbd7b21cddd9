/* SPDX-License-Identifier: MIT */
/*
 * explore.c - the strategies of the schedule explorer.
 *
 * Exhaustive search is stateless: every execution starts from the program's
 * set-up and replays a prefix of choices, then extends it (as CHESS, loom and
 * Nidhugg do). A node per step keeps the threads enabled there, those already
 * explored (done), those still to explore (backtrack) and, for DPOR, the
 * sleep set and the step each enabled thread would take.
 *
 * DPOR is source-DPOR with sleep sets (Abdulla et al., POPL 2014): after each
 * execution, every race i ⋖ j (dependent steps of different threads, i not
 * happening-before j by another path) adds an initial of notdep(i).j to the
 * backtrack set before i. Complete executions are then pairwise
 * inequivalent: one per Mazurkiewicz trace; the redundancy that is left
 * shows as executions cut by their sleep set, counted apart. The races are
 * found in time linear in the execution (see dpor_races()).
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

#include "explore/explore.h"
#include "fuseord/explore.h"

_Static_assert(EXPLORE_MAX_STEPS == FO_MAX_STEPS, "one bound on max_steps");
_Static_assert(EXPLORE_MAX_STEPS < UINT32_MAX - SIM_MAX_THREADS,
	       "a thread's steps, and fo_explore()'s spawns, fit the 32-bit clocks");

struct node {
	uint32_t enabled, backtrack, done, sleep;
	uint8_t chosen;
	int8_t prev;           /* thread of the step before, -1 at the root */
	uint32_t preemptions;  /* preemptions in the choices before this node */
};

struct event {
	struct sim_step step;
	/*
	 * Its index among its thread's steps, from 1, and its vector clock:
	 * 32 bits hold any execution, which explore_run() keeps at most
	 * EXPLORE_MAX_STEPS long.
	 */
	uint32_t pos;
	uint32_t clock[SIM_MAX_THREADS];
};

#define PROGRESS_EVERY 0.5 /* seconds */

struct explorer {
	const struct explore_program *p;
	const struct explore_opts *o;
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
	size_t analysed;       /* steps of the execution whose clocks are valid */
	uint64_t bytes;        /* held against o->max_memory */
	uint64_t max_steps;
	struct timespec t0;
	double last_progress;
	size_t cur_len;        /* steps of the current execution so far, the one running included */
};

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

/* splitmix64: small, fast, and the same sequence on every machine */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rng_below(uint64_t *s, uint64_t n)
{
	return n ? rng_next(s) % n : 0;
}

static int lowest(uint32_t mask)
{
	return __builtin_ctz(mask);
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
static int charge(struct explorer *x, int64_t n)
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
	charge(x, (int64_t)((cap - x->cap) * STEP_BYTES));
	x->cap = cap;
	return 0;
}

static bool limits_hit(struct explorer *x)
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
		charge(x, (int64_t)(len ? len : 1));
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

/* ---- DPOR: races of the last execution ---- */

static bool hb(const struct event *a, const uint32_t *clock_b)
{
	return clock_b[a->step.thread] >= a->pos;
}

/*
 * Race i ⋖ j: add an initial of v = notdep(i).j to backtrack(i), unless one
 * is there already. An initial is a thread whose first step in v happens
 * after no other step of v.
 */
static void dpor_race(struct explorer *x, size_t i, size_t j, const uint32_t *clock_j)
{
	struct node *n = &x->nodes[i];
	const struct event *ev = x->ev;
	uint32_t initials = 0, seen = 0, pick;
	size_t *vk = x->vk; /* room for every step of the execution (grow()) */
	size_t nv = 0;

	for (size_t k = i + 1; k < j; k++) {
		int t = ev[k].step.thread;
		bool first = !(seen & (1u << t));

		if (hb(&ev[i], ev[k].clock))
			continue;
		seen |= 1u << t;
		if (first) {
			bool after = false;

			for (size_t m = 0; m < nv && !after; m++)
				after = hb(&ev[vk[m]], ev[k].clock);
			if (!after)
				initials |= 1u << t;
		}
		vk[nv++] = k;
	}
	if (!(seen & (1u << ev[j].step.thread))) {
		bool after = false;

		for (size_t m = 0; m < nv && !after; m++)
			after = hb(&ev[vk[m]], clock_j);
		if (!after)
			initials |= 1u << ev[j].step.thread;
	}
	if (!initials || (initials & n->backtrack))
		return;
	pick = initials & n->enabled & ~n->sleep;
	if (pick & (1u << ev[j].step.thread))
		n->backtrack |= 1u << ev[j].step.thread;
	else if (pick)
		n->backtrack |= 1u << lowest(pick);
	else if (!(initials & n->sleep))
		n->backtrack |= n->enabled & ~n->sleep; /* no initial can run here: be safe */
}

/*
 * A gated lock step (fo_lock_acquire()) is enabled only while its lock is
 * free, so the step it races with, the holder's unlock, cannot be reversed
 * with it: the reversible race is with the holder's acquisition of the same
 * lock, the latest step of that thread on the lock before the unlock.
 */
static size_t lock_race_at(const struct event *ev, size_t i, size_t j)
{
	const struct sim_step *sj = &ev[j].step, *si = &ev[i].step;
	const void *lock;
	bool unlock = false;

	if (!(sj->flags & RT_GATED) || sj->n < 1 || sj->acc[0].kind != RT_LOCK)
		return i;
	lock = sj->acc[0].obj;
	for (int a = 0; a < si->n; a++)
		unlock |= si->acc[a].kind == RT_UNLOCK && si->acc[a].obj == lock;
	if (!unlock)
		return i;
	for (size_t k = i; k-- > 0;) {
		const struct sim_step *sk = &ev[k].step;

		if (sk->thread != si->thread)
			continue;
		for (int a = 0; a < sk->n; a++)
			if (sk->acc[a].obj == lock)
				return k;
	}
	return i;
}

/*
 * The race analysis looks at each step's possible races only: per object
 * it touches, the last step that wrote it (any access but a read) and
 * each thread's last read of it since; per thread, its last step. Every
 * other earlier step dependent with step j happens before one of those, so
 * it is ordered before j and is no race: the candidates, checked latest
 * first as a scan back over the whole execution would, give the same races
 * and clocks in constant time per step.
 */
struct obj_index {
	const void *obj;
	uint64_t gen; /* the dpor_races() call that filled it */
	int64_t last_w;
	int64_t rd[SIM_MAX_THREADS]; /* valid when > last_w */
};

static size_t obj_slot(const void *obj, size_t cap)
{
	return (size_t)(((uint64_t)(uintptr_t)obj * UINT64_C(0x9e3779b97f4a7c15)) >> 24) &
	       (cap - 1);
}

/* Room in the object table for @more objects; -ENOMEM. */
static int obj_reserve(struct explorer *x, size_t more)
{
	size_t cap;
	struct obj_index *n;

	if ((x->nobj + more) * 2 <= x->objcap)
		return 0;
	cap = x->objcap ? x->objcap * 2 : 64;
	while ((x->nobj + more) * 2 > cap)
		cap *= 2;
	n = calloc(cap, sizeof(*n));
	if (!n)
		return -ENOMEM;
	for (size_t k = 0; k < x->objcap; k++) {
		size_t i;

		if (x->objs[k].gen != x->gen)
			continue;
		for (i = obj_slot(x->objs[k].obj, cap); n[i].gen == x->gen; i = (i + 1) & (cap - 1))
			;
		n[i] = x->objs[k];
	}
	charge(x, (int64_t)((cap - x->objcap) * sizeof(*n)));
	free(x->objs);
	x->objs = n;
	x->objcap = cap;
	return 0;
}

/* The index of @obj in this analysis, a new one if it has none (room reserved). */
static struct obj_index *obj_index_of(struct explorer *x, const void *obj)
{
	struct obj_index *e;
	size_t i;

	for (i = obj_slot(obj, x->objcap); x->objs[i].gen == x->gen; i = (i + 1) & (x->objcap - 1))
		if (x->objs[i].obj == obj)
			return &x->objs[i];
	e = &x->objs[i];
	e->obj = obj;
	e->gen = x->gen;
	e->last_w = -1;
	for (int t = 0; t < SIM_MAX_THREADS; t++)
		e->rd[t] = -1;
	x->nobj++;
	return e;
}

/* A step's candidates: its thread's last step, and per access a write and a read per thread. */
#define MAX_CANDIDATES (1 + SIM_MAX_ACC * (1 + SIM_MAX_THREADS))

static void add_candidate(int64_t *c, int *n, int64_t i)
{
	int k;

	if (i < 0)
		return;
	for (k = 0; k < *n; k++)
		if (c[k] == i)
			return;
	/* latest first */
	for (k = *n; k > 0 && c[k - 1] < i; k--)
		c[k] = c[k - 1];
	c[k] = i;
	(*n)++;
}

/*
 * The races of the execution's steps from @from on up to @len. The steps
 * before @from are the last execution's own, replayed: their races and
 * clocks were found with it and are kept.
 */
static int dpor_races(struct explorer *x, size_t from, size_t len)
{
	struct event *ev = x->ev;
	uint32_t pos[SIM_MAX_THREADS] = { 0 };
	int64_t last[SIM_MAX_THREADS];

	x->gen++;
	x->nobj = 0;
	for (int t = 0; t < SIM_MAX_THREADS; t++)
		last[t] = -1;
	for (size_t j = 0; j < len; j++) {
		const struct sim_step *st = &ev[j].step;
		int t = st->thread;
		struct obj_index *o[SIM_MAX_ACC];

		if (obj_reserve(x, st->n))
			return -ENOMEM;
		for (int a = 0; a < st->n; a++)
			o[a] = obj_index_of(x, st->acc[a].obj);
		if (j >= from) {
			uint32_t clock[SIM_MAX_THREADS];
			int64_t c[MAX_CANDIDATES];
			int n = 0;

			for (int a = 0; a < st->n; a++) {
				add_candidate(c, &n, o[a]->last_w);
				for (int u = 0; u < SIM_MAX_THREADS && !rt_access_reads(st->acc[a].kind);
				     u++)
					if (o[a]->rd[u] > o[a]->last_w)
						add_candidate(c, &n, o[a]->rd[u]);
			}
			if (last[t] >= 0)
				memcpy(clock, ev[last[t]].clock, sizeof(clock));
			else
				memset(clock, 0, sizeof(clock));
			/* latest first, so a step already ordered through a later one is no race */
			for (int k = 0; k < n; k++) {
				size_t i = (size_t)c[k];

				if (ev[i].step.thread == t || !sim_dependent(&ev[i].step, st))
					continue;
				if (!hb(&ev[i], clock)) {
					size_t at = lock_race_at(ev, i, j);

					/*
					 * A gated wait that was not enabled at @at
					 * cannot be reversed with it: @at is what
					 * enabled it.
					 */
					if (!(st->flags & RT_GATED) ||
					    (st->n && st->acc[0].kind == RT_LOCK) ||
					    (x->nodes[at].enabled & (1u << t)))
						dpor_race(x, at, j, clock);
				}
				for (int u = 0; u < SIM_MAX_THREADS; u++)
					if (ev[i].clock[u] > clock[u])
						clock[u] = ev[i].clock[u];
			}
			clock[t] = pos[t] + 1;
			ev[j].pos = pos[t] + 1;
			memcpy(ev[j].clock, clock, sizeof(clock));
		}
		pos[t]++;
		for (int a = 0; a < st->n; a++) {
			if (rt_access_reads(st->acc[a].kind))
				o[a]->rd[t] = (int64_t)j;
			else
				o[a]->last_w = (int64_t)j;
		}
		last[t] = (int64_t)j;
	}
	return 0;
}

/* ---- exhaustive: DFS and DPOR ---- */

static unsigned preemption_cost(const struct node *n, int c)
{
	return n->prev >= 0 && n->prev != c && (n->enabled & (1u << n->prev));
}

/* The choices at @n that the preemption bound allows. */
static uint32_t bounded(const struct explorer *x, const struct node *n, uint32_t mask)
{
	uint32_t ok = 0;

	if (x->o->preemptions < 0)
		return mask;
	for (uint32_t m = mask; m; m &= m - 1) {
		int c = lowest(m);

		if (n->preemptions + preemption_cost(n, c) <= (unsigned)x->o->preemptions)
			ok |= 1u << c;
	}
	return ok;
}

static int explore_tree(struct explorer *x)
{
	bool dpor = x->o->strategy == EXPLORE_DPOR;
	size_t prefix = 0;
	int err;

	for (;;) {
		enum sim_outcome out;
		uint32_t sleep = 0;
		size_t depth = 0;
		bool cut = false, blocked = false;
		int prev = -1;
		unsigned pre = 0;

		err = execution_begin(x, &out);
		if (err)
			return err;
		while (out == SIM_RUNNING) {
			struct node *n;
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
			n = &x->nodes[depth];
			if (depth >= prefix) {
				uint32_t en = sim_enabled(x->sim), allowed;

				n->enabled = en;
				n->done = 0;
				n->sleep = dpor ? sleep & en : 0;
				n->prev = (int8_t)prev;
				n->preemptions = pre;
				allowed = bounded(x, n, en & ~n->sleep);
				if (!allowed) {
					blocked = true;
					break;
				}
				/* prefer the running thread: the fewest preemptions first */
				c = prev >= 0 && (allowed & (1u << prev)) ? prev : lowest(allowed);
				n->backtrack = dpor ? 1u << c : allowed;
				n->chosen = (uint8_t)c;
			}
			c = n->chosen;
			if (dpor) {
				/*
				 * Steps of this execution only: a replayed prefix
				 * rebuilds the program's objects, maybe at other
				 * addresses, so a step kept from an earlier
				 * execution must not be compared with one of this.
				 */
				const struct sim_step *st = &x->sim->threads[c].next;
				uint32_t keep = 0;

				for (uint32_t m = (n->sleep | n->done) & ~(1u << c); m; m &= m - 1)
					if (!sim_dependent(&x->sim->threads[lowest(m)].next, st))
						keep |= 1u << lowest(m);
				sleep = keep;
				x->ev[depth].step = *st;
			}
			n->done |= 1u << c;
			pre += preemption_cost(n, c);
			x->sched[depth] = (uint8_t)c;
			take_step(x, c, depth, &out);
			prev = c;
			depth++;
		}
		/* a redundant execution's tail: run, not recorded, not judged */
		for (uint64_t tail = 0; blocked && x->o->finish_redundant && out == SIM_RUNNING &&
					tail < x->max_steps;
		     tail++)
			take_step(x, lowest(sim_enabled(x->sim)), depth + tail, &out);
		if (blocked) {
			x->r->sleep_blocked++;
			x->p->finish(x->p->priv, x->sim, out, true);
		} else {
			err = execution_end(x, out, cut, depth);
			if (err)
				return err;
		}
		if (dpor) {
			err = dpor_races(x, x->analysed < depth ? x->analysed : depth, depth);
			if (err)
				return err;
		}

		/* the deepest node with a choice left */
		size_t d = depth;
		for (;;) {
			struct node *n;
			uint32_t left;

			if (d == 0) {
				x->r->stop = EXPLORE_COMPLETE;
				return 0;
			}
			n = &x->nodes[--d];
			left = bounded(x, n, n->backtrack & ~n->done & ~n->sleep);
			if (left) {
				n->chosen = (uint8_t)lowest(left);
				break;
			}
		}
		prefix = d + 1;
		/* the next execution replays steps 0 .. d-1 of this one, then changes step d */
		x->analysed = d;
		if (limits_hit(x))
			return 0;
	}
}

/* ---- sampling: random and PCT ---- */

struct pct {
	int prio[SIM_MAX_THREADS];
	uint64_t change[64];
	int nchange;
};

static int explore_sample(struct explorer *x)
{
	bool pct = x->o->strategy == EXPLORE_PCT;
	uint64_t k = 0; /* PCT: the longest execution seen, its step estimate */
	int err;

	for (uint64_t run = 0; run < x->o->runs; run++) {
		uint64_t rng = x->o->seed ^ (run * 0x9e3779b97f4a7c15ULL);
		enum sim_outcome out;
		struct pct pc = { .nchange = 0 };
		size_t depth = 0;
		bool cut = false;

		err = execution_begin(x, &out);
		if (err)
			return err;
		if (pct) {
			int n = x->sim->nthreads, d = x->o->pct_depth;

			/* distinct random priorities d .. d+n-1 (a shuffle) */
			for (int i = 0; i < n; i++)
				pc.prio[i] = d + i;
			for (int i = n - 1; i > 0; i--) {
				int j = (int)rng_below(&rng, (uint64_t)i + 1), t = pc.prio[i];

				pc.prio[i] = pc.prio[j];
				pc.prio[j] = t;
			}
			pc.nchange = d - 1 < 64 ? d - 1 : 64;
			for (int i = 0; i < pc.nchange; i++)
				pc.change[i] = 1 + rng_below(&rng, k ? k : 1);
		}
		while (out == SIM_RUNNING) {
			uint32_t en = sim_enabled(x->sim);
			int c = -1;

			if (depth >= x->max_steps) {
				cut = true;
				break;
			}
			err = grow(x, depth + 1);
			if (err == OVER_MEMORY)
				return abandon(x, depth, out);
			if (err)
				return err;
			if (pct) {
				for (uint32_t m = en; m; m &= m - 1)
					if (c < 0 || pc.prio[lowest(m)] > pc.prio[c])
						c = lowest(m);
				for (int i = 0; i < pc.nchange; i++)
					if (pc.change[i] == depth + 1)
						pc.prio[c] = pc.nchange - i; /* below every initial one */
				for (uint32_t m = en; m; m &= m - 1)
					if (pc.prio[lowest(m)] > pc.prio[c])
						c = lowest(m);
			} else {
				uint64_t pick = rng_below(&rng, (uint64_t)__builtin_popcount(en));

				for (uint32_t m = en;; m &= m - 1)
					if (!pick--) {
						c = lowest(m);
						break;
					}
			}
			x->sched[depth] = (uint8_t)c;
			take_step(x, c, depth, &out);
			depth++;
		}
		if (depth > k)
			k = depth;
		err = execution_end(x, out, cut, depth);
		if (err)
			return err;
		if (limits_hit(x))
			return 0;
	}
	x->r->stop = EXPLORE_COMPLETE;
	return 0;
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

int explore_run(const struct explore_program *p, const struct explore_opts *o,
		struct explore_result *r)
{
	struct explorer *x;
	int err;

	if (!p || !o || !r || !p->setup || !p->finish)
		return -EINVAL;
	if (o->strategy == EXPLORE_PCT && o->pct_depth < 1)
		return -EINVAL;
	/* the steps' clocks are 32 bits wide */
	if (o->max_steps > EXPLORE_MAX_STEPS)
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	*x = (struct explorer){ .p = p, .o = o, .r = r };
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
		if (o->strategy == EXPLORE_DFS || o->strategy == EXPLORE_DPOR)
			err = explore_tree(x);
		else
			err = explore_sample(x);
	}
	r->seconds = seconds_since(&x->t0);
	explore_live = NULL;
	explorer_free(x);
	return err;
}

int explore_replay(const struct explore_program *p, const struct explore_schedule *sched,
		   uint64_t max_steps, unsigned *violated, enum sim_outcome *outcome)
{
	struct sim *s = sim_create();
	enum sim_outcome out;
	int err = -EINVAL;
	size_t i;

	if (!s)
		return -ENOMEM;
	sim_reset(s);
	if (p->setup(p->priv, s))
		goto out;
	out = sim_start(s);
	if (p->after_step)
		p->after_step(p->priv, s, -1, 0);
	for (i = 0; i < sched->len && out == SIM_RUNNING; i++) {
		int c = sched->choice[i];

		if (c >= s->nthreads || !(sim_enabled(s) & (1u << c)))
			break;
		if (p->on_step)
			p->on_step(p->priv, s, &s->threads[c].next, i);
		out = sim_step(s, c);
		if (p->after_step)
			p->after_step(p->priv, s, c, i);
	}
	/* the schedule must be used up exactly, and end the run or stop at its cut */
	if (i == sched->len && (out != SIM_RUNNING || (max_steps && i >= max_steps))) {
		*violated = p->finish(p->priv, s, out, out == SIM_RUNNING);
		if (outcome)
			*outcome = out;
		err = 0;
	} else {
		p->finish(p->priv, s, out, true);
	}
out:
	sim_destroy(s);
	return err;
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

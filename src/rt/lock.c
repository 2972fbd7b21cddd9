/* SPDX-License-Identifier: MIT */
/*
 * lock.c - the model's spinlock_t and struct completion over the runtime's
 * generic wait (rt.h), for both backends.
 *
 * Neither keeps a waiter count of its own: the wait table's per-bucket count
 * already makes the uncontended unlock and the complete_all() nobody waits
 * for free of system calls, and one count is one thing to get right.
 */
#include <stdatomic.h>
#include <stddef.h>

#include "rt/rt.h"

/*
 * Spins before sleeping. A lock holder in the model runs a few dozen
 * instructions, so a short spin usually sees the release; longer would only
 * burn the core the holder needs when the stress tests oversubscribe it.
 */
#define RT_SPIN_TRIES 64

static inline void rt_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

static bool rt_spin_trylock(spinlock_t *l)
{
	int unlocked = 0;

	return atomic_compare_exchange_strong_explicit(&l->locked, &unlocked, 1,
						       memory_order_acquire, memory_order_relaxed);
}

static bool rt_spin_is_unlocked(const struct rt_wait *w)
{
	spinlock_t *l = (spinlock_t *)w->var;

	return atomic_load_explicit(&l->locked, memory_order_relaxed) == 0;
}

/**
 * spin_lock_init() - make @l an unlocked spinlock.
 * @l: the lock.
 */
void spin_lock_init(spinlock_t *l)
{
	atomic_init(&l->locked, 0);
}

/**
 * spin_lock() - take @l, sleeping on the wait table while it is contended.
 * @l: the lock.
 *
 * Under the deterministic scheduler only one task runs between points, so
 * the holder cannot release during a spin: go straight to the wait, which
 * tells the scheduler this task is blocked on @l.
 * Ordering: acquire, by the successful compare-and-swap.
 */
FO_API void spin_lock(spinlock_t *l)
{
	struct rt_wait w = {
		.var = l,
		.bit = -1,
		.cond = rt_spin_is_unlocked,
		.what = "spin_lock",
	};
	struct rt_sched *sched = rt_current()->sched;

	if (sched && sched->gate_waits) {
		/* enabled only while @l is free: the step takes it */
		rt_gated_point(RT_LOCK, l, &w);
		(void)rt_spin_trylock(l);
		return;
	}
	rt_point(RT_LOCK, l, "spin_lock");
	for (;;) {
		if (rt_spin_trylock(l))
			return;
		if (!rt_current()->sched) {
			for (int i = 0; i < RT_SPIN_TRIES; i++) {
				rt_cpu_relax();
				if (rt_spin_is_unlocked(&w) && rt_spin_trylock(l))
					return;
			}
		}
		/* Uninterruptible: a kill never ends a spin_lock(). */
		rt_wait_event(&w);
	}
}

/**
 * spin_unlock() - release @l and wake whoever sleeps on it.
 * @l: the lock, held by the caller.
 *
 * Every sleeper is woken and races for the lock again; the losers sleep
 * again. Contention in the model is short, so a thundering herd is cheaper
 * than the hand-off bookkeeping that would avoid it.
 * Ordering: release; no system call when nobody sleeps on the lock's bucket.
 */
FO_API void spin_unlock(spinlock_t *l)
{
	rt_point(RT_UNLOCK, l, "spin_unlock");
	atomic_store_explicit(&l->locked, 0, memory_order_release);
	rt_wake(l, -1);
}

static bool rt_completion_is_done(const struct rt_wait *w)
{
	struct completion *c = (struct completion *)w->var;

	return atomic_load_explicit(&c->done, memory_order_acquire) != 0;
}

/* The gate of a completion wait: done, or for a killable wait, killed. */
static bool rt_completion_gate(const struct rt_wait *w)
{
	return rt_completion_is_done(w) ||
	       (w->killable && atomic_load(&((const struct fo_task *)w->arg)->killed));
}

/**
 * init_completion() - make @c a completion not yet completed.
 * @c: the completion.
 */
void init_completion(struct completion *c)
{
	atomic_init(&c->done, 0);
}

/**
 * wait_for_completion() - sleep until @c is completed.
 * @c: the completion, e.g. a request's reply.
 * @killable: end the wait with -EINTR when the task is killed, as the
 *            kernel's wait_for_completion_killable().
 * @what: names the wait in reports.
 *
 * No system call when @c is already completed.
 * Ordering: acquire, paired with complete_all().
 * Return: 0, or -EINTR if @killable and the task was killed.
 */
int wait_for_completion(struct completion *c, bool killable, const char *what)
{
	struct rt_wait w = {
		.var = c,
		.bit = -1,
		.cond = rt_completion_is_done,
		.killable = killable,
		.what = what,
	};
	struct rt_sched *sched = rt_current()->sched;

	if (sched && sched->gate_waits) {
		/*
		 * One step, taken once @c is done or, if killable, the task is
		 * killed: it returns 0 if @c is done then, else -EINTR, as a
		 * wait that tests, sleeps and is woken would at its last test.
		 */
		struct rt_wait g = w;

		g.cond = rt_completion_gate;
		g.arg = rt_current();
		rt_gated_point(RT_WAIT, c, &g);
		return rt_completion_is_done(&w) ? 0 : -EINTR;
	}
	rt_wait_point(&w, what);
	return rt_wait_event(&w);
}

/**
 * complete_all() - complete @c for good and wake every waiter.
 * @c: the completion.
 *
 * Ordering: release (everything before it is seen by a waiter that returns);
 * no system call when nobody waits.
 */
void complete_all(struct completion *c)
{
	rt_point(RT_WRITE, c, "complete_all");
	atomic_store(&c->done, 1);
	rt_wake(c, -1);
}

/**
 * completion_done() - whether @c has been completed.
 * @c: the completion.
 *
 * Ordering: acquire, so a true answer also shows what preceded complete_all().
 * Return: true once complete_all() has run.
 */
bool completion_done(struct completion *c)
{
	rt_point(RT_READ, c, "completion_done");
	return atomic_load_explicit(&c->done, memory_order_acquire) != 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * kernel.c - the exported primitives of fuseord/sync.h (and the bit
 * operations fuseord/kernel.h adds to bitops.h) over the runtime seam: each
 * passes one scheduling point naming its object, then runs on real atomics,
 * or sleeps in the wait table (free-running) or blocks in the scheduler
 * (under the explorer).
 *
 * Ownership: the fo_lock, fo_completion, variable-wait and fo_work state,
 * and the variable-wait generation table, the one piece of global state
 * here (documented in sync.h's wake_up_var terms below).
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "fuseord/bitops.h"
#include "fuseord/sync.h"
#include "rt/rt.h"

/* ---- loads, stores, read-modify-writes, barriers ---- */

static bool size_ok(size_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static int memorder_of(enum fo_order order)
{
	switch (order) {
	case FO_ACQUIRE:
		return __ATOMIC_ACQUIRE;
	case FO_RELEASE:
		return __ATOMIC_RELEASE;
	case FO_FULL:
		return __ATOMIC_SEQ_CST;
	default:
		return __ATOMIC_RELAXED;
	}
}

/*
 * A marked access of 1..8 bytes is one atomic access of that width, so a
 * free-running READ_ONCE() never tears; a plain one is a plain copy, as the
 * C the kernel compiles to would be.
 */
static void load_bytes(const void *p, void *out, size_t size, enum fo_order order)
{
	int mo = memorder_of(order);

	if (order == FO_PLAIN) {
		memcpy(out, p, size);
		return;
	}
	switch (size) {
	case 1:
		*(uint8_t *)out = __atomic_load_n((const uint8_t *)p, mo);
		break;
	case 2:
		*(uint16_t *)out = __atomic_load_n((const uint16_t *)p, mo);
		break;
	case 4:
		*(uint32_t *)out = __atomic_load_n((const uint32_t *)p, mo);
		break;
	default:
		*(uint64_t *)out = __atomic_load_n((const uint64_t *)p, mo);
		break;
	}
}

static void store_bytes(void *p, const void *val, size_t size, enum fo_order order)
{
	int mo = memorder_of(order);

	if (order == FO_PLAIN) {
		memcpy(p, val, size);
		return;
	}
	switch (size) {
	case 1:
		__atomic_store_n((uint8_t *)p, *(const uint8_t *)val, mo);
		break;
	case 2:
		__atomic_store_n((uint16_t *)p, *(const uint16_t *)val, mo);
		break;
	case 4:
		__atomic_store_n((uint32_t *)p, *(const uint32_t *)val, mo);
		break;
	default:
		__atomic_store_n((uint64_t *)p, *(const uint64_t *)val, mo);
		break;
	}
}

/**
 * fo_load() - one load as one step (sync.h).
 * Return: 0, or -EINVAL (nothing read).
 */
FO_API int fo_load(const void *p, void *out, size_t size, enum fo_order order, const char *what)
{
	if (!p || !out || !size_ok(size) || order == FO_RELEASE || (unsigned)order > FO_FULL)
		return -EINVAL;
	rt_point(order == FO_PLAIN ? RT_READ | RT_PLAIN : RT_READ, p, what ? what : "load");
	load_bytes(p, out, size, order);
	return 0;
}

/**
 * fo_store() - one store as one step (sync.h).
 * Return: 0, or -EINVAL (nothing written).
 */
FO_API int fo_store(void *p, const void *val, size_t size, enum fo_order order, const char *what)
{
	if (!p || !val || !size_ok(size) || order == FO_ACQUIRE || (unsigned)order > FO_FULL)
		return -EINVAL;
	rt_point(order == FO_PLAIN ? RT_WRITE | RT_PLAIN : RT_WRITE, p, what ? what : "store");
	store_bytes(p, val, size, order);
	return 0;
}

static uint64_t rmw32(uint32_t *p, enum fo_rmw_op op, uint32_t a, uint32_t b, int mo)
{
	switch (op) {
	case FO_RMW_ADD:
		return __atomic_fetch_add(p, a, mo);
	case FO_RMW_XCHG:
		return __atomic_exchange_n(p, a, mo);
	case FO_RMW_OR:
		return __atomic_fetch_or(p, a, mo);
	case FO_RMW_AND:
		return __atomic_fetch_and(p, a, mo);
	default:
		__atomic_compare_exchange_n(p, &a, b, false, mo, __ATOMIC_RELAXED);
		return a;
	}
}

static uint64_t rmw64(uint64_t *p, enum fo_rmw_op op, uint64_t a, uint64_t b, int mo)
{
	switch (op) {
	case FO_RMW_ADD:
		return __atomic_fetch_add(p, a, mo);
	case FO_RMW_XCHG:
		return __atomic_exchange_n(p, a, mo);
	case FO_RMW_OR:
		return __atomic_fetch_or(p, a, mo);
	case FO_RMW_AND:
		return __atomic_fetch_and(p, a, mo);
	default:
		__atomic_compare_exchange_n(p, &a, b, false, mo, __ATOMIC_RELAXED);
		return a;
	}
}

/**
 * fo_rmw() - one atomic read-modify-write as one step (sync.h).
 *
 * A failed compare-and-exchange is a step that writes in the explorer's
 * eyes too (it conflicts with every access to *p): sound, and exact for the
 * programs whose counts are published (tests/test_classic.c).
 * Return: 0, or -EINVAL (nothing changed).
 */
FO_API int fo_rmw(void *p, size_t size, enum fo_rmw_op op, uint64_t a, uint64_t b,
		  enum fo_order order, uint64_t *old, const char *what)
{
	uint64_t v;

	if (!p || (size != 4 && size != 8) || (unsigned)op > FO_RMW_AND ||
	    (order != FO_ONCE && order != FO_FULL))
		return -EINVAL;
	rt_point(RT_RMW, p, what ? what : "rmw");
	if (size == 4)
		v = rmw32(p, op, (uint32_t)a, (uint32_t)b, memorder_of(order));
	else
		v = rmw64(p, op, a, b, memorder_of(order));
	if (old)
		*old = v;
	return 0;
}

/**
 * fo_fence() - a barrier (sync.h). A step with no object under the
 * explorer: it commutes with everything, so it costs no execution.
 * Return: 0, or -EINVAL.
 */
FO_API int fo_fence(enum fo_fence_kind kind)
{
	static const char *const names[] = {
		[FO_FENCE_MB] = "smp_mb()",
		[FO_FENCE_RMB] = "smp_rmb()",
		[FO_FENCE_WMB] = "smp_wmb()",
		[FO_FENCE_BEFORE_ATOMIC] = "smp_mb__before_atomic()",
		[FO_FENCE_AFTER_ATOMIC] = "smp_mb__after_atomic()",
	};

	if ((unsigned)kind > FO_FENCE_AFTER_ATOMIC)
		return -EINVAL;
	rt_point(RT_EVENT, NULL, names[kind]);
	if (kind == FO_FENCE_RMB)
		atomic_thread_fence(memory_order_acquire);
	else if (kind == FO_FENCE_WMB)
		atomic_thread_fence(memory_order_release);
	else
		atomic_thread_fence(memory_order_seq_cst);
	return 0;
}

/** fo_yield() - a scheduling point that touches nothing (sync.h). */
FO_API void fo_yield(void)
{
	if (rt_current()->sched)
		rt_point(RT_EVENT, NULL, "fo_yield()");
	else
		sched_yield();
}

/* ---- gated steps ---- */

int rt_hold(const struct rt_acc *a)
{
	struct fo_task *t = rt_current();

	if (!t->sched)
		return 0;
	if (t->nheld >= RT_MAX_HELD)
		return -ENOSPC;
	t->held[t->nheld++] = *a;
	return 0;
}

void rt_unhold(void)
{
	rt_current()->nheld = 0;
}

void rt_ensure(const struct rt_acc *need, int n, const char *what)
{
	struct fo_task *t = rt_current();

	if (!t->sched)
		return;
	for (int i = 0; i < n; i++) {
		if (!t->sched->ops->covers(t->sched, &need[i])) {
			rt_point_n(0, need, n, what);
			return;
		}
	}
}

/* A killable wait's step also reads whether its task was killed. */
static int wait_accesses(struct fo_task *t, int kind, const void *obj, const struct rt_wait *w,
			 struct rt_acc *acc)
{
	int n = 0;

	acc[n++] = (struct rt_acc){ .obj = obj, .kind = (uint8_t)kind,
				    .order = (uint8_t)rt_default_order(kind) };
	if (w->killable)
		acc[n++] = (struct rt_acc){ .obj = &t->killed, .kind = RT_READ,
					    .order = RT_MO_ACQUIRE };
	return n;
}

void rt_wait_point(const struct rt_wait *w, const char *what)
{
	struct fo_task *t = rt_current();
	struct rt_acc acc[2];

	if (t->sched)
		rt_point_n(0, acc, wait_accesses(t, RT_WAIT, w->var, w, acc), what);
}

int rt_gated_point(int access, const void *obj, const struct rt_wait *w)
{
	struct fo_task *t = rt_current();
	struct rt_acc acc[2];
	int n;

	if (!t->sched)
		return rt_wait_event(w);
	n = wait_accesses(t, access, obj, w, acc);
	t->gate = w;
	rt_point_n(RT_GATED, acc, n, w->what);
	t->gate = NULL;
	/* a killable gate also opens for a kill: say which one opened it */
	return w->cond(w) ? 0 : -EINTR;
}

/* ---- locks ---- */

static bool lock_is_free(const struct rt_wait *w)
{
	return __atomic_load_n(&((const fo_lock *)w->var)->locked, __ATOMIC_ACQUIRE) == 0;
}

static bool lock_try(fo_lock *l)
{
	int unlocked = 0;

	return __atomic_compare_exchange_n(&l->locked, &unlocked, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/**
 * rt_lock_holder() - the task holding the fo_lock a wait is for, if the wait
 * is fo_lock_acquire()'s (for deadlock reports). NULL otherwise.
 */
const struct fo_task *rt_lock_holder(const struct rt_wait *w)
{
	if (!w || w->cond != lock_is_free)
		return NULL;
	return ((const fo_lock *)w->var)->owner;
}

/** fo_lock_init() - an unlocked lock (sync.h). Return: 0 or -EINVAL. */
FO_API int fo_lock_init(fo_lock *l, const char *name)
{
	if (!l)
		return -EINVAL;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELAXED);
	l->owner = NULL;
	l->name = name ? name : "lock";
	return 0;
}

/**
 * fo_lock_acquire() - take @l (sync.h).
 *
 * Under the explorer the lock step is gated: the task is not enabled while
 * @l is held, and when it is chosen the lock is free, so the step takes it.
 * Free-running: spin a little, then sleep on the wait table.
 * Ordering: acquire, by the compare-and-swap.
 * Return: 0, or -EINVAL.
 */
FO_API int fo_lock_acquire(fo_lock *l)
{
	struct fo_task *t = rt_current();
	struct rt_wait w = { .bit = -1, .cond = lock_is_free };

	if (!l)
		return -EINVAL;
	w.var = l;
	w.what = l->name;
	if (t->sched) {
		rt_gated_point(RT_LOCK, l, &w);
		/* only this task runs until its next point: the lock is free */
		(void)lock_try(l);
		l->owner = t;
		return 0;
	}
	for (;;) {
		for (int i = 0; i < 64; i++) {
			if (lock_try(l)) {
				l->owner = t;
				return 0;
			}
			sched_yield();
		}
		rt_wait_event(&w);
	}
}

/** fo_lock_try() - take @l if free (sync.h). Return: 1, 0 or -EINVAL. */
FO_API int fo_lock_try(fo_lock *l)
{
	if (!l)
		return -EINVAL;
	rt_point(RT_RMW, l, l->name);
	if (!lock_try(l))
		return 0;
	l->owner = rt_current();
	return 1;
}

/** fo_lock_release() - release @l (sync.h). Return: 0, -EINVAL or -EPERM. */
FO_API int fo_lock_release(fo_lock *l)
{
	struct fo_task *t = rt_current();

	if (!l)
		return -EINVAL;
	if (!__atomic_load_n(&l->locked, __ATOMIC_RELAXED) || l->owner != t)
		return -EPERM;
	rt_point(RT_UNLOCK, l, l->name);
	l->owner = NULL;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	rt_wake(l, -1);
	return 0;
}

/* ---- completions ---- */

#define COMPLETE_ALL (~0u)

static bool completion_ready(const struct rt_wait *w)
{
	return __atomic_load_n(&((const fo_completion *)w->var)->done, __ATOMIC_ACQUIRE) != 0;
}

/* The gate of a completion wait: completed, or killed if killable. */
static bool completion_gate(const struct rt_wait *w)
{
	return completion_ready(w) ||
	       (w->killable && atomic_load(&((struct fo_task *)w->arg)->killed));
}

/** fo_completion_init() - a completion not yet completed (sync.h). */
FO_API int fo_completion_init(fo_completion *c, const char *name)
{
	if (!c)
		return -EINVAL;
	__atomic_store_n(&c->done, 0, __ATOMIC_RELAXED);
	c->name = name ? name : "completion";
	return 0;
}

/** fo_complete() - complete @c once or for good (sync.h). */
FO_API int fo_complete(fo_completion *c, bool all)
{
	if (!c)
		return -EINVAL;
	rt_point(RT_WRITE, c, all ? "complete_all" : "complete");
	if (all) {
		__atomic_store_n(&c->done, COMPLETE_ALL, __ATOMIC_SEQ_CST);
	} else {
		unsigned d = __atomic_load_n(&c->done, __ATOMIC_RELAXED);

		while (d != COMPLETE_ALL &&
		       !__atomic_compare_exchange_n(&c->done, &d, d + 1, false, __ATOMIC_SEQ_CST,
						    __ATOMIC_RELAXED))
			;
	}
	rt_wake(c, -1);
	return 0;
}

/**
 * fo_completion_wait() - wait for and consume one completion (sync.h).
 *
 * The step is a read-modify-write of @c: which of two waiters consumes a
 * single complete() is an order the explorer must try both ways.
 */
FO_API int fo_completion_wait(fo_completion *c, bool killable)
{
	struct rt_wait w = { .bit = -1, .cond = completion_ready, .killable = killable };

	if (!c)
		return -EINVAL;
	w.var = c;
	w.what = c->name;
	if (rt_current()->sched) {
		/*
		 * Gated: the wait is one step, taken once there is something to
		 * consume; only this task runs until its next point.
		 */
		struct rt_wait g = w;

		g.cond = completion_gate;
		g.arg = rt_current();
		if (rt_gated_point(RT_RMW, c, &g) || !completion_ready(&w))
			return -EINTR;
		if (__atomic_load_n(&c->done, __ATOMIC_RELAXED) != COMPLETE_ALL)
			__atomic_fetch_sub(&c->done, 1, __ATOMIC_ACQUIRE);
		return 0;
	}
	for (;;) {
		int ret = rt_wait_event(&w);
		unsigned d;

		if (ret)
			return ret;
		d = __atomic_load_n(&c->done, __ATOMIC_ACQUIRE);
		if (d == COMPLETE_ALL)
			return 0;
		/* free-running, another waiter may have taken it: wait again */
		while (d && !__atomic_compare_exchange_n(&c->done, &d, d - 1, false,
							 __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
			if (d == COMPLETE_ALL)
				return 0;
		if (d)
			return 0;
	}
}

/* ---- wait_var_event() / wake_up_var() ---- */

/*
 * A generation count per hashed address, bumped by every wake_up_var(): a
 * sleeper compares it with the ticket it took before testing its
 * condition, so a wake-up between the test and the sleep is never lost.
 * Unrelated addresses sharing a slot only cost spurious re-tests. Global
 * and static, as the wait table it sits beside (wait_table.c).
 */
#define VAR_GEN_BITS 8
static unsigned var_gen[1u << VAR_GEN_BITS];

/* Waits on a variable are addressed to (var, VAR_BIT): never a real bit. */
#define VAR_BIT (-2L)

static unsigned *var_slot(const void *var)
{
	uint64_t key = (uint64_t)(uintptr_t)var * UINT64_C(0x9e3779b97f4a7c15);

	return &var_gen[key >> (64 - VAR_GEN_BITS)];
}

struct var_wait {
	unsigned *slot;
	unsigned ticket;
};

static bool var_woken(const struct rt_wait *w)
{
	const struct var_wait *vw = w->arg;

	return __atomic_load_n(vw->slot, __ATOMIC_ACQUIRE) != vw->ticket;
}

/** fo_wait_var_prepare() - take a ticket for @var (sync.h). */
FO_API int fo_wait_var_prepare(const void *var, unsigned *ticket)
{
	if (!var || !ticket)
		return -EINVAL;
	rt_point(RT_WAIT, var, "wait_var_event");
	*ticket = __atomic_load_n(var_slot(var), __ATOMIC_SEQ_CST);
	return 0;
}

/** fo_wait_var_sleep() - sleep until a wake-up newer than @ticket (sync.h). */
FO_API int fo_wait_var_sleep(const void *var, unsigned ticket, const char *what)
{
	struct var_wait vw = { .ticket = ticket };
	struct rt_wait w = { .bit = VAR_BIT, .cond = var_woken, .arg = &vw };

	if (!var)
		return -EINVAL;
	vw.slot = var_slot(var);
	w.var = var;
	w.what = what ? what : "wait_var_event";
	return rt_wait_event(&w);
}

/** fo_wake_up_var() - wake the wait_var_event()s on @var (sync.h). */
FO_API int fo_wake_up_var(const void *var)
{
	if (!var)
		return -EINVAL;
	rt_point(RT_WAKE, var, "wake_up_var");
	__atomic_fetch_add(var_slot(var), 1, __ATOMIC_SEQ_CST);
	rt_wake(var, VAR_BIT);
	return 0;
}

/* ---- work items ---- */

#define WORK_BUSY 0

static void work_run(void *arg)
{
	struct fo_work *w = arg;

	w->func(w);
	fo_clear_bit_unlock(WORK_BUSY, &w->state);
	fo_wake_up_bit(&w->state, WORK_BUSY);
}

static void *work_thread(void *arg)
{
	work_run(arg);
	return NULL;
}

/** fo_work_init() - an idle work item (sync.h). */
FO_API int fo_work_init(struct fo_work *w, fo_work_fn fn)
{
	if (!w || !fn)
		return -EINVAL;
	w->func = fn;
	__atomic_store_n(&w->state, 0, __ATOMIC_RELAXED);
	return 0;
}

/** fo_queue_work() - run @w on a worker of its own (sync.h). */
FO_API int fo_queue_work(struct fo_work *w)
{
	pthread_attr_t a;
	pthread_t th;
	int err;

	if (!w || !w->func)
		return -EINVAL;
	if (fo_test_and_set_bit(WORK_BUSY, &w->state))
		return 0;
	if (rt_current()->sched) {
		err = rt_spawn("work", work_run, w);
		err = err < 0 ? err : 0;
	} else {
		pthread_attr_init(&a);
		pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
		err = -pthread_create(&th, &a, work_thread, w);
		pthread_attr_destroy(&a);
	}
	if (err) {
		fo_clear_bit_unlock(WORK_BUSY, &w->state);
		fo_wake_up_bit(&w->state, WORK_BUSY);
		return err;
	}
	return 1;
}

/** fo_flush_work() - wait until @w is idle (sync.h). */
FO_API int fo_flush_work(struct fo_work *w)
{
	if (!w)
		return -EINVAL;
	if (!fo_test_bit_acquire(WORK_BUSY, &w->state))
		return 0;
	fo_wait_on_bit(&w->state, WORK_BUSY, FO_TASK_UNINTERRUPTIBLE);
	return 1;
}

/* ---- the bit operations kernel.h adds ---- */

/** fo_test_bit_acquire() - read bit @nr with acquire ordering (bitops.h). */
FO_API bool fo_test_bit_acquire(long nr, const unsigned long *addr)
{
	if (!addr || nr < 0)
		return false;
	rt_point(RT_READ, rt_bit_word(nr, addr), "test_bit_acquire");
	return (__atomic_load_n(rt_bit_word(nr, addr), __ATOMIC_ACQUIRE) & rt_bit_mask(nr)) != 0;
}

/** fo_test_and_set_bit_lock() - set bit @nr, acquire ordering (bitops.h). */
FO_API bool fo_test_and_set_bit_lock(long nr, unsigned long *addr)
{
	if (!addr || nr < 0)
		return false;
	rt_point(RT_RMW, rt_bit_word(nr, addr), "test_and_set_bit_lock");
	return (__atomic_fetch_or(rt_bit_word(nr, addr), rt_bit_mask(nr), __ATOMIC_ACQUIRE) &
		rt_bit_mask(nr)) != 0;
}

/** fo_wait_on_bit_lock() - wait for bit @nr clear, then set it (bitops.h). */
FO_API int fo_wait_on_bit_lock(unsigned long *word, long nr, unsigned mode)
{
	if (!word || nr < 0 || (mode != FO_TASK_UNINTERRUPTIBLE && mode != FO_TASK_KILLABLE))
		return -EINVAL;
	for (;;) {
		int ret;

		if (!fo_test_and_set_bit_lock(nr, word))
			return 0;
		ret = fo_wait_on_bit(word, nr, mode);
		if (ret)
			return ret;
	}
}

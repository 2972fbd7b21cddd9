/* SPDX-License-Identifier: MIT */
/*
 * wait_table.c - the free-running backend's wait and wake: a hashed table of
 * futex buckets, as the kernel's bit_wait_table (kernel/sched/wait_bit.c).
 *
 * The table is the library's one piece of global mutable state besides the
 * thread-local `current` (task.c). It is static and needs no initialisation:
 * an all-zero bucket is an idle one. A wait is addressed to (var, bit) and
 * sleeps on the bucket that pair hashes to; unrelated waits that share a
 * bucket only cost each other spurious wake-ups, because every sleeper
 * re-tests its own condition before it returns.
 *
 * Each bucket has a futex word, seq, bumped by every wake-up so that a
 * FUTEX_WAIT armed with an older value fails at once, and a count of the
 * tasks inside a wait on it, so that a wake-up nobody waits for makes no
 * system call (the kernel's waitqueue_active() check in wake_up_bit()).
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt/rt.h"
#include "rt/task_self.h"

#define RT_WAIT_TABLE_BITS 8
#define RT_WAIT_TABLE_SIZE (1u << RT_WAIT_TABLE_BITS)
#define RT_CACHE_LINE 64

/* One line each: a wake on one bucket must not bounce its neighbours' lines. */
struct rt_bucket {
	_Alignas(RT_CACHE_LINE) atomic_uint seq; /* the futex word */
	atomic_uint waiters;                     /* tasks between entry and exit of a wait here */
};

static struct rt_bucket rt_wait_table[RT_WAIT_TABLE_SIZE];

/*
 * Fibonacci hashing of the address mixed with the bit, as hash_long() does
 * for bit_waitqueue(): neighbouring words and neighbouring bits of one word
 * (the model keeps several flags in one state word) land far apart.
 */
static struct rt_bucket *rt_bucket_of(const void *var, long bit)
{
	uint64_t key = (uint64_t)(uintptr_t)var ^ ((uint64_t)bit * UINT64_C(0xff51afd7ed558ccd));

	key *= UINT64_C(0x9e3779b97f4a7c15);
	return &rt_wait_table[key >> (64 - RT_WAIT_TABLE_BITS)];
}

/* Every futex call goes through here so that fo_task_futex_calls() sees it. */
static long rt_futex(atomic_uint *uaddr, int op, unsigned int val)
{
	rt_task_self()->futex_calls++;
	return syscall(SYS_futex, (uint32_t *)uaddr, op, val, NULL, NULL, 0);
}

static void rt_bucket_wake_all(struct rt_bucket *b)
{
	/*
	 * Bump before the wake: a sleeper that read seq before the bump but
	 * has not yet entered the kernel fails its FUTEX_WAIT with EAGAIN
	 * instead of sleeping through a wake that already happened.
	 */
	atomic_fetch_add(&b->seq, 1);
	rt_futex(&b->seq, FUTEX_WAKE_PRIVATE, INT_MAX);
}

/*
 * How no wake-up is lost. The waiter does
 *	waiters++; fence; if (cond) return;  sleep
 * and the waker does
 *	make cond true; fence; if (waiters == 0) return;  seq++; FUTEX_WAKE
 * This is store buffering (Dekker): with a seq_cst fence between each side's
 * store and its load, both loads cannot miss both stores. So either the
 * waiter sees its condition and does not sleep, or the waker sees the waiter
 * and bumps seq. The bump is then caught either way: a waiter that read seq
 * after it also sees the condition (the fence before the bump releases it,
 * the seq load acquires it); one that read seq before it has armed its
 * FUTEX_WAIT with the old value, which the kernel compares under the bucket
 * lock that FUTEX_WAKE takes, so it either fails with EAGAIN or is woken.
 * wait_bucket and killed form the same pair with fo_task_kill() (below).
 */

/**
 * rt_wait_event_free() - sleep on the wait table until @w's condition holds.
 * @t: the task that waits; its sleeping and wait_bucket are published here.
 * @w: the wait.
 *
 * The condition is tested again after every wake-up, of whatever origin:
 * a wake for another (var, bit) of the bucket, a kill, a signal.
 * Ordering: acquire through w->cond, which must load with acquire.
 * Return: 0 once the condition holds; -EINTR if @w is killable and @t has
 * been killed (a condition found true first wins, as in the kernel).
 */
int rt_wait_event_free(struct fo_task *t, const struct rt_wait *w)
{
	struct rt_bucket *b = rt_bucket_of(w->var, w->bit);
	int ret;

	atomic_fetch_add(&b->waiters, 1);
	atomic_store(&t->wait_bucket, b);
	atomic_store(&t->sleeping, 1);
	atomic_thread_fence(memory_order_seq_cst);
	for (;;) {
		unsigned int seq = atomic_load(&b->seq);

		if (w->cond(w)) {
			ret = 0;
			break;
		}
		if (w->killable && atomic_load(&t->killed)) {
			ret = -EINTR;
			break;
		}
		/*
		 * EAGAIN (seq moved), EINTR (a signal) and a plain wake-up
		 * all mean the same here: test again.
		 */
		rt_futex(&b->seq, FUTEX_WAIT_PRIVATE, seq);
	}
	atomic_store(&t->sleeping, 0);
	atomic_store(&t->wait_bucket, NULL);
	atomic_fetch_sub(&b->waiters, 1);
	return ret;
}

/**
 * rt_wake_free() - wake every task sleeping on the bucket of (@var, @bit).
 * @var: the object the waits are addressed to.
 * @bit: the bit of @var, or -1.
 *
 * Ordering: a full barrier first, so the caller's condition change, even a
 * relaxed clear_bit(), is ordered before the look for waiters; no system call
 * when the bucket has none.
 */
void rt_wake_free(const void *var, long bit)
{
	struct rt_bucket *b = rt_bucket_of(var, bit);

	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&b->waiters, memory_order_relaxed) == 0)
		return;
	rt_bucket_wake_all(b);
}

/**
 * rt_wait_event() - sleep until w->cond(w) holds (rt.h).
 * @w: the wait.
 *
 * The condition is tested before anything else, so a wait that need not
 * sleep touches no shared line of the table and makes no system call; the
 * deterministic scheduler never hears of it either, because nothing blocked.
 * Return: 0, or -EINTR if @w is killable and the task was killed.
 */
int rt_wait_event(const struct rt_wait *w)
{
	struct fo_task *t;

	if (likely(w->cond(w)))
		return 0;
	t = rt_current();
	if (t->sched)
		return t->sched->ops->block(t->sched, w);
	return rt_wait_event_free(t, w);
}

/**
 * rt_wake() - wake every task sleeping on (@var, @bit) (rt.h).
 * @var: the object the waits are addressed to.
 * @bit: the bit of @var, or -1.
 *
 * Ordering: full barrier before the look for waiters (rt_wake_free()).
 */
void rt_wake(const void *var, long bit)
{
	struct fo_task *t = rt_current();

	if (unlikely(t->sched)) {
		t->sched->ops->wake(t->sched, var, bit);
		return;
	}
	rt_wake_free(var, bit);
}

/**
 * fo_task_kill() - deliver the model's fatal signal to @task (task.h).
 * @task: a task whose thread is still alive.
 *
 * The victim's wait loop and this function form a store-buffering pair: it
 * publishes wait_bucket, fences, then reads killed; we store killed, fence,
 * then read wait_bucket. Both fences are seq_cst, so at least one side sees
 * the other's store: either the victim sees the kill before it sleeps, or we
 * see its bucket and kick it awake (the bumped futex word also makes a
 * FUTEX_WAIT that has not yet entered the kernel return at once). A stale
 * bucket, left by a victim that has moved on, only costs a spurious wake-up
 * for whoever sleeps there now. A victim run by the deterministic scheduler
 * never sleeps on the table: its scheduler ends the wait instead.
 *
 * Return: 0, or -EINVAL if @task is NULL.
 */
FO_API int fo_task_kill(fo_task *task)
{
	struct rt_bucket *b;

	if (!task)
		return -EINVAL;
	/* the kill is a step of the killer, and may end the victim's wait */
	rt_point(RT_WRITE, &task->killed, "kill");
	atomic_store(&task->killed, 1);
	if (task->sched) {
		task->sched->ops->kill(task->sched, task);
		return 0;
	}
	atomic_thread_fence(memory_order_seq_cst);
	b = atomic_load(&task->wait_bucket);
	if (b)
		rt_bucket_wake_all(b);
	return 0;
}

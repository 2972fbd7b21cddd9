/* SPDX-License-Identifier: MIT */
/*
 * task.c - the free-running backend's tasks: `current`, the thread's own
 * task, and the model's fatal signal (fo_task_kill()).
 *
 * Every thread gets its task on first use, zero-initialised in thread-local
 * storage, so a task costs no allocation and cannot leak; it lives exactly as
 * long as its pthread, which is what task.h promises. rt_current_task is the
 * kernel's `current`: normally the thread's own task, and the model thread
 * being resumed while the deterministic scheduler is in charge.
 */
#include <stdatomic.h>
#include <stddef.h>

#include "fuseord/task.h"
#include "rt/rt.h"
#include "rt/wait_table.h"

_Thread_local struct fo_task *rt_current_task;

/* Zero is the right initial state: not killed, not asleep, no scheduler. */
static _Thread_local struct fo_task rt_self_task;

/**
 * rt_task_self_init() - make the calling thread's own task `current`.
 *
 * Called by rt_current() on a thread's first primitive; no system call and no
 * allocation, so the first fast-path wait is as cheap as the later ones.
 * Return: the thread's own task.
 */
struct fo_task *rt_task_self_init(void)
{
	rt_current_task = &rt_self_task;
	return &rt_self_task;
}

/**
 * rt_task_self() - the calling thread's own task (see wait_table.h).
 * Return: never NULL.
 */
struct fo_task *rt_task_self(void)
{
	return &rt_self_task;
}

/**
 * rt_task_abandoned() - `current` names a model thread whose coroutine is
 * gone (see rt_current()): tell the scheduler, then fall back to the
 * thread's own task.
 * Return: the thread's own task.
 */
struct fo_task *rt_task_abandoned(struct fo_task *t)
{
	struct rt_sched *s = t->sched;

	rt_current_task = &rt_self_task;
	if (s && s->ops->abandoned)
		s->ops->abandoned(s, t);
	return &rt_self_task;
}

int rt_spawn(const char *name, void (*fn)(void *arg), void *arg)
{
	struct fo_task *t = rt_current();

	if (!t->sched || !t->sched->ops->spawn)
		return -EINVAL;
	return t->sched->ops->spawn(t->sched, name, fn, arg);
}

/**
 * fo_task_current() - the calling thread's task (task.h).
 * Return: the task `current` points at; never NULL.
 */
FO_API fo_task *fo_task_current(void)
{
	return rt_current();
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
		rt_bucket_kick(b);
	return 0;
}

/**
 * fo_task_killed() - whether @task has been killed (task.h).
 * @task: the task to look at.
 *
 * Acquire, so a caller that sees the kill also sees what the killer did
 * before it, as a waiter returning -EINTR does.
 * Return: 1 or 0, or -EINVAL if @task is NULL.
 */
FO_API int fo_task_killed(const fo_task *task)
{
	if (!task)
		return -EINVAL;
	/* a step: a kill before it and one after it are two outcomes */
	rt_point(RT_READ, &task->killed, "fatal_signal_pending()");
	/* C11 atomic_load() takes no const pointer; the load writes nothing. */
	return atomic_load_explicit((atomic_int *)&task->killed, memory_order_acquire) != 0;
}

/**
 * fo_task_sleeping() - whether @task is inside a wait right now (task.h).
 * @task: the task to look at.
 *
 * Set from just before the wait's first futex call until it returns, so a
 * test that sees 1 knows the task has registered as a waiter: a wake-up or a
 * kill issued from then on cannot be lost.
 * Return: 1 or 0, or -EINVAL if @task is NULL.
 */
FO_API int fo_task_sleeping(const fo_task *task)
{
	if (!task)
		return -EINVAL;
	return atomic_load_explicit((atomic_int *)&task->sleeping, memory_order_acquire) != 0;
}

/**
 * fo_task_futex_calls() - futex system calls made by the calling thread.
 *
 * Read from the thread's own task, not from `current`: a thread resuming
 * model threads under the deterministic scheduler still makes its own calls.
 * Return: the count since the thread started.
 */
FO_API unsigned long fo_task_futex_calls(void)
{
	return rt_self_task.futex_calls;
}

/* SPDX-License-Identifier: MIT */
/*
 * task_util.h - how the runtime tests wait for another thread without
 * sleeping for a guessed time: they poll a state the library publishes
 * (a thread's task, fo_task_sleeping()) and yield the CPU in between.
 *
 * A test that polls this way never fails because the machine is slow; if the
 * awaited state never comes, the test hangs and CTest's timeout fails it.
 */
#ifndef FUSEORD_TESTS_TASK_UTIL_H
#define FUSEORD_TESTS_TASK_UTIL_H

#include <sched.h>
#include <stdatomic.h>

#include "fuseord/task.h"

/* Called first by a test thread: lets the main thread name its task. */
static inline void publish_task(_Atomic(fo_task *) *slot)
{
	atomic_store(slot, fo_task_current());
}

static inline fo_task *await_task(_Atomic(fo_task *) *slot)
{
	fo_task *t;

	while (!(t = atomic_load(slot)))
		sched_yield();
	return t;
}

/*
 * Returns once @t is inside a wait. From then on it is registered with its
 * bucket, so a wake-up or kill issued by the caller cannot be lost.
 */
static inline void await_sleeping(const fo_task *t)
{
	while (fo_task_sleeping(t) != 1)
		sched_yield();
}

static inline void await_flag(atomic_int *flag)
{
	while (!atomic_load(flag))
		sched_yield();
}

#endif /* FUSEORD_TESTS_TASK_UTIL_H */

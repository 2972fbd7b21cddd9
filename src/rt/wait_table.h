/* SPDX-License-Identifier: MIT */
/*
 * wait_table.h - what the free-running backend's files share with each other.
 *
 * Not part of the runtime seam: the model never includes it. task.c owns the
 * thread's own task and the kill, wait_table.c owns the buckets and the futex
 * calls; a kill must wake the bucket its victim sleeps on and every futex
 * call is charged to the thread that makes it, so each needs one thing from
 * the other. The names go into the fo_ space like rt.h's, because a static
 * libfuseord cannot hide them from the program it is linked into.
 */
#ifndef FUSEORD_RT_WAIT_TABLE_H
#define FUSEORD_RT_WAIT_TABLE_H

#include "rt/rt.h"

#define rt_task_self fo_rt_task_self
#define rt_bucket_kick fo_rt_bucket_kick

/*
 * rt_task_self() - the calling thread's own task, whatever it is running as.
 * Differs from rt_current() only under the deterministic scheduler, which
 * points `current` at the model thread it resumes; futex calls are charged
 * here because they are made by this thread, not by the model thread.
 */
struct fo_task *rt_task_self(void);

/*
 * rt_bucket_kick() - wake everyone asleep on bucket @b, whatever they wait for.
 * For fo_task_kill(): the victim re-tests its condition and its kill. Full
 * barrier semantics: a store before the call is seen by every woken sleeper.
 */
void rt_bucket_kick(struct rt_bucket *b);

#endif /* FUSEORD_RT_WAIT_TABLE_H */

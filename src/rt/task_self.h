/* SPDX-License-Identifier: MIT */
/*
 * task_self.h - what task.c gives the rest of the free-running backend
 * beyond rt.h: the thread's own task, which wait_table.c charges its futex
 * calls to.
 *
 * Not part of the runtime seam: the model never includes it. The arrow runs
 * one way, wait_table.c -> task.c: the kill, which must wake the bucket its
 * victim sleeps on, lives in wait_table.c. The name goes into the fo_ space
 * like rt.h's, because a static libfuseord cannot hide it from the program
 * it is linked into.
 */
#ifndef FUSEORD_RT_TASK_SELF_H
#define FUSEORD_RT_TASK_SELF_H

#include "rt/rt.h"

#define rt_task_self fo_rt_task_self

/*
 * rt_task_self() - the calling thread's own task, whatever it is running as.
 * Differs from rt_current() only under the deterministic scheduler, which
 * points `current` at the model thread it resumes; futex calls are charged
 * here because they are made by this thread, not by the model thread.
 */
struct fo_task *rt_task_self(void);

#endif /* FUSEORD_RT_TASK_SELF_H */

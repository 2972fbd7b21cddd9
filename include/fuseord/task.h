/* SPDX-License-Identifier: MIT */
/**
 * @file task.h
 * @brief Tasks: the model's notion of a thread, and the kill operation.
 *
 * Every thread that calls into libfuseord has a task, created on first use.
 * A task is what a killable wait belongs to: fo_task_kill() is the model's
 * fatal signal. It is not a POSIX signal; it only ends killable waits
 * (fo_wait_on_bit() with FO_TASK_KILLABLE), which then return -EINTR.
 */
#ifndef FUSEORD_TASK_H
#define FUSEORD_TASK_H

#include <stdbool.h>

#include "fuseord/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief A model thread (opaque). Lives as long as its pthread. */
typedef struct fo_task fo_task;

/**
 * @brief The calling thread's task.
 * @return never NULL; valid until the calling thread exits.
 */
FO_API fo_task *fo_task_current(void);

/**
 * @brief Deliver the model's fatal signal to @p task.
 *
 * The task's current and future killable waits return -EINTR; uninterruptible
 * waits are not affected. Killing is sticky, as a pending SIGKILL is.
 * Ordering: everything before the kill happens-before the -EINTR return.
 * @param task a task that is still alive.
 * @return 0, or -EINVAL if @p task is NULL.
 */
FO_API int fo_task_kill(fo_task *task);

/**
 * @brief Whether @p task has been killed.
 * @param task the task to look at.
 * @return 1 if killed, 0 if not, -EINVAL if @p task is NULL.
 */
FO_API int fo_task_killed(const fo_task *task);

/**
 * @brief Whether @p task is asleep in a wait right now (a racy snapshot).
 *
 * Meant for tests that must observe "the thread is blocked" before acting,
 * without sleeping for a guessed amount of time.
 * @param task the task to look at.
 * @return 1 if asleep in a wait, 0 if not, -EINVAL if @p task is NULL.
 */
FO_API int fo_task_sleeping(const fo_task *task);

/**
 * @brief Number of futex system calls the calling thread has made so far.
 *
 * Counts every FUTEX_WAIT and FUTEX_WAKE the library issued on behalf of the
 * calling thread, so a test can show that a fast path makes none.
 * @return the count since the calling thread started.
 */
FO_API unsigned long fo_task_futex_calls(void);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_TASK_H */

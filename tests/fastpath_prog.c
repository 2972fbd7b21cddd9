/* SPDX-License-Identifier: MIT */
/*
 * fastpath_prog.c - the program strace_fastpath.sh runs under strace, to
 * check from outside the process that the fast paths make no futex call.
 *
 * The measured part runs in the main thread between two marker system calls,
 * write(-1, "fuseord-begin") and write(-1, "fuseord-end"), which fail with
 * EBADF and do nothing else; the script counts the futex calls the main
 * thread makes between them, so whatever the C library or a sanitizer does
 * at start-up, at exit or in threads of its own does not count.
 *
 *   fastpath_prog fast   only fast paths: the count must be 0
 *   fastpath_prog slow   WAKES wake-ups with a thread asleep on the bit: the
 *                        count must be at least WAKES (the check can fail)
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuseord/bitops.h"
#include "fuseord/task.h"
#include "rt/rt.h"

#define FAST_OPS 100000
#define WAKES 1000

static void marker(const char *name)
{
	/* The result is the point: EBADF, nothing written. */
	if (write(-1, name, strlen(name)) != -1)
		_exit(3);
}

static int run_fast(void)
{
	unsigned long words[8] = { 0 };
	spinlock_t lock = SPIN_LOCK_UNLOCKED;
	struct completion c;
	unsigned long calls;
	int bad = 0;

	/* First use outside the window: the task is set up here. */
	fo_task_current();
	marker("fuseord-begin");
	for (int i = 0; i < FAST_OPS; i++) {
		unsigned long *w = &words[i % 8];
		long nr = i % 64;

		bad |= fo_wait_on_bit(w, nr, i % 2 ? FO_TASK_KILLABLE : FO_TASK_UNINTERRUPTIBLE);
		fo_set_bit(nr, w);
		fo_wake_up_bit(w, nr);
		fo_clear_bit(nr, w);
		spin_lock(&lock);
		spin_unlock(&lock);
		init_completion(&c);
		complete_all(&c);
		bad |= wait_for_completion(&c, false, "fast path");
	}
	marker("fuseord-end");
	calls = fo_task_futex_calls();
	printf("fast: %d iterations, fo_task_futex_calls() = %lu\n", FAST_OPS, calls);
	return bad || calls ? 1 : 0;
}

static unsigned long slow_word = 1;
static _Atomic(fo_task *) slow_task;

static void *sleep_on_bit(void *arg)
{
	atomic_store(&slow_task, fo_task_current());
	return (void *)(intptr_t)fo_wait_on_bit(&slow_word, 0, FO_TASK_UNINTERRUPTIBLE);
}

static int run_slow(void)
{
	pthread_t thread;
	fo_task *t;
	void *ret;

	if (pthread_create(&thread, NULL, sleep_on_bit, NULL))
		return 2;
	while (!(t = atomic_load(&slow_task)))
		sched_yield();
	while (fo_task_sleeping(t) != 1)
		sched_yield();
	/*
	 * The bit stays set, so the sleeper goes back to sleep after each
	 * wake-up and stays registered: every one of them is a FUTEX_WAKE.
	 */
	marker("fuseord-begin");
	for (int i = 0; i < WAKES; i++)
		fo_wake_up_bit(&slow_word, 0);
	marker("fuseord-end");
	fo_clear_bit_unlock(0, &slow_word);
	fo_wake_up_bit(&slow_word, 0);
	if (pthread_join(thread, &ret) || ret)
		return 2;
	printf("slow: %d wake-ups, fo_task_futex_calls() = %lu\n", WAKES, fo_task_futex_calls());
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "fast"))
		return run_fast();
	if (argc == 2 && !strcmp(argv[1], "slow"))
		return run_slow();
	fprintf(stderr, "usage: %s fast|slow\n", argv[0]);
	return 2;
}

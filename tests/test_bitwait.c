/* SPDX-License-Identifier: MIT */
/*
 * test_bitwait.c - fo_wait_on_bit() and fo_wake_up_bit() between threads,
 * the kill (fo_task_kill()) as killable and uninterruptible waits see it,
 * and the promise that the fast paths make no system call.
 *
 * Every hand-off waits for the other thread through task_util.h, never for
 * a guessed time. The futex counts come from fo_task_futex_calls(); the
 * strace test (strace_fastpath.sh) checks the same promise from outside.
 */
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fuseord/bitops.h"
#include "fuseord/task.h"
#include "rt/rt.h"
#include "task_util.h"

#define LONG_BITS ((long)(sizeof(unsigned long) * CHAR_BIT))

/* A thread that makes one fo_wait_on_bit() and reports how it ended. */
struct bit_waiter {
	pthread_t thread;
	unsigned long *word;
	long nr;
	unsigned mode;
	_Atomic(fo_task *) task;
	atomic_int returned;
	int ret;
	int payload;      /* written by the waker before it clears the bit */
	int payload_seen; /* read by the waiter after its wait returned */
};

static void *bit_waiter_run(void *arg)
{
	struct bit_waiter *bw = arg;

	publish_task(&bw->task);
	bw->ret = fo_wait_on_bit(bw->word, bw->nr, bw->mode);
	/* Plain read: only the wait's acquire orders it after the waker's write. */
	bw->payload_seen = bw->payload;
	atomic_store(&bw->returned, 1);
	return NULL;
}

/* Starts a waiter and returns once it sleeps in its wait. */
static fo_task *start_sleeping_waiter(struct bit_waiter *bw, unsigned long *word, long nr,
				      unsigned mode)
{
	fo_task *t;

	*bw = (struct bit_waiter){ .word = word, .nr = nr, .mode = mode };
	assert_int_equal(pthread_create(&bw->thread, NULL, bit_waiter_run, bw), 0);
	t = await_task(&bw->task);
	await_sleeping(t);
	/* The bit is set, so nothing may have let it through. */
	assert_int_equal(atomic_load(&bw->returned), 0);
	return t;
}

static void join_waiter(struct bit_waiter *bw)
{
	assert_int_equal(pthread_join(bw->thread, NULL), 0);
	assert_int_equal(atomic_load(&bw->returned), 1);
}

static void test_wait_on_clear_bit_returns_at_once(void **state)
{
	unsigned long w = ~(1UL << 3);
	unsigned long a[2] = { ~0UL, ~(1UL << 6) };

	assert_int_equal(fo_wait_on_bit(&w, 3, FO_TASK_UNINTERRUPTIBLE), 0);
	assert_int_equal(fo_wait_on_bit(&w, 3, FO_TASK_KILLABLE), 0);
	assert_int_equal(fo_wait_on_bit(a, LONG_BITS + 6, FO_TASK_UNINTERRUPTIBLE), 0);
	assert_int_equal(fo_wait_on_bit(a, LONG_BITS + 6, FO_TASK_KILLABLE), 0);
	/* The wait reads and writes nothing but its own task. */
	assert_int_equal(w, ~(1UL << 3));
	assert_int_equal(a[1], ~(1UL << 6));
}

/* A clear bit, so that a missing check would return 0 rather than block. */
static void test_wait_on_bit_rejects_invalid_arguments(void **state)
{
	unsigned long w = 0;

	assert_int_equal(fo_wait_on_bit(NULL, 0, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(NULL, 0, FO_TASK_KILLABLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, -1, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, LONG_MIN, FO_TASK_KILLABLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, 0, 2), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, 0, UINT_MAX), -EINVAL);
}

static void test_task_calls_reject_null(void **state)
{
	assert_int_equal(fo_task_kill(NULL), -EINVAL);
	assert_int_equal(fo_task_killed(NULL), -EINVAL);
	assert_int_equal(fo_task_sleeping(NULL), -EINVAL);
}

static void *report_task(void *arg)
{
	fo_task **out = arg;

	*out = fo_task_current();
	/* Still alive here: a fresh task is neither killed nor asleep. */
	if (fo_task_killed(*out) != 0 || fo_task_sleeping(*out) != 0)
		*out = NULL;
	return NULL;
}

static void test_each_thread_has_its_own_task(void **state)
{
	fo_task *mine = fo_task_current();
	fo_task *other = NULL;
	pthread_t thread;

	assert_non_null(mine);
	assert_ptr_equal(fo_task_current(), mine);
	assert_int_equal(fo_task_sleeping(mine), 0);
	assert_int_equal(pthread_create(&thread, NULL, report_task, &other), 0);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_non_null(other);
	assert_ptr_not_equal(other, mine);
}

/* Bit 70 of a two-word array: bit 6 of the second word. */
static void test_wait_on_bit_returns_after_clear_and_wake(void **state)
{
	unsigned long a[2] = { 0, 1UL << 6 };
	struct bit_waiter bw;

	start_sleeping_waiter(&bw, a, LONG_BITS + 6, FO_TASK_UNINTERRUPTIBLE);
	bw.payload = 42;
	fo_clear_bit_unlock(LONG_BITS + 6, a);
	fo_wake_up_bit(a, LONG_BITS + 6);
	join_waiter(&bw);
	assert_int_equal(bw.ret, 0);
	assert_int_equal(bw.payload_seen, 42);
	assert_int_equal(a[1], 0UL);
}

/* (a, 70) and (a + 1, 6) are the same bit, so they are the same wait. */
static void test_wake_through_containing_word_reaches_array_bit_wait(void **state)
{
	unsigned long a[2] = { 0, 1UL << 6 };
	struct bit_waiter bw;

	start_sleeping_waiter(&bw, a, LONG_BITS + 6, FO_TASK_KILLABLE);
	fo_clear_bit_unlock(6, a + 1);
	fo_wake_up_bit(a + 1, 6);
	join_waiter(&bw);
	assert_int_equal(bw.ret, 0);
}

#define MANY_WAITERS 4

static void test_one_wake_up_wakes_every_waiter(void **state)
{
	unsigned long w = 1UL << 11;
	struct bit_waiter bw[MANY_WAITERS];

	for (int i = 0; i < MANY_WAITERS; i++)
		start_sleeping_waiter(&bw[i], &w, 11,
				      i % 2 ? FO_TASK_KILLABLE : FO_TASK_UNINTERRUPTIBLE);
	for (int i = 0; i < MANY_WAITERS; i++)
		bw[i].payload = 100 + i;
	fo_clear_bit_unlock(11, &w);
	fo_wake_up_bit(&w, 11);
	for (int i = 0; i < MANY_WAITERS; i++) {
		join_waiter(&bw[i]);
		assert_int_equal(bw[i].ret, 0);
		assert_int_equal(bw[i].payload_seen, 100 + i);
	}
}

static void test_killable_wait_returns_eintr_when_killed(void **state)
{
	unsigned long w = 1UL << 4;
	struct bit_waiter bw;
	fo_task *t;

	t = start_sleeping_waiter(&bw, &w, 4, FO_TASK_KILLABLE);
	assert_int_equal(fo_task_killed(t), 0);
	assert_int_equal(fo_task_kill(t), 0);
	assert_int_equal(fo_task_killed(t), 1);
	join_waiter(&bw);
	assert_int_equal(bw.ret, -EINTR);
	/* The kill ended the wait, not the bit. */
	assert_true(fo_test_bit(4, &w));
}

static void test_uninterruptible_wait_ignores_kill(void **state)
{
	unsigned long w = 1UL << 4;
	struct bit_waiter bw;
	fo_task *t;

	t = start_sleeping_waiter(&bw, &w, 4, FO_TASK_UNINTERRUPTIBLE);
	assert_int_equal(fo_task_kill(t), 0);
	assert_int_equal(fo_task_killed(t), 1);
	/* Still asleep: the kill's wake-up found the bit set and went back. */
	assert_int_equal(fo_task_sleeping(t), 1);
	fo_clear_bit_unlock(4, &w);
	fo_wake_up_bit(&w, 4);
	join_waiter(&bw);
	assert_int_equal(bw.ret, 0);
}

/*
 * The same, made exact through the internal rt_wait_event(): the condition
 * records when it is evaluated by a task that is already killed, so the main
 * thread knows the waiter has seen the kill and gone on. A wait that wrongly
 * honoured the kill would return -EINTR right after that evaluation, before
 * the bit is cleared.
 */
struct kill_probe {
	unsigned long word;
	atomic_int evaluated_after_kill;
	atomic_int returned;
	_Atomic(fo_task *) task;
	bool killable;
	int ret;
};

static bool probe_bit_clear(const struct rt_wait *w)
{
	struct kill_probe *p = (struct kill_probe *)w->arg;

	if (fo_task_killed(fo_task_current()) == 1)
		atomic_store(&p->evaluated_after_kill, 1);
	return (__atomic_load_n(&p->word, __ATOMIC_ACQUIRE) & 1UL) == 0;
}

static void *probe_wait(void *arg)
{
	struct kill_probe *p = arg;
	struct rt_wait w = {
		.var = &p->word,
		.bit = 0,
		.cond = probe_bit_clear,
		.arg = p,
		.killable = p->killable,
		.what = "kill probe",
	};

	publish_task(&p->task);
	p->ret = rt_wait_event(&w);
	atomic_store(&p->returned, 1);
	return NULL;
}

static int run_kill_probe(bool killable)
{
	struct kill_probe p = { .word = 1, .killable = killable };
	pthread_t thread;
	fo_task *t;

	assert_int_equal(pthread_create(&thread, NULL, probe_wait, &p), 0);
	t = await_task(&p.task);
	await_sleeping(t);
	assert_int_equal(fo_task_kill(t), 0);
	/*
	 * The kill wakes the waiter's bucket, so it evaluates the condition
	 * again unless it leaves first: a killable wait may see the kill
	 * right after an evaluation made before it.
	 */
	while (!atomic_load(&p.evaluated_after_kill) && !atomic_load(&p.returned))
		sched_yield();
	fo_clear_bit_unlock(0, &p.word);
	fo_wake_up_bit(&p.word, 0);
	assert_int_equal(pthread_join(thread, NULL), 0);
	return p.ret;
}

static void test_uninterruptible_wait_sleeps_again_after_kill(void **state)
{
	assert_int_equal(run_kill_probe(false), 0);
}

/* The control: the probe does tell a wait that honours the kill. */
static void test_killable_wait_ends_at_first_look_after_kill(void **state)
{
	assert_int_equal(run_kill_probe(true), -EINTR);
}

struct self_kill {
	unsigned long word;
	int ret_set_killable, ret_clear_killable, ret_clear_uninterruptible;
	unsigned long futex_calls;
};

static void *kill_self_then_wait(void *arg)
{
	struct self_kill *sk = arg;
	unsigned long before;

	fo_task_kill(fo_task_current());
	before = fo_task_futex_calls();
	sk->ret_set_killable = fo_wait_on_bit(&sk->word, 0, FO_TASK_KILLABLE);
	sk->ret_clear_killable = fo_wait_on_bit(&sk->word, 1, FO_TASK_KILLABLE);
	sk->ret_clear_uninterruptible = fo_wait_on_bit(&sk->word, 1, FO_TASK_UNINTERRUPTIBLE);
	sk->futex_calls = fo_task_futex_calls() - before;
	return NULL;
}

/* Killing is sticky, like a pending SIGKILL; a clear bit still wins. */
static void test_killed_task_fails_later_killable_wait_at_once(void **state)
{
	struct self_kill sk = { .word = 1UL << 0 };
	pthread_t thread;

	assert_int_equal(pthread_create(&thread, NULL, kill_self_then_wait, &sk), 0);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(sk.ret_set_killable, -EINTR);
	assert_int_equal(sk.ret_clear_killable, 0);
	assert_int_equal(sk.ret_clear_uninterruptible, 0);
	assert_int_equal(sk.futex_calls, 0UL);
}

struct killed_early {
	unsigned long word;
	_Atomic(fo_task *) task;
	atomic_int go;
	int ret;
};

static void *wait_after_go(void *arg)
{
	struct killed_early *ke = arg;

	publish_task(&ke->task);
	await_flag(&ke->go);
	ke->ret = fo_wait_on_bit(&ke->word, 0, FO_TASK_KILLABLE);
	return NULL;
}

static void test_task_killed_before_it_waits_fails_killable_wait(void **state)
{
	struct killed_early ke = { .word = 1UL };
	pthread_t thread;

	assert_int_equal(pthread_create(&thread, NULL, wait_after_go, &ke), 0);
	assert_int_equal(fo_task_kill(await_task(&ke.task)), 0);
	atomic_store(&ke.go, 1);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(ke.ret, -EINTR);
}

#define FAST_PATH_OPS 100000
#define FAST_PATH_WORDS 64

/*
 * Many (word, bit) pairs, so the loop visits every bucket of the table: a
 * waiter count left behind by an earlier test would show up as a futex call.
 */
static void test_fast_paths_make_no_futex_calls(void **state)
{
	unsigned long words[FAST_PATH_WORDS] = { 0 };
	unsigned long before = fo_task_futex_calls();

	for (int i = 0; i < FAST_PATH_OPS; i++) {
		unsigned long *w = &words[i % FAST_PATH_WORDS];
		long nr = (i / FAST_PATH_WORDS) % LONG_BITS;

		assert_int_equal(fo_wait_on_bit(w, nr,
						i % 2 ? FO_TASK_KILLABLE : FO_TASK_UNINTERRUPTIBLE),
				 0);
	}
	for (int i = 0; i < FAST_PATH_OPS; i++) {
		unsigned long *w = &words[i % FAST_PATH_WORDS];
		long nr = (i / FAST_PATH_WORDS) % LONG_BITS;

		/* A wake-up finds no waiter whether the bit is set or not. */
		if (i % 3 == 0)
			fo_set_bit(nr, w);
		fo_wake_up_bit(w, nr);
		fo_clear_bit(nr, w);
	}
	assert_int_equal(fo_task_futex_calls() - before, 0UL);
}

/* The counter the fast-path test relies on does count a real wake-up. */
static void test_wake_up_with_sleeper_makes_one_futex_call(void **state)
{
	unsigned long w = 1UL << 9;
	struct bit_waiter bw;
	unsigned long before;

	start_sleeping_waiter(&bw, &w, 9, FO_TASK_UNINTERRUPTIBLE);
	before = fo_task_futex_calls();
	fo_clear_bit_unlock(9, &w);
	fo_wake_up_bit(&w, 9);
	assert_int_equal(fo_task_futex_calls() - before, 1UL);
	join_waiter(&bw);
	assert_int_equal(bw.ret, 0);

	/* The waiter left the bucket: the next wake-up is free again. */
	before = fo_task_futex_calls();
	fo_wake_up_bit(&w, 9);
	assert_int_equal(fo_task_futex_calls() - before, 0UL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wait_on_clear_bit_returns_at_once),
		cmocka_unit_test(test_wait_on_bit_rejects_invalid_arguments),
		cmocka_unit_test(test_task_calls_reject_null),
		cmocka_unit_test(test_each_thread_has_its_own_task),
		cmocka_unit_test(test_wait_on_bit_returns_after_clear_and_wake),
		cmocka_unit_test(test_wake_through_containing_word_reaches_array_bit_wait),
		cmocka_unit_test(test_one_wake_up_wakes_every_waiter),
		cmocka_unit_test(test_killable_wait_returns_eintr_when_killed),
		cmocka_unit_test(test_uninterruptible_wait_ignores_kill),
		cmocka_unit_test(test_uninterruptible_wait_sleeps_again_after_kill),
		cmocka_unit_test(test_killable_wait_ends_at_first_look_after_kill),
		cmocka_unit_test(test_killed_task_fails_later_killable_wait_at_once),
		cmocka_unit_test(test_task_killed_before_it_waits_fails_killable_wait),
		cmocka_unit_test(test_fast_paths_make_no_futex_calls),
		cmocka_unit_test(test_wake_up_with_sleeper_makes_one_futex_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

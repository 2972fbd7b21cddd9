/* SPDX-License-Identifier: MIT */
/*
 * test_spinlock.c - the runtime's spinlock_t and struct completion (rt.h),
 * which the model takes for fc->lock, fi->lock and a request's reply.
 *
 * Internal primitives, so the test includes rt/rt.h; under the kernel names
 * they link as fo_rt_*. Waits for another thread go through task_util.h.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fuseord/task.h"
#include "rt/rt.h"
#include "task_util.h"

#define LOCK_THREADS 8
#define LOCK_ROUNDS 20000

static spinlock_t counter_lock = SPIN_LOCK_UNLOCKED;
static unsigned long counter; /* plain: the lock is its only protection */
static atomic_int inside;     /* threads between spin_lock() and spin_unlock() */
static atomic_int overlaps;

static void *lock_and_count(void *arg)
{
	unsigned long c;

	for (int r = 0; r < LOCK_ROUNDS; r++) {
		spin_lock(&counter_lock);
		if (atomic_fetch_add(&inside, 1) != 0)
			atomic_fetch_add(&overlaps, 1);
		/* A read and a write apart, so an overlap loses an increment. */
		c = counter;
		if (r % 64 == 0)
			sched_yield();
		counter = c + 1;
		atomic_fetch_sub(&inside, 1);
		spin_unlock(&counter_lock);
	}
	return NULL;
}

/*
 * More threads than cores and a yield inside the section: the lock is held
 * across preemption, so waiters must sleep and be woken, not only spin.
 */
static void test_spin_lock_excludes_under_contention(void **state)
{
	pthread_t threads[LOCK_THREADS];

	for (int i = 0; i < LOCK_THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, lock_and_count, NULL), 0);
	for (int i = 0; i < LOCK_THREADS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	assert_int_equal(atomic_load(&overlaps), 0);
	assert_int_equal(counter, (unsigned long)LOCK_THREADS * LOCK_ROUNDS);
	assert_int_equal(atomic_load(&counter_lock.locked), 0);
}

struct locker {
	spinlock_t *lock;
	_Atomic(fo_task *) task;
	atomic_int acquired;
};

static void *take_lock(void *arg)
{
	struct locker *lk = arg;

	publish_task(&lk->task);
	spin_lock(lk->lock);
	atomic_store(&lk->acquired, 1);
	spin_unlock(lk->lock);
	return NULL;
}

/* A waiter that gave up spinning and sleeps is woken by the unlock. */
static void test_spin_unlock_wakes_sleeping_locker(void **state)
{
	spinlock_t lock;
	struct locker lk = { .lock = &lock };
	pthread_t thread;
	unsigned long before;

	spin_lock_init(&lock);
	spin_lock(&lock);
	assert_int_equal(pthread_create(&thread, NULL, take_lock, &lk), 0);
	await_sleeping(await_task(&lk.task));
	assert_int_equal(atomic_load(&lk.acquired), 0);
	before = fo_task_futex_calls();
	spin_unlock(&lock);
	/* It sleeps on the lock's bucket, so the unlock must make the call. */
	assert_int_equal(fo_task_futex_calls() - before, 1UL);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(atomic_load(&lk.acquired), 1);
}

#define FAST_PATH_OPS 100000

static void test_uncontended_lock_and_done_completion_make_no_futex_calls(void **state)
{
	spinlock_t lock;
	struct completion c;
	unsigned long before = fo_task_futex_calls();

	spin_lock_init(&lock);
	for (int i = 0; i < FAST_PATH_OPS; i++) {
		spin_lock(&lock);
		spin_unlock(&lock);
	}
	for (int i = 0; i < FAST_PATH_OPS; i++) {
		init_completion(&c);
		assert_false(completion_done(&c));
		complete_all(&c);
		assert_int_equal(wait_for_completion(&c, i % 2, "fast path"), 0);
		assert_true(completion_done(&c));
	}
	assert_int_equal(fo_task_futex_calls() - before, 0UL);
}

static void test_completion_done_follows_complete_all(void **state)
{
	struct completion c;

	init_completion(&c);
	assert_false(completion_done(&c));
	complete_all(&c);
	assert_true(completion_done(&c));
	/* complete_all() is for good: completing again changes nothing. */
	complete_all(&c);
	assert_true(completion_done(&c));
	assert_int_equal(wait_for_completion(&c, false, "done"), 0);
}

#define COMPLETION_WAITERS 4

struct completion_waiter {
	pthread_t thread;
	struct completion *c;
	bool killable;
	_Atomic(fo_task *) task;
	const int *reply;
	int reply_seen;
	int ret;
};

static void *await_completion(void *arg)
{
	struct completion_waiter *cw = arg;

	publish_task(&cw->task);
	cw->ret = wait_for_completion(cw->c, cw->killable, "test reply");
	/* Plain read: ordered by the wait's acquire after complete_all(). */
	cw->reply_seen = *cw->reply;
	return NULL;
}

static void test_complete_all_wakes_every_waiter(void **state)
{
	struct completion c;
	struct completion_waiter cw[COMPLETION_WAITERS];
	int reply = 0;

	init_completion(&c);
	for (int i = 0; i < COMPLETION_WAITERS; i++) {
		cw[i] = (struct completion_waiter){ .c = &c, .killable = i % 2, .reply = &reply };
		assert_int_equal(pthread_create(&cw[i].thread, NULL, await_completion, &cw[i]), 0);
	}
	for (int i = 0; i < COMPLETION_WAITERS; i++)
		await_sleeping(await_task(&cw[i].task));
	reply = 7;
	complete_all(&c);
	for (int i = 0; i < COMPLETION_WAITERS; i++) {
		assert_int_equal(pthread_join(cw[i].thread, NULL), 0);
		assert_int_equal(cw[i].ret, 0);
		assert_int_equal(cw[i].reply_seen, 7);
	}
}

static void test_killable_completion_wait_returns_eintr_when_killed(void **state)
{
	struct completion c;
	int reply = 0;
	struct completion_waiter cw = { .c = &c, .killable = true, .reply = &reply };
	fo_task *t;

	init_completion(&c);
	assert_int_equal(pthread_create(&cw.thread, NULL, await_completion, &cw), 0);
	t = await_task(&cw.task);
	await_sleeping(t);
	assert_int_equal(fo_task_kill(t), 0);
	assert_int_equal(pthread_join(cw.thread, NULL), 0);
	assert_int_equal(cw.ret, -EINTR);
	assert_false(completion_done(&c));
}

/*
 * Request and reply, EXCHANGES times: each side completes one completion and
 * waits for the other's. A lost wake-up stops both for good.
 */
#define EXCHANGES 20000

struct exchange {
	struct completion *request;
	struct completion *reply;
	int *payload;
	atomic_int bad;
};

static void *serve(void *arg)
{
	struct exchange *x = arg;

	for (int r = 0; r < EXCHANGES; r++) {
		wait_for_completion(&x->request[r], false, "request");
		if (x->payload[r] != r)
			atomic_fetch_add(&x->bad, 1);
		x->payload[r] = -r;
		complete_all(&x->reply[r]);
	}
	return NULL;
}

static void test_request_reply_exchange_loses_no_wakeup(void **state)
{
	struct exchange x = {
		.request = calloc(EXCHANGES, sizeof(struct completion)),
		.reply = calloc(EXCHANGES, sizeof(struct completion)),
		.payload = calloc(EXCHANGES, sizeof(int)),
	};
	pthread_t server;

	assert_non_null(x.request);
	assert_non_null(x.reply);
	assert_non_null(x.payload);
	for (int r = 0; r < EXCHANGES; r++) {
		init_completion(&x.request[r]);
		init_completion(&x.reply[r]);
	}
	assert_int_equal(pthread_create(&server, NULL, serve, &x), 0);
	for (int r = 0; r < EXCHANGES; r++) {
		x.payload[r] = r;
		complete_all(&x.request[r]);
		assert_int_equal(wait_for_completion(&x.reply[r], true, "reply"), 0);
		assert_int_equal(x.payload[r], -r);
	}
	assert_int_equal(pthread_join(server, NULL), 0);
	assert_int_equal(atomic_load(&x.bad), 0);
	free(x.payload);
	free(x.reply);
	free(x.request);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spin_lock_excludes_under_contention),
		cmocka_unit_test(test_spin_unlock_wakes_sleeping_locker),
		cmocka_unit_test(test_uncontended_lock_and_done_completion_make_no_futex_calls),
		cmocka_unit_test(test_completion_done_follows_complete_all),
		cmocka_unit_test(test_complete_all_wakes_every_waiter),
		cmocka_unit_test(test_killable_completion_wait_returns_eintr_when_killed),
		cmocka_unit_test(test_request_reply_exchange_loses_no_wakeup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

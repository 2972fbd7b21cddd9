/* SPDX-License-Identifier: MIT */
/*
 * test_explore.c - the deterministic scheduler and the explorer on small
 * programs written with the runtime's primitives, where the right number of
 * executions is known independently:
 *
 *   two threads of k independent steps: DFS runs C(2k, k) interleavings,
 *   DPOR one;
 *   n threads incrementing a shared counter (load; store): DPOR runs exactly
 *   the Mazurkiewicz traces, counted here by brute force over every
 *   interleaving;
 *   a preemption bound of b: exactly the interleavings with at most b
 *   preemptions, counted the same way.
 *
 *   a wake-up against a load, a store and a wait's test, and a waiter,
 *   its waker and a bystander: exactly the traces; an access held over an
 *   operation orders only the step that makes it.
 *
 * Also: lost updates, deadlocks and lost wake-ups are found; a kill ends a
 * killable wait; replays and seeded runs repeat exactly.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "explore/explore.h"

/* ---- a tiny program description: thread bodies over shared ints ---- */

#define MAXT 4

struct prog {
	int nthreads;
	void (*body)(void *arg);
	int shared[MAXT + 1];
	int result[MAXT];
	unsigned long bits;
	spinlock_t a, b;
	int k;                 /* steps per thread */
	unsigned (*judge)(struct prog *p, enum sim_outcome out);
	/* a log of the steps taken, for replay comparisons */
	char log[4096];
	size_t loglen;
	int ids[MAXT];
	struct sim *sim;
};

static int prog_setup(void *priv, struct sim *s)
{
	struct prog *p = priv;
	static const char *names[] = { "t0", "t1", "t2", "t3" };

	memset(p->shared, 0, sizeof(p->shared));
	memset(p->result, 0, sizeof(p->result));
	p->bits = 0;
	spin_lock_init(&p->a);
	spin_lock_init(&p->b);
	p->loglen = 0;
	p->sim = s;
	for (int i = 0; i < p->nthreads; i++) {
		p->ids[i] = i;
		assert_int_equal(sim_spawn(s, names[i], p->body, p), i);
	}
	return 0;
}

static void prog_on_step(void *priv, struct sim *s, const struct sim_step *st, uint64_t i)
{
	struct prog *p = priv;
	int n = snprintf(p->log + p->loglen, sizeof(p->log) - p->loglen, "%d:%s;", st->thread,
			 st->what ? st->what : "?");

	if (n > 0 && (size_t)n < sizeof(p->log) - p->loglen)
		p->loglen += (size_t)n;
}

static unsigned prog_finish(void *priv, struct sim *s, enum sim_outcome out, bool cut)
{
	struct prog *p = priv;

	if (cut)
		return 0;
	return p->judge ? p->judge(p, out) : 0;
}

static struct explore_program program(struct prog *p)
{
	return (struct explore_program){ .setup = prog_setup, .on_step = prog_on_step,
					 .finish = prog_finish, .priv = p };
}

static int self_id(struct prog *p)
{
	for (int i = 0; i < p->nthreads; i++)
		if (sim_thread_task(p->sim, i) == fo_task_current())
			return i;
	return -1;
}

static struct explore_result explore(struct prog *p, enum explore_strategy st, int bound)
{
	struct explore_program pr = program(p);
	struct explore_opts o = { .strategy = st, .preemptions = bound };
	struct explore_result r;

	assert_int_equal(explore_run(&pr, &o, &r), 0);
	assert_int_equal(r.stop, EXPLORE_COMPLETE);
	return r;
}

/* ---- independent steps ---- */

static void body_private(void *arg)
{
	struct prog *p = arg;
	int me = self_id(p);

	for (int i = 0; i < p->k; i++)
		rt_store_int(&p->shared[me], i + 1, "private");
}

static uint64_t binomial(unsigned n, unsigned k)
{
	uint64_t c = 1;

	for (unsigned i = 1; i <= k; i++)
		c = c * (n - k + i) / i;
	return c;
}

static void test_independent_steps_dfs_all_dpor_one(void **state)
{
	for (int k = 1; k <= 5; k++) {
		struct prog p = { .nthreads = 2, .body = body_private, .k = k };
		struct explore_result dfs = explore(&p, EXPLORE_DFS, -1);
		struct explore_result dpor = explore(&p, EXPLORE_DPOR, -1);

		assert_int_equal(dfs.executions, binomial(2 * (unsigned)k, (unsigned)k));
		assert_int_equal(dpor.executions, 1);
		assert_int_equal(dpor.sleep_blocked, 0);
		explore_result_free(&dfs);
		explore_result_free(&dpor);
	}
}

/* ---- the shared counter ---- */

static void body_counter(void *arg)
{
	struct prog *p = arg;
	int v = rt_load_int(&p->shared[0], "load");

	rt_store_int(&p->shared[0], v + 1, "store");
}

static unsigned judge_lost_update(struct prog *p, enum sim_outcome out)
{
	return p->shared[0] != p->nthreads ? 1u : 0u;
}

/*
 * Brute force: every interleaving of n threads of (load, store) on one
 * counter, and the number of distinct Mazurkiewicz traces among them; two
 * interleavings are the same trace iff every pair of dependent steps comes
 * in the same order (loads of different threads commute, nothing else does).
 */
struct enum_state {
	int n, len;
	int seq[2 * MAXT];
	int done[MAXT];
	uint64_t sigs[4096];
	int nsigs;
	uint64_t total;
	int bound;           /* preemptions allowed, -1 for any */
	uint64_t bounded;    /* interleavings within the bound */
};

static uint64_t signature(const struct enum_state *e)
{
	uint64_t sig = 0;
	int bit = 0;

	/* for each pair of steps (thread a step x, thread b step y), a<b, dependent */
	for (int a = 0; a < e->n; a++)
		for (int b = a + 1; b < e->n; b++)
			for (int x = 0; x < 2; x++)
				for (int y = 0; y < 2; y++) {
					int pa = -1, pb = -1, ca = 0, cb = 0;

					if (x == 0 && y == 0)
						continue; /* two loads commute */
					for (int i = 0; i < e->len; i++) {
						if (e->seq[i] == a && ca++ == x)
							pa = i;
						if (e->seq[i] == b && cb++ == y)
							pb = i;
					}
					if (pa < pb)
						sig |= 1ULL << bit;
					bit++;
				}
	return sig;
}

static int preemptions(const struct enum_state *e)
{
	int left[MAXT], pre = 0;

	for (int t = 0; t < e->n; t++)
		left[t] = 2;
	for (int i = 0; i < e->len; i++) {
		if (i > 0 && e->seq[i] != e->seq[i - 1] && left[e->seq[i - 1]] > 0)
			pre++;
		left[e->seq[i]]--;
	}
	return pre;
}

static void enumerate(struct enum_state *e)
{
	if (e->len == 2 * e->n) {
		uint64_t s = signature(e);
		bool seen = false;

		e->total++;
		if (e->bound >= 0 && preemptions(e) <= e->bound)
			e->bounded++;
		for (int i = 0; i < e->nsigs && !seen; i++)
			seen = e->sigs[i] == s;
		if (!seen)
			e->sigs[e->nsigs++] = s;
		return;
	}
	for (int t = 0; t < e->n; t++) {
		if (e->done[t] == 2)
			continue;
		e->done[t]++;
		e->seq[e->len++] = t;
		enumerate(e);
		e->len--;
		e->done[t]--;
	}
}

/*
 * A run a limit stops estimates the size of the whole search. On a tree
 * whose nodes at one depth all have as many children (four threads of one
 * step: 4! schedules under DFS) the estimate from siblings is exact,
 * wherever the run stopped; a complete run estimates nothing.
 */
static void test_a_stopped_dfs_estimates_the_whole_tree(void **state)
{
	struct prog p = { .nthreads = 4, .body = body_private, .k = 1 };
	struct explore_program pr = program(&p);
	struct explore_result r;

	(void)state;
	for (uint64_t stop = 1; stop < 24; stop += 5) {
		struct explore_opts o = { .strategy = EXPLORE_DFS, .preemptions = -1,
					  .max_executions = stop };

		assert_int_equal(explore_run(&pr, &o, &r), 0);
		assert_int_equal(r.stop, EXPLORE_STOP_EXECUTIONS);
		assert_int_equal(r.executions, stop);
		assert_true(r.estimate > 23.999 && r.estimate < 24.001);
		explore_result_free(&r);
	}
	r = explore(&p, EXPLORE_DFS, -1);
	assert_int_equal(r.executions, 24);
	assert_true(r.estimate == 0);
	explore_result_free(&r);
}

static void test_shared_counter_dpor_runs_each_trace_once(void **state)
{
	for (int n = 2; n <= 3; n++) {
		struct prog p = { .nthreads = n, .body = body_counter, .judge = judge_lost_update };
		struct enum_state e = { .n = n, .bound = -1 };
		struct explore_result dfs, dpor;

		enumerate(&e);
		dfs = explore(&p, EXPLORE_DFS, -1);
		dpor = explore(&p, EXPLORE_DPOR, -1);
		print_message("%d threads: %llu interleavings, %d traces; dpor %llu (+%llu cut)\n",
			      n, (unsigned long long)e.total, e.nsigs,
			      (unsigned long long)dpor.executions,
			      (unsigned long long)dpor.sleep_blocked);
		assert_int_equal(dfs.executions, e.total);
		assert_int_equal(dpor.executions, (uint64_t)e.nsigs);
		/* both see the lost update */
		assert_int_equal(dfs.violated, 1);
		assert_int_equal(dpor.violated, 1);
		explore_result_free(&dfs);
		explore_result_free(&dpor);
	}
}

static void test_preemption_bound_runs_exactly_the_bounded_schedules(void **state)
{
	for (int b = 0; b <= 3; b++) {
		struct prog p = { .nthreads = 3, .body = body_counter, .judge = judge_lost_update };
		struct enum_state e = { .n = 3, .bound = b };
		struct explore_result r;

		enumerate(&e);
		r = explore(&p, EXPLORE_DFS, b);
		assert_int_equal(r.executions, e.bounded);
		explore_result_free(&r);
	}
}

/* ---- deadlocks, lost wake-ups, kills ---- */

static void body_ab_ba(void *arg)
{
	struct prog *p = arg;
	int me = self_id(p);
	spinlock_t *first = me ? &p->b : &p->a, *second = me ? &p->a : &p->b;

	spin_lock(first);
	spin_lock(second);
	spin_unlock(second);
	spin_unlock(first);
}

static unsigned judge_deadlock(struct prog *p, enum sim_outcome out)
{
	if (out != SIM_DEADLOCK)
		return 0;
	/* both threads are blocked, each on the lock the other holds */
	for (int t = 0; t < 2; t++)
		assert_non_null(sim_blocked_on(p->sim, t));
	return 1;
}

static void test_lock_order_inversion_deadlocks(void **state)
{
	struct prog p = { .nthreads = 2, .body = body_ab_ba, .judge = judge_deadlock };
	struct explore_result dfs = explore(&p, EXPLORE_DFS, -1);
	struct explore_result dpor = explore(&p, EXPLORE_DPOR, -1);

	assert_int_equal(dfs.violated, 1);
	assert_int_equal(dpor.violated, 1);
	assert_true(dpor.executions < dfs.executions);
	explore_result_free(&dfs);
	explore_result_free(&dpor);
}

static bool forgets_wake;

static void body_waiter_clearer(void *arg)
{
	struct prog *p = arg;

	if (self_id(p) == 0) {
		p->result[0] = wait_on_bit(&p->bits, 3, TASK_UNINTERRUPTIBLE, "bit 3");
	} else {
		clear_bit(3, &p->bits);
		if (!forgets_wake)
			wake_up_bit(&p->bits, 3);
	}
}

static int setup_bit_set(void *priv, struct sim *s)
{
	struct prog *p = priv;
	int err = prog_setup(priv, s);

	p->bits = 1UL << 3;
	return err;
}

static unsigned judge_any_deadlock(struct prog *p, enum sim_outcome out)
{
	return out == SIM_DEADLOCK ? 1u : 0u;
}

static void test_missing_wake_up_bit_is_a_deadlock(void **state)
{
	for (int forget = 0; forget <= 1; forget++) {
		struct prog p = { .nthreads = 2, .body = body_waiter_clearer,
				  .judge = judge_any_deadlock };
		struct explore_program pr = program(&p);
		struct explore_opts o = { .strategy = EXPLORE_DFS, .preemptions = -1 };
		struct explore_result r;

		forgets_wake = forget;
		pr.setup = setup_bit_set;
		assert_int_equal(explore_run(&pr, &o, &r), 0);
		assert_int_equal(r.violated, (unsigned)forget);
		explore_result_free(&r);
	}
}

/*
 * A wake-up changes no value, only who sleeps: it commutes with a load and
 * a store of the word (one trace of three interleavings), not with a wait's
 * test of it (two traces).
 */
static bool waits_instead;

static void body_wake_and_access(void *arg)
{
	struct prog *p = arg;

	if (self_id(p) == 0) {
		wake_up_bit(&p->bits, 3);
	} else if (waits_instead) {
		p->result[1] = wait_on_bit(&p->bits, 3, TASK_UNINTERRUPTIBLE, "bit 3");
	} else {
		p->result[1] = test_bit(3, &p->bits);
		set_bit(5, &p->bits);
	}
}

static void test_a_wake_up_commutes_with_loads_and_stores_not_waits(void **state)
{
	for (int w = 0; w <= 1; w++) {
		struct prog p = { .nthreads = 2, .body = body_wake_and_access };
		struct explore_result dfs, dpor;

		waits_instead = w;
		dfs = explore(&p, EXPLORE_DFS, -1);
		dpor = explore(&p, EXPLORE_DPOR, -1);
		assert_int_equal(dfs.executions, w ? 2 : 3);
		assert_int_equal(dpor.executions, w ? 2 : 1);
		assert_int_equal(dpor.sleep_blocked, 0);
		explore_result_free(&dfs);
		explore_result_free(&dpor);
	}
}

/*
 * A waiter, its waker and a bystander: the traces are the three places of
 * the wait's test among the clear and the wake-up (before both: it sleeps
 * and is woken); the bystander's two stores add none.
 */
static void body_waiter_clearer_bystander(void *arg)
{
	struct prog *p = arg;

	if (self_id(p) == 2) {
		rt_store_int(&p->shared[2], 1, "bystander");
		rt_store_int(&p->shared[2], 2, "bystander");
	} else {
		body_waiter_clearer(arg);
	}
}

static void test_a_woken_waiter_and_a_bystander_run_exactly_the_traces(void **state)
{
	struct prog p = { .nthreads = 3, .body = body_waiter_clearer_bystander };
	struct explore_program pr = program(&p);
	struct explore_opts o = { .strategy = EXPLORE_DPOR, .preemptions = -1 };
	struct explore_result r;

	forgets_wake = false;
	pr.setup = setup_bit_set;
	assert_int_equal(explore_run(&pr, &o, &r), 0);
	assert_int_equal(r.stop, EXPLORE_COMPLETE);
	assert_int_equal(r.executions, 3);
	assert_int_equal(r.violated, 0);
	explore_result_free(&r);
}

/* The dependency relation is symmetric, and a step covers what conflicts no wider. */
static void test_the_access_conflicts_are_symmetric(void **state)
{
	for (int a = RT_READ; a < RT_EVENT; a++) {
		for (int b = RT_READ; b < RT_EVENT; b++) {
			struct sim_step x = { .thread = 0, .n = 1, .acc = { { .obj = &x, .kind = (uint8_t)a } } };
			struct sim_step y = { .thread = 1, .n = 1, .acc = { { .obj = &x, .kind = (uint8_t)b } } };

			assert_int_equal(rt_access_conflict(a, b), rt_access_conflict(b, a));
			assert_int_equal(sim_dependent(&x, &y), rt_access_conflict(a, b));
			if (rt_access_reads(a) && rt_access_reads(b))
				assert_false(rt_access_conflict(a, b));
		}
	}
	assert_false(rt_access_conflict(RT_WAKE, RT_READ));
	assert_false(rt_access_conflict(RT_WAKE, RT_WRITE));
	assert_true(rt_access_conflict(RT_WAKE, RT_WAIT));
	assert_true(rt_access_conflict(RT_WAKE, RT_RMW));
	/* a mark conflicts with a probe and nothing else, a probe with a mark */
	for (int a = RT_READ; a < RT_EVENT; a++) {
		assert_int_equal(rt_access_conflict(RT_MARK, a), a == RT_PROBE);
		assert_int_equal(rt_access_conflict(RT_PROBE, a), a == RT_MARK);
	}
}

/*
 * Marks and probes of one ghost: the traces are which marks come before
 * the probe, 2^3 of them for three markers (each mark before or after it,
 * in any order among the others); without the prober, one.
 */
static void body_marks_and_a_probe(void *arg)
{
	struct prog *p = arg;

	rt_point(self_id(p) == 3 ? RT_PROBE : RT_MARK, &p->shared[MAXT], "the ghost");
}

static void test_marks_commute_and_a_probe_orders_them(void **state)
{
	for (int n = 3; n <= 4; n++) {
		struct prog p = { .nthreads = n, .body = body_marks_and_a_probe };
		struct explore_program pr = program(&p);
		struct explore_opts o = { .strategy = EXPLORE_DPOR, .preemptions = -1 };
		struct explore_result r;

		assert_int_equal(explore_run(&pr, &o, &r), 0);
		assert_int_equal(r.stop, EXPLORE_COMPLETE);
		assert_int_equal(r.executions, n == 4 ? 8 : 1);
		assert_int_equal(r.sleep_blocked, 0);
		explore_result_free(&r);
	}
}

/*
 * An access held over an operation (rt_hold()) widens every step the
 * thread announces, for the sleep sets; the race analysis sees it only in
 * the step that makes it (rt_late()): a read of it by another thread is
 * ordered against that step alone, two traces of the four interleavings.
 */
static bool late_off;

static void body_held_then_late(void *arg)
{
	struct prog *p = arg;
	const struct rt_acc end = { .obj = &p->shared[MAXT], .kind = RT_WRITE };

	if (self_id(p) == 1) {
		rt_point(RT_READ, &p->shared[MAXT], "read the end");
		return;
	}
	assert_int_equal(rt_hold(&end), 0);
	for (int i = 1; i <= 3; i++)
		rt_store_int(&p->shared[0], i, "a step of the operation");
	if (!late_off)
		rt_late(&end, 1);
	rt_unhold();
}

static void test_a_held_access_orders_only_the_step_that_makes_it(void **state)
{
	for (int off = 0; off <= 1; off++) {
		struct prog p = { .nthreads = 2, .body = body_held_then_late };
		struct explore_result dfs, dpor;

		late_off = off;
		dfs = explore(&p, EXPLORE_DFS, -1);
		dpor = explore(&p, EXPLORE_DPOR, -1);
		assert_int_equal(dfs.executions, 4);
		/* without rt_late() no step makes it: the read commutes with all */
		assert_int_equal(dpor.executions, off ? 1 : 2);
		explore_result_free(&dfs);
		explore_result_free(&dpor);
	}
}

static void body_killer(void *arg)
{
	struct prog *p = arg;

	if (self_id(p) == 0)
		p->result[0] = wait_on_bit(&p->bits, 3, TASK_KILLABLE, "bit 3");
	else
		fo_task_kill(sim_thread_task(p->sim, 0));
}

static unsigned judge_killed(struct prog *p, enum sim_outcome out)
{
	assert_int_equal(out, SIM_FINISHED);
	assert_int_equal(p->result[0], -EINTR);
	return 1;
}

static void test_kill_ends_a_killable_wait(void **state)
{
	struct prog p = { .nthreads = 2, .body = body_killer, .judge = judge_killed };
	struct explore_program pr = program(&p);
	struct explore_opts o = { .strategy = EXPLORE_DFS, .preemptions = -1 };
	struct explore_result r;

	pr.setup = setup_bit_set;
	assert_int_equal(explore_run(&pr, &o, &r), 0);
	assert_int_equal(r.violated, 1);
	assert_true(r.executions >= 2); /* killed before and after it slept */
	explore_result_free(&r);
}

/* ---- replay and seeds ---- */

static void test_replay_is_byte_identical(void **state)
{
	struct prog p = { .nthreads = 3, .body = body_counter, .judge = judge_lost_update };
	struct explore_program pr = program(&p);
	struct explore_result r = explore(&p, EXPLORE_DPOR, -1);
	char first[4096];
	size_t len;
	unsigned v;

	assert_non_null(r.first[0].choice);
	assert_int_equal(explore_replay(&pr, &r.first[0], 0, &v, NULL), 0);
	assert_int_equal(v, 1);
	memcpy(first, p.log, p.loglen);
	len = p.loglen;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(explore_replay(&pr, &r.first[0], 0, &v, NULL), 0);
		assert_int_equal(p.loglen, len);
		assert_memory_equal(p.log, first, len);
	}
	/* a schedule that names a thread that cannot run there is refused */
	struct explore_schedule bad = { .choice = (uint8_t[]){ 7 }, .len = 1 };
	assert_int_equal(explore_replay(&pr, &bad, 0, &v, NULL), -EINVAL);
	/* so is one that stops before the run ends */
	struct explore_schedule shorter = { .choice = r.first[0].choice, .len = 2 };
	assert_int_equal(explore_replay(&pr, &shorter, 0, &v, NULL), -EINVAL);
	explore_result_free(&r);
}

static void test_seeded_random_and_pct_repeat(void **state)
{
	const enum explore_strategy st[] = { EXPLORE_RANDOM, EXPLORE_PCT };

	for (int i = 0; i < 2; i++) {
		struct prog p = { .nthreads = 3, .body = body_counter, .judge = judge_lost_update };
		struct explore_program pr = program(&p);
		struct explore_opts o = { .strategy = st[i], .runs = 200, .seed = 42,
					  .pct_depth = 2, .preemptions = -1 };
		struct explore_result a, b;

		assert_int_equal(explore_run(&pr, &o, &a), 0);
		assert_int_equal(explore_run(&pr, &o, &b), 0);
		assert_int_equal(a.executions, 200);
		assert_int_equal(a.violated, 1);
		assert_int_equal(a.steps, b.steps);
		assert_int_equal(a.first[0].len, b.first[0].len);
		assert_memory_equal(a.first[0].choice, b.first[0].choice, a.first[0].len);
		explore_result_free(&a);
		explore_result_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_independent_steps_dfs_all_dpor_one),
		cmocka_unit_test(test_a_stopped_dfs_estimates_the_whole_tree),
		cmocka_unit_test(test_shared_counter_dpor_runs_each_trace_once),
		cmocka_unit_test(test_preemption_bound_runs_exactly_the_bounded_schedules),
		cmocka_unit_test(test_lock_order_inversion_deadlocks),
		cmocka_unit_test(test_missing_wake_up_bit_is_a_deadlock),
		cmocka_unit_test(test_the_access_conflicts_are_symmetric),
		cmocka_unit_test(test_marks_commute_and_a_probe_orders_them),
		cmocka_unit_test(test_a_held_access_orders_only_the_step_that_makes_it),
		cmocka_unit_test(test_a_wake_up_commutes_with_loads_and_stores_not_waits),
		cmocka_unit_test(test_a_woken_waiter_and_a_bystander_run_exactly_the_traces),
		cmocka_unit_test(test_kill_ends_a_killable_wait),
		cmocka_unit_test(test_replay_is_byte_identical),
		cmocka_unit_test(test_seeded_random_and_pct_repeat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

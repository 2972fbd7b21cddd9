/* SPDX-License-Identifier: MIT */
/*
 * test_kernel.c - fuseord/kernel.h as a test author uses it: kernel code in
 * model threads under fo_explore(), and the same primitives free-running on
 * pthreads. Only public headers.
 *
 * Under the explorer: the lost update of `t = x; ...; x = t + 1` split by a
 * test_bit() of another word is found by default DPOR; plain accesses race
 * unless a lock orders them, and the race names both sites; an ABBA mutex
 * deadlock names each thread, the lock it waits on and its holder; the token
 * of a failure replays it; completions, variable waits, bit locks, work
 * items, atomics and kills behave as in the kernel.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fuseord/explore.h"
#include "fuseord/kernel.h"

/* ---- the lost update ---- */

struct counter {
	int x;
	unsigned long other;
	int lost; /* executions that ended with x == 1 */
	int runs;
	bool plain;
};

static void incrementer(void *arg)
{
	struct counter *c = arg;
	int t;

	if (c->plain) {
		t = fo_plain_read(c->x);
		(void)test_bit(0, &c->other);
		fo_plain_write(c->x, t + 1);
	} else {
		t = READ_ONCE(c->x);
		(void)test_bit(0, &c->other);
		WRITE_ONCE(c->x, t + 1);
	}
}

static void counter_body(void *arg)
{
	struct counter *c = arg;
	int a, b;

	c->x = 0;
	c->other = 0;
	a = fo_spawn(incrementer, c, "inc1");
	b = fo_spawn(incrementer, c, "inc2");
	fo_join(a);
	fo_join(b);
	c->runs++;
	if (READ_ONCE(c->x) == 1)
		c->lost++;
}

static void test_default_dpor_finds_the_lost_update(void **state)
{
	struct counter c = { .plain = false };
	struct fo_explore_report r;
	struct fo_explore_opts o;

	assert_int_equal(fo_explore(counter_body, &c, NULL, &r), 0);
	assert_true(r.complete);
	assert_true(c.lost > 0);
	assert_true(c.lost < c.runs);
	print_message("DPOR: %d of %llu executions lose an update (+%llu redundant)\n", c.lost,
		      (unsigned long long)r.executions, (unsigned long long)r.redundant);
	/* every interleaving: DFS finds it as well, in more executions */
	memset(&c, 0, sizeof(c));
	fo_explore_opts_init(&o);
	o.strategy = FO_STRATEGY_DFS;
	assert_int_equal(fo_explore(counter_body, &c, &o, &r), 0);
	assert_true(c.lost > 0);
	print_message("DFS: %d of %llu executions lose an update\n", c.lost,
		      (unsigned long long)r.executions);
}

static void test_plain_accesses_race_and_the_report_names_both(void **state)
{
	struct counter c = { .plain = true };
	struct fo_explore_report r, again;

	assert_int_equal(fo_explore(counter_body, &c, NULL, &r), 1);
	assert_int_equal(r.failure, FO_EXPLORE_RACE);
	assert_int_equal(r.races, 1);
	assert_int_equal(r.executions, 1); /* stopped at the first failure */
	assert_non_null(strstr(r.message, "data race"));
	assert_non_null(strstr(r.message, "c->x"));
	assert_non_null(strstr(r.message, "inc1"));
	assert_non_null(strstr(r.message, "inc2"));
	assert_memory_equal(r.token, "fx1.", 4);
	/* the token replays that execution alone, with the same verdict */
	assert_int_equal(fo_explore_replay(counter_body, &c, r.token, &again), 1);
	assert_int_equal(again.failure, FO_EXPLORE_RACE);
	assert_string_equal(again.message, r.message);
	assert_string_equal(again.token, r.token);
}

struct locked {
	spinlock_t lock;
	int x;
	int bad;
};

static void locked_inc(void *arg)
{
	struct locked *l = arg;

	spin_lock(&l->lock);
	fo_plain_write(l->x, fo_plain_read(l->x) + 1);
	spin_unlock(&l->lock);
}

static void locked_body(void *arg)
{
	struct locked *l = arg;
	int a, b;

	spin_lock_init(&l->lock);
	l->x = 0;
	a = fo_spawn(locked_inc, l, "a");
	b = fo_spawn(locked_inc, l, "b");
	fo_join(a);
	fo_join(b);
	if (fo_plain_read(l->x) != 2)
		l->bad++;
}

static void test_a_lock_orders_plain_accesses(void **state)
{
	struct locked l = { .bad = 0 };
	struct fo_explore_report r;

	assert_int_equal(fo_explore(locked_body, &l, NULL, &r), 0);
	assert_true(r.complete);
	assert_int_equal(r.races, 0);
	assert_int_equal(l.bad, 0);
	/* two critical sections: two orders, and no failed lock attempt in any */
	assert_int_equal(r.executions, 2);
}

/* Message passing: marked flag, plain data. Sequentially consistent: no race. */
struct mp {
	int data, flag, seen;
};

static void mp_writer(void *arg)
{
	struct mp *m = arg;

	fo_plain_write(m->data, 42);
	smp_store_release(&m->flag, 1);
}

static void mp_reader(void *arg)
{
	struct mp *m = arg;

	if (smp_load_acquire(&m->flag))
		m->seen = fo_plain_read(m->data);
}

static void mp_body(void *arg)
{
	struct mp *m = arg;

	int a, b;

	m->data = m->flag = m->seen = 0;
	a = fo_spawn(mp_writer, m, "writer");
	b = fo_spawn(mp_reader, m, "reader");
	fo_join(a);
	fo_join(b);
}

static void test_release_acquire_message_passing_has_no_race(void **state)
{
	struct mp m;
	struct fo_explore_report r;

	assert_int_equal(fo_explore(mp_body, &m, NULL, &r), 0);
	assert_int_equal(r.races, 0);
	assert_true(r.complete);
}

/* ---- deadlocks ---- */

struct abba {
	struct mutex a, b;
};

static void ab(void *arg)
{
	struct abba *x = arg;

	mutex_lock(&x->a);
	mutex_lock(&x->b);
	mutex_unlock(&x->b);
	mutex_unlock(&x->a);
}

static void ba(void *arg)
{
	struct abba *x = arg;

	mutex_lock(&x->b);
	mutex_lock(&x->a);
	mutex_unlock(&x->a);
	mutex_unlock(&x->b);
}

static void abba_body(void *arg)
{
	struct abba *x = arg;

	mutex_init(&x->a);
	mutex_init(&x->b);
	fo_spawn(ab, x, "ab");
	fo_spawn(ba, x, "ba");
}

static void test_abba_deadlock_names_waits_and_holders(void **state)
{
	struct abba x;
	struct fo_explore_report r, again;
	struct fo_explore_opts o;

	assert_int_equal(fo_explore(abba_body, &x, NULL, &r), 1);
	assert_int_equal(r.failure, FO_EXPLORE_DEADLOCK);
	assert_int_equal(r.deadlocks, 1);
	assert_non_null(strstr(r.message, "thread b 'ab' waits on &x->b, held by thread c 'ba'"));
	assert_non_null(strstr(r.message, "thread c 'ba' waits on &x->a, held by thread b 'ab'"));
	assert_int_equal(fo_explore_replay(abba_body, &x, r.token, &again), 1);
	assert_string_equal(again.message, r.message);
	/* explored on: the deadlocks are some of the executions */
	fo_explore_opts_init(&o);
	o.keep_going = true;
	assert_int_equal(fo_explore(abba_body, &x, &o, &r), 1);
	assert_true(r.complete);
	assert_true(r.deadlocks > 0 && r.deadlocks < r.executions);
}

static void test_a_bad_token_is_einval(void **state)
{
	struct abba x;

	assert_int_equal(fo_explore_replay(abba_body, &x, "fx2.ab", NULL), -EINVAL);
	assert_int_equal(fo_explore_replay(abba_body, &x, "fx1.z", NULL), -EINVAL);
	/* thread d does not exist at the first step */
	assert_int_equal(fo_explore_replay(abba_body, &x, "fx1.d", NULL), -EINVAL);
	assert_int_equal(fo_explore_replay(NULL, &x, "fx1.", NULL), -EINVAL);
	assert_int_equal(fo_explore_replay(abba_body, &x, NULL, NULL), -EINVAL);
	/* an empty schedule: lowest runnable thread first, and that passes */
	assert_int_equal(fo_explore_replay(abba_body, &x, "fx1.", NULL), 0);
}

/* ---- completions, variable waits, bit locks, work ---- */

struct compl
{
	struct completion c;
	int got;
	bool all;
};

static void compl_waiter(void *arg)
{
	struct compl *c = arg;

	wait_for_completion(&c->c);
	atomic_inc((atomic_t *)&c->got);
}

static void compl_body(void *arg)
{
	struct compl *c = arg;
	int a, b;

	init_completion(&c->c);
	c->got = 0;
	a = fo_spawn(compl_waiter, c, "w1");
	b = fo_spawn(compl_waiter, c, "w2");
	if (c->all) {
		complete_all(&c->c);
	} else {
		complete(&c->c);
		complete(&c->c);
	}
	fo_join(a);
	fo_join(b);
}

static void test_complete_wakes_one_complete_all_every_waiter(void **state)
{
	struct compl c = { .all = false };
	struct fo_explore_report r;
	DECLARE_COMPLETION(once);

	assert_int_equal(fo_explore(compl_body, &c, NULL, &r), 0);
	assert_int_equal(c.got, 2);
	c.all = true;
	assert_int_equal(fo_explore(compl_body, &c, NULL, &r), 0);
	assert_int_equal(c.got, 2);
	/* free-running: a completion completed once is consumed once */
	complete(&once);
	assert_int_equal(wait_for_completion_killable(&once), 0);
	assert_int_equal(once.fo.done, 0);
}

static void one_complete_body(void *arg)
{
	struct compl *c = arg;

	init_completion(&c->c);
	fo_spawn(compl_waiter, c, "w1");
	fo_spawn(compl_waiter, c, "w2");
	complete(&c->c);
}

static void test_one_complete_for_two_waiters_leaves_one_blocked(void **state)
{
	struct compl c;
	struct fo_explore_report r;

	assert_int_equal(fo_explore(one_complete_body, &c, NULL, &r), 1);
	assert_int_equal(r.failure, FO_EXPLORE_DEADLOCK);
	assert_non_null(strstr(r.message, "waits on &c->c"));
}

struct varw {
	int flag;
	unsigned long lock;
	int inside, max_inside;
	struct work_struct work;
	int worked;
};

static void var_waiter(void *arg)
{
	struct varw *v = arg;

	wait_var_event(&v->flag, READ_ONCE(v->flag) == 1);
}

static void var_waker(void *arg)
{
	struct varw *v = arg;

	WRITE_ONCE(v->flag, 1);
	wake_up_var(&v->flag);
}

static void var_body(void *arg)
{
	struct varw *v = arg;

	v->flag = 0;
	fo_join(fo_spawn(var_waiter, v, "waiter"));
	(void)var_waker;
}

static void var_body_woken(void *arg)
{
	struct varw *v = arg;
	int a, b;

	v->flag = 0;
	a = fo_spawn(var_waiter, v, "waiter");
	b = fo_spawn(var_waker, v, "waker");
	fo_join(a);
	fo_join(b);
}

static void test_wait_var_event_loses_no_wake_up(void **state)
{
	struct varw v;
	struct fo_explore_report r;

	assert_int_equal(fo_explore(var_body_woken, &v, NULL, &r), 0);
	assert_true(r.complete);
	assert_true(r.executions > 1);
	/* nobody wakes it: a deadlock naming the wait */
	assert_int_equal(fo_explore(var_body, &v, NULL, &r), 1);
	assert_non_null(strstr(r.message, "wait_var_event(&v->flag, READ_ONCE(v->flag) == 1)"));
}

static void bit_locker(void *arg)
{
	struct varw *v = arg;
	int in;

	wait_on_bit_lock(&v->lock, 3, TASK_UNINTERRUPTIBLE);
	in = READ_ONCE(v->inside) + 1;
	WRITE_ONCE(v->inside, in);
	if (in > v->max_inside)
		v->max_inside = in;
	WRITE_ONCE(v->inside, in - 1);
	clear_and_wake_up_bit(3, &v->lock);
}

static void bitlock_body(void *arg)
{
	struct varw *v = arg;
	int a, b, c;

	v->lock = 0;
	v->inside = 0;
	a = fo_spawn(bit_locker, v, "a");
	b = fo_spawn(bit_locker, v, "b");
	c = fo_spawn(bit_locker, v, "c");
	fo_join(a);
	fo_join(b);
	fo_join(c);
	assert_false(test_bit_acquire(3, &v->lock));
}

static void test_wait_on_bit_lock_excludes(void **state)
{
	struct varw v = { .max_inside = 0 };
	struct fo_explore_report r;

	assert_int_equal(fo_explore(bitlock_body, &v, NULL, &r), 0);
	assert_true(r.complete);
	assert_int_equal(v.max_inside, 1);
}

static void work_fn(struct work_struct *w)
{
	struct varw *v = container_of(w, struct varw, work);

	fo_plain_write(v->worked, fo_plain_read(v->worked) + 1);
}

static void work_body(void *arg)
{
	struct varw *v = arg;

	v->worked = 0;
	INIT_WORK(&v->work, work_fn);
	assert_true(queue_work(system_wq, &v->work));
	flush_work(&v->work);
	/* ordered after the work by the flush: no race, and it ran once */
	assert_int_equal(fo_plain_read(v->worked), 1);
	assert_false(flush_work(&v->work));
}

static void test_flush_work_waits_for_the_work(void **state)
{
	struct varw v;
	struct fo_explore_report r;

	assert_int_equal(fo_explore(work_body, &v, NULL, &r), 0);
	assert_int_equal(r.races, 0);
	/* free-running, on a pthread */
	work_body(&v);
}

/* ---- atomics, kills ---- */

struct atom {
	atomic_t a;
	atomic64_t b;
	int seen[3];
};

static void atom_thread(void *arg)
{
	struct atom *x = arg;
	int v = atomic_inc_return(&x->a);

	x->seen[v] = 1;
	atomic64_add(5, &x->b);
	(void)atomic64_cmpxchg(&x->b, 10, 100);
}

static void atom_body(void *arg)
{
	struct atom *x = arg;
	int a, b;

	atomic_set(&x->a, 0);
	atomic64_set(&x->b, 0);
	memset(x->seen, 0, sizeof(x->seen));
	a = fo_spawn(atom_thread, x, "a");
	b = fo_spawn(atom_thread, x, "b");
	fo_join(a);
	fo_join(b);
	assert_int_equal(atomic_read(&x->a), 2);
	assert_true(x->seen[1] && x->seen[2]);
	/* 5 + 5 = 10 then 100, or 5 then the cmpxchg fails and 10 */
	assert_true(atomic64_read(&x->b) == 100 || atomic64_read(&x->b) == 10);
}

static void test_atomics_are_atomic(void **state)
{
	struct atom x;
	atomic_t c = ATOMIC_INIT(5);
	long long p = 7;

	assert_int_equal(fo_explore(atom_body, &x, NULL, NULL), 0);
	assert_int_equal(atomic_fetch_add(2, &c), 5);
	assert_int_equal(atomic_cmpxchg(&c, 7, 9), 7);
	assert_int_equal(atomic_xchg(&c, 1), 9);
	assert_true(atomic_dec_and_test(&c));
	assert_int_equal(xchg(&p, 8), 7);
	assert_int_equal(cmpxchg(&p, 8, 9), 8);
	assert_int_equal(p, 9);
	smp_mb();
	smp_rmb();
	smp_wmb();
	smp_mb__before_atomic();
	smp_mb__after_atomic();
}

struct killed {
	struct completion never;
	fo_task *victim;
	int ret, pending;
};

static void killable(void *arg)
{
	struct killed *k = arg;

	WRITE_ONCE(k->victim, current);
	k->ret = wait_for_completion_killable(&k->never);
	k->pending = fatal_signal_pending(current);
}

static void kill_body(void *arg)
{
	struct killed *k = arg;
	int t;

	init_completion(&k->never);
	k->victim = NULL;
	t = fo_spawn(killable, k, "victim");
	while (!READ_ONCE(k->victim))
		fo_yield();
	fo_task_kill(k->victim);
	fo_join(t);
	assert_int_equal(k->ret, -EINTR);
	assert_true(k->pending);
}

static void test_a_kill_ends_a_killable_completion_wait(void **state)
{
	struct killed k;
	struct fo_explore_opts o;

	fo_explore_opts_init(&o);
	o.max_steps = 200; /* the body's wait loop spins while the victim has not run */
	assert_int_equal(fo_explore(kill_body, &k, &o, NULL), 0);
}

/* ---- lists ---- */

struct item {
	int v;
	struct list_head node;
};

static void test_list_helpers(void **state)
{
	LIST_HEAD(h);
	struct item a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 }, *pos, *n;
	int sum = 0;

	assert_true(list_empty(&h));
	list_add_tail(&a.node, &h);
	assert_true(list_is_singular(&h));
	list_add_tail(&b.node, &h);
	list_add(&c.node, &h);
	assert_int_equal(list_first_entry(&h, struct item, node)->v, 3);
	list_for_each_entry(pos, &h, node)
		sum = sum * 10 + pos->v;
	assert_int_equal(sum, 312);
	list_move_tail(&c.node, &h);
	sum = 0;
	list_for_each_entry_safe(pos, n, &h, node) {
		sum = sum * 10 + pos->v;
		list_del_init(&pos->node);
	}
	assert_int_equal(sum, 123);
	assert_true(list_empty(&h));
	list_add(&a.node, &h);
	list_del(&a.node);
	assert_true(list_empty(&h));
}

/* ---- free-running: real threads, futexes ---- */

#define FREE_THREADS 4
#define FREE_ROUNDS 20000

static spinlock_t free_lock = FO_LOCK_INIT("free_lock");
static DEFINE_MUTEX(free_mutex);
static atomic_t free_atomic = ATOMIC_INIT(0);
/* one counter per lock: the two locks do not exclude each other */
static long free_under_spin;
static long free_under_mutex;
static struct completion free_go;

static void *free_worker(void *arg)
{
	(void)arg;
	wait_for_completion(&free_go);
	for (int i = 0; i < FREE_ROUNDS; i++) {
		spin_lock(&free_lock);
		free_under_spin++;
		spin_unlock(&free_lock);
		mutex_lock(&free_mutex);
		free_under_mutex++;
		mutex_unlock(&free_mutex);
		atomic_inc(&free_atomic);
	}
	return NULL;
}

static void test_free_running_locks_and_atomics_exclude(void **state)
{
	pthread_t t[FREE_THREADS];

	init_completion(&free_go);
	for (int i = 0; i < FREE_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, free_worker, NULL), 0);
	complete_all(&free_go);
	for (int i = 0; i < FREE_THREADS; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(free_under_spin, (long)FREE_THREADS * FREE_ROUNDS);
	assert_int_equal(free_under_mutex, (long)FREE_THREADS * FREE_ROUNDS);
	assert_int_equal(atomic_read(&free_atomic), FREE_THREADS * FREE_ROUNDS);
	assert_true(spin_trylock(&free_lock));
	assert_false(spin_trylock(&free_lock));
	spin_unlock(&free_lock);
}

/* ---- executions longer than fixed sizes would hold ---- */

/*
 * Thread a writes x after more than 65,536 steps of its own, having
 * completed c (which b waits for) 10,000 steps before: b's write of x can
 * precede a's or follow it, and exhaustive DPOR must try both. With steps
 * counted in 16 bits, a's write would look ordered before b's through the
 * completion and one order would be missed.
 */
#define LONG_PAD_BEFORE 60000
#define LONG_PAD_AFTER 10000

struct long_run {
	int x;
	int pad[LONG_PAD_BEFORE + LONG_PAD_AFTER];
	struct completion c;
	unsigned seen; /* bit v: an execution ended with x == v */
};

static void long_writer(void *arg)
{
	struct long_run *l = arg;

	for (int i = 0; i < LONG_PAD_BEFORE; i++)
		WRITE_ONCE(l->pad[i], 1);
	complete_all(&l->c);
	for (int i = LONG_PAD_BEFORE; i < LONG_PAD_BEFORE + LONG_PAD_AFTER; i++)
		WRITE_ONCE(l->pad[i], 1);
	WRITE_ONCE(l->x, 1);
}

static void long_waiter(void *arg)
{
	struct long_run *l = arg;

	wait_for_completion(&l->c);
	WRITE_ONCE(l->x, 2);
}

static void long_body(void *arg)
{
	struct long_run *l = arg;
	int a, b;

	l->x = 0;
	init_completion(&l->c);
	a = fo_spawn(long_writer, l, "a");
	b = fo_spawn(long_waiter, l, "b");
	fo_join(a);
	fo_join(b);
	l->seen |= 1u << READ_ONCE(l->x);
}

static void test_dpor_orders_steps_past_65536_of_one_thread(void **state)
{
	static struct long_run l;
	struct fo_explore_report r;
	struct fo_explore_opts o;

	(void)state;
	fo_explore_opts_init(&o);
	o.max_steps = 2 * (LONG_PAD_BEFORE + LONG_PAD_AFTER);
	assert_int_equal(fo_explore(long_body, &l, &o, &r), 0);
	assert_true(r.complete);
	assert_int_equal(l.seen, (1u << 1) | (1u << 2)); /* both orders of the writes of x */
}

/*
 * A race whose reversal crosses more than 512 steps: a runs 600 steps on
 * its own words between its write of y and its write of x, b reads y and
 * then writes x. Every order of the two pairs of accesses shows, however
 * long the stretch between them: the same outcomes as with a short one.
 */
struct wide_race {
	int pad_len;
	int x, y;
	int pad[600];
	unsigned seen; /* bit (x * 3 + y read by b) */
	int got_y;
};

static void wide_a(void *arg)
{
	struct wide_race *w = arg;

	WRITE_ONCE(w->y, 1);
	for (int i = 0; i < w->pad_len; i++)
		WRITE_ONCE(w->pad[i], 1);
	WRITE_ONCE(w->x, 1);
}

static void wide_b(void *arg)
{
	struct wide_race *w = arg;

	w->got_y = READ_ONCE(w->y);
	WRITE_ONCE(w->x, 2);
}

static void wide_body(void *arg)
{
	struct wide_race *w = arg;
	int a, b;

	w->x = w->y = 0;
	a = fo_spawn(wide_a, w, "a");
	b = fo_spawn(wide_b, w, "b");
	fo_join(a);
	fo_join(b);
	w->seen |= 1u << (READ_ONCE(w->x) * 3 + w->got_y);
}

static void test_dpor_reverses_races_across_more_than_512_steps(void **state)
{
	static struct wide_race w;
	struct fo_explore_report shortr, longr;
	unsigned short_seen;

	(void)state;
	w.pad_len = 4;
	w.seen = 0;
	assert_int_equal(fo_explore(wide_body, &w, NULL, &shortr), 0);
	short_seen = w.seen;
	w.pad_len = 600;
	w.seen = 0;
	assert_int_equal(fo_explore(wide_body, &w, NULL, &longr), 0);
	assert_true(longr.complete);
	assert_int_equal(w.seen, short_seen);
	assert_int_equal(longr.executions, shortr.executions);
	/* b reads y before or after a writes it, and either write of x is last */
	assert_int_equal(__builtin_popcount(w.seen), 4);
}

/*
 * Threads that do nothing, joined by the body: a join is one step, taken
 * once its thread has returned, so a join that would wait and one that
 * would not are the same execution, and there is only one.
 */
static void idle_thread(void *arg)
{
	(void)arg;
}

static void joins_body(void *arg)
{
	int n = *(int *)arg, t[15];

	for (int i = 0; i < n; i++)
		t[i] = fo_spawn(idle_thread, NULL, "idle");
	for (int i = 0; i < n; i++)
		assert_int_equal(fo_join(t[i]), 0);
}

static void test_joining_empty_threads_is_one_execution(void **state)
{
	(void)state;
	for (int n = 1; n <= 10; n++) {
		struct fo_explore_report r;

		assert_int_equal(fo_explore(joins_body, &n, NULL, &r), 0);
		assert_true(r.complete);
		assert_int_equal(r.executions, 1);
		assert_int_equal(r.redundant, 0);
		assert_int_equal(r.steps, 1 + 2 * (uint64_t)n + (uint64_t)n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_dpor_finds_the_lost_update),
		cmocka_unit_test(test_dpor_orders_steps_past_65536_of_one_thread),
		cmocka_unit_test(test_dpor_reverses_races_across_more_than_512_steps),
		cmocka_unit_test(test_joining_empty_threads_is_one_execution),
		cmocka_unit_test(test_plain_accesses_race_and_the_report_names_both),
		cmocka_unit_test(test_a_lock_orders_plain_accesses),
		cmocka_unit_test(test_release_acquire_message_passing_has_no_race),
		cmocka_unit_test(test_abba_deadlock_names_waits_and_holders),
		cmocka_unit_test(test_a_bad_token_is_einval),
		cmocka_unit_test(test_complete_wakes_one_complete_all_every_waiter),
		cmocka_unit_test(test_one_complete_for_two_waiters_leaves_one_blocked),
		cmocka_unit_test(test_wait_var_event_loses_no_wake_up),
		cmocka_unit_test(test_wait_on_bit_lock_excludes),
		cmocka_unit_test(test_flush_work_waits_for_the_work),
		cmocka_unit_test(test_atomics_are_atomic),
		cmocka_unit_test(test_a_kill_ends_a_killable_completion_wait),
		cmocka_unit_test(test_list_helpers),
		cmocka_unit_test(test_free_running_locks_and_atomics_exclude),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * test_explore_body.c - the loom-style entry point: a unit test's own body,
 * with CMocka assertions inside, run by fo_explore() under every schedule.
 *
 * The body builds a v2 model (its invalidation worker becomes a model
 * thread), starts an application thread that opens inode 7 and a daemon
 * thread that replies and then invalidates the inode on the same fd, as one
 * daemon thread per fd does; the open is stale by send order, and in every
 * schedule v2 must flag it. On the pre-patch kernel the same body finds the
 * schedules where the stale open survives.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fuseord/fuseord.h"

#define INO 7

struct world {
	const char *variant;
	fo_model *m;
	int fid;
	unsigned long published; /* bit 0 set until the app has its fid */
	int open_err, io_err;
	unsigned long survivors;   /* schedules where a stale open was not flagged */
};

static void app(void *arg)
{
	struct world *w = arg;

	assert_int_equal(fo_model_open_begin(w->m, INO, FO_FMODE_READ, &w->fid), 0);
	fo_clear_bit_unlock(0, &w->published);
	fo_wake_up_bit(&w->published, 0);
	w->open_err = fo_model_open_end(w->m, w->fid);
	w->io_err = w->open_err ? w->open_err : fo_model_io(w->m, w->fid);
}

static void daemon_thread(void *arg)
{
	struct world *w = arg;

	assert_int_equal(fo_wait_on_bit(&w->published, 0, FO_TASK_UNINTERRUPTIBLE), 0);
	assert_int_equal(fo_model_reply(w->m, 0, w->fid), 0);
	assert_int_equal(fo_model_notify_inval_files(w->m, 0, INO), 0);
}

static void body(void *arg)
{
	struct world *w = arg;
	struct fo_model_opts o = { .variant = w->variant, .close_wait = true };
	int a, d;

	w->published = 1;
	assert_int_equal(fo_model_create(&o, &w->m), 0);
	assert_int_equal(fo_model_inode_add(w->m, INO), 0);
	a = fo_spawn(app, w, "app");
	d = fo_spawn(daemon_thread, w, "daemon");
	assert_true(a > 0 && d > a);
	assert_int_equal(fo_join(a), 0);
	assert_int_equal(fo_join(d), 0);
	assert_int_equal(w->open_err, 0);
	assert_int_equal(fo_model_flush_work(w->m), 0);
	if (!strcmp(w->variant, "v2")) {
		/* the reply was sent first: every schedule must end flagged */
		struct fo_file_info fi;

		assert_int_equal(fo_model_file_info(w->m, w->fid, &fi), 0);
		assert_true(fi.fail_immediately);
		assert_int_equal(fo_model_io(w->m, w->fid), -EIO);
	} else if (fo_model_io(w->m, w->fid) == 0) {
		w->survivors++;
	}
	assert_int_equal(fo_model_release(w->m, w->fid), 0);
	fo_model_destroy(w->m);
}

static void test_v2_flags_the_stale_open_in_every_schedule(void **state)
{
	struct world w = { .variant = "v2" };
	struct fo_explore_report r;

	assert_int_equal(fo_explore(body, &w, NULL, &r), 0);
	assert_true(r.complete);
	assert_int_equal(r.deadlocks, 0);
	assert_true(r.executions > 1);
	print_message("v2: %llu executions (+%llu redundant), %llu steps\n",
		      (unsigned long long)r.executions, (unsigned long long)r.redundant,
		      (unsigned long long)r.steps);
}

static void test_pre_lets_a_stale_open_survive_in_some_schedule(void **state)
{
	struct world w = { .variant = "pre" };
	struct fo_explore_report r;

	assert_int_equal(fo_explore(body, &w, NULL, &r), 0);
	assert_true(r.complete);
	assert_true(w.survivors > 0);
	assert_true(w.survivors < r.executions);
}

/* Two threads each wait for a bit only the other would clear, after waiting. */
static unsigned long bits;

static void waits_for_bit0(void *arg)
{
	fo_wait_on_bit(&bits, 0, FO_TASK_UNINTERRUPTIBLE);
	fo_clear_bit_unlock(1, &bits);
	fo_wake_up_bit(&bits, 1);
}

static void waits_for_bit1(void *arg)
{
	fo_wait_on_bit(&bits, 1, FO_TASK_UNINTERRUPTIBLE);
	fo_clear_bit_unlock(0, &bits);
	fo_wake_up_bit(&bits, 0);
}

static void deadlock_body(void *arg)
{
	bits = 3;
	fo_spawn(waits_for_bit0, NULL, "a");
	fo_spawn(waits_for_bit1, NULL, "b");
}

static void test_a_circular_wait_is_reported_as_deadlock(void **state)
{
	struct fo_explore_report r;
	struct fo_explore_opts o;

	/* stops at the first failing execution, with its token and each wait */
	assert_int_equal(fo_explore(deadlock_body, NULL, NULL, &r), 1);
	assert_int_equal(r.failure, FO_EXPLORE_DEADLOCK);
	assert_int_equal(r.deadlocks, 1);
	assert_int_equal(r.executions, 1);
	assert_true(strlen(r.deadlock_schedule) > 0);
	assert_non_null(strstr(r.message, "thread b 'a' waits on fo_wait_on_bit (bit 0 of"));
	assert_non_null(strstr(r.message, "thread c 'b' waits on fo_wait_on_bit (bit 1 of"));
	assert_int_equal(fo_explore_replay(deadlock_body, NULL, r.token, NULL), 1);
	/* explored on, every execution deadlocks */
	fo_explore_opts_init(&o);
	o.keep_going = true;
	assert_int_equal(fo_explore(deadlock_body, NULL, &o, &r), 1);
	assert_true(r.deadlocks > 0);
	assert_int_equal(r.deadlocks, r.executions);
}

static void nested(void *arg)
{
	*(int *)arg = fo_explore(nested, NULL, NULL, NULL);
}

static void test_misuse_is_einval(void **state)
{
	int inner = 0;
	struct fo_explore_opts o;

	assert_int_equal(fo_explore(NULL, NULL, NULL, NULL), -EINVAL);
	assert_int_equal(fo_spawn(nested, NULL, "x"), -EINVAL); /* not inside fo_explore() */
	assert_int_equal(fo_join(1), -EINVAL);
	fo_explore_opts_init(&o);
	o.strategy = FO_STRATEGY_PCT;
	o.pct_depth = 0;
	assert_int_equal(fo_explore(nested, &inner, &o, NULL), -EINVAL);
	assert_int_equal(fo_explore(nested, &inner, NULL, NULL), 0);
	assert_int_equal(inner, -EINVAL); /* fo_explore() inside fo_explore() */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v2_flags_the_stale_open_in_every_schedule),
		cmocka_unit_test(test_pre_lets_a_stale_open_survive_in_some_schedule),
		cmocka_unit_test(test_a_circular_wait_is_reported_as_deadlock),
		cmocka_unit_test(test_misuse_is_einval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

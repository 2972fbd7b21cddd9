/* SPDX-License-Identifier: MIT */
/*
 * kernel_test.c - a CMocka unit test written in the kernel dialect of
 * fuseord/kernel.h, explored under every schedule by fo_explore(): an
 * atomic counter never loses an increment, a READ_ONCE/WRITE_ONCE one
 * does, and exhaustive DPOR finds the schedule that shows it. Built
 * against an installed libfuseord by tests/install_consumer.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fuseord/fuseord.h>
#include <fuseord/kernel.h>

struct counters {
	atomic_t atomic;
	int plain;
	spinlock_t lock;
	int locked;
};

static struct counters c;
static int lost;

static void inc(void *arg)
{
	int t;

	(void)arg;
	atomic_inc(&c.atomic);
	/* the lost update: load, then store, a point in between */
	t = READ_ONCE(c.plain);
	WRITE_ONCE(c.plain, t + 1);
	spin_lock(&c.lock);
	t = READ_ONCE(c.locked);
	WRITE_ONCE(c.locked, t + 1);
	spin_unlock(&c.lock);
}

static void body(void *arg)
{
	int a, b;

	(void)arg;
	atomic_set(&c.atomic, 0);
	c.plain = 0;
	c.locked = 0;
	spin_lock_init(&c.lock);
	a = fo_spawn(inc, NULL, "inc1");
	b = fo_spawn(inc, NULL, "inc2");
	fo_join(a);
	fo_join(b);
	assert_int_equal(atomic_read(&c.atomic), 2);
	assert_int_equal(READ_ONCE(c.locked), 2);
	if (READ_ONCE(c.plain) != 2)
		lost++;
}

static void lost_update_found_atomic_and_locked_safe(void **state)
{
	struct fo_explore_report r;

	(void)state;
	lost = 0;
	assert_int_equal(fo_explore(body, NULL, NULL, &r), 0);
	assert_true(r.complete);
	assert_true(r.executions > 1);
	assert_true(lost > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lost_update_found_atomic_and_locked_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

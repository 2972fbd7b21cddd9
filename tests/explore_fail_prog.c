/* SPDX-License-Identifier: MIT */
/*
 * explore_fail_prog.c - a CMocka program whose test fails inside
 * fo_explore(): an assertion in a model thread longjmps out of the explorer.
 * tests/explore_fail.sh runs it under Memcheck and reads what it printed.
 *
 * `explore_fail_prog middle`: the failing test is followed by a passing one,
 * whose fo_explore() notices the longjmp; `explore_fail_prog last`: the
 * failing test is the last, and the exit notices it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fuseord/explore.h"
#include "fuseord/kernel.h"

struct shared {
	int x;
};

static void inc(void *arg)
{
	struct shared *s = arg;
	int t = READ_ONCE(s->x);

	WRITE_ONCE(s->x, t + 1);
}

static void lost_update_body(void *arg)
{
	struct shared *s = arg;
	int a, b;

	s->x = 0;
	a = fo_spawn(inc, s, "inc1");
	b = fo_spawn(inc, s, "inc2");
	fo_join(a);
	fo_join(b);
	assert_int_equal(READ_ONCE(s->x), 2); /* fails where an update is lost */
}

static void test_lost_update_fails(void **state)
{
	struct shared s;

	fo_explore(lost_update_body, &s, NULL, NULL);
}

static void empty(void *arg)
{
	(void)arg;
}

static void test_next_exploration_passes(void **state)
{
	assert_int_equal(fo_explore(empty, NULL, NULL, NULL), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest middle[] = {
		cmocka_unit_test(test_lost_update_fails),
		cmocka_unit_test(test_next_exploration_passes),
	};
	const struct CMUnitTest last[] = {
		cmocka_unit_test(test_next_exploration_passes),
		cmocka_unit_test(test_lost_update_fails),
	};

	if (argc == 2 && !strcmp(argv[1], "last"))
		return cmocka_run_group_tests(last, NULL, NULL);
	return cmocka_run_group_tests(middle, NULL, NULL);
}

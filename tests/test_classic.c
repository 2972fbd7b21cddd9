/* SPDX-License-Identifier: MIT */
/*
 * test_classic.c - exhaustive DPOR on the classic programs of the DPOR
 * literature (tests/classic.h), written with fuseord/kernel.h: it must run
 * exactly the published number of complete executions, one per Mazurkiewicz
 * trace. Fewer would be unsound; more, redundant. Executions its sleep sets
 * cut as redundant are counted apart (report.redundant) and printed, not
 * asserted: source-DPOR is not optimal, and bench/bench_classic.c prints
 * them. Every execution also passes the race check: the plain accesses of
 * filesystem are all under their locks.
 *
 * The default sizes take seconds. FUSEORD_CLASSIC_LONG=1 (the test
 * test_classic_long, label `long`) adds the bigger ones.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sanitizer.h"
#include "classic.h"

static bool long_sizes(void)
{
	const char *e = getenv("FUSEORD_CLASSIC_LONG");

	return e && *e == '1';
}

static void check_counts(const char *name, int lo, int hi, int long_hi)
{
	const struct classic_program *p = NULL;
	struct classic c;

	for (size_t i = 0; i < CLASSIC_PROGRAMS; i++)
		if (!strcmp(classic_programs[i].name, name))
			p = &classic_programs[i];
	assert_non_null(p);
	if (long_sizes())
		hi = long_hi;
	for (int n = lo; n <= hi; n++) {
		struct fo_explore_report r;

		assert_true(n >= p->min && n <= p->max);
		memset(&c, 0, sizeof(c));
		c.n = n;
		assert_int_equal(fo_explore(p->body, &c, NULL, &r), 0);
		assert_true(r.complete);
		assert_int_equal(r.deadlocks + r.races, 0);
		print_message("%s(%d): %llu executions (published %llu), %llu redundant\n", name, n,
			      (unsigned long long)r.executions, (unsigned long long)p->published(n),
			      (unsigned long long)r.redundant);
		assert_int_equal(r.executions, p->published(n));
	}
}

static void test_readers_is_2_to_the_n(void **state)
{
	check_counts("readers", 1, 8, 13);
}

static void test_lastzero_is_n_plus_3_times_2_to_the_n_minus_2(void **state)
{
	check_counts("lastzero", 2, 7, 11);
}

static void test_indexer_is_8_to_the_n_minus_11(void **state)
{
	check_counts("indexer", 12, 13, 15);
}

static void test_filesystem_is_2_to_the_n_minus_13(void **state)
{
	check_counts("filesystem", 13, 15, 15);
}

static void test_mpat_is_k_factorial_times_2_to_the_k(void **state)
{
	check_counts("mpat", 1, 4, 6);
}

/* DFS runs every interleaving: at least as many, the same verdicts. */
static void test_dfs_runs_at_least_the_traces(void **state)
{
	struct fo_explore_opts o;
	struct fo_explore_report r;
	struct classic c;

	/* DFS's logic, not memory or threads: minutes under TSan for nothing */
	if (UNDER_TSAN)
		skip();
	fo_explore_opts_init(&o);
	o.strategy = FO_STRATEGY_DFS;
	for (size_t i = 0; i < CLASSIC_PROGRAMS; i++) {
		const struct classic_program *p = &classic_programs[i];
		int n = p->min > 2 ? p->min : 2;

		if (!strcmp(p->name, "indexer") || !strcmp(p->name, "filesystem"))
			continue; /* 12 or 13 threads: too many interleavings */
		memset(&c, 0, sizeof(c));
		c.n = n;
		assert_int_equal(fo_explore(p->body, &c, &o, &r), 0);
		assert_true(r.complete);
		assert_true(r.executions >= p->published(n));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readers_is_2_to_the_n),
		cmocka_unit_test(test_lastzero_is_n_plus_3_times_2_to_the_n_minus_2),
		cmocka_unit_test(test_indexer_is_8_to_the_n_minus_11),
		cmocka_unit_test(test_filesystem_is_2_to_the_n_minus_13),
		cmocka_unit_test(test_mpat_is_k_factorial_times_2_to_the_k),
		cmocka_unit_test(test_dfs_runs_at_least_the_traces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

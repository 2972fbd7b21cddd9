/* SPDX-License-Identifier: MIT */
/*
 * test_dfs_dpor_agree.c - two explorers, one verdict. For every shipped
 * scenario of the review (0a, 0b, concerns 1-5) under pre and v2, DPOR (every schedule up to reordering
 * independent steps) and plain DFS (every schedule, no reduction) must find
 * the same oracles violated. Unbounded DFS cannot finish on these scenarios
 * (around 10^20 interleavings), so it runs with a preemption bound of 2,
 * and of 3 where 2 finds less; every violation DFS finds must be one DPOR
 * finds too, at any bound, or DPOR pruned a schedule it must not.
 *
 * The other shipped scenarios, under pre, v2 and fixed, get the one-way
 * check at a bound of 3: merged-notification under v2 once showed an
 * inval-window that only a 3-preemption schedule reaches and DPOR missed (an
 * open's return was not ordered against the flagging of its file).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuseord/fuseord.h"
#include "scenario_helpers.h"

static unsigned verdict(fo_scenario *sc, const char *variant, enum fo_strategy s, int bound,
			uint64_t *executions)
{
	struct fo_check_opts o;
	struct fo_check_stats st;
	fo_verdict *v;
	char err[512];
	unsigned got;

	fo_check_opts_init(&o);
	o.variant = variant;
	o.strategy = s;
	o.preemptions = bound;
	if (fo_check(sc, &o, &v, err, sizeof(err)))
		fail_msg("%s", err);
	got = fo_verdict_violated(v);
	assert_int_equal(fo_verdict_stats(v, &st), 0);
	/* ran to its end; a bounded run proves only its bound (st.proof) */
	assert_int_equal(st.limit, FO_LIMIT_NONE);
	assert_int_equal(st.proof, bound >= 0 ? FO_PROOF_BOUND : FO_PROOF_ALL);
	assert_int_equal(st.cut, 0);
	*executions = st.executions;
	fo_verdict_free(v);
	return got;
}

/* The review's own cases: 0a, 0b and concerns 1-5. */
static bool is_review_case(const char *name)
{
	return name[0] == '0' || !strncmp(name, "concern", 7);
}

/*
 * Load every .fos of scenarios/ that is (@review) or is not a review case and
 * call @check on it; returns how many (scenario, variant) pairs it checked.
 */
static int for_each_scenario(bool review, int (*check)(const char *name, fo_scenario *sc))
{
	static char paths[64][PATH_MAX];
	int n = list_scenarios(FUSEORD_SCENARIO_DIR, paths, 64), pairs = 0;

	for (int i = 0; i < n; i++) {
		const char *name = strrchr(paths[i], '/') + 1;
		char err[512];
		fo_scenario *sc;

		if (is_review_case(name) != review)
			continue;
		if (fo_scenario_load(paths[i], &sc, err, sizeof(err)))
			fail_msg("%s", err);
		pairs += check(name, sc);
		fo_scenario_free(sc);
	}
	return pairs;
}

/* DPOR and DFS bounded to 2 preemptions (3 where 2 finds less) agree. */
static int agree_pre_v2(const char *name, fo_scenario *sc)
{
	static const char *const variants[] = { "pre", "v2" };

	for (int j = 0; j < 2; j++) {
		uint64_t ed, ex;
		unsigned dpor = verdict(sc, variants[j], FO_STRATEGY_DPOR, -1, &ed);
		unsigned dfs = 0;
		int bound;

		for (bound = 2; bound <= 3; bound++) {
			dfs = verdict(sc, variants[j], FO_STRATEGY_DFS, bound, &ex);
			/* what DFS finds, DPOR must have found */
			assert_int_equal(dfs & ~dpor, 0);
			if (dfs == dpor)
				break;
		}
		print_message("%-36s %-3s dpor 0x%02x (%llu runs)  dfs<=%d 0x%02x (%llu runs)\n",
			      name, variants[j], dpor, (unsigned long long)ed, bound > 3 ? 3 : bound,
			      dfs, (unsigned long long)ex);
		assert_int_equal(dfs, dpor);
	}
	return 2;
}

static void test_dfs_and_dpor_agree_on_every_shipped_scenario(void **state)
{
	assert_true(for_each_scenario(true, agree_pre_v2) >= 14);
}

/* What DFS with at most 3 preemptions finds, DPOR finds, under every variant. */
static int dpor_covers_bounded_dfs(const char *name, fo_scenario *sc)
{
	static const char *const variants[] = { "pre", "v2", "fixed" };

	for (int j = 0; j < 3; j++) {
		uint64_t ed, ex;
		unsigned dpor = verdict(sc, variants[j], FO_STRATEGY_DPOR, -1, &ed);
		unsigned dfs = verdict(sc, variants[j], FO_STRATEGY_DFS, 3, &ex);

		print_message("%-36s %-5s dpor 0x%02x (%llu runs)  dfs<=3 0x%02x (%llu runs)\n", name,
			      variants[j], dpor, (unsigned long long)ed, dfs, (unsigned long long)ex);
		assert_int_equal(dfs & ~dpor, 0);
	}
	return 3;
}

static void test_dpor_finds_what_bounded_dfs_finds_on_the_other_scenarios(void **state)
{
	assert_true(for_each_scenario(false, dpor_covers_bounded_dfs) >= 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dfs_and_dpor_agree_on_every_shipped_scenario),
		cmocka_unit_test(test_dpor_finds_what_bounded_dfs_finds_on_the_other_scenarios),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

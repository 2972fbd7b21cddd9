/* SPDX-License-Identifier: MIT */
/*
 * test_jobs.c - one check on several worker threads finds what it finds on
 * one: the same verdict, executions, redundant executions, cuts, steps and
 * longest execution, and the same schedule token for every oracle, for
 * jobs 1, 2, 3 and 5, under DPOR, DFS and DFS with a preemption bound; with
 * jobs 3 the others start after 16 executions (jobs_after), else at once.
 *
 *   test_jobs [--dir DIR]... [--seeds A-B] [--ops N]
 *
 * On every .fos of each --dir (the shipped scenarios and the tests') and
 * on seeded random scenarios (src/sweep/gen.h), each under pre, v2 and
 * fixed. A pair whose one-thread search a cap stops is skipped (a limit
 * may stop it anywhere), and so is DFS where it is too large to finish.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuseord/fuseord.h"
#include "scenario_helpers.h"
#include "sweep/gen.h"

static const char *const variants[] = { "pre", "v2", "fixed" };
static const struct {
	int jobs;
	uint64_t after;
} jobs[] = { { 2, 0 }, { 3, 16 }, { 5, 0 } };

#define MAX_DIRS 4

static struct {
	const char *dir[MAX_DIRS];
	int ndirs;
	uint64_t seed_lo, seed_hi;
	int ops;
} cfg = { .seed_lo = 1, .seed_hi = 40, .ops = 4 };

static struct {
	unsigned pairs, compared, skipped;
} tally;

/*
 * The one-thread search must finish in this many seconds, or the pair is
 * skipped; the others get far longer, so a loaded machine stops none.
 */
#define ONE_LIMIT_DPOR 20
#define ONE_LIMIT_DFS 2
#define MANY_LIMIT 300

static fo_verdict *check(const fo_scenario *sc, const char *name, const char *variant,
			 enum fo_strategy strategy, int preemptions, int njobs, uint64_t after)
{
	struct fo_check_opts o;

	fo_check_opts_init(&o);
	o.jobs = njobs;
	o.jobs_after = after;
	/* a time limit, not a cap on executions: a cap runs on one thread */
	o.time_limit = njobs > 1 ? MANY_LIMIT
		       : strategy == FO_STRATEGY_DPOR ? ONE_LIMIT_DPOR : ONE_LIMIT_DFS;
	return check_with(sc, name, variant, strategy, preemptions, &o);
}

/* Everything @a and @b say about their searches, but the time and memory. */
static void expect_same(const char *name, const char *variant, const char *what, int njobs,
			const fo_verdict *a, const fo_verdict *b)
{
	struct fo_check_stats sa, sb;

	fo_verdict_stats(a, &sa);
	fo_verdict_stats(b, &sb);
	if (fo_verdict_violated(a) != fo_verdict_violated(b) || sa.executions != sb.executions ||
	    sa.redundant != sb.redundant || sa.cut != sb.cut || sa.steps != sb.steps ||
	    sa.max_depth != sb.max_depth || sa.complete != sb.complete)
		fail_msg("%s [%s] %s: --jobs %d differs from one thread: oracles %#x/%#x, "
			 "executions %llu/%llu, redundant %llu/%llu, cut %llu/%llu, steps %llu/%llu, "
			 "longest %llu/%llu",
			 name, variant, what, njobs, fo_verdict_violated(a),
			 fo_verdict_violated(b), (unsigned long long)sa.executions,
			 (unsigned long long)sb.executions, (unsigned long long)sa.redundant,
			 (unsigned long long)sb.redundant, (unsigned long long)sa.cut,
			 (unsigned long long)sb.cut, (unsigned long long)sa.steps,
			 (unsigned long long)sb.steps, (unsigned long long)sa.max_depth,
			 (unsigned long long)sb.max_depth);
	for (unsigned o = 0; o < FO_ORACLE_COUNT; o++) {
		const char *ta = fo_verdict_schedule(a, o), *tb = fo_verdict_schedule(b, o);

		if ((ta || tb) && (!ta || !tb || strcmp(ta, tb)))
			fail_msg("%s [%s] %s: --jobs %d gives oracle %u the token %s, one thread %s",
				 name, variant, what, njobs, o, tb ? tb : "(none)",
				 ta ? ta : "(none)");
	}
}

static void check_pair(const fo_scenario *sc, const char *name, const char *variant,
		       enum fo_strategy strategy, int preemptions, const char *what)
{
	fo_verdict *one = check(sc, name, variant, strategy, preemptions, 1, 0);
	struct fo_check_stats st;

	tally.pairs++;
	fo_verdict_stats(one, &st);
	if (st.limit != FO_LIMIT_NONE && st.limit != FO_LIMIT_STEPS) {
		tally.skipped++;
		fo_verdict_free(one);
		return;
	}
	for (size_t k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		fo_verdict *many = check(sc, name, variant, strategy, preemptions, jobs[k].jobs,
					 jobs[k].after);

		expect_same(name, variant, what, jobs[k].jobs, one, many);
		fo_verdict_free(many);
	}
	tally.compared++;
	fo_verdict_free(one);
}

static void check_scenario(const fo_scenario *sc, const char *name)
{
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++) {
		check_pair(sc, name, variants[v], FO_STRATEGY_DPOR, -1, "dpor");
		check_pair(sc, name, variants[v], FO_STRATEGY_DFS, 1, "dfs --preemptions 1");
	}
	/* plain DFS under v2 only: it is the largest search */
	check_pair(sc, name, "v2", FO_STRATEGY_DFS, -1, "dfs");
}

static void test_jobs_agree_on_the_scenario_files(void **state)
{
	static char paths[256][PATH_MAX];

	(void)state;
	if (!cfg.ndirs)
		skip();
	for (int d = 0; d < cfg.ndirs; d++) {
		int n = list_scenarios(cfg.dir[d], paths, 256);

		assert_true(n > 0);
		for (int i = 0; i < n; i++) {
			fo_scenario *sc;
			char err[512];

			if (fo_scenario_load(paths[i], &sc, err, sizeof(err)))
				fail_msg("%s", err);
			check_scenario(sc, paths[i]);
			fo_scenario_free(sc);
		}
	}
}

static void test_jobs_agree_on_random_scenarios(void **state)
{
	struct sw_random_opts o = { .threads_min = 2, .threads_max = 4, .ops_max = cfg.ops,
				    .sets = true };

	(void)state;
	for (uint64_t seed = cfg.seed_lo; seed <= cfg.seed_hi; seed++) {
		struct sw_scn s;
		char text[SW_TEXT_LEN], name[64];
		fo_scenario *sc;
		char err[512];

		fo_sw_random(seed, &o, &s);
		assert_true(fo_sw_format(&s, NULL, text, sizeof(text)) > 0);
		snprintf(name, sizeof(name), "seed-%llu.fos", (unsigned long long)seed);
		if (fo_scenario_parse(text, strlen(text), name, &sc, err, sizeof(err)))
			fail_msg("%s", err);
		check_scenario(sc, name);
		fo_scenario_free(sc);
	}
	print_message("test_jobs: %u pairs, %u compared with jobs 2, 3 and 5, %u skipped "
		      "(a limit stopped the one-thread search)\n",
		      tally.pairs, tally.compared, tally.skipped);
	/* else the test compared nothing worth the name */
	assert_true(tally.compared >= tally.pairs / 2);
}

static int usage(const char *arg)
{
	fprintf(stderr, "test_jobs: bad argument '%s'\n"
			"usage: test_jobs [--dir DIR]... [--seeds A-B] [--ops N]\n",
		arg);
	return 2;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_agree_on_the_scenario_files),
		cmocka_unit_test(test_jobs_agree_on_random_scenarios),
	};

	for (int i = 1; i < argc; i++) {
		unsigned long long a, b;

		if (!strcmp(argv[i], "--dir") && i + 1 < argc && cfg.ndirs < MAX_DIRS)
			cfg.dir[cfg.ndirs++] = argv[++i];
		else if (!strcmp(argv[i], "--seeds") && i + 1 < argc &&
			 sscanf(argv[++i], "%llu-%llu", &a, &b) == 2 && a <= b)
			cfg.seed_lo = a, cfg.seed_hi = b;
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			cfg.ops = atoi(argv[++i]);
		else
			return usage(argv[i]);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

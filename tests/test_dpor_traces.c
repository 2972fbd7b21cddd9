/* SPDX-License-Identifier: MIT */
/*
 * test_dpor_traces.c - DPOR against DFS at the level of traces, not of
 * verdicts: on small random scenarios (src/sweep/gen.h) under pre, v2 and
 * fixed, wherever DFS finishes under its cap,
 *
 *   the traces DPOR runs are exactly the traces of every interleaving DFS
 *   runs, and
 *   no two executions DPOR runs to their end are equivalent as the sleep
 *   sets see steps, and
 *   a step replayed in an execution touches the objects it touched in the
 *   one before (explore_result.moved is 0), so that steps of two
 *   executions compare.
 *
 * A trace is named here, by this file alone, by its canonical schedule:
 * of the steps whose dependent predecessors (sim_dependent()) have all
 * been placed, place the one of the lowest thread, until none is left. Two
 * schedules are one trace iff their canonical schedules are equal. The
 * traces are those of the steps as taken, which the race analysis orders;
 * the sleep sets compare the steps as announced, held accesses included
 * (rt_hold()), a wider relation, so an operation's steps can be run in two
 * orders that are one trace as taken: counted and printed, not failed. The
 * test thereby checks the explorer's race analysis, sleep sets and
 * backtracking against the relation they are given, which the differential
 * test on verdicts (test_difftest.c) checks only through the oracles.
 *
 *   test_dpor_traces [--seeds A-B] [--ops N] [--dfs-cap N] [--min-compared N]
 *                    [--file SCENARIO.fos]
 *
 * --file checks that scenario instead of the random ones (its DFS must
 * finish under the cap).
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

#include "fuseord/fuseord.h"
#include "scenario/run.h"
#include "sweep/gen.h"

static struct {
	uint64_t seed_lo, seed_hi;
	int ops;
	uint64_t dfs_cap;
	uint64_t min_compared;
	const char *file;
} cfg = { .seed_lo = 1, .seed_hi = 40, .ops = 3, .dfs_cap = 20000, .min_compared = 30 };

/* A set of 64-bit trace names: open addressing, 0 never a name (hash() avoids it). */
struct set {
	uint64_t *v;
	size_t cap, n;
};

static bool set_add(struct set *s, uint64_t h)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct set g = { .cap = s->cap ? s->cap * 2 : 1024 };

		g.v = calloc(g.cap, sizeof(*g.v));
		assert_non_null(g.v);
		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k])
				set_add(&g, s->v[k]);
		free(s->v);
		*s = g;
	}
	for (i = (size_t)(h * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (s->cap - 1); s->v[i];
	     i = (i + 1) & (s->cap - 1))
		if (s->v[i] == h)
			return false;
	s->v[i] = h;
	s->n++;
	return true;
}

static bool set_has(const struct set *s, uint64_t h)
{
	if (!s->cap)
		return false;
	for (size_t i = (size_t)(h * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (s->cap - 1); s->v[i];
	     i = (i + 1) & (s->cap - 1))
		if (s->v[i] == h)
			return true;
	return false;
}

/* The scenario runner's program, with every step recorded as taken. */
struct recorder {
	struct explore_program inner;
	struct sim_step *steps, *announced;
	size_t n, cap;
	struct set traces, announced_traces;
	uint64_t duplicates, announced_duplicates, executions;
};

static int rec_setup(void *priv, struct sim *s)
{
	struct recorder *r = priv;

	r->n = 0;
	return r->inner.setup(r->inner.priv, s);
}

static void rec_on_step(void *priv, struct sim *s, const struct sim_step *st, uint64_t index)
{
	struct recorder *r = priv;

	if (r->inner.on_step)
		r->inner.on_step(r->inner.priv, s, st, index);
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->steps = realloc(r->steps, r->cap * sizeof(*r->steps));
		r->announced = realloc(r->announced, r->cap * sizeof(*r->announced));
		assert_non_null(r->steps);
		assert_non_null(r->announced);
	}
	r->announced[r->n] = *st;
}

static void rec_after_step(void *priv, struct sim *s, int tid, uint64_t index)
{
	struct recorder *r = priv;

	if (r->inner.after_step)
		r->inner.after_step(r->inner.priv, s, tid, index);
	if (tid < 0)
		return;
	r->steps[r->n++] = s->threads[tid].taken;
}

/* FNV-1a of the canonical schedule, never 0. */
static uint64_t canonical_name(const struct sim_step *st, size_t n)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	char *placed = calloc(n ? n : 1, 1);
	size_t *pending = calloc(n ? n : 1, sizeof(size_t));

	assert_non_null(placed);
	assert_non_null(pending);
	/* pending[a]: the dependent steps before step a not placed yet */
	for (size_t a = 0; a < n; a++)
		for (size_t b = 0; b < a; b++)
			pending[a] += sim_dependent(&st[b], &st[a]);
	for (size_t k = 0; k < n; k++) {
		size_t best = n;

		for (size_t a = 0; a < n; a++)
			if (!placed[a] && !pending[a] && (best == n || st[a].thread < st[best].thread))
				best = a;
		assert_true(best < n); /* the earliest unplaced step is always ready */
		placed[best] = 1;
		for (size_t a = best + 1; a < n; a++)
			pending[a] -= sim_dependent(&st[best], &st[a]);
		h = (h ^ (uint64_t)(st[best].thread + 1)) * UINT64_C(0x100000001b3);
	}
	free(placed);
	free(pending);
	return h ? h : 1;
}

static unsigned rec_finish(void *priv, struct sim *s, enum sim_outcome out, bool cut)
{
	struct recorder *r = priv;

	if (!cut) {
		r->executions++;
		if (!set_add(&r->traces, canonical_name(r->steps, r->n)))
			r->duplicates++;
		if (!set_add(&r->announced_traces, canonical_name(r->announced, r->n)))
			r->announced_duplicates++;
	}
	return r->inner.finish(r->inner.priv, s, out, cut);
}

/* Explore @sc under @k with @strategy; false if a limit stopped it. */
static bool explore_traces(const struct scenario *sc, const struct fuse_knobs *k,
			   enum explore_strategy strategy, uint64_t cap, struct recorder *r)
{
	struct sc_run run;
	struct explore_opts o = { .strategy = strategy, .preemptions = -1, .max_executions = cap,
				  .max_steps = 10000 };
	struct explore_result res;
	struct explore_program p = { .setup = rec_setup, .on_step = rec_on_step,
				     .after_step = rec_after_step, .finish = rec_finish,
				     .priv = r };
	bool complete;

	assert_int_equal(sc_run_init(&run, sc, k), 0);
	r->inner = sc_run_program(&run);
	assert_int_equal(explore_run(&p, &o, &res), 0);
	/* a replayed step touches the objects it touched before: steps compare across executions */
	if (res.moved)
		fail_msg("%llu replayed steps touched objects at other addresses than before",
			 (unsigned long long)res.moved);
	complete = res.stop == EXPLORE_COMPLETE && !res.cut;
	if (complete)
		assert_int_equal(res.executions, r->executions);
	explore_result_free(&res);
	sc_run_destroy(&run);
	return complete;
}

static void recorder_free(struct recorder *r)
{
	free(r->steps);
	free(r->announced);
	free(r->traces.v);
	free(r->announced_traces.v);
}

static uint64_t compared, dpor_executions, dfs_executions, dpor_twice;

static void check_pair(const fo_scenario *fsc, const char *text, const char *variant)
{
	const struct scenario *sc = scenario_of(fsc);
	struct recorder dfs = { 0 }, dpor = { 0 };
	struct fuse_knobs k;

	assert_int_equal(fuse_knobs_for_variant(variant, &k), 0);
	for (int i = 0; i < sc->nknobs; i++)
		assert_int_equal(fuse_knob_set(&k, sc->knobs[i].name, sc->knobs[i].value), 0);
	if (explore_traces(sc, &k, EXPLORE_DFS, cfg.dfs_cap, &dfs)) {
		assert_true(explore_traces(sc, &k, EXPLORE_DPOR, 0, &dpor));
		if (dpor.announced_duplicates)
			fail_msg("%s\n%s: DPOR ran %llu executions equivalent to earlier ones", text,
				 variant, (unsigned long long)dpor.announced_duplicates);
		for (size_t i = 0; i < dfs.traces.cap; i++)
			if (dfs.traces.v[i] && !set_has(&dpor.traces, dfs.traces.v[i]))
				fail_msg("%s\n%s: DPOR misses a trace DFS runs (%zu traces, DPOR %zu)",
					 text, variant, dfs.traces.n, dpor.traces.n);
		assert_int_equal(dpor.traces.n, dfs.traces.n);
		assert_int_equal(dpor.traces.n + dpor.duplicates, dpor.executions);
		dpor_twice += dpor.duplicates;
		compared++;
		dpor_executions += dpor.executions;
		dfs_executions += dfs.executions;
	}
	recorder_free(&dfs);
	recorder_free(&dpor);
}

static void print_tally(void)
{
	print_message("%llu pairs compared: DFS %llu executions, DPOR %llu, of them %llu of a trace "
		      "run before (as taken)\n",
		      (unsigned long long)compared, (unsigned long long)dfs_executions,
		      (unsigned long long)dpor_executions, (unsigned long long)dpor_twice);
}

static void test_dpor_runs_each_trace_of_dfs_exactly_once(void **state)
{
	static const char *const variants[] = { "pre", "v2", "fixed" };
	struct sw_random_opts o = { .threads_min = 2, .threads_max = 3, .ops_max = cfg.ops,
				    .sets = true };

	(void)state;
	if (cfg.file) {
		static char text[1 << 16];
		FILE *f = fopen(cfg.file, "r");
		size_t len;
		char err[512];
		fo_scenario *sc;

		assert_non_null(f);
		len = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		text[len] = '\0';
		if (fo_scenario_parse(text, len, cfg.file, &sc, err, sizeof(err)))
			fail_msg("%s", err);
		for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++)
			check_pair(sc, cfg.file, variants[v]);
		fo_scenario_free(sc);
		print_tally();
		assert_int_equal(compared, 3);
		return;
	}
	for (uint64_t seed = cfg.seed_lo; seed <= cfg.seed_hi; seed++) {
		struct sw_scn s;
		char text[SW_TEXT_LEN], name[64], err[512];
		fo_scenario *sc;

		fo_sw_random(seed, &o, &s);
		assert_true(fo_sw_format(&s, NULL, text, sizeof(text)) > 0);
		snprintf(name, sizeof(name), "seed-%llu.fos", (unsigned long long)seed);
		if (fo_scenario_parse(text, strlen(text), name, &sc, err, sizeof(err)))
			fail_msg("%s", err);
		for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++)
			check_pair(sc, text, variants[v]);
		fo_scenario_free(sc);
	}
	print_tally();
	assert_true(compared >= cfg.min_compared);
}

static void usage(void)
{
	fprintf(stderr, "usage: test_dpor_traces [--seeds A-B] [--ops N] [--dfs-cap N] "
			"[--min-compared N] [--file SCENARIO.fos]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpor_runs_each_trace_of_dfs_exactly_once),
	};

	for (int i = 1; i < argc; i++) {
		unsigned long long a, b;

		if (!strcmp(argv[i], "--seeds") && i + 1 < argc &&
		    sscanf(argv[i + 1], "%llu-%llu", &a, &b) == 2 && a <= b) {
			cfg.seed_lo = a;
			cfg.seed_hi = b;
		} else if (!strcmp(argv[i], "--ops") && i + 1 < argc) {
			cfg.ops = atoi(argv[i + 1]);
		} else if (!strcmp(argv[i], "--dfs-cap") && i + 1 < argc) {
			cfg.dfs_cap = strtoull(argv[i + 1], NULL, 10);
		} else if (!strcmp(argv[i], "--file") && i + 1 < argc) {
			cfg.file = argv[i + 1];
		} else if (!strcmp(argv[i], "--min-compared") && i + 1 < argc) {
			cfg.min_compared = strtoull(argv[i + 1], NULL, 10);
		} else {
			usage();
		}
		i++;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * test_sweep.c - the scenario generator and the sweep engine (src/sweep/):
 * every generated scenario parses, the canonical form does not depend on
 * thread order or names, the enumeration has no two scenarios with one key,
 * the disciplines are judged right, the report does not depend on the
 * number of jobs, and the small scope finds again every oracle the shipped
 * scenarios show under pre and v2 (computed here, by checking them).
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
#include "sweep/gen.h"
#include "sweep/sweep.h"

static void test_random_scenarios_parse_and_are_canonical(void **state)
{
	struct sw_random_opts o = { .threads_min = 2, .threads_max = 4, .ops_max = 8, .sets = true };
	unsigned kinds = 0;

	(void)state;
	for (uint64_t seed = 0; seed < 2000; seed++) {
		struct sw_scn s;
		fo_scenario *sc;
		char err[512];

		fo_sw_random(seed, &o, &s);
		assert_true(s.nthreads >= 2 && s.nthreads <= 4);
		if (fo_sw_parse(&s, NULL, &sc, err, sizeof(err)))
			fail_msg("seed %llu: %s", (unsigned long long)seed, err);
		fo_scenario_free(sc);
		assert_true(fo_sw_is_canonical(&s));
		for (int t = 0; t < s.nthreads; t++)
			for (int i = 0; i < s.th[t].nops; i++)
				kinds |= SW_KIND_BIT(s.th[t].ops[i].kind);
	}
	/* the whole language */
	assert_int_equal(kinds, SW_KINDS_ALL);
}

/* The same scenario written with other names and another thread order. */
static void test_canonical_key_ignores_names_and_thread_order(void **state)
{
	static const char a[] = "conn close_wait=1\ndev d0\ndev d1\ndev d2\ninode 3\ninode 9\n"
				"thread x: open 9 as g ; io g ; release g\n"
				"thread y: open 3 as h\n"
				"thread n2: reply h on d2\n"
				"thread n1: reply g on d0 ; notify 9 on d2\n";
	static const char b[] = "conn close_wait=1\ndev d0\ndev d1\ninode 7\ninode 8\n"
				"thread p: open 8 as f\n"
				"thread q: open 7 as k ; io k ; release k\n"
				"thread d: reply k on d0 ; notify 7 on d1\n"
				"thread e: reply f on d1\n";
	fo_scenario *x = parse_text(a), *y = parse_text(b);
	struct sw_scn s, t;
	char ka[SW_KEY_LEN], kb[SW_KEY_LEN], err[256];

	(void)state;
	assert_int_equal(fo_sw_from_scenario(x, &s, err, sizeof(err)), 0);
	assert_int_equal(fo_sw_from_scenario(y, &t, err, sizeof(err)), 0);
	fo_sw_canon(&s, &s);
	fo_sw_canon(&t, &t);
	fo_sw_key(&s, ka, sizeof(ka));
	fo_sw_key(&t, kb, sizeof(kb));
	assert_string_equal(ka, kb);
	fo_scenario_free(x);
	fo_scenario_free(y);
	/* and a different scenario has another key */
	x = parse_text(
		"inode 7\nthread a: open 7 as f\nthread d: reply f on d0 ; notify 7 on d0\n");
	y = parse_text(
		"inode 7\nthread a: open 7 as f\nthread d: notify 7 on d0 ; reply f on d0\n");
	assert_int_equal(fo_sw_from_scenario(x, &s, err, sizeof(err)), 0);
	assert_int_equal(fo_sw_from_scenario(y, &t, err, sizeof(err)), 0);
	fo_sw_canon(&s, &s);
	fo_sw_canon(&t, &t);
	fo_sw_key(&s, ka, sizeof(ka));
	fo_sw_key(&t, kb, sizeof(kb));
	assert_string_not_equal(ka, kb);
	fo_scenario_free(x);
	fo_scenario_free(y);
}

struct seen {
	char (*keys)[SW_KEY_LEN];
	size_t n, cap;
};

static int cmp_key(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int note_key(void *priv, const struct sw_scn *s, uint64_t index)
{
	struct seen *sn = priv;
	fo_scenario *sc;
	char err[512];

	assert_int_equal(index, sn->n);
	if (sn->n == sn->cap) {
		sn->cap = sn->cap ? 2 * sn->cap : 1024;
		sn->keys = realloc(sn->keys, sn->cap * sizeof(*sn->keys));
		assert_non_null(sn->keys);
	}
	fo_sw_key(s, sn->keys[sn->n++], SW_KEY_LEN);
	if (fo_sw_parse(s, NULL, &sc, err, sizeof(err)))
		fail_msg("%s: %s", sn->keys[sn->n - 1], err);
	fo_scenario_free(sc);
	return 0;
}

static void test_the_medium_scope_has_each_scenario_once(void **state)
{
	struct sw_scope sc;
	struct seen sn = { 0 };

	(void)state;
	assert_int_equal(fo_sw_scope_preset("medium", &sc), 0);
	fo_sw_enumerate(&sc, note_key, &sn);
	assert_true(sn.n > 1000);
	qsort(sn.keys, sn.n, SW_KEY_LEN, cmp_key);
	for (size_t i = 1; i < sn.n; i++)
		if (!strcmp(sn.keys[i - 1], sn.keys[i]))
			fail_msg("twice: %s", sn.keys[i]);
	free(sn.keys);
}

static void test_disciplines(void **state)
{
	static const struct {
		const char *text;
		bool per_fd, same_fd;
	} cases[] = {
		{ "inode 7\nthread a: open 7 as f\nthread d: reply f on d0 ; notify 7 on d0\n",
		  true, true },
		{ "dev d0\ndev d1\ninode 7\nthread a: open 7 as f\n"
		  "thread d: reply f on d0 ; notify 7 on d1\n",
		  false, false },
		{ "dev d0\ndev d1\ninode 7\nthread a: open 7 as f\n"
		  "thread d: reply f on d0\nthread e: notify 7 on d1\n",
		  true, false },
		{ "inode 7\nthread a: open 7 as f\nthread d: reply f on d0\nthread e: notify 7 on d0\n",
		  false, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fo_scenario *sc = parse_text(cases[i].text);
		struct sw_scn s;
		char err[256];

		assert_int_equal(fo_sw_from_scenario(sc, &s, err, sizeof(err)), 0);
		assert_int_equal(fo_sw_assume_holds(&s, SW_ASSUME_ONE_THREAD_PER_FD),
				 cases[i].per_fd);
		assert_int_equal(fo_sw_assume_holds(&s, SW_ASSUME_SAME_FD), cases[i].same_fd);
		assert_false(fo_sw_assume_holds(&s, SW_ASSUME_CLOSE_WAIT_ONLY));
		assert_true(fo_sw_assume_holds(&s, SW_ASSUME_NO_NO_OPEN));
		fo_scenario_free(sc);
	}
}

static char *report_of(const struct sw_scope *scope, int jobs, struct sw_results *keep)
{
	struct sw_run_opts o = {
		.nvariants = 2, .variants = { "pre", "v2" }, .max_executions = 20000, .jobs = jobs
	};
	struct sw_report_opts ro = { .assume = 1u << SW_ASSUME_SAME_FD, .scope_text = "small" };
	struct sw_results rs;
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (fo_sw_run(scope, &o, &rs, err, sizeof(err)))
		fail_msg("%s", err);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	fo_sw_report(f, &o, &rs, &ro);
	fclose(f);
	if (keep)
		*keep = rs;
	else
		fo_sw_results_free(&rs);
	return buf;
}

/* The oracles the shipped scenarios show under @variant, by checking them. */
static unsigned shipped_oracles(const char *variant)
{
	static char paths[64][PATH_MAX];
	int n = list_scenarios(FUSEORD_SCENARIO_DIR, paths, 64);
	unsigned all = 0;

	for (int i = 0; i < n; i++) {
		struct fo_check_opts o;
		fo_scenario *sc;
		fo_verdict *v;
		char err[512];

		if (fo_scenario_load(paths[i], &sc, err, sizeof(err)))
			fail_msg("%s", err);
		fo_check_opts_init(&o);
		o.variant = variant;
		if (fo_check(sc, &o, &v, err, sizeof(err)))
			fail_msg("%s", err);
		all |= fo_verdict_violated(v);
		fo_verdict_free(v);
		fo_scenario_free(sc);
	}
	return all;
}

static void test_the_small_scope_finds_every_shipped_oracle_and_ignores_jobs(void **state)
{
	struct sw_scope scope;
	struct sw_results rs;
	char *one, *two;
	unsigned want[2] = { shipped_oracles("pre"), shipped_oracles("v2") }, got[2] = { 0, 0 };

	(void)state;
	assert_int_equal(fo_sw_scope_preset("small", &scope), 0);
	one = report_of(&scope, 1, NULL);
	two = report_of(&scope, 2, &rs);
	assert_string_equal(one, two);
	for (size_t i = 0; i < rs.n; i++)
		for (int v = 0; v < 2; v++)
			got[v] |= rs.r[i].pair[v].violated;
	print_message("shipped: pre 0x%02x v2 0x%02x; small scope: pre 0x%02x v2 0x%02x\n", want[0],
		      want[1], got[0], got[1]);
	assert_true(want[0] && want[1]);
	assert_int_equal(want[0] & ~got[0], 0);
	assert_int_equal(want[1] & ~got[1], 0);
	/* each oracle's smallest scenario is in the report, with a token */
	for (int b = 0; b < FO_ORACLE_COUNT; b++)
		if ((want[0] | want[1]) & (1u << b))
			assert_non_null(strstr(two, fo_oracle_name(1u << b)));
	assert_null(strstr(two, "schedule: -"));
	fo_sw_results_free(&rs);
	free(one);
	free(two);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_scenarios_parse_and_are_canonical),
		cmocka_unit_test(test_canonical_key_ignores_names_and_thread_order),
		cmocka_unit_test(test_the_medium_scope_has_each_scenario_once),
		cmocka_unit_test(test_disciplines),
		cmocka_unit_test(test_the_small_scope_finds_every_shipped_oracle_and_ignores_jobs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

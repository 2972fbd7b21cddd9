/* SPDX-License-Identifier: MIT */
/*
 * test_scenarios.c - every shipped scenario, through the C API a unit test
 * uses: parse it, check it with DPOR under pre and v2, and hold the verdict
 * to the file's `expect` lines; replay every counterexample and require the
 * same bytes each time; refuse tokens that do not fit.
 */
#include <dirent.h>
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
#include "scenario_helpers.h"

static const char *const variants[] = { "pre", "v2", "fixed" };

static fo_scenario *load(const char *path)
{
	char err[512];
	fo_scenario *sc = NULL;

	if (fo_scenario_load(path, &sc, err, sizeof(err)))
		fail_msg("%s", err);
	return sc;
}

static char *print_verdict(const fo_verdict *v, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(fo_verdict_print(v, f, FO_FORMAT_TEXT, FO_TRACE_ASCII), 0);
	fclose(f);
	return buf;
}

/*
 * Replay @token twice under @o (the --set it was recorded with; NULL: none):
 * the same verdict, the same bytes, the oracle shown.
 */
static void replay_twice_with(fo_scenario *sc, const char *token, unsigned oracle,
			      const struct fo_check_opts *o)
{
	char *out[2];
	size_t len[2];
	char err[512];

	for (int i = 0; i < 2; i++) {
		fo_verdict *v;

		if (fo_replay(sc, token, o, &v, err, sizeof(err)))
			fail_msg("replay of %s: %s", token, err);
		assert_true(fo_verdict_violated(v) & oracle);
		assert_string_equal(fo_verdict_schedule(v, oracle), token);
		out[i] = print_verdict(v, &len[i]);
		fo_verdict_free(v);
	}
	assert_int_equal(len[0], len[1]);
	assert_memory_equal(out[0], out[1], len[0]);
	free(out[0]);
	free(out[1]);
}

static void replay_twice(fo_scenario *sc, const char *token, unsigned oracle)
{
	replay_twice_with(sc, token, oracle, NULL);
}

/*
 * Every scenario of @dir meets its expect lines under each variant; @shipped:
 * fixed is held to "ok" everywhere. Collects which oracles some pair shows
 * and which some pair is expected not to show.
 */
static int check_dir(const char *dir, bool shipped, unsigned *seen, unsigned *absent)
{
	static char paths[64][PATH_MAX];
	int n = list_scenarios(dir, paths, 64), checked = 0;

	assert_true(n >= 2);
	for (int i = 0; i < n; i++) {
		fo_scenario *sc = load(paths[i]);

		for (size_t j = 0; j < sizeof(variants) / sizeof(variants[0]); j++) {
			struct fo_check_opts o;
			fo_verdict *v;
			unsigned expected;
			char err[512];

			fo_check_opts_init(&o);
			o.variant = variants[j];
			o.strict = true; /* fixed must not even cause an unneeded reopen */
			/* every shipped file states what each variant does */
			assert_int_equal(fo_scenario_expect(sc, variants[j], &expected), 1);
			if (fo_check(sc, &o, &v, err, sizeof(err)))
				fail_msg("%s: %s", paths[i], err);
			if (fo_verdict_met(v) != 1) {
				fo_verdict_print(v, stderr, FO_FORMAT_TEXT, FO_TRACE_NONE);
				fail_msg("%s [%s]: verdict 0x%x, expected 0x%x", paths[i], variants[j],
					 fo_verdict_violated(v), expected);
			}
			if (shipped && !strcmp(variants[j], "fixed"))
				assert_int_equal(fo_verdict_violated(v), 0);
			*seen |= fo_verdict_violated(v);
			*absent |= ~expected & FO_ORACLE_ALL;
			for (unsigned b = 1; b <= FO_ORACLE_ALL; b <<= 1)
				if (fo_verdict_violated(v) & b)
					replay_twice(sc, fo_verdict_schedule(v, b), b);
			fo_verdict_free(v);
			checked++;
		}
		fo_scenario_free(sc);
	}
	return checked;
}

/*
 * Shipped scenarios meet their expect lines, fixed is clean on each; then
 * the oracles' own regression set: every oracle is shown by some scenario
 * (tests/scenarios adds leak and deadlock, which no variant of the protocol
 * shows on the shipped ones) and expected absent from another.
 */
static void test_scenarios_meet_expectations_and_cover_every_oracle(void **state)
{
	unsigned seen = 0, absent = 0;
	int n = check_dir(FUSEORD_SCENARIO_DIR, true, &seen, &absent);

	assert_true(n >= 7 * 3);
	print_message("%d shipped (scenario, variant) pairs as expected\n", n);
	n += check_dir(FUSEORD_TEST_SCENARIO_DIR, false, &seen, &absent);
	for (unsigned b = 1; b <= FO_ORACLE_ALL; b <<= 1) {
		if (!(seen & b))
			fail_msg("no scenario shows %s", fo_oracle_name(b));
		if (!(absent & b))
			fail_msg("no scenario expects %s absent", fo_oracle_name(b));
	}
	print_message("%d pairs; every oracle shown and expected absent somewhere\n", n);
}

static const char concern2[] =
	"variant v2\n"
	"conn close_wait=1\n"
	"dev d0\n"
	"dev d1\n"
	"inode 7\n"
	"thread app:    open 7 as f ; io f ; release f\n"
	"thread daemon: write d1 x3 ; reply f on d1 ; notify 7 on d0\n"
	"expect: stale-open\n";

/* The token names its scenario, variant and knobs; any other is refused. */
static void test_replay_refuses_a_token_that_does_not_fit(void **state)
{
	fo_scenario *sc = parse_text(concern2), *other;
	struct fo_check_opts o;
	fo_verdict *v, *r = NULL;
	const char *set[] = { "fail_loop=seq", NULL };
	char token[256], bad[512], err[512];

	fo_check_opts_init(&o);
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_met(v), 1);
	snprintf(token, sizeof(token), "%s", fo_verdict_schedule(v, FO_ORACLE_STALE_OPEN));
	fo_verdict_free(v);
	assert_int_equal(strncmp(token, "fo2.v2.", 7), 0);

	/* another variant */
	o.variant = "pre";
	assert_int_equal(fo_replay(sc, token, &o, &r, err, sizeof(err)), -EINVAL);
	assert_null(r);
	assert_non_null(strstr(err, "variant 'v2', not 'pre'"));
	/* other knobs */
	o.variant = NULL;
	o.set = set;
	assert_int_equal(fo_replay(sc, token, &o, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "fail_loop=blind"));
	o.set = NULL;
	/* another scenario: one character more */
	{
		char text[sizeof(concern2) + 1];

		memcpy(text, concern2, sizeof(concern2) - 1);
		text[sizeof(concern2) - 1] = '\n';
		text[sizeof(concern2)] = '\0';
		other = parse_text(text);
		assert_int_equal(fo_replay(other, token, NULL, &r, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, "another scenario"));
		fo_scenario_free(other);
	}
	/* choices cut short, or naming a thread that does not exist */
	snprintf(bad, sizeof(bad), "%.*s", (int)(strlen(token) - 2), token);
	assert_int_equal(fo_replay(sc, bad, NULL, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "does not fit"));
	memcpy(bad, token, strlen(token));
	bad[strlen(token)] = 'p'; /* thread 15: there is no such thread */
	bad[strlen(token) + 1] = '\0';
	assert_int_equal(fo_replay(sc, bad, NULL, &r, err, sizeof(err)), -EINVAL);
	/* malformed */
	const char *junk[] = { "", "fo2.v2.x", "fo1.v2", "fo1.v2.dprcbz64", "fo1.v2.zzzz.0.a",
			       "fo1.v2.dprcbz64.123.a", "fo1.v2.dprcbz64.0123456789abcdef.a0",
			       "fo1.v2.dprcbz64.0123456789abcdef.A" };
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		assert_int_equal(fo_replay(sc, junk[i], NULL, &r, err, sizeof(err)), -EINVAL);
	/* and the token itself still replays */
	assert_int_equal(fo_replay(sc, token, NULL, &r, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(r), FO_ORACLE_STALE_OPEN);
	fo_verdict_free(r);
	fo_scenario_free(sc);
}

/* Unknown variants, bad knobs and bad options are errors, not silent runs. */
static void test_check_rejects_bad_options(void **state)
{
	fo_scenario *sc = parse_text(concern2);
	struct fo_check_opts o;
	const char *set[] = { "seq_scope", NULL };
	const char *set2[] = { "seq_scope=global", NULL };
	fo_verdict *v = NULL;
	char err[512];

	fo_check_opts_init(&o);
	o.variant = "v9";
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown variant 'v9'"));
	o.variant = NULL;
	o.set = set;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	o.set = set2;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	o.set = NULL;
	o.strategy = FO_STRATEGY_PCT;
	o.pct_depth = 0;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	assert_null(v);
	assert_int_equal(fo_check(NULL, NULL, &v, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_check(sc, NULL, NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_verdict_met(NULL), -EINVAL);
	assert_null(fo_verdict_schedule(NULL, FO_ORACLE_STALE_OPEN));
	fo_scenario_free(sc);
}

/* A --set on the command line wins over the variant: link=always fixes concern 1. */
static void test_set_overrides_the_variant(void **state)
{
	fo_scenario *sc = parse_text("conn close_wait=0\ninode 7\n"
				"thread app: open 7 as f ; fiemap 7 ; release f\n"
				"thread daemon: reply f on d0\n");
	const char *set[] = { "link=always", NULL };
	struct fo_check_opts o;
	fo_verdict *v;
	char err[512];

	fo_check_opts_init(&o);
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(v), FO_ORACLE_FIEMAP_MISS);
	assert_int_equal(fo_verdict_met(v), 0); /* no expect line: must be clean */
	fo_verdict_free(v);
	o.set = set;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(v), 0);
	assert_int_equal(fo_verdict_met(v), 1);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

/*
 * The callers' locks: two O_TRUNC opens on a writeback_cache mount serialise
 * on inode_lock(), and the deadlock a fixed reply order makes names the lock
 * and who holds it. Without trunc the same daemon is fine.
 */
static void test_a_wait_under_inode_lock_is_named_with_its_holder(void **state)
{
	static const char text[] = "conn writeback_cache=1\ninode 7\n"
				   "thread a: open 7 as f%s\nthread b: open 7 as g%s\n"
				   "thread daemon: reply f on d0 ; reply g on d0\n";
	char buf[512], err[512];
	struct fo_check_opts o;
	fo_scenario *sc;
	fo_verdict *v;
	const char *msg;

	fo_check_opts_init(&o);
	snprintf(buf, sizeof(buf), text, " trunc", " trunc");
	sc = parse_text(buf);
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(v), FO_ORACLE_DEADLOCK);
	msg = fo_verdict_message(v, FO_ORACLE_DEADLOCK);
	assert_non_null(msg);
	if (!strstr(msg, "waits for inode_lock() of inode 7, held by b (opening g)") &&
	    !strstr(msg, "waits for inode_lock() of inode 7, held by a (opening f)"))
		fail_msg("the deadlock does not name the lock and its holder: %s", msg);
	fo_verdict_free(v);
	fo_scenario_free(sc);
	snprintf(buf, sizeof(buf), text, "", "");
	sc = parse_text(buf);
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(v), 0);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

/* Random and PCT report what they ran, reproducibly, and find concern 2. */
static void test_sampling_strategies_find_and_repeat(void **state)
{
	fo_scenario *sc = parse_text(concern2);
	const enum fo_strategy st[] = { FO_STRATEGY_RANDOM, FO_STRATEGY_PCT };

	for (int i = 0; i < 2; i++) {
		struct fo_check_opts o;
		struct fo_check_stats a, b;
		fo_verdict *v, *w;
		char err[512];

		fo_check_opts_init(&o);
		o.strategy = st[i];
		o.runs = 300;
		o.seed = 7;
		assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
		assert_int_equal(fo_check(sc, &o, &w, err, sizeof(err)), 0);
		assert_int_equal(fo_verdict_stats(v, &a), 0);
		assert_int_equal(fo_verdict_stats(w, &b), 0);
		assert_int_equal(a.executions, 300);
		assert_int_equal(a.steps, b.steps);
		assert_int_equal(fo_verdict_violated(v), FO_ORACLE_STALE_OPEN);
		assert_string_equal(fo_verdict_schedule(v, FO_ORACLE_STALE_OPEN),
				    fo_verdict_schedule(w, FO_ORACLE_STALE_OPEN));
		fo_verdict_free(v);
		fo_verdict_free(w);
	}
	fo_scenario_free(sc);
}

/*
 * Concern 5's tension: a seq-aware FAIL loop alone removes the unneeded
 * reopen but lets a valid open return before the notification it is valid
 * against is applied, so its I/O meets the invalidation (inval-window).
 * fixed closes it by waiting for earlier notifications before linking.
 */
static void test_seq_aware_fail_loop_alone_opens_an_inval_window(void **state)
{
	char path[512], err[512];
	const char *set[] = { "fail_loop=seq", NULL };
	struct fo_check_opts o;
	fo_scenario *sc;
	fo_verdict *v;

	snprintf(path, sizeof(path), "%s/concern5-seq-blind-fail-loop.fos", FUSEORD_SCENARIO_DIR);
	sc = load(path);
	fo_check_opts_init(&o);
	o.variant = "v2";
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(v), FO_ORACLE_SPURIOUS_FAIL);
	fo_verdict_free(v);
	o.set = set;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(v), FO_ORACLE_INVAL_WINDOW);
	/* recorded with --set fail_loop=seq: it replays with that --set only */
	replay_twice_with(sc, fo_verdict_schedule(v, FO_ORACLE_INVAL_WINDOW),
			  FO_ORACLE_INVAL_WINDOW, &o);
	fo_verdict_free(v);
	o.variant = "fixed";
	o.set = NULL;
	o.strict = true;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_violated(v), 0);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

/*
 * Threads waiting for one signal: a wait that would block is no step of its
 * own, it is taken once the signal is given, and waits only read the
 * completion, so every schedule is the same trace: one execution for any
 * number of waiters (blocking and waking as two steps made it 2, 7, 37,
 * 261, ... for 1, 2, 3, 4 waiters).
 */
static void test_waiting_for_a_signal_is_one_step(void **state)
{
	for (int n = 1; n <= 8; n++) {
		char text[512];
		size_t k = (size_t)snprintf(text, sizeof(text), "inode 7\nthread s: signal go\n");
		struct fo_check_opts o;
		struct fo_check_stats st;
		fo_scenario *sc;
		fo_verdict *v;
		char err[512];

		for (int i = 0; i < n; i++)
			k += (size_t)snprintf(text + k, sizeof(text) - k, "thread w%d: wait go\n",
					      i);
		sc = parse_text(text);
		fo_check_opts_init(&o);
		assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
		assert_int_equal(fo_verdict_stats(v, &st), 0);
		assert_int_equal(st.proof, FO_PROOF_ALL);
		assert_int_equal(st.executions, 1);
		assert_int_equal(fo_verdict_violated(v), 0);
		fo_verdict_free(v);
		fo_scenario_free(sc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios_meet_expectations_and_cover_every_oracle),
		cmocka_unit_test(test_replay_refuses_a_token_that_does_not_fit),
		cmocka_unit_test(test_check_rejects_bad_options),
		cmocka_unit_test(test_set_overrides_the_variant),
		cmocka_unit_test(test_sampling_strategies_find_and_repeat),
		cmocka_unit_test(test_seq_aware_fail_loop_alone_opens_an_inval_window),
		cmocka_unit_test(test_a_wait_under_inode_lock_is_named_with_its_holder),
		cmocka_unit_test(test_waiting_for_a_signal_is_one_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

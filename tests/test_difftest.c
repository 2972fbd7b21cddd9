/* SPDX-License-Identifier: MIT */
/*
 * test_difftest.c - DPOR against plain DFS on random scenarios.
 *
 * For each seeded random scenario (src/sweep/gen.h: 2-4 threads over the
 * whole language) and each variant (pre, v2, fixed): DPOR's oracle set must
 * equal full DFS's wherever DFS finishes under its cap; elsewhere what DFS
 * with at most 3 preemptions finds must be a subset of DPOR's. Every
 * counterexample token either explorer prints must replay to a schedule
 * that violates its oracle. The same checks run on every .fos of the
 * regression directory, which keeps the scenarios where the two explorers
 * once disagreed.
 *
 *   test_difftest [--seeds A-B] [--ops N] [--threads N] [--dfs-cap N] [--min-complete N]
 *                 [--dir DIR] [--known FILE] [--write DIR] [--only-if VAR]
 *
 * A disagreement is printed with its scenario text, variant and both
 * oracle sets (and written as a .fos under --write DIR). The --known file
 * lists disagreements that are known today, one "VARIANT<TAB>KEY" line each
 * (KEY as `fuseord sweep --canon` prints it): those must still disagree
 * (else the test says the line is stale and fails), every other pair must
 * agree. An empty or absent file means every pair must agree.
 */
#include <errno.h>
#include <limits.h>
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

static const char *const variants[] = { "pre", "v2", "fixed" };

static struct {
	uint64_t seed_lo, seed_hi;
	int ops, threads;
	uint64_t dfs_cap, dpor_cap, bounded_cap;
	uint64_t min_complete;
	const char *dir;
	const char *known;
	const char *write;
} cfg = { .seed_lo = 1,
	  .seed_hi = 100,
	  .ops = 4,
	  .threads = 3,
	  .dfs_cap = 100000,
	  .dpor_cap = 100000,
	  .bounded_cap = 50000 };

#define MAX_KNOWN 256
static struct known {
	char variant[16];
	char key[SW_KEY_LEN];
	bool seen;
} known[MAX_KNOWN];
static int nknown;

static struct {
	uint64_t pairs, dfs_complete, bounded, skipped, replays, disagree, known_hit;
} tally;

static void oracle_text(unsigned mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!mask) {
		snprintf(buf, len, "ok");
		return;
	}
	for (int b = 0; b < FO_ORACLE_COUNT; b++)
		if (mask & (1u << b))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
					      fo_oracle_name(1u << b));
}

/* fo_check, or a failed test; *complete says whether the strategy finished. */
static fo_verdict *run(const fo_scenario *sc, const char *variant, enum fo_strategy s, int bound,
		       uint64_t cap, bool *complete)
{
	struct fo_check_opts o;
	struct fo_check_stats st;
	fo_verdict *v;

	fo_check_opts_init(&o);
	o.max_executions = cap;
	v = check_with(sc, "difftest", variant, s, bound, &o);
	assert_int_equal(fo_verdict_stats(v, &st), 0);
	*complete = st.complete;
	return v;
}

/* Every token of @v replays to a schedule that violates its oracle. */
static void replay_all(const fo_scenario *sc, const char *variant, const fo_verdict *v,
		       const char *what)
{
	unsigned mask = fo_verdict_violated(v);

	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		const char *tok;
		struct fo_check_opts o;
		fo_verdict *r;
		char err[512];

		if (!(mask & (1u << b)))
			continue;
		tok = fo_verdict_schedule(v, 1u << b);
		assert_non_null(tok);
		fo_check_opts_init(&o);
		o.variant = variant;
		if (fo_replay(sc, tok, &o, &r, err, sizeof(err)))
			fail_msg("%s: %s token %s does not replay: %s", variant, what, tok, err);
		if (!(fo_verdict_violated(r) & (1u << b)))
			fail_msg("%s: %s token %s for %s replays without it", variant, what, tok,
				 fo_oracle_name(1u << b));
		fo_verdict_free(r);
		tally.replays++;
	}
}

static struct known *find_known(const char *variant, const char *key)
{
	for (int i = 0; i < nknown; i++)
		if (!strcmp(known[i].variant, variant) && !strcmp(known[i].key, key))
			return &known[i];
	return NULL;
}

static void load_known(void)
{
	FILE *f;
	char line[SW_KEY_LEN + 32];

	if (!cfg.known || !(f = fopen(cfg.known, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');

		if (line[0] == '#' || !tab)
			continue;
		if (nl)
			*nl = '\0';
		*tab = '\0';
		assert_true(nknown < MAX_KNOWN);
		snprintf(known[nknown].variant, sizeof(known[0].variant), "%.15s", line);
		snprintf(known[nknown].key, sizeof(known[0].key), "%.1000s", tab + 1);
		nknown++;
	}
	fclose(f);
}

static int disagreements_total;

static void report(const char *text, const char *key, const char *variant, const char *how,
		   unsigned dpor, unsigned other)
{
	char a[128], b[128];
	struct known *k = find_known(variant, key);

	oracle_text(dpor, a, sizeof(a));
	oracle_text(other, b, sizeof(b));
	print_message("%s %s: DPOR %s, %s %s\n  key: %s\n%s\n",
		      k ? "KNOWN DISAGREEMENT" : "DISAGREEMENT", variant, a, how, b, key, text);
	if (cfg.write) {
		char path[PATH_MAX];
		FILE *f;

		/* name by the key's own hash, so a rerun overwrites, not adds */
		{
			uint64_t h = 1469598103934665603ull;

			for (const char *p = key; *p; p++)
				h = (h ^ (unsigned char)*p) * 1099511628211ull;
			snprintf(path, sizeof(path), "%s/%s-%016llx.fos", cfg.write, variant,
				 (unsigned long long)h);
		}
		if ((f = fopen(path, "w"))) {
			fprintf(f, "# DPOR and DFS disagree under %s: DPOR %s, %s %s\n", variant, a,
				how, b);
			fprintf(f, "scenario \"difftest: %s\"\nvariant %s\n%s", variant, variant,
				text);
			fclose(f);
		}
	}
	if (k) {
		k->seen = true;
		tally.known_hit++;
	} else {
		tally.disagree++;
	}
	disagreements_total++;
}

/* One scenario under one variant; the key names it in reports. */
static void check_pair(const fo_scenario *sc, const char *text, const char *key,
		       const char *variant)
{
	bool dpor_done, dfs_done, b_done;
	fo_verdict *dp = run(sc, variant, FO_STRATEGY_DPOR, -1, cfg.dpor_cap, &dpor_done);
	unsigned dpor = fo_verdict_violated(dp);
	fo_verdict *df;

	tally.pairs++;
	replay_all(sc, variant, dp, "DPOR");
	df = run(sc, variant, FO_STRATEGY_DFS, -1, cfg.dfs_cap, &dfs_done);
	replay_all(sc, variant, df, "DFS");
	if (dfs_done) {
		unsigned dfs = fo_verdict_violated(df);

		tally.dfs_complete++;
		/*
		 * A complete DPOR must find what DFS finds; an incomplete one at
		 * least finds nothing DFS does not (every DPOR schedule is one DFS runs).
		 */
		if (dpor_done ? dfs != dpor : (dpor & ~dfs) != 0)
			report(text, key, variant, "DFS", dpor, dfs);
	} else {
		fo_verdict *bv = run(sc, variant, FO_STRATEGY_DFS, 3, cfg.bounded_cap, &b_done);
		unsigned bd = fo_verdict_violated(bv);

		replay_all(sc, variant, bv, "DFS<=3");
		/* found is found, complete or not */
		if (bd & ~dpor && dpor_done)
			report(text, key, variant, "DFS<=3", dpor, bd);
		else if (!b_done && !dpor_done)
			tally.skipped++;
		else
			tally.bounded++;
		fo_verdict_free(bv);
	}
	fo_verdict_free(df);
	fo_verdict_free(dp);
}

static void check_text(const char *text, const char *name)
{
	fo_scenario *sc;
	struct sw_scn s, c;
	char err[512], key[SW_KEY_LEN];

	if (fo_scenario_parse(text, strlen(text), name, &sc, err, sizeof(err)))
		fail_msg("%s", err);
	if (fo_sw_from_scenario(sc, &s, err, sizeof(err)))
		snprintf(key, sizeof(key), "%s", name);
	else {
		fo_sw_canon(&s, &c);
		fo_sw_key(&c, key, sizeof(key));
	}
	for (size_t v = 0; v < sizeof(variants) / sizeof(variants[0]); v++)
		check_pair(sc, text, key, variants[v]);
	fo_scenario_free(sc);
}

static void check_known_lines(void)
{
	int stale = 0;

	for (int i = 0; i < nknown; i++)
		if (!known[i].seen) {
			print_message(
				"STALE known disagreement (agrees now, or was not run): %s\t%s\n",
				known[i].variant, known[i].key);
			stale++;
		}
	print_message("pairs %llu: DFS complete %llu, DFS<=3 subset %llu, neither finished %llu; "
		      "%llu tokens replayed; %llu new disagreements, %llu known\n",
		      (unsigned long long)tally.pairs, (unsigned long long)tally.dfs_complete,
		      (unsigned long long)tally.bounded, (unsigned long long)tally.skipped,
		      (unsigned long long)tally.replays, (unsigned long long)tally.disagree,
		      (unsigned long long)tally.known_hit);
	assert_int_equal(tally.disagree, 0);
	(void)stale;
}

static void test_dpor_agrees_with_dfs_on_random_scenarios(void **state)
{
	struct sw_random_opts o = {
		.threads_min = 2, .threads_max = cfg.threads, .ops_max = cfg.ops, .sets = true
	};

	(void)state;
	for (uint64_t seed = cfg.seed_lo; seed <= cfg.seed_hi; seed++) {
		struct sw_scn s;
		char text[SW_TEXT_LEN], key[SW_KEY_LEN], name[64];

		fo_sw_random(seed, &o, &s);
		assert_true(fo_sw_format(&s, NULL, text, sizeof(text)) > 0);
		fo_sw_key(&s, key, sizeof(key));
		snprintf(name, sizeof(name), "seed-%llu.fos", (unsigned long long)seed);
		check_text(text, name);
	}
	assert_true(tally.dfs_complete >= cfg.min_complete);
}

static void test_dpor_agrees_with_dfs_on_the_regression_inputs(void **state)
{
	static char paths[256][PATH_MAX];
	int n;

	(void)state;
	if (!cfg.dir)
		skip();
	n = list_scenarios(cfg.dir, paths, 256);
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "r");
		static char text[1 << 16];
		size_t len;

		assert_non_null(f);
		len = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
		text[len] = '\0';
		check_text(text, paths[i]);
	}
}

static void test_the_known_list_is_current(void **state)
{
	(void)state;
	check_known_lines();
	for (int i = 0; i < nknown; i++)
		if (!known[i].seen)
			fail_msg("known disagreement no longer seen; remove its line from %s",
				 cfg.known);
}

static uint64_t num(const char *s, const char *opt)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (!*s || *end) {
		fprintf(stderr, "test_difftest: %s: not a number: %s\n", opt, s);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dpor_agrees_with_dfs_on_the_regression_inputs),
		cmocka_unit_test(test_dpor_agrees_with_dfs_on_random_scenarios),
		cmocka_unit_test(test_the_known_list_is_current),
	};

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v) {
			fprintf(stderr, "test_difftest: %s needs a value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--only-if")) {
			/* a tier too long for every run: it runs when the variable is set */
			if (!getenv(v) || !*getenv(v)) {
				printf("SKIP: set %s=1 to run this tier\n", v);
				return 77;
			}
		} else if (!strcmp(a, "--seeds")) {
			const char *dash = strchr(v, '-');
			char lo[32];

			if (!dash || (size_t)(dash - v) >= sizeof(lo)) {
				fprintf(stderr, "test_difftest: --seeds A-B\n");
				return 2;
			}
			snprintf(lo, sizeof(lo), "%.*s", (int)(dash - v), v);
			cfg.seed_lo = num(lo, a);
			cfg.seed_hi = num(dash + 1, a);
		} else if (!strcmp(a, "--ops"))
			cfg.ops = (int)num(v, a);
		else if (!strcmp(a, "--threads"))
			cfg.threads = (int)num(v, a);
		else if (!strcmp(a, "--dfs-cap"))
			cfg.dfs_cap = num(v, a);
		else if (!strcmp(a, "--min-complete"))
			cfg.min_complete = num(v, a);
		else if (!strcmp(a, "--dir"))
			cfg.dir = v;
		else if (!strcmp(a, "--known"))
			cfg.known = v;
		else if (!strcmp(a, "--write"))
			cfg.write = v;
		else {
			fprintf(stderr, "test_difftest: unknown option %s\n", a);
			return 2;
		}
	}
	load_known();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

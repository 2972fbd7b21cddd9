/* SPDX-License-Identifier: MIT */
/*
 * scenario_helpers.h - what the scenario tests share: the .fos files of a
 * directory, a scenario parsed from a string, and a check that fails the
 * test on an error. Include after <cmocka.h>.
 */
#ifndef FUSEORD_TESTS_SCENARIO_HELPERS_H
#define FUSEORD_TESTS_SCENARIO_HELPERS_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/fuseord.h"

/* The .fos files of @dir, sorted, as paths; at most @max of them. */
static inline int list_scenarios(const char *dir, char paths[][PATH_MAX], int max)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), count = 0;

	assert_true(n > 0);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len > 4 && !strcmp(ents[i]->d_name + len - 4, ".fos") && count < max)
			snprintf(paths[count++], PATH_MAX, "%s/%s", dir, ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return count;
}

/* @text parsed as the scenario file "t.fos"; a parse error fails the test. */
static inline fo_scenario *parse_text(const char *text)
{
	char err[512];
	fo_scenario *sc = NULL;

	if (fo_scenario_parse(text, strlen(text), "t.fos", &sc, err, sizeof(err)))
		fail_msg("%s", err);
	return sc;
}

/*
 * fo_check() of @sc under @variant with @strategy and preemption bound
 * @bound, the other options @o's (NULL: the defaults); an error fails the
 * test, naming @name.
 */
static inline fo_verdict *check_with(const fo_scenario *sc, const char *name, const char *variant,
				     enum fo_strategy strategy, int bound,
				     const struct fo_check_opts *o)
{
	struct fo_check_opts opts;
	fo_verdict *v;
	char err[512];

	if (o)
		opts = *o;
	else
		fo_check_opts_init(&opts);
	opts.variant = variant;
	opts.strategy = strategy;
	opts.preemptions = bound;
	if (fo_check(sc, &opts, &v, err, sizeof(err)))
		fail_msg("%s [%s]: fo_check: %s", name, variant, err);
	return v;
}

#endif /* FUSEORD_TESTS_SCENARIO_HELPERS_H */

/* SPDX-License-Identifier: MIT */
/*
 * scenario_helpers.h - what the scenario tests share: the .fos files of a
 * directory, and a scenario parsed from a string. Include after <cmocka.h>.
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

#endif /* FUSEORD_TESTS_SCENARIO_HELPERS_H */

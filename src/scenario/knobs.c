/* SPDX-License-Identifier: MIT */
/*
 * knobs.c - one judge of "knob=value" and of variant names, for a file's
 * `set` and `define` lines and for the command's --set and --variant: the
 * same mistake gets the same message wherever it is made (which of knob or
 * value is wrong, what it takes, and the closest name that exists).
 */
#include <stdio.h>
#include <string.h>

#include "fuseord/variant.h"
#include "model/fuse_i.h"
#include "scenario/scenario.h"
#include "util/util.h"

#define MAX_NAMES 32

/* The closest of @n names to @word, if close enough to be a slip; else NULL. */
static const char *closest(const char *word, const char *const *names, int n)
{
	const char *best = NULL;
	int bestd = 3;

	for (int i = 0; i < n; i++) {
		int d = util_edit_distance(word, names[i]);

		if (d < bestd && d * 3 <= (int)strlen(names[i])) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

int scenario_knob_check(const char *knob, const char *value, char *err, size_t errlen)
{
	struct fuse_knobs k;
	char list[256] = "", hint[64] = "";
	size_t used = 0;
	int idx = -1;

	for (int i = 0; i < fo_knob_count(); i++) {
		if (!strcmp(fo_knob_name(i), knob))
			idx = i;
		used += (size_t)snprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0,
					 "%s%s", i ? ", " : "", fo_knob_name(i));
		if (used >= sizeof(list))
			used = sizeof(list) - 1;
	}
	if (idx < 0) {
		const char *names[MAX_NAMES], *near;
		int n = 0;

		for (int i = 0; i < fo_knob_count() && n < MAX_NAMES; i++)
			names[n++] = fo_knob_name(i);
		near = closest(knob, names, n);

		if (near)
			snprintf(hint, sizeof(hint), "; did you mean '%s'?", near);
		snprintf(err, errlen, "unknown knob '%.40s' (knobs: %s%s)", knob, list, hint);
		return -EINVAL;
	}
	fuse_knobs_for_variant("v2", &k);
	if (fuse_knob_set(&k, knob, value) == 0)
		return 0;
	if (strchr(fo_knob_values(idx), '|')) {
		char vals[MAX_NAMES][32];
		const char *names[MAX_NAMES], *near;
		int n = 0;

		for (const char *p = fo_knob_values(idx); p && n < MAX_NAMES; n++) {
			snprintf(vals[n], sizeof(vals[n]), "%.*s", (int)strcspn(p, "|"), p);
			names[n] = vals[n];
			p = strchr(p, '|');
			p = p ? p + 1 : NULL;
		}
		near = closest(value, names, n);
		if (near)
			snprintf(hint, sizeof(hint), "; did you mean '%s'?", near);
		snprintf(err, errlen, "bad value '%.40s' for knob '%s' (it takes %s%s)", value, knob,
			 fo_knob_values(idx), hint);
	} else {
		snprintf(err, errlen, "bad value '%.40s' for knob '%s' (it takes an integer in %s)",
			 value, knob, fo_knob_values(idx));
	}
	return -EINVAL;
}

void scenario_variant_suggest(const struct scenario *a, const struct scenario *b,
			      const char *name, char *buf, size_t len)
{
	const char *names[MAX_NAMES], *near;
	int n = 0;

	for (int i = 0; i < fo_variant_count() && n < MAX_NAMES; i++)
		names[n++] = fo_variant_name(i);
	for (int i = 0; a && i < a->ndefines && n < MAX_NAMES; i++)
		names[n++] = a->defines[i].name;
	for (int i = 0; b && i < b->ndefines && n < MAX_NAMES; i++)
		names[n++] = b->defines[i].name;
	near = closest(name, names, n);
	if (near)
		snprintf(buf, len, "; did you mean '%s'?", near);
	else if (len)
		buf[0] = '\0';
}

/*
 * Variants a scenario may name although the model has no row for them yet.
 * "fixed" is the design docs/protocol.md §6 asks the project to propose; the
 * shipped scenarios state what they expect of it before it exists. Once
 * variant.c has the row, the entry here is harmless and may go.
 */
static const char *const scenario_future_variants[] = { "fixed" };

#define NR_FUTURE ((int)(sizeof(scenario_future_variants) / sizeof(scenario_future_variants[0])))

static bool model_has_variant(const char *name)
{
	for (int i = 0; i < fo_variant_count(); i++)
		if (!strcmp(fo_variant_name(i), name))
			return true;
	return false;
}

bool scenario_variant_known(const char *name)
{
	if (!name)
		return false;
	if (model_has_variant(name))
		return true;
	for (int i = 0; i < NR_FUTURE; i++)
		if (!strcmp(scenario_future_variants[i], name))
			return true;
	return false;
}

void scenario_variants_format(char *buf, size_t len)
{
	size_t used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (int i = 0; i < fo_variant_count() + NR_FUTURE; i++) {
		const char *name = i < fo_variant_count() ?
					   fo_variant_name(i) :
					   scenario_future_variants[i - fo_variant_count()];
		int n;

		if (i >= fo_variant_count() && model_has_variant(name))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

/* SPDX-License-Identifier: MIT */
/*
 * tree.c - what a parsed scenario owns: the allocator every file of the
 * scenario language goes through (with its fault injection), freeing the
 * tree, and finding a define in it. The lowest file of src/scenario/: the
 * lexer, the parser and the loader use it, it uses none of them.
 */
#include <stdlib.h>
#include <string.h>

#include "fuseord/scenario.h"
#include "scenario/scenario.h"

/* Per thread, so one test's injected failure never hits another's parse. */
static _Thread_local int fail_alloc_countdown;

void scenario_fail_alloc_after(int n)
{
	fail_alloc_countdown = n;
}

static bool fail_this_alloc(void)
{
	return fail_alloc_countdown && !--fail_alloc_countdown;
}

void *scenario_malloc(size_t size)
{
	return fail_this_alloc() ? NULL : malloc(size);
}

void *scenario_realloc(void *p, size_t size)
{
	return fail_this_alloc() ? NULL : realloc(p, size);
}

void scenario_release(struct scenario *sc)
{
	free(sc->filename);
	free(sc->title);
	free(sc->variant);
	for (int i = 0; i < sc->ndefines; i++) {
		struct scenario_define *d = &sc->defines[i];

		for (int j = 0; j < d->nknobs; j++) {
			free(d->knobs[j].name);
			free(d->knobs[j].value);
		}
		free(d->knobs);
		free(d->name);
		free(d->base);
	}
	free(sc->defines);
	for (int i = 0; i < sc->nknobs; i++) {
		free(sc->knobs[i].name);
		free(sc->knobs[i].value);
	}
	free(sc->knobs);
	for (int i = 0; i < sc->ndevs; i++)
		free(sc->devs[i].name);
	free(sc->devs);
	free(sc->inodes);
	for (int i = 0; i < sc->nfiles; i++)
		free(sc->files[i].name);
	free(sc->files);
	for (int i = 0; i < sc->nthreads; i++) {
		free(sc->threads[i].name);
		free(sc->threads[i].ops);
	}
	free(sc->threads);
	for (int i = 0; i < sc->nsyncs; i++)
		free(sc->syncs[i].name);
	free(sc->syncs);
	for (int i = 0; i < sc->nexpects; i++)
		free(sc->expects[i].variant);
	free(sc->expects);
	memset(sc, 0, sizeof(*sc));
}

void fo_scenario_free(fo_scenario *s)
{
	if (!s)
		return;
	scenario_release(&s->sc);
	free(s);
}

const struct scenario_define *scenario_define_find(const struct scenario *sc, const char *name)
{
	for (int i = 0; sc && name && i < sc->ndefines; i++)
		if (!strcmp(sc->defines[i].name, name))
			return &sc->defines[i];
	return NULL;
}

/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - the life of a parsed scenario: loading a file, freeing, the
 * public accessors, and which variant names a scenario may use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuseord/scenario.h"
#include "fuseord/variant.h"
#include "scenario/scenario.h"

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

static int io_error(const char *path, int err, char *buf, size_t len)
{
	if (buf && len && err == ENOMEM)
		snprintf(buf, len, "%s: error: out of memory", path);
	else if (buf && len)
		snprintf(buf, len, "%s: error: cannot read: %s", path,
			 err == EFBIG ? "larger than 1 MiB" : strerror(err));
	return -err;
}

static int load(const char *path, fo_scenario **out, char *err, size_t errlen, bool defines_only)
{
	size_t len = 0, cap = 4096;
	char *text;
	int fd, ret;

	if (err && errlen)
		err[0] = '\0';
	if (out)
		*out = NULL;
	if (!path || !out) {
		if (err && errlen)
			snprintf(err, errlen, "%s: error: NULL %s", path ? path : "<input>",
				 path ? "result pointer" : "path");
		return -EINVAL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return io_error(path, errno, err, errlen);
	text = scenario_malloc(cap);
	if (!text) {
		close(fd);
		return io_error(path, ENOMEM, err, errlen);
	}
	/* Read to the end rather than trust st_size: a pipe or /dev/stdin has none. */
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *bigger;

			if (cap > SC_MAX_TEXT) {
				ret = io_error(path, EFBIG, err, errlen);
				goto out;
			}
			bigger = scenario_realloc(text, cap * 2);
			if (!bigger) {
				ret = io_error(path, ENOMEM, err, errlen);
				goto out;
			}
			text = bigger;
			cap *= 2;
		}
		n = read(fd, text + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = io_error(path, errno, err, errlen);
			goto out;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	if (len > SC_MAX_TEXT)
		ret = io_error(path, EFBIG, err, errlen);
	else
		ret = scenario_parse(text, len, path, out, err, errlen, defines_only);
out:
	free(text);
	close(fd);
	return ret;
}

int fo_scenario_load(const char *path, fo_scenario **out, char *err, size_t errlen)
{
	return load(path, out, err, errlen, false);
}

int fo_variants_load(const char *path, fo_scenario **out, char *err, size_t errlen)
{
	return load(path, out, err, errlen, true);
}

const char *fo_scenario_title(const fo_scenario *s)
{
	return s ? s->sc.title : NULL;
}

const char *fo_scenario_variant(const fo_scenario *s)
{
	return s ? s->sc.variant : NULL;
}

int fo_scenario_expect(const fo_scenario *s, const char *variant, unsigned *oracles)
{
	const struct scenario_expect *found = NULL;
	const struct scenario *sc;

	if (oracles)
		*oracles = 0;
	if (!s)
		return -EINVAL;
	sc = &s->sc;
	if (!variant)
		variant = sc->variant;
	if (!scenario_variant_known(variant) && !scenario_define_find(sc, variant))
		return -EINVAL;
	for (int i = 0; i < sc->nexpects && !found; i++) {
		const struct scenario_expect *e = &sc->expects[i];

		/* the parser allows only one of a bare and a named line per variant */
		if (e->variant ? !strcmp(e->variant, variant) :
				 sc->variant && !strcmp(sc->variant, variant))
			found = e;
	}
	if (!found)
		return 0;
	if (oracles)
		*oracles = found->oracles;
	return 1;
}

uint64_t fo_scenario_hash(const fo_scenario *s)
{
	return s ? s->sc.hash : 0;
}

const struct scenario_define *scenario_define_find(const struct scenario *sc, const char *name)
{
	for (int i = 0; sc && name && i < sc->ndefines; i++)
		if (!strcmp(sc->defines[i].name, name))
			return &sc->defines[i];
	return NULL;
}

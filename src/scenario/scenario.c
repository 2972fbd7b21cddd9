/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - a scenario from a file: loading it (the parser does the
 * rest) and the public accessors. What a parsed scenario owns and how it
 * is freed is tree.c's, which variant names it may use knobs.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuseord/scenario.h"
#include "scenario/scenario.h"

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

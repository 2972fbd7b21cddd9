/* SPDX-License-Identifier: MIT */
/*
 * variant.c - the registry of named variants (the built-in ones of
 * variant_pre.c, variant_v2.c and variant_fixed.c, and those loaded from C
 * files) and the knobs (docs/protocol.md §6). Adding a knob is adding a
 * field to struct fuse_knobs (fuseord/fuse_variant.h), a descriptor below,
 * and the knob check at the line of the kernel code it changes.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/variant.h"
#include "model/fuse_i.h"

/*
 * The built-in variants, then the loaded ones (fo_variant_load()). The
 * registry is the one piece of mutable global state of the model: entries
 * are only ever appended, under registry_lock, and published by the
 * release store of nloaded, so readers take no lock and an entry never
 * changes once it is seen. Loaded variants live until the process exits.
 */
static const struct fuse_variant *const builtin_variants[] = {
	&fuse_variant_pre,
	&fuse_variant_v2,
	&fuse_variant_fixed,
};

#define NR_BUILTIN ((int)(sizeof(builtin_variants) / sizeof(builtin_variants[0])))
#define MAX_LOADED 64

static struct fuse_variant loaded_variants[MAX_LOADED];
static int nloaded;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

static int nr_variants(void)
{
	return NR_BUILTIN + __atomic_load_n(&nloaded, __ATOMIC_ACQUIRE);
}

static const struct fuse_variant *variant_at(int i)
{
	if (i < 0 || i >= nr_variants())
		return NULL;
	return i < NR_BUILTIN ? builtin_variants[i] : &loaded_variants[i - NR_BUILTIN];
}

const struct fuse_variant *fuse_variant_find(const char *name)
{
	int n = nr_variants();

	for (int i = 0; name && i < n; i++)
		if (!strcmp(variant_at(i)->name, name))
			return variant_at(i);
	return NULL;
}

int fuse_variant_register(const struct fuse_variant *v)
{
	int err = 0;

	pthread_mutex_lock(&registry_lock);
	if (fuse_variant_find(v->name))
		err = -EEXIST;
	else if (nloaded >= MAX_LOADED)
		err = -ENOSPC;
	else {
		loaded_variants[nloaded] = *v;
		__atomic_store_n(&nloaded, nloaded + 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&registry_lock);
	return err;
}

struct knob_desc {
	const char *name;
	size_t offset;
	const char *const *values; /* NULL: numeric in [min, max] */
	int nvalues;
	int min, max;
	const char *range;         /* what fo_knob_values() prints */
};

static const char *const seq_scope_names[] = { "none", "dev", "conn" };
static const char *const seq_inc_names[] = { "plain", "atomic" };
static const char *const seq_read_names[] = { "reread", "captured" };
static const char *const link_names[] = { "always", "close_wait" };
static const char *const fail_loop_names[] = { "blind", "seq" };
static const char *const no_open_seq_names[] = { "zero", "fresh" };
static const char *const inval_seq_names[] = { "last", "max" };
static const char *const watermark_names[] = { "none", "wait" };
static const char *const sync_release_names[] = { "unlink", "keep" };
static const char *const inval_wait_names[] = { "close_wait", "always" };
static const char *const absent_inval_names[] = { "drop", "record" };

#define ENUM_KNOB(field, names, range)                                              \
	{ #field, offsetof(struct fuse_knobs, field), names,                           \
	  (int)(sizeof(names) / sizeof(names[0])), 0, 0, range }

static const struct knob_desc knob_descs[] = {
	ENUM_KNOB(seq_scope, seq_scope_names, "none|dev|conn"),
	ENUM_KNOB(seq_inc, seq_inc_names, "plain|atomic"),
	ENUM_KNOB(seq_read, seq_read_names, "reread|captured"),
	ENUM_KNOB(link, link_names, "always|close_wait"),
	ENUM_KNOB(fail_loop, fail_loop_names, "blind|seq"),
	ENUM_KNOB(no_open_seq, no_open_seq_names, "zero|fresh"),
	{ "seq_bits", offsetof(struct fuse_knobs, seq_bits), NULL, 0, 8, 64, "8..64" },
	ENUM_KNOB(inval_seq, inval_seq_names, "last|max"),
	ENUM_KNOB(watermark, watermark_names, "none|wait"),
	ENUM_KNOB(sync_release, sync_release_names, "unlink|keep"),
	ENUM_KNOB(inval_wait, inval_wait_names, "close_wait|always"),
	ENUM_KNOB(absent_inval, absent_inval_names, "drop|record"),
};

#define NR_KNOBS ((int)(sizeof(knob_descs) / sizeof(knob_descs[0])))

static const struct knob_desc *knob_find(const char *name)
{
	for (int i = 0; name && i < NR_KNOBS; i++)
		if (!strcmp(knob_descs[i].name, name))
			return &knob_descs[i];
	return NULL;
}

static int *knob_field(struct fuse_knobs *k, const struct knob_desc *d)
{
	return (int *)((char *)k + d->offset);
}

static int knob_format_value(const struct knob_desc *d, int v, char *buf, size_t len)
{
	if (d->values)
		return snprintf(buf, len, "%s", d->values[v]);
	return snprintf(buf, len, "%d", v);
}

int fuse_knobs_for_variant(const char *variant, struct fuse_knobs *out)
{
	const struct fuse_variant *v = fuse_variant_find(variant);

	if (!v || !out)
		return -EINVAL;
	*out = v->knobs;
	return 0;
}

int fuse_knob_set(struct fuse_knobs *k, const char *knob, const char *value)
{
	const struct knob_desc *d = knob_find(knob);
	char *end;
	long n;

	if (!d || !k || !value)
		return -EINVAL;
	if (d->values) {
		for (int i = 0; i < d->nvalues; i++) {
			if (!strcmp(d->values[i], value)) {
				*knob_field(k, d) = i;
				return 0;
			}
		}
		return -EINVAL;
	}
	n = strtol(value, &end, 10);
	if (end == value || *end || n < d->min || n > d->max)
		return -EINVAL;
	*knob_field(k, d) = (int)n;
	return 0;
}

int fuse_knobs_format(const struct fuse_knobs *k, char *buf, size_t len)
{
	size_t used = 0;
	int total = 0;

	if (!k || (!buf && len))
		return -EINVAL;
	for (int i = 0; i < NR_KNOBS; i++) {
		const struct knob_desc *d = &knob_descs[i];
		char val[16];
		int n;

		knob_format_value(d, *knob_field((struct fuse_knobs *)k, d), val, sizeof(val));
		char scratch;

		/* with no room left, snprintf only counts; it still wants a pointer */
		n = snprintf(buf && len > used ? buf + used : &scratch, len > used ? len - used : 0,
			     "%s%s=%s", i ? " " : "", d->name, val);
		total += n;
		used = (size_t)total < len ? (size_t)total : len;
	}
	return total;
}

/*
 * The code is one letter per enum knob (the first letter of its value; the
 * values of one knob all start differently) and then seq_bits in decimal.
 */
int fuse_knobs_code(const struct fuse_knobs *k, char *buf, size_t len)
{
	char code[32];
	size_t n = 0;

	for (int i = 0; i < NR_KNOBS; i++) {
		const struct knob_desc *d = &knob_descs[i];
		int v = *knob_field((struct fuse_knobs *)k, d);

		if (d->values)
			code[n++] = d->values[v][0];
		else
			n += (size_t)snprintf(code + n, sizeof(code) - n, "%d", v);
	}
	code[n] = '\0';
	return snprintf(buf, len, "%s", code);
}

/*
 * A code may be shorter than the table: knobs added after it was written
 * keep the value @k has (the variant's), so older tokens still replay.
 */
int fuse_knobs_from_code(const char *code, struct fuse_knobs *k)
{
	struct fuse_knobs out = *k;

	for (int i = 0; i < NR_KNOBS && *code; i++) {
		const struct knob_desc *d = &knob_descs[i];
		int v = -1;

		if (d->values) {
			for (int j = 0; j < d->nvalues && v < 0; j++)
				if (*code == d->values[j][0])
					v = j;
			if (v < 0)
				return -EINVAL;
			code++;
		} else {
			char *end;
			long n = strtol(code, &end, 10);

			if (end == code || n < d->min || n > d->max)
				return -EINVAL;
			v = (int)n;
			code = end;
		}
		*knob_field(&out, d) = v;
	}
	if (*code)
		return -EINVAL;
	*k = out;
	return 0;
}

/* ---- public ---- */

int fo_variant_count(void)
{
	return nr_variants();
}

const char *fo_variant_name(int i)
{
	const struct fuse_variant *v = variant_at(i);

	return v ? v->name : NULL;
}

const char *fo_variant_summary(int i)
{
	const struct fuse_variant *v = variant_at(i);

	return v ? v->summary : NULL;
}

int fo_knob_count(void)
{
	return NR_KNOBS;
}

const char *fo_knob_name(int i)
{
	return i >= 0 && i < NR_KNOBS ? knob_descs[i].name : NULL;
}

const char *fo_knob_values(int i)
{
	return i >= 0 && i < NR_KNOBS ? knob_descs[i].range : NULL;
}

int fo_variant_knob(const char *variant, const char *knob, char *buf, size_t len)
{
	const struct fuse_variant *v = fuse_variant_find(variant);
	const struct knob_desc *d = knob_find(knob);
	struct fuse_knobs k;

	if (!v || !d || (!buf && len))
		return -EINVAL;
	k = v->knobs;
	return knob_format_value(d, *knob_field(&k, d), buf, len);
}

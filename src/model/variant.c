/* SPDX-License-Identifier: MIT */
/*
 * variant.c - the knob table: one row per named protocol variant
 * (docs/protocol.md §6). Adding a variant is adding a row; adding a knob is adding
 * a field to struct fuse_knobs, a descriptor below, and the knob check at the
 * line of the kernel code it changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/variant.h"
#include "model/fuse_i.h"

struct fuse_variant {
	const char *name;
	const char *summary;
	struct fuse_knobs knobs;
};

static const struct fuse_variant fuse_variants[] = {
	{ "pre", "the kernel before the patch: FUSE_I_INVAL_FILES only, no sequence numbers",
	  { .seq_scope = SEQ_SCOPE_NONE, .seq_inc = SEQ_INC_PLAIN, .seq_read = SEQ_READ_REREAD,
	    .link = LINK_ALWAYS, .fail_loop = FAIL_LOOP_BLIND, .no_open_seq = NO_OPEN_SEQ_ZERO,
	    .seq_bits = 64, .inval_seq = INVAL_SEQ_LAST, .watermark = WATERMARK_NONE } },
	{ "v2", "patch v2 as posted: per-device write_seq, linking and waiting under close_wait",
	  { .seq_scope = SEQ_SCOPE_DEV, .seq_inc = SEQ_INC_PLAIN, .seq_read = SEQ_READ_REREAD,
	    .link = LINK_CLOSE_WAIT, .fail_loop = FAIL_LOOP_BLIND, .no_open_seq = NO_OPEN_SEQ_ZERO,
	    .seq_bits = 64, .inval_seq = INVAL_SEQ_LAST, .watermark = WATERMARK_NONE } },
	{ "fixed", "this project's proposal (not a posted patch): one connection-wide number taken at entry, the open waits "
		   "until every earlier write is applied, a seq-aware FAIL loop, linking and waiting always",
	  { .seq_scope = SEQ_SCOPE_CONN, .seq_inc = SEQ_INC_ATOMIC, .seq_read = SEQ_READ_CAPTURED,
	    .link = LINK_ALWAYS, .fail_loop = FAIL_LOOP_SEQ, .no_open_seq = NO_OPEN_SEQ_FRESH,
	    .seq_bits = 64, .inval_seq = INVAL_SEQ_MAX, .watermark = WATERMARK_WAIT,
	    .inval_wait = INVAL_WAIT_ALWAYS, .absent_inval = ABSENT_INVAL_RECORD } },
};

#define NR_VARIANTS ((int)(sizeof(fuse_variants) / sizeof(fuse_variants[0])))

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

static const struct fuse_variant *variant_find(const char *name)
{
	for (int i = 0; name && i < NR_VARIANTS; i++)
		if (!strcmp(fuse_variants[i].name, name))
			return &fuse_variants[i];
	return NULL;
}

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
	const struct fuse_variant *v = variant_find(variant);

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
	return NR_VARIANTS;
}

const char *fo_variant_name(int i)
{
	return i >= 0 && i < NR_VARIANTS ? fuse_variants[i].name : NULL;
}

const char *fo_variant_summary(int i)
{
	return i >= 0 && i < NR_VARIANTS ? fuse_variants[i].summary : NULL;
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
	const struct fuse_variant *v = variant_find(variant);
	const struct knob_desc *d = knob_find(knob);
	struct fuse_knobs k;

	if (!v || !d || (!buf && len))
		return -EINVAL;
	k = v->knobs;
	return knob_format_value(d, *knob_field(&k, d), buf, len);
}

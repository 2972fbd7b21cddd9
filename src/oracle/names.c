/* SPDX-License-Identifier: MIT */
/*
 * names.c - the names of the oracles, as docs/protocol.md spells them and
 * scenario files, reports and JSON use them. Bit i of enum fo_oracle is
 * row i.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "oracle/names.h"

static const char *const oracle_names[FO_ORACLE_COUNT] = {
	"stale-open", "inval-window", "spurious-fail", "fiemap-miss",
	"deadlock",   "leak",         "seq-race",
};

_Static_assert(FO_ORACLE_SEQ_RACE == 1u << (FO_ORACLE_COUNT - 1),
	       "FO_ORACLE_COUNT and the last oracle bit disagree");

int oracle_bit_index(unsigned bit)
{
	/* exactly one bit, and one we know */
	if (!bit || (bit & (bit - 1)) || bit > FO_ORACLE_ALL)
		return -1;
	return __builtin_ctz(bit);
}

const char *fo_oracle_name(unsigned oracle_bit)
{
	int i = oracle_bit_index(oracle_bit);

	return i < 0 ? NULL : oracle_names[i];
}

int fo_oracle_parse(const char *name)
{
	for (int i = 0; name && i < FO_ORACLE_COUNT; i++)
		if (!strcmp(oracle_names[i], name))
			return (int)(1u << i);
	return -EINVAL;
}

void oracle_mask_text(unsigned mask, const char *sep, char *buf, size_t len)
{
	size_t n = 0;

	if (!len)
		return;
	buf[0] = '\0';
	if (!mask) {
		snprintf(buf, len, "ok");
		return;
	}
	for (int b = 0; b < FO_ORACLE_COUNT && n < len; b++)
		if (mask & (1u << b))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? sep : "",
					      oracle_names[b]);
}

/* SPDX-License-Identifier: MIT */
/*
 * oracle_names.c - the names of the oracles, as PROTOCOL.md §5 spells them
 * and scenario files, reports and JSON use them. Bit i of enum fo_oracle is
 * row i.
 */
#include <errno.h>
#include <string.h>

#include "fuseord/oracle.h"

static const char *const oracle_names[FO_ORACLE_COUNT] = {
	"stale-open", "inval-window", "spurious-fail", "fiemap-miss",
	"deadlock",   "leak",         "seq-race",
};

_Static_assert(FO_ORACLE_SEQ_RACE == 1u << (FO_ORACLE_COUNT - 1),
	       "FO_ORACLE_COUNT and the last oracle bit disagree");

const char *fo_oracle_name(unsigned oracle_bit)
{
	/* exactly one bit, and one we know */
	if (!oracle_bit || (oracle_bit & (oracle_bit - 1)) || oracle_bit > FO_ORACLE_ALL)
		return NULL;
	return oracle_names[__builtin_ctz(oracle_bit)];
}

int fo_oracle_parse(const char *name)
{
	for (int i = 0; name && i < FO_ORACLE_COUNT; i++)
		if (!strcmp(oracle_names[i], name))
			return (int)(1u << i);
	return -EINVAL;
}

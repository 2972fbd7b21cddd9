/* SPDX-License-Identifier: MIT */
/*
 * oracle/names.h - the oracle layer's names and bits, for the layers above
 * it (the checker, the runner): one index of a bit, one joiner of a mask.
 * The public half is include/fuseord/oracle.h.
 */
#ifndef FUSEORD_ORACLE_NAMES_H
#define FUSEORD_ORACLE_NAMES_H

#include <stddef.h>

#include "fuseord/oracle.h"

#define oracle_bit_index fo_k_oracle_bit_index
#define oracle_mask_text fo_k_oracle_mask_text

/* 0 .. FO_ORACLE_COUNT - 1 for exactly one oracle bit; else -1. */
int oracle_bit_index(unsigned bit);

/* The names of @mask joined by @sep ("ok" for 0), cut to fit @len. */
void oracle_mask_text(unsigned mask, const char *sep, char *buf, size_t len);

#endif /* FUSEORD_ORACLE_NAMES_H */

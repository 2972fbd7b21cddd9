/* SPDX-License-Identifier: MIT */
/**
 * @file oracle.h
 * @brief The oracles: what must hold in every execution (docs/protocol.md §5).
 *
 * Each oracle is one bit, so a set of violated (or expected) oracles is a
 * plain unsigned mask; 0 means "ok". The names are the ones scenario files
 * and reports use ("stale-open", "seq-race", ...).
 */
#ifndef FUSEORD_ORACLE_H
#define FUSEORD_ORACLE_H

#include "fuseord/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One bit per oracle of docs/protocol.md §5. */
enum fo_oracle {
	/** An open returned 0 for a file that is stale and was never flagged. */
	FO_ORACLE_STALE_OPEN = 1u << 0,
	/** I/O (or the open's return) while a notification it is valid against is in progress. */
	FO_ORACLE_INVAL_WINDOW = 1u << 1,
	/** A file flagged although it is valid against every notification (benign). */
	FO_ORACLE_SPURIOUS_FAIL = 1u << 2,
	/** FIEMAP finds no file on rw_files while one is open. */
	FO_ORACLE_FIEMAP_MISS = 1u << 3,
	/** Nobody can run but somebody is blocked. */
	FO_ORACLE_DEADLOCK = 1u << 4,
	/** A released or failed file stays on rw_files. */
	FO_ORACLE_LEAK = 1u << 5,
	/** Two writes interleave inside one plain write_seq++. */
	FO_ORACLE_SEQ_RACE = 1u << 6,
};

/** @brief Number of oracles; their bits are 0 .. FO_ORACLE_COUNT - 1. */
#define FO_ORACLE_COUNT 7
/** @brief Mask with every oracle bit set. */
#define FO_ORACLE_ALL ((1u << FO_ORACLE_COUNT) - 1)

/**
 * @brief The name of one oracle.
 * @param oracle_bit exactly one bit of enum fo_oracle.
 * @return a static string such as "stale-open"; NULL if @p oracle_bit is 0,
 *         has more than one bit set, or is not an oracle.
 */
FO_API const char *fo_oracle_name(unsigned oracle_bit);

/**
 * @brief The oracle bit of a name.
 * Matching is exact and case-sensitive.
 * @param name an oracle name as docs/protocol.md §5 spells it ("inval-window").
 * @return the bit (a positive enum fo_oracle value); -EINVAL for NULL or
 *         an unknown name.
 */
FO_API int fo_oracle_parse(const char *name);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_ORACLE_H */

/* SPDX-License-Identifier: MIT */
/**
 * @file check.h
 * @brief Checking a scenario: explore its schedules, judge them by the
 * oracles, and replay a counterexample.
 *
 * fo_check() explores one (scenario, variant) pair and returns a verdict:
 * the oracles some explored schedule violates, the first counterexample of
 * each as a schedule token and a trace, and what the strategy proved.
 * fo_replay() runs the one schedule a token describes, byte for byte the
 * same every time; a token recorded on another scenario, variant or set of
 * knobs is refused.
 */
#ifndef FUSEORD_CHECK_H
#define FUSEORD_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fuseord/common.h"
#include "fuseord/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief How the schedules are chosen. */
enum fo_strategy {
	FO_STRATEGY_DPOR,   /**< every schedule up to reordering independent steps */
	FO_STRATEGY_DFS,    /**< every schedule */
	FO_STRATEGY_RANDOM, /**< runs seeded uniform random schedules */
	FO_STRATEGY_PCT,    /**< runs PCT schedules of depth pct_depth */
};

/** @brief Options of fo_check(); fill with fo_check_opts_init() first. */
struct fo_check_opts {
	/** Variant to check; NULL: the scenario's `variant` line, else "v2". */
	const char *variant;
	/** NULL-terminated "knob=value" overrides, applied after the scenario's. */
	const char *const *set;
	enum fo_strategy strategy;
	/** >= 0: every schedule with at most this many preemptions (DFS); -1: no bound. */
	int preemptions;
	uint64_t runs;           /**< RANDOM, PCT: schedules to run (default 1000) */
	uint64_t seed;           /**< RANDOM, PCT: the seed (default 1) */
	int pct_depth;           /**< PCT: d (default 3) */
	uint64_t max_steps;      /**< steps per execution before it is cut (default 10000) */
	uint64_t max_executions; /**< stop after this many executions; 0: no limit */
	double time_limit;       /**< stop after this many seconds; 0: no limit */
	bool strict;             /**< spurious-fail is an error, not a warning */
	/** Called about twice a second during a long check, or NULL. */
	void (*progress)(void *priv, uint64_t executions, uint64_t steps, double seconds);
	void *progress_priv;
};

/** @brief Set every option to its default. */
FO_API void fo_check_opts_init(struct fo_check_opts *o);

/** @brief The result of a check or a replay (opaque). */
typedef struct fo_verdict fo_verdict;

/**
 * @brief Explore @p sc under @p o and judge every schedule.
 * @param o options, or NULL for the defaults.
 * @param[out] out the verdict; free it with fo_verdict_free().
 * @param err, errlen a message for -EINVAL (unknown variant, bad knob).
 * @return 0 (whatever the verdict); -EINVAL for a NULL argument, an unknown
 *         variant, a bad "knob=value" or a bad option; -ENOMEM.
 */
FO_API int fo_check(const fo_scenario *sc, const struct fo_check_opts *o, fo_verdict **out,
		    char *err, size_t errlen);

/**
 * @brief Run exactly the schedule @p schedule on @p sc.
 * @param o the variant (NULL: the token's) and knob overrides to check the
 *          token against; strategies and limits are ignored.
 * @return 0; -EINVAL if the token is malformed or was recorded on another
 *         scenario, variant or set of knobs, or does not fit the scenario
 *         (the message in @p err says which); -ENOMEM.
 */
FO_API int fo_replay(const fo_scenario *sc, const char *schedule, const struct fo_check_opts *o,
		     fo_verdict **out, char *err, size_t errlen);

/** @brief Free a verdict; NULL is ignored. */
FO_API void fo_verdict_free(fo_verdict *v);

/** @brief The oracles some explored schedule violates (enum fo_oracle bits). */
FO_API unsigned fo_verdict_violated(const fo_verdict *v);

/**
 * @brief Whether the verdict meets the scenario's `expect` line for its
 * variant (no line: no violation). Without strict, an unexpected
 * spurious-fail is a warning and does not count.
 * @return 1 if met, 0 if not, -EINVAL for NULL.
 */
FO_API int fo_verdict_met(const fo_verdict *v);

/** @brief The variant the verdict is for. */
FO_API const char *fo_verdict_variant(const fo_verdict *v);

/**
 * @brief The schedule token of the first counterexample of @p oracle.
 * @return the token, or NULL if @p oracle was not violated.
 */
FO_API const char *fo_verdict_schedule(const fo_verdict *v, unsigned oracle);

/**
 * @brief What the first counterexample of @p oracle shows, in plain words.
 * @return the text, or NULL if @p oracle was not violated.
 */
FO_API const char *fo_verdict_message(const fo_verdict *v, unsigned oracle);

/** @brief Counts of what a check explored. */
struct fo_check_stats {
	uint64_t executions;     /**< executions run to their end */
	uint64_t redundant;      /**< DPOR: executions cut by their sleep set */
	uint64_t cut;            /**< executions cut at max_steps */
	uint64_t steps;          /**< scheduling steps taken */
	uint64_t max_depth;      /**< steps of the longest execution */
	int threads;             /**< model threads, the worker included */
	double seconds;
	bool complete;           /**< the strategy ran to its end (no limit hit) */
};

/** @return 0, or -EINVAL for a NULL argument. */
FO_API int fo_verdict_stats(const fo_verdict *v, struct fo_check_stats *stats);

/** @brief How fo_verdict_print() writes. */
enum fo_format { FO_FORMAT_TEXT, FO_FORMAT_JSON };
/** @brief Which trace fo_verdict_print() adds to each counterexample. */
enum fo_trace { FO_TRACE_ASCII, FO_TRACE_MERMAID, FO_TRACE_NONE };

/**
 * @brief Write the verdict: text (a block readable in an 80-column mail)
 * or one JSON object on one line.
 * @return 0, or -EINVAL.
 */
FO_API int fo_verdict_print(const fo_verdict *v, FILE *f, enum fo_format format,
			    enum fo_trace trace);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_CHECK_H */

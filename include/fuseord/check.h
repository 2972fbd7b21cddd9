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
#include "fuseord/explore.h"
#include "fuseord/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Options of fo_check(); fill with fo_check_opts_init() first. */
struct fo_check_opts {
	/**
	 * Variant to check: a variant of the model or one a `define` line names
	 * (in the scenario or in @c variants); NULL: the scenario's `variant`
	 * line, else "v2".
	 */
	const char *variant;
	/** NULL-terminated "knob=value" overrides, applied after the scenario's. */
	const char *const *set;
	enum fo_strategy strategy; /**< how schedules are chosen (default DPOR) */
	/** >= 0: every schedule with at most this many preemptions (DFS); -1: no bound. */
	int preemptions;
	uint64_t runs;           /**< RANDOM, PCT: schedules to run (default 1000) */
	uint64_t seed;           /**< RANDOM, PCT: the seed (default 1) */
	int pct_depth;           /**< PCT: d, 1..64 (default 3) */
	/** steps per execution before it is cut (default 10000; 1..FO_MAX_STEPS) */
	uint64_t max_steps;
	/** stop after this many executions run to their end (DPOR's redundant ones,
	    cut by their sleep set, are not counted); 0: no limit */
	uint64_t max_executions;
	double time_limit;       /**< stop after this many seconds; 0: no limit */
	/**
	 * Stop when the explorer's records (its per-step stacks and the
	 * counterexamples' schedules) would pass this many bytes, and cut the
	 * counterexamples' traces short there; 0: no limit. Default: a quarter
	 * of physical memory, at most 4 GiB.
	 */
	uint64_t max_memory;
	bool strict;             /**< spurious-fail is an error, not a warning */
	/**
	 * Called about twice a second during a long check, or NULL. Inside
	 * it, fo_check_estimate() tells how large the whole search looks.
	 */
	void (*progress)(void *priv, uint64_t executions, uint64_t steps, double seconds);
	void *progress_priv;     /**< passed to @c progress as its first argument */
	/** Seconds between two calls of @c progress; 0 means half a second. */
	double progress_every;
	/**
	 * More named variants: the define lines of fo_variants_load(), or NULL.
	 * @c variant may name one of them, as it may name a define of the
	 * scenario itself; a name defined in both is an error.
	 */
	const fo_scenario *variants;
	/**
	 * Worker threads for the one search (at most 64); 0 or 1: the
	 * calling thread. DPOR and DFS (bounded too) split the search across
	 * them and find the same executions, counterexamples and verdict
	 * whatever their number, unless a limit stops the search; random and
	 * PCT run on one thread.
	 */
	int jobs;
	/**
	 * Executions the first worker runs alone before the others start,
	 * so that a small search costs no threads and no split; 0: they all
	 * start at once. fo_check_opts_init() sets 128. What a search finds
	 * does not depend on it.
	 */
	uint64_t jobs_after;
};

/**
 * @brief Set every option to its default: the scenario's variant, DPOR with
 * no preemption bound, no limit on executions or time, the default memory
 * ceiling, not strict.
 * @param[out] o the options to fill; NULL is ignored.
 */
FO_API void fo_check_opts_init(struct fo_check_opts *o);

/** @brief The result of a check or a replay (opaque). */
typedef struct fo_verdict fo_verdict;

/**
 * @brief From inside a progress callback: how many executions the whole
 * exhaustive search of the running check holds, estimated from the part
 * explored so far (each unexplored branch taken to hold as many as its
 * explored siblings, on average), redundant ones included.
 * @return the estimate; 0 outside a progress callback of this thread's
 *         check, or when its strategy is a sample (random, pct).
 */
FO_API double fo_check_estimate(void);

/**
 * @brief Explore @p sc under @p o and judge every schedule.
 * @param sc the scenario.
 * @param o options, or NULL for the defaults.
 * @param[out] out the verdict, NULL on failure; free it with fo_verdict_free().
 * @param[out] err a message for -EINVAL (unknown variant, bad knob); may be
 *             NULL.
 * @param errlen size of @p err.
 * @return 0 (whatever the verdict); -EINVAL for a NULL @p sc or @p out, an
 *         unknown variant, a bad "knob=value" (in the scenario's `set` lines
 *         or in @p o), or options no strategy can run (e.g. an unknown
 *         strategy, RANDOM or PCT with 0 runs, a PCT depth outside 1..64,
 *         max_steps 0 or above FO_MAX_STEPS, a negative or NaN time_limit);
 *         -ENOMEM. A limit
 *         that stops the exploration is no error: the verdict says which
 *         (fo_verdict_stats(), fo_verdict_status()).
 */
FO_API int fo_check(const fo_scenario *sc, const struct fo_check_opts *o, fo_verdict **out,
		    char *err, size_t errlen);

/**
 * @brief Run exactly the schedule @p schedule on @p sc.
 * @param sc the scenario the token was recorded on.
 * @param schedule a schedule token, as fo_verdict_schedule() gives.
 * @param o the variant (NULL: the token's) and knob overrides to check the
 *          token against, max_steps (0: the default) and max_memory (which
 *          bounds the token's length and the trace); the strategy and the
 *          other limits are ignored. NULL: the token's variant and knobs.
 * @param[out] out the verdict of the one execution, NULL on failure; free it
 *             with fo_verdict_free().
 * @param[out] err a message for -EINVAL; may be NULL.
 * @param errlen size of @p err.
 * @return 0 (whatever the verdict); -EINVAL for a NULL @p sc, @p schedule or
 *         @p out, or a token that is malformed, longer than max_memory
 *         allows, was recorded on another scenario, variant or set of knobs,
 *         or does not fit the scenario (the message in @p err says which);
 *         -ENOMEM.
 */
FO_API int fo_replay(const fo_scenario *sc, const char *schedule, const struct fo_check_opts *o,
		     fo_verdict **out, char *err, size_t errlen);

/**
 * @brief Free a verdict; NULL is ignored.
 * @param v the verdict, or NULL.
 */
FO_API void fo_verdict_free(fo_verdict *v);

/**
 * @brief The oracles some explored schedule violates (enum fo_oracle bits).
 * @param v the verdict.
 * @return the mask; 0 if nothing was violated or @p v is NULL.
 */
FO_API unsigned fo_verdict_violated(const fo_verdict *v);

/**
 * @brief Whether the oracles found meet the scenario's `expect` line for
 * its variant (no line: no violation). Without strict, an unexpected
 * spurious-fail is a warning and does not count. On an incomplete verdict
 * this speaks only of the schedules run; fo_verdict_status() tells a
 * verdict that a limit stopped apart.
 * @param v the verdict.
 * @return 1 if met, 0 if not, -EINVAL for NULL.
 */
FO_API int fo_verdict_met(const fo_verdict *v);

/** @brief A verdict against its `expect` line, as fo_verdict_status() says. */
enum fo_status {
	/** Complete, and as the expect line says. */
	FO_STATUS_MET,
	/**
	 * Contradicts the expect line: an oracle it does not list is violated
	 * (found, so true however little was explored), or a complete check
	 * found no violation of one it lists.
	 */
	FO_STATUS_NOT_MET,
	/** A limit left it incomplete, and nothing found so far contradicts it. */
	FO_STATUS_INCOMPLETE,
	/**
	 * A preemption bound: complete within the bound and nothing found
	 * contradicts the expect line, which is then true within the bound
	 * only; an oracle it lists may be violated by a schedule beyond it
	 * (fo_verdict_not_found()).
	 */
	FO_STATUS_BOUNDED,
	/**
	 * A sample (random, PCT) found nothing against the expect line: no
	 * guarantee either way for the schedules not run.
	 */
	FO_STATUS_SAMPLED,
};

/** @brief How much of the schedules a verdict covers. */
enum fo_proof {
	FO_PROOF_ALL,     /**< every schedule (DPOR, DFS), each run to its end: a proof */
	FO_PROOF_BOUND,   /**< every schedule within a preemption bound, each run to its end */
	FO_PROOF_SAMPLE,  /**< a sample of schedules (random, PCT) */
	FO_PROOF_PARTIAL, /**< a limit stopped the run, or cut executions at max_steps */
	FO_PROOF_REPLAY,  /**< one schedule, replayed */
};

/**
 * @brief The oracles the expect line lists that no explored schedule
 * violated. After a complete exhaustive check that contradicts the line;
 * after a bounded, sampled or stopped one, not found is all it says.
 * @param v the verdict.
 * @return the mask (enum fo_oracle bits); 0 for a NULL @p v.
 */
FO_API unsigned fo_verdict_not_found(const fo_verdict *v);

/**
 * @brief Met, not met, or incomplete: fo_verdict_met() with what a limit
 * left unexplored taken into account (see enum fo_limit).
 * @param v the verdict.
 * @return an enum fo_status value; -EINVAL for a NULL @p v.
 */
FO_API int fo_verdict_status(const fo_verdict *v);

/**
 * @brief The variant the verdict is for.
 * @param v the verdict.
 * @return the variant's name, owned by @p v; NULL for a NULL @p v.
 */
FO_API const char *fo_verdict_variant(const fo_verdict *v);

/**
 * @brief The schedule token of the first counterexample of @p oracle.
 * Give it to fo_replay() (or `fuseord replay --schedule`) to see it again.
 * @param v the verdict.
 * @param oracle exactly one bit of enum fo_oracle.
 * @return the token, owned by @p v; NULL if @p oracle was not violated, is
 *         not one oracle bit, or @p v is NULL.
 */
FO_API const char *fo_verdict_schedule(const fo_verdict *v, unsigned oracle);

/**
 * @brief What the first counterexample of @p oracle shows, in plain words.
 * @param v the verdict.
 * @param oracle exactly one bit of enum fo_oracle.
 * @return the text, owned by @p v; NULL if @p oracle was not violated, is
 *         not one oracle bit, or @p v is NULL.
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
	double seconds;          /**< time the exploration took */
	uint64_t memory;         /**< most bytes held against max_memory */
	/**
	 * The limit that stopped the run; else FO_LIMIT_STEPS if executions
	 * were cut; else FO_LIMIT_NONE.
	 */
	enum fo_limit limit;
	/** proof is FO_PROOF_ALL: every schedule explored, nothing left unexplored */
	bool complete;
	enum fo_proof proof;     /**< what the exploration covers */
};

/**
 * @brief What the check behind @p v explored.
 * @param v the verdict.
 * @param[out] stats receives the counts.
 * @return 0, or -EINVAL for a NULL argument.
 */
FO_API int fo_verdict_stats(const fo_verdict *v, struct fo_check_stats *stats);

/** @brief How fo_verdict_print() writes. */
enum fo_format {
	FO_FORMAT_TEXT, /**< blocks of text for a person */
	FO_FORMAT_JSON, /**< one JSON object on one line, for a script */
};
/**
 * @brief Which trace fo_verdict_print() adds to each counterexample.
 * In JSON, ASCII and MERMAID both add the trace as an array of rows.
 */
enum fo_trace {
	FO_TRACE_ASCII,   /**< one column per thread, within 80 columns */
	FO_TRACE_MERMAID, /**< a Mermaid sequence diagram in a fenced block */
	FO_TRACE_NONE,    /**< no trace: the token and the message only */
};

/** @brief The options of fo_check_opts a report may cite (a limit, a hint). */
enum fo_option {
	FO_OPTION_STRATEGY,       /**< strategy */
	FO_OPTION_PREEMPTIONS,    /**< preemptions */
	FO_OPTION_RUNS,           /**< runs */
	FO_OPTION_SEED,           /**< seed */
	FO_OPTION_MAX_STEPS,      /**< max_steps */
	FO_OPTION_MAX_EXECUTIONS, /**< max_executions */
	FO_OPTION_TIME_LIMIT,     /**< time_limit */
	FO_OPTION_MAX_MEMORY,     /**< max_memory */
	FO_OPTION_STRICT,         /**< strict */
	FO_OPTION_COUNT,          /**< the number of options, not an option */
};

/** @brief How fo_verdict_report() writes. */
struct fo_report_opts {
	enum fo_format format; /**< text or JSON */
	enum fo_trace trace;   /**< the trace of each counterexample */
	/**
	 * FO_OPTION_COUNT names, one per enum fo_option, for the options the
	 * report cites, as the front end spells them (a command line:
	 * "--max-steps"); NULL: the names of the fo_check_opts fields.
	 */
	const char *const *option_names;
};

/** @brief Another way to check a pair that a limit stopped: a structured hint. */
struct fo_suggestion {
	enum fo_strategy strategy; /**< the strategy to use */
	int preemptions;           /**< >= 0: with this preemption bound (DFS); -1: none */
	uint64_t runs;             /**< RANDOM, PCT: this many runs; else 0 */
};

/**
 * @brief What to run instead when a limit stopped an exhaustive strategy.
 * @param v the verdict.
 * @param[out] out room for @p n suggestions, best first.
 * @param n the room in @p out.
 * @return how many suggestions there are (maybe more than @p n; 0 when the
 *         run was not stopped by max_executions or time_limit, or is a
 *         replay or a sample); -EINVAL for a NULL @p v, or a NULL @p out
 *         with @p n > 0, or a negative @p n.
 */
FO_API int fo_verdict_suggest(const fo_verdict *v, struct fo_suggestion *out, int n);

/**
 * @brief Write the verdict as fo_verdict_print() does, with the options it
 * cites spelt as @p o says.
 * @param v the verdict.
 * @param f where to write.
 * @param o the format, the trace and the option names.
 * @return 0, or -EINVAL for a NULL argument, or an unknown format or trace.
 */
FO_API int fo_verdict_report(const fo_verdict *v, FILE *f, const struct fo_report_opts *o);

/**
 * @brief Write the verdict: text (a block readable in an 80-column mail)
 * or one JSON object on one line.
 * @param v the verdict.
 * @param f where to write.
 * @param format text or JSON.
 * @param trace the trace to add to each counterexample.
 * @return 0, or -EINVAL for a NULL @p v or @p f, or an unknown @p format or
 *         @p trace.
 */
FO_API int fo_verdict_print(const fo_verdict *v, FILE *f, enum fo_format format,
			    enum fo_trace trace);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_CHECK_H */

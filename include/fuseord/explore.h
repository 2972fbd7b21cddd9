/* SPDX-License-Identifier: MIT */
/**
 * @file explore.h
 * @brief Explore a unit test's own body under every schedule, as loom does.
 *
 * fo_explore() runs @p body once per schedule on the deterministic
 * scheduler. Inside, the body starts model threads with fo_spawn(), waits
 * for them with fo_join(), and calls any libfuseord operation: a model it
 * creates there (fo_model_create(), whose worker then becomes a model
 * thread too), bit waits, kills. Every blocking call and every shared step
 * is a point where the explorer may switch threads, so the body sees every
 * interleaving the strategy promises. CMocka assertions work inside; a
 * failing one ends the test at the first execution that breaks it, and the
 * same execution breaks it again on every run (exploration is deterministic).
 *
 * @code
 * static void body(void *arg)
 * {
 *	fo_model *m;
 *	...
 *	fo_model_create(&opts, &m);
 *	int t = fo_spawn(app, m, "app");
 *	fo_spawn(daemon, m, "daemon");
 *	fo_join(t);
 *	assert_true(...);
 *	fo_model_destroy(m);
 * }
 * ...
 * struct fo_explore_report r;
 * assert_int_equal(fo_explore(body, NULL, NULL, &r), 0);
 * @endcode
 */
#ifndef FUSEORD_EXPLORE_H
#define FUSEORD_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>

#include "fuseord/check.h"
#include "fuseord/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Options of fo_explore(); fill with fo_explore_opts_init() first. */
struct fo_explore_opts {
	enum fo_strategy strategy; /**< default DPOR */
	int preemptions;           /**< >= 0: DFS bounded to this many preemptions; -1 none */
	uint64_t runs;             /**< RANDOM, PCT: schedules (default 1000) */
	uint64_t seed;             /**< RANDOM, PCT (default 1) */
	int pct_depth;             /**< PCT: d, 1..64 (default 3) */
	uint64_t max_steps;        /**< per execution (default 10000; not 0) */
	uint64_t max_executions;   /**< executions run to their end (not redundant ones); 0: no limit */
	/** bytes of the explorer's records, as fo_check_opts::max_memory; 0: no limit */
	uint64_t max_memory;
};

/**
 * @brief Set every option to its default: exhaustive DPOR, no limit on
 * executions, the default memory ceiling (as fo_check_opts_init()).
 * @param[out] o the options to fill; NULL is ignored.
 */
FO_API void fo_explore_opts_init(struct fo_explore_opts *o);

/** @brief What fo_explore() ran. */
struct fo_explore_report {
	uint64_t executions;   /**< executions run to their end */
	uint64_t redundant;    /**< DPOR: executions cut as redundant */
	uint64_t steps;        /**< scheduling steps */
	uint64_t deadlocks;    /**< executions that ended with threads blocked for good */
	uint64_t cut;          /**< executions cut at max_steps */
	/** What left it incomplete, as fo_check_stats::limit. */
	enum fo_limit limit;
	bool complete;         /**< limit is FO_LIMIT_NONE: nothing left unexplored */
	/** The schedule of the first deadlock: thread letters, a = the body. */
	char deadlock_schedule[256];
};

/**
 * @brief Run @p body under every schedule the options ask for.
 * @param body the test's body: model thread 0 of every execution.
 * @param arg passed to @p body.
 * @param o options, or NULL for the defaults (exhaustive DPOR).
 * @param[out] report what ran, or NULL.
 * @return 0 (deadlocks are counted in @p report, not returned); -EINVAL for
 *         a NULL @p body, options no strategy can run (e.g. an unknown
 *         strategy, RANDOM or PCT with 0 runs, a PCT depth outside 1..64,
 *         max_steps 0), or a call from inside
 *         another fo_explore(); -ENOMEM.
 */
FO_API int fo_explore(void (*body)(void *arg), void *arg, const struct fo_explore_opts *o,
		      struct fo_explore_report *report);

/**
 * @brief Start a model thread running fn(arg), from inside fo_explore().
 * @param fn what the thread runs.
 * @param arg passed to @p fn.
 * @param name for reports; NULL: "thread".
 * @return its thread number (>= 1; the body is 0); -EINVAL outside
 *         fo_explore() or for a NULL @p fn; -ENOSPC past 16 threads (the
 *         body and a model's worker count too).
 */
FO_API int fo_spawn(void (*fn)(void *arg), void *arg, const char *name);

/**
 * @brief Wait until model thread @p thread has returned (not killable).
 * @param thread a number fo_spawn() returned in this execution.
 * @return 0; -EINVAL outside fo_explore(), for a thread that does not exist,
 *         or for the calling thread itself.
 */
FO_API int fo_join(int thread);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_EXPLORE_H */

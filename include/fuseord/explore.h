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

#include "fuseord/common.h"

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

/** @brief What left a check or an exploration incomplete. */
enum fo_limit {
	FO_LIMIT_NONE,       /**< nothing: the strategy ran to its end */
	FO_LIMIT_STEPS,      /**< executions were cut at max_steps (the run went on) */
	FO_LIMIT_EXECUTIONS, /**< max_executions stopped the run */
	FO_LIMIT_TIME,       /**< time_limit stopped the run */
	FO_LIMIT_MEMORY,     /**< max_memory stopped the run */
};

/**
 * @brief The largest max_steps of fo_check_opts and fo_explore_opts: the
 * explorer counts each thread's steps of an execution in 32 bits.
 */
#define FO_MAX_STEPS ((uint64_t)1 << 31)

/** @brief Options of fo_explore(); fill with fo_explore_opts_init() first. */
struct fo_explore_opts {
	enum fo_strategy strategy; /**< default DPOR */
	int preemptions;           /**< >= 0: DFS bounded to this many preemptions; -1 none */
	uint64_t runs;             /**< RANDOM, PCT: schedules (default 1000) */
	uint64_t seed;             /**< RANDOM, PCT (default 1) */
	int pct_depth;             /**< PCT: d, 1..64 (default 3) */
	uint64_t max_steps;        /**< per execution (default 10000; 1..FO_MAX_STEPS) */
	uint64_t max_executions;   /**< executions run to their end (not redundant ones); 0: no limit */
	/** bytes of the explorer's records, as fo_check_opts::max_memory; 0: no limit */
	uint64_t max_memory;
	/**
	 * false (default): stop at the first failing execution, as loom does;
	 * true: explore on and count every failing one.
	 */
	bool keep_going;
};

/**
 * @brief Set every option to its default: exhaustive DPOR, no limit on
 * executions, the default memory ceiling (as fo_check_opts_init()).
 * @param[out] o the options to fill; NULL is ignored.
 */
FO_API void fo_explore_opts_init(struct fo_explore_opts *o);

/** @brief How an execution of the body failed. */
enum fo_explore_failure {
	FO_EXPLORE_PASSED,   /**< no execution failed */
	FO_EXPLORE_DEADLOCK, /**< threads left blocked for good */
	FO_EXPLORE_RACE,     /**< two accesses, one of them plain, not ordered: a data race */
};

/** @brief Room for a schedule token in struct fo_explore_report. */
#define FO_EXPLORE_TOKEN_MAX 4096

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
	/**
	 * The schedule of the first deadlock: thread letters, a = the body.
	 * One longer than 255 steps is cut and ends with "...".
	 */
	char deadlock_schedule[256];
	uint64_t races;        /**< executions with a data race */
	/** How the first failing execution failed; FO_EXPLORE_PASSED if none did. */
	enum fo_explore_failure failure;
	/**
	 * Its schedule, for fo_explore_replay(): "fx1." and a run-length list of
	 * thread letters. Empty if none failed, or if it needs more room.
	 */
	char token[FO_EXPLORE_TOKEN_MAX];
	/** What failed, as printed: each blocked thread and what it waits on, or both racing accesses. */
	char message[1024];
};

/**
 * @brief Run @p body under every schedule the options ask for.
 *
 * An execution fails when it ends in a deadlock or holds a data race (see
 * fuseord/kernel.h). At that moment the failure, its token and its trace
 * (a column per thread, as `fuseord replay` prints) go to stderr, and the
 * report keeps them. A CMocka assertion that fails inside the body leaves
 * fo_explore() by a longjmp that no library can intercept: the execution
 * number, the step, the token and the trace of that execution are printed
 * at the next libfuseord call of the thread, or at exit, and the explorer's
 * memory is freed then.
 * @param body the test's body: model thread 0 of every execution.
 * @param arg passed to @p body.
 * @param o options, or NULL for the defaults (exhaustive DPOR).
 * @param[out] report what ran, or NULL.
 * @return 0 if no execution failed; 1 if one did (@p report says how);
 *         -EINVAL for a NULL @p body, options no strategy can run (e.g. an
 *         unknown strategy, RANDOM or PCT with 0 runs, a PCT depth outside
 *         1..64, max_steps 0 or above FO_MAX_STEPS), or a call from inside
 *         another fo_explore(); -ENOMEM, also when a step of an execution
 *         could not be recorded (the report's message says so).
 */
FO_API int fo_explore(void (*body)(void *arg), void *arg, const struct fo_explore_opts *o,
		      struct fo_explore_report *report);

/**
 * @brief Run @p body once, under the schedule @p token names.
 *
 * Where the token ends before the body does (it was taken when an assertion
 * failed), the lowest-numbered runnable thread runs on.
 * @param body the body that fo_explore() ran.
 * @param arg passed to @p body.
 * @param token a fo_explore_report::token, or one printed on stderr.
 * @param[out] report what ran (executions is 1), or NULL.
 * @return 0 if the execution passed, 1 if it failed; -EINVAL for a NULL
 *         @p body or @p token, a malformed token, a choice of a thread that
 *         cannot run at that step, a call from inside fo_explore(); -ENOMEM.
 */
FO_API int fo_explore_replay(void (*body)(void *arg), void *arg, const char *token,
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

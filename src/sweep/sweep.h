/* SPDX-License-Identifier: MIT */
/*
 * sweep.h - every scenario of a scope under every variant: the pairs run on
 * worker threads (each fo_check owns its explorer, so pairs share nothing),
 * their results kept by scenario index, so that the report is the same
 * whatever the number of threads or shards. A shard writes its results as
 * JSON Lines; reading shards back gives the results of one whole run.
 */
#ifndef FUSEORD_SWEEP_SWEEP_H
#define FUSEORD_SWEEP_SWEEP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fuseord/fuseord.h"
#include "sweep/gen.h"

#define SW_MAX_VARIANTS 8

/* Disciplines a reviewer may assume of the daemon and the mount. */
enum sw_assume {
	SW_ASSUME_ONE_THREAD_PER_FD, /* each daemon thread writes one fd, each fd one thread */
	SW_ASSUME_SAME_FD,           /* an inode's notifications go on its replies' fd */
	SW_ASSUME_CLOSE_WAIT_ONLY,   /* the mount has close_wait */
	SW_ASSUME_NO_NO_OPEN,        /* the mount does not have no_open */
	SW_NASSUME
};

const char *fo_sw_assume_name(int a);
int fo_sw_assume_parse(const char *name); /* -1 for an unknown name */
/* Whether @s keeps discipline @a. */
bool fo_sw_assume_holds(const struct sw_scn *s, int a);

/* What one (scenario, variant) pair found. */
struct sw_pair {
	unsigned violated; /* enum fo_oracle bits */
	bool complete;
	int limit; /* enum fo_limit */
	uint64_t executions;
};

/* One scenario of the scope with its pairs. */
struct sw_result {
	uint64_t index; /* in the scope's enumeration */
	int nthreads, nops;
	unsigned assume; /* bit a: discipline a holds */
	char *text;      /* the .fos text checked */
	struct sw_pair pair[SW_MAX_VARIANTS];
};

/* What a run checks and how. */
struct sw_run_opts {
	int nvariants;
	const char *variants[SW_MAX_VARIANTS];
	const char *const *set;  /* knob overrides for every pair, or NULL */
	uint64_t max_executions; /* per pair; 0: none */
	double time_limit;       /* per pair; 0: none */
	uint64_t max_steps;      /* 0: the default */
	int jobs;                /* worker threads, >= 1 */
	int shard_k, shard_n;    /* run only index % n == k - 1; n = 0: all */
	bool progress;           /* a status line on stderr */
};

/* Results of a run, by index. */
struct sw_results {
	struct sw_result *r;
	size_t n, cap;
	uint64_t total; /* scenarios in the whole scope */
};

/*
 * Enumerate @scope and check each scenario of this shard under every
 * variant; on success @out holds the results in index order.
 * Returns 0, -ENOMEM, or -EINVAL with a message (a bad variant or knob).
 */
int fo_sw_run(const struct sw_scope *scope, const struct sw_run_opts *o, struct sw_results *out,
	      char *err, size_t errlen);

void fo_sw_results_free(struct sw_results *rs);

/* The header and one line per scenario, JSON Lines. */
void fo_sw_write_jsonl(FILE *f, const struct sw_scope *scope, const struct sw_run_opts *o,
		       const struct sw_results *rs);

/*
 * Read shard files back into one set of results (sorted by index); the
 * headers must agree (scope, variants, options) and together the shards
 * must cover the scope once. -EINVAL with a message otherwise.
 */
int fo_sw_read_jsonl(const char *const *paths, int npaths, char *scope_text, size_t scope_len,
		     struct sw_run_opts *o, struct sw_results *out, char *err, size_t errlen);

/* How the report reads the assumptions. */
struct sw_report_opts {
	unsigned assume;        /* the disciplines named with --assume */
	const char *out_dir;    /* write the smallest counterexamples here, or NULL */
	const char *scope_text; /* the scope, as options */
};

/*
 * The report: counts, per variant and assumption set the oracles violated,
 * how many scenarios violate each and the smallest one (with a token
 * recorded on its .fos text with expect lines), executions.
 */
int fo_sw_report(FILE *f, const struct sw_run_opts *o, const struct sw_results *rs,
		 const struct sw_report_opts *ro);

#endif /* FUSEORD_SWEEP_SWEEP_H */

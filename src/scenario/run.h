/* SPDX-License-Identifier: MIT */
/*
 * run.h - a scenario as a program for the explorer: each execution builds a
 * fresh model (the variant's knobs, the file's conn flags, devices and
 * inodes), runs every scenario thread and the invalidation worker as model
 * threads, feeds the model's trace to the oracles, and judges the end.
 * With a trace attached it also records what each thread did, step by step,
 * in words a kernel reviewer reads.
 */
#ifndef FUSEORD_SCENARIO_RUN_H
#define FUSEORD_SCENARIO_RUN_H

#include "fuseord/model.h"
#include "fuseord/oracle.h"
#include "explore/explore.h"
#include "explore/trace.h"
#include "model/fuse_i.h"
#include "oracle/oracle.h"
#include "scenario/scenario.h"

#define sc_run_init fo_sc_run_init
#define sc_run_destroy fo_sc_run_destroy
#define sc_run_program fo_sc_run_program

struct sc_run;

struct sc_run_thread {
	struct sc_run *r;
	int index;
};

struct sc_run {
	const struct scenario *sc;
	struct fuse_knobs knobs;

	/* per execution */
	fo_model *m;
	struct fuse_model_mem mem;   /* what m is made in, the same block every time */
	struct sim *sim;
	struct fuse_oracles oracles;
	struct fuse_oracle_names names;
	struct fuse_tracer tracer;
	int *fid;                    /* scenario file -> model fid, -1 before its open */
	struct completion *sent;     /* the file's open has sent its request (or failed) */
	struct completion *opened;   /* the file's open has returned */
	struct completion *sync;     /* signal NAME */
	char (*sent_what)[48];
	char (*opened_what)[48];
	char (*sync_what)[48];
	bool *read_op;               /* the file's request is read by an explicit `read` op */
	bool *absent;                /* per inode: some thread creates it (not cached at start) */
	bool learns_no_open;         /* some reply is -ENOSYS: fc->no_open can change */
	struct sc_run_thread threads[SIM_MAX_THREADS];
	int nthreads;                /* scenario threads; the worker comes after them */
	uint64_t step;               /* the step being taken */

	/* what the last finished execution found */
	unsigned violated;
	char message[FO_ORACLE_COUNT][FUSE_ORACLE_MSG_LEN];
	bool unreliable;
	/* over every execution since sc_run_init() */
	unsigned assumes_any;        /* FUSE_ASSUME_* */
	bool unreliable_any;

	/* recording (replays only) */
	struct trace *trace;
	long *event_row;             /* oracle event index -> trace row, -1 until known */
	int8_t *event_tid;           /* ... the thread that emitted it */
	uint32_t *event_step;        /* ... the step it happened in */
	size_t nevent_rows, event_rows_cap;
	/* -ENOMEM: an oracle event's row could not be kept (record() fails with it) */
	int err;
	/* replaying an fo1 token: locks and completion waits as fo1 counted them */
	bool fo1_steps;
	int cur_file[SIM_MAX_THREADS]; /* the file of the open a thread is in, or -1 */
	bool asleep[SIM_MAX_THREADS];
	char fname[32];
};

/* 0, or -ENOMEM; knobs are the variant's after every override. */
int sc_run_init(struct sc_run *r, const struct scenario *sc, const struct fuse_knobs *knobs);
void sc_run_destroy(struct sc_run *r);
struct explore_program sc_run_program(struct sc_run *r);

#endif /* FUSEORD_SCENARIO_RUN_H */

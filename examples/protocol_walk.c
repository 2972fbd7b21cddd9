/* SPDX-License-Identifier: MIT */
/*
 * protocol_walk.c - walks the two cases of the FUSE open/invalidate problem
 * on the pre-patch kernel and on patch v2, one step at a time, and prints
 * what each variant does with them:
 *
 *   case 1: the daemon replies to FUSE_OPEN, then sends
 *           FUSE_NOTIFY_INVAL_FILES; the invalidation worker finishes before
 *           the opener links its file. The open is stale: it must be flagged.
 *   case 2: FUSE_OPEN is sent, the notification comes, then the reply. The
 *           open is valid: it must not be flagged, and must wait for the
 *           worker before it returns.
 *
 * Exit status 0 iff every variant behaves as the protocol description says
 * (pre gets both cases wrong, v2 gets both right).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#include "fuseord/fuseord.h"

#define INO 7

struct waiter {
	fo_model *m;
	int fid;
	_Atomic(fo_task *) task;
	atomic_int done;
	int result;
};

static void *finish_open(void *arg)
{
	struct waiter *w = arg;

	atomic_store(&w->task, fo_task_current());
	w->result = fo_model_open_end(w->m, w->fid);
	atomic_store(&w->done, 1);
	return NULL;
}

/* Run the rest of the open on a thread; report whether it had to sleep. */
static int open_end_watching(fo_model *m, int fid, bool *slept)
{
	struct waiter w = { .m = m, .fid = fid };
	pthread_t t;

	*slept = false;
	if (pthread_create(&t, NULL, finish_open, &w))
		return -EAGAIN;
	for (;;) {
		fo_task *task = atomic_load(&w.task);

		if (atomic_load(&w.done))
			break;
		if (task && fo_task_sleeping(task) == 1) {
			*slept = fo_model_run_worker(m) == 1;
			break;
		}
		sched_yield();
	}
	pthread_join(t, NULL);
	return w.result;
}

static fo_model *new_model(const char *variant)
{
	struct fo_model_opts o = { .variant = variant, .close_wait = true, .manual_worker = true };
	fo_model *m;

	if (fo_model_create(&o, &m))
		return NULL;
	fo_model_inode_add(m, INO);
	return m;
}

static bool flagged(fo_model *m, int fid)
{
	struct fo_file_info fi;

	return fo_model_file_info(m, fid, &fi) == 0 && fi.fail_immediately;
}

/* Case 1: reply, notification, worker, then the opener links. */
static bool case_stale(const char *variant, bool expect_flagged)
{
	fo_model *m = new_model(variant);
	int fid, err, io;
	bool f;

	if (!m)
		return false;
	fo_model_open_begin(m, INO, FO_FMODE_READ, &fid);
	fo_model_reply(m, 0, fid);
	fo_model_notify_inval_files(m, 0, INO);
	fo_model_run_worker(m);
	err = fo_model_open_end(m, fid);
	f = flagged(m, fid);
	io = fo_model_io(m, fid);
	printf("  %-4s open -> %d, %s, io -> %s   %s\n", variant, err,
	       f ? "flagged" : "not flagged", io == -EIO ? "-EIO" : io ? fo_strerror(io) : "0",
	       f ? "ok: the client reopens" : "WRONG: a stale open survives");
	fo_model_destroy(m);
	return err == 0 && f == expect_flagged;
}

/* Case 2: OPEN sent, notification, reply, then the open finishes. */
static bool case_valid(const char *variant, bool expect_ok)
{
	fo_model *m = new_model(variant);
	int fid, err, io;
	bool slept, f;

	if (!m)
		return false;
	fo_model_open_begin(m, INO, FO_FMODE_READ, &fid);
	fo_model_notify_inval_files(m, 0, INO);
	fo_model_reply(m, 0, fid);
	err = open_end_watching(m, fid, &slept);
	if (!slept)
		fo_model_run_worker(m);
	f = flagged(m, fid);
	io = fo_model_io(m, fid);
	printf("  %-4s open -> %d %s, %s, io -> %s   %s\n", variant, err,
	       slept ? "after sleeping until the worker ran" : "at once", f ? "flagged" : "not flagged",
	       io == -EIO ? "-EIO" : io ? fo_strerror(io) : "0",
	       !f && slept ? "ok" : "WRONG: a valid open fails");
	fo_model_destroy(m);
	return err == 0 && (!f && slept) == expect_ok;
}

int main(void)
{
	bool ok = true;

	printf("case 1: reply, then notification; the worker finishes before the link\n");
	ok &= case_stale("pre", false);
	ok &= case_stale("v2", true);
	printf("case 2: FUSE_OPEN sent, notification, then the reply\n");
	ok &= case_valid("pre", false);
	ok &= case_valid("v2", true);
	printf("%s\n", ok ? "every variant behaved as described (pre: both wrong, v2: both right)"
			  : "UNEXPECTED: a variant did not behave as described");
	return ok ? 0 : 1;
}

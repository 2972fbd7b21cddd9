/* SPDX-License-Identifier: MIT */
/*
 * model_helpers.h - shared set-up for the model tests: a model with one
 * inode on a chosen variant, and an opener thread a test can watch go to
 * sleep (fo_task_sleeping) instead of guessing with a timer.
 */
#ifndef FUSEORD_TESTS_MODEL_HELPERS_H
#define FUSEORD_TESTS_MODEL_HELPERS_H

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "fuseord/fuseord.h"

#define INO 7

static inline fo_model *walk_model(const char *variant, bool close_wait)
{
	struct fo_model_opts o = { .variant = variant, .close_wait = close_wait,
				   .manual_worker = true };
	fo_model *m = NULL;

	if (fo_model_create(&o, &m) || fo_model_inode_add(m, INO)) {
		fo_model_destroy(m);
		return NULL;
	}
	return m;
}

/* A thread that runs fo_model_open_end() and reports its task and result. */
struct opener {
	pthread_t thread;
	fo_model *m;
	int fid;
	_Atomic(fo_task *) task;
	atomic_int done;
	int result;
};

static inline void *opener_main(void *arg)
{
	struct opener *o = arg;

	atomic_store(&o->task, fo_task_current());
	o->result = fo_model_open_end(o->m, o->fid);
	atomic_store(&o->done, 1);
	return NULL;
}

static inline int opener_start(struct opener *o, fo_model *m, int fid)
{
	o->m = m;
	o->fid = fid;
	atomic_store(&o->task, NULL);
	atomic_store(&o->done, 0);
	return pthread_create(&o->thread, NULL, opener_main, o);
}

/*
 * Wait until the opener is asleep in a wait or has returned, whichever comes
 * first; returns 1 if it is asleep (and has not returned).
 */
static inline int opener_settle(struct opener *o)
{
	for (;;) {
		fo_task *t = atomic_load(&o->task);

		if (atomic_load(&o->done))
			return 0;
		if (t && fo_task_sleeping(t) == 1)
			return 1;
		sched_yield();
	}
}

static inline int opener_join(struct opener *o)
{
	pthread_join(o->thread, NULL);
	return o->result;
}

static inline bool file_flagged(fo_model *m, int fid)
{
	struct fo_file_info fi;

	return fo_model_file_info(m, fid, &fi) == 0 && fi.fail_immediately;
}

static inline unsigned rw_files(fo_model *m, uint64_t ino)
{
	struct fo_inode_info ii;

	return fo_model_inode_info(m, ino, &ii) == 0 ? ii.rw_files : ~0u;
}

#endif /* FUSEORD_TESTS_MODEL_HELPERS_H */

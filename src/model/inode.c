/* SPDX-License-Identifier: MIT */
/*
 * inode.c - mirrors fs/fuse/inode.c: inode set-up (fuse_alloc_inode,
 * fuse_init_inode), the notification handler fuse_invalidate_files() and the
 * invalidation worker fuse_inval_files_work().
 *
 * Patch v2 moves the FAIL loop of fuse_invalidate_files() in front of the
 * early return and records fi->inval_files_seq; both are knob checks here.
 */
#include <stdio.h>

#include "model/fuse_i.h"

/* fuse_alloc_inode() + fuse_init_inode(): v2 zeroes inval_files_seq in both. */
void fuse_init_inode(struct fuse_inode *fi, u64 nodeid)
{
	fi->nodeid = nodeid;
	fi->state = 0;
	INIT_LIST_HEAD(&fi->rw_files);
	INIT_LIST_HEAD(&fi->write_files);
	fi->inval_files_seq = 0;
	fi->i_size_unstable = 0;
	spin_lock_init(&fi->lock);
	spin_lock_init(&fi->i_rwsem);
	INIT_LIST_HEAD(&fi->inval_files_entry);
	snprintf(fi->name, sizeof(fi->name), "inode %llu", (unsigned long long)nodeid);
}

/*
 * The model's table of the scenario's inodes, cached or not. Inodes are added
 * before the model runs and never removed, so this reads a table that no
 * longer changes: what the oracles and the reports call the inode.
 */
struct fuse_inode *fuse_inode_find(struct fuse_conn *fc, u64 nodeid)
{
	int n = __atomic_load_n(&fc->ninodes, __ATOMIC_ACQUIRE);

	for (int i = 0; i < n; i++)
		if (fc->inodes[i]->nodeid == nodeid)
			return fc->inodes[i];
	return NULL;
}

/*
 * fuse_ilookup() (inode.c): the inode cache. A node a FUSE_CREATE makes is
 * not in it until the creator's fuse_iget(); every other inode is from the
 * start (its lookup is no step: nothing can change it).
 */
FO_API struct fuse_inode *fuse_ilookup(struct fuse_conn *fc, u64 nodeid)
{
	struct fuse_inode *fi = fuse_inode_find(fc, nodeid);

	if (fi && fi->created && !rt_load_int(&fi->i_cached, "i_cached"))
		return NULL;
	return fi;
}

/*
 * fuse_iget() (inode.c) in fuse_create_open(), after the FUSE_CREATE reply:
 * the new inode enters the cache with inval_files_seq 0, as
 * fuse_init_inode() leaves it. A notification that came between the reply
 * and here found no inode and was dropped (-ENOENT), although the file it
 * should have flagged is about to be linked: absent_inval=record hands its
 * number to the new inode, so the link's comparison flags the file.
 */
void fuse_iget(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;
	struct fuse_inode *fi = ff->fi;
	bool record = fuse_has_seq(fc) && fc->knobs.absent_inval == ABSENT_INVAL_RECORD;

	if (!fi->created)
		return;
	if (record)
		spin_lock(&fc->inode_hash_lock);
	if (!rt_load_int(&fi->i_cached, "i_cached")) {
		rt_store_int(&fi->i_cached, 1, "i_cached");
		if (record) {
			u64 v = rt_load_u64(&fi->absent_inval_seq, "absent_inval_seq");

			if (v) {
				rt_store_u64(&fi->inval_files_seq, v, "inval_files_seq");
				FUSE_TRACE(fc, FUSE_EV_SEQ_SAVE, .ff = ff, .fi = fi,
					   .counter = &fi->inval_files_seq, .seq = v);
			}
		}
	}
	if (record)
		spin_unlock(&fc->inode_hash_lock);
}

/*
 * absent_inval=record: a notification for a node a FUSE_CREATE is making
 * keeps its number (the largest) for fuse_iget(); under inode_hash_lock, so
 * that the lookup and the record are one step against fuse_iget().
 */
static void fuse_record_absent_inval(struct fuse_dev *fud, u64 nodeid, u64 seq)
{
	struct fuse_inode *fi = fuse_inode_find(fud->fc, nodeid);
	u64 v, cur;

	if (!fi || !fi->created)
		return;
	v = fuse_write_seq_read(fud, seq);
	cur = rt_load_u64(&fi->absent_inval_seq, "absent_inval_seq");
	if (v > cur)
		rt_store_u64(&fi->absent_inval_seq, v, "absent_inval_seq");
}

/*
 * The FAIL loop over fi->rw_files, under fi->lock. Seq-blind in both pre and
 * v2 (concern 5); fail_loop=seq spares files whose reply came after the
 * notification, as the review suggests.
 */
FO_API void fuse_fail_rw_files(struct fuse_inode *fi)
{
	struct fuse_conn *fc = NULL;
	struct fuse_file *ff;

	list_for_each_entry(ff, &fi->rw_files, rw_entry) {
		fc = ff->fc;
		if (fuse_has_seq(fc) && fc->knobs.fail_loop == FAIL_LOOP_SEQ &&
		    !(rt_load_u64(&ff->open_seq, "open_seq") <=
		      rt_load_u64(&fi->inval_files_seq, "inval_files_seq")))
			continue;
		fuse_fail_file(ff);
	}
}

/* schedule_work(): the worker runs fuse_inval_files_work() once more. */
void queue_work(struct work_struct *w)
{
	if (!test_and_set_bit(WORK_PENDING, &w->pending))
		wake_up_bit(&w->pending, WORK_PENDING);
}

/* fi->inval_files_seq = @v, for the oracles too; fi->lock held. */
FO_API void fuse_set_inval_files_seq(struct fuse_dev *fud, struct fuse_inode *fi, u64 v)
{
	rt_store_u64(&fi->inval_files_seq, v, "inval_files_seq");
	FUSE_TRACE(fud->fc, FUSE_EV_SEQ_SAVE, .fud = fud, .fi = fi, .counter = &fi->inval_files_seq,
		   .seq = v);
}

/*
 * The rest of fuse_invalidate_files() once the sequence number is saved:
 * the early return of a merged notification, or FUSE_I_INVAL_FILES set and
 * the work queued. Called with fi->lock held; returns with it released.
 */
FO_API int fuse_inval_files_mark(struct fuse_dev *fud, struct fuse_inode *fi)
{
	struct fuse_conn *fc = fud->fc;

	if (test_bit(FUSE_I_INVAL_FILES, &fi->state)) {
		spin_unlock(&fi->lock);
		FUSE_TRACE(fc, FUSE_EV_INVAL_MERGED, .fud = fud, .fi = fi);
		return 0;
	}
	set_bit(FUSE_I_INVAL_FILES, &fi->state);
	FUSE_TRACE(fc, FUSE_EV_INVAL_SET, .fud = fud, .fi = fi);
	if (!fuse_has_seq(fc))
		fuse_fail_rw_files(fi); /* pre-patch: after the early return */
	rt_store_int(&fi->i_size_unstable, 1, "i_size_unstable");
	spin_unlock(&fi->lock);

	spin_lock(&fc->lock);
	list_add_tail(&fi->inval_files_entry, &fc->inval_files_list);
	spin_unlock(&fc->lock);
	queue_work(&fc->inval_files_work);
	return 0;
}

/*
 * fuse_invalidate_files() (inode.c): FUSE_NOTIFY_INVAL_FILES for @nodeid,
 * written on @fud with sequence number @seq (the value its entry produced).
 */
FO_API int fuse_invalidate_files(struct fuse_dev *fud, u64 nodeid, u64 seq)
{
	struct fuse_conn *fc = fud->fc;
	struct fuse_inode *fi;

	if (fuse_has_seq(fc) && fc->knobs.absent_inval == ABSENT_INVAL_RECORD) {
		spin_lock(&fc->inode_hash_lock);
		fi = fuse_ilookup(fc, nodeid);
		if (!fi)
			fuse_record_absent_inval(fud, nodeid, seq);
		spin_unlock(&fc->inode_hash_lock);
	} else {
		fi = fuse_ilookup(fc, nodeid);
	}
	if (!fi)
		return -ENOENT; /* not cached: nothing to invalidate, as far as the kernel knows */

	spin_lock(&fi->lock);
	if (fuse_has_seq(fc)) {
		/*
		 * v2: save this notification's write_seq and fail every
		 * fuse_file currently linked on the inode, before the early
		 * return, so a merged notification still fails new files.
		 */
		u64 v = fuse_write_seq_read(fud, seq);

		/* fixed: notifications may be applied out of order; keep the latest sent */
		if (fc->knobs.inval_seq == INVAL_SEQ_MAX) {
			u64 cur = rt_load_u64(&fi->inval_files_seq, "inval_files_seq");

			if (cur > v)
				v = cur;
		}
		fuse_set_inval_files_seq(fud, fi, v);
		fuse_fail_rw_files(fi);
	}
	return fuse_inval_files_mark(fud, fi);
}

/*
 * fuse_inval_files_work() (inode.c): for each queued inode, end the requests
 * of its flagged files under fi->lock, drop its pages with the lock dropped,
 * then, locked again, clear FUSE_I_INVAL_FILES and wake the openers waiting
 * on it. Returns the number of inodes processed.
 */
FO_API int fuse_inval_files_work(struct fuse_conn *fc)
{
	LIST_HEAD(inval_files_list);
	int n = 0;

	spin_lock(&fc->lock);
	list_splice_init(&fc->inval_files_list, &inval_files_list);
	spin_unlock(&fc->lock);

	while (!list_empty(&inval_files_list)) {
		struct fuse_inode *fi =
			list_first_entry(&inval_files_list, struct fuse_inode, inval_files_entry);

		list_del_init(&fi->inval_files_entry);
		spin_lock(&fi->lock);
		rt_point(RT_EVENT | RT_NOTE, fi, "end requests of flagged files");
		/*
		 * truncate_pagecache_range() sleeps, so it runs with fi->lock
		 * dropped: the hunk shows the lock taken before the rw_files
		 * walk and held again at the wake, and the lines between it
		 * hides must drop and retake it. Notifications, links and
		 * releases can run here, with FUSE_I_INVAL_FILES still set.
		 */
		spin_unlock(&fi->lock);
		rt_point(RT_EVENT | RT_NOTE, &fi->inval_files_entry, "drop pages");
		spin_lock(&fi->lock);
		clear_bit(FUSE_I_INVAL_FILES, &fi->state);
		FUSE_TRACE(fc, FUSE_EV_INVAL_CLEAR, .fi = fi);
		rt_store_int(&fi->i_size_unstable, 0, "i_size_unstable");
		wake_up_bit(&fi->state, FUSE_I_INVAL_FILES);
		spin_unlock(&fi->lock);
		n++;
	}
	return n;
}

static bool work_pending_or_stop(const struct rt_wait *w)
{
	const struct work_struct *work = w->arg;

	return (__atomic_load_n(&work->pending, __ATOMIC_ACQUIRE) & (1UL << WORK_PENDING)) ||
	       __atomic_load_n(&work->stop, __ATOMIC_ACQUIRE);
}

/*
 * The worker thread's loop (the workqueue around fuse_inval_files_work()).
 * `running` lets a flush tell "queued or running" from "idle".
 */
void fuse_inval_files_worker(struct fuse_conn *fc)
{
	struct work_struct *w = &fc->inval_files_work;
	const struct rt_wait idle = {
		.var = &w->pending, .bit = WORK_PENDING, .cond = work_pending_or_stop,
		.arg = w, .idle = true, .what = "invalidation work",
	};

	for (;;) {
		rt_wait_event(&idle);
		if (__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE))
			break;
		__atomic_store_n(&w->running, 1, __ATOMIC_SEQ_CST);
		if (test_and_clear_bit(WORK_PENDING, &w->pending))
			fuse_ops(fc)->inval_files_work(fc);
		__atomic_store_n(&w->running, 0, __ATOMIC_SEQ_CST);
		rt_wake(&w->running, -1);
	}
}

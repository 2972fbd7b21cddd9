/* SPDX-License-Identifier: MIT */
/*
 * file.c - mirrors fs/fuse/file.c: the client open path (fuse_open,
 * fuse_file_open, fuse_finish_open, fuse_link_rw_file,
 * fuse_wait_on_inval_files), release, I/O on a file and the FIEMAP helper's
 * lookup of a file on rw_files.
 *
 * fuse_open() is split at the point where it sleeps for the reply
 * (fuse_open_send / fuse_open_complete) so a caller can stand between the
 * request and its answer; fuse_open() itself runs both halves.
 */
#include "model/fuse_i.h"

/* fuse_file_alloc() (file.c): kzalloc, so open_seq starts at 0 (concern 4). */
void fuse_file_alloc(struct fuse_conn *fc, struct fuse_inode *fi, struct fuse_file *ff,
		     int fid, unsigned fmode)
{
	ff->fc = fc;
	ff->fi = fi;
	ff->fid = fid;
	ff->fmode = fmode;
	ff->ff_state = 0;
	ff->open_seq = 0;
	INIT_LIST_HEAD(&ff->rw_entry);
	INIT_LIST_HEAD(&ff->write_entry);
	spin_lock_init(&ff->lock);
	ff->req.state = REQ_NONE;
	ff->req.fud = -1;
	init_completion(&ff->req.sent);
	init_completion(&ff->req.answered);
	ff->req.args.reply_seq = 0;
	ff->req.args.error = 0;
	ff->create = false;
	ff->sent_open = false;
	ff->trunc = fmode & 4u; /* FO_FMODE_TRUNC */
	ff->held[0] = ff->held[1] = NULL;
}

/*
 * A lock the open's caller takes and keeps until the open returns
 * (inode_lock() for O_TRUNC, the parent directory's for create): any wait
 * of the open sleeps under it, which the deadlock oracle can then see.
 */
void fuse_open_hold(struct fuse_file *ff, spinlock_t *lock)
{
	spin_lock(lock);
	ff->held[ff->held[0] ? 1 : 0] = lock;
}

static void fuse_open_unhold(struct fuse_file *ff)
{
	for (int i = 1; i >= 0; i--)
		if (ff->held[i]) {
			spin_unlock(ff->held[i]);
			ff->held[i] = NULL;
		}
}

FO_API void fuse_set_open_seq(struct fuse_file *ff, u64 v)
{
	rt_store_u64(&ff->open_seq, v, "open_seq");
	FUSE_TRACE(ff->fc, FUSE_EV_SEQ_SAVE, .ff = ff, .fi = ff->fi, .counter = &ff->open_seq,
		   .seq = v);
}

/* fuse_wait_on_inval_files() (file.c, v2): killable wait for the worker. */
FO_API int fuse_wait_on_inval_files(struct fuse_inode *fi)
{
	if (likely(!test_bit(FUSE_I_INVAL_FILES, &fi->state)))
		return 0;
	return wait_on_bit(&fi->state, FUSE_I_INVAL_FILES, TASK_KILLABLE, fi->name);
}

/* fuse_link_write_file() (file.c): writeback_cache write opens. */
FO_API void fuse_link_write_file(struct fuse_file *ff)
{
	struct fuse_inode *fi = ff->fi;

	spin_lock(&fi->lock);
	if (list_empty(&ff->write_entry))
		list_add(&ff->write_entry, &fi->write_files);
	spin_unlock(&fi->lock);
}

/*
 * Flag the file stale under ff->lock, as the pre-patch link and the FAIL loop
 * of fuse_invalidate_files() both do.
 */
FO_API void fuse_fail_file(struct fuse_file *ff)
{
	spin_lock(&ff->lock);
	set_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state);
	/* in the set_bit step: the oracles must see the flag when the opener can */
	FUSE_TRACE(ff->fc, FUSE_EV_FLAG, .ff = ff, .fi = ff->fi);
	spin_unlock(&ff->lock);
}

/* v2's link flags a stale file without ff->lock, under fi->lock. */
FO_API void fuse_flag_file(struct fuse_file *ff)
{
	set_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state);
	FUSE_TRACE(ff->fc, FUSE_EV_FLAG, .ff = ff, .fi = ff->fi);
}

/* list_add to fi->rw_files unless linked already; fi->lock held. */
FO_API void fuse_link_rw_entry(struct fuse_file *ff)
{
	struct fuse_inode *fi = ff->fi;

	if (list_empty(&ff->rw_entry)) {
		list_add(&ff->rw_entry, &fi->rw_files);
		FUSE_TRACE(ff->fc, FUSE_EV_LINK, .ff = ff, .fi = fi);
	}
}

/*
 * v2: if this open reply was received before the last
 * FUSE_NOTIFY_INVAL_FILES on this inode, the open is stale.
 */
FO_API bool fuse_seq_check(struct fuse_file *ff)
{
	/* the two loads in the order the comparison evaluates them */
	u64 open_seq = rt_load_u64(&ff->open_seq, "open_seq");
	u64 inval_seq = rt_load_u64(&ff->fi->inval_files_seq, "inval_files_seq");

	/* the decisive comparison, for the trace */
	FUSE_TRACE(ff->fc, FUSE_EV_SEQ_CHECK, .ff = ff, .fi = ff->fi, .seq = open_seq,
		   .against = inval_seq);
	return open_seq < inval_seq;
}

/* fuse_link_rw_file() (file.c) */
FO_API void fuse_link_rw_file(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;
	struct fuse_inode *fi = ff->fi;

	spin_lock(&fi->lock);
	/* pre-patch: an invalidation in progress means the open is stale */
	if (!fuse_has_seq(fc) && test_bit(FUSE_I_INVAL_FILES, &fi->state))
		fuse_fail_file(ff);
	fuse_link_rw_entry(ff);
	if (fuse_has_seq(fc) && fuse_seq_check(ff))
		fuse_flag_file(ff);
	spin_unlock(&fi->lock);
}

/* The number up to which writes must be applied before @ff may link. */
static u64 fuse_open_needs_upto(const struct fuse_file *ff)
{
	bool replied = ff->sent_open || ff->create;
	u64 seq = __atomic_load_n(&ff->open_seq, __ATOMIC_RELAXED);

	/* after a reply, the writes before it; else those before the open began */
	return replied ? (seq ? seq - 1 : 0) : seq;
}

static bool fuse_earlier_writes_applied(const struct rt_wait *w)
{
	const struct fuse_file *ff = w->arg;

	return __atomic_load_n(&ff->fc->done_upto, __ATOMIC_ACQUIRE) >= fuse_open_needs_upto(ff);
}

/*
 * fixed: before the open decides whether it is stale, every notification the
 * daemon sent before its reply (before its start, without FUSE_OPEN) has
 * been applied: it has recorded its number and run its FAIL loop. Killable,
 * as the wait v2 adds.
 */
static int fuse_wait_on_earlier_writes(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;
	const struct rt_wait w = {
		.var = &fc->done_upto, .bit = -1, .cond = fuse_earlier_writes_applied,
		.arg = ff, .killable = true, .what = "every earlier daemon write to be applied",
	};

	rt_wait_point(&w, "done_upto");
	return rt_wait_event(&w);
}

/* fuse_finish_open() (file.c) */
FO_API int fuse_finish_open(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;
	int err = 0;

	if (fuse_has_seq(fc) && fc->knobs.watermark == WATERMARK_WAIT) {
		err = fuse_wait_on_earlier_writes(ff);
		if (err)
			return err;
	}

	if ((ff->fmode & FMODE_WRITE) && fc->writeback_cache)
		fuse_link_write_file(ff);

	/* v2 gates the linking on close_wait too (concern 1); link=always does not */
	if (fc->knobs.link == LINK_ALWAYS || fc->close_wait)
		fuse_ops(fc)->link_rw_file(ff);

	/*
	 * v2: wait for fuse_inval_files_work() on this inode to complete
	 * before returning, otherwise the caller can hit IO errors on an
	 * inode still being invalidated. v2 waits only on close_wait mounts,
	 * so a valid open elsewhere returns into the window (inval_wait=always).
	 */
	if (fuse_has_seq(fc) && (fc->close_wait || fc->knobs.inval_wait == INVAL_WAIT_ALWAYS) &&
	    !test_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state))
		err = fuse_wait_on_inval_files(ff->fi);
	return err;
}

/*
 * fuse_open() (file.c), first half: wait out an invalidation in progress,
 * then fuse_do_open() → fuse_file_open() → fuse_send_open() up to the
 * request being queued. With no_open nothing is sent.
 */
FO_API int fuse_open_send(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;
	int err;

	/* fuse_file_open(): `open = !fc->no_open`, read once */
	ff->sent_open = !fuse_conn_no_open(fc);
	if (ff->sent_open) {
		rt_point(RT_EVENT, ff, "fuse_open");
		FUSE_TRACE(fc, FUSE_EV_OPEN_START, .ff = ff, .fi = ff->fi);
	} else if (fuse_has_seq(fc) && fc->knobs.no_open_seq == NO_OPEN_SEQ_FRESH &&
		   fc->knobs.seq_scope == SEQ_SCOPE_CONN) {
		/*
		 * concern 4, fixed: no reply, so the open takes the number of the
		 * last write the connection has seen; the read is where the open
		 * stands in the send order.
		 */
		u64 v = rt_load_u64_ordered(&fc->write_seq, &fc->send_order, RT_MARK, "write_seq") & fuse_seq_mask(fc);

		FUSE_TRACE(fc, FUSE_EV_OPEN_START, .ff = ff, .fi = ff->fi);
		fuse_set_open_seq(ff, v);
	} else {
		/* without a reply the open's start stands in the send order */
		rt_point(RT_MARK, &fc->send_order, "fuse_open");
		FUSE_TRACE(fc, FUSE_EV_OPEN_START, .ff = ff, .fi = ff->fi);
		/* concern 4: open_seq stays 0; `fresh` gives it the inode's number */
		if (fuse_has_seq(fc) && fc->knobs.no_open_seq == NO_OPEN_SEQ_FRESH)
			fuse_set_open_seq(ff, rt_load_u64(&ff->fi->inval_files_seq,
							  "inval_files_seq"));
	}

	err = fuse_wait_on_inval_files(ff->fi);
	if (err)
		return err;
	/* fuse_open(): O_TRUNC on a writeback_cache mount, under inode_lock() */
	if (ff->trunc && fc->writeback_cache)
		fuse_open_hold(ff, &ff->fi->i_rwsem);
	if (!ff->sent_open)
		return 0;
	fuse_send_request(&ff->req);
	FUSE_TRACE(fc, FUSE_EV_OPEN_SENT, .ff = ff, .fi = ff->fi);
	return 0;
}

/*
 * The release an open's own error branch does (fuse_sync_release() in
 * mainline): the VFS never calls release for a failed open, so a file left
 * on rw_files here would stay there after it is freed.
 */
void fuse_sync_release(struct fuse_file *ff)
{
	/* sync_release=keep: what if the error path forgot rw_files (the leak oracle) */
	if (ff->fc->knobs.sync_release == SYNC_RELEASE_KEEP)
		return;
	fuse_ops(ff->fc)->release(ff);
}

/* The caller may use the inode from here on: the oracles watch this moment. */
void fuse_open_return(struct fuse_file *ff, int err)
{
	/*
	 * the oracles read the inode's state and whether the file is flagged,
	 * and FIEMAP's lookup whether the open returned before it began
	 */
	const struct rt_acc acc[] = {
		{ .obj = &ff->fi->state, .kind = RT_READ },
		{ .obj = &ff->ff_state, .kind = RT_READ },
		{ .obj = &ff->fi->ghost_opens, .kind = RT_MARK },
	};

	fuse_open_unhold(ff);
	rt_point_n(0, acc, 3, "open returns");
	FUSE_TRACE(ff->fc, FUSE_EV_OPEN_RETURN, .ff = ff, .fi = ff->fi, .err = err);
}

/* fuse_file_open() (v2): open_seq is the reply's reply_seq. */
FO_API void fuse_open_reply(struct fuse_file *ff)
{
	if (fuse_has_seq(ff->fc))
		fuse_set_open_seq(ff, rt_load_u64(&ff->req.args.reply_seq, "reply_seq"));
}

/*
 * fuse_open() second half: sleep until the reply, take open_seq from it
 * (fuse_file_open(), v2), and finish the open.
 */
int fuse_open_complete(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;
	int err;

	if (ff->sent_open || ff->create) {
		err = fuse_request_wait_answer(&ff->req);
		if (err) {
			/* killed before any daemon read it: no file was opened */
			fuse_open_return(ff, err);
			return err;
		}
		fuse_ops(fc)->open_reply(ff);
		err = ff->req.args.error; /* ordered by the completion */
		if (err == -ENOSYS && !ff->create) {
			/* fuse_file_open(): the daemon has no FUSE_OPEN; open without */
			rt_store_int(&fc->no_open, 1, "no_open");
		} else if (err) {
			/* the file is freed without fuse_finish_open(): never linked */
			fuse_open_return(ff, err);
			return err;
		}
		/* fuse_create_open(): the new node enters the inode cache */
		if (ff->create)
			fuse_iget(ff);
	}
	err = fuse_ops(fc)->finish_open(ff);
	if (err)
		fuse_sync_release(ff);
	fuse_open_return(ff, err);
	return err;
}

int fuse_open(struct fuse_file *ff)
{
	int err = fuse_ops(ff->fc)->open_send(ff);

	if (err) {
		fuse_open_return(ff, err);
		return err;
	}
	return fuse_open_complete(ff);
}

/* The rw_files part of fuse_release_common() (file.c). */
FO_API void fuse_release(struct fuse_file *ff)
{
	struct fuse_inode *fi = ff->fi;
	bool was_linked;

	spin_lock(&fi->lock);
	was_linked = !list_empty(&ff->rw_entry);
	list_del_init(&ff->rw_entry);
	list_del_init(&ff->write_entry);
	spin_unlock(&fi->lock);
	if (was_linked)
		FUSE_TRACE(ff->fc, FUSE_EV_UNLINK, .ff = ff, .fi = fi);
}

/* One read or write: a flagged file fails at once so the client reopens. */
int fuse_file_io(struct fuse_file *ff)
{
	/* the I/O reaches the inode's pages, which the worker may be dropping */
	const struct rt_acc acc[] = {
		{ .obj = &ff->fi->state, .kind = RT_READ },
		{ .obj = &ff->ff_state, .kind = RT_READ },
	};

	if (test_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state)) {
		FUSE_TRACE(ff->fc, FUSE_EV_IO, .ff = ff, .fi = ff->fi, .err = -EIO);
		return -EIO;
	}
	rt_point_n(0, acc, 2, "I/O on the inode");
	FUSE_TRACE(ff->fc, FUSE_EV_IO, .ff = ff, .fi = ff->fi, .err = 0);
	return 0;
}

/* The FIEMAP helper (file.c:3864): any ff of the inode among rw_files. */
struct fuse_file *fuse_fiemap_find_file(struct fuse_conn *fc, struct fuse_inode *fi)
{
	struct fuse_file *ff = NULL;

	/*
	 * Where the call begins, ordered against opens returning: an open that
	 * completes after this point may be missed without any fault (the
	 * fiemap-miss oracle counts only opens that returned before it).
	 */
	rt_point(RT_PROBE, &fi->ghost_opens, "FIEMAP starts");
	FUSE_TRACE(fc, FUSE_EV_FIEMAP_START, .fi = fi);
	spin_lock(&fi->lock);
	if (!list_empty(&fi->rw_files))
		ff = list_first_entry(&fi->rw_files, struct fuse_file, rw_entry);
	spin_unlock(&fi->lock);
	rt_point(RT_PROBE, &fi->ghost_opens, "FIEMAP uses what it found");
	return ff;
}

/* SPDX-License-Identifier: MIT */
/*
 * dev.c - mirrors fs/fuse/dev.c: the daemon's write() to /dev/fuse
 * (fuse_dev_do_write), notifications (fuse_notify), the end of a request
 * (fuse_request_end) and device clones (fuse_dev_alloc).
 *
 * The sequence-number hunks of patch v2 are here: write_seq++ at the write's
 * entry, and req->args->reply_seq = fud->write_seq before the request ends.
 * Knobs choose where the counter lives (seq_scope), how it is bumped
 * (seq_inc) and whether later steps re-read it (seq_read).
 */
#include "model/fuse_i.h"

/* fuse_dev_alloc() (dev.c): v2 sets write_seq = 0 explicitly; clones too. */
void fuse_dev_init(struct fuse_conn *fc, struct fuse_dev *fud, int id)
{
	fud->fc = fc;
	fud->id = id;
	fud->write_seq = 0;
}

/* The inode a write is about, for the trace: the notification's, or the reply's file's. */
static struct fuse_inode *fuse_msg_inode(struct fuse_conn *fc, const struct fuse_out_msg *msg)
{
	if (msg->kind == FUSE_MSG_NOTIFY_INVAL_FILES)
		return fuse_inode_find(fc, msg->nodeid);
	return msg->ff ? msg->ff->fi : NULL;
}

/* The counter a write bumps: the device's (v2) or the connection's. */
static u64 *fuse_seq_counter(struct fuse_dev *fud)
{
	return fud->fc->knobs.seq_scope == SEQ_SCOPE_CONN ? &fud->fc->write_seq : &fud->write_seq;
}

/*
 * The write's entry: v2's `fud->write_seq++`. Its first step (the load, or
 * the atomic increment) is where the daemon's send order is decided, so the
 * WRITE_ENTER event is emitted right after it. Returns the value written.
 */
FO_API u64 fuse_write_seq_inc(struct fuse_dev *fud, const struct fuse_out_msg *msg)
{
	struct fuse_conn *fc = fud->fc;
	u64 *ctr = fuse_seq_counter(fud);
	int order = fuse_send_order_kind(msg->kind);
	u64 v;

	if (!fuse_has_seq(fc)) {
		/* pre-patch: no counter, but the entry is still a step of its own */
		rt_point(order, &fc->send_order, "fuse_dev_do_write");
		FUSE_TRACE(fc, FUSE_EV_WRITE_ENTER, .fud = fud, .msg = msg->kind, .ff = msg->ff,
			   .fi = fuse_msg_inode(fc, msg));
		return 0;
	}
	if (fc->knobs.seq_inc == SEQ_INC_ATOMIC) {
		v = atomic64_inc_return_ordered(ctr, &fc->send_order, order, "write_seq++") & fuse_seq_mask(fc);
		FUSE_TRACE(fc, FUSE_EV_WRITE_ENTER, .fud = fud, .msg = msg->kind, .ff = msg->ff,
			   .fi = fuse_msg_inode(fc, msg), .counter = ctr, .seq = v);
		return v;
	}
	/* v2: a plain ++, two steps; concurrent writers can lose an update (concern 3) */
	v = rt_load_u64_ordered(ctr, &fc->send_order, order, "write_seq++ (load)");
	FUSE_TRACE(fc, FUSE_EV_WRITE_ENTER, .fud = fud, .msg = msg->kind, .ff = msg->ff,
		   .fi = fuse_msg_inode(fc, msg), .counter = ctr, .seq = v, .plain = true);
	v = (v + 1) & fuse_seq_mask(fc);
	rt_store_u64(ctr, v, "write_seq++ (store)");
	FUSE_TRACE(fc, FUSE_EV_SEQ_STORE, .fud = fud, .counter = ctr, .seq = v);
	return v;
}

/*
 * fixed (watermark=wait): the notifications in progress, by number, and the
 * number below which every notification has been applied (done_upto), under
 * fc->seq_lock. Every write takes its number under the same lock, so no
 * notification has a number without being in progress already.
 */
static void fuse_done_upto_update(struct fuse_conn *fc)
{
	u64 upto = ~(u64)0;

	for (int i = 0; i < fc->ninflight; i++)
		if (fc->inflight[i] - 1 < upto)
			upto = fc->inflight[i] - 1;
	__atomic_store_n(&fc->done_upto, upto, __ATOMIC_RELEASE);
}

static void fuse_write_applied(struct fuse_dev *fud, u64 seq)
{
	struct fuse_conn *fc = fud->fc;

	spin_lock(&fc->seq_lock);
	for (int i = 0; i < fc->ninflight; i++) {
		if (fc->inflight[i] == seq) {
			fc->inflight[i] = fc->inflight[--fc->ninflight];
			break;
		}
	}
	fuse_done_upto_update(fc);
	spin_unlock(&fc->seq_lock);
	rt_wake(&fc->done_upto, -1);
}

static bool fuse_watermark(const struct fuse_conn *fc)
{
	return fuse_has_seq(fc) && fc->knobs.watermark == WATERMARK_WAIT;
}

/*
 * The sequence number a later step records: v2 re-reads fud->write_seq, so
 * another write on the same fd in between shifts it; `captured` uses the
 * value this write itself produced.
 */
FO_API u64 fuse_write_seq_read(struct fuse_dev *fud, u64 captured)
{
	struct fuse_conn *fc = fud->fc;

	if (fc->knobs.seq_read == SEQ_READ_CAPTURED)
		return captured;
	return rt_load_u64(fuse_seq_counter(fud), "write_seq") & fuse_seq_mask(fc);
}

/* fuse_request_end() (dev.c): wakes the task sleeping in the request. */
static void fuse_request_end(struct fuse_req *req)
{
	complete_all(&req->answered);
}

/* fuse_notify() → fuse_notify_inval_files() (dev.c) */
static int fuse_notify(struct fuse_dev *fud, const struct fuse_out_msg *msg, u64 seq)
{
	return fuse_ops(fud->fc)->invalidate_files(fud, msg->nodeid, seq);
}

/*
 * fuse_dev_do_write() (dev.c): one write() of the daemon on @fud. A reply
 * looks its request up on @fud's processing queue: a request read on
 * another fud is not found (-ENOENT), as in the kernel.
 */
int fuse_dev_do_write(struct fuse_dev *fud, const struct fuse_out_msg *msg)
{
	struct fuse_conn *fc = fud->fc;
	struct fuse_req *req;
	u64 seq;
	int err, state;

	/* Monotonic sequence number matching the daemon's reply/notification send order. */
	if (fuse_watermark(fc)) {
		/* fixed: number and "in progress" in one step, under seq_lock */
		spin_lock(&fc->seq_lock);
		seq = fuse_ops(fc)->write_seq_inc(fud, msg);
		if (msg->kind == FUSE_MSG_NOTIFY_INVAL_FILES && fc->ninflight < FUSE_MAX_INFLIGHT) {
			fc->inflight[fc->ninflight++] = seq;
			fuse_done_upto_update(fc);
		}
		spin_unlock(&fc->seq_lock);
	} else {
		seq = fuse_ops(fc)->write_seq_inc(fud, msg);
	}

	if (msg->kind == FUSE_MSG_OTHER) {
		err = 0;
		goto out;
	}
	if (msg->kind == FUSE_MSG_NOTIFY_INVAL_FILES) {
		/* whichever step ends the notification carries what WRITE_DONE is ordered by */
		fuse_event_hold(fc, &(const struct fuse_event){
					    .kind = FUSE_EV_WRITE_DONE, .msg = msg->kind,
					    .fi = fuse_msg_inode(fc, msg) });
		err = fuse_notify(fud, msg, seq);
		goto out;
	}

	req = msg->ff ? &msg->ff->req : NULL;
	spin_lock(&fc->fpq_lock);
	state = req ? rt_load_int(&req->state, "req->state") : REQ_NONE;
	if (state == REQ_PENDING) {
		/* fo_model_reply() without a read: the daemon read it on this fud */
		req->fud = fud->id;
		rt_store_int(&req->state, REQ_SENT, "req->state");
		state = REQ_SENT;
	}
	/* request_find() searches this fud's processing queue only (fud->pq) */
	if (state != REQ_SENT || req->fud != fud->id) {
		spin_unlock(&fc->fpq_lock);
		err = -ENOENT; /* no such request: the number is consumed anyway */
		goto out;
	}
	rt_store_int(&req->state, REQ_ANSWERED, "req->state");
	spin_unlock(&fc->fpq_lock);
	req->args.error = msg->error; /* the opener reads it after the completion */

	if (fuse_has_seq(fc)) {
		u64 v = fuse_write_seq_read(fud, seq);

		rt_store_u64(&req->args.reply_seq, v, "reply_seq");
		FUSE_TRACE(fc, FUSE_EV_SEQ_SAVE, .fud = fud, .ff = msg->ff,
			   .counter = &req->args.reply_seq, .seq = v);
	}
	fuse_request_end(req);
	err = 0;
out:
	if (fuse_watermark(fc) && msg->kind == FUSE_MSG_NOTIFY_INVAL_FILES)
		fuse_write_applied(fud, seq);
	FUSE_TRACE(fc, FUSE_EV_WRITE_DONE, .fud = fud, .msg = msg->kind, .ff = msg->ff,
		   .fi = fuse_msg_inode(fc, msg), .err = err);
	rt_unhold();
	return err;
}

/*
 * fuse_request_send() (dev.c): queue the request where the daemon reads it.
 * The model's daemon "reads" it by waiting for `sent`.
 */
void fuse_send_request(struct fuse_req *req)
{
	struct fuse_file *ff = container_of(req, struct fuse_file, req);

	spin_lock(&ff->fc->fpq_lock);
	rt_store_int(&req->state, REQ_PENDING, "req->state");
	spin_unlock(&ff->fc->fpq_lock);
	complete_all(&req->sent);
}

/*
 * request_wait_answer() (dev.c). Three phases: interruptible (any signal
 * ends it; it then queues FUSE_INTERRUPT, not modelled), killable, and
 * uninterruptible. A fatal signal ends the first two at once, so for a kill
 * what matters is the end of the killable phase: a request no daemon has
 * read yet (FR_PENDING) is taken off the input queue and the call fails with
 * -EINTR; one that was read must be waited for, uninterruptibly.
 */
int fuse_request_wait_answer(struct fuse_req *req)
{
	struct fuse_file *ff = container_of(req, struct fuse_file, req);

	if (!wait_for_completion(&req->answered, true, ff->create ? "the reply to its FUSE_CREATE" : "the reply to its FUSE_OPEN"))
		return 0;
	spin_lock(&ff->fc->fpq_lock);
	if (rt_load_int(&req->state, "req->state") == REQ_PENDING) {
		rt_store_int(&req->state, REQ_NONE, "req->state");
		spin_unlock(&ff->fc->fpq_lock);
		return -EINTR;
	}
	spin_unlock(&ff->fc->fpq_lock);
	wait_for_completion(&req->answered, false, ff->create ? "the reply to its FUSE_CREATE" : "the reply to its FUSE_OPEN");
	return 0;
}

/*
 * fuse_dev_do_read() (dev.c) of @ff's request on @fud: it moves from the
 * input queue to @fud's processing queue, and only a reply written on @fud
 * can end it. -ENOENT if it is not on the input queue (never sent, taken
 * back by a killed opener, or read already).
 */
int fuse_dev_do_read(struct fuse_dev *fud, struct fuse_file *ff)
{
	struct fuse_conn *fc = fud->fc;
	struct fuse_req *req = &ff->req;
	int err = -ENOENT;

	spin_lock(&fc->fpq_lock);
	if (rt_load_int(&req->state, "req->state") == REQ_PENDING) {
		req->fud = fud->id;
		rt_store_int(&req->state, REQ_SENT, "req->state");
		err = 0;
	}
	spin_unlock(&fc->fpq_lock);
	return err;
}

/* The daemon's read of the request from the device, as a wait for it. */
int fuse_wait_request(struct fuse_file *ff)
{
	return wait_for_completion(&ff->req.sent, false, "a pending request");
}

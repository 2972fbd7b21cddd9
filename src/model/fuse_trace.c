/* SPDX-License-Identifier: MIT */
/*
 * fuse_trace.c - the trace events the oracles read, and the objects whose
 * order each one's verdict depends on.
 *
 * The oracles (src/oracle/) see an execution only as its sequence of
 * events. Two executions the explorer treats as equivalent order every
 * pair of dependent steps alike; for their verdicts to be equal too, every
 * pair of events whose order a check compares must sit in steps that touch
 * a common object, one of them writing it. fuse_event_accesses() names
 * those objects per event and fuse_trace() makes sure the event's step
 * touches them, so no annotation elsewhere has to be right for DPOR to be
 * sound: an event whose step lacks them gets a step of its own.
 *
 * What the checks compare (docs/protocol.md §5), and the object that
 * orders it (on a ghost, the mark first and the probe second: RT_MARK
 * and RT_PROBE conflict only with each other, because no check compares
 * two marks or two probes):
 *   a reply (or a no_open open) before a notification fc->send_order
 *   a notification set/cleared FUSE_I_INVAL_FILES fi->state (set/clear_bit)
 *   a file flagged FUSE_S_FAIL_IMMEDIATELY        ff->ff_state (set_bit)
 *   an open returning / doing I/O (reads both)    fi->state, ff->ff_state
 *   opens returned or released before a FIEMAP    fi->ghost_opens
 *   a release before a notification's end         fi->ghost_inval
 *   a plain write_seq++ interleaved               the counter itself
 */
#include "model/fuse_i.h"

int fuse_send_order_kind(int msg)
{
	return msg == FUSE_MSG_NOTIFY_INVAL_FILES ? RT_PROBE : RT_MARK;
}

static int acc_add(struct rt_acc *acc, int n, const void *obj, int kind)
{
	if (!obj || n >= RT_MAX_ACC)
		return n;
	acc[n] = (struct rt_acc){ .obj = obj, .kind = (uint8_t)kind,
				  .order = (uint8_t)rt_default_order(kind) };
	return n + 1;
}

int fuse_event_accesses(const struct fuse_conn *fc, const struct fuse_event *ev,
			struct rt_acc *acc)
{
	struct fuse_inode *fi = ev->fi;
	struct fuse_file *ff = ev->ff;
	int n = 0;

	switch (ev->kind) {
	case FUSE_EV_WRITE_ENTER:
		n = acc_add(acc, n, &fc->send_order, fuse_send_order_kind(ev->msg));
		n = acc_add(acc, n, ev->counter, RT_READ);
		break;
	case FUSE_EV_SEQ_STORE:
		n = acc_add(acc, n, ev->counter, RT_WRITE);
		break;
	case FUSE_EV_WRITE_DONE:
		/*
		 * a read: two notifications' ends commute, a release is the
		 * write (every step of the notification holds it, rt_hold())
		 */
		if (ev->msg == FUSE_MSG_NOTIFY_INVAL_FILES && fi)
			n = acc_add(acc, n, &fi->ghost_inval, RT_PROBE);
		break;
	case FUSE_EV_INVAL_SET:
	case FUSE_EV_INVAL_CLEAR:
		if (fi)
			n = acc_add(acc, n, &fi->state, RT_WRITE);
		break;
	case FUSE_EV_FLAG:
		if (ff)
			n = acc_add(acc, n, &ff->ff_state, RT_WRITE);
		break;
	case FUSE_EV_OPEN_START:
		/* without FUSE_OPEN the open's start stands in the send order (a create sends) */
		if (ff && !ff->sent_open && !ff->create)
			n = acc_add(acc, n, &fc->send_order, RT_MARK);
		break;
	case FUSE_EV_OPEN_RETURN:
		if (fi && ff) {
			n = acc_add(acc, n, &fi->state, RT_READ);
			n = acc_add(acc, n, &ff->ff_state, RT_READ);
			n = acc_add(acc, n, &fi->ghost_opens, RT_MARK);
		}
		break;
	case FUSE_EV_IO:
		/* a failed I/O (-EIO: flagged) is checked by nobody */
		if (fi && ff && !ev->err) {
			n = acc_add(acc, n, &fi->state, RT_READ);
			n = acc_add(acc, n, &ff->ff_state, RT_READ);
		}
		break;
	case FUSE_EV_RELEASE:
		if (fi) {
			n = acc_add(acc, n, &fi->ghost_inval, RT_MARK);
			n = acc_add(acc, n, &fi->ghost_opens, RT_MARK);
		}
		break;
	case FUSE_EV_FIEMAP_START:
	case FUSE_EV_FIEMAP:
		if (fi)
			n = acc_add(acc, n, &fi->ghost_opens, RT_PROBE);
		break;
	case FUSE_EV_INVAL_MERGED: /* the oracles ignore it */
	case FUSE_EV_LINK:         /* read at the end, and by the linking task */
	case FUSE_EV_UNLINK:
	case FUSE_EV_OPEN_SENT:    /* read by the opener itself */
	case FUSE_EV_SEQ_SAVE:     /* for traces only */
	case FUSE_EV_SEQ_CHECK:
		break;
	}
	return n;
}

void fuse_event_hold(const struct fuse_conn *fc, const struct fuse_event *ev)
{
	struct rt_acc acc[RT_MAX_ACC];
	int n;

	if (!rt_current()->sched)
		return;
	n = fuse_event_accesses(fc, ev, acc);
	for (int i = 0; i < n && i < RT_MAX_HELD; i++)
		rt_hold(&acc[i]);
}

void fuse_trace(const struct fuse_conn *fc, const struct fuse_event *ev)
{
	struct fo_task *t = rt_current();

	if (t->sched) {
		struct rt_acc acc[RT_MAX_ACC];
		int n = fuse_event_accesses(fc, ev, acc);

		if (n) {
			rt_ensure(acc, n, "the oracles' view");
			rt_late(acc, n);
		}
	}
	if (fc->tracer) {
		struct fuse_event e = *ev;

		e.task = t;
		fc->tracer->event(fc->tracer->priv, &e);
	}
}

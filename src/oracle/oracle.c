/* SPDX-License-Identifier: MIT */
/*
 * oracle.c - the checks of docs/protocol.md §5, run over the trace of one
 * execution of the model.
 *
 * The one notion everything rests on is the daemon's send order: the order
 * in which its writes entered fuse_dev_do_write(), i.e. the index of their
 * WRITE_ENTER events. For an open F, R is the entry of the reply write that
 * answered it (the one whose WRITE_DONE has err 0), or F's OPEN_START when
 * no FUSE_OPEN was sent (no_open). A notification N entering after R makes
 * F stale w.r.t. N; entering before makes F valid w.r.t. N. The events of
 * one write are tied together by the task that emits them: a write runs
 * from its WRITE_ENTER to the WRITE_DONE of the same task, and an INVAL_SET
 * in between belongs to it.
 *
 * The checker keeps the first violation of each oracle, with the index of
 * the event that revealed it. It owns no memory: every table is a fixed
 * array in struct fuse_oracles, and a full table marks the verdict
 * unreliable instead of growing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "oracle/oracle.h"
#include "util/util.h"

#define ORACLE_NO_WRITE (-1)  /* tasks[].write: not inside a write */
#define ORACLE_UNTRACKED (-2) /* tasks[].write: inside a write we do not keep */
#define ORACLE_NAME_LEN 64

/* Row i explains bit i of enum fo_oracle, for a report's legend. */
static const char *const oracle_explanations[] = {
	/* stale-open */
	"an open whose FUSE_OPEN reply the daemon sent before a FUSE_NOTIFY_INVAL_FILES on the "
	"inode was left without FUSE_S_FAIL_IMMEDIATELY once the notification was processed: the "
	"caller keeps doing I/O through an open the daemon has invalidated",
	/* inval-window */
	"a valid open (its reply sent after the notification) returned or did I/O unflagged while "
	"that notification's FUSE_I_INVAL_FILES was still set: the caller reaches an inode "
	"fuse_inval_files_work() has not finished invalidating",
	/* spurious-fail */
	"a file was flagged FUSE_S_FAIL_IMMEDIATELY although its reply was sent after every "
	"notification on its inode: an unneeded -EIO and reopen (benign; an error under --strict)",
	/* fiemap-miss */
	"the FIEMAP helper found no fuse_file on the inode's rw_files while a file was open on it: "
	"rw_files no longer lists every open file (review concern 1)",
	/* deadlock */
	"no task could run while some were blocked, e.g. an opener waiting for FUSE_I_INVAL_FILES "
	"to clear after a lost wake-up",
	/* leak */
	"a fuse_file stayed on rw_files after its release or after its open failed: the next "
	"invalidation walks a freed file",
	/* seq-race */
	"two daemon writes interleaved inside one non-atomic write_seq++: a sequence number was "
	"lost or handed out twice, so the recorded order can contradict the send order (review "
	"concern 3)",
};

_Static_assert(sizeof(oracle_explanations) / sizeof(oracle_explanations[0]) == FO_ORACLE_COUNT,
	       "one explanation per oracle of enum fo_oracle");

/* The array index of one oracle bit, or -1. */
static int oracle_index(unsigned bit)
{
	if (!bit || (bit & (bit - 1)) || bit > FO_ORACLE_ALL)
		return -1;
	return __builtin_ctz(bit);
}

const char *fuse_oracle_explain(unsigned bit)
{
	int i = oracle_index(bit);

	return i < 0 ? NULL : oracle_explanations[i];
}

/* ---- life of the checker ---- */

void fuse_oracles_init(struct fuse_oracles *o, const struct fuse_oracle_names *names)
{
	memset(&o->names, 0, sizeof(o->names));
	if (names)
		o->names = *names;
	fuse_oracles_reset(o);
}

/* Only counters are cleared: the tables are re-filled before they are read. */
void fuse_oracles_reset(struct fuse_oracles *o)
{
	o->nevents = 0;
	o->violated = 0;
	o->assumes = 0;
	o->unreliable = false;
	o->ended = false;
	o->nfiles = o->nwrites = o->ninodes = o->ntasks = o->nincs = 0;
	o->last_file = -1;
	for (int i = 0; i < FO_ORACLE_COUNT; i++)
		o->at[i] = FUSE_ORACLE_NONE;
}

void fuse_oracles_destroy(struct fuse_oracles *o)
{
	(void)o;
}

unsigned fuse_oracles_violated(const struct fuse_oracles *o)
{
	return o->violated;
}

const char *fuse_oracles_message(const struct fuse_oracles *o, unsigned bit)
{
	int i = oracle_index(bit);

	return i < 0 || !(o->violated & bit) ? NULL : o->msg[i];
}

unsigned fuse_oracles_refs(const struct fuse_oracles *o, unsigned bit,
			   const struct fuse_oracle_ref **refs)
{
	int i = oracle_index(bit);

	*refs = NULL;
	if (i < 0 || !(o->violated & bit) || !o->nrefs[i])
		return 0;
	*refs = o->refs[i];
	return o->nrefs[i];
}

unsigned fuse_oracles_at(const struct fuse_oracles *o, unsigned bit)
{
	int i = oracle_index(bit);

	return i < 0 ? FUSE_ORACLE_NONE : o->at[i];
}

unsigned fuse_oracles_assumes(const struct fuse_oracles *o)
{
	return o->assumes;
}

bool fuse_oracles_unreliable(const struct fuse_oracles *o)
{
	return o->unreliable;
}

unsigned fuse_oracles_events(const struct fuse_oracles *o)
{
	return o->nevents;
}

/*
 * Claim oracle @bit's one message slot: returns its index if this is the
 * first violation of @bit in the execution, -1 if one is already kept.
 */
static int oracle_claim(struct fuse_oracles *o, unsigned bit, unsigned at)
{
	int i = oracle_index(bit);

	if (i < 0 || (o->violated & bit))
		return -1;
	o->violated |= bit;
	o->at[i] = at;
	o->nrefs[i] = 0;
	return i;
}

/* Append what @spec (one conversion of oracle_format()) makes of its argument. */
static size_t oracle_conv(char *msg, size_t n, const char *spec, char conv, int lmod,
			  va_list *ap)
{
	/* past the slot, only the length counts, as with vsnprintf() */
	char *at = n < FUSE_ORACLE_MSG_LEN ? msg + n : NULL;
	size_t room = at ? FUSE_ORACLE_MSG_LEN - n : 0;
	int w;

	switch (conv) {
	case 's':
		w = snprintf(at, room, spec, va_arg(*ap, const char *));
		break;
	case 'c':
		w = snprintf(at, room, spec, va_arg(*ap, int));
		break;
	case 'd':
	case 'i':
		w = lmod == 2 ? snprintf(at, room, spec, va_arg(*ap, long long)) :
		    lmod == 1 ? snprintf(at, room, spec, va_arg(*ap, long)) :
				snprintf(at, room, spec, va_arg(*ap, int));
		break;
	default: /* u, x, X, o */
		w = lmod == 2 ? snprintf(at, room, spec, va_arg(*ap, unsigned long long)) :
		    lmod == 1 ? snprintf(at, room, spec, va_arg(*ap, unsigned long)) :
				snprintf(at, room, spec, va_arg(*ap, unsigned));
		break;
	}
	return w > 0 ? (size_t)w : 0;
}

/* Append event index @ev as "%u" does. */
static size_t oracle_conv_event(char *msg, size_t n, unsigned ev)
{
	char *at = n < FUSE_ORACLE_MSG_LEN ? msg + n : NULL;
	int w = snprintf(at, at ? FUSE_ORACLE_MSG_LEN - n : 0, "%u", ev);

	return w > 0 ? (size_t)w : 0;
}

/*
 * vsnprintf(@o's message slot @i, @fmt, @ap), byte for byte, that also
 * notes where each event is named. Every message names an event as
 * "event %u" in its format, so a %u right after the literal "event " is
 * one: its span and value go into the slot's refs (fuse_oracles_refs()).
 * Conversions: s c d i u x X o, with flags, width, precision and the
 * length modifiers l and ll, all as printf takes them.
 */
static void oracle_format(struct fuse_oracles *o, int i, const char *fmt, va_list ap)
{
	char *msg = o->msg[i];
	size_t n = 0; /* the length the message would have uncut */
	va_list args;

	va_copy(args, ap);
	for (const char *p = fmt; *p;) {
		char spec[16];
		size_t len = 0, start = n;
		int lmod = 0;
		unsigned ev;
		bool event;

		if (*p != '%' || p[1] == '%') {
			if (n + 1 < FUSE_ORACLE_MSG_LEN)
				msg[n] = *p;
			n++;
			p += *p == '%' ? 2 : 1;
			continue;
		}
		event = p - fmt >= 6 && !strncmp(p - 6, "event ", 6);
		spec[len++] = *p++;
		while (*p && strchr("-+ #0123456789.", *p) && len < sizeof(spec) - 4)
			spec[len++] = *p++;
		while (*p == 'l' && lmod < 2) {
			spec[len++] = *p++;
			lmod++;
		}
		spec[len++] = *p;
		spec[len] = '\0';
		if (!event || len != 2 || *p != 'u') {
			n += oracle_conv(msg, n, spec, *p, lmod, &args);
			p += *p ? 1 : 0;
			continue;
		}
		p++;
		ev = va_arg(args, unsigned);
		n += oracle_conv_event(msg, n, ev);
		/* only an "event N" the slot holds whole */
		if (o->nrefs[i] < FUSE_ORACLE_MAX_REFS && n < FUSE_ORACLE_MSG_LEN)
			o->refs[i][o->nrefs[i]++] = (struct fuse_oracle_ref){
				.event = ev, .off = (unsigned short)(start - 6),
				.len = (unsigned short)(n - start + 6)
			};
	}
	msg[n < FUSE_ORACLE_MSG_LEN ? n : FUSE_ORACLE_MSG_LEN - 1] = '\0';
	va_end(args);
}

/* Keep the first violation of @bit, in words; a message longer than the slot is cut. */
__attribute__((format(printf, 4, 5))) static void
oracle_report(struct fuse_oracles *o, unsigned bit, unsigned at, const char *fmt, ...)
{
	int i = oracle_claim(o, bit, at);
	va_list ap;

	if (i < 0)
		return;
	va_start(ap, fmt);
	oracle_format(o, i, fmt, ap);
	va_end(ap);
}

void fuse_oracles_report(struct fuse_oracles *o, unsigned bit, unsigned at, const char *message)
{
	oracle_report(o, bit, at, "%s", message ? message : "");
}

/* ---- names, for the reports ---- */

static const char *name_file(const struct fuse_oracles *o, const struct fuse_oracle_file *f,
			     char *buf)
{
	const char *s = o->names.file_name ? o->names.file_name(o->names.priv, f->fid) : NULL;

	if (s)
		snprintf(buf, ORACLE_NAME_LEN, "%s", s);
	else
		snprintf(buf, ORACLE_NAME_LEN, "file #%d", f->fid);
	return buf;
}

static const char *name_dev(const struct fuse_oracles *o, int id, char *buf)
{
	const char *s = o->names.dev_name && id >= 0 ? o->names.dev_name(o->names.priv, id) : NULL;

	if (s)
		snprintf(buf, ORACLE_NAME_LEN, "%s", s);
	else if (id >= 0)
		snprintf(buf, ORACLE_NAME_LEN, "d%d", id);
	else
		snprintf(buf, ORACLE_NAME_LEN, "an unknown device");
	return buf;
}

static const char *name_inode(const struct fuse_oracles *o, int inode, char *buf)
{
	const char *s = NULL;
	u64 nodeid;

	if (inode < 0) {
		snprintf(buf, ORACLE_NAME_LEN, "an unknown inode");
		return buf;
	}
	nodeid = o->inodes[inode].nodeid;
	if (o->names.inode_name)
		s = o->names.inode_name(o->names.priv, nodeid);
	if (s)
		snprintf(buf, ORACLE_NAME_LEN, "%s", s);
	else
		snprintf(buf, ORACLE_NAME_LEN, "inode %llu", (unsigned long long)nodeid);
	return buf;
}

static const char *name_task(const struct fo_task *t, const char *unnamed, char *buf)
{
	if (t && t->name)
		snprintf(buf, ORACLE_NAME_LEN, "task %s", t->name);
	else
		snprintf(buf, ORACLE_NAME_LEN, "%s", unnamed);
	return buf;
}

static const char *name_err(int err, char *buf)
{
	const char *name = util_errno_name(err);

	if (name && err)
		return name;
	snprintf(buf, ORACLE_NAME_LEN, "error %d", err);
	return buf;
}

/* ---- tables ---- */

static int oracle_inode(struct fuse_oracles *o, const struct fuse_inode *fi)
{
	struct fuse_oracle_inode *in;

	if (!fi)
		return -1;
	for (int i = 0; i < o->ninodes; i++)
		if (o->inodes[i].fi == fi)
			return i;
	if (o->ninodes == FUSE_ORACLE_MAX_INODES) {
		o->unreliable = true;
		return -1;
	}
	in = &o->inodes[o->ninodes];
	in->fi = fi;
	in->nodeid = fi->nodeid;
	in->set_by = -1;
	return o->ninodes++;
}

static struct fuse_oracle_file *oracle_file(struct fuse_oracles *o, const struct fuse_file *ff,
					    const struct fuse_inode *fi)
{
	struct fuse_oracle_file *f;

	if (!ff)
		return NULL;
	if (o->last_file >= 0 && o->files[o->last_file].ff == ff)
		return &o->files[o->last_file];
	for (int i = 0; i < o->nfiles; i++) {
		if (o->files[i].ff == ff) {
			o->last_file = i;
			return &o->files[i];
		}
	}
	if (o->nfiles == FUSE_ORACLE_MAX_FILES) {
		o->unreliable = true;
		return NULL;
	}
	f = &o->files[o->nfiles];
	f->ff = ff;
	f->fid = ff->fid;
	f->inode = oracle_inode(o, fi ? fi : ff->fi);
	f->start = FUSE_ORACLE_NONE;
	f->sent = false;
	f->reply = -1;
	f->reply_flight = -1;
	f->returned = FUSE_ORACLE_NONE;
	f->open_err = 0;
	f->flagged = FUSE_ORACLE_NONE;
	f->released = FUSE_ORACLE_NONE;
	f->linked = false;
	f->ever_linked = false;
	o->last_file = o->nfiles;
	return &o->files[o->nfiles++];
}

static struct fuse_oracle_task *oracle_task(struct fuse_oracles *o, const struct fo_task *t,
					    bool create)
{
	for (int i = 0; i < o->ntasks; i++)
		if (o->tasks[i].task == t)
			return &o->tasks[i];
	if (!create)
		return NULL;
	if (o->ntasks == FUSE_ORACLE_MAX_TASKS) {
		o->unreliable = true;
		return NULL;
	}
	o->tasks[o->ntasks].task = t;
	o->tasks[o->ntasks].write = ORACLE_NO_WRITE;
	o->tasks[o->ntasks].fiemap_start = FUSE_ORACLE_NONE;
	return &o->tasks[o->ntasks++];
}

/* The write @t is inside, if we keep it. */
static struct fuse_oracle_write *oracle_current_write(struct fuse_oracles *o,
						      const struct fo_task *t)
{
	struct fuse_oracle_task *slot = oracle_task(o, t, false);

	return slot && slot->write >= 0 ? &o->writes[slot->write] : NULL;
}

/*
 * R, F's place in the send order: the entry of the reply that answered it,
 * or its OPEN_START if no request was sent. A reply still in flight stands
 * in for the answer when the opener got there first (free-running mode; in
 * deterministic mode WRITE_DONE follows fuse_request_end() without a
 * scheduling point). False if F has no place yet.
 */
static bool file_order(const struct fuse_oracles *o, const struct fuse_oracle_file *f,
		       unsigned *order, const struct fuse_oracle_write **reply)
{
	int w = f->reply >= 0 ? f->reply : f->reply_flight;

	*reply = NULL;
	if (w >= 0) {
		*reply = &o->writes[w];
		*order = o->writes[w].enter;
		return true;
	}
	if (!f->sent && f->start != FUSE_ORACLE_NONE) {
		*order = f->start;
		return true;
	}
	return false;
}

static bool file_open_ok(const struct fuse_oracle_file *f)
{
	return f->returned != FUSE_ORACLE_NONE && !f->open_err;
}

/*
 * A notification the kernel processed. One that found its inode absent from
 * the inode cache (-ENOENT: a FUSE_CREATE of it answered, fuse_iget() not
 * run yet) counts too: the daemon has replied to the create and cannot tell
 * that the kernel has not cached the node, so the file it makes must not
 * outlive the notification unflagged.
 */
static bool notify_processed(const struct fuse_oracle_write *w)
{
	return w->msg == FUSE_MSG_NOTIFY_INVAL_FILES && w->done != FUSE_ORACLE_NONE &&
	       (!w->err || w->err == -ENOENT);
}

/*
 * "its FUSE_OPEN reply entered fuse_dev_do_write on d1" into @buf and "" in
 * *@tail, or "its open started" and " with no FUSE_OPEN reply (no_open)":
 * a message says "<buf> at event N<tail>", the event in its own format.
 */
static void describe_order(const struct fuse_oracles *o, const struct fuse_oracle_file *f,
			   const struct fuse_oracle_write *reply, char *buf, size_t len,
			   const char **tail)
{
	char dev[ORACLE_NAME_LEN];

	if (reply) {
		snprintf(buf, len, "its %s reply entered fuse_dev_do_write on %s",
			 f->ff && f->ff->create ? "FUSE_CREATE" : "FUSE_OPEN",
			 name_dev(o, reply->dev, dev));
		*tail = "";
	} else {
		snprintf(buf, len, "its open started");
		*tail = " with no FUSE_OPEN reply (no_open)";
	}
}

/* ---- the checks ---- */

/*
 * stale-open for file @f and notification @n, at event @at: F's open
 * returned 0, N was processed, F is stale w.r.t. N, F was not released
 * before N was processed, and F is not flagged.
 */
static void check_stale_open(struct fuse_oracles *o, const struct fuse_oracle_file *f,
			     const struct fuse_oracle_write *n, unsigned at)
{
	const struct fuse_oracle_write *reply;
	char ff[ORACLE_NAME_LEN], ino[ORACLE_NAME_LEN], dev[ORACLE_NAME_LEN], why[160];
	const char *tail;
	unsigned order;

	if ((o->violated & FO_ORACLE_STALE_OPEN) || !file_open_ok(f) ||
	    f->flagged != FUSE_ORACLE_NONE || f->inode < 0 || !notify_processed(n) ||
	    n->inode != f->inode)
		return;
	if (f->released != FUSE_ORACLE_NONE && f->released < n->done)
		return;
	if (!file_order(o, f, &order, &reply) || n->enter < order)
		return;
	describe_order(o, f, reply, why, sizeof(why), &tail);
	oracle_report(
		o, FO_ORACLE_STALE_OPEN, at,
		"%s on %s returned 0 from open at event %u and is not flagged "
		"FUSE_S_FAIL_IMMEDIATELY, yet it is stale: %s at event %u%s, before "
		"FUSE_NOTIFY_INVAL_FILES for %s entered on %s at event %u (%s at event %u, %s not "
		"released by then)",
		name_file(o, f, ff), name_inode(o, f->inode, ino), f->returned,
		why, order, tail, ino, name_dev(o, n->dev, dev), n->enter,
		n->err ? "dropped with -ENOENT, the inode not in the inode cache yet," : "processed",
		n->done, ff);
}

/* stale-open for @f against every processed notification on its inode. */
static void check_stale_file(struct fuse_oracles *o, const struct fuse_oracle_file *f, unsigned at)
{
	if (o->violated & FO_ORACLE_STALE_OPEN)
		return;
	for (int i = 0; i < o->nwrites; i++)
		check_stale_open(o, f, &o->writes[i], at);
}

/*
 * inval-window, when @f's open returns or @f does I/O at event @at:
 * unflagged, and FUSE_I_INVAL_FILES is set by a notification F is valid
 * w.r.t. (the one that set the bit; merged ones do not count).
 */
static void check_inval_window(struct fuse_oracles *o, const struct fuse_oracle_file *f,
			       unsigned at, const char *what)
{
	const struct fuse_oracle_write *reply, *n;
	const struct fuse_oracle_inode *in;
	char ff[ORACLE_NAME_LEN], ino[ORACLE_NAME_LEN], dev[ORACLE_NAME_LEN], why[160];
	const char *tail;
	unsigned order;

	if ((o->violated & FO_ORACLE_INVAL_WINDOW) || !file_open_ok(f) ||
	    f->flagged != FUSE_ORACLE_NONE || f->released != FUSE_ORACLE_NONE || f->inode < 0)
		return;
	in = &o->inodes[f->inode];
	if (in->set_by < 0)
		return;
	n = &o->writes[in->set_by];
	if (!file_order(o, f, &order, &reply) || !(n->enter < order))
		return;
	describe_order(o, f, reply, why, sizeof(why), &tail);
	oracle_report(
		o, FO_ORACLE_INVAL_WINDOW, at,
		"%s on %s %s at event %u without FUSE_S_FAIL_IMMEDIATELY while FUSE_I_INVAL_FILES "
		"was still set by FUSE_NOTIFY_INVAL_FILES from %s (entered at event %u), which "
		"it is valid against since %s at event %u%s; it reached an inode that "
		"fuse_inval_files_work() has not finished invalidating",
		name_file(o, f, ff), name_inode(o, f->inode, ino), what, at,
		name_dev(o, n->dev, dev), n->enter, why, order, tail);
}

/*
 * fiemap-miss: FIEMAP on @inode, begun at event @start, found nothing at
 * event @at. A miss only if some file's open had returned 0 before FIEMAP
 * began and was not released: an open that completes while the lookup runs
 * may be missed in any correct kernel (docs/protocol.md §5).
 */
static void check_fiemap(struct fuse_oracles *o, int inode, unsigned start, unsigned at)
{
	char ff[ORACLE_NAME_LEN], ino[ORACLE_NAME_LEN];

	if ((o->violated & FO_ORACLE_FIEMAP_MISS) || inode < 0)
		return;
	for (int i = 0; i < o->nfiles; i++) {
		const struct fuse_oracle_file *f = &o->files[i];

		if (f->inode != inode || !file_open_ok(f) || f->released != FUSE_ORACLE_NONE ||
		    (start != FUSE_ORACLE_NONE && f->returned > start))
			continue;
		oracle_report(
			o, FO_ORACLE_FIEMAP_MISS, at,
			"FIEMAP on %s at event %u found no fuse_file on rw_files while %s is open "
			"on it (returned 0 at event %u, before FIEMAP began, not released): the "
			"FIEMAP helper cannot proceed",
			name_inode(o, inode, ino), at, name_file(o, f, ff), f->returned);
		return;
	}
}

/*
 * seq-race, at a WRITE_ENTER or SEQ_STORE on @ev->counter: is another task
 * between the load and the store of its plain write_seq++ on that counter?
 */
static void check_seq_race(struct fuse_oracles *o, const struct fuse_event *ev, unsigned at)
{
	char t1[ORACLE_NAME_LEN], t2[ORACLE_NAME_LEN], dev[ORACLE_NAME_LEN], ctr[96];

	if (o->violated & FO_ORACLE_SEQ_RACE)
		return;
	for (int i = 0; i < o->nincs; i++) {
		const struct fuse_oracle_inc *inc = &o->incs[i];

		if (inc->counter != ev->counter || inc->task == ev->task)
			continue;
		if (inc->conn)
			snprintf(ctr, sizeof(ctr), "the connection's write_seq (seq_scope=conn)");
		else
			snprintf(ctr, sizeof(ctr), "%s's write_seq", name_dev(o, inc->dev, dev));
		if (ev->kind == FUSE_EV_WRITE_ENTER)
			oracle_report(
				o, FO_ORACLE_SEQ_RACE, at,
				"two daemon writes interleaved inside one plain increment of %s: "
				"%s loaded %llu at event %u and, before it stored the increment, "
				"%s's write entered on the same counter at event %u; one sequence "
				"number is lost or handed out twice",
				ctr, name_task(inc->task, "one write", t1),
				(unsigned long long)inc->seq, inc->at,
				name_task(ev->task, "another task", t2), at);
		else
			oracle_report(
				o, FO_ORACLE_SEQ_RACE, at,
				"two daemon writes interleaved inside one plain increment of %s: "
				"%s loaded %llu at event %u and, before it stored the increment, "
				"%s stored %llu to the same counter at event %u; one sequence "
				"number is lost or handed out twice",
				ctr, name_task(inc->task, "one write", t1),
				(unsigned long long)inc->seq, inc->at,
				name_task(ev->task, "another task", t2),
				(unsigned long long)ev->seq, at);
		return;
	}
}

/* ---- events ---- */

static void on_write_enter(struct fuse_oracles *o, const struct fuse_event *ev, unsigned at)
{
	struct fuse_oracle_task *slot;
	int w = ORACLE_UNTRACKED;

	if (ev->counter) {
		check_seq_race(o, ev, at);
		if (ev->plain) {
			if (o->nincs == FUSE_ORACLE_MAX_INCS) {
				o->unreliable = true;
			} else {
				struct fuse_oracle_inc *inc = &o->incs[o->nincs++];

				inc->counter = ev->counter;
				inc->task = ev->task;
				inc->at = at;
				inc->seq = ev->seq;
				inc->dev = ev->fud ? ev->fud->id : -1;
				inc->conn = !ev->fud || ev->counter != &ev->fud->write_seq;
			}
		}
	}

	if ((ev->msg == FUSE_MSG_REPLY && ev->ff) || ev->msg == FUSE_MSG_NOTIFY_INVAL_FILES) {
		if (o->nwrites == FUSE_ORACLE_MAX_WRITES) {
			o->unreliable = true;
		} else {
			struct fuse_oracle_write *wr = &o->writes[o->nwrites];
			struct fuse_oracle_file *f = NULL;

			w = o->nwrites++;
			if (ev->msg == FUSE_MSG_REPLY)
				f = oracle_file(o, ev->ff, ev->fi);
			wr->task = ev->task;
			wr->msg = ev->msg;
			wr->file = f ? (int)(f - o->files) : -1;
			wr->inode = f ? f->inode : oracle_inode(o, ev->fi);
			wr->dev = ev->fud ? ev->fud->id : -1;
			wr->enter = at;
			wr->done = FUSE_ORACLE_NONE;
			wr->err = 0;
			if (f)
				f->reply_flight = w;
		}
	}
	slot = oracle_task(o, ev->task, true);
	if (slot)
		slot->write = w;
}

static void on_seq_store(struct fuse_oracles *o, const struct fuse_event *ev, unsigned at)
{
	if (!ev->counter)
		return;
	check_seq_race(o, ev, at);
	for (int i = 0; i < o->nincs; i++) {
		if (o->incs[i].counter == ev->counter && o->incs[i].task == ev->task) {
			o->incs[i] = o->incs[--o->nincs];
			break;
		}
	}
}

static void on_write_done(struct fuse_oracles *o, const struct fuse_event *ev, unsigned at)
{
	struct fuse_oracle_task *slot = oracle_task(o, ev->task, false);
	struct fuse_oracle_write *w;
	int wi;

	if (!slot)
		return;
	wi = slot->write;
	slot->write = ORACLE_NO_WRITE;
	if (wi < 0)
		return;
	w = &o->writes[wi];
	w->done = at;
	w->err = ev->err;

	if (w->msg == FUSE_MSG_REPLY && w->file >= 0) {
		struct fuse_oracle_file *f = &o->files[w->file];

		if (f->reply_flight == wi)
			f->reply_flight = -1;
		if (!w->err && f->reply < 0) {
			f->reply = wi;
			/* the opener returned before the answer's write ended */
			check_stale_file(o, f, at);
		}
		return;
	}
	if (notify_processed(w) && w->inode >= 0) {
		for (int i = 0; i < o->nfiles; i++)
			if (o->files[i].inode == w->inode)
				check_stale_open(o, &o->files[i], w, at);
	}
}

static void on_inval_set(struct fuse_oracles *o, const struct fuse_event *ev)
{
	struct fuse_oracle_write *w = oracle_current_write(o, ev->task);
	int i = oracle_inode(o, ev->fi);

	if (i < 0)
		return;
	o->inodes[i].set_by = w ? (int)(w - o->writes) : -1;
}

static void on_inval_clear(struct fuse_oracles *o, const struct fuse_event *ev)
{
	int i = oracle_inode(o, ev->fi);

	if (i < 0)
		return;
	o->inodes[i].set_by = -1;
}

static void on_open_return(struct fuse_oracles *o, const struct fuse_event *ev, unsigned at)
{
	struct fuse_oracle_file *f = oracle_file(o, ev->ff, ev->fi);

	if (!f)
		return;
	f->returned = at;
	f->open_err = ev->err;
	/* failed after linking: its own release decided whether it stays there */
	if (ev->err && f->ever_linked)
		o->assumes |= FUSE_ASSUME_SYNC_RELEASE;
	if (ev->err)
		return;
	check_stale_file(o, f, at);
	check_inval_window(o, f, at, "returned from open");
}

void fuse_oracles_event(void *priv, const struct fuse_event *ev)
{
	struct fuse_oracles *o = priv;
	struct fuse_oracle_file *f;
	unsigned at;

	if (o->ended)
		return;
	at = o->nevents++;
	switch (ev->kind) {
	case FUSE_EV_WRITE_ENTER:
		on_write_enter(o, ev, at);
		break;
	case FUSE_EV_SEQ_STORE:
		on_seq_store(o, ev, at);
		break;
	case FUSE_EV_WRITE_DONE:
		on_write_done(o, ev, at);
		break;
	case FUSE_EV_INVAL_SET:
		on_inval_set(o, ev);
		break;
	case FUSE_EV_INVAL_MERGED:
		/* folded into the invalidation in progress: never opens a window of its own */
		break;
	case FUSE_EV_INVAL_CLEAR:
		on_inval_clear(o, ev);
		break;
	case FUSE_EV_FLAG:
		f = oracle_file(o, ev->ff, ev->fi);
		if (f && f->flagged == FUSE_ORACLE_NONE)
			f->flagged = at;
		break;
	case FUSE_EV_LINK:
	case FUSE_EV_UNLINK:
		f = oracle_file(o, ev->ff, ev->fi);
		if (f) {
			f->linked = ev->kind == FUSE_EV_LINK;
			f->ever_linked |= f->linked;
		}
		break;
	case FUSE_EV_OPEN_START:
		f = oracle_file(o, ev->ff, ev->fi);
		if (f && f->start == FUSE_ORACLE_NONE)
			f->start = at;
		break;
	case FUSE_EV_OPEN_SENT:
		f = oracle_file(o, ev->ff, ev->fi);
		if (f)
			f->sent = true;
		break;
	case FUSE_EV_OPEN_RETURN:
		on_open_return(o, ev, at);
		break;
	case FUSE_EV_IO:
		f = oracle_file(o, ev->ff, ev->fi);
		if (f)
			check_inval_window(o, f, at, "did I/O");
		break;
	case FUSE_EV_RELEASE:
		f = oracle_file(o, ev->ff, ev->fi);
		if (f && f->released == FUSE_ORACLE_NONE)
			f->released = at;
		break;
	case FUSE_EV_FIEMAP_START: {
		struct fuse_oracle_task *slot = oracle_task(o, ev->task, true);

		if (slot)
			slot->fiemap_start = at;
		break;
	}
	case FUSE_EV_FIEMAP: {
		struct fuse_oracle_task *slot = oracle_task(o, ev->task, false);
		unsigned start = slot ? slot->fiemap_start : FUSE_ORACLE_NONE;

		if (slot)
			slot->fiemap_start = FUSE_ORACLE_NONE;
		if (ev->err == -ENODATA)
			check_fiemap(o, oracle_inode(o, ev->fi), start, at);
		break;
	}
	case FUSE_EV_SEQ_SAVE:
	case FUSE_EV_SEQ_CHECK:
		/* for traces: the verdicts follow the send order, not the numbers */
		break;
	}
}

/* ---- the end of the execution ---- */

static unsigned later(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

/*
 * spurious-fail: @f's open returned 0 and it is flagged, yet no
 * notification on its inode entered after it (a processed or in-flight one;
 * a failed one touched no inode).
 */
static void check_spurious_fail(struct fuse_oracles *o, const struct fuse_oracle_file *f)
{
	const struct fuse_oracle_write *reply, *last = NULL;
	char ff[ORACLE_NAME_LEN], ino[ORACLE_NAME_LEN], dev[ORACLE_NAME_LEN], why[160];
	const char *tail;
	unsigned order;

	if ((o->violated & FO_ORACLE_SPURIOUS_FAIL) || !file_open_ok(f) ||
	    f->flagged == FUSE_ORACLE_NONE || !file_order(o, f, &order, &reply))
		return;
	for (int i = 0; i < o->nwrites; i++) {
		const struct fuse_oracle_write *n = &o->writes[i];

		/* in progress counts: a FAIL loop flags before its write ends */
		if (n->msg != FUSE_MSG_NOTIFY_INVAL_FILES || n->inode != f->inode ||
		    (n->err && n->err != -ENOENT))
			continue;
		if (n->enter > order)
			return; /* stale w.r.t. n: the flag is deserved */
		if (!last || n->enter > last->enter)
			last = n;
	}
	name_file(o, f, ff);
	name_inode(o, f->inode, ino);
	describe_order(o, f, reply, why, sizeof(why), &tail);
	if (last)
		oracle_report(
			o, FO_ORACLE_SPURIOUS_FAIL, f->flagged,
			"%s on %s was flagged FUSE_S_FAIL_IMMEDIATELY at event %u although it is "
			"valid: %s at event %u%s, after every FUSE_NOTIFY_INVAL_FILES for %s (the last "
			"one entered on %s at event %u); its I/O fails with -EIO and the client "
			"reopens for nothing",
			ff, ino, f->flagged, why, order, tail, ino, name_dev(o, last->dev, dev),
			last->enter);
	else
		oracle_report(
			o, FO_ORACLE_SPURIOUS_FAIL, f->flagged,
			"%s on %s was flagged FUSE_S_FAIL_IMMEDIATELY at event %u although it is "
			"valid: %s at event %u%s, and no FUSE_NOTIFY_INVAL_FILES for %s was sent; its "
			"I/O fails with -EIO and the client reopens for nothing",
			ff, ino, f->flagged, why, order, tail, ino);
}

/* leak: @f is still on rw_files although it was released or its open failed. */
static void check_leak(struct fuse_oracles *o, const struct fuse_oracle_file *f)
{
	char ff[ORACLE_NAME_LEN], ino[ORACLE_NAME_LEN], err[ORACLE_NAME_LEN], what[160];
	unsigned at;

	if ((o->violated & FO_ORACLE_LEAK) || !f->linked)
		return;
	if (f->released != FUSE_ORACLE_NONE) {
		at = f->released;
		snprintf(what, sizeof(what), "it was released");
	} else if (f->returned != FUSE_ORACLE_NONE && f->open_err) {
		at = f->returned;
		snprintf(what, sizeof(what), "its open failed with %s", name_err(f->open_err, err));
	} else {
		return;
	}
	oracle_report(
		o, FO_ORACLE_LEAK, at,
		"%s is still linked on rw_files of %s at the end, after %s at event %u: nothing "
		"unlinked it, so the next FUSE_NOTIFY_INVAL_FILES walks a freed fuse_file",
		name_file(o, f, ff), name_inode(o, f->inode, ino), what, at);
}

void fuse_oracles_end(struct fuse_oracles *o)
{
	if (o->ended)
		return;
	o->ended = true;
	for (int i = 0; i < o->nfiles; i++) {
		const struct fuse_oracle_file *f = &o->files[i];

		if (file_open_ok(f)) {
			for (int j = 0; j < o->nwrites && !(o->violated & FO_ORACLE_STALE_OPEN);
			     j++)
				if (notify_processed(&o->writes[j]))
					check_stale_open(o, f, &o->writes[j],
							 later(f->returned, o->writes[j].done));
			check_spurious_fail(o, f);
		}
		check_leak(o, f);
	}
}

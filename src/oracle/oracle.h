/* SPDX-License-Identifier: MIT */
/*
 * oracle.h - the checker of docs/protocol.md §5: it reads the trace of one
 * execution of the model (struct fuse_event, in the order the steps
 * happened) and says which oracles that execution violated, each with a
 * sentence a kernel reviewer can read without the trace.
 *
 * Usage, once per explored execution:
 *
 *	struct fuse_oracles o;                 (init once, reset per execution)
 *	struct fuse_tracer t = { fuse_oracles_event, &o };
 *	fuse_oracles_init(&o, &names);
 *	fc->tracer = &t;  ... run the execution ...
 *	fuse_oracles_end(&o);
 *	if (fuse_oracles_violated(&o) & FO_ORACLE_STALE_OPEN)
 *		puts(fuse_oracles_message(&o, FO_ORACLE_STALE_OPEN));
 *	fuse_oracles_reset(&o);
 *
 * The checker never allocates and never dereferences a model object after
 * the event that named it: it copies fid, nodeid and device id when it first
 * sees them, so fuse_oracles_end() may run after the model is gone. It is
 * not thread-safe; in deterministic mode only one task runs at a time, and a
 * free-running test must order its threads' steps itself.
 */
#ifndef FUSEORD_ORACLE_ORACLE_H
#define FUSEORD_ORACLE_ORACLE_H

#include <stdbool.h>

#include "fuseord/oracle.h"
#include "model/fuse_i.h"

#define fuse_oracles_init fo_k_fuse_oracles_init
#define fuse_oracles_reset fo_k_fuse_oracles_reset
#define fuse_oracles_destroy fo_k_fuse_oracles_destroy
#define fuse_oracles_event fo_k_fuse_oracles_event
#define fuse_oracles_end fo_k_fuse_oracles_end
#define fuse_oracles_report fo_k_fuse_oracles_report
#define fuse_oracles_violated fo_k_fuse_oracles_violated
#define fuse_oracles_message fo_k_fuse_oracles_message
#define fuse_oracles_at fo_k_fuse_oracles_at
#define fuse_oracles_refs fo_k_fuse_oracles_refs
#define fuse_oracles_unreliable fo_k_fuse_oracles_unreliable
#define fuse_oracles_events fo_k_fuse_oracles_events
#define fuse_oracle_explain fo_k_fuse_oracle_explain

/*
 * The oracles are the public enum fo_oracle (fuseord/oracle.h), one bit each
 * in docs/protocol.md §5's order, so a verdict mask goes out unchanged; their
 * names are fo_oracle_name()'s. Classes: stale-open, inval-window and leak
 * are safety, spurious-fail benign (a warning, an error under --strict),
 * fiemap-miss compat, seq-race a race; deadlock is the scheduler's to detect
 * (fuse_oracles_report()), no event sequence raises it here.
 */

/*
 * Caps, per execution. Past one the checker stops tracking that kind of
 * object, sets `unreliable` and never writes out of bounds; a missed or a
 * false verdict is then possible and the caller should say so.
 */
#define FUSE_ORACLE_MAX_FILES 64  /* fuse_files seen (opens) */
#define FUSE_ORACLE_MAX_WRITES 64 /* replies and notifications (other writes are not kept) */
#define FUSE_ORACLE_MAX_INODES 16 /* inodes named by an event */
#define FUSE_ORACLE_MAX_TASKS 32  /* tasks that wrote to a device */
#define FUSE_ORACLE_MAX_INCS 16   /* plain write_seq++ in progress at once */
#define FUSE_ORACLE_MSG_LEN 512   /* one message, NUL included; longer ones are cut */

/*
 * How the report names things. Every callback is optional and may return
 * NULL; the fallbacks are "file #3", "d0" and "inode 7". The returned string
 * is copied at once, so a callback may reuse one static buffer.
 */
struct fuse_oracle_names {
	const char *(*file_name)(void *priv, int fid);
	const char *(*dev_name)(void *priv, int id);
	const char *(*inode_name)(void *priv, u64 nodeid);
	void *priv;
};

/* A write to /dev/fuse that the oracles care about: a reply or a notification. */
struct fuse_oracle_write {
	const struct fo_task *task;
	int msg;        /* enum fuse_msg_kind */
	int file;       /* REPLY: index in files[], or -1 */
	int inode;      /* index in inodes[], or -1 */
	int dev;        /* fud->id */
	unsigned enter; /* event index of its WRITE_ENTER: the send order */
	unsigned done;  /* event index of its WRITE_DONE, or FUSE_ORACLE_NONE */
	int err;        /* of WRITE_DONE */
};

struct fuse_oracle_file {
	const struct fuse_file *ff;
	int fid;
	int inode;         /* index in inodes[], or -1 */
	unsigned start;    /* OPEN_START: the stand-in for the reply without FUSE_OPEN */
	bool sent;         /* OPEN_SENT: a reply decides its order */
	int reply;         /* the successful reply write, or -1 */
	int reply_flight;  /* a reply write on it still in flight, or -1 */
	unsigned returned; /* OPEN_RETURN */
	int open_err;
	unsigned flagged;  /* first FLAG */
	unsigned released; /* RELEASE */
	bool linked;       /* on rw_files, per LINK/UNLINK */
	bool ever_linked;  /* a LINK was seen */
};

struct fuse_oracle_inode {
	const struct fuse_inode *fi;
	u64 nodeid;
	int set_by; /* while FUSE_I_INVAL_FILES is set (INVAL_SET..INVAL_CLEAR): the write
		       that set it, if we keep it; else -1 */
};

struct fuse_oracle_task {
	const struct fo_task *task;
	int write; /* its write in progress: index in writes[], -1 none, -2 untracked */
	unsigned fiemap_start; /* its FIEMAP in progress began at this event, or NONE */
};

/* A plain write_seq++ between its load (WRITE_ENTER) and its store. */
struct fuse_oracle_inc {
	const u64 *counter;
	const struct fo_task *task;
	unsigned at;
	u64 seq; /* the value it loaded */
	int dev;
	bool conn; /* the connection's counter (seq_scope=conn) */
};

#define FUSE_ORACLE_NONE (~0u)

/*
 * Where a message names an event: the text "event N" (N = @event, the
 * event's index in delivery order) at msg[off, off + len). A caller that
 * numbers things otherwise (a trace's steps) rewrites exactly these spans
 * and leaves the rest of the words alone.
 */
struct fuse_oracle_ref {
	unsigned event;
	unsigned short off, len;
};

#define FUSE_ORACLE_MAX_REFS 8 /* events one message names; more stay plain text */

/* One checker; embed it, do not copy it. All fields are private. */
struct fuse_oracles {
	struct fuse_oracle_names names;
	unsigned nevents;
	unsigned violated;
	unsigned assumes; /* FUSE_ASSUME_*: what this execution's verdict rests on */
	bool unreliable;
	bool ended;
	int nfiles, nwrites, ninodes, ntasks, nincs;
	int last_file; /* lookup cache */
	unsigned at[FO_ORACLE_COUNT];
	char msg[FO_ORACLE_COUNT][FUSE_ORACLE_MSG_LEN];
	struct fuse_oracle_ref refs[FO_ORACLE_COUNT][FUSE_ORACLE_MAX_REFS];
	unsigned nrefs[FO_ORACLE_COUNT];
	struct fuse_oracle_file files[FUSE_ORACLE_MAX_FILES];
	struct fuse_oracle_write writes[FUSE_ORACLE_MAX_WRITES];
	struct fuse_oracle_inode inodes[FUSE_ORACLE_MAX_INODES];
	struct fuse_oracle_task tasks[FUSE_ORACLE_MAX_TASKS];
	struct fuse_oracle_inc incs[FUSE_ORACLE_MAX_INCS];
};

/*
 * fuse_oracles_init() - set up @o for a first execution.
 * @names: how reports name files, devices and inodes; NULL for the fallbacks.
 * Copied, so it may be a temporary.
 */
void fuse_oracles_init(struct fuse_oracles *o, const struct fuse_oracle_names *names);

/* fuse_oracles_reset() - forget the execution, keep the names. O(1) but for the verdicts. */
void fuse_oracles_reset(struct fuse_oracles *o);

/* fuse_oracles_destroy() - nothing is allocated; kept so callers pair it with init. */
void fuse_oracles_destroy(struct fuse_oracles *o);

/*
 * fuse_oracles_event() - consume the next event of the execution.
 * @priv: the struct fuse_oracles, so this is a fuse_tracer.event as it is.
 * The checks that §5 ties to a moment run here, before it returns.
 */
void fuse_oracles_event(void *priv, const struct fuse_event *ev);

/*
 * fuse_oracles_end() - the execution is over: run the end-of-execution
 * checks (stale-open again, spurious-fail, leak). Further events are ignored
 * until fuse_oracles_reset().
 */
void fuse_oracles_end(struct fuse_oracles *o);

/*
 * fuse_oracles_report() - record a violation found elsewhere (the scheduler's
 * deadlock) so it travels with the others. Keeps the first per oracle.
 * @at: the event index to mark, or FUSE_ORACLE_NONE.
 */
void fuse_oracles_report(struct fuse_oracles *o, unsigned bit, unsigned at, const char *message);

/* fuse_oracles_violated() - the mask of violated oracles (enum fo_oracle). */
unsigned fuse_oracles_violated(const struct fuse_oracles *o);

/*
 * fuse_oracles_message() - the first violation of oracle @bit in plain
 * words, or NULL if it was not violated (or @bit is not one oracle bit).
 * Valid until the next reset.
 */
const char *fuse_oracles_message(const struct fuse_oracles *o, unsigned bit);

/*
 * fuse_oracles_refs() - the events the message of oracle @bit names, in the
 * order it names them, each with the span of the message that names it
 * (struct fuse_oracle_ref). An event whose "event N" the message cut at
 * FUSE_ORACLE_MSG_LEN, or past the first FUSE_ORACLE_MAX_REFS, is not
 * listed. Valid until the next reset, like the message.
 * Return: how many; *@refs points at them (NULL when 0: @bit is not one
 * violated oracle, or its message names no event).
 */
unsigned fuse_oracles_refs(const struct fuse_oracles *o, unsigned bit,
			   const struct fuse_oracle_ref **refs);

/*
 * fuse_oracles_at() - index (0-based, in delivery order) of the event at
 * which the first violation of @bit was detected, or FUSE_ORACLE_NONE. For
 * the checks at the end it is the event that made the state final: the
 * later of the open's return and the notification's processing
 * (stale-open), the flag (spurious-fail), the release or failed return
 * (leak).
 */
unsigned fuse_oracles_at(const struct fuse_oracles *o, unsigned bit);

/*
 * What a verdict may rest on that no public kernel source shows.
 * FUSE_ASSUME_SYNC_RELEASE: an open failed after linking its file, so what
 * its own release does with rw_entry (the sync_release knob) decides.
 */
#define FUSE_ASSUME_SYNC_RELEASE (1u << 0)
#define fuse_oracles_assumes fo_k_fuse_oracles_assumes
unsigned fuse_oracles_assumes(const struct fuse_oracles *o);

/* fuse_oracles_unreliable() - a cap was hit: the verdicts may be incomplete. */
bool fuse_oracles_unreliable(const struct fuse_oracles *o);

/* fuse_oracles_events() - how many events this execution has delivered so far. */
unsigned fuse_oracles_events(const struct fuse_oracles *o);

/*
 * fuse_oracle_explain() - one line on what oracle @bit means for the kernel,
 * for a report's legend; NULL for anything but one oracle bit.
 */
const char *fuse_oracle_explain(unsigned bit);

#endif /* FUSEORD_ORACLE_ORACLE_H */

/* SPDX-License-Identifier: MIT */
/**
 * @file fuse_variant.h
 * @brief What a protocol variant written in C writes against: the model's
 * fuse_conn, fuse_dev, fuse_inode, fuse_file and fuse_args with the kernel's
 * field names, the ops table of the kernel functions a variant replaces,
 * and the model's own kernel functions to call from the replacements.
 *
 * A variant file includes this header (it includes fuseord/kernel.h), writes
 * the functions it changes, and names them in a struct fuse_variant_def:
 *
 * @code
 * #include <fuseord/fuse_variant.h>
 *
 * static int my_finish_open(struct fuse_file *ff) { ... }
 *
 * static const struct fuse_variant_def my_v3 = {
 *	FUSE_VARIANT_DEF_INIT,
 *	.name = "my-v3", .base = "v2", .summary = "v2 with ...",
 *	.ops = { .finish_open = my_finish_open },
 * };
 * FUSE_VARIANTS(&my_v3);
 * @endcode
 *
 * `fuseord check FILE --variant-file my-v3.c --variant my-v3` (or
 * fo_variant_load()) compiles it, loads it and checks it. Every op left NULL
 * is the base's. The knobs are the base's row; `--set` still changes them,
 * and the built-in functions a replacement calls still read them.
 *
 * Every access a variant makes must be a scheduling point the explorer
 * sees, or the exploration proves nothing about it: read and write shared
 * fields with READ_ONCE() and WRITE_ONCE(), the state words with test_bit()
 * and set_bit(), take the model's locks with spin_lock(&fi->lock) (here the
 * model's own spinlock, the same step the built-in code takes). Facts the
 * oracles need (a file flagged, linked, a sequence number saved) are
 * emitted by the helpers below (fuse_flag_file(), fuse_link_rw_entry(),
 * fuse_set_open_seq(), ...): a variant that changes the state without them
 * is checked against facts it did not report. kernel.h's list operations
 * are scheduling points of their own, the model's lists are not: walk
 * rw_files with list_for_each_entry() under fi->lock, add to it with
 * fuse_link_rw_entry().
 *
 * The kernel functions declared here are the model's own (fo_k_ symbols),
 * exported for variants. Like the kernel's, they check nothing: they take
 * the objects a variant op was given.
 */
#ifndef FUSEORD_FUSE_VARIANT_H
#define FUSEORD_FUSE_VARIANT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuseord/common.h"

/*
 * The library's own build (src/model/fuse_i.h) defines FO_MODEL_BUILD and
 * brings struct list_head, the lock and the completion from its runtime.
 */
#ifndef FO_MODEL_BUILD
#include "fuseord/kernel.h"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The kernel's u64. */
typedef uint64_t u64;

#ifndef FO_MODEL_BUILD
/** @brief The model's spinlock (not kernel.h's spinlock_t): take it with spin_lock(). */
struct fo_model_spinlock {
	_Atomic int locked; /**< private */
};

/** @brief The model's completion of a request (private). */
struct fo_model_completion {
	_Atomic int done; /**< private */
};

/**
 * @brief A ghost object: what the oracles observe that no kernel field
 * holds. Never read or written; the explorer orders the steps that name it.
 */
struct fo_model_ghost {
	char unused; /**< private */
};
#endif

/** @brief The version of the structs and ops below; fo_variant_load() refuses another. */
#define FUSE_VARIANT_ABI 2

/* ---- knobs: docs/protocol.md §6; fc->knobs, the variant's row after --set ---- */

/** @brief seq_scope: where write_seq lives, if anywhere. */
enum seq_scope {
	SEQ_SCOPE_NONE, /**< no sequence numbers (pre) */
	SEQ_SCOPE_DEV,  /**< one counter per device (v2) */
	SEQ_SCOPE_CONN, /**< one counter per connection */
};
/** @brief seq_inc: write_seq++ plain (two steps) or atomic. */
enum seq_inc {
	SEQ_INC_PLAIN,  /**< a load and a store, two steps (v2) */
	SEQ_INC_ATOMIC, /**< one atomic increment */
};
/** @brief seq_read: later steps re-read write_seq or use the entry's value. */
enum seq_read {
	SEQ_READ_REREAD,   /**< later steps load the counter again (v2) */
	SEQ_READ_CAPTURED, /**< later steps use the entry's value */
};
/** @brief link: fuse_link_rw_file() always or only with close_wait. */
enum link_when {
	LINK_ALWAYS,     /**< on every mount */
	LINK_CLOSE_WAIT, /**< only on close_wait mounts (v2) */
};
/** @brief fail_loop: the FAIL loop flags every ff or only stale ones. */
enum fail_loop {
	FAIL_LOOP_BLIND, /**< every linked file (pre, v2) */
	FAIL_LOOP_SEQ,   /**< only files whose open_seq is not after the notification */
};
/** @brief no_open_seq: open_seq of a no_open file. */
enum no_open_seq {
	NO_OPEN_SEQ_ZERO,  /**< stays 0 (v2) */
	NO_OPEN_SEQ_FRESH, /**< a number taken when the open starts */
};
/** @brief inval_seq: inval_files_seq keeps the last notification's or the largest. */
enum inval_seq {
	INVAL_SEQ_LAST, /**< the last notification's (v2) */
	INVAL_SEQ_MAX,  /**< the largest seen */
};
/** @brief watermark: the open waits for every earlier write to be applied. */
enum watermark {
	WATERMARK_NONE, /**< no wait (pre, v2) */
	WATERMARK_WAIT, /**< the open waits until every earlier write is applied */
};
/** @brief sync_release: a failed open's release unlinks it, or (what if) not. */
enum sync_release {
	SYNC_RELEASE_UNLINK, /**< the failed open's release unlinks it */
	SYNC_RELEASE_KEEP,   /**< what if it did not */
};
/** @brief inval_wait: fuse_finish_open() waits for the worker only with close_wait, or always. */
enum inval_wait {
	INVAL_WAIT_CLOSE_WAIT, /**< only on close_wait mounts (v2) */
	INVAL_WAIT_ALWAYS,     /**< on every mount */
};
/** @brief absent_inval: a notification for a node not cached yet is dropped, or kept for fuse_iget(). */
enum absent_inval {
	ABSENT_INVAL_DROP,   /**< dropped with -ENOENT (pre, v2, the kernel) */
	ABSENT_INVAL_RECORD, /**< its number kept; fuse_iget() starts the inode from it */
};

struct fuse_variant_ops;

/** @brief A variant's knob row, and the code it runs. */
struct fuse_knobs {
	int seq_scope;    /**< enum seq_scope */
	int seq_inc;      /**< enum seq_inc */
	int seq_read;     /**< enum seq_read */
	int link;         /**< enum link_when */
	int fail_loop;    /**< enum fail_loop */
	int no_open_seq;  /**< enum no_open_seq */
	int seq_bits;     /**< width of the sequence numbers, 8..64 */
	int inval_seq;    /**< enum inval_seq */
	int watermark;    /**< enum watermark */
	int sync_release; /**< enum sync_release */
	int inval_wait;   /**< enum inval_wait */
	int absent_inval; /**< enum absent_inval */
	/** the variant's kernel functions: not a knob, never set by --set */
	const struct fuse_variant_ops *ops;
};

/* ---- entities ---- */

/** @brief fuse_inode.state bits. */
enum { FUSE_I_INVAL_FILES = 0 /**< an invalidation is in progress */ };
/** @brief fuse_file.ff_state bits. */
enum { FUSE_S_FAIL_IMMEDIATELY = 0 /**< the file is stale: its I/O fails */ };

/** @brief Opened for reading. */
#define FMODE_READ 1u
/** @brief Opened for writing. */
#define FMODE_WRITE 2u

/** @brief Devices of one connection (the mount's fd and its clones). */
#define FUSE_MAX_DEVS 64
/** @brief Daemon writes in progress at once (watermark=wait). */
#define FUSE_MAX_INFLIGHT 64
/** @brief Inodes of one connection. */
#define FUSE_MAX_INODES 256

struct fuse_conn;
struct fuse_tracer;

/** @brief The invalidation work item: queue_work() sets PENDING and wakes the worker. */
struct fuse_work {
	unsigned long pending; /**< bit 0: queued */
	int running;           /**< the worker is in fuse_inval_files_work() */
	bool stop;             /**< the model is shutting down */
};

/** @brief A /dev/fuse file descriptor. */
struct fuse_dev {
	struct fuse_conn *fc; /**< its connection */
	int id;               /**< 0: the mount's fd; >0: a FUSE_DEV_IOC_CLONE */
	u64 write_seq;        /**< v2: bumped on every reply/notification write */
};

/** @brief A FUSE inode. */
struct fuse_inode {
	u64 nodeid;                         /**< the inode number */
	unsigned long state;                /**< FUSE_I_INVAL_FILES */
	struct list_head rw_files;          /**< ff->rw_entry of the files open on it */
	struct list_head write_files;       /**< writeback_cache write opens */
	u64 inval_files_seq;                /**< v2: write_seq of the last FUSE_NOTIFY_INVAL_FILES */
	int i_size_unstable;                /**< set while the worker has work for it */
	struct fo_model_spinlock lock;      /**< fi->lock */
	struct fo_model_spinlock i_rwsem;   /**< inode_lock(); the model's locks may be slept under */
	struct list_head inval_files_entry; /**< on fc->inval_files_list */
	char name[32];                      /**< "inode 7", for reports */
	/**
	 * A node a FUSE_CREATE makes: not in the inode cache until the
	 * creator's fuse_iget() after the reply (i_cached, under
	 * fc->inode_hash_lock).
	 */
	bool created;
	int i_cached;                       /**< created: fuse_iget() has run */
	u64 absent_inval_seq;               /**< absent_inval=record: the last notification that found it absent */
	/** ghost: its files' opens returning and releases (marks), as FIEMAP sees them (probes) */
	struct fo_model_ghost ghost_opens;
	/** ghost: notifications for it processed (probes), as a release (a mark) is ordered against them */
	struct fo_model_ghost ghost_inval;
};

/** @brief The request's arguments (the part v2 adds). */
struct fuse_args {
	u64 reply_seq; /**< v2: write_seq when the reply was received (on an error too) */
	int error;     /**< the reply's error (oh.error): 0 or a negative errno */
};

/**
 * @brief Where a request is: REQ_PENDING on the input queue (FR_PENDING),
 * REQ_SENT read by one fud (FR_SENT), REQ_ANSWERED ended; REQ_NONE never
 * sent, or taken back by a killed opener before any read.
 */
enum fuse_req_state {
	REQ_NONE,     /**< not sent, or taken back */
	REQ_PENDING,  /**< on the input queue */
	REQ_SENT,     /**< read by one fud */
	REQ_ANSWERED, /**< ended */
};

/** @brief The FUSE_OPEN or FUSE_CREATE request of a file. */
struct fuse_req {
	int state;                           /**< enum fuse_req_state, under fc->fpq_lock */
	int fud;                             /**< REQ_SENT: the fud that read it */
	struct fo_model_completion sent;     /**< the daemon has the request */
	struct fo_model_completion answered; /**< fuse_request_end() */
	struct fuse_args args;               /**< what the reply filled in */
};

/** @brief An open file. */
struct fuse_file {
	struct fuse_conn *fc;          /**< its connection */
	struct fuse_inode *fi;         /**< its inode */
	int fid;                       /**< the model's file number */
	unsigned fmode;                /**< FMODE_READ, FMODE_WRITE */
	unsigned long ff_state;        /**< FUSE_S_FAIL_IMMEDIATELY */
	u64 open_seq;                  /**< v2: reply_seq of the FUSE_OPEN reply */
	struct list_head rw_entry;     /**< on fi->rw_files */
	struct list_head write_entry;  /**< on fi->write_files */
	struct fo_model_spinlock lock; /**< ff->lock */
	struct fuse_req req;           /**< its FUSE_OPEN / FUSE_CREATE */
	bool create;                   /**< opened by fuse_create_open() */
	bool sent_open;                /**< fuse_file_open() sent FUSE_OPEN (!fc->no_open then) */
	bool trunc;                    /**< O_TRUNC */
	struct fo_model_spinlock *held[2]; /**< the callers' locks this open holds until it returns */
};

/** @brief A FUSE connection. */
struct fuse_conn {
	struct fuse_knobs knobs;  /**< the variant's row and ops */
	bool close_wait;          /**< FUSE_CLOSE_WAIT negotiated */
	int no_open;              /**< the daemon does not implement FUSE_OPEN (set by a -ENOSYS reply) */
	bool learns_no_open;      /**< a -ENOSYS reply may set no_open: it is read as a step */
	bool writeback_cache;     /**< writeback caching */

	struct fuse_dev devices[FUSE_MAX_DEVS]; /**< the devices, [0] the mount's */
	int ndevs;                              /**< published with release ordering */
	struct fuse_inode *inodes[FUSE_MAX_INODES]; /**< the inode cache */
	int ninodes;                            /**< entries in inodes[] */

	u64 write_seq;            /**< seq_scope=conn: one counter for all devices */
	struct fo_model_spinlock seq_lock; /**< watermark=wait: guards what follows */
	u64 inflight[FUSE_MAX_INFLIGHT];   /**< numbers of the notifications in progress */
	int ninflight;                     /**< entries in inflight[] */
	u64 done_upto;            /**< every notification below it applied; ~0: none in progress */
	struct fo_model_spinlock fpq_lock; /**< the processing queue: request states */
	struct fo_model_spinlock lock;     /**< inval_files_list */
	struct fo_model_spinlock inode_hash_lock; /**< absent_inval=record: lookup-or-record against fuse_iget() */
	struct fo_model_spinlock dir_rwsem; /**< the parent directory's inode_lock(), held across a create */
	struct list_head inval_files_list; /**< inodes queued for the worker */
	struct fuse_work inval_files_work; /**< the worker's work item */

	const struct fuse_tracer *tracer;  /**< who consumes the trace events (private) */
	/** ghost: the daemon's send order, which every write's first step decides (replies mark it, notifications probe it) */
	struct fo_model_ghost send_order;
};

/** @brief What one daemon write() carries. */
enum fuse_msg_kind {
	FUSE_MSG_REPLY,              /**< the reply to a FUSE_OPEN or FUSE_CREATE */
	FUSE_MSG_NOTIFY_INVAL_FILES, /**< FUSE_NOTIFY_INVAL_FILES */
	FUSE_MSG_OTHER,              /**< any other write */
};

/** @brief A daemon write after fuse_dev_do_write() parsed it. */
struct fuse_out_msg {
	enum fuse_msg_kind kind; /**< reply, notification or other */
	struct fuse_file *ff;    /**< REPLY: whose request (the model's `unique`) */
	u64 nodeid;              /**< NOTIFY_INVAL_FILES: the inode */
	int error;               /**< REPLY: oh.error, 0 or a negative errno */
};

/**
 * @brief Whether the variant numbers the daemon's writes (seq_scope != none).
 * @param fc the connection.
 */
static inline bool fuse_has_seq(const struct fuse_conn *fc)
{
	return fc->knobs.seq_scope != SEQ_SCOPE_NONE;
}

/**
 * @brief The mask of seq_bits-wide sequence numbers.
 * @param fc the connection.
 */
static inline u64 fuse_seq_mask(const struct fuse_conn *fc)
{
	return fc->knobs.seq_bits >= 64 ? ~(u64)0 : ((u64)1 << fc->knobs.seq_bits) - 1;
}

/* ---- the ops table: the kernel functions a variant replaces ---- */

/**
 * @brief The kernel functions a variant replaces. In a fuse_variant_def a
 * NULL entry is the base's; in fc->knobs.ops every entry is set.
 */
struct fuse_variant_ops {
	/** fuse_dev_do_write(): the write's sequence step at its entry; returns its number */
	u64 (*write_seq_inc)(struct fuse_dev *fud, const struct fuse_out_msg *msg);
	/** fuse_notify_inval_files() → fuse_invalidate_files(): @p seq is the entry's number */
	int (*invalidate_files)(struct fuse_dev *fud, u64 nodeid, u64 seq);
	/** fuse_inval_files_work(): the worker's pass; returns the inodes processed */
	int (*inval_files_work)(struct fuse_conn *fc);
	/** fuse_open(), up to FUSE_OPEN being queued: the wait on FUSE_I_INVAL_FILES, the send */
	int (*open_send)(struct fuse_file *ff);
	/** fuse_create_open(), up to FUSE_CREATE being queued */
	int (*create_open_send)(struct fuse_file *ff);
	/** fuse_file_open() after the reply: what the open keeps of it (v2: open_seq) */
	void (*open_reply)(struct fuse_file *ff);
	/** fuse_finish_open(): link, decide stale, wait for the worker */
	int (*finish_open)(struct fuse_file *ff);
	/** fuse_link_rw_file(): put the file on fi->rw_files and decide whether it is stale */
	void (*link_rw_file)(struct fuse_file *ff);
	/** the rw_files part of fuse_release_common(), and of a failed open's release */
	void (*release)(struct fuse_file *ff);
};

/** @brief One variant a file defines. Start it with FUSE_VARIANT_DEF_INIT. */
struct fuse_variant_def {
	unsigned abi;              /**< FUSE_VARIANT_ABI */
	unsigned conn_size;        /**< sizeof(struct fuse_conn), a layout check */
	const char *name;          /**< its name: letters, digits, '-', '_', '+' */
	const char *base;          /**< the variant it changes: "pre", "v2", "fixed" or one loaded earlier */
	const char *summary;       /**< one line for `fuseord variants` */
	struct fuse_variant_ops ops; /**< what it replaces; NULL: the base's */
};

/** @brief The first initialisers of every struct fuse_variant_def. */
#define FUSE_VARIANT_DEF_INIT .abi = FUSE_VARIANT_ABI, .conn_size = sizeof(struct fuse_conn)

/**
 * @brief The variants a file defines, as pointers to its fuse_variant_defs;
 * once per file, at file scope.
 */
#define FUSE_VARIANTS(...)                                                            \
	__attribute__((visibility("default"))) const struct fuse_variant_def *const       \
		fo_variant_defs[] = { __VA_ARGS__, NULL }

/* ---- the model's kernel functions, to call from a variant's ops ---- */

/** @cond FO_INTERNAL */
/* the kernel's names for the fo_k_ symbols the library exports */
#define fuse_write_seq_inc fo_k_fuse_write_seq_inc
#define fuse_write_seq_read fo_k_fuse_write_seq_read
#define fuse_ilookup fo_k_fuse_ilookup
#define fuse_invalidate_files fo_k_fuse_invalidate_files
#define fuse_inval_files_mark fo_k_fuse_inval_files_mark
#define fuse_set_inval_files_seq fo_k_fuse_set_inval_files_seq
#define fuse_fail_rw_files fo_k_fuse_fail_rw_files
#define fuse_inval_files_work fo_k_fuse_inval_files_work
#define fuse_open_send fo_k_fuse_open_send
#define fuse_create_open_send fo_k_fuse_create_open_send
#define fuse_open_reply fo_k_fuse_open_reply
#define fuse_finish_open fo_k_fuse_finish_open
#define fuse_link_rw_file fo_k_fuse_link_rw_file
#define fuse_link_rw_entry fo_k_fuse_link_rw_entry
#define fuse_link_write_file fo_k_fuse_link_write_file
#define fuse_seq_check fo_k_fuse_seq_check
#define fuse_set_open_seq fo_k_fuse_set_open_seq
#define fuse_flag_file fo_k_fuse_flag_file
#define fuse_fail_file fo_k_fuse_fail_file
#define fuse_wait_on_inval_files fo_k_fuse_wait_on_inval_files
#define fuse_release fo_k_fuse_release
/** @endcond */

/**
 * @brief dev.c: v2's `fud->write_seq++` at a write's entry (knob-aware:
 * seq_scope, seq_inc, seq_bits); the built-in write_seq_inc op.
 * @param fud the device written to.
 * @param msg what the write carries.
 * @return the number the write got (0 without sequence numbers).
 */
u64 fuse_write_seq_inc(struct fuse_dev *fud, const struct fuse_out_msg *msg);
/**
 * @brief dev.c: the number a later step of a write records: seq_read=reread
 * loads the counter again (one step), captured returns @p captured.
 * @param fud the device written to.
 * @param captured the number the write's entry produced.
 * @return the number to record.
 */
u64 fuse_write_seq_read(struct fuse_dev *fud, u64 captured);
/**
 * @brief inode.c: the inode cache lookup (no scheduling point: the cache
 * does not change while the model runs).
 * @param fc the connection.
 * @param nodeid the inode number.
 * @return the inode, or NULL if it is not cached.
 */
struct fuse_inode *fuse_ilookup(struct fuse_conn *fc, u64 nodeid);
/**
 * @brief inode.c: the built-in invalidate_files op.
 * @param fud the device the notification was written on.
 * @param nodeid its inode.
 * @param seq the number its entry produced.
 * @return 0, or -ENOENT for an inode not cached.
 */
int fuse_invalidate_files(struct fuse_dev *fud, u64 nodeid, u64 seq);
/**
 * @brief inode.c: the part of fuse_invalidate_files() after the sequence
 * number: merge into an invalidation in progress, or set FUSE_I_INVAL_FILES
 * (pre: then the FAIL loop) and queue the work. Called with fi->lock held;
 * returns with it released.
 * @param fud the device the notification was written on.
 * @param fi its inode.
 * @return 0.
 */
int fuse_inval_files_mark(struct fuse_dev *fud, struct fuse_inode *fi);
/**
 * @brief inode.c: fi->inval_files_seq = @p v (one step), reported to the
 * oracles; fi->lock held.
 * @param fud the device the notification was written on.
 * @param fi the inode.
 * @param v the value.
 */
void fuse_set_inval_files_seq(struct fuse_dev *fud, struct fuse_inode *fi, u64 v);
/**
 * @brief inode.c: the FAIL loop over fi->rw_files (fail_loop knob); fi->lock held.
 * @param fi the inode.
 */
void fuse_fail_rw_files(struct fuse_inode *fi);
/**
 * @brief inode.c: the built-in inval_files_work op.
 * @param fc the connection.
 * @return the number of inodes processed.
 */
int fuse_inval_files_work(struct fuse_conn *fc);
/**
 * @brief file.c: the built-in open_send op.
 * @param ff the file being opened.
 * @return 0, or -EINTR if killed in the wait on FUSE_I_INVAL_FILES.
 */
int fuse_open_send(struct fuse_file *ff);
/**
 * @brief dir.c: the built-in create_open_send op.
 * @param ff the file being created.
 * @return 0.
 */
int fuse_create_open_send(struct fuse_file *ff);
/**
 * @brief file.c: the built-in open_reply op: with sequence numbers,
 * open_seq = args.reply_seq.
 * @param ff the file whose reply came.
 */
void fuse_open_reply(struct fuse_file *ff);
/**
 * @brief file.c: the built-in finish_open op.
 * @param ff the file being opened.
 * @return 0, or -EINTR if killed in a wait.
 */
int fuse_finish_open(struct fuse_file *ff);
/**
 * @brief file.c: the built-in link_rw_file op.
 * @param ff the file to link.
 */
void fuse_link_rw_file(struct fuse_file *ff);
/**
 * @brief file.c: put @p ff on fi->rw_files unless it is there, reported;
 * fi->lock held.
 * @param ff the file.
 */
void fuse_link_rw_entry(struct fuse_file *ff);
/**
 * @brief file.c: put a writeback_cache write open on fi->write_files.
 * @param ff the file.
 */
void fuse_link_write_file(struct fuse_file *ff);
/**
 * @brief file.c: v2's link test, reported: loads ff->open_seq, then
 * fi->inval_files_seq (two steps).
 * @param ff the file.
 * @return whether open_seq < inval_files_seq.
 */
bool fuse_seq_check(struct fuse_file *ff);
/**
 * @brief file.c: ff->open_seq = @p v (one step), reported to the oracles.
 * @param ff the file.
 * @param v the value.
 */
void fuse_set_open_seq(struct fuse_file *ff, u64 v);
/**
 * @brief file.c: set FUSE_S_FAIL_IMMEDIATELY, reported (v2's link: no ff->lock).
 * @param ff the file.
 */
void fuse_flag_file(struct fuse_file *ff);
/**
 * @brief file.c: set FUSE_S_FAIL_IMMEDIATELY under ff->lock, reported (the FAIL loop's).
 * @param ff the file.
 */
void fuse_fail_file(struct fuse_file *ff);
/**
 * @brief file.c: killable wait while FUSE_I_INVAL_FILES is set.
 * @param fi the inode.
 * @return 0, or -EINTR if killed.
 */
int fuse_wait_on_inval_files(struct fuse_inode *fi);
/**
 * @brief file.c: the built-in release op (unlink from rw_files and write_files).
 * @param ff the file.
 */
void fuse_release(struct fuse_file *ff);

#ifndef FO_MODEL_BUILD
/** @cond FO_INTERNAL */
void fo_rt_spin_lock(struct fo_model_spinlock *l);
void fo_rt_spin_unlock(struct fo_model_spinlock *l);
/** @endcond */

/*
 * spin_lock(&fi->lock) takes the model's lock with the built-in code's own
 * step; a kernel.h spinlock_t a variant declares itself still works.
 */
#undef spin_lock
#undef spin_unlock
/**
 * @brief Take a model lock (fi->lock, ff->lock, fc->lock ...) or a kernel.h spinlock_t.
 * @param l pointer to the lock.
 */
#define spin_lock(l)                                                                  \
	_Generic((l), struct fo_model_spinlock *: fo_rt_spin_lock,                     \
		 default: fo__spin_lock_kernel)(l)
/**
 * @brief Release what spin_lock() took.
 * @param l pointer to the lock.
 */
#define spin_unlock(l)                                                                \
	_Generic((l), struct fo_model_spinlock *: fo_rt_spin_unlock,                   \
		 default: fo__spin_unlock_kernel)(l)
/** @cond FO_INTERNAL */
static inline void fo__spin_lock_kernel(fo_lock *l)
{
	(void)fo_lock_acquire(l);
}

static inline void fo__spin_unlock_kernel(fo_lock *l)
{
	(void)fo_lock_release(l);
}
/** @endcond */
#endif /* !FO_MODEL_BUILD */

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_FUSE_VARIANT_H */

/* SPDX-License-Identifier: MIT */
/*
 * fuse_i.h - the model's mirror of fs/fuse/fuse_i.h: the state of
 * fuse_conn, fuse_dev, fuse_inode, fuse_file and fuse_args, the knobs that
 * select a protocol variant, and the trace events the oracles consume.
 *
 * Field names are the kernel's. Types follow the kernel too (u64, unsigned
 * long bit words), since concern 6 of the review is about exactly that.
 */
#ifndef FUSEORD_MODEL_FUSE_I_H
#define FUSEORD_MODEL_FUSE_I_H

#include <stdint.h>

#include "model/list.h"
#include "rt/rt.h"

typedef uint64_t u64;

/* Out-of-line model functions live in the fo_ name space (see rt.h). */
#define fuse_dev_do_write fo_k_fuse_dev_do_write
#define fuse_dev_init fo_k_fuse_dev_init
#define fuse_invalidate_files fo_k_fuse_invalidate_files
#define fuse_inval_files_work fo_k_fuse_inval_files_work
#define fuse_init_inode fo_k_fuse_init_inode
#define fuse_ilookup fo_k_fuse_ilookup
#define fuse_file_alloc fo_k_fuse_file_alloc
#define fuse_open fo_k_fuse_open
#define fuse_open_send fo_k_fuse_open_send
#define fuse_open_complete fo_k_fuse_open_complete
#define fuse_open_return fo_k_fuse_open_return
#define fuse_create_open_send fo_k_fuse_create_open_send
#define fuse_create_open_complete fo_k_fuse_create_open_complete
#define fuse_release fo_k_fuse_release
#define fuse_file_io fo_k_fuse_file_io
#define fuse_fiemap_find_file fo_k_fuse_fiemap_find_file
#define fuse_wait_request fo_k_fuse_wait_request
#define fuse_dev_do_read fo_k_fuse_dev_do_read
#define fuse_write_seq_read fo_k_fuse_write_seq_read
#define fuse_knobs_for_variant fo_k_fuse_knobs_for_variant
#define fuse_knob_set fo_k_fuse_knob_set
#define fuse_knobs_format fo_k_fuse_knobs_format
#define fuse_knobs_code fo_k_fuse_knobs_code
#define fuse_knobs_from_code fo_k_fuse_knobs_from_code
#define queue_work fo_k_queue_work
#define fuse_inval_files_worker fo_k_fuse_inval_files_worker
#define fuse_finish_open fo_k_fuse_finish_open
#define fuse_sync_release fo_k_fuse_sync_release
#define fuse_send_request fo_k_fuse_send_request
#define fuse_request_wait_answer fo_k_fuse_request_wait_answer
#define fuse_wait_on_inval_files fo_k_fuse_wait_on_inval_files
#define fuse_fail_file fo_k_fuse_fail_file

/* ---- knobs: docs/protocol.md §6; a variant is one row of these ---- */

enum seq_scope { SEQ_SCOPE_NONE, SEQ_SCOPE_DEV, SEQ_SCOPE_CONN };
enum seq_inc { SEQ_INC_PLAIN, SEQ_INC_ATOMIC };
enum seq_read { SEQ_READ_REREAD, SEQ_READ_CAPTURED };
enum link_when { LINK_ALWAYS, LINK_CLOSE_WAIT };
enum fail_loop { FAIL_LOOP_BLIND, FAIL_LOOP_SEQ };
enum no_open_seq { NO_OPEN_SEQ_ZERO, NO_OPEN_SEQ_FRESH };
enum inval_seq { INVAL_SEQ_LAST, INVAL_SEQ_MAX };
enum watermark { WATERMARK_NONE, WATERMARK_WAIT };
enum sync_release { SYNC_RELEASE_UNLINK, SYNC_RELEASE_KEEP };
enum inval_wait { INVAL_WAIT_CLOSE_WAIT, INVAL_WAIT_ALWAYS };
enum absent_inval { ABSENT_INVAL_DROP, ABSENT_INVAL_RECORD };

struct fuse_knobs {
	int seq_scope;   /* enum seq_scope: where write_seq lives, if anywhere */
	int seq_inc;     /* enum seq_inc: write_seq++ plain (two steps) or atomic */
	int seq_read;    /* enum seq_read: later steps re-read write_seq or use the entry value */
	int link;        /* enum link_when: fuse_link_rw_file always or only with close_wait */
	int fail_loop;   /* enum fail_loop: FAIL loop flags every ff or only stale ones */
	int no_open_seq; /* enum no_open_seq: open_seq of a no_open file */
	int seq_bits;    /* width of the sequence numbers, 8..64 */
	int inval_seq;   /* enum inval_seq: inval_files_seq keeps the last notification's or the largest */
	int watermark;   /* enum watermark: the open waits for every earlier write to be applied */
	int sync_release; /* enum sync_release: a failed open's release unlinks it, or (what if) not */
	int inval_wait;   /* enum inval_wait: fuse_finish_open() waits for the worker only with close_wait, or always */
	int absent_inval; /* enum absent_inval: a notification for an inode not cached yet is dropped, or its number kept for fuse_iget() */
};

int fuse_knobs_for_variant(const char *variant, struct fuse_knobs *out);
int fuse_knob_set(struct fuse_knobs *k, const char *knob, const char *value);
int fuse_knobs_format(const struct fuse_knobs *k, char *buf, size_t len);
/* The knobs as a short code for schedule tokens ("dprcbz64"), and back. */
int fuse_knobs_code(const struct fuse_knobs *k, char *buf, size_t len);
int fuse_knobs_from_code(const char *code, struct fuse_knobs *k);

/* ---- entities ---- */

/* fuse_inode.state bits */
enum { FUSE_I_INVAL_FILES = 0 };
/* fuse_file.ff_state bits */
enum { FUSE_S_FAIL_IMMEDIATELY = 0 };

#define FMODE_READ 1u
#define FMODE_WRITE 2u

#define FUSE_MAX_DEVS 64
#define FUSE_MAX_INFLIGHT 64 /* daemon writes in progress at once (watermark=wait) */
#define FUSE_MAX_INODES 256

struct fuse_conn;
struct fuse_event;

/* Who consumes the trace events (the oracles, in deterministic mode). */
struct fuse_tracer {
	void (*event)(void *priv, const struct fuse_event *ev);
	void *priv;
};

/* A work item: queue_work() sets PENDING and wakes the worker. */
enum { WORK_PENDING = 0 };
struct work_struct {
	unsigned long pending;
	int running;
	bool stop;
};

struct fuse_dev {
	struct fuse_conn *fc;
	int id;          /* 0: the mount's fd; >0: a FUSE_DEV_IOC_CLONE */
	u64 write_seq;   /* v2: bumped on every reply/notification write */
};

struct fuse_inode {
	u64 nodeid;
	unsigned long state;        /* FUSE_I_INVAL_FILES */
	struct list_head rw_files;  /* ff->rw_entry of the files open on it */
	struct list_head write_files; /* writeback_cache write opens */
	u64 inval_files_seq;        /* v2: write_seq of the last FUSE_NOTIFY_INVAL_FILES */
	int i_size_unstable;
	spinlock_t lock;
	spinlock_t i_rwsem;         /* inode_lock(); the model's locks may be slept under */
	struct list_head inval_files_entry; /* on fc->inval_files_list */
	char name[32];              /* "inode 7", for reports */
	/*
	 * A node a FUSE_CREATE makes: not in the inode cache until the
	 * creator's fuse_iget() after the reply (i_cached, under
	 * fc->inode_hash_lock); absent_inval=record keeps the number of the
	 * last notification that found it absent for fuse_iget().
	 */
	bool created;
	int i_cached;
	u64 absent_inval_seq;
};

/* The request a FUSE_OPEN/FUSE_CREATE is: fuse_args plus its life. */
struct fuse_args {
	u64 reply_seq;   /* v2: write_seq when the reply was received (on an error too) */
	int error;       /* the reply's error (oh.error), 0 or a negative errno */
};

/*
 * REQ_PENDING: on the input queue, not read yet (FR_PENDING); REQ_SENT: read
 * by one fud, on its processing queue (FR_SENT); REQ_ANSWERED: ended.
 * REQ_NONE: never sent, or taken back by a killed opener before any read.
 */
enum fuse_req_state { REQ_NONE, REQ_PENDING, REQ_SENT, REQ_ANSWERED };

struct fuse_req {
	int state;                  /* enum fuse_req_state, under fc->fpq_lock */
	int fud;                    /* REQ_SENT: the fud that read it (its processing queue) */
	struct completion sent;     /* the daemon has the request */
	struct completion answered; /* fuse_request_end() */
	struct fuse_args args;
};

struct fuse_file {
	struct fuse_conn *fc;
	struct fuse_inode *fi;
	int fid;
	unsigned fmode;
	unsigned long ff_state;     /* FUSE_S_FAIL_IMMEDIATELY */
	u64 open_seq;               /* v2: reply_seq of the FUSE_OPEN reply */
	struct list_head rw_entry;  /* on fi->rw_files */
	struct list_head write_entry;
	spinlock_t lock;
	struct fuse_req req;
	bool create;                /* opened by fuse_create_open() */
	bool sent_open;             /* fuse_file_open() sent FUSE_OPEN (!fc->no_open then) */
	bool trunc;                 /* O_TRUNC */
	spinlock_t *held[2];        /* the callers' locks this open holds until it returns */
};

struct fuse_conn {
	struct fuse_knobs knobs;
	bool close_wait;
	/* set by a -ENOSYS reply to FUSE_OPEN when learns_no_open (then read as a step) */
	int no_open;
	bool learns_no_open;
	bool writeback_cache;

	struct fuse_dev devices[FUSE_MAX_DEVS];
	int ndevs;                  /* published with release ordering */
	struct fuse_inode *inodes[FUSE_MAX_INODES]; /* the inode cache */
	int ninodes;

	u64 write_seq;              /* seq_scope=conn: one counter for all devices */
	/*
	 * watermark=wait: the numbers of the notifications in progress, and
	 * the largest number below which every notification has been applied.
	 */
	spinlock_t seq_lock;
	u64 inflight[FUSE_MAX_INFLIGHT];
	int ninflight;
	u64 done_upto;              /* ~0: no notification in progress */
	spinlock_t fpq_lock;        /* the processing queue: request states */
	spinlock_t lock;            /* inval_files_list */
	spinlock_t inode_hash_lock; /* absent_inval=record: lookup-or-record against fuse_iget() */
	spinlock_t dir_rwsem;       /* the parent directory's inode_lock(), held across a create */
	struct list_head inval_files_list;
	struct work_struct inval_files_work;

	const struct fuse_tracer *tracer;
};

/*
 * fc->no_open as fuse_file_open() reads it. A step only where a -ENOSYS
 * reply may set it while the model runs; elsewhere it never changes.
 */
static inline bool fuse_conn_no_open(struct fuse_conn *fc)
{
	if (fc->learns_no_open)
		return rt_load_int(&fc->no_open, "no_open");
	return fc->no_open;
}

static inline bool fuse_has_seq(const struct fuse_conn *fc)
{
	return fc->knobs.seq_scope != SEQ_SCOPE_NONE;
}

static inline u64 fuse_seq_mask(const struct fuse_conn *fc)
{
	return fc->knobs.seq_bits >= 64 ? ~(u64)0 : ((u64)1 << fc->knobs.seq_bits) - 1;
}

/* ---- trace events: facts the oracles need, emitted right after the step ---- */

enum fuse_event_kind {
	FUSE_EV_WRITE_ENTER,  /* a daemon write entered fuse_dev_do_write (send order) */
	FUSE_EV_SEQ_STORE,    /* the store half of a plain write_seq++ */
	FUSE_EV_WRITE_DONE,   /* the write finished: err */
	FUSE_EV_INVAL_SET,    /* this notification set FUSE_I_INVAL_FILES */
	FUSE_EV_INVAL_MERGED, /* this notification found it set already */
	FUSE_EV_INVAL_CLEAR,  /* the worker cleared it */
	FUSE_EV_FLAG,         /* ff got FUSE_S_FAIL_IMMEDIATELY */
	FUSE_EV_LINK,         /* ff linked on rw_files */
	FUSE_EV_UNLINK,       /* ff unlinked from rw_files */
	FUSE_EV_OPEN_START,   /* fuse_open() entered (no_open's stand-in for the reply) */
	FUSE_EV_OPEN_SENT,    /* FUSE_OPEN/CREATE is pending */
	FUSE_EV_OPEN_RETURN,  /* the open returned err */
	FUSE_EV_IO,           /* I/O returned err */
	FUSE_EV_RELEASE,      /* release of an open file */
	FUSE_EV_FIEMAP,       /* FIEMAP lookup: err 0 found, -ENODATA none */
	FUSE_EV_SEQ_SAVE,     /* a sequence number saved: counter = the field, seq = value */
	FUSE_EV_SEQ_CHECK,    /* v2's link test: seq = open_seq < against = inval_files_seq */
	FUSE_EV_FIEMAP_START, /* FIEMAP entered: opens that returned before it must be found */
};

enum fuse_msg_kind { FUSE_MSG_REPLY, FUSE_MSG_NOTIFY_INVAL_FILES, FUSE_MSG_OTHER };

struct fuse_event {
	enum fuse_event_kind kind;
	struct fuse_dev *fud;
	struct fuse_inode *fi;
	struct fuse_file *ff;
	const u64 *counter;   /* WRITE_ENTER/SEQ_STORE: which write_seq */
	bool plain;           /* WRITE_ENTER: the load of a plain ++ (a store follows) */
	const struct fo_task *task; /* who emitted it; filled in by fuse_trace() */
	u64 seq;
	u64 against;          /* SEQ_CHECK: the value seq was compared with (traces only) */
	int msg;              /* WRITE_ENTER: enum fuse_msg_kind */
	int err;
};

static inline void fuse_trace(const struct fuse_conn *fc, const struct fuse_event *ev)
{
	if (fc->tracer) {
		struct fuse_event e = *ev;

		e.task = rt_current();
		fc->tracer->event(fc->tracer->priv, &e);
	}
}

/* The arguments are evaluated only when someone listens. */
#define FUSE_TRACE(fc_, kind_, ...)                                                   \
	do {                                                                          \
		if ((fc_)->tracer)                                                    \
			fuse_trace((fc_), &(const struct fuse_event){ .kind = (kind_), \
								      __VA_ARGS__ }); \
	} while (0)

/* ---- operations, by the kernel file they mirror ---- */

/* What a daemon write() carries, after fuse_dev_do_write() parsed it. */
struct fuse_out_msg {
	enum fuse_msg_kind kind;
	struct fuse_file *ff;  /* REPLY: whose request (the model's `unique`) */
	u64 nodeid;            /* NOTIFY_INVAL_FILES */
	int error;             /* REPLY: oh.error, 0 or a negative errno */
};

/* model.c: the connection behind a public handle */
#define fuse_model_conn fo_k_fuse_model_conn
struct fo_model;
struct fuse_conn *fuse_model_conn(struct fo_model *m);
#define fuse_model_file fo_k_fuse_model_file
struct fuse_file *fuse_model_file(struct fo_model *m, int fid);

/* dev.c */
void fuse_dev_init(struct fuse_conn *fc, struct fuse_dev *fud, int id);
int fuse_dev_do_write(struct fuse_dev *fud, const struct fuse_out_msg *msg);
int fuse_wait_request(struct fuse_file *ff);
int fuse_dev_do_read(struct fuse_dev *fud, struct fuse_file *ff);
u64 fuse_write_seq_read(struct fuse_dev *fud, u64 captured);

/* inode.c */
void fuse_init_inode(struct fuse_inode *fi, u64 nodeid);
struct fuse_inode *fuse_inode_find(struct fuse_conn *fc, u64 nodeid);
struct fuse_inode *fuse_ilookup(struct fuse_conn *fc, u64 nodeid);
void fuse_iget(struct fuse_file *ff);
int fuse_invalidate_files(struct fuse_dev *fud, u64 nodeid, u64 seq);
int fuse_inval_files_work(struct fuse_conn *fc);
void queue_work(struct work_struct *w);
void fuse_inval_files_worker(struct fuse_conn *fc);

/* file.c */
void fuse_file_alloc(struct fuse_conn *fc, struct fuse_inode *fi, struct fuse_file *ff,
		     int fid, unsigned fmode);
int fuse_open_send(struct fuse_file *ff);
int fuse_open_complete(struct fuse_file *ff);
int fuse_open(struct fuse_file *ff);
void fuse_open_return(struct fuse_file *ff, int err);
void fuse_open_hold(struct fuse_file *ff, spinlock_t *lock);
int fuse_finish_open(struct fuse_file *ff);
void fuse_release(struct fuse_file *ff);
void fuse_fail_file(struct fuse_file *ff);
int fuse_file_io(struct fuse_file *ff);
struct fuse_file *fuse_fiemap_find_file(struct fuse_conn *fc, struct fuse_inode *fi);
int fuse_wait_on_inval_files(struct fuse_inode *fi);
void fuse_sync_release(struct fuse_file *ff);
void fuse_send_request(struct fuse_req *req);
int fuse_request_wait_answer(struct fuse_req *req);

/* dir.c */
int fuse_create_open_send(struct fuse_file *ff);
int fuse_create_open_complete(struct fuse_file *ff);

#endif /* FUSEORD_MODEL_FUSE_I_H */

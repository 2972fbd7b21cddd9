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

/*
 * The structs are fuseord/fuse_variant.h's, so a variant file compiled
 * against the installed headers sees the same layout; list_head, the lock
 * and the completion come from the runtime above.
 */
#define FO_MODEL_BUILD
#include "fuseord/fuse_variant.h"

/* the model's work item is fuse_variant.h's struct fuse_work */
#define work_struct fuse_work
enum { WORK_PENDING = 0 };

/* Out-of-line model functions live in the fo_ name space (see rt.h). */
#define fuse_dev_do_write fo_k_fuse_dev_do_write
#define fuse_dev_init fo_k_fuse_dev_init
#define fuse_init_inode fo_k_fuse_init_inode
#define fuse_file_alloc fo_k_fuse_file_alloc
#define fuse_open fo_k_fuse_open
#define fuse_open_complete fo_k_fuse_open_complete
#define fuse_open_return fo_k_fuse_open_return
#define fuse_create_open_complete fo_k_fuse_create_open_complete
#define fuse_file_io fo_k_fuse_file_io
#define fuse_fiemap_find_file fo_k_fuse_fiemap_find_file
#define fuse_wait_request fo_k_fuse_wait_request
#define fuse_dev_do_read fo_k_fuse_dev_do_read
#define fuse_knobs_for_variant fo_k_fuse_knobs_for_variant
#define fuse_knob_set fo_k_fuse_knob_set
#define fuse_knobs_format fo_k_fuse_knobs_format
#define fuse_knobs_code fo_k_fuse_knobs_code
#define fuse_knobs_from_code fo_k_fuse_knobs_from_code
#define queue_work fo_k_queue_work
#define fuse_inval_files_worker fo_k_fuse_inval_files_worker
#define fuse_sync_release fo_k_fuse_sync_release
#define fuse_send_request fo_k_fuse_send_request
#define fuse_request_wait_answer fo_k_fuse_request_wait_answer

/* ---- knobs (docs/protocol.md §6): fuseord/fuse_variant.h has the row ---- */

int fuse_knobs_for_variant(const char *variant, struct fuse_knobs *out);
int fuse_knob_set(struct fuse_knobs *k, const char *knob, const char *value);
int fuse_knobs_format(const struct fuse_knobs *k, char *buf, size_t len);
/* The knobs as a short code for schedule tokens ("dprcbz64"), and back. */
int fuse_knobs_code(const struct fuse_knobs *k, char *buf, size_t len);
int fuse_knobs_from_code(const char *code, struct fuse_knobs *k);

struct fuse_conn;
struct fuse_event;

/* Who consumes the trace events (the oracles, in deterministic mode). */
struct fuse_tracer {
	void (*event)(void *priv, const struct fuse_event *ev);
	void *priv;
};

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

/*
 * fuse_trace() - emit @ev, in a step that names what the oracles order it
 * by: the objects fuse_event_accesses() gives for it. If the step the
 * current task is taking does not include them all, a step of their own
 * comes first (rt_ensure()), also when nobody listens, so that a schedule
 * is the same with and without the oracles.
 */
#define fuse_trace fo_k_fuse_trace
#define fuse_event_accesses fo_k_fuse_event_accesses
void fuse_trace(const struct fuse_conn *fc, const struct fuse_event *ev);

/*
 * fuse_event_accesses() - what the oracles read of @ev's order, as the
 * accesses its step must make (at most RT_MAX_ACC): ghost objects and the
 * fields whose values the checks of docs/protocol.md §5 compare. Returns
 * how many it wrote to @acc.
 */
int fuse_event_accesses(const struct fuse_conn *fc, const struct fuse_event *ev,
			struct rt_acc *acc);

/*
 * fuse_send_order_kind() - how a daemon write of kind @msg (enum
 * fuse_msg_kind) enters the send order (fc->send_order): the checks
 * compare a notification's place with a reply's, never two replies'
 * (nor an open's start on a no_open mount, which stands in for a reply),
 * so a reply marks it (RT_MARK) and a notification probes it (RT_PROBE).
 */
#define fuse_send_order_kind fo_k_fuse_send_order_kind
int fuse_send_order_kind(int msg);

/*
 * fuse_event_hold() - every step of the current task, up to rt_unhold(),
 * makes the accesses @ev's step must make: for an event emitted when an
 * operation ends, at whatever step that is.
 */
#define fuse_event_hold fo_k_fuse_event_hold
void fuse_event_hold(const struct fuse_conn *fc, const struct fuse_event *ev);

/* The arguments are evaluated only when someone listens or schedules. */
#define FUSE_TRACE(fc_, kind_, ...)                                                   \
	do {                                                                          \
		if ((fc_)->tracer || rt_current()->sched)                             \
			fuse_trace((fc_), &(const struct fuse_event){ .kind = (kind_), \
								      __VA_ARGS__ }); \
	} while (0)

/* ---- operations, by the kernel file they mirror ---- */

/*
 * The kernel functions every built-in variant runs (variant_kernel.c): the
 * knob-aware ones of this directory. A conn calls the ops of its variant,
 * so a loaded variant's replacements run where the kernel's would.
 */
#define fuse_kernel_ops fo_k_fuse_kernel_ops
extern const struct fuse_variant_ops fuse_kernel_ops;

/*
 * A named variant: a knob row and the ops it runs. The built-in ones have
 * a file each (variant_pre.c, variant_v2.c, variant_fixed.c); variant.c
 * keeps the registry that loaded ones join.
 */
struct fuse_variant {
	const char *name;
	const char *summary;
	const char *base;          /* a loaded variant's base; NULL: built in */
	struct fuse_knobs knobs;   /* knobs.ops: its ops table, every entry set */
};

#define fuse_variant_pre fo_k_fuse_variant_pre
#define fuse_variant_v2 fo_k_fuse_variant_v2
#define fuse_variant_fixed fo_k_fuse_variant_fixed
extern const struct fuse_variant fuse_variant_pre, fuse_variant_v2, fuse_variant_fixed;

#define fuse_variant_find fo_k_fuse_variant_find
#define fuse_variant_register fo_k_fuse_variant_register
/* The variant named @name, built in or loaded; NULL if none. */
const struct fuse_variant *fuse_variant_find(const char *name);
/*
 * Add a copy of @v (its strings and ops are not copied: they must live as
 * long as the process). -EEXIST if the name is taken, -ENOSPC when full.
 */
int fuse_variant_register(const struct fuse_variant *v);

static inline const struct fuse_variant_ops *fuse_ops(const struct fuse_conn *fc)
{
	return fc->knobs.ops ? fc->knobs.ops : &fuse_kernel_ops;
}

/*
 * model.c: where a model's memory comes from. fo_model_create() takes it
 * from calloc(); the scenario runner hands every execution's model the same
 * block, so that an object made the same way sits at the same address in
 * every execution (the explorer knows objects by their addresses). A block
 * holds one model at a time: fuse_model_create_in() starts it afresh. What
 * does not fit comes from calloc(), as without a block.
 */
#define fuse_model_create_in fo_k_fuse_model_create_in
#define fuse_model_mem_need fo_k_fuse_model_mem_need
struct fo_model_opts;
struct fo_model;
struct fuse_model_mem {
	char *base;
	size_t cap, used;
};
int fuse_model_create_in(const struct fo_model_opts *opts, struct fuse_model_mem *mem,
			 struct fo_model **out);
/* The bytes a model of @ninodes inodes and @nfiles files takes from a block. */
size_t fuse_model_mem_need(int ninodes, int nfiles);

/* model.c: the connection behind a public handle */
#define fuse_model_conn fo_k_fuse_model_conn
struct fuse_conn *fuse_model_conn(struct fo_model *m);
#define fuse_model_file fo_k_fuse_model_file
struct fuse_file *fuse_model_file(struct fo_model *m, int fid);

/*
 * model.c: what a layer above (the scenario runner) does to a model beyond
 * fuseord/model.h, so it never writes the connection's fields itself.
 */
#define fuse_model_set_knobs fo_k_fuse_model_set_knobs
#define fuse_model_set_tracer fo_k_fuse_model_set_tracer
#define fuse_model_worker fo_k_fuse_model_worker
#define fuse_model_wait_subject fo_k_fuse_model_wait_subject
#define fuse_model_lock_holder fo_k_fuse_model_lock_holder
/*
 * A whole knob row at once, as fo_model_set_knob() sets one: 0, or -EBUSY
 * once an operation has run, -EINVAL for a NULL argument.
 */
int fuse_model_set_knobs(struct fo_model *m, const struct fuse_knobs *k);
/* Who hears the model's trace events from now on; NULL: nobody. */
void fuse_model_set_tracer(struct fo_model *m, const struct fuse_tracer *t);
/*
 * The invalidation worker's loop on the calling thread, for a model made
 * with manual_worker whose user runs the worker as a thread of its own.
 */
void fuse_model_worker(struct fo_model *m);

/* What a wait is on, in the model's terms (fuse_model_wait_subject()). */
enum fuse_wait_kind {
	FUSE_WAIT_OTHER,       /* none of these: the wait's own words say it */
	FUSE_WAIT_INVAL_FILES, /* bit FUSE_I_INVAL_FILES of inode nodeid */
	FUSE_WAIT_INODE_LOCK,  /* fi->lock of inode nodeid */
	FUSE_WAIT_INODE_RWSEM, /* inode_lock() of inode nodeid */
	FUSE_WAIT_DIR_RWSEM,   /* inode_lock() of the parent directory */
	FUSE_WAIT_ANSWER,      /* the reply to the FUSE_OPEN (create: FUSE_CREATE) of fid */
	FUSE_WAIT_FILE_LOCK,   /* ff->lock of fid */
	FUSE_WAIT_CONN_LOCK,   /* fc->lock */
	FUSE_WAIT_FPQ_LOCK,    /* fc->fpq_lock, the processing queue's */
};

struct fuse_wait_subject {
	enum fuse_wait_kind kind;
	u64 nodeid;  /* INVAL_FILES, INODE_LOCK, INODE_RWSEM */
	int fid;     /* ANSWER, FILE_LOCK */
	bool create; /* ANSWER: the request is FUSE_CREATE */
};

/* Which object of @m the wait variable @var is (rt_wait.var), into @out. */
void fuse_model_wait_subject(struct fo_model *m, const void *var, struct fuse_wait_subject *out);
/* The fid of the open that holds the caller's lock @lock (ff->held), or -1. */
int fuse_model_lock_holder(struct fo_model *m, const void *lock);

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

/* dev.c */
void fuse_dev_init(struct fuse_conn *fc, struct fuse_dev *fud, int id);
int fuse_dev_do_write(struct fuse_dev *fud, const struct fuse_out_msg *msg);
int fuse_wait_request(struct fuse_file *ff);
int fuse_dev_do_read(struct fuse_dev *fud, struct fuse_file *ff);

/* inode.c (and the functions fuseord/fuse_variant.h declares for variants) */
void fuse_init_inode(struct fuse_inode *fi, u64 nodeid);
struct fuse_inode *fuse_inode_find(struct fuse_conn *fc, u64 nodeid);
void fuse_iget(struct fuse_file *ff);
void queue_work(struct work_struct *w);
void fuse_inval_files_worker(struct fuse_conn *fc);

/* file.c */
void fuse_file_alloc(struct fuse_conn *fc, struct fuse_inode *fi, struct fuse_file *ff,
		     int fid, unsigned fmode);
int fuse_open_complete(struct fuse_file *ff);
int fuse_open(struct fuse_file *ff);
void fuse_open_return(struct fuse_file *ff, int err);
void fuse_open_hold(struct fuse_file *ff, spinlock_t *lock);
int fuse_file_io(struct fuse_file *ff);
struct fuse_file *fuse_fiemap_find_file(struct fuse_conn *fc, struct fuse_inode *fi);
void fuse_sync_release(struct fuse_file *ff);
void fuse_send_request(struct fuse_req *req);
int fuse_request_wait_answer(struct fuse_req *req);

/* dir.c */
int fuse_create_open_complete(struct fuse_file *ff);

#endif /* FUSEORD_MODEL_FUSE_I_H */

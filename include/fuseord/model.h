/* SPDX-License-Identifier: MIT */
/**
 * @file model.h
 * @brief The FUSE open/invalidate protocol model, free-running on pthreads.
 *
 * A fo_model is one FUSE connection (fuse_conn) with its devices (the
 * mount's /dev/fuse fd and its clones), the inodes it knows, and the files
 * opened on them. Client calls (open, io, release, fiemap) and daemon calls
 * (reply, notify, write) may be made from any number of threads at once;
 * each runs the model's mirror of the kernel code, with real locks and the
 * futex-backed bit waits. The protocol variant (pre-patch, v2, ...) and its
 * knobs are chosen at creation; see variant.h.
 *
 * Files are named by small integers (fid) that the model hands out, as file
 * descriptors are. Every call returns 0 or a non-negative value on success
 * and a negative errno on failure.
 */
#ifndef FUSEORD_MODEL_H
#define FUSEORD_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuseord/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One modelled FUSE connection (opaque). */
typedef struct fo_model fo_model;

/** @brief Open for reading (FMODE_READ). */
#define FO_FMODE_READ 1u
/** @brief Open for writing (FMODE_WRITE). */
#define FO_FMODE_WRITE 2u
/**
 * @brief O_TRUNC, for fo_model_open_begin() only: on a writeback_cache
 * mount fuse_open() holds inode_lock() from before FUSE_OPEN to the end of
 * fuse_finish_open() (atomic_o_trunc assumed), so v2's wait sleeps under it.
 */
#define FO_FMODE_TRUNC 4u

/** @brief How a model is created. Zero-initialise, then set what you need. */
struct fo_model_opts {
	/** Variant name ("pre", "v2", ...; see fo_variant_name()); NULL means "v2". */
	const char *variant;
	/** fc->close_wait: the vStorage extension the patch gates its work on. */
	bool close_wait;
	/** fc->no_open: FUSE_OPEN is not sent; open_seq is never set from a reply. */
	bool no_open;
	/**
	 * A reply may be -ENOSYS (fo_model_reply_error()), which sets
	 * fc->no_open while the model runs: every open then reads fc->no_open
	 * as a step of its own. Without it, fc->no_open never changes.
	 */
	bool learns_no_open;
	/** fc->writeback_cache: write opens are also linked on the write list. */
	bool writeback_cache;
	/**
	 * Run invalidation work only inside fo_model_run_worker() instead of on
	 * the model's own worker thread, so a single-threaded test can place the
	 * worker exactly where it wants.
	 */
	bool manual_worker;
};

/**
 * @brief Create a model: one connection with device 0 (the mount's fd).
 * @param opts options, or NULL for a v2 model with every flag clear.
 * @param[out] out the new model.
 * @return 0; -EINVAL for a NULL @p out or an unknown variant; -ENOMEM;
 *         -EAGAIN if the worker thread cannot be started.
 */
FO_API int fo_model_create(const struct fo_model_opts *opts, fo_model **out);

/**
 * @brief Stop the worker thread and free the model. NULL is ignored.
 * No other call on @p m may be running or follow.
 * @param m the model, or NULL.
 */
FO_API void fo_model_destroy(fo_model *m);

/**
 * @brief Override one knob of the model's variant (see variant.h).
 * Only before the model runs: a knob changed under a running protocol
 * would describe no kernel.
 * @param m the model.
 * @param knob a knob name, as fo_knob_name() gives.
 * @param value one of the values fo_knob_values() lists for it.
 * @return 0; -EINVAL for a NULL argument, an unknown knob or a value it does
 *         not take; -EBUSY once an open, a create, a FIEMAP or a daemon
 *         write (reply, notification, other write) has run on @p m.
 *         Cloning devices and adding inodes do not count.
 */
FO_API int fo_model_set_knob(fo_model *m, const char *knob, const char *value);

/**
 * @brief The model's knobs as text, "seq_scope=dev seq_inc=plain ...".
 * @param m the model.
 * @param[out] buf receives the text, truncated to @p len and NUL-terminated
 *             as snprintf does; may be NULL if @p len is 0.
 * @param len size of @p buf.
 * @return the length of the full text (as snprintf); -EINVAL for a NULL
 *         @p m, or a NULL @p buf with a non-zero @p len.
 */
FO_API int fo_model_knobs(const fo_model *m, char *buf, size_t len);

/**
 * @brief Clone device 0 (FUSE_DEV_IOC_CLONE): a new fuse_dev, write_seq 0.
 * @param m the model.
 * @return the new device number (>= 1); -EINVAL for a NULL @p m; -ENOSPC
 *         past 64 devices.
 */
FO_API int fo_model_dev_clone(fo_model *m);

/**
 * @brief Make inode @p nodeid known to the connection (as a lookup would).
 * @param m the model.
 * @param nodeid the inode's number, not 0.
 * @return 0; -EINVAL for a NULL @p m or nodeid 0; -EEXIST if the inode is
 *         already known; -ENOSPC past 256 inodes; -ENOMEM.
 */
FO_API int fo_model_inode_add(fo_model *m, uint64_t nodeid);

/**
 * @brief Make inode @p nodeid known to the model as a node a FUSE_CREATE
 * will make: it is not in the inode cache until a create of it has had its
 * reply (fuse_iget()). Until then an open or FIEMAP of it fails with
 * -ENOENT, and so does a notification for it (the kernel drops it, unless
 * the variant's absent_inval knob is `record`).
 * @param m the model.
 * @param nodeid the inode's number, not 0.
 * @return as fo_model_inode_add().
 */
FO_API int fo_model_inode_add_absent(fo_model *m, uint64_t nodeid);

/* ---- the client side ---- */

/**
 * @brief fuse_open() up to sending FUSE_OPEN: waits (killable) while an
 * invalidation of the inode is in progress, allocates the file and, unless
 * the connection has no_open, makes its FUSE_OPEN request pending.
 * @param m the model.
 * @param nodeid the inode to open (fo_model_inode_add()).
 * @param fmode FO_FMODE_READ and/or FO_FMODE_WRITE.
 * @param[out] fid the new file's number, or -1 on failure.
 * @return 0; -EINVAL for a NULL @p m or @p fid, or an @p fmode that is 0 or
 *         has other bits; -ENOENT for an unknown inode; -EINTR if killed
 *         while waiting (the file is then failed, and @p fid is -1);
 *         -ENOSPC when the file table (16384 files) is full; -ENOMEM.
 */
FO_API int fo_model_open_begin(fo_model *m, uint64_t nodeid, unsigned fmode, int *fid);

/**
 * @brief fuse_create_open() up to sending FUSE_CREATE (no wait before it).
 * FUSE_CREATE is sent even on a no_open connection.
 * @param m the model.
 * @param nodeid the inode being created (already known to the model).
 * @param fmode FO_FMODE_READ and/or FO_FMODE_WRITE.
 * @param[out] fid the new file's number, or -1 on failure.
 * @return as fo_model_open_begin(), but never -EINTR: nothing waits.
 */
FO_API int fo_model_create_begin(fo_model *m, uint64_t nodeid, unsigned fmode, int *fid);

/**
 * @brief The rest of the open: sleep until the daemon replies (not
 * killable), set open_seq from the reply, then fuse_finish_open().
 * A failed open releases the file itself, as the kernel's error path does.
 * @param m the model.
 * @param fid a file from fo_model_open_begin() or fo_model_create_begin().
 * @return 0: the open succeeded, @p fid is open; -EINTR: killed while
 *         waiting in fuse_finish_open(); -EBADF if @p fid has no open in
 *         progress; -EINVAL.
 */
FO_API int fo_model_open_end(fo_model *m, int fid);

/**
 * @brief fo_model_open_begin() then fo_model_open_end(): a whole open, for
 * a caller that does not need to act between the two halves.
 * @param m the model.
 * @param nodeid the inode to open.
 * @param fmode FO_FMODE_READ and/or FO_FMODE_WRITE.
 * @param[out] fid the open file's number, or -1 on failure.
 * @return 0; otherwise the error of the half that failed, as those two
 *         functions document.
 */
FO_API int fo_model_open(fo_model *m, uint64_t nodeid, unsigned fmode, int *fid);

/**
 * @brief One read or write on an open file.
 * @param m the model.
 * @param fid an open file.
 * @return 0; -EIO if the file is flagged FUSE_S_FAIL_IMMEDIATELY; -EBADF if
 *         @p fid is not open; -EINVAL.
 */
FO_API int fo_model_io(fo_model *m, int fid);

/**
 * @brief Close the file: unlink it from the inode's rw_files.
 * @param m the model.
 * @param fid an open file.
 * @return 0; -EBADF if @p fid is not open (never opened, failed, or already
 *         released); -EINVAL.
 */
FO_API int fo_model_release(fo_model *m, int fid);

/**
 * @brief The FIEMAP helper's lookup: any file of the inode on rw_files.
 * @param m the model.
 * @param nodeid the inode.
 * @return 0 if one is found; -ENODATA if rw_files is empty; -ENOENT for an
 *         unknown inode; -EINVAL.
 */
FO_API int fo_model_fiemap(fo_model *m, uint64_t nodeid);

/* ---- the daemon side: write()s to /dev/fuse ---- */

/**
 * @brief Sleep until @p fid has a FUSE_OPEN/FUSE_CREATE request pending
 * (the daemon reading it from the device). Uninterruptible: an open that
 * failed before sending (killed while waiting) never makes one, so do not
 * wait for it.
 * @param m the model.
 * @param fid a file whose open or create the daemon is to answer.
 * @return 0; -EBADF if @p fid was never allocated; -EINVAL for a NULL @p m.
 */
FO_API int fo_model_wait_request(fo_model *m, int fid);

/**
 * @brief fuse_dev_do_read() of @p fid's request on device @p dev: the
 * request moves to that device's processing queue, and only a reply written
 * on @p dev can answer it.
 * @param m the model.
 * @param dev the device the daemon reads (0, or a clone's number).
 * @param fid the file whose request is read.
 * @return 0; -ENOENT if the request is not waiting to be read (never sent,
 *         read already, taken back by a killed opener, or no such file);
 *         -ENODEV for an unknown device; -EINVAL for a NULL @p m.
 */
FO_API int fo_model_read(fo_model *m, int dev, int fid);

/**
 * @brief fuse_dev_do_write() of the reply to @p fid's pending request.
 * The sequence number is consumed even when the reply fails, as in v2.
 * A request nobody has read yet is read on @p dev first; one read on
 * another device is not found.
 * @param m the model.
 * @param dev the device the daemon writes on (0, or a clone's number).
 * @param fid the file whose request is answered.
 * @return 0; -ENOENT if @p fid has no pending request (never sent, already
 *         answered, read on another device, or no such file); -ENODEV for an unknown device;
 *         -EINVAL for a NULL @p m.
 */
FO_API int fo_model_reply(fo_model *m, int dev, int fid);

/**
 * @brief fo_model_reply() with an error in the reply's header (oh.error).
 * The opener's request ends with @p error. For FUSE_OPEN, -ENOSYS means
 * the daemon has no open: fuse_file_open() sets fc->no_open and the open
 * goes on without a reply (every later open sends no FUSE_OPEN); any other
 * error fails the open with it, and the file is never linked. v2 stores
 * reply_seq even then, as its fuse_send_open() does.
 * @param m the model.
 * @param dev the device the daemon writes on.
 * @param fid the file whose request is answered.
 * @param error 0 (the same as fo_model_reply()) or a negative errno.
 * @return as fo_model_reply(); -EINVAL also for @p error > 0 or below
 *         -4095, and for -ENOSYS on a model created without
 *         fo_model_opts.learns_no_open; -EOPNOTSUPP for -ENOSYS to a
 *         FUSE_CREATE (the kernel's fallback to mknod and open is not
 *         modelled).
 */
FO_API int fo_model_reply_error(fo_model *m, int dev, int fid, int error);

/**
 * @brief fuse_dev_do_write() of FUSE_NOTIFY_INVAL_FILES for @p nodeid.
 * @param m the model.
 * @param dev the device the daemon writes on.
 * @param nodeid the inode whose files are invalidated.
 * @return 0; -ENOENT for an unknown inode (the sequence number is consumed
 *         all the same); -ENODEV for an unknown device; -EINVAL for a NULL
 *         @p m.
 */
FO_API int fo_model_notify_inval_files(fo_model *m, int dev, uint64_t nodeid);

/**
 * @brief One unrelated write on @p dev (a reply to some other request): it
 * only advances the device's sequence number.
 * @param m the model.
 * @param dev the device the daemon writes on.
 * @return 0; -ENODEV for an unknown device; -EINVAL for a NULL @p m.
 */
FO_API int fo_model_write(fo_model *m, int dev);

/* ---- the invalidation worker ---- */

/**
 * @brief Run fuse_inval_files_work() once in the calling thread.
 * @param m the model.
 * @return the number of inodes it invalidated (0 when no work is queued);
 *         -EINVAL for a NULL @p m or a model not created with manual_worker.
 */
FO_API int fo_model_run_worker(fo_model *m);

/**
 * @brief Wait until no invalidation work is queued or running (on the worker
 * thread), or run it (manual_worker).
 * @param m the model.
 * @return 0; -EINVAL for a NULL @p m.
 */
FO_API int fo_model_flush_work(fo_model *m);

/* ---- inspection, for tests ---- */

/** @brief A snapshot of one inode's protocol state. */
struct fo_inode_info {
	bool inval_files;       /**< FUSE_I_INVAL_FILES set */
	bool i_size_unstable;   /**< fi->i_size_unstable */
	uint64_t inval_files_seq; /**< fi->inval_files_seq */
	unsigned rw_files;      /**< files linked on fi->rw_files */
};

/**
 * @brief Snapshot of inode @p nodeid (taken under its lock).
 * @param m the model.
 * @param nodeid the inode.
 * @param[out] info receives the snapshot.
 * @return 0; -ENOENT for an unknown inode; -EINVAL for a NULL @p m or
 *         @p info.
 */
FO_API int fo_model_inode_info(fo_model *m, uint64_t nodeid, struct fo_inode_info *info);

/** @brief Where a file is in its life. */
enum fo_file_state {
	FO_FILE_ALLOCATED, /**< allocated, open not yet sent */
	FO_FILE_OPENING,   /**< open in progress */
	FO_FILE_OPEN,      /**< open returned 0 */
	FO_FILE_FAILED,    /**< open failed (and the file was released) */
	FO_FILE_RELEASED,  /**< released after a successful open */
};

/** @brief A snapshot of one file's protocol state. */
struct fo_file_info {
	enum fo_file_state state; /**< where the file is in its life */
	uint64_t nodeid;        /**< the inode it was opened on */
	bool fail_immediately;  /**< FUSE_S_FAIL_IMMEDIATELY set */
	bool linked;            /**< on its inode's rw_files */
	uint64_t open_seq;      /**< ff->open_seq */
	int open_error;         /**< result of the open, once it ended */
};

/**
 * @brief Snapshot of file @p fid.
 * @param m the model.
 * @param fid the file, in any state (a failed or released one too).
 * @param[out] info receives the snapshot.
 * @return 0; -EBADF for a fid never allocated; -EINVAL for a NULL @p m or
 *         @p info.
 */
FO_API int fo_model_file_info(fo_model *m, int fid, struct fo_file_info *info);

/**
 * @brief The current write_seq of device @p dev.
 * @param m the model.
 * @param dev the device.
 * @param[out] seq receives the value.
 * @return 0; -ENODEV for an unknown device; -EINVAL for a NULL @p m or
 *         @p seq.
 */
FO_API int fo_model_dev_write_seq(fo_model *m, int dev, uint64_t *seq);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_MODEL_H */

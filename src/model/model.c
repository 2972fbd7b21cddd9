/* SPDX-License-Identifier: MIT */
/*
 * model.c - the public fo_model API: the VFS and syscall layer above the
 * kernel mirror. It owns what the kernel keeps outside fs/fuse/ — the file
 * table (struct file and its life), the worker thread, argument checking —
 * and calls into dev.c, file.c, inode.c and dir.c for the protocol itself.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/model.h"
#include "model/fuse_i.h"

/* 16384 files in chunks that never move, so lookups need no lock */
#define FILE_CHUNK 32
#define FILE_CHUNKS 512

/* The life of a struct file; COMPLETING is OPENING with the end running. */
enum { FILE_ALLOCATED, FILE_OPENING, FILE_OPEN, FILE_FAILED, FILE_RELEASED, FILE_COMPLETING };

struct fo_file {
	struct fuse_file ff;
	int state;
	int open_error;
};

struct fo_model {
	struct fuse_conn fc;
	int started;                 /* an operation ran: knobs are fixed */
	bool manual_worker;
	bool worker_started;
	bool worker_is_model_thread; /* under the deterministic scheduler */
	pthread_t worker;
	struct completion worker_exited;
	pthread_mutex_t setup_lock;  /* devices, inodes and file slots */
	struct fo_file *chunks[FILE_CHUNKS];
	int nfiles;                  /* published with release ordering */
	struct fuse_model_mem *mem;  /* the block it lives in, or NULL */
};

/* Aligned as malloc() aligns, so a block holds what calloc() would. */
#define MEM_ALIGN _Alignof(max_align_t)

static size_t mem_round(size_t n)
{
	return (n + MEM_ALIGN - 1) & ~(MEM_ALIGN - 1);
}

/* @n zeroed objects of @size from @mem, or from calloc() if it has no room (or is NULL). */
static void *model_zalloc(struct fuse_model_mem *mem, size_t n, size_t size)
{
	size_t bytes = n * size, at;

	if (!mem || (size && n > SIZE_MAX / size))
		return calloc(n, size);
	at = mem_round(mem->used);
	if (at > mem->cap || bytes > mem->cap - at)
		return calloc(n, size);
	mem->used = at + bytes;
	return memset(mem->base + at, 0, bytes);
}

static void model_free(struct fuse_model_mem *mem, void *p)
{
	if (!mem || (char *)p < mem->base || (char *)p >= mem->base + mem->cap)
		free(p);
}

size_t fuse_model_mem_need(int ninodes, int nfiles)
{
	size_t chunks = ((size_t)(nfiles > 0 ? nfiles : 1) + FILE_CHUNK - 1) / FILE_CHUNK;

	return mem_round(sizeof(struct fo_model)) +
	       (size_t)(ninodes > 0 ? ninodes : 1) * mem_round(sizeof(struct fuse_inode)) +
	       chunks * mem_round(FILE_CHUNK * sizeof(struct fo_file));
}

struct fuse_conn *fuse_model_conn(struct fo_model *m)
{
	return &m->fc;
}

static struct fo_file *model_file(struct fo_model *m, int fid);

/* The fuse_file behind @fid, or NULL: for the scenario runner's reports. */
struct fuse_file *fuse_model_file(struct fo_model *m, int fid)
{
	struct fo_file *f = model_file(m, fid);

	return f ? &f->ff : NULL;
}

int fuse_model_set_knobs(struct fo_model *m, const struct fuse_knobs *k)
{
	if (!m || !k)
		return -EINVAL;
	if (__atomic_load_n(&m->started, __ATOMIC_ACQUIRE))
		return -EBUSY;
	m->fc.knobs = *k;
	return 0;
}

void fuse_model_set_tracer(struct fo_model *m, const struct fuse_tracer *t)
{
	m->fc.tracer = t;
}

void fuse_model_worker(struct fo_model *m)
{
	fuse_inval_files_worker(&m->fc);
}

/* In the order a report looked for them: inodes, the directory, files, conn locks. */
void fuse_model_wait_subject(struct fo_model *m, const void *var, struct fuse_wait_subject *out)
{
	const struct fuse_conn *fc = &m->fc;
	int nfiles = __atomic_load_n(&m->nfiles, __ATOMIC_ACQUIRE);

	*out = (struct fuse_wait_subject){ .kind = FUSE_WAIT_OTHER, .fid = -1 };
	for (int i = 0; i < fc->ninodes; i++) {
		const struct fuse_inode *fi = fc->inodes[i];

		out->nodeid = fi->nodeid;
		if (var == &fi->state)
			out->kind = FUSE_WAIT_INVAL_FILES;
		else if (var == &fi->lock)
			out->kind = FUSE_WAIT_INODE_LOCK;
		else if (var == &fi->i_rwsem)
			out->kind = FUSE_WAIT_INODE_RWSEM;
		if (out->kind != FUSE_WAIT_OTHER)
			return;
	}
	out->nodeid = 0;
	if (var == &fc->dir_rwsem) {
		out->kind = FUSE_WAIT_DIR_RWSEM;
		return;
	}
	for (int fid = 0; fid < nfiles; fid++) {
		const struct fuse_file *ff = fuse_model_file(m, fid);

		if (ff && var == &ff->req.answered)
			*out = (struct fuse_wait_subject){ .kind = FUSE_WAIT_ANSWER, .fid = fid,
							   .create = ff->create };
		else if (ff && var == &ff->lock)
			*out = (struct fuse_wait_subject){ .kind = FUSE_WAIT_FILE_LOCK, .fid = fid };
		if (out->kind != FUSE_WAIT_OTHER)
			return;
	}
	if (var == &fc->lock)
		out->kind = FUSE_WAIT_CONN_LOCK;
	else if (var == &fc->fpq_lock)
		out->kind = FUSE_WAIT_FPQ_LOCK;
}

int fuse_model_lock_holder(struct fo_model *m, const void *lock)
{
	int nfiles = __atomic_load_n(&m->nfiles, __ATOMIC_ACQUIRE);

	for (int fid = 0; fid < nfiles; fid++) {
		const struct fuse_file *ff = fuse_model_file(m, fid);

		if (ff && (ff->held[0] == lock || ff->held[1] == lock))
			return fid;
	}
	return -1;
}

static void worker_run(void *arg)
{
	struct fo_model *m = arg;

	fuse_inval_files_worker(&m->fc);
	complete_all(&m->worker_exited);
}

static void *worker_main(void *arg)
{
	worker_run(arg);
	return NULL;
}

int fo_model_create(const struct fo_model_opts *opts, fo_model **out)
{
	return fuse_model_create_in(opts, NULL, out);
}

int fuse_model_create_in(const struct fo_model_opts *opts, struct fuse_model_mem *mem,
			 fo_model **out)
{
	static const struct fo_model_opts defaults;
	struct fo_model *m;
	int err;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (mem)
		mem->used = 0; /* the model made in it before is gone */
	m = model_zalloc(mem, 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->mem = mem;
	err = fuse_knobs_for_variant(opts->variant ? opts->variant : "v2", &m->fc.knobs);
	if (err) {
		model_free(mem, m);
		return err;
	}
	m->fc.close_wait = opts->close_wait;
	m->fc.no_open = opts->no_open;
	m->fc.learns_no_open = opts->learns_no_open;
	m->fc.writeback_cache = opts->writeback_cache;
	spin_lock_init(&m->fc.fpq_lock);
	spin_lock_init(&m->fc.seq_lock);
	spin_lock_init(&m->fc.inode_hash_lock);
	spin_lock_init(&m->fc.dir_rwsem);
	m->fc.done_upto = ~(u64)0; /* no notification in progress */
	spin_lock_init(&m->fc.lock);
	INIT_LIST_HEAD(&m->fc.inval_files_list);
	fuse_dev_init(&m->fc, &m->fc.devices[0], 0);
	m->fc.ndevs = 1;
	pthread_mutex_init(&m->setup_lock, NULL);
	m->manual_worker = opts->manual_worker;
	init_completion(&m->worker_exited);
	/* created inside an explored execution: the worker is a model thread */
	if (!m->manual_worker && rt_current()->sched) {
		if (rt_spawn("worker", worker_run, m) < 0) {
			pthread_mutex_destroy(&m->setup_lock);
			model_free(mem, m);
			return -EAGAIN;
		}
		m->worker_started = true;
		m->worker_is_model_thread = true;
	} else if (!m->manual_worker) {
		if (pthread_create(&m->worker, NULL, worker_main, m)) {
			pthread_mutex_destroy(&m->setup_lock);
			model_free(mem, m);
			return -EAGAIN;
		}
		m->worker_started = true;
	}
	*out = m;
	return 0;
}

void fo_model_destroy(fo_model *m)
{
	struct work_struct *w;

	if (!m)
		return;
	w = &m->fc.inval_files_work;
	if (m->worker_started) {
		__atomic_store_n(&w->stop, true, __ATOMIC_SEQ_CST);
		rt_wake(&w->pending, WORK_PENDING);
		if (m->worker_is_model_thread)
			wait_for_completion(&m->worker_exited, false, "the worker to stop");
		else
			pthread_join(m->worker, NULL);
	}
	for (int i = 0; i < m->fc.ninodes; i++)
		model_free(m->mem, m->fc.inodes[i]);
	for (int i = 0; i < FILE_CHUNKS && m->chunks[i]; i++)
		model_free(m->mem, m->chunks[i]);
	pthread_mutex_destroy(&m->setup_lock);
	model_free(m->mem, m);
}

int fo_model_set_knob(fo_model *m, const char *knob, const char *value)
{
	struct fuse_knobs k;
	int err;

	if (!m || !knob || !value)
		return -EINVAL;
	if (__atomic_load_n(&m->started, __ATOMIC_ACQUIRE))
		return -EBUSY;
	k = m->fc.knobs;
	err = fuse_knob_set(&k, knob, value);
	if (!err)
		m->fc.knobs = k;
	return err;
}

int fo_model_knobs(const fo_model *m, char *buf, size_t len)
{
	if (!m)
		return -EINVAL;
	return fuse_knobs_format(&m->fc.knobs, buf, len);
}

int fo_model_dev_clone(fo_model *m)
{
	int id;

	if (!m)
		return -EINVAL;
	pthread_mutex_lock(&m->setup_lock);
	id = m->fc.ndevs;
	if (id >= FUSE_MAX_DEVS) {
		pthread_mutex_unlock(&m->setup_lock);
		return -ENOSPC;
	}
	fuse_dev_init(&m->fc, &m->fc.devices[id], id);
	__atomic_store_n(&m->fc.ndevs, id + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&m->setup_lock);
	return id;
}

static int model_inode_add(fo_model *m, uint64_t nodeid, bool absent)
{
	struct fuse_inode *fi;
	int err = 0;

	if (!m || !nodeid)
		return -EINVAL;
	pthread_mutex_lock(&m->setup_lock);
	if (fuse_inode_find(&m->fc, nodeid)) {
		err = -EEXIST;
		goto out_unlock;
	}
	if (m->fc.ninodes >= FUSE_MAX_INODES) {
		err = -ENOSPC;
		goto out_unlock;
	}
	fi = model_zalloc(m->mem, 1, sizeof(*fi));
	if (!fi) {
		err = -ENOMEM;
		goto out_unlock;
	}
	fuse_init_inode(fi, nodeid);
	fi->created = absent;
	m->fc.inodes[m->fc.ninodes] = fi;
	__atomic_store_n(&m->fc.ninodes, m->fc.ninodes + 1, __ATOMIC_RELEASE);
out_unlock:
	pthread_mutex_unlock(&m->setup_lock);
	return err;
}

int fo_model_inode_add(fo_model *m, uint64_t nodeid)
{
	return model_inode_add(m, nodeid, false);
}

int fo_model_inode_add_absent(fo_model *m, uint64_t nodeid)
{
	return model_inode_add(m, nodeid, true);
}

/* ---- lookups ---- */

static void model_start(struct fo_model *m)
{
	if (!__atomic_load_n(&m->started, __ATOMIC_RELAXED))
		__atomic_store_n(&m->started, 1, __ATOMIC_RELEASE);
}

static struct fuse_dev *model_dev(struct fo_model *m, int dev)
{
	if (dev < 0 || dev >= __atomic_load_n(&m->fc.ndevs, __ATOMIC_ACQUIRE))
		return NULL;
	return &m->fc.devices[dev];
}

static struct fo_file *model_file(struct fo_model *m, int fid)
{
	if (fid < 0 || fid >= __atomic_load_n(&m->nfiles, __ATOMIC_ACQUIRE))
		return NULL;
	return &m->chunks[fid / FILE_CHUNK][fid % FILE_CHUNK];
}

static int file_state(const struct fo_file *f)
{
	return __atomic_load_n(&f->state, __ATOMIC_ACQUIRE);
}

static bool file_state_move(struct fo_file *f, int from, int to)
{
	return __atomic_compare_exchange_n(&f->state, &from, to, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

static int model_file_alloc(struct fo_model *m, struct fuse_inode *fi, unsigned fmode,
			    struct fo_file **out)
{
	struct fo_file *f;
	int fid;

	pthread_mutex_lock(&m->setup_lock);
	fid = m->nfiles;
	if (fid >= FILE_CHUNK * FILE_CHUNKS) {
		pthread_mutex_unlock(&m->setup_lock);
		return -ENOSPC;
	}
	if (!m->chunks[fid / FILE_CHUNK]) {
		m->chunks[fid / FILE_CHUNK] = model_zalloc(m->mem, FILE_CHUNK, sizeof(struct fo_file));
		if (!m->chunks[fid / FILE_CHUNK]) {
			pthread_mutex_unlock(&m->setup_lock);
			return -ENOMEM;
		}
	}
	f = &m->chunks[fid / FILE_CHUNK][fid % FILE_CHUNK];
	fuse_file_alloc(&m->fc, fi, &f->ff, fid, fmode);
	f->state = FILE_OPENING;
	f->open_error = 0;
	__atomic_store_n(&m->nfiles, fid + 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&m->setup_lock);
	*out = f;
	return fid;
}

/* ---- the client side ---- */

static int model_open_begin(fo_model *m, uint64_t nodeid, unsigned fmode, int *fid,
			    bool create)
{
	struct fuse_inode *fi;
	struct fo_file *f;
	int err;

	if (fid)
		*fid = -1;
	if (!m || !fid || !(fmode & (FO_FMODE_READ | FO_FMODE_WRITE)) ||
	    (fmode & ~(FO_FMODE_READ | FO_FMODE_WRITE | FO_FMODE_TRUNC)) ||
	    (create && (fmode & FO_FMODE_TRUNC)))
		return -EINVAL;
	/* FUSE_CREATE makes the node; an open needs it in the inode cache */
	fi = create ? fuse_inode_find(&m->fc, nodeid) : fuse_ilookup(&m->fc, nodeid);
	if (!fi)
		return -ENOENT;
	model_start(m);
	err = model_file_alloc(m, fi, fmode, &f);
	if (err < 0)
		return err;
	if (create)
		err = fuse_ops(&m->fc)->create_open_send(&f->ff);
	else
		err = fuse_ops(&m->fc)->open_send(&f->ff);
	if (err) {
		f->open_error = err;
		__atomic_store_n(&f->state, FILE_FAILED, __ATOMIC_RELEASE);
		fuse_open_return(&f->ff, err);
		return err;
	}
	*fid = f->ff.fid;
	return 0;
}

int fo_model_open_begin(fo_model *m, uint64_t nodeid, unsigned fmode, int *fid)
{
	return model_open_begin(m, nodeid, fmode, fid, false);
}

int fo_model_create_begin(fo_model *m, uint64_t nodeid, unsigned fmode, int *fid)
{
	return model_open_begin(m, nodeid, fmode, fid, true);
}

int fo_model_open_end(fo_model *m, int fid)
{
	struct fo_file *f;
	int err;

	if (!m)
		return -EINVAL;
	f = model_file(m, fid);
	if (!f || !file_state_move(f, FILE_OPENING, FILE_COMPLETING))
		return -EBADF;
	err = f->ff.create ? fuse_create_open_complete(&f->ff) : fuse_open_complete(&f->ff);
	f->open_error = err;
	__atomic_store_n(&f->state, err ? FILE_FAILED : FILE_OPEN, __ATOMIC_RELEASE);
	return err;
}

int fo_model_open(fo_model *m, uint64_t nodeid, unsigned fmode, int *fid)
{
	int err = fo_model_open_begin(m, nodeid, fmode, fid);

	if (err)
		return err;
	err = fo_model_open_end(m, *fid);
	if (err)
		*fid = -1;
	return err;
}

int fo_model_io(fo_model *m, int fid)
{
	struct fo_file *f;

	if (!m)
		return -EINVAL;
	f = model_file(m, fid);
	if (!f || file_state(f) != FILE_OPEN)
		return -EBADF;
	return fuse_file_io(&f->ff);
}

int fo_model_release(fo_model *m, int fid)
{
	struct fo_file *f;

	if (!m)
		return -EINVAL;
	f = model_file(m, fid);
	if (!f || !file_state_move(f, FILE_OPEN, FILE_RELEASED))
		return -EBADF;
	/* whichever step of the release is its last carries what RELEASE is ordered by */
	fuse_event_hold(&m->fc, &(const struct fuse_event){ .kind = FUSE_EV_RELEASE,
							    .ff = &f->ff, .fi = f->ff.fi });
	fuse_ops(f->ff.fc)->release(&f->ff);
	FUSE_TRACE(&m->fc, FUSE_EV_RELEASE, .ff = &f->ff, .fi = f->ff.fi);
	rt_unhold();
	return 0;
}

int fo_model_fiemap(fo_model *m, uint64_t nodeid)
{
	struct fuse_inode *fi;
	int err;

	if (!m)
		return -EINVAL;
	fi = fuse_ilookup(&m->fc, nodeid);
	if (!fi)
		return -ENOENT;
	model_start(m);
	err = fuse_fiemap_find_file(&m->fc, fi) ? 0 : -ENODATA;
	FUSE_TRACE(&m->fc, FUSE_EV_FIEMAP, .fi = fi, .err = err);
	return err;
}

/* ---- the daemon side ---- */

int fo_model_wait_request(fo_model *m, int fid)
{
	struct fo_file *f;

	if (!m)
		return -EINVAL;
	f = model_file(m, fid);
	if (!f)
		return -EBADF;
	return fuse_wait_request(&f->ff);
}

int fo_model_read(fo_model *m, int dev, int fid)
{
	struct fuse_dev *fud;
	struct fo_file *f;

	if (!m)
		return -EINVAL;
	fud = model_dev(m, dev);
	if (!fud)
		return -ENODEV;
	f = model_file(m, fid);
	if (!f)
		return -ENOENT;
	model_start(m);
	return fuse_dev_do_read(fud, &f->ff);
}

static int model_write(fo_model *m, int dev, const struct fuse_out_msg *msg)
{
	struct fuse_dev *fud;

	if (!m)
		return -EINVAL;
	fud = model_dev(m, dev);
	if (!fud)
		return -ENODEV;
	model_start(m);
	return fuse_dev_do_write(fud, msg);
}

int fo_model_reply(fo_model *m, int dev, int fid)
{
	return fo_model_reply_error(m, dev, fid, 0);
}

int fo_model_reply_error(fo_model *m, int dev, int fid, int error)
{
	struct fo_file *f = m ? model_file(m, fid) : NULL;
	struct fuse_out_msg msg = { .kind = FUSE_MSG_REPLY, .ff = f ? &f->ff : NULL,
				    .error = error };

	if (!m || error > 0 || error < -4095)
		return -EINVAL;
	if (error == -ENOSYS) {
		/* fc->no_open would change under opens that read it as no step */
		if (!m->fc.learns_no_open)
			return -EINVAL;
		/* fc->no_create and the mknod + open fallback are not modelled */
		if (f && f->ff.create)
			return -EOPNOTSUPP;
	}
	return model_write(m, dev, &msg);
}

int fo_model_notify_inval_files(fo_model *m, int dev, uint64_t nodeid)
{
	struct fuse_out_msg msg = { .kind = FUSE_MSG_NOTIFY_INVAL_FILES, .nodeid = nodeid };

	return model_write(m, dev, &msg);
}

int fo_model_write(fo_model *m, int dev)
{
	struct fuse_out_msg msg = { .kind = FUSE_MSG_OTHER };

	return model_write(m, dev, &msg);
}

/* ---- the worker ---- */

int fo_model_run_worker(fo_model *m)
{
	struct work_struct *w;

	if (!m || !m->manual_worker)
		return -EINVAL;
	w = &m->fc.inval_files_work;
	if (!test_and_clear_bit(WORK_PENDING, &w->pending))
		return 0;
	return fuse_ops(&m->fc)->inval_files_work(&m->fc);
}

static bool work_idle(const struct rt_wait *wt)
{
	const struct work_struct *w = wt->arg;

	return !(__atomic_load_n(&w->pending, __ATOMIC_ACQUIRE) & (1UL << WORK_PENDING)) &&
	       !__atomic_load_n(&w->running, __ATOMIC_ACQUIRE);
}

int fo_model_flush_work(fo_model *m)
{
	struct rt_wait wt;

	if (!m)
		return -EINVAL;
	if (m->manual_worker) {
		while (fo_model_run_worker(m) > 0)
			;
		return 0;
	}
	wt = (struct rt_wait){ .var = &m->fc.inval_files_work.running, .bit = -1,
			       .cond = work_idle, .arg = &m->fc.inval_files_work,
			       .what = "invalidation work to finish" };
	return rt_wait_event(&wt);
}

/* ---- inspection ---- */

int fo_model_inode_info(fo_model *m, uint64_t nodeid, struct fo_inode_info *info)
{
	struct fuse_inode *fi;

	if (!m || !info)
		return -EINVAL;
	fi = fuse_inode_find(&m->fc, nodeid);
	if (!fi)
		return -ENOENT;
	spin_lock(&fi->lock);
	info->inval_files = __atomic_load_n(&fi->state, __ATOMIC_RELAXED) &
			    (1UL << FUSE_I_INVAL_FILES);
	info->i_size_unstable = __atomic_load_n(&fi->i_size_unstable, __ATOMIC_RELAXED);
	info->inval_files_seq = __atomic_load_n(&fi->inval_files_seq, __ATOMIC_RELAXED);
	info->rw_files = list_count(&fi->rw_files);
	spin_unlock(&fi->lock);
	return 0;
}

int fo_model_file_info(fo_model *m, int fid, struct fo_file_info *info)
{
	struct fo_file *f;
	int state;

	if (!m || !info)
		return -EINVAL;
	f = model_file(m, fid);
	if (!f)
		return -EBADF;
	state = file_state(f);
	info->state = state == FILE_COMPLETING ? FO_FILE_OPENING : (enum fo_file_state)state;
	info->nodeid = f->ff.fi->nodeid;
	info->fail_immediately = __atomic_load_n(&f->ff.ff_state, __ATOMIC_RELAXED) &
				 (1UL << FUSE_S_FAIL_IMMEDIATELY);
	spin_lock(&f->ff.fi->lock);
	info->linked = !list_empty(&f->ff.rw_entry);
	spin_unlock(&f->ff.fi->lock);
	info->open_seq = __atomic_load_n(&f->ff.open_seq, __ATOMIC_RELAXED);
	info->open_error = state == FILE_OPEN || state == FILE_FAILED || state == FILE_RELEASED
				   ? f->open_error
				   : 0;
	return 0;
}

int fo_model_dev_write_seq(fo_model *m, int dev, uint64_t *seq)
{
	struct fuse_dev *fud;

	if (!m || !seq)
		return -EINVAL;
	fud = model_dev(m, dev);
	if (!fud)
		return -ENODEV;
	*seq = __atomic_load_n(&fud->write_seq, __ATOMIC_RELAXED);
	return 0;
}

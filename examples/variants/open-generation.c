/* SPDX-License-Identifier: MIT */
/*
 * open-generation.c - a per-inode invalidation generation instead of the
 * daemon's write numbers: a mechanism no knob expresses.
 *
 * v2 compares the number of the open's reply with the number of the last
 * notification, and the two numbers come from counters that need not be
 * comparable (one per device, review concern 2; a plain ++, concern 3; no
 * reply at all on a no_open mount, concern 4). Here nothing the daemon
 * writes is numbered:
 *
 *  - fuse_invalidate_files() counts: fi->inval_files_seq becomes a
 *    generation, bumped under fi->lock by every notification;
 *  - fuse_open() (and fuse_create_open()) reads the generation before its
 *    request is queued and keeps it in ff->open_seq;
 *  - fuse_finish_open() links on every mount and flags the file if the
 *    generation moved since the open began (v2's own test, open_seq <
 *    inval_files_seq, now means exactly that), then waits for the worker.
 *
 * A notification the daemon sends before its reply is applied either
 * before the open read the generation (then the open waits for the
 * worker in fuse_open()) or after it (then the generation moved, and the
 * open is flagged, or it was linked and the FAIL loop flags it). The price:
 * a notification applied between the open's start and its link fails an
 * open whose reply came after it (a spurious fail, the client reopens).
 *
 *	fuseord demo --variant-file examples/variants/open-generation.c --variant v2,fixed,opengen
 */
#include <fuseord/fuse_variant.h>

/* The generation before FUSE_OPEN is queued. */
static void gen_open_start(struct fuse_file *ff)
{
	fuse_set_open_seq(ff, READ_ONCE(ff->fi->inval_files_seq));
}

static int gen_open_send(struct fuse_file *ff)
{
	gen_open_start(ff);
	return fuse_open_send(ff);
}

static int gen_create_open_send(struct fuse_file *ff)
{
	gen_open_start(ff);
	return fuse_create_open_send(ff);
}

/* The reply carries no number worth keeping. */
static void gen_open_reply(struct fuse_file *ff)
{
	(void)ff;
}

static int gen_invalidate_files(struct fuse_dev *fud, u64 nodeid, u64 seq)
{
	struct fuse_inode *fi = fuse_ilookup(fud->fc, nodeid);

	(void)seq; /* the write's number: not this variant's business */
	if (!fi)
		return -ENOENT;
	spin_lock(&fi->lock);
	fuse_set_inval_files_seq(fud, fi, READ_ONCE(fi->inval_files_seq) + 1);
	fuse_fail_rw_files(fi);
	return fuse_inval_files_mark(fud, fi);
}

static int gen_finish_open(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;

	if ((ff->fmode & FMODE_WRITE) && fc->writeback_cache)
		fuse_link_write_file(ff);
	/* v2's link: flags the file if open_seq < inval_files_seq */
	fc->knobs.ops->link_rw_file(ff);
	if (!test_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state))
		return fuse_wait_on_inval_files(ff->fi);
	return 0;
}

static const struct fuse_variant_def open_generation = {
	FUSE_VARIANT_DEF_INIT,
	.name = "opengen",
	.base = "v2",
	.summary = "a per-inode invalidation generation read when the open starts, checked "
		   "at the link on every mount; no write numbers",
	.ops = {
		.open_send = gen_open_send,
		.create_open_send = gen_create_open_send,
		.open_reply = gen_open_reply,
		.invalidate_files = gen_invalidate_files,
		.finish_open = gen_finish_open,
	},
};

FUSE_VARIANTS(&open_generation);

/* SPDX-License-Identifier: MIT */
/*
 * v2-restated.c - patch v2 written again as a variant file: the link, the
 * open's sequence number, the notification and fuse_finish_open() in the
 * kernel dialect of fuseord/fuse_variant.h. tests/check_variant_files.sh
 * checks that it gives what the built-in v2 gives, token for token, on
 * every shipped scenario: the dialect's steps are the built-in code's.
 */
#include <fuseord/fuse_variant.h>

static void r_link_rw_file(struct fuse_file *ff)
{
	struct fuse_inode *fi = ff->fi;

	spin_lock(&fi->lock);
	fuse_link_rw_entry(ff);
	/* if this open reply was received before the last FUSE_NOTIFY_INVAL_FILES */
	if (fuse_seq_check(ff))
		fuse_flag_file(ff);
	spin_unlock(&fi->lock);
}

static void r_open_reply(struct fuse_file *ff)
{
	fuse_set_open_seq(ff, READ_ONCE(ff->req.args.reply_seq));
}

static int r_invalidate_files(struct fuse_dev *fud, u64 nodeid, u64 seq)
{
	struct fuse_conn *fc = fud->fc;
	struct fuse_inode *fi = fuse_ilookup(fc, nodeid);

	if (!fi)
		return -ENOENT;
	spin_lock(&fi->lock);
	/* save this notification's write_seq, fail every linked file, before the early return */
	fuse_set_inval_files_seq(fud, fi, fuse_write_seq_read(fud, seq));
	fuse_fail_rw_files(fi);
	return fuse_inval_files_mark(fud, fi);
}

static int r_finish_open(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;

	if ((ff->fmode & FMODE_WRITE) && fc->writeback_cache)
		fuse_link_write_file(ff);
	if (fc->close_wait)
		fc->knobs.ops->link_rw_file(ff);
	if (fc->close_wait && !test_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state))
		return fuse_wait_on_inval_files(ff->fi);
	return 0;
}

static const struct fuse_variant_def v2_restated = {
	FUSE_VARIANT_DEF_INIT,
	.name = "v2-restated",
	.base = "v2",
	.summary = "patch v2, written again as a variant file",
	.ops = {
		.invalidate_files = r_invalidate_files,
		.open_reply = r_open_reply,
		.finish_open = r_finish_open,
		.link_rw_file = r_link_rw_file,
	},
};

FUSE_VARIANTS(&v2_restated);

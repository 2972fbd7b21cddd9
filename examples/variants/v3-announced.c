/* SPDX-License-Identifier: MIT */
/*
 * v3-announced.c - patch v2 with fuse_link_rw_file() called on every
 * mount, as its author announced for v3: v2 links an open file on
 * fi->rw_files, and checks it against inval_files_seq, only on close_wait
 * mounts (review concern 1), so elsewhere the FAIL loop and FIEMAP never
 * see it. Everything else is v2's, knobs included: this is `--variant v2
 * --set link=always` written as code.
 *
 *	fuseord demo --variant-file examples/variants/v3-announced.c --variant v2,v3-announced
 */
#include <fuseord/fuse_variant.h>

/* fuse_finish_open() of v2, the close_wait test around the link dropped. */
static int v3_finish_open(struct fuse_file *ff)
{
	struct fuse_conn *fc = ff->fc;

	if ((ff->fmode & FMODE_WRITE) && fc->writeback_cache)
		fuse_link_write_file(ff);

	fc->knobs.ops->link_rw_file(ff);

	/* v2: wait for the worker before returning, on close_wait mounts */
	if (fuse_has_seq(fc) && (fc->close_wait || fc->knobs.inval_wait == INVAL_WAIT_ALWAYS) &&
	    !test_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state))
		return fuse_wait_on_inval_files(ff->fi);
	return 0;
}

static const struct fuse_variant_def v3_announced = {
	FUSE_VARIANT_DEF_INIT,
	.name = "v3-announced",
	.base = "v2",
	.summary = "v2 with fuse_link_rw_file() on every mount, as announced for v3",
	.ops = { .finish_open = v3_finish_open },
};

FUSE_VARIANTS(&v3_announced);

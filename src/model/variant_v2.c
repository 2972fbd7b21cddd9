/* SPDX-License-Identifier: MIT */
/*
 * variant_v2.c - "v2": the patch as posted. A per-device write_seq bumped
 * with a plain ++ at the entry of fuse_dev_do_write() and re-read by the
 * later steps; the FAIL loop before the early return, seq-blind; the link
 * and its seq test, and the wait for the worker, only on close_wait mounts.
 */
#include "model/fuse_i.h"

const struct fuse_variant fuse_variant_v2 = {
	.name = "v2",
	.summary = "patch v2 as posted: per-device write_seq, linking and waiting under close_wait",
	.knobs = { .seq_scope = SEQ_SCOPE_DEV, .seq_inc = SEQ_INC_PLAIN,
		   .seq_read = SEQ_READ_REREAD, .link = LINK_CLOSE_WAIT,
		   .fail_loop = FAIL_LOOP_BLIND, .no_open_seq = NO_OPEN_SEQ_ZERO, .seq_bits = 64,
		   .inval_seq = INVAL_SEQ_LAST, .watermark = WATERMARK_NONE,
		   .ops = &fuse_kernel_ops },
};

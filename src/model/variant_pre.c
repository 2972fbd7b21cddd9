/* SPDX-License-Identifier: MIT */
/*
 * variant_pre.c - "pre": the kernel before the patch. No sequence numbers
 * (seq_scope=none): fuse_link_rw_file() flags an open that finds
 * FUSE_I_INVAL_FILES set, and fuse_invalidate_files() runs its FAIL loop
 * after the early return, so a merged notification fails nobody.
 */
#include "model/fuse_i.h"

const struct fuse_variant fuse_variant_pre = {
	.name = "pre",
	.summary = "the kernel before the patch: FUSE_I_INVAL_FILES only, no sequence numbers",
	.knobs = { .seq_scope = SEQ_SCOPE_NONE, .seq_inc = SEQ_INC_PLAIN,
		   .seq_read = SEQ_READ_REREAD, .link = LINK_ALWAYS,
		   .fail_loop = FAIL_LOOP_BLIND, .no_open_seq = NO_OPEN_SEQ_ZERO, .seq_bits = 64,
		   .inval_seq = INVAL_SEQ_LAST, .watermark = WATERMARK_NONE,
		   .ops = &fuse_kernel_ops },
};

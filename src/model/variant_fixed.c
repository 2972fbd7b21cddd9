/* SPDX-License-Identifier: MIT */
/*
 * variant_fixed.c - "fixed": this project's proposal, not a posted patch.
 * One connection-wide number taken atomically at the write's entry and
 * used by every later step; the open waits until every earlier write is
 * applied (the watermark, dev.c and file.c); a seq-aware FAIL loop; the
 * largest number kept on the inode; a no_open file numbered at its start;
 * linking and waiting on every mount.
 */
#include "model/fuse_i.h"

const struct fuse_variant fuse_variant_fixed = {
	.name = "fixed",
	.summary = "this project's proposal (not a posted patch): one connection-wide number taken "
		   "at entry, the open waits until every earlier write is applied, a seq-aware FAIL "
		   "loop, linking and waiting always",
	.knobs = { .seq_scope = SEQ_SCOPE_CONN, .seq_inc = SEQ_INC_ATOMIC,
		   .seq_read = SEQ_READ_CAPTURED, .link = LINK_ALWAYS,
		   .fail_loop = FAIL_LOOP_SEQ, .no_open_seq = NO_OPEN_SEQ_FRESH, .seq_bits = 64,
		   .inval_seq = INVAL_SEQ_MAX, .watermark = WATERMARK_WAIT,
		   .inval_wait = INVAL_WAIT_ALWAYS,
		   .absent_inval = ABSENT_INVAL_RECORD, .ops = &fuse_kernel_ops },
};

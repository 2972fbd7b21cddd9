/* SPDX-License-Identifier: MIT */
/*
 * variant_kernel.c - the ops table of the kernel functions of this
 * directory. They are knob-aware: each reads the knobs of the conn it runs
 * on, so one table serves every knob row, the built-in variants' and every
 * --set or define on top of them. A variant loaded from a C file starts
 * from its base's table and replaces some entries (variant_load.c).
 */
#include "model/fuse_i.h"

const struct fuse_variant_ops fuse_kernel_ops = {
	.write_seq_inc = fuse_write_seq_inc,
	.invalidate_files = fuse_invalidate_files,
	.inval_files_work = fuse_inval_files_work,
	.open_send = fuse_open_send,
	.create_open_send = fuse_create_open_send,
	.open_reply = fuse_open_reply,
	.finish_open = fuse_finish_open,
	.link_rw_file = fuse_link_rw_file,
	.release = fuse_release,
};

/* SPDX-License-Identifier: MIT */
/*
 * crash.c - v2 whose fuse_link_rw_file() faults when it has flagged the
 * file stale: only the schedules that flag it reach the fault, so the crash
 * report must name one of them (tests/check_variant_files.sh).
 */
#include <fuseord/fuse_variant.h>

static void crash_link_rw_file(struct fuse_file *ff)
{
	fuse_link_rw_file(ff);
	if (test_bit(FUSE_S_FAIL_IMMEDIATELY, &ff->ff_state))
		*(volatile int *)NULL = 1;
}

static const struct fuse_variant_def crash = {
	FUSE_VARIANT_DEF_INIT,
	.name = "crash",
	.base = "v2",
	.summary = "v2 that faults on a file its link flags",
	.ops = { .link_rw_file = crash_link_rw_file },
};

FUSE_VARIANTS(&crash);

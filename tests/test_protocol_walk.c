/* SPDX-License-Identifier: MIT */
/*
 * test_protocol_walk.c - docs/protocol.md §1's two cases, walked one step at a
 * time on the pre-patch kernel and on patch v2, with the worker run by hand
 * so every step is placed exactly.
 *
 *   reply, then notification: the open is stale and must end up flagged;
 *   notification, then reply: the open is valid, must not be flagged, and
 *   must wait for the worker before it returns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model_helpers.h"

/* Reply R, notification N, worker done, and only then the opener links. */
static int walk_reply_then_notify(const char *variant, fo_model **mp)
{
	fo_model *m = walk_model(variant, true);
	int fid;

	assert_non_null(m);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_notify_inval_files(m, 0, INO), 0);
	assert_int_equal(fo_model_run_worker(m), 1);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	*mp = m;
	return fid;
}

static void test_reply_before_notify_flags_file_v2(void **state)
{
	fo_model *m;
	int fid = walk_reply_then_notify("v2", &m);
	struct fo_file_info fi;

	assert_int_equal(fo_model_file_info(m, fid, &fi), 0);
	assert_true(fi.fail_immediately);
	assert_int_equal(fi.open_seq, 1); /* the reply was write 1 on d0 ... */
	struct fo_inode_info ii;
	assert_int_equal(fo_model_inode_info(m, INO, &ii), 0);
	assert_int_equal(ii.inval_files_seq, 2); /* ... the notification write 2 */
	assert_false(ii.inval_files);
	assert_int_equal(fo_model_io(m, fid), -EIO);
	assert_int_equal(fo_model_release(m, fid), 0);
	assert_int_equal(rw_files(m, INO), 0);
	fo_model_destroy(m);
}

/* The original bug: the worker finished before the link, so nothing flags. */
static void test_reply_before_notify_missed_when_worker_first_pre(void **state)
{
	fo_model *m;
	int fid = walk_reply_then_notify("pre", &m);

	assert_false(file_flagged(m, fid));
	assert_int_equal(fo_model_io(m, fid), 0); /* a stale open that works: the bug */
	assert_int_equal(fo_model_release(m, fid), 0);
	fo_model_destroy(m);
}

/* On pre, the same order with the link before the worker does flag it. */
static void test_reply_before_notify_flags_when_worker_late_pre(void **state)
{
	fo_model *m = walk_model("pre", true);
	int fid;

	assert_non_null(m);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_notify_inval_files(m, 0, INO), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0); /* pre never waits */
	assert_true(file_flagged(m, fid));
	assert_int_equal(fo_model_run_worker(m), 1);
	assert_int_equal(fo_model_io(m, fid), -EIO);
	fo_model_destroy(m);
}

/* OPEN sent, notification N, then the reply; the open then finishes. */
static fo_model *walk_notify_then_reply(const char *variant, int *fid)
{
	fo_model *m = walk_model(variant, true);

	assert_non_null(m);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, fid), 0);
	assert_int_equal(fo_model_notify_inval_files(m, 0, INO), 0);
	assert_int_equal(fo_model_reply(m, 0, *fid), 0);
	return m;
}

static void test_notify_before_reply_waits_for_worker_v2(void **state)
{
	struct opener o;
	struct fo_inode_info ii;
	int fid;
	fo_model *m = walk_notify_then_reply("v2", &fid);

	assert_int_equal(opener_start(&o, m, fid), 0);
	/* the bit is set and the worker has not run: the open must be asleep */
	assert_int_equal(opener_settle(&o), 1);
	assert_int_equal(fo_model_inode_info(m, INO, &ii), 0);
	assert_true(ii.inval_files);
	assert_int_equal(ii.rw_files, 1); /* linked before it waits */
	assert_int_equal(fo_model_run_worker(m), 1);
	assert_int_equal(opener_join(&o), 0);
	assert_false(file_flagged(m, fid));
	assert_int_equal(fo_model_io(m, fid), 0);
	assert_int_equal(fo_model_release(m, fid), 0);
	assert_int_equal(rw_files(m, INO), 0);
	fo_model_destroy(m);
}

/* pre flags a valid open because the bit is set when it links. */
static void test_notify_before_reply_flags_valid_open_pre(void **state)
{
	int fid;
	fo_model *m = walk_notify_then_reply("pre", &fid);

	assert_int_equal(fo_model_open_end(m, fid), 0); /* returns without waiting */
	assert_true(file_flagged(m, fid));
	assert_int_equal(fo_model_io(m, fid), -EIO); /* an unneeded reopen */
	assert_int_equal(fo_model_run_worker(m), 1);
	fo_model_destroy(m);
}

/* Killed while waiting in fuse_finish_open(): -EINTR, and nothing left linked. */
static void test_killed_opener_unlinks_its_file_v2(void **state)
{
	struct opener o;
	struct fo_file_info fi;
	int fid;
	fo_model *m = walk_notify_then_reply("v2", &fid);

	assert_int_equal(opener_start(&o, m, fid), 0);
	assert_int_equal(opener_settle(&o), 1);
	assert_int_equal(fo_task_kill(atomic_load(&o.task)), 0);
	assert_int_equal(opener_join(&o), -EINTR);
	assert_int_equal(fo_model_file_info(m, fid, &fi), 0);
	assert_int_equal(fi.state, FO_FILE_FAILED);
	assert_int_equal(fi.open_error, -EINTR);
	assert_false(fi.linked);
	assert_int_equal(rw_files(m, INO), 0);
	assert_int_equal(fo_model_release(m, fid), -EBADF); /* the VFS never releases it */
	assert_int_equal(fo_model_run_worker(m), 1);
	fo_model_destroy(m);
}

/*
 * A second notification while the first is in progress merges into it, yet
 * on v2 it still records its write_seq, so an open whose reply came between
 * the two is flagged without waiting for the worker.
 */
static void test_merged_notify_still_flags_stale_open_v2(void **state)
{
	fo_model *m = walk_model("v2", true);
	struct fo_inode_info ii;
	int f, g;

	assert_non_null(m);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &f), 0);
	assert_int_equal(fo_model_reply(m, 0, f), 0);                 /* write 1 */
	assert_int_equal(fo_model_open_end(m, f), 0);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &g), 0);
	assert_int_equal(fo_model_notify_inval_files(m, 0, INO), 0);  /* write 2: sets the bit */
	assert_true(file_flagged(m, f));                               /* linked: flagged by the loop */
	assert_int_equal(fo_model_reply(m, 0, g), 0);                 /* write 3 */
	assert_int_equal(fo_model_notify_inval_files(m, 0, INO), 0);  /* write 4: merged */
	assert_int_equal(fo_model_inode_info(m, INO, &ii), 0);
	assert_true(ii.inval_files);
	assert_int_equal(ii.inval_files_seq, 4);
	assert_int_equal(fo_model_open_end(m, g), 0);                 /* flagged: no wait */
	assert_true(file_flagged(m, g));
	assert_int_equal(fo_model_run_worker(m), 1);
	fo_model_destroy(m);
}

/* Concern 1: v2 links only under close_wait, so FIEMAP finds no file. */
static void test_fiemap_finds_no_file_without_close_wait_v2(void **state)
{
	const char *variants[] = { "pre", "v2" };

	for (int i = 0; i < 2; i++) {
		fo_model *m = walk_model(variants[i], false);
		int fid;

		assert_non_null(m);
		assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
		assert_int_equal(fo_model_reply(m, 0, fid), 0);
		assert_int_equal(fo_model_open_end(m, fid), 0);
		assert_int_equal(fo_model_fiemap(m, INO), i == 0 ? 0 : -ENODATA);
		fo_model_destroy(m);
	}
	/* link=always, the review's suggestion, puts the file back */
	fo_model *m = walk_model("v2", false);
	int fid;

	assert_non_null(m);
	assert_int_equal(fo_model_set_knob(m, "link", "always"), 0);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	assert_int_equal(fo_model_fiemap(m, INO), 0);
	fo_model_destroy(m);
}

/* Concern 2: the reply's number on clone d1 is compared with d0's. */
static void test_clone_counters_are_incomparable_v2(void **state)
{
	fo_model *m = walk_model("v2", true);
	int d1, fid;

	assert_non_null(m);
	d1 = fo_model_dev_clone(m);
	assert_int_equal(d1, 1);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fo_model_write(m, d1), 0);
	assert_int_equal(fo_model_reply(m, d1, fid), 0);             /* d1 seq 4 */
	assert_int_equal(fo_model_notify_inval_files(m, 0, INO), 0); /* d0 seq 1, sent later */
	assert_int_equal(fo_model_run_worker(m), 1);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	/* stale by send order, yet 4 < 1 is false: a stale open survives */
	assert_false(file_flagged(m, fid));
	assert_int_equal(fo_model_io(m, fid), 0);
	fo_model_destroy(m);
}

/* Concern 4: a no_open file keeps open_seq 0 and every later open is flagged. */
static void test_no_open_zero_seq_flags_new_opens_v2(void **state)
{
	const char *vals[] = { "zero", "fresh" };

	for (int i = 0; i < 2; i++) {
		struct fo_model_opts o = { .variant = "v2", .close_wait = true, .no_open = true,
					   .manual_worker = true };
		fo_model *m;
		int fid;

		assert_int_equal(fo_model_create(&o, &m), 0);
		assert_int_equal(fo_model_inode_add(m, INO), 0);
		assert_int_equal(fo_model_set_knob(m, "no_open_seq", vals[i]), 0);
		assert_int_equal(fo_model_notify_inval_files(m, 0, INO), 0);
		assert_int_equal(fo_model_run_worker(m), 1);
		assert_int_equal(fo_model_open(m, INO, FO_FMODE_READ, &fid), 0);
		/* opened after the invalidation finished: valid, yet zero flags it */
		assert_int_equal(file_flagged(m, fid), i == 0);
		fo_model_destroy(m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_before_notify_flags_file_v2),
		cmocka_unit_test(test_reply_before_notify_missed_when_worker_first_pre),
		cmocka_unit_test(test_reply_before_notify_flags_when_worker_late_pre),
		cmocka_unit_test(test_notify_before_reply_waits_for_worker_v2),
		cmocka_unit_test(test_notify_before_reply_flags_valid_open_pre),
		cmocka_unit_test(test_killed_opener_unlinks_its_file_v2),
		cmocka_unit_test(test_merged_notify_still_flags_stale_open_v2),
		cmocka_unit_test(test_fiemap_finds_no_file_without_close_wait_v2),
		cmocka_unit_test(test_clone_counters_are_incomparable_v2),
		cmocka_unit_test(test_no_open_zero_seq_flags_new_opens_v2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

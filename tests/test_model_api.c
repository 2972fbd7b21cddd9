/* SPDX-License-Identifier: MIT */
/*
 * test_model_api.c - the public model and variant API under misuse: NULL
 * handles, unknown inodes, devices and files, double release, a reply with no
 * pending request, knobs that do not exist or come too late. Each must return
 * its documented negative errno and leave the model usable.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/fuse_i.h"
#include "model_helpers.h"

static void test_null_handles_return_einval(void **state)
{
	struct fo_inode_info ii;
	struct fo_file_info fi;
	uint64_t seq;
	int fid = 123;

	assert_int_equal(fo_model_create(NULL, NULL), -EINVAL);
	fo_model_destroy(NULL);
	assert_int_equal(fo_model_set_knob(NULL, "link", "always"), -EINVAL);
	assert_int_equal(fo_model_knobs(NULL, NULL, 0), -EINVAL);
	assert_int_equal(fo_model_dev_clone(NULL), -EINVAL);
	assert_int_equal(fo_model_inode_add(NULL, 1), -EINVAL);
	assert_int_equal(fo_model_open_begin(NULL, 1, FO_FMODE_READ, &fid), -EINVAL);
	assert_int_equal(fid, -1);
	assert_int_equal(fo_model_create_begin(NULL, 1, FO_FMODE_READ, &fid), -EINVAL);
	assert_int_equal(fo_model_open_end(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_open(NULL, 1, FO_FMODE_READ, &fid), -EINVAL);
	assert_int_equal(fo_model_io(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_release(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_fiemap(NULL, 1), -EINVAL);
	assert_int_equal(fo_model_wait_request(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_reply(NULL, 0, 0), -EINVAL);
	assert_int_equal(fo_model_notify_inval_files(NULL, 0, 1), -EINVAL);
	assert_int_equal(fo_model_write(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_run_worker(NULL), -EINVAL);
	assert_int_equal(fo_model_flush_work(NULL), -EINVAL);
	assert_int_equal(fo_model_inode_info(NULL, 1, &ii), -EINVAL);
	assert_int_equal(fo_model_file_info(NULL, 0, &fi), -EINVAL);
	assert_int_equal(fo_model_dev_write_seq(NULL, 0, &seq), -EINVAL);
	assert_int_equal(fo_task_kill(NULL), -EINVAL);
	assert_int_equal(fo_task_killed(NULL), -EINVAL);
	assert_int_equal(fo_task_sleeping(NULL), -EINVAL);
}

static void test_bad_arguments_on_a_live_model(void **state)
{
	fo_model *m = walk_model("v2", true);
	struct fo_model_opts bad = { .variant = "v9" };
	fo_model *m2 = (fo_model *)&bad;
	int fid;

	assert_non_null(m);
	assert_int_equal(fo_model_create(&bad, &m2), -EINVAL);
	assert_null(m2);
	assert_int_equal(fo_model_inode_add(m, 0), -EINVAL);
	assert_int_equal(fo_model_inode_add(m, INO), -EEXIST);
	assert_int_equal(fo_model_open_begin(m, INO, 0, &fid), -EINVAL);
	assert_int_equal(fo_model_open_begin(m, INO, 4, &fid), -EINVAL);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, NULL), -EINVAL);
	assert_int_equal(fo_model_open_begin(m, 99, FO_FMODE_READ, &fid), -ENOENT);
	assert_int_equal(fid, -1);
	assert_int_equal(fo_model_fiemap(m, 99), -ENOENT);
	assert_int_equal(fo_model_notify_inval_files(m, 0, 99), -ENOENT);
	assert_int_equal(fo_model_notify_inval_files(m, 5, INO), -ENODEV);
	assert_int_equal(fo_model_notify_inval_files(m, -1, INO), -ENODEV);
	assert_int_equal(fo_model_write(m, 1), -ENODEV);
	assert_int_equal(fo_model_io(m, 0), -EBADF);
	assert_int_equal(fo_model_io(m, -3), -EBADF);
	assert_int_equal(fo_model_release(m, 42), -EBADF);
	assert_int_equal(fo_model_open_end(m, 42), -EBADF);
	assert_int_equal(fo_model_wait_request(m, 42), -EBADF);
	assert_int_equal(fo_model_inode_info(m, 99, &(struct fo_inode_info){ 0 }), -ENOENT);
	assert_int_equal(fo_model_inode_info(m, INO, NULL), -EINVAL);
	assert_int_equal(fo_model_file_info(m, 42, &(struct fo_file_info){ 0 }), -EBADF);
	assert_int_equal(fo_model_dev_write_seq(m, 3, &(uint64_t){ 0 }), -ENODEV);
	fo_model_destroy(m);
}

/* A reply nobody waits for fails, but still consumes a sequence number. */
static void test_reply_without_pending_request_is_enoent(void **state)
{
	fo_model *m = walk_model("v2", true);
	uint64_t seq;
	int fid;

	assert_non_null(m);
	assert_int_equal(fo_model_reply(m, 0, 42), -ENOENT);     /* no such file */
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_reply(m, 0, fid), -ENOENT);    /* answered already */
	assert_int_equal(fo_model_dev_write_seq(m, 0, &seq), 0);
	assert_int_equal(seq, 3);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), -EBADF);     /* ended already */
	fo_model_destroy(m);
}

static void test_double_release_is_ebadf(void **state)
{
	fo_model *m = walk_model("pre", true);
	int fid;

	assert_non_null(m);
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ | FO_FMODE_WRITE, &fid), 0);
	assert_int_equal(fo_model_release(m, fid), -EBADF);     /* not open yet */
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	assert_int_equal(rw_files(m, INO), 1);
	assert_int_equal(fo_model_release(m, fid), 0);
	assert_int_equal(fo_model_release(m, fid), -EBADF);
	assert_int_equal(fo_model_io(m, fid), -EBADF);
	assert_int_equal(rw_files(m, INO), 0);
	fo_model_destroy(m);
}

static void test_knobs_are_validated_and_fixed_once_running(void **state)
{
	fo_model *m = walk_model("v2", true);
	char buf[256];
	int fid;

	assert_non_null(m);
	assert_int_equal(fo_model_set_knob(m, "nonsense", "1"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_scope", "global"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", "7"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", "65"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", "16x"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", "16"), 0);
	assert_int_equal(fo_model_set_knob(m, "fail_loop", "seq"), 0);
	assert_true(fo_model_knobs(m, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "seq_scope=dev seq_inc=plain seq_read=reread link=close_wait "
				 "fail_loop=seq no_open_seq=zero seq_bits=16 inval_seq=last watermark=none sync_release=unlink inval_wait=close_wait "
				 "absent_inval=drop");
	/* a short buffer gets a terminated prefix and the full length back */
	assert_int_equal(fo_model_knobs(m, buf, 10), (int)strlen("seq_scope=dev seq_inc=plain "
		"seq_read=reread link=close_wait fail_loop=seq no_open_seq=zero seq_bits=16 "
		"inval_seq=last watermark=none sync_release=unlink inval_wait=close_wait "
		"absent_inval=drop"));
	assert_string_equal(buf, "seq_scope");
	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_set_knob(m, "link", "always"), -EBUSY);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	fo_model_destroy(m);
}

/*
 * What the scenario runner does to a model (fuse_i.h's fuse_model_*): a
 * knob row set whole, as fo_model_set_knob() would, and only before the
 * first operation; waits named by the object they are on.
 */
static void test_runner_operations(void **state)
{
	fo_model *m = walk_model("v2", true), *pre = walk_model("pre", true);
	struct fuse_wait_subject ws;
	struct fuse_knobs k;
	char got[256], want[256];
	struct fuse_conn *fc;
	int fid;

	assert_non_null(m);
	assert_non_null(pre);
	assert_int_equal(fuse_knobs_for_variant("pre", &k), 0);
	assert_int_equal(fuse_model_set_knobs(m, NULL), -EINVAL);
	assert_int_equal(fuse_model_set_knobs(m, &k), 0);
	assert_true(fo_model_knobs(m, got, sizeof(got)) > 0);
	assert_true(fo_model_knobs(pre, want, sizeof(want)) > 0);
	assert_string_equal(got, want);

	fc = fuse_model_conn(m);
	fuse_model_wait_subject(m, &fc->inodes[0]->state, &ws);
	assert_int_equal(ws.kind, FUSE_WAIT_INVAL_FILES);
	assert_int_equal(ws.nodeid, INO);
	fuse_model_wait_subject(m, &fc->inodes[0]->i_rwsem, &ws);
	assert_int_equal(ws.kind, FUSE_WAIT_INODE_RWSEM);
	fuse_model_wait_subject(m, &fc->dir_rwsem, &ws);
	assert_int_equal(ws.kind, FUSE_WAIT_DIR_RWSEM);
	fuse_model_wait_subject(m, &fc->fpq_lock, &ws);
	assert_int_equal(ws.kind, FUSE_WAIT_FPQ_LOCK);
	fuse_model_wait_subject(m, &ws, &ws);
	assert_int_equal(ws.kind, FUSE_WAIT_OTHER);
	assert_int_equal(fuse_model_lock_holder(m, &fc->inodes[0]->i_rwsem), -1);

	assert_int_equal(fo_model_open_begin(m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fuse_model_set_knobs(m, &k), -EBUSY);
	fuse_model_wait_subject(m, &fuse_model_file(m, fid)->req.answered, &ws);
	assert_int_equal(ws.kind, FUSE_WAIT_ANSWER);
	assert_int_equal(ws.fid, fid);
	assert_false(ws.create);
	fuse_model_wait_subject(m, &fuse_model_file(m, fid)->lock, &ws);
	assert_int_equal(ws.kind, FUSE_WAIT_FILE_LOCK);
	assert_int_equal(ws.fid, fid);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	fo_model_destroy(m);
	fo_model_destroy(pre);
}

/* The variant table as the API shows it, against the kernel code's values. */
static void test_variant_table(void **state)
{
	char v[32];

	assert_int_equal(fo_variant_count(), 3);
	assert_string_equal(fo_variant_name(0), "pre");
	assert_string_equal(fo_variant_name(1), "v2");
	assert_string_equal(fo_variant_name(2), "fixed");
	assert_null(fo_variant_name(3));
	assert_null(fo_variant_name(-1));
	assert_non_null(fo_variant_summary(1));
	/* every knob has a name and a range, and the table ends after the last */
	assert_true(fo_knob_count() >= 11);
	assert_null(fo_knob_name(fo_knob_count()));
	assert_null(fo_knob_values(-1));
	for (int i = 0; i < fo_knob_count(); i++)
		assert_non_null(strstr(fo_knob_values(i),
				       strcmp(fo_knob_name(i), "seq_bits") ? "|" : ".."));
	assert_int_equal(fo_variant_knob("v2", "seq_scope", v, sizeof(v)), 3);
	assert_string_equal(v, "dev");
	assert_true(fo_variant_knob("pre", "seq_scope", v, sizeof(v)) > 0);
	assert_string_equal(v, "none");
	assert_true(fo_variant_knob("v2", "link", v, sizeof(v)) > 0);
	assert_string_equal(v, "close_wait");
	assert_true(fo_variant_knob("pre", "link", v, sizeof(v)) > 0);
	assert_string_equal(v, "always");
	assert_true(fo_variant_knob("v2", "seq_bits", v, sizeof(v)) > 0);
	assert_string_equal(v, "64");
	assert_true(fo_variant_knob("v2", "inval_wait", v, sizeof(v)) > 0);
	assert_string_equal(v, "close_wait");
	assert_true(fo_variant_knob("fixed", "inval_wait", v, sizeof(v)) > 0);
	assert_string_equal(v, "always");
	assert_int_equal(fo_variant_knob("v3", "link", v, sizeof(v)), -EINVAL);
	assert_int_equal(fo_variant_knob("v2", "nope", v, sizeof(v)), -EINVAL);
	assert_int_equal(fo_variant_knob("v2", "link", NULL, 4), -EINVAL);
}

/* seq_bits wraps the counter: 8 bits after 256 writes is back at 0. */
static void test_seq_bits_wraps_write_seq(void **state)
{
	fo_model *m = walk_model("v2", true);
	uint64_t seq;

	assert_non_null(m);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", "8"), 0);
	for (int i = 0; i < 257; i++)
		assert_int_equal(fo_model_write(m, 0), 0);
	assert_int_equal(fo_model_dev_write_seq(m, 0, &seq), 0);
	assert_int_equal(seq, 1);
	fo_model_destroy(m);
}

static void test_strerror_names_every_code(void **state)
{
	const int codes[] = { -EINVAL, -ENOENT, -EBADF, -ENODEV, -EIO, -EINTR, -ENODATA,
			      -EEXIST, -ENOSPC, -ENOMEM, -EBUSY, -EAGAIN };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		assert_non_null(strstr(fo_strerror(codes[i]), "-E"));
	assert_string_equal(fo_strerror(0), "success");
	assert_string_equal(fo_strerror(-4095), "unknown error");
	assert_string_equal(fo_strerror(5), "not an error code");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_handles_return_einval),
		cmocka_unit_test(test_bad_arguments_on_a_live_model),
		cmocka_unit_test(test_reply_without_pending_request_is_enoent),
		cmocka_unit_test(test_double_release_is_ebadf),
		cmocka_unit_test(test_knobs_are_validated_and_fixed_once_running),
		cmocka_unit_test(test_runner_operations),
		cmocka_unit_test(test_variant_table),
		cmocka_unit_test(test_seq_bits_wraps_write_seq),
		cmocka_unit_test(test_strerror_names_every_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

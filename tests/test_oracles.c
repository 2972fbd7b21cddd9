/* SPDX-License-Identifier: MIT */
/*
 * test_oracles.c - the oracle checker of docs/protocol.md §5 against the cases of
 * §6. Where a case can be walked one step at a time, the real model runs it
 * (manual worker, tracer installed through fuse_model_conn()) and the test
 * asserts the exact set of violated oracles. Where a case needs two tasks
 * interleaved inside one daemon write (concern 5, the plain write_seq++ of
 * concern 3), or a kernel bug the model does not have (leak), the test feeds
 * a hand-built event sequence, as a deterministic scheduler would deliver it.
 * Every oracle has a case that must trigger it and one that must not.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model_helpers.h"
#include "oracle/oracle.h"

/* ---- naming: "file A", "file B", ... so messages read like a report ---- */

static const char *file_letter(void *priv, int fid)
{
	static char buf[16];

	(void)priv;
	snprintf(buf, sizeof(buf), "file %c", 'A' + fid % 26);
	return buf;
}

static const struct fuse_oracle_names letters = { .file_name = file_letter };

/*
 * The events a message names (fuse_oracles_refs()) are exactly its
 * "event N" words, in order, each span reading "event <its index>".
 * Return: how many it names.
 */
static unsigned assert_refs_match_text(const struct fuse_oracles *o, unsigned bit)
{
	const char *msg = fuse_oracles_message(o, bit);
	const struct fuse_oracle_ref *refs;
	unsigned n = fuse_oracles_refs(o, bit, &refs), seen = 0;
	size_t end = 0;

	assert_non_null(msg);
	assert_true(n <= FUSE_ORACLE_MAX_REFS);
	for (const char *p = msg; (p = strstr(p, "event ")); p++)
		if (p[6] >= '0' && p[6] <= '9')
			seen++;
	assert_int_equal(n, seen);
	for (unsigned i = 0; i < n; i++) {
		char want[32];

		snprintf(want, sizeof(want), "event %u", refs[i].event);
		assert_true(refs[i].off >= end);
		assert_int_equal(refs[i].len, strlen(want));
		assert_memory_equal(msg + refs[i].off, want, refs[i].len);
		end = refs[i].off + refs[i].len;
		assert_true(end <= strlen(msg));
	}
	return n;
}

/* Fail with every kept message printed, so a wrong verdict explains itself. */
static void assert_oracles(const struct fuse_oracles *o, unsigned expected)
{
	unsigned got = fuse_oracles_violated(o);

	if (got != expected) {
		print_error("oracles: expected %#x, got %#x\n", expected, got);
		for (unsigned bit = 1; bit <= FO_ORACLE_ALL; bit <<= 1)
			if (got & bit)
				print_error("  %s: %s\n", fo_oracle_name(bit),
					    fuse_oracles_message(o, bit));
	}
	assert_int_equal(got, expected);
	assert_false(fuse_oracles_unreliable(o));
	for (unsigned bit = 1; bit <= FO_ORACLE_ALL; bit <<= 1)
		if (got & bit)
			assert_refs_match_text(o, bit);
}

/* ---- the real model, traced ---- */

struct traced {
	fo_model *m;
	struct fuse_oracles o;
	struct fuse_tracer tracer;
};

static void traced_attach(struct traced *tr, const struct fuse_oracle_names *names)
{
	assert_non_null(tr->m);
	fuse_oracles_init(&tr->o, names);
	tr->tracer = (struct fuse_tracer){ .event = fuse_oracles_event, .priv = &tr->o };
	fuse_model_conn(tr->m)->tracer = &tr->tracer;
}

static void traced_start(struct traced *tr, const char *variant, bool close_wait)
{
	tr->m = walk_model(variant, close_wait);
	traced_attach(tr, &letters);
}

static void traced_finish(struct traced *tr, unsigned expected)
{
	fuse_oracles_end(&tr->o);
	assert_oracles(&tr->o, expected);
	fo_model_destroy(tr->m);
	fuse_oracles_destroy(&tr->o);
}

/* A whole open on d0: FUSE_OPEN sent, answered, finished. */
static int open_replied(struct traced *tr)
{
	int fid;

	assert_int_equal(fo_model_open_begin(tr->m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(tr->m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(tr->m, fid), 0);
	return fid;
}

/* §6 0a: reply, notification, worker done, then the opener links. */
static int walk_0a(struct traced *tr)
{
	int fid;

	assert_int_equal(fo_model_open_begin(tr->m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(tr->m, 0, fid), 0);
	assert_int_equal(fo_model_notify_inval_files(tr->m, 0, INO), 0);
	assert_int_equal(fo_model_run_worker(tr->m), 1);
	assert_int_equal(fo_model_open_end(tr->m, fid), 0);
	return fid;
}

static void test_reply_then_notify_worker_first_is_stale_open_pre(void **state)
{
	struct traced tr;
	const char *msg;
	int fid;

	traced_start(&tr, "pre", true);
	fid = walk_0a(&tr);
	/* detected when the open returned, the last event so far */
	assert_int_equal(fuse_oracles_violated(&tr.o), FO_ORACLE_STALE_OPEN);
	assert_int_equal(fuse_oracles_at(&tr.o, FO_ORACLE_STALE_OPEN),
			 fuse_oracles_events(&tr.o) - 1);
	msg = fuse_oracles_message(&tr.o, FO_ORACLE_STALE_OPEN);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "file A on inode 7"));
	assert_non_null(strstr(msg, "FUSE_OPEN reply entered fuse_dev_do_write on d0"));
	/* the open's return, its reply, the notification's entry and its end */
	assert_int_equal(assert_refs_match_text(&tr.o, FO_ORACLE_STALE_OPEN), 4);
	assert_int_equal(fo_model_io(tr.m, fid), 0);
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	traced_finish(&tr, FO_ORACLE_STALE_OPEN);
}

static void test_reply_then_notify_worker_first_is_clean_v2(void **state)
{
	struct traced tr;
	int fid;

	traced_start(&tr, "v2", true);
	fid = walk_0a(&tr);
	assert_int_equal(fo_model_io(tr.m, fid), -EIO); /* flagged: stale, and rightly so */
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	traced_finish(&tr, 0);
}

/* §6 0b: OPEN sent, notification, then the reply. */
static int walk_0b_until_reply(struct traced *tr)
{
	int fid;

	assert_int_equal(fo_model_open_begin(tr->m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_notify_inval_files(tr->m, 0, INO), 0);
	assert_int_equal(fo_model_reply(tr->m, 0, fid), 0);
	return fid;
}

/* pre flags the valid open at link time: an unneeded reopen, and no window. */
static void test_notify_before_reply_is_spurious_fail_pre(void **state)
{
	struct traced tr;
	int fid;

	traced_start(&tr, "pre", true);
	fid = walk_0b_until_reply(&tr);
	assert_int_equal(fo_model_open_end(tr.m, fid), 0); /* returns with the bit still set */
	assert_int_equal(fo_model_io(tr.m, fid), -EIO);
	assert_int_equal(fo_model_run_worker(tr.m), 1);
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	fuse_oracles_end(&tr.o);
	assert_non_null(strstr(fuse_oracles_message(&tr.o, FO_ORACLE_SPURIOUS_FAIL),
			       "file A on inode 7 was flagged"));
	traced_finish(&tr, FO_ORACLE_SPURIOUS_FAIL);
}

/* v2 makes the valid open sleep until the worker is done: nothing to report. */
static void test_notify_before_reply_waits_and_is_clean_v2(void **state)
{
	struct traced tr;
	struct opener op;
	int fid;

	traced_start(&tr, "v2", true);
	fid = walk_0b_until_reply(&tr);
	assert_int_equal(opener_start(&op, tr.m, fid), 0);
	assert_int_equal(opener_settle(&op), 1); /* asleep on FUSE_I_INVAL_FILES */
	assert_int_equal(fo_model_run_worker(tr.m), 1);
	assert_int_equal(opener_join(&op), 0);
	assert_int_equal(fo_model_io(tr.m, fid), 0);
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	traced_finish(&tr, 0);
}

/* Concern 1: v2 links only under close_wait, so FIEMAP misses an open file. */
static void test_fiemap_without_close_wait_is_fiemap_miss_v2(void **state)
{
	struct traced tr;
	const char *msg;
	int fid;

	traced_start(&tr, "v2", false);
	fid = open_replied(&tr);
	assert_int_equal(fo_model_fiemap(tr.m, INO), -ENODATA);
	msg = fuse_oracles_message(&tr.o, FO_ORACLE_FIEMAP_MISS);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "FIEMAP on inode 7"));
	assert_non_null(strstr(msg, "file A is open"));
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	traced_finish(&tr, FO_ORACLE_FIEMAP_MISS);
}

static void test_fiemap_without_close_wait_finds_file_pre(void **state)
{
	struct traced tr;
	int fid;

	traced_start(&tr, "pre", false);
	fid = open_replied(&tr);
	assert_int_equal(fo_model_fiemap(tr.m, INO), 0);
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	traced_finish(&tr, 0);
}

/* An empty rw_files is no miss when no file is open: v2, after the release. */
static void test_fiemap_after_release_is_no_miss_v2(void **state)
{
	struct traced tr;
	int fid;

	traced_start(&tr, "v2", false);
	fid = open_replied(&tr);
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	assert_int_equal(fo_model_fiemap(tr.m, INO), -ENODATA);
	traced_finish(&tr, 0);
}

/* Concern 2: reply on clone d1 (seq 4), notification later on d0 (seq 1). */
static void walk_concern_2(struct traced *tr, int reply_dev)
{
	int d1, fid;

	d1 = fo_model_dev_clone(tr->m);
	assert_int_equal(d1, 1);
	assert_int_equal(fo_model_open_begin(tr->m, INO, FO_FMODE_READ, &fid), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fo_model_write(tr->m, d1), 0);
	assert_int_equal(fo_model_reply(tr->m, reply_dev, fid), 0);
	assert_int_equal(fo_model_notify_inval_files(tr->m, 0, INO), 0);
	assert_int_equal(fo_model_run_worker(tr->m), 1);
	assert_int_equal(fo_model_open_end(tr->m, fid), 0);
	assert_int_equal(fo_model_io(tr->m, fid), reply_dev == d1 ? 0 : -EIO);
}

static void test_clone_counters_give_stale_open_v2(void **state)
{
	struct traced tr;
	const char *msg;

	traced_start(&tr, "v2", true);
	walk_concern_2(&tr, 1);
	msg = fuse_oracles_message(&tr.o, FO_ORACLE_STALE_OPEN);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "file A on inode 7"));
	assert_non_null(strstr(msg, "on d1"));
	assert_non_null(strstr(msg, "entered on d0"));
	traced_finish(&tr, FO_ORACLE_STALE_OPEN);
}

/* The same order with the reply on d0 too: one counter, the open is flagged. */
static void test_same_fd_counters_are_clean_v2(void **state)
{
	struct traced tr;

	traced_start(&tr, "v2", true);
	walk_concern_2(&tr, 0);
	traced_finish(&tr, 0);
}

/* Concern 4: no_open, a finished invalidation, then a new open. */
static void walk_concern_4(struct traced *tr, const char *no_open_seq)
{
	struct fo_model_opts o = {
		.variant = "v2", .close_wait = true, .no_open = true, .manual_worker = true
	};
	int fid;

	assert_int_equal(fo_model_create(&o, &tr->m), 0);
	assert_int_equal(fo_model_inode_add(tr->m, INO), 0);
	assert_int_equal(fo_model_set_knob(tr->m, "no_open_seq", no_open_seq), 0);
	traced_attach(tr, &letters);
	assert_int_equal(fo_model_notify_inval_files(tr->m, 0, INO), 0);
	assert_int_equal(fo_model_run_worker(tr->m), 1);
	assert_int_equal(fo_model_open(tr->m, INO, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_release(tr->m, fid), 0);
}

static void test_no_open_zero_seq_is_spurious_fail_v2(void **state)
{
	struct traced tr;
	const char *msg;

	walk_concern_4(&tr, "zero");
	fuse_oracles_end(&tr.o);
	msg = fuse_oracles_message(&tr.o, FO_ORACLE_SPURIOUS_FAIL);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "no FUSE_OPEN reply (no_open)"));
	traced_finish(&tr, FO_ORACLE_SPURIOUS_FAIL);
}

static void test_no_open_fresh_seq_is_clean_v2(void **state)
{
	struct traced tr;

	walk_concern_4(&tr, "fresh");
	traced_finish(&tr, 0);
}

/* Killed in fuse_finish_open(): the model's error path unlinks, so no leak. */
static void test_killed_opener_does_not_leak_v2(void **state)
{
	struct traced tr;
	struct opener op;
	int fid;

	traced_start(&tr, "v2", true);
	fid = walk_0b_until_reply(&tr);
	assert_int_equal(opener_start(&op, tr.m, fid), 0);
	assert_int_equal(opener_settle(&op), 1);
	assert_int_equal(fo_task_kill(atomic_load(&op.task)), 0);
	assert_int_equal(opener_join(&op), -EINTR);
	assert_int_equal(fo_model_run_worker(tr.m), 1);
	traced_finish(&tr, 0);
}

/* Three sequential writes on one fd from one thread: no seq-race. */
static void test_sequential_writes_are_no_seq_race_v2(void **state)
{
	struct traced tr;

	traced_start(&tr, "v2", true);
	for (int i = 0; i < 3; i++)
		assert_int_equal(fo_model_write(tr.m, 0), 0);
	traced_finish(&tr, 0);
}

/* One checker, reset between two executions, keeps nothing of the first. */
static void test_reset_forgets_the_previous_execution(void **state)
{
	struct traced tr;
	int fid;

	traced_start(&tr, "pre", true);
	walk_0a(&tr);
	fuse_oracles_end(&tr.o);
	assert_int_equal(fuse_oracles_violated(&tr.o), FO_ORACLE_STALE_OPEN);
	fo_model_destroy(tr.m);

	fuse_oracles_reset(&tr.o);
	assert_int_equal(fuse_oracles_events(&tr.o), 0);
	assert_null(fuse_oracles_message(&tr.o, FO_ORACLE_STALE_OPEN));
	assert_int_equal(fuse_oracles_at(&tr.o, FO_ORACLE_STALE_OPEN), FUSE_ORACLE_NONE);
	tr.m = walk_model("v2", true);
	assert_non_null(tr.m);
	fuse_model_conn(tr.m)->tracer = &tr.tracer;
	fid = walk_0a(&tr);
	assert_int_equal(fo_model_release(tr.m, fid), 0);
	traced_finish(&tr, 0);
}

/* ---- hand-built traces: what a deterministic scheduler would deliver ---- */

struct fake {
	struct fuse_oracles o;
	struct fuse_inode fi;
	struct fuse_file ff[2];
	struct fuse_dev d0, d1;
	struct fo_task daemon1, daemon2, daemon3, opener, worker;
};

static void fake_init(struct fake *k)
{
	memset(k, 0, sizeof(*k));
	k->fi.nodeid = INO;
	for (int i = 0; i < 2; i++) {
		k->ff[i].fi = &k->fi;
		k->ff[i].fid = i;
	}
	k->d0.id = 0;
	k->d1.id = 1;
	k->daemon1.name = "daemon-1";
	k->daemon2.name = "daemon-2";
	k->daemon3.name = "daemon-3";
	k->opener.name = "opener";
	k->worker.name = "worker";
	fuse_oracles_init(&k->o, &letters);
}

#define EV(k, ...) fuse_oracles_event(&(k)->o, &(const struct fuse_event){ __VA_ARGS__ })

/* The opener: fuse_open() up to FUSE_OPEN pending. */
static void fake_open_sent(struct fake *k, int f)
{
	EV(k, .kind = FUSE_EV_OPEN_START, .task = &k->opener, .ff = &k->ff[f], .fi = &k->fi);
	EV(k, .kind = FUSE_EV_OPEN_SENT, .task = &k->opener, .ff = &k->ff[f], .fi = &k->fi);
}

static void fake_enter(struct fake *k, struct fo_task *t, int msg, int f)
{
	EV(k, .kind = FUSE_EV_WRITE_ENTER, .task = t, .fud = &k->d0, .msg = msg,
	   .ff = f >= 0 ? &k->ff[f] : NULL, .fi = &k->fi);
}

static void fake_done(struct fake *k, struct fo_task *t, int msg, int f, int err)
{
	EV(k, .kind = FUSE_EV_WRITE_DONE, .task = t, .fud = &k->d0, .msg = msg,
	   .ff = f >= 0 ? &k->ff[f] : NULL, .fi = &k->fi, .err = err);
}

static void fake_reply(struct fake *k, struct fo_task *t, int f)
{
	fake_enter(k, t, FUSE_MSG_REPLY, f);
	fake_done(k, t, FUSE_MSG_REPLY, f, 0);
}

static void fake_file_ev(struct fake *k, enum fuse_event_kind kind, int f, int err)
{
	EV(k, .kind = kind, .task = &k->opener, .ff = &k->ff[f], .fi = &k->fi, .err = err);
}

/*
 * A notification that entered before F's reply sets FUSE_I_INVAL_FILES; F
 * returns unflagged (and does I/O) before the worker clears it. With
 * io_after_clear the same file waits for the clear: no window.
 */
static void fake_valid_open_in_window(struct fake *k, bool io_after_clear)
{
	fake_init(k);
	fake_open_sent(k, 0);
	fake_enter(k, &k->daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1);
	EV(k, .kind = FUSE_EV_INVAL_SET, .task = &k->daemon1, .fud = &k->d0, .fi = &k->fi);
	fake_done(k, &k->daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1, 0);
	fake_reply(k, &k->daemon2, 0);
	fake_file_ev(k, FUSE_EV_LINK, 0, 0);
	if (io_after_clear)
		EV(k, .kind = FUSE_EV_INVAL_CLEAR, .task = &k->worker, .fi = &k->fi);
	fake_file_ev(k, FUSE_EV_OPEN_RETURN, 0, 0);
	fake_file_ev(k, FUSE_EV_IO, 0, 0);
	if (!io_after_clear)
		EV(k, .kind = FUSE_EV_INVAL_CLEAR, .task = &k->worker, .fi = &k->fi);
	fake_file_ev(k, FUSE_EV_UNLINK, 0, 0);
	fake_file_ev(k, FUSE_EV_RELEASE, 0, 0);
	fuse_oracles_end(&k->o);
}

static void test_valid_open_returning_while_bit_set_is_inval_window(void **state)
{
	struct fake k;
	const char *msg;

	fake_valid_open_in_window(&k, false);
	assert_oracles(&k.o, FO_ORACLE_INVAL_WINDOW);
	/* the open's return (event 8), not the later I/O, is the first sighting */
	assert_int_equal(fuse_oracles_at(&k.o, FO_ORACLE_INVAL_WINDOW), 8);
	msg = fuse_oracles_message(&k.o, FO_ORACLE_INVAL_WINDOW);
	assert_non_null(strstr(msg, "file A on inode 7 returned from open at event 8"));
	assert_non_null(strstr(msg, "FUSE_NOTIFY_INVAL_FILES from d0 (entered at event 2)"));
}

/*
 * FIEMAP on another task (daemon3 stands in for it) finds rw_files empty.
 * A miss only if the open had returned before FIEMAP began: an open that
 * completes while FIEMAP runs may be missed by any correct kernel.
 */
static void fake_fiemap_racing_open(struct fake *k, bool began_after_return)
{
	fake_init(k);
	fake_open_sent(k, 0);
	fake_reply(k, &k->daemon1, 0);
	if (!began_after_return)
		EV(k, .kind = FUSE_EV_FIEMAP_START, .task = &k->daemon3, .fi = &k->fi);
	fake_file_ev(k, FUSE_EV_OPEN_RETURN, 0, 0);
	if (began_after_return)
		EV(k, .kind = FUSE_EV_FIEMAP_START, .task = &k->daemon3, .fi = &k->fi);
	EV(k, .kind = FUSE_EV_FIEMAP, .task = &k->daemon3, .fi = &k->fi, .err = -ENODATA);
	fuse_oracles_end(&k->o);
}

static void test_fiemap_begun_before_the_open_returned_is_no_miss(void **state)
{
	struct fake k;

	fake_fiemap_racing_open(&k, false);
	assert_oracles(&k.o, 0);
	fake_fiemap_racing_open(&k, true);
	assert_oracles(&k.o, FO_ORACLE_FIEMAP_MISS);
	assert_non_null(strstr(fuse_oracles_message(&k.o, FO_ORACLE_FIEMAP_MISS),
			       "before FIEMAP began"));
}

static void test_valid_open_after_clear_is_no_inval_window(void **state)
{
	struct fake k;

	fake_valid_open_in_window(&k, true);
	assert_oracles(&k.o, 0);
}

/*
 * A merged notification never opens a window: N1 enters first (F is valid
 * against it) but N0, entering after F's reply, sets the bit and N1 merges
 * into it. F returning unflagged inside N0's invalidation is stale-open
 * (against N0), not inval-window.
 */
static void test_merged_notification_is_no_inval_window(void **state)
{
	struct fake k;

	fake_init(&k);
	fake_open_sent(&k, 0);
	fake_enter(&k, &k.daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1); /* N1 */
	fake_reply(&k, &k.daemon3, 0);                               /* R */
	fake_enter(&k, &k.daemon2, FUSE_MSG_NOTIFY_INVAL_FILES, -1); /* N0 */
	EV(&k, .kind = FUSE_EV_INVAL_SET, .task = &k.daemon2, .fud = &k.d0, .fi = &k.fi);
	fake_done(&k, &k.daemon2, FUSE_MSG_NOTIFY_INVAL_FILES, -1, 0);
	EV(&k, .kind = FUSE_EV_INVAL_MERGED, .task = &k.daemon1, .fud = &k.d0, .fi = &k.fi);
	fake_done(&k, &k.daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1, 0);
	fake_file_ev(&k, FUSE_EV_OPEN_RETURN, 0, 0);
	fake_file_ev(&k, FUSE_EV_IO, 0, 0);
	EV(&k, .kind = FUSE_EV_INVAL_CLEAR, .task = &k.worker, .fi = &k.fi);
	fuse_oracles_end(&k.o);
	assert_oracles(&k.o, FO_ORACLE_STALE_OPEN);
}

/*
 * Concern 5: N enters first, the reply overtakes it and the opener links and
 * returns before N's FAIL loop runs. The blind loop flags the valid file
 * (spurious-fail); a seq-aware loop spares it, and then its I/O lands inside
 * N's invalidation (inval-window) - §6's tension.
 */
static void fake_concern_5(struct fake *k, bool blind_loop)
{
	fake_init(k);
	fake_open_sent(k, 0);
	fake_enter(k, &k->daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1);
	fake_reply(k, &k->daemon2, 0);
	fake_file_ev(k, FUSE_EV_LINK, 0, 0);
	fake_file_ev(k, FUSE_EV_OPEN_RETURN, 0, 0); /* the bit is not set yet: no wait */
	if (blind_loop)
		fake_file_ev(k, FUSE_EV_FLAG, 0, 0);
	EV(k, .kind = FUSE_EV_INVAL_SET, .task = &k->daemon1, .fud = &k->d0, .fi = &k->fi);
	fake_done(k, &k->daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1, 0);
	fake_file_ev(k, FUSE_EV_IO, 0, blind_loop ? -EIO : 0);
	EV(k, .kind = FUSE_EV_INVAL_CLEAR, .task = &k->worker, .fi = &k->fi);
	fake_file_ev(k, FUSE_EV_UNLINK, 0, 0);
	fake_file_ev(k, FUSE_EV_RELEASE, 0, 0);
	fuse_oracles_end(&k->o);
}

static void test_blind_fail_loop_is_spurious_fail(void **state)
{
	struct fake k;

	fake_concern_5(&k, true);
	assert_oracles(&k.o, FO_ORACLE_SPURIOUS_FAIL);
}

static void test_seq_aware_fail_loop_is_inval_window(void **state)
{
	struct fake k;
	const char *msg;

	fake_concern_5(&k, false);
	assert_oracles(&k.o, FO_ORACLE_INVAL_WINDOW);
	msg = fuse_oracles_message(&k.o, FO_ORACLE_INVAL_WINDOW);
	assert_non_null(strstr(msg, "file A on inode 7 did I/O"));
}

/* Concern 3: write_seq++ as load (WRITE_ENTER, plain) then store (SEQ_STORE). */
static void fake_enter_plain(struct fake *k, struct fo_task *t, struct fuse_dev *d, u64 seq,
			     bool plain)
{
	EV(k, .kind = FUSE_EV_WRITE_ENTER, .task = t, .fud = d, .msg = FUSE_MSG_OTHER,
	   .counter = &d->write_seq, .seq = seq, .plain = plain);
}

static void fake_store(struct fake *k, struct fo_task *t, struct fuse_dev *d, u64 seq)
{
	EV(k, .kind = FUSE_EV_SEQ_STORE, .task = t, .fud = d, .counter = &d->write_seq, .seq = seq);
}

static void fake_other_done(struct fake *k, struct fo_task *t, struct fuse_dev *d)
{
	EV(k, .kind = FUSE_EV_WRITE_DONE, .task = t, .fud = d, .msg = FUSE_MSG_OTHER);
}

static void test_interleaved_plain_increments_are_seq_race(void **state)
{
	struct fake k;
	const char *msg;

	fake_init(&k);
	fake_enter_plain(&k, &k.daemon1, &k.d0, 3, true); /* event 0: loads 3 */
	fake_enter_plain(&k, &k.daemon2, &k.d0, 3, true); /* event 1: loads 3 too */
	fake_store(&k, &k.daemon1, &k.d0, 4);
	fake_store(&k, &k.daemon2, &k.d0, 4); /* 4 handed out twice */
	fake_other_done(&k, &k.daemon1, &k.d0);
	fake_other_done(&k, &k.daemon2, &k.d0);
	fuse_oracles_end(&k.o);
	assert_oracles(&k.o, FO_ORACLE_SEQ_RACE);
	assert_int_equal(fuse_oracles_at(&k.o, FO_ORACLE_SEQ_RACE), 1);
	msg = fuse_oracles_message(&k.o, FO_ORACLE_SEQ_RACE);
	assert_non_null(strstr(msg, "increment of d0's write_seq"));
	assert_non_null(strstr(msg, "task daemon-1 loaded 3 at event 0"));
	assert_non_null(strstr(msg, "task daemon-2's write entered"));
}

/* A store of another task inside the window is a race as well. */
static void test_store_inside_another_increment_is_seq_race(void **state)
{
	struct fake k;

	fake_init(&k);
	fake_enter_plain(&k, &k.daemon1, &k.d0, 0, true); /* daemon-1's window opens */
	fake_store(&k, &k.daemon2, &k.d0, 7);             /* a store from elsewhere */
	fake_store(&k, &k.daemon1, &k.d0, 1);
	fuse_oracles_end(&k.o);
	assert_oracles(&k.o, FO_ORACLE_SEQ_RACE);
	assert_non_null(
		strstr(fuse_oracles_message(&k.o, FO_ORACLE_SEQ_RACE), "task daemon-2 stored 7"));
}

static void test_sequential_or_separate_increments_are_no_seq_race(void **state)
{
	struct fake k;

	fake_init(&k);
	/* one after the other on d0 */
	fake_enter_plain(&k, &k.daemon1, &k.d0, 0, true);
	fake_store(&k, &k.daemon1, &k.d0, 1);
	fake_enter_plain(&k, &k.daemon2, &k.d0, 1, true);
	fake_store(&k, &k.daemon2, &k.d0, 2);
	/* interleaved, but on two counters: d0 and its clone d1 */
	fake_enter_plain(&k, &k.daemon1, &k.d0, 2, true);
	fake_enter_plain(&k, &k.daemon2, &k.d1, 0, true);
	fake_store(&k, &k.daemon1, &k.d0, 3);
	fake_store(&k, &k.daemon2, &k.d1, 1);
	/* interleaved atomic increments (seq_inc=atomic): no window at all */
	fake_enter_plain(&k, &k.daemon1, &k.d0, 4, false);
	fake_enter_plain(&k, &k.daemon2, &k.d0, 5, false);
	fuse_oracles_end(&k.o);
	assert_oracles(&k.o, 0);
}

/* Leak: the open's error branch forgot to unlink (or did not). */
static void fake_failed_open(struct fake *k, bool unlink)
{
	fake_init(k);
	fake_open_sent(k, 0);
	fake_reply(k, &k->daemon1, 0);
	fake_file_ev(k, FUSE_EV_LINK, 0, 0);
	if (unlink)
		fake_file_ev(k, FUSE_EV_UNLINK, 0, 0);
	fake_file_ev(k, FUSE_EV_OPEN_RETURN, 0, -EINTR);
	fuse_oracles_end(&k->o);
}

static void test_failed_open_left_linked_is_leak(void **state)
{
	struct fake k;
	const char *msg;

	fake_failed_open(&k, false);
	assert_oracles(&k.o, FO_ORACLE_LEAK);
	assert_int_equal(fuse_oracles_at(&k.o, FO_ORACLE_LEAK), 5); /* the failed return */
	msg = fuse_oracles_message(&k.o, FO_ORACLE_LEAK);
	assert_non_null(strstr(msg, "file A is still linked on rw_files of inode 7"));
	assert_non_null(strstr(msg, "-EINTR"));
}

static void test_failed_open_unlinked_is_no_leak(void **state)
{
	struct fake k;

	fake_failed_open(&k, true);
	assert_oracles(&k.o, 0);
}

static void test_released_file_left_linked_is_leak(void **state)
{
	struct fake k;

	fake_init(&k);
	fake_open_sent(&k, 1);
	fake_reply(&k, &k.daemon1, 1);
	fake_file_ev(&k, FUSE_EV_LINK, 1, 0);
	fake_file_ev(&k, FUSE_EV_OPEN_RETURN, 1, 0);
	fake_file_ev(&k, FUSE_EV_RELEASE, 1, 0);
	fuse_oracles_end(&k.o);
	assert_oracles(&k.o, FO_ORACLE_LEAK);
	assert_non_null(
		strstr(fuse_oracles_message(&k.o, FO_ORACLE_LEAK), "file B is still linked"));
}

/*
 * A stale file released before the notification was processed is no
 * stale-open: nobody can use it any more.
 */
static void test_stale_file_released_before_processing_is_clean(void **state)
{
	struct fake k;

	fake_init(&k);
	fake_open_sent(&k, 0);
	fake_reply(&k, &k.daemon1, 0);
	fake_file_ev(&k, FUSE_EV_OPEN_RETURN, 0, 0);
	fake_enter(&k, &k.daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1);
	fake_file_ev(&k, FUSE_EV_RELEASE, 0, 0);
	EV(&k, .kind = FUSE_EV_INVAL_SET, .task = &k.daemon1, .fud = &k.d0, .fi = &k.fi);
	fake_done(&k, &k.daemon1, FUSE_MSG_NOTIFY_INVAL_FILES, -1, 0);
	fuse_oracles_end(&k.o);
	assert_oracles(&k.o, 0);
}

/* ---- names, legend, the scheduler's report, caps ---- */

static const char *dev_word(void *priv, int id)
{
	return id == 0 ? "the mount's fd" : NULL;
}

static const char *inode_word(void *priv, u64 nodeid)
{
	return nodeid == INO ? "/vstorage/img" : NULL;
}

/* Without callbacks: "file #0", "d1", "inode 7"; with them, the caller's words. */
static void test_messages_name_inode_file_and_devices(void **state)
{
	struct traced tr;
	const struct fuse_oracle_names words = { .file_name = file_letter,
						 .dev_name = dev_word,
						 .inode_name = inode_word };
	const char *msg;

	tr.m = walk_model("v2", true);
	traced_attach(&tr, NULL);
	walk_concern_2(&tr, 1);
	msg = fuse_oracles_message(&tr.o, FO_ORACLE_STALE_OPEN);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "file #0 on inode 7"));
	assert_non_null(strstr(msg, "on d1"));
	assert_non_null(strstr(msg, "entered on d0"));
	traced_finish(&tr, FO_ORACLE_STALE_OPEN);

	tr.m = walk_model("v2", true);
	traced_attach(&tr, &words);
	walk_concern_2(&tr, 1);
	msg = fuse_oracles_message(&tr.o, FO_ORACLE_STALE_OPEN);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "file A on /vstorage/img"));
	assert_non_null(strstr(msg, "on d1")); /* NULL from the callback: fallback */
	assert_non_null(strstr(msg, "entered on the mount's fd"));
	traced_finish(&tr, FO_ORACLE_STALE_OPEN);
}

static void test_every_oracle_has_a_name_and_an_explanation(void **state)
{
	for (unsigned bit = 1; bit <= FO_ORACLE_ALL; bit <<= 1) {
		assert_non_null(fo_oracle_name(bit));
		assert_non_null(fuse_oracle_explain(bit));
		assert_true(strlen(fuse_oracle_explain(bit)) > 40);
		for (unsigned other = bit << 1; other <= FO_ORACLE_ALL; other <<= 1)
			assert_string_not_equal(fo_oracle_name(bit), fo_oracle_name(other));
	}
	assert_string_equal(fo_oracle_name(FO_ORACLE_STALE_OPEN), "stale-open");
	assert_string_equal(fo_oracle_name(FO_ORACLE_SEQ_RACE), "seq-race");
	assert_null(fo_oracle_name(0));
	assert_null(fuse_oracle_explain(FO_ORACLE_STALE_OPEN | FO_ORACLE_LEAK));
	assert_null(fuse_oracle_explain(1u << FO_ORACLE_COUNT));
}

/* deadlock is the scheduler's to find; the checker only carries it, first one kept. */
static void test_deadlock_is_reported_not_detected(void **state)
{
	struct fake k;

	fake_concern_5(&k, true); /* no event sequence ever raises deadlock */
	assert_false(fuse_oracles_violated(&k.o) & FO_ORACLE_DEADLOCK);
	fuse_oracles_report(&k.o, FO_ORACLE_DEADLOCK, 3, "opener asleep on inode 7");
	fuse_oracles_report(&k.o, FO_ORACLE_DEADLOCK, 5, "second");
	assert_oracles(&k.o, FO_ORACLE_SPURIOUS_FAIL | FO_ORACLE_DEADLOCK);
	assert_string_equal(fuse_oracles_message(&k.o, FO_ORACLE_DEADLOCK),
			    "opener asleep on inode 7");
	assert_int_equal(fuse_oracles_at(&k.o, FO_ORACLE_DEADLOCK), 3);
	/* a message given as text names no event the checker knows of */
	assert_int_equal(assert_refs_match_text(&k.o, FO_ORACLE_DEADLOCK), 0);
}

/* Past a cap the checker says so instead of writing out of bounds. */
static void test_too_many_files_marks_the_verdict_unreliable(void **state)
{
	static struct fuse_file many[FUSE_ORACLE_MAX_FILES + 8];
	struct fake k;

	fake_init(&k);
	for (int i = 0; i < FUSE_ORACLE_MAX_FILES + 8; i++) {
		many[i].fi = &k.fi;
		many[i].fid = i;
		EV(&k, .kind = FUSE_EV_OPEN_START, .task = &k.opener, .ff = &many[i], .fi = &k.fi);
		EV(&k, .kind = FUSE_EV_OPEN_RETURN, .task = &k.opener, .ff = &many[i], .fi = &k.fi);
	}
	for (int i = 0; i < FUSE_ORACLE_MAX_WRITES + 8; i++)
		fake_reply(&k, &k.daemon1, 0);
	fuse_oracles_end(&k.o);
	assert_true(fuse_oracles_unreliable(&k.o));
	fuse_oracles_reset(&k.o);
	assert_false(fuse_oracles_unreliable(&k.o));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_then_notify_worker_first_is_stale_open_pre),
		cmocka_unit_test(test_reply_then_notify_worker_first_is_clean_v2),
		cmocka_unit_test(test_notify_before_reply_is_spurious_fail_pre),
		cmocka_unit_test(test_notify_before_reply_waits_and_is_clean_v2),
		cmocka_unit_test(test_fiemap_without_close_wait_is_fiemap_miss_v2),
		cmocka_unit_test(test_fiemap_without_close_wait_finds_file_pre),
		cmocka_unit_test(test_fiemap_after_release_is_no_miss_v2),
		cmocka_unit_test(test_fiemap_begun_before_the_open_returned_is_no_miss),
		cmocka_unit_test(test_clone_counters_give_stale_open_v2),
		cmocka_unit_test(test_same_fd_counters_are_clean_v2),
		cmocka_unit_test(test_no_open_zero_seq_is_spurious_fail_v2),
		cmocka_unit_test(test_no_open_fresh_seq_is_clean_v2),
		cmocka_unit_test(test_killed_opener_does_not_leak_v2),
		cmocka_unit_test(test_sequential_writes_are_no_seq_race_v2),
		cmocka_unit_test(test_reset_forgets_the_previous_execution),
		cmocka_unit_test(test_valid_open_returning_while_bit_set_is_inval_window),
		cmocka_unit_test(test_valid_open_after_clear_is_no_inval_window),
		cmocka_unit_test(test_merged_notification_is_no_inval_window),
		cmocka_unit_test(test_blind_fail_loop_is_spurious_fail),
		cmocka_unit_test(test_seq_aware_fail_loop_is_inval_window),
		cmocka_unit_test(test_interleaved_plain_increments_are_seq_race),
		cmocka_unit_test(test_store_inside_another_increment_is_seq_race),
		cmocka_unit_test(test_sequential_or_separate_increments_are_no_seq_race),
		cmocka_unit_test(test_failed_open_left_linked_is_leak),
		cmocka_unit_test(test_failed_open_unlinked_is_no_leak),
		cmocka_unit_test(test_released_file_left_linked_is_leak),
		cmocka_unit_test(test_stale_file_released_before_processing_is_clean),
		cmocka_unit_test(test_messages_name_inode_file_and_devices),
		cmocka_unit_test(test_every_oracle_has_a_name_and_an_explanation),
		cmocka_unit_test(test_deadlock_is_reported_not_detected),
		cmocka_unit_test(test_too_many_files_marks_the_verdict_unreliable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

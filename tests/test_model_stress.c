/* SPDX-License-Identifier: MIT */
/*
 * test_model_stress.c - the model free-running on real threads: opener
 * threads, one daemon thread per device, the worker thread, several inodes,
 * thousands of open/notify/reply/release rounds. Checks what must hold in
 * every interleaving:
 *
 *   - every waiter returns (a lost wake-up hangs the test into its timeout);
 *   - a flagged file fails its I/O with -EIO and an unflagged one does not;
 *   - no file stays on rw_files after release;
 *   - on v2, with one daemon thread per fd and all traffic of an inode on
 *     that fd (the discipline the patch relies on), every open whose reply
 *     was sent before a notification on its inode ends up flagged.
 *
 * Each daemon thread decides at random, from a fixed seed, whether a
 * notification goes before or after each reply, so the send order is known
 * exactly: it is the daemon thread's program order.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fuseord/fuseord.h"

#define NR_INODES 4
#define NR_DEVS 2
#define NR_OPENERS 6
#define ROUNDS 1000

struct stress {
	fo_model *m;
	bool check_stale;
	pthread_barrier_t start, done;
	int round;
	/* per round, per opener */
	int fid[NR_OPENERS];
	uint64_t ino[NR_OPENERS];
	int open_err[NR_OPENERS];
	unsigned long unpublished;   /* bit o clear: fid[o] is published */
	long reply_at[NR_OPENERS];    /* daemon-local index of the reply */
	long last_notify_at[NR_INODES + 1];
	long stale_seen, flagged_seen, opens;
};

static uint64_t opener_inode(int round, int o)
{
	return 1 + (uint64_t)((round + o) % NR_INODES);
}

struct opener {
	struct stress *s;
	int o;
};

static void *opener_main(void *arg)
{
	struct stress *s = ((struct opener *)arg)->s;
	int o = ((struct opener *)arg)->o;

	for (int r = 0; r < ROUNDS; r++) {
		int fid;

		pthread_barrier_wait(&s->start);
		s->open_err[o] = fo_model_open_begin(s->m, s->ino[o], FO_FMODE_READ, &fid);
		s->fid[o] = fid;
		fo_clear_bit_unlock(o, &s->unpublished); /* publishes fid[o] */
		fo_wake_up_bit(&s->unpublished, o);
		if (!s->open_err[o])
			s->open_err[o] = fo_model_open_end(s->m, fid);
		pthread_barrier_wait(&s->done);
		pthread_barrier_wait(&s->start); /* the check runs in between */
		pthread_barrier_wait(&s->done);
	}
	return NULL;
}

struct daemon {
	struct stress *s;
	int dev;
	unsigned seed;
};

static void *daemon_main(void *arg)
{
	struct daemon *d = arg;
	struct stress *s = d->s;
	long step = 0;

	for (int r = 0; r < ROUNDS; r++) {
		pthread_barrier_wait(&s->start);
		for (int o = 0; o < NR_OPENERS; o++) {
			uint64_t ino = s->ino[o];
			int choice = rand_r(&d->seed) % 3;

			if ((int)(ino % NR_DEVS) != d->dev)
				continue;
			fo_wait_on_bit(&s->unpublished, o, FO_TASK_UNINTERRUPTIBLE);
			if (choice == 0) {
				assert_int_equal(fo_model_notify_inval_files(s->m, d->dev, ino), 0);
				s->last_notify_at[ino] = ++step;
			}
			assert_int_equal(fo_model_wait_request(s->m, s->fid[o]), 0);
			assert_int_equal(fo_model_reply(s->m, d->dev, s->fid[o]), 0);
			s->reply_at[o] = ++step;
			if (choice == 1) {
				assert_int_equal(fo_model_notify_inval_files(s->m, d->dev, ino), 0);
				s->last_notify_at[ino] = ++step;
			}
		}
		pthread_barrier_wait(&s->done);
		pthread_barrier_wait(&s->start);
		pthread_barrier_wait(&s->done);
	}
	return NULL;
}

/* After a round: every open done, every write done; check, then release. */
static void check_round(struct stress *s)
{
	assert_int_equal(fo_model_flush_work(s->m), 0);
	for (int o = 0; o < NR_OPENERS; o++) {
		struct fo_file_info fi;
		bool stale = s->last_notify_at[s->ino[o]] > s->reply_at[o];

		assert_int_equal(s->open_err[o], 0);
		assert_int_equal(fo_model_file_info(s->m, s->fid[o], &fi), 0);
		assert_int_equal(fi.state, FO_FILE_OPEN);
		assert_int_equal(fo_model_io(s->m, s->fid[o]), fi.fail_immediately ? -EIO : 0);
		if (s->check_stale && stale)
			assert_true(fi.fail_immediately);
		s->stale_seen += stale;
		s->flagged_seen += fi.fail_immediately;
		s->opens++;
	}
	for (int o = 0; o < NR_OPENERS; o++)
		assert_int_equal(fo_model_release(s->m, s->fid[o]), 0);
	for (uint64_t ino = 1; ino <= NR_INODES; ino++) {
		struct fo_inode_info ii;

		assert_int_equal(fo_model_inode_info(s->m, ino, &ii), 0);
		assert_int_equal(ii.rw_files, 0);
		assert_false(ii.inval_files);
	}
}

static void run_stress(const char *variant, bool check_stale)
{
	struct fo_model_opts opts = { .variant = variant, .close_wait = true };
	pthread_t openers[NR_OPENERS], daemons[NR_DEVS];
	struct daemon dd[NR_DEVS];
	struct opener op[NR_OPENERS];
	struct stress s = { .check_stale = check_stale };

	assert_int_equal(fo_model_create(&opts, &s.m), 0);
	for (uint64_t ino = 1; ino <= NR_INODES; ino++)
		assert_int_equal(fo_model_inode_add(s.m, ino), 0);
	for (int d = 1; d < NR_DEVS; d++)
		assert_int_equal(fo_model_dev_clone(s.m), d);
	pthread_barrier_init(&s.start, NULL, NR_OPENERS + NR_DEVS + 1);
	pthread_barrier_init(&s.done, NULL, NR_OPENERS + NR_DEVS + 1);
	for (int o = 0; o < NR_OPENERS; o++) {
		op[o] = (struct opener){ .s = &s, .o = o };
		assert_int_equal(pthread_create(&openers[o], NULL, opener_main, &op[o]), 0);
	}
	for (int d = 0; d < NR_DEVS; d++) {
		dd[d] = (struct daemon){ .s = &s, .dev = d, .seed = 1234u + (unsigned)d };
		assert_int_equal(pthread_create(&daemons[d], NULL, daemon_main, &dd[d]), 0);
	}
	for (int r = 0; r < ROUNDS; r++) {
		for (int o = 0; o < NR_OPENERS; o++)
			s.ino[o] = opener_inode(r, o);
		s.unpublished = ~0UL;
		for (int i = 0; i <= NR_INODES; i++)
			s.last_notify_at[i] = 0;
		pthread_barrier_wait(&s.start);
		pthread_barrier_wait(&s.done);
		pthread_barrier_wait(&s.start);
		check_round(&s);
		pthread_barrier_wait(&s.done);
	}
	for (int o = 0; o < NR_OPENERS; o++)
		pthread_join(openers[o], NULL);
	for (int d = 0; d < NR_DEVS; d++)
		pthread_join(daemons[d], NULL);
	/* the schedule must have produced both kinds of open, or it tested nothing */
	assert_true(s.stale_seen > 0);
	assert_true(s.flagged_seen > 0);
	assert_true(s.flagged_seen < s.opens);
	print_message("%s: %ld opens, %ld stale by send order, %ld flagged\n", variant, s.opens,
		      s.stale_seen, s.flagged_seen);
	pthread_barrier_destroy(&s.start);
	pthread_barrier_destroy(&s.done);
	fo_model_destroy(s.m);
}

static void test_stress_v2_one_daemon_per_fd_no_stale_open(void **state)
{
	run_stress("v2", true);
}

static void test_stress_pre_invariants_hold(void **state)
{
	run_stress("pre", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress_v2_one_daemon_per_fd_no_stale_open),
		cmocka_unit_test(test_stress_pre_invariants_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

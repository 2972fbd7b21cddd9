/* SPDX-License-Identifier: MIT */
/*
 * test_bitwait_hammer.c - many threads handing a token round rings through
 * fo_wait_on_bit() and fo_wake_up_bit(), to catch a lost wake-up.
 *
 * Thread i of a ring may run its round only while its bit is clear. It takes
 * its turn, sets its own bit again, then clears the next thread's bit with
 * release and wakes it. Exactly one bit of a ring is clear at any time, so
 * the token's path is fixed: the shared count must step through 0, 1, 2, ...
 * in ring order and end at exactly threads * rounds. Nearly every hand-off
 * wakes a thread that is asleep, so one lost wake-up leaves a ring stuck
 * forever and CTest's timeout fails the test.
 *
 * The bits of a ring are spread over two words (nr up to 2 * BITS_PER_LONG),
 * and several rings run at once, so unrelated waits share buckets of the
 * wait table and wake each other spuriously, which must be harmless too.
 */
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fuseord/bitops.h"

#define LONG_BITS ((long)(sizeof(unsigned long) * CHAR_BIT))
#define MAX_RING 8
#define ROUNDS 20000

struct ring {
	unsigned long bits[2];
	int size;
	int rounds;
	unsigned long count; /* plain: only the token holder touches it */
	atomic_int bad_turns;
	atomic_int bad_waits;
};

struct ring_member {
	pthread_t thread;
	struct ring *ring;
	int index;
};

/* Spread the ring's bits over both words, at uneven offsets within each. */
static long ring_bit(int index)
{
	return (long)index * (2 * LONG_BITS / MAX_RING) + index % 3;
}

static void *ring_run(void *arg)
{
	struct ring_member *m = arg;
	struct ring *ring = m->ring;
	long mine = ring_bit(m->index);
	long next = ring_bit((m->index + 1) % ring->size);

	for (int r = 0; r < ring->rounds; r++) {
		/* Alternate the modes: a killable wait nobody kills is the same wait. */
		unsigned mode = r % 2 ? FO_TASK_KILLABLE : FO_TASK_UNINTERRUPTIBLE;

		if (fo_wait_on_bit(ring->bits, mine, mode) != 0)
			atomic_fetch_add(&ring->bad_waits, 1);
		if (ring->count != (unsigned long)r * ring->size + m->index)
			atomic_fetch_add(&ring->bad_turns, 1);
		ring->count++;
		fo_set_bit(mine, ring->bits);
		fo_clear_bit_unlock(next, ring->bits);
		fo_wake_up_bit(ring->bits, next);
	}
	return NULL;
}

static void run_rings(int nrings, int size, int rounds)
{
	struct ring *rings = calloc(nrings, sizeof(*rings));
	struct ring_member *members = calloc((size_t)nrings * size, sizeof(*members));

	assert_non_null(rings);
	assert_non_null(members);
	for (int k = 0; k < nrings; k++) {
		rings[k].size = size;
		rings[k].rounds = rounds;
		/* Every bit set but thread 0's: it holds the token. */
		for (int i = 1; i < size; i++)
			fo_set_bit(ring_bit(i), rings[k].bits);
	}
	for (int k = 0; k < nrings; k++) {
		for (int i = 0; i < size; i++) {
			struct ring_member *m = &members[k * size + i];

			m->ring = &rings[k];
			m->index = i;
			assert_int_equal(pthread_create(&m->thread, NULL, ring_run, m), 0);
		}
	}
	for (int j = 0; j < nrings * size; j++)
		assert_int_equal(pthread_join(members[j].thread, NULL), 0);

	for (int k = 0; k < nrings; k++) {
		assert_int_equal(atomic_load(&rings[k].bad_waits), 0);
		assert_int_equal(atomic_load(&rings[k].bad_turns), 0);
		assert_int_equal(rings[k].count, (unsigned long)size * rounds);
		/* The token is back with thread 0: its bit alone is clear. */
		for (int i = 0; i < size; i++)
			assert_int_equal(fo_test_bit(ring_bit(i), rings[k].bits), i != 0);
	}
	free(members);
	free(rings);
}

static void test_token_ring_of_8_threads_loses_no_wakeup(void **state)
{
	run_rings(1, 8, ROUNDS);
}

static void test_4_ping_pong_pairs_at_once_lose_no_wakeup(void **state)
{
	run_rings(4, 2, ROUNDS);
}

static void test_2_rings_of_4_at_once_lose_no_wakeup(void **state)
{
	run_rings(2, 4, ROUNDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_ring_of_8_threads_loses_no_wakeup),
		cmocka_unit_test(test_4_ping_pong_pairs_at_once_lose_no_wakeup),
		cmocka_unit_test(test_2_rings_of_4_at_once_lose_no_wakeup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

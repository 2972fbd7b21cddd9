/* SPDX-License-Identifier: MIT */
/*
 * test_bitops.c - the fo_ bit operations of fuseord/bitops.h: which bit of
 * which word each one touches, what test_and_*() return, and that the atomic
 * ones lose no update when several threads work on one word.
 *
 * Arrays are guarded by a word on each side, so an operation that strays
 * into a neighbouring word fails the test instead of passing unnoticed.
 */
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fuseord/bitops.h"

#define LONG_BITS ((long)(sizeof(unsigned long) * CHAR_BIT))
#define GUARD 0xa5a5a5a5a5a5a5a5UL
#define NWORDS 3

/* words[0] and words[NWORDS + 1] are guards; the array under test is words + 1. */
struct guarded {
	unsigned long words[NWORDS + 2];
};

static void guarded_init(struct guarded *g, unsigned long fill)
{
	g->words[0] = GUARD;
	for (int i = 1; i <= NWORDS; i++)
		g->words[i] = fill;
	g->words[NWORDS + 1] = GUARD;
}

static void assert_guards_intact(const struct guarded *g)
{
	assert_int_equal(g->words[0], GUARD);
	assert_int_equal(g->words[NWORDS + 1], GUARD);
}

static void test_set_bit_sets_only_that_bit_of_one_word(void **state)
{
	unsigned long w = 0;

	fo_set_bit(0, &w);
	assert_int_equal(w, 1UL);
	fo_set_bit(5, &w);
	assert_int_equal(w, 1UL | 1UL << 5);
	fo_set_bit(LONG_BITS - 1, &w);
	assert_int_equal(w, 1UL | 1UL << 5 | 1UL << (LONG_BITS - 1));
	/* Setting a set bit changes nothing. */
	fo_set_bit(5, &w);
	assert_int_equal(w, 1UL | 1UL << 5 | 1UL << (LONG_BITS - 1));
}

static void test_clear_bit_clears_only_that_bit_of_one_word(void **state)
{
	unsigned long w = ~0UL;

	fo_clear_bit(0, &w);
	assert_int_equal(w, ~1UL);
	fo_clear_bit(LONG_BITS - 1, &w);
	assert_int_equal(w, ~(1UL | 1UL << (LONG_BITS - 1)));
	fo_clear_bit(0, &w);
	assert_int_equal(w, ~(1UL | 1UL << (LONG_BITS - 1)));
	fo_clear_bit_unlock(7, &w);
	assert_int_equal(w, ~(1UL | 1UL << 7 | 1UL << (LONG_BITS - 1)));
}

static void test_test_bit_reads_each_bit_of_one_word(void **state)
{
	unsigned long w = 1UL << 3 | 1UL << (LONG_BITS - 1);

	for (long nr = 0; nr < LONG_BITS; nr++)
		assert_int_equal(fo_test_bit(nr, &w), nr == 3 || nr == LONG_BITS - 1);
}

static void test_test_and_set_bit_returns_old_value(void **state)
{
	unsigned long w = 1UL << 2;

	assert_false(fo_test_and_set_bit(9, &w));
	assert_int_equal(w, 1UL << 2 | 1UL << 9);
	assert_true(fo_test_and_set_bit(9, &w));
	assert_int_equal(w, 1UL << 2 | 1UL << 9);
	assert_true(fo_test_and_set_bit(2, &w));
	assert_int_equal(w, 1UL << 2 | 1UL << 9);
}

static void test_test_and_clear_bit_returns_old_value(void **state)
{
	unsigned long w = 1UL << 2 | 1UL << 9;

	assert_true(fo_test_and_clear_bit(9, &w));
	assert_int_equal(w, 1UL << 2);
	assert_false(fo_test_and_clear_bit(9, &w));
	assert_int_equal(w, 1UL << 2);
	assert_false(fo_test_and_clear_bit(0, &w));
	assert_int_equal(w, 1UL << 2);
}

/* nr >= BITS_PER_LONG addresses word nr / BITS_PER_LONG of an array. */
static void test_bit_ops_beyond_first_word_address_the_array(void **state)
{
	struct guarded g;
	unsigned long *a = g.words + 1;

	guarded_init(&g, 0);
	fo_set_bit(LONG_BITS, a);
	assert_int_equal(a[0], 0UL);
	assert_int_equal(a[1], 1UL);
	assert_int_equal(a[2], 0UL);
	fo_set_bit(2 * LONG_BITS + 5, a);
	assert_int_equal(a[2], 1UL << 5);
	fo_set_bit(2 * LONG_BITS - 1, a);
	assert_int_equal(a[1], 1UL | 1UL << (LONG_BITS - 1));
	assert_true(fo_test_bit(2 * LONG_BITS - 1, a));
	assert_false(fo_test_bit(LONG_BITS - 1, a));
	assert_false(fo_test_bit(2 * LONG_BITS + 4, a));

	assert_true(fo_test_and_clear_bit(LONG_BITS, a));
	assert_false(fo_test_and_clear_bit(LONG_BITS, a));
	assert_int_equal(a[1], 1UL << (LONG_BITS - 1));
	assert_false(fo_test_and_set_bit(3 * LONG_BITS - 1, a));
	assert_true(fo_test_and_set_bit(3 * LONG_BITS - 1, a));
	assert_int_equal(a[2], 1UL << 5 | 1UL << (LONG_BITS - 1));

	fo_clear_bit(2 * LONG_BITS + 5, a);
	fo_clear_bit_unlock(3 * LONG_BITS - 1, a);
	fo_clear_bit(2 * LONG_BITS - 1, a);
	assert_int_equal(a[0], 0UL);
	assert_int_equal(a[1], 0UL);
	assert_int_equal(a[2], 0UL);
	assert_guards_intact(&g);
}

/* Walk every bit of the array: each set adds exactly that bit, each clear removes it. */
static void test_every_bit_of_an_array_is_its_own(void **state)
{
	struct guarded g;
	unsigned long *a = g.words + 1;

	guarded_init(&g, 0);
	for (long nr = 0; nr < NWORDS * LONG_BITS; nr++) {
		long word = nr / LONG_BITS;
		unsigned long before = a[word];

		assert_false(fo_test_bit(nr, a));
		assert_false(fo_test_and_set_bit(nr, a));
		assert_int_equal(a[word], before | 1UL << (nr % LONG_BITS));
		assert_true(fo_test_bit(nr, a));
	}
	for (int i = 0; i < NWORDS; i++)
		assert_int_equal(a[i], ~0UL);
	for (long nr = NWORDS * LONG_BITS - 1; nr >= 0; nr--) {
		long word = nr / LONG_BITS;
		unsigned long before = a[word];

		fo_clear_bit(nr, a);
		assert_int_equal(a[word], before & ~(1UL << (nr % LONG_BITS)));
		assert_false(fo_test_bit(nr, a));
	}
	for (int i = 0; i < NWORDS; i++)
		assert_int_equal(a[i], 0UL);
	assert_guards_intact(&g);
}

/*
 * Four threads flip their own bits of one shared word as fast as they can.
 * A read-modify-write that is not atomic loses the neighbours' updates: a
 * thread would then find its bit clear where it had just set it, or the
 * final word would miss bits.
 */
#define FLIP_THREADS 4
#define FLIP_ROUNDS 50000
#define FLIP_BITS_PER_THREAD 4

static unsigned long flip_word;
static atomic_int flip_failures;

static void *flip_bits(void *arg)
{
	long first = (long)(intptr_t)arg * FLIP_BITS_PER_THREAD;

	for (int r = 0; r < FLIP_ROUNDS; r++) {
		long nr = first + r % FLIP_BITS_PER_THREAD;

		if (fo_test_and_set_bit(nr, &flip_word))
			atomic_fetch_add(&flip_failures, 1);
		if (!fo_test_bit(nr, &flip_word))
			atomic_fetch_add(&flip_failures, 1);
		if (r % 2) {
			fo_clear_bit(nr, &flip_word);
		} else if (!fo_test_and_clear_bit(nr, &flip_word)) {
			atomic_fetch_add(&flip_failures, 1);
		}
		if (fo_test_bit(nr, &flip_word))
			atomic_fetch_add(&flip_failures, 1);
	}
	for (long nr = first; nr < first + FLIP_BITS_PER_THREAD; nr++)
		fo_set_bit(nr, &flip_word);
	return NULL;
}

static void test_concurrent_bit_ops_on_one_word_lose_no_update(void **state)
{
	pthread_t threads[FLIP_THREADS];

	flip_word = 0;
	atomic_store(&flip_failures, 0);
	for (intptr_t i = 0; i < FLIP_THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, flip_bits, (void *)i), 0);
	for (int i = 0; i < FLIP_THREADS; i++)
		assert_int_equal(pthread_join(threads[i], NULL), 0);
	assert_int_equal(atomic_load(&flip_failures), 0);
	assert_int_equal(flip_word, (1UL << (FLIP_THREADS * FLIP_BITS_PER_THREAD)) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_bit_sets_only_that_bit_of_one_word),
		cmocka_unit_test(test_clear_bit_clears_only_that_bit_of_one_word),
		cmocka_unit_test(test_test_bit_reads_each_bit_of_one_word),
		cmocka_unit_test(test_test_and_set_bit_returns_old_value),
		cmocka_unit_test(test_test_and_clear_bit_returns_old_value),
		cmocka_unit_test(test_bit_ops_beyond_first_word_address_the_array),
		cmocka_unit_test(test_every_bit_of_an_array_is_its_own),
		cmocka_unit_test(test_concurrent_bit_ops_on_one_word_lose_no_update),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

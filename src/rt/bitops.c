/* SPDX-License-Identifier: MIT */
/*
 * bitops.c - the bit waits (wait_on_bit(), wake_up_bit()) over the runtime's
 * generic wait, and the exported fo_ bit operations of fuseord/bitops.h.
 *
 * The bit operations themselves are the inline ones of rt.h, which the model
 * uses directly; the fo_ functions here are their out-of-line, exported
 * copies, so a user's test exercises exactly the code the model runs.
 */
#include <stddef.h>

#include "fuseord/bitops.h"
#include "rt/rt.h"

/*
 * A wait on bit nr of an array is a wait on bit nr % BITS_PER_LONG of the
 * word that holds it. Both wait_on_bit() and wake_up_bit() address the wait
 * that way, so (word, 70) and (word + 1, 6) meet in the same bucket, and the
 * scheduling point names the word that set_bit() and clear_bit() name.
 */
static bool rt_bit_is_clear(const struct rt_wait *w)
{
	/*
	 * Acquire, as the kernel's test_bit_acquire() in wait_on_bit(): what
	 * the waker did before clear_bit_unlock() is seen after the wait.
	 */
	return (__atomic_load_n((const unsigned long *)w->var, __ATOMIC_ACQUIRE) &
		rt_bit_mask(w->bit)) == 0;
}

/**
 * wait_on_bit() - sleep until bit @nr of @word is clear.
 * @word: the word, or the first word of an array.
 * @nr: the bit, counted from bit 0 of @word.
 * @mode: FO_TASK_UNINTERRUPTIBLE or FO_TASK_KILLABLE.
 * @what: names the wait in reports, e.g. "bit FUSE_I_INVAL_FILES".
 *
 * No system call when the bit is already clear.
 * Ordering: acquire, paired with clear_bit_unlock() or with clear_bit()
 * preceded by a barrier on the waker's side.
 * Return: 0, or -EINTR if @mode is FO_TASK_KILLABLE and the task was killed
 * while the bit was set (even if it was cleared before the task ran again).
 */
int wait_on_bit(unsigned long *word, long nr, unsigned mode, const char *what)
{
	struct rt_wait w = {
		.var = rt_bit_word(nr, word),
		.bit = nr % BITS_PER_LONG,
		.cond = rt_bit_is_clear,
		.killable = mode == FO_TASK_KILLABLE,
		.what = what,
	};

	int err;

	rt_wait_point(&w, what);
	if (rt_bit_is_clear(&w))
		return 0;
	err = rt_wait_event(&w);
	/*
	 * __wait_on_bit() calls bit_wait() only after finding the bit set, and
	 * bit_wait() returns -EINTR whenever a fatal signal is pending once
	 * schedule() returns: a kill and a clear that both land while the task
	 * sleeps end the wait with -EINTR, whichever came first.
	 */
	if (!err && w.killable && atomic_load(&rt_current()->killed))
		return -EINTR;
	return err;
}

/**
 * wake_up_bit() - wake every task waiting on bit @nr of @word.
 * @word: the word, or the first word of an array.
 * @nr: the bit, counted from bit 0 of @word.
 *
 * Ordering: a full barrier first (rt_wake()), so a plain clear_bit() before
 * it needs no smp_mb__after_atomic() as the kernel would require.
 */
void wake_up_bit(unsigned long *word, long nr)
{
	const unsigned long *var = rt_bit_word(nr, word);

	rt_point(RT_WAKE, var, "wake_up_bit");
	rt_wake(var, nr % BITS_PER_LONG);
}

/*
 * The exported operations. @nr must be within the array at @addr, as in the
 * kernel; that cannot be checked, but a NULL @addr or a negative @nr can:
 * the operation then touches nothing (and a test reads false), so a caller's
 * slip is not a write to a wild address. One predictable branch.
 */
#define BIT_ARGS_BAD(nr, addr) __builtin_expect(!(addr) || (nr) < 0, 0)

/** fo_test_bit() - read bit @nr of @addr, unordered (bitops.h). */
FO_API bool fo_test_bit(long nr, const unsigned long *addr)
{
	return !BIT_ARGS_BAD(nr, addr) && test_bit(nr, addr);
}

/** fo_set_bit() - set bit @nr of @addr atomically, unordered (bitops.h). */
FO_API void fo_set_bit(long nr, unsigned long *addr)
{
	if (!BIT_ARGS_BAD(nr, addr))
		set_bit(nr, addr);
}

/** fo_clear_bit() - clear bit @nr of @addr atomically, unordered (bitops.h). */
FO_API void fo_clear_bit(long nr, unsigned long *addr)
{
	if (!BIT_ARGS_BAD(nr, addr))
		clear_bit(nr, addr);
}

/** fo_test_and_set_bit() - set bit @nr, return its old value; fully ordered. */
FO_API bool fo_test_and_set_bit(long nr, unsigned long *addr)
{
	return !BIT_ARGS_BAD(nr, addr) && test_and_set_bit(nr, addr);
}

/** fo_test_and_clear_bit() - clear bit @nr, return its old value; fully ordered. */
FO_API bool fo_test_and_clear_bit(long nr, unsigned long *addr)
{
	return !BIT_ARGS_BAD(nr, addr) && test_and_clear_bit(nr, addr);
}

/** fo_clear_bit_unlock() - clear bit @nr of @addr with release ordering. */
FO_API void fo_clear_bit_unlock(long nr, unsigned long *addr)
{
	if (!BIT_ARGS_BAD(nr, addr))
		clear_bit_unlock(nr, addr);
}

/**
 * fo_wait_on_bit() - sleep until bit @nr of @word is clear (bitops.h).
 * @word: the word, or the first word of an array.
 * @nr: the bit.
 * @mode: FO_TASK_UNINTERRUPTIBLE or FO_TASK_KILLABLE.
 *
 * Return: 0, -EINTR if killed during a killable wait, -EINVAL for a NULL
 * @word, a negative @nr or an unknown @mode.
 */
FO_API int fo_wait_on_bit(unsigned long *word, long nr, unsigned mode)
{
	if (!word || nr < 0 || (mode != FO_TASK_UNINTERRUPTIBLE && mode != FO_TASK_KILLABLE))
		return -EINVAL;
	return wait_on_bit(word, nr, mode, "fo_wait_on_bit");
}

/**
 * fo_wake_up_bit() - wake every task waiting on bit @nr of @word (bitops.h).
 * @word: the word, or the first word of an array.
 * @nr: the bit.
 *
 * No system call when nobody waits. An invalid (@word, @nr) is ignored:
 * fo_wait_on_bit() refuses it, so nobody can be waiting on it.
 */
FO_API void fo_wake_up_bit(unsigned long *word, long nr)
{
	if (!word || nr < 0)
		return;
	wake_up_bit(word, nr);
}

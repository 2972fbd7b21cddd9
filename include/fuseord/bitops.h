/* SPDX-License-Identifier: MIT */
/**
 * @file bitops.h
 * @brief Kernel-style bit operations and bit waits on an unsigned long word.
 *
 * Same names and arguments as the kernel's include/linux/bitops.h and
 * include/linux/wait_bit.h, with the fo_ prefix. The ordering is the
 * kernel's or stronger, never weaker: fo_wake_up_bit() issues a full barrier
 * the kernel makes the caller owe, so code that forgets
 * smp_mb__after_atomic() works here and not on arm64 or POWER. Under the
 * deterministic explorer every operation is one sequentially consistent
 * step: no weak-memory reordering is ever explored.
 * @p nr may exceed the bits of one long: @p addr is then an array, as in the
 * kernel. The waits sleep on a Linux futex in a hashed wait table with waiter
 * counts: wait_on_bit on a clear bit and wake_up_bit with nobody waiting make
 * no system call.
 */
#ifndef FUSEORD_BITOPS_H
#define FUSEORD_BITOPS_H

#include <stdbool.h>

#include "fuseord/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Wait cannot be interrupted (TASK_UNINTERRUPTIBLE). */
#define FO_TASK_UNINTERRUPTIBLE 0u
/** @brief Wait ends with -EINTR when the task is killed (TASK_KILLABLE). */
#define FO_TASK_KILLABLE 1u

/**
 * @brief Read bit @p nr. No ordering (a relaxed load), as in the kernel.
 * @param nr the bit number, counted from bit 0 of @p addr[0].
 * @param addr the word, or the first word of an array.
 * @return true if set; false for a NULL @p addr or a negative @p nr.
 */
FO_API bool fo_test_bit(long nr, const unsigned long *addr);

/**
 * @brief Atomically set bit @p nr. Atomic but unordered (relaxed).
 * A NULL @p addr or a negative @p nr is ignored.
 * @param nr the bit number.
 * @param addr the word, or the first word of an array.
 */
FO_API void fo_set_bit(long nr, unsigned long *addr);

/**
 * @brief Atomically clear bit @p nr. Atomic but unordered (relaxed).
 * A NULL @p addr or a negative @p nr is ignored.
 * @param nr the bit number.
 * @param addr the word, or the first word of an array.
 */
FO_API void fo_clear_bit(long nr, unsigned long *addr);

/**
 * @brief Atomically set bit @p nr and return its old value.
 * Fully ordered: a full barrier before and after, as in the kernel.
 * @param nr the bit number.
 * @param addr the word, or the first word of an array.
 * @return true if the bit was already set; false (and nothing set) for a
 *         NULL @p addr or a negative @p nr.
 */
FO_API bool fo_test_and_set_bit(long nr, unsigned long *addr);

/**
 * @brief Atomically clear bit @p nr and return its old value.
 * Fully ordered: a full barrier before and after, as in the kernel.
 * @param nr the bit number.
 * @param addr the word, or the first word of an array.
 * @return true if the bit was set; false (and nothing cleared) for a NULL
 *         @p addr or a negative @p nr.
 */
FO_API bool fo_test_and_clear_bit(long nr, unsigned long *addr);

/**
 * @brief Atomically clear bit @p nr with release semantics.
 * Everything before it is visible to whoever sees the bit clear, as
 * the kernel's clear_bit_unlock(). A NULL @p addr or a negative @p nr is
 * ignored.
 * @param nr the bit number.
 * @param addr the word, or the first word of an array.
 */
FO_API void fo_clear_bit_unlock(long nr, unsigned long *addr);

/**
 * @brief Read bit @p nr with acquire ordering (the kernel's test_bit_acquire()).
 * @param nr the bit number.
 * @param addr the word, or the first word of an array.
 * @return true if set; false for a NULL @p addr or a negative @p nr.
 */
FO_API bool fo_test_bit_acquire(long nr, const unsigned long *addr);

/**
 * @brief Atomically set bit @p nr and return its old value, with acquire
 * ordering (the kernel's test_and_set_bit_lock(): taking a bit lock).
 * @param nr the bit number.
 * @param addr the word, or the first word of an array.
 * @return true if the bit was already set; false (and nothing set) for a
 *         NULL @p addr or a negative @p nr.
 */
FO_API bool fo_test_and_set_bit_lock(long nr, unsigned long *addr);

/**
 * @brief Take bit @p nr of @p word as a lock: wait until it is clear, then
 * set it (the kernel's wait_on_bit_lock()). Ordering: acquire.
 * @param word the word, or the first word of an array.
 * @param nr the bit number (>= 0).
 * @param mode FO_TASK_UNINTERRUPTIBLE or FO_TASK_KILLABLE.
 * @return 0 once the bit is taken; -EINTR if killed during a killable wait;
 *         -EINVAL for a NULL @p word, a negative @p nr or an unknown @p mode.
 */
FO_API int fo_wait_on_bit_lock(unsigned long *word, long nr, unsigned mode);

/**
 * @brief Sleep until bit @p nr of @p word is clear.
 *
 * Returns at once, without a system call, if the bit is already clear.
 * Otherwise sleeps on the futex of the (word, bit) hash bucket until a
 * fo_wake_up_bit() on the same (word, bit) finds the bit clear.
 * Ordering: acquire — what the waker did before clearing the bit is visible
 * after the return, as the kernel's wait_on_bit() guarantees, provided the
 * waker clears with release ordering (fo_clear_bit_unlock(), or a barrier
 * before fo_clear_bit(), which is relaxed as in the kernel).
 * @param word the word, or the first word of an array.
 * @param nr the bit number (>= 0).
 * @param mode FO_TASK_UNINTERRUPTIBLE or FO_TASK_KILLABLE.
 * @return 0 once the bit is clear; -EINTR if @p mode is FO_TASK_KILLABLE and
 *         the calling task was killed (fo_task_kill()) while the bit was
 *         set, even if it was cleared too before the task ran again, as the
 *         kernel's bit_wait() does; -EINVAL for a NULL
 *         @p word, a negative @p nr or an unknown @p mode.
 */
FO_API int fo_wait_on_bit(unsigned long *word, long nr, unsigned mode);

/**
 * @brief Wake every task waiting on bit @p nr of @p word.
 *
 * Makes no system call when nobody waits on the (word, bit) bucket.
 * Ordering: the kernel requires the caller to order the clear before the
 * wake (smp_mb__after_atomic()); here the full barrier is built in, so
 * clear_bit() followed by fo_wake_up_bit() is enough. This is stronger than
 * the kernel: a missing barrier (a lost wake-up on weakly ordered CPUs)
 * cannot be found with these functions.
 * @param word the word, or the first word of an array.
 * @param nr the bit number. A NULL @p word or a negative @p nr is ignored:
 *        fo_wait_on_bit() refuses them, so nobody can be waiting there.
 */
FO_API void fo_wake_up_bit(unsigned long *word, long nr);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_BITOPS_H */

/* SPDX-License-Identifier: MIT */
/**
 * @file sync.h
 * @brief Shared data, locks, completions, variable waits and work items with
 * the fo_ prefix: what fuseord/kernel.h gives the kernel's names to.
 *
 * Every call is a scheduling point on the object it names: free-running it
 * is a real atomic access, or a sleep on a futex of the wait table; under
 * fo_explore() the explorer decides who runs next and sees which accesses
 * conflict. The @p what argument names the access in traces and reports
 * (kernel.h passes the expression's text).
 *
 * The model is sequentially consistent: the explorer interleaves whole
 * steps, and every marked access (everything here but FO_PLAIN) is ordered
 * as if fully ordered. A missing barrier is therefore never found; a plain
 * access (FO_PLAIN) racing with another access to the same bytes is, when
 * no chain of marked accesses, locks or waits orders the two (a data race).
 */
#ifndef FUSEORD_SYNC_H
#define FUSEORD_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuseord/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief How a load or store is ordered (its kernel name in brackets). */
enum fo_order {
	FO_PLAIN,   /**< a plain C access: data-race checked, not atomic */
	FO_ONCE,    /**< marked and unordered (READ_ONCE, WRITE_ONCE, relaxed atomics) */
	FO_ACQUIRE, /**< loads only (smp_load_acquire) */
	FO_RELEASE, /**< stores only (smp_store_release) */
	FO_FULL,    /**< fully ordered (value-returning atomics, xchg, cmpxchg) */
};

/** @brief The read-modify-write operations of fo_rmw(). */
enum fo_rmw_op {
	FO_RMW_ADD,     /**< *p += a */
	FO_RMW_XCHG,    /**< *p = a */
	FO_RMW_CMPXCHG, /**< if (*p == a) *p = b */
	FO_RMW_OR,      /**< *p |= a */
	FO_RMW_AND,     /**< *p &= a */
};

/** @brief The barriers of fo_fence() (the kernel's smp_ names). */
enum fo_fence_kind {
	FO_FENCE_MB,            /**< smp_mb() */
	FO_FENCE_RMB,           /**< smp_rmb() */
	FO_FENCE_WMB,           /**< smp_wmb() */
	FO_FENCE_BEFORE_ATOMIC, /**< smp_mb__before_atomic() */
	FO_FENCE_AFTER_ATOMIC,  /**< smp_mb__after_atomic() */
};

/**
 * @brief Load @p size bytes at @p p into @p out, as one step.
 * @param p the shared object: 1, 2, 4 or 8 bytes, naturally aligned.
 * @param[out] out where the value goes (@p size bytes).
 * @param size sizeof the object.
 * @param order FO_PLAIN, FO_ONCE, FO_ACQUIRE or FO_FULL.
 * @param what names the access in traces and race reports; NULL: "load".
 * @return 0; -EINVAL for a NULL @p p or @p out, another size, FO_RELEASE or
 *         an unknown order (nothing is read).
 */
FO_API int fo_load(const void *p, void *out, size_t size, enum fo_order order, const char *what);

/**
 * @brief Store @p size bytes from @p val at @p p, as one step.
 * @param p the shared object: 1, 2, 4 or 8 bytes, naturally aligned.
 * @param val the value (@p size bytes).
 * @param size sizeof the object.
 * @param order FO_PLAIN, FO_ONCE, FO_RELEASE or FO_FULL.
 * @param what names the access; NULL: "store".
 * @return 0; -EINVAL for a NULL @p p or @p val, another size, FO_ACQUIRE or
 *         an unknown order (nothing is written).
 */
FO_API int fo_store(void *p, const void *val, size_t size, enum fo_order order, const char *what);

/**
 * @brief An atomic read-modify-write of the @p size -byte integer at @p p.
 * @param p the object: 4 or 8 bytes, naturally aligned.
 * @param size 4 or 8.
 * @param op what to do (enum fo_rmw_op); @p a and @p b are its operands.
 * @param a the operand (FO_RMW_CMPXCHG: the expected value).
 * @param b FO_RMW_CMPXCHG: the new value; ignored otherwise.
 * @param order FO_ONCE (the kernel's relaxed atomic_inc() and kin) or FO_FULL.
 * @param[out] old the value before, or NULL.
 * @param what names the access; NULL: "rmw".
 * @return 0; -EINVAL for a NULL @p p, another size, an unknown @p op, or an
 *         order other than FO_ONCE and FO_FULL (nothing is changed).
 */
FO_API int fo_rmw(void *p, size_t size, enum fo_rmw_op op, uint64_t a, uint64_t b,
		  enum fo_order order, uint64_t *old, const char *what);

/**
 * @brief A memory barrier: a real fence when free-running; a step of no
 * consequence under the explorer, which is sequentially consistent.
 * @param kind which barrier.
 * @return 0, or -EINVAL for an unknown @p kind.
 */
FO_API int fo_fence(enum fo_fence_kind kind);

/** @brief A scheduling point that touches nothing: lets another thread run. */
FO_API void fo_yield(void);

/**
 * @brief A sleeping lock: the model's spinlock_t and struct mutex.
 *
 * Fields are private; initialise with fo_lock_init() or FO_LOCK_INIT.
 */
typedef struct fo_lock {
	int locked;        /**< private: 1 while held */
	const void *owner; /**< private: the holder's task, for deadlock reports */
	const char *name;  /**< private: the lock's name in reports */
} fo_lock;

/**
 * @brief A static initialiser for an unlocked fo_lock.
 * @param n the lock's name in reports (a string literal).
 */
#define FO_LOCK_INIT(n)      \
	{                    \
		0, NULL, (n) \
	}

/**
 * @brief Make @p l an unlocked lock named @p name.
 * @param l the lock.
 * @param name names it in reports; NULL: "lock".
 * @return 0, or -EINVAL for a NULL @p l.
 */
FO_API int fo_lock_init(fo_lock *l, const char *name);

/**
 * @brief Take @p l, sleeping while another task holds it (not killable).
 *
 * Under the explorer a task whose lock is held cannot take a step at all
 * (it is not enabled), so a schedule never contains a failed attempt.
 * Ordering: acquire. Taking a lock the caller holds deadlocks, as in the
 * kernel.
 * @param l the lock.
 * @return 0, or -EINVAL for a NULL @p l.
 */
FO_API int fo_lock_acquire(fo_lock *l);

/**
 * @brief Take @p l if it is free.
 * @param l the lock.
 * @return 1 if taken, 0 if held by another task, -EINVAL for a NULL @p l.
 */
FO_API int fo_lock_try(fo_lock *l);

/**
 * @brief Release @p l and wake whoever sleeps on it. Ordering: release.
 * @param l the lock, held by the caller.
 * @return 0; -EINVAL for a NULL @p l; -EPERM if the caller does not hold it
 *         (nothing is released).
 */
FO_API int fo_lock_release(fo_lock *l);

/**
 * @brief A completion (the kernel's struct completion). Fields are private.
 */
typedef struct fo_completion {
	unsigned done;    /**< private: completions not yet consumed; ~0u after complete_all */
	const char *name; /**< private: its name in reports */
} fo_completion;

/**
 * @brief Make @p c a completion not yet completed.
 * @param c the completion.
 * @param name names it in reports; NULL: "completion".
 * @return 0, or -EINVAL for a NULL @p c.
 */
FO_API int fo_completion_init(fo_completion *c, const char *name);

/**
 * @brief Complete @p c once (complete()) or for good (complete_all()).
 * Ordering: release.
 * @param c the completion.
 * @param all true: every present and future wait returns.
 * @return 0, or -EINVAL for a NULL @p c.
 */
FO_API int fo_complete(fo_completion *c, bool all);

/**
 * @brief Wait until @p c is completed, and consume one completion.
 * Ordering: acquire, paired with fo_complete().
 * @param c the completion.
 * @param killable end with -EINTR when the task is killed
 *        (wait_for_completion_killable()).
 * @return 0; -EINTR if @p killable and the task was killed; -EINVAL for a
 *         NULL @p c.
 */
FO_API int fo_completion_wait(fo_completion *c, bool killable);

/**
 * @brief First half of wait_var_event(): note the wake-ups of @p var so far.
 * Call before testing the condition; fo_wait_var_sleep() then sleeps only
 * if no fo_wake_up_var() on @p var came since.
 * @param var the address the wait is addressed to.
 * @param[out] ticket what fo_wait_var_sleep() needs.
 * @return 0, or -EINVAL for a NULL @p var or @p ticket.
 */
FO_API int fo_wait_var_prepare(const void *var, unsigned *ticket);

/**
 * @brief Second half of wait_var_event(): sleep until a fo_wake_up_var() on
 * @p var newer than @p ticket. The caller tests its condition again after.
 * @param var the address.
 * @param ticket from fo_wait_var_prepare().
 * @param what names the wait in deadlock reports; NULL: "wait_var_event".
 * @return 0, or -EINVAL for a NULL @p var.
 */
FO_API int fo_wait_var_sleep(const void *var, unsigned ticket, const char *what);

/**
 * @brief Wake every task in a wait_var_event() on @p var.
 *
 * The kernel makes the caller order its condition change before the wake
 * (smp_mb()); here the full barrier is built in, as for fo_wake_up_bit().
 * @param var the address.
 * @return 0, or -EINVAL for a NULL @p var.
 */
FO_API int fo_wake_up_var(const void *var);

struct fo_work;
/** @brief What a work item runs. */
typedef void (*fo_work_fn)(struct fo_work *work);

/**
 * @brief A work item (the kernel's struct work_struct). Fields are private
 * but for func.
 */
struct fo_work {
	fo_work_fn func;     /**< what it runs */
	unsigned long state; /**< private: bit 0 while queued or running */
};

/**
 * @brief Make @p w an idle work item running @p fn.
 * @param w the work item.
 * @param fn what it runs.
 * @return 0, or -EINVAL for a NULL @p w or @p fn.
 */
FO_API int fo_work_init(struct fo_work *w, fo_work_fn fn);

/**
 * @brief Run @p w on a worker: a model thread of its own under the
 * explorer, a detached pthread when free-running.
 *
 * Differs from the kernel: a work item queued while it runs is not queued
 * again (the kernel would run it once more).
 * @param w the work item.
 * @return 1 if queued, 0 if already queued or running, -EINVAL for a NULL
 *         or uninitialised @p w, -ENOSPC or -EAGAIN when no thread could be
 *         started.
 */
FO_API int fo_queue_work(struct fo_work *w);

/**
 * @brief Wait until @p w is neither queued nor running. Ordering: acquire.
 * @param w the work item.
 * @return 1 if it waited, 0 if @p w was idle, -EINVAL for a NULL @p w.
 */
FO_API int fo_flush_work(struct fo_work *w);

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_SYNC_H */

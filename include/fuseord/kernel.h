/* SPDX-License-Identifier: MIT */
/**
 * @file kernel.h
 * @brief The Linux kernel's names for shared data, barriers, locks, atomics,
 * bit operations and waits, completions, lists and work items: opt-in, for
 * tests and variants written as kernel code.
 *
 * Not included by fuseord/fuseord.h: these names are unprefixed. They are
 * macros and static inline functions over the exported fo_ calls of
 * fuseord/sync.h, fuseord/bitops.h and fuseord/task.h, so the library still
 * exports fo_ names only. Needs GNU C (gcc or clang), as the kernel does:
 * READ_ONCE() and friends use __typeof__ and statement expressions.
 *
 * Each operation is one scheduling point on its object, named after the
 * expression the caller wrote (READ_ONCE(ff->open_seq) is the step
 * "ff->open_seq"): atomics and futexes when free-running, a step of the
 * explorer under fo_explore().
 *
 * What the model guarantees, where it differs from the kernel:
 * - Exploration is sequentially consistent. Every marked access (READ_ONCE,
 *   WRITE_ONCE, atomics, bit operations, locks, waits) happens atomically in
 *   one global order, whatever barrier is or is not there, so a missing
 *   smp_mb() or a relaxed atomic where an ordered one is needed is never
 *   found. The barriers and the _acquire/_release forms are real when
 *   free-running.
 * - A plain access is invisible unless written with fo_plain_read() or
 *   fo_plain_write(); two of those (or one and a marked access) to the same
 *   object in different threads, not ordered by a lock, a wait, a
 *   completion, a spawn or join, or a marked write read by a marked read,
 *   are reported by fo_explore() as a data race naming both.
 * - wake_up_bit(), clear_and_wake_up_bit() and wake_up_var() have the full
 *   barrier built in; the kernel makes the caller supply it.
 * - spinlock_t and struct mutex are one sleeping lock; spin_lock() may sleep.
 *   Under the explorer a task whose lock is held is not runnable.
 * - wait_for_completion_killable() returns -EINTR (the kernel: -ERESTARTSYS).
 * - queue_work() starts a worker thread per queued item; an item queued while
 *   it runs is not queued again. A model thread counts against the
 *   explorer's 16 threads.
 * - List operations store and load ->next as the kernel's do: INIT_LIST_HEAD(),
 *   list_add(), list_add_tail() and list_del() write it with one
 *   WRITE_ONCE(), list_del_init() and list_move_tail() with two, and
 *   list_empty() and list_is_singular() read it with one READ_ONCE(): each
 *   of those is a scheduling point. Every other pointer (->prev, the new
 *   node's own links, the walk of list_for_each_entry()) is a plain access
 *   the explorer does not see, so lists must be used under the lock that
 *   protects them, as the kernel's are.
 */
#ifndef FUSEORD_KERNEL_H
#define FUSEORD_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuseord/bitops.h"
#include "fuseord/sync.h"
#include "fuseord/task.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- shared data and barriers ---- */

/**
 * @brief Load @p x (an lvalue of 1, 2, 4 or 8 bytes) as one marked access.
 * @param x the shared variable; its text names the step.
 */
#define READ_ONCE(x)                                                              \
	__extension__({                                                           \
		__typeof__(x) fo__r;                                              \
		fo_load(&(x), (void *)&fo__r, sizeof(x), FO_ONCE, #x);            \
		fo__r;                                                            \
	})

/**
 * @brief Store @p v into @p x as one marked access.
 * @param x the shared variable (an lvalue); its text names the step.
 * @param v the value.
 */
#define WRITE_ONCE(x, v)                                                          \
	__extension__({                                                           \
		__typeof__(x) fo__v = (v);                                        \
		fo_store((void *)&(x), &fo__v, sizeof(x), FO_ONCE, #x);           \
	})

/**
 * @brief Load *@p p with acquire ordering.
 * @param p pointer to the shared variable.
 */
#define smp_load_acquire(p)                                                       \
	__extension__({                                                           \
		__typeof__(*(p)) fo__r;                                           \
		fo_load((p), (void *)&fo__r, sizeof(*(p)), FO_ACQUIRE, "*" #p);   \
		fo__r;                                                            \
	})

/**
 * @brief Store @p v into *@p p with release ordering.
 * @param p pointer to the shared variable.
 * @param v the value.
 */
#define smp_store_release(p, v)                                                   \
	__extension__({                                                           \
		__typeof__(*(p)) fo__v = (v);                                     \
		fo_store((void *)(p), &fo__v, sizeof(*(p)), FO_RELEASE, "*" #p);  \
	})

/**
 * @brief A plain read of @p x that the race check sees (a plain C read in
 * the kernel source). Not atomic.
 * @param x the shared variable (an lvalue).
 */
#define fo_plain_read(x)                                                          \
	__extension__({                                                           \
		__typeof__(x) fo__r;                                              \
		fo_load(&(x), (void *)&fo__r, sizeof(x), FO_PLAIN, #x);           \
		fo__r;                                                            \
	})

/**
 * @brief A plain write of @p v into @p x that the race check sees.
 * @param x the shared variable (an lvalue).
 * @param v the value.
 */
#define fo_plain_write(x, v)                                                      \
	__extension__({                                                           \
		__typeof__(x) fo__v = (v);                                        \
		fo_store((void *)&(x), &fo__v, sizeof(x), FO_PLAIN, #x);          \
	})

/** @brief Full barrier. */
#define smp_mb() ((void)fo_fence(FO_FENCE_MB))
/** @brief Read barrier. */
#define smp_rmb() ((void)fo_fence(FO_FENCE_RMB))
/** @brief Write barrier. */
#define smp_wmb() ((void)fo_fence(FO_FENCE_WMB))
/** @brief Full barrier before a non-value-returning atomic. */
#define smp_mb__before_atomic() ((void)fo_fence(FO_FENCE_BEFORE_ATOMIC))
/** @brief Full barrier after a non-value-returning atomic. */
#define smp_mb__after_atomic() ((void)fo_fence(FO_FENCE_AFTER_ATOMIC))

/**
 * @brief Fully ordered exchange of the 4- or 8-byte scalar *@p p.
 * @param p pointer to the variable.
 * @param v the new value.
 * @return the old value.
 */
#define xchg(p, v)                                                                \
	__extension__({                                                           \
		uint64_t fo__o = 0;                                               \
		fo_rmw((p), sizeof(*(p)), FO_RMW_XCHG, (uint64_t)(uintptr_t)(v), 0, \
		       FO_FULL, &fo__o, "xchg(" #p ")");                          \
		(__typeof__(*(p)))(uintptr_t)fo__o;                               \
	})

/**
 * @brief Fully ordered compare-and-exchange of the 4- or 8-byte scalar *@p p.
 * @param p pointer to the variable.
 * @param o the expected value.
 * @param n the new value, stored if *@p p was @p o.
 * @return the old value (@p o on success).
 */
#define cmpxchg(p, o, n)                                                          \
	__extension__({                                                           \
		uint64_t fo__o = 0;                                               \
		fo_rmw((p), sizeof(*(p)), FO_RMW_CMPXCHG, (uint64_t)(uintptr_t)(o), \
		       (uint64_t)(uintptr_t)(n), FO_FULL, &fo__o, "cmpxchg(" #p ")"); \
		(__typeof__(*(p)))(uintptr_t)fo__o;                               \
	})

/* ---- locks ---- */

/** @brief The kernel's spinlock_t: here a sleeping lock (see the file comment). */
typedef fo_lock spinlock_t;

/**
 * @brief Define an unlocked spinlock named after itself.
 * @param x the variable's name.
 */
#define DEFINE_SPINLOCK(x) spinlock_t x = FO_LOCK_INIT(#x)
/**
 * @brief Make *@p l an unlocked spinlock named after the expression.
 * @param l pointer to the lock.
 */
#define spin_lock_init(l) ((void)fo_lock_init((l), #l))
/**
 * @brief Take the lock.
 * @param l pointer to the lock.
 */
#define spin_lock(l) ((void)fo_lock_acquire(l))
/**
 * @brief Release the lock.
 * @param l pointer to the lock.
 */
#define spin_unlock(l) ((void)fo_lock_release(l))
/**
 * @brief Take the lock if it is free.
 * @param l pointer to the lock.
 * @return true if taken.
 */
#define spin_trylock(l) (fo_lock_try(l) == 1)

/** @brief The kernel's struct mutex: the same sleeping lock as spinlock_t. */
struct mutex {
	fo_lock fo; /**< the lock */
};

/**
 * @brief Define an unlocked mutex named after itself.
 * @param x the variable's name.
 */
#define DEFINE_MUTEX(x) struct mutex x = { FO_LOCK_INIT(#x) }
/**
 * @brief Make *@p m an unlocked mutex named after the expression.
 * @param m pointer to the mutex.
 */
#define mutex_init(m) ((void)fo_lock_init(&(m)->fo, #m))
/**
 * @brief Take the mutex (not interruptible).
 * @param m pointer to the mutex.
 */
#define mutex_lock(m) ((void)fo_lock_acquire(&(m)->fo))
/**
 * @brief Release the mutex.
 * @param m pointer to the mutex.
 */
#define mutex_unlock(m) ((void)fo_lock_release(&(m)->fo))
/**
 * @brief Take the mutex if it is free.
 * @param m pointer to the mutex.
 * @return 1 if taken, 0 if not, as the kernel's.
 */
#define mutex_trylock(m) (fo_lock_try(&(m)->fo) == 1)

/* ---- atomics ---- */

/** @brief The kernel's atomic_t. */
typedef struct {
	int counter; /**< the value; use the atomic_ operations only */
} atomic_t;

/** @brief The kernel's atomic64_t. */
typedef struct {
	long long counter; /**< the value; use the atomic64_ operations only */
} atomic64_t;

/**
 * @brief Initialiser of an atomic_t or atomic64_t.
 * @param i the initial value.
 */
#define ATOMIC_INIT(i) { (i) }
/**
 * @brief Initialiser of an atomic64_t.
 * @param i the initial value.
 */
#define ATOMIC64_INIT(i) { (i) }

/** @cond FO_INTERNAL */
static inline long long fo__atomic_op(void *p, size_t size, enum fo_rmw_op op, long long a,
				      long long b, enum fo_order order, const char *what)
{
	uint64_t old = 0;

	fo_rmw(p, size, op, (uint64_t)a, (uint64_t)b, order, &old, what);
	return size == 4 ? (long long)(int)(uint32_t)old : (long long)old;
}
/** @endcond */

/**
 * @brief Read an atomic_t (unordered).
 * @param v pointer to the atomic_t.
 */
#define atomic_read(v) READ_ONCE((v)->counter)
/**
 * @brief Set an atomic_t (unordered).
 * @param v pointer to the atomic_t.
 * @param i the value.
 */
#define atomic_set(v, i) WRITE_ONCE((v)->counter, (int)(i))
/**
 * @brief Add @p i to an atomic_t (unordered, no value returned).
 * @param i the addend.
 * @param v pointer to the atomic_t.
 */
#define atomic_add(i, v) \
	((void)fo__atomic_op(&(v)->counter, 4, FO_RMW_ADD, (i), 0, FO_ONCE, "atomic_add(" #v ")"))
/**
 * @brief Subtract @p i from an atomic_t (unordered).
 * @param i the value to subtract.
 * @param v pointer to the atomic_t.
 */
#define atomic_sub(i, v) \
	((void)fo__atomic_op(&(v)->counter, 4, FO_RMW_ADD, -(long long)(i), 0, FO_ONCE, \
			     "atomic_sub(" #v ")"))
/**
 * @brief Increment an atomic_t (unordered).
 * @param v pointer to the atomic_t.
 */
#define atomic_inc(v) \
	((void)fo__atomic_op(&(v)->counter, 4, FO_RMW_ADD, 1, 0, FO_ONCE, "atomic_inc(" #v ")"))
/**
 * @brief Decrement an atomic_t (unordered).
 * @param v pointer to the atomic_t.
 */
#define atomic_dec(v) \
	((void)fo__atomic_op(&(v)->counter, 4, FO_RMW_ADD, -1, 0, FO_ONCE, "atomic_dec(" #v ")"))
/**
 * @brief Increment an atomic_t and return the new value (fully ordered).
 * @param v pointer to the atomic_t.
 */
#define atomic_inc_return(v) \
	((int)(fo__atomic_op(&(v)->counter, 4, FO_RMW_ADD, 1, 0, FO_FULL, \
			     "atomic_inc_return(" #v ")") + 1))
/**
 * @brief Decrement an atomic_t and return the new value (fully ordered).
 * @param v pointer to the atomic_t.
 */
#define atomic_dec_return(v) \
	((int)(fo__atomic_op(&(v)->counter, 4, FO_RMW_ADD, -1, 0, FO_FULL, \
			     "atomic_dec_return(" #v ")") - 1))
/**
 * @brief Decrement an atomic_t; true if it reached 0 (fully ordered).
 * @param v pointer to the atomic_t.
 */
#define atomic_dec_and_test(v) (atomic_dec_return(v) == 0)
/**
 * @brief Add @p i to an atomic_t and return the old value (fully ordered).
 * @param i the addend.
 * @param v pointer to the atomic_t.
 */
#define atomic_fetch_add(i, v) \
	((int)fo__atomic_op(&(v)->counter, 4, FO_RMW_ADD, (i), 0, FO_FULL, "atomic_fetch_add(" #v ")"))
/**
 * @brief Compare-and-exchange an atomic_t (fully ordered).
 * @param v pointer to the atomic_t.
 * @param o the expected value.
 * @param n the new value.
 * @return the old value.
 */
#define atomic_cmpxchg(v, o, n) \
	((int)fo__atomic_op(&(v)->counter, 4, FO_RMW_CMPXCHG, (int)(o), (int)(n), FO_FULL, \
			    "atomic_cmpxchg(" #v ")"))
/**
 * @brief Exchange an atomic_t (fully ordered).
 * @param v pointer to the atomic_t.
 * @param n the new value.
 * @return the old value.
 */
#define atomic_xchg(v, n) \
	((int)fo__atomic_op(&(v)->counter, 4, FO_RMW_XCHG, (int)(n), 0, FO_FULL, "atomic_xchg(" #v ")"))

/**
 * @brief Read an atomic64_t (unordered).
 * @param v pointer to the atomic64_t.
 */
#define atomic64_read(v) READ_ONCE((v)->counter)
/**
 * @brief Set an atomic64_t (unordered).
 * @param v pointer to the atomic64_t.
 * @param i the value.
 */
#define atomic64_set(v, i) WRITE_ONCE((v)->counter, (long long)(i))
/**
 * @brief Add @p i to an atomic64_t (unordered).
 * @param i the addend.
 * @param v pointer to the atomic64_t.
 */
#define atomic64_add(i, v) \
	((void)fo__atomic_op(&(v)->counter, 8, FO_RMW_ADD, (i), 0, FO_ONCE, "atomic64_add(" #v ")"))
/**
 * @brief Subtract @p i from an atomic64_t (unordered).
 * @param i the value to subtract.
 * @param v pointer to the atomic64_t.
 */
#define atomic64_sub(i, v) \
	((void)fo__atomic_op(&(v)->counter, 8, FO_RMW_ADD, -(long long)(i), 0, FO_ONCE, \
			     "atomic64_sub(" #v ")"))
/**
 * @brief Increment an atomic64_t (unordered).
 * @param v pointer to the atomic64_t.
 */
#define atomic64_inc(v) \
	((void)fo__atomic_op(&(v)->counter, 8, FO_RMW_ADD, 1, 0, FO_ONCE, "atomic64_inc(" #v ")"))
/**
 * @brief Decrement an atomic64_t (unordered).
 * @param v pointer to the atomic64_t.
 */
#define atomic64_dec(v) \
	((void)fo__atomic_op(&(v)->counter, 8, FO_RMW_ADD, -1, 0, FO_ONCE, "atomic64_dec(" #v ")"))
/**
 * @brief Increment an atomic64_t and return the new value (fully ordered).
 * @param v pointer to the atomic64_t.
 */
#define atomic64_inc_return(v) \
	(fo__atomic_op(&(v)->counter, 8, FO_RMW_ADD, 1, 0, FO_FULL, "atomic64_inc_return(" #v ")") + 1)
/**
 * @brief Decrement an atomic64_t and return the new value (fully ordered).
 * @param v pointer to the atomic64_t.
 */
#define atomic64_dec_return(v) \
	(fo__atomic_op(&(v)->counter, 8, FO_RMW_ADD, -1, 0, FO_FULL, "atomic64_dec_return(" #v ")") - 1)
/**
 * @brief Add @p i to an atomic64_t and return the old value (fully ordered).
 * @param i the addend.
 * @param v pointer to the atomic64_t.
 */
#define atomic64_fetch_add(i, v) \
	fo__atomic_op(&(v)->counter, 8, FO_RMW_ADD, (i), 0, FO_FULL, "atomic64_fetch_add(" #v ")")
/**
 * @brief Compare-and-exchange an atomic64_t (fully ordered).
 * @param v pointer to the atomic64_t.
 * @param o the expected value.
 * @param n the new value.
 * @return the old value.
 */
#define atomic64_cmpxchg(v, o, n) \
	fo__atomic_op(&(v)->counter, 8, FO_RMW_CMPXCHG, (o), (n), FO_FULL, "atomic64_cmpxchg(" #v ")")
/**
 * @brief Exchange an atomic64_t (fully ordered).
 * @param v pointer to the atomic64_t.
 * @param n the new value.
 * @return the old value.
 */
#define atomic64_xchg(v, n) \
	fo__atomic_op(&(v)->counter, 8, FO_RMW_XCHG, (n), 0, FO_FULL, "atomic64_xchg(" #v ")")

/* ---- bit operations and bit waits ---- */

/** @brief wait_on_bit() mode: not interruptible. */
#define TASK_UNINTERRUPTIBLE FO_TASK_UNINTERRUPTIBLE
/** @brief wait_on_bit() mode: ended by a kill. */
#define TASK_KILLABLE FO_TASK_KILLABLE

/**
 * @brief Read bit @p nr (unordered).
 * @param nr the bit.
 * @param addr the word.
 */
#define test_bit(nr, addr) fo_test_bit((nr), (addr))
/**
 * @brief Read bit @p nr with acquire ordering.
 * @param nr the bit.
 * @param addr the word.
 */
#define test_bit_acquire(nr, addr) fo_test_bit_acquire((nr), (addr))
/**
 * @brief Set bit @p nr atomically (unordered).
 * @param nr the bit.
 * @param addr the word.
 */
#define set_bit(nr, addr) fo_set_bit((nr), (addr))
/**
 * @brief Clear bit @p nr atomically (unordered).
 * @param nr the bit.
 * @param addr the word.
 */
#define clear_bit(nr, addr) fo_clear_bit((nr), (addr))
/**
 * @brief Set bit @p nr, return its old value (fully ordered).
 * @param nr the bit.
 * @param addr the word.
 */
#define test_and_set_bit(nr, addr) fo_test_and_set_bit((nr), (addr))
/**
 * @brief Clear bit @p nr, return its old value (fully ordered).
 * @param nr the bit.
 * @param addr the word.
 */
#define test_and_clear_bit(nr, addr) fo_test_and_clear_bit((nr), (addr))
/**
 * @brief Set bit @p nr, return its old value (acquire: taking a bit lock).
 * @param nr the bit.
 * @param addr the word.
 */
#define test_and_set_bit_lock(nr, addr) fo_test_and_set_bit_lock((nr), (addr))
/**
 * @brief Clear bit @p nr with release ordering (dropping a bit lock).
 * @param nr the bit.
 * @param addr the word.
 */
#define clear_bit_unlock(nr, addr) fo_clear_bit_unlock((nr), (addr))
/**
 * @brief Sleep until bit @p bit of @p word is clear.
 * @param word the word.
 * @param bit the bit.
 * @param mode TASK_UNINTERRUPTIBLE or TASK_KILLABLE.
 * @return 0, or -EINTR if killed in a killable wait.
 */
#define wait_on_bit(word, bit, mode) fo_wait_on_bit((word), (bit), (mode))
/**
 * @brief Wait until bit @p bit of @p word is clear, then set it.
 * @param word the word.
 * @param bit the bit.
 * @param mode TASK_UNINTERRUPTIBLE or TASK_KILLABLE.
 * @return 0, or -EINTR if killed in a killable wait.
 */
#define wait_on_bit_lock(word, bit, mode) fo_wait_on_bit_lock((word), (bit), (mode))
/**
 * @brief Wake the waiters on bit @p bit of @p word (full barrier built in).
 * @param word the word.
 * @param bit the bit.
 */
#define wake_up_bit(word, bit) fo_wake_up_bit((word), (bit))

/**
 * @brief clear_bit_unlock(), the barrier, then wake_up_bit(), as the kernel's.
 * @param bit the bit.
 * @param word the word.
 */
static inline void clear_and_wake_up_bit(long bit, unsigned long *word)
{
	fo_clear_bit_unlock(bit, word);
	fo_fence(FO_FENCE_AFTER_ATOMIC);
	fo_wake_up_bit(word, bit);
}

/* ---- variable waits ---- */

/**
 * @brief Sleep until @p condition holds, woken by wake_up_var(@p var).
 * @param var the address the wait is addressed to.
 * @param condition an expression, tested again after every wake-up.
 */
#define wait_var_event(var, condition)                                            \
	do {                                                                      \
		unsigned fo__ticket;                                              \
		for (;;) {                                                        \
			fo_wait_var_prepare((var), &fo__ticket);                  \
			if (condition)                                            \
				break;                                            \
			fo_wait_var_sleep((var), fo__ticket,                      \
					  "wait_var_event(" #var ", " #condition ")"); \
		}                                                                 \
	} while (0)

/**
 * @brief Wake the wait_var_event()s on @p var (full barrier built in).
 * @param var the address.
 */
#define wake_up_var(var) ((void)fo_wake_up_var(var))

/* ---- completions ---- */

/** @brief The kernel's struct completion. */
struct completion {
	fo_completion fo; /**< the completion */
};

/**
 * @brief Define a completion not yet completed.
 * @param x the variable's name.
 */
#define DECLARE_COMPLETION(x) struct completion x = { { 0, #x } }
/**
 * @brief Make *@p x a completion not yet completed.
 * @param x pointer to the completion.
 */
#define init_completion(x) ((void)fo_completion_init(&(x)->fo, #x))
/**
 * @brief Complete once: one wait returns.
 * @param x pointer to the completion.
 */
#define complete(x) ((void)fo_complete(&(x)->fo, false))
/**
 * @brief Complete for good: every wait returns.
 * @param x pointer to the completion.
 */
#define complete_all(x) ((void)fo_complete(&(x)->fo, true))
/**
 * @brief Wait for a completion (not interruptible).
 * @param x pointer to the completion.
 */
#define wait_for_completion(x) ((void)fo_completion_wait(&(x)->fo, false))
/**
 * @brief Wait for a completion, or a kill.
 * @param x pointer to the completion.
 * @return 0, or -EINTR if the task was killed.
 */
#define wait_for_completion_killable(x) fo_completion_wait(&(x)->fo, true)

/* ---- current ---- */

/** @brief The running task (fo_task *). */
#define current (fo_task_current())

/**
 * @brief Whether task @p p has been killed (fo_task_kill()).
 * @param p the task, e.g. current.
 */
#define fatal_signal_pending(p) (fo_task_killed(p) == 1)

/* ---- work items ---- */

/** @brief The kernel's struct work_struct is struct fo_work (sync.h). */
#define work_struct fo_work
/** @brief The function a work item runs. */
typedef fo_work_fn work_func_t;
/** @brief A work queue: there is one, and every name of it is the same. */
struct workqueue_struct;
/** @brief The system work queue. */
#define system_wq ((struct workqueue_struct *)NULL)

/**
 * @brief Make @p w an idle work item running @p f.
 * @param w pointer to the work item.
 * @param f its function.
 */
#define INIT_WORK(w, f) ((void)fo_work_init((w), (f)))
/**
 * @brief Queue @p w; false if it was queued or running already.
 * @param wq the work queue (any: there is one).
 * @param w pointer to the work item.
 */
static inline bool queue_work(struct workqueue_struct *wq, struct work_struct *w)
{
	(void)wq;
	return fo_queue_work(w) == 1;
}

/**
 * @brief Queue @p w on the system work queue.
 * @param w pointer to the work item.
 */
static inline bool schedule_work(struct work_struct *w)
{
	return fo_queue_work(w) == 1;
}

/**
 * @brief Wait until @p w is idle; true if it waited.
 * @param w pointer to the work item.
 */
static inline bool flush_work(struct work_struct *w)
{
	return fo_flush_work(w) == 1;
}

/* ---- lists ---- */

/** @brief The kernel's doubly linked list node and head. */
struct list_head {
	struct list_head *next; /**< the next node, or the head */
	struct list_head *prev; /**< the previous node, or the head */
};

/**
 * @brief Initialiser of an empty list head.
 * @param name the head's variable name.
 */
#define LIST_HEAD_INIT(name) { &(name), &(name) }
/**
 * @brief Define an empty list head.
 * @param name the variable's name.
 */
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/**
 * @brief The struct that contains @p ptr as member @p member.
 * @param ptr pointer to the member.
 * @param type the containing struct type.
 * @param member the member's name.
 */
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

/**
 * @brief Make @p h an empty list.
 * @param h the head.
 */
static inline void INIT_LIST_HEAD(struct list_head *h)
{
	WRITE_ONCE(h->next, h);
	h->prev = h;
}

/** @cond FO_INTERNAL */
static inline void fo__list_add(struct list_head *n, struct list_head *prev, struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	WRITE_ONCE(prev->next, n);
}

static inline void fo__list_del(struct list_head *prev, struct list_head *next)
{
	next->prev = prev;
	WRITE_ONCE(prev->next, next);
}
/** @endcond */

/**
 * @brief Whether the list is empty (head->next read with READ_ONCE).
 * @param h the head.
 */
static inline bool list_empty(const struct list_head *h)
{
	return READ_ONCE(h->next) == h;
}

/**
 * @brief Insert @p n after @p h.
 * @param n the new node.
 * @param h the head (or node) to insert after.
 */
static inline void list_add(struct list_head *n, struct list_head *h)
{
	fo__list_add(n, h, h->next);
}

/**
 * @brief Insert @p n before @p h (at the tail of the list @p h heads).
 * @param n the new node.
 * @param h the head.
 */
static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	fo__list_add(n, h->prev, h);
}

/**
 * @brief Unlink @p e; its pointers are left dangling (NULL here).
 * @param e the node.
 */
static inline void list_del(struct list_head *e)
{
	fo__list_del(e->prev, e->next);
	e->next = NULL;
	e->prev = NULL;
}

/**
 * @brief Unlink @p e and make it an empty list of its own.
 * @param e the node.
 */
static inline void list_del_init(struct list_head *e)
{
	fo__list_del(e->prev, e->next);
	INIT_LIST_HEAD(e);
}

/**
 * @brief Move @p e to the tail of the list @p h heads.
 * @param e the node.
 * @param h the head.
 */
static inline void list_move_tail(struct list_head *e, struct list_head *h)
{
	fo__list_del(e->prev, e->next);
	list_add_tail(e, h);
}

/**
 * @brief Whether the list has exactly one node.
 * @param h the head.
 */
static inline bool list_is_singular(const struct list_head *h)
{
	return !list_empty(h) && h->next == h->prev;
}

/**
 * @brief The entry that contains list node @p ptr.
 * @param ptr the node.
 * @param type the entry type.
 * @param member the node's member name.
 */
#define list_entry(ptr, type, member) container_of(ptr, type, member)
/**
 * @brief The first entry of a non-empty list.
 * @param h the head.
 * @param type the entry type.
 * @param member the node's member name.
 */
#define list_first_entry(h, type, member) list_entry((h)->next, type, member)
/**
 * @brief Iterate over the entries of a list.
 * @param pos the cursor (an entry pointer).
 * @param h the head.
 * @param member the node's member name.
 */
#define list_for_each_entry(pos, h, member)                                       \
	for (pos = list_entry((h)->next, __typeof__(*pos), member); &pos->member != (h); \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))
/**
 * @brief Iterate over the entries of a list; the body may delete @p pos.
 * @param pos the cursor.
 * @param n another cursor, for the next entry.
 * @param h the head.
 * @param member the node's member name.
 */
#define list_for_each_entry_safe(pos, n, h, member)                               \
	for (pos = list_entry((h)->next, __typeof__(*pos), member),               \
	    n = list_entry(pos->member.next, __typeof__(*pos), member);           \
	     &pos->member != (h);                                                 \
	     pos = n, n = list_entry(n->member.next, __typeof__(*n), member))

#ifdef __cplusplus
}
#endif
#endif /* FUSEORD_KERNEL_H */

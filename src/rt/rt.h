/* SPDX-License-Identifier: MIT */
/*
 * rt.h - the runtime seam between the model and its two backends.
 *
 * The model (src/model/) is written in kernel dialect and calls only what is
 * declared here: spinlocks, bit operations, plain and atomic field accesses,
 * completions and the generic wait/wake underneath them. Every primitive first
 * passes a scheduling point, rt_point(), naming the object it is about to
 * touch and how. In free-running mode (current task has no scheduler) the
 * point is one predictable branch and the primitive runs on real atomics and
 * futexes. In deterministic mode (src/rt/sim.c) the point hands control to
 * the scheduler, which decides who runs next; blocking goes through
 * sched->ops->block so the scheduler knows who waits on what.
 *
 * The same code serves both modes because of one guarantee the deterministic
 * scheduler gives: only one task runs between two points, so the real atomics
 * below never contend and never reach a futex there.
 */
#ifndef FUSEORD_RT_H
#define FUSEORD_RT_H

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "fuseord/bitops.h"
#include "fuseord/task.h"

/*
 * Every symbol the library exports starts with fo_, so a user's test that
 * links it never meets a second set_bit or spin_lock. The model keeps the
 * kernel's names in its source; these defines move the out-of-line ones into
 * the fo_ name space at compile time.
 */
#define rt_current_task fo_rt_current_task
#define rt_task_self_init fo_rt_task_self_init
#define rt_task_abandoned fo_rt_task_abandoned
#define rt_spawn fo_rt_spawn
#define rt_wait_event fo_rt_wait_event
#define rt_wake fo_rt_wake
#define rt_wait_event_free fo_rt_wait_event_free
#define rt_wake_free fo_rt_wake_free
#define wait_on_bit fo_rt_wait_on_bit
#define wake_up_bit fo_rt_wake_up_bit
#define spin_lock_init fo_rt_spin_lock_init
#define spin_lock fo_rt_spin_lock
#define spin_unlock fo_rt_spin_unlock
#define init_completion fo_rt_init_completion
#define wait_for_completion fo_rt_wait_for_completion
#define complete_all fo_rt_complete_all
#define completion_done fo_rt_completion_done
#define rt_lock_holder fo_rt_lock_holder
#define rt_gated_point fo_rt_gated_point
#define rt_wait_point fo_rt_wait_point
#define rt_ensure fo_rt_ensure
#define rt_hold fo_rt_hold
#define rt_unhold fo_rt_unhold
#define rt_late fo_rt_late

#define BITS_PER_LONG ((long)(sizeof(unsigned long) * CHAR_BIT))

#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

/*
 * What a step does to one object it touches. Two steps of different tasks
 * are dependent (do not commute) iff they touch a common object in kinds
 * that conflict (rt_access_conflict(): not both reads, a wake-up only
 * against waits, wake-ups and atomic or lock updates, a mark only against
 * a probe): that is the whole dependency relation the explorer's
 * partial-order reduction works with (sim_dependent()).
 */
enum rt_access {
	RT_READ,    /* load of a field or test_bit */
	RT_WRITE,   /* store, set_bit, clear_bit */
	RT_RMW,     /* atomic read-modify-write */
	RT_LOCK,    /* spin_lock */
	RT_UNLOCK,  /* spin_unlock */
	RT_WAIT,    /* about to test a wait condition (and maybe sleep): a read */
	RT_WAKE,    /* wake_up_*: a write of what the sleepers wait on */
	/*
	 * The two sides of an order the oracles compare, on a ghost object
	 * (struct rt_ghost) that no other kind touches: a mark (a reply
	 * entering the send order, an open returning, a release) and a probe
	 * (a notification, FIEMAP) conflict with each other only. The checks
	 * compare a probe's place with the marks' before it, never two
	 * marks' or two probes', so those pairs commute.
	 */
	RT_MARK,
	RT_PROBE,
	/* rt_point() only, not an access: a step that touches no object */
	RT_EVENT,
};

static inline bool rt_access_reads(int kind)
{
	return kind == RT_READ || kind == RT_WAIT;
}

/*
 * The kinds of access that do not commute with one of @kind on the same
 * object, as a mask of (1 << kind). Two reads commute; anything else
 * conflicts, except that a wake-up commutes with plain loads and stores:
 * it changes no value, only who sleeps, and sleeping is decided by a
 * wait's test (RT_WAIT), by the re-check of a woken thread (RT_RMW) and by
 * locks, with which it stays in conflict. A mark conflicts with a probe
 * only, and a probe with a mark.
 */
static inline unsigned rt_access_conflicts(int kind)
{
	const unsigned reads = 1u << RT_READ | 1u << RT_WAIT;
	const unsigned writes = 1u << RT_WRITE | 1u << RT_RMW | 1u << RT_LOCK | 1u << RT_UNLOCK;
	const unsigned wake = 1u << RT_WAKE;

	switch (kind) {
	case RT_READ: return writes;
	case RT_WAIT: return writes | wake;
	case RT_WRITE: return writes | reads;
	case RT_WAKE: return (writes & ~(1u << RT_WRITE)) | 1u << RT_WAIT | wake;
	case RT_MARK: return 1u << RT_PROBE;
	case RT_PROBE: return 1u << RT_MARK;
	default: return writes | reads | wake; /* RT_RMW, RT_LOCK, RT_UNLOCK */
	}
}

/* Whether accesses of kinds @a and @b to one object fail to commute. */
static inline bool rt_access_conflict(int a, int b)
{
	return rt_access_conflicts(a) & (1u << b);
}

/*
 * The memory order of an access, recorded for what a weaker memory model
 * would need; the deterministic scheduler runs every step sequentially
 * consistently. RT_MO_PLAIN is a plain C access, which the explorer's race
 * check wants ordered by synchronisation.
 */
enum rt_order { RT_MO_RELAXED, RT_MO_ACQUIRE, RT_MO_RELEASE, RT_MO_SEQ_CST, RT_MO_PLAIN };

/* One access of a step: the object (an address), what is done, its order. */
struct rt_acc {
	const void *obj;
	uint8_t kind;  /* enum rt_access, never RT_EVENT */
	uint8_t order; /* enum rt_order */
};

/* The most objects one step touches (an observation of the oracles: four). */
#define RT_MAX_ACC 4

/* The most accesses a task holds for all its steps (rt_hold()). */
#define RT_MAX_HELD 2

/*
 * A ghost object: state the oracles observe that no kernel field holds
 * (the connection's send order, an inode's opens as FIEMAP sees them). It
 * is never read or written as memory; its address is its identity, so that
 * the steps the oracles order name it like any other object.
 */
#define rt_ghost fo_model_ghost
struct rt_ghost {
	char unused;
};

/*
 * Or'ed into rt_point()'s access: a plain C access (kernel.h's fo_plain_*),
 * recorded with RT_MO_PLAIN.
 */
#define RT_PLAIN 0x40

/*
 * A step flag: the step is gated (fo_task.gate): enabled only while the
 * gate's condition holds, so no schedule holds a failed attempt. For
 * RT_LOCK (the lock is free) the explorer reverses it with the holder's
 * acquisition rather than with the release it can never precede; for a
 * gated wait (a join, a completion), with nothing that made it enabled.
 */
#define RT_GATED 0x20

/* A step flag: traces show the step by its name (the worker's stages). */
#define RT_NOTE 0x10

/* The modifier bits of rt_point()'s access. */
#define RT_ACCESS_FLAGS (RT_PLAIN | RT_GATED | RT_NOTE)

struct rt_wait;
struct rt_sched;

/*
 * The deterministic scheduler's side of the seam. NULL in free-running mode.
 * point: called before every step; returns when this task may run it.
 * block: called when a wait's condition is false; returns 0 once woken with
 *        the condition true, -EINTR when killed during a killable wait.
 * wake:  a wake-up on (var, bit) was issued.
 */
struct rt_sched_ops {
	/* the next step touches @acc[0..n-1]; @flags: RT_GATED, RT_NOTE */
	void (*point)(struct rt_sched *s, int flags, const struct rt_acc *acc, int n,
		      const char *what);
	/* whether the step the current task is taking includes access @a */
	bool (*covers)(struct rt_sched *s, const struct rt_acc *a);
	/* the step the current task is taking makes accesses @acc[0..n-1] too */
	void (*late)(struct rt_sched *s, const struct rt_acc *acc, int n);
	int (*block)(struct rt_sched *s, const struct rt_wait *w);
	void (*wake)(struct rt_sched *s, const void *var, long bit);
	/* kill:  @victim was killed; end its killable wait, if it is in one. */
	void (*kill)(struct rt_sched *s, struct fo_task *victim);
	/* spawn: start another model thread running fn(arg); its id or -errno. */
	int (*spawn)(struct rt_sched *s, const char *name, void (*fn)(void *arg), void *arg);
	/* abandoned: a longjmp left the scheduler from inside model thread @t. */
	void (*abandoned)(struct rt_sched *s, struct fo_task *t);
};

struct rt_sched {
	const struct rt_sched_ops *ops;
	/*
	 * spin_lock() and wait_for_completion() are one gated step each
	 * (rt_gated_point()), taken when the lock is free or the completion
	 * done (or, for a killable wait, the task killed), instead of a step
	 * that may block and a second one when woken. Their wake-ups are part
	 * of the step that makes the condition true (spin_unlock(),
	 * complete_all(), the kill), so no wake-up can be lost between the
	 * two, and blocking then waking is the same trace as not blocking: one
	 * execution instead of two. Off by default: schedule tokens recorded
	 * without it (fo1.) replay without it.
	 */
	bool gate_waits;
};

struct rt_bucket;

struct fo_task {
	const char *name;
	atomic_int killed;
	atomic_int sleeping;
	/* free backend: the bucket slept on, so fo_task_kill() can wake it */
	_Atomic(struct rt_bucket *) wait_bucket;
	/* deterministic mode: the scheduler this task runs under, else NULL */
	struct rt_sched *sched;
	void *sched_priv;
	/* deterministic mode: the task's coroutine stack, to tell a live one */
	const char *stack_lo, *stack_hi;
	unsigned long futex_calls;
	/*
	 * deterministic mode: while set, the task's announced step may only be
	 * taken when gate->cond(gate) holds (a lock step, enabled only when the
	 * lock is free), so no schedule holds a failed attempt
	 */
	const struct rt_wait *gate;
	/*
	 * deterministic mode: accesses every step of the task makes while
	 * they are held (rt_hold()), besides its own
	 */
	struct rt_acc held[RT_MAX_HELD];
	uint8_t nheld;
};

/*
 * The running task. Thread-local and documented as the one piece of mutable
 * global state of the runtime, as the kernel's `current` is: the free backend
 * points it at the thread's own task, the deterministic scheduler points it
 * at the model thread it resumes.
 */
extern _Thread_local struct fo_task *rt_current_task;
struct fo_task *rt_task_self_init(void);

struct fo_task *rt_task_abandoned(struct fo_task *t);

/*
 * A model thread's code runs on its coroutine stack. If `current` names a
 * model thread while the stack is the OS thread's own, a longjmp (a failed
 * CMocka assertion inside a model thread) has left the scheduler for good:
 * rt_task_abandoned() says so and makes the thread's own task current again.
 */
static inline struct fo_task *rt_current(void)
{
	struct fo_task *t = rt_current_task;

	if (unlikely(!t))
		return rt_task_self_init();
	if (unlikely(t->sched)) {
		const char *sp = __builtin_frame_address(0);

		if (unlikely(sp < t->stack_lo || sp >= t->stack_hi))
			return rt_task_abandoned(t);
	}
	return t;
}

/*
 * The scheduling point of a step that touches @n objects: a no-op unless a
 * deterministic scheduler is in charge. @flags: RT_GATED, RT_NOTE.
 */
static inline void rt_point_n(int flags, const struct rt_acc *acc, int n, const char *what)
{
	struct fo_task *t = rt_current();

	if (unlikely(t->sched))
		t->sched->ops->point(t->sched, flags, acc, n, what);
}

static inline int rt_default_order(int kind)
{
	switch (kind) {
	case RT_LOCK:
	case RT_WAIT:
		return RT_MO_ACQUIRE;
	case RT_UNLOCK:
	case RT_WAKE:
		return RT_MO_RELEASE;
	case RT_RMW:
		return RT_MO_SEQ_CST;
	default:
		return RT_MO_RELAXED;
	}
}

/*
 * The scheduling point of a step with one access (or none: RT_EVENT), the
 * kind maybe or'ed with RT_PLAIN, RT_GATED or RT_NOTE.
 */
static inline void rt_point(int a, const void *obj, const char *what)
{
	struct fo_task *t = rt_current();

	if (unlikely(t->sched)) {
		int kind = a & ~RT_ACCESS_FLAGS;
		struct rt_acc acc = {
			.obj = obj, .kind = (uint8_t)kind,
			.order = (uint8_t)(a & RT_PLAIN ? RT_MO_PLAIN : rt_default_order(kind)),
		};

		t->sched->ops->point(t->sched, a & (RT_GATED | RT_NOTE), &acc,
				     kind == RT_EVENT || !obj ? 0 : 1, what);
	}
}

/*
 * rt_ensure() - make sure the step the current task is taking includes
 * every access of @need: if one is missing, take a step of its own with
 * them all first. What the oracles read is the trace event emitted in the
 * step; the model calls this before emitting one, so that every event
 * arrives in a step that names the objects whose order decides its
 * verdict, whether or not the primitive before it did (fuse_trace()).
 */
void rt_ensure(const struct rt_acc *need, int n, const char *what);

/*
 * rt_hold() - from here to rt_unhold(), every step of the current task
 * also makes access @a: for an event emitted at the end of an operation
 * whose last step is not known in advance (a release, a daemon write), so
 * that whichever step it is names what the event is ordered by. At most
 * two are held; a third is refused with -ENOSPC.
 */
int rt_hold(const struct rt_acc *a);
void rt_unhold(void);

/*
 * rt_late() - the step the current task is taking makes the accesses
 * @acc[0..n-1] too: the event it emits is what they order. The race
 * analysis sees a step with its own accesses and these, so only the step
 * that ends an operation is ordered by what its end event is ordered by;
 * the accesses held (rt_hold()) widen only the step a thread announces,
 * which the sleep sets compare before it runs. Each access must already
 * be covered by the announced step, own or held (rt_ensure() sees to it),
 * so the step taken never touches what the announced one does not.
 */
void rt_late(const struct rt_acc *acc, int n);

/*
 * A wait: sleep until cond(w) holds. Wake-ups are addressed to (var, bit);
 * bit is -1 for waits that are not on a bit. A killable wait also ends when
 * the task is killed. `idle` marks a wait that is not a hang when nobody
 * else can run (the invalidation worker waiting for work).
 */
struct rt_wait {
	const void *var;
	long bit;
	bool (*cond)(const struct rt_wait *w);
	const void *arg;
	bool killable;
	bool idle;
	const char *what; /* "bit FUSE_I_INVAL_FILES of inode 7" — for reports */
};

/*
 * rt_wait_event() - sleep until w->cond(w) holds.
 * Tests the condition first: returns 0 without a system call if it holds.
 * Return: 0, or -EINTR if w->killable and the task was killed.
 * Ordering: acquire; a condition made true before rt_wake() is seen.
 */
int rt_wait_event(const struct rt_wait *w);

/*
 * rt_wake() - wake every task sleeping on (var, bit).
 * A full barrier first orders the caller's condition change before the look
 * for waiters; no system call when nobody waits on the bucket.
 */
void rt_wake(const void *var, long bit);

/*
 * rt_gated_point() - announce step (@access | RT_GATED, @obj), which
 * becomes enabled only once @w's condition holds, and return when it is
 * taken (the condition then holds). Free-running, rt_wait_event(@w).
 * Return: 0, or what rt_wait_event() returns.
 */
int rt_gated_point(int access, const void *obj, const struct rt_wait *w);

/*
 * rt_wait_point() - announce the step that tests @w's condition: a read
 * of what it waits on and, for a killable wait, of whether the task was
 * killed, which decides it as much.
 */
void rt_wait_point(const struct rt_wait *w, const char *what);

/*
 * rt_lock_holder() - the task holding the fuseord/sync.h fo_lock that @w
 * waits for (a gated lock step), for deadlock reports; NULL if @w is no
 * such wait or nobody holds the lock.
 */
const struct fo_task *rt_lock_holder(const struct rt_wait *w);

/* Free backend internals, shared with the tests through fo_task_*. */
int rt_wait_event_free(struct fo_task *t, const struct rt_wait *w);
void rt_wake_free(const void *var, long bit);

/* ---- bit operations (the fo_ ones are these, exported) ---- */

static inline unsigned long *rt_bit_word(long nr, const unsigned long *addr)
{
	return (unsigned long *)addr + nr / BITS_PER_LONG;
}

static inline unsigned long rt_bit_mask(long nr)
{
	return 1UL << (nr % BITS_PER_LONG);
}

/*
 * The __atomic builtins work on the kernel's plain `unsigned long` word,
 * which is what the model's state fields are; C11 would need _Atomic types.
 */
static inline bool test_bit(long nr, const unsigned long *addr)
{
	rt_point(RT_READ, rt_bit_word(nr, addr), "test_bit");
	return (__atomic_load_n(rt_bit_word(nr, addr), __ATOMIC_RELAXED) &
		rt_bit_mask(nr)) != 0;
}

static inline void set_bit(long nr, unsigned long *addr)
{
	rt_point(RT_WRITE, rt_bit_word(nr, addr), "set_bit");
	__atomic_fetch_or(rt_bit_word(nr, addr), rt_bit_mask(nr), __ATOMIC_RELAXED);
}

static inline void clear_bit(long nr, unsigned long *addr)
{
	rt_point(RT_WRITE, rt_bit_word(nr, addr), "clear_bit");
	__atomic_fetch_and(rt_bit_word(nr, addr), ~rt_bit_mask(nr), __ATOMIC_RELAXED);
}

static inline bool test_and_set_bit(long nr, unsigned long *addr)
{
	rt_point(RT_RMW, rt_bit_word(nr, addr), "test_and_set_bit");
	return (__atomic_fetch_or(rt_bit_word(nr, addr), rt_bit_mask(nr),
				  __ATOMIC_SEQ_CST) & rt_bit_mask(nr)) != 0;
}

static inline bool test_and_clear_bit(long nr, unsigned long *addr)
{
	rt_point(RT_RMW, rt_bit_word(nr, addr), "test_and_clear_bit");
	return (__atomic_fetch_and(rt_bit_word(nr, addr), ~rt_bit_mask(nr),
				   __ATOMIC_SEQ_CST) & rt_bit_mask(nr)) != 0;
}

static inline void clear_bit_unlock(long nr, unsigned long *addr)
{
	rt_point(RT_WRITE, rt_bit_word(nr, addr), "clear_bit_unlock");
	__atomic_fetch_and(rt_bit_word(nr, addr), ~rt_bit_mask(nr), __ATOMIC_RELEASE);
}

/*
 * rt_spawn() - start a model thread beside the calling one: under the
 * deterministic scheduler only (free-running code makes pthreads).
 * Return: the new thread's id, -EINVAL in free-running mode, -ENOSPC.
 */
int rt_spawn(const char *name, void (*fn)(void *arg), void *arg);

/* The kernel's task states for wait_on_bit(). */
#define TASK_UNINTERRUPTIBLE FO_TASK_UNINTERRUPTIBLE
#define TASK_KILLABLE FO_TASK_KILLABLE

/* wait_on_bit(): 0 when clear, -EINTR if killable and killed. */
int wait_on_bit(unsigned long *word, long nr, unsigned mode, const char *what);
void wake_up_bit(unsigned long *word, long nr);

/* ---- plain and atomic field accesses ---- */

/*
 * A plain kernel field that races by design (fud->write_seq++ in v2). Relaxed
 * atomics keep the model free of C undefined behaviour while a load and a
 * store stay two steps, so a lost update still happens exactly as in the
 * kernel.
 */
static inline uint64_t rt_load_u64(const uint64_t *p, const char *what)
{
	rt_point(RT_READ, p, what);
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void rt_store_u64(uint64_t *p, uint64_t v, const char *what)
{
	rt_point(RT_WRITE, p, what);
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

static inline int rt_load_int(const int *p, const char *what)
{
	rt_point(RT_READ, p, what);
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void rt_store_int(int *p, int v, const char *what)
{
	rt_point(RT_WRITE, p, what);
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/*
 * The first step of a daemon write: its place among all writes' first steps
 * is the daemon's send order, which the oracles read, so the step also
 * accesses the ghost @order (the connection's send order) as @order_kind,
 * RT_MARK for a reply and RT_PROBE for a notification: a reply and a
 * notification are dependent, and the explorer tries both orders.
 */
static inline uint64_t rt_load_u64_ordered(const uint64_t *p, struct rt_ghost *order,
					   int order_kind, const char *what)
{
	const struct rt_acc acc[] = {
		{ .obj = p, .kind = RT_READ, .order = RT_MO_RELAXED },
		{ .obj = order, .kind = (uint8_t)order_kind, .order = RT_MO_SEQ_CST },
	};

	rt_point_n(0, acc, 2, what);
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline uint64_t atomic64_inc_return_ordered(uint64_t *p, struct rt_ghost *order,
						   int order_kind, const char *what)
{
	const struct rt_acc acc[] = {
		{ .obj = p, .kind = RT_RMW, .order = RT_MO_SEQ_CST },
		{ .obj = order, .kind = (uint8_t)order_kind, .order = RT_MO_SEQ_CST },
	};

	rt_point_n(0, acc, 2, what);
	return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}

/* atomic64_inc_return(): fully ordered, as in the kernel. */
static inline uint64_t atomic64_inc_return(uint64_t *p, const char *what)
{
	rt_point(RT_RMW, p, what);
	return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}

/* ---- spinlock ---- */

/*
 * The model's spinlock_t: mutual exclusion with acquire/release ordering.
 * Sleeps on the wait table when contended rather than spinning, because the
 * free-running stress tests run more threads than the machine has cores.
 */
struct fo_model_spinlock {
	atomic_int locked;
};
/* fuseord/fuse_variant.h names it too: the fields of fuse_inode and friends */
typedef struct fo_model_spinlock spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0 }

void spin_lock_init(spinlock_t *l);
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);

/* ---- completion: a request waiting for its reply ---- */

/* struct completion: struct fo_model_completion of fuseord/fuse_variant.h */
#define completion fo_model_completion
struct completion {
	atomic_int done;
};

void init_completion(struct completion *c);
/* Uninterruptible unless killable; returns 0 or -EINTR. */
int wait_for_completion(struct completion *c, bool killable, const char *what);
void complete_all(struct completion *c);
bool completion_done(struct completion *c);

#endif /* FUSEORD_RT_H */

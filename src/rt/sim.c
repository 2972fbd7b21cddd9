/* SPDX-License-Identifier: MIT */
/*
 * sim.c - the deterministic backend: model threads as coroutines, one
 * running at a time, switched only at scheduling points (see sim.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rt/sim.h"

/* Sanitizers widen stack frames a lot; the model's call depth is small. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SIM_STACK_SIZE (512 * 1024)
#else
#define SIM_STACK_SIZE (64 * 1024)
#endif

#define container_of_sim(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static struct sim *sim_of(struct rt_sched *sched)
{
	return container_of_sim(sched, struct sim, sched);
}

/* Back to the scheduler; returns when this thread is chosen again. */
static void sim_yield(struct sim *s, struct sim_thread *t)
{
	sim_ctx_switch(&t->ctx, &s->self);
}

/* The accesses the task holds (rt_hold()) join every step it announces. */
static void sim_add_held(struct sim_thread *t)
{
	struct sim_step *st = &t->next;

	for (int i = 0; i < t->task.nheld; i++)
		st->acc[st->n++] = t->task.held[i];
	st->nheld = (uint8_t)t->task.nheld;
}

static void sim_point(struct rt_sched *sched, int flags, const struct rt_acc *acc, int n,
		      const char *what)
{
	struct sim *s = sim_of(sched);
	struct sim_thread *t = s->cur;

	if (n > RT_MAX_ACC)
		n = RT_MAX_ACC; /* the model's points name at most RT_MAX_ACC objects */
	t->next = (struct sim_step){ .thread = (uint8_t)t->id, .flags = (uint8_t)flags,
				     .n = (uint8_t)n, .what = what };
	memcpy(t->next.acc, acc, (size_t)n * sizeof(*acc));
	sim_add_held(t);
	sim_yield(s, t);
}

/* An access is covered by one of its object that conflicts with all it conflicts with. */
static bool step_covers(const struct sim_step *st, const struct rt_acc *a)
{
	unsigned need = rt_access_conflicts(a->kind);

	for (int i = 0; i < st->n; i++)
		if (st->acc[i].obj == a->obj && (rt_access_conflicts(st->acc[i].kind) & need) == need)
			return true;
	return false;
}

static bool sim_covers(struct rt_sched *sched, const struct rt_acc *a)
{
	return step_covers(&sim_of(sched)->cur->next, a);
}

/*
 * The step being taken makes @acc too. Each is covered by the announced
 * step (own or held); if one does not fit, the step taken is the announced
 * one whole, held accesses included, which is what it was before.
 */
static void sim_late(struct rt_sched *sched, const struct rt_acc *acc, int n)
{
	struct sim_thread *t = sim_of(sched)->cur;
	struct sim_step *st = &t->taken;

	for (int i = 0; i < n; i++) {
		if (step_covers(st, &acc[i]))
			continue;
		if (st->n == SIM_MAX_ACC) {
			*st = t->next;
			st->nheld = 0;
			return;
		}
		st->acc[st->n++] = acc[i];
	}
}

/*
 * Called with the condition false. The thread sleeps until a wake-up on what
 * it waits for (or a kill) makes it runnable; its next step then re-checks
 * the condition, and may take what it waited for (a lock), so that step
 * counts as a read-modify-write of the wait's object.
 */
static int sim_block(struct rt_sched *sched, const struct rt_wait *w)
{
	struct sim *s = sim_of(sched);
	struct sim_thread *t = s->cur;

	for (;;) {
		if (w->killable && atomic_load(&t->task.killed))
			return -EINTR;
		t->state = SIM_BLOCKED;
		t->wait = w;
		atomic_store(&t->task.sleeping, 1);
		sim_yield(s, t);
		atomic_store(&t->task.sleeping, 0);
		if (w->cond(w))
			return 0;
	}
}

/*
 * Woken: the next step re-checks the condition and may take what it waited
 * for (a lock), so it counts as a read-modify-write of the wait's object;
 * a killable wait's also reads whether the task was killed.
 */
static void sim_unblock(struct sim_thread *t)
{
	t->state = SIM_RUNNABLE;
	t->next = (struct sim_step){ .thread = (uint8_t)t->id, .n = 1, .what = t->wait->what };
	t->next.acc[0] = (struct rt_acc){ .obj = t->wait->var, .kind = RT_RMW,
					  .order = RT_MO_SEQ_CST };
	if (t->wait->killable)
		t->next.acc[t->next.n++] = (struct rt_acc){ .obj = &t->task.killed,
							    .kind = RT_READ,
							    .order = RT_MO_ACQUIRE };
	sim_add_held(t);
	t->wait = NULL;
}

static void sim_wake(struct rt_sched *sched, const void *var, long bit)
{
	struct sim *s = sim_of(sched);

	for (int i = 0; i < s->nthreads; i++) {
		struct sim_thread *t = &s->threads[i];

		if (t->state == SIM_BLOCKED && t->wait->var == var && t->wait->bit == bit)
			sim_unblock(t);
	}
}

static void sim_kill(struct rt_sched *sched, struct fo_task *victim)
{
	struct sim_thread *t = container_of_sim(victim, struct sim_thread, task);

	(void)sched;
	if (t->state == SIM_BLOCKED && t->wait->killable)
		sim_unblock(t);
}

static int sim_spawn_op(struct rt_sched *sched, const char *name, void (*fn)(void *arg),
			void *arg)
{
	return sim_spawn(sim_of(sched), name, fn, arg);
}

/*
 * A failed assertion in a model thread longjmps out of it: the execution
 * can never resume. Exploration is deterministic, so the same execution
 * fails again on a rerun; say which one it was.
 */
static void sim_abandoned(struct rt_sched *sched, struct fo_task *t)
{
	struct sim *s = sim_of(sched);

	fprintf(stderr,
		"fuseord: execution %llu was left at step %llu by a longjmp out of model "
		"thread '%s' (a failed assertion?); exploring again fails at the same "
		"execution\n",
		(unsigned long long)s->execution + 1, (unsigned long long)s->steps,
		t->name ? t->name : "?");
	if (s->on_abandoned)
		s->on_abandoned(s);
}

static const struct rt_sched_ops sim_ops = {
	.point = sim_point,
	.covers = sim_covers,
	.late = sim_late,
	.block = sim_block,
	.wake = sim_wake,
	.kill = sim_kill,
	.spawn = sim_spawn_op,
	.abandoned = sim_abandoned,
};

struct sim *sim_create(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t slot = SIM_STACK_SIZE + (size_t)page; /* a guard page below each stack */
	struct sim *s;
	char *map;

	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	map = mmap(NULL, slot * SIM_MAX_THREADS, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED) {
		free(s);
		return NULL;
	}
	for (int i = 0; i < SIM_MAX_THREADS; i++)
		mprotect(map + (size_t)i * slot, (size_t)page, PROT_NONE);
	s->stacks = map;
	s->stack_size = SIM_STACK_SIZE;
	s->sched.ops = &sim_ops;
	sim_ctx_init_self(&s->self);
	return s;
}

void sim_destroy(struct sim *s)
{
	if (!s)
		return;
	for (int i = 0; i < SIM_MAX_THREADS; i++)
		sim_ctx_destroy(&s->threads[i].ctx);
	munmap(s->stacks, (s->stack_size + (size_t)sysconf(_SC_PAGESIZE)) * SIM_MAX_THREADS);
	free(s);
}

void sim_reset(struct sim *s)
{
	s->nthreads = 0;
	s->steps = 0;
	s->cur = NULL;
	s->started = false;
}

static char *sim_stack_of(const struct sim *s, int i)
{
	size_t slot = s->stack_size + (size_t)sysconf(_SC_PAGESIZE);

	return (char *)s->stacks + (size_t)i * slot + (slot - s->stack_size);
}

static void sim_thread_main(void *arg);

static void sim_thread_ready(struct sim *s, struct sim_thread *t)
{
	sim_ctx_make(&t->ctx, sim_stack_of(s, t->id), s->stack_size, sim_thread_main, t);
	t->ctx_ready = true;
}

int sim_spawn(struct sim *s, const char *name, void (*fn)(void *arg), void *arg)
{
	struct sim_thread *t;

	if (s->nthreads >= SIM_MAX_THREADS)
		return -ENOSPC;
	t = &s->threads[s->nthreads];
	memset(&t->task, 0, sizeof(t->task));
	t->task.name = name;
	t->task.sched = &s->sched;
	t->task.sched_priv = t;
	t->sim = s;
	t->id = s->nthreads;
	t->name = name;
	t->fn = fn;
	t->arg = arg;
	t->state = SIM_RUNNABLE;
	t->wait = NULL;
	t->next = (struct sim_step){ .thread = (uint8_t)t->id, .what = "starts" };
	t->task.stack_lo = sim_stack_of(s, t->id);
	t->task.stack_hi = t->task.stack_lo + s->stack_size;
	t->ctx_ready = false;
	/* spawned by a running thread: it takes its first step when chosen */
	if (s->started)
		sim_thread_ready(s, t);
	return s->nthreads++;
}

static void sim_thread_main(void *arg)
{
	struct sim_thread *t = arg;

	t->fn(t->arg);
	t->state = SIM_DONE;
	sim_ctx_switch(&t->ctx, &t->sim->self); /* never resumed */
}

/* Run @t from where it stopped to its next point, block or end. */
static void sim_resume(struct sim *s, struct sim_thread *t)
{
	struct fo_task *saved = rt_current_task;

	s->cur = t;
	rt_current_task = &t->task;
	sim_ctx_switch(&s->self, &t->ctx);
	rt_current_task = saved;
	s->cur = NULL;
}

/* A runnable thread whose step is gated (a lock step) waits for its gate. */
static bool sim_gate_closed(const struct sim_thread *t)
{
	return t->task.gate && !t->task.gate->cond(t->task.gate);
}

enum sim_outcome sim_finish(const struct sim *s)
{
	bool blocked = false;

	for (int i = 0; i < s->nthreads; i++) {
		const struct sim_thread *t = &s->threads[i];

		if (t->state == SIM_RUNNABLE && sim_gate_closed(t)) {
			blocked = true;
			continue;
		}
		if (t->state == SIM_RUNNABLE)
			return SIM_RUNNING;
		if (t->state == SIM_BLOCKED && !t->wait->idle)
			blocked = true;
	}
	return blocked ? SIM_DEADLOCK : SIM_FINISHED;
}

enum sim_outcome sim_start(struct sim *s)
{
	int n = s->nthreads;

	s->started = true;
	for (int i = 0; i < n; i++) {
		struct sim_thread *t = &s->threads[i];

		sim_thread_ready(s, t);
		sim_resume(s, t);
	}
	return sim_finish(s);
}

uint32_t sim_enabled(const struct sim *s)
{
	uint32_t mask = 0;

	for (int i = 0; i < s->nthreads; i++)
		if (s->threads[i].state == SIM_RUNNABLE && !sim_gate_closed(&s->threads[i]))
			mask |= 1u << i;
	return mask;
}

enum sim_outcome sim_step(struct sim *s, int tid)
{
	struct sim_thread *t = &s->threads[tid];

	t->taken = t->next;
	t->taken.n = (uint8_t)(t->taken.n - t->taken.nheld);
	t->taken.nheld = 0;
	s->steps++;
	sim_resume(s, &s->threads[tid]);
	return sim_finish(s);
}

const char *sim_thread_name(const struct sim *s, int tid)
{
	return tid >= 0 && tid < s->nthreads ? s->threads[tid].name : NULL;
}

struct fo_task *sim_thread_task(struct sim *s, int tid)
{
	return tid >= 0 && tid < s->nthreads ? &s->threads[tid].task : NULL;
}

const struct rt_wait *sim_blocked_on(const struct sim *s, int tid)
{
	if (tid < 0 || tid >= s->nthreads)
		return NULL;
	if (s->threads[tid].state == SIM_RUNNABLE && sim_gate_closed(&s->threads[tid]))
		return s->threads[tid].task.gate;
	if (s->threads[tid].state != SIM_BLOCKED)
		return NULL;
	return s->threads[tid].wait;
}

bool sim_dependent(const struct sim_step *a, const struct sim_step *b)
{
	if (a->thread == b->thread)
		return true;
	for (int i = 0; i < a->n; i++)
		for (int j = 0; j < b->n; j++)
			if (a->acc[i].obj == b->acc[j].obj &&
			    rt_access_conflict(a->acc[i].kind, b->acc[j].kind))
				return true;
	return false;
}

/* SPDX-License-Identifier: MIT */
/*
 * dpor.c - source-DPOR with sleep sets (Abdulla et al., POPL 2014) on the
 * tree of dfs.c: after each execution, every race i ⋖ j (dependent steps of
 * different threads, i not happening-before j by another path) adds an
 * initial of notdep(i).j to the backtrack set before i. Complete
 * executions are then pairwise inequivalent: one per Mazurkiewicz trace;
 * the redundancy that is left shows as executions cut by their sleep set,
 * counted apart. The races are found in time linear in the execution (see
 * dpor_races()).
 */
#include <stdlib.h>
#include <string.h>

#include "explore/explorer.h"

static bool hb(const struct event *a, const uint32_t *clock_b)
{
	return clock_b[a->step.thread] >= a->pos;
}

/*
 * Whether step j's thread could run only because step i ran: it was not
 * enabled before i and is after, and nothing in notdep(i) before j (the
 * @nv steps in x->vk) is dependent with j, so nothing there could have
 * enabled it instead (a wake-up, a kill: each conflicts with the step it
 * enables). A woken thread's re-check is such a step: it cannot come
 * before the wake-up that woke it, so the race has no reversal; the order
 * that can change is the thread's wait against the wake-up, a race of its
 * own.
 */
static bool enabled_only_by(const struct explorer *x, size_t i, size_t j, size_t nv)
{
	uint32_t t = 1u << x->ev[j].step.thread;

	if ((x->nodes[i].enabled & t) || !(x->nodes[i + 1].enabled & t))
		return false;
	for (size_t m = 0; m < nv; m++)
		if (sim_dependent(&x->ev[x->vk[m]].step, &x->ev[j].step))
			return false;
	return true;
}

/*
 * Race i ⋖ j: add an initial of v = notdep(i).j to backtrack(i), unless one
 * is there already. An initial is a thread whose first step in v happens
 * after no other step of v.
 */
static void dpor_race(struct explorer *x, size_t i, size_t j, const uint32_t *clock_j)
{
	struct node *n = &x->nodes[i];
	const struct event *ev = x->ev;
	uint32_t initials = 0, seen = 0, pick;
	size_t *vk = x->vk; /* room for every step of the execution (grow()) */
	size_t nv = 0;

	for (size_t k = i + 1; k < j; k++) {
		int t = ev[k].step.thread;
		bool first = !(seen & (1u << t));

		if (hb(&ev[i], ev[k].clock))
			continue;
		seen |= 1u << t;
		if (first) {
			bool after = false;

			for (size_t m = 0; m < nv && !after; m++)
				after = hb(&ev[vk[m]], ev[k].clock);
			if (!after)
				initials |= 1u << t;
		}
		vk[nv++] = k;
	}
	if (!(seen & (1u << ev[j].step.thread))) {
		bool after = false;

		for (size_t m = 0; m < nv && !after; m++)
			after = hb(&ev[vk[m]], clock_j);
		if (!after)
			initials |= 1u << ev[j].step.thread;
	}
	if (!initials || (initials & n->backtrack) || enabled_only_by(x, i, j, nv))
		return;
	pick = initials & n->enabled & ~n->sleep;
	if (pick & (1u << ev[j].step.thread))
		n->backtrack |= 1u << ev[j].step.thread;
	else if (pick)
		n->backtrack |= 1u << lowest(pick);
	else if (!(initials & n->sleep))
		n->backtrack |= n->enabled & ~n->sleep; /* no initial can run here: be safe */
}

/*
 * A gated lock step (fo_lock_acquire()) is enabled only while its lock is
 * free, so the step it races with, the holder's unlock, cannot be reversed
 * with it: the reversible race is with the holder's acquisition of the same
 * lock, the latest step of that thread on the lock before the unlock.
 */
static size_t lock_race_at(const struct event *ev, size_t i, size_t j)
{
	const struct sim_step *sj = &ev[j].step, *si = &ev[i].step;
	const void *lock;
	bool unlock = false;

	if (!(sj->flags & RT_GATED) || sj->n < 1 || sj->acc[0].kind != RT_LOCK)
		return i;
	lock = sj->acc[0].obj;
	for (int a = 0; a < si->n; a++)
		unlock |= si->acc[a].kind == RT_UNLOCK && si->acc[a].obj == lock;
	if (!unlock)
		return i;
	for (size_t k = i; k-- > 0;) {
		const struct sim_step *sk = &ev[k].step;

		if (sk->thread != si->thread)
			continue;
		for (int a = 0; a < sk->n; a++)
			if (sk->acc[a].obj == lock)
				return k;
	}
	return i;
}

/*
 * Whether step @st reads whether its own thread was killed (a killable
 * wait's), and some thread may kill it.
 */
static bool killable(const struct explorer *x, const struct sim_step *st)
{
	const void *killed = &x->sim->threads[st->thread].task.killed;

	if (x->p->killers && !x->p->killers(x->p->priv, st->thread))
		return false;
	for (int a = 0; a < st->n; a++)
		if (st->acc[a].obj == killed)
			return true;
	return false;
}

/*
 * The race analysis looks at each step's possible races only: per object
 * it touches, the last step of each class of access that conflicts with
 * its own (rt_access_conflicts()) - the last write (any update: a store,
 * an atomic or lock update), the last atomic or lock update, the last
 * wake-up - and each thread's last read and last wait since, and each
 * thread's last mark and last probe; per thread, its last step. The
 * accesses of one class conflict with each other, and those of one
 * thread are in program order (reads, waits, marks and probes commute
 * among themselves, so they are kept per thread), so every earlier step
 * dependent with step j happens before one of those: it is ordered
 * before j and is no race. The candidates, checked latest first
 * as a scan back over the whole execution would, give the same races and
 * clocks in constant time per step.
 */
struct obj_index {
	const void *obj;
	uint64_t gen; /* the dpor_races() call that filled it */
	int64_t last_w;    /* RT_WRITE, RT_RMW, RT_LOCK, RT_UNLOCK */
	int64_t last_x;    /* RT_RMW, RT_LOCK, RT_UNLOCK */
	int64_t last_wake; /* RT_WAKE */
	/* per thread, in 32 bits as the clocks (EXPLORE_MAX_STEPS); -1: none */
	int32_t rd[SIM_MAX_THREADS]; /* RT_READ or RT_WAIT; a candidate when > last_w */
	int32_t wt[SIM_MAX_THREADS]; /* RT_WAIT; a candidate when > last_wake */
	int32_t mk[SIM_MAX_THREADS], pb[SIM_MAX_THREADS]; /* RT_MARK, RT_PROBE */
};

static size_t obj_slot(const void *obj, size_t cap)
{
	return (size_t)(((uint64_t)(uintptr_t)obj * UINT64_C(0x9e3779b97f4a7c15)) >> 24) &
	       (cap - 1);
}

/* Room in the object table for @more objects; -ENOMEM. */
static int obj_reserve(struct explorer *x, size_t more)
{
	size_t cap;
	struct obj_index *n;

	if ((x->nobj + more) * 2 <= x->objcap)
		return 0;
	cap = x->objcap ? x->objcap * 2 : 64;
	while ((x->nobj + more) * 2 > cap)
		cap *= 2;
	n = calloc(cap, sizeof(*n));
	if (!n)
		return -ENOMEM;
	for (size_t k = 0; k < x->objcap; k++) {
		size_t i;

		if (x->objs[k].gen != x->gen)
			continue;
		for (i = obj_slot(x->objs[k].obj, cap); n[i].gen == x->gen; i = (i + 1) & (cap - 1))
			;
		n[i] = x->objs[k];
	}
	explore_charge(x, (int64_t)((cap - x->objcap) * sizeof(*n)));
	free(x->objs);
	x->objs = n;
	x->objcap = cap;
	return 0;
}

/* The index of @obj in this analysis, a new one if it has none (room reserved). */
static struct obj_index *obj_index_of(struct explorer *x, const void *obj)
{
	struct obj_index *e;
	size_t i;

	for (i = obj_slot(obj, x->objcap); x->objs[i].gen == x->gen; i = (i + 1) & (x->objcap - 1))
		if (x->objs[i].obj == obj)
			return &x->objs[i];
	e = &x->objs[i];
	e->obj = obj;
	e->gen = x->gen;
	e->last_w = e->last_x = e->last_wake = -1;
	for (int t = 0; t < x->nt; t++)
		e->rd[t] = e->wt[t] = e->mk[t] = e->pb[t] = -1;
	x->nobj++;
	return e;
}

/*
 * A step's candidates: its thread's last step, and per access at most
 * three last updates and a read or a wait per thread.
 */
#define MAX_CANDIDATES (1 + SIM_MAX_ACC * (3 + SIM_MAX_THREADS))

static void add_candidate(int64_t *c, int *n, int64_t i)
{
	int k;

	if (i < 0)
		return;
	for (k = 0; k < *n; k++)
		if (c[k] == i)
			return;
	/* latest first */
	for (k = *n; k > 0 && c[k - 1] < i; k--)
		c[k] = c[k - 1];
	c[k] = i;
	(*n)++;
}

/* The last accesses of @o that an access of kind @kind may race with. */
static void add_candidates(int64_t *c, int *n, const struct obj_index *o, int kind, int nt)
{
	unsigned conflicts = rt_access_conflicts(kind);

	if (conflicts & (1u << RT_WRITE))
		add_candidate(c, n, o->last_w);
	if (conflicts & (1u << RT_RMW))
		add_candidate(c, n, o->last_x);
	if (conflicts & (1u << RT_WAKE))
		add_candidate(c, n, o->last_wake);
	for (int u = 0; u < nt; u++) {
		if ((conflicts & (1u << RT_READ)) && o->rd[u] > o->last_w)
			add_candidate(c, n, o->rd[u]);
		else if ((conflicts & (1u << RT_WAIT)) && o->wt[u] > o->last_wake)
			add_candidate(c, n, o->wt[u]);
		/* marks and probes commute among themselves: each thread's last */
		if (conflicts & (1u << RT_MARK))
			add_candidate(c, n, o->mk[u]);
		if (conflicts & (1u << RT_PROBE))
			add_candidate(c, n, o->pb[u]);
	}
}

static void obj_index_record(struct obj_index *o, int kind, int t, int64_t j)
{
	switch (kind) {
	case RT_WAIT:
		o->wt[t] = (int32_t)j;
		/* fallthrough */
	case RT_READ:
		o->rd[t] = (int32_t)j;
		break;
	case RT_WAKE:
		o->last_wake = j;
		break;
	case RT_MARK:
		o->mk[t] = (int32_t)j;
		break;
	case RT_PROBE:
		o->pb[t] = (int32_t)j;
		break;
	case RT_WRITE:
		o->last_w = j;
		break;
	default: /* RT_RMW, RT_LOCK, RT_UNLOCK */
		o->last_w = o->last_x = j;
		break;
	}
}

/*
 * The races of step @j, given the object index of the steps before it
 * (@o: the entries of its accesses) and each thread's last step before it
 * (@last) and count of steps (@pos): reverses each, and gives the step its
 * clock.
 */
static void step_races(struct explorer *x, size_t j, struct obj_index *const *o,
		       const int64_t *last, const uint32_t *pos)
{
	struct event *ev = x->ev;
	const struct sim_step *st = &ev[j].step;
	int t = st->thread;
	uint32_t clock[SIM_MAX_THREADS];
	int64_t c[MAX_CANDIDATES];
	int n = 0;

	for (int a = 0; a < st->n; a++)
		add_candidates(c, &n, o[a], st->acc[a].kind, x->nt);
	if (last[t] >= 0)
		memcpy(clock, ev[last[t]].clock, sizeof(clock));
	else
		memset(clock, 0, sizeof(clock));
	/* latest first, so a step already ordered through a later one is no race */
	for (int k = 0; k < n; k++) {
		size_t i = (size_t)c[k];

		if (ev[i].step.thread == t || !sim_dependent(&ev[i].step, st))
			continue;
		if (!hb(&ev[i], clock)) {
			size_t at = lock_race_at(ev, i, j);

			/*
			 * A gated wait that was not enabled at @at cannot be
			 * reversed with it: @at is what enabled it, unless a
			 * kill can open its gate too (a killable wait), which
			 * may come first.
			 */
			if (!(st->flags & RT_GATED) || (st->n && st->acc[0].kind == RT_LOCK) ||
			    (x->nodes[at].enabled & (1u << t)) || killable(x, st))
				dpor_race(x, at, j, clock);
		}
		for (int u = 0; u < x->nt; u++)
			if (ev[i].clock[u] > clock[u])
				clock[u] = ev[i].clock[u];
	}
	clock[t] = pos[t] + 1;
	ev[j].pos = pos[t] + 1;
	memcpy(ev[j].clock, clock, sizeof(clock));
}

/*
 * A deadlocked execution ends with threads whose next step is gated shut
 * (a lock another thread holds for good): that step never runs, so no
 * race of it is seen, yet taking it before the step that shut its gate is
 * another execution (the other thread then waits instead). Each is
 * analysed as a step @len appended to the execution, and forgotten.
 */
static int pending_races(struct explorer *x, size_t len, const int64_t *last,
			 const uint32_t *pos)
{
	if (x->out != SIM_DEADLOCK)
		return 0;
	for (int t = 0; t < x->sim->nthreads; t++) {
		const struct sim_thread *th = &x->sim->threads[t];
		struct obj_index *o[SIM_MAX_ACC];
		int err;

		if (th->state != SIM_RUNNABLE || !(th->next.flags & RT_GATED))
			continue;
		err = explore_reserve(x, len + 1);
		if (err)
			return err;
		x->ev[len].step = th->next;
		x->nodes[len].enabled = 0;
		if (obj_reserve(x, th->next.n))
			return -ENOMEM;
		for (int a = 0; a < th->next.n; a++)
			o[a] = obj_index_of(x, th->next.acc[a].obj);
		step_races(x, len, o, last, pos);
	}
	return 0;
}

/*
 * The races of the execution's steps from @from on up to @len. The steps
 * before @from are the last execution's own, replayed: their races and
 * clocks were found with it and are kept. Then the steps a deadlock left
 * gated shut (pending_races()).
 */
int dpor_races(struct explorer *x, size_t from, size_t len)
{
	struct event *ev = x->ev;
	uint32_t pos[SIM_MAX_THREADS] = { 0 };
	int64_t last[SIM_MAX_THREADS];

	x->gen++;
	x->nobj = 0;
	/* clocks of threads that never ran stay 0: entries past them are never read */
	x->nt = x->sim->nthreads;
	for (int t = 0; t < SIM_MAX_THREADS; t++)
		last[t] = -1;
	for (size_t j = 0; j < len; j++) {
		const struct sim_step *st = &ev[j].step;
		int t = st->thread;
		struct obj_index *o[SIM_MAX_ACC];

		if (obj_reserve(x, st->n))
			return -ENOMEM;
		for (int a = 0; a < st->n; a++)
			o[a] = obj_index_of(x, st->acc[a].obj);
		if (j >= from)
			step_races(x, j, o, last, pos);
		pos[t]++;
		for (int a = 0; a < st->n; a++)
			obj_index_record(o[a], st->acc[a].kind, t, (int64_t)j);
		last[t] = (int64_t)j;
	}
	return pending_races(x, len, last, pos);
}

static int dpor_choose(struct explorer *x, size_t depth, uint32_t enabled)
{
	return tree_choose(x, depth, enabled, true);
}

static int dpor_end(struct explorer *x, size_t depth, bool redundant)
{
	int err;

	(void)redundant;
	err = dpor_races(x, x->analysed < depth ? x->analysed : depth, depth);
	if (err > 0) { /* no room for a pending step's record under max_memory */
		x->r->stop = EXPLORE_STOP_MEMORY;
		return 0;
	}
	return err ? err : tree_next(x, depth);
}

const struct strategy explore_dpor = {
	.name = "dpor",
	.choose = dpor_choose,
	.end = dpor_end,
	.estimate = tree_estimate,
};

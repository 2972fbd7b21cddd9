/* SPDX-License-Identifier: MIT */
/*
 * point.c - the scheduling points the primitives share beyond rt.h's
 * inline ones: steps held across a whole operation (rt_hold()), a step
 * widened to what it must cover (rt_ensure()), and the steps of a wait
 * (rt_wait_point()) and of a gated one (rt_gated_point()). Under bitops.c,
 * lock.c and kernel.c, which all take them; above task.c and wait_table.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "rt/rt.h"

int rt_hold(const struct rt_acc *a)
{
	struct fo_task *t = rt_current();

	if (!t->sched)
		return 0;
	if (t->nheld >= RT_MAX_HELD)
		return -ENOSPC;
	t->held[t->nheld++] = *a;
	return 0;
}

void rt_unhold(void)
{
	rt_current()->nheld = 0;
}

void rt_late(const struct rt_acc *acc, int n)
{
	struct fo_task *t = rt_current();

	if (t->sched)
		t->sched->ops->late(t->sched, acc, n);
}

void rt_ensure(const struct rt_acc *need, int n, const char *what)
{
	struct fo_task *t = rt_current();

	if (!t->sched)
		return;
	for (int i = 0; i < n; i++) {
		if (!t->sched->ops->covers(t->sched, &need[i])) {
			rt_point_n(0, need, n, what);
			return;
		}
	}
}

/* A killable wait's step also reads whether its task was killed. */
static int wait_accesses(struct fo_task *t, int kind, const void *obj, const struct rt_wait *w,
			 struct rt_acc *acc)
{
	int n = 0;

	acc[n++] = (struct rt_acc){ .obj = obj, .kind = (uint8_t)kind,
				    .order = (uint8_t)rt_default_order(kind) };
	if (w->killable)
		acc[n++] = (struct rt_acc){ .obj = &t->killed, .kind = RT_READ,
					    .order = RT_MO_ACQUIRE };
	return n;
}

void rt_wait_point(const struct rt_wait *w, const char *what)
{
	struct fo_task *t = rt_current();
	struct rt_acc acc[2];

	if (t->sched)
		rt_point_n(0, acc, wait_accesses(t, RT_WAIT, w->var, w, acc), what);
}

int rt_gated_point(int access, const void *obj, const struct rt_wait *w)
{
	struct fo_task *t = rt_current();
	struct rt_acc acc[2];
	int n;

	if (!t->sched)
		return rt_wait_event(w);
	n = wait_accesses(t, access, obj, w, acc);
	t->gate = w;
	rt_point_n(RT_GATED, acc, n, w->what);
	t->gate = NULL;
	/* a killable gate also opens for a kill: say which one opened it */
	return w->cond(w) ? 0 : -EINTR;
}

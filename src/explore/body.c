/* SPDX-License-Identifier: MIT */
/*
 * body.c - fo_explore(): a unit test's body as the program the explorer
 * runs once per schedule (see include/fuseord/explore.h). The body is model
 * thread 0; fo_spawn() adds threads while it runs; fo_join() is a wait on a
 * completion the thread signals when it returns, so the explorer sees the
 * join like any other dependency.
 */
#include <string.h>

#include "explore/explore.h"
#include "fuseord/explore.h"

struct body_thread {
	struct body *b;
	void (*fn)(void *arg);
	void *arg;
	int id;
};

struct body {
	void (*fn)(void *arg);
	void *arg;
	struct body_thread th[SIM_MAX_THREADS];
	struct completion done[SIM_MAX_THREADS];
	uint64_t deadlocks;
	struct explore_schedule first;
};

static void body_thread_main(void *p)
{
	struct body_thread *t = p;

	t->fn(t->arg);
	complete_all(&t->b->done[t->id]);
}

static int body_setup(void *priv, struct sim *s)
{
	struct body *b = priv;

	for (int i = 0; i < SIM_MAX_THREADS; i++)
		init_completion(&b->done[i]);
	s->user = b;
	b->th[0] = (struct body_thread){ .b = b, .fn = b->fn, .arg = b->arg, .id = 0 };
	return sim_spawn(s, "body", body_thread_main, &b->th[0]) < 0 ? -ENOSPC : 0;
}

static unsigned body_finish(void *priv, struct sim *s, enum sim_outcome out, bool cut)
{
	struct body *b = priv;

	if (cut || out != SIM_DEADLOCK)
		return 0;
	b->deadlocks++;
	return 1;
}

/* The body of the fo_explore() this model thread runs under, or NULL. */
static struct body *current_body(struct sim **sp)
{
	struct fo_task *t = rt_current();
	struct sim *s;

	if (!t->sched)
		return NULL;
	s = (struct sim *)t->sched; /* struct sim begins with its rt_sched */
	if (sp)
		*sp = s;
	return s->user;
}

void fo_explore_opts_init(struct fo_explore_opts *o)
{
	if (o)
		EXPLORE_OPTS_DEFAULTS(o);
}

int fo_explore(void (*fn)(void *arg), void *arg, const struct fo_explore_opts *o,
	       struct fo_explore_report *report)
{
	struct fo_explore_opts def;
	struct body b = { .fn = fn, .arg = arg };
	struct explore_program p = { .setup = body_setup, .finish = body_finish, .priv = &b };
	struct explore_opts xo;
	struct explore_result r;
	int err;

	if (!fn || current_body(NULL))
		return -EINVAL;
	if (!o) {
		fo_explore_opts_init(&def);
		o = &def;
	}
	if (EXPLORE_OPTS_INVALID(o))
		return -EINVAL;
	xo = EXPLORE_OPTS_FROM(o);
	/* the body frees what it made only if it runs to its end */
	xo.finish_redundant = true;
	err = explore_run(&p, &xo, &r);
	if (!err && report) {
		const struct explore_schedule *d = &r.first[0];
		size_t n = 0;

		*report = (struct fo_explore_report){
			.executions = r.executions,
			.redundant = r.sleep_blocked,
			.steps = r.steps,
			.deadlocks = b.deadlocks,
			.cut = r.cut,
			.limit = explore_limit(&r),
		};
		report->complete = report->limit == FO_LIMIT_NONE;
		for (size_t i = 0; d->choice && i < d->len && n + 1 < sizeof(report->deadlock_schedule);
		     i++)
			report->deadlock_schedule[n++] = (char)('a' + d->choice[i]);
		report->deadlock_schedule[n] = '\0';
	}
	explore_result_free(&r);
	return err;
}

int fo_spawn(void (*fn)(void *arg), void *arg, const char *name)
{
	struct sim *s;
	struct body *b = current_body(&s);
	int id;

	if (!b || !fn)
		return -EINVAL;
	id = s->nthreads;
	if (id >= SIM_MAX_THREADS)
		return -ENOSPC;
	b->th[id] = (struct body_thread){ .b = b, .fn = fn, .arg = arg, .id = id };
	return sim_spawn(s, name ? name : "thread", body_thread_main, &b->th[id]);
}

int fo_join(int thread)
{
	struct sim *s;
	struct body *b = current_body(&s);

	/* a thread that does not exist, or the caller: that wait would never end */
	if (!b || thread < 0 || thread >= s->nthreads || s->threads[thread].arg != &b->th[thread] ||
	    &s->threads[thread] == s->cur)
		return -EINVAL;
	return wait_for_completion(&b->done[thread], false, "a thread to return");
}

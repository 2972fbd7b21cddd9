/* SPDX-License-Identifier: MIT */
/*
 * body.c - fo_explore(): a unit test's body as the program the explorer
 * runs once per schedule (see include/fuseord/explore.h). The body is model
 * thread 0; fo_spawn() adds threads while it runs; fo_join() is a wait on a
 * completion the thread signals when it returns, so the explorer sees the
 * join like any other dependency.
 *
 * Owns the failure reports of fo_explore(): the schedule and steps of the
 * running execution (its token and trace when it fails), the data-race
 * check over them (vector clocks, below), the deadlock description, and the
 * clean-up of an exploration a longjmp abandoned.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"
#include "explore/trace.h"
#include "fuseord/explore.h"

#define TOKEN_PREFIX "fx1."

/* executions' verdicts, as the explorer's property bits */
#define FAIL_DEADLOCK 1u
#define FAIL_RACE 2u

struct body_thread {
	struct body *b;
	void (*fn)(void *arg);
	void *arg;
	int id;
};

/* One step of the running execution, as the trace shows it. */
struct body_step {
	uint8_t thread;
	uint8_t access;
	const void *obj;
	const char *what;
};

/*
 * The race check: a vector clock per thread; per object, the clock its
 * marked writes released, and its last write and each thread's last read.
 * A plain access conflicts with an earlier access of another thread to the
 * same address (one of them a write) unless that access happens before it:
 * its thread's clock then is at most what this thread has seen of it.
 */
struct vc {
	uint32_t c[SIM_MAX_THREADS];
};

struct access_rec {
	uint32_t clock; /* 0: none */
	const char *what;
	uint64_t step;
	bool plain;
};

struct obj_rec {
	const void *obj; /* NULL: free slot */
	struct vc sync;
	struct vc woken; /* what its wake-ups release: only what conflicts with one acquires it */
	int8_t wthread;
	struct access_rec w;
	struct access_rec r[SIM_MAX_THREADS];
};

struct race {
	bool found;
	int t1, t2;
	struct access_rec a1, a2;
	bool w1, w2;
};

struct body {
	void (*fn)(void *arg);
	void *arg;
	struct body_thread th[SIM_MAX_THREADS];
	struct completion done[SIM_MAX_THREADS];
	uint64_t deadlocks, races;
	struct sim *sim;
	/* the running execution */
	struct body_step *steps;
	size_t nsteps, cap;
	struct vc vc[SIM_MAX_THREADS];
	struct obj_rec *objs;
	size_t objcap, nobj;
	struct race race;
	/* the first failure */
	enum fo_explore_failure failure;
	char token[FO_EXPLORE_TOKEN_MAX];
	char message[1024];
	bool failed;
	/*
	 * -ENOMEM once a step could not be recorded (its race check and the
	 * token would be incomplete): fo_explore() then fails with it, and
	 * message says which step.
	 */
	int err;
	/* replay: choices to follow, then the lowest runnable thread */
	const uint8_t *follow;
	size_t nfollow;
	struct explore_result r;
	bool replay;
	struct sim *replay_sim;
};

/*
 * The fo_explore() running on this thread, on the heap: a longjmp out of a
 * model thread skips fo_explore()'s end, and the next fo_explore(), or the
 * exit, reports the execution it left and frees what it held.
 */
static _Thread_local struct body *body_live;

static void body_abandoned(struct sim *s);

static void body_thread_main(void *p)
{
	struct body_thread *t = p;

	t->fn(t->arg);
	complete_all(&t->b->done[t->id]);
}

/* ---- the race check ---- */

static void vc_join(struct vc *a, const struct vc *b)
{
	for (int i = 0; i < SIM_MAX_THREADS; i++)
		if (b->c[i] > a->c[i])
			a->c[i] = b->c[i];
}

static size_t obj_hash(const void *obj, size_t cap)
{
	return (size_t)(((uint64_t)(uintptr_t)obj * UINT64_C(0x9e3779b97f4a7c15)) >> 20) &
	       (cap - 1);
}

static struct obj_rec *obj_find(struct body *b, const void *obj)
{
	size_t i;

	if (b->nobj * 2 >= b->objcap) {
		size_t cap = b->objcap ? b->objcap * 2 : 256;
		struct obj_rec *n = calloc(cap, sizeof(*n));

		if (!n)
			return NULL;
		for (size_t k = 0; k < b->objcap; k++) {
			if (!b->objs[k].obj)
				continue;
			for (i = obj_hash(b->objs[k].obj, cap); n[i].obj; i = (i + 1) & (cap - 1))
				;
			n[i] = b->objs[k];
		}
		free(b->objs);
		b->objs = n;
		b->objcap = cap;
	}
	for (i = obj_hash(obj, b->objcap); b->objs[i].obj; i = (i + 1) & (b->objcap - 1))
		if (b->objs[i].obj == obj)
			return &b->objs[i];
	memset(&b->objs[i], 0, sizeof(b->objs[i]));
	b->objs[i].obj = obj;
	b->objs[i].wthread = -1;
	b->nobj++;
	return &b->objs[i];
}

static void race_note(struct body *b, int t1, const struct access_rec *a1, bool w1, int t2,
		      const struct access_rec *a2, bool w2)
{
	if (b->race.found)
		return;
	b->race = (struct race){
		.found = true, .t1 = t1, .t2 = t2, .a1 = *a1, .a2 = *a2, .w1 = w1, .w2 = w2
	};
}

/* A data access of thread @t: check it against the object's earlier ones. */
static void race_access(struct body *b, struct obj_rec *o, int t, bool write,
			const struct access_rec *now)
{
	const struct vc *mine = &b->vc[t];

	if (o->wthread >= 0 && o->wthread != t && o->w.clock > mine->c[o->wthread] &&
	    (now->plain || o->w.plain))
		race_note(b, o->wthread, &o->w, true, t, now, write);
	if (write)
		for (int u = 0; u < SIM_MAX_THREADS; u++)
			if (u != t && o->r[u].clock && o->r[u].clock > mine->c[u] &&
			    (now->plain || o->r[u].plain))
				race_note(b, u, &o->r[u], false, t, now, true);
	if (write) {
		o->wthread = (int8_t)t;
		o->w = *now;
	} else {
		o->r[t] = *now;
	}
}

/* A step that could not be recorded: the run fails with -ENOMEM, saying where. */
static void body_oom(struct body *b, uint64_t index)
{
	if (b->err)
		return;
	b->err = -ENOMEM;
	snprintf(b->message, sizeof(b->message),
		 "out of memory recording step %" PRIu64 " of execution %" PRIu64
		 ": its race check and token would be incomplete",
		 index + 1, b->sim ? b->sim->execution + 1 : 1);
}

/*
 * The step @st was just taken. Every marked write releases the
 * thread's clock into its object and every marked read acquires the
 * object's: the model is sequentially consistent, so a marked read orders
 * what it reads after what the writer did before (see kernel.h).
 */
static void race_step(struct body *b, const struct sim_step *st, uint64_t index)
{
	int t = st->thread;

	for (int i = 0; i < st->n; i++) {
		int a = st->acc[i].kind;
		bool plain = st->acc[i].order == RT_MO_PLAIN;
		struct obj_rec *o = obj_find(b, st->acc[i].obj);
		struct access_rec now;

		if (!o) {
			body_oom(b, index);
			break;
		}
		now = (struct access_rec){
			.clock = b->vc[t].c[t], .what = st->what, .step = index, .plain = plain
		};
		if (a == RT_READ || a == RT_WRITE || a == RT_RMW)
			race_access(b, o, t, a != RT_READ, &now);
		if (plain)
			continue;
		/*
		 * Synchronisation only between accesses that conflict
		 * (rt_access_conflict()): steps that commute then give the
		 * same clocks in either order, so every execution of one
		 * trace finds the same races.
		 */
		if (a == RT_READ || a == RT_WAIT || a == RT_RMW || a == RT_LOCK)
			vc_join(&b->vc[t], &o->sync);
		if (a == RT_WAIT || a == RT_RMW || a == RT_LOCK)
			vc_join(&b->vc[t], &o->woken);
		if (a == RT_WRITE || a == RT_RMW || a == RT_LOCK || a == RT_UNLOCK)
			vc_join(&o->sync, &b->vc[t]);
		if (a == RT_WAKE)
			vc_join(&o->woken, &b->vc[t]);
	}
	b->vc[t].c[t]++;
}

/* ---- the explorer's program ---- */

static int body_setup(void *priv, struct sim *s)
{
	struct body *b = priv;

	for (int i = 0; i < SIM_MAX_THREADS; i++)
		init_completion(&b->done[i]);
	s->user = b;
	s->on_abandoned = body_abandoned;
	b->sim = s;
	b->nsteps = 0;
	memset(b->vc, 0, sizeof(b->vc));
	for (int i = 0; i < SIM_MAX_THREADS; i++)
		b->vc[i].c[i] = 1;
	if (b->nobj) {
		memset(b->objs, 0, b->objcap * sizeof(*b->objs));
		b->nobj = 0;
	}
	b->race.found = false;
	b->th[0] = (struct body_thread){ .b = b, .fn = b->fn, .arg = b->arg, .id = 0 };
	return sim_spawn(s, "body", body_thread_main, &b->th[0]) < 0 ? -ENOSPC : 0;
}

static void body_on_step(void *priv, struct sim *s, const struct sim_step *st, uint64_t index)
{
	struct body *b = priv;

	if (b->nsteps == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 256;
		void *p = realloc(b->steps, cap * sizeof(*b->steps));

		if (!p) {
			body_oom(b, index);
			return;
		}
		b->steps = p;
		b->cap = cap;
	}
	/* a trace row names the step's first access */
	b->steps[b->nsteps++] = (struct body_step){
		.thread = st->thread,
		.access = (uint8_t)(!st->n ? RT_EVENT :
			  st->acc[0].kind | (st->acc[0].order == RT_MO_PLAIN ? RT_PLAIN : 0)),
		.obj = st->n ? st->acc[0].obj : NULL,
		.what = st->what
	};
}

/* The race check sees the step as taken: its own accesses and its late ones (rt_late()). */
static void body_after_step(void *priv, struct sim *s, int tid, uint64_t index)
{
	if (tid >= 0)
		race_step(priv, &s->threads[tid].taken, index);
}

static const char *thread_name(const struct sim *s, int tid)
{
	const char *n = sim_thread_name(s, tid);

	return n ? n : "thread";
}

static const char *access_name(int access)
{
	switch (access & ~RT_ACCESS_FLAGS) {
	case RT_READ:
		return access & RT_PLAIN ? "read (plain)" : "read";
	case RT_WRITE:
		return access & RT_PLAIN ? "write (plain)" : "write";
	case RT_RMW:
		return "rmw";
	case RT_LOCK:
		return "lock";
	case RT_UNLOCK:
		return "unlock";
	case RT_WAIT:
		return "wait";
	case RT_WAKE:
		return "wake";
	case RT_MARK:
		return "mark";
	case RT_PROBE:
		return "probe";
	default:
		return "";
	}
}

/* The token of the first @n steps of the running execution, or "" if too long. */
static void token_of(const struct body *b, size_t n, char *out, size_t len)
{
	size_t k = (size_t)snprintf(out, len, "%s", TOKEN_PREFIX);

	for (size_t i = 0; i < n;) {
		size_t run = 1;
		int w;

		while (i + run < n && b->steps[i + run].thread == b->steps[i].thread)
			run++;
		w = run > 1 ? snprintf(out + k, len - k, "%c%zu", 'a' + b->steps[i].thread, run) :
			      snprintf(out + k, len - k, "%c", 'a' + b->steps[i].thread);
		if (w < 0 || (size_t)w >= len - k) {
			out[0] = '\0';
			return;
		}
		k += (size_t)w;
		i += run;
	}
}

/* The running execution's steps as a trace, a column per thread. */
static void print_trace(const struct body *b, const struct sim *s, FILE *f)
{
	struct trace t;

	trace_init(&t);
	t.nthreads = s->nthreads;
	for (int i = 0; i < s->nthreads; i++)
		snprintf(t.names[i], sizeof(t.names[i]), "%s", thread_name(s, i));
	for (size_t i = 0; i < b->nsteps; i++) {
		const struct body_step *st = &b->steps[i];
		const char *an = access_name(st->access);

		trace_add(&t, (uint32_t)i, st->thread, "%s%s%s", an, *an ? " " : "",
			  st->what ? st->what : "?");
	}
	trace_print_ascii(&t, f, 80);
	trace_free(&t);
}

/* The thread a fo_join() waits for, if @w is a fo_join(). */
static int join_target(const struct body *b, const struct rt_wait *w)
{
	const struct completion *c = w->var;

	if (c >= &b->done[0] && c < &b->done[SIM_MAX_THREADS])
		return (int)(c - &b->done[0]);
	return -1;
}

static int thread_of_task(struct sim *s, const struct fo_task *task)
{
	for (int i = 0; i < s->nthreads; i++)
		if (sim_thread_task(s, i) == task)
			return i;
	return -1;
}

static size_t describe_deadlock(struct body *b, struct sim *s, char *m, size_t len)
{
	size_t k = (size_t)snprintf(m, len, "deadlock: no thread can run, and");

	for (int i = 0; i < s->nthreads && k < len; i++) {
		const struct rt_wait *w = sim_blocked_on(s, i);
		const struct fo_task *holder;
		int other;

		if (!w)
			continue;
		k += (size_t)snprintf(m + k, len - k, "\n  thread %c '%s' waits on %s", 'a' + i,
				      thread_name(s, i), w->what ? w->what : "?");
		if (k >= len)
			break;
		holder = rt_lock_holder(w);
		other = holder ? thread_of_task(s, holder) : join_target(b, w);
		if (holder && other == i)
			k += (size_t)snprintf(m + k, len - k, ", which it holds itself");
		else if (holder && other >= 0)
			k += (size_t)snprintf(m + k, len - k, ", held by thread %c '%s'",
					      'a' + other, thread_name(s, other));
		else if (!holder && other >= 0)
			k += (size_t)snprintf(m + k, len - k, " (thread %c '%s' to return)",
					      'a' + other, thread_name(s, other));
		else if (w->bit >= 0)
			k += (size_t)snprintf(
				m + k, len - k,
				" (bit %ld of %p), which no thread left will clear and wake",
				w->bit, w->var);
		else
			k += (size_t)snprintf(m + k, len - k,
					      " (%p), which no thread left will wake", w->var);
	}
	return k < len ? k : len - 1;
}

static void describe_race(struct body *b, struct sim *s, char *m, size_t len)
{
	const struct race *r = &b->race;

	snprintf(m, len,
		 "data race: %s%s %s in thread %c '%s' (step %" PRIu64 ") and %s%s %s in thread "
		 "%c '%s' (step %" PRIu64 ") are not ordered by any lock, wait or marked access",
		 r->w1 ? "write" : "read", r->a1.plain ? " (plain)" : "",
		 r->a1.what ? r->a1.what : "?", 'a' + r->t1, thread_name(s, r->t1), r->a1.step + 1,
		 r->w2 ? "write" : "read", r->a2.plain ? " (plain)" : "",
		 r->a2.what ? r->a2.what : "?", 'a' + r->t2, thread_name(s, r->t2), r->a2.step + 1);
}

/* Print the failing execution now, and keep it for the report. */
static void report_failure(struct body *b, struct sim *s, enum fo_explore_failure how)
{
	char msg[sizeof(b->message)];
	char token[FO_EXPLORE_TOKEN_MAX];

	if (how == FO_EXPLORE_DEADLOCK)
		describe_deadlock(b, s, msg, sizeof(msg));
	else
		describe_race(b, s, msg, sizeof(msg));
	token_of(b, b->nsteps, token, sizeof(token));
	fprintf(stderr, "fuseord: execution %" PRIu64 " failed: %s\nfuseord: schedule token %s\n",
		s->execution + 1, msg, *token ? token : "(too long to print)");
	print_trace(b, s, stderr);
	if (b->failed)
		return;
	b->failed = true;
	b->failure = how;
	memcpy(b->message, msg, sizeof(msg));
	memcpy(b->token, token, sizeof(token));
}

static unsigned body_finish(void *priv, struct sim *s, enum sim_outcome out, bool cut)
{
	struct body *b = priv;
	unsigned v = 0;

	if (cut)
		return 0;
	if (out == SIM_DEADLOCK) {
		b->deadlocks++;
		v |= FAIL_DEADLOCK;
	}
	if (b->race.found) {
		b->races++;
		v |= FAIL_RACE;
	}
	if (v && !b->failed)
		report_failure(b, s, v & FAIL_DEADLOCK ? FO_EXPLORE_DEADLOCK : FO_EXPLORE_RACE);
	return v;
}

/* ---- an exploration a longjmp left ---- */

static void body_free(struct body *b)
{
	free(b->steps);
	free(b->objs);
	explore_result_free(&b->r);
	free(b);
}

/*
 * A model thread longjmped out of fo_explore() (a failed CMocka assertion):
 * say which execution and schedule it was, then free the explorer's and
 * our records. Called outside any model thread, after rt_current() has
 * noticed the longjmp and made the thread's own task current again.
 */
static void body_abandoned(struct sim *s)
{
	struct body *b = body_live;
	char token[FO_EXPLORE_TOKEN_MAX];

	body_live = NULL;
	if (!b)
		return;
	token_of(b, b->nsteps, token, sizeof(token));
	fprintf(stderr, "fuseord: schedule token %s (fo_explore_replay() runs it alone)\n",
		*token ? token : "(too long to print)");
	print_trace(b, s, stderr);
	if (b->replay)
		sim_destroy(b->replay_sim);
	else
		explore_abandoned_free();
	body_free(b);
}

/*
 * A test program whose last test failed inside fo_explore() calls nothing
 * of ours again: report and free at exit.
 */
__attribute__((destructor)) static void body_at_exit(void)
{
	if (body_live)
		(void)rt_current(); /* notices the longjmp: sim_abandoned() */
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

/* Entry of fo_explore() and fo_explore_replay(): -EINVAL when nested. */
static int body_enter(void)
{
	/* rt_current() notices a longjmp out of an earlier one (body_abandoned()) */
	if (current_body(NULL))
		return -EINVAL;
	return 0;
}

static void fill_report(const struct body *b, struct fo_explore_report *report)
{
	const struct explore_result *r = &b->r;
	const struct explore_schedule *d = &r->first[0];
	size_t n = 0;

	*report = (struct fo_explore_report){
		.executions = r->executions,
		.redundant = r->sleep_blocked,
		.steps = r->steps,
		.deadlocks = b->deadlocks,
		.cut = r->cut,
		.limit = explore_limit(r),
		.races = b->races,
		.failure = b->failure,
	};
	report->complete = report->limit == FO_LIMIT_NONE && r->stop == EXPLORE_COMPLETE;
	for (size_t i = 0; d->choice && i < d->len && n + 1 < sizeof(report->deadlock_schedule);
	     i++)
		report->deadlock_schedule[n++] = (char)('a' + d->choice[i]);
	report->deadlock_schedule[n] = '\0';
	if (d->choice && d->len >= sizeof(report->deadlock_schedule))
		memcpy(report->deadlock_schedule + sizeof(report->deadlock_schedule) - 4, "...", 4);
	memcpy(report->token, b->token, sizeof(report->token));
	memcpy(report->message, b->message, sizeof(report->message));
}

void fo_explore_opts_init(struct fo_explore_opts *o)
{
	if (o)
		EXPLORE_OPTS_DEFAULTS(o);
}

static struct body *body_new(void (*fn)(void *arg), void *arg)
{
	struct body *b = calloc(1, sizeof(*b));

	if (b) {
		b->fn = fn;
		b->arg = arg;
	}
	return b;
}

int fo_explore(void (*fn)(void *arg), void *arg, const struct fo_explore_opts *o,
	       struct fo_explore_report *report)
{
	struct fo_explore_opts def;
	struct explore_program p = { .setup = body_setup,
				     .on_step = body_on_step,
				     .after_step = body_after_step,
				     .finish = body_finish };
	struct explore_opts xo;
	struct body *b;
	int err;

	if (!fn || body_enter())
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
	xo.stop_on_violation = !o->keep_going;
	b = body_new(fn, arg);
	if (!b)
		return -ENOMEM;
	p.priv = b;
	body_live = b;
	err = explore_run(&p, &xo, &b->r);
	body_live = NULL;
	if ((!err || b->err) && report)
		fill_report(b, report);
	if (!err)
		err = b->err ? b->err : b->failed;
	body_free(b);
	return err;
}

/* "fx1." then letters, each maybe followed by a repeat count. */
static int token_parse(const char *tok, uint8_t **out, size_t *n)
{
	const char *p = tok + strlen(TOKEN_PREFIX);
	size_t len = 0, cap = 0;
	uint8_t *c = NULL;

	if (strncmp(tok, TOKEN_PREFIX, strlen(TOKEN_PREFIX)))
		return -EINVAL;
	while (*p) {
		unsigned long run = 1;
		int t = *p - 'a';
		char *end;

		if (t < 0 || t >= SIM_MAX_THREADS)
			goto bad;
		p++;
		if (*p >= '1' && *p <= '9') {
			run = strtoul(p, &end, 10);
			if (run > 1000000)
				goto bad;
			p = end;
		}
		if (len + run > cap) {
			size_t ncap = cap ? cap : 64;
			void *q;

			while (ncap < len + run)
				ncap *= 2;
			q = realloc(c, ncap);
			if (!q) {
				free(c);
				return -ENOMEM;
			}
			c = q;
			cap = ncap;
		}
		memset(c + len, t, run);
		len += run;
	}
	*out = c;
	*n = len;
	return 0;
bad:
	free(c);
	return -EINVAL;
}

int fo_explore_replay(void (*fn)(void *arg), void *arg, const char *token,
		      struct fo_explore_report *report)
{
	struct body *b;
	struct sim *s;
	uint8_t *choice = NULL;
	enum sim_outcome out;
	size_t n = 0, i;
	int err;

	if (!fn || !token || body_enter())
		return -EINVAL;
	err = token_parse(token, &choice, &n);
	if (err)
		return err;
	b = body_new(fn, arg);
	s = b ? sim_create() : NULL;
	if (!s) {
		free(b);
		free(choice);
		return -ENOMEM;
	}
	b->replay = true;
	b->replay_sim = s;
	body_live = b;
	sim_reset(s);
	err = body_setup(b, s);
	out = err ? SIM_FINISHED : sim_start(s);
	for (i = 0; !err && out == SIM_RUNNING && i < 100000; i++) {
		uint32_t en = sim_enabled(s);
		int c = i < n ? choice[i] : __builtin_ctz(en);

		if (c >= s->nthreads || !(en & (1u << c))) {
			err = -EINVAL;
			break;
		}
		body_on_step(b, s, &s->threads[c].next, i);
		out = sim_step(s, c);
		body_after_step(b, s, c, i);
		b->r.steps++;
	}
	if (!err && i < n)
		err = -EINVAL; /* the body ended before the token did */
	b->r.executions = 1;
	b->r.stop = EXPLORE_COMPLETE;
	if (!err) {
		body_finish(b, s, out, out == SIM_RUNNING);
		if (out == SIM_RUNNING)
			b->r.cut = 1;
	}
	body_live = NULL;
	if ((!err || b->err) && report)
		fill_report(b, report);
	if (!err)
		err = b->err ? b->err : b->failed;
	sim_destroy(s);
	free(choice);
	body_free(b);
	return err;
}

int fo_spawn(void (*fn)(void *arg), void *arg, const char *name)
{
	struct sim *s;
	struct body *b = current_body(&s);
	int id, parent;

	if (!b || !fn)
		return -EINVAL;
	id = s->nthreads;
	if (id >= SIM_MAX_THREADS)
		return -ENOSPC;
	b->th[id] = (struct body_thread){ .b = b, .fn = fn, .arg = arg, .id = id };
	/* the child starts after what its parent did so far */
	parent = s->cur ? s->cur->id : 0;
	b->vc[id] = b->vc[parent];
	b->vc[id].c[id] = 1;
	b->vc[parent].c[parent]++;
	return sim_spawn(s, name ? name : "thread", body_thread_main, &b->th[id]);
}

static bool thread_returned(const struct rt_wait *w)
{
	return atomic_load(&((struct completion *)w->var)->done) != 0;
}

int fo_join(int thread)
{
	struct sim *s;
	struct body *b = current_body(&s);
	struct rt_wait w = { .bit = -1, .cond = thread_returned, .what = "a thread to return" };

	/* a thread that does not exist, or the caller: that wait would never end */
	if (!b || thread < 0 || thread >= s->nthreads || s->threads[thread].arg != &b->th[thread] ||
	    &s->threads[thread] == s->cur)
		return -EINVAL;
	w.var = &b->done[thread];
	/*
	 * Gated: the join is one step, enabled once the thread has returned, so
	 * a join issued early and one issued late are the same execution.
	 */
	return rt_gated_point(RT_WAIT, w.var, &w);
}

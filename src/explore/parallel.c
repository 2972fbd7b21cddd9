/* SPDX-License-Identifier: MIT */
/*
 * parallel.c - explore_run_jobs(): one tree search (DPOR or DFS, bounded
 * or not) on several worker threads, with the executions, the
 * counterexamples and the verdict that one thread finds.
 *
 * The nodes near the root of a tree search are full (explore_opts.full_forks,
 * dfs.c): they try every thread they can, and no race found below
 * changes them, so the subtree under each of their children is explored
 * the same whoever explores it. The first worker starts at the root;
 * whenever another is idle, a busy one hands it the next child still to
 * explore of its shallowest full node (tree_next()). The counts are sums;
 * the first counterexample of a property is the one that comes first in
 * the order one thread explores the tree, whichever worker found it. Only
 * a run a limit stops (time, memory, a violation) differs with the number
 * of workers, as it differs from run to run anyway; a cap on executions
 * runs the search on one thread, so it stops at exactly that many.
 *
 * The others start only once the first has run o->jobs_after executions,
 * so that a search over in a few milliseconds starts no thread but one.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore/explorer.h"

/* A subtree to explore: the choices down to it, and what its search found. */
struct subtree {
	uint8_t *choice;
	size_t len;
	struct explore_result r;
	int err;
	bool ran;
};

struct worker_slot {
	_Atomic uint64_t executions, steps; /* of the subtree it is exploring */
	_Atomic double estimate;            /* ... and how large it looks; 0: unknown */
};

struct jobs {
	const struct explore_program *p; /* one per worker */
	const struct explore_opts *o;
	const struct strategy *s;
	int njobs;
	pthread_mutex_t lock;
	pthread_cond_t work;      /* a subtree was added, or the search ends */
	pthread_cond_t done;      /* a worker left */
	/* under lock: every subtree so far, the ones from next on still to take */
	struct subtree **sub;
	size_t n, cap, next;
	int busy, running, started;
	bool stop;
	/* read without the lock */
	atomic_int idle, queued;
	_Atomic uint64_t ended;   /* executions ended, until the others start */
	bool call;                /* under lock: time the others started */
	atomic_int why;           /* the limit that left subtrees unexplored */
	_Atomic uint64_t executions, steps; /* of the subtrees finished */
	atomic_size_t finished;
	struct worker_slot slot[EXPLORE_MAX_JOBS];
	struct timespec t0;
	int err;                  /* a worker's own failure (-ENOMEM) */
};

struct worker {
	struct jobs *j;
	int id;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

/* One more subtree to explore; the lock held. */
static int add_subtree(struct jobs *j, const uint8_t *choice, size_t len)
{
	struct subtree *s;

	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 64;
		struct subtree **n = realloc(j->sub, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		j->sub = n;
		j->cap = cap;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->choice = malloc(len ? len : 1);
	if (!s->choice) {
		free(s);
		return -ENOMEM;
	}
	if (len)
		memcpy(s->choice, choice, len);
	s->len = len;
	j->sub[j->n++] = s;
	atomic_fetch_add(&j->queued, 1);
	pthread_cond_signal(&j->work);
	return 0;
}

/* tree_split.wants: a worker waits for work that nobody has handed it yet. */
static bool jobs_wants(void *priv)
{
	struct jobs *j = priv;

	if (atomic_load_explicit(&j->ended, memory_order_relaxed) < j->o->jobs_after &&
	    atomic_fetch_add(&j->ended, 1) + 1 == j->o->jobs_after) {
		pthread_mutex_lock(&j->lock);
		j->call = true;
		pthread_cond_signal(&j->done);
		pthread_mutex_unlock(&j->lock);
	}
	return atomic_load(&j->idle) > atomic_load(&j->queued);
}

/* tree_split.give */
static int jobs_give(void *priv, const uint8_t *choice, size_t len)
{
	struct jobs *j = priv;
	int err;

	pthread_mutex_lock(&j->lock);
	err = add_subtree(j, choice, len);
	pthread_mutex_unlock(&j->lock);
	return err;
}

static void worker_progress(void *priv, uint64_t executions, uint64_t steps, double seconds)
{
	struct worker_slot *slot = priv;

	(void)seconds;
	atomic_store(&slot->executions, executions);
	atomic_store(&slot->steps, steps);
	atomic_store(&slot->estimate, explore_live_estimate());
}

/* What is left of the run's limits for one more subtree; false: none. */
static bool subtree_opts(struct jobs *j, int w, struct explore_opts *ow)
{
	const struct explore_opts *o = j->o;

	*ow = *o;
	ow->progress = o->progress ? worker_progress : NULL;
	ow->progress_priv = &j->slot[w];
	ow->progress_every = 0.25;
	if (o->time_limit > 0) {
		double left = o->time_limit - since(&j->t0);

		if (left <= 0) {
			atomic_store(&j->why, EXPLORE_STOP_TIME);
			return false;
		}
		ow->time_limit = left;
	}
	/* the ceiling is shared: each worker holds its records at once */
	if (o->max_memory)
		ow->max_memory = o->max_memory / (uint64_t)j->njobs;
	return true;
}

/* The next subtree to explore, NULL when the search is over; the lock held. */
static struct subtree *take(struct jobs *j)
{
	while (!j->stop && j->next == j->n && j->busy) {
		atomic_fetch_add(&j->idle, 1);
		pthread_cond_wait(&j->work, &j->lock);
		atomic_fetch_sub(&j->idle, 1);
	}
	if (j->stop || j->next == j->n)
		return NULL;
	atomic_fetch_sub(&j->queued, 1);
	j->busy++;
	return j->sub[j->next++];
}

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	struct jobs *j = wk->j;
	struct tree_split ts = { .wants = jobs_wants, .give = jobs_give, .priv = j };
	struct subtree *s;

	pthread_mutex_lock(&j->lock);
	while ((s = take(j))) {
		struct explore_opts ow;
		bool go = subtree_opts(j, wk->id, &ow);

		pthread_mutex_unlock(&j->lock);
		if (go) {
			ts.root_path = s->choice;
			ts.root = s->len;
			s->err = explore_tree_part(&j->p[wk->id], &ow, j->s, &ts, &s->r);
			s->ran = true;
			atomic_fetch_add(&j->executions, s->r.executions);
			atomic_fetch_add(&j->steps, s->r.steps);
			atomic_store(&j->slot[wk->id].executions, 0);
			atomic_store(&j->slot[wk->id].steps, 0);
			atomic_store(&j->slot[wk->id].estimate, 0);
			atomic_fetch_add(&j->finished, 1);
		}
		pthread_mutex_lock(&j->lock);
		j->busy--;
		if (!go || s->err || s->r.stop != EXPLORE_COMPLETE ||
		    (j->o->stop_on_violation && s->r.violated))
			j->stop = true;
		/* the last busy one with nothing queued ends the search */
		if (j->stop || (!j->busy && j->next == j->n))
			pthread_cond_broadcast(&j->work);
	}
	j->running--;
	pthread_cond_signal(&j->done);
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/*
 * How many executions the whole split search holds, as far as it is seen:
 * the subtrees done, each running one's estimate, and each one queued
 * taken as large as the average of those. 0 while none is known.
 */
static double jobs_estimate(struct jobs *j)
{
	size_t done = atomic_load(&j->finished), known = done;
	double total = (double)atomic_load(&j->executions);

	for (int w = 0; w < j->njobs; w++) {
		double e = atomic_load(&j->slot[w].estimate);

		if (e > 0) {
			total += e;
			known++;
		}
	}
	return known ? total + total / (double)known * (double)atomic_load(&j->queued) : 0;
}

/* The split search the thread waiting for its workers reports on. */
static _Thread_local struct jobs *jobs_live;

double explore_estimate_now(void)
{
	return jobs_live ? jobs_estimate(jobs_live) : explore_live_estimate();
}

/*
 * Start the workers not yet started, up to @n in all; the lock held. Those
 * that cannot be started leave the others the work.
 */
static void start_workers(struct jobs *j, int n, struct worker *wk, pthread_t *th)
{
	for (int w = j->started; w < n; w++) {
		wk[w] = (struct worker){ .j = j, .id = w };
		if (pthread_create(&th[w], NULL, worker_main, &wk[w]))
			break;
		j->started++;
		j->running++;
	}
}

/*
 * Wait for the workers, starting the others when the first calls for them
 * and telling o->progress how far they are.
 */
static void wait_workers(struct jobs *j, struct worker *wk, pthread_t *th)
{
	const struct explore_opts *o = j->o;
	double every = o->progress_every > 0 ? o->progress_every : 0.5;

	jobs_live = j;
	pthread_mutex_lock(&j->lock);
	while (j->running) {
		struct timespec t;

		if (j->call && j->started < j->njobs) {
			start_workers(j, j->njobs, wk, th);
			j->call = false;
			continue;
		}

		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += (long)(every * 1e9);
		t.tv_sec += t.tv_nsec / 1000000000L;
		t.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&j->done, &j->lock, &t);
		if (o->progress && j->running) {
			uint64_t e = atomic_load(&j->executions), st = atomic_load(&j->steps);

			for (int w = 0; w < j->njobs; w++) {
				e += atomic_load(&j->slot[w].executions);
				st += atomic_load(&j->slot[w].steps);
			}
			pthread_mutex_unlock(&j->lock);
			o->progress(o->progress_priv, e, st, since(&j->t0));
			pthread_mutex_lock(&j->lock);
		}
	}
	pthread_mutex_unlock(&j->lock);
	jobs_live = NULL;
}

/*
 * Whether schedule @a comes before @b in the order one thread explores the
 * tree. They part at a full node (every subtree hangs under one), whose
 * children come the thread that ran the step before first, then the
 * others lowest first (tree_choose(), tree_next()).
 */
static bool explored_before(const struct explore_schedule *a, const struct explore_schedule *b)
{
	size_t n = a->len < b->len ? a->len : b->len;

	for (size_t d = 0; d < n; d++) {
		int prev = d ? a->choice[d - 1] : -1;
		int ra = a->choice[d] == prev ? -1 : a->choice[d];
		int rb = b->choice[d] == prev ? -1 : b->choice[d];

		if (ra != rb)
			return ra < rb;
	}
	return a->len < b->len;
}

/* The subtrees' results, as one thread's search would have them. */
static int merge(struct jobs *j, struct explore_result *r)
{
	double total = 0;
	size_t ran = 0;
	bool unexplored = false;
	int err = j->err;

	memset(r, 0, sizeof(*r));
	r->stop = EXPLORE_COMPLETE;
	for (size_t i = 0; i < j->n; i++) {
		struct subtree *s = j->sub[i];
		struct explore_result *q = &s->r;

		if (!s->ran) {
			unexplored = true;
			continue;
		}
		if (s->err && !err)
			err = s->err;
		ran++;
		r->violated |= q->violated;
		r->executions += q->executions;
		r->sleep_blocked += q->sleep_blocked;
		r->cut += q->cut;
		r->steps += q->steps;
		r->moved += q->moved;
		if (q->max_depth > r->max_depth)
			r->max_depth = q->max_depth;
		if (q->memory > r->memory)
			r->memory = q->memory;
		if (q->threads > r->threads)
			r->threads = q->threads;
		if (q->stop != EXPLORE_COMPLETE && r->stop == EXPLORE_COMPLETE)
			r->stop = q->stop;
		for (int b = 0; b < EXPLORE_MAX_PROPS; b++) {
			struct explore_schedule *f = &q->first[b];

			if (!f->choice || (r->first[b].choice && !explored_before(f, &r->first[b])))
				continue;
			free(r->first[b].choice);
			r->first[b] = *f;
			f->choice = NULL;
		}
		if (q->stop == EXPLORE_COMPLETE || q->estimate <= 0)
			total += (double)(q->executions + q->sleep_blocked);
		else
			total += q->estimate;
		explore_result_free(q);
	}
	if (unexplored && r->stop == EXPLORE_COMPLETE)
		r->stop = atomic_load(&j->why) ? (enum explore_stop)atomic_load(&j->why)
					       : EXPLORE_STOP_TIME;
	/* the subtrees not begun: as large as the average of those explored */
	if (r->stop != EXPLORE_COMPLETE && ran)
		r->estimate = total + total / (double)ran * (double)(j->n - ran);
	return err;
}

static void jobs_free(struct jobs *j)
{
	for (size_t i = 0; i < j->n; i++) {
		explore_result_free(&j->sub[i]->r);
		free(j->sub[i]->choice);
		free(j->sub[i]);
	}
	free(j->sub);
}

int explore_run_jobs(const struct explore_program *p, int njobs, const struct explore_opts *o,
		     struct explore_result *r)
{
	struct jobs j = { .p = p, .o = o, .njobs = njobs };
	struct worker wk[EXPLORE_MAX_JOBS];
	pthread_t th[EXPLORE_MAX_JOBS];
	int err;

	if (!p || !o || !r || njobs < 1 || njobs > EXPLORE_MAX_JOBS)
		return -EINVAL;
	/* a cap on executions stops one thread at exactly that many */
	if (njobs == 1 || o->max_executions ||
	    (o->strategy != EXPLORE_DPOR && o->strategy != EXPLORE_DFS))
		return explore_run(p, o, r);
	if (!p->setup || !p->finish || o->max_steps > EXPLORE_MAX_STEPS)
		return -EINVAL;
	j.s = o->strategy == EXPLORE_DPOR ? &explore_dpor : &explore_dfs;
	clock_gettime(CLOCK_MONOTONIC, &j.t0);
	pthread_mutex_init(&j.lock, NULL);
	pthread_cond_init(&j.work, NULL);
	pthread_cond_init(&j.done, NULL);
	atomic_init(&j.idle, 0);
	atomic_init(&j.queued, 0);
	atomic_init(&j.why, 0);
	atomic_init(&j.executions, 0);
	atomic_init(&j.steps, 0);
	atomic_init(&j.finished, 0);
	atomic_init(&j.ended, 0);
	/* the whole tree, to the first worker that takes it */
	err = add_subtree(&j, NULL, 0);
	if (err)
		goto out;
	pthread_mutex_lock(&j.lock);
	start_workers(&j, o->jobs_after ? 1 : njobs, wk, th);
	pthread_mutex_unlock(&j.lock);
	if (!j.started) {
		j.running = 1;
		worker_main(&wk[0]);
	}
	wait_workers(&j, wk, th);
	for (int w = 0; w < j.started; w++)
		pthread_join(th[w], NULL);
	err = merge(&j, r);
	r->seconds = since(&j.t0);
	if (err)
		explore_result_free(r);
out:
	jobs_free(&j);
	pthread_cond_destroy(&j.done);
	pthread_cond_destroy(&j.work);
	pthread_mutex_destroy(&j.lock);
	return err;
}

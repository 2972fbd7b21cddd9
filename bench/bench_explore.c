/* SPDX-License-Identifier: MIT */
/*
 * bench_explore.c - what exploring schedules costs: a coroutine switch
 * against a pthread hand-off, scheduling steps per second, DPOR against
 * preemption-bounded DFS and against full DFS (stopped at a cap) on every
 * shipped scenario and on small programs whose counts are known, the time to
 * a first counterexample by strategy, and the three-thread check of
 * concern 2. --plot writes the full-DFS table as gnuplot data.
 *
 * Not a test: it asserts nothing and its numbers depend on the machine. It
 * keeps the claims of sim_ctx.h (a switch is nanoseconds, a futex hand-off
 * microseconds) and of the explorer's design (exhaustive DPOR of a small
 * scenario in well under a second) honest, and shows where a preemption
 * bound is a cheaper or a dearer way to cover a scenario than DPOR.
 *
 *   bench_explore [--repeat N] [--quick] [--json FILE] [--plot FILE]
 *
 * Each figure is the median of N runs (default 5; 3 with --quick) with its
 * spread, min-max; a comparison is a ratio of figures measured in the same
 * run, repetition by repetition. A cell whose runs are long is repeated
 * fewer times (a budget per cell) and an exploration that would run for
 * minutes is stopped at a time limit; the report says n= and "stopped"
 * where that happened. Prints markdown on stdout and where it is on
 * stderr; --json also writes every figure as one JSON object.
 *
 * Besides the public API (fo_check) it drives the explorer directly
 * (explore_run on the toy programs of tests/test_explore.c and on a
 * scenario's program from scenario/run.h), for what fo_check does not
 * expose: stop_on_violation, and one oracle as the target of a search.
 *
 * About 3 min from a release build on a 2-CPU machine; --quick about 20 s.
 */
#include <dirent.h>
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"
#include "fuseord/fuseord.h"
#include "explore/explore.h"
#include "scenario/run.h"

#ifndef FUSEORD_SCENARIO_DIR
#define FUSEORD_SCENARIO_DIR "scenarios"
#endif

#define CTX_STACK_SIZE (64 * 1024)
#define SEEDS 5

/* What a run of the benchmark does; --quick shrinks every dimension. */
static struct {
	int repeat;
	bool quick;
	const char *json;
	long switches;         /* coroutine switches per run */
	long sim_steps;        /* sim_step round trips per run */
	long handoffs;         /* futex hand-offs per run */
	double handoff_budget; /* ... fewer if they would take longer than this, seconds */
	int k_steps;           /* section 2: independent steps per thread */
	int counter_threads;   /* section 2: shared-counter threads */
	int k_small_max;       /* section 3b: largest k */
	double cell_limit;     /* one bounded-DFS exploration of the scenario table, seconds */
	double dpor_limit;     /* one DPOR exploration of the scenario table, seconds */
	double cell_budget;    /* the repeats of one cell, seconds */
	double search_limit;   /* one search for a first counterexample, seconds */
	uint64_t dfs_cap;      /* section 3c: executions before full DFS is stopped */
	double dfs_limit;      /* section 3c: ... or seconds */
	double dfs_budget;     /* section 3c: the repeats of one pair, seconds */
	const char *plot;      /* section 3c: gnuplot data file, or NULL */
} cfg;

/* ---- timing and figures ---- */

static double now_s(void)
{
	return bench_now_ns() * 1e-9;
}

/*
 * Formatted text is returned by value, so one printf can take several pieces
 * (each a temporary that lives to the end of the full expression).
 */
struct num {
	char s[32];
};

struct num_unit {
	char s[48];
};

struct txt {
	char s[192];
};

struct cell {
	char s[448];
};

static struct num num3(double v)
{
	struct num t;

	snprintf(t.s, sizeof(t.s), v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
	return t;
}

/* A unit that puts the value in [1, 1000). */
static double time_unit(double s, const char **unit)
{
	if (s >= 1) {
		*unit = "s";
		return 1;
	}
	if (s >= 1e-3) {
		*unit = "ms";
		return 1e3;
	}
	if (s >= 1e-6) {
		*unit = "µs";
		return 1e6;
	}
	*unit = "ns";
	return 1e9;
}

static double rate_unit(double r, const char **unit)
{
	if (r >= 1e9) {
		*unit = "G";
		return 1e-9;
	}
	if (r >= 1e6) {
		*unit = "M";
		return 1e-6;
	}
	if (r >= 1e3) {
		*unit = "k";
		return 1e-3;
	}
	*unit = "";
	return 1;
}

static struct num_unit fmt_time(double s)
{
	const char *u;
	double k = time_unit(s, &u);
	struct num_unit t;

	snprintf(t.s, sizeof(t.s), "%s %s", num3(s * k).s, u);
	return t;
}

static struct num n_note(const struct bench_fig *f)
{
	struct num t;

	if (f->n < cfg.repeat)
		snprintf(t.s, sizeof(t.s), ", n=%d", f->n);
	else
		t.s[0] = '\0';
	return t;
}

/* "23.9 ms [23.1–25.0]": median, then the spread in the median's unit. */
static struct num_unit fmt_rate(double r)
{
	const char *u;
	double k = rate_unit(r, &u);
	struct num_unit t;

	snprintf(t.s, sizeof(t.s), "%s%s%s", num3(r * k).s, *u ? " " : "", u);
	return t;
}

static struct txt fig_time(const struct bench_fig *f)
{
	const char *u;
	double k = time_unit(f->med, &u);
	struct txt t;

	if (f->n <= 1)
		snprintf(t.s, sizeof(t.s), "%s %s%s", num3(f->med * k).s, u, n_note(f).s);
	else
		snprintf(t.s, sizeof(t.s), "%s %s [%s–%s%s]", num3(f->med * k).s, u,
			 num3(f->min * k).s, num3(f->max * k).s, n_note(f).s);
	return t;
}

/* "median@suffix [min–max]", the figure in its own unit */
static struct txt fig_plain(const struct bench_fig *f, const char *suffix)
{
	struct txt t;

	snprintf(t.s, sizeof(t.s), "%s%s [%s–%s%s]", num3(f->med).s, suffix, num3(f->min).s,
		 num3(f->max).s, n_note(f).s);
	return t;
}

static struct txt fig_ns(const struct bench_fig *f)
{
	return fig_plain(f, "");
}

static struct txt fig_rate(const struct bench_fig *f, const char *what)
{
	const char *u;
	double k = rate_unit(f->med, &u);
	struct txt t;

	snprintf(t.s, sizeof(t.s), "%s %s%s/s [%s–%s%s]", num3(f->med * k).s, u, what,
		 num3(f->min * k).s, num3(f->max * k).s, n_note(f).s);
	return t;
}

static struct txt fig_ratio(const struct bench_fig *f)
{
	return fig_plain(f, "×");
}

static double t_start;

/* Where the run is, on stderr: the report on stdout stays clean. */
static void progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void progress(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bench_explore [%6.1f s] ", now_s() - t_start);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void error_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("bench_explore: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Oracle names of a mask, comma-separated; "ok" for none. */
static struct txt oracle_names(unsigned mask)
{
	struct txt t;
	size_t len = 0;

	t.s[0] = '\0';
	for (unsigned bit = 0; bit < FO_ORACLE_COUNT; bit++) {
		const char *name = (mask & (1u << bit)) ? fo_oracle_name(1u << bit) : NULL;

		if (name)
			len += (size_t)snprintf(t.s + len, sizeof(t.s) - len, "%s%s",
						len ? ", " : "", name);
		if (len >= sizeof(t.s))
			break;
	}
	if (!len)
		strcpy(t.s, "ok");
	return t;
}

/* ---- repeated runs of one exploration ---- */

struct run_out {
	double seconds;
	uint64_t executions, redundant, steps;
	unsigned violated;
	bool complete;
	int threads;
};

struct runs {
	struct run_out r[BENCH_MAX_REPEAT];
	int n;
};

/*
 * Up to cfg.repeat runs; with a budget, stop early when one more run would
 * take the cell past it (at least one run is always made).
 */
static int repeat_runs(int (*once)(void *ctx, struct run_out *o), void *ctx, double budget,
		       struct runs *rs)
{
	double spent = 0;

	rs->n = 0;
	while (rs->n < cfg.repeat) {
		double t0 = now_s(), took;
		int err = once(ctx, &rs->r[rs->n]);

		if (err)
			return err;
		took = now_s() - t0;
		rs->n++;
		spent += took;
		if (budget > 0 && spent + took > budget)
			break;
	}
	return 0;
}

static struct bench_fig runs_seconds(const struct runs *rs)
{
	double v[BENCH_MAX_REPEAT];

	for (int i = 0; i < rs->n; i++)
		v[i] = rs->r[i].seconds;
	return bench_fig_of(v, rs->n);
}

static struct bench_fig runs_rate(const struct runs *rs, bool steps)
{
	double v[BENCH_MAX_REPEAT];

	for (int i = 0; i < rs->n; i++) {
		double count = (double)(steps ? rs->r[i].steps : rs->r[i].executions);

		v[i] = rs->r[i].seconds > 0 ? count / rs->r[i].seconds : 0;
	}
	return bench_fig_of(v, rs->n);
}

/* The largest count of the runs: they agree unless a time limit cut them. */
static uint64_t runs_max_executions(const struct runs *rs)
{
	uint64_t m = 0;

	for (int i = 0; i < rs->n; i++)
		if (rs->r[i].executions > m)
			m = rs->r[i].executions;
	return m;
}

static bool runs_complete(const struct runs *rs)
{
	for (int i = 0; i < rs->n; i++)
		if (!rs->r[i].complete)
			return false;
	return true;
}

static void from_result(struct run_out *o, const struct explore_result *r)
{
	o->seconds = r->seconds;
	o->executions = r->executions;
	o->redundant = r->sleep_blocked;
	o->steps = r->steps;
	o->violated = r->violated;
	o->complete = r->stop == EXPLORE_COMPLETE;
	o->threads = r->threads;
}

/* ---- section 1: a coroutine switch against a pthread hand-off ---- */

struct ctx_pingpong {
	struct sim_ctx main, side[2];
	long left;
};

struct ctx_side_arg {
	struct ctx_pingpong *pp;
	int me;
};

/* The side whose turn ends the count goes back to main; the other is left parked. */
static void ctx_side(void *arg)
{
	struct ctx_side_arg *sa = arg;
	struct ctx_pingpong *pp = sa->pp;

	while (pp->left-- > 0)
		sim_ctx_switch(&pp->side[sa->me], &pp->side[!sa->me]);
	sim_ctx_switch(&pp->side[sa->me], &pp->main);
	abort(); /* never resumed */
}

/* Return: nanoseconds per sim_ctx_switch between two coroutines. */
static double run_ctx_pingpong(void *stacks, long switches)
{
	struct ctx_pingpong pp;
	struct ctx_side_arg args[2] = { { &pp, 0 }, { &pp, 1 } };
	double t0;

	memset(&pp, 0, sizeof(pp));
	pp.left = switches;
	sim_ctx_init_self(&pp.main);
	for (int i = 0; i < 2; i++)
		sim_ctx_make(&pp.side[i], (char *)stacks + (size_t)i * CTX_STACK_SIZE,
			     CTX_STACK_SIZE, ctx_side, &args[i]);
	t0 = now_s();
	sim_ctx_switch(&pp.main, &pp.side[0]);
	t0 = now_s() - t0;
	for (int i = 0; i < 2; i++)
		sim_ctx_destroy(&pp.side[i]);
	return t0 * 1e9 / (double)(switches + 2); /* main -> side 0, last side -> main */
}

struct ticker {
	long steps;
	int word;
};

static void ticker_body(void *arg)
{
	struct ticker *t = arg;

	for (long i = 0; i < t->steps; i++)
		rt_point(RT_WRITE, &t->word, "tick");
}

/*
 * Return: nanoseconds per sim_step() of a thread that does nothing but pass
 * scheduling points: two switches plus the sim's book-keeping.
 */
static double run_sim_steps(long steps)
{
	struct ticker t = { .steps = steps };
	struct sim *s = sim_create();
	enum sim_outcome out;
	long taken = 0;
	double t0;

	if (!s) {
		error_msg("sim_create failed");
		exit(1);
	}
	sim_reset(s);
	sim_spawn(s, "ticker", ticker_body, &t);
	out = sim_start(s);
	t0 = now_s();
	while (out == SIM_RUNNING) {
		out = sim_step(s, 0);
		taken++;
	}
	t0 = now_s() - t0;
	sim_destroy(s);
	return t0 * 1e9 / (double)taken;
}

struct futex_pingpong {
	atomic_uint turn;
	long handoffs;
};

struct futex_side_arg {
	struct futex_pingpong *fp;
	unsigned me;
};

/*
 * Hand-offs 0, 2, 4, ... are side 0's, the odd ones side 1's. A side sleeps
 * on the turn word until the turn is its own (no spinning first: the hand-off
 * a pthread backend of the explorer would make), passes it and wakes the other.
 */
static void futex_side(struct futex_pingpong *fp, unsigned me)
{
	for (long r = me; r < fp->handoffs; r += 2) {
		unsigned t;

		while ((t = atomic_load_explicit(&fp->turn, memory_order_acquire)) != me)
			syscall(SYS_futex, &fp->turn, FUTEX_WAIT_PRIVATE, t, NULL, NULL, 0);
		atomic_store_explicit(&fp->turn, !me, memory_order_release);
		syscall(SYS_futex, &fp->turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

static void *futex_thread(void *arg)
{
	struct futex_side_arg *sa = arg;

	futex_side(sa->fp, sa->me);
	return NULL;
}

/* Return: nanoseconds per hand-off between two pthreads. */
static double run_futex_pingpong(long handoffs)
{
	struct futex_pingpong fp = { .turn = 0, .handoffs = handoffs };
	struct futex_side_arg other = { &fp, 1 };
	pthread_t thread;
	double t0 = now_s();

	if (pthread_create(&thread, NULL, futex_thread, &other)) {
		perror("pthread_create");
		exit(1);
	}
	futex_side(&fp, 0);
	pthread_join(thread, NULL);
	return (now_s() - t0) * 1e9 / (double)handoffs;
}

static void section_switch(void)
{
	double ctx[BENCH_MAX_REPEAT], step[BENCH_MAX_REPEAT], futex[BENCH_MAX_REPEAT];
	double r_futex_ctx[BENCH_MAX_REPEAT], r_futex_step[BENCH_MAX_REPEAT];
	struct bench_fig f_ctx, f_step, f_futex, f_r1, f_r2;
	double warm;
	void *stacks = aligned_alloc(4096, 2 * CTX_STACK_SIZE);

	if (!stacks) {
		perror("aligned_alloc");
		exit(1);
	}
	/*
	 * Warm the stacks, the code and the second CPU. On a busy machine a
	 * futex hand-off waits for a CPU (tens of microseconds): fewer of them
	 * then keep a run near its time budget.
	 */
	run_ctx_pingpong(stacks, cfg.switches / 10);
	run_sim_steps(cfg.sim_steps / 10);
	warm = run_futex_pingpong(cfg.handoffs / 10);
	if (warm * 1e-9 * (double)cfg.handoffs > cfg.handoff_budget)
		cfg.handoffs = 2 * ((long)(cfg.handoff_budget / (warm * 1e-9)) / 2 + 1000);
	for (int i = 0; i < cfg.repeat; i++) {
		ctx[i] = run_ctx_pingpong(stacks, cfg.switches);
		step[i] = run_sim_steps(cfg.sim_steps);
		futex[i] = run_futex_pingpong(cfg.handoffs);
		r_futex_ctx[i] = futex[i] / ctx[i];
		r_futex_step[i] = futex[i] / step[i];
	}
	free(stacks);
	f_ctx = bench_fig_of(ctx, cfg.repeat);
	f_step = bench_fig_of(step, cfg.repeat);
	f_futex = bench_fig_of(futex, cfg.repeat);
	f_r1 = bench_fig_of(r_futex_ctx, cfg.repeat);
	f_r2 = bench_fig_of(r_futex_step, cfg.repeat);

	printf("## 1. Context switch: coroutines against a pthread hand-off\n\n");
	printf("| what | ns each | futex hand-off ÷ this |\n");
	printf("| --- | ---: | ---: |\n");
	printf("| (a) `sim_ctx_switch`, two coroutines ping-pong (%ld switches) | %s | %s |\n",
	       cfg.switches, fig_ns(&f_ctx).s, fig_ratio(&f_r1).s);
	printf("| `sim_step` of a thread that only passes points (%ld steps: 2 switches + "
	       "book-keeping) | %s | %s |\n",
	       cfg.sim_steps, fig_ns(&f_step).s, fig_ratio(&f_r2).s);
	printf("| (b) two pthreads hand a turn over through a futex (%ld hand-offs) | %s | 1× |\n",
	       cfg.handoffs, fig_ns(&f_futex).s);
	printf("\n(c) A futex hand-off costs %s× a coroutine switch (median of the per-run "
	       "ratios, [min–max]). An exploration takes one scheduler round trip per step, so "
	       "a pthread backend (two hand-offs a step) would bound it near %s steps/s, "
	       "where the coroutine round trip allows %s.\n\n",
	       num3(f_r1.med).s, fmt_rate(1e9 / (2 * f_futex.med)).s, fmt_rate(1e9 / f_step.med).s);

	bench_j_begin("switch");
	bench_j_kfig("ctx_switch_ns", &f_ctx);
	bench_j_kfig("sim_step_ns", &f_step);
	bench_j_kfig("futex_handoff_ns", &f_futex);
	bench_j_kfig("ratio_futex_to_ctx", &f_r1);
	bench_j_kfig("ratio_futex_to_sim_step", &f_r2);
	bench_j_ku64("switches", (uint64_t)cfg.switches);
	bench_j_ku64("sim_steps", (uint64_t)cfg.sim_steps);
	bench_j_ku64("handoffs", (uint64_t)cfg.handoffs);
	bench_j_end();
}

/* ---- toy programs on the runtime's primitives (as tests/test_explore.c) ---- */

struct toy;

struct toy_thread {
	struct toy *toy;
	int id;
};

struct toy {
	int nthreads;
	int k;        /* independent steps: stores per thread */
	bool counter; /* the shared counter (load; store), else independent steps */
	int shared[SIM_MAX_THREADS];
	struct toy_thread th[SIM_MAX_THREADS];
	enum explore_strategy strategy;
};

static const char *const toy_names[SIM_MAX_THREADS] = {
	"t0", "t1", "t2",  "t3",  "t4",  "t5",  "t6",  "t7",
	"t8", "t9", "t10", "t11", "t12", "t13", "t14", "t15",
};

/* k stores, each to the thread's own int: every pair of steps commutes. */
static void toy_private(void *arg)
{
	struct toy_thread *t = arg;

	for (int i = 0; i < t->toy->k; i++)
		rt_store_int(&t->toy->shared[t->id], i + 1, "private");
}

/* counter++ as a load and a store: the lost update. */
static void toy_counter(void *arg)
{
	struct toy_thread *t = arg;
	int v = rt_load_int(&t->toy->shared[0], "load");

	rt_store_int(&t->toy->shared[0], v + 1, "store");
}

static int toy_setup(void *priv, struct sim *s)
{
	struct toy *toy = priv;

	memset(toy->shared, 0, sizeof(toy->shared));
	for (int i = 0; i < toy->nthreads; i++) {
		int err;

		toy->th[i] = (struct toy_thread){ toy, i };
		err = sim_spawn(s, toy_names[i], toy->counter ? toy_counter : toy_private,
				&toy->th[i]);
		if (err < 0)
			return err;
	}
	return 0;
}

static unsigned toy_finish(void *priv, struct sim *s, enum sim_outcome out, bool cut)
{
	struct toy *toy = priv;

	if (cut || !toy->counter)
		return 0;
	return toy->shared[0] != toy->nthreads ? 1u : 0u;
}

static int toy_once(void *ctx, struct run_out *o)
{
	struct toy *toy = ctx;
	struct explore_program p = { .setup = toy_setup, .finish = toy_finish, .priv = toy };
	struct explore_opts xo = { .strategy = toy->strategy, .preemptions = -1 };
	struct explore_result r;
	int err = explore_run(&p, &xo, &r);

	if (err)
		return err;
	from_result(o, &r);
	explore_result_free(&r);
	return 0;
}

static struct txt toy_name(const struct toy *toy)
{
	struct txt t;

	if (toy->counter)
		snprintf(t.s, sizeof(t.s), "shared counter, %d threads", toy->nthreads);
	else
		snprintf(t.s, sizeof(t.s), "independent steps, 2 threads, k=%d", toy->k);
	return t;
}

/* ---- scenarios through the internal program (no counterexample recording) ---- */

struct sc_prog {
	char path[512];
	char name[128]; /* the file's name without its directory and .fos */
	fo_scenario *fsc;
	const struct scenario *sc;
	struct fuse_knobs knobs;
	const char *variant;
	struct explore_opts xo;
	unsigned target; /* oracles that count as violations; 0: all */
	struct explore_program inner;
};

/* The knobs fo_check() would use: the variant's row, then the file's set lines. */
static int sc_prog_open(struct sc_prog *sp, const char *dir, const char *file, const char *variant)
{
	char err[512];
	int ret;

	memset(sp, 0, sizeof(*sp));
	snprintf(sp->path, sizeof(sp->path), "%s/%s", dir, file);
	snprintf(sp->name, sizeof(sp->name), "%.*s", (int)(strcspn(file, ".")), file);
	ret = fo_scenario_load(sp->path, &sp->fsc, err, sizeof(err));
	if (ret < 0) {
		error_msg("%s", err);
		return ret;
	}
	sp->sc = scenario_of(sp->fsc);
	sp->variant = variant;
	if (fuse_knobs_for_variant(variant, &sp->knobs)) {
		error_msg("unknown variant %s", variant);
		return -EINVAL;
	}
	for (int i = 0; i < sp->sc->nknobs; i++)
		if (fuse_knob_set(&sp->knobs, sp->sc->knobs[i].name, sp->sc->knobs[i].value)) {
			error_msg("%s: bad knob %s=%s", sp->path, sp->sc->knobs[i].name,
				  sp->sc->knobs[i].value);
			return -EINVAL;
		}
	return 0;
}

static void sc_prog_close(struct sc_prog *sp)
{
	fo_scenario_free(sp->fsc);
	sp->fsc = NULL;
}

/*
 * The scenario's program with its verdict narrowed to sp->target, so that
 * stop_on_violation waits for that oracle and not for whichever comes first.
 */
static int target_setup(void *priv, struct sim *s)
{
	struct sc_prog *sp = priv;

	return sp->inner.setup(sp->inner.priv, s);
}

static void target_on_step(void *priv, struct sim *s, const struct sim_step *step, uint64_t i)
{
	struct sc_prog *sp = priv;

	if (sp->inner.on_step)
		sp->inner.on_step(sp->inner.priv, s, step, i);
}

static void target_after_step(void *priv, struct sim *s, int tid, uint64_t i)
{
	struct sc_prog *sp = priv;

	if (sp->inner.after_step)
		sp->inner.after_step(sp->inner.priv, s, tid, i);
}

static unsigned target_finish(void *priv, struct sim *s, enum sim_outcome out, bool cut)
{
	struct sc_prog *sp = priv;

	return sp->inner.finish(sp->inner.priv, s, out, cut) & sp->target;
}

static int sc_prog_once(void *ctx, struct run_out *o)
{
	struct sc_prog *sp = ctx;
	struct explore_program p;
	struct explore_result r;
	struct sc_run run;
	int err;

	if (sc_run_init(&run, sp->sc, &sp->knobs))
		return -ENOMEM;
	p = sc_run_program(&run);
	if (sp->target) {
		sp->inner = p;
		p = (struct explore_program){ .setup = target_setup,
					      .on_step = target_on_step,
					      .after_step = target_after_step,
					      .finish = target_finish,
					      .priv = sp };
	}
	err = explore_run(&p, &sp->xo, &r);
	sc_run_destroy(&run);
	if (err)
		return err;
	from_result(o, &r);
	explore_result_free(&r);
	return 0;
}

/* ---- section 2: scheduling steps per second ---- */

/*
 * Return: microseconds per sim_create() + sim_destroy(), which every
 * explore_run() (and every replay) pays once: a stack mapping with a guard
 * page per thread slot, and the OS thread's stack bounds.
 */
static double run_sim_create(int times)
{
	double t0 = now_s();

	for (int i = 0; i < times; i++) {
		struct sim *s = sim_create();

		if (!s) {
			error_msg("sim_create failed");
			exit(1);
		}
		sim_destroy(s);
	}
	return (now_s() - t0) * 1e6 / times;
}

static void steps_row(const char *what, const struct runs *rs, struct bench_fig *steps_rate)
{
	struct bench_fig secs = runs_seconds(rs), st = runs_rate(rs, true),
			 ex = runs_rate(rs, false);

	printf("| %s | %llu | %llu | %s | %s | %s |\n", what,
	       (unsigned long long)rs->r[0].executions, (unsigned long long)rs->r[0].steps,
	       fig_time(&secs).s, fig_rate(&st, " steps").s, fig_rate(&ex, " exec").s);
	bench_j_begin("steps_per_second");
	bench_j_kstr("program", what);
	bench_j_ku64("executions", rs->r[0].executions);
	bench_j_ku64("steps", rs->r[0].steps);
	bench_j_kfig("seconds", &secs);
	bench_j_kfig("steps_per_second", &st);
	bench_j_kfig("executions_per_second", &ex);
	bench_j_end();
	if (steps_rate)
		*steps_rate = st;
}

static void section_steps(void)
{
	struct toy indep = { .nthreads = 2, .k = cfg.k_steps, .strategy = EXPLORE_DFS };
	struct toy counter = { .nthreads = cfg.counter_threads,
			       .counter = true,
			       .strategy = EXPLORE_DFS };
	struct sc_prog sp[2];
	struct bench_fig f_indep, f_counter, f_fixed;
	double fixed[BENCH_MAX_REPEAT];
	struct runs rs;
	char what[160];

	printf("## 2. Scheduling steps per second, deterministic mode\n\n");
	printf("`explore_run`, every interleaving (DFS, no bound); a step is one scheduling "
	       "decision and the thread's run to its next point, replayed prefixes included.\n\n");
	printf("| program (DFS) | executions | steps | time | steps/s | executions/s |\n");
	printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");

	if (repeat_runs(toy_once, &indep, 0, &rs))
		goto fail;
	steps_row(toy_name(&indep).s, &rs, &f_indep);
	if (repeat_runs(toy_once, &counter, 0, &rs))
		goto fail;
	steps_row(toy_name(&counter).s, &rs, &f_counter);

	/* the same engine on the model: a step there runs kernel-dialect code */
	if (sc_prog_open(&sp[0], FUSEORD_SCENARIO_DIR, "concern2-clone-counters.fos", "v2") ||
	    sc_prog_open(&sp[1], FUSEORD_SCENARIO_DIR, "concern2-clone-counters.fos", "v2"))
		goto fail;
	sp[0].xo = (struct explore_opts){ .strategy = EXPLORE_DFS,
					  .preemptions = 3,
					  .max_steps = 10000 };
	sp[1].xo = (struct explore_opts){ .strategy = EXPLORE_DPOR,
					  .preemptions = -1,
					  .max_steps = 10000 };
	for (int i = 0; i < 2; i++) {
		if (repeat_runs(sc_prog_once, &sp[i], 0, &rs))
			goto fail;
		snprintf(what, sizeof(what), "concern2-clone-counters v2, %s",
			 i ? "**DPOR** (exhaustive)" : "DFS ≤3 preemptions");
		steps_row(what, &rs, NULL);
		sc_prog_close(&sp[i]);
	}

	for (int i = 0; i < cfg.repeat; i++)
		fixed[i] = run_sim_create(200);
	f_fixed = bench_fig_of(fixed, cfg.repeat);
	printf("\nThe fixed cost of one `explore_run` (`sim_create` + `sim_destroy`, outside "
	       "the result's own clock): %s µs [%s–%s]; in wall time it outweighs a check of a "
	       "few executions.\n",
	       num3(f_fixed.med).s, num3(f_fixed.min).s, num3(f_fixed.max).s);
	bench_j_begin("explore_run_fixed_cost");
	bench_j_kfig("sim_create_destroy_us", &f_fixed);
	bench_j_end();
	printf("\nGoal: at least 1 M steps/s on the toy programs: %s (%s M and %s M steps/s).\n\n",
	       f_indep.med >= 1e6 && f_counter.med >= 1e6 ? "**met**" : "**not met**",
	       num3(f_indep.med / 1e6).s, num3(f_counter.med / 1e6).s);
	snprintf(what, sizeof(what), "%s M and %s M steps/s", num3(f_indep.med / 1e6).s,
		 num3(f_counter.med / 1e6).s);
	bench_j_goal("explorer: at least 1 M scheduling steps/s (DFS, toy programs)", what,
		     f_indep.med >= 1e6 && f_counter.med >= 1e6);
	return;
fail:
	error_msg("section 2 failed");
	exit(1);
}

/* ---- section 3: every shipped scenario through the public API ---- */

struct check_cell {
	const fo_scenario *sc;
	const char *variant;
	int preemptions; /* -1: DPOR, unless dfs */
	bool dfs;        /* DFS with no preemption bound (preemptions must be -1) */
	uint64_t max_executions; /* 0: no limit */
	double time_limit;       /* 0: cfg.dpor_limit for DPOR, else cfg.cell_limit */
	unsigned violated;
	int met;
};

static int check_once(void *ctx, struct run_out *o)
{
	struct check_cell *c = ctx;
	struct fo_check_opts opts;
	struct fo_check_stats st;
	fo_verdict *v;
	char err[256];
	int ret;

	fo_check_opts_init(&opts);
	opts.variant = c->variant;
	opts.strategy = c->preemptions < 0 && !c->dfs ? FO_STRATEGY_DPOR : FO_STRATEGY_DFS;
	opts.preemptions = c->preemptions;
	opts.max_executions = c->max_executions;
	opts.time_limit = c->time_limit > 0		 ? c->time_limit :
			  opts.strategy == FO_STRATEGY_DPOR ? cfg.dpor_limit :
							      cfg.cell_limit;
	ret = fo_check(c->sc, &opts, &v, err, sizeof(err));
	if (ret) {
		error_msg("fo_check: %s (%d)", err, ret);
		return ret;
	}
	fo_verdict_stats(v, &st);
	o->seconds = st.seconds;
	o->executions = st.executions;
	o->redundant = st.redundant;
	o->steps = st.steps;
	o->complete = st.complete;
	o->threads = st.threads;
	o->violated = c->violated = fo_verdict_violated(v);
	c->met = fo_verdict_met(v);
	fo_verdict_free(v);
	return 0;
}

static int fos_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && !strcmp(d->d_name + n - 4, ".fos");
}

/* The shipped scenario files in *list, sorted by name; exits if none can be listed. */
static int scenario_files(struct dirent ***list)
{
	int n = scandir(FUSEORD_SCENARIO_DIR, list, fos_filter, alphasort);

	if (n < 0) {
		perror(FUSEORD_SCENARIO_DIR);
		exit(1);
	}
	return n;
}

/* Load the shipped scenario @file, its name (without ".fos") in @name; exits on error. */
static fo_scenario *scenario_load(const char *file, char *name, size_t name_len)
{
	char path[512], err[512];
	fo_scenario *sc;

	snprintf(path, sizeof(path), "%s/%s", FUSEORD_SCENARIO_DIR, file);
	snprintf(name, name_len, "%.*s", (int)strlen(file) - 4, file);
	if (fo_scenario_load(path, &sc, err, sizeof(err)) < 0) {
		error_msg("%s", err);
		exit(1);
	}
	return sc;
}

/* "1104 (+160) · 23.9 ms [..]"; ≥ and "stopped" when the time limit cut it. */
static struct cell cell_text(const struct runs *rs, bool dpor, unsigned missed)
{
	struct bench_fig secs = runs_seconds(rs);
	bool complete = runs_complete(rs);
	struct cell t;
	char red[40] = "";

	if (dpor)
		snprintf(red, sizeof(red), " (+%llu)", (unsigned long long)rs->r[0].redundant);
	snprintf(t.s, sizeof(t.s), "%s%llu%s · %s%s", complete ? "" : "≥ ",
		 (unsigned long long)runs_max_executions(rs), complete ? red : "",
		 fig_time(&secs).s, complete ? "" : " stopped");
	if (missed) {
		size_t len = strlen(t.s);

		snprintf(t.s + len, sizeof(t.s) - len, "; %s %s",
			 complete ? "misses" : "not yet found:", oracle_names(missed).s);
	}
	return t;
}

static void section_scenarios(void)
{
	static const char *const variants[] = { "pre", "v2" };
	struct dirent **list;
	int n = scenario_files(&list);
	static char notes[32768], warn[4096];
	size_t nl = 0, wl = 0;
	double dpor_steps = 0, dpor_secs = 0, dfs_steps = 0, dfs_secs = 0;

	notes[0] = warn[0] = '\0';
	printf("## 3. Shipped scenarios: DPOR against preemption-bounded DFS\n\n");
	printf("`fo_check` per (scenario, variant): exhaustive DPOR, then DFS with at most "
	       "b preemptions. A cell: executions (DPOR: + executions cut as redundant by their "
	       "sleep set) · exploration time from `fo_verdict_stats` [spread]. "
	       "A DPOR exploration is stopped after %s, a DFS one after %s; a cell is repeated "
	       "while it fits in %s. "
	       "\"misses\": oracles DPOR finds that the bound does not reach.\n\n",
	       fmt_time(cfg.dpor_limit).s, fmt_time(cfg.cell_limit).s, fmt_time(cfg.cell_budget).s);
	printf("| scenario | variant | DPOR | DFS b=0 | DFS b=1 | DFS b=2 | DFS b=3 | verdict (DPOR) "
	       "|\n");
	printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
	for (int i = 0; i < n; i++) {
		char name[256];
		fo_scenario *sc = scenario_load(list[i]->d_name, name, sizeof(name));

		for (int vi = 0; vi < 2; vi++) {
			struct check_cell cell = { .sc = sc, .variant = variants[vi] };
			struct runs dpor, dfs;
			unsigned dpor_violated, cheaper_missed = 0;
			struct run_out cheaper = { 0 };
			int cheaper_b = -1;
			bool dpor_complete;
			int met;

			progress("%s %s", name, variants[vi]);
			cell.preemptions = -1;
			if (repeat_runs(check_once, &cell, cfg.cell_budget, &dpor))
				exit(1);
			dpor_violated = cell.violated;
			dpor_complete = runs_complete(&dpor);
			met = cell.met;
			dpor_steps += (double)dpor.r[0].steps;
			dpor_secs += dpor.r[0].seconds;
			printf("| %s | %s | %s", name, variants[vi], cell_text(&dpor, true, 0).s);
			bench_j_begin("scenario");
			bench_j_kstr("scenario", name);
			bench_j_kstr("variant", variants[vi]);
			bench_j_kstr("strategy", "dpor");
			bench_j_ku64("executions", runs_max_executions(&dpor));
			bench_j_ku64("redundant", dpor.r[0].redundant);
			bench_j_ku64("steps", dpor.r[0].steps);
			bench_j_kbool("complete", dpor_complete);
			bench_j_kfig_of("seconds", runs_seconds(&dpor));
			bench_j_kstr("violated", oracle_names(dpor_violated).s);
			bench_j_kbool("expect_met", met == 1);
			bench_j_end();
			for (int b = 0; b <= 3; b++) {
				unsigned missed;

				cell.preemptions = b;
				if (repeat_runs(check_once, &cell, cfg.cell_budget, &dfs))
					exit(1);
				missed = dpor_complete ? dpor_violated & ~cell.violated : 0;
				printf(" | %s", cell_text(&dfs, false, missed).s);
				dfs_steps += (double)dfs.r[0].steps;
				dfs_secs += dfs.r[0].seconds;
				/* the largest bound that still costs fewer executions than DPOR */
				if (runs_complete(&dfs) && dpor_complete &&
				    dfs.r[0].executions < dpor.r[0].executions) {
					cheaper_b = b;
					cheaper = dfs.r[0];
					cheaper.seconds = runs_seconds(&dfs).med;
					cheaper_missed = missed;
				}
				if (runs_complete(&dfs) && dpor_complete &&
				    cell.violated & ~dpor_violated && wl < sizeof(warn) - 300)
					wl += (size_t)snprintf(
						warn + wl, sizeof(warn) - wl,
						"%s%s %s: DFS b=%d finds %s, which DPOR does not",
						wl ? "; " : "", name, variants[vi], b,
						oracle_names(cell.violated & ~dpor_violated).s);
				bench_j_begin("scenario");
				bench_j_kstr("scenario", name);
				bench_j_kstr("variant", variants[vi]);
				bench_j_kstr("strategy", "dfs");
				bench_j_ku64("preemptions", (uint64_t)b);
				bench_j_ku64("executions", runs_max_executions(&dfs));
				bench_j_ku64("steps", dfs.r[0].steps);
				bench_j_kbool("complete", runs_complete(&dfs));
				bench_j_kfig_of("seconds", runs_seconds(&dfs));
				bench_j_kstr("violated", oracle_names(cell.violated).s);
				bench_j_end();
			}
			printf(" | %s%s |\n", oracle_names(dpor_violated).s,
			       !dpor_complete ? " (incomplete)" :
			       met == 1       ? "" :
						" **≠ expect**");
			if (cheaper_b >= 0 && nl < sizeof(notes) - 300)
				nl += (size_t)snprintf(
					notes + nl, sizeof(notes) - nl,
					"- %s %s: DPOR runs %llu executions in %s, DFS with b=%d only "
					"%llu in %s, and %s.\n",
					name, variants[vi],
					(unsigned long long)dpor.r[0].executions,
					fmt_time(runs_seconds(&dpor).med).s, cheaper_b,
					(unsigned long long)cheaper.executions,
					fmt_time(cheaper.seconds).s,
					cheaper_missed ? "misses some of its oracles" :
							 "finds every oracle DPOR finds");
		}
		fo_scenario_free(sc);
		free(list[i]);
	}
	free(list);
	printf("\nThroughput over the table (first run of each cell): DPOR %s M steps/s, "
	       "DFS %s M steps/s.\n\n",
	       num3(dpor_secs > 0 ? dpor_steps / dpor_secs / 1e6 : 0).s,
	       num3(dfs_secs > 0 ? dfs_steps / dfs_secs / 1e6 : 0).s);
	if (wl)
		printf("> **DPOR is not complete on every scenario:** %s. DPOR's exhaustive "
		       "verdict must include every oracle any bounded DFS finds; where it does "
		       "not, DPOR has pruned a schedule it should have run.\n\n",
		       warn);
	bench_j_goal("explorer: DPOR finds every oracle that DFS with at most 3 preemptions "
		     "finds, on every shipped scenario",
		     wl ? warn : "no scenario where a bounded DFS finds more", wl == 0);
	if (nl)
		printf("Where DPOR runs more executions than a bounded DFS (the largest such "
		       "bound; a bound proves nothing beyond it, DPOR proves every schedule):"
		       "\n\n%s\n",
		       notes);
}

/* ---- section 3b: full DFS against DPOR where DFS finishes ---- */

static void reduction_row(struct toy *toy)
{
	struct runs dfs, dpor;
	struct bench_fig t_dfs, t_dpor, speed;
	double ratio[BENCH_MAX_REPEAT], reduction;
	int n;

	/* side by side: a DFS run, then a DPOR run, then the next pair */
	for (n = 0; n < cfg.repeat; n++) {
		toy->strategy = EXPLORE_DFS;
		if (toy_once(toy, &dfs.r[n]))
			goto fail;
		toy->strategy = EXPLORE_DPOR;
		if (toy_once(toy, &dpor.r[n]))
			goto fail;
		ratio[n] = dpor.r[n].seconds > 0 ? dfs.r[n].seconds / dpor.r[n].seconds : 0;
	}
	dfs.n = dpor.n = n;
	t_dfs = runs_seconds(&dfs);
	t_dpor = runs_seconds(&dpor);
	speed = bench_fig_of(ratio, n);
	reduction = (double)dfs.r[0].executions / (double)dpor.r[0].executions;
	printf("| %s | %llu | %s | %llu (+%llu) | %s | %s× | %s |\n", toy_name(toy).s,
	       (unsigned long long)dfs.r[0].executions, fig_time(&t_dfs).s,
	       (unsigned long long)dpor.r[0].executions, (unsigned long long)dpor.r[0].redundant,
	       fig_time(&t_dpor).s, num3(reduction).s, fig_ratio(&speed).s);
	bench_j_begin("dfs_vs_dpor");
	bench_j_kstr("program", toy_name(toy).s);
	bench_j_ku64("dfs_executions", dfs.r[0].executions);
	bench_j_kfig("dfs_seconds", &t_dfs);
	bench_j_ku64("dpor_executions", dpor.r[0].executions);
	bench_j_ku64("dpor_redundant", dpor.r[0].redundant);
	bench_j_kfig("dpor_seconds", &t_dpor);
	bench_j_knum("reduction", reduction);
	bench_j_kfig("time_ratio", &speed);
	bench_j_end();
	return;
fail:
	error_msg("section 3b failed");
	exit(1);
}

static void section_reduction(void)
{
	printf("### 3b. Full DFS against DPOR where DFS finishes\n\n");
	printf("Reduction: DFS executions ÷ DPOR executions; time ratio: DFS time ÷ DPOR time, "
	       "per run.\n\n");
	printf("| program | DFS executions | DFS time | DPOR executions (+redundant) | DPOR time "
	       "| reduction | time ratio |\n");
	printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (int n = 2; n <= cfg.counter_threads; n++) {
		struct toy toy = { .nthreads = n, .counter = true };

		reduction_row(&toy);
	}
	for (int k = 4; k <= cfg.k_small_max; k++) {
		struct toy toy = { .nthreads = 2, .k = k };

		reduction_row(&toy);
	}
	printf("\n");
}

/* ---- section 3c: full DFS against DPOR on every shipped scenario ---- */

static const char *const full_dfs_variant = "v2";

/*
 * One scenario: exhaustive DPOR and DFS with no bound, side by side: a DPOR
 * run, then a DFS run, then the next pair while the pairs fit in
 * cfg.dfs_budget. DFS stops after cfg.dfs_cap executions, or 4x DPOR's if
 * that is more (so that a stopped DFS still bounds the reduction from below
 * by at least 4), or after cfg.dfs_limit seconds.
 */
static void full_dfs_row(const char *name, const fo_scenario *sc, FILE *plot, int idx)
{
	struct check_cell dfs = { .sc = sc,
				  .variant = full_dfs_variant,
				  .preemptions = -1,
				  .dfs = true,
				  .max_executions = cfg.dfs_cap,
				  .time_limit = cfg.dfs_limit };
	struct check_cell dpor = { .sc = sc, .variant = full_dfs_variant, .preemptions = -1 };
	static struct runs rd, rp;
	double ratio[BENCH_MAX_REPEAT], spent = 0, reduction;
	struct bench_fig f_ratio;
	bool dfs_complete, dpor_complete, lower;
	uint64_t dfs_ex, dpor_ex;
	char red[64], agree[448];
	int n = 0;

	progress("%s %s: full DFS and DPOR", name, full_dfs_variant);
	while (n < cfg.repeat) {
		double t0 = now_s(), took;

		if (check_once(&dpor, &rp.r[n]))
			exit(1);
		if (n == 0 && rp.r[0].complete && 4 * rp.r[0].executions > dfs.max_executions)
			dfs.max_executions = 4 * rp.r[0].executions;
		if (check_once(&dfs, &rd.r[n]))
			exit(1);
		ratio[n] = rp.r[n].seconds > 0 ? rd.r[n].seconds / rp.r[n].seconds : 0;
		n++;
		took = now_s() - t0;
		spent += took;
		if (spent + took > cfg.dfs_budget)
			break;
	}
	rd.n = rp.n = n;
	dfs_complete = runs_complete(&rd);
	dpor_complete = runs_complete(&rp);
	dfs_ex = runs_max_executions(&rd);
	dpor_ex = runs_max_executions(&rp);
	f_ratio = bench_fig_of(ratio, n);
	reduction = dpor_ex ? (double)dfs_ex / (double)dpor_ex : 0;
	lower = !dfs_complete;
	if (!dpor_complete)
		snprintf(red, sizeof(red), "? (DPOR stopped too)");
	else
		snprintf(red, sizeof(red), "%s%s×", lower ? "≥ " : "", num3(reduction).s);
	if (dfs_complete && dpor_complete)
		snprintf(agree, sizeof(agree), "%s%s", oracle_names(dpor.violated).s,
			 dfs.violated == dpor.violated ? " (both)" : " **DFS and DPOR disagree**");
	else
		snprintf(agree, sizeof(agree), "DPOR: %s%s; DFS so far: %s",
			 oracle_names(dpor.violated).s, dpor_complete ? "" : " (incomplete)",
			 oracle_names(dfs.violated).s);
	printf("| %s | %s | %s | %s | %s%s | %s |\n", name, cell_text(&rd, false, 0).s,
	       cell_text(&rp, true, 0).s, red, lower && dpor_complete ? "≥ " : "",
	       dpor_complete ? fig_ratio(&f_ratio).s : "?", agree);
	bench_j_begin("full_dfs_vs_dpor");
	bench_j_kstr("scenario", name);
	bench_j_kstr("variant", full_dfs_variant);
	bench_j_ku64("dfs_cap", dfs.max_executions);
	bench_j_knum("dfs_time_limit", cfg.dfs_limit);
	bench_j_ku64("dfs_executions", dfs_ex);
	bench_j_kbool("dfs_complete", dfs_complete);
	bench_j_kfig_of("dfs_seconds", runs_seconds(&rd));
	bench_j_kstr("dfs_violated", oracle_names(dfs.violated).s);
	bench_j_ku64("dpor_executions", dpor_ex);
	bench_j_ku64("dpor_redundant", rp.r[0].redundant);
	bench_j_kbool("dpor_complete", dpor_complete);
	bench_j_kfig_of("dpor_seconds", runs_seconds(&rp));
	bench_j_kstr("dpor_violated", oracle_names(dpor.violated).s);
	if (dpor_complete) {
		bench_j_knum("reduction", reduction);
		bench_j_kbool("reduction_is_lower_bound", lower);
		bench_j_kfig("time_ratio", &f_ratio);
	}
	bench_j_end();
	if (plot)
		fprintf(plot, "%d\t%s\t%llu\t%d\t%llu\t%d\n", idx, name,
			(unsigned long long)dpor_ex, dpor_complete, (unsigned long long)dfs_ex,
			dfs_complete);
}

static void section_full_dfs(void)
{
	struct dirent **list;
	int n = scenario_files(&list);
	FILE *plot = NULL;

	if (cfg.plot) {
		plot = fopen(cfg.plot, "w");
		if (!plot) {
			perror(cfg.plot);
			exit(1);
		}
		fprintf(plot, "# index\tscenario\tdpor_executions\tdpor_complete\t"
			      "dfs_executions\tdfs_complete\t(variant %s, DFS cap %llu executions "
			      "or %.3g s)\n",
			full_dfs_variant, (unsigned long long)cfg.dfs_cap, cfg.dfs_limit);
	}
	printf("### 3c. Full DFS against DPOR on every shipped scenario (%s)\n\n",
	       full_dfs_variant);
	printf("`fo_check` with exhaustive DPOR, then DFS with no preemption bound (every "
	       "interleaving), side by side: pairs of runs while they fit in %s. DFS is "
	       "stopped after %llu executions (or 4× DPOR's, if more) or %s, whichever comes "
	       "first; a stopped DFS "
	       "(\"≥ … stopped\") is a lower bound, and so are its reduction and time ratio. "
	       "Reduction: DFS executions ÷ DPOR executions; time ratio: DFS time ÷ DPOR time, "
	       "per pair. DPOR stops after %s.\n\n",
	       fmt_time(cfg.dfs_budget).s, (unsigned long long)cfg.dfs_cap,
	       fmt_time(cfg.dfs_limit).s, fmt_time(cfg.dpor_limit).s);
	printf("| scenario | DFS (no bound) | DPOR (+redundant) | reduction | time ratio | "
	       "verdict |\n");
	printf("| --- | ---: | ---: | ---: | ---: | --- |\n");
	for (int i = 0; i < n; i++) {
		char name[256];
		fo_scenario *sc = scenario_load(list[i]->d_name, name, sizeof(name));

		full_dfs_row(name, sc, plot, i);
		fo_scenario_free(sc);
		free(list[i]);
	}
	free(list);
	printf("\n");
	if (plot && fclose(plot)) {
		perror(cfg.plot);
		exit(1);
	}
}

/* ---- section 4: time to the first counterexample ---- */

struct first_strategy {
	const char *name;
	enum explore_strategy st;
	int pct_depth;
	bool seeded;
};

static const struct first_strategy first_strategies[] = {
	{ "DPOR", EXPLORE_DPOR, 0, false },    { "DFS", EXPLORE_DFS, 0, false },
	{ "random", EXPLORE_RANDOM, 0, true }, { "PCT d=2", EXPLORE_PCT, 2, true },
	{ "PCT d=3", EXPLORE_PCT, 3, true },
};

#define NFIRST (sizeof(first_strategies) / sizeof(first_strategies[0]))

/*
 * One cell: executions up to the first violation of sp->target and the time
 * to it. Deterministic strategies: the executions, the median time of the
 * runs. Seeded ones: the median over seeds [min-max] of each, and how many
 * seeds found one before the search limit.
 */
static struct cell first_cell(struct sc_prog *sp, const struct first_strategy *fs)
{
	int nseeds = fs->seeded ? SEEDS : 1, found = 0;
	double execs[SEEDS], secs[SEEDS];
	struct bench_fig f_ex, f_t;
	struct cell t;
	struct runs rs;

	for (int seed = 0; seed < nseeds; seed++) {
		sp->xo = (struct explore_opts){
			.strategy = fs->st,
			.preemptions = -1,
			.runs = UINT64_MAX,
			.seed = (uint64_t)seed + 1,
			.pct_depth = fs->pct_depth,
			.max_steps = 10000,
			.time_limit = cfg.search_limit,
			.stop_on_violation = true,
		};
		if (repeat_runs(sc_prog_once, sp, cfg.cell_budget, &rs))
			exit(1);
		execs[seed] = (double)runs_max_executions(&rs);
		f_t = runs_seconds(&rs);
		secs[seed] = f_t.med;
		found += rs.r[0].violated != 0;
	}
	if (fs->seeded) {
		f_ex = bench_fig_of(execs, nseeds);
		f_t = bench_fig_of(secs, nseeds);
		snprintf(t.s, sizeof(t.s), "%.0f [%.0f–%.0f] · %s [%s–%s]%s%d/%d", f_ex.med,
			 f_ex.min, f_ex.max, fmt_time(f_t.med).s, fmt_time(f_t.min).s,
			 fmt_time(f_t.max).s, found < nseeds ? " · **found by " : " · ", found,
			 nseeds);
		if (found < nseeds) {
			size_t len = strlen(t.s);

			snprintf(t.s + len, sizeof(t.s) - len, "**");
		}
	} else {
		f_ex = bench_fig_of(execs, 1);
		snprintf(t.s, sizeof(t.s), "%s%.0f · %s", found ? "" : "**not found** in ",
			 f_ex.med, fig_time(&f_t).s);
	}
	bench_j_begin("first_counterexample");
	bench_j_kstr("scenario", sp->name);
	bench_j_kstr("variant", sp->variant);
	bench_j_kstr("oracle", sp->target ? oracle_names(sp->target).s : "any");
	bench_j_kstr("strategy", fs->name);
	bench_j_ku64("seeds", (uint64_t)nseeds);
	bench_j_ku64("found", (uint64_t)found);
	bench_j_kfig("executions", &f_ex);
	bench_j_kfig("seconds", &f_t);
	bench_j_end();
	return t;
}

/*
 * The rows of one scenario: for v2 if its expect line lists violations, else
 * for pre if that one does, else none. A row for the first violation of any
 * oracle, then, when it expects several, one for each.
 */
static void first_cx_rows(const char *file)
{
	static const char *const variants[] = { "v2", "pre" };
	struct sc_prog sp;
	unsigned expected = 0;
	const char *variant = NULL;
	int nexpected = 0;

	for (size_t i = 0; i < 2 && !variant; i++) {
		if (sc_prog_open(&sp, FUSEORD_SCENARIO_DIR, file, variants[i]))
			exit(1);
		if (fo_scenario_expect(sp.fsc, variants[i], &expected) == 1 && expected)
			variant = variants[i];
		else
			sc_prog_close(&sp);
	}
	if (!variant)
		return;
	for (int bit = 0; bit < FO_ORACLE_COUNT; bit++)
		nexpected += !!(expected & (1u << bit));
	for (int bit = -1; bit < FO_ORACLE_COUNT; bit++) {
		if (bit >= 0 && (nexpected < 2 || !(expected & (1u << bit))))
			continue;
		sp.target = bit < 0 ? 0 : 1u << bit;
		progress("%s %s, first %s", sp.name, variant,
			 bit < 0 ? "violation" : oracle_names(sp.target).s);
		printf("| %s | %s | %s", sp.name, variant,
		       bit < 0 ? (nexpected < 2 ? oracle_names(expected).s : "any") :
				 oracle_names(sp.target).s);
		for (size_t i = 0; i < NFIRST; i++)
			printf(" | %s", first_cell(&sp, &first_strategies[i]).s);
		printf(" |\n");
	}
	sc_prog_close(&sp);
}

static void section_first_cx(void)
{
	struct dirent **list;
	int n = scenario_files(&list);

	printf("## 4. Time to the first counterexample\n\n");
	printf("Every shipped scenario whose `expect` line lists a violation: for v2, or for "
	       "pre where v2 is expected to be ok. "
	       "`explore_run` on the scenario's program with `stop_on_violation`, the verdict "
	       "narrowed to one oracle (\"any\": the first of any; one row per oracle where "
	       "several are expected; a single expected oracle is the \"any\" row). A cell: executions up to "
	       "and including the first that violates it · the time to it. DPOR and DFS (no "
	       "bound) are deterministic: the time is the median of the runs. Random and PCT "
	       "run seeds 1..%d: the median over seeds [min–max over seeds] of the executions "
	       "and of each seed's median time, then how many seeds found it. A search gives "
	       "up after %s (its executions then count as a lower bound).\n\n",
	       SEEDS, fmt_time(cfg.search_limit).s);
	printf("| scenario | variant | oracle |");
	for (size_t i = 0; i < NFIRST; i++)
		printf(" %s |", first_strategies[i].name);
	printf("\n| --- | --- | --- |");
	for (size_t i = 0; i < NFIRST; i++)
		printf(" ---: |");
	printf("\n");
	for (int i = 0; i < n; i++) {
		first_cx_rows(list[i]->d_name);
		free(list[i]);
	}
	free(list);
	printf("\n");
}

/* ---- section 5: the three-thread check of concern 2 ---- */

struct wall_cell {
	struct check_cell cell;
	double wall[BENCH_MAX_REPEAT];
	int n;
};

/* fo_check() as a user calls it: the exploration and the counterexample's replay. */
static int wall_once(void *ctx, struct run_out *o)
{
	struct wall_cell *w = ctx;
	double t0 = now_s();
	int err = check_once(&w->cell, o);

	w->wall[w->n++] = now_s() - t0;
	return err;
}

static void section_three_threads(void)
{
	char name[256], measured[512];
	struct wall_cell w = { .n = 0 };
	struct bench_fig f_wall, f_explore;
	fo_scenario *sc = scenario_load("concern2-clone-counters.fos", name, sizeof(name));
	struct runs rs;

	w.cell = (struct check_cell){ .sc = sc, .variant = "v2", .preemptions = -1 };
	if (repeat_runs(wall_once, &w, 0, &rs))
		exit(1);
	f_wall = bench_fig_of(w.wall, w.n);
	f_explore = runs_seconds(&rs);
	printf("## 5. The three-thread check: concern2-clone-counters, v2, exhaustive DPOR\n\n");
	printf("| threads | executions (+redundant) | steps | exploration | `fo_check` wall time "
	       "| verdict | goal < 1 s |\n");
	printf("| ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
	printf("| %d | %llu (+%llu) | %llu | %s | %s | %s%s | %s |\n\n", rs.r[0].threads,
	       (unsigned long long)rs.r[0].executions, (unsigned long long)rs.r[0].redundant,
	       (unsigned long long)rs.r[0].steps, fig_time(&f_explore).s, fig_time(&f_wall).s,
	       oracle_names(w.cell.violated).s, rs.r[0].complete ? "" : " (incomplete)",
	       f_wall.med < 1 && rs.r[0].complete ? "**met**" : "**not met**");
	bench_j_begin("three_thread_check");
	bench_j_kstr("scenario", name);
	bench_j_kstr("variant", "v2");
	bench_j_ku64("threads", (uint64_t)rs.r[0].threads);
	bench_j_ku64("executions", rs.r[0].executions);
	bench_j_ku64("redundant", rs.r[0].redundant);
	bench_j_ku64("steps", rs.r[0].steps);
	bench_j_kfig("explore_seconds", &f_explore);
	bench_j_kfig("wall_seconds", &f_wall);
	bench_j_kstr("violated", oracle_names(w.cell.violated).s);
	bench_j_kbool("goal_met", f_wall.med < 1 && rs.r[0].complete);
	bench_j_end();
	snprintf(measured, sizeof(measured), "%s wall time, %llu executions%s", fig_time(&f_wall).s,
		 (unsigned long long)rs.r[0].executions, rs.r[0].complete ? "" : " (incomplete)");
	bench_j_goal("explorer: the three-thread check of concern 2 (DPOR, exhaustive) in < 1 s",
		     measured, f_wall.med < 1 && rs.r[0].complete);
	fo_scenario_free(sc);
}

/* ---- header ---- */

static void header(const struct bench_machine *m)
{
	printf("# bench_explore: what exploring schedules costs\n\n");
	bench_print_machine(m);
	printf("- each figure: median of %d run%s [min–max]%s\n\n", cfg.repeat,
	       cfg.repeat > 1 ? "s" : "",
	       cfg.quick ? "; --quick: smaller programs, shorter limits" : "");
	bench_print_build_warning();
}

static void usage(const char *prog, FILE *f)
{
	fprintf(f,
		"usage: %s [--repeat N] [--quick] [--json FILE] [--plot FILE]\n"
		"  --repeat N   runs per figure, 1..%d (default 5; 3 with --quick)\n"
		"  --quick      smaller programs and limits: about 15 s\n"
		"  --json FILE  also write every figure to FILE as JSON\n"
		"  --plot FILE  write the full-DFS-against-DPOR table (3c) as gnuplot data\n",
		prog, BENCH_MAX_REPEAT);
}

/* --plot FILE, the one option bench_parse_args() leaves to this program. */
static bool plot_arg(int argc, char **argv, int *i)
{
	if (strcmp(argv[*i], "--plot") || *i + 1 >= argc)
		return false;
	cfg.plot = argv[++*i];
	return true;
}

int main(int argc, char **argv)
{
	struct bench_machine m;
	struct bench_opts o;
	double t0 = now_s();
	int status;

	t_start = t0;
	status = bench_parse_args(argc, argv, &o, usage, plot_arg);
	if (status >= 0)
		return status;
	cfg.quick = o.quick;
	cfg.json = o.json;
	cfg.repeat = o.repeat ? o.repeat : cfg.quick ? 3 : 5;
	cfg.switches = 1000000;
	cfg.sim_steps = 1000000;
	cfg.handoffs = cfg.quick ? 20000 : 100000;
	cfg.handoff_budget = cfg.quick ? 0.1 : 0.5;
	cfg.k_steps = cfg.quick ? 9 : 10;
	cfg.counter_threads = cfg.quick ? 4 : 5;
	cfg.k_small_max = cfg.quick ? 8 : 10;
	cfg.cell_limit = cfg.quick ? 0.15 : 4;
	cfg.dpor_limit = cfg.quick ? 0.15 : 15;
	cfg.cell_budget = cfg.quick ? 0.2 : 5;
	cfg.search_limit = cfg.quick ? 0.25 : 2;
	cfg.dfs_cap = cfg.quick ? 5000 : 200000;
	cfg.dfs_limit = cfg.quick ? 0.3 : 8;
	cfg.dfs_budget = cfg.quick ? 0.4 : 3;
	bench_machine_of(&m);
	if (cfg.json && bench_j_open(cfg.json, "bench_explore", &m, cfg.repeat, cfg.quick))
		return 1;
	header(&m);
	progress("1. context switch");
	section_switch();
	progress("2. steps per second");
	section_steps();
	progress("3. scenarios");
	section_scenarios();
	section_reduction();
	progress("3c. full DFS against DPOR");
	section_full_dfs();
	progress("4. first counterexample");
	section_first_cx();
	progress("5. three-thread check");
	section_three_threads();
	printf("Total: %s.\n", fmt_time(now_s() - t0).s);

	if (cfg.json && bench_j_close(cfg.json, now_s() - t0))
		return 1;
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * bench_model.c - opens per second of the free-running model (real pthreads,
 * the model's own worker thread) while invalidations arrive, and what the
 * "fixed" variant costs on the open path against "v2".
 *
 * Not a test: it asserts nothing and its numbers depend on the machine.
 *
 * Each opener thread i has its own inode (i + 1), its own device clone (i)
 * and its own daemon thread. The opener loops open -> io -> release; the
 * daemon answers each of its opener's FUSE_OPEN requests and, after every
 * 8th reply, writes FUSE_NOTIFY_INVAL_FILES for that inode on the same
 * device. The opener publishes each fid through a per-pair word (bit clear:
 * published) and wakes the daemon with fo_wake_up_bit; the daemon sleeps in
 * fo_wait_on_bit. Nobody spins.
 *
 * All variants run with close_wait set. Within each repetition the variants
 * run one after another for each thread count (the order rotating from one
 * repetition to the next), so the fixed/v2 and pre/v2 ratios are taken from
 * runs made side by side; each ratio is the median over repetitions of the
 * per-repetition ratio.
 *
 *   bench_model [--repeat N] [--quick] [--json FILE]
 *
 * Prints markdown tables; --json also writes every figure as JSON. Run it
 * from a release build.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "fuseord/fuseord.h"

#define MAX_THREADS 4
#define MAX_REPEAT BENCH_MAX_REPEAT
#define NOTIFY_EVERY 8
#define OPENS_FULL 20000L
#define OPENS_QUICK 4000L
/* The model never reuses a fid and holds at most 16384 files: a run is split
 * into batches, each on a fresh model; only the open loops are timed. */
#define BATCH_OPENS 8192L

static const char *const variants[] = { "pre", "v2", "fixed" };
#define NR_VARIANTS 3
static const int thread_counts[] = { 1, 2, 4 };
#define NR_COUNTS 3

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_model: %s: %s\n", what, strerror(-err));
	exit(1);
}

/* ---- one opener/daemon pair ---- */

struct pair {
	fo_model *m;
	pthread_barrier_t *start;
	uint64_t ino;
	int dev;
	long opens;
	unsigned long unpublished; /* bit 0 clear: fid is published */
	int fid;
	long eio;                  /* io calls that failed: flagged files */
};

static void *opener_main(void *arg)
{
	struct pair *p = arg;
	int err;

	pthread_barrier_wait(p->start);
	for (long i = 0; i < p->opens; i++) {
		int fid;

		err = fo_model_open_begin(p->m, p->ino, FO_FMODE_READ, &fid);
		if (err)
			die("fo_model_open_begin", err);
		p->fid = fid;
		fo_clear_bit_unlock(0, &p->unpublished); /* publishes p->fid */
		fo_wake_up_bit(&p->unpublished, 0);
		err = fo_model_open_end(p->m, fid);
		if (err)
			die("fo_model_open_end", err);
		err = fo_model_io(p->m, fid);
		if (err == -EIO)
			p->eio++;
		else if (err)
			die("fo_model_io", err);
		err = fo_model_release(p->m, fid);
		if (err)
			die("fo_model_release", err);
	}
	return NULL;
}

static void *daemon_main(void *arg)
{
	struct pair *p = arg;
	int err;

	pthread_barrier_wait(p->start);
	for (long i = 0; i < p->opens; i++) {
		int fid;

		fo_wait_on_bit(&p->unpublished, 0, FO_TASK_UNINTERRUPTIBLE);
		fid = p->fid;
		/* Re-arm before replying: the opener publishes the next fid only
		 * after this reply has ended its open. */
		fo_set_bit(0, &p->unpublished);
		err = fo_model_wait_request(p->m, fid);
		if (err)
			die("fo_model_wait_request", err);
		err = fo_model_reply(p->m, p->dev, fid);
		if (err)
			die("fo_model_reply", err);
		if ((i + 1) % NOTIFY_EVERY == 0) {
			err = fo_model_notify_inval_files(p->m, p->dev, p->ino);
			if (err)
				die("fo_model_notify_inval_files", err);
		}
	}
	return NULL;
}

/* One batch on a fresh model. Return: nanoseconds of the open loops. */
static double run_batch(const char *variant, int nthreads, long opens, long *eio)
{
	struct fo_model_opts opts = { .variant = variant, .close_wait = true };
	pthread_t openers[MAX_THREADS], daemons[MAX_THREADS];
	struct pair pairs[MAX_THREADS];
	pthread_barrier_t start;
	fo_model *m;
	double t0, t1;
	int err;

	err = fo_model_create(&opts, &m);
	if (err)
		die("fo_model_create", err);
	pthread_barrier_init(&start, NULL, 2 * nthreads + 1);
	for (int i = 0; i < nthreads; i++) {
		err = fo_model_inode_add(m, (uint64_t)i + 1);
		if (err)
			die("fo_model_inode_add", err);
		if (i > 0 && (err = fo_model_dev_clone(m)) != i)
			die("fo_model_dev_clone", err < 0 ? err : -EINVAL);
		pairs[i] = (struct pair){
			.m = m,
			.start = &start,
			.ino = (uint64_t)i + 1,
			.dev = i,
			.opens = opens / nthreads + (i < opens % nthreads),
			.unpublished = 1UL,
			.fid = -1,
		};
	}
	for (int i = 0; i < nthreads; i++) {
		if (pthread_create(&openers[i], NULL, opener_main, &pairs[i]) ||
		    pthread_create(&daemons[i], NULL, daemon_main, &pairs[i])) {
			perror("pthread_create");
			exit(1);
		}
	}
	pthread_barrier_wait(&start);
	t0 = bench_now_ns();
	for (int i = 0; i < nthreads; i++)
		pthread_join(openers[i], NULL);
	t1 = bench_now_ns();
	for (int i = 0; i < nthreads; i++) {
		pthread_join(daemons[i], NULL);
		*eio += pairs[i].eio;
	}
	err = fo_model_flush_work(m);
	if (err)
		die("fo_model_flush_work", err);
	pthread_barrier_destroy(&start);
	fo_model_destroy(m);
	return t1 - t0;
}

/* Return: opens per second over @total opens. */
static double run_config(const char *variant, int nthreads, long total, long *eio)
{
	double ns = 0;

	for (long done = 0; done < total; done += BATCH_OPENS)
		ns += run_batch(variant, nthreads,
				total - done < BATCH_OPENS ? total - done : BATCH_OPENS, eio);
	return total / (ns / 1e9);
}

/* ---- the report ---- */

static void print_header(const struct bench_machine *m, int repeat, long total, bool quick)
{
	printf("# bench_model: opens per second of the free-running model\n\n");
	bench_print_machine(m);
	printf("- each figure: median of %d repetition%s [min–max]; %ld opens per run (open -> io "
	       "-> release), split over the openers%s\n",
	       repeat, repeat > 1 ? "s" : "", total, quick ? " (--quick)" : "");
	printf("- one daemon thread per opener, own inode and device; FUSE_NOTIFY_INVAL_FILES "
	       "after every %dth reply; close_wait on for every variant\n\n",
	       NOTIFY_EVERY);
	bench_print_build_warning();
	fflush(stdout);
}

static void usage(const char *prog, FILE *f)
{
	fprintf(f,
		"usage: %s [--repeat N] [--quick] [--json FILE]\n"
		"  --repeat N   repetitions per figure, 1..%d (default 5)\n"
		"  --quick      %ld opens per run instead of %ld\n"
		"  --json FILE  also write every figure to FILE as JSON\n",
		prog, MAX_REPEAT, OPENS_QUICK, OPENS_FULL);
}

int main(int argc, char **argv)
{
	static double ops[NR_COUNTS][NR_VARIANTS][MAX_REPEAT];
	static double r_fixed[NR_COUNTS][MAX_REPEAT], r_pre[NR_COUNTS][MAX_REPEAT];
	static double cost[NR_COUNTS][MAX_REPEAT];
	long eio[NR_COUNTS][NR_VARIANTS] = { { 0 } };
	struct bench_machine m;
	struct bench_opts o;
	const char *json;
	double t_start = bench_now_ns();
	int repeat, status;
	bool quick;
	long total;

	status = bench_parse_args(argc, argv, &o, usage, NULL);
	if (status >= 0)
		return status;
	json = o.json;
	quick = o.quick;
	repeat = o.repeat ? o.repeat : 5;
	total = quick ? OPENS_QUICK : OPENS_FULL;
	bench_machine_of(&m);
	if (json && bench_j_open(json, "bench_model", &m, repeat, quick))
		return 1;
	print_header(&m, repeat, total, quick);

	run_config("v2", 1, total / 10, &eio[0][0]); /* warm up */
	eio[0][0] = 0;
	for (int r = 0; r < repeat; r++) {
		for (int c = 0; c < NR_COUNTS; c++) {
			for (int k = 0; k < NR_VARIANTS; k++) {
				int v = (k + r) % NR_VARIANTS; /* rotate the order */

				ops[c][v][r] = run_config(variants[v], thread_counts[c], total,
							  &eio[c][v]);
			}
			r_pre[c][r] = ops[c][0][r] / ops[c][1][r];
			r_fixed[c][r] = ops[c][2][r] / ops[c][1][r];
			/* time per open, fixed over v2, minus one: what fixed adds */
			cost[c][r] = 100 * (ops[c][1][r] / ops[c][2][r] - 1);
		}
	}

	printf("## Opens per second with concurrent invalidations\n\n");
	printf("| openers | pre | v2 | fixed | fixed/v2 | pre/v2 | fixed's cost per open |\n");
	printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (int c = 0; c < NR_COUNTS; c++) {
		struct bench_fig s[NR_VARIANTS], sf, sp, sc;

		printf("| %d |", thread_counts[c]);
		for (int v = 0; v < NR_VARIANTS; v++) {
			s[v] = bench_fig_of(ops[c][v], repeat);
			printf(" %.0f [%.0f–%.0f] |", s[v].med, s[v].min, s[v].max);
		}
		sf = bench_fig_of(r_fixed[c], repeat);
		printf(" %.3f [%.3f–%.3f] |", sf.med, sf.min, sf.max);
		sp = bench_fig_of(r_pre[c], repeat);
		printf(" %.3f [%.3f–%.3f] |", sp.med, sp.min, sp.max);
		sc = bench_fig_of(cost[c], repeat);
		printf(" %+.1f %% [%+.1f – %+.1f] |\n", sc.med, sc.min, sc.max);
		for (int v = 0; v < NR_VARIANTS; v++) {
			bench_j_begin("opens_per_second");
			bench_j_kstr("variant", variants[v]);
			bench_j_ku64("openers", (uint64_t)thread_counts[c]);
			bench_j_ku64("opens_per_run", (uint64_t)total);
			bench_j_kfig("opens_per_second", &s[v]);
			bench_j_ku64("eio", (uint64_t)eio[c][v]);
			bench_j_end();
		}
		bench_j_begin("variant_ratio");
		bench_j_ku64("openers", (uint64_t)thread_counts[c]);
		bench_j_kfig("fixed_over_v2_opens", &sf);
		bench_j_kfig("pre_over_v2_opens", &sp);
		bench_j_kfig("fixed_cost_percent_per_open", &sc);
		bench_j_end();
	}
	printf("\nfixed/v2 and pre/v2: opens per second over v2's, per repetition (side by side), "
	       "then median [min–max]; below 1.0 is slower than v2. Fixed's cost per open: "
	       "time per open of fixed over v2's, minus 1, per repetition; negative means "
	       "fixed was faster in that run. A spread that straddles 0 means the cost is "
	       "below what this machine can resolve.\n");
	printf("\n## Opens whose io failed with -EIO (flagged), all repetitions\n\n");
	printf("| openers | pre | v2 | fixed |\n| ---: | ---: | ---: | ---: |\n");
	for (int c = 0; c < NR_COUNTS; c++)
		printf("| %d | %ld | %ld | %ld |\n", thread_counts[c], eio[c][0], eio[c][1],
		       eio[c][2]);
	printf("\n");
	if (json && bench_j_close(json, (bench_now_ns() - t_start) / 1e9))
		return 1;
	return 0;
}

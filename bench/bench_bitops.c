/* SPDX-License-Identifier: MIT */
/*
 * bench_bitops.c - what the bit waits cost: the fast paths against a plain
 * atomic load, and a wake-up's latency against a raw futex and a condvar.
 *
 * Not a test: it asserts nothing and its numbers depend on the machine. It
 * exists to keep two claims of bitops.h honest: that wait_on_bit on a clear
 * bit and wake_up_bit with nobody waiting are a few loads (no system call),
 * and that a real wake-up through the hashed wait table costs about what a
 * hand-rolled futex hand-off costs (the goal: within 1.2x of it, and faster
 * than pthread_cond).
 *
 *   bench_bitops [--repeat N] [--quick] [--json FILE]
 *
 * A repetition measures every contender once, one after another, in an
 * order that rotates from one repetition to the next; a ratio is taken
 * within each repetition. Each figure is the median over the repetitions
 * [min-max]. Prints markdown; --json also writes every figure as JSON.
 * Run it from a release build.
 */
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "fuseord/bitops.h"
#include "fuseord/task.h"

#define GOAL_VS_FUTEX 1.2

static struct {
	int repeat;
	bool quick;
	const char *json;
	long fast_ops;    /* operations per fast-path run */
	long ping_rounds; /* round trips per ping-pong run */
} cfg;

/* ---- fast paths ---- */

static unsigned long bench_word = ~(1UL << 5); /* bit 5 clear, the rest set */
static volatile unsigned long sink;            /* keeps the measured results alive */

/* The compiler may neither hoist the load out of the loop nor drop it. */
static void run_plain_load(long ops)
{
	unsigned long acc = 0;

	for (long i = 0; i < ops; i++) {
		acc += __atomic_load_n(&bench_word, __ATOMIC_RELAXED) >> 5 & 1;
		__asm__ __volatile__("" ::: "memory");
	}
	sink += acc;
}

static void run_wait_on_clear_bit(long ops)
{
	int acc = 0;

	for (long i = 0; i < ops; i++)
		acc |= fo_wait_on_bit(&bench_word, 5, FO_TASK_UNINTERRUPTIBLE);
	sink += acc;
}

static void run_wake_without_waiter(long ops)
{
	for (long i = 0; i < ops; i++)
		fo_wake_up_bit(&bench_word, 5);
}

struct fast_path {
	const char *name;
	void (*run)(long ops);
	double ns[BENCH_MAX_REPEAT];
	double ratio[BENCH_MAX_REPEAT]; /* to the plain load of the same repetition */
	unsigned long futex_calls;      /* over every run */
};

static struct fast_path fast_paths[] = {
	{ .name = "atomic load, relaxed", .run = run_plain_load },
	{ .name = "fo_wait_on_bit, bit clear", .run = run_wait_on_clear_bit },
	{ .name = "fo_wake_up_bit, no waiter", .run = run_wake_without_waiter },
};

#define NR_FAST (sizeof(fast_paths) / sizeof(fast_paths[0]))

/* Return: nanoseconds per operation. */
static double time_fast(struct fast_path *fp, long ops)
{
	unsigned long calls = fo_task_futex_calls();
	double t0 = bench_now_ns(), t;

	fp->run(ops);
	t = bench_now_ns() - t0;
	fp->futex_calls += fo_task_futex_calls() - calls;
	return t / (double)ops;
}

/* ---- ping-pong: two threads hand a turn back and forth ---- */

struct pingpong {
	void (*side)(struct pingpong *pp, int me);
	long rounds;
	/* fo_wait_on_bit: bit i set while it is not thread i's turn */
	unsigned long bits;
	/* raw futex: whose turn it is; sleepers: threads that may be in FUTEX_WAIT */
	atomic_uint turn;
	atomic_uint sleepers;
	/* pthread_cond */
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	int cond_turn;
	unsigned long futex_calls[2]; /* the library's, per side (bit waits only) */
};

struct side_arg {
	struct pingpong *pp;
	int me;
};

/*
 * The way the model hands over: wait for my bit to clear, set it again for
 * the next round, release the other side's bit and wake it.
 */
static void bit_side(struct pingpong *pp, int me)
{
	unsigned long calls = fo_task_futex_calls();

	for (long r = 0; r < pp->rounds; r++) {
		fo_wait_on_bit(&pp->bits, me, FO_TASK_UNINTERRUPTIBLE);
		fo_set_bit(me, &pp->bits);
		fo_clear_bit_unlock(!me, &pp->bits);
		fo_wake_up_bit(&pp->bits, !me);
	}
	pp->futex_calls[me] = fo_task_futex_calls() - calls;
}

/* The least a futex hand-off can do: one word, FUTEX_WAIT until it is mine. */
static void futex_side(struct pingpong *pp, int me)
{
	for (long r = 0; r < pp->rounds; r++) {
		unsigned int t;

		while ((t = atomic_load(&pp->turn)) != (unsigned int)me)
			syscall(SYS_futex, &pp->turn, FUTEX_WAIT_PRIVATE, t, NULL, NULL, 0);
		atomic_store(&pp->turn, !me);
		syscall(SYS_futex, &pp->turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

/*
 * A raw futex that, like the wait table, skips FUTEX_WAKE when nobody can be
 * asleep: the sleeper counts itself in before it re-tests the turn, the
 * waker fences after passing the turn and then reads the count (store
 * buffering: one of them sees the other).
 */
static void futex_counted_side(struct pingpong *pp, int me)
{
	for (long r = 0; r < pp->rounds; r++) {
		unsigned int t;

		while (atomic_load(&pp->turn) != (unsigned int)me) {
			atomic_fetch_add(&pp->sleepers, 1);
			t = atomic_load(&pp->turn);
			if (t != (unsigned int)me)
				syscall(SYS_futex, &pp->turn, FUTEX_WAIT_PRIVATE, t, NULL, NULL, 0);
			atomic_fetch_sub(&pp->sleepers, 1);
		}
		atomic_store(&pp->turn, !me);
		atomic_thread_fence(memory_order_seq_cst);
		if (atomic_load_explicit(&pp->sleepers, memory_order_relaxed))
			syscall(SYS_futex, &pp->turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

static void cond_side(struct pingpong *pp, int me)
{
	for (long r = 0; r < pp->rounds; r++) {
		pthread_mutex_lock(&pp->mutex);
		while (pp->cond_turn != me)
			pthread_cond_wait(&pp->cond, &pp->mutex);
		pp->cond_turn = !me;
		pthread_cond_signal(&pp->cond);
		pthread_mutex_unlock(&pp->mutex);
	}
}

static void *run_side(void *arg)
{
	struct side_arg *sa = arg;

	sa->pp->side(sa->pp, sa->me);
	return NULL;
}

/* Return: nanoseconds per round trip (two hand-offs); *calls: library futex calls. */
static double run_pingpong(void (*side)(struct pingpong *, int), long rounds, unsigned long *calls)
{
	struct pingpong pp = {
		.side = side,
		.rounds = rounds,
		.bits = 1UL << 1, /* thread 0 starts */
		.turn = 0,
		.sleepers = 0,
		.mutex = PTHREAD_MUTEX_INITIALIZER,
		.cond = PTHREAD_COND_INITIALIZER,
		.cond_turn = 0,
	};
	struct side_arg other = { &pp, 1 };
	pthread_t thread;
	double t0 = bench_now_ns();

	if (pthread_create(&thread, NULL, run_side, &other)) {
		perror("pthread_create");
		exit(1);
	}
	side(&pp, 0);
	pthread_join(thread, NULL);
	t0 = bench_now_ns() - t0;
	if (calls)
		*calls += pp.futex_calls[0] + pp.futex_calls[1];
	return t0 / (double)rounds;
}

struct contender {
	const char *name;
	void (*side)(struct pingpong *, int);
	double ns[BENCH_MAX_REPEAT];
	unsigned long futex_calls;
};

static struct contender contenders[] = {
	{ .name = "fo_wait_on_bit / fo_wake_up_bit", .side = bit_side },
	{ .name = "raw futex", .side = futex_side },
	{ .name = "pthread_cond", .side = cond_side },
	{ .name = "raw futex, FUTEX_WAKE only if a sleeper is counted", .side = futex_counted_side },
};

#define NR_CONT (sizeof(contenders) / sizeof(contenders[0]))
enum { C_BIT, C_FUTEX, C_COND, C_COUNTED };

/* ---- the report ---- */

static void usage(const char *prog, FILE *f)
{
	fprintf(f,
		"usage: %s [--repeat N] [--quick] [--json FILE]\n"
		"  --repeat N   repetitions per figure, 1..%d (default 11; 5 with --quick)\n"
		"  --quick      fewer operations per run: about 1 s\n"
		"  --json FILE  also write every figure to FILE as JSON\n",
		prog, BENCH_MAX_REPEAT);
}

int main(int argc, char **argv)
{
	double r_futex[BENCH_MAX_REPEAT], r_bit_cond[BENCH_MAX_REPEAT];
	struct bench_fig f, f_futex, f_bit_cond;
	struct bench_machine m;
	struct bench_opts o;
	char measured[256];
	double t_start = bench_now_ns();
	int status;
	bool met;

	status = bench_parse_args(argc, argv, &o, usage, NULL);
	if (status >= 0)
		return status;
	cfg.quick = o.quick;
	cfg.json = o.json;
	cfg.repeat = o.repeat ? o.repeat : cfg.quick ? 5 : 11;
	cfg.fast_ops = cfg.quick ? 500000 : 2000000;
	cfg.ping_rounds = cfg.quick ? 4000 : 20000;

	bench_machine_of(&m);
	if (cfg.json && bench_j_open(cfg.json, "bench_bitops", &m, cfg.repeat, cfg.quick))
		return 1;
	printf("# bench_bitops: the bit waits against a plain load, a raw futex and "
	       "pthread_cond\n\n");
	bench_print_machine(&m);
	printf("- each figure: median of %d repetitions [min–max]; in each repetition every "
	       "contender runs once, in rotating order, and ratios are taken within the "
	       "repetition%s\n\n",
	       cfg.repeat, cfg.quick ? " (--quick)" : "");
	bench_print_build_warning();
	fflush(stdout);

	/* ---- fast paths ---- */
	for (size_t k = 0; k < NR_FAST; k++) /* warm the caches and the task */
		time_fast(&fast_paths[k], cfg.fast_ops / 10);
	for (size_t k = 0; k < NR_FAST; k++)
		fast_paths[k].futex_calls = 0;
	for (int r = 0; r < cfg.repeat; r++) {
		for (size_t k = 0; k < NR_FAST; k++) {
			struct fast_path *fp = &fast_paths[(k + (size_t)r) % NR_FAST];

			fp->ns[r] = time_fast(fp, cfg.fast_ops);
		}
		for (size_t k = 0; k < NR_FAST; k++)
			fast_paths[k].ratio[r] = fast_paths[k].ns[r] / fast_paths[0].ns[r];
	}
	printf("## Bit-wait fast paths\n\n");
	printf("%ld operations per run, single thread. Ratio: ns/op ÷ the plain load's ns/op of "
	       "the same repetition. Futex calls: the library's own count "
	       "(`fo_task_futex_calls()`) over all runs; 0 means no system call.\n\n",
	       cfg.fast_ops);
	printf("| operation | ns/op | vs plain load | futex calls |\n");
	printf("| --- | ---: | ---: | ---: |\n");
	for (size_t k = 0; k < NR_FAST; k++) {
		struct fast_path *fp = &fast_paths[k];
		struct bench_fig ns = bench_fig_of(fp->ns, cfg.repeat);
		struct bench_fig ratio = bench_fig_of(fp->ratio, cfg.repeat);

		if (k == 0)
			printf("| %s | %.2f [%.2f–%.2f] | 1× | %s |\n", fp->name, ns.med, ns.min,
			       ns.max, "–");
		else
			printf("| %s | %.2f [%.2f–%.2f] | %.1f× [%.1f–%.1f] | %lu |\n", fp->name,
			       ns.med, ns.min, ns.max, ratio.med, ratio.min, ratio.max,
			       fp->futex_calls);
		bench_j_begin("fast_path");
		bench_j_kstr("operation", fp->name);
		bench_j_ku64("ops_per_run", (uint64_t)cfg.fast_ops);
		bench_j_kfig("ns_per_op", &ns);
		bench_j_kfig("ratio_to_plain_load", &ratio);
		bench_j_ku64("futex_calls", k ? fp->futex_calls : 0);
		bench_j_end();
	}
	met = fast_paths[1].futex_calls == 0 && fast_paths[2].futex_calls == 0;
	snprintf(measured, sizeof(measured), "%lu and %lu futex calls", fast_paths[1].futex_calls,
		 fast_paths[2].futex_calls);
	bench_j_goal("wait_on_bit on a clear bit and wake_up_bit with no waiter make no system call",
		     measured, met);
	printf("\nNo system call on either fast path: %s (%s).\n\n", met ? "**met**" : "**not met**",
	       measured);
	fflush(stdout);

	/* ---- ping-pong ---- */
	for (size_t k = 0; k < NR_CONT; k++) /* warm up: threads, the second CPU */
		run_pingpong(contenders[k].side, cfg.ping_rounds / 10, NULL);
	for (int r = 0; r < cfg.repeat; r++) {
		for (size_t k = 0; k < NR_CONT; k++) {
			struct contender *c = &contenders[(k + (size_t)r) % NR_CONT];

			c->ns[r] = run_pingpong(c->side, cfg.ping_rounds, &c->futex_calls);
		}
		r_futex[r] = contenders[C_BIT].ns[r] / contenders[C_FUTEX].ns[r];
		r_bit_cond[r] = contenders[C_BIT].ns[r] / contenders[C_COND].ns[r];
	}
	f_futex = bench_fig_of(r_futex, cfg.repeat);
	f_bit_cond = bench_fig_of(r_bit_cond, cfg.repeat);
	printf("## Wake-up latency: two-thread ping-pong\n\n");
	printf("Two threads hand a turn back and forth, %ld round trips per run; a round trip "
	       "is two wake-ups of a sleeping (or about to sleep) thread. Ratio: µs per round "
	       "trip ÷ the raw futex's of the same repetition. The raw futex passes the turn "
	       "and always calls FUTEX_WAKE; the last row is a raw futex that, as the wait "
	       "table does, counts its sleepers and calls FUTEX_WAKE only when one may be "
	       "asleep (shown for comparison; the goal is against the plain one).\n\n",
	       cfg.ping_rounds);
	printf("| hand-off through | µs/round trip | vs raw futex | vs pthread_cond |\n");
	printf("| --- | ---: | ---: | ---: |\n");
	for (size_t k = 0; k < NR_CONT; k++) {
		struct contender *c = &contenders[k];
		double to_cond[BENCH_MAX_REPEAT], to_futex[BENCH_MAX_REPEAT];
		struct bench_fig fc, ff;

		for (int r = 0; r < cfg.repeat; r++) {
			to_futex[r] = c->ns[r] / contenders[C_FUTEX].ns[r];
			to_cond[r] = c->ns[r] / contenders[C_COND].ns[r];
		}
		f = bench_fig_of(c->ns, cfg.repeat);
		ff = bench_fig_of(to_futex, cfg.repeat);
		fc = bench_fig_of(to_cond, cfg.repeat);
		printf("| %s | %.2f [%.2f–%.2f] |", c->name, f.med / 1e3, f.min / 1e3, f.max / 1e3);
		if (k == C_FUTEX)
			printf(" 1× |");
		else
			printf(" %.2f× [%.2f–%.2f] |", ff.med, ff.min, ff.max);
		if (k == C_COND)
			printf(" 1× |\n");
		else
			printf(" %.2f× [%.2f–%.2f] |\n", fc.med, fc.min, fc.max);
		bench_j_begin("pingpong");
		bench_j_kstr("via", c->name);
		bench_j_ku64("round_trips_per_run", (uint64_t)cfg.ping_rounds);
		f.med /= 1e3, f.min /= 1e3, f.max /= 1e3;
		bench_j_kfig("us_per_round_trip", &f);
		bench_j_kfig("ratio_to_raw_futex", &ff);
		bench_j_kfig("ratio_to_pthread_cond", &fc);
		if (k == C_BIT)
			bench_j_knum("library_futex_calls_per_round_trip",
				     (double)c->futex_calls /
					     ((double)cfg.ping_rounds * cfg.repeat));
		bench_j_end();
	}
	printf("\nThe bit waits made %.2f futex calls per round trip (both threads; a raw futex "
	       "hand-off makes 2 wakes and up to 2 waits).\n\n",
	       (double)contenders[C_BIT].futex_calls / ((double)cfg.ping_rounds * cfg.repeat));

	printf("| goal | measured (median [min–max]) | |\n| --- | --- | --- |\n");
	met = f_futex.med <= GOAL_VS_FUTEX;
	snprintf(measured, sizeof(measured), "%.2f× [%.2f–%.2f] the raw futex", f_futex.med,
		 f_futex.min, f_futex.max);
	printf("| wake-up ping-pong within %.1f× of a raw futex | %s | %s |\n", GOAL_VS_FUTEX,
	       measured, met ? "**met**" : "**not met**");
	bench_j_goal("wake-up ping-pong within 1.2x of a raw futex", measured, met);
	met = f_bit_cond.med < 1;
	snprintf(measured, sizeof(measured), "%.2f× [%.2f–%.2f] pthread_cond's time", f_bit_cond.med,
		 f_bit_cond.min, f_bit_cond.max);
	printf("| wake-up ping-pong faster than pthread_cond | %s | %s |\n\n", measured,
	       met ? "**met**" : "**not met**");
	bench_j_goal("wake-up ping-pong faster than pthread_cond", measured, met);

	if (cfg.json && bench_j_close(cfg.json, (bench_now_ns() - t_start) / 1e9))
		return 1;
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * bench_bitops.c - what the bit waits cost: the fast paths against a plain
 * atomic load, and a wake-up's latency against a raw futex and a condvar.
 *
 * Not a test: it asserts nothing and its numbers depend on the machine. It
 * exists to keep two claims of bitops.h honest: that wait_on_bit on a clear
 * bit and wake_up_bit with nobody waiting are a few loads (no system call),
 * and that a real wake-up through the hashed wait table costs about what a
 * hand-rolled futex hand-off costs.
 *
 *   bench_bitops [SCALE]   SCALE multiplies the iteration counts (default 1)
 *
 * Each figure is the median of several runs, so one preempted run does not
 * move it. Prints markdown tables. Run it from a release build.
 */
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "fuseord/bitops.h"

#define FAST_RUNS 11
#define FAST_OPS 2000000L
#define PING_RUNS 5
#define PING_ROUNDS 20000L

static long scale = 1;

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- fast paths ---- */

static unsigned long bench_word = ~(1UL << 5); /* bit 5 clear, the rest set */
static volatile unsigned long sink;            /* keeps the measured results alive */

/* The compiler may neither hoist the load out of the loop nor drop it. */
static double run_plain_load(long ops)
{
	unsigned long acc = 0;
	double t0 = bench_now_ns();

	for (long i = 0; i < ops; i++) {
		acc += __atomic_load_n(&bench_word, __ATOMIC_RELAXED) >> 5 & 1;
		__asm__ __volatile__("" ::: "memory");
	}
	sink += acc;
	return (bench_now_ns() - t0) / ops;
}

static double run_wait_on_clear_bit(long ops)
{
	int acc = 0;
	double t0 = bench_now_ns();

	for (long i = 0; i < ops; i++)
		acc |= fo_wait_on_bit(&bench_word, 5, FO_TASK_UNINTERRUPTIBLE);
	sink += acc;
	return (bench_now_ns() - t0) / ops;
}

static double run_wake_without_waiter(long ops)
{
	double t0 = bench_now_ns();

	for (long i = 0; i < ops; i++)
		fo_wake_up_bit(&bench_word, 5);
	return (bench_now_ns() - t0) / ops;
}

static double fast_path(double (*run)(long))
{
	double v[FAST_RUNS];

	run(FAST_OPS * scale / 10); /* warm the caches and the task */
	for (int i = 0; i < FAST_RUNS; i++)
		v[i] = run(FAST_OPS * scale);
	return median(v, FAST_RUNS);
}

/* ---- ping-pong: two threads hand a turn back and forth ---- */

struct pingpong {
	void (*side)(struct pingpong *pp, int me);
	long rounds;
	/* fo_wait_on_bit: bit i set while it is not thread i's turn */
	unsigned long bits;
	/* raw futex: whose turn it is */
	atomic_uint turn;
	/* pthread_cond */
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	int cond_turn;
};

struct side_arg {
	struct pingpong *pp;
	int me;
};

static void bit_side(struct pingpong *pp, int me)
{
	for (long r = 0; r < pp->rounds; r++) {
		fo_wait_on_bit(&pp->bits, me, FO_TASK_UNINTERRUPTIBLE);
		fo_set_bit(me, &pp->bits);
		fo_clear_bit_unlock(!me, &pp->bits);
		fo_wake_up_bit(&pp->bits, !me);
	}
}

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

/* Return: nanoseconds per round trip (two hand-offs). */
static double run_pingpong(void (*side)(struct pingpong *, int), long rounds)
{
	struct pingpong pp = {
		.side = side,
		.rounds = rounds,
		.bits = 1UL << 1, /* thread 0 starts */
		.turn = 0,
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
	return (bench_now_ns() - t0) / rounds;
}

static double pingpong(void (*side)(struct pingpong *, int))
{
	double v[PING_RUNS];

	run_pingpong(side, PING_ROUNDS * scale / 10);
	for (int i = 0; i < PING_RUNS; i++)
		v[i] = run_pingpong(side, PING_ROUNDS * scale);
	return median(v, PING_RUNS);
}

int main(int argc, char **argv)
{
	double load, wait, wake, bit_pp, futex_pp, cond_pp;

	if (argc > 1) {
		scale = strtol(argv[1], NULL, 10);
		if (scale < 1) {
			fprintf(stderr, "usage: %s [SCALE >= 1]\n", argv[0]);
			return 2;
		}
	}

	load = fast_path(run_plain_load);
	wait = fast_path(run_wait_on_clear_bit);
	wake = fast_path(run_wake_without_waiter);
	printf("## Fast paths (median of %d runs of %ld ops)\n\n", FAST_RUNS, FAST_OPS * scale);
	printf("| operation | ns/op | vs plain load |\n");
	printf("| --- | ---: | ---: |\n");
	printf("| atomic load, relaxed | %.2f | 1.0x |\n", load);
	printf("| fo_wait_on_bit, bit clear | %.2f | %.1fx |\n", wait, wait / load);
	printf("| fo_wake_up_bit, no waiter | %.2f | %.1fx |\n", wake, wake / load);

	bit_pp = pingpong(bit_side);
	futex_pp = pingpong(futex_side);
	cond_pp = pingpong(cond_side);
	printf("\n## Two-thread ping-pong (median of %d runs of %ld round trips)\n\n", PING_RUNS,
	       PING_ROUNDS * scale);
	printf("| hand-off through | us/round trip | vs raw futex |\n");
	printf("| --- | ---: | ---: |\n");
	printf("| fo_wait_on_bit / fo_wake_up_bit | %.2f | %.2fx |\n", bit_pp / 1e3,
	       bit_pp / futex_pp);
	printf("| raw futex | %.2f | 1.00x |\n", futex_pp / 1e3);
	printf("| pthread_cond | %.2f | %.2fx |\n", cond_pp / 1e3, cond_pp / futex_pp);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * classic.h - the classic programs of the DPOR literature written as kernel
 * code (fuseord/kernel.h), each a fo_explore() body with a size parameter,
 * and the number of Mazurkiewicz traces the literature publishes for it.
 * Shared by tests/test_classic.c, which asserts the counts, and
 * bench/bench_classic.c, which times them.
 *
 * The shapes follow the programs of GenMC's regression suite
 * (tests/correct/synthetic/{readers,lastzero,indexer},
 * tests/correct/lapor/filesystem) and of the optimal-DPOR paper (Abdulla et
 * al., POPL 2014), which publish the counts:
 *   readers(N)     one writer, N readers of x                  2^N
 *   lastzero(N)    reader scans array[N..0] for the last zero,
 *                  writer j sets array[j] = array[j-1] + 1      (N+3)·2^(N-2), N >= 2
 *   indexer(N)     N threads insert 4 keys each into a hash
 *                  table by compare-and-swap, linear probing   8^(N-11), N = 12..15
 *   filesystem(N)  Flanagan and Godefroid's inode/block
 *                  allocator, a lock per inode and per block   2^(N-13), N = 13..26
 *   mpat(K)        K threads take a shared mutex in turn, then
 *                  each its own mutex, which the body takes
 *                  too, after spawning them                    K!·2^K
 * GenMC's suite has no mpat; this one is built to have the published count.
 * The body is model thread 0 and counts against the 16 threads, so readers
 * and lastzero stop at N = 14, indexer at 15, filesystem at 15, mpat at 15.
 */
#ifndef FUSEORD_TESTS_CLASSIC_H
#define FUSEORD_TESTS_CLASSIC_H

#include <stdint.h>

#include "fuseord/explore.h"
#include "fuseord/kernel.h"

#define CLASSIC_MAX 16

struct classic {
	int n;
	int idx[CLASSIC_MAX];
	/* readers, lastzero */
	int x;
	int array[CLASSIC_MAX];
	/* indexer */
	int table[128];
	/* filesystem */
	struct mutex locki[32], lockb[26];
	int inode[32];
	int busy[26];
	/* mpat */
	struct mutex g, p[CLASSIC_MAX];
};

/* ---- readers(N) ---- */

static void readers_writer(void *arg)
{
	struct classic *c = arg;

	smp_store_release(&c->x, 42);
}

static void readers_reader(void *arg)
{
	struct classic *c = arg;

	(void)smp_load_acquire(&c->x);
}

static void readers_body(void *arg)
{
	struct classic *c = arg;

	c->x = 0;
	fo_spawn(readers_writer, c, "writer");
	for (int i = 0; i < c->n; i++)
		fo_spawn(readers_reader, c, "reader");
}

/* ---- lastzero(N) ---- */

static void lastzero_reader(void *arg)
{
	struct classic *c = arg;

	for (int i = c->n; smp_load_acquire(&c->array[i]) != 0; i--)
		;
}

static void lastzero_writer(void *arg)
{
	int *j = arg;
	struct classic *c = container_of(j - *j, struct classic, idx[0]);

	smp_store_release(&c->array[*j], smp_load_acquire(&c->array[*j - 1]) + 1);
}

static void lastzero_body(void *arg)
{
	struct classic *c = arg;

	for (int i = 0; i <= c->n; i++) {
		c->array[i] = 0;
		c->idx[i] = i;
	}
	fo_spawn(lastzero_reader, c, "reader");
	for (int j = 1; j <= c->n; j++)
		fo_spawn(lastzero_writer, &c->idx[j], "writer");
}

/* ---- indexer(N) ---- */

#define INDEXER_SIZE 128
#define INDEXER_KEYS 4

static void indexer_thread(void *arg)
{
	int *tid = arg;
	struct classic *c = container_of(tid - *tid, struct classic, idx[0]);

	for (int i = 0; i < INDEXER_KEYS; i++) {
		int w = i * 11 + *tid, h = (w * 7) % INDEXER_SIZE;

		while (cmpxchg(&c->table[h], 0, w) != 0)
			h = (h + 1) % INDEXER_SIZE;
	}
}

static void indexer_body(void *arg)
{
	struct classic *c = arg;

	for (int i = 0; i < INDEXER_SIZE; i++)
		c->table[i] = 0;
	for (int i = 0; i < c->n; i++) {
		c->idx[i] = i;
		fo_spawn(indexer_thread, &c->idx[i], "indexer");
	}
}

/* ---- filesystem(N) ---- */

#define FS_BLOCKS 26
#define FS_INODES 32

static void filesystem_thread(void *arg)
{
	int *tid = arg;
	struct classic *c = container_of(tid - *tid, struct classic, idx[0]);
	int i = *tid % FS_INODES;

	mutex_lock(&c->locki[i]);
	if (fo_plain_read(c->inode[i]) == 0) {
		int b = (i * 2) % FS_BLOCKS;

		for (;;) {
			mutex_lock(&c->lockb[b]);
			if (!fo_plain_read(c->busy[b])) {
				fo_plain_write(c->busy[b], 1);
				fo_plain_write(c->inode[i], b + 1);
				mutex_unlock(&c->lockb[b]);
				break;
			}
			mutex_unlock(&c->lockb[b]);
			b = (b + 1) % FS_BLOCKS;
		}
	}
	mutex_unlock(&c->locki[i]);
}

static void filesystem_body(void *arg)
{
	struct classic *c = arg;

	for (int i = 0; i < FS_INODES; i++) {
		mutex_init(&c->locki[i]);
		c->inode[i] = 0;
	}
	for (int b = 0; b < FS_BLOCKS; b++) {
		mutex_init(&c->lockb[b]);
		c->busy[b] = 0;
	}
	for (int i = 0; i < c->n; i++) {
		c->idx[i] = i;
		fo_spawn(filesystem_thread, &c->idx[i], "fs");
	}
}

/* ---- mpat(K) ---- */

static void mpat_thread(void *arg)
{
	int *tid = arg;
	struct classic *c = container_of(tid - *tid, struct classic, idx[0]);

	mutex_lock(&c->g);
	mutex_unlock(&c->g);
	mutex_lock(&c->p[*tid]);
	mutex_unlock(&c->p[*tid]);
}

static void mpat_body(void *arg)
{
	struct classic *c = arg;

	mutex_init(&c->g);
	for (int i = 0; i < c->n; i++) {
		mutex_init(&c->p[i]);
		c->idx[i] = i;
	}
	for (int i = 0; i < c->n; i++)
		fo_spawn(mpat_thread, &c->idx[i], "mpat");
	for (int i = 0; i < c->n; i++) {
		mutex_lock(&c->p[i]);
		mutex_unlock(&c->p[i]);
	}
}

/* ---- the table ---- */

struct classic_program {
	const char *name;
	void (*body)(void *arg);
	int min, max;          /* sizes the formula holds for and 16 threads allow */
	uint64_t (*published)(int n);
};

static uint64_t pow_u64(uint64_t b, int e)
{
	uint64_t r = 1;

	while (e-- > 0)
		r *= b;
	return r;
}

static uint64_t readers_count(int n) { return pow_u64(2, n); }
static uint64_t lastzero_count(int n) { return (uint64_t)(n + 3) * pow_u64(2, n - 2); }
static uint64_t indexer_count(int n) { return pow_u64(8, n - 11); }
static uint64_t filesystem_count(int n) { return pow_u64(2, n - 13); }

static uint64_t mpat_count(int k)
{
	uint64_t f = 1;

	for (int i = 2; i <= k; i++)
		f *= (uint64_t)i;
	return f * pow_u64(2, k);
}

static const struct classic_program classic_programs[] = {
	{ "readers", readers_body, 1, 14, readers_count },
	{ "lastzero", lastzero_body, 2, 14, lastzero_count },
	{ "indexer", indexer_body, 12, 15, indexer_count },
	{ "filesystem", filesystem_body, 13, 15, filesystem_count },
	{ "mpat", mpat_body, 1, 15, mpat_count },
};

#define CLASSIC_PROGRAMS (sizeof(classic_programs) / sizeof(classic_programs[0]))

#endif /* FUSEORD_TESTS_CLASSIC_H */

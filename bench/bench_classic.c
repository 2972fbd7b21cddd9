/* SPDX-License-Identifier: MIT */
/*
 * bench_classic.c - exhaustive DPOR on the classic programs of the DPOR
 * literature (tests/classic.h, written with fuseord/kernel.h): per program
 * and size, the complete executions against the published count, the
 * executions the sleep sets cut as redundant, and executions per second.
 *
 * The published anchor for speed: Nidhugg took 463.7 s for mpat(7), 645,120
 * executions (about 1,391 executions/s); the last column is this run's rate
 * over that one. Times are medians of --repeat runs (default 3).
 */
#include <stdio.h>

#include "bench.h"
#include "classic.h"

#define NIDHUGG_MPAT7_RATE (645120.0 / 463.7)

struct size_row {
	const char *program;
	int n, quick_n;
};

/* Sizes: each row runs at --quick too unless quick_n is 0. */
static const struct size_row rows[] = {
	{ "readers", 8, 8 },     { "readers", 12, 0 },    { "lastzero", 8, 8 },
	{ "lastzero", 12, 0 },   { "indexer", 13, 13 },   { "indexer", 14, 0 },
	{ "indexer", 15, 0 },    { "filesystem", 15, 15 }, { "mpat", 4, 4 },
	{ "mpat", 6, 0 },        { "mpat", 7, 0 },
};

static const struct classic_program *program_of(const char *name)
{
	for (size_t i = 0; i < CLASSIC_PROGRAMS; i++)
		if (!strcmp(classic_programs[i].name, name))
			return &classic_programs[i];
	return NULL;
}

static void usage(const char *prog, FILE *f)
{
	fprintf(f,
		"usage: %s [--repeat N] [--quick] [--json FILE]\n"
		"  --repeat N   runs per size, 1..%d (default 3)\n"
		"  --quick      the small sizes only (seconds)\n"
		"  --json FILE  also write every row to FILE as JSON\n",
		prog, BENCH_MAX_REPEAT);
}

int main(int argc, char **argv)
{
	struct bench_machine m;
	struct bench_opts o;
	double t_start = bench_now_ns();
	int status, repeat, bad = 0;

	status = bench_parse_args(argc, argv, &o, usage, NULL);
	if (status >= 0)
		return status;
	repeat = o.repeat ? o.repeat : 3;
	bench_machine_of(&m);
	if (o.json && bench_j_open(o.json, "bench_classic", &m, repeat, o.quick))
		return 1;
	printf("# bench_classic: exhaustive DPOR on the classic programs\n\n");
	bench_print_machine(&m);
	printf("- each time: median of %d run%s [min–max]%s\n\n", repeat, repeat > 1 ? "s" : "",
	       o.quick ? " (--quick)" : "");
	bench_print_build_warning();
	printf("| program | executions | published | redundant | seconds | executions/s | "
	       "rate / Nidhugg's on mpat(7) |\n");
	printf("| :--- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	fflush(stdout);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct classic_program *p = program_of(rows[i].program);
		int n = o.quick ? rows[i].quick_n : rows[i].n;
		double secs[BENCH_MAX_REPEAT];
		struct fo_explore_report r = { 0 };
		struct bench_fig f;
		uint64_t want;
		static struct classic c;

		if (!p || !n)
			continue;
		want = p->published(n);
		for (int k = 0; k < repeat; k++) {
			double t0 = bench_now_ns();

			memset(&c, 0, sizeof(c));
			c.n = n;
			if (fo_explore(p->body, &c, NULL, &r) != 0 || !r.complete) {
				fprintf(stderr, "bench_classic: %s(%d) did not complete\n", p->name, n);
				return 1;
			}
			secs[k] = (bench_now_ns() - t0) / 1e9;
		}
		f = bench_fig_of(secs, repeat);
		bad += r.executions != want;
		printf("| %s(%d) | %llu | %llu%s | %llu | %.3f [%.3f–%.3f] | %.0f | %.2f |\n", p->name,
		       n, (unsigned long long)r.executions, (unsigned long long)want,
		       r.executions == want ? "" : " **differs**", (unsigned long long)r.redundant,
		       f.med, f.min, f.max, (double)(r.executions + r.redundant) / f.med,
		       (double)(r.executions + r.redundant) / f.med / NIDHUGG_MPAT7_RATE);
		fflush(stdout);
		bench_j_begin("classic");
		bench_j_kstr("program", p->name);
		bench_j_ku64("n", (uint64_t)n);
		bench_j_ku64("executions", r.executions);
		bench_j_ku64("published", want);
		bench_j_ku64("redundant", r.redundant);
		bench_j_kfig("seconds", &f);
		bench_j_knum("executions_per_second", (double)(r.executions + r.redundant) / f.med);
		bench_j_end();
	}
	printf("\nexecutions/s counts the redundant ones too: each is run to its end.\n");
	if (o.json && bench_j_close(o.json, (bench_now_ns() - t_start) / 1e9))
		return 1;
	return bad ? 1 : 0;
}

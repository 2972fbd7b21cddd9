/* SPDX-License-Identifier: MIT */
/*
 * fuzz_replay.c - libFuzzer harness for schedule tokens given to fo_replay().
 *
 * The scenarios are fixed: every *.fos of scenarios/ and tests/scenarios/,
 * parsed once at start. The input is
 *
 *	TOKEN
 *	VARIANT                  (optional line; empty: none)
 *	KNOB=VALUE               (optional lines, at most MAX_SET)
 *
 * and the token is replayed on every scenario, with the variant and knob
 * lines as the --variant and --set of `fuseord replay` when there are any,
 * and a memory ceiling (max_memory) of MAX_MEMORY.
 * A token names its scenario by hash, so all but one refuse it early; the
 * seed corpus holds real tokens (tests/fuzz/make_seeds.sh), whose hashes
 * libFuzzer keeps while it mutates the choices, the variant and the knob
 * code.
 *
 * Beyond not crashing, leaking or hanging, the harness checks what check.h
 * promises: the return value, the verdict pointer and the message agree; a
 * replay reports one execution and, for every oracle it violates, the token
 * itself as the counterexample; and a replay is byte for byte the same
 * every time (the printed verdict and trace of a second replay are equal).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/check.h"
#include "fuseord/oracle.h"
#include "fuseord/scenario.h"

#define MAX_SCENARIOS 64
#define MAX_SET 8
#define MAX_MEMORY (16u << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fo_scenario *scenarios[MAX_SCENARIOS];
static int nscenarios;
static FILE *devnull;

#define require(cond)                                                                         \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "fuzz_replay: %s:%d: broken promise: %s\n", __FILE__, \
				__LINE__, #cond);                                             \
			abort();                                                              \
		}                                                                             \
	} while (0)

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.fos in @dir, in name order, so that runs are reproducible. */
static void load_dir(const char *dir)
{
	char *names[MAX_SCENARIOS];
	int n = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "fuzz_replay: cannot open %s\n", dir);
		exit(2);
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len > 4 && !strcmp(e->d_name + len - 4, ".fos")) {
			require(n < MAX_SCENARIOS);
			names[n] = strdup(e->d_name);
			require(names[n]);
			n++;
		}
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	for (int i = 0; i < n; i++) {
		char path[4096], err[512];

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		require(nscenarios < MAX_SCENARIOS);
		if (fo_scenario_load(path, &scenarios[nscenarios], err, sizeof(err))) {
			fprintf(stderr, "fuzz_replay: %s\n", err);
			exit(2);
		}
		nscenarios++;
		free(names[i]);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	load_dir(FUSEORD_SCENARIO_DIR);
	load_dir(FUSEORD_TEST_SCENARIO_DIR);
	require(nscenarios > 0);
	devnull = fopen("/dev/null", "w");
	require(devnull);
	return 0;
}

/* The verdict as `fuseord replay` prints it, into a new buffer. */
static char *print(const fo_verdict *v, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	require(f);
	require(!fo_verdict_print(v, f, FO_FORMAT_TEXT, FO_TRACE_ASCII));
	require(!fclose(f));
	return buf;
}

static void check_verdict(const fo_scenario *sc, const char *token, const struct fo_check_opts *o,
			  fo_verdict *v)
{
	struct fo_check_stats st;
	unsigned violated = fo_verdict_violated(v);
	fo_verdict *again;
	char *out1, *out2, err[512];
	size_t len1, len2;

	require(fo_verdict_variant(v));
	require(!(violated & ~FO_ORACLE_ALL));
	require(fo_verdict_met(v) >= 0);
	require(!fo_verdict_stats(v, &st));
	/* one schedule replayed: a replay, not a proof */
	require(st.executions == 1 && st.proof == FO_PROOF_REPLAY && !st.complete);
	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		const char *s = fo_verdict_schedule(v, 1u << b);

		if (violated & (1u << b))
			require(s && !strcmp(s, token) && fo_verdict_message(v, 1u << b));
		else
			require(!s && !fo_verdict_message(v, 1u << b));
	}
	require(!fo_verdict_print(v, devnull, FO_FORMAT_JSON, FO_TRACE_ASCII));
	require(!fo_verdict_print(v, devnull, FO_FORMAT_TEXT, FO_TRACE_MERMAID));

	/* the same schedule, the same run, the same report */
	require(!fo_replay(sc, token, o, &again, err, sizeof(err)));
	require(fo_verdict_violated(again) == violated);
	out1 = print(v, &len1);
	out2 = print(again, &len2);
	require(len1 == len2 && !memcmp(out1, out2, len1));
	free(out1);
	free(out2);
	fo_verdict_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *set[MAX_SET + 1] = { NULL };
	struct fo_check_opts opts;
	char *text = malloc(size + 1), *line, *next;
	int accepted = 0, nset = 0;

	require(text);
	memcpy(text, data, size);
	text[size] = '\0';
	fo_check_opts_init(&opts);
	/*
	 * The ceiling bounds what a token may ask for (its runs, "a9999999",
	 * and the trace); the default, a share of physical memory, is more
	 * than libFuzzer's malloc limit.
	 */
	opts.max_memory = MAX_MEMORY;
	/* TOKEN, then an optional variant line and knob lines */
	next = strchr(text, '\n');
	if (next) {
		*next++ = '\0';
		line = next;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		opts.variant = *line ? line : NULL;
		while (next && nset < MAX_SET) {
			line = next;
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			set[nset++] = line;
		}
		opts.set = nset ? set : NULL;
	}

	for (int i = 0; i < nscenarios; i++) {
		fo_verdict *v = NULL;
		char err[512];
		int ret;

		err[0] = '\0';
		ret = fo_replay(scenarios[i], text, &opts, &v, err, sizeof(err));
		require(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
		require(!ret == !!v);
		require(ret != -EINVAL || err[0]);
		if (ret)
			continue;
		/* the hash in a token names one scenario */
		require(!accepted++);
		check_verdict(scenarios[i], text, &opts, v);
		fo_verdict_free(v);
	}
	free(text);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/*
 * report.c - the sentences a verdict's report says in text and in JSON:
 * what was explored and what that proves, what a limit left out, and what
 * to run instead. Options are named through the caller's table
 * (struct fo_report_opts), so the library speaks no front end's flags.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "check/check.h"
#include "oracle/names.h"

static const char *const field_names[FO_OPTION_COUNT] = {
	[FO_OPTION_STRATEGY] = "strategy",
	[FO_OPTION_PREEMPTIONS] = "preemptions",
	[FO_OPTION_RUNS] = "runs",
	[FO_OPTION_SEED] = "seed",
	[FO_OPTION_MAX_STEPS] = "max_steps",
	[FO_OPTION_MAX_EXECUTIONS] = "max_executions",
	[FO_OPTION_TIME_LIMIT] = "time_limit",
	[FO_OPTION_MAX_MEMORY] = "max_memory",
	[FO_OPTION_STRICT] = "strict",
};

const char *report_option(const struct fo_report_opts *ro, enum fo_option opt)
{
	const char *name = ro && ro->option_names ? ro->option_names[opt] : NULL;

	return name ? name : field_names[opt];
}

void report_oracles(unsigned mask, const char *sep, char *buf, size_t len)
{
	oracle_mask_text(mask, sep, buf, len);
}

/* A byte count as --max-memory takes it: 64K, 3M, 2G, or bytes. */
static void size_text(uint64_t n, char *buf, size_t len)
{
	static const char suffix[] = "GMK";

	for (int i = 0; i < 3; i++) {
		uint64_t unit = 1ULL << (10 * (3 - i));

		if (n && !(n % unit)) {
			snprintf(buf, len, "%" PRIu64 "%c", n / unit, suffix[i]);
			return;
		}
	}
	snprintf(buf, len, "%" PRIu64, n);
}

void report_stop(const fo_verdict *v, const struct fo_report_opts *ro, char *buf, size_t len)
{
	const struct explore_result *r = &v->res;
	char size[32];

	switch (r->stop) {
	case EXPLORE_STOP_EXECUTIONS:
		snprintf(buf, len,
			 "stopped by %s %" PRIu64 ": the verdict covers only the schedules run",
			 report_option(ro, FO_OPTION_MAX_EXECUTIONS), v->opts.max_executions);
		break;
	case EXPLORE_STOP_TIME:
		snprintf(buf, len,
			 "stopped by %s %g after %" PRIu64
			 " executions: the verdict covers only the schedules run",
			 report_option(ro, FO_OPTION_TIME_LIMIT), v->opts.time_limit,
			 r->executions);
		break;
	case EXPLORE_STOP_MEMORY:
		size_text(v->opts.max_memory, size, sizeof(size));
		snprintf(buf, len,
			 "stopped by %s %s after %" PRIu64
			 " executions: an execution needed more; the verdict covers only the "
			 "schedules run (memory grows with the longest execution: lower "
			 "%s or raise %s)",
			 report_option(ro, FO_OPTION_MAX_MEMORY), size, r->executions,
			 report_option(ro, FO_OPTION_MAX_STEPS),
			 report_option(ro, FO_OPTION_MAX_MEMORY));
		break;
	default:
		buf[0] = '\0';
		return;
	}
	if (r->estimate > 0) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n,
			 "; the whole search holds about %.2g executions, estimated from the "
			 "part explored",
			 r->estimate);
	}
}

void report_cut(const fo_verdict *v, const struct fo_report_opts *ro, char *buf, size_t len)
{
	buf[0] = '\0';
	if (v->res.cut)
		snprintf(buf, len,
			 "%" PRIu64 " executions cut at %s %" PRIu64
			 ": their later steps were not explored (raise %s)",
			 v->res.cut, report_option(ro, FO_OPTION_MAX_STEPS), v->opts.max_steps,
			 report_option(ro, FO_OPTION_MAX_STEPS));
}

/*
 * For an exhaustive strategy a limit stopped: what to run instead. Measured
 * on concern 3 under v2 (273,720 DPOR executions): 10000 PCT runs find its
 * three oracles in under a second, and so does every schedule with at most
 * one preemption (8,409 executions).
 */
int fo_verdict_suggest(const fo_verdict *v, struct fo_suggestion *out, int n)
{
	const struct fo_check_opts *o;
	struct fo_suggestion s[3];
	const struct fo_suggestion pct = { FO_STRATEGY_PCT, -1, 10000 };
	int k = 0;

	if (!v || n < 0 || (!out && n > 0))
		return -EINVAL;
	o = &v->opts;
	if (v->replay ||
	    (v->res.stop != EXPLORE_STOP_EXECUTIONS && v->res.stop != EXPLORE_STOP_TIME))
		return 0;
	if (o->preemptions > 0) {
		s[k++] = (struct fo_suggestion){ FO_STRATEGY_DFS, o->preemptions - 1, 0 };
		s[k++] = pct;
	} else if (o->preemptions == 0) {
		s[k++] = pct;
	} else if (o->strategy == FO_STRATEGY_DFS) {
		s[k++] = (struct fo_suggestion){ FO_STRATEGY_DPOR, -1, 0 };
		s[k++] = (struct fo_suggestion){ FO_STRATEGY_DFS, 1, 0 };
		s[k++] = pct;
	} else if (o->strategy == FO_STRATEGY_DPOR) {
		s[k++] = pct;
		s[k++] = (struct fo_suggestion){ FO_STRATEGY_DFS, 1, 0 };
	}
	for (int i = 0; i < k && i < n; i++)
		out[i] = s[i];
	return k;
}

static const char *strategy_word(enum fo_strategy s)
{
	switch (s) {
	case FO_STRATEGY_DPOR: return "dpor";
	case FO_STRATEGY_DFS: return "dfs";
	case FO_STRATEGY_RANDOM: return "random";
	default: return "pct";
	}
}

/* One suggestion as options and what it explores. */
static size_t suggestion_text(const struct fo_suggestion *s, const struct fo_report_opts *ro,
			      char *buf, size_t len)
{
	if (s->preemptions >= 0)
		return (size_t)snprintf(buf, len, "%s %d (every schedule with at most %d preemption%s)",
					report_option(ro, FO_OPTION_PREEMPTIONS), s->preemptions,
					s->preemptions, s->preemptions == 1 ? "" : "s");
	if (s->runs)
		return (size_t)snprintf(buf, len,
					"%s %s %s %" PRIu64
					" (a sample, with a probability bound for each bug)",
					report_option(ro, FO_OPTION_STRATEGY),
					strategy_word(s->strategy), report_option(ro, FO_OPTION_RUNS),
					s->runs);
	return (size_t)snprintf(buf, len, "%s %s (one schedule per class of equivalent ones)",
				report_option(ro, FO_OPTION_STRATEGY), strategy_word(s->strategy));
}

void report_hint(const fo_verdict *v, const struct fo_report_opts *ro, char *buf, size_t len)
{
	struct fo_suggestion s[3];
	int k = fo_verdict_suggest(v, s, 3);
	size_t n;

	buf[0] = '\0';
	if (k <= 0)
		return;
	n = (size_t)snprintf(buf, len, "too many schedules to explore them all here: try ");
	for (int i = 0; i < k && i < 3 && n < len; i++) {
		if (i)
			n += (size_t)snprintf(buf + n, len - n, "%s", i == k - 1 ? " or " : ", ");
		if (n < len)
			n += suggestion_text(&s[i], ro, buf + n, len - n);
	}
}

void report_proven(const fo_verdict *v, char *buf, size_t len)
{
	const struct explore_result *r = &v->res;
	const struct fo_check_opts *o = &v->opts;

	if (v->replay) {
		snprintf(buf, len, "one schedule, replayed (%" PRIu64 " steps)", r->steps);
		return;
	}
	/* an exhaustive strategy that a limit stopped proved nothing about the rest */
	const char *part = r->stop != EXPLORE_COMPLETE || r->cut ? "part of: " : "";

	if (o->preemptions >= 0)
		snprintf(buf, len, "%severy schedule with at most %d preemption%s (DFS)", part,
			 o->preemptions, o->preemptions == 1 ? "" : "s");
	else if (o->strategy == FO_STRATEGY_DFS)
		snprintf(buf, len, "%severy schedule (DFS)", part);
	else if (o->strategy == FO_STRATEGY_DPOR)
		snprintf(buf, len,
			 "%severy schedule, up to reordering independent steps (DPOR)", part);
	else if (o->strategy == FO_STRATEGY_RANDOM)
		snprintf(buf, len,
			 "%" PRIu64 " random schedules, seed %" PRIu64 "; no guarantee",
			 r->executions, o->seed);
	else {
		/* Burckhardt et al.: a bug of depth d is found with p >= 1/(n k^(d-1)) per run */
		double k = r->max_depth ? (double)r->max_depth : 1, nt = r->threads ? r->threads : 1;
		double p = 1.0 / (nt * pow(k, o->pct_depth - 1));

		snprintf(buf, len,
			 "%" PRIu64 " PCT runs, depth %d, seed %" PRIu64
			 ": each finds a bug of depth <= %d with p >= 1/(n*k^(d-1)) = %.2g "
			 "(n=%d threads, k=%" PRIu64 " steps)",
			 r->executions, o->pct_depth, o->seed, o->pct_depth, p, r->threads,
			 r->max_depth);
	}
}

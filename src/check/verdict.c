/* SPDX-License-Identifier: MIT */
/*
 * verdict.c - the verdict object: its life, what it found against the
 * expect line, and how much of the schedules it covers. The table of
 * outcomes (docs/scenarios.md, "Verdicts"):
 *
 *	found an oracle the line does not list    not met (true however little was run)
 *	a limit stopped the run                   incomplete
 *	every schedule within a preemption bound  bounded
 *	a sample (random, PCT)                    sampled
 *	every schedule                            met, or not met (something listed not found)
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "oracle/names.h"

int check_fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

fo_verdict *verdict_new(const struct scenario *sc, const char *variant,
			const struct fuse_knobs *k, const struct fo_check_opts *o)
{
	fo_verdict *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->file = strdup(sc->filename ? sc->filename : "-");
	v->title = sc->title ? strdup(sc->title) : NULL;
	snprintf(v->variant, sizeof(v->variant), "%s", variant);
	fuse_knobs_format(k, v->knobs, sizeof(v->knobs));
	v->opts = *o;
	v->opts.variant = NULL;
	v->opts.set = NULL;
	v->opts.progress = NULL;
	v->has_expect = fo_scenario_expect((const fo_scenario *)sc, variant, &v->expected);
	for (int b = 0; b < FO_ORACLE_COUNT; b++)
		trace_init(&v->cx[b].trace);
	if (!v->file || (sc->title && !v->title)) {
		fo_verdict_free(v);
		return NULL;
	}
	return v;
}

void fo_verdict_free(fo_verdict *v)
{
	if (!v)
		return;
	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		free(v->cx[b].token);
		trace_free(&v->cx[b].trace);
	}
	free(v->file);
	free(v->title);
	free(v);
}

unsigned fo_verdict_violated(const fo_verdict *v)
{
	return v ? v->violated : 0;
}

unsigned verdict_judged(const fo_verdict *v, unsigned *want)
{
	unsigned got = v->violated;

	*want = v->has_expect > 0 ? v->expected : 0;
	/* an unexpected spurious-fail is a warning unless strict */
	if (!v->opts.strict && !(*want & FO_ORACLE_SPURIOUS_FAIL))
		got &= ~FO_ORACLE_SPURIOUS_FAIL;
	return got;
}

enum fo_proof verdict_proof(const fo_verdict *v)
{
	if (v->replay)
		return FO_PROOF_REPLAY;
	if (explore_limit(&v->res) != FO_LIMIT_NONE)
		return FO_PROOF_PARTIAL;
	if (v->opts.preemptions >= 0)
		return FO_PROOF_BOUND;
	if (v->opts.strategy == FO_STRATEGY_RANDOM || v->opts.strategy == FO_STRATEGY_PCT)
		return FO_PROOF_SAMPLE;
	return FO_PROOF_ALL;
}

unsigned verdict_not_found(const fo_verdict *v)
{
	unsigned want, got = verdict_judged(v, &want);

	return want & ~got;
}

unsigned fo_verdict_not_found(const fo_verdict *v)
{
	return v ? verdict_not_found(v) : 0;
}

int fo_verdict_met(const fo_verdict *v)
{
	unsigned got, want;

	if (!v)
		return -EINVAL;
	got = verdict_judged(v, &want);
	return got == want;
}

int fo_verdict_status(const fo_verdict *v)
{
	unsigned got, want;

	if (!v)
		return -EINVAL;
	got = verdict_judged(v, &want);
	/* a violation found is real, however little was explored */
	if (got & ~want)
		return FO_STATUS_NOT_MET;
	switch (verdict_proof(v)) {
	case FO_PROOF_PARTIAL: return FO_STATUS_INCOMPLETE;
	case FO_PROOF_BOUND: return FO_STATUS_BOUNDED;
	case FO_PROOF_SAMPLE: return FO_STATUS_SAMPLED;
	default: return got == want ? FO_STATUS_MET : FO_STATUS_NOT_MET;
	}
}

const char *fo_verdict_variant(const fo_verdict *v)
{
	return v ? v->variant : NULL;
}

const char *fo_verdict_schedule(const fo_verdict *v, unsigned oracle)
{
	int b = oracle_bit_index(oracle);

	return v && b >= 0 ? v->cx[b].token : NULL;
}

const char *fo_verdict_message(const fo_verdict *v, unsigned oracle)
{
	int b = oracle_bit_index(oracle);

	return v && b >= 0 && v->cx[b].token ? v->cx[b].message : NULL;
}

int fo_verdict_stats(const fo_verdict *v, struct fo_check_stats *s)
{
	if (!v || !s)
		return -EINVAL;
	*s = (struct fo_check_stats){
		.executions = v->res.executions,
		.redundant = v->res.sleep_blocked,
		.cut = v->res.cut,
		.steps = v->res.steps,
		.max_depth = v->res.max_depth,
		.threads = v->res.threads,
		.seconds = v->res.seconds,
		.memory = v->res.memory,
		.limit = explore_limit(&v->res),
		.proof = verdict_proof(v),
	};
	s->complete = s->proof == FO_PROOF_ALL;
	return 0;
}

const char *verdict_limit_name(int limit)
{
	static const char *const names[] = {
		[FO_LIMIT_NONE] = NULL,
		[FO_LIMIT_STEPS] = "steps",
		[FO_LIMIT_EXECUTIONS] = "executions",
		[FO_LIMIT_TIME] = "time",
		[FO_LIMIT_MEMORY] = "memory",
	};

	return limit >= 0 && limit < (int)(sizeof(names) / sizeof(names[0])) ? names[limit] : NULL;
}

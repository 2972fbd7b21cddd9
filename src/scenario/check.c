/* SPDX-License-Identifier: MIT */
/*
 * check.c - the public face of the explorer for scenarios: fo_check(),
 * fo_replay(), verdicts, schedule tokens and the reports a reviewer reads.
 *
 * A schedule token is one word:
 *
 *	fo1.v2.dprcbz64.5a1f0c3e9b2d4471.a3bc2a
 *
 * format version, variant, knob code (variant.c), the scenario's hash, and
 * the choices: the thread taking each step as a letter (a = first thread),
 * a run of the same thread as the letter and its length. Replaying it
 * reproduces the execution step for step; it is refused on a scenario,
 * variant or knob set other than the one it was recorded on.
 */
#include <ctype.h>
#include <stdarg.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/check.h"
#include "fuseord/oracle.h"
#include "scenario/run.h"

#define TOKEN_VERSION "fo1"

struct fo_verdict {
	char *file;
	char *title;
	char variant[16];
	char knobs[320];
	struct fo_check_opts opts;  /* strategy, bounds; pointers cleared */
	bool replay;
	struct explore_result res;  /* counts; schedules freed */
	unsigned violated;
	int has_expect;
	unsigned expected;
	bool unreliable;
	uint64_t trace_bytes;       /* the traces' rows, held against max_memory */
	struct {
		char *token;
		char message[FUSE_ORACLE_MSG_LEN];
		struct trace trace;
	} cx[FO_ORACLE_COUNT];
};

void fo_check_opts_init(struct fo_check_opts *o)
{
	if (o)
		EXPLORE_OPTS_DEFAULTS(o);
}

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* The variant and knobs a check runs with: variant row, file's set lines, then -set. */
static int resolve_knobs(const struct scenario *sc, const struct fo_check_opts *o,
			 const char **variant, struct fuse_knobs *k, char *err, size_t errlen)
{
	*variant = o->variant ? o->variant : sc->variant ? sc->variant : "v2";
	if (fuse_knobs_for_variant(*variant, k)) {
		if (scenario_variant_known(*variant))
			return fail(err, errlen, -EINVAL,
				    "variant '%s' is not implemented by this version of libfuseord",
				    *variant);
		return fail(err, errlen, -EINVAL, "unknown variant '%s' (try: fuseord variants)",
			    *variant);
	}
	for (int i = 0; i < sc->nknobs; i++)
		if (fuse_knob_set(k, sc->knobs[i].name, sc->knobs[i].value))
			return fail(err, errlen, -EINVAL, "bad knob %s=%s", sc->knobs[i].name,
				    sc->knobs[i].value);
	for (const char *const *s = o->set; s && *s; s++) {
		char name[64];
		const char *eq = strchr(*s, '=');

		if (!eq || (size_t)(eq - *s) >= sizeof(name))
			return fail(err, errlen, -EINVAL, "--set wants KNOB=VALUE, got '%s'", *s);
		memcpy(name, *s, (size_t)(eq - *s));
		name[eq - *s] = '\0';
		if (fuse_knob_set(k, name, eq + 1))
			return fail(err, errlen, -EINVAL,
				    "bad --set %s: unknown knob or value (try: fuseord variants)", *s);
	}
	return 0;
}

/* ---- tokens ---- */

static char *token_encode(const char *variant, const struct fuse_knobs *k, uint64_t hash,
			  const struct explore_schedule *s)
{
	size_t cap = 64 + strlen(variant) + 8 * s->len + 1, n;
	char *t = malloc(cap);
	char code[32];

	if (!t)
		return NULL;
	fuse_knobs_code(k, code, sizeof(code));
	n = (size_t)snprintf(t, cap, "%s.%s.%s.%016" PRIx64 ".", TOKEN_VERSION, variant, code,
			     hash);
	for (size_t i = 0; i < s->len;) {
		size_t run = 1;

		while (i + run < s->len && s->choice[i + run] == s->choice[i])
			run++;
		t[n++] = (char)('a' + s->choice[i]);
		if (run > 1)
			n += (size_t)snprintf(t + n, cap - n, "%zu", run);
		i += run;
	}
	t[n] = '\0';
	return t;
}

struct token {
	char variant[16];
	struct fuse_knobs knobs;
	uint64_t hash;
	struct explore_schedule sched;
};

static int bad_choice(struct token *out, const char *at, char *err, size_t errlen)
{
	free(out->sched.choice);
	out->sched.choice = NULL;
	return fail(err, errlen, -EINVAL, "schedule token: bad choice at '%.10s'", at);
}

/*
 * @max_len bounds the schedule's length: a token is one argument, but its
 * runs ("a9999999") could otherwise ask for any amount of memory.
 */
static int token_decode(const char *tok, struct token *out, uint64_t max_len, char *err,
			size_t errlen)
{
	const char *p = tok, *dot;
	char code[32];
	size_t n;

	memset(out, 0, sizeof(*out));
	if (strncmp(p, TOKEN_VERSION ".", 4))
		return fail(err, errlen, -EINVAL,
			    "not a schedule token of this version (it must start with '%s.')",
			    TOKEN_VERSION);
	p += 4;
	dot = strchr(p, '.');
	if (!dot || (size_t)(dot - p) >= sizeof(out->variant) || dot == p)
		return fail(err, errlen, -EINVAL, "schedule token: no variant after '%s.'",
			    TOKEN_VERSION);
	memcpy(out->variant, p, (size_t)(dot - p));
	p = dot + 1;
	dot = strchr(p, '.');
	if (!dot || (size_t)(dot - p) >= sizeof(code))
		return fail(err, errlen, -EINVAL, "schedule token: no knob code");
	memcpy(code, p, (size_t)(dot - p));
	code[dot - p] = '\0';
	if ((fuse_knobs_for_variant(out->variant, &out->knobs) &&
	     fuse_knobs_for_variant("v2", &out->knobs)) ||
	    fuse_knobs_from_code(code, &out->knobs))
		return fail(err, errlen, -EINVAL, "schedule token: bad knob code '%s'", code);
	p = dot + 1;
	for (n = 0; n < 16; n++)
		if (!isxdigit((unsigned char)p[n]))
			break;
	if (n != 16 || p[16] != '.')
		return fail(err, errlen, -EINVAL, "schedule token: bad scenario hash");
	out->hash = strtoull(p, NULL, 16);
	p += 17;
	/* the length first: a token of long runs is refused before any allocation */
	for (int pass = 0; pass < 2; pass++) {
		const char *q = p;
		uint64_t len = 0;

		while (*q) {
			unsigned long run = 1;
			int c = *q - 'a';

			if (c < 0 || c >= SIM_MAX_THREADS)
				return bad_choice(out, q, err, errlen);
			if (isdigit((unsigned char)q[1])) {
				char *end;

				run = strtoul(q + 1, &end, 10);
				if (run < 2 || run > 10000000)
					return bad_choice(out, q, err, errlen);
				q = end;
			} else {
				q++;
			}
			if (pass)
				memset(out->sched.choice + len, c, run);
			len += run;
			if (max_len && len > max_len)
				return fail(err, errlen, -EINVAL,
					    "schedule token: longer than the memory ceiling allows "
					    "(%" PRIu64 " steps; see --max-memory)",
					    max_len);
		}
		if (pass) {
			out->sched.len = (size_t)len;
		} else {
			out->sched.choice = malloc(len ? (size_t)len : 1);
			if (!out->sched.choice)
				return -ENOMEM;
		}
	}
	return 0;
}

/* ---- verdicts ---- */

static fo_verdict *verdict_new(const struct scenario *sc, const char *variant,
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

/* What one trace row costs: the row, and the runner's note of its events. */
#define TRACE_ROW_BYTES (sizeof(struct trace_row) + 16)

/*
 * Rows the verdict's traces may still take under max_memory; 0: no limit.
 * A trace that reaches it is cut short and says so.
 */
static size_t trace_room(const fo_verdict *v)
{
	uint64_t max = v->opts.max_memory;

	if (!max)
		return 0;
	if (v->trace_bytes + TRACE_ROW_BYTES > max)
		return 1;
	return (size_t)((max - v->trace_bytes) / TRACE_ROW_BYTES);
}

/* Replay one schedule with a trace attached; fills cx[b] for every oracle it shows. */
static int record(fo_verdict *v, struct sc_run *r, const struct explore_schedule *s,
		  unsigned want, const char *token, uint64_t max_steps)
{
	struct explore_program p = sc_run_program(r);
	struct trace t;
	unsigned got = 0;
	int err;

	trace_init(&t);
	t.max_rows = trace_room(v);
	r->trace = &t;
	err = explore_replay(&p, s, max_steps, &got, NULL);
	r->trace = NULL;
	if (err) {
		trace_free(&t);
		return err;
	}
	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		if (!(want & got & (1u << b)))
			continue;
		v->trace_bytes += t.nrows * TRACE_ROW_BYTES;
		snprintf(v->cx[b].message, sizeof(v->cx[b].message), "%s", r->message[b]);
		v->cx[b].token = strdup(token);
		trace_free(&v->cx[b].trace);
		v->cx[b].trace = t;
		t.rows = NULL; /* one trace serves the first oracle it shows; copy for the rest */
		if (!v->cx[b].token)
			return -ENOMEM;
		if (want & got & ~((2u << b) - 1)) {
			trace_init(&t);
			t.oom = v->cx[b].trace.oom;
			t.nthreads = v->cx[b].trace.nthreads;
			memcpy(t.names, v->cx[b].trace.names, sizeof(t.names));
			for (size_t i = 0; i < v->cx[b].trace.nrows; i++) {
				const struct trace_row *row = &v->cx[b].trace.rows[i];
				long n = trace_add(&t, row->step, row->thread, "%s", row->text);

				trace_mark(&t, n, row->mark);
			}
		}
	}
	trace_free(&t);
	v->violated |= got;
	v->unreliable |= r->unreliable;
	return 0;
}

int fo_check(const fo_scenario *fsc, const struct fo_check_opts *o, fo_verdict **out, char *err,
	     size_t errlen)
{
	const struct scenario *sc = fsc ? scenario_of(fsc) : NULL;
	struct fo_check_opts def;
	struct explore_opts xo;
	struct explore_program p;
	struct fuse_knobs k;
	struct sc_run r;
	const char *variant;
	fo_verdict *v;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!sc)
		return fail(err, errlen, -EINVAL, "no scenario");
	if (!o) {
		fo_check_opts_init(&def);
		o = &def;
	}
	if (EXPLORE_OPTS_INVALID(o))
		return fail(err, errlen, -EINVAL, "bad strategy options");
	if (!(o->time_limit >= 0)) /* NaN too */
		return fail(err, errlen, -EINVAL, "bad time limit");
	ret = resolve_knobs(sc, o, &variant, &k, err, errlen);
	if (ret)
		return ret;
	if (sc->nthreads + 1 > SIM_MAX_THREADS)
		return fail(err, errlen, -EINVAL, "too many threads (%d, the worker included; at most %d)",
			    sc->nthreads + 1, SIM_MAX_THREADS);
	v = verdict_new(sc, variant, &k, o);
	if (!v || sc_run_init(&r, sc, &k)) {
		fo_verdict_free(v);
		return -ENOMEM;
	}
	xo = EXPLORE_OPTS_FROM(o);
	xo.time_limit = o->time_limit;
	xo.progress = o->progress;
	xo.progress_priv = o->progress_priv;
	p = sc_run_program(&r);
	ret = explore_run(&p, &xo, &v->res);
	for (int b = 0; !ret && b < FO_ORACLE_COUNT; b++) {
		const struct explore_schedule *s = &v->res.first[b];
		char *token;

		if (!s->choice || v->cx[b].token)
			continue;
		token = token_encode(variant, &k, sc->hash, s);
		ret = token ? record(v, &r, s, v->res.violated, token, xo.max_steps) : -ENOMEM;
		free(token);
	}
	v->violated |= v->res.violated;
	explore_result_free(&v->res);
	sc_run_destroy(&r);
	if (ret) {
		fo_verdict_free(v);
		return ret == -EINVAL ? fail(err, errlen, ret, "internal: a counterexample did not replay")
				      : ret;
	}
	*out = v;
	return 0;
}

int fo_replay(const fo_scenario *fsc, const char *schedule, const struct fo_check_opts *o,
	      fo_verdict **out, char *err, size_t errlen)
{
	const struct scenario *sc = fsc ? scenario_of(fsc) : NULL;
	struct fo_check_opts def;
	struct fuse_knobs k;
	struct token tok;
	struct sc_run r;
	const char *variant;
	char want[320], have[320];
	fo_verdict *v;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!sc || !schedule)
		return fail(err, errlen, -EINVAL, "no scenario or no schedule");
	fo_check_opts_init(&def);
	if (o) {
		def.variant = o->variant;
		def.set = o->set;
		def.max_steps = o->max_steps ? o->max_steps : def.max_steps;
		def.max_memory = o->max_memory;
	}
	ret = token_decode(schedule, &tok, def.max_memory, err, errlen);
	if (ret)
		return ret;
	/*
	 * The token says its variant and knobs; a --variant or --set given
	 * as well must agree with it, or the run would be another one.
	 */
	bool asked = def.variant || def.set;

	if (!def.variant)
		def.variant = tok.variant;
	ret = resolve_knobs(sc, &def, &variant, &k, err, errlen);
	if (ret)
		goto out;
	if (!asked)
		k = tok.knobs;
	ret = -EINVAL;
	if (strcmp(variant, tok.variant)) {
		fail(err, errlen, ret, "the schedule was recorded on variant '%s', not '%s'",
		     tok.variant, variant);
		goto out;
	}
	if (memcmp(&k, &tok.knobs, sizeof(k))) {
		fuse_knobs_format(&tok.knobs, want, sizeof(want));
		fuse_knobs_format(&k, have, sizeof(have));
		fail(err, errlen, ret, "the schedule was recorded with knobs %s; this run has %s",
		     want, have);
		goto out;
	}
	if (tok.hash != sc->hash) {
		fail(err, errlen, ret,
		     "the schedule was recorded on another scenario (hash %016" PRIx64
		     ", this file has %016" PRIx64 ")",
		     tok.hash, sc->hash);
		goto out;
	}
	ret = -ENOMEM;
	v = verdict_new(sc, variant, &k, &def);
	if (!v)
		goto out;
	v->replay = true;
	v->trace_bytes = tok.sched.len; /* the decoded schedule shares the ceiling */
	if (sc_run_init(&r, sc, &k)) {
		fo_verdict_free(v);
		goto out;
	}
	ret = record(v, &r, &tok.sched, FO_ORACLE_ALL, schedule, def.max_steps);
	v->res.executions = 1;
	v->res.steps = tok.sched.len;
	v->res.max_depth = tok.sched.len;
	sc_run_destroy(&r);
	if (ret) {
		fo_verdict_free(v);
		if (ret == -EINVAL)
			fail(err, errlen, ret,
			     "the schedule does not fit this scenario: it names a thread that "
			     "cannot run at some step, or ends before the scenario does");
		goto out;
	}
	*out = v;
out:
	free(tok.sched.choice);
	return ret;
}

/* ---- reading a verdict ---- */

unsigned fo_verdict_violated(const fo_verdict *v)
{
	return v ? v->violated : 0;
}

/* The oracles that count against the expect line, and what it lists. */
static unsigned judged(const fo_verdict *v, unsigned *want)
{
	unsigned got = v->violated;

	*want = v->has_expect > 0 ? v->expected : 0;
	/* an unexpected spurious-fail is a warning unless strict */
	if (!v->opts.strict && !(*want & FO_ORACLE_SPURIOUS_FAIL))
		got &= ~FO_ORACLE_SPURIOUS_FAIL;
	return got;
}

int fo_verdict_met(const fo_verdict *v)
{
	unsigned got, want;

	if (!v)
		return -EINVAL;
	got = judged(v, &want);
	return got == want;
}

int fo_verdict_status(const fo_verdict *v)
{
	unsigned got, want;

	if (!v)
		return -EINVAL;
	got = judged(v, &want);
	/* a violation found is real, however little was explored */
	if (got & ~want)
		return FO_STATUS_NOT_MET;
	if (explore_limit(&v->res) != FO_LIMIT_NONE)
		return FO_STATUS_INCOMPLETE;
	return got == want ? FO_STATUS_MET : FO_STATUS_NOT_MET;
}

const char *fo_verdict_variant(const fo_verdict *v)
{
	return v ? v->variant : NULL;
}

static int oracle_index(unsigned oracle)
{
	if (!oracle || (oracle & (oracle - 1)) || oracle > (1u << (FO_ORACLE_COUNT - 1)))
		return -1;
	return __builtin_ctz(oracle);
}

const char *fo_verdict_schedule(const fo_verdict *v, unsigned oracle)
{
	int b = oracle_index(oracle);

	return v && b >= 0 ? v->cx[b].token : NULL;
}

const char *fo_verdict_message(const fo_verdict *v, unsigned oracle)
{
	int b = oracle_index(oracle);

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
	};
	s->complete = s->limit == FO_LIMIT_NONE;
	return 0;
}

/* ---- printing ---- */

static void oracles_text(unsigned mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!mask) {
		snprintf(buf, len, "ok");
		return;
	}
	for (int b = 0; b < FO_ORACLE_COUNT && n < len; b++)
		if (mask & (1u << b))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
					      fo_oracle_name(1u << b));
}

const char *scenario_limit_name(int limit)
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

static const char *const status_names[] = {
	[FO_STATUS_MET] = "met",
	[FO_STATUS_NOT_MET] = "not-met",
	[FO_STATUS_INCOMPLETE] = "incomplete",
};

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

/* Why the run stopped early, in one sentence; "" if it did not. */
static void stop_text(const fo_verdict *v, char *buf, size_t len)
{
	const struct explore_result *r = &v->res;
	char size[32];

	switch (r->stop) {
	case EXPLORE_STOP_EXECUTIONS:
		snprintf(buf, len,
			 "stopped by --max-executions %" PRIu64
			 ": the verdict covers only the schedules run",
			 v->opts.max_executions);
		break;
	case EXPLORE_STOP_TIME:
		snprintf(buf, len,
			 "stopped by --time-limit %g after %" PRIu64
			 " executions: the verdict covers only the schedules run",
			 v->opts.time_limit, r->executions);
		break;
	case EXPLORE_STOP_MEMORY:
		size_text(v->opts.max_memory, size, sizeof(size));
		snprintf(buf, len,
			 "stopped by --max-memory %s after %" PRIu64
			 " executions: an execution needed more; the verdict covers only the "
			 "schedules run (memory grows with the longest execution: lower "
			 "--max-steps or raise --max-memory)",
			 size, r->executions);
		break;
	default:
		buf[0] = '\0';
	}
}

/*
 * For an exhaustive strategy a limit stopped: what to run instead. Measured
 * on concern 3 under v2 (273,720 DPOR executions): 10000 PCT runs find its
 * three oracles in under a second, and so does every schedule with at most
 * one preemption (8,409 executions).
 */
static void hint_text(const fo_verdict *v, char *buf, size_t len)
{
	const struct fo_check_opts *o = &v->opts;
	static const char pct[] = "--strategy pct --runs 10000 (a sample, with a probability "
				  "bound for each bug)";

	buf[0] = '\0';
	if (v->replay ||
	    (v->res.stop != EXPLORE_STOP_EXECUTIONS && v->res.stop != EXPLORE_STOP_TIME))
		return;
	if (o->preemptions > 0)
		snprintf(buf, len,
			 "too many schedules to explore them all here: try --preemptions %d "
			 "(fewer schedules) or %s",
			 o->preemptions - 1, pct);
	else if (o->preemptions == 0)
		snprintf(buf, len, "too many schedules to explore them all here: try %s", pct);
	else if (o->strategy == FO_STRATEGY_DFS)
		snprintf(buf, len,
			 "too many schedules to explore them all here: try --strategy dpor "
			 "(one schedule per class of equivalent ones), --preemptions 1 or %s",
			 pct);
	else if (o->strategy == FO_STRATEGY_DPOR)
		snprintf(buf, len,
			 "too many schedules to explore them all here: try %s, or --preemptions 1 "
			 "(every schedule with at most 1 preemption)",
			 pct);
}

/* The warnings of executions cut at max_steps; "" if none was. */
static void cut_text(const fo_verdict *v, char *buf, size_t len)
{
	buf[0] = '\0';
	if (v->res.cut)
		snprintf(buf, len,
			 "%" PRIu64 " executions cut at --max-steps %" PRIu64
			 ": their later steps were not explored (raise --max-steps)",
			 v->res.cut, v->opts.max_steps);
}

/* What the exploration proves, in one sentence. */
static void proven_text(const fo_verdict *v, char *buf, size_t len)
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

/*
 * @text after @head, wrapped at spaces to 80 columns, continuation lines
 * indented by @indent: reports are pasted into mail.
 */
static void print_wrapped(FILE *f, const char *head, const char *text, int indent)
{
	const char *nl = strrchr(head, '\n');
	int col = (int)strlen(nl ? nl + 1 : head);
	bool first = true;

	fputs(head, f);
	while (*text) {
		int len = (int)strcspn(text, " ");

		if (!first && col + 1 + len > 80) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", len, text);
		col += len;
		text += len;
		text += strspn(text, " ");
		first = false;
	}
	fputc('\n', f);
}

static void print_text(const fo_verdict *v, FILE *f, enum fo_trace trace)
{
	static const char *const verdict_words[] = {
		[FO_STATUS_MET] = "as expected",
		[FO_STATUS_NOT_MET] = "NOT AS EXPECTED",
		[FO_STATUS_INCOMPLETE] = "INCOMPLETE (as expected so far)",
	};
	char got[160], want[160], proven[320], why[400];
	int met = fo_verdict_met(v);

	oracles_text(v->violated, got, sizeof(got));
	if (v->has_expect > 0)
		oracles_text(v->expected, want, sizeof(want));
	else
		snprintf(want, sizeof(want), "ok (no expect line)");
	proven_text(v, proven, sizeof(proven));
	char head[64];

	fprintf(f, "== %s: %s\n", v->file, v->title ? v->title : "");
	snprintf(head, sizeof(head), "variant  %s ", v->variant);
	print_wrapped(f, head, v->knobs, 9);
	fprintf(f, "verdict  %s\n", got);
	if (!v->replay) {
		char line[400];

		snprintf(line, sizeof(line), "%s -> %s", want, verdict_words[fo_verdict_status(v)]);
		print_wrapped(f, "expected ", line, 9);
	}
	if (met && !v->replay && !v->opts.strict && (v->violated & FO_ORACLE_SPURIOUS_FAIL) &&
	    !(v->expected & FO_ORACLE_SPURIOUS_FAIL))
		fprintf(f, "warning  spurious-fail (an unneeded reopen; an error with --strict)\n");
	print_wrapped(f, "explored ", proven, 9);
	fprintf(f, "         %" PRIu64 " executions", v->res.executions);
	if (v->res.sleep_blocked)
		fprintf(f, " (+%" PRIu64 " cut as redundant)", v->res.sleep_blocked);
	fprintf(f, ", %" PRIu64 " steps, %.3f s\n", v->res.steps, v->res.seconds);
	/* what a limit left out, and what to run instead */
	stop_text(v, why, sizeof(why));
	if (*why)
		print_wrapped(f, "limit    ", why, 9);
	cut_text(v, why, sizeof(why));
	if (*why)
		print_wrapped(f, "limit    ", why, 9);
	hint_text(v, why, sizeof(why));
	if (*why)
		print_wrapped(f, "hint     ", why, 9);
	if (v->unreliable)
		fprintf(f, "warning  the scenario exceeds what the oracles track; verdict unreliable\n");
	for (int b = 0; b < FO_ORACLE_COUNT; b++)
		if (v->cx[b].token && v->cx[b].trace.oom)
			fprintf(f, "warning  the trace of %s is cut short at --max-memory\n",
				fo_oracle_name(1u << b));
	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		if (!v->cx[b].token)
			continue;
		snprintf(head, sizeof(head), "\n%s: ", fo_oracle_name(1u << b));
		print_wrapped(f, head, v->cx[b].message, 2);
		fprintf(f, "  schedule %s\n", v->cx[b].token);
		if (trace == FO_TRACE_ASCII) {
			fputc('\n', f);
			trace_print_ascii(&v->cx[b].trace, f, 80);
		} else if (trace == FO_TRACE_MERMAID) {
			fprintf(f, "\n```mermaid\n");
			trace_print_mermaid(&v->cx[b].trace, f);
			fprintf(f, "```\n");
		}
	}
	fputc('\n', f);
}

static void json_oracles(FILE *f, unsigned mask)
{
	bool first = true;

	fputc('[', f);
	for (int b = 0; b < FO_ORACLE_COUNT; b++)
		if (mask & (1u << b)) {
			fprintf(f, "%s\"%s\"", first ? "" : ",", fo_oracle_name(1u << b));
			first = false;
		}
	fputc(']', f);
}

static void print_json(const fo_verdict *v, FILE *f, enum fo_trace trace)
{
	char proven[320], why[400];
	int limit = explore_limit(&v->res);

	proven_text(v, proven, sizeof(proven));
	fprintf(f, "{\"file\":");
	json_print_string(f, v->file);
	fprintf(f, ",\"title\":");
	json_print_string(f, v->title ? v->title : "");
	fprintf(f, ",\"variant\":");
	json_print_string(f, v->variant);
	fprintf(f, ",\"knobs\":");
	json_print_string(f, v->knobs);
	fprintf(f, ",\"strategy\":\"%s\",\"violated\":",
		v->replay ? "replay" : explore_strategy_name(explore_strategy_of(v->opts.strategy,
									  v->opts.preemptions)));
	json_oracles(f, v->violated);
	fprintf(f, ",\"expected\":");
	if (v->has_expect > 0)
		json_oracles(f, v->expected);
	else
		fprintf(f, "null");
	fprintf(f, ",\"met\":%s,\"status\":\"%s\",\"strict\":%s,\"complete\":%s,\"limit\":",
		fo_verdict_met(v) ? "true" : "false", status_names[fo_verdict_status(v)],
		v->opts.strict ? "true" : "false", limit == FO_LIMIT_NONE ? "true" : "false");
	if (limit == FO_LIMIT_NONE)
		fprintf(f, "null");
	else
		fprintf(f, "\"%s\"", scenario_limit_name(limit));
	/* the text's limit lines, joined */
	stop_text(v, why, sizeof(why));
	if (!*why)
		cut_text(v, why, sizeof(why));
	fprintf(f, ",\"limit_message\":");
	if (*why)
		json_print_string(f, why);
	else
		fprintf(f, "null");
	hint_text(v, why, sizeof(why));
	fprintf(f, ",\"hint\":");
	if (*why)
		json_print_string(f, why);
	else
		fprintf(f, "null");
	fprintf(f, ",\"proven\":");
	json_print_string(f, proven);
	fprintf(f,
		",\"executions\":%" PRIu64 ",\"redundant\":%" PRIu64 ",\"cut\":%" PRIu64
		",\"steps\":%" PRIu64 ",\"seconds\":%.6f,\"memory\":%" PRIu64
		",\"unreliable\":%s,\"counterexamples\":[",
		v->res.executions, v->res.sleep_blocked, v->res.cut, v->res.steps, v->res.seconds,
		v->res.memory, v->unreliable ? "true" : "false");
	for (int b = 0, first = 1; b < FO_ORACLE_COUNT; b++) {
		if (!v->cx[b].token)
			continue;
		fprintf(f, "%s{\"oracle\":\"%s\",\"message\":", first ? "" : ",",
			fo_oracle_name(1u << b));
		json_print_string(f, v->cx[b].message);
		fprintf(f, ",\"schedule\":");
		json_print_string(f, v->cx[b].token);
		if (trace != FO_TRACE_NONE) {
			fprintf(f, ",\"trace\":");
			trace_print_json(&v->cx[b].trace, f);
			fprintf(f, ",\"trace_cut\":%s", v->cx[b].trace.oom ? "true" : "false");
		}
		fputc('}', f);
		first = 0;
	}
	fprintf(f, "]}\n");
}

int fo_verdict_print(const fo_verdict *v, FILE *f, enum fo_format format, enum fo_trace trace)
{
	if (!v || !f || (unsigned)format > FO_FORMAT_JSON || (unsigned)trace > FO_TRACE_NONE)
		return -EINVAL;
	if (format == FO_FORMAT_JSON)
		print_json(v, f, trace);
	else
		print_text(v, f, trace);
	return 0;
}

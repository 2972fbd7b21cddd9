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
	char knobs[160];
	struct fo_check_opts opts;  /* strategy, bounds; pointers cleared */
	bool replay;
	struct explore_result res;  /* counts; schedules freed */
	unsigned violated;
	int has_expect;
	unsigned expected;
	bool unreliable;
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

static int token_decode(const char *tok, struct token *out, char *err, size_t errlen)
{
	const char *p = tok, *dot;
	char code[32];
	size_t n, cap = 64;

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
	out->sched.choice = malloc(cap);
	if (!out->sched.choice)
		return -ENOMEM;
	while (*p) {
		unsigned long run = 1;
		int c = *p - 'a';

		if (c < 0 || c >= SIM_MAX_THREADS)
			goto bad;
		p++;
		if (isdigit((unsigned char)*p)) {
			char *end;

			run = strtoul(p, &end, 10);
			if (run < 2 || run > 10000000)
				goto bad;
			p = end;
		}
		while (out->sched.len + run > cap) {
			void *q = realloc(out->sched.choice, cap * 2);

			if (!q) {
				free(out->sched.choice);
				return -ENOMEM;
			}
			out->sched.choice = q;
			cap *= 2;
		}
		memset(out->sched.choice + out->sched.len, c, run);
		out->sched.len += run;
	}
	return 0;
bad:
	free(out->sched.choice);
	out->sched.choice = NULL;
	return fail(err, errlen, -EINVAL, "schedule token: bad choice at '%.10s'", p);
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

/* Replay one schedule with a trace attached; fills cx[b] for every oracle it shows. */
static int record(fo_verdict *v, struct sc_run *r, const struct explore_schedule *s,
		  unsigned want, const char *token, uint64_t max_steps)
{
	struct explore_program p = sc_run_program(r);
	struct trace t;
	unsigned got = 0;
	int err;

	trace_init(&t);
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
		snprintf(v->cx[b].message, sizeof(v->cx[b].message), "%s", r->message[b]);
		v->cx[b].token = strdup(token);
		trace_free(&v->cx[b].trace);
		v->cx[b].trace = t;
		t.rows = NULL; /* one trace serves the first oracle it shows; copy for the rest */
		if (!v->cx[b].token)
			return -ENOMEM;
		if (want & got & ~((2u << b) - 1)) {
			trace_init(&t);
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
	char want[160], have[160];
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
	}
	ret = token_decode(schedule, &tok, err, errlen);
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

int fo_verdict_met(const fo_verdict *v)
{
	unsigned got, want;

	if (!v)
		return -EINVAL;
	got = v->violated;
	want = v->has_expect > 0 ? v->expected : 0;
	/* an unexpected spurious-fail is a warning unless strict */
	if (!v->opts.strict && !(want & FO_ORACLE_SPURIOUS_FAIL))
		got &= ~FO_ORACLE_SPURIOUS_FAIL;
	return got == want;
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
		.complete = v->res.stop == EXPLORE_COMPLETE,
	};
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

static const char *stop_text(enum explore_stop s)
{
	switch (s) {
	case EXPLORE_STOP_EXECUTIONS: return "the execution limit (--max-executions)";
	case EXPLORE_STOP_TIME: return "the time limit";
	case EXPLORE_STOP_VIOLATION: return "the first violation";
	default: return "a limit";
	}
}

/* What the exploration proves, in one sentence. */
static void proven_text(const fo_verdict *v, char *buf, size_t len)
{
	const struct explore_result *r = &v->res;
	const struct fo_check_opts *o = &v->opts;
	int n;

	if (v->replay) {
		snprintf(buf, len, "one schedule, replayed (%" PRIu64 " steps)", r->steps);
		return;
	}
	if (o->preemptions >= 0)
		n = snprintf(buf, len, "every schedule with at most %d preemption%s (DFS)",
			     o->preemptions, o->preemptions == 1 ? "" : "s");
	else if (o->strategy == FO_STRATEGY_DFS)
		n = snprintf(buf, len, "every schedule (DFS)");
	else if (o->strategy == FO_STRATEGY_DPOR)
		n = snprintf(buf, len,
			     "every schedule, up to reordering independent steps (DPOR)");
	else if (o->strategy == FO_STRATEGY_RANDOM)
		n = snprintf(buf, len,
			     "%" PRIu64 " random schedules, seed %" PRIu64 "; no guarantee",
			     r->executions, o->seed);
	else {
		/* Burckhardt et al.: a bug of depth d is found with p >= 1/(n k^(d-1)) per run */
		double k = r->max_depth ? (double)r->max_depth : 1, nt = r->threads ? r->threads : 1;
		double p = 1.0 / (nt * pow(k, o->pct_depth - 1));

		n = snprintf(buf, len,
			     "%" PRIu64 " PCT runs, depth %d, seed %" PRIu64
			     ": each finds a bug of depth <= %d with p >= 1/(n*k^(d-1)) = %.2g "
			     "(n=%d threads, k=%" PRIu64 " steps)",
			     r->executions, o->pct_depth, o->seed, o->pct_depth, p, r->threads,
			     r->max_depth);
	}
	if (r->stop != EXPLORE_COMPLETE && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n,
			 "; INCOMPLETE: stopped at %s, the verdict covers only the schedules run",
			 stop_text(r->stop));
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
	char got[160], want[160], proven[320];
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
	if (!v->replay)
		fprintf(f, "expected %s -> %s\n", want,
			met ? "as expected" : "NOT AS EXPECTED");
	if (met && !v->replay && !v->opts.strict && (v->violated & FO_ORACLE_SPURIOUS_FAIL) &&
	    !(v->expected & FO_ORACLE_SPURIOUS_FAIL))
		fprintf(f, "warning  spurious-fail (an unneeded reopen; an error with --strict)\n");
	print_wrapped(f, "explored ", proven, 9);
	fprintf(f, "         %" PRIu64 " executions", v->res.executions);
	if (v->res.sleep_blocked)
		fprintf(f, " (+%" PRIu64 " cut as redundant)", v->res.sleep_blocked);
	fprintf(f, ", %" PRIu64 " steps, %.3f s\n", v->res.steps, v->res.seconds);
	if (v->res.cut)
		fprintf(f, "warning  %" PRIu64 " executions cut at --max-steps %" PRIu64 "\n",
			v->res.cut, v->opts.max_steps);
	if (v->unreliable)
		fprintf(f, "warning  the scenario exceeds what the oracles track; verdict unreliable\n");
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
	char proven[320];

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
	fprintf(f, ",\"met\":%s,\"strict\":%s,\"complete\":%s,\"proven\":",
		fo_verdict_met(v) ? "true" : "false", v->opts.strict ? "true" : "false",
		v->res.stop == EXPLORE_COMPLETE ? "true" : "false");
	json_print_string(f, proven);
	fprintf(f,
		",\"executions\":%" PRIu64 ",\"redundant\":%" PRIu64 ",\"cut\":%" PRIu64
		",\"steps\":%" PRIu64 ",\"seconds\":%.6f,\"unreliable\":%s,\"counterexamples\":[",
		v->res.executions, v->res.sleep_blocked, v->res.cut, v->res.steps, v->res.seconds,
		v->unreliable ? "true" : "false");
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
		}
		fputc('}', f);
		first = 0;
	}
	fprintf(f, "]}\n");
}

int fo_verdict_print(const fo_verdict *v, FILE *f, enum fo_format format, enum fo_trace trace)
{
	if (!v || !f || format > FO_FORMAT_JSON || trace > FO_TRACE_NONE)
		return -EINVAL;
	if (format == FO_FORMAT_JSON)
		print_json(v, f, trace);
	else
		print_text(v, f, trace);
	return 0;
}

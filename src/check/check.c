/* SPDX-License-Identifier: MIT */
/*
 * check.c - fo_check() and fo_replay(): resolve the variant and knobs,
 * explore (or run the one schedule of a token), and replay each first
 * counterexample with a trace attached, into a verdict (verdict.c).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "scenario/run.h"

void fo_check_opts_init(struct fo_check_opts *o)
{
	if (o)
		EXPLORE_OPTS_DEFAULTS(o);
}

/* The variant and knobs a check runs with: variant row, file's set lines, then -set. */
static int resolve_knobs(const struct scenario *sc, const struct fo_check_opts *o,
			 const char **variant, struct fuse_knobs *k, char *err, size_t errlen)
{
	*variant = o->variant ? o->variant : sc->variant ? sc->variant : "v2";
	if (fuse_knobs_for_variant(*variant, k)) {
		if (scenario_variant_known(*variant))
			return check_fail(err, errlen, -EINVAL,
				    "variant '%s' is not implemented by this version of libfuseord",
				    *variant);
		return check_fail(err, errlen, -EINVAL, "unknown variant '%s' (try: fuseord variants)",
			    *variant);
	}
	for (int i = 0; i < sc->nknobs; i++)
		if (fuse_knob_set(k, sc->knobs[i].name, sc->knobs[i].value))
			return check_fail(err, errlen, -EINVAL, "bad knob %s=%s", sc->knobs[i].name,
				    sc->knobs[i].value);
	for (const char *const *s = o->set; s && *s; s++) {
		char name[64];
		const char *eq = strchr(*s, '=');

		if (!eq || (size_t)(eq - *s) >= sizeof(name))
			return check_fail(err, errlen, -EINVAL, "--set wants KNOB=VALUE, got '%s'", *s);
		memcpy(name, *s, (size_t)(eq - *s));
		name[eq - *s] = '\0';
		if (fuse_knob_set(k, name, eq + 1))
			return check_fail(err, errlen, -EINVAL,
				    "bad --set %s: unknown knob or value (try: fuseord variants)", *s);
	}
	return 0;
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
		return check_fail(err, errlen, -EINVAL, "no scenario");
	if (!o) {
		fo_check_opts_init(&def);
		o = &def;
	}
	if (EXPLORE_OPTS_INVALID(o))
		return check_fail(err, errlen, -EINVAL, "bad strategy options");
	if (!(o->time_limit >= 0)) /* NaN too */
		return check_fail(err, errlen, -EINVAL, "bad time limit");
	ret = resolve_knobs(sc, o, &variant, &k, err, errlen);
	if (ret)
		return ret;
	if (sc->nthreads + 1 > SIM_MAX_THREADS)
		return check_fail(err, errlen, -EINVAL, "too many threads (%d, the worker included; at most %d)",
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
		return ret == -EINVAL ? check_fail(err, errlen, ret, "internal: a counterexample did not replay")
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
		return check_fail(err, errlen, -EINVAL, "no scenario or no schedule");
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
		check_fail(err, errlen, ret, "the schedule was recorded on variant '%s', not '%s'",
		     tok.variant, variant);
		goto out;
	}
	if (memcmp(&k, &tok.knobs, sizeof(k))) {
		fuse_knobs_format(&tok.knobs, want, sizeof(want));
		fuse_knobs_format(&k, have, sizeof(have));
		check_fail(err, errlen, ret, "the schedule was recorded with knobs %s; this run has %s",
		     want, have);
		goto out;
	}
	if (tok.hash != sc->hash) {
		check_fail(err, errlen, ret,
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
			check_fail(err, errlen, ret,
			     "the schedule does not fit this scenario: it names a thread that "
			     "cannot run at some step, or ends before the scenario does");
		goto out;
	}
	*out = v;
out:
	free(tok.sched.choice);
	return ret;
}


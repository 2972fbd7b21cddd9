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

/*
 * What a crash report needs to name the schedule of the execution that
 * crashed: set while fo_check() or fo_replay() runs on this thread (a
 * thread-local, like the explorer's own record of the live exploration).
 */
static _Thread_local struct {
	bool on;
	char variant[32];
	char code[32];
	uint64_t hash;
	const struct explore_schedule *replaying; /* a counterexample's replay */
} crash_ctx;

static void crash_ctx_set(const char *variant, const struct fuse_knobs *k, uint64_t hash)
{
	snprintf(crash_ctx.variant, sizeof(crash_ctx.variant), "%s", variant);
	fuse_knobs_code(k, crash_ctx.code, sizeof(crash_ctx.code));
	crash_ctx.hash = hash;
	crash_ctx.replaying = NULL;
	crash_ctx.on = true;
}

size_t check_crash_token(char *buf, size_t len, uint64_t *execution)
{
	const uint8_t *choice = NULL;
	size_t n, steps;

	if (!crash_ctx.on || len < 128)
		return 0;
	*execution = 0;
	if (crash_ctx.replaying) {
		choice = crash_ctx.replaying->choice;
		steps = crash_ctx.replaying->len;
	} else {
		steps = explore_current(&choice, execution);
	}
	if (!steps)
		return 0;
	/* fo2: the steps fo_check() and fo_replay() count (token.c) */
	n = (size_t)snprintf(buf, len, "fo2.%s.%s.%016" PRIx64 ".", crash_ctx.variant,
			     crash_ctx.code, crash_ctx.hash);
	for (size_t i = 0; i < steps && n + 12 < len;) {
		size_t run = 1;

		while (i + run < steps && choice[i + run] == choice[i])
			run++;
		buf[n++] = (char)('a' + choice[i]);
		if (run > 1)
			n += (size_t)snprintf(buf + n, len - n, "%zu", run);
		i += run;
	}
	buf[n] = '\0';
	return n;
}

void fo_check_opts_init(struct fo_check_opts *o)
{
	if (o) {
		EXPLORE_OPTS_DEFAULTS(o);
		o->jobs_after = EXPLORE_JOBS_AFTER;
	}
}

/* A define's knobs: its base's (a model variant's row, or an earlier define's), then its own. */
static void define_knobs(const struct scenario *src, const struct scenario_define *d,
			 struct fuse_knobs *k)
{
	const struct scenario_define *base = scenario_define_find(src, d->base);

	/* the parser took the base and every knob=value: nothing here can fail */
	if (base && base < d)
		define_knobs(src, base, k);
	else
		fuse_knobs_for_variant(d->base, k);
	for (int i = 0; i < d->nknobs; i++)
		fuse_knob_set(k, d->knobs[i].name, d->knobs[i].value);
}

/*
 * The variant and knobs a check runs with: the variant's row (or its
 * define, in the file or in o->variants), the file's set lines, then o->set.
 */
static int resolve_knobs(const struct scenario *sc, const struct fo_check_opts *o,
			 const char **variant, struct fuse_knobs *k, char *err, size_t errlen)
{
	const struct scenario *vars = o->variants ? scenario_of(o->variants) : NULL;
	const struct scenario_define *in_file, *in_vars;
	char hint[64];

	*variant = o->variant ? o->variant : sc->variant ? sc->variant : "v2";
	in_file = scenario_define_find(sc, *variant);
	in_vars = scenario_define_find(vars, *variant);
	if (in_file && in_vars)
		return check_fail(err, errlen, -EINVAL,
				  "variant '%s' is defined twice: in %s (line %d) and in %s (line %d)",
				  *variant, sc->filename, in_file->pos.line, vars->filename,
				  in_vars->pos.line);
	if (in_file || in_vars) {
		define_knobs(in_file ? sc : vars, in_file ? in_file : in_vars, k);
	} else if (fuse_knobs_for_variant(*variant, k)) {
		if (scenario_variant_known(*variant))
			return check_fail(err, errlen, -EINVAL,
					  "variant '%s' is not implemented by this version of "
					  "libfuseord",
					  *variant);
		scenario_variant_suggest(sc, vars, *variant, hint, sizeof(hint));
		return check_fail(err, errlen, -EINVAL,
				  "unknown variant '%s' (try: fuseord variants, or define it%s)",
				  *variant, hint);
	}
	for (int i = 0; i < sc->nknobs; i++)
		if (fuse_knob_set(k, sc->knobs[i].name, sc->knobs[i].value))
			return check_fail(err, errlen, -EINVAL, "bad knob %s=%s",
					  sc->knobs[i].name, sc->knobs[i].value);
	for (const char *const *s = o->set; s && *s; s++) {
		char name[64], msg[400];
		const char *eq = strchr(*s, '=');

		if (!eq || (size_t)(eq - *s) >= sizeof(name))
			return check_fail(err, errlen, -EINVAL, "--set wants KNOB=VALUE, got '%s'",
					  *s);
		memcpy(name, *s, (size_t)(eq - *s));
		name[eq - *s] = '\0';
		if (scenario_knob_check(name, eq + 1, msg, sizeof(msg)) ||
		    fuse_knob_set(k, name, eq + 1))
			return check_fail(err, errlen, -EINVAL, "--set %s: %s", *s, msg);
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
	r->err = 0;
	err = explore_replay(&p, s, max_steps, &got, NULL);
	r->trace = NULL;
	if (!err)
		err = r->err;
	if (err) {
		trace_free(&t);
		return err;
	}
	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		if (!(want & got & (1u << b)))
			continue;
		v->trace_bytes += t.nrows * TRACE_ROW_BYTES;
		snprintf(v->cx[b].message, sizeof(v->cx[b].message), "%s", r->message[b]);
		free(v->cx[b].token); /* a later record of the same oracle replaces it */
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

/*
 * The search on @jobs worker threads, each with a program of its own (@p
 * on @r, the others made here): what some execution of any of them rested
 * on is gathered into @r.
 */
static int explore_jobs(struct sc_run *r, const struct explore_program *p, int jobs,
			const struct explore_opts *xo, struct explore_result *res)
{
	struct explore_program *pw;
	struct sc_run *rw;
	int n = 1, ret;

	if (jobs <= 1 || (xo->strategy != EXPLORE_DPOR && xo->strategy != EXPLORE_DFS))
		return explore_run(p, xo, res);
	pw = calloc((size_t)jobs, sizeof(*pw));
	rw = calloc((size_t)jobs, sizeof(*rw));
	if (!pw || !rw) {
		free(pw);
		free(rw);
		return -ENOMEM;
	}
	pw[0] = *p;
	for (; n < jobs; n++) {
		if (sc_run_init(&rw[n], r->sc, &r->knobs))
			break;
		pw[n] = sc_run_program(&rw[n]);
	}
	ret = n < jobs ? -ENOMEM : explore_run_jobs(pw, jobs, xo, res);
	for (int w = 1; w < n; w++) {
		r->unreliable_any |= rw[w].unreliable_any;
		r->assumes_any |= rw[w].assumes_any;
		sc_run_destroy(&rw[w]);
	}
	free(pw);
	free(rw);
	return ret;
}

double fo_check_estimate(void)
{
	return explore_estimate_now();
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
	if (o->max_steps > FO_MAX_STEPS)
		return check_fail(err, errlen, -EINVAL,
				  "max_steps %" PRIu64 " is above %" PRIu64
				  ", the most the explorer's 32-bit step clocks count",
				  o->max_steps, FO_MAX_STEPS);
	if (EXPLORE_OPTS_INVALID(o))
		return check_fail(err, errlen, -EINVAL, "bad strategy options");
	if (!(o->time_limit >= 0)) /* NaN too */
		return check_fail(err, errlen, -EINVAL, "bad time limit");
	if (o->jobs < 0 || o->jobs > EXPLORE_MAX_JOBS)
		return check_fail(err, errlen, -EINVAL, "jobs %d is outside 0..%d", o->jobs,
				  EXPLORE_MAX_JOBS);
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
	xo.progress_every = o->progress_every;
	/* the same full nodes whatever the number of jobs: the same executions */
	xo.full_forks = EXPLORE_FULL_FORKS;
	xo.jobs_after = o->jobs_after;
	p = sc_run_program(&r);
	crash_ctx_set(variant, &k, sc->hash);
	ret = explore_jobs(&r, &p, o->jobs, &xo, &v->res);
	for (int b = 0; !ret && b < FO_ORACLE_COUNT; b++) {
		const struct explore_schedule *s = &v->res.first[b];
		char *token;

		if (!s->choice || v->cx[b].token)
			continue;
		token = token_encode(variant, &k, sc->hash, s);
		crash_ctx.replaying = s;
		ret = token ? record(v, &r, s, v->res.violated, token, xo.max_steps) : -ENOMEM;
		free(token);
	}
	crash_ctx.on = false;
	v->violated |= v->res.violated;
	v->unreliable |= r.unreliable_any;
	v->assumes |= r.assumes_any;
	explore_result_free(&v->res);
	sc_run_destroy(&r);
	if (ret) {
		fo_verdict_free(v);
		if (ret == -ENOMEM)
			return check_fail(err, errlen, ret,
					  "out of memory recording a counterexample's trace");
		return ret == -EINVAL ? check_fail(err, errlen, ret, "internal: a counterexample did not replay")
				      : ret;
	}
	*out = v;
	return 0;
}

/* " --set a=b --set c=d": the settings of @want ("k=v k=v ...") that @have does not have. */
static void knobs_diff(const char *want, const char *have, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const char *w = want; *w;) {
		size_t wl = strcspn(w, " ");
		bool found = false;

		for (const char *h = have; *h && !found;) {
			size_t hl = strcspn(h, " ");

			found = hl == wl && !memcmp(h, w, wl);
			h += hl + (h[hl] == ' ');
		}
		if (!found && n < len)
			n += (size_t)snprintf(buf + n, len - n, " --set %.*s", (int)wl, w);
		w += wl + (w[wl] == ' ');
	}
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
		return check_fail(err, errlen, -EINVAL, "no scenario or no schedule");
	fo_check_opts_init(&def);
	if (o) {
		def.variant = o->variant;
		def.set = o->set;
		def.max_steps = o->max_steps ? o->max_steps : def.max_steps;
		def.max_memory = o->max_memory;
		def.variants = o->variants;
	}
	ret = token_decode(schedule, &tok, def.max_memory, err, errlen);
	if (ret)
		return ret;
	/*
	 * The token says its variant and its knobs. Both must be what this run
	 * resolves: the variant (given, or the token's) with the file's set
	 * lines and any --set. A token whose knob letters disagree with its
	 * variant (recorded with --set, or edited by hand) replays only with
	 * the --set that says so: never with settings nobody asked for.
	 */
	if (!def.variant)
		def.variant = tok.variant;
	ret = resolve_knobs(sc, &def, &variant, &k, err, errlen);
	if (ret)
		goto out;
	ret = -EINVAL;
	if (strcmp(variant, tok.variant)) {
		check_fail(err, errlen, ret, "the schedule was recorded on variant '%s', not '%s'",
			   tok.variant, variant);
		goto out;
	}
	/* letters the code lacks (a knob newer than the token) keep this variant's value */
	tok.knobs = k;
	if (fuse_knobs_from_code(tok.code, &tok.knobs)) {
		check_fail(err, errlen, ret, "schedule token: bad knob code '%s'", tok.code);
		goto out;
	}
	if (memcmp(&k, &tok.knobs, sizeof(k))) {
		char diff[200];

		fuse_knobs_format(&tok.knobs, want, sizeof(want));
		fuse_knobs_format(&k, have, sizeof(have));
		knobs_diff(want, have, diff, sizeof(diff));
		if (def.set)
			check_fail(err, errlen, ret,
				   "the schedule was recorded with knobs %s; this run has %s", want,
				   have);
		else
			check_fail(err, errlen, ret,
				   "the token's knob code disagrees with variant '%s' as this file "
				   "sets it (%s); replay it with%s to run those knobs",
				   variant, have, diff);
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
	r.fo1_steps = tok.version == 1;
	crash_ctx_set(variant, &k, sc->hash);
	crash_ctx.replaying = &tok.sched;
	ret = record(v, &r, &tok.sched, FO_ORACLE_ALL, schedule, def.max_steps);
	crash_ctx.on = false;
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


/* SPDX-License-Identifier: MIT */
/* report_json.c - a verdict as one JSON object on one line, for a script. */
#include <inttypes.h>
#include <stdbool.h>

#include "check/check.h"
#include "util/util.h"

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

void report_json(const fo_verdict *v, FILE *f, const struct fo_report_opts *ro)
{
	static const char *const status_names[] = {
		[FO_STATUS_MET] = "met",
		[FO_STATUS_NOT_MET] = "not-met",
		[FO_STATUS_INCOMPLETE] = "incomplete",
		[FO_STATUS_BOUNDED] = "bounded",
		[FO_STATUS_SAMPLED] = "sampled",
	};
	static const char *const proof_names[] = {
		[FO_PROOF_ALL] = "all",
		[FO_PROOF_BOUND] = "bound",
		[FO_PROOF_SAMPLE] = "sample",
		[FO_PROOF_PARTIAL] = "partial",
		[FO_PROOF_REPLAY] = "replay",
	};
	enum fo_trace trace = ro->trace;
	char proven[320], why[400];
	int limit = explore_limit(&v->res);
	struct fo_suggestion sg[3];
	int nsg = fo_verdict_suggest(v, sg, 3);

	report_proven(v, proven, sizeof(proven));
	fprintf(f, "{\"file\":");
	util_json_string(f, v->file);
	fprintf(f, ",\"title\":");
	util_json_string(f, v->title ? v->title : "");
	fprintf(f, ",\"variant\":");
	util_json_string(f, v->variant);
	fprintf(f, ",\"knobs\":");
	util_json_string(f, v->knobs);
	fprintf(f, ",\"strategy\":\"%s\",\"violated\":",
		v->replay ? "replay" : explore_strategy_name(explore_strategy_of(v->opts.strategy,
									  v->opts.preemptions)));
	json_oracles(f, v->violated);
	fprintf(f, ",\"expected\":");
	if (v->has_expect > 0)
		json_oracles(f, v->expected);
	else
		fprintf(f, "null");
	fprintf(f, ",\"met\":%s,\"status\":\"%s\",\"strict\":%s,\"complete\":%s,",
		fo_verdict_met(v) ? "true" : "false", status_names[fo_verdict_status(v)],
		v->opts.strict ? "true" : "false",
		verdict_proof(v) == FO_PROOF_ALL ? "true" : "false");
	fprintf(f, "\"proof\":\"%s\",\"not_found\":", proof_names[verdict_proof(v)]);
	json_oracles(f, verdict_not_found(v));
	fprintf(f, ",\"limit\":");
	if (limit == FO_LIMIT_NONE)
		fprintf(f, "null");
	else
		fprintf(f, "\"%s\"", verdict_limit_name(limit));
	/* the text's limit lines, joined */
	report_stop(v, ro, why, sizeof(why));
	if (!*why)
		report_cut(v, ro, why, sizeof(why));
	fprintf(f, ",\"limit_message\":");
	if (*why)
		util_json_string(f, why);
	else
		fprintf(f, "null");
	report_hint(v, ro, why, sizeof(why));
	fprintf(f, ",\"hint\":");
	if (*why)
		util_json_string(f, why);
	else
		fprintf(f, "null");
	fprintf(f, ",\"suggestions\":[");
	for (int i = 0; i < nsg && i < 3; i++) {
		fprintf(f, "%s{\"strategy\":\"%s\"", i ? "," : "",
			explore_strategy_name(explore_strategy_of(sg[i].strategy, -1)));
		if (sg[i].preemptions >= 0)
			fprintf(f, ",\"preemptions\":%d", sg[i].preemptions);
		if (sg[i].runs)
			fprintf(f, ",\"runs\":%" PRIu64, sg[i].runs);
		fputc('}', f);
	}
	fprintf(f, "]");
	fprintf(f, ",\"proven\":");
	util_json_string(f, proven);
	fprintf(f,
		",\"executions\":%" PRIu64 ",\"redundant\":%" PRIu64 ",\"cut\":%" PRIu64
		",\"steps\":%" PRIu64 ",\"seconds\":%.6f,\"memory\":%" PRIu64
		",\"unreliable\":%s,\"assumes\":[%s],\"counterexamples\":[",
		v->res.executions, v->res.sleep_blocked, v->res.cut, v->res.steps, v->res.seconds,
		v->res.memory, v->unreliable ? "true" : "false",
		v->assumes & FUSE_ASSUME_SYNC_RELEASE ? "\"sync_release\"" : "");
	for (int b = 0, first = 1; b < FO_ORACLE_COUNT; b++) {
		if (!v->cx[b].token)
			continue;
		fprintf(f, "%s{\"oracle\":\"%s\",\"message\":", first ? "" : ",",
			fo_oracle_name(1u << b));
		util_json_string(f, v->cx[b].message);
		fprintf(f, ",\"schedule\":");
		util_json_string(f, v->cx[b].token);
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


/* SPDX-License-Identifier: MIT */
/* report_text.c - a verdict as a block of text that fits an 80-column mail. */
#include <inttypes.h>
#include <string.h>

#include "check/check.h"

/*
 * The verdict against the expect line, in words that say how far it goes:
 * only an exhaustive run proves; a bounded or sampled one that did not find
 * a listed oracle says "not found", never "not as expected".
 */
static void verdict_words(const fo_verdict *v, char *buf, size_t len)
{
	char missing[160];
	unsigned nf = verdict_not_found(v);

	report_oracles(nf, ", ", missing, sizeof(missing));
	switch (fo_verdict_status(v)) {
	case FO_STATUS_MET:
		snprintf(buf, len, "as expected");
		break;
	case FO_STATUS_NOT_MET:
		snprintf(buf, len, "NOT AS EXPECTED");
		break;
	case FO_STATUS_INCOMPLETE:
		snprintf(buf, len, "INCOMPLETE (as expected so far)");
		break;
	case FO_STATUS_BOUNDED:
		if (nf)
			snprintf(buf, len,
				 "NOT FOUND within the bound: %s (a schedule beyond it may show "
				 "it: not a proof of absence)",
				 missing);
		else
			snprintf(buf, len, "as expected within the bound (no proof beyond it)");
		break;
	default:
		if (nf)
			snprintf(buf, len,
				 "NOT FOUND in %" PRIu64 " samples: %s (not a proof of absence)",
				 v->res.executions, missing);
		else
			snprintf(buf, len,
				 "as expected in %" PRIu64 " samples (no guarantee for the "
				 "schedules not run)",
				 v->res.executions);
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

void report_text(const fo_verdict *v, FILE *f, const struct fo_report_opts *ro)
{
	enum fo_trace trace = ro->trace;
	char got[160], want[160], proven[320], why[400];
	int met = fo_verdict_met(v);

	report_oracles(v->violated, ", ", got, sizeof(got));
	if (v->has_expect > 0)
		report_oracles(v->expected, ", ", want, sizeof(want));
	else
		snprintf(want, sizeof(want), "ok (no expect line)");
	report_proven(v, proven, sizeof(proven));
	char head[64];

	fprintf(f, "== %s: %s\n", v->file, v->title ? v->title : "");
	snprintf(head, sizeof(head), "variant  %s ", v->variant);
	print_wrapped(f, head, v->knobs, 9);
	fprintf(f, "verdict  %s\n", got);
	if (!v->replay) {
		char line[560], words[320];

		verdict_words(v, words, sizeof(words));
		snprintf(line, sizeof(line), "%s -> %s", want, words);
		print_wrapped(f, "expected ", line, 9);
	}
	if (met && !v->replay && !v->opts.strict && (v->violated & FO_ORACLE_SPURIOUS_FAIL) &&
	    !(v->expected & FO_ORACLE_SPURIOUS_FAIL))
		fprintf(f, "warning  spurious-fail (an unneeded reopen; an error with %s)\n",
			report_option(ro, FO_OPTION_STRICT));
	print_wrapped(f, "explored ", proven, 9);
	fprintf(f, "         %" PRIu64 " executions", v->res.executions);
	if (v->res.sleep_blocked)
		fprintf(f, " (+%" PRIu64 " cut as redundant)", v->res.sleep_blocked);
	fprintf(f, ", %" PRIu64 " steps, %.3f s\n", v->res.steps, v->res.seconds);
	/* what a limit left out, and what to run instead */
	report_stop(v, ro, why, sizeof(why));
	if (*why)
		print_wrapped(f, "limit    ", why, 9);
	report_cut(v, ro, why, sizeof(why));
	if (*why)
		print_wrapped(f, "limit    ", why, 9);
	report_hint(v, ro, why, sizeof(why));
	if (*why)
		print_wrapped(f, "hint     ", why, 9);
	if (v->unreliable)
		fprintf(f, "warning  the scenario exceeds what the oracles track; verdict unreliable\n");
	if (v->assumes & FUSE_ASSUME_SYNC_RELEASE)
		print_wrapped(f, "assumes  ",
			      "an open failed after linking its file, so the verdict rests on what "
			      "that open's own release does with rw_entry (knob sync_release): "
			      "mainline's error path shows it for write_entry only, and the "
			      "patched kernel's source is not public",
			      9);
	for (int b = 0; b < FO_ORACLE_COUNT; b++)
		if (v->cx[b].token && v->cx[b].trace.oom)
			fprintf(f, "warning  the trace of %s is cut short at %s\n",
				fo_oracle_name(1u << b), report_option(ro, FO_OPTION_MAX_MEMORY));
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


/* SPDX-License-Identifier: MIT */
/*
 * print.c - fo_verdict_report() and fo_verdict_print(): a verdict in the
 * format asked for, text (report_text.c) or JSON (report_json.c). Above
 * both, so that they and report.c, whose sentences they share, call
 * downwards only.
 */
#include <errno.h>
#include <stdio.h>

#include "check/check.h"

int fo_verdict_report(const fo_verdict *v, FILE *f, const struct fo_report_opts *o)
{
	if (!v || !f || !o || (unsigned)o->format > FO_FORMAT_JSON ||
	    (unsigned)o->trace > FO_TRACE_NONE)
		return -EINVAL;
	if (o->format == FO_FORMAT_JSON)
		report_json(v, f, o);
	else
		report_text(v, f, o);
	return 0;
}

int fo_verdict_print(const fo_verdict *v, FILE *f, enum fo_format format, enum fo_trace trace)
{
	struct fo_report_opts o = { .format = format, .trace = trace };

	return fo_verdict_report(v, f, &o);
}

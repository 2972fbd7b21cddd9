/* SPDX-License-Identifier: MIT */
/*
 * check/check.h - what the files of the checker share: the verdict object
 * (verdict.c), the schedule-token codec (token.c), the sentences a report
 * says (report.c) and its two renderings (report_text.c, report_json.c).
 * fo_check() and fo_replay() (check.c) fill a verdict; nothing here prints
 * the options of one front end: a report names options through the
 * table the caller gives (struct fo_report_opts), the CLI its flags.
 */
#ifndef FUSEORD_CHECK_CHECK_H
#define FUSEORD_CHECK_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fuseord/check.h"
#include "fuseord/oracle.h"
#include "explore/explore.h"
#include "explore/trace.h"
#include "model/fuse_i.h"
#include "oracle/oracle.h"
#include "scenario/scenario.h"

#define token_encode fo_sc_token_encode
#define token_decode fo_sc_token_decode
#define verdict_new fo_sc_verdict_new
#define verdict_judged fo_sc_verdict_judged
#define verdict_proof fo_sc_verdict_proof
#define verdict_not_found fo_sc_verdict_not_found
#define verdict_limit_name fo_sc_limit_name
#define report_option fo_sc_report_option
#define report_proven fo_sc_report_proven
#define report_stop fo_sc_report_stop
#define report_cut fo_sc_report_cut
#define report_hint fo_sc_report_hint
#define report_oracles fo_sc_report_oracles
#define report_text fo_sc_report_text
#define report_json fo_sc_report_json
#define check_fail fo_sc_check_fail
#define check_crash_token fo_sc_check_crash_token

struct fo_verdict {
	char *file;
	char *title;
	char variant[32];
	char knobs[320];
	struct fo_check_opts opts;  /* strategy, bounds; pointers cleared */
	bool replay;
	struct explore_result res;  /* counts; schedules freed */
	unsigned violated;
	int has_expect;
	unsigned expected;
	bool unreliable;
	unsigned assumes;           /* FUSE_ASSUME_*: what some explored execution rested on */
	uint64_t trace_bytes;       /* the traces' rows, held against max_memory */
	struct {
		char *token;
		char message[FUSE_ORACLE_MSG_LEN];
		struct trace trace;
	} cx[FO_ORACLE_COUNT];
};

/* Fill @err like snprintf(), return @code. */
/*
 * The schedule token of the execution fo_check() or fo_replay() is running
 * on this thread, up to the step in progress, into @buf (at least 128
 * bytes); *@execution its number (0 for a counterexample's replay). 0 if
 * none runs. For a crash report from a signal handler: it allocates
 * nothing and reads what the explorer has recorded.
 */
size_t check_crash_token(char *buf, size_t len, uint64_t *execution);

int check_fail(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- token.c ---- */

struct token {
	int version;                /* 2: fo2 steps; 1: fo1 steps (token.c) */
	char variant[32];
	char code[32];              /* the knob code as written */
	struct fuse_knobs knobs;
	uint64_t hash;
	struct explore_schedule sched;
};

char *token_encode(const char *variant, const struct fuse_knobs *k, uint64_t hash,
		   const struct explore_schedule *s);
/* 0 or -EINVAL (message in @err), -ENOMEM; @max_len bounds the schedule, 0: none. */
int token_decode(const char *tok, struct token *out, uint64_t max_len, char *err, size_t errlen);

/* ---- verdict.c ---- */

fo_verdict *verdict_new(const struct scenario *sc, const char *variant,
			const struct fuse_knobs *k, const struct fo_check_opts *o);
/* The oracles that count against the expect line; *want: what it lists. */
unsigned verdict_judged(const fo_verdict *v, unsigned *want);
/* How much the exploration behind @v covers (enum fo_proof). */
enum fo_proof verdict_proof(const fo_verdict *v);
/* Oracles the expect line lists that no explored schedule violated. */
unsigned verdict_not_found(const fo_verdict *v);
/* The JSON name of an enum fo_limit ("steps", "time" ...); NULL for none. */
const char *verdict_limit_name(int limit);

/* ---- report.c: the sentences both renderings say ---- */

/* The name of option @opt as @ro spells it (the fo_check_opts field by default). */
const char *report_option(const struct fo_report_opts *ro, enum fo_option opt);
/* @mask as "a, b" (or "ok"), each oracle by name. */
void report_oracles(unsigned mask, const char *sep, char *buf, size_t len);
void report_proven(const fo_verdict *v, char *buf, size_t len);
void report_stop(const fo_verdict *v, const struct fo_report_opts *ro, char *buf, size_t len);
void report_cut(const fo_verdict *v, const struct fo_report_opts *ro, char *buf, size_t len);
void report_hint(const fo_verdict *v, const struct fo_report_opts *ro, char *buf, size_t len);

void report_text(const fo_verdict *v, FILE *f, const struct fo_report_opts *ro);
void report_json(const fo_verdict *v, FILE *f, const struct fo_report_opts *ro);

#endif /* FUSEORD_CHECK_CHECK_H */

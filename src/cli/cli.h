/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what the subcommands of `fuseord` share (cli.c): exit codes,
 * option parsing, loading a scenario, rendering a verdict. The arrows run
 * one way: fuseord.c (main and the command table) -> cmd_*.c -> cli.c; the
 * commands themselves are declared in commands.h, which cli.c never sees.
 */
#ifndef FUSEORD_CLI_CLI_H
#define FUSEORD_CLI_CLI_H

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fuseord/fuseord.h"

/*
 * Exit status, worst first: a usage or scenario error, then a pair that
 * contradicts its expect line, then a pair that proves less than all
 * schedules (a limit, a preemption bound or a sample).
 */
#define EXIT_MET 0
#define EXIT_NOT_MET 1
#define EXIT_USAGE 2
#define EXIT_INCOMPLETE 3

#define CLI_MAX_SET 64
#define CLI_MAX_VARIANTS 16

/* "fuseord CMD: " + the message + "(see: fuseord CMD --help)"; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, const char *arg);

/* The online CPUs, 1..256: the default number of worker threads. */
int cli_cores(void);

/* The exit status of one verdict (fo_verdict_status()). */
int cli_status(const fo_verdict *v);
/* The worse of two exit statuses: 2, then 1, then 3, then 0. */
int cli_worse(int a, int b);

/*
 * Option values. Each prints "fuseord CMD: OPT wants ..., got 'S'" and a
 * pointer to --help on failure, and returns -1; 0 on success.
 */
/* A decimal in [min, max]. */
int cli_parse_u64(const char *cmd, const char *opt, const char *s, uint64_t min, uint64_t max,
		  uint64_t *out);
/* Seconds > 0: digits, maybe a fraction ("0.5"), at most 10^9. */
int cli_parse_seconds(const char *cmd, const char *opt, const char *s, double *out);
/* Bytes > 0: a decimal with an optional suffix K, M, G or T (powers of 1024). */
int cli_parse_size(const char *cmd, const char *opt, const char *s, uint64_t *out);

/*
 * -1 (after a usage message) when @opt was seen before: an option given
 * twice is an error, not "the last one wins". Repeatable options are not
 * passed here.
 */
int cli_once(const char *cmd, const struct option *opts, int opt, bool *seen);

/* The options every command that prints a verdict shares. */
struct cli_common {
	enum fo_format format;
	enum fo_trace trace;
	const char *set[CLI_MAX_SET + 1];
	int nset;
};
/* --format (f), --trace (t), --set (s); 0 or EXIT_USAGE after a message. */
int cli_parse_common(const char *cmd, int opt, const char *arg, struct cli_common *c);

/*
 * "pre,v2" or "all" into a list of names pointing into @arg or the table;
 * 0, or -1 after a usage message naming what is wrong with the list.
 */
int cli_parse_variants(const char *cmd, char *arg, const char **out, int *n);

/* Load a scenario file; NULL after printing the FILE:LINE:COL error. */
fo_scenario *cli_load(const char *path);
/* Load a --variants file (define lines); NULL after printing the error. */
fo_scenario *cli_load_variants(const char *path);

/*
 * --variant-file PATH: compile and load it (the compiler's messages on
 * stderr as it prints them), append the names of its variants to @names
 * (@n of them there already, at most CLI_MAX_VARIANTS). 0, or EXIT_USAGE
 * after a message.
 */
int cli_load_variant_file(const char *cmd, const char *path, const char **names, int *n);
/*
 * From now on a fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) prints
 * "fuseord CMD: LABEL: SIGSEGV ..." with the schedule token of the
 * execution that reached it, and @replay + " --schedule TOKEN" if @replay
 * is not NULL, then re-raises the signal. The strings must stay valid.
 */
void cli_crash_report(const char *cmd, const char *label, const char *replay);
/*
 * fn(arg) in a child process: its exit status, or EXIT_NOT_MET after a
 * line saying it died of a signal (the child's crash report precedes it).
 */
int cli_isolated(const char *cmd, const char *label, int (*fn)(void *arg), void *arg);

/* A verdict as fo_verdict_report() writes it, options spelt as flags. */
void cli_print_verdict(const fo_verdict *v, FILE *f, const struct cli_common *c);
/* The flag of an option a report cites ("--max-steps"). */
const char *cli_option_flag(enum fo_option opt);

#endif /* FUSEORD_CLI_CLI_H */

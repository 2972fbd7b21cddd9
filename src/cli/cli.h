/* SPDX-License-Identifier: MIT */
/* cli.h - what the subcommands of `fuseord` share: exit codes, option parsing. */
#ifndef FUSEORD_CLI_CLI_H
#define FUSEORD_CLI_CLI_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "fuseord/check.h"

/*
 * Exit status, worst first: a usage or scenario error, then a pair that
 * contradicts its expect line, then a pair a limit left incomplete.
 */
#define EXIT_MET 0
#define EXIT_NOT_MET 1
#define EXIT_USAGE 2
#define EXIT_INCOMPLETE 3

int cmd_demo(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

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

#endif /* FUSEORD_CLI_CLI_H */

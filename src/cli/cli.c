/* SPDX-License-Identifier: MIT */
/*
 * cli.c - the helpers every subcommand of `fuseord` uses: exit status,
 * option values, the options that print a verdict, loading a scenario.
 */
#include <ctype.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check/check.h"
#include "cli/cli.h"

static const char prog[] = "fuseord";

int cli_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

int cli_usage(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s %s: ", prog, cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see: %s %s --help)\n", prog, cmd);
	return EXIT_USAGE;
}

int cli_status(const fo_verdict *v)
{
	switch (fo_verdict_status(v)) {
	case FO_STATUS_MET: return EXIT_MET;
	case FO_STATUS_INCOMPLETE:
	case FO_STATUS_BOUNDED:
	case FO_STATUS_SAMPLED: return EXIT_INCOMPLETE;
	default: return EXIT_NOT_MET;
	}
}

int cli_worse(int a, int b)
{
	static const int rank[] = { [EXIT_MET] = 0, [EXIT_INCOMPLETE] = 1, [EXIT_NOT_MET] = 2,
				    [EXIT_USAGE] = 3 };

	return rank[a] >= rank[b] ? a : b;
}

static int bad_value(const char *cmd, const char *opt, const char *want, const char *s)
{
	fprintf(stderr, "%s %s: %s wants %s, got '%s'\n(see: %s %s --help)\n", prog, cmd, opt,
		want, s ? s : "", prog, cmd);
	return -1;
}

/*
 * A decimal in [min, max]. strtoull() alone would take " -1" as 2^64-1 (it
 * skips blanks and negates), so the text must start with a digit.
 */
int cli_parse_u64(const char *cmd, const char *opt, const char *s, uint64_t min, uint64_t max,
		  uint64_t *out)
{
	char *end, want[96];
	unsigned long long v;

	errno = 0;
	if (!s || !isdigit((unsigned char)*s))
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	if (max == UINT64_MAX)
		snprintf(want, sizeof(want), "an integer >= %" PRIu64, min);
	else
		snprintf(want, sizeof(want), "an integer in %" PRIu64 "..%" PRIu64, min, max);
	return bad_value(cmd, opt, want, s);
}

/* Digits, maybe a fraction: no sign, exponent, hex, "inf" or "nan" from strtod(). */
int cli_parse_seconds(const char *cmd, const char *opt, const char *s, double *out)
{
	size_t n = s ? strspn(s, "0123456789") : 0;
	double v;

	if (!n || (s[n] == '.' && !isdigit((unsigned char)s[n + 1])))
		return bad_value(cmd, opt, "seconds > 0 (e.g. 30 or 0.5)", s);
	if (s[n] == '.')
		n += 1 + strspn(s + n + 1, "0123456789");
	v = strtod(s, NULL);
	if (s[n] || !(v > 0) || v > 1e9)
		return bad_value(cmd, opt, "seconds > 0 (e.g. 30 or 0.5), at most 10^9", s);
	*out = v;
	return 0;
}

int cli_parse_size(const char *cmd, const char *opt, const char *s, uint64_t *out)
{
	static const char units[] = "KMGT";
	const char *u;
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	errno = 0;
	if (!s || !isdigit((unsigned char)*s))
		goto bad;
	v = strtoull(s, &end, 10);
	if (*end) {
		u = strchr(units, toupper((unsigned char)*end));
		if (!u || end[1])
			goto bad;
		shift = 10 * (unsigned)(u - units + 1);
	}
	if (errno || !v || v > UINT64_MAX >> shift)
		goto bad;
	*out = (uint64_t)v << shift;
	return 0;
bad:
	return bad_value(cmd, opt, "a size > 0 in bytes, or with a suffix K, M, G or T (e.g. 512M)",
			 s);
}

int cli_once(const char *cmd, const struct option *opts, int opt, bool *seen)
{
	if (opt <= 0 || opt >= 128 || !seen[opt]) {
		if (opt > 0 && opt < 128)
			seen[opt] = true;
		return 0;
	}
	for (; opts->name; opts++)
		if (opts->val == opt)
			break;
	cli_usage(cmd, "--%s is given twice", opts->name ? opts->name : "?");
	return -1;
}

int cli_parse_common(const char *cmd, int opt, const char *arg, struct cli_common *c)
{
	switch (opt) {
	case 'f':
		if (!strcmp(arg, "text"))
			c->format = FO_FORMAT_TEXT;
		else if (!strcmp(arg, "json"))
			c->format = FO_FORMAT_JSON;
		else
			return cli_usage(cmd, "--format takes text or json, not '%s'", arg);
		return 0;
	case 't':
		if (!strcmp(arg, "ascii"))
			c->trace = FO_TRACE_ASCII;
		else if (!strcmp(arg, "mermaid"))
			c->trace = FO_TRACE_MERMAID;
		else if (!strcmp(arg, "none"))
			c->trace = FO_TRACE_NONE;
		else
			return cli_usage(cmd, "--trace takes ascii, mermaid or none, not '%s'", arg);
		return 0;
	case 's':
		if (c->nset == CLI_MAX_SET)
			return cli_usage(cmd, "too many --set options (%s)", "64 at most");
		if (!strchr(arg, '='))
			return cli_usage(cmd, "--set wants KNOB=VALUE, got '%s'", arg);
		c->set[c->nset++] = arg;
		c->set[c->nset] = NULL;
		return 0;
	}
	return EXIT_USAGE;
}

int cli_parse_variants(const char *cmd, char *arg, const char **out, int *n)
{
	char shown[256];

	snprintf(shown, sizeof(shown), "%s", arg); /* strtok_r() cuts @arg */
	*n = 0;
	if (!strcmp(arg, "all")) {
		for (int i = 0; i < fo_variant_count() && *n < CLI_MAX_VARIANTS; i++)
			out[(*n)++] = fo_variant_name(i);
		return 0;
	}
	/* "pre,,v2" or a trailing comma is a slip, not a list of two */
	if (!*arg || *arg == ',' || arg[strlen(arg) - 1] == ',' || strstr(arg, ",,")) {
		cli_usage(cmd, "bad --variant list '%s': an empty name", shown);
		return -1;
	}
	for (char *save = NULL, *v = strtok_r(arg, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
		if (*n == CLI_MAX_VARIANTS) {
			cli_usage(cmd, "bad --variant list '%s': more than 16 variants", shown);
			return -1;
		}
		for (int i = 0; i < *n; i++)
			if (!strcmp(out[i], v)) {
				cli_usage(cmd, "bad --variant list '%s': a variant named twice",
					  shown);
				return -1;
			}
		out[(*n)++] = v;
	}
	return 0;
}

fo_scenario *cli_load(const char *path)
{
	char err[512];
	fo_scenario *sc;

	if (fo_scenario_load(path, &sc, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return sc;
}

fo_scenario *cli_load_variants(const char *path)
{
	char err[512];
	fo_scenario *sc;

	if (fo_variants_load(path, &sc, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return sc;
}

static const char *const option_flags[FO_OPTION_COUNT] = {
	[FO_OPTION_STRATEGY] = "--strategy",
	[FO_OPTION_PREEMPTIONS] = "--preemptions",
	[FO_OPTION_RUNS] = "--runs",
	[FO_OPTION_SEED] = "--seed",
	[FO_OPTION_MAX_STEPS] = "--max-steps",
	[FO_OPTION_MAX_EXECUTIONS] = "--max-executions",
	[FO_OPTION_TIME_LIMIT] = "--time-limit",
	[FO_OPTION_MAX_MEMORY] = "--max-memory",
	[FO_OPTION_STRICT] = "--strict",
};

const char *cli_option_flag(enum fo_option opt)
{
	return (unsigned)opt < FO_OPTION_COUNT ? option_flags[opt] : "?";
}

void cli_print_verdict(const fo_verdict *v, FILE *f, const struct cli_common *c)
{
	struct fo_report_opts ro = {
		.format = c->format,
		.trace = c->trace,
		.option_names = option_flags,
	};

	fo_verdict_report(v, f, &ro);
}

/* ---- variants written in C ---- */

int cli_load_variant_file(const char *cmd, const char *path, const char **names, int *n)
{
	fo_variant_file *f;
	int got;

	fflush(stdout);
	got = fo_variant_load(path, 2, &f);
	if (got == -ENOEXEC) {
		fprintf(stderr, "fuseord %s: %s: the variant file does not compile (the "
				"compiler's messages are above)\n", cmd, path);
		return EXIT_USAGE;
	}
	if (got < 0) {
		/* a file's errno, not the model's meaning of it (fo_strerror) */
		fprintf(stderr, "fuseord %s: %s: cannot load the variant file: %s\n", cmd, path,
			strerror(-got));
		return EXIT_USAGE;
	}
	for (int i = 0; i < got && names && *n < CLI_MAX_VARIANTS; i++)
		names[(*n)++] = fo_variant_file_name(f, i);
	return 0;
}

/*
 * The crash report: a handler for the signals of a fault in a variant's
 * code prints the schedule token of the execution that reached it and
 * re-raises the signal, so the process still dies of it. It runs on an
 * alternate stack (the fault may be a model thread's stack overflow) and
 * writes with write(2); the token is formatted without allocating.
 */
static struct {
	const char *cmd, *label, *replay;
} crash;

static const char *crash_signame(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return "SIGSEGV";
	case SIGBUS:
		return "SIGBUS";
	case SIGFPE:
		return "SIGFPE";
	case SIGILL:
		return "SIGILL";
	case SIGABRT:
		return "SIGABRT";
	default:
		return "a signal";
	}
}

static void crash_put(const char *s)
{
	if (write(2, s, strlen(s)) < 0)
		return;
}

static void crash_handler(int sig)
{
	static char token[64 << 10], line[512];
	uint64_t execution = 0;
	size_t n = check_crash_token(token, sizeof(token), &execution);

	snprintf(line, sizeof(line), "\nfuseord %s: %s: %s in the model or a variant's code", crash.cmd,
		 crash.label, crash_signame(sig));
	crash_put(line);
	if (n) {
		if (execution)
			snprintf(line, sizeof(line), ", in execution %" PRIu64 "; the schedule that "
						     "reached it:\n  ", execution);
		else
			snprintf(line, sizeof(line), ", replaying the schedule\n  ");
		crash_put(line);
		crash_put(token);
		crash_put("\n");
		if (crash.replay) {
			crash_put("replay it: ");
			crash_put(crash.replay);
			crash_put(" --schedule ");
			crash_put(token);
			crash_put("\n");
		}
	} else {
		crash_put(" (no execution was running)\n");
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void cli_crash_report(const char *cmd, const char *label, const char *replay)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	static char altstack[64 << 10];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_handler = crash_handler, .sa_flags = SA_ONSTACK | SA_RESETHAND };

	crash.cmd = cmd;
	crash.label = label;
	crash.replay = replay;
	sigaltstack(&ss, NULL);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

int cli_isolated(const char *cmd, const char *label, int (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "fuseord %s: %s: fork: %s\n", cmd, label, strerror(errno));
		return EXIT_USAGE;
	}
	if (!pid) {
		status = fn(arg);
		fflush(stdout);
		fflush(stderr);
		_exit(status);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return EXIT_USAGE;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "fuseord %s: %s: died of %s; the other pairs go on\n", cmd, label,
		WIFSIGNALED(status) ? crash_signame(WTERMSIG(status)) : "something");
	return EXIT_NOT_MET;
}

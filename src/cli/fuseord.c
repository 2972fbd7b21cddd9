/* SPDX-License-Identifier: MIT */
/*
 * fuseord.c - the `fuseord` command: check scenarios, replay a schedule,
 * list the variants. The interface is SCENARIOS.md's; every subcommand has
 * --help. Exit status: 0 every checked pair met its expectation (replay: the
 * schedule violates nothing), 1 some did not, 2 a usage or scenario error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuseord/fuseord.h"

#define EXIT_MET 0
#define EXIT_NOT_MET 1
#define EXIT_USAGE 2
#define MAX_SET 64
#define MAX_VARIANTS 16

static const char *prog = "fuseord";

static const char usage_main[] =
	"usage: fuseord COMMAND [OPTIONS]\n"
	"\n"
	"Explore the FUSE open/invalidate ordering protocol, scenario by scenario.\n"
	"\n"
	"commands:\n"
	"  check FILE...    explore each scenario under each variant, judge every schedule\n"
	"  replay FILE      run exactly one schedule and print its trace\n"
	"  variants         the protocol variants and their knobs, as a table\n"
	"  help [COMMAND]   this text, or a command's\n"
	"\n"
	"Each command takes --help. Exit status: 0 as expected, 1 not as expected,\n"
	"2 usage or scenario error.\n";

static const char usage_check[] =
	"usage: fuseord check FILE... [OPTIONS]\n"
	"\n"
	"Explore every (FILE, variant) pair and print one verdict block for each: the\n"
	"oracles some schedule violates (or ok), what the exploration proved, and for\n"
	"the first violation of each oracle its schedule token and trace.\n"
	"\n"
	"  --variant V[,V...]|all  variants to check (default: the file's, else v2)\n"
	"  --set KNOB=VALUE        override one knob (repeatable; see fuseord variants)\n"
	"  --strategy S            dpor (default), dfs, random or pct\n"
	"  --preemptions N         every schedule with at most N preemptions (DFS)\n"
	"  --runs N                random, pct: schedules to run (default 1000)\n"
	"  --seed S                random, pct: the seed (default 1)\n"
	"  --depth D               pct: the bug depth d (default 3)\n"
	"  --max-steps N           cut an execution after N steps (default 10000)\n"
	"  --max-executions N      stop after N executions (the verdict says so)\n"
	"  --time-limit SECONDS    stop after this long (the verdict says so)\n"
	"  --strict                spurious-fail is an error, not a warning\n"
	"  --format text|json      text blocks (default) or one JSON object per pair\n"
	"  --trace ascii|mermaid|none  the trace of each counterexample (default ascii)\n"
	"  -h, --help              this text\n"
	"\n"
	"Exit status: 0 every pair met its expect line (no line: no violation),\n"
	"1 some pair did not, 2 usage or scenario error.\n";

static const char usage_replay[] =
	"usage: fuseord replay FILE --schedule TOKEN [OPTIONS]\n"
	"\n"
	"Run the one schedule TOKEN describes (as printed by check) and print its\n"
	"trace; the same trace every time. A token recorded on another scenario,\n"
	"variant or set of knobs is refused.\n"
	"\n"
	"  --schedule TOKEN        the schedule (required)\n"
	"  --variant V             must match the token's (default: the token's)\n"
	"  --set KNOB=VALUE        as with check; the result must match the token's knobs\n"
	"  --format text|json      as with check\n"
	"  --trace ascii|mermaid|none  (default ascii)\n"
	"  -h, --help              this text\n"
	"\n"
	"Exit status: 0 the schedule violates no oracle, 1 it violates some,\n"
	"2 usage, scenario or token error.\n";

static const char usage_variants[] =
	"usage: fuseord variants [--format text|json]\n"
	"\n"
	"Print the protocol variants, one column each, with the value of every knob.\n"
	"Any knob can be changed on its own with check --set KNOB=VALUE.\n";

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s %s: ", prog, cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see: %s %s --help)\n", prog, cmd);
	return EXIT_USAGE;
}

static int parse_u64(const char *cmd, const char *opt, const char *s, uint64_t min,
		     uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!s || !*s || *s == '-')
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min)
		goto bad;
	*out = v;
	return 0;
bad:
	fprintf(stderr, "%s %s: %s wants an integer >= %" PRIu64 ", got '%s'\n", prog, cmd, opt,
		min, s ? s : "");
	return -1;
}

struct common {
	enum fo_format format;
	enum fo_trace trace;
	const char *set[MAX_SET + 1];
	int nset;
};

static int parse_common(const char *cmd, int opt, const char *arg, struct common *c)
{
	switch (opt) {
	case 'f':
		if (!strcmp(arg, "text"))
			c->format = FO_FORMAT_TEXT;
		else if (!strcmp(arg, "json"))
			c->format = FO_FORMAT_JSON;
		else
			return usage_error(cmd, "--format takes text or json, not '%s'", arg);
		return 0;
	case 't':
		if (!strcmp(arg, "ascii"))
			c->trace = FO_TRACE_ASCII;
		else if (!strcmp(arg, "mermaid"))
			c->trace = FO_TRACE_MERMAID;
		else if (!strcmp(arg, "none"))
			c->trace = FO_TRACE_NONE;
		else
			return usage_error(cmd, "--trace takes ascii, mermaid or none, not '%s'", arg);
		return 0;
	case 's':
		if (c->nset == MAX_SET)
			return usage_error(cmd, "too many --set options (%s)", "64 at most");
		if (!strchr(arg, '='))
			return usage_error(cmd, "--set wants KNOB=VALUE, got '%s'", arg);
		c->set[c->nset++] = arg;
		c->set[c->nset] = NULL;
		return 0;
	}
	return EXIT_USAGE;
}

static fo_scenario *load(const char *path)
{
	char err[512];
	fo_scenario *sc;

	if (fo_scenario_load(path, &sc, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	return sc;
}

static void progress(void *priv, uint64_t executions, uint64_t steps, double seconds)
{
	fprintf(stderr, "\r%s: %" PRIu64 " executions, %" PRIu64 " steps, %.1f s   ",
		(const char *)priv, executions, steps, seconds);
}

/* "pre,v2" or "all" into a list of names; the list points into @arg or the table. */
static int parse_variants(char *arg, const char **out, int *n)
{
	*n = 0;
	if (!strcmp(arg, "all")) {
		for (int i = 0; i < fo_variant_count() && *n < MAX_VARIANTS; i++)
			out[(*n)++] = fo_variant_name(i);
		return 0;
	}
	for (char *save = NULL, *v = strtok_r(arg, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
		if (*n == MAX_VARIANTS)
			return -1;
		out[(*n)++] = v;
	}
	return *n ? 0 : -1;
}

static int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "variant", required_argument, NULL, 'v' },
		{ "set", required_argument, NULL, 's' },
		{ "strategy", required_argument, NULL, 'S' },
		{ "preemptions", required_argument, NULL, 'P' },
		{ "runs", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 'e' },
		{ "depth", required_argument, NULL, 'd' },
		{ "max-steps", required_argument, NULL, 'm' },
		{ "max-executions", required_argument, NULL, 'x' },
		{ "time-limit", required_argument, NULL, 'T' },
		{ "strict", no_argument, NULL, 'X' },
		{ "format", required_argument, NULL, 'f' },
		{ "trace", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct common c = { .format = FO_FORMAT_TEXT, .trace = FO_TRACE_ASCII };
	const char *variants[MAX_VARIANTS];
	struct fo_check_opts o;
	int nvariants = 0, opt, status = EXIT_MET;
	uint64_t n;

	fo_check_opts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(usage_check, stdout);
			return EXIT_MET;
		case 'v':
			if (parse_variants(optarg, variants, &nvariants))
				return usage_error("check", "bad --variant list '%s'", optarg);
			break;
		case 'S':
			if (!strcmp(optarg, "dpor"))
				o.strategy = FO_STRATEGY_DPOR;
			else if (!strcmp(optarg, "dfs"))
				o.strategy = FO_STRATEGY_DFS;
			else if (!strcmp(optarg, "random"))
				o.strategy = FO_STRATEGY_RANDOM;
			else if (!strcmp(optarg, "pct"))
				o.strategy = FO_STRATEGY_PCT;
			else
				return usage_error("check",
						   "--strategy takes dpor, dfs, random or pct, not '%s'",
						   optarg);
			break;
		case 'P':
			if (parse_u64("check", "--preemptions", optarg, 0, &n) || n > 1000)
				return EXIT_USAGE;
			o.preemptions = (int)n;
			break;
		case 'r':
			if (parse_u64("check", "--runs", optarg, 1, &o.runs))
				return EXIT_USAGE;
			break;
		case 'e':
			if (parse_u64("check", "--seed", optarg, 0, &o.seed))
				return EXIT_USAGE;
			break;
		case 'd':
			if (parse_u64("check", "--depth", optarg, 1, &n) || n > 64)
				return n > 64 ? usage_error("check", "--depth is at most %s", "64")
					      : EXIT_USAGE;
			o.pct_depth = (int)n;
			break;
		case 'm':
			if (parse_u64("check", "--max-steps", optarg, 1, &o.max_steps))
				return EXIT_USAGE;
			break;
		case 'x':
			if (parse_u64("check", "--max-executions", optarg, 1, &o.max_executions))
				return EXIT_USAGE;
			break;
		case 'T': {
			char *end;

			o.time_limit = strtod(optarg, &end);
			if (*end || end == optarg || !(o.time_limit > 0))
				return usage_error("check", "--time-limit wants seconds > 0, got '%s'",
						   optarg);
			break;
		}
		case 'X':
			o.strict = true;
			break;
		case 'f':
		case 't':
		case 's':
			if (parse_common("check", opt, optarg, &c))
				return EXIT_USAGE;
			break;
		default:
			fprintf(stderr, "(see: %s check --help)\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error("check", "%s", "no scenario file given");
	o.set = c.nset ? c.set : NULL;
	for (int i = optind; i < argc; i++) {
		fo_scenario *sc = load(argv[i]);
		int nv = nvariants;
		const char *vs[MAX_VARIANTS];

		if (!sc)
			return EXIT_USAGE;
		if (nv)
			memcpy(vs, variants, sizeof(variants));
		else {
			vs[0] = fo_scenario_variant(sc) ? fo_scenario_variant(sc) : "v2";
			nv = 1;
		}
		for (int j = 0; j < nv; j++) {
			char err[512], label[256];
			fo_verdict *v;
			bool tty = isatty(2);

			snprintf(label, sizeof(label), "%s [%s]", argv[i], vs[j]);
			o.variant = vs[j];
			o.progress = tty ? progress : NULL;
			o.progress_priv = label;
			if (fo_check(sc, &o, &v, err, sizeof(err))) {
				if (tty)
					fputs("\r\033[K", stderr);
				fprintf(stderr, "%s: %s\n", argv[i], err);
				fo_scenario_free(sc);
				return EXIT_USAGE;
			}
			if (tty)
				fputs("\r\033[K", stderr);
			fo_verdict_print(v, stdout, c.format, c.trace);
			if (fo_verdict_met(v) != 1)
				status = EXIT_NOT_MET;
			fo_verdict_free(v);
		}
		fo_scenario_free(sc);
	}
	return status;
}

static int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schedule", required_argument, NULL, 'S' },
		{ "variant", required_argument, NULL, 'v' },
		{ "set", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "trace", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct common c = { .format = FO_FORMAT_TEXT, .trace = FO_TRACE_ASCII };
	const char *schedule = NULL;
	struct fo_check_opts o;
	char err[512];
	fo_scenario *sc;
	fo_verdict *v;
	int opt, status;

	fo_check_opts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(usage_replay, stdout);
			return EXIT_MET;
		case 'S':
			schedule = optarg;
			break;
		case 'v':
			o.variant = optarg;
			break;
		case 'f':
		case 't':
		case 's':
			if (parse_common("replay", opt, optarg, &c))
				return EXIT_USAGE;
			break;
		default:
			fprintf(stderr, "(see: %s replay --help)\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return usage_error("replay", "%s", "give exactly one scenario file");
	if (!schedule)
		return usage_error("replay", "%s", "--schedule TOKEN is required");
	sc = load(argv[optind]);
	if (!sc)
		return EXIT_USAGE;
	o.set = c.nset ? c.set : NULL;
	if (fo_replay(sc, schedule, &o, &v, err, sizeof(err))) {
		fprintf(stderr, "%s replay: %s: %s\n", prog, argv[optind], err);
		fo_scenario_free(sc);
		return EXIT_USAGE;
	}
	fo_verdict_print(v, stdout, c.format, c.trace);
	status = fo_verdict_violated(v) ? EXIT_NOT_MET : EXIT_MET;
	fo_verdict_free(v);
	fo_scenario_free(sc);
	return status;
}

static int cmd_variants(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct common c = { .format = FO_FORMAT_TEXT };
	int opt, nv = fo_variant_count();
	char val[32];

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage_variants, stdout);
			return EXIT_MET;
		}
		if (opt != 'f' || parse_common("variants", opt, optarg, &c)) {
			fprintf(stderr, "(see: %s variants --help)\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage_error("variants", "unexpected argument '%s'", argv[optind]);
	if (c.format == FO_FORMAT_JSON) {
		printf("{\"knobs\":[");
		for (int k = 0; k < fo_knob_count(); k++)
			printf("%s{\"name\":\"%s\",\"values\":\"%s\"}", k ? "," : "", fo_knob_name(k),
			       fo_knob_values(k));
		printf("],\"variants\":[");
		for (int i = 0; i < nv; i++) {
			printf("%s{\"name\":\"%s\",\"summary\":\"%s\",\"knobs\":{", i ? "," : "",
			       fo_variant_name(i), fo_variant_summary(i));
			for (int k = 0; k < fo_knob_count(); k++) {
				fo_variant_knob(fo_variant_name(i), fo_knob_name(k), val, sizeof(val));
				printf("%s\"%s\":\"%s\"", k ? "," : "", fo_knob_name(k), val);
			}
			printf("}}");
		}
		printf("]}\n");
		return EXIT_MET;
	}
	printf("%-12s %-18s", "knob", "values");
	for (int i = 0; i < nv; i++)
		printf(" %-11s", fo_variant_name(i));
	printf("\n");
	for (int k = 0; k < fo_knob_count(); k++) {
		printf("%-12s %-18s", fo_knob_name(k), fo_knob_values(k));
		for (int i = 0; i < nv; i++) {
			fo_variant_knob(fo_variant_name(i), fo_knob_name(k), val, sizeof(val));
			printf(" %-11s", val);
		}
		printf("\n");
	}
	printf("\n");
	for (int i = 0; i < nv; i++)
		printf("%-6s %s\n", fo_variant_name(i), fo_variant_summary(i));
	return EXIT_MET;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		fputs(usage_main, cmd ? stdout : stderr);
		return cmd ? EXIT_MET : EXIT_USAGE;
	}
	if (!strcmp(cmd, "help")) {
		const char *what = argc > 2 ? argv[2] : "";

		fputs(!strcmp(what, "check")      ? usage_check
		      : !strcmp(what, "replay")   ? usage_replay
		      : !strcmp(what, "variants") ? usage_variants
						  : usage_main,
		      stdout);
		return EXIT_MET;
	}
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "replay"))
		return cmd_replay(argc - 1, argv + 1);
	if (!strcmp(cmd, "variants"))
		return cmd_variants(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n\n%s", prog, cmd, usage_main);
	return EXIT_USAGE;
}

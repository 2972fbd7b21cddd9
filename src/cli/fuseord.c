/* SPDX-License-Identifier: MIT */
/*
 * fuseord.c - the `fuseord` command: check scenarios, replay a schedule,
 * list the variants. The interface is SCENARIOS.md's; every subcommand has
 * --help. Exit status: 0 every checked pair met its expectation (replay: the
 * schedule violates nothing), 1 some did not, 2 a usage or scenario error,
 * 3 a limit left some pair incomplete and nothing contradicts any (cli.h).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fuseord/fuseord.h"

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
	"  demo             every shipped scenario under pre, v2, fixed: the verdict table\n"
	"  sweep            every scenario of a scope under every variant (see --help)\n"
	"  help [COMMAND]   this text, or a command's\n"
	"\n"
	"Each command takes --help. Exit status: 0 as expected, 1 not as expected,\n"
	"2 usage or scenario error, 3 incomplete (a limit stopped a check before\n"
	"it found anything against the expectation).\n";

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
	"  --max-executions N      stop after N executions\n"
	"  --time-limit SECONDS    stop after this long\n"
	"  --max-memory SIZE       stop when the explorer's records need more than SIZE\n"
	"                          bytes (suffix K, M, G or T; default a quarter of\n"
	"                          physical memory, at most 4G)\n"
	"  --strict                spurious-fail is an error, not a warning\n"
	"  --format text|json      text blocks (default) or one JSON object per pair\n"
	"  --trace ascii|mermaid|none  the trace of each counterexample (default ascii)\n"
	"  -h, --help              this text\n"
	"\n"
	"A pair a limit stopped (or whose executions were cut at --max-steps) is\n"
	"INCOMPLETE: its verdict lists the oracles found so far, says which limit\n"
	"stopped it and, for dpor, dfs or --preemptions, which strategy to try.\n"
	"\n"
	"Exit status: 0 every pair met its expect line (no line: no violation),\n"
	"1 some pair did not, 2 usage or scenario error, 3 some pair is incomplete\n"
	"and nothing found contradicts any expect line.\n";

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
	"  --max-memory SIZE       as with check: bounds the token's length and the trace\n"
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

int cli_status(const fo_verdict *v)
{
	switch (fo_verdict_status(v)) {
	case FO_STATUS_MET: return EXIT_MET;
	case FO_STATUS_INCOMPLETE: return EXIT_INCOMPLETE;
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

/*
 * An option given twice is an error, not "the last one wins": a script that
 * builds a command line would otherwise lose one of its values unseen.
 * Repeatable options are not passed here.
 */
static int once(const char *cmd, const struct option *opts, int opt, bool *seen)
{
	if (opt <= 0 || opt >= 128 || !seen[opt]) {
		if (opt > 0 && opt < 128)
			seen[opt] = true;
		return 0;
	}
	for (; opts->name; opts++)
		if (opts->val == opt)
			break;
	usage_error(cmd, "--%s is given twice", opts->name ? opts->name : "?");
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
			return usage_error(cmd, "--trace takes ascii, mermaid or none, not '%s'",
					   arg);
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
		for (int i = 0; i < *n; i++)
			if (!strcmp(out[i], v))
				return -1; /* the same pair twice is a slip */
		out[(*n)++] = v;
	}
	return *n ? 0 : -1;
}

/*
 * Check one (file, variant) pair and print its verdict. With @dry, run one
 * execution and print nothing: it finds a bad variant, knob or scenario the
 * way the real check would, before any verdict is out.
 */
static int check_pair(const char *path, const fo_scenario *sc, const char *variant,
		      struct fo_check_opts o, const struct common *c, bool dry)
{
	char err[512], label[256];
	bool tty = !dry && isatty(2);
	fo_verdict *v;
	int status;

	snprintf(label, sizeof(label), "%s [%s]", path, variant);
	o.variant = variant;
	o.progress = tty ? progress : NULL;
	o.progress_priv = label;
	if (dry) {
		o.max_executions = 1;
		o.time_limit = 0;
	}
	if (fo_check(sc, &o, &v, err, sizeof(err))) {
		if (tty)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "%s check: %s [%s]: %s\n", prog, path, variant, err);
		return EXIT_USAGE;
	}
	if (tty)
		fputs("\r\033[K", stderr);
	status = dry ? EXIT_MET : cli_status(v);
	if (!dry) {
		fo_verdict_print(v, stdout, c->format, c->trace);
		fflush(stdout); /* a script reading the JSON lines sees each pair as it ends */
	}
	fo_verdict_free(v);
	return status;
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
		{ "max-memory", required_argument, NULL, 'M' },
		{ "strict", no_argument, NULL, 'X' },
		{ "format", required_argument, NULL, 'f' },
		{ "trace", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct common c = { .format = FO_FORMAT_TEXT, .trace = FO_TRACE_ASCII };
	const char *variants[MAX_VARIANTS];
	const char *strategy = NULL, *sampling = NULL, *depth = NULL;
	struct fo_check_opts o;
	fo_scenario **scs;
	int nvariants = 0, nfiles, opt, status = EXIT_MET;
	bool seen[128] = { false };
	uint64_t n;

	fo_check_opts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt != 's' && opt != 'h' && opt != '?' && once("check", opts, opt, seen))
			return EXIT_USAGE;
		switch (opt) {
		case 'h':
			fputs(usage_check, stdout);
			return EXIT_MET;
		case 'v': {
			char shown[256];

			snprintf(shown, sizeof(shown), "%s", optarg); /* strtok_r() cuts optarg */
			if (parse_variants(optarg, variants, &nvariants))
				return usage_error(
					"check",
					"bad --variant list '%s' (empty, a name twice, or more than 16)",
					shown);
			break;
		}
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
				return usage_error(
					"check",
					"--strategy takes dpor, dfs, random or pct, not '%s'",
					optarg);
			strategy = optarg;
			break;
		case 'P':
			if (cli_parse_u64("check", "--preemptions", optarg, 0, 1000, &n))
				return EXIT_USAGE;
			o.preemptions = (int)n;
			break;
		case 'r':
			if (cli_parse_u64("check", "--runs", optarg, 1, UINT64_MAX, &o.runs))
				return EXIT_USAGE;
			sampling = "--runs";
			break;
		case 'e':
			if (cli_parse_u64("check", "--seed", optarg, 0, UINT64_MAX, &o.seed))
				return EXIT_USAGE;
			sampling = "--seed";
			break;
		case 'd':
			if (cli_parse_u64("check", "--depth", optarg, 1, 64, &n))
				return EXIT_USAGE;
			o.pct_depth = (int)n;
			depth = "--depth";
			break;
		case 'm':
			if (cli_parse_u64("check", "--max-steps", optarg, 1, UINT64_MAX, &o.max_steps))
				return EXIT_USAGE;
			break;
		case 'x':
			if (cli_parse_u64("check", "--max-executions", optarg, 1, UINT64_MAX,
				      &o.max_executions))
				return EXIT_USAGE;
			break;
		case 'T':
			if (cli_parse_seconds("check", "--time-limit", optarg, &o.time_limit))
				return EXIT_USAGE;
			break;
		case 'M':
			if (cli_parse_size("check", "--max-memory", optarg, &o.max_memory))
				return EXIT_USAGE;
			break;
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
	/* An option the chosen strategy does not read would be ignored without a word. */
	if (o.preemptions >= 0 && strategy && o.strategy != FO_STRATEGY_DFS)
		return usage_error("check",
				   "--preemptions bounds DFS; it does not go with --strategy %s",
				   strategy);
	if (sampling && (o.preemptions >= 0 ||
			 (o.strategy != FO_STRATEGY_RANDOM && o.strategy != FO_STRATEGY_PCT)))
		return usage_error("check", "%s is for --strategy random or pct only", sampling);
	if (depth && (o.preemptions >= 0 || o.strategy != FO_STRATEGY_PCT))
		return usage_error("check", "%s is for --strategy pct only", depth);
	if (optind >= argc)
		return usage_error("check", "%s", "no scenario file given");
	o.set = c.nset ? c.set : NULL;
	nfiles = argc - optind;
	scs = calloc((size_t)nfiles, sizeof(*scs));
	if (!scs) {
		fprintf(stderr, "%s check: out of memory\n", prog);
		return EXIT_USAGE;
	}
	/*
	 * Load every file and try every pair before the first verdict: a usage or
	 * scenario error then prints no verdict at all, and a script never takes
	 * the verdicts before the error for the whole answer.
	 */
	for (int pass = 0; pass < 2 && status != EXIT_USAGE; pass++) {
		for (int i = 0; i < nfiles && status != EXIT_USAGE; i++) {
			const char *path = argv[optind + i];
			const char *own;
			int nv = nvariants ? nvariants : 1;

			if (!pass && !(scs[i] = load(path))) {
				status = EXIT_USAGE;
				break;
			}
			own = fo_scenario_variant(scs[i]) ? fo_scenario_variant(scs[i]) : "v2";
			for (int j = 0; j < nv && status != EXIT_USAGE; j++) {
				const char *variant = nvariants ? variants[j] : own;
				int st = check_pair(path, scs[i], variant, o, &c, pass == 0);

				if (st == EXIT_USAGE || pass)
					status = cli_worse(status, st);
			}
		}
	}
	for (int i = 0; i < nfiles; i++)
		fo_scenario_free(scs[i]);
	free(scs);
	return status;
}

static int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schedule", required_argument, NULL, 'S' },
		{ "variant", required_argument, NULL, 'v' },
		{ "set", required_argument, NULL, 's' },
		{ "max-memory", required_argument, NULL, 'M' },
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
	bool seen[128] = { false };
	int opt, status;

	fo_check_opts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt != 's' && opt != 'h' && opt != '?' && once("replay", opts, opt, seen))
			return EXIT_USAGE;
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
		case 'M':
			if (cli_parse_size("replay", "--max-memory", optarg, &o.max_memory))
				return EXIT_USAGE;
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

/* @s as a JSON string literal on stdout; the table's text is the library's, not ours. */
static void json_string(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
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
	bool seen[128] = { false };
	char val[32];

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt != 'h' && opt != '?' && once("variants", opts, opt, seen))
			return EXIT_USAGE;
		if (opt == 'h') {
			fputs(usage_variants, stdout);
			return EXIT_MET;
		}
		if (opt == 'f') {
			if (parse_common("variants", opt, optarg, &c))
				return EXIT_USAGE;
			continue;
		}
		fprintf(stderr, "(see: %s variants --help)\n", prog);
		return EXIT_USAGE;
	}
	if (optind != argc)
		return usage_error("variants", "unexpected argument '%s'", argv[optind]);
	if (c.format == FO_FORMAT_JSON) {
		printf("{\"knobs\":[");
		for (int k = 0; k < fo_knob_count(); k++) {
			printf("%s{\"name\":", k ? "," : "");
			json_string(fo_knob_name(k));
			printf(",\"values\":");
			json_string(fo_knob_values(k));
			printf("}");
		}
		printf("],\"variants\":[");
		for (int i = 0; i < nv; i++) {
			printf("%s{\"name\":", i ? "," : "");
			json_string(fo_variant_name(i));
			printf(",\"summary\":");
			json_string(fo_variant_summary(i));
			printf(",\"knobs\":{");
			for (int k = 0; k < fo_knob_count(); k++) {
				fo_variant_knob(fo_variant_name(i), fo_knob_name(k), val,
						sizeof(val));
				printf("%s", k ? "," : "");
				json_string(fo_knob_name(k));
				printf(":");
				json_string(val);
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

static int run_command(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	/* getopt_long() names the program in its messages by argv[0] */
	static char check_name[] = "fuseord check", replay_name[] = "fuseord replay",
		    variants_name[] = "fuseord variants", demo_name[] = "fuseord demo",
		    help_opt[] = "--help";
	static char *demo_help[] = { demo_name, help_opt, NULL };

	if (!cmd || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		fputs(usage_main, cmd ? stdout : stderr);
		return cmd ? EXIT_MET : EXIT_USAGE;
	}
	if (!strcmp(cmd, "help")) {
		const char *what = argc > 2 ? argv[2] : NULL;

		if (!what || !strcmp(what, "-h") || !strcmp(what, "--help"))
			fputs(usage_main, stdout);
		else if (!strcmp(what, "check"))
			fputs(usage_check, stdout);
		else if (!strcmp(what, "replay"))
			fputs(usage_replay, stdout);
		else if (!strcmp(what, "variants"))
			fputs(usage_variants, stdout);
		else if (!strcmp(what, "demo"))
			return cmd_demo(2, demo_help);
		else if (!strcmp(what, "sweep"))
			return cmd_sweep(2, (char *[]){ help_opt, help_opt, NULL });
		else {
			fprintf(stderr, "%s help: unknown command '%s' (try: %s --help)\n", prog,
				what, prog);
			return EXIT_USAGE;
		}
		return EXIT_MET;
	}
	if (!strcmp(cmd, "check")) {
		argv[1] = check_name;
		return cmd_check(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "replay")) {
		argv[1] = replay_name;
		return cmd_replay(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "variants")) {
		argv[1] = variants_name;
		return cmd_variants(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "sweep"))
		return cmd_sweep(argc - 1, argv + 1);
	if (!strcmp(cmd, "demo")) {
		argv[1] = demo_name;
		return cmd_demo(argc - 1, argv + 1);
	}
	fprintf(stderr, "%s: unknown command '%s'\n\n%s", prog, cmd, usage_main);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int status = run_command(argc, argv);

	/* A verdict lost to a full disk or a closed pipe must not exit 0. */
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output: %s\n", prog,
			errno ? strerror(errno) : "write error");
		return EXIT_USAGE;
	}
	return status;
}

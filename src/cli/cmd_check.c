/* SPDX-License-Identifier: MIT */
/*
 * cmd_check.c - `fuseord check FILE...`: explore every (file, variant) pair
 * and print one verdict each; exit status as cli.h says.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"

static const char usage_check[] =
	"usage: fuseord check FILE... [OPTIONS]\n"
	"\n"
	"Explore every (FILE, variant) pair and print one verdict block for each: the\n"
	"oracles some schedule violates (or ok), what the exploration proved, and for\n"
	"the first violation of each oracle its schedule token and trace.\n"
	"\n"
	"  --variant V[,V...]|all  variants to check (default: the file's, else v2)\n"
	"  --variants FILE         more named variants: FILE's define lines\n"
	"  --variant-file FILE.c   variants written in C: compile FILE.c, load it and\n"
	"                          check its variants (unless --variant names others);\n"
	"                          repeatable. Each pair then runs in a child process,\n"
	"                          so a crash is reported with its schedule token\n"
	"  --set KNOB=VALUE        override one knob (repeatable; see fuseord variants)\n"
	"  --strategy S            dpor (default), dfs, random or pct\n"
	"  --preemptions N         every schedule with at most N preemptions (DFS)\n"
	"  --runs N                random, pct: schedules to run (default 1000)\n"
	"  --seed S                random, pct: the seed (default 1)\n"
	"  --depth D               pct: the bug depth d (default 3)\n"
	"  --max-steps N           cut an execution after N steps, N <= 2147483648\n"
	"                          (default 10000)\n"
	"  --max-executions N      stop after N executions run to their end (DPOR's\n"
	"                          redundant ones are not counted)\n"
	"  --time-limit SECONDS    stop after this long\n"
	"  --max-memory SIZE       stop when the explorer's records need more than SIZE\n"
	"                          bytes (suffix K, M, G or T; default a quarter of\n"
	"                          physical memory, at most 4G), shared by the jobs\n"
	"  --jobs N                worker threads for each pair's search, 1..64\n"
	"                          (default: every core); dpor and dfs find the same\n"
	"                          executions and tokens whatever N, random and pct\n"
	"                          run on one, and so does a pair of --variant-file\n"
	"  --strict                spurious-fail is an error, not a warning\n"
	"  --format text|json      text blocks (default) or one JSON object per pair\n"
	"  --trace ascii|mermaid|none  the trace of each counterexample (default ascii)\n"
	"  --progress              a status line on stderr while a check runs, even\n"
	"                          when stderr is no terminal (default: on a terminal)\n"
	"  --no-progress           no status line, not even on a terminal\n"
	"  -h, --help              this text\n"
	"\n"
	"Only dpor and dfs without a bound prove anything about every schedule.\n"
	"The verdict line says how far it goes: \"as expected\" (proved), \"NOT AS\n"
	"EXPECTED\" (a violation the expect line does not list, found by any\n"
	"strategy, or a listed one no schedule shows after an exhaustive run),\n"
	"\"INCOMPLETE\" (a limit stopped it, or executions were cut at --max-steps:\n"
	"it says which, and which strategy to try), \"within the bound\"\n"
	"(--preemptions) or \"in N samples\" (random, pct): a listed oracle not\n"
	"shown there is NOT FOUND, which proves no absence.\n"
	"\n"
	"Exit status: 0 every pair as expected and proved, 1 some pair not as\n"
	"expected, 2 usage or scenario error, 3 nothing contradicts any expect line\n"
	"but some pair is not proved (incomplete, bounded or sampled).\n";

/*
 * The status line of a long check. A terminal gets it by default, redrawn
 * in place; --progress prints it whatever stderr is, as whole lines (the
 * first after half a second, then every PIPE_EVERY seconds), so a log
 * shows the run is alive. Whatever stderr is, an exhaustive check without
 * --time-limit or --max-executions that is still going after HINT_AFTER
 * seconds says once how to bound it.
 */
#define PIPE_EVERY 10.0
#define HINT_AFTER 60.0

struct progress {
	const char *label;
	bool show, tty, line_open, unbounded, hinted;
	double next, every, hint_after;
};

/*
 * "label: 24877 executions, 3110218 steps, 0.5 s", or, once a few hundred
 * executions make the estimate of the whole search worth reading (dpor,
 * dfs), "label: 24877 of about 1e+07 executions, 0.5 s": short enough for
 * 80 columns with a label of LABEL_MAX.
 */
#define ESTIMATE_AFTER 300

static void progress_line(char *buf, size_t len, const struct progress *p, uint64_t executions,
			  uint64_t steps, double seconds)
{
	double e = executions >= ESTIMATE_AFTER ? fo_check_estimate() : 0;

	if (e > 0)
		snprintf(buf, len, "%s: %" PRIu64 " of about %.2g executions, %.1f s", p->label,
			 executions, e, seconds);
	else
		snprintf(buf, len, "%s: %" PRIu64 " executions, %" PRIu64 " steps, %.1f s",
			 p->label, executions, steps, seconds);
}

static void progress(void *priv, uint64_t executions, uint64_t steps, double seconds)
{
	struct progress *p = priv;
	char line[160];

	if (p->show && p->tty) {
		progress_line(line, sizeof(line), p, executions, steps, seconds);
		fprintf(stderr, "\r\033[K%s", line);
		p->line_open = true;
	} else if (p->show && seconds >= p->next) {
		progress_line(line, sizeof(line), p, executions, steps, seconds);
		fprintf(stderr, "%s\n", line);
		p->next = seconds + p->every;
	}
	if (p->unbounded && !p->hinted && seconds >= p->hint_after) {
		p->hinted = true;
		fprintf(stderr,
			"%s%s: still exploring after %.0f s\n"
			"  with no limit; bound it with --time-limit SECONDS or --max-executions N\n"
			"  (a partial verdict), --preemptions N (every schedule with at most N\n"
			"  preemptions) or --strategy pct --runs N (a sample)\n",
			p->line_open ? "\r\033[K" : "", p->label, seconds);
		p->line_open = false;
	}
	fflush(stderr);
}

/*
 * "concern3-plain-increment.fos [v2]": the file's last component, its front
 * cut to "..." past LABEL_MAX bytes, so that a status line fits 80 columns.
 */
#define LABEL_MAX 40

static void progress_label(char *buf, size_t len, const char *path, const char *variant)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > LABEL_MAX)
		snprintf(buf, len, "...%s [%s]", base + n - (LABEL_MAX - 3), variant);
	else
		snprintf(buf, len, "%s [%s]", base, variant);
}

/* Seconds from the environment variable @name (fuseord(1)), or @dflt. */
static double env_seconds(const char *name, double dflt)
{
	const char *e = getenv(name);
	char *end;
	double v;

	if (!e || !*e)
		return dflt;
	v = strtod(e, &end);
	return *end || !(v >= 0) ? dflt : v;
}

/* When the hint comes: HINT_AFTER, or FUSEORD_HINT_AFTER seconds (fuseord(1)). */
static double hint_after(void)
{
	return env_seconds("FUSEORD_HINT_AFTER", HINT_AFTER);
}

/* The --variant-file paths, for the replay command a crash report prints. */
#define MAX_VARIANT_FILES 8
static const char *variant_files[MAX_VARIANT_FILES];
static int nvariant_files;

struct pair {
	const char *path;
	const fo_scenario *sc;
	const char *variant;
	const struct fo_check_opts *o;
	const struct cli_common *c;
	int show_progress;
	bool dry;
};

static int check_pair(const char *path, const fo_scenario *sc, const char *variant,
		      struct fo_check_opts o, const struct cli_common *c, int show_progress,
		      bool dry);

/* In the child of cli_isolated(): a crash names its schedule and how to replay it. */
static int check_pair_child(void *arg)
{
	static char label[256], replay[1024];
	const struct pair *p = arg;
	size_t n;

	snprintf(label, sizeof(label), "%s [%s]", p->path, p->variant);
	n = (size_t)snprintf(replay, sizeof(replay), "fuseord replay %s", p->path);
	for (int i = 0; i < nvariant_files && n < sizeof(replay); i++)
		n += (size_t)snprintf(replay + n, sizeof(replay) - n, " --variant-file %s",
				      variant_files[i]);
	if (n < sizeof(replay))
		snprintf(replay + n, sizeof(replay) - n, " --variant %s", p->variant);
	cli_crash_report("check", label, replay);
	return check_pair(p->path, p->sc, p->variant, *p->o, p->c, p->show_progress, p->dry);
}

static int check_pair_child_free(void *arg)
{
	const struct pair *p = arg;

	return check_pair(p->path, p->sc, p->variant, *p->o, p->c, p->show_progress, p->dry);
}

/*
 * Check one (file, variant) pair and print its verdict. With @dry, run one
 * execution and print nothing: it finds a bad variant, knob or scenario the
 * way the real check would, before any verdict is out.
 */
static int check_pair(const char *path, const fo_scenario *sc, const char *variant,
		      struct fo_check_opts o, const struct cli_common *c, int show_progress,
		      bool dry)
{
	char err[512], label[256];
	struct progress pr = { .label = label, .tty = isatty(2), .next = 0.5, .every = PIPE_EVERY };
	double every = env_seconds("FUSEORD_PROGRESS_EVERY", -1);
	fo_verdict *v;
	int status;

	progress_label(label, sizeof(label), path, variant);
	pr.show = show_progress < 0 ? pr.tty : show_progress;
	pr.unbounded = !o.max_executions && !(o.time_limit > 0) &&
		       o.strategy != FO_STRATEGY_RANDOM && o.strategy != FO_STRATEGY_PCT;
	pr.hint_after = hint_after();
	/* FUSEORD_PROGRESS_EVERY=S: a status line every S seconds from the start */
	if (every >= 0) {
		o.progress_every = every > 0 ? every : 1e-9;
		pr.next = 0;
		pr.every = every;
	}
	o.variant = variant;
	o.progress = dry ? NULL : progress;
	o.progress_priv = &pr;
	if (dry) {
		o.max_executions = 1;
		o.time_limit = 0;
	}
	if (fo_check(sc, &o, &v, err, sizeof(err))) {
		if (pr.line_open)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "fuseord check: %s [%s]: %s\n", path, variant, err);
		return EXIT_USAGE;
	}
	if (pr.line_open)
		fputs("\r\033[K", stderr);
	status = dry ? EXIT_MET : cli_status(v);
	if (!dry) {
		cli_print_verdict(v, stdout, c);
		fflush(stdout); /* a script reading the JSON lines sees each pair as it ends */
	}
	fo_verdict_free(v);
	return status;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "variant", required_argument, NULL, 'v' },
		{ "variants", required_argument, NULL, 'V' },
		{ "variant-file", required_argument, NULL, 'F' },
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
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 'X' },
		{ "format", required_argument, NULL, 'f' },
		{ "trace", required_argument, NULL, 't' },
		{ "progress", no_argument, NULL, 'p' },
		{ "no-progress", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common c = { .format = FO_FORMAT_TEXT, .trace = FO_TRACE_ASCII };
	const char *variants[CLI_MAX_VARIANTS];
	const char *strategy = NULL, *sampling = NULL, *depth = NULL, *vfile = NULL;
	char *variant_arg = NULL;
	fo_scenario *vars = NULL;
	struct fo_check_opts o;
	fo_scenario **scs;
	int nvariants = 0, nfiles, opt, status = EXIT_MET, show_progress = -1;
	bool seen[128] = { false };
	uint64_t n;

	fo_check_opts_init(&o);
	o.jobs = cli_cores() < 64 ? cli_cores() : 64;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt != 's' && opt != 'F' && opt != 'h' && opt != '?' &&
		    cli_once("check", opts, opt, seen))
			return EXIT_USAGE;
		switch (opt) {
		case 'h':
			fputs(usage_check, stdout);
			return EXIT_MET;
		case 'v':
			variant_arg = optarg; /* parsed once the variant files are loaded */
			break;
		case 'F':
			if (nvariant_files == MAX_VARIANT_FILES)
				return cli_usage("check", "%s", "at most 8 --variant-file options");
			variant_files[nvariant_files++] = optarg;
			break;
		case 'V':
			vfile = optarg;
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
				return cli_usage(
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
			if (cli_parse_u64("check", "--max-steps", optarg, 1, FO_MAX_STEPS, &o.max_steps))
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
		case 'j':
			if (cli_parse_u64("check", "--jobs", optarg, 1, 64, &n))
				return EXIT_USAGE;
			o.jobs = (int)n;
			break;
		case 'p':
		case 'q':
			if (show_progress >= 0)
				return cli_usage("check", "%s",
						 "give --progress or --no-progress, once");
			show_progress = opt == 'p';
			break;
		case 'f':
		case 't':
		case 's':
			if (cli_parse_common("check", opt, optarg, &c))
				return EXIT_USAGE;
			break;
		default:
			fprintf(stderr, "(see: fuseord check --help)\n");
			return EXIT_USAGE;
		}
	}
	/* An option the chosen strategy does not read would be ignored without a word. */
	if (o.preemptions >= 0 && strategy && o.strategy != FO_STRATEGY_DFS)
		return cli_usage("check",
				   "--preemptions bounds DFS; it does not go with --strategy %s",
				   strategy);
	if (sampling && (o.preemptions >= 0 ||
			 (o.strategy != FO_STRATEGY_RANDOM && o.strategy != FO_STRATEGY_PCT)))
		return cli_usage("check", "%s is for --strategy random or pct only", sampling);
	if (depth && (o.preemptions >= 0 || o.strategy != FO_STRATEGY_PCT))
		return cli_usage("check", "%s is for --strategy pct only", depth);
	if (optind >= argc)
		return cli_usage("check", "%s", "no scenario file given");
	o.set = c.nset ? c.set : NULL;
	for (int i = 0; i < nvariant_files; i++)
		if (cli_load_variant_file("check", variant_files[i], variant_arg ? NULL : variants,
					  &nvariants))
			return EXIT_USAGE;
	if (variant_arg && cli_parse_variants("check", variant_arg, variants, &nvariants))
		return EXIT_USAGE;
	if (vfile && !(vars = cli_load_variants(vfile)))
		return EXIT_USAGE;
	o.variants = vars;
	/* a variant in C runs in a child whose crash report names the schedule: one thread */
	if (nvariant_files)
		o.jobs = 1;
	nfiles = argc - optind;
	scs = calloc((size_t)nfiles, sizeof(*scs));
	if (!scs) {
		fprintf(stderr, "fuseord check: out of memory\n");
		fo_scenario_free(vars);
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

			if (!pass && !(scs[i] = cli_load(path))) {
				status = EXIT_USAGE;
				break;
			}
			own = fo_scenario_variant(scs[i]) ? fo_scenario_variant(scs[i]) : "v2";
			for (int j = 0; j < nv && status != EXIT_USAGE; j++) {
				const char *variant = nvariants ? variants[j] : own;
				struct pair pr = { path, scs[i], variant, &o, &c, show_progress,
						   pass == 0 };
				char label[256];
				int st;

				snprintf(label, sizeof(label), "%s [%s]", path, variant);
				/* a variant written in C runs apart: its crash takes no other pair down */
				st = nvariant_files ? cli_isolated("check", label, check_pair_child, &pr)
						    : check_pair_child_free(&pr);

				if (st == EXIT_USAGE || pass)
					status = cli_worse(status, st);
			}
		}
	}
	for (int i = 0; i < nfiles; i++)
		fo_scenario_free(scs[i]);
	free(scs);
	fo_scenario_free(vars);
	return status;
}


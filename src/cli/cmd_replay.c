/* SPDX-License-Identifier: MIT */
/*
 * cmd_replay.c - `fuseord replay FILE --schedule TOKEN`: run the one
 * schedule a token describes and print its trace.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"

static const char usage_replay[] =
	"usage: fuseord replay FILE --schedule TOKEN [OPTIONS]\n"
	"\n"
	"Run the one schedule TOKEN describes (as printed by check) and print its\n"
	"trace; the same trace every time. A token recorded on another scenario,\n"
	"variant or set of knobs is refused.\n"
	"\n"
	"  --schedule TOKEN        the schedule (required)\n"
	"  --variant V             must match the token's (default: the token's)\n"
	"  --variants FILE         as with check: FILE's define lines name variants\n"
	"  --variant-file FILE.c   as with check: variants written in C (repeatable)\n"
	"  --set KNOB=VALUE        as with check; the result must match the token's knobs\n"
	"  --max-memory SIZE       as with check: bounds the token's length and the trace\n"
	"  --format text|json      as with check\n"
	"  --trace ascii|mermaid|none  (default ascii)\n"
	"  -h, --help              this text\n"
	"\n"
	"Exit status: 0 the schedule violates no oracle, 1 it violates some,\n"
	"2 usage, scenario or token error.\n";

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "schedule", required_argument, NULL, 'S' },
		{ "variant", required_argument, NULL, 'v' },
		{ "variants", required_argument, NULL, 'V' },
		{ "variant-file", required_argument, NULL, 'F' },
		{ "set", required_argument, NULL, 's' },
		{ "max-memory", required_argument, NULL, 'M' },
		{ "format", required_argument, NULL, 'f' },
		{ "trace", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common c = { .format = FO_FORMAT_TEXT, .trace = FO_TRACE_ASCII };
	const char *schedule = NULL, *vfile = NULL;
	fo_scenario *vars = NULL;
	struct fo_check_opts o;
	char err[512];
	fo_scenario *sc;
	fo_verdict *v;
	bool seen[128] = { false };
	int opt, status;

	fo_check_opts_init(&o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt != 's' && opt != 'F' && opt != 'h' && opt != '?' &&
		    cli_once("replay", opts, opt, seen))
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
		case 'V':
			vfile = optarg;
			break;
		case 'F':
			if (cli_load_variant_file("replay", optarg, NULL, NULL))
				return EXIT_USAGE;
			/* a fault in its code says so, with the schedule, before the process dies */
			cli_crash_report("replay", optarg, NULL);
			break;
		case 'M':
			if (cli_parse_size("replay", "--max-memory", optarg, &o.max_memory))
				return EXIT_USAGE;
			break;
		case 'f':
		case 't':
		case 's':
			if (cli_parse_common("replay", opt, optarg, &c))
				return EXIT_USAGE;
			break;
		default:
			fprintf(stderr, "(see: fuseord replay --help)\n");
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage("replay", "%s", "give exactly one scenario file");
	if (!schedule)
		return cli_usage("replay", "%s", "--schedule TOKEN is required");
	if (vfile && !(vars = cli_load_variants(vfile)))
		return EXIT_USAGE;
	o.variants = vars;
	sc = cli_load(argv[optind]);
	if (!sc) {
		fo_scenario_free(vars);
		return EXIT_USAGE;
	}
	o.set = c.nset ? c.set : NULL;
	if (fo_replay(sc, schedule, &o, &v, err, sizeof(err))) {
		fprintf(stderr, "fuseord replay: %s: %s\n", argv[optind], err);
		fo_scenario_free(sc);
		fo_scenario_free(vars);
		return EXIT_USAGE;
	}
	cli_print_verdict(v, stdout, &c);
	status = fo_verdict_violated(v) ? EXIT_NOT_MET : EXIT_MET;
	fo_verdict_free(v);
	fo_scenario_free(sc);
	fo_scenario_free(vars);
	return status;
}


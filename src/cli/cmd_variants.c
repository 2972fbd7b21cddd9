/* SPDX-License-Identifier: MIT */
/* cmd_variants.c - `fuseord variants`: the variants and their knobs, as a table. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "util/util.h"

static const char usage_variants[] =
	"usage: fuseord variants [--format text|json] [--variant-file FILE.c]...\n"
	"\n"
	"Print the protocol variants, one column each, with the value of every knob.\n"
	"Any knob can be changed on its own with check --set KNOB=VALUE.\n"
	"--variant-file FILE.c loads the variants written in C in FILE.c first\n"
	"(see fuseord check); their knobs are their base's.\n";

int cmd_variants(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "variant-file", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common c = { .format = FO_FORMAT_TEXT };
	int opt, nv;
	bool seen[128] = { false };
	char val[32];

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt != 'h' && opt != '?' && opt != 'F' && cli_once("variants", opts, opt, seen))
			return EXIT_USAGE;
		if (opt == 'F') {
			if (cli_load_variant_file("variants", optarg, NULL, NULL))
				return EXIT_USAGE;
			continue;
		}
		if (opt == 'h') {
			fputs(usage_variants, stdout);
			return EXIT_MET;
		}
		if (opt == 'f') {
			if (cli_parse_common("variants", opt, optarg, &c))
				return EXIT_USAGE;
			continue;
		}
		fprintf(stderr, "(see: fuseord variants --help)\n");
		return EXIT_USAGE;
	}
	if (optind != argc)
		return cli_usage("variants", "unexpected argument '%s'", argv[optind]);
	nv = fo_variant_count();
	if (c.format == FO_FORMAT_JSON) {
		printf("{\"knobs\":[");
		for (int k = 0; k < fo_knob_count(); k++) {
			printf("%s{\"name\":", k ? "," : "");
			util_json_string(stdout, fo_knob_name(k));
			printf(",\"values\":");
			util_json_string(stdout, fo_knob_values(k));
			printf("}");
		}
		printf("],\"variants\":[");
		for (int i = 0; i < nv; i++) {
			printf("%s{\"name\":", i ? "," : "");
			util_json_string(stdout, fo_variant_name(i));
			printf(",\"summary\":");
			util_json_string(stdout, fo_variant_summary(i));
			printf(",\"knobs\":{");
			for (int k = 0; k < fo_knob_count(); k++) {
				fo_variant_knob(fo_variant_name(i), fo_knob_name(k), val,
						sizeof(val));
				printf("%s", k ? "," : "");
				util_json_string(stdout, fo_knob_name(k));
				printf(":");
				util_json_string(stdout, val);
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


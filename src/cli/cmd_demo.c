/* SPDX-License-Identifier: MIT */
/*
 * cmd_demo.c - `fuseord demo`: every shipped scenario under pre, v2 and fixed,
 * explored exhaustively (DPOR, --strict), as one verdict table: a row per
 * scenario, a column per variant, in each cell `ok` or the oracles some
 * schedule violates. A cell that differs from the file's expect line is
 * starred, one a limit left incomplete is marked `?`, and both are explained
 * below the table. Exit status as `check`: 0 iff every cell is expected and
 * complete.
 */
#include <dirent.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "util/util.h"

#define DEMO_MAX_FILES 64
#define DEMO_MAX_VARIANTS 8
#define NAME_W 32
#define CELL_W 15

static const char usage_demo[] =
	"usage: fuseord demo [OPTIONS]\n"
	"\n"
	"Check every shipped scenario under pre, v2 and fixed with exhaustive DPOR\n"
	"and --strict, and print the verdict table: a row per scenario, a column per\n"
	"variant, `ok` or the oracles violated. A starred cell is not what the\n"
	"scenario's expect line says; a cell marked ? is incomplete: a limit stopped\n"
	"it, and it shows the oracles found so far.\n"
	"\n"
	"  --dir DIR               the scenarios, DIR/*.fos (default: $FUSEORD_SCENARIOS,\n"
	"                          else share/fuseord/scenarios beside an installed\n"
	"                          fuseord, else the source tree's scenarios/)\n"
	"  --variant V[,V...]      the columns (default pre,v2,fixed); a variant a\n"
	"                          define line names works too\n"
	"  --variants FILE         more named variants: FILE's define lines\n"
	"  --variant-file FILE.c   variants written in C (see fuseord check): compiled,\n"
	"                          loaded, and columns of their own unless --variant\n"
	"                          names the columns\n"
	"  --set KNOB=VALUE        override one knob in every cell (repeatable)\n"
	"  --format text|json      the table (default) or one JSON object\n"
	"  --max-executions N      stop each cell after N executions\n"
	"  --time-limit SECONDS    stop each cell after this long\n"
	"  --max-memory SIZE       as with check, for each cell\n"
	"  -h, --help              this text\n"
	"\n"
	"Exit status: 0 every cell as expected, 1 some cell not, 2 usage or scenario\n"
	"error, 3 some cell incomplete and none against its expect line.\n";

static void cell_text(unsigned mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!mask)
		snprintf(buf, len, "ok");
	for (unsigned b = 1; b <= FO_ORACLE_ALL && n < len; b <<= 1)
		if (mask & b)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "",
					      fo_oracle_name(b));
}

/*
 * The default scenario directory: the one installed beside this command
 * (BINDIR/FUSEORD_SCENARIO_RELDIR, found through /proc/self/exe, so an
 * install with `cmake --install --prefix` elsewhere still finds it), else the
 * source tree's when it exists (a build-tree command), else the configured
 * install location.
 */
static const char *default_dir(void)
{
	static char buf[4096];
	char exe[2048];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, sizeof(buf), "%s/%s", exe, FUSEORD_SCENARIO_RELDIR);
			if (access(buf, R_OK | X_OK) == 0)
				return buf;
		}
	}
	if (access(FUSEORD_SCENARIO_DIR, R_OK | X_OK) == 0)
		return FUSEORD_SCENARIO_DIR;
	return FUSEORD_INSTALLED_SCENARIO_DIR;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int demo_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "fuseord demo: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see: fuseord demo --help)\n");
	return EXIT_USAGE;
}

/* One cell of the table. */
struct cell {
	char text[160];
	int status; /* EXIT_MET, EXIT_NOT_MET or EXIT_INCOMPLETE */
	enum fo_limit limit;
	unsigned expected;
	int has_expect;
};

/* What left a cell incomplete, in the words of check's limit line. */
static void limit_text(const struct cell *c, const struct fo_check_opts *o, char *buf, size_t len)
{
	switch (c->limit) {
	case FO_LIMIT_EXECUTIONS:
		snprintf(buf, len, "stopped by --max-executions %" PRIu64, o->max_executions);
		break;
	case FO_LIMIT_TIME:
		snprintf(buf, len, "stopped by --time-limit %g", o->time_limit);
		break;
	case FO_LIMIT_MEMORY:
		snprintf(buf, len, "stopped by --max-memory %" PRIu64 " bytes", o->max_memory);
		break;
	case FO_LIMIT_STEPS:
		snprintf(buf, len, "executions cut at --max-steps %" PRIu64, o->max_steps);
		break;
	default:
		snprintf(buf, len, "complete");
	}
}

/* The `fuseord check` command that shows one cell, with the options that made it. */
static const char *demo_cfile; /* --variant-file, for the commands a cell cites */

static void check_command(const char *dir, const char *file, const char *variant,
			  const struct fo_check_opts *o, bool mem, const char *vfile,
			  const struct cli_common *com, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "fuseord check %s/%s --variant %s --strict", dir,
				    file, variant);

	if (demo_cfile && n < len)
		n += (size_t)snprintf(buf + n, len - n, " --variant-file %s", demo_cfile);
	if (vfile && n < len)
		n += (size_t)snprintf(buf + n, len - n, " --variants %s", vfile);
	for (int i = 0; i < com->nset && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " --set %s", com->set[i]);
	if (o->max_executions && n < len)
		n += (size_t)snprintf(buf + n, len - n, " --max-executions %" PRIu64,
				      o->max_executions);
	if (o->time_limit > 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " --time-limit %g", o->time_limit);
	if (mem && n < len)
		n += (size_t)snprintf(buf + n, len - n, " --max-memory %" PRIu64, o->max_memory);
	if (n >= len && len > 4)
		snprintf(buf + len - 4, 4, "...");
}

static const char *status_name(int status)
{
	return status == EXIT_MET ? "met" : status == EXIT_INCOMPLETE ? "incomplete" : "not-met";
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'D' },
		{ "variant", required_argument, NULL, 'v' },
		{ "variants", required_argument, NULL, 'V' },
		{ "variant-file", required_argument, NULL, 'F' },
		{ "set", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "max-executions", required_argument, NULL, 'x' },
		{ "time-limit", required_argument, NULL, 'T' },
		{ "max-memory", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = getenv("FUSEORD_SCENARIOS");
	const char *variants[DEMO_MAX_VARIANTS] = { "pre", "v2", "fixed" };
	int nvariants = 3, status = EXIT_MET, json = 0, nfiles = 0, opt;
	struct cell(*cells)[DEMO_MAX_VARIANTS] = NULL;
	char *names[DEMO_MAX_FILES];
	struct fo_check_opts lim;
	bool seen[128] = { false };
	struct dirent **ents;
	char *vlist = NULL;
	const char *vfile = NULL, *cfile = NULL;
	fo_scenario *vars = NULL;
	struct cli_common com = { .format = FO_FORMAT_TEXT };
	int n;

	fo_check_opts_init(&lim);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (opt > 0 && opt < 128 && opt != 'h' && opt != '?' && opt != 's' && seen[opt]) {
			for (const struct option *p = opts; p->name; p++)
				if (p->val == opt)
					return demo_usage("--%s is given twice", p->name);
		}
		if (opt > 0 && opt < 128)
			seen[opt] = true;
		switch (opt) {
		case 'h':
			fputs(usage_demo, stdout);
			return EXIT_MET;
		case 'D':
			if (!*optarg)
				return demo_usage("--dir wants a directory, got '%s'", optarg);
			dir = optarg;
			break;
		case 'v':
			vlist = optarg;
			break;
		case 'V':
			vfile = optarg;
			break;
		case 'F':
			cfile = optarg;
			break;
		case 's':
			if (cli_parse_common("demo", 's', optarg, &com))
				return EXIT_USAGE;
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return demo_usage("--format takes text or json, not '%s'", optarg);
			json = !strcmp(optarg, "json");
			break;
		case 'x':
			if (cli_parse_u64("demo", "--max-executions", optarg, 1, UINT64_MAX,
					  &lim.max_executions))
				return EXIT_USAGE;
			break;
		case 'T':
			if (cli_parse_seconds("demo", "--time-limit", optarg, &lim.time_limit))
				return EXIT_USAGE;
			break;
		case 'M':
			if (cli_parse_size("demo", "--max-memory", optarg, &lim.max_memory))
				return EXIT_USAGE;
			break;
		default:
			fprintf(stderr, "(see: fuseord demo --help)\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return demo_usage("unexpected argument '%s'", argv[optind]);
	if (!dir)
		dir = default_dir();
	if (cfile) {
		const char *loaded[CLI_MAX_VARIANTS];
		int nloaded = 0;

		if (cli_load_variant_file("demo", cfile, loaded, &nloaded))
			return EXIT_USAGE;
		demo_cfile = cfile;
		for (int i = 0; !vlist && i < nloaded && nvariants < DEMO_MAX_VARIANTS; i++)
			variants[nvariants++] = loaded[i];
		/* in-process: a crash still names its schedule, but ends the table */
		cli_crash_report("demo", cfile, NULL);
	}
	if (vlist) {
		char shown[256];

		snprintf(shown, sizeof(shown), "%s", vlist); /* strtok_r() cuts vlist */
		nvariants = 0;
		if (!*vlist || *vlist == ',' || vlist[strlen(vlist) - 1] == ',' ||
		    strstr(vlist, ",,"))
			return demo_usage("--variant '%s' names no variant (an empty name)", shown);
		for (char *save = NULL, *v = strtok_r(vlist, ",", &save); v;
		     v = strtok_r(NULL, ",", &save)) {
			if (nvariants == DEMO_MAX_VARIANTS)
				return demo_usage("--variant '%s': at most 8 variants", shown);
			for (int j = 0; j < nvariants; j++)
				if (!strcmp(variants[j], v))
					return demo_usage("--variant '%s' names a variant twice",
							  shown);
			variants[nvariants++] = v;
		}
		if (!nvariants)
			return demo_usage("--variant '%s' names no variant", shown);
	}
	lim.set = com.nset ? com.set : NULL;
	if (vfile && !(vars = cli_load_variants(vfile)))
		return EXIT_USAGE;
	lim.variants = vars;
	cells = calloc(DEMO_MAX_FILES, sizeof(*cells));
	if (!cells) {
		fprintf(stderr, "fuseord demo: out of memory\n");
		fo_scenario_free(vars);
		return EXIT_USAGE;
	}
	n = scandir(dir, &ents, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "fuseord demo: cannot read %s: %s (use --dir)\n", dir,
			strerror(errno));
		free(cells);
		fo_scenario_free(vars);
		return EXIT_USAGE;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len > 4 && !strcmp(ents[i]->d_name + len - 4, ".fos") && status != EXIT_USAGE) {
			if (nfiles == DEMO_MAX_FILES) {
				fprintf(stderr, "fuseord demo: more than %d scenarios in %s\n",
					DEMO_MAX_FILES, dir);
				status = EXIT_USAGE;
			} else if (!(names[nfiles] = strdup(ents[i]->d_name))) {
				fprintf(stderr, "fuseord demo: out of memory\n");
				status = EXIT_USAGE;
			} else {
				nfiles++;
			}
		}
		free(ents[i]);
	}
	free(ents);
	if (!nfiles && status != EXIT_USAGE) {
		fprintf(stderr, "fuseord demo: no scenario (*.fos) in %s\n", dir);
		free(cells);
		fo_scenario_free(vars);
		return EXIT_USAGE;
	}
	for (int i = 0; i < nfiles && status != EXIT_USAGE; i++) {
		char path[4096], err[512];
		fo_scenario *sc;

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path)) {
			fprintf(stderr, "fuseord demo: path too long: %s/%s\n", dir, names[i]);
			status = EXIT_USAGE;
			break;
		}
		if (fo_scenario_load(path, &sc, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			status = EXIT_USAGE;
			break;
		}
		for (int j = 0; j < nvariants; j++) {
			struct cell *c = &cells[i][j];
			struct fo_check_opts o = lim;
			struct fo_check_stats st;
			fo_verdict *v;

			if (isatty(2))
				fprintf(stderr, "\r\033[Kchecking %s [%s]", names[i], variants[j]);
			o.variant = variants[j];
			o.strict = true;
			if (fo_check(sc, &o, &v, err, sizeof(err))) {
				fprintf(stderr, "%s%s: %s\n", isatty(2) ? "\n" : "", path, err);
				status = EXIT_USAGE;
				break;
			}
			cell_text(fo_verdict_violated(v), c->text, sizeof(c->text));
			c->status = cli_status(v);
			fo_verdict_stats(v, &st);
			c->limit = st.limit;
			c->has_expect = fo_scenario_expect(sc, variants[j], &c->expected);
			status = cli_worse(status, c->status);
			fo_verdict_free(v);
		}
		fo_scenario_free(sc);
	}
	if (isatty(2))
		fputs("\r\033[K", stderr);
	if (status == EXIT_USAGE)
		goto out;
	if (json) {
		printf("{\"variants\":[");
		for (int j = 0; j < nvariants; j++) {
			printf("%s", j ? "," : "");
			util_json_string(stdout, variants[j]);
		}
		printf("],\"rows\":[");
		for (int i = 0; i < nfiles; i++) {
			printf("%s{\"scenario\":", i ? "," : "");
			util_json_string(stdout, names[i]);
			printf(",\"cells\":[");
			for (int j = 0; j < nvariants; j++) {
				const struct cell *c = &cells[i][j];

				printf("%s{\"verdict\":", j ? "," : "");
				util_json_string(stdout, c->text);
				printf(",\"met\":%s,\"status\":\"%s\",\"complete\":%s,\"limit\":",
				       c->status == EXIT_MET ? "true" : "false",
				       status_name(c->status),
				       c->limit == FO_LIMIT_NONE ? "true" : "false");
				if (c->limit == FO_LIMIT_NONE)
					printf("null}");
				else
					printf("\"%s\"}", verdict_limit_name(c->limit));
			}
			printf("]}");
		}
		printf("],\"all_met\":%s,\"status\":\"%s\"}\n", status ? "false" : "true",
		       status_name(status));
		goto out;
	}
	printf("%-*s", NAME_W, "scenario");
	for (int j = 0; j < nvariants; j++)
		printf(" %-*s", CELL_W, variants[j]);
	printf("\n");
	for (int i = 0; i < nfiles; i++) {
		const char *rest[DEMO_MAX_VARIANTS];
		char name[64];
		bool more = true;
		int line = 0;

		snprintf(name, sizeof(name), "%.*s", (int)strlen(names[i]) - 4, names[i]);
		for (int j = 0; j < nvariants; j++)
			rest[j] = cells[i][j].text;
		while (more) {
			more = false;
			printf("%-*.*s", NAME_W, NAME_W, line ? "" : name);
			for (int j = 0; j < nvariants; j++) {
				const char *p = rest[j];
				int st = cells[i][j].status;
				const char *mark = line                  ? "" :
						   st == EXIT_NOT_MET    ? "*" :
						   st == EXIT_INCOMPLETE ? "?" :
									   "";
				int len =
					*p ? util_next_line(&rest[j], CELL_W - (int)strlen(mark)) :
					     0;

				printf(" %s%-*.*s", mark, CELL_W - (int)strlen(mark), len, p);
				more |= *rest[j] != '\0';
			}
			printf("\n");
			line++;
		}
	}
	for (int i = 0; i < nfiles; i++)
		for (int j = 0; j < nvariants; j++) {
			const struct cell *c = &cells[i][j];
			char want[160], why[128], cmd[1024];

			if (c->status == EXIT_MET)
				continue;
			if (c->has_expect > 0)
				cell_text(c->expected, want, sizeof(want));
			else
				snprintf(want, sizeof(want), "ok (no expect line)");
			check_command(dir, names[i], variants[j], &lim, seen['M'], vfile, &com, cmd,
				      sizeof(cmd));
			if (c->status == EXIT_NOT_MET) {
				printf("* %s [%s]: expected %s, got %s (%s)\n", names[i], variants[j],
				       want, c->text, cmd);
				continue;
			}
			limit_text(c, &lim, why, sizeof(why));
			printf("? %s [%s]: incomplete (%s): expected %s, found so far %s (%s)\n",
			       names[i], variants[j], why, want, c->text, cmd);
		}
	printf("\n%s\n", status == EXIT_NOT_MET ? "NOT every verdict is as its scenario expects" :
			 status == EXIT_INCOMPLETE ? "INCOMPLETE: a limit stopped some cell; none "
						     "contradicts its scenario so far" :
						     "every verdict is as its scenario expects");
out:
	for (int i = 0; i < nfiles; i++)
		free(names[i]);
	free(cells);
	fo_scenario_free(vars);
	return status;
}

/* SPDX-License-Identifier: MIT */
/*
 * demo.c - `fuseord demo`: every shipped scenario under pre, v2 and fixed,
 * explored exhaustively (DPOR, --strict), as one verdict table: a row per
 * scenario, a column per variant, in each cell `ok` or the oracles some
 * schedule violates. A cell that differs from the file's expect line is
 * starred and explained below the table. Exit 0 iff every cell is expected.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "explore/trace.h"
#include "fuseord/fuseord.h"

#define DEMO_MAX_FILES 64
#define NAME_W 32
#define CELL_W 15

static const char usage_demo[] =
	"usage: fuseord demo [--dir DIR] [--variant V[,V...]] [--format text|json]\n"
	"\n"
	"Check every shipped scenario (DIR/*.fos; default: $FUSEORD_SCENARIOS, else\n"
	"share/fuseord/scenarios beside an installed fuseord, else the source tree's\n"
	"scenarios/) under pre, v2 and fixed with exhaustive DPOR and --strict, and\n"
	"print the verdict table: a row per scenario, a column per variant, `ok` or\n"
	"the oracles violated. A starred cell is not what the scenario's expect line\n"
	"says. Exit status: 0 every cell as expected, 1 some cell not, 2 usage or\n"
	"scenario error.\n";

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

int cmd_demo(int argc, char **argv)
{
	const char *dir = getenv("FUSEORD_SCENARIOS");
	const char *variants[8] = { "pre", "v2", "fixed" };
	int nvariants = 3, status = 0, json = 0, nfiles = 0;
	char *names[DEMO_MAX_FILES];
	char cells[DEMO_MAX_FILES][8][160];
	int met[DEMO_MAX_FILES][8];
	unsigned expected[DEMO_MAX_FILES][8];
	int has_expect[DEMO_MAX_FILES][8];
	struct dirent **ents;
	char *vlist = NULL;
	int n;

	if (!dir)
		dir = default_dir();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage_demo, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
			dir = argv[++i];
		} else if (!strcmp(argv[i], "--variant") && i + 1 < argc) {
			vlist = argv[++i];
		} else if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			const char *f = argv[++i];

			if (strcmp(f, "text") && strcmp(f, "json")) {
				fprintf(stderr, "fuseord demo: --format takes text or json, not '%s'\n", f);
				return 2;
			}
			json = !strcmp(f, "json");
		} else if (!strcmp(argv[i], "--dir") || !strcmp(argv[i], "--variant") ||
			   !strcmp(argv[i], "--format")) {
			fprintf(stderr, "fuseord demo: %s needs a value\n(see: fuseord demo --help)\n",
				argv[i]);
			return 2;
		} else {
			fprintf(stderr, "fuseord demo: unexpected argument '%s'\n(see: fuseord demo --help)\n",
				argv[i]);
			return 2;
		}
	}
	if (vlist) {
		nvariants = 0;
		for (char *save = NULL, *v = strtok_r(vlist, ",", &save); v;
		     v = strtok_r(NULL, ",", &save)) {
			if (nvariants == 8) {
				fprintf(stderr, "fuseord demo: at most 8 variants\n");
				return 2;
			}
			variants[nvariants++] = v;
		}
		if (!nvariants) {
			fprintf(stderr, "fuseord demo: --variant names no variant\n");
			return 2;
		}
	}
	n = scandir(dir, &ents, NULL, by_name);
	if (n < 0) {
		fprintf(stderr, "fuseord demo: cannot read %s: %s (use --dir)\n", dir, strerror(errno));
		return 2;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len > 4 && !strcmp(ents[i]->d_name + len - 4, ".fos") && nfiles < DEMO_MAX_FILES)
			names[nfiles++] = strdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	if (!nfiles) {
		fprintf(stderr, "fuseord demo: no scenario (*.fos) in %s\n", dir);
		return 2;
	}
	for (int i = 0; i < nfiles && status != 2; i++) {
		char path[4096], err[512];
		fo_scenario *sc;

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path)) {
			fprintf(stderr, "fuseord demo: path too long: %s/%s\n", dir, names[i]);
			status = 2;
			break;
		}
		if (fo_scenario_load(path, &sc, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			status = 2;
			break;
		}
		for (int j = 0; j < nvariants; j++) {
			struct fo_check_opts o;
			fo_verdict *v;

			if (isatty(2))
				fprintf(stderr, "\r\033[Kchecking %s [%s]", names[i], variants[j]);
			fo_check_opts_init(&o);
			o.variant = variants[j];
			o.strict = true;
			if (fo_check(sc, &o, &v, err, sizeof(err))) {
				fprintf(stderr, "\n%s: %s\n", path, err);
				status = 2;
				break;
			}
			cell_text(fo_verdict_violated(v), cells[i][j], sizeof(cells[i][j]));
			met[i][j] = fo_verdict_met(v) == 1;
			has_expect[i][j] = fo_scenario_expect(sc, variants[j], &expected[i][j]);
			if (!met[i][j])
				status = 1;
			fo_verdict_free(v);
		}
		fo_scenario_free(sc);
	}
	if (isatty(2))
		fputs("\r\033[K", stderr);
	if (status == 2)
		goto out;
	if (json) {
		printf("{\"variants\":[");
		for (int j = 0; j < nvariants; j++) {
			printf("%s", j ? "," : "");
			json_print_string(stdout, variants[j]);
		}
		printf("],\"rows\":[");
		for (int i = 0; i < nfiles; i++) {
			printf("%s{\"scenario\":", i ? "," : "");
			json_print_string(stdout, names[i]);
			printf(",\"cells\":[");
			for (int j = 0; j < nvariants; j++) {
				printf("%s{\"verdict\":", j ? "," : "");
				json_print_string(stdout, cells[i][j]);
				printf(",\"met\":%s}", met[i][j] ? "true" : "false");
			}
			printf("]}");
		}
		printf("],\"all_met\":%s}\n", status ? "false" : "true");
		goto out;
	}
	printf("%-*s", NAME_W, "scenario");
	for (int j = 0; j < nvariants; j++)
		printf(" %-*s", CELL_W, variants[j]);
	printf("\n");
	for (int i = 0; i < nfiles; i++) {
		const char *rest[8];
		char name[64], star[8][CELL_W + 2];
		bool more = true;
		int line = 0;

		snprintf(name, sizeof(name), "%.*s", (int)strlen(names[i]) - 4, names[i]);
		for (int j = 0; j < nvariants; j++) {
			snprintf(star[j], sizeof(star[j]), "%s", met[i][j] ? "" : "*");
			rest[j] = cells[i][j];
		}
		while (more) {
			more = false;
			printf("%-*.*s", NAME_W, NAME_W, line ? "" : name);
			for (int j = 0; j < nvariants; j++) {
				const char *p = rest[j];
				const char *mark = line ? "" : star[j];
				int len = *p ? trace_next_line(&rest[j], CELL_W - (int)strlen(mark)) : 0;

				printf(" %s%-*.*s", mark, CELL_W - (int)strlen(mark), len, p);
				more |= *rest[j] != '\0';
			}
			printf("\n");
			line++;
		}
	}
	for (int i = 0; i < nfiles; i++)
		for (int j = 0; j < nvariants; j++) {
			char want[160];

			if (met[i][j])
				continue;
			if (has_expect[i][j] > 0)
				cell_text(expected[i][j], want, sizeof(want));
			else
				snprintf(want, sizeof(want), "ok (no expect line)");
			printf("* %s [%s]: expected %s, got %s (fuseord check %s/%s --variant %s "
			       "--strict)\n",
			       names[i], variants[j], want, cells[i][j], dir, names[i], variants[j]);
		}
	printf("\n%s\n", status ? "NOT every verdict is as its scenario expects"
				: "every verdict is as its scenario expects");
out:
	for (int i = 0; i < nfiles; i++)
		free(names[i]);
	return status;
}

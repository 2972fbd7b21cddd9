/* SPDX-License-Identifier: MIT */
/*
 * cmd_sweep.c - `fuseord sweep`: every scenario of a scope under every
 * variant (src/sweep/), the report, shards and their merge, the canonical
 * key of a file, the keys of a scope, and the search for minimal fixes.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "fuseord/fuseord.h"
#include "sweep/gen.h"
#include "sweep/sweep.h"

#define MAX_SET 64
#define CMD "sweep"

static const char usage_sweep[] =
	"usage: fuseord sweep [--scope small|medium|large] [SCOPE OPTIONS] [OPTIONS]\n"
	"       fuseord sweep --merge FILE... [--assume NAME]... [--out DIR]\n"
	"       fuseord sweep --canon FILE\n"
	"       fuseord sweep --list [SCOPE OPTIONS]\n"
	"\n"
	"Enumerate every scenario of a scope, canonical up to symmetry (threads of one\n"
	"role are interchangeable; inodes, clones and files renamed), explore each\n"
	"under each variant with DPOR, and report per variant (and assumption set) the\n"
	"oracles violated, how many scenarios violate each and the smallest one.\n"
	"\n"
	"scope (defaults: --scope small, see docs/sweep.md for the presets):\n"
	"  --scope NAME            small (seconds on 2 cores), medium (a minute), large\n"
	"  --apps N|MIN-MAX        threads that open or create\n"
	"  --daemons N|MIN-MAX     threads that reply, notify, write\n"
	"  --others N|MIN-MAX      threads that only fiemap, kill, signal, wait\n"
	"  --threads N             scenario threads in all (at most 4)\n"
	"  --app-ops N, --daemon-ops N, --other-ops N   ops per thread of each role\n"
	"  --ops N                 ops over all threads (0: no limit)\n"
	"  --inodes N, --clones N, --files N            at most this many of each\n"
	"  --close-wait 0|1|0,1, --no-open 0|1|0,1, --writeback-cache 0|1|0,1\n"
	"  --kinds K[,K...]        op kinds used: open, create, io, release, fiemap, reply,\n"
	"                          notify, write, kill, signal, wait (signal and wait go\n"
	"                          together)\n"
	"\n"
	"options:\n"
	"  --variant V[,V...]      variants (default pre,v2,fixed)\n"
	"  --set KNOB=VALUE        a knob override for every pair (repeatable)\n"
	"  --max-executions N      per pair (default 20000; 0: no limit); a pair it stops\n"
	"                          is counted incomplete\n"
	"  --max-steps N           cut an execution after N steps\n"
	"  --time-limit SECONDS    per pair (makes the result depend on the machine)\n"
	"  --assume NAME           also report under a discipline (repeatable):\n"
	"                          one-thread-per-fd, same-fd, close-wait-only, no-no-open\n"
	"  --out DIR               write each smallest counterexample as DIR/*.fos\n"
	"  --jobs N                worker threads (default: every core)\n"
	"  --shard K/N             check only shard K of N; write JSON Lines\n"
	"  --merge FILE...         the report of the shards' JSON Lines, as one run\n"
	"  --fixes BASE            minimal knob changes from BASE that make the scope\n"
	"                          clean, strict and without spurious-fail\n"
	"  --fixes-depth N         at most N knobs changed at once (default 2)\n"
	"  --canon FILE            print FILE's canonical key\n"
	"  --list                  print the canonical key of every scenario of the scope\n"
	"  --progress              a status line on stderr even when it is no terminal\n"
	"  -h, --help              this text\n"
	"\n"
	"The report goes to stdout and is the same whatever --jobs and however the scope\n"
	"is sharded; the time taken goes to stderr. Exit status: 0 the report was made\n"
	"(whatever it found), 2 usage error (a bad scope option says which).\n";

static int usage_error(const char *fmt, const char *a)
{
	fprintf(stderr, "fuseord sweep: ");
	fprintf(stderr, fmt, a);
	fprintf(stderr, "\n(try: fuseord sweep --help)\n");
	return EXIT_USAGE;
}

/* N or MIN-MAX, each in 0..max */
static int parse_range(const char *opt, const char *s, int max, int *lo, int *hi)
{
	char a[16];
	const char *dash = strchr(s, '-');
	uint64_t x, y;

	if (!dash) {
		if (cli_parse_u64(CMD, opt, s, 0, (uint64_t)max, &x))
			return -1;
		*lo = *hi = (int)x;
		return 0;
	}
	if ((size_t)(dash - s) >= sizeof(a))
		return usage_error("%s wants N or MIN-MAX", opt), -1;
	snprintf(a, sizeof(a), "%.*s", (int)(dash - s), s);
	if (cli_parse_u64(CMD, opt, a, 0, (uint64_t)max, &x) ||
	    cli_parse_u64(CMD, opt, dash + 1, 0, (uint64_t)max, &y))
		return -1;
	if (x > y) {
		fprintf(stderr, "fuseord sweep: %s %s: MIN is above MAX\n", opt, s);
		return -1;
	}
	*lo = (int)x;
	*hi = (int)y;
	return 0;
}

static int parse_flag(const char *opt, const char *s, enum sw_flag *out)
{
	if (!strcmp(s, "0"))
		*out = SW_FLAG_OFF;
	else if (!strcmp(s, "1"))
		*out = SW_FLAG_ON;
	else if (!strcmp(s, "0,1") || !strcmp(s, "1,0") || !strcmp(s, "both"))
		*out = SW_FLAG_BOTH;
	else {
		fprintf(stderr, "fuseord sweep: %s wants 0, 1 or 0,1, got '%s'\n", opt, s);
		return -1;
	}
	return 0;
}

static int parse_kinds(const char *s, unsigned *out)
{
	char buf[256], *save = NULL;

	if (strlen(s) >= sizeof(buf)) {
		fprintf(stderr, "fuseord sweep: --kinds: list too long\n");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", s);
	*out = 0;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int k;

		for (k = 0; k < SW_NKINDS; k++)
			if (!strcmp(t, fo_sw_kind_name(k)))
				break;
		if (k == SW_NKINDS) {
			fprintf(stderr,
				"fuseord sweep: --kinds: unknown op kind '%s' (open, create, io, "
				"release, fiemap, reply, notify, write, kill, signal, wait)\n",
				t);
			return -1;
		}
		*out |= SW_KIND_BIT(k);
	}
	if (!(*out & SW_KIND_BIT(SW_SIGNAL)) != !(*out & SW_KIND_BIT(SW_WAIT))) {
		fprintf(stderr, "fuseord sweep: --kinds: signal and wait go together\n");
		return -1;
	}
	return 0;
}

static int parse_variants(char *arg, struct sw_run_opts *o)
{
	char *save = NULL;

	o->nvariants = 0;
	for (char *t = strtok_r(arg, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		bool known = !strcmp(t, "fixed");

		for (int i = 0; i < fo_variant_count(); i++)
			known |= !strcmp(t, fo_variant_name(i));
		if (!known) {
			fprintf(stderr,
				"fuseord sweep: --variant: unknown variant '%s' (see fuseord "
				"variants)\n",
				t);
			return -1;
		}
		for (int i = 0; i < o->nvariants; i++)
			if (!strcmp(o->variants[i], t)) {
				fprintf(stderr, "fuseord sweep: --variant names %s twice\n", t);
				return -1;
			}
		if (o->nvariants == SW_MAX_VARIANTS) {
			fprintf(stderr, "fuseord sweep: --variant: at most %d variants\n",
				SW_MAX_VARIANTS);
			return -1;
		}
		o->variants[o->nvariants++] = t;
	}
	if (!o->nvariants) {
		fprintf(stderr, "fuseord sweep: --variant: no variant given\n");
		return -1;
	}
	return 0;
}


static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- --canon, --list ---- */

static int do_canon(const char *path)
{
	fo_scenario *sc;
	struct sw_scn s, c;
	char err[512], key[SW_KEY_LEN];

	if (fo_scenario_load(path, &sc, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return EXIT_USAGE;
	}
	if (fo_sw_from_scenario(sc, &s, err, sizeof(err))) {
		fprintf(stderr, "fuseord sweep: %s: %s\n", path, err);
		fo_scenario_free(sc);
		return EXIT_USAGE;
	}
	fo_scenario_free(sc);
	fo_sw_canon(&s, &c);
	fo_sw_key(&c, key, sizeof(key));
	printf("%s\n", key);
	return EXIT_MET;
}

static int list_one(void *priv, const struct sw_scn *s, uint64_t index)
{
	char key[SW_KEY_LEN];

	(void)priv;
	fo_sw_key(s, key, sizeof(key));
	printf("%" PRIu64 "\t%s\n", index, key);
	return 0;
}

/* ---- --fixes ---- */

/* One knob change: knob index and a value. */
struct change {
	int knob;
	char value[16];
};

/* The values a knob takes, from its description ("a|b|c"; a range gives its ends). */
static int knob_values(int k, char vals[][16], int max)
{
	const char *v = fo_knob_values(k), *dots = strstr(v, "..");
	int n = 0;

	if (dots) {
		snprintf(vals[n++], 16, "%.*s", (int)(dots - v), v);
		snprintf(vals[n++], 16, "%s", dots + 2);
		return n;
	}
	while (*v && n < max) {
		const char *bar = strchr(v, '|');
		size_t l = bar ? (size_t)(bar - v) : strlen(v);

		snprintf(vals[n++], 16, "%.*s", (int)l, v);
		v += l + (bar ? 1 : 0);
	}
	return n;
}

/* Per assumption set: clean under --strict, clean but for spurious-fail. */
static void judge(const struct sw_results *rs, const unsigned *sets, int nsets, bool *strict,
		  bool *nosf)
{
	for (int s = 0; s < nsets; s++) {
		strict[s] = nosf[s] = true;
		for (size_t i = 0; i < rs->n; i++) {
			const struct sw_result *r = &rs->r[i];

			if ((r->assume & sets[s]) != sets[s])
				continue;
			if (r->pair[0].violated || !r->pair[0].complete)
				strict[s] = false;
			if ((r->pair[0].violated & ~(unsigned)FO_ORACLE_SPURIOUS_FAIL) ||
			    !r->pair[0].complete)
				nosf[s] = false;
		}
	}
}

#define MAX_CAND 4096
#define MAX_DEPTH 3

struct cand {
	int n;
	struct change c[MAX_DEPTH];
	bool strict[SW_NASSUME + 2], nosf[SW_NASSUME + 2];
	bool run;
};

static bool subset_of(const struct cand *a, const struct cand *b)
{
	for (int i = 0; i < a->n; i++) {
		bool found = false;

		for (int j = 0; j < b->n; j++)
			found |= a->c[i].knob == b->c[j].knob &&
				 !strcmp(a->c[i].value, b->c[j].value);
		if (!found)
			return false;
	}
	return true;
}

static void cand_text(const struct cand *c, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!c->n)
		snprintf(buf, len, "(none)");
	for (int i = 0; i < c->n && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s=%s", i ? " " : "",
				      fo_knob_name(c->c[i].knob), c->c[i].value);
}

static int do_fixes(const struct sw_scope *scope, struct sw_run_opts *o, const char *base,
		    unsigned assume, int depth, const char *scope_text)
{
	static struct cand cands[MAX_CAND];
	struct change all[64];
	int nall = 0, ncand = 0, nsets = 0, nrun = 0;
	unsigned sets[SW_NASSUME + 2];
	char err[512];
	double t0 = now();

	sets[nsets++] = 0;
	for (int a = 0; a < SW_NASSUME; a++)
		if (assume & (1u << a))
			sets[nsets++] = 1u << a;
	if (nsets > 2)
		sets[nsets++] = assume;
	/* every single change from BASE */
	for (int k = 0; k < fo_knob_count(); k++) {
		char vals[8][16], cur[16];
		int nv = knob_values(k, vals, 8);

		fo_variant_knob(base, fo_knob_name(k), cur, sizeof(cur));
		for (int i = 0; i < nv && nall < 64; i++)
			if (strcmp(vals[i], cur)) {
				all[nall].knob = k;
				snprintf(all[nall++].value, sizeof(all[0].value), "%.15s", vals[i]);
			}
	}
	/* change sets by size, each knob at most once, in a fixed order */
	cands[ncand++] = (struct cand){ .n = 0 };
	for (int d = 1; d <= depth; d++) {
		int idx[MAX_DEPTH];

		for (int i = 0; i < d; i++)
			idx[i] = i;
		while (d <= nall) {
			bool ok = true;

			for (int i = 0; i < d && ok; i++)
				for (int j = 0; j < i; j++)
					ok &= all[idx[i]].knob != all[idx[j]].knob;
			if (ok && ncand < MAX_CAND) {
				cands[ncand].n = d;
				for (int i = 0; i < d; i++)
					cands[ncand].c[i] = all[idx[i]];
				ncand++;
			}
			/* next combination */
			{
				int i = d - 1;

				while (i >= 0 && idx[i] == nall - d + i)
					i--;
				if (i < 0)
					break;
				idx[i]++;
				for (int j = i + 1; j < d; j++)
					idx[j] = idx[j - 1] + 1;
			}
		}
	}
	o->nvariants = 1;
	o->variants[0] = base;
	for (int c = 0; c < ncand; c++) {
		const char *set[MAX_SET + MAX_DEPTH + 1];
		char vals[MAX_DEPTH][64];
		struct sw_results rs;
		bool need = false;
		int n = 0;

		/* worth running only if some criterion has no clean subset yet */
		for (int s = 0; s < nsets && !need; s++)
			for (int crit = 0; crit < 2 && !need; crit++) {
				bool covered = false;

				for (int p = 0; p < c && !covered; p++)
					covered = cands[p].run &&
						  (crit ? cands[p].nosf[s] : cands[p].strict[s]) &&
						  subset_of(&cands[p], &cands[c]);
				need = !covered;
			}
		if (!need)
			continue;
		for (int i = 0; o->set && o->set[i] && n < MAX_SET; i++)
			set[n++] = o->set[i];
		for (int i = 0; i < cands[c].n; i++) {
			snprintf(vals[i], sizeof(vals[i]), "%s=%s",
				 fo_knob_name(cands[c].c[i].knob), cands[c].c[i].value);
			set[n++] = vals[i];
		}
		set[n] = NULL;
		{
			const char *const *keep = o->set;

			o->set = set;
			if (fo_sw_run(scope, o, &rs, err, sizeof(err))) {
				fprintf(stderr, "fuseord sweep: %s\n", err);
				o->set = keep;
				return EXIT_USAGE;
			}
			o->set = keep;
		}
		judge(&rs, sets, nsets, cands[c].strict, cands[c].nosf);
		cands[c].run = true;
		nrun++;
		fo_sw_results_free(&rs);
	}
	printf("fixes from %s: %s\n", base, scope_text);
	printf("change sets of up to %d knobs; %d of %d candidates run (the others have a clean "
	       "subset)\n\n",
	       depth, nrun, ncand);
	printf("%-36s %-40s %s\n", "assumptions", "clean under --strict (minimal sets)",
	       "clean but for spurious-fail (minimal sets)");
	for (int s = 0; s < nsets; s++) {
		char name[256] = "";
		size_t nn = 0;

		for (int a = 0; a < SW_NASSUME; a++)
			if (sets[s] & (1u << a))
				nn += (size_t)snprintf(name + nn, sizeof(name) - nn, "%s%s",
						       nn ? "+" : "", fo_sw_assume_name(a));
		if (!sets[s])
			snprintf(name, sizeof(name), "none");
		for (int crit = 0; crit < 2; crit++) {
			char line[4096] = "";
			size_t ln = 0;

			for (int c = 0; c < ncand; c++) {
				bool minimal = true;
				char t[256];

				if (!cands[c].run ||
				    !(crit ? cands[c].nosf[s] : cands[c].strict[s]))
					continue;
				for (int p = 0; p < c && minimal; p++)
					minimal =
						!(cands[p].run &&
						  (crit ? cands[p].nosf[s] : cands[p].strict[s]) &&
						  subset_of(&cands[p], &cands[c]));
				if (!minimal)
					continue;
				cand_text(&cands[c], t, sizeof(t));
				ln += (size_t)snprintf(line + ln, sizeof(line) - ln, "%s{%s}",
						       ln ? " " : "", t);
			}
			if (!ln)
				snprintf(line, sizeof(line), "none within %d changes", depth);
			if (!crit)
				printf("%-36s %-40s ", name, line);
			else
				printf("%s\n", line);
		}
	}
	/* the built-in variants, as change sets from BASE */
	printf("\nbuilt-in variants (changes from %s; strict / but for spurious-fail, per "
	       "assumption set above):\n",
	       base);
	for (int i = 0; i < fo_variant_count(); i++) {
		const char *vn = fo_variant_name(i);
		struct sw_results rs;
		bool strict[SW_NASSUME + 2], nosf[SW_NASSUME + 2];
		char diff[512] = "";
		size_t dn = 0;

		for (int k = 0; k < fo_knob_count(); k++) {
			char a[16], b[16];

			fo_variant_knob(base, fo_knob_name(k), a, sizeof(a));
			fo_variant_knob(vn, fo_knob_name(k), b, sizeof(b));
			if (strcmp(a, b))
				dn += (size_t)snprintf(diff + dn, sizeof(diff) - dn, "%s%s=%s",
						       dn ? " " : "", fo_knob_name(k), b);
		}
		o->variants[0] = vn;
		if (fo_sw_run(scope, o, &rs, err, sizeof(err))) {
			fprintf(stderr, "fuseord sweep: %s\n", err);
			return EXIT_USAGE;
		}
		judge(&rs, sets, nsets, strict, nosf);
		fo_sw_results_free(&rs);
		printf("  %-6s", vn);
		for (int s = 0; s < nsets; s++)
			printf(" %s/%s", strict[s] ? "clean" : "no", nosf[s] ? "clean" : "no");
		printf("   {%s}\n", dn ? diff : "(none)");
	}
	fprintf(stderr, "fuseord sweep: time %.1f s\n", now() - t0);
	return EXIT_MET;
}

/* ---- the command ---- */

enum {
	OPT_SCOPE = 256,
	OPT_APPS,
	OPT_DAEMONS,
	OPT_OTHERS,
	OPT_THREADS,
	OPT_APP_OPS,
	OPT_DAEMON_OPS,
	OPT_OTHER_OPS,
	OPT_OPS,
	OPT_INODES,
	OPT_CLONES,
	OPT_FILES,
	OPT_CLOSE_WAIT,
	OPT_NO_OPEN,
	OPT_WBC,
	OPT_KINDS,
	OPT_VARIANT,
	OPT_SET,
	OPT_MAX_EXEC,
	OPT_MAX_STEPS,
	OPT_TIME_LIMIT,
	OPT_ASSUME,
	OPT_OUT,
	OPT_JOBS,
	OPT_SHARD,
	OPT_MERGE,
	OPT_FIXES,
	OPT_FIXES_DEPTH,
	OPT_CANON,
	OPT_LIST,
	OPT_PROGRESS,
};

/* The variants and knob overrides the shards' header gave, allocated there. */
static void free_merged_opts(struct sw_run_opts *o)
{
	for (int i = 0; i < o->nvariants; i++)
		free((void *)o->variants[i]);
	o->nvariants = 0;
	for (int i = 0; o->set && o->set[i]; i++)
		free((void *)o->set[i]);
	o->set = NULL;
}

int cmd_sweep(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scope", required_argument, NULL, OPT_SCOPE },
		{ "apps", required_argument, NULL, OPT_APPS },
		{ "daemons", required_argument, NULL, OPT_DAEMONS },
		{ "others", required_argument, NULL, OPT_OTHERS },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "app-ops", required_argument, NULL, OPT_APP_OPS },
		{ "daemon-ops", required_argument, NULL, OPT_DAEMON_OPS },
		{ "other-ops", required_argument, NULL, OPT_OTHER_OPS },
		{ "ops", required_argument, NULL, OPT_OPS },
		{ "inodes", required_argument, NULL, OPT_INODES },
		{ "clones", required_argument, NULL, OPT_CLONES },
		{ "files", required_argument, NULL, OPT_FILES },
		{ "close-wait", required_argument, NULL, OPT_CLOSE_WAIT },
		{ "no-open", required_argument, NULL, OPT_NO_OPEN },
		{ "writeback-cache", required_argument, NULL, OPT_WBC },
		{ "kinds", required_argument, NULL, OPT_KINDS },
		{ "variant", required_argument, NULL, OPT_VARIANT },
		{ "set", required_argument, NULL, OPT_SET },
		{ "max-executions", required_argument, NULL, OPT_MAX_EXEC },
		{ "max-steps", required_argument, NULL, OPT_MAX_STEPS },
		{ "time-limit", required_argument, NULL, OPT_TIME_LIMIT },
		{ "assume", required_argument, NULL, OPT_ASSUME },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "merge", no_argument, NULL, OPT_MERGE },
		{ "fixes", required_argument, NULL, OPT_FIXES },
		{ "fixes-depth", required_argument, NULL, OPT_FIXES_DEPTH },
		{ "canon", required_argument, NULL, OPT_CANON },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sw_scope scope, given = { 0 };
	unsigned given_mask = 0; /* which scope fields the command line set */
	struct sw_run_opts o = { .max_executions = 20000, .jobs = cli_cores() };
	const char *set[MAX_SET + 1] = { NULL };
	int nset = 0, c, fixes_depth = 2;
	unsigned assume = 0;
	const char *scope_name = "small", *out_dir = NULL, *fixes = NULL, *canon = NULL;
	bool list = false, merge = false, progress = false, seen[OPT_PROGRESS + 1] = { false };
	char variants_arg[256] = "pre,v2,fixed", scope_text[1024], err[512];
	uint64_t n;
	int ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c >= OPT_SCOPE && c <= OPT_PROGRESS && c != OPT_SET && c != OPT_ASSUME) {
			if (seen[c]) {
				fprintf(stderr, "fuseord sweep: %s given twice\n",
					argv[optind - 1]);
				return EXIT_USAGE;
			}
			seen[c] = true;
		}
		switch (c) {
		case 'h':
			fputs(usage_sweep, stdout);
			return EXIT_MET;
		case OPT_SCOPE:
			if (fo_sw_scope_preset(optarg, &scope))
				return usage_error(
					"--scope: unknown scope '%s' (small, medium, large)",
					optarg);
			scope_name = optarg;
			break;
#define RANGE(OPT, NAME, LO, HI, BIT)                                                \
	case OPT:                                                                    \
		if (parse_range(NAME, optarg, SW_MAX_THREADS, &given.LO, &given.HI)) \
			return EXIT_USAGE;                                           \
		given_mask |= BIT;                                                   \
		break
			RANGE(OPT_APPS, "--apps", app_min, app_max, 1u << 0);
			RANGE(OPT_DAEMONS, "--daemons", daemon_min, daemon_max, 1u << 1);
			RANGE(OPT_OTHERS, "--others", other_min, other_max, 1u << 2);
#undef RANGE
#define NUM(OPT, NAME, FIELD, MAX, BIT)                           \
	case OPT:                                                 \
		if (cli_parse_u64(CMD, NAME, optarg, 0, MAX, &n)) \
			return EXIT_USAGE;                        \
		given.FIELD = (int)n;                             \
		given_mask |= BIT;                                \
		break
			NUM(OPT_THREADS, "--threads", threads_max, SW_MAX_THREADS, 1u << 3);
			NUM(OPT_APP_OPS, "--app-ops", app_ops, SW_MAX_OPS, 1u << 4);
			NUM(OPT_DAEMON_OPS, "--daemon-ops", daemon_ops, SW_MAX_OPS, 1u << 5);
			NUM(OPT_OTHER_OPS, "--other-ops", other_ops, SW_MAX_OPS, 1u << 6);
			NUM(OPT_OPS, "--ops", ops_total, SW_MAX_THREADS * SW_MAX_OPS, 1u << 7);
			NUM(OPT_INODES, "--inodes", inodes, SW_MAX_INODES, 1u << 8);
			NUM(OPT_CLONES, "--clones", clones, SW_MAX_DEVS - 1, 1u << 9);
			NUM(OPT_FILES, "--files", files, SW_MAX_FILES, 1u << 10);
#undef NUM
		case OPT_CLOSE_WAIT:
			if (parse_flag("--close-wait", optarg, &given.close_wait))
				return EXIT_USAGE;
			given_mask |= 1u << 11;
			break;
		case OPT_NO_OPEN:
			if (parse_flag("--no-open", optarg, &given.no_open))
				return EXIT_USAGE;
			given_mask |= 1u << 12;
			break;
		case OPT_WBC:
			if (parse_flag("--writeback-cache", optarg, &given.writeback_cache))
				return EXIT_USAGE;
			given_mask |= 1u << 13;
			break;
		case OPT_KINDS:
			if (parse_kinds(optarg, &given.kinds))
				return EXIT_USAGE;
			given_mask |= 1u << 14;
			break;
		case OPT_VARIANT:
			if (strlen(optarg) >= sizeof(variants_arg))
				return usage_error("--variant: list too long: %s", optarg);
			snprintf(variants_arg, sizeof(variants_arg), "%s", optarg);
			break;
		case OPT_SET:
			if (nset == MAX_SET)
				return usage_error("--set: at most 64 of them%s", "");
			if (!strchr(optarg, '='))
				return usage_error("--set wants KNOB=VALUE, got '%s'", optarg);
			set[nset++] = optarg;
			break;
		case OPT_MAX_EXEC:
			if (cli_parse_u64(CMD, "--max-executions", optarg, 0, UINT64_MAX,
					  &o.max_executions))
				return EXIT_USAGE;
			break;
		case OPT_MAX_STEPS:
			if (cli_parse_u64(CMD, "--max-steps", optarg, 1, FO_MAX_STEPS, &o.max_steps))
				return EXIT_USAGE;
			break;
		case OPT_TIME_LIMIT:
			if (cli_parse_seconds(CMD, "--time-limit", optarg, &o.time_limit))
				return EXIT_USAGE;
			break;
		case OPT_ASSUME: {
			int a = fo_sw_assume_parse(optarg);

			if (a < 0)
				return usage_error("--assume: unknown discipline '%s' "
						   "(one-thread-per-fd, same-fd, close-wait-only, "
						   "no-no-open)",
						   optarg);
			if (assume & (1u << a))
				return usage_error("--assume %s given twice", optarg);
			assume |= 1u << a;
			break;
		}
		case OPT_OUT:
			out_dir = optarg;
			break;
		case OPT_JOBS:
			if (cli_parse_u64(CMD, "--jobs", optarg, 1, 256, &n))
				return EXIT_USAGE;
			o.jobs = (int)n;
			break;
		case OPT_SHARD: {
			unsigned k, nn;
			char tail;

			if (sscanf(optarg, "%u/%u%c", &k, &nn, &tail) != 2 || nn < 1 || k < 1 ||
			    k > nn || nn > 1000000)
				return usage_error("--shard wants K/N with 1 <= K <= N, got '%s'",
						   optarg);
			o.shard_k = (int)k;
			o.shard_n = (int)nn;
			break;
		}
		case OPT_MERGE:
			merge = true;
			break;
		case OPT_FIXES:
			fixes = optarg;
			break;
		case OPT_FIXES_DEPTH:
			if (cli_parse_u64(CMD, "--fixes-depth", optarg, 0, MAX_DEPTH, &n))
				return EXIT_USAGE;
			fixes_depth = (int)n;
			break;
		case OPT_CANON:
			canon = optarg;
			break;
		case OPT_LIST:
			list = true;
			break;
		case OPT_PROGRESS:
			progress = true;
			break;
		default:
			if (optopt && optopt < 256 && optopt != '?')
				return usage_error("unknown option -%c",
						   (char[]){ (char)optopt, 0 });
			return usage_error("unknown option or missing value: %s", argv[optind - 1]);
		}
	}
	if (canon) {
		if (optind < argc || merge || list || fixes || o.shard_n)
			return usage_error("--canon FILE takes no other argument or mode%s", "");
		return do_canon(canon);
	}
	if (merge + list + (fixes != NULL) + (o.shard_n != 0) > 1)
		return usage_error("--merge, --list, --fixes and --shard are separate modes%s", "");
	if (!merge && optind < argc)
		return usage_error("unexpected argument '%s' (only --merge takes files)",
				   argv[optind]);
	if (merge && optind == argc)
		return usage_error("--merge wants the shard files%s", "");
	/* --out DIR is made if it is missing: a first run keeps its files */
	if (out_dir && mkdir(out_dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "fuseord sweep: --out: cannot create %s: %s\n", out_dir,
			strerror(errno));
		return EXIT_USAGE;
	}
	if (merge && (given_mask || seen[OPT_SCOPE] || seen[OPT_VARIANT] || nset ||
		      seen[OPT_MAX_EXEC] || seen[OPT_MAX_STEPS] || seen[OPT_TIME_LIMIT]))
		return usage_error("--merge takes the scope and options from the shards%s", "");
	if (!merge) {
		if (!seen[OPT_SCOPE])
			fo_sw_scope_preset(scope_name, &scope);
#define TAKE(BIT, ...)                    \
	do {                              \
		if (given_mask & (BIT)) { \
			__VA_ARGS__;      \
		}                         \
	} while (0)
		TAKE(1u << 0, scope.app_min = given.app_min; scope.app_max = given.app_max);
		TAKE(1u << 1, scope.daemon_min = given.daemon_min;
		     scope.daemon_max = given.daemon_max);
		TAKE(1u << 2, scope.other_min = given.other_min; scope.other_max = given.other_max);
		TAKE(1u << 3, scope.threads_max = given.threads_max);
		TAKE(1u << 4, scope.app_ops = given.app_ops);
		TAKE(1u << 5, scope.daemon_ops = given.daemon_ops);
		TAKE(1u << 6, scope.other_ops = given.other_ops);
		TAKE(1u << 7, scope.ops_total = given.ops_total);
		TAKE(1u << 8, scope.inodes = given.inodes);
		TAKE(1u << 9, scope.clones = given.clones);
		TAKE(1u << 10, scope.files = given.files);
		TAKE(1u << 11, scope.close_wait = given.close_wait);
		TAKE(1u << 12, scope.no_open = given.no_open);
		TAKE(1u << 13, scope.writeback_cache = given.writeback_cache);
		TAKE(1u << 14, scope.kinds = given.kinds);
#undef TAKE
		if (fo_sw_scope_check(&scope, err, sizeof(err))) {
			fprintf(stderr,
				"fuseord sweep: bad scope: %s\n(try: fuseord sweep --help)\n", err);
			return EXIT_USAGE;
		}
		fo_sw_scope_format(&scope, scope_text, sizeof(scope_text));
		if (parse_variants(variants_arg, &o))
			return EXIT_USAGE;
		o.set = nset ? set : NULL;
	}
	o.progress = progress || isatty(STDERR_FILENO);
	if (list) {
		fo_sw_enumerate(&scope, list_one, NULL);
		return EXIT_MET;
	}
	if (fixes) {
		bool known = !strcmp(fixes, "fixed");

		for (int i = 0; i < fo_variant_count(); i++)
			known |= !strcmp(fixes, fo_variant_name(i));
		if (!known)
			return usage_error("--fixes: unknown variant '%s'", fixes);
		return do_fixes(&scope, &o, fixes, assume, fixes_depth, scope_text);
	}
	{
		struct sw_results rs;
		struct sw_report_opts ro = { .assume = assume,
					     .out_dir = out_dir,
					     .scope_text = scope_text };
		double t0 = now();

		if (merge) {
			/* the shards' header says which; nothing of ours to free later */
			o.nvariants = 0;
			o.set = NULL;
		}
		if (merge)
			ret = fo_sw_read_jsonl((const char *const *)argv + optind, argc - optind,
					       scope_text, sizeof(scope_text), &o, &rs, err,
					       sizeof(err));
		else
			ret = fo_sw_run(&scope, &o, &rs, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "fuseord sweep: %s\n", err[0] ? err : strerror(-ret));
			if (merge)
				free_merged_opts(&o);
			return EXIT_USAGE;
		}
		if (o.shard_n)
			fo_sw_write_jsonl(stdout, &scope, &o, &rs);
		else
			fo_sw_report(stdout, &o, &rs, &ro);
		fo_sw_results_free(&rs);
		if (merge)
			free_merged_opts(&o);
		fprintf(stderr, "fuseord sweep: time %.1f s (%d jobs)\n", now() - t0, o.jobs);
	}
	return EXIT_MET;
}

/* SPDX-License-Identifier: MIT */
/*
 * bench.h - what every benchmark program needs: the options they share, a
 * monotonic clock, medians with their spread, the machine for the report
 * header, and a small JSON writer (one object: a header, then a flat list of
 * records, one a line).
 *
 * Each program includes it once; the writer's state is static here.
 */
#ifndef FUSEORD_BENCH_H
#define FUSEORD_BENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef FUSEORD_BUILD_TYPE
#define FUSEORD_BUILD_TYPE ""
#endif

#define BENCH_MAX_REPEAT 101

/* The options every program takes; repeat is 0 where --repeat is not given. */
struct bench_opts {
	int repeat;
	bool quick;
	const char *json;
};

/*
 * Read --quick, --repeat N (1..BENCH_MAX_REPEAT), --json FILE and -h/--help
 * into @o. Any other argument goes to @extra, if not NULL, which returns true
 * when it takes argv[*i] (advancing *i past the operands it takes). --help
 * prints @usage on stdout, a bad argument on stderr.
 * Return: -1 to go on, else the exit status: 0 after --help, 2 after a bad
 * argument.
 */
static inline int bench_parse_args(int argc, char **argv, struct bench_opts *o,
				   void (*usage)(const char *prog, FILE *f),
				   bool (*extra)(int argc, char **argv, int *i))
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			o->quick = true;
		} else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) {
			char *end;

			o->repeat = (int)strtol(argv[++i], &end, 10);
			if (*end || o->repeat < 1 || o->repeat > BENCH_MAX_REPEAT) {
				usage(argv[0], stderr);
				return 2;
			}
		} else if (!strcmp(argv[i], "--json") && i + 1 < argc) {
			o->json = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(argv[0], stdout);
			return 0;
		} else if (!extra || !extra(argc, argv, &i)) {
			usage(argv[0], stderr);
			return 2;
		}
	}
	return -1;
}

static inline double bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of n values and their spread. */
struct bench_fig {
	double med, min, max;
	int n;
};

static inline struct bench_fig bench_fig_of(const double *v, int n)
{
	double s[BENCH_MAX_REPEAT];
	struct bench_fig f = { 0, 0, 0, n };

	if (n <= 0)
		return f;
	if (n > BENCH_MAX_REPEAT)
		n = f.n = BENCH_MAX_REPEAT;
	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), bench_cmp_double);
	f.med = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	f.min = s[0];
	f.max = s[n - 1];
	return f;
}

/* The "model name" line of /proc/cpuinfo, or "unknown". */
static inline void bench_cpu_model(char *buf, size_t len)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, len, "unknown");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) || !colon)
			continue;
		colon += 1 + strspn(colon + 1, " \t");
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(buf, len, "%s", colon);
		break;
	}
	if (f)
		fclose(f);
}

struct bench_machine {
	char arch[72], kernel[160], cpu[160];
	long cpus;
	double load; /* 1-minute load average at start, -1 if unknown */
};

static inline void bench_machine_of(struct bench_machine *m)
{
	struct utsname u;
	FILE *f;

	memset(m, 0, sizeof(*m));
	if (!uname(&u)) {
		snprintf(m->arch, sizeof(m->arch), "%s", u.machine);
		snprintf(m->kernel, sizeof(m->kernel), "%s %s", u.sysname, u.release);
	}
	m->cpus = sysconf(_SC_NPROCESSORS_ONLN);
	bench_cpu_model(m->cpu, sizeof(m->cpu));
	m->load = -1;
	f = fopen("/proc/loadavg", "r");
	if (f) {
		if (fscanf(f, "%lf", &m->load) != 1)
			m->load = -1;
		fclose(f);
	}
}

static inline bool bench_release_build(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	return false;
#else
	return !strcmp(FUSEORD_BUILD_TYPE, "Release");
#endif
}

/* The header bullets every program prints, and the warning for a debug build. */
static inline void bench_print_machine(const struct bench_machine *m)
{
	printf("- machine: %s, %ld CPUs, %s (%s)\n", m->arch, m->cpus, m->cpu, m->kernel);
	printf("- load average at start: %.2f%s\n", m->load,
	       m->load > 0.5 ? " (other work is running: figures are slower and noisier)" : "");
	printf("- build: %s\n", *FUSEORD_BUILD_TYPE ? FUSEORD_BUILD_TYPE : "(none given)");
}

static inline void bench_print_build_warning(void)
{
	if (!bench_release_build())
		printf("> **Warning: not a release build (%s): these figures do not represent "
		       "the library. Configure with -DCMAKE_BUILD_TYPE=Release.**\n\n",
		       *FUSEORD_BUILD_TYPE ? FUSEORD_BUILD_TYPE : "no build type");
}

/* ---- JSON ---- */

static FILE *bench_jf;
static int bench_jrecords;

static inline void bench_j_str(const char *s)
{
	fputc('"', bench_jf);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(bench_jf, "\\%c", c);
		else if (c < 0x20)
			fprintf(bench_jf, "\\u%04x", c);
		else
			fputc(c, bench_jf);
	}
	fputc('"', bench_jf);
}

static inline void bench_j_key(const char *k)
{
	fputc(',', bench_jf);
	bench_j_str(k);
	fputc(':', bench_jf);
}

static inline void bench_j_kstr(const char *k, const char *v)
{
	if (!bench_jf)
		return;
	bench_j_key(k);
	bench_j_str(v);
}

static inline void bench_j_knum(const char *k, double v)
{
	if (!bench_jf)
		return;
	bench_j_key(k);
	fprintf(bench_jf, "%.9g", v);
}

static inline void bench_j_ku64(const char *k, uint64_t v)
{
	if (!bench_jf)
		return;
	bench_j_key(k);
	fprintf(bench_jf, "%llu", (unsigned long long)v);
}

static inline void bench_j_kbool(const char *k, bool v)
{
	if (!bench_jf)
		return;
	bench_j_key(k);
	fputs(v ? "true" : "false", bench_jf);
}

static inline void bench_j_kfig(const char *k, const struct bench_fig *f)
{
	if (!bench_jf)
		return;
	bench_j_key(k);
	fprintf(bench_jf, "{\"median\":%.9g,\"min\":%.9g,\"max\":%.9g,\"runs\":%d}", f->med,
		f->min, f->max, f->n);
}

/* The same for a figure returned by value. */
static inline void bench_j_kfig_of(const char *k, struct bench_fig f)
{
	bench_j_kfig(k, &f);
}

/* A record: {"table":TABLE, ...}; the keys follow, then bench_j_end(). */
static inline void bench_j_begin(const char *table)
{
	if (!bench_jf)
		return;
	fprintf(bench_jf, "%s\n  {\"table\":", bench_jrecords++ ? "," : "");
	bench_j_str(table);
}

static inline void bench_j_end(void)
{
	if (bench_jf)
		fputc('}', bench_jf);
}

/* A goal of the issue and whether this run met it, in the report's words. */
static inline void bench_j_goal(const char *goal, const char *measured, bool met)
{
	bench_j_begin("goal");
	bench_j_kstr("goal", goal);
	bench_j_kstr("measured", measured);
	bench_j_kbool("met", met);
	bench_j_end();
}

/* Open @path and write the header; the records follow. Return: 0 or -1. */
static inline int bench_j_open(const char *path, const char *bench, const struct bench_machine *m,
			       int repeat, bool quick)
{
	bench_jf = fopen(path, "w");
	if (!bench_jf) {
		perror(path);
		return -1;
	}
	fprintf(bench_jf, "{\"bench\":");
	bench_j_str(bench);
	fprintf(bench_jf, ",\"machine\":{\"arch\":");
	bench_j_str(m->arch);
	bench_j_kstr("kernel", m->kernel);
	bench_j_kstr("cpu", m->cpu);
	bench_j_ku64("cpus", (uint64_t)m->cpus);
	bench_j_knum("load", m->load);
	fputc('}', bench_jf);
	bench_j_kstr("build_type", FUSEORD_BUILD_TYPE);
	bench_j_kbool("release", bench_release_build());
	bench_j_ku64("repeat", (uint64_t)repeat);
	bench_j_kbool("quick", quick);
	fprintf(bench_jf, ",\"records\":[");
	return 0;
}

/* Close the record list and the file. Return: 0 or -1. */
static inline int bench_j_close(const char *path, double total_seconds)
{
	if (!bench_jf)
		return 0;
	fprintf(bench_jf, "\n],\"total_seconds\":%.3f}\n", total_seconds);
	if (fclose(bench_jf)) {
		perror(path);
		bench_jf = NULL;
		return -1;
	}
	bench_jf = NULL;
	return 0;
}

#endif /* FUSEORD_BENCH_H */

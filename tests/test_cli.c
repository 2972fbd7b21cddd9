/* SPDX-License-Identifier: MIT */
/*
 * test_cli.c - the `fuseord` command seen from outside, as a script or a
 * reviewer runs it: the program is spawned with stdin from /dev/null, its
 * stdout, stderr and exit status are captured, and held to docs/scenarios.md and fuseord(1).
 * Exit codes, usage and scenario errors, --help, the variants table, JSON
 * that a strict parser accepts and that says what the text says, traces
 * that fit an 80-column mail, and schedule tokens that replay byte for byte
 * and are refused anywhere else.
 *
 * Exhaustive exploration of some shipped scenarios takes seconds to minutes,
 * so the check of every shipped scenario is bounded by --max-executions
 * (DPOR's order is fixed, so the bound finds the same counterexamples every
 * time), runs once, in the background from the start, and the tests that
 * read it come last. Whether a scenario meets its expect lines is
 * test_scenarios' question; here it is what the command prints.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sanitizer.h"
#include "fuseord/fuseord.h"
#include "scenario_helpers.h"

#ifndef FUSEORD_BIN
#error "FUSEORD_BIN must name the fuseord program"
#endif
#ifndef FUSEORD_SCENARIO_DIR
#error "FUSEORD_SCENARIO_DIR must name the shipped scenarios"
#endif

#define SHIPPED(name) FUSEORD_SCENARIO_DIR "/" name
#define CONCERN2 SHIPPED("concern2-clone-counters.fos")
#define MAX_ARGS 64
#define MAX_FILES 64
#define MAX_BLOCKS 128
/*
 * A few seconds for all shipped scenarios in a Debug build. Under TSan the
 * program's memory grows by hundreds of kilobytes per execution (the fiber
 * switches of the explorer), so there the bound is small.
 */
#if UNDER_TSAN
#define SHIPPED_MAX_EXECUTIONS "300"
#else
#define SHIPPED_MAX_EXECUTIONS "20000"
#endif

static char tmpdir[PATH_MAX];
static unsigned tmp_seq;

/* ---- running the program ---- */

struct out {
	int code; /* exit status; 128 + signal if killed */
	char *out, *err;
	size_t outlen, errlen;
};

struct job {
	pid_t pid;
	char outpath[PATH_MAX + 32], errpath[PATH_MAX + 32];
	char cmdline[256]; /* for the message if it hangs */
};

/* Far beyond any run here, even under a sanitizer: only a hang reaches it. */
#define HANG_SECONDS 240

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	assert_non_null(f);
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	assert_false(ferror(f));
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Start `fuseord ARGS...`; stdout goes to @stdout_path if not NULL. */
static void job_start(struct job *j, const char *stdout_path, const char *const *args)
{
	extern char **environ;
	posix_spawn_file_actions_t fa;
	char *argv[MAX_ARGS + 2];
	unsigned seq = tmp_seq++;
	int n = 0;

	argv[n++] = (char *)FUSEORD_BIN;
	for (; args[n - 1]; n++) {
		assert_true(n <= MAX_ARGS);
		argv[n] = (char *)args[n - 1];
	}
	argv[n] = NULL;
	j->cmdline[0] = '\0';
	for (int i = 1; i < n; i++)
		snprintf(j->cmdline + strlen(j->cmdline), sizeof(j->cmdline) - strlen(j->cmdline),
			 " %s", argv[i]);
	snprintf(j->outpath, sizeof(j->outpath), "%s/out.%u", tmpdir, seq);
	snprintf(j->errpath, sizeof(j->errpath), "%s/err.%u", tmpdir, seq);
	assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
	assert_int_equal(posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0), 0);
	assert_int_equal(posix_spawn_file_actions_addopen(&fa, 1,
							  stdout_path ? stdout_path : j->outpath,
							  O_WRONLY | O_CREAT | O_TRUNC, 0600),
			 0);
	assert_int_equal(posix_spawn_file_actions_addopen(&fa, 2, j->errpath,
							  O_WRONLY | O_CREAT | O_TRUNC, 0600),
			 0);
	assert_int_equal(posix_spawn(&j->pid, FUSEORD_BIN, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
}

static void job_finish(struct job *j, struct out *o)
{
	struct timespec tick = { .tv_nsec = 2 * 1000 * 1000 };
	long ticks = 0;
	pid_t got;
	int st;

	/* the test fails with the command's name instead of hanging the suite */
	while ((got = waitpid(j->pid, &st, WNOHANG)) == 0) {
		if (++ticks > HANG_SECONDS * 500L) {
			kill(j->pid, SIGKILL);
			waitpid(j->pid, &st, 0);
			fail_msg("fuseord%s: no exit after %d s", j->cmdline, HANG_SECONDS);
		}
		nanosleep(&tick, NULL);
	}
	if (got < 0)
		fail_msg("waitpid: %s", strerror(errno));
	o->code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (access(j->outpath, F_OK) == 0) {
		o->out = slurp(j->outpath, &o->outlen);
		unlink(j->outpath);
	} else {
		o->out = strdup("");
		o->outlen = 0;
	}
	o->err = slurp(j->errpath, &o->errlen);
	unlink(j->errpath);
	/* a sanitizer's report fails the test, whatever status the program exits with */
	if (strstr(o->err, "Sanitizer") || strstr(o->err, "runtime error:"))
		fail_msg("fuseord under a sanitizer:\n%s", o->err);
	assert_false(WIFSIGNALED(st));
	/* everything the command writes is text: no NUL byte may hide the rest */
	assert_int_equal(strlen(o->out), o->outlen);
	assert_int_equal(strlen(o->err), o->errlen);
}

static void run_argv(struct out *o, const char *stdout_path, const char *const *args)
{
	struct job j;

	job_start(&j, stdout_path, args);
	job_finish(&j, o);
}

/* run(&o, "check", FILE, NULL): fuseord with these arguments. */
static void run(struct out *o, ...)
{
	const char *args[MAX_ARGS + 1];
	va_list ap;
	int n = 0;

	va_start(ap, o);
	while ((args[n] = va_arg(ap, const char *)) != NULL) {
		n++;
		assert_true(n <= MAX_ARGS);
	}
	va_end(ap);
	run_argv(o, NULL, args);
}

/*
 * Run many commands, a few at a time: under ASan most of a short run is
 * the sanitizer starting and checking for leaks, and two cores can do that
 * side by side. @outs[i] is the result of @cmds[i], in order.
 */
#define MAX_IN_FLIGHT 4

struct cmd {
	const char *args[16]; /* NULL-terminated */
};

static void run_all(const struct cmd *cmds, struct out *outs, size_t n)
{
	struct job jobs[MAX_IN_FLIGHT];
	size_t started = 0;

	for (size_t done = 0; done < n; done++) {
		while (started < n && started < done + MAX_IN_FLIGHT) {
			job_start(&jobs[started % MAX_IN_FLIGHT], NULL, cmds[started].args);
			started++;
		}
		job_finish(&jobs[done % MAX_IN_FLIGHT], &outs[done]);
	}
}

static void out_free(struct out *o)
{
	free(o->out);
	free(o->err);
	memset(o, 0, sizeof(*o));
}

/* The run exited @code with nothing on stderr. */
static void expect_clean(const struct out *o, int code)
{
	if (o->code != code || o->errlen)
		fail_msg("exit %d (want %d), stderr:\n%s", o->code, code, o->err);
}

/* ---- temporary scenario files ---- */

/* Write @text to @name in the test's directory; the path goes to @path. */
static void write_file(char *path, size_t len, const char *name, const char *text)
{
	FILE *f;

	snprintf(path, len, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* ---- a strict JSON parser (RFC 8259), into a small tree ---- */

enum jtype {
	J_NULL,
	J_FALSE,
	J_TRUE,
	J_NUM,
	J_STR,
	J_ARR,
	J_OBJ
};

struct jv {
	enum jtype t;
	double num;
	char *str;        /* J_STR, decoded */
	size_t n;         /* J_ARR, J_OBJ: members */
	char **keys;      /* J_OBJ */
	struct jv *items; /* J_ARR, J_OBJ */
};

struct jparser {
	const char *p, *end;
	const char *why; /* the first error */
};

static void jv_free(struct jv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		if (v->keys)
			free(v->keys[i]);
		jv_free(&v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->str);
	memset(v, 0, sizeof(*v));
}

static bool j_fail(struct jparser *j, const char *why)
{
	if (!j->why)
		j->why = why;
	return false;
}

static void j_ws(struct jparser *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool j_literal(struct jparser *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n))
		return j_fail(j, "bad literal");
	j->p += n;
	return true;
}

static int j_hex4(struct jparser *j)
{
	int v = 0;

	if (j->end - j->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = *j->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static bool j_string(struct jparser *j, char **out)
{
	size_t cap = 32, n = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	if (j->p >= j->end || *j->p != '"') {
		free(s);
		return j_fail(j, "a string must start with '\"'");
	}
	j->p++;
	for (;;) {
		unsigned char c;
		long cp;

		if (n + 5 > cap) {
			cap *= 2;
			s = realloc(s, cap);
			assert_non_null(s);
		}
		if (j->p >= j->end) {
			free(s);
			return j_fail(j, "unterminated string");
		}
		c = (unsigned char)*j->p++;
		if (c == '"')
			break;
		if (c < 0x20) {
			free(s);
			return j_fail(j, "control character in a string");
		}
		if (c != '\\') {
			s[n++] = (char)c;
			continue;
		}
		if (j->p >= j->end) {
			free(s);
			return j_fail(j, "unterminated escape");
		}
		c = (unsigned char)*j->p++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			s[n++] = (char)c;
			continue;
		case 'b':
			s[n++] = '\b';
			continue;
		case 'f':
			s[n++] = '\f';
			continue;
		case 'n':
			s[n++] = '\n';
			continue;
		case 'r':
			s[n++] = '\r';
			continue;
		case 't':
			s[n++] = '\t';
			continue;
		case 'u':
			break;
		default:
			free(s);
			return j_fail(j, "bad escape");
		}
		cp = j_hex4(j);
		if (cp >= 0xdc00 && cp <= 0xdfff)
			cp = -1; /* a low surrogate alone */
		else if (cp >= 0xd800 && cp <= 0xdbff) {
			long lo = -1;

			if (j->end - j->p >= 2 && j->p[0] == '\\' && j->p[1] == 'u') {
				j->p += 2;
				lo = j_hex4(j);
			}
			cp = lo >= 0xdc00 && lo <= 0xdfff ?
				     0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00) :
				     -1;
		}
		if (cp <= 0) { /* a bad \u, or U+0000, which no C string holds */
			free(s);
			return j_fail(j, "bad \\u escape");
		}
		if (cp < 0x80) {
			s[n++] = (char)cp;
		} else if (cp < 0x800) {
			s[n++] = (char)(0xc0 | (cp >> 6));
			s[n++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			s[n++] = (char)(0xe0 | (cp >> 12));
			s[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			s[n++] = (char)(0xf0 | (cp >> 18));
			s[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			s[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	s[n] = '\0';
	*out = s;
	return true;
}

static bool j_digits(struct jparser *j)
{
	const char *p0 = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > p0 || j_fail(j, "a digit is missing in a number");
}

static bool j_number(struct jparser *j, double *out)
{
	const char *start = j->p;
	char buf[64];

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++; /* no leading zeros: "01" stops here and fails as trailing text */
	else if (!j_digits(j))
		return false;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!j_digits(j))
			return false;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!j_digits(j))
			return false;
	}
	if ((size_t)(j->p - start) >= sizeof(buf))
		return j_fail(j, "number too long");
	memcpy(buf, start, (size_t)(j->p - start));
	buf[j->p - start] = '\0';
	*out = strtod(buf, NULL);
	return true;
}

static bool j_value(struct jparser *j, struct jv *v, int depth);

/* An array or object after its opening bracket. */
static bool j_members(struct jparser *j, struct jv *v, int depth, bool object)
{
	size_t cap = 0;
	char close = object ? '}' : ']';

	j_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		char *key = NULL;

		if (v->n == cap) {
			cap = cap ? 2 * cap : 8;
			v->items = realloc(v->items, cap * sizeof(*v->items));
			assert_non_null(v->items);
			if (object) {
				v->keys = realloc(v->keys, cap * sizeof(*v->keys));
				assert_non_null(v->keys);
			}
		}
		j_ws(j);
		if (object) {
			if (!j_string(j, &key))
				return false;
			for (size_t i = 0; i < v->n; i++)
				if (!strcmp(v->keys[i], key)) {
					free(key);
					return j_fail(j, "duplicate key");
				}
			j_ws(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				return j_fail(j, "':' expected");
			}
			j->p++;
			v->keys[v->n] = key;
		}
		memset(&v->items[v->n], 0, sizeof(v->items[v->n]));
		v->n++; /* counted now so that jv_free() frees a half-parsed member */
		if (!j_value(j, &v->items[v->n - 1], depth + 1))
			return false;
		j_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return true;
		}
		return j_fail(j, object ? "',' or '}' expected" : "',' or ']' expected");
	}
}

static bool j_value(struct jparser *j, struct jv *v, int depth)
{
	memset(v, 0, sizeof(*v));
	if (depth > 64)
		return j_fail(j, "nested too deep");
	j_ws(j);
	if (j->p >= j->end)
		return j_fail(j, "a value is missing");
	switch (*j->p) {
	case '{':
		j->p++;
		v->t = J_OBJ;
		return j_members(j, v, depth, true);
	case '[':
		j->p++;
		v->t = J_ARR;
		return j_members(j, v, depth, false);
	case '"':
		v->t = J_STR;
		return j_string(j, &v->str);
	case 't':
		v->t = J_TRUE;
		return j_literal(j, "true");
	case 'f':
		v->t = J_FALSE;
		return j_literal(j, "false");
	case 'n':
		v->t = J_NULL;
		return j_literal(j, "null");
	default:
		if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
			v->t = J_NUM;
			return j_number(j, &v->num);
		}
		return j_fail(j, "unexpected character");
	}
}

/* Parse exactly one JSON value in @text; NULL or the reason it is not JSON. */
static const char *json_parse(const char *text, size_t len, struct jv *v)
{
	struct jparser j = { .p = text, .end = text + len };

	if (j_value(&j, v, 0)) {
		j_ws(&j);
		if (j.p != j.end)
			j_fail(&j, "text after the value");
	}
	if (j.why)
		jv_free(v);
	return j.why;
}

static const struct jv *jget(const struct jv *o, const char *key)
{
	assert_int_equal(o->t, J_OBJ);
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return &o->items[i];
	return NULL;
}

/* Member @key of @o, which must exist and have type @t. */
static const struct jv *jwant(const struct jv *o, const char *key, enum jtype t)
{
	const struct jv *v = jget(o, key);

	if (!v)
		fail_msg("JSON object has no \"%s\"", key);
	if (!(v->t == t || (t == J_TRUE && v->t == J_FALSE)))
		fail_msg("JSON \"%s\" has type %d, want %d", key, v->t, t);
	return v;
}

/* Each line of @text one JSON object: parse them all into @v. */
static int json_lines(const char *text, struct jv *v, int max)
{
	int n = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n'), *why;

		assert_non_null(nl); /* every object ends its line */
		assert_true(n < max);
		why = json_parse(p, (size_t)(nl - p), &v[n]);
		if (why)
			fail_msg("line %d is not JSON (%s): %.*s", n + 1, why, (int)(nl - p), p);
		assert_int_equal(v[n].t, J_OBJ);
		n++;
		p = nl + 1;
	}
	return n;
}

/* The oracle names of a JSON array, joined as the text format writes them. */
static void json_oracles_text(const struct jv *a, char *buf, size_t len)
{
	size_t n = 0;

	assert_int_equal(a->t, J_ARR);
	buf[0] = '\0';
	if (!a->n)
		snprintf(buf, len, "ok");
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->items[i].t, J_STR);
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", a->items[i].str);
		assert_true(n < len);
	}
}

/* ---- reading the text format ---- */

struct cx {
	char oracle[32];
	char *message;
	char *token;
	char *trace; /* the trace block, every line with its '\n'; NULL with --trace none */
};

struct block {
	char *header; /* "== FILE: TITLE" */
	char variant[32];
	char verdict[256];
	int met; /* 1 as expected, 0 not, -1 no expected line (replay) */
	int status; /* the exit status this pair alone gives: 0, 1 or 3; -1 replay */
	char limit[512]; /* the "limit" lines, joined; "" if none */
	char hint[512];  /* the "hint" line, joined; "" if none */
	unsigned long long executions;
	int ncx;
	struct cx cx[FO_ORACLE_COUNT];
};

static char *dup_span(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static const char *oracle_of_line(const char *line, size_t len)
{
	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		const char *name = fo_oracle_name(1u << b);
		size_t n = strlen(name);

		if (len > n + 2 && !memcmp(line, name, n) && line[n] == ':' && line[n + 1] == ' ')
			return name;
	}
	return NULL;
}

/*
 * The text of a labelled line ("expected ", "limit    ", "hint     ") and
 * its continuation lines (indented 9), joined by spaces, appended to @buf.
 * Returns the last line's '\n'. (Only the "explored" line is followed by an
 * indented line of its own, the counts: it is not read with this.)
 */
static const char *joined(const char *p, const char *nl, char *buf, size_t len)
{
	size_t n = strlen(buf);

	n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%.*s", n ? " " : "",
			      (int)(nl - p - 9), p + 9);
	while (!strncmp(nl + 1, "         ", 9) && nl[10] != ' ') {
		p = nl + 1;
		nl = strchr(p, '\n');
		assert_non_null(nl);
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, " %.*s", (int)(nl - p - 9),
				      p + 9);
	}
	return nl;
}

/* Split text output into its verdict blocks; returns how many. */
static int parse_blocks(const char *text, struct block *blocks, int max)
{
	struct block *b = NULL;
	int n = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n'), *name;
		size_t len;

		assert_non_null(nl);
		len = (size_t)(nl - p);
		if (len >= 3 && !memcmp(p, "== ", 3)) {
			assert_true(n < max);
			b = &blocks[n++];
			memset(b, 0, sizeof(*b));
			b->met = -1;
			b->status = -1;
			b->header = dup_span(p, len);
		} else if (!b) {
			fail_msg("text before the first block: %.*s", (int)len, p);
		} else if (len > 9 && !memcmp(p, "variant  ", 9)) {
			sscanf(p + 9, "%31s", b->variant);
		} else if (len > 9 && !memcmp(p, "verdict  ", 9)) {
			snprintf(b->verdict, sizeof(b->verdict), "%.*s", (int)len - 9, p + 9);
		} else if (len > 9 && !memcmp(p, "expected ", 9)) {
			char line[512] = "";

			nl = joined(p, nl, line, sizeof(line));
			b->met = strstr(line, " -> as expected") ? 1 : 0;
			b->status = b->met ? 0 :
				    strstr(line, " -> INCOMPLETE (as expected so far)") ? 3 :
											   1;
			if (!b->met && b->status == 1 && !strstr(line, " -> NOT AS EXPECTED"))
				fail_msg("an expected line that says nothing known: %s", line);
		} else if (len > 9 && !memcmp(p, "limit    ", 9)) {
			nl = joined(p, nl, b->limit, sizeof(b->limit));
		} else if (len > 9 && !memcmp(p, "hint     ", 9)) {
			nl = joined(p, nl, b->hint, sizeof(b->hint));
		} else if (len > 9 && !memcmp(p, "         ", 9) && p[9] >= '0' && p[9] <= '9') {
			b->executions = strtoull(p + 9, NULL, 10);
		} else if ((name = oracle_of_line(p, len)) != NULL) {
			struct cx *c = &b->cx[b->ncx];
			const char *s = nl + 1, *snl = strchr(s, '\n');

			assert_true(b->ncx < FO_ORACLE_COUNT);
			b->ncx++;
			snprintf(c->oracle, sizeof(c->oracle), "%s", name);
			c->message = dup_span(p + strlen(name) + 2, len - strlen(name) - 2);
			/* the message may go on, indented, on the next lines (an 80-column report) */
			while (snl && !strncmp(s, "  ", 2) && strncmp(s, "  schedule ", 11)) {
				size_t had = strlen(c->message), more = (size_t)(snl - s - 2);

				c->message = realloc(c->message, had + more + 2);
				assert_non_null(c->message);
				c->message[had] = ' ';
				memcpy(c->message + had + 1, s + 2, more);
				c->message[had + 1 + more] = '\0';
				s = snl + 1;
				snl = strchr(s, '\n');
			}
			/* "  schedule TOKEN" follows the message */
			assert_non_null(snl);
			if (strncmp(s, "  schedule ", 11))
				fail_msg("no schedule line after the %s message:\n%.200s", name, s);
			c->token = dup_span(s + 11, (size_t)(snl - s - 11));
			nl = snl;
			/* then a blank line and the trace, up to the next blank line */
			if (nl[1] == '\n' && (!strncmp(nl + 2, " step", 5) ||
					      !strncmp(nl + 2, "```mermaid\n", 11))) {
				const char *t = nl + 2, *e = t;
				bool mermaid = *t == '`';

				for (;;) {
					const char *line = e, *enl = strchr(e, '\n');

					assert_non_null(enl);
					if (enl == line)
						break; /* a blank line ends an ASCII trace */
					e = enl + 1;
					if (mermaid && line > t && enl - line == 3 &&
					    !strncmp(line, "```", 3))
						break; /* the fence closes a Mermaid one */
				}
				c->trace = dup_span(t, (size_t)(e - t));
				nl = e - 1;
			}
		}
		p = nl + 1;
	}
	return n;
}

static void free_blocks(struct block *blocks, int n)
{
	for (int i = 0; i < n; i++) {
		free(blocks[i].header);
		for (int c = 0; c < blocks[i].ncx; c++) {
			free(blocks[i].cx[c].message);
			free(blocks[i].cx[c].token);
			free(blocks[i].cx[c].trace);
		}
	}
}

static const struct cx *find_cx(const struct block *b, const char *oracle)
{
	for (int i = 0; i < b->ncx; i++)
		if (!strcmp(b->cx[i].oracle, oracle))
			return &b->cx[i];
	return NULL;
}

/* Check concern 2 under v2 and return the stale-open token (malloc'd). */
static char *concern2_v2_token(void)
{
	struct block b[1];
	struct out o;
	char *token;

	run(&o, "check", CONCERN2, "--variant", "v2", "--trace", "none", NULL);
	expect_clean(&o, 0);
	assert_int_equal(parse_blocks(o.out, b, 1), 1);
	assert_non_null(find_cx(&b[0], "stale-open"));
	token = strdup(find_cx(&b[0], "stale-open")->token);
	free_blocks(b, 1);
	out_free(&o);
	return token;
}

/* ---- the shipped scenarios under pre and v2, checked once ---- */

static struct job shipped_job;
static bool shipped_started, shipped_done;
static struct out shipped;
static char shipped_paths[MAX_FILES][PATH_MAX];
static int nshipped;
static struct block shipped_blocks[MAX_BLOCKS];
static int nshipped_blocks;

static void shipped_start(void)
{
	const char *args[MAX_ARGS + 1];
	int n = 0;

	nshipped = list_scenarios(FUSEORD_SCENARIO_DIR, shipped_paths, MAX_FILES);
	assert_true(nshipped >= 7 && nshipped + 6 <= MAX_ARGS && 2 * nshipped <= MAX_BLOCKS);
	args[n++] = "check";
	for (int i = 0; i < nshipped; i++)
		args[n++] = shipped_paths[i];
	args[n++] = "--variant";
	args[n++] = "pre,v2";
	args[n++] = "--max-executions";
	args[n++] = SHIPPED_MAX_EXECUTIONS;
	args[n] = NULL;
	job_start(&shipped_job, NULL, args);
	shipped_started = true;
}

static const struct out *shipped_run(void)
{
	assert_true(shipped_started);
	if (!shipped_done) {
		shipped_done = true;
		job_finish(&shipped_job, &shipped);
		nshipped_blocks = parse_blocks(shipped.out, shipped_blocks, MAX_BLOCKS);
	}
	return &shipped;
}

/* ---- exit codes ---- */

static void test_check_exits_0_when_every_pair_meets_its_expect_line(void **state)
{
	struct block b[2];
	struct out o;

	run(&o, "check", CONCERN2, "--variant", "pre,v2", NULL);
	expect_clean(&o, 0);
	assert_int_equal(parse_blocks(o.out, b, 2), 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(b[i].met, 1);
		assert_string_equal(b[i].verdict, "stale-open");
	}
	free_blocks(b, 2);
	out_free(&o);
}

static const char clean_scenario[] = "variant v2\n"
				     "dev d0\n"
				     "inode 7\n"
				     "thread app:    open 7 as f ; io f ; release f\n"
				     "thread daemon: reply f on d0\n";

static void test_check_exits_1_when_an_expect_line_is_wrong(void **state)
{
	char path[PATH_MAX + 64], text[1024];
	struct block b[1];
	struct out o;

	/* nothing races here, so no schedule is stale */
	snprintf(text, sizeof(text), "%sexpect v2: stale-open\n", clean_scenario);
	write_file(path, sizeof(path), "wrong-expect.fos", text);
	run(&o, "check", path, NULL);
	expect_clean(&o, 1);
	assert_int_equal(parse_blocks(o.out, b, 1), 1);
	assert_string_equal(b[0].verdict, "ok");
	assert_int_equal(b[0].met, 0);
	assert_non_null(strstr(o.out, "NOT AS EXPECTED"));
	free_blocks(b, 1);
	out_free(&o);

	/* no expect line: the pair must be clean, and it is */
	write_file(path, sizeof(path), "no-expect.fos", clean_scenario);
	run(&o, "check", path, NULL);
	expect_clean(&o, 0);
	out_free(&o);
}

/* ---- usage errors ---- */

struct usage_case {
	/*
	 * "@S": a shipped scenario, "@T": a valid token, "@L": a token of
	 * more steps than --max-memory allows, "@E": an empty directory
	 */
	const char *args[12];
	const char *phrase[2];
};

static const struct usage_case usage_cases[] = {
	{ { NULL }, { "usage: fuseord", "COMMAND" } },
	{ { "frobnicate" }, { "unknown command 'frobnicate'" } },
	{ { "help", "frobnicate" }, { "unknown command 'frobnicate'" } },
	{ { "check" }, { "no scenario file" } },
	{ { "check", "@S", "--bogus" }, { "--bogus" } },
	{ { "check", "-q", "@S" }, { "-- 'q'" } },
	{ { "check", "@S", "--runs" }, { "--runs", "requires an argument" } },
	{ { "check", "@S", "--strategy", "fast" }, { "--strategy", "'fast'" } },
	{ { "check", "@S", "--format", "xml" }, { "--format", "'xml'" } },
	{ { "check", "@S", "--trace", "svg" }, { "--trace", "'svg'" } },
	{ { "check", "@S", "--strategy", "random", "--runs", "abc" }, { "--runs", "'abc'" } },
	{ { "check", "@S", "--strategy", "random", "--runs", "-5" }, { "--runs", "'-5'" } },
	{ { "check", "@S", "--strategy", "random", "--runs", " -1" }, { "--runs", "' -1'" } },
	{ { "check", "@S", "--strategy", "random", "--runs", "0" }, { "--runs", "'0'" } },
	{ { "check", "@S", "--strategy", "random", "--seed", "x1" }, { "--seed", "'x1'" } },
	{ { "check", "@S", "--strategy", "random", "--seed", "-1" }, { "--seed", "'-1'" } },
	{ { "check", "@S", "--strategy", "random", "--seed", "99999999999999999999" },
	  { "--seed", "'99999999999999999999'" } },
	{ { "check", "@S", "--max-steps", "-1" }, { "--max-steps", "'-1'" } },
	{ { "check", "@S", "--max-steps", "12abc" }, { "--max-steps", "'12abc'" } },
	{ { "check", "@S", "--max-steps", "" }, { "--max-steps", "''" } },
	{ { "check", "@S", "--preemptions", "-2" }, { "--preemptions", "'-2'" } },
	{ { "check", "@S", "--preemptions", "two" }, { "--preemptions", "'two'" } },
	{ { "check", "@S", "--preemptions", "1001" }, { "--preemptions", "'1001'" } },
	{ { "check", "@S", "--strategy", "pct", "--depth", "65" }, { "--depth", "'65'" } },
	{ { "check", "@S", "--max-executions", "0" }, { "--max-executions", "'0'" } },
	{ { "check", "@S", "--time-limit", "soon" }, { "--time-limit", "'soon'" } },
	{ { "check", "@S", "--set", "seq_scope" }, { "KNOB=VALUE", "'seq_scope'" } },
	{ { "check", "@S", "--set", "nosuchknob=1" }, { "nosuchknob=1", "unknown knob" } },
	{ { "check", "@S", "--set", "seq_scope=galaxy" }, { "seq_scope=galaxy" } },
	{ { "check", "@S", "--variant", "nope" }, { "unknown variant 'nope'" } },
	{ { "check", "@S", "--variant", "pre,nope" }, { "unknown variant 'nope'" } },
	{ { "check", "@S", "--variant", "" }, { "--variant", "''" } },
	/* an option the strategy would not read is refused, not ignored */
	{ { "check", "@S", "--runs", "5" }, { "--runs", "random or pct" } },
	{ { "check", "@S", "--strategy", "dfs", "--seed", "3" }, { "--seed", "random or pct" } },
	{ { "check", "@S", "--strategy", "random", "--depth", "2" }, { "--depth", "pct" } },
	{ { "check", "@S", "--strategy", "random", "--preemptions", "1" },
	  { "--preemptions", "random" } },
	{ { "replay", "@S" }, { "--schedule" } },
	{ { "replay", "--schedule", "@T" }, { "scenario file" } },
	{ { "replay", "@S", "@S", "--schedule", "@T" }, { "one scenario file" } },
	{ { "replay", "@S", "--schedule", "@T", "--bogus" }, { "--bogus" } },
	{ { "replay", "@S", "--schedule", "@T", "--format", "xml" }, { "--format", "'xml'" } },
	{ { "replay", "@S", "--schedule", "@T", "--trace", "svg" }, { "--trace", "'svg'" } },
	{ { "replay", "@S", "--schedule", "@T", "--variant", "nope" },
	  { "unknown variant 'nope'" } },
	{ { "variants", "--format", "xml" }, { "--format", "'xml'" } },
	{ { "variants", "extra" }, { "unexpected argument 'extra'" } },
	{ { "variants", "--bogus" }, { "--bogus" } },
	/* an option given twice: one of its values would be lost unseen */
	{ { "check", "@S", "--strategy", "dfs", "--strategy", "pct" },
	  { "--strategy is given twice" } },
	{ { "check", "@S", "--variant", "pre", "--variant", "v2" },
	  { "--variant is given twice" } },
	{ { "check", "@S", "--max-steps", "5", "--max-steps", "6" },
	  { "--max-steps is given twice" } },
	{ { "check", "@S", "--strict", "--strict" }, { "--strict is given twice" } },
	{ { "check", "@S", "--format", "json", "--format", "json" },
	  { "--format is given twice" } },
	{ { "check", "@S", "--variant", "pre,pre" }, { "--variant", "'pre,pre'" } },
	{ { "check", "@S", "--variant", ",," }, { "--variant", "',,'" } },
	{ { "replay", "@S", "--schedule", "@T", "--schedule", "@T" },
	  { "--schedule is given twice" } },
	{ { "variants", "--format", "json", "--format", "text" }, { "--format is given twice" } },
	/* absurd numbers: overflow, negative, zero, out of range, not a number */
	{ { "check", "@S", "--max-memory", "0" }, { "--max-memory", "'0'" } },
	{ { "check", "@S", "--max-memory", "-1" }, { "--max-memory", "'-1'" } },
	{ { "check", "@S", "--max-memory", "12Q" }, { "--max-memory", "'12Q'" } },
	{ { "check", "@S", "--max-memory", "1KB" }, { "--max-memory", "'1KB'" } },
	{ { "check", "@S", "--max-memory", "K" }, { "--max-memory", "'K'" } },
	{ { "check", "@S", "--max-memory", "" }, { "--max-memory", "''" } },
	{ { "check", "@S", "--max-memory", "99999999999999999999" }, { "--max-memory" } },
	{ { "check", "@S", "--max-memory", "20000000T" }, { "--max-memory", "'20000000T'" } },
	{ { "check", "@S", "--time-limit", "inf" }, { "--time-limit", "'inf'" } },
	{ { "check", "@S", "--time-limit", "nan" }, { "--time-limit", "'nan'" } },
	{ { "check", "@S", "--time-limit", "-1" }, { "--time-limit", "'-1'" } },
	{ { "check", "@S", "--time-limit", "0" }, { "--time-limit", "'0'" } },
	{ { "check", "@S", "--time-limit", "0.0" }, { "--time-limit", "'0.0'" } },
	{ { "check", "@S", "--time-limit", "1e999" }, { "--time-limit", "'1e999'" } },
	{ { "check", "@S", "--time-limit", "0x10" }, { "--time-limit", "'0x10'" } },
	{ { "check", "@S", "--time-limit", "1." }, { "--time-limit", "'1.'" } },
	{ { "check", "@S", "--time-limit", "10000000000" }, { "--time-limit", "'10000000000'" } },
	{ { "check", "@S", "--max-executions", "99999999999999999999" }, { "--max-executions" } },
	{ { "check", "@S", "--max-executions", "-3" }, { "--max-executions", "'-3'" } },
	{ { "check", "@S", "--max-executions" }, { "--max-executions", "requires an argument" } },
	{ { "check", "@S", "--max-steps", "0" }, { "--max-steps", "'0'" } },
	{ { "check", "@S", "--max-steps", "18446744073709551616" }, { "--max-steps" } },
	/* past what the explorer's 32-bit step clocks count */
	{ { "check", "@S", "--max-steps", "2147483649" },
	  { "--max-steps", "1..2147483648" } },
	{ { "check", "@S", "--preemptions", "99999999999999999999" }, { "--preemptions" } },
	{ { "check", "@S", "--strategy", "pct", "--depth", "0" }, { "--depth", "'0'" } },
	{ { "check", "@S", "--strategy", "pct", "--depth", "-1" }, { "--depth", "'-1'" } },
	{ { "check", "@S", "--strategy", "random", "--runs", "18446744073709551616" },
	  { "--runs" } },
	{ { "check", "@S", "--strategy", "" }, { "--strategy", "''" } },
	{ { "replay", "@S", "--schedule", "@T", "--max-memory", "0" }, { "--max-memory", "'0'" } },
	/* malformed tokens: empty, and one whose runs ask for more than the ceiling */
	{ { "replay", "@S", "--schedule", "" }, { "schedule token" } },
	{ { "replay", "@S", "--schedule", "@L" }, { "longer than the memory ceiling" } },
	{ { "replay", "@S", "--schedule", "@T", "--max-memory", "16" },
	  { "longer than the memory ceiling" } },
	/* demo */
	{ { "demo", "--bogus" }, { "--bogus" } },
	{ { "demo", "extra" }, { "unexpected argument 'extra'" } },
	{ { "demo", "--format", "xml" }, { "--format", "'xml'" } },
	{ { "demo", "--format" }, { "--format", "requires an argument" } },
	{ { "demo", "--dir", "@E", "--dir", "@E" }, { "--dir is given twice" } },
	{ { "demo", "--dir", "" }, { "--dir", "''" } },
	{ { "demo", "--dir", "@E" }, { "no scenario" } },
	{ { "demo", "--dir", "@S" }, { "cannot read", "Not a directory" } },
	{ { "demo", "--dir", "/nonexistent/fuseord" }, { "cannot read", "No such file" } },
	{ { "demo", "--variant", "" }, { "--variant", "no variant" } },
	{ { "demo", "--variant", "pre,pre" }, { "--variant", "twice" } },
	{ { "demo", "--variant", "a,b,c,d,e,f,g,h,i" }, { "--variant", "at most 8" } },
	{ { "demo", "--variant", "nope", "--max-executions", "1" }, { "unknown variant 'nope'" } },
	{ { "demo", "--max-executions", "0" }, { "--max-executions", "'0'" } },
	{ { "demo", "--time-limit", "nan" }, { "--time-limit", "'nan'" } },
	{ { "demo", "--max-memory", "1X" }, { "--max-memory", "'1X'" } },
};

/* Failures are collected, so that one run lists every case that is wrong. */
static char problems[16384];

static void problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void problem(const char *fmt, ...)
{
	size_t n = strlen(problems);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problems + n, sizeof(problems) - n, fmt, ap);
	va_end(ap);
	n = strlen(problems);
	snprintf(problems + n, sizeof(problems) - n, "\n");
}

static void no_problems(void)
{
	if (problems[0]) {
		print_error("%s", problems);
		problems[0] = '\0';
		fail();
	}
}

static void test_usage_errors_exit_2_name_the_problem_and_print_no_verdict(void **state)
{
	enum {
		N = sizeof(usage_cases) / sizeof(usage_cases[0])
	};
	char *token = concern2_v2_token(), empty[PATH_MAX + 16];
	/* runs of 9999999 steps: far past any ceiling, refused before one is made */
	size_t runs = 2000, len = strlen(token) + 8 * runs + 1;
	char *long_token = malloc(len);
	struct cmd cmds[N];
	struct out outs[N];

	assert_non_null(long_token);
	snprintf(long_token, len, "%s", token);
	for (size_t i = 0; i < runs; i++)
		strcat(long_token, "b9999999");
	snprintf(empty, sizeof(empty), "%s/empty-dir", tmpdir);
	assert_int_equal(mkdir(empty, 0700), 0);
	for (size_t i = 0; i < N; i++) {
		int n;

		for (n = 0; usage_cases[i].args[n]; n++) {
			const char *a = usage_cases[i].args[n];

			cmds[i].args[n] = !strcmp(a, "@S") ? CONCERN2 :
					  !strcmp(a, "@T") ? token :
					  !strcmp(a, "@L") ? long_token :
					  !strcmp(a, "@E") ? empty :
							     a;
		}
		cmds[i].args[n] = NULL;
	}
	run_all(cmds, outs, N);
	assert_int_equal(rmdir(empty), 0);
	free(long_token);
	for (size_t i = 0; i < N; i++) {
		const struct usage_case *c = &usage_cases[i];
		struct out o = outs[i];
		char line[512] = "fuseord";

		for (int n = 0; c->args[n]; n++)
			snprintf(line + strlen(line), sizeof(line) - strlen(line), " '%s'",
				 c->args[n]);
		if (o.code != 2 || o.outlen)
			problem("%s: exit %d (want 2), %zu bytes on stdout", line, o.code,
				o.outlen);
		for (int p = 0; p < 2 && c->phrase[p]; p++)
			if (!strstr(o.err, c->phrase[p]))
				problem("%s: stderr does not say \"%s\":\n%s", line, c->phrase[p],
					o.err);
		/* the message says who is talking */
		if (!strstr(o.err, "fuseord"))
			problem("%s: stderr does not name the program:\n%s", line, o.err);
		out_free(&o);
	}
	free(token);
	no_problems();
}

/* ---- scenario errors ---- */

struct scenario_error_case {
	const char *text;
	int line, col;
	const char *phrase;
};

static const struct scenario_error_case scenario_errors[] = {
	{ "dev d0\ninode 7\nthread app: open 7 as f ; frob f\nthread daemon: reply f on d0\n", 3,
	  27, "unknown operation 'frob'" },
	{ "dev d0\ninode 7\nthread app: open 8 as f ; io f\nthread daemon: reply f on d0\n", 3, 18,
	  "unknown inode 8" },
	{ "dev d0\ninode 7\nthread app: open 7 as f ; io f\nthread daemon: reply f on d9\n", 4, 27,
	  "unknown dev 'd9'" },
	{ "dev d0\ninode 7\nthread app: open 7 as f ; io g\nthread daemon: reply f on d0\n", 3, 30,
	  "unknown file 'g'" },
	{ "dev d0\ninode 7\nthread app: open 7 as f ; io f\nthread daemon: reply f on d0\n"
	  "thread k: kill zed\n",
	  5, 16, "unknown thread 'zed'" },
	/* a tab is one column, CR before LF is not text */
	{ "dev d0\r\ninode 7\r\n\tthread app: open 7 as f ; frob\r\n", 3, 28,
	  "unknown operation 'frob'" },
	/* columns count characters, not bytes */
	{ "scenario \"\xc3\xa9\xc3\xa9\xc3\xa9\" extra\n", 1, 16, "'extra'" },
	{ "inode 7\nthread app: open 7 as f\nthread daemon: reply f on d0\nexpect v2: bogus\n", 4,
	  12, "unknown oracle 'bogus'" },
};

static void test_scenario_errors_are_reported_as_file_line_col(void **state)
{
	enum {
		N = sizeof(scenario_errors) / sizeof(scenario_errors[0])
	};
	static char paths[N][PATH_MAX + 64];
	char *token = concern2_v2_token();
	struct cmd cmds[2 * N];
	struct out outs[2 * N];

	/* the same message from check and from replay */
	for (size_t i = 0; i < N; i++) {
		char name[32];

		snprintf(name, sizeof(name), "error%zu.fos", i);
		write_file(paths[i], sizeof(paths[i]), name, scenario_errors[i].text);
		cmds[2 * i] = (struct cmd){ { "check", paths[i], "--variant", "pre,v2", NULL } };
		cmds[2 * i + 1] = (struct cmd){ { "replay", paths[i], "--schedule", token, NULL } };
	}
	run_all(cmds, outs, 2 * N);
	for (size_t i = 0; i < N; i++) {
		const struct scenario_error_case *c = &scenario_errors[i];
		const char *name = strrchr(paths[i], '/') + 1;
		char prefix[PATH_MAX + 128];

		snprintf(prefix, sizeof(prefix), "%.*s:%d:%d: error: ", PATH_MAX, paths[i], c->line,
			 c->col);
		for (int r = 0; r < 2; r++) {
			struct out o = outs[2 * i + (size_t)r];

			if (o.code != 2 || o.outlen)
				problem("%s %s: exit %d (want 2), %zu bytes on stdout",
					r ? "replay" : "check", name, o.code, o.outlen);
			if (strncmp(o.err, prefix, strlen(prefix)) || !strstr(o.err, c->phrase))
				problem("%s %s: want \"%s...%s\", got:\n%s", r ? "replay" : "check",
					name, prefix, c->phrase, o.err);
			out_free(&o);
		}
	}
	free(token);
	no_problems();
}

static void test_an_unreadable_file_is_a_scenario_error(void **state)
{
	char path[PATH_MAX + 64], prefix[PATH_MAX + 128];
	struct out o;

	snprintf(path, sizeof(path), "%s/no-such-file.fos", tmpdir);
	snprintf(prefix, sizeof(prefix), "%s: error: cannot read", path);
	run(&o, "check", path, NULL);
	assert_int_equal(o.code, 2);
	assert_int_equal(o.outlen, 0);
	if (strncmp(o.err, prefix, strlen(prefix)))
		fail_msg("want \"%s\", got:\n%s", prefix, o.err);
	out_free(&o);

	/* a directory */
	snprintf(prefix, sizeof(prefix), "%s: error: cannot read", tmpdir);
	run(&o, "check", tmpdir, NULL);
	assert_int_equal(o.code, 2);
	assert_int_equal(o.outlen, 0);
	if (strncmp(o.err, prefix, strlen(prefix)))
		fail_msg("want \"%s\", got:\n%s", prefix, o.err);
	out_free(&o);
}

/* Write @len bytes of @data to @name in the test's directory. */
static void write_bytes(char *path, size_t size, const char *name, const void *data, size_t len)
{
	FILE *f;

	snprintf(path, size, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/*
 * Files no scenario is made of: each is refused as "PATH:...: error: ..."
 * with exit 2 and nothing on stdout, by check and replay alike, and by demo
 * when it is in the directory demo reads.
 */
static void test_bad_files_are_scenario_errors_for_check_replay_and_demo(void **state)
{
	enum {
		NFILES = 9
	};
	static char paths[NFILES][PATH_MAX + 64];
	static const struct {
		const char *name;
		const char *phrase;
	} files[NFILES] = {
		{ "empty.fos", "no 'thread' line" },
		{ "binary.fos", "invalid UTF-8" },
		{ "nul.fos", "NUL byte" },
		{ "comments.fos", "no 'thread' line" },
		{ "long-line.fos", "error" },
		{ "crlf-garbage.fos", "error" },
		{ "/dev/null", "no 'thread' line" },
		{ "/dev/zero", "larger than 1 MiB" },
		{ "unreadable.fos", "cannot read" },
	};
	static const unsigned char binary[] = { 0x7f, 'E', 'L', 'F', 2, 1, 0xff, 0xfe, 0x80, 0 };
	char *line = malloc(8192), dir[PATH_MAX + 16], path[PATH_MAX + 96];
	char *token = concern2_v2_token();
	struct cmd cmds[2 * NFILES];
	struct out outs[2 * NFILES];
	int n = NFILES;

	assert_non_null(line);
	write_bytes(paths[0], sizeof(paths[0]), files[0].name, "", 0);
	write_bytes(paths[1], sizeof(paths[1]), files[1].name, binary, sizeof(binary));
	write_bytes(paths[2], sizeof(paths[2]), files[2].name, "dev d0\0\n", 8);
	write_file(paths[3], sizeof(paths[3]), files[3].name, "# nothing\n\n   # at all\n");
	memset(line, 'x', 8191);
	line[8191] = '\0';
	write_file(paths[4], sizeof(paths[4]), files[4].name, line);
	write_file(paths[5], sizeof(paths[5]), files[5].name, "dev d0\r\r\ninode 7\rthread\n");
	snprintf(paths[6], sizeof(paths[6]), "/dev/null");
	snprintf(paths[7], sizeof(paths[7]), "/dev/zero");
	write_file(paths[8], sizeof(paths[8]), files[8].name, clean_scenario);
	/* root reads a file of mode 0: then that case says nothing, and is left out */
	assert_int_equal(chmod(paths[8], 0), 0);
	if (access(paths[8], R_OK) == 0)
		n--;
	for (int i = 0; i < n; i++) {
		cmds[2 * i] = (struct cmd){ { "check", paths[i], NULL } };
		cmds[2 * i + 1] = (struct cmd){ { "replay", paths[i], "--schedule", token, NULL } };
	}
	run_all(cmds, outs, 2 * (size_t)n);
	for (int i = 0; i < 2 * n; i++) {
		const char *p = paths[i / 2];
		char prefix[PATH_MAX + 80];

		snprintf(prefix, sizeof(prefix), "%s:", p);
		if (outs[i].code != 2 || outs[i].outlen ||
		    strncmp(outs[i].err, prefix, strlen(prefix)) || !strstr(outs[i].err, "error") ||
		    !strstr(outs[i].err, files[i / 2].phrase))
			problem("%s %s: exit %d (want 2), %zu bytes on stdout, stderr:\n%s",
				cmds[i].args[0], p, outs[i].code, outs[i].outlen, outs[i].err);
		out_free(&outs[i]);
	}
	unlink(paths[8]);
	/* demo stops at a bad file among good ones, and prints no table */
	snprintf(dir, sizeof(dir), "%s/demo-dir", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/a-good.fos", dir);
	assert_int_equal(link(CONCERN2, path) == 0 || symlink(CONCERN2, path) == 0, 1);
	snprintf(path, sizeof(path), "%s/b-binary.fos", dir);
	assert_int_equal(rename(paths[1], path), 0);
	run(&outs[0], "demo", "--dir", dir, "--max-executions", "10", NULL);
	if (outs[0].code != 2 || outs[0].outlen || !strstr(outs[0].err, "b-binary.fos:") ||
	    !strstr(outs[0].err, "invalid UTF-8"))
		problem("demo over a bad file: exit %d, %zu bytes on stdout, stderr:\n%s",
			outs[0].code, outs[0].outlen, outs[0].err);
	out_free(&outs[0]);
	unlink(path);
	snprintf(path, sizeof(path), "%s/a-good.fos", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	for (int i = 0; i < 6; i++)
		unlink(paths[i]);
	free(line);
	free(token);
	no_problems();
}

/* An error in any file or pair comes out before any verdict: none is printed. */
static void test_an_error_in_a_later_file_prints_no_verdict_for_earlier_ones(void **state)
{
	char path[PATH_MAX + 64];
	struct out o;

	write_file(path, sizeof(path), "later-error.fos",
		   "dev d0\ninode 7\nthread app: open 7 as f ; frob f\n");
	run(&o, "check", CONCERN2, path, "--variant", "pre,v2", NULL);
	assert_int_equal(o.code, 2);
	assert_int_equal(o.outlen, 0);
	assert_non_null(strstr(o.err, ":3:27: error: unknown operation 'frob'"));
	out_free(&o);

	snprintf(path, sizeof(path), "%s/missing.fos", tmpdir);
	run(&o, "check", CONCERN2, path, "--format", "json", NULL);
	assert_int_equal(o.code, 2);
	assert_int_equal(o.outlen, 0);
	assert_non_null(strstr(o.err, "cannot read"));
	out_free(&o);
}

/* ---- help ---- */

static void test_every_command_has_help_on_stdout(void **state)
{
	static const struct {
		const char *args[3];
		const char *start; /* what stdout starts with */
	} cases[] = {
		{ { "--help" }, "usage: fuseord COMMAND" },
		{ { "-h" }, "usage: fuseord COMMAND" },
		{ { "help" }, "usage: fuseord COMMAND" },
		{ { "help", "check" }, "usage: fuseord check" },
		{ { "help", "replay" }, "usage: fuseord replay" },
		{ { "help", "variants" }, "usage: fuseord variants" },
		{ { "help", "demo" }, "usage: fuseord demo" },
		{ { "check", "--help" }, "usage: fuseord check" },
		{ { "check", "-h" }, "usage: fuseord check" },
		{ { "replay", "--help" }, "usage: fuseord replay" },
		{ { "variants", "--help" }, "usage: fuseord variants" },
		{ { "demo", "--help" }, "usage: fuseord demo" },
	};
	static const char *const commands[] = { "check", "replay", "variants", "demo" };
	struct out o, check_help;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_argv(&o, NULL, cases[i].args);
		expect_clean(&o, 0);
		if (strncmp(o.out, cases[i].start, strlen(cases[i].start)))
			fail_msg("fuseord %s %s: want \"%s\", got:\n%s", cases[i].args[0],
				 cases[i].args[1] ? cases[i].args[1] : "", cases[i].start, o.out);
		out_free(&o);
	}
	/* the main text names every command of fuseord(1) */
	run(&o, "--help", NULL);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		assert_non_null(strstr(o.out, commands[i]));
	out_free(&o);
	/* `help check` is `check --help`; with a file and other options, still help */
	run(&o, "help", "check", NULL);
	run(&check_help, "check", CONCERN2, "--variant", "pre", "--help", NULL);
	expect_clean(&check_help, 0);
	assert_string_equal(o.out, check_help.out);
	out_free(&o);
	out_free(&check_help);
}

static void test_check_help_lists_every_option_of_the_contract(void **state)
{
	/* fuseord(1): fuseord check FILE... and these */
	static const char *const words[] = {
		"FILE",    "--variant",   "all",      "--set",    "KNOB=VALUE",    "--strategy",
		"dpor",    "dfs",         "random",   "pct",      "--preemptions", "--runs",
		"--seed",  "--max-steps", "--strict", "--format", "text",          "json",
		"--trace", "ascii",       "mermaid",  "none",     "--help",
	};
	struct out o;

	run(&o, "check", "--help", NULL);
	expect_clean(&o, 0);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strstr(o.out, words[i]))
			fail_msg("check --help does not mention %s:\n%s", words[i], o.out);
	out_free(&o);
	run(&o, "replay", "--help", NULL);
	expect_clean(&o, 0);
	assert_non_null(strstr(o.out, "--schedule"));
	assert_non_null(strstr(o.out, "--variant"));
	assert_non_null(strstr(o.out, "--trace"));
	out_free(&o);
}

/* ---- variants ---- */

static void test_variants_table_shows_the_library_values(void **state)
{
	char head[64][32], tok[64][64], val[64], line[1024];
	int nv = fo_variant_count(), nk = fo_knob_count(), nhead = 0;
	bool pre = false, v2 = false;
	const char *p;
	struct out o;

	run(&o, "variants", NULL);
	expect_clean(&o, 0);
	p = o.out;
	/* header: knob values VARIANT... in the library's order */
	assert_int_equal(sscanf(p, "%1023[^\n]", line), 1);
	for (char *save = NULL, *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save))
		snprintf(head[nhead++], sizeof(head[0]), "%s", t);
	assert_int_equal(nhead, 2 + nv);
	assert_string_equal(head[0], "knob");
	assert_string_equal(head[1], "values");
	for (int i = 0; i < nv; i++) {
		assert_string_equal(head[2 + i], fo_variant_name(i));
		pre |= !strcmp(fo_variant_name(i), "pre");
		v2 |= !strcmp(fo_variant_name(i), "v2");
	}
	assert_true(pre && v2);
	/* one row per knob: its name, its values, its value in each variant */
	for (int k = 0; k < nk; k++) {
		int ntok = 0;

		p = strchr(p, '\n') + 1;
		assert_int_equal(sscanf(p, "%1023[^\n]", line), 1);
		for (char *save = NULL, *t = strtok_r(line, " ", &save); t;
		     t = strtok_r(NULL, " ", &save))
			snprintf(tok[ntok++], sizeof(tok[0]), "%s", t);
		assert_int_equal(ntok, 2 + nv);
		assert_string_equal(tok[0], fo_knob_name(k));
		assert_string_equal(tok[1], fo_knob_values(k));
		for (int i = 0; i < nv; i++) {
			assert_true(fo_variant_knob(fo_variant_name(i), fo_knob_name(k), val,
						    sizeof(val)) >= 0);
			if (strcmp(tok[2 + i], val))
				fail_msg("knob %s of %s: table says %s, library %s",
					 fo_knob_name(k), fo_variant_name(i), tok[2 + i], val);
		}
	}
	/* then a blank line and each variant's summary */
	p = strchr(p, '\n') + 1;
	assert_int_equal(*p, '\n');
	for (int i = 0; i < nv; i++) {
		char name[32];
		int off;

		p = strchr(p, '\n') + 1;
		assert_int_equal(sscanf(p, "%31s %n", name, &off), 1);
		assert_string_equal(name, fo_variant_name(i));
		assert_int_equal(
			strncmp(p + off, fo_variant_summary(i), strlen(fo_variant_summary(i))), 0);
		assert_int_equal(p[off + (int)strlen(fo_variant_summary(i))], '\n');
	}
	out_free(&o);
}

static void test_variants_json_shows_the_library_values(void **state)
{
	int nv = fo_variant_count(), nk = fo_knob_count();
	const struct jv *knobs, *variants;
	struct jv doc;
	struct out o;
	char val[64];

	run(&o, "variants", "--format", "json", NULL);
	expect_clean(&o, 0);
	assert_int_equal(json_lines(o.out, &doc, 1), 1);
	knobs = jwant(&doc, "knobs", J_ARR);
	variants = jwant(&doc, "variants", J_ARR);
	assert_int_equal(knobs->n, nk);
	assert_int_equal(variants->n, nv);
	for (int k = 0; k < nk; k++) {
		assert_string_equal(jwant(&knobs->items[k], "name", J_STR)->str, fo_knob_name(k));
		assert_string_equal(jwant(&knobs->items[k], "values", J_STR)->str,
				    fo_knob_values(k));
	}
	for (int i = 0; i < nv; i++) {
		const struct jv *v = &variants->items[i], *kv;

		assert_string_equal(jwant(v, "name", J_STR)->str, fo_variant_name(i));
		assert_string_equal(jwant(v, "summary", J_STR)->str, fo_variant_summary(i));
		kv = jwant(v, "knobs", J_OBJ);
		assert_int_equal(kv->n, nk);
		for (int k = 0; k < nk; k++) {
			assert_true(fo_variant_knob(fo_variant_name(i), fo_knob_name(k), val,
						    sizeof(val)) >= 0);
			assert_string_equal(jwant(kv, fo_knob_name(k), J_STR)->str, val);
		}
	}
	jv_free(&doc);
	out_free(&o);
}

/* ---- JSON ---- */

/* The parser the JSON tests rely on refuses what is not JSON. */
static void test_json_parser_is_strict(void **state)
{
	static const char *const good[] = {
		"{}",
		"[]",
		"{\"a\":[1,-2.5e+3,0,0.0,true,false,null,\"x\\u00e9\\ud83d\\ude00\"]}",
		" {\"a\" : { \"b\" : [ ] } } ",
		"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
		"-0",
		"1E5",
	};
	static const char *const bad[] = {
		"",
		"{",
		"{\"a\":1,}",
		"[1,]",
		"{'a':1}",
		"{\"a\" 1}",
		"[01]",
		"[1.]",
		"[.5]",
		"[+1]",
		"[1e]",
		"[tru]",
		"[\"a\tb\"]",
		"[\"\\x\"]",
		"[\"\\u12\"]",
		"[\"\\udc00\"]",
		"[\"\\ud800x\"]",
		"{} {}",
		"[1] x",
		"{\"a\":1,\"a\":2}",
		"[\"abc",
		"{\"a\"}",
		"[NaN]",
		"{1:2}",
		"[\"\\u0000\"]",
	};
	struct jv v;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const char *why = json_parse(good[i], strlen(good[i]), &v);

		if (why)
			fail_msg("valid JSON refused (%s): %s", why, good[i]);
		jv_free(&v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!json_parse(bad[i], strlen(bad[i]), &v))
			fail_msg("invalid JSON accepted: %s", bad[i]);
	assert_null(json_parse("[\"\\ud83d\\ude00\"]", 16, &v));
	assert_string_equal(v.items[0].str, "\xf0\x9f\x98\x80");
	jv_free(&v);
}

/* Same run in text and in JSON: one object per pair, saying what the text says. */
static void test_json_is_one_valid_object_per_pair_agreeing_with_the_text(void **state)
{
	char wrong[PATH_MAX + 64], text[1024];
	const char *files[4];
	struct block b[8];
	struct jv v[8];
	struct out t, j;
	int nb, nj;

	snprintf(text, sizeof(text), "%sexpect v2: stale-open\n", clean_scenario);
	write_file(wrong, sizeof(wrong), "json-wrong.fos", text);
	files[0] = SHIPPED("0a-reply-then-notify.fos");
	files[1] = CONCERN2;
	files[2] = SHIPPED("concern4-no-open-zero-seq.fos");
	files[3] = wrong;
	run(&t, "check", files[0], files[1], files[2], files[3], "--variant", "pre,v2", NULL);
	run(&j, "check", files[0], files[1], files[2], files[3], "--variant", "pre,v2", "--format",
	    "json", NULL);
	expect_clean(&t, 1); /* the wrong file */
	expect_clean(&j, 1);
	nb = parse_blocks(t.out, b, 8);
	nj = json_lines(j.out, v, 8);
	assert_int_equal(nb, 8);
	assert_int_equal(nj, 8);
	for (int i = 0; i < 8; i++) {
		const struct jv *cxs, *expected, *met;
		char violated[256];

		assert_string_equal(jwant(&v[i], "file", J_STR)->str, files[i / 2]);
		assert_string_equal(jwant(&v[i], "variant", J_STR)->str, i % 2 ? "v2" : "pre");
		assert_string_equal(b[i].variant, i % 2 ? "v2" : "pre");
		json_oracles_text(jwant(&v[i], "violated", J_ARR), violated, sizeof(violated));
		if (strcmp(violated, b[i].verdict))
			fail_msg("pair %d: JSON violated %s, text verdict %s", i, violated,
				 b[i].verdict);
		expected = jget(&v[i], "expected");
		assert_non_null(expected);
		assert_true(expected->t == J_ARR || expected->t == J_NULL);
		met = jwant(&v[i], "met", J_TRUE);
		assert_int_equal(met->t == J_TRUE, b[i].met == 1);
		assert_int_equal(jwant(&v[i], "executions", J_NUM)->num, (double)b[i].executions);
		assert_true(b[i].executions > 0);
		/* one counterexample per violated oracle, in the text's order, same token */
		cxs = jwant(&v[i], "counterexamples", J_ARR);
		assert_int_equal(cxs->n, jwant(&v[i], "violated", J_ARR)->n);
		assert_int_equal(cxs->n, b[i].ncx);
		for (size_t c = 0; c < cxs->n; c++) {
			const struct jv *cx = &cxs->items[c], *trace;

			assert_string_equal(jwant(cx, "oracle", J_STR)->str, b[i].cx[c].oracle);
			assert_string_equal(jwant(cx, "schedule", J_STR)->str, b[i].cx[c].token);
			assert_string_equal(jwant(cx, "message", J_STR)->str, b[i].cx[c].message);
			trace = jwant(cx, "trace", J_ARR);
			assert_true(trace->n > 0);
			for (size_t r = 0; r < trace->n; r++) {
				jwant(&trace->items[r], "step", J_NUM);
				jwant(&trace->items[r], "thread", J_STR);
				jwant(&trace->items[r], "text", J_STR);
			}
		}
	}
	/* the wrong file's v2 pair is the one not met */
	assert_true(jwant(&v[7], "met", J_TRUE)->t == J_FALSE);
	assert_true(jwant(&v[6], "met", J_TRUE)->t == J_TRUE);
	for (int i = 0; i < 8; i++)
		jv_free(&v[i]);
	free_blocks(b, nb);
	out_free(&t);
	out_free(&j);

	/* --trace none leaves the trace out of the JSON too */
	run(&j, "check", CONCERN2, "--format", "json", "--trace", "none", NULL);
	expect_clean(&j, 0);
	assert_int_equal(json_lines(j.out, v, 1), 1);
	assert_true(jwant(&v[0], "counterexamples", J_ARR)->n > 0);
	assert_null(jget(&jwant(&v[0], "counterexamples", J_ARR)->items[0], "trace"));
	jv_free(&v[0]);
	out_free(&j);
}

/* A file name and a title that need escapes come out as valid JSON and decode back. */
static void test_json_escapes_file_names_and_titles(void **state)
{
	char path[PATH_MAX + 64], text[1024];
	struct jv v;
	struct out o;

	snprintf(text, sizeof(text), "scenario \"say \\\"hi\\\"\\tand \\\\ bye\"\n%s",
		 clean_scenario);
	write_file(path, sizeof(path), "quote\"back\\slash.fos", text);
	run(&o, "check", path, "--format", "json", NULL);
	expect_clean(&o, 0);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	assert_string_equal(jwant(&v, "file", J_STR)->str, path);
	assert_string_equal(jwant(&v, "title", J_STR)->str, "say \"hi\"\tand \\ bye");
	jv_free(&v);
	out_free(&o);
}

/* ---- options reach the exploration ---- */

static void expect_out(const struct out *o, int code, const char *phrase)
{
	if (o->code != code || o->errlen || !strstr(o->out, phrase))
		fail_msg("exit %d (want %d), want \"%s\" in stdout:\n%s\nstderr:\n%s", o->code,
			 code, phrase, o->out, o->err);
}

/* @what is in the first block's variant line (which may wrap), before its verdict. */
static bool in_variant_lines(const char *out, const char *what)
{
	const char *v = strstr(out, "\nvariant  "), *end = strstr(out, "\nverdict "), *k;

	assert_true(v && end > v);
	k = strstr(v, what);
	return k && k < end;
}

static void test_check_options_change_what_is_explored(void **state)
{
	char path[PATH_MAX + 64];
	struct jv v;
	struct out o;

	run(&o, "check", CONCERN2, "--strategy", "random", "--runs", "7", "--seed", "5", NULL);
	assert_true(o.code == 3 || o.code == 1);
	expect_out(&o, o.code, "7 random schedules, seed 5");
	out_free(&o);
	run(&o, "check", CONCERN2, "--strategy", "random", "--runs", "7", "--format", "json", NULL);
	assert_true(o.code == 3 || o.code == 1);
	assert_int_equal(o.errlen, 0);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	assert_int_equal(jwant(&v, "executions", J_NUM)->num, 7);
	assert_string_equal(jwant(&v, "strategy", J_STR)->str, "random");
	jv_free(&v);
	out_free(&o);
	run(&o, "check", CONCERN2, "--strategy", "pct", "--runs", "9", "--depth", "2", "--seed",
	    "4", NULL);
	assert_true(o.code == 3 || o.code == 1);
	expect_out(&o, o.code, "9 PCT runs, depth 2, seed 4");
	out_free(&o);
	/* plain DFS only on a small scenario: it does not reduce anything */
	run(&o, "check", SHIPPED("concern1-link-under-close-wait.fos"), "--strategy", "dfs", NULL);
	expect_out(&o, 0, "every schedule (DFS)");
	out_free(&o);
	run(&o, "check", CONCERN2, "--preemptions", "0", NULL);
	assert_true(o.code == 3 || o.code == 1);
	expect_out(&o, o.code, "at most 0 preemptions (DFS)");
	out_free(&o);
	run(&o, "check", CONCERN2, "--strategy", "dfs", "--preemptions", "1", NULL);
	assert_true(o.code == 3 || o.code == 1);
	expect_out(&o, o.code, "at most 1 preemption (DFS)");
	out_free(&o);
	run(&o, "check", CONCERN2, "--max-executions", "3", NULL);
	expect_out(&o, 3, "INCOMPLETE");
	out_free(&o);
	run(&o, "check", CONCERN2, "--time-limit", "1000", NULL);
	expect_out(&o, 0, "up to reordering independent steps (DPOR)");
	assert_null(strstr(o.out, "INCOMPLETE"));
	out_free(&o);
	/* 5 steps reach no open's return: every execution is cut, nothing found */
	run(&o, "check", CONCERN2, "--max-steps", "5", NULL);
	expect_out(&o, 3, "cut at --max-steps 5");
	out_free(&o);
	/* knobs: each --set shows in the variant line */
	run(&o, "check", CONCERN2, "--variant", "v2", "--set", "seq_scope=conn", "--set",
	    "seq_inc=atomic", NULL);
	assert_true(o.code == 0 || o.code == 1);
	expect_out(&o, o.code, "\nvariant  v2 ");
	assert_true(in_variant_lines(o.out, "seq_scope=conn"));
	assert_true(in_variant_lines(o.out, "seq_inc=atomic"));
	out_free(&o);
	/* an unexpected spurious-fail: a warning, an error with --strict */
	write_file(path, sizeof(path), "strict.fos",
		   "conn close_wait=1\ndev d0\ninode 7\n"
		   "thread app:    open 7 as f ; io f ; release f\n"
		   "thread daemon: notify 7 on d0 ; reply f on d0\n"
		   "expect pre: ok\n");
	run(&o, "check", path, "--variant", "pre", NULL);
	expect_out(&o, 0, "warning  spurious-fail");
	out_free(&o);
	run(&o, "check", path, "--variant", "pre", "--strict", NULL);
	expect_out(&o, 1, "NOT AS EXPECTED");
	out_free(&o);
	/* traces */
	run(&o, "check", CONCERN2, "--trace", "none", NULL);
	expect_out(&o, 0, "  schedule fo2.");
	assert_null(strstr(o.out, "\n step "));
	assert_null(strstr(o.out, "sequenceDiagram"));
	out_free(&o);
	run(&o, "check", CONCERN2, "--trace", "mermaid", NULL);
	expect_out(&o, 0, "```mermaid\nsequenceDiagram\n");
	assert_null(strstr(o.out, "\n step "));
	out_free(&o);
}

/* ---- limits: a partial verdict, which limit, what to run instead ---- */

/* Executions thousands of steps deep: the explorer's records grow with them. */
static const char deep_scenario[] =
	"dev d0\n"
	"inode 7\n"
	"thread app:    open 7 as f ; io f ; release f\n"
	"thread daemon: write d0 x1000 ; reply f on d0 ; notify 7 on d0\n"
	"expect v2: stale-open\n";

/* One JSON verdict of @o (exit @code, nothing on stderr): its limit, status and hint. */
static void expect_json_limit(const struct out *o, int code, const char *limit,
			      const char *status, const char *hint)
{
	const struct jv *l, *h;
	struct jv v;

	if (o->code != code || o->errlen)
		fail_msg("exit %d (want %d), stderr:\n%s", o->code, code, o->err);
	assert_int_equal(json_lines(o->out, &v, 1), 1);
	l = jget(&v, "limit");
	assert_non_null(l);
	if (limit) {
		assert_int_equal(l->t, J_STR);
		assert_string_equal(l->str, limit);
		assert_int_equal(jwant(&v, "complete", J_TRUE)->t, J_FALSE);
		assert_int_equal(jwant(&v, "limit_message", J_STR)->t, J_STR);
	} else {
		assert_int_equal(l->t, J_NULL);
		assert_int_equal(jwant(&v, "complete", J_TRUE)->t, J_TRUE);
	}
	assert_string_equal(jwant(&v, "status", J_STR)->str, status);
	h = jget(&v, "hint");
	assert_non_null(h);
	if (hint) {
		assert_int_equal(h->t, J_STR);
		if (!strstr(h->str, hint))
			fail_msg("hint \"%s\" does not say \"%s\"", h->str, hint);
	} else {
		assert_int_equal(h->t, J_NULL);
	}
	jv_free(&v);
}

static void test_a_limit_gives_a_partial_verdict_that_says_which_and_exits_3(void **state)
{
	char deep[PATH_MAX + 64], clean[PATH_MAX + 64];
	const char *c3 = SHIPPED("concern3-plain-increment.fos");
	struct block b[1];
	struct jv v;
	struct out o;

	write_file(deep, sizeof(deep), "deep.fos", deep_scenario);
	/* executions: the text says which limit, what was found, and what to run instead */
	run(&o, "check", c3, "--variant", "v2", "--max-executions", "1000", "--trace", "none",
	    NULL);
	expect_clean(&o, 3);
	assert_int_equal(parse_blocks(o.out, b, 1), 1);
	assert_int_equal(b[0].status, 3);
	assert_non_null(strstr(b[0].limit, "stopped by --max-executions 1000"));
	/* measured: either finds all three of concern 3's oracles in under a second */
	assert_non_null(strstr(b[0].hint, "--strategy pct --runs 10000"));
	assert_non_null(strstr(b[0].hint, "--preemptions 1"));
	/* the oracles found so far are there, each with its counterexample */
	assert_true(b[0].ncx > 0);
	assert_string_not_equal(b[0].verdict, "ok");
	free_blocks(b, 1);
	out_free(&o);
	/*
	 * ... and the strategy the hint names does complete, and finds what is
	 * expected: 2,830 executions, too many for TSan's memory (see above).
	 */
	if (!UNDER_TSAN) {
		run(&o, "check", c3, "--variant", "v2", "--preemptions", "1", "--trace", "none",
		    NULL);
		expect_clean(&o, 3); /* bounded: as expected within the bound, no proof */
		assert_non_null(strstr(o.out, "-> as expected within the bound"));
		out_free(&o);
	}
	run(&o, "check", c3, "--variant", "v2", "--max-executions", "1000", "--format", "json",
	    NULL);
	expect_json_limit(&o, 3, "executions", "incomplete", "--strategy pct");
	out_free(&o);
	/* the hint fits the strategy that was stopped */
	run(&o, "check", c3, "--variant", "v2", "--preemptions", "2", "--max-executions", "50",
	    "--format", "json", NULL);
	expect_json_limit(&o, 3, "executions", "incomplete", "--preemptions 1");
	out_free(&o);
	run(&o, "check", c3, "--variant", "v2", "--strategy", "dfs", "--max-executions", "50",
	    "--format", "json", NULL);
	expect_json_limit(&o, 3, "executions", "incomplete", "--strategy dpor");
	out_free(&o);
	/* a sample stopped early is incomplete too, but needs no other strategy */
	run(&o, "check", c3, "--variant", "v2", "--strategy", "random", "--runs", "100",
	    "--max-executions", "5", "--format", "json", NULL);
	expect_json_limit(&o, 3, "executions", "incomplete", NULL);
	out_free(&o);
	/* time: a tiny limit on a scenario of 11,221 executions (only the reason is checked) */
	run(&o, "check", c3, "--variant", "v2", "--time-limit", "0.001", "--format", "json", NULL);
	expect_json_limit(&o, 3, "time", "incomplete", "--strategy pct");
	out_free(&o);
	/* memory: the first execution outgrows 64K, and the run stops cleanly */
	run(&o, "check", deep, "--max-memory", "64K", NULL);
	expect_out(&o, 3, "stopped by --max-memory 64K");
	assert_non_null(strstr(o.out, "-> INCOMPLETE (as expected so far)"));
	out_free(&o);
	run(&o, "check", deep, "--max-memory", "64k", "--format", "json", NULL);
	expect_json_limit(&o, 3, "memory", "incomplete", NULL);
	out_free(&o);
	/* ... while a ceiling that holds them lets the run go on to another limit */
	run(&o, "check", deep, "--max-memory", "1M", "--max-executions", "3", "--format", "json",
	    NULL);
	expect_json_limit(&o, 3, "executions", "incomplete", "--strategy pct");
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	/* what was held stays under the ceiling, and is more than the 64K that stopped it */
	assert_true(jwant(&v, "memory", J_NUM)->num <= 1024 * 1024);
	assert_true(jwant(&v, "memory", J_NUM)->num > 64 * 1024);
	jv_free(&v);
	out_free(&o);
	/* steps: executions cut at --max-steps are reported, and leave it incomplete */
	run(&o, "check", CONCERN2, "--max-steps", "5", "--format", "json", NULL);
	expect_json_limit(&o, 3, "steps", "incomplete", NULL);
	out_free(&o);
	/* a violation found is real however little was explored: not met, exit 1 */
	snprintf(clean, sizeof(clean), "%s", deep_scenario);
	*strstr(clean, "expect v2") = '\0';
	write_file(deep, sizeof(deep), "deep-no-expect.fos", clean);
	run(&o, "check", deep, "--max-executions", "5", "--format", "json", NULL);
	expect_json_limit(&o, 1, "executions", "not-met", "--strategy pct");
	out_free(&o);
	run(&o, "check", deep, "--max-executions", "5", NULL);
	expect_out(&o, 1, "NOT AS EXPECTED");
	out_free(&o);
	/* nothing limited: complete, no limit, no hint */
	run(&o, "check", CONCERN2, "--format", "json", NULL);
	expect_json_limit(&o, 0, NULL, "met", NULL);
	out_free(&o);
	/* several pairs: not met outranks incomplete, which outranks met */
	run(&o, "check", CONCERN2, c3, "--variant", "v2", "--max-executions", "500", NULL);
	expect_out(&o, 3, "INCOMPLETE");
	out_free(&o);
	run(&o, "check", c3, deep, "--variant", "v2", "--max-executions", "50", NULL);
	expect_out(&o, 1, "NOT AS EXPECTED");
	out_free(&o);
}

static void test_demo_marks_incomplete_cells_and_exits_3(void **state)
{
	const struct jv *rows;
	struct jv v;
	struct out o;
	bool marked = false, explained = false;

	run(&o, "demo", "--dir", FUSEORD_SCENARIO_DIR, "--max-executions", "50", NULL);
	expect_clean(&o, 3);
	for (const char *p = o.out; *p; p = strchr(p, '\n') + 1) {
		marked |= !strncmp(p, "concern3-plain-increment ", 25) && strstr(p, " ?") &&
			  strstr(p, " ?") < strchr(p, '\n');
		explained |= !strncmp(p, "? concern3-plain-increment.fos [v2]: incomplete (stopped "
					 "by --max-executions 50)",
				      71);
	}
	if (!marked || !explained)
		fail_msg("no incomplete cell marked and explained:\n%s", o.out);
	assert_non_null(strstr(o.out, "\nINCOMPLETE: "));
	assert_null(strstr(o.out, "\n* ")); /* none contradicts its expect line */
	out_free(&o);
	run(&o, "demo", "--dir", FUSEORD_SCENARIO_DIR, "--variant", "v2", "--max-executions", "50",
	    "--format", "json", NULL);
	expect_clean(&o, 3);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	assert_string_equal(jwant(&v, "status", J_STR)->str, "incomplete");
	rows = jwant(&v, "rows", J_ARR);
	marked = false;
	for (size_t i = 0; i < rows->n; i++) {
		const struct jv *cell = &jwant(&rows->items[i], "cells", J_ARR)->items[0];

		if (!strcmp(jwant(cell, "status", J_STR)->str, "incomplete")) {
			assert_string_equal(jwant(cell, "limit", J_STR)->str, "executions");
			assert_int_equal(jwant(cell, "complete", J_TRUE)->t, J_FALSE);
			marked = true;
		}
	}
	assert_true(marked);
	jv_free(&v);
	out_free(&o);
}

/* ---- several files ---- */

static void test_several_files_print_one_block_per_pair_in_order(void **state)
{
	char own_pre[PATH_MAX + 64], no_variant[PATH_MAX + 64], text[1024], want[PATH_MAX + 64];
	const char *files[3];
	struct block b[6];
	struct out o;
	int n;

	files[0] = SHIPPED("0b-notify-then-reply.fos");
	files[1] = CONCERN2;
	files[2] = SHIPPED("0a-reply-then-notify.fos");
	run(&o, "check", files[0], files[1], files[2], "--variant", "v2,pre", NULL);
	expect_clean(&o, 0);
	n = parse_blocks(o.out, b, 6);
	assert_int_equal(n, 6);
	for (int i = 0; i < 6; i++) {
		snprintf(want, sizeof(want), "== %s: ", files[i / 2]);
		assert_int_equal(strncmp(b[i].header, want, strlen(want)), 0);
		assert_string_equal(b[i].variant, i % 2 ? "pre" : "v2");
		assert_int_equal(b[i].met, 1);
	}
	free_blocks(b, n);
	out_free(&o);

	/* without --variant: each file's own variant line, else v2 */
	snprintf(text, sizeof(text), "variant pre\n%s", strchr(clean_scenario, '\n') + 1);
	write_file(own_pre, sizeof(own_pre), "own-pre.fos", text);
	write_file(no_variant, sizeof(no_variant), "no-variant.fos",
		   strchr(clean_scenario, '\n') + 1);
	run(&o, "check", own_pre, no_variant, CONCERN2, NULL);
	expect_clean(&o, 0);
	n = parse_blocks(o.out, b, 6);
	assert_int_equal(n, 3);
	assert_string_equal(b[0].variant, "pre");
	assert_string_equal(b[1].variant, "v2");
	assert_string_equal(b[2].variant, "v2");
	assert_non_null(strstr(b[0].header, own_pre));
	assert_non_null(strstr(b[1].header, no_variant));
	free_blocks(b, n);
	out_free(&o);
}

/* ---- replay refusals ---- */

static void expect_refused(const char *path, const char *token, const char *phrase, const char *opt,
			   const char *arg)
{
	struct out o;

	if (opt)
		run(&o, "replay", path, "--schedule", token, opt, arg, NULL);
	else
		run(&o, "replay", path, "--schedule", token, NULL);
	if (o.code != 2 || o.outlen || !strstr(o.err, phrase))
		fail_msg("replay %s --schedule '%s' %s %s: exit %d, want 2 and \"%s\"; stdout:\n%s"
			 "stderr:\n%s",
			 path, token, opt ? opt : "", arg ? arg : "", o.code, phrase, o.out, o.err);
	out_free(&o);
}

static void test_replay_refuses_a_token_from_another_variant_knob_set_or_file(void **state)
{
	char *token = concern2_v2_token(), *text, edited[PATH_MAX + 64];
	size_t len;
	FILE *f;
	struct out o;

	/* the token itself replays, with or without its own variant named */
	run(&o, "replay", CONCERN2, "--schedule", token, "--variant", "v2", NULL);
	expect_clean(&o, 1);
	out_free(&o);
	expect_refused(CONCERN2, token, "variant 'v2', not 'pre'", "--variant", "pre");
	expect_refused(CONCERN2, token, "knobs", "--set", "seq_inc=atomic");
	expect_refused(CONCERN2, token, "seq_scope=dev", "--set", "seq_scope=conn");
	expect_refused(SHIPPED("0a-reply-then-notify.fos"), token, "another scenario", NULL, NULL);
	/* the same file with one comment more is another scenario */
	text = slurp(CONCERN2, &len);
	snprintf(edited, sizeof(edited), "%s/concern2-edited.fos", tmpdir);
	f = fopen(edited, "wb");
	assert_non_null(f);
	fprintf(f, "%s# edited\n", text);
	assert_int_equal(fclose(f), 0);
	free(text);
	expect_refused(edited, token, "another scenario", NULL, NULL);
	free(token);
}

static void test_replay_refuses_truncated_and_garbage_tokens(void **state)
{
	static const char *const junk[] = {
		"garbage",
		"fo3.v2.dprcbz64.0123456789abcdef.a3",
		"fo1.v2.nosuchcode.0123456789abcdef.a3",
		"fo1.v2.dprcbz64.0123456789abcdeg.a3",
	};
	/* one step more, a thread that does not exist, bad run lengths */
	static const char *const tails[][2] = {
		{ "a", "does not fit" },
		{ "z", "schedule" },
		{ "a1", "schedule" },
		{ "a99999999999999999999", "schedule" },
	};
	char *token = concern2_v2_token();
	size_t len = strlen(token), n = 0, max = len + 16;
	char(*tokens)[1024] = calloc(max, sizeof(*tokens));
	const char **phrase = calloc(max, sizeof(*phrase));
	struct cmd *cmds = calloc(max, sizeof(*cmds));
	struct out *outs = calloc(max, sizeof(*outs));

	assert_true(tokens && phrase && cmds && outs && len + 8 < sizeof(tokens[0]));
	/*
	 * Proper prefixes: cut in each field of the header (version, variant,
	 * knob code, hash, at and around each dot), and after every choice of
	 * the schedule: a malformed token or a schedule that ends too soon.
	 */
	const char *choices = strrchr(token, '.') + 1;
	size_t head = (size_t)(choices - token);

	assert_true(head > 20);
	for (size_t k = 0; k < len; k++) {
		bool around_dot = token[k] == '.' || (k && token[k - 1] == '.');

		if (k < head && !around_dot && k != head / 2 && k != head - 8)
			continue;
		snprintf(tokens[n], sizeof(tokens[n]), "%.*s", (int)k, token);
		phrase[n++] = "schedule";
	}
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++, n++) {
		snprintf(tokens[n], sizeof(tokens[n]), "%s", junk[i]);
		phrase[n] = "schedule token";
	}
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++, n++) {
		snprintf(tokens[n], sizeof(tokens[n]), "%s%s", token, tails[i][0]);
		phrase[n] = tails[i][1];
	}
	assert_true(n <= max);
	for (size_t i = 0; i < n; i++)
		cmds[i] = (struct cmd){ { "replay", CONCERN2, "--schedule", tokens[i], NULL } };
	run_all(cmds, outs, n);
	for (size_t i = 0; i < n; i++) {
		if (outs[i].code != 2 || outs[i].outlen || !strstr(outs[i].err, phrase[i]))
			problem("replay --schedule '%s': exit %d (want 2), %zu bytes on stdout, "
				"want \"%s\" in stderr:\n%s",
				tokens[i], outs[i].code, outs[i].outlen, phrase[i], outs[i].err);
		out_free(&outs[i]);
	}
	free(tokens);
	free(phrase);
	free(cmds);
	free(outs);
	free(token);
	no_problems();
}

/* ---- output that cannot be written ---- */

static void test_a_verdict_that_cannot_be_written_is_an_error(void **state)
{
	const char *args[] = { "check", CONCERN2, "--variant", "pre,v2", NULL };
	struct out o;

	if (access("/dev/full", W_OK)) {
		skip();
		return;
	}
	run_argv(&o, "/dev/full", args);
	assert_int_equal(o.code, 2);
	assert_non_null(strstr(o.err, "cannot write"));
	out_free(&o);
}

/* ---- the shipped scenarios: progress, traces, replays ---- */

static void test_a_successful_check_writes_nothing_to_stderr_without_a_terminal(void **state)
{
	const struct out *o = shipped_run();
	bool not_met = false, incomplete = false;

	/* seconds of exploration: progress would have been reported by now */
	if (o->errlen || (o->code != 0 && o->code != 1 && o->code != 3))
		fail_msg("exit %d, stderr:\n%s", o->code, o->err);
	assert_int_equal(nshipped_blocks, 2 * nshipped);
	for (int i = 0; i < nshipped_blocks; i++) {
		const struct block *b = &shipped_blocks[i];
		char want[PATH_MAX + 8];

		snprintf(want, sizeof(want), "== %s: ", shipped_paths[i / 2]);
		assert_int_equal(strncmp(b->header, want, strlen(want)), 0);
		assert_string_equal(b->variant, i % 2 ? "v2" : "pre");
		assert_true(b->status == 0 || b->status == 1 || b->status == 3);
		/* an incomplete pair says which limit stopped it, and what to run instead */
		if (b->status == 3 &&
		    (!strstr(b->limit, "stopped by --max-executions " SHIPPED_MAX_EXECUTIONS) ||
		     !strstr(b->hint, "--strategy pct")))
			fail_msg("%s [%s]: incomplete, but limit \"%s\", hint \"%s\"", b->header,
				 b->variant, b->limit, b->hint);
		not_met |= b->status == 1;
		incomplete |= b->status == 3;
	}
	/* the exit status sums up the blocks: not met, else incomplete, else met */
	assert_int_equal(o->code, not_met ? 1 : incomplete ? 3 : 0);
}

/* Count the oracles of a verdict line ("ok" is none). */
static int verdict_count(const char *verdict)
{
	int n = 1;

	if (!strcmp(verdict, "ok"))
		return 0;
	for (const char *p = verdict; (p = strchr(p, ',')) != NULL; p++)
		n++;
	return n;
}

static void test_ascii_traces_of_shipped_counterexamples_fit_80_columns(void **state)
{
	int traces = 0;

	shipped_run();
	for (int i = 0; i < nshipped_blocks; i++) {
		const struct block *b = &shipped_blocks[i];

		assert_int_equal(b->ncx, verdict_count(b->verdict));
		for (int c = 0; c < b->ncx; c++) {
			const char *t = b->cx[c].trace;
			int row = 0;

			if (!t)
				fail_msg("%s [%s] %s: no trace", b->header, b->variant,
					 b->cx[c].oracle);
			assert_int_equal(strncmp(t, " step ", 6), 0);
			for (const char *p = t; *p; row++) {
				const char *nl = strchr(p, '\n');

				for (const char *q = p; q < nl; q++)
					if (*q < 0x20 || *q > 0x7e)
						fail_msg("%s [%s] %s: byte 0x%02x in trace row %d",
							 b->header, b->variant, b->cx[c].oracle,
							 (unsigned char)*q, row);
				if (nl - p > 80)
					fail_msg("%s [%s] %s: trace line of %d columns:\n%.*s",
						 b->header, b->variant, b->cx[c].oracle,
						 (int)(nl - p), (int)(nl - p), p);
				p = nl + 1;
			}
			assert_true(row > 2); /* a header, a rule and some steps */
			traces++;
		}
	}
	assert_true(traces > 0);
	/* and the rest of each block too, but its "== FILE: TITLE" line (a path is a path) */
	for (const char *p = shipped.out; *p;) {
		const char *nl = strchr(p, '\n');

		if (nl - p > 80 && strncmp(p, "== ", 3))
			fail_msg("a report line of %d columns:\n%.*s", (int)(nl - p), (int)(nl - p),
				 p);
		p = nl + 1;
	}
}

/* The thread names of an ASCII trace's header row. */
static int ascii_threads(const char *trace, char names[][32], int max)
{
	char line[256];
	int n = 0;

	assert_int_equal(sscanf(trace, "%255[^\n]", line), 1);
	for (char *save = NULL, *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save))
		if (strcmp(t, "step")) {
			assert_true(n < max);
			snprintf(names[n++], 32, "%s", t);
		}
	return n;
}

/* The part of @text from the line after `schedule @token` on. */
static const char *after_schedule(const char *text, const char *token)
{
	char line[1024];
	const char *p;

	snprintf(line, sizeof(line), "  schedule %s\n", token);
	p = strstr(text, line);
	assert_non_null(p);
	return p + strlen(line);
}

/* Every counterexample of the shipped run, with the file it is of. */
struct cxref {
	const struct block *block;
	const struct cx *cx;
	const char *path;
};

static size_t shipped_cxs(struct cxref **refs)
{
	size_t n = 0;

	shipped_run();
	*refs = calloc(MAX_BLOCKS * FO_ORACLE_COUNT, sizeof(**refs));
	assert_non_null(*refs);
	for (int i = 0; i < nshipped_blocks; i++)
		for (int c = 0; c < shipped_blocks[i].ncx; c++)
			(*refs)[n++] = (struct cxref){ &shipped_blocks[i], &shipped_blocks[i].cx[c],
						       shipped_paths[i / 2] };
	assert_true(n > 0);
	return n;
}

static void test_mermaid_traces_have_a_participant_per_thread(void **state)
{
	struct cxref *refs;
	size_t n = shipped_cxs(&refs);
	struct cmd *cmds = calloc(n, sizeof(*cmds));
	struct out *outs = calloc(n, sizeof(*outs));

	assert_true(cmds && outs);
	for (size_t i = 0; i < n; i++)
		cmds[i] = (struct cmd){ { "replay", refs[i].path, "--schedule", refs[i].cx->token,
					  "--trace", "mermaid", NULL } };
	run_all(cmds, outs, n);
	for (size_t i = 0; i < n; i++) {
		char threads[32][32], line[256];
		int nthreads = ascii_threads(refs[i].cx->trace, threads, 32), np = 0;
		const char *p, *end;

		expect_clean(&outs[i], 1);
		p = after_schedule(outs[i].out, refs[i].cx->token);
		assert_int_equal(strncmp(p, "\n```mermaid\nsequenceDiagram\n", 28), 0);
		p += 28;
		end = strstr(p, "```\n");
		assert_non_null(end);
		/* participants first, one per thread, in the ASCII columns' order */
		while (p < end && sscanf(p, "    participant %255[^\n]", line) == 1) {
			assert_true(np < nthreads);
			/* an ASCII column may cut a long name short */
			assert_int_equal(strncmp(line, threads[np], strlen(threads[np])), 0);
			np++;
			p = strchr(p, '\n') + 1;
		}
		assert_int_equal(np, nthreads);
		/* then notes, each over one of them */
		assert_true(p < end);
		for (; p < end; p = strchr(p, '\n') + 1) {
			bool known = false;

			assert_int_equal(sscanf(p, "    Note over %255[^:]:", line), 1);
			for (int t = 0; t < nthreads; t++)
				known |= !strncmp(line, threads[t], strlen(threads[t]));
			if (!known)
				fail_msg("note over an unknown participant: %.60s", p);
		}
		out_free(&outs[i]);
	}
	free(cmds);
	free(outs);
	free(refs);
}

static void test_replay_of_every_shipped_counterexample_is_byte_identical(void **state)
{
	enum {
		RUNS = 3
	};
	struct cxref *refs;
	size_t n = shipped_cxs(&refs);
	struct cmd *cmds = calloc(RUNS * n, sizeof(*cmds));
	struct out *outs = calloc(RUNS * n, sizeof(*outs));

	assert_true(cmds && outs);
	for (size_t i = 0; i < n; i++) {
		for (int r = 0; r < RUNS; r++)
			cmds[RUNS * i + (size_t)r] = (struct cmd){
				{ "replay", refs[i].path, "--schedule", refs[i].cx->token, NULL }
			};
		/* naming the token's own variant changes nothing */
		if (refs[i].cx == &refs[i].block->cx[0]) {
			cmds[RUNS * i + 2].args[4] = "--variant";
			cmds[RUNS * i + 2].args[5] = refs[i].block->variant;
		}
	}
	run_all(cmds, outs, RUNS * n);
	for (size_t i = 0; i < n; i++) {
		const struct cx *want = refs[i].cx, *got;
		struct out *o = &outs[RUNS * i];
		struct block rb[2];

		for (int r = 0; r < RUNS; r++)
			expect_clean(&o[r], 1); /* it shows a violation */
		for (int r = 1; r < RUNS; r++) {
			assert_int_equal(o[r].outlen, o[0].outlen);
			assert_memory_equal(o[r].out, o[0].out, o[0].outlen);
		}
		/* the same oracle, message and trace as check printed */
		assert_int_equal(parse_blocks(o[0].out, rb, 2), 1);
		assert_string_equal(rb[0].variant, refs[i].block->variant);
		assert_int_equal(rb[0].met, -1);
		got = find_cx(&rb[0], want->oracle);
		if (!got)
			fail_msg("replay of %s shows no %s", want->token, want->oracle);
		assert_string_equal(got->token, want->token);
		assert_string_equal(got->message, want->message);
		assert_non_null(got->trace);
		if (strcmp(got->trace, want->trace))
			fail_msg("replay of %s: trace differs from check's:\n%s\n---\n%s",
				 want->token, got->trace, want->trace);
		free_blocks(rb, 1);
		for (int r = 0; r < RUNS; r++)
			out_free(&o[r]);
	}
	free(cmds);
	free(outs);
	free(refs);
}

static void test_replay_json_is_one_valid_object(void **state)
{
	const struct block *b;
	struct jv v;
	struct out o;

	shipped_run();
	b = &shipped_blocks[0];
	assert_true(b->ncx > 0);
	run(&o, "replay", shipped_paths[0], "--schedule", b->cx[0].token, "--format", "json", NULL);
	expect_clean(&o, 1);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	assert_string_equal(jwant(&v, "strategy", J_STR)->str, "replay");
	assert_int_equal(jwant(&v, "executions", J_NUM)->num, 1);
	assert_string_equal(
		jwant(&jwant(&v, "counterexamples", J_ARR)->items[0], "schedule", J_STR)->str,
		b->cx[0].token);
	jv_free(&v);
	out_free(&o);
}

/* ---- setup ---- */

static int remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX + 300];

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(dir);
}

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");
	struct stat st;

	snprintf(tmpdir, sizeof(tmpdir), "%s/fuseord-test-cli.XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir) || stat(FUSEORD_BIN, &st)) {
		fprintf(stderr, "test_cli: no temporary directory or no %s\n", FUSEORD_BIN);
		return -1;
	}
	/* the long check runs while the other tests do */
	shipped_start();
	return 0;
}

static int group_teardown(void **state)
{
	if (shipped_started && !shipped_done) {
		int st;

		waitpid(shipped_job.pid, &st, 0);
		unlink(shipped_job.outpath);
		unlink(shipped_job.errpath);
	}
	free_blocks(shipped_blocks, nshipped_blocks);
	free(shipped.out);
	free(shipped.err);
	return remove_tree(tmpdir) ? -1 : 0;
}


/* ---- what a verdict proves: exhaustive, bounded, sampled ---- */

/* A scenario with no violation at all, and an expect line that lists one. */
static const char clean_but_expects[] = "variant v2\n"
					"dev d0\n"
					"inode 7\n"
					"thread app:    open 7 as f ; io f ; release f\n"
					"thread daemon: reply f on d0\n"
					"expect v2: stale-open\n";

static void expect_json_proof(const struct out *o, int code, const char *status,
			      const char *proof, bool complete, const char *not_found)
{
	const struct jv *nf;
	struct jv v;

	if (o->code != code || o->errlen)
		fail_msg("exit %d (want %d), stderr:\n%s", o->code, code, o->err);
	assert_int_equal(json_lines(o->out, &v, 1), 1);
	assert_string_equal(jwant(&v, "status", J_STR)->str, status);
	assert_string_equal(jwant(&v, "proof", J_STR)->str, proof);
	assert_int_equal(jwant(&v, "complete", J_TRUE)->t, complete ? J_TRUE : J_FALSE);
	nf = jget(&v, "not_found");
	assert_non_null(nf);
	assert_int_equal(nf->t, J_ARR);
	if (not_found) {
		assert_int_equal(nf->n, 1);
		assert_string_equal(nf->items[0].str, not_found);
	} else {
		assert_int_equal(nf->n, 0);
	}
	jv_free(&v);
}

static void test_bounded_and_sampled_runs_never_claim_a_proof(void **state)
{
	char path[PATH_MAX + 64];
	struct out o;

	write_file(path, sizeof(path), "expects-too-much.fos", clean_but_expects);
	/* exhaustive: the listed oracle is proved absent */
	run(&o, "check", path, NULL);
	expect_out(&o, 1, "-> NOT AS EXPECTED");
	out_free(&o);
	run(&o, "check", path, "--format", "json", NULL);
	expect_json_proof(&o, 1, "not-met", "all", true, "stale-open");
	out_free(&o);
	/* bounded: not found within the bound, which proves nothing: exit 3 */
	run(&o, "check", path, "--preemptions", "1", NULL);
	expect_out(&o, 3, "-> NOT FOUND within the bound: stale-open");
	assert_null(strstr(o.out, "NOT AS EXPECTED"));
	out_free(&o);
	run(&o, "check", path, "--preemptions", "1", "--format", "json", NULL);
	expect_json_proof(&o, 3, "bounded", "bound", false, "stale-open");
	out_free(&o);
	/* sampled: not found in N samples */
	run(&o, "check", path, "--strategy", "random", "--runs", "5", NULL);
	expect_out(&o, 3, "-> NOT FOUND in 5 samples: stale-open");
	assert_null(strstr(o.out, "NOT AS EXPECTED"));
	out_free(&o);
	run(&o, "check", path, "--strategy", "pct", "--runs", "5", "--format", "json", NULL);
	expect_json_proof(&o, 3, "sampled", "sample", false, "stale-open");
	out_free(&o);
	/* a sample that finds what is expected is still only a sample */
	run(&o, "check", CONCERN2, "--variant", "v2", "--strategy", "pct", "--runs", "500",
	    "--format", "json", NULL);
	expect_json_proof(&o, 3, "sampled", "sample", false, NULL);
	out_free(&o);
	run(&o, "check", CONCERN2, "--variant", "v2", "--strategy", "pct", "--runs", "500", NULL);
	expect_out(&o, 3, "-> as expected in 500 samples");
	out_free(&o);
	/* and an exhaustive one that does is a proof */
	run(&o, "check", CONCERN2, "--variant", "v2", "--format", "json", NULL);
	expect_json_proof(&o, 0, "met", "all", true, NULL);
	out_free(&o);
}

/* --max-executions counts the executions run to their end, as the verdict does */
static void test_max_executions_counts_executions_run_to_their_end(void **state)
{
	struct jv v;
	struct out o;

	run(&o, "check", SHIPPED("concern3-plain-increment.fos"), "--variant", "v2",
	    "--max-executions", "700", "--format", "json", "--trace", "none", NULL);
	assert_int_equal(o.code, 3);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	assert_int_equal(jwant(&v, "executions", J_NUM)->num, 700);
	assert_true(jwant(&v, "redundant", J_NUM)->num > 0); /* else the test shows nothing */
	jv_free(&v);
	out_free(&o);
}

/* ---- named variants ---- */

static const char defines_text[] = "scenario \"v3 as announced\"\n"
				   "variant v2\n"
				   "define v3 = v2 link=always\n"
				   "define v4 = v3 seq_inc=atomic\n"
				   "conn close_wait=1\n"
				   "dev d0\n"
				   "dev d1\n"
				   "inode 7\n"
				   "thread app:    open 7 as f ; io f ; release f\n"
				   "thread daemon: write d1 x3 ; reply f on d1 ; notify 7 on d0\n"
				   "expect v3: stale-open\n"
				   "expect v4: stale-open\n";

static void test_define_lines_name_variants_that_check_and_replay(void **state)
{
	char path[PATH_MAX + 64], vpath[PATH_MAX + 64], token[256];
	struct block b[2];
	struct jv v;
	struct out o;

	write_file(path, sizeof(path), "defines.fos", defines_text);
	run(&o, "check", path, "--variant", "v3,v4", "--trace", "none", NULL);
	expect_clean(&o, 0);
	assert_int_equal(parse_blocks(o.out, b, 2), 2);
	assert_true(in_variant_lines(o.out, "link=always"));
	assert_non_null(strstr(o.out, "variant  v4 seq_scope=dev seq_inc=atomic"));
	free_blocks(b, 2);
	out_free(&o);
	run(&o, "check", path, "--variant", "v4", "--format", "json", NULL);
	expect_clean(&o, 0);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	assert_string_equal(jwant(&v, "variant", J_STR)->str, "v4");
	assert_non_null(strstr(jwant(&v, "knobs", J_STR)->str, "link=always"));
	snprintf(token, sizeof(token), "%s",
		 jwant(&jwant(&v, "counterexamples", J_ARR)->items[0], "schedule", J_STR)->str);
	jv_free(&v);
	out_free(&o);
	/* the token of a defined variant replays, by its name */
	assert_non_null(strstr(token, "fo2.v4."));
	run(&o, "replay", path, "--schedule", token, NULL);
	expect_out(&o, 1, "variant  v4 ");
	out_free(&o);
	/* the same define in a --variants file */
	write_file(vpath, sizeof(vpath), "more.fov",
		   "# a variants file: define lines only\ndefine v9 = fixed link=close_wait\n");
	run(&o, "check", path, "--variants", vpath, "--variant", "v9", "--format", "json", NULL);
	assert_true(o.code == 0 || o.code == 1);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	assert_string_equal(jwant(&v, "variant", J_STR)->str, "v9");
	assert_non_null(strstr(jwant(&v, "knobs", J_STR)->str, "link=close_wait"));
	assert_non_null(strstr(jwant(&v, "knobs", J_STR)->str, "watermark=wait"));
	jv_free(&v);
	out_free(&o);
	run(&o, "check", path, "--variant", "v9", NULL);
	assert_int_equal(o.code, 2);
	assert_non_null(strstr(o.err, "unknown variant 'v9'"));
	out_free(&o);
	{
		char dir[PATH_MAX + 64], demo_path[PATH_MAX + 128];

		snprintf(dir, sizeof(dir), "%s/demo-defines", tmpdir);
		assert_true(mkdir(dir, 0700) == 0 || errno == EEXIST);
		write_file(demo_path, sizeof(demo_path), "demo-defines/d.fos", defines_text);
		run(&o, "demo", "--dir", dir, "--variants", vpath, "--variant", "v3,v9",
		    "--max-executions", "5", NULL);
		expect_out(&o, 3, "--variant v9 --strict --variants ");
		assert_non_null(strstr(o.out, " v3 "));
		out_free(&o);
		unlink(demo_path);
		rmdir(dir);
	}
	/* a variants file with anything but define lines is refused where it is wrong */
	write_file(vpath, sizeof(vpath), "bad.fov", "define v9 = fixed\nthread a: signal x\n");
	run(&o, "check", path, "--variants", vpath, NULL);
	assert_int_equal(o.code, 2);
	assert_non_null(strstr(o.err, "bad.fov:2:1: error: a variants file holds define lines"));
	out_free(&o);
}

static const struct {
	const char *text;
	const char *where, *what;
} bad_defines[] = {
	{ "define v2 = pre\n", ":1:8:", "is a variant of the model" },
	{ "define v3 = v2\ndefine v3 = pre\n", ":2:8:", "defined twice" },
	{ "define v3 = v7\n", ":1:13:", "unknown variant 'v7' as the base" },
	{ "define v3 v2\n", ":1:11:", "expected '=' after 'define v3'" },
	{ "define v3 = v2 seq_bitz=7\n", ":1:16:", "did you mean 'seq_bits'?" },
	{ "define v3 = v2 seq_bits=4\n", ":1:25:", "it takes an integer in 8..64" },
	{ "define v3 = v2 link=always link=close_wait\n", ":1:28:", "set twice" },
	{ "expect v3: ok\ndefine v3 = v2\n", ":1:8:", "unknown variant 'v3'" },
};

static void test_bad_define_lines_are_scenario_errors(void **state)
{
	char path[PATH_MAX + 64], text[512];
	struct out o;

	for (size_t i = 0; i < sizeof(bad_defines) / sizeof(bad_defines[0]); i++) {
		snprintf(text, sizeof(text), "%sthread a: signal x\nthread b: wait x\n",
			 bad_defines[i].text);
		write_file(path, sizeof(path), "bad-define.fos", text);
		run(&o, "check", path, NULL);
		if (o.code != 2 || !strstr(o.err, bad_defines[i].where) ||
		    !strstr(o.err, bad_defines[i].what))
			fail_msg("%s: exit %d, stderr: %s", bad_defines[i].text, o.code, o.err);
		out_free(&o);
	}
}

/* ---- the command's errors are as precise as a file's ---- */

static void test_set_and_variant_errors_are_as_precise_as_in_a_file(void **state)
{
	static const struct {
		const char *set, *want;
	} cases[] = {
		{ "seq_bits=4", "bad value '4' for knob 'seq_bits' (it takes an integer in 8..64)" },
		{ "seq_bitz=7", "unknown knob 'seq_bitz' (knobs: seq_scope" },
		{ "seq_bitz=7", "did you mean 'seq_bits'?" },
		{ "seq_inc=atomc", "(it takes plain|atomic; did you mean 'atomic'?)" },
	};
	char path[PATH_MAX + 64], text[512];
	struct out o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run(&o, "check", CONCERN2, "--set", cases[i].set, NULL);
		if (o.code != 2 || !strstr(o.err, cases[i].want) || o.outlen)
			fail_msg("--set %s: exit %d, stderr: %s", cases[i].set, o.code, o.err);
		out_free(&o);
		/* the same words for the same mistake in a set line */
		snprintf(text, sizeof(text), "set %s\nthread a: signal x\nthread b: wait x\n",
			 cases[i].set);
		write_file(path, sizeof(path), "bad-set.fos", text);
		run(&o, "check", path, NULL);
		if (o.code != 2 || !strstr(o.err, cases[i].want))
			fail_msg("set %s: exit %d, stderr: %s", cases[i].set, o.code, o.err);
		out_free(&o);
	}
	/* a list with an empty name is a slip, not two variants */
	static const char *const lists[] = { "pre,,v2", ",v2", "v2,", "" };

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		run(&o, "check", CONCERN2, "--variant", lists[i], NULL);
		if (o.code != 2 || o.outlen || !strstr(o.err, "--variant"))
			fail_msg("--variant '%s': exit %d, stderr: %s", lists[i], o.code, o.err);
		out_free(&o);
		run(&o, "demo", "--variant", lists[i], NULL);
		if (o.code != 2 || o.outlen)
			fail_msg("demo --variant '%s': exit %d, stderr: %s", lists[i], o.code, o.err);
		out_free(&o);
	}
}

/* A token whose knob letters are not its variant's replays only with the --set that says so. */
static void test_a_token_whose_knobs_disagree_with_its_variant_is_refused(void **state)
{
	char token[256], *code;
	struct jv v;
	struct out o;

	run(&o, "check", CONCERN2, "--variant", "v2", "--set", "seq_scope=none", "--format",
	    "json", NULL);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	snprintf(token, sizeof(token), "%s",
		 jwant(&jwant(&v, "counterexamples", J_ARR)->items[0], "schedule", J_STR)->str);
	jv_free(&v);
	out_free(&o);
	code = strchr(token + 4, '.') + 1;
	assert_int_equal(code[0], 'n'); /* seq_scope=none, where v2 has dev */
	run(&o, "replay", CONCERN2, "--schedule", token, NULL);
	assert_int_equal(o.code, 2);
	assert_non_null(strstr(o.err, "disagrees with variant 'v2'"));
	assert_non_null(strstr(o.err, "--set seq_scope=none"));
	out_free(&o);
	run(&o, "replay", CONCERN2, "--schedule", token, "--set", "seq_scope=none", NULL);
	expect_out(&o, 1, "seq_scope=none");
	out_free(&o);
	/* hand-edited: v2's name on pre's letters */
	run(&o, "check", CONCERN2, "--variant", "pre", "--format", "json", NULL);
	assert_int_equal(json_lines(o.out, &v, 1), 1);
	snprintf(token, sizeof(token), "%s",
		 jwant(&jwant(&v, "counterexamples", J_ARR)->items[0], "schedule", J_STR)->str);
	jv_free(&v);
	out_free(&o);
	assert_int_equal(strncmp(token, "fo2.pre.", 8), 0);
	memmove(token + 6, token + 7, strlen(token + 7) + 1); /* "fo2.pre." -> "fo2.pe." */
	memcpy(token + 4, "v2", 2);                            /* -> "fo2.v2." */
	run(&o, "replay", CONCERN2, "--schedule", token, NULL);
	assert_int_equal(o.code, 2);
	assert_non_null(strstr(o.err, "disagrees with variant 'v2'"));
	out_free(&o);
}

/* ---- progress ---- */

static void test_progress_goes_to_stderr_when_asked_and_a_long_run_says_how_to_bound_it(void **state)
{
	const char *c3 = SHIPPED("concern3-plain-increment.fos");
	struct out o;

	if (UNDER_TSAN)
		skip();
	/* a status line at every chance, and the hint at the first */
	setenv("FUSEORD_HINT_AFTER", "0", 1);
	setenv("FUSEORD_PROGRESS_EVERY", "0", 1);
	run(&o, "check", c3, "--variant", "v2", "--preemptions", "2", "--progress", "--trace",
	    "none", NULL);
	unsetenv("FUSEORD_HINT_AFTER");
	unsetenv("FUSEORD_PROGRESS_EVERY");
	assert_int_equal(o.code, 3);
	assert_non_null(strstr(o.err, "[v2]: "));
	assert_non_null(strstr(o.err, " executions, "));
	assert_non_null(strstr(o.err, "still exploring after"));
	assert_non_null(strstr(o.err, "--time-limit"));
	assert_null(strstr(o.err, "\r")); /* not a terminal: whole lines */
	for (const char *p = o.err, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		if (nl - p > 80)
			fail_msg("stderr line of %d columns: %.*s", (int)(nl - p), (int)(nl - p), p);
	out_free(&o);
	/* a limit given: no hint; no --progress and no terminal: nothing */
	setenv("FUSEORD_HINT_AFTER", "0", 1);
	run(&o, "check", c3, "--variant", "v2", "--max-executions", "100", "--trace", "none", NULL);
	unsetenv("FUSEORD_HINT_AFTER");
	assert_int_equal(o.code, 3);
	assert_int_equal(o.errlen, 0);
	out_free(&o);
	run(&o, "check", c3, "--progress", "--no-progress", NULL);
	assert_int_equal(o.code, 2);
	out_free(&o);
}

/* An exhaustive search's status line says how large the whole search looks; a sample's does not. */
static void test_progress_estimates_the_whole_search(void **state)
{
	const char *c3 = SHIPPED("concern3-plain-increment.fos");
	struct out o;

	if (UNDER_TSAN)
		skip();
	setenv("FUSEORD_PROGRESS_EVERY", "0", 1);
	run(&o, "check", c3, "--variant", "v2", "--max-executions", "1000", "--progress", "--trace",
	    "none", NULL);
	assert_int_equal(o.code, 3);
	assert_non_null(strstr(o.err, " of about "));
	for (const char *p = o.err, *nl; (nl = strchr(p, '\n')); p = nl + 1)
		if (nl - p > 80)
			fail_msg("stderr line of %d columns: %.*s", (int)(nl - p), (int)(nl - p), p);
	out_free(&o);
	run(&o, "check", c3, "--variant", "v2", "--strategy", "random", "--runs", "300",
	    "--progress", "--trace", "none", NULL);
	unsetenv("FUSEORD_PROGRESS_EVERY");
	assert_non_null(strstr(o.err, " executions, "));
	assert_null(strstr(o.err, " of about "));
	out_free(&o);
}

/* ---- traces in mail ---- */

static const char five_threads[] = "scenario \"five threads\"\n"
				   "variant v2\n"
				   "conn close_wait=1\n"
				   "dev d0\n"
				   "dev d1\n"
				   "inode 7\n"
				   "thread app:       open 7 as f ; io f ; release f\n"
				   "thread app_two:   open 7 as g ; io g ; release g\n"
				   "thread replier:   write d1 x2 ; reply f on d1 ; reply g on d1\n"
				   "thread notifier:  notify 7 on d0\n";

static void test_a_five_thread_trace_fits_80_columns_and_shows_the_comparison(void **state)
{
	char path[PATH_MAX + 64];
	const char *line;
	struct out o;
	int lines = 0;

	write_file(path, sizeof(path), "five.fos", five_threads);
	run(&o, "check", path, "--strategy", "pct", "--runs", "300", NULL);
	assert_int_equal(o.code, 1);
	assert_non_null(strstr(o.out, " step app "));
	for (line = o.out; *line; lines++) {
		size_t len = strcspn(line, "\n");

		/* the token is one word, never broken */
		if (len > 80 && strncmp(line, "  schedule fo2.", 15))
			fail_msg("line of %zu columns: %.*s", len, (int)len, line);
		/* no name is split inside: every row breaks at a word or after _ ( = */
		if (len && line[len - 1] == ' ')
			fail_msg("trailing blank: %.*s", (int)len, line);
		line += len + (line[len] == '\n');
	}
	assert_true(lines > 30);
	assert_null(strstr(o.out, "inval_files_s\n"));
	/* the comparison that decides the link, at its step */
	assert_non_null(strstr(o.out, "open_seq 3 <"));
	assert_non_null(strstr(o.out, "inval_files_seq 1 is false:"));
	assert_non_null(strstr(o.out, "g not flagged"));
	out_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_parser_is_strict),
		cmocka_unit_test(test_check_exits_0_when_every_pair_meets_its_expect_line),
		cmocka_unit_test(test_check_exits_1_when_an_expect_line_is_wrong),
		cmocka_unit_test(test_usage_errors_exit_2_name_the_problem_and_print_no_verdict),
		cmocka_unit_test(test_scenario_errors_are_reported_as_file_line_col),
		cmocka_unit_test(test_an_unreadable_file_is_a_scenario_error),
		cmocka_unit_test(test_bad_files_are_scenario_errors_for_check_replay_and_demo),
		cmocka_unit_test(test_an_error_in_a_later_file_prints_no_verdict_for_earlier_ones),
		cmocka_unit_test(test_every_command_has_help_on_stdout),
		cmocka_unit_test(test_check_help_lists_every_option_of_the_contract),
		cmocka_unit_test(test_variants_table_shows_the_library_values),
		cmocka_unit_test(test_variants_json_shows_the_library_values),
		cmocka_unit_test(test_json_is_one_valid_object_per_pair_agreeing_with_the_text),
		cmocka_unit_test(test_json_escapes_file_names_and_titles),
		cmocka_unit_test(test_check_options_change_what_is_explored),
		cmocka_unit_test(test_a_limit_gives_a_partial_verdict_that_says_which_and_exits_3),
		cmocka_unit_test(test_demo_marks_incomplete_cells_and_exits_3),
		cmocka_unit_test(test_several_files_print_one_block_per_pair_in_order),
		cmocka_unit_test(test_replay_refuses_a_token_from_another_variant_knob_set_or_file),
		cmocka_unit_test(test_replay_refuses_truncated_and_garbage_tokens),
		cmocka_unit_test(test_a_verdict_that_cannot_be_written_is_an_error),
		/* these wait for the check of every shipped scenario */
		cmocka_unit_test(
			test_a_successful_check_writes_nothing_to_stderr_without_a_terminal),
		cmocka_unit_test(test_ascii_traces_of_shipped_counterexamples_fit_80_columns),
		cmocka_unit_test(test_mermaid_traces_have_a_participant_per_thread),
		cmocka_unit_test(test_replay_of_every_shipped_counterexample_is_byte_identical),
		cmocka_unit_test(test_replay_json_is_one_valid_object),
		cmocka_unit_test(test_bounded_and_sampled_runs_never_claim_a_proof),
		cmocka_unit_test(test_max_executions_counts_executions_run_to_their_end),
		cmocka_unit_test(test_define_lines_name_variants_that_check_and_replay),
		cmocka_unit_test(test_bad_define_lines_are_scenario_errors),
		cmocka_unit_test(test_set_and_variant_errors_are_as_precise_as_in_a_file),
		cmocka_unit_test(test_a_token_whose_knobs_disagree_with_its_variant_is_refused),
		cmocka_unit_test(
			test_progress_goes_to_stderr_when_asked_and_a_long_run_says_how_to_bound_it),
		cmocka_unit_test(test_progress_estimates_the_whole_search),
		cmocka_unit_test(test_a_five_thread_trace_fits_80_columns_and_shows_the_comparison),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

/* SPDX-License-Identifier: MIT */
/*
 * test_scenario_parse.c - the scenario file format: the example of docs/scenarios.md
 * read into the tree field by field, every error a reviewer can make
 * reported at its line and column, the limits, and text that tries to crash
 * the parser (every truncation of a valid file, random byte flips) - run
 * these under ASan/UBSan.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fuseord/fuseord.h"
#include "scenario/scenario.h"

/* The example of docs/scenarios.md, "Scenario file". */
static const char spec_example[] =
	"scenario \"concern 2: clones have independent write_seq counters\"\n"
	"variant v2                      # default variant when the command names none\n"
	"set fail_loop=seq               # optional knob overrides (docs/protocol.md \xc2\xa7"
	"6)\n"
	"conn close_wait=1 no_open=0 writeback_cache=0\n"
	"dev d0                          # the first dev is the mount's fd ...\n"
	"dev d1                          # ... every later one is a FUSE_DEV_IOC_CLONE of it\n"
	"inode 7\n"
	"\n"
	"thread app:    open 7 as f ; io f ; release f\n"
	"thread daemon: write d1 x3 ; reply f on d1 ; notify 7 on d0\n"
	"\n"
	"expect pre:   stale-open\n"
	"expect v2:    stale-open\n"
	"expect fixed: ok\n";

/* Uses every statement and op, continuation lines, escapes: food for the fuzzer. */
static const char rich_example[] =
	"\xef\xbb\xbf# a richer file\r\n"
	"scenario \"t\\\"it\\\\le \xc3\xa9\\n\"\n"
	"variant pre\n"
	"set seq_scope=dev seq_bits=8 link = always\n"
	"conn no_open=1\n"
	"dev m\n"
	"dev c1\n"
	"inode 1\n"
	"inode 18446744073709551615\n"
	"thread killer: wait ready ; kill opener\n"
	"thread opener: create 1 as a ; signal ready ;\n"
	"    # between continuation lines\n"
	"\n"
	"    open 18446744073709551615 as b ; io a ; fiemap 1 ;\n"
	"    release b\n"
	"thread closer: io b ; release a\n"
	"thread daemon: write c1 ; write m x1000 ; reply a on c1 ; reply b on m ;\n"
	"               notify 1 on m\n"
	"expect: ok\n"
	"expect v2: stale-open, inval-window,spurious-fail , fiemap-miss, deadlock, leak, seq-race";

static fo_scenario *parse_ok(const char *text, size_t len)
{
	fo_scenario *sc = (fo_scenario *)&sc;
	char err[512] = "junk";
	int ret = fo_scenario_parse(text, len, "t.fos", &sc, err, sizeof(err));

	if (ret)
		print_error("unexpected: %s\n", err);
	assert_int_equal(ret, 0);
	assert_string_equal(err, "");
	assert_non_null(sc);
	return sc;
}

static const struct scenario *ast(const fo_scenario *sc)
{
	return scenario_of(sc);
}

static uint64_t fnv1a64(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (len--) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3ull;
	}
	return h;
}

static void assert_pos(struct scenario_pos pos, int line, int col)
{
	assert_int_equal(pos.line, line);
	assert_int_equal(pos.col, col);
}

/* ---- the example of docs/scenarios.md ---- */

static void test_spec_example_parses_into_the_documented_tree(void **state)
{
	fo_scenario *s = parse_ok(spec_example, strlen(spec_example));
	const struct scenario *sc = ast(s);
	const struct scenario_thread *app, *daemon;
	const struct scenario_op *op;

	assert_string_equal(sc->filename, "t.fos");
	assert_string_equal(sc->title, "concern 2: clones have independent write_seq counters");
	assert_string_equal(sc->variant, "v2");
	assert_int_equal(sc->hash, fnv1a64(spec_example, strlen(spec_example)));

	assert_int_equal(sc->nknobs, 1);
	assert_string_equal(sc->knobs[0].name, "fail_loop");
	assert_string_equal(sc->knobs[0].value, "seq");
	assert_pos(sc->knobs[0].pos, 3, 5);

	assert_true(sc->conn.close_wait);
	assert_false(sc->conn.no_open);
	assert_false(sc->conn.writeback_cache);
	assert_int_equal(sc->conn.given,
			 SC_CONN_CLOSE_WAIT | SC_CONN_NO_OPEN | SC_CONN_WRITEBACK_CACHE);

	assert_int_equal(sc->ndevs, 2);
	assert_string_equal(sc->devs[0].name, "d0");
	assert_string_equal(sc->devs[1].name, "d1");
	assert_false(sc->devs[0].implicit);
	assert_pos(sc->devs[1].pos, 6, 5);
	assert_int_equal(sc->ninodes, 1);
	assert_int_equal(sc->inodes[0].nodeid, 7);

	assert_int_equal(sc->nfiles, 1);
	assert_string_equal(sc->files[0].name, "f");
	assert_int_equal(sc->files[0].thread, 0);
	assert_int_equal(sc->files[0].op, 0);
	assert_int_equal(sc->files[0].inode, 0);
	assert_int_equal(sc->files[0].nodeid, 7);
	assert_pos(sc->files[0].pos, 9, 26);

	assert_int_equal(sc->nthreads, 2);
	assert_int_equal(sc->nops, 6);
	app = &sc->threads[0];
	daemon = &sc->threads[1];
	assert_string_equal(app->name, "app");
	assert_int_equal(app->kind, SC_THREAD_APP);
	assert_int_equal(app->nops, 3);
	assert_pos(app->pos, 9, 8);
	assert_string_equal(daemon->name, "daemon");
	assert_int_equal(daemon->kind, SC_THREAD_DAEMON);
	assert_int_equal(daemon->nops, 3);

	op = &app->ops[0];
	assert_int_equal(op->kind, SC_OP_OPEN);
	assert_int_equal(op->inode, 0);
	assert_int_equal(op->nodeid, 7);
	assert_int_equal(op->file, 0);
	assert_int_equal(op->dev, -1);
	assert_pos(op->pos, 9, 16);
	op = &app->ops[1];
	assert_int_equal(op->kind, SC_OP_IO);
	assert_int_equal(op->file, 0);
	assert_int_equal(op->inode, -1);
	assert_pos(op->pos, 9, 30);
	op = &app->ops[2];
	assert_int_equal(op->kind, SC_OP_RELEASE);
	assert_int_equal(op->file, 0);
	assert_pos(op->pos, 9, 37);

	op = &daemon->ops[0];
	assert_int_equal(op->kind, SC_OP_WRITE);
	assert_int_equal(op->dev, 1);
	assert_int_equal(op->count, 3);
	assert_pos(op->pos, 10, 16);
	op = &daemon->ops[1];
	assert_int_equal(op->kind, SC_OP_REPLY);
	assert_int_equal(op->file, 0);
	assert_int_equal(op->dev, 1);
	assert_int_equal(op->count, 1);
	assert_pos(op->pos, 10, 30);
	op = &daemon->ops[2];
	assert_int_equal(op->kind, SC_OP_NOTIFY);
	assert_int_equal(op->inode, 0);
	assert_int_equal(op->nodeid, 7);
	assert_int_equal(op->dev, 0);
	assert_pos(op->pos, 10, 46);

	assert_int_equal(sc->nexpects, 3);
	assert_string_equal(sc->expects[0].variant, "pre");
	assert_int_equal(sc->expects[0].oracles, FO_ORACLE_STALE_OPEN);
	assert_false(sc->expects[0].ok);
	assert_string_equal(sc->expects[2].variant, "fixed");
	assert_true(sc->expects[2].ok);
	assert_int_equal(sc->expects[2].oracles, 0);
	assert_pos(sc->expects[2].pos, 14, 1);
	assert_int_equal(sc->nsyncs, 0);
	fo_scenario_free(s);
}

static void test_spec_example_through_the_public_accessors(void **state)
{
	fo_scenario *s = parse_ok(spec_example, strlen(spec_example));
	unsigned want = 99;

	assert_string_equal(fo_scenario_title(s),
			    "concern 2: clones have independent write_seq counters");
	assert_string_equal(fo_scenario_variant(s), "v2");
	assert_int_equal(fo_scenario_hash(s), fnv1a64(spec_example, strlen(spec_example)));

	assert_int_equal(fo_scenario_expect(s, "pre", &want), 1);
	assert_int_equal(want, FO_ORACLE_STALE_OPEN);
	assert_int_equal(fo_scenario_expect(s, NULL, &want), 1);
	assert_int_equal(want, FO_ORACLE_STALE_OPEN);
	want = 99;
	assert_int_equal(fo_scenario_expect(s, "fixed", &want), 1);
	assert_int_equal(want, 0);
	assert_int_equal(fo_scenario_expect(s, "fixed", NULL), 1);
	assert_int_equal(fo_scenario_expect(s, "v9", &want), -EINVAL);
	assert_int_equal(fo_scenario_expect(NULL, "v2", &want), -EINVAL);
	fo_scenario_free(s);
}

static void test_load_reads_a_file_and_names_it_in_errors(void **state)
{
	char path[] = "/tmp/test_scenario_XXXXXX";
	char err[512];
	fo_scenario *s = NULL;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(spec_example, f);
	fclose(f);
	assert_int_equal(fo_scenario_load(path, &s, err, sizeof(err)), 0);
	assert_int_equal(fo_scenario_hash(s), fnv1a64(spec_example, strlen(spec_example)));
	assert_string_equal(ast(s)->filename, path);
	fo_scenario_free(s);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("inode 7\nthread a: open 8 as f\n", f);
	fclose(f);
	assert_int_equal(fo_scenario_load(path, &s, err, sizeof(err)), -EINVAL);
	assert_null(s);
	assert_true(!strncmp(err, path, strlen(path)));
	assert_string_equal(err + strlen(path),
			    ":2:16: error: unknown inode 8 (no 'inode 8' line)");
	unlink(path);

	assert_int_equal(fo_scenario_load(path, &s, err, sizeof(err)), -ENOENT);
	assert_null(s);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, ": error: cannot read"));
	assert_int_equal(fo_scenario_load("/tmp", &s, err, sizeof(err)), -EISDIR);
	assert_int_equal(fo_scenario_load(NULL, &s, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_scenario_load(path, NULL, NULL, 0), -EINVAL);
}

static void test_load_refuses_a_file_past_one_mib(void **state)
{
	char path[] = "/tmp/test_scenario_XXXXXX";
	char err[512];
	fo_scenario *s = (fo_scenario *)&s;
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	for (unsigned i = 0; i <= SC_MAX_TEXT / 8; i++)
		fputs("#......\n", f);
	fclose(f);
	assert_int_equal(fo_scenario_load(path, &s, err, sizeof(err)), -EFBIG);
	assert_null(s);
	assert_non_null(strstr(err, "larger than 1 MiB"));
	unlink(path);
}

/* ---- what the contract leaves open, as decided ---- */

static void test_trailing_semicolon_continues_the_op_list(void **state)
{
	static const char text[] = "inode 7\n"
				   "thread a: open 7 as f ;\n"
				   "   # a comment between\n"
				   "\n"
				   "   io f ;\n"
				   "   release f\n"
				   "thread b: signal x\n";
	fo_scenario *s = parse_ok(text, strlen(text));
	const struct scenario *sc = ast(s);

	assert_int_equal(sc->nthreads, 2);
	assert_int_equal(sc->threads[0].nops, 3);
	assert_pos(sc->threads[0].ops[1].pos, 5, 4);
	assert_int_equal(sc->threads[0].ops[2].kind, SC_OP_RELEASE);
	assert_pos(sc->threads[0].ops[2].pos, 6, 4);
	assert_int_equal(sc->threads[1].nops, 1);
	fo_scenario_free(s);
}

static void test_no_dev_line_gives_one_implicit_d0(void **state)
{
	static const char text[] = "inode 7\nthread d: notify 7 on d0 ; write d0 x2\n";
	fo_scenario *s = parse_ok(text, strlen(text));
	const struct scenario *sc = ast(s);

	assert_int_equal(sc->ndevs, 1);
	assert_string_equal(sc->devs[0].name, "d0");
	assert_true(sc->devs[0].implicit);
	assert_int_equal(sc->threads[0].ops[0].dev, 0);
	assert_int_equal(sc->threads[0].ops[1].dev, 0);
	assert_int_equal(sc->threads[0].ops[1].count, 2);
	fo_scenario_free(s);
}

static void test_dev_numbers_follow_declaration_order_and_names_are_free(void **state)
{
	static const char text[] = "dev mount\ndev clone\nthread d: write clone ; write mount\n";
	fo_scenario *s = parse_ok(text, strlen(text));
	const struct scenario *sc = ast(s);

	assert_int_equal(sc->ndevs, 2);
	assert_false(sc->devs[0].implicit);
	assert_int_equal(sc->threads[0].ops[0].dev, 1);
	assert_int_equal(sc->threads[0].ops[1].dev, 0);
	fo_scenario_free(s);
}

static void test_names_resolve_whatever_the_declaration_order(void **state)
{
	/* the killer and the daemon come before the thread and file they name */
	static const char text[] = "thread killer: kill app\n"
				   "thread daemon: reply f on d0 ; notify 7 on d0\n"
				   "thread app: open 7 as f ; io f\n"
				   "thread closer: release f\n"
				   "inode 7\n";
	fo_scenario *s = parse_ok(text, strlen(text));
	const struct scenario *sc = ast(s);

	assert_int_equal(sc->threads[0].kind, SC_THREAD_NEUTRAL);
	assert_int_equal(sc->threads[0].ops[0].kind, SC_OP_KILL);
	assert_int_equal(sc->threads[0].ops[0].thread, 2);
	assert_int_equal(sc->threads[1].kind, SC_THREAD_DAEMON);
	assert_int_equal(sc->threads[1].ops[0].file, 0);
	assert_int_equal(sc->threads[1].ops[1].inode, 0);
	assert_int_equal(sc->threads[2].kind, SC_THREAD_APP);
	/* release in a thread other than the opener's */
	assert_int_equal(sc->threads[3].kind, SC_THREAD_APP);
	assert_int_equal(sc->threads[3].ops[0].file, 0);
	assert_int_equal(sc->files[0].thread, 2);
	assert_int_equal(sc->files[0].inode, 0);
	fo_scenario_free(s);
}

static void test_signal_and_wait_share_one_sync_object(void **state)
{
	static const char text[] = "thread a: wait go ; wait go2\n"
				   "thread b: signal go2 ; signal go\n"
				   "thread c: signal go\n";
	fo_scenario *s = parse_ok(text, strlen(text));
	const struct scenario *sc = ast(s);

	assert_int_equal(sc->nsyncs, 2);
	assert_string_equal(sc->syncs[0].name, "go");
	assert_int_equal(sc->syncs[0].nwaits, 1);
	assert_int_equal(sc->syncs[0].nsignals, 2);
	assert_int_equal(sc->threads[0].ops[1].sync, 1);
	assert_int_equal(sc->threads[1].ops[1].sync, 0);
	assert_int_equal(sc->threads[2].kind, SC_THREAD_NEUTRAL);
	fo_scenario_free(s);
}

static void test_rich_file_uses_every_statement(void **state)
{
	fo_scenario *s = parse_ok(rich_example, strlen(rich_example));
	const struct scenario *sc = ast(s);
	unsigned want;

	assert_string_equal(sc->title, "t\"it\\le \xc3\xa9\n");
	assert_string_equal(sc->variant, "pre");
	assert_int_equal(sc->nknobs, 3);
	assert_string_equal(sc->knobs[1].name, "seq_bits");
	assert_string_equal(sc->knobs[1].value, "8");
	assert_string_equal(sc->knobs[2].name, "link");
	assert_true(sc->conn.no_open);
	assert_int_equal(sc->conn.given, SC_CONN_NO_OPEN);
	assert_int_equal(sc->inodes[1].nodeid, UINT64_MAX);
	assert_int_equal(sc->nthreads, 4);
	assert_int_equal(sc->threads[1].nops, 6);
	assert_int_equal(sc->threads[1].ops[0].kind, SC_OP_CREATE);
	assert_int_equal(sc->threads[1].ops[2].inode, 1);
	assert_int_equal(sc->threads[3].ops[1].count, 1000);
	assert_int_equal(sc->nfiles, 2);

	/* the bare expect is the variant line's */
	assert_int_equal(fo_scenario_expect(s, NULL, &want), 1);
	assert_int_equal(want, 0);
	assert_int_equal(fo_scenario_expect(s, "pre", &want), 1);
	assert_int_equal(want, 0);
	assert_int_equal(fo_scenario_expect(s, "v2", &want), 1);
	assert_int_equal(want, FO_ORACLE_ALL);
	assert_int_equal(fo_scenario_expect(s, "fixed", &want), 0);
	assert_int_equal(want, 0);
	fo_scenario_free(s);
}

static void test_expect_without_variant_line_needs_a_variant(void **state)
{
	static const char text[] = "thread a: signal x\nexpect v2: leak\n";
	fo_scenario *s = parse_ok(text, strlen(text));
	unsigned want;

	assert_null(fo_scenario_variant(s));
	assert_null(fo_scenario_title(s));
	assert_int_equal(fo_scenario_expect(s, NULL, &want), -EINVAL);
	assert_int_equal(fo_scenario_expect(s, "v2", &want), 1);
	assert_int_equal(want, FO_ORACLE_LEAK);
	assert_int_equal(fo_scenario_expect(s, "pre", &want), 0);
	fo_scenario_free(s);
}

static void test_null_arguments_and_small_error_buffers(void **state)
{
	static const char bad[] = "bogus\n";
	fo_scenario *s = (fo_scenario *)&s;
	char err[16];

	assert_int_equal(fo_scenario_parse(NULL, 0, "t.fos", &s, err, sizeof(err)), -EINVAL);
	assert_null(s);
	assert_int_equal(fo_scenario_parse("x", 1, "t.fos", NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_scenario_parse(bad, strlen(bad), "t.fos", &s, NULL, 0), -EINVAL);
	memset(err, 'z', sizeof(err));
	assert_int_equal(fo_scenario_parse(bad, strlen(bad), "t.fos", &s, err, 8), -EINVAL);
	assert_string_equal(err, "t.fos:1");
	assert_int_equal(err[8], 'z');
	assert_int_equal(fo_scenario_parse(bad, strlen(bad), NULL, &s, err, sizeof(err)), -EINVAL);
	assert_true(!strncmp(err, "<input>:1:1: ", 13));
	/* empty text: the only error is the missing thread */
	assert_int_equal(fo_scenario_parse("", 0, "t.fos", &s, err, sizeof(err)), -EINVAL);
	fo_scenario_free(NULL);
	assert_null(fo_scenario_title(NULL));
	assert_null(fo_scenario_variant(NULL));
	assert_int_equal(fo_scenario_hash(NULL), 0);
}

static void test_hash_changes_with_one_byte(void **state)
{
	char text[sizeof(spec_example)];
	fo_scenario *a, *b;

	memcpy(text, spec_example, sizeof(text));
	/* one byte of a comment: the same tree, another text */
	assert_int_equal(text[97], '#');
	text[99] = 'D';
	a = parse_ok(spec_example, strlen(spec_example));
	b = parse_ok(text, strlen(text));
	assert_int_not_equal(fo_scenario_hash(a), fo_scenario_hash(b));
	fo_scenario_free(a);
	fo_scenario_free(b);
}

static void test_oracle_names_round_trip(void **state)
{
	for (int i = 0; i < FO_ORACLE_COUNT; i++) {
		const char *name = fo_oracle_name(1u << i);

		assert_non_null(name);
		assert_int_equal(fo_oracle_parse(name), (int)(1u << i));
	}
	assert_string_equal(fo_oracle_name(FO_ORACLE_INVAL_WINDOW), "inval-window");
	assert_string_equal(fo_oracle_name(FO_ORACLE_SEQ_RACE), "seq-race");
	assert_null(fo_oracle_name(0));
	assert_null(fo_oracle_name(FO_ORACLE_LEAK | FO_ORACLE_DEADLOCK));
	assert_null(fo_oracle_name(1u << FO_ORACLE_COUNT));
	assert_int_equal(fo_oracle_parse("Stale-Open"), -EINVAL);
	assert_int_equal(fo_oracle_parse("ok"), -EINVAL);
	assert_int_equal(fo_oracle_parse(NULL), -EINVAL);
}

/* ---- errors: each reported at its token ---- */

struct error_case {
	const char *name;
	const char *text;
	size_t len; /* 0: strlen(text) */
	int line, col;
	const char *msg; /* part of the message */
};

static void check_error(const char *text, size_t len, int line, int col, const char *msg)
{
	char err[1024], prefix[64];
	fo_scenario *s = (fo_scenario *)&s;
	int ret = fo_scenario_parse(text, len, "t.fos", &s, err, sizeof(err));

	snprintf(prefix, sizeof(prefix), "t.fos:%d:%d: error: ", line, col);
	if (ret != -EINVAL || strncmp(err, prefix, strlen(prefix)) || !strstr(err, msg))
		print_error("want \"%s...%s\"\ngot  \"%s\" (%d)\n", prefix, msg, err, ret);
	assert_int_equal(ret, -EINVAL);
	assert_null(s);
	assert_true(!strncmp(err, prefix, strlen(prefix)));
	assert_non_null(strstr(err, msg));
}

static const struct error_case error_cases[] = {
	{ "unknown_statement", "inode 7\nbogus 1\n", 0, 2, 1, "unknown statement 'bogus'" },
	{ "statement_not_a_word", ": x\n", 0, 1, 1, "expected a statement, got ':'" },
	{ "unknown_op", "inode 7\nthread a: open 7 as f ; frob f\n", 0, 2, 25,
	  "unknown operation 'frob'" },
	{ "unknown_keyword_instead_of_as", "inode 7\nthread a: open 7 at f\n", 0, 2, 18,
	  "expected 'as FILE' after 'open 7', got 'at'" },
	{ "unknown_keyword_instead_of_on",
	  "inode 7\nthread a: open 7 as f\nthread d: reply f to d0\n", 0, 3, 19,
	  "expected 'on DEV'" },
	{ "unknown_conn_flag", "conn close_wait=1 fast=1\nthread a: signal x\n", 0, 1, 19,
	  "unknown conn flag 'fast'" },
	{ "unknown_inode", "thread a: open 7 as f\n", 0, 1, 16, "unknown inode 7" },
	{ "unknown_inode_in_notify", "inode 7\nthread d: notify 8 on d0\n", 0, 2, 18,
	  "unknown inode 8" },
	{ "unknown_dev", "dev d0\ninode 7\nthread d: notify 7 on d1\n", 0, 3, 23,
	  "unknown dev 'd1' (no 'dev d1' line)" },
	{ "unknown_dev_besides_the_implicit_d0", "inode 7\nthread d: write d1\n", 0, 2, 17,
	  "only the implicit 'd0' exists" },
	{ "unknown_file", "thread a: io g\n", 0, 1, 14, "unknown file 'g'" },
	{ "unknown_file_in_reply", "thread d: reply g on d0\n", 0, 1, 17, "unknown file 'g'" },
	{ "unknown_thread_in_kill", "thread a: kill b\n", 0, 1, 16, "unknown thread 'b'" },
	{ "duplicate_dev", "dev d0\ndev d0\n", 0, 2, 5,
	  "dev 'd0' is declared twice (first at 1:5)" },
	{ "duplicate_inode", "inode 7\ninode 7\n", 0, 2, 7, "inode 7 is declared twice" },
	{ "duplicate_thread", "thread a: signal x\nthread a: wait x\n", 0, 2, 8,
	  "thread 'a' is declared twice" },
	{ "thread_named_worker", "thread worker: signal x\nthread a: wait x\n", 0, 1, 8,
	  "the thread name 'worker' is taken by the invalidation worker" },
	{ "duplicate_file", "inode 7\nthread a: open 7 as f\nthread b: create 7 as f\n", 0, 3, 23,
	  "file 'f' is already declared at 2:21" },
	{ "client_op_in_daemon_thread", "inode 7\nthread d: notify 7 on d0 ; open 7 as f\n", 0, 2,
	  28, "'open' is an application op, but thread 'd' is a daemon thread ('notify' at 2:11)" },
	{ "daemon_op_in_application_thread", "inode 7\nthread a: open 7 as f ; reply f on d0\n", 0,
	  2, 25, "'reply' is a daemon op, but thread 'a' is an application thread" },
	{ "kill_of_itself", "thread a: kill a\n", 0, 1, 16, "thread 'a' cannot kill itself" },
	{ "reply_error_unknown_name",
	  "inode 7\nthread a: open 7 as f\nthread d: reply f on d0 error EFROB\n", 0, 3, 31,
	  "expected an error name after 'error' (ENOSYS, EIO, EACCES, EPERM, ENOENT or ENOMEM), "
	  "got 'EFROB'" },
	{ "trunc_on_a_create", "inode 7\nthread a: create 7 as f trunc\n", 0, 2, 25,
	  "'trunc' is for open only: the file a create makes is empty already" },
	{ "reply_enosys_to_a_create",
	  "inode 7\nthread a: create 7 as f\nthread d: reply f on d0 error ENOSYS\n", 0, 3, 17,
	  "'error ENOSYS' to the FUSE_CREATE of 'f': the kernel would fall back to mknod and "
	  "open (fc->no_create), which the model does not have" },
	{ "kill_without_a_name", "thread a: kill\n", 0, 1, 15,
	  "expected a thread name after 'kill', got end of line" },
	{ "wait_with_no_signal_anywhere", "thread a: wait go\nthread b: signal og\n", 0, 1, 16,
	  "'wait go' can never finish: no thread does 'signal go'" },
	{ "unterminated_string", "scenario \"abc\n", 0, 1, 10, "unterminated string" },
	{ "unterminated_string_at_end_of_text", "scenario \"abc\\", 0, 1, 10,
	  "unterminated string" },
	{ "unknown_escape_in_string", "scenario \"a\\qb\"\n", 0, 1, 12, "unknown escape '\\q'" },
	{ "title_not_a_string", "scenario title\n", 0, 1, 10, "expected a quoted title" },
	{ "missing_colon_after_thread_name", "thread a open 7 as f\n", 0, 1, 10,
	  "expected ':' after thread name 'a', got 'open'" },
	{ "empty_op_list", "thread a:\n", 0, 1, 10, "thread 'a' has no operations" },
	{ "empty_op_list_before_a_comment", "thread a:   # nothing\n", 0, 1, 13,
	  "thread 'a' has no operations" },
	{ "empty_op_between_semicolons", "thread a: signal x ; ; wait x\n", 0, 1, 22,
	  "empty operation" },
	{ "semicolon_then_end_of_file", "thread a: signal x ;\n\n# end\n", 0, 1, 20,
	  "the file ends" },
	{ "statement_on_a_continuation_line", "thread a: signal x ;\nthread b: wait x\n", 0, 2, 1,
	  "continues its op list" },
	{ "missing_semicolon_between_ops", "thread a: signal x wait x\n", 0, 1, 20,
	  "expected ';' or end of line after 'signal', got 'wait'" },
	{ "inode_not_a_number", "inode seven\n", 0, 1, 7, "expected an inode number" },
	{ "inode_zero", "inode 0\n", 0, 1, 7, "inode number '0' is out of range" },
	{ "inode_past_u64", "inode 18446744073709551616\n", 0, 1, 7, "out of range" },
	{ "inode_negative", "inode -1\n", 0, 1, 7, "expected an inode number" },
	{ "op_inode_not_a_number", "thread a: fiemap x\n", 0, 1, 18,
	  "expected an inode number after 'fiemap'" },
	{ "write_count_zero", "thread d: write d0 x0\n", 0, 1, 20,
	  "repeat count 'x0' is out of range" },
	{ "write_count_too_big", "thread d: write d0 x1001\n", 0, 1, 20,
	  "out of range (x1..x1000)" },
	{ "write_count_overflow", "thread d: write d0 x99999999999999999999999\n", 0, 1, 20,
	  "out of range" },
	{ "write_count_not_a_number", "thread d: write d0 xx\n", 0, 1, 20,
	  "expected a repeat count 'xN'" },
	{ "write_count_without_x", "thread d: write d0 3\n", 0, 1, 20, "expected a repeat count" },
	{ "unknown_variant", "variant v9\n", 0, 1, 9, "unknown variant 'v9' (variants: pre, v2" },
	{ "duplicate_variant_line", "variant v2\nvariant pre\n", 0, 2, 1, "second 'variant' line" },
	{ "unknown_knob", "set fail_loop=seq frob=1\n", 0, 1, 19, "unknown knob 'frob'" },
	{ "bad_knob_value", "set fail_loop=maybe\n", 0, 1, 15,
	  "bad value 'maybe' for knob 'fail_loop' (it takes blind|seq)" },
	{ "bad_numeric_knob_value", "set seq_bits=65\n", 0, 1, 14, "bad value '65'" },
	{ "knob_name_too_long_to_be_one",
	  "set seq_scope_seq_scope_seq_scope_seq_scope_seq_scope_seq_scope_seq_scope=dev\n", 0, 1,
	  5, "unknown knob 'seq_scope_seq_scope_seq_scope_seq_scope_" },
	{ "knob_set_twice", "set link=always\nset link=close_wait\n", 0, 2, 5,
	  "knob 'link' is set twice (first at 1:5)" },
	{ "set_without_a_knob", "set\n", 0, 1, 4, "expected KNOB=VALUE after 'set'" },
	{ "set_without_equals", "set link always\n", 0, 1, 10, "expected '=' after 'link'" },
	{ "bad_conn_value", "conn no_open=2\n", 0, 1, 14, "conn flag 'no_open' takes 0 or 1" },
	{ "conn_flag_twice", "conn close_wait=1\nconn close_wait=0\n", 0, 2, 6,
	  "conn flag 'close_wait' is given twice" },
	{ "expect_unknown_oracle", "expect v2: stale-open, stale-closed\n", 0, 1, 24,
	  "unknown oracle 'stale-closed'" },
	{ "expect_ok_then_oracle", "expect v2: ok, leak\n", 0, 1, 16,
	  "'ok' cannot be combined with oracles" },
	{ "expect_oracle_then_ok", "expect v2: leak, ok\n", 0, 1, 18,
	  "'ok' cannot be combined with oracles" },
	{ "expect_ok_twice", "expect v2: ok, ok\n", 0, 1, 16, "'ok' is listed twice" },
	{ "expect_oracle_name_too_long_to_be_one",
	  "expect v2: stale-open-stale-open-stale-open-stale-open\n", 0, 1, 12, "unknown oracle" },
	{ "expect_oracle_twice", "expect v2: leak, leak\n", 0, 1, 18,
	  "oracle 'leak' is listed twice" },
	{ "expect_trailing_comma", "expect v2: leak,\n", 0, 1, 17, "expected 'ok' or an oracle" },
	{ "expect_duplicate_variant", "expect v2: ok\nexpect v2: leak\n", 0, 2, 8,
	  "second 'expect' line for variant 'v2'" },
	{ "expect_unknown_variant", "expect v3: ok\n", 0, 1, 8,
	  "unknown variant 'v3' in 'expect'" },
	{ "expect_missing_colon", "expect v2 ok\n", 0, 1, 11, "expected ':' after 'expect v2'" },
	{ "bare_expect_missing_colon", "variant v2\nexpect leak\n", 0, 2, 8,
	  "a bare 'expect: leak' is for the file's variant" },
	{ "expect_nothing", "expect v2:\n", 0, 1, 11, "expected 'ok' or an oracle after ':'" },
	{ "bare_expect_without_variant_line", "thread a: signal x\nexpect: ok\n", 0, 2, 1,
	  "there is no 'variant' line" },
	{ "bare_and_named_expect_for_one_variant",
	  "variant v2\nthread a: signal x\nexpect: ok\nexpect v2: leak\n", 0, 4, 1,
	  "second 'expect' line for variant 'v2'" },
	{ "two_bare_expects", "variant v2\nexpect: ok\nexpect: leak\n", 0, 3, 1,
	  "second bare 'expect' line" },
	{ "no_thread", "inode 7\n", 0, 1, 1, "no 'thread' line" },
	{ "duplicate_scenario_line", "scenario \"a\"\nscenario \"b\"\n", 0, 2, 1,
	  "second 'scenario' line" },
	{ "file_used_before_its_open_in_the_same_thread", "inode 7\nthread a: io f ; open 7 as f\n",
	  0, 2, 14, "file 'f' is used before its open at 2:28" },
	{ "second_reply_to_one_file",
	  "inode 7\nthread a: open 7 as f\nthread d: reply f on d0 ; reply f on d0\n", 0, 3, 33,
	  "second reply to file 'f'" },
	{ "junk_after_a_statement", "dev d0 d1\n", 0, 1, 8, "unexpected 'd1' after the dev name" },
	{ "name_not_starting_with_a_letter", "dev 0d\n", 0, 1, 5, "'0d' is not a valid dev name" },
	{ "invalid_utf8_in_a_string", "scenario \"a\xff\"\n", 0, 1, 12,
	  "invalid UTF-8 (byte 0xff)" },
	{ "invalid_utf8_in_a_comment", "thread a: signal x # \xc3\x28\n", 0, 1, 22,
	  "invalid UTF-8" },
	{ "overlong_utf8", "# \xc0\xaf\n", 0, 1, 3, "invalid UTF-8" },
	{ "utf8_surrogate", "# \xed\xa0\x80\n", 0, 1, 3, "invalid UTF-8" },
	{ "nul_byte", "inode 7\0\n", 9, 1, 8, "NUL byte" },
	{ "unexpected_character", "inode 7 [\n", 0, 1, 9, "unexpected character '['" },
	{ "unexpected_non_ascii_character", "thread a: signal \xc3\xa9\n", 0, 1, 18,
	  "unexpected character '\xc3\xa9'" },
	{ "control_character", "inode\x01 7\n", 0, 1, 6, "unexpected control character 0x01" },
	{ "control_character_in_a_string", "scenario \"a\x02\"\n", 0, 1, 12,
	  "control character 0x02 in string" },
	{ "columns_count_utf8_characters", "scenario \"h\xc3\xa9llo w\xc3\xb6rld\" x\n", 0, 1, 24,
	  "unexpected 'x' after the title" },
	{ "tab_is_one_column", "\tbogus\n", 0, 1, 2, "unknown statement 'bogus'" },
	{ "byte_order_mark_is_not_a_column",
	  "\xef\xbb\xbf"
	  "bogus\n",
	  0, 1, 1, "unknown statement" },
	{ "crlf_line_ends", "thread a: signal x\r\nthread a: wait x\r\n", 0, 2, 8,
	  "thread 'a' is declared twice" },
	{ "long_word_is_cut_in_the_message",
	  "bogus0123456789012345678901234567890123456789012345678901234567890\n", 0, 1, 1,
	  "'bogus01234567890123456789012345678901234...'" },
};

#define NR_ERROR_CASES (sizeof(error_cases) / sizeof(error_cases[0]))

static void test_error_case(void **state)
{
	const struct error_case *c = *state;

	check_error(c->text, c->len ? c->len : strlen(c->text), c->line, c->col, c->msg);
}

/* ---- limits ---- */

struct text {
	char *buf;
	size_t len, cap;
};

static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n + 1;
		t->buf = realloc(t->buf, t->cap);
		assert_non_null(t->buf);
	}
	t->len += (size_t)n;
}

static struct text text_new(void)
{
	struct text t = { malloc(64), 0, 64 };

	assert_non_null(t.buf);
	t.buf[0] = '\0';
	return t;
}

static void test_sixteen_threads_parse_and_the_seventeenth_is_refused(void **state)
{
	struct text t = text_new();
	fo_scenario *s;

	for (int i = 0; i < SC_MAX_THREADS; i++)
		add(&t, "thread t%02d: signal s\n", i);
	s = parse_ok(t.buf, t.len);
	assert_int_equal(ast(s)->nthreads, SC_MAX_THREADS);
	fo_scenario_free(s);
	add(&t, "thread t16: wait s\n");
	check_error(t.buf, t.len, SC_MAX_THREADS + 1, 8, "too many threads: at most 15");
	free(t.buf);
}

static void test_sixty_four_devs_parse_and_the_next_is_refused(void **state)
{
	struct text t = text_new();
	fo_scenario *s;

	add(&t, "thread d: write d63\n");
	for (int i = 0; i < SC_MAX_DEVS; i++)
		add(&t, "dev d%d\n", i);
	s = parse_ok(t.buf, t.len);
	assert_int_equal(ast(s)->ndevs, SC_MAX_DEVS);
	assert_int_equal(ast(s)->threads[0].ops[0].dev, 63);
	fo_scenario_free(s);
	add(&t, "dev d64\n");
	check_error(t.buf, t.len, SC_MAX_DEVS + 2, 5, "too many devs: at most 64");
	free(t.buf);
}

static void test_inodes_past_the_limit_are_refused(void **state)
{
	struct text t = text_new();
	fo_scenario *s;

	add(&t, "thread a: fiemap 256\n");
	for (int i = 1; i <= SC_MAX_INODES; i++)
		add(&t, "inode %d\n", i);
	s = parse_ok(t.buf, t.len);
	assert_int_equal(ast(s)->ninodes, SC_MAX_INODES);
	fo_scenario_free(s);
	add(&t, "inode 1000\n");
	check_error(t.buf, t.len, SC_MAX_INODES + 2, 7, "too many inodes: at most 256");
	free(t.buf);
}

static void test_operations_past_the_limit_are_refused(void **state)
{
	struct text t = text_new();
	fo_scenario *s;

	/* one op per line, on continuation lines: op k is on line k */
	add(&t, "thread a: signal s");
	for (int i = 1; i < SC_MAX_OPS; i++)
		add(&t, " ;\nsignal s");
	add(&t, "\n");
	s = parse_ok(t.buf, t.len);
	assert_int_equal(ast(s)->nops, SC_MAX_OPS);
	assert_pos(ast(s)->threads[0].ops[SC_MAX_OPS - 1].pos, SC_MAX_OPS, 1);
	fo_scenario_free(s);
	t.len--;
	add(&t, " ;\nsignal s\n");
	check_error(t.buf, t.len, SC_MAX_OPS + 1, 1, "too many operations: at most 1024");
	free(t.buf);
}

/* The limit is what docs/scenarios.md says it is, and a name at it is kept whole. */
static void test_names_past_thirty_one_bytes_are_refused_as_the_docs_say(void **state)
{
	char name[SC_MAX_NAME + 2], msg[64], doc[64];
	struct text t = text_new();
	fo_scenario *s;
	FILE *f;
	char *text;
	long len;

	assert_int_equal(SC_MAX_NAME, 31); /* the trace's names hold 31 bytes and a NUL */
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	add(&t, "thread %.*s: signal %.*s\n", SC_MAX_NAME, name, SC_MAX_NAME, name);
	s = parse_ok(t.buf, t.len);
	fo_scenario_free(s);
	add(&t, "dev %s\n", name);
	check_error(t.buf, t.len, 2, 5, "dev name 'nnnn");
	snprintf(msg, sizeof(msg), "is longer than %d bytes", SC_MAX_NAME);
	check_error(t.buf, t.len, 2, 5, msg);
	free(t.buf);
	t = text_new();
	add(&t, "define %s = v2\nthread a: signal x\n", name);
	check_error(t.buf, t.len, 1, 8, msg);
	free(t.buf);
	/* docs/scenarios.md states the same limit */
	f = fopen(FUSEORD_DOCS_DIR "/scenarios.md", "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	snprintf(doc, sizeof(doc), "at most %d bytes", SC_MAX_NAME);
	assert_non_null(strstr(text, doc));
	snprintf(doc, sizeof(doc), "at most %d bytes", SC_MAX_NAME + 1);
	assert_null(strstr(text, doc));
	free(text);
}

static void test_lines_past_4096_bytes_are_refused(void **state)
{
	struct text t = text_new();
	fo_scenario *s;

	add(&t, "thread a: signal s\n#");
	for (int i = 1; i < SC_MAX_LINE; i++)
		add(&t, "x");
	add(&t, "\n");
	s = parse_ok(t.buf, t.len);
	fo_scenario_free(s);
	t.len--;
	add(&t, "xx\n");
	check_error(t.buf, t.len, 2, SC_MAX_LINE + 1, "line is longer than 4096 bytes");
	free(t.buf);
}

/*
 * CR before LF is ignored, so it is no byte of the line: a 4096-byte line
 * is as good in a CRLF file. (tests/fuzz/regressions/parse/crlf-line-4096.fos)
 */
static void test_cr_before_lf_does_not_count_against_the_line_limit(void **state)
{
	struct text t = text_new();
	fo_scenario *s;

	add(&t, "thread a: signal s #");
	while (t.len < SC_MAX_LINE)
		add(&t, "x");
	add(&t, "\r\n");
	s = parse_ok(t.buf, t.len);
	fo_scenario_free(s);
	/* nor a CR that ends the text */
	t.len--;
	s = parse_ok(t.buf, t.len);
	fo_scenario_free(s);
	/* a CR before anything else is a byte of the line like any other */
	t.len--;
	add(&t, "\rx\r\n");
	check_error(t.buf, t.len, 1, SC_MAX_LINE + 1, "line is longer than 4096 bytes");
	free(t.buf);
}

static void test_text_past_one_mib_is_refused(void **state)
{
	size_t len = SC_MAX_TEXT + 1;
	char *big = malloc(len);

	assert_non_null(big);
	memset(big, '\n', len);
	check_error(big, len, 1, 1, "the text is longer than 1048576 bytes");
	free(big);
}

/* ---- robustness ---- */

/*
 * Fail the first, second, ... allocation of a parse and of a load in turn:
 * each must give -ENOMEM, an "out of memory" message and no tree, and leak
 * nothing (LeakSanitizer checks that in the ASan build).
 */
static void test_every_failed_allocation_gives_enomem_and_leaks_nothing(void **state)
{
	char path[] = "/tmp/test_scenario_XXXXXX";
	int fd = mkstemp(path), n, ret;
	char err[256];
	fo_scenario *s;
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(rich_example, f);
	fclose(f);

	for (n = 1;; n++) {
		s = (fo_scenario *)&s;
		scenario_fail_alloc_after(n);
		ret = fo_scenario_parse(rich_example, strlen(rich_example), "t.fos", &s, err,
					sizeof(err));
		scenario_fail_alloc_after(0);
		if (!ret)
			break;
		if (ret != -ENOMEM)
			fail_msg("allocation %d: %d %s", n, ret, err);
		assert_null(s);
		assert_string_equal(err, "t.fos: error: out of memory");
	}
	fo_scenario_free(s);
	assert_true(n > 30);

	for (n = 1;; n++) {
		scenario_fail_alloc_after(n);
		ret = fo_scenario_load(path, &s, err, sizeof(err));
		scenario_fail_alloc_after(0);
		if (!ret)
			break;
		assert_int_equal(ret, -ENOMEM);
		assert_null(s);
		assert_non_null(strstr(err, "out of memory"));
	}
	fo_scenario_free(s);
	unlink(path);

	for (n = 1;; n++) {
		static const char text[] = "inode 7\nthread d: notify 7 on d0\n";

		scenario_fail_alloc_after(n);
		ret = fo_scenario_parse(text, strlen(text), "t.fos", &s, err, sizeof(err));
		scenario_fail_alloc_after(0);
		if (!ret)
			break;
		assert_int_equal(ret, -ENOMEM);
	}
	assert_true(ast(s)->devs[0].implicit);
	fo_scenario_free(s);
}

/*
 * Parse an exact-size heap copy, so ASan sees any read past @len, and hold
 * the result to the contract: 0 with a tree, or -EINVAL with a located
 * message and no tree.
 */
static void parse_survives(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	char err[256];
	fo_scenario *s = (fo_scenario *)&s;
	int ret;

	assert_non_null(copy);
	memcpy(copy, text, len);
	ret = fo_scenario_parse(copy, len, "t.fos", &s, err, sizeof(err));
	if (ret == 0) {
		assert_non_null(s);
		assert_string_equal(err, "");
		fo_scenario_expect(s, NULL, NULL);
		fo_scenario_free(s);
	} else {
		int line, col;

		assert_int_equal(ret, -EINVAL);
		assert_null(s);
		if (sscanf(err, "t.fos:%d:%d: error: ", &line, &col) != 2 || line < 1 || col < 1 ||
		    !strstr(err, ": error: "))
			fail_msg("malformed error: %s", err);
	}
	free(copy);
}

static void test_every_truncation_parses_or_fails_cleanly(void **state)
{
	for (size_t len = 0; len <= strlen(spec_example); len++)
		parse_survives(spec_example, len);
	for (size_t len = 0; len <= strlen(rich_example); len++)
		parse_survives(rich_example, len);
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: fixed seed, so a failure reproduces */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void test_random_byte_flips_parse_or_fail_cleanly(void **state)
{
	static const char interesting[] = { '\0', '\n', '\r', ';',        ':',        ',',
					    '=',  '"',  '\\', '#',        ' ',        'x',
					    '0',  '9',  '-',  (char)0xc3, (char)0xff, (char)0x80 };
	const char *texts[] = { spec_example, rich_example };
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	for (int iter = 0; iter < 20000; iter++) {
		const char *src = texts[iter & 1];
		size_t len = strlen(src);
		char buf[sizeof(rich_example) + sizeof(spec_example)];
		int flips = 1 + (int)(rng_next(&seed) % 4);

		memcpy(buf, src, len);
		for (int k = 0; k < flips; k++) {
			size_t at = rng_next(&seed) % len;
			uint64_t r = rng_next(&seed);

			buf[at] = r & 1 ? interesting[(r >> 1) % sizeof(interesting)] :
					  (char)(r >> 8);
		}
		/* sometimes also cut a random span out */
		if (!(iter % 5)) {
			size_t from = rng_next(&seed) % len;
			size_t n = rng_next(&seed) % (len - from);

			memmove(buf + from, buf + from + n, len - from - n);
			len -= n;
		}
		parse_survives(buf, len);
	}
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_spec_example_parses_into_the_documented_tree),
		cmocka_unit_test(test_spec_example_through_the_public_accessors),
		cmocka_unit_test(test_load_reads_a_file_and_names_it_in_errors),
		cmocka_unit_test(test_load_refuses_a_file_past_one_mib),
		cmocka_unit_test(test_trailing_semicolon_continues_the_op_list),
		cmocka_unit_test(test_no_dev_line_gives_one_implicit_d0),
		cmocka_unit_test(test_dev_numbers_follow_declaration_order_and_names_are_free),
		cmocka_unit_test(test_names_resolve_whatever_the_declaration_order),
		cmocka_unit_test(test_signal_and_wait_share_one_sync_object),
		cmocka_unit_test(test_rich_file_uses_every_statement),
		cmocka_unit_test(test_expect_without_variant_line_needs_a_variant),
		cmocka_unit_test(test_null_arguments_and_small_error_buffers),
		cmocka_unit_test(test_hash_changes_with_one_byte),
		cmocka_unit_test(test_oracle_names_round_trip),
		cmocka_unit_test(test_sixteen_threads_parse_and_the_seventeenth_is_refused),
		cmocka_unit_test(test_sixty_four_devs_parse_and_the_next_is_refused),
		cmocka_unit_test(test_inodes_past_the_limit_are_refused),
		cmocka_unit_test(test_operations_past_the_limit_are_refused),
		cmocka_unit_test(test_names_past_thirty_one_bytes_are_refused_as_the_docs_say),
		cmocka_unit_test(test_lines_past_4096_bytes_are_refused),
		cmocka_unit_test(test_cr_before_lf_does_not_count_against_the_line_limit),
		cmocka_unit_test(test_text_past_one_mib_is_refused),
		cmocka_unit_test(test_every_failed_allocation_gives_enomem_and_leaks_nothing),
		cmocka_unit_test(test_every_truncation_parses_or_fails_cleanly),
		cmocka_unit_test(test_random_byte_flips_parse_or_fail_cleanly),
	};
	enum {
		NR_FIXED = sizeof(fixed) / sizeof(fixed[0])
	};
	struct CMUnitTest tests[NR_FIXED + NR_ERROR_CASES];
	static char names[NR_ERROR_CASES][96];

	memcpy(tests, fixed, sizeof(fixed));
	/* one named test per error case, so a failure names the case */
	for (size_t i = 0; i < NR_ERROR_CASES; i++) {
		snprintf(names[i], sizeof(names[i]), "test_error_%s", error_cases[i].name);
		tests[NR_FIXED + i] = (struct CMUnitTest){
			.name = names[i],
			.test_func = test_error_case,
			.initial_state = (void *)&error_cases[i],
		};
	}
	return _cmocka_run_group_tests("scenario_parse", tests, NR_FIXED + NR_ERROR_CASES, NULL,
				       NULL);
}

/* SPDX-License-Identifier: MIT */
/*
 * test_api_badinput.c - every exported function of libfuseord, given what a
 * caller gets wrong: NULL pointers, out-of-range enums and numbers, bad
 * strings, and calls in the wrong state (after a failing call, twice, too
 * late). Each must return the negative errno its header's @return line
 * documents (or the documented NULL, false or no-op for the functions that
 * return no errno), leave its out-arguments as documented, and not crash.
 *
 * One CMocka test per exported function, named after it. `--list` prints
 * those names; tests/check_badinput_coverage.sh compares them with the
 * functions the headers declare FO_API and the library exports, so a
 * function added without a case here fails the suite.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
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
#include "scenario_helpers.h"

/* A small scenario with no race: its check is a few executions. */
static const char small_text[] = "scenario \"small\"\n"
				 "variant v2\n"
				 "dev d0\n"
				 "inode 7\n"
				 "thread app:    open 7 as f ; io f ; release f\n"
				 "thread daemon: reply f on d0\n";

/* One with a race (review concern 2): a verdict with a counterexample and a token. */
static const char racy_text[] = "variant v2\n"
				"conn close_wait=1\n"
				"dev d0\n"
				"dev d1\n"
				"inode 7\n"
				"thread app:    open 7 as f ; io f ; release f\n"
				"thread daemon: write d1 x3 ; reply f on d1 ; notify 7 on d0\n"
				"expect v2: stale-open\n";

static fo_verdict *check(const fo_scenario *sc)
{
	fo_verdict *v = NULL;
	char err[256];

	if (fo_check(sc, NULL, &v, err, sizeof(err)))
		fail_msg("%s", err);
	return v;
}

static fo_model *manual_model(void)
{
	struct fo_model_opts o = { .variant = "v2", .manual_worker = true };
	fo_model *m = NULL;

	assert_int_equal(fo_model_create(&o, &m), 0);
	assert_int_equal(fo_model_inode_add(m, 7), 0);
	return m;
}

/* A fresh sentinel, so a test sees whether a call wrote an out-argument. */
#define POISON_FID (-77)

/* ---- common.h ---- */

static void bad_fo_strerror(void **state)
{
	static const int codes[] = { 1, 12345, -1, -12345, INT_MIN, INT_MAX, -ENOTTY };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		assert_non_null(fo_strerror(codes[i]));
	assert_string_equal(fo_strerror(7), "not an error code");
	assert_string_equal(fo_strerror(-ENOTTY), "unknown error");
	assert_string_equal(fo_strerror(0), "success");
}

/* ---- task.h ---- */

static void bad_fo_task_current(void **state)
{
	/* never NULL, and the same task on every call from one thread */
	assert_non_null(fo_task_current());
	assert_ptr_equal(fo_task_current(), fo_task_current());
}

static void bad_fo_task_kill(void **state)
{
	assert_int_equal(fo_task_kill(NULL), -EINVAL);
}

static void bad_fo_task_killed(void **state)
{
	assert_int_equal(fo_task_killed(NULL), -EINVAL);
	assert_int_equal(fo_task_killed(fo_task_current()), 0);
}

static void bad_fo_task_sleeping(void **state)
{
	assert_int_equal(fo_task_sleeping(NULL), -EINVAL);
	assert_int_equal(fo_task_sleeping(fo_task_current()), 0);
}

static void bad_fo_task_futex_calls(void **state)
{
	unsigned long before = fo_task_futex_calls();
	unsigned long w = 0;

	/* refused waits and wakes make no system call */
	assert_int_equal(fo_wait_on_bit(NULL, 0, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, -1, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	fo_wake_up_bit(NULL, 0);
	assert_int_equal(fo_task_futex_calls(), before);
}

/* ---- bitops.h ---- */

static void bad_fo_test_bit(void **state)
{
	unsigned long w = ~0UL;

	assert_false(fo_test_bit(0, NULL));
	assert_false(fo_test_bit(-1, &w));
	assert_false(fo_test_bit(LONG_MIN, &w));
	assert_true(fo_test_bit(3, &w));
}

static void bad_fo_set_bit(void **state)
{
	unsigned long w[2] = { 0, 0 };

	fo_set_bit(0, NULL);
	fo_set_bit(-1, &w[1]); /* would be bit 63 of w[0] if it were taken */
	fo_set_bit(LONG_MIN, &w[1]);
	assert_true(w[0] == 0 && w[1] == 0);
	fo_set_bit(1, &w[1]);
	assert_int_equal(w[1], 2);
}

static void bad_fo_clear_bit(void **state)
{
	unsigned long w[2] = { ~0UL, ~0UL };

	fo_clear_bit(0, NULL);
	fo_clear_bit(-1, &w[1]);
	assert_true(w[0] == ~0UL && w[1] == ~0UL);
	fo_clear_bit(0, &w[1]);
	assert_int_equal(w[1], ~1UL);
}

static void bad_fo_test_and_set_bit(void **state)
{
	unsigned long w[2] = { 0, 0 };

	assert_false(fo_test_and_set_bit(0, NULL));
	assert_false(fo_test_and_set_bit(-1, &w[1]));
	assert_true(w[0] == 0 && w[1] == 0);
	assert_false(fo_test_and_set_bit(2, &w[1]));
	assert_true(fo_test_and_set_bit(2, &w[1]));
}

static void bad_fo_test_and_clear_bit(void **state)
{
	unsigned long w[2] = { ~0UL, ~0UL };

	assert_false(fo_test_and_clear_bit(0, NULL));
	assert_false(fo_test_and_clear_bit(-1, &w[1]));
	assert_true(w[0] == ~0UL && w[1] == ~0UL);
	assert_true(fo_test_and_clear_bit(2, &w[1]));
	assert_false(fo_test_and_clear_bit(2, &w[1]));
}

static void bad_fo_clear_bit_unlock(void **state)
{
	unsigned long w[2] = { ~0UL, ~0UL };

	fo_clear_bit_unlock(0, NULL);
	fo_clear_bit_unlock(-1, &w[1]);
	assert_true(w[0] == ~0UL && w[1] == ~0UL);
}

static void bad_fo_wait_on_bit(void **state)
{
	unsigned long w = 0;

	assert_int_equal(fo_wait_on_bit(NULL, 0, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, -1, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, LONG_MIN, FO_TASK_KILLABLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, 0, 2), -EINVAL);
	assert_int_equal(fo_wait_on_bit(&w, 0, ~0u), -EINVAL);
	/* the bit is clear: returns at once */
	assert_int_equal(fo_wait_on_bit(&w, 0, FO_TASK_KILLABLE), 0);
}

static void bad_fo_wake_up_bit(void **state)
{
	unsigned long w = 0;

	fo_wake_up_bit(NULL, 0);
	fo_wake_up_bit(&w, -1);
	fo_wake_up_bit(&w, LONG_MIN);
	fo_wake_up_bit(&w, 0); /* nobody waits: nothing happens */
	assert_int_equal(w, 0);
}

/* ---- variant.h ---- */

static void bad_fo_variant_count(void **state)
{
	assert_true(fo_variant_count() >= 2);
}

static void bad_fo_variant_name(void **state)
{
	assert_null(fo_variant_name(-1));
	assert_null(fo_variant_name(INT_MIN));
	assert_null(fo_variant_name(fo_variant_count()));
	assert_null(fo_variant_name(INT_MAX));
	assert_non_null(fo_variant_name(0));
}

static void bad_fo_variant_summary(void **state)
{
	assert_null(fo_variant_summary(-1));
	assert_null(fo_variant_summary(fo_variant_count()));
	assert_null(fo_variant_summary(INT_MAX));
	assert_non_null(fo_variant_summary(0));
}

static void bad_fo_knob_count(void **state)
{
	assert_true(fo_knob_count() >= 1);
}

static void bad_fo_knob_name(void **state)
{
	assert_null(fo_knob_name(-1));
	assert_null(fo_knob_name(fo_knob_count()));
	assert_null(fo_knob_name(INT_MIN));
	assert_non_null(fo_knob_name(0));
}

static void bad_fo_knob_values(void **state)
{
	assert_null(fo_knob_values(-1));
	assert_null(fo_knob_values(fo_knob_count()));
	assert_null(fo_knob_values(INT_MAX));
	assert_non_null(fo_knob_values(0));
}

static void bad_fo_variant_knob(void **state)
{
	const char *knob = fo_knob_name(0);
	char buf[32] = "untouched";

	assert_int_equal(fo_variant_knob(NULL, knob, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(fo_variant_knob("v2", NULL, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(fo_variant_knob("nope", knob, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(fo_variant_knob("", knob, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(fo_variant_knob("v2", "nope", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(fo_variant_knob("v2", knob, NULL, 8), -EINVAL);
	assert_string_equal(buf, "untouched");
	/* NULL with length 0 asks for the length */
	assert_true(fo_variant_knob("v2", knob, NULL, 0) > 0);
	/* a short buffer is cut and terminated, as snprintf does */
	assert_true(fo_variant_knob("v2", knob, buf, 1) > 0);
	assert_string_equal(buf, "");
}

static void bad_fo_variant_load(void **state)
{
	fo_variant_file *f = (fo_variant_file *)&f; /* must come back NULL */

	assert_int_equal(fo_variant_load(NULL, -1, &f), -EINVAL);
	assert_null(f);
	assert_int_equal(fo_variant_load("x.c", -1, NULL), -EINVAL);
	f = (fo_variant_file *)&f;
	assert_int_equal(fo_variant_load("x.c", -2, &f), -EINVAL);
	assert_null(f);
	/* a file that is not there: the errno of opening it */
	f = (fo_variant_file *)&f;
	assert_int_equal(fo_variant_load("/nonexistent/variant.c", -1, &f), -ENOENT);
	assert_null(f);
	/* a directory does not compile */
	assert_true(fo_variant_load("/", -1, &f) < 0);
	assert_null(f);
}

static void bad_fo_variant_file_name(void **state)
{
	assert_null(fo_variant_file_name(NULL, 0));
	assert_null(fo_variant_file_name(NULL, -1));
}

/* ---- oracle.h ---- */

static void bad_fo_oracle_name(void **state)
{
	assert_null(fo_oracle_name(0));
	assert_null(fo_oracle_name(FO_ORACLE_STALE_OPEN | FO_ORACLE_LEAK));
	assert_null(fo_oracle_name(1u << FO_ORACLE_COUNT));
	assert_null(fo_oracle_name(1u << 31));
	assert_null(fo_oracle_name(~0u));
	assert_string_equal(fo_oracle_name(FO_ORACLE_SEQ_RACE), "seq-race");
}

static void bad_fo_oracle_parse(void **state)
{
	assert_int_equal(fo_oracle_parse(NULL), -EINVAL);
	assert_int_equal(fo_oracle_parse(""), -EINVAL);
	assert_int_equal(fo_oracle_parse("Stale-Open"), -EINVAL);
	assert_int_equal(fo_oracle_parse("stale-open "), -EINVAL);
	assert_int_equal(fo_oracle_parse("ok"), -EINVAL);
	assert_int_equal(fo_oracle_parse("stale-open"), FO_ORACLE_STALE_OPEN);
}

/* ---- scenario.h ---- */

static void bad_fo_scenario_parse(void **state)
{
	fo_scenario *sc = (fo_scenario *)&sc; /* not NULL: the call must clear it */
	char err[256];
	size_t big = (1u << 20) + 1;
	char *huge;

	assert_int_equal(fo_scenario_parse(NULL, 5, "t.fos", &sc, err, sizeof(err)), -EINVAL);
	assert_null(sc);
	assert_int_equal(fo_scenario_parse(small_text, strlen(small_text), "t.fos", NULL, err,
					   sizeof(err)),
			 -EINVAL);
	/* a scenario error: the first one, as FILE:LINE:COL */
	sc = (fo_scenario *)&sc;
	assert_int_equal(fo_scenario_parse("thread a: frob\n", 15, "t.fos", &sc, err, sizeof(err)),
			 -EINVAL);
	assert_null(sc);
	assert_non_null(strstr(err, "t.fos:1:"));
	/* no file name: "<input>"; no room for the message, or none at all */
	assert_int_equal(fo_scenario_parse("thread a: frob\n", 15, NULL, &sc, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "<input>:1:"));
	strcpy(err, "untouched");
	assert_int_equal(fo_scenario_parse("thread a: frob\n", 15, NULL, &sc, err, 0), -EINVAL);
	assert_string_equal(err, "untouched");
	assert_int_equal(fo_scenario_parse("thread a: frob\n", 15, NULL, &sc, NULL, 100), -EINVAL);
	/* empty, binary, NUL, not terminated, too long */
	assert_int_equal(fo_scenario_parse("", 0, NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_scenario_parse("\xff\xfe\x00\x01", 4, NULL, &sc, err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(fo_scenario_parse("dev d0\0x\n", 9, NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_scenario_parse(small_text, strlen(small_text) - 3, NULL, &sc, err,
					   sizeof(err)),
			 -EINVAL);
	huge = malloc(big);
	assert_non_null(huge);
	memset(huge, '\n', big);
	assert_int_equal(fo_scenario_parse(huge, big, NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_null(sc);
	free(huge);
}

static void bad_fo_variants_load(void **state)
{
	char dir[64], path[96], err[512];
	fo_scenario *sc = (fo_scenario *)&sc;
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/fo-badinput.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(fo_variants_load(NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_null(sc);
	assert_int_equal(fo_variants_load("x.fov", NULL, err, sizeof(err)), -EINVAL);
	snprintf(path, sizeof(path), "%s/missing.fov", dir);
	assert_int_equal(fo_variants_load(path, &sc, err, sizeof(err)), -ENOENT);
	/* empty, or a line that is not a define: refused */
	assert_int_equal(fo_variants_load("/dev/null", &sc, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "no 'define' line"));
	snprintf(path, sizeof(path), "%s/v.fov", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("define v3 = v2 link=always\nthread a: signal x\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(fo_variants_load(path, &sc, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ":2:1: error: a variants file holds define lines only"));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# v3 as announced\ndefine v3 = v2 link=always\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(fo_variants_load(path, &sc, err, sizeof(err)), 0);
	assert_non_null(sc);
	fo_scenario_free(sc);
	unlink(path);
	rmdir(dir);
}

static void bad_fo_scenario_load(void **state)
{
	char dir[64], path[96], err[512];
	fo_scenario *sc = (fo_scenario *)&sc;
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/fo-badinput.XXXXXX");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(fo_scenario_load(NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_null(sc);
	assert_int_equal(fo_scenario_load("x.fos", NULL, err, sizeof(err)), -EINVAL);
	snprintf(path, sizeof(path), "%s/missing.fos", dir);
	assert_int_equal(fo_scenario_load(path, &sc, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "cannot read"));
	assert_int_equal(fo_scenario_load(dir, &sc, err, sizeof(err)), -EISDIR);
	assert_int_equal(fo_scenario_load("", &sc, err, sizeof(err)), -ENOENT);
	assert_int_equal(fo_scenario_load("/dev/zero", &sc, err, sizeof(err)), -EFBIG);
	assert_int_equal(fo_scenario_load("/dev/null", &sc, err, sizeof(err)), -EINVAL);
	/* a scenario error in a file: as fo_scenario_parse() */
	snprintf(path, sizeof(path), "%s/bad.fos", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("thread a: frob\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(fo_scenario_load(path, &sc, err, sizeof(err)), -EINVAL);
	assert_null(sc);
	assert_int_equal(fo_scenario_load(path, &sc, NULL, 0), -EINVAL);
	unlink(path);
	rmdir(dir);
}

static void bad_fo_scenario_free(void **state)
{
	fo_scenario *sc = NULL;

	fo_scenario_free(NULL);
	/* after a failing parse the pointer is NULL, and freeing it is fine */
	assert_int_equal(fo_scenario_parse("x", 1, NULL, &sc, NULL, 0), -EINVAL);
	fo_scenario_free(sc);
}

static void bad_fo_scenario_title(void **state)
{
	fo_scenario *sc = parse_text(racy_text);

	assert_null(fo_scenario_title(NULL));
	assert_null(fo_scenario_title(sc)); /* no `scenario` line */
	fo_scenario_free(sc);
}

static void bad_fo_scenario_variant(void **state)
{
	fo_scenario *sc = parse_text("inode 7\nthread app: open 7 as f\nthread d: reply f on d0\n");

	assert_null(fo_scenario_variant(NULL));
	assert_null(fo_scenario_variant(sc)); /* no `variant` line */
	fo_scenario_free(sc);
}

static void bad_fo_scenario_expect(void **state)
{
	fo_scenario *sc = parse_text(racy_text);
	fo_scenario *novar = parse_text("inode 7\nthread app: open 7 as f\nthread d: reply f on d0\n");
	unsigned want = 99;

	assert_int_equal(fo_scenario_expect(NULL, "v2", &want), -EINVAL);
	assert_int_equal(want, 0); /* cleared even then */
	assert_int_equal(fo_scenario_expect(sc, "nope", &want), -EINVAL);
	assert_int_equal(fo_scenario_expect(sc, "", &want), -EINVAL);
	assert_int_equal(fo_scenario_expect(novar, NULL, &want), -EINVAL);
	/* NULL @oracles is allowed */
	assert_int_equal(fo_scenario_expect(sc, "v2", NULL), 1);
	assert_int_equal(fo_scenario_expect(sc, "pre", &want), 0);
	fo_scenario_free(sc);
	fo_scenario_free(novar);
}

static void bad_fo_scenario_hash(void **state)
{
	fo_scenario *sc = parse_text(small_text);

	assert_int_equal(fo_scenario_hash(NULL), 0);
	assert_true(fo_scenario_hash(sc) != 0);
	fo_scenario_free(sc);
}

/* ---- model.h ---- */

static void bad_fo_model_create(void **state)
{
	struct fo_model_opts o = { .variant = "nope" };
	fo_model *m = (fo_model *)&m;

	assert_int_equal(fo_model_create(NULL, NULL), -EINVAL);
	assert_int_equal(fo_model_create(&o, &m), -EINVAL);
	assert_null(m);
	o.variant = "";
	assert_int_equal(fo_model_create(&o, &m), -EINVAL);
	o.variant = "fixed"; /* a name scenarios accept before the model has it */
	assert_true(fo_model_create(&o, &m) == -EINVAL || (fo_model_destroy(m), true));
	/* use after the failing call: every operation refuses the NULL model */
	o.variant = "nope";
	assert_int_equal(fo_model_create(&o, &m), -EINVAL);
	assert_int_equal(fo_model_inode_add(m, 7), -EINVAL);
	fo_model_destroy(m);
}

static void bad_fo_model_destroy(void **state)
{
	fo_model_destroy(NULL);
	/* a model with a worker thread, destroyed with work never flushed */
	fo_model *m;

	assert_int_equal(fo_model_create(NULL, &m), 0);
	assert_int_equal(fo_model_inode_add(m, 7), 0);
	assert_int_equal(fo_model_notify_inval_files(m, 0, 7), 0);
	fo_model_destroy(m);
}

static void bad_fo_model_set_knob(void **state)
{
	fo_model *m = manual_model();
	const char *knob = fo_knob_name(0);
	char val[32];
	int fid;

	assert_true(fo_variant_knob("v2", knob, val, sizeof(val)) > 0);
	assert_int_equal(fo_model_set_knob(NULL, knob, val), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, NULL, val), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, knob, NULL), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "nope", val), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, knob, "galaxy"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", "99999999999999999999"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", "-1"), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, "seq_bits", ""), -EINVAL);
	assert_int_equal(fo_model_set_knob(m, knob, val), 0);
	/* too late: an operation ran */
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_set_knob(m, knob, val), -EBUSY);
	fo_model_destroy(m);
}

static void bad_fo_model_knobs(void **state)
{
	fo_model *m = manual_model();
	char buf[8] = "xx";

	assert_int_equal(fo_model_knobs(NULL, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(fo_model_knobs(m, NULL, 5), -EINVAL);
	assert_true(fo_model_knobs(m, NULL, 0) > 0);
	assert_true(fo_model_knobs(m, buf, sizeof(buf)) > (int)sizeof(buf));
	assert_int_equal(strlen(buf), sizeof(buf) - 1); /* cut and terminated */
	fo_model_destroy(m);
}

static void bad_fo_model_dev_clone(void **state)
{
	fo_model *m = manual_model();
	int last = 0, err;

	assert_int_equal(fo_model_dev_clone(NULL), -EINVAL);
	while ((err = fo_model_dev_clone(m)) > 0)
		last = err;
	assert_int_equal(err, -ENOSPC);
	assert_int_equal(last, 63);
	fo_model_destroy(m);
}

static void bad_fo_model_inode_add(void **state)
{
	fo_model *m = manual_model();
	int err = 0;

	assert_int_equal(fo_model_inode_add(NULL, 1), -EINVAL);
	assert_int_equal(fo_model_inode_add(m, 0), -EINVAL);
	assert_int_equal(fo_model_inode_add(m, 7), -EEXIST);
	for (uint64_t n = 100; !err; n++)
		err = fo_model_inode_add(m, n);
	assert_int_equal(err, -ENOSPC);
	assert_int_equal(fo_model_inode_add(m, UINT64_MAX), -ENOSPC);
	fo_model_destroy(m);
}

static void bad_fo_model_inode_add_absent(void **state)
{
	fo_model *m = manual_model();
	int fid = POISON_FID;

	assert_int_equal(fo_model_inode_add_absent(NULL, 1), -EINVAL);
	assert_int_equal(fo_model_inode_add_absent(m, 0), -EINVAL);
	assert_int_equal(fo_model_inode_add_absent(m, 7), -EEXIST);
	assert_int_equal(fo_model_inode_add(m, 9), 0);
	assert_int_equal(fo_model_inode_add_absent(m, 9), -EEXIST);
	assert_int_equal(fo_model_inode_add_absent(m, 8), 0);
	/* not in the inode cache: no open, no FIEMAP; a create makes it */
	assert_int_equal(fo_model_open_begin(m, 8, FO_FMODE_READ, &fid), -ENOENT);
	assert_int_equal(fid, -1);
	assert_int_equal(fo_model_fiemap(m, 8), -ENOENT);
	fo_model_destroy(m);
}

/* fo_model_open_begin() and fo_model_create_begin() refuse the same things. */
static void bad_begin(int (*begin)(fo_model *, uint64_t, unsigned, int *))
{
	fo_model *m = manual_model();
	int fid = POISON_FID;

	assert_int_equal(begin(NULL, 7, FO_FMODE_READ, &fid), -EINVAL);
	assert_int_equal(fid, -1);
	assert_int_equal(begin(m, 7, FO_FMODE_READ, NULL), -EINVAL);
	fid = POISON_FID;
	assert_int_equal(begin(m, 7, 0, &fid), -EINVAL);
	assert_int_equal(fid, -1);
	assert_int_equal(begin(m, 7, 4, &fid), -EINVAL);
	assert_int_equal(begin(m, 7, ~0u, &fid), -EINVAL);
	assert_int_equal(begin(m, 8, FO_FMODE_READ, &fid), -ENOENT);
	assert_int_equal(fid, -1);
	assert_int_equal(begin(m, 0, FO_FMODE_READ, &fid), -ENOENT);
	assert_int_equal(begin(m, 7, FO_FMODE_READ | FO_FMODE_WRITE, &fid), 0);
	assert_true(fid >= 0);
	fo_model_destroy(m);
}

static void bad_fo_model_open_begin(void **state)
{
	bad_begin(fo_model_open_begin);
}

static void bad_fo_model_create_begin(void **state)
{
	bad_begin(fo_model_create_begin);
}

static void bad_fo_model_open_end(void **state)
{
	fo_model *m = manual_model();
	int fid;

	assert_int_equal(fo_model_open_end(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_open_end(m, -1), -EBADF);
	assert_int_equal(fo_model_open_end(m, 0), -EBADF); /* never allocated */
	assert_int_equal(fo_model_open_end(m, INT_MAX), -EBADF);
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	/* twice: no open in progress any more */
	assert_int_equal(fo_model_open_end(m, fid), -EBADF);
	fo_model_destroy(m);
}

static void bad_fo_model_open(void **state)
{
	fo_model *m = manual_model();
	int fid = POISON_FID;

	assert_int_equal(fo_model_open(NULL, 7, FO_FMODE_READ, &fid), -EINVAL);
	assert_int_equal(fid, -1);
	assert_int_equal(fo_model_open(m, 7, FO_FMODE_READ, NULL), -EINVAL);
	assert_int_equal(fo_model_open(m, 7, 0, &fid), -EINVAL);
	assert_int_equal(fo_model_open(m, 9, FO_FMODE_READ, &fid), -ENOENT);
	assert_int_equal(fid, -1);
	fo_model_destroy(m);
}

static void bad_fo_model_io(void **state)
{
	fo_model *m = manual_model();
	int fid;

	assert_int_equal(fo_model_io(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_io(m, -1), -EBADF);
	assert_int_equal(fo_model_io(m, 0), -EBADF);
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_io(m, fid), -EBADF); /* not open yet */
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	assert_int_equal(fo_model_io(m, fid), 0);
	assert_int_equal(fo_model_release(m, fid), 0);
	assert_int_equal(fo_model_io(m, fid), -EBADF); /* released */
	fo_model_destroy(m);
}

static void bad_fo_model_release(void **state)
{
	fo_model *m = manual_model();
	int fid;

	assert_int_equal(fo_model_release(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_release(m, -1), -EBADF);
	assert_int_equal(fo_model_release(m, 12345), -EBADF);
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_release(m, fid), -EBADF); /* still opening */
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_open_end(m, fid), 0);
	assert_int_equal(fo_model_release(m, fid), 0);
	assert_int_equal(fo_model_release(m, fid), -EBADF); /* twice */
	fo_model_destroy(m);
}

static void bad_fo_model_fiemap(void **state)
{
	fo_model *m = manual_model();

	assert_int_equal(fo_model_fiemap(NULL, 7), -EINVAL);
	assert_int_equal(fo_model_fiemap(m, 8), -ENOENT);
	assert_int_equal(fo_model_fiemap(m, 0), -ENOENT);
	assert_int_equal(fo_model_fiemap(m, 7), -ENODATA);
	fo_model_destroy(m);
}

static void bad_fo_model_wait_request(void **state)
{
	fo_model *m = manual_model();
	int fid;

	assert_int_equal(fo_model_wait_request(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_wait_request(m, -1), -EBADF);
	assert_int_equal(fo_model_wait_request(m, 0), -EBADF);
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_wait_request(m, fid), 0); /* pending: at once */
	fo_model_destroy(m);
}

static void bad_fo_model_reply_error(void **state)
{
	struct fo_model_opts o = { .variant = "v2", .manual_worker = true,
				   .learns_no_open = true };
	fo_model *m = manual_model(), *lm = NULL;
	int fid, cfid;

	assert_int_equal(fo_model_reply_error(NULL, 0, 0, -EIO), -EINVAL);
	assert_int_equal(fo_model_reply_error(m, 0, 0, EIO), -EINVAL);
	assert_int_equal(fo_model_reply_error(m, 0, 0, -4096), -EINVAL);
	assert_int_equal(fo_model_reply_error(m, 0, 0, -EIO), -ENOENT);
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	/* -ENOSYS would change fc->no_open, which this model reads as no step */
	assert_int_equal(fo_model_reply_error(m, 0, fid, -ENOSYS), -EINVAL);
	assert_int_equal(fo_model_reply_error(m, 1, fid, -EIO), -ENODEV);
	assert_int_equal(fo_model_reply_error(m, 0, fid, -EIO), 0);
	assert_int_equal(fo_model_open_end(m, fid), -EIO);
	fo_model_destroy(m);

	assert_int_equal(fo_model_create(&o, &lm), 0);
	assert_int_equal(fo_model_inode_add(lm, 7), 0);
	assert_int_equal(fo_model_create_begin(lm, 7, FO_FMODE_READ, &cfid), 0);
	assert_int_equal(fo_model_reply_error(lm, 0, cfid, -ENOSYS), -EOPNOTSUPP);
	assert_int_equal(fo_model_open_begin(lm, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply_error(lm, 0, fid, -ENOSYS), 0);
	assert_int_equal(fo_model_open_end(lm, fid), 0); /* opened without FUSE_OPEN */
	fo_model_destroy(lm);
}

static void bad_fo_model_reply(void **state)
{
	fo_model *m = manual_model();
	int fid;

	assert_int_equal(fo_model_reply(NULL, 0, 0), -EINVAL);
	assert_int_equal(fo_model_reply(m, 0, -1), -ENOENT);
	assert_int_equal(fo_model_reply(m, 0, 0), -ENOENT);
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_reply(m, -1, fid), -ENODEV);
	assert_int_equal(fo_model_reply(m, 1, fid), -ENODEV);
	assert_int_equal(fo_model_reply(m, INT_MAX, fid), -ENODEV);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	assert_int_equal(fo_model_reply(m, 0, fid), -ENOENT); /* answered already */
	fo_model_destroy(m);
}

static void bad_fo_model_read(void **state)
{
	fo_model *m = manual_model();
	int fid, d1;

	assert_int_equal(fo_model_read(NULL, 0, 0), -EINVAL);
	assert_int_equal(fo_model_read(m, 0, -1), -ENOENT);
	assert_int_equal(fo_model_read(m, 0, 0), -ENOENT);
	assert_int_equal(fo_model_open_begin(m, 7, FO_FMODE_READ, &fid), 0);
	assert_int_equal(fo_model_read(m, -1, fid), -ENODEV);
	assert_int_equal(fo_model_read(m, 1, fid), -ENODEV);
	d1 = fo_model_dev_clone(m);
	assert_int_equal(d1, 1);
	assert_int_equal(fo_model_read(m, 0, fid), 0);
	assert_int_equal(fo_model_read(m, 0, fid), -ENOENT); /* read already */
	/* on d0's processing queue: a reply on d1 does not find it */
	assert_int_equal(fo_model_reply(m, d1, fid), -ENOENT);
	assert_int_equal(fo_model_reply(m, 0, fid), 0);
	fo_model_destroy(m);
}

static void bad_fo_model_notify_inval_files(void **state)
{
	fo_model *m = manual_model();

	assert_int_equal(fo_model_notify_inval_files(NULL, 0, 7), -EINVAL);
	assert_int_equal(fo_model_notify_inval_files(m, -1, 7), -ENODEV);
	assert_int_equal(fo_model_notify_inval_files(m, 64, 7), -ENODEV);
	assert_int_equal(fo_model_notify_inval_files(m, 0, 8), -ENOENT);
	assert_int_equal(fo_model_notify_inval_files(m, 0, 0), -ENOENT);
	assert_int_equal(fo_model_notify_inval_files(m, 0, 7), 0);
	fo_model_destroy(m);
}

static void bad_fo_model_write(void **state)
{
	fo_model *m = manual_model();

	assert_int_equal(fo_model_write(NULL, 0), -EINVAL);
	assert_int_equal(fo_model_write(m, -1), -ENODEV);
	assert_int_equal(fo_model_write(m, 1), -ENODEV);
	assert_int_equal(fo_model_write(m, INT_MIN), -ENODEV);
	assert_int_equal(fo_model_write(m, 0), 0);
	fo_model_destroy(m);
}

static void bad_fo_model_run_worker(void **state)
{
	fo_model *m = manual_model(), *threaded;

	assert_int_equal(fo_model_run_worker(NULL), -EINVAL);
	assert_int_equal(fo_model_run_worker(m), 0); /* nothing queued */
	/* wrong state: the model's own worker thread runs the work */
	assert_int_equal(fo_model_create(NULL, &threaded), 0);
	assert_int_equal(fo_model_run_worker(threaded), -EINVAL);
	fo_model_destroy(threaded);
	fo_model_destroy(m);
}

static void bad_fo_model_flush_work(void **state)
{
	fo_model *m = manual_model();

	assert_int_equal(fo_model_flush_work(NULL), -EINVAL);
	assert_int_equal(fo_model_flush_work(m), 0);
	fo_model_destroy(m);
}

static void bad_fo_model_inode_info(void **state)
{
	fo_model *m = manual_model();
	struct fo_inode_info info;

	assert_int_equal(fo_model_inode_info(NULL, 7, &info), -EINVAL);
	assert_int_equal(fo_model_inode_info(m, 7, NULL), -EINVAL);
	assert_int_equal(fo_model_inode_info(m, 8, &info), -ENOENT);
	assert_int_equal(fo_model_inode_info(m, 0, &info), -ENOENT);
	assert_int_equal(fo_model_inode_info(m, 7, &info), 0);
	fo_model_destroy(m);
}

static void bad_fo_model_file_info(void **state)
{
	fo_model *m = manual_model();
	struct fo_file_info info;

	assert_int_equal(fo_model_file_info(NULL, 0, &info), -EINVAL);
	assert_int_equal(fo_model_file_info(m, 0, NULL), -EINVAL);
	assert_int_equal(fo_model_file_info(m, 0, &info), -EBADF);
	assert_int_equal(fo_model_file_info(m, -1, &info), -EBADF);
	assert_int_equal(fo_model_file_info(m, INT_MAX, &info), -EBADF);
	fo_model_destroy(m);
}

static void bad_fo_model_dev_write_seq(void **state)
{
	fo_model *m = manual_model();
	uint64_t seq = 99;

	assert_int_equal(fo_model_dev_write_seq(NULL, 0, &seq), -EINVAL);
	assert_int_equal(fo_model_dev_write_seq(m, 0, NULL), -EINVAL);
	assert_int_equal(fo_model_dev_write_seq(m, -1, &seq), -ENODEV);
	assert_int_equal(fo_model_dev_write_seq(m, 1, &seq), -ENODEV);
	assert_int_equal(seq, 99);
	assert_int_equal(fo_model_dev_write_seq(m, 0, &seq), 0);
	fo_model_destroy(m);
}

/* ---- check.h ---- */

static void bad_fo_check_estimate(void **state)
{
	/* outside a progress callback of a running check: no estimate */
	assert_true(fo_check_estimate() == 0);
}

static void bad_fo_check_opts_init(void **state)
{
	struct fo_check_opts o;

	fo_check_opts_init(NULL);
	memset(&o, 0xa5, sizeof(o));
	fo_check_opts_init(&o);
	/* every default is an option fo_check() takes, with a memory ceiling */
	assert_int_equal(o.strategy, FO_STRATEGY_DPOR);
	assert_int_equal(o.preemptions, -1);
	assert_null(o.variant);
	assert_null(o.set);
	assert_true(o.max_memory > 0 && o.max_memory <= 4ULL << 30);
}

static void bad_fo_check(void **state)
{
	static const char *const bad_sets[][2] = {
		{ "seq_scope", NULL },        { "=dev", NULL },       { "nope=1", NULL },
		{ "seq_scope=galaxy", NULL }, { "seq_bits=0", NULL }, { "seq_bits=abc", NULL },
	};
	fo_scenario *sc = parse_text(small_text);
	struct fo_check_opts o;
	fo_verdict *v = (fo_verdict *)&v;
	char err[256], longknob[200];

	assert_int_equal(fo_check(sc, NULL, NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_check(NULL, NULL, &v, err, sizeof(err)), -EINVAL);
	assert_null(v);
	assert_int_equal(fo_check(NULL, NULL, &v, NULL, 0), -EINVAL);
	/* out-of-range enums and values */
#define BAD_OPT(field, value)                                                          \
	do {                                                                           \
		fo_check_opts_init(&o);                                                \
		o.field = value;                                                       \
		v = (fo_verdict *)&v;                                                  \
		if (fo_check(sc, &o, &v, err, sizeof(err)) != -EINVAL || v)            \
			fail_msg("fo_check with " #field " = " #value " not refused"); \
	} while (0)
	BAD_OPT(strategy, (enum fo_strategy)4);
	BAD_OPT(strategy, (enum fo_strategy) - 1);
	BAD_OPT(preemptions, -2);
	BAD_OPT(preemptions, INT_MIN);
	BAD_OPT(max_steps, 0);
	BAD_OPT(max_steps, FO_MAX_STEPS + 1); /* past the explorer's 32-bit step clocks */
	fo_check_opts_init(&o);
	o.max_steps = UINT64_MAX;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "32-bit"));
	BAD_OPT(time_limit, -1);
	BAD_OPT(time_limit, NAN);
	fo_check_opts_init(&o);
	o.strategy = FO_STRATEGY_RANDOM;
	o.runs = 0;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	o.strategy = FO_STRATEGY_PCT;
	o.runs = 5;
	o.pct_depth = 0;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	o.pct_depth = 65;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	o.pct_depth = INT_MIN;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	/* bad strings: variant, knob overrides */
	fo_check_opts_init(&o);
	o.variant = "nope";
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown variant 'nope'"));
	o.variant = "";
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	o.variant = NULL;
	for (size_t i = 0; i < sizeof(bad_sets) / sizeof(bad_sets[0]); i++) {
		o.set = bad_sets[i];
		v = (fo_verdict *)&v;
		if (fo_check(sc, &o, &v, err, sizeof(err)) != -EINVAL || v)
			fail_msg("--set %s not refused", bad_sets[i][0]);
	}
	memset(longknob, 'k', sizeof(longknob) - 3);
	strcpy(longknob + sizeof(longknob) - 3, "=1");
	o.set = (const char *const[]){ longknob, NULL };
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), -EINVAL);
	/* no room for the message */
	assert_int_equal(fo_check(sc, &o, &v, NULL, 0), -EINVAL);
	strcpy(err, "untouched");
	assert_int_equal(fo_check(sc, &o, &v, err, 0), -EINVAL);
	assert_string_equal(err, "untouched");
	/* limits are no error: a verdict that says it is incomplete */
	fo_check_opts_init(&o);
	o.max_memory = 1;
	assert_int_equal(fo_check(sc, &o, &v, err, sizeof(err)), 0);
	assert_int_equal(fo_verdict_status(v), FO_STATUS_INCOMPLETE);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_replay(void **state)
{
	fo_scenario *racy = parse_text(racy_text), *small = parse_text(small_text);
	fo_verdict *v = check(racy), *r = (fo_verdict *)&r;
	const char *token = fo_verdict_schedule(v, FO_ORACLE_STALE_OPEN);
	struct fo_check_opts o;
	char err[256], bad[512];

	assert_non_null(token);
	assert_int_equal(fo_replay(racy, token, NULL, NULL, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_replay(NULL, token, NULL, &r, err, sizeof(err)), -EINVAL);
	assert_null(r);
	assert_int_equal(fo_replay(racy, NULL, NULL, &r, err, sizeof(err)), -EINVAL);
	/* bad strings */
	assert_int_equal(fo_replay(racy, "", NULL, &r, err, sizeof(err)), -EINVAL);
	assert_int_equal(fo_replay(racy, "garbage", NULL, &r, err, sizeof(err)), -EINVAL);
	snprintf(bad, sizeof(bad), "%s%s", token, "z");
	assert_int_equal(fo_replay(racy, bad, NULL, &r, err, sizeof(err)), -EINVAL);
	snprintf(bad, sizeof(bad), "%s%s", token, "a99999999999999999999");
	assert_int_equal(fo_replay(racy, bad, NULL, &r, err, sizeof(err)), -EINVAL);
	snprintf(bad, sizeof(bad), "%.*s", (int)strlen(token) - 1, token);
	assert_int_equal(fo_replay(racy, bad, NULL, &r, err, sizeof(err)), -EINVAL);
	assert_null(r);
	/* the wrong scenario, variant or knobs */
	assert_int_equal(fo_replay(small, token, NULL, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "another scenario"));
	fo_check_opts_init(&o);
	o.variant = "pre";
	assert_int_equal(fo_replay(racy, token, &o, &r, err, sizeof(err)), -EINVAL);
	o.variant = "nope";
	assert_int_equal(fo_replay(racy, token, &o, &r, err, sizeof(err)), -EINVAL);
	o.variant = NULL;
	o.set = (const char *const[]){ "seq_scope=conn", NULL };
	assert_int_equal(fo_replay(racy, token, &o, &r, err, sizeof(err)), -EINVAL);
	/* a token longer than the memory ceiling allows, refused before it is built */
	fo_check_opts_init(&o);
	o.max_memory = 16;
	assert_int_equal(fo_replay(racy, token, &o, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "memory"));
	assert_null(r);
	/* and the right one replays */
	assert_int_equal(fo_replay(racy, token, NULL, &r, err, sizeof(err)), 0);
	assert_true(fo_verdict_violated(r) & FO_ORACLE_STALE_OPEN);
	fo_verdict_free(r);
	fo_verdict_free(v);
	fo_scenario_free(racy);
	fo_scenario_free(small);
}

static void bad_fo_verdict_free(void **state)
{
	fo_verdict *v = NULL;

	fo_verdict_free(NULL);
	/* after a failing check the pointer is NULL */
	assert_int_equal(fo_check(NULL, NULL, &v, NULL, 0), -EINVAL);
	fo_verdict_free(v);
}

static void bad_fo_verdict_violated(void **state)
{
	assert_int_equal(fo_verdict_violated(NULL), 0);
}

static void bad_fo_verdict_met(void **state)
{
	assert_int_equal(fo_verdict_met(NULL), -EINVAL);
}

static void bad_fo_verdict_status(void **state)
{
	fo_scenario *sc = parse_text(racy_text);
	fo_verdict *v = check(sc);

	assert_int_equal(fo_verdict_status(NULL), -EINVAL);
	assert_int_equal(fo_verdict_status(v), FO_STATUS_MET);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_verdict_variant(void **state)
{
	assert_null(fo_verdict_variant(NULL));
}

static void bad_fo_verdict_schedule(void **state)
{
	fo_scenario *sc = parse_text(racy_text);
	fo_verdict *v = check(sc);

	assert_null(fo_verdict_schedule(NULL, FO_ORACLE_STALE_OPEN));
	assert_null(fo_verdict_schedule(v, 0));
	assert_null(fo_verdict_schedule(v, FO_ORACLE_STALE_OPEN | FO_ORACLE_LEAK));
	assert_null(fo_verdict_schedule(v, 1u << FO_ORACLE_COUNT));
	assert_null(fo_verdict_schedule(v, ~0u));
	assert_null(fo_verdict_schedule(v, FO_ORACLE_LEAK)); /* not violated */
	assert_non_null(fo_verdict_schedule(v, FO_ORACLE_STALE_OPEN));
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_verdict_message(void **state)
{
	fo_scenario *sc = parse_text(racy_text);
	fo_verdict *v = check(sc);

	assert_null(fo_verdict_message(NULL, FO_ORACLE_STALE_OPEN));
	assert_null(fo_verdict_message(v, 0));
	assert_null(fo_verdict_message(v, FO_ORACLE_STALE_OPEN | FO_ORACLE_DEADLOCK));
	assert_null(fo_verdict_message(v, 1u << 31));
	assert_null(fo_verdict_message(v, FO_ORACLE_DEADLOCK));
	assert_non_null(fo_verdict_message(v, FO_ORACLE_STALE_OPEN));
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_verdict_stats(void **state)
{
	fo_scenario *sc = parse_text(small_text);
	fo_verdict *v = check(sc);
	struct fo_check_stats st;

	assert_int_equal(fo_verdict_stats(NULL, &st), -EINVAL);
	assert_int_equal(fo_verdict_stats(v, NULL), -EINVAL);
	assert_int_equal(fo_verdict_stats(v, &st), 0);
	assert_true(st.complete);
	assert_int_equal(st.limit, FO_LIMIT_NONE);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_verdict_print(void **state)
{
	fo_scenario *sc = parse_text(small_text);
	fo_verdict *v = check(sc);
	FILE *f = fopen("/dev/null", "w");

	assert_non_null(f);
	assert_int_equal(fo_verdict_print(NULL, f, FO_FORMAT_TEXT, FO_TRACE_ASCII), -EINVAL);
	assert_int_equal(fo_verdict_print(v, NULL, FO_FORMAT_TEXT, FO_TRACE_ASCII), -EINVAL);
	assert_int_equal(fo_verdict_print(v, f, (enum fo_format)2, FO_TRACE_ASCII), -EINVAL);
	assert_int_equal(fo_verdict_print(v, f, (enum fo_format) - 1, FO_TRACE_ASCII), -EINVAL);
	assert_int_equal(fo_verdict_print(v, f, FO_FORMAT_TEXT, (enum fo_trace)3), -EINVAL);
	assert_int_equal(fo_verdict_print(v, f, FO_FORMAT_JSON, (enum fo_trace) - 1), -EINVAL);
	assert_int_equal(fo_verdict_print(v, f, FO_FORMAT_JSON, FO_TRACE_NONE), 0);
	fclose(f);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_verdict_report(void **state)
{
	fo_scenario *sc = parse_text(small_text);
	fo_verdict *v = check(sc);
	FILE *f = fopen("/dev/null", "w");
	struct fo_report_opts o = { .format = FO_FORMAT_TEXT, .trace = FO_TRACE_ASCII };

	assert_non_null(f);
	assert_int_equal(fo_verdict_report(NULL, f, &o), -EINVAL);
	assert_int_equal(fo_verdict_report(v, NULL, &o), -EINVAL);
	assert_int_equal(fo_verdict_report(v, f, NULL), -EINVAL);
	o.format = (enum fo_format)2;
	assert_int_equal(fo_verdict_report(v, f, &o), -EINVAL);
	o.format = FO_FORMAT_JSON;
	o.trace = (enum fo_trace)3;
	assert_int_equal(fo_verdict_report(v, f, &o), -EINVAL);
	o.trace = FO_TRACE_NONE;
	assert_int_equal(fo_verdict_report(v, f, &o), 0);
	fclose(f);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_verdict_suggest(void **state)
{
	fo_scenario *sc = parse_text(small_text);
	fo_verdict *v = check(sc);
	struct fo_suggestion s[2];

	assert_int_equal(fo_verdict_suggest(NULL, s, 2), -EINVAL);
	assert_int_equal(fo_verdict_suggest(v, NULL, 2), -EINVAL);
	assert_int_equal(fo_verdict_suggest(v, s, -1), -EINVAL);
	/* a complete check needs no other strategy */
	assert_int_equal(fo_verdict_suggest(v, s, 2), 0);
	assert_int_equal(fo_verdict_suggest(v, NULL, 0), 0);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

static void bad_fo_verdict_not_found(void **state)
{
	fo_scenario *sc = parse_text(small_text);
	fo_verdict *v = check(sc);

	assert_int_equal(fo_verdict_not_found(NULL), 0);
	assert_int_equal(fo_verdict_not_found(v), 0);
	fo_verdict_free(v);
	fo_scenario_free(sc);
}

/* ---- bitops.h (the kernel.h additions) ---- */

static void bad_fo_test_bit_acquire(void **state)
{
	unsigned long w = 1UL << 3;

	assert_false(fo_test_bit_acquire(0, NULL));
	assert_false(fo_test_bit_acquire(-1, &w));
	assert_true(fo_test_bit_acquire(3, &w));
}

static void bad_fo_test_and_set_bit_lock(void **state)
{
	unsigned long w = 0;

	assert_false(fo_test_and_set_bit_lock(0, NULL));
	assert_false(fo_test_and_set_bit_lock(-1, &w));
	assert_int_equal(w, 0);
	assert_false(fo_test_and_set_bit_lock(2, &w));
	assert_true(fo_test_and_set_bit_lock(2, &w));
}

static void bad_fo_wait_on_bit_lock(void **state)
{
	unsigned long w = 0;

	assert_int_equal(fo_wait_on_bit_lock(NULL, 0, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit_lock(&w, -1, FO_TASK_UNINTERRUPTIBLE), -EINVAL);
	assert_int_equal(fo_wait_on_bit_lock(&w, 0, 7), -EINVAL);
	assert_int_equal(w, 0);
	assert_int_equal(fo_wait_on_bit_lock(&w, 0, FO_TASK_KILLABLE), 0);
	assert_int_equal(w, 1);
}

/* ---- sync.h ---- */

static void bad_fo_load(void **state)
{
	int x = 5, out = -1;
	char big[16] = { 0 };

	assert_int_equal(fo_load(NULL, &out, sizeof(x), FO_ONCE, "x"), -EINVAL);
	assert_int_equal(fo_load(&x, NULL, sizeof(x), FO_ONCE, "x"), -EINVAL);
	assert_int_equal(fo_load(&x, &out, 3, FO_ONCE, "x"), -EINVAL);
	assert_int_equal(fo_load(big, &out, sizeof(big), FO_ONCE, "x"), -EINVAL);
	assert_int_equal(fo_load(&x, &out, sizeof(x), FO_RELEASE, "x"), -EINVAL);
	assert_int_equal(fo_load(&x, &out, sizeof(x), (enum fo_order)9, "x"), -EINVAL);
	assert_int_equal(out, -1);
	assert_int_equal(fo_load(&x, &out, sizeof(x), FO_PLAIN, NULL), 0);
	assert_int_equal(out, 5);
}

static void bad_fo_store(void **state)
{
	int x = 5, v = 6;

	assert_int_equal(fo_store(NULL, &v, sizeof(x), FO_ONCE, "x"), -EINVAL);
	assert_int_equal(fo_store(&x, NULL, sizeof(x), FO_ONCE, "x"), -EINVAL);
	assert_int_equal(fo_store(&x, &v, 0, FO_ONCE, "x"), -EINVAL);
	assert_int_equal(fo_store(&x, &v, sizeof(x), FO_ACQUIRE, "x"), -EINVAL);
	assert_int_equal(fo_store(&x, &v, sizeof(x), (enum fo_order)-1, "x"), -EINVAL);
	assert_int_equal(x, 5);
	assert_int_equal(fo_store(&x, &v, sizeof(x), FO_RELEASE, NULL), 0);
	assert_int_equal(x, 6);
}

static void bad_fo_rmw(void **state)
{
	int x = 5;
	uint64_t old = 99;

	assert_int_equal(fo_rmw(NULL, 4, FO_RMW_ADD, 1, 0, FO_FULL, &old, "x"), -EINVAL);
	assert_int_equal(fo_rmw(&x, 2, FO_RMW_ADD, 1, 0, FO_FULL, &old, "x"), -EINVAL);
	assert_int_equal(fo_rmw(&x, 4, (enum fo_rmw_op)17, 1, 0, FO_FULL, &old, "x"), -EINVAL);
	assert_int_equal(fo_rmw(&x, 4, FO_RMW_ADD, 1, 0, FO_ACQUIRE, &old, "x"), -EINVAL);
	assert_int_equal(fo_rmw(&x, 4, FO_RMW_ADD, 1, 0, FO_PLAIN, &old, "x"), -EINVAL);
	assert_int_equal(x, 5);
	assert_int_equal(old, 99);
	assert_int_equal(fo_rmw(&x, 4, FO_RMW_CMPXCHG, 4, 7, FO_FULL, &old, NULL), 0);
	assert_int_equal(old, 5);
	assert_int_equal(x, 5); /* expected 4: not exchanged */
	assert_int_equal(fo_rmw(&x, 4, FO_RMW_ADD, 1, 0, FO_ONCE, NULL, NULL), 0);
	assert_int_equal(x, 6);
}

static void bad_fo_fence(void **state)
{
	assert_int_equal(fo_fence((enum fo_fence_kind)5), -EINVAL);
	assert_int_equal(fo_fence((enum fo_fence_kind)-1), -EINVAL);
	assert_int_equal(fo_fence(FO_FENCE_MB), 0);
}

static void bad_fo_yield(void **state)
{
	/* no argument to get wrong: it returns, outside and inside fo_explore() */
	fo_yield();
}

static void bad_fo_lock_init(void **state)
{
	fo_lock l;

	assert_int_equal(fo_lock_init(NULL, "l"), -EINVAL);
	assert_int_equal(fo_lock_init(&l, NULL), 0);
	assert_string_equal(l.name, "lock");
}

static void bad_fo_lock_acquire(void **state)
{
	fo_lock l = FO_LOCK_INIT("l");

	assert_int_equal(fo_lock_acquire(NULL), -EINVAL);
	assert_int_equal(fo_lock_acquire(&l), 0);
	assert_int_equal(fo_lock_release(&l), 0);
}

static void bad_fo_lock_try(void **state)
{
	fo_lock l = FO_LOCK_INIT("l");

	assert_int_equal(fo_lock_try(NULL), -EINVAL);
	assert_int_equal(fo_lock_try(&l), 1);
	assert_int_equal(fo_lock_try(&l), 0);
	assert_int_equal(fo_lock_release(&l), 0);
}

static void bad_fo_lock_release(void **state)
{
	fo_lock l = FO_LOCK_INIT("l");

	assert_int_equal(fo_lock_release(NULL), -EINVAL);
	assert_int_equal(fo_lock_release(&l), -EPERM); /* not held */
	assert_int_equal(fo_lock_acquire(&l), 0);
	assert_int_equal(fo_lock_release(&l), 0);
	assert_int_equal(fo_lock_release(&l), -EPERM); /* twice */
}

static void bad_fo_completion_init(void **state)
{
	fo_completion c;

	assert_int_equal(fo_completion_init(NULL, "c"), -EINVAL);
	assert_int_equal(fo_completion_init(&c, NULL), 0);
	assert_int_equal(c.done, 0);
}

static void bad_fo_complete(void **state)
{
	fo_completion c;

	assert_int_equal(fo_complete(NULL, false), -EINVAL);
	fo_completion_init(&c, "c");
	assert_int_equal(fo_complete(&c, true), 0);
	assert_int_equal(fo_complete(&c, false), 0); /* after complete_all: stays all */
	assert_int_equal(fo_completion_wait(&c, false), 0);
	assert_int_equal(fo_completion_wait(&c, false), 0);
}

static void bad_fo_completion_wait(void **state)
{
	fo_completion c;

	assert_int_equal(fo_completion_wait(NULL, false), -EINVAL);
	fo_completion_init(&c, "c");
	fo_complete(&c, false);
	assert_int_equal(fo_completion_wait(&c, true), 0);
	assert_int_equal(c.done, 0);
}

static void bad_fo_wait_var_prepare(void **state)
{
	int v;
	unsigned t;

	assert_int_equal(fo_wait_var_prepare(NULL, &t), -EINVAL);
	assert_int_equal(fo_wait_var_prepare(&v, NULL), -EINVAL);
	assert_int_equal(fo_wait_var_prepare(&v, &t), 0);
}

static void bad_fo_wait_var_sleep(void **state)
{
	int v;
	unsigned t;

	assert_int_equal(fo_wait_var_sleep(NULL, 0, "v"), -EINVAL);
	assert_int_equal(fo_wait_var_prepare(&v, &t), 0);
	/* a wake-up since the ticket: returns without sleeping */
	assert_int_equal(fo_wake_up_var(&v), 0);
	assert_int_equal(fo_wait_var_sleep(&v, t, NULL), 0);
}

static void bad_fo_wake_up_var(void **state)
{
	int v;

	assert_int_equal(fo_wake_up_var(NULL), -EINVAL);
	assert_int_equal(fo_wake_up_var(&v), 0); /* nobody waits: a no-op */
}

static void noop_work(struct fo_work *w)
{
	(void)w;
}

static void bad_fo_work_init(void **state)
{
	struct fo_work w;

	assert_int_equal(fo_work_init(NULL, noop_work), -EINVAL);
	assert_int_equal(fo_work_init(&w, NULL), -EINVAL);
	assert_int_equal(fo_work_init(&w, noop_work), 0);
}

static void bad_fo_queue_work(void **state)
{
	struct fo_work w = { .func = NULL, .state = 0 };

	assert_int_equal(fo_queue_work(NULL), -EINVAL);
	assert_int_equal(fo_queue_work(&w), -EINVAL); /* never initialised */
	fo_work_init(&w, noop_work);
	assert_int_equal(fo_queue_work(&w), 1);
	assert_true(fo_flush_work(&w) >= 0);
}

static void bad_fo_flush_work(void **state)
{
	struct fo_work w;

	assert_int_equal(fo_flush_work(NULL), -EINVAL);
	fo_work_init(&w, noop_work);
	assert_int_equal(fo_flush_work(&w), 0); /* idle */
}

/* ---- explore.h ---- */

static void bad_fo_explore_opts_init(void **state)
{
	struct fo_explore_opts o;

	fo_explore_opts_init(NULL);
	memset(&o, 0xa5, sizeof(o));
	fo_explore_opts_init(&o);
	assert_int_equal(o.strategy, FO_STRATEGY_DPOR);
	assert_int_equal(o.preemptions, -1);
	assert_true(o.max_steps > 0);
	assert_true(o.max_memory > 0);
}

static void empty_body(void *arg)
{
	(void)arg;
}

static void nested_body(void *arg)
{
	int *ret = arg;

	*ret = fo_explore(empty_body, NULL, NULL, NULL);
}

static void bad_fo_explore(void **state)
{
	struct fo_explore_opts o;
	struct fo_explore_report r;
	int nested = 1;

	assert_int_equal(fo_explore(NULL, NULL, NULL, &r), -EINVAL);
#define BAD_XOPT(field, value)                                                           \
	do {                                                                             \
		fo_explore_opts_init(&o);                                                \
		o.field = value;                                                         \
		if (fo_explore(empty_body, NULL, &o, &r) != -EINVAL)                     \
			fail_msg("fo_explore with " #field " = " #value " not refused"); \
	} while (0)
	BAD_XOPT(strategy, (enum fo_strategy)9);
	BAD_XOPT(strategy, (enum fo_strategy) - 3);
	BAD_XOPT(preemptions, -5);
	BAD_XOPT(max_steps, 0);
	BAD_XOPT(max_steps, FO_MAX_STEPS + 1);
	BAD_XOPT(max_steps, UINT64_MAX);
	fo_explore_opts_init(&o);
	o.max_steps = FO_MAX_STEPS; /* the largest is accepted */
	assert_int_equal(fo_explore(empty_body, NULL, &o, &r), 0);
	fo_explore_opts_init(&o);
	o.strategy = FO_STRATEGY_PCT;
	o.pct_depth = 0;
	assert_int_equal(fo_explore(empty_body, NULL, &o, &r), -EINVAL);
	o.pct_depth = 3;
	o.runs = 0;
	assert_int_equal(fo_explore(empty_body, NULL, &o, &r), -EINVAL);
	/* wrong state: from inside another fo_explore() */
	assert_int_equal(fo_explore(nested_body, &nested, NULL, NULL), 0);
	assert_int_equal(nested, -EINVAL);
	/* a NULL report is allowed; a memory limit is a report, not an error */
	assert_int_equal(fo_explore(empty_body, NULL, NULL, NULL), 0);
	fo_explore_opts_init(&o);
	o.max_memory = 1;
	assert_int_equal(fo_explore(empty_body, NULL, &o, &r), 0);
	assert_false(r.complete);
	assert_int_equal(r.limit, FO_LIMIT_MEMORY);
}

static void bad_fo_explore_replay(void **state)
{
	struct fo_explore_report r;

	assert_int_equal(fo_explore_replay(NULL, NULL, "fx1.", &r), -EINVAL);
	assert_int_equal(fo_explore_replay(empty_body, NULL, NULL, &r), -EINVAL);
	assert_int_equal(fo_explore_replay(empty_body, NULL, "", &r), -EINVAL);
	assert_int_equal(fo_explore_replay(empty_body, NULL, "v1.x", &r), -EINVAL);
	assert_int_equal(fo_explore_replay(empty_body, NULL, "fx1.a?", &r), -EINVAL);
	assert_int_equal(fo_explore_replay(empty_body, NULL, "fx1.a99999999999", &r), -EINVAL);
	/* a choice of a thread that does not exist */
	assert_int_equal(fo_explore_replay(empty_body, NULL, "fx1.b", &r), -EINVAL);
	/* longer than the body: the body ends before the token */
	assert_int_equal(fo_explore_replay(empty_body, NULL, "fx1.a9", &r), -EINVAL);
	assert_int_equal(fo_explore_replay(empty_body, NULL, "fx1.a", &r), 0);
	assert_int_equal(r.executions, 1);
	assert_int_equal(r.failure, FO_EXPLORE_PASSED);
	assert_int_equal(fo_explore_replay(empty_body, NULL, "fx1.", NULL), 0);
}

struct spawn_results {
	int null_fn, last, full;
};

static void spawn_body(void *arg)
{
	struct spawn_results *res = arg;
	int t;

	res->null_fn = fo_spawn(NULL, NULL, "x");
	/* the body is thread 0: 15 more fit, the 16th does not */
	for (int i = 0; i < 15; i++) {
		t = fo_spawn(empty_body, NULL, i % 2 ? NULL : "t");
		if (t > 0)
			res->last = t;
	}
	res->full = fo_spawn(empty_body, NULL, "one too many");
}

static void bad_fo_spawn(void **state)
{
	struct spawn_results res = { 0, 0, 0 };
	struct fo_explore_opts o;

	assert_int_equal(fo_spawn(empty_body, NULL, "outside"), -EINVAL);
	fo_explore_opts_init(&o);
	o.max_executions = 1;
	assert_int_equal(fo_explore(spawn_body, &res, &o, NULL), 0);
	assert_int_equal(res.null_fn, -EINVAL);
	assert_int_equal(res.last, 15);
	assert_int_equal(res.full, -ENOSPC);
}

struct join_results {
	int minus, self, beyond, ok;
};

static void join_body(void *arg)
{
	struct join_results *res = arg;
	int t = fo_spawn(empty_body, NULL, "child");

	res->minus = fo_join(-1);
	res->self = fo_join(0);
	res->beyond = fo_join(t + 1);
	res->ok = fo_join(t);
}

static void bad_fo_join(void **state)
{
	struct join_results res = { 1, 1, 1, 1 };

	assert_int_equal(fo_join(0), -EINVAL);
	assert_int_equal(fo_join(1), -EINVAL);
	assert_int_equal(fo_explore(join_body, &res, NULL, NULL), 0);
	assert_int_equal(res.minus, -EINVAL);
	assert_int_equal(res.self, -EINVAL);
	assert_int_equal(res.beyond, -EINVAL);
	assert_int_equal(res.ok, 0);
}

/* ---- the table ---- */

#define CASE(fn)                                \
	{                                       \
#fn, bad_##fn, NULL, NULL, NULL \
	}

static const struct CMUnitTest cases[] = {
	CASE(fo_strerror),
	CASE(fo_task_current),
	CASE(fo_task_kill),
	CASE(fo_task_killed),
	CASE(fo_task_sleeping),
	CASE(fo_task_futex_calls),
	CASE(fo_test_bit),
	CASE(fo_set_bit),
	CASE(fo_clear_bit),
	CASE(fo_test_and_set_bit),
	CASE(fo_test_and_clear_bit),
	CASE(fo_clear_bit_unlock),
	CASE(fo_wait_on_bit),
	CASE(fo_wake_up_bit),
	CASE(fo_variant_count),
	CASE(fo_variant_name),
	CASE(fo_variant_summary),
	CASE(fo_knob_count),
	CASE(fo_knob_name),
	CASE(fo_knob_values),
	CASE(fo_variant_knob),
	CASE(fo_variant_load),
	CASE(fo_variant_file_name),
	CASE(fo_oracle_name),
	CASE(fo_oracle_parse),
	CASE(fo_scenario_parse),
	CASE(fo_scenario_load),
	CASE(fo_variants_load),
	CASE(fo_scenario_free),
	CASE(fo_scenario_title),
	CASE(fo_scenario_variant),
	CASE(fo_scenario_expect),
	CASE(fo_scenario_hash),
	CASE(fo_model_create),
	CASE(fo_model_destroy),
	CASE(fo_model_set_knob),
	CASE(fo_model_knobs),
	CASE(fo_model_dev_clone),
	CASE(fo_model_inode_add),
	CASE(fo_model_inode_add_absent),
	CASE(fo_model_open_begin),
	CASE(fo_model_create_begin),
	CASE(fo_model_open_end),
	CASE(fo_model_open),
	CASE(fo_model_io),
	CASE(fo_model_release),
	CASE(fo_model_fiemap),
	CASE(fo_model_wait_request),
	CASE(fo_model_reply_error),
	CASE(fo_model_reply),
	CASE(fo_model_read),
	CASE(fo_model_notify_inval_files),
	CASE(fo_model_write),
	CASE(fo_model_run_worker),
	CASE(fo_model_flush_work),
	CASE(fo_model_inode_info),
	CASE(fo_model_file_info),
	CASE(fo_model_dev_write_seq),
	CASE(fo_check_opts_init),
	CASE(fo_check_estimate),
	CASE(fo_check),
	CASE(fo_replay),
	CASE(fo_verdict_free),
	CASE(fo_verdict_violated),
	CASE(fo_verdict_met),
	CASE(fo_verdict_status),
	CASE(fo_verdict_variant),
	CASE(fo_verdict_schedule),
	CASE(fo_verdict_message),
	CASE(fo_verdict_stats),
	CASE(fo_verdict_print),
	CASE(fo_verdict_report),
	CASE(fo_verdict_suggest),
	CASE(fo_verdict_not_found),
	CASE(fo_explore_opts_init),
	CASE(fo_explore),
	CASE(fo_explore_replay),
	CASE(fo_test_bit_acquire),
	CASE(fo_test_and_set_bit_lock),
	CASE(fo_wait_on_bit_lock),
	CASE(fo_load),
	CASE(fo_store),
	CASE(fo_rmw),
	CASE(fo_fence),
	CASE(fo_yield),
	CASE(fo_lock_init),
	CASE(fo_lock_acquire),
	CASE(fo_lock_try),
	CASE(fo_lock_release),
	CASE(fo_completion_init),
	CASE(fo_complete),
	CASE(fo_completion_wait),
	CASE(fo_wait_var_prepare),
	CASE(fo_wait_var_sleep),
	CASE(fo_wake_up_var),
	CASE(fo_work_init),
	CASE(fo_queue_work),
	CASE(fo_flush_work),
	CASE(fo_spawn),
	CASE(fo_join),
};

int main(int argc, char **argv)
{
	/* the functions covered, for check_badinput_coverage.sh */
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	return cmocka_run_group_tests(cases, NULL, NULL);
}

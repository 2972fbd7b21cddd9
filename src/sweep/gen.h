/* SPDX-License-Identifier: MIT */
/*
 * gen.h - scenarios made by program: a small structural form of a scenario
 * (struct sw_scn), its text (a .fos file the parser checks, so the validity
 * rules live in one place), its canonical key up to symmetry, every scenario
 * of a scope in a fixed order, and random ones from a seed.
 *
 * Symmetry: threads of one role (app: opens or creates; daemon: replies,
 * notifies, writes; other: the rest) are interchangeable, and inodes, clones
 * (devices after d0), files and sync names are renamed in order of first
 * use. The canonical form of a scenario is the smallest text over every
 * permutation of the threads within their roles, each renamed that way.
 */
#ifndef FUSEORD_SWEEP_GEN_H
#define FUSEORD_SWEEP_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuseord/scenario.h"

#define SW_MAX_THREADS 4 /* scenario threads; the worker comes on top */
#define SW_MAX_OPS 6     /* per thread */
#define SW_MAX_INODES 3
#define SW_MAX_DEVS 3 /* d0 and two clones */
#define SW_MAX_FILES 4
#define SW_MAX_SYNCS 2
#define SW_MAX_SETS 4
#define SW_KEY_LEN 1024  /* a canonical key or a thread line fits */
#define SW_TEXT_LEN 2048 /* a scenario's text fits */

/* Op kinds, the same numbers as the parser's (enum scenario_op_kind). */
enum sw_kind {
	SW_OPEN,
	SW_CREATE,
	SW_IO,
	SW_RELEASE,
	SW_FIEMAP,
	SW_REPLY,
	SW_NOTIFY,
	SW_WRITE,
	SW_READ,
	SW_KILL,
	SW_SIGNAL,
	SW_WAIT,
	SW_NKINDS
};

#define SW_KIND_BIT(k) (1u << (k))
#define SW_KINDS_ALL ((1u << SW_NKINDS) - 1)
/* What a scope enumerates: every kind but an explicit read. */
#define SW_KINDS_ENUM (SW_KINDS_ALL & ~SW_KIND_BIT(SW_READ))

/*
 * One op. a is the inode (open, create, fiemap, notify), the file (io,
 * release, reply), the device (write), the thread (kill) or the sync name
 * (signal, wait); b is the device of reply and notify; n the count of write.
 */
struct sw_op {
	uint8_t kind;
	int8_t a, b;
	uint8_t n;
};

enum sw_role {
	SW_ROLE_APP,
	SW_ROLE_DAEMON,
	SW_ROLE_OTHER
};

struct sw_thread {
	int nops;
	struct sw_op ops[SW_MAX_OPS];
};

/* One `set` line: index into fo_knob_name() and a value text. */
struct sw_set {
	int knob;
	char value[16];
};

/*
 * A scenario. Files are numbered by the open or create that declares them,
 * in thread then program order; ninodes and ndevs count what the ops use
 * (d0 always exists).
 */
struct sw_scn {
	bool close_wait, no_open, writeback_cache;
	int nthreads;
	struct sw_thread th[SW_MAX_THREADS];
	int nsets;
	struct sw_set sets[SW_MAX_SETS];
};

/* The role a thread's ops give it. */
enum sw_role fo_sw_role(const struct sw_thread *t);

/* The thread's name in text: app, app2, daemon, daemon2, other, other2 ... */
void fo_sw_thread_name(const struct sw_scn *s, int t, char *buf, size_t len);

/*
 * The scenario as .fos text: conn, set, dev, inode and thread lines, then
 * @tail verbatim (expect lines, or NULL). Returns the length, or -ENOSPC.
 */
int fo_sw_format(const struct sw_scn *s, const char *tail, char *buf, size_t len);

/*
 * The canonical form: @s with its threads reordered within their roles
 * (apps, then daemons, then others) and everything renamed by first use,
 * the ordering whose key is smallest. @out may be @s.
 */
void fo_sw_canon(const struct sw_scn *s, struct sw_scn *out);

/*
 * The key of @s as it stands, one line: "close_wait=1 no_open=0
 * writeback_cache=0 | app: open 7 as f1, release f1 | daemon: ...". The key
 * of fo_sw_canon()'s result is the scenario's canonical key.
 */
void fo_sw_key(const struct sw_scn *s, char *buf, size_t len);

/* Whether @s is its own canonical form. */
bool fo_sw_is_canonical(const struct sw_scn *s);

/* Total ops over all threads. */
int fo_sw_nops(const struct sw_scn *s);

/*
 * A parsed scenario as a struct sw_scn, for `--canon`; -EINVAL with a
 * message when it does not fit (more threads, ops, inodes, devices, files
 * or set lines than the form holds).
 */
int fo_sw_from_scenario(const fo_scenario *sc, struct sw_scn *out, char *err, size_t errlen);

/* Whether the scenario's text parses (it always should: a test checks it). */
int fo_sw_parse(const struct sw_scn *s, const char *tail, fo_scenario **out, char *err,
		size_t errlen);

/* ---- a scope, enumerated ---- */

/* A conn flag in a scope: off, on, or both. */
enum sw_flag {
	SW_FLAG_OFF = 1,
	SW_FLAG_ON = 2,
	SW_FLAG_BOTH = 3
};

struct sw_scope {
	int app_min, app_max;               /* threads that open or create */
	int daemon_min, daemon_max;         /* threads that reply, notify, write */
	int other_min, other_max;           /* threads that fiemap, kill, signal, wait */
	int threads_max;                    /* all scenario threads together */
	int app_ops, daemon_ops, other_ops; /* at most this many ops per thread */
	int ops_total;                      /* at most this many ops in all; 0: no limit */
	int inodes;                         /* at most this many inodes */
	int clones;                         /* at most this many clones beside d0 */
	int files;                          /* at most this many opens and creates in all */
	enum sw_flag close_wait, no_open, writeback_cache;
	unsigned kinds; /* SW_KIND_BIT()s of the ops used */
};

/* An op kind's name as --kinds spells it ("open", ...); NULL out of range. */
const char *fo_sw_kind_name(int k);

/* The presets: "small", "medium", "large"; -EINVAL for another name. */
int fo_sw_scope_preset(const char *name, struct sw_scope *out);

/* Whether the scope is usable; -EINVAL with a message saying what is wrong. */
int fo_sw_scope_check(const struct sw_scope *sc, char *err, size_t errlen);

/* The scope as "--app 1 --daemons 1-2 ..." options, for a report. */
void fo_sw_scope_format(const struct sw_scope *sc, char *buf, size_t len);

/*
 * Call @fn on every canonical, well-formed scenario of the scope, in one
 * fixed order, with its index in that order; stop early when @fn returns
 * non-zero and return that. Well-formed: every file is replied to exactly
 * once by a daemon thread, io and release follow their open in the opening
 * thread and release comes last, a wait has its signal in another thread,
 * a kill aims at an app thread.
 */
int fo_sw_enumerate(const struct sw_scope *sc,
		    int (*fn)(void *priv, const struct sw_scn *s, uint64_t index), void *priv);

/* ---- random scenarios ---- */

/* Knobs a random scenario may set, and how big it may get. */
struct sw_random_opts {
	int threads_min, threads_max; /* 2..4 */
	int ops_max;                  /* ops over all threads */
	bool sets;                    /* may have `set` lines */
};

/*
 * A random well-formed scenario from @seed (the same seed, the same
 * scenario), over the whole language: opens, creates, io and release in the
 * opening thread or another, fiemap, kills, signal/wait, replies, notifies
 * and writes on any device, every conn flag, `set` lines.
 */
void fo_sw_random(uint64_t seed, const struct sw_random_opts *o, struct sw_scn *out);

#endif /* FUSEORD_SWEEP_GEN_H */

/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - the checked syntax tree of a scenario file, as the explorer
 * and the command read it.
 *
 * Everything here has been resolved: an op names its inode, file, device,
 * thread and sync object by index into the arrays of struct scenario, never
 * by text, and every index is valid. The public handle (fo_scenario) wraps
 * this tree; scenario_of() unwraps it.
 *
 * Ownership: the tree owns every string and array in it; fo_scenario_free()
 * releases them all.
 */
#ifndef FUSEORD_SCENARIO_SCENARIO_H
#define FUSEORD_SCENARIO_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuseord/scenario.h"

/*
 * Every symbol the library exports starts with fo_ (a static link must not
 * meet a second scenario_release); these keep the short names in source.
 */
#define scenario_op_name fo_sc_op_name
#define scenario_variant_known fo_sc_variant_known
#define scenario_variants_format fo_sc_variants_format
#define scenario_knob_check fo_sc_knob_check
#define scenario_define_find fo_sc_define_find
#define scenario_parse fo_sc_parse
#define scenario_variant_suggest fo_sc_variant_suggest
#define scenario_release fo_sc_release
#define scenario_malloc fo_sc_malloc
#define scenario_realloc fo_sc_realloc
#define scenario_fail_alloc_after fo_sc_fail_alloc_after

/*
 * Limits, so that a hostile or broken file costs bounded memory and a
 * bounded exploration. The thread, device and inode limits follow the model
 * (FUSE_MAX_DEVS, FUSE_MAX_INODES in model/fuse_i.h) and the explorer's
 * bitmask of actors; the public header repeats them for scenario authors.
 */
#define SC_MAX_TEXT (1u << 20) /* bytes of scenario text */
#define SC_MAX_LINE 4096       /* bytes per line, newline excluded */
#define SC_MAX_THREADS 15        /* the worker is the explorer's 16th model thread */
#define SC_MAX_DEVS 64
#define SC_MAX_INODES 256
#define SC_MAX_OPS 1024         /* operations over all threads */
#define SC_MAX_NAME 31          /* bytes in a dev, thread, file, sync or variant name */
#define SC_MAX_WRITE_COUNT 1000 /* N of `write DEV xN` */

/* Where a token starts: 1-based line, and column in UTF-8 characters. */
struct scenario_pos {
	int line;
	int col;
};

enum scenario_op_kind {
	/* client (application) ops */
	SC_OP_OPEN,    /* open INO as F: fuse_open() .. fuse_finish_open() */
	SC_OP_CREATE,  /* create INO as F: fuse_create_open() */
	SC_OP_IO,      /* io F */
	SC_OP_RELEASE, /* release F */
	SC_OP_FIEMAP,  /* fiemap INO */
	/* daemon ops */
	SC_OP_REPLY,  /* reply F on DEV */
	SC_OP_NOTIFY, /* notify INO on DEV: FUSE_NOTIFY_INVAL_FILES */
	SC_OP_WRITE,  /* write DEV xN */
	SC_OP_READ,   /* read F on DEV: the daemon reads F's request on DEV */
	/* ops any thread may do */
	SC_OP_KILL,   /* kill T */
	SC_OP_SIGNAL, /* signal NAME */
	SC_OP_WAIT,   /* wait NAME */
};

enum scenario_thread_kind {
	SC_THREAD_NEUTRAL, /* only kill, signal, wait */
	SC_THREAD_APP,     /* client ops (and maybe neutral ones) */
	SC_THREAD_DAEMON,  /* daemon ops (and maybe neutral ones) */
};

/*
 * One operation. Operands an op does not take are -1 (indices) or 0; the
 * table in scenario_op_kind says which it takes.
 */
struct scenario_op {
	enum scenario_op_kind kind;
	int inode;               /* open, create, fiemap, notify: index into sc->inodes */
	uint64_t nodeid;         /* ... and that inode's nodeid */
	int file;                /* open, create (declares it), io, release, reply, read: sc->files */
	int dev;                 /* reply, read, notify, write: device number = index into sc->devs */
	int thread;              /* kill: index into sc->threads */
	int sync;                /* signal, wait: index into sc->syncs */
	unsigned count;          /* write: N of xN (1 if not given); 1 for every other op */
	int error;               /* reply: `error NAME`, a negative errno; 0 for a plain reply */
	bool trunc;              /* open: `trunc` (O_TRUNC) */
	struct scenario_pos pos; /* the op's keyword */
};

struct scenario_thread {
	char *name;
	enum scenario_thread_kind kind;
	struct scenario_op *ops; /* program order */
	int nops;
	struct scenario_pos pos; /* the thread's name on its `thread` line */
};

/* A file is declared by the one open/create that names it. */
struct scenario_file {
	char *name;
	int thread; /* the declaring op: sc->threads[thread].ops[op] */
	int op;
	int inode; /* index into sc->inodes */
	uint64_t nodeid;
	struct scenario_pos pos; /* the name after `as` */
};

struct scenario_inode {
	uint64_t nodeid;
	struct scenario_pos pos;
};

struct scenario_dev {
	char *name;    /* the device number is the index */
	bool implicit; /* the d0 a file without `dev` lines gets */
	struct scenario_pos pos;
};

/* A name used by `signal` and `wait`: a one-shot event, any thread to any. */
struct scenario_sync {
	char *name;
	int nsignals; /* `signal NAME` ops; > 0 whenever nwaits > 0 */
	int nwaits;
};

/* One `set KNOB=VALUE`, validated against the model's knob table. */
struct scenario_knob {
	char *name;
	char *value;
	struct scenario_pos pos;
};

/* `define NAME = BASE KNOB=VALUE...`: a named variant. */
struct scenario_define {
	char *name;
	char *base;                  /* a variant of the model, or an earlier define */
	struct scenario_knob *knobs; /* applied over the base's, in order */
	int nknobs, knobs_cap;
	struct scenario_pos pos;
};

struct scenario_expect {
	char *variant;    /* NULL: a bare `expect:`, for sc->variant */
	bool ok;          /* `ok`: no oracle violated; then oracles == 0 */
	unsigned oracles; /* enum fo_oracle bits */
	struct scenario_pos pos;
};

/* Bits of scenario_conn.given: which flags the file set. */
enum {
	SC_CONN_CLOSE_WAIT = 1u << 0,
	SC_CONN_NO_OPEN = 1u << 1,
	SC_CONN_WRITEBACK_CACHE = 1u << 2,
};

/* fuse_conn flags; a flag not given is false, as fo_model_opts has it. */
struct scenario_conn {
	bool close_wait;
	bool no_open;
	bool writeback_cache;
	unsigned given; /* SC_CONN_* */
};

struct scenario {
	char *filename; /* as given to the parser, for messages */
	char *title;    /* NULL without a `scenario` line */
	char *variant;  /* NULL without a `variant` line */
	uint64_t hash;  /* FNV-1a 64 of the text */

	struct scenario_knob *knobs; /* in file order; each knob at most once */
	int nknobs;
	struct scenario_define *defines; /* in file order; each base defined before */
	int ndefines;
	bool defines_only;               /* a --variants file: define lines and nothing else */
	struct scenario_conn conn;

	struct scenario_dev *devs;
	int ndevs;
	struct scenario_inode *inodes;
	int ninodes;
	struct scenario_file *files;
	int nfiles;
	struct scenario_thread *threads;
	int nthreads;
	struct scenario_sync *syncs;
	int nsyncs;
	struct scenario_expect *expects; /* at most one per variant */
	int nexpects;
	int nops; /* over all threads */
};

struct fo_scenario {
	struct scenario sc;
};

static inline const struct scenario *scenario_of(const fo_scenario *s)
{
	return &s->sc;
}

/*
 * The functions, by file, lowest first: tree.c (the allocator, freeing, a
 * define's lookup) uses none of the others; lexer.c uses tree.c; knobs.c
 * (knob and variant names) the model's tables; parser.c all three;
 * scenario.c (loading a file) the parser.
 */

/* The op's name as a scenario spells it ("open", "notify", ...); NULL if none (parser.c). */
const char *scenario_op_name(enum scenario_op_kind kind);

/*
 * Whether a scenario may name @name as a variant: the model's variants plus
 * the ones the language accepts before the model implements them.
 */
bool scenario_variant_known(const char *name);

/* Those variant names as "pre, v2, fixed", for messages; cut to fit @len. */
void scenario_variants_format(char *buf, size_t len);

/*
 * Whether @knob=@value is a knob setting the model takes: 0, or -EINVAL
 * with a message in @err saying which is wrong, what it takes and the
 * closest name (knobs.c); the same words for a file and for --set.
 */
int scenario_knob_check(const char *knob, const char *value, char *err, size_t errlen);

/* fo_scenario_parse(); with @defines_only, a file of define lines only (fo_variants_load()). */
int scenario_parse(const char *text, size_t len, const char *filename, fo_scenario **out,
		   char *err, size_t errlen, bool defines_only);

/* "; did you mean 'v2'?" for a variant name close to @name (model's, or defined in @a or @b); else "". */
void scenario_variant_suggest(const struct scenario *a, const struct scenario *b,
			      const char *name, char *buf, size_t len);

/* The define of @name in @sc; NULL if it has none (or @sc is NULL). */
const struct scenario_define *scenario_define_find(const struct scenario *sc, const char *name);

/* Free everything @sc owns, not @sc itself. */
void scenario_release(struct scenario *sc);

/*
 * Every allocation of the scenario code goes through these two (calloc is
 * malloc + memset), so a test can make the Nth one fail and walk each
 * -ENOMEM path, as SQLite's fault injection does.
 */
void *scenario_malloc(size_t size);
void *scenario_realloc(void *p, size_t size);

/*
 * Test hook: the @n-th allocation from now, in this thread, fails, and every
 * one after it succeeds again; 0 turns it off.
 */
void scenario_fail_alloc_after(int n);

#endif /* FUSEORD_SCENARIO_SCENARIO_H */

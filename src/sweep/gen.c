/* SPDX-License-Identifier: MIT */
/*
 * gen.c - scenarios made by program (see gen.h): text, canonical form,
 * enumeration of a scope, random scenarios.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/variant.h"
#include "scenario/scenario.h"
#include "sweep/gen.h"

_Static_assert(SW_OPEN == (int)SC_OP_OPEN && SW_WAIT == (int)SC_OP_WAIT &&
		       SW_REPLY == (int)SC_OP_REPLY && SW_READ == (int)SC_OP_READ &&
		       SW_KILL == (int)SC_OP_KILL,
	       "sw_kind follows scenario_op_kind");

static const char *const role_names[] = { "app", "daemon", "other" };

enum sw_role fo_sw_role(const struct sw_thread *t)
{
	bool daemon = false;

	for (int i = 0; i < t->nops; i++) {
		int k = t->ops[i].kind;

		if (k == SW_OPEN || k == SW_CREATE)
			return SW_ROLE_APP;
		if (k == SW_REPLY || k == SW_READ || k == SW_NOTIFY || k == SW_WRITE)
			daemon = true;
	}
	return daemon ? SW_ROLE_DAEMON : SW_ROLE_OTHER;
}

void fo_sw_thread_name(const struct sw_scn *s, int t, char *buf, size_t len)
{
	enum sw_role r = fo_sw_role(&s->th[t]);
	int nth = 1;

	for (int i = 0; i < t; i++)
		if (fo_sw_role(&s->th[i]) == r)
			nth++;
	if (nth == 1)
		snprintf(buf, len, "%s", role_names[r]);
	else
		snprintf(buf, len, "%s%d", role_names[r], nth);
}

int fo_sw_nops(const struct sw_scn *s)
{
	int n = 0;

	for (int t = 0; t < s->nthreads; t++)
		n += s->th[t].nops;
	return n;
}

/* ---- text ---- */

struct sbuf {
	char *p;
	size_t len, used;
	bool over;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->over)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->len - b->used) {
		b->over = true;
		b->p[b->used] = '\0';
		return;
	}
	b->used += (size_t)n;
}

static void op_format(const struct sw_scn *s, const struct sw_op *op, struct sbuf *b)
{
	char name[16];

	switch (op->kind) {
	case SW_OPEN:
	case SW_CREATE:
		sb_printf(b, "%s %d as f%d", op->kind == SW_OPEN ? "open" : "create", 7 + op->a,
			  op->b + 1);
		break;
	case SW_IO:
		sb_printf(b, "io f%d", op->a + 1);
		break;
	case SW_RELEASE:
		sb_printf(b, "release f%d", op->a + 1);
		break;
	case SW_FIEMAP:
		sb_printf(b, "fiemap %d", 7 + op->a);
		break;
	case SW_REPLY:
		sb_printf(b, "reply f%d on d%d", op->a + 1, op->b);
		break;
	case SW_READ:
		sb_printf(b, "read f%d on d%d", op->a + 1, op->b);
		break;
	case SW_NOTIFY:
		sb_printf(b, "notify %d on d%d", 7 + op->a, op->b);
		break;
	case SW_WRITE:
		if (op->n > 1)
			sb_printf(b, "write d%d x%d", op->a, op->n);
		else
			sb_printf(b, "write d%d", op->a);
		break;
	case SW_KILL:
		fo_sw_thread_name(s, op->a, name, sizeof(name));
		sb_printf(b, "kill %s", name);
		break;
	case SW_SIGNAL:
	case SW_WAIT:
		sb_printf(b, "%s s%d", op->kind == SW_SIGNAL ? "signal" : "wait", op->a + 1);
		break;
	}
}

/* The highest inode and device the ops use (-1 and 0 when none). */
static void scn_extent(const struct sw_scn *s, int *ninodes, int *ndevs)
{
	int mi = -1, md = 0;

	for (int t = 0; t < s->nthreads; t++)
		for (int i = 0; i < s->th[t].nops; i++) {
			const struct sw_op *op = &s->th[t].ops[i];

			switch (op->kind) {
			case SW_OPEN:
			case SW_CREATE:
			case SW_FIEMAP:
				mi = op->a > mi ? op->a : mi;
				break;
			case SW_NOTIFY:
				mi = op->a > mi ? op->a : mi;
				md = op->b > md ? op->b : md;
				break;
			case SW_REPLY:
			case SW_READ:
				md = op->b > md ? op->b : md;
				break;
			case SW_WRITE:
				md = op->a > md ? op->a : md;
				break;
			default:
				break;
			}
		}
	*ninodes = mi + 1;
	*ndevs = md + 1;
}

int fo_sw_format(const struct sw_scn *s, const char *tail, char *buf, size_t len)
{
	struct sbuf b = { .p = buf, .len = len };
	int ninodes, ndevs;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	scn_extent(s, &ninodes, &ndevs);
	sb_printf(&b, "conn close_wait=%d no_open=%d writeback_cache=%d\n", s->close_wait,
		  s->no_open, s->writeback_cache);
	for (int i = 0; i < s->nsets; i++)
		sb_printf(&b, "set %s=%s\n", fo_knob_name(s->sets[i].knob), s->sets[i].value);
	for (int d = 0; d < ndevs; d++)
		sb_printf(&b, "dev d%d\n", d);
	for (int i = 0; i < ninodes; i++)
		sb_printf(&b, "inode %d\n", 7 + i);
	sb_printf(&b, "\n");
	for (int t = 0; t < s->nthreads; t++) {
		char name[16];

		fo_sw_thread_name(s, t, name, sizeof(name));
		sb_printf(&b, "thread %s:", name);
		for (int i = 0; i < s->th[t].nops; i++) {
			sb_printf(&b, i ? " ; " : " ");
			op_format(s, &s->th[t].ops[i], &b);
		}
		sb_printf(&b, "\n");
	}
	if (tail)
		sb_printf(&b, "%s", tail);
	return b.over ? -ENOSPC : (int)b.used;
}

void fo_sw_key(const struct sw_scn *s, char *buf, size_t len)
{
	struct sbuf b = { .p = buf, .len = len };

	if (!len)
		return;
	buf[0] = '\0';
	sb_printf(&b, "close_wait=%d no_open=%d writeback_cache=%d", s->close_wait, s->no_open,
		  s->writeback_cache);
	for (int i = 0; i < s->nsets; i++)
		sb_printf(&b, "%s%s=%s", i ? " " : " | set ", fo_knob_name(s->sets[i].knob),
			  s->sets[i].value);
	for (int t = 0; t < s->nthreads; t++) {
		char name[16];

		fo_sw_thread_name(s, t, name, sizeof(name));
		sb_printf(&b, " | %s:", name);
		for (int i = 0; i < s->th[t].nops; i++) {
			sb_printf(&b, i ? ", " : " ");
			op_format(s, &s->th[t].ops[i], &b);
		}
	}
}

int fo_sw_parse(const struct sw_scn *s, const char *tail, fo_scenario **out, char *err,
		size_t errlen)
{
	char text[SW_TEXT_LEN];
	int n = fo_sw_format(s, tail, text, sizeof(text));

	if (n < 0) {
		if (err && errlen)
			snprintf(err, errlen, "generated scenario too long");
		*out = NULL;
		return n;
	}
	return fo_scenario_parse(text, (size_t)n, "generated.fos", out, err, errlen);
}

/* ---- canonical form ---- */

/*
 * @s with its threads in the order @perm (perm[new] = old), renamed by
 * first use: files by their declaring op, then inodes, clones and sync
 * names in thread and program order; set lines sorted by knob.
 */
static void relabel(const struct sw_scn *s, const int *perm, struct sw_scn *out)
{
	int inv[SW_MAX_THREADS], file_map[SW_MAX_FILES], ino_map[SW_MAX_INODES + 8];
	int dev_map[SW_MAX_DEVS + 8], sync_map[SW_MAX_SYNCS + 8];
	int nfile = 0, nino = 0, ndev = 1, nsync = 0;
	struct sw_scn r = *s;

	for (int t = 0; t < s->nthreads; t++) {
		r.th[t] = s->th[perm[t]];
		inv[perm[t]] = t;
	}
	for (size_t i = 0; i < sizeof(file_map) / sizeof(file_map[0]); i++)
		file_map[i] = -1;
	for (size_t i = 0; i < sizeof(ino_map) / sizeof(ino_map[0]); i++)
		ino_map[i] = -1;
	for (size_t i = 0; i < sizeof(dev_map) / sizeof(dev_map[0]); i++)
		dev_map[i] = -1;
	for (size_t i = 0; i < sizeof(sync_map) / sizeof(sync_map[0]); i++)
		sync_map[i] = -1;
	dev_map[0] = 0; /* the mount's fd is not a clone: it keeps its name */
	for (int t = 0; t < r.nthreads; t++)
		for (int i = 0; i < r.th[t].nops; i++) {
			struct sw_op *op = &r.th[t].ops[i];

			if (op->kind == SW_OPEN || op->kind == SW_CREATE)
				file_map[op->b] = nfile++;
		}
#define MAP(m, n, x) ((m)[x] < 0 ? ((m)[x] = (n)++) : (m)[x])
	for (int t = 0; t < r.nthreads; t++)
		for (int i = 0; i < r.th[t].nops; i++) {
			struct sw_op *op = &r.th[t].ops[i];

			switch (op->kind) {
			case SW_OPEN:
			case SW_CREATE:
				op->a = (int8_t)MAP(ino_map, nino, op->a);
				op->b = (int8_t)file_map[op->b];
				break;
			case SW_FIEMAP:
				op->a = (int8_t)MAP(ino_map, nino, op->a);
				break;
			case SW_IO:
			case SW_RELEASE:
				op->a = (int8_t)file_map[op->a];
				break;
			case SW_REPLY:
			case SW_READ:
				op->a = (int8_t)file_map[op->a];
				op->b = (int8_t)MAP(dev_map, ndev, op->b);
				break;
			case SW_NOTIFY:
				op->a = (int8_t)MAP(ino_map, nino, op->a);
				op->b = (int8_t)MAP(dev_map, ndev, op->b);
				break;
			case SW_WRITE:
				op->a = (int8_t)MAP(dev_map, ndev, op->a);
				break;
			case SW_KILL:
				op->a = (int8_t)inv[op->a];
				break;
			case SW_SIGNAL:
			case SW_WAIT:
				op->a = (int8_t)MAP(sync_map, nsync, op->a);
				break;
			}
		}
#undef MAP
	for (int i = 1; i < r.nsets; i++)
		for (int j = i; j > 0 && r.sets[j - 1].knob > r.sets[j].knob; j--) {
			struct sw_set x = r.sets[j];

			r.sets[j] = r.sets[j - 1];
			r.sets[j - 1] = x;
		}
	*out = r;
}

struct canon_st {
	const struct sw_scn *s;
	int perm[SW_MAX_THREADS];
	bool used[SW_MAX_THREADS];
	enum sw_role role[SW_MAX_THREADS];
	enum sw_role slot[SW_MAX_THREADS];
	struct sw_scn best;
	char best_key[SW_KEY_LEN];
	bool have;
};

static void canon_perm(struct canon_st *st, int pos)
{
	const struct sw_scn *s = st->s;

	if (pos == s->nthreads) {
		struct sw_scn r;
		char key[SW_KEY_LEN];

		relabel(s, st->perm, &r);
		fo_sw_key(&r, key, sizeof(key));
		if (!st->have || strcmp(key, st->best_key) < 0) {
			st->best = r;
			memcpy(st->best_key, key, sizeof(key));
			st->have = true;
		}
		return;
	}
	for (int t = 0; t < s->nthreads; t++) {
		if (st->used[t] || st->role[t] != st->slot[pos])
			continue;
		st->used[t] = true;
		st->perm[pos] = t;
		canon_perm(st, pos + 1);
		st->used[t] = false;
	}
}

void fo_sw_canon(const struct sw_scn *s, struct sw_scn *out)
{
	struct canon_st *st = calloc(1, sizeof(*st));
	int n = 0;

	if (!st) { /* no memory: the scenario is its own form, still valid */
		if (out != s)
			*out = *s;
		return;
	}
	st->s = s;
	for (int t = 0; t < s->nthreads; t++)
		st->role[t] = fo_sw_role(&s->th[t]);
	for (int r = SW_ROLE_APP; r <= SW_ROLE_OTHER; r++)
		for (int t = 0; t < s->nthreads; t++)
			if (st->role[t] == (enum sw_role)r)
				st->slot[n++] = (enum sw_role)r;
	canon_perm(st, 0);
	*out = st->best;
	free(st);
}

bool fo_sw_is_canonical(const struct sw_scn *s)
{
	struct sw_scn c;
	char a[SW_KEY_LEN], b[SW_KEY_LEN];

	fo_sw_canon(s, &c);
	fo_sw_key(s, a, sizeof(a));
	fo_sw_key(&c, b, sizeof(b));
	return !strcmp(a, b);
}

/* ---- from a parsed scenario ---- */

static int set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

int fo_sw_from_scenario(const fo_scenario *fsc, struct sw_scn *out, char *err, size_t errlen)
{
	const struct scenario *sc = scenario_of(fsc);
	int file_no[SC_MAX_OPS];
	int nfile = 0;

	memset(out, 0, sizeof(*out));
	if (sc->nthreads > SW_MAX_THREADS)
		return set_err(err, errlen, "%d threads: the canonical form holds at most %d",
			       sc->nthreads, SW_MAX_THREADS);
	if (sc->ninodes > SW_MAX_INODES || sc->ndevs > SW_MAX_DEVS || sc->nfiles > SW_MAX_FILES ||
	    sc->nsyncs > SW_MAX_SYNCS || sc->nknobs > SW_MAX_SETS)
		return set_err(err, errlen,
			       "too big for the canonical form (at most %d inodes, %d devices, "
			       "%d files, %d signal names, %d set knobs)",
			       SW_MAX_INODES, SW_MAX_DEVS, SW_MAX_FILES, SW_MAX_SYNCS, SW_MAX_SETS);
	out->close_wait = sc->conn.close_wait;
	out->no_open = sc->conn.no_open;
	out->writeback_cache = sc->conn.writeback_cache;
	for (int i = 0; i < sc->nknobs; i++) {
		int k;

		for (k = 0; k < fo_knob_count(); k++)
			if (!strcmp(fo_knob_name(k), sc->knobs[i].name))
				break;
		if (k == fo_knob_count() ||
		    strlen(sc->knobs[i].value) >= sizeof(out->sets[0].value))
			return set_err(err, errlen, "set %s: not a knob of the model",
				       sc->knobs[i].name);
		out->sets[out->nsets].knob = k;
		snprintf(out->sets[out->nsets++].value, sizeof(out->sets[0].value), "%s",
			 sc->knobs[i].value);
	}
	/* files numbered by their declaring op in thread and program order */
	for (int i = 0; i < sc->nfiles; i++)
		file_no[i] = -1;
	for (int t = 0; t < sc->nthreads; t++)
		for (int i = 0; i < sc->threads[t].nops; i++) {
			const struct scenario_op *op = &sc->threads[t].ops[i];

			if (op->kind == SC_OP_OPEN || op->kind == SC_OP_CREATE)
				file_no[op->file] = nfile++;
		}
	out->nthreads = sc->nthreads;
	for (int t = 0; t < sc->nthreads; t++) {
		const struct scenario_thread *th = &sc->threads[t];

		if (th->nops > SW_MAX_OPS)
			return set_err(err, errlen,
				       "thread %s has %d ops: the canonical form holds at most %d",
				       th->name, th->nops, SW_MAX_OPS);
		out->th[t].nops = th->nops;
		for (int i = 0; i < th->nops; i++) {
			const struct scenario_op *op = &th->ops[i];
			struct sw_op *o = &out->th[t].ops[i];

			if ((op->kind == SC_OP_REPLY && op->error) || op->trunc)
				return set_err(err, errlen,
					       "thread %s: error replies and 'trunc' are outside the "
					       "sweep's language", th->name);
			o->kind = (uint8_t)op->kind;
			o->n = 1;
			switch (op->kind) {
			case SC_OP_OPEN:
			case SC_OP_CREATE:
				o->a = (int8_t)op->inode;
				o->b = (int8_t)file_no[op->file];
				break;
			case SC_OP_FIEMAP:
				o->a = (int8_t)op->inode;
				break;
			case SC_OP_IO:
			case SC_OP_RELEASE:
				o->a = (int8_t)file_no[op->file];
				break;
			case SC_OP_REPLY:
			case SC_OP_READ:
				o->a = (int8_t)file_no[op->file];
				o->b = (int8_t)op->dev;
				break;
			case SC_OP_NOTIFY:
				o->a = (int8_t)op->inode;
				o->b = (int8_t)op->dev;
				break;
			case SC_OP_WRITE:
				if (op->count > 255)
					return set_err(err, errlen, "write x%u: at most x255 here",
						       op->count);
				o->a = (int8_t)op->dev;
				o->n = (uint8_t)op->count;
				break;
			case SC_OP_KILL:
				o->a = (int8_t)op->thread;
				break;
			case SC_OP_SIGNAL:
			case SC_OP_WAIT:
				o->a = (int8_t)op->sync;
				break;
			}
		}
	}
	return 0;
}

/* ---- scopes ---- */

int fo_sw_scope_preset(const char *name, struct sw_scope *out)
{
	/*
	 * small: one app thread, one or two daemon threads, at most one other
	 * thread, 3 threads and 3 ops in all, one inode, one clone, close_wait
	 * and no_open both ways. Every oracle the shipped scenarios show under
	 * pre and v2 has a witness there (seq-race needs 3 threads).
	 */
	struct sw_scope s = {
		.app_min = 1,
		.app_max = 1,
		.daemon_min = 1,
		.daemon_max = 2,
		.other_min = 0,
		.other_max = 1,
		.threads_max = 3,
		.app_ops = 3,
		.daemon_ops = 2,
		.other_ops = 1,
		.ops_total = 3,
		.inodes = 1,
		.clones = 1,
		.files = 1,
		.close_wait = SW_FLAG_BOTH,
		.no_open = SW_FLAG_BOTH,
		.writeback_cache = SW_FLAG_OFF,
		.kinds = SW_KINDS_ENUM & ~(SW_KIND_BIT(SW_SIGNAL) | SW_KIND_BIT(SW_WAIT)),
	};

	if (!name)
		return -EINVAL;
	if (!strcmp(name, "small")) {
		*out = s;
		return 0;
	}
	if (!strcmp(name, "medium")) { /* the same with 4 ops in all */
		s.ops_total = 4;
		*out = s;
		return 0;
	}
	if (!strcmp(name, "large")) { /* for a distributed run */
		s.threads_max = 4;
		s.app_max = 2;
		s.daemon_ops = 3;
		s.ops_total = 6;
		s.inodes = 2;
		s.clones = 2;
		s.files = 2;
		s.writeback_cache = SW_FLAG_BOTH;
		s.kinds = SW_KINDS_ENUM;
		*out = s;
		return 0;
	}
	return -EINVAL;
}

int fo_sw_scope_check(const struct sw_scope *s, char *err, size_t errlen)
{
	if (s->app_min < 0 || s->app_min > s->app_max || s->app_max > SW_MAX_THREADS)
		return set_err(err, errlen, "--apps %d-%d: want 0 <= MIN <= MAX <= %d", s->app_min,
			       s->app_max, SW_MAX_THREADS);
	if (s->daemon_min < 0 || s->daemon_min > s->daemon_max || s->daemon_max > SW_MAX_THREADS)
		return set_err(err, errlen, "--daemons %d-%d: want 0 <= MIN <= MAX <= %d",
			       s->daemon_min, s->daemon_max, SW_MAX_THREADS);
	if (s->other_min < 0 || s->other_min > s->other_max || s->other_max > SW_MAX_THREADS)
		return set_err(err, errlen, "--others %d-%d: want 0 <= MIN <= MAX <= %d",
			       s->other_min, s->other_max, SW_MAX_THREADS);
	if (s->threads_max < 1 || s->threads_max > SW_MAX_THREADS)
		return set_err(err, errlen, "--threads %d: want 1..%d", s->threads_max,
			       SW_MAX_THREADS);
	if (s->app_min + s->daemon_min + s->other_min > s->threads_max)
		return set_err(err, errlen,
			       "--threads %d: fewer than --apps, --daemons and --others need (%d)",
			       s->threads_max, s->app_min + s->daemon_min + s->other_min);
	if (s->app_ops < 1 || s->app_ops > SW_MAX_OPS || s->daemon_ops < 1 ||
	    s->daemon_ops > SW_MAX_OPS || s->other_ops < 1 || s->other_ops > SW_MAX_OPS)
		return set_err(err, errlen, "--ops: want 1..%d ops per thread", SW_MAX_OPS);
	if (s->ops_total < 0 || s->ops_total > SW_MAX_THREADS * SW_MAX_OPS)
		return set_err(err, errlen, "--ops %d: want 0 (no limit) .. %d", s->ops_total,
			       SW_MAX_THREADS * SW_MAX_OPS);
	if (s->inodes < 1 || s->inodes > SW_MAX_INODES)
		return set_err(err, errlen, "--inodes %d: want 1..%d", s->inodes, SW_MAX_INODES);
	if (s->clones < 0 || s->clones > SW_MAX_DEVS - 1)
		return set_err(err, errlen, "--clones %d: want 0..%d", s->clones, SW_MAX_DEVS - 1);
	if (s->files < 1 || s->files > SW_MAX_FILES)
		return set_err(err, errlen, "--files %d: want 1..%d", s->files, SW_MAX_FILES);
	if (!(s->kinds & (SW_KIND_BIT(SW_OPEN) | SW_KIND_BIT(SW_CREATE))))
		return set_err(err, errlen, "--ops-kinds: needs open or create");
	if (s->kinds & SW_KIND_BIT(SW_READ))
		return set_err(err, errlen,
			       "--kinds: read is not enumerated (a reply reads on its own fud "
			       "first); the random generator makes it");
	if (!(s->kinds & SW_KIND_BIT(SW_REPLY)))
		return set_err(err, errlen, "--ops-kinds: needs reply (every open is answered)");
	if (s->app_max < 1)
		return set_err(err, errlen, "--apps: at least one app thread is needed");
	if (s->daemon_max < 1)
		return set_err(err, errlen, "--daemons: at least one daemon thread is needed");
	return 0;
}

static void range_format(struct sbuf *b, const char *opt, int lo, int hi)
{
	if (lo == hi)
		sb_printf(b, " %s %d", opt, lo);
	else
		sb_printf(b, " %s %d-%d", opt, lo, hi);
}

static const char *flag_text(enum sw_flag f)
{
	return f == SW_FLAG_OFF ? "0" : f == SW_FLAG_ON ? "1" : "0,1";
}

static const char *const kind_names[SW_NKINDS] = { "open",   "create", "io",     "release",
						   "fiemap", "reply",  "notify", "write",
						   "read",   "kill",   "signal", "wait" };

void fo_sw_scope_format(const struct sw_scope *s, char *buf, size_t len)
{
	struct sbuf b = { .p = buf, .len = len };
	bool first = true;

	if (!len)
		return;
	buf[0] = '\0';
	range_format(&b, "--apps", s->app_min, s->app_max);
	range_format(&b, "--daemons", s->daemon_min, s->daemon_max);
	range_format(&b, "--others", s->other_min, s->other_max);
	sb_printf(&b, " --threads %d --app-ops %d --daemon-ops %d --other-ops %d", s->threads_max,
		  s->app_ops, s->daemon_ops, s->other_ops);
	sb_printf(&b, " --ops %d", s->ops_total);
	sb_printf(&b, " --inodes %d --clones %d --files %d", s->inodes, s->clones, s->files);
	sb_printf(&b, " --close-wait %s --no-open %s --writeback-cache %s",
		  flag_text(s->close_wait), flag_text(s->no_open), flag_text(s->writeback_cache));
	sb_printf(&b, " --kinds ");
	for (int k = 0; k < SW_NKINDS; k++)
		if (s->kinds & SW_KIND_BIT(k)) {
			sb_printf(&b, "%s%s", first ? "" : ",", kind_names[k]);
			first = false;
		}
	/* the leading blank goes */
	if (buf[0] == ' ')
		memmove(buf, buf + 1, strlen(buf));
}

const char *fo_sw_kind_name(int k)
{
	return k >= 0 && k < SW_NKINDS ? kind_names[k] : NULL;
}

/* ---- enumeration ---- */

struct enum_st {
	const struct sw_scope *sc;
	struct sw_scn s;
	int napp, ndaemon;
	int nfiles;
	int max_ino, max_dev; /* highest label used so far */
	unsigned replied;     /* files answered */
	int signal_thread, wait_thread;
	/* per app thread: files opened here and not yet released */
	unsigned open_here;
	unsigned io_done; /* files that had their io */
	int nops;         /* over the threads so far */
	int (*fn)(void *, const struct sw_scn *, uint64_t);
	void *priv;
	uint64_t index;
};

static bool kind_ok(const struct enum_st *st, int k)
{
	return (st->sc->kinds & SW_KIND_BIT(k)) != 0;
}

static int gen_thread(struct enum_st *st, int t);

static int finish(struct enum_st *st)
{
	const struct sw_scn *s = &st->s;

	if (st->replied != (1u << st->nfiles) - 1)
		return 0;
	if ((st->signal_thread >= 0) != (st->wait_thread >= 0))
		return 0;
	for (int t = 0; t < s->nthreads; t++) {
		enum sw_role want = t < st->napp               ? SW_ROLE_APP :
				    t < st->napp + st->ndaemon ? SW_ROLE_DAEMON :
								 SW_ROLE_OTHER;
		if (fo_sw_role(&s->th[t]) != want)
			return 0;
	}
	if (!fo_sw_is_canonical(s))
		return 0;
	return st->fn(st->priv, s, st->index++);
}

/* Push @op on thread @t, recurse at @pos + 1, pop. */
static int gen_ops(struct enum_st *st, int t, int pos);

static int try_op(struct enum_st *st, int t, int pos, struct sw_op op)
{
	struct enum_st save = *st;
	int ret;

	st->s.th[t].ops[pos] = op;
	st->s.th[t].nops = pos + 1;
	st->nops++;
	switch (op.kind) {
	case SW_OPEN:
	case SW_CREATE:
		st->nfiles++;
		st->open_here |= 1u << op.b;
		if (op.a > st->max_ino)
			st->max_ino = op.a;
		break;
	case SW_FIEMAP:
	case SW_NOTIFY:
		if (op.a > st->max_ino)
			st->max_ino = op.a;
		if (op.kind == SW_NOTIFY && op.b > st->max_dev)
			st->max_dev = op.b;
		break;
	case SW_RELEASE:
		st->open_here &= ~(1u << op.a);
		break;
	case SW_IO:
		st->io_done |= 1u << op.a;
		break;
	case SW_REPLY:
		st->replied |= 1u << op.a;
		if (op.b > st->max_dev)
			st->max_dev = op.b;
		break;
	case SW_WRITE:
		if (op.a > st->max_dev)
			st->max_dev = op.a;
		break;
	case SW_SIGNAL:
		st->signal_thread = t;
		break;
	case SW_WAIT:
		st->wait_thread = t;
		break;
	default:
		break;
	}
	ret = gen_ops(st, t, pos + 1);
	save.index = st->index;
	*st = save;
	return ret;
}

#define TRY(...)                                                            \
	do {                                                                \
		int r_ = try_op(st, t, pos, (struct sw_op){ __VA_ARGS__ }); \
		if (r_)                                                     \
			return r_;                                          \
	} while (0)

static int gen_ops(struct enum_st *st, int t, int pos)
{
	const struct sw_scope *sc = st->sc;
	enum sw_role role = t < st->napp               ? SW_ROLE_APP :
			    t < st->napp + st->ndaemon ? SW_ROLE_DAEMON :
							 SW_ROLE_OTHER;
	int max = role == SW_ROLE_APP    ? sc->app_ops :
		  role == SW_ROLE_DAEMON ? sc->daemon_ops :
					   sc->other_ops;
	int ino_lim = st->max_ino + 1 < sc->inodes - 1 ? st->max_ino + 1 : sc->inodes - 1;
	int dev_lim = st->max_dev + 1 < sc->clones ? st->max_dev + 1 : sc->clones;
	int ret;

	if (pos > 0) {
		struct enum_st save = *st;

		st->open_here = 0;
		ret = gen_thread(st, t + 1);
		save.index = st->index;
		*st = save;
		if (ret)
			return ret;
	}
	if (pos == max || (sc->ops_total && st->nops >= sc->ops_total))
		return 0;
	if (role == SW_ROLE_APP) {
		for (int k = SW_OPEN; k <= SW_CREATE; k++)
			if (kind_ok(st, k) && st->nfiles < sc->files)
				for (int i = 0; i <= ino_lim; i++)
					TRY(.kind = (uint8_t)k, .a = (int8_t)i,
					    .b = (int8_t)st->nfiles, .n = 1);
		if (pos == 0) /* an app thread starts with its open */
			goto sync;
		for (int f = 0; f < st->nfiles; f++)
			if (st->open_here & (1u << f)) {
				if (kind_ok(st, SW_IO) && !(st->io_done & (1u << f)))
					TRY(.kind = SW_IO, .a = (int8_t)f, .n = 1);
				if (kind_ok(st, SW_RELEASE))
					TRY(.kind = SW_RELEASE, .a = (int8_t)f, .n = 1);
			}
	}
	if (role == SW_ROLE_DAEMON) {
		for (int f = 0; f < st->nfiles; f++)
			if (!(st->replied & (1u << f)))
				for (int d = 0; d <= dev_lim; d++)
					TRY(.kind = SW_REPLY, .a = (int8_t)f, .b = (int8_t)d,
					    .n = 1);
		if (kind_ok(st, SW_NOTIFY))
			for (int i = 0; i <= ino_lim; i++)
				for (int d = 0; d <= dev_lim; d++)
					TRY(.kind = SW_NOTIFY, .a = (int8_t)i, .b = (int8_t)d,
					    .n = 1);
		if (kind_ok(st, SW_WRITE))
			for (int d = 0; d <= dev_lim; d++)
				TRY(.kind = SW_WRITE, .a = (int8_t)d, .n = 1);
	}
	if (role != SW_ROLE_DAEMON && kind_ok(st, SW_FIEMAP))
		for (int i = 0; i <= ino_lim; i++)
			TRY(.kind = SW_FIEMAP, .a = (int8_t)i, .n = 1);
	if (role == SW_ROLE_OTHER && kind_ok(st, SW_KILL))
		for (int a = 0; a < st->napp; a++)
			TRY(.kind = SW_KILL, .a = (int8_t)a, .n = 1);
sync:
	/* one sync name, signalled in one thread and waited for in another */
	if (kind_ok(st, SW_SIGNAL) && kind_ok(st, SW_WAIT)) {
		if (st->signal_thread < 0 && st->wait_thread != t)
			TRY(.kind = SW_SIGNAL, .a = 0, .n = 1);
		if (st->wait_thread < 0 && st->signal_thread != t)
			TRY(.kind = SW_WAIT, .a = 0, .n = 1);
	}
	return 0;
}

#undef TRY

static int gen_thread(struct enum_st *st, int t)
{
	if (t == st->s.nthreads)
		return finish(st);
	st->s.th[t].nops = 0;
	return gen_ops(st, t, 0);
}

static int flag_values(enum sw_flag f, int *v)
{
	int n = 0;

	if (f & SW_FLAG_OFF)
		v[n++] = 0;
	if (f & SW_FLAG_ON)
		v[n++] = 1;
	return n;
}

int fo_sw_enumerate(const struct sw_scope *sc,
		    int (*fn)(void *priv, const struct sw_scn *s, uint64_t index), void *priv)
{
	struct enum_st st = { .sc = sc, .fn = fn, .priv = priv };
	int cw[2], no[2], wb[2];
	int ncw = flag_values(sc->close_wait, cw), nno = flag_values(sc->no_open, no);
	int nwb = flag_values(sc->writeback_cache, wb);

	/* fewer threads first, so that the smallest scenarios come first */
	for (int n = 1; n <= sc->threads_max; n++)
		for (int a = sc->app_min; a <= sc->app_max; a++)
			for (int d = sc->daemon_min; d <= sc->daemon_max; d++) {
				int o = n - a - d;

				if (o < sc->other_min || o > sc->other_max)
					continue;
				for (int i = 0; i < ncw; i++)
					for (int j = 0; j < nno; j++)
						for (int k = 0; k < nwb; k++) {
							int ret;

							memset(&st.s, 0, sizeof(st.s));
							st.s.close_wait = cw[i];
							st.s.no_open = no[j];
							st.s.writeback_cache = wb[k];
							st.s.nthreads = n;
							st.napp = a;
							st.ndaemon = d;
							st.nfiles = 0;
							st.max_ino = -1;
							st.max_dev = 0;
							st.replied = 0;
							st.signal_thread = st.wait_thread = -1;
							st.open_here = 0;
							st.io_done = 0;
							st.nops = 0;
							ret = gen_thread(&st, 0);
							if (ret)
								return ret;
						}
			}
	return 0;
}

/* ---- random scenarios ---- */

/* splitmix64: small, seedable, the same stream everywhere */
static uint64_t rnd_next(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int rnd(uint64_t *x, int n)
{
	return n <= 1 ? 0 : (int)(rnd_next(x) % (uint64_t)n);
}

static bool chance(uint64_t *x, int percent)
{
	return rnd(x, 100) < percent;
}

static void insert_op(struct sw_thread *t, int at, struct sw_op op)
{
	if (t->nops >= SW_MAX_OPS)
		return;
	if (at > t->nops)
		at = t->nops;
	memmove(&t->ops[at + 1], &t->ops[at], (size_t)(t->nops - at) * sizeof(t->ops[0]));
	t->ops[at] = op;
	t->nops++;
}

/* A random value of knob @k from its value text ("none|dev|conn", "8..64"). */
static void random_value(uint64_t *x, int k, char *buf, size_t len)
{
	const char *v = fo_knob_values(k);
	const char *dots = strstr(v, "..");
	const char *alt[8];
	int altlen[8], n = 0, pick;

	if (dots) { /* a range: its ends */
		if (chance(x, 50))
			snprintf(buf, len, "%.*s", (int)(dots - v), v);
		else
			snprintf(buf, len, "%s", dots + 2);
		return;
	}
	while (*v && n < 8) {
		const char *bar = strchr(v, '|');
		size_t l = bar ? (size_t)(bar - v) : strlen(v);

		alt[n] = v;
		altlen[n++] = (int)l;
		v += l + (bar ? 1 : 0);
	}
	if (!n) {
		snprintf(buf, len, "%s", "");
		return;
	}
	pick = rnd(x, n);
	snprintf(buf, len, "%.*s", altlen[pick], alt[pick]);
}

void fo_sw_random(uint64_t seed, const struct sw_random_opts *o, struct sw_scn *out)
{
	uint64_t x = seed * UINT64_C(0x2545f4914f6cdd1d) + 1;
	struct sw_scn s;
	int nthreads, napp, ndaemon, ninodes, ndevs, nfiles = 0, budget;
	int user[SW_MAX_FILES];

	memset(&s, 0, sizeof(s));
	nthreads = o->threads_min + rnd(&x, o->threads_max - o->threads_min + 1);
	napp = 1 + (nthreads > 2 && chance(&x, 35));
	ndaemon = 1 + (nthreads - napp > 1 && chance(&x, 50));
	s.nthreads = nthreads;
	s.close_wait = chance(&x, 60);
	s.no_open = chance(&x, 20);
	s.writeback_cache = chance(&x, 20);
	ninodes = 1 + chance(&x, 25);
	ndevs = 1 + rnd(&x, 3);
	budget = o->ops_max;

	/* apps: one or two opens or creates each, io and fiemap between */
	for (int t = 0; t < napp; t++) {
		int opens = 1 + (nfiles + 1 < SW_MAX_FILES && budget > 6 && chance(&x, 20));

		for (int i = 0; i < opens && nfiles < SW_MAX_FILES; i++) {
			struct sw_thread *th = &s.th[t];

			th->ops[th->nops++] = (struct sw_op){
				.kind = (uint8_t)(chance(&x, 25) ? SW_CREATE : SW_OPEN),
				.a = (int8_t)rnd(&x, ninodes),
				.b = (int8_t)nfiles,
				.n = 1
			};
			user[nfiles++] = t;
			budget--;
		}
	}
	/* a file is used (io, release) by its opener, or by another thread */
	for (int f = 0; f < nfiles; f++) {
		int u = user[f];

		if (nthreads > napp + ndaemon && chance(&x, 20))
			u = napp + ndaemon; /* the first other thread */
		else if (napp > 1 && chance(&x, 15))
			u = (user[f] + 1) % napp;
		if (budget > 2 && chance(&x, 55)) {
			s.th[u].ops[s.th[u].nops++] =
				(struct sw_op){ .kind = SW_IO, .a = (int8_t)f, .n = 1 };
			budget--;
		}
		if (budget > 1 && chance(&x, 70)) {
			s.th[u].ops[s.th[u].nops++] =
				(struct sw_op){ .kind = SW_RELEASE, .a = (int8_t)f, .n = 1 };
			budget--;
		}
	}
	/* every file replied to once, by some daemon thread, on any device */
	for (int f = 0; f < nfiles; f++) {
		struct sw_thread *th = &s.th[napp + rnd(&x, ndaemon)];

		int pos = rnd(&x, th->nops + 1), dev = rnd(&x, ndevs);

		/* now and then the daemon reads the request first, on the same fud */
		if (chance(&x, 15)) {
			insert_op(th, pos++,
				  (struct sw_op){ .kind = SW_READ, .a = (int8_t)f, .b = (int8_t)dev, .n = 1 });
			budget--;
		}
		insert_op(th, pos,
			  (struct sw_op){ .kind = SW_REPLY, .a = (int8_t)f, .b = (int8_t)dev, .n = 1 });
		budget--;
	}
	/* notifications and unrelated writes anywhere in the daemons */
	while (budget > 0 && chance(&x, 65)) {
		struct sw_thread *th = &s.th[napp + rnd(&x, ndaemon)];
		struct sw_op op = { .kind = SW_NOTIFY,
				    .a = (int8_t)rnd(&x, ninodes),
				    .b = (int8_t)rnd(&x, ndevs),
				    .n = 1 };

		if (chance(&x, 30))
			op = (struct sw_op){ .kind = SW_WRITE,
					     .a = (int8_t)rnd(&x, ndevs),
					     .n = (uint8_t)(1 + rnd(&x, 2)) };
		insert_op(th, rnd(&x, th->nops + 1), op);
		budget--;
	}
	/* other threads: fiemap, kill, or just a file they were given */
	for (int t = napp + ndaemon; t < nthreads; t++) {
		struct sw_thread *th = &s.th[t];

		if (!th->nops || chance(&x, 40)) {
			if (chance(&x, 55))
				insert_op(th, 0,
					  (struct sw_op){ .kind = SW_FIEMAP,
							  .a = (int8_t)rnd(&x, ninodes),
							  .n = 1 });
			else
				insert_op(th, 0,
					  (struct sw_op){ .kind = SW_KILL,
							  .a = (int8_t)rnd(&x, napp),
							  .n = 1 });
			budget--;
		}
	}
	/* an app thread's own fiemap now and then */
	if (budget > 0 && chance(&x, 25)) {
		struct sw_thread *th = &s.th[rnd(&x, napp)];

		insert_op(
			th, th->nops,
			(struct sw_op){ .kind = SW_FIEMAP, .a = (int8_t)rnd(&x, ninodes), .n = 1 });
		budget--;
	}
	/* a daemon may kill an app too */
	if (budget > 0 && chance(&x, 8)) {
		struct sw_thread *th = &s.th[napp + rnd(&x, ndaemon)];

		insert_op(th, rnd(&x, th->nops + 1),
			  (struct sw_op){ .kind = SW_KILL, .a = (int8_t)rnd(&x, napp), .n = 1 });
		budget--;
	}
	/* signal in one thread, wait in another */
	if (budget > 1 && chance(&x, 20)) {
		int a = rnd(&x, nthreads), b = (a + 1 + rnd(&x, nthreads - 1)) % nthreads;
		struct sw_thread *ta = &s.th[a], *tb = &s.th[b];

		insert_op(ta, rnd(&x, ta->nops + 1), (struct sw_op){ .kind = SW_SIGNAL, .n = 1 });
		insert_op(tb, rnd(&x, tb->nops + 1), (struct sw_op){ .kind = SW_WAIT, .n = 1 });
	}
	if (o->sets && chance(&x, 30)) {
		int n = 1 + chance(&x, 40);

		for (int i = 0; i < n && s.nsets < SW_MAX_SETS; i++) {
			int k = rnd(&x, fo_knob_count());
			bool dup = false;

			for (int j = 0; j < s.nsets; j++)
				dup |= s.sets[j].knob == k;
			if (dup)
				continue;
			s.sets[s.nsets].knob = k;
			random_value(&x, k, s.sets[s.nsets].value, sizeof(s.sets[0].value));
			s.nsets++;
		}
	}
	/* a thread left without ops (an other thread whose file went elsewhere) */
	for (int t = 0; t < s.nthreads; t++)
		if (!s.th[t].nops)
			s.th[t].ops[s.th[t].nops++] = (struct sw_op){ .kind = SW_FIEMAP,
								      .a = (int8_t)rnd(&x, ninodes),
								      .n = 1 };
	fo_sw_canon(&s, out);
}

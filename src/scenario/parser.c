/* SPDX-License-Identifier: MIT */
/*
 * parser.c - scenario text to a checked struct scenario: the grammar of
 * docs/scenarios.md "Scenario file", its semantic checks, and fo_scenario_parse().
 *
 * Two passes. The first reads the statements in order, builds the tree and
 * checks everything a line shows by itself: syntax, numbers and their
 * ranges, knob and variant names, duplicates, thread kinds, limits. Names
 * that may be declared further down (inodes, devices, files, threads, the
 * signal a wait needs) are only recorded as references with their token;
 * the second pass resolves them in file order once everything is declared,
 * so a daemon may be written above the application thread whose file it
 * answers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/oracle.h"
#include "fuseord/variant.h"
#include "model/fuse_i.h"
#include "scenario/lexer.h"
#include "scenario/scenario.h"

/* What an op is, for the thread-kind rule. */
enum op_class {
	OP_NEUTRAL,
	OP_CLIENT,
	OP_DAEMON
};

/* One row per op, the way docs/scenarios.md's table lists them. */
/* clang-format off */
static const struct op_desc {
	const char *name;
	enum scenario_op_kind kind;
	enum op_class class;
} op_descs[] = {
	{ "open", SC_OP_OPEN, OP_CLIENT },
	{ "create", SC_OP_CREATE, OP_CLIENT },
	{ "io", SC_OP_IO, OP_CLIENT },
	{ "release", SC_OP_RELEASE, OP_CLIENT },
	{ "fiemap", SC_OP_FIEMAP, OP_CLIENT },
	{ "reply", SC_OP_REPLY, OP_DAEMON },
	{ "read", SC_OP_READ, OP_DAEMON },
	{ "notify", SC_OP_NOTIFY, OP_DAEMON },
	{ "write", SC_OP_WRITE, OP_DAEMON },
	{ "kill", SC_OP_KILL, OP_NEUTRAL },
	{ "signal", SC_OP_SIGNAL, OP_NEUTRAL },
	{ "wait", SC_OP_WAIT, OP_NEUTRAL },
};
/* clang-format on */

#define NR_OPS ((int)(sizeof(op_descs) / sizeof(op_descs[0])))
#define OP_LIST "open, create, io, release, fiemap, reply, read, notify, write, kill, signal, wait"
#define STATEMENT_LIST "scenario, variant, set, define, conn, dev, inode, thread, expect"

const char *scenario_op_name(enum scenario_op_kind kind)
{
	for (int i = 0; i < NR_OPS; i++)
		if (op_descs[i].kind == kind)
			return op_descs[i].name;
	return NULL;
}

static const struct conn_flag {
	const char *name;
	unsigned bit;
	size_t offset;
} conn_flags[] = {
	{ "close_wait", SC_CONN_CLOSE_WAIT, offsetof(struct scenario_conn, close_wait) },
	{ "no_open", SC_CONN_NO_OPEN, offsetof(struct scenario_conn, no_open) },
	{ "writeback_cache", SC_CONN_WRITEBACK_CACHE,
	  offsetof(struct scenario_conn, writeback_cache) },
};

#define NR_CONN_FLAGS ((int)(sizeof(conn_flags) / sizeof(conn_flags[0])))

/* A name used before the pass that can resolve it. */
enum ref_kind {
	REF_INODE,
	REF_DEV,
	REF_FILE,
	REF_THREAD,
	REF_WAIT
};

struct sc_ref {
	enum ref_kind kind;
	int thread;
	int op;
	struct sc_token tok;
	uint64_t nodeid; /* REF_INODE */
};

struct parser {
	struct sc_lexer lx;
	struct sc_diag *diag;
	struct sc_token tok; /* the lookahead */
	struct scenario *sc;

	struct sc_ref *refs;
	int nrefs;
	int refs_cap, knobs_cap, devs_cap, inodes_cap, files_cap, threads_cap;
	int syncs_cap, expects_cap, defines_cap;

	struct scenario_pos title_pos, variant_pos;
	/* the op that made each thread app or daemon, for the mixing message */
	struct {
		const char *op;
		struct scenario_pos pos;
	} kind_by[SC_MAX_THREADS];
	int ops_cap[SC_MAX_THREADS];
	/* the op list being read went on past a line that ended in ';' */
	bool continued;
};

/* ---- helpers ---- */

static int error_at(struct parser *p, const struct sc_token *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int error_at(struct parser *p, const struct sc_token *t, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sc_diag_error(p->diag, t->line, t->col, "%s", msg);
}

static int nomem(struct parser *p)
{
	struct sc_diag *d = p->diag;

	if (!d->err) {
		d->err = -ENOMEM;
		if (d->buf && d->len)
			snprintf(d->buf, d->len, "%s: error: out of memory", d->filename);
	}
	return -ENOMEM;
}

static int next(struct parser *p)
{
	return sc_lex(&p->lx, &p->tok);
}

static bool at_end(const struct parser *p)
{
	return p->tok.kind == SC_TOK_EOL || p->tok.kind == SC_TOK_EOF;
}

#define DESC(p) sc_tok_describe(&(p)->tok, descbuf, sizeof(descbuf))

/*
 * Make room for element @n of the array at @arrp (a pointer to the array
 * pointer), doubling its capacity; the limits bound how far it goes.
 */
static int grow(struct parser *p, void *arrp, int *cap, int n, size_t size)
{
	void *old, *new;
	int ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	memcpy(&old, arrp, sizeof(old));
	new = scenario_realloc(old, (size_t)ncap * size);
	if (!new)
		return nomem(p);
	memcpy(arrp, &new, sizeof(new));
	*cap = ncap;
	return 0;
}

static char *tok_dup(struct parser *p, const struct sc_token *t)
{
	char *s = scenario_malloc(t->len + 1);

	if (!s) {
		nomem(p);
		return NULL;
	}
	memcpy(s, t->p, t->len);
	s[t->len] = '\0';
	return s;
}

static bool tok_eq(const struct sc_token *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->p, s, t->len);
}

/* The word @t as a C string in @buf; false if it does not fit. */
static bool tok_cstr(const struct sc_token *t, char *buf, size_t len)
{
	if (t->kind != SC_TOK_WORD || t->len >= len)
		return false;
	memcpy(buf, t->p, t->len);
	buf[t->len] = '\0';
	return true;
}

static struct scenario_pos pos_of(const struct sc_token *t)
{
	return (struct scenario_pos){ t->line, t->col };
}

/* A name of a dev, thread, file or sync: [A-Za-z_][A-Za-z0-9_-]*, bounded. */
static int check_name(struct parser *p, const char *what, const char *after)
{
	const struct sc_token *t = &p->tok;
	char descbuf[64];
	char c;

	if (t->kind != SC_TOK_WORD)
		return error_at(p, t, "expected a %s name after '%s', got %s", what, after,
				DESC(p));
	c = t->p[0];
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
		return error_at(p, t,
				"%s is not a valid %s name (a name starts with a letter or '_')",
				DESC(p), what);
	if (t->len > SC_MAX_NAME)
		return error_at(p, t, "%s name %s is longer than %d bytes", what, DESC(p),
				SC_MAX_NAME);
	return 0;
}

/* Decimal u64: 0, -EINVAL if not a number, -ERANGE on overflow. */
static int parse_u64(const struct sc_token *t, const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (t->kind != SC_TOK_WORD || !len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int parse_nodeid(struct parser *p, const char *after, uint64_t *nodeid)
{
	const struct sc_token *t = &p->tok;
	char descbuf[64];
	int err = parse_u64(t, t->p, t->len, nodeid);

	if (err == -EINVAL)
		return error_at(p, t, "expected an inode number after '%s', got %s", after,
				DESC(p));
	if (err == -ERANGE || !*nodeid)
		return error_at(p, t, "inode number %s is out of range (1..%" PRIu64 ")", DESC(p),
				UINT64_MAX);
	return 0;
}

static int add_ref(struct parser *p, enum ref_kind kind, int thread, int op)
{
	if (grow(p, &p->refs, &p->refs_cap, p->nrefs, sizeof(*p->refs)))
		return -ENOMEM;
	p->refs[p->nrefs++] = (struct sc_ref){ kind, thread, op, p->tok, 0 };
	return 0;
}

static void list_oracles(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < FO_ORACLE_COUNT; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 fo_oracle_name(1u << i));

		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

/* The variant name at the lookahead, checked; into @buf. */
static int parse_variant(struct parser *p, const char *where, char *buf, size_t len)
{
	char list[256], descbuf[64];

	if (tok_cstr(&p->tok, buf, len) &&
	    (scenario_variant_known(buf) || scenario_define_find(p->sc, buf)))
		return 0;
	scenario_variants_format(list, sizeof(list));
	if (p->sc->ndefines)
		return error_at(p, &p->tok,
				"unknown variant %s%s (variants: %s, and those defined above)",
				DESC(p), where, list);
	return error_at(p, &p->tok,
			"unknown variant %s%s (variants: %s; name another with a define line)",
			DESC(p), where, list);
}

static int end_of_statement(struct parser *p, const char *what)
{
	char descbuf[64];

	if (at_end(p))
		return 0;
	return error_at(p, &p->tok, "unexpected %s after %s", DESC(p), what);
}

/* ---- statements ---- */

static int stmt_scenario(struct parser *p)
{
	struct scenario *sc = p->sc;
	struct sc_token kw = p->tok;
	char descbuf[64];
	int err;

	if (sc->title)
		return error_at(p, &kw, "second 'scenario' line (the first is at line %d)",
				p->title_pos.line);
	if ((err = next(p)))
		return err;
	if (p->tok.kind != SC_TOK_STRING)
		return error_at(p, &p->tok, "expected a quoted title after 'scenario', got %s",
				DESC(p));
	if (sc_string_decode(&p->tok, &sc->title))
		return nomem(p);
	p->title_pos = pos_of(&kw);
	if ((err = next(p)))
		return err;
	return end_of_statement(p, "the title");
}

static int stmt_variant(struct parser *p)
{
	struct scenario *sc = p->sc;
	struct sc_token kw = p->tok;
	char name[SC_MAX_NAME + 1], descbuf[64];
	int err;

	if (sc->variant)
		return error_at(p, &kw, "second 'variant' line (the first is at line %d)",
				p->variant_pos.line);
	if ((err = next(p)))
		return err;
	if (p->tok.kind != SC_TOK_WORD)
		return error_at(p, &p->tok, "expected a variant name after 'variant', got %s",
				DESC(p));
	if ((err = parse_variant(p, "", name, sizeof(name))))
		return err;
	if (!(sc->variant = tok_dup(p, &p->tok)))
		return -ENOMEM;
	p->variant_pos = pos_of(&kw);
	if ((err = next(p)))
		return err;
	return end_of_statement(p, "the variant name");
}

/* KNOB=VALUE checked by the one judge (knobs.c), the error at the part that is wrong. */
static int knob_value_ok(struct parser *p, const struct sc_token *knob,
			 const struct sc_token *value, char *name, size_t len)
{
	char val[64], msg[512];

	if (!tok_cstr(knob, name, len)) {
		snprintf(val, sizeof(val), "%.*s", knob->len > 40 ? 40 : (int)knob->len, knob->p);
		scenario_knob_check(val, "", msg, sizeof(msg));
		return error_at(p, knob, "%s", msg);
	}
	if (!tok_cstr(value, val, sizeof(val)))
		snprintf(val, sizeof(val), "%.*s", value->len > 40 ? 40 : (int)value->len, value->p);
	if (!scenario_knob_check(name, val, msg, sizeof(msg)))
		return 0;
	return error_at(p, strncmp(msg, "unknown knob", 12) ? value : knob, "%s", msg);
}

static int add_knob(struct parser *p, struct scenario_knob **knobs, int *n, int *cap,
		    const struct sc_token *knob, const struct sc_token *value)
{
	struct scenario_knob *k;

	if (grow(p, knobs, cap, *n, sizeof(**knobs)))
		return -ENOMEM;
	k = &(*knobs)[*n];
	k->name = tok_dup(p, knob);
	k->value = tok_dup(p, value);
	k->pos = pos_of(knob);
	(*n)++;
	return k->name && k->value ? 0 : -ENOMEM;
}

static int set_one(struct parser *p, const struct sc_token *knob, const struct sc_token *value)
{
	struct scenario *sc = p->sc;
	char name[64];
	int err;

	if ((err = knob_value_ok(p, knob, value, name, sizeof(name))))
		return err;
	for (int i = 0; i < sc->nknobs; i++)
		if (!strcmp(sc->knobs[i].name, name))
			return error_at(p, knob, "knob '%s' is set twice (first at %d:%d)", name,
					sc->knobs[i].pos.line, sc->knobs[i].pos.col);
	return add_knob(p, &sc->knobs, &sc->nknobs, &p->knobs_cap, knob, value);
}

/*
 * KEY=VALUE pairs up to the end of the line, for `set` and `conn`; @one
 * checks and stores each.
 */
static int parse_assignments(struct parser *p, const char *stmt, const char *hint,
			     int (*one)(struct parser *, const struct sc_token *,
					const struct sc_token *))
{
	char descbuf[64];
	int err;

	if ((err = next(p)))
		return err;
	if (p->tok.kind != SC_TOK_WORD)
		return error_at(p, &p->tok, "expected %s after '%s', got %s", hint, stmt, DESC(p));
	while (p->tok.kind == SC_TOK_WORD) {
		struct sc_token key = p->tok;

		if ((err = next(p)))
			return err;
		if (p->tok.kind != SC_TOK_EQUALS)
			return error_at(p, &p->tok, "expected '=' after '%.*s', got %s",
					key.len > 40 ? 40 : (int)key.len, key.p, DESC(p));
		if ((err = next(p)))
			return err;
		if (p->tok.kind != SC_TOK_WORD)
			return error_at(p, &p->tok, "expected a value after '%.*s=', got %s",
					key.len > 40 ? 40 : (int)key.len, key.p, DESC(p));
		if ((err = one(p, &key, &p->tok)))
			return err;
		if ((err = next(p)))
			return err;
	}
	if (at_end(p))
		return 0;
	return error_at(p, &p->tok, "unexpected %s in '%s' (expected %s)", DESC(p), stmt, hint);
}

static int stmt_set(struct parser *p)
{
	return parse_assignments(p, "set", "KNOB=VALUE", set_one);
}

/*
 * define NAME = BASE [KNOB=VALUE]...: a variant named in this file, BASE's
 * knobs with these changed. BASE is a variant of the model or a define
 * above, so definitions never loop; a name is defined once and never
 * shadows a variant of the model.
 */
static int stmt_define(struct parser *p)
{
	struct scenario *sc = p->sc;
	struct sc_token kw = p->tok, ntok;
	struct scenario_define *d;
	char name[SC_MAX_NAME + 1], base[SC_MAX_NAME + 1], descbuf[64];
	const struct scenario_define *old;
	int err;

	if ((err = next(p)) || (err = check_name(p, "variant", "define")))
		return err;
	ntok = p->tok;
	tok_cstr(&ntok, name, sizeof(name));
	if (scenario_variant_known(name))
		return error_at(p, &ntok,
				"'%s' is a variant of the model; a define gives a new name", name);
	if ((old = scenario_define_find(sc, name)))
		return error_at(p, &ntok, "variant '%s' is defined twice (first at %d:%d)", name,
				old->pos.line, old->pos.col);
	if ((err = next(p)))
		return err;
	if (p->tok.kind != SC_TOK_EQUALS)
		return error_at(p, &p->tok, "expected '=' after 'define %s', got %s", name,
				DESC(p));
	if ((err = next(p)))
		return err;
	if (p->tok.kind != SC_TOK_WORD)
		return error_at(p, &p->tok, "expected a base variant after 'define %s =', got %s",
				name, DESC(p));
	if ((err = parse_variant(p, " as the base of a define", base, sizeof(base))))
		return err;
	if (grow(p, &sc->defines, &p->defines_cap, sc->ndefines, sizeof(*sc->defines)))
		return -ENOMEM;
	d = &sc->defines[sc->ndefines];
	memset(d, 0, sizeof(*d));
	d->pos = pos_of(&kw);
	d->name = tok_dup(p, &ntok);
	d->base = tok_dup(p, &p->tok);
	sc->ndefines++;
	if (!d->name || !d->base)
		return -ENOMEM;
	if ((err = next(p)))
		return err;
	while (!at_end(p)) {
		struct sc_token key = p->tok, value;
		char kname[64];

		if (p->tok.kind != SC_TOK_WORD)
			return error_at(p, &p->tok, "expected KNOB=VALUE in 'define %s', got %s",
					name, DESC(p));
		if ((err = next(p)))
			return err;
		if (p->tok.kind != SC_TOK_EQUALS)
			return error_at(p, &p->tok, "expected '=' after '%.*s', got %s",
					key.len > 40 ? 40 : (int)key.len, key.p, DESC(p));
		if ((err = next(p)))
			return err;
		if (p->tok.kind != SC_TOK_WORD)
			return error_at(p, &p->tok, "expected a value after '%.*s=', got %s",
					key.len > 40 ? 40 : (int)key.len, key.p, DESC(p));
		value = p->tok;
		if ((err = knob_value_ok(p, &key, &value, kname, sizeof(kname))))
			return err;
		for (int i = 0; i < d->nknobs; i++)
			if (!strcmp(d->knobs[i].name, kname))
				return error_at(p, &key, "knob '%s' is set twice in 'define %s'",
						kname, name);
		if ((err = add_knob(p, &d->knobs, &d->nknobs, &d->knobs_cap, &key, &value)))
			return err;
		if ((err = next(p)))
			return err;
	}
	return 0;
}

static int conn_one(struct parser *p, const struct sc_token *key, const struct sc_token *value)
{
	struct scenario_conn *conn = &p->sc->conn;
	const struct conn_flag *f = NULL;

	for (int i = 0; i < NR_CONN_FLAGS && !f; i++)
		if (tok_eq(key, conn_flags[i].name))
			f = &conn_flags[i];
	if (!f)
		return error_at(
			p, key,
			"unknown conn flag '%.*s' (flags: close_wait, no_open, writeback_cache)",
			key->len > 40 ? 40 : (int)key->len, key->p);
	if (conn->given & f->bit)
		return error_at(p, key, "conn flag '%s' is given twice", f->name);
	if (!tok_eq(value, "0") && !tok_eq(value, "1"))
		return error_at(p, value, "conn flag '%s' takes 0 or 1, not '%.*s'", f->name,
				value->len > 40 ? 40 : (int)value->len, value->p);
	*(bool *)((char *)conn + f->offset) = tok_eq(value, "1");
	conn->given |= f->bit;
	return 0;
}

static int stmt_conn(struct parser *p)
{
	return parse_assignments(p, "conn", "FLAG=0|1 (close_wait, no_open, writeback_cache)",
				 conn_one);
}

static int stmt_dev(struct parser *p)
{
	struct scenario *sc = p->sc;
	struct scenario_dev *d;
	int err;

	if ((err = next(p)) || (err = check_name(p, "dev", "dev")))
		return err;
	for (int i = 0; i < sc->ndevs; i++)
		if (tok_eq(&p->tok, sc->devs[i].name))
			return error_at(p, &p->tok, "dev '%s' is declared twice (first at %d:%d)",
					sc->devs[i].name, sc->devs[i].pos.line,
					sc->devs[i].pos.col);
	if (sc->ndevs == SC_MAX_DEVS)
		return error_at(p, &p->tok, "too many devs: at most %d", SC_MAX_DEVS);
	if (grow(p, &sc->devs, &p->devs_cap, sc->ndevs, sizeof(*sc->devs)))
		return -ENOMEM;
	d = &sc->devs[sc->ndevs];
	*d = (struct scenario_dev){ tok_dup(p, &p->tok), false, pos_of(&p->tok) };
	if (!d->name)
		return -ENOMEM;
	sc->ndevs++;
	if ((err = next(p)))
		return err;
	return end_of_statement(p, "the dev name");
}

static int stmt_inode(struct parser *p)
{
	struct scenario *sc = p->sc;
	uint64_t nodeid;
	int err;

	if ((err = next(p)) || (err = parse_nodeid(p, "inode", &nodeid)))
		return err;
	for (int i = 0; i < sc->ninodes; i++)
		if (sc->inodes[i].nodeid == nodeid)
			return error_at(p, &p->tok,
					"inode %" PRIu64 " is declared twice (first at %d:%d)",
					nodeid, sc->inodes[i].pos.line, sc->inodes[i].pos.col);
	if (sc->ninodes == SC_MAX_INODES)
		return error_at(p, &p->tok, "too many inodes: at most %d", SC_MAX_INODES);
	if (grow(p, &sc->inodes, &p->inodes_cap, sc->ninodes, sizeof(*sc->inodes)))
		return -ENOMEM;
	sc->inodes[sc->ninodes++] = (struct scenario_inode){ nodeid, pos_of(&p->tok) };
	if ((err = next(p)))
		return err;
	return end_of_statement(p, "the inode number");
}

/* `on DEV` after a reply or notify. */
static int parse_on_dev(struct parser *p, int ti, int oi, const char *opname)
{
	char descbuf[64];
	int err;

	if (!sc_tok_is(&p->tok, "on"))
		return error_at(p, &p->tok, "expected 'on DEV' after '%s' and its operand, got %s",
				opname, DESC(p));
	if ((err = next(p)) || (err = check_name(p, "dev", "on")))
		return err;
	if ((err = add_ref(p, REF_DEV, ti, oi)))
		return err;
	return next(p);
}

/* The errors a reply may carry: `reply F on D error NAME`. */
static const struct {
	const char *name;
	int error;
} reply_errors[] = {
	{ "ENOSYS", -ENOSYS }, { "EIO", -EIO },       { "EACCES", -EACCES },
	{ "EPERM", -EPERM },   { "ENOENT", -ENOENT }, { "ENOMEM", -ENOMEM },
};

static int parse_reply_error(struct parser *p, struct scenario_op *op)
{
	char descbuf[64];

	for (size_t i = 0; i < sizeof(reply_errors) / sizeof(reply_errors[0]); i++)
		if (sc_tok_is(&p->tok, reply_errors[i].name)) {
			op->error = reply_errors[i].error;
			return next(p);
		}
	return error_at(p, &p->tok,
			"expected an error name after 'error' (ENOSYS, EIO, EACCES, EPERM, ENOENT "
			"or ENOMEM), got %s",
			DESC(p));
}

static int find_sync(struct parser *p, const struct sc_token *t)
{
	struct scenario *sc = p->sc;

	for (int i = 0; i < sc->nsyncs; i++)
		if (tok_eq(t, sc->syncs[i].name))
			return i;
	if (grow(p, &sc->syncs, &p->syncs_cap, sc->nsyncs, sizeof(*sc->syncs)))
		return -ENOMEM;
	sc->syncs[sc->nsyncs] = (struct scenario_sync){ tok_dup(p, t), 0, 0 };
	if (!sc->syncs[sc->nsyncs].name)
		return -ENOMEM;
	return sc->nsyncs++;
}

static int parse_operands(struct parser *p, int ti, int oi, const struct op_desc *od)
{
	struct scenario *sc = p->sc;
	struct scenario_thread *th = &sc->threads[ti];
	struct scenario_op *op = &th->ops[oi];
	char descbuf[64];
	int err;

	if ((err = next(p)))
		return err;
	switch (od->kind) {
	case SC_OP_OPEN:
	case SC_OP_CREATE: {
		struct scenario_file *f;

		if ((err = parse_nodeid(p, od->name, &op->nodeid)))
			return err;
		if ((err = add_ref(p, REF_INODE, ti, oi)))
			return err;
		p->refs[p->nrefs - 1].nodeid = op->nodeid;
		if ((err = next(p)))
			return err;
		if (!sc_tok_is(&p->tok, "as"))
			return error_at(p, &p->tok,
					"expected 'as FILE' after '%s %" PRIu64 "', got %s",
					od->name, op->nodeid, DESC(p));
		if ((err = next(p)) || (err = check_name(p, "file", "as")))
			return err;
		for (int i = 0; i < sc->nfiles; i++)
			if (tok_eq(&p->tok, sc->files[i].name))
				return error_at(
					p, &p->tok,
					"file '%s' is already declared at %d:%d (each open or create names a new file)",
					sc->files[i].name, sc->files[i].pos.line,
					sc->files[i].pos.col);
		if (grow(p, &sc->files, &p->files_cap, sc->nfiles, sizeof(*sc->files)))
			return -ENOMEM;
		f = &sc->files[sc->nfiles];
		*f = (struct scenario_file){ tok_dup(p, &p->tok), ti, oi, -1, op->nodeid,
					     pos_of(&p->tok) };
		if (!f->name)
			return -ENOMEM;
		op->file = sc->nfiles++;
		if ((err = next(p)) || !sc_tok_is(&p->tok, "trunc"))
			return err;
		if (od->kind == SC_OP_CREATE)
			return error_at(p, &p->tok,
					"'trunc' is for open only: the file a create makes is empty already");
		op->trunc = true;
		return next(p);
	}
	case SC_OP_IO:
	case SC_OP_RELEASE:
		if ((err = check_name(p, "file", od->name)) || (err = add_ref(p, REF_FILE, ti, oi)))
			return err;
		return next(p);
	case SC_OP_FIEMAP:
		if ((err = parse_nodeid(p, od->name, &op->nodeid)) ||
		    (err = add_ref(p, REF_INODE, ti, oi)))
			return err;
		p->refs[p->nrefs - 1].nodeid = op->nodeid;
		return next(p);
	case SC_OP_REPLY:
	case SC_OP_READ:
		if ((err = check_name(p, "file", od->name)) ||
		    (err = add_ref(p, REF_FILE, ti, oi)) || (err = next(p)) ||
		    (err = parse_on_dev(p, ti, oi, od->name)))
			return err;
		if (od->kind != SC_OP_REPLY || !sc_tok_is(&p->tok, "error"))
			return 0;
		if ((err = next(p)))
			return err;
		return parse_reply_error(p, op);
	case SC_OP_NOTIFY:
		if ((err = parse_nodeid(p, od->name, &op->nodeid)) ||
		    (err = add_ref(p, REF_INODE, ti, oi)))
			return err;
		p->refs[p->nrefs - 1].nodeid = op->nodeid;
		if ((err = next(p)))
			return err;
		return parse_on_dev(p, ti, oi, od->name);
	case SC_OP_WRITE: {
		struct sc_token dev;
		uint64_t n = 0;

		if ((err = check_name(p, "dev", od->name)) || (err = add_ref(p, REF_DEV, ti, oi)))
			return err;
		dev = p->tok;
		if ((err = next(p)))
			return err;
		if (p->tok.kind != SC_TOK_WORD)
			return 0;
		if (p->tok.p[0] != 'x')
			return error_at(
				p, &p->tok,
				"expected a repeat count 'xN' or ';' after 'write %.*s', got %s",
				(int)dev.len, dev.p, DESC(p));
		err = parse_u64(&p->tok, p->tok.p + 1, p->tok.len - 1, &n);
		if (err == -EINVAL)
			return error_at(
				p, &p->tok,
				"expected a repeat count 'xN' or ';' after 'write %.*s', got %s",
				(int)dev.len, dev.p, DESC(p));
		if (err || n < 1 || n > SC_MAX_WRITE_COUNT)
			return error_at(p, &p->tok, "repeat count %s is out of range (x1..x%d)",
					DESC(p), SC_MAX_WRITE_COUNT);
		op->count = (unsigned)n;
		return next(p);
	}
	case SC_OP_KILL:
		if ((err = check_name(p, "thread", od->name)))
			return err;
		/* A kill only ends killable waits; the killer is not waiting. */
		if (tok_eq(&p->tok, th->name))
			return error_at(p, &p->tok, "thread '%s' cannot kill itself", th->name);
		if ((err = add_ref(p, REF_THREAD, ti, oi)))
			return err;
		return next(p);
	case SC_OP_SIGNAL:
	case SC_OP_WAIT: {
		int si;

		if ((err = check_name(p, "signal", od->name)))
			return err;
		if ((si = find_sync(p, &p->tok)) < 0)
			return si;
		op->sync = si;
		if (od->kind == SC_OP_SIGNAL) {
			sc->syncs[si].nsignals++;
		} else {
			sc->syncs[si].nwaits++;
			if ((err = add_ref(p, REF_WAIT, ti, oi)))
				return err;
		}
		return next(p);
	}
	}
	return 0;
}

static int parse_op(struct parser *p, int ti)
{
	struct scenario *sc = p->sc;
	struct scenario_thread *th = &sc->threads[ti];
	const struct op_desc *od = NULL;
	struct sc_token t = p->tok;
	char descbuf[64];
	int err;

	if (t.kind != SC_TOK_WORD)
		return error_at(p, &t, "expected an operation, got %s", DESC(p));
	for (int i = 0; i < NR_OPS && !od; i++)
		if (sc_tok_is(&t, op_descs[i].name))
			od = &op_descs[i];
	if (!od)
		return error_at(p, &t, "unknown operation %s (operations: " OP_LIST ")%s", DESC(p),
				p->continued ? "; the line before ends with ';', so this line "
					       "continues its op list" :
					       "");
	if (sc->nops == SC_MAX_OPS)
		return error_at(p, &t, "too many operations: at most %d in a scenario", SC_MAX_OPS);

	if (od->class != OP_NEUTRAL) {
		enum scenario_thread_kind kind = od->class == OP_CLIENT ? SC_THREAD_APP :
									  SC_THREAD_DAEMON;

		if (th->kind == SC_THREAD_NEUTRAL) {
			th->kind = kind;
			p->kind_by[ti].op = od->name;
			p->kind_by[ti].pos = pos_of(&t);
		} else if (th->kind != kind) {
			return error_at(
				p, &t,
				"'%s' is %s op, but thread '%s' is %s thread ('%s' at %d:%d); a thread does application ops or daemon ops, not both",
				od->name, kind == SC_THREAD_APP ? "an application" : "a daemon",
				th->name, th->kind == SC_THREAD_APP ? "an application" : "a daemon",
				p->kind_by[ti].op, p->kind_by[ti].pos.line, p->kind_by[ti].pos.col);
		}
	}

	if (grow(p, &th->ops, &p->ops_cap[ti], th->nops, sizeof(*th->ops)))
		return -ENOMEM;
	th->ops[th->nops] = (struct scenario_op){
		.kind = od->kind,
		.inode = -1,
		.file = -1,
		.dev = -1,
		.thread = -1,
		.sync = -1,
		.count = 1,
		.pos = pos_of(&t),
	};
	if ((err = parse_operands(p, ti, th->nops, od)))
		return err;
	th->nops++;
	sc->nops++;
	return 0;
}

static int stmt_thread(struct parser *p)
{
	struct scenario *sc = p->sc;
	struct scenario_thread *th;
	char descbuf[64];
	int ti, err;

	if ((err = next(p)) || (err = check_name(p, "thread", "thread")))
		return err;
	/* the kernel's invalidation worker is a thread of every run, named so */
	if (tok_eq(&p->tok, "worker"))
		return error_at(p, &p->tok,
				"the thread name 'worker' is taken by the invalidation worker");
	for (int i = 0; i < sc->nthreads; i++)
		if (tok_eq(&p->tok, sc->threads[i].name))
			return error_at(p, &p->tok,
					"thread '%s' is declared twice (first at %d:%d)",
					sc->threads[i].name, sc->threads[i].pos.line,
					sc->threads[i].pos.col);
	if (sc->nthreads == SC_MAX_THREADS)
		return error_at(p, &p->tok, "too many threads: at most %d", SC_MAX_THREADS);
	if (grow(p, &sc->threads, &p->threads_cap, sc->nthreads, sizeof(*sc->threads)))
		return -ENOMEM;
	ti = sc->nthreads;
	th = &sc->threads[ti];
	*th = (struct scenario_thread){ .name = tok_dup(p, &p->tok), .pos = pos_of(&p->tok) };
	if (!th->name)
		return -ENOMEM;
	sc->nthreads++;

	if ((err = next(p)))
		return err;
	if (p->tok.kind != SC_TOK_COLON)
		return error_at(p, &p->tok, "expected ':' after thread name '%s', got %s", th->name,
				DESC(p));
	if ((err = next(p)))
		return err;
	if (at_end(p))
		return error_at(p, &p->tok, "thread '%s' has no operations", th->name);

	p->continued = false;
	for (;;) {
		if (p->tok.kind == SC_TOK_SEMI)
			return error_at(p, &p->tok,
					"empty operation: ';' with no operation before it");
		if ((err = parse_op(p, ti)))
			return err;
		if (p->tok.kind == SC_TOK_SEMI) {
			struct sc_token semi = p->tok;

			if ((err = next(p)))
				return err;
			if (p->tok.kind != SC_TOK_EOL)
				continue;
			/* A trailing ';' continues the op list on the next line with tokens. */
			p->continued = true;
			while (p->tok.kind == SC_TOK_EOL)
				if ((err = next(p)))
					return err;
			if (p->tok.kind == SC_TOK_EOF)
				return error_at(
					p, &semi,
					"the line ends with ';', so thread '%s' continues on the next line, but the file ends",
					th->name);
			continue;
		}
		if (at_end(p))
			break;
		return error_at(p, &p->tok, "expected ';' or end of line after '%s', got %s",
				scenario_op_name(th->ops[th->nops - 1].kind), DESC(p));
	}
	p->continued = false;
	return 0;
}

static int stmt_expect(struct parser *p)
{
	struct scenario *sc = p->sc;
	struct sc_token kw = p->tok, vtok = { 0 };
	struct scenario_expect e = { 0 };
	bool named = false;
	char name[SC_MAX_NAME + 1], list[256], descbuf[64];
	int err;

	if ((err = next(p)))
		return err;
	if (p->tok.kind == SC_TOK_WORD) {
		/* `expect ok` means the bare form with its ':' forgotten, not a variant "ok" */
		if (tok_cstr(&p->tok, name, sizeof(name)) &&
		    (!strcmp(name, "ok") || fo_oracle_parse(name) > 0))
			return error_at(
				p, &p->tok,
				"expected a variant or ':' after 'expect', got %s (a bare 'expect: %s' is for the file's variant)",
				DESC(p), name);
		if ((err = parse_variant(p, " in 'expect'", name, sizeof(name))))
			return err;
		vtok = p->tok;
		named = true;
		for (int i = 0; i < sc->nexpects; i++)
			if (sc->expects[i].variant && !strcmp(sc->expects[i].variant, name))
				return error_at(
					p, &vtok,
					"second 'expect' line for variant '%s' (the first is at line %d)",
					name, sc->expects[i].pos.line);
		if ((err = next(p)))
			return err;
	} else {
		for (int i = 0; i < sc->nexpects; i++)
			if (!sc->expects[i].variant)
				return error_at(
					p, &kw,
					"second bare 'expect' line (the first is at line %d)",
					sc->expects[i].pos.line);
	}
	if (p->tok.kind != SC_TOK_COLON) {
		if (named)
			return error_at(p, &p->tok, "expected ':' after 'expect %s', got %s", name,
					DESC(p));
		return error_at(p, &p->tok, "expected a variant or ':' after 'expect', got %s",
				DESC(p));
	}
	if ((err = next(p)))
		return err;
	if (at_end(p))
		return error_at(p, &p->tok, "expected 'ok' or an oracle after ':', got %s",
				DESC(p));
	for (;;) {
		int bit;

		if (p->tok.kind != SC_TOK_WORD)
			return error_at(p, &p->tok, "expected 'ok' or an oracle, got %s", DESC(p));
		if (sc_tok_is(&p->tok, "ok")) {
			if (e.ok)
				return error_at(p, &p->tok, "'ok' is listed twice");
			if (e.oracles)
				return error_at(p, &p->tok, "'ok' cannot be combined with oracles");
			e.ok = true;
		} else {
			if (!tok_cstr(&p->tok, name, sizeof(name)) ||
			    (bit = fo_oracle_parse(name)) < 0) {
				list_oracles(list, sizeof(list));
				return error_at(p, &p->tok, "unknown oracle %s (oracles: %s)",
						DESC(p), list);
			}
			if (e.ok)
				return error_at(p, &p->tok, "'ok' cannot be combined with oracles");
			if (e.oracles & (unsigned)bit)
				return error_at(p, &p->tok, "oracle '%s' is listed twice", name);
			e.oracles |= (unsigned)bit;
		}
		if ((err = next(p)))
			return err;
		if (at_end(p))
			break;
		if (p->tok.kind != SC_TOK_COMMA)
			return error_at(p, &p->tok,
					"expected ',' or end of line in 'expect', got %s", DESC(p));
		if ((err = next(p)))
			return err;
	}

	if (grow(p, &sc->expects, &p->expects_cap, sc->nexpects, sizeof(*sc->expects)))
		return -ENOMEM;
	e.pos = pos_of(&kw);
	if (named && !(e.variant = tok_dup(p, &vtok)))
		return -ENOMEM;
	sc->expects[sc->nexpects++] = e;
	return 0;
}

static const struct {
	const char *word;
	int (*parse)(struct parser *p);
} statements[] = {
	{ "scenario", stmt_scenario }, { "variant", stmt_variant }, { "set", stmt_set },
	{ "define", stmt_define },
	{ "conn", stmt_conn },         { "dev", stmt_dev },         { "inode", stmt_inode },
	{ "thread", stmt_thread },     { "expect", stmt_expect },
};

static int parse_statements(struct parser *p)
{
	char descbuf[64];
	int err;

	if ((err = next(p)))
		return err;
	while (p->tok.kind != SC_TOK_EOF) {
		int (*parse)(struct parser *) = NULL;

		if (p->tok.kind == SC_TOK_EOL) {
			if ((err = next(p)))
				return err;
			continue;
		}
		for (size_t i = 0; i < sizeof(statements) / sizeof(statements[0]); i++)
			if (sc_tok_is(&p->tok, statements[i].word))
				parse = statements[i].parse;
		if (!parse) {
			if (p->tok.kind == SC_TOK_WORD)
				return error_at(p, &p->tok,
						"unknown statement %s (statements: " STATEMENT_LIST
						")",
						DESC(p));
			return error_at(p, &p->tok, "expected a statement, got %s", DESC(p));
		}
		if (p->sc->defines_only && parse != stmt_define)
			return error_at(p, &p->tok,
					"a variants file holds define lines only, not '%.*s'",
					(int)p->tok.len, p->tok.p);
		if ((err = parse(p)))
			return err;
	}
	return 0;
}

/* ---- second pass: whole-file checks and name resolution ---- */

static int check_expects(struct parser *p)
{
	struct scenario *sc = p->sc;
	const struct scenario_expect *bare = NULL, *named = NULL;

	for (int i = 0; i < sc->nexpects; i++) {
		const struct scenario_expect *e = &sc->expects[i];

		if (!e->variant)
			bare = e;
		else if (sc->variant && !strcmp(e->variant, sc->variant))
			named = e;
	}
	if (bare && !sc->variant)
		return sc_diag_error(
			p->diag, bare->pos.line, bare->pos.col,
			"a bare 'expect' applies to the file's variant, but there is no 'variant' line");
	if (bare && named) {
		const struct scenario_expect *first = bare < named ? bare : named;
		const struct scenario_expect *second = bare < named ? named : bare;

		return sc_diag_error(
			p->diag, second->pos.line, second->pos.col,
			"second 'expect' line for variant '%s' (the first is at line %d; a bare 'expect' is for the 'variant' line)",
			sc->variant, first->pos.line);
	}
	return 0;
}

static int resolve_ref(struct parser *p, const struct sc_ref *r, struct scenario_pos *reply_at)
{
	struct scenario *sc = p->sc;
	struct scenario_op *op = &sc->threads[r->thread].ops[r->op];
	const struct sc_token *t = &r->tok;
	int n = (int)t->len;

	switch (r->kind) {
	case REF_INODE:
		for (int i = 0; i < sc->ninodes; i++)
			if (sc->inodes[i].nodeid == r->nodeid)
				op->inode = i;
		if (op->inode < 0)
			return error_at(p, t,
					"unknown inode %" PRIu64 " (no 'inode %" PRIu64 "' line)",
					r->nodeid, r->nodeid);
		return 0;
	case REF_DEV:
		for (int i = 0; i < sc->ndevs; i++)
			if (tok_eq(t, sc->devs[i].name))
				op->dev = i;
		if (op->dev >= 0)
			return 0;
		if (sc->ndevs == 1 && sc->devs[0].implicit)
			return error_at(
				p, t,
				"unknown dev '%.*s' (there is no 'dev' line, so only the implicit 'd0' exists)",
				n, t->p);
		return error_at(p, t, "unknown dev '%.*s' (no 'dev %.*s' line)", n, t->p, n, t->p);
	case REF_FILE: {
		const struct scenario_file *f;

		for (int i = 0; i < sc->nfiles; i++)
			if (tok_eq(t, sc->files[i].name))
				op->file = i;
		if (op->file < 0)
			return error_at(
				p, t,
				"unknown file '%.*s': no 'open INO as %.*s' or 'create INO as %.*s' declares it",
				n, t->p, n, t->p, n, t->p);
		f = &sc->files[op->file];
		/* Another thread may use a file passed to it; its opener only after the open. */
		if (f->thread == r->thread && f->op > r->op)
			return error_at(
				p, t,
				"file '%s' is used before its open at %d:%d in the same thread",
				f->name, f->pos.line, f->pos.col);
		if (op->kind == SC_OP_READ) {
			struct scenario_pos *read_at = reply_at + 2 * (sc->nfiles + 1);

			if (read_at[op->file].line)
				return error_at(
					p, t,
					"second read of file '%s' (the first is at %d:%d); its open sends one request",
					f->name, read_at[op->file].line, read_at[op->file].col);
			read_at[op->file] = op->pos;
		}
		if (op->kind == SC_OP_REPLY && op->error == -ENOSYS &&
		    sc->threads[f->thread].ops[f->op].kind == SC_OP_CREATE)
			return error_at(
				p, t,
				"'error ENOSYS' to the FUSE_CREATE of '%s': the kernel would fall back "
				"to mknod and open (fc->no_create), which the model does not have",
				f->name);
		if (op->kind == SC_OP_REPLY) {
			struct scenario_pos *second = reply_at + (sc->nfiles + 1);

			/* checked once every read is known: see resolve() */
			if (!reply_at[op->file].line)
				reply_at[op->file] = op->pos;
			else if (!second[op->file].line)
				second[op->file] = pos_of(t);
		}
		return 0;
	}
	case REF_THREAD:
		for (int i = 0; i < sc->nthreads; i++)
			if (tok_eq(t, sc->threads[i].name))
				op->thread = i;
		if (op->thread < 0)
			return error_at(p, t, "unknown thread '%.*s'", n, t->p);
		return 0;
	case REF_WAIT:
		if (!sc->syncs[op->sync].nsignals)
			return error_at(
				p, t, "'wait %.*s' can never finish: no thread does 'signal %.*s'",
				n, t->p, n, t->p);
		return 0;
	}
	return 0;
}

static int resolve(struct parser *p)
{
	struct scenario *sc = p->sc;
	struct scenario_pos *reply_at;
	int err = 0;

	if (sc->defines_only)
		return sc->ndefines ? 0 :
				      sc_diag_error(p->diag, 1, 1,
						    "no 'define' line: a variants file defines variants");
	if (!sc->nthreads)
		return sc_diag_error(p->diag, 1, 1,
				     "no 'thread' line: a scenario needs at least one thread");
	if ((err = check_expects(p)))
		return err;
	if (!sc->ndevs) {
		if (grow(p, &sc->devs, &p->devs_cap, 0, sizeof(*sc->devs)))
			return -ENOMEM;
		sc->devs[0] = (struct scenario_dev){ scenario_malloc(3), true, { 0, 0 } };
		if (!sc->devs[0].name)
			return nomem(p);
		memcpy(sc->devs[0].name, "d0", 3);
		sc->ndevs = 1;
	}

	/* per file: its first reply, its second reply, its read */
	reply_at = scenario_malloc(3 * ((size_t)sc->nfiles + 1) * sizeof(*reply_at));
	if (!reply_at)
		return nomem(p);
	memset(reply_at, 0, 3 * ((size_t)sc->nfiles + 1) * sizeof(*reply_at));
	for (int i = 0; i < p->nrefs && !err; i++)
		err = resolve_ref(p, &p->refs[i], reply_at);
	for (int i = 0; i < sc->nfiles && !err; i++) {
		const struct scenario_pos *first = &reply_at[i];
		const struct scenario_pos *second = &reply_at[sc->nfiles + 1 + i];

		/*
		 * One open sends one request: without a `read` naming the fd
		 * that reads it, a second reply would wait forever. With one,
		 * a reply on another fd is refused and a second may follow.
		 */
		if (second->line && !reply_at[2 * (sc->nfiles + 1) + i].line)
			err = sc_diag_error(
				p->diag, second->line, second->col,
				"second reply to file '%s' (the first is at %d:%d); its open sends one "
				"request (a 'read %s on DEV' lets a reply on another dev be refused)",
				sc->files[i].name, first->line, first->col, sc->files[i].name);
	}
	free(reply_at);
	if (err)
		return err;

	for (int i = 0; i < sc->nfiles; i++)
		sc->files[i].inode = sc->threads[sc->files[i].thread].ops[sc->files[i].op].inode;
	return 0;
}

/* ---- entry point ---- */

static uint64_t fnv1a64(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

int fo_scenario_parse(const char *text, size_t len, const char *filename, fo_scenario **out,
		      char *err, size_t errlen)
{
	return scenario_parse(text, len, filename, out, err, errlen, false);
}

int scenario_parse(const char *text, size_t len, const char *filename, fo_scenario **out,
		   char *err, size_t errlen, bool defines_only)
{
	struct sc_diag diag = { filename ? filename : "<input>", err, errlen, 0 };
	struct parser p = { .diag = &diag };
	fo_scenario *s;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (out)
		*out = NULL;
	if (!text || !out) {
		if (err && errlen)
			snprintf(err, errlen, "%s: error: NULL %s", diag.filename,
				 text ? "result pointer" : "text");
		return -EINVAL;
	}
	if (len > SC_MAX_TEXT)
		return sc_diag_error(&diag, 1, 1, "the text is longer than %u bytes", SC_MAX_TEXT);

	s = scenario_malloc(sizeof(*s));
	if (!s)
		return nomem(&p);
	memset(s, 0, sizeof(*s));
	p.sc = &s->sc;
	s->sc.defines_only = defines_only;
	s->sc.hash = fnv1a64(text, len);
	s->sc.filename = scenario_malloc(strlen(diag.filename) + 1);
	if (!s->sc.filename) {
		ret = nomem(&p);
		goto out_free;
	}
	strcpy(s->sc.filename, diag.filename);

	sc_lexer_init(&p.lx, text, len, &diag);
	ret = parse_statements(&p);
	if (!ret)
		ret = resolve(&p);
	if (ret)
		goto out_free;
	free(p.refs);
	*out = s;
	return 0;

out_free:
	/* the recorded error decides: -ENOMEM must not read as a scenario error */
	ret = diag.err ? diag.err : ret;
	free(p.refs);
	fo_scenario_free(s);
	return ret;
}

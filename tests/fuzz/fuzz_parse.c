/* SPDX-License-Identifier: MIT */
/*
 * fuzz_parse.c - libFuzzer harness for the scenario parser.
 *
 * The input is scenario text, any bytes. fo_scenario_parse() must return
 * 0, -EINVAL or -ENOMEM and never crash, leak or read past the text (the
 * text is not NUL-terminated). Beyond not crashing, the harness checks what
 * scenario.h and scenario/scenario.h promise:
 *
 * - the return value, the result pointer and the message agree, and the
 *   message is "FILE:LINE:COL: error: ..." and fits the buffer;
 * - the same text gives the same result with no buffer or a tiny one;
 * - a parsed tree is resolved: every index an op, file or expect line
 *   holds is in range, every count within its limit, thread kinds match
 *   their ops, and the hash is the FNV-1a of the text;
 * - the accessors answer as documented for every variant name;
 * - an allocation failing part way gives -ENOMEM (or, past the last
 *   allocation, the same scenario) and frees what was built;
 * - one execution of a parsed scenario (not an exploration) runs, and its
 *   verdict prints as text and JSON;
 * - what scenario.h says is ignored is: a leading byte order mark changes
 *   nothing, not even the message, and CR before LF changes neither the
 *   result nor the tree (a message may name another column for the end of
 *   a line).
 *
 * A broken promise calls abort(), which libFuzzer reports as a crash.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/check.h"
#include "fuseord/oracle.h"
#include "fuseord/scenario.h"
#include "fuseord/variant.h"
#include "scenario/scenario.h"

#define FILENAME "fuzz.fos"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

#define require(cond)                                                                        \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "fuzz_parse: %s:%d: broken promise: %s\n", __FILE__, \
				__LINE__, #cond);                                            \
			abort();                                                             \
		}                                                                            \
	} while (0)

static uint64_t fnv1a64(const uint8_t *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static void check_name(const char *name)
{
	require(name);
	require(strlen(name) >= 1 && strlen(name) <= SC_MAX_NAME);
}

/* Every index is valid, as scenario/scenario.h says of a parsed tree. */
static void check_tree(const struct scenario *sc)
{
	int nops = 0;

	require(!strcmp(sc->filename, FILENAME));
	require(sc->nthreads >= 1 && sc->nthreads <= SC_MAX_THREADS);
	require(sc->ndevs >= 1 && sc->ndevs <= SC_MAX_DEVS);
	require(sc->ninodes >= 0 && sc->ninodes <= SC_MAX_INODES);
	require(sc->nfiles >= 0 && sc->nsyncs >= 0 && sc->nknobs >= 0 && sc->nexpects >= 0);
	require(!sc->variant || scenario_variant_known(sc->variant));
	for (int i = 0; i < sc->nknobs; i++)
		require(sc->knobs[i].name && sc->knobs[i].value);
	for (int i = 0; i < sc->ndevs; i++) {
		check_name(sc->devs[i].name);
		require(!sc->devs[i].implicit ||
			(sc->ndevs == 1 && !strcmp(sc->devs[i].name, "d0")));
	}
	for (int i = 0; i < sc->ninodes; i++) {
		require(sc->inodes[i].nodeid);
		for (int j = 0; j < i; j++)
			require(sc->inodes[j].nodeid != sc->inodes[i].nodeid);
	}
	for (int i = 0; i < sc->nsyncs; i++) {
		check_name(sc->syncs[i].name);
		require(sc->syncs[i].nsignals > 0 || !sc->syncs[i].nwaits);
	}
	for (int i = 0; i < sc->nfiles; i++) {
		const struct scenario_file *f = &sc->files[i];
		const struct scenario_op *op;

		check_name(f->name);
		require(f->thread >= 0 && f->thread < sc->nthreads);
		require(f->op >= 0 && f->op < sc->threads[f->thread].nops);
		op = &sc->threads[f->thread].ops[f->op];
		require(op->kind == SC_OP_OPEN || op->kind == SC_OP_CREATE);
		require(op->file == i && op->inode == f->inode && op->nodeid == f->nodeid);
	}
	for (int ti = 0; ti < sc->nthreads; ti++) {
		const struct scenario_thread *th = &sc->threads[ti];

		check_name(th->name);
		require(strcmp(th->name, "worker"));
		require(th->nops >= 1);
		nops += th->nops;
		for (int oi = 0; oi < th->nops; oi++) {
			const struct scenario_op *op = &th->ops[oi];
			bool inode = false, file = false, dev = false, thread = false, sync = false;

			require(scenario_op_name(op->kind));
			switch (op->kind) {
			case SC_OP_OPEN:
			case SC_OP_CREATE:
				inode = file = true;
				require(sc->files[op->file].thread == ti &&
					sc->files[op->file].op == oi);
				break;
			case SC_OP_IO:
			case SC_OP_RELEASE:
				file = true;
				require(sc->files[op->file].thread != ti ||
					sc->files[op->file].op < oi);
				break;
			case SC_OP_FIEMAP:
				inode = true;
				break;
			case SC_OP_REPLY:
			case SC_OP_READ:
				file = dev = true;
				break;
			case SC_OP_NOTIFY:
				inode = dev = true;
				break;
			case SC_OP_WRITE:
				dev = true;
				break;
			case SC_OP_KILL:
				thread = true;
				break;
			case SC_OP_SIGNAL:
			case SC_OP_WAIT:
				sync = true;
				break;
			}
			require(inode ? op->inode >= 0 && op->inode < sc->ninodes :
					op->inode == -1);
			require(!inode || sc->inodes[op->inode].nodeid == op->nodeid);
			require(file ? op->file >= 0 && op->file < sc->nfiles : op->file == -1);
			require(dev ? op->dev >= 0 && op->dev < sc->ndevs : op->dev == -1);
			require(thread ? op->thread >= 0 && op->thread < sc->nthreads &&
						 op->thread != ti :
					 op->thread == -1);
			require(sync ? op->sync >= 0 && op->sync < sc->nsyncs : op->sync == -1);
			require(op->kind == SC_OP_REPLY ? op->error <= 0 : op->error == 0);
			require(op->kind == SC_OP_OPEN || !op->trunc);
			require(op->kind == SC_OP_WAIT ? sc->syncs[op->sync].nsignals > 0 : 1);
			require(op->kind == SC_OP_WRITE ?
					op->count >= 1 && op->count <= SC_MAX_WRITE_COUNT :
					op->count == 1);
			switch (op->kind) {
			case SC_OP_OPEN:
			case SC_OP_CREATE:
			case SC_OP_IO:
			case SC_OP_RELEASE:
			case SC_OP_FIEMAP:
				require(th->kind == SC_THREAD_APP);
				break;
			case SC_OP_REPLY:
			case SC_OP_NOTIFY:
			case SC_OP_WRITE:
				require(th->kind == SC_THREAD_DAEMON);
				break;
			default:
				break;
			}
			require(op->pos.line >= 1 && op->pos.col >= 1);
		}
	}
	require(nops == sc->nops && nops <= SC_MAX_OPS);
	for (int i = 0; i < sc->nexpects; i++) {
		const struct scenario_expect *e = &sc->expects[i];

		require(!e->variant || scenario_variant_known(e->variant));
		require(!(e->ok && e->oracles) && !(e->oracles & ~FO_ORACLE_ALL));
		for (int j = 0; j < i; j++) {
			const char *a = e->variant ? e->variant : sc->variant;
			const char *b = sc->expects[j].variant ? sc->expects[j].variant :
								 sc->variant;

			require(strcmp(a, b));
		}
	}
}

/* What the public accessors say of a parsed scenario. */
static void check_accessors(const fo_scenario *fsc, const uint8_t *data, size_t size)
{
	const struct scenario *sc = scenario_of(fsc);
	unsigned oracles;
	int ret;

	require(fo_scenario_hash(fsc) == fnv1a64(data, size));
	require(fo_scenario_title(fsc) == sc->title);
	require(fo_scenario_variant(fsc) == sc->variant);
	ret = fo_scenario_expect(fsc, NULL, &oracles);
	require(sc->variant ? ret == 0 || ret == 1 : ret == -EINVAL);
	for (int i = 0; i <= fo_variant_count(); i++) {
		const char *name = i < fo_variant_count() ? fo_variant_name(i) : "fixed";

		ret = fo_scenario_expect(fsc, name, &oracles);
		require(ret == 0 || ret == 1);
		require(ret == 1 || !oracles);
		require(!(oracles & ~FO_ORACLE_ALL));
		require(fo_scenario_expect(fsc, name, NULL) == ret);
	}
	require(fo_scenario_expect(fsc, "no-such-variant", &oracles) == -EINVAL && !oracles);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_pos(struct scenario_pos a, struct scenario_pos b)
{
	return a.line == b.line && a.col == b.col;
}

/* The same tree, but for the hash of the text. */
static void check_same_tree(const struct scenario *a, const struct scenario *b)
{
	require(same_str(a->title, b->title) && same_str(a->variant, b->variant));
	require(a->nknobs == b->nknobs && a->ndevs == b->ndevs && a->ninodes == b->ninodes);
	require(a->nfiles == b->nfiles && a->nthreads == b->nthreads && a->nsyncs == b->nsyncs);
	require(a->nexpects == b->nexpects && a->nops == b->nops);
	require(!memcmp(&a->conn, &b->conn, sizeof(a->conn)));
	for (int i = 0; i < a->nknobs; i++)
		require(same_str(a->knobs[i].name, b->knobs[i].name) &&
			same_str(a->knobs[i].value, b->knobs[i].value) &&
			same_pos(a->knobs[i].pos, b->knobs[i].pos));
	for (int i = 0; i < a->ndevs; i++)
		require(same_str(a->devs[i].name, b->devs[i].name) &&
			a->devs[i].implicit == b->devs[i].implicit &&
			same_pos(a->devs[i].pos, b->devs[i].pos));
	for (int i = 0; i < a->ninodes; i++)
		require(a->inodes[i].nodeid == b->inodes[i].nodeid &&
			same_pos(a->inodes[i].pos, b->inodes[i].pos));
	for (int i = 0; i < a->nfiles; i++)
		require(same_str(a->files[i].name, b->files[i].name) &&
			a->files[i].thread == b->files[i].thread &&
			a->files[i].op == b->files[i].op &&
			a->files[i].inode == b->files[i].inode &&
			same_pos(a->files[i].pos, b->files[i].pos));
	for (int i = 0; i < a->nsyncs; i++)
		require(same_str(a->syncs[i].name, b->syncs[i].name) &&
			a->syncs[i].nsignals == b->syncs[i].nsignals &&
			a->syncs[i].nwaits == b->syncs[i].nwaits);
	for (int i = 0; i < a->nexpects; i++)
		require(same_str(a->expects[i].variant, b->expects[i].variant) &&
			a->expects[i].ok == b->expects[i].ok &&
			a->expects[i].oracles == b->expects[i].oracles &&
			same_pos(a->expects[i].pos, b->expects[i].pos));
	for (int t = 0; t < a->nthreads; t++) {
		const struct scenario_thread *ta = &a->threads[t], *tb = &b->threads[t];

		require(same_str(ta->name, tb->name) && ta->kind == tb->kind &&
			ta->nops == tb->nops && same_pos(ta->pos, tb->pos));
		for (int i = 0; i < ta->nops; i++) {
			const struct scenario_op *x = &ta->ops[i], *y = &tb->ops[i];

			require(x->kind == y->kind && x->inode == y->inode &&
				x->nodeid == y->nodeid && x->file == y->file && x->dev == y->dev &&
				x->thread == y->thread && x->sync == y->sync &&
				x->count == y->count && same_pos(x->pos, y->pos));
		}
	}
}

/*
 * @text with a byte order mark before it (@crlf false), or with CR before
 * every LF that has none (@crlf true); NULL if that is no other text, or
 * one past the size limit.
 */
static char *variation(const char *text, size_t size, bool crlf, size_t *len)
{
	size_t n = 0, extra = 0;
	char *out;

	if (!crlf) {
		if (size >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
			return NULL;
		extra = 3;
	} else {
		for (size_t i = 0; i < size; i++)
			extra += text[i] == '\n' && (!i || text[i - 1] != '\r');
		if (!extra)
			return NULL;
	}
	if (size + extra > SC_MAX_TEXT)
		return NULL;
	out = malloc(size + extra);
	require(out);
	if (!crlf) {
		memcpy(out, "\xef\xbb\xbf", 3);
		n = 3;
	}
	for (size_t i = 0; i < size; i++) {
		if (crlf && text[i] == '\n' && (!i || text[i - 1] != '\r'))
			out[n++] = '\r';
		out[n++] = text[i];
	}
	*len = n;
	return out;
}

/* What scenario.h says is ignored changes nothing. */
static void check_ignored(const char *text, size_t size, int ret, const char *err,
			  const fo_scenario *fsc)
{
	for (int crlf = 0; crlf < 2; crlf++) {
		fo_scenario *other = NULL;
		char msg[256];
		size_t len;
		char *t = variation(text, size, crlf, &len);
		int r;

		if (!t)
			continue;
		r = fo_scenario_parse(t, len, FILENAME, &other, msg, sizeof(msg));
		if (r != ret)
			fprintf(stderr, "fuzz_parse: %s: %d \"%s\", before: %d \"%s\"\n",
				crlf ? "with CR before LF" : "after a byte order mark", r, msg, ret,
				err);
		require(r == ret);
		require(crlf || !strcmp(msg, err));
		if (fsc)
			check_same_tree(scenario_of(fsc), scenario_of(other));
		fo_scenario_free(other);
		free(t);
	}
}

/* One execution, not an exploration; its verdict printed. */
static void run_once(const fo_scenario *fsc)
{
	struct fo_check_opts o;
	fo_verdict *v;
	char err[256];
	int ret;

	fo_check_opts_init(&o);
	o.strategy = FO_STRATEGY_DFS;
	o.max_executions = 1;
	o.max_steps = 2000;
	ret = fo_check(fsc, &o, &v, err, sizeof(err));
	require(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	require(!ret == !!v);
	if (ret)
		return;
	require(fo_verdict_met(v) >= 0);
	require(!fo_verdict_print(v, devnull, FO_FORMAT_TEXT, FO_TRACE_ASCII));
	require(!fo_verdict_print(v, devnull, FO_FORMAT_JSON, FO_TRACE_MERMAID));
	fo_verdict_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	fo_scenario *fsc = NULL, *again = NULL;
	char err[256], tiny[8];
	size_t errlen;
	int ret, ret2;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		require(devnull);
	}
	memset(err, 'x', sizeof(err));
	ret = fo_scenario_parse(text, size, FILENAME, &fsc, err, sizeof(err));
	require(ret == 0 || ret == -EINVAL || ret == -ENOMEM);
	require(!ret == !!fsc);
	errlen = strnlen(err, sizeof(err));
	require(errlen < sizeof(err));
	if (ret == 0)
		require(errlen == 0);
	else
		require(!strncmp(err, FILENAME ":", strlen(FILENAME ":")) &&
			strstr(err, ": error: "));

	/* no message buffer, and one too small for the message */
	ret2 = fo_scenario_parse(text, size, FILENAME, &again, NULL, 0);
	require(ret2 == ret);
	fo_scenario_free(again);
	memset(tiny, 'x', sizeof(tiny));
	ret2 = fo_scenario_parse(text, size, FILENAME, &again, tiny, sizeof(tiny));
	require(ret2 == ret);
	require(strnlen(tiny, sizeof(tiny)) < sizeof(tiny));
	require(!strncmp(tiny, err, strlen(tiny)));
	fo_scenario_free(again);

	check_ignored(text, size, ret, err, fsc);
	if (ret)
		return 0;

	check_tree(scenario_of(fsc));
	check_accessors(fsc, data, size);

	/* the Nth allocation fails: -ENOMEM and nothing leaked, or it came too late */
	scenario_fail_alloc_after(1 + (int)(fo_scenario_hash(fsc) % 64));
	again = NULL;
	ret2 = fo_scenario_parse(text, size, FILENAME, &again, err, sizeof(err));
	scenario_fail_alloc_after(0);
	require(ret2 == 0 || ret2 == -ENOMEM);
	require(!ret2 == !!again);
	require(!ret2 || !strcmp(err, FILENAME ": error: out of memory"));
	fo_scenario_free(again);

	run_once(fsc);
	fo_scenario_free(fsc);
	return 0;
}

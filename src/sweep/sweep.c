/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - a scope under every variant, on worker threads; shards as JSON
 * Lines; the report (see sweep.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "oracle/names.h"
#include "sweep/sweep.h"

static const char *const assume_names[SW_NASSUME] = { "one-thread-per-fd", "same-fd",
						      "close-wait-only", "no-no-open" };

const char *fo_sw_assume_name(int a)
{
	return a >= 0 && a < SW_NASSUME ? assume_names[a] : NULL;
}

int fo_sw_assume_parse(const char *name)
{
	for (int a = 0; a < SW_NASSUME; a++)
		if (name && !strcmp(name, assume_names[a]))
			return a;
	return -1;
}

/* The device a daemon op writes on, or -1. */
static int op_dev(const struct sw_op *op)
{
	switch (op->kind) {
	case SW_REPLY:
	case SW_READ:
	case SW_NOTIFY:
		return op->b;
	case SW_WRITE:
		return op->a;
	default:
		return -1;
	}
}

/* The inode of file @f: the one its open or create names. */
static int file_inode(const struct sw_scn *s, int f)
{
	for (int t = 0; t < s->nthreads; t++)
		for (int i = 0; i < s->th[t].nops; i++) {
			const struct sw_op *op = &s->th[t].ops[i];

			if ((op->kind == SW_OPEN || op->kind == SW_CREATE) && op->b == f)
				return op->a;
		}
	return -1;
}

bool fo_sw_assume_holds(const struct sw_scn *s, int a)
{
	switch (a) {
	case SW_ASSUME_CLOSE_WAIT_ONLY:
		return s->close_wait;
	case SW_ASSUME_NO_NO_OPEN:
		return !s->no_open;
	case SW_ASSUME_ONE_THREAD_PER_FD: {
		int owner[64];

		for (int d = 0; d < 64; d++)
			owner[d] = -1;
		for (int t = 0; t < s->nthreads; t++) {
			int mine = -1;

			for (int i = 0; i < s->th[t].nops; i++) {
				int d = op_dev(&s->th[t].ops[i]);

				if (d < 0)
					continue;
				if (mine >= 0 && d != mine)
					return false; /* one thread, two fds */
				if (owner[d] >= 0 && owner[d] != t)
					return false; /* one fd, two threads */
				mine = d;
				owner[d] = t;
			}
		}
		return true;
	}
	case SW_ASSUME_SAME_FD:
		/* every notification of an inode on the fd of each reply to its opens */
		for (int t = 0; t < s->nthreads; t++)
			for (int i = 0; i < s->th[t].nops; i++) {
				const struct sw_op *n = &s->th[t].ops[i];

				if (n->kind != SW_NOTIFY)
					continue;
				for (int u = 0; u < s->nthreads; u++)
					for (int j = 0; j < s->th[u].nops; j++) {
						const struct sw_op *r = &s->th[u].ops[j];

						if (r->kind == SW_REPLY &&
						    file_inode(s, r->a) == n->a && r->b != n->b)
							return false;
					}
			}
		return true;
	}
	return false;
}

/* ---- running a scope ---- */

struct job {
	const struct sw_run_opts *o;
	struct sw_scn *scn;
	uint64_t *index;
	struct sw_results *rs;
	size_t n;
	atomic_size_t next, done;
	atomic_int err;
	char errmsg[1024];
	pthread_mutex_t lock;
};

static int check_one(struct job *j, size_t i)
{
	const struct sw_run_opts *o = j->o;
	struct sw_result *r = &j->rs->r[i];
	char text[SW_TEXT_LEN], err[512];
	fo_scenario *sc;
	int n = fo_sw_format(&j->scn[i], NULL, text, sizeof(text)), ret;

	if (n < 0)
		return n;
	r->index = j->index[i];
	r->nthreads = j->scn[i].nthreads;
	r->nops = fo_sw_nops(&j->scn[i]);
	r->assume = 0;
	for (int a = 0; a < SW_NASSUME; a++)
		if (fo_sw_assume_holds(&j->scn[i], a))
			r->assume |= 1u << a;
	r->text = strdup(text);
	if (!r->text)
		return -ENOMEM;
	ret = fo_scenario_parse(text, (size_t)n, "sweep.fos", &sc, err, sizeof(err));
	if (ret) {
		pthread_mutex_lock(&j->lock);
		snprintf(j->errmsg, sizeof(j->errmsg),
			 "generated scenario %" PRIu64 " does not parse: %s", r->index, err);
		pthread_mutex_unlock(&j->lock);
		return -EINVAL;
	}
	for (int v = 0; v < o->nvariants && !ret; v++) {
		struct fo_check_opts co;
		struct fo_check_stats st;
		fo_verdict *vd;

		fo_check_opts_init(&co);
		co.variant = o->variants[v];
		co.set = o->set;
		co.max_executions = o->max_executions;
		co.time_limit = o->time_limit;
		if (o->max_steps)
			co.max_steps = o->max_steps;
		ret = fo_check(sc, &co, &vd, err, sizeof(err));
		if (ret) {
			pthread_mutex_lock(&j->lock);
			snprintf(j->errmsg, sizeof(j->errmsg), "%s", err);
			pthread_mutex_unlock(&j->lock);
			break;
		}
		fo_verdict_stats(vd, &st);
		r->pair[v] = (struct sw_pair){ .violated = fo_verdict_violated(vd),
					       .complete = st.complete,
					       .limit = (int)st.limit,
					       .executions = st.executions };
		fo_verdict_free(vd);
	}
	fo_scenario_free(sc);
	return ret;
}

static void *worker(void *arg)
{
	struct job *j = arg;

	for (;;) {
		size_t i = atomic_fetch_add(&j->next, 1);
		int ret;

		if (i >= j->n || atomic_load(&j->err))
			break;
		ret = check_one(j, i);
		if (ret) {
			int zero = 0;

			atomic_compare_exchange_strong(&j->err, &zero, ret);
			break;
		}
		atomic_fetch_add(&j->done, 1);
	}
	return NULL;
}

struct collect {
	const struct sw_run_opts *o;
	struct sw_scn *scn;
	uint64_t *index;
	size_t n, cap;
	uint64_t total;
	int err;
};

static int collect_one(void *priv, const struct sw_scn *s, uint64_t index)
{
	struct collect *c = priv;

	c->total = index + 1;
	if (c->o->shard_n && index % (uint64_t)c->o->shard_n != (uint64_t)(c->o->shard_k - 1))
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 1024;
		struct sw_scn *p = realloc(c->scn, cap * sizeof(*p));
		uint64_t *q;

		if (!p)
			return c->err = -ENOMEM;
		c->scn = p;
		q = realloc(c->index, cap * sizeof(*q));
		if (!q)
			return c->err = -ENOMEM;
		c->index = q;
		c->cap = cap;
	}
	c->scn[c->n] = *s;
	c->index[c->n++] = index;
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int fo_sw_run(const struct sw_scope *scope, const struct sw_run_opts *o, struct sw_results *out,
	      char *err, size_t errlen)
{
	struct collect c = { .o = o };
	struct job j = { .o = o };
	pthread_t th[256];
	int jobs = o->jobs < 1 ? 1 : o->jobs > 256 ? 256 : o->jobs, started = 0, ret;
	double t0 = now(), last = 0;

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	fo_sw_enumerate(scope, collect_one, &c);
	if (c.err) {
		free(c.scn);
		free(c.index);
		return c.err;
	}
	out->total = c.total;
	out->r = calloc(c.n ? c.n : 1, sizeof(*out->r));
	if (!out->r) {
		free(c.scn);
		free(c.index);
		return -ENOMEM;
	}
	out->n = out->cap = c.n;
	j.scn = c.scn;
	j.index = c.index;
	j.rs = out;
	j.n = c.n;
	pthread_mutex_init(&j.lock, NULL);
	for (int i = 0; i < jobs; i++)
		if (!pthread_create(&th[i], NULL, worker, &j))
			started++;
	if (!started)
		worker(&j);
	/* the status line: done/total, pairs per second, time left */
	while (o->progress && atomic_load(&j.done) < j.n && !atomic_load(&j.err)) {
		size_t done = atomic_load(&j.done);
		double t = now() - t0;

		if (t - last >= 0.5) {
			double rate = t > 0 ? (double)done * o->nvariants / t : 0;
			double eta = done ? t * (double)(j.n - done) / (double)done : 0;

			fprintf(stderr, "\rsweep: %zu/%zu scenarios, %.0f pairs/s, ETA %.0f s   ",
				done, j.n, rate, eta);
			last = t;
		}
		usleep(100000);
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (o->progress)
		fprintf(stderr, "\rsweep: %zu/%zu scenarios, %.1f s%30s\n", atomic_load(&j.done),
			j.n, now() - t0, "");
	ret = atomic_load(&j.err);
	if (ret && err && errlen)
		snprintf(err, errlen, "%s", j.errmsg[0] ? j.errmsg : strerror(-ret));
	pthread_mutex_destroy(&j.lock);
	free(c.scn);
	free(c.index);
	if (ret)
		fo_sw_results_free(out);
	return ret;
}

void fo_sw_results_free(struct sw_results *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		free(rs->r[i].text);
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

/* ---- JSON Lines ---- */

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", f);
		else if (ch == '\t')
			fputs("\\t", f);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

void fo_sw_write_jsonl(FILE *f, const struct sw_scope *scope, const struct sw_run_opts *o,
		       const struct sw_results *rs)
{
	char sc[1024];

	fo_sw_scope_format(scope, sc, sizeof(sc));
	fprintf(f, "{\"sweep\":1,\"scope\":");
	json_string(f, sc);
	fprintf(f, ",\"variants\":[");
	for (int v = 0; v < o->nvariants; v++) {
		fputs(v ? "," : "", f);
		json_string(f, o->variants[v]);
	}
	fprintf(f, "],\"set\":[");
	for (int i = 0; o->set && o->set[i]; i++) {
		fputs(i ? "," : "", f);
		json_string(f, o->set[i]);
	}
	fprintf(f,
		"],\"max_executions\":%" PRIu64 ",\"max_steps\":%" PRIu64
		",\"time_limit\":%.17g,\"shard\":\"%d/%d\",\"total\":%" PRIu64 "}\n",
		o->max_executions, o->max_steps, o->time_limit, o->shard_n ? o->shard_k : 1,
		o->shard_n ? o->shard_n : 1, rs->total);
	for (size_t i = 0; i < rs->n; i++) {
		const struct sw_result *r = &rs->r[i];

		fprintf(f,
			"{\"index\":%" PRIu64 ",\"threads\":%d,\"ops\":%d,\"assume\":%u,\"text\":",
			r->index, r->nthreads, r->nops, r->assume);
		json_string(f, r->text);
		fprintf(f, ",\"pairs\":[");
		for (int v = 0; v < o->nvariants; v++)
			fprintf(f, "%s[%u,%d,%d,%" PRIu64 "]", v ? "," : "", r->pair[v].violated,
				r->pair[v].complete, r->pair[v].limit, r->pair[v].executions);
		fprintf(f, "]}\n");
	}
}

/* The value after "NAME": in a line, or NULL. */
static const char *field(const char *line, const char *name)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", name);
	p = strstr(line, pat);
	return p ? p + strlen(pat) : NULL;
}

/* A JSON string at @p into a new buffer; @end gets the byte after it. */
static char *json_unstring(const char *p, const char **end)
{
	size_t n = 0, cap = strlen(p) + 1;
	char *s;

	if (!p || *p != '"' || !(s = malloc(cap)))
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\') {
			p++;
			switch (*p) {
			case 'n':
				s[n++] = '\n';
				break;
			case 't':
				s[n++] = '\t';
				break;
			case 'u': {
				unsigned v = 0;

				if (sscanf(p + 1, "%4x", &v) != 1) {
					free(s);
					return NULL;
				}
				s[n++] = (char)v;
				p += 4;
				break;
			}
			case '\0':
				free(s);
				return NULL;
			default:
				s[n++] = *p;
				break;
			}
		} else {
			s[n++] = *p;
		}
	}
	if (*p != '"') {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	if (end)
		*end = p + 1;
	return s;
}

static int bad(char *err, size_t errlen, const char *path, long line, const char *what)
{
	if (err && errlen)
		snprintf(err, errlen, "%s:%ld: %s", path, line, what);
	return -EINVAL;
}

/* The header without its shard, which differs from file to file. */
static void header_sans_shard(const char *line, char *buf, size_t len)
{
	const char *p = strstr(line, ",\"shard\":");
	const char *q = p ? strstr(p, ",\"total\":") : NULL;

	if (!p || !q) {
		snprintf(buf, len, "%s", line);
		return;
	}
	snprintf(buf, len, "%.*s%s", (int)(p - line), line, q);
}

static int cmp_index(const void *a, const void *b)
{
	const struct sw_result *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/* Variant and set strings of the header live as long as the program: they are leaked on purpose. */
int fo_sw_read_jsonl(const char *const *paths, int npaths, char *scope_text, size_t scope_len,
		     struct sw_run_opts *o, struct sw_results *out, char *err, size_t errlen)
{
	char first[4096] = "";
	static const char *sets[65];
	int nsets = 0;

	memset(out, 0, sizeof(*out));
	for (int fi = 0; fi < npaths; fi++) {
		FILE *f = fopen(paths[fi], "r");
		char *line = NULL;
		size_t cap = 0;
		long lineno = 0;
		ssize_t len;

		if (!f) {
			if (err && errlen)
				snprintf(err, errlen, "%s: cannot read: %s", paths[fi],
					 strerror(errno));
			fo_sw_results_free(out);
			return -errno ? -errno : -EIO;
		}
		while ((len = getline(&line, &cap, f)) > 0) {
			const char *p;

			lineno++;
			if (line[len - 1] == '\n')
				line[--len] = '\0';
			if (lineno == 1) {
				char h[4096];

				if (!field(line, "sweep"))
					goto bad_header;
				header_sans_shard(line, h, sizeof(h));
				if (fi == 0) {
					const char *e;
					char *s;

					snprintf(first, sizeof(first), "%s", h);
					s = json_unstring(field(line, "scope"), NULL);
					if (!s)
						goto bad_header;
					snprintf(scope_text, scope_len, "%s", s);
					free(s);
					memset(o, 0, sizeof(*o));
					p = field(line, "variants");
					if (!p || *p != '[')
						goto bad_header;
					for (p++; *p == '"' && o->nvariants < SW_MAX_VARIANTS;) {
						o->variants[o->nvariants++] = json_unstring(p, &e);
						if (!o->variants[o->nvariants - 1])
							goto bad_header;
						p = *e == ',' ? e + 1 : e;
					}
					p = field(line, "set");
					if (!p || *p != '[')
						goto bad_header;
					for (p++; *p == '"' && nsets < 64;) {
						sets[nsets++] = json_unstring(p, &e);
						if (!sets[nsets - 1])
							goto bad_header;
						p = *e == ',' ? e + 1 : e;
					}
					sets[nsets] = NULL;
					o->set = nsets ? sets : NULL;
					o->max_executions =
						strtoull(field(line, "max_executions"), NULL, 10);
					o->max_steps = strtoull(field(line, "max_steps"), NULL, 10);
					o->time_limit = strtod(field(line, "time_limit"), NULL);
					out->total = strtoull(field(line, "total"), NULL, 10);
				} else if (strcmp(first, h)) {
					free(line);
					fclose(f);
					fo_sw_results_free(out);
					return bad(err, errlen, paths[fi], lineno,
						   "another sweep than the first file's (scope, "
						   "variants or options differ)");
				}
				continue;
			}
			if (out->n == out->cap) {
				size_t nc = out->cap ? 2 * out->cap : 1024;
				struct sw_result *r = realloc(out->r, nc * sizeof(*r));

				if (!r) {
					free(line);
					fclose(f);
					fo_sw_results_free(out);
					return -ENOMEM;
				}
				out->r = r;
				out->cap = nc;
			}
			{
				struct sw_result *r = &out->r[out->n];
				const char *pi = field(line, "index"), *pt = field(line, "text");

				memset(r, 0, sizeof(*r));
				if (!pi || !pt || !field(line, "threads") || !field(line, "ops") ||
				    !field(line, "assume") || !(p = field(line, "pairs"))) {
					free(line);
					fclose(f);
					fo_sw_results_free(out);
					return bad(err, errlen, paths[fi], lineno,
						   "not a sweep result");
				}
				r->index = strtoull(pi, NULL, 10);
				r->nthreads = atoi(field(line, "threads"));
				r->nops = atoi(field(line, "ops"));
				r->assume = (unsigned)strtoul(field(line, "assume"), NULL, 10);
				r->text = json_unstring(pt, NULL);
				out->n++;
				p++;
				for (int v = 0; v < o->nvariants; v++) {
					unsigned viol;
					int comp, lim, used;
					uint64_t ex;

					if (sscanf(p, "[%u,%d,%d,%" SCNu64 "]%n", &viol, &comp,
						   &lim, &ex, &used) != 4 ||
					    !r->text) {
						free(line);
						fclose(f);
						fo_sw_results_free(out);
						return bad(err, errlen, paths[fi], lineno,
							   "not a sweep result");
					}
					r->pair[v] = (struct sw_pair){ .violated = viol,
								       .complete = comp,
								       .limit = lim,
								       .executions = ex };
					p += used;
					if (*p == ',')
						p++;
				}
			}
		}
		free(line);
		fclose(f);
		if (lineno == 0) {
			fo_sw_results_free(out);
			return bad(err, errlen, paths[fi], 1, "empty: not a sweep shard");
		}
		continue;
bad_header:
		free(line);
		fclose(f);
		fo_sw_results_free(out);
		return bad(err, errlen, paths[fi], 1, "not a sweep shard (bad header)");
	}
	qsort(out->r, out->n, sizeof(*out->r), cmp_index);
	for (size_t i = 0; i < out->n; i++)
		if (out->r[i].index != i) {
			char what[128];

			snprintf(what, sizeof(what),
				 i && out->r[i].index == out->r[i - 1].index ?
					 "scenario %zu is in two shards" :
					 "scenario %zu is in no shard",
				 i && out->r[i].index == out->r[i - 1].index ?
					 (size_t)out->r[i].index :
					 i);
			fo_sw_results_free(out);
			return bad(err, errlen, paths[0], 1, what);
		}
	if (out->n != out->total) {
		char what[128];

		snprintf(what, sizeof(what), "the shards hold %zu of %" PRIu64 " scenarios", out->n,
			 out->total);
		fo_sw_results_free(out);
		return bad(err, errlen, paths[0], 1, what);
	}
	return 0;
}

/* ---- the report ---- */

static void oracle_list(unsigned mask, char *buf, size_t len)
{
	oracle_mask_text(mask, ", ", buf, len);
}

/* Smaller: fewer threads, then fewer ops, then earlier in the enumeration. */
static bool smaller(const struct sw_result *a, const struct sw_result *b)
{
	if (!b)
		return true;
	if (a->nthreads != b->nthreads)
		return a->nthreads < b->nthreads;
	if (a->nops != b->nops)
		return a->nops < b->nops;
	return a->index < b->index;
}

/* The .fos of a counterexample: the scenario text and an expect line per variant. */
static void fos_text(const struct sw_run_opts *o, const struct sw_result *r, const char *why,
		     const char *variant, char *buf, size_t len)
{
	size_t n = 0;

	n += (size_t)snprintf(buf + n, len - n,
			      "# %s\n# (scenario %" PRIu64 " of the sweep; fuseord sweep --canon "
			      "prints its key)\nscenario \"sweep %" PRIu64 "\"\nvariant %s\n",
			      why, r->index, r->index, variant);
	n += (size_t)snprintf(buf + n, len - n, "%s\n", r->text);
	for (int v = 0; v < o->nvariants && n < len; v++) {
		char l[160];

		oracle_list(r->pair[v].violated, l, sizeof(l));
		n += (size_t)snprintf(buf + n, len - n, "expect %s: %s\n", o->variants[v], l);
	}
}

/* Check the .fos text once more under @variant and get the token of @oracle. */
static void token_of(const struct sw_run_opts *o, const char *text, const char *variant,
		     unsigned oracle, char *tok, size_t len)
{
	fo_scenario *sc;
	struct fo_check_opts co;
	fo_verdict *v;
	const char *t;

	snprintf(tok, len, "-");
	if (fo_scenario_parse(text, strlen(text), "sweep.fos", &sc, NULL, 0))
		return;
	fo_check_opts_init(&co);
	co.variant = variant;
	co.set = o->set;
	co.max_executions = o->max_executions;
	if (o->max_steps)
		co.max_steps = o->max_steps;
	if (!fo_check(sc, &co, &v, NULL, 0)) {
		if ((t = fo_verdict_schedule(v, oracle)))
			snprintf(tok, len, "%s", t);
		fo_verdict_free(v);
	}
	fo_scenario_free(sc);
}

static void set_name(unsigned set, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!set) {
		snprintf(buf, len, "none");
		return;
	}
	for (int a = 0; a < SW_NASSUME; a++)
		if (set & (1u << a))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "+" : "",
					      assume_names[a]);
}

static void write_fos(const struct sw_report_opts *ro, const char *name, const char *text,
		      FILE *rep)
{
	char path[4096];
	FILE *f;

	if (!ro->out_dir)
		return;
	snprintf(path, sizeof(path), "%s/%s.fos", ro->out_dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(rep, "    (cannot write %s: %s)\n", path, strerror(errno));
		return;
	}
	fputs(text, f);
	fclose(f);
	fprintf(rep, "    file:     %s\n", path);
}

static void report_set(FILE *f, const struct sw_run_opts *o, const struct sw_results *rs,
		       const struct sw_report_opts *ro, int v, unsigned set)
{
	const struct sw_result *small[FO_ORACLE_COUNT] = { 0 };
	uint64_t count[FO_ORACLE_COUNT] = { 0 }, in = 0, incomplete = 0, dirty = 0;
	char sname[256];

	set_name(set, sname, sizeof(sname));
	for (size_t i = 0; i < rs->n; i++) {
		const struct sw_result *r = &rs->r[i];
		const struct sw_pair *p = &r->pair[v];

		if ((r->assume & set) != set)
			continue;
		in++;
		incomplete += !p->complete;
		dirty += p->violated != 0;
		for (int b = 0; b < FO_ORACLE_COUNT; b++)
			if (p->violated & (1u << b)) {
				count[b]++;
				if (smaller(r, small[b]))
					small[b] = r;
			}
	}
	fprintf(f,
		"\nvariant %s, assumptions %s: %" PRIu64 " scenarios, %" PRIu64
		" violate an oracle, %" PRIu64 " incomplete -> %s\n",
		o->variants[v], sname, in, dirty, incomplete,
		dirty      ? "NOT CLEAN" :
		incomplete ? "clean so far (incomplete)" :
			     "clean");
	for (int b = 0; b < FO_ORACLE_COUNT; b++) {
		char text[SW_TEXT_LEN + 1024], why[512], tok[512], name[300];
		const struct sw_result *r = small[b];

		if (!r)
			continue;
		snprintf(why, sizeof(why),
			 "fuseord sweep: the smallest scenario of the scope violating %s under %s "
			 "(assumptions: %s)",
			 fo_oracle_name(1u << b), o->variants[v], sname);
		fos_text(o, r, why, o->variants[v], text, sizeof(text));
		token_of(o, text, o->variants[v], 1u << b, tok, sizeof(tok));
		fprintf(f,
			"  %-14s %6" PRIu64 " scenarios; smallest: %" PRIu64
			" (%d threads, %d ops)\n",
			fo_oracle_name(1u << b), count[b], r->index, r->nthreads, r->nops);
		fprintf(f, "    schedule: %s\n", tok);
		snprintf(name, sizeof(name), "%s-%s-%s", o->variants[v], sname,
			 fo_oracle_name(1u << b));
		write_fos(ro, name, text, f);
	}
}

int fo_sw_report(FILE *f, const struct sw_run_opts *o, const struct sw_results *rs,
		 const struct sw_report_opts *ro)
{
	uint64_t pairs = 0, complete = 0, executions = 0;
	unsigned sets[SW_NASSUME + 2];
	int nsets = 0, named = 0;

	for (size_t i = 0; i < rs->n; i++)
		for (int v = 0; v < o->nvariants; v++) {
			pairs++;
			complete += rs->r[i].pair[v].complete;
			executions += rs->r[i].pair[v].executions;
		}
	fprintf(f, "sweep %s\n", ro->scope_text ? ro->scope_text : "");
	fprintf(f, "variants");
	for (int v = 0; v < o->nvariants; v++)
		fprintf(f, " %s", o->variants[v]);
	for (int i = 0; o->set && o->set[i]; i++)
		fprintf(f, "%s%s", i ? " " : "; --set ", o->set[i]);
	fprintf(f, "; per pair: max-executions %" PRIu64 ", max-steps %" PRIu64 "\n",
		o->max_executions, o->max_steps ? o->max_steps : (uint64_t)10000);
	fprintf(f,
		"scenarios %zu, pairs %" PRIu64 ", complete %" PRIu64 ", incomplete %" PRIu64
		" -> %s\n",
		rs->n, pairs, complete, pairs - complete,
		complete == pairs ? "complete" : "INCOMPLETE");
	fprintf(f, "executions %" PRIu64 "\n", executions);
	sets[nsets++] = 0;
	for (int a = 0; a < SW_NASSUME; a++)
		if (ro->assume & (1u << a)) {
			sets[nsets++] = 1u << a;
			named++;
		}
	if (named > 1)
		sets[nsets++] = ro->assume;
	for (int v = 0; v < o->nvariants; v++)
		for (int s = 0; s < nsets; s++)
			report_set(f, o, rs, ro, v, sets[s]);
	/* where a discipline rules a scenario out: the smallest such that violates something */
	for (int a = 0; a < SW_NASSUME; a++) {
		const struct sw_result *best = NULL;

		if (!(ro->assume & (1u << a)))
			continue;
		for (size_t i = 0; i < rs->n; i++) {
			const struct sw_result *r = &rs->r[i];

			if (!(r->assume & (1u << a)) && smaller(r, best))
				best = r;
		}
		if (!best)
			fprintf(f, "\n%s: every scenario of the scope keeps it\n", assume_names[a]);
		else
			fprintf(f,
				"\n%s cannot be kept, smallest: scenario %" PRIu64 " (%d threads, "
				"%d ops)\n%s",
				assume_names[a], best->index, best->nthreads, best->nops,
				best->text);
	}
	return 0;
}

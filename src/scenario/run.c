/* SPDX-License-Identifier: MIT */
/*
 * run.c - a scenario as model threads under the explorer (see run.h).
 *
 * Scenario threads call the model through its public API, exactly as a unit
 * test on real threads would; only the runtime underneath differs. What a
 * thread needs from another (the file another thread opened, the request a
 * reply answers, a signal) it waits for on a completion, so the explorer
 * sees that dependency like any other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuseord/model.h"
#include "fuseord/oracle.h"
#include "scenario/run.h"
#include "util/util.h"

static int run_file_of_fid(const struct sc_run *r, int fid)
{
	for (int i = 0; i < r->sc->nfiles; i++)
		if (r->fid[i] == fid)
			return i;
	return -1;
}

static const char *name_file(void *priv, int fid)
{
	struct sc_run *r = priv;
	int i = run_file_of_fid(r, fid);

	return i >= 0 ? r->sc->files[i].name : NULL;
}

static const char *name_dev(void *priv, int id)
{
	struct sc_run *r = priv;

	return id >= 0 && id < r->sc->ndevs ? r->sc->devs[id].name : NULL;
}

static int run_thread_of_task(const struct sc_run *r, const struct fo_task *task)
{
	for (int i = 0; i < r->sim->nthreads; i++)
		if (&r->sim->threads[i].task == task)
			return i;
	return -1;
}

/* ---- words for a trace ---- */

static const char *file_name(const struct sc_run *r, const struct fuse_file *ff)
{
	int i = ff ? run_file_of_fid(r, ff->fid) : -1;

	return i >= 0 ? r->sc->files[i].name : "?";
}

static const char *dev_name(const struct sc_run *r, const struct fuse_dev *fud)
{
	return fud && fud->id < r->sc->ndevs ? r->sc->devs[fud->id].name : "?";
}

/* ", held by a (opening f)": who holds a caller's lock an open took. */
static void describe_holder(const struct sc_run *r, const void *lock, char *buf, size_t len)
{
	int fid = fuse_model_lock_holder(r->m, lock);
	int i = fid >= 0 ? run_file_of_fid(r, fid) : -1;

	if (i >= 0)
		snprintf(buf, len, ", held by %s (opening %s)",
			 r->sc->threads[r->sc->files[i].thread].name, r->sc->files[i].name);
	else
		*buf = '\0';
}

/* What a blocked thread waits for, named as the scenario names things. */
static void describe_wait(const struct sc_run *r, const struct rt_wait *w, char *buf, size_t len)
{
	struct fuse_wait_subject ws;
	unsigned long long ino;
	char holder[72];
	int file;

	fuse_model_wait_subject(r->m, w->var, &ws);
	ino = (unsigned long long)ws.nodeid;
	file = ws.fid >= 0 ? run_file_of_fid(r, ws.fid) : -1;
	switch (ws.kind) {
	case FUSE_WAIT_INVAL_FILES:
		snprintf(buf, len, "bit FUSE_I_INVAL_FILES of inode %llu", ino);
		return;
	case FUSE_WAIT_INODE_LOCK:
		snprintf(buf, len, "the lock of inode %llu", ino);
		return;
	case FUSE_WAIT_INODE_RWSEM:
		describe_holder(r, w->var, holder, sizeof(holder));
		snprintf(buf, len, "inode_lock() of inode %llu%s", ino, holder);
		return;
	case FUSE_WAIT_DIR_RWSEM:
		describe_holder(r, w->var, holder, sizeof(holder));
		snprintf(buf, len, "inode_lock() of the parent directory%s", holder);
		return;
	case FUSE_WAIT_ANSWER:
		if (file < 0)
			break; /* a file the scenario does not know yet */
		snprintf(buf, len, "the reply to %s of %s", ws.create ? "FUSE_CREATE" : "FUSE_OPEN",
			 r->sc->files[file].name);
		return;
	case FUSE_WAIT_FILE_LOCK:
		if (file < 0)
			break;
		snprintf(buf, len, "the lock of file %s", r->sc->files[file].name);
		return;
	case FUSE_WAIT_CONN_LOCK:
		snprintf(buf, len, "fc->lock");
		return;
	case FUSE_WAIT_FPQ_LOCK:
		snprintf(buf, len, "the processing queue lock");
		return;
	case FUSE_WAIT_OTHER:
		break;
	}
	snprintf(buf, len, "%s", w->what ? w->what : "?");
}

/*
 * Remember where oracle event number n happened (row, thread, step), so a
 * verdict can point at its row and its message can speak of steps.
 */
static void note_event(struct sc_run *r, long row, int tid)
{
	if (r->nevent_rows == r->event_rows_cap) {
		size_t cap = r->event_rows_cap ? 2 * r->event_rows_cap : 256;
		long *p = realloc(r->event_row, cap * sizeof(*p));
		int8_t *t = realloc(r->event_tid, cap * sizeof(*t));
		uint32_t *s = realloc(r->event_step, cap * sizeof(*s));

		if (p)
			r->event_row = p;
		if (t)
			r->event_tid = t;
		if (s)
			r->event_step = s;
		if (!p || !t || !s) {
			/* a message would point at the wrong step: fail instead */
			r->err = -ENOMEM;
			return;
		}
		r->event_rows_cap = cap;
	}
	r->event_row[r->nevent_rows] = row;
	r->event_tid[r->nevent_rows] = (int8_t)tid;
	r->event_step[r->nevent_rows++] = (uint32_t)r->step;
}

/* Events that had no row of their own belong to the row that ends their op. */
static void claim_events(struct sc_run *r, int tid, long row)
{
	for (size_t i = r->nevent_rows; i-- > 0 && r->event_row[i] < 0;)
		if (r->event_tid[i] == tid)
			r->event_row[i] = row;
	for (size_t i = 0; i < r->nevent_rows; i++)
		if (r->event_row[i] < 0 && r->event_tid[i] == tid)
			r->event_row[i] = row;
}

/*
 * "at event 23" in the message of oracle @bit becomes "at step 60", as the
 * trace numbers them: the oracle says where its message names an event
 * (fuse_oracles_refs()), so only those spans change.
 */
static void message_in_steps(const struct sc_run *r, unsigned bit, char *msg, size_t len)
{
	const struct fuse_oracle_ref *refs;
	unsigned nrefs = fuse_oracles_refs(&r->oracles, bit, &refs);
	char out[FUSE_ORACLE_MSG_LEN];
	size_t n = 0, at = 0, end = strlen(msg);

	for (unsigned k = 0; k <= nrefs && n + 1 < sizeof(out); k++) {
		size_t upto = k < nrefs ? refs[k].off : end;

		while (at < upto && n + 1 < sizeof(out))
			out[n++] = msg[at++];
		if (k == nrefs || n + 1 >= sizeof(out))
			break;
		if (refs[k].event < r->nevent_rows) {
			n += (size_t)snprintf(out + n, sizeof(out) - n, "step %u",
					      r->event_step[refs[k].event]);
			at += refs[k].len;
		}
		/* else the span stays as it is, copied with the text after it */
	}
	out[n < sizeof(out) ? n : sizeof(out) - 1] = '\0';
	snprintf(msg, len, "%s", out);
}

static long event_row(struct sc_run *r, int tid, const struct fuse_event *ev)
{
	struct trace *t = r->trace;
	uint32_t s = (uint32_t)r->step;
	unsigned long long v = (unsigned long long)ev->seq;
	const char *ino = ev->fi ? ev->fi->name + 6 : "?"; /* "inode 7" -> "7" */

	switch (ev->kind) {
	case FUSE_EV_WRITE_ENTER:
		if (!ev->counter)
			return trace_add(t, s, tid, "enters fuse_dev_do_write");
		if (ev->plain)
			return trace_add(t, s, tid, "load %s.write_seq=%llu", dev_name(r, ev->fud), v);
		return trace_add(t, s, tid, "%s.write_seq++ =%llu", dev_name(r, ev->fud), v);
	case FUSE_EV_SEQ_STORE:
		return trace_add(t, s, tid, "store %s.write_seq=%llu", dev_name(r, ev->fud), v);
	case FUSE_EV_SEQ_SAVE:
		if (ev->fi && ev->counter == &ev->fi->inval_files_seq)
			return trace_add(t, s, tid, "inval_files_seq(%s)=%llu", ino, v);
		if (ev->ff && ev->counter == &ev->ff->open_seq)
			return trace_add(t, s, tid, "open_seq(%s)=%llu", file_name(r, ev->ff), v);
		return trace_add(t, s, tid, "reply_seq(%s)=%llu", file_name(r, ev->ff), v);
	case FUSE_EV_SEQ_CHECK:
		/* the step that decides whether a linked file is stale */
		return trace_add(t, s, tid, "open_seq %llu < inval_files_seq %llu is %s: %s %s", v,
				 (unsigned long long)ev->against, ev->seq < ev->against ? "true" : "false",
				 file_name(r, ev->ff), ev->seq < ev->against ? "is flagged" : "not flagged");
	case FUSE_EV_INVAL_SET:
		return trace_add(t, s, tid, "set INVAL_FILES(%s)", ino);
	case FUSE_EV_INVAL_MERGED:
		return trace_add(t, s, tid, "INVAL_FILES(%s) set already: merged", ino);
	case FUSE_EV_INVAL_CLEAR:
		return trace_add(t, s, tid, "clear INVAL_FILES(%s), wake", ino);
	case FUSE_EV_FLAG:
		return trace_add(t, s, tid, "flag %s FAIL_IMMEDIATELY", file_name(r, ev->ff));
	case FUSE_EV_LINK:
		return trace_add(t, s, tid, "link %s on rw_files(%s)", file_name(r, ev->ff), ino);
	case FUSE_EV_UNLINK:
		return trace_add(t, s, tid, "unlink %s from rw_files", file_name(r, ev->ff));
	case FUSE_EV_OPEN_SENT:
		return trace_add(t, s, tid, "%s(%s) pending",
				 ev->ff->create ? "FUSE_CREATE" : "FUSE_OPEN", file_name(r, ev->ff));
	default:
		return -1; /* the op's own row says it */
	}
}

static void run_event(void *priv, const struct fuse_event *ev)
{
	struct sc_run *r = priv;

	int tid = run_thread_of_task(r, ev->task);

	/* the file a model fid is: known once its open starts */
	if (ev->kind == FUSE_EV_OPEN_START && tid >= 0 && r->cur_file[tid] >= 0)
		r->fid[r->cur_file[tid]] = ev->ff->fid;
	fuse_oracles_event(&r->oracles, ev);
	if (r->trace)
		note_event(r, event_row(r, tid, ev), tid);
}

static void op_text(const struct sc_run *r, const struct scenario_op *op, char *buf, size_t len)
{
	const struct scenario *sc = r->sc;
	const char *name = scenario_op_name(op->kind);
	unsigned long long ino = (unsigned long long)op->nodeid;

	switch (op->kind) {
	case SC_OP_OPEN:
	case SC_OP_CREATE:
		snprintf(buf, len, "%s %llu as %s%s", name, ino, sc->files[op->file].name,
			 op->trunc ? " trunc" : "");
		break;
	case SC_OP_IO:
	case SC_OP_RELEASE:
		snprintf(buf, len, "%s %s", name, sc->files[op->file].name);
		break;
	case SC_OP_FIEMAP:
		snprintf(buf, len, "fiemap %llu", ino);
		break;
	case SC_OP_REPLY:
	case SC_OP_READ:
		snprintf(buf, len, "%s %s on %s%s%s", name, sc->files[op->file].name,
			 sc->devs[op->dev].name, op->error ? " error " : "",
			 op->error ? util_errno_name(op->error) + 2 : "");
		break;
	case SC_OP_NOTIFY:
		snprintf(buf, len, "notify %llu on %s", ino, sc->devs[op->dev].name);
		break;
	case SC_OP_WRITE:
		snprintf(buf, len, "write %s", sc->devs[op->dev].name);
		break;
	case SC_OP_KILL:
		snprintf(buf, len, "kill %s", sc->threads[op->thread].name);
		break;
	case SC_OP_SIGNAL:
	case SC_OP_WAIT:
		snprintf(buf, len, "%s %s", name, sc->syncs[op->sync].name);
		break;
	}
}

static const char *err_name(int err)
{
	const char *name = util_errno_name(err);

	return name ? name : "error";
}

/* ---- the scenario's threads ---- */

static int run_op(struct sc_run *r, int ti, const struct scenario_op *op)
{
	const struct scenario *sc = r->sc;
	fo_model *m = r->m;
	int err = 0, fid;

	switch (op->kind) {
	case SC_OP_OPEN:
	case SC_OP_CREATE:
		if (op->kind == SC_OP_OPEN)
			err = fo_model_open_begin(m, op->nodeid,
						  FO_FMODE_READ | FO_FMODE_WRITE |
							  (op->trunc ? FO_FMODE_TRUNC : 0),
						  &fid);
		else
			err = fo_model_create_begin(m, op->nodeid, FO_FMODE_READ | FO_FMODE_WRITE,
						    &fid);
		r->fid[op->file] = fid;
		complete_all(&r->sent[op->file]);
		if (!err)
			err = fo_model_open_end(m, fid);
		return err; /* run_thread_main() then completes opened[] */
	case SC_OP_IO:
	case SC_OP_RELEASE:
		/* a file opened by another thread is used once that open returned */
		if (sc->files[op->file].thread != ti)
			wait_for_completion(&r->opened[op->file], false, r->opened_what[op->file]);
		if (op->kind == SC_OP_IO)
			return fo_model_io(m, r->fid[op->file]);
		return fo_model_release(m, r->fid[op->file]);
	case SC_OP_FIEMAP:
		return fo_model_fiemap(m, op->nodeid);
	case SC_OP_READ:
		/* the daemon reads the request on this fd; gone or never sent: -ENOENT */
		wait_for_completion(&r->sent[op->file], false, r->sent_what[op->file]);
		return fo_model_read(m, op->dev, r->fid[op->file]);
	case SC_OP_REPLY:
		/* no request, no reply: -ENOENT */
		wait_for_completion(&r->sent[op->file], false, r->sent_what[op->file]);
		/*
		 * Without a `read` op the fd that replies is the one that read
		 * the request, in a read() of its own before this write().
		 */
		if (!r->read_op[op->file])
			fo_model_read(m, op->dev, r->fid[op->file]);
		return fo_model_reply_error(m, op->dev, r->fid[op->file], op->error);
	case SC_OP_NOTIFY:
		return fo_model_notify_inval_files(m, op->dev, op->nodeid);
	case SC_OP_WRITE:
		for (unsigned i = 0; i < op->count && !err; i++)
			err = fo_model_write(m, op->dev);
		return err;
	case SC_OP_KILL:
		return fo_task_kill(sim_thread_task(r->sim, op->thread));
	case SC_OP_SIGNAL:
		complete_all(&r->sync[op->sync]);
		return 0;
	case SC_OP_WAIT:
		return wait_for_completion(&r->sync[op->sync], false, r->sync_what[op->sync]);
	}
	return -EINVAL;
}

static void run_thread_main(void *arg)
{
	struct sc_run_thread *th = arg;
	struct sc_run *r = th->r;
	const struct scenario_thread *t = &r->sc->threads[th->index];

	for (int i = 0; i < t->nops; i++) {
		const struct scenario_op *op = &t->ops[i];
		char text[TRACE_TEXT];
		int err;

		if (r->trace) {
			op_text(r, op, text, sizeof(text));
			if (op->kind == SC_OP_WRITE && op->count > 1)
				trace_add(r->trace, (uint32_t)r->step, th->index, "%s x%u", text,
					  op->count);
			else
				trace_add(r->trace, (uint32_t)r->step, th->index, "%s", text);
		}
		r->cur_file[th->index] = op->kind == SC_OP_OPEN || op->kind == SC_OP_CREATE
						 ? op->file
						 : -1;
		err = run_op(r, th->index, op);
		r->cur_file[th->index] = -1;
		if (r->trace && op->kind != SC_OP_SIGNAL && op->kind != SC_OP_WAIT)
			claim_events(r, th->index,
				     trace_add(r->trace, (uint32_t)r->step, th->index, "%s -> %s",
					       scenario_op_name(op->kind), err_name(err)));
		/* after the row, so the row shows the step the open returned in */
		if (op->kind == SC_OP_OPEN || op->kind == SC_OP_CREATE)
			complete_all(&r->opened[op->file]);
	}
}

/* The kernel worker: fuse_inval_files_work() whenever work is queued. */
static void run_worker_main(void *arg)
{
	struct sc_run *r = arg;

	fuse_model_worker(r->m);
}

/* ---- the program ---- */

static int run_setup(void *priv, struct sim *s)
{
	struct sc_run *r = priv;
	const struct scenario *sc = r->sc;
	struct fo_model_opts o = { .variant = "v2", .close_wait = sc->conn.close_wait,
				   .no_open = sc->conn.no_open,
				   .learns_no_open = r->learns_no_open,
				   .writeback_cache = sc->conn.writeback_cache,
				   .manual_worker = true };
	int err;

	r->sim = s;
	/* one step per lock taken and per completion waited for (rt.h) */
	s->sched.gate_waits = !r->fo1_steps;
	err = fuse_model_create_in(&o, &r->mem, &r->m);
	if (err)
		return err;
	err = fuse_model_set_knobs(r->m, &r->knobs);
	for (int i = 0; i < sc->ninodes && !err; i++)
		err = r->absent[i] ? fo_model_inode_add_absent(r->m, sc->inodes[i].nodeid)
			      : fo_model_inode_add(r->m, sc->inodes[i].nodeid);
	for (int i = 1; i < sc->ndevs && !err; i++)
		err = fo_model_dev_clone(r->m) < 0 ? -ENOSPC : 0;
	if (err) {
		fo_model_destroy(r->m);
		r->m = NULL;
		return err;
	}
	fuse_model_set_tracer(r->m, &r->tracer);
	fuse_oracles_reset(&r->oracles);
	for (int i = 0; i < sc->nfiles; i++) {
		r->fid[i] = -1;
		init_completion(&r->sent[i]);
		init_completion(&r->opened[i]);
	}
	for (int i = 0; i < sc->nsyncs; i++)
		init_completion(&r->sync[i]);
	r->step = 0;
	r->nevent_rows = 0;
	for (int i = 0; i < SIM_MAX_THREADS; i++)
		r->cur_file[i] = -1;
	memset(r->asleep, 0, sizeof(r->asleep));
	for (int i = 0; i < sc->nthreads; i++) {
		r->threads[i] = (struct sc_run_thread){ .r = r, .index = i };
		sim_spawn(s, sc->threads[i].name, run_thread_main, &r->threads[i]);
	}
	sim_spawn(s, "worker", run_worker_main, r);
	if (r->trace) {
		r->trace->nthreads = s->nthreads;
		for (int i = 0; i < s->nthreads; i++)
			snprintf(r->trace->names[i], sizeof(r->trace->names[i]), "%s",
				 sim_thread_name(s, i));
	}
	return 0;
}

static void run_on_step(void *priv, struct sim *s, const struct sim_step *st, uint64_t index)
{
	struct sc_run *r = priv;

	r->step = index + 1; /* steps count from 1 in traces */
	if (!r->trace)
		return;
	if (r->asleep[st->thread]) {
		r->asleep[st->thread] = false;
		trace_add(r->trace, (uint32_t)r->step, st->thread, "wakes up");
	}
	if ((st->flags & RT_NOTE) && st->thread == r->nthreads)
		trace_add(r->trace, (uint32_t)r->step, st->thread, "%s", st->what);
}

static void run_after_step(void *priv, struct sim *s, int tid, uint64_t index)
{
	struct sc_run *r = priv;

	if (!r->trace)
		return;
	for (int i = 0; i < s->nthreads; i++) {
		const struct rt_wait *w = sim_blocked_on(s, i);
		char what[160];

		if (!w || w->idle || r->asleep[i])
			continue;
		r->asleep[i] = true;
		describe_wait(r, w, what, sizeof(what));
		trace_add(r->trace, (uint32_t)r->step, i, "sleeps: %s", what);
	}
}

static unsigned run_finish(void *priv, struct sim *s, enum sim_outcome out, bool cut)
{
	struct sc_run *r = priv;
	unsigned v = 0;

	if (!cut) {
		fuse_oracles_end(&r->oracles);
		if (out == SIM_DEADLOCK) {
			char msg[FUSE_ORACLE_MSG_LEN];
			size_t used = 0;

			used += (size_t)snprintf(msg, sizeof(msg), "nobody can run:");
			for (int i = 0; i < s->nthreads && used < sizeof(msg); i++) {
				const struct rt_wait *w = sim_blocked_on(s, i);
				char what[160];

				if (!w || w->idle)
					continue;
				describe_wait(r, w, what, sizeof(what));
				used += (size_t)snprintf(msg + used, sizeof(msg) - used, " %s waits for %s;",
							 sim_thread_name(s, i), what);
			}
			if (used < sizeof(msg) && msg[used - 1] == ';')
				msg[used - 1] = '\0';
			fuse_oracles_report(&r->oracles, FO_ORACLE_DEADLOCK,
					    fuse_oracles_events(&r->oracles), msg);
		}
		v = fuse_oracles_violated(&r->oracles);
		r->violated = v;
		r->unreliable = fuse_oracles_unreliable(&r->oracles);
		r->assumes_any |= fuse_oracles_assumes(&r->oracles);
		r->unreliable_any |= r->unreliable;
		for (int b = 0; b < FO_ORACLE_COUNT; b++) {
			const char *msg = (v & (1u << b)) ? fuse_oracles_message(&r->oracles, 1u << b)
							  : NULL;

			snprintf(r->message[b], sizeof(r->message[b]), "%s", msg ? msg : "");
			if (msg && r->trace)
				message_in_steps(r, 1u << b, r->message[b], sizeof(r->message[b]));
			if (msg && r->trace) {
				unsigned at = fuse_oracles_at(&r->oracles, 1u << b);
				long row = at < r->nevent_rows && r->event_row[at] >= 0
						   ? r->event_row[at]
						   : (long)r->trace->nrows - 1;

				trace_mark(r->trace, row, fo_oracle_name(1u << b));
			}
		}
	}
	fo_model_destroy(r->m);
	r->m = NULL;
	return v;
}

int sc_run_init(struct sc_run *r, const struct scenario *sc, const struct fuse_knobs *knobs)
{
	size_t nf = sc->nfiles ? (size_t)sc->nfiles : 1, ns = sc->nsyncs ? (size_t)sc->nsyncs : 1;

	memset(r, 0, sizeof(*r));
	r->sc = sc;
	r->knobs = *knobs;
	r->nthreads = sc->nthreads;
	r->fid = calloc(nf, sizeof(*r->fid));
	r->sent = calloc(nf, sizeof(*r->sent));
	r->opened = calloc(nf, sizeof(*r->opened));
	r->sync = calloc(ns, sizeof(*r->sync));
	r->sent_what = calloc(nf, sizeof(*r->sent_what));
	r->opened_what = calloc(nf, sizeof(*r->opened_what));
	r->sync_what = calloc(ns, sizeof(*r->sync_what));
	r->read_op = calloc(nf, sizeof(*r->read_op));
	r->absent = calloc(sc->ninodes ? (size_t)sc->ninodes : 1, sizeof(*r->absent));
	r->mem.cap = fuse_model_mem_need(sc->ninodes, sc->nfiles);
	r->mem.base = malloc(r->mem.cap);
	if (!r->mem.base || !r->read_op || !r->absent || !r->fid || !r->sent || !r->opened || !r->sync || !r->sent_what || !r->opened_what ||
	    !r->sync_what) {
		sc_run_destroy(r);
		return -ENOMEM;
	}
	for (int i = 0; i < sc->nfiles; i++) {
		snprintf(r->sent_what[i], sizeof(r->sent_what[i]), "the open of %s to start",
			 sc->files[i].name);
		snprintf(r->opened_what[i], sizeof(r->opened_what[i]), "the open of %s to return",
			 sc->files[i].name);
	}
	for (int t = 0; t < sc->nthreads; t++)
		for (int i = 0; i < sc->threads[t].nops; i++) {
			const struct scenario_op *op = &sc->threads[t].ops[i];

			if (op->kind == SC_OP_READ)
				r->read_op[op->file] = true;
			/* a node some thread creates is made by FUSE_CREATE: absent until then */
			if (op->kind == SC_OP_CREATE)
				r->absent[op->inode] = true;
			/* -ENOSYS sets fc->no_open while the scenario runs */
			if (op->kind == SC_OP_REPLY && op->error == -ENOSYS)
				r->learns_no_open = true;
		}
	for (int i = 0; i < sc->nsyncs; i++)
		snprintf(r->sync_what[i], sizeof(r->sync_what[i]), "signal %s", sc->syncs[i].name);
	r->names = (struct fuse_oracle_names){ .file_name = name_file, .dev_name = name_dev,
					       .priv = r };
	fuse_oracles_init(&r->oracles, &r->names);
	r->tracer = (struct fuse_tracer){ .event = run_event, .priv = r };
	return 0;
}

void sc_run_destroy(struct sc_run *r)
{
	free(r->mem.base);
	free(r->fid);
	free(r->sent);
	free(r->opened);
	free(r->sync);
	free(r->sent_what);
	free(r->opened_what);
	free(r->sync_what);
	free(r->read_op);
	free(r->absent);
	free(r->event_row);
	free(r->event_tid);
	free(r->event_step);
	fuse_oracles_destroy(&r->oracles);
	memset(r, 0, sizeof(*r));
}

/* Only a `kill` op kills: the threads whose ops name @tid (the worker is never named). */
static uint32_t run_killers(void *priv, int tid)
{
	const struct sc_run *r = priv;
	uint32_t mask = 0;

	for (int i = 0; i < r->sc->nthreads; i++)
		for (int k = 0; k < r->sc->threads[i].nops; k++)
			if (r->sc->threads[i].ops[k].kind == SC_OP_KILL &&
			    r->sc->threads[i].ops[k].thread == tid)
				mask |= 1u << i;
	return mask;
}

struct explore_program sc_run_program(struct sc_run *r)
{
	return (struct explore_program){ .setup = run_setup, .on_step = run_on_step,
					 .after_step = run_after_step, .finish = run_finish,
					 .killers = run_killers, .priv = r };
}

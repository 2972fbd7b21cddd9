/*
 * fuse.pml - the state, the oracles and the shared threads (the opener and
 * the invalidation worker) of the Promela mirror of src/model/, for one
 * inode (7), NFILE files (default 1: f; then g), NNOTIFY notifications
 * (default 1) and NDEV devices. A scenario file defines NDEV (and NFILE,
 * NNOTIFY if more than one) and its daemon proctypes, then includes this
 * file. Files are numbered 0.. in the order they are opened, notifications
 * in the order the daemon sends them; a per-file set is a byte with bit F
 * for file F.
 *
 * One Promela step is one step of the C model: the action of the primitive
 * behind an rt_point() and everything the C code does up to the next
 * rt_point(). Each such step is one atomic{} or one plain statement, and a
 * branch leaves its atomic{} with a goto, which ends the step exactly where
 * the C thread reaches its next point. The step names (A1.., W1.., R3..,
 * N3.., K1..) are the labels and comments below; README.md maps them to the
 * C functions.
 *
 * Variant: v2 by default, the pre-patch kernel with -DPRE. Knob overrides
 * of v2 (docs/protocol.md section 6), for cross-checks against `fuseord --set`:
 * -DSEQ_ATOMIC (seq_inc=atomic), -DSEQ_CAPTURED (seq_read=captured),
 * -DFAIL_LOOP_SEQ (fail_loop=seq).
 *
 * Oracles are assertions that name their oracle (below); `pan -c0` goes on
 * after a violation and prints each failed assertion, so one exhaustive
 * search yields the whole set. deadlock is SPIN's own invalid end state
 * check; the worker's idle wait is an end state, as the C scheduler does
 * not count an idle worker as blocked.
 */

/*
 * Always 0 and not part of the state: a failed CHECK(stale_open, ...) prints
 * as "assertion violated (stale_open|| ...)", which is how the runner tells
 * the oracles apart.
 */
hidden byte stale_open, inval_window, spurious_fail, leak, seq_race;

/*
 * Not an oracle: the FAIL loops below walk rw_files holding one file at
 * most. A scenario where two files are on it at once fails this check
 * (the runner shows it as a verdict of its own) instead of walking one.
 */
hidden byte fail_loop_one_file;

#ifndef NFILE
#define NFILE 1
#endif
#ifndef NNOTIFY
#define NNOTIFY 1
#endif
#define BIT(F) (1 << (F))

#define CHECK(oracle, bad) assert(oracle || !(bad))

#define REQ_NONE     0
#define REQ_PENDING  1
#define REQ_ANSWERED 2

#define K_OTHER  0
#define K_REPLY  1
#define K_NOTIFY 2

/* ---- kernel state (src/model/fuse_i.h) ---- */

byte write_seq[NDEV];   /* fud->write_seq; small values, no wrap in these scenarios */
byte inval_files_seq;   /* fi->inval_files_seq */
bit  fi_inval;          /* FUSE_I_INVAL_FILES in fi->state */
bit  i_size_unstable;
bit  fi_lock;           /* fi->lock */
bit  ff_lock[NFILE];    /* ff->lock */
bit  fc_lock;           /* fc->lock: inval_files_list */
bit  fpq_lock;          /* fc->fpq_lock: request states */
bit  on_inval_list;     /* fi on fc->inval_files_list */
bit  work_pending;      /* WORK_PENDING of fc->inval_files_work */
byte req_state[NFILE];  /* REQ_NONE */
bit  req_sent[NFILE];   /* completion ff->req.sent */
bit  req_answered[NFILE]; /* completion ff->req.answered */
byte reply_seq[NFILE];  /* req->args.reply_seq */
byte open_seq[NFILE];   /* ff->open_seq */
bit  ff_fail[NFILE];    /* FUSE_S_FAIL_IMMEDIATELY in ff->ff_state */
byte ff_linked;         /* the set of files whose ff->rw_entry is on fi->rw_files */
bit  run_sent[NFILE];   /* the scenario runner's completion: F's open has sent */
bit  run_opened[NFILE]; /* ... F's open has returned */

/*
 * Sleepers a separate wake-up step ends. A sleeper on a lock or a
 * completion needs none: the C unlock/complete_all() wakes in the same step
 * that frees the lock or completes, so a guard is the same thing.
 */
byte app_asleep;        /* the openers in wait_on_bit(FUSE_I_INVAL_FILES), by file */
bit  worker_asleep = 1; /* the worker waiting for work; it starts there */

/* ---- what the oracles (src/model/oracle.c) remember of the trace ---- */

byte g_r_ent;           /* the files whose reply's WRITE_ENTER happened (the send order) */
byte g_n_stale[NNOTIFY]; /* per notification, the files whose reply entered before it: stale w.r.t. it */
byte g_stale_any;       /* the files some notification entered after */
byte g_stale_done;      /* the files stale w.r.t. a notification processed (WRITE_DONE, err 0) */
byte g_ret;             /* the files whose OPEN_RETURN had err 0 */
byte g_flagged;         /* the files with a FLAG event */
byte g_released;        /* the files with a RELEASE event */
byte g_setby;           /* FUSE_I_INVAL_FILES set by notification g_setby - 1 (INVAL_SET..INVAL_CLEAR); 0: not set */
byte g_incs[NDEV];      /* plain write_seq++ between load and store, per counter */

/* The files neither flagged nor released: the oracles' "unflagged, open" */
#define G_LIVE (g_ret & ~(g_flagged | g_released))

/*
 * stale-open at the later of F's open return and the processing of a
 * notification F is stale w.r.t. (oracle.c checks again at the end, but an
 * open that is stale, returned and unflagged at that moment is already
 * reported then). Flags and releases only accumulate, so checking every
 * file at each of these events is checking each at its own.
 */
#define CHECK_STALE \
	CHECK(stale_open, (g_stale_done & G_LIVE) != 0)

/* the files stale w.r.t. the notification that set FUSE_I_INVAL_FILES */
#define SETBY_STALE (g_setby == 0 -> 0 : g_n_stale[g_setby - 1])

/* inval-window when F's open returns or F does I/O: set by a notification F is valid against */
#define CHECK_WINDOW(F) \
	CHECK(inval_window, (G_LIVE & BIT(F)) != 0 && g_setby != 0 && (SETBY_STALE & BIT(F)) == 0)

/* ---- the daemon's writes (dev.c, inode.c) ---- */

/* The send-order facts of a write's entry (WRITE_ENTER): x is the reply's file or the notification's number */
#define ENTERED(kind, x) \
	if \
	:: kind == K_REPLY -> g_r_ent = g_r_ent | BIT(x) \
	:: kind == K_NOTIFY -> g_n_stale[x] = g_r_ent; g_stale_any = g_stale_any | g_r_ent \
	:: else -> skip \
	fi

/*
 * fuse_write_seq_inc(): W1 is the write's entry, where the send order is
 * decided (WRITE_ENTER), W2 the store of a plain ++ (SEQ_STORE); seq-race
 * when another write is between its own W1 and W2 on the same counter.
 * pre has no counter: its entry is one event step.
 */

/* v is dead after the entry, unless seq_read=captured keeps a reply's or a notification's number */
#ifdef SEQ_CAPTURED
#define DEAD_V(kind) if :: kind == K_OTHER -> v = 0 :: else -> skip fi
#else
#define DEAD_V(kind) v = 0
#endif

inline write_enter(d, kind, x)
{
#if defined(PRE)
	/* W1: rt_point(RT_RMW, &fc->send_order, "fuse_dev_do_write") */
	atomic { ENTERED(kind, x) }
#elif defined(SEQ_ATOMIC)
	/* W1: atomic64_inc_return_ordered(write_seq) */
	atomic {
		write_seq[d]++;
		v = write_seq[d];
		CHECK(seq_race, g_incs[d] > 0);
		ENTERED(kind, x);
		DEAD_V(kind)
	}
#else
	/* W1: rt_load_u64_ordered(write_seq) */
	atomic {
		v = write_seq[d];
		CHECK(seq_race, g_incs[d] > 0);
		g_incs[d]++;
		ENTERED(kind, x)
	}
	/* W2: rt_store_u64(write_seq, v + 1); seq_bits=64 never wraps here */
	atomic {
		v = v + 1;
		write_seq[d] = v;
		CHECK(seq_race, g_incs[d] > 1);
		g_incs[d]--;
		DEAD_V(kind)
	}
#endif
}

/* `write DEV`: FUSE_MSG_OTHER only advances the counter; WRITE_DONE ends W2 */
inline other_write(d)
{
	write_enter(d, K_OTHER, 0)
}

/* `reply F on DEV`: fuse_dev_do_write() for F's FUSE_OPEN reply. */
inline reply_write(d, F)
{
	write_enter(d, K_REPLY, F);
	/* R3: spin_lock(&fc->fpq_lock) */
	atomic { fpq_lock == 0 -> fpq_lock = 1 }
	/* R4: rt_load_int(req->state); the runner replies only after `sent`, so never -ENOENT */
	atomic { assert(req_state[F] == REQ_PENDING) }
	/* R5: rt_store_int(req->state, REQ_ANSWERED) */
	req_state[F] = REQ_ANSWERED;
	/* R6: spin_unlock(&fc->fpq_lock) */
	fpq_lock = 0;
#ifndef PRE
#ifndef SEQ_CAPTURED
	/* R7: fuse_write_seq_read(): v2 re-reads the counter */
	v = write_seq[d];
#endif
	/* R8: rt_store_u64(reply_seq); SEQ_SAVE */
	atomic { reply_seq[F] = v; v = 0 }
#endif
	/* R9: fuse_request_end(): complete_all(answered); WRITE_DONE (the open has not returned) */
	req_answered[F] = 1
}

/* Notification K is processed: WRITE_DONE with err 0, then stale-open. */
#define NOTIFY_DONE(K) g_stale_done = g_stale_done | g_n_stale[K]; CHECK_STALE

/* The one file on rw_files (fail_loop_one_file checks there is one at most) */
#define LINKED (ff_linked == 2 -> 1 : 0)

/*
 * N11..N16, the end of fuse_invalidate_files() for a notification that set
 * the bit: i_size_unstable, unlock, queue the inode, queue_work().
 */
#define NOTIFY_QUEUE(K) \
	i_size_unstable = 1;                                    /* N11: rt_store_int */ \
	fi_lock = 0;                                            /* N12: spin_unlock(&fi->lock) */ \
	atomic { fc_lock == 0 -> fc_lock = 1; on_inval_list = 1 } /* N13: spin_lock(&fc->lock); list_add_tail */ \
	fc_lock = 0;                                            /* N14: spin_unlock(&fc->lock) */ \
	if                                                      /* N15: test_and_set_bit(WORK_PENDING) */ \
	:: atomic { work_pending -> NOTIFY_DONE(K) }            /* set already: WRITE_DONE */ \
	:: atomic { !work_pending -> work_pending = 1 }                                    \
		atomic { worker_asleep = 0; NOTIFY_DONE(K) }    /* N16: wake_up_bit(&pending); WRITE_DONE */ \
	fi

/*
 * `notify 7 on DEV`, the daemon's notification number K:
 * fuse_dev_do_write() -> fuse_notify() -> fuse_invalidate_files(). The FAIL
 * loop walks rw_files, which holds one file (LINKED) or nothing. A branch
 * is the choice between two options whose guards are the step's test, so
 * the body has no label and expands any number of times in one proctype.
 */
#define FAIL_LINKED \
	atomic { ff_lock[LINKED] == 0 -> ff_lock[LINKED] = 1 }           /* N6: spin_lock(ff->lock) */ \
	atomic { ff_fail[LINKED] = 1; g_flagged = g_flagged | BIT(LINKED) } /* N7: set_bit; FLAG */ \
	ff_lock[LINKED] = 0                                              /* N8: spin_unlock */

/* N9: test_bit(FUSE_I_INVAL_FILES), the option's guard; then N10m or N10 */
#define INVAL_MERGED_OR_SET(K) \
	if \
	:: atomic { fi_inval -> skip } \
		atomic { fi_lock = 0; NOTIFY_DONE(K) }  /* N10m: spin_unlock(&fi->lock); INVAL_MERGED; WRITE_DONE */ \
	:: atomic { !fi_inval -> skip } \
		atomic { fi_inval = 1; g_setby = K + 1 } /* N10: set_bit(FUSE_I_INVAL_FILES); INVAL_SET */ \
		NOTIFY_QUEUE(K) \
	fi

inline notify_write(d, K)
{
	write_enter(d, K_NOTIFY, K);
	/* N3: spin_lock(&fi->lock) */
	atomic { fi_lock == 0 -> fi_lock = 1 }
#ifndef PRE
#ifndef SEQ_CAPTURED
	/* N4: fuse_write_seq_read(): re-read */
	v = write_seq[d];
#endif
	/* N5: rt_store_u64(inval_files_seq); SEQ_SAVE; v2's FAIL loop, before the early return */
	if
	:: atomic {
		ff_linked != 0 ->
		inval_files_seq = v;
		v = 0;
		CHECK(fail_loop_one_file, ff_linked == 3)
	   }
#ifdef FAIL_LOOP_SEQ
		/* N5a: rt_load_u64(open_seq) */
		v = open_seq[LINKED];
		/* N5b: rt_load_u64(inval_files_seq); a reply after the notification is spared */
		if
		:: atomic { v <= inval_files_seq -> v = 0 }
			FAIL_LINKED
		:: atomic { v > inval_files_seq -> v = 0 }
		fi
#else
		FAIL_LINKED
#endif
	:: atomic { ff_linked == 0 -> inval_files_seq = v; v = 0 }
	fi;
	INVAL_MERGED_OR_SET(K)
#else
	/* N9: test_bit(FUSE_I_INVAL_FILES) */
	if
	:: atomic { fi_inval -> skip }
		/* N10m */
		atomic { fi_lock = 0; NOTIFY_DONE(K) }
	:: atomic { !fi_inval -> skip }
		/* N10: set_bit; INVAL_SET; pre's FAIL loop, after the early return */
		if
		:: atomic {
			ff_linked != 0 ->
			fi_inval = 1;
			g_setby = K + 1;
			CHECK(fail_loop_one_file, ff_linked == 3)
		   }
			FAIL_LINKED
		:: atomic { ff_linked == 0 -> fi_inval = 1; g_setby = K + 1 }
		fi;
		NOTIFY_QUEUE(K)
	fi
#endif
}

/*
 * ---- the opener: `open 7 as F ; io F ; release F` ----
 *
 * One proctype per file. An opener thread that opens files in sequence is
 * one app() per file, each started by the scenario's init, with AFTER the
 * set of files whose release comes before this open in the thread: its A1
 * is the step the thread takes next once their A25 is done. A scenario
 * with such a thread defines OPENS_IN_SEQUENCE.
 */
proctype app(byte F; byte AFTER)
{
	byte v;

	/* fuse_open_send() */
#ifdef OPENS_IN_SEQUENCE
A1:	(g_released & AFTER) == AFTER;                  /* rt_point "fuse_open"; OPEN_START */
#else
A1:	skip;                                           /* the same, AFTER 0: a local step SPIN's reduction can use */
#endif
A2:	atomic {                                        /* test_bit(FUSE_I_INVAL_FILES) */
		if
		:: fi_inval -> skip
		:: else -> goto A4
		fi
	}
A3:	atomic {                                        /* wait_on_bit(): test, sleep if set */
		if
		:: !fi_inval -> goto A4
		:: else -> app_asleep = app_asleep | BIT(F)
		fi
	}
A3w:	atomic {                                        /* woken: test again */
		(app_asleep & BIT(F)) == 0 ->
		if
		:: !fi_inval -> skip
		:: else -> app_asleep = app_asleep | BIT(F); goto A3w
		fi
	}
A4:	atomic { fpq_lock == 0 -> fpq_lock = 1 }        /* fuse_send_request(): spin_lock */
A5:	req_state[F] = REQ_PENDING;                        /* rt_store_int(req->state) */
A6:	fpq_lock = 0;                                   /* spin_unlock */
A7:	req_sent[F] = 1;                                   /* complete_all(&req->sent); OPEN_SENT */
A8:	run_sent[F] = 1;                                /* the runner: complete_all(&r->sent[F]) */

	/* fuse_open_complete() */
A9:	req_answered[F];                                 /* wait_for_completion(answered) */
#ifndef PRE
A10:	v = reply_seq[F];                                /* rt_load_u64(reply_seq) */
A11:	atomic { open_seq[F] = v; v = 0 }                /* rt_store_u64(open_seq); SEQ_SAVE */

	/* fuse_finish_open(), close_wait=1: fuse_link_rw_file() */
A12:	atomic { fi_lock == 0 -> fi_lock = 1; ff_linked = ff_linked | BIT(F) }  /* spin_lock; list_add; LINK */
A13:	v = open_seq[F];                                 /* rt_load_u64(open_seq) */
A14:	atomic {                                        /* rt_load_u64(inval_files_seq); < */
		if
		:: v < inval_files_seq -> v = 0
		:: else -> v = 0; goto A16
		fi
	}
A15:	atomic { ff_fail[F] = 1; g_flagged = g_flagged | BIT(F) }           /* set_bit(FAIL_IMMEDIATELY); FLAG */
A16:	fi_lock = 0;                                    /* spin_unlock */

	/* v2: not flagged, so wait for the worker */
A17:	atomic {                                        /* test_bit(FAIL_IMMEDIATELY) */
		if
		:: ff_fail[F] -> goto A20
		:: else -> skip
		fi
	}
A18:	atomic {                                        /* fuse_wait_on_inval_files(): test_bit */
		if
		:: fi_inval -> skip
		:: else -> goto A20
		fi
	}
A19:	atomic {                                        /* wait_on_bit() */
		if
		:: !fi_inval -> goto A20
		:: else -> app_asleep = app_asleep | BIT(F)
		fi
	}
A19w:	atomic {
		(app_asleep & BIT(F)) == 0 ->
		if
		:: !fi_inval -> skip
		:: else -> app_asleep = app_asleep | BIT(F); goto A19w
		fi
	}
#else
	/* fuse_finish_open(), link=always: fuse_link_rw_file(), no wait */
A12:	atomic { fi_lock == 0 -> fi_lock = 1 }          /* spin_lock */
A13:	atomic {                                        /* test_bit(FUSE_I_INVAL_FILES) */
		if
		:: fi_inval -> skip
		:: else -> ff_linked = ff_linked | BIT(F); goto A16 /* list_add; LINK */
		fi
	}
A14:	atomic { ff_lock[F] == 0 -> ff_lock[F] = 1 }          /* fuse_fail_file(): spin_lock */
A15:	atomic { ff_fail[F] = 1; g_flagged = g_flagged | BIT(F) }           /* set_bit(FAIL_IMMEDIATELY); FLAG */
A15u:	atomic { ff_lock[F] = 0; ff_linked = ff_linked | BIT(F) }           /* spin_unlock; list_add; LINK */
A16:	fi_lock = 0;                                    /* spin_unlock */
#endif
A20:	atomic { g_ret = g_ret | BIT(F); CHECK_STALE; CHECK_WINDOW(F) } /* fuse_open_return(): the "open returns" point; OPEN_RETURN */
A21:	run_opened[F] = 1;                              /* the runner: complete_all(&r->opened[F]) */

	/* io F: fuse_file_io() */
A22:	atomic {                                        /* test_bit(FAIL_IMMEDIATELY) */
		if
		:: ff_fail[F] -> CHECK_WINDOW(F); goto A24 /* IO -EIO */
		:: else -> skip
		fi
	}
A23:	atomic { CHECK_WINDOW(F) }                       /* the "I/O on the inode" point; IO 0 */

	/* release F: fuse_release() */
A24:	atomic { fi_lock == 0 -> fi_lock = 1; ff_linked = ff_linked & ~BIT(F) } /* spin_lock; list_del_init */
A25:	atomic { fi_lock = 0; g_released = g_released | BIT(F) } /* spin_unlock; UNLINK; RELEASE */
}

/* ---- the invalidation worker: fuse_inval_files_worker() ---- */

/* The end of one round: running = 0, then rt_wait_event(idle) with no point of its own. */
#define WORKER_NEXT \
	if \
	:: work_pending -> goto K2 \
	:: else -> worker_asleep = 1; goto end_idle \
	fi

proctype worker()
{
	bit list;   /* the worker's spliced list: holds inode 7 or nothing */

end_idle:
K1:	atomic {                                        /* woken: test the idle wait again */
		!worker_asleep ->
		if
		:: work_pending -> skip
		:: else -> worker_asleep = 1; goto end_idle
		fi
	}
K2:	atomic {                                        /* test_and_clear_bit(WORK_PENDING) */
		if
		:: work_pending -> work_pending = 0
		:: else -> WORKER_NEXT
		fi
	}
	/* fuse_inval_files_work() */
K3:	atomic { fc_lock == 0 -> fc_lock = 1; list = on_inval_list; on_inval_list = 0 }
K4:	atomic {                                        /* spin_unlock(&fc->lock); list_del_init */
		fc_lock = 0;
		if
		:: list -> list = 0
		:: else -> WORKER_NEXT
		fi
	}
K5:	atomic { fi_lock == 0 -> fi_lock = 1 }          /* spin_lock(&fi->lock) */
K6:	skip;                                           /* end requests of flagged files, drop pages */
K7:	atomic { fi_inval = 0; g_setby = 0 }            /* clear_bit; INVAL_CLEAR */
K8:	i_size_unstable = 0;                            /* rt_store_int(i_size_unstable, 0) */
K9:	app_asleep = 0;                                 /* wake_up_bit(&fi->state) */
K10:	atomic { fi_lock = 0; WORKER_NEXT }             /* spin_unlock; the list is empty */
}

/*
 * The end of an execution: nobody can run (timeout). spurious-fail and leak
 * are end checks (fuse_oracles_end()); the stale-open check there adds
 * nothing to CHECK_STALE's at the later of its two events.
 */
inline end_checks()
{
	timeout ->
	atomic {
		CHECK(spurious_fail, (g_ret & g_flagged & ~g_stale_any) != 0);
		CHECK(leak, (ff_linked & g_released) != 0)
	}
}

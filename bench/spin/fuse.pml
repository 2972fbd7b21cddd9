/*
 * fuse.pml - the state, the oracles and the shared threads (the opener and
 * the invalidation worker) of the Promela mirror of src/model/, for one
 * inode (7), one file (f) and NDEV devices. A scenario file defines NDEV and
 * its daemon proctypes, then includes this file.
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
bit  ff_lock;           /* ff->lock */
bit  fc_lock;           /* fc->lock: inval_files_list */
bit  fpq_lock;          /* fc->fpq_lock: request states */
bit  on_inval_list;     /* fi on fc->inval_files_list */
bit  work_pending;      /* WORK_PENDING of fc->inval_files_work */
byte req_state = REQ_NONE;
bit  req_sent;          /* completion ff->req.sent */
bit  req_answered;      /* completion ff->req.answered */
byte reply_seq;         /* req->args.reply_seq */
byte open_seq;          /* ff->open_seq */
bit  ff_fail;           /* FUSE_S_FAIL_IMMEDIATELY in ff->ff_state */
bit  ff_linked;         /* ff->rw_entry on fi->rw_files */
bit  run_sent;          /* the scenario runner's completion: f's open has sent */
bit  run_opened;        /* ... f's open has returned */

/*
 * Sleepers a separate wake-up step ends. A sleeper on a lock or a
 * completion needs none: the C unlock/complete_all() wakes in the same step
 * that frees the lock or completes, so a guard is the same thing.
 */
bit  app_asleep;        /* the opener in wait_on_bit(FUSE_I_INVAL_FILES) */
bit  worker_asleep = 1; /* the worker waiting for work; it starts there */

/* ---- what the oracles (src/model/oracle.c) remember of the trace ---- */

bit  g_r_ent;           /* the reply's WRITE_ENTER happened (its send order) */
bit  g_n_stale;         /* the notification entered after the reply: f is stale w.r.t. it */
bit  g_n_done;          /* the notification's WRITE_DONE, err 0: processed */
bit  g_ret;             /* f's OPEN_RETURN with err 0 */
bit  g_flagged;         /* f's first FLAG event */
bit  g_released;        /* f's RELEASE event */
bit  g_setby;           /* FUSE_I_INVAL_FILES set by the notification (INVAL_SET..INVAL_CLEAR) */
byte g_incs[NDEV];      /* plain write_seq++ between load and store, per counter */

/*
 * stale-open at the later of f's open return and the notification's
 * processing (oracle.c checks again at the end, but an open that is stale,
 * returned and unflagged at that moment is already reported then).
 */
#define CHECK_STALE \
	CHECK(stale_open, g_ret && g_n_done && g_n_stale && !g_flagged && !g_released)

/* inval-window when f's open returns or f does I/O: set by a notification f is valid against */
#define CHECK_WINDOW \
	CHECK(inval_window, g_ret && !g_flagged && !g_released && g_setby && !g_n_stale)

/* ---- the daemon's writes (dev.c, inode.c) ---- */

/* The send-order facts of a write's entry (WRITE_ENTER) */
#define ENTERED(kind) \
	if \
	:: kind == K_REPLY -> g_r_ent = 1 \
	:: kind == K_NOTIFY -> g_n_stale = g_r_ent \
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

inline write_enter(d, kind)
{
#if defined(PRE)
	/* W1: rt_point(RT_EVENT | RT_ORDERED, "fuse_dev_do_write") */
	atomic { ENTERED(kind) }
#elif defined(SEQ_ATOMIC)
	/* W1: atomic64_inc_return_ordered(write_seq) */
	atomic {
		write_seq[d]++;
		v = write_seq[d];
		CHECK(seq_race, g_incs[d] > 0);
		ENTERED(kind);
		DEAD_V(kind)
	}
#else
	/* W1: rt_load_u64_ordered(write_seq) */
	atomic {
		v = write_seq[d];
		CHECK(seq_race, g_incs[d] > 0);
		g_incs[d]++;
		ENTERED(kind)
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
	write_enter(d, K_OTHER)
}

/* `reply f on DEV`: fuse_dev_do_write() for f's FUSE_OPEN reply. */
inline reply_write(d)
{
	write_enter(d, K_REPLY);
	/* R3: spin_lock(&fc->fpq_lock) */
	atomic { fpq_lock == 0 -> fpq_lock = 1 }
	/* R4: rt_load_int(req->state); the runner replies only after `sent`, so never -ENOENT */
	atomic { assert(req_state == REQ_PENDING) }
	/* R5: rt_store_int(req->state, REQ_ANSWERED) */
	req_state = REQ_ANSWERED;
	/* R6: spin_unlock(&fc->fpq_lock) */
	fpq_lock = 0;
#ifndef PRE
#ifndef SEQ_CAPTURED
	/* R7: fuse_write_seq_read(): v2 re-reads the counter */
	v = write_seq[d];
#endif
	/* R8: rt_store_u64(reply_seq); SEQ_SAVE */
	atomic { reply_seq = v; v = 0 }
#endif
	/* R9: fuse_request_end(): complete_all(answered); WRITE_DONE (the open has not returned) */
	req_answered = 1
}

/* The notification is processed: WRITE_DONE with err 0, then stale-open for f. */
#define NOTIFY_DONE g_n_done = 1; CHECK_STALE

/*
 * N11..N16, the end of fuse_invalidate_files() for a notification that set
 * the bit: i_size_unstable, unlock, queue the inode, queue_work().
 */
#define NOTIFY_QUEUE \
	i_size_unstable = 1;                                    /* N11: rt_store_int */ \
	fi_lock = 0;                                            /* N12: spin_unlock(&fi->lock) */ \
	atomic { fc_lock == 0 -> fc_lock = 1; on_inval_list = 1 } /* N13: spin_lock(&fc->lock); list_add_tail */ \
	fc_lock = 0;                                            /* N14: spin_unlock(&fc->lock) */ \
	if                                                      /* N15: test_and_set_bit(WORK_PENDING) */ \
	:: atomic { work_pending -> NOTIFY_DONE }               /* set already: WRITE_DONE */ \
	:: atomic { !work_pending -> work_pending = 1 }                                    \
		atomic { worker_asleep = 0; NOTIFY_DONE }       /* N16: wake_up_bit(&pending); WRITE_DONE */ \
	fi

/*
 * `notify 7 on DEV`: fuse_dev_do_write() -> fuse_notify() ->
 * fuse_invalidate_files(). The FAIL loop walks rw_files, which holds f or
 * nothing. Labels: expand once per proctype.
 */
inline notify_write(d)
{
	write_enter(d, K_NOTIFY);
	/* N3: spin_lock(&fi->lock) */
	atomic { fi_lock == 0 -> fi_lock = 1 }
#ifndef PRE
#ifndef SEQ_CAPTURED
	/* N4: fuse_write_seq_read(): re-read */
	v = write_seq[d];
#endif
	/* N5: rt_store_u64(inval_files_seq); SEQ_SAVE; v2's FAIL loop, before the early return */
	atomic {
		inval_files_seq = v;
		v = 0;
		if
		:: ff_linked -> skip
		:: else -> goto N9
		fi
	}
#ifdef FAIL_LOOP_SEQ
	/* N5a: rt_load_u64(open_seq) */
	v = open_seq;
	/* N5b: rt_load_u64(inval_files_seq); a reply after the notification is spared */
	atomic {
		if
		:: v <= inval_files_seq -> v = 0
		:: else -> v = 0; goto N9
		fi
	}
#endif
	/* N6..N8: fuse_fail_file(f) */
	atomic { ff_lock == 0 -> ff_lock = 1 }
	atomic { ff_fail = 1; g_flagged = 1 }      /* set_bit; FLAG */
	ff_lock = 0;                               /* spin_unlock */
	/*
	 * N9: test_bit(FUSE_I_INVAL_FILES). Each option's guard is the
	 * test, so the branch costs no step of its own.
	 */
N9:	if
	:: atomic { fi_inval -> skip }
		/* N10m: spin_unlock(&fi->lock); INVAL_MERGED; WRITE_DONE */
		atomic { fi_lock = 0; NOTIFY_DONE }
	:: atomic { !fi_inval -> skip }
		/* N10: set_bit(FUSE_I_INVAL_FILES); INVAL_SET */
		atomic { fi_inval = 1; g_setby = 1 }
		NOTIFY_QUEUE
	fi
#else
	/* N9: test_bit(FUSE_I_INVAL_FILES) */
	if
	:: atomic { fi_inval -> skip }
		/* N10m */
		atomic { fi_lock = 0; NOTIFY_DONE }
	:: atomic { !fi_inval -> skip }
		/* N10: set_bit; INVAL_SET; pre's FAIL loop, after the early return */
		atomic {
			fi_inval = 1;
			g_setby = 1;
			if
			:: ff_linked -> skip
			:: else -> goto N11
			fi
		}
		atomic { ff_lock == 0 -> ff_lock = 1 }
		atomic { ff_fail = 1; g_flagged = 1 }
		ff_lock = 0
N11:		NOTIFY_QUEUE
	fi
#endif
}

/* ---- the opener: `thread app: open 7 as f ; io f ; release f` ---- */

proctype app()
{
	byte v;

	/* fuse_open_send() */
A1:	skip;                                           /* rt_point "fuse_open"; OPEN_START */
A2:	atomic {                                        /* test_bit(FUSE_I_INVAL_FILES) */
		if
		:: fi_inval -> skip
		:: else -> goto A4
		fi
	}
A3:	atomic {                                        /* wait_on_bit(): test, sleep if set */
		if
		:: !fi_inval -> goto A4
		:: else -> app_asleep = 1
		fi
	}
A3w:	atomic {                                        /* woken: test again */
		!app_asleep ->
		if
		:: !fi_inval -> skip
		:: else -> app_asleep = 1; goto A3w
		fi
	}
A4:	atomic { fpq_lock == 0 -> fpq_lock = 1 }        /* fuse_send_request(): spin_lock */
A5:	req_state = REQ_PENDING;                        /* rt_store_int(req->state) */
A6:	fpq_lock = 0;                                   /* spin_unlock */
A7:	req_sent = 1;                                   /* complete_all(&req->sent); OPEN_SENT */
A8:	run_sent = 1;                                   /* the runner: complete_all(&r->sent[f]) */

	/* fuse_open_complete() */
A9:	req_answered;                                   /* wait_for_completion(answered) */
#ifndef PRE
A10:	v = reply_seq;                                  /* rt_load_u64(reply_seq) */
A11:	atomic { open_seq = v; v = 0 }                  /* rt_store_u64(open_seq); SEQ_SAVE */

	/* fuse_finish_open(), close_wait=1: fuse_link_rw_file() */
A12:	atomic { fi_lock == 0 -> fi_lock = 1; ff_linked = 1 }  /* spin_lock; list_add; LINK */
A13:	v = open_seq;                                   /* rt_load_u64(open_seq) */
A14:	atomic {                                        /* rt_load_u64(inval_files_seq); < */
		if
		:: v < inval_files_seq -> v = 0
		:: else -> v = 0; goto A16
		fi
	}
A15:	atomic { ff_fail = 1; g_flagged = 1 }           /* set_bit(FAIL_IMMEDIATELY); FLAG */
A16:	fi_lock = 0;                                    /* spin_unlock */

	/* v2: not flagged, so wait for the worker */
A17:	atomic {                                        /* test_bit(FAIL_IMMEDIATELY) */
		if
		:: ff_fail -> goto A20
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
		:: else -> app_asleep = 1
		fi
	}
A19w:	atomic {
		!app_asleep ->
		if
		:: !fi_inval -> skip
		:: else -> app_asleep = 1; goto A19w
		fi
	}
#else
	/* fuse_finish_open(), link=always: fuse_link_rw_file(), no wait */
A12:	atomic { fi_lock == 0 -> fi_lock = 1 }          /* spin_lock */
A13:	atomic {                                        /* test_bit(FUSE_I_INVAL_FILES) */
		if
		:: fi_inval -> skip
		:: else -> ff_linked = 1; goto A16      /* list_add; LINK */
		fi
	}
A14:	atomic { ff_lock == 0 -> ff_lock = 1 }          /* fuse_fail_file(): spin_lock */
A15:	atomic { ff_fail = 1; g_flagged = 1 }           /* set_bit(FAIL_IMMEDIATELY); FLAG */
A15u:	atomic { ff_lock = 0; ff_linked = 1 }           /* spin_unlock; list_add; LINK */
A16:	fi_lock = 0;                                    /* spin_unlock */
#endif
A20:	atomic { g_ret = 1; CHECK_STALE; CHECK_WINDOW } /* fuse_open_return(): rt_observe; OPEN_RETURN */
A21:	run_opened = 1;                                 /* the runner: complete_all(&r->opened[f]) */

	/* io f: fuse_file_io() */
A22:	atomic {                                        /* test_bit(FAIL_IMMEDIATELY) */
		if
		:: ff_fail -> CHECK_WINDOW; goto A24     /* IO -EIO */
		:: else -> skip
		fi
	}
A23:	atomic { CHECK_WINDOW }                         /* rt_observe "I/O on the inode"; IO 0 */

	/* release f: fuse_release() */
A24:	atomic { fi_lock == 0 -> fi_lock = 1; ff_linked = 0 }  /* spin_lock; list_del_init */
A25:	atomic { fi_lock = 0; g_released = 1 }          /* spin_unlock; UNLINK; RELEASE */
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
		CHECK(spurious_fail, g_ret && g_flagged && !g_n_stale);
		CHECK(leak, ff_linked && g_released)
	}
}

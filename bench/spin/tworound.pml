/*
 * tworound.pml - bench/scenarios/two-round.fos:
 *
 *	dev d0 ; inode 7 ; conn close_wait=1
 *	thread app:    open 7 as f ; io f ; release f ; open 7 as g ; io g ; release g
 *	thread daemon: notify 7 on d0 ; reply f on d0 ; notify 7 on d0 ; reply g on d0
 *
 * Files f (0) and g (1), notifications 0 and 1 in the daemon's order. The
 * one opener thread is app(0) and then app(1), which starts where f's
 * release ends. The send order is the daemon's program order: f is stale
 * w.r.t. the second notification only, g w.r.t. none.
 *
 * fuseord: v2 -> ok; pre -> stale-open, spurious-fail.
 */
#define NDEV 1
#define NFILE 2
#define NNOTIFY 2
#define OPENS_IN_SEQUENCE
#include "fuse.pml"

proctype daemon()
{
	byte v;

	notify_write(0, 0);
	run_sent[0];            /* reply f: wait_for_completion(&r->sent[f]) */
	reply_write(0, 0);
	notify_write(0, 1);
	run_sent[1];            /* reply g: wait_for_completion(&r->sent[g]) */
	reply_write(0, 1)
}

init
{
	atomic { run app(0, 0); run app(1, BIT(0)); run daemon(); run worker() }
	end_checks()
}

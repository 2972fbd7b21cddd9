/*
 * concern2.pml - scenarios/concern2-clone-counters.fos:
 *
 *	dev d0 ; dev d1 (a clone) ; inode 7 ; conn close_wait=1
 *	thread app:    open 7 as f ; io f ; release f
 *	thread daemon: write d1 x3 ; reply f on d1 ; notify 7 on d0
 *
 * fuseord: v2 -> stale-open; pre -> stale-open.
 */
#define NDEV 2
#include "fuse.pml"

proctype daemon()
{
	byte v;

	other_write(1);
	other_write(1);
	other_write(1);
	run_sent[0];            /* reply: wait_for_completion(&r->sent[f]) */
	reply_write(1, 0);
	notify_write(0, 0)
}

init
{
	atomic { run app(0, 0); run daemon(); run worker() }
	end_checks()
}

/*
 * concern3.pml - scenarios/concern3-plain-increment.fos:
 *
 *	dev d0 ; inode 7 ; conn close_wait=1
 *	thread app:      open 7 as f ; io f ; release f
 *	thread replier:  reply f on d0
 *	thread notifier: notify 7 on d0
 *	thread writer:   write d0
 *
 * fuseord: v2 -> stale-open, spurious-fail, seq-race;
 *          pre -> stale-open, inval-window, spurious-fail.
 */
#define NDEV 1
#include "fuse.pml"

proctype replier()
{
	byte v;

	run_sent[0];            /* wait_for_completion(&r->sent[f]) */
	reply_write(0, 0)
}

proctype notifier()
{
	byte v;

	notify_write(0, 0)
}

proctype writer()
{
	byte v;

	other_write(0)
}

init
{
	atomic { run app(0, 0); run replier(); run notifier(); run writer(); run worker() }
	end_checks()
}

/* SPDX-License-Identifier: MIT */
/*
 * dir.c - mirrors fs/fuse/dir.c: fuse_create_open(), create and open in one
 * FUSE_CREATE request. There is no wait on FUSE_I_INVAL_FILES before it (it
 * does not go through fuse_open()); v2 propagates the reply's reply_seq into
 * ff->open_seq, which v1 had missed, then calls fuse_finish_open().
 * FUSE_CREATE is sent even on a no_open connection.
 */
#include "model/fuse_i.h"

/* fuse_create_open() up to FUSE_CREATE being queued. */
FO_API int fuse_create_open_send(struct fuse_file *ff)
{
	ff->create = true;
	/* the VFS holds the parent's inode_lock() across the whole create */
	fuse_open_hold(ff, &ff->fc->dir_rwsem);
	rt_point(RT_EVENT, ff, "fuse_create_open");
	FUSE_TRACE(ff->fc, FUSE_EV_OPEN_START, .ff = ff, .fi = ff->fi);
	fuse_send_request(&ff->req);
	FUSE_TRACE(ff->fc, FUSE_EV_OPEN_SENT, .ff = ff, .fi = ff->fi);
	return 0;
}

/* The rest of fuse_create_open(): ff->open_seq = args.reply_seq, finish. */
int fuse_create_open_complete(struct fuse_file *ff)
{
	return fuse_open_complete(ff);
}

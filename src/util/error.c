/* SPDX-License-Identifier: MIT */
/* error.c - fo_strerror(): the texts of the negative errnos the API returns. */
#include <errno.h>

#include "fuseord/common.h"

const char *fo_strerror(int err)
{
	switch (err) {
	case 0: return "success";
	case -EINVAL: return "-EINVAL: invalid argument";
	case -ENOENT: return "-ENOENT: no such inode or request";
	case -EBADF: return "-EBADF: file not open (never opened, failed or released)";
	case -ENODEV: return "-ENODEV: no such device";
	case -EIO: return "-EIO: file flagged FUSE_S_FAIL_IMMEDIATELY";
	case -EINTR: return "-EINTR: killed during a killable wait";
	case -ENODATA: return "-ENODATA: no file on the inode's rw_files";
	case -EEXIST: return "-EEXIST: already exists";
	case -ENOSPC: return "-ENOSPC: table full";
	case -ENOMEM: return "-ENOMEM: out of memory";
	case -EBUSY: return "-EBUSY: the model already ran an operation";
	case -EAGAIN: return "-EAGAIN: cannot start a thread";
	case -ENOEXEC: return "-ENOEXEC: the variant file does not compile";
	case -ELIBBAD: return "-ELIBBAD: the variant file does not load or defines no usable variant";
	case -EACCES: return "-EACCES: no writable cache directory";
	case -EFBIG: return "-EFBIG: file too large";
	default: return err > 0 ? "not an error code" : "unknown error";
	}
}

/* SPDX-License-Identifier: MIT */
/* errname.c - one table of the errno names reports and oracles print. */
#include <errno.h>
#include <stddef.h>

#include "util/util.h"

const char *util_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ 0, "0" },
		{ -EINVAL, "-EINVAL" },
		{ -ENOENT, "-ENOENT" },
		{ -EBADF, "-EBADF" },
		{ -ENODEV, "-ENODEV" },
		{ -EIO, "-EIO" },
		{ -EINTR, "-EINTR" },
		{ -ENODATA, "-ENODATA" },
		{ -EEXIST, "-EEXIST" },
		{ -ENOSPC, "-ENOSPC" },
		{ -ENOMEM, "-ENOMEM" },
		{ -EBUSY, "-EBUSY" },
		{ -EAGAIN, "-EAGAIN" },
		{ -ENOSYS, "-ENOSYS" },
		{ -EACCES, "-EACCES" },
		{ -EPERM, "-EPERM" },
		{ -EOPNOTSUPP, "-EOPNOTSUPP" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return NULL;
}

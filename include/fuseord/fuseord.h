/* SPDX-License-Identifier: MIT */
/**
 * @file fuseord.h
 * @brief libfuseord: the FUSE open/invalidate ordering protocol, in user space.
 *
 * The umbrella header: include this one.
 */
#ifndef FUSEORD_FUSEORD_H
#define FUSEORD_FUSEORD_H

#include "fuseord/common.h"
#include "fuseord/task.h"
#include "fuseord/bitops.h"
#include "fuseord/sync.h"
#include "fuseord/variant.h"
#include "fuseord/model.h"
#include "fuseord/check.h"
#include "fuseord/explore.h"
#include "fuseord/oracle.h"
#include "fuseord/scenario.h"

#endif /* FUSEORD_FUSEORD_H */

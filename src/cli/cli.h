/* SPDX-License-Identifier: MIT */
/* cli.h - the subcommands of `fuseord` that live in their own file. */
#ifndef FUSEORD_CLI_CLI_H
#define FUSEORD_CLI_CLI_H

#include <errno.h>
#include <stdbool.h>

int cmd_demo(int argc, char **argv);

#endif /* FUSEORD_CLI_CLI_H */

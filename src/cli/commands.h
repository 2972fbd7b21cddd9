/* SPDX-License-Identifier: MIT */
/*
 * commands.h - the commands of `fuseord`, one file each (cmd_*.c), as
 * fuseord.c's table calls them: argv[0] is "fuseord NAME", the return
 * value the exit status (cli.h). Each cmd_*.c includes it for its own
 * declaration; the helpers they share (cli.c) know none of them.
 */
#ifndef FUSEORD_CLI_COMMANDS_H
#define FUSEORD_CLI_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_variants(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

#endif /* FUSEORD_CLI_COMMANDS_H */

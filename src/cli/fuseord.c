/* SPDX-License-Identifier: MIT */
/*
 * fuseord.c - the `fuseord` command: main and the table of subcommands,
 * one file each (cmd_*.c, declared in commands.h); what they share is in
 * cli.c. A new command is one row of the table and its declaration. Exit
 * status: 0 every checked pair met its expectation and proved it (replay:
 * the schedule violates nothing), 1 some did not, 2 a usage or scenario
 * error, 3 nothing contradicts any expectation but some pair proves less
 * than every schedule (cli.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"

static const char prog[] = "fuseord";

static const struct cli_command {
	const char *name;
	const char *args;    /* shown after the name in the list */
	const char *summary;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "check", "FILE...", "explore each scenario under each variant, judge every schedule",
	  cmd_check },
	{ "replay", "FILE", "run exactly one schedule and print its trace", cmd_replay },
	{ "variants", "", "the protocol variants and their knobs, as a table", cmd_variants },
	{ "demo", "", "every shipped scenario under pre, v2, fixed: the verdict table", cmd_demo },
	{ "sweep", "", "every scenario of a scope under every variant", cmd_sweep },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage_main(FILE *f)
{
	char head[64];

	fputs("usage: fuseord COMMAND [OPTIONS]\n"
	      "\n"
	      "Explore the FUSE open/invalidate ordering protocol, scenario by scenario.\n"
	      "\n"
	      "commands:\n",
	      f);
	for (size_t i = 0; i < NR_COMMANDS; i++) {
		snprintf(head, sizeof(head), "%s %s", commands[i].name, commands[i].args);
		fprintf(f, "  %-16s %s\n", head, commands[i].summary);
	}
	fprintf(f, "  %-16s %s\n", "help [COMMAND]", "this text, or a command's");
	fputs("\n"
	      "Each command takes --help; the scenario language is docs/scenarios.md\n"
	      "and the manual page fuseord(1). Exit status: 0 as expected and proved,\n"
	      "1 not as expected, 2 usage or scenario error, 3 nothing found against\n"
	      "the expectation but not proved: a limit stopped the check, or it was\n"
	      "bounded (--preemptions) or sampled (random, pct).\n",
	      f);
}

static const struct cli_command *find(const char *name)
{
	for (size_t i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Run @c with argv[0] "fuseord NAME": getopt_long() names the program by it. */
static int run(const struct cli_command *c, int argc, char **argv)
{
	char name[64];

	snprintf(name, sizeof(name), "%s %s", prog, c->name);
	argv[0] = name;
	return c->run(argc, argv);
}

static int run_command(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const struct cli_command *c;

	if (!cmd || !strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage_main(cmd ? stdout : stderr);
		return cmd ? EXIT_MET : EXIT_USAGE;
	}
	if (!strcmp(cmd, "help")) {
		const char *what = argc > 2 ? argv[2] : NULL;
		static char help_opt[] = "--help";
		char *help_argv[] = { NULL, help_opt, NULL };

		if (!what || !strcmp(what, "-h") || !strcmp(what, "--help")) {
			usage_main(stdout);
			return EXIT_MET;
		}
		c = find(what);
		if (!c) {
			fprintf(stderr, "%s help: unknown command '%s' (try: %s --help)\n", prog,
				what, prog);
			return EXIT_USAGE;
		}
		return run(c, 2, help_argv);
	}
	c = find(cmd);
	if (!c) {
		fprintf(stderr, "%s: unknown command '%s'\n\n", prog, cmd);
		usage_main(stderr);
		return EXIT_USAGE;
	}
	return run(c, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	int status = run_command(argc, argv);

	/* A verdict lost to a full disk or a closed pipe must not exit 0. */
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write the output: %s\n", prog,
			errno ? strerror(errno) : "write error");
		return EXIT_USAGE;
	}
	return status;
}

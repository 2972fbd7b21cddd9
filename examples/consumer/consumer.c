/* SPDX-License-Identifier: MIT */
/*
 * consumer.c - a program built against an installed libfuseord: creates a v2
 * model, then checks the original bug's stale side (scenario 0a) under v2.
 * Exit status 0 iff the verdict is what the scenario expects (v2: ok).
 */
#include <stdio.h>
#include <string.h>

#include <fuseord/fuseord.h>

static const char scenario[] =
	"scenario \"0a: reply, then notification: the open is stale\"\n"
	"variant v2\n"
	"conn close_wait=1\n"
	"dev d0\n"
	"inode 7\n"
	"thread app:    open 7 as f ; io f ; release f\n"
	"thread daemon: reply f on d0 ; notify 7 on d0\n"
	"expect pre: stale-open\n"
	"expect v2:  ok\n";

int main(void)
{
	struct fo_model_opts mo = { .variant = "v2", .close_wait = true };
	struct fo_check_opts o;
	fo_model *m;
	fo_scenario *sc;
	fo_verdict *v;
	char err[512];
	int rc, met;

	rc = fo_model_create(&mo, &m);
	if (rc) {
		fprintf(stderr, "consumer: fo_model_create: %s\n", fo_strerror(rc));
		return 1;
	}
	fo_model_destroy(m);

	if (fo_scenario_parse(scenario, strlen(scenario), "<inline>", &sc, err, sizeof(err))) {
		fprintf(stderr, "consumer: %s\n", err);
		return 1;
	}
	fo_check_opts_init(&o);
	o.variant = "v2";
	o.strict = true;
	if (fo_check(sc, &o, &v, err, sizeof(err))) {
		fprintf(stderr, "consumer: fo_check: %s\n", err);
		fo_scenario_free(sc);
		return 1;
	}
	met = fo_verdict_met(v);
	printf("%s [%s]: %s (%s)\n", fo_scenario_title(sc), fo_verdict_variant(v),
	       fo_verdict_violated(v) ? "violated" : "ok", met == 1 ? "as expected" : "NOT as expected");
	fo_verdict_free(v);
	fo_scenario_free(sc);
	return met == 1 ? 0 : 1;
}

/* SPDX-License-Identifier: MIT */
/*
 * token.c - the schedule token, one word:
 *
 *	fo2.v2.dprcbz64.5a1f0c3e9b2d4471.a3bc2a
 *
 * format version, variant, knob code (variant.c), the scenario's hash, and
 * the choices: the thread taking each step as a letter (a = first thread),
 * a run of the same thread as the letter and its length. Replaying it
 * reproduces the execution step for step; check.c refuses it on a scenario,
 * variant or knob set other than the one it was recorded on.
 *
 * The version names the steps the choices count: fo2, a lock taken or a
 * completion waited for in one gated step (rt.h, gate_waits); fo1, in a
 * step that may block and one more when woken. An fo1 token replays with
 * fo1's steps, as it was recorded.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

#define TOKEN_VERSION "fo2"
#define TOKEN_VERSION_1 "fo1"

char *token_encode(const char *variant, const struct fuse_knobs *k, uint64_t hash,
		   const struct explore_schedule *s)
{
	size_t cap = 64 + strlen(variant) + 8 * s->len + 1, n;
	char *t = malloc(cap);
	char code[32];

	if (!t)
		return NULL;
	fuse_knobs_code(k, code, sizeof(code));
	n = (size_t)snprintf(t, cap, "%s.%s.%s.%016" PRIx64 ".", TOKEN_VERSION, variant, code,
			     hash);
	for (size_t i = 0; i < s->len;) {
		size_t run = 1;

		while (i + run < s->len && s->choice[i + run] == s->choice[i])
			run++;
		t[n++] = (char)('a' + s->choice[i]);
		if (run > 1)
			n += (size_t)snprintf(t + n, cap - n, "%zu", run);
		i += run;
	}
	t[n] = '\0';
	return t;
}

static int bad_choice(struct token *out, const char *at, char *err, size_t errlen)
{
	free(out->sched.choice);
	out->sched.choice = NULL;
	return check_fail(err, errlen, -EINVAL, "schedule token: bad choice at '%.10s'", at);
}

/*
 * @max_len bounds the schedule's length: a token is one argument, but its
 * runs ("a9999999") could otherwise ask for any amount of memory. The knobs
 * are the code's letters over the variant's row when the variant is a
 * built-in one, else over v2's (check.c resolves a defined variant).
 */
int token_decode(const char *tok, struct token *out, uint64_t max_len, char *err, size_t errlen)
{
	const char *p = tok, *dot;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!strncmp(p, TOKEN_VERSION ".", 4))
		out->version = 2;
	else if (!strncmp(p, TOKEN_VERSION_1 ".", 4))
		out->version = 1;
	else
		return check_fail(err, errlen, -EINVAL,
				  "not a schedule token of this version (it must start with '%s.' "
				  "or '%s.')",
				  TOKEN_VERSION, TOKEN_VERSION_1);
	p += 4;
	dot = strchr(p, '.');
	if (!dot || (size_t)(dot - p) >= sizeof(out->variant) || dot == p)
		return check_fail(err, errlen, -EINVAL, "schedule token: no variant after '%.3s.'",
				  tok);
	memcpy(out->variant, p, (size_t)(dot - p));
	p = dot + 1;
	dot = strchr(p, '.');
	if (!dot || (size_t)(dot - p) >= sizeof(out->code))
		return check_fail(err, errlen, -EINVAL, "schedule token: no knob code");
	memcpy(out->code, p, (size_t)(dot - p));
	out->code[dot - p] = '\0';
	if ((fuse_knobs_for_variant(out->variant, &out->knobs) &&
	     fuse_knobs_for_variant("v2", &out->knobs)) ||
	    fuse_knobs_from_code(out->code, &out->knobs))
		return check_fail(err, errlen, -EINVAL, "schedule token: bad knob code '%s'",
				  out->code);
	p = dot + 1;
	for (n = 0; n < 16; n++)
		if (!isxdigit((unsigned char)p[n]))
			break;
	if (n != 16 || p[16] != '.')
		return check_fail(err, errlen, -EINVAL, "schedule token: bad scenario hash");
	out->hash = strtoull(p, NULL, 16);
	p += 17;
	/* the length first: a token of long runs is refused before any allocation */
	for (int pass = 0; pass < 2; pass++) {
		const char *q = p;
		uint64_t len = 0;

		while (*q) {
			unsigned long run = 1;
			int c = *q - 'a';

			if (c < 0 || c >= SIM_MAX_THREADS)
				return bad_choice(out, q, err, errlen);
			if (isdigit((unsigned char)q[1])) {
				char *end;

				run = strtoul(q + 1, &end, 10);
				if (run < 2 || run > 10000000)
					return bad_choice(out, q, err, errlen);
				q = end;
			} else {
				q++;
			}
			if (pass)
				memset(out->sched.choice + len, c, run);
			len += run;
			if (max_len && len > max_len)
				return check_fail(err, errlen, -EINVAL,
						  "schedule token: longer than the memory ceiling "
						  "allows (%" PRIu64 " steps; see --max-memory)",
						  max_len);
		}
		if (pass) {
			out->sched.len = (size_t)len;
		} else {
			out->sched.choice = malloc(len ? (size_t)len : 1);
			if (!out->sched.choice)
				return -ENOMEM;
		}
	}
	return 0;
}

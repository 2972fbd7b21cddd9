/* SPDX-License-Identifier: MIT */
/*
 * util.h - small helpers every layer shares and none owns: the names of
 * errno values, a JSON string writer, line breaking. One copy each, so that a trace, a
 * verdict and a table escape and name things the same way.
 */
#ifndef FUSEORD_UTIL_UTIL_H
#define FUSEORD_UTIL_UTIL_H

#include <stdio.h>

#define util_errno_name fo_u_errno_name
#define util_json_string fo_u_json_string
#define util_next_line fo_u_next_line
#define util_edit_distance fo_u_edit_distance

/*
 * "-EINTR" for -EINTR, "0" for 0: the name of a negative errno the model
 * returns; NULL for one it does not know (the caller says how to show it).
 */
const char *util_errno_name(int err);

/* @s as a JSON string literal, quotes included; NULL writes "". */
void util_json_string(FILE *f, const char *s);

/*
 * @s split into lines of at most @w characters: at a space where it can,
 * else after punctuation inside a long word. Returns the length of the next
 * line and advances *s past it (and past the space it broke at).
 */
int util_next_line(const char **s, int w);

/* Levenshtein distance of two short words (for "did you mean"); capped at 99. */
int util_edit_distance(const char *a, const char *b);

#endif /* FUSEORD_UTIL_UTIL_H */

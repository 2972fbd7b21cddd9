/* SPDX-License-Identifier: MIT */
/*
 * text.c - line breaking for text that goes into mail: at spaces where it
 * can, else after punctuation inside a long name (inval_files_seq breaks
 * after "inval_"), and only as a last resort inside a word.
 */
#include <string.h>

#include "util/util.h"

static int breaks_after(char c)
{
	return c == '_' || c == '(' || c == '=' || c == ',' || c == '/' || c == '-' || c == '.' ||
	       c == ':' || c == ';';
}

int util_next_line(const char **s, int w)
{
	const char *p = *s;
	int len = (int)strlen(p), cut;

	if (w < 1)
		w = 1;
	if (len <= w) {
		*s = p + len;
		return len;
	}
	for (cut = w; cut > 0 && p[cut] != ' '; cut--)
		;
	if (cut > 0) {
		*s = p + cut + 1;
		return cut;
	}
	/* one word longer than the line: break after its last punctuation that fits */
	for (cut = w; cut > 1 && !breaks_after(p[cut - 1]); cut--)
		;
	if (cut <= 1)
		cut = w;
	*s = p + cut;
	return cut;
}

int util_edit_distance(const char *a, const char *b)
{
	int row[64], la = (int)strlen(a), lb = (int)strlen(b);

	if (la > 62 || lb > 62)
		return 99;
	for (int j = 0; j <= lb; j++)
		row[j] = j;
	for (int i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = i;
		for (int j = 1; j <= lb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb] > 99 ? 99 : row[lb];
}

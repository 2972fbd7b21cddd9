/* SPDX-License-Identifier: MIT */
/*
 * trace.c - recording and printing execution traces (see trace.h).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "explore/trace.h"
#include "util/util.h"

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
}

void trace_reset(struct trace *t)
{
	t->nrows = 0;
	t->oom = 0;
}

void trace_free(struct trace *t)
{
	free(t->rows);
	trace_init(t);
}

long trace_add(struct trace *t, uint32_t step, int thread, const char *fmt, ...)
{
	struct trace_row *r;
	va_list ap;

	if (t->max_rows && t->nrows >= t->max_rows) {
		t->oom = 1;
		return -1;
	}
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 128;
		void *p;

		if (t->max_rows && cap > t->max_rows)
			cap = t->max_rows;
		p = realloc(t->rows, cap * sizeof(*t->rows));

		if (!p) {
			t->oom = 1;
			return -1;
		}
		t->rows = p;
		t->cap = cap;
	}
	r = &t->rows[t->nrows];
	r->step = step;
	r->thread = (int8_t)thread;
	r->mark = NULL;
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof(r->text), fmt, ap);
	va_end(ap);
	return (long)t->nrows++;
}

void trace_mark(struct trace *t, long row, const char *mark)
{
	if (row >= 0 && (size_t)row < t->nrows && !t->rows[row].mark)
		t->rows[row].mark = mark;
}

int trace_next_line(const char **s, int w)
{
	return util_next_line(s, w);
}

void trace_print_ascii(const struct trace *t, FILE *f, int width)
{
	int n = t->nthreads > 0 ? t->nthreads : 1;
	int colw = (width - 6) / n - 1;

	/* narrow columns wrap more, but the table still fits @width */
	if (colw < 6)
		colw = 6;
	fprintf(f, "%5s", "step");
	for (int i = 0; i < t->nthreads; i++)
		fprintf(f, " %-*.*s", colw, colw, t->names[i]);
	fputc('\n', f);
	fprintf(f, "%5s", "----");
	for (int i = 0; i < t->nthreads; i++) {
		fputc(' ', f);
		for (int c = 0; c < colw; c++)
			fputc(c < (int)strlen(t->names[i]) || c < 4 ? '-' : ' ', f);
	}
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct trace_row *row = &t->rows[r];
		const char *s = row->text;
		bool first = true;

		while (first || *s) {
			const char *line = s;
			int len = trace_next_line(&s, colw);

			if (first && (r == 0 || t->rows[r - 1].step != row->step))
				fprintf(f, "%5u", row->step);
			else
				fprintf(f, "%5s", "");
			for (int i = 0; i < row->thread; i++)
				fprintf(f, " %*s", colw, "");
			fprintf(f, " %.*s", len, line);
			if (first && row->mark) {
				int end = 6 + row->thread * (colw + 1) + colw;
				int mlen = (int)strlen(row->mark) + 5;

				/* a mark that would pass @width goes under the row */
				if (end + mlen <= width)
					fprintf(f, "%*s  <- %s", colw - len, "", row->mark);
				else
					fprintf(f, "\n%*s<- %s",
						width - mlen + 2 > 0 ? width - mlen + 2 : 0, "",
						row->mark);
			}
			fputc('\n', f);
			first = false;
		}
	}
}

/* Mermaid takes no ';' or '#' inside a note. */
static void mermaid_text(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == ';' ? ',' : *s == '#' ? ' ' : *s, f);
}

void trace_print_mermaid(const struct trace *t, FILE *f)
{
	fprintf(f, "sequenceDiagram\n");
	for (int i = 0; i < t->nthreads; i++)
		fprintf(f, "    participant %s\n", t->names[i]);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct trace_row *row = &t->rows[r];

		fprintf(f, "    Note over %s: %u ", t->names[row->thread], row->step);
		mermaid_text(f, row->text);
		if (row->mark) {
			fprintf(f, " <- ");
			mermaid_text(f, row->mark);
		}
		fputc('\n', f);
	}
}

void trace_print_json(const struct trace *t, FILE *f)
{
	fputc('[', f);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct trace_row *row = &t->rows[r];

		fprintf(f, "%s{\"step\":%u,\"thread\":", r ? "," : "", row->step);
		util_json_string(f, t->names[row->thread]);
		fprintf(f, ",\"text\":");
		util_json_string(f, row->text);
		if (row->mark) {
			fprintf(f, ",\"mark\":");
			util_json_string(f, row->mark);
		}
		fputc('}', f);
	}
	fputc(']', f);
}

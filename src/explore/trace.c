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
	/* a row longer than TRACE_TEXT - 1 bytes says it was cut */
	if (vsnprintf(r->text, sizeof(r->text), fmt, ap) >= (int)sizeof(r->text))
		memcpy(r->text + sizeof(r->text) - 4, "...", 4);
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

/* One output line, without the blanks a padded column leaves at its end. */
static void put_line(FILE *f, char *buf, size_t n)
{
	while (n && buf[n - 1] == ' ')
		n--;
	fprintf(f, "%.*s\n", (int)n, buf);
}

#define LINE_MAX_BYTES 1024

/*
 * Too many threads for a column each: one line per row, "step thread text",
 * the text wrapped under itself.
 */
static void print_list(const struct trace *t, FILE *f, int width)
{
	int namew = 6;
	char buf[LINE_MAX_BYTES];

	for (int i = 0; i < t->nthreads; i++)
		if ((int)strlen(t->names[i]) > namew)
			namew = (int)strlen(t->names[i]);
	if (namew > 16)
		namew = 16;
	put_line(f, buf, (size_t)snprintf(buf, sizeof(buf), "%5s %-*s %s", "step", namew, "thread", "what"));
	put_line(f, buf, (size_t)snprintf(buf, sizeof(buf), "%5s %-*s %s", "----", namew, "------", "----"));
	for (size_t r = 0; r < t->nrows; r++) {
		const struct trace_row *row = &t->rows[r];
		const char *s = row->text;
		int room = width - 7 - namew;
		bool first = true;

		while (first || *s) {
			const char *line = s;
			int len = util_next_line(&s, room);
			size_t n;

			if (first && (r == 0 || t->rows[r - 1].step != row->step))
				n = (size_t)snprintf(buf, sizeof(buf), "%5u", row->step);
			else
				n = (size_t)snprintf(buf, sizeof(buf), "%5s", "");
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, " %-*.*s %.*s", namew, namew,
					      first ? t->names[row->thread] : "", len, line);
			if (first && row->mark) {
				if ((int)n + 5 + (int)strlen(row->mark) <= width)
					n += (size_t)snprintf(buf + n, sizeof(buf) - n, "  <- %s",
							      row->mark);
				else {
					put_line(f, buf, n);
					n = (size_t)snprintf(buf, sizeof(buf), "%*s<- %s", 7 + namew, "",
							     row->mark);
				}
			}
			put_line(f, buf, n);
			first = false;
		}
	}
}

/*
 * A column per thread. A row's text starts in its thread's column and may
 * run on into the next one, which is empty on that line: names such as
 * inval_files_seq then stay whole. Every line fits @width.
 */
void trace_print_ascii(const struct trace *t, FILE *f, int width)
{
	int n = t->nthreads > 0 ? t->nthreads : 1;
	int colw = (width - 6) / n - 1;
	char buf[LINE_MAX_BYTES];
	size_t used;

	if (width > LINE_MAX_BYTES - 64)
		width = LINE_MAX_BYTES - 64;
	if (colw < 8) {
		print_list(t, f, width);
		return;
	}
	used = (size_t)snprintf(buf, sizeof(buf), "%5s", "step");
	for (int i = 0; i < t->nthreads; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, " %-*.*s", colw, colw,
					 t->names[i]);
	put_line(f, buf, used);
	used = (size_t)snprintf(buf, sizeof(buf), "%5s", "----");
	for (int i = 0; i < t->nthreads; i++) {
		buf[used++] = ' ';
		for (int c = 0; c < colw; c++)
			buf[used++] = c < (int)strlen(t->names[i]) || c < 4 ? '-' : ' ';
	}
	put_line(f, buf, used);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct trace_row *row = &t->rows[r];
		const char *s = row->text;
		int off = 6 + row->thread * (colw + 1);
		int room = width - off < 2 * colw + 1 ? width - off : 2 * colw + 1;
		bool first = true;

		while (first || *s) {
			const char *line = s;
			int len = util_next_line(&s, room);

			if (first && (r == 0 || t->rows[r - 1].step != row->step))
				used = (size_t)snprintf(buf, sizeof(buf), "%5u", row->step);
			else
				used = (size_t)snprintf(buf, sizeof(buf), "%5s", "");
			used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%*s %.*s",
						 row->thread * (colw + 1), "", len, line);
			if (first && row->mark) {
				int pad = colw - len > 0 ? colw - len : 0;
				int mlen = (int)strlen(row->mark) + 5;

				/* a mark that would pass @width goes under the row */
				if (off + len + pad + mlen <= width) {
					used += (size_t)snprintf(buf + used, sizeof(buf) - used,
								 "%*s  <- %s", pad, "", row->mark);
				} else {
					put_line(f, buf, used);
					used = (size_t)snprintf(buf, sizeof(buf), "%*s<- %s",
								width - mlen + 2 > 0 ? width - mlen + 2 : 0,
								"", row->mark);
				}
			}
			put_line(f, buf, used);
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

/* SPDX-License-Identifier: MIT */
/*
 * trace.h - a recorded execution as rows (step, thread, text) and its three
 * renderings: an ASCII table with one column per thread that fits an
 * 80-column mail, a Mermaid sequenceDiagram, and JSON.
 *
 * The text of the rows comes from the program that was explored; the trace
 * knows threads and steps only.
 */
#ifndef FUSEORD_EXPLORE_TRACE_H
#define FUSEORD_EXPLORE_TRACE_H

#include <stdint.h>
#include <stdio.h>

#include "rt/sim.h"

#define trace_init fo_x_trace_init
#define trace_free fo_x_trace_free
#define trace_reset fo_x_trace_reset
#define trace_add fo_x_trace_add
#define trace_mark fo_x_trace_mark
#define trace_print_ascii fo_x_trace_print_ascii
#define trace_next_line fo_x_trace_next_line
#define trace_print_mermaid fo_x_trace_print_mermaid
#define trace_print_json fo_x_trace_print_json

#define TRACE_TEXT 64

struct trace_row {
	uint32_t step;        /* the step during which it happened */
	int8_t thread;
	char text[TRACE_TEXT];
	const char *mark;     /* a note for this row ("<- stale-open"), or NULL */
};

struct trace {
	int nthreads;
	char names[SIM_MAX_THREADS][32];
	struct trace_row *rows;
	size_t nrows, cap;
	size_t max_rows;      /* rows it may hold (a memory ceiling); 0: no limit */
	int oom;              /* a row could not be stored: out of memory, or max_rows */
};

void trace_init(struct trace *t);
void trace_reset(struct trace *t);
void trace_free(struct trace *t);
/* Append a row; returns its index, or -1 (and t->oom) when out of memory. */
long trace_add(struct trace *t, uint32_t step, int thread, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void trace_mark(struct trace *t, long row, const char *mark);

/*
 * A cell's text split into lines of at most @w characters, at spaces where
 * it can: returns the length of the next line and advances *s past it.
 */
int trace_next_line(const char **s, int w);

void trace_print_ascii(const struct trace *t, FILE *f, int width);
void trace_print_mermaid(const struct trace *t, FILE *f);
void trace_print_json(const struct trace *t, FILE *f);

#endif /* FUSEORD_EXPLORE_TRACE_H */

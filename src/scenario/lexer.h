/* SPDX-License-Identifier: MIT */
/*
 * lexer.h - tokens of a scenario file, and the one error a parse reports.
 *
 * The lexer is a cursor over the caller's text: it copies nothing, so a
 * token is a (pointer, length) into that text and lives as long as it does.
 * It checks each line once when it enters it (length, UTF-8, NUL bytes), so
 * the tokenizer itself may assume well-formed UTF-8.
 */
#ifndef FUSEORD_SCENARIO_LEXER_H
#define FUSEORD_SCENARIO_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#define sc_diag_error fo_sc_diag_error
#define sc_lexer_init fo_sc_lexer_init
#define sc_lex fo_sc_lex
#define sc_tok_is fo_sc_tok_is
#define sc_tok_describe fo_sc_tok_describe
#define sc_string_decode fo_sc_string_decode

/* Where the first error goes. */
struct sc_diag {
	const char *filename;
	char *buf; /* may be NULL */
	size_t len;
	int err; /* 0 until the first error */
};

enum sc_tok_kind {
	SC_TOK_EOF,
	SC_TOK_EOL,
	SC_TOK_WORD,   /* [A-Za-z0-9_-]+: keywords, names, numbers */
	SC_TOK_STRING, /* "..." (p and len include the quotes) */
	SC_TOK_COLON,
	SC_TOK_SEMI,
	SC_TOK_COMMA,
	SC_TOK_EQUALS,
};

struct sc_token {
	enum sc_tok_kind kind;
	const char *p;
	size_t len;
	int line;
	int col; /* 1-based, in UTF-8 characters */
};

struct sc_lexer {
	const char *cur;
	const char *end;
	int line;
	int col;
	bool line_checked; /* the line at cur passed the length/UTF-8 check */
	bool eol_pending;  /* text ends without '\n': one EOL before EOF */
	struct sc_diag *diag;
};

/*
 * Record "FILE:LINE:COL: error: MESSAGE" unless an error is recorded
 * already (the first one is the one worth reading). Returns -EINVAL.
 */
int sc_diag_error(struct sc_diag *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

void sc_lexer_init(struct sc_lexer *lx, const char *text, size_t len, struct sc_diag *d);

/* The next token into @t: 0, or -EINVAL with the error recorded. */
int sc_lex(struct sc_lexer *lx, struct sc_token *t);

/* Whether @t is the word @word. */
bool sc_tok_is(const struct sc_token *t, const char *word);

/* @t for a message: "'open'", "':'", "end of line", ...; long words cut. */
const char *sc_tok_describe(const struct sc_token *t, char *buf, size_t len);

/* The text of a string token, escapes decoded: 0, or -ENOMEM. */
int sc_string_decode(const struct sc_token *t, char **out);

#endif /* FUSEORD_SCENARIO_LEXER_H */

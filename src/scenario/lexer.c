/* SPDX-License-Identifier: MIT */
/*
 * lexer.c - the tokenizer of scenario files and the error reporter.
 *
 * A scenario is line oriented, so newlines are tokens (SC_TOK_EOL) and the
 * parser decides where a line may continue. Columns count UTF-8 characters,
 * not bytes, so that a caret under "FILE:LINE:COL" lands on the token in an
 * editor even after a title with accents in it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/lexer.h"
#include "scenario/scenario.h"

int sc_diag_error(struct sc_diag *d, int line, int col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (d->err)
		return -EINVAL;
	d->err = -EINVAL;
	if (!d->buf || !d->len)
		return -EINVAL;
	n = snprintf(d->buf, d->len, "%s:%d:%d: error: ", d->filename, line, col);
	if (n < 0 || (size_t)n >= d->len)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(d->buf + n, d->len - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/*
 * Length of the well-formed UTF-8 sequence at @p, or 0. Overlong forms,
 * surrogates and code points past U+10FFFF are refused as RFC 3629 says.
 */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0], cp, min;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0) {
		n = 2;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c < 0xf0) {
		n = 3;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c < 0xf5) {
		n = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static bool is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/* Column of @q on the current line, counting from the cursor. */
static int col_at(const struct sc_lexer *lx, const char *q)
{
	int col = lx->col;

	for (const char *s = lx->cur; s < q; s++)
		col += !is_cont(*s);
	return col;
}

static void advance(struct sc_lexer *lx, size_t n)
{
	lx->col = col_at(lx, lx->cur + n);
	lx->cur += n;
}

void sc_lexer_init(struct sc_lexer *lx, const char *text, size_t len, struct sc_diag *d)
{
	lx->cur = text;
	lx->end = text + len;
	lx->line = 1;
	lx->col = 1;
	lx->line_checked = false;
	lx->eol_pending = len && text[len - 1] != '\n';
	lx->diag = d;
	/* An editor's byte order mark is not part of line 1's first column. */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		lx->cur += 3;
}

/*
 * Check the line at the cursor once, before tokenizing it: its length, and
 * that it is UTF-8 with no NUL byte. Everything after may then step over
 * multi-byte characters by their lead byte alone.
 */
static int check_line(struct sc_lexer *lx)
{
	const unsigned char *s = (const unsigned char *)lx->cur;
	const unsigned char *end = (const unsigned char *)lx->end;
	const unsigned char *start = s;
	int col = lx->col;

	while (s < end && *s != '\n') {
		size_t n;

		/* CR before LF is part of the line's end, as the tokenizer has it */
		if (s - start >= SC_MAX_LINE && !(*s == '\r' && (s + 1 == end || s[1] == '\n')))
			return sc_diag_error(lx->diag, lx->line, col,
					     "line is longer than %d bytes", SC_MAX_LINE);
		if (!*s)
			return sc_diag_error(lx->diag, lx->line, col, "NUL byte in the text");
		n = utf8_len(s, end);
		if (!n)
			return sc_diag_error(lx->diag, lx->line, col, "invalid UTF-8 (byte 0x%02x)",
					     *s);
		s += n;
		col++;
	}
	return 0;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static int lex_string(struct sc_lexer *lx, struct sc_token *t)
{
	const char *q = lx->cur + 1;

	for (;;) {
		if (q == lx->end || *q == '\n' ||
		    (*q == '\r' && (q + 1 == lx->end || q[1] == '\n')))
			return sc_diag_error(lx->diag, t->line, t->col, "unterminated string");
		if (*q == '"')
			break;
		if (*q == '\\') {
			if (q + 1 < lx->end && strchr("\"\\nt", q[1]) && q[1]) {
				q += 2;
				continue;
			}
			if (q + 1 == lx->end || q[1] == '\n' || q[1] == '\r')
				return sc_diag_error(lx->diag, t->line, t->col,
						     "unterminated string");
			return sc_diag_error(
				lx->diag, lx->line, col_at(lx, q),
				"unknown escape '\\%.*s' in string (use \\\" \\\\ \\n \\t)",
				(int)utf8_len((const unsigned char *)q + 1,
					      (const unsigned char *)lx->end),
				q + 1);
		}
		if ((unsigned char)*q < 0x20 && *q != '\t')
			return sc_diag_error(lx->diag, lx->line, col_at(lx, q),
					     "control character 0x%02x in string",
					     (unsigned char)*q);
		q++;
	}
	t->kind = SC_TOK_STRING;
	t->len = (size_t)(q + 1 - lx->cur);
	advance(lx, t->len);
	return 0;
}

int sc_lex(struct sc_lexer *lx, struct sc_token *t)
{
	char c;

	if (lx->diag->err)
		return lx->diag->err;
	if (!lx->line_checked) {
		int err = check_line(lx);

		if (err)
			return err;
		lx->line_checked = true;
	}
	for (;;) {
		while (lx->cur < lx->end && strchr(" \t\r\v\f", *lx->cur) && *lx->cur)
			advance(lx, 1);
		if (lx->cur < lx->end && *lx->cur == '#') {
			const char *nl = memchr(lx->cur, '\n', (size_t)(lx->end - lx->cur));

			/*
			 * Skipped uncounted: the EOL that follows then reports
			 * the column of the '#', where the statement ended.
			 */
			lx->cur = nl ? nl : lx->end;
			continue;
		}
		break;
	}

	t->p = lx->cur;
	t->len = 0;
	t->line = lx->line;
	t->col = lx->col;
	if (lx->cur == lx->end) {
		t->kind = lx->eol_pending ? SC_TOK_EOL : SC_TOK_EOF;
		lx->eol_pending = false;
		return 0;
	}

	c = *lx->cur;
	switch (c) {
	case '\n':
		t->kind = SC_TOK_EOL;
		t->len = 1;
		lx->cur++;
		lx->line++;
		lx->col = 1;
		lx->line_checked = false;
		return 0;
	case ':':
		t->kind = SC_TOK_COLON;
		break;
	case ';':
		t->kind = SC_TOK_SEMI;
		break;
	case ',':
		t->kind = SC_TOK_COMMA;
		break;
	case '=':
		t->kind = SC_TOK_EQUALS;
		break;
	case '"':
		return lex_string(lx, t);
	default:
		if (is_word_char(c)) {
			const char *q = lx->cur;

			while (q < lx->end && is_word_char(*q))
				q++;
			t->kind = SC_TOK_WORD;
			t->len = (size_t)(q - lx->cur);
			advance(lx, t->len);
			return 0;
		}
		if ((unsigned char)c < 0x20 || c == 0x7f)
			return sc_diag_error(lx->diag, t->line, t->col,
					     "unexpected control character 0x%02x",
					     (unsigned char)c);
		return sc_diag_error(lx->diag, t->line, t->col, "unexpected character '%.*s'",
				     (int)utf8_len((const unsigned char *)lx->cur,
						   (const unsigned char *)lx->end),
				     lx->cur);
	}
	t->len = 1;
	advance(lx, 1);
	return 0;
}

bool sc_tok_is(const struct sc_token *t, const char *word)
{
	return t->kind == SC_TOK_WORD && t->len == strlen(word) && !memcmp(t->p, word, t->len);
}

const char *sc_tok_describe(const struct sc_token *t, char *buf, size_t len)
{
	switch (t->kind) {
	case SC_TOK_EOF:
		return "end of file";
	case SC_TOK_EOL:
		return "end of line";
	case SC_TOK_STRING:
		return "a string";
	case SC_TOK_COLON:
		return "':'";
	case SC_TOK_SEMI:
		return "';'";
	case SC_TOK_COMMA:
		return "','";
	case SC_TOK_EQUALS:
		return "'='";
	case SC_TOK_WORD:
		break;
	}
	/* Words are ASCII, so cutting one never splits a character. */
	if (t->len > 40)
		snprintf(buf, len, "'%.40s...'", t->p);
	else
		snprintf(buf, len, "'%.*s'", (int)t->len, t->p);
	return buf;
}

int sc_string_decode(const struct sc_token *t, char **out)
{
	const char *s = t->p + 1, *end = t->p + t->len - 1;
	char *d = scenario_malloc(t->len);

	*out = d;
	if (!d)
		return -ENOMEM;
	while (s < end) {
		if (*s != '\\') {
			*d++ = *s++;
			continue;
		}
		switch (s[1]) {
		case 'n':
			*d++ = '\n';
			break;
		case 't':
			*d++ = '\t';
			break;
		default: /* '"' and '\\', the lexer let nothing else through */
			*d++ = s[1];
			break;
		}
		s += 2;
	}
	*d = '\0';
	return 0;
}

/*
 * qlex.h: the lexer of the query language (private to qparse.c).
 *
 * The lexer turns the query into tokens one at a time, each with the column
 * (1-based, in Unicode characters) where it starts. It owns every error that
 * can be seen inside one token: an unclosed quote, a misplaced '*', an
 * unknown field name, a bad NEAR window or score value. The input is checked
 * once up front (qlex_check_input) so the lexer may assume valid UTF-8
 * without NUL bytes.
 */
#ifndef LASEARCH_QLEX_H
#define LASEARCH_QLEX_H

#include <stddef.h>

#include "qparse.h"

typedef enum qtok_type {
    QT_EOF,
    QT_ERROR,   /* the lexer failed; the qerror says why */
    QT_WORD,    /* start..end: the word without '=' and '*'; flags */
    QT_PHRASE,  /* start..end: between the quotes; flags */
    QT_FIELD,   /* start..end: the field's name; v*: its value */
    QT_LPAREN,
    QT_RPAREN,
    QT_PLUS,    /* a leading '+' (always followed by a word, phrase or '(') */
    QT_MINUS,   /* a leading '-' (likewise) */
    QT_AND,
    QT_OR,
    QT_XOR,
    QT_NOT,
    QT_NEAR,    /* window */
    QT_ADJ      /* window */
} qtok_type;

typedef struct qtok {
    qtok_type type;
    unsigned column;       /* first character, including a leading '=' */
    size_t start, end;     /* byte range, as described for each type; for
                              operators, their spelling ("NEAR/5") */
    unsigned flags;        /* QF_EXACT, QF_WILDCARD, QF_QUOTED */
    qfield field;          /* QT_FIELD */
    size_t vstart, vend;   /* QT_FIELD: the value (inside the quotes) */
    int lo, hi;            /* QT_FIELD score: the range, open ends 0 */
    unsigned window;       /* QT_NEAR, QT_ADJ */
} qtok;

typedef struct qlex {
    const char *s;
    size_t len;
    size_t pos;            /* byte offset of the next character */
    unsigned col;          /* its column */
    int after_prefix;      /* the last token was '+' or '-' */
    qerror *err;
} qlex;

/* The checks made on the whole query before lexing: not longer than
 * max_length bytes, no NUL byte, valid UTF-8, not blank. 0 or -1 (err set). */
int qlex_check_input(const char *s, size_t len, size_t max_length,
                     qerror *err);

/* Start lexing s (already checked by qlex_check_input). */
void qlex_init(qlex *lx, const char *s, size_t len, qerror *err);

/* The next token into *t. 0, or -1 with lx->err set (t->type is QT_ERROR). */
int qlex_next(qlex *lx, qtok *t);

/* Fill err: the column and a printf-style message. */
void qlex_error(qerror *err, unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* How many bytes of s (n bytes long) to show in a message: at most a few
 * dozen, cut at a character boundary. */
int qlex_clip(const char *s, size_t n);

#endif /* LASEARCH_QLEX_H */

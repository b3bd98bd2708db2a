/*
 * qlex.c: the lexer of the query language (see qlex.h, qparse.h).
 */
#include "qlex.h"
#include "date.h"
#include "normalise.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define QLEX_MAX_WINDOW 100
#define QLEX_MAX_SCORE 4
#define QLEX_SHOW 40 /* most bytes of the user's text quoted in a message */

/* ------------------------------------------------------------------------ */
/* Messages                                                                  */

void qlex_error(qerror *err, unsigned column, const char *fmt, ...)
{
    va_list ap;

    err->kind = QERR_SYNTAX;
    err->column = column;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

int qlex_clip(const char *s, size_t n)
{
    if (n <= QLEX_SHOW)
        return (int)n;
    n = QLEX_SHOW;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--; /* do not cut a character in two */
    return (int)n;
}

/* ------------------------------------------------------------------------ */
/* Characters                                                                */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Characters that end a word (besides the end of the query). */
static int ends_word(unsigned char c)
{
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Bytes in the UTF-8 character that starts with lead byte c (input is
 * valid: checked by qlex_check_input). */
static size_t char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The byte at pos, or 0 at the end (there are no NUL bytes inside). */
static unsigned char at(const qlex *lx, size_t pos)
{
    return pos < lx->len ? (unsigned char)lx->s[pos] : 0;
}

/* Move past one character. */
static void advance(qlex *lx)
{
    lx->pos += char_len((unsigned char)lx->s[lx->pos]);
    lx->col++;
}


int qlex_check_input(const char *s, size_t len, size_t max_length,
                     qerror *err)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned col = 1;
    int blank = 1;
    size_t i = 0, n;

    if (len > max_length) {
        qlex_error(err, 0,
                   "the query is too long: %zu bytes, and the limit is %zu",
                   len, max_length);
        err->kind = QERR_LENGTH;
        return -1;
    }
    while (i < len) {
        if (u[i] == 0) {
            qlex_error(err, col, "the query contains a NUL byte at column %u",
                       col);
            return -1;
        }
        n = norm_utf8_len((const char *)u + i, len - i);
        if (n == 0) {
            qlex_error(err, col,
                       "the query is not valid UTF-8 at column %u (byte %zu)",
                       col, i + 1);
            return -1;
        }
        if (!is_space(u[i]))
            blank = 0;
        i += n;
        col++;
    }
    if (blank) {
        qlex_error(err, 0, "the query is empty; type something to search for");
        return -1;
    }
    return 0;
}

void qlex_init(qlex *lx, const char *s, size_t len, qerror *err)
{
    memset(lx, 0, sizeof *lx);
    lx->s = s;
    lx->len = len;
    lx->col = 1;
    lx->err = err;
}

/* ------------------------------------------------------------------------ */
/* Tokens                                                                    */

static int fail(qlex *lx, qtok *t)
{
    (void)lx;
    t->type = QT_ERROR;
    return -1;
}

/* Scan a quoted string whose opening '"' is at lx->pos: on success
 * [*start, *end) is its content and lx is past the closing quote. what
 * names it in the error ("phrase", "value"). */
static int scan_quoted(qlex *lx, qtok *t, const char *what, size_t *start,
                       size_t *end)
{
    unsigned qcol = lx->col;

    advance(lx);
    *start = lx->pos;
    while (lx->pos < lx->len && lx->s[lx->pos] != '"')
        advance(lx);
    if (lx->pos >= lx->len) {
        qlex_error(lx->err, qcol,
                   "unbalanced quote: the %s that starts at column %u is "
                   "never closed",
                   what, qcol);
        return fail(lx, t);
    }
    *end = lx->pos;
    advance(lx);
    return 0;
}

static int is_blank(const char *s, size_t start, size_t end)
{
    for (; start < end; start++)
        if (!is_space((unsigned char)s[start]))
            return 0;
    return 1;
}

/* A phrase at lx->pos ('"'); col is where the token starts (its '=' if
 * any). */
static int lex_phrase(qlex *lx, qtok *t, unsigned flags, unsigned col)
{
    unsigned qcol = lx->col;

    if (scan_quoted(lx, t, "phrase", &t->start, &t->end))
        return -1;
    if (is_blank(lx->s, t->start, t->end)) {
        qlex_error(lx->err, qcol,
                   "empty phrase at column %u; put words between the quotes, "
                   "or remove them",
                   qcol);
        return fail(lx, t);
    }
    if (at(lx, lx->pos) == '*') {
        qlex_error(lx->err, lx->col,
                   "'*' at column %u follows a phrase; a wildcard can only "
                   "end a word, e.g. partner*",
                   lx->col);
        return fail(lx, t);
    }
    t->type = QT_PHRASE;
    t->column = col;
    t->flags = flags;
    return 0;
}

/* A leading '+' or '-' at lx->pos. */
static int lex_prefix(qlex *lx, qtok *t)
{
    unsigned col = lx->col;
    char c = lx->s[lx->pos];
    unsigned char n = at(lx, lx->pos + 1);

    if (n == 0 || is_space(n) || n == ')') {
        if (c == '-')
            qlex_error(lx->err, col,
                       "'-' at column %u stands alone; to exclude something, "
                       "write it right after the '-' (-word); to search for "
                       "text with a dash, put it in quotes",
                       col);
        else
            qlex_error(lx->err, col,
                       "'+' at column %u stands alone; to require something, "
                       "write it right after the '+' (+word)",
                       col);
        return fail(lx, t);
    }
    if (n == '+' || n == '-') {
        qlex_error(lx->err, col + 1,
                   "'%c' at column %u cannot follow '%c' at column %u; use "
                   "one '+' or '-' before a word",
                   (char)n, col + 1, c, col);
        return fail(lx, t);
    }
    advance(lx);
    t->type = c == '+' ? QT_PLUS : QT_MINUS;
    t->column = col;
    t->end = lx->pos;
    lx->after_prefix = 1;
    return 0;
}

/* 1 if v (n bytes) is "none" in any case: the value that asks for the
 * paragraphs without one (score:none). */
static int is_none(const char *v, size_t n)
{
    return n == 4 && strncasecmp(v, "none", 4) == 0;
}

/* A score value v (n bytes, starting at column vcol): N, N..M, N.., ..M
 * with every N from 1 to QLEX_MAX_SCORE, or "none" (lo = hi = 0). */
static int lex_score(qlex *lx, qtok *t, const char *v, size_t n,
                     unsigned vcol)
{
    size_t i = 0, a_end, b_start;
    int range = 0, a = 0, b = 0;

    if (is_none(v, n)) {
        t->lo = t->hi = 0;
        return 0;
    }

    while (i < n && is_digit((unsigned char)v[i]))
        i++;
    a_end = i;
    if (n - i >= 2 && v[i] == '.' && v[i + 1] == '.') {
        range = 1;
        i += 2;
    }
    b_start = i;
    while (i < n && is_digit((unsigned char)v[i]))
        i++;
    if (i != n || (a_end == 0 && b_start == i)) {
        qlex_error(lx->err, vcol,
                   "score value '%.*s' at column %u is not a score; write a "
                   "number from 1 to %d, a range such as 1..3, 2.. or ..3, or "
                   "none",
                   qlex_clip(v, n), v, vcol, QLEX_MAX_SCORE);
        return fail(lx, t);
    }
    /* Values are all ASCII here, so byte offsets are column offsets. */
    for (size_t k = 0; k < a_end; k++)
        a = a > 99 ? 1000 : a * 10 + (v[k] - '0');
    for (size_t k = b_start; k < i; k++)
        b = b > 99 ? 1000 : b * 10 + (v[k] - '0');
    if (a_end > 0 && (a < 1 || a > QLEX_MAX_SCORE)) {
        qlex_error(lx->err, vcol,
                   "score %.*s at column %u is out of range; scores go from "
                   "1 to %d",
                   qlex_clip(v, a_end), v, vcol, QLEX_MAX_SCORE);
        return fail(lx, t);
    }
    if (i > b_start && (b < 1 || b > QLEX_MAX_SCORE)) {
        unsigned bcol = vcol + (unsigned)b_start;
        qlex_error(lx->err, bcol,
                   "score %.*s at column %u is out of range; scores go from "
                   "1 to %d",
                   qlex_clip(v + b_start, i - b_start), v + b_start, bcol,
                   QLEX_MAX_SCORE);
        return fail(lx, t);
    }
    if (a_end > 0 && i > b_start && a > b) {
        qlex_error(lx->err, vcol,
                   "score range %d..%d at column %u is reversed; write %d..%d",
                   a, b, vcol, b, a);
        return fail(lx, t);
    }
    t->lo = a_end > 0 ? a : 0;
    t->hi = range ? (i > b_start ? b : 0) : a;
    return 0;
}

/* One end of a published: value, v[0..n) at column col: a date date_parse
 * reads. 0, or -1 with the error naming it. */
static int lex_date_end(qlex *lx, qtok *t, const char *v, size_t n, unsigned col,
                        date_value *out)
{
    if (date_parse(v, n, out) != DATE_NONE)
        return 0;
    qlex_error(lx->err, col,
               "published date '%.*s' at column %u is not a date; write YYYY, YYYY-MM "
               "or YYYY-MM-DD (e.g. 2024, 2024-05, 2024-05-17), a range such as "
               "2024-05..2025-01, 2025.. or ..2024-06, or none",
               qlex_clip(v, n), v, col);
    return fail(lx, t);
}

/* A published: value v (n bytes, starting at column vcol): a date, a
 * range A..B, A.. or ..B of dates of any precision, or "none". Checked
 * here so that errors point at the date; qbuild reads the text again. */
static int lex_published(qlex *lx, qtok *t, const char *v, size_t n, unsigned vcol)
{
    if (is_none(v, n))
        return 0;
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n && !dots; i++)
        if (v[i] == '.' && v[i + 1] == '.')
            dots = v + i;
    date_value lo = {0, 0, 0, DATE_NONE}, hi = lo;
    if (!dots)
        return lex_date_end(lx, t, v, n, vcol, &lo);
    size_t a = (size_t)(dots - v), b = a + 2;
    if (a == 0 && b == n) {
        qlex_error(lx->err, vcol,
                   "published range '..' at column %u has no dates; give at least "
                   "one end, e.g. 2025.. or ..2024-06", vcol);
        return fail(lx, t);
    }
    /* Dates are ASCII here, so byte offsets are column offsets (anything
     * else fails as a date first). */
    if (a > 0 && lex_date_end(lx, t, v, a, vcol, &lo))
        return -1;
    if (b < n && lex_date_end(lx, t, v + b, n - b, vcol + (unsigned)b, &hi))
        return -1;
    date_part parts[3];
    if (a > 0 && b < n && date_range_parts(&lo, &hi, parts) != 0) {
        qlex_error(lx->err, vcol,
                   "published range %.*s at column %u is reversed; write %.*s..%.*s",
                   qlex_clip(v, n), v, vcol, qlex_clip(v + b, n - b), v + b,
                   qlex_clip(v, a), v);
        return fail(lx, t);
    }
    return 0;
}

/* The field named s[start..end) (ASCII letters), or QFIELD_NONE. */
static qfield field_lookup(const char *s, size_t start, size_t end)
{
    for (int f = QFIELD_AUTHORITY; f <= QFIELD_LIKE; f++) {
        const char *name = qfield_name((qfield)f);
        size_t k = 0;

        if (strlen(name) != end - start)
            continue;
        while (k < end - start &&
               (s[start + k] | 0x20) == name[k]) /* letters: fold case */
            k++;
        if (k == end - start)
            return (qfield)f;
    }
    return QFIELD_NONE;
}

/* "authority, section, ..." into buf. */
static void field_list(char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int f = QFIELD_AUTHORITY; f <= QFIELD_LIKE && used < size; f++) {
        int n = snprintf(buf + used, size - used, "%s%s",
                         f == QFIELD_AUTHORITY ? "" : ", ",
                         qfield_name((qfield)f));
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* The rest of a "name:value" token: the word scan stopped at lx->pos, the
 * name is s[start..colon) and starts at column col; the value starts at
 * colon + 1 (column vcol). */
static int lex_field(qlex *lx, qtok *t, size_t start, size_t colon,
                     size_t end, unsigned col, unsigned vcol, unsigned flags)
{
    const char *s = lx->s;
    int nlen = qlex_clip(s + start, colon - start);
    qfield f = field_lookup(s, start, colon);

    if (f == QFIELD_NONE) {
        char names[128];

        field_list(names, sizeof names);
        qlex_error(lx->err, col,
                   "unknown field '%.*s' at column %u; fields are %s; to "
                   "search for the text, put it in quotes",
                   nlen, s + start, col, names);
        return fail(lx, t);
    }
    if (flags & QF_EXACT) {
        qlex_error(lx->err, col - 1,
                   "'=' at column %u works on words and phrases, not on the "
                   "field %.*s:",
                   col - 1, nlen, s + start);
        return fail(lx, t);
    }
    t->vstart = colon + 1;
    t->vend = end;
    if (t->vstart == t->vend && at(lx, lx->pos) == '"') {
        vcol = lx->col + 1;
        if (scan_quoted(lx, t, "value", &t->vstart, &t->vend))
            return -1;
        t->flags |= QF_QUOTED;
    }
    if (is_blank(s, t->vstart, t->vend)) {
        qlex_error(lx->err, col,
                   "%.*s: at column %u needs a value right after the ':'",
                   nlen, s + start, col);
        return fail(lx, t);
    }
    if (f == QFIELD_SCORE &&
        lex_score(lx, t, s + t->vstart, t->vend - t->vstart, vcol))
        return -1;
    if (f == QFIELD_PUBLISHED &&
        lex_published(lx, t, s + t->vstart, t->vend - t->vstart, vcol))
        return -1;
    t->type = QT_FIELD;
    t->field = f;
    t->column = col;
    t->start = start;
    t->end = colon;
    return 0;
}

/* "NEAR/..." or "ADJ/...": the window is s[w..end), at column wcol. */
static int lex_window(qlex *lx, qtok *t, size_t w, size_t end, unsigned wcol)
{
    const char *s = lx->s;
    const char *op = t->type == QT_NEAR ? "NEAR" : "ADJ";
    unsigned v = 0;

    if (w == end) {
        qlex_error(lx->err, wcol,
                   "%s/ needs a number at column %u, e.g. %s/5 for within 5 "
                   "words",
                   op, wcol, op);
        return fail(lx, t);
    }
    for (size_t k = w; k < end; k++) {
        if (!is_digit((unsigned char)s[k])) {
            qlex_error(lx->err, wcol,
                       "'%.*s' at column %u is not a number; %s/ takes a "
                       "window from 1 to %d, e.g. %s/5",
                       qlex_clip(s + w, end - w), s + w, wcol, op,
                       QLEX_MAX_WINDOW, op);
            return fail(lx, t);
        }
        v = v > 999 ? 10000 : v * 10 + (unsigned)(s[k] - '0');
    }
    if (v < 1 || v > QLEX_MAX_WINDOW) {
        qlex_error(lx->err, wcol,
                   "%s window %.*s at column %u is out of range; use a number "
                   "from 1 to %d",
                   op, qlex_clip(s + w, end - w), s + w, wcol,
                   QLEX_MAX_WINDOW);
        return fail(lx, t);
    }
    t->window = v;
    return 0;
}

/* An operator spelled s[start..end), or QT_EOF if it is not one. */
static qtok_type keyword(const char *s, size_t start, size_t end, size_t *slash)
{
    static const struct {
        const char *name;
        qtok_type type;
    } ops[] = {{"AND", QT_AND}, {"OR", QT_OR},     {"XOR", QT_XOR},
               {"NOT", QT_NOT}, {"NEAR", QT_NEAR}, {"ADJ", QT_ADJ}};
    size_t n = end - start;

    *slash = 0;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t k = strlen(ops[i].name);

        if (n < k || memcmp(s + start, ops[i].name, k) != 0)
            continue;
        if (n == k)
            return ops[i].type;
        if ((ops[i].type == QT_NEAR || ops[i].type == QT_ADJ) &&
            s[start + k] == '/') {
            *slash = start + k;
            return ops[i].type;
        }
    }
    return QT_EOF;
}

/* A word (or operator, or field) at lx->pos; col is where the token starts
 * (its '=' if any). Operators are not recognised after a prefix or '='. */
static int lex_word(qlex *lx, qtok *t, int operators, unsigned flags,
                    unsigned col)
{
    const char *s = lx->s;
    size_t start = lx->pos, end, colon = 0, star = 0;
    unsigned wcol = lx->col, colon_col = 0, star_col = 0;
    int has_colon = 0, has_star = 0;

    while (lx->pos < lx->len && !ends_word((unsigned char)s[lx->pos])) {
        if (s[lx->pos] == ':' && !has_colon) {
            has_colon = 1;
            colon = lx->pos;
            colon_col = lx->col;
        } else if (s[lx->pos] == '*' && !has_star) {
            has_star = 1;
            star = lx->pos;
            star_col = lx->col;
        }
        advance(lx);
    }
    end = lx->pos;

    if (operators && flags == 0) {
        size_t slash;
        qtok_type k = keyword(s, start, end, &slash);

        if (k != QT_EOF) {
            t->type = k;
            t->column = col;
            t->start = start;
            t->end = end;
            t->window = QPARSE_DEFAULT_NEAR_WINDOW;
            if (slash &&
                lex_window(lx, t, slash + 1, end,
                           wcol + (unsigned)(slash + 1 - start)))
                return -1;
            return 0;
        }
    }

    if (has_colon && colon > start) {
        size_t k = start;

        while (k < colon && is_alpha((unsigned char)s[k]))
            k++;
        if (k == colon)
            return lex_field(lx, t, start, colon, end, wcol, colon_col + 1,
                             flags);
    }

    if (has_star) {
        if (star == start) {
            qlex_error(lx->err, star_col,
                       "'*' at column %u has nothing before it; a wildcard "
                       "goes at the end of a word, e.g. partner*",
                       star_col);
            return fail(lx, t);
        }
        if (star != end - 1) {
            qlex_error(lx->err, star_col,
                       "'*' at column %u can only go at the end of a word, "
                       "e.g. partner*",
                       star_col);
            return fail(lx, t);
        }
        flags |= QF_WILDCARD;
        end--;
    }
    t->type = QT_WORD;
    t->column = col;
    t->start = start;
    t->end = end;
    t->flags = flags;
    return 0;
}

int qlex_next(qlex *lx, qtok *t)
{
    int after_prefix = lx->after_prefix;
    unsigned char c, n;
    unsigned col;

    memset(t, 0, sizeof *t);
    lx->after_prefix = 0;
    while (lx->pos < lx->len && is_space((unsigned char)lx->s[lx->pos]))
        advance(lx);
    t->column = lx->col;
    t->start = t->end = lx->pos;
    if (lx->pos >= lx->len) {
        t->type = QT_EOF;
        return 0;
    }
    c = (unsigned char)lx->s[lx->pos];
    switch (c) {
    case '(':
    case ')':
        advance(lx);
        t->type = c == '(' ? QT_LPAREN : QT_RPAREN;
        t->end = lx->pos;
        return 0;
    case '"':
        return lex_phrase(lx, t, 0, lx->col);
    case '+':
    case '-':
        /* A run of only '+' and '-' ("--") is a word; qbuild says it has
         * nothing to search for. */
        n = at(lx, lx->pos + 1);
        if (n == '+' || n == '-') {
            size_t k = lx->pos;

            while (at(lx, k) == '+' || at(lx, k) == '-')
                k++;
            if (k == lx->len || ends_word(at(lx, k)))
                return lex_word(lx, t, 0, 0, lx->col);
        }
        return lex_prefix(lx, t);
    case '=':
        col = lx->col;
        n = at(lx, lx->pos + 1);
        if (n == '"') {
            advance(lx);
            return lex_phrase(lx, t, QF_EXACT, col);
        }
        if (n == 0 || ends_word(n) || n == '+' || n == '-' || n == '=') {
            qlex_error(lx->err, col,
                       "'=' at column %u must be followed directly by a word "
                       "or a phrase, e.g. =councillor or =\"section 75\"",
                       col);
            return fail(lx, t);
        }
        advance(lx);
        return lex_word(lx, t, 0, QF_EXACT, col);
    default:
        return lex_word(lx, t, !after_prefix, 0, lx->col);
    }
}

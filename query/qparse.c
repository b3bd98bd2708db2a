/*
 * qparse.c: recursive-descent parser for the query language (qparse.h).
 *
 * One function per grammar rule, each taking the parser and `after`, the
 * operator token just before it (or NULL), so that a missing operand can be
 * reported against the operator that needs it. Errors are sticky: the first
 * one is kept and every function returns NULL once it is set. Recursion
 * happens only for brackets and is cut off at max_depth.
 */
#include "qparse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qlex.h"

/* A max_depth above this is lowered to it: every level of brackets costs six
 * stack frames, and the parser must never overflow the stack. */
#define QPARSE_HARD_MAX_DEPTH 256

typedef struct parser {
    qlex lx;
    qtok tok;         /* the lookahead token, when have_tok */
    int have_tok;
    int failed;       /* err is set; stop */
    unsigned depth;   /* brackets open now */
    unsigned max_depth;
    qerror *err;
} parser;

/* A growing array of nodes; owns them until handed over. */
typedef struct nodevec {
    qnode **v;
    size_t n, cap;
} nodevec;

static qnode *parse_or(parser *p, const qtok *after);

/* ------------------------------------------------------------------------ */
/* Errors, tokens, nodes                                                     */

static void perr(parser *p, unsigned column, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(parser *p, unsigned column, const char *fmt, ...)
{
    va_list ap;

    if (p->failed)
        return;
    p->failed = 1;
    p->err->kind = QERR_SYNTAX;
    p->err->column = column;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static void oom(parser *p)
{
    if (p->failed)
        return;
    p->failed = 1;
    p->err->kind = QERR_NOMEM;
    p->err->column = 0;
    snprintf(p->err->message, sizeof p->err->message, "out of memory");
}

static const qtok *peek(parser *p)
{
    if (!p->have_tok) {
        if (qlex_next(&p->lx, &p->tok) != 0)
            p->failed = 1; /* the lexer has filled err */
        p->have_tok = 1;
    }
    return &p->tok;
}

static qtok take(parser *p)
{
    peek(p);
    if (p->tok.type != QT_ERROR) /* an error token stays, so all stop */
        p->have_tok = 0;
    return p->tok;
}

/* An operator token as named in messages ("AND", "NEAR/5", "')'"), in buf. */
static const char *tok_name(const parser *p, const qtok *t, char *buf,
                            size_t size)
{
    switch (t->type) {
    case QT_AND: return "AND";
    case QT_OR: return "OR";
    case QT_XOR: return "XOR";
    case QT_NOT: return "NOT";
    case QT_PLUS: return "'+'";
    case QT_MINUS: return "'-'";
    case QT_LPAREN: return "'('";
    case QT_RPAREN: return "')'";
    case QT_NEAR:
    case QT_ADJ:
        snprintf(buf, size, "%.*s", qlex_clip(p->lx.s + t->start,
                                              t->end - t->start),
                 p->lx.s + t->start);
        return buf;
    default: return "this";
    }
}

static qnode *node_new(parser *p, qnode_type type, unsigned column)
{
    qnode *n = calloc(1, sizeof *n);

    if (!n) {
        oom(p);
        return NULL;
    }
    n->type = type;
    n->column = column;
    return n;
}

/* A copy of s[0..len); with collapse, white space runs become one space and
 * the ends are trimmed (phrases and quoted values). */
static char *text_dup(parser *p, const char *s, size_t len, int collapse)
{
    char *d = malloc(len + 1);
    size_t j = 0;

    if (!d) {
        oom(p);
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                    c == '\f' || c == '\v';

        if (collapse && space) {
            if (j > 0 && d[j - 1] != ' ')
                d[j++] = ' ';
        } else {
            d[j++] = c;
        }
    }
    if (collapse && j > 0 && d[j - 1] == ' ')
        j--;
    d[j] = '\0';
    return d;
}

/* Takes ownership of n (freed on failure). */
static int vec_push(parser *p, nodevec *v, qnode *n)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4;
        qnode **nv = realloc(v->v, cap * sizeof *nv);

        if (!nv) {
            qnode_free(n);
            oom(p);
            return -1;
        }
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = n;
    return 0;
}

static void vec_free(nodevec *v)
{
    for (size_t i = 0; i < v->n; i++)
        qnode_free(v->v[i]);
    free(v->v);
    memset(v, 0, sizeof *v);
}

/* Whether child c of a new node of this type can give it its children
 * instead ("(a b) c" is one AND). */
static int flattens(const qnode *c, qnode_type type)
{
    return c->type == type && (c->flags & ~(unsigned)QF_EXPLICIT) == 0 &&
           (type == Q_AND || type == Q_OR || type == Q_XOR);
}

/* The items of v joined by type (one item: itself), flattening nested nodes
 * of the same type. Empties v. */
static qnode *vec_join(parser *p, nodevec *v, qnode_type type,
                       unsigned column, unsigned flags)
{
    size_t total = 0, k = 0;
    qnode *n, **kids;

    if (v->n == 1) {
        n = v->v[0];
        free(v->v);
        memset(v, 0, sizeof *v);
        return n;
    }
    for (size_t i = 0; i < v->n; i++)
        total += flattens(v->v[i], type) ? v->v[i]->n_children : 1;
    n = node_new(p, type, column);
    kids = n ? malloc(total * sizeof *kids) : NULL;
    if (!kids) {
        free(n);
        vec_free(v);
        oom(p);
        return NULL;
    }
    for (size_t i = 0; i < v->n; i++) {
        qnode *c = v->v[i];

        if (flattens(c, type)) {
            memcpy(kids + k, c->children, c->n_children * sizeof *kids);
            k += c->n_children;
            flags |= c->flags;
            free(c->children);
            free(c);
        } else {
            kids[k++] = c;
        }
    }
    n->flags = flags;
    n->children = kids;
    n->n_children = total;
    free(v->v);
    memset(v, 0, sizeof *v);
    return n;
}

/* Append child to n (an operator); on failure both are freed. */
static int add_child(parser *p, qnode *n, qnode *child)
{
    qnode **kids = realloc(n->children, (n->n_children + 1) * sizeof *kids);

    if (!kids) {
        qnode_free(child);
        qnode_free(n);
        oom(p);
        return -1;
    }
    n->children = kids;
    n->children[n->n_children++] = child;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Grammar                                                                   */

static qnode *leaf(parser *p, const qtok *t)
{
    const char *s = p->lx.s;
    qnode *n;

    switch (t->type) {
    case QT_WORD:
        n = node_new(p, Q_WORD, t->column);
        if (n)
            n->text = text_dup(p, s + t->start, t->end - t->start, 0);
        break;
    case QT_PHRASE:
        n = node_new(p, Q_PHRASE, t->column);
        if (n)
            n->text = text_dup(p, s + t->start, t->end - t->start, 1);
        break;
    default: /* QT_FIELD */
        n = node_new(p, Q_FIELD, t->column);
        if (n) {
            n->field = t->field;
            n->lo = t->lo;
            n->hi = t->hi;
            n->text = text_dup(p, s + t->vstart, t->vend - t->vstart,
                               (t->flags & QF_QUOTED) != 0);
        }
        break;
    }
    if (n && !n->text) {
        free(n);
        return NULL;
    }
    if (n)
        n->flags = t->flags;
    return n;
}

/* "(" orexp ")" at the lookahead. */
static qnode *parse_group(parser *p)
{
    qtok lp = take(p);
    const qtok *t;
    qnode *n;

    if (p->depth >= p->max_depth) {
        perr(p, lp.column,
             "'(' at column %u is nested too deeply; brackets can be nested "
             "at most %u levels",
             lp.column, p->max_depth);
        p->err->kind = QERR_DEPTH;
        return NULL;
    }
    t = peek(p);
    if (t->type == QT_RPAREN) {
        perr(p, lp.column,
             "empty brackets at column %u; put something between '(' and "
             "')', or remove them",
             lp.column);
        return NULL;
    }
    if (t->type == QT_EOF) {
        perr(p, lp.column, "'(' at column %u is never closed", lp.column);
        return NULL;
    }
    p->depth++;
    n = parse_or(p, NULL);
    p->depth--;
    if (!n)
        return NULL;
    t = peek(p);
    if (t->type != QT_RPAREN) {
        if (t->type == QT_EOF)
            perr(p, lp.column, "'(' at column %u is never closed",
                 lp.column);
        else
            perr(p, t->column, "unexpected text at column %u", t->column);
        qnode_free(n);
        return NULL;
    }
    take(p);
    if (n->n_children > 0) /* an operator starts at its bracket */
        n->column = lp.column;
    return n;
}

static qnode *parse_primary(parser *p, const qtok *after)
{
    const qtok *t = peek(p);
    char b1[48], b2[48];
    qtok w;

    switch (t->type) {
    case QT_ERROR:
        return NULL;
    case QT_WORD:
    case QT_PHRASE:
    case QT_FIELD:
        w = take(p);
        return leaf(p, &w);
    case QT_LPAREN:
        return parse_group(p);
    case QT_EOF:
    case QT_RPAREN:
        if (after)
            perr(p, after->column, "%s at column %u needs something on its "
                 "right", tok_name(p, after, b1, sizeof b1), after->column);
        else if (t->type == QT_RPAREN)
            perr(p, t->column, "')' at column %u has no matching '('",
                 t->column);
        else
            perr(p, t->column, "the query ends too early at column %u",
                 t->column);
        return NULL;
    default: /* an operator where an operand should be */
        if (after)
            perr(p, t->column, "%s at column %u cannot follow %s at column "
                 "%u; put a word between them or remove one",
                 tok_name(p, t, b1, sizeof b1), t->column,
                 tok_name(p, after, b2, sizeof b2), after->column);
        else
            perr(p, t->column, "%s at column %u needs something on its left",
                 tok_name(p, t, b1, sizeof b1), t->column);
        return NULL;
    }
}

/* 1 if n may stand in NEAR or ADJ: a word (a wildcard too) or phrase, or a
 * bracketed group of alternatives, "(carer OR carers)": words and phrases
 * joined by OR, at any depth. */
static int prox_alternatives(const qnode *n)
{
    if (n->type == Q_WORD || n->type == Q_PHRASE)
        return 1;
    if (n->type != Q_OR || n->n_children == 0)
        return 0;
    for (size_t i = 0; i < n->n_children; i++)
        if (!prox_alternatives(n->children[i]))
            return 0;
    return 1;
}

/* NEAR and ADJ join words, phrases and groups of alternatives; 0 and an
 * error if n is else. */
static int prox_operand(parser *p, const qnode *n, const qtok *op)
{
    char b[48];

    if (prox_alternatives(n))
        return 1;
    if (n->type == Q_FIELD)
        perr(p, n->column,
             "the field at column %u cannot be used with %s at column %u: NEAR "
             "and ADJ join only words, phrases and groups of them joined by OR",
             n->column, tok_name(p, op, b, sizeof b), op->column);
    else
        perr(p, n->column,
             "the bracketed group at column %u cannot be used with %s at column "
             "%u: inside NEAR and ADJ a group may only join words and phrases "
             "with OR, as in (carer OR carers)",
             n->column, tok_name(p, op, b, sizeof b), op->column);
    return 0;
}

static qnode *parse_prox(parser *p, const qtok *after)
{
    qnode *first = parse_primary(p, after), *n;
    qtok op0;
    char b1[48], b2[48];

    if (!first)
        return NULL;
    if (peek(p)->type != QT_NEAR && peek(p)->type != QT_ADJ)
        return first;
    op0 = *peek(p);
    if (!prox_operand(p, first, &op0)) {
        qnode_free(first);
        return NULL;
    }
    n = node_new(p, op0.type == QT_NEAR ? Q_NEAR : Q_ADJ, first->column);
    if (!n) {
        qnode_free(first);
        return NULL;
    }
    n->window = op0.window;
    if (add_child(p, n, first))
        return NULL;
    while (peek(p)->type == QT_NEAR || peek(p)->type == QT_ADJ) {
        qtok op = take(p);
        qnode *c;

        if (op.type != op0.type || op.window != op0.window) {
            perr(p, op.column,
                 "%s at column %u cannot be chained with %s at column %u; a "
                 "chain must use one operator and one window",
                 tok_name(p, &op, b1, sizeof b1), op.column,
                 tok_name(p, &op0, b2, sizeof b2), op0.column);
            qnode_free(n);
            return NULL;
        }
        c = parse_primary(p, &op);
        if (!c || !prox_operand(p, c, &op)) {
            qnode_free(c);
            qnode_free(n);
            return NULL;
        }
        if (add_child(p, n, c))
            return NULL;
    }
    if (p->failed) {
        qnode_free(n);
        return NULL;
    }
    return n;
}

/* unary: "+" prox | "-" prox | "NOT" prox | prox. An exclusion comes back
 * as a Q_NOT node; parse_and turns it into part of a Q_AND_NOT. */
static qnode *parse_unary(parser *p, const qtok *after)
{
    qtok t = *peek(p);
    qnode *n, *not;

    if (t.type != QT_PLUS && t.type != QT_MINUS && t.type != QT_NOT)
        return parse_prox(p, after);
    take(p);
    n = parse_prox(p, &t);
    if (!n)
        return NULL;
    if (t.type == QT_PLUS) {
        n->flags |= QF_REQUIRED;
        n->column = t.column;
        return n;
    }
    not = node_new(p, Q_NOT, t.column);
    if (!not) {
        qnode_free(n);
        return NULL;
    }
    if (add_child(p, not, n))
        return NULL;
    return not;
}

static int starts_unary(qtok_type type)
{
    return type == QT_WORD || type == QT_PHRASE || type == QT_FIELD ||
           type == QT_LPAREN || type == QT_PLUS || type == QT_MINUS;
}

/* An item of an andexp that excludes (a Q_NOT from "-x", "NOT x"). */
static int excludes(const qnode *n)
{
    return n->type == Q_NOT && n->flags == 0;
}

/* The items excluded: Q_AND_NOT(base, the children of the Q_NOTs in neg).
 * Takes base and empties neg. */
static qnode *and_not(parser *p, qnode *base, nodevec *neg, unsigned column)
{
    qnode *n = base, **kids;

    if (!(base->type == Q_AND_NOT && base->flags == 0)) {
        n = node_new(p, Q_AND_NOT, column);
        if (!n || add_child(p, n, base)) {
            if (!n)
                qnode_free(base);
            vec_free(neg);
            return NULL;
        }
    }
    kids = realloc(n->children, (n->n_children + neg->n) * sizeof *kids);
    if (!kids) {
        qnode_free(n);
        vec_free(neg);
        oom(p);
        return NULL;
    }
    n->children = kids;
    for (size_t i = 0; i < neg->n; i++) {
        qnode *not = neg->v[i];

        kids[n->n_children++] = not->children[0];
        free(not->children);
        free(not);
    }
    free(neg->v);
    memset(neg, 0, sizeof *neg);
    return n;
}

/* andexp := unary ( [ "AND" ] unary | "NOT" unary | "AND" "NOT" unary )* */
static qnode *parse_and(parser *p, const qtok *after)
{
    nodevec pos = {0}, neg = {0};
    unsigned column = peek(p)->column, flags = 0;
    qnode *n = parse_unary(p, after), *base;

    for (;;) {
        int explicit_and = 0;

        if (!n)
            goto fail;
        if (vec_push(p, excludes(n) ? &neg : &pos, n))
            goto fail;
        n = NULL;
        qtok t = *peek(p);
        if (t.type == QT_AND) {
            /* "AND x", "AND -x", "AND NOT x": the unary after it */
            take(p);
            explicit_and = 1;
            n = parse_unary(p, &t);
        } else if (t.type == QT_NOT || starts_unary(t.type)) {
            n = parse_unary(p, NULL);
        } else {
            break;
        }
        if (n && explicit_and && !excludes(n))
            flags |= QF_EXPLICIT;
    }
    if (p->failed)
        goto fail;
    if (neg.n == 0)
        return vec_join(p, &pos, Q_AND, column, flags);
    if (pos.n == 0) /* only exclusions: "-a", "-a -b" */
        return vec_join(p, &neg, Q_AND, column, 0);
    base = vec_join(p, &pos, Q_AND, column, flags);
    if (!base) {
        vec_free(&neg);
        return NULL;
    }
    return and_not(p, base, &neg, column);

fail:
    vec_free(&pos);
    vec_free(&neg);
    return NULL;
}

/* orexp := xorexp ( "OR" xorexp )*; xorexp := andexp ( "XOR" andexp )* */
static qnode *parse_chain(parser *p, const qtok *after, qtok_type op)
{
    nodevec v = {0};
    unsigned column = peek(p)->column;
    qnode *n = op == QT_OR ? parse_chain(p, after, QT_XOR)
                           : parse_and(p, after);

    while (n) {
        if (vec_push(p, &v, n))
            break;
        n = NULL;
        if (peek(p)->type != op) {
            if (p->failed)
                break;
            return vec_join(p, &v, op == QT_OR ? Q_OR : Q_XOR, column, 0);
        }
        qtok t = take(p);
        n = op == QT_OR ? parse_chain(p, &t, QT_XOR) : parse_and(p, &t);
    }
    vec_free(&v);
    return NULL;
}

static qnode *parse_or(parser *p, const qtok *after)
{
    return parse_chain(p, after, QT_OR);
}

/* ------------------------------------------------------------------------ */
/* Public                                                                    */

int qparse(const char *query, size_t len, const qparse_options *opts,
           qnode **out, qerror *err)
{
    qerror local;
    parser p;
    size_t max_length = QPARSE_DEFAULT_MAX_LENGTH;
    unsigned max_depth = QPARSE_DEFAULT_MAX_DEPTH;
    qnode *n;

    if (!err)
        err = &local;
    err->kind = QERR_SYNTAX;
    err->column = 0;
    err->message[0] = '\0';
    if (out)
        *out = NULL;
    if (!out || (!query && len > 0)) {
        qlex_error(err, 0, "no query given");
        return -1;
    }
    if (opts && opts->max_length)
        max_length = opts->max_length;
    if (opts && opts->max_depth)
        max_depth = opts->max_depth;
    if (max_depth > QPARSE_HARD_MAX_DEPTH)
        max_depth = QPARSE_HARD_MAX_DEPTH;
    if (qlex_check_input(query ? query : "", len, max_length, err))
        return -1;

    memset(&p, 0, sizeof p);
    qlex_init(&p.lx, query, len, err);
    p.err = err;
    p.max_depth = max_depth;
    n = parse_or(&p, NULL);
    if (n && peek(&p)->type != QT_EOF) {
        const qtok *t = peek(&p);

        if (t->type == QT_RPAREN)
            perr(&p, t->column, "')' at column %u has no matching '('",
                 t->column);
        else
            perr(&p, t->column, "unexpected text at column %u", t->column);
    }
    if (!n || p.failed) {
        qnode_free(n);
        return -1;
    }
    *out = n;
    return 0;
}

const char *qerror_kind_name(qerror_kind k)
{
    static const char *const names[] = {"syntax", "length", "depth", "wildcard",
                                        "results", "index", "memory"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "syntax";
}

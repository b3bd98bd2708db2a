/*
 * qnode.c: the parsed query tree itself: freeing it, naming fields, telling
 * plain-words queries apart, and describing a tree (qparse.h). Parsing is in
 * qparse.c.
 */
#include "qparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Leaves are freed at once; operators wait on a stack linked through their
 * text pointer (operators have no text, and it is freed first), so freeing
 * takes no recursion and no allocation whatever the tree's depth. */
static void free_or_stack(qnode *n, qnode **stack)
{
    if (!n)
        return;
    free(n->text);
    n->text = NULL;
    if (n->n_children == 0) {
        free(n->children);
        free(n);
        return;
    }
    n->text = (char *)(void *)*stack;
    *stack = n;
}

void qnode_free(qnode *n)
{
    qnode *stack = NULL;

    free_or_stack(n, &stack);
    while (stack) {
        qnode *top = stack;

        stack = (qnode *)(void *)top->text;
        for (size_t i = 0; i < top->n_children; i++)
            free_or_stack(top->children[i], &stack);
        free(top->children);
        free(top);
    }
}

const char *qfield_name(qfield f)
{
    switch (f) {
    case QFIELD_AUTHORITY: return "authority";
    case QFIELD_SECTION: return "section";
    case QFIELD_THEME: return "theme";
    case QFIELD_HEADING: return "heading";
    case QFIELD_KIND: return "kind";
    case QFIELD_FILE: return "file";
    case QFIELD_SCORE: return "score";
    case QFIELD_RATING: return "rating";
    case QFIELD_PUBLISHED: return "published";
    case QFIELD_ID: return "id";
    case QFIELD_LIKE: return "like";
    default: return "";
    }
}

static int plain_leaf(const qnode *n)
{
    return (n->type == Q_WORD || n->type == Q_PHRASE) &&
           !(n->flags & QF_REQUIRED);
}

int qnode_has_field(const qnode *n, int field)
{
    if (!n)
        return 0;
    if (n->type == Q_FIELD && (int)n->field == field)
        return 1;
    for (size_t i = 0; i < n->n_children; i++)
        if (qnode_has_field(n->children[i], field))
            return 1;
    return 0;
}

int qnode_is_plain(const qnode *n)
{
    if (!n)
        return 0;
    if (plain_leaf(n))
        return 1;
    if (n->type != Q_AND || (n->flags & (QF_EXPLICIT | QF_REQUIRED)))
        return 0;
    for (size_t i = 0; i < n->n_children; i++)
        if (!plain_leaf(n->children[i]))
            return 0;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Describe                                                                  */

typedef struct dbuf {
    char *s;
    size_t n, cap;
    int oom;
} dbuf;

static void put(dbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *ns;

        while (cap < b->n + n + 1)
            cap *= 2;
        ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(dbuf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* s in double quotes, with '"', '\' and control characters escaped. */
static void put_quoted(dbuf *b, const char *s)
{
    put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];

        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(b, esc, 2);
        } else if (c < 0x20 || c == 0x7F) {
            snprintf(esc, sizeof esc, "\\x%02x", c);
            puts_(b, esc);
        } else {
            put(b, s, 1);
        }
    }
    put(b, "\"", 1);
}

static void describe(dbuf *b, const qnode *n)
{
    static const char *const names[] = {
        [Q_AND] = "AND", [Q_OR] = "OR", [Q_XOR] = "XOR",
        [Q_AND_NOT] = "AND_NOT", [Q_NOT] = "NOT", [Q_NEAR] = "NEAR",
        [Q_ADJ] = "ADJ"};
    char num[32];

    if (n->flags & QF_REQUIRED)
        puts_(b, "+");
    if (n->flags & QF_EXACT)
        puts_(b, "=");
    switch (n->type) {
    case Q_WORD:
        put_quoted(b, n->text ? n->text : "");
        if (n->flags & QF_WILDCARD)
            puts_(b, "*");
        return;
    case Q_PHRASE:
        puts_(b, "(PHRASE ");
        put_quoted(b, n->text ? n->text : "");
        puts_(b, ")");
        return;
    case Q_FIELD:
        puts_(b, "(FIELD ");
        puts_(b, qfield_name(n->field));
        puts_(b, " ");
        if (n->field == QFIELD_SCORE) {
            if (!n->lo && !n->hi)   /* score:none */
                snprintf(num, sizeof num, "none");
            else if (n->lo && n->lo == n->hi)
                snprintf(num, sizeof num, "%d", n->lo);
            else if (n->lo && n->hi)
                snprintf(num, sizeof num, "%d..%d", n->lo, n->hi);
            else if (n->lo)
                snprintf(num, sizeof num, "%d..", n->lo);
            else
                snprintf(num, sizeof num, "..%d", n->hi);
            puts_(b, num);
        } else {
            put_quoted(b, n->text ? n->text : "");
            if (n->flags & QF_QUOTED)
                puts_(b, " quoted");
        }
        puts_(b, ")");
        return;
    default:
        break;
    }
    puts_(b, "(");
    puts_(b, (unsigned)n->type < sizeof names / sizeof names[0] &&
                     names[n->type]
                 ? names[n->type]
                 : "?");
    if (n->type == Q_NEAR || n->type == Q_ADJ) {
        snprintf(num, sizeof num, "/%u", n->window);
        puts_(b, num);
    }
    for (size_t i = 0; i < n->n_children; i++) {
        puts_(b, " ");
        describe(b, n->children[i]);
    }
    puts_(b, ")");
}

char *qnode_describe(const qnode *n)
{
    dbuf b = {0};

    put(&b, "", 0);
    if (n)
        describe(&b, n);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

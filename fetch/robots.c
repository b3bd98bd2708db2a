/* robots.c: robots.txt rules (contract in robots.h). */
#include "robots.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void robots_clear(robots *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->rules[i].pattern);
    free(r->rules);
    memset(r, 0, sizeof *r);
}

void robots_allow_all(robots *out)
{
    memset(out, 0, sizeof *out);
}

void robots_deny_all(robots *out)
{
    memset(out, 0, sizeof *out);
    out->deny_all = 1;
}

/* Trim spaces and tabs at both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static int key_is(const char *k, size_t n, const char *want)
{
    return strlen(want) == n && strncasecmp(k, want, n) == 0;
}

/* The product token of a User-agent value ("LaSearch/1.0" -> "LaSearch")
 * is one of ours, or "*". Returns 2 for ours, 1 for "*", 0 otherwise. */
static int agent_match(const char *v, size_t n, const char *const *agents)
{
    size_t t = 0;
    while (t < n && v[t] != '/' && v[t] != ' ' && v[t] != '\t')
        t++;
    if (t == 1 && v[0] == '*')
        return 1;
    for (; *agents; agents++)
        if (strlen(*agents) == t && strncasecmp(v, *agents, t) == 0)
            return 2;
    return 0;
}

typedef struct group_pass {
    int want;            /* 2: our groups; 1: the "*" groups */
    int any;             /* saw a group of that kind */
} group_pass;

/* One pass over the file collecting the rules of the groups of one kind
 * into out. Returns -1 if out of memory. */
static int collect(const char *text, size_t len, const char *const *agents,
                   group_pass *pass, robots *out)
{
    size_t cap = out->n;
    int in_agents = 0;  /* reading a run of User-agent lines */
    int member = 0;     /* the current group is one we want */
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = eol ? eol : end;
        const char *hash = memchr(p, '#', (size_t)(line_end - p));
        const char *stop = hash ? hash : line_end;
        const char *colon = memchr(p, ':', (size_t)(stop - p));
        const char *k = p, *v = colon ? colon + 1 : stop;
        size_t kn = colon ? (size_t)(colon - p) : 0, vn = (size_t)(stop - v);
        p = eol ? eol + 1 : end;
        if (!colon)
            continue;
        trim(&k, &kn);
        trim(&v, &vn);
        if (vn && v[vn - 1] == '\r')
            vn--;
        if (key_is(k, kn, "user-agent")) {
            if (!in_agents)
                member = 0;   /* a new group starts */
            in_agents = 1;
            if (agent_match(v, vn, agents) == pass->want)
                member = pass->any = 1;
            continue;
        }
        int allow = key_is(k, kn, "allow"), disallow = key_is(k, kn, "disallow");
        int delay = key_is(k, kn, "crawl-delay");
        if (!allow && !disallow && !delay)
            continue;   /* sitemap and unknown lines do not end a group */
        in_agents = 0;
        if (!member)
            continue;
        if (delay) {
            char buf[32];
            if (vn > 0 && vn < sizeof buf) {
                memcpy(buf, v, vn);
                buf[vn] = '\0';
                char *e;
                double d = strtod(buf, &e);
                if (*e == '\0' && d > out->crawl_delay && d < 1e6)
                    out->crawl_delay = d;
            }
            continue;
        }
        if (vn == 0)
            continue;   /* "Disallow:" alone allows everything */
        if (out->n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            robots_rule *r = realloc(out->rules, nc * sizeof *r);
            if (!r)
                return -1;
            out->rules = r;
            cap = nc;
        }
        char *pat = malloc(vn + 1);
        if (!pat)
            return -1;
        memcpy(pat, v, vn);
        pat[vn] = '\0';
        out->rules[out->n].pattern = pat;
        out->rules[out->n].allow = allow;
        out->n++;
    }
    return 0;
}

int robots_parse(const char *text, size_t len, const char *const *agents, robots *out)
{
    memset(out, 0, sizeof *out);
    if (len > ROBOTS_MAX_BYTES)
        len = ROBOTS_MAX_BYTES;
    group_pass ours = { 2, 0 }, star = { 1, 0 };
    if (collect(text, len, agents, &ours, out) != 0)
        goto nomem;
    if (!ours.any && collect(text, len, agents, &star, out) != 0)
        goto nomem;
    return 0;
nomem:
    robots_clear(out);
    robots_deny_all(out);
    return -1;
}

/* 1 if pattern p matches the start of s: '*' is any run of bytes, a final
 * '$' the end of s. The greedy scan with one remembered star is O(|p| |s|)
 * at worst, whatever a hostile robots.txt writes. */
static int matches(const char *p, const char *s)
{
    size_t pn = strlen(p), sn = strlen(s), i = 0, j = 0, star = (size_t)-1, mark = 0;
    int anchored = pn > 0 && p[pn - 1] == '$';
    if (anchored)
        pn--;
    while (j < sn) {
        if (i < pn && p[i] == '*') {
            star = i++;
            mark = j;
        } else if (i < pn && p[i] == s[j]) {
            i++;
            j++;
        } else if (i == pn && !anchored) {
            return 1;   /* the pattern is a prefix of s */
        } else if (star != (size_t)-1) {
            i = star + 1;
            j = ++mark;
        } else {
            return 0;
        }
    }
    while (i < pn && p[i] == '*')
        i++;
    return i == pn;
}

int robots_allowed(const robots *r, const char *path_query)
{
    if (strcmp(path_query, "/robots.txt") == 0)
        return 1;
    if (r->deny_all)
        return 0;
    size_t best = 0;
    int allowed = 1, found = 0;
    for (size_t i = 0; i < r->n; i++) {
        const robots_rule *rule = &r->rules[i];
        if (!matches(rule->pattern, path_query))
            continue;
        size_t n = strlen(rule->pattern);
        /* The most specific rule wins; on a tie, Allow. */
        if (!found || n > best || (n == best && rule->allow && !allowed)) {
            best = n;
            allowed = rule->allow;
            found = 1;
        }
    }
    return allowed;
}

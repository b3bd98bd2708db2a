/*
 * parse_lines.c: the document as lines, each normalised, cleaned and
 * classified (see parse_internal.h). Headings are decided later, when the
 * lines around them are known (parse_heading.c).
 */
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "parse_internal.h"

static int parse_is_space(char ch)
{
    return ch == ' ' || ch == '\t';
}

static int parse_is_ascii_punct(char ch)
{
    return (ch >= '!' && ch <= '/') || (ch >= ':' && ch <= '@') ||
           (ch >= '[' && ch <= '`') || (ch >= '{' && ch <= '~');
}

/* ---- inline markup ------------------------------------------------------------ */

/* Length of an HTML tag starting at s[0] == '<' ("<br>", "</div>",
 * "<p class=x>", "<!-- x -->"), or 0 if this '<' is not one ("<65",
 * "a < b"). Tags do not span lines here, and a long one is not a tag. */
static size_t parse_tag_len(const char *s, size_t n)
{
    if (n < 3 || s[0] != '<')
        return 0;
    char ch = s[1];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '/' ||
          ch == '!' || ch == '?'))
        return 0;
    for (size_t i = 1; i < n && i < 512; i++) {
        if (s[i] == '<')
            return 0;
        if (s[i] == '>')
            return i + 1;
    }
    return 0;
}

/* The few HTML entities web copies leave behind. */
static const struct {
    const char *name;
    char ch;
} parse_entities[] = {
    {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
    {"&#39;", '\''}, {"&apos;", '\''}, {"&nbsp;", ' '}, {"&#160;", ' '},
};

/* The end of a Markdown link "[text](url)" whose '[' is at s[0]: sets
 * *close to the ']' and returns the index just past ')', or 0. */
static size_t parse_link_end(const char *s, size_t n, size_t *close)
{
    for (size_t i = 1; i < n; i++) {
        if (s[i] == '[')
            return 0;
        if (s[i] == ']') {
            if (i + 1 >= n || s[i + 1] != '(')
                return 0;
            for (size_t k = i + 2; k < n; k++) {
                if (s[k] == ')') {
                    *close = i;
                    return k + 1;
                }
                if (s[k] == ' ' || s[k] == '(')
                    return 0;
            }
            return 0;
        }
    }
    return 0;
}

/* The bytes parse_clean_inline() looks at twice; it copies every other one
 * as it is. */
static const unsigned char parse_inline_special[256] = {
    ['\\'] = 1, ['<'] = 1, ['&'] = 1, ['['] = 1, ['!'] = 1, ['`'] = 1,
    ['*'] = 1, ['_'] = 1, [' '] = 1, ['\t'] = 1,
};

char *parse_clean_inline(parse_ctx *c, const char *s, size_t n, int *had_link)
{
    if (had_link)
        *had_link = 0;
    /* Every rewrite below shrinks the text, so n + 1 bytes suffice. */
    char *out = malloc(n + 1);
    if (!out) {
        c->nomem = 1;
        return NULL;
    }
    size_t w = 0;
    size_t link_close = (size_t)-1, link_end = 0;
    for (size_t i = 0; i < n;) {
        char ch = s[i];
        if (i == link_close) {           /* "](url)" of a link: drop */
            i = link_end;
            link_close = (size_t)-1;
            continue;
        }
        if (!parse_inline_special[(unsigned char)ch]) {
            /* Plain text, nearly all of it: the run up to the next byte
             * that may mean something, or to the end of a link's text. */
            size_t stop = link_close < n ? link_close : n, e = i + 1;
            while (e < stop && !parse_inline_special[(unsigned char)s[e]])
                e++;
            memcpy(out + w, s + i, e - i);
            w += e - i;
            i = e;
            continue;
        }
        if (ch == '\\' && i + 1 < n && parse_is_ascii_punct(s[i + 1])) {
            out[w++] = s[i + 1];         /* Markdown escape: keep the char */
            i += 2;
            continue;
        }
        if (ch == '<') {
            size_t t = parse_tag_len(s + i, n - i);
            if (t) {                     /* leftover HTML: a word break */
                if (w && out[w - 1] != ' ')
                    out[w++] = ' ';
                i += t;
                continue;
            }
        }
        if (ch == '&') {
            size_t k;
            for (k = 0; k < sizeof parse_entities / sizeof parse_entities[0]; k++) {
                size_t el = strlen(parse_entities[k].name);
                if (n - i >= el && parse_ieq(s + i, el, parse_entities[k].name)) {
                    out[w++] = parse_entities[k].ch;
                    i += el;
                    break;
                }
            }
            if (k < sizeof parse_entities / sizeof parse_entities[0])
                continue;
        }
        if ((ch == '[' || (ch == '!' && i + 1 < n && s[i + 1] == '[')) &&
            link_close == (size_t)-1) {
            size_t at = ch == '!' ? i + 1 : i, close = 0;
            size_t end = parse_link_end(s + at, n - at, &close);
            if (end) {                   /* "[text](url)" -> "text" */
                link_close = at + close;
                link_end = at + end;
                if (had_link)
                    *had_link = 1;
                i = at + 1;
                continue;
            }
        }
        if (ch == '`') {                 /* code spans keep their text */
            if (had_link)
                *had_link = 1;
            i++;
            continue;
        }
        if ((ch == '*' || ch == '_') && i + 1 < n && s[i + 1] == ch) {
            i += 2;                      /* "**bold**", "__bold__" */
            continue;
        }
        if (ch == '*') {
            /* "*emphasis*": a '*' that opens (before a word) or closes
             * (after one) goes; "5 * 3" and "a*b" keep theirs. */
            int prev_space = w == 0 || out[w - 1] == ' ';
            int next_space = i + 1 >= n || parse_is_space(s[i + 1]);
            int next_punct = i + 1 < n && parse_is_ascii_punct(s[i + 1]);
            if ((prev_space && !next_space) ||
                (!prev_space && (next_space || next_punct))) {
                i++;
                continue;
            }
        }
        if (parse_is_space(ch)) {
            if (w && out[w - 1] != ' ')
                out[w++] = ' ';
            i++;
            continue;
        }
        out[w++] = ch;
        i++;
    }
    while (w && out[w - 1] == ' ')
        w--;
    size_t start = 0;
    while (start < w && out[start] == ' ')
        start++;
    memmove(out, out + start, w - start);
    out[w - start] = '\0';
    return out;
}

/* ---- classification ------------------------------------------------------- */

/* "---", "***", "___", "===", "- - -": a separator (or a setext underline,
 * which is read as a separator too: the line above stays what it is). */
static int parse_is_separator(const char *s, size_t n)
{
    char mark = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (parse_is_space(s[i]))
            continue;
        if (s[i] != '-' && s[i] != '*' && s[i] != '_' && s[i] != '=')
            return 0;
        if (mark && s[i] != mark)
            return 0;
        mark = s[i];
        count++;
    }
    return count >= 3;
}

/* Only HTML tags and spaces ("<br>", "</div>", "<p class=..><span>"). */
static int parse_is_tags_only(const char *s, size_t n)
{
    size_t i = 0, tags = 0;
    while (i < n) {
        if (parse_is_space(s[i])) {
            i++;
            continue;
        }
        size_t t = parse_tag_len(s + i, n - i);
        if (!t)
            return 0;
        i += t;
        tags++;
    }
    return tags > 0;
}

/* Only emphasis markers: a "**" left alone on a line by a PDF or web copy. */
static int parse_is_markers_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != '*' && s[i] != '_' && !parse_is_space(s[i]))
            return 0;
    return 1;
}

/* Length of a list marker at the start of s ("- ", "* ", "+ ", "• ", "1. ",
 * "12) ", "a) ", "(a) ") including the spaces after it, or 0. */
static size_t parse_bullet_len(const char *s, size_t n)
{
    static const char *const marks[] = {
        "- ", "* ", "+ ", "\xe2\x80\xa2 " /* • */, "\xe2\x97\xa6 " /* ◦ */,
        "\xe2\x96\xaa " /* ▪ */, "\xe2\x80\xa3 " /* ‣ */, "\xe2\x97\x8f " /* ● */,
        "-\t", "*\t", "\xe2\x80\xa2\t",
    };
    size_t m = 0;
    for (size_t k = 0; k < sizeof marks / sizeof marks[0] && !m; k++) {
        size_t ml = strlen(marks[k]);
        if (n >= ml && memcmp(s, marks[k], ml) == 0)
            m = ml;
    }
    if (!m) {
        size_t d = 0;
        while (d < n && d < 4 && s[d] >= '0' && s[d] <= '9')
            d++;
        if (d >= 1 && d <= 3 && d + 1 < n && (s[d] == '.' || s[d] == ')') &&
            parse_is_space(s[d + 1]))
            m = d + 2;
        else if (n >= 3 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')) &&
                 s[1] == ')' && parse_is_space(s[2]))
            m = 3;
        else if (n >= 4 && s[0] == '(' && s[2] == ')' && parse_is_space(s[3]) &&
                 ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= '0' && s[1] <= '9')))
            m = 4;
    }
    if (!m)
        return 0;
    while (m < n && parse_is_space(s[m]))
        m++;
    return m;
}

static void parse_set_text(parse_ctx *c, pline *l, const char *s, size_t n)
{
    l->text = parse_clean_inline(c, s, n, &l->had_link);
    l->len = l->text ? strlen(l->text) : 0;
}

/* A bullet that is a score list's entry ("- assessing people's needs - 3")
 * is a score line like the others. */
static int parse_list_bullet(pline *l)
{
    pline probe = *l;
    probe.kind = PL_TEXT;
    if (!parse_score_line(&probe) || !(probe.list_score || probe.score_section >= 0))
        return 0;
    *l = probe;
    return 1;
}

/* Classify one normalised line s (n bytes, trimmed). */
static void parse_classify(parse_ctx *c, pline *l, const char *s, size_t n)
{
    /* Markdown quote marks ("> ", "> > ") are not text. */
    while (n && s[0] == '>') {
        s++;
        n--;
        while (n && parse_is_space(s[0])) {
            s++;
            n--;
        }
    }
    /* a table's cell walls: "| 3 |", "1. assessing people's needs |" */
    while (n && (s[0] == '|' || parse_is_space(s[0]))) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == '|' || parse_is_space(s[n - 1])))
        n--;
    if (n == 0) {
        l->kind = PL_BLANK;
        return;
    }
    if (parse_is_separator(s, n) || parse_is_markers_only(s, n)) {
        l->kind = PL_NOISE;
        l->skip = "separator";
        return;
    }
    if (parse_is_tags_only(s, n)) {
        l->kind = PL_NOISE;
        l->skip = "markup";
        return;
    }
    size_t hashes = 0;
    while (hashes < n && s[hashes] == '#')
        hashes++;
    if (hashes >= 1 && hashes <= 6 && (hashes == n || parse_is_space(s[hashes]))) {
        size_t e = n;   /* closing '#'s of "## Title ##" */
        while (e > hashes && (s[e - 1] == '#' || parse_is_space(s[e - 1])))
            e--;
        parse_set_text(c, l, s + hashes, e - hashes);
        l->kind = l->len ? PL_MDHEAD : PL_NOISE;
        if (!l->len)
            l->skip = "markup";
    } else {
        size_t b = parse_bullet_len(s, n);
        if ((b == n && b) || (n == 1 && strchr("-*+", s[0])) ||
            (n == 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0)) {   /* a lone marker */
            l->kind = PL_NOISE;
            l->skip = "no words";
            return;
        }
        l->bullet = b > 0;
        parse_set_text(c, l, s + b, n - b);
        l->kind = PL_TEXT;
        if (!l->text)
            return;
        if (l->len == 0) {
            l->kind = PL_NOISE;
            l->skip = "markup";
            return;
        }
    }
    if (!l->text || l->len == 0)
        return;
    const char *furniture = parse_furniture(l->text, l->len);
    if (furniture) {
        l->kind = PL_NOISE;
        l->skip = furniture;
        return;
    }
    if (l->len > PARSE_SHORT_LINE)
        return;
    l->words = (int)parse_count_words(l->text, l->len);
    l->colon = l->text[l->len - 1] == ':';
    if (parse_date_line(l))
        return;
    if (!l->bullet) {   /* '#' headings too: "## Score: 3" */
        if (parse_score_line(l) || parse_rating_line(l, 0))
            return;
        if (parse_theme_line(c, l))
            return;
        if (c->auth) {
            int a = authority_from_title(c->auth, l->text, l->len);
            if (a == AUTHORITY_NOMEM)
                c->nomem = 1;
            if (a >= 0) {
                l->kind = PL_TITLE;
                l->authority = a;
                return;
            }
        }
    }
    if (!l->bullet)
        parse_known_heading(c, l);
    else if (!parse_list_bullet(l))
        parse_line_names(c, l);
}

/* Does one of the few non-blank lines before i mention a rating? Then a
 * lone "Good" at i is the rating it announces. */
static int parse_rating_context(const parse_ctx *c, size_t i)
{
    int seen = 0;
    while (i-- > 0 && seen < 3) {
        const pline *p = &c->lines[i];
        if (p->kind == PL_BLANK || p->kind == PL_NOISE)
            continue;
        seen++;
        if (p->kind == PL_RATING)
            return 0;
        if (p->text && p->len <= PARSE_SHORT_LINE) {
            for (size_t k = 0; k + 6 <= p->len; k++)
                if (parse_istarts(p->text + k, p->len - k, "rating"))
                    return 1;
        }
    }
    return 0;
}

/* Within three non-blank lines of an overall rating? */
static int parse_near_rating(const parse_ctx *c, size_t i)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t k = i;
        int seen = 0;
        while (seen < 3) {
            if (dir < 0 ? k == 0 : k + 1 >= c->n_lines)
                break;
            k = dir < 0 ? k - 1 : k + 1;
            const pline *p = &c->lines[k];
            if (p->kind == PL_BLANK || p->kind == PL_NOISE)
                continue;
            seen++;
            if (p->kind == PL_RATING)
                return 1;
        }
    }
    return 0;
}

/* The content line before i (not blank or noise), or NULL. */
static pline *parse_prev_content(parse_ctx *c, size_t i)
{
    while (i-- > 0)
        if (c->lines[i].kind != PL_BLANK && c->lines[i].kind != PL_NOISE)
            return &c->lines[i];
    return NULL;
}

/* The line before i that is not blank (noise included), or NULL. */
static pline *parse_prev_nonblank(parse_ctx *c, size_t i)
{
    while (i-- > 0)
        if (c->lines[i].kind != PL_BLANK)
            return &c->lines[i];
    return NULL;
}

/* "Media" under "Categories" (a press release's tag list). */
static void parse_fix_tags(parse_ctx *c, size_t k)
{
    pline *l = &c->lines[k], *p = parse_prev_nonblank(c, k);
    if (l->kind == PL_TEXT && p && p->kind == PL_NOISE && p->text &&
        parse_ieq(p->text, p->len, "Categories") && parse_ieq(l->text, l->len, "Media")) {
        l->kind = PL_NOISE;
        l->skip = "furniture";
    }
}

/* A label's value on the next line ("Published:" / "15 June 2015"): the
 * date takes the label's meaning. */
static void parse_fix_date_label(parse_ctx *c, size_t k)
{
    pline *l = &c->lines[k], *p = parse_prev_nonblank(c, k);
    if (l->kind != PL_DATE || l->date_role != DATE_BARE || !p || p->kind != PL_NOISE ||
        !p->text)
        return;
    if (parse_istarts(p->text, p->len, "published")) {
        l->date_role = DATE_PUBLISHED;
        l->date_rank = 1;
    } else if (parse_istarts(p->text, p->len, "last updated") ||
               parse_istarts(p->text, p->len, "updated")) {
        l->date_role = DATE_UPDATED;
        l->date_rank = 1;
    }
}

/* A table flattened to one cell a line: a lone 1..4 under a statement's
 * name is that statement's score. */
static void parse_fix_cell(parse_ctx *c, size_t k)
{
    pline *l = &c->lines[k];
    int v = l->kind == PL_TEXT ? parse_bare_score(l) : 0;
    const pline *p = v ? parse_prev_content(c, k) : NULL;
    if (!p || p->kind != PL_TEXT || p->stmt < 0)
        return;
    l->kind = PL_SCORE;
    l->score = v;
    l->score_section = p->stmt;
    l->list_score = 1;
}

/* "Medway: local authority assessment report", "Gateshead assessment
 * report": the link to a report's PDF under "Downloads", not text. */
static void parse_fix_report_link(parse_ctx *c, size_t k)
{
    static const char tail[] = " report";
    pline *l = &c->lines[k];
    size_t tl = sizeof tail - 1;
    if (!c->auth || l->kind != PL_TEXT || l->len <= tl || l->len > 120 ||
        !parse_ieq(l->text + l->len - tl, tl, tail))
        return;
    size_t n = l->len - tl;
    int a = authority_from_title(c->auth, l->text, n);
    if (a < 0 && n > 11 && parse_ieq(l->text + n - 11, 11, " assessment"))
        a = authority_lookup(c->auth, l->text, n - 11);
    if (a == AUTHORITY_NOMEM)
        c->nomem = 1;
    if (a >= 0) {
        l->kind = PL_NOISE;
        l->skip = "furniture";
    }
}

/* A gloss line ("3 - Evidence shows a good standard", "Good: Evidence
 * shows a good standard"), not a "Score:" line. */
static int parse_is_gloss(const pline *l)
{
    return l->kind == PL_SCORE && !l->list_score && l->score_section < 0 && l->len &&
           ((l->text[0] >= '1' && l->text[0] <= '4') || l->label_rating ||
            parse_istarts(l->text, l->len, "evidence shows"));
}

/* Guidance prints CQC's scoring key ("4 - Evidence shows an exceptional
 * standard", "3 - ...", ...): three or more glosses in a row, each a
 * different score, are a key, not a page's score. */
static void parse_fix_scoring_keys(parse_ctx *c)
{
    size_t k = 0;
    while (k < c->n_lines) {
        if (!parse_is_gloss(&c->lines[k])) {
            k++;
            continue;
        }
        size_t run[8], n = 0;
        int seen = 0, distinct = 1;
        size_t i = k;
        while (i < c->n_lines && n < 8) {
            pline *l = &c->lines[i];
            if (l->kind == PL_BLANK || l->kind == PL_NOISE) {
                i++;
                continue;
            }
            if (!parse_is_gloss(l))
                break;
            if (seen & (1 << l->score))
                distinct = 0;
            seen |= 1 << l->score;
            run[n++] = i++;
        }
        if (n >= 3 && distinct)
            for (size_t r = 0; r < n; r++)
                c->lines[run[r]].list_score = 1;
        k = i > k ? i : k + 1;
    }
}

/* "Birmingham City Council assessment" at the top: a pilot report's title. */
static void parse_fix_short_title(parse_ctx *c)
{
    static const char tail[] = " assessment";
    size_t seen = 0;
    for (size_t k = 0; k < c->n_lines && seen < 3 && c->auth; k++) {
        pline *l = &c->lines[k];
        if (l->kind == PL_BLANK || l->kind == PL_NOISE)
            continue;
        seen++;
        if (l->kind == PL_TITLE)
            return;
        size_t tl = sizeof tail - 1;
        if ((l->kind != PL_TEXT && l->kind != PL_MDHEAD) || l->bullet || l->len <= tl ||
            l->len > 100 || !parse_ieq(l->text + l->len - tl, tl, tail))
            continue;
        int a = authority_lookup(c->auth, l->text, l->len - tl);
        if (a == AUTHORITY_NOMEM)
            c->nomem = 1;
        if (a >= 0) {
            l->kind = PL_TITLE;
            l->authority = a;
            return;
        }
    }
}

void parse_lines(parse_ctx *c, const char *text, size_t len)
{
    size_t n = 1;
    if (len) {
        const char *p = text, *end = text + len;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            n++;
            p++;
        }
    }
    if (len && text[len - 1] == '\n')
        n--;   /* the final newline ends the last line, it starts none */
    c->lines = calloc(n ? n : 1, sizeof *c->lines);
    if (!c->lines) {
        c->nomem = 1;
        return;
    }
    size_t start = 0;
    for (size_t k = 0; k < n && !c->nomem; k++) {
        const char *nl = start < len ? memchr(text + start, '\n', len - start) : NULL;
        size_t end = nl ? (size_t)(nl - text) : len;
        pline *l = &c->lines[k];
        c->n_lines = k + 1;
        l->no = c->line_base + (unsigned)(k + 1);
        l->stmt = l->score_section = l->theme = l->theme_section = -1;
        l->theme_named = l->council = -1;
        l->authority = -1;
        l->percent = -1;
        char *norm = NULL;
        size_t nlen = 0;
        norm_status st = norm_text(text + start, end - start, NORM_DISPLAY, &norm, &nlen);
        if (st == NORM_ERR_NOMEM) {
            c->nomem = 1;
            break;
        }
        if (st != NORM_OK) {
            /* textio.h promises valid UTF-8; should a caller not, the line
             * is dropped rather than the document */
            parse_warn(c, l->no, "not valid UTF-8; line skipped");
            l->kind = PL_BLANK;
        } else {
            size_t a = 0, b = nlen;
            while (a < b && (parse_is_space(norm[a]) || norm[a] == '\r'))
                a++;
            while (b > a && (parse_is_space(norm[b - 1]) || norm[b - 1] == '\r'))
                b--;
            parse_classify(c, l, norm + a, b - a);
            free(norm);
        }
        start = end + 1;
    }
    /* Lone ratings and percentages are only known by their neighbours. */
    for (size_t k = 0; k < c->n_lines && !c->nomem; k++) {
        pline *l = &c->lines[k];
        if (l->kind == PL_TEXT && !l->bullet && l->text && l->len <= 40 &&
            parse_rating_context(c, k))
            parse_rating_line(l, 1);
    }
    for (size_t k = 0; k < c->n_lines && !c->nomem; k++) {
        pline *l = &c->lines[k];
        int pct;
        if ((l->kind == PL_TEXT || l->kind == PL_SCORE) && !l->bullet && l->text &&
            parse_percent_line(l, &pct) && parse_near_rating(c, k)) {
            l->kind = PL_PERCENT;
            l->percent = pct;
        }
    }
    for (size_t k = 0; k < c->n_lines && !c->nomem; k++) {
        pline *l = &c->lines[k];
        /* "Good: Evidence shows a good standard" under "... indicative
         * rating": the pilot's rating, not a score */
        if (l->kind == PL_SCORE && l->label_rating && parse_rating_context(c, k)) {
            l->kind = PL_RATING;
            l->rating = l->label_rating;
        }
        parse_fix_tags(c, k);
        parse_fix_date_label(c, k);
        parse_fix_cell(c, k);
        parse_fix_report_link(c, k);
    }
    if (!c->nomem) {
        parse_fix_short_title(c);
        parse_fix_scoring_keys(c);
    }
}

void parse_lines_free(parse_ctx *c)
{
    for (size_t k = 0; k < c->n_lines; k++) {
        free(c->lines[k].text);
        free(c->lines[k].theme_text);
    }
    free(c->lines);
    c->lines = NULL;
    c->n_lines = 0;
}

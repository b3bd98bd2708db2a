/*
 * parse_score.c: the lines that carry a page's facets rather than text:
 * scores ("Score: 3", "Score 3", "Score: 3/4"), score labels ("3 - Evidence
 * shows a good standard", "1 - Inadequate: Evidence shows significant
 * shortfalls"), summary pages' overall rating ("Overall rating: Good 63%")
 * and self-assessments' page titles ("Theme 1 - Working with people -
 * Assessing needs").
 *
 * Lines arrive display-normalised (dashes lumped to '-') and cleaned of
 * inline markup, so "**Score: 3**" and "3 – Evidence ..." need no cases.
 */
#include <stdlib.h>
#include <string.h>

#include "parse_internal.h"
#include "section.h"

/* CQC's four ratings and the label phrase that goes with each score. */
static const struct {
    const char *rating;
    const char *phrase;
} parse_levels[5] = {
    {"", ""},
    {"Inadequate", "significant shortfalls"},
    {"Requires improvement", "some shortfalls"},
    {"Good", "a good standard"},
    {"Outstanding", "an exceptional standard"},
};

const char *parse_rating_name(int rating)
{
    return rating >= 1 && rating <= 4 ? parse_levels[rating].rating : "";
}

/* A cursor over one line. */
typedef struct scan {
    const char *s;
    size_t n, i;
} scan;

static void scan_spaces(scan *sc)
{
    while (sc->i < sc->n && sc->s[sc->i] == ' ')
        sc->i++;
}

static int scan_at_end(scan *sc)
{
    scan_spaces(sc);
    /* a closing full stop changes nothing */
    if (sc->i + 1 == sc->n && sc->s[sc->i] == '.')
        sc->i++;
    return sc->i == sc->n;
}

static int scan_is_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9');
}

/* Consume word (case-insensitive) if it is next and ends at a word edge. */
static int scan_word(scan *sc, const char *word)
{
    scan_spaces(sc);
    size_t wl = strlen(word);
    if (!parse_istarts(sc->s + sc->i, sc->n - sc->i, word))
        return 0;
    if (sc->i + wl < sc->n && scan_is_alnum(sc->s[sc->i + wl]))
        return 0;
    sc->i += wl;
    return 1;
}

/* Consume one of the characters in set, if next. */
static int scan_char(scan *sc, const char *set)
{
    scan_spaces(sc);
    if (sc->i < sc->n && strchr(set, sc->s[sc->i])) {
        sc->i++;
        return 1;
    }
    return 0;
}

/* A rating word; returns 1..4 or 0. */
static int scan_rating(scan *sc)
{
    for (int r = 4; r >= 1; r--)
        if (scan_word(sc, parse_levels[r].rating))
            return r;
    return 0;
}

/* The words of a label, to the end of the line: "[Rating[:|-]] Evidence
 * shows <phrase>". *words: what the phrase says (0 if unknown), *rword:
 * the rating word (0 none). need_evidence: a lone rating word is not
 * enough. 1 if it parses. */
static int scan_label_words(scan *sc, int need_evidence, int *words, int *rword)
{
    *words = 0;
    *rword = scan_rating(sc);
    if (*rword) {
        scan_char(sc, ":-");
        if (scan_at_end(sc))
            return !need_evidence;
    }
    if (!scan_word(sc, "Evidence") || !scan_word(sc, "shows"))
        return 0;
    scan_spaces(sc);
    for (int r = 1; r <= 4; r++) {
        size_t save = sc->i;
        const char *ph = parse_levels[r].phrase;
        int ok = 1;
        /* the phrase word by word, so spacing never matters */
        while (*ph && ok) {
            const char *sp = strchr(ph, ' ');
            size_t wl = sp ? (size_t)(sp - ph) : strlen(ph);
            char w[32];
            memcpy(w, ph, wl);
            w[wl] = '\0';
            ok = scan_word(sc, w);
            ph += wl + (sp ? 1 : 0);
        }
        if (ok && scan_at_end(sc)) {
            *words = r;
            return 1;
        }
        sc->i = save;
    }
    /* "Evidence shows" and words we do not know: still a label */
    sc->i = sc->n;
    return 1;
}

/* A digit 1..4 standing alone. */
static int scan_score_digit(scan *sc)
{
    scan_spaces(sc);
    if (sc->i < sc->n && sc->s[sc->i] >= '1' && sc->s[sc->i] <= '4' &&
        (sc->i + 1 == sc->n || !scan_is_alnum(sc->s[sc->i + 1]))) {
        return sc->s[sc->i++] - '0';
    }
    return 0;
}

/* What to record when a label's words and number are both known: the
 * words' verdict, preferring one that contradicts the number (so the
 * caller can warn). */
static int parse_pick_words(int num, int words, int rword)
{
    if (words && words != num)
        return words;
    if (rword && rword != num)
        return rword;
    return words ? words : rword;
}

/* "Score[:] N[/4 | out of 4][ - label]" from sc's position. */
static int parse_score_tail(scan *sc, pline *l)
{
    if (!scan_word(sc, "Score"))
        return 0;
    scan_char(sc, ":-=");
    int num = scan_score_digit(sc);
    if (!num)
        return 0;
    size_t save = sc->i;
    if (scan_char(sc, "/")) {
        if (!scan_word(sc, "4"))
            return 0;
    } else if (scan_word(sc, "out")) {
        if (!scan_word(sc, "of") || !scan_word(sc, "4"))
            return 0;
    } else {
        sc->i = save;
    }
    int words = 0, rword = 0;
    if (!scan_at_end(sc)) {
        scan_char(sc, "-:");
        if (!scan_label_words(sc, 0, &words, &rword))
            return 0;
    }
    l->kind = PL_SCORE;
    l->score = num;
    l->score_words = parse_pick_words(num, words, rword);
    return 1;
}

/* "Score:" or "Indicative score:" alone: the number is on the next line
 * (the label is no text; the number's line is the score). */
static int parse_score_label(pline *l, int indicative)
{
    scan sc = {l->text, l->len, 0};
    if (indicative)
        scan_word(&sc, "Indicative");
    if (!scan_word(&sc, "Score"))
        return 0;
    scan_char(&sc, ":");
    if (!scan_at_end(&sc))
        return 0;
    l->kind = PL_NOISE;
    l->skip = "score line";
    l->indicative = indicative;
    return 1;
}

/* What a list entry names: a statement ("assessing people's needs",
 * "providing support (care provision, integration and continuity)") as its
 * index, a theme ("how the local authority works with people", which a
 * press release may write for a statement: not guessed) as -2, else -1. */
static int parse_list_name(const char *s, size_t n)
{
    if (n == 0 || n > PARSE_SHORT_LINE)
        return -1;
    int sec = section_match(s, n);
    if (sec >= 0)
        return sec;
    const char *open = memchr(s, '(', n);
    if (open && s[n - 1] == ')') {
        sec = section_match(open + 1, (size_t)(s + n - 1 - (open + 1)));
        if (sec >= 0)
            return sec;
        /* "leadership (management and sustainability)": a theme's name */
        size_t before = (size_t)(open - s);
        while (before > 0 && s[before - 1] == ' ')
            before--;
        if (before && theme_match(s, before) >= 0)
            return -2;
    }
    return theme_match(s, n) >= 0 ? -2 : -1;
}

/* A score list's entry: "<statement> - 3", "<statement> | 3" (press
 * releases, tables flattened to lines). */
static int parse_list_score(pline *l)
{
    const char *s = l->text;
    size_t e = l->len;
    if (e < 5 || s[e - 1] < '1' || s[e - 1] > '4' || scan_is_alnum(s[e - 2]))
        return 0;
    int num = s[e - 1] - '0';
    e--;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    if (e == 0 || !strchr("-:|", s[e - 1]))
        return 0;
    e--;
    while (e > 0 && s[e - 1] == ' ')
        e--;
    int sec = parse_list_name(s, e);
    if (sec == -1)
        return 0;
    l->kind = PL_SCORE;
    l->score = num;
    l->score_section = sec >= 0 ? sec : -1;
    l->list_score = 1;
    return 1;
}

int parse_score_line(pline *l)
{
    scan sc = {l->text, l->len, 0};
    int words = 0, rword = 0;

    /* "3 - Evidence shows a good standard", "1 - Inadequate: Evidence ..." */
    int num = scan_score_digit(&sc);
    if (num) {
        if (scan_char(&sc, "-:") && scan_label_words(&sc, 0, &words, &rword)) {
            l->kind = PL_SCORE;
            l->score = num;
            l->score_words = parse_pick_words(num, words, rword);
            return 1;
        }
        return 0;
    }
    /* "Evidence shows a good standard" with no number: the words decide */
    sc.i = 0;
    if (scan_label_words(&sc, 1, &words, &rword) && (words || rword)) {
        l->kind = PL_SCORE;
        l->score = words ? words : rword;
        l->score_words = parse_pick_words(l->score, words, rword);
        l->label_rating = rword;   /* maybe a pilot's rating: parse_lines.c */
        return 1;
    }
    /* "Score: 3", "Indicative score: 2", or "Assessing needs: Score 2" on a
     * summary page */
    sc.i = 0;
    int indicative = scan_word(&sc, "Indicative");
    if (parse_score_tail(&sc, l)) {
        l->indicative = indicative;
        return 1;
    }
    if (parse_score_label(l, indicative))
        return 1;
    for (size_t k = 1; k + 5 <= l->len; k++) {
        if (l->text[k - 1] != ' ' || !parse_istarts(l->text + k, l->len - k, "score"))
            continue;
        size_t e = k;
        while (e > 0 && strchr(" -:|,", l->text[e - 1]))
            e--;
        int s = e ? section_match(l->text, e) : -1;
        if (s < 0)
            return 0;
        sc.i = k;
        if (parse_score_tail(&sc, l)) {
            l->score_section = s;
            return 1;
        }
        return 0;
    }
    return parse_list_score(l);
}

/* "63%", "(63%)", "63.5%": the percentage, rounded; -1 if not one. */
static int scan_percent(scan *sc)
{
    scan_spaces(sc);
    int paren = scan_char(sc, "(");
    scan_spaces(sc);
    int v = 0, digits = 0;
    while (sc->i < sc->n && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9' && digits < 3) {
        v = v * 10 + (sc->s[sc->i++] - '0');
        digits++;
    }
    if (!digits)
        return -1;
    if (sc->i + 1 < sc->n && sc->s[sc->i] == '.' && sc->s[sc->i + 1] >= '0' &&
        sc->s[sc->i + 1] <= '9') {
        if (sc->s[sc->i + 1] >= '5')
            v++;
        sc->i += 2;
        while (sc->i < sc->n && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9')
            sc->i++;
    }
    if (!scan_char(sc, "%") || v > 100)
        return -1;
    if (paren && !scan_char(sc, ")"))
        return -1;
    return v;
}

int parse_rating_line(pline *l, int bare_allowed)
{
    scan sc = {l->text, l->len, 0};
    if (!bare_allowed) {
        if (scan_word(&sc, "Overall")) {
            if (!scan_word(&sc, "rating"))
                return 0;
        } else if (scan_word(&sc, "Local")) {
            if (!scan_word(&sc, "authority") || !scan_word(&sc, "rating"))
                return 0;
        } else if (!scan_word(&sc, "Rating")) {
            return 0;
        }
        scan_char(&sc, ":-");
    }
    int r = scan_rating(&sc);
    if (!r)
        return 0;
    int pct = -1;
    if (!scan_at_end(&sc)) {
        scan_char(&sc, "-:,");
        pct = scan_percent(&sc);
        if (pct < 0 || !scan_at_end(&sc))
            return 0;
    }
    l->kind = PL_RATING;
    l->rating = r;
    l->percent = pct;
    return 1;
}

/* A whole number 0..100 with an optional '%' (and decimals), at sc. */
static int scan_number_pct(scan *sc, int *has_pct)
{
    scan_spaces(sc);
    size_t save = sc->i;
    int v = scan_percent(sc);
    if (v >= 0) {
        *has_pct = 1;
        return v;
    }
    sc->i = save;
    int digits = 0;
    v = 0;
    while (sc->i < sc->n && sc->s[sc->i] >= '0' && sc->s[sc->i] <= '9' && digits < 4) {
        v = v * 10 + (sc->s[sc->i++] - '0');
        digits++;
    }
    *has_pct = 0;
    if (!digits || digits > 3 || v > 100 ||
        (sc->i < sc->n && scan_is_alnum(sc->s[sc->i])))
        return -1;
    return v;
}

/* "X scored 78 out of 100 overall, ...": the number, or -1. */
static int parse_out_of_100(const pline *l)
{
    for (size_t k = 0; k + 7 <= l->len; k++) {
        if ((k && l->text[k - 1] != ' ') || !parse_istarts(l->text + k, l->len - k, "scored "))
            continue;
        scan sc = {l->text, l->len, k + 7};
        int has_pct = 0;
        int v = scan_number_pct(&sc, &has_pct);
        if (v >= 0 && scan_word(&sc, "out") && scan_word(&sc, "of") && scan_word(&sc, "100"))
            return v;
    }
    return -1;
}

int parse_overall_percent(const pline *l)
{
    if (!l->text || l->len > PARSE_SHORT_LINE)
        return -1;
    scan sc = {l->text, l->len, 0};
    int has_pct = 0;
    int v = scan_percent(&sc);          /* "63%" alone */
    if (v >= 0 && scan_at_end(&sc))
        return v;
    sc.i = 0;
    int overall = scan_word(&sc, "Overall");
    int rating = 0;
    if (scan_word(&sc, "score") || scan_word(&sc, "percentage") ||
        (rating = scan_word(&sc, "rating")) != 0) {
        if (rating) {
            /* "Overall rating for <Council>: 39%": the number after the
             * last ':' */
            const char *colon = memchr(l->text, ':', l->len);
            while (colon && memchr(colon + 1, ':', (size_t)(l->text + l->len - colon - 1)))
                colon = memchr(colon + 1, ':', (size_t)(l->text + l->len - colon - 1));
            if (!colon)
                return -1;
            sc.i = (size_t)(colon - l->text);
        }
        scan_char(&sc, ":-");
        v = scan_number_pct(&sc, &has_pct);
        /* "Score: 3" is a statement's score, "Score: 56%" or "Overall
         * score: 62" the page's */
        if (v >= 0 && scan_at_end(&sc) && (has_pct || overall || v > 4))
            return v;
        return -1;
    }
    return parse_out_of_100(l);
}

int parse_bare_score(const pline *l)
{
    return l->text && l->len == 1 && l->text[0] >= '1' && l->text[0] <= '4'
               ? l->text[0] - '0'
               : 0;
}

int parse_percent_line(const pline *l, int *percent)
{
    scan sc = {l->text, l->len, 0};
    scan_word(&sc, "Overall");
    if (!scan_word(&sc, "score"))
        scan_word(&sc, "percentage");
    scan_char(&sc, ":-");
    int v = scan_percent(&sc);
    if (v < 0 || !scan_at_end(&sc))
        return 0;
    *percent = v;
    return 1;
}

/* Separators between a Theme line's parts ("Working with people - Assessing
 * needs"); "–" arrives as '-'. */
static size_t parse_theme_sep(const char *s, size_t n, size_t at)
{
    if (at + 3 <= n && s[at] == ' ' && (s[at + 1] == '-' || s[at + 1] == '|') &&
        s[at + 2] == ' ')
        return 3;
    if (at + 2 <= n && s[at] == ':' && s[at + 1] == ' ')
        return 2;
    return 0;
}

int parse_theme_line(parse_ctx *c, pline *l)
{
    scan sc = {l->text, l->len, 0};
    if (!scan_word(&sc, "Theme"))
        return 0;
    scan_spaces(&sc);
    static const char *const numbers[] = {"one", "two", "three", "four"};
    int no = 0;
    for (int k = 0; k < 4 && !no; k++)
        if (scan_word(&sc, numbers[k]))
            no = k + 1;   /* "Theme one: Working with people" */
    if (!no) {
        if (sc.i >= sc.n || sc.s[sc.i] < '1' || sc.s[sc.i] > '9' ||
            (sc.i + 1 < sc.n && scan_is_alnum(sc.s[sc.i + 1])))
            return 0;
        no = sc.s[sc.i++] - '0';
    }
    scan_char(&sc, "-:.)");
    scan_spaces(&sc);
    const char *rest = sc.s + sc.i;
    size_t rn = sc.n - sc.i;

    int theme = -1, section = -1;
    size_t stmt_at = rn;   /* where the statement as written starts */
    if (rn) {
        int best = 0;      /* 3 both parts known, 2 the statement, 1 the theme */
        for (size_t p = 0; p < rn && best < 3; p++) {
            size_t sl = parse_theme_sep(rest, rn, p);
            if (!sl)
                continue;
            int t = theme_match(rest, p);
            int s = section_match(rest + p + sl, rn - p - sl);
            int q = t >= 0 && s >= 0 ? 3 : s >= 0 ? 2 : t >= 0 ? 1 : 0;
            if (q > best) {
                best = q;
                theme = t;
                section = s;
                stmt_at = p + sl;
            }
        }
        if (!best) {
            theme = theme_match(rest, rn);
            if (theme < 0) {
                section = section_match(rest, rn);
                stmt_at = section >= 0 ? 0 : rn;
            }
        }
        /* "Theme 3 was the weakest" is a sentence, not a page */
        if (theme < 0 && section < 0)
            return 0;
    }
    l->kind = PL_THEME;
    l->theme_no = no;
    l->theme = theme;
    l->theme_section = section;
    size_t tl = rn - stmt_at;
    l->theme_text = malloc(tl + 1);
    if (!l->theme_text) {
        c->nomem = 1;
        return 1;
    }
    memcpy(l->theme_text, rest + stmt_at, tl);
    l->theme_text[tl] = '\0';
    return 1;
}

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
        return 1;
    }
    /* "Score: 3", or "Assessing needs: Score 2" on a summary page */
    sc.i = 0;
    if (parse_score_tail(&sc, l))
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
    return 0;
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
    if (sc.i >= sc.n || sc.s[sc.i] < '1' || sc.s[sc.i] > '9' ||
        (sc.i + 1 < sc.n && scan_is_alnum(sc.s[sc.i + 1])))
        return 0;
    int no = sc.s[sc.i++] - '0';
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

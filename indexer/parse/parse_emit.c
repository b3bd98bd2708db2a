/*
 * parse_emit.c: a block of text lines becomes paragraph records.
 *
 * A block (consecutive non-blank text lines) is one paragraph, its lines
 * joined with a space because PDF conversions hard-wrap; each list item is
 * a paragraph of its own, with the unmarked lines after it as its
 * continuation. One exception keeps web copies (a paragraph per line, no
 * blank lines) from merging into one: a line longer than any hard wrap
 * (over 160 bytes) that ends a sentence ends its paragraph.
 *
 * Not every block is text. After "What people expect" and "The local
 * authority commitment" come CQC's fixed statements, in their own voice
 * ("I have care and support ...", "We maximise ..."): they are skipped up to
 * the first line not in that voice, so a page without the "Key findings"
 * heading keeps its findings. A line that is only a name (a statement in a
 * summary's list, a theme, a council's bullet) is structure, not text.
 *
 * The record's facets that belong to the whole document (authority, kind,
 * score, rating) are filled in by parse.c once the walk is over.
 */
#include <stdlib.h>
#include <string.h>

#include "normalise.h"
#include "parse_internal.h"

/* Longer than any hard-wrapped line of a PDF conversion. */
#define PARSE_WRAP_MAX 160

/* Where to cut s (n > max bytes) so the first piece has at most max bytes:
 * after a sentence's end, else at a space, else at a UTF-8 character
 * boundary. Looks no further back than half of max, so pieces stay big. */
static size_t parse_cut(const char *s, size_t n, size_t max)
{
    (void)n;
    for (size_t p = max; p > max / 2; p--) {
        if (s[p] == ' ' && (s[p - 1] == '.' || s[p - 1] == '!' || s[p - 1] == '?'))
            return p;
    }
    for (size_t p = max; p > max / 2; p--)
        if (s[p] == ' ')
            return p;
    size_t p = max;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    return p;
}

/* Append one paragraph record (text is n bytes, trimmed). */
static void parse_add_para(parse_ctx *c, const pline *first, const char *text,
                           size_t n)
{
    corpus_doc *d = c->doc;
    if (d->n_paras == c->cap_paras) {
        size_t cap = c->cap_paras ? c->cap_paras * 2 : 32;
        para_record *p = realloc(d->paras, cap * sizeof *p);
        if (!p) {
            c->nomem = 1;
            return;
        }
        d->paras = p;
        c->cap_paras = cap;
    }
    para_record *r = &d->paras[d->n_paras];
    if (record_init(r) != 0) {
        c->nomem = 1;
        return;
    }
    d->n_paras++;   /* counted now so a failure below still frees it */
    r->line = first->no;
    r->ordinal = (unsigned)(d->paras_before + d->n_paras);
    r->section = c->section;
    char *id = parse_strf(c, "%s#%u", c->file, r->ordinal);
    if (!id || record_set(&r->id, id, strlen(id)) != 0 ||
        record_set(&r->file, c->file, strlen(c->file)) != 0 ||
        record_set(&r->heading, c->heading, strlen(c->heading)) != 0 ||
        record_set(&r->text, text, n) != 0)
        c->nomem = 1;
    free(id);
    if (c->tally && !c->nomem &&
        authority_tally_add(c->tally, text, n, AUTHORITY_WEIGHT_PROSE) != 0)
        c->nomem = 1;
    c->seen_para = 1;
}

static void parse_emit_text(parse_ctx *c, size_t a, size_t b);

/* A line that is only a name is a list's entry or a label, not text: 1 if
 * line l is one (its reason set; a council's name counts for the tally as
 * a heading would). */
static int parse_name_alone(parse_ctx *c, pline *l)
{
    const char *why = NULL;
    if (!l->text || l->len > PARSE_SHORT_LINE)
        return 0;
    if (l->stmt >= 0)
        why = c->kind == KIND_SUMMARY ? "statement list" : "statement name";
    else if (l->theme_named >= 0)
        why = "theme name";
    else if (l->council >= 0)
        why = "council name";
    if (!why)
        return 0;
    parse_skip_line(l, why);
    if (l->council >= 0 && c->tally && !c->nomem &&
        authority_tally_add(c->tally, l->text, l->len, AUTHORITY_WEIGHT_HEADING) != 0)
        c->nomem = 1;
    return 1;
}

/* The paragraph made of lines [a, b): joined, normalised, split if over
 * the size limit; skipped if it is only a name. */
static void parse_emit_item(parse_ctx *c, size_t a, size_t b)
{
    if (b == a + 1 && parse_name_alone(c, &c->lines[a]))
        return;
    size_t had = c->doc->n_paras;
    parse_emit_text(c, a, b);
    if (c->doc->n_paras > had)
        for (size_t k = a; k < b; k++)
            c->lines[k].used = 1;
}

/* The lines [a, b) joined into paragraphs. */
static void parse_emit_text(parse_ctx *c, size_t a, size_t b)
{
    size_t total = 0;
    for (size_t k = a; k < b; k++)
        total += c->lines[k].len + 1;
    char *joined = malloc(total + 1);
    if (!joined) {
        c->nomem = 1;
        return;
    }
    size_t w = 0;
    for (size_t k = a; k < b; k++) {
        if (w)
            joined[w++] = ' ';
        memcpy(joined + w, c->lines[k].text, c->lines[k].len);
        w += c->lines[k].len;
    }
    /* Each line is normalised already, but cleaning it (markup dropped,
     * entities decoded) and joining lines can bring a letter next to a
     * combining mark, so the paragraph is normalised again; unless it is
     * plain ASCII, which normalising would only copy. */
    char *text = joined;
    size_t n = w;
    if (norm_plain_prefix(joined, w) != w) {
        norm_status st = norm_text(joined, w, NORM_DISPLAY, &text, &n);
        free(joined);
        if (st != NORM_OK) {
            if (st == NORM_ERR_NOMEM)
                c->nomem = 1;
            return;   /* cannot happen otherwise: every line was valid */
        }
    }
    size_t s = 0;
    while (!c->nomem) {
        while (s < n && text[s] == ' ')
            s++;
        while (n > s && text[n - 1] == ' ')
            n--;
        if (s >= n)
            break;
        size_t len = n - s;
        if (len <= PARSE_MAX_PARAGRAPH_BYTES) {
            parse_add_para(c, &c->lines[a], text + s, len);
            break;
        }
        size_t cut = parse_cut(text + s, len, PARSE_MAX_PARAGRAPH_BYTES);
        if (cut == 0)
            cut = PARSE_MAX_PARAGRAPH_BYTES;   /* unreachable for valid UTF-8 */
        size_t piece = cut;
        while (piece && text[s + piece - 1] == ' ')
            piece--;
        parse_add_para(c, &c->lines[a], text + s, piece);
        s += cut;
    }
    free(text);
}

/* Does line k start a new sentence (capital letter, digit or quote)? */
static int parse_starts_sentence(const pline *l)
{
    char ch = l->len ? l->text[0] : 0;
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '"' ||
           ch == '\'';
}

/* Is line l in the voice of boilerplate boil: CQC's "I" statements of
 * what people expect ("I have care ...", "When I move between services
 * ..."), its "We" statements of the commitment ("We maximise ...")? */
static int parse_in_voice(const pline *l, int boil)
{
    size_t i = 0;
    while (i < l->len && (l->text[i] == '"' || l->text[i] == '\''))
        i++;
    if (boil == BOIL_COMMIT)
        return l->len - i >= 3 && memcmp(l->text + i, "We ", 3) == 0;
    for (size_t k = i; k + 1 < l->len; k++)
        if (l->text[k] == 'I' && l->text[k + 1] == ' ' && (k == i || l->text[k - 1] == ' '))
            return 1;
    return 0;
}

/* Past the sentence that starts at line k (to the line ending it). */
static size_t parse_sentence_end(const parse_ctx *c, size_t k, size_t j)
{
    while (k + 1 < j && !parse_ends_sentence(&c->lines[k]))
        k++;
    return k + 1;
}

/* Skip the boilerplate at the start of block [i, j): what people expect
 * while its lines speak as "I"; the commitment's first sentence and any
 * more in its "We" voice, in this block only. Returns the first line after
 * it. */
static size_t parse_skip_boiler(parse_ctx *c, size_t i, size_t j)
{
    size_t k = i;
    int boil = c->skipping;
    while (k < j) {
        if (!(boil == BOIL_COMMIT && k == i) && !parse_in_voice(&c->lines[k], boil)) {
            c->skipping = BOIL_NONE;
            break;
        }
        size_t e = parse_sentence_end(c, k, j);
        for (; k < e; k++)
            parse_skip_line(&c->lines[k], c->boil_reason);
    }
    if (boil == BOIL_COMMIT)
        c->skipping = BOIL_NONE;   /* the commitment is one paragraph */
    if (c->skipping == BOIL_NONE)
        parse_set(c, &c->heading, "");   /* findings are not under its heading */
    return k;
}

void parse_emit_line(parse_ctx *c, size_t i)
{
    parse_emit_text(c, i, i + 1);
    if (c->doc->n_paras && c->doc->paras[c->doc->n_paras - 1].line == c->lines[i].no)
        c->lines[i].used = 1;
}

void parse_emit_block(parse_ctx *c, size_t i, size_t j)
{
    if (c->skipping) {
        i = parse_skip_boiler(c, i, j);
        if (i >= j)
            return;
    }
    size_t a = i;
    for (size_t k = i + 1; k < j && !c->nomem; k++) {
        const pline *l = &c->lines[k], *prev = &c->lines[k - 1];
        if (l->bullet ||
            (prev->len > PARSE_WRAP_MAX && parse_ends_sentence(prev) &&
             parse_starts_sentence(l))) {
            parse_emit_item(c, a, k);
            a = k;
        }
    }
    if (!c->nomem)
        parse_emit_item(c, a, j);
}

/* test_firstseen.c: matching a file's paragraphs to its earlier version's by
 * text (firstseen.h), its stored form, and what --since means against an
 * index's generations (genhist.h). */
#include "check.h"
#include "firstseen.h"
#include "genhist.h"

#include <stdint.h>
#include <string.h>

/* The hashes of texts[0..n). */
static void hashes(const char *const *texts, size_t n, uint64_t *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = firstseen_hash(texts[i], strlen(texts[i]));
}

static void test_hash(void)
{
    uint64_t a = firstseen_hash("Carers told us", 14);
    CHECK(a == firstseen_hash("  Carers\n told   us ", 20), "whitespace runs are one space");
    CHECK(a != firstseen_hash("Carers told us.", 15), "a full stop is a change");
    CHECK(a != firstseen_hash("carers told us", 14), "case is a change");
    CHECK(firstseen_hash("ab", 2) != firstseen_hash("a b", 3), "a space is a change");
}

static void test_match(void)
{
    /* Night 1: three paragraphs, all new in generation 1. */
    const char *v1[] = {"Waiting lists grew.", "Carers need respite.", "Discharge improved."};
    uint64_t h1[3];
    hashes(v1, 3, h1);
    firstseen one = {0}, two = {0}, three = {0};
    size_t kept = 99;
    CHECK(firstseen_match(NULL, h1, 3, 1, &one, &kept) == 0, "match v1");
    CHECK_INT(kept, 0);
    CHECK_INT(one.n, 3);
    CHECK_INT(firstseen_count(&one, 1), 3);

    /* Generation 4: a paragraph inserted first (every ordinal shifts), one
     * edited, one unchanged: only the new and the edited are new. */
    const char *v2[] = {"A triage team was set up.", "Waiting lists grew.",
                        "Carers need respite breaks.", "Discharge improved."};
    uint64_t h2[4];
    hashes(v2, 4, h2);
    CHECK(firstseen_match(&one, h2, 4, 4, &two, &kept) == 0, "match v2");
    CHECK_INT(kept, 2);
    long want2[] = {4, 1, 4, 1};
    for (int i = 0; i < 4; i++)
        CHECK(two.gen[i] == want2[i], "v2 paragraph %d: generation %ld", i, two.gen[i]);

    /* A repeated text keeps an old generation only as often as it was
     * there; paragraphs moved around keep theirs. */
    const char *v3[] = {"Discharge improved.", "Waiting lists grew.", "Waiting lists grew.",
                        "A triage team was set up."};
    uint64_t h3[4];
    hashes(v3, 4, h3);
    CHECK(firstseen_match(&two, h3, 4, 7, &three, &kept) == 0, "match v3");
    CHECK_INT(kept, 3);
    long want3[] = {1, 1, 7, 4};
    for (int i = 0; i < 4; i++)
        CHECK(three.gen[i] == want3[i], "v3 paragraph %d: generation %ld", i, three.gen[i]);

    /* Stored form: runs of one generation share a "g" token. */
    char *text = firstseen_encode(&three);
    CHECK(text && strncmp(text, "g1 ", 3) == 0 && strstr(text, " g7 ") && strstr(text, " g4 "),
          "encoded: %s", text ? text : "(null)");
    firstseen back = {0};
    CHECK(text && firstseen_decode(text, &back) == 0, "decode");
    CHECK_INT(back.n, 4);
    for (size_t i = 0; i < back.n && i < 4; i++)
        CHECK(back.hash[i] == three.hash[i] && back.gen[i] == three.gen[i], "entry %zu", i);
    free(text);
    firstseen_clear(&back);
    CHECK(firstseen_decode("", &back) == 0 && back.n == 0, "empty");
    firstseen_clear(&back);   /* decoding starts afresh: it frees nothing */
    CHECK(firstseen_decode("0123456789abcdef", &back) != 0, "a hash before any generation");
    CHECK(firstseen_decode("g2 0123", &back) != 0, "a short hash");
    CHECK(firstseen_decode("g0 0123456789abcdef", &back) != 0, "generation 0");
    CHECK(firstseen_decode("g2  0123456789abcdef", &back) != 0, "two spaces");
    firstseen_clear(&one);
    firstseen_clear(&two);
    firstseen_clear(&three);
}

static void test_history(void)
{
    gen_history h = {0};
    gen_entry e1 = {.gen = 1, .time = 1764901800, .full = 1, .added = 10, .gone = 0};
    gen_entry e3 = {.gen = 3, .time = 1764988200, .full = 0, .added = 1, .gone = 1};
    gen_entry e5 = {.gen = 5, .time = 1765074600, .full = 0, .added = 2, .gone = -1};
    CHECK(gen_history_append(&h, &e1) == 0 && gen_history_append(&h, &e3) == 0 &&
              gen_history_append(&h, &e5) == 0, "append");
    char *text = gen_history_json(&h);
    gen_history back = {0};
    CHECK(text && gen_history_parse(text, &back) == 0, "round trip: %s", text ? text : "");
    CHECK_INT(back.n, 3);
    if (back.n == 3) {
        CHECK(back.e[1].gen == 3 && back.e[1].time == 1764988200 && !back.e[1].full &&
                  back.e[1].added == 1 && back.e[1].gone == 1, "entry 3");
        CHECK(back.e[2].gone == -1, "unknown stays unknown");
        CHECK(back.e[0].full, "full");
    }
    free(text);
    gen_history_clear(&back);
    CHECK(gen_history_parse("{}", &back) != 0, "not a list");
    CHECK(gen_history_parse("[{\"generation\":2,\"time\":\"x\",\"mode\":\"full\"}]", &back) != 0,
          "bad time");

    long after = -1;
    char err[256];
    CHECK(gen_since_resolve("3", &h, &after, err, sizeof err) == 0 && after == 3, "3");
    CHECK(gen_since_resolve("last", &h, &after, err, sizeof err) == 0 && after == 3, "last");
    CHECK(gen_since_resolve("-1", &h, &after, err, sizeof err) == 0 && after == 3, "-1");
    CHECK(gen_since_resolve("-2", &h, &after, err, sizeof err) == 0 && after == 1, "-2");
    CHECK(gen_since_resolve("-3", &h, &after, err, sizeof err) == 0 && after == 0, "-3: all");
    /* 2025-12-06: generation 3 was made that day (02:30), so after 1. */
    CHECK(gen_since_resolve("2025-12-06", &h, &after, err, sizeof err) == 0 && after == 1,
          "a date: after %ld", after);
    CHECK(gen_since_resolve("2030-01-01", &h, &after, err, sizeof err) == 0 && after == 5,
          "a date after every generation");
    CHECK(gen_since_resolve("yesterday", &h, &after, err, sizeof err) != 0 &&
              strstr(err, "'last'"), "a bad spec says what may be given: %s", err);
    CHECK(gen_since_resolve("-0", &h, &after, err, sizeof err) != 0, "-0");
    CHECK(gen_since_resolve("2025-13-01", &h, &after, err, sizeof err) != 0, "month 13");
    CHECK(gen_since_resolve("7x", &h, &after, err, sizeof err) != 0, "7x");

    /* A generation never published leaves no entry behind the next. */
    gen_entry e4 = {.gen = 4, .time = 1765000000, .full = 1, .added = 3, .gone = 3};
    CHECK(gen_history_append(&h, &e4) == 0 && h.n == 3 && h.e[2].gen == 4, "replaces 5");
    gen_history_clear(&h);
    gen_history empty = {0};
    CHECK(gen_since_resolve("last", &empty, &after, err, sizeof err) == 0 && after == 0,
          "no history: everything");
}

/* A file handed over in parts (the parser's windows) is matched as if
 * whole: an old paragraph taken by one part is not taken again. */
static void test_match_in_parts(void)
{
    const char *v1[] = {"A.", "B.", "A.", "C."};
    const char *v2[] = {"A.", "D.", "A.", "A.", "C.", "B."};
    uint64_t h1[4], h2[6];
    hashes(v1, 4, h1);
    hashes(v2, 6, h2);
    firstseen old = {0}, whole = {0}, parted = {0};
    size_t kept = 0, kept_parts = 0;
    CHECK(firstseen_match(NULL, h1, 4, 3, &old, &kept) == 0, "old");
    CHECK(firstseen_match(&old, h2, 6, 5, &whole, &kept) == 0, "whole");
    firstseen_matcher mt;
    CHECK(firstseen_matcher_init(&mt, &old) == 0, "init");
    CHECK(firstseen_matcher_next(&mt, h2, 2, 5, &parted, &kept_parts) == 0, "part 1");
    CHECK(firstseen_matcher_next(&mt, h2 + 2, 0, 5, &parted, &kept_parts) == 0, "empty");
    CHECK(firstseen_matcher_next(&mt, h2 + 2, 4, 5, &parted, &kept_parts) == 0, "part 2");
    firstseen_matcher_clear(&mt);
    CHECK_INT(kept, 4);   /* two A's, C, B kept; D and the third A new */
    CHECK_INT(kept_parts, kept);
    CHECK_INT(parted.n, whole.n);
    for (size_t i = 0; i < whole.n && i < parted.n; i++) {
        CHECK(parted.hash[i] == whole.hash[i], "hash %zu", i);
        CHECK_INT(parted.gen[i], whole.gen[i]);
    }
    CHECK_INT(firstseen_count(&parted, 5), 2);
    firstseen_clear(&old);
    firstseen_clear(&whole);
    firstseen_clear(&parted);
}

int main(void)
{
    test_hash();
    test_match();
    test_match_in_parts();
    test_history();
    return check_report("test_firstseen");
}

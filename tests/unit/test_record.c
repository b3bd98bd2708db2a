/* test_record.c: the paragraph record's stored form, byte for byte. */
#include "check.h"
#include "record.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stored form as its definition reads (record.c): "LAR3", then each
 * field as "<decimal length>:<bytes>", numbers as "%ld". Written with
 * snprintf, to hold record_encode's hand-made decimals to it. */
static size_t expected(const para_record *r, char *buf, size_t cap)
{
    size_t n = (size_t)snprintf(buf, cap, "LAR3");
#define STR(s) n += (size_t)snprintf(buf + n, cap - n, "%zu:%s", strlen(s), (s))
#define NUM(v)                                                                \
    do {                                                                      \
        char num_[32];                                                        \
        snprintf(num_, sizeof num_, "%ld", (long)(v));                        \
        STR(num_);                                                            \
    } while (0)
    STR(r->id);
    STR(r->file);
    NUM(r->line);
    NUM(r->ordinal);
    NUM(r->page);
    STR(r->url);
    STR(r->authority);
    NUM(r->kind);
    NUM(r->section);
    NUM(r->score);
    STR(r->rating);
    STR(r->published);
    STR(r->heading);
    STR(r->text);
    NUM(r->seen_gen);
    NUM(r->seen_time);
    NUM(r->indicative);
#undef NUM
#undef STR
    return n;
}

static void check_encoding(const para_record *r)
{
    static char want[200000];
    size_t wlen = expected(r, want, sizeof want);
    char *got = NULL;
    size_t glen = 0;
    CHECK(record_encode(r, &got, &glen) == 0, "record_encode failed");
    CHECK(got && glen == wlen && memcmp(got, want, wlen) == 0,
          "encoding of %s differs: %.*s", r->id, (int)(glen < 200 ? glen : 200),
          got ? got : "");
    para_record back;
    CHECK(got && record_decode(got, glen, &back) == 0, "decode %s", r->id);
    if (got && back.id) {
        CHECK_STR(back.id, r->id);
        CHECK_STR(back.text, r->text);
        CHECK_STR(back.url, r->url);
        CHECK_STR(back.heading, r->heading);
        CHECK_STR(back.published, r->published);
        CHECK_STR(back.rating, r->rating);
        CHECK_INT(back.line, r->line);
        CHECK_INT(back.ordinal, r->ordinal);
        CHECK_INT(back.page, r->page);
        CHECK_INT(back.section, r->section);
        CHECK_INT(back.score, r->score);
        CHECK_INT(back.kind, r->kind);
        CHECK_INT(back.seen_gen, r->seen_gen);
        CHECK(back.seen_time == r->seen_time, "seen_time %lld", back.seen_time);
    }
    record_clear(&back);
    free(got);
}

int main(void)
{
    para_record r;
    CHECK(record_init(&r) == 0, "init");
    check_encoding(&r);   /* all empty, section -1, numbers 0 */

    record_set(&r.id, "documents/a.txt#7", 17);
    record_set(&r.file, "documents/a.txt", 15);
    record_set(&r.url, "https://www.cqc.org.uk/a#page=2", 31);
    record_set(&r.authority, "Windsor and Maidenhead", 22);
    record_set(&r.rating, "Good", 4);
    check_encoding(&r);
    record_set(&r.published, "2024", 4);
    check_encoding(&r);
    record_set(&r.published, "2024-05", 7);
    check_encoding(&r);
    record_set(&r.published, "2025-01-17", 10);
    record_set(&r.heading, "Caf\xc3\xa9 & co", 10);
    record_set(&r.text, "Section 75 agreements.", 22);
    unsigned nums[] = {0, 1, 9, 10, 99, 100, 12345, 999999999, 0x7fffffffu};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        r.line = nums[i];
        r.ordinal = nums[sizeof nums / sizeof nums[0] - 1 - i];
        r.page = nums[(i + 3) % (sizeof nums / sizeof nums[0])];
        r.section = (int)(i % 10) - 1;   /* -1 .. 8 */
        r.score = (int)(i % 5);
        r.kind = (doc_kind)(i % 4);
        r.seen_gen = (long)nums[(i + 5) % (sizeof nums / sizeof nums[0])];
        r.seen_time = i ? 1764892800LL + (long long)i : 0;
        r.indicative = (int)(i % 2);
        check_encoding(&r);
    }

    /* Lengths of every width, up to a paragraph's limit. */
    static char text[65537];
    size_t lens[] = {0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 9999, 10000, 65536};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        memset(text, 'x', lens[i]);
        record_set(&r.text, text, lens[i]);
        check_encoding(&r);
    }
    record_clear(&r);

    /* A record stored before pages (LAR1) still reads, with page 0. */
    static const char v1[] = "LAR11:a1:f1:71:20:1:21:31:40:0:1:t";
    para_record old;
    CHECK(record_decode(v1, sizeof v1 - 1, &old) == 0, "LAR1 record decodes");
    CHECK_INT(old.line, 7);
    CHECK_INT(old.ordinal, 2);
    CHECK_INT(old.page, 0);
    CHECK_INT(old.score, 4);
    CHECK_STR(old.text, "t");
    record_clear(&old);

    /* A record stored before dates (LAR2) still reads, with no date. */
    static const char v2d[] = "LAR21:a1:f1:71:21:520:https://example.org/1:A1:12:-11:40:1:h1:t";
    CHECK(record_decode(v2d, sizeof v2d - 1, &old) == 0, "LAR2 record decodes");
    CHECK_INT(old.page, 5);
    CHECK_STR(old.url, "https://example.org/");
    CHECK_STR(old.authority, "A");
    CHECK_STR(old.published, "");
    CHECK_INT(old.score, 4);
    CHECK_STR(old.heading, "h");
    CHECK_STR(old.text, "t");
    record_clear(&old);

    /* The same with a date is LAR3; a date that is not one is refused (JSON
     * and facets rely on its form). */
    static const char v3[] = "LAR31:a1:f1:71:21:50:1:A1:12:-11:40:7:2024-051:h1:t1:01:01:1";
    CHECK(record_decode(v3, sizeof v3 - 1, &old) == 0, "LAR3 record decodes");
    CHECK_INT(old.indicative, 1);
    CHECK_STR(old.published, "2024-05");
    CHECK_STR(old.text, "t");
    record_clear(&old);
    static const char bad[] = "LAR31:a1:f1:71:21:50:1:A1:12:-11:40:7:2024-131:h1:t1:01:01:0";
    CHECK(record_decode(bad, sizeof bad - 1, &old) == -1, "LAR3 with a bad date refused");
    /* A LAR2 record read as LAR3 would be one field short. */
    static const char short3[] = "LAR31:a1:f1:71:21:520:https://example.org/1:A1:12:-11:40:1:h1:t";
    CHECK(record_decode(short3, sizeof short3 - 1, &old) == -1, "short LAR3 refused");
    /* A record stored before first-seen generations (LAR2) still reads,
     * with none. */
    static const char v2[] = "LAR21:a1:f1:71:21:01:u0:1:12:-11:30:0:1:t";
    CHECK(record_decode(v2, sizeof v2 - 1, &old) == 0, "LAR2 record decodes");
    CHECK_INT(old.page, 0);
    CHECK_STR(old.url, "u");
    CHECK_INT(old.seen_gen, 0);
    CHECK(old.seen_time == 0, "LAR2: no first-seen time");
    record_clear(&old);

    /* JSON shows first-seen only for an indexed paragraph. */
    CHECK(record_init(&r) == 0, "init");
    json_t *o = record_to_json(&r);
    CHECK(o && !json_object_get(o, "first_seen_generation"), "no generation: no key");
    json_decref(o);
    r.seen_gen = 3;
    r.seen_time = 1764901800;   /* 2025-12-05T02:30:00Z */
    o = record_to_json(&r);
    CHECK(o && json_integer_value(json_object_get(o, "first_seen_generation")) == 3,
          "first_seen_generation");
    CHECK_STR(o ? json_string_value(json_object_get(o, "first_seen")) : "",
              "2025-12-05T02:30:00Z");
    json_decref(o);
    record_clear(&r);

    return check_report("test_record");
}

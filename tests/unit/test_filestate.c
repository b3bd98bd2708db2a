/* test_filestate.c: SHA-256, file fingerprints, the stored file list and
 * the build inputs that decide whether an update may be trusted. */
#include "check.h"
#include "filestate.h"
#include "report.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void test_sha256_vectors(void)
{
    /* FIPS 180-4 examples. */
    char hex[SHA256_HEX];
    sha256_hex("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex("abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_hex(two, strlen(two), hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* A million 'a's, fed in uneven pieces. */
    sha256_ctx c;
    sha256_init(&c);
    char a[1000];
    memset(a, 'a', sizeof a);
    size_t left = 1000000, step = 1;
    while (left) {
        size_t n = step < left ? step : left;
        n = n < sizeof a ? n : sizeof a;
        sha256_update(&c, a, n);
        left -= n;
        step = step % 997 + 13;
    }
    sha256_final_hex(&c, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha256_split_anywhere(void)
{
    /* Every split of a message across two updates gives the one-shot digest
     * (the block boundary and the padding cases 55, 56, 64 included). */
    char msg[200];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (char)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof msg; len += 1 + (len > 70) * 9) {
        char want[SHA256_HEX];
        sha256_hex(msg, len, want);
        for (size_t cut = 0; cut <= len; cut++) {
            sha256_ctx c;
            char got[SHA256_HEX];
            sha256_init(&c);
            sha256_update(&c, msg, cut);
            sha256_update(&c, msg + cut, len - cut);
            sha256_final_hex(&c, got);
            CHECK(strcmp(got, want) == 0, "len %zu cut %zu", len, cut);
        }
    }
}

static void test_fingerprints(void)
{
    manifest_entry me = {.file = "d/a.txt", .authority = "Ealing",
                         .kind = KIND_ASSESSMENT, .url = "", .published = "",
                         .section = -1, .rating = "", .line = 3};
    char plain[SHA256_HEX], edited[SHA256_HEX], with_row[SHA256_HEX];
    char moved_row[SHA256_HEX], other_row[SHA256_HEX], problem[SHA256_HEX];
    file_fingerprint("Some text.\n", 11, NULL, plain);
    file_fingerprint("Some text!\n", 11, NULL, edited);
    file_fingerprint("Some text.\n", 11, &me, with_row);
    me.line = 40;   /* rows added above it: not a change to this file */
    file_fingerprint("Some text.\n", 11, &me, moved_row);
    me.authority = "Kent";
    file_fingerprint("Some text.\n", 11, &me, other_row);
    /* A score, statement or rating given in the manifest is applied to the
     * file's paragraphs: changing one is a change to the file. */
    char scored[SHA256_HEX], stated[SHA256_HEX], rated[SHA256_HEX];
    me.score = 2;
    file_fingerprint("Some text.\n", 11, &me, scored);
    me.section = 0;
    file_fingerprint("Some text.\n", 11, &me, stated);
    me.rating = "Good";
    file_fingerprint("Some text.\n", 11, &me, rated);
    CHECK(strcmp(scored, other_row) != 0 && strcmp(stated, scored) != 0 &&
          strcmp(rated, stated) != 0, "manifest score, section and rating are in the fingerprint");
    me.score = 0;
    me.section = -1;
    me.rating = "";
    file_fingerprint_problem("binary file (NUL byte at offset 3)", NULL, 0, NULL, problem);
    char bin1[SHA256_HEX], bin2[SHA256_HEX];
    file_fingerprint_problem("binary file", "ab\0c", 4, NULL, bin1);
    file_fingerprint_problem("binary file", "ab\0d", 4, NULL, bin2);
    CHECK(strcmp(bin1, bin2) != 0, "a changed binary file must be changed");
    CHECK(strcmp(plain, edited) != 0, "an edit must change the fingerprint");
    CHECK(strcmp(plain, with_row) != 0, "a manifest row must count");
    CHECK_STR(with_row, moved_row);
    CHECK(strcmp(with_row, other_row) != 0, "a changed row must count");
    CHECK(strcmp(problem, plain) != 0, "a problem is not a text");
    CHECK_INT(strlen(problem), SHA256_HEX - 1);
}

/* A state for path with n paragraphs (0: skipped) and one warning. */
static void push(file_table *t, const char *path, size_t n, const char *authority,
                 int fresh)
{
    file_state fs;
    CHECK(file_state_init(&fs, path) == 0, "init");
    sha256_hex(path, strlen(path), fs.hash);
    fs.indexed = n > 0;
    fs.paragraphs = n;
    fs.fresh = fresh;
    free(fs.authority);
    fs.authority = strdup(authority);
    char msg[128];
    snprintf(msg, sizeof msg, "%s:0: a warning", path);
    fs.warnings = 1;
    file_state_message(&fs, msg);
    if (!n) {
        snprintf(msg, sizeof msg, "%s: skipped: binary file", path);
        file_state_message(&fs, msg);
    }
    CHECK(file_table_push(t, &fs) == 0, "push");
}

static void test_table_roundtrip(void)
{
    file_table t = {0};
    push(&t, "documents/b.txt", 3, "Kent", 1);
    push(&t, "documents/a.txt", 5, "", 0);
    push(&t, "documents/c.txt", 0, "", 1);
    push(&t, "documents/a b\t\"odd\".txt", 2, "Kent", 0);
    file_table_sort(&t);
    CHECK_STR(t.files[0].path, "documents/a b\t\"odd\".txt");
    CHECK(file_table_find(&t, "documents/c.txt") == &t.files[3], "find");
    CHECK(file_table_find(&t, "documents/d.txt") == NULL, "find absent");
    CHECK(file_table_find(&t, "documents/") == NULL, "find a prefix");

    char *js = file_table_json(&t);
    CHECK(js != NULL, "json");
    file_table back;
    char err[256] = "";
    CHECK(file_table_parse(js, &back, err, sizeof err) == 0, "%s", err);
    CHECK_INT(back.n, t.n);
    for (size_t i = 0; i < back.n && i < t.n; i++) {
        CHECK_STR(back.files[i].path, t.files[i].path);
        CHECK_STR(back.files[i].hash, t.files[i].hash);
        CHECK_STR(back.files[i].authority, t.files[i].authority);
        CHECK_INT(back.files[i].indexed, t.files[i].indexed);
        CHECK_INT(back.files[i].paragraphs, t.files[i].paragraphs);
        CHECK_INT(back.files[i].warnings, t.files[i].warnings);
        CHECK_INT(back.files[i].n_messages, t.files[i].n_messages);
        CHECK_INT(back.files[i].fresh, 0);   /* not stored */
    }
    char *again = file_table_json(&back);
    CHECK(again && strcmp(again, js) == 0, "not the same JSON twice");
    free(again);
    file_table_clear(&back);
    free(js);

    /* The report a full build of these files gives. */
    build_report rep = {0};
    CHECK(file_table_report(&t, &rep) == 0, "report");
    CHECK_INT(rep.documents, 3);
    CHECK_INT(rep.paragraphs, 10);
    CHECK_INT(rep.skipped, 1);
    CHECK_INT(rep.warnings, 4);
    CHECK_INT(rep.n_messages, 5);
    CHECK_INT(rep.n_counts, 2);
    if (rep.n_counts == 2) {
        CHECK_STR(rep.counts[0].authority, "Kent");   /* undecided last */
        CHECK_INT(rep.counts[0].paragraphs, 5);
        CHECK_INT(rep.counts[0].documents, 2);
        CHECK_STR(rep.counts[1].authority, "");
    }
    if (rep.n_messages == 5) {
        CHECK_STR(rep.messages[4], "documents/c.txt: skipped: binary file");
        CHECK_INT(rep.fresh[4], 1);
        CHECK_INT(rep.fresh[0], 0);
    }
    build_report_clear(&rep);
    file_table_clear(&t);
}

/* Set path's modification time to t seconds since the epoch. */
static void set_mtime(const char *path, time_t t)
{
    struct timespec ts[2] = {{t, 0}, {t, 0}};
    CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0, "utimensat %s", path);
}

static void test_signature(void)
{
    char dir[512];
    if (check_tmpdir(dir, sizeof dir, "test_filestate") != 0) {
        CHECK(0, "no scratch directory");
        return;
    }
    const char *path = check_path(dir, "a.txt");
    check_write_text(path, "Safeguarding is everyone's business.\n");
    set_mtime(path, 1000000000);
    time_t later = time(NULL) + 60;
    char a[SHA256_HEX], b[SHA256_HEX];
    file_signature(path, NULL, later, a);
    CHECK_INT(strlen(a), SHA256_HEX - 1);
    file_signature(path, NULL, later, b);
    CHECK_STR(a, b);

    /* Changed or changed again within the trusted window: no signature,
     * whatever the modification time says (the change time is now). */
    file_signature(path, NULL, time(NULL) - 60, b);
    CHECK_STR(b, "");
    file_signature(check_path(dir, "missing.txt"), NULL, later, b);
    CHECK_STR(b, "");

    /* The manifest row is part of it. */
    manifest_entry me = {.file = (char *)"a.txt", .authority = (char *)"Kent",
                         .kind = KIND_ASSESSMENT, .url = (char *)"", .published = (char *)""};
    file_signature(path, &me, later, b);
    CHECK(strcmp(a, b) != 0, "a manifest row made no difference");
    char c[SHA256_HEX];
    me.authority = (char *)"Medway";
    file_signature(path, &me, later, c);
    CHECK(b[0] && strcmp(b, c) != 0, "another council made no difference");

    /* Another size, another modification time: another signature. */
    check_write_text(path, "Safeguarding is everyone's business!!\n");
    set_mtime(path, 1000000000);
    file_signature(path, NULL, later, b);
    CHECK(b[0] && strcmp(a, b) != 0, "a new size made no difference");
    set_mtime(path, 1000000001);
    file_signature(path, NULL, later, c);
    CHECK(c[0] && strcmp(b, c) != 0, "a new mtime made no difference");
    check_rm_rf(dir);

    /* Stored and read back; an entry without one (an older index) reads
     * as none. */
    file_table t = {0};
    push(&t, "documents/a.txt", 1, "Kent", 0);
    push(&t, "documents/b.txt", 1, "Kent", 0);
    memcpy(t.files[0].sig, a, SHA256_HEX);
    char *js = file_table_json(&t);
    file_table back;
    char err[256] = "";
    CHECK(js && file_table_parse(js, &back, err, sizeof err) == 0, "%s", err);
    if (back.n == 2) {
        CHECK_STR(back.files[0].sig, a);
        CHECK_STR(back.files[1].sig, "");
        file_state copy;
        CHECK(file_state_copy(&copy, &back.files[0]) == 0, "copy");
        CHECK_STR(copy.sig, a);
        file_state_clear(&copy);
    }
    size_t sigs = 0;
    for (const char *p = js; p && (p = strstr(p, "\"sig\"")); p++)
        sigs++;
    CHECK_INT(sigs, 1);   /* none stored for the file that had none */
    file_table_clear(&back);
    file_table_clear(&t);
    free(js);
}

static void test_table_bad(void)
{
    file_table t;
    char err[256];
    CHECK(file_table_parse("not json", &t, err, sizeof err) == -1, "accepted junk");
    CHECK(t.n == 0 && t.files == NULL, "not cleared");
    CHECK(file_table_parse("{\"version\":99,\"files\":[]}", &t, err, sizeof err) == -1,
          "accepted another version");
    CHECK(file_table_parse("{\"version\":1,\"files\":[{\"path\":\"x\"}]}", &t, err,
                           sizeof err) == -1, "accepted a short entry");
    CHECK(strstr(err, "entry 1") != NULL, "%s", err);
    CHECK(file_table_parse("{\"version\":1,\"files\":[]}", &t, err, sizeof err) == 0,
          "refused an empty list");
    file_table_clear(&t);
}

static void test_inputs(void)
{
    char *a = file_inputs_json("name\ttype\nEaling\tLB\n", 1000, 2);
    char *same = file_inputs_json("name\ttype\nEaling\tLB\n", 1000, 2);
    char *auth = file_inputs_json("name\ttype\nEaling\tLondon borough\n", 1000, 2);
    char *size = file_inputs_json("name\ttype\nEaling\tLB\n", 2000, 2);
    CHECK(a && same && auth && size, "json");
    CHECK(file_inputs_differ(a, same) == NULL, "the same inputs differ");
    const char *why = file_inputs_differ(a, auth);
    CHECK(why && strstr(why, "authorities.tsv"), "%s", why ? why : "(null)");
    why = file_inputs_differ(a, size);
    CHECK(why && strstr(why, "--max-file-size"), "%s", why ? why : "(null)");
    char *shards = file_inputs_json("name\ttype\nEaling\tLB\n", 1000, 3);
    why = file_inputs_differ(a, shards);
    CHECK(why && strstr(why, "--shards"), "%s", why ? why : "(null)");
    CHECK(file_inputs_shards(shards) == 3, "shards read back: %u", file_inputs_shards(shards));
    CHECK(file_inputs_shards("{\"format\":1}") == 0, "no shards recorded, yet read");
    CHECK(file_inputs_shards(NULL) == 0, "NULL inputs");
    free(shards);
    why = file_inputs_differ("", a);
    CHECK(why && strstr(why, "older lasearch"), "%s", why ? why : "(null)");
    why = file_inputs_differ("{\"lasearch\":\"0.0.1\"}", a);
    CHECK(why && strstr(why, "upgraded"), "%s", why ? why : "(null)");
    free(a);
    free(same);
    free(auth);
    free(size);
}

int main(void)
{
    test_sha256_vectors();
    test_sha256_split_anywhere();
    test_fingerprints();
    test_table_roundtrip();
    test_table_bad();
    test_signature();
    test_inputs();
    return check_report("test_filestate");
}

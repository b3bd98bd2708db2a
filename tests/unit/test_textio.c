/*
 * test_textio.c: reading corpus files (textio.h). Every input is made at run
 * time in a fresh directory under $TMPDIR, so no binary fixture is committed.
 */
#include "check.h"
#include "textio.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A string literal and its length, NUL bytes included. */
#define S(lit) lit, sizeof(lit) - 1

static char tmpdir[4096];
static char msg[512];

/* A path inside tmpdir. */
static const char *tpath(const char *name)
{
    return check_path(tmpdir, name);
}

static void write_file(const char *name, const void *bytes, size_t len)
{
    check_write(tpath(name), bytes, len);
}


/* Read bytes through a real file; the text_file is left in *tf. */
static textio_status via_file(const char *name, const char *bytes, size_t len,
                              text_file *tf)
{
    write_file(name, bytes, len);
    return textio_read(tpath(name), TEXTIO_DEFAULT_MAX_BYTES, tf, msg,
                       sizeof msg);
}

/* Expect OK with exactly the given converted text and flags. */
static void expect_ok(const char *name, const char *in, size_t inlen,
                      const char *want, int bom, int crlf)
{
    text_file tf;
    textio_status st = via_file(name, in, inlen, &tf);
    CHECK(st == TEXTIO_OK, "%s: status %s (%s)", name,
          textio_status_string(st), msg);
    CHECK_INT(tf.len, strlen(want));
    CHECK(tf.data && memcmp(tf.data, want, strlen(want) + 1) == 0,
          "%s: text differs", name);
    CHECK_INT(tf.had_bom, bom);
    CHECK_INT(tf.had_crlf, crlf);
    text_file_clear(&tf);
    CHECK(tf.data == NULL && tf.len == 0, "text_file_clear zeroes");
}

static void test_good_text(void)
{
    expect_ok("plain.txt", S("caf\xc3\xa9 \xe2\x80\x93 ok\nline two\n"),
              "caf\xc3\xa9 \xe2\x80\x93 ok\nline two\n", 0, 0);
    expect_ok("bom.txt", S("\xef\xbb\xbfhello\n"), "hello\n", 1, 0);
    expect_ok("crlf.txt", S("a\r\nb\r\n"), "a\nb\n", 0, 1);
    expect_ok("cr.txt", S("a\rb\r"), "a\nb\n", 0, 1);
    expect_ok("mixed.txt", S("\xef\xbb\xbf" "a\r\nb\rc\nd\r\r\ne"),
              "a\nb\nc\nd\n\ne", 1, 1);
    /* A BOM is only removed at the start. */
    expect_ok("midbom.txt", S("x\xef\xbb\xbfy"), "x\xef\xbb\xbfy", 0, 0);
}

static void test_empty(void)
{
    text_file tf;
    static const struct { const char *name, *bytes; size_t len; } cases[] = {
        { "empty.txt", S("") },
        { "ws.txt", S(" \n\t\r\n  \f\v") },
        { "bomonly.txt", S("\xef\xbb\xbf") },
        { "bomws.txt", S("\xef\xbb\xbf\r\n\n") },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        textio_status st = via_file(cases[i].name, cases[i].bytes,
                                    cases[i].len, &tf);
        CHECK(st == TEXTIO_EMPTY, "%s: got %s", cases[i].name,
              textio_status_string(st));
        CHECK(tf.data == NULL, "%s: data on failure", cases[i].name);
        CHECK(strstr(msg, "nothing to index") != NULL, "msg: %s", msg);
    }
    /* One visible character is enough. */
    expect_ok("one.txt", S("\n\n x"), "\n\n x", 0, 0);
}

static void test_binary(void)
{
    text_file tf;
    textio_status st = via_file("nul.bin", S("abc\0def"), &tf);
    CHECK(st == TEXTIO_BINARY, "got %s", textio_status_string(st));
    CHECK_STR(msg, "binary file (NUL byte at offset 3): not a text document");
    /* A PNG header fails UTF-8 at byte 0, but "binary" is the useful answer. */
    st = via_file("png.bin", S("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), &tf);
    CHECK(st == TEXTIO_BINARY, "got %s", textio_status_string(st));
    CHECK_STR(msg, "binary file (NUL byte at offset 8): not a text document");
}

/* Expect what a byte sequence in memory gives: UTF-8 as it is, text read
 * partly as Windows-1252, or not text. */
enum { AS_UTF8, AS_1252, NOT_TEXT };

static void expect_kind(const char *what, const char *in, size_t inlen, int want)
{
    text_file tf;
    memset(&tf, 0x5A, sizeof tf); /* out must be zeroed on failure */
    textio_status st = textio_from_buffer(in, inlen, TEXTIO_DEFAULT_MAX_BYTES,
                                          &tf, msg, sizeof msg);
    int got = st == TEXTIO_BAD_UTF8 ? NOT_TEXT : tf.windows1252 ? AS_1252 : AS_UTF8;
    CHECK(st == TEXTIO_OK || st == TEXTIO_BAD_UTF8, "%s: %s", what,
          textio_status_string(st));
    CHECK(got == want, "%s: read as %d, expected %d (%s)", what, got, want, msg);
    if (st != TEXTIO_OK)
        CHECK(tf.data == NULL && tf.len == 0 && !tf.had_bom && !tf.had_crlf,
              "%s: out not zeroed on failure", what);
    else
        CHECK(!want == !msg[0], "%s: note \"%s\"", what, msg);
    text_file_clear(&tf);
}

/* Text that is not UTF-8 is read as Windows-1252 where it is not, with a
 * note saying where it first is not; only NUL and the five bytes
 * Windows-1252 leaves undefined make it not text. */
static void test_windows1252(void)
{
    text_file tf;
    /* Line 3; "café " is 5 characters but 6 bytes, so the 0x92 is column 6
     * at byte offset 9 + 9 + 6 = 24. The UTF-8 "é" stays as it is. */
    textio_status st = via_file("cp1252.txt",
                                S("line one\nline two\ncaf\xc3\xa9 \x92quoted\x92\n"), &tf);
    CHECK(st == TEXTIO_OK, "got %s (%s)", textio_status_string(st), msg);
    CHECK_STR(tf.data, "line one\nline two\ncaf\xc3\xa9 \xe2\x80\x99quoted\xe2\x80\x99\n");
    CHECK_INT(tf.windows1252, 1);
    CHECK_STR(msg, "read as Windows-1252: not valid UTF-8 from line 3, column 6 "
              "(byte offset 24: 0x92)");
    text_file_clear(&tf);

    /* CRLF, lone CR and a BOM: lines as in the file, offset counts the BOM,
     * the column does not. */
    st = via_file("crlf-1252.txt", S("\xef\xbb\xbf" "a\r\nb\rc\nxy\xe9\r\nz\r"), &tf);
    CHECK(st == TEXTIO_OK, "got %s", textio_status_string(st));
    CHECK_STR(tf.data, "a\nb\nc\nxy\xc3\xa9\nz\n");
    CHECK(tf.had_bom && tf.had_crlf, "flags");
    CHECK(strstr(msg, "from line 4, column 3 (byte offset 12: 0xE9)") != NULL,
          "msg: %s", msg);
    text_file_clear(&tf);

    /* A UTF-8 report with one stray Latin-1 byte: the UTF-8 is not garbled. */
    st = via_file("stray.txt", S("it\xe2\x80\x99s caf\xe9\n"), &tf);
    CHECK(st == TEXTIO_OK, "got %s", textio_status_string(st));
    CHECK_STR(tf.data, "it\xe2\x80\x99s caf\xc3\xa9\n");
    text_file_clear(&tf);

    /* Every byte of 0x80..0xFF: the 27 Windows-1252 defines in 0x80..0x9F,
     * and 0xA0..0xFF as Latin-1. */
    st = via_file("c1.txt", S("\x80\x8a\x9f\xa0\xff"), &tf);
    CHECK(st == TEXTIO_OK, "got %s", textio_status_string(st));
    CHECK_STR(tf.data, "\xe2\x82\xac\xc5\xa0\xc5\xb8\xc2\xa0\xc3\xbf");
    text_file_clear(&tf);
    static const unsigned char undefined[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    for (size_t i = 0; i < sizeof undefined; i++) {
        char bytes[] = {'o', 'k', '\n', (char)undefined[i], 'x'};
        char want[160];
        st = textio_from_buffer(bytes, sizeof bytes, 100, &tf, msg, sizeof msg);
        snprintf(want, sizeof want, "not valid UTF-8 at line 2, column 1 (byte offset "
                 "3: 0x%02X, which Windows-1252 does not define either): not text; "
                 "convert it to UTF-8", undefined[i]);
        CHECK(st == TEXTIO_BAD_UTF8, "0x%02X: got %s", undefined[i],
              textio_status_string(st));
        CHECK_STR(msg, want);
        CHECK(tf.data == NULL, "data on failure");
    }

    /* The undefined byte is found after Windows-1252 bytes and line ends. */
    st = via_file("late.txt", S("a\x92" "b\r\nc\x8d"), &tf);
    CHECK(st == TEXTIO_BAD_UTF8, "got %s", textio_status_string(st));
    CHECK(strstr(msg, "at line 2, column 2 (byte offset 6: 0x8D") != NULL, "msg: %s", msg);

    /* A NUL after the first bad byte still makes the file binary. */
    st = via_file("bad-then-nul.txt", S("ok \xff then \0"), &tf);
    CHECK(st == TEXTIO_BINARY, "got %s", textio_status_string(st));
    CHECK(strstr(msg, "offset 10") != NULL, "msg: %s", msg);

    /* Only whitespace is still empty, whatever the encoding. */
    st = via_file("nbsp.txt", S(" \r\n\t"), &tf);
    CHECK(st == TEXTIO_EMPTY, "got %s", textio_status_string(st));
}

static void test_utf8_edges(void)
{
    static const struct { const char *what, *bytes; int want; } c[] = {
        { "U+0080", "\xc2\x80", AS_UTF8 },
        { "U+07FF", "\xdf\xbf", AS_UTF8 },
        { "U+0800", "\xe0\xa0\x80", AS_UTF8 },
        { "U+D7FF", "\xed\x9f\xbf", AS_UTF8 },
        { "U+E000", "\xee\x80\x80", AS_UTF8 },
        { "U+FFFF", "\xef\xbf\xbf", AS_UTF8 },
        { "U+10000", "\xf0\x90\x80\x80", AS_UTF8 },
        { "U+10FFFF", "\xf4\x8f\xbf\xbf", AS_UTF8 },
        /* Not UTF-8: each byte is Windows-1252, unless one is undefined. */
        { "overlong NUL C0 80", "\xc0\x80", AS_1252 },
        { "overlong C1 BF", "\xc1\xbf", AS_1252 },
        { "overlong E0 80 80", "\xe0\x80\x80", AS_1252 },
        { "overlong E0 9F BF", "\xe0\x9f\xbf", AS_1252 },
        { "overlong F0 8F BF BF", "\xf0\x8f\xbf\xbf", NOT_TEXT },
        { "surrogate D800", "\xed\xa0\x80", AS_1252 },
        { "surrogate DFFF", "\xed\xbf\xbf", AS_1252 },
        { "U+110000", "\xf4\x90\x80\x80", NOT_TEXT },
        { "F5 lead", "\xf5\x80\x80\x80", AS_1252 },
        { "FF", "\xff", AS_1252 },
        { "stray continuation", "\x80", AS_1252 },
        { "bad continuation", "\xe2\x28\xa1", AS_1252 },
        { "ASCII after lead", "\xc3" "a", AS_1252 },
        { "truncated 2 of 3", "abc\xe2\x82", AS_1252 },
        { "truncated 3 of 4", "\xf0\x9f\x98", AS_1252 },
    };
    size_t i;
    for (i = 0; i < sizeof c / sizeof c[0]; i++)
        expect_kind(c[i].what, c[i].bytes, strlen(c[i].bytes), c[i].want);

    /* Through a file too, and the offset of a sequence cut off by EOF is
     * where the sequence starts. */
    text_file tf;
    textio_status st = via_file("trunc.txt", S("abc\xe2\x82"), &tf);
    CHECK(st == TEXTIO_OK, "got %s", textio_status_string(st));
    CHECK(strstr(msg, "line 1, column 4 (byte offset 3: 0xE2)") != NULL,
          "msg: %s", msg);
    CHECK_STR(tf.data, "abc\xc3\xa2\xe2\x80\x9a");
    text_file_clear(&tf);
    st = via_file("surrogate.txt", S("ok\n\xed\xa0\x80"), &tf);
    CHECK(st == TEXTIO_OK, "got %s", textio_status_string(st));
    CHECK(strstr(msg, "line 2, column 1 (byte offset 3: 0xED)") != NULL,
          "msg: %s", msg);
    text_file_clear(&tf);
}

/* Special bytes at every position of a run of plain ASCII, so that however
 * the reader batches plain bytes, none is missed or misplaced. */
static void test_positions(void)
{
    char in[40], want[40], expect_msg[128];
    text_file tf;
    textio_status st;
    size_t pos;

    for (pos = 0; pos < 20; pos++) {
        memset(in, 'a', 30);
        in[pos] = '\0';
        st = textio_from_buffer(in, 30, 100, &tf, msg, sizeof msg);
        snprintf(expect_msg, sizeof expect_msg,
                 "binary file (NUL byte at offset %zu): not a text document",
                 pos);
        CHECK(st == TEXTIO_BINARY && !strcmp(msg, expect_msg),
              "NUL at %zu: %s (%s)", pos, textio_status_string(st), msg);

        in[pos] = (char)0x81;
        st = textio_from_buffer(in, 30, 100, &tf, msg, sizeof msg);
        snprintf(expect_msg, sizeof expect_msg,
                 "column %zu (byte offset %zu: 0x81", pos + 1, pos);
        CHECK(st == TEXTIO_BAD_UTF8 && strstr(msg, expect_msg),
              "0x81 at %zu: %s (%s)", pos, textio_status_string(st), msg);

        /* Latin-1 "é" at pos: two bytes in UTF-8, the rest as it was. */
        in[pos] = (char)0xE9;
        st = textio_from_buffer(in, 30, 100, &tf, msg, sizeof msg);
        snprintf(expect_msg, sizeof expect_msg,
                 "column %zu (byte offset %zu: 0xE9)", pos + 1, pos);
        CHECK(st == TEXTIO_OK && tf.len == 31 && strstr(msg, expect_msg) &&
              !memcmp(tf.data, in, pos) && !memcmp(tf.data + pos, "\xc3\xa9", 2),
              "0xE9 at %zu: %s (%s)", pos, textio_status_string(st), msg);
        text_file_clear(&tf);

        /* "\r\n" at pos and a lone "\r" 9 bytes later: both become "\n". */
        memset(in, 'b', 30);
        in[pos] = '\r';
        in[pos + 1] = '\n';
        in[pos + 10] = '\r';
        memcpy(want, in, 30);
        memmove(want + pos, want + pos + 1, 29 - pos);
        want[pos] = '\n';
        want[pos + 9] = '\n';
        want[29] = '\0';
        st = textio_from_buffer(in, 30, 100, &tf, msg, sizeof msg);
        CHECK(st == TEXTIO_OK && tf.len == 29 && !strcmp(tf.data, want),
              "CR LF at %zu: %s", pos, textio_status_string(st));
        text_file_clear(&tf);

        /* A two-byte character at pos is kept as it is. */
        memset(in, 'c', 30);
        in[pos] = (char)0xC3;
        in[pos + 1] = (char)0xA9;
        st = textio_from_buffer(in, 30, 100, &tf, msg, sizeof msg);
        CHECK(st == TEXTIO_OK && tf.len == 30 && !memcmp(tf.data, in, 30),
              "U+00E9 at %zu: %s", pos, textio_status_string(st));
        text_file_clear(&tf);
    }
}

static void test_long_line(void)
{
    size_t n = 5u * 1024 * 1024, i;
    char *big = malloc(n + 1);
    text_file tf;
    textio_status st;

    if (!big) {
        CHECK(0, "malloc");
        return;
    }
    for (i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    st = via_file("long.txt", big, n, &tf);
    CHECK(st == TEXTIO_OK, "got %s (%s)", textio_status_string(st), msg);
    CHECK_INT(tf.len, n);
    CHECK(tf.data && memcmp(tf.data, big, n) == 0 && tf.data[n] == '\0',
          "5 MB line differs");
    text_file_clear(&tf);

    /* A Windows-1252 byte at the end of it: column counts the whole line. */
    big[n - 1] = (char)0x92;
    st = via_file("long-1252.txt", big, n, &tf);
    CHECK(st == TEXTIO_OK, "got %s", textio_status_string(st));
    CHECK(strstr(msg, "line 1, column 5242880 (byte offset 5242879: 0x92)")
          != NULL, "msg: %s", msg);
    CHECK(tf.len == n + 2 && memcmp(tf.data + n - 1, "\xe2\x80\x99", 4) == 0,
          "0x92 is U+2019");
    text_file_clear(&tf);
    /* And one that is no text at all. */
    big[n - 1] = (char)0x9D;
    st = via_file("long-bad.txt", big, n, &tf);
    CHECK(st == TEXTIO_BAD_UTF8, "got %s", textio_status_string(st));
    CHECK(strstr(msg, "line 1, column 5242880 (byte offset 5242879: 0x9D")
          != NULL, "msg: %s", msg);
    free(big);
}

static void test_size_limit(void)
{
    char hundred[100];
    text_file tf;
    textio_status st;

    memset(hundred, 'x', sizeof hundred);
    write_file("hundred.txt", hundred, sizeof hundred);
    st = textio_read(tpath("hundred.txt"), 99, &tf, msg, sizeof msg);
    CHECK(st == TEXTIO_TOO_BIG, "got %s", textio_status_string(st));
    CHECK_STR(msg, "file is 100 bytes, over the size limit of 99 bytes "
              "(raise it with --max-file-size)");
    st = textio_read(tpath("hundred.txt"), 100, &tf, msg, sizeof msg);
    CHECK(st == TEXTIO_OK && tf.len == 100, "exactly the limit: %s",
          textio_status_string(st));
    text_file_clear(&tf);

    st = textio_from_buffer(hundred, 100, 99, &tf, msg, sizeof msg);
    CHECK(st == TEXTIO_TOO_BIG, "buffer: got %s", textio_status_string(st));

    /* A file whose size is not known in advance (st_size 0) is limited while
     * it is read. Linux only; elsewhere there is no such file to try. */
    if (access("/proc/self/status", R_OK) == 0) {
        st = textio_read("/proc/self/status", TEXTIO_DEFAULT_MAX_BYTES, &tf,
                         msg, sizeof msg);
        CHECK(st == TEXTIO_OK && tf.len > 20, "/proc/self/status: %s (%s)",
              textio_status_string(st), msg);
        text_file_clear(&tf);
        st = textio_read("/proc/self/status", 10, &tf, msg, sizeof msg);
        CHECK(st == TEXTIO_TOO_BIG, "/proc limit: %s",
              textio_status_string(st));
        CHECK(strstr(msg, "over the size limit of 10 bytes") != NULL, "msg: %s",
              msg);
    } else {
        printf("note: no /proc/self/status; read-time size limit not tested\n");
    }
}

static void test_not_files(void)
{
    text_file tf;
    textio_status st;

    mkdir(tpath("adir"), 0755);
    st = textio_read(tpath("adir"), TEXTIO_DEFAULT_MAX_BYTES, &tf, msg,
                     sizeof msg);
    CHECK(st == TEXTIO_NOT_REGULAR, "dir: got %s", textio_status_string(st));
    CHECK_STR(msg, "a directory, not a regular file");

    /* With no writer, a blocking open would hang: the alarm turns that into
     * a failed test instead of a stuck one. */
    CHECK(mkfifo(tpath("fifo"), 0644) == 0, "mkfifo: %s", strerror(errno));
    alarm(10);
    st = textio_read(tpath("fifo"), TEXTIO_DEFAULT_MAX_BYTES, &tf, msg,
                     sizeof msg);
    alarm(0);
    CHECK(st == TEXTIO_NOT_REGULAR, "fifo: got %s", textio_status_string(st));
    CHECK(strstr(msg, "FIFO") != NULL, "msg: %s", msg);

    CHECK(symlink("loop2", tpath("loop1")) == 0, "symlink");
    CHECK(symlink("loop1", tpath("loop2")) == 0, "symlink");
    st = textio_read(tpath("loop1"), TEXTIO_DEFAULT_MAX_BYTES, &tf, msg,
                     sizeof msg);
    CHECK(st == TEXTIO_LOOP, "loop: got %s", textio_status_string(st));
    CHECK(strstr(msg, "symlink loop") != NULL, "msg: %s", msg);

    CHECK(symlink("no-such-target", tpath("dangling")) == 0, "symlink");
    st = textio_read(tpath("dangling"), TEXTIO_DEFAULT_MAX_BYTES, &tf, msg,
                     sizeof msg);
    CHECK(st == TEXTIO_UNREADABLE, "dangling: got %s", textio_status_string(st));
    CHECK_STR(msg, "dangling symlink (its target does not exist)");

    st = textio_read(tpath("missing.txt"), TEXTIO_DEFAULT_MAX_BYTES, &tf, msg,
                     sizeof msg);
    CHECK(st == TEXTIO_UNREADABLE, "missing: got %s", textio_status_string(st));
    CHECK_STR(msg, "file does not exist");

    /* A symlink to a good file is followed. */
    write_file("target.txt", S("linked\n"));
    CHECK(symlink("target.txt", tpath("link.txt")) == 0, "symlink");
    st = textio_read(tpath("link.txt"), TEXTIO_DEFAULT_MAX_BYTES, &tf, msg,
                     sizeof msg);
    CHECK(st == TEXTIO_OK && tf.data && !strcmp(tf.data, "linked\n"),
          "link: got %s", textio_status_string(st));
    text_file_clear(&tf);

    write_file("secret.txt", S("secret\n"));
    chmod(tpath("secret.txt"), 0);
    if (geteuid() == 0) {
        printf("note: running as root, where chmod 000 does not stop reading; "
               "unreadable-file check skipped\n");
    } else {
        st = textio_read(tpath("secret.txt"), TEXTIO_DEFAULT_MAX_BYTES, &tf,
                         msg, sizeof msg);
        CHECK(st == TEXTIO_UNREADABLE, "chmod 000: got %s",
              textio_status_string(st));
        CHECK_STR(msg, "cannot read: permission denied");
    }
}

static void test_api_details(void)
{
    text_file tf;
    int i;
    /* No message buffer is fine. */
    CHECK(textio_from_buffer("\0", 1, 10, &tf, NULL, 0) == TEXTIO_BINARY,
          "NULL msg");
    CHECK(textio_from_buffer("ok", 2, 10, &tf, NULL, 0) == TEXTIO_OK, "ok");
    CHECK(tf.data && tf.data[2] == '\0', "NUL-terminated");
    text_file_clear(&tf);
    text_file_clear(NULL);
    /* Every status has its own words. */
    for (i = TEXTIO_OK; i <= TEXTIO_NOMEM; i++) {
        int j;
        for (j = TEXTIO_OK; j < i; j++)
            CHECK(strcmp(textio_status_string((textio_status)i),
                         textio_status_string((textio_status)j)) != 0,
                  "statuses %d and %d share words", i, j);
    }
    CHECK_STR(textio_status_string(TEXTIO_BINARY), "binary file");
}

int main(void)
{
    signal(SIGALRM, SIG_DFL);
    if (check_tmpdir(tmpdir, sizeof tmpdir, "test_textio") != 0)
        return 2;
    test_good_text();
    test_empty();
    test_binary();
    test_windows1252();
    test_utf8_edges();
    test_positions();
    test_long_line();
    test_size_limit();
    test_not_files();
    test_api_details();
    check_rm_rf(tmpdir);
    return check_report("test_textio");
}

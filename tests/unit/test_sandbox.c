/* test_sandbox.c: readers in a worker process with limits
 * (indexer/read/reader_sandbox.h): a reader that crashes, loops, floods or
 * fails costs one file with a message, and the next file is read by a
 * fresh worker as if nothing happened. */
#include "check.h"
#include "reader_sandbox.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A well-behaved reader: one paragraph saying which process read it. */
static int reader_ok(const char *bytes, size_t len, doc_blocks *out, char *msg,
                     size_t msglen)
{
    (void)msg;
    (void)msglen;
    char text[64];
    snprintf(text, sizeof text, "%.*s from %ld", (int)(len < 20 ? len : 20), bytes,
             (long)getpid());
    return doc_blocks_add(out, BLOCK_PARAGRAPH, 0, text, strlen(text), 1, 0, "p");
}

/* One paragraph: the name the reading process was started under. */
static int reader_name(const char *bytes, size_t len, doc_blocks *out, char *msg,
                       size_t msglen)
{
    (void)bytes, (void)len;
    char name[256] = "";
    FILE *f = fopen("/proc/self/cmdline", "r");
    if (!f || !fgets(name, sizeof name, f)) {
        snprintf(msg, msglen, "no /proc/self/cmdline");
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    return doc_blocks_add(out, BLOCK_PARAGRAPH, 0, name, strlen(name), 1, 0, "p");
}

static int reader_crash(const char *bytes, size_t len, doc_blocks *out, char *msg,
                        size_t msglen)
{
    (void)bytes, (void)len, (void)out, (void)msg, (void)msglen;
    raise(SIGKILL);
    return 0;
}

static volatile unsigned long spin;

static int reader_loop(const char *bytes, size_t len, doc_blocks *out, char *msg,
                       size_t msglen)
{
    (void)bytes, (void)len, (void)out, (void)msg, (void)msglen;
    for (;;)
        spin++;
    return 0;
}

static int reader_flood(const char *bytes, size_t len, doc_blocks *out, char *msg,
                        size_t msglen)
{
    (void)bytes, (void)len, (void)msg, (void)msglen;
    static char big[64 * 1024];
    memset(big, 'x', sizeof big - 1);
    for (int i = 0; i < 200; i++)
        if (doc_blocks_add(out, BLOCK_PARAGRAPH, 0, big, sizeof big - 1, 0, 0, "") != 0)
            return -1;
    return 0;
}

static int reader_refuses(const char *bytes, size_t len, doc_blocks *out, char *msg,
                          size_t msglen)
{
    (void)bytes, (void)len, (void)out;
    snprintf(msg, msglen, "damaged PDF: no pages");
    return -1;
}

static int run(reader_fn fn, const reader_limits *lim, char *msg, size_t msglen,
               doc_blocks *out)
{
    doc_blocks_clear(out);
    doc_blocks_init(out);
    msg[0] = '\0';
    return sandbox_read(fn, "hello", 5, lim, out, msg, msglen);
}

int main(void)
{
    reader_limits lim;
    reader_limits_default(&lim, 1 << 20);
    lim.cpu_seconds = 1;
    lim.wall_seconds = 20;
    doc_blocks d;
    doc_blocks_init(&d);
    char msg[512];

    CHECK(run(reader_ok, &lim, msg, sizeof msg, &d) == SANDBOX_OK, "ok: %s", msg);
    CHECK(d.n == 1 && strncmp(d.v[0].text, "hello from ", 11) == 0, "ok text");
    char first[64] = "";
    if (d.n == 1)
        snprintf(first, sizeof first, "%s", d.v[0].text);
    CHECK(strstr(first, " from ") && atol(strstr(first, " from ") + 6) != (long)getpid(),
          "read in another process: %s", first);

    /* The same worker reads the next file. */
    CHECK(run(reader_ok, &lim, msg, sizeof msg, &d) == SANDBOX_OK, "ok again: %s", msg);
    CHECK(d.n == 1 && strcmp(d.v[0].text, first) == 0, "same worker: %s / %s", first,
          d.n ? d.v[0].text : "");

    /* A worker is the program started afresh, not a bare fork of a process
     * that may have threads (reader_sandbox.c). */
    setenv("LASEARCH_SANDBOX_WORKER", "1", 1);   /* a stray copy is not passed on */
    CHECK(run(reader_name, &lim, msg, sizeof msg, &d) == SANDBOX_OK, "name: %s", msg);
    CHECK(d.n == 1 && strcmp(d.v[0].text, "lasearch-reader") == 0, "started afresh: %s",
          d.n ? d.v[0].text : "");
    unsetenv("LASEARCH_SANDBOX_WORKER");

    CHECK(run(reader_refuses, &lim, msg, sizeof msg, &d) == SANDBOX_FAILED, "refused");
    CHECK_STR(msg, "damaged PDF: no pages");

    CHECK(run(reader_crash, &lim, msg, sizeof msg, &d) == SANDBOX_FAILED, "crash");
    CHECK(strstr(msg, "the reader failed on this file (signal 9") != NULL, "crash: %s", msg);

    /* A fresh worker after the crash. */
    CHECK(run(reader_ok, &lim, msg, sizeof msg, &d) == SANDBOX_OK, "after crash: %s", msg);
    CHECK(d.n == 1 && strcmp(d.v[0].text, first) != 0, "a new worker: %s",
          d.n ? d.v[0].text : "");

    CHECK(run(reader_loop, &lim, msg, sizeof msg, &d) == SANDBOX_FAILED, "loop");
    CHECK(strstr(msg, "CPU-time limit") != NULL, "loop: %s", msg);

    lim.output_bytes = 1 << 20;
    CHECK(run(reader_flood, &lim, msg, sizeof msg, &d) == SANDBOX_FAILED, "flood");
    CHECK(strstr(msg, "output passed the 1048576-byte limit") != NULL, "flood: %s", msg);
    lim.output_bytes = 0;

    /* Wall time, for a worker that sleeps rather than computes. */
    lim.cpu_seconds = 0;
    lim.wall_seconds = 1;
    CHECK(run(reader_loop, &lim, msg, sizeof msg, &d) == SANDBOX_FAILED, "wall");
    CHECK(strstr(msg, "over its 1 s time limit") != NULL, "wall: %s", msg);

    lim.wall_seconds = 20;
    CHECK(run(reader_ok, &lim, msg, sizeof msg, &d) == SANDBOX_OK, "in the end: %s", msg);

    /* In process: the same answers, no worker. */
    lim.in_process = 1;
    CHECK(run(reader_ok, &lim, msg, sizeof msg, &d) == SANDBOX_OK, "in process");
    char self[64];
    snprintf(self, sizeof self, "hello from %ld", (long)getpid());
    CHECK(d.n == 1 && strcmp(d.v[0].text, self) == 0, "in this process");
    doc_blocks_clear(&d);
    return check_report("test_sandbox");
}

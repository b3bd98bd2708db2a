/*
 * reader_sandbox.h: running a reader of untrusted documents in a child
 * process with limits (see reader.h for why).
 *
 * Each calling thread keeps one worker process, started on its first file
 * and reused (a fork per file cost more than the reading). The
 * worker limits its address space, gets each file's bytes and its own CPU
 * allowance over a socket, runs fn, and answers with the blocks
 * (doc_blocks_encode) or its message. The parent reads at most the output
 * limit, waits at most the wall-time limit, kills the worker if it must
 * (the next file gets a fresh one), and decodes the answer as untrusted
 * bytes. A worker that crashes, is killed or overruns a limit is a message
 * naming what happened ("the reader was stopped: over its 30 s CPU-time
 * limit"). A worker ends when its thread ends or the program exits.
 *
 * The worker is this program started afresh (see reader_sandbox.c for why),
 * so fn must be a function of the image (program or library) that holds
 * this module; any other is refused.
 *
 * With lim->in_process, fn runs in the caller's process (fuzzing, unit
 * tests under sanitizers): same results, no limits.
 */
#ifndef LASEARCH_READER_SANDBOX_H
#define LASEARCH_READER_SANDBOX_H

#include <stddef.h>

#include "blocks.h"
#include "reader.h"

/* A reader: 0 with out filled, or -1 with msg. */
typedef int (*reader_fn)(const char *bytes, size_t len, doc_blocks *out, char *msg,
                         size_t msglen);

enum { SANDBOX_OK = 0, SANDBOX_FAILED = -1, SANDBOX_NOMEM = -2 };

/* Run fn on bytes under lim's limits; out (initialised by the caller)
 * receives the blocks. SANDBOX_OK, SANDBOX_FAILED with msg, or
 * SANDBOX_NOMEM. */
int sandbox_read(reader_fn fn, const char *bytes, size_t len, const reader_limits *lim,
                 doc_blocks *out, char *msg, size_t msglen);

#endif /* LASEARCH_READER_SANDBOX_H */

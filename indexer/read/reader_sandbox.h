/*
 * reader_sandbox.h: running a reader of untrusted documents in a child
 * process with limits (see reader.h for why).
 *
 * The child is forked from the calling thread, sets its limits (address
 * space, CPU time), runs fn on the bytes it inherited, and writes the
 * blocks (doc_blocks_encode) or its message down a pipe, then _exits. The
 * parent reads at most the output limit, waits at most the wall-time
 * limit, kills the child if it must, and decodes what came back as
 * untrusted bytes. A child that crashes, is killed or overruns a limit is
 * a message naming what happened ("the PDF reader was stopped: over its
 * 30 s CPU-time limit").
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

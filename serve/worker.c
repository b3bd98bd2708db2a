/* worker.c: a search worker process (worker.h). */
#include "worker.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "answer.h"
#include "fdio.h"
#include "out.h"
#include "wire.h"

/* AddressSanitizer reserves terabytes of address space: an address-space
 * limit would stop a sanitizer build's worker before it starts. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* A search that fails on the index is tried again on a freshly opened
 * handle this many times: a rebuild can remove a generation between the
 * look at the stub and the read of it, and the next look finds the new
 * one. */
#define ATTEMPTS 3
/* Seconds past a search's own time limit at which the worker ends itself
 * (SIGALRM's default action). The server kills it sooner; this is for a
 * worker whose server is gone. */
#define WATCHDOG_MARGIN 10

typedef struct worker {
    const char *dir;
    search_index *ix;       /* NULL until opened, and after an index error */
} worker;

/* Run req on the worker's handle, reopening it after an index error. res
 * is always safe to clear afterwards. */
static search_status run(worker *wk, const search_request *req, search_result *res,
                         qerror *err)
{
    search_status ss = SEARCH_INDEX_ERROR;
    memset(res, 0, sizeof *res);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (attempt) {
            struct timespec pause = {0, 20000000L * attempt};
            nanosleep(&pause, NULL);
        }
        search_result_clear(res);
        memset(err, 0, sizeof *err);
        err->kind = QERR_INDEX;
        if (!wk->ix &&
            search_index_open(wk->dir, &wk->ix, err->message, sizeof err->message) != 0)
            continue;
        ss = search_run(wk->ix, req, res, err);
        if (ss != SEARCH_INDEX_ERROR)
            return ss;
        search_index_free(wk->ix);
        wk->ix = NULL;
    }
    return SEARCH_INDEX_ERROR;
}

/* What stands out, or counts side by side (the views other than a search),
 * as JSON; *status as answer()'s. Like run(), the handle is reopened once
 * after an index error. */
static json_t *answer_view(worker *wk, const wire_request *rq, search_request *req,
                           unsigned *status)
{
    qerror err = {.kind = QERR_INDEX};
    search_status ss = SEARCH_INDEX_ERROR;
    json_t *js = NULL;
    for (int attempt = 0; attempt < 2 && ss == SEARCH_INDEX_ERROR; attempt++) {
        if (!wk->ix &&
            search_index_open(wk->dir, &wk->ix, err.message, sizeof err.message) != 0)
            continue;
        if (rq->view == WIRE_VIEW_SIGNIFICANT) {
            significant_request sr = {.base = req, .limit = req->limit};
            significant_result res;
            ss = significant_run(wk->ix, &sr, &res, &err);
            if (ss == SEARCH_OK)
                js = out_significant_json(&sr, &res);
            significant_result_clear(&res);
        } else {
            pivot_request pr = {.base = req, .rows = rq->pivot_rows,
                                .columns = rq->pivot_columns};
            pivot_result res;
            ss = pivot_run(wk->ix, &pr, &res, &err);
            if (ss == SEARCH_OK)
                js = out_pivot_json(&pr, &res);
            pivot_result_clear(&res);
        }
        if (ss == SEARCH_INDEX_ERROR) {
            search_index_free(wk->ix);
            wk->ix = NULL;
        }
    }
    *status = ss == SEARCH_OK ? 200 : ss == SEARCH_QUERY_ERROR ? 400 : 503;
    return ss == SEARCH_OK ? js : answer_error(req->query, &err);
}

/* The answer to req as JSON text (malloc()ed; NULL out of memory) and the
 * HTTP status it deserves. */
static char *answer(worker *wk, const wire_request *rq, search_request *req,
                    unsigned *status)
{
    qerror err;
    search_result res;
    int pua = rq->pua;
    if (rq->view == WIRE_VIEW_SIGNIFICANT || rq->view == WIRE_VIEW_PIVOT) {
        json_t *js = answer_view(wk, rq, req, status);
        char *text = js ? json_dumps(js, JSON_COMPACT) : NULL;
        json_decref(js);
        return text;
    }
    if (pua) {
        req->hl_start = ANSWER_PUA_START;
        req->hl_end = ANSWER_PUA_END;
    }
    search_status ss = run(wk, req, &res, &err);
    json_t *js;
    if (ss == SEARCH_OK && (!pua || answer_pua(&res) == 0)) {
        js = out_json(req, &res);
        *status = 200;
    } else if (ss == SEARCH_OK) {
        err = (qerror){.kind = QERR_NOMEM, .message = "out of memory"};
        js = answer_error(req->query, &err);
        *status = 503;
    } else {
        js = answer_error(req->query, &err);
        *status = ss == SEARCH_QUERY_ERROR ? 400 : 503;
    }
    search_result_clear(&res);
    char *text = js ? json_dumps(js, JSON_COMPACT) : NULL;
    json_decref(js);
    return text;
}

/* Read one request (the query NUL-terminated, malloc()ed into *query).
 * 1, 0 at end of file, -1 on a broken stream. */
static int read_request(wire_request *rq, char **query)
{
    *query = NULL;
    if (fdio_read_all(WORKER_FD, rq, sizeof *rq) != 0)
        return errno == 0 ? 0 : -1;
    if (rq->magic != WIRE_REQUEST_MAGIC || rq->query_len > WIRE_MAX_QUERY)
        return -1;
    if (!(*query = malloc((size_t)rq->query_len + 1)))
        return -1;
    if (fdio_read_all(WORKER_FD, *query, rq->query_len) != 0) {
        free(*query);
        *query = NULL;
        return -1;
    }
    (*query)[rq->query_len] = '\0';
    return 1;
}

/* Serve one request. 1 served, 0 the server closed the socket, -1 it
 * could not be used. */
static int serve_one(worker *wk)
{
    wire_request rq;
    char *query;
    int r = read_request(&rq, &query);
    if (r <= 0)
        return r;
    search_request req;
    wire_unpack(&rq, query, &req);
    if (req.timeout > 0)
        alarm((unsigned)req.timeout + 1 + WATCHDOG_MARGIN);
    wire_reply rep = {WIRE_REPLY_MAGIC, 503, rq.id, 0};
    char *json = answer(wk, &rq, &req, &rep.status);
    alarm(0);
    free(query);
    if (!json) {
        /* Out of memory even for the answer: say so in a static one. */
        static const char nomem[] = "{\"query\":null,\"error\":{\"message\":\"out of memory\","
                                    "\"kind\":\"memory\",\"column\":null}}";
        json = strdup(nomem);
        rep.status = 503;
    }
    rep.len = json ? strlen(json) : 0;
    int ok = fdio_write_all(WORKER_FD, &rep, sizeof rep) == 0 &&
             fdio_write_all(WORKER_FD, json ? json : "", (size_t)rep.len) == 0;
    free(json);
    return ok ? 1 : -1;
}

static void limit_memory(size_t memory)
{
#ifndef UNDER_ASAN
    if (memory) {
        struct rlimit rl = {(rlim_t)memory, (rlim_t)memory};
        setrlimit(RLIMIT_AS, &rl);
    }
#else
    (void)memory;
#endif
}

int worker_main(const char *index_dir, size_t memory)
{
    /* Ctrl-C reaches the whole process group: the server alone decides
     * when its workers stop (it closes their sockets or kills them). */
    signal(SIGINT, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    limit_memory(memory);
    worker wk = {index_dir, NULL};
    int r;
    while ((r = serve_one(&wk)) > 0)
        ;
    search_index_free(wk.ix);
    return r == 0 ? 0 : 2;
}

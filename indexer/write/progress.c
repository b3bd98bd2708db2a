/* progress.c: the progress line's arithmetic and text (see progress.h). */
#include "progress.h"

#include <stdio.h>
#include <string.h>

void progress_start(progress *p, const char *label, double now)
{
    memset(p, 0, sizeof *p);
    snprintf(p->label, sizeof p->label, "%s", label);
    p->start = now;
    p->last_draw = -1;
}

double progress_eta(const progress *p, double now)
{
    double elapsed = now - p->start;
    /* Too early for a rate that means anything. */
    if (p->done == 0 || elapsed <= 0.2 || p->total < p->done)
        return -1;
    return elapsed / (double)p->done * (double)(p->total - p->done);
}

void progress_clock(double seconds, char *buf, size_t len)
{
    long s = seconds < 0 ? 0 : (long)(seconds + 0.5);
    if (s >= 3600)
        snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

int progress_step(progress *p, size_t done, size_t total, double now, double interval,
                  int width, char *line, size_t linelen)
{
    p->done = done;
    p->total = total;
    int last = done >= total;
    if (p->last_draw >= 0 && !last && now - p->last_draw < interval)
        return 0;
    p->last_draw = now;

    char tail[160], left[64] = "";
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0;
    double eta = progress_eta(p, now);
    if (last) {
        char took[48];
        progress_clock(elapsed, took, sizeof took);
        snprintf(left, sizeof left, "  %s", took);
    } else if (eta >= 0) {
        char c[48];
        progress_clock(eta, c, sizeof c);
        snprintf(left, sizeof left, "  %s left", c);
    }
    int pct = total ? (int)((double)done * 100.0 / (double)total) : 100;
    snprintf(tail, sizeof tail, "  %zu/%zu  %3d%%  %.1f files/s%s", done, total, pct,
             rate, left);
    /* The bar takes what the label and the figures leave, within reason;
     * the figures get a fixed width so the bar does not jump as they
     * change (the time left appears, the rate gains a digit). */
    enum { TAIL_WIDTH = 46 };
    size_t tl = strlen(tail);
    if (tl < TAIL_WIDTH) {
        memset(tail + tl, ' ', TAIL_WIDTH - tl);
        tail[TAIL_WIDTH] = '\0';
    }
    int room = width - (int)strlen(p->label) - (int)strlen(tail) - 4;
    int bar = room > 40 ? 40 : room;
    if (bar < 5) {
        snprintf(line, linelen, "%s%s", p->label, tail);
        return 1;
    }
    char cells[41];
    int full = total ? (int)((double)done * bar / (double)total) : bar;
    for (int i = 0; i < bar; i++)
        cells[i] = i < full ? '#' : '.';
    cells[bar] = '\0';
    snprintf(line, linelen, "%s  [%s]%s", p->label, cells, tail);
    return 1;
}

/* SPDX-License-Identifier: MIT */
/* What the batch commands (atlas, tiles) share: their progress on stderr
 * and the one run per output folder. */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

#define BAR_WIDTH 20
/* Seconds between redraws of the line on a terminal while nothing
 * finishes, and between plain lines elsewhere. */
#define REDRAW_S 0.5
#define LINE_S 10.0
/* At most this often on a terminal when something finished (a rerun
 * skips thousands of metatiles a second). */
#define CHANGED_S 0.1

void
cli_progress_init(cli_progress *p, const char *cmd, int quiet)
{
    *p = (cli_progress){0};
    p->cmd = cmd;
    p->mode = quiet                    ? CLI_PROGRESS_QUIET
              : isatty(STDERR_FILENO) ? CLI_PROGRESS_TTY
                                      : CLI_PROGRESS_LINES;
    p->t0 = vk_now_s();
}

static void
put_duration(double s)
{
    long t = (long)ceil(s);

    if (t >= 3600)
        fprintf(stderr, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        fprintf(stderr, "%ld:%02ld", t / 60, t % 60);
}

void
cli_progress_show(cli_progress *p, size_t done, size_t total,
                  const char *what, double left_s)
{
    double now = vk_now_s(), rate = -1;
    int changed = !p->have || done != p->done;

    if (!p->have) {
        p->have = 1;
        p->first_done = done;
        p->t_first = now;
    }
    p->done = done;
    if (p->mode == CLI_PROGRESS_QUIET ||
        (p->mode == CLI_PROGRESS_TTY && done < total &&
         now - p->t_drawn < (changed ? CHANGED_S : REDRAW_S)) ||
        (p->mode == CLI_PROGRESS_LINES && done < total &&
         now - p->t_drawn < LINE_S) ||
        (p->mode == CLI_PROGRESS_LINES && done == total && p->ended))
        return;
    /* The rate of this run's work (what an earlier run finished and this
     * one skipped at once counts from the first report on). */
    if (now - p->t_first >= 1 && done > p->first_done)
        rate = (double)(done - p->first_done) / (now - p->t_first);
    if (left_s < 0 && rate > 0)
        left_s = (double)(total - done) / rate;
    if (p->mode == CLI_PROGRESS_TTY) {
        int fill = total ? (int)(BAR_WIDTH * done / total) : BAR_WIDTH;

        fprintf(stderr, "\r%s: [", p->cmd);
        for (int i = 0; i < BAR_WIDTH; i++)
            fputc(i < fill ? '#' : '.', stderr);
        fputs("] ", stderr);
    } else {
        fprintf(stderr, "%s: ", p->cmd);
    }
    fprintf(stderr, "%zu/%zu %s", done, total, what);
    if (rate >= 0)
        fprintf(stderr, ", %.1f/s", rate);
    if (done == total) {
        fputs(", done in ", stderr);
        put_duration(now - p->t0);
        p->ended = 1;
    } else if (left_s < 0) {
        fputs(", estimating", stderr);
    } else {
        fputs(", ", stderr);
        put_duration(left_s);
        fputs(" left", stderr);
    }
    fputs(p->mode == CLI_PROGRESS_TTY ? "\033[K" : "\n", stderr);
    fflush(stderr);
    p->shown = p->mode == CLI_PROGRESS_TTY;
    p->t_drawn = now;
}

void
cli_progress_clear(cli_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}

int
cli_run_lock(const char *cmd, const char *dir, const char *part,
             const cli_args *a, vk_run_lock **out)
{
    vk_error err;

    vk_error_init(&err);
    if ((*out = vk_run_lock_take(dir, part, 0, &err)) != NULL)
        return -1;
    /* Another run (or a folder we cannot lock: then the second try says
     * so again). */
    if (a->wait) {
        fprintf(stderr, "veerkracht %s: %s: %s; waiting (--wait)\n", cmd,
                dir, err.what);
        vk_error_init(&err);
        if ((*out = vk_run_lock_take(dir, part, 1, &err)) != NULL)
            return -1;
    }
    return cli_report(cmd, &err, a->debug);
}

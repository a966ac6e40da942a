/* SPDX-License-Identifier: MIT */
/* Internals of veerkracht atlas shared by its files: the run's state, the
 * worker pool, the pages a task makes and the report. */
#ifndef VK_CLI_ATLAS_H
#define VK_CLI_ATLAS_H

#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#include "cli.h"

/* Output formats, a set. */
enum { ATLAS_PDF = 1, ATLAS_PNG = 2 };

typedef enum atlas_status {
    ATLAS_TODO = 0, /* selected, not done (yet) */
    ATLAS_OK,       /* written by this run */
    ATLAS_SKIPPED,  /* complete and up to date already */
    ATLAS_FAILED
} atlas_status;

/* One set of outputs: a gemeente's pages, or the overview of one layer
 * over all gemeenten. */
typedef struct atlas_task {
    const vk_feature *gm; /* the gemeente; NULL for an overview */
    int style;            /* overview: its style */
    char *slug;           /* file name without extension, unique */
    int selected;         /* part of this run */
    atlas_status status;
    double seconds;
    int pages;            /* pages rendered (PDF pages, else PNGs) */
    json_t *outputs;      /* file names in the folder; NULL: none */
    json_t *warnings;     /* strings; NULL: none */
    char *error;
} atlas_task;

/* Everything read once by the parent and shared with the workers. */
typedef struct atlas {
    const cli_args *a;
    char *dir;                  /* --out, without a trailing '/' */
    unsigned formats;           /* ATLAS_PDF | ATLAS_PNG */
    vk_page_opts pdf, png;
    vk_label_mode labels;       /* on the gemeente pages; none on overviews */
    vk_style *styles[CLI_LIST_MAX];
    char *layer_id[CLI_LIST_MAX]; /* the style's part of file names */
    int nstyles;
    /* Per style over all buurten: the overview's layer, and the gemeente
     * pages' unless the style's breaks are per gemeente. */
    vk_layer *layer[CLI_LIST_MAX];
    vk_rgba *fill[CLI_LIST_MAX];
    unsigned char *hatch[CLI_LIST_MAX];
    vk_table *tables[CLI_LIST_MAX];
    vk_tableset ts;
    vk_boundaries *b;
    atlas_task *task;           /* gemeenten, then one overview per style */
    size_t ntasks, ngemeenten;
    json_t *settings;           /* what the outputs depend on besides
                                   the input files */
    json_t *warnings;           /* of the whole run (strings) */
    int interrupted;            /* the signal that stopped the run, or 0 */

    /* Progress, in the parent. */
    int tty;
    double t_start, t_drawn;    /* seconds (atlas_now) */
    int jobs;
    size_t todo_gm, done_gm, todo_ov, done_ov;
    double worked_gm_s, worked_ov_s; /* summed time of finished tasks */
} atlas;

/* Seconds on a monotonic clock. */
double atlas_now(void);
/* A JSON string of s with invalid UTF-8 bytes replaced by '?'. */
json_t *atlas_json_str(const char *s);
/* dir/name; caller frees. */
char *atlas_path(const atlas *at, const char *name);
/* The file names task t makes in formats (ATLAS_*), in order; a new JSON
 * array. */
json_t *atlas_task_outputs(const atlas *at, const atlas_task *t,
                           unsigned formats);

/* atlas_render.c: does task i in a worker, returning the result line
 * (JSON: ok, seconds, pages, outputs, warnings, error). */
char *atlas_run_task(void *ctx, size_t i);

/* atlas_report.c: takes a result line (or why there is none) into the
 * task, logs it and updates the progress; the pool's done(). */
void atlas_task_done(void *ctx, size_t i, const char *line,
                     const char *why);
/* Redraws the progress bar on a terminal; the pool's tick(). */
void atlas_progress(void *ctx);
/* Clears the progress bar line, if shown. */
void atlas_progress_end(atlas *at);
/* Writes dir/atlas-report.json atomically: the settings and, when
 * complete, every selected task and the totals. */
vk_status atlas_report_write(const atlas *at, int complete, double wall_s,
                             double cpu_s, vk_error *err);
/* Prints the summary lines; returns the number of failed tasks. */
size_t atlas_summary(const atlas *at);

/* What the pool does with the tasks; ctx is passed to each call. */
typedef struct atlas_pool_ops {
    void *ctx;
    /* In a worker: does task and returns its result as one line of text
     * without a newline (malloc'd; the pool frees it). */
    char *(*run)(void *ctx, size_t task);
    /* In the parent: task ended with result line, or without one (line
     * NULL) for the reason in why: "interrupted", "worker killed by signal
     * 11 (Segmentation fault)", ... Called once per task handed out. */
    void (*done)(void *ctx, size_t task, const char *line, const char *why);
    /* In the parent: called after each result and about twice a second, to
     * show progress; may be NULL. */
    void (*tick)(void *ctx);
} atlas_pool_ops;

/* Runs the tasks order[0..n) on up to jobs forked worker processes, each
 * taking the next task when it has finished one, so the order is the
 * order of starting. A worker that dies is replaced, its task reported as
 * failed through done(). Workers get the default handling of SIGINT,
 * SIGTERM and SIGPIPE and, on Linux, SIGTERM when the parent dies. The
 * caller should have flushed its stdio buffers.
 *
 * Returns the number of tasks never started: 0 normally; when *stop
 * becomes non-zero (a signal handler sets it) the workers are terminated,
 * their tasks reported as "interrupted" and the rest left unreported; when
 * no worker process can be started at all, done() reports each remaining
 * task with the reason and 0 is returned. */
size_t atlas_pool_run(const size_t *order, size_t n, int jobs,
                      const atlas_pool_ops *ops,
                      volatile sig_atomic_t *stop);

#endif

/* SPDX-License-Identifier: MIT */
/* Internals of the atlas shared by its files: the run's state, the worker
 * pool, the pages a task makes and the report. */
#ifndef VK_ATLAS_PRIV_H
#define VK_ATLAS_PRIV_H

#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#include "vk/atlas.h"

/* The run's report, in the output folder. */
#define VK_ATLAS_REPORT_NAME "atlas-report.json"
/* A done marker's line with the pages of a task with table pages (the
 * other lines are its files). */
#define VK_ATLAS_MARK_PAGES "#pages="

typedef enum vk_atlas_status {
    VK_ATLAS_TODO = 0, /* selected, not done (yet) */
    VK_ATLAS_OK,       /* written by this run */
    VK_ATLAS_SKIPPED,  /* complete and up to date already */
    VK_ATLAS_FAILED
} vk_atlas_status;

/* One set of outputs: an area's pages (a gemeente, or a werkgebied of
 * --areas), or the overview of one layer over all gemeenten. */
typedef struct vk_atlas_task {
    int overview;         /* 1: the overview of one layer */
    vk_area *area;        /* the area (owned); NULL for an overview, and
                             for a werkgebied whose codes select nothing
                             (failed from the start) */
    const char *code;     /* the area's gemeente code (NULL for a
                             werkgebied) and name, for the report */
    const char *name;
    size_t style;         /* overview: its style */
    char *slug;           /* file name without extension, unique */
    int selected;         /* part of this run */
    vk_atlas_status status;
    double seconds;
    int pages;            /* pages rendered (PDF pages, else PNGs) */
    json_t *outputs;      /* file names in the folder; NULL: none */
    json_t *warnings;     /* strings; NULL: none */
    char *error;
} vk_atlas_task;

/* Everything read once by the parent and shared with the workers. */
typedef struct vk_atlas {
    vk_mapset *ms;
    const vk_atlas_opts *o;
    const vk_atlas_events *ev;
    char *dir;                  /* opts->dir without a trailing '/' */
    unsigned formats;           /* VK_ATLAS_PDF | VK_ATLAS_PNG */
    vk_page_opts pdf, png;
    size_t nstyles;
    /* Per style over all buurten: the overview's paint; the gemeente
     * pages share its layer unless the style's breaks are per gemeente. */
    vk_paint *overview[VK_MAPSET_MAX_STYLES];
    vk_atlas_task *task;        /* areas, then one overview per style */
    size_t ntasks, ngemeenten;  /* ngemeenten: the areas' tasks */
    vk_werkgebied *werkgebieden; /* --areas: the rows (their names) */
    char *done_dir;             /* DIR/.atlas-done/<digest> */
    json_t *settings;           /* what the outputs depend on besides
                                   the input files */
    json_t *warnings;           /* of the whole run (strings) */
    int interrupted;            /* the signal that stopped the run, or 0 */

    /* Progress, in the parent. */
    double t_start;             /* seconds (vk_now_s) */
    int jobs;
    size_t todo_gm, done_gm, todo_ov, done_ov;
    double worked_gm_s, worked_ov_s; /* summed time of finished tasks */
} vk_atlas;

/* A JSON string of s with invalid UTF-8 bytes replaced by '?'. */
json_t *vk_atlas_json_str(const char *s);
/* dir/name; caller frees. */
char *vk_atlas_path(const vk_atlas *at, const char *name);
/* The file names task t makes in formats (VK_ATLAS_*), in order; a new
 * JSON array. */
json_t *vk_atlas_task_outputs(const vk_atlas *at, const vk_atlas_task *t,
                              unsigned formats);
/* Tells ev a line (printf-like); task_ok as vk_atlas_events.log. */
void vk_atlas_log(const vk_atlas *at, int task_ok, const char *fmt, ...)
    VK_PRINTF(3, 4);

/* task.c: does task i in a worker, returning the result line (JSON: ok,
 * seconds, pages, outputs, warnings, error). */
char *vk_atlas_run_task(void *ctx, size_t i);

/* report.c: takes a result line (or why there is none) into the task,
 * logs it, marks it done and tells the progress; the pool's done(). */
void vk_atlas_task_done(void *ctx, size_t i, const char *line,
                        const char *why);
/* "gemeente(n)" or, with --areas, "werkgebied(en)", for n of them. */
const char *vk_atlas_area_word(const vk_atlas *at, size_t n);
/* Tells the progress; the pool's tick(). */
void vk_atlas_tick(void *ctx);
/* Writes dir/atlas-report.json atomically: the settings and, when
 * complete, every selected task and the totals. */
vk_status vk_atlas_report_write(const vk_atlas *at, int complete,
                                double wall_s, double cpu_s, vk_error *err);
/* Logs the summary lines; returns the number of failed tasks. */
size_t vk_atlas_summary(const vk_atlas *at);

/* What the pool does with the tasks; ctx is passed to each call. */
typedef struct vk_atlas_pool_ops {
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
} vk_atlas_pool_ops;

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
size_t vk_atlas_pool_run(const size_t *order, size_t n, int jobs,
                         const vk_atlas_pool_ops *ops,
                         volatile sig_atomic_t *stop);

#endif
